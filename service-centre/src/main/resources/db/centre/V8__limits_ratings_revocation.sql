-- Issue 13 items 8 and 10 (kept in step with db/centre-postgres V7).
-- A kiosk whose token the operator revoked (./kiosk centre revoke): its token no longer authenticates
-- until it enrols again, which clears revoked_at.
ALTER TABLE kiosks ADD COLUMN revoked_at TEXT;

-- One rating per application: of several, the one the resident gave last stays (ties: the greatest id).
DELETE FROM ratings WHERE EXISTS (
    SELECT 1 FROM ratings newer
    WHERE newer.application_id = ratings.application_id
      AND (julianday(newer.rated_at) > julianday(ratings.rated_at)
           OR (julianday(newer.rated_at) = julianday(ratings.rated_at) AND newer.rating_id > ratings.rating_id)));
DROP INDEX ratings_by_application;
CREATE UNIQUE INDEX ratings_one_per_application ON ratings (application_id);
