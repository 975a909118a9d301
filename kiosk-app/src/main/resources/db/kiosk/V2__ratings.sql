-- The resident's service rating (好差评) of an application, 1 (very dissatisfied) to 5 (very satisfied).
-- A poor rating carries the resident's reason. Rating again replaces the earlier rating.
CREATE TABLE ratings (
    application_id  TEXT PRIMARY KEY NOT NULL,
    score           INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    reason          TEXT,
    rated_at        TEXT NOT NULL
);
