-- Issue 13 items 5 and 6 (desk).
-- Every decision names the version of the application it was made on; a stale one is refused.
ALTER TABLE applications ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- The digest of the result document a status change came with, so a kiosk fetches a re-issued result again.
ALTER TABLE status_changes ADD COLUMN result_sha256 TEXT;
UPDATE status_changes SET result_sha256 = (SELECT r.sha256 FROM results r WHERE r.application_id = status_changes.application_id)
    WHERE status = 'completed';

-- The catalogue departments whose applications the account sees and acts on; '*' is every department (what
-- accounts saved before departments existed keep, so nobody is locked out by the upgrade).
ALTER TABLE staff ADD COLUMN departments TEXT NOT NULL DEFAULT '*';

-- The audit log is hash-chained: hash = SHA-256 over prev_hash and the row's own values (see AuditChain).
-- Rows written before the chain existed are sealed once, in id order, when the centre next opens the database.
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;

-- Append-only: no row is ever deleted, and the only update allowed is the one-time sealing of an old row
-- (its hash set where it was null, nothing else changed).
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN NOT (OLD.hash IS NULL AND NEW.hash IS NOT NULL AND NEW.prev_hash IS NOT NULL AND NEW.id = OLD.id
          AND NEW.at IS OLD.at AND NEW.username IS OLD.username AND NEW.action IS OLD.action
          AND NEW.application_id IS OLD.application_id AND NEW.detail IS OLD.detail)
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
