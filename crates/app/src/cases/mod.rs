//! The cases context: cooperation cases driven through their procedure (ADR 0006) —
//! opening, reading, transitions, requirement decisions, eligibility, uploaded files, and
//! the timers (deemed approvals, expiry, alerts).

mod deadlines;
mod documents;
mod eligibility;
mod handoff;
mod inputs;
mod links;
mod open;
mod support;
mod timers;
mod transition;
mod views;

pub use deadlines::CaseDeadlines;
pub use eligibility::blocks_foreign_cooperation;
pub use inputs::*;
pub use timers::TimerReport;
pub use views::*;

use crate::ports::blobs::BlobStore;
use crate::ports::clock::Clock;
use crate::ports::store::Store;
use crate::reference::ReferenceSnapshot;
use crate::registry::Registry;
use crate::shared::{IndexerSignal, ReferenceCache};
use jalin_domain::procedure::ProcedureConfig;
use std::sync::Arc;

/// The ports and shared handles the cases context works with.
pub struct CasePorts {
    pub store: Arc<dyn Store>,
    pub clock: Arc<dyn Clock>,
    pub reference: ReferenceCache,
    pub signal: IndexerSignal,
    pub procedure: Arc<ProcedureConfig>,
    pub blobs: Arc<dyn BlobStore>,
    /// The largest accepted upload, in bytes.
    pub upload_limit: u64,
    /// Where cases bring their agreements, and whose expired records the timers close.
    pub registry: Arc<Registry>,
}

pub struct Cases {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    reference: ReferenceCache,
    signal: IndexerSignal,
    procedure: Arc<ProcedureConfig>,
    blobs: Arc<dyn BlobStore>,
    upload_limit: u64,
    registry: Arc<Registry>,
}

impl Cases {
    pub fn new(ports: CasePorts) -> Self {
        let CasePorts {
            store,
            clock,
            reference,
            signal,
            procedure,
            blobs,
            upload_limit,
            registry,
        } = ports;
        Self {
            store,
            clock,
            reference,
            signal,
            procedure,
            blobs,
            upload_limit,
            registry,
        }
    }

    /// The configurable points of the procedures in force.
    pub fn procedure_config(&self) -> &ProcedureConfig {
        &self.procedure
    }

    /// The largest accepted upload, in bytes.
    pub fn upload_limit(&self) -> u64 {
        self.upload_limit
    }

    fn reference(&self) -> Arc<ReferenceSnapshot> {
        self.reference.get()
    }

    fn wake_search(&self) {
        self.signal.wake();
    }
}
