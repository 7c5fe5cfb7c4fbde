//! Idempotency-Keys in SQLite, for bookings and waiting-list joins alike:
//! the code a key made, refused when the key comes with another body, and
//! the key recorded in the transaction of what it made.

use linli_model::BookingCode;
use rusqlite::{Connection, OptionalExtension, params};

use super::StoreError;
use crate::store::IdempotencyKey;

/// What a key made: each has its own table of keys.
#[derive(Clone, Copy, Debug)]
pub(super) enum Made {
    Booking,
    Entry,
}

impl Made {
    fn select(self) -> &'static str {
        match self {
            Made::Booking => "SELECT request_hash, booking_code FROM idempotency WHERE key = ?1",
            Made::Entry => "SELECT request_hash, entry_code FROM wait_idempotency WHERE key = ?1",
        }
    }

    fn insert(self) -> &'static str {
        match self {
            Made::Booking => {
                "INSERT INTO idempotency (key, request_hash, booking_code, created_at)
                 VALUES (?1, ?2, ?3, ?4)"
            }
            Made::Entry => {
                "INSERT INTO wait_idempotency (key, request_hash, entry_code, created_at)
                 VALUES (?1, ?2, ?3, ?4)"
            }
        }
    }
}

/// The code the key made before, if it was used: the same request again.
/// The key with another body is refused.
pub(super) fn replayed(
    conn: &Connection,
    made: Made,
    idem: &IdempotencyKey,
) -> Result<Option<String>, StoreError> {
    let seen: Option<(String, String)> = conn
        .prepare_cached(made.select())?
        .query_row([&idem.key], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match seen {
        Some((hash, _)) if hash != idem.request_hash => Err(StoreError::IdempotencyKeyReused),
        Some((_, code)) => Ok(Some(code)),
        None => Ok(None),
    }
}

/// Records the key with the code it made.
pub(super) fn record(
    conn: &Connection,
    made: Made,
    idem: &IdempotencyKey,
    code: BookingCode,
    now_millis: i64,
) -> Result<(), StoreError> {
    conn.prepare_cached(made.insert())?.execute(params![
        idem.key,
        idem.request_hash,
        code.compact(),
        now_millis
    ])?;
    Ok(())
}
