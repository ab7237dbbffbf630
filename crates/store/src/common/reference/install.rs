//! Installing reference datasets: each replaces a whole table (and, for cities and
//! subdivisions, their rows in the `place_names` search table).

use super::super::tx::{DbTx, db_err};
use super::rows::{CITY_COLUMNS, COUNTRY_COLUMNS, REGION_COLUMNS, SUBDIVISION_COLUMNS};
use jalin_app::ports::store::{DatasetRows, StoreResult};
use jalin_domain::reference::{
    City, Country, Holiday, Region, SdgGoal, SdgIndicator, SdgTarget, SdgTargetKeywords, Subdivision, Twinning, Urusan,
};
use jalin_domain::text::fold;
use sqlx::types::Json;
use std::collections::BTreeSet;

/// Subdivisions have no population in the data; they rank like a city of this size.
const SUBDIVISION_RANK_WEIGHT: i64 = 1_000_000;

/// One row of `place_names`: a folded name pointing at a city or subdivision.
struct PlaceName {
    key: String,
    kind: &'static str,
    place_ref: String,
    name: String,
    is_primary: bool,
    country_iso2: String,
    rank_weight: i64,
}

/// The searchable names of a place: its name first, then its distinct alternate names.
fn place_names<'a>(
    kind: &'static str,
    place_ref: String,
    name: &'a String,
    alternate_names: &'a [String],
    country_iso2: String,
    rank_weight: i64,
) -> impl Iterator<Item = PlaceName> + 'a {
    let mut seen = BTreeSet::new();
    std::iter::once(name)
        .chain(alternate_names.iter())
        .enumerate()
        .filter_map(move |(i, n)| {
            let key = fold(n);
            (!key.is_empty() && seen.insert(key.clone())).then(|| PlaceName {
                key,
                kind,
                place_ref: place_ref.clone(),
                name: n.clone(),
                is_primary: i == 0,
                country_iso2: country_iso2.clone(),
                rank_weight,
            })
        })
}

impl DbTx {
    /// Replaces the dataset's table with `rows`.
    pub(super) async fn store_dataset(&mut self, rows: &DatasetRows) -> StoreResult<()> {
        match rows {
            DatasetRows::Regions(r) => self.store_regions(r).await,
            DatasetRows::Countries(c) => self.store_countries(c).await,
            DatasetRows::Subdivisions(s) => self.store_subdivisions(s).await,
            DatasetRows::Cities(c) => self.store_cities(c).await,
            DatasetRows::SdgGoals(goals) => self.store_sdg_goals(goals).await,
            DatasetRows::SdgTargets(targets) => self.store_sdg_targets(targets).await,
            DatasetRows::SdgIndicators(indicators) => self.store_sdg_indicators(indicators).await,
            DatasetRows::SdgTargetKeywords(keywords) => self.store_sdg_target_keywords(keywords).await,
            DatasetRows::Urusan(list) => self.store_urusan(list).await,
            DatasetRows::Holidays(list) => self.store_holidays(list).await,
            DatasetRows::Twinnings(list) => self.store_twinnings(list).await,
        }
    }

    async fn delete_all_from(&mut self, table: &str) -> StoreResult<()> {
        sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {table}")))
            .execute(self.c())
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn replace_place_names(&mut self, kind: &str, names: &[PlaceName]) -> StoreResult<()> {
        sqlx::query("DELETE FROM place_names WHERE kind = $1")
            .bind(kind)
            .execute(self.c())
            .await
            .map_err(db_err)?;
        self.insert_batched(
            "INSERT INTO place_names (name_key, kind, place_ref, name, is_primary, country_iso2, rank_weight) ",
            7,
            names,
            |mut b, n| {
                b.push_bind(n.key.clone())
                    .push_bind(n.kind)
                    .push_bind(n.place_ref.clone())
                    .push_bind(n.name.clone())
                    .push_bind(n.is_primary)
                    .push_bind(n.country_iso2.clone())
                    .push_bind(n.rank_weight);
            },
        )
        .await
    }

    async fn store_regions(&mut self, regions: &[Region]) -> StoreResult<()> {
        self.delete_all_from("regions").await?;
        let insert = format!("INSERT INTO regions ({REGION_COLUMNS}, name_key) ");
        self.insert_batched(&insert, 22, regions, |mut b, r| {
            b.push_bind(r.code.to_string())
                .push_bind(r.name.clone())
                .push_bind(r.short_name.clone())
                .push_bind(r.region_type.as_str())
                .push_bind(r.is_administrative)
                .push_bind(r.province_code.to_string())
                .push_bind(r.province_name.clone())
                .push_bind(r.province_name_en.clone())
                .push_bind(r.province_iso_3166_2.clone())
                .push_bind(r.capital.clone())
                .push_bind(r.latitude)
                .push_bind(r.longitude)
                .push_bind(r.elevation_m)
                .push_bind(r.utc_offset.map(i64::from))
                .push_bind(r.population)
                .push_bind(r.population_male)
                .push_bind(r.population_female)
                .push_bind(r.area_km2)
                .push_bind(r.is_daerah_tertinggal)
                .push_bind(Json(
                    r.land_border_countries
                        .iter()
                        .map(|c| c.to_string())
                        .collect::<Vec<_>>(),
                ))
                .push_bind(i64::from(r.outermost_small_islands))
                .push_bind(fold(&r.name));
        })
        .await
    }

    async fn store_countries(&mut self, countries: &[Country]) -> StoreResult<()> {
        self.delete_all_from("countries").await?;
        let insert = format!("INSERT INTO countries ({COUNTRY_COLUMNS}, name_key) ");
        self.insert_batched(&insert, 19, countries, |mut b, c| {
            b.push_bind(c.iso2.to_string())
                .push_bind(c.iso3.clone())
                .push_bind(c.numeric.clone())
                .push_bind(c.name_en.clone())
                .push_bind(c.official_name_en.clone())
                .push_bind(c.name_id.clone())
                .push_bind(c.is_un_member)
                .push_bind(c.sovereign_iso2.as_ref().map(|s| s.to_string()))
                .push_bind(c.diplomatic_relations.as_str())
                .push_bind(c.relations_note.clone())
                .push_bind(c.continent.clone())
                .push_bind(c.capital.clone())
                .push_bind(c.population)
                .push_bind(c.area_km2)
                .push_bind(c.currency.clone())
                .push_bind(Json(c.languages.clone()))
                .push_bind(Json(c.neighbours.iter().map(|n| n.to_string()).collect::<Vec<_>>()))
                .push_bind(c.geonameid.map(|g| g.0))
                .push_bind(format!(
                    "{} | {} | {}",
                    fold(&c.name_en),
                    fold(&c.name_id),
                    c.iso2.as_str().to_ascii_lowercase()
                ));
        })
        .await
    }

    async fn store_subdivisions(&mut self, subdivisions: &[Subdivision]) -> StoreResult<()> {
        self.delete_all_from("subdivisions").await?;
        let insert = format!("INSERT INTO subdivisions ({SUBDIVISION_COLUMNS}) ");
        self.insert_batched(&insert, 8, subdivisions, |mut b, s| {
            b.push_bind(s.code.to_string())
                .push_bind(s.country_iso2.to_string())
                .push_bind(s.name.clone())
                .push_bind(s.category.clone())
                .push_bind(s.iso_code.clone())
                .push_bind(s.geonames_code.clone())
                .push_bind(s.geonameid.map(|g| g.0))
                .push_bind(Json(s.alternate_names.clone()));
        })
        .await?;
        let names: Vec<PlaceName> = subdivisions
            .iter()
            .flat_map(|s| {
                let country = s.country_iso2.to_string();
                let weight = SUBDIVISION_RANK_WEIGHT;
                place_names(
                    "subdivision",
                    s.code.to_string(),
                    &s.name,
                    &s.alternate_names,
                    country,
                    weight,
                )
            })
            .collect();
        self.replace_place_names("subdivision", &names).await
    }

    async fn store_cities(&mut self, cities: &[City]) -> StoreResult<()> {
        self.delete_all_from("cities").await?;
        let insert = format!("INSERT INTO cities ({CITY_COLUMNS}) ");
        self.insert_batched(&insert, 10, cities, |mut b, c| {
            b.push_bind(c.geonameid.0)
                .push_bind(c.name.clone())
                .push_bind(c.latitude)
                .push_bind(c.longitude)
                .push_bind(c.country_iso2.to_string())
                .push_bind(c.admin1_code.clone())
                .push_bind(c.admin1_name.clone())
                .push_bind(c.population)
                .push_bind(c.timezone.clone())
                .push_bind(Json(c.alternate_names.clone()));
        })
        .await?;
        let names: Vec<PlaceName> = cities
            .iter()
            .flat_map(|c| {
                let id = c.geonameid.0.to_string();
                place_names(
                    "city",
                    id,
                    &c.name,
                    &c.alternate_names,
                    c.country_iso2.to_string(),
                    c.population,
                )
            })
            .collect();
        self.replace_place_names("city", &names).await
    }

    async fn store_sdg_goals(&mut self, goals: &[SdgGoal]) -> StoreResult<()> {
        self.delete_all_from("sdg_goals").await?;
        let insert = "INSERT INTO sdg_goals (goal, short_name_en, title_en, short_name_id, color_hex) ";
        self.insert_batched(insert, 5, goals, |mut b, g| {
            b.push_bind(i64::from(g.goal))
                .push_bind(g.short_name_en.clone())
                .push_bind(g.title_en.clone())
                .push_bind(g.short_name_id.clone())
                .push_bind(g.color_hex.clone());
        })
        .await
    }

    /// Targets keep the order of the data (`position`).
    async fn store_sdg_targets(&mut self, targets: &[SdgTarget]) -> StoreResult<()> {
        self.delete_all_from("sdg_targets").await?;
        let numbered: Vec<(usize, &SdgTarget)> = targets.iter().enumerate().collect();
        let insert = "INSERT INTO sdg_targets (target, goal, position, title_en, is_means_of_implementation) ";
        self.insert_batched(insert, 5, &numbered, |mut b, (i, t)| {
            b.push_bind(t.target.clone())
                .push_bind(i64::from(t.goal))
                .push_bind(*i as i64)
                .push_bind(t.title_en.clone())
                .push_bind(t.is_means_of_implementation);
        })
        .await
    }

    /// Indicators keep the order of the data (`position`).
    async fn store_sdg_indicators(&mut self, indicators: &[SdgIndicator]) -> StoreResult<()> {
        self.delete_all_from("sdg_indicators").await?;
        let numbered: Vec<(usize, &SdgIndicator)> = indicators.iter().enumerate().collect();
        let insert =
            "INSERT INTO sdg_indicators (indicator, target, goal, position, title_en, unsd_code, repeated_as) ";
        self.insert_batched(insert, 7, &numbered, |mut b, (i, ind)| {
            b.push_bind(ind.indicator.clone())
                .push_bind(ind.target.clone())
                .push_bind(i64::from(ind.goal))
                .push_bind(*i as i64)
                .push_bind(ind.title_en.clone())
                .push_bind(ind.unsd_code.clone())
                .push_bind(Json(ind.repeated_as.clone()));
        })
        .await
    }

    async fn store_sdg_target_keywords(&mut self, keywords: &[SdgTargetKeywords]) -> StoreResult<()> {
        self.delete_all_from("sdg_target_keywords").await?;
        let insert = "INSERT INTO sdg_target_keywords (target, keywords) ";
        self.insert_batched(insert, 2, keywords, |mut b, k| {
            b.push_bind(k.target.clone()).push_bind(Json(k.keywords.clone()));
        })
        .await
    }

    async fn store_urusan(&mut self, list: &[Urusan]) -> StoreResult<()> {
        self.delete_all_from("urusan").await?;
        let insert = "INSERT INTO urusan (code, name_id, name_en, category, held_by, notes) ";
        self.insert_batched(insert, 6, list, |mut b, u| {
            b.push_bind(u.code.to_string())
                .push_bind(u.name_id.clone())
                .push_bind(u.name_en.clone())
                .push_bind(u.category.clone())
                .push_bind(Json(u.held_by.clone()))
                .push_bind(u.notes.clone());
        })
        .await
    }

    /// The same holiday listed twice (date, kind and name) is stored once.
    async fn store_holidays(&mut self, list: &[Holiday]) -> StoreResult<()> {
        self.delete_all_from("holidays").await?;
        let mut seen = BTreeSet::new();
        let unique: Vec<&Holiday> = list
            .iter()
            .filter(|h| seen.insert((h.date, h.kind.clone(), h.name_id.clone())))
            .collect();
        let insert = "INSERT INTO holidays (day, kind, name_id, name_en, legal_basis) ";
        self.insert_batched(insert, 5, &unique, |mut b, h| {
            b.push_bind(h.date)
                .push_bind(h.kind.clone())
                .push_bind(h.name_id.clone())
                .push_bind(h.name_en.clone())
                .push_bind(h.legal_basis.clone());
        })
        .await
    }

    /// Twinnings keep the order of the data (`position`).
    async fn store_twinnings(&mut self, list: &[Twinning]) -> StoreResult<()> {
        self.delete_all_from("twinnings").await?;
        let numbered: Vec<(usize, &Twinning)> = list.iter().enumerate().collect();
        let insert =
            "INSERT INTO twinnings (position, city_a, country_a, city_b, country_b, geonameid_a, geonameid_b) ";
        self.insert_batched(insert, 7, &numbered, |mut b, (i, t)| {
            b.push_bind(*i as i64)
                .push_bind(t.city_a.clone())
                .push_bind(t.country_a.to_string())
                .push_bind(t.city_b.clone())
                .push_bind(t.country_b.to_string())
                .push_bind(t.geonameid_a.map(|g| g.0))
                .push_bind(t.geonameid_b.map(|g| g.0));
        })
        .await
    }
}
