//! Where the app gets its data. Pages hold a [`Backend`] from context and
//! never know which implementation is behind it.

mod api;
mod device;
mod error;
mod static_files;
mod volunteer;
mod volunteer_api;
mod volunteer_device;
mod volunteer_queue;

use linli_model::catalog::ServiceKind;
use linli_model::schedule::Closures;
use linli_model::{
    Booking, BookingCode, BookingRequest, Catalog, CenterFile, CenterId, Date, ErrorCode, Slot,
    WaitlistEntry,
};

pub use device::{StorageProblem, ask_to_persist};
pub use error::BackendError;
pub use volunteer::{OfflineMark, SignInFailure, Staff, forget_staff};
pub use volunteer_queue::clear_storage_keeping_queue;

use crate::config::{AppConfig, BackendKind, Mode};
use linli_model::rating::{RatingBody, RatingState};

/// A booking as its resident looks it up, with its rating where the
/// backend keeps ratings (the server; a static kiosk doesn't).
#[derive(Clone, Debug)]
pub struct LookedUp {
    pub booking: Booking,
    pub rating: Option<RatingState>,
}

#[derive(Clone, Debug)]
pub enum Backend {
    Api(api::ApiBackend),
    Static(static_files::StaticBackend),
}

impl Backend {
    pub fn from_config(config: &AppConfig) -> Backend {
        match config.backend {
            BackendKind::Api => Backend::Api(api::ApiBackend::new(&config.api_base)),
            // Only a kiosk keeps bookings; a phone reading the same files
            // publishes schedules.
            BackendKind::Static => Backend::Static(static_files::StaticBackend::new(
                config.center.clone().filter(|_| config.mode == Mode::Kiosk),
                config.volunteer_pins.clone(),
            )),
        }
    }

    /// Whether residents can book here. False for a phone against static
    /// files: a booking only on the resident's phone would be no booking.
    pub fn books(&self) -> bool {
        match self {
            Backend::Api(_) => true,
            Backend::Static(files) => files.books(),
        }
    }

    /// Whether a server sends text messages for bookings: a static host
    /// has nobody to send them.
    pub fn sends_texts(&self) -> bool {
        match self {
            Backend::Api(_) => true,
            Backend::Static(_) => false,
        }
    }

    pub async fn catalog(&self) -> Result<Catalog, BackendError> {
        match self {
            Backend::Api(api) => api.catalog().await,
            Backend::Static(files) => files.catalog().await,
        }
    }

    /// The published closures, to say why a day has no service.
    pub async fn closures(&self) -> Result<Closures, BackendError> {
        match self {
            Backend::Api(api) => api.closures().await,
            Backend::Static(files) => files.closures().await,
        }
    }

    pub async fn center(&self, id: &CenterId) -> Result<CenterFile, BackendError> {
        match self {
            Backend::Api(api) => api.center(id).await,
            Backend::Static(files) => files.center(id).await,
        }
    }

    pub async fn slots(
        &self,
        center: &CenterId,
        kind: ServiceKind,
        from: Date,
        days: u32,
    ) -> Result<Vec<Slot>, BackendError> {
        match self {
            Backend::Api(api) => api.slots(center, kind, from, days).await,
            Backend::Static(files) => files.slots(center, kind, from, days).await,
        }
    }

    pub async fn book(
        &self,
        request: &BookingRequest,
        idempotency_key: &str,
    ) -> Result<Booking, BackendError> {
        match self {
            Backend::Api(api) => api.book(request, idempotency_key).await,
            Backend::Static(files) => files.book(request, idempotency_key).await,
        }
    }

    pub async fn booking(&self, code: &BookingCode, phone: &str) -> Result<LookedUp, BackendError> {
        match self {
            Backend::Api(api) => api.booking(code, phone).await,
            Backend::Static(files) => files.booking(code, phone).await.map(|booking| LookedUp {
                booking,
                rating: None,
            }),
        }
    }

    /// Rates an attended booking. Only the server keeps ratings: a static
    /// kiosk never offers it.
    pub async fn rate(&self, code: &BookingCode, body: &RatingBody) -> Result<(), BackendError> {
        match self {
            Backend::Api(api) => api.rate(code, body).await,
            Backend::Static(_) => Err(no_list()),
        }
    }

    /// Cancels with the phone the booking was made with (canonical form).
    pub async fn cancel(&self, code: &BookingCode, phone: &str) -> Result<Booking, BackendError> {
        match self {
            Backend::Api(api) => api.cancel(code, phone).await,
            Backend::Static(files) => files.cancel(code, phone).await,
        }
    }

    /// Joins a full slot's waiting list. Only the server keeps waiting
    /// lists: a static kiosk's slots never offer one.
    /// Joins a full slot's waiting list; `key` as a booking's: the same on
    /// a retry, so a lost answer never costs the resident their entry.
    pub async fn join(
        &self,
        request: &BookingRequest,
        key: &str,
    ) -> Result<WaitlistEntry, BackendError> {
        match self {
            Backend::Api(api) => api.join(request, key).await,
            Backend::Static(_) => Err(no_list()),
        }
    }

    /// A waiting-list entry by its code and phone (canonical form).
    pub async fn entry(
        &self,
        code: &BookingCode,
        phone: &str,
    ) -> Result<WaitlistEntry, BackendError> {
        match self {
            Backend::Api(api) => api.entry(code, phone).await,
            Backend::Static(_) => Err(no_list()),
        }
    }

    /// Leaves the list (`confirm` false) or confirms a hold (true): the
    /// confirmed booking is then looked up with [`Backend::booking`].
    pub async fn wait_action(
        &self,
        code: &BookingCode,
        phone: &str,
        confirm: bool,
    ) -> Result<(), BackendError> {
        match self {
            Backend::Api(api) => api.wait_action(code, phone, confirm).await,
            Backend::Static(_) => Err(no_list()),
        }
    }
}

/// What a static backend answers about waiting lists: no such entry.
fn no_list() -> BackendError {
    BackendError::refusal(404, ErrorCode::BookingNotFound, "", None)
}
