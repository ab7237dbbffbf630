-- Cooperation cases: one case per cooperation going through its legal procedure.

CREATE TABLE cases (
    id                  TEXT PRIMARY KEY,
    procedure           TEXT NOT NULL,
    procedure_version   INTEGER NOT NULL,
    form                TEXT NOT NULL,
    subtype             TEXT NOT NULL,
    region_code         TEXT NOT NULL,
    province_code       TEXT NOT NULL,
    partner_id          TEXT NOT NULL REFERENCES partners (id),
    title_id            TEXT NOT NULL,
    title_en            TEXT,
    objects             TEXT NOT NULL,
    other_object        TEXT,
    fields              TEXT NOT NULL,
    sdgs                TEXT NOT NULL,
    declarations        TEXT NOT NULL,
    flags               TEXT NOT NULL,
    state_values        TEXT NOT NULL,
    state               TEXT NOT NULL,
    state_since         TEXT NOT NULL,
    agreement_id        TEXT REFERENCES agreements (id),
    renews_case_id      TEXT REFERENCES cases (id),
    renews_agreement_id TEXT REFERENCES agreements (id),
    created_by          TEXT NOT NULL,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    version             INTEGER NOT NULL
);
CREATE INDEX cases_by_region ON cases (region_code);
CREATE INDEX cases_by_province ON cases (province_code);
CREATE INDEX cases_by_state ON cases (state);
CREATE INDEX cases_by_agreement ON cases (agreement_id);

-- The history of a case. (case_id, seq) is unique, so two concurrent changes made from
-- the same version cannot both be recorded.
CREATE TABLE case_events (
    case_id    TEXT NOT NULL REFERENCES cases (id),
    seq        INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    transition TEXT,
    from_state TEXT,
    to_state   TEXT,
    rule       TEXT,
    outcome    TEXT,
    actor      TEXT NOT NULL,
    role       TEXT NOT NULL,
    note       TEXT,
    data       TEXT NOT NULL,
    documents  TEXT NOT NULL,
    at         TEXT NOT NULL,
    request_id TEXT NOT NULL,
    PRIMARY KEY (case_id, seq)
);

CREATE TABLE case_documents (
    id        TEXT PRIMARY KEY,
    case_id   TEXT NOT NULL REFERENCES cases (id),
    kind      TEXT NOT NULL,
    title     TEXT NOT NULL,
    number    TEXT,
    issued_on TEXT,
    event_seq INTEGER NOT NULL,
    added_by  TEXT NOT NULL,
    added_at  TEXT NOT NULL
);
CREATE INDEX case_documents_by_case ON case_documents (case_id, kind);

-- Annual reports sent by a region (Permendagri 25/2020 Pasal 35–38).
CREATE TABLE annual_reports (
    region_code TEXT NOT NULL,
    report_year INTEGER NOT NULL,
    case_id     TEXT NOT NULL REFERENCES cases (id),
    sent_at     TEXT NOT NULL,
    PRIMARY KEY (region_code, report_year, case_id)
);

-- Implementation activities of an agreement (dormancy is measured from the last one).
CREATE TABLE activities (
    id           TEXT PRIMARY KEY,
    agreement_id TEXT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    case_id      TEXT REFERENCES cases (id),
    occurred_on  TEXT NOT NULL,
    title        TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX activities_by_agreement ON activities (agreement_id, occurred_on);

-- Alerts raised by timers; one per case or agreement, timer and due date.
CREATE TABLE alerts (
    id           TEXT PRIMARY KEY,
    case_id      TEXT REFERENCES cases (id),
    agreement_id TEXT REFERENCES agreements (id) ON DELETE CASCADE,
    code         TEXT NOT NULL,
    due_on       TEXT NOT NULL,
    message_id   TEXT NOT NULL,
    message_en   TEXT NOT NULL,
    region_code  TEXT,
    raised_at    TEXT NOT NULL,
    dedup_key    TEXT NOT NULL UNIQUE
);
CREATE INDEX alerts_by_region ON alerts (region_code, raised_at);
