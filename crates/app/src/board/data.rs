//! What the board knows of every region: its profile for the matching, built from the
//! reference data, open needs, the registry index and known partnerships.

use super::Board;
use crate::AppResult;
use crate::ports::store::{AgreementFilter, NeedFilter, Page, Visibility};
use crate::reference::ReferenceSnapshot;
use crate::registry::index::{FacetKey, FacetKind, IndexState};
use jalin_domain::agreement::{AgreementStatus, Form};
use jalin_domain::codes::{CountryCode, RegionCode, UrusanCode};
use jalin_domain::opportunity::{Need, OpportunityStatus};
use jalin_domain::reference::{Region, RegionType};
use jalin_matching::board::RegionProfile;
use std::collections::{BTreeMap, BTreeSet};

/// What the board knows of every region, owned (profiles borrow from it).
pub(super) struct BoardData {
    pub(super) regions: Vec<Region>,
    needs: Vec<Need>,
    fields: BTreeMap<RegionCode, BTreeSet<UrusanCode>>,
    goals: BTreeMap<RegionCode, BTreeSet<u8>>,
    pub(super) foreign: BTreeSet<RegionCode>,
    countries: BTreeMap<RegionCode, BTreeSet<CountryCode>>,
}

impl BoardData {
    pub(super) fn profile<'a>(&'a self, region: &'a Region) -> RegionProfile<'a> {
        RegionProfile {
            region,
            needs: self.needs.iter().filter(|n| n.region_code == region.code).collect(),
            agreement_fields: self.fields.get(&region.code).cloned().unwrap_or_default(),
            agreement_goals: self.goals.get(&region.code).cloned().unwrap_or_default(),
            has_foreign_cooperation: self.foreign.contains(&region.code),
            partner_countries: self.countries.get(&region.code).cloned().unwrap_or_default(),
        }
    }

    pub(super) fn profiles(&self) -> Vec<RegionProfile<'_>> {
        self.regions.iter().map(|r| self.profile(r)).collect()
    }
}

impl Board {
    /// The board's view of the regions: open needs, the fields, goals and partner countries
    /// of their signed agreements (from the registry index) and known partnerships.
    pub(super) async fn board_data(&self, only: Option<&RegionCode>) -> AppResult<BoardData> {
        let reference = self.reference();
        let regions = board_regions(&reference, only);
        let mut tx = self.store.read().await?;
        let needs = tx
            .opportunities()
            .needs(
                &NeedFilter {
                    status: Some(OpportunityStatus::Open),
                    region: only.cloned(),
                    ..NeedFilter::default()
                },
                Page::all(),
            )
            .await?
            .items;
        let known = tx.partnerships().list(only).await?;
        let mut data = BoardData {
            regions,
            needs,
            fields: BTreeMap::new(),
            goals: BTreeMap::new(),
            foreign: BTreeSet::new(),
            countries: BTreeMap::new(),
        };
        for k in known {
            data.foreign.insert(k.region_code.clone());
            data.countries.entry(k.region_code).or_default().insert(k.country_iso2);
        }
        let index = self.index.fresh(tx.as_mut()).await?;
        add_signed_agreements(&mut data, &index);
        Ok(data)
    }
}

/// The autonomous regions (or just `only`). Border and outermost-island flags are
/// recorded for kabupaten/kota; a province has them through the kabupaten/kota inside it
/// (Kalimantan Barat borders Malaysia).
fn board_regions(reference: &ReferenceSnapshot, only: Option<&RegionCode>) -> Vec<Region> {
    let mut regions: Vec<Region> = reference
        .regions
        .values()
        .filter(|r| r.is_autonomous() && only.is_none_or(|o| *o == r.code))
        .cloned()
        .collect();
    for province in regions.iter_mut().filter(|r| r.region_type == RegionType::Provinsi) {
        for inner in reference
            .regions
            .values()
            .filter(|r| r.province_code == province.code && r.region_type != RegionType::Provinsi)
        {
            for country in &inner.land_border_countries {
                if !province.land_border_countries.contains(country) {
                    province.land_border_countries.push(country.clone());
                }
            }
            province.outermost_small_islands += inner.outermost_small_islands;
        }
        province.land_border_countries.sort();
    }
    regions
}

/// Adds to each region the fields, goals and foreign partner countries of its signed
/// agreements, and marks the regions with foreign cooperation in force.
fn add_signed_agreements(data: &mut BoardData, index: &IndexState) {
    let signed = index.matching(&AgreementFilter {
        visibility: Visibility::Public,
        ..AgreementFilter::default()
    });
    let in_force_foreign = {
        let mut s = index.matching(&AgreementFilter {
            form: Some(Form::Ksdpl),
            status: Some(AgreementStatus::InForce),
            ..AgreementFilter::default()
        });
        s |= index.matching(&AgreementFilter {
            form: Some(Form::Ksdll),
            status: Some(AgreementStatus::InForce),
            ..AgreementFilter::default()
        });
        s
    };
    for region in &data.regions {
        let of_region = index.matching(&AgreementFilter {
            region: Some(region.code.clone()),
            ..AgreementFilter::default()
        });
        let mine = &of_region & &signed;
        if mine.is_empty() {
            continue;
        }
        let fields: BTreeSet<UrusanCode> = index
            .counts(&mine, FacetKind::Field)
            .into_iter()
            .filter_map(|(k, _)| match k {
                FacetKey::Field(f) => Some(f),
                _ => None,
            })
            .collect();
        let goals: BTreeSet<u8> = index
            .counts(&mine, FacetKind::SdgGoal)
            .into_iter()
            .filter_map(|(k, _)| match k {
                FacetKey::SdgGoal(g) => Some(g),
                _ => None,
            })
            .collect();
        let countries: BTreeSet<CountryCode> = index
            .counts(&mine, FacetKind::Country)
            .into_iter()
            .filter_map(|(k, _)| match k {
                FacetKey::Country(c) if !c.is_indonesia() => Some(c),
                _ => None,
            })
            .collect();
        if !(&of_region & &in_force_foreign).is_empty() {
            data.foreign.insert(region.code.clone());
        }
        data.fields.insert(region.code.clone(), fields);
        data.goals.insert(region.code.clone(), goals);
        data.countries.entry(region.code.clone()).or_default().extend(countries);
    }
}
