//! The API's error body: `{"error": {"code", "message", "field"}}`, and
//! the booking rules' errors with their codes, fields and status classes.

use serde::{Deserialize, Serialize};

use crate::MAX_FREE_TEXT;
use crate::error_code::ErrorCode;
use crate::phone::PhoneError;
use crate::validate::MAX_NAME;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    /// A stable code the app translates for the resident.
    pub code: ErrorCode,
    /// A human text in English, for developers and logs.
    pub message: String,
    /// The request field at fault, if one is (`null` otherwise).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub field: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiErrorBody {
    pub error: ApiError,
}

impl ApiErrorBody {
    pub fn new(code: ErrorCode, message: impl Into<String>, field: Option<&str>) -> Self {
        ApiErrorBody {
            error: ApiError {
                code,
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

/// Why a booking request can't be accepted. Each names the field at fault,
/// and its `code` is part of the API contract.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BookingError {
    #[error("the slot id is malformed")]
    BadSlotId,
    #[error("there is no such slot")]
    UnknownSlot,
    #[error("this slot has already started or is closed")]
    SlotClosed,
    #[error("this slot can be booked at most {days} days ahead")]
    TooFarAhead { days: u32 },
    #[error("this slot is full")]
    SlotFull,
    #[error("this phone number already has a booking for this slot")]
    AlreadyBooked,
    /// The offering's `daily_limit_per_phone` is reached (e.g. one lunch a
    /// day): its own code, so the app can say which day is taken.
    #[error("this phone number already has as many bookings of this service that day as allowed")]
    DailyLimitReached,
    #[error("please enter a name")]
    NameRequired,
    #[error("a name is at most {MAX_NAME} characters")]
    NameTooLong,
    #[error("a name can't contain control or invisible characters and must have a visible one")]
    NameInvalid,
    #[error("{0}")]
    Phone(PhoneError),
    #[error("the party size must be between 1 and {max}")]
    PartySize { max: u8 },
    #[error("these details are for a {found} service, but the slot is {expected}")]
    DetailsKind {
        expected: &'static str,
        found: &'static str,
    },
    #[error("a home service needs the address to visit")]
    AddressRequired,
    #[error("this class is for residents aged {min_age} or over: confirm the age to book")]
    AgeConfirmationRequired { min_age: u8 },
    #[error("{field} is at most {MAX_FREE_TEXT} characters")]
    TextTooLong { field: &'static str },
    #[error("{field} can't contain control or invisible characters")]
    TextInvalid { field: &'static str },
    #[error("this price band is not offered for this service")]
    UnknownPriceBand,
    #[error("health needs and descriptions are kept only with explicit consent")]
    SensitiveConsentRequired,
    #[error("text messages need a mobile number")]
    SmsNeedsMobile,
    #[error("the privacy notice version shown is missing")]
    NoticeRequired,
    #[error("this channel can't be used here")]
    ChannelNotAllowed,
}

/// How the API answers an error: the HTTP status class it belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorClass {
    Invalid,
    NotFound,
    Conflict,
}

impl BookingError {
    pub fn code(&self) -> ErrorCode {
        match self {
            BookingError::BadSlotId => ErrorCode::InvalidSlotId,
            BookingError::UnknownSlot => ErrorCode::SlotNotFound,
            BookingError::SlotClosed => ErrorCode::SlotClosed,
            BookingError::TooFarAhead { .. } => ErrorCode::SlotTooFarAhead,
            BookingError::SlotFull => ErrorCode::SlotFull,
            BookingError::AlreadyBooked => ErrorCode::AlreadyBooked,
            BookingError::DailyLimitReached => ErrorCode::DailyLimitReached,
            BookingError::NameRequired => ErrorCode::NameRequired,
            BookingError::NameTooLong => ErrorCode::NameTooLong,
            BookingError::NameInvalid => ErrorCode::NameInvalid,
            BookingError::Phone(PhoneError::Empty) => ErrorCode::PhoneRequired,
            BookingError::Phone(PhoneError::Invalid) => ErrorCode::PhoneInvalid,
            BookingError::PartySize { .. } => ErrorCode::PartySizeOutOfRange,
            BookingError::DetailsKind { .. } => ErrorCode::DetailsKindMismatch,
            BookingError::AddressRequired => ErrorCode::AddressRequired,
            BookingError::AgeConfirmationRequired { .. } => ErrorCode::AgeConfirmationRequired,
            BookingError::TextTooLong { .. } => ErrorCode::TextTooLong,
            BookingError::TextInvalid { .. } => ErrorCode::TextInvalid,
            BookingError::UnknownPriceBand => ErrorCode::PriceBandInvalid,
            BookingError::SensitiveConsentRequired => ErrorCode::ConsentRequired,
            BookingError::SmsNeedsMobile => ErrorCode::SmsNeedsMobile,
            BookingError::NoticeRequired => ErrorCode::NoticeRequired,
            BookingError::ChannelNotAllowed => ErrorCode::ChannelNotAllowed,
        }
    }

    /// The request field at fault, as named in the JSON body.
    pub fn field(&self) -> Option<&'static str> {
        Some(match self {
            BookingError::BadSlotId | BookingError::UnknownSlot => "slot_id",
            BookingError::SlotClosed
            | BookingError::TooFarAhead { .. }
            | BookingError::SlotFull
            | BookingError::AlreadyBooked
            | BookingError::DailyLimitReached => return None,
            BookingError::NameRequired | BookingError::NameTooLong | BookingError::NameInvalid => {
                "name"
            }
            BookingError::Phone(_) => "phone",
            BookingError::PartySize { .. } => "party_size",
            BookingError::DetailsKind { .. } => "details",
            BookingError::AddressRequired => "details.address",
            BookingError::AgeConfirmationRequired { .. } => "details.age_confirmed",
            BookingError::UnknownPriceBand => "details.price_band",
            BookingError::TextTooLong { field } | BookingError::TextInvalid { field } => field,
            BookingError::SensitiveConsentRequired => "consent",
            BookingError::SmsNeedsMobile => "consent.sms",
            BookingError::NoticeRequired => "consent.notice",
            BookingError::ChannelNotAllowed => "channel",
        })
    }

    pub fn class(&self) -> ErrorClass {
        match self {
            BookingError::UnknownSlot => ErrorClass::NotFound,
            BookingError::SlotClosed
            | BookingError::TooFarAhead { .. }
            | BookingError::SlotFull
            | BookingError::AlreadyBooked
            | BookingError::DailyLimitReached => ErrorClass::Conflict,
            _ => ErrorClass::Invalid,
        }
    }
}
