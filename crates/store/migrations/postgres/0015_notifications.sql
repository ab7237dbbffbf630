-- Issue 14: one notification per event (an alert) per recipient, with its read state.
-- Alerts stay the events (one row per dedup key); who is told is decided once, when the
-- alert is raised, in the same transaction. Alerts raised before this migration reach no
-- inbox (no backfill: the old fan-out was by scope and would flood national inboxes).
CREATE TABLE notifications (
    recipient_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    alert_id     UUID NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    region_code  TEXT COLLATE "C",
    created_at   TIMESTAMPTZ NOT NULL,
    read_at      TIMESTAMPTZ,
    PRIMARY KEY (recipient_id, alert_id)
);
CREATE INDEX notifications_inbox ON notifications (recipient_id, created_at);
CREATE INDEX notifications_unread ON notifications (recipient_id, read_at);
