//! Calendar feeds and the served versions of their events (ADR 0016).

use super::Db;
use super::tx::{DbTx, db_err};
use crate::types::DbUuid;
use async_trait::async_trait;
use jalin_app::ports::store::{CalendarFeed, CalendarFeedRepo, StoreResult};
use jalin_domain::ids::UserId;
use sqlx::{FromRow, QueryBuilder};
use time::{Date, OffsetDateTime};

const FEED_COLUMNS: &str = "id, user_id, label, region_code, created_at, revoked_at";

#[derive(FromRow)]
struct FeedRow {
    id: DbUuid,
    user_id: DbUuid,
    label: String,
    region_code: Option<String>,
    created_at: OffsetDateTime,
    revoked_at: Option<OffsetDateTime>,
}

impl From<FeedRow> for CalendarFeed {
    fn from(r: FeedRow) -> Self {
        Self {
            id: r.id.0,
            user_id: UserId(r.user_id.0),
            label: r.label,
            region: r.region_code.and_then(|c| c.parse().ok()),
            created_at: r.created_at,
            revoked_at: r.revoked_at,
        }
    }
}

impl DbTx {
    async fn feed_where(&mut self, column: &str, value: DbUuidOrText<'_>) -> StoreResult<Option<CalendarFeed>> {
        let sql = format!("SELECT {FEED_COLUMNS} FROM calendar_feeds WHERE {column} = $1");
        let query = sqlx::query_as::<_, FeedRow>(sqlx::AssertSqlSafe(sql));
        let query = match value {
            DbUuidOrText::Uuid(id) => query.bind(DbUuid(id)),
            DbUuidOrText::Text(t) => query.bind(t.to_owned()),
        };
        let row = query.fetch_optional(self.c()).await.map_err(db_err)?;
        Ok(row.map(CalendarFeed::from))
    }
}

/// The key a feed is looked up by.
enum DbUuidOrText<'a> {
    Uuid(uuid::Uuid),
    Text(&'a str),
}

#[async_trait]
impl CalendarFeedRepo for DbTx {
    async fn insert_feed(&mut self, f: &CalendarFeed, token_hash: &str) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO calendar_feeds (id, user_id, token_hash, label, region_code, created_at, revoked_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(DbUuid(f.id))
        .bind(DbUuid(f.user_id.0))
        .bind(token_hash)
        .bind(&f.label)
        .bind(f.region.as_ref().map(ToString::to_string))
        .bind(f.created_at)
        .bind(f.revoked_at)
        .execute(self.c())
        .await
        .map_err(db_err)?;
        Ok(())
    }

    async fn feeds_of(&mut self, user: UserId) -> StoreResult<Vec<CalendarFeed>> {
        let sql = format!("SELECT {FEED_COLUMNS} FROM calendar_feeds WHERE user_id = $1 ORDER BY created_at, id");
        let rows: Vec<FeedRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(DbUuid(user.0))
            .fetch_all(self.c())
            .await
            .map_err(db_err)?;
        Ok(rows.into_iter().map(CalendarFeed::from).collect())
    }

    async fn feed(&mut self, id: uuid::Uuid) -> StoreResult<Option<CalendarFeed>> {
        self.feed_where("id", DbUuidOrText::Uuid(id)).await
    }

    async fn feed_by_hash(&mut self, token_hash: &str) -> StoreResult<Option<CalendarFeed>> {
        self.feed_where("token_hash", DbUuidOrText::Text(token_hash)).await
    }

    async fn revoke_feed(&mut self, id: uuid::Uuid, at: OffsetDateTime) -> StoreResult<bool> {
        let done = sqlx::query("UPDATE calendar_feeds SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL")
            .bind(DbUuid(id))
            .bind(at)
            .execute(self.c())
            .await
            .map_err(db_err)?;
        Ok(done.rows_affected() == 1)
    }

    async fn event_versions(&mut self, uids: &[String]) -> StoreResult<Vec<(String, Date, i64)>> {
        let mut out = Vec::with_capacity(uids.len());
        for chunk in uids.chunks(super::tx::batch_rows(1)) {
            let mut qb =
                QueryBuilder::<Db>::new("SELECT uid, due_on, sequence FROM calendar_event_versions WHERE uid IN (");
            let mut list = qb.separated(", ");
            for uid in chunk {
                list.push_bind(uid.clone());
            }
            qb.push(")");
            let rows: Vec<(String, Date, i64)> = qb.build_query_as().fetch_all(self.c()).await.map_err(db_err)?;
            out.extend(rows);
        }
        Ok(out)
    }

    async fn record_event_version(&mut self, uid: &str, due_on: Date, at: OffsetDateTime) -> StoreResult<i64> {
        // One statement on both backends: two feeds served at once bump a moved event once,
        // since the second sees the new due day and changes nothing.
        sqlx::query(
            "INSERT INTO calendar_event_versions (uid, due_on, sequence, changed_at) VALUES ($1, $2, 0, $3) \
             ON CONFLICT (uid) DO UPDATE SET due_on = excluded.due_on, \
             sequence = calendar_event_versions.sequence + 1, changed_at = excluded.changed_at \
             WHERE calendar_event_versions.due_on <> excluded.due_on",
        )
        .bind(uid)
        .bind(due_on)
        .bind(at)
        .execute(self.c())
        .await
        .map_err(db_err)?;
        sqlx::query_scalar("SELECT sequence FROM calendar_event_versions WHERE uid = $1")
            .bind(uid)
            .fetch_one(self.c())
            .await
            .map_err(db_err)
    }
}
