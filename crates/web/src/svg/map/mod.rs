//! The world map (countries shaded by a count, arcs, points) and the map of Indonesia
//! (regions as dots).

mod indonesia;
mod shade;
mod tables;
#[cfg(test)]
mod tests;
mod world;

pub use indonesia::indonesia_map;
pub use shade::ShadeScale;
pub use tables::{arcs_table, indonesia_map_table, world_map_table};
pub use world::world_map;

use super::geo::LatLon;

/// A country and how many of something it has (cooperations with it…). Keyed by ISO 3166-1
/// alpha-2 code (any case); entries with the same code are added up.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CountryShade {
    pub iso2: String,
    /// The name to show (in the reader's language).
    pub name: String,
    pub count: u64,
}

/// A link from an Indonesian region to a partner place, drawn along the great circle.
#[derive(Debug, Clone, PartialEq)]
pub struct Arc {
    pub from: LatLon,
    pub to: LatLon,
    pub from_name: String,
    pub to_name: String,
    /// How many cooperations the link stands for (thicker line for more); 0 for unknown.
    pub count: u64,
}

/// What a [`Point`] marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PointKind {
    /// An Indonesian region (class `point-region`).
    #[default]
    Region,
    /// A partner place abroad (class `point-partner`).
    Partner,
}

/// A marked place on the world map.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub at: LatLon,
    pub name: String,
    pub kind: PointKind,
}

/// An Indonesian region on the map of Indonesia, linked to `/daerah/{code}`.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionDot {
    /// The region code (`"32.73"`), percent-encoded into the link.
    pub code: String,
    pub name: String,
    pub at: LatLon,
    pub count: u64,
}

/// The words a map needs, in the reader's language.
#[derive(Debug, Clone, PartialEq)]
pub struct MapLabels {
    /// A prefix for element ids, unique on the page (`"peta-dunia"`).
    pub id: String,
    /// The map's title (`<title>`, and the table's caption).
    pub title: String,
    /// A sentence saying what the map shows (`<desc>`); may be empty.
    pub description: String,
    /// The heading of the legend (`"Jumlah kerja sama"`).
    pub legend_title: String,
    pub country_header: String,
    pub region_header: String,
    pub partner_header: String,
    pub count_header: String,
    /// Thousands separator in counts (`"."` in Indonesian, `","` in English).
    pub thousands_sep: String,
}

impl MapLabels {
    /// Labels with Indonesian words for the legend and the table headings.
    pub fn new(id: impl Into<String>, title: impl Into<String>, description: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            title: title.into(),
            description: description.into(),
            legend_title: "Jumlah kerja sama".into(),
            country_header: "Negara".into(),
            region_header: "Daerah".into(),
            partner_header: "Mitra".into(),
            count_header: "Jumlah".into(),
            thousands_sep: ".".into(),
        }
    }
}
