//! `waitlist` rows in PostgreSQL: the INSERT, status changes and reads,
//! each entry read with its position (1 + the slot's waiting entries
//! before it) computed by the query.

use deadpool_postgres::GenericClient;
use linli_model::WaitlistRecord;
use tokio_postgres::Row;

use super::PgError;
use crate::store::StoreError;
use crate::store::columns::BookingColumns;
use crate::store::wait_columns::WaitColumns;

pub const OPEN: &str = "status IN ('waiting', 'held')";

pub const SELECT: &str = "SELECT w.code, w.status, w.slot_id, w.offering_id, w.center_id,
        w.kind, w.slot_date, w.slot_start, w.slot_end, w.capacity, COALESCE(s.booked, 0),
        w.name, w.phone, w.party_size, w.channel, w.notice_version, w.sensitive_consent,
        w.details_json, w.created_at, w.updated_at, w.hold_minutes, w.daily_limit,
        w.hold_until,
        CASE WHEN w.status = 'waiting' THEN (SELECT COUNT(*) FROM waitlist o
            WHERE o.slot_id = w.slot_id AND o.status = 'waiting' AND o.seq <= w.seq) END,
        w.sms_lang
    FROM waitlist w LEFT JOIN slot_seats s ON s.slot_id = w.slot_id";

pub fn from_row(row: &Row) -> Result<WaitlistRecord, StoreError> {
    let get = || -> Result<WaitColumns, tokio_postgres::Error> {
        Ok(WaitColumns {
            booking: BookingColumns {
                code: row.try_get(0)?,
                status: String::new(),
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
                staff_action: None,
                cancel_reason: None,
                sms_lang: row.try_get(24)?,
            },
            status: row.try_get(1)?,
            hold_minutes: row.try_get(20)?,
            daily_limit: row.try_get(21)?,
            hold_until: row.try_get(22)?,
            position: row.try_get(23)?,
        })
    };
    get()
        .map_err(|e| StoreError::Storage(format!("reading an entry: {e}")))?
        .into_record()
        .map_err(|e| StoreError::Storage(e.to_string()))
}

pub fn from_rows(rows: &[Row]) -> Result<Vec<WaitlistRecord>, StoreError> {
    rows.iter().map(from_row).collect()
}

pub async fn by_code(
    c: &impl GenericClient,
    compact: &str,
) -> Result<Option<WaitlistRecord>, PgError> {
    let stmt = c
        .prepare_cached(&format!("{SELECT} WHERE w.code = $1"))
        .await?;
    match c.query_opt(&stmt, &[&compact]).await? {
        Some(row) => Ok(Some(from_row(&row)?)),
        None => Ok(None),
    }
}

/// A slot's entries in `status`, in the list's order.
pub async fn in_slot(
    c: &impl GenericClient,
    slot_id: &str,
    status: &str,
) -> Result<Vec<WaitlistRecord>, PgError> {
    let stmt = c
        .prepare_cached(&format!(
            "{SELECT} WHERE w.slot_id = $1 AND w.status = $2 ORDER BY w.seq"
        ))
        .await?;
    Ok(from_rows(&c.query(&stmt, &[&slot_id, &status]).await?)?)
}

/// Stores a new entry. Answers false (storing nothing) when its code is
/// taken.
pub async fn insert(c: &impl GenericClient, r: &WaitlistRecord) -> Result<bool, PgError> {
    let w = WaitColumns::from_record(r).map_err(|e| StoreError::Storage(e.to_string()))?;
    let v = &w.booking;
    let stmt = c
        .prepare_cached(
            "INSERT INTO waitlist (code, status, slot_id, offering_id, center_id, kind,
                slot_date, slot_start, slot_end, capacity, phone, name, party_size, channel,
                notice_version, sensitive_consent, details_json, hold_minutes, daily_limit,
                hold_until, created_at, updated_at, sms_lang)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
                $17, $18, $19, $20, $21, $22, $23)
             ON CONFLICT (code) DO NOTHING",
        )
        .await?;
    let n = c
        .execute(
            &stmt,
            &[
                &v.code,
                &w.status,
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
                &v.notice_version,
                &v.sensitive_consent,
                &v.details_json,
                &w.hold_minutes,
                &w.daily_limit,
                &w.hold_until,
                &v.created_at,
                &v.updated_at,
                &v.sms_lang,
            ],
        )
        .await?;
    Ok(n == 1)
}

pub async fn set_status(
    c: &impl GenericClient,
    code: &str,
    status: &str,
    hold_until: Option<i64>,
    now_millis: i64,
) -> Result<(), PgError> {
    let stmt = c
        .prepare_cached(
            "UPDATE waitlist SET status = $2, hold_until = $3, updated_at = $4 WHERE code = $1",
        )
        .await?;
    c.execute(&stmt, &[&code, &status, &hold_until, &now_millis])
        .await?;
    Ok(())
}
