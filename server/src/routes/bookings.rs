//! Booking, looking up and cancelling. A booking is found only with its code
//! AND its phone; every miss looks the same, so nothing reveals a booking,
//! and tries are limited per client and per code (`throttle.rs`). The phone
//! travels in a JSON body, never in a URL that proxies and logs keep.

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use linli_model::validate::{parse_slot_id, validate_booking};
use linli_model::{BookingCode, BookingError, BookingRequest, CenterId, Channel, PhoneNumber};
use serde::Deserialize;

use super::no_store;
use crate::asset::sha256_hex;
use crate::auth::ClientIp;
use crate::error::AppError;
use crate::extract::{JsonBody, idempotency_key};
use crate::state::AppState;
use crate::store::{Booked, CancelOutcome, CancelRequest, IdempotencyKey, NewBooking};

/// Residents book on the kiosk or the web; staff book walk-ins (`staff.rs`).
const RESIDENT_CHANNELS: &[Channel] = &[Channel::Kiosk, Channel::Web];

pub async fn create(
    State(st): State<AppState>,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
    JsonBody(req): JsonBody<BookingRequest>,
) -> Result<Response, AppError> {
    book(&st, &headers, req, RESIDENT_CHANNELS, None, client).await
}

/// Books through the model's validation and the writer, for residents and
/// (with `center` set: only that centre's slots) for staff.
pub(super) async fn book(
    st: &AppState,
    headers: &HeaderMap,
    req: BookingRequest,
    channels: &[Channel],
    center: Option<&CenterId>,
    client: Option<std::net::IpAddr>,
) -> Result<Response, AppError> {
    // Without a key, a retry after a lost answer would book twice.
    let key = idempotency_key(headers)?.ok_or(AppError::IdempotencyKeyRequired)?;
    let request_hash = sha256_hex(&serde_json::to_vec(&req).unwrap_or_default());
    // A retry of an answered request gets the same answer, even if the
    // slot has started since, and costs no allowance.
    if let Some((hash, booking)) = st.store.idempotent_booking(key.clone()).await? {
        let same_center = center.is_none_or(|c| booking.slot.center_id == *c);
        if hash != request_hash || !same_center {
            return Err(AppError::IdempotencyKeyReused);
        }
        return Ok(created(Booked {
            booking,
            replayed: true,
        }));
    }
    let idempotency = Some(IdempotencyKey { key, request_hash });
    // Staff walk-ins (a centre given) are the centre's own: no allowance.
    if center.is_none() {
        st.throttles.booking(client)?;
    }
    let slot_id = parse_slot_id(&req)?;
    let offering = st
        .catalog
        .offering(&slot_id.offering_id)
        .filter(|o| center.is_none_or(|c| o.center_id == *c))
        .ok_or(BookingError::UnknownSlot)?;
    // A closed day is refused first, as a started slot is, whatever else
    // the form says.
    st.catalog.closures().check_request(&req, offering)?;
    let now_millis = st.clock.unix_millis();
    let booking = validate_booking(&req, offering, st.clock.now(), channels)?;
    let booked = st
        .store
        .book(NewBooking {
            booking,
            daily_limit: offering.daily_limit_per_phone,
            idempotency,
            now_millis,
        })
        .await?;
    Ok(created(booked))
}

fn created(booked: Booked) -> Response {
    let mut response = (StatusCode::CREATED, Json(booked.booking.for_resident())).into_response();
    if booked.replayed {
        response
            .headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    no_store(response)
}

#[derive(Deserialize)]
pub struct LookupBody {
    code: String,
    phone: String,
}

/// `POST /bookings/lookup` with `{code, phone}`.
pub async fn lookup(
    State(st): State<AppState>,
    ClientIp(client): ClientIp,
    JsonBody(body): JsonBody<LookupBody>,
) -> Result<Response, AppError> {
    let (code, phone) = identify(Ok(Path(body.code)), &body.phone)?;
    st.throttles.lookup(client, &code)?;
    let booking = st
        .store
        .booking(code)
        .await?
        .filter(|b| !b.phone.is_empty() && b.phone == phone);
    let Some(booking) = booking else {
        missed(&code, client);
        return Err(AppError::BookingNotFound);
    };
    Ok(no_store(Json(booking.for_resident()).into_response()))
}

/// A code tried with the wrong phone: worth a line, without the phone.
fn missed(code: &BookingCode, client: Option<std::net::IpAddr>) {
    tracing::info!(target: "linli::audit", %code, client = ?client, "booking code tried with another phone");
}

#[derive(Deserialize)]
pub struct CancelBody {
    phone: String,
}

pub async fn cancel(
    State(st): State<AppState>,
    ClientIp(client): ClientIp,
    code: Result<Path<String>, PathRejection>,
    JsonBody(body): JsonBody<CancelBody>,
) -> Result<Response, AppError> {
    let (code, phone) = identify(code, &body.phone)?;
    st.throttles.lookup(client, &code)?;
    let outcome = st
        .store
        .cancel(CancelRequest {
            code,
            phone,
            now: st.clock.now(),
            now_millis: st.clock.unix_millis(),
        })
        .await?;
    match outcome {
        CancelOutcome::Cancelled(b) | CancelOutcome::AlreadyCancelled(b) => {
            Ok(no_store(Json(b.for_resident()).into_response()))
        }
        CancelOutcome::NotFound => {
            missed(&code, client);
            Err(AppError::BookingNotFound)
        }
        CancelOutcome::SlotStarted => Err(BookingError::SlotClosed.into()),
        CancelOutcome::NotCancellable(_) => Err(AppError::NotCancellable),
    }
}

/// The code and canonical phone, or the one 404 for every kind of miss.
fn identify(
    code: Result<Path<String>, PathRejection>,
    phone: &str,
) -> Result<(BookingCode, String), AppError> {
    let Ok(Path(code)) = code else {
        return Err(AppError::BookingNotFound);
    };
    let code: BookingCode = code.parse().map_err(|_| AppError::BookingNotFound)?;
    let phone: PhoneNumber = phone.parse().map_err(|_| AppError::BookingNotFound)?;
    Ok((code, phone.canonical()))
}
