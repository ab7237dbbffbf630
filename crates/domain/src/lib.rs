//! Jalin's domain: the vocabulary of Indonesian regional cooperation (*kerja sama daerah*)
//! as plain Rust types and pure rules. Nothing here performs I/O; every other crate
//! depends on this one and this one depends on no other Jalin crate.

pub mod account;
pub mod agreement;
pub mod audit;
pub mod authz;
pub mod calendar;
pub mod case;
mod code_enum;
pub mod codes;
pub mod documents;
pub mod eligibility;
pub mod error;
pub mod files;
pub mod ids;
pub mod legal_basis;
pub mod monitoring;
pub mod notice_mail;
pub mod notification;
pub mod opportunity;
pub mod partner;
pub mod partnership;
pub mod procedure;
pub mod reference;
pub mod rng;
pub mod role;
pub mod text;
pub mod timezone;

pub use error::{FieldError, FieldErrors};
