//! The funding of a domestic cooperation, and whether it needs the DPRD's approval.
//!
//! PP 28/2018 Pasal 6 ayat (2) (KSDD; Pasal 19 ayat (1) applies it to KSDPK): the DPRD
//! approves when the cooperation burdens the community and the region, and/or its funding
//! is not yet budgeted in the APBD of the current budget year. Permendagri 22/2020 Pasal 12
//! (KSDD) and Pasal 34 (KSDPK) set the procedure.

use serde::{Deserialize, Serialize};

/// The article that ties the DPRD's approval to the funding.
pub const DPRD_FUNDING_ARTICLE: &str = "PP 28/2018 Pasal 6 ayat (2); Permendagri 22/2020 Pasal 12";

/// The funding recorded when a domestic case is opened.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Funding {
    /// The cooperation's APBD funding is budgeted in the current year's APBD (or it needs no
    /// APBD money at all).
    pub budgeted_in_current_apbd: bool,
    /// The cooperation burdens the community and the region (levies, commitments of
    /// regional assets, …).
    #[serde(default)]
    pub burdens_community: bool,
    /// The APBD money the cooperation needs, in rupiah.
    pub apbd_amount: Option<i64>,
    /// The budget years the cooperation's APBD funding spans.
    pub budget_years: Option<u32>,
}

impl Funding {
    /// Whether the DPRD must approve. Funding that spans more than one budget year is, for
    /// the years after this one, not yet in the current APBD (I: the article speaks of the
    /// current budget year).
    pub fn needs_dprd(&self) -> bool {
        let multi_year = self.apbd_amount.is_some_and(|a| a > 0) && self.budget_years.is_some_and(|y| y > 1);
        self.burdens_community || !self.budgeted_in_current_apbd || multi_year
    }

    /// Why the DPRD must approve or not, in Indonesian and English.
    pub fn explain(&self) -> (String, String) {
        let mut id = Vec::new();
        let mut en = Vec::new();
        if self.burdens_community {
            id.push("membebani masyarakat dan daerah");
            en.push("it burdens the community and the region");
        }
        if !self.budgeted_in_current_apbd {
            id.push("pendanaannya belum dianggarkan dalam APBD tahun berjalan");
            en.push("its funding is not yet budgeted in the current year's APBD");
        }
        if self.apbd_amount.is_some_and(|a| a > 0) && self.budget_years.is_some_and(|y| y > 1) {
            id.push("pendanaan APBD-nya melewati satu tahun anggaran");
            en.push("its APBD funding spans more than one budget year");
        }
        if id.is_empty() {
            (
                "Tidak memerlukan persetujuan DPRD: pendanaan sudah dianggarkan dalam APBD tahun berjalan dan tidak membebani masyarakat.".to_owned(),
                "No DPRD approval needed: the funding is budgeted in the current year's APBD and burdens no one.".to_owned(),
            )
        } else {
            (
                format!("Memerlukan persetujuan DPRD: {}.", id.join("; ")),
                format!("DPRD approval needed: {}.", en.join("; ")),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dprd_approves_what_is_not_budgeted_burdens_or_spans_years() {
        let budgeted = Funding {
            budgeted_in_current_apbd: true,
            apbd_amount: Some(500_000_000),
            budget_years: Some(1),
            ..Default::default()
        };
        assert!(!budgeted.needs_dprd());
        assert!(budgeted.explain().1.starts_with("No DPRD"));
        assert!(
            Funding {
                budgeted_in_current_apbd: false,
                ..budgeted.clone()
            }
            .needs_dprd()
        );
        assert!(
            Funding {
                budget_years: Some(3),
                ..budgeted.clone()
            }
            .needs_dprd()
        );
        let burden = Funding {
            burdens_community: true,
            ..budgeted
        };
        assert!(burden.needs_dprd());
        assert!(burden.explain().1.contains("burdens the community"));
    }
}
