-- Uploaded files: content-addressed by SHA-256 (equal files are stored once). The bytes
-- live in the blob store (a directory by default); `blob_data` holds them when the
-- database itself is the blob store (several nodes without a shared directory).
CREATE TABLE blobs (
    sha256       TEXT PRIMARY KEY,
    size         INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    created_at   TEXT NOT NULL
);

CREATE TABLE blob_data (
    sha256 TEXT PRIMARY KEY REFERENCES blobs (sha256),
    data   BLOB NOT NULL
);

ALTER TABLE case_documents ADD COLUMN file_sha256 TEXT REFERENCES blobs (sha256);
ALTER TABLE case_documents ADD COLUMN file_size INTEGER;
ALTER TABLE case_documents ADD COLUMN file_content_type TEXT;
ALTER TABLE case_documents ADD COLUMN file_name TEXT;
