//! What a volunteer's device did while it was offline: check-ins, undos and
//! no-shows queued with a random id and the time of the tap, sent in one
//! request when the network returns. Each is made once (a resend after a
//! lost answer changes nothing) and answered in order.

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use linli_model::sync::{MAX_SYNC_ACTIONS, SyncAnswer, SyncRequest, queued_moment};
use linli_model::{ApiError, ApiErrorBody, BookingRecord, ErrorCode, RosterEntry, SyncResult};

use super::docs::{Malformed, NotJson, TooLarge, Unauthorized, Unavailable};
use super::no_store;
use crate::auth::Volunteer;
use crate::error::AppError;
use crate::extract::JsonBody;
use crate::state::AppState;
use crate::store::{StaffRequest, StoreError, SyncAction, SyncStored};

/// Apply a device's queued actions.
///
/// In order, each once: an `id` seen before (from this centre) changes
/// nothing and answers what it met the first time (`already_applied`, or
/// the same conflict). Each is judged and recorded at its device time `at`
/// (never later than the server's time; more than 7 days back or a day
/// ahead is `device_time_invalid`). A booking changed meanwhile answers
/// `conflict` with why (a cancelled booking: `invalid_transition`) and the
/// booking as it is now; another centre's code answers like an unknown one
/// (`booking_not_found`, no entry); an id used before for another booking
/// or action answers `idempotency_key_reused`.
#[utoipa::path(post, path = "/volunteer/sync", operation_id = "sync_staff_actions", tag = "volunteer",
    security(("volunteer" = [])),
    request_body(content = SyncRequest, example = json!({"actions": [{
        "id": "5f0c6d0e2a9b4c7d8e1f203a4b5c6d7e", "code": "K7QM-2P9D",
        "action": "check_in", "at": "2026-11-27T11:05"}]})),
    responses(
        (status = 200, description = "one result per action, in the order sent", body = SyncAnswer),
        (status = 400, response = Malformed),
        (status = 401, response = Unauthorized),
        (status = 413, response = TooLarge),
        (status = 415, response = NotJson),
        (status = 422, description = "invalid_field: an action of the wrong shape, or more \
            than 100 actions (field actions)", body = ApiErrorBody),
        (status = 503, response = Unavailable),
    ))]
pub async fn sync(
    State(st): State<AppState>,
    v: Volunteer,
    JsonBody(body): JsonBody<SyncRequest>,
) -> Result<Response, AppError> {
    if body.actions.len() > MAX_SYNC_ACTIONS {
        return Err(AppError::InvalidField {
            field: Some("actions".into()),
            message: format!("at most {MAX_SYNC_ACTIONS} actions in one request"),
        });
    }
    let now_millis = st.clock.unix_millis();
    let center = v.center_id.to_string();
    let street = st
        .catalog
        .get()
        .center(&center)
        .map(|f| f.center.street_id.to_string());
    // Refused for their time (nothing to record), or sent to the store.
    let mut results: Vec<Option<SyncResult>> = Vec::with_capacity(body.actions.len());
    let mut sent = Vec::new();
    for a in body.actions {
        match queued_moment(a.at, now_millis) {
            Err(e) => results.push(Some(SyncResult::conflict(a.id, refusal(e.code()), None))),
            Ok((now, at_millis)) => {
                results.push(None);
                sent.push(SyncAction {
                    id: a.id,
                    staff: StaffRequest {
                        code: a.code,
                        center_id: center.clone(),
                        street_id: street.clone(),
                        action: a.action.staff(),
                        reason: None,
                        now,
                        now_millis: at_millis,
                    },
                    received_millis: now_millis,
                });
            }
        }
    }
    let stored = st.store.sync(sent.clone()).await?;
    let own = |b: Option<Box<BookingRecord>>| -> Option<RosterEntry> {
        b.filter(|b| b.slot.center_id == v.center_id)
            .map(|b| b.for_staff())
    };
    let mut answers = sent.into_iter().zip(stored);
    for slot in results.iter_mut().filter(|r| r.is_none()) {
        let Some((a, outcome)) = answers.next() else {
            break;
        };
        let (id, code) = (a.id, a.staff.code);
        *slot = Some(match outcome {
            Ok(SyncStored::Applied(b)) => {
                tracing::info!(target: "linli::audit", %code, center = %v.center_id,
                    action = a.staff.action.as_str(), "booking changed by staff (queued)");
                SyncResult::done(id, false, b.for_staff())
            }
            Ok(SyncStored::Seen {
                refused: None,
                booking,
            }) => match own(booking) {
                Some(entry) => SyncResult::done(id, true, entry),
                None => SyncResult::conflict(id, refusal(ErrorCode::BookingNotFound), None),
            },
            Ok(SyncStored::Seen {
                refused: Some(error),
                booking,
            })
            | Ok(SyncStored::Refused { error, booking }) => {
                SyncResult::conflict(id, refusal(error), own(booking))
            }
            Ok(SyncStored::Reused) => {
                SyncResult::conflict(id, refusal(ErrorCode::IdempotencyKeyReused), None)
            }
            // The phone booked the slot again after its no-show: nothing
            // was made or recorded.
            Err(StoreError::AlreadyBooked) => {
                let booking = st.store.booking(code).await?.map(Box::new);
                SyncResult::conflict(id, refusal(ErrorCode::AlreadyBooked), own(booking))
            }
            // The store failed: the device sends its queue again later,
            // and what was made meanwhile answers `already_applied`.
            Err(e) => return Err(e.into()),
        });
    }
    let results = results.into_iter().flatten().collect();
    Ok(no_store(Json(SyncAnswer { results }).into_response()))
}

/// A refusal in the API's error shape. Only its code is kept with the id,
/// so a replay says it the same way: the text goes by the code.
fn refusal(code: ErrorCode) -> ApiError {
    let (message, field) = match code {
        ErrorCode::InvalidTransition => ("the booking has changed: this no longer applies", None),
        ErrorCode::SlotNotStarted => ("this can't be done before the slot starts", None),
        ErrorCode::SlotFull => ("the slot has no seats left for this party", None),
        ErrorCode::AlreadyBooked => ("this phone has booked the slot again since", None),
        ErrorCode::BookingNotFound => ("no booking with this code at this centre", Some("code")),
        ErrorCode::DeviceTimeInvalid => (
            "the device's time of this action is more than 7 days back or a day ahead",
            Some("at"),
        ),
        ErrorCode::IdempotencyKeyReused => (
            "this id was sent before for another booking or action",
            Some("id"),
        ),
        _ => ("this action was not applied", None),
    };
    ApiError {
        code,
        message: message.into(),
        field: field.map(str::to_owned),
    }
}
