//! What the cases context answers: a case with its stage, the next steps, timers and
//! eligibility; case summaries for lists.

#[allow(unused_imports)]
use super::eligibility::*;
#[allow(unused_imports)]
use super::inputs::*;
#[allow(unused_imports)]
use super::support::*;
use super::*;
use crate::authz::Grant;
use crate::authz::require;
use crate::ctx::Ctx;
use crate::ports::store::{CaseFilter, Listing, Page, Tx};
use crate::reference::ReferenceSnapshot;
use crate::{AppError, AppResult};
use jalin_domain::authz::{Action, Scope};
use jalin_domain::calendar::{DayUnit, Deadline};
use jalin_domain::case::{Alert, Case, CaseDocument, CaseEvent};
use jalin_domain::documents::DocumentKind;
use jalin_domain::eligibility::{self, Outcome, RuleCode, RuleResult};
use jalin_domain::ids::CaseId;
use jalin_domain::procedure::engine::{self, CaseFacts, Refusal};
use jalin_domain::procedure::{
    DataField, Holder, Phase, ProcedureDef, Side, StateDef, TimerDef, TimerEffect, TimerStart,
};
use jalin_domain::role::Role;
use serde::Serialize;
use time::{Date, Duration};

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
    /// Which Indonesian party takes the step (`partner_region`: the other region of a KSDD
    /// case).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub side: Side,
    /// Whether the current user's role (and side) may take this step.
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

pub(super) fn stage_view(s: &StateDef) -> StageView {
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

/// One timer of a state for a case.
pub(crate) fn timer_view(
    t: &TimerDef,
    case: &Case,
    snapshot: &ReferenceSnapshot,
    cases: &Cases,
    today: Date,
) -> TimerView {
    let unit = if t.configurable_unit {
        cases.procedure.domestic_day_unit
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

impl Cases {
    /// A case the grant reaches: 404 when there is none, 403 when it is out of scope.
    pub(super) async fn load_case(&self, tx: &mut dyn Tx, grant: &Grant, id: &str) -> AppResult<Case> {
        let id: CaseId = id.parse().map_err(|_| AppError::NotFound(format!("case {id}")))?;
        let case = tx
            .cases()
            .get(id)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("case {id}")))?;
        grant.check(grant.covers_case(&case), "this case")?;
        Ok(case)
    }

    pub(super) async fn case_view(&self, tx: &mut dyn Tx, ctx: &Ctx, case: Case) -> AppResult<CaseView> {
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
            side: require(ctx, Action::CaseRead)
                .map(|g| g.side_in(&case))
                .unwrap_or(Side::Region),
        };
        let role = ctx.actor.role();
        let regional = matches!(role, Role::RegionalOfficer | Role::RegionalApprover);
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
                    allowed_for_you: t.roles.contains(&role) && (!regional || t.side == facts.side),
                    side: t.side,
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

    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn get_case(&self, ctx: &Ctx, id: &str) -> AppResult<CaseView> {
        let grant = require(ctx, Action::CaseRead)?;
        let mut tx = self.store.read().await?;
        let case = self.load_case(tx.as_mut(), &grant, id).await?;
        self.case_view(tx.as_mut(), ctx, case).await
    }

    /// Cases the actor may see, newest change first.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn list_cases(&self, ctx: &Ctx, mut filter: CaseFilter, page: Page) -> AppResult<Listing<CaseSummary>> {
        let grant = require(ctx, Action::CaseRead)?;
        match grant.scope() {
            Scope::OwnRegion => filter.region = grant.region_limit().0,
            Scope::OwnProvince => filter.province = grant.region_limit().1,
            _ => {}
        }
        // A KSDD case is also its partner region's (Grant::covers_case).
        filter.with_partner_region = matches!(grant.scope(), Scope::OwnRegion | Scope::OwnProvince);
        match grant.scope() {
            Scope::OwnRegion | Scope::OwnProvince => {}
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
}
