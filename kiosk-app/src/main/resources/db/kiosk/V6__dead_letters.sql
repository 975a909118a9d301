-- Applications the centre refused for good (a 4xx that resending will not fix: 400, 403, 413, 415, 422...; not 401,
-- which means enrol again, nor 408/429, which pass). They stay PENDING in applications, encrypted as before, but
-- leave the send queue until a technician re-sends them after a fix (resend_requested = 1: queued again; refused
-- again, refusals counts up and it is a dead letter once more; acknowledged, the row goes). The retention purge only
-- touches applications the centre acknowledged, so a dead letter is never purged.
CREATE TABLE dead_letters (
    application_id  TEXT PRIMARY KEY NOT NULL REFERENCES applications (application_id),
    http_status     INTEGER NOT NULL,
    reason          TEXT NOT NULL,
    dead_at         TEXT NOT NULL,
    refusals        INTEGER NOT NULL DEFAULT 1 CHECK (refusals >= 1),
    resend_requested INTEGER NOT NULL DEFAULT 0 CHECK (resend_requested IN (0, 1))
);
