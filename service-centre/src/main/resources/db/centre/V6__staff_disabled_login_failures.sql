-- A disabled account cannot log in and has no sessions (./kiosk centre staff --user X --disable).
ALTER TABLE staff ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;

-- Failed console logins per user name (known or not, so both are throttled alike), shared by every
-- centre instance on the database; cleared by a successful login, forgotten an hour after the last.
CREATE TABLE login_failures (
    username        TEXT PRIMARY KEY NOT NULL,
    failures        INTEGER NOT NULL,
    last_failed_ms  INTEGER NOT NULL
);

CREATE INDEX login_failures_by_age ON login_failures (last_failed_ms);
