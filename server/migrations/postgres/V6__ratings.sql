-- Residents' ratings (服务评价, SQLite's version 7), one per booking. The
-- slot's columns are copied so reports count them after the booking's
-- personal data is gone; the comment is personal and erased with it.
CREATE TABLE ratings (
    booking_code TEXT PRIMARY KEY REFERENCES bookings (code),
    center_id    TEXT NOT NULL,
    offering_id  TEXT NOT NULL,
    kind         TEXT NOT NULL,
    slot_date    TEXT NOT NULL,
    satisfaction TEXT NOT NULL CHECK (satisfaction IN
                     ('satisfied', 'fairly_satisfied', 'dissatisfied')),
    comment      TEXT,
    rated_at     BIGINT NOT NULL
);
CREATE INDEX ratings_by_center_date ON ratings (center_id, slot_date);
CREATE INDEX ratings_comments_by_date ON ratings (slot_date) WHERE comment IS NOT NULL;
