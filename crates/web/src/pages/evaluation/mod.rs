//! An agreement's evaluation page (`/kerja-sama/{id}/evaluasi`): its health with the
//! reasons and revival prompts, its evaluation rounds with both sides, opening a round and
//! inviting the foreign partner to evaluate. The rubric form itself is `form.rs`.

mod form;
pub mod views;

pub use form::{file_side, fill_form, guest_home};

use crate::AppState;
use crate::auth::Caller;
use crate::i18n::Tr;
use crate::pages::form::filled;
use crate::pages::{Layout, OrPage, PageResult, field_error_lines, render, render_with_status};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect};
use axum_extra::extract::Form;
use jalin_app::AppError;
use jalin_app::monitoring::EvaluationSummary;
use jalin_domain::authz::{Action, Scope, scope};
use jalin_domain::monitoring::health::RevivalKind;
use serde::Deserialize;
use views::{HealthView, SummaryView, health_view, summary_view};

pub struct RoundView {
    pub id: String,
    pub year: i32,
    pub summary: SummaryView,
    pub fill_href: String,
}

#[derive(Template)]
#[template(path = "evaluation.html")]
pub struct EvaluationPage {
    pub t: Tr,
    pub layout: Layout,
    pub id: String,
    pub title: String,
    pub health: Option<HealthView>,
    pub rounds: Vec<RoundView>,
    pub guests: Vec<String>,
    /// The reader is of the agreement's region (opens rounds, invites the partner).
    pub can_fill: bool,
    pub this_year: i32,
    pub notice: Option<String>,
    pub errors: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct NoticeParam {
    pub ok: Option<String>,
}

fn notice(t: &Tr, code: Option<&str>) -> Option<String> {
    let text = match code? {
        "opened" => t.either("Putaran evaluasi dibuka.", "Evaluation round opened."),
        "invited" => t.either(
            "Undangan evaluasi dikirim kepada mitra.",
            "The partner was invited to evaluate.",
        ),
        "revival" => t.either("Tindak lanjut dicatat.", "Follow-up recorded."),
        _ => return None,
    };
    Some(text.to_owned())
}

async fn page(
    state: &AppState,
    caller: &Caller,
    uri: &Uri,
    id: &str,
    ok: Option<&str>,
    errors: Vec<String>,
) -> Result<EvaluationPage, crate::pages::PageError> {
    let t = Tr::new(caller.lang);
    let m = &state.app.monitoring;
    let agreement = state.app.registry.get_agreement(&caller.ctx, id).await.or_page(uri)?;
    let rounds = m.rounds(&caller.ctx, id).await.or_page(uri)?;
    let role = caller.ctx.actor.role();
    let can_revive = scope(role, Action::RevivalTake).is_some();
    let health = m
        .health(&caller.ctx, id)
        .await
        .ok()
        .map(|h| health_view(&t, &h, can_revive));
    let can_fill = matches!(scope(role, Action::EvaluationFill), Some(s) if s != Scope::Invited);
    let guests = if can_fill {
        m.evaluation_guests(&caller.ctx, id).await.unwrap_or_default()
    } else {
        Vec::new()
    };
    let title = t.pick(&agreement.title_id, agreement.title_en.as_deref()).to_owned();
    let heading = format!("{} — {title}", t.either("Evaluasi", "Evaluation"));
    Ok(EvaluationPage {
        layout: Layout::for_caller(state, caller, &heading).in_section("registry", crate::pages::here(uri)),
        id: agreement.id.to_string(),
        title,
        health,
        rounds: rounds
            .iter()
            .map(|r| RoundView {
                id: r.id.to_string(),
                year: r.year,
                summary: summary_view(&t, &EvaluationSummary::of(r)),
                fill_href: format!("/evaluasi/{}", r.id),
            })
            .collect(),
        guests,
        can_fill,
        this_year: caller.ctx.today.year(),
        notice: notice(&t, ok),
        errors,
        t,
    })
}

pub async fn evaluation_page(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Path(id): Path<String>,
    Query(q): Query<NoticeParam>,
) -> PageResult {
    Ok(render(
        &page(&state, &caller, &uri, &id, q.ok.as_deref(), Vec::new()).await?,
    ))
}

/// The page again with the errors of a refused form (422), or the refusal as an error page.
async fn refused(state: &AppState, caller: &Caller, uri: &Uri, id: &str, e: AppError) -> PageResult {
    match e {
        AppError::Invalid(errors) => {
            let p = page(state, caller, uri, id, None, field_error_lines(&errors)).await?;
            Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &p))
        }
        other => Err(other).or_page(uri),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RoundForm {
    pub year: String,
}

pub async fn open_round(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Path(id): Path<String>,
    Form(form): Form<RoundForm>,
) -> PageResult {
    let year = match filled(&form.year).map(|y| y.parse::<i32>()) {
        None => None,
        Some(Ok(y)) => Some(y),
        Some(Err(_)) => {
            let e = AppError::invalid("year", "invalid_format", "a year, e.g. 2026");
            return refused(&state, &caller, &uri, &id, e).await;
        }
    };
    match state.app.monitoring.open_round(&caller.ctx, &id, year).await {
        Ok(_) => Ok(Redirect::to(&format!("/kerja-sama/{id}/evaluasi?ok=opened")).into_response()),
        Err(e) => refused(&state, &caller, &uri, &id, e).await,
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct GuestForm {
    pub email: String,
    pub name: String,
}

pub async fn invite_partner(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Path(id): Path<String>,
    Form(form): Form<GuestForm>,
) -> PageResult {
    let name = filled(&form.name);
    let result = state
        .app
        .accounts
        .invite_evaluation_guest(&caller.ctx, &id, &form.email, name.as_deref(), &state.config.public_url)
        .await;
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/kerja-sama/{id}/evaluasi?ok=invited")).into_response()),
        Err(e) => refused(&state, &caller, &uri, &id, e).await,
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RevivalForm {
    pub kind: String,
    pub note: String,
}

/// Records a revival prompt and goes where it leads: the activities page to propose one,
/// the registry's edit page to end the agreement formally, else back to the evaluation page.
pub async fn take_revival(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Path(id): Path<String>,
    Form(form): Form<RevivalForm>,
) -> PageResult {
    let note = filled(&form.note);
    match state
        .app
        .monitoring
        .take_revival(&caller.ctx, &id, &form.kind, note.as_deref())
        .await
    {
        Ok(action) => {
            let to = match action.kind {
                RevivalKind::ProposeActivity => format!("/kerja-sama/{id}/pelaksanaan"),
                RevivalKind::EndFormally => format!("/kerja-sama/{id}/ubah"),
                RevivalKind::ScheduleMeeting => format!("/kerja-sama/{id}/evaluasi?ok=revival"),
            };
            Ok(Redirect::to(&to).into_response())
        }
        Err(e) => refused(&state, &caller, &uri, &id, e).await,
    }
}
