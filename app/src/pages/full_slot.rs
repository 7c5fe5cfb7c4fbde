//! When confirming fails because the slot filled up or closed meanwhile: say
//! so, and offer the nearest times of the same service that still have room,
//! keeping everything the resident typed.

use leptos::prelude::*;
use leptos_router::components::A;
use linli_model::schedule::nearest_open;
use linli_model::{BOOKING_HORIZON_DAYS, ErrorCode, SlotId};

use super::flow::{date_path, review_path, use_flow_params};
use crate::backend::{Backend, BackendError};
use crate::components::error_message;
use crate::i18n::{date_label, use_i18n};
use crate::platform;

/// How many other times to offer.
const ALTERNATIVES: usize = 3;

#[component]
pub fn FullSlotHelp(error: BackendError, slot_id: SlotId) -> impl IntoView {
    let i18n = use_i18n();
    let params = use_flow_params().get_untracked();
    let (Some(kind), Some(center)) = (params.kind, params.center) else {
        return ().into_any();
    };
    let gone = matches!(
        error.code(),
        Some(ErrorCode::SlotFull | ErrorCode::SlotClosed)
    );
    let backend = expect_context::<Backend>();
    let party = u32::from(crate::draft::use_draft().party_size.get_untracked());
    let alternatives = {
        let (center, slot_id) = (center.clone(), slot_id.clone());
        LocalResource::new(move || {
            let (backend, center, slot_id) = (backend.clone(), center.clone(), slot_id.clone());
            async move {
                if !gone {
                    return Vec::new();
                }
                let now = platform::now();
                match backend
                    .slots(&center, kind, now.date, BOOKING_HORIZON_DAYS)
                    .await
                {
                    Ok(slots) => nearest_open(&slots, &slot_id, now, party, ALTERNATIVES),
                    // The error above already says what to do; the offer is a bonus.
                    Err(_) => Vec::new(),
                }
            }
        })
    };
    let lang = i18n.lang;
    let offers = {
        let center = center.clone();
        move || {
            let center = center.clone();
            Suspend::new(async move {
                let slots = alternatives.await;
                (!slots.is_empty()).then(|| {
                    let links = slots
                        .into_iter()
                        .map(|s| {
                            let label = move || {
                                format!(
                                    "{} {}–{} · {}",
                                    date_label(lang.get(), s.date),
                                    s.start,
                                    s.end,
                                    (i18n.t().places_left)(s.remaining)
                                )
                            };
                            view! {
                                <li><A href=crate::platform::href(&review_path(kind, &center, &s.id)) attr:class="choice">{label}</A></li>
                            }
                        })
                        .collect_view();
                    view! {
                        <p>{move || i18n.t().nearest_free}</p>
                        <ul class="choices">{links}</ul>
                    }
                })
            })
        }
    };
    let other_day = date_path(kind, &center, slot_id.date);
    view! {
        <div class="error-panel" role="alert">
            <p><span class="icon" aria-hidden="true">"⚠ "</span>{move || error_message(i18n.t(), &error)}</p>
            <Suspense fallback=|| ()>{offers}</Suspense>
            <A href=crate::platform::href(&other_day) attr:class="button secondary">{move || i18n.t().choose_other_time}</A>
        </div>
    }
    .into_any()
}
