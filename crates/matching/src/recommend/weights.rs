//! The signal weights (data, loaded from TOML or JSON) and their compiled form for the
//! hot loop.

use super::signals::NSIG;
use serde::{Deserialize, Serialize};

/// Signal weights and the shapes of the similarity functions. Everything is data: load it
/// from TOML or JSON (missing keys keep their defaults, unknown keys are an error).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Weights {
    /// Equal administrative level (P7): province ↔ first-level subdivision, kabupaten/kota ↔ city.
    pub level: f64,
    /// Population similarity (log ratio).
    pub population: f64,
    /// Area similarity (log ratio), where both areas are known.
    pub area: f64,
    /// Latitude band and latitude difference (a proxy for climate).
    pub climate: f64,
    /// Geographic proximity.
    pub proximity: f64,
    /// Partnerships already recorded between the query's country and the candidate's.
    pub country_pair: f64,
    /// Partnerships the candidate's country has in the network overall.
    pub country_activity: f64,
    /// The candidate's first-level division hosts partners of the query or of places near it.
    pub region_affinity: f64,
    /// The candidate partners one of the query's partners.
    pub partners_of_partners: f64,
    /// The candidate partners a place that shares a partner with the query.
    pub co_partners: f64,
    /// The candidate partners a place similar to the query (same country, near, similar size).
    pub similar_places: f64,
    /// The candidate already has partnerships.
    pub partner_activity: f64,
    /// Share of the wished fields (*urusan*) found in the candidate's existing agreements.
    pub fields: f64,
    /// Share of the wished SDG goals found in the candidate's existing agreements.
    pub sdgs: f64,
    /// Opportunity-board priority for a 3T (border, outermost or underdeveloped) region.
    pub boost_3t: f64,
    /// Opportunity-board priority for a region without any foreign cooperation.
    pub boost_no_cooperation: f64,
    /// A population this many times larger or smaller scores ½.
    pub population_ratio_scale: f64,
    /// An area this many times larger or smaller scores ½.
    pub area_ratio_scale: f64,
    /// A latitude difference of this many degrees scores ½ (of the latitude half).
    pub latitude_scale_deg: f64,
    /// A candidate this far away scores ½ on proximity.
    pub proximity_scale_km: f64,
    /// A place this far from the query counts ½ as a "similar place".
    pub neighbour_scale_km: f64,
    /// How many similar places to draw partners from.
    pub neighbours: usize,
    /// Network signals are `raw / (raw + saturation)`.
    pub network_saturation: f64,
    /// Region affinity is `raw / (raw + saturation)`.
    pub region_saturation: f64,
}

impl Default for Weights {
    /// Tuned by hand on the world twin-town graph (5 folds, seed 7, 600 queries per fold);
    /// see `docs/matching.md`.
    fn default() -> Self {
        Self {
            level: 1.0,
            population: 0.35,
            area: 0.2,
            climate: 0.1,
            proximity: 0.4,
            country_pair: 0.9,
            country_activity: 0.1,
            region_affinity: 0.6,
            partners_of_partners: 3.0,
            co_partners: 2.0,
            similar_places: 0.3,
            partner_activity: 0.5,
            fields: 0.5,
            sdgs: 0.3,
            boost_3t: 1.0,
            boost_no_cooperation: 1.0,
            population_ratio_scale: 3.0,
            area_ratio_scale: 3.0,
            latitude_scale_deg: 10.0,
            proximity_scale_km: 1000.0,
            neighbour_scale_km: 100.0,
            neighbours: 30,
            network_saturation: 1.0,
            region_saturation: 2.0,
        }
    }
}

/// Weights as used in the hot loop.
#[derive(Debug, Clone, Copy)]
pub(super) struct Compiled {
    pub(super) w: [f32; NSIG],
    pub(super) ln_pop_scale: f32,
    pub(super) ln_area_scale: f32,
    pub(super) lat_scale: f32,
    pub(super) prox_scale: f32,
    pub(super) neighbour_scale: f32,
    pub(super) neighbours: usize,
    pub(super) net_sat: f32,
    pub(super) region_sat: f32,
}

impl Compiled {
    pub(super) fn new(w: &Weights) -> Self {
        let ln_scale = |r: f64| (r.max(1.0001)).ln() as f32;
        Self {
            w: [
                w.level as f32,
                w.population as f32,
                w.area as f32,
                w.climate as f32,
                w.proximity as f32,
                w.country_pair as f32,
                w.country_activity as f32,
                w.region_affinity as f32,
                w.partners_of_partners as f32,
                w.co_partners as f32,
                w.similar_places as f32,
                w.partner_activity as f32,
                w.fields as f32,
                w.sdgs as f32,
            ],
            ln_pop_scale: ln_scale(w.population_ratio_scale),
            ln_area_scale: ln_scale(w.area_ratio_scale),
            lat_scale: w.latitude_scale_deg.max(1e-3) as f32,
            prox_scale: w.proximity_scale_km.max(1e-3) as f32,
            neighbour_scale: w.neighbour_scale_km.max(1e-3) as f32,
            neighbours: w.neighbours,
            net_sat: w.network_saturation.max(1e-6) as f32,
            region_sat: w.region_saturation.max(1e-6) as f32,
        }
    }
}
