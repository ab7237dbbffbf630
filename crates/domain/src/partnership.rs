//! Known partnerships: an Indonesian region and a foreign city or first-level subdivision
//! known to be partners from a published list (a ministry's list, a region's website),
//! imported with `jalin import partnerships`. They are not registry agreements: they carry
//! no document, dates or legal basis, only the pair, the year when known and the source.
//! The recommender treats them as existing partners (ADR 0009).

use crate::codes::{CountryCode, GeonameId, RegionCode, SubdivisionCode};
use crate::ids::PartnershipId;
use crate::reference::PlaceKind;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KnownPartnership {
    pub id: PartnershipId,
    pub region_code: RegionCode,
    /// A city or a first-level subdivision.
    pub kind: PlaceKind,
    pub geonameid: Option<GeonameId>,
    pub subdivision_code: Option<SubdivisionCode>,
    /// The place's name in the reference data.
    pub name: String,
    /// The name as the imported file wrote it.
    pub name_given: String,
    pub country_iso2: CountryCode,
    /// The year the partnership began, when the list says.
    pub year: Option<i32>,
    /// Where the pair came from (the imported file's name).
    pub source: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub imported_at: OffsetDateTime,
}

impl KnownPartnership {
    /// The key a region's partner is unique by: `city:ID` or `subdivision:CODE`.
    pub fn place_key(&self) -> String {
        match (&self.subdivision_code, self.geonameid) {
            (Some(code), _) if self.kind == PlaceKind::Subdivision => format!("subdivision:{code}"),
            (_, Some(id)) => format!("city:{}", id.0),
            _ => format!("name:{}", self.name),
        }
    }
}
