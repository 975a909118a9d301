-- E-licences (电子证照) and held materials (issue 19): the same tables as db/centre V11.
-- ID number (HMAC-SHA256 under holder_key's secret), so the table alone does not say whose licences they are.
CREATE TABLE holder_key (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    secret      TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE elicences (
    licence_id      TEXT PRIMARY KEY NOT NULL,
    licence_type    TEXT NOT NULL,
    number          TEXT NOT NULL,
    holder_hash     TEXT NOT NULL,
    issuer          TEXT NOT NULL,
    issued_on       TEXT NOT NULL,
    valid_until     TEXT,
    file_name       TEXT NOT NULL,
    pdf             BYTEA NOT NULL,
    pdf_sha256      TEXT NOT NULL,
    signature       TEXT NOT NULL,
    source          TEXT NOT NULL,
    application_id  TEXT,
    registered_at   TEXT NOT NULL,
    revoked_at      TEXT,
    revoked_by      TEXT,
    revoke_reason   TEXT,
    UNIQUE (licence_type, number)
);
CREATE INDEX elicences_by_holder ON elicences (holder_hash);

-- The one open card session of each kiosk: the holder whose card it has just read.
CREATE TABLE card_sessions (
    token_sha256    TEXT PRIMARY KEY NOT NULL,
    kiosk_id        TEXT NOT NULL,
    holder_hash     TEXT NOT NULL,
    opened_ms       BIGINT NOT NULL,
    expires_ms      BIGINT NOT NULL,
    closed_ms       BIGINT
);
CREATE INDEX card_sessions_by_kiosk ON card_sessions (kiosk_id, opened_ms);

-- What the centre granted after a resident's consent: the reference an application uses for a held material.
CREATE TABLE material_grants (
    reference              TEXT PRIMARY KEY NOT NULL,
    kiosk_id               TEXT NOT NULL,
    holder_hash            TEXT NOT NULL,
    service_id             TEXT NOT NULL,
    material_id            TEXT NOT NULL,
    kind                   TEXT NOT NULL,
    licence_id             TEXT,
    source_application_id  TEXT,
    source_seq             INTEGER,
    granted_ms             BIGINT NOT NULL
);

-- The held materials an application refers to, each checked when the application arrived.
CREATE TABLE application_references (
    application_id  TEXT NOT NULL REFERENCES applications (application_id),
    seq             BIGINT NOT NULL,
    material_id     TEXT NOT NULL,
    kind            TEXT NOT NULL,
    reference       TEXT NOT NULL,
    valid           BIGINT NOT NULL,
    note            TEXT NOT NULL,
    PRIMARY KEY (application_id, seq)
);

-- Every card session opened and lookup made, per kiosk: the rate limit counts them here, so every centre instance
-- sees the same count.
CREATE TABLE elicence_requests (
    kiosk_id  TEXT NOT NULL,
    at_ms     BIGINT NOT NULL,
    refused   INTEGER NOT NULL
);
CREATE INDEX elicence_requests_by_kiosk ON elicence_requests (kiosk_id, at_ms);
