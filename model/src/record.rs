//! A booking as a store keeps it: every field, the full phone number and
//! the times it was made and last changed. The server's SQLite store and the
//! static backend's on-device ledger both hold these, and the bookings
//! export carries them from one to the other.
//!
//! Nothing here goes to a resident or a volunteer as it is: residents get
//! [`BookingRecord::for_resident`], volunteers [`BookingRecord::for_staff`].

use serde::{Deserialize, Serialize};

use crate::booking::{Booking, BookingStatus, CentreCancellation, Channel, Consent, Details};
use crate::code::BookingCode;
use crate::phone::PhoneNumber;
use crate::roster::{RosterEntry, mask_name, mask_phone};
use crate::schedule::Slot;
use crate::staff::StaffAction;
use crate::time::rfc3339;
use crate::validate::ValidBooking;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingRecord {
    pub code: BookingCode,
    pub status: BookingStatus,
    pub slot: Slot,
    pub name: String,
    /// Canonical form; empty once erased.
    pub phone: String,
    pub party_size: u8,
    pub channel: Channel,
    pub consent: Consent,
    pub details: Details,
    pub created_at_millis: i64,
    pub updated_at_millis: i64,
    /// The last change a volunteer made, if any.
    #[serde(default)]
    pub staff_action: Option<StaffAction>,
    #[serde(default)]
    pub cancel_reason: Option<String>,
}

impl BookingRecord {
    /// The record of a newly admitted booking (see [`crate::rules::admit`]):
    /// confirmed, with its code, made now.
    pub fn confirmed(booking: &ValidBooking, code: BookingCode, now_millis: i64) -> BookingRecord {
        BookingRecord {
            code,
            status: BookingStatus::Confirmed,
            slot: booking.slot.clone(),
            name: booking.name.as_str().to_owned(),
            phone: booking.phone.canonical(),
            party_size: booking.party_size,
            channel: booking.channel,
            consent: booking.consent.clone(),
            details: booking.details.clone(),
            created_at_millis: now_millis,
            updated_at_millis: now_millis,
            staff_action: None,
            cancel_reason: None,
        }
    }

    /// Seats the booking holds now: its party while active, none otherwise.
    pub fn seats_held(&self) -> u32 {
        if self.status.is_active() {
            u32::from(self.party_size)
        } else {
            0
        }
    }

    /// Whether `phone` (canonical) is the one this booking was made with.
    /// An erased phone matches nothing.
    pub fn is_for_phone(&self, phone: &str) -> bool {
        !self.phone.is_empty() && self.phone == phone
    }

    /// The resident-facing booking: the phone is masked, and the care note
    /// and mediation description are left out (kept for the staff). Every
    /// answer about a booking (created, looked up, cancelled) goes through
    /// here, in both backends.
    pub fn for_resident(&self) -> Booking {
        let phone = self
            .phone
            .parse::<PhoneNumber>()
            .map(|p| p.masked())
            .unwrap_or_default();
        Booking {
            code: self.code,
            status: self.status,
            slot_id: self.slot.id.to_string(),
            slot: self.slot.clone(),
            name: self.name.clone(),
            phone,
            party_size: self.party_size,
            channel: self.channel,
            consent: self.consent.clone(),
            details: self.details.for_resident(),
            created_at: rfc3339(self.created_at_millis),
            cancelled_by_centre: (self.status == BookingStatus::Cancelled
                && self.staff_action == Some(StaffAction::Cancel))
            .then(|| CentreCancellation {
                reason: self.cancel_reason.clone(),
            }),
        }
    }

    /// The booking on a volunteer's roster: name and phone masked and only
    /// the details staff need ([`Details::for_staff`]).
    pub fn for_staff(&self) -> RosterEntry {
        RosterEntry {
            code: self.code,
            name: mask_name(&self.name),
            phone: mask_phone(&self.phone),
            party_size: self.party_size,
            status: self.status,
            channel: self.channel,
            created_at: rfc3339(self.created_at_millis),
            updated_at: rfc3339(self.updated_at_millis),
            staff_action: self.staff_action,
            cancel_reason: self.cancel_reason.clone(),
            details: self.details.for_staff(),
        }
    }
}
