//! Fill in the details: name, phone, party, and the kind's own choices.

use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_navigate;

use super::flow::{center_resource, date_path, offering_for, review_path, use_flow_params};
use crate::backend::{Backend, BackendError};
use crate::components::{BookingFields, FlowPage, Step};
use crate::draft::use_draft;
use crate::i18n::use_i18n;

#[component]
pub fn DetailsForm() -> impl IntoView {
    let i18n = use_i18n();
    let draft = use_draft();
    let params = use_flow_params();
    let backend = expect_context::<Backend>();
    let p = params.get_untracked();
    let (Some(kind), Some(center_id), Some(slot_id)) = (p.kind, p.center, p.slot) else {
        return view! { <Redirect path="/" /> }.into_any();
    };
    let center = center_resource(backend, params);
    let navigate = use_navigate();
    let form = {
        let (center_id, slot_id) = (center_id.clone(), slot_id.clone());
        move || {
            let (center_id, slot_id, navigate) =
                (center_id.clone(), slot_id.clone(), navigate.clone());
            Suspend::new(async move {
                let file = center.await?;
                let offering = offering_for(&file, &slot_id)?;
                let fields = view! { <BookingFields offering=offering.clone() autofill=true /> };
                let submit = move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    if draft.check(&offering) {
                        navigate(&review_path(kind, &center_id, &slot_id), Default::default());
                    } else {
                        request_animation_frame(focus_first_error);
                    }
                };
                Ok::<_, BackendError>(view! {
                    <form class="details" novalidate on:submit=submit>
                        {fields}
                        <p class="form-error" role="alert">
                            {move || (!draft.problems.read().is_empty()).then(|| i18n.t().form_has_errors)}
                        </p>
                        <button type="submit" class="button primary next">{move || i18n.t().next}</button>
                    </form>
                })
            })
        }
    };
    let back = date_path(kind, &center_id, slot_id.date);
    view! {
        <FlowPage step=Step::Details title=|t| t.details_title back retry=move |_| center.refetch()>
            {form.clone()}
        </FlowPage>
    }
    .into_any()
}

/// Moves focus to the first field with a problem, so keyboard and screen
/// reader users land where the fix is needed.
fn focus_first_error() {
    use wasm_bindgen::JsCast;
    let target = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector(".field.invalid input, [aria-invalid='true']")
                .ok()
                .flatten()
        })
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(el) = target {
        let _ = el.focus();
    }
}
