-- The ids of volunteers' queued actions (offline check-ins), once per
-- centre, with what each met: a resend changes nothing (SQLite's version 4).
CREATE TABLE staff_sync (
    center_id   TEXT NOT NULL,
    id          TEXT NOT NULL CHECK (length(id) = 32),
    code        TEXT NOT NULL,
    action      TEXT NOT NULL,
    -- The error code it was refused with; NULL: applied.
    refused     TEXT,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (center_id, id)
);
CREATE INDEX staff_sync_by_age ON staff_sync (received_at);
