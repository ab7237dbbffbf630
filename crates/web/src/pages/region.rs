//! A region's page: its facts, agreements, partners, map, recommended partners and the
//! offers of the opportunity board that fit it.

use super::views::{AgreementRow, LinkView, PartyView, agreement_row, country_name, party_view, query_string};
use super::{Layout, page_error, render};
use crate::AppState;
use crate::auth::Caller;
use crate::i18n::Tr;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::Response;
use jalin_app::ports::store::Page;
use jalin_app::registry::AgreementQuery;
use jalin_domain::reference::RegionType;

#[derive(Template)]
#[template(path = "region.html")]
pub struct RegionPage {
    pub t: Tr,
    pub layout: Layout,
    pub name: String,
    pub code: String,
    pub type_label: String,
    pub province: Option<LinkView>,
    pub capital: Option<String>,
    pub population: Option<String>,
    pub area: Option<String>,
    pub zone: String,
    pub is_3t: bool,
    pub border: Vec<LinkView>,
    pub outermost_islands: i32,
    pub administrative: bool,
    pub foreign_count: u64,
    pub rows: Vec<AgreementRow>,
    pub total: i64,
    pub partners: Vec<PartyView>,
    pub children: Vec<LinkView>,
    pub map: String,
    pub all_href: String,
    /// The recommender's top partners for this region.
    pub suggestions: Vec<super::board::SuggestionView>,
    /// How many places were ranked, as a sentence.
    pub suggestions_hint: String,
    /// Open offers of the opportunity board that fit this region.
    pub offers: Vec<super::board::OfferRow>,
}

pub async fn region(State(state): State<AppState>, caller: Caller, uri: Uri, Path(code): Path<String>) -> Response {
    let t = Tr::new(caller.lang);
    let region = match state.app.reference.get_region(&code).await {
        Ok(r) => r,
        Err(e) => return page_error(uri.path(), e),
    };
    let reference = state.app.reference.snapshot();
    let is_province = region.region_type == RegionType::Provinsi;
    let query = AgreementQuery {
        region: (!is_province).then(|| region.code.to_string()),
        province: is_province.then(|| region.code.to_string()),
        ..AgreementQuery::default()
    };
    let listing = match state
        .app
        .registry
        .list_agreement_views(&caller.ctx, &query, Page::new(Some(50), None))
        .await
    {
        Ok(l) => l,
        Err(e) => return page_error(uri.path(), e),
    };
    let with_foreign = state
        .app
        .registry
        .regions_with_foreign_cooperation()
        .await
        .unwrap_or_default();
    let foreign_count = if is_province {
        with_foreign
            .iter()
            .filter(|(r, _)| r.province() == region.code)
            .map(|(_, n)| n)
            .sum()
    } else {
        with_foreign.get(&region.code).copied().unwrap_or(0)
    };
    let mut partners: Vec<PartyView> = Vec::new();
    for v in &listing.items {
        for p in &v.agreement.parties {
            if p.region_code.as_ref() != Some(&region.code) && !partners.iter().any(|x| x.name == p.name) {
                partners.push(party_view(&t, &reference, p));
            }
        }
    }
    let children = if is_province {
        reference
            .regions
            .values()
            .filter(|r| r.province_code == region.code && r.code != region.code)
            .map(|r| LinkView {
                href: format!("/daerah/{}", r.code),
                text: r.name.clone(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let map = super::charts::region_map(&state, &t, &region.code, &with_foreign);
    // The partner panel is an addition to the page: a failure is logged, not shown.
    let (suggestions, suggestions_hint) = if region.is_administrative {
        (Vec::new(), String::new())
    } else {
        let query = jalin_app::recommendations::RecommendationQuery {
            top: Some(10),
            ..Default::default()
        };
        match state
            .app
            .recommendations
            .recommend_partners(&caller.ctx, region.code.as_str(), &query)
            .await
        {
            Ok(r) => (
                r.items
                    .iter()
                    .map(|s| super::board::suggestion_view(&t, &reference, s))
                    .collect(),
                t.fmt("region.suggestions_hint", &[("ranked", &t.number(r.total as i64))]),
            ),
            Err(e) => {
                tracing::warn!(error = %e, region = %region.code, "no partner recommendations for the region page");
                (Vec::new(), String::new())
            }
        }
    };
    let offers = match state
        .app
        .board
        .region_opportunities(&caller.ctx, region.code.as_str())
        .await
    {
        Ok(m) => super::board::offer_match_rows(&t, &reference, &m),
        Err(e) => {
            tracing::warn!(error = %e, region = %region.code, "no opportunities for the region page");
            Vec::new()
        }
    };
    let zone = crate::i18n::zone_name(region.utc_offset.unwrap_or(7));
    render(&RegionPage {
        t,
        layout: Layout::for_caller(&state, &caller, &region.name).in_section("registry", super::here(&uri)),
        name: region.name.clone(),
        code: region.code.to_string(),
        type_label: t.code("region_type", region.region_type.as_str()),
        province: (!is_province).then(|| LinkView {
            href: format!("/daerah/{}", region.province_code),
            text: region.province_name.clone(),
        }),
        capital: region.capital.clone(),
        population: region.population.map(|p| t.number(p)),
        area: region.area_km2.map(|a| format!("{} km²", t.number(a.round() as i64))),
        zone: zone.to_owned(),
        is_3t: region.is_daerah_tertinggal,
        border: region
            .land_border_countries
            .iter()
            .map(|c| LinkView {
                href: format!("/negara/{c}"),
                text: country_name(&t, &reference, c),
            })
            .collect(),
        outermost_islands: region.outermost_small_islands,
        administrative: region.is_administrative,
        foreign_count,
        rows: listing.items.iter().map(|v| agreement_row(&t, &reference, v)).collect(),
        total: listing.total,
        partners,
        children,
        map,
        all_href: format!(
            "/kerja-sama{}",
            query_string(&[(if is_province { "province" } else { "region" }, region.code.as_str())])
        ),
        suggestions,
        suggestions_hint,
        offers,
    })
}
