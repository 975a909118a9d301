-- The centre's schema on PostgreSQL: the same tables as the embedded database (db/centre V1+V2).
-- Times are ISO-8601 text, as on SQLite, so the repositories' SQL is shared.
CREATE TABLE applications (
    application_id  TEXT PRIMARY KEY NOT NULL,
    application_no  TEXT NOT NULL,
    kiosk_id        TEXT NOT NULL,
    service_id      TEXT NOT NULL,
    service_name    TEXT NOT NULL,
    applicant_name  TEXT NOT NULL,
    id_number       TEXT NOT NULL,
    fields_json     TEXT NOT NULL,
    submitted_at    TEXT NOT NULL,
    received_at     TEXT NOT NULL,
    status          TEXT NOT NULL
);

CREATE INDEX applications_by_kiosk ON applications (kiosk_id, submitted_at);

CREATE TABLE documents (
    application_id  TEXT NOT NULL REFERENCES applications (application_id),
    seq             INTEGER NOT NULL,
    material_id     TEXT NOT NULL,
    file_name       TEXT NOT NULL,
    content_type    TEXT NOT NULL,
    sha256          TEXT NOT NULL,
    content         BYTEA NOT NULL,
    PRIMARY KEY (application_id, seq)
);

CREATE TABLE kiosks (
    kiosk_id        TEXT PRIMARY KEY NOT NULL,
    token_sha256    TEXT NOT NULL UNIQUE,
    enrolled_at     TEXT NOT NULL,
    last_seen_at    TEXT,
    heartbeat_json  TEXT
);

CREATE TABLE enrolment_codes (
    code_sha256  TEXT PRIMARY KEY NOT NULL,
    kiosk_id     TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    used_at      TEXT
);

CREATE TABLE uploads (
    kiosk_id      TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    length        BIGINT NOT NULL,
    received      BIGINT NOT NULL,
    content       BYTEA,
    started_at    TEXT NOT NULL,
    completed_at  TEXT,
    PRIMARY KEY (kiosk_id, sha256)
);

CREATE TABLE upload_chunks (
    kiosk_id      TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    chunk_offset  BIGINT NOT NULL,
    data          BYTEA NOT NULL,
    PRIMARY KEY (kiosk_id, sha256, chunk_offset),
    FOREIGN KEY (kiosk_id, sha256) REFERENCES uploads (kiosk_id, sha256) ON DELETE CASCADE
);

CREATE TABLE status_changes (
    seq             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id  TEXT NOT NULL REFERENCES applications (application_id),
    kiosk_id        TEXT NOT NULL,
    status          TEXT NOT NULL,
    reason          TEXT,
    at              TEXT NOT NULL
);

CREATE INDEX status_changes_by_kiosk ON status_changes (kiosk_id, seq);

CREATE TABLE results (
    application_id  TEXT PRIMARY KEY NOT NULL REFERENCES applications (application_id),
    file_name       TEXT NOT NULL,
    content_type    TEXT NOT NULL,
    sha256          TEXT NOT NULL,
    content         BYTEA NOT NULL,
    issued_at       TEXT NOT NULL
);

CREATE TABLE catalogues (
    version         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    catalogue_json  TEXT NOT NULL,
    published_at    TEXT NOT NULL
);
