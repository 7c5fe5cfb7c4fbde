//! The volunteer console on a static kiosk: the same roster, actions,
//! walk-ins and CSV as the server's, built here from the device's ledger
//! with the model's functions, and a PIN checked against the salted slow
//! hash in `config.json` with the browser's own PBKDF2 (Web Crypto).

use std::cell::Cell;

use js_sys::{Array, Uint8Array};
use linli_model::export::BookingsExport;
use linli_model::ledger::LedgerError;
use linli_model::roster::{build, csv};
use linli_model::staff::DevicePinHash;
use linli_model::time::rfc3339;
use linli_model::{
    Booking, BookingCode, BookingRequest, CenterId, Channel, Date, Roster, ServiceKind, StaffAction,
};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::static_files::StaticBackend;
use super::{BackendError, device};
use crate::platform;

/// Wrong PINs before the device waits, and how long: the server's rule.
const MAX_TRIES: u32 = 5;
const LOCK_MILLIS: f64 = 60_000.0;

thread_local! {
    /// (wrong tries, when the lock ends). In memory: a reload starts over,
    /// but each try costs a PBKDF2 of 600,000 rounds anyway.
    static TRIES: Cell<(u32, f64)> = const { Cell::new((0, 0.0)) };
}

/// Whether `pin` matches `stored` (a [`DevicePinHash`] line from
/// `linli-server pin hash`). `Err` with the seconds to wait while locked out.
pub async fn check_pin(stored: &str, pin: &str) -> Result<bool, u32> {
    let now = js_sys::Date::now();
    let (tries, locked_until) = TRIES.get();
    if now < locked_until {
        return Err(((locked_until - now) / 1000.0).ceil() as u32);
    }
    let matches = match stored.parse::<DevicePinHash>() {
        Ok(hash) => derive(DevicePinHash::password(pin), hash.salt(), hash.iterations())
            .await
            .is_some_and(|derived| hash.matches(&derived)),
        // A malformed line in config.json matches no PIN.
        Err(_) => false,
    };
    if matches {
        TRIES.set((0, 0.0));
    } else if tries + 1 >= MAX_TRIES {
        TRIES.set((0, now + LOCK_MILLIS));
    } else {
        TRIES.set((tries + 1, 0.0));
    }
    Ok(matches)
}

/// PBKDF2-HMAC-SHA-256 of the PIN, 32 bytes, by Web Crypto.
async fn derive(pin: &[u8], salt: &[u8], rounds: u32) -> Option<Vec<u8>> {
    let subtle = web_sys::window()?.crypto().ok()?.subtle();
    let usages = Array::of1(&JsValue::from_str("deriveBits"));
    let pin_bytes = Uint8Array::from(pin);
    let key = subtle
        .import_key_with_str("raw", &pin_bytes, "PBKDF2", false, &usages)
        .ok()?;
    let key: web_sys::CryptoKey = JsFuture::from(key).await.ok()?.dyn_into().ok()?;
    let params =
        web_sys::Pbkdf2Params::new_with_str("PBKDF2", "SHA-256", rounds, &Uint8Array::from(salt));
    let bits = subtle.derive_bits_with_object(&params, &key, 256).ok()?;
    let bits = JsFuture::from(bits).await.ok()?;
    Some(Uint8Array::new(&bits).to_vec())
}

/// The device's side of [`super::Staff`]: the kiosk's static backend.
#[derive(Clone, Debug)]
pub struct StaffDevice {
    pub files: StaticBackend,
}

impl StaffDevice {
    pub async fn roster(
        &self,
        center: &CenterId,
        date: Date,
        kind: Option<ServiceKind>,
    ) -> Result<Roster, BackendError> {
        let file = self.files.center(center).await?;
        let ledger = device::read().await?;
        let bookings: Vec<_> = ledger
            .on_day(center, date)
            .into_iter()
            .filter(|b| kind.is_none_or(|k| b.slot.kind == k))
            .collect();
        Ok(build(&file, date, kind, &bookings))
    }

    pub async fn phone(
        &self,
        center: &CenterId,
        code: BookingCode,
    ) -> Result<String, BackendError> {
        let ledger = device::read().await?;
        ledger
            .by_code(code)
            .filter(|b| b.slot.center_id == *center)
            .map(|b| b.phone.clone())
            .ok_or_else(|| LedgerError::NotFound.into())
    }

    pub async fn act(
        &self,
        center: &CenterId,
        code: BookingCode,
        action: StaffAction,
        reason: Option<String>,
    ) -> Result<(), BackendError> {
        let center = center.clone();
        let (now, now_millis) = (platform::now(), js_sys::Date::now() as i64);
        device::change(move |ledger| {
            ledger
                .act(&center, code, action, reason.as_deref(), now, now_millis)
                .map(drop)
        })
        .await?
        .map_err(BackendError::from)
    }

    pub async fn walk_in(
        &self,
        request: &BookingRequest,
        key: &str,
    ) -> Result<Booking, BackendError> {
        self.files
            .book_on_device(request, key, &[Channel::Staff])
            .await
    }

    /// The day's CSV, rendered by the same model code as the server's.
    pub async fn roster_csv(&self, center: &CenterId, date: Date) -> Result<String, BackendError> {
        Ok(csv::render(&self.roster(center, date, None).await?))
    }

    /// Every booking of the centre on this device, for a server to import.
    pub async fn export(&self, center: &CenterId) -> Result<String, BackendError> {
        let ledger = device::read().await?;
        let bookings = ledger
            .bookings
            .into_iter()
            .filter(|b| b.slot.center_id == *center)
            .collect();
        let export = BookingsExport::new(
            center.clone(),
            rfc3339(js_sys::Date::now() as i64),
            bookings,
        );
        serde_json::to_string(&export).map_err(|_| BackendError::Unexpected { status: 0 })
    }
}
