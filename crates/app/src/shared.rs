//! The few handles several services share: the reference snapshot and the indexer's
//! wake-up signal. Each is a cheap clone of one shared value.

use crate::reference::ReferenceSnapshot;
use parking_lot::RwLock;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// The in-memory reference data used for validation, replaced whole when datasets change.
#[derive(Clone, Default)]
pub struct ReferenceCache(Arc<RwLock<Arc<ReferenceSnapshot>>>);

impl ReferenceCache {
    /// The reference data as of the last load.
    pub fn get(&self) -> Arc<ReferenceSnapshot> {
        self.0.read().clone()
    }

    pub(crate) fn replace(&self, snapshot: ReferenceSnapshot) {
        *self.0.write() = Arc::new(snapshot);
    }
}

/// Wakes this node's indexer after a write that appended to the search log.
#[derive(Clone, Default)]
pub struct IndexerSignal(Arc<Notify>);

impl IndexerSignal {
    pub fn wake(&self) {
        self.0.notify_waiters();
    }

    /// Waits until something may need indexing (or `timeout` passes).
    pub async fn wait(&self, timeout: Duration) {
        let _ = tokio::time::timeout(timeout, self.0.notified()).await;
    }
}
