//! The volunteer console's shapes: signing in, the day's roster with its
//! counts and kitchen summary. The server answers them; the app reads them
//! (and the static backend builds them on the kiosk with the same tally).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::booking::{BookingStatus, Channel, Details, Diet, Dining};
use crate::catalog::ServiceKind;
use crate::code::BookingCode;
use crate::ids::{CenterId, OfferingId, SlotId};
use crate::phone::PhoneNumber;
use crate::staff::StaffAction;
use crate::text::LocalizedText;
use crate::time::{Date, TimeOfDay};
use crate::validate::PersonName;

/// `POST /volunteer/session` body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionRequest {
    pub center_id: String,
    pub pin: String,
}

/// `POST /volunteer/session` answer: the bearer token for the centre.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VolunteerSession {
    /// 64 hex characters; send it as `Authorization: Bearer …`.
    #[cfg_attr(feature = "openapi", schema(pattern = "^[0-9a-f]{64}$"))]
    pub token: String,
    /// RFC 3339, local time: the latest end, if it stays in use.
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub expires_at: String,
    pub center_id: CenterId,
}

/// `GET /volunteer/roster`: one centre's slots on one day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Roster {
    pub center_id: CenterId,
    pub date: Date,
    /// The kind asked for, or `null` for every kind.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub kind: Option<ServiceKind>,
    /// The counts of every slot below, added up.
    pub totals: RosterCounts,
    pub slots: Vec<RosterSlot>,
}

/// Seats, not bookings: a party of 3 is 3 seats.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RosterCounts {
    pub capacity: u32,
    /// Seats held by active bookings (confirmed and checked in).
    pub booked: u32,
    pub checked_in: u32,
    pub no_show: u32,
    pub remaining: u32,
}

impl RosterCounts {
    pub fn add(&mut self, other: &RosterCounts) {
        self.capacity += other.capacity;
        self.booked += other.booked;
        self.checked_in += other.checked_in;
        self.no_show += other.no_show;
        self.remaining += other.remaining;
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(from = "RosterSlotFields")]
pub struct RosterSlot {
    pub id: SlotId,
    pub offering_id: OfferingId,
    pub offering_name: LocalizedText,
    pub kind: ServiceKind,
    pub date: Date,
    pub start: TimeOfDay,
    pub end: TimeOfDay,
    #[serde(flatten)]
    pub counts: RosterCounts,
    /// Meal sittings only: what the kitchen prepares.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kitchen: Option<KitchenSummary>,
    /// Every booking of the slot, cancelled ones too, oldest first.
    pub bookings: Vec<RosterEntry>,
    /// The slot's open waiting-list entries: held ones first, then in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub waiting: Vec<crate::waitlist::RosterWaiting>,
}

/// [`RosterSlot`] as it is read: the same JSON, with the counts' fields
/// listed here. Reading a `flatten`ed field goes through serde's buffered
/// content, which costs the app's WASM kilobytes.
#[derive(Deserialize)]
struct RosterSlotFields {
    id: SlotId,
    offering_id: OfferingId,
    offering_name: LocalizedText,
    kind: ServiceKind,
    date: Date,
    start: TimeOfDay,
    end: TimeOfDay,
    capacity: u32,
    booked: u32,
    checked_in: u32,
    no_show: u32,
    remaining: u32,
    #[serde(default)]
    kitchen: Option<KitchenSummary>,
    bookings: Vec<RosterEntry>,
    #[serde(default)]
    waiting: Vec<crate::waitlist::RosterWaiting>,
}

impl From<RosterSlotFields> for RosterSlot {
    fn from(f: RosterSlotFields) -> Self {
        RosterSlot {
            id: f.id,
            offering_id: f.offering_id,
            offering_name: f.offering_name,
            kind: f.kind,
            date: f.date,
            start: f.start,
            end: f.end,
            counts: RosterCounts {
                capacity: f.capacity,
                booked: f.booked,
                checked_in: f.checked_in,
                no_show: f.no_show,
                remaining: f.remaining,
            },
            kitchen: f.kitchen,
            bookings: f.bookings,
            waiting: f.waiting,
        }
    }
}

/// A booking as a volunteer sees it: name and phone masked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RosterEntry {
    pub code: BookingCode,
    /// `张*`.
    pub name: String,
    /// `*******5678`; the full number only through the audited reveal.
    pub phone: String,
    pub party_size: u8,
    pub status: BookingStatus,
    pub channel: Channel,
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub created_at: String,
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub updated_at: String,
    /// The last change a volunteer made, if any.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub staff_action: Option<StaffAction>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub cancel_reason: Option<String>,
    /// What serving needs (`Details::for_staff`): a meal's dining, diet
    /// and price band; care address and note; the topic or category only.
    pub details: Details,
}

/// Portions of a meal sitting, for active bookings (confirmed and checked
/// in), counted in seats. A diet counts every seat of a booking that asked
/// for it: a household eats the same dishes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KitchenSummary {
    pub portions: u32,
    pub dine_in: u32,
    pub takeaway: u32,
    /// Only the diets asked for, e.g. `{"low_salt": 3, "soft": 1}`.
    pub diet: BTreeMap<Diet, u32>,
}

/// A slot's counts (and, for meals, its kitchen summary) from its bookings.
pub fn tally(
    kind: ServiceKind,
    capacity: u32,
    bookings: &[RosterEntry],
) -> (RosterCounts, Option<KitchenSummary>) {
    let mut counts = RosterCounts {
        capacity,
        ..RosterCounts::default()
    };
    let mut kitchen = KitchenSummary::default();
    for b in bookings {
        let seats = u32::from(b.party_size);
        match b.status {
            BookingStatus::CheckedIn => counts.checked_in += seats,
            BookingStatus::NoShow => counts.no_show += seats,
            _ => {}
        }
        if !b.status.is_active() {
            continue;
        }
        counts.booked += seats;
        if let Details::Meal { dining, diet, .. } = &b.details {
            kitchen.portions += seats;
            match dining {
                Dining::DineIn => kitchen.dine_in += seats,
                Dining::Takeaway => kitchen.takeaway += seats,
            }
            for d in diet {
                *kitchen.diet.entry(*d).or_default() += seats;
            }
        }
    }
    counts.remaining = capacity.saturating_sub(counts.booked);
    (counts, kind.facts().kitchen.then_some(kitchen))
}

/// `张*` from a stored name; an erased or unreadable name shows as empty.
pub fn mask_name(name: &str) -> String {
    PersonName::parse(name)
        .map(|n| n.masked())
        .unwrap_or_default()
}

/// `*******5678` from a stored phone; an erased one shows as empty.
pub fn mask_phone(phone: &str) -> String {
    phone
        .parse::<PhoneNumber>()
        .map(|p| p.masked())
        .unwrap_or_default()
}

mod build;
pub mod csv;

pub use build::build;

#[cfg(test)]
mod tests;
