//! The management console under `/manage`: staff accounts sign in, see the
//! centres in their scope and edit them (capacities, dated menus, closed
//! days). Every rule is the server's; the console says its answers in the
//! member's language.

mod api;
mod center;
mod centers;
mod closures;
mod details;
mod menus;
mod offerings;
mod pins;
mod shell;
mod sign_in;
mod text;

use leptos::prelude::*;
use linli_model::manage::StaffSession;

pub use center::CenterPage;
pub use centers::CenterList;
pub use shell::ManageShell;
pub use sign_in::ManageSignIn;

use api::{ManageApi, ManageError};
use text::{ManageText, manage_text, refusal};

use crate::i18n::use_i18n;

pub const CENTERS_PATH: &str = "/manage/centers";

/// The signed-in member, shared by the console's pages.
#[derive(Clone, Copy)]
pub struct Manager {
    pub api: StoredValue<ManageApi>,
    pub session: RwSignal<Option<StaffSession>>,
    /// Whether the server has been asked who is signed in (a reload keeps
    /// the cookie: pages wait for the answer before sending to sign-in).
    pub checked: RwSignal<bool>,
    /// The page's language, held here for answers that arrive later,
    /// outside the component that asked.
    pub lang: RwSignal<linli_model::Lang>,
}

impl Manager {
    /// A failure in the member's language.
    pub fn say(&self, error: &ManageError) -> String {
        refusal(self.lang.get_untracked(), error)
    }

    pub fn csrf(&self) -> String {
        self.session
            .with_untracked(|s| s.as_ref().map(|s| s.csrf_token.clone()))
            .unwrap_or_default()
    }
}

pub fn use_manager() -> Manager {
    expect_context::<Manager>()
}

/// A label of the console's table that follows the language.
pub fn mt(text: fn(&'static ManageText) -> &'static str) -> impl Fn() -> &'static str + Copy {
    let lang = use_i18n().lang;
    move || text(manage_text(lang.get()))
}

/// A failure in the console's words (while rendering; later answers go
/// through [`Manager::say`]).
pub fn say(error: &ManageError) -> String {
    refusal(use_i18n().lang.get(), error)
}

/// A message under a form: an alert when it is a refusal.
#[component]
pub fn Outcome(message: RwSignal<Option<(bool, String)>>) -> impl IntoView {
    move || {
        message.get().map(|(ok, text)| {
            if ok {
                view! { <p class="banner success" role="status">{text}</p> }.into_any()
            } else {
                view! {
                    <p class="banner error" role="alert">
                        <span class="icon" aria-hidden="true">"⚠ "</span>{text}
                    </p>
                }
                .into_any()
            }
        })
    }
}
