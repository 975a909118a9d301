-- Every heartbeat a kiosk sent (the same table as db/centre V4): history for the fleet page, pruned
-- after the retention. received_ms is the centre's clock at arrival in epoch milliseconds.
CREATE TABLE heartbeats (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kiosk_id       TEXT NOT NULL,
    received_ms    BIGINT NOT NULL,
    kiosk_time     TEXT,
    pending        INTEGER NOT NULL,
    acknowledged   INTEGER NOT NULL,
    last_success   TEXT,
    last_error     TEXT,
    devices_json   TEXT NOT NULL,
    devices_down   INTEGER NOT NULL,
    paper          TEXT,
    disk_free_mb   BIGINT,
    version        TEXT
);

CREATE INDEX heartbeats_by_kiosk ON heartbeats (kiosk_id, received_ms);
CREATE INDEX heartbeats_by_time ON heartbeats (received_ms);
