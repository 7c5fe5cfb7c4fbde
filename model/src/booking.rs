//! Booking requests, as sent by the app, and bookings, as answered.

use serde::{Deserialize, Serialize};

use crate::code::BookingCode;
use crate::schedule::Slot;

// The kind-specific details live in their own module; they belong to a
// booking, so they are reachable from here too.
pub use crate::details::{Details, Diet, Dining, DisputeCategory, LegalTopic};

/// Where a booking was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Kiosk,
    Web,
    /// Booked by a volunteer for a walk-in or a phone call.
    Staff,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Kiosk => "kiosk",
            Channel::Web => "web",
            Channel::Staff => "staff",
        }
    }
}

/// What the resident agreed to: the version of the privacy notice shown,
/// whether they consented to sensitive details being kept, and whether
/// (and in which language) they want text messages about the booking.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Consent {
    /// The version of the privacy notice shown (1 to 40 characters).
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::NoticeVersion))]
    pub notice: String,
    /// Must be true when the details hold diet, a care note or a mediation
    /// summary (else 422 on `consent`).
    #[serde(default)]
    pub sensitive: bool,
    /// Text messages about this booking (confirmation, reminders,
    /// waiting-list news, a cancellation by the centre) to its phone, in
    /// this language: a separate choice, off unless ticked. Absent or null:
    /// none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sms: Option<crate::text::Lang>,
}

/// `POST /bookings` body. Strings are checked by the model's validation
/// (`validate.rs`), so a wrong value gets a field error rather than a
/// parse failure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookingRequest {
    #[cfg_attr(feature = "openapi", schema(value_type = crate::SlotId))]
    pub slot_id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::PersonName))]
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::PhoneNumber))]
    pub phone: String,
    /// 1 to the offering's `max_party` (never more than 255).
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 255))]
    #[serde(deserialize_with = "whole_number")]
    pub party_size: i64,
    pub channel: Channel,
    pub consent: Consent,
    pub details: Details,
}

/// As [`whole_number`], within `u32`.
pub(crate) fn whole_u32<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    let n = whole_number(d)?;
    u32::try_from(n)
        .map_err(|_| serde::de::Error::invalid_value(serde::de::Unexpected::Signed(n), &"a u32"))
}

/// An integer as JSON (and JSON Schema) counts one: `2` and also `2.0`,
/// which serde alone refuses for an `i64`.
fn whole_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    struct Whole;
    impl serde::de::Visitor<'_> for Whole {
        type Value = i64;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("i64")
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<i64, E> {
            Ok(v)
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<i64, E> {
            i64::try_from(v)
                .map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(v), &self))
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<i64, E> {
            // Within ±2^53 every whole f64 is exact, and far beyond any party.
            let exact = v.fract() == 0.0 && v.abs() <= 9_007_199_254_740_992.0;
            if exact {
                Ok(v as i64)
            } else {
                Err(E::invalid_type(serde::de::Unexpected::Float(v), &self))
            }
        }
    }
    d.deserialize_i64(Whole)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BookingStatus {
    Confirmed,
    Cancelled,
    CheckedIn,
    NoShow,
}

impl BookingStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            BookingStatus::Confirmed => "confirmed",
            BookingStatus::Cancelled => "cancelled",
            BookingStatus::CheckedIn => "checked_in",
            BookingStatus::NoShow => "no_show",
        }
    }

    pub fn parse(s: &str) -> Option<BookingStatus> {
        [
            Self::Confirmed,
            Self::Cancelled,
            Self::CheckedIn,
            Self::NoShow,
        ]
        .into_iter()
        .find(|st| st.as_str() == s)
    }

    /// Active bookings hold seats.
    pub fn is_active(self) -> bool {
        matches!(self, BookingStatus::Confirmed | BookingStatus::CheckedIn)
    }
}

/// A booking as answered to the resident. The phone is masked: whoever asks
/// already knows it, and answers travel through logs and caches.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Booking {
    pub code: BookingCode,
    pub status: BookingStatus,
    pub slot: Slot,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::SlotId))]
    pub slot_id: String,
    pub name: String,
    /// Masked to its last four digits: `*******5678`.
    pub phone: String,
    pub party_size: u8,
    pub channel: Channel,
    pub consent: Consent,
    /// As requested, checked and trimmed, except that the care note and the
    /// mediation summary are never returned: they are kept for the staff.
    pub details: Details,
    /// RFC 3339 in the centres' time (UTC+8).
    #[cfg_attr(feature = "openapi", schema(format = DateTime, examples("2026-11-27T10:05:09+08:00")))]
    pub created_at: String,
    /// Present when the centre cancelled it (a closure or a volunteer),
    /// with the reason given, for "已由服务中心取消：元旦休息".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancelled_by_centre: Option<CentreCancellation>,
}

/// The centre's cancellation of a booking, as its resident sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CentreCancellation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}
