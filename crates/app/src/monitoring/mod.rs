//! Monitoring: what happens to an agreement after its signature. Action plans and
//! activities (including official foreign travel, PDLN), the reports of Permendagri 25/2020
//! Pasal 35–38 and Permendagri 22/2020, monitoring-and-evaluation visits, the two-sided
//! evaluation, and each agreement's health (dormancy) with its revival prompts.
//!
//! It reads agreements through [`Registry`] (visibility and scope are the registry's) and
//! owns its own repositories. Every command starts with `authz::require`, and writes its
//! audit event in the same transaction as the change.

pub mod evaluation;
pub mod health;

pub use evaluation::{EvaluationSummary, GuestAgreement};
pub use health::{AgreementHealth, DormantList, HealthRow};
pub mod report_status;
pub mod reports;
pub mod visits;

pub use report_status::{ObligationView, ReportCounts, ReportStatusView, VisitCheck};
pub use reports::{NewReportInput, ReportEditInput, ReportQuery, ReportView, ReviewInput, SubmitInput};
pub use visits::VisitInput;

use crate::ports::blobs::BlobStore;
use crate::ports::clock::Clock;
use crate::ports::store::Store;
use crate::registry::Registry;
use crate::shared::ReferenceCache;
use jalin_domain::procedure::ProcedureConfig;
use std::sync::Arc;

/// What the monitoring service is built from.
pub struct MonitoringPorts {
    pub store: Arc<dyn Store>,
    pub clock: Arc<dyn Clock>,
    pub reference: ReferenceCache,
    pub procedure: Arc<ProcedureConfig>,
    pub blobs: Arc<dyn BlobStore>,
    pub registry: Arc<Registry>,
}

/// The monitoring context's service.
pub struct Monitoring {
    store: Arc<dyn Store>,
    #[allow(dead_code)]
    clock: Arc<dyn Clock>,
    reference: ReferenceCache,
    procedure: Arc<ProcedureConfig>,
    #[allow(dead_code)]
    blobs: Arc<dyn BlobStore>,
    registry: Arc<Registry>,
}

impl Monitoring {
    pub fn new(ports: MonitoringPorts) -> Self {
        let MonitoringPorts {
            store,
            clock,
            reference,
            procedure,
            blobs,
            registry,
        } = ports;
        Self {
            store,
            clock,
            reference,
            procedure,
            blobs,
            registry,
        }
    }
}
