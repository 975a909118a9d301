-- Residents' ratings of services (好差评): the same table as db/centre V5 (V3 is heartbeat history).
CREATE TABLE ratings (
    rating_id       TEXT PRIMARY KEY NOT NULL,
    application_id  TEXT NOT NULL REFERENCES applications (application_id),
    kiosk_id        TEXT NOT NULL,
    service_id      TEXT NOT NULL,
    level           INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    reason          TEXT,
    rated_at        TEXT NOT NULL,
    received_at     TEXT NOT NULL
);

CREATE INDEX ratings_by_application ON ratings (application_id);
CREATE INDEX ratings_by_service ON ratings (service_id, level);
