//! Accounts as administrators manage them: creation, roles and regions, deactivation.

use super::passwords::{check_password, hash_password, random_secret, secret_hash};
use super::{Accounts, audit};
use crate::authz::require;
use crate::ctx::{Ctx, UserActor};
use crate::ports::mailer::Mail;
use crate::ports::store::Tx;
use crate::reference::ReferenceSnapshot;
use crate::{AppError, AppResult};
use jalin_domain::FieldErrors;
use jalin_domain::account::{RegionLevel, User, region_rule};
use jalin_domain::audit::codes;
use jalin_domain::authz::Action;
use jalin_domain::codes::RegionCode;
use jalin_domain::ids::UserId;
use jalin_domain::role::Role;
use serde::{Deserialize, Serialize};
use time::Duration;

/// Days an account invitation's set-password link stays valid.
pub const INVITATION_LINK_DAYS: i64 = 7;

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

/// Refuses a change that would leave the installation without an active administrator
/// (`last_administrator`). It runs inside the change's write transaction, after locking the
/// active administrators, so two concurrent demotions cannot both pass.
async fn keep_an_administrator(tx: &mut dyn Tx, current: &User, updated: &User) -> AppResult<()> {
    let is_admin = |u: &User| u.role == Role::Administrator && u.active;
    if !is_admin(current) || is_admin(updated) {
        return Ok(());
    }
    let others = tx
        .accounts()
        .lock_active_administrators()
        .await?
        .into_iter()
        .filter(|id| *id != current.id)
        .count();
    if others == 0 {
        return Err(AppError::Rule {
            code: "last_administrator",
            message: format!(
                "{} is the last active administrator; make another account an administrator first",
                current.email
            ),
        });
    }
    Ok(())
}

impl Accounts {
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
        let invitation = match hash {
            Some(_) => None,
            None => Some(self.invite(tx.as_mut(), ctx, &user).await?),
        };
        tx.commit().await?;
        if let Some(secret) = invitation {
            self.send_invitation(&user, &secret).await;
        }
        Ok(user)
    }

    /// A set-password link for an account made without a password, valid
    /// [`INVITATION_LINK_DAYS`], recorded and audited in the account's transaction.
    async fn invite(&self, tx: &mut dyn Tx, ctx: &Ctx, user: &User) -> AppResult<String> {
        let secret = random_secret()?;
        let expires = ctx.now + Duration::days(INVITATION_LINK_DAYS);
        tx.accounts()
            .insert_reset(&secret_hash(&secret), user.id, ctx.now, expires)
            .await?;
        tx.audit()
            .append(&audit(
                ctx,
                codes::USER_INVITED,
                "user",
                user.id.to_string(),
                Some(serde_json::json!({"email": user.email, "link_days": INVITATION_LINK_DAYS})),
            ))
            .await?;
        Ok(secret)
    }

    /// The account exists whether or not its invitation leaves: a mail that cannot be sent
    /// is logged, and the user can still ask for a reset link on the sign-in page.
    async fn send_invitation(&self, user: &User, secret: &str) {
        let link = format!("{}/reset-password?token={secret}", self.link_base);
        let mail = Mail {
            to: user.email.clone(),
            subject: "Jalin: akun Anda telah dibuat / your account was created".to_owned(),
            body: format!(
                "Akun Jalin untuk {email} telah dibuat. Atur kata sandi Anda dalam {INVITATION_LINK_DAYS} hari \
                 melalui tautan ini:\n{link}\n\n\
                 A Jalin account was created for {email}. Set your password within {INVITATION_LINK_DAYS} days \
                 with this link:\n{link}\n",
                email = user.email,
            ),
            ..Default::default()
        };
        if let Err(e) = self.send_logged(user.id, mail, "invitation").await {
            tracing::warn!(user = %user.id, error = %format!("{e:#}"), "the account invitation could not be sent");
        }
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
        keep_an_administrator(tx.as_mut(), &current, &updated).await?;
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
        keep_an_administrator(tx.as_mut(), &current, &updated).await?;
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
}
