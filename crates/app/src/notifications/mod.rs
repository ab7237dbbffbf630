//! The `Notifications` context: who hears of each alert, and each reader's inbox (read
//! state, filters, groups). Alerts are raised by the contexts that own the events (cases'
//! timers, monitoring, the board) through [`publish`]; notices leave by e-mail through the
//! job queue (`mail`), after each reader's preferences (`settings`).

pub mod calendar;
mod compose;
pub mod groups;
mod mail;
pub mod publish;
mod settings;

pub use mail::{MAIL_DIGEST_JOB, MAIL_NOTICE_JOB};

use crate::authz::require;
use crate::ctx::{Actor, Ctx};
use crate::ports::clock::Clock;
use crate::ports::mailer::Mailer;
use crate::ports::store::{InboxEntry, InboxFilter, Listing, Page, Store};
use crate::{AppError, AppResult};
use jalin_domain::authz::Action;
use jalin_domain::ids::UserId;
use std::sync::Arc;

/// A page of the reader's inbox and their unread count.
#[derive(Debug, Clone)]
pub struct Inbox {
    pub entries: Listing<InboxEntry>,
    pub unread: i64,
}

pub struct Notifications {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    mailer: Arc<dyn Mailer>,
    /// The address links in e-mail start with (no trailing slash).
    public_url: String,
}

/// The signed-in reader; an inbox belongs to an account.
fn reader(ctx: &Ctx) -> AppResult<UserId> {
    require(ctx, Action::AlertRead)?;
    match &ctx.actor {
        Actor::User(u) => Ok(u.id),
        _ => Err(AppError::Forbidden(
            "an inbox belongs to a signed-in account".to_owned(),
        )),
    }
}

impl Notifications {
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>, mailer: Arc<dyn Mailer>, public_url: &str) -> Self {
        Self {
            store,
            clock,
            mailer,
            public_url: public_url.trim_end_matches('/').to_owned(),
        }
    }

    /// The reader's notifications under `filter`, newest first.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn inbox(&self, ctx: &Ctx, filter: &InboxFilter, page: Page) -> AppResult<Inbox> {
        let user = reader(ctx)?;
        let mut tx = self.store.read().await?;
        let entries = tx.notifications().inbox(user, filter, page).await?;
        let unread = tx.notifications().unread(user).await?;
        Ok(Inbox { entries, unread })
    }

    /// How many of the reader's notifications are unread (0 for visitors).
    pub async fn unread(&self, ctx: &Ctx) -> AppResult<i64> {
        let Ok(user) = reader(ctx) else { return Ok(0) };
        let mut tx = self.store.read().await?;
        Ok(tx.notifications().unread(user).await?)
    }

    /// Marks these notifications (or, with `None`, all) read; how many changed.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn mark_read(&self, ctx: &Ctx, alerts: Option<&[uuid::Uuid]>) -> AppResult<u64> {
        let user = reader(ctx)?;
        let mut tx = self.store.write().await?;
        let changed = tx.notifications().mark_read(user, alerts, ctx.now).await?;
        tx.commit().await?;
        Ok(changed)
    }
}
