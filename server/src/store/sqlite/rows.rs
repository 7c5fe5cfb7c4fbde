//! `bookings` rows and [`BookingRecord`]s in SQLite: the one INSERT (a
//! booking and an import store records alike) and the reads, through the
//! stores' shared [`BookingColumns`].

use rusqlite::types::Type;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{BookingRecord, StoreError};
use crate::store::columns::BookingColumns;

/// Every booking query selects these columns, in this order.
const SELECT: &str = "SELECT b.code, b.status, b.slot_id, b.offering_id, b.center_id, b.kind,
        b.slot_date, b.slot_start, b.slot_end, b.capacity, COALESCE(s.booked, 0),
        b.name, b.phone, b.party_size, b.channel, b.notice_version, b.sensitive_consent,
        b.details_json, b.created_at, b.updated_at, b.staff_action, b.cancel_reason,
        b.sms_lang
    FROM bookings b LEFT JOIN slot_seats s ON s.slot_id = b.slot_id";

/// Stores a record as it is: code, status, times and staff action
/// included. The caller has taken the seats.
pub fn insert(conn: &Connection, r: &BookingRecord) -> Result<(), StoreError> {
    let c = BookingColumns::from_record(r).map_err(|e| StoreError::Storage(e.to_string()))?;
    conn.prepare_cached(
        "INSERT INTO bookings (code, slot_id, offering_id, center_id, kind, slot_date,
            slot_start, slot_end, capacity, phone, name, party_size, channel, status,
            notice_version, sensitive_consent, details_json, created_at, updated_at,
            staff_action, cancel_reason, sms_lang)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
            ?18, ?19, ?20, ?21, ?22)",
    )?
    .execute(params![
        c.code,
        c.slot_id,
        c.offering_id,
        c.center_id,
        c.kind,
        c.slot_date,
        c.slot_start,
        c.slot_end,
        c.capacity,
        c.phone,
        c.name,
        c.party_size,
        c.channel,
        c.status,
        c.notice_version,
        c.sensitive_consent,
        c.details_json,
        c.created_at,
        c.updated_at,
        c.staff_action,
        c.cancel_reason,
        c.sms_lang,
    ])?;
    Ok(())
}

pub fn by_code(conn: &Connection, compact_code: &str) -> rusqlite::Result<Option<BookingRecord>> {
    conn.prepare_cached(&format!("{SELECT} WHERE b.code = ?1"))?
        .query_row([compact_code], from_row)
        .optional()
}

/// Bookings for days before `date` that still hold a name, a phone or a
/// volunteer's reason: what the retention sweep looks at (it erases the
/// details with them, so an erased row is not read again).
pub fn with_personal_data_before(
    conn: &Connection,
    date: &str,
) -> rusqlite::Result<Vec<BookingRecord>> {
    conn.prepare_cached(&format!(
        "{SELECT} WHERE b.slot_date < ?1
            AND (b.name IS NOT NULL OR b.phone IS NOT NULL OR b.cancel_reason IS NOT NULL)"
    ))?
    .query_map([date], from_row)?
    .collect()
}

/// A centre's bookings on one day (every status), optionally of one kind,
/// by slot and then oldest first.
pub fn by_center_date(
    conn: &Connection,
    center_id: &str,
    date: &str,
    kind: Option<&str>,
) -> rusqlite::Result<Vec<BookingRecord>> {
    conn.prepare_cached(&format!(
        "{SELECT} WHERE b.center_id = ?1 AND b.slot_date = ?2 AND (?3 IS NULL OR b.kind = ?3)
         ORDER BY b.slot_start, b.slot_id, b.created_at, b.rowid"
    ))?
    .query_map(rusqlite::params![center_id, date, kind], from_row)?
    .collect()
}

/// The confirmed bookings of a day, of one centre or offering if given:
/// what a closure of that day looks at.
pub fn confirmed_on(
    conn: &Connection,
    date: &str,
    center_id: Option<&str>,
    offering_id: Option<&str>,
) -> rusqlite::Result<Vec<BookingRecord>> {
    conn.prepare_cached(&format!(
        "{SELECT} WHERE b.slot_date = ?1 AND b.status = 'confirmed'
            AND (?2 IS NULL OR b.center_id = ?2) AND (?3 IS NULL OR b.offering_id = ?3)
         ORDER BY b.center_id, b.slot_start, b.slot_id, b.created_at"
    ))?
    .query_map(rusqlite::params![date, center_id, offering_id], from_row)?
    .collect()
}

fn from_row(row: &Row) -> rusqlite::Result<BookingRecord> {
    BookingColumns {
        code: row.get(0)?,
        status: row.get(1)?,
        slot_id: row.get(2)?,
        offering_id: row.get(3)?,
        center_id: row.get(4)?,
        kind: row.get(5)?,
        slot_date: row.get(6)?,
        slot_start: row.get(7)?,
        slot_end: row.get(8)?,
        capacity: row.get(9)?,
        booked: row.get(10)?,
        name: row.get(11)?,
        phone: row.get(12)?,
        party_size: row.get(13)?,
        channel: row.get(14)?,
        notice_version: row.get(15)?,
        sensitive_consent: row.get(16)?,
        details_json: row.get(17)?,
        created_at: row.get(18)?,
        updated_at: row.get(19)?,
        staff_action: row.get(20)?,
        cancel_reason: row.get(21)?,
        sms_lang: row.get(22)?,
    }
    .into_record()
    .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, Type::Text, Box::new(e)))
}
