-- What people decided about the SDG targets Jalin suggested for an agreement: a confirmed
-- target was added to the agreement's tags, a rejected one is not suggested again.
CREATE TABLE sdg_suggestion_decisions (
    agreement_id UUID NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    target       TEXT NOT NULL,
    decision     TEXT NOT NULL CHECK (decision IN ('confirmed', 'rejected')),
    decided_by   TEXT NOT NULL,
    decided_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (agreement_id, target)
);
