-- Issue 13 items 5 and 6 (desk); the same as db/centre V7.
ALTER TABLE applications ADD COLUMN version BIGINT NOT NULL DEFAULT 1;

ALTER TABLE status_changes ADD COLUMN result_sha256 TEXT;
UPDATE status_changes SET result_sha256 = (SELECT r.sha256 FROM results r WHERE r.application_id = status_changes.application_id)
    WHERE status = 'completed';

ALTER TABLE staff ADD COLUMN departments TEXT NOT NULL DEFAULT '*';

ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;

CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.hash IS NULL AND NEW.hash IS NOT NULL AND NEW.prev_hash IS NOT NULL
       AND NEW.id = OLD.id AND NEW.at IS NOT DISTINCT FROM OLD.at AND NEW.username IS NOT DISTINCT FROM OLD.username
       AND NEW.action IS NOT DISTINCT FROM OLD.action AND NEW.application_id IS NOT DISTINCT FROM OLD.application_id
       AND NEW.detail IS NOT DISTINCT FROM OLD.detail THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
