use leptos::prelude::*;

use crate::i18n::use_i18n;

#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="loading" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            {move || i18n.t().loading}
        </p>
    }
}
