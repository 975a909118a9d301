-- Documents and results in an object store (issue 15): the database keeps their key and size; content is emptied
-- (a zero-length blob) for a row whose bytes are in the store. Rows written before keep their bytes here until
-- `./kiosk centre migrate-documents` moves them. An upload under way keeps the store's state (e.g. the S3 multipart
-- upload id and parts) so any centre instance can take its next chunk; a complete one its object key.
ALTER TABLE documents ADD COLUMN object_key TEXT;
ALTER TABLE documents ADD COLUMN size BIGINT;
ALTER TABLE results ADD COLUMN object_key TEXT;
ALTER TABLE results ADD COLUMN size BIGINT;
ALTER TABLE uploads ADD COLUMN store_state TEXT;
ALTER TABLE uploads ADD COLUMN object_key TEXT;
