-- Applications received from kiosks. application_id is the kiosk's idempotency key.
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
    content         BLOB NOT NULL,
    PRIMARY KEY (application_id, seq)
);
