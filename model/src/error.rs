//! The API's error body: `{"error": {"code", "message", "field"}}`.

use serde::{Deserialize, Serialize};

use crate::validate::BookingError;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    /// A stable snake_case code the app translates for the resident.
    pub code: String,
    /// A human text in English, for developers and logs.
    pub message: String,
    /// The request field at fault, if one is.
    pub field: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiErrorBody {
    pub error: ApiError,
}

impl ApiErrorBody {
    pub fn new(code: impl Into<String>, message: impl Into<String>, field: Option<&str>) -> Self {
        ApiErrorBody {
            error: ApiError {
                code: code.into(),
                message: message.into(),
                field: field.map(str::to_owned),
            },
        }
    }
}

impl From<&BookingError> for ApiErrorBody {
    fn from(e: &BookingError) -> Self {
        ApiErrorBody::new(e.code(), e.to_string(), e.field())
    }
}
