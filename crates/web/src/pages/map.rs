//! The maps page: the world map, the map of Indonesia, agreements by partner country, and
//! the regions with and without foreign cooperation.

use super::views::{LinkView, country_name};
use super::{Layout, render};
use crate::AppState;
use crate::auth::Caller;
use crate::i18n::Tr;
use askama::Template;
use axum::extract::State;
use axum::http::Uri;
use axum::response::Response;
use jalin_app::ctx::Actor;
use jalin_app::registry::AgreementQuery;
use jalin_app::registry::{FacetKey, FacetKind};

pub struct RegionCount {
    pub href: String,
    pub name: String,
    pub province: String,
    pub count: u64,
    pub is_3t: bool,
    pub border: bool,
}

#[derive(Template)]
#[template(path = "maps.html")]
pub struct MapsPage {
    pub t: Tr,
    pub layout: Layout,
    pub world_map: String,
    pub indonesia_map: String,
    pub countries: Vec<(LinkView, u64)>,
    pub with: Vec<RegionCount>,
    pub without: Vec<RegionCount>,
    pub chart_countries: String,
}

pub async fn maps(State(state): State<AppState>, caller: Caller, uri: Uri) -> Response {
    let t = Tr::new(caller.lang);
    let public = state.app.ctx(Actor::Anonymous, caller.ctx.request_id.clone());
    let reference = state.app.reference.snapshot();
    let with_foreign = super::charts::foreign_cooperation_counts(&state).await;
    let counts = state
        .app
        .registry
        .registry_counts(
            &public,
            &AgreementQuery {
                status: Some("in_force".into()),
                ..AgreementQuery::default()
            },
            &[FacetKind::Country],
        )
        .await
        .unwrap_or_default();
    let countries: Vec<(LinkView, u64)> = counts
        .of(FacetKind::Country)
        .iter()
        .filter_map(|c| match &c.key {
            FacetKey::Country(code) if !code.is_indonesia() => Some((
                LinkView {
                    href: format!("/negara/{code}"),
                    text: country_name(&t, &reference, code),
                },
                c.count,
            )),
            _ => None,
        })
        .collect();
    let mut with = Vec::new();
    let mut without = Vec::new();
    for r in reference.regions.values().filter(|r| !r.is_administrative) {
        let n = with_foreign.get(&r.code).copied().unwrap_or(0);
        let row = RegionCount {
            href: format!("/daerah/{}", r.code),
            name: r.name.clone(),
            province: r.province_name.clone(),
            count: n,
            is_3t: r.is_daerah_tertinggal,
            border: !r.land_border_countries.is_empty() || r.outermost_small_islands > 0,
        };
        if n > 0 { with.push(row) } else { without.push(row) }
    }
    with.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    // 3T and border regions first: they are the ones the opportunity board serves first.
    without
        .sort_by(|a, b| (!a.is_3t, !a.border, &a.province, &a.name).cmp(&(!b.is_3t, !b.border, &b.province, &b.name)));
    let chart_countries = super::charts::countries_chart(&t, &countries);
    render(&MapsPage {
        t,
        layout: Layout::for_caller(&state, &caller, t.t("maps.title")).in_section("maps", super::here(&uri)),
        world_map: super::charts::world_partnerships(&state, &t, &public).await,
        indonesia_map: super::charts::indonesia(&state, &t, &with_foreign, None),
        countries,
        with,
        without,
        chart_countries,
    })
}
