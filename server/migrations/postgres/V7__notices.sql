-- Text messages (SQLite's version 8). A booking or entry records the
-- language of the texts the resident asked for (NULL: none). The outbox
-- holds each notice by booking code and kind, never the phone or the
-- text: they are read from the booking when it is sent. A notice is
-- written in the transaction that made it happen; `next_at` is when it
-- is next due (its time, a retry's, or the end of a sender's claim).
ALTER TABLE bookings ADD COLUMN sms_lang TEXT CHECK (sms_lang IN ('zh', 'en'));
ALTER TABLE waitlist ADD COLUMN sms_lang TEXT CHECK (sms_lang IN ('zh', 'en'));
CREATE TABLE outbox (
    key           TEXT PRIMARY KEY,
    code          TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('confirmed', 'promoted', 'hold_offered',
                      'hold_expiring', 'reminder_evening', 'reminder_soon',
                      'cancelled_by_centre')),
    status        TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'expired')),
    created_at    BIGINT NOT NULL,
    next_at       BIGINT NOT NULL,
    until_at      BIGINT NOT NULL,
    attempts      INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_error    TEXT,
    last_error_at BIGINT,
    sent_at       BIGINT,
    CHECK (key = code || '.' || kind),
    CHECK (status <> 'sent' OR sent_at IS NOT NULL)
);
CREATE INDEX outbox_due ON outbox (next_at) WHERE status = 'pending';
CREATE INDEX outbox_settled ON outbox (created_at) WHERE status <> 'pending';
CREATE INDEX outbox_errors ON outbox (last_error_at) WHERE last_error_at IS NOT NULL;
-- The reminder scan: tomorrow's and today's bookings that asked for texts.
CREATE INDEX bookings_texts_by_date ON bookings (slot_date)
    WHERE sms_lang IS NOT NULL AND status = 'confirmed';
-- A join's Idempotency-Key, as a booking's: a retry after a lost answer
-- gets the entry it made.
CREATE TABLE wait_idempotency (
    key          TEXT PRIMARY KEY,
    request_hash TEXT NOT NULL,
    entry_code   TEXT NOT NULL REFERENCES waitlist (code),
    created_at   BIGINT NOT NULL
);
