//! The maps and charts of the pages, drawn by [`crate::svg`] from the registry's counts in
//! the reader's language.

use crate::AppState;
use crate::i18n::Tr;
use crate::pages::views::LinkView;
use crate::svg::{self, Arc, ChartLabels, CountryShade, LatLon, MapLabels, Point, PointKind, RegionDot, Series};
use jalin_app::ctx::Ctx;
use jalin_app::ports::store::Page;
use jalin_app::reference::ReferenceSnapshot;
use jalin_app::registry::AgreementQuery;
use jalin_domain::agreement::{Agreement, Form};
use jalin_domain::codes::{GeonameId, RegionCode};
use jalin_domain::reference::City;
use std::collections::BTreeMap;

fn map_labels(t: &Tr, id: &str, title: &str, description: &str) -> MapLabels {
    let mut l = MapLabels::new(id, title, description);
    l.legend_title = t.t("maps.legend").to_owned();
    l.country_header = t.t("facet.country").to_owned();
    l.region_header = t.t("maps.region").to_owned();
    l.partner_header = t.t("maps.partner").to_owned();
    l.count_header = t.t("maps.count").to_owned();
    l.thousands_sep = t.thousands_sep().to_owned();
    l
}

fn chart_labels(t: &Tr, id: &str, title: &str) -> ChartLabels {
    let mut l = ChartLabels::new(id, title, "");
    l.x_axis = t.t("facet.year").to_owned();
    l.y_axis = t.t("maps.count").to_owned();
    l.label_header = t.t("facet.year").to_owned();
    l.value_header = t.t("maps.count").to_owned();
    l.total = t.t("common.total").to_owned();
    l.empty = t.t("common.no_data").to_owned();
    l.thousands_sep = t.thousands_sep().to_owned();
    l
}

/// A chart with its table: rows `(label, values per column)` and the column names.
pub type ChartWithTable = (String, Vec<(String, Vec<u64>)>, Vec<String>);

/// Agreements per year by form: the chart, and the same as table rows `(year, per form)`.
pub fn yearly_chart(t: &Tr, yearly: &[(Form, Vec<(i32, u64)>)]) -> ChartWithTable {
    let series: Vec<Series> = yearly
        .iter()
        .map(|(f, values)| Series {
            key: f.as_str().to_ascii_lowercase(),
            name: f.as_str().to_owned(),
            values: values.clone(),
        })
        .collect();
    let svg = svg::bar_chart_by_year(&series, &chart_labels(t, "grafik-tahun", t.t("home.chart_heading")));
    let mut years: BTreeMap<i32, Vec<u64>> = BTreeMap::new();
    for (i, (_, values)) in yearly.iter().enumerate() {
        for (y, n) in values {
            years.entry(*y).or_insert_with(|| vec![0; yearly.len()])[i] += n;
        }
    }
    let rows = years.into_iter().rev().map(|(y, v)| (y.to_string(), v)).collect();
    (svg, rows, yearly.iter().map(|(f, _)| f.as_str().to_owned()).collect())
}

/// In-force agreements by partner country, as horizontal bars (the 15 largest).
pub fn countries_chart(t: &Tr, countries: &[(LinkView, u64)]) -> String {
    let items: Vec<(&str, u64)> = countries.iter().take(15).map(|(c, n)| (c.text.as_str(), *n)).collect();
    let mut labels = chart_labels(t, "grafik-negara", t.t("maps.by_country"));
    labels.label_header = t.t("facet.country").to_owned();
    labels.x_axis = t.t("maps.agreements_in_force").to_owned();
    svg::hbar_chart(&items, &labels)
}

/// The world map: partner countries shaded by agreements in force, arcs from Indonesian
/// regions to partner cities (or countries), as the public registry shows them.
pub async fn world_partnerships(state: &AppState, t: &Tr, public: &Ctx) -> String {
    let reference = state.app.reference.snapshot();
    let agreements = foreign_agreements_in_force(state, public).await;
    let cities = partner_cities(state, &agreements).await;
    let mut layers = WorldLayers::default();
    for a in &agreements {
        layers.add(t, &reference, &cities, a);
    }
    layers.draw(t)
}

/// The KSDPL and KSDLL agreements in force; a form that cannot be read is left off the map.
async fn foreign_agreements_in_force(state: &AppState, public: &Ctx) -> Vec<Agreement> {
    let mut agreements = Vec::new();
    for form in ["KSDPL", "KSDLL"] {
        let q = AgreementQuery {
            form: Some(form.into()),
            status: Some("in_force".into()),
            ..AgreementQuery::default()
        };
        if let Ok(l) = state
            .app
            .registry
            .list_agreements(public, &q, Page::new(Some(Page::MAX_LIMIT), None))
            .await
        {
            agreements.extend(l.items);
        }
    }
    agreements
}

/// The cities among the agreements' parties, by id.
async fn partner_cities(state: &AppState, agreements: &[Agreement]) -> BTreeMap<GeonameId, City> {
    let geonameids: Vec<_> = agreements
        .iter()
        .flat_map(|a| a.parties.iter().filter_map(|p| p.geonameid))
        .collect();
    state
        .app
        .reference
        .cities(&geonameids)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|c| (c.geonameid, c))
        .collect()
}

/// What the world map draws, gathered agreement by agreement: countries with their counts,
/// arcs by (region, partner) and points by name.
#[derive(Default)]
struct WorldLayers {
    shades: BTreeMap<String, CountryShade>,
    arcs: BTreeMap<(String, String), Arc>,
    points: BTreeMap<String, Point>,
}

impl WorldLayers {
    /// Counts the agreement for each foreign party's country, and links each of its
    /// Indonesian regions to each foreign party that has a place on the map.
    fn add(&mut self, t: &Tr, reference: &ReferenceSnapshot, cities: &BTreeMap<GeonameId, City>, a: &Agreement) {
        let regions: Vec<_> = a
            .parties
            .iter()
            .filter_map(|p| p.region_code.as_ref())
            .filter_map(|r| reference.regions.get(r))
            .collect();
        for p in &a.parties {
            let Some(country) = p.country_iso2.as_ref().filter(|c| !c.is_indonesia()) else {
                continue;
            };
            let shade = self.shades.entry(country.to_string()).or_insert_with(|| CountryShade {
                iso2: country.to_string(),
                name: super::views::country_name(t, reference, country),
                count: 0,
            });
            shade.count += 1;
            let to = p
                .geonameid
                .and_then(|g| cities.get(&g))
                .map(|c| LatLon::new(c.latitude, c.longitude))
                .or_else(|| svg::country_point(country.as_str()));
            let Some(to) = to else { continue };
            self.point(to, &p.name, PointKind::Partner);
            for r in &regions {
                let (Some(lat), Some(lon)) = (r.latitude, r.longitude) else {
                    continue;
                };
                let arc = self.arcs.entry((r.code.to_string(), p.name.clone())).or_insert(Arc {
                    from: LatLon::new(lat, lon),
                    to,
                    from_name: r.name.clone(),
                    to_name: p.name.clone(),
                    count: 0,
                });
                arc.count += 1;
                self.point(LatLon::new(lat, lon), &r.name, PointKind::Region);
            }
        }
    }

    /// Marks a place, once per name (the first one stays).
    fn point(&mut self, at: LatLon, name: &str, kind: PointKind) {
        self.points.entry(name.to_owned()).or_insert(Point {
            at,
            name: name.to_owned(),
            kind,
        });
    }

    fn draw(self, t: &Tr) -> String {
        let shades: Vec<CountryShade> = self.shades.into_values().collect();
        let arcs: Vec<Arc> = self.arcs.into_values().collect();
        let points: Vec<Point> = self.points.into_values().collect();
        svg::world_map(
            &shades,
            &arcs,
            &points,
            &map_labels(t, "peta-dunia", t.t("maps.world"), t.t("home.map_caption")),
        )
    }
}

/// Foreign cooperation in force per region; none when the counts cannot be read (the maps
/// then show no counts rather than an error).
pub async fn foreign_cooperation_counts(state: &AppState) -> BTreeMap<RegionCode, u64> {
    state
        .app
        .registry
        .regions_with_foreign_cooperation()
        .await
        .unwrap_or_default()
}

/// Indonesia's regions as dots sized by their foreign cooperation in force.
pub fn indonesia(
    state: &AppState,
    t: &Tr,
    counts: &BTreeMap<RegionCode, u64>,
    only_province: Option<&RegionCode>,
) -> String {
    let reference = state.app.reference.snapshot();
    let dots: Vec<RegionDot> = reference
        .regions
        .values()
        .filter(|r| !r.is_administrative && !r.code.is_province())
        .filter(|r| only_province.is_none_or(|p| r.province_code == *p))
        .filter_map(|r| {
            Some(RegionDot {
                code: r.code.to_string(),
                name: r.name.clone(),
                at: LatLon::new(r.latitude?, r.longitude?),
                count: counts.get(&r.code).copied().unwrap_or(0),
            })
        })
        .collect();
    svg::indonesia_map(
        &dots,
        &map_labels(
            t,
            "peta-indonesia",
            t.t("maps.indonesia"),
            t.t("maps.indonesia_caption"),
        ),
    )
}

/// The map on a region's page: its province's regions (all of Indonesia for a province).
pub fn region_map(state: &AppState, t: &Tr, code: &RegionCode, counts: &BTreeMap<RegionCode, u64>) -> String {
    indonesia(state, t, counts, Some(&code.province()))
}
