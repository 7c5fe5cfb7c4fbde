//! "代为预约": a volunteer books a slot for a resident at the desk or on the
//! phone. The resident flow's own fields and checks, on a draft of its own
//! (provided here, so the shared fields fill it and not the kiosk's), sent
//! with channel `staff` and an idempotency key, so a retry books once.

use leptos::prelude::*;
use leptos::task::spawn_local;
use linli_model::{Channel, Offering, SlotId};

use super::{button, staff_error, tr, use_console, vt};
use crate::backend::BackendError;
use crate::components::BookingFields;
use crate::draft::{Draft, FieldProblem};
use crate::i18n::use_i18n;

#[component]
pub fn WalkInForm(slot_id: SlotId, offering: Offering) -> impl IntoView {
    let i18n = use_i18n();
    let console = use_console();
    // Gone with the form: nothing typed for one resident outlives it.
    let draft = Draft::new();
    provide_context(draft);
    let pending = RwSignal::new(false);
    let failure = RwSignal::new(None::<BackendError>);
    let kind = offering.kind;
    let fields = view! { <BookingFields offering=offering.clone() /> };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        failure.set(None);
        let Some(staff) = console.staff.get_value() else {
            return;
        };
        if !draft.check(&offering) || pending.get_untracked() {
            return;
        }
        let request = draft.request(&slot_id, kind, Channel::Staff);
        let key = draft.attempt_key(&request);
        let slot = slot_id.to_string();
        pending.set(true);
        spawn_local(async move {
            let answer = staff.walk_in(&request, &key).await;
            pending.set(false);
            match answer {
                Ok(booking) => {
                    console.booked.set(Some((booking.code, slot)));
                    console.open.set(String::new());
                    // The form goes: focus moves to the new booking's row.
                    console.reload_then_focus(Some(booking.code));
                }
                Err(error) => {
                    // A field the server refused is shown beside that field.
                    if let (Some(field), Some(code)) = (error.field(), error.code()) {
                        draft.problems.set(vec![FieldProblem {
                            field: field.into(),
                            code,
                        }]);
                    }
                    failure.set(Some(error));
                }
            }
        });
    };
    let close = Callback::new(move |()| console.open.set(String::new()));
    view! {
        <form class="details vol-walk-in no-print" novalidate on:submit=submit>
            <h3>{tr(|t| t.vol_walk_in)}</h3>
            {fields}
            <p class="form-error" role="alert">
                {move || match failure.get() {
                    Some(e) => Some(staff_error(vt(i18n), &e)),
                    None => (!draft.problems.read().is_empty()).then(|| vt(i18n).form_has_errors.to_owned()),
                }}
            </p>
            <div class="confirm-actions">
                <button type="submit" class="button primary" disabled=move || pending.get()>
                    {tr(|t| t.vol_walk_in_submit)}
                </button>
                {button("button secondary", |t| t.vol_close, false.into(), None, close)}
            </div>
        </form>
    }
}
