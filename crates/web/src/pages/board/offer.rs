//! An offer's page with the regions it fits, and closing an offer.

use super::{OfferRow, ReasonView, SuggestionView, decimal, offer_row, reason_views, suggestion_view};
use crate::AppState;
use crate::auth::Caller;
use crate::i18n::Tr;
use crate::pages::views::{LinkView, in_reader_language};
use crate::pages::{Layout, OrPage, PageResult, render};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::{IntoResponse, Redirect};
use jalin_app::board::Board;
use jalin_app::board::RegionMatch;
use jalin_app::ports::store::Page;
use jalin_app::reference::ReferenceSnapshot;
use jalin_domain::authz::{Action, scope};
use jalin_domain::opportunity::OpportunityStatus;
use std::sync::Arc;

pub struct MatchRow {
    pub region: LinkView,
    pub type_label: String,
    pub is_3t: bool,
    pub no_foreign: bool,
    pub score: String,
    pub reasons: Vec<ReasonView>,
    pub suggested: Option<SuggestionView>,
}

fn match_row(t: &Tr, reference: &ReferenceSnapshot, m: &RegionMatch) -> MatchRow {
    MatchRow {
        region: LinkView {
            href: format!("/daerah/{}", m.region_code),
            text: m.region_name.clone(),
        },
        type_label: t.code("region_type", m.region_type.as_str()),
        is_3t: m.is_3t,
        no_foreign: !m.has_foreign_cooperation,
        score: decimal(t, m.score),
        reasons: reason_views(t, &m.reasons),
        suggested: m.suggested_partner.as_ref().map(|s| suggestion_view(t, reference, s)),
    }
}

#[derive(Template)]
#[template(path = "offer.html")]
pub struct OfferPage {
    pub t: Tr,
    pub layout: Layout,
    pub id: String,
    pub offer: OfferRow,
    pub description: Option<String>,
    pub contact: String,
    /// The publisher's organisation and display name.
    pub published_by: String,
    pub sought: String,
    pub matches: Vec<MatchRow>,
    pub matches_total: i64,
    pub can_close: bool,
}

pub async fn offer(State(state): State<AppState>, caller: Caller, uri: Uri, Path(id): Path<String>) -> PageResult {
    let t = Tr::new(caller.lang);
    let reference = state.app.reference.snapshot();
    let offer = state.app.board.get_offer(&caller.ctx, &id).await.or_page(&uri)?;
    let matches = state
        .app
        .board
        .offer_matches(&caller.ctx, &id, Page::new(Some(50), None))
        .await
        .or_page(&uri)?;
    let mut sought: Vec<String> = offer
        .region_types
        .iter()
        .map(|r| t.code("region_type", r.as_str()))
        .collect();
    if sought.is_empty() {
        sought.push(t.t("board.any_region").to_owned());
    }
    sought.extend(offer.criteria.iter().map(|c| t.code("criterion", c.as_str())));
    let owner = caller.ctx.actor.user().map(|u| u.id);
    let can_close = offer.status == OpportunityStatus::Open
        && match scope(caller.ctx.actor.role(), Action::OpportunityOffer) {
            Some(jalin_domain::authz::Scope::All) => true,
            Some(_) => owner.is_some() && offer.owner == owner,
            None => false,
        };
    Ok(render(&OfferPage {
        t,
        layout: Layout::for_caller(&state, &caller, &offer.title_id).in_section("board", super::here(&uri)),
        id: offer.id.to_string(),
        description: in_reader_language(&t, &offer.description_id, &offer.description_en),
        contact: offer.contact.clone(),
        published_by: offer.created_by.clone(),
        sought: sought.join(", "),
        offer: offer_row(&t, &reference, &offer, &[]),
        matches: matches.items.iter().map(|m| match_row(&t, &reference, m)).collect(),
        matches_total: matches.total,
        can_close,
    }))
}

pub async fn close_offer(
    State(board): State<Arc<Board>>,
    caller: Caller,
    uri: Uri,
    Path(id): Path<String>,
) -> PageResult {
    let o = board.close_offer(&caller.ctx, &id).await.or_page(&uri)?;
    Ok(Redirect::to(&format!("/peluang/tawaran/{}", o.id)).into_response())
}
