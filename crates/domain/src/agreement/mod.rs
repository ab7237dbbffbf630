//! Cooperation agreements: their form, document tier, parties, objects, fields, SDG tags,
//! dates, legal basis and status, and the rules that keep them consistent.

mod input;
mod kinds;
mod law;
mod parse;
mod party;
mod record;

pub use input::{AgreementDraft, AgreementInput, ApprovalRefs};
pub use kinds::{AgreementStatus, DocumentTier, Form, LegalObject, SubType};
pub use law::{
    Approval, RULES_2020_FOREIGN, VerificationStatus, check_diplomatic_relations, missing_approvals,
    verification_after_change,
};
pub use party::{PartyInput, PartyRef, check_parties};
pub use record::{Agreement, Party};
