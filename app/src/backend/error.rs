//! Failures of a backend call, kept as data so pages can say what happened
//! in the resident's language.

use linli_model::ApiError;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BackendError {
    /// The request never got an answer: offline, server down, timeout.
    Network,
    /// The server answered with our error shape.
    Api { status: u16, error: ApiError },
    /// The server answered something we can't read (a proxy page, a bug).
    Unexpected { status: u16 },
}

impl BackendError {
    pub fn code(&self) -> Option<&str> {
        match self {
            BackendError::Api { error, .. } => Some(&error.code),
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
            BackendError::Api { status, error } => write!(f, "HTTP {status}: {}", error.code),
            BackendError::Unexpected { status } => write!(f, "unexpected answer (HTTP {status})"),
        }
    }
}

impl std::error::Error for BackendError {}
