//! The short privacy notice before the first personal field, with the full
//! text one tap away (PIPL: who, why, what, how long, how to cancel).

use leptos::prelude::*;

use crate::i18n::use_i18n;

#[component]
pub fn PrivacyNotice() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="notice" aria-label=move || i18n.t().notice_more>
            <p>{move || i18n.t().notice_summary}</p>
            <details>
                <summary>{move || i18n.t().notice_more}</summary>
                <ul>{move || i18n.t().notice_full.iter().map(|line| view! { <li>{*line}</li> }).collect_view()}</ul>
            </details>
        </section>
    }
}
