//! Failures of a backend call, kept as data so pages can say what happened
//! in the resident's language.

use linli_model::ledger::LedgerError;
use linli_model::{ApiError, ErrorCode};

use super::device::StorageProblem;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BackendError {
    /// The request never got an answer: offline, server down, timeout.
    Network,
    /// The server answered with our error shape.
    Api { status: u16, error: ApiError },
    /// The server answered something we can't read (a proxy page, a bug).
    Unexpected { status: u16 },
    /// The device's own storage failed (static backend).
    Storage(StorageProblem),
}

/// The static backend's refusals read exactly like the API's: the same
/// codes and fields, with the status the server would have answered.
impl From<LedgerError> for BackendError {
    fn from(e: LedgerError) -> Self {
        use linli_model::validate::ErrorClass;
        let status = match &e {
            LedgerError::Booking(b) => match b.class() {
                ErrorClass::Invalid => 422,
                ErrorClass::NotFound => 404,
                ErrorClass::Conflict => 409,
            },
            LedgerError::NotFound => 404,
            LedgerError::NotCancellable | LedgerError::Transition(_) => 409,
            LedgerError::Reason(_) => 422,
            LedgerError::NewerVersion(_) => {
                return BackendError::Storage(StorageProblem::NewerVersion);
            }
        };
        BackendError::refusal(status, e.code(), "", e.field())
    }
}

impl BackendError {
    /// A refusal the app makes itself (static backend, device PIN) in the
    /// API's error shape, so pages read it like the server's. Pages say the
    /// code in the resident's words and never show `message`: formatting one
    /// from the model's error would only add its texts to the WASM.
    pub fn refusal(
        status: u16,
        code: ErrorCode,
        message: &str,
        field: Option<&str>,
    ) -> BackendError {
        BackendError::Api {
            status,
            error: ApiError {
                code,
                message: message.to_owned(),
                field: field.map(str::to_owned),
            },
        }
    }

    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            BackendError::Api { error, .. } => Some(error.code),
            _ => None,
        }
    }

    pub fn field(&self) -> Option<&str> {
        match self {
            BackendError::Api { error, .. } => error.field.as_deref(),
            _ => None,
        }
    }
}

impl std::fmt::Display for BackendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BackendError::Network => f.write_str("network error"),
            BackendError::Api { status, .. } => write!(f, "HTTP {status}"),
            BackendError::Unexpected { status } => write!(f, "unexpected answer (HTTP {status})"),
            BackendError::Storage(_) => f.write_str("device storage"),
        }
    }
}

impl std::error::Error for BackendError {}
