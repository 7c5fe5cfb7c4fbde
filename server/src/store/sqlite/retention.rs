//! The privacy notice's 30 days ([`linli_model::retention`]): a sweep that
//! erases the personal data of bookings whose service day is past it,
//! keeping the rows (code, slot, party, status, times) for the counts.

use linli_model::retention::kept_from;
use linli_model::{Date, LocalDateTime, TimeOfDay};
use rusqlite::{Connection, OptionalExtension, params};

use super::writer::{Done, Job};
use super::{SqliteStore, StoreError, rows, wait_rows};

impl SqliteStore {
    /// Erases what is due on `today`; answers how many bookings it erased.
    /// Runs at start and every hour (`serve`), so a day late at most.
    pub async fn erase_expired(&self, today: Date) -> Result<usize, StoreError> {
        match self.write(Job::EraseExpired(today)).await? {
            Done::Erased(r) => r,
            _ => Err(StoreError::Storage("unexpected writer answer".into())),
        }
    }
}

/// Runs on the writer thread inside the batch's transaction.
pub(super) fn erase_expired(conn: &Connection, today: Date) -> Result<usize, StoreError> {
    // The newest booking by rowid: one index step, where MAX(updated_at)
    // would read the whole table in the writer's transaction every hour.
    let newest: Option<i64> = conn
        .query_row(
            "SELECT updated_at FROM bookings ORDER BY rowid DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    let from = kept_from(
        today,
        newest.map(|ms| LocalDateTime::from_unix_millis(ms).date),
    );
    let due: Vec<_> = rows::with_personal_data_before(conn, &from.to_string())?
        .into_iter()
        .filter(|b| b.retention_due(from))
        .collect();
    let mut update = conn.prepare_cached(
        "UPDATE bookings SET name = NULL, phone = NULL, cancel_reason = NULL, details_json = ?2
         WHERE code = ?1",
    )?;
    // Queued actions' ids (codes, no personal data) go with the days swept.
    let day_start = LocalDateTime {
        date: from,
        time: TimeOfDay::MIDNIGHT,
    };
    conn.prepare_cached("DELETE FROM staff_sync WHERE received_at < ?1")?
        .execute([day_start.to_unix_millis()])?;
    for mut b in due.iter().cloned() {
        b.erase_personal();
        let details = serde_json::to_string(&b.details)
            .map_err(|e| StoreError::Storage(format!("details: {e}")))?;
        update.execute(params![b.code.compact(), details])?;
    }
    // Waiting-list entries hold the same personal fields: same days, same end.
    let mut erase_entry = conn.prepare_cached(
        "UPDATE waitlist SET name = NULL, phone = NULL, details_json = ?2 WHERE code = ?1",
    )?;
    for mut e in wait_rows::with_personal_data_before(conn, &from.to_string())? {
        e.erase_personal();
        let details = serde_json::to_string(&e.details)
            .map_err(|e| StoreError::Storage(format!("details: {e}")))?;
        erase_entry.execute(params![e.code.compact(), details])?;
    }
    // A rating's comment is personal text; its face stays for the reports.
    conn.prepare_cached(
        "UPDATE ratings SET comment = NULL WHERE slot_date < ?1 AND comment IS NOT NULL",
    )?
    .execute([from.to_string()])?;
    super::outbox::forget_settled(conn, day_start.to_unix_millis())?;
    // Idempotency keys keep a hash of the request (name and phone in it):
    // nobody retries a month later.
    for table in ["idempotency", "wait_idempotency"] {
        conn.prepare_cached(&format!("DELETE FROM {table} WHERE created_at < ?1"))?
            .execute([day_start.to_unix_millis()])?;
    }
    Ok(due.len())
}
