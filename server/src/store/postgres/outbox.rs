//! The outbox of text messages in PostgreSQL (see `store/notice_types.rs`).
//! Several instances may send: a claim takes due rows with `FOR UPDATE
//! SKIP LOCKED` and moves them on by the claim's length, so each notice
//! has one sender at a time, and a crashed sender's notices come due
//! again when its claim runs out.

use deadpool_postgres::GenericClient;
use linli_model::notice::{NoticeKind, hold_warning_due, next_try, reminder_due};
use linli_model::{BookingCode, Lang, LocalDateTime, TimeOfDay};
use tokio_postgres::Row;

use super::{PgError, PgStore, store_error};
use crate::store::{
    CLAIM_BATCH, CLAIM_MILLIS, ClaimedNotice, Delivery, NoticeScan, OutboxHealth, OutboxRow,
    StoreError,
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
            &row.key,
            &row.code,
            &row.kind,
            &row.created_at,
            &row.until_at,
        ],
    )
    .await?)
}

fn bad(what: &str) -> PgError {
    StoreError::Storage(format!("stored {what} is not valid")).into()
}

fn starts(date: &str, time: &str) -> Result<LocalDateTime, PgError> {
    Ok(LocalDateTime {
        date: date.parse().map_err(|_| bad("slot date"))?,
        time: time.parse::<TimeOfDay>().map_err(|_| bad("slot time"))?,
    })
}

fn code(text: &str) -> Result<BookingCode, PgError> {
    text.parse().map_err(|_| bad("notice code"))
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

    pub async fn outbox_health(&self) -> Result<OutboxHealth, StoreError> {
        let client = self.client().await?;
        let counts = client
            .query_one(
                "SELECT COUNT(*) FILTER (WHERE status = 'pending'),
                        COUNT(*) FILTER (WHERE status = 'pending' AND last_error IS NOT NULL),
                        COUNT(*) FILTER (WHERE status = 'failed')
                 FROM outbox WHERE status IN ('pending', 'failed')",
                &[],
            )
            .await
            .map_err(store_error)?;
        let last = client
            .query_opt(
                "SELECT last_error, last_error_at FROM outbox WHERE last_error_at IS NOT NULL
                 ORDER BY last_error_at DESC LIMIT 1",
                &[],
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
    let candidates = tx
        .query(
            "SELECT code, slot_date, slot_start, created_at FROM bookings
             WHERE sms_lang IS NOT NULL AND status = 'confirmed' AND slot_date IN ($1, $2)
               AND NOT EXISTS (SELECT 1 FROM outbox
                               WHERE outbox.key = bookings.code || '.reminder_soon')",
            &[&today.to_string(), &tomorrow.to_string()],
        )
        .await?;
    let mut written = 0;
    for r in candidates {
        let starts = starts(&r.try_get::<_, String>(1)?, &r.try_get::<_, String>(2)?)?;
        let booked_at = LocalDateTime::from_unix_millis(r.try_get(3)?);
        if let Some(kind) = reminder_due(scan.times, starts, booked_at, scan.now) {
            let code = code(&r.try_get::<_, String>(0)?)?;
            let row = OutboxRow::at(code, kind, starts.to_unix_millis(), scan.now_millis);
            written += enqueue(&tx, Some(row)).await?;
        }
    }
    let holds = tx
        .query(
            "SELECT code, hold_until, updated_at FROM waitlist
             WHERE status = 'held' AND sms_lang IS NOT NULL AND hold_until > $1",
            &[&scan.now_millis],
        )
        .await?;
    for r in holds {
        let (until, held_at): (i64, i64) = (r.try_get(1)?, r.try_get(2)?);
        if hold_warning_due(held_at, until, scan.now_millis) {
            let code = code(&r.try_get::<_, String>(0)?)?;
            let row = OutboxRow::at(code, NoticeKind::HoldExpiring, until, scan.now_millis);
            written += enqueue(&tx, Some(row)).await?;
        }
    }
    tx.commit().await?;
    Ok(usize::try_from(written).unwrap_or(usize::MAX))
}

async fn claim_once(
    mut client: deadpool_postgres::Client,
    now: i64,
) -> Result<Vec<ClaimedNotice>, PgError> {
    let tx = client.transaction().await?;
    tx.execute(
        "UPDATE outbox SET status = CASE WHEN attempts = 0 THEN 'expired' ELSE 'failed' END
         WHERE status = 'pending' AND until_at <= $1",
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
            "SELECT o.key, o.code, o.kind, o.attempts, o.until_at, COALESCE(b.phone, w.phone),
                    COALESCE(b.sms_lang, w.sms_lang), COALESCE(b.offering_id, w.offering_id),
                    COALESCE(b.slot_date, w.slot_date), COALESCE(b.slot_start, w.slot_start),
                    w.hold_until, b.cancel_reason
             FROM outbox o LEFT JOIN bookings b ON b.code = o.code
                           LEFT JOIN waitlist w ON w.code = o.code
             WHERE o.key = ANY($1)
             ORDER BY o.next_at",
            &[&keys],
        )
        .await?;
    tx.commit().await?;
    rows.iter().map(claimed_notice).collect()
}

fn claimed_notice(r: &Row) -> Result<ClaimedNotice, PgError> {
    let (offering, date, time): (Option<String>, Option<String>, Option<String>) =
        (r.try_get(7)?, r.try_get(8)?, r.try_get(9)?);
    let (Some(offering_id), Some(date), Some(time)) = (offering, date, time) else {
        return Err(bad("notice without its booking"));
    };
    let kind: String = r.try_get(2)?;
    let attempts: i32 = r.try_get(3)?;
    let lang: Option<String> = r.try_get(6)?;
    Ok(ClaimedNotice {
        key: r.try_get(0)?,
        code: code(&r.try_get::<_, String>(1)?)?,
        kind: NoticeKind::parse(&kind).ok_or_else(|| bad("notice kind"))?,
        attempts: u32::try_from(attempts).unwrap_or(0),
        until_at: r.try_get(4)?,
        phone: r.try_get(5)?,
        lang: lang.as_deref().and_then(Lang::parse),
        offering_id,
        starts: starts(&date, &time)?,
        hold_until: r.try_get(10)?,
        reason: r.try_get(11)?,
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
