//! The bookings of one device, for the static backend: a kiosk in a village
//! centre with no server keeps its bookings in the browser's storage and
//! applies the same rules ([`crate::rules`]) the server's stores apply: never
//! more seats than capacity, one active booking per phone per slot, the
//! offering's daily limit per phone, unguessable unique codes, cancelling
//! by code and phone, and the volunteers' status changes.
//!
//! The ledger is pure data: the app loads it, applies one operation and
//! writes it back inside one storage transaction, so two tabs on the same
//! device can't both take the last seat.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::booking::BookingStatus;
use crate::code::BookingCode;
use crate::error_code::ErrorCode;
use crate::ids::{CenterId, SlotId};
use crate::record::BookingRecord;
use crate::rules::{
    AdmissionFacts, CancelDecision, CancelRefusal, StaffRefusal, admit, resident_cancel,
    staff_change,
};
use crate::staff::{ReasonError, StaffAction, TransitionError, cancel_reason};
use crate::time::{Date, LocalDateTime};
use crate::validate::{BookingError, ValidBooking};

/// The stored shape's version. An app that finds an older ledger upgrades
/// it in [`Ledger::upgraded`]; one that finds a newer ledger refuses to
/// write it, so a downgrade never loses bookings.
pub const LEDGER_VERSION: u32 = 1;

/// How many answered idempotency keys are remembered: enough for the few
/// retries of the last bookings, and the ledger stays small.
const KEPT_KEYS: usize = 200;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ledger {
    pub version: u32,
    /// Oldest first.
    pub bookings: Vec<BookingRecord>,
    /// Idempotency key → the booking it made, so a retried request gets
    /// the same booking instead of a second one.
    #[serde(default)]
    pub keys: BTreeMap<String, (i64, BookingCode)>,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LedgerError {
    #[error(transparent)]
    Booking(#[from] BookingError),
    /// Wrong code, wrong phone or another centre's booking: all look alike.
    #[error("no booking with this code and phone")]
    NotFound,
    #[error("this booking can't be cancelled any more")]
    NotCancellable,
    #[error(transparent)]
    Transition(#[from] TransitionError),
    #[error(transparent)]
    Reason(#[from] ReasonError),
    #[error("the stored bookings were written by a newer version of Linli (version {0})")]
    NewerVersion(u32),
}

impl LedgerError {
    /// The API's code for the same failure, so both backends read alike.
    pub fn code(&self) -> ErrorCode {
        match self {
            LedgerError::Booking(e) => e.code(),
            LedgerError::NotFound => ErrorCode::BookingNotFound,
            LedgerError::NotCancellable => ErrorCode::NotCancellable,
            LedgerError::Transition(e) => e.code(),
            LedgerError::Reason(e) => e.code(),
            LedgerError::NewerVersion(_) => ErrorCode::StorageNewerVersion,
        }
    }

    pub fn field(&self) -> Option<&'static str> {
        match self {
            LedgerError::Booking(e) => e.field(),
            LedgerError::Reason(_) => Some("reason"),
            _ => None,
        }
    }
}

/// A new booking for [`Ledger::book`].
pub struct NewBooking<'a> {
    pub booking: ValidBooking,
    pub daily_limit: Option<u8>,
    pub idempotency_key: Option<&'a str>,
    pub now_millis: i64,
}

impl Ledger {
    pub fn new() -> Ledger {
        Ledger {
            version: LEDGER_VERSION,
            ..Ledger::default()
        }
    }

    /// The ledger in this version's shape. Version 1 is the first; later
    /// versions add their steps here and never drop a booking.
    pub fn upgraded(mut self) -> Result<Ledger, LedgerError> {
        match self.version {
            v if v > LEDGER_VERSION => Err(LedgerError::NewerVersion(v)),
            _ => {
                self.version = LEDGER_VERSION;
                Ok(self)
            }
        }
    }

    /// Erases the personal data the privacy notice says is gone by `today`
    /// ([`crate::retention`]); answers how many bookings it erased.
    pub fn erase_expired(&mut self, today: Date) -> usize {
        let newest = self
            .bookings
            .last()
            .map(|b| LocalDateTime::from_unix_millis(b.updated_at_millis).date);
        let from = crate::retention::kept_from(today, newest);
        let mut erased = 0;
        for b in self.bookings.iter_mut().filter(|b| b.retention_due(from)) {
            b.erase_personal();
            erased += 1;
        }
        erased
    }

    /// Seats held in `slot` by active bookings.
    pub fn seats_taken(&self, slot: &SlotId) -> u32 {
        self.bookings
            .iter()
            .filter(|b| b.slot.id == *slot)
            .map(BookingRecord::seats_held)
            .sum()
    }

    pub fn by_code(&self, code: BookingCode) -> Option<&BookingRecord> {
        self.bookings.iter().find(|b| b.code == code)
    }

    /// A booking by its code and the phone it was made with (canonical).
    pub fn lookup(&self, code: BookingCode, phone: &str) -> Result<&BookingRecord, LedgerError> {
        self.by_code(code)
            .filter(|b| b.is_for_phone(phone))
            .ok_or(LedgerError::NotFound)
    }

    /// One centre's bookings on one day, oldest first, for its roster.
    pub fn on_day(&self, center: &CenterId, date: Date) -> Vec<BookingRecord> {
        self.bookings
            .iter()
            .filter(|b| b.slot.center_id == *center && b.slot.date == date)
            .cloned()
            .collect()
    }

    /// Takes the seats of a validated booking, or says why not. `random`
    /// gives fresh CSPRNG bytes for the code (the model has no randomness).
    pub fn book(
        &mut self,
        new: NewBooking<'_>,
        mut random: impl FnMut() -> [u8; 5],
    ) -> Result<BookingRecord, LedgerError> {
        if let Some(found) = new
            .idempotency_key
            .and_then(|key| self.keys.get(key))
            .and_then(|(_, code)| self.by_code(*code))
        {
            return Ok(found.clone());
        }
        let b = new.booking;
        let phone = b.phone.canonical();
        let active_for_phone = || {
            self.bookings
                .iter()
                .filter(|r| r.status.is_active() && r.phone == phone)
        };
        let facts = AdmissionFacts {
            already_booked: active_for_phone().any(|r| r.slot.id == b.slot.id),
            booked_that_day: active_for_phone()
                .filter(|r| r.slot.offering_id == b.slot.offering_id && r.slot.date == b.slot.date)
                .count()
                .try_into()
                .unwrap_or(u32::MAX),
            seats_taken: self.seats_taken(&b.slot.id),
        };
        admit(&b, new.daily_limit, &facts)?;
        let code = loop {
            // 40 random bits: a clash is astronomically rare, but must
            // never merge two residents' bookings.
            let code = BookingCode::from_random_bytes(random());
            if self.by_code(code).is_none() {
                break code;
            }
        };
        let record = BookingRecord::confirmed(&b, code, new.now_millis);
        self.bookings.push(record.clone());
        if let Some(key) = new.idempotency_key {
            self.remember_key(key, new.now_millis, code);
        }
        Ok(record)
    }

    fn remember_key(&mut self, key: &str, now_millis: i64, code: BookingCode) {
        self.keys.insert(key.to_owned(), (now_millis, code));
        while self.keys.len() > KEPT_KEYS {
            let oldest = self
                .keys
                .iter()
                .min_by_key(|(_, (at, _))| *at)
                .map(|(k, _)| k.clone());
            match oldest {
                Some(k) => self.keys.remove(&k),
                None => break,
            };
        }
    }

    /// A resident cancels with code and phone. Cancelling twice answers the
    /// cancelled booking again, so a retry is harmless.
    pub fn cancel(
        &mut self,
        code: BookingCode,
        phone: &str,
        now: LocalDateTime,
        now_millis: i64,
    ) -> Result<BookingRecord, LedgerError> {
        let index = self.bookings.iter().position(|b| b.code == code);
        let found = index.and_then(|i| self.bookings.get(i));
        let decision = resident_cancel(found, phone, now).map_err(|e| match e {
            CancelRefusal::NotFound => LedgerError::NotFound,
            CancelRefusal::SlotStarted => BookingError::SlotClosed.into(),
            CancelRefusal::NotCancellable(_) => LedgerError::NotCancellable,
        })?;
        let b = index
            .and_then(|i| self.bookings.get_mut(i))
            .ok_or(LedgerError::NotFound)?;
        if decision == CancelDecision::Cancel {
            b.status = BookingStatus::Cancelled;
            b.updated_at_millis = now_millis;
        }
        Ok(b.clone())
    }

    /// A volunteer of `center` changes a booking's status (the model's
    /// [`crate::staff::transition`] rules); another centre's booking is not
    /// found.
    pub fn act(
        &mut self,
        center: &CenterId,
        code: BookingCode,
        action: StaffAction,
        reason: Option<&str>,
        now: LocalDateTime,
        now_millis: i64,
    ) -> Result<BookingRecord, LedgerError> {
        let reason = cancel_reason(reason)?;
        let index = self.bookings.iter().position(|b| b.code == code);
        let found = index.and_then(|i| self.bookings.get(i));
        let seats_taken = found.map_or(0, |b| self.seats_taken(&b.slot.id));
        let change =
            staff_change(found, center, action, now, seats_taken).map_err(|e| match e {
                StaffRefusal::NotFound => LedgerError::NotFound,
                StaffRefusal::Transition(t) => LedgerError::Transition(t),
                StaffRefusal::SlotFull => BookingError::SlotFull.into(),
            })?;
        let b = index
            .and_then(|i| self.bookings.get_mut(i))
            .ok_or(LedgerError::NotFound)?;
        // Seats are counted from the statuses: the new status is the change.
        b.status = change.to;
        b.updated_at_millis = now_millis;
        b.staff_action = Some(action);
        if action == StaffAction::Cancel {
            b.cancel_reason = reason;
        }
        Ok(b.clone())
    }
}

#[cfg(test)]
mod tests;
