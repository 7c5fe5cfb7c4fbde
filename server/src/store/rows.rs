//! `bookings` rows and [`BookingRecord`]s: the one INSERT (a booking and an
//! import store records alike) and the reads.

use std::str::FromStr;

use linli_model::{BookingStatus, Channel, Consent, Details, ServiceKind, Slot, StaffAction};
use rusqlite::types::Type;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::StoreError;

use super::BookingRecord;

/// Every booking query selects these columns, in this order.
const SELECT: &str = "SELECT b.code, b.status, b.slot_id, b.offering_id, b.center_id, b.kind,
        b.slot_date, b.slot_start, b.slot_end, b.capacity, COALESCE(s.booked, 0),
        b.name, b.phone, b.party_size, b.channel, b.notice_version, b.sensitive_consent,
        b.details_json, b.created_at, b.updated_at, b.staff_action, b.cancel_reason
    FROM bookings b LEFT JOIN slot_seats s ON s.slot_id = b.slot_id";

/// Stores a record as it is: code, status, times and staff action
/// included. Erased (empty) name and phone are stored as NULL, as
/// retention leaves them. The caller has taken the seats.
pub fn insert(conn: &Connection, r: &BookingRecord) -> Result<(), StoreError> {
    let details = serde_json::to_string(&r.details)
        .map_err(|e| StoreError::Storage(format!("details: {e}")))?;
    let erased = |s: &str| (!s.is_empty()).then(|| s.to_owned());
    conn.prepare_cached(
        "INSERT INTO bookings (code, slot_id, offering_id, center_id, kind, slot_date,
            slot_start, slot_end, capacity, phone, name, party_size, channel, status,
            notice_version, sensitive_consent, details_json, created_at, updated_at,
            staff_action, cancel_reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
            ?18, ?19, ?20, ?21)",
    )?
    .execute(params![
        r.code.compact(),
        r.slot.id.to_string(),
        r.slot.offering_id.as_str(),
        r.slot.center_id.as_str(),
        r.slot.kind.as_str(),
        r.slot.date.to_string(),
        r.slot.start.to_string(),
        r.slot.end.to_string(),
        r.slot.capacity,
        erased(&r.phone),
        erased(&r.name),
        r.party_size,
        r.channel.as_str(),
        r.status.as_str(),
        r.consent.notice,
        r.consent.sensitive,
        details,
        r.created_at_millis,
        r.updated_at_millis,
        r.staff_action.map(|a| a.as_str()),
        r.cancel_reason,
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

fn bad(idx: usize, e: impl std::error::Error + Send + Sync + 'static) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, Box::new(e))
}

#[derive(Debug, thiserror::Error)]
#[error("unknown value {0:?}")]
struct UnknownValue(String);

fn parsed<T>(row: &Row, idx: usize) -> rusqlite::Result<T>
where
    T: FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    let s: String = row.get(idx)?;
    s.parse().map_err(|e| bad(idx, e))
}

fn channel(s: &str) -> Option<Channel> {
    [Channel::Kiosk, Channel::Web, Channel::Staff]
        .into_iter()
        .find(|c| c.as_str() == s)
}

fn from_row(row: &Row) -> rusqlite::Result<BookingRecord> {
    let status: String = row.get(1)?;
    let capacity: u32 = row.get(9)?;
    let booked: u32 = row.get(10)?;
    let channel_text: String = row.get(14)?;
    // Erased personal data (retention) reads back as empty.
    let details = match row.get::<_, Option<String>>(17)? {
        Some(json) => serde_json::from_str(&json).map_err(|e| bad(17, e))?,
        None => Details::Care {
            address: None,
            note: None,
        },
    };
    Ok(BookingRecord {
        code: parsed(row, 0)?,
        status: BookingStatus::parse(&status).ok_or_else(|| bad(1, UnknownValue(status)))?,
        slot: Slot {
            id: parsed(row, 2)?,
            offering_id: parsed(row, 3)?,
            center_id: parsed(row, 4)?,
            kind: parsed::<ServiceKind>(row, 5)?,
            date: parsed(row, 6)?,
            start: parsed(row, 7)?,
            end: parsed(row, 8)?,
            capacity,
            remaining: capacity.saturating_sub(booked),
        },
        name: row.get::<_, Option<String>>(11)?.unwrap_or_default(),
        phone: row.get::<_, Option<String>>(12)?.unwrap_or_default(),
        party_size: row.get(13)?,
        channel: channel(&channel_text).ok_or_else(|| bad(14, UnknownValue(channel_text)))?,
        consent: Consent {
            notice: row.get(15)?,
            sensitive: row.get(16)?,
        },
        details,
        created_at_millis: row.get(18)?,
        updated_at_millis: row.get(19)?,
        staff_action: match row.get::<_, Option<String>>(20)? {
            Some(a) => Some(StaffAction::parse(&a).ok_or_else(|| bad(20, UnknownValue(a)))?),
            None => None,
        },
        cancel_reason: row.get(21)?,
    })
}
