//! A reader's e-mail preferences, the one-click unsubscribe of a mailed link, and the
//! delivery log administrators read when mail does not arrive.

use super::{Notifications, reader};
use crate::accounts::{random_secret, secret_hash};
use crate::authz::require_all;
use crate::ctx::Ctx;
use crate::ports::store::{Listing, MailDelivery, Page};
use crate::{AppError, AppResult};
use jalin_domain::audit::codes;
use jalin_domain::authz::Action;
use jalin_domain::ids::UserId;
use jalin_domain::notice_mail::{DeliveryMode, NoticeSettings};
use jalin_domain::notification::NotificationKind;

impl Notifications {
    /// The reader's preferences (their role's defaults until they save some).
    pub async fn settings(&self, ctx: &Ctx) -> AppResult<NoticeSettings> {
        let user = reader(ctx)?;
        let stored = self.store.read().await?.notice_mail().settings(user).await?;
        Ok(stored.map_or_else(|| NoticeSettings::default_for(ctx.actor.role()), |s| s.settings))
    }

    /// Saves the reader's preferences, audited.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn put_settings(&self, ctx: &Ctx, settings: NoticeSettings) -> AppResult<NoticeSettings> {
        let user = reader(ctx)?;
        let settings = settings
            .validated()
            .map_err(|e| AppError::invalid("digest_hour", e.code, e.message))?;
        let token = random_secret()?;
        let mut tx = self.store.write().await?;
        let stored = tx.notice_mail().put_settings(user, &settings, &token, ctx.now).await?;
        let mut event = crate::audit::event(ctx, codes::NOTICE_SETTINGS_CHANGED, "user", user);
        event.after = serde_json::to_value(&stored.settings).ok();
        tx.audit().append(&event).await?;
        tx.commit().await?;
        Ok(stored.settings)
    }

    /// Stops mail of one kind (or, with `None`, all notice mail) for the holder of a mailed
    /// link; no session needed, the link's secret is the proof (compared as digests, so
    /// the time taken tells nothing of it). Audited.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn unsubscribe(
        &self,
        ctx: &Ctx,
        user: UserId,
        kind: Option<NotificationKind>,
        token: &str,
    ) -> AppResult<NoticeSettings> {
        let mut tx = self.store.write().await?;
        let stored = tx.notice_mail().settings(user).await?;
        let Some(stored) = stored.filter(|s| secret_hash(&s.unsubscribe_token) == secret_hash(token)) else {
            return Err(AppError::NotFound("unsubscribe link".to_owned()));
        };
        let mut settings = stored.settings;
        match kind {
            Some(kind) => settings.muted.push(kind),
            None => settings.mode = DeliveryMode::Off,
        }
        let settings = settings
            .validated()
            .map_err(|e| AppError::invalid("k", e.code, e.message))?;
        let saved = tx.notice_mail().put_settings(user, &settings, "", ctx.now).await?;
        let mut event = crate::audit::event(ctx, codes::NOTICE_UNSUBSCRIBED, "user", user);
        event.after = Some(serde_json::json!({"kind": kind.map_or("all", |k| k.as_str())}));
        tx.audit().append(&event).await?;
        tx.commit().await?;
        Ok(saved.settings)
    }

    /// The delivery log (administrators), newest first.
    pub async fn deliveries(&self, ctx: &Ctx, failed_only: bool, page: Page) -> AppResult<Listing<MailDelivery>> {
        require_all(ctx, Action::UserManage)?;
        let mut tx = self.store.read().await?;
        Ok(tx.notice_mail().deliveries(failed_only, page).await?)
    }
}
