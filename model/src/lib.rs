//! Linli's data model, shared by the WASM app and the server.
//!
//! Everything that decides whether something is valid lives here, so the app
//! can give instant feedback and the server, which is authoritative, applies
//! exactly the same rules. No I/O, no clocks, no randomness: callers pass in
//! the current time and the random bytes.

pub mod account;
pub mod audit;
pub mod booking;
pub mod catalog;
pub mod catalog_edit;
pub mod code;
pub mod details;
pub mod error;
pub mod error_code;
pub mod export;
pub mod ids;
pub mod kinds;
pub mod ledger;
pub mod manage;
pub mod notice;
#[cfg(feature = "openapi")]
pub mod openapi;
pub mod phone;
pub mod price;
pub mod rating;
pub mod record;
pub mod retention;
pub mod roster;
pub mod rules;
pub mod schedule;
pub mod staff;
pub mod sync;
#[cfg(test)]
mod testing;
pub mod text;
pub mod time;
pub mod validate;
pub mod visible;
pub mod waitlist;

pub use booking::{
    Booking, BookingRequest, BookingStatus, Channel, Consent, Details, Diet, Dining,
    DisputeCategory, LegalTopic,
};
pub use catalog::{
    Catalog, Center, CenterFile, Offering, PriceBand, ScheduleRule, ServiceKind, Street, WeeklyMenu,
};
pub use code::{BookingCode, CodeError};
pub use error::{ApiError, ApiErrorBody};
pub use error_code::ErrorCode;
pub use ids::{CenterId, IdError, OfferingId, SlotId, StreetId};
pub use phone::{PhoneError, PhoneNumber};
pub use price::price_cents;
pub use record::BookingRecord;
pub use roster::{
    KitchenSummary, Roster, RosterCounts, RosterEntry, RosterSlot, SessionRequest, VolunteerSession,
};
pub use schedule::Slot;
pub use staff::{Pin, PinError, StaffAction, TransitionError};
pub use sync::{QueuedAction, QueuedStaffAction, StaffActionId, SyncOutcome, SyncResult};
pub use text::{Lang, LocalizedText};
pub use time::{Date, LocalDateTime, TimeOfDay};
pub use validate::{BookingError, PersonName, ValidBooking};
pub use waitlist::{RosterWaiting, WaitStatus, WaitlistEntry, WaitlistRecord};

/// Version of the privacy notice the app shows before the first personal
/// field; every booking records the version the resident saw.
pub const NOTICE_VERSION: &str = "2026-12";

/// Longest free text (notes, summaries, addresses) in characters.
pub const MAX_FREE_TEXT: usize = 500;

/// How many days ahead residents may book.
pub const BOOKING_HORIZON_DAYS: u32 = 7;

/// Longest range `/slots` answers in one request.
pub const MAX_SLOT_QUERY_DAYS: u32 = 31;
