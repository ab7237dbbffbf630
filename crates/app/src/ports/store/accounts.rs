//! Users, sessions, API tokens, login throttling and password resets.

use super::StoreResult;
use async_trait::async_trait;
use jalin_domain::account::{ApiToken, Session, User};
use jalin_domain::ids::{CaseId, UserId};

#[async_trait]
pub trait AccountRepo: Send {
    /// Fails with a conflict when the e-mail address is taken.
    async fn insert_user(&mut self, user: &User, password_hash: Option<&str>) -> StoreResult<()>;
    async fn update_user(&mut self, user: &User, expected_version: i64) -> StoreResult<()>;
    async fn set_password(&mut self, user: UserId, password_hash: &str) -> StoreResult<()>;
    async fn user(&mut self, id: UserId) -> StoreResult<Option<User>>;
    /// The user with this (folded) e-mail address and the stored password hash.
    async fn user_by_email(&mut self, email_key: &str) -> StoreResult<Option<(User, Option<String>)>>;
    async fn users(&mut self) -> StoreResult<Vec<User>>;
    /// The active administrators, locked until the transaction ends (PostgreSQL: `FOR
    /// UPDATE`; SQLite's single writer serialises anyway), so that two transactions that
    /// each remove one administrator cannot both see the other one still there.
    async fn lock_active_administrators(&mut self) -> StoreResult<Vec<UserId>>;
    async fn invite(&mut self, user: UserId, case: CaseId) -> StoreResult<()>;
    async fn invited_cases(&mut self, user: UserId) -> StoreResult<Vec<CaseId>>;
    async fn insert_session(&mut self, session: &Session) -> StoreResult<()>;
    async fn session(&mut self, token_hash: &str) -> StoreResult<Option<Session>>;
    async fn touch_session(&mut self, token_hash: &str, at: time::OffsetDateTime) -> StoreResult<()>;
    async fn delete_session(&mut self, token_hash: &str) -> StoreResult<()>;
    async fn delete_sessions_of(&mut self, user: UserId) -> StoreResult<()>;
    async fn insert_token(&mut self, token: &ApiToken, token_hash: &str) -> StoreResult<()>;
    async fn token_by_hash(&mut self, token_hash: &str) -> StoreResult<Option<ApiToken>>;
    async fn tokens_of(&mut self, user: UserId) -> StoreResult<Vec<ApiToken>>;
    async fn token(&mut self, id: uuid::Uuid) -> StoreResult<Option<ApiToken>>;
    async fn revoke_token(&mut self, id: uuid::Uuid, at: time::OffsetDateTime) -> StoreResult<bool>;
    async fn touch_token(&mut self, id: uuid::Uuid, at: time::OffsetDateTime) -> StoreResult<()>;
    /// Failed logins counted under `key` since the window started, if any.
    async fn login_failures(&mut self, key: &str) -> StoreResult<Option<(time::OffsetDateTime, i64)>>;
    async fn set_login_failures(
        &mut self,
        key: &str,
        window_start: time::OffsetDateTime,
        failures: i64,
    ) -> StoreResult<()>;
    async fn clear_login_failures(&mut self, key: &str) -> StoreResult<()>;
    async fn insert_reset(
        &mut self,
        token_hash: &str,
        user: UserId,
        at: time::OffsetDateTime,
        expires: time::OffsetDateTime,
    ) -> StoreResult<()>;
    /// Marks an unexpired, unused reset token used and returns its user.
    async fn take_reset(&mut self, token_hash: &str, now: time::OffsetDateTime) -> StoreResult<Option<UserId>>;
    /// Marks every unused reset token of the user used (after a successful reset).
    async fn void_resets_of(&mut self, user: UserId, now: time::OffsetDateTime) -> StoreResult<()>;
}
