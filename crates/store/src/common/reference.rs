//! Reference data storage: replacing whole datasets and answering reference queries.

use super::Db;
use super::tx::{DbTx, batch_rows, corrupt, db_err};
use async_trait::async_trait;
use jalin_app::ports::store::{
    CountryFilter, DatasetRows, Listing, Page, PlaceQuery, ReferenceRepo, RegionFilter, StoreResult,
};
use jalin_domain::codes::{CountryCode, GeonameId, RegionCode, SubdivisionCode, UrusanCode};
use jalin_domain::reference::{
    City, Country, DatasetVersion, DiplomaticRelations, Holiday, Place, PlaceKind, Region, RegionType, SdgGoal,
    SdgIndicator, SdgTarget, SdgTargetKeywords, Subdivision, Twinning, Urusan,
};
use jalin_domain::text::{fold, prefix_upper_bound};
use sqlx::types::Json;
use sqlx::{FromRow, QueryBuilder};
use std::collections::{BTreeSet, HashMap};
use time::{Date, OffsetDateTime};

/// Subdivisions have no population in the data; they rank like a city of this size.
const SUBDIVISION_RANK_WEIGHT: i64 = 1_000_000;

fn parse<T: std::str::FromStr>(what: &str, v: &str) -> StoreResult<T> {
    v.parse().map_err(|_| corrupt(what, v))
}

#[derive(FromRow)]
struct DatasetRow {
    name: String,
    version: String,
    source: String,
    attribution: String,
    row_count: i64,
    loaded_at: OffsetDateTime,
}

#[derive(FromRow)]
struct RegionRow {
    code: String,
    name: String,
    short_name: String,
    region_type: String,
    is_administrative: bool,
    province_code: String,
    province_name: String,
    province_name_en: Option<String>,
    province_iso: Option<String>,
    capital: Option<String>,
    latitude: Option<f64>,
    longitude: Option<f64>,
    elevation_m: Option<f64>,
    utc_offset: Option<i64>,
    population: Option<i64>,
    population_male: Option<i64>,
    population_female: Option<i64>,
    area_km2: Option<f64>,
    is_daerah_tertinggal: bool,
    land_border_countries: Json<Vec<String>>,
    outermost_small_islands: i64,
}

impl RegionRow {
    fn into_region(self) -> StoreResult<Region> {
        Ok(Region {
            code: parse("region code", &self.code)?,
            name: self.name,
            short_name: self.short_name,
            region_type: parse::<RegionType>("region type", &self.region_type)?,
            is_administrative: self.is_administrative,
            province_code: parse("province code", &self.province_code)?,
            province_name: self.province_name,
            province_name_en: self.province_name_en,
            province_iso_3166_2: self.province_iso,
            capital: self.capital,
            latitude: self.latitude,
            longitude: self.longitude,
            elevation_m: self.elevation_m,
            utc_offset: self.utc_offset.map(|o| o as i32),
            population: self.population,
            population_male: self.population_male,
            population_female: self.population_female,
            area_km2: self.area_km2,
            is_daerah_tertinggal: self.is_daerah_tertinggal,
            land_border_countries: self
                .land_border_countries
                .0
                .iter()
                .map(|c| parse("country code", c))
                .collect::<StoreResult<_>>()?,
            outermost_small_islands: self.outermost_small_islands as i32,
        })
    }
}

const REGION_COLUMNS: &str = "code, name, short_name, region_type, is_administrative, province_code, province_name, \
     province_name_en, province_iso, capital, latitude, longitude, elevation_m, utc_offset, population, \
     population_male, population_female, area_km2, is_daerah_tertinggal, land_border_countries, outermost_small_islands";

#[derive(FromRow)]
struct CountryRow {
    iso2: String,
    iso3: String,
    numeric_code: String,
    name_en: String,
    official_name_en: Option<String>,
    name_id: String,
    is_un_member: bool,
    sovereign_iso2: Option<String>,
    diplomatic_relations: String,
    relations_note: Option<String>,
    continent: Option<String>,
    capital: Option<String>,
    population: Option<i64>,
    area_km2: Option<f64>,
    currency: Option<String>,
    languages: Json<Vec<String>>,
    neighbours: Json<Vec<String>>,
    geonameid: Option<i64>,
}

impl CountryRow {
    fn into_country(self) -> StoreResult<Country> {
        let relations = match self.diplomatic_relations.as_str() {
            "not_applicable" => DiplomaticRelations::NotApplicable,
            other => parse::<DiplomaticRelations>("relations", other)?,
        };
        Ok(Country {
            iso2: parse("country code", &self.iso2)?,
            iso3: self.iso3,
            numeric: self.numeric_code,
            name_en: self.name_en,
            official_name_en: self.official_name_en,
            name_id: self.name_id,
            is_un_member: self.is_un_member,
            sovereign_iso2: self.sovereign_iso2.map(|c| parse("country code", &c)).transpose()?,
            diplomatic_relations: relations,
            relations_note: self.relations_note,
            continent: self.continent,
            capital: self.capital,
            population: self.population,
            area_km2: self.area_km2,
            currency: self.currency,
            languages: self.languages.0,
            neighbours: self
                .neighbours
                .0
                .iter()
                .map(|c| parse("country code", c))
                .collect::<StoreResult<_>>()?,
            geonameid: self.geonameid.map(GeonameId),
        })
    }
}

const COUNTRY_COLUMNS: &str = "iso2, iso3, numeric_code, name_en, official_name_en, name_id, is_un_member, \
     sovereign_iso2, diplomatic_relations, relations_note, continent, capital, population, area_km2, currency, \
     languages, neighbours, geonameid";

#[derive(FromRow)]
struct SubdivisionRow {
    code: String,
    country_iso2: String,
    name: String,
    category: Option<String>,
    iso_code: Option<String>,
    geonames_code: Option<String>,
    geonameid: Option<i64>,
    alternate_names: Json<Vec<String>>,
}

impl SubdivisionRow {
    fn into_subdivision(self) -> StoreResult<Subdivision> {
        Ok(Subdivision {
            code: SubdivisionCode::from_reference(&self.code),
            country_iso2: parse("country code", &self.country_iso2)?,
            name: self.name,
            category: self.category,
            iso_code: self.iso_code,
            geonames_code: self.geonames_code,
            geonameid: self.geonameid.map(GeonameId),
            alternate_names: self.alternate_names.0,
        })
    }
}

const SUBDIVISION_COLUMNS: &str =
    "code, country_iso2, name, category, iso_code, geonames_code, geonameid, alternate_names";

#[derive(FromRow)]
struct CityRow {
    geonameid: i64,
    name: String,
    latitude: f64,
    longitude: f64,
    country_iso2: String,
    admin1_code: Option<String>,
    admin1_name: Option<String>,
    population: i64,
    timezone: Option<String>,
    alternate_names: Json<Vec<String>>,
}

impl CityRow {
    fn into_city(self) -> StoreResult<City> {
        Ok(City {
            geonameid: GeonameId(self.geonameid),
            name: self.name,
            latitude: self.latitude,
            longitude: self.longitude,
            country_iso2: parse("country code", &self.country_iso2)?,
            admin1_code: self.admin1_code,
            admin1_name: self.admin1_name,
            population: self.population,
            timezone: self.timezone,
            alternate_names: self.alternate_names.0,
        })
    }
}

const CITY_COLUMNS: &str = "geonameid, name, latitude, longitude, country_iso2, admin1_code, admin1_name, population, \
     timezone, alternate_names";

#[derive(FromRow)]
struct PlaceHitRow {
    kind: String,
    place_ref: String,
    primary_hit: i64,
    matched: String,
}

impl DbTx {
    async fn delete_all_from(&mut self, table: &str) -> StoreResult<()> {
        sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {table}")))
            .execute(self.c())
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn insert_place_names(
        &mut self,
        names: &[(String, &'static str, String, String, bool, String, i64)],
    ) -> StoreResult<()> {
        for chunk in names.chunks(batch_rows(7)) {
            let mut qb = QueryBuilder::<Db>::new(
                "INSERT INTO place_names (name_key, kind, place_ref, name, is_primary, country_iso2, rank_weight) ",
            );
            qb.push_values(chunk, |mut b, n| {
                b.push_bind(n.0.clone())
                    .push_bind(n.1)
                    .push_bind(n.2.clone())
                    .push_bind(n.3.clone())
                    .push_bind(n.4)
                    .push_bind(n.5.clone())
                    .push_bind(n.6);
            });
            qb.build().execute(self.c()).await.map_err(db_err)?;
        }
        Ok(())
    }

    async fn store_regions(&mut self, regions: &[Region]) -> StoreResult<()> {
        self.delete_all_from("regions").await?;
        for chunk in regions.chunks(batch_rows(22)) {
            let mut qb = QueryBuilder::<Db>::new(format!("INSERT INTO regions ({REGION_COLUMNS}, name_key) "));
            qb.push_values(chunk, |mut b, r| {
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
            });
            qb.build().execute(self.c()).await.map_err(db_err)?;
        }
        Ok(())
    }

    async fn store_countries(&mut self, countries: &[Country]) -> StoreResult<()> {
        self.delete_all_from("countries").await?;
        for chunk in countries.chunks(batch_rows(19)) {
            let mut qb = QueryBuilder::<Db>::new(format!("INSERT INTO countries ({COUNTRY_COLUMNS}, name_key) "));
            qb.push_values(chunk, |mut b, c| {
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
            });
            qb.build().execute(self.c()).await.map_err(db_err)?;
        }
        Ok(())
    }

    async fn store_subdivisions(&mut self, subdivisions: &[Subdivision]) -> StoreResult<()> {
        self.delete_all_from("subdivisions").await?;
        sqlx::query("DELETE FROM place_names WHERE kind = 'subdivision'")
            .execute(self.c())
            .await
            .map_err(db_err)?;
        for chunk in subdivisions.chunks(batch_rows(8)) {
            let mut qb = QueryBuilder::<Db>::new(format!("INSERT INTO subdivisions ({SUBDIVISION_COLUMNS}) "));
            qb.push_values(chunk, |mut b, s| {
                b.push_bind(s.code.to_string())
                    .push_bind(s.country_iso2.to_string())
                    .push_bind(s.name.clone())
                    .push_bind(s.category.clone())
                    .push_bind(s.iso_code.clone())
                    .push_bind(s.geonames_code.clone())
                    .push_bind(s.geonameid.map(|g| g.0))
                    .push_bind(Json(s.alternate_names.clone()));
            });
            qb.build().execute(self.c()).await.map_err(db_err)?;
        }
        let mut names = Vec::new();
        for s in subdivisions {
            let mut seen = BTreeSet::new();
            for (i, n) in std::iter::once(&s.name).chain(s.alternate_names.iter()).enumerate() {
                let key = fold(n);
                if !key.is_empty() && seen.insert(key.clone()) {
                    names.push((
                        key,
                        "subdivision",
                        s.code.to_string(),
                        n.clone(),
                        i == 0,
                        s.country_iso2.to_string(),
                        SUBDIVISION_RANK_WEIGHT,
                    ));
                }
            }
        }
        self.insert_place_names(&names).await
    }

    async fn store_cities(&mut self, cities: &[City]) -> StoreResult<()> {
        self.delete_all_from("cities").await?;
        sqlx::query("DELETE FROM place_names WHERE kind = 'city'")
            .execute(self.c())
            .await
            .map_err(db_err)?;
        for chunk in cities.chunks(batch_rows(10)) {
            let mut qb = QueryBuilder::<Db>::new(format!("INSERT INTO cities ({CITY_COLUMNS}) "));
            qb.push_values(chunk, |mut b, c| {
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
            });
            qb.build().execute(self.c()).await.map_err(db_err)?;
        }
        let mut names = Vec::new();
        for c in cities {
            let mut seen = BTreeSet::new();
            for (i, n) in std::iter::once(&c.name).chain(c.alternate_names.iter()).enumerate() {
                let key = fold(n);
                if !key.is_empty() && seen.insert(key.clone()) {
                    names.push((
                        key,
                        "city",
                        c.geonameid.0.to_string(),
                        n.clone(),
                        i == 0,
                        c.country_iso2.to_string(),
                        c.population,
                    ));
                }
            }
        }
        self.insert_place_names(&names).await
    }

    async fn store_misc(&mut self, rows: &DatasetRows) -> StoreResult<()> {
        match rows {
            DatasetRows::SdgGoals(goals) => {
                self.delete_all_from("sdg_goals").await?;
                let mut qb = QueryBuilder::<Db>::new(
                    "INSERT INTO sdg_goals (goal, short_name_en, title_en, short_name_id, color_hex) ",
                );
                if goals.is_empty() {
                    return Ok(());
                }
                qb.push_values(goals, |mut b, g| {
                    b.push_bind(i64::from(g.goal))
                        .push_bind(g.short_name_en.clone())
                        .push_bind(g.title_en.clone())
                        .push_bind(g.short_name_id.clone())
                        .push_bind(g.color_hex.clone());
                });
                qb.build().execute(self.c()).await.map_err(db_err)?;
            }
            DatasetRows::SdgTargets(targets) => {
                self.delete_all_from("sdg_targets").await?;
                let numbered: Vec<(usize, &SdgTarget)> = targets.iter().enumerate().collect();
                for chunk in numbered.chunks(batch_rows(5)) {
                    let mut qb = QueryBuilder::<Db>::new(
                        "INSERT INTO sdg_targets (target, goal, position, title_en, is_means_of_implementation) ",
                    );
                    qb.push_values(chunk, |mut b, (i, t)| {
                        b.push_bind(t.target.clone())
                            .push_bind(i64::from(t.goal))
                            .push_bind(*i as i64)
                            .push_bind(t.title_en.clone())
                            .push_bind(t.is_means_of_implementation);
                    });
                    qb.build().execute(self.c()).await.map_err(db_err)?;
                }
            }
            DatasetRows::SdgIndicators(indicators) => {
                self.delete_all_from("sdg_indicators").await?;
                let numbered: Vec<(usize, &SdgIndicator)> = indicators.iter().enumerate().collect();
                for chunk in numbered.chunks(batch_rows(7)) {
                    let mut qb = QueryBuilder::<Db>::new(
                        "INSERT INTO sdg_indicators (indicator, target, goal, position, title_en, unsd_code, repeated_as) ",
                    );
                    qb.push_values(chunk, |mut b, (i, ind)| {
                        b.push_bind(ind.indicator.clone())
                            .push_bind(ind.target.clone())
                            .push_bind(i64::from(ind.goal))
                            .push_bind(*i as i64)
                            .push_bind(ind.title_en.clone())
                            .push_bind(ind.unsd_code.clone())
                            .push_bind(Json(ind.repeated_as.clone()));
                    });
                    qb.build().execute(self.c()).await.map_err(db_err)?;
                }
            }
            DatasetRows::SdgTargetKeywords(keywords) => {
                self.delete_all_from("sdg_target_keywords").await?;
                for chunk in keywords.chunks(batch_rows(2)) {
                    let mut qb = QueryBuilder::<Db>::new("INSERT INTO sdg_target_keywords (target, keywords) ");
                    qb.push_values(chunk, |mut b, k| {
                        b.push_bind(k.target.clone()).push_bind(Json(k.keywords.clone()));
                    });
                    qb.build().execute(self.c()).await.map_err(db_err)?;
                }
            }
            DatasetRows::Urusan(list) => {
                self.delete_all_from("urusan").await?;
                for chunk in list.chunks(batch_rows(6)) {
                    let mut qb = QueryBuilder::<Db>::new(
                        "INSERT INTO urusan (code, name_id, name_en, category, held_by, notes) ",
                    );
                    qb.push_values(chunk, |mut b, u| {
                        b.push_bind(u.code.to_string())
                            .push_bind(u.name_id.clone())
                            .push_bind(u.name_en.clone())
                            .push_bind(u.category.clone())
                            .push_bind(Json(u.held_by.clone()))
                            .push_bind(u.notes.clone());
                    });
                    qb.build().execute(self.c()).await.map_err(db_err)?;
                }
            }
            DatasetRows::Holidays(list) => {
                self.delete_all_from("holidays").await?;
                let mut seen = BTreeSet::new();
                let unique: Vec<&Holiday> = list
                    .iter()
                    .filter(|h| seen.insert((h.date, h.kind.clone(), h.name_id.clone())))
                    .collect();
                for chunk in unique.chunks(batch_rows(5)) {
                    let mut qb =
                        QueryBuilder::<Db>::new("INSERT INTO holidays (day, kind, name_id, name_en, legal_basis) ");
                    qb.push_values(chunk, |mut b, h| {
                        b.push_bind(h.date)
                            .push_bind(h.kind.clone())
                            .push_bind(h.name_id.clone())
                            .push_bind(h.name_en.clone())
                            .push_bind(h.legal_basis.clone());
                    });
                    qb.build().execute(self.c()).await.map_err(db_err)?;
                }
            }
            DatasetRows::Twinnings(list) => {
                self.delete_all_from("twinnings").await?;
                let numbered: Vec<(usize, &Twinning)> = list.iter().enumerate().collect();
                for chunk in numbered.chunks(batch_rows(7)) {
                    let mut qb = QueryBuilder::<Db>::new(
                        "INSERT INTO twinnings (position, city_a, country_a, city_b, country_b, geonameid_a, geonameid_b) ",
                    );
                    qb.push_values(chunk, |mut b, (i, t)| {
                        b.push_bind(*i as i64)
                            .push_bind(t.city_a.clone())
                            .push_bind(t.country_a.to_string())
                            .push_bind(t.city_b.clone())
                            .push_bind(t.country_b.to_string())
                            .push_bind(t.geonameid_a.map(|g| g.0))
                            .push_bind(t.geonameid_b.map(|g| g.0));
                    });
                    qb.build().execute(self.c()).await.map_err(db_err)?;
                }
            }
            DatasetRows::Regions(r) => self.store_regions(r).await?,
            DatasetRows::Countries(c) => self.store_countries(c).await?,
            DatasetRows::Subdivisions(s) => self.store_subdivisions(s).await?,
            DatasetRows::Cities(c) => self.store_cities(c).await?,
        }
        Ok(())
    }
}

fn push_region_filter(qb: &mut QueryBuilder<Db>, f: &RegionFilter) {
    qb.push(" WHERE 1 = 1");
    if let Some(t) = f.region_type {
        qb.push(" AND region_type = ").push_bind(t.as_str());
    }
    if let Some(p) = &f.province {
        qb.push(" AND province_code = ").push_bind(p.to_string());
    }
    if let Some(q) = &f.q {
        qb.push(" AND name_key LIKE ").push_bind(format!("%{q}%"));
    }
    match f.is_3t {
        Some(true) => {
            qb.push(" AND (is_daerah_tertinggal OR outermost_small_islands > 0 OR land_border_countries <> '[]')");
        }
        Some(false) => {
            qb.push(" AND NOT (is_daerah_tertinggal OR outermost_small_islands > 0 OR land_border_countries <> '[]')");
        }
        None => {}
    }
}

fn push_country_filter(qb: &mut QueryBuilder<Db>, f: &CountryFilter) {
    qb.push(" WHERE 1 = 1");
    if let Some(q) = &f.q {
        qb.push(" AND name_key LIKE ").push_bind(format!("%{q}%"));
    }
    if let Some(c) = &f.continent {
        qb.push(" AND continent = ").push_bind(c.clone());
    }
    if let Some(r) = &f.relations {
        qb.push(" AND diplomatic_relations = ").push_bind(r.clone());
    }
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

fn push_page(qb: &mut QueryBuilder<Db>, page: Page) {
    qb.push(" LIMIT ")
        .push_bind(page.limit)
        .push(" OFFSET ")
        .push_bind(page.offset);
}

#[async_trait]
impl ReferenceRepo for DbTx {
    async fn dataset_versions(&mut self) -> StoreResult<Vec<DatasetVersion>> {
        let rows: Vec<DatasetRow> = sqlx::query_as(
            "SELECT name, version, source, attribution, row_count, loaded_at FROM reference_datasets ORDER BY name",
        )
        .fetch_all(self.c())
        .await
        .map_err(db_err)?;
        Ok(rows
            .into_iter()
            .map(|r| DatasetVersion {
                name: r.name,
                version: r.version,
                source: r.source,
                attribution: r.attribution,
                rows: r.row_count,
                loaded_at: r.loaded_at,
            })
            .collect())
    }

    async fn replace_dataset(&mut self, rows: &DatasetRows, version: &DatasetVersion) -> StoreResult<()> {
        super::lock_reference_load(self).await?;
        self.store_misc(rows).await?;
        sqlx::query(
            "INSERT INTO reference_datasets (name, version, source, attribution, row_count, loaded_at) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (name) DO UPDATE SET version = excluded.version, source = excluded.source, \
             attribution = excluded.attribution, row_count = excluded.row_count, loaded_at = excluded.loaded_at",
        )
        .bind(&version.name)
        .bind(&version.version)
        .bind(&version.source)
        .bind(&version.attribution)
        .bind(version.rows)
        .bind(version.loaded_at)
        .execute(self.c())
        .await
        .map_err(db_err)?;
        Ok(())
    }

    async fn list_regions(&mut self, filter: &RegionFilter, page: Page) -> StoreResult<Listing<Region>> {
        let mut count = QueryBuilder::<Db>::new("SELECT COUNT(*) FROM regions");
        push_region_filter(&mut count, filter);
        let total: i64 = count.build_query_scalar().fetch_one(self.c()).await.map_err(db_err)?;
        let mut qb = QueryBuilder::<Db>::new(format!("SELECT {REGION_COLUMNS} FROM regions"));
        push_region_filter(&mut qb, filter);
        qb.push(" ORDER BY code");
        push_page(&mut qb, page);
        let rows: Vec<RegionRow> = qb.build_query_as().fetch_all(self.c()).await.map_err(db_err)?;
        Ok(Listing {
            items: rows
                .into_iter()
                .map(RegionRow::into_region)
                .collect::<StoreResult<_>>()?,
            total,
        })
    }

    async fn get_region(&mut self, code: &RegionCode) -> StoreResult<Option<Region>> {
        let row: Option<RegionRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {REGION_COLUMNS} FROM regions WHERE code = $1"
        )))
        .bind(code.to_string())
        .fetch_optional(self.c())
        .await
        .map_err(db_err)?;
        row.map(RegionRow::into_region).transpose()
    }

    async fn list_countries(&mut self, filter: &CountryFilter, page: Page) -> StoreResult<Listing<Country>> {
        let mut count = QueryBuilder::<Db>::new("SELECT COUNT(*) FROM countries");
        push_country_filter(&mut count, filter);
        let total: i64 = count.build_query_scalar().fetch_one(self.c()).await.map_err(db_err)?;
        let mut qb = QueryBuilder::<Db>::new(format!("SELECT {COUNTRY_COLUMNS} FROM countries"));
        push_country_filter(&mut qb, filter);
        qb.push(" ORDER BY name_key, iso2");
        push_page(&mut qb, page);
        let rows: Vec<CountryRow> = qb.build_query_as().fetch_all(self.c()).await.map_err(db_err)?;
        Ok(Listing {
            items: rows
                .into_iter()
                .map(CountryRow::into_country)
                .collect::<StoreResult<_>>()?,
            total,
        })
    }

    async fn get_country(&mut self, iso2: &CountryCode) -> StoreResult<Option<Country>> {
        let row: Option<CountryRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {COUNTRY_COLUMNS} FROM countries WHERE iso2 = $1"
        )))
        .bind(iso2.to_string())
        .fetch_optional(self.c())
        .await
        .map_err(db_err)?;
        row.map(CountryRow::into_country).transpose()
    }

    async fn search_places(&mut self, query: &PlaceQuery, page: Page) -> StoreResult<Listing<Place>> {
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

    async fn cities_by_ids(&mut self, ids: &[GeonameId]) -> StoreResult<Vec<City>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut qb = QueryBuilder::<Db>::new(format!("SELECT {CITY_COLUMNS} FROM cities WHERE geonameid IN ("));
        let mut list = qb.separated(", ");
        for id in ids {
            list.push_bind(id.0);
        }
        qb.push(") ORDER BY geonameid");
        let rows: Vec<CityRow> = qb.build_query_as().fetch_all(self.c()).await.map_err(db_err)?;
        rows.into_iter().map(CityRow::into_city).collect()
    }

    async fn all_cities(&mut self) -> StoreResult<Vec<City>> {
        #[allow(clippy::type_complexity)]
        let rows: Vec<(
            i64,
            String,
            f64,
            f64,
            String,
            Option<String>,
            Option<String>,
            i64,
            Option<String>,
        )> = sqlx::query_as(
            "SELECT geonameid, name, latitude, longitude, country_iso2, admin1_code, admin1_name, population, \
                 timezone FROM cities ORDER BY geonameid",
        )
        .fetch_all(self.c())
        .await
        .map_err(db_err)?;
        rows.into_iter()
            .map(
                |(id, name, latitude, longitude, country, admin1_code, admin1_name, population, timezone)| {
                    Ok(City {
                        geonameid: GeonameId(id),
                        name,
                        latitude,
                        longitude,
                        country_iso2: parse("country code", &country)?,
                        admin1_code,
                        admin1_name,
                        population,
                        timezone,
                        alternate_names: Vec::new(),
                    })
                },
            )
            .collect()
    }

    async fn all_subdivisions(&mut self) -> StoreResult<Vec<Subdivision>> {
        let rows: Vec<SubdivisionRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {SUBDIVISION_COLUMNS} FROM subdivisions ORDER BY code"
        )))
        .fetch_all(self.c())
        .await
        .map_err(db_err)?;
        rows.into_iter().map(SubdivisionRow::into_subdivision).collect()
    }

    async fn subdivisions_by_codes(&mut self, codes: &[SubdivisionCode]) -> StoreResult<Vec<Subdivision>> {
        if codes.is_empty() {
            return Ok(Vec::new());
        }
        let mut qb = QueryBuilder::<Db>::new(format!(
            "SELECT {SUBDIVISION_COLUMNS} FROM subdivisions WHERE code IN ("
        ));
        let mut list = qb.separated(", ");
        for c in codes {
            list.push_bind(c.to_string());
        }
        qb.push(") ORDER BY code");
        let rows: Vec<SubdivisionRow> = qb.build_query_as().fetch_all(self.c()).await.map_err(db_err)?;
        rows.into_iter().map(SubdivisionRow::into_subdivision).collect()
    }

    async fn sdg_goals(&mut self) -> StoreResult<Vec<SdgGoal>> {
        let rows: Vec<(i64, String, String, String, String)> = sqlx::query_as(
            "SELECT goal, short_name_en, title_en, short_name_id, color_hex FROM sdg_goals ORDER BY goal",
        )
        .fetch_all(self.c())
        .await
        .map_err(db_err)?;
        Ok(rows
            .into_iter()
            .map(|(goal, short_name_en, title_en, short_name_id, color_hex)| SdgGoal {
                goal: goal as i32,
                short_name_en,
                title_en,
                short_name_id,
                color_hex,
            })
            .collect())
    }

    async fn sdg_targets(&mut self, goal: Option<i32>) -> StoreResult<Vec<SdgTarget>> {
        let mut qb = QueryBuilder::<Db>::new(
            "SELECT target, goal, title_en, is_means_of_implementation FROM sdg_targets WHERE 1 = 1",
        );
        if let Some(g) = goal {
            qb.push(" AND goal = ").push_bind(i64::from(g));
        }
        qb.push(" ORDER BY goal, position");
        let rows: Vec<(String, i64, String, bool)> = qb.build_query_as().fetch_all(self.c()).await.map_err(db_err)?;
        Ok(rows
            .into_iter()
            .map(|(target, goal, title_en, is_means_of_implementation)| SdgTarget {
                target,
                goal: goal as i32,
                title_en,
                is_means_of_implementation,
            })
            .collect())
    }

    async fn sdg_indicators(&mut self, goal: Option<i32>, target: Option<&str>) -> StoreResult<Vec<SdgIndicator>> {
        let mut qb = QueryBuilder::<Db>::new(
            "SELECT indicator, target, goal, title_en, unsd_code, repeated_as FROM sdg_indicators WHERE 1 = 1",
        );
        if let Some(g) = goal {
            qb.push(" AND goal = ").push_bind(i64::from(g));
        }
        if let Some(t) = target {
            qb.push(" AND target = ").push_bind(t.to_owned());
        }
        qb.push(" ORDER BY goal, position");
        #[allow(clippy::type_complexity)]
        let rows: Vec<(String, String, i64, String, Option<String>, Json<Vec<String>>)> =
            qb.build_query_as().fetch_all(self.c()).await.map_err(db_err)?;
        Ok(rows
            .into_iter()
            .map(
                |(indicator, target, goal, title_en, unsd_code, repeated_as)| SdgIndicator {
                    indicator,
                    target,
                    goal: goal as i32,
                    title_en,
                    unsd_code,
                    repeated_as: repeated_as.0,
                },
            )
            .collect())
    }

    async fn urusan(&mut self) -> StoreResult<Vec<Urusan>> {
        #[allow(clippy::type_complexity)]
        let rows: Vec<(String, String, String, String, Json<Vec<String>>, Option<String>)> =
            sqlx::query_as("SELECT code, name_id, name_en, category, held_by, notes FROM urusan ORDER BY code")
                .fetch_all(self.c())
                .await
                .map_err(db_err)?;
        rows.into_iter()
            .map(|(code, name_id, name_en, category, held_by, notes)| {
                Ok(Urusan {
                    code: parse::<UrusanCode>("urusan code", &code)?,
                    name_id,
                    name_en,
                    category,
                    held_by: held_by.0,
                    notes,
                })
            })
            .collect()
    }

    async fn holidays(&mut self, from: Date, to: Date) -> StoreResult<Vec<Holiday>> {
        let rows: Vec<(Date, String, String, String, Option<String>)> = sqlx::query_as(
            "SELECT day, kind, name_id, name_en, legal_basis FROM holidays WHERE day >= $1 AND day <= $2 \
             ORDER BY day, kind, name_id",
        )
        .bind(from)
        .bind(to)
        .fetch_all(self.c())
        .await
        .map_err(db_err)?;
        Ok(rows
            .into_iter()
            .map(|(date, kind, name_id, name_en, legal_basis)| Holiday {
                date,
                kind,
                name_id,
                name_en,
                legal_basis,
            })
            .collect())
    }

    async fn twinnings(&mut self) -> StoreResult<Vec<Twinning>> {
        #[allow(clippy::type_complexity)]
        let rows: Vec<(String, String, String, String, Option<i64>, Option<i64>)> = sqlx::query_as(
            "SELECT city_a, country_a, city_b, country_b, geonameid_a, geonameid_b FROM twinnings ORDER BY position",
        )
        .fetch_all(self.c())
        .await
        .map_err(db_err)?;
        rows.into_iter()
            .map(|(city_a, a, city_b, b, ga, gb)| {
                Ok(Twinning {
                    city_a,
                    country_a: parse("country code", &a)?,
                    city_b,
                    country_b: parse("country code", &b)?,
                    geonameid_a: ga.map(GeonameId),
                    geonameid_b: gb.map(GeonameId),
                })
            })
            .collect()
    }

    async fn sdg_target_keywords(&mut self) -> StoreResult<Vec<SdgTargetKeywords>> {
        let rows: Vec<(String, Json<Vec<String>>)> =
            sqlx::query_as("SELECT target, keywords FROM sdg_target_keywords ORDER BY target")
                .fetch_all(self.c())
                .await
                .map_err(db_err)?;
        Ok(rows
            .into_iter()
            .map(|(target, keywords)| SdgTargetKeywords {
                target,
                keywords: keywords.0,
            })
            .collect())
    }
}
