use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use linli_model::schedule::available_slots;
use linli_model::{ApiErrorBody, CenterId, Date, MAX_SLOT_QUERY_DAYS, ServiceKind, Slot};
use serde::Deserialize;

use super::no_store;
use crate::error::AppError;
use crate::state::AppState;

/// Every parameter is read as text so each gets its own field error. A
/// parameter given is taken as it is, as the document says: `?from=` or a
/// padded value is refused, not read as absent or trimmed.
#[derive(Deserialize)]
pub struct SlotsQuery {
    center: Option<String>,
    kind: Option<String>,
    from: Option<String>,
    days: Option<String>,
}

/// A centre's slots with their seats left.
///
/// The model's `available_slots`, as the static backend computes them, so
/// slots shut by `closures.json` are not listed. Started slots are listed:
/// the app shows them as closed.
#[utoipa::path(get, path = "/slots", operation_id = "slots", tag = "bookings",
    params(
        ("center" = CenterId, Query, description = "the centre"),
        ("kind" = Option<ServiceKind>, Query, description = "default: every kind"),
        ("from" = Option<Date>, Query, description = "default: today (UTC+8)"),
        ("days" = Option<u32>, Query, minimum = 1, maximum = 31,
            description = "how many days from `from`; default 7"),
    ),
    responses(
        (status = 200, description = "slots by date, time, then offering", body = Vec<Slot>),
        (status = 404, description = "center_not_found", body = ApiErrorBody),
        (status = 422, description = "invalid_parameter (field center, kind, from, days or query)",
            body = ApiErrorBody),
        (status = 503, response = super::docs::Unavailable),
    ))]
pub async fn slots(
    State(st): State<AppState>,
    query: Result<Query<SlotsQuery>, QueryRejection>,
) -> Result<Response, AppError> {
    let Query(q) = query.map_err(|_| AppError::InvalidParameter {
        field: "query",
        message: "the query string is malformed",
    })?;
    let center_id = q
        .center
        .filter(|c| !c.is_empty())
        .ok_or(AppError::InvalidParameter {
            field: "center",
            message: "the centre id is required",
        })?;
    let catalog = st.catalog.get();
    let center = catalog.center(&center_id).ok_or(AppError::CenterNotFound)?;
    let kind = match q.kind {
        None => None,
        Some(k) => Some(
            k.parse::<ServiceKind>()
                .map_err(|_| AppError::InvalidParameter {
                    field: "kind",
                    message: ServiceKind::ONE_OF,
                })?,
        ),
    };
    let from = match q.from {
        None => st.clock.now().date,
        Some(d) => d.parse::<Date>().map_err(|_| AppError::InvalidParameter {
            field: "from",
            message: "from is a date like 2026-11-27",
        })?,
    };
    let days = match q.days {
        None => 7,
        // Digits only: `u32::from_str` would also take `+7`.
        Some(d) => Some(d)
            .filter(|d| d.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|d| d.parse::<u32>().ok())
            .filter(|d| (1..=MAX_SLOT_QUERY_DAYS).contains(d))
            .ok_or(AppError::InvalidParameter {
                field: "days",
                message: "days is a whole number from 1 to 31",
            })?,
    };

    let mut slots = available_slots(center, catalog.closures(), kind, from, days);
    // Slot ids sort by offering then date: one range per offering.
    let end = from.add_days(i64::from(days));
    let ranges: Vec<(String, String)> = center
        .offerings
        .iter()
        .filter(|o| kind.is_none_or(|k| o.kind == k))
        .map(|o| (format!("{}@{from}", o.id), format!("{}@{end}", o.id)))
        .collect();
    let booked = st.store.booked_seats(ranges.clone()).await?;
    let waiting = st.store.waiting_counts(ranges).await?;
    let now = st.clock.now();
    for slot in &mut slots {
        let id = slot.id.to_string();
        if let Some(n) = booked.get(&id) {
            slot.remaining = slot.capacity.saturating_sub(*n);
        }
        // A full slot still to come has a waiting list: say how long.
        if slot.remaining == 0 && slot.is_open_at(now) {
            slot.waiting = Some(waiting.get(&id).copied().unwrap_or(0));
        }
    }
    Ok(no_store(Json(slots).into_response()))
}
