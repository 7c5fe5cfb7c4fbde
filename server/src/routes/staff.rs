//! What volunteers do to bookings of their centre: check-in, undo, no-show,
//! cancel, show the full phone number for a call, and book walk-ins. A
//! booking of another centre answers exactly like an unknown code.

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use linli_model::staff::cancel_reason;
use linli_model::{
    ApiErrorBody, Booking, BookingCode, BookingError, BookingRequest, Channel, RosterEntry,
    StaffAction,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::bookings::{IdempotencyKeyHeader, book};
use super::docs::{
    Malformed, NotJson, NotThisCentres, TooLarge, Unauthorized, Unavailable, WalkInBooking,
};
use super::no_store;
use crate::auth::Volunteer;
use crate::error::AppError;
use crate::extract::JsonBody;
use crate::state::AppState;
use crate::store::{StaffOutcome, StaffRequest};

type CodePath = Result<Path<String>, PathRejection>;

/// The `{code}` of the volunteer's booking routes, as documented.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)]
struct CodeParam {
    /// XXXX-XXXX; case, dashes and look-alikes are forgiven.
    code: String,
}

fn code_of(code: CodePath) -> Result<BookingCode, AppError> {
    let Ok(Path(code)) = code else {
        return Err(AppError::BookingNotFound);
    };
    code.parse().map_err(|_| AppError::BookingNotFound)
}

/// Check in: confirmed → checked_in, or no_show → checked_in for a late
/// arrival (takes the seats again). From the slot's day on.
#[utoipa::path(post, path = "/volunteer/bookings/{code}/check-in", operation_id = "check_in", tag = "volunteer",
    security(("volunteer" = [])),
    params(CodeParam),
    responses(
        (status = 200, description = "the changed roster entry", body = RosterEntry),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotThisCentres),
        (status = 409, description = "invalid_transition; slot_not_started (before the slot's day); slot_full (a late arrival whose seats went to someone else)", body = ApiErrorBody),
        (status = 503, response = Unavailable),
    ))]
pub async fn check_in(
    st: State<AppState>,
    v: Volunteer,
    code: CodePath,
) -> Result<Response, AppError> {
    act(st, v, code, StaffAction::CheckIn, None).await
}

/// Undo a check-in: checked_in → confirmed.
#[utoipa::path(post, path = "/volunteer/bookings/{code}/undo-check-in", operation_id = "undo_check_in", tag = "volunteer",
    security(("volunteer" = [])),
    params(CodeParam),
    responses(
        (status = 200, description = "the changed roster entry", body = RosterEntry),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotThisCentres),
        (status = 409, description = "invalid_transition", body = ApiErrorBody),
        (status = 503, response = Unavailable),
    ))]
pub async fn undo_check_in(
    st: State<AppState>,
    v: Volunteer,
    code: CodePath,
) -> Result<Response, AppError> {
    act(st, v, code, StaffAction::UndoCheckIn, None).await
}

/// Mark absent: confirmed → no_show once the slot has started; frees the
/// seats.
#[utoipa::path(post, path = "/volunteer/bookings/{code}/no-show", operation_id = "no_show", tag = "volunteer",
    security(("volunteer" = [])),
    params(CodeParam),
    responses(
        (status = 200, description = "the changed roster entry", body = RosterEntry),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotThisCentres),
        (status = 409, description = "invalid_transition; slot_not_started", body = ApiErrorBody),
        (status = 503, response = Unavailable),
    ))]
pub async fn no_show(
    st: State<AppState>,
    v: Volunteer,
    code: CodePath,
) -> Result<Response, AppError> {
    act(st, v, code, StaffAction::NoShow, None).await
}

/// `POST /volunteer/bookings/{code}/cancel` body.
#[derive(Deserialize, ToSchema)]
pub struct CancelWithReason {
    #[serde(default)]
    #[schema(value_type = Option<linli_model::openapi::CancelReason>)]
    reason: Option<String>,
}

/// Cancel for the resident: confirmed → cancelled until the slot ends;
/// frees the seats.
#[utoipa::path(post, path = "/volunteer/bookings/{code}/cancel", operation_id = "staff_cancel", tag = "volunteer",
    security(("volunteer" = [])),
    params(CodeParam),
    request_body = CancelWithReason,
    responses(
        (status = 200, description = "the changed roster entry", body = RosterEntry),
        (status = 400, response = Malformed),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotThisCentres),
        (status = 409, description = "invalid_transition; slot_ended", body = ApiErrorBody),
        (status = 413, response = TooLarge),
        (status = 415, response = NotJson),
        (status = 422, description = "reason_too_long or text_invalid (field reason), or \
            invalid_field", body = ApiErrorBody),
        (status = 503, response = Unavailable),
    ))]
pub async fn cancel(
    st: State<AppState>,
    v: Volunteer,
    code: CodePath,
    JsonBody(body): JsonBody<CancelWithReason>,
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
            street_id: st
                .catalog
                .get()
                .center(v.center_id.as_str())
                .map(|f| f.center.street_id.to_string()),
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

/// `GET /volunteer/bookings/{code}/phone` answer.
#[derive(Serialize, ToSchema)]
pub struct FullPhone {
    /// Canonical: `13812345678` or `025-12345678`.
    phone: String,
}

/// The full phone number of one booking, for a volunteer who has to call.
///
/// Each reveal is audit-logged with the code and centre, never the number.
#[utoipa::path(get, path = "/volunteer/bookings/{code}/phone", operation_id = "booking_phone", tag = "volunteer",
    security(("volunteer" = [])),
    params(CodeParam),
    responses(
        (status = 200, description = "the number", body = FullPhone),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotThisCentres),
        (status = 503, response = Unavailable),
    ))]
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
        Json(FullPhone {
            phone: booking.phone,
        })
        .into_response(),
    ))
}

/// Book a walk-in or phoned-in resident.
///
/// The body and rules of POST /bookings with channel `staff`, for the
/// signed-in centre's slots only (others: 404 slot_not_found), and until
/// the slot ends rather than until it starts.
#[utoipa::path(post, path = "/volunteer/bookings", operation_id = "walk_in", tag = "volunteer",
    security(("volunteer" = [])),
    params(IdempotencyKeyHeader),
    request_body = WalkInBooking,
    responses(
        (status = 201, description = "the booking", body = Booking,
            headers(("Idempotent-Replayed" = String, description = "`true` on a replay")),
            links(
                ("CheckIn" = (operation_id = "check_in",
                    parameters(("code" = "$response.body#/code")))),
                ("UndoCheckIn" = (operation_id = "undo_check_in",
                    parameters(("code" = "$response.body#/code")))),
                ("NoShow" = (operation_id = "no_show",
                    parameters(("code" = "$response.body#/code")))),
                ("Cancel" = (operation_id = "staff_cancel",
                    parameters(("code" = "$response.body#/code")))),
                ("Phone" = (operation_id = "booking_phone",
                    parameters(("code" = "$response.body#/code")))),
            )),
        (status = 400, description = "malformed_json, or idempotency_key_required",
            body = ApiErrorBody),
        (status = 401, response = Unauthorized),
        (status = 404, description = "slot_not_found (also another centre's slot)",
            body = ApiErrorBody),
        (status = 409, description = "slot_full, slot_closed (the slot has ended, or is shut \
            by closures.json), slot_too_far_ahead, already_booked or daily_limit_reached",
            body = ApiErrorBody),
        (status = 413, response = TooLarge),
        (status = 415, response = NotJson),
        (status = 422, description = "as POST /bookings; channel_not_allowed unless channel is \
            staff", body = ApiErrorBody),
        (status = 503, response = Unavailable),
    ))]
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
