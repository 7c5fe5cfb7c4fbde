//! The bar on every screen: the app's name, home, the language switch, and
//! the display and reading aids (大字, 高对比, 朗读), one tap away. Home is
//! the residents' home screen, on the staff page too.

use leptos::prelude::*;
use leptos_router::components::A;
use linli_model::Lang;

use super::{DisplayToggles, ReadAloud};
use crate::i18n::use_i18n;

#[component]
pub fn TopBar() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let switch = move |_| {
        i18n.lang.update(|l| {
            *l = match *l {
                Lang::Zh => Lang::En,
                Lang::En => Lang::Zh,
            }
        })
    };
    let (home, rel) = crate::frame::home_link();
    view! {
        <header class="top-bar">
            <A href=home.clone() attr:class="brand" attr:rel=rel>
                <span class="brand-name">{move || t().app_name}</span>
                <span class="brand-tagline">{move || t().app_tagline}</span>
            </A>
            <nav class="top-actions" aria-label=move || t().app_name>
                <A href=home attr:class="button secondary" attr:rel=rel>{move || t().home}</A>
                <button
                    type="button"
                    class="button secondary"
                    lang=move || match i18n.lang.get() { Lang::Zh => "en", Lang::En => "zh-CN" }
                    aria-label=move || t().change_language
                    on:click=switch
                >
                    {move || t().other_language}
                </button>
            </nav>
            <div class="display-tools" role="group" aria-label=move || t().display_tools>
                <DisplayToggles />
                <ReadAloud />
            </div>
        </header>
    }
}
