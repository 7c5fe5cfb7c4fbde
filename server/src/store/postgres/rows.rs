//! `bookings` rows in PostgreSQL, through the stores' shared
//! [`BookingColumns`]: the one INSERT and the reads.

use deadpool_postgres::GenericClient;
use tokio_postgres::Row;

use super::PgError;
use crate::store::columns::BookingColumns;
use crate::store::{BookingRecord, StoreError};

/// Every booking query selects these columns, in this order.
pub const SELECT: &str = "SELECT b.code, b.status, b.slot_id, b.offering_id, b.center_id, b.kind,
        b.slot_date, b.slot_start, b.slot_end, b.capacity, COALESCE(s.booked, 0),
        b.name, b.phone, b.party_size, b.channel, b.notice_version, b.sensitive_consent,
        b.details_json, b.created_at, b.updated_at, b.staff_action, b.cancel_reason,
        b.sms_lang
    FROM bookings b LEFT JOIN slot_seats s ON s.slot_id = b.slot_id";

/// Active statuses: the ones that hold seats.
pub const ACTIVE: &str = "status IN ('confirmed', 'checked_in')";

pub fn from_row(row: &Row) -> Result<BookingRecord, StoreError> {
    let get = || -> Result<BookingColumns, tokio_postgres::Error> {
        Ok(BookingColumns {
            code: row.try_get(0)?,
            status: row.try_get(1)?,
            slot_id: row.try_get(2)?,
            offering_id: row.try_get(3)?,
            center_id: row.try_get(4)?,
            kind: row.try_get(5)?,
            slot_date: row.try_get(6)?,
            slot_start: row.try_get(7)?,
            slot_end: row.try_get(8)?,
            capacity: row.try_get(9)?,
            booked: row.try_get(10)?,
            name: row.try_get(11)?,
            phone: row.try_get(12)?,
            party_size: row.try_get(13)?,
            channel: row.try_get(14)?,
            notice_version: row.try_get(15)?,
            sensitive_consent: row.try_get(16)?,
            details_json: row.try_get(17)?,
            created_at: row.try_get(18)?,
            updated_at: row.try_get(19)?,
            staff_action: row.try_get(20)?,
            cancel_reason: row.try_get(21)?,
            sms_lang: row.try_get(22)?,
        })
    };
    let columns = get().map_err(|e| StoreError::Storage(format!("reading a booking: {e}")))?;
    columns
        .into_record()
        .map_err(|e| StoreError::Storage(e.to_string()))
}

pub fn from_rows(rows: &[Row]) -> Result<Vec<BookingRecord>, StoreError> {
    rows.iter().map(from_row).collect()
}

pub async fn by_code(
    c: &impl GenericClient,
    compact_code: &str,
) -> Result<Option<BookingRecord>, PgError> {
    let stmt = c
        .prepare_cached(&format!("{SELECT} WHERE b.code = $1"))
        .await?;
    match c.query_opt(&stmt, &[&compact_code]).await? {
        Some(row) => Ok(Some(from_row(&row)?)),
        None => Ok(None),
    }
}

/// Like [`by_code`], locking the booking's row until the transaction ends,
/// so two changes to one booking happen one after the other.
pub async fn by_code_for_update(
    c: &impl GenericClient,
    compact_code: &str,
) -> Result<Option<BookingRecord>, PgError> {
    let stmt = c
        .prepare_cached(&format!("{SELECT} WHERE b.code = $1 FOR UPDATE OF b"))
        .await?;
    match c.query_opt(&stmt, &[&compact_code]).await? {
        Some(row) => Ok(Some(from_row(&row)?)),
        None => Ok(None),
    }
}

/// Stores a record as it is. Answers false (storing nothing) when its
/// code is taken. The caller has taken the seats.
pub async fn insert(c: &impl GenericClient, r: &BookingRecord) -> Result<bool, PgError> {
    let v = BookingColumns::from_record(r).map_err(|e| StoreError::Storage(e.to_string()))?;
    let stmt = c
        .prepare_cached(
            "INSERT INTO bookings (code, slot_id, offering_id, center_id, kind, slot_date,
                slot_start, slot_end, capacity, phone, name, party_size, channel, status,
                notice_version, sensitive_consent, details_json, created_at, updated_at,
                staff_action, cancel_reason, sms_lang)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
                $17, $18, $19, $20, $21, $22)
             ON CONFLICT (code) DO NOTHING",
        )
        .await?;
    let n = c
        .execute(
            &stmt,
            &[
                &v.code,
                &v.slot_id,
                &v.offering_id,
                &v.center_id,
                &v.kind,
                &v.slot_date,
                &v.slot_start,
                &v.slot_end,
                &v.capacity,
                &v.phone,
                &v.name,
                &v.party_size,
                &v.channel,
                &v.status,
                &v.notice_version,
                &v.sensitive_consent,
                &v.details_json,
                &v.created_at,
                &v.updated_at,
                &v.staff_action,
                &v.cancel_reason,
                &v.sms_lang,
            ],
        )
        .await?;
    Ok(n == 1)
}

/// Seats held in a slot now.
pub async fn seats_taken(c: &impl GenericClient, slot_id: &str) -> Result<u32, PgError> {
    let stmt = c
        .prepare_cached("SELECT booked FROM slot_seats WHERE slot_id = $1")
        .await?;
    let booked: i64 = match c.query_opt(&stmt, &[&slot_id]).await? {
        Some(row) => row.try_get(0)?,
        None => 0,
    };
    Ok(u32::try_from(booked).unwrap_or(u32::MAX))
}

/// Takes `seats` seats of a slot with `capacity`, or none if they don't
/// fit: the count and the capacity are checked in the statement that
/// changes them, under the row's lock. Answers the seats held after.
pub async fn take_seats(
    c: &impl GenericClient,
    slot_id: &str,
    seats: u8,
    capacity: u32,
) -> Result<Option<u32>, PgError> {
    if u32::from(seats) > capacity {
        return Ok(None);
    }
    let stmt = c
        .prepare_cached(
            "INSERT INTO slot_seats (slot_id, booked, capacity) VALUES ($1, $2, $3)
             ON CONFLICT (slot_id) DO UPDATE
                SET booked = slot_seats.booked + excluded.booked, capacity = excluded.capacity
                WHERE slot_seats.booked + excluded.booked <= excluded.capacity
             RETURNING booked",
        )
        .await?;
    let row = c
        .query_opt(&stmt, &[&slot_id, &i64::from(seats), &i64::from(capacity)])
        .await?;
    match row {
        Some(row) => {
            let booked: i64 = row.try_get(0)?;
            Ok(Some(u32::try_from(booked).unwrap_or(u32::MAX)))
        }
        None => Ok(None),
    }
}

/// Gives back the seats of a booking that stops holding them.
pub async fn free_seats(c: &impl GenericClient, slot_id: &str, seats: u8) -> Result<(), PgError> {
    let stmt = c
        .prepare_cached(
            "UPDATE slot_seats SET booked = booked - $2 WHERE slot_id = $1 AND booked >= $2",
        )
        .await?;
    c.execute(&stmt, &[&slot_id, &i64::from(seats)]).await?;
    Ok(())
}
