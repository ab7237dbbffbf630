//! Notices by e-mail: preferences, which inbox rows still wait for mail, and the delivery
//! log.

use super::{InboxEntry, Listing, Page, StoreResult};
use async_trait::async_trait;
use jalin_domain::ids::UserId;
use jalin_domain::notice_mail::NoticeSettings;
use jalin_domain::role::Role;
use time::{Date, OffsetDateTime};

/// A person's stored preferences and the secret of their unsubscribe links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredNoticeSettings {
    pub settings: NoticeSettings,
    pub unsubscribe_token: String,
    pub last_digest_on: Option<Date>,
}

/// Someone a notice may be mailed to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailRecipient {
    pub user: UserId,
    pub email: String,
    pub name: String,
    pub role: Role,
    /// `None`: no preferences stored (the defaults apply).
    pub stored: Option<StoredNoticeSettings>,
}

/// One message as the delivery log keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailDelivery {
    pub id: uuid::Uuid,
    pub recipient: Option<UserId>,
    pub address: String,
    pub subject: String,
    /// `notice`, `digest`, or account mail (`password_reset`, `invitation`,
    /// `evaluation_invitation`, `sign_in_notice`).
    pub what: String,
    /// `sent`, or `failed` (the job retries; the log keeps each attempt).
    pub status: String,
    pub error: Option<String>,
    pub at: OffsetDateTime,
}

impl MailDelivery {
    /// The log row of sending `mail` to `recipient` now: `sent` until [`Self::failed`].
    pub fn attempt(recipient: UserId, mail: &crate::ports::mailer::Mail, what: &str, at: OffsetDateTime) -> Self {
        Self {
            id: uuid::Uuid::now_v7(),
            recipient: Some(recipient),
            address: mail.to.clone(),
            subject: mail.subject.clone(),
            what: what.to_owned(),
            status: "sent".to_owned(),
            error: None,
            at,
        }
    }

    /// Records the relay's refusal.
    pub fn failed(&mut self, error: &anyhow::Error) {
        self.status = "failed".to_owned();
        self.error = Some(format!("{error:#}"));
    }
}

#[async_trait]
pub trait NoticeMailRepo: Send {
    async fn settings(&mut self, user: UserId) -> StoreResult<Option<StoredNoticeSettings>>;
    /// Stores preferences; the token is kept when a row exists, else `new_token` is used.
    async fn put_settings(
        &mut self,
        user: UserId,
        settings: &NoticeSettings,
        new_token: &str,
        at: OffsetDateTime,
    ) -> StoreResult<StoredNoticeSettings>;
    async fn set_last_digest(&mut self, user: UserId, day: Date) -> StoreResult<()>;
    /// Active accounts holding the alert stored under `dedup_key` that it was not mailed
    /// to yet.
    async fn unmailed_recipients(&mut self, dedup_key: &str) -> StoreResult<Vec<MailRecipient>>;
    /// One active account as a mail recipient.
    async fn recipient(&mut self, user: UserId) -> StoreResult<Option<MailRecipient>>;
    /// Active accounts that chose the daily digest (or got it by default and were mailed).
    async fn digest_readers(&mut self) -> StoreResult<Vec<MailRecipient>>;
    /// A person's inbox rows not mailed yet, oldest first (at most `limit`).
    async fn unmailed(&mut self, user: UserId, limit: i64) -> StoreResult<Vec<InboxEntry>>;
    /// The alert stored under `dedup_key`, as an inbox row of this person (if they hold it).
    async fn entry(&mut self, user: UserId, dedup_key: &str) -> StoreResult<Option<InboxEntry>>;
    /// Marks inbox rows as mailed (or settled without mail); how many changed.
    async fn mark_mailed(&mut self, user: UserId, alerts: &[uuid::Uuid], at: OffsetDateTime) -> StoreResult<u64>;
    async fn log_delivery(&mut self, delivery: &MailDelivery) -> StoreResult<()>;
    /// The delivery log, newest first; `failed_only` keeps the failures.
    async fn deliveries(&mut self, failed_only: bool, page: Page) -> StoreResult<Listing<MailDelivery>>;
}
