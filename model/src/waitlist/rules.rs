//! The waiting list's rules as pure decisions over facts a store gathers
//! in its transaction (see [`crate::rules`] for the bookings' own).

use crate::error_code::ErrorCode;
use crate::schedule::Slot;
use crate::time::LocalDateTime;
use crate::validate::ValidBooking;

use super::{WaitStatus, WaitlistRecord};

/// Open entries a slot takes, per seat of capacity.
pub const CAP_PER_SEAT: u32 = 2;
/// A hold's length when the offering asks for one without saying.
pub const DEFAULT_HOLD_MINUTES: u16 = 30;
/// On the slot's own day a hold is at most this long: the seat must reach
/// someone who can still come.
pub const SAME_DAY_HOLD_MINUTES: u16 = 10;

/// How many open entries a slot of `capacity` takes.
pub fn cap(capacity: u32) -> u32 {
    capacity.saturating_mul(CAP_PER_SEAT).max(1)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WaitError {
    #[error("this slot still has seats for this party: book it instead")]
    NotFull,
    #[error("this phone number already has a booking for this slot")]
    AlreadyBooked,
    #[error("this phone number is already on this slot's waiting list")]
    AlreadyWaiting,
    #[error("this slot's waiting list is full")]
    ListFull,
}

impl WaitError {
    pub fn code(self) -> ErrorCode {
        match self {
            WaitError::NotFull => ErrorCode::SlotNotFull,
            WaitError::AlreadyBooked => ErrorCode::AlreadyBooked,
            WaitError::AlreadyWaiting => ErrorCode::AlreadyWaiting,
            WaitError::ListFull => ErrorCode::WaitlistFull,
        }
    }
}

/// What a store knows about a slot and phone when someone asks to wait.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct JoinFacts {
    /// The phone holds an active booking in the slot.
    pub already_booked: bool,
    /// The phone has an open entry on the slot's list.
    pub already_waiting: bool,
    /// Seats held in the slot (bookings and holds).
    pub seats_taken: u32,
    /// Open entries on the slot's list.
    pub open_entries: u32,
}

/// Whether a validated request (the slot not started, not closed: checked
/// by validation) may join the slot's list: only when its party doesn't fit,
/// once per phone, and while the list is under its cap.
pub fn may_join(booking: &ValidBooking, facts: &JoinFacts) -> Result<(), WaitError> {
    if facts.already_booked {
        return Err(WaitError::AlreadyBooked);
    }
    if facts.already_waiting {
        return Err(WaitError::AlreadyWaiting);
    }
    let capacity = booking.slot.capacity;
    if facts.seats_taken + u32::from(booking.party_size) <= capacity {
        return Err(WaitError::NotFull);
    }
    if facts.open_entries >= cap(capacity) {
        return Err(WaitError::ListFull);
    }
    Ok(())
}

/// When a hold given at `now` runs out, or `None` to book at once: the
/// entry's minutes, at most [`SAME_DAY_HOLD_MINUTES`] on the slot's day,
/// and never past the slot's start.
pub fn hold_until(hold_minutes: Option<u16>, slot: &Slot, now: LocalDateTime) -> Option<i64> {
    let minutes = hold_minutes?;
    let minutes = if now.date == slot.date {
        minutes.min(SAME_DAY_HOLD_MINUTES)
    } else {
        minutes
    };
    let until = now.to_unix_millis() + i64::from(minutes) * 60_000;
    Some(until.min(slot.starts_at().to_unix_millis()))
}

/// A waiting entry as promotion sees it, in the list's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub party_size: u8,
    pub hold_minutes: Option<u16>,
    /// The phone meanwhile holds an active booking in the slot.
    pub already_booked: bool,
    /// Active bookings of the phone for the offering on the slot's day.
    pub booked_that_day: u32,
    /// The offering's limit per phone and day when the entry joined.
    pub daily_limit: Option<u8>,
}

/// What promotion does to one waiting entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Promotion {
    /// A confirmed booking with the entry's code, taking its seats.
    Book,
    /// Its seats held for it until then (Unix milliseconds).
    Hold { until_millis: i64 },
    /// It can't be booked any more: closed, no seats taken.
    Close,
    /// Not now: its party doesn't fit the seats left.
    Stay,
}

/// Which waiting entries get `free_seats` at `now`: the first in order
/// whose party fits, each booked at once or held as it asked; an entry that
/// doesn't fit keeps its place and a later, smaller one may go first (a
/// seat is never left empty while someone waiting fits it). Entries that
/// can no longer be booked close; when the slot has started, all do.
pub fn promote(
    free_seats: u32,
    waiting: &[Candidate],
    slot: &Slot,
    now: LocalDateTime,
) -> Vec<Promotion> {
    let started = !slot.is_open_at(now);
    let mut free = free_seats;
    waiting
        .iter()
        .map(|c| {
            let over_limit = c
                .daily_limit
                .is_some_and(|l| c.booked_that_day >= u32::from(l));
            if started || c.already_booked || over_limit {
                return Promotion::Close;
            }
            let party = u32::from(c.party_size);
            if party > free {
                return Promotion::Stay;
            }
            free -= party;
            match hold_until(c.hold_minutes, slot, now) {
                Some(until_millis) => Promotion::Hold { until_millis },
                None => Promotion::Book,
            }
        })
        .collect()
}

/// Whether a held entry's hold has run out at `now_millis`.
pub fn hold_expired(entry: &WaitlistRecord, now_millis: i64) -> bool {
    entry.status == WaitStatus::Held && entry.hold_until_millis.is_none_or(|u| u <= now_millis)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WaitRefusal {
    /// Unknown code, wrong phone, erased phone: all look alike.
    #[error("no waiting-list entry with this code and phone")]
    NotFound,
    #[error("this entry is {0:?}, not held")]
    NotHeld(WaitStatus),
    #[error("the hold has run out")]
    HoldExpired,
    #[error("this entry is {0:?} and can't be left")]
    NotLeavable(WaitStatus),
}

impl WaitRefusal {
    pub fn code(self) -> ErrorCode {
        match self {
            WaitRefusal::NotFound => ErrorCode::BookingNotFound,
            WaitRefusal::NotHeld(_) => ErrorCode::NotHeld,
            WaitRefusal::HoldExpired => ErrorCode::HoldExpired,
            WaitRefusal::NotLeavable(_) => ErrorCode::NotCancellable,
        }
    }
}

/// What confirming a hold does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConfirmDecision {
    /// Book the held seats (they are taken already).
    Confirm,
    /// Booked before: answer the booking again, so a retry is harmless.
    AlreadyConfirmed,
}

fn owned<'a>(
    found: Option<&'a WaitlistRecord>,
    phone: &str,
) -> Result<&'a WaitlistRecord, WaitRefusal> {
    found
        .filter(|e| e.is_for_phone(phone))
        .ok_or(WaitRefusal::NotFound)
}

/// The resident with `phone` confirms the hold of `found` at `now_millis`.
pub fn confirm_hold(
    found: Option<&WaitlistRecord>,
    phone: &str,
    now_millis: i64,
) -> Result<ConfirmDecision, WaitRefusal> {
    let e = owned(found, phone)?;
    match e.status {
        WaitStatus::Held if hold_expired(e, now_millis) => Err(WaitRefusal::HoldExpired),
        WaitStatus::Held => Ok(ConfirmDecision::Confirm),
        WaitStatus::Promoted => Ok(ConfirmDecision::AlreadyConfirmed),
        WaitStatus::Expired => Err(WaitRefusal::HoldExpired),
        other => Err(WaitRefusal::NotHeld(other)),
    }
}

/// What leaving the list does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeaveDecision {
    /// Leave it; `frees` seats held for it go to the next entries.
    Leave { frees: u8 },
    /// Left before: answer it again.
    AlreadyLeft,
}

/// The resident with `phone` leaves the list with `found`.
pub fn leave(found: Option<&WaitlistRecord>, phone: &str) -> Result<LeaveDecision, WaitRefusal> {
    let e = owned(found, phone)?;
    match e.status {
        WaitStatus::Waiting => Ok(LeaveDecision::Leave { frees: 0 }),
        WaitStatus::Held => Ok(LeaveDecision::Leave {
            frees: e.party_size,
        }),
        WaitStatus::Left => Ok(LeaveDecision::AlreadyLeft),
        other => Err(WaitRefusal::NotLeavable(other)),
    }
}

/// Puts each slot's open entries (held first, then in order, as the store
/// reads them) on the roster, masked; held seats are not free, so they
/// leave `remaining` as bookings do.
pub fn attach_to_roster(roster: &mut crate::roster::Roster, open: &[WaitlistRecord]) {
    let mut held_total = 0;
    for slot in &mut roster.slots {
        slot.waiting = open
            .iter()
            .filter(|e| e.slot.id == slot.id && e.status.is_open())
            .map(WaitlistRecord::for_staff)
            .collect();
        let held: u32 = open
            .iter()
            .filter(|e| e.slot.id == slot.id && e.status == WaitStatus::Held)
            .map(|e| u32::from(e.party_size))
            .sum();
        slot.counts.remaining = slot.counts.remaining.saturating_sub(held);
        held_total += held;
    }
    roster.totals.remaining = roster.totals.remaining.saturating_sub(held_total);
}
