-- Personal data at rest is encrypted (AES-GCM, key in store.key beside the database, not in it):
-- applicant_name, id_number and fields_json of new rows hold '' / '{}' and the real values live
-- in personal; document content is ciphertext where encrypted = 1. id_index is an HMAC of the
-- ID number so a resident's applications can be found without decrypting every row.
ALTER TABLE applications ADD COLUMN personal BLOB;
ALTER TABLE applications ADD COLUMN id_index TEXT;
ALTER TABLE applications ADD COLUMN purged_at TEXT;
-- What the centre last said about the application (pulled status changes).
ALTER TABLE applications ADD COLUMN centre_status TEXT;
ALTER TABLE applications ADD COLUMN centre_reason TEXT;
ALTER TABLE applications ADD COLUMN centre_status_at TEXT;
ALTER TABLE applications ADD COLUMN result_available INTEGER NOT NULL DEFAULT 0;

CREATE INDEX applications_by_id_index ON applications (id_index);

ALTER TABLE documents ADD COLUMN encrypted INTEGER NOT NULL DEFAULT 0;

-- The cursor of the last status change pulled from the centre, and the catalogue version held.
ALTER TABLE sync_status ADD COLUMN changes_cursor INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sync_status ADD COLUMN catalogue_version INTEGER NOT NULL DEFAULT 0;

-- Result documents staff issued, fetched from the centre for the resident to print (encrypted).
CREATE TABLE results (
    application_id  TEXT PRIMARY KEY NOT NULL REFERENCES applications (application_id),
    sha256          TEXT NOT NULL,
    content         BLOB NOT NULL,
    fetched_at      TEXT NOT NULL,
    printed_at      TEXT
);
