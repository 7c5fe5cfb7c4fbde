//! `/manage`: a staff member signs in with user name and password (the
//! session cookie is HttpOnly; the console keeps only the CSRF token).

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_navigate;

use super::{CENTERS_PATH, Outcome, mt, use_manager};
use crate::components::PageTitle;
use crate::i18n::use_i18n;

#[component]
pub fn ManageSignIn() -> impl IntoView {
    let manager = use_manager();
    let lang = use_i18n().lang;
    let user = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let message = RwSignal::new(None::<(bool, String)>);
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let navigate = navigate.clone();
        pending.set(true);
        message.set(None);
        spawn_local(async move {
            let answer = manager
                .api
                .get_value()
                .sign_in(user.get_untracked().trim(), &password.get_untracked())
                .await;
            pending.set(false);
            password.set(String::new());
            match answer {
                Ok(session) => {
                    manager.session.set(Some(session));
                    navigate(CENTERS_PATH, Default::default());
                }
                Err(e) => message.set(Some((false, manager.say(&e)))),
            }
        });
    };
    let title = Signal::derive(move || {
        super::text::manage_text(lang.get())
            .sign_in_title
            .to_owned()
    });
    move || {
        if manager.session.with(Option::is_some) {
            return view! { <Redirect path=CENTERS_PATH /> }.into_any();
        }
        view! {
            <section class="manage-page manage-sign-in">
                <PageTitle text=title />
                <form class="details" novalidate on:submit=submit.clone()>
                    <div class="field">
                        <label for="mg-user">{mt(|t| t.user_name)}</label>
                        <input id="mg-user" type="text" autocomplete="username" autocapitalize="none"
                            spellcheck="false" maxlength=32 bind:value=user />
                    </div>
                    <div class="field">
                        <label for="mg-password">{mt(|t| t.password)}</label>
                        <input id="mg-password" type="password" autocomplete="current-password"
                            maxlength=128 bind:value=password />
                    </div>
                    <Outcome message />
                    <button type="submit" class="button primary" disabled=move || pending.get()>
                        {move || if pending.get() { mt(|t| t.signing_in)() } else { mt(|t| t.sign_in)() }}
                    </button>
                </form>
            </section>
        }
        .into_any()
    }
}
