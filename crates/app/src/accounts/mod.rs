//! Accounts and authentication: users, password hashing (argon2id, off the async workers),
//! sessions, API tokens, login throttling and password resets. Login and reset never reveal
//! whether an account exists.

mod evaluation_guests;
mod guests;
mod outgoing;
mod passwords;
mod sessions;
mod throttle;
mod tokens;
mod users;

pub use passwords::{
    MIN_PASSWORD_LENGTH, RESET_WINDOW_MINUTES, RESETS_PER_ACCOUNT, RESETS_PER_ADDRESS, random_secret, secret_hash,
};
pub use sessions::{
    LoginOutcome, LoginRefusal, MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS, MAX_FAILURES_PER_ADDRESS, NOTICE_AFTER_FAILURES,
    SESSION_HOURS, SLOW_DOWN_AFTER_FAILURES, THROTTLE_WINDOW_MINUTES, slow_down,
};
pub use users::{INVITATION_LINK_DAYS, UserInput};

use crate::ctx::{Ctx, UserActor};
use crate::ports::clock::Clock;
use crate::ports::mailer::Mailer;
use crate::ports::store::Store;
use crate::shared::ReferenceCache;
use crate::{AppError, AppResult};
use jalin_domain::account::User;
use jalin_domain::audit::NewAuditEvent;
use jalin_domain::ids::UserId;
use jalin_domain::role::Role;
use std::sync::Arc;

fn audit(
    ctx: &Ctx,
    action: &'static str,
    target_type: &'static str,
    target_id: String,
    after: Option<serde_json::Value>,
) -> NewAuditEvent {
    let mut event = crate::audit::event(ctx, action, target_type, target_id);
    event.after = after;
    event
}

/// The accounts context: users, roles and regions (grants), passwords, sessions, API
/// tokens, guests and the sign-in throttle.
pub struct Accounts {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    mailer: Arc<dyn Mailer>,
    /// For checking the region of a grant.
    reference: ReferenceCache,
    /// Where users reach Jalin, for links in mail sent outside a request.
    link_base: String,
}

impl Accounts {
    pub fn new(
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
        mailer: Arc<dyn Mailer>,
        reference: ReferenceCache,
        link_base: String,
    ) -> Self {
        Self {
            store,
            clock,
            mailer,
            reference,
            link_base,
        }
    }

    /// A user by id or e-mail address.
    async fn user_by_ref(&self, reference: &str) -> AppResult<User> {
        let mut tx = self.store.read().await?;
        let found = match reference.parse::<UserId>() {
            Ok(id) => tx.accounts().user(id).await?,
            Err(_) => tx
                .accounts()
                .user_by_email(&User::email_key(reference))
                .await?
                .map(|(u, _)| u),
        };
        found.ok_or_else(|| AppError::NotFound(format!("user {reference}")))
    }

    async fn actor_of(&self, tx: &mut dyn crate::ports::store::Tx, user: &User) -> AppResult<UserActor> {
        let cases = if user.role == Role::PartnerGuest {
            tx.accounts().invited_cases(user.id).await?
        } else {
            vec![]
        };
        Ok(UserActor {
            id: user.id,
            name: user.email.clone(),
            role: user.role,
            region: user.region_code.clone(),
            cases,
            token_scopes: None,
        })
    }
}
