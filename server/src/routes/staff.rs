//! What volunteers do to bookings of their centre: check-in, undo, no-show,
//! cancel, show the full phone number for a call, and book walk-ins. A
//! booking of another centre answers exactly like an unknown code.

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use linli_model::staff::cancel_reason;
use linli_model::{BookingCode, BookingError, BookingRequest, Channel, StaffAction};
use serde::Deserialize;
use serde_json::json;

use super::bookings::book;
use super::no_store;
use crate::auth::Volunteer;
use crate::error::AppError;
use crate::extract::JsonBody;
use crate::state::AppState;
use crate::store::{StaffOutcome, StaffRequest};

type CodePath = Result<Path<String>, PathRejection>;

fn code_of(code: CodePath) -> Result<BookingCode, AppError> {
    let Ok(Path(code)) = code else {
        return Err(AppError::BookingNotFound);
    };
    code.parse().map_err(|_| AppError::BookingNotFound)
}

pub async fn check_in(
    st: State<AppState>,
    v: Volunteer,
    code: CodePath,
) -> Result<Response, AppError> {
    act(st, v, code, StaffAction::CheckIn, None).await
}

pub async fn undo_check_in(
    st: State<AppState>,
    v: Volunteer,
    code: CodePath,
) -> Result<Response, AppError> {
    act(st, v, code, StaffAction::UndoCheckIn, None).await
}

pub async fn no_show(
    st: State<AppState>,
    v: Volunteer,
    code: CodePath,
) -> Result<Response, AppError> {
    act(st, v, code, StaffAction::NoShow, None).await
}

#[derive(Deserialize)]
pub struct CancelBody {
    #[serde(default)]
    reason: Option<String>,
}

pub async fn cancel(
    st: State<AppState>,
    v: Volunteer,
    code: CodePath,
    JsonBody(body): JsonBody<CancelBody>,
) -> Result<Response, AppError> {
    let reason = cancel_reason(body.reason.as_deref())?;
    act(st, v, code, StaffAction::Cancel, reason).await
}

/// One status change in one writer transaction; answers the roster entry.
async fn act(
    State(st): State<AppState>,
    v: Volunteer,
    code: CodePath,
    action: StaffAction,
    reason: Option<String>,
) -> Result<Response, AppError> {
    let code = code_of(code)?;
    let outcome = st
        .store
        .staff_action(StaffRequest {
            code,
            center_id: v.center_id.to_string(),
            action,
            reason,
            now: st.clock.now(),
            now_millis: st.clock.unix_millis(),
        })
        .await?;
    match outcome {
        StaffOutcome::Changed(b) => {
            tracing::info!(target: "linli::audit", %code, center = %v.center_id,
                action = action.as_str(), "booking changed by staff");
            Ok(no_store(Json(b.for_staff()).into_response()))
        }
        StaffOutcome::NotFound => Err(AppError::BookingNotFound),
        StaffOutcome::Refused(e) => Err(e.into()),
        StaffOutcome::SlotFull => Err(BookingError::SlotFull.into()),
    }
}

/// The full number of one booking, for a volunteer who has to call. Each
/// reveal is audit-logged with the code and centre, never the number.
pub async fn phone(
    State(st): State<AppState>,
    v: Volunteer,
    code: CodePath,
) -> Result<Response, AppError> {
    let code = code_of(code)?;
    let booking = st
        .store
        .booking(code)
        .await?
        .filter(|b| b.slot.center_id == v.center_id && !b.phone.is_empty())
        .ok_or(AppError::BookingNotFound)?;
    tracing::info!(target: "linli::audit", %code, center = %v.center_id,
        "full phone number shown to staff");
    Ok(no_store(
        Json(json!({ "phone": booking.phone })).into_response(),
    ))
}

/// A walk-in or phoned-in booking: the resident booking's rules, channel
/// `staff`, and only the signed-in centre's slots.
pub async fn walk_in(
    State(st): State<AppState>,
    v: Volunteer,
    headers: HeaderMap,
    JsonBody(req): JsonBody<BookingRequest>,
) -> Result<Response, AppError> {
    book(
        &st,
        &headers,
        req,
        &[Channel::Staff],
        Some(&v.center_id),
        None,
    )
    .await
}
