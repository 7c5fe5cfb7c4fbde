//! Importing a static kiosk's bookings (`linli-server import-bookings`):
//! each record is checked against what the database holds and stored as
//! it is (code, status, times), with the booking rules of `book.rs`: never
//! more seats than capacity, one active booking per phone per slot.
//!
//! The whole import is one writer command, so it is one transaction: the
//! records that fit go in together, or (a dry run, a failure) none do.

use linli_model::BookingCode;
use rusqlite::{Connection, OptionalExtension, params};

use super::book::ACTIVE;
use super::writer::{Done, Job};
use super::{BookingRecord, Store, StoreError, rows, seats};

/// What happened to one record, in the order given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportOutcome {
    Imported,
    /// The same booking is already stored: imported before.
    AlreadyThere,
    /// The code is taken by a booking that differs in these fields.
    CodeClash {
        differs: Vec<&'static str>,
    },
    /// The slot has `taken` of its `capacity` seats; this party doesn't fit.
    SlotFull {
        taken: u32,
        capacity: u32,
    },
    /// The phone already has the active booking `other` in this slot.
    AlreadyBooked {
        other: BookingCode,
    },
}

impl Store {
    /// Imports records whose slots the caller has checked against the
    /// catalog. With `dry_run` everything is checked the same way and then
    /// rolled back.
    pub async fn import_bookings(
        &self,
        records: Vec<BookingRecord>,
        dry_run: bool,
    ) -> Result<Vec<ImportOutcome>, StoreError> {
        match self.write(Job::ImportBookings { records, dry_run }).await? {
            Done::ImportBookings(r, _) => r,
            _ => Err(StoreError::Storage("unexpected writer answer".into())),
        }
    }
}

/// Runs on the writer thread inside the batch's transaction.
pub(super) fn import_bookings(
    conn: &Connection,
    records: &[BookingRecord],
) -> Result<Vec<ImportOutcome>, StoreError> {
    records.iter().map(|r| import_one(conn, r)).collect()
}

fn import_one(conn: &Connection, r: &BookingRecord) -> Result<ImportOutcome, StoreError> {
    if let Some(stored) = rows::by_code(conn, &r.code.compact())? {
        let differs = differences(&stored, r);
        return Ok(if differs.is_empty() {
            ImportOutcome::AlreadyThere
        } else {
            ImportOutcome::CodeClash { differs }
        });
    }
    let slot_id = r.slot.id.to_string();
    if r.status.is_active() {
        let other: Option<String> = conn
            .prepare_cached(&format!(
                "SELECT code FROM bookings WHERE slot_id = ?1 AND phone = ?2 AND {ACTIVE} LIMIT 1"
            ))?
            .query_row(params![slot_id, r.phone], |row| row.get(0))
            .optional()?;
        if let Some(other) = other {
            let other = other
                .parse()
                .map_err(|e| StoreError::Storage(format!("stored code {other:?}: {e}")))?;
            return Ok(ImportOutcome::AlreadyBooked { other });
        }
        if !seats::take(conn, &slot_id, r.party_size, r.slot.capacity)? {
            return Ok(ImportOutcome::SlotFull {
                taken: seats::taken(conn, &slot_id)?,
                capacity: r.slot.capacity,
            });
        }
    }
    rows::insert(conn, r)?;
    Ok(ImportOutcome::Imported)
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
