-- Sign-ins are counted before the PIN is checked and forgiven when it was
-- right: each counted row needs an id to be removed by.
ALTER TABLE pin_failures ADD COLUMN id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY;
