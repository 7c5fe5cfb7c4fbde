//! Choose the day: the next seven days, with what is still open on each.

use leptos::prelude::*;
use leptos_router::components::{A, Redirect};
use linli_model::{BOOKING_HORIZON_DAYS, Date, LocalDateTime, Slot};

use super::flow::{center_resource, date_path, kind_path, use_flow_params};
use crate::backend::{Backend, BackendError};
use crate::components::{FlowPage, Step};
use crate::config::AppConfig;
use crate::i18n::{date_label, use_i18n};
use crate::platform;

#[component]
pub fn DatePicker() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_flow_params();
    let backend = expect_context::<Backend>();
    let kiosk = expect_context::<AppConfig>().kiosk_center().is_some();
    let (Some(kind), Some(center_id)) =
        (params.get_untracked().kind, params.get_untracked().center)
    else {
        return view! { <Redirect path="/" /> }.into_any();
    };
    let center = center_resource(backend.clone(), params);
    // Without the seats taken (a phone against static files), the places
    // published, not "left".
    let books = backend.books();
    let today = platform::now().date;
    let slots = {
        let (backend, center_id) = (backend.clone(), center_id.clone());
        LocalResource::new(move || {
            let (backend, center_id) = (backend.clone(), center_id.clone());
            async move {
                backend
                    .slots(&center_id, kind, today, BOOKING_HORIZON_DAYS)
                    .await
            }
        })
    };
    // Only to say why a day has nothing: a failure leaves the plain "no service".
    let closures = {
        LocalResource::new(move || {
            let backend = backend.clone();
            async move { backend.closures().await.unwrap_or_default() }
        })
    };
    let lang = i18n.lang;
    let days = move || {
        let center_id = center_id.clone();
        Suspend::new(async move {
            let file = center.await?;
            let slots = slots.await?;
            let closures = closures.await;
            let now = platform::now();
            let days = (0..i64::from(BOOKING_HORIZON_DAYS))
                .map(|offset| {
                    let date = today.add_days(offset);
                    let state = day_state(&slots, date, now);
                    let closed_for = file
                        .offerings
                        .iter()
                        .filter(|o| o.kind == kind)
                        .find_map(|o| closures.closing(&center_id, &o.id, date))
                        .map(|c| c.reason.clone());
                    let relative = match offset {
                        0 => Some(i18n.t().today),
                        1 => Some(i18n.t().tomorrow),
                        _ => None,
                    };
                    let note = move || match (state, &closed_for) {
                        (DayState::NoService, Some(reason)) => (i18n.t().closed_for)(reason.get(lang.get())),
                        (DayState::NoService, None) => i18n.t().no_service.to_owned(),
                        (DayState::Closed, _) => i18n.t().closed.to_owned(),
                        (DayState::Full, _) => i18n.t().full.to_owned(),
                        (DayState::Open(n), _) if books => (i18n.t().places_left)(n),
                        (DayState::Open(n), _) => (i18n.t().places_published)(n),
                    };
                    view! {
                        <li>
                            <A href=crate::platform::href(&date_path(kind, &center_id, date)) attr:class="choice date-choice">
                                <span class="choice-title">
                                    {move || date_label(lang.get(), date)}
                                    {relative.map(|r| view! { <span class="relative">{r}</span> })}
                                </span>
                                <span class="choice-note">{note}</span>
                            </A>
                        </li>
                    }
                })
                .collect_view();
            let c = file.center.clone();
            let (name, hours) = (c.name.clone(), c.hours.clone());
            Ok::<_, BackendError>(view! {
                <p class="eyebrow">{move || format!("{} · {}", i18n.t().kind(kind).name, name.get(lang.get()))}</p>
                <ul class="choices dates">{days}</ul>
                <dl class="center-info">
                    <dt>{move || i18n.t().center_hours}</dt>
                    <dd>{move || hours.get(lang.get()).to_owned()}</dd>
                    <dt>{move || i18n.t().center_phone}</dt>
                    <dd>{c.phone.clone()}</dd>
                </dl>
            })
        })
    };
    let back = if kiosk {
        "/".to_owned()
    } else {
        kind_path(kind)
    };
    view! {
        <FlowPage step=Step::Date title=|t| t.dates_title back retry=move |_| { center.refetch(); slots.refetch(); }>
            {days.clone()}
        </FlowPage>
    }
    .into_any()
}

#[derive(Clone, Copy)]
enum DayState {
    NoService,
    Closed,
    Full,
    Open(u32),
}

/// What a day offers: nothing, only started slots, only full ones, or places.
fn day_state(slots: &[Slot], date: Date, now: LocalDateTime) -> DayState {
    let day: Vec<&Slot> = slots.iter().filter(|s| s.date == date).collect();
    let open: Vec<&&Slot> = day.iter().filter(|s| s.is_open_at(now)).collect();
    let places: u32 = open.iter().map(|s| s.remaining).sum();
    match (day.is_empty(), open.is_empty(), places) {
        (true, _, _) => DayState::NoService,
        (false, true, _) => DayState::Closed,
        (false, false, 0) => DayState::Full,
        (false, false, n) => DayState::Open(n),
    }
}
