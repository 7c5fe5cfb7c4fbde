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
    // 5: staff accounts of the management console, their sessions, and the
    // append-only audit trail of staff writes.
    r#"
    CREATE TABLE staff_accounts (
        id            INTEGER PRIMARY KEY,
        user_name     TEXT NOT NULL UNIQUE,
        -- An Argon2id PHC string (salted, slow), never the password.
        password_hash TEXT NOT NULL,
        role          TEXT NOT NULL,
        street_id     TEXT,
        center_id     TEXT,
        disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
        created_at    INTEGER NOT NULL,
        updated_at    INTEGER NOT NULL,
        -- Each role with exactly the scope it needs (the model's Role).
        CHECK ((role = 'district_admin' AND street_id IS NULL AND center_id IS NULL)
            OR (role = 'street_office' AND street_id IS NOT NULL AND center_id IS NULL)
            OR (role = 'center_manager' AND street_id IS NULL AND center_id IS NOT NULL))
    ) STRICT;

    -- Only the SHA-256 of a session token, as for volunteers.
    CREATE TABLE staff_sessions (
        token_hash TEXT PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES staff_accounts (id),
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX staff_sessions_by_account ON staff_sessions (account_id);

    CREATE TABLE audit_log (
        id          INTEGER PRIMARY KEY,
        at          INTEGER NOT NULL,
        user_name   TEXT,
        role        TEXT,
        action      TEXT NOT NULL,
        street_id   TEXT,
        center_id   TEXT,
        target      TEXT,
        before_json TEXT,
        after_json  TEXT
    ) STRICT;
    CREATE INDEX audit_log_by_at ON audit_log (at);
    CREATE INDEX audit_log_by_street ON audit_log (street_id, at);
    CREATE INDEX audit_log_by_center ON audit_log (center_id, at);
    CREATE INDEX audit_log_by_user ON audit_log (user_name, at);

    -- Append-only, whatever the application does: no entry is ever
    -- changed, and only the retention sweep deletes, entries older than
    -- the cut-off it sets in the same transaction.
    CREATE TABLE audit_purge (
        one    INTEGER PRIMARY KEY CHECK (one = 1),
        before INTEGER NOT NULL
    ) STRICT;
    INSERT INTO audit_purge (one, before) VALUES (1, 0);
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN
        SELECT RAISE(ABORT, 'the audit log is append-only');
    END;
    -- Without the cut-off's row, nothing may go (NULL would let all go).
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        WHEN old.at >= COALESCE((SELECT before FROM audit_purge), -9223372036854775808)
    BEGIN
        SELECT RAISE(ABORT, 'the audit log is append-only until its retention ends');
    END;
    CREATE TRIGGER audit_purge_stays BEFORE DELETE ON audit_purge
    BEGIN
        SELECT RAISE(ABORT, 'the audit log is append-only: its cut-off stays');
    END;
    -- INSERT OR REPLACE deletes without firing delete triggers.
    CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
        WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = new.id)
    BEGIN
        SELECT RAISE(ABORT, 'the audit log is append-only');
    END;
    "#,
    // 6: waiting lists. An entry holds what its booking will hold; its
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
    // 7: residents' ratings (服务评价), one per booking. The slot's columns
    // are copied so reports count them after the booking's personal data
    // is gone; the comment is personal and erased with it.
    r#"
    CREATE TABLE ratings (
        booking_code TEXT PRIMARY KEY REFERENCES bookings (code),
        center_id    TEXT NOT NULL,
        offering_id  TEXT NOT NULL,
        kind         TEXT NOT NULL,
        slot_date    TEXT NOT NULL,
        satisfaction TEXT NOT NULL CHECK (satisfaction IN
            ('satisfied', 'fairly_satisfied', 'dissatisfied')),
        comment      TEXT,
        rated_at     INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX ratings_by_center_date ON ratings (center_id, slot_date);
    CREATE INDEX ratings_comments_by_date ON ratings (slot_date) WHERE comment IS NOT NULL;
    "#,
    // 8: text messages. A booking or entry records the language of the
    // texts asked for (NULL: none); the outbox holds each notice by code
    // and kind, never the phone or the text (read from the booking when
    // sent), written in the transaction that made it happen.
    r#"
    ALTER TABLE bookings ADD COLUMN sms_lang TEXT CHECK (sms_lang IN ('zh', 'en'));
    ALTER TABLE waitlist ADD COLUMN sms_lang TEXT CHECK (sms_lang IN ('zh', 'en'));
    CREATE TABLE outbox (
        key           TEXT PRIMARY KEY,
        code          TEXT NOT NULL,
        kind          TEXT NOT NULL CHECK (kind IN ('confirmed', 'promoted', 'hold_offered',
                          'hold_expiring', 'reminder_evening', 'reminder_soon',
                          'cancelled_by_centre')),
        status        TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'expired')),
        created_at    INTEGER NOT NULL,
        next_at       INTEGER NOT NULL,
        until_at      INTEGER NOT NULL,
        attempts      INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        last_error    TEXT,
        last_error_at INTEGER,
        sent_at       INTEGER,
        CHECK (key = code || '.' || kind),
        CHECK (status <> 'sent' OR sent_at IS NOT NULL)
    ) STRICT;
    CREATE INDEX outbox_due ON outbox (next_at) WHERE status = 'pending';
    CREATE INDEX outbox_settled ON outbox (created_at) WHERE status <> 'pending';
    CREATE INDEX outbox_errors ON outbox (last_error_at) WHERE last_error_at IS NOT NULL;
    CREATE INDEX bookings_texts_by_date ON bookings (slot_date)
        WHERE sms_lang IS NOT NULL AND status = 'confirmed';
    -- A join's Idempotency-Key, as a booking's: a retry after a lost
    -- answer gets the entry it made.
    CREATE TABLE wait_idempotency (
        key          TEXT PRIMARY KEY,
        request_hash TEXT NOT NULL,
        entry_code   TEXT NOT NULL REFERENCES waitlist (code),
        created_at   INTEGER NOT NULL
    ) STRICT;
    "#,
    // 9: the catalog edited in the console. Each saved record's version
    // (`center:ID`, `offering:ID`, `closures`; unsaved ones are at 1), and
    // the generation, under `catalog`, that instances poll. Closures find
    // the bookings of a day, and the console counts each centre's day.
    r#"
    CREATE TABLE catalog_versions (
        record  TEXT PRIMARY KEY,
        version INTEGER NOT NULL CHECK (version >= 1)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX bookings_by_date ON bookings (slot_date);
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
