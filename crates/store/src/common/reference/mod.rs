//! Reference data storage: replacing whole datasets (`install`) and answering reference
//! queries (here, and place-name search in `places`).

use super::Db;
use super::rows::parse;
use super::tx::{DbTx, db_err};
use async_trait::async_trait;
use jalin_app::ports::store::{
    CountryFilter, DatasetRows, Listing, Page, PlaceQuery, ReferenceRepo, RegionFilter, StoreResult,
};
use jalin_domain::codes::{CountryCode, GeonameId, RegionCode, SubdivisionCode, UrusanCode};
use jalin_domain::reference::{
    City, Country, DatasetVersion, Holiday, Place, Region, SdgGoal, SdgIndicator, SdgTarget, SdgTargetKeywords,
    Subdivision, Twinning, Urusan,
};
use rows::{
    CITY_COLUMNS, COUNTRY_COLUMNS, CityRow, CountryRow, DatasetRow, REGION_COLUMNS, RegionRow, SUBDIVISION_COLUMNS,
    SubdivisionRow,
};
use sqlx::QueryBuilder;
use sqlx::types::Json;
use time::Date;

mod install;
mod places;
mod rows;

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

#[async_trait]
impl ReferenceRepo for DbTx {
    async fn dataset_versions(&mut self) -> StoreResult<Vec<DatasetVersion>> {
        let rows: Vec<DatasetRow> = sqlx::query_as(
            "SELECT name, version, source, attribution, row_count, loaded_at FROM reference_datasets ORDER BY name",
        )
        .fetch_all(self.c())
        .await
        .map_err(db_err)?;
        Ok(rows.into_iter().map(DatasetRow::into_version).collect())
    }

    async fn replace_dataset(&mut self, rows: &DatasetRows, version: &DatasetVersion) -> StoreResult<()> {
        super::lock_reference_load(self).await?;
        self.store_dataset(rows).await?;
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
        let total = self.count_where("regions", |qb| push_region_filter(qb, filter)).await?;
        let select = format!("SELECT {REGION_COLUMNS} FROM regions");
        let rows: Vec<RegionRow> = self
            .page_where(&select, |qb| push_region_filter(qb, filter), "code", page)
            .await?;
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
        let total = self
            .count_where("countries", |qb| push_country_filter(qb, filter))
            .await?;
        let select = format!("SELECT {COUNTRY_COLUMNS} FROM countries");
        let rows: Vec<CountryRow> = self
            .page_where(&select, |qb| push_country_filter(qb, filter), "name_key, iso2", page)
            .await?;
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
        self.find_places(query, page).await
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
