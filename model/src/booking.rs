//! Booking requests, as sent by the app, and bookings, as answered.

use serde::{Deserialize, Serialize};

use crate::catalog::ServiceKind;
use crate::code::BookingCode;
use crate::schedule::Slot;

/// Where a booking was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
/// and whether they consented to sensitive details being kept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consent {
    pub notice: String,
    #[serde(default)]
    pub sensitive: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dining {
    DineIn,
    Takeaway,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Diet {
    LowSalt,
    LowSugar,
    Soft,
    Vegetarian,
    Halal,
    NoSpicy,
}

impl Diet {
    pub const ALL: [Diet; 6] = [
        Diet::LowSalt,
        Diet::LowSugar,
        Diet::Soft,
        Diet::Vegetarian,
        Diet::Halal,
        Diet::NoSpicy,
    ];
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LegalTopic {
    Family,
    Labor,
    Housing,
    Contract,
    Consumer,
    Other,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisputeCategory {
    Neighbor,
    Family,
    Property,
    Labor,
    Other,
}

/// The fields that belong to one kind of service.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Details {
    Meal {
        dining: Dining,
        #[serde(default)]
        diet: Vec<Diet>,
    },
    Care {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        address: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    Legal {
        topic: LegalTopic,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        summary: Option<String>,
    },
    Mediation {
        category: DisputeCategory,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        other_party: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        summary: Option<String>,
    },
}

impl Details {
    pub fn kind(&self) -> ServiceKind {
        match self {
            Details::Meal { .. } => ServiceKind::Meal,
            Details::Care { .. } => ServiceKind::Care,
            Details::Legal { .. } => ServiceKind::Legal,
            Details::Mediation { .. } => ServiceKind::Mediation,
        }
    }

    /// Health needs and dispute descriptions are sensitive personal
    /// information: they need their own explicit consent.
    pub fn has_sensitive(&self) -> bool {
        let filled = |t: &Option<String>| t.as_deref().is_some_and(|t| !t.trim().is_empty());
        match self {
            Details::Meal { diet, .. } => !diet.is_empty(),
            Details::Care { note, .. } => filled(note),
            Details::Legal { .. } => false,
            Details::Mediation { summary, .. } => filled(summary),
        }
    }
}

/// `POST /bookings` body. Strings are checked by [`crate::validate`], so a
/// wrong value gets a field error rather than a parse failure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingRequest {
    pub slot_id: String,
    pub name: String,
    pub phone: String,
    pub party_size: i64,
    pub channel: Channel,
    pub consent: Consent,
    pub details: Details,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
pub struct Booking {
    pub code: BookingCode,
    pub status: BookingStatus,
    pub slot: Slot,
    pub slot_id: String,
    pub name: String,
    pub phone: String,
    pub party_size: u8,
    pub channel: Channel,
    pub consent: Consent,
    pub details: Details,
    pub created_at: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_are_tagged_by_kind() {
        let d: Details = serde_json::from_str(
            r#"{"kind":"meal","dining":"dine_in","diet":["low_salt","soft"]}"#,
        )
        .expect("valid");
        assert_eq!(
            d,
            Details::Meal {
                dining: Dining::DineIn,
                diet: vec![Diet::LowSalt, Diet::Soft]
            }
        );
        assert!(d.has_sensitive());
        let d: Details =
            serde_json::from_str(r#"{"kind":"legal","topic":"labor"}"#).expect("valid");
        assert_eq!(d.kind(), ServiceKind::Legal);
        assert!(!d.has_sensitive());
        assert!(serde_json::from_str::<Details>(r#"{"kind":"meal","dining":"picnic"}"#).is_err());
    }

    #[test]
    fn blank_texts_are_not_sensitive() {
        let d = Details::Care {
            address: None,
            note: Some("  ".into()),
        };
        assert!(!d.has_sensitive());
        let d = Details::Mediation {
            category: DisputeCategory::Neighbor,
            other_party: None,
            summary: Some("噪音".into()),
        };
        assert!(d.has_sensitive());
    }
}
