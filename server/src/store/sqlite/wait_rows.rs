//! `waitlist` rows in SQLite: the one INSERT, the status changes and the
//! reads, each entry read with its position (1 + the slot's waiting
//! entries before it) computed by the query, so positions are always
//! strict whatever joined or left in between.

use rusqlite::types::Type;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::StoreError;
use crate::store::columns::BookingColumns;
use crate::store::wait_columns::WaitColumns;
use linli_model::WaitlistRecord;

pub(crate) const OPEN: &str = "status IN ('waiting', 'held')";

const SELECT: &str = "SELECT w.code, w.status, w.slot_id, w.offering_id, w.center_id, w.kind,
        w.slot_date, w.slot_start, w.slot_end, w.capacity, COALESCE(s.booked, 0),
        w.name, w.phone, w.party_size, w.channel, w.notice_version, w.sensitive_consent,
        w.details_json, w.created_at, w.updated_at, w.hold_minutes, w.daily_limit,
        w.hold_until,
        CASE WHEN w.status = 'waiting' THEN (SELECT COUNT(*) FROM waitlist o
            WHERE o.slot_id = w.slot_id AND o.status = 'waiting' AND o.seq <= w.seq) END,
        w.sms_lang
    FROM waitlist w LEFT JOIN slot_seats s ON s.slot_id = w.slot_id";

pub fn insert(conn: &Connection, r: &WaitlistRecord) -> Result<(), StoreError> {
    let w = WaitColumns::from_record(r).map_err(|e| StoreError::Storage(e.to_string()))?;
    let c = &w.booking;
    conn.prepare_cached(
        "INSERT INTO waitlist (code, status, slot_id, offering_id, center_id, kind, slot_date,
            slot_start, slot_end, capacity, phone, name, party_size, channel, notice_version,
            sensitive_consent, details_json, hold_minutes, daily_limit, hold_until,
            created_at, updated_at, sms_lang)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
            ?18, ?19, ?20, ?21, ?22, ?23)",
    )?
    .execute(params![
        c.code,
        w.status,
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
        c.notice_version,
        c.sensitive_consent,
        c.details_json,
        w.hold_minutes,
        w.daily_limit,
        w.hold_until,
        c.created_at,
        c.updated_at,
        c.sms_lang,
    ])?;
    Ok(())
}

/// Moves an entry to `status` (with its hold's end while held).
pub fn set_status(
    conn: &Connection,
    code: &str,
    status: &str,
    hold_until: Option<i64>,
    now_millis: i64,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE waitlist SET status = ?2, hold_until = ?3, updated_at = ?4 WHERE code = ?1",
    )?
    .execute(params![code, status, hold_until, now_millis])?;
    Ok(())
}

pub fn by_code(conn: &Connection, compact: &str) -> rusqlite::Result<Option<WaitlistRecord>> {
    conn.prepare_cached(&format!("{SELECT} WHERE w.code = ?1"))?
        .query_row([compact], from_row)
        .optional()
}

/// A slot's entries in `status`, in the list's order.
pub fn in_slot(
    conn: &Connection,
    slot_id: &str,
    status: &str,
) -> rusqlite::Result<Vec<WaitlistRecord>> {
    conn.prepare_cached(&format!(
        "{SELECT} WHERE w.slot_id = ?1 AND w.status = ?2 ORDER BY w.seq"
    ))?
    .query_map(params![slot_id, status], from_row)?
    .collect()
}

/// A centre's open entries on a day, by slot and then in order.
pub fn open_by_center_date(
    conn: &Connection,
    center_id: &str,
    date: &str,
    kind: Option<&str>,
) -> rusqlite::Result<Vec<WaitlistRecord>> {
    conn.prepare_cached(&format!(
        "{SELECT} WHERE w.center_id = ?1 AND w.slot_date = ?2 AND (?3 IS NULL OR w.kind = ?3)
            AND w.{OPEN} ORDER BY w.slot_start, w.slot_id, w.status, w.seq"
    ))?
    .query_map(params![center_id, date, kind], from_row)?
    .collect()
}

/// The open entries of a day, of one centre or offering if given.
pub fn open_on(
    conn: &Connection,
    date: &str,
    center_id: Option<&str>,
    offering_id: Option<&str>,
) -> rusqlite::Result<Vec<WaitlistRecord>> {
    conn.prepare_cached(&format!(
        "{SELECT} WHERE w.slot_date = ?1 AND w.{OPEN}
            AND (?2 IS NULL OR w.center_id = ?2) AND (?3 IS NULL OR w.offering_id = ?3)"
    ))?
    .query_map(params![date, center_id, offering_id], from_row)?
    .collect()
}

/// Entries for days before `date` still holding a name or phone.
pub fn with_personal_data_before(
    conn: &Connection,
    date: &str,
) -> rusqlite::Result<Vec<WaitlistRecord>> {
    conn.prepare_cached(&format!(
        "{SELECT} WHERE w.slot_date < ?1 AND (w.name IS NOT NULL OR w.phone IS NOT NULL)"
    ))?
    .query_map([date], from_row)?
    .collect()
}

fn from_row(row: &Row) -> rusqlite::Result<WaitlistRecord> {
    WaitColumns {
        booking: BookingColumns {
            code: row.get(0)?,
            status: String::new(),
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
            staff_action: None,
            cancel_reason: None,
            sms_lang: row.get(24)?,
        },
        status: row.get(1)?,
        hold_minutes: row.get(20)?,
        daily_limit: row.get(21)?,
        hold_until: row.get(22)?,
        position: row.get(23)?,
    }
    .into_record()
    .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, Type::Text, Box::new(e)))
}
