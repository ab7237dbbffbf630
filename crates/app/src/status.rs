//! The node's status for operators: whether it is ready to serve (`/readyz`) and the
//! gauges `/metrics` reports (database pools, job queue, search-index lag). Read-only and
//! without an actor: it tells nothing about any record.

use crate::App;
use crate::jobs::QueueState;
use crate::ports::search::SearchCursor;
use crate::ports::store::PoolUse;

/// This node's index against the search log (ADR 0008).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexPosition {
    /// The log's head: the database, its generation and last sequence number.
    pub head: SearchCursor,
    /// What the index has applied (the default cursor while never built or being rebuilt).
    pub applied: SearchCursor,
}

impl IndexPosition {
    /// Whether the index was built for this database and the log's current generation.
    pub fn built(&self) -> bool {
        self.applied.follows(&self.head)
    }

    /// Log entries not yet applied (the whole log while a rebuild is due).
    pub fn lag(&self) -> i64 {
        if self.built() {
            (self.head.seq - self.applied.seq).max(0)
        } else {
            self.head.seq
        }
    }
}

/// One part of the node that is not ready yet, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotReady {
    /// `database`, `registry_index` or `search_index`.
    pub component: &'static str,
    pub reason: String,
}

/// The gauges of a node at one moment.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeGauges {
    pub pools: Vec<PoolUse>,
    /// `None` when the database did not answer.
    pub queue: Option<QueueState>,
    /// `None` when the node keeps no index or the database did not answer.
    pub search: Option<IndexPosition>,
}

impl App {
    /// What keeps this node from serving: the database must answer, the registry index be
    /// loaded and this node's search index (if it keeps one) be built for the current
    /// generation of the search log. Empty when ready.
    pub async fn readiness(&self) -> Vec<NotReady> {
        let mut waiting = Vec::new();
        if let Err(e) = self.ping_database().await {
            waiting.push(NotReady {
                component: "database",
                reason: format!("the database does not answer: {e}"),
            });
            // The indexes cannot be judged without the database.
            return waiting;
        }
        if !self.registry.registry_index_loaded() {
            waiting.push(NotReady {
                component: "registry_index",
                reason: "the registry index is not loaded yet".to_owned(),
            });
        }
        match self.search.index_position().await {
            Ok(Some(p)) if !p.built() => waiting.push(NotReady {
                component: "search_index",
                reason: format!("the search index is being built for generation {}", p.head.generation),
            }),
            Ok(_) => {}
            Err(e) => waiting.push(NotReady {
                component: "search_index",
                reason: format!("the search index cannot be read: {e}"),
            }),
        }
        waiting
    }

    /// Pool use, the job queue and the search index's position (for `/metrics`).
    pub async fn gauges(&self) -> NodeGauges {
        NodeGauges {
            pools: self.store.pools(),
            queue: self.jobs.queue().await.ok(),
            search: self.search.index_position().await.ok().flatten(),
        }
    }

    async fn ping_database(&self) -> crate::AppResult<()> {
        let mut tx = self.store.read().await?;
        tx.jobs().search_head().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lag_counts_unapplied_entries_or_the_whole_log_before_a_build() {
        let at = |database: &str, generation, seq| SearchCursor {
            database: database.to_owned(),
            generation,
            seq,
        };
        let p = IndexPosition {
            head: at("db", 2, 50),
            applied: at("db", 2, 45),
        };
        assert!(p.built());
        assert_eq!(p.lag(), 5);
        let stale = IndexPosition {
            applied: at("db", 1, 45),
            ..p.clone()
        };
        assert!(!stale.built());
        assert_eq!(stale.lag(), 50);
        let other_database = IndexPosition {
            applied: at("another", 2, 45),
            ..p
        };
        assert!(!other_database.built());
        assert_eq!(other_database.lag(), 50);
    }
}
