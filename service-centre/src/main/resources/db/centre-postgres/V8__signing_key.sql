-- The centre's Ed25519 signing key pair (the same table as db/centre V9): one row, made by the first centre instance
-- that starts and read by every other one on this database.
CREATE TABLE signing_key (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    algorithm   TEXT NOT NULL,
    public_key  TEXT NOT NULL,
    private_key TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
