//! Procedure definitions as data: the states of a cooperation case, the transitions between
//! them with the roles that may fire each, the documents required to enter a state, the
//! requirements that guard it, timers, and the article each step rests on. Definitions are
//! versioned by legal basis; a case keeps the version it started under.

pub mod definitions;
pub mod docs;
pub mod engine;
pub mod funding;

use crate::agreement::{AgreementStatus, Form, SubType};
use crate::calendar::DayUnit;
use crate::documents::DocumentKind;
use crate::eligibility::RuleCode;
use crate::role::Role;
use serde::Serialize;

/// Who must act next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Holder {
    /// The Indonesian region (its cooperation bureau or head).
    Region,
    /// The regional parliament.
    Dprd,
    /// The Governor as representative of the Central Government.
    Governor,
    Kemendagri,
    Kemlu,
    /// The partner (another region answering an offer, a foreign party).
    Partner,
    /// Nobody: the case is closed.
    Nobody,
}

impl Holder {
    pub fn label_id(&self) -> &'static str {
        match self {
            Self::Region => "Pemerintah daerah",
            Self::Dprd => "DPRD",
            Self::Governor => "Gubernur",
            Self::Kemendagri => "Kemendagri",
            Self::Kemlu => "Kemlu",
            Self::Partner => "Mitra",
            Self::Nobody => "—",
        }
    }

    pub fn label_en(&self) -> &'static str {
        match self {
            Self::Region => "Regional government",
            Self::Dprd => "DPRD",
            Self::Governor => "Governor",
            Self::Kemendagri => "Kemendagri",
            Self::Kemlu => "Kemlu",
            Self::Partner => "Partner",
            Self::Nobody => "—",
        }
    }
}

/// Where a state lies in the life of a cooperation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Phase {
    Preparation,
    Approval,
    Drafting,
    Signing,
    InForce,
    Closed,
}

/// What starts a timer's clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TimerStart {
    /// The day the case entered the state.
    Entered,
    /// A date recorded with the transition into the state (e.g. `dprd_received_on`).
    Date(&'static str),
    /// Counted backwards from the agreement's expiry date.
    BeforeExpiry,
    /// The expiry date itself.
    Expiry,
}

/// What happens when a timer runs out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TimerEffect {
    /// Only an alert.
    Alert,
    /// Jalin fires this transition (e.g. deemed approval), as the regulation says.
    Fire(&'static str),
    /// The transitions that wait for this timer become available.
    Unlock,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct TimerDef {
    pub code: &'static str,
    pub label_id: &'static str,
    pub label_en: &'static str,
    pub article: &'static str,
    pub amount: i64,
    pub unit: DayUnit,
    /// When set, the unit comes from configuration (`procedure.domestic_day_unit`).
    pub configurable_unit: bool,
    pub start: TimerStart,
    pub effect: TimerEffect,
}

/// A condition for a transition to be offered at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    RegionIsProvince,
    RegionIsKabKota,
    /// The named timer of the current state has run out.
    TimerExpired(&'static str),
    /// A configuration switch has this value.
    Config(ConfigSwitch, bool),
    /// A case flag (set at creation) has this value.
    Flag(CaseFlag, bool),
}

/// Configuration switches for the points the legal notes mark uncertain (U) or inferred (I).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConfigSwitch {
    /// Full powers (*Surat Kuasa*) are required for signing (U; default no).
    FullPowersRequired,
    /// An extension is a simple approval rather than a new case through all stages
    /// (U; default no: full stages).
    SimpleExtension,
    /// KSDLL continuation needs DPRD approval (U; default yes, as PP 28/2018 Pasal 38 does
    /// not exempt it).
    ContinuationRequiresDprd,
    /// The DPRD's silence until its time limit counts as approval (default yes:
    /// Permendagri 25/2020 Pasal 17 ayat (3)–(4), Permendagri 22/2020 Pasal 12 ayat (4) and
    /// Pasal 34 ayat (6); PP 28/2018 Pasal 30 has no such rule).
    DprdSilenceIsApproval,
}

/// Per-case switches set when the case is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseFlag {
    /// Domestic cooperation needs DPRD approval: it burdens the community or region, or its
    /// funding is not in the current APBD (PP 28/2018; Permendagri 22/2020 Pasal 12).
    NeedsDprd,
    /// The cooperation is technical and uses regional assets (KSDLL continuation needs a
    /// feasibility study).
    UsesRegionalAssets,
    /// The partner is a foreign non-profit (Izin Prinsip and Izin Operasional needed).
    ForeignNonProfit,
}

/// Which Indonesian party of a case takes a step. A KSDD case has two regions: the one that
/// opened it and the partner region that answers the offer (Permendagri 22/2020 Pasal 8);
/// every other case has only the first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Side {
    /// The region that opened the case (and Jalin's other roles).
    Region,
    /// The other Indonesian region of a KSDD case.
    PartnerRegion,
}

/// Values that record something that already happened: they may not lie in the future
/// (`in_future`). Meeting dates and expiry dates may.
pub const PAST_DATES: &[&str] = &["loi_signed_on", "dprd_received_on", "signed_on", "activity_on"];

/// A value a transition records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DataField {
    pub key: &'static str,
    pub label_id: &'static str,
    pub label_en: &'static str,
    pub kind: DataKind,
    pub required: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DataKind {
    Date,
    Text,
    Year,
    Choice(&'static [&'static str]),
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct StateDef {
    pub code: &'static str,
    pub label_id: &'static str,
    pub label_en: &'static str,
    pub article: &'static str,
    pub holder: Holder,
    pub phase: Phase,
    /// The registry status of the case's agreement while it is in this state.
    pub registry_status: Option<AgreementStatus>,
    pub timers: &'static [TimerDef],
}

impl StateDef {
    pub fn is_terminal(&self) -> bool {
        self.phase == Phase::Closed
    }
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct TransitionDef {
    pub code: &'static str,
    pub from: &'static [&'static str],
    pub to: &'static str,
    pub label_id: &'static str,
    pub label_en: &'static str,
    pub article: &'static str,
    pub roles: &'static [Role],
    /// Documents that must be on file (or come with the transition) to enter `to`.
    pub documents: &'static [DocumentKind],
    /// Documents required only while a condition holds (e.g. full powers when configured).
    pub conditional_documents: &'static [(DocumentKind, Condition)],
    /// Requirements that must pass (or be waived).
    pub requires: &'static [RuleCode],
    /// Conditions for the transition to be offered.
    pub conditions: &'static [Condition],
    /// Values the transition records.
    pub data: &'static [DataField],
    /// Which Indonesian party takes the step (regional roles only).
    pub side: Side,
}

/// A procedure: one legal path for a form of cooperation.
#[derive(Debug, Clone, Serialize)]
pub struct ProcedureDef {
    pub code: &'static str,
    pub version: u32,
    pub title_id: &'static str,
    pub title_en: &'static str,
    pub legal_basis: &'static str,
    /// The forms and sub-types that follow this procedure.
    pub applies_to: &'static [(Form, &'static [SubType])],
    pub initial: &'static str,
    pub states: &'static [StateDef],
    pub transitions: &'static [TransitionDef],
}

impl ProcedureDef {
    pub fn state(&self, code: &str) -> Option<&StateDef> {
        self.states.iter().find(|s| s.code == code)
    }

    pub fn transition(&self, code: &str) -> Option<&TransitionDef> {
        self.transitions.iter().find(|t| t.code == code)
    }

    /// Transitions leaving `state`.
    pub fn from(&self, state: &str) -> impl Iterator<Item = &TransitionDef> {
        self.transitions.iter().filter(move |t| t.from.contains(&state))
    }

    pub fn applies(&self, form: Form, subtype: SubType) -> bool {
        self.applies_to
            .iter()
            .any(|(f, subs)| *f == form && subs.contains(&subtype))
    }
}

/// The configurable points of the procedures, with the defaults named in the legal notes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProcedureConfig {
    /// Full powers required for signing (U). Default false.
    pub full_powers_required: bool,
    /// Extension by simple approval instead of a new case through all stages (U). Default false.
    pub simple_extension: bool,
    /// DPRD approval for KSDLL continuation (U). Default true.
    pub continuation_requires_dprd: bool,
    /// Unit of the "days" of Permendagri 22/2020 (I): "calendar_days" or "working_days".
    pub domestic_day_unit: DayUnit,
    /// Months without recorded activity before an agreement in force counts as dormant.
    pub dormant_months: u32,
    /// Days before expiry at which alerts are raised.
    pub expiry_alert_days: Vec<i64>,
    /// The DPRD's silence until its time limit counts as approval. Default true.
    pub dprd_silence_is_approval: bool,
    /// Day of January by which a kabupaten/kota's annual report is due to the Governor
    /// (Permendagri 25/2020 Pasal 35(2): the first week). Default 7.
    pub regency_report_due_day: u8,
    /// Day of January by which the Governor's annual report is due to the Minister (Pasal
    /// 35(2), 36(2): the second week). Default 14.
    pub province_report_due_day: u8,
    /// Days after a semester's end by which a KSDD/KSDPK semester report is due (I). Default 30.
    pub semester_report_due_days: i64,
    /// Days after the return from official foreign travel (PDLN) by which its report is due.
    pub trip_report_days: u32,
}

impl Default for ProcedureConfig {
    fn default() -> Self {
        Self {
            full_powers_required: false,
            simple_extension: false,
            continuation_requires_dprd: true,
            domestic_day_unit: DayUnit::CalendarDays,
            dormant_months: 12,
            expiry_alert_days: vec![180, 90, 60, 30, 7],
            dprd_silence_is_approval: true,
            regency_report_due_day: 7,
            province_report_due_day: 14,
            semester_report_due_days: 30,
            trip_report_days: 14,
        }
    }
}

impl ProcedureConfig {
    /// When reports fall due.
    pub fn report_schedule(&self) -> crate::monitoring::report::ReportSchedule {
        crate::monitoring::report::ReportSchedule {
            regency_annual_due_day: self.regency_report_due_day,
            province_annual_due_day: self.province_report_due_day,
            semester_due_days: self.semester_report_due_days,
            ..Default::default()
        }
    }

    pub fn switch(&self, s: ConfigSwitch) -> bool {
        match s {
            ConfigSwitch::FullPowersRequired => self.full_powers_required,
            ConfigSwitch::SimpleExtension => self.simple_extension,
            ConfigSwitch::ContinuationRequiresDprd => self.continuation_requires_dprd,
            ConfigSwitch::DprdSilenceIsApproval => self.dprd_silence_is_approval,
        }
    }
}
