//! The new-case wizard (`/kasus/baru`) with its live fragments: partner search, eligibility
//! and SDG suggestions.

use super::wizard::{Wizard, WizardForm};
use super::{Choice, RuleView, rule_views};
use crate::AppState;
use crate::auth::Caller;
use crate::i18n::Tr;
use crate::pages::form::some;
use crate::pages::views::{code_choices, country_choices_where, country_name, field_choices};
use crate::pages::{Layout, PageError, PageResult, field_error_lines, render, render_with_status};
use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::{Form, Query};
use jalin_app::AppError;
use jalin_app::cases::EligibilityReport;
use jalin_app::ports::store::Page;
use jalin_app::reference::ReferenceSnapshot;
use jalin_domain::agreement::{Form as AgreementForm, LegalObject};
use jalin_domain::codes::RegionCode;
use jalin_domain::role::Role;

/// Kinds of agreement with their subtypes.
pub struct ChoiceGroup {
    pub label: String,
    pub choices: Vec<Choice>,
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
    let reference = state.app.reference.snapshot();
    let kind = match w.subtype.as_str() {
        "sister_city" => Some("city"),
        "sister_province" => Some("subdivision"),
        _ => None,
    };
    let places = state
        .app
        .reference
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
pub async fn partner_search(State(state): State<AppState>, caller: Caller, Query(form): Query<WizardForm>) -> Response {
    let t = Tr::new(caller.lang);
    let w = Wizard::from(form);
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

impl EligibilityFragment {
    /// No verdict: not enough told yet, or the proposal could not be evaluated (`error`).
    fn without_verdict(t: Tr, ready: bool, error: Option<String>) -> Self {
        Self {
            t,
            ready,
            eligible: false,
            procedure: None,
            rules: Vec::new(),
            error,
        }
    }
}

async fn evaluate(state: &AppState, caller: &Caller, w: &Wizard) -> EligibilityFragment {
    let t = Tr::new(caller.lang);
    if w.form.is_empty() || w.subtype.is_empty() || w.region.is_empty() || w.party().is_none() {
        return EligibilityFragment::without_verdict(t, false, None);
    }
    match state.app.cases.evaluate_proposal(&caller.ctx, &w.proposal()).await {
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
        Err(AppError::Invalid(errors)) => {
            EligibilityFragment::without_verdict(t, true, Some(crate::pages::field_errors_text(&errors)))
        }
        Err(e) => EligibilityFragment::without_verdict(t, true, Some(e.to_string())),
    }
}

/// Live eligibility for the wizard (htmx fragment).
pub async fn eligibility(State(state): State<AppState>, caller: Caller, Query(form): Query<WizardForm>) -> Response {
    let w = Wizard::from(form);
    render(&evaluate(&state, &caller, &w).await)
}

#[derive(Template)]
#[template(path = "wizard_sdg.html")]
pub struct SdgFragment {
    pub t: Tr,
    /// Whether there is any text to suggest from yet.
    pub ready: bool,
    pub items: Vec<crate::pages::sdg::SuggestionView>,
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
        .registry
        .suggest_sdg_for_draft(&caller.ctx, &draft, WIZARD_SUGGESTIONS, &excluded)
    {
        Ok(items) => items,
        Err(e) => {
            tracing::warn!(error = %e, "SDG suggestions not shown in the wizard");
            Vec::new()
        }
    };
    let reference = state.app.reference.snapshot();
    SdgFragment {
        t,
        ready,
        items: crate::pages::sdg::suggestion_views(&t, &reference, items, |target| target.to_owned()),
    }
}

/// Live SDG suggestions for the wizard (htmx fragment).
pub async fn sdg_suggestions(
    State(state): State<AppState>,
    caller: Caller,
    Query(form): Query<WizardForm>,
) -> Response {
    let w = Wizard::from(form);
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
    let reference = state.app.reference.snapshot();
    let region_fixed = fixed_region(caller);
    if let Some(r) = &region_fixed {
        w.region = r.to_string();
    }
    let places = PlacesFragment {
        t,
        searched: w.partner_q.chars().count() >= 2,
        places: place_choices(state, &t, &w).await,
    };
    let eligibility = evaluate(state, caller, &w).await;
    let sdg = sdg_fragment(state, caller, &w);
    WizardPage {
        t,
        layout: Layout::for_caller(state, caller, t.t("wizard.title")).in_section("cases", crate::pages::here(uri)),
        forms: form_choices(&t, &w),
        subtypes: subtype_groups(&t, &w),
        regions: region_choices(&reference, &w),
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
        objects: code_choices(&t, "object", LegalObject::ALL.iter().map(|o| o.as_str()), |o| {
            w.objects.iter().any(|x| x == o)
        }),
        fields: field_choices(&t, &reference, &w.fields),
        countries: country_choices_where(&t, &reference, Some(&w.partner_country), |_| true),
        errors,
        w,
    }
}

/// The region of a regional officer or approver: their cases are their region's.
fn fixed_region(caller: &Caller) -> Option<RegionCode> {
    match caller.ctx.actor.role() {
        Role::RegionalOfficer | Role::RegionalApprover => caller.ctx.actor.user().and_then(|u| u.region.clone()),
        _ => None,
    }
}

fn form_choices(t: &Tr, w: &Wizard) -> Vec<Choice> {
    AgreementForm::ALL
        .iter()
        .map(|f| Choice {
            value: f.as_str().to_owned(),
            label: format!("{} — {}", f.as_str(), t.code("form", f.as_str())),
            selected: w.form == f.as_str(),
        })
        .collect()
}

/// Each form's subtypes, as one group per form.
fn subtype_groups(t: &Tr, w: &Wizard) -> Vec<ChoiceGroup> {
    AgreementForm::ALL
        .iter()
        .map(|f| ChoiceGroup {
            label: f.as_str().to_owned(),
            choices: code_choices(t, "subtype", f.subtypes().iter().map(|s| s.as_str()), |s| {
                w.subtype == s
            }),
        })
        .collect()
}

/// The autonomous regions, which may open a case.
fn region_choices(reference: &ReferenceSnapshot, w: &Wizard) -> Vec<Choice> {
    reference
        .regions
        .values()
        .filter(|r| !r.is_administrative)
        .map(|r| Choice {
            value: r.code.to_string(),
            label: format!("{} ({})", r.name, r.code),
            selected: w.region == r.code.as_str(),
        })
        .collect()
}

pub async fn new_case(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Query(form): Query<WizardForm>,
) -> Response {
    let w = Wizard::from(form);
    render(&wizard_page(&state, &caller, &uri, w, Vec::new()).await)
}

pub async fn create_case(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Form(form): Form<WizardForm>,
) -> PageResult {
    let w = Wizard::from(form);
    match state.app.cases.open_case(&caller.ctx, &w.case_input()).await {
        Ok(view) => Ok(Redirect::to(&format!("/kasus/{}", view.case.id)).into_response()),
        Err(AppError::Invalid(errors)) => {
            let page = wizard_page(&state, &caller, &uri, w, field_error_lines(&errors)).await;
            Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(e) => Err(PageError::new(uri.path(), e)),
    }
}
