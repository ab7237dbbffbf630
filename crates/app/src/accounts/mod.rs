//! Accounts and authentication: users, password hashing (argon2id, off the async workers),
//! sessions, API tokens, login throttling and password resets. Login and reset never reveal
//! whether an account exists.

use crate::authz::require;
use crate::ctx::{Actor, Ctx, UserActor};
use crate::ports::clock::Clock;
use crate::ports::mailer::{Mail, Mailer};
use crate::ports::store::Store;
use crate::reference::ReferenceSnapshot;
use crate::shared::ReferenceCache;
use crate::{AppError, AppResult};
use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use jalin_domain::FieldErrors;
use jalin_domain::account::{ApiToken, RegionLevel, Session, TokenScope, User, region_rule};
use jalin_domain::audit::{NewAuditEvent, codes};
use jalin_domain::authz::Action;
use jalin_domain::codes::RegionCode;
use jalin_domain::ids::UserId;
use jalin_domain::role::Role;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::sync::Arc;
use time::{Duration, OffsetDateTime};

/// How long a browser session lasts.
pub const SESSION_HOURS: i64 = 12;
/// Failed logins allowed per account, and per address, within the window.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;
pub const THROTTLE_WINDOW_MINUTES: i64 = 15;
pub const MIN_PASSWORD_LENGTH: usize = 10;

/// A hash of a password nobody has, verified for unknown accounts so that a failed login
/// takes as long whether or not the account exists.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$vYRPhrcVQcWKuTqpXd1yYlR0UXdAY7g7Wd9BEQ8J6tc";

/// 32 random bytes as hex: session secrets, CSRF tokens, API token secrets.
pub fn random_secret() -> AppResult<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| AppError::Internal(anyhow::anyhow!("no randomness: {e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// The SHA-256 of a secret, as stored.
pub fn secret_hash(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

async fn hash_password(password: String) -> AppResult<String> {
    tokio::task::spawn_blocking(move || -> AppResult<String> {
        let mut salt = [0u8; 16];
        getrandom::fill(&mut salt).map_err(|e| AppError::Internal(anyhow::anyhow!("no randomness: {e}")))?;
        Argon2::default()
            .hash_password_with_salt(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(anyhow::anyhow!("password hashing failed: {e}")))
    })
    .await
    .map_err(|e| AppError::Internal(anyhow::anyhow!("hashing task failed: {e}")))?
}

async fn verify_password(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .verify_password(password.as_bytes(), hash.as_str())
            .is_ok()
    })
    .await
    .unwrap_or(false)
}

fn check_password(errors: &mut FieldErrors, field: &str, password: &str) {
    if password.chars().count() < MIN_PASSWORD_LENGTH {
        errors.push(
            field,
            "too_short",
            format!("a password has at least {MIN_PASSWORD_LENGTH} characters"),
        );
    }
}

/// A new account as an administrator describes it.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserInput {
    pub email: Option<String>,
    pub name: Option<String>,
    pub role: Option<String>,
    /// Region (regional roles) or province (province officers).
    pub region_code: Option<String>,
    /// Optional; without it the user sets one through a password reset.
    pub password: Option<String>,
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
    /// Too many failures; try again after this many seconds.
    Throttled { retry_after: i64 },
}

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

fn validate_role_region(
    errors: &mut FieldErrors,
    role: Role,
    region: &Option<RegionCode>,
    reference: &ReferenceSnapshot,
) {
    match (region_rule(role), region) {
        (None, Some(_)) => errors.push("region_code", "not_allowed", format!("role {role} has no region")),
        (Some(_), None) => errors.push("region_code", "required", format!("role {role} works for one region")),
        (Some(level), Some(code)) => {
            if reference.region(code).is_none() && !reference.is_empty() {
                errors.push("region_code", "unknown_reference", format!("there is no region {code}"));
            }
            if level == RegionLevel::Province && !code.is_province() {
                errors.push(
                    "region_code",
                    "invalid_choice",
                    "a province officer works for a province (two-digit code)",
                );
            }
        }
        (None, None) => {}
    }
    if matches!(role, Role::Public | Role::System) {
        errors.push("role", "invalid_choice", format!("{role} is not a role of an account"));
    }
}

/// The accounts context: users, roles and regions (grants), passwords, sessions, API
/// tokens, guests and the sign-in throttle.
pub struct Accounts {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    mailer: Arc<dyn Mailer>,
    /// For checking the region of a grant.
    reference: ReferenceCache,
}

impl Accounts {
    pub fn new(
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
        mailer: Arc<dyn Mailer>,
        reference: ReferenceCache,
    ) -> Self {
        Self {
            store,
            clock,
            mailer,
            reference,
        }
    }

    /// Creates an account (administrators, or the operator's command line).
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn create_user(&self, ctx: &Ctx, input: &UserInput) -> AppResult<User> {
        require(ctx, Action::UserManage)?;
        let mut errors = FieldErrors::new();
        let email = input.email.as_deref().map(str::trim).unwrap_or_default().to_owned();
        if !email.contains('@') || email.len() > 254 || email.contains(char::is_whitespace) {
            errors.push("email", "invalid_format", "an e-mail address");
        }
        let name = input
            .name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .unwrap_or(&email)
            .to_owned();
        let role = match input.role.as_deref() {
            Some(r) => errors.take("role", r.parse::<Role>()),
            None => {
                errors.push("role", "required", "role is required");
                None
            }
        };
        let region = input
            .region_code
            .as_deref()
            .filter(|r| !r.trim().is_empty())
            .and_then(|r| errors.take("region_code", r.parse::<RegionCode>()));
        if let Some(role) = role {
            validate_role_region(&mut errors, role, &region, &self.reference.get());
        }
        if let Some(p) = &input.password {
            check_password(&mut errors, "password", p);
        }
        errors.finish(())?;
        let Some(role) = role else {
            return Err(AppError::invalid("role", "required", "role is required"));
        };
        let hash = match &input.password {
            Some(p) => Some(hash_password(p.clone()).await?),
            None => None,
        };
        let user = User {
            id: UserId::new(),
            email,
            name,
            role,
            region_code: region,
            active: true,
            created_at: ctx.now,
            updated_at: ctx.now,
            version: 1,
        };
        let mut tx = self.store.write().await?;
        tx.accounts()
            .insert_user(&user, hash.as_deref())
            .await
            .map_err(|e| match e {
                crate::ports::store::StoreError::Conflict(_) => {
                    AppError::invalid("email", "duplicate", "an account with this e-mail address exists")
                }
                other => other.into(),
            })?;
        tx.audit()
            .append(&audit(
                ctx,
                codes::USER_CREATED,
                "user",
                user.id.to_string(),
                serde_json::to_value(&user).ok(),
            ))
            .await?;
        tx.commit().await?;
        Ok(user)
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

    /// The actor of an active account, for an operator acting on its behalf from the command
    /// line (`jalin case advance --as …`).
    pub async fn act_as(&self, reference: &str) -> AppResult<UserActor> {
        let user = self.user_by_ref(reference).await?;
        if !user.active {
            return Err(AppError::Forbidden(format!(
                "the account {} is deactivated",
                user.email
            )));
        }
        let mut tx = self.store.read().await?;
        self.actor_of(tx.as_mut(), &user).await
    }

    /// The signed-in user's own account.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn own_account(&self, ctx: &Ctx) -> AppResult<User> {
        require(ctx, Action::SessionOwn)?;
        let Some(actor) = ctx.actor.user() else {
            return Err(AppError::Unauthorized);
        };
        let mut tx = self.store.read().await?;
        tx.accounts().user(actor.id).await?.ok_or(AppError::Unauthorized)
    }

    /// One account (administrators).
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn get_user(&self, ctx: &Ctx, reference: &str) -> AppResult<User> {
        require(ctx, Action::UserManage)?;
        self.user_by_ref(reference).await
    }

    /// Gives a user another role (and region).
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn grant(&self, ctx: &Ctx, email: &str, role: &str, region: Option<&str>) -> AppResult<User> {
        require(ctx, Action::UserManage)?;
        let mut errors = FieldErrors::new();
        let role = errors.take("role", role.parse::<Role>());
        let region = region
            .filter(|r| !r.trim().is_empty())
            .and_then(|r| errors.take("region_code", r.parse::<RegionCode>()));
        if let Some(role) = role {
            validate_role_region(&mut errors, role, &region, &self.reference.get());
        }
        errors.finish(())?;
        let Some(role) = role else {
            return Err(AppError::invalid("role", "required", "role is required"));
        };
        let current = self.user_by_ref(email).await?;
        let mut updated = current.clone();
        updated.role = role;
        updated.region_code = region;
        updated.active = true;
        updated.updated_at = ctx.now;
        updated.version += 1;
        let mut tx = self.store.write().await?;
        tx.accounts().update_user(&updated, current.version).await?;
        // A new role is a new authority: existing sessions must sign in again.
        tx.accounts().delete_sessions_of(updated.id).await?;
        let mut event = audit(
            ctx,
            codes::USER_GRANTED,
            "user",
            updated.id.to_string(),
            serde_json::to_value(&updated).ok(),
        );
        event.before = serde_json::to_value(&current).ok();
        tx.audit().append(&event).await?;
        tx.commit().await?;
        Ok(updated)
    }

    /// Deactivates a user: sessions end and tokens are revoked.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn revoke_user(&self, ctx: &Ctx, email: &str) -> AppResult<User> {
        require(ctx, Action::UserManage)?;
        let current = self.user_by_ref(email).await?;
        let mut updated = current.clone();
        updated.active = false;
        updated.updated_at = ctx.now;
        updated.version += 1;
        let mut tx = self.store.write().await?;
        tx.accounts().update_user(&updated, current.version).await?;
        tx.accounts().delete_sessions_of(updated.id).await?;
        for t in tx.accounts().tokens_of(updated.id).await? {
            tx.accounts().revoke_token(t.id, ctx.now).await?;
        }
        let mut event = audit(
            ctx,
            codes::USER_REVOKED,
            "user",
            updated.id.to_string(),
            serde_json::to_value(&updated).ok(),
        );
        event.before = serde_json::to_value(&current).ok();
        tx.audit().append(&event).await?;
        tx.commit().await?;
        Ok(updated)
    }

    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn list_users(&self, ctx: &Ctx) -> AppResult<Vec<User>> {
        require(ctx, Action::UserManage)?;
        let mut tx = self.store.read().await?;
        Ok(tx.accounts().users().await?)
    }

    /// Invites a foreign-partner guest to a case.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn invite_guest(&self, ctx: &Ctx, email: &str, case: &str) -> AppResult<()> {
        require(ctx, Action::UserManage)?;
        let user = self.user_by_ref(email).await?;
        if user.role != Role::PartnerGuest {
            return Err(AppError::invalid(
                "email",
                "invalid_choice",
                "only foreign-partner guests are invited to cases",
            ));
        }
        let case: jalin_domain::ids::CaseId = case.parse().map_err(|_| AppError::NotFound(format!("case {case}")))?;
        let mut tx = self.store.write().await?;
        if tx.cases().get(case).await?.is_none() {
            return Err(AppError::NotFound(format!("case {case}")));
        }
        tx.accounts().invite(user.id, case).await?;
        tx.audit()
            .append(&audit(
                ctx,
                codes::USER_GRANTED,
                "user",
                user.id.to_string(),
                Some(serde_json::json!({"invited_to_case": case.to_string()})),
            ))
            .await?;
        tx.commit().await?;
        Ok(())
    }

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
        if let Some(retry_after) = self.throttled(&account_key, MAX_FAILURES_PER_ACCOUNT, ctx.now).await? {
            return Ok(Err(LoginRefusal::Throttled { retry_after }));
        }
        if let Some(k) = &address_key
            && let Some(retry_after) = self.throttled(k, MAX_FAILURES_PER_ADDRESS, ctx.now).await?
        {
            return Ok(Err(LoginRefusal::Throttled { retry_after }));
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
        tx.commit().await?;
        Ok(Ok(LoginOutcome {
            user,
            session_secret: secret,
            csrf_token: session.csrf_token,
            expires_at: session.expires_at,
        }))
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

    /// The user behind an API token, limited to the token's scopes.
    pub async fn authenticate_token(&self, secret: &str) -> AppResult<Option<UserActor>> {
        let now = self.clock.now();
        let mut tx = self.store.read().await?;
        let Some(token) = tx.accounts().token_by_hash(&secret_hash(secret)).await? else {
            return Ok(None);
        };
        if !token.usable_at(now) {
            return Ok(None);
        }
        let Some(user) = tx.accounts().user(token.user_id).await?.filter(|u| u.active) else {
            return Ok(None);
        };
        let mut actor = self.actor_of(tx.as_mut(), &user).await?;
        actor.token_scopes = Some(token.scopes.clone());
        drop(tx);
        if token.last_used_at.is_none_or(|t| now - t > Duration::minutes(5)) {
            let mut tx = self.store.write().await?;
            tx.accounts().touch_token(token.id, now).await?;
            tx.commit().await?;
        }
        Ok(Some(actor))
    }

    /// Creates an API token for `email` (the user themself, or an administrator). The
    /// secret is returned once and stored only as a hash.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn create_token(
        &self,
        ctx: &Ctx,
        email: Option<&str>,
        name: &str,
        scopes: &[TokenScope],
        valid_days: Option<i64>,
    ) -> AppResult<(ApiToken, String)> {
        let user = match (email, &ctx.actor) {
            (Some(e), _) => {
                let user = self.user_by_ref(e).await?;
                let own = ctx.actor.user().is_some_and(|u| u.id == user.id);
                if !own {
                    require(ctx, Action::UserManage)?;
                }
                user
            }
            (None, Actor::User(u)) => {
                require(ctx, Action::TokenManageOwn)?;
                let mut tx = self.store.read().await?;
                tx.accounts()
                    .user(u.id)
                    .await?
                    .ok_or_else(|| AppError::NotFound("user".to_owned()))?
            }
            (None, _) => return Err(AppError::Unauthorized),
        };
        let mut errors = FieldErrors::new();
        if name.trim().is_empty() {
            errors.push("name", "required", "name the token (what uses it)");
        }
        if !user.active {
            errors.push("email", "inactive", "the account is deactivated; grant it a role first");
        }
        if scopes.is_empty() {
            errors.push("scopes", "required", "give at least one scope: read, write, admin");
        }
        if scopes.contains(&TokenScope::Admin) && user.role != Role::Administrator {
            errors.push(
                "scopes",
                "not_allowed",
                "only administrators' tokens may have the admin scope",
            );
        }
        if let Some(d) = valid_days
            && !(1..=730).contains(&d)
        {
            errors.push("valid_days", "invalid_choice", "a token is valid for 1 to 730 days");
        }
        errors.finish(())?;
        let secret = format!("jalin_{}", random_secret()?);
        let mut scopes = scopes.to_vec();
        scopes.sort();
        scopes.dedup();
        let token = ApiToken {
            id: uuid::Uuid::now_v7(),
            user_id: user.id,
            name: name.trim().to_owned(),
            scopes,
            created_at: ctx.now,
            expires_at: Some(ctx.now + Duration::days(valid_days.unwrap_or(90))),
            last_used_at: None,
            revoked_at: None,
        };
        let mut tx = self.store.write().await?;
        tx.accounts().insert_token(&token, &secret_hash(&secret)).await?;
        tx.audit()
            .append(&audit(
                ctx,
                codes::TOKEN_CREATED,
                "token",
                token.id.to_string(),
                serde_json::to_value(&token).ok(),
            ))
            .await?;
        tx.commit().await?;
        Ok((token, secret))
    }

    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn list_tokens(&self, ctx: &Ctx) -> AppResult<Vec<ApiToken>> {
        require(ctx, Action::TokenManageOwn)?;
        let Some(u) = ctx.actor.user() else {
            return Err(AppError::Unauthorized);
        };
        let mut tx = self.store.read().await?;
        Ok(tx.accounts().tokens_of(u.id).await?)
    }

    /// Revokes a token (its owner, or an administrator).
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn revoke_token(&self, ctx: &Ctx, id: &str) -> AppResult<()> {
        let id: uuid::Uuid = id.parse().map_err(|_| AppError::NotFound(format!("token {id}")))?;
        let mut tx = self.store.write().await?;
        let token = tx
            .accounts()
            .token(id)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("token {id}")))?;
        let own = ctx.actor.user().is_some_and(|u| u.id == token.user_id);
        if !own {
            require(ctx, Action::UserManage)?;
        }
        if !tx.accounts().revoke_token(id, ctx.now).await? {
            // Already revoked: nothing changes, nothing to record.
            return Ok(());
        }
        tx.audit()
            .append(&audit(ctx, codes::TOKEN_REVOKED, "token", id.to_string(), None))
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Starts a password reset. Always succeeds, whether or not the account exists.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn request_password_reset(&self, ctx: &Ctx, email: &str, link_base: &str) -> AppResult<()> {
        let key = User::email_key(email);
        let found = {
            let mut tx = self.store.read().await?;
            tx.accounts().user_by_email(&key).await?
        };
        let Some((user, _)) = found.filter(|(u, _)| u.active) else {
            // Same work as a real request, so timing does not tell.
            let _ = random_secret()?;
            return Ok(());
        };
        let secret = random_secret()?;
        let mut tx = self.store.write().await?;
        tx.accounts()
            .insert_reset(&secret_hash(&secret), user.id, ctx.now, ctx.now + Duration::hours(1))
            .await?;
        tx.audit()
            .append(&audit(
                ctx,
                codes::PASSWORD_RESET_REQUESTED,
                "user",
                user.id.to_string(),
                None,
            ))
            .await?;
        tx.commit().await?;
        self.mailer
            .send(Mail {
                to: user.email.clone(),
                subject: "Jalin: atur ulang kata sandi / reset your password".to_owned(),
                body: format!(
                    "Buka tautan ini dalam 1 jam untuk mengatur kata sandi baru / Open this link within 1 hour to set a new password:\n{link_base}/reset-password?token={secret}\n"
                ),
            })
            .await
            .map_err(AppError::Internal)?;
        Ok(())
    }

    /// Sets a new password with a reset token; every session of the user ends.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn reset_password(&self, ctx: &Ctx, token: &str, password: &str) -> AppResult<()> {
        let mut errors = FieldErrors::new();
        check_password(&mut errors, "password", password);
        errors.finish(())?;
        let hash = hash_password(password.to_owned()).await?;
        let mut tx = self.store.write().await?;
        let Some(user) = tx.accounts().take_reset(&secret_hash(token), ctx.now).await? else {
            return Err(AppError::invalid(
                "token",
                "invalid",
                "the reset link is invalid or has expired",
            ));
        };
        tx.accounts().set_password(user, &hash).await?;
        tx.accounts().delete_sessions_of(user).await?;
        tx.audit()
            .append(&audit(ctx, codes::USER_PASSWORD_SET, "user", user.to_string(), None))
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Sets a user's password directly (operator command line).
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn set_password(&self, ctx: &Ctx, email: &str, password: &str) -> AppResult<()> {
        require(ctx, Action::UserManage)?;
        let mut errors = FieldErrors::new();
        check_password(&mut errors, "password", password);
        errors.finish(())?;
        let user = self.user_by_ref(email).await?;
        let hash = hash_password(password.to_owned()).await?;
        let mut tx = self.store.write().await?;
        tx.accounts().set_password(user.id, &hash).await?;
        tx.accounts().delete_sessions_of(user.id).await?;
        tx.audit()
            .append(&audit(ctx, codes::USER_PASSWORD_SET, "user", user.id.to_string(), None))
            .await?;
        tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn passwords_hash_and_verify_and_the_dummy_hash_parses() {
        let h = hash_password("correct horse battery".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery".into(), h.clone()).await);
        assert!(!verify_password("wrong".into(), h).await);
        assert!(!verify_password("anything".into(), DUMMY_HASH.into()).await);
        assert!(
            argon2::password_hash::phc::PasswordHash::new(DUMMY_HASH).is_ok(),
            "the dummy hash must parse so that verification does real work"
        );
    }

    #[test]
    fn secrets_are_random_and_hashed() {
        let a = random_secret().unwrap();
        assert_eq!(a.len(), 64);
        assert_ne!(a, random_secret().unwrap());
        assert_eq!(secret_hash("x").len(), 64);
    }
}
