-- Staff of the centre: passwords as PBKDF2 hashes, roles comma-separated (viewer, clerk, approver).
CREATE TABLE staff (
    username       TEXT PRIMARY KEY NOT NULL,
    password_hash  TEXT NOT NULL,
    roles          TEXT NOT NULL,
    created_at     TEXT NOT NULL
);

-- Console sessions; only the SHA-256 of the session token is kept.
CREATE TABLE staff_sessions (
    token_sha256  TEXT PRIMARY KEY NOT NULL,
    username      TEXT NOT NULL REFERENCES staff (username),
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL
);

-- Every staff action, in order: who, what, on which application, when.
CREATE TABLE audit_log (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at              TEXT NOT NULL,
    username        TEXT NOT NULL,
    action          TEXT NOT NULL,
    application_id  TEXT,
    detail          TEXT
);

CREATE INDEX audit_log_by_application ON audit_log (application_id, id);
