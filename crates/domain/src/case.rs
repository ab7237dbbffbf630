//! A cooperation case: one cooperation going through its procedure, shared by every agency
//! involved. The current state is derivable from the event history.

use crate::agreement::{Form, LegalObject, Party, SubType};
use crate::codes::{RegionCode, SdgCode, UrusanCode};
use crate::documents::DocumentKind;
use crate::eligibility::{Declarations, Outcome, RuleCode};
use crate::ids::{AgreementId, CaseId, DocumentId};
use crate::procedure::CaseFlag;
use crate::role::Role;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::{Date, OffsetDateTime};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Case {
    pub id: CaseId,
    pub procedure: String,
    pub procedure_version: u32,
    pub form: Form,
    pub subtype: SubType,
    pub region_code: RegionCode,
    pub province_code: RegionCode,
    pub partner: Party,
    pub title_id: String,
    pub title_en: Option<String>,
    pub objects: Vec<LegalObject>,
    pub other_object: Option<String>,
    pub fields: Vec<UrusanCode>,
    pub sdgs: Vec<SdgCode>,
    pub declarations: Declarations,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub flags: Vec<CaseFlag>,
    pub state: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub state_since: OffsetDateTime,
    /// Values recorded by transitions (`dprd_received_on`, `signed_on`, `expires_on`, …).
    pub values: BTreeMap<String, String>,
    /// The registry agreement this case produced (from signing on).
    pub agreement_id: Option<AgreementId>,
    /// The case this one renews (a renewal opened from a case in force).
    pub renews_case: Option<CaseId>,
    /// The registry agreement this case renews or replaces: one a case brought into force,
    /// or any registry record (legacy agreements too). The agreement the case brings into
    /// force records it as `renews`.
    pub renews: Option<AgreementId>,
    /// The funding recorded for a domestic cooperation; it decides whether the DPRD must
    /// approve (PP 28/2018 Pasal 6 ayat (2)).
    pub funding: Option<crate::procedure::funding::Funding>,
    pub created_by: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub updated_at: OffsetDateTime,
    pub version: i64,
}

impl Case {
    pub fn value_date(&self, key: &str) -> Option<Date> {
        let format = time::macros::format_description!("[year]-[month]-[day]");
        self.values.get(key).and_then(|v| Date::parse(v, format).ok())
    }

    pub fn has_flag(&self, flag: CaseFlag) -> bool {
        self.flags.contains(&flag)
    }

    /// The other Indonesian region of a KSDD case, which answers its own steps.
    pub fn partner_region(&self) -> Option<&RegionCode> {
        if self.form == crate::agreement::Form::Ksdd {
            self.partner.region_code.as_ref()
        } else {
            None
        }
    }
}

/// What an event records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum EventKind {
    /// The case was opened.
    Opened,
    /// A transition fired (possibly back into the same state).
    Transition,
    /// A person decided a requirement (attestation or waiver).
    Decision,
}

impl EventKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Opened => "opened",
            Self::Transition => "transition",
            Self::Decision => "decision",
        }
    }
}

/// One entry of a case's history.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseEvent {
    pub seq: i64,
    pub kind: EventKind,
    pub transition: Option<String>,
    pub from_state: Option<String>,
    pub to_state: Option<String>,
    pub rule: Option<RuleCode>,
    pub outcome: Option<Outcome>,
    /// Who acted (`user:…`, `system:…`).
    pub actor: String,
    pub role: Role,
    pub note: Option<String>,
    pub data: BTreeMap<String, String>,
    pub documents: Vec<DocumentId>,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: OffsetDateTime,
    pub request_id: String,
}

/// A document registered on a case.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseDocument {
    pub id: DocumentId,
    pub case_id: CaseId,
    pub kind: DocumentKind,
    pub title: String,
    /// The letter or decision number.
    pub number: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub issued_on: Option<Date>,
    /// The history entry that brought it.
    pub event_seq: i64,
    /// The uploaded file, when one was attached (documents may also be registered by
    /// number and date only).
    pub file: Option<DocumentFile>,
    pub added_by: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub added_at: OffsetDateTime,
}

/// A stored file: its content address and what it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentFile {
    /// SHA-256 of the bytes (the content address; equal files are stored once).
    pub sha256: String,
    pub size: i64,
    pub content_type: String,
    pub filename: String,
}

/// A person's decision on a requirement.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Decision {
    pub rule: RuleCode,
    pub outcome: Outcome,
    pub actor: String,
    pub role: Role,
    pub reason: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: OffsetDateTime,
}

/// An alert raised by a timer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Alert {
    pub case_id: Option<CaseId>,
    pub agreement_id: Option<AgreementId>,
    /// The timer (and threshold) that raised it, e.g. `akan_berakhir:30`.
    pub code: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub due_on: Date,
    pub message_id: String,
    pub message_en: String,
    pub region_code: Option<RegionCode>,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub raised_at: OffsetDateTime,
}
