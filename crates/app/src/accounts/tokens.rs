//! API tokens: created for a user with scopes, used as bearer credentials, revoked.

use super::passwords::{random_secret, secret_hash};
use super::{Accounts, audit};
use crate::authz::require;
use crate::ctx::{Actor, Ctx, UserActor};
use crate::{AppError, AppResult};
use jalin_domain::FieldErrors;
use jalin_domain::account::{ApiToken, TokenScope};
use jalin_domain::audit::codes;
use jalin_domain::authz::Action;
use jalin_domain::role::Role;
use time::Duration;

impl Accounts {
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
}
