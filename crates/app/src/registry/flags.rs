//! Monitoring flags derived from an agreement and its recorded activity: expiring,
//! extension deadline, dormant, renewal of an open-ended text due.

use super::Registry;
use crate::AppResult;
use jalin_domain::agreement::{Agreement, AgreementStatus};
use jalin_domain::calendar::add_months;
use jalin_domain::ids::AgreementId;
use serde::Serialize;
use time::Date;

/// Derived monitoring flags of an agreement.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgreementFlags {
    /// In force and ending within 180 days (*akan berakhir*).
    pub expiring: bool,
    pub days_to_expiry: Option<i64>,
    /// The last day to request an extension (6 months before expiry).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub extension_deadline: Option<Date>,
    /// In force without recorded activity for the configured number of months (*dorman*).
    pub dormant: bool,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub last_activity: Option<Date>,
    /// A legacy agreement without an end date whose text should be renewed (Permendagri
    /// 25/2020 Pasal 42 huruf b).
    pub renewal_of_text_due: bool,
}

/// Days before expiry within which an agreement in force counts as expiring.
pub const EXPIRING_WITHIN_DAYS: i64 = 180;

impl Registry {
    /// The monitoring flags of agreements (one per agreement, same order).
    pub async fn agreement_flags(&self, agreements: &[Agreement], today: Date) -> AppResult<Vec<AgreementFlags>> {
        let ids: Vec<AgreementId> = agreements.iter().map(|a| a.id).collect();
        let mut tx = self.store.read().await?;
        let last: std::collections::HashMap<AgreementId, Date> =
            tx.cases().last_activities(&ids).await?.into_iter().collect();
        let dormant_after = self.procedure.dormant_months;
        Ok(agreements
            .iter()
            .map(|a| {
                let in_force = a.status == AgreementStatus::InForce;
                let days = a.expires_on.map(|e| (e - today).whole_days());
                let last_activity = last.get(&a.id).copied();
                AgreementFlags {
                    expiring: in_force && days.is_some_and(|d| (0..=EXPIRING_WITHIN_DAYS).contains(&d)),
                    days_to_expiry: if in_force { days } else { None },
                    extension_deadline: if in_force {
                        a.expires_on.map(|e| add_months(e, -6))
                    } else {
                        None
                    },
                    // One definition of dormancy, shared with the health score.
                    dormant: jalin_domain::monitoring::health::is_dormant(
                        in_force,
                        last_activity,
                        a.effective_on,
                        a.signed_on,
                        dormant_after,
                        today,
                    ),
                    last_activity,
                    renewal_of_text_due: in_force && a.open_ended,
                }
            })
            .collect())
    }
}
