-- The two-sided evaluation of agreements (one round per agreement and year, filed by the
-- region and by the foreign partner through guest access), the partner guests invited to
-- evaluate an agreement, and the revival prompts officers took for dormant agreements.
CREATE TABLE evaluation_rounds (
    id           UUID PRIMARY KEY,
    agreement_id UUID NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    year         BIGINT NOT NULL,
    opened_by    TEXT NOT NULL,
    opened_at    TIMESTAMPTZ NOT NULL,
    UNIQUE (agreement_id, year)
);

CREATE TABLE evaluation_sides (
    round_id                 UUID NOT NULL REFERENCES evaluation_rounds (id) ON DELETE CASCADE,
    side                     TEXT NOT NULL CHECK (side IN ('region', 'partner')),
    efficiency               BIGINT NOT NULL CHECK (efficiency BETWEEN 1 AND 5),
    efficiency_comment       TEXT,
    effectiveness            BIGINT NOT NULL CHECK (effectiveness BETWEEN 1 AND 5),
    effectiveness_comment    TEXT,
    mutual_benefit           BIGINT NOT NULL CHECK (mutual_benefit BETWEEN 1 AND 5),
    mutual_benefit_comment   TEXT,
    sustainability           BIGINT NOT NULL CHECK (sustainability BETWEEN 1 AND 5),
    sustainability_comment   TEXT,
    people_to_people         BIGINT NOT NULL CHECK (people_to_people BETWEEN 1 AND 5),
    people_to_people_comment TEXT,
    recommendation           TEXT NOT NULL CHECK (recommendation IN ('continue', 'expand', 'end')),
    justification            TEXT NOT NULL,
    language                 TEXT NOT NULL,
    filed_by                 TEXT NOT NULL,
    filed_at                 TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (round_id, side)
);

CREATE TABLE evaluation_guests (
    agreement_id UUID NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    user_id      UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    invited_by   TEXT NOT NULL,
    invited_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (agreement_id, user_id)
);
CREATE INDEX evaluation_guests_user ON evaluation_guests (user_id);

CREATE TABLE revival_actions (
    id           UUID PRIMARY KEY,
    agreement_id UUID NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('propose_activity', 'schedule_meeting', 'end_formally')),
    note         TEXT,
    taken_by     TEXT NOT NULL,
    taken_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX revival_actions_agreement ON revival_actions (agreement_id, taken_at);
