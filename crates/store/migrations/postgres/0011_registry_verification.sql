-- Registry records obey the law (issue 12): the approvals the 2020 foreign procedure
-- requires, the end of a terminated agreement, Kemendagri's verification of records made
-- outside Jalin, and the documents (the signed text) attached to a registry record.

ALTER TABLE agreements ADD COLUMN kemlu_confirmation_ref TEXT;
ALTER TABLE agreements ADD COLUMN kemlu_confirmation_on DATE;
ALTER TABLE agreements ADD COLUMN minister_approval_ref TEXT;
ALTER TABLE agreements ADD COLUMN minister_approval_on DATE;
ALTER TABLE agreements ADD COLUMN dprd_decision_ref TEXT;
ALTER TABLE agreements ADD COLUMN dprd_decision_on DATE;
ALTER TABLE agreements ADD COLUMN terminated_on DATE;
ALTER TABLE agreements ADD COLUMN termination_reason TEXT;
ALTER TABLE agreements ADD COLUMN verification TEXT NOT NULL DEFAULT 'verified'
    CHECK (verification IN ('to_verify', 'verified', 'rejected'));
ALTER TABLE agreements ADD COLUMN verification_note TEXT;
ALTER TABLE agreements ADD COLUMN verified_by TEXT;
ALTER TABLE agreements ADD COLUMN verified_at TIMESTAMPTZ;

-- Existing records: a signed foreign agreement (not a Letter of Intent) under the 2020
-- rules that did not come out of a Jalin case carries none of the approvals yet, so it is
-- to verify (the same rule as jalin_domain::agreement::missing_approvals).
UPDATE agreements SET verification = 'to_verify'
WHERE form IN ('KSDPL', 'KSDLL')
  AND legal_basis = 'pmdn_25_2020'
  AND tier <> 'loi'
  AND status IN ('in_force', 'expired', 'terminated')
  AND id NOT IN (SELECT agreement_id FROM cases WHERE agreement_id IS NOT NULL);

CREATE INDEX agreements_to_verify ON agreements (verification, updated_at);

CREATE TABLE agreement_documents (
    id           UUID PRIMARY KEY,
    agreement_id UUID NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    file_sha256  TEXT NOT NULL REFERENCES blobs (sha256),
    file_size    BIGINT NOT NULL,
    content_type TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    uploaded_by  TEXT NOT NULL,
    uploaded_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX agreement_documents_by_agreement ON agreement_documents (agreement_id, uploaded_at);
