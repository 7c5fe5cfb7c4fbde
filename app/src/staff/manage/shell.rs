//! Around every console page: who is signed in, signing out, and the
//! session restored from the cookie after a reload.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::Outlet;
use leptos_router::hooks::use_navigate;

use super::api::ManageApi;
use super::text::manage_text;
use super::{Manager, mt};
use crate::config::AppConfig;
use crate::i18n::use_i18n;

#[component]
pub fn ManageShell() -> impl IntoView {
    let config = expect_context::<AppConfig>();
    let manager = Manager {
        api: StoredValue::new(ManageApi::new(&config.api_base)),
        session: RwSignal::new(None),
        checked: RwSignal::new(false),
        lang: use_i18n().lang,
    };
    provide_context(manager);
    spawn_local(async move {
        let api = manager.api.get_value();
        if let Ok(me) = api.me().await {
            manager.session.set(Some(me));
        }
        manager.checked.set(true);
    });
    let lang = use_i18n().lang;
    let navigate = use_navigate();
    let sign_out = move |_| {
        let csrf = manager.csrf();
        let navigate = navigate.clone();
        spawn_local(async move {
            manager.api.get_value().sign_out(&csrf).await;
            manager.session.set(None);
            navigate("/manage", Default::default());
        });
    };
    let who = move || {
        manager.session.with(|s| {
            s.as_ref().map(|s| {
                let a = &s.account;
                let t = manage_text(lang.get());
                let scope = a
                    .street_id
                    .as_ref()
                    .map(|s| format!(" · {s}"))
                    .or_else(|| a.center_id.as_ref().map(|c| format!(" · {c}")))
                    .unwrap_or_default();
                format!(
                    "{}{} ({}{scope})",
                    t.signed_in_as,
                    a.user_name,
                    t.role(a.role)
                )
            })
        })
    };
    view! {
        <div class="manage">
            <header class="manage-bar">
                <p class="manage-title">{mt(|t| t.title)}</p>
                {move || who().map(|w| view! {
                    <p class="manage-who">{w}</p>
                    <button type="button" class="button secondary" on:click=sign_out.clone()>
                        {mt(|t| t.sign_out)}
                    </button>
                })}
            </header>
            <Outlet />
        </div>
    }
}
