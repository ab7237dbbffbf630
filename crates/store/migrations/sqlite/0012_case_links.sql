-- Cases linked to what they touch: the funding recorded for a domestic cooperation (it
-- decides whether the DPRD must approve, PP 28/2018 Pasal 6 ayat (2)), and a lookup of the
-- cases that renew a registry agreement (`renews_agreement_id`, any registry record).

ALTER TABLE cases ADD COLUMN funding TEXT;
CREATE INDEX cases_by_renewed_agreement ON cases (renews_agreement_id);
