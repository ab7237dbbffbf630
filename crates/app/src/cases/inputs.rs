//! What callers send to the cases context: a new case, a transition with its documents,
//! a decision on a requirement, a proposal to check.

#[allow(unused_imports)]
use super::eligibility::*;
#[allow(unused_imports)]
use super::support::*;
#[allow(unused_imports)]
use super::views::*;
use jalin_domain::agreement::PartyInput;
use jalin_domain::eligibility::Declarations;
use jalin_domain::procedure::funding::Funding;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Values a transition records that stay on the case (the others stay in the history).
pub(super) const PERSISTENT_VALUES: &[&str] = &[
    "dprd_received_on",
    "loi_signed_on",
    "signed_on",
    "expires_on",
    "meeting_on",
];

/// A new case as a client describes it.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseInput {
    pub form: Option<String>,
    pub subtype: Option<String>,
    /// Kemendagri code of the Indonesian region.
    pub region_code: Option<String>,
    pub partner: Option<PartyInput>,
    pub title_id: Option<String>,
    pub title_en: Option<String>,
    #[serde(default)]
    pub objects: Vec<String>,
    pub other_object: Option<String>,
    #[serde(default)]
    pub fields: Vec<String>,
    #[serde(default)]
    pub sdgs: Vec<String>,
    #[serde(default)]
    pub declarations: Declarations,
    /// The funding of a domestic cooperation (KSDD, KSDPK); it decides whether the DPRD must
    /// approve (PP 28/2018 Pasal 6 ayat (2); Permendagri 22/2020 Pasal 12 and 34).
    pub funding: Option<Funding>,
    /// Older clients: DPRD approval needed, said outright. Superseded by `funding`; when both
    /// are sent they must agree.
    #[serde(default)]
    pub needs_dprd: bool,
    /// The registry agreement this case renews: any agreement of the case's region that was
    /// signed (in force, or expired), legacy records too.
    pub renews: Option<String>,
    /// KSDLL continuation that is technical and uses regional assets (feasibility study).
    #[serde(default)]
    pub uses_regional_assets: bool,
}

/// A document registered with a transition.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentInput {
    pub kind: String,
    /// The SHA-256 of a file uploaded to the case before (`POST /api/v1/cases/{id}/files`).
    pub file: Option<String>,
    /// The file's name as the user knows it (default: from the title).
    pub filename: Option<String>,
    pub title: Option<String>,
    /// Letter or decision number.
    pub number: Option<String>,
    /// `YYYY-MM-DD`.
    pub issued_on: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TransitionInput {
    pub transition: String,
    #[serde(default)]
    pub documents: Vec<DocumentInput>,
    /// Values the step records (see the case's `next_steps[].data`).
    #[serde(default)]
    pub data: BTreeMap<String, String>,
    pub note: Option<String>,
    /// The case version the client saw; refused with 409 if the case changed since.
    pub expected_version: Option<i64>,
    /// Declarations to update with this step (e.g. the draft text's clauses).
    pub declarations: Option<Declarations>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionInput {
    /// `P1` … `P17`, `R-LOI`, `R-NASKAH`, `R-JANGKA`, `R-PERPANJANGAN`.
    pub rule: String,
    /// `pass` or `fail` (attestation), or `waived`.
    pub outcome: String,
    pub reason: Option<String>,
    pub expected_version: Option<i64>,
}

/// A proposal evaluated without opening a case.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProposalInput {
    pub form: Option<String>,
    pub subtype: Option<String>,
    pub region_code: Option<String>,
    pub partner: Option<PartyInput>,
    #[serde(default)]
    pub objects: Vec<String>,
    pub other_object: Option<String>,
    #[serde(default)]
    pub fields: Vec<String>,
    #[serde(default)]
    pub declarations: Declarations,
}
