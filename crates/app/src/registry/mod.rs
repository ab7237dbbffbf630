//! The registry context: agreements and their partners, activities, SDG targets and
//! monitoring flags; import and export; the counts and dashboards read from the registry
//! index (ADR 0003).

pub mod agreements;
pub mod flags;
pub mod import_export;
pub mod index;
pub(crate) mod law;
pub mod partners;
pub mod records;
pub(crate) mod resolve;
pub mod sdg;
pub mod stats;
pub mod verification;

pub use agreements::*;
pub use flags::AgreementFlags;
pub use import_export::*;
pub use index::{FacetKey, FacetKind, RegistryIndex};
pub use partners::*;
pub use sdg::*;
pub use stats::*;
pub use verification::VerificationInput;

use crate::ports::sdg::SdgSuggester;
use crate::ports::store::Store;
use crate::reference::ReferenceSnapshot;
use crate::shared::{IndexerSignal, ReferenceCache};
use jalin_domain::procedure::ProcedureConfig;
use std::sync::Arc;

/// The ports and shared handles the registry works with.
pub struct RegistryPorts {
    pub store: Arc<dyn Store>,
    pub reference: ReferenceCache,
    pub index: Arc<RegistryIndex>,
    pub signal: IndexerSignal,
    /// For the dormancy threshold of the monitoring flags.
    pub procedure: Arc<ProcedureConfig>,
    pub sdg: Option<Arc<dyn SdgSuggester>>,
    /// Where attached documents' bytes go (the signed text of a registry record).
    pub blobs: Arc<dyn crate::ports::blobs::BlobStore>,
    pub upload_limit: u64,
}

pub struct Registry {
    store: Arc<dyn Store>,
    reference: ReferenceCache,
    index: Arc<RegistryIndex>,
    signal: IndexerSignal,
    procedure: Arc<ProcedureConfig>,
    sdg: Option<Arc<dyn SdgSuggester>>,
    blobs: Arc<dyn crate::ports::blobs::BlobStore>,
    upload_limit: u64,
}

impl Registry {
    pub fn new(ports: RegistryPorts) -> Self {
        let RegistryPorts {
            store,
            reference,
            index,
            signal,
            procedure,
            sdg,
            blobs,
            upload_limit,
        } = ports;
        Self {
            store,
            reference,
            index,
            signal,
            procedure,
            sdg,
            blobs,
            upload_limit,
        }
    }

    fn reference(&self) -> Arc<ReferenceSnapshot> {
        self.reference.get()
    }

    fn wake_search(&self) {
        self.signal.wake();
    }
}
