//! Reports on agreements, their history, and monitoring visits.

use super::Db;
use super::rows::parse;
use super::tx::{DbTx, db_err};
use crate::types::DbUuid;
use async_trait::async_trait;
use jalin_app::ports::clock::WIB;
use jalin_app::ports::store::{AgreementRepo, Listing, Page, ReportFilter, ReportRepo, StoreError, StoreResult};
use jalin_domain::codes::RegionCode;
use jalin_domain::ids::{AgreementId, ReportId, VisitId};
use jalin_domain::monitoring::ReportFacts;
use jalin_domain::monitoring::report::{
    Report, ReportEvent, ReportItem, ReportKind, ReportPeriod, ReportSchedule, Visit, report_facts,
};
use sqlx::types::Json;
use sqlx::{FromRow, QueryBuilder};
use std::collections::BTreeMap;
use time::{Date, OffsetDateTime};

const REPORT_COLUMNS: &str = "id, agreement_id, region_code, province_code, kind, report_year, semester, items, \
     status, due_on, submitted_at, submitted_by, reviewed_at, reviewed_by, review_comment, created_by, created_at, \
     updated_at, version";

#[derive(FromRow)]
struct ReportRow {
    id: DbUuid,
    agreement_id: DbUuid,
    region_code: String,
    kind: String,
    report_year: i64,
    semester: i64,
    items: Json<BTreeMap<String, String>>,
    status: String,
    due_on: Date,
    submitted_at: Option<OffsetDateTime>,
    submitted_by: Option<String>,
    reviewed_at: Option<OffsetDateTime>,
    reviewed_by: Option<String>,
    review_comment: Option<String>,
    created_by: String,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
    version: i64,
}

impl ReportRow {
    fn into_report(self) -> StoreResult<Report> {
        let kind: ReportKind = parse("report kind", &self.kind)?;
        let year = self.report_year as i32;
        let period = match kind {
            ReportKind::Annual => ReportPeriod::annual(year),
            ReportKind::Semester => ReportPeriod::semester(year, self.semester as u8),
        };
        let items = self
            .items
            .0
            .into_iter()
            .map(|(k, v)| Ok((parse::<ReportItem>("report item", &k)?, v)))
            .collect::<StoreResult<_>>()?;
        Ok(Report {
            id: ReportId(self.id.0),
            agreement_id: AgreementId(self.agreement_id.0),
            region_code: parse("region code", &self.region_code)?,
            period,
            items,
            status: parse("report status", &self.status)?,
            due_on: self.due_on,
            submitted_at: self.submitted_at,
            submitted_by: self.submitted_by,
            reviewed_at: self.reviewed_at,
            reviewed_by: self.reviewed_by,
            review_comment: self.review_comment,
            created_by: self.created_by,
            created_at: self.created_at,
            updated_at: self.updated_at,
            version: self.version,
        })
    }
}

fn items_json(report: &Report) -> Json<BTreeMap<String, String>> {
    Json(
        report
            .items
            .iter()
            .map(|(k, v)| (k.as_str().to_owned(), v.clone()))
            .collect(),
    )
}

fn push_report_filter(qb: &mut QueryBuilder<Db>, f: &ReportFilter) {
    qb.push(" WHERE 1 = 1");
    if let Some(r) = &f.region {
        qb.push(" AND region_code = ").push_bind(r.to_string());
    }
    if let Some(p) = &f.province {
        qb.push(" AND province_code = ").push_bind(p.to_string());
    }
    if let Some(a) = f.agreement {
        qb.push(" AND agreement_id = ").push_bind(DbUuid(a.0));
    }
    if !f.statuses.is_empty() {
        qb.push(" AND status IN (");
        let mut list = qb.separated(", ");
        for s in &f.statuses {
            list.push_bind(s.as_str());
        }
        qb.push(")");
    }
    if let Some(k) = f.kind {
        qb.push(" AND kind = ").push_bind(k.as_str());
    }
    if let Some(y) = f.year {
        qb.push(" AND report_year = ").push_bind(i64::from(y));
    }
    match f.by_province {
        Some(true) => qb.push(" AND region_code = province_code"),
        Some(false) => qb.push(" AND region_code <> province_code"),
        None => qb,
    };
}

fn push_ids(qb: &mut QueryBuilder<Db>, ids: &[AgreementId]) {
    let mut list = qb.separated(", ");
    for id in ids {
        list.push_bind(DbUuid(id.0));
    }
    qb.push(")");
}

impl DbTx {
    async fn append_report_event(&mut self, report: ReportId, e: &ReportEvent) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO report_events (report_id, seq, action, actor, role, comment, at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(DbUuid(report.0))
        .bind(e.seq)
        .bind(&e.action)
        .bind(&e.actor)
        .bind(e.role.as_str())
        .bind(&e.comment)
        .bind(e.at)
        .execute(self.c())
        .await
        .map_err(db_err)?;
        Ok(())
    }
}

#[async_trait]
impl ReportRepo for DbTx {
    async fn insert_report(&mut self, r: &Report, event: &ReportEvent) -> StoreResult<()> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO reports ({REPORT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, \
             $14, $15, $16, $17, $18, $19)"
        )))
        .bind(DbUuid(r.id.0))
        .bind(DbUuid(r.agreement_id.0))
        .bind(r.region_code.to_string())
        .bind(r.region_code.province().to_string())
        .bind(r.period.kind.as_str())
        .bind(i64::from(r.period.year))
        .bind(i64::from(r.period.semester.unwrap_or(0)))
        .bind(items_json(r))
        .bind(r.status.as_str())
        .bind(r.due_on)
        .bind(r.submitted_at)
        .bind(&r.submitted_by)
        .bind(r.reviewed_at)
        .bind(&r.reviewed_by)
        .bind(&r.review_comment)
        .bind(&r.created_by)
        .bind(r.created_at)
        .bind(r.updated_at)
        .bind(r.version)
        .execute(self.c())
        .await
        .map_err(db_err)?;
        self.append_report_event(r.id, event).await
    }

    async fn get_report(&mut self, id: ReportId) -> StoreResult<Option<Report>> {
        let row: Option<ReportRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {REPORT_COLUMNS} FROM reports WHERE id = $1"
        )))
        .bind(DbUuid(id.0))
        .fetch_optional(self.c())
        .await
        .map_err(db_err)?;
        row.map(ReportRow::into_report).transpose()
    }

    async fn update_report(&mut self, r: &Report, expected_version: i64, event: &ReportEvent) -> StoreResult<()> {
        let done = sqlx::query(
            "UPDATE reports SET items = $1, status = $2, submitted_at = $3, submitted_by = $4, reviewed_at = $5, \
             reviewed_by = $6, review_comment = $7, updated_at = $8, version = $9 WHERE id = $10 AND version = $11",
        )
        .bind(items_json(r))
        .bind(r.status.as_str())
        .bind(r.submitted_at)
        .bind(&r.submitted_by)
        .bind(r.reviewed_at)
        .bind(&r.reviewed_by)
        .bind(&r.review_comment)
        .bind(r.updated_at)
        .bind(r.version)
        .bind(DbUuid(r.id.0))
        .bind(expected_version)
        .execute(self.c())
        .await
        .map_err(db_err)?;
        if done.rows_affected() == 0 {
            return Err(match self.get_report(r.id).await? {
                Some(current) => StoreError::Conflict(format!("version is now {}", current.version)),
                None => StoreError::NotFound,
            });
        }
        self.append_report_event(r.id, event).await
    }

    async fn report_events(&mut self, id: ReportId) -> StoreResult<Vec<ReportEvent>> {
        let rows: Vec<(i64, String, String, String, Option<String>, OffsetDateTime)> = sqlx::query_as(
            "SELECT seq, action, actor, role, comment, at FROM report_events WHERE report_id = $1 ORDER BY seq",
        )
        .bind(DbUuid(id.0))
        .fetch_all(self.c())
        .await
        .map_err(db_err)?;
        rows.into_iter()
            .map(|(seq, action, actor, role, comment, at)| {
                Ok(ReportEvent {
                    seq,
                    action,
                    actor,
                    role: parse("role", &role)?,
                    comment,
                    at,
                })
            })
            .collect()
    }

    async fn list_reports(&mut self, filter: &ReportFilter, page: Page) -> StoreResult<Listing<Report>> {
        let total = self.count_where("reports", |qb| push_report_filter(qb, filter)).await?;
        let rows: Vec<ReportRow> = self
            .page_where(
                &format!("SELECT {REPORT_COLUMNS} FROM reports"),
                |qb| push_report_filter(qb, filter),
                "report_year DESC, semester DESC, updated_at DESC, id DESC",
                page,
            )
            .await?;
        Ok(Listing {
            items: rows
                .into_iter()
                .map(ReportRow::into_report)
                .collect::<StoreResult<_>>()?,
            total,
        })
    }

    async fn agreement_reports(&mut self, agreements: &[AgreementId]) -> StoreResult<Vec<Report>> {
        if agreements.is_empty() {
            return Ok(Vec::new());
        }
        let mut qb = QueryBuilder::<Db>::new(format!("SELECT {REPORT_COLUMNS} FROM reports WHERE agreement_id IN ("));
        push_ids(&mut qb, agreements);
        qb.push(" ORDER BY report_year, semester, id");
        let rows: Vec<ReportRow> = qb.build_query_as().fetch_all(self.c()).await.map_err(db_err)?;
        rows.into_iter().map(ReportRow::into_report).collect()
    }

    async fn filed_annual_reports(&mut self, region: &RegionCode) -> StoreResult<Vec<(AgreementId, i32)>> {
        let rows: Vec<(DbUuid, i64)> = sqlx::query_as(
            "SELECT agreement_id, report_year FROM reports WHERE region_code = $1 AND kind = 'annual' \
             AND status IN ('submitted', 'accepted') ORDER BY report_year",
        )
        .bind(region.to_string())
        .fetch_all(self.c())
        .await
        .map_err(db_err)?;
        Ok(rows.into_iter().map(|(a, y)| (AgreementId(a.0), y as i32)).collect())
    }

    async fn report_facts(
        &mut self,
        agreements: &[AgreementId],
        schedule: &ReportSchedule,
        today: Date,
    ) -> StoreResult<Vec<(AgreementId, ReportFacts)>> {
        let found = self.get_many(agreements).await?;
        let reports = self.agreement_reports(agreements).await?;
        Ok(found
            .iter()
            .map(|a| {
                let own: Vec<Report> = reports.iter().filter(|r| r.agreement_id == a.id).cloned().collect();
                let obligations = schedule.obligations(a, today);
                (a.id, report_facts(&obligations, &own, today, WIB))
            })
            .collect())
    }

    async fn insert_visit(&mut self, v: &Visit) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO monitoring_visits (id, agreement_id, region_code, visited_on, visitors, findings, \
             follow_ups, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(DbUuid(v.id.0))
        .bind(DbUuid(v.agreement_id.0))
        .bind(v.region_code.to_string())
        .bind(v.visited_on)
        .bind(&v.visitors)
        .bind(&v.findings)
        .bind(&v.follow_ups)
        .bind(&v.recorded_by)
        .bind(v.recorded_at)
        .execute(self.c())
        .await
        .map_err(db_err)?;
        Ok(())
    }

    async fn visits(&mut self, agreement: AgreementId) -> StoreResult<Vec<Visit>> {
        type Row = (
            DbUuid,
            DbUuid,
            String,
            Date,
            String,
            String,
            Option<String>,
            String,
            OffsetDateTime,
        );
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT id, agreement_id, region_code, visited_on, visitors, findings, follow_ups, recorded_by, \
             recorded_at FROM monitoring_visits WHERE agreement_id = $1 ORDER BY visited_on DESC, id DESC",
        )
        .bind(DbUuid(agreement.0))
        .fetch_all(self.c())
        .await
        .map_err(db_err)?;
        rows.into_iter()
            .map(
                |(id, a, region, visited_on, visitors, findings, follow_ups, recorded_by, recorded_at)| {
                    Ok(Visit {
                        id: VisitId(id.0),
                        agreement_id: AgreementId(a.0),
                        region_code: parse("region code", &region)?,
                        visited_on,
                        visitors,
                        findings,
                        follow_ups,
                        recorded_by,
                        recorded_at,
                    })
                },
            )
            .collect()
    }

    async fn visit_days(&mut self, agreements: &[AgreementId], since: Date) -> StoreResult<Vec<(AgreementId, Date)>> {
        if agreements.is_empty() {
            return Ok(Vec::new());
        }
        let mut qb =
            QueryBuilder::<Db>::new("SELECT agreement_id, visited_on FROM monitoring_visits WHERE visited_on >= ");
        qb.push_bind(since).push(" AND agreement_id IN (");
        push_ids(&mut qb, agreements);
        let rows: Vec<(DbUuid, Date)> = qb.build_query_as().fetch_all(self.c()).await.map_err(db_err)?;
        Ok(rows.into_iter().map(|(a, d)| (AgreementId(a.0), d)).collect())
    }
}
