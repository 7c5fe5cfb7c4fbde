-- Linli's PostgreSQL schema: the SQLite store's schema (server/src/store/
-- sqlite/schema.rs, versions 1 to 3) in PostgreSQL's dialect. Slot ids
-- compare byte by byte (COLLATE "C"): `/slots` reads seat counts by id range.

CREATE TABLE catalog_files (
    path        TEXT PRIMARY KEY,
    etag        TEXT NOT NULL,
    json        BYTEA NOT NULL,
    imported_at BIGINT NOT NULL
);

CREATE TABLE bookings (
    code              TEXT PRIMARY KEY,
    slot_id           TEXT COLLATE "C" NOT NULL,
    offering_id       TEXT NOT NULL,
    center_id         TEXT NOT NULL,
    kind              TEXT NOT NULL,
    slot_date         TEXT NOT NULL,
    slot_start        TEXT NOT NULL,
    slot_end          TEXT NOT NULL,
    capacity          BIGINT NOT NULL CHECK (capacity >= 0),
    -- Personal fields are nullable so retention can erase them later and
    -- keep the row for counts.
    phone             TEXT,
    name              TEXT,
    party_size        BIGINT NOT NULL CHECK (party_size BETWEEN 1 AND 255),
    channel           TEXT NOT NULL,
    status            TEXT NOT NULL
                      CHECK (status IN ('confirmed', 'cancelled', 'checked_in', 'no_show')),
    notice_version    TEXT NOT NULL,
    sensitive_consent BOOLEAN NOT NULL,
    details_json      TEXT NOT NULL,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    staff_action      TEXT,
    cancel_reason     TEXT,
    -- Insertion order, for rosters (SQLite's rowid).
    seq               BIGINT GENERATED ALWAYS AS IDENTITY
);

-- One active booking per phone per slot, whatever the application does.
CREATE UNIQUE INDEX bookings_one_active_per_phone
    ON bookings (slot_id, phone) WHERE status IN ('confirmed', 'checked_in');
CREATE INDEX bookings_by_phone_date ON bookings (phone, slot_date);
CREATE INDEX bookings_by_center_date ON bookings (center_id, slot_date);
-- What the retention sweep looks for: rows that still hold personal data.
CREATE INDEX bookings_personal_by_date ON bookings (slot_date)
    WHERE name IS NOT NULL OR phone IS NOT NULL OR cancel_reason IS NOT NULL;

-- The seat count of a slot, changed only by one conditional statement; the
-- CHECK is the last line against overbooking.
CREATE TABLE slot_seats (
    slot_id  TEXT COLLATE "C" PRIMARY KEY,
    booked   BIGINT NOT NULL CHECK (booked >= 0),
    capacity BIGINT NOT NULL,
    CHECK (booked <= capacity)
);

CREATE TABLE idempotency (
    key          TEXT PRIMARY KEY,
    request_hash TEXT NOT NULL,
    booking_code TEXT NOT NULL REFERENCES bookings (code),
    created_at   BIGINT NOT NULL
);

-- An Argon2id PHC string (salted, slow), never the PIN itself.
CREATE TABLE center_pins (
    center_id  TEXT PRIMARY KEY,
    pin_hash   TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Only the SHA-256 of a bearer token: a copy of the database can't be used
-- to sign in. Any instance accepts a session another one created.
CREATE TABLE volunteer_sessions (
    token_hash TEXT PRIMARY KEY,
    center_id  TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX volunteer_sessions_by_center ON volunteer_sessions (center_id);

-- Wrong PINs, counted by every instance alike.
CREATE TABLE pin_failures (
    key TEXT NOT NULL,
    at  BIGINT NOT NULL
);
CREATE INDEX pin_failures_by_key ON pin_failures (key, at);
CREATE INDEX pin_failures_by_age ON pin_failures (at);
