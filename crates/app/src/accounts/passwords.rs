//! Passwords (argon2id, hashed off the async workers), secrets, and password resets.

use super::{Accounts, audit, throttle};
use crate::authz::require;
use crate::ctx::Ctx;
use crate::ports::mailer::Mail;
use crate::ports::store::Tx;
use crate::{AppError, AppResult};
use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use jalin_domain::FieldErrors;
use jalin_domain::account::User;
use jalin_domain::audit::codes;
use jalin_domain::authz::Action;
use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};

pub const MIN_PASSWORD_LENGTH: usize = 10;
/// Reset mails per account, and reset requests per client address, within the window.
pub const RESETS_PER_ACCOUNT: i64 = 3;
pub const RESETS_PER_ADDRESS: i64 = 10;
pub const RESET_WINDOW_MINUTES: i64 = 60;

/// Whether a reset request may send its mail; counts it if so (per account, known or not,
/// and per client address), inside the caller's transaction.
async fn reset_allowed(
    tx: &mut dyn Tx,
    email_key: &str,
    address: Option<&str>,
    now: OffsetDateTime,
) -> AppResult<bool> {
    let window = Duration::minutes(RESET_WINDOW_MINUTES);
    let account_key = format!("reset:account:{email_key}");
    let address_key = address.map(|a| format!("reset:address:{a}"));
    if throttle::refusal(tx, &account_key, RESETS_PER_ACCOUNT, window, now)
        .await?
        .is_some()
    {
        return Ok(false);
    }
    if let Some(k) = &address_key
        && throttle::refusal(tx, k, RESETS_PER_ADDRESS, window, now)
            .await?
            .is_some()
    {
        return Ok(false);
    }
    throttle::bump(tx, &account_key, window, now).await?;
    if let Some(k) = &address_key {
        throttle::bump(tx, k, window, now).await?;
    }
    Ok(true)
}

/// A hash of a password nobody has, verified for unknown accounts so that a failed login
/// takes as long whether or not the account exists.
pub(super) const DUMMY_HASH: &str =
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

pub(super) async fn hash_password(password: String) -> AppResult<String> {
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

pub(super) async fn verify_password(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .verify_password(password.as_bytes(), hash.as_str())
            .is_ok()
    })
    .await
    .unwrap_or(false)
}

pub(super) fn check_password(errors: &mut FieldErrors, field: &str, password: &str) {
    if password.chars().count() < MIN_PASSWORD_LENGTH {
        errors.push(
            field,
            "too_short",
            format!("a password has at least {MIN_PASSWORD_LENGTH} characters"),
        );
    }
}

impl Accounts {
    /// Starts a password reset. Always succeeds, whether or not the account exists; past
    /// [`RESETS_PER_ACCOUNT`] requests for one address or [`RESETS_PER_ADDRESS`] from one
    /// client address within [`RESET_WINDOW_MINUTES`], the answer stays the same but no mail
    /// is sent.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn request_password_reset(
        &self,
        ctx: &Ctx,
        email: &str,
        address: Option<&str>,
        link_base: &str,
    ) -> AppResult<()> {
        let key = User::email_key(email);
        let found = {
            let mut tx = self.store.read().await?;
            tx.accounts().user_by_email(&key).await?
        };
        let secret = random_secret()?;
        let mut tx = self.store.write().await?;
        if !reset_allowed(tx.as_mut(), &key, address, ctx.now).await? {
            tx.commit().await?;
            tracing::info!("password reset request over the limit: no mail sent");
            return Ok(());
        }
        let Some((user, _)) = found.filter(|(u, _)| u.active) else {
            tx.commit().await?;
            return Ok(());
        };
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
        let mail = Mail {
            to: user.email.clone(),
            subject: "Jalin: atur ulang kata sandi / reset your password".to_owned(),
            body: format!(
                "Buka tautan ini dalam 1 jam untuk mengatur kata sandi baru / Open this link within 1 hour to set a new password:\n{link_base}/reset-password?token={secret}\n"
            ),
            ..Default::default()
        };
        self.send_logged(user.id, mail, "password_reset")
            .await
            .map_err(AppError::Internal)?;
        Ok(())
    }

    /// Sets a new password with a reset token: the account's other unused reset links stop
    /// working and every session of the user ends (API tokens stay: they are revoked one by
    /// one on the account page).
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
        tx.accounts().void_resets_of(user, ctx.now).await?;
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
