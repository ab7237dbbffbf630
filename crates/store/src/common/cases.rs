//! Case storage: cases with optimistic versions, their history, documents, annual
//! reports, activities and alerts.

use super::Db;
use super::rows::{parse, strings};
use super::tx::{DbTx, corrupt, db_err};
use crate::types::DbUuid;
use async_trait::async_trait;
use jalin_app::ports::store::{Activity, CaseFilter, CaseRepo, Listing, Page, StoreError, StoreResult};
use jalin_domain::agreement::Party;
use jalin_domain::case::{Alert, Case, CaseDocument, CaseEvent, DocumentFile, EventKind};
use jalin_domain::codes::{GeonameId, RegionCode, SubdivisionCode};
use jalin_domain::eligibility::Declarations;
use jalin_domain::ids::{AgreementId, CaseId, DocumentId, PartnerId};
use jalin_domain::procedure::CaseFlag;
use jalin_domain::procedure::funding::Funding;
use sqlx::types::Json;
use sqlx::{FromRow, QueryBuilder};
use std::collections::BTreeMap;
use time::{Date, OffsetDateTime};

const CASE_COLUMNS: &str = "c.id, c.procedure, c.procedure_version, c.form, c.subtype, c.region_code, c.province_code, \
     c.partner_id, p.kind AS partner_kind, p.name AS partner_name, p.country_iso2 AS partner_country, \
     p.region_code AS partner_region, p.geonameid AS partner_geonameid, p.subdivision_code AS partner_subdivision, \
     c.title_id, c.title_en, c.objects, c.other_object, c.fields, c.sdgs, c.declarations, c.flags, c.state_values, \
     c.state, c.state_since, c.agreement_id, c.renews_case_id, c.renews_agreement_id, c.funding, c.created_by, \
     c.created_at, c.updated_at, c.version";

#[derive(FromRow)]
struct CaseRow {
    id: DbUuid,
    procedure: String,
    procedure_version: i64,
    form: String,
    subtype: String,
    region_code: String,
    province_code: String,
    partner_id: DbUuid,
    partner_kind: String,
    partner_name: String,
    partner_country: Option<String>,
    partner_region: Option<String>,
    partner_geonameid: Option<i64>,
    partner_subdivision: Option<String>,
    title_id: String,
    title_en: Option<String>,
    objects: Json<Vec<String>>,
    other_object: Option<String>,
    fields: Json<Vec<String>>,
    sdgs: Json<Vec<String>>,
    declarations: Json<Declarations>,
    flags: Json<Vec<CaseFlag>>,
    state_values: Json<BTreeMap<String, String>>,
    state: String,
    state_since: OffsetDateTime,
    agreement_id: Option<DbUuid>,
    renews_case_id: Option<DbUuid>,
    renews_agreement_id: Option<DbUuid>,
    funding: Option<Json<Funding>>,
    created_by: String,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
    version: i64,
}

impl CaseRow {
    fn into_case(self) -> StoreResult<Case> {
        let partner_region: Option<RegionCode> = self.partner_region.map(|r| parse("region code", &r)).transpose()?;
        Ok(Case {
            id: CaseId(self.id.0),
            procedure: self.procedure,
            procedure_version: self.procedure_version as u32,
            form: parse("form", &self.form)?,
            subtype: parse("subtype", &self.subtype)?,
            region_code: parse("region code", &self.region_code)?,
            province_code: parse("region code", &self.province_code)?,
            partner: Party {
                partner_id: PartnerId(self.partner_id.0),
                kind: parse("partner kind", &self.partner_kind)?,
                name: self.partner_name,
                province_code: partner_region.as_ref().map(RegionCode::province),
                region_code: partner_region,
                country_iso2: self.partner_country.map(|c| parse("country", &c)).transpose()?,
                geonameid: self.partner_geonameid.map(GeonameId),
                subdivision_code: self.partner_subdivision.map(|s| SubdivisionCode::from_reference(&s)),
            },
            title_id: self.title_id,
            title_en: self.title_en,
            objects: self
                .objects
                .0
                .iter()
                .map(|o| parse("object", o))
                .collect::<StoreResult<_>>()?,
            other_object: self.other_object,
            fields: self
                .fields
                .0
                .iter()
                .map(|o| parse("field", o))
                .collect::<StoreResult<_>>()?,
            sdgs: self
                .sdgs
                .0
                .iter()
                .map(|o| parse("SDG code", o))
                .collect::<StoreResult<_>>()?,
            declarations: self.declarations.0,
            flags: self.flags.0,
            state: self.state,
            state_since: self.state_since,
            values: self.state_values.0,
            agreement_id: self.agreement_id.map(|i| AgreementId(i.0)),
            renews_case: self.renews_case_id.map(|i| CaseId(i.0)),
            renews: self.renews_agreement_id.map(|i| AgreementId(i.0)),
            funding: self.funding.map(|f| f.0),
            created_by: self.created_by,
            created_at: self.created_at,
            updated_at: self.updated_at,
            version: self.version,
        })
    }
}

#[derive(FromRow)]
struct EventRow {
    seq: i64,
    kind: String,
    transition: Option<String>,
    from_state: Option<String>,
    to_state: Option<String>,
    rule: Option<String>,
    outcome: Option<String>,
    actor: String,
    role: String,
    note: Option<String>,
    data: Json<BTreeMap<String, String>>,
    documents: Json<Vec<uuid::Uuid>>,
    at: OffsetDateTime,
    request_id: String,
}

#[derive(FromRow)]
struct DocumentRow {
    id: DbUuid,
    case_id: DbUuid,
    kind: String,
    title: String,
    number: Option<String>,
    issued_on: Option<Date>,
    event_seq: i64,
    added_by: String,
    added_at: OffsetDateTime,
    file_sha256: Option<String>,
    file_size: Option<i64>,
    file_content_type: Option<String>,
    file_name: Option<String>,
}

impl DocumentRow {
    fn into_document(self) -> StoreResult<CaseDocument> {
        let file = match (self.file_sha256, self.file_size, self.file_content_type, self.file_name) {
            (Some(sha256), Some(size), Some(content_type), Some(filename)) => Some(DocumentFile {
                sha256,
                size,
                content_type,
                filename,
            }),
            _ => None,
        };
        Ok(CaseDocument {
            id: DocumentId(self.id.0),
            case_id: CaseId(self.case_id.0),
            kind: parse("document kind", &self.kind)?,
            title: self.title,
            number: self.number,
            issued_on: self.issued_on,
            event_seq: self.event_seq,
            file,
            added_by: self.added_by,
            added_at: self.added_at,
        })
    }
}

const DOCUMENT_COLUMNS: &str = "id, case_id, kind, title, number, issued_on, event_seq, added_by, added_at, \
     file_sha256, file_size, file_content_type, file_name";

#[derive(FromRow)]
pub(super) struct AlertRow {
    case_id: Option<DbUuid>,
    agreement_id: Option<DbUuid>,
    code: String,
    due_on: Date,
    message_id: String,
    message_en: String,
    region_code: Option<String>,
    raised_at: OffsetDateTime,
}

impl AlertRow {
    pub(super) fn into_alert(self) -> StoreResult<Alert> {
        Ok(Alert {
            case_id: self.case_id.map(|c| CaseId(c.0)),
            agreement_id: self.agreement_id.map(|c| AgreementId(c.0)),
            code: self.code,
            due_on: self.due_on,
            message_id: self.message_id,
            message_en: self.message_en,
            region_code: self.region_code.map(|c| parse("region code", &c)).transpose()?,
            raised_at: self.raised_at,
        })
    }
}

fn outcome_str(o: jalin_domain::eligibility::Outcome) -> String {
    serde_json::to_value(o)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn outcome_parse(s: &str) -> StoreResult<jalin_domain::eligibility::Outcome> {
    serde_json::from_value(serde_json::Value::String(s.to_owned())).map_err(|_| corrupt("outcome", s))
}

impl DbTx {
    async fn insert_event(&mut self, case: CaseId, e: &CaseEvent) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO case_events (case_id, seq, kind, transition, from_state, to_state, rule, outcome, actor, role, \
             note, data, documents, at, request_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
        )
        .bind(DbUuid(case.0))
        .bind(e.seq)
        .bind(e.kind.as_str())
        .bind(&e.transition)
        .bind(&e.from_state)
        .bind(&e.to_state)
        .bind(e.rule.map(|r| r.as_str().to_owned()))
        .bind(e.outcome.map(outcome_str))
        .bind(&e.actor)
        .bind(e.role.as_str())
        .bind(&e.note)
        .bind(Json(&e.data))
        .bind(Json(e.documents.iter().map(|d| d.0).collect::<Vec<_>>()))
        .bind(e.at)
        .bind(&e.request_id)
        .execute(self.c())
        .await
        .map_err(db_err)?;
        Ok(())
    }
}

fn push_filter(qb: &mut QueryBuilder<Db>, f: &CaseFilter) {
    qb.push(" WHERE 1 = 1");
    // A KSDD case is also its partner region's (and that region's province's).
    let partner_region =
        " OR (c.form = 'KSDD' AND c.partner_id IN (SELECT pr.id FROM partners pr WHERE pr.region_code ";
    if let Some(r) = &f.region {
        qb.push(" AND (c.region_code = ").push_bind(r.to_string());
        if f.with_partner_region {
            qb.push(partner_region).push(" = ").push_bind(r.to_string()).push("))");
        }
        qb.push(")");
    }
    if let Some(p) = &f.province {
        qb.push(" AND (c.province_code = ").push_bind(p.to_string());
        if f.with_partner_region {
            qb.push(partner_region)
                .push(" = ")
                .push_bind(p.to_string())
                .push(" OR pr.region_code LIKE ")
                .push_bind(format!("{p}.%"))
                .push("))");
        }
        qb.push(")");
    }
    if let Some(p) = &f.procedure {
        qb.push(" AND c.procedure = ").push_bind(p.clone());
    }
    if let Some(ids) = &f.ids {
        if ids.is_empty() {
            qb.push(" AND 1 = 0");
        } else {
            qb.push(" AND c.id IN (");
            let mut list = qb.separated(", ");
            for id in ids {
                list.push_bind(DbUuid(id.0));
            }
            qb.push(")");
        }
    }
    for states in [Some(&f.states), f.open_states.as_ref()].into_iter().flatten() {
        if !states.is_empty() {
            qb.push(" AND c.state IN (");
            let mut list = qb.separated(", ");
            for s in states {
                list.push_bind(s.clone());
            }
            qb.push(")");
        }
    }
}

#[async_trait]
impl CaseRepo for DbTx {
    async fn insert(&mut self, c: &Case, opened: &CaseEvent) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO cases (id, procedure, procedure_version, form, subtype, region_code, province_code, partner_id, \
             title_id, title_en, objects, other_object, fields, sdgs, declarations, flags, state_values, state, \
             state_since, agreement_id, renews_case_id, renews_agreement_id, funding, created_by, created_at, updated_at, \
             version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, \
             $23, $24, $25, $26, $27)",
        )
        .bind(DbUuid(c.id.0))
        .bind(&c.procedure)
        .bind(i64::from(c.procedure_version))
        .bind(c.form.as_str())
        .bind(c.subtype.as_str())
        .bind(c.region_code.to_string())
        .bind(c.province_code.to_string())
        .bind(DbUuid(c.partner.partner_id.0))
        .bind(&c.title_id)
        .bind(&c.title_en)
        .bind(strings(&c.objects))
        .bind(&c.other_object)
        .bind(strings(&c.fields))
        .bind(strings(&c.sdgs))
        .bind(Json(&c.declarations))
        .bind(Json(&c.flags))
        .bind(Json(&c.values))
        .bind(&c.state)
        .bind(c.state_since)
        .bind(c.agreement_id.map(|i| DbUuid(i.0)))
        .bind(c.renews_case.map(|i| DbUuid(i.0)))
        .bind(c.renews.map(|i| DbUuid(i.0)))
        .bind(c.funding.as_ref().map(Json))
        .bind(&c.created_by)
        .bind(c.created_at)
        .bind(c.updated_at)
        .bind(c.version)
        .execute(self.c())
        .await
        .map_err(db_err)?;
        self.insert_event(c.id, opened).await
    }

    async fn get(&mut self, id: CaseId) -> StoreResult<Option<Case>> {
        let row: Option<CaseRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {CASE_COLUMNS} FROM cases c JOIN partners p ON p.id = c.partner_id WHERE c.id = $1"
        )))
        .bind(DbUuid(id.0))
        .fetch_optional(self.c())
        .await
        .map_err(db_err)?;
        row.map(CaseRow::into_case).transpose()
    }

    async fn record(
        &mut self,
        c: &Case,
        expected_version: i64,
        event: &CaseEvent,
        documents: &[CaseDocument],
    ) -> StoreResult<()> {
        let result = sqlx::query(
            "UPDATE cases SET state = $3, state_since = $4, state_values = $5, agreement_id = $6, declarations = $7, \
             updated_at = $8, version = $9 WHERE id = $1 AND version = $2",
        )
        .bind(DbUuid(c.id.0))
        .bind(expected_version)
        .bind(&c.state)
        .bind(c.state_since)
        .bind(Json(&c.values))
        .bind(c.agreement_id.map(|i| DbUuid(i.0)))
        .bind(Json(&c.declarations))
        .bind(c.updated_at)
        .bind(c.version)
        .execute(self.c())
        .await
        .map_err(db_err)?;
        if result.rows_affected() == 0 {
            return Err(StoreError::Conflict(format!(
                "case {} is no longer at version {expected_version}",
                c.id
            )));
        }
        self.insert_event(c.id, event).await?;
        for d in documents {
            sqlx::query(
                "INSERT INTO case_documents (id, case_id, kind, title, number, issued_on, event_seq, added_by, added_at, \
                 file_sha256, file_size, file_content_type, file_name) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            )
            .bind(DbUuid(d.id.0))
            .bind(DbUuid(d.case_id.0))
            .bind(d.kind.as_str())
            .bind(&d.title)
            .bind(&d.number)
            .bind(d.issued_on)
            .bind(d.event_seq)
            .bind(&d.added_by)
            .bind(d.added_at)
            .bind(d.file.as_ref().map(|f| f.sha256.clone()))
            .bind(d.file.as_ref().map(|f| f.size))
            .bind(d.file.as_ref().map(|f| f.content_type.clone()))
            .bind(d.file.as_ref().map(|f| f.filename.clone()))
            .execute(self.c())
            .await
            .map_err(db_err)?;
        }
        Ok(())
    }

    async fn events(&mut self, id: CaseId) -> StoreResult<Vec<CaseEvent>> {
        let rows: Vec<EventRow> = sqlx::query_as(
            "SELECT seq, kind, transition, from_state, to_state, rule, outcome, actor, role, note, data, documents, at, \
             request_id FROM case_events WHERE case_id = $1 ORDER BY seq",
        )
        .bind(DbUuid(id.0))
        .fetch_all(self.c())
        .await
        .map_err(db_err)?;
        rows.into_iter()
            .map(|r| {
                Ok(CaseEvent {
                    seq: r.seq,
                    kind: match r.kind.as_str() {
                        "opened" => EventKind::Opened,
                        "transition" => EventKind::Transition,
                        "decision" => EventKind::Decision,
                        other => return Err(corrupt("event kind", other)),
                    },
                    transition: r.transition,
                    from_state: r.from_state,
                    to_state: r.to_state,
                    rule: r.rule.map(|v| parse("rule", &v)).transpose()?,
                    outcome: r.outcome.map(|v| outcome_parse(&v)).transpose()?,
                    actor: r.actor,
                    role: parse("role", &r.role)?,
                    note: r.note,
                    data: r.data.0,
                    documents: r.documents.0.into_iter().map(DocumentId).collect(),
                    at: r.at,
                    request_id: r.request_id,
                })
            })
            .collect()
    }

    async fn documents(&mut self, id: CaseId) -> StoreResult<Vec<CaseDocument>> {
        let rows: Vec<DocumentRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {DOCUMENT_COLUMNS} FROM case_documents WHERE case_id = $1 ORDER BY event_seq, id"
        )))
        .bind(DbUuid(id.0))
        .fetch_all(self.c())
        .await
        .map_err(db_err)?;
        rows.into_iter().map(DocumentRow::into_document).collect()
    }

    async fn document(&mut self, case: CaseId, id: DocumentId) -> StoreResult<Option<CaseDocument>> {
        let row: Option<DocumentRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {DOCUMENT_COLUMNS} FROM case_documents WHERE case_id = $1 AND id = $2"
        )))
        .bind(DbUuid(case.0))
        .bind(DbUuid(id.0))
        .fetch_optional(self.c())
        .await
        .map_err(db_err)?;
        row.map(DocumentRow::into_document).transpose()
    }

    async fn register_blob(
        &mut self,
        sha256: &str,
        size: i64,
        content_type: &str,
        at: OffsetDateTime,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO blobs (sha256, size, content_type, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (sha256) DO NOTHING",
        )
        .bind(sha256)
        .bind(size)
        .bind(content_type)
        .bind(at)
        .execute(self.c())
        .await
        .map_err(db_err)?;
        Ok(())
    }

    async fn put_blob_data(
        &mut self,
        sha256: &str,
        bytes: &[u8],
        content_type: &str,
        at: OffsetDateTime,
    ) -> StoreResult<()> {
        self.register_blob(sha256, bytes.len() as i64, content_type, at).await?;
        sqlx::query("INSERT INTO blob_data (sha256, data) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING")
            .bind(sha256)
            .bind(bytes)
            .execute(self.c())
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn blob_data(&mut self, sha256: &str) -> StoreResult<Option<Vec<u8>>> {
        sqlx::query_scalar("SELECT data FROM blob_data WHERE sha256 = $1")
            .bind(sha256)
            .fetch_optional(self.c())
            .await
            .map_err(db_err)
    }

    async fn blob(&mut self, sha256: &str) -> StoreResult<Option<(i64, String)>> {
        sqlx::query_as("SELECT size, content_type FROM blobs WHERE sha256 = $1")
            .bind(sha256)
            .fetch_optional(self.c())
            .await
            .map_err(db_err)
    }

    async fn record_case_upload(&mut self, case: CaseId, sha256: &str, at: OffsetDateTime) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO case_uploads (case_id, sha256, uploaded_at) VALUES ($1, $2, $3) \
             ON CONFLICT (case_id, sha256) DO NOTHING",
        )
        .bind(DbUuid(case.0))
        .bind(sha256)
        .bind(at)
        .execute(self.c())
        .await
        .map_err(db_err)?;
        Ok(())
    }

    async fn case_upload(&mut self, case: CaseId, sha256: &str) -> StoreResult<Option<(i64, String)>> {
        sqlx::query_as(
            "SELECT b.size, b.content_type FROM case_uploads u JOIN blobs b ON b.sha256 = u.sha256 \
             WHERE u.case_id = $1 AND u.sha256 = $2",
        )
        .bind(DbUuid(case.0))
        .bind(sha256)
        .fetch_optional(self.c())
        .await
        .map_err(db_err)
    }

    async fn list(&mut self, filter: &CaseFilter, page: Page) -> StoreResult<Listing<Case>> {
        let total = self.count_where("cases c", |qb| push_filter(qb, filter)).await?;
        let select = format!("SELECT {CASE_COLUMNS} FROM cases c JOIN partners p ON p.id = c.partner_id");
        let rows: Vec<CaseRow> = self
            .page_where(
                &select,
                |qb| push_filter(qb, filter),
                "c.updated_at DESC, c.id DESC",
                page,
            )
            .await?;
        Ok(Listing {
            items: rows.into_iter().map(CaseRow::into_case).collect::<StoreResult<_>>()?,
            total,
        })
    }

    async fn linked_agreements(&mut self) -> StoreResult<i64> {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM cases WHERE agreement_id IS NOT NULL OR renews_agreement_id IS NOT NULL",
        )
        .fetch_one(self.c())
        .await
        .map_err(db_err)
    }

    async fn add_annual_report(
        &mut self,
        region: &RegionCode,
        year: i32,
        case: CaseId,
        at: OffsetDateTime,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO annual_reports (region_code, report_year, case_id, sent_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (region_code, report_year, case_id) DO NOTHING",
        )
        .bind(region.to_string())
        .bind(i64::from(year))
        .bind(DbUuid(case.0))
        .bind(at)
        .execute(self.c())
        .await
        .map_err(db_err)?;
        Ok(())
    }

    async fn annual_report_years(&mut self, region: &RegionCode) -> StoreResult<Vec<i32>> {
        let years: Vec<i64> = sqlx::query_scalar(
            "SELECT DISTINCT report_year FROM annual_reports WHERE region_code = $1 ORDER BY report_year",
        )
        .bind(region.to_string())
        .fetch_all(self.c())
        .await
        .map_err(db_err)?;
        Ok(years.into_iter().map(|y| y as i32).collect())
    }

    async fn add_activity(&mut self, a: &Activity) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO activities (id, agreement_id, case_id, occurred_on, title, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(DbUuid(a.id))
        .bind(DbUuid(a.agreement_id.0))
        .bind(a.case_id.map(|c| DbUuid(c.0)))
        .bind(a.occurred_on)
        .bind(&a.title)
        .bind(&a.created_by)
        .bind(a.created_at)
        .execute(self.c())
        .await
        .map_err(db_err)?;
        Ok(())
    }

    async fn activities(&mut self, agreement: AgreementId) -> StoreResult<Vec<Activity>> {
        let rows: Vec<(DbUuid, DbUuid, Option<DbUuid>, Date, String, String, OffsetDateTime)> = sqlx::query_as(
            "SELECT id, agreement_id, case_id, occurred_on, title, created_by, created_at FROM activities \
             WHERE agreement_id = $1 ORDER BY occurred_on DESC, id DESC",
        )
        .bind(DbUuid(agreement.0))
        .fetch_all(self.c())
        .await
        .map_err(db_err)?;
        Ok(rows
            .into_iter()
            .map(|(id, a, c, occurred_on, title, created_by, created_at)| Activity {
                id: id.0,
                agreement_id: AgreementId(a.0),
                case_id: c.map(|c| CaseId(c.0)),
                occurred_on,
                title,
                created_by,
                created_at,
            })
            .collect())
    }

    async fn last_activities(&mut self, agreements: &[AgreementId]) -> StoreResult<Vec<(AgreementId, Date)>> {
        if agreements.is_empty() {
            return Ok(Vec::new());
        }
        let mut qb = QueryBuilder::<Db>::new(
            "SELECT agreement_id, MAX(occurred_on) AS last FROM activities WHERE agreement_id IN (",
        );
        let mut list = qb.separated(", ");
        for a in agreements {
            list.push_bind(DbUuid(a.0));
        }
        qb.push(") GROUP BY agreement_id");
        let rows: Vec<(DbUuid, Date)> = qb.build_query_as().fetch_all(self.c()).await.map_err(db_err)?;
        Ok(rows.into_iter().map(|(id, d)| (AgreementId(id.0), d)).collect())
    }

    async fn raise_alert(&mut self, a: &Alert, dedup_key: &str) -> StoreResult<bool> {
        let result = sqlx::query(
            "INSERT INTO alerts (id, case_id, agreement_id, code, due_on, message_id, message_en, region_code, raised_at, \
             dedup_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (dedup_key) DO NOTHING",
        )
        .bind(DbUuid(uuid::Uuid::now_v7()))
        .bind(a.case_id.map(|c| DbUuid(c.0)))
        .bind(a.agreement_id.map(|c| DbUuid(c.0)))
        .bind(&a.code)
        .bind(a.due_on)
        .bind(&a.message_id)
        .bind(&a.message_en)
        .bind(a.region_code.as_ref().map(|r| r.to_string()))
        .bind(a.raised_at)
        .bind(dedup_key)
        .execute(self.c())
        .await
        .map_err(db_err)?;
        Ok(result.rows_affected() == 1)
    }

    async fn alerts(
        &mut self,
        region: Option<&RegionCode>,
        province: Option<&RegionCode>,
        case: Option<CaseId>,
        limit: i64,
    ) -> StoreResult<Vec<Alert>> {
        let mut qb = QueryBuilder::<Db>::new(
            "SELECT case_id, agreement_id, code, due_on, message_id, message_en, region_code, raised_at FROM alerts WHERE 1 = 1",
        );
        if let Some(r) = region {
            qb.push(" AND region_code = ").push_bind(r.to_string());
        }
        if let Some(p) = province {
            qb.push(" AND (region_code = ")
                .push_bind(p.to_string())
                .push(" OR region_code LIKE ")
                .push_bind(format!("{p}.%"))
                .push(")");
        }
        if let Some(c) = case {
            qb.push(" AND case_id = ").push_bind(DbUuid(c.0));
        }
        qb.push(" ORDER BY due_on, code LIMIT ").push_bind(limit);
        let rows: Vec<AlertRow> = qb.build_query_as().fetch_all(self.c()).await.map_err(db_err)?;
        rows.into_iter().map(AlertRow::into_alert).collect()
    }
}
