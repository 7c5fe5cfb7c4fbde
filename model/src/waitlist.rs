//! Waiting lists: when a slot is full a resident can wait for a seat with
//! the same name, phone, consent and details as a booking. Entries are
//! promoted in order when seats free up, in the transaction that frees
//! them: into a confirmed booking at once, or, where the offering asks for
//! it, into a hold the resident confirms before it runs out.
//!
//! An entry's code is a [`BookingCode`] from the same space as bookings:
//! the booking a promotion makes keeps the entry's code, so the resident
//! has one code from joining to the service.

mod rules;

use serde::{Deserialize, Serialize};

use crate::booking::{BookingStatus, Channel, Consent, Details};
use crate::code::BookingCode;
use crate::phone::PhoneNumber;
use crate::record::BookingRecord;
use crate::roster::{mask_name, mask_phone};
use crate::schedule::Slot;
use crate::time::rfc3339;
use crate::validate::ValidBooking;

pub use rules::*;

/// Where an entry stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WaitStatus {
    /// In the queue, with a position.
    Waiting,
    /// Seats are held for it until `hold_until`: confirm to book them.
    Held,
    /// It became the booking with the same code.
    Promoted,
    /// The resident left the list.
    Left,
    /// A hold ran out unconfirmed; the seats went to the next entry.
    Expired,
    /// The slot started while it waited, or it could no longer be booked
    /// (the phone booked the slot itself, or reached its daily limit).
    Closed,
}

impl WaitStatus {
    pub const ALL: [WaitStatus; 6] = [
        WaitStatus::Waiting,
        WaitStatus::Held,
        WaitStatus::Promoted,
        WaitStatus::Left,
        WaitStatus::Expired,
        WaitStatus::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            WaitStatus::Waiting => "waiting",
            WaitStatus::Held => "held",
            WaitStatus::Promoted => "promoted",
            WaitStatus::Left => "left",
            WaitStatus::Expired => "expired",
            WaitStatus::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<WaitStatus> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Still on the list: counted against its cap, one per phone and slot.
    pub fn is_open(self) -> bool {
        matches!(self, WaitStatus::Waiting | WaitStatus::Held)
    }
}

/// An entry as a store keeps it: the booking it would become, in full.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitlistRecord {
    pub code: BookingCode,
    pub status: WaitStatus,
    pub slot: Slot,
    pub name: String,
    /// Canonical form; empty once erased.
    pub phone: String,
    pub party_size: u8,
    pub channel: Channel,
    pub consent: Consent,
    pub details: Details,
    /// The hold the offering asked for when it joined; `None`: promotion
    /// books at once.
    pub hold_minutes: Option<u16>,
    /// The offering's bookings per phone and day when it joined, checked
    /// again at promotion.
    pub daily_limit: Option<u8>,
    /// While held: when the hold runs out (Unix milliseconds).
    pub hold_until_millis: Option<i64>,
    /// Among the slot's waiting entries, 1 is next; `None` unless waiting.
    pub position: Option<u32>,
    pub created_at_millis: i64,
    pub updated_at_millis: i64,
}

impl WaitlistRecord {
    /// A new entry for a validated request that [`may_join`] allowed.
    pub fn joined(
        booking: &ValidBooking,
        code: BookingCode,
        hold_minutes: Option<u16>,
        daily_limit: Option<u8>,
        now_millis: i64,
    ) -> WaitlistRecord {
        let record = BookingRecord::confirmed(booking, code, now_millis);
        WaitlistRecord {
            code,
            status: WaitStatus::Waiting,
            slot: record.slot,
            name: record.name,
            phone: record.phone,
            party_size: record.party_size,
            channel: record.channel,
            consent: record.consent,
            details: record.details,
            hold_minutes,
            daily_limit,
            hold_until_millis: None,
            position: None,
            created_at_millis: now_millis,
            updated_at_millis: now_millis,
        }
    }

    /// Whether `phone` (canonical) joined with it; an erased phone matches
    /// nothing.
    pub fn is_for_phone(&self, phone: &str) -> bool {
        !self.phone.is_empty() && self.phone == phone
    }

    /// The confirmed booking a promotion makes of it, with its code.
    pub fn to_booking(&self, now_millis: i64) -> BookingRecord {
        BookingRecord {
            code: self.code,
            status: BookingStatus::Confirmed,
            slot: self.slot.clone(),
            name: self.name.clone(),
            phone: self.phone.clone(),
            party_size: self.party_size,
            channel: self.channel,
            consent: self.consent.clone(),
            details: self.details.clone(),
            created_at_millis: now_millis,
            updated_at_millis: now_millis,
            staff_action: None,
            cancel_reason: None,
        }
    }

    /// Drops name, phone and the personal details, like a booking's.
    pub fn erase_personal(&mut self) {
        self.name.clear();
        self.phone.clear();
        self.details = self.details.without_personal();
    }

    /// The entry as the resident sees it: phone masked, no private details.
    pub fn for_resident(&self) -> WaitlistEntry {
        WaitlistEntry {
            code: self.code,
            status: self.status,
            position: self.position,
            hold_until: self.hold_until_millis.map(rfc3339),
            slot_id: self.slot.id.to_string(),
            slot: self.slot.clone(),
            name: self.name.clone(),
            phone: self
                .phone
                .parse::<PhoneNumber>()
                .map(|p| p.masked())
                .unwrap_or_default(),
            party_size: self.party_size,
            created_at: rfc3339(self.created_at_millis),
        }
    }

    /// The entry on a volunteer's roster: name and phone masked.
    pub fn for_staff(&self) -> RosterWaiting {
        RosterWaiting {
            code: self.code,
            status: self.status,
            position: self.position,
            hold_until: self.hold_until_millis.map(rfc3339),
            name: mask_name(&self.name),
            phone: mask_phone(&self.phone),
            party_size: self.party_size,
        }
    }
}

/// A waiting-list entry as answered to the resident.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WaitlistEntry {
    /// The entry's code; a promotion's booking has the same one.
    pub code: BookingCode,
    pub status: WaitStatus,
    /// 1 is next; only while `waiting`.
    pub position: Option<u32>,
    /// While `held`: confirm before this (RFC 3339, UTC+8).
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub hold_until: Option<String>,
    pub slot: Slot,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::SlotId))]
    pub slot_id: String,
    pub name: String,
    /// Masked to its last four digits.
    pub phone: String,
    pub party_size: u8,
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub created_at: String,
}

/// A slot's open entry on the volunteer roster, in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RosterWaiting {
    pub code: BookingCode,
    pub status: WaitStatus,
    pub position: Option<u32>,
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub hold_until: Option<String>,
    /// Masked: `张*`.
    pub name: String,
    /// Masked as on the roster.
    pub phone: String,
    pub party_size: u8,
}

#[cfg(test)]
mod tests;
