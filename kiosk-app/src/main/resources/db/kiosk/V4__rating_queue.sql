-- Ratings travel to the centre (POST /api/v1/ratings) once the rated application is acknowledged.
-- rating_id is the idempotence key the centre stores once (filled for older rows when the store opens);
-- sent_at is set when the centre confirmed it; refused holds the centre's reason when it refused the
-- rating for good (it is then not sent again).
ALTER TABLE ratings ADD COLUMN rating_id TEXT;
ALTER TABLE ratings ADD COLUMN sent_at TEXT;
ALTER TABLE ratings ADD COLUMN refused TEXT;

CREATE UNIQUE INDEX ratings_by_rating_id ON ratings (rating_id);
CREATE INDEX ratings_unsent ON ratings (sent_at, rated_at);
