-- Issue 14: notices by e-mail. Each person's preferences (a missing row means the defaults:
-- every notice at once, in Indonesian), which inbox rows have left by mail, and a log of
-- every message an administrator can read when mail does not arrive.
CREATE TABLE notice_settings (
    user_id           TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    lang              TEXT NOT NULL,
    mode              TEXT NOT NULL,
    digest_hour       INTEGER NOT NULL,
    zone              TEXT NOT NULL,
    muted             TEXT NOT NULL,
    unsubscribe_token TEXT NOT NULL,
    last_digest_on    TEXT,
    updated_at        TEXT NOT NULL
);
ALTER TABLE notifications ADD COLUMN mailed_at TEXT;
CREATE INDEX notifications_unmailed ON notifications (recipient_id, mailed_at);
CREATE TABLE mail_deliveries (
    id           TEXT PRIMARY KEY,
    recipient_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    address      TEXT NOT NULL,
    subject      TEXT NOT NULL,
    what         TEXT NOT NULL,
    status       TEXT NOT NULL,
    error        TEXT,
    created_at   TEXT NOT NULL
);
CREATE INDEX mail_deliveries_recent ON mail_deliveries (created_at);
