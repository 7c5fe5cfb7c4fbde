//! Check and confirm: everything once more, the price, then one button.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::{A, Redirect};
use leptos_router::hooks::use_navigate;
use linli_model::schedule::find_slot;
use linli_model::{CenterFile, Details, Lang, Offering, PhoneNumber, SlotId};

use super::flow::{center_resource, date_path, slot_path, use_flow_params};
use crate::backend::{Backend, BackendError};
use crate::components::{
    ErrorPanel, Loading, PageTitle, Step, StepIndicator, diet_name, dining_name, error_message,
};
use crate::config::{AppConfig, Mode};
use crate::draft::{FieldProblem, Receipt, use_draft};
use crate::i18n::{date_label, price, use_i18n};
use crate::platform;

#[component]
pub fn Review() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_flow_params();
    let backend = expect_context::<Backend>();
    let p = params.get_untracked();
    let (Some(kind), Some(center_id), Some(slot_id)) = (p.kind, p.center, p.slot) else {
        return view! { <Redirect path="/" /> }.into_any();
    };
    // Reached without details (a reload, a typed URL): fill them in first.
    if !use_draft().check(u8::MAX) {
        return view! { <Redirect path=slot_path(kind, &center_id, &slot_id) /> }.into_any();
    }
    let center = center_resource(backend, params);
    let content = {
        let slot_id = slot_id.clone();
        move || {
            let slot_id = slot_id.clone();
            Suspend::new(async move {
                let file = center.await?;
                let offering = file
                    .offering(&slot_id.offering_id)
                    .filter(|o| find_slot(o, &slot_id).is_some())
                    .cloned()
                    .ok_or_else(|| super::flow::not_found("slot_not_found"))?;
                Ok::<_, BackendError>(view! { <Summary file offering slot_id /> })
            })
        }
    };
    let back = slot_path(kind, &center_id, &slot_id);
    view! {
        <StepIndicator current=Step::Review />
        <PageTitle text=Signal::derive(move || i18n.t().review_title.to_owned()) />
        <Transition fallback=Loading>
            <ErrorBoundary fallback=move |errors| view! { <ErrorPanel errors retry=move |_| center.refetch() /> }>
                {content.clone()}
            </ErrorBoundary>
        </Transition>
        <nav class="flow-nav">
            <A href=back attr:class="button secondary back">{move || i18n.t().change}</A>
        </nav>
    }
    .into_any()
}

#[component]
fn Summary(file: CenterFile, offering: Offering, slot_id: SlotId) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang;
    let draft = use_draft();
    let backend = expect_context::<Backend>();
    let channel = match expect_context::<AppConfig>().mode {
        Mode::Kiosk => linli_model::Channel::Kiosk,
        Mode::Web => linli_model::Channel::Web,
    };
    let navigate = use_navigate();
    let kind = offering.kind;
    let names = (
        offering.name.clone(),
        file.center.name.clone(),
        file.center.address.clone(),
    );
    let center_id = file.center.id.clone();
    let party = draft.party_size.get_untracked();
    let phone = draft
        .phone
        .get_untracked()
        .parse::<PhoneNumber>()
        .map(|p| p.canonical())
        .unwrap_or_default();

    let book = {
        let slot_id = slot_id.clone();
        Action::new_local(move |_: &()| {
            let (backend, slot_id) = (backend.clone(), slot_id.clone());
            let key = draft
                .attempt_key
                .get_untracked()
                .unwrap_or_else(platform::random_key);
            draft.attempt_key.set(Some(key.clone()));
            let request = draft.request(&slot_id, channel);
            async move { backend.book(&request, &key).await }
        })
    };
    // On success: the receipt, with history replaced so Back can't resubmit.
    // A field the server refused: back to the form, with the message there.
    let failure = RwSignal::new(None::<BackendError>);
    Effect::new({
        let (navigate, center_id, slot_id) = (navigate.clone(), center_id.clone(), slot_id.clone());
        move || match book.value().get() {
            Some(Ok(booking)) => {
                let (service, center, address) = names.clone();
                draft.receipt.set(Some(Receipt {
                    booking,
                    service,
                    center,
                    address,
                }));
                draft.attempt_key.set(None);
                navigate(
                    "/receipt",
                    NavigateOptions {
                        replace: true,
                        ..Default::default()
                    },
                );
            }
            Some(Err(error)) => match error.field() {
                Some(field) if field != "slot_id" => {
                    let code = error.code().unwrap_or_default().to_owned();
                    draft.problems.set(vec![FieldProblem {
                        field: field.into(),
                        code,
                    }]);
                    navigate(&slot_path(kind, &center_id, &slot_id), Default::default());
                }
                _ => failure.set(Some(error)),
            },
            None => {}
        }
    });

    let when = {
        let slot = find_slot(&offering, &slot_id);
        move || {
            slot.as_ref()
                .map(|s| format!("{} {}–{}", date_label(lang.get(), s.date), s.start, s.end))
                .unwrap_or_default()
        }
    };
    let total = offering.price_cents * u32::from(party);
    let price_line = move || {
        let (l, t) = (lang.get(), i18n.t());
        if party > 1 && offering.price_cents > 0 {
            (t.price_each)(&price(l, offering.price_cents), party, &price(l, total))
        } else {
            price(l, total)
        }
    };
    let details = draft.details();
    let (service, center_name) = (offering.name.clone(), file.center.name.clone());
    let address = file.center.address.clone();
    let slot_changed = {
        let (center_id, date) = (center_id.clone(), slot_id.date);
        move || date_path(kind, &center_id, date)
    };
    view! {
        <dl class="summary">
            <dt>{move || i18n.t().review_service}</dt>
            <dd>{move || service.get(lang.get()).to_owned()}</dd>
            <dt>{move || i18n.t().review_center}</dt>
            <dd>{move || format!("{} ({})", center_name.get(lang.get()), address.get(lang.get()))}</dd>
            <dt>{move || i18n.t().review_when}</dt>
            <dd>{when}</dd>
            <dt>{move || i18n.t().review_name}</dt>
            <dd>{move || draft.name.get()}</dd>
            <dt>{move || i18n.t().review_phone}</dt>
            <dd>{phone}</dd>
            <dt>{move || i18n.t().review_party}</dt>
            <dd>{party}</dd>
            {match details {
                Details::Meal { dining, diet } => Some(view! {
                    <dt>{move || i18n.t().review_dining}</dt>
                    <dd>{move || dining_name(i18n.t(), dining)}</dd>
                    <dt>{move || i18n.t().review_diet}</dt>
                    <dd>{move || {
                        let t = i18n.t();
                        if diet.is_empty() { return t.diet_none.to_owned(); }
                        let sep = if lang.get() == Lang::Zh { "、" } else { ", " };
                        diet.iter().map(|d| diet_name(t, *d)).collect::<Vec<_>>().join(sep)
                    }}</dd>
                }),
                _ => None,
            }}
            <dt>{move || i18n.t().review_price}</dt>
            <dd class="price">{price_line}</dd>
        </dl>
        <div class="review-actions" aria-live="polite">
            {move || failure.get().map(|error| {
                let other_time = matches!(error.code(), Some("slot_full" | "slot_closed" | "already_booked" | "slot_not_found"));
                view! {
                    <div class="error-panel" role="alert">
                        <p><span class="icon" aria-hidden="true">"⚠ "</span>{error_message(i18n.t(), &error)}</p>
                        {other_time.then(|| view! {
                            <A href=slot_changed.clone()() attr:class="button secondary">{move || i18n.t().choose_other_time}</A>
                        })}
                    </div>
                }
            })}
            <button
                type="button"
                class="button primary confirm"
                disabled=move || book.pending().get()
                on:click=move |_| { failure.set(None); book.dispatch(()); }
            >
                {move || if book.pending().get() { i18n.t().confirming } else { i18n.t().confirm }}
            </button>
        </div>
    }
}
