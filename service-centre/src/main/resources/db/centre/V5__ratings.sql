-- Residents' ratings of services (好差评), sent by kiosks after the rated application was acknowledged.
-- rating_id is the kiosk's idempotency key. Level 1 (very dissatisfied) to 5 (very satisfied); a poor
-- rating (1 or 2) carries the resident's reason. Version 5: V4 is heartbeat history (kept in step with
-- db/centre-postgres V4).
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
