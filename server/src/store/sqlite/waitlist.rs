//! Waiting lists in SQLite: joining, leaving, confirming a hold, and the
//! promotion that runs in the same writer transaction as whatever freed
//! the seats (a cancellation, a staff change, an expired or left hold), so
//! no booking can take a freed seat before the list has had it.

use linli_model::waitlist::{
    Candidate, ConfirmDecision, JoinFacts, LeaveDecision, Promotion, WaitRefusal, confirm_hold,
    hold_expired, leave, may_join, promote,
};
use linli_model::{LocalDateTime, WaitStatus, WaitlistRecord};
use rusqlite::{Connection, OptionalExtension, params};

use super::book::{ACTIVE, fresh_code};
use super::idempotency::{Made, record, replayed};
use super::wait_rows::{self, OPEN};
use super::{StoreError, outbox, rows, seats};
use crate::store::OutboxRow;
use crate::store::{ConfirmOutcome, LeaveOutcome, NewWaitEntry, WaitRequest};
use linli_model::notice::NoticeKind;

pub(super) fn join(conn: &Connection, new: &NewWaitEntry) -> Result<WaitlistRecord, StoreError> {
    if let Some(idem) = &new.idempotency
        && let Some(code) = replayed(conn, Made::Entry, idem)?
    {
        return wait_rows::by_code(conn, &code)?
            .ok_or_else(|| StoreError::Storage("idempotency key without entry".into()));
    }
    if super::catalog::generation(conn)? != new.catalog_generation {
        return Err(StoreError::CatalogMoved);
    }
    let b = &new.booking;
    let slot_id = b.slot.id.to_string();
    let phone = b.phone.canonical();
    // A run-out hold frees its seats first: they may be this party's.
    settle_slot(conn, &slot_id, new.now, new.now_millis)?;
    let facts = conn
        .prepare_cached(&format!(
            "SELECT
                EXISTS (SELECT 1 FROM bookings WHERE slot_id = ?1 AND phone = ?2 AND {ACTIVE}),
                EXISTS (SELECT 1 FROM waitlist WHERE slot_id = ?1 AND phone = ?2 AND {OPEN}),
                COALESCE((SELECT booked FROM slot_seats WHERE slot_id = ?1), 0),
                (SELECT COUNT(*) FROM waitlist WHERE slot_id = ?1 AND {OPEN})"
        ))?
        .query_row(params![slot_id, phone], |r| {
            Ok(JoinFacts {
                already_booked: r.get(0)?,
                already_waiting: r.get(1)?,
                seats_taken: r.get(2)?,
                open_entries: r.get(3)?,
            })
        })?;
    may_join(b, &facts).map_err(StoreError::Wait)?;
    let code = fresh_code(conn)?;
    let entry = WaitlistRecord::joined(b, code, new.hold_minutes, new.daily_limit, new.now_millis);
    wait_rows::insert(conn, &entry)?;
    if let Some(idem) = &new.idempotency {
        record(conn, Made::Entry, idem, code, new.now_millis)?;
    }
    wait_rows::by_code(conn, &code.compact())?
        .ok_or_else(|| StoreError::Storage("entry vanished on join".into()))
}

pub(super) fn leave_list(conn: &Connection, req: &WaitRequest) -> Result<LeaveOutcome, StoreError> {
    let compact = req.code.compact();
    let found = wait_rows::by_code(conn, &compact)?;
    let decision = match leave(found.as_ref(), &req.phone) {
        Ok(d) => d,
        Err(refusal) => return Ok(LeaveOutcome::Refused(refusal)),
    };
    if let (LeaveDecision::Leave { frees }, Some(e)) = (decision, &found) {
        wait_rows::set_status(conn, &compact, "left", None, req.now_millis)?;
        if frees > 0 {
            let slot_id = e.slot.id.to_string();
            seats::free(conn, &slot_id, frees)?;
            promote_in(conn, &slot_id, req.now, req.now_millis)?;
        }
    }
    let after = wait_rows::by_code(conn, &compact)?
        .ok_or_else(|| StoreError::Storage("entry vanished on leave".into()))?;
    Ok(LeaveOutcome::Left(Box::new(after)))
}

pub(super) fn confirm(conn: &Connection, req: &WaitRequest) -> Result<ConfirmOutcome, StoreError> {
    let compact = req.code.compact();
    let found = wait_rows::by_code(conn, &compact)?;
    match confirm_hold(found.as_ref(), &req.phone, req.now_millis) {
        Ok(ConfirmDecision::Confirm) => {
            let e = found.ok_or_else(|| StoreError::Storage("confirmed nothing".into()))?;
            // The seats were taken when the hold was given.
            let booking = e.to_booking(req.now_millis);
            rows::insert(conn, &booking)?;
            wait_rows::set_status(conn, &compact, "promoted", None, req.now_millis)?;
            let notice = OutboxRow::for_booking(&booking, NoticeKind::Confirmed, req.now_millis);
            outbox::enqueue(conn, notice)?;
            booked(conn, &compact)
        }
        Ok(ConfirmDecision::AlreadyConfirmed) => booked(conn, &compact),
        Err(refusal) => {
            if let (WaitRefusal::HoldExpired, Some(e)) = (refusal, &found) {
                settle_slot(conn, &e.slot.id.to_string(), req.now, req.now_millis)?;
            }
            Ok(ConfirmOutcome::Refused(refusal))
        }
    }
}

fn booked(conn: &Connection, compact: &str) -> Result<ConfirmOutcome, StoreError> {
    let b = rows::by_code(conn, compact)?
        .ok_or_else(|| StoreError::Storage("promoted entry without booking".into()))?;
    Ok(ConfirmOutcome::Booked(Box::new(b)))
}

/// Every slot with a run-out hold or a waiting entry whose slot has
/// started: expired, closed and promoted. Answers the slots settled.
pub(super) fn settle_all(
    conn: &Connection,
    now: LocalDateTime,
    now_millis: i64,
) -> Result<usize, StoreError> {
    let (date, time) = (now.date.to_string(), now.time.to_string());
    let slots: Vec<String> = conn
        .prepare_cached(
            "SELECT DISTINCT slot_id FROM waitlist
             WHERE (status = 'held' AND hold_until <= ?1)
                OR (status = 'waiting' AND (slot_date < ?2
                    OR (slot_date = ?2 AND slot_start <= ?3)))",
        )?
        .query_map(params![now_millis, date, time], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for slot_id in &slots {
        settle_slot(conn, slot_id, now, now_millis)?;
    }
    Ok(slots.len())
}

/// Passes a slot's run-out holds on: expired, their seats freed and given
/// to the next entries.
pub(super) fn settle_slot(
    conn: &Connection,
    slot_id: &str,
    now: LocalDateTime,
    now_millis: i64,
) -> Result<(), StoreError> {
    for e in wait_rows::in_slot(conn, slot_id, "held")? {
        if hold_expired(&e, now_millis) {
            wait_rows::set_status(
                conn,
                &e.code.compact(),
                "expired",
                e.hold_until_millis,
                now_millis,
            )?;
            seats::free(conn, slot_id, e.party_size)?;
        }
    }
    promote_in(conn, slot_id, now, now_millis)
}

/// Gives a slot's free seats to its waiting entries ([`promote`]): call it
/// in the transaction that freed them.
pub(super) fn promote_in(
    conn: &Connection,
    slot_id: &str,
    now: LocalDateTime,
    now_millis: i64,
) -> Result<(), StoreError> {
    let waiting = wait_rows::in_slot(conn, slot_id, WaitStatus::Waiting.as_str())?;
    let Some(first) = waiting.first() else {
        return Ok(());
    };
    let (taken, capacity): (u32, u32) = conn
        .prepare_cached("SELECT booked, capacity FROM slot_seats WHERE slot_id = ?1")?
        .query_row([slot_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, first.slot.capacity));
    let mut facts = conn.prepare_cached(&format!(
        "SELECT
            EXISTS (SELECT 1 FROM bookings WHERE slot_id = ?1 AND phone = ?2 AND {ACTIVE}),
            (SELECT COUNT(*) FROM bookings
                WHERE phone = ?2 AND slot_date = ?3 AND offering_id = ?4 AND {ACTIVE})"
    ))?;
    let mut candidates = Vec::with_capacity(waiting.len());
    for e in &waiting {
        let (date, offering) = (e.slot.date.to_string(), e.slot.offering_id.to_string());
        let (already_booked, booked_that_day) = facts
            .query_row(params![slot_id, e.phone, date, offering], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        candidates.push(Candidate {
            party_size: e.party_size,
            hold_minutes: e.hold_minutes,
            already_booked,
            booked_that_day,
            daily_limit: e.daily_limit,
        });
    }
    let free = capacity.saturating_sub(taken);
    for (e, step) in waiting
        .iter()
        .zip(promote(free, &candidates, &first.slot, now))
    {
        let code = e.code.compact();
        let take = |conn: &Connection| -> Result<(), StoreError> {
            // The last line: the seat count itself refuses to overbook.
            seats::take(conn, slot_id, e.party_size, capacity)?
                .map(|_| ())
                .ok_or_else(|| StoreError::Storage("promotion found no seats".into()))
        };
        match step {
            Promotion::Book => {
                take(conn)?;
                let booking = e.to_booking(now_millis);
                rows::insert(conn, &booking)?;
                wait_rows::set_status(conn, &code, "promoted", None, now_millis)?;
                let notice = OutboxRow::for_booking(&booking, NoticeKind::Promoted, now_millis);
                outbox::enqueue(conn, notice)?;
            }
            Promotion::Hold { until_millis } => {
                take(conn)?;
                wait_rows::set_status(conn, &code, "held", Some(until_millis), now_millis)?;
                let held = WaitlistRecord {
                    hold_until_millis: Some(until_millis),
                    ..e.clone()
                };
                let notice = OutboxRow::for_entry(&held, NoticeKind::HoldOffered, now_millis);
                outbox::enqueue(conn, notice)?;
            }
            Promotion::Close => wait_rows::set_status(conn, &code, "closed", None, now_millis)?,
            Promotion::Stay => {}
        }
    }
    Ok(())
}
