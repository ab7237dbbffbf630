-- Reports on agreements in force (Permendagri 25/2020 Pasal 35–38: annual, for KSDPL/KSDLL;
-- Permendagri 22/2020 Pasal 17, 39: semester, for KSDD/KSDPK), one per reporting region,
-- agreement and period, with their history; monitoring-and-evaluation visits (Pasal 39(5)).
-- Case-born annual reports stay in `annual_reports`; rule P17 reads both.
CREATE TABLE reports (
    id             TEXT PRIMARY KEY,
    agreement_id   TEXT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    region_code    TEXT NOT NULL,
    province_code  TEXT NOT NULL,
    kind           TEXT NOT NULL,
    report_year    INTEGER NOT NULL,
    -- 1 or 2 for a semester report, 0 for an annual one.
    semester       INTEGER NOT NULL,
    items          TEXT NOT NULL,
    status         TEXT NOT NULL,
    due_on         TEXT NOT NULL,
    submitted_at   TEXT,
    submitted_by   TEXT,
    reviewed_at    TEXT,
    reviewed_by    TEXT,
    review_comment TEXT,
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    version        INTEGER NOT NULL,
    UNIQUE (agreement_id, region_code, kind, report_year, semester)
);
CREATE INDEX reports_by_region ON reports (region_code, kind, report_year);
CREATE INDEX reports_by_province ON reports (province_code, status);

CREATE TABLE report_events (
    report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    action    TEXT NOT NULL,
    actor     TEXT NOT NULL,
    role      TEXT NOT NULL,
    comment   TEXT,
    at        TEXT NOT NULL,
    PRIMARY KEY (report_id, seq)
);

CREATE TABLE monitoring_visits (
    id           TEXT PRIMARY KEY,
    agreement_id TEXT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    region_code  TEXT NOT NULL,
    visited_on   TEXT NOT NULL,
    visitors     TEXT NOT NULL,
    findings     TEXT NOT NULL,
    follow_ups   TEXT,
    recorded_by  TEXT NOT NULL,
    recorded_at  TEXT NOT NULL
);
CREATE INDEX monitoring_visits_by_agreement ON monitoring_visits (agreement_id, visited_on);
