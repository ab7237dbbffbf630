-- Reports on agreements in force (Permendagri 25/2020 Pasal 35–38: annual, for KSDPL/KSDLL;
-- Permendagri 22/2020 Pasal 17, 39: semester, for KSDD/KSDPK), one per reporting region,
-- agreement and period, with their history; monitoring-and-evaluation visits (Pasal 39(5)).
-- Case-born annual reports stay in `annual_reports`; rule P17 reads both.
CREATE TABLE reports (
    id             UUID PRIMARY KEY,
    agreement_id   UUID NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    region_code    TEXT COLLATE "C" NOT NULL,
    province_code  TEXT COLLATE "C" NOT NULL,
    kind           TEXT NOT NULL,
    report_year    BIGINT NOT NULL,
    -- 1 or 2 for a semester report, 0 for an annual one.
    semester       BIGINT NOT NULL,
    items          JSONB NOT NULL,
    status         TEXT NOT NULL,
    due_on         DATE NOT NULL,
    submitted_at   TIMESTAMPTZ,
    submitted_by   TEXT,
    reviewed_at    TIMESTAMPTZ,
    reviewed_by    TEXT,
    review_comment TEXT,
    created_by     TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    version        BIGINT NOT NULL,
    UNIQUE (agreement_id, region_code, kind, report_year, semester)
);
CREATE INDEX reports_by_region ON reports (region_code, kind, report_year);
CREATE INDEX reports_by_province ON reports (province_code, status);

CREATE TABLE report_events (
    report_id UUID NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    seq       BIGINT NOT NULL,
    action    TEXT NOT NULL,
    actor     TEXT NOT NULL,
    role      TEXT NOT NULL,
    comment   TEXT,
    at        TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (report_id, seq)
);

CREATE TABLE monitoring_visits (
    id           UUID PRIMARY KEY,
    agreement_id UUID NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    region_code  TEXT COLLATE "C" NOT NULL,
    visited_on   DATE NOT NULL,
    visitors     TEXT NOT NULL,
    findings     TEXT NOT NULL,
    follow_ups   TEXT,
    recorded_by  TEXT NOT NULL,
    recorded_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX monitoring_visits_by_agreement ON monitoring_visits (agreement_id, visited_on);
