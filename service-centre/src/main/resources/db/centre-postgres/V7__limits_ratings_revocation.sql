-- Issue 13 items 8 and 10: the same as db/centre V8.
ALTER TABLE kiosks ADD COLUMN revoked_at TEXT;

DELETE FROM ratings WHERE EXISTS (
    SELECT 1 FROM ratings newer
    WHERE newer.application_id = ratings.application_id
      AND (newer.rated_at::timestamptz > ratings.rated_at::timestamptz
           OR (newer.rated_at::timestamptz = ratings.rated_at::timestamptz AND newer.rating_id > ratings.rating_id)));
DROP INDEX ratings_by_application;
CREATE UNIQUE INDEX ratings_one_per_application ON ratings (application_id);
