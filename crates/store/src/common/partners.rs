//! Partner storage.

use super::Db;
use super::rows::parse_opt;
use super::tx::{DbTx, corrupt, db_err};
use crate::types::DbUuid;
use async_trait::async_trait;
use jalin_app::ports::store::{
    Listing, Page, PartnerFilter, PartnerIdentity, PartnerReach, PartnerRepo, StoreError, StoreResult, Visibility,
};
use jalin_domain::codes::{CountryCode, GeonameId, SubdivisionCode};
use jalin_domain::ids::PartnerId;
use jalin_domain::partner::{Partner, PartnerKind};
use jalin_domain::text::fold;
use sqlx::{FromRow, QueryBuilder};
use time::OffsetDateTime;

pub(crate) const PARTNER_COLUMNS: &str = "id, kind, name, name_en, country_iso2, region_code, geonameid, \
     subdivision_code, level, category, website, description, created_at, updated_at";

#[derive(FromRow)]
pub(crate) struct PartnerRow {
    id: DbUuid,
    kind: String,
    name: String,
    name_en: Option<String>,
    country_iso2: Option<String>,
    region_code: Option<String>,
    geonameid: Option<i64>,
    subdivision_code: Option<String>,
    level: Option<String>,
    category: Option<String>,
    website: Option<String>,
    description: Option<String>,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
}

impl PartnerRow {
    pub(crate) fn into_partner(self) -> StoreResult<Partner> {
        Ok(Partner {
            id: PartnerId(self.id.0),
            kind: self.kind.parse().map_err(|_| corrupt("partner kind", &self.kind))?,
            name: self.name,
            name_en: self.name_en,
            country_iso2: parse_opt::<CountryCode>("country code", self.country_iso2)?,
            region_code: parse_opt("region code", self.region_code)?,
            geonameid: self.geonameid.map(GeonameId),
            subdivision_code: self.subdivision_code.map(|s| SubdivisionCode::from_reference(&s)),
            level: parse_opt("partner level", self.level)?,
            category: parse_opt("partner category", self.category)?,
            website: self.website,
            description: self.description,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

fn rows_into(rows: Vec<PartnerRow>) -> StoreResult<Vec<Partner>> {
    rows.into_iter().map(PartnerRow::into_partner).collect()
}

fn push_filter(qb: &mut QueryBuilder<Db>, f: &PartnerFilter) {
    qb.push(" WHERE 1 = 1");
    if let Some(k) = f.kind {
        qb.push(" AND kind = ").push_bind(k.as_str());
    }
    if let Some(c) = &f.country {
        qb.push(" AND country_iso2 = ").push_bind(c.to_string());
    }
    if let Some(q) = &f.q {
        qb.push(" AND name_key LIKE ").push_bind(format!("%{q}%"));
    }
    if let Some(id) = f.id {
        qb.push(" AND id = ").push_bind(DbUuid(id.0));
    }
    push_visibility(qb, &f.visibility);
}

/// Partners named by a signed agreement are public; the others only to the regions (or
/// provinces) of the agreements and cases that name them, and to national roles.
fn push_visibility(qb: &mut QueryBuilder<Db>, visibility: &Visibility) {
    let (column, code) = match visibility {
        Visibility::Everything => return,
        Visibility::Public => (None, None),
        Visibility::PublicAndRegion(r) => (Some("region_code"), Some(r.to_string())),
        Visibility::PublicAndProvince(p) => (Some("province_code"), Some(p.to_string())),
    };
    qb.push(
        " AND (id IN (SELECT ap.partner_id FROM agreement_parties ap JOIN agreements a ON a.id = ap.agreement_id \
         WHERE a.status IN ('in_force', 'expired', 'terminated'))",
    );
    if let (Some(column), Some(code)) = (column, code) {
        qb.push(format!(
            " OR id IN (SELECT ap.partner_id FROM agreement_parties ap JOIN agreement_parties mine \
             ON mine.agreement_id = ap.agreement_id WHERE mine.{column} = "
        ))
        .push_bind(code.clone())
        .push(format!(") OR id IN (SELECT partner_id FROM cases WHERE {column} = "))
        .push_bind(code)
        .push(")");
    }
    qb.push(")");
}

impl DbTx {
    async fn select_partners(&mut self, qb: &mut QueryBuilder<Db>) -> StoreResult<Vec<Partner>> {
        let rows: Vec<PartnerRow> = qb.build_query_as().fetch_all(self.c()).await.map_err(db_err)?;
        rows_into(rows)
    }
}

#[async_trait]
impl PartnerRepo for DbTx {
    async fn lock_creation(&mut self) -> StoreResult<()> {
        super::lock_partner_creation(self).await
    }

    async fn insert(&mut self, partners: &[Partner]) -> StoreResult<()> {
        let insert = format!("INSERT INTO partners ({PARTNER_COLUMNS}, name_key) ");
        self.insert_batched(&insert, 15, partners, |mut b, p| {
            b.push_bind(DbUuid(p.id.0))
                .push_bind(p.kind.as_str())
                .push_bind(p.name.clone())
                .push_bind(p.name_en.clone())
                .push_bind(p.country_iso2.as_ref().map(|c| c.to_string()))
                .push_bind(p.region_code.as_ref().map(|c| c.to_string()))
                .push_bind(p.geonameid.map(|g| g.0))
                .push_bind(p.subdivision_code.as_ref().map(|s| s.to_string()))
                .push_bind(p.level.map(|l| l.as_str()))
                .push_bind(p.category.map(|c| c.as_str()))
                .push_bind(p.website.clone())
                .push_bind(p.description.clone())
                .push_bind(p.created_at)
                .push_bind(p.updated_at)
                .push_bind(fold(&p.name));
        })
        .await
    }

    async fn update(&mut self, p: &Partner) -> StoreResult<()> {
        let result = sqlx::query(
            "UPDATE partners SET kind = $2, name = $3, name_en = $4, country_iso2 = $5, region_code = $6, \
             geonameid = $7, subdivision_code = $8, level = $9, category = $10, website = $11, description = $12, \
             updated_at = $13, name_key = $14 WHERE id = $1",
        )
        .bind(DbUuid(p.id.0))
        .bind(p.kind.as_str())
        .bind(&p.name)
        .bind(&p.name_en)
        .bind(p.country_iso2.as_ref().map(|c| c.to_string()))
        .bind(p.region_code.as_ref().map(|c| c.to_string()))
        .bind(p.geonameid.map(|g| g.0))
        .bind(p.subdivision_code.as_ref().map(|s| s.to_string()))
        .bind(p.level.map(|l| l.as_str()))
        .bind(p.category.map(|c| c.as_str()))
        .bind(&p.website)
        .bind(&p.description)
        .bind(p.updated_at)
        .bind(fold(&p.name))
        .execute(self.c())
        .await
        .map_err(db_err)?;
        if result.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn get(&mut self, id: PartnerId) -> StoreResult<Option<Partner>> {
        let row: Option<PartnerRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {PARTNER_COLUMNS} FROM partners WHERE id = $1"
        )))
        .bind(DbUuid(id.0))
        .fetch_optional(self.c())
        .await
        .map_err(db_err)?;
        row.map(PartnerRow::into_partner).transpose()
    }

    async fn find(&mut self, identity: &PartnerIdentity) -> StoreResult<Vec<Partner>> {
        let mut qb = QueryBuilder::<Db>::new(format!("SELECT {PARTNER_COLUMNS} FROM partners WHERE "));
        match identity {
            PartnerIdentity::Region(code) => {
                qb.push("region_code = ").push_bind(code.to_string());
            }
            PartnerIdentity::Geoname(g) => {
                qb.push("geonameid = ").push_bind(g.0);
            }
            PartnerIdentity::Subdivision(s) => {
                qb.push("subdivision_code = ").push_bind(s.to_string());
            }
            PartnerIdentity::Name {
                kind,
                country,
                name_key,
            } => {
                qb.push("kind = ")
                    .push_bind(kind.as_str())
                    .push(" AND name_key = ")
                    .push_bind(name_key.clone());
                match country {
                    Some(c) => qb.push(" AND country_iso2 = ").push_bind(c.to_string()),
                    None => qb.push(" AND country_iso2 IS NULL"),
                };
            }
        }
        qb.push(" ORDER BY id");
        self.select_partners(&mut qb).await
    }

    async fn same_kind_and_country(
        &mut self,
        kind: PartnerKind,
        country: Option<&CountryCode>,
        limit: i64,
    ) -> StoreResult<Vec<Partner>> {
        let mut qb = QueryBuilder::<Db>::new(format!("SELECT {PARTNER_COLUMNS} FROM partners WHERE kind = "));
        qb.push_bind(kind.as_str());
        match country {
            Some(c) => qb.push(" AND country_iso2 = ").push_bind(c.to_string()),
            None => qb.push(" AND country_iso2 IS NULL"),
        };
        qb.push(" ORDER BY id LIMIT ").push_bind(limit);
        self.select_partners(&mut qb).await
    }

    async fn list(&mut self, filter: &PartnerFilter, page: Page) -> StoreResult<Listing<Partner>> {
        let total = self.count_where("partners", |qb| push_filter(qb, filter)).await?;
        let select = format!("SELECT {PARTNER_COLUMNS} FROM partners");
        let rows: Vec<PartnerRow> = self
            .page_where(&select, |qb| push_filter(qb, filter), "name_key, id", page)
            .await?;
        let items = rows_into(rows)?;
        Ok(Listing { items, total })
    }

    async fn reach(&mut self, id: PartnerId) -> StoreResult<PartnerReach> {
        let rows: Vec<(String, Option<String>, Option<String>)> = sqlx::query_as(
            "SELECT DISTINCT a.status, other.region_code, other.province_code FROM agreement_parties ap \
             JOIN agreements a ON a.id = ap.agreement_id \
             JOIN agreement_parties other ON other.agreement_id = ap.agreement_id \
             WHERE ap.partner_id = $1 \
             UNION SELECT DISTINCT 'case', region_code, province_code FROM cases WHERE partner_id = $1",
        )
        .bind(DbUuid(id.0))
        .fetch_all(self.c())
        .await
        .map_err(db_err)?;
        let mut reach = PartnerReach::default();
        for (status, region, province) in rows {
            if matches!(status.as_str(), "in_force" | "expired" | "terminated") {
                reach.public = true;
                continue;
            }
            reach.regions.extend(parse_opt("region code", region)?);
            reach.provinces.extend(parse_opt("province code", province)?);
        }
        for list in [&mut reach.regions, &mut reach.provinces] {
            list.sort();
            list.dedup();
        }
        Ok(reach)
    }

    async fn all(&mut self) -> StoreResult<Vec<Partner>> {
        let mut qb = QueryBuilder::<Db>::new(format!("SELECT {PARTNER_COLUMNS} FROM partners ORDER BY id"));
        self.select_partners(&mut qb).await
    }
}
