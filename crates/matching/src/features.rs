//! Place features and the similarity functions the recommender is built from.
//!
//! Every similarity is a number in `[0, 1]`; 1 means "the same". They are computed in
//! `f32` because the recommender evaluates them for ~69,000 candidates per query.

use jalin_domain::partner::ForeignLevel;
use jalin_domain::reference::RegionType;
use serde::{Deserialize, Serialize};

/// Mean Earth radius in kilometres.
pub const EARTH_RADIUS_KM: f64 = 6371.0;

/// The level of government a place stands for, for the equal-status rule (PP 28/2018
/// Pasal 27, requirement P7): an Indonesian province matches a foreign first-level
/// subdivision (state, province, prefecture, region); a kabupaten or kota matches a
/// city or other local government.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    FirstLevel,
    Local,
}

impl Level {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::FirstLevel => "first_level",
            Self::Local => "local",
        }
    }

    pub fn of_region(t: RegionType) -> Self {
        match t {
            RegionType::Provinsi => Self::FirstLevel,
            RegionType::Kabupaten | RegionType::Kota => Self::Local,
        }
    }

    /// The level of a stored foreign partner; `Other` has none.
    pub fn of_foreign(level: ForeignLevel) -> Option<Self> {
        match level {
            ForeignLevel::FirstLevel => Some(Self::FirstLevel),
            ForeignLevel::Local => Some(Self::Local),
            ForeignLevel::Other => None,
        }
    }
}

/// A latitude band, a rough stand-in for climate (no climate data is available).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClimateBand {
    /// |latitude| < 23.44° (between the tropics).
    Tropical,
    /// 23.44° – 35°.
    Subtropical,
    /// 35° – 55°.
    Temperate,
    /// 55° – 66.56°.
    Subpolar,
    /// ≥ 66.56° (beyond the polar circles).
    Polar,
}

impl ClimateBand {
    pub fn of_latitude(lat: f64) -> Self {
        let a = lat.abs();
        if a < 23.44 {
            Self::Tropical
        } else if a < 35.0 {
            Self::Subtropical
        } else if a < 55.0 {
            Self::Temperate
        } else if a < 66.56 {
            Self::Subpolar
        } else {
            Self::Polar
        }
    }

    pub fn name_id(&self) -> &'static str {
        match self {
            Self::Tropical => "tropis",
            Self::Subtropical => "subtropis",
            Self::Temperate => "beriklim sedang",
            Self::Subpolar => "subkutub",
            Self::Polar => "kutub",
        }
    }

    pub fn name_en(&self) -> &'static str {
        match self {
            Self::Tropical => "tropical",
            Self::Subtropical => "subtropical",
            Self::Temperate => "temperate",
            Self::Subpolar => "subpolar",
            Self::Polar => "polar",
        }
    }
}

/// `1 / (1 + (d / scale)²)`: 1 at `d = 0`, ½ at `d = scale`, → 0 far away. Cheaper than
/// an exponential and with a heavier tail, so distant values still order correctly.
#[inline]
pub fn kernel(d: f32, scale: f32) -> f32 {
    let x = d / scale;
    1.0 / (1.0 + x * x)
}

/// Similarity of two positive magnitudes (population, area) from the natural logs of
/// both: `kernel(|ln a − ln b|, ln ratio_scale)`. With `ratio_scale = 3`, a place three
/// times as large scores ½. `NaN` (unknown) on either side gives 0.
#[inline]
pub fn log_ratio_similarity(ln_a: f32, ln_b: f32, ln_ratio_scale: f32) -> f32 {
    let d = (ln_a - ln_b).abs();
    if d.is_nan() { 0.0 } else { kernel(d, ln_ratio_scale) }
}

/// Climate similarity from two latitudes: half for the same [`ClimateBand`], half from
/// the difference of absolute latitudes (`kernel(|Δ|lat||, scale_deg)`). Northern and
/// southern hemispheres count alike. `NaN` on either side gives 0.
#[inline]
pub fn climate_similarity(abs_lat_a: f32, band_a: u8, abs_lat_b: f32, band_b: u8, scale_deg: f32) -> f32 {
    let d = (abs_lat_a - abs_lat_b).abs();
    if d.is_nan() {
        return 0.0;
    }
    let same = if band_a == band_b { 0.5 } else { 0.0 };
    same + 0.5 * kernel(d, scale_deg)
}

/// The unit vector of a point on the sphere, for cheap distances (a dot product).
pub fn unit_vector(lat_deg: f64, lon_deg: f64) -> [f32; 3] {
    let (la, lo) = (lat_deg.to_radians(), lon_deg.to_radians());
    [
        (la.cos() * lo.cos()) as f32,
        (la.cos() * lo.sin()) as f32,
        la.sin() as f32,
    ]
}

/// Straight-line (chord) distance in km between two unit vectors; close to the
/// great-circle distance below ~2,000 km and always smaller beyond.
#[inline]
pub fn chord_km(a: &[f32; 3], b: &[f32; 3]) -> f32 {
    let (dx, dy, dz) = (a[0] - b[0], a[1] - b[1], a[2] - b[2]);
    (dx * dx + dy * dy + dz * dz).sqrt() * EARTH_RADIUS_KM as f32
}

/// Great-circle distance in km (haversine), for display.
pub fn great_circle_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

/// `ln(x)` for a known positive magnitude, `NaN` otherwise (the recommender's "unknown").
pub fn ln_or_nan(x: Option<f64>) -> f32 {
    match x {
        Some(v) if v > 0.0 && v.is_finite() => v.ln() as f32,
        _ => f32::NAN,
    }
}

/// Items as a comma-separated list: "1.01, 2.05" (the same in both languages).
pub(crate) fn comma_list<T: ToString>(items: impl IntoIterator<Item = T>) -> String {
    items.into_iter().map(|i| i.to_string()).collect::<Vec<_>>().join(", ")
}

/// A population as Indonesian and English text: "2,5 juta" / "2.5 million".
pub fn format_population(p: i64) -> (String, String) {
    let p = p.max(0) as f64;
    if p >= 1_000_000.0 {
        let m = p / 1_000_000.0;
        let en = if m >= 10.0 {
            format!("{m:.0}")
        } else {
            format!("{m:.1}")
        };
        (format!("{} juta", en.replace('.', ",")), format!("{en} million"))
    } else if p >= 1_000.0 {
        let k = (p / 1_000.0).round();
        (format!("{k:.0} ribu"), format!("{k:.0} thousand"))
    } else {
        (format!("{p:.0}"), format!("{p:.0}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similarities_are_bounded_and_peak_at_equality() {
        let ln3 = 3f32.ln();
        assert_eq!(log_ratio_similarity(10.0, 10.0, ln3), 1.0);
        let half = log_ratio_similarity(300_000f32.ln(), 100_000f32.ln(), ln3);
        assert!((half - 0.5).abs() < 1e-5, "{half}");
        assert_eq!(log_ratio_similarity(f32::NAN, 10.0, ln3), 0.0);
        assert_eq!(climate_similarity(5.0, 0, 5.0, 0, 10.0), 1.0);
        assert!(climate_similarity(5.0, 0, 50.0, 2, 10.0) < 0.05);
        assert_eq!(climate_similarity(f32::NAN, 0, 5.0, 0, 10.0), 0.0);
    }

    #[test]
    fn bands_and_distances() {
        assert_eq!(ClimateBand::of_latitude(-6.9), ClimateBand::Tropical);
        assert_eq!(ClimateBand::of_latitude(52.3), ClimateBand::Temperate);
        assert_eq!(ClimateBand::of_latitude(-33.9), ClimateBand::Subtropical);
        // Bandung – Braunschweig, about 11,200 km along the surface.
        let gc = great_circle_km(-6.9147, 107.6098, 52.2659, 10.5267);
        assert!((gc - 11_200.0).abs() < 200.0, "{gc}");
        // Short distances: the chord is within 0.1 % of the arc.
        let (a, b) = (unit_vector(52.52, 13.40), unit_vector(52.27, 10.53));
        let gc = great_circle_km(52.52, 13.40, 52.27, 10.53);
        assert!((chord_km(&a, &b) as f64 - gc).abs() < gc * 0.001);
    }

    #[test]
    fn populations_read_naturally() {
        assert_eq!(format_population(2_456_000), ("2,5 juta".into(), "2.5 million".into()));
        assert_eq!(format_population(45_400), ("45 ribu".into(), "45 thousand".into()));
        assert_eq!(format_population(12_300_000).1, "12 million");
    }
}
