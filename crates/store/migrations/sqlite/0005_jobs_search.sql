-- Work that must happen once (text extraction, …), queued in the same transaction as the
-- change that needs it. A pending job is unique per kind and target.
CREATE TABLE jobs (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    kind         TEXT NOT NULL,
    target       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    run_after    TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    last_error   TEXT,
    UNIQUE (kind, target)
);
CREATE INDEX jobs_due ON jobs (run_after, id);

-- What the search index must read again, in commit order. Every node's index follows it
-- with its own cursor; the head row serialises writers so sequence numbers commit in order.
CREATE TABLE search_log (
    seq INTEGER PRIMARY KEY,
    doc TEXT NOT NULL,
    at  TEXT NOT NULL
);
CREATE TABLE search_state (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL,
    last_seq   INTEGER NOT NULL
);
INSERT INTO search_state (id, generation, last_seq) VALUES (1, 0, 0);

-- Text extracted from uploaded files, once per content.
CREATE TABLE document_texts (
    sha256       TEXT PRIMARY KEY REFERENCES blobs (sha256),
    text         TEXT,
    error        TEXT,
    extracted_at TEXT NOT NULL
);
