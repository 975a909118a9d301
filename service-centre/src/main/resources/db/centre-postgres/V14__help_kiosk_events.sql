-- Remote help across centre instances (issue 15): what staff send a kiosk (messages, pointers) outlives a lost
-- NOTIFY. Each is kept here with a number per request (event_seq counts them), written in the same statement as the
-- NOTIFY that announces it; kiosk_seq is the number of the last one sent to the kiosk's socket, moved forward by the
-- instance holding that socket before it sends. An instance that was not listening, or the instance a kiosk resumes at
-- after its own stopped, sends the kiosk what lies after kiosk_seq: nothing is lost, nothing shown twice. The rows of a
-- request are deleted when it ends. A logged table: unlike a frame, a message is not sent again by anyone.
ALTER TABLE help_requests ADD COLUMN event_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE help_requests ADD COLUMN kiosk_seq BIGINT NOT NULL DEFAULT 0;

CREATE TABLE help_kiosk_events (
    request_id  TEXT NOT NULL REFERENCES help_requests (id) ON DELETE CASCADE,
    seq         BIGINT NOT NULL,
    event       TEXT NOT NULL,
    at_ms       BIGINT NOT NULL,
    PRIMARY KEY (request_id, seq)
);
