//! Promotion in PostgreSQL: a slot's freed seats go to its waiting
//! entries in the transaction that freed them, under the slot's lock.

use linli_model::notice::NoticeKind;
use linli_model::waitlist::{Candidate, Promotion, hold_expired, promote};
use linli_model::{LocalDateTime, WaitlistRecord};

use super::PgError;
use super::outbox;
use super::rows::{self, ACTIVE};
use super::wait_rows;
use super::waitlist::{Tx, count, lock_slot};
use crate::store::{OutboxRow, StoreError};

/// Passes a slot's run-out holds on, under the slot's lock.
pub(super) async fn settle_slot(
    tx: &Tx<'_>,
    slot_id: &str,
    now: LocalDateTime,
    now_millis: i64,
) -> Result<(), PgError> {
    lock_slot(tx, slot_id).await?;
    for e in wait_rows::in_slot(tx, slot_id, "held").await? {
        if hold_expired(&e, now_millis) {
            let code = e.code.compact();
            wait_rows::set_status(tx, &code, "expired", e.hold_until_millis, now_millis).await?;
            rows::free_seats(tx, slot_id, e.party_size).await?;
        }
    }
    promote_in(tx, slot_id, now, now_millis).await
}

/// Gives a slot's free seats to its waiting entries, in the transaction
/// that freed them; the caller holds the slot's lock ([`lock_slot`]).
pub(super) async fn promote_in(
    tx: &Tx<'_>,
    slot_id: &str,
    now: LocalDateTime,
    now_millis: i64,
) -> Result<(), PgError> {
    let waiting = wait_rows::in_slot(tx, slot_id, "waiting").await?;
    let Some(first) = waiting.first() else {
        return Ok(());
    };
    let seats = tx
        .query_opt(
            "SELECT booked, capacity FROM slot_seats WHERE slot_id = $1",
            &[&slot_id],
        )
        .await?;
    let (taken, capacity) = match seats {
        Some(row) => (count(&row, 0)?, count(&row, 1)?),
        None => (0, first.slot.capacity),
    };
    let facts = tx
        .prepare_cached(&format!(
            "SELECT
                EXISTS (SELECT 1 FROM bookings WHERE slot_id = $1 AND phone = $2 AND {ACTIVE}),
                (SELECT COUNT(*) FROM bookings
                    WHERE phone = $2 AND slot_date = $3 AND offering_id = $4 AND {ACTIVE})"
        ))
        .await?;
    let mut candidates = Vec::with_capacity(waiting.len());
    for e in &waiting {
        let (date, offering) = (e.slot.date.to_string(), e.slot.offering_id.to_string());
        let row = tx
            .query_one(&facts, &[&slot_id, &e.phone, &date, &offering])
            .await?;
        candidates.push(Candidate {
            party_size: e.party_size,
            hold_minutes: e.hold_minutes,
            already_booked: row.try_get(0)?,
            booked_that_day: count(&row, 1)?,
            daily_limit: e.daily_limit,
        });
    }
    let steps = promote(
        capacity.saturating_sub(taken),
        &candidates,
        &first.slot,
        now,
    );
    for (e, step) in waiting.iter().zip(steps) {
        let code = e.code.compact();
        let take = matches!(step, Promotion::Book | Promotion::Hold { .. });
        // The last line: the seat count itself refuses to overbook.
        if take
            && rows::take_seats(tx, slot_id, e.party_size, capacity)
                .await?
                .is_none()
        {
            return Err(StoreError::Storage("promotion found no seats".into()).into());
        }
        match step {
            Promotion::Book => {
                let booking = e.to_booking(now_millis);
                if !rows::insert(tx, &booking).await? {
                    return Err(StoreError::Storage("an entry's code is taken".into()).into());
                }
                wait_rows::set_status(tx, &code, "promoted", None, now_millis).await?;
                let notice = OutboxRow::for_booking(&booking, NoticeKind::Promoted, now_millis);
                outbox::enqueue(tx, notice).await?;
            }
            Promotion::Hold { until_millis } => {
                wait_rows::set_status(tx, &code, "held", Some(until_millis), now_millis).await?;
                let held = WaitlistRecord {
                    hold_until_millis: Some(until_millis),
                    ..e.clone()
                };
                let notice = OutboxRow::for_entry(&held, NoticeKind::HoldOffered, now_millis);
                outbox::enqueue(tx, notice).await?;
            }
            Promotion::Close => {
                wait_rows::set_status(tx, &code, "closed", None, now_millis).await?
            }
            Promotion::Stay => {}
        }
    }
    Ok(())
}
