//! The board (`/peluang`): open offers and needs, filtered by field, SDG, country and
//! publisher.

use super::{NeedRow, OfferRow, can, country_choices, field_choices, goal_choices, need_row, offer_row};
use crate::AppState;
use crate::auth::Caller;
use crate::i18n::Tr;
use crate::pages::form::filled;
use crate::pages::views::Choice;
use crate::pages::{Layout, OrPage, PageResult, render};
use askama::Template;
use axum::extract::State;
use axum::http::Uri;
use axum_extra::extract::Query;
use jalin_app::AppError;
use jalin_app::board::{NeedQuery, OfferQuery};
use jalin_app::ports::store::{Listing, Page};
use jalin_domain::authz::Action;
use jalin_domain::opportunity::PublisherKind;

#[derive(Template)]
#[template(path = "board.html")]
pub struct BoardPage {
    pub t: Tr,
    pub layout: Layout,
    pub offers: Vec<OfferRow>,
    pub offers_total: i64,
    pub needs: Vec<NeedRow>,
    pub needs_total: i64,
    pub fields: Vec<Choice>,
    pub goals: Vec<Choice>,
    pub countries: Vec<Choice>,
    pub kinds: Vec<Choice>,
    pub can_offer: bool,
    pub can_need: bool,
    pub error: Option<String>,
}

/// A listing, or an empty one with the message when the filters are invalid (the page then
/// says so); other errors are the caller's to show.
fn or_message<T>(result: Result<Listing<T>, AppError>, error: &mut Option<String>) -> Result<Listing<T>, AppError> {
    match result {
        Err(AppError::Invalid(e)) => {
            *error = Some(e.to_string());
            Ok(Listing {
                items: Vec::new(),
                total: 0,
            })
        }
        other => other,
    }
}

pub async fn board(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Query(mut offer_query): Query<OfferQuery>,
) -> PageResult {
    let t = Tr::new(caller.lang);
    let reference = state.app.reference.snapshot();
    // The board shows open offers only, and the choices show the trimmed values.
    offer_query.status = None;
    for value in [
        &mut offer_query.country,
        &mut offer_query.publisher_kind,
        &mut offer_query.field,
        &mut offer_query.sdg,
    ] {
        *value = value.as_deref().and_then(filled);
    }
    let need_query = NeedQuery {
        field: offer_query.field.clone(),
        sdg: offer_query.sdg.clone(),
        ..NeedQuery::default()
    };
    let page = Page::new(Some(50), None);
    let mut error = None;
    let offers = or_message(
        state.app.board.list_offers(&caller.ctx, &offer_query, page).await,
        &mut error,
    )
    .or_page(&uri)?;
    let needs = or_message(
        state.app.board.list_needs(&caller.ctx, &need_query, page).await,
        &mut error,
    )
    .or_page(&uri)?;
    let chosen = |v: &Option<String>| v.iter().cloned().collect::<Vec<_>>();
    Ok(render(&BoardPage {
        t,
        layout: Layout::for_caller(&state, &caller, t.t("board.title")).in_section("board", super::here(&uri)),
        offers: offers.items.iter().map(|o| offer_row(&t, &reference, o, &[])).collect(),
        offers_total: offers.total,
        needs: needs.items.iter().map(|n| need_row(&t, &reference, n)).collect(),
        needs_total: needs.total,
        fields: field_choices(&t, &reference, &chosen(&offer_query.field)),
        goals: goal_choices(&t, &reference, &chosen(&offer_query.sdg)),
        countries: country_choices(&t, &reference, offer_query.country.as_deref()),
        kinds: PublisherKind::ALL
            .iter()
            .map(|k| Choice {
                value: k.as_str().to_owned(),
                label: t.code("publisher_kind", k.as_str()),
                selected: offer_query.publisher_kind.as_deref() == Some(k.as_str()),
            })
            .collect(),
        can_offer: can(&caller, Action::OpportunityOffer),
        can_need: can(&caller, Action::OpportunityNeed),
        error,
    }))
}
