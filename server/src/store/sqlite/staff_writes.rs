//! SQL for PINs, sessions and staff actions. The writes run on the writer
//! thread inside its batch transaction; the two lookups on the read pool.

use linli_model::CenterId;
use linli_model::rules::{SeatChange, staff_change};
use linli_model::sync::change_millis;
use rusqlite::{Connection, ErrorCode, OptionalExtension, params};

use super::{account_writes, outbox, rows, seats, waitlist};
use crate::store::OutboxRow;
use crate::store::{
    NewSession, PinAttempt, PinAttemptOutcome, SessionRow, SessionUse, StaffOutcome, StaffRequest,
    StoreError, pin_attempt_blocked,
};
use linli_model::notice::{NoticeKind, cancelled_by_centre};

pub fn set_pin(
    conn: &Connection,
    center_id: &str,
    pin_hash: &str,
    now_millis: i64,
) -> Result<bool, StoreError> {
    conn.prepare_cached(
        "INSERT INTO center_pins (center_id, pin_hash, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (center_id) DO UPDATE
            SET pin_hash = excluded.pin_hash, updated_at = excluded.updated_at",
    )?
    .execute(params![center_id, pin_hash, now_millis])?;
    end_sessions(conn, center_id)?;
    Ok(true)
}

pub fn clear_pin(conn: &Connection, center_id: &str) -> Result<bool, StoreError> {
    let had = conn
        .prepare_cached("DELETE FROM center_pins WHERE center_id = ?1")?
        .execute([center_id])?;
    end_sessions(conn, center_id)?;
    Ok(had > 0)
}

fn end_sessions(conn: &Connection, center_id: &str) -> rusqlite::Result<usize> {
    conn.prepare_cached("DELETE FROM volunteer_sessions WHERE center_id = ?1")?
        .execute([center_id])
}

pub fn create_session(conn: &Connection, new: &NewSession) -> Result<bool, StoreError> {
    // Expired sessions are swept whenever someone signs in: a few a day.
    conn.prepare_cached("DELETE FROM volunteer_sessions WHERE expires_at <= ?1")?
        .execute([new.now_millis])?;
    conn.prepare_cached(
        "INSERT INTO volunteer_sessions (token_hash, center_id, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![
        new.token_hash,
        new.center_id,
        new.now_millis,
        new.expires_at_millis
    ])?;
    Ok(true)
}

pub fn delete_session(conn: &Connection, token_hash: &str) -> Result<bool, StoreError> {
    let n = conn
        .prepare_cached("DELETE FROM volunteer_sessions WHERE token_hash = ?1")?
        .execute([token_hash])?;
    Ok(n > 0)
}

pub fn forget_pin_failures(conn: &Connection, before: i64) -> Result<bool, StoreError> {
    let n = conn
        .prepare_cached("DELETE FROM pin_failures WHERE at <= ?1")?
        .execute([before])?;
    Ok(n > 0)
}

/// Checks each key's recent failures and counts this attempt under every
/// key, in the writer's transaction: no other attempt runs in between.
pub fn begin_pin_attempt(
    conn: &Connection,
    a: &PinAttempt,
) -> Result<PinAttemptOutcome, StoreError> {
    let recent = a
        .keys
        .iter()
        .map(|(key, limit)| pin_failures(conn, key, limit.since(a.now_millis), limit.max_failures))
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if let Some(retry_after_secs) = pin_attempt_blocked(a, &recent) {
        return Ok(PinAttemptOutcome::Blocked { retry_after_secs });
    }
    let mut insert = conn.prepare_cached("INSERT INTO pin_failures (key, at) VALUES (?1, ?2)")?;
    let mut rows = Vec::with_capacity(a.keys.len());
    for (key, _) in &a.keys {
        insert.execute(params![key, a.now_millis])?;
        rows.push(conn.last_insert_rowid());
    }
    Ok(PinAttemptOutcome::Counted(rows))
}

pub fn forgive_pin_attempt(conn: &Connection, rows: &[i64]) -> Result<bool, StoreError> {
    let mut delete = conn.prepare_cached("DELETE FROM pin_failures WHERE rowid = ?1")?;
    let mut n = 0;
    for row in rows {
        n += delete.execute([row])?;
    }
    Ok(n > 0)
}

/// Failures under `key` after `since`, newest first, at most `limit`.
pub fn pin_failures(
    conn: &Connection,
    key: &str,
    since: i64,
    limit: usize,
) -> rusqlite::Result<Vec<i64>> {
    conn.prepare_cached(
        "SELECT at FROM pin_failures WHERE key = ?1 AND at > ?2 ORDER BY at DESC LIMIT ?3",
    )?
    .query_map(
        params![key, since, i64::try_from(limit).unwrap_or(i64::MAX)],
        |r| r.get(0),
    )?
    .collect()
}

pub fn pin_hash(conn: &Connection, center_id: &str) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT pin_hash FROM center_pins WHERE center_id = ?1")?
        .query_row([center_id], |r| r.get(0))
        .optional()
}

/// `expires_at` is the idle deadline: each use moves it to `now + idle`,
/// never past `created_at + max`.
pub fn use_session(conn: &Connection, u: &SessionUse) -> Result<Option<SessionRow>, StoreError> {
    Ok(conn
        .prepare_cached(
            "UPDATE volunteer_sessions SET expires_at = MIN(created_at + ?3, ?2 + ?4)
             WHERE token_hash = ?1 AND expires_at > ?2
             RETURNING center_id, expires_at",
        )?
        .query_row(
            params![u.token_hash, u.now_millis, u.max_millis, u.idle_millis],
            |r| {
                Ok(SessionRow {
                    center_id: r.get(0)?,
                    expires_at_millis: r.get(1)?,
                })
            },
        )
        .optional()?)
}

/// Asks the model's rules about the stored booking and applies the change,
/// moving the slot's seat count when a booking starts or stops holding seats.
pub fn staff_action(conn: &Connection, req: &StaffRequest) -> Result<StaffOutcome, StoreError> {
    let compact = req.code.compact();
    let found = rows::by_code(conn, &compact)?;
    let seats_taken = match &found {
        Some(b) => seats::taken(conn, &b.slot.id.to_string())?,
        None => 0,
    };
    let center: CenterId = match req.center_id.parse() {
        Ok(c) => c,
        Err(_) => return Ok(StaffOutcome::NotFound),
    };
    let (b, change) = match found {
        Some(b) => match staff_change(Some(&b), &center, req.action, req.now, seats_taken) {
            Ok(change) => (b, change),
            Err(refusal) => return Ok(refusal.into()),
        },
        None => return Ok(StaffOutcome::NotFound),
    };
    let slot_id = b.slot.id.to_string();
    match change.seats {
        // The last line, as for a booking: never over capacity.
        SeatChange::Take(n) if seats::take(conn, &slot_id, n, b.slot.capacity)?.is_none() => {
            return Ok(StaffOutcome::SlotFull);
        }
        SeatChange::Take(_) | SeatChange::Keep => {}
        SeatChange::Free(n) => seats::free(conn, &slot_id, n)?,
    }
    let to = change.to;
    let at = change_millis(req.now_millis, b.updated_at_millis);
    let updated = conn
        .prepare_cached(
            "UPDATE bookings SET status = ?2, updated_at = ?3, staff_action = ?4,
                cancel_reason = CASE WHEN ?4 = 'cancel' THEN ?5 ELSE cancel_reason END
             WHERE code = ?1 AND status = ?6",
        )?
        .execute(params![
            compact,
            to.as_str(),
            at,
            req.action.as_str(),
            req.reason,
            b.status.as_str()
        ]);
    match updated {
        Ok(_) => {}
        // One active booking per phone per slot (the unique index).
        Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == ErrorCode::ConstraintViolation => {
            return Err(StoreError::AlreadyBooked);
        }
        Err(e) => return Err(e.into()),
    }
    if let SeatChange::Free(_) = change.seats {
        // The freed seats go to the waiting list before anyone else.
        waitlist::promote_in(conn, &slot_id, req.now, req.now_millis)?;
    }
    let after = rows::by_code(conn, &compact)?
        .ok_or_else(|| StoreError::Storage("booking vanished on a staff action".into()))?;
    if cancelled_by_centre(req.action, b.status, to) {
        let notice = OutboxRow::for_booking(&after, NoticeKind::CancelledByCentre, at);
        outbox::enqueue(conn, notice)?;
    }
    account_writes::append(conn, &req.audit(b.status, to))?;
    Ok(StaffOutcome::Changed(Box::new(after)))
}
