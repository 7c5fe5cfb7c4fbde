//! The catalog's SQL in SQLite: the stored files and versions, and the
//! save, which runs on the writer thread in its transaction.

use std::collections::HashMap;

use linli_model::catalog_edit::{BookedSlot, Version, closure_cancels, schedule_keeps_bookings};
use linli_model::manage::DayFigures;
use linli_model::notice::NoticeKind;
use linli_model::schedule::Closure;
use linli_model::sync::change_millis;
use linli_model::{BookingRecord, LocalDateTime, Offering, SlotId};
use rusqlite::{Connection, OptionalExtension, params};

use super::{account_writes, outbox, rows, seats, wait_rows, waitlist};
use crate::catalog_index::CatalogFileRecord;
use crate::store::{
    CatalogSave, CatalogSaved, CatalogState, GENERATION_KEY, OutboxRow, SaveEffect, StoreError,
    version_of,
};

/// The files and versions of one moment (one read transaction): a save
/// committing in between must not pair old files with new versions.
pub fn state(conn: &Connection) -> rusqlite::Result<CatalogState> {
    let tx = conn.unchecked_transaction()?;
    let conn: &Connection = &tx;
    let files = conn
        .prepare_cached("SELECT path, etag, json FROM catalog_files ORDER BY path")?
        .query_map([], |r| {
            Ok(CatalogFileRecord {
                path: r.get(0)?,
                etag: r.get(1)?,
                json: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut versions = HashMap::new();
    let mut generation = 0;
    let mut stmt = conn.prepare_cached("SELECT record, version FROM catalog_versions")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let (record, version): (String, i64) = (r.get(0)?, r.get(1)?);
        if record == GENERATION_KEY {
            generation = version;
        } else {
            versions.insert(record, version_of(Some(version)));
        }
    }
    drop(rows);
    drop(stmt);
    tx.finish()?;
    Ok(CatalogState {
        files,
        versions,
        generation,
    })
}

pub fn generation(conn: &Connection) -> rusqlite::Result<i64> {
    Ok(stored_version(conn, GENERATION_KEY)?.unwrap_or(0))
}

fn stored_version(conn: &Connection, record: &str) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached("SELECT version FROM catalog_versions WHERE record = ?1")?
        .query_row([record], |r| r.get(0))
        .optional()
}

/// Bookings holding seats, and checked in, per centre on `date`.
pub fn day_figures(conn: &Connection, date: &str) -> rusqlite::Result<HashMap<String, DayFigures>> {
    conn.prepare_cached(
        "SELECT center_id, SUM(status IN ('confirmed', 'checked_in')), SUM(status = 'checked_in')
         FROM bookings WHERE slot_date = ?1 GROUP BY center_id",
    )?
    .query_map([date], |r| {
        Ok((
            r.get(0)?,
            DayFigures {
                booked: r.get(1)?,
                checked_in: r.get(2)?,
            },
        ))
    })?
    .collect()
}

/// The confirmed bookings the closures would cancel at `now`.
pub fn closure_bookings(
    conn: &Connection,
    closures: &[Closure],
    now: LocalDateTime,
) -> rusqlite::Result<Vec<BookingRecord>> {
    let mut out = Vec::new();
    for c in closures {
        let center = c.center_id.as_ref().map(|c| c.as_str());
        let offering = c.offering_id.as_ref().map(|o| o.as_str());
        for b in rows::confirmed_on(conn, &c.date.to_string(), center, offering)? {
            if closure_cancels(c, &b, now) {
                out.push(b);
            }
        }
    }
    Ok(out)
}

/// Seats held in the offering's slots that haven't started at `now`.
fn booked_slots(
    conn: &Connection,
    offering: &Offering,
    now: LocalDateTime,
) -> rusqlite::Result<Vec<BookedSlot>> {
    let from = format!("{}@{}", offering.id, now.date);
    let to = format!("{}@~", offering.id);
    let found: Vec<(String, u32)> = conn
        .prepare_cached(
            "SELECT slot_id, booked FROM slot_seats
             WHERE slot_id >= ?1 AND slot_id < ?2 AND booked > 0",
        )?
        .query_map(params![from, to], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(found
        .into_iter()
        .filter_map(|(id, booked)| {
            let slot: SlotId = id.parse().ok()?;
            let starts = LocalDateTime {
                date: slot.date,
                time: slot.start,
            };
            (starts > now).then_some(BookedSlot { slot, booked })
        })
        .collect())
}

pub fn save(conn: &Connection, s: &CatalogSave) -> Result<CatalogSaved, StoreError> {
    if generation(conn)? != s.base_generation {
        return Ok(CatalogSaved::Moved);
    }
    let key = s.record.to_string();
    let current = version_of(stored_version(conn, &key)?);
    if current != s.expected {
        return Ok(CatalogSaved::Stale { current });
    }
    let mut cancelled = Vec::new();
    match &s.effect {
        SaveEffect::None => {}
        SaveEffect::Schedule(offering) => {
            let booked = booked_slots(conn, offering, s.now)?;
            let after = match schedule_keeps_bookings(offering, &booked) {
                Ok(after) => after,
                Err(refusal) => return Ok(CatalogSaved::Refused(refusal)),
            };
            // The seat counts' capacity follows, so the table's CHECK
            // keeps guarding the new one.
            let mut set =
                conn.prepare_cached("UPDATE slot_seats SET capacity = ?2 WHERE slot_id = ?1")?;
            for slot in &after {
                let id = slot.slot.to_string();
                set.execute(params![id, slot.capacity])?;
                // Seats added to a full slot go to its waiting list first.
                if slot.promote {
                    waitlist::promote_in(conn, &id, s.now, s.now_millis)?;
                }
            }
        }
        SaveEffect::Close {
            closures,
            reason,
            confirmed,
        } => {
            let hit = closure_bookings(conn, closures, s.now)?;
            if !hit.is_empty() && !confirmed {
                return Ok(CatalogSaved::HasBookings { count: hit.len() });
            }
            for b in &hit {
                cancelled.push(cancel_by_centre(conn, b, reason, s.now_millis)?);
            }
            for c in closures {
                close_waiting(conn, c, s.now_millis)?;
            }
        }
    }
    let mut upsert = conn.prepare_cached(
        "INSERT INTO catalog_files (path, etag, json, imported_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (path) DO UPDATE
            SET etag = excluded.etag, json = excluded.json, imported_at = excluded.imported_at",
    )?;
    for f in &s.files {
        upsert.execute(params![f.path, f.etag, f.json, s.now_millis])?;
    }
    let version = current.next();
    let mut bump = conn.prepare_cached(
        "INSERT INTO catalog_versions (record, version) VALUES (?1, ?2)
         ON CONFLICT (record) DO UPDATE SET version = excluded.version",
    )?;
    bump.execute(params![key, version.0])?;
    bump.execute(params![GENERATION_KEY, s.base_generation + 1])?;
    let mut audit = s.audit.clone();
    if !cancelled.is_empty() {
        let codes: Vec<String> = cancelled.iter().map(|b| b.code.to_string()).collect();
        audit.after = Some(crate::store::with_cancelled(audit.after.as_deref(), &codes));
    }
    account_writes::append(conn, &audit)?;
    Ok(CatalogSaved::Saved {
        version: Version(version.0),
        cancelled,
    })
}

/// The centre cancels a confirmed booking: its seats are freed (the slot
/// is closed, so nobody is promoted into them) and the resident is texted.
fn cancel_by_centre(
    conn: &Connection,
    b: &BookingRecord,
    reason: &str,
    now_millis: i64,
) -> Result<BookingRecord, StoreError> {
    let compact = b.code.compact();
    let at = change_millis(now_millis, b.updated_at_millis);
    conn.prepare_cached(
        "UPDATE bookings SET status = 'cancelled', updated_at = ?2, staff_action = 'cancel',
            cancel_reason = ?3
         WHERE code = ?1 AND status = 'confirmed'",
    )?
    .execute(params![compact, at, reason])?;
    seats::free(conn, &b.slot.id.to_string(), b.party_size)?;
    let after = rows::by_code(conn, &compact)?
        .ok_or_else(|| StoreError::Storage("booking vanished on a closure".into()))?;
    outbox::enqueue(
        conn,
        OutboxRow::for_booking(&after, NoticeKind::CancelledByCentre, at),
    )?;
    Ok(after)
}

/// The open entries of the closed slots are closed; a hold's seats are freed.
fn close_waiting(conn: &Connection, c: &Closure, now_millis: i64) -> Result<(), StoreError> {
    let center = c.center_id.as_ref().map(|c| c.as_str());
    let offering = c.offering_id.as_ref().map(|o| o.as_str());
    for e in wait_rows::open_on(conn, &c.date.to_string(), center, offering)? {
        let code = e.code.compact();
        wait_rows::set_status(conn, &code, "closed", None, now_millis)?;
        if e.status == linli_model::WaitStatus::Held {
            seats::free(conn, &e.slot.id.to_string(), e.party_size)?;
        }
    }
    Ok(())
}
