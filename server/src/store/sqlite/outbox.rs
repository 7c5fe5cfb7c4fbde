//! The outbox of text messages in SQLite (see `store/notice_types.rs`):
//! notices written in the transaction that made them happen, reminders
//! and hold warnings written when they fall due, and the claim, the
//! settling and the figures of the sender. Runs on the writer thread,
//! except [`health`] (a read).

use linli_model::notice::next_try;
use rusqlite::{Connection, OptionalExtension, params};

use super::StoreError;
use crate::store::{
    CLAIM_BATCH, CLAIM_MILLIS, CLAIMED_SELECT, ClaimedColumns, ClaimedNotice, Delivery,
    FAILED_WINDOW_MILLIS, HoldCandidate, NoticeScan, OutboxHealth, OutboxRow, ReminderCandidate,
    due_notices,
};

pub enum NoticeJob {
    Scan(NoticeScan),
    Claim(i64),
    Finish {
        notice: Box<ClaimedNotice>,
        delivery: Delivery,
        now_millis: i64,
    },
}

pub enum NoticeDone {
    Scanned(usize),
    Claimed(Vec<ClaimedNotice>),
    Finished,
}

pub(super) fn run(conn: &Connection, job: &NoticeJob) -> Result<NoticeDone, StoreError> {
    Ok(match job {
        NoticeJob::Scan(scan) => NoticeDone::Scanned(scan_due(conn, scan)?),
        NoticeJob::Claim(now) => NoticeDone::Claimed(claim(conn, *now)?),
        NoticeJob::Finish {
            notice,
            delivery,
            now_millis,
        } => {
            finish(conn, notice, delivery, *now_millis)?;
            NoticeDone::Finished
        }
    })
}

/// Writes a notice unless its key is there (each kind once per code).
pub(super) fn enqueue(conn: &Connection, row: Option<OutboxRow>) -> Result<(), StoreError> {
    let Some(row) = row else { return Ok(()) };
    conn.prepare_cached(
        "INSERT INTO outbox (key, code, kind, status, created_at, next_at, until_at)
         VALUES (?1, ?2, ?3, 'pending', ?4, ?4, ?5)
         ON CONFLICT (key) DO NOTHING",
    )?
    .execute(params![
        row.key(),
        row.code.compact(),
        row.kind.as_str(),
        row.created_at,
        row.until_at
    ])?;
    Ok(())
}

/// Writes the reminders and hold warnings due at the scan's time.
fn scan_due(conn: &Connection, scan: &NoticeScan) -> Result<usize, StoreError> {
    let (today, tomorrow) = (scan.now.date, scan.now.date.add_days(1));
    let reminders: Vec<ReminderCandidate> = conn
        .prepare_cached(
            "SELECT code, slot_date, slot_start, created_at FROM bookings
             WHERE sms_lang IS NOT NULL AND status = 'confirmed' AND slot_date IN (?1, ?2)
               AND NOT EXISTS (SELECT 1 FROM outbox
                               WHERE outbox.key = bookings.code || '.reminder_soon')",
        )?
        .query_map(params![today.to_string(), tomorrow.to_string()], |r| {
            Ok(ReminderCandidate {
                code: r.get(0)?,
                slot_date: r.get(1)?,
                slot_start: r.get(2)?,
                created_at: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let holds: Vec<HoldCandidate> = conn
        .prepare_cached(
            "SELECT code, hold_until, updated_at FROM waitlist
             WHERE status = 'held' AND sms_lang IS NOT NULL AND hold_until > ?1",
        )?
        .query_map([scan.now_millis], |r| {
            Ok(HoldCandidate {
                code: r.get(0)?,
                hold_until: r.get(1)?,
                held_at: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut written = 0;
    for row in due_notices(scan, &reminders, &holds) {
        let before = conn.total_changes();
        enqueue(conn, Some(row))?;
        written += usize::from(conn.total_changes() > before);
    }
    Ok(written)
}

/// Gives up what is no longer worth sending (and not in a sender's hands),
/// then claims what is due. A row that can't be read is given up alone.
fn claim(conn: &Connection, now: i64) -> Result<Vec<ClaimedNotice>, StoreError> {
    conn.prepare_cached(
        "UPDATE outbox SET status = CASE WHEN attempts = 0 THEN 'expired' ELSE 'failed' END
         WHERE status = 'pending' AND until_at <= ?1 AND next_at <= ?1",
    )?
    .execute([now])?;
    let keys: Vec<String> = conn
        .prepare_cached(
            "UPDATE outbox SET next_at = ?2, attempts = attempts + 1
             WHERE key IN (SELECT key FROM outbox WHERE status = 'pending' AND next_at <= ?1
                           ORDER BY next_at LIMIT ?3)
             RETURNING key",
        )?
        .query_map(params![now, now + CLAIM_MILLIS, CLAIM_BATCH], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut select = conn.prepare_cached(&format!("{CLAIMED_SELECT} WHERE o.key = ?1"))?;
    let mut notices = Vec::with_capacity(keys.len());
    for key in keys {
        let columns = select.query_row([&key], |r| {
            Ok(ClaimedColumns {
                key: r.get(0)?,
                code: r.get(1)?,
                kind: r.get(2)?,
                attempts: r.get(3)?,
                until_at: r.get(4)?,
                phone: r.get(5)?,
                sms_lang: r.get(6)?,
                offering_id: r.get(7)?,
                slot_date: r.get(8)?,
                slot_start: r.get(9)?,
                hold_until: r.get(10)?,
                booking_status: r.get(11)?,
                entry_status: r.get(12)?,
            })
        })?;
        match columns.into_notice() {
            Ok(notice) => notices.push(notice),
            Err(problem) => give_up(conn, &key, &problem, now)?,
        }
    }
    Ok(notices)
}

fn give_up(conn: &Connection, key: &str, problem: &str, now: i64) -> Result<(), StoreError> {
    tracing::warn!(%key, problem, "a text message can't be sent");
    conn.prepare_cached(
        "UPDATE outbox SET status = 'failed', last_error = ?2, last_error_at = ?3 WHERE key = ?1",
    )?
    .execute(params![key, problem, now])?;
    Ok(())
}

/// Settles a try: sent, tried again later, or given up. A sender whose
/// claim ran out (another has tried since) changes nothing but a success.
fn finish(
    conn: &Connection,
    n: &ClaimedNotice,
    delivery: &Delivery,
    now: i64,
) -> Result<(), StoreError> {
    match delivery {
        Delivery::Sent => {
            conn.prepare_cached(
                "UPDATE outbox SET status = 'sent', sent_at = ?2
                 WHERE key = ?1 AND status = 'pending'",
            )?
            .execute(params![n.key, now])?;
        }
        Delivery::Moot => {
            conn.prepare_cached(
                "UPDATE outbox SET status = 'expired' WHERE key = ?1 AND status = 'pending'",
            )?
            .execute([&n.key])?;
        }
        Delivery::Failed { error, permanent } => {
            let next = next_try(n.attempts, *permanent, n.until_at, now);
            conn.prepare_cached(
                "UPDATE outbox SET last_error = ?3, last_error_at = ?4,
                    status = CASE WHEN ?5 IS NULL THEN 'failed' ELSE 'pending' END,
                    next_at = COALESCE(?5, next_at)
                 WHERE key = ?1 AND status = 'pending' AND attempts = ?2",
            )?
            .execute(params![n.key, n.attempts, error, now, next])?;
        }
    }
    Ok(())
}

/// The figures of the health answer at `now`: the last error only while
/// something is retrying or was given up within the window, so one failure
/// doesn't alarm a monitor for a month.
pub(super) fn health(conn: &Connection, now: i64) -> rusqlite::Result<OutboxHealth> {
    let since = now - FAILED_WINDOW_MILLIS;
    let (pending, retrying, failed): (i64, i64, i64) = conn
        .prepare_cached(
            "SELECT COUNT(*) FILTER (WHERE status = 'pending'),
                    COUNT(*) FILTER (WHERE status = 'pending' AND last_error IS NOT NULL),
                    COUNT(*) FILTER (WHERE status = 'failed' AND last_error_at >= ?1)
             FROM outbox WHERE status IN ('pending', 'failed')",
        )?
        .query_row([since], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    let last: Option<(String, i64)> = conn
        .prepare_cached(
            "SELECT last_error, last_error_at FROM outbox
             WHERE last_error_at >= ?1 AND status IN ('pending', 'failed')
             ORDER BY last_error_at DESC LIMIT 1",
        )?
        .query_row([since], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let count = |n: i64| u64::try_from(n).unwrap_or(0);
    Ok(OutboxHealth {
        pending: count(pending),
        retrying: count(retrying),
        failed: count(failed),
        last_error: last.as_ref().map(|(e, _)| e.clone()),
        last_error_at: last.map(|(_, at)| at),
    })
}

/// Deletes settled notices made before `before` (Unix milliseconds).
pub(super) fn forget_settled(conn: &Connection, before: i64) -> rusqlite::Result<usize> {
    conn.prepare_cached("DELETE FROM outbox WHERE status <> 'pending' AND created_at < ?1")?
        .execute([before])
}
