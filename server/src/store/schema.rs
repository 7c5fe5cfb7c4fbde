//! The database schema, migrated in order by `PRAGMA user_version`.

use rusqlite::Connection;

use super::StoreError;

/// Each entry takes the schema from version `i` to `i + 1`. Never edit a
/// released entry: add a new one.
const MIGRATIONS: &[&str] = &[
    // 1: catalog import, bookings, seats and idempotency keys.
    r#"
    CREATE TABLE catalog_files (
        path        TEXT PRIMARY KEY,
        etag        TEXT NOT NULL,
        json        BLOB NOT NULL,
        imported_at INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE bookings (
        code              TEXT PRIMARY KEY,
        slot_id           TEXT NOT NULL,
        offering_id       TEXT NOT NULL,
        center_id         TEXT NOT NULL,
        kind              TEXT NOT NULL,
        slot_date         TEXT NOT NULL,
        slot_start        TEXT NOT NULL,
        slot_end          TEXT NOT NULL,
        capacity          INTEGER NOT NULL,
        -- Personal fields are nullable so retention can erase them later
        -- and keep the row for counts.
        phone             TEXT,
        name              TEXT,
        party_size        INTEGER NOT NULL,
        channel           TEXT NOT NULL,
        status            TEXT NOT NULL,
        notice_version    TEXT NOT NULL,
        sensitive_consent INTEGER NOT NULL,
        details_json      TEXT,
        created_at        INTEGER NOT NULL,
        updated_at        INTEGER NOT NULL
    ) STRICT;

    -- One active booking per phone per slot, whatever the application does.
    CREATE UNIQUE INDEX bookings_one_active_per_phone
        ON bookings (slot_id, phone) WHERE status IN ('confirmed', 'checked_in');
    CREATE INDEX bookings_by_phone_date ON bookings (phone, slot_date);
    CREATE INDEX bookings_by_center_date ON bookings (center_id, slot_date);

    CREATE TABLE slot_seats (
        slot_id TEXT PRIMARY KEY,
        booked  INTEGER NOT NULL CHECK (booked >= 0)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE idempotency (
        key          TEXT PRIMARY KEY,
        request_hash TEXT NOT NULL,
        booking_code TEXT NOT NULL REFERENCES bookings (code),
        created_at   INTEGER NOT NULL
    ) STRICT;
    "#,
    // 2: the volunteer console: centre PINs, sessions, and what staff did.
    r#"
    ALTER TABLE bookings ADD COLUMN staff_action TEXT;
    ALTER TABLE bookings ADD COLUMN cancel_reason TEXT;

    -- An Argon2id PHC string (salted, slow), never the PIN itself.
    CREATE TABLE center_pins (
        center_id  TEXT PRIMARY KEY,
        pin_hash   TEXT NOT NULL,
        updated_at INTEGER NOT NULL
    ) STRICT;

    -- Only the SHA-256 of a bearer token: a copy of the database can't be
    -- used to sign in.
    CREATE TABLE volunteer_sessions (
        token_hash TEXT PRIMARY KEY,
        center_id  TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX volunteer_sessions_by_center ON volunteer_sessions (center_id);
    "#,
];

/// Applies the missing migrations, each in its own transaction.
pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let current: usize = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current > MIGRATIONS.len() {
        return Err(StoreError::Storage(format!(
            "the database has schema version {current}, newer than this server ({})",
            MIGRATIONS.len()
        )));
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i + 1)?;
        tx.commit()?;
    }
    Ok(())
}
