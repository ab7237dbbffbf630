//! Finding cities and subdivisions by (alternate) name in `place_names`.

use super::super::Db;
use super::super::rows::push_page;
use super::super::tx::{DbTx, db_err};
use jalin_app::ports::store::{Listing, Page, PlaceQuery, ReferenceRepo, StoreResult};
use jalin_domain::codes::{GeonameId, SubdivisionCode};
use jalin_domain::reference::{City, Place, PlaceKind, Subdivision};
use jalin_domain::text::prefix_upper_bound;
use sqlx::{FromRow, QueryBuilder};
use std::collections::HashMap;

#[derive(FromRow)]
struct PlaceHitRow {
    kind: String,
    place_ref: String,
    primary_hit: i64,
    matched: String,
}

fn push_place_filter(qb: &mut QueryBuilder<Db>, q: &PlaceQuery) {
    if q.exact {
        qb.push(" WHERE name_key = ").push_bind(q.prefix.clone());
    } else {
        qb.push(" WHERE name_key >= ")
            .push_bind(q.prefix.clone())
            .push(" AND name_key < ")
            .push_bind(prefix_upper_bound(&q.prefix));
    }
    if let Some(c) = &q.country {
        qb.push(" AND country_iso2 = ").push_bind(c.to_string());
    }
    if let Some(k) = q.kind {
        qb.push(" AND kind = ").push_bind(k.as_str());
    }
}

impl DbTx {
    /// Places whose name or alternate name matches, each once, heaviest first.
    pub(super) async fn find_places(&mut self, query: &PlaceQuery, page: Page) -> StoreResult<Listing<Place>> {
        let mut count = QueryBuilder::<Db>::new("SELECT COUNT(*) FROM (SELECT kind, place_ref FROM place_names");
        push_place_filter(&mut count, query);
        count.push(" GROUP BY kind, place_ref) hits");
        let total: i64 = count.build_query_scalar().fetch_one(self.c()).await.map_err(db_err)?;

        let mut qb = QueryBuilder::<Db>::new(
            "SELECT kind, place_ref, CAST(MAX(CASE WHEN is_primary THEN 1 ELSE 0 END) AS BIGINT) AS primary_hit, \
             MIN(name) AS matched, MAX(rank_weight) AS weight FROM place_names",
        );
        push_place_filter(&mut qb, query);
        qb.push(" GROUP BY kind, place_ref ORDER BY weight DESC, kind, place_ref");
        push_page(&mut qb, page);
        let hits: Vec<PlaceHitRow> = qb.build_query_as().fetch_all(self.c()).await.map_err(db_err)?;

        let city_ids: Vec<GeonameId> = hits
            .iter()
            .filter(|h| h.kind == "city")
            .filter_map(|h| h.place_ref.parse().ok().map(GeonameId))
            .collect();
        let codes: Vec<SubdivisionCode> = hits
            .iter()
            .filter(|h| h.kind == "subdivision")
            .map(|h| SubdivisionCode::from_reference(&h.place_ref))
            .collect();
        let cities: HashMap<i64, City> = self
            .cities_by_ids(&city_ids)
            .await?
            .into_iter()
            .map(|c| (c.geonameid.0, c))
            .collect();
        let subdivisions: HashMap<String, Subdivision> = self
            .subdivisions_by_codes(&codes)
            .await?
            .into_iter()
            .map(|s| (s.code.to_string(), s))
            .collect();
        let mut items = Vec::with_capacity(hits.len());
        for h in hits {
            let matched_name = (h.primary_hit == 0).then_some(h.matched);
            if h.kind == "city" {
                if let Some(c) = h.place_ref.parse::<i64>().ok().and_then(|id| cities.get(&id)) {
                    items.push(Place {
                        kind: PlaceKind::City,
                        geonameid: Some(c.geonameid),
                        subdivision_code: None,
                        name: c.name.clone(),
                        matched_name,
                        country_iso2: c.country_iso2.clone(),
                        admin1_name: c.admin1_name.clone(),
                        population: Some(c.population),
                        latitude: Some(c.latitude),
                        longitude: Some(c.longitude),
                    });
                }
            } else if let Some(s) = subdivisions.get(&h.place_ref) {
                items.push(Place {
                    kind: PlaceKind::Subdivision,
                    geonameid: s.geonameid,
                    subdivision_code: Some(s.code.clone()),
                    name: s.name.clone(),
                    matched_name,
                    country_iso2: s.country_iso2.clone(),
                    admin1_name: None,
                    population: None,
                    latitude: None,
                    longitude: None,
                });
            }
        }
        Ok(Listing { items, total })
    }
}
