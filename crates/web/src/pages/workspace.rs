//! The officers' workspace: my cases, the new-case wizard with live eligibility, the case
//! page (stage tracker, documents with upload, requirements, the steps my role may take,
//! history) and the notification inbox.

use super::page_error;
use super::views::country_name;
use super::{Layout, render};
use crate::AppState;
use crate::auth::Caller;
use crate::i18n::Tr;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Multipart, Path, RawQuery, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use jalin_app::AppError;
use jalin_app::cases::{
    CaseInput, CaseView, DecisionInput, DocumentInput, EligibilityReport, ProposalInput, TransitionInput,
};
use jalin_app::ports::store::{CaseFilter, Page};
use jalin_app::sdg::DraftText;
use jalin_domain::agreement::{Form, LegalObject, PartyInput};
use jalin_domain::eligibility::{Declarations, REQUIRED_CLAUSES, RuleCode};
use jalin_domain::partner::PartnerInput;
use jalin_domain::procedure::DataKind;
use jalin_domain::role::Role;
use std::collections::BTreeMap;

/// Form fields as `(name, value)` pairs, repeated names kept (checkbox groups).
fn pairs(text: &str) -> Vec<(String, String)> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(text).unwrap_or_default()
}

fn first(pairs: &[(String, String)], name: &str) -> String {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim().to_owned())
        .unwrap_or_default()
}

fn all(pairs: &[(String, String)], name: &str) -> Vec<String> {
    pairs
        .iter()
        .filter(|(k, v)| k == name && !v.trim().is_empty())
        .map(|(_, v)| v.trim().to_owned())
        .collect()
}

fn some(v: String) -> Option<String> {
    (!v.is_empty()).then_some(v)
}

/// The SDG field with a suggested target added (the wizard's "add" button without
/// JavaScript), unless it is already there.
fn with_added_sdg(sdgs: String, add: &str) -> String {
    let add = add.trim();
    let present = sdgs.split([',', ' ', ';']).any(|s| s.trim().eq_ignore_ascii_case(add));
    match (add.is_empty() || present, sdgs.trim().is_empty()) {
        (true, _) => sdgs,
        (false, true) => add.to_owned(),
        (false, false) => format!("{}, {add}", sdgs.trim_end_matches([',', ' ', ';'])),
    }
}

// ---------------------------------------------------------------------------------------
// My cases

pub struct CaseRow {
    pub href: String,
    pub title: String,
    pub region: String,
    pub form: String,
    pub stage: String,
    pub holder: String,
    pub deadline: String,
    pub updated: String,
}

#[derive(Template)]
#[template(path = "cases.html")]
pub struct CasesPage {
    pub t: Tr,
    pub layout: Layout,
    pub rows: Vec<CaseRow>,
    pub total: i64,
    pub can_open: bool,
}

pub async fn my_cases(State(state): State<AppState>, caller: Caller, uri: Uri, RawQuery(q): RawQuery) -> Response {
    let t = Tr::new(caller.lang);
    let p = pairs(q.as_deref().unwrap_or_default());
    let filter = CaseFilter {
        states: all(&p, "state"),
        ..CaseFilter::default()
    };
    let listing = match state
        .app
        .list_cases(&caller.ctx, filter, Page::new(Some(200), None))
        .await
    {
        Ok(l) => l,
        Err(e) => return page_error(uri.path(), e),
    };
    let reference = state.app.reference();
    let rows = listing
        .items
        .iter()
        .map(|s| CaseRow {
            href: format!("/kasus/{}", s.case.id),
            title: t.pick(&s.case.title_id, s.case.title_en.as_deref()).to_owned(),
            region: reference
                .regions
                .get(&s.case.region_code)
                .map(|r| r.name.clone())
                .unwrap_or_default(),
            form: t.code("form_short", s.case.form.as_str()),
            stage: if t.is_id() {
                s.stage.label_id.clone()
            } else {
                s.stage.label_en.clone()
            },
            holder: if t.is_id() {
                s.stage.holder_label_id.clone()
            } else {
                s.stage.holder_label_en.clone()
            },
            deadline: t.opt_date(&s.next_deadline),
            updated: t.date(&s.case.updated_at.date()),
        })
        .collect();
    render(&CasesPage {
        t,
        layout: Layout::for_caller(&state, &caller, t.t("cases.title")).in_section("cases", super::here(&uri)),
        rows,
        total: listing.total,
        can_open: state
            .app
            .require(&caller.ctx, jalin_domain::authz::Action::CaseOpen)
            .is_ok(),
    })
}

// ---------------------------------------------------------------------------------------
// The new-case wizard

/// What the wizard has been told so far (from the query string or the posted form).
#[derive(Debug, Clone, Default)]
pub struct Wizard {
    pub form: String,
    pub subtype: String,
    pub region: String,
    pub partner_q: String,
    pub partner_country: String,
    /// `city:GEONAMEID`, `subdivision:CODE` or `region:CODE`.
    pub partner: String,
    /// For KSDLL and KSDPK: a partner described by name.
    pub partner_name: String,
    pub title_id: String,
    pub title_en: String,
    pub objects: Vec<String>,
    pub fields: Vec<String>,
    pub sdgs: String,
    pub office_abroad: String,
    pub plan_links: String,
    pub knowledge_transfer: String,
    pub complementarity: String,
    pub people_to_people: String,
}

impl Wizard {
    fn from_pairs(p: &[(String, String)]) -> Self {
        Self {
            form: first(p, "form"),
            subtype: first(p, "subtype"),
            region: first(p, "region"),
            partner_q: first(p, "partner_q"),
            partner_country: first(p, "partner_country"),
            partner: first(p, "partner"),
            partner_name: first(p, "partner_name"),
            title_id: first(p, "title_id"),
            title_en: first(p, "title_en"),
            objects: all(p, "objects"),
            fields: all(p, "fields"),
            sdgs: with_added_sdg(first(p, "sdgs"), &first(p, "add_sdg")),
            office_abroad: first(p, "office_abroad"),
            plan_links: first(p, "plan_links"),
            knowledge_transfer: first(p, "knowledge_transfer"),
            complementarity: first(p, "complementarity"),
            people_to_people: first(p, "people_to_people"),
        }
    }

    /// The SDG codes typed so far.
    fn sdg_codes(&self) -> Vec<String> {
        self.sdgs
            .split([',', ' ', ';'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// The text the officer has typed, for SDG suggestions.
    fn draft_text(&self) -> DraftText {
        DraftText {
            title_id: self.title_id.clone(),
            title_en: self.title_en.clone(),
            objects: self.objects.clone(),
            fields: self.fields.clone(),
            notes: [&self.complementarity, &self.people_to_people, &self.knowledge_transfer]
                .into_iter()
                .filter(|n| !n.is_empty())
                .cloned()
                .collect(),
        }
    }

    fn party(&self) -> Option<PartyInput> {
        if let Some((kind, code)) = self.partner.split_once(':') {
            return match kind {
                "city" => code.parse().ok().map(|g| PartyInput {
                    geonameid: Some(g),
                    ..PartyInput::default()
                }),
                "subdivision" => Some(PartyInput {
                    subdivision_code: Some(code.to_owned()),
                    ..PartyInput::default()
                }),
                "region" => Some(PartyInput {
                    region_code: Some(code.to_owned()),
                    ..PartyInput::default()
                }),
                _ => None,
            };
        }
        if self.partner_name.is_empty() {
            return None;
        }
        let (kind, category) = match self.form.as_str() {
            "KSDLL" => ("foreign_institution", Some("development_partner")),
            _ => ("third_party", Some("private_company")),
        };
        Some(PartyInput {
            partner: Some(PartnerInput {
                kind: Some(kind.to_owned()),
                name: Some(self.partner_name.clone()),
                country: some(self.partner_country.clone()),
                category: category.map(str::to_owned),
                ..PartnerInput::default()
            }),
            ..PartyInput::default()
        })
    }

    fn declarations(&self) -> Declarations {
        Declarations {
            opens_representative_office: match self.office_abroad.as_str() {
                "yes" => Some(true),
                "no" => Some(false),
                _ => None,
            },
            plan_links: self
                .plan_links
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect(),
            knowledge_transfer: some(self.knowledge_transfer.clone()),
            complementarity: some(self.complementarity.clone()),
            people_to_people: some(self.people_to_people.clone()),
            ..Declarations::default()
        }
    }

    fn proposal(&self) -> ProposalInput {
        ProposalInput {
            form: some(self.form.clone()),
            subtype: some(self.subtype.clone()),
            region_code: some(self.region.clone()),
            partner: self.party(),
            objects: self.objects.clone(),
            other_object: None,
            fields: self.fields.clone(),
            declarations: self.declarations(),
        }
    }

    fn case_input(&self) -> CaseInput {
        CaseInput {
            form: some(self.form.clone()),
            subtype: some(self.subtype.clone()),
            region_code: some(self.region.clone()),
            partner: self.party(),
            title_id: some(self.title_id.clone()),
            title_en: some(self.title_en.clone()),
            objects: self.objects.clone(),
            other_object: None,
            fields: self.fields.clone(),
            sdgs: self.sdg_codes(),
            declarations: self.declarations(),
            needs_dprd: false,
            uses_regional_assets: false,
        }
    }
}

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub struct ChoiceGroup {
    pub label: String,
    pub choices: Vec<Choice>,
}

pub struct RuleView {
    pub rule: String,
    pub title: String,
    pub outcome: String,
    pub outcome_label: String,
    pub explanation: String,
    pub article: String,
    pub decided_by: Option<String>,
    pub reason: Option<String>,
    /// Decisions the reader may record on this rule: `(outcome, label)`.
    pub decisions: Vec<(String, String)>,
}

fn rule_views(t: &Tr, results: &[jalin_domain::eligibility::RuleResult], role: Option<Role>) -> Vec<RuleView> {
    results
        .iter()
        .map(|r| {
            let def = jalin_domain::eligibility::rule(r.rule);
            let mut decisions = Vec::new();
            if let Some(role) = role {
                if def.attested_by.contains(&role) {
                    decisions.push(("pass".to_owned(), t.t("case.decide_pass").to_owned()));
                    decisions.push(("fail".to_owned(), t.t("case.decide_fail").to_owned()));
                }
                if def.waivable_by.contains(&role) {
                    decisions.push(("waived".to_owned(), t.t("case.decide_waive").to_owned()));
                }
            }
            let outcome = serde_json::to_value(r.outcome)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            RuleView {
                rule: r.rule.as_str().to_owned(),
                title: if t.is_id() {
                    r.title_id.to_owned()
                } else {
                    r.title_en.to_owned()
                },
                outcome_label: t.code("outcome", &outcome),
                outcome,
                explanation: if t.is_id() {
                    r.explanation_id.clone()
                } else {
                    r.explanation_en.clone()
                },
                article: r.article.to_owned(),
                decided_by: r.decided_by.clone(),
                reason: r.reason.clone(),
                decisions,
            }
        })
        .collect()
}

pub struct PlaceChoice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "wizard_places.html")]
pub struct PlacesFragment {
    pub t: Tr,
    pub places: Vec<PlaceChoice>,
    pub searched: bool,
}

async fn place_choices(state: &AppState, t: &Tr, w: &Wizard) -> Vec<PlaceChoice> {
    let mut out = Vec::new();
    if w.partner_q.chars().count() < 2 {
        // Keep the chosen partner visible.
        if let Some((kind, code)) = w.partner.split_once(':') {
            out.push(PlaceChoice {
                value: w.partner.clone(),
                label: format!("{code} ({kind})"),
                selected: true,
            });
        }
        return out;
    }
    let reference = state.app.reference();
    let kind = match w.subtype.as_str() {
        "sister_city" => Some("city"),
        "sister_province" => Some("subdivision"),
        _ => None,
    };
    let places = state
        .app
        .search_places(
            &w.partner_q,
            some(w.partner_country.clone()).as_deref(),
            kind,
            Page::new(Some(15), None),
        )
        .await
        .map(|l| l.items)
        .unwrap_or_default();
    for p in places {
        let value = match (&p.geonameid, &p.subdivision_code) {
            (Some(g), _) if p.kind == jalin_domain::reference::PlaceKind::City => format!("city:{g}"),
            (_, Some(s)) => format!("subdivision:{s}"),
            _ => continue,
        };
        let mut label = p.name.clone();
        if let Some(a) = &p.admin1_name {
            label.push_str(&format!(", {a}"));
        }
        label.push_str(&format!(", {}", country_name(t, &reference, &p.country_iso2)));
        let kind_label = t.code("place_kind", p.kind.as_str());
        match p.population {
            Some(n) if n > 0 => label.push_str(&format!(
                " ({kind_label}, {} {})",
                t.number(n),
                t.t("wizard.inhabitants")
            )),
            _ => label.push_str(&format!(" ({kind_label})")),
        }
        out.push(PlaceChoice {
            selected: value == w.partner,
            value,
            label,
        });
    }
    out
}

/// The partner search of the wizard (htmx fragment).
pub async fn partner_search(State(state): State<AppState>, caller: Caller, RawQuery(q): RawQuery) -> Response {
    let t = Tr::new(caller.lang);
    let w = Wizard::from_pairs(&pairs(q.as_deref().unwrap_or_default()));
    let places = place_choices(&state, &t, &w).await;
    render(&PlacesFragment {
        t,
        searched: w.partner_q.chars().count() >= 2,
        places,
    })
}

#[derive(Template)]
#[template(path = "wizard_eligibility.html")]
pub struct EligibilityFragment {
    pub t: Tr,
    pub ready: bool,
    pub eligible: bool,
    pub procedure: Option<String>,
    pub rules: Vec<RuleView>,
    pub error: Option<String>,
}

async fn evaluate(state: &AppState, caller: &Caller, w: &Wizard) -> EligibilityFragment {
    let t = Tr::new(caller.lang);
    if w.form.is_empty() || w.subtype.is_empty() || w.region.is_empty() || w.party().is_none() {
        return EligibilityFragment {
            t,
            ready: false,
            eligible: false,
            procedure: None,
            rules: Vec::new(),
            error: None,
        };
    }
    match state.app.evaluate_proposal(&caller.ctx, &w.proposal()).await {
        Ok(EligibilityReport {
            eligible,
            procedure,
            results,
        }) => EligibilityFragment {
            t,
            ready: true,
            eligible,
            procedure: procedure.map(|p| if t.is_id() { p.title_id } else { p.title_en }),
            rules: rule_views(&t, &results, None),
            error: None,
        },
        Err(AppError::Invalid(errors)) => EligibilityFragment {
            t,
            ready: true,
            eligible: false,
            procedure: None,
            rules: Vec::new(),
            error: Some(super::field_errors_text(&errors)),
        },
        Err(e) => EligibilityFragment {
            t,
            ready: true,
            eligible: false,
            procedure: None,
            rules: Vec::new(),
            error: Some(e.to_string()),
        },
    }
}

/// Live eligibility for the wizard (htmx fragment).
pub async fn eligibility(State(state): State<AppState>, caller: Caller, RawQuery(q): RawQuery) -> Response {
    let w = Wizard::from_pairs(&pairs(q.as_deref().unwrap_or_default()));
    render(&evaluate(&state, &caller, &w).await)
}

#[derive(Template)]
#[template(path = "wizard_sdg.html")]
pub struct SdgFragment {
    pub t: Tr,
    /// Whether there is any text to suggest from yet.
    pub ready: bool,
    pub items: Vec<super::sdg::SuggestionView>,
}

/// How many targets the wizard suggests.
const WIZARD_SUGGESTIONS: usize = 5;

fn sdg_fragment(state: &AppState, caller: &Caller, w: &Wizard) -> SdgFragment {
    let t = Tr::new(caller.lang);
    let draft = w.draft_text();
    let ready = !(draft.title_id.is_empty()
        && draft.title_en.is_empty()
        && draft.objects.is_empty()
        && draft.fields.is_empty()
        && draft.notes.is_empty());
    if !ready {
        return SdgFragment {
            t,
            ready,
            items: Vec::new(),
        };
    }
    // Targets already typed (or their indicators) are not suggested again.
    let excluded = w
        .sdg_codes()
        .iter()
        .filter_map(|c| c.parse::<jalin_domain::codes::SdgCode>().ok())
        .filter_map(|c| c.target())
        .collect();
    let items = match state
        .app
        .suggest_sdg_for_draft(&caller.ctx, &draft, WIZARD_SUGGESTIONS, &excluded)
    {
        Ok(items) => items,
        Err(e) => {
            tracing::warn!(error = %e, "SDG suggestions not shown in the wizard");
            Vec::new()
        }
    };
    let reference = state.app.reference();
    SdgFragment {
        t,
        ready,
        items: super::sdg::suggestion_views(&t, &reference, items, |target| target.to_owned()),
    }
}

/// Live SDG suggestions for the wizard (htmx fragment).
pub async fn sdg_suggestions(State(state): State<AppState>, caller: Caller, RawQuery(q): RawQuery) -> Response {
    let w = Wizard::from_pairs(&pairs(q.as_deref().unwrap_or_default()));
    render(&sdg_fragment(&state, &caller, &w))
}

#[derive(Template)]
#[template(path = "wizard.html")]
pub struct WizardPage {
    pub t: Tr,
    pub layout: Layout,
    pub w: Wizard,
    pub forms: Vec<Choice>,
    pub subtypes: Vec<ChoiceGroup>,
    pub regions: Vec<Choice>,
    pub region_fixed: Option<String>,
    pub places: PlacesFragment,
    pub eligibility: EligibilityFragment,
    pub sdg: SdgFragment,
    pub objects: Vec<Choice>,
    pub fields: Vec<Choice>,
    pub countries: Vec<Choice>,
    pub errors: Vec<String>,
}

async fn wizard_page(state: &AppState, caller: &Caller, uri: &Uri, mut w: Wizard, errors: Vec<String>) -> WizardPage {
    let t = Tr::new(caller.lang);
    let reference = state.app.reference();
    let own_region = caller.ctx.actor.user().and_then(|u| u.region.clone());
    let region_fixed = match caller.ctx.actor.role() {
        Role::RegionalOfficer | Role::RegionalApprover => own_region.clone(),
        _ => None,
    };
    if let Some(r) = &region_fixed {
        w.region = r.to_string();
    }
    let forms = Form::ALL
        .iter()
        .map(|f| Choice {
            value: f.as_str().to_owned(),
            label: format!("{} — {}", f.as_str(), t.code("form", f.as_str())),
            selected: w.form == f.as_str(),
        })
        .collect();
    let subtypes = Form::ALL
        .iter()
        .map(|f| ChoiceGroup {
            label: f.as_str().to_owned(),
            choices: f
                .subtypes()
                .iter()
                .map(|s| Choice {
                    value: s.as_str().to_owned(),
                    label: t.code("subtype", s.as_str()),
                    selected: w.subtype == s.as_str(),
                })
                .collect(),
        })
        .collect();
    let regions = reference
        .regions
        .values()
        .filter(|r| !r.is_administrative)
        .map(|r| Choice {
            value: r.code.to_string(),
            label: format!("{} ({})", r.name, r.code),
            selected: w.region == r.code.as_str(),
        })
        .collect();
    let objects = LegalObject::ALL
        .iter()
        .map(|o| Choice {
            value: o.as_str().to_owned(),
            label: t.code("object", o.as_str()),
            selected: w.objects.iter().any(|x| x == o.as_str()),
        })
        .collect();
    let fields = reference
        .urusan
        .values()
        .map(|u| Choice {
            value: u.code.to_string(),
            label: format!("{} {}", u.code, if t.is_id() { &u.name_id } else { &u.name_en }),
            selected: w.fields.iter().any(|x| x == u.code.as_str()),
        })
        .collect();
    let mut countries: Vec<Choice> = reference
        .countries
        .values()
        .filter(|c| !c.iso2.is_indonesia())
        .map(|c| Choice {
            value: c.iso2.to_string(),
            label: if t.is_id() {
                c.name_id.clone()
            } else {
                c.name_en.clone()
            },
            selected: w.partner_country == c.iso2.as_str(),
        })
        .collect();
    countries.sort_by(|a, b| a.label.cmp(&b.label));
    let places = PlacesFragment {
        t,
        searched: w.partner_q.chars().count() >= 2,
        places: place_choices(state, &t, &w).await,
    };
    let eligibility = evaluate(state, caller, &w).await;
    let sdg = sdg_fragment(state, caller, &w);
    WizardPage {
        t,
        layout: Layout::for_caller(state, caller, t.t("wizard.title")).in_section("cases", super::here(uri)),
        w,
        forms,
        subtypes,
        regions,
        region_fixed: region_fixed.map(|r| {
            reference
                .regions
                .get(&r)
                .map(|x| x.name.clone())
                .unwrap_or_else(|| r.to_string())
        }),
        places,
        eligibility,
        sdg,
        objects,
        fields,
        countries,
        errors,
    }
}

pub async fn new_case(State(state): State<AppState>, caller: Caller, uri: Uri, RawQuery(q): RawQuery) -> Response {
    let w = Wizard::from_pairs(&pairs(q.as_deref().unwrap_or_default()));
    render(&wizard_page(&state, &caller, &uri, w, Vec::new()).await)
}

pub async fn create_case(State(state): State<AppState>, caller: Caller, uri: Uri, body: Bytes) -> Response {
    let w = Wizard::from_pairs(&pairs(&String::from_utf8_lossy(&body)));
    match state.app.open_case(&caller.ctx, &w.case_input()).await {
        Ok(view) => Redirect::to(&format!("/kasus/{}", view.case.id)).into_response(),
        Err(AppError::Invalid(errors)) => {
            let messages = errors.0.iter().map(|e| format!("{}: {}", e.field, e.message)).collect();
            let mut r = render(&wizard_page(&state, &caller, &uri, w, messages).await);
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            r
        }
        Err(e) => page_error(uri.path(), e),
    }
}

// ---------------------------------------------------------------------------------------
// The case page

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
    let reference = state.app.reference();
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
    let can_decide = state
        .app
        .require(&caller.ctx, jalin_domain::authz::Action::CaseDecide)
        .is_ok();
    CasePage {
        t,
        layout: Layout::for_caller(state, caller, t.pick(&v.case.title_id, v.case.title_en.as_deref()))
            .in_section("cases", super::here(uri)),
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
    match state.app.get_case(&caller.ctx, &id).await {
        Ok(v) => render(&build_case_page(&state, &caller, &uri, v, Vec::new())),
        Err(e) => page_error(uri.path(), e),
    }
}

/// Re-renders the case page with the reasons a step or decision was refused.
async fn refused(state: &AppState, caller: &Caller, uri: &Uri, id: &str, e: AppError) -> Response {
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
    match state.app.get_case(&caller.ctx, id).await {
        Ok(v) => {
            let mut r = render(&build_case_page(state, caller, uri, v, reasons));
            *r.status_mut() = status;
            r
        }
        Err(e) => page_error(uri.path(), e),
    }
}

/// Takes a step from the case page: the files of its documents are uploaded first, then
/// the step is taken with them (all-or-nothing for the case; an unused upload is harmless).
pub async fn take_step(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Path(id): Path<String>,
    mut multipart: Multipart,
) -> Response {
    let mut text: Vec<(String, String)> = Vec::new();
    let mut files: BTreeMap<String, (String, Bytes)> = BTreeMap::new();
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or_default().to_owned();
                if let Some(kind) = name.strip_prefix("file.") {
                    let filename = field.file_name().unwrap_or_default().to_owned();
                    match field.bytes().await {
                        Ok(b) if !b.is_empty() => {
                            files.insert(kind.to_owned(), (filename, b));
                        }
                        Ok(_) => {}
                        Err(e) => return refused(&state, &caller, &uri, &id, AppError::BadFile(e.to_string())).await,
                    }
                } else {
                    match field.text().await {
                        Ok(v) => text.push((name, v)),
                        Err(e) => return refused(&state, &caller, &uri, &id, AppError::BadFile(e.to_string())).await,
                    }
                }
            }
            Ok(None) => break,
            Err(e) => {
                return page_error(
                    uri.path(),
                    AppError::BadFile(format!("the form could not be read: {e}")),
                );
            }
        }
    }
    let transition = first(&text, "transition");
    let mut documents = Vec::new();
    let kinds: Vec<String> = text
        .iter()
        .filter_map(|(k, _)| {
            k.strip_prefix("doc.")
                .and_then(|r| r.split_once('.'))
                .map(|(kind, _)| kind.to_owned())
        })
        .chain(files.keys().cloned())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    for kind in kinds {
        let number = first(&text, &format!("doc.{kind}.number"));
        let issued_on = first(&text, &format!("doc.{kind}.issued_on"));
        let mut input = DocumentInput {
            kind: kind.clone(),
            number: some(number),
            issued_on: some(issued_on),
            ..DocumentInput::default()
        };
        if let Some((filename, bytes)) = files.get(&kind) {
            match state.app.upload_file(&caller.ctx, &id, bytes, filename).await {
                Ok(f) => {
                    input.file = Some(f.sha256);
                    input.filename = Some(f.filename);
                }
                Err(e) => return refused(&state, &caller, &uri, &id, e).await,
            }
        }
        if input.file.is_some() || input.number.is_some() {
            documents.push(input);
        }
    }
    let data: BTreeMap<String, String> = text
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("data.").map(|k| (k.to_owned(), v.trim().to_owned())))
        .filter(|(_, v)| !v.is_empty())
        .collect();
    let clauses = all(&text, "clause");
    let declarations = if clauses.is_empty() {
        None
    } else {
        match state.app.get_case(&caller.ctx, &id).await {
            Ok(v) => Some(Declarations {
                draft_clauses: clauses,
                ..v.case.declarations
            }),
            Err(e) => return page_error(uri.path(), e),
        }
    };
    let input = TransitionInput {
        transition,
        documents,
        data,
        note: some(first(&text, "note")),
        expected_version: first(&text, "expected_version").parse().ok(),
        declarations,
    };
    match state.app.transition_case(&caller.ctx, &id, &input).await {
        Ok(_) => Redirect::to(&format!("/kasus/{id}")).into_response(),
        Err(e) => refused(&state, &caller, &uri, &id, e).await,
    }
}

pub async fn decide(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let p = pairs(&String::from_utf8_lossy(&body));
    let input = DecisionInput {
        rule: first(&p, "rule"),
        outcome: first(&p, "outcome"),
        reason: some(first(&p, "reason")),
        expected_version: first(&p, "expected_version").parse().ok(),
    };
    match state.app.decide_requirement(&caller.ctx, &id, &input).await {
        Ok(_) => Redirect::to(&format!("/kasus/{id}#persyaratan")).into_response(),
        Err(e) => refused(&state, &caller, &uri, &id, e).await,
    }
}

pub async fn download(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Path((id, doc)): Path<(String, String)>,
) -> Response {
    match state.app.document_content(&caller.ctx, &id, &doc).await {
        Ok((file, bytes)) => crate::api::cases::file_response(&file, bytes),
        Err(e) => page_error(uri.path(), e),
    }
}

// ---------------------------------------------------------------------------------------
// The inbox

pub struct AlertRow {
    pub due: String,
    pub message: String,
    pub href: Option<String>,
    pub overdue: bool,
}

#[derive(Template)]
#[template(path = "inbox.html")]
pub struct InboxPage {
    pub t: Tr,
    pub layout: Layout,
    pub alerts: Vec<AlertRow>,
}

pub async fn inbox(State(state): State<AppState>, caller: Caller, uri: Uri) -> Response {
    let t = Tr::new(caller.lang);
    let alerts = match state.app.list_alerts(&caller.ctx, 200).await {
        Ok(a) => a,
        Err(e) => return page_error(uri.path(), e),
    };
    render(&InboxPage {
        t,
        layout: Layout::for_caller(&state, &caller, t.t("inbox.title")).in_section("inbox", super::here(&uri)),
        alerts: alerts
            .into_iter()
            .map(|a| AlertRow {
                overdue: a.due_on < caller.ctx.today,
                due: t.date(&a.due_on),
                message: if t.is_id() { a.message_id } else { a.message_en },
                href: a
                    .case_id
                    .map(|c| format!("/kasus/{c}"))
                    .or_else(|| a.agreement_id.map(|x| format!("/kerja-sama/{x}")))
                    .or_else(|| a.code.strip_prefix("peluang:").map(|x| format!("/peluang/tawaran/{x}"))),
            })
            .collect(),
    })
}
