//! Calendar feeds of deadlines (ADR 0016): the feeds, and the served version of each event.

use super::StoreResult;
use async_trait::async_trait;
use jalin_domain::codes::RegionCode;
use jalin_domain::ids::UserId;
use time::{Date, OffsetDateTime};

/// A personal calendar feed. Its secret is never stored, only its hash.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalendarFeed {
    pub id: uuid::Uuid,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub user_id: UserId,
    pub label: String,
    /// Only this region, or this province with its kabupaten/kota; `None`: everything the
    /// owner may read.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub region: Option<RegionCode>,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub revoked_at: Option<OffsetDateTime>,
}

#[async_trait]
pub trait CalendarFeedRepo: Send {
    async fn insert_feed(&mut self, feed: &CalendarFeed, token_hash: &str) -> StoreResult<()>;
    /// The feeds of a user, oldest first (revoked ones too).
    async fn feeds_of(&mut self, user: UserId) -> StoreResult<Vec<CalendarFeed>>;
    async fn feed(&mut self, id: uuid::Uuid) -> StoreResult<Option<CalendarFeed>>;
    async fn feed_by_hash(&mut self, token_hash: &str) -> StoreResult<Option<CalendarFeed>>;
    /// Marks the feed revoked; false when it already was.
    async fn revoke_feed(&mut self, id: uuid::Uuid, at: OffsetDateTime) -> StoreResult<bool>;
    /// The stored (due day, sequence) of these event UIDs; unknown UIDs are absent.
    async fn event_versions(&mut self, uids: &[String]) -> StoreResult<Vec<(String, Date, i64)>>;
    /// Records that `uid` is now due on `due_on`: a new event starts at sequence 0, a moved
    /// one takes the next sequence; an unchanged one stays. Returns the sequence now stored.
    async fn record_event_version(&mut self, uid: &str, due_on: Date, at: OffsetDateTime) -> StoreResult<i64>;
}
