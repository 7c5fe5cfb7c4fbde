//! After joining a waiting list: the position, large, and the code to look
//! it up with. Like the booking's receipt, "完成" forgets everything (on a
//! kiosk with its full reset).

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use linli_model::WaitlistEntry;

use crate::components::PageTitle;
use crate::config::{AppConfig, Mode};
use crate::draft::use_draft;
use crate::i18n::{date_label, use_i18n};
use crate::kiosk;

#[component]
pub fn WaitReceipt(entry: WaitlistEntry) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang;
    let draft = use_draft();
    let backend = expect_context::<crate::backend::Backend>();
    let config = expect_context::<AppConfig>();
    let on_phone = config.mode == Mode::Web;
    let navigate = use_navigate();
    let query = config.launch_query;
    let done = move |_| {
        if on_phone {
            draft.clear();
            let replace = NavigateOptions {
                replace: true,
                ..Default::default()
            };
            navigate("/", replace);
        } else {
            kiosk::reset(draft, &query, &backend);
        }
    };
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
            <div class="receipt-actions">
                <button type="button" class="button primary" on:click=done>{move || i18n.t().done}</button>
            </div>
        </div>
    }
}
