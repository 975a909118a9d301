-- Remote help across centre instances (issue 15). The instance holding a kiosk's help socket renews kiosk_seen_ms
-- every few seconds; a request whose kiosk has not been seen for longer than a kiosk tries to come back is ended as
-- 'kiosk:lost' by any instance, so a stopped or killed instance leaves no request open on the help desks.
ALTER TABLE help_requests ADD COLUMN kiosk_seen_ms BIGINT;

-- The latest frame of each open request, for the instance whose help desk watches it (a NOTIFY on the channel
-- openkiosk_help carries only the request's id and the frame's number: a NOTIFY payload holds at most 8000 bytes, a
-- frame some 40 KB). One row per request, overwritten by each frame and deleted when the request ends; UNLOGGED: the
-- frames are written to no WAL, so they reach neither a standby nor a WAL archive, and a crash empties the table
-- (what is lost is a picture a kiosk sends again the next time its screen changes).
CREATE UNLOGGED TABLE help_frames (
    request_id  TEXT PRIMARY KEY,
    seq         BIGINT NOT NULL,
    jpeg        BYTEA NOT NULL,
    at_ms       BIGINT NOT NULL
);
