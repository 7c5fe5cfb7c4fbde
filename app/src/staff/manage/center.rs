//! `/manage/centers/:id`: one centre, in tabs: its services' seats, dated
//! menus and closed days. The centre as last read is shared by the tabs;
//! each save answers the record's new version, and a refusal for a stale
//! version reloads it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{A, Redirect};
use leptos_router::hooks::use_params_map;
use linli_model::manage::ManagedCenter;

use super::api::ManageError;
use super::closures::ClosuresTab;
use super::details::DetailsTab;
use super::menus::MenusTab;
use super::offerings::OfferingsTab;
use super::pins::PinTab;
use super::{CENTERS_PATH, Outcome, mt, say, use_manager};
use crate::components::{Loading, PageTitle};
use crate::i18n::use_i18n;
use linli_model::account::{Access, Target, may};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Offerings,
    Menus,
    Closures,
    Details,
    Pin,
}

/// The centre being edited, shared by its tabs.
#[derive(Clone, Copy)]
pub struct Editing {
    pub center: RwSignal<Option<Result<ManagedCenter, ManageError>>>,
    pub manager: super::Manager,
    /// A stale save's explanation, kept above the tabs across the reload.
    pub notice: RwSignal<Option<(bool, String)>>,
    id: StoredValue<String>,
}

impl Editing {
    /// A save's outcome for the centre as last read: saved records are
    /// kept without re-rendering the tabs; a stale save reloads them all.
    pub fn saved(self, apply: impl FnOnce(&mut ManagedCenter)) {
        self.notice.set(None);
        self.center.update_untracked(|c| {
            if let Some(Ok(c)) = c {
                apply(c);
            }
        });
    }

    /// Runs a save: `pending` while it runs, then what `done` makes of
    /// its answer (the message to show), or the refusal.
    pub fn save<T: 'static>(
        self,
        pending: RwSignal<bool>,
        message: RwSignal<Option<(bool, String)>>,
        call: impl std::future::Future<Output = Result<T, ManageError>> + 'static,
        done: impl FnOnce(T) -> String + 'static,
    ) {
        pending.set(true);
        message.set(None);
        spawn_local(async move {
            let answer = call.await;
            pending.set(false);
            match answer {
                Ok(saved) => message.set(Some((true, done(saved)))),
                Err(e) => self.refused(&e, message),
            }
        });
    }

    pub fn refused(self, error: &ManageError, message: RwSignal<Option<(bool, String)>>) {
        if error.code() == Some(linli_model::ErrorCode::StaleVersion) {
            self.notice.set(Some((false, self.manager.say(error))));
            self.reload();
        } else {
            message.set(Some((false, self.manager.say(error))));
        }
    }

    /// Reads the centre again (after a save elsewhere, or a stale one).
    pub fn reload(self) {
        let manager = self.manager;
        let id = self.id.get_value();
        spawn_local(async move {
            let answer = manager.api.get_value().center(&id).await;
            self.center.set(Some(answer));
        });
    }
}

#[component]
pub fn CenterPage() -> impl IntoView {
    let manager = use_manager();
    let lang = use_i18n().lang;
    let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    let editing = Editing {
        center: RwSignal::new(None),
        manager,
        notice: RwSignal::new(None),
        id: StoredValue::new(id),
    };
    provide_context(editing);
    Effect::new(move || {
        if manager.session.with(Option::is_some) {
            editing.reload();
        }
    });
    let tab = RwSignal::new(Tab::Offerings);
    let title = Signal::derive(move || {
        editing.center.with(|c| match c {
            Some(Ok(c)) => c.center.name.get(lang.get()).to_owned(),
            _ => super::text::manage_text(lang.get())
                .centers_title
                .to_owned(),
        })
    });
    let tab_button =
        move |which: Tab, label: fn(&'static super::text::ManageText) -> &'static str| {
            let key = match which {
                Tab::Offerings => "offerings",
                Tab::Menus => "menus",
                Tab::Closures => "closures",
                Tab::Details => "details",
                Tab::Pin => "pin",
            };
            view! {
                <button
                    type="button"
                    role="tab"
                    id=format!("tab-{key}")
                    aria-controls="tab-panel"
                    aria-selected=move || (tab.get() == which).to_string()
                    class="tab"
                    on:click=move |_| tab.set(which)
                >
                    {mt(label)}
                </button>
            }
        };
    let panel = move || match tab.get() {
        Tab::Offerings => view! { <OfferingsTab /> }.into_any(),
        Tab::Menus => view! { <MenusTab /> }.into_any(),
        Tab::Closures => view! { <ClosuresTab /> }.into_any(),
        Tab::Details => view! { <DetailsTab /> }.into_any(),
        Tab::Pin => view! { <PinTab /> }.into_any(),
    };
    let labelled_by = move || match tab.get() {
        Tab::Offerings => "tab-offerings",
        Tab::Menus => "tab-menus",
        Tab::Closures => "tab-closures",
        Tab::Details => "tab-details",
        Tab::Pin => "tab-pin",
    };
    // The PIN is for those who run the centre's day (the model's `may`).
    let runs_it = move || {
        let role = manager
            .session
            .with(|s| s.as_ref().and_then(|s| s.account.role().ok()));
        editing.center.with(|c| match (c, role) {
            (Some(Ok(c)), Some(role)) => may(
                &role,
                Access::Operate,
                Target::Center {
                    center: &c.center.id,
                    street: &c.center.street_id,
                },
            ),
            _ => false,
        })
    };
    let body = move || {
        editing.center.with(|c| match c {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <p class="banner error" role="alert">{say(e)}</p> }.into_any(),
            Some(Ok(_)) => view! {
                <div class="tabs" role="tablist" aria-label=mt(|t| t.tabs_label)>
                    {tab_button(Tab::Offerings, |t| t.tab_offerings)}
                    {tab_button(Tab::Menus, |t| t.tab_menus)}
                    {tab_button(Tab::Closures, |t| t.tab_closures)}
                    {tab_button(Tab::Details, |t| t.tab_details)}
                    {runs_it().then(|| tab_button(Tab::Pin, |t| t.tab_pin))}
                </div>
                <div id="tab-panel" role="tabpanel" aria-labelledby=labelled_by class="tab-panel">
                    {panel}
                </div>
            }
            .into_any(),
        })
    };
    move || {
        if manager.checked.get() && manager.session.with(Option::is_none) {
            return view! { <Redirect path="/manage" /> }.into_any();
        }
        view! {
            <section class="manage-page">
                <p class="manage-back"><A href=CENTERS_PATH>{mt(|t| t.back_to_centers)}</A></p>
                <PageTitle text=title />
                <Outcome message=editing.notice />
                {body}
            </section>
        }
        .into_any()
    }
}
