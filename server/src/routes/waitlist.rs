//! Waiting lists: joining a full slot's list, looking an entry up, leaving
//! it and confirming a hold. Like bookings, an entry is found only with
//! its code AND its phone, every miss looks the same, and tries are
//! limited per client and per code; the rules are the model's
//! (`linli_model::waitlist`), the promotion the store's.

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use linli_model::validate::{parse_slot_id, validate_booking};
use linli_model::waitlist::hold_expired;
use linli_model::{ApiErrorBody, Booking, BookingError, BookingRequest, WaitlistEntry};

use super::bookings::{CancelByPhone, LookupBody, RESIDENT_CHANNELS, identify, keyed, missed};
use super::docs::{LookupsLimited, Malformed, NotJson, ResidentBooking, TooLarge, Unavailable};
use super::no_store;
use crate::auth::ClientIp;
use crate::error::AppError;
use crate::extract::{JsonBody, idempotency_key};
use crate::state::AppState;
use crate::store::{ConfirmOutcome, LeaveOutcome, NewWaitEntry, StoreError, WaitRequest};

/// Join a full slot's waiting list.
///
/// The same body as a booking. Answers the entry with its `code` and
/// `position` (1 is next). When seats free up, the first entries that fit
/// are promoted in order: to a confirmed booking with the entry's code, or,
/// where the offering asks for it, to a hold (`held`, until `hold_until`)
/// to confirm. With an `Idempotency-Key` (as a booking's; optional here),
/// a retry with the same key and body answers the entry it made.
#[utoipa::path(post, path = "/waitlist", operation_id = "join_waitlist", tag = "waitlist",
    params(JoinKeyHeader),
    request_body = ResidentBooking,
    responses(
        (status = 201, description = "the entry, waiting, with its position", body = WaitlistEntry),
        (status = 400, response = Malformed),
        (status = 404, description = "slot_not_found", body = ApiErrorBody),
        (status = 409, description = "slot_not_full (the party fits: book instead), \
            already_waiting, already_booked, waitlist_full (twice the capacity wait already), \
            slot_closed or slot_too_far_ahead", body = ApiErrorBody),
        (status = 413, response = TooLarge),
        (status = 415, response = NotJson),
        (status = 422, description = "a field at fault, as for a booking; \
            idempotency_key_invalid, or idempotency_key_reused (the key was used for another \
            body)", body = ApiErrorBody),
        (status = 429, description = "rate_limited, with the bookings' allowance",
            body = ApiErrorBody,
            headers(("Retry-After" = u64, description = "seconds to wait"))),
        (status = 503, response = Unavailable),
    ))]
pub async fn join(
    State(st): State<AppState>,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
    JsonBody(req): JsonBody<BookingRequest>,
) -> Result<Response, AppError> {
    let idempotency = idempotency_key(&headers)?.map(|key| keyed(key, &req));
    st.throttles.booking(client)?;
    let slot_id = parse_slot_id(&req)?;
    // As a booking: decided on the catalog served now, stored only if it
    // is still the database's (see `bookings::book`).
    let mut tries = 0;
    let entry = loop {
        tries += 1;
        let catalog = st.catalog.get();
        let offering = catalog
            .offering(&slot_id.offering_id)
            .ok_or(BookingError::UnknownSlot)?;
        catalog.closures().check_request(&req, offering)?;
        let booking = validate_booking(&req, offering, st.clock.now(), RESIDENT_CHANNELS)?;
        let answer = st
            .store
            .join_waitlist(NewWaitEntry {
                booking,
                daily_limit: offering.daily_limit_per_phone,
                hold_minutes: offering.waitlist_hold(),
                idempotency: idempotency.clone(),
                now: st.clock.now(),
                now_millis: st.clock.unix_millis(),
                catalog_generation: catalog.generation,
            })
            .await;
        match answer {
            Err(StoreError::CatalogMoved) if tries < 3 => st
                .catalog
                .refresh(&st.store, false)
                .await
                .map(|_| ())
                .map_err(|e| AppError::Unavailable(e.to_string()))?,
            answer => break answer?,
        }
    };
    Ok(no_store(
        (StatusCode::CREATED, Json(entry.for_resident())).into_response(),
    ))
}

/// `Idempotency-Key` of a join: optional, read by `idempotency_key`.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
#[allow(dead_code)]
pub(super) struct JoinKeyHeader {
    /// A fresh random id per join, the same on a retry: 1 to 100 visible
    /// ASCII characters.
    #[param(
        rename = "Idempotency-Key",
        pattern = "^[!-~]{1,100}$",
        example = "b7c1e2d4-join-1"
    )]
    key: Option<String>,
}

/// A waiting-list entry by its code and phone.
///
/// `promoted`: the booking with the same code is made (look it up as a
/// booking). `held`: confirm before `hold_until`. The same 404 for every
/// miss and the same limits as a booking's look-up.
#[utoipa::path(post, path = "/waitlist/lookup", operation_id = "look_up_waitlist",
    tag = "waitlist",
    request_body = LookupBody,
    responses(
        (status = 200, description = "the entry", body = WaitlistEntry),
        (status = 400, response = Malformed),
        (status = 404, description = "booking_not_found", body = ApiErrorBody),
        (status = 413, response = TooLarge),
        (status = 415, response = NotJson),
        (status = 422, description = "invalid_field: the body is not {code, phone}",
            body = ApiErrorBody),
        (status = 429, response = LookupsLimited),
        (status = 503, response = Unavailable),
    ))]
pub async fn lookup(
    State(st): State<AppState>,
    ClientIp(client): ClientIp,
    JsonBody(body): JsonBody<LookupBody>,
) -> Result<Response, AppError> {
    let (code, phone) = identify(&st, client, body.code(), body.phone())?;
    let mut found = st.store.wait_entry(code).await?;
    // A hold that ran out (or a slot that started) since the last sweep is
    // settled now, so the answer is never stale.
    let now_millis = st.clock.unix_millis();
    let stale = found.as_ref().is_some_and(|e| {
        hold_expired(e, now_millis)
            || (e.status == linli_model::WaitStatus::Waiting && !e.slot.is_open_at(st.clock.now()))
    });
    if stale {
        st.store
            .settle_waitlists(st.clock.now(), now_millis)
            .await?;
        found = st.store.wait_entry(code).await?;
    }
    let Some(entry) = found.filter(|e| e.is_for_phone(&phone)) else {
        missed(&code, client);
        return Err(AppError::BookingNotFound);
    };
    Ok(no_store(Json(entry.for_resident()).into_response()))
}

fn request(
    st: &AppState,
    client: Option<std::net::IpAddr>,
    code: &str,
    phone: &str,
) -> Result<WaitRequest, AppError> {
    let (code, phone) = identify(st, client, code, phone)?;
    Ok(WaitRequest {
        code,
        phone,
        now: st.clock.now(),
        now_millis: st.clock.unix_millis(),
    })
}

/// Leave a waiting list.
///
/// A held entry's seats go to the next entries at once. Leaving again
/// answers 200 with the entry.
#[utoipa::path(post, path = "/waitlist/{code}/leave", operation_id = "leave_waitlist",
    tag = "waitlist",
    params(("code" = String, Path, description = "XXXX-XXXX; case, dashes and look-alikes are \
        forgiven")),
    request_body = CancelByPhone,
    responses(
        (status = 200, description = "the entry, left", body = WaitlistEntry),
        (status = 400, response = Malformed),
        (status = 404, description = "booking_not_found", body = ApiErrorBody),
        (status = 409, description = "not_cancellable: promoted (cancel the booking), \
            expired or closed", body = ApiErrorBody),
        (status = 413, response = TooLarge),
        (status = 415, response = NotJson),
        (status = 422, description = "invalid_field: the body is not {phone}",
            body = ApiErrorBody),
        (status = 429, response = LookupsLimited),
        (status = 503, response = Unavailable),
    ))]
pub async fn leave(
    State(st): State<AppState>,
    ClientIp(client): ClientIp,
    code: Result<Path<String>, PathRejection>,
    JsonBody(body): JsonBody<CancelByPhone>,
) -> Result<Response, AppError> {
    let Ok(Path(code)) = code else {
        return Err(AppError::BookingNotFound);
    };
    let req = request(&st, client, &code, body.phone())?;
    let code = req.code;
    match st.store.leave_waitlist(req).await? {
        LeaveOutcome::Left(e) => Ok(no_store(Json(e.for_resident()).into_response())),
        LeaveOutcome::Refused(r) => {
            missed(&code, client);
            Err(r.into())
        }
    }
}

/// Confirm a hold: the held seats become a confirmed booking with the
/// entry's code.
///
/// Confirming again answers the booking again.
#[utoipa::path(post, path = "/waitlist/{code}/confirm", operation_id = "confirm_hold",
    tag = "waitlist",
    params(("code" = String, Path, description = "XXXX-XXXX; case, dashes and look-alikes are \
        forgiven")),
    request_body = CancelByPhone,
    responses(
        (status = 200, description = "the booking", body = Booking),
        (status = 400, response = Malformed),
        (status = 404, description = "booking_not_found", body = ApiErrorBody),
        (status = 409, description = "hold_expired (the seats went to the next entry) or \
            not_held (still waiting, left or closed)", body = ApiErrorBody),
        (status = 413, response = TooLarge),
        (status = 415, response = NotJson),
        (status = 422, description = "invalid_field: the body is not {phone}",
            body = ApiErrorBody),
        (status = 429, response = LookupsLimited),
        (status = 503, response = Unavailable),
    ))]
pub async fn confirm(
    State(st): State<AppState>,
    ClientIp(client): ClientIp,
    code: Result<Path<String>, PathRejection>,
    JsonBody(body): JsonBody<CancelByPhone>,
) -> Result<Response, AppError> {
    let Ok(Path(code)) = code else {
        return Err(AppError::BookingNotFound);
    };
    let req = request(&st, client, &code, body.phone())?;
    match st.store.confirm_hold(req).await? {
        ConfirmOutcome::Booked(b) => Ok(no_store(Json(b.for_resident()).into_response())),
        ConfirmOutcome::Refused(r) => Err(r.into()),
    }
}
