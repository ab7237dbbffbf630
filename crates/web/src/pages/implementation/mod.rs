//! An agreement's implementation page (`/kerja-sama/{id}/pelaksanaan`): its action plan,
//! activities with evidence downloads, and official trips abroad (PDLN) with their permit
//! and trip-report state; with the forms that add to them (see [`forms`]).

mod forms;

pub use forms::{add_plan_item, file_trip_report, record_activity, record_travel, update_permit};

use super::views::{Choice, LinkView, code_choices, country_name, field_name};
use super::{Layout, OrPage, PageResult, render, render_with_status};
use crate::AppState;
use crate::auth::Caller;
use crate::i18n::Tr;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use jalin_app::monitoring::{Implementation, TravelView};
use jalin_app::reference::ReferenceSnapshot;
use jalin_domain::monitoring::activity::{ActivityKind, ActivityRecord};
use jalin_domain::monitoring::plan::{BudgetSource, PlanItem};
use jalin_domain::monitoring::travel::PermitStatus;
use std::collections::BTreeMap;

pub struct PlanRow {
    pub id: String,
    pub activity: String,
    pub field: String,
    pub lead_opd: String,
    pub partner_unit: String,
    pub timeline: String,
    pub budget_source: String,
    pub budget: String,
    pub indicators: Vec<String>,
}

pub struct ActivityRow {
    pub id: String,
    pub date: String,
    pub title: String,
    pub kind: String,
    /// Outputs, cost, participants and plan item, as one line.
    pub details: String,
    pub evidence: Vec<LinkView>,
}

pub struct TripRow {
    pub id: String,
    pub title: String,
    pub destination: String,
    pub dates: String,
    pub delegation: Vec<String>,
    pub permit_code: String,
    pub permit_label: String,
    pub permit_reference: String,
    pub permit_reference_value: String,
    pub report_code: String,
    pub report_label: String,
    pub report_line: String,
    pub report_text: Option<String>,
    pub can_report: bool,
}

#[derive(Template)]
#[template(path = "implementation.html")]
pub struct ImplementationPage {
    pub t: Tr,
    pub layout: Layout,
    pub id: String,
    pub title: String,
    pub facts: String,
    pub plan: Vec<PlanRow>,
    pub activities: Vec<ActivityRow>,
    pub trips: Vec<TripRow>,
    pub can_write: bool,
    pub errors: Vec<String>,
    /// The values of the form that was refused, by field name.
    pub values: BTreeMap<String, String>,
    pub fields: Vec<Choice>,
    pub budget_sources: Vec<Choice>,
    pub kinds: Vec<Choice>,
    pub permit_statuses: Vec<Choice>,
    pub plan_choices: Vec<Choice>,
    pub delegate_rows: Vec<usize>,
    pub today: String,
}

impl ImplementationPage {
    /// A refused form's value for a field (empty when none).
    pub fn val(&self, key: &str) -> &str {
        self.values.get(key).map_or("", String::as_str)
    }
}

pub async fn implementation(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Path(id): Path<String>,
) -> PageResult {
    page(&state, &caller, &uri, &id, Vec::new(), BTreeMap::new()).await
}

/// The page, with the errors and values of a refused form (422) or without (200).
pub(super) async fn page(
    state: &AppState,
    caller: &Caller,
    uri: &Uri,
    id: &str,
    errors: Vec<String>,
    values: BTreeMap<String, String>,
) -> PageResult {
    let t = Tr::new(caller.lang);
    let agreement = state.app.registry.get_agreement(&caller.ctx, id).await.or_page(uri)?;
    let data = state
        .app
        .monitoring
        .implementation(&caller.ctx, id)
        .await
        .or_page(uri)?;
    let title = t.pick(&agreement.title_id, agreement.title_en.as_deref()).to_owned();
    let layout = Layout::for_caller(state, caller, &format!("{} · {title}", t.t("implementation.title")))
        .in_section("registry", super::here(uri));
    let reference = state.app.reference.snapshot();
    let page = build(
        t,
        layout,
        &reference,
        id,
        title,
        &data,
        errors,
        values,
        caller.ctx.today,
    );
    Ok(if page.errors.is_empty() {
        render(&page)
    } else {
        render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
    })
}

#[allow(clippy::too_many_arguments)]
fn build(
    t: Tr,
    layout: Layout,
    reference: &ReferenceSnapshot,
    id: &str,
    title: String,
    data: &Implementation,
    errors: Vec<String>,
    values: BTreeMap<String, String>,
    today: time::Date,
) -> ImplementationPage {
    let f = &data.facts;
    let facts = t.fmt(
        "implementation.facts",
        &[
            ("done", &f.plan_items_with_activity),
            ("items", &f.plan_items),
            ("planned", &t.number(f.budget_planned)),
            ("spent", &t.number(f.budget_spent)),
        ],
    );
    let mut fields: Vec<Choice> = reference
        .urusan
        .values()
        .map(|u| Choice {
            value: u.code.to_string(),
            label: format!("{} {}", u.code, t.either(&u.name_id, &u.name_en)),
            selected: false,
        })
        .collect();
    fields.sort_by(|a, b| a.value.cmp(&b.value));
    let plan_choices = data
        .plan
        .iter()
        .map(|p| Choice {
            value: p.id.to_string(),
            label: p.activity.clone(),
            selected: false,
        })
        .collect();
    ImplementationPage {
        plan: data.plan.iter().map(|p| plan_row(&t, reference, p)).collect(),
        activities: data
            .activities
            .iter()
            .map(|a| activity_row(&t, id, &data.plan, a))
            .collect(),
        trips: data.travels.iter().map(|v| trip_row(&t, reference, v)).collect(),
        can_write: data.can_write,
        fields,
        budget_sources: code_choices(
            &t,
            "budget_source",
            BudgetSource::ALL.iter().map(|b| b.as_str()),
            |_| false,
        ),
        kinds: code_choices(
            &t,
            "activity_kind",
            ActivityKind::ALL.iter().map(|k| k.as_str()),
            |_| false,
        ),
        permit_statuses: code_choices(
            &t,
            "permit_status",
            PermitStatus::ALL.iter().map(|p| p.as_str()),
            |_| false,
        ),
        plan_choices,
        delegate_rows: (0..3).collect(),
        today: today.to_string(),
        id: id.to_owned(),
        title,
        facts,
        errors,
        values,
        layout,
        t,
    }
}

fn rupiah(t: &Tr, amount: i64) -> String {
    format!("Rp {}", t.number(amount))
}

fn plan_row(t: &Tr, reference: &ReferenceSnapshot, p: &PlanItem) -> PlanRow {
    PlanRow {
        id: p.id.to_string(),
        activity: p.activity.clone(),
        field: field_name(t, reference, &p.field),
        lead_opd: p.lead_opd.clone(),
        partner_unit: p.partner_unit.clone().unwrap_or_else(|| "—".to_owned()),
        timeline: format!("{} – {}", t.date(&p.start_on), t.date(&p.end_on)),
        budget_source: t.code("budget_source", p.budget_source.as_str()),
        budget: rupiah(t, p.budget_planned),
        indicators: p
            .indicators
            .iter()
            .map(|i| {
                let codes: Vec<&str> = i.sdg_indicators.iter().map(|c| c.as_str()).collect();
                if codes.is_empty() {
                    i.text.clone()
                } else {
                    format!("{} (SDG {})", i.text, codes.join(", "))
                }
            })
            .collect(),
    }
}

fn activity_row(t: &Tr, id: &str, plan: &[PlanItem], a: &ActivityRecord) -> ActivityRow {
    let mut details = Vec::new();
    if let Some(o) = &a.outputs {
        details.push(format!("{}: {o}", t.t("implementation.outputs")));
    }
    if let Some(c) = a.cost {
        details.push(format!("{}: {}", t.t("implementation.cost"), t.number(c)));
    }
    if let Some(p) = a.participants {
        details.push(format!("{}: {}", t.t("implementation.participants"), t.number(p)));
    }
    if let Some(item) = a.plan_item_id.and_then(|p| plan.iter().find(|i| i.id == p)) {
        details.push(format!("{}: {}", t.t("implementation.plan_item"), item.activity));
    }
    if let Some(g) = &a.grant_reference {
        details.push(format!("{}: {g}", t.t("implementation.grant_reference")));
    }
    ActivityRow {
        id: a.id.to_string(),
        date: t.date(&a.occurred_on),
        title: a.title.clone(),
        kind: t.code("activity_kind", a.kind.as_str()),
        details: details.join(" · "),
        evidence: a
            .evidence
            .iter()
            .map(|f| LinkView {
                href: format!("/kerja-sama/{id}/pelaksanaan/kegiatan/{}/bukti/{}", a.id, f.sha256),
                text: f.filename.clone(),
            })
            .collect(),
    }
}

fn trip_row(t: &Tr, reference: &ReferenceSnapshot, v: &TravelView) -> TripRow {
    let tr = &v.travel;
    let report_line = match &tr.report {
        Some(r) => t.fmt("implementation.filed_on", &[("date", &t.date(&r.filed_on))]),
        None => t.fmt("implementation.report_due", &[("date", &t.date(&tr.report_due_on))]),
    };
    TripRow {
        id: tr.activity_id.to_string(),
        title: v.title.clone(),
        destination: format!("{}, {}", tr.city, country_name(t, reference, &tr.country)),
        dates: format!("{} – {}", t.date(&tr.departure_on), t.date(&tr.return_on)),
        delegation: tr
            .delegation
            .iter()
            .map(|d| {
                if d.position.is_empty() {
                    d.name.clone()
                } else {
                    format!("{} ({})", d.name, d.position)
                }
            })
            .collect(),
        permit_code: tr.permit_status.as_str().to_owned(),
        permit_label: t.code("permit_status", tr.permit_status.as_str()),
        permit_reference: tr.permit_reference.clone().unwrap_or_else(|| "—".to_owned()),
        permit_reference_value: tr.permit_reference.clone().unwrap_or_default(),
        report_code: v.report_status.as_str().to_owned(),
        report_label: t.code("report_status", v.report_status.as_str()),
        report_line,
        report_text: tr.report.as_ref().map(|r| r.text.clone()),
        can_report: tr.report.is_none(),
    }
}

/// An evidence file of an activity, for those who may see the agreement.
pub async fn download_evidence(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Path((id, activity, sha256)): Path<(String, String, String)>,
) -> PageResult {
    let (file, bytes) = state
        .app
        .monitoring
        .evidence_content(&caller.ctx, &id, &activity, &sha256)
        .await
        .or_page(&uri)?;
    Ok(crate::api::cases::file_response(&file, bytes))
}
