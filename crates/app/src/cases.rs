//! Cooperation cases: opening a case, reading it (stage, who holds the ball, what is
//! missing, timers, requirements, history), firing transitions, deciding requirements, and
//! evaluating a proposal's eligibility without a case.

use crate::agreements::check_codes;
use crate::audit::{self, NewAuditEventExt};
use crate::authz::Grant;
use crate::ctx::Ctx;
use crate::ports::store::{Activity, AgreementFilter, CaseFilter, Listing, Page, StoreError, Tx};
use crate::reference::ReferenceSnapshot;
use crate::resolve::PartyResolver;
use crate::{App, AppError, AppResult};
use jalin_domain::FieldErrors;
use jalin_domain::agreement::{
    Agreement, AgreementDraft, AgreementStatus, DocumentTier, Form, LegalObject, Party, PartyInput, PartyRef, SubType,
};
use jalin_domain::audit::codes;
use jalin_domain::authz::{Action, Scope};
use jalin_domain::calendar::{DayUnit, Deadline};
use jalin_domain::case::{Alert, Case, CaseDocument, CaseEvent, Decision, EventKind};
use jalin_domain::codes::{RegionCode, SdgCode, UrusanCode};
use jalin_domain::documents::DocumentKind;
use jalin_domain::eligibility::{self, Declarations, Facts, Outcome, PartnerFacts, RuleCode, RuleResult};
use jalin_domain::ids::{AgreementId, CaseId, DocumentId};
use jalin_domain::partner::{ForeignLevel, Partner, PartnerCategory, PartnerKind};
use jalin_domain::procedure::engine::{self, CaseFacts, Refusal};
use jalin_domain::procedure::{
    CaseFlag, DataField, Holder, Phase, ProcedureDef, StateDef, TimerDef, TimerEffect, TimerStart, definitions,
};
use jalin_domain::reference::DiplomaticRelations;
use jalin_domain::role::Role;
use jalin_domain::text::non_empty;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::{Date, Duration};

/// Values a transition records that stay on the case (the others stay in the history).
const PERSISTENT_VALUES: &[&str] = &[
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
    /// Domestic cooperation burdening the community/region or not yet budgeted needs DPRD
    /// approval (Permendagri 22/2020 Pasal 12).
    #[serde(default)]
    pub needs_dprd: bool,
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

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StageView {
    pub code: String,
    pub label_id: String,
    pub label_en: String,
    pub article: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub phase: Phase,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub holder: Holder,
    pub holder_label_id: String,
    pub holder_label_en: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NextStep {
    pub transition: String,
    pub label_id: String,
    pub label_en: String,
    pub article: String,
    pub to: String,
    pub roles: Vec<Role>,
    /// Whether the current user's role may take this step.
    pub allowed_for_you: bool,
    /// Nothing is missing (documents sent with the step still count).
    pub ready: bool,
    pub missing: Vec<Refusal>,
    pub data: Vec<DataField>,
    pub documents: Vec<DocumentKind>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimerView {
    pub code: String,
    pub label_id: String,
    pub label_en: String,
    pub article: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub starts_on: Option<Date>,
    /// The last day to act.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub deadline: Option<Date>,
    pub expired: bool,
    /// False when the period runs past the years with known holidays.
    pub calendar_complete: bool,
    /// `alert`, `fire:<step>` or `unlock`.
    pub effect: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProcedureRef {
    pub code: String,
    pub version: u32,
    pub title_id: String,
    pub title_en: String,
    pub legal_basis: String,
}

/// Everything about a case.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseView {
    pub case: Case,
    pub procedure: ProcedureRef,
    pub stage: StageView,
    pub next_steps: Vec<NextStep>,
    pub timers: Vec<TimerView>,
    pub requirements: Vec<RuleResult>,
    pub documents: Vec<CaseDocument>,
    pub history: Vec<CaseEvent>,
    pub alerts: Vec<Alert>,
}

/// A case in a list.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseSummary {
    pub case: Case,
    pub stage: StageView,
    /// The nearest deadline of the current stage.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub next_deadline: Option<Date>,
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

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EligibilityReport {
    /// True when no requirement fails (some may still need review).
    pub eligible: bool,
    pub procedure: Option<ProcedureRef>,
    pub results: Vec<RuleResult>,
}

pub fn procedure_ref(def: &ProcedureDef) -> ProcedureRef {
    ProcedureRef {
        code: def.code.to_owned(),
        version: def.version,
        title_id: def.title_id.to_owned(),
        title_en: def.title_en.to_owned(),
        legal_basis: def.legal_basis.to_owned(),
    }
}

fn stage_view(s: &StateDef) -> StageView {
    StageView {
        code: s.code.to_owned(),
        label_id: s.label_id.to_owned(),
        label_en: s.label_en.to_owned(),
        article: s.article.to_owned(),
        phase: s.phase,
        holder: s.holder,
        holder_label_id: s.holder.label_id().to_owned(),
        holder_label_en: s.holder.label_en().to_owned(),
    }
}

fn parse_date(v: &str) -> Option<Date> {
    Date::parse(v.trim(), time::macros::format_description!("[year]-[month]-[day]")).ok()
}

fn def_of(case: &Case) -> AppResult<&'static ProcedureDef> {
    definitions::find(&case.procedure, case.procedure_version).ok_or_else(|| {
        AppError::Internal(anyhow::anyhow!(
            "case {} follows unknown procedure {} v{}",
            case.id,
            case.procedure,
            case.procedure_version
        ))
    })
}

fn state_of<'a>(def: &'a ProcedureDef, case: &Case) -> AppResult<&'a StateDef> {
    def.state(&case.state)
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("case {} is in unknown state {}", case.id, case.state)))
}

/// Parses a list of codes into `out`, recording errors as `field[i]`.
fn parse_codes<T: std::str::FromStr<Err = jalin_domain::error::CodeError> + PartialEq>(
    errors: &mut FieldErrors,
    field: &str,
    values: &[String],
) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    for (i, v) in values.iter().enumerate() {
        if let Some(x) = errors.take(&format!("{field}[{i}]"), v.parse::<T>())
            && !out.contains(&x)
        {
            out.push(x);
        }
    }
    out
}

/// One timer of a state for a case.
pub(crate) fn timer_view(t: &TimerDef, case: &Case, snapshot: &ReferenceSnapshot, app: &App, today: Date) -> TimerView {
    let unit = if t.configurable_unit {
        app.procedure.domestic_day_unit
    } else {
        t.unit
    };
    let expiry = case.value_date("expires_on");
    let (starts_on, deadline): (Option<Date>, Option<Deadline>) = match t.start {
        TimerStart::Entered => {
            let start = case.state_since.to_offset(crate::ports::clock::WIB).date();
            (Some(start), Some(snapshot.calendar.deadline(start, t.amount, unit)))
        }
        TimerStart::Date(key) => {
            let start = case.value_date(key);
            (start, start.map(|s| snapshot.calendar.deadline(s, t.amount, unit)))
        }
        TimerStart::BeforeExpiry => (
            expiry,
            expiry.map(|e| Deadline {
                due_on: match unit {
                    DayUnit::Months | DayUnit::Years => jalin_domain::calendar::add_months(
                        e,
                        -(t.amount as i32) * if unit == DayUnit::Years { 12 } else { 1 },
                    ),
                    _ => e - Duration::days(t.amount),
                },
                calendar_complete: true,
            }),
        ),
        TimerStart::Expiry => (
            expiry,
            expiry.map(|e| Deadline {
                due_on: e,
                calendar_complete: true,
            }),
        ),
    };
    TimerView {
        code: t.code.to_owned(),
        label_id: t.label_id.to_owned(),
        label_en: t.label_en.to_owned(),
        article: t.article.to_owned(),
        starts_on,
        deadline: deadline.map(|d| d.due_on),
        expired: deadline.is_some_and(|d| today > d.due_on),
        calendar_complete: deadline.is_none_or(|d| d.calendar_complete),
        effect: match t.effect {
            TimerEffect::Alert => "alert".to_owned(),
            TimerEffect::Fire(s) => format!("fire:{s}"),
            TimerEffect::Unlock => "unlock".to_owned(),
        },
    }
}

/// The partner facts eligibility needs.
fn partner_facts(snapshot: &ReferenceSnapshot, party: &Party, partner: Option<&Partner>) -> PartnerFacts {
    let country = party.country_iso2.as_ref().and_then(|c| snapshot.country(c));
    let sovereign = country
        .and_then(|c| c.sovereign_iso2.as_ref())
        .and_then(|s| snapshot.country(s))
        .map(|c| c.diplomatic_relations);
    PartnerFacts {
        name: party.name.clone(),
        kind: Some(party.kind),
        country_iso2: party.country_iso2.as_ref().map(|c| c.to_string()),
        country_name: country.map(|c| c.name_en.clone()),
        relations: country.map(|c| c.diplomatic_relations),
        sovereign_relations: sovereign,
        level: partner.and_then(|p| p.level).or(if party.geonameid.is_some() {
            Some(ForeignLevel::Local)
        } else if party.subdivision_code.is_some() {
            Some(ForeignLevel::FirstLevel)
        } else {
            None
        }),
        category: partner.and_then(|p| p.category),
    }
}

/// Latest decision per rule, from the history.
fn decisions(events: &[CaseEvent]) -> BTreeMap<RuleCode, Decision> {
    let mut out = BTreeMap::new();
    for e in events {
        if let (EventKind::Decision, Some(rule), Some(outcome)) = (e.kind, e.rule, e.outcome) {
            out.insert(
                rule,
                Decision {
                    rule,
                    outcome,
                    actor: e.actor.clone(),
                    role: e.role,
                    reason: e.note.clone(),
                    at: e.at,
                },
            );
        }
    }
    out
}

/// Applies a person's decision on top of the automatic result. An attestation decides
/// what needs review (or a manual/hybrid rule); a waiver lifts a failure.
fn apply_decision(mut r: RuleResult, d: Option<&Decision>) -> RuleResult {
    let Some(d) = d else { return r };
    let def = eligibility::rule(r.rule);
    let applies = match d.outcome {
        Outcome::Waived => matches!(r.outcome, Outcome::Fail | Outcome::NeedsReview),
        Outcome::Pass | Outcome::Fail => {
            r.outcome == Outcome::NeedsReview
                || (def.mode != eligibility::Mode::Automatic
                    && r.outcome != Outcome::NotApplicable
                    && r.outcome != Outcome::Pending)
        }
        _ => false,
    };
    if applies {
        r.outcome = d.outcome;
        r.decided_by = Some(format!("{} ({})", d.actor, d.role.as_str()));
        r.reason = d.reason.clone();
    }
    r
}

struct Evaluation {
    results: BTreeMap<RuleCode, RuleResult>,
}

impl App {
    fn procedure_for(&self, form: Form, subtype: SubType) -> AppResult<&'static ProcedureDef> {
        definitions::for_case(form, subtype).ok_or_else(|| {
            AppError::invalid(
                "subtype",
                "invalid_choice",
                format!("no procedure for {form} {subtype}"),
            )
        })
    }

    /// Whether the region had foreign cooperation in force last year, and if so whether it
    /// reported on it (Permendagri 25/2020 Pasal 38).
    async fn annual_report_status(&self, tx: &mut dyn Tx, region: &RegionCode, today: Date) -> AppResult<Option<bool>> {
        let last_year = today.year() - 1;
        let start = Date::from_calendar_date(last_year, time::Month::January, 1).unwrap_or(today);
        let end = Date::from_calendar_date(last_year, time::Month::December, 31).unwrap_or(today);
        let mut had = false;
        for form in [Form::Ksdpl, Form::Ksdll] {
            let filter = AgreementFilter {
                form: Some(form),
                region: Some(region.clone()),
                ..Default::default()
            };
            let listing = tx
                .agreements()
                .list(&filter, Page::new(Some(Page::MAX_LIMIT), None))
                .await?;
            had |= listing.items.iter().any(|a| {
                a.status.is_signed()
                    && a.signed_on.or(a.effective_on).is_some_and(|s| s <= end)
                    && (a.open_ended || a.expires_on.is_none_or(|e| e >= start))
            });
        }
        if !had {
            return Ok(None);
        }
        let years = tx.cases().annual_report_years(region).await?;
        Ok(Some(years.contains(&last_year)))
    }

    #[allow(clippy::too_many_arguments)]
    async fn evaluate_case(
        &self,
        tx: &mut dyn Tx,
        snapshot: &ReferenceSnapshot,
        case: &Case,
        documents: &[DocumentKind],
        values: &BTreeMap<String, String>,
        events: &[CaseEvent],
        today: Date,
    ) -> AppResult<Evaluation> {
        let partner = tx.partners().get(case.partner.partner_id).await?;
        let region = snapshot.region(&case.region_code);
        let fields: Vec<_> = case
            .fields
            .iter()
            .filter_map(|f| snapshot.urusan.get(f.as_str()))
            .collect();
        let annual = self.annual_report_status(tx, &case.region_code, today).await?;
        let extension = events
            .iter()
            .rev()
            .find(|e| e.transition.as_deref() == Some("ajukan_perpanjangan"))
            .map(|e| e.at.to_offset(crate::ports::clock::WIB).date())
            .or_else(|| (case.state == "berlaku").then_some(today))
            .and_then(|requested| case.value_date("expires_on").map(|e| (e, requested)));
        let dprd_deemed = events
            .iter()
            .any(|e| e.transition.as_deref() == Some("dprd_dianggap_menyetujui"));
        let value = |k: &str| values.get(k).and_then(|v| parse_date(v));
        let facts = Facts {
            form: case.form,
            subtype: case.subtype,
            region,
            partner: partner_facts(snapshot, &case.partner, partner.as_ref()),
            objects: &case.objects,
            other_object: case.other_object.as_deref(),
            fields,
            unknown_fields: Vec::new(),
            declarations: &case.declarations,
            documents,
            dprd_deemed,
            annual_report_sent: annual,
            loi_signed_on: value("loi_signed_on"),
            signed_on: value("signed_on"),
            expires_on: value("new_expires_on").or(value("expires_on")),
            extension,
            renewal: case.renews_case.is_some(),
            today,
        };
        let decided = decisions(events);
        let mut results = BTreeMap::new();
        for r in eligibility::RULES {
            let auto = eligibility::evaluate(r.code, &facts);
            results.insert(r.code, apply_decision(auto, decided.get(&r.code)));
        }
        Ok(Evaluation { results })
    }

    /// Opens a case at the first stage of the procedure for its form.
    pub async fn open_case(&self, ctx: &Ctx, input: &CaseInput) -> AppResult<CaseView> {
        let grant = self.require(ctx, Action::CaseOpen)?;
        let mut errors = FieldErrors::new();
        let form = match non_empty(input.form.as_deref()) {
            Some(f) => errors.take("form", f.parse::<Form>()),
            None => {
                errors.push("form", "required", "form is required");
                None
            }
        };
        let subtype = match non_empty(input.subtype.as_deref()) {
            Some(s) => errors.take("subtype", s.parse::<SubType>()),
            None => {
                errors.push("subtype", "required", "subtype is required");
                None
            }
        };
        let region_code = match non_empty(input.region_code.as_deref()) {
            Some(r) => errors.take("region_code", r.parse::<RegionCode>()),
            None => {
                errors.push("region_code", "required", "region_code is required");
                None
            }
        };
        let title_id = non_empty(input.title_id.as_deref());
        if title_id.is_none() {
            errors.push("title_id", "required", "title_id is required");
        }
        let partner_ref = match &input.partner {
            None => {
                errors.push("partner", "required", "name the partner");
                None
            }
            Some(p) => match p.parse() {
                Ok(r) => Some(r),
                Err(e) => {
                    errors.extend_prefixed("partner.", e);
                    None
                }
            },
        };
        let objects: Vec<LegalObject> = parse_codes(&mut errors, "objects", &input.objects);
        let fields: Vec<UrusanCode> = parse_codes(&mut errors, "fields", &input.fields);
        let sdgs: Vec<SdgCode> = parse_codes(&mut errors, "sdgs", &input.sdgs);
        if let (Some(f), Some(s)) = (form, subtype)
            && !f.subtypes().contains(&s)
        {
            errors.push("subtype", "invalid_choice", format!("{s} is not a sub-type of {f}"));
        }
        let (Some(form), Some(subtype), Some(region_code), Some(title_id), Some(partner_ref)) =
            (form, subtype, region_code, title_id, partner_ref)
        else {
            return Err(AppError::Invalid(errors));
        };
        errors.finish(())?;
        let def = self.procedure_for(form, subtype)?;
        grant.check(grant.covers_region(&region_code), "a case for this region")?;
        let snapshot = self.reference();
        let Some(region) = snapshot.region(&region_code) else {
            return Err(AppError::invalid(
                "region_code",
                "unknown_reference",
                format!("there is no region {region_code}"),
            ));
        };
        // Reuse the agreement checks for fields and SDG codes.
        let probe = AgreementDraft {
            id: None,
            form,
            subtype,
            tier: DocumentTier::Mou,
            status: AgreementStatus::Draft,
            legal_basis: jalin_domain::legal_basis::current_for(form),
            legal_basis_note: None,
            title_id: title_id.clone(),
            title_en: None,
            title_partner: None,
            partner_language: None,
            description_id: None,
            description_en: None,
            description_partner: None,
            parties: vec![],
            objects: objects.clone(),
            other_object: None,
            fields: fields.clone(),
            sdgs: sdgs.clone(),
            signed_on: None,
            effective_on: None,
            expires_on: None,
            open_ended: false,
            amends: None,
            renews: None,
            source: None,
        };
        let mut errors = check_codes(&probe, &snapshot);
        let mut tx = self.store.write().await?;
        let mut resolver = PartyResolver::new(&snapshot, ctx.now);
        let region_ref = PartyRef::Region(region_code.clone());
        resolver
            .prefetch(tx.as_mut(), &[&region_ref, &partner_ref], false)
            .await?;
        let region_party = resolver.resolve(&region_ref, &mut errors, "region_code");
        let partner = resolver.resolve(&partner_ref, &mut errors, "partner");
        if let (Some(r), Some(p)) = (&region_party, &partner) {
            let composition = jalin_domain::agreement::check_parties(form, subtype, &[r.clone(), p.clone()]);
            for e in composition.0 {
                errors.push("partner", &e.code, e.message);
            }
        }
        errors.finish(())?;
        let (Some(_), Some(partner)) = (region_party, partner) else {
            return Err(AppError::Internal(anyhow::anyhow!(
                "party resolution returned nothing without errors"
            )));
        };
        let stored_partner = resolver
            .new_partners
            .iter()
            .find(|p| p.id == partner.partner_id)
            .cloned();
        let category = match &stored_partner {
            Some(p) => p.category,
            None => tx.partners().get(partner.partner_id).await?.and_then(|p| p.category),
        };
        let mut flags = Vec::new();
        if input.needs_dprd {
            flags.push(CaseFlag::NeedsDprd);
        }
        if input.uses_regional_assets {
            flags.push(CaseFlag::UsesRegionalAssets);
        }
        if category == Some(PartnerCategory::ForeignNonProfit) {
            flags.push(CaseFlag::ForeignNonProfit);
        }
        let case = Case {
            id: CaseId::new(),
            procedure: def.code.to_owned(),
            procedure_version: def.version,
            form,
            subtype,
            region_code: region_code.clone(),
            province_code: region.province_code.clone(),
            partner,
            title_id,
            title_en: non_empty(input.title_en.as_deref()),
            objects,
            other_object: non_empty(input.other_object.as_deref()),
            fields,
            sdgs,
            declarations: input.declarations.clone(),
            flags,
            state: def.initial.to_owned(),
            state_since: ctx.now,
            values: BTreeMap::new(),
            agreement_id: None,
            renews_case: None,
            renews_agreement: None,
            created_by: ctx.actor.label(),
            created_at: ctx.now,
            updated_at: ctx.now,
            version: 1,
        };
        let opened = CaseEvent {
            seq: 1,
            kind: EventKind::Opened,
            transition: None,
            from_state: None,
            to_state: Some(case.state.clone()),
            rule: None,
            outcome: None,
            actor: ctx.actor.label(),
            role: ctx.actor.role(),
            note: None,
            data: BTreeMap::new(),
            documents: Vec::new(),
            at: ctx.now,
            request_id: ctx.request_id.clone(),
        };
        tx.partners().insert(&resolver.new_partners).await?;
        tx.cases().insert(&case, &opened).await?;
        tx.audit()
            .append(
                &audit::event(ctx, codes::CASE_OPENED, "case", case.id)
                    .region(Some(&case.region_code))
                    .after(serde_json::json!({
                        "procedure": case.procedure,
                        "form": case.form.as_str(),
                        "subtype": case.subtype.as_str(),
                        "title_id": case.title_id,
                        "state": case.state,
                    })),
            )
            .await?;
        let mut keys = vec![crate::search::case_key(case.id)];
        keys.extend(resolver.new_partners.iter().map(|p| crate::search::partner_key(p.id)));
        crate::search::log(tx.as_mut(), keys, ctx.now).await?;
        tx.commit().await?;
        self.wake_search();
        tracing::info!(case = %case.id, procedure = def.code, actor = %ctx.actor.label(), "case opened");
        self.get_case(ctx, &case.id.to_string()).await
    }

    /// A case the grant reaches: 404 when there is none, 403 when it is out of scope.
    async fn load_case(&self, tx: &mut dyn Tx, grant: &Grant, id: &str) -> AppResult<Case> {
        let id: CaseId = id.parse().map_err(|_| AppError::NotFound(format!("case {id}")))?;
        let case = tx
            .cases()
            .get(id)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("case {id}")))?;
        grant.check(grant.covers_case(&case), "this case")?;
        Ok(case)
    }

    async fn case_view(&self, tx: &mut dyn Tx, ctx: &Ctx, case: Case) -> AppResult<CaseView> {
        let def = def_of(&case)?;
        let state = state_of(def, &case)?;
        let snapshot = self.reference();
        let documents = tx.cases().documents(case.id).await?;
        let history = tx.cases().events(case.id).await?;
        let kinds: Vec<DocumentKind> = documents.iter().map(|d| d.kind).collect();
        let evaluation = self
            .evaluate_case(tx, &snapshot, &case, &kinds, &case.values, &history, ctx.today)
            .await?;
        let timers: Vec<TimerView> = state
            .timers
            .iter()
            .map(|t| timer_view(t, &case, &snapshot, self, ctx.today))
            .collect();
        let expired: Vec<&str> = timers.iter().filter(|t| t.expired).map(|t| t.code.as_str()).collect();
        let region_is_province = case.region_code.is_province();
        let facts = CaseFacts {
            def,
            state: &case.state,
            region_is_province,
            flags: &case.flags,
            expired_timers: &expired,
            documents: &kinds,
            rules: &evaluation.results,
            config: &self.procedure,
        };
        let role = ctx.actor.role();
        let next_steps = engine::offered(&facts)
            .filter(|t| !t.roles.iter().all(|r| *r == Role::System))
            .map(|t| {
                let missing = engine::missing(t, &facts);
                let mut docs: Vec<DocumentKind> = t.documents.to_vec();
                docs.extend(t.conditional_documents.iter().map(|(d, _)| *d));
                NextStep {
                    transition: t.code.to_owned(),
                    label_id: t.label_id.to_owned(),
                    label_en: t.label_en.to_owned(),
                    article: t.article.to_owned(),
                    to: t.to.to_owned(),
                    roles: t.roles.to_vec(),
                    allowed_for_you: t.roles.contains(&role),
                    ready: missing.iter().all(|m| m.code == "missing_document"),
                    missing,
                    data: t.data.to_vec(),
                    documents: docs,
                }
            })
            .collect();
        let alerts = tx.cases().alerts(None, None, Some(case.id), 100).await?;
        let mut requirements: Vec<RuleResult> = eligibility::rules_for(case.form)
            .into_iter()
            .chain([
                RuleCode::LoiValid,
                RuleCode::DraftClauses,
                RuleCode::Term,
                RuleCode::ExtensionDeadline,
            ])
            .filter_map(|r| evaluation.results.get(&r).cloned())
            .collect();
        requirements.retain(|r| r.outcome != Outcome::NotApplicable || r.rule.as_str().starts_with('P'));
        Ok(CaseView {
            procedure: procedure_ref(def),
            stage: stage_view(state),
            next_steps,
            timers,
            requirements,
            documents,
            history,
            alerts,
            case,
        })
    }

    pub async fn get_case(&self, ctx: &Ctx, id: &str) -> AppResult<CaseView> {
        let grant = self.require(ctx, Action::CaseRead)?;
        let mut tx = self.store.read().await?;
        let case = self.load_case(tx.as_mut(), &grant, id).await?;
        self.case_view(tx.as_mut(), ctx, case).await
    }

    /// Cases the actor may see, newest change first.
    pub async fn list_cases(&self, ctx: &Ctx, mut filter: CaseFilter, page: Page) -> AppResult<Listing<CaseSummary>> {
        let grant = self.require(ctx, Action::CaseRead)?;
        match grant.scope() {
            Scope::OwnRegion => filter.region = grant.region_limit().0,
            Scope::OwnProvince => filter.province = grant.region_limit().1,
            Scope::Invited => filter.ids = Some(ctx.actor.user().map(|u| u.cases.clone()).unwrap_or_default()),
            Scope::All => {}
            Scope::Own => filter.ids = Some(Vec::new()),
        }
        let mut tx = self.store.read().await?;
        let listing = tx.cases().list(&filter, page).await?;
        let snapshot = self.reference();
        let mut items = Vec::with_capacity(listing.items.len());
        for case in listing.items {
            let def = def_of(&case)?;
            let state = state_of(def, &case)?;
            let next_deadline = state
                .timers
                .iter()
                .map(|t| timer_view(t, &case, &snapshot, self, ctx.today))
                .filter(|t| !t.expired)
                .filter_map(|t| t.deadline)
                .min();
            items.push(CaseSummary {
                stage: stage_view(state),
                next_deadline,
                case,
            });
        }
        Ok(Listing {
            items,
            total: listing.total,
        })
    }

    /// Fires a transition on a case. Refusals (illegal step, missing documents, failed
    /// requirements, wrong role) come back as [`AppError::Refused`] with every reason.
    pub async fn transition_case(&self, ctx: &Ctx, id: &str, input: &TransitionInput) -> AppResult<CaseView> {
        let grant = self.require(ctx, Action::CaseTransition)?;
        let mut tx = self.store.write().await?;
        let case = self.load_case(tx.as_mut(), &grant, id).await?;
        let case = self.apply_transition(tx.as_mut(), ctx, case, input).await?;
        tx.commit().await?;
        self.wake_search();
        self.get_case(ctx, &case.id.to_string()).await
    }

    /// The transition itself, inside a write transaction (also used by timers).
    pub(crate) async fn apply_transition(
        &self,
        tx: &mut dyn Tx,
        ctx: &Ctx,
        mut case: Case,
        input: &TransitionInput,
    ) -> AppResult<Case> {
        if let Some(expected) = input.expected_version
            && expected != case.version
        {
            return Err(AppError::VersionMismatch { current: case.version });
        }
        let def = def_of(&case)?;
        let snapshot = self.reference();
        let mut errors = FieldErrors::new();
        let mut new_docs = Vec::new();
        for (i, d) in input.documents.iter().enumerate() {
            let kind = errors.take(&format!("documents[{i}].kind"), d.kind.parse::<DocumentKind>());
            let issued_on = match non_empty(d.issued_on.as_deref()) {
                Some(v) => match parse_date(&v) {
                    Some(date) => Some(date),
                    None => {
                        errors.push(
                            format!("documents[{i}].issued_on"),
                            "invalid_date",
                            format!("'{v}' is not YYYY-MM-DD"),
                        );
                        None
                    }
                },
                None => None,
            };
            let file = match non_empty(d.file.as_deref()) {
                None => None,
                Some(sha) => match tx.cases().blob(&sha).await? {
                    Some((size, content_type)) => {
                        let format = jalin_domain::files::FileFormat::from_content_type(&content_type)
                            .unwrap_or(jalin_domain::files::FileFormat::Pdf);
                        let title = non_empty(d.title.as_deref());
                        let name = non_empty(d.filename.as_deref())
                            .or(title)
                            .unwrap_or_else(|| d.kind.clone());
                        Some(jalin_domain::case::DocumentFile {
                            sha256: sha,
                            size,
                            content_type,
                            filename: jalin_domain::files::clean_filename(&name, format),
                        })
                    }
                    None => {
                        errors.push(
                            format!("documents[{i}].file"),
                            "unknown_reference",
                            "no uploaded file has this SHA-256; upload it first",
                        );
                        None
                    }
                },
            };
            if let Some(kind) = kind {
                new_docs.push(CaseDocument {
                    id: DocumentId::new(),
                    case_id: case.id,
                    kind,
                    title: non_empty(d.title.as_deref()).unwrap_or_else(|| kind.describe().0.to_owned()),
                    number: non_empty(d.number.as_deref()),
                    issued_on,
                    event_seq: 0,
                    file,
                    added_by: ctx.actor.label(),
                    added_at: ctx.now,
                });
            }
        }
        errors.finish(())?;
        if let Some(d) = &input.declarations {
            case.declarations = d.clone();
        }
        let existing = tx.cases().documents(case.id).await?;
        let mut kinds: Vec<DocumentKind> = existing.iter().map(|d| d.kind).collect();
        kinds.extend(new_docs.iter().map(|d| d.kind));
        let mut values = case.values.clone();
        for (k, v) in &input.data {
            values.insert(k.clone(), v.trim().to_owned());
        }
        let events = tx.cases().events(case.id).await?;
        let evaluation = self
            .evaluate_case(tx, &snapshot, &case, &kinds, &values, &events, ctx.today)
            .await?;
        let state = state_of(def, &case)?;
        let timers: Vec<TimerView> = state
            .timers
            .iter()
            .map(|t| timer_view(t, &case, &snapshot, self, ctx.today))
            .collect();
        let expired: Vec<&str> = timers.iter().filter(|t| t.expired).map(|t| t.code.as_str()).collect();
        let facts = CaseFacts {
            def,
            state: &case.state,
            region_is_province: case.region_code.is_province(),
            flags: &case.flags,
            expired_timers: &expired,
            documents: &kinds,
            rules: &evaluation.results,
            config: &self.procedure,
        };
        let role = ctx.actor.role();
        let (t, next) = engine::check(&facts, &input.transition, role, &input.data).map_err(AppError::Refused)?;
        let seq = events.last().map(|e| e.seq).unwrap_or(0) + 1;
        for d in &mut new_docs {
            d.event_seq = seq;
        }
        let event = CaseEvent {
            seq,
            kind: EventKind::Transition,
            transition: Some(t.code.to_owned()),
            from_state: Some(case.state.clone()),
            to_state: Some(t.to.to_owned()),
            rule: None,
            outcome: None,
            actor: ctx.actor.label(),
            role,
            note: non_empty(input.note.as_deref()),
            data: input.data.clone(),
            documents: new_docs.iter().map(|d| d.id).collect(),
            at: ctx.now,
            request_id: ctx.request_id.clone(),
        };
        let expected_version = case.version;
        for key in PERSISTENT_VALUES {
            if let Some(v) = input.data.get(*key) {
                case.values.insert((*key).to_owned(), v.trim().to_owned());
            }
        }
        if let Some(v) = input.data.get("new_expires_on") {
            case.values.insert("expires_on".to_owned(), v.trim().to_owned());
        }
        if case.state != t.to {
            case.state_since = ctx.now;
        }
        case.state = t.to.to_owned();
        case.updated_at = ctx.now;
        case.version += 1;
        self.registry_effects(tx, ctx, &mut case, t.code, next).await?;
        tx.cases()
            .record(&case, expected_version, &event, &new_docs)
            .await
            .map_err(|e| match e {
                StoreError::Conflict(_) => AppError::VersionMismatch {
                    current: expected_version + 1,
                },
                other => other.into(),
            })?;
        tx.audit()
            .append(
                &audit::event(ctx, codes::CASE_TRANSITIONED, "case", case.id)
                    .region(Some(&case.region_code))
                    .after(serde_json::json!({
                        "transition": t.code,
                        "from": event.from_state,
                        "to": t.to,
                        "note": event.note,
                        "data": input.data,
                        "version": case.version,
                    })),
            )
            .await?;
        for d in &new_docs {
            tx.audit()
                .append(
                    &audit::event(ctx, codes::DOCUMENT_UPLOADED, "case", case.id)
                        .region(Some(&case.region_code))
                        .after(serde_json::json!({
                            "document": d.id.to_string(),
                            "kind": d.kind.as_str(),
                            "title": d.title,
                            "number": d.number,
                        })),
                )
                .await?;
        }
        self.side_effects(tx, ctx, &case, t.code, &input.data).await?;
        let mut keys = vec![crate::search::case_key(case.id)];
        keys.extend(new_docs.iter().map(|d| crate::search::document_key(case.id, d.id)));
        keys.extend(case.agreement_id.map(crate::search::agreement_key));
        crate::search::log(tx, keys, ctx.now).await?;
        tracing::info!(case = %case.id, transition = t.code, to = t.to, actor = %ctx.actor.label(), "case moved");
        Ok(case)
    }

    /// Keeps the registry in step: signing creates the agreement, expiry and termination
    /// close it, a simple extension moves its expiry.
    async fn registry_effects(
        &self,
        tx: &mut dyn Tx,
        ctx: &Ctx,
        case: &mut Case,
        transition: &str,
        next: &StateDef,
    ) -> AppResult<()> {
        let Some(status) = next.registry_status else {
            return Ok(());
        };
        match case.agreement_id {
            None if status == AgreementStatus::InForce => {
                let agreement = self.agreement_from_case(tx, ctx, case).await?;
                case.agreement_id = Some(agreement.id);
                tx.agreements().insert(std::slice::from_ref(&agreement)).await?;
                tx.audit()
                    .append(
                        &audit::event(ctx, codes::AGREEMENT_CREATED, "agreement", agreement.id)
                            .region(Some(&case.region_code))
                            .after(crate::agreements::summary(&agreement)),
                    )
                    .await?;
            }
            None => {}
            Some(id) => {
                let Some(current) = tx.agreements().get(id).await? else {
                    return Ok(());
                };
                let mut updated = current.clone();
                updated.status = status;
                if transition == "setujui_perpanjangan"
                    && let Some(e) = case.value_date("expires_on")
                {
                    updated.expires_on = Some(e);
                }
                if updated != current {
                    updated.updated_at = ctx.now;
                    updated.version = current.version + 1;
                    tx.agreements().update(&updated, current.version).await?;
                    let before =
                        serde_json::json!({"status": current.status.as_str(), "expires_on": current.expires_on});
                    let after =
                        serde_json::json!({"status": updated.status.as_str(), "expires_on": updated.expires_on});
                    tx.audit()
                        .append(
                            &audit::event(ctx, codes::AGREEMENT_UPDATED, "agreement", id)
                                .region(Some(&case.region_code))
                                .changes(&before, &after),
                        )
                        .await?;
                }
            }
        }
        Ok(())
    }

    async fn agreement_from_case(&self, tx: &mut dyn Tx, ctx: &Ctx, case: &Case) -> AppResult<Agreement> {
        let def = def_of(case)?;
        let region_partner = tx
            .partners()
            .find(&crate::ports::store::PartnerIdentity::Region(case.region_code.clone()))
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("region partner of case {} is missing", case.id)))?;
        let region_party = Party {
            partner_id: region_partner.id,
            kind: PartnerKind::IndonesianRegion,
            name: region_partner.name,
            region_code: Some(case.region_code.clone()),
            province_code: Some(case.province_code.clone()),
            country_iso2: region_partner.country_iso2,
            geonameid: None,
            subdivision_code: None,
        };
        let signed_on = case.value_date("signed_on");
        let basis = jalin_domain::legal_basis::find(def.legal_basis)
            .unwrap_or(jalin_domain::legal_basis::current_for(case.form));
        let draft = AgreementDraft {
            id: None,
            form: case.form,
            subtype: case.subtype,
            tier: if case.form.is_foreign() {
                DocumentTier::Mou
            } else {
                DocumentTier::Pks
            },
            status: AgreementStatus::InForce,
            legal_basis: basis,
            legal_basis_note: None,
            title_id: case.title_id.clone(),
            title_en: case.title_en.clone(),
            title_partner: None,
            partner_language: None,
            description_id: None,
            description_en: None,
            description_partner: None,
            parties: vec![],
            objects: case.objects.clone(),
            other_object: case.other_object.clone(),
            fields: case.fields.clone(),
            sdgs: case.sdgs.clone(),
            signed_on,
            effective_on: signed_on,
            expires_on: case.value_date("expires_on"),
            open_ended: false,
            amends: None,
            renews: case.renews_agreement,
            source: Some(format!("Jalin case {}", case.id)),
        };
        Ok(draft.into_agreement(
            AgreementId::new(),
            vec![region_party, case.partner.clone()],
            false,
            ctx.now,
            ctx.now,
            1,
        ))
    }

    async fn side_effects(
        &self,
        tx: &mut dyn Tx,
        ctx: &Ctx,
        case: &Case,
        transition: &str,
        data: &BTreeMap<String, String>,
    ) -> AppResult<()> {
        match transition {
            "kirim_laporan_tahunan" => {
                if let Some(year) = data.get("report_year").and_then(|y| y.trim().parse::<i32>().ok()) {
                    tx.cases()
                        .add_annual_report(&case.region_code, year, case.id, ctx.now)
                        .await?;
                }
            }
            "catat_kegiatan" => {
                if let (Some(agreement), Some(on)) =
                    (case.agreement_id, data.get("activity_on").and_then(|d| parse_date(d)))
                {
                    tx.cases()
                        .add_activity(&Activity {
                            id: uuid::Uuid::now_v7(),
                            agreement_id: agreement,
                            case_id: Some(case.id),
                            occurred_on: on,
                            title: data.get("activity_title").cloned().unwrap_or_default(),
                            created_by: ctx.actor.label(),
                            created_at: ctx.now,
                        })
                        .await?;
                }
            }
            "mulai_pembaruan" => {
                self.open_renewal(tx, ctx, case).await?;
            }
            _ => {}
        }
        // A renewal that comes into force ends the agreement it replaces (Pasal 34 huruf c).
        if let (Some(old_case), Some(def)) = (
            case.renews_case,
            definitions::find(&case.procedure, case.procedure_version),
        ) && def
            .state(&case.state)
            .is_some_and(|s| s.registry_status == Some(AgreementStatus::InForce))
            && let Some(old) = tx.cases().get(old_case).await?
            && def_of(&old)?
                .state(&old.state)
                .is_some_and(|s| s.phase == Phase::InForce)
        {
            let system = Ctx {
                actor: crate::ctx::Actor::System("renewal".to_owned()),
                ..ctx.clone()
            };
            let input = TransitionInput {
                transition: "akhiri".to_owned(),
                documents: vec![DocumentInput {
                    kind: DocumentKind::DokumenPengakhiran.as_str().to_owned(),
                    title: Some(format!("Digantikan oleh kasus {}", case.id)),
                    ..Default::default()
                }],
                data: BTreeMap::from([("termination_ground".to_owned(), "replaced_by_new_agreement".to_owned())]),
                note: Some(format!("Replaced by the agreement of case {}", case.id)),
                ..Default::default()
            };
            Box::pin(self.apply_transition(tx, &system, old, &input)).await?;
        }
        Ok(())
    }

    /// Opens the renewal case of an extension that goes through all stages again.
    async fn open_renewal(&self, tx: &mut dyn Tx, ctx: &Ctx, old: &Case) -> AppResult<()> {
        let def = def_of(old)?;
        let start = if def.state("rencana_disusun").is_some() && def.code == definitions::FOREIGN.code {
            "rencana_disusun"
        } else {
            def.initial
        };
        let renewal = Case {
            id: CaseId::new(),
            state: start.to_owned(),
            state_since: ctx.now,
            values: BTreeMap::new(),
            agreement_id: None,
            renews_case: Some(old.id),
            renews_agreement: old.agreement_id,
            title_id: format!("Pembaruan: {}", old.title_id),
            title_en: old.title_en.as_ref().map(|t| format!("Renewal: {t}")),
            created_by: ctx.actor.label(),
            created_at: ctx.now,
            updated_at: ctx.now,
            version: 1,
            ..old.clone()
        };
        let opened = CaseEvent {
            seq: 1,
            kind: EventKind::Opened,
            transition: None,
            from_state: None,
            to_state: Some(start.to_owned()),
            rule: None,
            outcome: None,
            actor: ctx.actor.label(),
            role: ctx.actor.role(),
            note: Some(format!("Renewal of case {}", old.id)),
            data: BTreeMap::new(),
            documents: Vec::new(),
            at: ctx.now,
            request_id: ctx.request_id.clone(),
        };
        tx.cases().insert(&renewal, &opened).await?;
        crate::search::log(tx, vec![crate::search::case_key(renewal.id)], ctx.now).await?;
        tx.audit()
            .append(
                &audit::event(ctx, codes::CASE_OPENED, "case", renewal.id)
                    .region(Some(&renewal.region_code))
                    .after(serde_json::json!({
                        "procedure": renewal.procedure,
                        "renews_case": old.id.to_string(),
                        "title_id": renewal.title_id,
                        "state": renewal.state,
                    })),
            )
            .await?;
        Ok(())
    }

    /// Records a person's decision on a requirement: an attestation (pass/fail) by a role
    /// allowed to attest, or a waiver by a role allowed to waive (with a reason).
    pub async fn decide_requirement(&self, ctx: &Ctx, id: &str, input: &DecisionInput) -> AppResult<CaseView> {
        let grant = self.require(ctx, Action::CaseDecide)?;
        let mut errors = FieldErrors::new();
        let rule = errors.take("rule", input.rule.parse::<RuleCode>());
        let outcome = match input.outcome.trim() {
            "pass" => Some(Outcome::Pass),
            "fail" => Some(Outcome::Fail),
            "waived" => Some(Outcome::Waived),
            other => {
                errors.push(
                    "outcome",
                    "invalid_choice",
                    format!("'{other}' is not one of: pass, fail, waived"),
                );
                None
            }
        };
        let reason = non_empty(input.reason.as_deref());
        if outcome == Some(Outcome::Waived) && reason.is_none() {
            errors.push("reason", "required", "a waiver needs its reason");
        }
        errors.finish(())?;
        let (Some(rule), Some(outcome)) = (rule, outcome) else {
            return Err(AppError::Internal(anyhow::anyhow!("decision parsed without values")));
        };
        let def = eligibility::rule(rule);
        let role = ctx.actor.role();
        let allowed = if outcome == Outcome::Waived {
            def.waivable_by
        } else {
            def.attested_by
        };
        if !allowed.contains(&role) {
            let who: Vec<&str> = allowed.iter().map(|r| r.as_str()).collect();
            return Err(AppError::Refused(vec![Refusal {
                code: "role_not_allowed".to_owned(),
                message_id: if allowed.is_empty() {
                    format!(
                        "Persyaratan {rule} tidak dapat {}.",
                        if outcome == Outcome::Waived {
                            "dikecualikan"
                        } else {
                            "diputuskan secara manual"
                        }
                    )
                } else {
                    format!("Hanya {} yang dapat memutuskan persyaratan {rule}.", who.join(", "))
                },
                message_en: if allowed.is_empty() {
                    format!(
                        "Requirement {rule} cannot be {}.",
                        if outcome == Outcome::Waived {
                            "waived"
                        } else {
                            "decided by hand"
                        }
                    )
                } else {
                    format!("Only {} may decide requirement {rule}.", who.join(", "))
                },
                article: def.article.to_owned(),
            }]));
        }
        let mut tx = self.store.write().await?;
        let mut case = self.load_case(tx.as_mut(), &grant, id).await?;
        if let Some(expected) = input.expected_version
            && expected != case.version
        {
            return Err(AppError::VersionMismatch { current: case.version });
        }
        let events = tx.cases().events(case.id).await?;
        let seq = events.last().map(|e| e.seq).unwrap_or(0) + 1;
        let event = CaseEvent {
            seq,
            kind: EventKind::Decision,
            transition: None,
            from_state: Some(case.state.clone()),
            to_state: Some(case.state.clone()),
            rule: Some(rule),
            outcome: Some(outcome),
            actor: ctx.actor.label(),
            role,
            note: reason,
            data: BTreeMap::new(),
            documents: Vec::new(),
            at: ctx.now,
            request_id: ctx.request_id.clone(),
        };
        let expected_version = case.version;
        case.version += 1;
        case.updated_at = ctx.now;
        tx.cases()
            .record(&case, expected_version, &event, &[])
            .await
            .map_err(|e| match e {
                StoreError::Conflict(_) => AppError::VersionMismatch {
                    current: expected_version + 1,
                },
                other => other.into(),
            })?;
        tx.audit()
            .append(
                &audit::event(ctx, codes::CASE_DECIDED, "case", case.id)
                    .region(Some(&case.region_code))
                    .after(serde_json::json!({
                        "rule": rule.as_str(),
                        "outcome": outcome,
                        "reason": event.note,
                        "version": case.version,
                    })),
            )
            .await?;
        crate::search::log(tx.as_mut(), vec![crate::search::case_key(case.id)], ctx.now).await?;
        tx.commit().await?;
        self.get_case(ctx, id).await
    }

    /// Evaluates a proposed cooperation against the requirements, without opening a case.
    pub async fn evaluate_proposal(&self, ctx: &Ctx, input: &ProposalInput) -> AppResult<EligibilityReport> {
        self.require(ctx, Action::EligibilityEvaluate)?;
        let mut errors = FieldErrors::new();
        let form = non_empty(input.form.as_deref()).and_then(|f| errors.take("form", f.parse::<Form>()));
        if input.form.is_none() {
            errors.push("form", "required", "form is required");
        }
        let subtype = non_empty(input.subtype.as_deref()).and_then(|f| errors.take("subtype", f.parse::<SubType>()));
        if input.subtype.is_none() {
            errors.push("subtype", "required", "subtype is required");
        }
        let region_code =
            non_empty(input.region_code.as_deref()).and_then(|f| errors.take("region_code", f.parse::<RegionCode>()));
        if input.region_code.is_none() {
            errors.push("region_code", "required", "region_code is required");
        }
        let partner_ref = match &input.partner {
            None => {
                errors.push("partner", "required", "name the partner");
                None
            }
            Some(p) => match p.parse() {
                Ok(r) => Some(r),
                Err(e) => {
                    errors.extend_prefixed("partner.", e);
                    None
                }
            },
        };
        let objects: Vec<LegalObject> = parse_codes(&mut errors, "objects", &input.objects);
        let field_codes: Vec<UrusanCode> = parse_codes(&mut errors, "fields", &input.fields);
        errors.finish(())?;
        let (Some(form), Some(subtype), Some(region_code), Some(partner_ref)) =
            (form, subtype, region_code, partner_ref)
        else {
            return Err(AppError::Internal(anyhow::anyhow!("proposal parsed without values")));
        };
        if !form.subtypes().contains(&subtype) {
            return Err(AppError::invalid(
                "subtype",
                "invalid_choice",
                format!("{subtype} is not a sub-type of {form}"),
            ));
        }
        let snapshot = self.reference();
        let mut tx = self.store.read().await?;
        let mut resolver = PartyResolver::new(&snapshot, ctx.now);
        resolver.prefetch(tx.as_mut(), &[&partner_ref], false).await?;
        let mut resolve_errors = FieldErrors::new();
        let party = resolver.resolve(&partner_ref, &mut resolve_errors, "partner");
        let Some(party) = party else {
            return Err(AppError::Invalid(resolve_errors));
        };
        let partner = match resolver.new_partners.iter().find(|p| p.id == party.partner_id) {
            Some(p) => Some(p.clone()),
            None => tx.partners().get(party.partner_id).await?,
        };
        let fields: Vec<_> = field_codes
            .iter()
            .filter_map(|f| snapshot.urusan.get(f.as_str()))
            .collect();
        let unknown_fields: Vec<String> = field_codes
            .iter()
            .filter(|f| !snapshot.urusan.contains_key(f.as_str()))
            .map(|f| f.to_string())
            .collect();
        let annual = self.annual_report_status(tx.as_mut(), &region_code, ctx.today).await?;
        let facts = Facts {
            form,
            subtype,
            region: snapshot.region(&region_code),
            partner: partner_facts(&snapshot, &party, partner.as_ref()),
            objects: &objects,
            other_object: input.other_object.as_deref(),
            fields,
            unknown_fields,
            declarations: &input.declarations,
            documents: &[],
            dprd_deemed: false,
            annual_report_sent: annual,
            loi_signed_on: None,
            signed_on: None,
            expires_on: None,
            extension: None,
            renewal: false,
            today: ctx.today,
        };
        let results: Vec<RuleResult> = eligibility::rules_for(form)
            .into_iter()
            .map(|r| eligibility::evaluate(r, &facts))
            .collect();
        Ok(EligibilityReport {
            eligible: results.iter().all(|r| r.outcome != Outcome::Fail),
            procedure: definitions::for_case(form, subtype).map(procedure_ref),
            results,
        })
    }
}

/// Whether a relation value blocks foreign cooperation outright (for quick UI hints).
pub fn blocks_foreign_cooperation(relations: DiplomaticRelations) -> bool {
    matches!(relations, DiplomaticRelations::No | DiplomaticRelations::Itself)
}
