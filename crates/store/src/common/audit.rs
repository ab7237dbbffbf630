//! The audit trail: a hash chain appended in the same transaction as each change.

use super::Db;
use super::tx::{DbTx, corrupt, db_err};
use async_trait::async_trait;
use jalin_app::ports::store::{AuditFilter, AuditRepo, Listing, Page, StoreResult};
use jalin_domain::audit::{AuditEvent, NewAuditEvent, chain_hash};
use sqlx::{FromRow, QueryBuilder};
use time::OffsetDateTime;

const COLUMNS: &str = "seq, at, actor, role, action, target_type, target_id, region_code, before_json, after_json, \
     request_id, prev_hash, hash";

#[derive(FromRow)]
struct Row {
    seq: i64,
    at: OffsetDateTime,
    actor: String,
    role: String,
    action: String,
    target_type: String,
    target_id: String,
    region_code: Option<String>,
    before_json: Option<String>,
    after_json: Option<String>,
    request_id: String,
    prev_hash: String,
    hash: String,
}

impl Row {
    fn into_event(self) -> StoreResult<AuditEvent> {
        Ok(AuditEvent {
            seq: self.seq,
            at: self.at,
            actor: self.actor,
            role: self.role.parse().map_err(|_| corrupt("role", &self.role))?,
            action: self.action,
            target_type: self.target_type,
            target_id: self.target_id,
            region_code: self
                .region_code
                .map(|r| r.parse().map_err(|_| corrupt("region", &r)))
                .transpose()?,
            before: self.before_json.map(|j| parse_json(&j)).transpose()?,
            after: self.after_json.map(|j| parse_json(&j)).transpose()?,
            request_id: self.request_id,
            prev_hash: self.prev_hash,
            hash: self.hash,
        })
    }
}

fn parse_json(text: &str) -> StoreResult<serde_json::Value> {
    serde_json::from_str(text).map_err(|_| corrupt("audit summary", text))
}

fn to_json(value: &Option<serde_json::Value>) -> Option<String> {
    value.as_ref().map(serde_json::Value::to_string)
}

fn push_filter(qb: &mut QueryBuilder<Db>, f: &AuditFilter) {
    qb.push(" WHERE 1 = 1");
    if let Some(t) = &f.target_type {
        qb.push(" AND target_type = ").push_bind(t.clone());
    }
    if let Some(t) = &f.target_id {
        qb.push(" AND target_id = ").push_bind(t.clone());
    }
    if let Some(a) = &f.actor {
        qb.push(" AND actor = ").push_bind(a.clone());
    }
    if let Some(r) = &f.region {
        qb.push(" AND region_code = ").push_bind(r.to_string());
    }
    if let Some((actor, user)) = &f.actor_or_user {
        qb.push(" AND (actor = ")
            .push_bind(actor.clone())
            .push(" OR (target_type = 'user' AND target_id = ")
            .push_bind(user.clone())
            .push("))");
    }
}

#[async_trait]
impl AuditRepo for DbTx {
    async fn append(&mut self, e: &NewAuditEvent) -> StoreResult<AuditEvent> {
        // Updating the head row first takes its lock: concurrent appends wait, so the chain
        // never forks.
        let (seq, prev): (i64, String) =
            sqlx::query_as("UPDATE audit_state SET last_seq = last_seq + 1 WHERE id = 1 RETURNING last_seq, last_hash")
                .fetch_one(self.c())
                .await
                .map_err(db_err)?;
        let at = jalin_app::ports::clock::to_micros(e.at);
        let hash = chain_hash(
            &prev,
            seq,
            at,
            &e.actor,
            e.role,
            e.action,
            e.target_type,
            &e.target_id,
            e.region_code.as_ref(),
            &e.before,
            &e.after,
            &e.request_id,
        );
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO audit_events ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
        )))
        .bind(seq)
        .bind(at)
        .bind(&e.actor)
        .bind(e.role.as_str())
        .bind(e.action)
        .bind(e.target_type)
        .bind(&e.target_id)
        .bind(e.region_code.as_ref().map(|r| r.to_string()))
        .bind(to_json(&e.before))
        .bind(to_json(&e.after))
        .bind(&e.request_id)
        .bind(&prev)
        .bind(&hash)
        .execute(self.c())
        .await
        .map_err(db_err)?;
        sqlx::query("UPDATE audit_state SET last_hash = $1 WHERE id = 1")
            .bind(&hash)
            .execute(self.c())
            .await
            .map_err(db_err)?;
        Ok(AuditEvent {
            seq,
            at,
            actor: e.actor.clone(),
            role: e.role,
            action: e.action.to_owned(),
            target_type: e.target_type.to_owned(),
            target_id: e.target_id.clone(),
            region_code: e.region_code.clone(),
            before: e.before.clone(),
            after: e.after.clone(),
            request_id: e.request_id.clone(),
            prev_hash: prev,
            hash,
        })
    }

    async fn list(&mut self, filter: &AuditFilter, page: Page) -> StoreResult<Listing<AuditEvent>> {
        let total = self.count_where("audit_events", |qb| push_filter(qb, filter)).await?;
        let select = format!("SELECT {COLUMNS} FROM audit_events");
        let rows: Vec<Row> = self
            .page_where(&select, |qb| push_filter(qb, filter), "seq DESC", page)
            .await?;
        Ok(Listing {
            items: rows.into_iter().map(Row::into_event).collect::<StoreResult<_>>()?,
            total,
        })
    }

    async fn head(&mut self) -> StoreResult<(i64, String)> {
        sqlx::query_as("SELECT last_seq, last_hash FROM audit_state WHERE id = 1")
            .fetch_one(self.c())
            .await
            .map_err(db_err)
    }

    async fn after(&mut self, after_seq: i64, limit: i64) -> StoreResult<Vec<AuditEvent>> {
        let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT $2"
        )))
        .bind(after_seq)
        .bind(limit)
        .fetch_all(self.c())
        .await
        .map_err(db_err)?;
        rows.into_iter().map(Row::into_event).collect()
    }
}
