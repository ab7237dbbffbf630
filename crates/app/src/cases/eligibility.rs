//! Eligibility of a case or a proposal: the facts the rules read, recorded decisions on
//! requirements, and the rules' outcomes.

#[allow(unused_imports)]
use super::inputs::*;
#[allow(unused_imports)]
use super::support::*;
#[allow(unused_imports)]
use super::views::*;
use super::*;
use crate::audit::{self, NewAuditEventExt};
use crate::authz::require;
use crate::ctx::Ctx;
use crate::ports::store::{AgreementFilter, Page, StoreError, Tx};
use crate::reference::ReferenceSnapshot;
use crate::registry::resolve::PartyResolver;
use crate::{AppError, AppResult};
use jalin_domain::FieldErrors;
use jalin_domain::agreement::{Form, LegalObject, Party, PartyRef, SubType};
use jalin_domain::audit::codes;
use jalin_domain::authz::Action;
use jalin_domain::case::{Case, CaseEvent, Decision, EventKind};
use jalin_domain::codes::{RegionCode, UrusanCode};
use jalin_domain::documents::DocumentKind;
use jalin_domain::eligibility::{self, Facts, Outcome, PartnerFacts, RuleCode, RuleResult};
use jalin_domain::partner::{ForeignLevel, Partner};
use jalin_domain::procedure::engine::Refusal;
use jalin_domain::procedure::{ProcedureDef, definitions};
use jalin_domain::reference::DiplomaticRelations;
use jalin_domain::role::Role;
use jalin_domain::text::non_empty;
use std::collections::BTreeMap;
use time::Date;

/// The partner facts eligibility needs.
pub(super) fn partner_facts(snapshot: &ReferenceSnapshot, party: &Party, partner: Option<&Partner>) -> PartnerFacts {
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
pub(super) fn decisions(events: &[CaseEvent]) -> BTreeMap<RuleCode, Decision> {
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
pub(super) fn apply_decision(mut r: RuleResult, d: Option<&Decision>) -> RuleResult {
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

pub(super) struct Evaluation {
    pub(super) results: BTreeMap<RuleCode, RuleResult>,
    /// The results from the facts alone, before any person's decision.
    pub(super) automatic: BTreeMap<RuleCode, RuleResult>,
}

impl Cases {
    pub(super) fn procedure_for(&self, form: Form, subtype: SubType) -> AppResult<&'static ProcedureDef> {
        definitions::for_case(form, subtype).ok_or_else(|| {
            AppError::invalid(
                "subtype",
                "invalid_choice",
                format!("no procedure for {form} {subtype}"),
            )
        })
    }

    /// Whether the region had foreign cooperation in force last year, and if so whether it
    /// reported on it (Permendagri 25/2020 Pasal 38): either through a case's report step
    /// (`annual_reports`), or by filing (submitting, or having accepted) last year's annual
    /// report on every foreign agreement of the region in force then (`reports`).
    pub(crate) async fn annual_report_status(
        &self,
        tx: &mut dyn Tx,
        region: &RegionCode,
        today: Date,
    ) -> AppResult<Option<bool>> {
        let last_year = today.year() - 1;
        let period = jalin_domain::monitoring::report::ReportPeriod::annual(last_year);
        let mut owed = Vec::new();
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
            owed.extend(
                listing
                    .items
                    .iter()
                    .filter(|a| {
                        jalin_domain::monitoring::report::in_force_during(a, period.starts_on(), period.ends_on())
                    })
                    .map(|a| a.id),
            );
        }
        if owed.is_empty() {
            return Ok(None);
        }
        if tx.cases().annual_report_years(region).await?.contains(&last_year) {
            return Ok(Some(true));
        }
        let filed = tx.reports().filed_annual_reports(region).await?;
        Ok(Some(owed.iter().all(|id| filed.contains(&(*id, last_year)))))
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) async fn evaluate_case(
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
            dprd_required: (!case.form.is_foreign())
                .then(|| case.has_flag(jalin_domain::procedure::CaseFlag::NeedsDprd)),
            annual_report_sent: annual,
            loi_signed_on: value("loi_signed_on"),
            signed_on: value("signed_on"),
            expires_on: value("new_expires_on").or(value("expires_on")),
            extension,
            renewal: case.renews_case.is_some() || case.renews.is_some(),
            today,
        };
        let decided = decisions(events);
        let mut results = BTreeMap::new();
        let mut automatic = BTreeMap::new();
        for r in eligibility::RULES {
            let auto = eligibility::evaluate(r.code, &facts);
            automatic.insert(r.code, auto.clone());
            results.insert(r.code, apply_decision(auto, decided.get(&r.code)));
        }
        Ok(Evaluation { results, automatic })
    }

    /// Records a person's decision on a requirement: an attestation (pass/fail) by a role
    /// allowed to attest, or a waiver by a role allowed to waive (with a reason).
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn decide_requirement(&self, ctx: &Ctx, id: &str, input: &DecisionInput) -> AppResult<CaseView> {
        let grant = require(ctx, Action::CaseDecide)?;
        let (rule, outcome, reason) = parse_decision(input)?;
        let role = ctx.actor.role();
        check_decider(rule, outcome, role)?;
        let mut tx = self.store.write().await?;
        let mut case = self.load_case(tx.as_mut(), &grant, id).await?;
        if let Some(expected) = input.expected_version
            && expected != case.version
        {
            return Err(AppError::VersionMismatch { current: case.version });
        }
        let events = tx.cases().events(case.id).await?;
        self.check_decision_has_effect(tx.as_mut(), ctx, &case, &events, rule, outcome)
            .await?;
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

    /// Refuses (422) a decision that would be recorded without effect: an attestation of a
    /// rule Jalin evaluates itself, a decision on a rule that does not apply or is checked
    /// later, a waiver of a rule that does not fail. The message names the rule's article.
    async fn check_decision_has_effect(
        &self,
        tx: &mut dyn Tx,
        ctx: &Ctx,
        case: &Case,
        events: &[CaseEvent],
        rule: RuleCode,
        outcome: Outcome,
    ) -> AppResult<()> {
        let snapshot = self.reference();
        let kinds: Vec<DocumentKind> = tx.cases().documents(case.id).await?.iter().map(|d| d.kind).collect();
        let evaluation = self
            .evaluate_case(tx, &snapshot, case, &kinds, &case.values, events, ctx.today)
            .await?;
        let Some(auto) = evaluation.automatic.get(&rule) else {
            return Ok(());
        };
        let probe = Decision {
            rule,
            outcome,
            actor: ctx.actor.label(),
            role: ctx.actor.role(),
            reason: None,
            at: ctx.now,
        };
        if apply_decision(auto.clone(), Some(&probe)).decided_by.is_some() {
            return Ok(());
        }
        let def = eligibility::rule(rule);
        let article = auto.article;
        let (code, message) = match (outcome, auto.outcome) {
            (_, Outcome::NotApplicable) => (
                "not_applicable",
                format!(
                    "{rule} does not apply to this case: {} ({article})",
                    auto.explanation_en
                ),
            ),
            (_, Outcome::Pending) => (
                "not_yet_decidable",
                format!(
                    "{rule} is checked at a later stage: {} ({article})",
                    auto.explanation_en
                ),
            ),
            (Outcome::Waived, current) => (
                "nothing_to_waive",
                format!(
                    "{rule} is {} now: only a failed requirement, or one that needs review, can be waived ({article})",
                    serde_json::to_value(current)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default()
                ),
            ),
            _ if def.mode == eligibility::Mode::Automatic => (
                "evaluated_by_system",
                format!(
                    "{rule} is evaluated by Jalin from the case's data: {} A decision would have no effect ({article})",
                    auto.explanation_en
                ),
            ),
            _ => (
                "no_effect",
                format!("a decision on {rule} would have no effect now ({article})"),
            ),
        };
        Err(AppError::invalid("rule", code, message))
    }

    /// Evaluates a proposed cooperation against the requirements, without opening a case.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn evaluate_proposal(&self, ctx: &Ctx, input: &ProposalInput) -> AppResult<EligibilityReport> {
        require(ctx, Action::EligibilityEvaluate)?;
        let ParsedProposal {
            form,
            subtype,
            region_code,
            partner_ref,
            objects,
            field_codes,
        } = parse_proposal(input)?;
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
            dprd_required: None,
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

/// The requirement, the outcome and the reason of a decision; a waiver needs its reason.
fn parse_decision(input: &DecisionInput) -> AppResult<(RuleCode, Outcome, Option<String>)> {
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
    Ok((rule, outcome, reason))
}

/// Refuses a decision by a role that may not attest (or waive) the requirement.
fn check_decider(rule: RuleCode, outcome: Outcome, role: Role) -> AppResult<()> {
    let def = eligibility::rule(rule);
    let allowed = if outcome == Outcome::Waived {
        def.waivable_by
    } else {
        def.attested_by
    };
    if allowed.contains(&role) {
        return Ok(());
    }
    let who: Vec<&str> = allowed.iter().map(|r| r.as_str()).collect();
    Err(AppError::Refused(vec![Refusal {
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
    }]))
}

/// A proposal that passed the format checks.
struct ParsedProposal {
    form: Form,
    subtype: SubType,
    region_code: RegionCode,
    partner_ref: PartyRef,
    objects: Vec<LegalObject>,
    field_codes: Vec<UrusanCode>,
}

/// The format checks of a proposal, every problem reported at once, then the sub-type's.
fn parse_proposal(input: &ProposalInput) -> AppResult<ParsedProposal> {
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
    let (Some(form), Some(subtype), Some(region_code), Some(partner_ref)) = (form, subtype, region_code, partner_ref)
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
    Ok(ParsedProposal {
        form,
        subtype,
        region_code,
        partner_ref,
        objects,
        field_codes,
    })
}

/// Whether a relation value blocks foreign cooperation outright (for quick UI hints).
pub fn blocks_foreign_cooperation(relations: DiplomaticRelations) -> bool {
    matches!(relations, DiplomaticRelations::No | DiplomaticRelations::Itself)
}
