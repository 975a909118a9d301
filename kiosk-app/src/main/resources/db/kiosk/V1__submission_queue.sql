-- Applications confirmed at this kiosk, queued until the centre acknowledges them.
CREATE TABLE applications (
    application_id   TEXT PRIMARY KEY NOT NULL,
    application_no   TEXT NOT NULL UNIQUE,
    kiosk_id         TEXT NOT NULL,
    service_id       TEXT NOT NULL,
    service_name     TEXT NOT NULL,
    applicant_name   TEXT NOT NULL,
    id_number        TEXT NOT NULL,
    fields_json      TEXT NOT NULL,
    submitted_at     TEXT NOT NULL,
    state            TEXT NOT NULL CHECK (state IN ('PENDING', 'ACKNOWLEDGED')),
    acknowledged_at  TEXT
);

CREATE INDEX applications_by_state ON applications (state, submitted_at);

-- Scans and photos; deleted once the centre has acknowledged the application.
CREATE TABLE documents (
    application_id  TEXT NOT NULL REFERENCES applications (application_id),
    seq             INTEGER NOT NULL,
    material_id     TEXT NOT NULL,
    file_name       TEXT NOT NULL,
    content_type    TEXT NOT NULL,
    sha256          TEXT NOT NULL,
    content         BLOB NOT NULL,
    PRIMARY KEY (application_id, seq)
);

-- Last number handed out per kiosk and day, for K0001-20261123-0007.
CREATE TABLE application_numbers (
    kiosk_id  TEXT NOT NULL,
    day       TEXT NOT NULL,
    last_seq  INTEGER NOT NULL,
    PRIMARY KEY (kiosk_id, day)
);

-- One row: how synchronisation with the centre last went.
CREATE TABLE sync_status (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    last_success   TEXT,
    last_error     TEXT,
    last_error_at  TEXT
);

INSERT INTO sync_status (id) VALUES (1);
