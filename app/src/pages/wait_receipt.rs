//! After joining a waiting list: the position, large, and the code to look
//! it up with. The booking's receipt (`receipt.rs`) hands over its way home
//! (on a kiosk with its countdown and full reset).

use leptos::prelude::*;
use linli_model::WaitlistEntry;

use crate::components::PageTitle;
use crate::i18n::{date_label, use_i18n};

pub fn wait_receipt(
    entry: WaitlistEntry,
    done: impl Fn(leptos::ev::MouseEvent) + 'static,
    countdown: Option<impl IntoView + 'static>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang;
    let position = entry.position.unwrap_or(1);
    let slot = entry.slot;
    let when = move || {
        format!(
            "{} {}–{}",
            date_label(lang.get(), slot.date),
            slot.start,
            slot.end
        )
    };
    view! {
        <div class="receipt">
            <PageTitle text=Signal::derive(move || i18n.t().wait_title.to_owned()) />
            <p class="wait-position">{move || (i18n.t().wait_position)(position)}</p>
            <p class="code-label" id="code-label">{move || i18n.t().code_label}</p>
            <p class="code" aria-labelledby="code-label">{entry.code.to_string()}</p>
            <p class="receipt-when">{when}</p>
            <p class="receipt-who">{format!("{} · {}", entry.name, entry.phone)}</p>
            <p class="hint">{move || i18n.t().wait_how}</p>
            {countdown}
            <div class="receipt-actions">
                <button type="button" class="button primary" on:click=done>{move || i18n.t().done}</button>
            </div>
        </div>
    }
}
