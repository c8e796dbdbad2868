-- Technician sessions: only the SHA-256 of the bearer token is kept, never the token. A session
-- ends `SessionSeconds` after its last use (`expires_ms` moves with every use) or on sign-out.
CREATE TABLE sessions (
    token_sha256 TEXT PRIMARY KEY NOT NULL,
    username     TEXT NOT NULL,
    expires_ms   BIGINT NOT NULL
);
