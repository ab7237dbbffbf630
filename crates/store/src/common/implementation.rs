//! Implementation of agreements: action-plan items, activities with evidence, travels.

use super::Db;
use super::rows::{parse, parse_opt};
use super::tx::{DbTx, db_err};
use crate::types::DbUuid;
use async_trait::async_trait;
use jalin_app::ports::store::{ImplementationRepo, StoreError, StoreResult};
use jalin_domain::case::DocumentFile;
use jalin_domain::ids::{AgreementId, CaseId};
use jalin_domain::monitoring::PlanFacts;
use jalin_domain::monitoring::activity::{ActivityKind, ActivityRecord};
use jalin_domain::monitoring::plan::{Indicator, PlanItem};
use jalin_domain::monitoring::travel::{Delegate, Travel, TripReport};
use sqlx::types::Json;
use sqlx::{FromRow, QueryBuilder};
use std::collections::BTreeMap;
use time::{Date, OffsetDateTime};

const PLAN_COLUMNS: &str = "id, agreement_id, field_code, activity, lead_opd, partner_unit, start_on, end_on, \
     budget_source, budget_planned, indicators, created_by, created_at, updated_at, version";

#[derive(FromRow)]
struct PlanRow {
    id: DbUuid,
    agreement_id: DbUuid,
    field_code: String,
    activity: String,
    lead_opd: String,
    partner_unit: Option<String>,
    start_on: Date,
    end_on: Date,
    budget_source: String,
    budget_planned: i64,
    indicators: Json<Vec<Indicator>>,
    created_by: String,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
    version: i64,
}

impl PlanRow {
    fn into_item(self) -> StoreResult<PlanItem> {
        Ok(PlanItem {
            id: self.id.0,
            agreement_id: AgreementId(self.agreement_id.0),
            field: parse("urusan code", &self.field_code)?,
            activity: self.activity,
            lead_opd: self.lead_opd,
            partner_unit: self.partner_unit,
            start_on: self.start_on,
            end_on: self.end_on,
            budget_source: parse("budget source", &self.budget_source)?,
            budget_planned: self.budget_planned,
            indicators: self.indicators.0,
            created_by: self.created_by,
            created_at: self.created_at,
            updated_at: self.updated_at,
            version: self.version,
        })
    }
}

const ACTIVITY_COLUMNS: &str = "id, agreement_id, case_id, occurred_on, title, kind, outputs, cost, participants, \
     plan_item_id, grant_reference, created_by, created_at";

#[derive(FromRow)]
struct ActivityRow {
    id: DbUuid,
    agreement_id: DbUuid,
    case_id: Option<DbUuid>,
    occurred_on: Date,
    title: String,
    kind: Option<String>,
    outputs: Option<String>,
    cost: Option<i64>,
    participants: Option<i64>,
    plan_item_id: Option<DbUuid>,
    grant_reference: Option<String>,
    created_by: String,
    created_at: OffsetDateTime,
}

impl ActivityRow {
    fn into_record(self, evidence: Vec<DocumentFile>) -> StoreResult<ActivityRecord> {
        Ok(ActivityRecord {
            id: self.id.0,
            agreement_id: AgreementId(self.agreement_id.0),
            case_id: self.case_id.map(|c| CaseId(c.0)),
            occurred_on: self.occurred_on,
            title: self.title,
            kind: parse_opt("activity kind", self.kind)?.unwrap_or(ActivityKind::Other),
            outputs: self.outputs,
            cost: self.cost,
            participants: self.participants,
            plan_item_id: self.plan_item_id.map(|p| p.0),
            grant_reference: self.grant_reference,
            evidence,
            created_by: self.created_by,
            created_at: self.created_at,
        })
    }
}

const TRAVEL_COLUMNS: &str = "activity_id, agreement_id, delegation, country_iso2, city, departure_on, return_on, \
     permit_reference, permit_status, report_due_on, report_text, report_filed_on, report_filed_by, report_document, \
     version";

#[derive(FromRow)]
struct TravelRow {
    activity_id: DbUuid,
    agreement_id: DbUuid,
    delegation: Json<Vec<Delegate>>,
    country_iso2: String,
    city: String,
    departure_on: Date,
    return_on: Date,
    permit_reference: Option<String>,
    permit_status: String,
    report_due_on: Date,
    report_text: Option<String>,
    report_filed_on: Option<Date>,
    report_filed_by: Option<String>,
    report_document: Option<String>,
    version: i64,
}

impl TravelRow {
    fn into_travel(self) -> StoreResult<Travel> {
        let report = match (self.report_text, self.report_filed_on) {
            (Some(text), Some(filed_on)) => Some(TripReport {
                text,
                filed_on,
                filed_by: self.report_filed_by.unwrap_or_default(),
                document: self.report_document,
            }),
            _ => None,
        };
        Ok(Travel {
            activity_id: self.activity_id.0,
            agreement_id: AgreementId(self.agreement_id.0),
            delegation: self.delegation.0,
            country: parse("country code", &self.country_iso2)?,
            city: self.city,
            departure_on: self.departure_on,
            return_on: self.return_on,
            permit_reference: self.permit_reference,
            permit_status: parse("permit status", &self.permit_status)?,
            report_due_on: self.report_due_on,
            report,
            version: self.version,
        })
    }
}

type EvidenceRow = (DbUuid, String, String, String, i64);

impl DbTx {
    /// The evidence of these activities, by activity, in the order it was added.
    async fn evidence_of(&mut self, ids: &[DbUuid]) -> StoreResult<BTreeMap<uuid::Uuid, Vec<DocumentFile>>> {
        let mut out: BTreeMap<uuid::Uuid, Vec<DocumentFile>> = BTreeMap::new();
        if ids.is_empty() {
            return Ok(out);
        }
        let mut qb = QueryBuilder::<Db>::new(
            "SELECT activity_id, sha256, filename, content_type, size FROM activity_documents WHERE activity_id IN (",
        );
        let mut list = qb.separated(", ");
        for id in ids {
            list.push_bind(*id);
        }
        qb.push(") ORDER BY added_at, sha256");
        let rows: Vec<EvidenceRow> = qb.build_query_as().fetch_all(self.c()).await.map_err(db_err)?;
        for (activity, sha256, filename, content_type, size) in rows {
            out.entry(activity.0).or_default().push(DocumentFile {
                sha256,
                size,
                content_type,
                filename,
            });
        }
        Ok(out)
    }

    async fn with_evidence(&mut self, rows: Vec<ActivityRow>) -> StoreResult<Vec<ActivityRecord>> {
        let ids: Vec<DbUuid> = rows.iter().map(|r| r.id).collect();
        let mut evidence = self.evidence_of(&ids).await?;
        rows.into_iter()
            .map(|r| {
                let files = evidence.remove(&r.id.0).unwrap_or_default();
                r.into_record(files)
            })
            .collect()
    }

    /// The version of a row after an update touched nothing: a conflict, or gone.
    async fn missed_update(&mut self, table: &str, key: &str, id: uuid::Uuid) -> StoreError {
        let current: Result<Option<i64>, _> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT version FROM {table} WHERE {key} = $1"
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

fn push_ids(qb: &mut QueryBuilder<Db>, agreements: &[AgreementId]) {
    let mut list = qb.separated(", ");
    for a in agreements {
        list.push_bind(DbUuid(a.0));
    }
}

#[async_trait]
impl ImplementationRepo for DbTx {
    async fn insert_plan_item(&mut self, p: &PlanItem) -> StoreResult<()> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO action_plan_items ({PLAN_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, \
             $12, $13, $14, $15)"
        )))
        .bind(DbUuid(p.id))
        .bind(DbUuid(p.agreement_id.0))
        .bind(p.field.to_string())
        .bind(&p.activity)
        .bind(&p.lead_opd)
        .bind(&p.partner_unit)
        .bind(p.start_on)
        .bind(p.end_on)
        .bind(p.budget_source.as_str())
        .bind(p.budget_planned)
        .bind(Json(&p.indicators))
        .bind(&p.created_by)
        .bind(p.created_at)
        .bind(p.updated_at)
        .bind(p.version)
        .execute(self.c())
        .await
        .map_err(db_err)?;
        Ok(())
    }

    async fn update_plan_item(&mut self, p: &PlanItem, expected_version: i64) -> StoreResult<()> {
        let result = sqlx::query(
            "UPDATE action_plan_items SET field_code = $3, activity = $4, lead_opd = $5, partner_unit = $6, \
             start_on = $7, end_on = $8, budget_source = $9, budget_planned = $10, indicators = $11, \
             updated_at = $12, version = $13 WHERE id = $1 AND version = $2",
        )
        .bind(DbUuid(p.id))
        .bind(expected_version)
        .bind(p.field.to_string())
        .bind(&p.activity)
        .bind(&p.lead_opd)
        .bind(&p.partner_unit)
        .bind(p.start_on)
        .bind(p.end_on)
        .bind(p.budget_source.as_str())
        .bind(p.budget_planned)
        .bind(Json(&p.indicators))
        .bind(p.updated_at)
        .bind(p.version)
        .execute(self.c())
        .await
        .map_err(db_err)?;
        if result.rows_affected() == 0 {
            return Err(self.missed_update("action_plan_items", "id", p.id).await);
        }
        Ok(())
    }

    async fn delete_plan_item(&mut self, agreement: AgreementId, id: uuid::Uuid) -> StoreResult<bool> {
        // Unlinked explicitly as well as by the foreign key, whatever the connection's
        // foreign-key setting.
        sqlx::query("UPDATE activities SET plan_item_id = NULL WHERE plan_item_id = $1")
            .bind(DbUuid(id))
            .execute(self.c())
            .await
            .map_err(db_err)?;
        let result = sqlx::query("DELETE FROM action_plan_items WHERE id = $1 AND agreement_id = $2")
            .bind(DbUuid(id))
            .bind(DbUuid(agreement.0))
            .execute(self.c())
            .await
            .map_err(db_err)?;
        Ok(result.rows_affected() == 1)
    }

    async fn plan_item(&mut self, id: uuid::Uuid) -> StoreResult<Option<PlanItem>> {
        let row: Option<PlanRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {PLAN_COLUMNS} FROM action_plan_items WHERE id = $1"
        )))
        .bind(DbUuid(id))
        .fetch_optional(self.c())
        .await
        .map_err(db_err)?;
        row.map(PlanRow::into_item).transpose()
    }

    async fn plan_items(&mut self, agreement: AgreementId) -> StoreResult<Vec<PlanItem>> {
        let rows: Vec<PlanRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {PLAN_COLUMNS} FROM action_plan_items WHERE agreement_id = $1 ORDER BY start_on, id"
        )))
        .bind(DbUuid(agreement.0))
        .fetch_all(self.c())
        .await
        .map_err(db_err)?;
        rows.into_iter().map(PlanRow::into_item).collect()
    }

    async fn insert_activity(&mut self, a: &ActivityRecord) -> StoreResult<()> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO activities ({ACTIVITY_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
        )))
        .bind(DbUuid(a.id))
        .bind(DbUuid(a.agreement_id.0))
        .bind(a.case_id.map(|c| DbUuid(c.0)))
        .bind(a.occurred_on)
        .bind(&a.title)
        .bind(a.kind.as_str())
        .bind(&a.outputs)
        .bind(a.cost)
        .bind(a.participants)
        .bind(a.plan_item_id.map(DbUuid))
        .bind(&a.grant_reference)
        .bind(&a.created_by)
        .bind(a.created_at)
        .execute(self.c())
        .await
        .map_err(db_err)?;
        Ok(())
    }

    async fn activity(&mut self, id: uuid::Uuid) -> StoreResult<Option<ActivityRecord>> {
        let rows: Vec<ActivityRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {ACTIVITY_COLUMNS} FROM activities WHERE id = $1"
        )))
        .bind(DbUuid(id))
        .fetch_all(self.c())
        .await
        .map_err(db_err)?;
        Ok(self.with_evidence(rows).await?.pop())
    }

    async fn activities(&mut self, agreement: AgreementId) -> StoreResult<Vec<ActivityRecord>> {
        let rows: Vec<ActivityRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {ACTIVITY_COLUMNS} FROM activities WHERE agreement_id = $1 ORDER BY occurred_on DESC, id DESC"
        )))
        .bind(DbUuid(agreement.0))
        .fetch_all(self.c())
        .await
        .map_err(db_err)?;
        self.with_evidence(rows).await
    }

    async fn add_evidence(
        &mut self,
        activity: uuid::Uuid,
        f: &DocumentFile,
        added_by: &str,
        at: OffsetDateTime,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO activity_documents (activity_id, sha256, filename, content_type, size, added_by, added_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (activity_id, sha256) DO NOTHING",
        )
        .bind(DbUuid(activity))
        .bind(&f.sha256)
        .bind(&f.filename)
        .bind(&f.content_type)
        .bind(f.size)
        .bind(added_by)
        .bind(at)
        .execute(self.c())
        .await
        .map_err(db_err)?;
        Ok(())
    }

    async fn insert_travel(&mut self, t: &Travel) -> StoreResult<()> {
        let report = t.report.as_ref();
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO travels ({TRAVEL_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, \
             $14, $15)"
        )))
        .bind(DbUuid(t.activity_id))
        .bind(DbUuid(t.agreement_id.0))
        .bind(Json(&t.delegation))
        .bind(t.country.to_string())
        .bind(&t.city)
        .bind(t.departure_on)
        .bind(t.return_on)
        .bind(&t.permit_reference)
        .bind(t.permit_status.as_str())
        .bind(t.report_due_on)
        .bind(report.map(|r| r.text.clone()))
        .bind(report.map(|r| r.filed_on))
        .bind(report.map(|r| r.filed_by.clone()))
        .bind(report.and_then(|r| r.document.clone()))
        .bind(t.version)
        .execute(self.c())
        .await
        .map_err(db_err)?;
        Ok(())
    }

    async fn update_travel(&mut self, t: &Travel, expected_version: i64) -> StoreResult<()> {
        let report = t.report.as_ref();
        let result = sqlx::query(
            "UPDATE travels SET permit_reference = $3, permit_status = $4, report_text = $5, report_filed_on = $6, \
             report_filed_by = $7, report_document = $8, version = $9 WHERE activity_id = $1 AND version = $2",
        )
        .bind(DbUuid(t.activity_id))
        .bind(expected_version)
        .bind(&t.permit_reference)
        .bind(t.permit_status.as_str())
        .bind(report.map(|r| r.text.clone()))
        .bind(report.map(|r| r.filed_on))
        .bind(report.map(|r| r.filed_by.clone()))
        .bind(report.and_then(|r| r.document.clone()))
        .bind(t.version)
        .execute(self.c())
        .await
        .map_err(db_err)?;
        if result.rows_affected() == 0 {
            return Err(self.missed_update("travels", "activity_id", t.activity_id).await);
        }
        Ok(())
    }

    async fn travel(&mut self, activity: uuid::Uuid) -> StoreResult<Option<Travel>> {
        let row: Option<TravelRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {TRAVEL_COLUMNS} FROM travels WHERE activity_id = $1"
        )))
        .bind(DbUuid(activity))
        .fetch_optional(self.c())
        .await
        .map_err(db_err)?;
        row.map(TravelRow::into_travel).transpose()
    }

    async fn travels(&mut self, agreement: AgreementId) -> StoreResult<Vec<Travel>> {
        let rows: Vec<TravelRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {TRAVEL_COLUMNS} FROM travels WHERE agreement_id = $1 ORDER BY departure_on DESC, activity_id DESC"
        )))
        .bind(DbUuid(agreement.0))
        .fetch_all(self.c())
        .await
        .map_err(db_err)?;
        rows.into_iter().map(TravelRow::into_travel).collect()
    }

    async fn travels_awaiting_report(&mut self, due_by: Date) -> StoreResult<Vec<Travel>> {
        let rows: Vec<TravelRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {TRAVEL_COLUMNS} FROM travels WHERE report_filed_on IS NULL AND report_due_on <= $1 \
             ORDER BY report_due_on, activity_id"
        )))
        .bind(due_by)
        .fetch_all(self.c())
        .await
        .map_err(db_err)?;
        rows.into_iter().map(TravelRow::into_travel).collect()
    }

    async fn plan_facts_as_of(
        &mut self,
        agreements: &[AgreementId],
        today: Date,
    ) -> StoreResult<Vec<(AgreementId, PlanFacts)>> {
        if agreements.is_empty() {
            return Ok(Vec::new());
        }
        let mut facts: BTreeMap<AgreementId, PlanFacts> = BTreeMap::new();
        let mut qb = QueryBuilder::<Db>::new(
            "SELECT p.agreement_id, COUNT(*), \
             CAST(SUM(CASE WHEN EXISTS (SELECT 1 FROM activities x WHERE x.plan_item_id = p.id) THEN 1 ELSE 0 END) \
             AS BIGINT), \
             CAST(SUM(p.budget_planned) AS BIGINT) FROM action_plan_items p WHERE p.agreement_id IN (",
        );
        push_ids(&mut qb, agreements);
        qb.push(") GROUP BY p.agreement_id");
        let rows: Vec<(DbUuid, i64, i64, i64)> = qb.build_query_as().fetch_all(self.c()).await.map_err(db_err)?;
        for (a, items, with_activity, planned) in rows {
            let f = facts.entry(AgreementId(a.0)).or_default();
            f.plan_items = items as u32;
            f.plan_items_with_activity = with_activity as u32;
            f.budget_planned = planned;
        }
        let mut qb = QueryBuilder::<Db>::new(
            "SELECT agreement_id, CAST(SUM(cost) AS BIGINT) FROM activities WHERE cost IS NOT NULL AND agreement_id IN (",
        );
        push_ids(&mut qb, agreements);
        qb.push(") GROUP BY agreement_id");
        let rows: Vec<(DbUuid, i64)> = qb.build_query_as().fetch_all(self.c()).await.map_err(db_err)?;
        for (a, spent) in rows {
            facts.entry(AgreementId(a.0)).or_default().budget_spent = spent;
        }
        let mut qb = QueryBuilder::<Db>::new(
            "SELECT agreement_id, COUNT(*) FROM travels WHERE report_filed_on IS NULL AND report_due_on < ",
        );
        qb.push_bind(today).push(" AND agreement_id IN (");
        push_ids(&mut qb, agreements);
        qb.push(") GROUP BY agreement_id");
        let rows: Vec<(DbUuid, i64)> = qb.build_query_as().fetch_all(self.c()).await.map_err(db_err)?;
        for (a, overdue) in rows {
            facts.entry(AgreementId(a.0)).or_default().overdue_trip_reports = overdue as u32;
        }
        Ok(facts.into_iter().collect())
    }
}
