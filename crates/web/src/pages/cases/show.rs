//! A case's page: stage tracker, steps the reader may take, requirements, documents and
//! history; and the decisions on its requirements.

use super::{RuleView, rule_views};
use crate::AppState;
use crate::auth::Caller;
use crate::i18n::Tr;
use crate::pages::form::filled;
use crate::pages::views::country_name;
use crate::pages::{Layout, page_error, render};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use jalin_app::AppError;
use jalin_app::cases::{CaseView, DecisionInput};
use jalin_domain::eligibility::{REQUIRED_CLAUSES, RuleCode};
use jalin_domain::procedure::DataKind;
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
    pub refusals: Vec<String>,
    pub can_decide: bool,
}

const PHASES: [(&str, jalin_domain::procedure::Phase); 5] = [
    ("phase.preparation", jalin_domain::procedure::Phase::Preparation),
    ("phase.approval", jalin_domain::procedure::Phase::Approval),
    ("phase.drafting", jalin_domain::procedure::Phase::Drafting),
    ("phase.signing", jalin_domain::procedure::Phase::Signing),
    ("phase.in_force", jalin_domain::procedure::Phase::InForce),
];

fn build_case_page(state: &AppState, caller: &Caller, uri: &Uri, v: CaseView, refusals: Vec<String>) -> CasePage {
    let t = Tr::new(caller.lang);
    let reference = state.app.reference.snapshot();
    let role = caller.ctx.actor.user().map(|u| u.role);
    let def = jalin_domain::procedure::definitions::find(&v.case.procedure, v.case.procedure_version);
    let phase = def.and_then(|d| d.state(&v.case.state)).map(|s| s.phase);
    let current = PHASES.iter().position(|(_, p)| Some(*p) == phase);
    let phases = PHASES
        .iter()
        .enumerate()
        .map(|(i, (key, _))| PhaseView {
            label: t.t(key).to_owned(),
            status: match current {
                Some(c) if i < c => "done",
                Some(c) if i == c => "current",
                None if phase == Some(jalin_domain::procedure::Phase::Closed) => "done",
                _ => "todo",
            },
        })
        .collect();
    let on_file: Vec<_> = v.documents.iter().map(|d| d.kind).collect();
    let steps = v
        .next_steps
        .iter()
        .map(|s| {
            let tdef = def.and_then(|d| d.transition(&s.transition));
            let needs_clauses = tdef.is_some_and(|x| x.requires.contains(&RuleCode::DraftClauses));
            StepView {
                transition: s.transition.clone(),
                label: if t.is_id() {
                    s.label_id.clone()
                } else {
                    s.label_en.clone()
                },
                article: s.article.clone(),
                roles: s
                    .roles
                    .iter()
                    .map(|r| if t.is_id() { r.label_id() } else { r.label_en() })
                    .collect::<Vec<_>>()
                    .join(", "),
                allowed: s.allowed_for_you,
                ready: s.ready,
                missing: s
                    .missing
                    .iter()
                    .map(|m| {
                        format!(
                            "{} ({})",
                            if t.is_id() { &m.message_id } else { &m.message_en },
                            m.article
                        )
                    })
                    .collect(),
                data: s
                    .data
                    .iter()
                    .map(|d| FieldInput {
                        key: d.key.to_owned(),
                        label: if t.is_id() {
                            d.label_id.to_owned()
                        } else {
                            d.label_en.to_owned()
                        },
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
                    })
                    .collect(),
                documents: s
                    .documents
                    .iter()
                    .map(|k| {
                        let (id, en, _) = k.describe();
                        DocInput {
                            kind: k.as_str().to_owned(),
                            label: if t.is_id() { id.to_owned() } else { en.to_owned() },
                            on_file: on_file.contains(k),
                        }
                    })
                    .collect(),
                clauses: if needs_clauses {
                    REQUIRED_CLAUSES
                        .iter()
                        .map(|(key, id, en)| {
                            (
                                (*key).to_owned(),
                                if t.is_id() { (*id).to_owned() } else { (*en).to_owned() },
                                v.case.declarations.draft_clauses.iter().any(|c| c == key),
                            )
                        })
                        .collect()
                } else {
                    Vec::new()
                },
            }
        })
        .collect();
    let zone = reference
        .regions
        .get(&v.case.region_code)
        .and_then(|r| r.utc_offset)
        .unwrap_or(7);
    let id = v.case.id.to_string();
    let can_decide = jalin_app::authz::require(&caller.ctx, jalin_domain::authz::Action::CaseDecide).is_ok();
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
        partner: {
            let mut p = v.case.partner.name.clone();
            if let Some(c) = v.case.partner.country_iso2.as_ref().filter(|c| !c.is_indonesia()) {
                p.push_str(&format!(", {}", country_name(&t, &reference, c)));
            }
            p
        },
        procedure: if t.is_id() {
            v.procedure.title_id.clone()
        } else {
            v.procedure.title_en.clone()
        },
        stage: if t.is_id() {
            v.stage.label_id.clone()
        } else {
            v.stage.label_en.clone()
        },
        stage_article: v.stage.article.clone(),
        holder: if t.is_id() {
            v.stage.holder_label_id.clone()
        } else {
            v.stage.holder_label_en.clone()
        },
        phases,
        steps,
        timers: v
            .timers
            .iter()
            .map(|x| TimerRow {
                label: if t.is_id() {
                    x.label_id.clone()
                } else {
                    x.label_en.clone()
                },
                deadline: t.opt_date(&x.deadline),
                expired: x.expired,
                article: x.article.clone(),
            })
            .collect(),
        rules: rule_views(&t, &v.requirements, role),
        documents: v
            .documents
            .iter()
            .map(|d| {
                let (kid, ken, _) = d.kind.describe();
                DocumentView {
                    kind: if t.is_id() { kid.to_owned() } else { ken.to_owned() },
                    title: d.title.clone(),
                    number: d.number.clone().unwrap_or_default(),
                    issued: t.opt_date(&d.issued_on),
                    added: t.datetime(&d.added_at, zone),
                    download: d.file.as_ref().map(|_| format!("/kasus/{id}/dokumen/{}", d.id)),
                    filename: d.file.as_ref().map(|f| f.filename.clone()).unwrap_or_default(),
                }
            })
            .collect(),
        history: v
            .history
            .iter()
            .rev()
            .map(|e| HistoryRow {
                when: t.datetime(&e.at, zone),
                who: e.actor.trim_start_matches("user:").to_owned(),
                what: match (&e.transition, &e.rule) {
                    (Some(tr), _) => def
                        .and_then(|d| d.transition(tr))
                        .map(|x| if t.is_id() { x.label_id } else { x.label_en })
                        .unwrap_or(tr.as_str())
                        .to_owned(),
                    (None, Some(r)) => format!(
                        "{} {}: {}",
                        t.t("case.decision"),
                        r.as_str(),
                        e.outcome
                            .map(|o| t.code(
                                "outcome",
                                &serde_json::to_value(o)
                                    .ok()
                                    .and_then(|v| v.as_str().map(str::to_owned))
                                    .unwrap_or_default()
                            ))
                            .unwrap_or_default()
                    ),
                    _ => t.t("case.opened").to_owned(),
                },
                note: e.note.clone().unwrap_or_default(),
            })
            .collect(),
        agreement_href: v.case.agreement_id.map(|a| format!("/kerja-sama/{a}")),
        refusals,
        can_decide,
        id,
    }
}

pub async fn case_page(State(state): State<AppState>, caller: Caller, uri: Uri, Path(id): Path<String>) -> Response {
    match state.app.cases.get_case(&caller.ctx, &id).await {
        Ok(v) => render(&build_case_page(&state, &caller, &uri, v, Vec::new())),
        Err(e) => page_error(uri.path(), e),
    }
}

/// Re-renders the case page with the reasons a step or decision was refused.
pub(super) async fn refused(state: &AppState, caller: &Caller, uri: &Uri, id: &str, e: AppError) -> Response {
    let t = Tr::new(caller.lang);
    let (status, reasons) = match e {
        AppError::Refused(r) => (
            StatusCode::CONFLICT,
            r.iter()
                .map(|x| {
                    format!(
                        "{} ({})",
                        if t.is_id() { &x.message_id } else { &x.message_en },
                        x.article
                    )
                })
                .collect(),
        ),
        AppError::Invalid(errors) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            errors.0.iter().map(|e| format!("{}: {}", e.field, e.message)).collect(),
        ),
        AppError::VersionMismatch { .. } => (StatusCode::CONFLICT, vec![t.t("case.changed_meanwhile").to_owned()]),
        other => return page_error(uri.path(), other),
    };
    match state.app.cases.get_case(&caller.ctx, id).await {
        Ok(v) => {
            let mut r = render(&build_case_page(state, caller, uri, v, reasons));
            *r.status_mut() = status;
            r
        }
        Err(e) => page_error(uri.path(), e),
    }
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
) -> Response {
    let input = DecisionInput {
        rule: form.rule.trim().to_owned(),
        outcome: form.outcome.trim().to_owned(),
        reason: filled(&form.reason),
        expected_version: form.expected_version.trim().parse().ok(),
    };
    match state.app.cases.decide_requirement(&caller.ctx, &id, &input).await {
        Ok(_) => Redirect::to(&format!("/kasus/{id}#persyaratan")).into_response(),
        Err(e) => refused(&state, &caller, &uri, &id, e).await,
    }
}
