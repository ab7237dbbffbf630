//! The job queue, the search log and extracted document text.

use super::Db;
use super::tx::{DbTx, db_err};
use crate::types::DbUuid;
use async_trait::async_trait;
use jalin_app::ports::search::SearchCursor;
use jalin_app::ports::store::{Job, JobRepo, StoreResult};
use jalin_domain::ids::{CaseId, DocumentId};
use sqlx::QueryBuilder;
use time::OffsetDateTime;

#[async_trait]
impl JobRepo for DbTx {
    async fn enqueue(&mut self, kind: &str, target: &str, at: OffsetDateTime) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO jobs (kind, target, created_at, run_after, attempts) VALUES ($1, $2, $3, $3, 0) \
             ON CONFLICT (kind, target) DO NOTHING",
        )
        .bind(kind)
        .bind(target)
        .bind(at)
        .execute(self.c())
        .await
        .map_err(db_err)?;
        Ok(())
    }

    async fn claim(&mut self, now: OffsetDateTime, lease_until: OffsetDateTime, limit: i64) -> StoreResult<Vec<Job>> {
        let sql = format!(
            "UPDATE jobs SET locked_until = $1, attempts = attempts + 1 WHERE id IN (\
             SELECT id FROM jobs WHERE run_after <= $2 AND (locked_until IS NULL OR locked_until < $2) \
             ORDER BY id LIMIT $3{}) RETURNING id, kind, target, attempts",
            super::SKIP_LOCKED
        );
        let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(lease_until)
            .bind(now)
            .bind(limit)
            .fetch_all(self.c())
            .await
            .map_err(db_err)?;
        let mut jobs: Vec<Job> = rows
            .into_iter()
            .map(|(id, kind, target, attempts)| Job {
                id,
                kind,
                target,
                attempts,
            })
            .collect();
        jobs.sort_by_key(|j| j.id);
        Ok(jobs)
    }

    async fn finish(&mut self, id: i64) -> StoreResult<()> {
        sqlx::query("DELETE FROM jobs WHERE id = $1")
            .bind(id)
            .execute(self.c())
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn fail(&mut self, id: i64, error: &str, retry_at: OffsetDateTime) -> StoreResult<()> {
        sqlx::query("UPDATE jobs SET locked_until = NULL, run_after = $2, last_error = $3 WHERE id = $1")
            .bind(id)
            .bind(retry_at)
            .bind(error)
            .execute(self.c())
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn pending(&mut self) -> StoreResult<i64> {
        sqlx::query_scalar("SELECT COUNT(*) FROM jobs")
            .fetch_one(self.c())
            .await
            .map_err(db_err)
    }

    async fn oldest_pending(&mut self) -> StoreResult<Option<OffsetDateTime>> {
        // Ids grow with time: the lowest id is the job queued first.
        sqlx::query_scalar("SELECT created_at FROM jobs ORDER BY id LIMIT 1")
            .fetch_optional(self.c())
            .await
            .map_err(db_err)
    }

    async fn log_search(&mut self, docs: &[String], at: OffsetDateTime) -> StoreResult<()> {
        if docs.is_empty() {
            return Ok(());
        }
        // Taking the numbers from the head row locks it until commit: entries commit in
        // sequence order, so a reader never skips one that commits late.
        let n = docs.len() as i64;
        let last: i64 =
            sqlx::query_scalar("UPDATE search_state SET last_seq = last_seq + $1 WHERE id = 1 RETURNING last_seq")
                .bind(n)
                .fetch_one(self.c())
                .await
                .map_err(db_err)?;
        let first = last - n + 1;
        for (chunk_index, chunk) in docs.chunks(1000).enumerate() {
            let mut qb = QueryBuilder::<Db>::new("INSERT INTO search_log (seq, doc, at) ");
            qb.push_values(chunk.iter().enumerate(), |mut b, (i, doc)| {
                b.push_bind(first + (chunk_index * 1000 + i) as i64)
                    .push_bind(doc.clone())
                    .push_bind(at);
            });
            qb.build().execute(self.c()).await.map_err(db_err)?;
        }
        Ok(())
    }

    async fn search_changes(&mut self, after_seq: i64, limit: i64) -> StoreResult<Vec<(i64, String)>> {
        sqlx::query_as("SELECT seq, doc FROM search_log WHERE seq > $1 ORDER BY seq LIMIT $2")
            .bind(after_seq)
            .bind(limit)
            .fetch_all(self.c())
            .await
            .map_err(db_err)
    }

    async fn search_head(&mut self) -> StoreResult<SearchCursor> {
        let (database, generation, seq): (String, i64, i64) =
            sqlx::query_as("SELECT database_id, generation, last_seq FROM search_state WHERE id = 1")
                .fetch_one(self.c())
                .await
                .map_err(db_err)?;
        Ok(SearchCursor {
            database,
            generation,
            seq,
        })
    }

    async fn bump_search_generation(&mut self) -> StoreResult<i64> {
        sqlx::query_scalar("UPDATE search_state SET generation = generation + 1 WHERE id = 1 RETURNING generation")
            .fetch_one(self.c())
            .await
            .map_err(db_err)
    }

    async fn put_document_text(
        &mut self,
        sha256: &str,
        text: Option<&str>,
        error: Option<&str>,
        at: OffsetDateTime,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO document_texts (sha256, text, error, extracted_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (sha256) DO UPDATE SET text = excluded.text, error = excluded.error, \
             extracted_at = excluded.extracted_at",
        )
        .bind(sha256)
        .bind(text)
        .bind(error)
        .bind(at)
        .execute(self.c())
        .await
        .map_err(db_err)?;
        Ok(())
    }

    async fn document_text(&mut self, sha256: &str) -> StoreResult<Option<(Option<String>, Option<String>)>> {
        sqlx::query_as("SELECT text, error FROM document_texts WHERE sha256 = $1")
            .bind(sha256)
            .fetch_optional(self.c())
            .await
            .map_err(db_err)
    }

    async fn documents_with_file(&mut self, sha256: &str) -> StoreResult<Vec<(CaseId, DocumentId)>> {
        let rows: Vec<(DbUuid, DbUuid)> =
            sqlx::query_as("SELECT case_id, id FROM case_documents WHERE file_sha256 = $1 ORDER BY id")
                .bind(sha256)
                .fetch_all(self.c())
                .await
                .map_err(db_err)?;
        Ok(rows.into_iter().map(|(c, d)| (CaseId(c.0), DocumentId(d.0))).collect())
    }

    async fn document_case(&mut self, id: DocumentId) -> StoreResult<Option<CaseId>> {
        let case: Option<DbUuid> = sqlx::query_scalar("SELECT case_id FROM case_documents WHERE id = $1")
            .bind(DbUuid(id.0))
            .fetch_optional(self.c())
            .await
            .map_err(db_err)?;
        Ok(case.map(|c| CaseId(c.0)))
    }

    async fn all_ids(&mut self, kind: &str, after: Option<&str>, limit: i64) -> StoreResult<Vec<String>> {
        let table = match kind {
            "agreement" => "agreements",
            "partner" => "partners",
            "case" => "cases",
            "document" => "case_documents",
            _ => return Ok(Vec::new()),
        };
        let after = match after {
            Some(a) => Some(DbUuid(a.parse().map_err(|_| super::tx::corrupt("id", a))?)),
            None => None,
        };
        let mut qb = QueryBuilder::<Db>::new(format!("SELECT id FROM {table}"));
        if let Some(a) = after {
            qb.push(" WHERE id > ").push_bind(a);
        }
        qb.push(" ORDER BY id LIMIT ").push_bind(limit);
        let ids: Vec<DbUuid> = qb.build_query_scalar().fetch_all(self.c()).await.map_err(db_err)?;
        Ok(ids.into_iter().map(|i| i.0.to_string()).collect())
    }
}
