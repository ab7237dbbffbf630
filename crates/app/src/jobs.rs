//! The job runner: claims due jobs from the queue (ADR 0008) and hands each to the context
//! that does it — text extraction to [`Search`], alerts of the opportunity board to
//! [`Board`] — retrying failures with back-off.

use crate::board::{Board, NOTIFY_NEED_JOB, NOTIFY_OFFER_JOB};
use crate::notifications::{MAIL_DIGEST_JOB, MAIL_NOTICE_JOB, Notifications};
use crate::ports::clock::Clock;
use crate::ports::store::Store;
use crate::search::Search;
use crate::{AppError, AppResult};
use std::sync::Arc;

/// Attempts after which a failing job is given up (and logged).
const MAX_ATTEMPTS: i64 = 5;

/// The job queue at one moment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QueueState {
    pub pending: i64,
    /// How long the oldest pending job has waited (none pending: `None`).
    pub oldest_age: Option<time::Duration>,
}

/// The services whose work the queue runs.
pub struct JobPorts {
    pub store: Arc<dyn Store>,
    pub clock: Arc<dyn Clock>,
    pub search: Arc<Search>,
    pub board: Arc<Board>,
    pub notifications: Arc<Notifications>,
}

pub struct Jobs {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    search: Arc<Search>,
    board: Arc<Board>,
    notifications: Arc<Notifications>,
}

impl Jobs {
    pub fn new(ports: JobPorts) -> Self {
        let JobPorts {
            store,
            clock,
            search,
            board,
            notifications,
        } = ports;
        Self {
            store,
            clock,
            search,
            board,
            notifications,
        }
    }

    /// The queue: how many jobs are pending and how long the oldest has waited.
    pub async fn queue(&self) -> AppResult<QueueState> {
        let mut tx = self.store.read().await?;
        let pending = tx.jobs().pending().await?;
        let oldest = tx.jobs().oldest_pending().await?;
        Ok(QueueState {
            pending,
            oldest_age: oldest.map(|at| (self.clock.now() - at).max(time::Duration::ZERO)),
        })
    }

    /// Runs due jobs (text extraction, opportunity-board notifications); returns how many ran.
    #[tracing::instrument(skip_all)]
    pub async fn run(&self, limit: i64) -> AppResult<usize> {
        let now = self.clock.now();
        let jobs = {
            let mut tx = self.store.write().await?;
            let jobs = tx.jobs().claim(now, now + time::Duration::minutes(5), limit).await?;
            tx.commit().await?;
            jobs
        };
        let n = jobs.len();
        for job in jobs {
            let outcome = match job.kind.as_str() {
                "extract" => self.search.extract_text(&job.target).await,
                NOTIFY_OFFER_JOB => self.board.notify_offer(&job.target).await,
                NOTIFY_NEED_JOB => self.board.notify_need(&job.target).await,
                MAIL_NOTICE_JOB => self.notifications.mail_notice(&job.target).await,
                MAIL_DIGEST_JOB => self.notifications.mail_digest(&job.target).await,
                other => Err(AppError::Internal(anyhow::anyhow!("unknown job kind {other}"))),
            };
            let mut tx = self.store.write().await?;
            match outcome {
                Ok(()) => tx.jobs().finish(job.id).await?,
                Err(e) if job.attempts >= MAX_ATTEMPTS => {
                    tracing::warn!(job = job.id, kind = %job.kind, error = %e, "job failed for good");
                    tx.jobs().finish(job.id).await?;
                }
                Err(e) => {
                    let retry = now + time::Duration::seconds(30 * job.attempts.max(1));
                    tx.jobs().fail(job.id, &e.to_string(), retry).await?;
                }
            }
            tx.commit().await?;
        }
        Ok(n)
    }
}
