//! A need's page with the offers that answer it, and closing a need.

use super::{NeedRow, OfferRow, need_row, offer_row};
use crate::AppState;
use crate::auth::Caller;
use crate::i18n::Tr;
use crate::pages::{Layout, OrPage, PageResult, render};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::{IntoResponse, Redirect};
use jalin_app::board::Board;
use jalin_domain::authz::{Action, scope};
use jalin_domain::opportunity::OpportunityStatus;
use std::sync::Arc;

#[derive(Template)]
#[template(path = "need.html")]
pub struct NeedPage {
    pub t: Tr,
    pub layout: Layout,
    pub id: String,
    pub need: NeedRow,
    pub description: Option<String>,
    pub published: String,
    /// The publisher's organisation and display name.
    pub published_by: String,
    pub offers: Vec<OfferRow>,
    pub can_close: bool,
}

pub async fn need(State(state): State<AppState>, caller: Caller, uri: Uri, Path(id): Path<String>) -> PageResult {
    let t = Tr::new(caller.lang);
    let reference = state.app.reference.snapshot();
    let need = state.app.board.get_need(&caller.ctx, &id).await.or_page(&uri)?;
    let offers = state
        .app
        .board
        .region_opportunities(&caller.ctx, need.region_code.as_str())
        .await
        .or_page(&uri)?;
    let region_scope = scope(caller.ctx.actor.role(), Action::OpportunityNeed);
    let user_region = caller.ctx.actor.user().and_then(|u| u.region.clone());
    let can_close = need.status == OpportunityStatus::Open
        && match region_scope {
            Some(jalin_domain::authz::Scope::All) => true,
            Some(jalin_domain::authz::Scope::OwnRegion) => user_region.as_ref() == Some(&need.region_code),
            Some(jalin_domain::authz::Scope::OwnProvince) => user_region.as_ref() == Some(&need.region_code.province()),
            _ => false,
        };
    Ok(render(&NeedPage {
        t,
        layout: Layout::for_caller(&state, &caller, &need.title).in_section("board", super::here(&uri)),
        id: need.id.to_string(),
        description: need.description.clone(),
        published: t.date(&need.created_at.date()),
        published_by: need.created_by.clone(),
        need: need_row(&t, &reference, &need),
        offers: offers
            .iter()
            .filter(|m| m.reasons.iter().any(|r| r.code.starts_with("need_")))
            .map(|m| offer_row(&t, &reference, &m.offer, &m.reasons))
            .collect(),
        can_close,
    }))
}

pub async fn close_need(
    State(board): State<Arc<Board>>,
    caller: Caller,
    uri: Uri,
    Path(id): Path<String>,
) -> PageResult {
    let n = board.close_need(&caller.ctx, &id).await.or_page(&uri)?;
    Ok(Redirect::to(&format!("/peluang/kebutuhan/{}", n.id)).into_response())
}
