//! Raising an alert and giving it to its recipients, in the caller's transaction: the
//! alert's dedup key makes the event happen once, and the (recipient, alert) key makes each
//! inbox row happen once, whichever node or run raised it.

use crate::AppResult;
use crate::ports::store::{Recipients, Tx};
use jalin_domain::case::Alert;
use jalin_domain::ids::UserId;
use jalin_domain::notification::NotificationKind;
use jalin_domain::procedure::Holder;
use jalin_domain::role::Role;

/// Who hears of an alert by default: the region's officers and approvers and its province's
/// officers; Kemendagri too for the kinds it follows when the cooperation is foreign.
pub fn recipients_of(alert: &Alert, foreign: bool) -> Recipients {
    let kind = NotificationKind::of_alert_code(&alert.code);
    Recipients {
        region: alert.region_code.clone(),
        province: alert.region_code.as_ref().map(|r| r.province()),
        roles: if foreign && kind.concerns_kemendagri() {
            vec![Role::KemendagriReviewer]
        } else {
            Vec::new()
        },
        users: Vec::new(),
    }
}

/// The office that now holds a case, as recipients; `initiator` is told when the ball
/// comes back to the region.
pub fn recipients_holding(holder: Holder, alert: &Alert, initiator: Option<UserId>) -> Recipients {
    let region = alert.region_code.clone();
    match holder {
        Holder::Region | Holder::Dprd => Recipients {
            region,
            users: initiator.into_iter().collect(),
            ..Default::default()
        },
        Holder::Governor => Recipients {
            province: region.map(|r| r.province()),
            ..Default::default()
        },
        Holder::Kemendagri => Recipients {
            roles: vec![Role::KemendagriReviewer],
            ..Default::default()
        },
        Holder::Kemlu => Recipients {
            roles: vec![Role::KemluReviewer],
            ..Default::default()
        },
        Holder::Partner | Holder::Nobody => Recipients::default(),
    }
}

/// Stores the alert unless its key exists and gives it to `to`; true when the alert was new.
pub async fn raise_to(tx: &mut dyn Tx, alert: &Alert, dedup_key: &str, to: &Recipients) -> AppResult<bool> {
    let new = tx.cases().raise_alert(alert, dedup_key).await?;
    if new {
        let kind = NotificationKind::of_alert_code(&alert.code);
        let delivered = tx.notifications().deliver(dedup_key, kind, to, alert.raised_at).await?;
        if delivered > 0 {
            // The outbox: mail leaves only if this transaction commits.
            tx.jobs()
                .enqueue(super::MAIL_NOTICE_JOB, dedup_key, alert.raised_at)
                .await?;
        }
        tracing::debug!(code = %alert.code, delivered, "alert raised");
    }
    Ok(new)
}

/// [`raise_to`] the default recipients ([`recipients_of`]).
pub async fn raise(tx: &mut dyn Tx, alert: &Alert, dedup_key: &str, foreign: bool) -> AppResult<bool> {
    raise_to(tx, alert, dedup_key, &recipients_of(alert, foreign)).await
}
