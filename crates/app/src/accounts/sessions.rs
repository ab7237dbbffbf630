//! Signing in and out: the login throttle and browser sessions.

use super::passwords::{DUMMY_HASH, random_secret, secret_hash, verify_password};
use super::{Accounts, audit};
use crate::AppResult;
use crate::ctx::{Actor, Ctx, UserActor};
use crate::ports::store::Tx;
use jalin_domain::account::{Session, User};
use jalin_domain::audit::codes;
use time::{Duration, OffsetDateTime};

/// How long a browser session lasts.
pub const SESSION_HOURS: i64 = 12;
/// Failed logins allowed per account, and per address, within the window.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;
pub const THROTTLE_WINDOW_MINUTES: i64 = 15;

/// A successful login: the session secret goes into the cookie.
#[derive(Debug, Clone)]
pub struct LoginOutcome {
    pub user: User,
    pub session_secret: String,
    pub csrf_token: String,
    pub expires_at: OffsetDateTime,
}

/// Why a login was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginRefusal {
    /// Wrong e-mail or password (never says which).
    Invalid,
    /// Too many failures; try again after this many seconds.
    Throttled { retry_after: i64 },
}

impl Accounts {
    async fn throttled(&self, key: &str, limit: i64, now: OffsetDateTime) -> AppResult<Option<i64>> {
        let mut tx = self.store.read().await?;
        Ok(match tx.accounts().login_failures(key).await? {
            Some((start, failures)) => {
                let end = start + Duration::minutes(THROTTLE_WINDOW_MINUTES);
                (failures >= limit && end > now).then(|| (end - now).whole_seconds().max(1))
            }
            None => None,
        })
    }

    async fn count_failure(
        &self,
        tx: &mut dyn crate::ports::store::Tx,
        key: &str,
        now: OffsetDateTime,
    ) -> AppResult<()> {
        let (start, failures) = match tx.accounts().login_failures(key).await? {
            Some((start, n)) if start + Duration::minutes(THROTTLE_WINDOW_MINUTES) > now => (start, n + 1),
            _ => (now, 1),
        };
        tx.accounts().set_login_failures(key, start, failures).await?;
        Ok(())
    }

    /// Signs a user in. Unknown accounts, wrong passwords and inactive accounts fail alike,
    /// after the same amount of work.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn login(
        &self,
        ctx: &Ctx,
        email: &str,
        password: &str,
        address: Option<&str>,
    ) -> AppResult<Result<LoginOutcome, LoginRefusal>> {
        let email_key = User::email_key(email);
        let account_key = format!("account:{email_key}");
        let address_key = address.map(|a| format!("address:{a}"));
        if let Some(refusal) = self.throttle(&account_key, address_key.as_deref(), ctx.now).await? {
            return Ok(Err(refusal));
        }
        let found = {
            let mut tx = self.store.read().await?;
            tx.accounts().user_by_email(&email_key).await?
        };
        let (user, hash) = match found {
            Some((u, Some(h))) if u.active => (Some(u), h),
            _ => (None, DUMMY_HASH.to_owned()),
        };
        let ok = verify_password(password.to_owned(), hash).await && user.is_some();
        let mut tx = self.store.write().await?;
        let Some(user) = user.filter(|_| ok) else {
            self.count_failure(tx.as_mut(), &account_key, ctx.now).await?;
            if let Some(k) = &address_key {
                self.count_failure(tx.as_mut(), k, ctx.now).await?;
            }
            tx.audit()
                .append(&audit(
                    ctx,
                    codes::LOGIN_FAILED,
                    "account",
                    email_key.clone(),
                    Some(serde_json::json!({"address": address})),
                ))
                .await?;
            tx.commit().await?;
            return Ok(Err(LoginRefusal::Invalid));
        };
        tx.accounts().clear_login_failures(&account_key).await?;
        let outcome = start_session(tx.as_mut(), ctx, user, address).await?;
        tx.commit().await?;
        Ok(Ok(outcome))
    }

    /// The throttle refusal of a login, checked per account first, then per address.
    async fn throttle(
        &self,
        account_key: &str,
        address_key: Option<&str>,
        now: OffsetDateTime,
    ) -> AppResult<Option<LoginRefusal>> {
        if let Some(retry_after) = self.throttled(account_key, MAX_FAILURES_PER_ACCOUNT, now).await? {
            return Ok(Some(LoginRefusal::Throttled { retry_after }));
        }
        if let Some(k) = address_key
            && let Some(retry_after) = self.throttled(k, MAX_FAILURES_PER_ADDRESS, now).await?
        {
            return Ok(Some(LoginRefusal::Throttled { retry_after }));
        }
        Ok(None)
    }

    /// Ends a session.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn logout(&self, ctx: &Ctx, session_secret: &str) -> AppResult<()> {
        let mut tx = self.store.write().await?;
        tx.accounts().delete_session(&secret_hash(session_secret)).await?;
        if let Actor::User(u) = &ctx.actor {
            tx.audit()
                .append(&audit(ctx, codes::LOGOUT, "user", u.id.to_string(), None))
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The user behind a session cookie, with the session's CSRF token.
    pub async fn authenticate_session(&self, secret: &str) -> AppResult<Option<(UserActor, Session)>> {
        let now = self.clock.now();
        let hash = secret_hash(secret);
        let mut tx = self.store.read().await?;
        let Some(session) = tx.accounts().session(&hash).await? else {
            return Ok(None);
        };
        if session.expires_at <= now {
            return Ok(None);
        }
        let Some(user) = tx.accounts().user(session.user_id).await?.filter(|u| u.active) else {
            return Ok(None);
        };
        let actor = self.actor_of(tx.as_mut(), &user).await?;
        drop(tx);
        if now - session.last_seen_at > Duration::minutes(5) {
            let mut tx = self.store.write().await?;
            tx.accounts().touch_session(&hash, now).await?;
            tx.commit().await?;
        }
        Ok(Some((actor, session)))
    }
}

/// Creates the session of a successful login and records the login, as the user, inside
/// the caller's transaction.
async fn start_session(tx: &mut dyn Tx, ctx: &Ctx, user: User, address: Option<&str>) -> AppResult<LoginOutcome> {
    let secret = random_secret()?;
    let session = Session {
        token_hash: secret_hash(&secret),
        user_id: user.id,
        csrf_token: random_secret()?,
        created_at: ctx.now,
        last_seen_at: ctx.now,
        expires_at: ctx.now + Duration::hours(SESSION_HOURS),
    };
    tx.accounts().insert_session(&session).await?;
    let as_user = Ctx {
        actor: Actor::User(UserActor {
            id: user.id,
            name: user.email.clone(),
            role: user.role,
            region: user.region_code.clone(),
            cases: vec![],
            token_scopes: None,
        }),
        ..ctx.clone()
    };
    tx.audit()
        .append(&audit(
            &as_user,
            codes::LOGIN,
            "user",
            user.id.to_string(),
            Some(serde_json::json!({"address": address})),
        ))
        .await?;
    Ok(LoginOutcome {
        user,
        session_secret: secret,
        csrf_token: session.csrf_token,
        expires_at: session.expires_at,
    })
}
