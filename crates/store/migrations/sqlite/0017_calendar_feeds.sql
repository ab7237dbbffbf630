-- Calendar feeds of deadlines (ADR 0016). A feed is read without a session, by a secret in
-- its address; only the secret's SHA-256 is kept, so the table alone opens no feed.
CREATE TABLE calendar_feeds (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    label      TEXT NOT NULL,
    -- A feed of one region, or of a province with its kabupaten/kota; null: all the
    -- owner may read.
    region_code TEXT,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX calendar_feeds_by_user ON calendar_feeds (user_id);

-- The last due day each calendar event was served with, and its SEQUENCE (RFC 5545
-- 3.8.7.4): a moved deadline takes the next number, so calendar clients replace it.
-- Shared by all feeds: an event is the same event in every feed that shows it.
CREATE TABLE calendar_event_versions (
    uid        TEXT PRIMARY KEY,
    due_on     TEXT NOT NULL,
    sequence   INTEGER NOT NULL,
    changed_at TEXT NOT NULL
);
