//! The repository code both backends share, compiled once per backend: `sqlite/mod.rs` and
//! `postgres/mod.rs` each include this module, and the names imported below from the
//! including module (`Db` and the few dialect helpers) are what differs.

use super::{Db, FOR_UPDATE, SKIP_LOCKED, json_values, lock_partner_creation, lock_reference_load};

mod accounts;
mod agreements;
mod audit;
mod calendar;
mod cases;
mod evaluations;
mod implementation;
mod jobs;
mod notice_mail;
mod notifications;
mod opportunities;
mod partners;
mod partnerships;
mod reference;
mod reports;
mod rows;
pub(crate) mod tx;
