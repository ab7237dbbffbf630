//! Signing in and out: the login throttle and browser sessions.

use super::passwords::{DUMMY_HASH, random_secret, secret_hash, verify_password};
use super::{Accounts, audit, throttle};
use crate::AppResult;
use crate::ctx::{Actor, Ctx, UserActor};
use crate::ports::mailer::Mail;
use crate::ports::store::Tx;
use jalin_domain::account::{Session, User};
use jalin_domain::audit::codes;
use time::{Duration, OffsetDateTime};

/// How long a browser session lasts.
pub const SESSION_HOURS: i64 = 12;
/// Failed sign-ins allowed per account from one client address within the window: the
/// lockout hits the guessing address only, never the owner elsewhere (issue 13).
pub const MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS: i64 = 5;
/// Failed sign-ins allowed per client address (any accounts) within the window.
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;
/// Failures of an account (from all addresses) after which every sign-in to it is slowed
/// down ([`slow_down`]); the owner still gets in, only later.
pub const SLOW_DOWN_AFTER_FAILURES: i64 = 5;
/// Failures of an account within the window at which its owner is told by mail (once per
/// window).
pub const NOTICE_AFTER_FAILURES: i64 = 5;
pub const THROTTLE_WINDOW_MINUTES: i64 = 15;

/// How long a sign-in to an account waits after `failures` recent failures: nothing below
/// [`SLOW_DOWN_AFTER_FAILURES`], then 250 ms more per failure, at most 5 s.
pub fn slow_down(failures: i64) -> std::time::Duration {
    let steps = (failures - SLOW_DOWN_AFTER_FAILURES + 1).clamp(0, 20);
    std::time::Duration::from_millis(250 * steps.unsigned_abs())
}

fn window() -> Duration {
    Duration::minutes(THROTTLE_WINDOW_MINUTES)
}

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
    /// Too many failures from this address; try again after this many seconds.
    Throttled { retry_after: i64 },
}

/// The throttle keys of one sign-in attempt.
struct Keys {
    account: String,
    account_and_address: String,
    address: Option<String>,
}

impl Keys {
    fn new(email_key: &str, address: Option<&str>) -> Self {
        Self {
            account: format!("account:{email_key}"),
            account_and_address: format!("account:{email_key}|address:{}", address.unwrap_or("unknown")),
            address: address.map(|a| format!("address:{a}")),
        }
    }
}

impl Accounts {
    /// Signs a user in. Unknown accounts, wrong passwords and inactive accounts fail alike,
    /// after the same amount of work. Failures lock out the guessing address (per account
    /// and address, and per address), slow every sign-in to the account down, and tell the
    /// owner by mail.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn login(
        &self,
        ctx: &Ctx,
        email: &str,
        password: &str,
        address: Option<&str>,
    ) -> AppResult<Result<LoginOutcome, LoginRefusal>> {
        let email_key = User::email_key(email);
        let keys = Keys::new(&email_key, address);
        let account_failures = {
            let mut tx = self.store.read().await?;
            if let Some(refusal) = lockout(tx.as_mut(), &keys, ctx.now).await? {
                return Ok(Err(refusal));
            }
            throttle::in_window(tx.as_mut(), &keys.account, window(), ctx.now)
                .await?
                .1
        };
        tokio::time::sleep(slow_down(account_failures)).await;
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
            let failures = throttle::bump(tx.as_mut(), &keys.account, window(), ctx.now).await?;
            throttle::bump(tx.as_mut(), &keys.account_and_address, window(), ctx.now).await?;
            if let Some(k) = &keys.address {
                throttle::bump(tx.as_mut(), k, window(), ctx.now).await?;
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
            if failures == NOTICE_AFTER_FAILURES {
                self.notify_failures(&email_key, failures, address).await;
            }
            return Ok(Err(LoginRefusal::Invalid));
        };
        tx.accounts().clear_login_failures(&keys.account).await?;
        tx.accounts().clear_login_failures(&keys.account_and_address).await?;
        let outcome = start_session(tx.as_mut(), ctx, user, address).await?;
        tx.commit().await?;
        Ok(Ok(outcome))
    }

    /// Tells the owner of an (active) account that it saw repeated failed sign-ins. A mail
    /// that cannot be sent is logged; the sign-in's answer does not change.
    async fn notify_failures(&self, email_key: &str, failures: i64, address: Option<&str>) {
        let user = match self.store.read().await {
            Ok(mut tx) => tx.accounts().user_by_email(email_key).await.ok().flatten(),
            Err(_) => None,
        };
        let Some((user, _)) = user.filter(|(u, _)| u.active) else {
            return;
        };
        let from = address.unwrap_or("?");
        let mail = Mail {
            to: user.email.clone(),
            subject: "Jalin: percobaan masuk yang gagal / failed sign-in attempts".to_owned(),
            body: format!(
                "Akun Jalin Anda mencatat {failures} kali gagal masuk dalam {THROTTLE_WINDOW_MINUTES} menit, \
                 terakhir dari alamat {from}. Alamat yang mencoba diblokir sementara; Anda tetap dapat masuk. \
                 Jika itu bukan Anda, ganti kata sandi Anda: {reset}\n\n\
                 Your Jalin account saw {failures} failed sign-ins within {THROTTLE_WINDOW_MINUTES} minutes, \
                 the last from address {from}. That address is blocked for a while; you can still sign in. \
                 If it was not you, change your password: {reset}\n",
                reset = format_args!("{}/reset-password", self.link_base),
            ),
            ..Default::default()
        };
        if let Err(e) = self.send_logged(user.id, mail, "sign_in_notice").await {
            tracing::warn!(error = %e, "the failed sign-in notice could not be sent");
        }
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

/// The lockout of the attempting address: per account and address, then per address.
async fn lockout(tx: &mut dyn Tx, keys: &Keys, now: OffsetDateTime) -> AppResult<Option<LoginRefusal>> {
    let limits = [
        (Some(&keys.account_and_address), MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS),
        (keys.address.as_ref(), MAX_FAILURES_PER_ADDRESS),
    ];
    for (key, limit) in limits {
        if let Some(k) = key
            && let Some(retry_after) = throttle::refusal(tx, k, limit, window(), now).await?
        {
            return Ok(Some(LoginRefusal::Throttled { retry_after }));
        }
    }
    Ok(None)
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
