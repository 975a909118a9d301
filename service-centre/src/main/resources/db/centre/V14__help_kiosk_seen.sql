-- Remote help: the centre renews kiosk_seen_ms every few seconds while a kiosk's help socket is open; a request whose
-- kiosk has not been seen for longer than a kiosk tries to come back is ended as 'kiosk:lost' (a centre stopped or
-- killed during help leaves nothing open). The embedded centre is one process: no frames table, no NOTIFY.
ALTER TABLE help_requests ADD COLUMN kiosk_seen_ms INTEGER;
