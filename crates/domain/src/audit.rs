//! The tamper-evident audit trail. Every change writes an event in the same transaction;
//! each event carries the hash of the previous one, so altering or removing a row breaks
//! the chain at that point (`jalin audit verify`).

use crate::codes::RegionCode;
use crate::role::Role;
use serde::Serialize;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Stable action codes of audit events.
pub mod codes {
    pub const AGREEMENT_CREATED: &str = "agreement.created";
    pub const AGREEMENT_UPDATED: &str = "agreement.updated";
    pub const AGREEMENT_EXPIRED: &str = "agreement.expired";
    pub const AGREEMENTS_IMPORTED: &str = "agreements.imported";
    pub const PARTNER_CREATED: &str = "partner.created";
    pub const CASE_OPENED: &str = "case.opened";
    pub const CASE_TRANSITIONED: &str = "case.transitioned";
    pub const CASE_DECIDED: &str = "case.decided";
    pub const REFERENCE_LOADED: &str = "reference.loaded";
    pub const USER_CREATED: &str = "user.created";
    pub const USER_GRANTED: &str = "user.granted";
    pub const USER_REVOKED: &str = "user.revoked";
    pub const USER_PASSWORD_SET: &str = "user.password_set";
    pub const PASSWORD_RESET_REQUESTED: &str = "user.password_reset_requested";
    pub const USER_INVITED: &str = "user.invited";
    pub const TOKEN_CREATED: &str = "token.created";
    pub const TOKEN_REVOKED: &str = "token.revoked";
    pub const CALENDAR_FEED_CREATED: &str = "calendar_feed.created";
    pub const CALENDAR_FEED_REVOKED: &str = "calendar_feed.revoked";
    pub const LOGIN: &str = "auth.login";
    pub const LOGIN_FAILED: &str = "auth.login_failed";
    pub const LOGOUT: &str = "auth.logout";
    pub const DOCUMENT_UPLOADED: &str = "document.uploaded";
    pub const ACTIVITY_RECORDED: &str = "activity.recorded";
    pub const SDG_SUGGESTION_CONFIRMED: &str = "sdg_suggestion.confirmed";
    pub const SDG_SUGGESTION_REJECTED: &str = "sdg_suggestion.rejected";
    pub const PARTNERSHIPS_IMPORTED: &str = "partnerships.imported";
    pub const OFFER_PUBLISHED: &str = "offer.published";
    pub const OFFER_CLOSED: &str = "offer.closed";
    pub const NEED_PUBLISHED: &str = "need.published";
    pub const NEED_CLOSED: &str = "need.closed";
    pub const OPPORTUNITY_NOTIFIED: &str = "opportunity.notified";
    pub const EVALUATION_OPENED: &str = "evaluation.opened";
    pub const EVALUATION_FILED: &str = "evaluation.filed";
    pub const EVALUATION_GUEST_INVITED: &str = "evaluation.guest_invited";
    pub const REVIVAL_TAKEN: &str = "revival.taken";
    pub const REPORT_DRAFTED: &str = "report.drafted";
    pub const REPORT_EDITED: &str = "report.edited";
    pub const REPORT_SUBMITTED: &str = "report.submitted";
    pub const REPORT_REVIEWED: &str = "report.reviewed";
    pub const VISIT_RECORDED: &str = "visit.recorded";
    pub const PLAN_ITEM_CREATED: &str = "plan_item.created";
    pub const PLAN_ITEM_UPDATED: &str = "plan_item.updated";
    pub const PLAN_ITEM_DELETED: &str = "plan_item.deleted";
    pub const EVIDENCE_ADDED: &str = "activity.evidence_added";
    pub const TRAVEL_RECORDED: &str = "travel.recorded";
    pub const TRAVEL_PERMIT_UPDATED: &str = "travel.permit_updated";
    pub const TRIP_REPORT_FILED: &str = "travel.report_filed";
    pub const AGREEMENT_VERIFIED: &str = "agreement.verified";
    pub const AGREEMENT_REJECTED: &str = "agreement.rejected";
    pub const AGREEMENT_DOCUMENT_ADDED: &str = "agreement.document_added";
    pub const NOTICE_SETTINGS_CHANGED: &str = "notice_settings.changed";
    pub const NOTICE_UNSUBSCRIBED: &str = "notice_settings.unsubscribed";
}

/// An audit event about to be appended (the store assigns its number and hashes).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewAuditEvent {
    pub at: OffsetDateTime,
    pub actor: String,
    pub role: Role,
    pub action: &'static str,
    pub target_type: &'static str,
    pub target_id: String,
    /// The region the target belongs to, so regional roles can read their own trail.
    pub region_code: Option<RegionCode>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub request_id: String,
}

/// A stored audit event.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEvent {
    pub seq: i64,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: OffsetDateTime,
    pub actor: String,
    pub role: Role,
    pub action: String,
    pub target_type: String,
    pub target_id: String,
    pub region_code: Option<RegionCode>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub before: Option<serde_json::Value>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub after: Option<serde_json::Value>,
    pub request_id: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The hash that links the first event to nothing.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Serialize)]
struct Canonical<'a> {
    prev: &'a str,
    seq: i64,
    at: String,
    actor: &'a str,
    role: &'a str,
    action: &'a str,
    target_type: &'a str,
    target_id: &'a str,
    region: Option<&'a str>,
    before: &'a Option<serde_json::Value>,
    after: &'a Option<serde_json::Value>,
    request_id: &'a str,
}

/// The hash of an event's content chained to the previous hash.
#[allow(clippy::too_many_arguments)]
pub fn chain_hash(
    prev: &str,
    seq: i64,
    at: OffsetDateTime,
    actor: &str,
    role: Role,
    action: &str,
    target_type: &str,
    target_id: &str,
    region: Option<&RegionCode>,
    before: &Option<serde_json::Value>,
    after: &Option<serde_json::Value>,
    request_id: &str,
) -> String {
    let canonical = Canonical {
        prev,
        seq,
        at: at.to_offset(time::UtcOffset::UTC).format(&Rfc3339).unwrap_or_default(),
        actor,
        role: role.as_str(),
        action,
        target_type,
        target_id,
        region: region.map(|r| r.as_str()),
        before,
        after,
        request_id,
    };
    let bytes = serde_json::to_vec(&canonical).unwrap_or_default();
    Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect()
}

impl AuditEvent {
    /// Recomputes this event's hash from its content and the given previous hash.
    pub fn expected_hash(&self, prev: &str) -> String {
        chain_hash(
            prev,
            self.seq,
            self.at,
            &self.actor,
            self.role,
            &self.action,
            &self.target_type,
            &self.target_id,
            self.region_code.as_ref(),
            &self.before,
            &self.after,
            &self.request_id,
        )
    }
}

/// The first event whose link is broken, with what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BrokenLink {
    pub seq: i64,
    pub reason: String,
}

/// Checks a whole chain in sequence order.
pub fn verify(events: &[AuditEvent]) -> Result<usize, BrokenLink> {
    verify_from(events, GENESIS, 1)
}

/// Checks a stretch of the chain that starts at `first_seq`, after an event hashed `prev`.
pub fn verify_from(events: &[AuditEvent], prev: &str, first_seq: i64) -> Result<usize, BrokenLink> {
    let mut prev = prev.to_owned();
    for (expected_seq, e) in (first_seq..).zip(events) {
        if e.seq != expected_seq {
            return Err(BrokenLink {
                seq: expected_seq,
                reason: format!("event {expected_seq} is missing (next stored event is {})", e.seq),
            });
        }
        if e.prev_hash != prev {
            return Err(BrokenLink {
                seq: e.seq,
                reason: "its link to the previous event does not match".to_owned(),
            });
        }
        let expected = e.expected_hash(&prev);
        if e.hash != expected {
            return Err(BrokenLink {
                seq: e.seq,
                reason: "its content was changed after it was written".to_owned(),
            });
        }
        prev = e.hash.clone();
    }
    Ok(events.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(seq: i64, prev: &str) -> AuditEvent {
        let at = time::macros::datetime!(2026-11-28 03:00 UTC);
        let after = Some(serde_json::json!({"status": "in_force"}));
        let hash = chain_hash(
            prev,
            seq,
            at,
            "user:a",
            Role::RegionalOfficer,
            "case.opened",
            "case",
            "c1",
            None,
            &None,
            &after,
            "r",
        );
        AuditEvent {
            seq,
            at,
            actor: "user:a".into(),
            role: Role::RegionalOfficer,
            action: "case.opened".into(),
            target_type: "case".into(),
            target_id: "c1".into(),
            region_code: None,
            before: None,
            after,
            request_id: "r".into(),
            prev_hash: prev.to_owned(),
            hash,
        }
    }

    #[test]
    fn a_chain_verifies_and_any_change_breaks_it() {
        let e1 = event(1, GENESIS);
        let e2 = event(2, &e1.hash);
        let e3 = event(3, &e2.hash);
        assert_eq!(verify(&[e1.clone(), e2.clone(), e3.clone()]), Ok(3));
        let mut tampered = e2.clone();
        tampered.actor = "user:b".into();
        assert_eq!(verify(&[e1.clone(), tampered, e3.clone()]).unwrap_err().seq, 2);
        assert_eq!(verify(&[e1.clone(), e3.clone()]).unwrap_err().seq, 2);
        let mut relinked = e3;
        relinked.prev_hash = e1.hash.clone();
        assert_eq!(verify(&[e1, e2, relinked]).unwrap_err().seq, 3);
    }
}
