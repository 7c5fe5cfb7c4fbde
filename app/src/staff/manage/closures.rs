//! The closed-days tab: the centre's closures (and the district's), and a
//! new one for a day or a range, of the whole centre or one service. What
//! it would cancel is shown first; publishing then cancels those bookings
//! by the centre, with the reason residents will read.

use leptos::prelude::*;
use leptos::task::spawn_local;
use linli_model::catalog_edit::ClosureDraft;
use linli_model::manage::{ClosurePreview, ManagedClosure, NewClosure};
use linli_model::{Date, LocalizedText, OfferingId};

use super::center::Editing;
use super::text::{edit_error, manage_text};
use super::{Outcome, mt};
use crate::i18n::{date_label, use_i18n};

#[component]
pub fn ClosuresTab() -> impl IntoView {
    let editing = expect_context::<Editing>();
    let lang = use_i18n().lang;
    let (center_id, offerings, closures) = editing.center.with_untracked(|c| match c {
        Some(Ok(c)) => (
            Some(c.center.id.clone()),
            c.offerings.iter().map(|o| o.offering.clone()).collect(),
            c.closures.clone(),
        ),
        _ => (None, vec![], vec![]),
    });
    let Some(center_id) = center_id else {
        return ().into_any();
    };
    let center_id = StoredValue::new(center_id);
    let list = RwSignal::new(closures);
    let today = crate::platform::now().date;
    let from = RwSignal::new(today.add_days(1).to_string());
    let to = RwSignal::new(String::new());
    let scope = RwSignal::new(String::new());
    let reason_zh = RwSignal::new(String::new());
    let reason_en = RwSignal::new(String::new());
    let preview = RwSignal::new(None::<ClosurePreview>);
    let message = RwSignal::new(None::<(bool, String)>);
    let pending = RwSignal::new(false);
    // Any change to the form: its preview no longer holds.
    Effect::new(move || {
        from.track();
        to.track();
        scope.track();
        preview.set(None);
    });
    let names = StoredValue::new(offerings.clone());
    let offering_name = move |id: &OfferingId| {
        names.with_value(|os| {
            os.iter()
                .find(|o| &o.id == id)
                .map(|o| o.name.get(lang.get()).to_owned())
                .unwrap_or_else(|| id.to_string())
        })
    };
    let draft = move || -> Result<ClosureDraft, String> {
        let t = manage_text(lang.get_untracked());
        let bad = |field| (t.invalid_field)(field);
        let from = from
            .get_untracked()
            .parse::<Date>()
            .map_err(|_| bad(t.closure_from))?;
        let to = match to.get_untracked().trim() {
            "" => None,
            s => Some(s.parse::<Date>().map_err(|_| bad(t.closure_to))?),
        };
        let offering_id = match scope.get_untracked().as_str() {
            "" => None,
            s => Some(s.parse::<OfferingId>().map_err(|_| bad(t.closure_scope))?),
        };
        let draft = ClosureDraft {
            from,
            to,
            center_id: Some(center_id.get_value()),
            offering_id,
            reason: LocalizedText {
                zh: reason_zh.get_untracked().trim().to_owned(),
                en: reason_en.get_untracked().trim().to_owned(),
            },
        };
        // The model's own checks first: no round trip for a typo.
        let own = names.with_value(|os| {
            os.iter()
                .map(|o| (o.id.clone(), o.center_id.clone()))
                .collect::<Vec<_>>()
        });
        draft
            .days(today, |o| {
                own.iter().find(|(id, _)| id == o).map(|(_, c)| c.clone())
            })
            .map_err(|e| edit_error(lang.get_untracked(), &e))?;
        Ok(draft)
    };
    let manager = editing.manager;
    let check = move |_| {
        let draft = match draft() {
            Ok(d) => d,
            Err(text) => return message.set(Some((false, text))),
        };
        pending.set(true);
        message.set(None);
        spawn_local(async move {
            let answer = manager
                .api
                .get_value()
                .preview(&manager.csrf(), &draft)
                .await;
            pending.set(false);
            match answer {
                Ok(p) => preview.set(Some(p)),
                Err(e) => editing.refused(&e, message),
            }
        });
    };
    let publish = move |_| {
        let Ok(closure) = draft() else { return };
        let affected = preview.with_untracked(|p| p.as_ref().map_or(0, |p| p.bookings));
        let new = NewClosure {
            version: editing.center.with_untracked(|c| match c {
                Some(Ok(c)) => c.closures_version,
                _ => linli_model::catalog_edit::Version::FIRST,
            }),
            closure,
            cancel_bookings: affected > 0,
        };
        let call = async move {
            let api = manager.api.get_value();
            api.add_closure(&manager.csrf(), &new).await
        };
        editing.save(pending, message, call, move |saved| {
            list.update(|l| l.extend(saved.closures.iter().cloned()));
            editing.saved(|c| {
                c.closures_version = saved.version;
                c.closures.extend(saved.closures.iter().cloned());
            });
            preview.set(None);
            (manage_text(lang.get_untracked()).published)(saved.cancelled)
        });
    };
    let withdraw = move |closure: ManagedClosure| {
        let version = editing.center.with_untracked(|c| match c {
            Some(Ok(c)) => c.closures_version,
            _ => linli_model::catalog_edit::Version::FIRST,
        });
        spawn_local(async move {
            let answer = manager
                .api
                .get_value()
                .remove_closure(&manager.csrf(), &closure.id, version)
                .await;
            match answer {
                Ok(done) => {
                    list.update(|l| l.retain(|c| c.id != closure.id));
                    editing.saved(|c| {
                        c.closures_version = done.version;
                        c.closures.retain(|c| c.id != closure.id);
                    });
                    let t = manage_text(lang.get_untracked());
                    message.set(Some((true, t.saved.to_owned())));
                }
                Err(e) => editing.refused(&e, message),
            }
        });
    };
    let rows = move || {
        let items = list.get();
        if items.is_empty() {
            return view! { <p>{mt(|t| t.no_closures)}</p> }.into_any();
        }
        items
            .into_iter()
            .map(|c| {
                let t = manage_text(lang.get());
                let scope = match (&c.closure.center_id, &c.closure.offering_id) {
                    (None, _) => t.district_wide.to_owned(),
                    (Some(_), None) => t.whole_center.to_owned(),
                    (Some(_), Some(o)) => offering_name(o),
                };
                let own = c.closure.center_id.is_some();
                let text = format!(
                    "{} · {} · {}",
                    date_label(lang.get(), c.closure.date),
                    scope,
                    c.closure.reason.get(lang.get())
                );
                let button = own.then(|| {
                    let c = c.clone();
                    view! {
                        <button type="button" class="button secondary small"
                            on:click=move |_| withdraw(c.clone())>{mt(|t| t.remove)}</button>
                    }
                });
                view! { <li>{text}" "{button}</li> }
            })
            .collect_view()
            .into_any()
    };
    let affected = move || {
        preview.get().map(|p| {
            let t = manage_text(lang.get());
            let text = if p.bookings == 0 {
                t.closure_none_affected.to_owned()
            } else {
                (t.closure_affected)(p.bookings)
            };
            let label = if p.bookings == 0 {
                t.publish.to_owned()
            } else {
                (t.confirm_cancel)(p.bookings)
            };
            view! {
                <p class="banner warning" role="status">{text}</p>
                <button type="button" class="button primary" disabled=move || pending.get() on:click=publish>
                    {label}
                </button>
            }
        })
    };
    let scope_options = offerings
        .iter()
        .map(|o| {
            let (id, name) = (o.id.to_string(), o.name.clone());
            view! { <option value=id>{move || name.get(lang.get()).to_owned()}</option> }
        })
        .collect_view();
    view! {
        <ul class="closure-list">{rows}</ul>
        <form class="details manage-form" novalidate on:submit=|ev| ev.prevent_default()>
            <div class="field">
                <label for="mg-closure-from">{mt(|t| t.closure_from)}</label>
                <input id="mg-closure-from" type="date" min=today.to_string() bind:value=from />
            </div>
            <div class="field">
                <label for="mg-closure-to">{mt(|t| t.closure_to)}</label>
                <input id="mg-closure-to" type="date" min=today.to_string() aria-describedby="mg-closure-to-hint" bind:value=to />
                <p class="hint" id="mg-closure-to-hint">{mt(|t| t.closure_to_hint)}</p>
            </div>
            <div class="field">
                <label for="mg-closure-scope">{mt(|t| t.closure_scope)}</label>
                <select id="mg-closure-scope" prop:value=move || scope.get()
                    on:change=move |ev| scope.set(event_target_value(&ev))>
                    <option value="">{mt(|t| t.whole_center)}</option>
                    {scope_options}
                </select>
            </div>
            <div class="field">
                <label for="mg-closure-zh">{mt(|t| t.reason_zh)}</label>
                <input id="mg-closure-zh" type="text" maxlength=90 bind:value=reason_zh />
            </div>
            <div class="field">
                <label for="mg-closure-en">{mt(|t| t.reason_en)}</label>
                <input id="mg-closure-en" type="text" maxlength=90 bind:value=reason_en />
            </div>
            <Outcome message />
            <button type="button" class="button secondary" disabled=move || pending.get() on:click=check>
                {mt(|t| t.preview)}
            </button>
            {affected}
        </form>
    }
    .into_any()
}
