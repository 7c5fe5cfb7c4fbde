//! A booking's status in words, with a sign, so it never relies on colour.

use leptos::prelude::*;
use linli_model::BookingStatus;

use crate::i18n::{Strings, use_i18n};

pub fn status_name(t: &'static Strings, status: BookingStatus) -> &'static str {
    match status {
        BookingStatus::Confirmed => t.status_confirmed,
        BookingStatus::Cancelled => t.status_cancelled,
        BookingStatus::CheckedIn => t.status_checked_in,
        BookingStatus::NoShow => t.status_no_show,
    }
}

#[component]
pub fn StatusBadge(#[prop(into)] status: Signal<BookingStatus>) -> impl IntoView {
    let i18n = use_i18n();
    let sign = move || match status.get() {
        BookingStatus::Confirmed => "✓",
        BookingStatus::Cancelled => "✕",
        BookingStatus::CheckedIn => "✓✓",
        BookingStatus::NoShow => "–",
    };
    view! {
        <span class=move || format!("status status-{}", status.get().as_str())>
            <span class="icon" aria-hidden="true">{sign}" "</span>
            {move || status_name(i18n.t(), status.get())}
        </span>
    }
}
