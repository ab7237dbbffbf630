//! The opportunity board: offers and needs.

use super::Db;
use super::rows::{parse, parse_all, strings};
use super::tx::{DbTx, db_err};
use crate::types::DbUuid;
use async_trait::async_trait;
use jalin_app::ports::store::{Listing, NeedFilter, OfferFilter, OpportunityRepo, Page, StoreError, StoreResult};
use jalin_domain::ids::{NeedId, OfferId, UserId};
use jalin_domain::opportunity::{Need, Offer};
use sqlx::types::Json;
use sqlx::{FromRow, QueryBuilder};
use time::{Date, OffsetDateTime};

const OFFER_COLUMNS: &str = "id, publisher_kind, publisher_name, country_iso2, title_id, title_en, description_id, \
     description_en, fields, sdgs, region_types, criteria, deadline, contact, status, owner_id, created_by, \
     created_at, updated_at, version";

#[derive(FromRow)]
struct OfferRow {
    id: DbUuid,
    publisher_kind: String,
    publisher_name: String,
    country_iso2: Option<String>,
    title_id: String,
    title_en: Option<String>,
    description_id: Option<String>,
    description_en: Option<String>,
    fields: Json<Vec<String>>,
    sdgs: Json<Vec<String>>,
    region_types: Json<Vec<String>>,
    criteria: Json<Vec<String>>,
    deadline: Date,
    contact: String,
    status: String,
    owner_id: Option<DbUuid>,
    created_by: String,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
    version: i64,
}

impl OfferRow {
    fn into_offer(self) -> StoreResult<Offer> {
        Ok(Offer {
            id: OfferId(self.id.0),
            publisher_kind: parse("publisher kind", &self.publisher_kind)?,
            publisher_name: self.publisher_name,
            country_iso2: self.country_iso2.map(|c| parse("country code", &c)).transpose()?,
            title_id: self.title_id,
            title_en: self.title_en,
            description_id: self.description_id,
            description_en: self.description_en,
            fields: parse_all("urusan code", &self.fields.0)?,
            sdgs: parse_all("SDG code", &self.sdgs.0)?,
            region_types: parse_all("region type", &self.region_types.0)?,
            criteria: parse_all("region criterion", &self.criteria.0)?,
            deadline: self.deadline,
            contact: self.contact,
            status: parse("status", &self.status)?,
            owner: self.owner_id.map(|u| UserId(u.0)),
            created_by: self.created_by,
            created_at: self.created_at,
            updated_at: self.updated_at,
            version: self.version,
        })
    }
}

const NEED_COLUMNS: &str =
    "id, region_code, title, description, fields, sdgs, status, created_by, created_at, updated_at, version";

#[derive(FromRow)]
struct NeedRow {
    id: DbUuid,
    region_code: String,
    title: String,
    description: Option<String>,
    fields: Json<Vec<String>>,
    sdgs: Json<Vec<String>>,
    status: String,
    created_by: String,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
    version: i64,
}

impl NeedRow {
    fn into_need(self) -> StoreResult<Need> {
        Ok(Need {
            id: NeedId(self.id.0),
            region_code: parse("region code", &self.region_code)?,
            title: self.title,
            description: self.description,
            fields: parse_all("urusan code", &self.fields.0)?,
            sdgs: parse_all("SDG code", &self.sdgs.0)?,
            status: parse("status", &self.status)?,
            created_by: self.created_by,
            created_at: self.created_at,
            updated_at: self.updated_at,
            version: self.version,
        })
    }
}

/// `AND id IN (…)` over the elements of a JSON list column of `table`.
fn push_list_filter(qb: &mut QueryBuilder<Db>, table: &str, column: &str, value: String, goal_prefix: bool) {
    qb.push(format!(
        " AND id IN (SELECT t2.id FROM {table} t2, {} WHERE value = ",
        super::json_values(&format!("t2.{column}"))
    ))
    .push_bind(value.clone());
    if goal_prefix {
        qb.push(" OR value LIKE ").push_bind(format!("{value}.%"));
    }
    qb.push(")");
}

fn push_offer_filter(qb: &mut QueryBuilder<Db>, f: &OfferFilter) {
    qb.push(" WHERE 1 = 1");
    if let Some(s) = f.status {
        qb.push(" AND status = ").push_bind(s.as_str());
    }
    if let Some(d) = f.deadline_from {
        qb.push(" AND deadline >= ").push_bind(d);
    }
    if let Some(c) = &f.country {
        qb.push(" AND country_iso2 = ").push_bind(c.to_string());
    }
    if let Some(k) = f.publisher_kind {
        qb.push(" AND publisher_kind = ").push_bind(k.as_str());
    }
    if let Some(field) = &f.field {
        push_list_filter(qb, "opportunity_offers", "fields", field.to_string(), false);
    }
    if let Some(goal) = f.sdg_goal {
        push_list_filter(qb, "opportunity_offers", "sdgs", goal.to_string(), true);
    }
}

fn push_need_filter(qb: &mut QueryBuilder<Db>, f: &NeedFilter) {
    qb.push(" WHERE 1 = 1");
    if let Some(s) = f.status {
        qb.push(" AND status = ").push_bind(s.as_str());
    }
    if let Some(r) = &f.region {
        qb.push(" AND region_code = ").push_bind(r.to_string());
    }
    if let Some(p) = &f.province {
        qb.push(" AND province_code = ").push_bind(p.to_string());
    }
    if let Some(field) = &f.field {
        push_list_filter(qb, "opportunity_needs", "fields", field.to_string(), false);
    }
    if let Some(goal) = f.sdg_goal {
        push_list_filter(qb, "opportunity_needs", "sdgs", goal.to_string(), true);
    }
}

impl DbTx {
    /// After an update touched no row: the record is gone, or someone changed it first.
    async fn version_conflict(&mut self, table: &str, id: uuid::Uuid) -> StoreError {
        let current: Result<Option<i64>, _> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT version FROM {table} WHERE id = $1"
        )))
        .bind(DbUuid(id))
        .fetch_optional(self.c())
        .await;
        match current {
            Ok(Some(v)) => StoreError::Conflict(format!("version is now {v}")),
            Ok(None) => StoreError::NotFound,
            Err(e) => db_err(e),
        }
    }
}

#[async_trait]
impl OpportunityRepo for DbTx {
    async fn insert_offer(&mut self, o: &Offer) -> StoreResult<()> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO opportunity_offers ({OFFER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, \
             $12, $13, $14, $15, $16, $17, $18, $19, $20)"
        )))
        .bind(DbUuid(o.id.0))
        .bind(o.publisher_kind.as_str())
        .bind(&o.publisher_name)
        .bind(o.country_iso2.as_ref().map(|c| c.to_string()))
        .bind(&o.title_id)
        .bind(&o.title_en)
        .bind(&o.description_id)
        .bind(&o.description_en)
        .bind(strings(&o.fields))
        .bind(strings(&o.sdgs))
        .bind(Json(
            o.region_types.iter().map(|t| t.as_str().to_owned()).collect::<Vec<_>>(),
        ))
        .bind(strings(&o.criteria))
        .bind(o.deadline)
        .bind(&o.contact)
        .bind(o.status.as_str())
        .bind(o.owner.map(|u| DbUuid(u.0)))
        .bind(&o.created_by)
        .bind(o.created_at)
        .bind(o.updated_at)
        .bind(o.version)
        .execute(self.c())
        .await
        .map_err(db_err)?;
        Ok(())
    }

    async fn update_offer(&mut self, o: &Offer, expected_version: i64) -> StoreResult<()> {
        let result = sqlx::query(
            "UPDATE opportunity_offers SET publisher_kind = $3, publisher_name = $4, country_iso2 = $5, title_id = $6, \
             title_en = $7, description_id = $8, description_en = $9, fields = $10, sdgs = $11, region_types = $12, \
             criteria = $13, deadline = $14, contact = $15, status = $16, updated_at = $17, version = $18 \
             WHERE id = $1 AND version = $2",
        )
        .bind(DbUuid(o.id.0))
        .bind(expected_version)
        .bind(o.publisher_kind.as_str())
        .bind(&o.publisher_name)
        .bind(o.country_iso2.as_ref().map(|c| c.to_string()))
        .bind(&o.title_id)
        .bind(&o.title_en)
        .bind(&o.description_id)
        .bind(&o.description_en)
        .bind(strings(&o.fields))
        .bind(strings(&o.sdgs))
        .bind(Json(
            o.region_types.iter().map(|t| t.as_str().to_owned()).collect::<Vec<_>>(),
        ))
        .bind(strings(&o.criteria))
        .bind(o.deadline)
        .bind(&o.contact)
        .bind(o.status.as_str())
        .bind(o.updated_at)
        .bind(o.version)
        .execute(self.c())
        .await
        .map_err(db_err)?;
        if result.rows_affected() == 0 {
            return Err(self.version_conflict("opportunity_offers", o.id.0).await);
        }
        Ok(())
    }

    async fn offer(&mut self, id: OfferId) -> StoreResult<Option<Offer>> {
        let row: Option<OfferRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {OFFER_COLUMNS} FROM opportunity_offers WHERE id = $1"
        )))
        .bind(DbUuid(id.0))
        .fetch_optional(self.c())
        .await
        .map_err(db_err)?;
        row.map(OfferRow::into_offer).transpose()
    }

    async fn offers(&mut self, filter: &OfferFilter, page: Page) -> StoreResult<Listing<Offer>> {
        let total = self
            .count_where("opportunity_offers", |qb| push_offer_filter(qb, filter))
            .await?;
        let select = format!("SELECT {OFFER_COLUMNS} FROM opportunity_offers");
        let rows: Vec<OfferRow> = self
            .page_where(
                &select,
                |qb| push_offer_filter(qb, filter),
                "created_at DESC, id DESC",
                page,
            )
            .await?;
        let items = rows.into_iter().map(OfferRow::into_offer).collect::<StoreResult<_>>()?;
        Ok(Listing { items, total })
    }

    async fn insert_need(&mut self, n: &Need) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO opportunity_needs (id, region_code, province_code, title, description, fields, sdgs, status, \
             created_by, created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(DbUuid(n.id.0))
        .bind(n.region_code.to_string())
        .bind(n.region_code.province().to_string())
        .bind(&n.title)
        .bind(&n.description)
        .bind(strings(&n.fields))
        .bind(strings(&n.sdgs))
        .bind(n.status.as_str())
        .bind(&n.created_by)
        .bind(n.created_at)
        .bind(n.updated_at)
        .bind(n.version)
        .execute(self.c())
        .await
        .map_err(db_err)?;
        Ok(())
    }

    async fn update_need(&mut self, n: &Need, expected_version: i64) -> StoreResult<()> {
        let result = sqlx::query(
            "UPDATE opportunity_needs SET title = $3, description = $4, fields = $5, sdgs = $6, status = $7, \
             updated_at = $8, version = $9 WHERE id = $1 AND version = $2",
        )
        .bind(DbUuid(n.id.0))
        .bind(expected_version)
        .bind(&n.title)
        .bind(&n.description)
        .bind(strings(&n.fields))
        .bind(strings(&n.sdgs))
        .bind(n.status.as_str())
        .bind(n.updated_at)
        .bind(n.version)
        .execute(self.c())
        .await
        .map_err(db_err)?;
        if result.rows_affected() == 0 {
            return Err(self.version_conflict("opportunity_needs", n.id.0).await);
        }
        Ok(())
    }

    async fn need(&mut self, id: NeedId) -> StoreResult<Option<Need>> {
        let row: Option<NeedRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {NEED_COLUMNS} FROM opportunity_needs WHERE id = $1"
        )))
        .bind(DbUuid(id.0))
        .fetch_optional(self.c())
        .await
        .map_err(db_err)?;
        row.map(NeedRow::into_need).transpose()
    }

    async fn needs(&mut self, filter: &NeedFilter, page: Page) -> StoreResult<Listing<Need>> {
        let total = self
            .count_where("opportunity_needs", |qb| push_need_filter(qb, filter))
            .await?;
        let select = format!("SELECT {NEED_COLUMNS} FROM opportunity_needs");
        let rows: Vec<NeedRow> = self
            .page_where(
                &select,
                |qb| push_need_filter(qb, filter),
                "created_at DESC, id DESC",
                page,
            )
            .await?;
        let items = rows.into_iter().map(NeedRow::into_need).collect::<StoreResult<_>>()?;
        Ok(Listing { items, total })
    }
}
