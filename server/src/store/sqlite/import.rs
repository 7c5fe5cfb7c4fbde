//! Importing a static kiosk's bookings (`linli-server import-bookings`):
//! each record is checked against what the database holds and stored as
//! it is (code, status, times), under the model's rules
//! ([`linli_model::rules::import_decision`]): never more seats than
//! capacity, one active booking per phone per slot.
//!
//! The whole import is one writer command, so it is one transaction: the
//! records that fit go in together, or (a dry run, a failure) none do.

use linli_model::rules::{ImportFacts, import_decision};
use rusqlite::{Connection, OptionalExtension, params};

use super::book::ACTIVE;
use super::writer::{Done, Job};
use super::{BookingRecord, SqliteStore, StoreError, rows, seats};
use crate::store::ImportOutcome;

impl SqliteStore {
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
    let stored = rows::by_code(conn, &r.code.compact())?;
    let slot_id = r.slot.id.to_string();
    let other: Option<String> = conn
        .prepare_cached(&format!(
            "SELECT code FROM bookings WHERE slot_id = ?1 AND phone = ?2 AND {ACTIVE} LIMIT 1"
        ))?
        .query_row(params![slot_id, r.phone], |row| row.get(0))
        .optional()?;
    let active_for_phone = match other {
        Some(other) => Some(
            other
                .parse()
                .map_err(|e| StoreError::Storage(format!("stored code {other:?}: {e}")))?,
        ),
        None => None,
    };
    let facts = ImportFacts {
        stored: stored.as_ref(),
        active_for_phone,
        seats_taken: seats::taken(conn, &slot_id)?,
    };
    let outcome = import_decision(r, &facts);
    if outcome != ImportOutcome::Imported {
        return Ok(outcome);
    }
    // The last line: the conditional update refuses to overbook.
    if r.status.is_active() && seats::take(conn, &slot_id, r.party_size, r.slot.capacity)?.is_none()
    {
        return Ok(ImportOutcome::SlotFull {
            taken: seats::taken(conn, &slot_id)?,
            capacity: r.slot.capacity,
        });
    }
    rows::insert(conn, r)?;
    Ok(ImportOutcome::Imported)
}
