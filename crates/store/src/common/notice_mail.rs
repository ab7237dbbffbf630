//! Notices by e-mail: preferences, unmailed inbox rows and the delivery log.

use super::Db;
use super::notifications::EntryRow;
use super::rows::parse;
use super::tx::{DbTx, db_err};
use crate::types::DbUuid;
use async_trait::async_trait;
use jalin_app::ports::store::{
    InboxEntry, Listing, MailDelivery, MailRecipient, NoticeMailRepo, Page, StoreResult, StoredNoticeSettings,
};
use jalin_domain::ids::UserId;
use jalin_domain::notice_mail::NoticeSettings;
use sqlx::{FromRow, QueryBuilder};
use time::{Date, OffsetDateTime};

const RECIPIENT_COLUMNS: &str = "u.id, u.email, u.name, u.role, s.lang, s.mode, s.digest_hour, s.zone, s.muted, \
     s.unsubscribe_token, s.last_digest_on FROM users u LEFT JOIN notice_settings s ON s.user_id = u.id";

const ENTRY_COLUMNS: &str = "SELECT n.alert_id, n.kind, n.read_at, a.case_id, a.agreement_id, a.code, a.due_on, \
     a.message_id, a.message_en, a.region_code, a.raised_at FROM notifications n JOIN alerts a ON a.id = n.alert_id";

#[derive(FromRow)]
struct SettingsRow {
    lang: String,
    mode: String,
    digest_hour: i64,
    zone: String,
    muted: String,
    unsubscribe_token: String,
    last_digest_on: Option<Date>,
}

impl SettingsRow {
    fn into_stored(self) -> StoreResult<StoredNoticeSettings> {
        Ok(StoredNoticeSettings {
            settings: NoticeSettings {
                lang: parse("mail language", &self.lang)?,
                mode: parse("delivery mode", &self.mode)?,
                digest_hour: u8::try_from(self.digest_hour).unwrap_or(7),
                zone: parse("time zone", &self.zone)?,
                muted: NoticeSettings::parse_muted(&self.muted),
            },
            unsubscribe_token: self.unsubscribe_token,
            last_digest_on: self.last_digest_on,
        })
    }
}

#[derive(FromRow)]
struct RecipientRow {
    id: DbUuid,
    email: String,
    name: String,
    role: String,
    lang: Option<String>,
    mode: Option<String>,
    digest_hour: Option<i64>,
    zone: Option<String>,
    muted: Option<String>,
    unsubscribe_token: Option<String>,
    last_digest_on: Option<Date>,
}

impl RecipientRow {
    fn into_recipient(self) -> StoreResult<MailRecipient> {
        let stored = match (
            self.lang,
            self.mode,
            self.digest_hour,
            self.zone,
            self.muted,
            self.unsubscribe_token,
        ) {
            (Some(lang), Some(mode), Some(digest_hour), Some(zone), Some(muted), Some(unsubscribe_token)) => Some(
                SettingsRow {
                    lang,
                    mode,
                    digest_hour,
                    zone,
                    muted,
                    unsubscribe_token,
                    last_digest_on: self.last_digest_on,
                }
                .into_stored()?,
            ),
            _ => None,
        };
        Ok(MailRecipient {
            user: UserId(self.id.0),
            email: self.email,
            name: self.name,
            role: parse("role", &self.role)?,
            stored,
        })
    }
}

#[derive(FromRow)]
struct DeliveryRow {
    id: DbUuid,
    recipient_id: Option<DbUuid>,
    address: String,
    subject: String,
    what: String,
    status: String,
    error: Option<String>,
    created_at: OffsetDateTime,
}

impl DbTx {
    async fn recipients(&mut self, qb: &mut QueryBuilder<Db>) -> StoreResult<Vec<MailRecipient>> {
        let rows: Vec<RecipientRow> = qb.build_query_as().fetch_all(self.c()).await.map_err(db_err)?;
        rows.into_iter().map(RecipientRow::into_recipient).collect()
    }

    async fn entries(&mut self, qb: &mut QueryBuilder<Db>) -> StoreResult<Vec<InboxEntry>> {
        let rows: Vec<EntryRow> = qb.build_query_as().fetch_all(self.c()).await.map_err(db_err)?;
        rows.into_iter().map(EntryRow::into_entry).collect()
    }
}

#[async_trait]
impl NoticeMailRepo for DbTx {
    async fn settings(&mut self, user: UserId) -> StoreResult<Option<StoredNoticeSettings>> {
        let row: Option<SettingsRow> = sqlx::query_as(
            "SELECT lang, mode, digest_hour, zone, muted, unsubscribe_token, last_digest_on \
             FROM notice_settings WHERE user_id = $1",
        )
        .bind(DbUuid(user.0))
        .fetch_optional(self.c())
        .await
        .map_err(db_err)?;
        row.map(SettingsRow::into_stored).transpose()
    }

    async fn put_settings(
        &mut self,
        user: UserId,
        s: &NoticeSettings,
        new_token: &str,
        at: OffsetDateTime,
    ) -> StoreResult<StoredNoticeSettings> {
        sqlx::query(
            "INSERT INTO notice_settings (user_id, lang, mode, digest_hour, zone, muted, unsubscribe_token, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (user_id) DO UPDATE SET lang = excluded.lang, \
             mode = excluded.mode, digest_hour = excluded.digest_hour, zone = excluded.zone, \
             muted = excluded.muted, updated_at = excluded.updated_at",
        )
        .bind(DbUuid(user.0))
        .bind(s.lang.as_str())
        .bind(s.mode.as_str())
        .bind(i64::from(s.digest_hour))
        .bind(s.zone.as_str())
        .bind(s.muted_codes())
        .bind(new_token)
        .bind(at)
        .execute(self.c())
        .await
        .map_err(db_err)?;
        self.settings(user)
            .await?
            .ok_or_else(|| super::tx::corrupt("notice settings", "missing after upsert"))
    }

    async fn set_last_digest(&mut self, user: UserId, day: Date) -> StoreResult<()> {
        sqlx::query("UPDATE notice_settings SET last_digest_on = $1 WHERE user_id = $2")
            .bind(day)
            .bind(DbUuid(user.0))
            .execute(self.c())
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn unmailed_recipients(&mut self, dedup_key: &str) -> StoreResult<Vec<MailRecipient>> {
        let mut qb = QueryBuilder::<Db>::new("SELECT ");
        qb.push(RECIPIENT_COLUMNS)
            .push(" JOIN notifications n ON n.recipient_id = u.id JOIN alerts a ON a.id = n.alert_id WHERE a.dedup_key = ")
            .push_bind(dedup_key.to_owned())
            .push(" AND n.mailed_at IS NULL AND u.active = ")
            .push_bind(true)
            .push(" ORDER BY u.email");
        self.recipients(&mut qb).await
    }

    async fn recipient(&mut self, user: UserId) -> StoreResult<Option<MailRecipient>> {
        let mut qb = QueryBuilder::<Db>::new("SELECT ");
        qb.push(RECIPIENT_COLUMNS)
            .push(" WHERE u.id = ")
            .push_bind(DbUuid(user.0))
            .push(" AND u.active = ")
            .push_bind(true);
        Ok(self.recipients(&mut qb).await?.pop())
    }

    async fn digest_readers(&mut self) -> StoreResult<Vec<MailRecipient>> {
        let mut qb = QueryBuilder::<Db>::new("SELECT ");
        qb.push(RECIPIENT_COLUMNS)
            .push(" WHERE s.mode = 'digest' AND u.active = ")
            .push_bind(true)
            .push(" ORDER BY u.email");
        self.recipients(&mut qb).await
    }

    async fn unmailed(&mut self, user: UserId, limit: i64) -> StoreResult<Vec<InboxEntry>> {
        let mut qb = QueryBuilder::<Db>::new(ENTRY_COLUMNS);
        qb.push(" WHERE n.recipient_id = ")
            .push_bind(DbUuid(user.0))
            .push(" AND n.mailed_at IS NULL ORDER BY n.created_at, a.code LIMIT ")
            .push_bind(limit);
        self.entries(&mut qb).await
    }

    async fn entry(&mut self, user: UserId, dedup_key: &str) -> StoreResult<Option<InboxEntry>> {
        let mut qb = QueryBuilder::<Db>::new(ENTRY_COLUMNS);
        qb.push(" WHERE n.recipient_id = ")
            .push_bind(DbUuid(user.0))
            .push(" AND a.dedup_key = ")
            .push_bind(dedup_key.to_owned());
        Ok(self.entries(&mut qb).await?.pop())
    }

    async fn mark_mailed(&mut self, user: UserId, alerts: &[uuid::Uuid], at: OffsetDateTime) -> StoreResult<u64> {
        if alerts.is_empty() {
            return Ok(0);
        }
        let mut qb = QueryBuilder::<Db>::new("UPDATE notifications SET mailed_at = ");
        qb.push_bind(at)
            .push(" WHERE recipient_id = ")
            .push_bind(DbUuid(user.0))
            .push(" AND mailed_at IS NULL AND alert_id IN (");
        let mut list = qb.separated(", ");
        for id in alerts {
            list.push_bind(DbUuid(*id));
        }
        qb.push(")");
        let done = qb.build().execute(self.c()).await.map_err(db_err)?;
        Ok(done.rows_affected())
    }

    async fn log_delivery(&mut self, d: &MailDelivery) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO mail_deliveries (id, recipient_id, address, subject, what, status, error, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(DbUuid(d.id))
        .bind(d.recipient.map(|u| DbUuid(u.0)))
        .bind(&d.address)
        .bind(&d.subject)
        .bind(&d.what)
        .bind(&d.status)
        .bind(&d.error)
        .bind(d.at)
        .execute(self.c())
        .await
        .map_err(db_err)?;
        Ok(())
    }

    async fn deliveries(&mut self, failed_only: bool, page: Page) -> StoreResult<Listing<MailDelivery>> {
        let filter = |qb: &mut QueryBuilder<Db>| {
            if failed_only {
                qb.push(" WHERE status = 'failed'");
            }
        };
        let total = self.count_where("mail_deliveries", filter).await?;
        let mut qb = QueryBuilder::<Db>::new(
            "SELECT id, recipient_id, address, subject, what, status, error, created_at FROM mail_deliveries",
        );
        filter(&mut qb);
        qb.push(" ORDER BY created_at DESC LIMIT ")
            .push_bind(page.limit)
            .push(" OFFSET ")
            .push_bind(page.offset);
        let rows: Vec<DeliveryRow> = qb.build_query_as().fetch_all(self.c()).await.map_err(db_err)?;
        let items = rows
            .into_iter()
            .map(|r| MailDelivery {
                id: r.id.0,
                recipient: r.recipient_id.map(|u| UserId(u.0)),
                address: r.address,
                subject: r.subject,
                what: r.what,
                status: r.status,
                error: r.error,
                at: r.created_at,
            })
            .collect();
        Ok(Listing { items, total })
    }
}
