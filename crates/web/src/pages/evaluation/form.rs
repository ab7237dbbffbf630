//! The bilingual evaluation form (`/evaluasi/{round}`), filled by the region's officers and
//! by the foreign partner's guest, and the guest's list of evaluations (`/evaluasi`).
//! Guests read it in English unless they chose a language.

use super::views::{SummaryView, summary_view};
use crate::AppState;
use crate::auth::Caller;
use crate::i18n::{LANG_COOKIE, Lang, Tr};
use crate::pages::form::filled;
use crate::pages::{Layout, OrPage, PageResult, field_error_lines, render, render_with_status};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect};
use axum_extra::extract::Form;
use jalin_app::AppError;
use jalin_app::monitoring::EvaluationSummary;
use jalin_domain::monitoring::evaluation::{
    Criterion, EvaluationInput, EvaluationRound, FiledSide, Recommendation, SCORE_RANGE, Side,
};
use jalin_domain::role::Role;
use serde::Deserialize;

/// English for a partner guest who has not chosen a language; else the reader's choice.
fn with_guest_language(mut caller: Caller, headers: &HeaderMap) -> Caller {
    if caller.ctx.actor.role() == Role::PartnerGuest && crate::auth::cookie(headers, LANG_COOKIE).is_none() {
        caller.lang = Lang::En;
    }
    caller
}

pub struct ChoiceView {
    pub value: String,
    pub id: String,
    pub label: String,
    pub checked: bool,
}

pub struct CriterionView {
    pub code: &'static str,
    pub label: String,
    pub question: String,
    pub scores: Vec<ChoiceView>,
    pub comment: String,
}

#[derive(Template)]
#[template(path = "evaluation_form.html")]
pub struct EvaluationFormPage {
    pub t: Tr,
    pub layout: Layout,
    pub round: String,
    pub year: i32,
    pub title: String,
    pub agreement_href: Option<String>,
    pub side_label: String,
    pub criteria: Vec<CriterionView>,
    pub recommendations: Vec<ChoiceView>,
    pub justification: String,
    pub errors: Vec<String>,
    pub saved: bool,
    pub closed: bool,
    pub summary: SummaryView,
}

/// The form's values: as posted, or the side already filed.
fn form_values(input: &EvaluationForm, filed: Option<&FiledSide>) -> EvaluationForm {
    if !input.is_empty() {
        return input.clone();
    }
    let Some(f) = filed else {
        return EvaluationForm::default();
    };
    let mut v = EvaluationForm {
        recommendation: f.recommendation.as_str().to_owned(),
        justification: f.justification.clone(),
        ..EvaluationForm::default()
    };
    for s in &f.scores {
        let (score, comment) = v.slot(s.criterion);
        *score = s.score.to_string();
        *comment = s.comment.clone().unwrap_or_default();
    }
    v
}

fn form_page(
    state: &AppState,
    caller: &Caller,
    uri: &Uri,
    agreement: &jalin_domain::agreement::Agreement,
    round: &EvaluationRound,
    posted: &EvaluationForm,
    errors: Vec<String>,
) -> EvaluationFormPage {
    let t = Tr::new(caller.lang);
    let side = if caller.ctx.actor.role() == Role::PartnerGuest {
        Side::Partner
    } else {
        Side::Region
    };
    let mut v = form_values(posted, round.side(side));
    let title = t.pick(&agreement.title_id, agreement.title_en.as_deref()).to_owned();
    let criteria = Criterion::ALL
        .iter()
        .map(|c| {
            let (score, comment) = v.slot(*c);
            let (score, comment) = (score.clone(), comment.clone());
            CriterionView {
                code: c.as_str(),
                label: t.either(c.label_id(), c.label_en()).to_owned(),
                question: t.either(c.question_id(), c.question_en()).to_owned(),
                scores: SCORE_RANGE
                    .map(|n| ChoiceView {
                        value: n.to_string(),
                        id: format!("{}-{n}", c.as_str()),
                        label: n.to_string(),
                        checked: score == n.to_string(),
                    })
                    .collect(),
                comment,
            }
        })
        .collect();
    let recommendations = Recommendation::ALL
        .iter()
        .map(|r| ChoiceView {
            value: r.as_str().to_owned(),
            id: format!("recommendation-{}", r.as_str()),
            label: t.either(r.label_id(), r.label_en()).to_owned(),
            checked: v.recommendation == r.as_str(),
        })
        .collect();
    let heading = format!("{} {} — {title}", t.either("Evaluasi", "Evaluation"), round.year);
    EvaluationFormPage {
        layout: Layout::for_caller(state, caller, &heading).in_section("registry", crate::pages::here(uri)),
        round: round.id.to_string(),
        year: round.year,
        agreement_href: (side == Side::Region).then(|| format!("/kerja-sama/{}/evaluasi", agreement.id)),
        side_label: t.either(side.label_id(), side.label_en()).to_owned(),
        criteria,
        recommendations,
        justification: std::mem::take(&mut v.justification),
        errors,
        saved: round.side(side).is_some(),
        closed: round.is_complete(),
        summary: summary_view(&t, &EvaluationSummary::of(round)),
        title,
        t,
    }
}

pub async fn fill_form(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    uri: Uri,
    Path(round): Path<String>,
) -> PageResult {
    let caller = with_guest_language(caller, &headers);
    let (agreement, round) = state.app.monitoring.round(&caller.ctx, &round).await.or_page(&uri)?;
    let page = form_page(
        &state,
        &caller,
        &uri,
        &agreement,
        &round,
        &EvaluationForm::default(),
        Vec::new(),
    );
    Ok(render(&page))
}

/// The rubric as posted: a score and a comment per criterion, the recommendation and its
/// justification.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct EvaluationForm {
    pub efficiency: String,
    pub efficiency_comment: String,
    pub effectiveness: String,
    pub effectiveness_comment: String,
    pub mutual_benefit: String,
    pub mutual_benefit_comment: String,
    pub sustainability: String,
    pub sustainability_comment: String,
    pub people_to_people: String,
    pub people_to_people_comment: String,
    pub recommendation: String,
    pub justification: String,
}

impl EvaluationForm {
    fn slot(&mut self, c: Criterion) -> (&mut String, &mut String) {
        match c {
            Criterion::Efficiency => (&mut self.efficiency, &mut self.efficiency_comment),
            Criterion::Effectiveness => (&mut self.effectiveness, &mut self.effectiveness_comment),
            Criterion::MutualBenefit => (&mut self.mutual_benefit, &mut self.mutual_benefit_comment),
            Criterion::Sustainability => (&mut self.sustainability, &mut self.sustainability_comment),
            Criterion::PeopleToPeople => (&mut self.people_to_people, &mut self.people_to_people_comment),
        }
    }

    fn is_empty(&self) -> bool {
        self.recommendation.is_empty()
            && self.justification.is_empty()
            && [
                &self.efficiency,
                &self.effectiveness,
                &self.mutual_benefit,
                &self.sustainability,
                &self.people_to_people,
            ]
            .iter()
            .all(|s| s.is_empty())
    }

    fn input(&self) -> EvaluationInput {
        EvaluationInput {
            efficiency: filled(&self.efficiency),
            efficiency_comment: filled(&self.efficiency_comment),
            effectiveness: filled(&self.effectiveness),
            effectiveness_comment: filled(&self.effectiveness_comment),
            mutual_benefit: filled(&self.mutual_benefit),
            mutual_benefit_comment: filled(&self.mutual_benefit_comment),
            sustainability: filled(&self.sustainability),
            sustainability_comment: filled(&self.sustainability_comment),
            people_to_people: filled(&self.people_to_people),
            people_to_people_comment: filled(&self.people_to_people_comment),
            recommendation: filled(&self.recommendation),
            justification: filled(&self.justification),
        }
    }
}

pub async fn file_side(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    uri: Uri,
    Path(round_id): Path<String>,
    Form(form): Form<EvaluationForm>,
) -> PageResult {
    let caller = with_guest_language(caller, &headers);
    let m = &state.app.monitoring;
    let (agreement, round) = m.round(&caller.ctx, &round_id).await.or_page(&uri)?;
    match m
        .file_side(&caller.ctx, &round_id, &form.input(), caller.lang.code())
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/evaluasi/{round_id}")).into_response()),
        Err(AppError::Invalid(errors)) => {
            let page = form_page(
                &state,
                &caller,
                &uri,
                &agreement,
                &round,
                &form,
                field_error_lines(&errors),
            );
            Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(e) => Err(e).or_page(&uri),
    }
}

pub struct GuestRoundView {
    pub href: String,
    pub year: i32,
    pub filed: bool,
}

pub struct GuestAgreementView {
    pub title: String,
    pub rounds: Vec<GuestRoundView>,
}

#[derive(Template)]
#[template(path = "evaluation_guest.html")]
pub struct GuestHomePage {
    pub t: Tr,
    pub layout: Layout,
    pub agreements: Vec<GuestAgreementView>,
    pub guest: bool,
}

/// A partner guest's evaluations: the agreements it was invited to evaluate and their rounds.
pub async fn guest_home(State(state): State<AppState>, caller: Caller, headers: HeaderMap, uri: Uri) -> PageResult {
    let caller = with_guest_language(caller, &headers);
    let t = Tr::new(caller.lang);
    let invited = state.app.monitoring.guest_agreements(&caller.ctx).await.or_page(&uri)?;
    let agreements = invited
        .iter()
        .map(|g| GuestAgreementView {
            title: t
                .pick(&g.agreement.title_id, g.agreement.title_en.as_deref())
                .to_owned(),
            rounds: g
                .rounds
                .iter()
                .map(|r| GuestRoundView {
                    href: format!("/evaluasi/{}", r.id),
                    year: r.year,
                    filed: r.partner.is_some(),
                })
                .collect(),
        })
        .collect();
    Ok(render(&GuestHomePage {
        layout: Layout::for_caller(
            &state,
            &caller,
            t.either("Evaluasi kerja sama", "Cooperation evaluations"),
        )
        .in_section("evaluation", crate::pages::here(&uri)),
        agreements,
        guest: caller.ctx.actor.role() == Role::PartnerGuest,
        t,
    }))
}
