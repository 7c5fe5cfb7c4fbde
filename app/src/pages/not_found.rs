use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::PageTitle;
use crate::i18n::use_i18n;

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle text=Signal::derive(move || i18n.t().not_found.to_owned()) />
        <A href=crate::platform::href("/") attr:class="button primary">{move || i18n.t().home}</A>
    }
}
