-- Staff accounts of the management console, their sessions, and the
-- append-only audit trail of staff writes (SQLite's version 5).

CREATE TABLE staff_accounts (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_name     TEXT NOT NULL UNIQUE,
    -- An Argon2id PHC string (salted, slow), never the password.
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL,
    street_id     TEXT,
    center_id     TEXT,
    disabled      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    -- Each role with exactly the scope it needs (the model's Role).
    CHECK ((role = 'district_admin' AND street_id IS NULL AND center_id IS NULL)
        OR (role = 'street_office' AND street_id IS NOT NULL AND center_id IS NULL)
        OR (role = 'center_manager' AND street_id IS NULL AND center_id IS NOT NULL))
);

-- Only the SHA-256 of a session token; any instance accepts any session.
CREATE TABLE staff_sessions (
    token_hash TEXT PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES staff_accounts (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX staff_sessions_by_account ON staff_sessions (account_id);

CREATE TABLE audit_log (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          BIGINT NOT NULL,
    user_name   TEXT,
    role        TEXT,
    action      TEXT NOT NULL,
    street_id   TEXT,
    center_id   TEXT,
    target      TEXT,
    before_json TEXT,
    after_json  TEXT
);
CREATE INDEX audit_log_by_at ON audit_log (at);
CREATE INDEX audit_log_by_street ON audit_log (street_id, at);
CREATE INDEX audit_log_by_center ON audit_log (center_id, at);
CREATE INDEX audit_log_by_user ON audit_log (user_name, at);

-- Append-only, whatever the application does: no entry is ever changed
-- (nor truncated), and only the retention sweep deletes, entries older
-- than the cut-off it sets in the same transaction.
CREATE TABLE audit_purge (
    one    BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (one),
    before BIGINT NOT NULL
);
INSERT INTO audit_purge (one, before) VALUES (TRUE, 0);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.at < (SELECT before FROM audit_purge) THEN
            RETURN OLD;
        END IF;
    END IF;
    RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- The cut-off's row stays (without it nothing may go, but the sweep would fail).
CREATE FUNCTION audit_purge_stays() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: its cut-off stays' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_purge_no_delete BEFORE DELETE ON audit_purge
    FOR EACH ROW EXECUTE FUNCTION audit_purge_stays();
CREATE TRIGGER audit_purge_no_truncate BEFORE TRUNCATE ON audit_purge
    FOR EACH STATEMENT EXECUTE FUNCTION audit_purge_stays();
