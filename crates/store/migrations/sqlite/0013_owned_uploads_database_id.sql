-- Uploaded files belong to the case they were uploaded to: a step may name only files of
-- its own case, so knowing another case's SHA-256 gives no access to its content.
CREATE TABLE case_uploads (
    case_id     TEXT NOT NULL REFERENCES cases (id),
    sha256      TEXT NOT NULL REFERENCES blobs (sha256),
    uploaded_at TEXT NOT NULL,
    PRIMARY KEY (case_id, sha256)
);
-- Files already attached to a case's documents were uploaded to it.
INSERT INTO case_uploads (case_id, sha256, uploaded_at)
SELECT case_id, file_sha256, MIN(added_at)
FROM case_documents
WHERE file_sha256 IS NOT NULL
GROUP BY case_id, file_sha256;

-- The identity of this database, made once when it is created: a search index records the
-- database it follows and is rebuilt when opened against another one.
ALTER TABLE search_state ADD COLUMN database_id TEXT NOT NULL DEFAULT '';
UPDATE search_state SET database_id = lower(hex(randomblob(16)));
