//! Notifications: the recipients of each alert and their read state.

use super::{Listing, Page, StoreResult};
use async_trait::async_trait;
use jalin_domain::case::Alert;
use jalin_domain::codes::RegionCode;
use jalin_domain::ids::UserId;
use jalin_domain::notification::NotificationKind;
use jalin_domain::role::Role;
use time::{Date, OffsetDateTime};

/// Who receives an alert: the active accounts that match any of these.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recipients {
    /// Regional officers and approvers of this region.
    pub region: Option<RegionCode>,
    /// Province officers of this province.
    pub province: Option<RegionCode>,
    /// Every account in these (national) roles.
    pub roles: Vec<Role>,
    /// These accounts by name (e.g. the officer who opened a case).
    pub users: Vec<UserId>,
}

impl Recipients {
    pub fn is_empty(&self) -> bool {
        self.region.is_none() && self.province.is_none() && self.roles.is_empty() && self.users.is_empty()
    }
}

/// A reader's filter of their inbox.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InboxFilter {
    pub kind: Option<NotificationKind>,
    /// The region the event is about, or a province with the kabupaten/kota in it.
    pub region: Option<RegionCode>,
    /// Raised on or after this day (UTC).
    pub from: Option<Date>,
    /// Raised on or before this day (UTC).
    pub to: Option<Date>,
    pub unread_only: bool,
}

/// One row of an inbox.
#[derive(Debug, Clone, PartialEq)]
pub struct InboxEntry {
    pub alert_id: uuid::Uuid,
    pub kind: NotificationKind,
    pub alert: Alert,
    pub read_at: Option<OffsetDateTime>,
}

#[async_trait]
pub trait NotificationRepo: Send {
    /// Gives the alert stored under `dedup_key` to every matching active account that does
    /// not hold it yet; how many new inbox rows.
    async fn deliver(
        &mut self,
        dedup_key: &str,
        kind: NotificationKind,
        to: &Recipients,
        at: OffsetDateTime,
    ) -> StoreResult<u64>;
    /// A reader's inbox, newest first, with the number of matches.
    async fn inbox(&mut self, user: UserId, filter: &InboxFilter, page: Page) -> StoreResult<Listing<InboxEntry>>;
    /// How many of the reader's rows are unread.
    async fn unread(&mut self, user: UserId) -> StoreResult<i64>;
    /// Marks the reader's rows read: these alerts, or all when `alerts` is `None`; how many
    /// changed.
    async fn mark_read(
        &mut self,
        user: UserId,
        alerts: Option<&[uuid::Uuid]>,
        at: OffsetDateTime,
    ) -> StoreResult<u64>;
}
