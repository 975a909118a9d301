-- Enrolled kiosks. Only the SHA-256 of each kiosk's bearer token is kept.
CREATE TABLE kiosks (
    kiosk_id        TEXT PRIMARY KEY NOT NULL,
    token_sha256    TEXT NOT NULL UNIQUE,
    enrolled_at     TEXT NOT NULL,
    last_seen_at    TEXT,
    heartbeat_json  TEXT
);

-- One-time enrolment codes, hashed; used_at is set when a kiosk trades the code for its token.
CREATE TABLE enrolment_codes (
    code_sha256  TEXT PRIMARY KEY NOT NULL,
    kiosk_id     TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    used_at      TEXT
);

-- Documents being uploaded in chunks, per kiosk and SHA-256. content is filled (and the chunks
-- deleted) once every byte arrived and the SHA-256 matched.
CREATE TABLE uploads (
    kiosk_id      TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    length        INTEGER NOT NULL,
    received      INTEGER NOT NULL,
    content       BLOB,
    started_at    TEXT NOT NULL,
    completed_at  TEXT,
    PRIMARY KEY (kiosk_id, sha256)
);

CREATE TABLE upload_chunks (
    kiosk_id  TEXT NOT NULL,
    sha256    TEXT NOT NULL,
    chunk_offset  INTEGER NOT NULL,
    data      BLOB NOT NULL,
    PRIMARY KEY (kiosk_id, sha256, chunk_offset),
    FOREIGN KEY (kiosk_id, sha256) REFERENCES uploads (kiosk_id, sha256) ON DELETE CASCADE
);

-- Every status an application went through, in order; kiosks pull them by seq (their cursor).
CREATE TABLE status_changes (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id  TEXT NOT NULL REFERENCES applications (application_id),
    kiosk_id        TEXT NOT NULL,
    status          TEXT NOT NULL,
    reason          TEXT,
    at              TEXT NOT NULL
);

CREATE INDEX status_changes_by_kiosk ON status_changes (kiosk_id, seq);

INSERT INTO status_changes (application_id, kiosk_id, status, at)
    SELECT application_id, kiosk_id, status, received_at FROM applications ORDER BY received_at;

-- The result document staff issued for an application, for the kiosk to print.
CREATE TABLE results (
    application_id  TEXT PRIMARY KEY NOT NULL REFERENCES applications (application_id),
    file_name       TEXT NOT NULL,
    content_type    TEXT NOT NULL,
    sha256          TEXT NOT NULL,
    content         BLOB NOT NULL,
    issued_at       TEXT NOT NULL
);

-- Service catalogues published to the kiosks; the highest version is current.
CREATE TABLE catalogues (
    version         INTEGER PRIMARY KEY AUTOINCREMENT,
    catalogue_json  TEXT NOT NULL,
    published_at    TEXT NOT NULL
);
