//! Notices by e-mail, run by the job queue: each new alert queues one job (in the
//! transaction that raised it) that mails every recipient who wants it at once; a timer
//! queues each digest reader's daily message at their hour. A recipient's row is marked
//! mailed right after their message leaves, so a retried job (after a failure or on
//! another node) mails only those not reached yet.

use super::Notifications;
use super::compose::{self, Links};
use crate::accounts::random_secret;
use crate::ports::mailer::Mail;
use crate::ports::store::{InboxEntry, MailDelivery, MailRecipient, StoredNoticeSettings, Tx};
use crate::{AppError, AppResult};
use jalin_domain::ids::UserId;
use jalin_domain::notice_mail::{DeliveryMode, NoticeSettings};
use time::Date;

/// The job mailing one alert (target: the alert's dedup key).
pub const MAIL_NOTICE_JOB: &str = "mail_notice";
/// The job mailing one person's digest of one day (target: `user|day`).
pub const MAIL_DIGEST_JOB: &str = "mail_digest";
/// The most notices one digest lists; the rest wait for the next day.
const DIGEST_LIMIT: i64 = 100;

/// The stored preferences, creating the row (the role's defaults and an unsubscribe
/// secret) on first use.
async fn ensure_settings(
    tx: &mut dyn Tx,
    r: &MailRecipient,
    at: time::OffsetDateTime,
) -> AppResult<StoredNoticeSettings> {
    if let Some(stored) = &r.stored {
        return Ok(stored.clone());
    }
    let token = random_secret()?;
    let defaults = NoticeSettings::default_for(r.role);
    Ok(tx.notice_mail().put_settings(r.user, &defaults, &token, at).await?)
}

impl Notifications {
    /// Mails the alert under `dedup_key` to every recipient who wants it now; fails (for a
    /// retry) when any message could not leave.
    #[tracing::instrument(skip(self))]
    pub async fn mail_notice(&self, dedup_key: &str) -> AppResult<()> {
        let recipients = self
            .store
            .read()
            .await?
            .notice_mail()
            .unmailed_recipients(dedup_key)
            .await?;
        let mut failed = Vec::new();
        for r in recipients {
            if let Err(e) = self.mail_one_notice(&r, dedup_key).await {
                failed.push(format!("{}: {e}", r.email));
            }
        }
        if failed.is_empty() {
            Ok(())
        } else {
            Err(AppError::Internal(anyhow::anyhow!(
                "notice not mailed to {}",
                failed.join("; ")
            )))
        }
    }

    async fn mail_one_notice(&self, r: &MailRecipient, dedup_key: &str) -> AppResult<()> {
        let now = self.clock.now();
        let mut tx = self.store.write().await?;
        let Some(entry) = tx.notice_mail().entry(r.user, dedup_key).await? else {
            return Ok(());
        };
        let stored = ensure_settings(tx.as_mut(), r, now).await?;
        let settings = stored.settings;
        if settings.mode == DeliveryMode::Digest && settings.mails(entry.kind) {
            tx.commit().await?; // the digest takes it (its reader is now stored as one)
            return Ok(());
        }
        if !settings.mails(entry.kind) {
            // Settled without mail, so a later switch to the digest does not send old news.
            tx.notice_mail().mark_mailed(r.user, &[entry.alert_id], now).await?;
            tx.commit().await?;
            return Ok(());
        }
        tx.commit().await?;
        let links = Links {
            base: &self.public_url,
            user: r.user,
            token: &stored.unsubscribe_token,
        };
        let mail = compose::notice(&r.email, &entry, settings.lang, &links);
        self.send_logged(r.user, mail, "notice", &[entry.alert_id], None).await
    }

    /// Sends one message, then marks its rows mailed (and the digest day done) and logs the
    /// delivery; a failure is logged too and returned.
    async fn send_logged(
        &self,
        user: UserId,
        mail: Mail,
        what: &str,
        alerts: &[uuid::Uuid],
        digest_day: Option<Date>,
    ) -> AppResult<()> {
        let mut delivery = MailDelivery::attempt(user, &mail, what, self.clock.now());
        let outcome = self.mailer.send(mail).await;
        let mut tx = self.store.write().await?;
        match &outcome {
            Ok(()) => {
                tx.notice_mail().mark_mailed(user, alerts, delivery.at).await?;
                if let Some(day) = digest_day {
                    tx.notice_mail().set_last_digest(user, day).await?;
                }
            }
            Err(e) => delivery.failed(e),
        }
        tx.notice_mail().log_delivery(&delivery).await?;
        tx.commit().await?;
        outcome.map_err(AppError::Internal)
    }

    /// Queues the digest of every reader whose hour has come today and whose digest of
    /// today has not left; how many were queued.
    pub async fn queue_digests(&self) -> AppResult<usize> {
        let now = self.clock.now();
        let readers = self.store.read().await?.notice_mail().digest_readers().await?;
        let mut queued = 0;
        for r in readers {
            let Some(stored) = r.stored else { continue };
            let Some(day) = stored.settings.digest_day(now) else {
                continue;
            };
            if stored.last_digest_on.is_some_and(|last| last >= day) {
                continue;
            }
            let mut tx = self.store.write().await?;
            tx.jobs()
                .enqueue(MAIL_DIGEST_JOB, &format!("{}|{day}", r.user), now)
                .await?;
            tx.commit().await?;
            queued += 1;
        }
        Ok(queued)
    }

    /// Mails one reader's digest of `day` (`user|day`), once.
    #[tracing::instrument(skip(self))]
    pub async fn mail_digest(&self, target: &str) -> AppResult<()> {
        let (user, day) = parse_digest_target(target)?;
        let now = self.clock.now();
        let mut tx = self.store.write().await?;
        let Some(r) = tx.notice_mail().recipient(user).await? else {
            return Ok(()); // the account is gone or inactive
        };
        let Some(stored) = r.stored.clone() else { return Ok(()) };
        if stored.settings.mode != DeliveryMode::Digest || stored.last_digest_on.is_some_and(|d| d >= day) {
            return Ok(());
        }
        let entries = tx.notice_mail().unmailed(user, DIGEST_LIMIT).await?;
        let (wanted, muted): (Vec<InboxEntry>, Vec<InboxEntry>) =
            entries.into_iter().partition(|e| stored.settings.mails(e.kind));
        let muted: Vec<uuid::Uuid> = muted.iter().map(|e| e.alert_id).collect();
        tx.notice_mail().mark_mailed(user, &muted, now).await?;
        if wanted.is_empty() {
            tx.notice_mail().set_last_digest(user, day).await?;
            tx.commit().await?;
            return Ok(());
        }
        tx.commit().await?;
        let links = Links {
            base: &self.public_url,
            user,
            token: &stored.unsubscribe_token,
        };
        let mail = compose::digest(&r.email, &wanted, stored.settings.lang, &links);
        let ids: Vec<uuid::Uuid> = wanted.iter().map(|e| e.alert_id).collect();
        self.send_logged(user, mail, "digest", &ids, Some(day)).await
    }
}

fn parse_digest_target(target: &str) -> AppResult<(UserId, Date)> {
    let bad = || AppError::Internal(anyhow::anyhow!("not a digest job target: {target}"));
    let (user, day) = target.split_once('|').ok_or_else(bad)?;
    let user = user.parse::<uuid::Uuid>().map_err(|_| bad())?;
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let day = Date::parse(day, format).map_err(|_| bad())?;
    Ok((UserId(user), day))
}
