//! A case's page: stage tracker, steps the reader may take, requirements, documents and
//! history; and the decisions on its requirements.

use super::{RuleView, outcome_code, rule_views};
use crate::AppState;
use crate::auth::Caller;
use crate::i18n::Tr;
use crate::pages::form::filled;
use crate::pages::views::country_name;
use crate::pages::{Layout, OrPage, PageError, PageResult, field_error_lines, render, render_with_status};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect};
use axum_extra::extract::Form;
use jalin_app::AppError;
use jalin_app::cases::{CaseView, DecisionInput, NextStep};
use jalin_app::reference::ReferenceSnapshot;
use jalin_domain::case::{Case, CaseDocument, CaseEvent};
use jalin_domain::documents::DocumentKind;
use jalin_domain::eligibility::{REQUIRED_CLAUSES, RuleCode};
use jalin_domain::procedure::engine::Refusal;
use jalin_domain::procedure::funding::{DPRD_FUNDING_ARTICLE, Funding};
use jalin_domain::procedure::{DataField, DataKind, Phase, ProcedureDef, Side, definitions};
use serde::Deserialize;

pub struct PhaseView {
    pub label: String,
    /// `done`, `current` or `todo`.
    pub status: &'static str,
}

pub struct FieldInput {
    pub key: String,
    pub label: String,
    pub input_type: &'static str,
    pub required: bool,
    pub choices: Vec<String>,
}

pub struct DocInput {
    pub kind: String,
    pub label: String,
    pub on_file: bool,
}

pub struct StepView {
    pub transition: String,
    pub label: String,
    pub article: String,
    pub roles: String,
    pub allowed: bool,
    pub ready: bool,
    pub missing: Vec<String>,
    pub data: Vec<FieldInput>,
    pub documents: Vec<DocInput>,
    pub clauses: Vec<(String, String, bool)>,
}

pub struct DocumentView {
    pub kind: String,
    pub title: String,
    pub number: String,
    pub issued: String,
    pub added: String,
    pub download: Option<String>,
    pub filename: String,
}

pub struct TimerRow {
    pub label: String,
    pub deadline: String,
    pub expired: bool,
    pub article: String,
}

pub struct HistoryRow {
    pub when: String,
    pub who: String,
    pub what: String,
    pub note: String,
}

#[derive(Template)]
#[template(path = "case.html")]
pub struct CasePage {
    pub t: Tr,
    pub layout: Layout,
    pub id: String,
    pub version: i64,
    pub title: String,
    pub region: String,
    pub region_href: String,
    pub partner: String,
    pub procedure: String,
    pub stage: String,
    pub stage_article: String,
    pub holder: String,
    pub phases: Vec<PhaseView>,
    pub steps: Vec<StepView>,
    pub timers: Vec<TimerRow>,
    pub rules: Vec<RuleView>,
    pub documents: Vec<DocumentView>,
    pub history: Vec<HistoryRow>,
    pub agreement_href: Option<String>,
    /// The registry agreement the case renews, with its title.
    pub renews_href: Option<String>,
    pub renews_title: String,
    /// The renewed agreement's latest two-sided evaluation, with both recommendations.
    pub renewal_evaluation: Option<crate::pages::evaluation::views::SummaryView>,
    /// The funding recorded for a domestic case, in words.
    pub funding: Option<String>,
    /// The reader acts for the partner region of a KSDD case.
    pub partner_side: bool,
    pub refusals: Vec<String>,
    pub can_decide: bool,
}

const PHASES: [(&str, Phase); 5] = [
    ("phase.preparation", Phase::Preparation),
    ("phase.approval", Phase::Approval),
    ("phase.drafting", Phase::Drafting),
    ("phase.signing", Phase::Signing),
    ("phase.in_force", Phase::InForce),
];

/// The funding of a domestic case in words: budgeted or not, burden, amount and years, and
/// what it means for the DPRD.
fn funding_line(t: &Tr, f: &Funding) -> String {
    let mut parts = vec![
        t.t(if f.budgeted_in_current_apbd {
            "case.budgeted"
        } else {
            "case.not_budgeted"
        })
        .to_owned(),
    ];
    if f.burdens_community {
        parts.push(t.t("case.burdens").to_owned());
    }
    if let Some(a) = f.apbd_amount {
        parts.push(format!("Rp{a}"));
    }
    if let Some(y) = f.budget_years {
        parts.push(format!("{y} {}", t.t("case.years")));
    }
    let dprd = t.t(if f.needs_dprd() {
        "case.dprd_needed"
    } else {
        "case.dprd_not_needed"
    });
    format!("{} — {dprd} ({})", parts.join(", "), DPRD_FUNDING_ARTICLE)
}

fn build_case_page(
    state: &AppState,
    caller: &Caller,
    uri: &Uri,
    v: CaseView,
    refusals: Vec<String>,
    renewed: Option<String>,
) -> CasePage {
    let t = Tr::new(caller.lang);
    let reference = state.app.reference.snapshot();
    let role = caller.ctx.actor.user().map(|u| u.role);
    let def = definitions::find(&v.case.procedure, v.case.procedure_version);
    let phase = def.and_then(|d| d.state(&v.case.state)).map(|s| s.phase);
    let on_file: Vec<_> = v.documents.iter().map(|d| d.kind).collect();
    let zone = reference
        .regions
        .get(&v.case.region_code)
        .and_then(|r| r.utc_offset)
        .unwrap_or(7);
    let id = v.case.id.to_string();
    CasePage {
        t,
        layout: Layout::for_caller(state, caller, t.pick(&v.case.title_id, v.case.title_en.as_deref()))
            .in_section("cases", crate::pages::here(uri)),
        version: v.case.version,
        title: t.pick(&v.case.title_id, v.case.title_en.as_deref()).to_owned(),
        region: reference
            .regions
            .get(&v.case.region_code)
            .map(|r| r.name.clone())
            .unwrap_or_default(),
        region_href: format!("/daerah/{}", v.case.region_code),
        partner: partner_label(&t, &reference, &v.case),
        procedure: t.either(&v.procedure.title_id, &v.procedure.title_en).clone(),
        stage: t.either(&v.stage.label_id, &v.stage.label_en).clone(),
        stage_article: v.stage.article.clone(),
        holder: t.either(&v.stage.holder_label_id, &v.stage.holder_label_en).clone(),
        phases: phase_views(&t, phase),
        steps: v
            .next_steps
            .iter()
            .map(|s| step_view(&t, def, &v.case, &on_file, s))
            .collect(),
        timers: v
            .timers
            .iter()
            .map(|x| TimerRow {
                label: t.either(&x.label_id, &x.label_en).clone(),
                deadline: t.opt_date(&x.deadline),
                expired: x.expired,
                article: x.article.clone(),
            })
            .collect(),
        rules: rule_views(&t, &v.requirements, role),
        documents: v.documents.iter().map(|d| document_view(&t, &id, zone, d)).collect(),
        history: v.history.iter().rev().map(|e| history_row(&t, def, zone, e)).collect(),
        agreement_href: v.case.agreement_id.map(|a| format!("/kerja-sama/{a}")),
        renews_href: v.case.renews.map(|a| format!("/kerja-sama/{a}")),
        renews_title: renewed.unwrap_or_default(),
        renewal_evaluation: None,
        funding: v.case.funding.as_ref().map(|f| funding_line(&t, f)),
        partner_side: v
            .next_steps
            .iter()
            .any(|s| s.side == Side::PartnerRegion && s.allowed_for_you),
        refusals,
        can_decide: jalin_app::authz::require(&caller.ctx, jalin_domain::authz::Action::CaseDecide).is_ok(),
        id,
    }
}

/// The partner's name, with its country when it is abroad.
fn partner_label(t: &Tr, reference: &ReferenceSnapshot, case: &Case) -> String {
    let mut p = case.partner.name.clone();
    if let Some(c) = case.partner.country_iso2.as_ref().filter(|c| !c.is_indonesia()) {
        p.push_str(&format!(", {}", country_name(t, reference, c)));
    }
    p
}

/// The stage tracker: the phases before the case's are done (all of them once it is closed).
fn phase_views(t: &Tr, phase: Option<Phase>) -> Vec<PhaseView> {
    let current = PHASES.iter().position(|(_, p)| Some(*p) == phase);
    PHASES
        .iter()
        .enumerate()
        .map(|(i, (key, _))| PhaseView {
            label: t.t(key).to_owned(),
            status: match current {
                Some(c) if i < c => "done",
                Some(c) if i == c => "current",
                None if phase == Some(Phase::Closed) => "done",
                _ => "todo",
            },
        })
        .collect()
}

/// A step the case may take next, with the data, documents and clauses its form asks for.
fn step_view(t: &Tr, def: Option<&ProcedureDef>, case: &Case, on_file: &[DocumentKind], s: &NextStep) -> StepView {
    let needs_clauses = def
        .and_then(|d| d.transition(&s.transition))
        .is_some_and(|x| x.requires.contains(&RuleCode::DraftClauses));
    StepView {
        transition: s.transition.clone(),
        label: t.either(&s.label_id, &s.label_en).clone(),
        article: s.article.clone(),
        roles: s
            .roles
            .iter()
            .map(|r| t.either(r.label_id(), r.label_en()))
            .collect::<Vec<_>>()
            .join(", "),
        allowed: s.allowed_for_you,
        ready: s.ready,
        missing: s.missing.iter().map(|m| refusal_line(t, m)).collect(),
        data: s.data.iter().map(|d| field_input(t, d)).collect(),
        documents: s
            .documents
            .iter()
            .map(|k| {
                let (id, en, _) = k.describe();
                DocInput {
                    kind: k.as_str().to_owned(),
                    label: t.either(id, en).to_owned(),
                    on_file: on_file.contains(k),
                }
            })
            .collect(),
        clauses: if needs_clauses {
            clause_choices(t, &case.declarations.draft_clauses)
        } else {
            Vec::new()
        },
    }
}

/// A refusal's message with its article.
fn refusal_line(t: &Tr, r: &Refusal) -> String {
    format!("{} ({})", t.either(&r.message_id, &r.message_en), r.article)
}

fn field_input(t: &Tr, d: &DataField) -> FieldInput {
    FieldInput {
        key: d.key.to_owned(),
        label: t.either(d.label_id, d.label_en).to_owned(),
        input_type: match d.kind {
            DataKind::Date => "date",
            DataKind::Year => "number",
            _ => "text",
        },
        required: d.required,
        choices: match d.kind {
            DataKind::Choice(c) => c.iter().map(|x| (*x).to_owned()).collect(),
            _ => Vec::new(),
        },
    }
}

/// The clauses a draft must have: `(key, label, already declared)`.
fn clause_choices(t: &Tr, declared: &[String]) -> Vec<(String, String, bool)> {
    REQUIRED_CLAUSES
        .iter()
        .map(|(key, id, en)| {
            (
                (*key).to_owned(),
                t.either(*id, *en).to_owned(),
                declared.iter().any(|c| c == key),
            )
        })
        .collect()
}

fn document_view(t: &Tr, case_id: &str, zone: i32, d: &CaseDocument) -> DocumentView {
    let (kid, ken, _) = d.kind.describe();
    DocumentView {
        kind: t.either(kid, ken).to_owned(),
        title: d.title.clone(),
        number: d.number.clone().unwrap_or_default(),
        issued: t.opt_date(&d.issued_on),
        added: t.datetime(&d.added_at, zone),
        download: d.file.as_ref().map(|_| format!("/kasus/{case_id}/dokumen/{}", d.id)),
        filename: d.file.as_ref().map(|f| f.filename.clone()).unwrap_or_default(),
    }
}

/// An event of the case's history: a step by its label, a decision with its outcome, or
/// the opening.
fn history_row(t: &Tr, def: Option<&ProcedureDef>, zone: i32, e: &CaseEvent) -> HistoryRow {
    let what = match (&e.transition, &e.rule) {
        (Some(tr), _) => def
            .and_then(|d| d.transition(tr))
            .map(|x| t.either(x.label_id, x.label_en))
            .unwrap_or(tr.as_str())
            .to_owned(),
        (None, Some(r)) => format!(
            "{} {}: {}",
            t.t("case.decision"),
            r.as_str(),
            e.outcome
                .map(|o| t.code("outcome", &outcome_code(o)))
                .unwrap_or_default()
        ),
        _ => t.t("case.opened").to_owned(),
    };
    HistoryRow {
        when: t.datetime(&e.at, zone),
        who: e.actor.trim_start_matches("user:").to_owned(),
        what,
        note: e.note.clone().unwrap_or_default(),
    }
}

pub async fn case_page(State(state): State<AppState>, caller: Caller, uri: Uri, Path(id): Path<String>) -> PageResult {
    let v = state.app.cases.get_case(&caller.ctx, &id).await.or_page(&uri)?;
    let renewed = renewed_title(&state, &caller, &v).await;
    let evaluation = renewal_evaluation(&state, &caller, &v).await;
    let mut page = build_case_page(&state, &caller, &uri, v, Vec::new(), renewed);
    page.renewal_evaluation = evaluation;
    Ok(render(&page))
}

/// The latest evaluation of the agreement a case renews, if the reader may see it: the
/// renewal is decided knowing whether both sides said continue, expand or end.
async fn renewal_evaluation(
    state: &AppState,
    caller: &Caller,
    v: &CaseView,
) -> Option<crate::pages::evaluation::views::SummaryView> {
    let renewed = v.case.renews?;
    let summary = state
        .app
        .monitoring
        .latest_recommendation(&caller.ctx, renewed)
        .await
        .ok()??;
    Some(crate::pages::evaluation::views::summary_view(
        &Tr::new(caller.lang),
        &summary,
    ))
}

/// The title of the agreement a case renews, as the reader may see it (else its id).
async fn renewed_title(state: &AppState, caller: &Caller, v: &CaseView) -> Option<String> {
    let id = v.case.renews?.to_string();
    let t = Tr::new(caller.lang);
    Some(match state.app.registry.get_agreement(&caller.ctx, &id).await {
        Ok(a) => t.pick(&a.title_id, a.title_en.as_deref()).to_owned(),
        Err(_) => id,
    })
}

/// Re-renders the case page with the reasons a step or decision was refused.
pub(super) async fn refused(state: &AppState, caller: &Caller, uri: &Uri, id: &str, e: AppError) -> PageResult {
    let t = Tr::new(caller.lang);
    let (status, reasons) = match e {
        AppError::Refused(r) => (StatusCode::CONFLICT, r.iter().map(|x| refusal_line(&t, x)).collect()),
        AppError::Invalid(errors) => (StatusCode::UNPROCESSABLE_ENTITY, field_error_lines(&errors)),
        AppError::VersionMismatch { .. } => (StatusCode::CONFLICT, vec![t.t("case.changed_meanwhile").to_owned()]),
        other => return Err(PageError::new(uri.path(), other)),
    };
    let v = state.app.cases.get_case(&caller.ctx, id).await.or_page(uri)?;
    let renewed = renewed_title(state, caller, &v).await;
    let evaluation = renewal_evaluation(state, caller, &v).await;
    let mut page = build_case_page(state, caller, uri, v, reasons, renewed);
    page.renewal_evaluation = evaluation;
    Ok(render_with_status(status, &page))
}

/// A decision on a requirement, as posted from the case page.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DecisionForm {
    pub rule: String,
    pub outcome: String,
    pub reason: String,
    pub expected_version: String,
}

pub async fn decide(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Path(id): Path<String>,
    Form(form): Form<DecisionForm>,
) -> PageResult {
    let input = DecisionInput {
        rule: form.rule.trim().to_owned(),
        outcome: form.outcome.trim().to_owned(),
        reason: filled(&form.reason),
        expected_version: form.expected_version.trim().parse().ok(),
    };
    match state.app.cases.decide_requirement(&caller.ctx, &id, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/kasus/{id}#persyaratan")).into_response()),
        Err(e) => refused(&state, &caller, &uri, &id, e).await,
    }
}
