//! Notifications: each alert given once to each recipient, and the read state.

use super::Db;
use super::cases::AlertRow;
use super::tx::{DbTx, corrupt, db_err};
use crate::types::DbUuid;
use async_trait::async_trait;
use jalin_app::ports::store::{InboxEntry, InboxFilter, Listing, NotificationRepo, Page, Recipients, StoreResult};
use jalin_domain::ids::UserId;
use jalin_domain::notification::NotificationKind;
use jalin_domain::role::Role;
use sqlx::{FromRow, QueryBuilder};
use time::{OffsetDateTime, Time};

/// The roles that belong to one region's government.
const REGION_ROLES: [Role; 2] = [Role::RegionalOfficer, Role::RegionalApprover];

#[derive(FromRow)]
pub(super) struct EntryRow {
    alert_id: DbUuid,
    kind: String,
    read_at: Option<OffsetDateTime>,
    #[sqlx(flatten)]
    alert: AlertRow,
}

impl EntryRow {
    pub(super) fn into_entry(self) -> StoreResult<InboxEntry> {
        Ok(InboxEntry {
            alert_id: self.alert_id.0,
            kind: self
                .kind
                .parse()
                .map_err(|_| corrupt("notification kind", &self.kind))?,
            read_at: self.read_at,
            alert: self.alert.into_alert()?,
        })
    }
}

/// `AND (…)`: the accounts of `to` (the caller has ruled out an empty set).
fn push_recipients(qb: &mut QueryBuilder<Db>, to: &Recipients) {
    qb.push(" AND (1 = 0");
    if let Some(region) = &to.region {
        qb.push(" OR (u.region_code = ")
            .push_bind(region.to_string())
            .push(" AND u.role IN (");
        let mut roles = qb.separated(", ");
        for r in REGION_ROLES {
            roles.push_bind(r.as_str());
        }
        qb.push("))");
    }
    if let Some(province) = &to.province {
        qb.push(" OR (u.region_code = ")
            .push_bind(province.to_string())
            .push(" AND u.role = ")
            .push_bind(Role::ProvinceOfficer.as_str())
            .push(")");
    }
    if !to.roles.is_empty() {
        qb.push(" OR u.role IN (");
        let mut roles = qb.separated(", ");
        for r in &to.roles {
            roles.push_bind(r.as_str());
        }
        qb.push(")");
    }
    if !to.users.is_empty() {
        qb.push(" OR u.id IN (");
        let mut ids = qb.separated(", ");
        for u in &to.users {
            ids.push_bind(DbUuid(u.0));
        }
        qb.push(")");
    }
    qb.push(")");
}

fn push_inbox_filter(qb: &mut QueryBuilder<Db>, user: UserId, f: &InboxFilter) {
    qb.push(" WHERE n.recipient_id = ").push_bind(DbUuid(user.0));
    if let Some(kind) = f.kind {
        qb.push(" AND n.kind = ").push_bind(kind.as_str());
    }
    if let Some(region) = &f.region {
        qb.push(" AND (n.region_code = ")
            .push_bind(region.to_string())
            .push(" OR n.region_code LIKE ")
            .push_bind(format!("{region}.%"))
            .push(")");
    }
    if let Some(from) = f.from {
        qb.push(" AND n.created_at >= ")
            .push_bind(from.with_time(Time::MIDNIGHT).assume_utc());
    }
    if let Some(to) = f.to.and_then(|d| d.next_day()) {
        qb.push(" AND n.created_at < ")
            .push_bind(to.with_time(Time::MIDNIGHT).assume_utc());
    }
    if f.unread_only {
        qb.push(" AND n.read_at IS NULL");
    }
}

#[async_trait]
impl NotificationRepo for DbTx {
    async fn deliver(
        &mut self,
        dedup_key: &str,
        kind: NotificationKind,
        to: &Recipients,
        at: OffsetDateTime,
    ) -> StoreResult<u64> {
        if to.is_empty() {
            return Ok(0);
        }
        let mut qb = QueryBuilder::<Db>::new(
            "INSERT INTO notifications (recipient_id, alert_id, kind, region_code, created_at) SELECT u.id, a.id, ",
        );
        qb.push_bind(kind.as_str())
            .push(", a.region_code, ")
            .push_bind(at)
            .push(" FROM users u, alerts a WHERE a.dedup_key = ")
            .push_bind(dedup_key.to_owned())
            .push(" AND u.active = ")
            .push_bind(true);
        push_recipients(&mut qb, to);
        qb.push(" ON CONFLICT (recipient_id, alert_id) DO NOTHING");
        let done = qb.build().execute(self.c()).await.map_err(db_err)?;
        Ok(done.rows_affected())
    }

    async fn inbox(&mut self, user: UserId, filter: &InboxFilter, page: Page) -> StoreResult<Listing<InboxEntry>> {
        let total = self
            .count_where("notifications n", |qb| push_inbox_filter(qb, user, filter))
            .await?;
        let mut qb = QueryBuilder::<Db>::new(
            "SELECT n.alert_id, n.kind, n.read_at, a.case_id, a.agreement_id, a.code, a.due_on, a.message_id, \
             a.message_en, a.region_code, a.raised_at FROM notifications n JOIN alerts a ON a.id = n.alert_id",
        );
        push_inbox_filter(&mut qb, user, filter);
        qb.push(" ORDER BY n.created_at DESC, a.due_on, a.code LIMIT ")
            .push_bind(page.limit)
            .push(" OFFSET ")
            .push_bind(page.offset);
        let rows: Vec<EntryRow> = qb.build_query_as().fetch_all(self.c()).await.map_err(db_err)?;
        let items = rows.into_iter().map(EntryRow::into_entry).collect::<StoreResult<_>>()?;
        Ok(Listing { items, total })
    }

    async fn unread(&mut self, user: UserId) -> StoreResult<i64> {
        sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE recipient_id = $1 AND read_at IS NULL")
            .bind(DbUuid(user.0))
            .fetch_one(self.c())
            .await
            .map_err(db_err)
    }

    async fn mark_read(&mut self, user: UserId, alerts: Option<&[uuid::Uuid]>, at: OffsetDateTime) -> StoreResult<u64> {
        let mut qb = QueryBuilder::<Db>::new("UPDATE notifications SET read_at = ");
        qb.push_bind(at)
            .push(" WHERE recipient_id = ")
            .push_bind(DbUuid(user.0))
            .push(" AND read_at IS NULL");
        if let Some(ids) = alerts {
            if ids.is_empty() {
                return Ok(0);
            }
            qb.push(" AND alert_id IN (");
            let mut list = qb.separated(", ");
            for id in ids {
                list.push_bind(DbUuid(*id));
            }
            qb.push(")");
        }
        let done = qb.build().execute(self.c()).await.map_err(db_err)?;
        Ok(done.rows_affected())
    }
}
