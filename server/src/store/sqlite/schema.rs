//! The database schema, migrated in order by `rusqlite_migration`, which
//! counts in `PRAGMA user_version` as this store always has.

use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

use super::StoreError;

/// Each entry takes the schema from version `i` to `i + 1`. Never edit a
/// released entry: add a new one. (PostgreSQL's are in
/// `server/migrations/postgres/`, the same schema in its dialect.)
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
    // 3: the slot's capacity beside its count, so the database itself
    // refuses to overbook (CHECK), and failed sign-ins kept in the database.
    r#"
    CREATE TABLE slot_seats_v3 (
        slot_id  TEXT PRIMARY KEY,
        booked   INTEGER NOT NULL CHECK (booked >= 0),
        capacity INTEGER NOT NULL,
        CHECK (booked <= capacity)
    ) STRICT, WITHOUT ROWID;
    -- One pass over the bookings (no index on slot_id alone): a year of a
    -- district migrates in seconds.
    INSERT INTO slot_seats_v3 (slot_id, booked, capacity)
        SELECT s.slot_id, s.booked, MAX(s.booked, COALESCE(m.capacity, 0))
        FROM slot_seats s
        LEFT JOIN (SELECT slot_id, MAX(capacity) AS capacity FROM bookings GROUP BY slot_id) m
            ON m.slot_id = s.slot_id;
    DROP TABLE slot_seats;
    ALTER TABLE slot_seats_v3 RENAME TO slot_seats;

    CREATE TABLE pin_failures (
        key TEXT NOT NULL,
        at  INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX pin_failures_by_key ON pin_failures (key, at);
    CREATE INDEX pin_failures_by_age ON pin_failures (at);
    "#,
    // 4: the ids of volunteers' queued actions (offline check-ins), once
    // per centre, with what each met: a resend changes nothing.
    r#"
    CREATE TABLE staff_sync (
        center_id   TEXT NOT NULL,
        id          TEXT NOT NULL CHECK (length(id) = 32),
        code        TEXT NOT NULL,
        action      TEXT NOT NULL,
        -- The error code it was refused with; NULL: applied.
        refused     TEXT,
        received_at INTEGER NOT NULL,
        PRIMARY KEY (center_id, id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX staff_sync_by_age ON staff_sync (received_at);
    "#,
    // 5: waiting lists. An entry holds what its booking will hold; its
    // order is `seq`, its position counted from it when read.
    r#"
    CREATE TABLE waitlist (
        seq               INTEGER PRIMARY KEY,
        code              TEXT NOT NULL UNIQUE,
        status            TEXT NOT NULL CHECK (status IN
            ('waiting', 'held', 'promoted', 'left', 'expired', 'closed')),
        slot_id           TEXT NOT NULL,
        offering_id       TEXT NOT NULL,
        center_id         TEXT NOT NULL,
        kind              TEXT NOT NULL,
        slot_date         TEXT NOT NULL,
        slot_start        TEXT NOT NULL,
        slot_end          TEXT NOT NULL,
        capacity          INTEGER NOT NULL,
        -- Nullable: retention erases them as it does a booking's.
        phone             TEXT,
        name              TEXT,
        party_size        INTEGER NOT NULL CHECK (party_size > 0),
        channel           TEXT NOT NULL,
        notice_version    TEXT NOT NULL,
        sensitive_consent INTEGER NOT NULL,
        details_json      TEXT NOT NULL,
        hold_minutes      INTEGER,
        daily_limit       INTEGER,
        hold_until        INTEGER,
        created_at        INTEGER NOT NULL,
        updated_at        INTEGER NOT NULL,
        CHECK (status <> 'held' OR hold_until IS NOT NULL)
    ) STRICT;
    -- One open entry per phone per slot, whatever the application does.
    CREATE UNIQUE INDEX waitlist_one_open_per_phone
        ON waitlist (slot_id, phone) WHERE status IN ('waiting', 'held');
    CREATE INDEX waitlist_by_slot ON waitlist (slot_id, status, seq);
    CREATE INDEX waitlist_by_center_date ON waitlist (center_id, slot_date);
    CREATE INDEX waitlist_by_date ON waitlist (slot_date);
    CREATE INDEX waitlist_holds ON waitlist (hold_until) WHERE status = 'held';
    "#,
];

/// Applies the missing migrations, each in its own transaction, and
/// refuses a database from a newer server.
pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let migrations = Migrations::new(MIGRATIONS.iter().map(|sql| M::up(sql)).collect());
    migrations.to_latest(conn).map_err(|e| match e {
        rusqlite_migration::Error::RusqliteError { err, .. } => StoreError::Sqlite(err),
        other => StoreError::Storage(format!("migration: {other}")),
    })
}
