//! What the stores are asked about waiting lists and what they answer.

use linli_model::waitlist::WaitRefusal;
use linli_model::{BookingCode, LocalDateTime, ValidBooking, WaitlistRecord};

use super::BookingRecord;

/// A checked request to wait for a full slot.
#[derive(Clone, Debug)]
pub struct NewWaitEntry {
    pub booking: ValidBooking,
    /// The offering's limit of active bookings per phone per day, if any.
    pub daily_limit: Option<u8>,
    /// The hold a promotion gives ([`linli_model::Offering::waitlist_hold`]).
    pub hold_minutes: Option<u16>,
    /// The request's Idempotency-Key, if it sent one.
    pub idempotency: Option<super::IdempotencyKey>,
    pub now: LocalDateTime,
    pub now_millis: i64,
    /// The generation of the catalog the request was checked against: a
    /// closure saved meanwhile must not get a waiting list.
    pub catalog_generation: i64,
}

/// A resident's request about their entry, by code and phone.
#[derive(Clone, Debug)]
pub struct WaitRequest {
    pub code: BookingCode,
    /// Canonical phone; must match the entry's.
    pub phone: String,
    pub now: LocalDateTime,
    pub now_millis: i64,
}

/// What leaving answered.
#[derive(Clone, Debug)]
pub enum LeaveOutcome {
    /// Left now, or before: the entry as it is.
    Left(Box<WaitlistRecord>),
    Refused(WaitRefusal),
}

/// What confirming a hold answered.
#[derive(Clone, Debug)]
pub enum ConfirmOutcome {
    /// The booking the hold became (now, or on an earlier confirm).
    Booked(Box<BookingRecord>),
    /// Refused; an expired hold was passed on to the next entries.
    Refused(WaitRefusal),
}
