//! The receipt: the booking code, large, and the way home.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_navigate;

use crate::components::PageTitle;
use crate::draft::use_draft;
use crate::i18n::{date_label, use_i18n};

#[component]
pub fn Receipt() -> impl IntoView {
    let i18n = use_i18n();
    let draft = use_draft();
    let Some(receipt) = draft.receipt.get_untracked() else {
        return view! { <Redirect path="/" /> }.into_any();
    };
    let lang = i18n.lang;
    let navigate = use_navigate();
    let done = move |_| {
        draft.clear();
        navigate(
            "/",
            NavigateOptions {
                replace: true,
                ..Default::default()
            },
        );
    };
    let booking = receipt.booking;
    let (service, center, address) = (receipt.service, receipt.center, receipt.address);
    let slot = booking.slot.clone();
    let when = move || {
        format!(
            "{} {}–{}",
            date_label(lang.get(), slot.date),
            slot.start,
            slot.end
        )
    };
    let code = booking.code.to_string();
    view! {
        <div class="receipt">
            <PageTitle text=Signal::derive(move || i18n.t().receipt_title.to_owned()) />
            <p class="code-label" id="code-label">{move || i18n.t().code_label}</p>
            <p class="code" aria-labelledby="code-label">{code}</p>
            <p class="receipt-what">{move || service.get(lang.get()).to_owned()}</p>
            <p class="receipt-when">{when}</p>
            <p class="receipt-where">
                {move || format!("{} · {}", center.get(lang.get()), address.get(lang.get()))}
            </p>
            <p class="receipt-who">{format!("{} · {}", booking.name, booking.phone)}</p>
            <p class="hint">{move || i18n.t().receipt_hint}</p>
            <button type="button" class="button primary" on:click=done>{move || i18n.t().done}</button>
        </div>
    }
    .into_any()
}
