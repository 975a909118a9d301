-- Every heartbeat a kiosk sent, for the fleet page's history and charts; rows older than the
-- retention (30 days by default) are pruned by the centre. received_ms is the centre's clock at
-- arrival in epoch milliseconds (a number, so ranges and buckets compare correctly); kiosk_time is
-- what the kiosk said its clock was. devices_json holds each device's state as sent ("printer" ->
-- "down: paper end"), devices_down how many of them were down.
CREATE TABLE heartbeats (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    kiosk_id       TEXT NOT NULL,
    received_ms    INTEGER NOT NULL,
    kiosk_time     TEXT,
    pending        INTEGER NOT NULL,
    acknowledged   INTEGER NOT NULL,
    last_success   TEXT,
    last_error     TEXT,
    devices_json   TEXT NOT NULL,
    devices_down   INTEGER NOT NULL,
    paper          TEXT,
    disk_free_mb   INTEGER,
    version        TEXT
);

CREATE INDEX heartbeats_by_kiosk ON heartbeats (kiosk_id, received_ms);
CREATE INDEX heartbeats_by_time ON heartbeats (received_ms);
