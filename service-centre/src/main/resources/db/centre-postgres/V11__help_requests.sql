-- Remote help (远程帮办, issue 18): each request a resident raised at a kiosk, kept in the database so every centre
-- instance lists it and the fleet page counts it. Times are the centre's clock in epoch milliseconds. No personal
-- data: the kiosk, its place, the step the resident was at, who took it and how it ended.
CREATE TABLE help_requests (
    id             TEXT PRIMARY KEY,
    kiosk_id       TEXT NOT NULL,
    place          TEXT,
    step           TEXT,
    requested_ms   BIGINT NOT NULL,
    taken_by       TEXT,
    taken_ms       BIGINT,
    ended_ms       BIGINT,
    ended_by       TEXT,
    frames         BIGINT NOT NULL DEFAULT 0,
    frame_bytes    BIGINT NOT NULL DEFAULT 0
);

CREATE INDEX help_requests_open ON help_requests (ended_ms, requested_ms);
CREATE INDEX help_requests_by_kiosk ON help_requests (kiosk_id, requested_ms);
