-- Baton Relay state, version 1 (PostgreSQL). Times are Unix milliseconds (UTC).
-- No table ever holds a password; failure counters are keyed by a salted SHA-256 of the username.

-- Per-database settings; `user_key_salt` (hex) makes the username hashes specific to this database.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);

-- Failed verifications in a row per user; the wait is derived from `failures` and `last_failure_ms`.
CREATE TABLE attempts (
    user_key        TEXT PRIMARY KEY NOT NULL,
    failures        BIGINT NOT NULL,
    last_failure_ms BIGINT NOT NULL
);

-- One switch in flight per serial: the lease and who holds it, until `expires_ms`.
CREATE TABLE leases (
    serial     TEXT PRIMARY KEY NOT NULL,
    holder     TEXT NOT NULL,
    token      TEXT NOT NULL,
    expires_ms BIGINT NOT NULL
);

-- Finished answers, so duplicates of a request get the first one's result.
CREATE TABLE answers (
    request_key TEXT PRIMARY KEY NOT NULL,
    serial      TEXT NOT NULL,
    answer      TEXT NOT NULL,
    settled_ms  BIGINT NOT NULL,
    expires_ms  BIGINT NOT NULL
);
CREATE INDEX answers_expires ON answers (expires_ms);

-- One row per action, in the order written.
CREATE TABLE audit (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    role       TEXT NOT NULL,
    client     TEXT NOT NULL,
    action     TEXT NOT NULL,
    serial     TEXT,
    from_state TEXT,
    to_state   TEXT,
    outcome    TEXT NOT NULL,
    request_id TEXT NOT NULL
);
CREATE INDEX audit_serial ON audit (serial, id);
