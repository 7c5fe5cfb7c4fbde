//! An address neither page knows, with the way back to the residents' home.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::PageTitle;
use crate::i18n::use_i18n;

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    let (href, rel) = crate::frame::home_link();
    view! {
        <PageTitle text=Signal::derive(move || i18n.t().not_found.to_owned()) />
        <A href=href attr:class="button primary" attr:rel=rel>{move || i18n.t().home}</A>
    }
}
