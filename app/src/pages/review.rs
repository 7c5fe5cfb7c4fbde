//! Check and confirm: everything once more, the price, then one button.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_navigate;
use linli_model::schedule::find_slot;
use linli_model::{CenterFile, ErrorCode, Offering, PhoneNumber, SlotId};

use super::flow::{center_resource, offering_for, slot_path, use_flow_params};
use super::full_slot::FullSlotHelp;
use crate::backend::{Backend, BackendError};
use crate::components::{DetailsRows, FlowPage, Step};
use crate::config::{AppConfig, Mode};
use crate::draft::{FieldProblem, Receipt, use_draft};
use crate::i18n::{date_label, price, use_i18n};

#[component]
pub fn Review() -> impl IntoView {
    let params = use_flow_params();
    let backend = expect_context::<Backend>();
    let draft = use_draft();
    let p = params.get_untracked();
    let (Some(kind), Some(center_id), Some(slot_id)) = (p.kind, p.center, p.slot) else {
        return view! { <Redirect path="/" /> }.into_any();
    };
    let form = slot_path(kind, &center_id, &slot_id);
    // Reached without details (a reload, a typed URL): fill them in first.
    if draft.name.get_untracked().trim().is_empty() || draft.phone.get_untracked().trim().is_empty()
    {
        return view! { <Redirect path=form /> }.into_any();
    }
    let center = center_resource(backend, params);
    let content = {
        let form = form.clone();
        move || {
            let (slot_id, form) = (slot_id.clone(), form.clone());
            Suspend::new(async move {
                let file = center.await?;
                let offering = offering_for(&file, &slot_id)?;
                // Details changed elsewhere (another tab, a reload) go back to the form.
                if !draft.check(&offering) {
                    return Ok(view! { <Redirect path=form /> }.into_any());
                }
                Ok::<_, BackendError>(view! { <Summary file offering slot_id /> }.into_any())
            })
        }
    };
    view! {
        <FlowPage step=Step::Review title=|t| t.review_title back=form back_label=|t| t.change retry=move |_| center.refetch()>
            {content.clone()}
        </FlowPage>
    }
    .into_any()
}

/// What confirming made: a booking, or a place on the waiting list.
#[derive(Clone)]
enum Made {
    Booked(linli_model::Booking),
    Waiting(linli_model::WaitlistEntry),
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
    let center_id = file.center.id.clone();
    let party = draft.party_size.get_untracked();
    let phone = draft
        .phone
        .get_untracked()
        .parse::<PhoneNumber>()
        .map(|p| p.canonical())
        .unwrap_or_default();
    let request = draft.request(&slot_id, kind, channel);
    // A full slot chosen for its waiting list: the same form joins it.
    let waiting = draft.wait.get_untracked();

    let book = {
        let request = request.clone();
        Action::new_local(move |_: &()| {
            let (backend, request) = (backend.clone(), request.clone());
            let key = draft.attempt_key(&request);
            async move {
                if waiting {
                    backend.join(&request, &key).await.map(Made::Waiting)
                } else {
                    backend.book(&request, &key).await.map(Made::Booked)
                }
            }
        })
    };
    // On success: the receipt, with history replaced so Back can't resubmit,
    // and the sensitive texts forgotten. A field the server refused: back to
    // the form, with the message there.
    let failure = RwSignal::new(None::<BackendError>);
    let names = (
        offering.name.clone(),
        file.center.name.clone(),
        file.center.address.clone(),
    );
    Effect::new({
        let (center_id, slot_id) = (center_id.clone(), slot_id.clone());
        move || match book.value().get() {
            Some(Ok(Made::Waiting(entry))) => {
                draft.waited.set(Some(entry));
                draft.attempt.set(None);
                draft.forget_sensitive();
                navigate(
                    "/receipt",
                    NavigateOptions {
                        replace: true,
                        ..Default::default()
                    },
                );
            }
            Some(Ok(Made::Booked(booking))) => {
                let (service, center, address) = names.clone();
                draft.receipt.set(Some(Receipt {
                    booking,
                    service,
                    center,
                    address,
                }));
                draft.attempt.set(None);
                draft.forget_sensitive();
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
                    let code = error.code().unwrap_or(ErrorCode::Unknown);
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

    let slot = find_slot(&offering, &slot_id);
    let when = move || {
        slot.as_ref()
            .map(|s| format!("{} {}–{}", date_label(lang.get(), s.date), s.start, s.end))
            .unwrap_or_default()
    };
    let each = linli_model::price::price_cents(&offering, &request.details);
    let total = each * u32::from(party);
    let price_line = move || {
        let (l, t) = (lang.get(), i18n.t());
        if party > 1 && each > 0 {
            (t.price_each)(&price(l, each), party, &price(l, total))
        } else {
            price(l, total)
        }
    };
    let (service, center_name, address) = (
        offering.name.clone(),
        file.center.name.clone(),
        file.center.address.clone(),
    );
    // Offline, a booking can't be made: say so, with the centre's phone,
    // and keep everything entered for when the connection is back.
    let connection = crate::network::connection();
    let paused = move || connection.with(|c| c.offline);
    let centre_phone = file.center.phone.clone();
    let texts = request.consent.sms.is_some();
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
            {texts.then(|| view! {
                <dt>{move || i18n.t().review_texts}</dt>
                <dd>{move || i18n.t().review_texts_yes}</dd>
            })}
            <dt>{move || i18n.t().review_party}</dt>
            <dd>{party}</dd>
            <DetailsRows details=request.details.clone() min_age=offering.min_age />
            <dt>{move || i18n.t().review_price}</dt>
            <dd class="price">{price_line}</dd>
        </dl>
        <div class="review-actions" aria-live="polite">
            {move || failure.get().map(|error| view! { <FullSlotHelp error slot_id=slot_id.clone() /> })}
            {
                let paused = paused.clone();
                move || paused().then(|| view! {
                    <p class="banner warning paused">{(i18n.t().booking_paused)(&centre_phone)}</p>
                })
            }
            <button
                type="button"
                class="button primary confirm"
                disabled=move || book.pending().get() || paused()
                on:click=move |_| { failure.set(None); book.dispatch(()); }
            >
                {move || if book.pending().get() {
                    i18n.t().confirming
                } else if waiting {
                    i18n.t().wait_join
                } else {
                    i18n.t().confirm
                }}
            </button>
        </div>
    }
}
