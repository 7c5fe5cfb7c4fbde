//! The writer's booking commands: taking seats and cancelling. They run on
//! the writer thread, inside the batch's transaction (see `writer.rs`).

use linli_model::BookingCode;
use linli_model::rules::{AdmissionFacts, CancelDecision, CancelRefusal, admit, resident_cancel};
use rusqlite::{Connection, params};

use super::idempotency::{Made, record, replayed};
use super::outbox;
use super::{
    Booked, BookingRecord, CancelOutcome, CancelRequest, NewBooking, StoreError, rows, seats,
    waitlist,
};
use crate::store::OutboxRow;
use linli_model::notice::NoticeKind;

pub(super) const ACTIVE: &str = "status IN ('confirmed', 'checked_in')";

pub(super) fn book(conn: &Connection, new: &NewBooking) -> Result<Booked, StoreError> {
    if let Some(idem) = &new.idempotency
        && let Some(code) = replayed(conn, Made::Booking, idem)?
    {
        let booking = rows::by_code(conn, &code)?
            .ok_or_else(|| StoreError::Storage("idempotency key without booking".into()))?;
        return Ok(Booked {
            booking,
            replayed: true,
        });
    }
    if super::catalog::generation(conn)? != new.catalog_generation {
        return Err(StoreError::CatalogMoved);
    }
    let b = &new.booking;
    let slot_id = b.slot.id.to_string();
    let phone = b.phone.canonical();
    let date = b.slot.date.to_string();

    let facts = conn
        .prepare_cached(&format!(
            "SELECT
                EXISTS (SELECT 1 FROM bookings WHERE slot_id = ?1 AND phone = ?2 AND {ACTIVE}),
                (SELECT COUNT(*) FROM bookings
                    WHERE phone = ?2 AND slot_date = ?3 AND offering_id = ?4 AND {ACTIVE}),
                COALESCE((SELECT booked FROM slot_seats WHERE slot_id = ?1), 0)"
        ))?
        .query_row(
            params![slot_id, phone, date, b.slot.offering_id.as_str()],
            |r| {
                Ok(AdmissionFacts {
                    already_booked: r.get(0)?,
                    booked_that_day: r.get(1)?,
                    seats_taken: r.get(2)?,
                })
            },
        )?;
    admit(b, new.daily_limit, &facts)?;
    // The last line: the statement itself refuses to overbook.
    let Some(seats_after) = seats::take(conn, &slot_id, b.party_size, b.slot.capacity)? else {
        return Err(StoreError::SlotFull);
    };

    let code = fresh_code(conn)?;
    let mut booking = BookingRecord::confirmed(b, code, new.now_millis);
    booking.slot.remaining = booking.slot.capacity.saturating_sub(seats_after);
    rows::insert(conn, &booking)?;
    outbox::enqueue(
        conn,
        OutboxRow::for_booking(&booking, NoticeKind::Confirmed, new.now_millis),
    )?;
    if let Some(idem) = &new.idempotency {
        record(conn, Made::Booking, idem, code, new.now_millis)?;
    }
    Ok(Booked {
        booking,
        replayed: false,
    })
}

/// A code not yet used. 40 random bits make a clash astronomically rare,
/// but a clash must never merge two residents' bookings.
pub(super) fn fresh_code(conn: &Connection) -> Result<BookingCode, StoreError> {
    // Waiting-list entries share the space: a promotion's booking keeps
    // its entry's code.
    let mut stmt = conn.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM bookings WHERE code = ?1)
            OR EXISTS (SELECT 1 FROM waitlist WHERE code = ?1)",
    )?;
    for _ in 0..16 {
        let mut bytes = [0u8; 5];
        getrandom::fill(&mut bytes)
            .map_err(|e| StoreError::Storage(format!("no randomness: {e}")))?;
        let code = BookingCode::from_random_bytes(bytes);
        let used: bool = stmt.query_row([code.compact()], |r| r.get(0))?;
        if !used {
            return Ok(code);
        }
    }
    Err(StoreError::Storage("no free booking code found".into()))
}

pub(super) fn cancel(conn: &Connection, req: &CancelRequest) -> Result<CancelOutcome, StoreError> {
    let compact = req.code.compact();
    let Some(b) = rows::by_code(conn, &compact)? else {
        return Ok(CancelOutcome::NotFound);
    };
    match resident_cancel(Some(&b), &req.phone, req.now) {
        Err(CancelRefusal::NotFound) => Ok(CancelOutcome::NotFound),
        Err(CancelRefusal::SlotStarted) => Ok(CancelOutcome::SlotStarted),
        Err(CancelRefusal::NotCancellable(status)) => Ok(CancelOutcome::NotCancellable(status)),
        Ok(CancelDecision::AlreadyCancelled) => Ok(CancelOutcome::AlreadyCancelled(b)),
        Ok(CancelDecision::Cancel) => {
            conn.prepare_cached(
                "UPDATE bookings SET status = 'cancelled', updated_at = ?2
                 WHERE code = ?1 AND status = 'confirmed'",
            )?
            .execute(params![compact, req.now_millis])?;
            let slot_id = b.slot.id.to_string();
            seats::free(conn, &slot_id, b.party_size)?;
            // The freed seats go to the waiting list before anyone else.
            waitlist::promote_in(conn, &slot_id, req.now, req.now_millis)?;
            let after = rows::by_code(conn, &compact)?
                .ok_or_else(|| StoreError::Storage("booking vanished on cancel".into()))?;
            Ok(CancelOutcome::Cancelled(after))
        }
    }
}
