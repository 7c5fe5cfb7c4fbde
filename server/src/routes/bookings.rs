//! Booking, looking up and cancelling. A booking is found only with its code
//! AND its phone; every miss looks the same, so nothing reveals a booking.

use axum::Json;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use linli_model::validate::{parse_slot_id, validate_booking};
use linli_model::{BookingCode, BookingError, BookingRequest, CenterId, Channel, PhoneNumber};
use serde::Deserialize;

use super::no_store;
use crate::asset::sha256_hex;
use crate::error::AppError;
use crate::extract::{JsonBody, idempotency_key};
use crate::state::AppState;
use crate::store::{Booked, CancelOutcome, CancelRequest, IdempotencyKey, NewBooking};

/// Residents book on the kiosk or the web; staff book walk-ins (`staff.rs`).
const RESIDENT_CHANNELS: &[Channel] = &[Channel::Kiosk, Channel::Web];

pub async fn create(
    State(st): State<AppState>,
    headers: HeaderMap,
    JsonBody(req): JsonBody<BookingRequest>,
) -> Result<Response, AppError> {
    book(&st, &headers, req, RESIDENT_CHANNELS, None).await
}

/// Books through the model's validation and the writer, for residents and
/// (with `center` set: only that centre's slots) for staff.
pub(super) async fn book(
    st: &AppState,
    headers: &HeaderMap,
    req: BookingRequest,
    channels: &[Channel],
    center: Option<&CenterId>,
) -> Result<Response, AppError> {
    let idempotency = match idempotency_key(headers)? {
        Some(key) => {
            let request_hash = sha256_hex(&serde_json::to_vec(&req).unwrap_or_default());
            // A retry of an answered request gets the same answer, even if
            // the slot has started since.
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
            Some(IdempotencyKey { key, request_hash })
        }
        None => None,
    };
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
pub struct PhoneQuery {
    phone: Option<String>,
}

pub async fn lookup(
    State(st): State<AppState>,
    code: Result<Path<String>, PathRejection>,
    query: Result<Query<PhoneQuery>, QueryRejection>,
) -> Result<Response, AppError> {
    let phone = query.ok().and_then(|Query(q)| q.phone).unwrap_or_default();
    let (code, phone) = identify(code, &phone)?;
    let booking = st
        .store
        .booking(code)
        .await?
        .filter(|b| !b.phone.is_empty() && b.phone == phone)
        .ok_or(AppError::BookingNotFound)?;
    Ok(no_store(Json(booking.for_resident()).into_response()))
}

#[derive(Deserialize)]
pub struct CancelBody {
    phone: String,
}

pub async fn cancel(
    State(st): State<AppState>,
    code: Result<Path<String>, PathRejection>,
    JsonBody(body): JsonBody<CancelBody>,
) -> Result<Response, AppError> {
    let (code, phone) = identify(code, &body.phone)?;
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
        CancelOutcome::NotFound => Err(AppError::BookingNotFound),
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
