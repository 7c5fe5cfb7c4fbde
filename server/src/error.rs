//! One error type for every handler, answered as `{"error": {code, message, field}}`.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use linli_model::ApiErrorBody;
use linli_model::account::AccountError;
use linli_model::catalog_edit::{EditError, Version};
use linli_model::manage::RefusalDetail;
use linli_model::rating::{MAX_RATING_COMMENT, RatingRefusal};
use linli_model::staff::ReasonError;
use linli_model::validate::{BookingError, ErrorClass};
use linli_model::waitlist::{WaitError, WaitRefusal};
use linli_model::{ErrorCode, PinError, TransitionError};

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// A booking rule of the model (its `class` gives the status).
    #[error(transparent)]
    Booking(#[from] BookingError),
    #[error("the request body is not valid JSON")]
    MalformedJson,
    /// JSON of the wrong shape: a missing field or a value of the wrong type.
    #[error("{message}")]
    InvalidField {
        field: Option<String>,
        message: String,
    },
    #[error("the request body must be JSON (Content-Type: application/json)")]
    UnsupportedMediaType,
    #[error("the request body is too large")]
    BodyTooLarge,
    /// A query parameter out of range or malformed.
    #[error("{message}")]
    InvalidParameter {
        field: &'static str,
        message: &'static str,
    },
    #[error(
        "a booking needs an Idempotency-Key header (a fresh random id per booking, the same on a retry)"
    )]
    IdempotencyKeyRequired,
    #[error("the Idempotency-Key header must be 1 to 100 visible ASCII characters")]
    IdempotencyKeyInvalid,
    #[error("this Idempotency-Key was already used for a different request")]
    IdempotencyKeyReused,
    #[error("there is no such centre")]
    CenterNotFound,
    /// Unknown code, wrong phone or malformed input alike: never reveal which.
    #[error("no booking matches this code and phone number")]
    BookingNotFound,
    #[error("this booking was already used or missed and can't be cancelled")]
    NotCancellable,
    #[error("there is nothing at this address")]
    NotFound,
    #[error("this method is not allowed here")]
    MethodNotAllowed,
    /// No bearer token, a malformed or unknown one, or an expired session.
    #[error("please sign in with the centre's PIN")]
    Unauthorized,
    /// A wrong PIN, an unknown centre or a centre without a PIN: one answer.
    #[error("the PIN is not right for this centre")]
    InvalidPin,
    #[error("{}", .what.message())]
    RateLimited {
        what: Limited,
        retry_after_secs: u64,
    },
    #[error(transparent)]
    Wait(#[from] WaitError),
    #[error(transparent)]
    WaitRefused(#[from] WaitRefusal),
    /// Why a booking can't be rated (now); its comment's faults too.
    #[error("{}", rating_message(*.0))]
    Rating(RatingRefusal),
    #[error(transparent)]
    Transition(#[from] TransitionError),
    #[error(transparent)]
    Reason(#[from] ReasonError),
    #[error(transparent)]
    Pin(#[from] PinError),
    /// The management console: no session, or an ended one.
    #[error("please sign in")]
    SignInRequired,
    /// A wrong user name or password, or a disabled account: one answer.
    #[error("the user name or password is not right")]
    InvalidCredentials { field: Option<&'static str> },
    #[error("your account can't do this here")]
    Forbidden,
    #[error("this change needs the session's CSRF token in the X-CSRF-Token header")]
    CsrfTokenInvalid,
    /// A user name, password or role that breaks the model's rule.
    #[error("{error}")]
    Account {
        error: AccountError,
        field: &'static str,
    },
    #[error("this user name is taken")]
    UserNameTaken,
    #[error("there is no such account")]
    AccountNotFound,
    #[error("administrators can't disable or reset their own account")]
    OwnAccount,
    /// A catalog edit the model refuses.
    #[error(transparent)]
    Edit(#[from] EditError),
    /// A catalog save against an older version: the answer carries the
    /// record as it is now (`current`), for the console to show.
    #[error("someone else saved this since you opened it (now version {})", .version.0)]
    Stale {
        version: Version,
        current: serde_json::Value,
    },
    /// A closure that would cancel bookings, not confirmed.
    #[error("this closure would cancel {count} bookings: look at them and confirm")]
    ClosureHasBookings { count: usize },
    /// Storage failed; the details go to the log, never to the client.
    #[error("the service is briefly unavailable, please try again")]
    Unavailable(String),
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Booking(e) => match e.class() {
                ErrorClass::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
                ErrorClass::NotFound => StatusCode::NOT_FOUND,
                ErrorClass::Conflict => StatusCode::CONFLICT,
            },
            AppError::MalformedJson | AppError::IdempotencyKeyRequired => StatusCode::BAD_REQUEST,
            AppError::InvalidField { .. }
            | AppError::InvalidParameter { .. }
            | AppError::IdempotencyKeyInvalid
            | AppError::IdempotencyKeyReused => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::CenterNotFound | AppError::BookingNotFound | AppError::NotFound => {
                StatusCode::NOT_FOUND
            }
            AppError::NotCancellable | AppError::Transition(_) | AppError::Wait(_) => {
                StatusCode::CONFLICT
            }
            AppError::WaitRefused(WaitRefusal::NotFound) => StatusCode::NOT_FOUND,
            AppError::WaitRefused(_) => StatusCode::CONFLICT,
            // As a booking that can't be cancelled: the booking's state.
            AppError::Rating(RatingRefusal::CommentTooLong | RatingRefusal::CommentInvalid) => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            AppError::Rating(_) => StatusCode::CONFLICT,
            AppError::Unauthorized | AppError::InvalidPin => StatusCode::UNAUTHORIZED,
            AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Reason(_) | AppError::Pin(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            AppError::SignInRequired => StatusCode::UNAUTHORIZED,
            AppError::InvalidCredentials { field: None } => StatusCode::UNAUTHORIZED,
            // A wrong current password of a signed-in member: a field error.
            AppError::InvalidCredentials { field: Some(_) } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Forbidden | AppError::CsrfTokenInvalid => StatusCode::FORBIDDEN,
            AppError::Account { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::UserNameTaken | AppError::OwnAccount => StatusCode::CONFLICT,
            AppError::AccountNotFound => StatusCode::NOT_FOUND,
            AppError::Edit(EditError::ClosureNotFound) => StatusCode::NOT_FOUND,
            AppError::Edit(
                EditError::ClosureExists
                | EditError::CapacityBelowBooked { .. }
                | EditError::DropsBookedSlot { .. },
            ) => StatusCode::CONFLICT,
            AppError::Edit(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Stale { .. } | AppError::ClosureHasBookings { .. } => StatusCode::CONFLICT,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            AppError::Booking(e) => e.code(),
            AppError::MalformedJson => ErrorCode::MalformedJson,
            AppError::InvalidField { .. } => ErrorCode::InvalidField,
            AppError::UnsupportedMediaType => ErrorCode::UnsupportedMediaType,
            AppError::BodyTooLarge => ErrorCode::BodyTooLarge,
            AppError::InvalidParameter { .. } => ErrorCode::InvalidParameter,
            AppError::IdempotencyKeyRequired => ErrorCode::IdempotencyKeyRequired,
            AppError::IdempotencyKeyInvalid => ErrorCode::IdempotencyKeyInvalid,
            AppError::IdempotencyKeyReused => ErrorCode::IdempotencyKeyReused,
            AppError::CenterNotFound => ErrorCode::CenterNotFound,
            AppError::BookingNotFound => ErrorCode::BookingNotFound,
            AppError::NotCancellable => ErrorCode::NotCancellable,
            AppError::NotFound => ErrorCode::NotFound,
            AppError::MethodNotAllowed => ErrorCode::MethodNotAllowed,
            AppError::Unauthorized => ErrorCode::Unauthorized,
            AppError::InvalidPin => ErrorCode::InvalidPin,
            AppError::RateLimited { .. } => ErrorCode::RateLimited,
            AppError::Transition(e) => e.code(),
            AppError::Wait(e) => e.code(),
            AppError::WaitRefused(e) => e.code(),
            AppError::Rating(r) => r.code(),
            AppError::Reason(e) => e.code(),
            AppError::Pin(e) => e.code(),
            AppError::Unavailable(_) => ErrorCode::Unavailable,
            AppError::SignInRequired => ErrorCode::Unauthorized,
            AppError::InvalidCredentials { .. } => ErrorCode::InvalidCredentials,
            AppError::Forbidden => ErrorCode::Forbidden,
            AppError::CsrfTokenInvalid => ErrorCode::CsrfTokenInvalid,
            AppError::Account { error, .. } => error.code(),
            AppError::UserNameTaken => ErrorCode::UserNameTaken,
            AppError::AccountNotFound => ErrorCode::AccountNotFound,
            AppError::OwnAccount => ErrorCode::OwnAccount,
            AppError::Edit(e) => e.code(),
            AppError::Stale { .. } => ErrorCode::StaleVersion,
            AppError::ClosureHasBookings { .. } => ErrorCode::ClosureHasBookings,
        }
    }

    pub fn field(&self) -> Option<String> {
        if let AppError::Edit(e) = self {
            return e.field();
        }
        self.plain_field().map(str::to_owned)
    }

    fn plain_field(&self) -> Option<&str> {
        match self {
            AppError::Booking(e) => e.field(),
            AppError::InvalidField { field, .. } => field.as_deref(),
            AppError::InvalidParameter { field, .. } => Some(field),
            AppError::IdempotencyKeyRequired
            | AppError::IdempotencyKeyInvalid
            | AppError::IdempotencyKeyReused => Some("idempotency_key"),
            AppError::Reason(_) => Some("reason"),
            AppError::Rating(RatingRefusal::CommentTooLong | RatingRefusal::CommentInvalid) => {
                Some("comment")
            }
            AppError::Pin(_) | AppError::InvalidPin => Some("pin"),
            AppError::InvalidCredentials { field } => *field,
            AppError::Account { field, .. } => Some(field),
            AppError::UserNameTaken => Some("user_name"),
            _ => None,
        }
    }
}

impl AppError {
    /// The figures of a refused catalog edit, answered beside the error.
    fn detail(&self) -> Option<RefusalDetail> {
        match self {
            AppError::Edit(EditError::CapacityBelowBooked {
                slot,
                booked,
                capacity,
            }) => Some(RefusalDetail {
                slot_id: Some(slot.to_string()),
                booked: Some(*booked),
                capacity: Some(*capacity),
                ..RefusalDetail::default()
            }),
            AppError::Edit(EditError::DropsBookedSlot { slot, booked }) => Some(RefusalDetail {
                slot_id: Some(slot.to_string()),
                booked: Some(*booked),
                ..RefusalDetail::default()
            }),
            AppError::ClosureHasBookings { count } => Some(RefusalDetail {
                bookings: Some(*count),
                ..RefusalDetail::default()
            }),
            _ => None,
        }
    }
}

fn rating_message(refusal: RatingRefusal) -> String {
    match refusal {
        RatingRefusal::NotAttended => {
            "only a service you attended (checked in) can be rated".into()
        }
        RatingRefusal::AlreadyRated => "this booking has already been rated".into(),
        RatingRefusal::Closed => "a service can be rated only until a week after its day".into(),
        RatingRefusal::CommentTooLong => {
            format!("the comment can have at most {MAX_RATING_COMMENT} characters")
        }
        RatingRefusal::CommentInvalid => "the comment has characters that can't be shown".into(),
    }
}

/// What a 429 limited, for its message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limited {
    Pins,
    /// Wrong staff passwords.
    SignIns,
    Lookups,
    Bookings,
}

impl Limited {
    fn message(self) -> &'static str {
        match self {
            Limited::Pins => "too many wrong PINs: please wait before trying again",
            Limited::SignIns => "too many wrong passwords: please wait before trying again",
            Limited::Lookups => "too many look-ups: please wait before trying again",
            Limited::Bookings => "too many bookings from here: please wait or ask at the centre",
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> AppError {
        match e {
            StoreError::SlotFull => BookingError::SlotFull.into(),
            StoreError::AlreadyBooked => BookingError::AlreadyBooked.into(),
            StoreError::DailyLimitReached => BookingError::DailyLimitReached.into(),
            StoreError::IdempotencyKeyReused => AppError::IdempotencyKeyReused,
            StoreError::UserNameTaken => AppError::UserNameTaken,
            StoreError::Wait(e) => AppError::Wait(e),
            other => AppError::Unavailable(other.to_string()),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Unavailable(detail) = &self {
            // Storage errors name tables and constraints, never request data.
            tracing::error!(%detail, "storage unavailable");
        }
        let body = ApiErrorBody::new(self.code(), self.to_string(), self.field().as_deref());
        let extra = match &self {
            AppError::Stale { current, .. } => Some(("current", current.clone())),
            _ => self
                .detail()
                .map(|d| ("detail", serde_json::to_value(d).unwrap_or_default())),
        };
        let mut response = match extra {
            Some((key, value)) => {
                let mut body = serde_json::to_value(&body).unwrap_or_default();
                body[key] = value;
                (self.status(), Json(body)).into_response()
            }
            None => (self.status(), Json(body)).into_response(),
        };
        let headers = response.headers_mut();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        match self {
            AppError::Unavailable(_) => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            }
            AppError::RateLimited {
                retry_after_secs, ..
            } => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
            }
            AppError::Unauthorized | AppError::SignInRequired => {
                headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            _ => {}
        }
        response
    }
}

/// `text`, then ": " and each cause under `e` (its sources, not `e`
/// itself): a connection error says why, down to the socket's words.
pub fn with_causes(mut text: String, e: &dyn std::error::Error) -> String {
    let mut cause = e.source();
    while let Some(c) = cause {
        text.push_str(&format!(": {c}"));
        cause = c.source();
    }
    text
}
