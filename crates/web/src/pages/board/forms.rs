//! The forms that publish an offer or a need.

use super::{country_choices, field_choices, goal_choices};
use crate::AppState;
use crate::auth::Caller;
use crate::i18n::Tr;
use crate::pages::form::{chosen, filled};
use crate::pages::views::{Choice, code_choices};
use crate::pages::{Layout, PageError, PageResult, field_error_lines, render, render_with_status};
use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use jalin_app::AppError;
use jalin_domain::opportunity::{NeedInput, OfferInput, PublisherKind, RegionCriterion};
use jalin_domain::reference::RegionType;
use jalin_domain::role::Role;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "offer_form.html")]
pub struct OfferFormPage {
    pub t: Tr,
    pub layout: Layout,
    pub errors: Vec<String>,
    pub v: OfferInput,
    pub kinds: Vec<Choice>,
    pub countries: Vec<Choice>,
    pub fields: Vec<Choice>,
    pub goals: Vec<Choice>,
    pub region_types: Vec<Choice>,
    pub criteria: Vec<Choice>,
}

fn offer_form(state: &AppState, caller: &Caller, uri: &Uri, v: OfferInput, errors: Vec<String>) -> OfferFormPage {
    let t = Tr::new(caller.lang);
    let reference = state.app.reference.snapshot();
    let list = |o: &Option<Vec<String>>| o.clone().unwrap_or_default();
    OfferFormPage {
        t,
        layout: Layout::for_caller(state, caller, t.t("board.new_offer")).in_section("board", super::here(uri)),
        errors,
        kinds: code_choices(
            &t,
            "publisher_kind",
            PublisherKind::ALL.iter().map(|k| k.as_str()),
            |k| v.publisher_kind.as_deref() == Some(k),
        ),
        countries: country_choices(&t, &reference, v.country.as_deref()),
        fields: field_choices(&t, &reference, &list(&v.fields)),
        goals: goal_choices(&t, &reference, &list(&v.sdgs)),
        region_types: code_choices(
            &t,
            "region_type",
            [RegionType::Provinsi, RegionType::Kabupaten, RegionType::Kota].map(|r| r.as_str()),
            |r| list(&v.region_types).iter().any(|x| x == r),
        ),
        criteria: code_choices(&t, "criterion", RegionCriterion::ALL.iter().map(|c| c.as_str()), |c| {
            list(&v.criteria).iter().any(|x| x == c)
        }),
        v,
    }
}

pub async fn new_offer(State(state): State<AppState>, caller: Caller, uri: Uri) -> Response {
    render(&offer_form(&state, &caller, &uri, OfferInput::default(), Vec::new()))
}

/// The offer form as posted.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct OfferForm {
    pub publisher_kind: String,
    pub publisher_name: String,
    pub country: String,
    pub title_id: String,
    pub title_en: String,
    pub description_id: String,
    pub description_en: String,
    pub fields: Vec<String>,
    pub sdgs: Vec<String>,
    pub region_types: Vec<String>,
    pub criteria: Vec<String>,
    pub deadline: String,
    pub contact: String,
}

impl OfferForm {
    fn input(&self) -> OfferInput {
        OfferInput {
            publisher_kind: filled(&self.publisher_kind),
            publisher_name: filled(&self.publisher_name),
            country: filled(&self.country),
            title_id: filled(&self.title_id),
            title_en: filled(&self.title_en),
            description_id: filled(&self.description_id),
            description_en: filled(&self.description_en),
            fields: chosen(&self.fields),
            sdgs: chosen(&self.sdgs),
            region_types: chosen(&self.region_types),
            criteria: chosen(&self.criteria),
            deadline: filled(&self.deadline),
            contact: filled(&self.contact),
        }
    }
}

pub async fn create_offer(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Form(form): Form<OfferForm>,
) -> PageResult {
    let input = form.input();
    match state.app.board.publish_offer(&caller.ctx, &input).await {
        Ok(o) => Ok(Redirect::to(&format!("/peluang/tawaran/{}", o.id)).into_response()),
        Err(AppError::Invalid(errors)) => {
            let page = offer_form(&state, &caller, &uri, input, field_error_lines(&errors));
            Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(e) => Err(PageError::new(uri.path(), e)),
    }
}

#[derive(Template)]
#[template(path = "need_form.html")]
pub struct NeedFormPage {
    pub t: Tr,
    pub layout: Layout,
    pub errors: Vec<String>,
    pub v: NeedInput,
    pub regions: Vec<Choice>,
    pub fields: Vec<Choice>,
    pub goals: Vec<Choice>,
}

fn need_form(state: &AppState, caller: &Caller, uri: &Uri, v: NeedInput, errors: Vec<String>) -> NeedFormPage {
    let t = Tr::new(caller.lang);
    let reference = state.app.reference.snapshot();
    let user_region = caller.ctx.actor.user().and_then(|u| u.region.clone());
    let role = caller.ctx.actor.role();
    let chosen = v.region_code.clone().or(user_region.as_ref().map(ToString::to_string));
    let regions = reference
        .regions
        .values()
        .filter(|r| r.is_autonomous())
        .filter(|r| match (role, &user_region) {
            (Role::RegionalOfficer | Role::RegionalApprover, Some(own)) => r.code == *own,
            (Role::ProvinceOfficer, Some(p)) => r.code.province() == *p,
            _ => true,
        })
        .map(|r| Choice {
            value: r.code.to_string(),
            label: format!("{} ({})", r.name, r.code),
            selected: chosen.as_deref() == Some(r.code.as_str()),
        })
        .collect();
    let list = |o: &Option<Vec<String>>| o.clone().unwrap_or_default();
    NeedFormPage {
        t,
        layout: Layout::for_caller(state, caller, t.t("board.new_need")).in_section("board", super::here(uri)),
        errors,
        regions,
        fields: field_choices(&t, &reference, &list(&v.fields)),
        goals: goal_choices(&t, &reference, &list(&v.sdgs)),
        v,
    }
}

pub async fn new_need(State(state): State<AppState>, caller: Caller, uri: Uri) -> Response {
    render(&need_form(&state, &caller, &uri, NeedInput::default(), Vec::new()))
}

/// The need form as posted.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NeedForm {
    pub region_code: String,
    pub title: String,
    pub description: String,
    pub fields: Vec<String>,
    pub sdgs: Vec<String>,
}

impl NeedForm {
    fn input(&self) -> NeedInput {
        NeedInput {
            region_code: filled(&self.region_code),
            title: filled(&self.title),
            description: filled(&self.description),
            fields: chosen(&self.fields),
            sdgs: chosen(&self.sdgs),
        }
    }
}

pub async fn create_need(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Form(form): Form<NeedForm>,
) -> PageResult {
    let input = form.input();
    match state.app.board.publish_need(&caller.ctx, &input).await {
        Ok(n) => Ok(Redirect::to(&format!("/peluang/kebutuhan/{}", n.id)).into_response()),
        Err(AppError::Invalid(errors)) => {
            let page = need_form(&state, &caller, &uri, input, field_error_lines(&errors));
            Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(e) => Err(PageError::new(uri.path(), e)),
    }
}
