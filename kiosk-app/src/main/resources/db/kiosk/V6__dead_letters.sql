-- Applications the centre refused for good (a 4xx that resending will not fix: 400, 403, 413, 415, 422...; not 401,
-- which means enrol again, nor 408/429, which pass). They stay PENDING in applications, encrypted as before, but
-- leave the send queue until a technician re-sends them (the row is deleted) after a fix. The retention purge only
-- touches applications the centre acknowledged, so a dead letter is never purged.
CREATE TABLE dead_letters (
    application_id  TEXT PRIMARY KEY NOT NULL REFERENCES applications (application_id),
    http_status     INTEGER NOT NULL,
    reason          TEXT NOT NULL,
    dead_at         TEXT NOT NULL,
    refusals        INTEGER NOT NULL DEFAULT 1 CHECK (refusals >= 1)
);
