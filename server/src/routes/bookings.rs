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
use linli_model::{
    ApiErrorBody, Booking, BookingCode, BookingError, BookingRequest, CenterId, Channel,
    PhoneNumber,
};
use serde::Deserialize;
use utoipa::ToSchema;

use super::docs::{LookupsLimited, Malformed, NotJson, ResidentBooking, TooLarge, Unavailable};
use super::no_store;
use crate::asset::sha256_hex;
use crate::auth::ClientIp;
use crate::error::AppError;
use crate::extract::{JsonBody, idempotency_key};
use crate::state::AppState;
use crate::store::{Booked, CancelOutcome, CancelRequest, IdempotencyKey, NewBooking, StoreError};

/// Residents book on the kiosk or the web; staff book walk-ins (`staff.rs`).
pub(super) const RESIDENT_CHANNELS: &[Channel] = &[Channel::Kiosk, Channel::Web];

/// Book a slot.
///
/// A retry with the same `Idempotency-Key` and body answers the same
/// booking (201, header `Idempotent-Replayed: true`), never a second one.
#[utoipa::path(post, path = "/bookings", operation_id = "book", tag = "bookings",
    params(IdempotencyKeyHeader),
    request_body = ResidentBooking,
    responses(
        (status = 201, description = "the booking", body = Booking,
            headers(("Idempotent-Replayed" = String, description = "`true` on a replay")),
            links(
                ("LookUp" = (operation_id = "look_up_booking", request_body = json!({
                    "code": "$response.body#/code", "phone": "$request.body#/phone"}))),
                ("Cancel" = (operation_id = "cancel_booking",
                    parameters(("code" = "$response.body#/code")),
                    request_body = json!({"phone": "$request.body#/phone"}))),
                ("Rate" = (operation_id = "rate_booking",
                    parameters(("code" = "$response.body#/code")),
                    request_body = json!({"phone": "$request.body#/phone",
                        "satisfaction": "satisfied"}))),
            )),
        (status = 400, description = "malformed_json, or idempotency_key_required",
            body = ApiErrorBody),
        (status = 404, description = "slot_not_found", body = ApiErrorBody),
        (status = 409, description = "slot_full, slot_closed (started, or shut by \
            closures.json), slot_too_far_ahead (beyond the offering's booking horizon, 7 days by \
            default), already_booked (this phone already has this slot) or daily_limit_reached \
            (this phone already has the offering's daily limit of bookings that day, e.g. one \
            lunch)", body = ApiErrorBody),
        (status = 413, response = TooLarge),
        (status = 415, response = NotJson),
        (status = 422, description = "a field at fault (`field`): invalid_field (wrong type or \
            missing), invalid_slot_id, the name, phone, party size, details or consent rules, \
            channel_not_allowed (residents book as kiosk or web), idempotency_key_invalid or \
            idempotency_key_reused (the key was used for another body)", body = ApiErrorBody),
        (status = 429, description = "rate_limited: too many bookings from this address this \
            hour (kiosks have a larger allowance)", body = ApiErrorBody,
            headers(("Retry-After" = u64, description = "seconds to wait"))),
        (status = 503, response = Unavailable),
    ))]
pub async fn create(
    State(st): State<AppState>,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
    JsonBody(req): JsonBody<BookingRequest>,
) -> Result<Response, AppError> {
    book(&st, &headers, req, RESIDENT_CHANNELS, None, client).await
}

/// An Idempotency-Key with the hash of the request it came with: a retry
/// must send the same body (bookings and waiting-list joins alike).
pub(super) fn keyed(key: String, req: &BookingRequest) -> IdempotencyKey {
    IdempotencyKey {
        key,
        request_hash: sha256_hex(&serde_json::to_vec(req).unwrap_or_default()),
    }
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
    let idempotency = keyed(key, &req);
    // A retry of an answered request gets the same answer, even if the
    // slot has started since, and costs no allowance.
    if let Some((hash, booking)) = st.store.idempotent_booking(idempotency.key.clone()).await? {
        let same_center = center.is_none_or(|c| booking.slot.center_id == *c);
        if hash != idempotency.request_hash || !same_center {
            return Err(AppError::IdempotencyKeyReused);
        }
        return Ok(created(Booked {
            booking,
            replayed: true,
        }));
    }
    let idempotency = Some(idempotency);
    // Staff walk-ins (a centre given) are the centre's own: no allowance.
    if center.is_none() {
        st.throttles.booking(client)?;
    }
    let slot_id = parse_slot_id(&req)?;
    // Decided on the catalog served now; stored only if it is still the
    // database's, else decided again on the newer one (a closure or a
    // capacity saved meanwhile, here or on another instance).
    for _ in 0..3 {
        let catalog = st.catalog.get();
        let offering = catalog
            .offering(&slot_id.offering_id)
            .filter(|o| center.is_none_or(|c| o.center_id == *c))
            .ok_or(BookingError::UnknownSlot)?;
        // A closed day is refused first, as a started slot is, whatever
        // else the form says.
        catalog.closures().check_request(&req, offering)?;
        let now_millis = st.clock.unix_millis();
        let booking = validate_booking(&req, offering, st.clock.now(), channels)?;
        let answer = st
            .store
            .book(NewBooking {
                booking,
                daily_limit: offering.daily_limit_per_phone,
                idempotency: idempotency.clone(),
                now_millis,
                catalog_generation: catalog.generation,
            })
            .await;
        match answer {
            Err(StoreError::CatalogMoved) => {
                st.catalog
                    .refresh(&st.store, false)
                    .await
                    .map_err(|e| AppError::Unavailable(e.to_string()))?;
            }
            answer => return Ok(created(answer?)),
        }
    }
    Err(AppError::Unavailable(
        "the catalog kept changing during the booking".into(),
    ))
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

/// `Idempotency-Key`, which every booking needs: only documented here, it
/// is read from the headers by `idempotency_key`.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
#[allow(dead_code)]
pub(super) struct IdempotencyKeyHeader {
    /// A fresh random id per booking, the same on a retry: 1 to 100 visible
    /// ASCII characters. Without it 400 idempotency_key_required.
    #[param(
        rename = "Idempotency-Key",
        pattern = "^[!-~]{1,100}$",
        example = "b7c1e2d4-booking-1"
    )]
    key: String,
}

/// `POST /bookings/lookup` body.
#[derive(Deserialize, ToSchema)]
pub struct LookupBody {
    /// XXXX-XXXX; case, dashes and look-alikes are forgiven.
    #[schema(examples("K7QM-2P9D"))]
    code: String,
    #[schema(examples("13812345678"))]
    phone: String,
}

impl LookupBody {
    pub(super) fn code(&self) -> &str {
        &self.code
    }
    pub(super) fn phone(&self) -> &str {
        &self.phone
    }
}

/// A booking by its code and phone.
///
/// The phone travels in the body, never in a URL. An unknown code and a
/// wrong or malformed phone answer the same 404. Limited per client address
/// and per code.
#[utoipa::path(post, path = "/bookings/lookup", operation_id = "look_up_booking", tag = "bookings",
    request_body = LookupBody,
    responses(
        (status = 200, description = "the booking, with its rating's state",
            body = super::ratings::LookedUp),
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
    let (code, phone) = identify(&st, client, &body.code, &body.phone)?;
    let booking = st
        .store
        .booking(code)
        .await?
        .filter(|b| !b.phone.is_empty() && b.phone == phone);
    let Some(booking) = booking else {
        missed(&code, client);
        return Err(AppError::BookingNotFound);
    };
    let rated = st.store.rating(code).await?;
    let answer = super::ratings::LookedUp::new(&booking, rated, st.clock.now());
    Ok(no_store(Json(answer).into_response()))
}

/// A code tried with the wrong phone: worth a line, without the phone.
pub(super) fn missed(code: &BookingCode, client: Option<std::net::IpAddr>) {
    tracing::info!(target: "linli::audit", %code, client = ?client, "booking code tried with another phone");
}

/// `POST /bookings/{code}/cancel` body.
#[derive(Deserialize, ToSchema)]
pub struct CancelByPhone {
    #[schema(examples("13812345678"))]
    phone: String,
}

impl CancelByPhone {
    pub(super) fn phone(&self) -> &str {
        &self.phone
    }
}

/// Cancel a confirmed booking and free its seats.
///
/// Cancelling again answers 200 with the cancelled booking. The same 404
/// for an unknown code and a wrong phone, and the same limits, as a
/// look-up.
#[utoipa::path(post, path = "/bookings/{code}/cancel", operation_id = "cancel_booking", tag = "bookings",
    params(("code" = String, Path, description = "XXXX-XXXX; case, dashes and look-alikes are \
        forgiven")),
    request_body = CancelByPhone,
    responses(
        (status = 200, description = "the cancelled booking", body = Booking),
        (status = 400, response = Malformed),
        (status = 404, description = "booking_not_found", body = ApiErrorBody),
        (status = 409, description = "slot_closed (the slot has started) or not_cancellable \
            (checked in or no-show)", body = ApiErrorBody),
        (status = 413, response = TooLarge),
        (status = 415, response = NotJson),
        (status = 422, description = "invalid_field: the body is not {phone}",
            body = ApiErrorBody),
        (status = 429, response = LookupsLimited),
        (status = 503, response = Unavailable),
    ))]
pub async fn cancel(
    State(st): State<AppState>,
    ClientIp(client): ClientIp,
    code: Result<Path<String>, PathRejection>,
    JsonBody(body): JsonBody<CancelByPhone>,
) -> Result<Response, AppError> {
    let Ok(Path(code)) = code else {
        return Err(AppError::BookingNotFound);
    };
    let (code, phone) = identify(&st, client, &code, &body.phone)?;
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

/// The code and canonical phone, or the one 404 for every kind of miss;
/// counts the try against the code's and the client's look-up limits.
pub(super) fn identify(
    st: &AppState,
    client: Option<std::net::IpAddr>,
    code: &str,
    phone: &str,
) -> Result<(BookingCode, String), AppError> {
    let code: BookingCode = code.parse().map_err(|_| AppError::BookingNotFound)?;
    let phone: PhoneNumber = phone.parse().map_err(|_| AppError::BookingNotFound)?;
    st.throttles.lookup(client, &code)?;
    Ok((code, phone.canonical()))
}
