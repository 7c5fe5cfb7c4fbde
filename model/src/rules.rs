//! The booking rules as pure decisions over facts. A store (the server's
//! SQLite and PostgreSQL stores, the static kiosk's [`crate::ledger`])
//! gathers the facts inside its transaction, asks here, and persists the
//! outcome in the same transaction. The database's own constraints
//! (conditional seat update, unique partial index, CHECK) stay as the last
//! line, so a mistake in a store can't overbook.
//!
//! Validation of the request itself (fields, the slot's time, closures) is
//! in [`crate::validate`] and [`crate::schedule::closures`]: it needs no
//! stored facts and runs before the store is asked.

use crate::booking::BookingStatus;
use crate::code::BookingCode;
use crate::ids::CenterId;
use crate::record::BookingRecord;
use crate::staff::{StaffAction, TransitionError, transition};
use crate::time::LocalDateTime;
use crate::validate::{BookingError, ValidBooking};

/// What a store knows about a new booking's slot and phone.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AdmissionFacts {
    /// The phone already holds an active booking in this slot.
    pub already_booked: bool,
    /// Active bookings of the phone for this offering on the slot's day.
    pub booked_that_day: u32,
    /// Seats held in the slot by active bookings.
    pub seats_taken: u32,
}

/// Whether a validated booking may take its seats: one active booking per
/// phone per slot, the offering's daily limit per phone, and never more
/// seats than the slot's capacity, checked in that order.
pub fn admit(
    booking: &ValidBooking,
    daily_limit: Option<u8>,
    facts: &AdmissionFacts,
) -> Result<(), BookingError> {
    if facts.already_booked {
        return Err(BookingError::AlreadyBooked);
    }
    if daily_limit.is_some_and(|limit| facts.booked_that_day >= u32::from(limit)) {
        return Err(BookingError::DailyLimitReached);
    }
    if !fits(facts.seats_taken, booking.party_size, booking.slot.capacity) {
        return Err(BookingError::SlotFull);
    }
    Ok(())
}

fn fits(taken: u32, party: u8, capacity: u32) -> bool {
    taken + u32::from(party) <= capacity
}

/// What a resident's cancel does to a booking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CancelDecision {
    /// Cancel it and free its seats.
    Cancel,
    /// It is cancelled already: answer it again, so a retry is harmless.
    AlreadyCancelled,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CancelRefusal {
    /// Unknown code, wrong phone, erased phone: all look alike.
    #[error("no booking with this code and phone")]
    NotFound,
    #[error("the slot has started")]
    SlotStarted,
    #[error("a {0:?} booking can't be cancelled")]
    NotCancellable(BookingStatus),
}

/// A resident cancels `found` (looked up by code) with `phone` (canonical)
/// at `now`: only a confirmed booking, only before its slot starts.
pub fn resident_cancel(
    found: Option<&BookingRecord>,
    phone: &str,
    now: LocalDateTime,
) -> Result<CancelDecision, CancelRefusal> {
    let b = found
        .filter(|b| b.is_for_phone(phone))
        .ok_or(CancelRefusal::NotFound)?;
    match b.status {
        BookingStatus::Cancelled => Ok(CancelDecision::AlreadyCancelled),
        BookingStatus::CheckedIn | BookingStatus::NoShow => {
            Err(CancelRefusal::NotCancellable(b.status))
        }
        BookingStatus::Confirmed if !b.slot.is_open_at(now) => Err(CancelRefusal::SlotStarted),
        BookingStatus::Confirmed => Ok(CancelDecision::Cancel),
    }
}

/// How a change moves the slot's seat count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeatChange {
    /// The booking starts holding its party's seats again.
    Take(u8),
    /// The booking stops holding its party's seats.
    Free(u8),
    Keep,
}

/// A staff action's outcome: the new status and what happens to the seats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StaffChange {
    pub to: BookingStatus,
    pub seats: SeatChange,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StaffRefusal {
    /// No such booking, or another centre's: they look alike.
    #[error("no such booking at this centre")]
    NotFound,
    #[error(transparent)]
    Transition(#[from] TransitionError),
    /// A late arrival after a no-show, but the seat went to someone else.
    #[error("the slot has no seats left for this party")]
    SlotFull,
}

/// A volunteer of `center` applies `action` to `found` at `now`, with
/// `seats_taken` held in its slot ([`transition`] says which changes are
/// allowed when).
pub fn staff_change(
    found: Option<&BookingRecord>,
    center: &CenterId,
    action: StaffAction,
    now: LocalDateTime,
    seats_taken: u32,
) -> Result<StaffChange, StaffRefusal> {
    let b = found
        .filter(|b| b.slot.center_id == *center)
        .ok_or(StaffRefusal::NotFound)?;
    let to = transition(action, b.status, &b.slot, now)?;
    let seats = match (b.status.is_active(), to.is_active()) {
        (false, true) if !fits(seats_taken, b.party_size, b.slot.capacity) => {
            return Err(StaffRefusal::SlotFull);
        }
        (false, true) => SeatChange::Take(b.party_size),
        (true, false) => SeatChange::Free(b.party_size),
        _ => SeatChange::Keep,
    };
    Ok(StaffChange { to, seats })
}

/// What importing one record of a static kiosk's export does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportOutcome {
    /// Stored as it is (taking its seats if it is active).
    Imported,
    /// The same booking is already stored: imported before.
    AlreadyThere,
    /// The code is taken by a booking that differs in these fields.
    CodeClash { differs: Vec<&'static str> },
    /// The slot has `taken` of its `capacity` seats; this party doesn't fit.
    SlotFull { taken: u32, capacity: u32 },
    /// The phone already has the active booking `other` in this slot.
    AlreadyBooked { other: BookingCode },
}

/// What a store knows about an imported record.
#[derive(Clone, Copy, Debug)]
pub struct ImportFacts<'a> {
    /// The stored booking with the record's code, if any.
    pub stored: Option<&'a BookingRecord>,
    /// An active booking of the record's phone in its slot, if any.
    pub active_for_phone: Option<BookingCode>,
    /// Seats held in the record's slot.
    pub seats_taken: u32,
}

/// Whether `record` goes in: never a code twice with other content, never
/// more seats than capacity, one active booking per phone per slot.
pub fn import_decision(record: &BookingRecord, facts: &ImportFacts<'_>) -> ImportOutcome {
    if let Some(stored) = facts.stored {
        let differs = differences(stored, record);
        return if differs.is_empty() {
            ImportOutcome::AlreadyThere
        } else {
            ImportOutcome::CodeClash { differs }
        };
    }
    if record.status.is_active() {
        if let Some(other) = facts.active_for_phone {
            return ImportOutcome::AlreadyBooked { other };
        }
        if !fits(facts.seats_taken, record.party_size, record.slot.capacity) {
            return ImportOutcome::SlotFull {
                taken: facts.seats_taken,
                capacity: record.slot.capacity,
            };
        }
    }
    ImportOutcome::Imported
}

/// The fields in which two records of one code differ. Seats left in the
/// slot are not the booking's own content.
fn differences(a: &BookingRecord, b: &BookingRecord) -> Vec<&'static str> {
    let slot = |r: &BookingRecord| {
        let s = &r.slot;
        (s.id.clone(), s.center_id.clone(), s.kind, s.end, s.capacity)
    };
    [
        ("status", a.status == b.status),
        ("slot", slot(a) == slot(b)),
        ("name", a.name == b.name),
        ("phone", a.phone == b.phone),
        ("party_size", a.party_size == b.party_size),
        ("channel", a.channel == b.channel),
        ("consent", a.consent == b.consent),
        ("details", a.details == b.details),
        ("created_at", a.created_at_millis == b.created_at_millis),
        ("updated_at", a.updated_at_millis == b.updated_at_millis),
        ("staff_action", a.staff_action == b.staff_action),
        ("cancel_reason", a.cancel_reason == b.cancel_reason),
    ]
    .into_iter()
    .filter(|(_, same)| !same)
    .map(|(field, _)| field)
    .collect()
}

#[cfg(test)]
mod tests;
