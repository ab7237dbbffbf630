//! Accounts: users, sessions, API tokens, login throttling and password resets.

use super::tx::{DbTx, corrupt, db_err};
use crate::types::DbUuid;
use async_trait::async_trait;
use jalin_app::ports::store::{AccountRepo, StoreError, StoreResult};
use jalin_domain::account::{ApiToken, Session, TokenScope, User};
use jalin_domain::ids::{CaseId, UserId};
use sqlx::FromRow;
use sqlx::types::Json;
use time::OffsetDateTime;

const USER_COLUMNS: &str = "id, email, name, role, region_code, active, created_at, updated_at, version";

#[derive(FromRow)]
struct UserRow {
    id: DbUuid,
    email: String,
    name: String,
    role: String,
    region_code: Option<String>,
    active: bool,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
    version: i64,
}

impl UserRow {
    fn into_user(self) -> StoreResult<User> {
        Ok(User {
            id: UserId(self.id.0),
            email: self.email,
            name: self.name,
            role: self.role.parse().map_err(|_| corrupt("role", &self.role))?,
            region_code: self
                .region_code
                .map(|r| r.parse().map_err(|_| corrupt("region code", &r)))
                .transpose()?,
            active: self.active,
            created_at: self.created_at,
            updated_at: self.updated_at,
            version: self.version,
        })
    }
}

#[derive(FromRow)]
struct SessionRow {
    token_hash: String,
    user_id: DbUuid,
    csrf_token: String,
    created_at: OffsetDateTime,
    last_seen_at: OffsetDateTime,
    expires_at: OffsetDateTime,
}

#[derive(FromRow)]
struct TokenRow {
    id: DbUuid,
    user_id: DbUuid,
    name: String,
    scopes: Json<Vec<TokenScope>>,
    created_at: OffsetDateTime,
    expires_at: Option<OffsetDateTime>,
    last_used_at: Option<OffsetDateTime>,
    revoked_at: Option<OffsetDateTime>,
}

impl TokenRow {
    fn into_token(self) -> ApiToken {
        ApiToken {
            id: self.id.0,
            user_id: UserId(self.user_id.0),
            name: self.name,
            scopes: self.scopes.0,
            created_at: self.created_at,
            expires_at: self.expires_at,
            last_used_at: self.last_used_at,
            revoked_at: self.revoked_at,
        }
    }
}

const TOKEN_COLUMNS: &str = "id, user_id, name, scopes, created_at, expires_at, last_used_at, revoked_at";

#[async_trait]
impl AccountRepo for DbTx {
    async fn insert_user(&mut self, u: &User, password_hash: Option<&str>) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO users (id, email, email_key, name, password_hash, role, region_code, active, created_at, \
             updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(DbUuid(u.id.0))
        .bind(&u.email)
        .bind(User::email_key(&u.email))
        .bind(&u.name)
        .bind(password_hash)
        .bind(u.role.as_str())
        .bind(u.region_code.as_ref().map(|r| r.to_string()))
        .bind(u.active)
        .bind(u.created_at)
        .bind(u.updated_at)
        .bind(u.version)
        .execute(self.c())
        .await
        .map_err(db_err)?;
        Ok(())
    }

    async fn update_user(&mut self, u: &User, expected_version: i64) -> StoreResult<()> {
        let r = sqlx::query(
            "UPDATE users SET name = $3, role = $4, region_code = $5, active = $6, updated_at = $7, version = $8 \
             WHERE id = $1 AND version = $2",
        )
        .bind(DbUuid(u.id.0))
        .bind(expected_version)
        .bind(&u.name)
        .bind(u.role.as_str())
        .bind(u.region_code.as_ref().map(|r| r.to_string()))
        .bind(u.active)
        .bind(u.updated_at)
        .bind(u.version)
        .execute(self.c())
        .await
        .map_err(db_err)?;
        if r.rows_affected() == 0 {
            return Err(StoreError::Conflict(format!("user {} changed meanwhile", u.id)));
        }
        Ok(())
    }

    async fn set_password(&mut self, user: UserId, password_hash: &str) -> StoreResult<()> {
        sqlx::query("UPDATE users SET password_hash = $2 WHERE id = $1")
            .bind(DbUuid(user.0))
            .bind(password_hash)
            .execute(self.c())
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn user(&mut self, id: UserId) -> StoreResult<Option<User>> {
        let row: Option<UserRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {USER_COLUMNS} FROM users WHERE id = $1"
        )))
        .bind(DbUuid(id.0))
        .fetch_optional(self.c())
        .await
        .map_err(db_err)?;
        row.map(UserRow::into_user).transpose()
    }

    async fn user_by_email(&mut self, email_key: &str) -> StoreResult<Option<(User, Option<String>)>> {
        let row: Option<(DbUuid, Option<String>)> =
            sqlx::query_as("SELECT id, password_hash FROM users WHERE email_key = $1")
                .bind(email_key)
                .fetch_optional(self.c())
                .await
                .map_err(db_err)?;
        let Some((id, hash)) = row else { return Ok(None) };
        Ok(self.user(UserId(id.0)).await?.map(|u| (u, hash)))
    }

    async fn users(&mut self) -> StoreResult<Vec<User>> {
        let rows: Vec<UserRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {USER_COLUMNS} FROM users ORDER BY email_key"
        )))
        .fetch_all(self.c())
        .await
        .map_err(db_err)?;
        rows.into_iter().map(UserRow::into_user).collect()
    }

    async fn lock_active_administrators(&mut self) -> StoreResult<Vec<UserId>> {
        let sql = format!(
            "SELECT id FROM users WHERE role = 'administrator' AND active = $1 ORDER BY id{}",
            super::FOR_UPDATE
        );
        let ids: Vec<DbUuid> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .bind(true)
            .fetch_all(self.c())
            .await
            .map_err(db_err)?;
        Ok(ids.into_iter().map(|id| UserId(id.0)).collect())
    }

    async fn invite(&mut self, user: UserId, case: CaseId) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO user_cases (user_id, case_id) VALUES ($1, $2) ON CONFLICT (user_id, case_id) DO NOTHING",
        )
        .bind(DbUuid(user.0))
        .bind(DbUuid(case.0))
        .execute(self.c())
        .await
        .map_err(db_err)?;
        Ok(())
    }

    async fn invited_cases(&mut self, user: UserId) -> StoreResult<Vec<CaseId>> {
        let ids: Vec<DbUuid> = sqlx::query_scalar("SELECT case_id FROM user_cases WHERE user_id = $1 ORDER BY case_id")
            .bind(DbUuid(user.0))
            .fetch_all(self.c())
            .await
            .map_err(db_err)?;
        Ok(ids.into_iter().map(|i| CaseId(i.0)).collect())
    }

    async fn insert_session(&mut self, s: &Session) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&s.token_hash)
        .bind(DbUuid(s.user_id.0))
        .bind(&s.csrf_token)
        .bind(s.created_at)
        .bind(s.last_seen_at)
        .bind(s.expires_at)
        .execute(self.c())
        .await
        .map_err(db_err)?;
        Ok(())
    }

    async fn session(&mut self, token_hash: &str) -> StoreResult<Option<Session>> {
        let row: Option<SessionRow> = sqlx::query_as(
            "SELECT token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at FROM sessions WHERE token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(self.c())
        .await
        .map_err(db_err)?;
        Ok(row.map(|r| Session {
            token_hash: r.token_hash,
            user_id: UserId(r.user_id.0),
            csrf_token: r.csrf_token,
            created_at: r.created_at,
            last_seen_at: r.last_seen_at,
            expires_at: r.expires_at,
        }))
    }

    async fn touch_session(&mut self, token_hash: &str, at: OffsetDateTime) -> StoreResult<()> {
        sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1")
            .bind(token_hash)
            .bind(at)
            .execute(self.c())
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn delete_session(&mut self, token_hash: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(self.c())
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn delete_sessions_of(&mut self, user: UserId) -> StoreResult<()> {
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(DbUuid(user.0))
            .execute(self.c())
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn insert_token(&mut self, t: &ApiToken, token_hash: &str) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO api_tokens (id, user_id, name, token_hash, scopes, created_at, expires_at, last_used_at, revoked_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(DbUuid(t.id))
        .bind(DbUuid(t.user_id.0))
        .bind(&t.name)
        .bind(token_hash)
        .bind(Json(&t.scopes))
        .bind(t.created_at)
        .bind(t.expires_at)
        .bind(t.last_used_at)
        .bind(t.revoked_at)
        .execute(self.c())
        .await
        .map_err(db_err)?;
        Ok(())
    }

    async fn token_by_hash(&mut self, token_hash: &str) -> StoreResult<Option<ApiToken>> {
        let row: Option<TokenRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE token_hash = $1"
        )))
        .bind(token_hash)
        .fetch_optional(self.c())
        .await
        .map_err(db_err)?;
        Ok(row.map(TokenRow::into_token))
    }

    async fn tokens_of(&mut self, user: UserId) -> StoreResult<Vec<ApiToken>> {
        let rows: Vec<TokenRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE user_id = $1 ORDER BY created_at, id"
        )))
        .bind(DbUuid(user.0))
        .fetch_all(self.c())
        .await
        .map_err(db_err)?;
        Ok(rows.into_iter().map(TokenRow::into_token).collect())
    }

    async fn token(&mut self, id: uuid::Uuid) -> StoreResult<Option<ApiToken>> {
        let row: Option<TokenRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE id = $1"
        )))
        .bind(DbUuid(id))
        .fetch_optional(self.c())
        .await
        .map_err(db_err)?;
        Ok(row.map(TokenRow::into_token))
    }

    async fn revoke_token(&mut self, id: uuid::Uuid, at: OffsetDateTime) -> StoreResult<bool> {
        let r = sqlx::query("UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL")
            .bind(DbUuid(id))
            .bind(at)
            .execute(self.c())
            .await
            .map_err(db_err)?;
        Ok(r.rows_affected() == 1)
    }

    async fn touch_token(&mut self, id: uuid::Uuid, at: OffsetDateTime) -> StoreResult<()> {
        sqlx::query("UPDATE api_tokens SET last_used_at = $2 WHERE id = $1")
            .bind(DbUuid(id))
            .bind(at)
            .execute(self.c())
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn login_failures(&mut self, key: &str) -> StoreResult<Option<(OffsetDateTime, i64)>> {
        sqlx::query_as("SELECT window_start, failures FROM login_attempts WHERE throttle_key = $1")
            .bind(key)
            .fetch_optional(self.c())
            .await
            .map_err(db_err)
    }

    async fn set_login_failures(&mut self, key: &str, window_start: OffsetDateTime, failures: i64) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO login_attempts (throttle_key, window_start, failures) VALUES ($1, $2, $3) \
             ON CONFLICT (throttle_key) DO UPDATE SET window_start = excluded.window_start, failures = excluded.failures",
        )
        .bind(key)
        .bind(window_start)
        .bind(failures)
        .execute(self.c())
        .await
        .map_err(db_err)?;
        Ok(())
    }

    async fn clear_login_failures(&mut self, key: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM login_attempts WHERE throttle_key = $1")
            .bind(key)
            .execute(self.c())
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn insert_reset(
        &mut self,
        token_hash: &str,
        user: UserId,
        at: OffsetDateTime,
        expires: OffsetDateTime,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(token_hash)
        .bind(DbUuid(user.0))
        .bind(at)
        .bind(expires)
        .execute(self.c())
        .await
        .map_err(db_err)?;
        Ok(())
    }

    async fn take_reset(&mut self, token_hash: &str, now: OffsetDateTime) -> StoreResult<Option<UserId>> {
        let user: Option<DbUuid> = sqlx::query_scalar(
            "UPDATE password_resets SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 \
             RETURNING user_id",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(self.c())
        .await
        .map_err(db_err)?;
        Ok(user.map(|u| UserId(u.0)))
    }

    async fn void_resets_of(&mut self, user: UserId, now: OffsetDateTime) -> StoreResult<()> {
        sqlx::query("UPDATE password_resets SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL")
            .bind(DbUuid(user.0))
            .bind(now)
            .execute(self.c())
            .await
            .map_err(db_err)?;
        Ok(())
    }
}
