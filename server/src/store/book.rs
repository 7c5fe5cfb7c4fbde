//! The writer's booking commands: taking seats and cancelling. They run on
//! the writer thread, inside the batch's transaction (see `writer.rs`).

use linli_model::{BookingCode, BookingStatus};
use rusqlite::{Connection, OptionalExtension, params};

use super::{Booked, CancelOutcome, CancelRequest, NewBooking, StoreError, rows};

const ACTIVE: &str = "status IN ('confirmed', 'checked_in')";

pub(super) fn book(conn: &Connection, new: &NewBooking) -> Result<Booked, StoreError> {
    if let Some(idem) = &new.idempotency {
        let seen: Option<(String, String)> = conn
            .prepare_cached("SELECT request_hash, booking_code FROM idempotency WHERE key = ?1")?
            .query_row([&idem.key], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        if let Some((hash, code)) = seen {
            if hash != idem.request_hash {
                return Err(StoreError::IdempotencyKeyReused);
            }
            let booking = rows::by_code(conn, &code)?
                .ok_or_else(|| StoreError::Storage("idempotency key without booking".into()))?;
            return Ok(Booked {
                booking,
                replayed: true,
            });
        }
    }
    let b = &new.booking;
    let slot_id = b.slot.id.to_string();
    let phone = b.phone.canonical();
    let date = b.slot.date.to_string();

    let duplicate: bool = conn
        .prepare_cached(&format!(
            "SELECT EXISTS (SELECT 1 FROM bookings WHERE slot_id = ?1 AND phone = ?2 AND {ACTIVE})"
        ))?
        .query_row(params![slot_id, phone], |r| r.get(0))?;
    if duplicate {
        return Err(StoreError::AlreadyBooked);
    }
    if let Some(limit) = new.daily_limit {
        let today: u32 = conn
            .prepare_cached(&format!(
                "SELECT COUNT(*) FROM bookings
                 WHERE phone = ?1 AND slot_date = ?2 AND offering_id = ?3 AND {ACTIVE}"
            ))?
            .query_row(params![phone, date, b.slot.offering_id.as_str()], |r| {
                r.get(0)
            })?;
        if today >= u32::from(limit) {
            return Err(StoreError::DailyLimitReached);
        }
    }

    // The seat count and the capacity are checked in the statement that
    // changes them: no other code path can overbook.
    let taken = conn
        .prepare_cached(
            "INSERT INTO slot_seats (slot_id, booked) SELECT ?1, ?2 WHERE ?2 <= ?3
             ON CONFLICT (slot_id) DO UPDATE SET booked = booked + excluded.booked
             WHERE booked + excluded.booked <= ?3",
        )?
        .execute(params![slot_id, b.party_size, b.slot.capacity])?;
    if taken == 0 {
        return Err(StoreError::SlotFull);
    }

    let code = fresh_code(conn)?;
    let details = serde_json::to_string(&b.details)
        .map_err(|e| StoreError::Storage(format!("details: {e}")))?;
    conn.prepare_cached(
        "INSERT INTO bookings (code, slot_id, offering_id, center_id, kind, slot_date,
            slot_start, slot_end, capacity, phone, name, party_size, channel, status,
            notice_version, sensitive_consent, details_json, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
            ?18, ?18)",
    )?
    .execute(params![
        code.compact(),
        slot_id,
        b.slot.offering_id.as_str(),
        b.slot.center_id.as_str(),
        b.slot.kind.as_str(),
        date,
        b.slot.start.to_string(),
        b.slot.end.to_string(),
        b.slot.capacity,
        phone,
        b.name.as_str(),
        b.party_size,
        b.channel.as_str(),
        BookingStatus::Confirmed.as_str(),
        b.consent.notice,
        b.consent.sensitive,
        details,
        new.now_millis,
    ])?;
    if let Some(idem) = &new.idempotency {
        conn.prepare_cached(
            "INSERT INTO idempotency (key, request_hash, booking_code, created_at)
             VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![
            idem.key,
            idem.request_hash,
            code.compact(),
            new.now_millis
        ])?;
    }
    let booking = rows::by_code(conn, &code.compact())?
        .ok_or_else(|| StoreError::Storage("booking vanished after insert".into()))?;
    Ok(Booked {
        booking,
        replayed: false,
    })
}

/// A code not yet used. 40 random bits make a clash astronomically rare,
/// but a clash must never merge two residents' bookings.
pub(super) fn fresh_code(conn: &Connection) -> Result<BookingCode, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM bookings WHERE code = ?1)")?;
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
    if b.phone.is_empty() || b.phone != req.phone {
        return Ok(CancelOutcome::NotFound);
    }
    match b.status {
        BookingStatus::Cancelled => Ok(CancelOutcome::AlreadyCancelled(b)),
        BookingStatus::CheckedIn | BookingStatus::NoShow => {
            Ok(CancelOutcome::NotCancellable(b.status))
        }
        BookingStatus::Confirmed if !b.slot.is_open_at(req.now) => Ok(CancelOutcome::SlotStarted),
        BookingStatus::Confirmed => {
            conn.prepare_cached(
                "UPDATE bookings SET status = 'cancelled', updated_at = ?2
                 WHERE code = ?1 AND status = 'confirmed'",
            )?
            .execute(params![compact, req.now_millis])?;
            conn.prepare_cached(
                "UPDATE slot_seats SET booked = booked - ?2 WHERE slot_id = ?1 AND booked >= ?2",
            )?
            .execute(params![b.slot.id.to_string(), b.party_size])?;
            let after = rows::by_code(conn, &compact)?
                .ok_or_else(|| StoreError::Storage("booking vanished on cancel".into()))?;
            Ok(CancelOutcome::Cancelled(after))
        }
    }
}
