//! Where the app gets its data. Pages hold a [`Backend`] from context and
//! never know which implementation is behind it.

mod api;
mod error;
mod volunteer;

use linli_model::catalog::ServiceKind;
use linli_model::{
    Booking, BookingCode, BookingRequest, Catalog, CenterFile, CenterId, Date, Slot,
};

pub use error::BackendError;
pub use volunteer::{SignInFailure, Staff, forget_staff};

use crate::config::AppConfig;

#[derive(Clone, Debug)]
pub enum Backend {
    Api(api::ApiBackend),
}

impl Backend {
    pub fn from_config(config: &AppConfig) -> Backend {
        // The static backend joins here (issue: the static backend); until
        // then every configuration talks to the JSON API.
        Backend::Api(api::ApiBackend::new(&config.api_base))
    }

    pub async fn catalog(&self) -> Result<Catalog, BackendError> {
        match self {
            Backend::Api(api) => api.catalog().await,
        }
    }

    pub async fn center(&self, id: &CenterId) -> Result<CenterFile, BackendError> {
        match self {
            Backend::Api(api) => api.center(id).await,
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
        }
    }

    pub async fn book(
        &self,
        request: &BookingRequest,
        idempotency_key: &str,
    ) -> Result<Booking, BackendError> {
        match self {
            Backend::Api(api) => api.book(request, idempotency_key).await,
        }
    }

    pub async fn booking(&self, code: &BookingCode, phone: &str) -> Result<Booking, BackendError> {
        match self {
            Backend::Api(api) => api.booking(code, phone).await,
        }
    }

    /// Cancels with the phone the booking was made with (canonical form).
    pub async fn cancel(&self, code: &BookingCode, phone: &str) -> Result<Booking, BackendError> {
        match self {
            Backend::Api(api) => api.cancel(code, phone).await,
        }
    }
}
