-- Waiting lists (SQLite's version 5). An entry holds what its booking will
-- hold; its order is `seq`, its position counted from it when read.
CREATE TABLE waitlist (
    seq               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code              TEXT NOT NULL UNIQUE,
    status            TEXT NOT NULL CHECK (status IN
                          ('waiting', 'held', 'promoted', 'left', 'expired', 'closed')),
    slot_id           TEXT COLLATE "C" NOT NULL,
    offering_id       TEXT NOT NULL,
    center_id         TEXT NOT NULL,
    kind              TEXT NOT NULL,
    slot_date         TEXT NOT NULL,
    slot_start        TEXT NOT NULL,
    slot_end          TEXT NOT NULL,
    capacity          BIGINT NOT NULL CHECK (capacity >= 0),
    -- Nullable: retention erases them as it does a booking's.
    phone             TEXT,
    name              TEXT,
    party_size        BIGINT NOT NULL CHECK (party_size BETWEEN 1 AND 255),
    channel           TEXT NOT NULL,
    notice_version    TEXT NOT NULL,
    sensitive_consent BOOLEAN NOT NULL,
    details_json      TEXT NOT NULL,
    hold_minutes      BIGINT,
    daily_limit       BIGINT,
    hold_until        BIGINT,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    CHECK (status <> 'held' OR hold_until IS NOT NULL)
);
-- One open entry per phone per slot, whatever the application does.
CREATE UNIQUE INDEX waitlist_one_open_per_phone
    ON waitlist (slot_id, phone) WHERE status IN ('waiting', 'held');
CREATE INDEX waitlist_by_slot ON waitlist (slot_id, status, seq);
CREATE INDEX waitlist_by_center_date ON waitlist (center_id, slot_date);
CREATE INDEX waitlist_personal_by_date ON waitlist (slot_date)
    WHERE name IS NOT NULL OR phone IS NOT NULL;
CREATE INDEX waitlist_holds ON waitlist (hold_until) WHERE status = 'held';
