//! The outbox of text messages in SQLite (see `store/notice_types.rs`):
//! notices written in the transaction that made them happen, reminders
//! and hold warnings written when they fall due, and the claim, the
//! settling and the figures of the sender. Runs on the writer thread,
//! except [`health`] (a read).

use linli_model::notice::{NoticeKind, hold_warning_due, next_try, reminder_due};
use linli_model::{BookingCode, Lang, LocalDateTime, TimeOfDay};
use rusqlite::{Connection, OptionalExtension, params};

use super::StoreError;
use crate::store::{
    CLAIM_BATCH, CLAIM_MILLIS, ClaimedNotice, Delivery, NoticeScan, OutboxHealth, OutboxRow,
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
        row.key,
        row.code,
        row.kind,
        row.created_at,
        row.until_at
    ])?;
    Ok(())
}

fn bad(what: &str) -> StoreError {
    StoreError::Storage(format!("stored {what} is not valid"))
}

fn starts(date: &str, time: &str) -> Result<LocalDateTime, StoreError> {
    Ok(LocalDateTime {
        date: date.parse().map_err(|_| bad("slot date"))?,
        time: time.parse::<TimeOfDay>().map_err(|_| bad("slot time"))?,
    })
}

/// Writes the reminders and hold warnings due at the scan's time.
fn scan_due(conn: &Connection, scan: &NoticeScan) -> Result<usize, StoreError> {
    let (today, tomorrow) = (scan.now.date, scan.now.date.add_days(1));
    let candidates: Vec<(String, String, String, i64)> = conn
        .prepare_cached(
            "SELECT code, slot_date, slot_start, created_at FROM bookings
             WHERE sms_lang IS NOT NULL AND status = 'confirmed' AND slot_date IN (?1, ?2)
               AND NOT EXISTS (SELECT 1 FROM outbox
                               WHERE outbox.key = bookings.code || '.reminder_soon')",
        )?
        .query_map(params![today.to_string(), tomorrow.to_string()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut written = 0;
    for (code, date, time, created_at) in candidates {
        let starts = starts(&date, &time)?;
        let booked_at = LocalDateTime::from_unix_millis(created_at);
        if let Some(kind) = reminder_due(scan.times, starts, booked_at, scan.now) {
            let code: BookingCode = code.parse().map_err(|_| bad("booking code"))?;
            let row = OutboxRow::at(code, kind, starts.to_unix_millis(), scan.now_millis);
            written += insert_new(conn, &row)?;
        }
    }
    let holds: Vec<(String, i64, i64)> = conn
        .prepare_cached(
            "SELECT code, hold_until, updated_at FROM waitlist
             WHERE status = 'held' AND sms_lang IS NOT NULL AND hold_until > ?1",
        )?
        .query_map([scan.now_millis], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (code, until, held_at) in holds {
        if hold_warning_due(held_at, until, scan.now_millis) {
            let code: BookingCode = code.parse().map_err(|_| bad("entry code"))?;
            let row = OutboxRow::at(code, NoticeKind::HoldExpiring, until, scan.now_millis);
            written += insert_new(conn, &row)?;
        }
    }
    Ok(written)
}

fn insert_new(conn: &Connection, row: &OutboxRow) -> Result<usize, StoreError> {
    let before = conn.total_changes();
    enqueue(conn, Some(row.clone()))?;
    Ok(usize::from(conn.total_changes() > before))
}

/// Gives up what is no longer worth sending, then claims what is due.
fn claim(conn: &Connection, now: i64) -> Result<Vec<ClaimedNotice>, StoreError> {
    conn.prepare_cached(
        "UPDATE outbox SET status = CASE WHEN attempts = 0 THEN 'expired' ELSE 'failed' END
         WHERE status = 'pending' AND until_at <= ?1",
    )?
    .execute([now])?;
    let claimed: Vec<(String, i64)> = conn
        .prepare_cached(
            "UPDATE outbox SET next_at = ?2, attempts = attempts + 1
             WHERE key IN (SELECT key FROM outbox WHERE status = 'pending' AND next_at <= ?1
                           ORDER BY next_at LIMIT ?3)
             RETURNING key, attempts",
        )?
        .query_map(params![now, now + CLAIM_MILLIS, CLAIM_BATCH], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut facts = conn.prepare_cached(
        "SELECT o.code, o.kind, o.until_at, COALESCE(b.phone, w.phone),
                COALESCE(b.sms_lang, w.sms_lang), COALESCE(b.offering_id, w.offering_id),
                COALESCE(b.slot_date, w.slot_date), COALESCE(b.slot_start, w.slot_start),
                w.hold_until, b.cancel_reason
         FROM outbox o LEFT JOIN bookings b ON b.code = o.code
                       LEFT JOIN waitlist w ON w.code = o.code
         WHERE o.key = ?1",
    )?;
    let mut notices = Vec::with_capacity(claimed.len());
    for (key, attempts) in claimed {
        let row = facts
            .query_row([&key], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, Option<String>>(7)?,
                    r.get::<_, Option<i64>>(8)?,
                    r.get::<_, Option<String>>(9)?,
                ))
            })
            .optional()?;
        let Some((code, kind, until_at, phone, lang, offering, date, time, hold, reason)) = row
        else {
            continue;
        };
        let (Some(offering_id), Some(date), Some(time)) = (offering, date, time) else {
            return Err(bad("notice without its booking"));
        };
        notices.push(ClaimedNotice {
            key,
            code: code.parse().map_err(|_| bad("notice code"))?,
            kind: NoticeKind::parse(&kind).ok_or_else(|| bad("notice kind"))?,
            attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
            until_at,
            phone,
            lang: lang.as_deref().and_then(Lang::parse),
            offering_id,
            starts: starts(&date, &time)?,
            hold_until: hold,
            reason,
        });
    }
    Ok(notices)
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

/// The figures of the health answer.
pub(super) fn health(conn: &Connection) -> rusqlite::Result<OutboxHealth> {
    let (pending, retrying, failed): (i64, i64, i64) = conn
        .prepare_cached(
            "SELECT COUNT(*) FILTER (WHERE status = 'pending'),
                    COUNT(*) FILTER (WHERE status = 'pending' AND last_error IS NOT NULL),
                    COUNT(*) FILTER (WHERE status = 'failed')
             FROM outbox WHERE status IN ('pending', 'failed')",
        )?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    let last: Option<(String, i64)> = conn
        .prepare_cached(
            "SELECT last_error, last_error_at FROM outbox WHERE last_error_at IS NOT NULL
             ORDER BY last_error_at DESC LIMIT 1",
        )?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
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
