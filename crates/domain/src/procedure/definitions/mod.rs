//! The procedures Jalin ships, as data, one file per procedure. Article references follow
//! legal-articles.md (Permendagri 25/2020 read in full; Permendagri 22/2020; PP 28/2018).

mod common;
mod continuation;
mod domestic;
mod foreign;
mod foreign_common;
mod ksdd;
mod ksdpk;

use super::ProcedureDef;
use crate::agreement::{Form, SubType};

pub use continuation::CONTINUATION;
pub use foreign::FOREIGN;
pub use ksdd::KSDD;
pub use ksdpk::KSDPK;

/// Every procedure Jalin knows, all versions.
pub static PROCEDURES: &[&ProcedureDef] = &[&FOREIGN, &CONTINUATION, &KSDD, &KSDPK];

/// The current procedure for a form and sub-type.
pub fn for_case(form: Form, subtype: SubType) -> Option<&'static ProcedureDef> {
    PROCEDURES.iter().copied().find(|p| p.applies(form, subtype))
}

/// A procedure by code and version.
pub fn find(code: &str, version: u32) -> Option<&'static ProcedureDef> {
    PROCEDURES
        .iter()
        .copied()
        .find(|p| p.code == code && p.version == version)
}
