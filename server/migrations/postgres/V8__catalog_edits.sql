-- The catalog edited in the console (SQLite's version 9). Each saved
-- record's version (`center:ID`, `offering:ID`, `closures`; unsaved ones
-- are at 1), and the generation, under `catalog`, that instances poll to
-- see another's edit. Closures find the bookings of a day, and the console
-- counts each centre's day.
CREATE TABLE catalog_versions (
    record  TEXT PRIMARY KEY,
    version BIGINT NOT NULL CHECK (version >= 1)
);
CREATE INDEX bookings_by_date ON bookings (slot_date);
