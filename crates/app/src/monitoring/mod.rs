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

mod activities;
mod dormancy;
mod plans;
mod travel;

pub use activities::Implementation;
pub use travel::TravelView;

use crate::authz::Grant;
use crate::ports::blobs::BlobStore;
use crate::ports::clock::Clock;
use crate::ports::store::Store;
use crate::ports::store::Tx;
use crate::registry::Registry;
use crate::shared::ReferenceCache;
use crate::{AppError, AppResult};
use jalin_domain::agreement::Agreement;
use jalin_domain::ids::AgreementId;
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
    clock: Arc<dyn Clock>,
    reference: ReferenceCache,
    procedure: Arc<ProcedureConfig>,
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

impl Monitoring {
    /// The agreement to change, read in the write transaction: visible to the actor (else
    /// not found) and within the grant's scope (else forbidden).
    async fn agreement_in_scope(&self, tx: &mut dyn Tx, grant: &Grant, id: &str) -> AppResult<Agreement> {
        let agreement_id: AgreementId = id.parse().map_err(|_| AppError::NotFound(format!("agreement {id}")))?;
        let agreement = tx
            .agreements()
            .get(agreement_id)
            .await?
            .filter(|a| grant.registry_visibility().shows(a.status, a.region_codes()))
            .ok_or_else(|| AppError::NotFound(format!("agreement {id}")))?;
        grant.check(grant.covers_agreement(&agreement), "this agreement")?;
        Ok(agreement)
    }
}

/// A record id from a path: not found when it does not parse.
fn record_id(what: &str, id: &str) -> AppResult<uuid::Uuid> {
    uuid::Uuid::parse_str(id.trim()).map_err(|_| AppError::NotFound(format!("{what} {id}")))
}
