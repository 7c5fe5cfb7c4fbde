//! The seat count of a slot: the only SQL that changes `slot_seats`. A
//! booking, a staff action and an import all take and free seats here.

use rusqlite::{Connection, OptionalExtension, params};

/// Takes `seats` seats of a slot with `capacity`, or none if they don't
/// fit. The count and the capacity are checked in the statement that
/// changes them, and the table's CHECK refuses a count above the stored
/// capacity: no code path can overbook, whatever runs concurrently. The
/// catalog's capacity is stored with each take, so the catalog stays the
/// authority when it changes. Answers the seats held after, if taken.
pub fn take(
    conn: &Connection,
    slot_id: &str,
    seats: u8,
    capacity: u32,
) -> rusqlite::Result<Option<u32>> {
    conn.prepare_cached(
        "INSERT INTO slot_seats (slot_id, booked, capacity) SELECT ?1, ?2, ?3 WHERE ?2 <= ?3
         ON CONFLICT (slot_id) DO UPDATE
            SET booked = booked + excluded.booked, capacity = excluded.capacity
            WHERE booked + excluded.booked <= excluded.capacity
         RETURNING booked",
    )?
    .query_row(params![slot_id, seats, capacity], |r| r.get(0))
    .optional()
}

/// Gives back the seats of a booking that stops holding them.
pub fn free(conn: &Connection, slot_id: &str, seats: u8) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE slot_seats SET booked = booked - ?2 WHERE slot_id = ?1 AND booked >= ?2",
    )?
    .execute(params![slot_id, seats])?;
    Ok(())
}

/// Seats held in a slot now.
pub fn taken(conn: &Connection, slot_id: &str) -> rusqlite::Result<u32> {
    Ok(conn
        .prepare_cached("SELECT booked FROM slot_seats WHERE slot_id = ?1")?
        .query_row([slot_id], |r| r.get(0))
        .optional()?
        .unwrap_or(0))
}
