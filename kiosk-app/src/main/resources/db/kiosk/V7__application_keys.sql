-- Each application's own data key (AES-256), wrapped (AES-GCM) by the store key. The application's personal data,
-- documents and result are encrypted with it. The purge deletes the row (secure_delete zeroes it in the page) and
-- truncates the WAL, so ciphertext left behind in the database file or the WAL cannot be decrypted even with the
-- store key. Rows encrypted directly with the store key by older versions are moved to their own key when the store
-- opens. The key row is written just before its application's row, in the same transaction.
CREATE TABLE application_keys (
    application_id  TEXT PRIMARY KEY NOT NULL
                    REFERENCES applications (application_id) DEFERRABLE INITIALLY DEFERRED,
    wrapped         BLOB NOT NULL,
    created_at      TEXT NOT NULL
);
