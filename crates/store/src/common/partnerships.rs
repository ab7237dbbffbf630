//! Known partnerships imported from published lists (not registry agreements).

use super::Db;
use super::rows::parse;
use super::tx::{DbTx, batch_rows, corrupt, db_err};
use crate::types::DbUuid;
use async_trait::async_trait;
use jalin_app::ports::store::{PartnershipRepo, StoreResult};
use jalin_domain::codes::{GeonameId, RegionCode, SubdivisionCode};
use jalin_domain::ids::PartnershipId;
use jalin_domain::partnership::KnownPartnership;
use jalin_domain::reference::PlaceKind;
use sqlx::{FromRow, QueryBuilder};
use time::OffsetDateTime;

const PARTNERSHIP_COLUMNS: &str = "id, region_code, kind, geonameid, subdivision_code, name, name_given, \
     country_iso2, year, source, imported_at";

#[derive(FromRow)]
struct PartnershipRow {
    id: DbUuid,
    region_code: String,
    kind: String,
    geonameid: Option<i64>,
    subdivision_code: Option<String>,
    name: String,
    name_given: String,
    country_iso2: String,
    year: Option<i64>,
    source: String,
    imported_at: OffsetDateTime,
}

impl PartnershipRow {
    fn into_partnership(self) -> StoreResult<KnownPartnership> {
        Ok(KnownPartnership {
            id: PartnershipId(self.id.0),
            region_code: parse::<RegionCode>("region code", &self.region_code)?,
            kind: match self.kind.as_str() {
                "city" => PlaceKind::City,
                "subdivision" => PlaceKind::Subdivision,
                other => return Err(corrupt("place kind", other)),
            },
            geonameid: self.geonameid.map(GeonameId),
            subdivision_code: self.subdivision_code.map(|s| SubdivisionCode::from_reference(&s)),
            name: self.name,
            name_given: self.name_given,
            country_iso2: parse("country code", &self.country_iso2)?,
            year: self.year.map(|y| y as i32),
            source: self.source,
            imported_at: self.imported_at,
        })
    }
}

#[async_trait]
impl PartnershipRepo for DbTx {
    async fn insert(&mut self, partnerships: &[KnownPartnership]) -> StoreResult<usize> {
        let mut inserted = 0;
        for chunk in partnerships.chunks(batch_rows(12)) {
            let mut qb =
                QueryBuilder::<Db>::new(format!("INSERT INTO partnerships ({PARTNERSHIP_COLUMNS}, place_key) "));
            qb.push_values(chunk, |mut b, p| {
                b.push_bind(DbUuid(p.id.0))
                    .push_bind(p.region_code.to_string())
                    .push_bind(p.kind.as_str())
                    .push_bind(p.geonameid.map(|g| g.0))
                    .push_bind(p.subdivision_code.as_ref().map(|s| s.to_string()))
                    .push_bind(p.name.clone())
                    .push_bind(p.name_given.clone())
                    .push_bind(p.country_iso2.to_string())
                    .push_bind(p.year.map(i64::from))
                    .push_bind(p.source.clone())
                    .push_bind(p.imported_at)
                    .push_bind(p.place_key());
            });
            qb.push(" ON CONFLICT (region_code, place_key) DO NOTHING");
            let result = qb.build().execute(self.c()).await.map_err(db_err)?;
            inserted += result.rows_affected() as usize;
        }
        Ok(inserted)
    }

    async fn list(&mut self, region: Option<&RegionCode>) -> StoreResult<Vec<KnownPartnership>> {
        let mut qb = QueryBuilder::<Db>::new(format!("SELECT {PARTNERSHIP_COLUMNS} FROM partnerships"));
        if let Some(r) = region {
            qb.push(" WHERE region_code = ").push_bind(r.to_string());
        }
        qb.push(" ORDER BY region_code, place_key");
        let rows: Vec<PartnershipRow> = qb.build_query_as().fetch_all(self.c()).await.map_err(db_err)?;
        rows.into_iter().map(PartnershipRow::into_partnership).collect()
    }

    async fn count(&mut self) -> StoreResult<i64> {
        sqlx::query_scalar("SELECT COUNT(*) FROM partnerships")
            .fetch_one(self.c())
            .await
            .map_err(db_err)
    }
}
