-- One row: the technician PIN pad's lockout, kept here so that power-cycling an unstaffed kiosk does not reset it.
-- wrong_tries counts the wrong PINs in a row since the last right one or the last lock; locked_until is the
-- wall-clock end of the lock (ISO-8601 instant), NULL when the pad is not locked.
CREATE TABLE technician_lockout (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    wrong_tries   INTEGER NOT NULL DEFAULT 0 CHECK (wrong_tries >= 0),
    locked_until  TEXT
);

INSERT INTO technician_lockout (id) VALUES (1);
