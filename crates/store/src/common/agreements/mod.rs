//! Agreement storage: the agreement row with its lists as JSON, plus party, field and SDG
//! rows that the registry filters on.

use super::Db;
use super::rows::{parse, parse_all, strings};
use super::tx::{DbTx, batch_rows, corrupt, db_err};
use crate::types::DbUuid;
use async_trait::async_trait;
use jalin_app::ports::store::{
    AgreementDocument, AgreementFilter, AgreementOrder, AgreementRepo, Listing, Page, RegistryEntry, RegistryVersion,
    SdgDecision, SdgDecisionKind, StoreError, StoreResult, Watch,
};
use jalin_domain::agreement::{Agreement, Party};
use jalin_domain::codes::{GeonameId, RegionCode, SubdivisionCode};
use jalin_domain::ids::{AgreementId, PartnerId};
use jalin_domain::text::fold;
use sqlx::types::Json;
use sqlx::{FromRow, QueryBuilder};
use std::collections::HashMap;
use time::{Date, OffsetDateTime};

mod filter;

use filter::push_filter;

const AGREEMENT_COLUMNS: &str = "id, form, subtype, tier, status, legal_basis, legal_basis_note, title_id, title_en, \
     title_partner, partner_language, description_id, description_en, description_partner, objects, other_object, \
     fields, sdgs, signed_on, effective_on, expires_on, open_ended, amends_id, renews_id, source, is_demo, \
     created_at, updated_at, version, kemlu_confirmation_ref, kemlu_confirmation_on, minister_approval_ref, \
     minister_approval_on, dprd_decision_ref, dprd_decision_on, terminated_on, termination_reason, verification, \
     verification_note, verified_by, verified_at";

#[derive(FromRow)]
struct EntryRow {
    id: DbUuid,
    change_seq: i64,
    form: String,
    status: String,
    year: Option<i64>,
    sort_key: String,
    updated_at: OffsetDateTime,
    title_key: String,
    search_text: String,
    is_demo: bool,
    fields: Json<Vec<String>>,
    sdgs: Json<Vec<String>>,
    verification: String,
}

#[derive(FromRow)]
struct EntryPartyRow {
    agreement_id: DbUuid,
    partner_id: DbUuid,
    region_code: Option<String>,
    province_code: Option<String>,
    country_iso2: Option<String>,
}

#[derive(FromRow)]
struct AgreementRow {
    id: DbUuid,
    form: String,
    subtype: String,
    tier: String,
    status: String,
    legal_basis: String,
    legal_basis_note: Option<String>,
    title_id: String,
    title_en: Option<String>,
    title_partner: Option<String>,
    partner_language: Option<String>,
    description_id: Option<String>,
    description_en: Option<String>,
    description_partner: Option<String>,
    objects: Json<Vec<String>>,
    other_object: Option<String>,
    fields: Json<Vec<String>>,
    sdgs: Json<Vec<String>>,
    signed_on: Option<Date>,
    effective_on: Option<Date>,
    expires_on: Option<Date>,
    open_ended: bool,
    amends_id: Option<DbUuid>,
    renews_id: Option<DbUuid>,
    source: Option<String>,
    is_demo: bool,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
    version: i64,
    kemlu_confirmation_ref: Option<String>,
    kemlu_confirmation_on: Option<Date>,
    minister_approval_ref: Option<String>,
    minister_approval_on: Option<Date>,
    dprd_decision_ref: Option<String>,
    dprd_decision_on: Option<Date>,
    terminated_on: Option<Date>,
    termination_reason: Option<String>,
    verification: String,
    verification_note: Option<String>,
    verified_by: Option<String>,
    verified_at: Option<OffsetDateTime>,
}

#[derive(FromRow)]
struct DocumentRow {
    id: DbUuid,
    agreement_id: DbUuid,
    kind: String,
    file_sha256: String,
    file_size: i64,
    content_type: String,
    file_name: String,
    uploaded_by: String,
    uploaded_at: OffsetDateTime,
}

#[derive(FromRow)]
struct PartyRow {
    agreement_id: DbUuid,
    partner_id: DbUuid,
    kind: String,
    name: String,
    region_code: Option<String>,
    province_code: Option<String>,
    country_iso2: Option<String>,
    geonameid: Option<i64>,
    subdivision_code: Option<String>,
}

impl AgreementRow {
    fn into_agreement(self, parties: Vec<Party>) -> StoreResult<Agreement> {
        Ok(Agreement {
            id: AgreementId(self.id.0),
            form: parse("form", &self.form)?,
            subtype: parse("subtype", &self.subtype)?,
            tier: parse("tier", &self.tier)?,
            status: parse("status", &self.status)?,
            legal_basis: self.legal_basis,
            legal_basis_note: self.legal_basis_note,
            title_id: self.title_id,
            title_en: self.title_en,
            title_partner: self.title_partner,
            partner_language: self.partner_language,
            description_id: self.description_id,
            description_en: self.description_en,
            description_partner: self.description_partner,
            parties,
            objects: parse_all("object", &self.objects.0)?,
            other_object: self.other_object,
            fields: parse_all("field", &self.fields.0)?,
            sdgs: parse_all("SDG code", &self.sdgs.0)?,
            signed_on: self.signed_on,
            effective_on: self.effective_on,
            expires_on: self.expires_on,
            open_ended: self.open_ended,
            amends: self.amends_id.map(|i| AgreementId(i.0)),
            renews: self.renews_id.map(|i| AgreementId(i.0)),
            source: self.source,
            kemlu_confirmation_ref: self.kemlu_confirmation_ref,
            kemlu_confirmation_on: self.kemlu_confirmation_on,
            minister_approval_ref: self.minister_approval_ref,
            minister_approval_on: self.minister_approval_on,
            dprd_decision_ref: self.dprd_decision_ref,
            dprd_decision_on: self.dprd_decision_on,
            terminated_on: self.terminated_on,
            termination_reason: self.termination_reason,
            verification: parse("verification", &self.verification)?,
            verification_note: self.verification_note,
            verified_by: self.verified_by,
            verified_at: self.verified_at,
            is_demo: self.is_demo,
            created_at: self.created_at,
            updated_at: self.updated_at,
            version: self.version,
        })
    }
}

impl PartyRow {
    fn into_party(self) -> StoreResult<Party> {
        Ok(Party {
            partner_id: PartnerId(self.partner_id.0),
            kind: parse("partner kind", &self.kind)?,
            name: self.name,
            region_code: self.region_code.map(|c| parse("region code", &c)).transpose()?,
            province_code: self.province_code.map(|c| parse("region code", &c)).transpose()?,
            country_iso2: self.country_iso2.map(|c| parse("country code", &c)).transpose()?,
            geonameid: self.geonameid.map(GeonameId),
            subdivision_code: self.subdivision_code.map(|s| SubdivisionCode::from_reference(&s)),
        })
    }
}

/// The folded text the `q` filter matches: titles, descriptions and party names.
fn search_text(a: &Agreement) -> String {
    let mut parts: Vec<&str> = vec![a.title_id.as_str()];
    for v in [
        &a.title_en,
        &a.title_partner,
        &a.description_id,
        &a.description_en,
        &a.description_partner,
        &a.other_object,
    ]
    .into_iter()
    .flatten()
    {
        parts.push(v);
    }
    for p in &a.parties {
        parts.push(&p.name);
    }
    format!(" {} ", fold(&parts.join(" ")))
}

/// Orders undated agreements after dated ones under "newest first".
fn sort_key(a: &Agreement) -> String {
    a.signed_on
        .or(a.effective_on)
        .map(|d| d.to_string())
        .unwrap_or_else(|| "0000-00-00".to_owned())
}

impl DbTx {
    /// Takes the next `n` change numbers of the registry; returns the first.
    async fn take_change_seqs(&mut self, n: i64) -> StoreResult<i64> {
        let last: i64 =
            sqlx::query_scalar("UPDATE registry_state SET last_seq = last_seq + $1 WHERE id = 1 RETURNING last_seq")
                .bind(n)
                .fetch_one(self.c())
                .await
                .map_err(db_err)?;
        Ok(last - n + 1)
    }

    async fn insert_children(&mut self, agreements: &[Agreement]) -> StoreResult<()> {
        let parties: Vec<(&Agreement, usize, &Party)> = agreements
            .iter()
            .flat_map(|a| a.parties.iter().enumerate().map(move |(i, p)| (a, i, p)))
            .collect();
        let insert = "INSERT INTO agreement_parties (agreement_id, position, partner_id, kind, region_code, \
                      province_code, country_iso2) ";
        self.insert_batched(insert, 7, &parties, |mut b, (a, i, p)| {
            b.push_bind(DbUuid(a.id.0))
                .push_bind(*i as i64)
                .push_bind(DbUuid(p.partner_id.0))
                .push_bind(p.kind.as_str())
                .push_bind(p.region_code.as_ref().map(|c| c.to_string()))
                .push_bind(p.province_code.as_ref().map(|c| c.to_string()))
                .push_bind(p.country_iso2.as_ref().map(|c| c.to_string()));
        })
        .await
    }

    async fn delete_children(&mut self, id: AgreementId) -> StoreResult<()> {
        sqlx::query("DELETE FROM agreement_parties WHERE agreement_id = $1")
            .bind(DbUuid(id.0))
            .execute(self.c())
            .await
            .map_err(db_err)?;
        Ok(())
    }

    /// Loads agreements for the given rows, with their parties, keeping the row order.
    async fn with_parties(&mut self, rows: Vec<AgreementRow>) -> StoreResult<Vec<Agreement>> {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let mut qb = QueryBuilder::<Db>::new(
            "SELECT ap.agreement_id, ap.partner_id, ap.kind, p.name, ap.region_code, ap.province_code, \
             ap.country_iso2, p.geonameid, p.subdivision_code \
             FROM agreement_parties ap JOIN partners p ON p.id = ap.partner_id WHERE ap.agreement_id IN (",
        );
        let mut list = qb.separated(", ");
        for r in &rows {
            list.push_bind(r.id);
        }
        qb.push(") ORDER BY ap.agreement_id, ap.position");
        let party_rows: Vec<PartyRow> = qb.build_query_as().fetch_all(self.c()).await.map_err(db_err)?;
        let mut parties: HashMap<uuid::Uuid, Vec<Party>> = HashMap::new();
        for p in party_rows {
            let id = p.agreement_id.0;
            parties.entry(id).or_default().push(p.into_party()?);
        }
        rows.into_iter()
            .map(|r| {
                let ps = parties.remove(&r.id.0).unwrap_or_default();
                r.into_agreement(ps)
            })
            .collect()
    }
}

#[async_trait]
impl AgreementRepo for DbTx {
    async fn insert(&mut self, agreements: &[Agreement]) -> StoreResult<()> {
        if agreements.is_empty() {
            return Ok(());
        }
        let first_seq = self.take_change_seqs(agreements.len() as i64).await?;
        let numbered: Vec<(i64, &Agreement)> = agreements
            .iter()
            .enumerate()
            .map(|(i, a)| (first_seq + i as i64, a))
            .collect();
        for chunk in numbered.chunks(batch_rows(46)) {
            let mut qb = QueryBuilder::<Db>::new(format!(
                "INSERT INTO agreements ({AGREEMENT_COLUMNS}, year, sort_key, title_key, search_text, change_seq) "
            ));
            qb.push_values(chunk, |mut b, (seq, a)| {
                b.push_bind(DbUuid(a.id.0))
                    .push_bind(a.form.as_str())
                    .push_bind(a.subtype.as_str())
                    .push_bind(a.tier.as_str())
                    .push_bind(a.status.as_str())
                    .push_bind(a.legal_basis.clone())
                    .push_bind(a.legal_basis_note.clone())
                    .push_bind(a.title_id.clone())
                    .push_bind(a.title_en.clone())
                    .push_bind(a.title_partner.clone())
                    .push_bind(a.partner_language.clone())
                    .push_bind(a.description_id.clone())
                    .push_bind(a.description_en.clone())
                    .push_bind(a.description_partner.clone())
                    .push_bind(strings(&a.objects))
                    .push_bind(a.other_object.clone())
                    .push_bind(strings(&a.fields))
                    .push_bind(strings(&a.sdgs))
                    .push_bind(a.signed_on)
                    .push_bind(a.effective_on)
                    .push_bind(a.expires_on)
                    .push_bind(a.open_ended)
                    .push_bind(a.amends.map(|i| DbUuid(i.0)))
                    .push_bind(a.renews.map(|i| DbUuid(i.0)))
                    .push_bind(a.source.clone())
                    .push_bind(a.is_demo)
                    .push_bind(a.created_at)
                    .push_bind(a.updated_at)
                    .push_bind(a.version)
                    .push_bind(a.kemlu_confirmation_ref.clone())
                    .push_bind(a.kemlu_confirmation_on)
                    .push_bind(a.minister_approval_ref.clone())
                    .push_bind(a.minister_approval_on)
                    .push_bind(a.dprd_decision_ref.clone())
                    .push_bind(a.dprd_decision_on)
                    .push_bind(a.terminated_on)
                    .push_bind(a.termination_reason.clone())
                    .push_bind(a.verification.as_str())
                    .push_bind(a.verification_note.clone())
                    .push_bind(a.verified_by.clone())
                    .push_bind(a.verified_at)
                    .push_bind(a.year().map(i64::from))
                    .push_bind(sort_key(a))
                    .push_bind(fold(&a.title_id))
                    .push_bind(search_text(a))
                    .push_bind(*seq);
            });
            qb.build().execute(self.c()).await.map_err(db_err)?;
            let rows: Vec<Agreement> = chunk.iter().map(|(_, a)| (*a).clone()).collect();
            self.insert_children(&rows).await?;
        }
        Ok(())
    }

    async fn update(&mut self, a: &Agreement, expected_version: i64) -> StoreResult<()> {
        let seq = self.take_change_seqs(1).await?;
        let result = sqlx::query(
            "UPDATE agreements SET form = $3, subtype = $4, tier = $5, status = $6, legal_basis = $7, \
             legal_basis_note = $8, title_id = $9, title_en = $10, title_partner = $11, partner_language = $12, \
             description_id = $13, description_en = $14, description_partner = $15, objects = $16, \
             other_object = $17, fields = $18, sdgs = $19, signed_on = $20, effective_on = $21, expires_on = $22, \
             open_ended = $23, amends_id = $24, renews_id = $25, source = $26, is_demo = $27, updated_at = $28, \
             version = $29, year = $30, sort_key = $31, title_key = $32, search_text = $33, change_seq = $34, \
             kemlu_confirmation_ref = $35, kemlu_confirmation_on = $36, minister_approval_ref = $37, \
             minister_approval_on = $38, dprd_decision_ref = $39, dprd_decision_on = $40, terminated_on = $41, \
             termination_reason = $42, verification = $43, verification_note = $44, verified_by = $45, \
             verified_at = $46 WHERE id = $1 AND version = $2",
        )
        .bind(DbUuid(a.id.0))
        .bind(expected_version)
        .bind(a.form.as_str())
        .bind(a.subtype.as_str())
        .bind(a.tier.as_str())
        .bind(a.status.as_str())
        .bind(&a.legal_basis)
        .bind(&a.legal_basis_note)
        .bind(&a.title_id)
        .bind(&a.title_en)
        .bind(&a.title_partner)
        .bind(&a.partner_language)
        .bind(&a.description_id)
        .bind(&a.description_en)
        .bind(&a.description_partner)
        .bind(strings(&a.objects))
        .bind(&a.other_object)
        .bind(strings(&a.fields))
        .bind(strings(&a.sdgs))
        .bind(a.signed_on)
        .bind(a.effective_on)
        .bind(a.expires_on)
        .bind(a.open_ended)
        .bind(a.amends.map(|i| DbUuid(i.0)))
        .bind(a.renews.map(|i| DbUuid(i.0)))
        .bind(&a.source)
        .bind(a.is_demo)
        .bind(a.updated_at)
        .bind(a.version)
        .bind(a.year().map(i64::from))
        .bind(sort_key(a))
        .bind(fold(&a.title_id))
        .bind(search_text(a))
        .bind(seq)
        .bind(&a.kemlu_confirmation_ref)
        .bind(a.kemlu_confirmation_on)
        .bind(&a.minister_approval_ref)
        .bind(a.minister_approval_on)
        .bind(&a.dprd_decision_ref)
        .bind(a.dprd_decision_on)
        .bind(a.terminated_on)
        .bind(&a.termination_reason)
        .bind(a.verification.as_str())
        .bind(&a.verification_note)
        .bind(&a.verified_by)
        .bind(a.verified_at)
        .execute(self.c())
        .await
        .map_err(db_err)?;
        if result.rows_affected() == 0 {
            return match self.existing_ids(&[a.id]).await?.is_empty() {
                true => Err(StoreError::NotFound),
                false => Err(StoreError::Conflict(format!(
                    "agreement {} is no longer at version {expected_version}",
                    a.id
                ))),
            };
        }
        self.delete_children(a.id).await?;
        self.insert_children(std::slice::from_ref(a)).await
    }

    async fn get(&mut self, id: AgreementId) -> StoreResult<Option<Agreement>> {
        let rows: Vec<AgreementRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {AGREEMENT_COLUMNS} FROM agreements WHERE id = $1"
        )))
        .bind(DbUuid(id.0))
        .fetch_all(self.c())
        .await
        .map_err(db_err)?;
        Ok(self.with_parties(rows).await?.into_iter().next())
    }

    async fn existing_ids(&mut self, ids: &[AgreementId]) -> StoreResult<Vec<AgreementId>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut qb = QueryBuilder::<Db>::new("SELECT id FROM agreements WHERE id IN (");
        let mut list = qb.separated(", ");
        for id in ids {
            list.push_bind(DbUuid(id.0));
        }
        qb.push(") ORDER BY id");
        let found: Vec<DbUuid> = qb.build_query_scalar().fetch_all(self.c()).await.map_err(db_err)?;
        Ok(found.into_iter().map(|i| AgreementId(i.0)).collect())
    }

    async fn list(&mut self, filter: &AgreementFilter, page: Page) -> StoreResult<Listing<Agreement>> {
        let total = self.count_where("agreements a", |qb| push_filter(qb, filter)).await?;
        let columns = AGREEMENT_COLUMNS.replace(", ", ", a.");
        let order = match filter.order {
            AgreementOrder::Newest => "a.sort_key DESC, a.id DESC",
            AgreementOrder::RecentlyUpdated => "a.updated_at DESC, a.id DESC",
            AgreementOrder::Title => "a.title_key, a.id",
            AgreementOrder::Id => "a.id",
        };
        let select = format!("SELECT a.{columns} FROM agreements a");
        let rows: Vec<AgreementRow> = self
            .page_where(&select, |qb| push_filter(qb, filter), order, page)
            .await?;
        let items = self.with_parties(rows).await?;
        Ok(Listing { items, total })
    }

    async fn case_born(&mut self, ids: &[AgreementId]) -> StoreResult<Vec<AgreementId>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut qb = QueryBuilder::<Db>::new("SELECT DISTINCT agreement_id FROM cases WHERE agreement_id IN (");
        let mut list = qb.separated(", ");
        for id in ids {
            list.push_bind(DbUuid(id.0));
        }
        qb.push(")");
        let found: Vec<DbUuid> = qb.build_query_scalar().fetch_all(self.c()).await.map_err(db_err)?;
        Ok(found.into_iter().map(|i| AgreementId(i.0)).collect())
    }

    async fn documents(&mut self, agreement: AgreementId) -> StoreResult<Vec<AgreementDocument>> {
        let rows: Vec<DocumentRow> = sqlx::query_as(
            "SELECT id, agreement_id, kind, file_sha256, file_size, content_type, file_name, uploaded_by, uploaded_at \
             FROM agreement_documents WHERE agreement_id = $1 ORDER BY uploaded_at, id",
        )
        .bind(DbUuid(agreement.0))
        .fetch_all(self.c())
        .await
        .map_err(db_err)?;
        Ok(rows
            .into_iter()
            .map(|r| AgreementDocument {
                id: r.id.0,
                agreement_id: AgreementId(r.agreement_id.0),
                kind: r.kind,
                sha256: r.file_sha256,
                size: r.file_size,
                content_type: r.content_type,
                filename: r.file_name,
                uploaded_by: r.uploaded_by,
                uploaded_at: r.uploaded_at,
            })
            .collect())
    }

    async fn add_document(&mut self, d: &AgreementDocument) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO agreement_documents (id, agreement_id, kind, file_sha256, file_size, content_type, \
             file_name, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(DbUuid(d.id))
        .bind(DbUuid(d.agreement_id.0))
        .bind(&d.kind)
        .bind(&d.sha256)
        .bind(d.size)
        .bind(&d.content_type)
        .bind(&d.filename)
        .bind(&d.uploaded_by)
        .bind(d.uploaded_at)
        .execute(self.c())
        .await
        .map_err(db_err)?;
        Ok(())
    }

    async fn sdg_decisions(&mut self, agreement: AgreementId) -> StoreResult<Vec<SdgDecision>> {
        let rows: Vec<(String, String, String, OffsetDateTime)> = sqlx::query_as(
            "SELECT target, decision, decided_by, decided_at FROM sdg_suggestion_decisions \
             WHERE agreement_id = $1 ORDER BY target",
        )
        .bind(DbUuid(agreement.0))
        .fetch_all(self.c())
        .await
        .map_err(db_err)?;
        rows.into_iter()
            .map(|(target, decision, decided_by, decided_at)| {
                Ok(SdgDecision {
                    agreement_id: agreement,
                    decision: SdgDecisionKind::parse(&decision).ok_or_else(|| corrupt("SDG decision", &decision))?,
                    target,
                    decided_by,
                    decided_at,
                })
            })
            .collect()
    }

    async fn record_sdg_decision(&mut self, d: &SdgDecision) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO sdg_suggestion_decisions (agreement_id, target, decision, decided_by, decided_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (agreement_id, target) DO UPDATE SET \
             decision = excluded.decision, decided_by = excluded.decided_by, decided_at = excluded.decided_at",
        )
        .bind(DbUuid(d.agreement_id.0))
        .bind(&d.target)
        .bind(d.decision.as_str())
        .bind(&d.decided_by)
        .bind(d.decided_at)
        .execute(self.c())
        .await
        .map_err(db_err)?;
        Ok(())
    }

    async fn delete_all(&mut self) -> StoreResult<u64> {
        sqlx::query("DELETE FROM agreement_parties")
            .execute(self.c())
            .await
            .map_err(db_err)?;
        let result = sqlx::query("DELETE FROM agreements")
            .execute(self.c())
            .await
            .map_err(db_err)?;
        sqlx::query("UPDATE registry_state SET generation = generation + 1 WHERE id = 1")
            .execute(self.c())
            .await
            .map_err(db_err)?;
        Ok(result.rows_affected())
    }

    async fn get_many(&mut self, ids: &[AgreementId]) -> StoreResult<Vec<Agreement>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut qb = QueryBuilder::<Db>::new(format!("SELECT {AGREEMENT_COLUMNS} FROM agreements WHERE id IN ("));
        let mut list = qb.separated(", ");
        for id in ids {
            list.push_bind(DbUuid(id.0));
        }
        qb.push(")");
        let rows: Vec<AgreementRow> = qb.build_query_as().fetch_all(self.c()).await.map_err(db_err)?;
        let mut by_id: HashMap<uuid::Uuid, Agreement> = self
            .with_parties(rows)
            .await?
            .into_iter()
            .map(|a| (a.id.0, a))
            .collect();
        Ok(ids.iter().filter_map(|id| by_id.remove(&id.0)).collect())
    }

    async fn watch(
        &mut self,
        watch: Watch,
        region: Option<&RegionCode>,
        province: Option<&RegionCode>,
        page: Page,
    ) -> StoreResult<Listing<Agreement>> {
        let build = |select: &str| {
            let mut qb = QueryBuilder::<Db>::new(select);
            qb.push(" FROM agreements a WHERE a.status = 'in_force'");
            match watch {
                Watch::ExpiringBy(d) => {
                    qb.push(" AND a.expires_on IS NOT NULL AND a.expires_on <= ")
                        .push_bind(d);
                }
                Watch::QuietSince(d) => {
                    qb.push(
                        " AND COALESCE((SELECT MAX(x.occurred_on) FROM activities x WHERE x.agreement_id = a.id), \
                         a.effective_on, a.signed_on) < ",
                    )
                    .push_bind(d);
                }
            }
            if let Some(r) = region {
                qb.push(" AND a.id IN (SELECT agreement_id FROM agreement_parties WHERE region_code = ")
                    .push_bind(r.to_string())
                    .push(")");
            }
            if let Some(p) = province {
                qb.push(" AND a.id IN (SELECT agreement_id FROM agreement_parties WHERE province_code = ")
                    .push_bind(p.to_string())
                    .push(")");
            }
            qb
        };
        let total: i64 = build("SELECT COUNT(*)")
            .build_query_scalar()
            .fetch_one(self.c())
            .await
            .map_err(db_err)?;
        let mut qb = build("SELECT a.id");
        qb.push(match watch {
            Watch::ExpiringBy(_) => " ORDER BY a.expires_on, a.id",
            Watch::QuietSince(_) => " ORDER BY a.sort_key, a.id",
        });
        qb.push(" LIMIT ")
            .push_bind(page.limit)
            .push(" OFFSET ")
            .push_bind(page.offset);
        let ids: Vec<DbUuid> = qb.build_query_scalar().fetch_all(self.c()).await.map_err(db_err)?;
        let ids: Vec<AgreementId> = ids.into_iter().map(|i| AgreementId(i.0)).collect();
        Ok(Listing {
            items: self.get_many(&ids).await?,
            total,
        })
    }

    async fn registry_version(&mut self) -> StoreResult<RegistryVersion> {
        let (generation, last_seq): (i64, i64) =
            sqlx::query_as("SELECT generation, last_seq FROM registry_state WHERE id = 1")
                .fetch_one(self.c())
                .await
                .map_err(db_err)?;
        Ok(RegistryVersion { generation, last_seq })
    }

    async fn registry_entries(&mut self, after_seq: i64, limit: i64) -> StoreResult<Vec<RegistryEntry>> {
        let rows: Vec<EntryRow> = sqlx::query_as(
            "SELECT id, change_seq, form, status, year, sort_key, updated_at, title_key, search_text, is_demo, \
             fields, sdgs, verification FROM agreements WHERE change_seq > $1 ORDER BY change_seq LIMIT $2",
        )
        .bind(after_seq)
        .bind(limit)
        .fetch_all(self.c())
        .await
        .map_err(db_err)?;
        let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
            return Ok(Vec::new());
        };
        let parties: Vec<EntryPartyRow> = sqlx::query_as(
            "SELECT ap.agreement_id, ap.partner_id, ap.region_code, ap.province_code, ap.country_iso2 \
             FROM agreement_parties ap JOIN agreements a ON a.id = ap.agreement_id \
             WHERE a.change_seq >= $1 AND a.change_seq <= $2 ORDER BY ap.agreement_id, ap.position",
        )
        .bind(first.change_seq)
        .bind(last.change_seq)
        .fetch_all(self.c())
        .await
        .map_err(db_err)?;
        let mut by_agreement: HashMap<uuid::Uuid, Vec<EntryPartyRow>> = HashMap::new();
        for p in parties {
            by_agreement.entry(p.agreement_id.0).or_default().push(p);
        }
        rows.into_iter()
            .map(|r| {
                let parties = by_agreement.remove(&r.id.0).unwrap_or_default();
                let mut entry = RegistryEntry {
                    id: AgreementId(r.id.0),
                    change_seq: r.change_seq,
                    form: parse("form", &r.form)?,
                    status: parse("status", &r.status)?,
                    year: r.year.map(|y| y as i32),
                    sort_key: r.sort_key,
                    updated_at: r.updated_at,
                    title_key: r.title_key,
                    search_text: r.search_text,
                    is_demo: r.is_demo,
                    verification: parse("verification", &r.verification)?,
                    regions: Vec::new(),
                    provinces: Vec::new(),
                    countries: Vec::new(),
                    partners: Vec::new(),
                    fields: parse_all("field", &r.fields.0)?,
                    sdgs: parse_all("SDG code", &r.sdgs.0)?,
                };
                for p in parties {
                    entry.partners.push(PartnerId(p.partner_id.0));
                    if let Some(c) = p.region_code {
                        entry.regions.push(parse("region code", &c)?);
                    }
                    if let Some(c) = p.province_code {
                        entry.provinces.push(parse("region code", &c)?);
                    }
                    if let Some(c) = p.country_iso2 {
                        entry.countries.push(parse("country code", &c)?);
                    }
                }
                Ok(entry)
            })
            .collect()
    }
}
