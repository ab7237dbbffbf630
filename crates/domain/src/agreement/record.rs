//! A registered agreement and its parties, as stored.

use super::{
    AgreementInput, AgreementStatus, DocumentTier, Form, LegalObject, PartyInput, SubType, VerificationStatus,
};
use crate::codes::{CountryCode, GeonameId, RegionCode, SdgCode, SubdivisionCode, UrusanCode};
use crate::ids::{AgreementId, PartnerId};
use crate::partner::PartnerKind;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

/// One party of an agreement, with the identifiers the registry filters on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Party {
    pub partner_id: PartnerId,
    pub kind: PartnerKind,
    pub name: String,
    pub region_code: Option<RegionCode>,
    pub province_code: Option<RegionCode>,
    pub country_iso2: Option<CountryCode>,
    pub geonameid: Option<GeonameId>,
    pub subdivision_code: Option<SubdivisionCode>,
}

/// A registered agreement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Agreement {
    pub id: AgreementId,
    pub form: Form,
    pub subtype: SubType,
    pub tier: DocumentTier,
    pub status: AgreementStatus,
    pub legal_basis: String,
    pub legal_basis_note: Option<String>,
    pub title_id: String,
    pub title_en: Option<String>,
    pub title_partner: Option<String>,
    /// ISO 639 code of the partner's language used in `title_partner`/`description_partner`.
    pub partner_language: Option<String>,
    pub description_id: Option<String>,
    pub description_en: Option<String>,
    pub description_partner: Option<String>,
    pub parties: Vec<Party>,
    pub objects: Vec<LegalObject>,
    pub other_object: Option<String>,
    /// Government affairs (*urusan*) the cooperation covers.
    pub fields: Vec<UrusanCode>,
    pub sdgs: Vec<SdgCode>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub signed_on: Option<Date>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub effective_on: Option<Date>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub expires_on: Option<Date>,
    /// A legacy agreement without an end date; its text should be renewed (Permendagri
    /// 25/2020 Pasal 42 huruf b).
    pub open_ended: bool,
    pub amends: Option<AgreementId>,
    pub renews: Option<AgreementId>,
    pub source: Option<String>,
    /// Kemlu's confirmation letter (Permendagri 25/2020 Pasal 21–23), for records made
    /// outside Jalin.
    #[serde(default)]
    pub kemlu_confirmation_ref: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub kemlu_confirmation_on: Option<Date>,
    /// The Minister's approval letter (Pasal 24).
    #[serde(default)]
    pub minister_approval_ref: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub minister_approval_on: Option<Date>,
    /// The DPRD decision on the plan (Pasal 16–17).
    #[serde(default)]
    pub dprd_decision_ref: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub dprd_decision_on: Option<Date>,
    /// When a terminated agreement ended, and why.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub terminated_on: Option<Date>,
    #[serde(default)]
    pub termination_reason: Option<String>,
    /// `to_verify` for a 2020-rules foreign record lacking a required approval (derived
    /// on every change; Kemendagri verifies or rejects). Only `verified` records count.
    #[serde(default)]
    pub verification: VerificationStatus,
    /// Kemendagri's reason when verifying or rejecting.
    #[serde(default)]
    pub verification_note: Option<String>,
    #[serde(default)]
    pub verified_by: Option<String>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub verified_at: Option<OffsetDateTime>,
    /// Part of the clearly-labelled demonstration dataset.
    pub is_demo: bool,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub updated_at: OffsetDateTime,
    /// Incremented on every change; send it back in `If-Match` to avoid lost updates.
    pub version: i64,
}

impl Agreement {
    /// The year the registry files the agreement under: signing, else entry into force.
    pub fn year(&self) -> Option<i32> {
        self.signed_on.or(self.effective_on).map(|d| d.year())
    }

    /// Indonesian regions among the parties.
    pub fn region_codes(&self) -> impl Iterator<Item = &RegionCode> {
        self.parties.iter().filter_map(|p| p.region_code.as_ref())
    }

    /// The input that would recreate this agreement (for patches and exports).
    pub fn to_input(&self) -> AgreementInput {
        AgreementInput {
            id: Some(self.id.to_string()),
            form: Some(self.form.as_str().to_owned()),
            subtype: Some(self.subtype.as_str().to_owned()),
            tier: Some(self.tier.as_str().to_owned()),
            status: Some(self.status.as_str().to_owned()),
            legal_basis: Some(self.legal_basis.clone()),
            legal_basis_note: self.legal_basis_note.clone(),
            title_id: Some(self.title_id.clone()),
            title_en: self.title_en.clone(),
            title_partner: self.title_partner.clone(),
            partner_language: self.partner_language.clone(),
            description_id: self.description_id.clone(),
            description_en: self.description_en.clone(),
            description_partner: self.description_partner.clone(),
            parties: Some(
                self.parties
                    .iter()
                    .map(|p| PartyInput {
                        partner_id: Some(p.partner_id.to_string()),
                        ..Default::default()
                    })
                    .collect(),
            ),
            objects: Some(self.objects.iter().map(|o| o.as_str().to_owned()).collect()),
            other_object: self.other_object.clone(),
            fields: Some(self.fields.iter().map(|f| f.as_str().to_owned()).collect()),
            sdgs: Some(self.sdgs.iter().map(|s| s.as_str().to_owned()).collect()),
            signed_on: self.signed_on.map(|d| d.to_string()),
            effective_on: self.effective_on.map(|d| d.to_string()),
            expires_on: self.expires_on.map(|d| d.to_string()),
            open_ended: Some(self.open_ended),
            amends: self.amends.map(|a| a.to_string()),
            renews: self.renews.map(|a| a.to_string()),
            source: self.source.clone(),
            kemlu_confirmation_ref: self.kemlu_confirmation_ref.clone(),
            kemlu_confirmation_on: self.kemlu_confirmation_on.map(|d| d.to_string()),
            minister_approval_ref: self.minister_approval_ref.clone(),
            minister_approval_on: self.minister_approval_on.map(|d| d.to_string()),
            dprd_decision_ref: self.dprd_decision_ref.clone(),
            dprd_decision_on: self.dprd_decision_on.map(|d| d.to_string()),
            terminated_on: self.terminated_on.map(|d| d.to_string()),
            termination_reason: self.termination_reason.clone(),
            created_at: None,
            updated_at: None,
        }
    }
}
