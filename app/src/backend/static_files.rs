//! The static backend: the catalog and centre files under `data/` from any
//! static web host, slots expanded here with the model's own function (the
//! server publishes the same), and, on a kiosk, bookings kept on the device
//! ([`super::device`]) under the same rules the server applies.
//!
//! A phone can't share the kiosk's storage, so without a kiosk centre this
//! backend only publishes schedules: [`StaticBackend::books`] is false and
//! the pages send residents to the centre's kiosk or phone instead.

use std::collections::BTreeMap;

use gloo_net::http::Request;
use linli_model::catalog::ServiceKind;
use linli_model::ledger::{LedgerError, NewBooking};
use linli_model::schedule::{Closures, available_slots};
use linli_model::validate::{BookingError, parse_slot_id, validate_booking};
use linli_model::{
    Booking, BookingCode, BookingRequest, Catalog, CenterFile, CenterId, Channel, Date, ErrorCode,
    Slot,
};
use serde::de::DeserializeOwned;

use super::{BackendError, api::decode, device};
use crate::platform;

/// Residents book on the kiosk; staff through the volunteer console.
const RESIDENT_CHANNELS: &[Channel] = &[Channel::Kiosk, Channel::Web];

#[derive(Clone, Debug)]
pub struct StaticBackend {
    /// The kiosk's centre: the only one whose bookings this device holds.
    center: Option<CenterId>,
    /// Centre id → its volunteer PIN's hash, from `config.json`.
    pins: BTreeMap<String, String>,
}

impl StaticBackend {
    pub fn new(kiosk_center: Option<CenterId>, pins: BTreeMap<String, String>) -> StaticBackend {
        StaticBackend {
            center: kiosk_center,
            pins,
        }
    }

    pub fn kiosk_center(&self) -> Option<&CenterId> {
        self.center.as_ref()
    }

    /// The PIN hash of `center`, only for the kiosk's own centre: its
    /// bookings are the only ones here.
    pub fn pin_hash(&self, center: &CenterId) -> Option<&str> {
        (self.center.as_ref() == Some(center))
            .then(|| self.pins.get(center.as_str()))
            .flatten()
            .map(String::as_str)
    }

    /// Whether bookings can be made here: only on the kiosk that keeps them.
    pub fn books(&self) -> bool {
        self.center.is_some()
    }

    pub async fn catalog(&self) -> Result<Catalog, BackendError> {
        file("data/catalog.json").await
    }

    pub async fn center(&self, id: &CenterId) -> Result<CenterFile, BackendError> {
        file(&format!("data/centers/{id}.json")).await
    }

    /// The published closures (holidays and the like). The file is
    /// optional: a host without it has none.
    pub async fn closures(&self) -> Result<Closures, BackendError> {
        match file("data/closures.json").await {
            Err(
                BackendError::Unexpected { status: 404 } | BackendError::Api { status: 404, .. },
            ) => Ok(Closures::default()),
            other => other,
        }
    }

    /// The published slots (the schedule less closures, by the same model
    /// function as the server's); on the kiosk with the seats its bookings leave.
    /// Elsewhere nobody knows the seats taken, so the full capacity shows
    /// as published (the page says so and doesn't offer booking).
    pub async fn slots(
        &self,
        center: &CenterId,
        kind: ServiceKind,
        from: Date,
        days: u32,
    ) -> Result<Vec<Slot>, BackendError> {
        let file = self.center(center).await?;
        let closures = self.closures().await?;
        let mut slots = available_slots(&file, &closures, Some(kind), from, days);
        if self.center.as_ref() == Some(center) {
            let ledger = device::read().await?;
            for slot in &mut slots {
                slot.remaining = slot.capacity.saturating_sub(ledger.seats_taken(&slot.id));
            }
        }
        Ok(slots)
    }

    pub async fn book(
        &self,
        request: &BookingRequest,
        idempotency_key: &str,
    ) -> Result<Booking, BackendError> {
        self.book_on_device(request, idempotency_key, RESIDENT_CHANNELS)
            .await
    }

    /// Books through the model's validation and the device's ledger, for
    /// residents and (channel `staff`) for volunteers of the kiosk's centre.
    pub(super) async fn book_on_device(
        &self,
        request: &BookingRequest,
        idempotency_key: &str,
        channels: &[Channel],
    ) -> Result<Booking, BackendError> {
        let center = self.center.as_ref().ok_or_else(not_here)?;
        let slot_id = parse_slot_id(request).map_err(LedgerError::from)?;
        let file = self.center(center).await?;
        let offering = file
            .offering(&slot_id.offering_id)
            .ok_or(LedgerError::Booking(BookingError::UnknownSlot))?;
        // A closed day is what the resident hears first, as on the server.
        self.closures()
            .await?
            .check_request(request, offering)
            .map_err(LedgerError::from)?;
        let booking = validate_booking(request, offering, platform::now(), channels)
            .map_err(LedgerError::from)?;
        let daily_limit = offering.daily_limit_per_phone;
        let key = idempotency_key.to_owned();
        let now_millis = js_sys::Date::now() as i64;
        let record = device::change(move |ledger| {
            let new = NewBooking {
                booking,
                daily_limit,
                idempotency_key: Some(&key),
                now_millis,
            };
            ledger.book(new, platform::random_code_bytes)
        })
        .await??;
        Ok(record.for_resident())
    }

    pub async fn booking(&self, code: &BookingCode, phone: &str) -> Result<Booking, BackendError> {
        let phone = canonical(phone)?;
        let ledger = device::read().await?;
        Ok(ledger.lookup(*code, &phone)?.for_resident())
    }

    pub async fn cancel(&self, code: &BookingCode, phone: &str) -> Result<Booking, BackendError> {
        let phone = canonical(phone)?;
        let code = *code;
        let now = platform::now();
        let now_millis = js_sys::Date::now() as i64;
        let record =
            device::change(move |ledger| ledger.cancel(code, &phone, now, now_millis)).await??;
        Ok(record.for_resident())
    }
}

/// A phone that doesn't parse finds nothing, like a wrong one.
fn canonical(phone: &str) -> Result<String, BackendError> {
    phone
        .parse::<linli_model::PhoneNumber>()
        .map(|p| p.canonical())
        .map_err(|_| LedgerError::NotFound.into())
}

/// Booking without a kiosk centre: a phone in static mode. The pages don't
/// offer it; this answers anything that asks anyway.
fn not_here() -> BackendError {
    BackendError::refusal(
        409,
        ErrorCode::BookAtCenter,
        "bookings are made at the centre's kiosk or by phone",
        None,
    )
}

/// A data file, relative to the app's base URL (so a sub-path works).
async fn file<T: DeserializeOwned>(path: &str) -> Result<T, BackendError> {
    decode(Request::get(path).send().await).await
}
