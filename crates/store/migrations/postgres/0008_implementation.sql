-- Implementation of agreements (issue 12): the action plan, activities of every kind with
-- outputs, costs and evidence, and official foreign travel (PDLN) with its trip report.

-- The action plan (rencana aksi) of an agreement.
CREATE TABLE action_plan_items (
    id             UUID PRIMARY KEY,
    agreement_id   UUID NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    field_code     TEXT COLLATE "C" NOT NULL,
    activity       TEXT NOT NULL,
    lead_opd       TEXT NOT NULL,
    partner_unit   TEXT,
    start_on       DATE NOT NULL,
    end_on         DATE NOT NULL,
    budget_source  TEXT NOT NULL CHECK (budget_source IN ('apbd', 'partner', 'grant', 'other')),
    budget_planned BIGINT NOT NULL,
    -- [{"text": …, "sdg_indicators": ["4.1.1", …]}, …]
    indicators     JSONB NOT NULL,
    created_by     TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    version        BIGINT NOT NULL
);
CREATE INDEX action_plan_items_by_agreement ON action_plan_items (agreement_id, start_on);

-- Activities gain a kind and details; rows from before (and from case steps) have none and
-- read as kind 'other'.
ALTER TABLE activities ADD COLUMN kind TEXT;
ALTER TABLE activities ADD COLUMN outputs TEXT;
ALTER TABLE activities ADD COLUMN cost BIGINT;
ALTER TABLE activities ADD COLUMN participants BIGINT;
ALTER TABLE activities ADD COLUMN plan_item_id UUID REFERENCES action_plan_items (id) ON DELETE SET NULL;
ALTER TABLE activities ADD COLUMN grant_reference TEXT;
CREATE INDEX activities_by_plan_item ON activities (plan_item_id);

-- Evidence documents of an activity (files in the blob store, by content).
CREATE TABLE activity_documents (
    activity_id  UUID NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    sha256       TEXT NOT NULL REFERENCES blobs (sha256),
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    added_by     TEXT NOT NULL,
    added_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (activity_id, sha256)
);

-- Official foreign travel: the travel details of a 'visit_out' activity. The permit is
-- issued outside Jalin and only recorded; the report falls due trip_report_days after return.
CREATE TABLE travels (
    activity_id      UUID PRIMARY KEY REFERENCES activities (id) ON DELETE CASCADE,
    agreement_id     UUID NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    -- [{"name": …, "position": …}, …]
    delegation       JSONB NOT NULL,
    country_iso2     TEXT COLLATE "C" NOT NULL,
    city             TEXT NOT NULL,
    departure_on     DATE NOT NULL,
    return_on        DATE NOT NULL,
    permit_reference TEXT,
    permit_status    TEXT NOT NULL CHECK (permit_status IN ('requested', 'issued', 'refused')),
    report_due_on    DATE NOT NULL,
    report_text      TEXT,
    report_filed_on  DATE,
    report_filed_by  TEXT,
    report_document  TEXT,
    version          BIGINT NOT NULL
);
CREATE INDEX travels_by_agreement ON travels (agreement_id, departure_on);
CREATE INDEX travels_awaiting_report ON travels (report_due_on) WHERE report_filed_on IS NULL;
