//! The outbox of text messages in PostgreSQL (see `store/notice_types.rs`).
//! Several instances may send: a claim takes due rows with `FOR UPDATE
//! SKIP LOCKED` and moves them on by the claim's length, so each notice
//! has one sender at a time, and a crashed sender's notices come due
//! again when its claim runs out.

use deadpool_postgres::GenericClient;
use linli_model::notice::next_try;
use tokio_postgres::Row;

use super::{PgError, PgStore, store_error};
use crate::store::{
    CLAIM_BATCH, CLAIM_MILLIS, CLAIMED_SELECT, ClaimedColumns, ClaimedNotice, Delivery,
    FAILED_WINDOW_MILLIS, HoldCandidate, NoticeScan, OutboxHealth, OutboxRow, ReminderCandidate,
    StoreError, due_notices,
};

/// Writes a notice unless its key is there (each kind once per code).
pub(super) async fn enqueue(
    c: &impl GenericClient,
    row: Option<OutboxRow>,
) -> Result<u64, PgError> {
    let Some(row) = row else { return Ok(0) };
    let stmt = c
        .prepare_cached(
            "INSERT INTO outbox (key, code, kind, status, created_at, next_at, until_at)
             VALUES ($1, $2, $3, 'pending', $4, $4, $5)
             ON CONFLICT (key) DO NOTHING",
        )
        .await?;
    Ok(c.execute(
        &stmt,
        &[
            &row.key(),
            &row.code.compact(),
            &row.kind.as_str(),
            &row.created_at,
            &row.until_at,
        ],
    )
    .await?)
}

impl PgStore {
    /// Writes the reminders and hold warnings due; answers how many. Two
    /// instances scanning at once write each notice once (its key).
    pub async fn scan_notices(&self, scan: NoticeScan) -> Result<usize, StoreError> {
        self.retrying(|client| scan_once(client, scan)).await
    }

    /// Claims the notices due at `now_millis` for this sender.
    pub async fn claim_notices(&self, now_millis: i64) -> Result<Vec<ClaimedNotice>, StoreError> {
        self.retrying(|client| claim_once(client, now_millis)).await
    }

    /// Settles a try (see the SQLite store's `finish`).
    pub async fn finish_notice(
        &self,
        n: ClaimedNotice,
        delivery: Delivery,
        now: i64,
    ) -> Result<(), StoreError> {
        let client = self.client().await?;
        let attempts = i32::try_from(n.attempts).unwrap_or(i32::MAX);
        let done = match delivery {
            Delivery::Sent => {
                client
                    .execute(
                        "UPDATE outbox SET status = 'sent', sent_at = $2
                         WHERE key = $1 AND status = 'pending'",
                        &[&n.key, &now],
                    )
                    .await
            }
            Delivery::Moot => client
                .execute(
                    "UPDATE outbox SET status = 'expired' WHERE key = $1 AND status = 'pending'",
                    &[&n.key],
                )
                .await,
            Delivery::Failed { error, permanent } => {
                let next = next_try(n.attempts, permanent, n.until_at, now);
                client
                    .execute(
                        "UPDATE outbox SET last_error = $3, last_error_at = $4,
                            status = CASE WHEN $5::bigint IS NULL THEN 'failed' ELSE 'pending' END,
                            next_at = COALESCE($5, next_at)
                         WHERE key = $1 AND status = 'pending' AND attempts = $2",
                        &[&n.key, &attempts, &error, &now, &next],
                    )
                    .await
            }
        };
        done.map(|_| ()).map_err(store_error)
    }

    /// The figures of the health answer (see the SQLite store's `health`).
    pub async fn outbox_health(&self, now: i64) -> Result<OutboxHealth, StoreError> {
        let since = now - FAILED_WINDOW_MILLIS;
        let client = self.client().await?;
        let counts = client
            .query_one(
                "SELECT COUNT(*) FILTER (WHERE status = 'pending'),
                        COUNT(*) FILTER (WHERE status = 'pending' AND last_error IS NOT NULL),
                        COUNT(*) FILTER (WHERE status = 'failed' AND last_error_at >= $1)
                 FROM outbox WHERE status IN ('pending', 'failed')",
                &[&since],
            )
            .await
            .map_err(store_error)?;
        let last = client
            .query_opt(
                "SELECT last_error, last_error_at FROM outbox
                 WHERE last_error_at >= $1 AND status IN ('pending', 'failed')
                 ORDER BY last_error_at DESC LIMIT 1",
                &[&since],
            )
            .await
            .map_err(store_error)?;
        let count = |i: usize| -> Result<u64, StoreError> {
            let n: i64 = counts.try_get(i).map_err(store_error)?;
            Ok(u64::try_from(n).unwrap_or(0))
        };
        let last: Option<(String, i64)> = match last {
            Some(row) => Some((
                row.try_get(0).map_err(store_error)?,
                row.try_get(1).map_err(store_error)?,
            )),
            None => None,
        };
        Ok(OutboxHealth {
            pending: count(0)?,
            retrying: count(1)?,
            failed: count(2)?,
            last_error: last.as_ref().map(|(e, _)| e.clone()),
            last_error_at: last.map(|(_, at)| at),
        })
    }
}

async fn scan_once(
    mut client: deadpool_postgres::Client,
    scan: NoticeScan,
) -> Result<usize, PgError> {
    let tx = client.transaction().await?;
    let (today, tomorrow) = (scan.now.date, scan.now.date.add_days(1));
    let reminders = tx
        .query(
            "SELECT code, slot_date, slot_start, created_at FROM bookings
             WHERE sms_lang IS NOT NULL AND status = 'confirmed' AND slot_date IN ($1, $2)
               AND NOT EXISTS (SELECT 1 FROM outbox
                               WHERE outbox.key = bookings.code || '.reminder_soon')",
            &[&today.to_string(), &tomorrow.to_string()],
        )
        .await?
        .iter()
        .map(|r| {
            Ok(ReminderCandidate {
                code: r.try_get(0)?,
                slot_date: r.try_get(1)?,
                slot_start: r.try_get(2)?,
                created_at: r.try_get(3)?,
            })
        })
        .collect::<Result<Vec<_>, tokio_postgres::Error>>()?;
    let holds = tx
        .query(
            "SELECT code, hold_until, updated_at FROM waitlist
             WHERE status = 'held' AND sms_lang IS NOT NULL AND hold_until > $1",
            &[&scan.now_millis],
        )
        .await?
        .iter()
        .map(|r| {
            Ok(HoldCandidate {
                code: r.try_get(0)?,
                hold_until: r.try_get(1)?,
                held_at: r.try_get(2)?,
            })
        })
        .collect::<Result<Vec<_>, tokio_postgres::Error>>()?;
    let mut written = 0;
    for row in due_notices(&scan, &reminders, &holds) {
        written += enqueue(&tx, Some(row)).await?;
    }
    tx.commit().await?;
    Ok(usize::try_from(written).unwrap_or(usize::MAX))
}

async fn claim_once(
    mut client: deadpool_postgres::Client,
    now: i64,
) -> Result<Vec<ClaimedNotice>, PgError> {
    let tx = client.transaction().await?;
    // Only what no sender holds: a claim in flight settles its own.
    tx.execute(
        "UPDATE outbox SET status = CASE WHEN attempts = 0 THEN 'expired' ELSE 'failed' END
         WHERE status = 'pending' AND until_at <= $1 AND next_at <= $1",
        &[&now],
    )
    .await?;
    let claimed = tx
        .query(
            "UPDATE outbox o SET next_at = $2, attempts = o.attempts + 1
             FROM (SELECT key FROM outbox WHERE status = 'pending' AND next_at <= $1
                   ORDER BY next_at LIMIT $3 FOR UPDATE SKIP LOCKED) due
             WHERE o.key = due.key
             RETURNING o.key",
            &[&now, &(now + CLAIM_MILLIS), &CLAIM_BATCH],
        )
        .await?;
    let keys: Vec<String> = claimed
        .iter()
        .map(|r| r.try_get(0))
        .collect::<Result<_, _>>()?;
    let rows = tx
        .query(
            &format!("{CLAIMED_SELECT} WHERE o.key = ANY($1) ORDER BY o.next_at"),
            &[&keys],
        )
        .await?;
    let mut notices = Vec::with_capacity(rows.len());
    for row in &rows {
        let columns = claimed_columns(row)?;
        let key = columns.key.clone();
        match columns.into_notice() {
            Ok(notice) => notices.push(notice),
            // That one is given up; the others go on.
            Err(problem) => {
                tracing::warn!(%key, problem, "a text message can't be sent");
                tx.execute(
                    "UPDATE outbox SET status = 'failed', last_error = $2, last_error_at = $3
                     WHERE key = $1",
                    &[&key, &problem, &now],
                )
                .await?;
            }
        }
    }
    tx.commit().await?;
    Ok(notices)
}

fn claimed_columns(r: &Row) -> Result<ClaimedColumns, tokio_postgres::Error> {
    let attempts: i32 = r.try_get(3)?;
    Ok(ClaimedColumns {
        key: r.try_get(0)?,
        code: r.try_get(1)?,
        kind: r.try_get(2)?,
        attempts: i64::from(attempts),
        until_at: r.try_get(4)?,
        phone: r.try_get(5)?,
        sms_lang: r.try_get(6)?,
        offering_id: r.try_get(7)?,
        slot_date: r.try_get(8)?,
        slot_start: r.try_get(9)?,
        hold_until: r.try_get(10)?,
        booking_status: r.try_get(11)?,
        entry_status: r.try_get(12)?,
    })
}

/// Deletes settled notices made before `before` (Unix milliseconds).
pub(super) async fn forget_settled(c: &impl GenericClient, before: i64) -> Result<u64, PgError> {
    Ok(c.execute(
        "DELETE FROM outbox WHERE status <> 'pending' AND created_at < $1",
        &[&before],
    )
    .await?)
}
