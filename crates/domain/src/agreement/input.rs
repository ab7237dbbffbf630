//! An agreement as a client sends it, and the draft it parses into.

use super::{Agreement, AgreementStatus, DocumentTier, Form, LegalObject, Party, PartyInput, PartyRef, SubType};
use crate::codes::{SdgCode, UrusanCode};
use crate::ids::AgreementId;
use crate::legal_basis::LegalBasis;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

/// An agreement as a client describes it: the JSON body of `POST /api/v1/agreements`, a
/// JSON import record, or a CSV row after column mapping. Every field is optional here so
/// that parsing can report all missing and malformed fields at once; the OpenAPI document
/// marks those a new agreement must have as required (`form`, `subtype`, `tier`, `status`,
/// `title_id`, `parties`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgreementInput {
    /// Only for imports; the server assigns ids to new agreements.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub form: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub subtype: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub tier: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub status: Option<String>,
    /// Defaults to the current basis for the form.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub legal_basis: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub legal_basis_note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub title_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title_en: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title_partner: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partner_language: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description_en: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description_partner: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub parties: Option<Vec<PartyInput>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub objects: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other_object: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sdgs: Option<Vec<String>>,
    /// `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signed_on: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effective_on: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_on: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub open_ended: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amends: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renews: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Reference of Kemlu's confirmation letter (2020 foreign procedure).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kemlu_confirmation_ref: Option<String>,
    /// `YYYY-MM-DD`; not in the future.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kemlu_confirmation_on: Option<String>,
    /// Reference of the Minister's approval letter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minister_approval_ref: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minister_approval_on: Option<String>,
    /// Reference of the DPRD decision.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dprd_decision_ref: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dprd_decision_on: Option<String>,
    /// Only with status `terminated`; not in the future.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub terminated_on: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub termination_reason: Option<String>,
    /// Only for imports: when the agreement was first registered (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Only for imports: when it was last changed (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
}

/// A parsed agreement whose parties are not yet resolved to partners.
#[derive(Debug, Clone, PartialEq)]
pub struct AgreementDraft {
    pub id: Option<AgreementId>,
    pub form: Form,
    pub subtype: SubType,
    pub tier: DocumentTier,
    pub status: AgreementStatus,
    pub legal_basis: &'static LegalBasis,
    pub legal_basis_note: Option<String>,
    pub title_id: String,
    pub title_en: Option<String>,
    pub title_partner: Option<String>,
    pub partner_language: Option<String>,
    pub description_id: Option<String>,
    pub description_en: Option<String>,
    pub description_partner: Option<String>,
    pub parties: Vec<PartyRef>,
    pub objects: Vec<LegalObject>,
    pub other_object: Option<String>,
    pub fields: Vec<UrusanCode>,
    pub sdgs: Vec<SdgCode>,
    pub signed_on: Option<Date>,
    pub effective_on: Option<Date>,
    pub expires_on: Option<Date>,
    pub open_ended: bool,
    pub amends: Option<AgreementId>,
    pub renews: Option<AgreementId>,
    pub source: Option<String>,
    pub approvals: ApprovalRefs,
    pub terminated_on: Option<Date>,
    pub termination_reason: Option<String>,
}

/// The references (and dates) of the approvals a record gives.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ApprovalRefs {
    pub kemlu_confirmation_ref: Option<String>,
    pub kemlu_confirmation_on: Option<Date>,
    pub minister_approval_ref: Option<String>,
    pub minister_approval_on: Option<Date>,
    pub dprd_decision_ref: Option<String>,
    pub dprd_decision_on: Option<Date>,
}

impl AgreementDraft {
    /// Combines the draft with its resolved parties into a stored agreement.
    pub fn into_agreement(
        self,
        id: AgreementId,
        parties: Vec<Party>,
        is_demo: bool,
        created_at: OffsetDateTime,
        updated_at: OffsetDateTime,
        version: i64,
    ) -> Agreement {
        Agreement {
            id,
            form: self.form,
            subtype: self.subtype,
            tier: self.tier,
            status: self.status,
            legal_basis: self.legal_basis.code.to_owned(),
            legal_basis_note: self.legal_basis_note,
            title_id: self.title_id,
            title_en: self.title_en,
            title_partner: self.title_partner,
            partner_language: self.partner_language,
            description_id: self.description_id,
            description_en: self.description_en,
            description_partner: self.description_partner,
            parties,
            objects: self.objects,
            other_object: self.other_object,
            fields: self.fields,
            sdgs: self.sdgs,
            signed_on: self.signed_on,
            effective_on: self.effective_on,
            expires_on: self.expires_on,
            open_ended: self.open_ended,
            amends: self.amends,
            renews: self.renews,
            source: self.source,
            kemlu_confirmation_ref: self.approvals.kemlu_confirmation_ref,
            kemlu_confirmation_on: self.approvals.kemlu_confirmation_on,
            minister_approval_ref: self.approvals.minister_approval_ref,
            minister_approval_on: self.approvals.minister_approval_on,
            dprd_decision_ref: self.approvals.dprd_decision_ref,
            dprd_decision_on: self.approvals.dprd_decision_on,
            terminated_on: self.terminated_on,
            termination_reason: self.termination_reason,
            // Decided by the registry when the record is stored.
            verification: super::VerificationStatus::Verified,
            verification_note: None,
            verified_by: None,
            verified_at: None,
            is_demo,
            created_at,
            updated_at,
            version,
        }
    }
}
