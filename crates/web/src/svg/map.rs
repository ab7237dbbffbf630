//! The world map (countries shaded by a count, arcs, points) and the map of Indonesia
//! (regions as dots).

use super::data::{indonesia_shapes, world_shapes};
use super::escape::escape;
use super::geo::{INDONESIA, LatLon, WORLD, great_circle, split_antimeridian};
use super::table::{Cell, Column, Table};
use super::{count, num, open_svg, w};
use crate::url::path_segment;
use std::collections::BTreeMap;

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

/// Default fills of `shade-0` (no data) to `shade-5` (most), overridable by CSS.
const SHADE_FILL: [&str; 6] = ["#e2e6ea", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"];
const SEA_FILL: &str = "#f4f8fb";

/// Five classes of counts, on a geometric scale up to the largest count: `shade-5` always
/// holds the largest; with a largest count below 5 each count has its own class, the
/// darkest ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShadeScale {
    /// The largest count of each class, ascending (at most 5).
    uppers: Vec<u64>,
}

impl ShadeScale {
    pub fn new(max: u64) -> Self {
        if max <= 5 {
            return Self {
                uppers: (1..=max).collect(),
            };
        }
        let mut uppers: Vec<u64> = Vec::with_capacity(5);
        for k in 1..=5 {
            let raw = if k == 5 {
                max
            } else {
                ((max as f64 + 1.0).powf(k as f64 / 5.0) - 1.0).round() as u64
            };
            let floor = uppers.last().map_or(1, |u| u + 1);
            uppers.push(raw.max(floor).min(max));
        }
        Self { uppers }
    }

    /// The class of `count`: 0 for none, else 1..=5.
    pub fn level(&self, count: u64) -> u8 {
        if count == 0 || self.uppers.is_empty() {
            return 0;
        }
        let idx = self
            .uppers
            .iter()
            .position(|&u| count <= u)
            .unwrap_or(self.uppers.len() - 1);
        (5 - self.uppers.len() + idx + 1) as u8
    }

    /// Each class in use with the counts it holds: `(level, lowest, highest)`.
    pub fn ranges(&self) -> Vec<(u8, u64, u64)> {
        let mut lo = 1;
        let mut out = Vec::with_capacity(self.uppers.len());
        for &hi in &self.uppers {
            out.push((self.level(hi), lo, hi));
            lo = hi + 1;
        }
        out
    }
}

fn range_text(lo: u64, hi: u64, sep: &str) -> String {
    if lo == hi {
        count(lo, sep)
    } else {
        format!("{}–{}", count(lo, sep), count(hi, sep))
    }
}

/// Countries added up by upper-case alpha-2 code: code → (name, count).
fn by_country(countries: &[CountryShade]) -> BTreeMap<String, (&str, u64)> {
    let mut map: BTreeMap<String, (&str, u64)> = BTreeMap::new();
    for c in countries {
        let e = map
            .entry(c.iso2.trim().to_ascii_uppercase())
            .or_insert((c.name.as_str(), 0));
        e.1 = e.1.saturating_add(c.count);
    }
    map
}

/// The legend: a swatch (or dot) and the range of counts of each class.
fn legend(out: &mut String, scale: &ShadeScale, labels: &MapLabels, x: f64, bottom: f64, dots: bool) {
    let ranges = scale.ranges();
    if ranges.is_empty() {
        return;
    }
    let texts: Vec<String> = ranges
        .iter()
        .map(|&(_, lo, hi)| range_text(lo, hi, &labels.thousands_sep))
        .collect();
    let width = texts
        .iter()
        .map(|t| 30.0 + super::text_width(t, 10.0))
        .chain([16.0 + super::text_width(&labels.legend_title, 11.0)])
        .fold(0.0, f64::max);
    let height = 26.0 + 15.0 * ranges.len() as f64;
    w!(
        *out,
        "<g class=\"svg-legend\" transform=\"translate({},{})\">\n",
        num(x),
        num(bottom - height)
    );
    w!(
        *out,
        "<rect class=\"svg-legend-bg\" width=\"{}\" height=\"{}\" rx=\"3\" fill=\"#ffffff\" fill-opacity=\"0.85\"/>\n",
        num(width.ceil()),
        num(height)
    );
    w!(
        *out,
        "<text class=\"svg-legend-title\" x=\"8\" y=\"16\" font-size=\"11\">{}</text>\n",
        escape(&labels.legend_title)
    );
    for (i, (&(level, _, _), text)) in ranges.iter().zip(&texts).enumerate() {
        let y = 24.0 + 15.0 * i as f64;
        let fill = SHADE_FILL[usize::from(level)];
        if dots {
            w!(
                *out,
                "<circle class=\"shade-{level}\" cx=\"15\" cy=\"{}\" r=\"5\" fill=\"{fill}\"/>",
                num(y + 5.0)
            );
        } else {
            w!(
                *out,
                "<rect class=\"shade-{level}\" x=\"8\" y=\"{}\" width=\"14\" height=\"10\" fill=\"{fill}\"/>",
                num(y)
            );
        }
        w!(
            *out,
            "<text x=\"28\" y=\"{}\" font-size=\"10\">{}</text>\n",
            num(y + 9.0),
            escape(text)
        );
    }
    out.push_str("</g>\n");
}

/// Least height of the world map's view: the frame down to 68.4°S (Antarctica is left out).
/// Arcs that reach further south (from Indonesia to South America) make it taller, up to
/// the whole frame (500).
const WORLD_VIEW_HEIGHT: f64 = 440.0;

/// The world map (viewBox `0 0 1000 440`, equirectangular; taller when an arc runs further
/// south than 68°S): each country in `countries`
/// shaded by its count (classes `country shade-0`…`shade-5`; a country too small for an
/// outline at this scale, e.g. Singapore, is a dot when it has a count), `arcs` along great
/// circles (class `arc`, cut at the antimeridian), `points` on top (`point point-region`,
/// `point point-partner`) and the legend. `role="img"`, labelled by its `<title>` and
/// `<desc>`; each shaded country, arc and point has a `<title>` (tooltip). Unknown country
/// codes are ignored here (they still show in [`world_map_table`]).
pub fn world_map(countries: &[CountryShade], arcs: &[Arc], points: &[Point], labels: &MapLabels) -> String {
    let data = by_country(countries);
    let scale = ShadeScale::new(data.values().map(|v| v.1).max().unwrap_or(0));
    let sep = labels.thousands_sep.as_str();
    let arc_paths: Vec<(String, f64)> = arcs.iter().map(|a| arc_path(a.from, a.to)).collect();
    let lowest = arc_paths.iter().map(|a| a.1).fold(0.0, f64::max);
    let height = (((lowest + 8.0) / 10.0).ceil() * 10.0).clamp(WORLD_VIEW_HEIGHT, WORLD.height);
    let view = format!("0 0 {} {}", num(WORLD.width), num(height));
    let mut out = String::with_capacity(120_000);
    open_svg(
        &mut out,
        &labels.id,
        "jalin-map world-map",
        &view,
        "img",
        &labels.title,
        &labels.description,
    );
    w!(
        out,
        "<rect class=\"map-sea\" width=\"{}\" height=\"{}\" fill=\"{SEA_FILL}\"/>\n",
        num(WORLD.width),
        num(height)
    );
    out.push_str("<g class=\"countries\" stroke=\"#ffffff\" stroke-width=\"0.3\" stroke-linejoin=\"round\">\n");
    let mut dots = String::new();
    for shape in world_shapes() {
        let found = shape.iso2.and_then(|c| data.get(c));
        let level = found.map_or(0, |&(_, n)| scale.level(n));
        let fill = SHADE_FILL[usize::from(level)];
        let title = found
            .filter(|_| level > 0)
            .map(|&(name, n)| escape(&format!("{name}: {}", count(n, sep))));
        match (shape.d, title) {
            (Some(d), Some(title)) => w!(
                out,
                "<path class=\"country shade-{level}\" fill=\"{fill}\" fill-rule=\"evenodd\" d=\"{d}\"><title>{title}</title></path>\n"
            ),
            (Some(d), None) => {
                w!(
                    out,
                    "<path class=\"country shade-{level}\" fill=\"{fill}\" fill-rule=\"evenodd\" d=\"{d}\"/>\n"
                )
            }
            (None, Some(title)) => {
                if let Some(p) = shape.point {
                    let (x, y) = WORLD.project(p);
                    w!(
                        dots,
                        "<circle class=\"country shade-{level}\" cx=\"{}\" cy=\"{}\" r=\"2.5\" fill=\"{fill}\"><title>{title}</title></circle>\n",
                        num(x),
                        num(y)
                    );
                }
            }
            (None, None) => {}
        }
    }
    out.push_str("</g>\n");
    if !dots.is_empty() {
        w!(
            out,
            "<g class=\"country-dots\" stroke=\"#ffffff\" stroke-width=\"0.5\">\n{dots}</g>\n"
        );
    }
    if !arcs.is_empty() {
        out.push_str(
            "<g class=\"arcs\" fill=\"none\" stroke=\"#c2410c\" stroke-opacity=\"0.75\" stroke-linecap=\"round\" stroke-linejoin=\"round\">\n",
        );
        for (arc, (d, _)) in arcs.iter().zip(&arc_paths) {
            if d.is_empty() {
                continue;
            }
            let width = 0.8 + (arc.count.max(1) as f64).ln().min(4.0) * 0.5;
            let mut title = format!("{} – {}", arc.from_name, arc.to_name);
            if arc.count > 0 {
                w!(title, ": {}", count(arc.count, sep));
            }
            w!(
                out,
                "<path class=\"arc\" stroke-width=\"{}\" d=\"{d}\"><title>{}</title></path>\n",
                num(width),
                escape(&title)
            );
        }
        out.push_str("</g>\n");
    }
    if !points.is_empty() {
        out.push_str("<g class=\"points\" stroke=\"#ffffff\" stroke-width=\"0.6\">\n");
        for p in points {
            let (x, y) = WORLD.project(p.at.normalized());
            let (class, fill) = match p.kind {
                PointKind::Region => ("point point-region", "#b91c1c"),
                PointKind::Partner => ("point point-partner", "#1e3a8a"),
            };
            w!(
                out,
                "<circle class=\"{class}\" cx=\"{}\" cy=\"{}\" r=\"2.5\" fill=\"{fill}\"><title>{}</title></circle>\n",
                num(x),
                num(y),
                escape(&p.name)
            );
        }
        out.push_str("</g>\n");
    }
    legend(&mut out, &scale, labels, 12.0, height - 12.0, false);
    out.push_str("</svg>\n");
    out
}

/// Path data of the great circle from `a` to `b` in the world frame, one `M … L …` piece per
/// side of the antimeridian, and its lowest `y`.
fn arc_path(a: LatLon, b: LatLon) -> (String, f64) {
    let mut d = String::new();
    let mut lowest: f64 = 0.0;
    for piece in split_antimeridian(&great_circle(a, b, 2.0)) {
        for (i, p) in piece.iter().enumerate() {
            let (x, y) = WORLD.project(*p);
            lowest = lowest.max(y);
            let cmd = match i {
                0 => "M",
                1 => " L",
                _ => " ",
            };
            w!(d, "{cmd}{},{}", num(x), num(y));
        }
    }
    (d, lowest)
}

/// The map of Indonesia (viewBox `0 0 960 480`, 94°E..142°E × 12°N..12°S): a faint outline of
/// Indonesia (class `land land-id`) and its neighbours (`land`), and each region as a dot
/// (`dot shade-0`…`shade-5`, larger for a larger count) inside a link to
/// `/daerah/{code}`. Since the links must stay reachable the root has `role="group"`
/// (not `img`); each link's `<title>` (name and count) is its accessible name and tooltip.
pub fn indonesia_map(regions: &[RegionDot], labels: &MapLabels) -> String {
    let max = regions.iter().map(|r| r.count).max().unwrap_or(0);
    let scale = ShadeScale::new(max);
    let sep = labels.thousands_sep.as_str();
    let view = format!("0 0 {} {}", num(INDONESIA.width), num(INDONESIA.height));
    let mut out = String::with_capacity(80_000);
    open_svg(
        &mut out,
        &labels.id,
        "jalin-map indonesia-map",
        &view,
        "group",
        &labels.title,
        &labels.description,
    );
    w!(
        out,
        "<rect class=\"map-sea\" width=\"{}\" height=\"{}\" fill=\"{SEA_FILL}\"/>\n",
        num(INDONESIA.width),
        num(INDONESIA.height)
    );
    out.push_str(
        "<g class=\"land\" fill=\"#e5e7eb\" stroke=\"#c4c9d0\" stroke-width=\"0.6\" stroke-linejoin=\"round\">\n",
    );
    for shape in indonesia_shapes() {
        let Some(d) = shape.d else { continue };
        if shape.iso2 == Some("ID") {
            w!(
                out,
                "<path class=\"land land-id\" fill=\"#d5dae0\" stroke=\"#a9b1bb\" fill-rule=\"evenodd\" d=\"{d}\"/>\n"
            );
        } else {
            w!(out, "<path class=\"land\" fill-rule=\"evenodd\" d=\"{d}\"/>\n");
        }
    }
    out.push_str("</g>\n");
    let radius = |n: u64| {
        if n == 0 || max == 0 {
            2.5
        } else {
            3.0 + 8.0 * (n as f64 / max as f64).sqrt()
        }
    };
    let mut order: Vec<&RegionDot> = regions
        .iter()
        .filter(|r| r.at.lat.is_finite() && r.at.lon.is_finite())
        .collect();
    // Larger dots first, so smaller ones stay visible (and clickable) on top.
    order.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.code.cmp(&b.code)));
    out.push_str("<g class=\"dots\" stroke=\"#ffffff\" stroke-width=\"0.8\">\n");
    for r in order {
        let (x, y) = INDONESIA.project(r.at);
        let level = scale.level(r.count);
        let fill = if level == 0 {
            "#9aa5b1"
        } else {
            SHADE_FILL[usize::from(level)]
        };
        let title = escape(&format!("{}: {}", r.name, count(r.count, sep)));
        w!(
            out,
            "<a href=\"/daerah/{}\"><title>{title}</title><circle class=\"dot shade-{level}\" cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{fill}\"/></a>\n",
            path_segment(&r.code),
            num(x),
            num(y),
            num(radius(r.count))
        );
    }
    out.push_str("</g>\n");
    legend(&mut out, &scale, labels, 12.0, INDONESIA.height - 12.0, true);
    out.push_str("</svg>\n");
    out
}

/// The world map's countries as a table: country and count, largest count first, countries
/// with no count left out.
pub fn world_map_table(countries: &[CountryShade], labels: &MapLabels) -> Table {
    let mut rows: Vec<(&str, u64)> = by_country(countries).into_values().filter(|v| v.1 > 0).collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    Table {
        caption: labels.title.clone(),
        columns: vec![
            Column::text(&labels.country_header),
            Column::numeric(&labels.count_header),
        ],
        rows: rows
            .into_iter()
            .map(|(name, n)| vec![Cell::new(name), Cell::new(count(n, &labels.thousands_sep))])
            .collect(),
        footer: None,
    }
}

/// The world map's arcs as a table: region, partner, count, in the given order.
pub fn arcs_table(arcs: &[Arc], labels: &MapLabels) -> Table {
    Table {
        caption: labels.title.clone(),
        columns: vec![
            Column::text(&labels.region_header),
            Column::text(&labels.partner_header),
            Column::numeric(&labels.count_header),
        ],
        rows: arcs
            .iter()
            .map(|a| {
                vec![
                    Cell::new(&a.from_name),
                    Cell::new(&a.to_name),
                    Cell::new(if a.count > 0 {
                        count(a.count, &labels.thousands_sep)
                    } else {
                        String::new()
                    }),
                ]
            })
            .collect(),
        footer: None,
    }
}

/// The map of Indonesia as a table: region (linked to `/daerah/{code}`) and count, largest
/// first; regions with no count left out.
pub fn indonesia_map_table(regions: &[RegionDot], labels: &MapLabels) -> Table {
    let mut rows: Vec<&RegionDot> = regions.iter().filter(|r| r.count > 0).collect();
    rows.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.code.cmp(&b.code))
    });
    Table {
        caption: labels.title.clone(),
        columns: vec![
            Column::text(&labels.region_header),
            Column::numeric(&labels.count_header),
        ],
        rows: rows
            .into_iter()
            .map(|r| {
                vec![
                    Cell::link(&r.name, format!("/daerah/{}", path_segment(&r.code))),
                    Cell::new(count(r.count, &labels.thousands_sep)),
                ]
            })
            .collect(),
        footer: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::svg::xmlcheck::check;

    const JAKARTA: LatLon = LatLon::new(-6.2, 106.8);

    fn labels() -> MapLabels {
        MapLabels::new(
            "peta-dunia",
            "Kerja sama <luar negeri> & mitra",
            "Negara mitra menurut jumlah kerja sama.",
        )
    }

    fn shade(iso2: &str, name: &str, count: u64) -> CountryShade {
        CountryShade {
            iso2: iso2.into(),
            name: name.into(),
            count,
        }
    }

    #[test]
    fn shade_scale() {
        assert_eq!(ShadeScale::new(0).level(3), 0);
        let one = ShadeScale::new(1);
        assert_eq!((one.level(0), one.level(1)), (0, 5));
        assert_eq!(one.ranges(), vec![(5, 1, 1)]);
        let three = ShadeScale::new(3);
        assert_eq!((three.level(1), three.level(2), three.level(3)), (3, 4, 5));
        let hundred = ShadeScale::new(100);
        assert_eq!(
            hundred.ranges(),
            vec![(1, 1, 2), (2, 3, 5), (3, 6, 15), (4, 16, 39), (5, 40, 100)]
        );
        assert_eq!(
            (
                hundred.level(1),
                hundred.level(15),
                hundred.level(16),
                hundred.level(100)
            ),
            (1, 3, 4, 5)
        );
        assert_eq!(hundred.level(1000), 5);
        for max in [6, 7, 10, 31, 1000, 1_000_000] {
            let s = ShadeScale::new(max);
            let r = s.ranges();
            assert_eq!(r.len(), 5, "{max}");
            assert_eq!((r[0].1, r[4].2), (1, max), "{max}");
            assert!(
                r.windows(2).all(|w| w[0].2 + 1 == w[1].1 && w[0].1 <= w[0].2),
                "{max}: {r:?}"
            );
        }
    }

    #[test]
    fn world_map_shades_countries_and_is_well_formed() {
        let countries = [
            shade("JP", "Jepang", 12),
            shade("id", "Indonesia", 3),
            shade("SG", "Singapura", 1),
        ];
        let svg = world_map(&countries, &[], &[], &labels());
        check(&svg).unwrap_or_else(|e| panic!("{e}"));
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1000 440\""));
        assert!(svg.contains("role=\"img\" aria-labelledby=\"peta-dunia-title\" aria-describedby=\"peta-dunia-desc\""));
        assert!(svg.contains("<title id=\"peta-dunia-title\">Kerja sama &lt;luar negeri&gt; &amp; mitra</title>"));
        assert!(svg.contains("<title>Jepang: 12</title>"));
        assert!(svg.contains("<title>Indonesia: 3</title>"));
        assert!(svg.contains("class=\"country shade-5\""));
        // Singapore has no outline at 1:110m: a dot.
        assert!(svg.contains("<circle class=\"country shade-1\""), "Singapore's dot");
        assert!(svg.contains("<title>Singapura: 1</title>"));
        let paths = svg.matches("<path class=\"country ").count();
        assert_eq!(paths, world_shapes().iter().filter(|s| s.d.is_some()).count());
        assert!(!svg.contains("style="));
        assert!(svg.contains("class=\"svg-legend\""));
    }

    #[test]
    fn world_map_contains_indonesia_and_japan() {
        let svg = world_map(&[], &[], &[], &labels());
        for numeric in ["360", "392"] {
            let shape = world_shapes()
                .iter()
                .find(|s| s.numeric == Some(numeric))
                .expect("in the data");
            let d = shape.d.expect("an outline");
            assert!(svg.contains(&format!("d=\"{d}\"")), "{numeric}");
        }
        assert!(!svg.contains("class=\"svg-legend\""), "no legend without data");
    }

    #[test]
    fn arcs_and_points() {
        let arcs = [
            Arc {
                from: JAKARTA,
                to: LatLon::new(35.68, 139.69),
                from_name: "DKI Jakarta".into(),
                to_name: "Tokyo".into(),
                count: 2,
            },
            Arc {
                from: JAKARTA,
                to: LatLon::new(34.05, -118.24),
                from_name: "DKI Jakarta".into(),
                to_name: "Los Angeles".into(),
                count: 0,
            },
        ];
        let points = [
            Point {
                at: JAKARTA,
                name: "DKI Jakarta".into(),
                kind: PointKind::Region,
            },
            Point {
                at: LatLon::new(35.68, 139.69),
                name: "Tokyo \"東京\"".into(),
                kind: PointKind::Partner,
            },
        ];
        let svg = world_map(&[], &arcs, &points, &labels());
        check(&svg).unwrap_or_else(|e| panic!("{e}"));
        let arc_ds: Vec<&str> = svg
            .lines()
            .filter(|l| l.starts_with("<path class=\"arc\""))
            .filter_map(|l| l.split("d=\"").nth(1).and_then(|r| r.split('"').next()))
            .collect();
        assert_eq!(arc_ds.len(), 2);
        assert_eq!(arc_ds[0].matches('M').count(), 1, "Jakarta–Tokyo is one piece");
        assert!(arc_ds[0].starts_with("M796.7,267.2 L"), "{}", arc_ds[0]);
        assert_eq!(
            arc_ds[1].matches('M').count(),
            2,
            "Jakarta–Los Angeles is cut at the antimeridian"
        );
        assert!(
            arc_ds[1].contains(" 1000,") && arc_ds[1].contains("M0,"),
            "{}",
            arc_ds[1]
        );
        assert!(svg.contains("<title>DKI Jakarta – Tokyo: 2</title>"));
        assert!(svg.contains("<title>DKI Jakarta – Los Angeles</title>"));
        assert!(svg.contains("<circle class=\"point point-region\" cx=\"796.7\" cy=\"267.2\""));
        assert!(svg.contains("<title>Tokyo &quot;東京&quot;</title>"));
    }

    #[test]
    fn southern_arcs_make_the_view_taller() {
        let arc = |to: LatLon| Arc {
            from: JAKARTA,
            to,
            from_name: "A".into(),
            to_name: "B".into(),
            count: 1,
        };
        let tokyo = world_map(&[], &[arc(LatLon::new(35.68, 139.69))], &[], &labels());
        assert!(tokyo.contains("viewBox=\"0 0 1000 440\""));
        // Jakarta–Buenos Aires runs down to about 72°S (y ≈ 450).
        let ba = world_map(&[], &[arc(LatLon::new(-34.6, -58.4))], &[], &labels());
        assert!(ba.contains("viewBox=\"0 0 1000 460\""), "{}", &ba[..200]);
        // Jakarta–Santiago passes near the pole: the whole frame.
        let scl = world_map(&[], &[arc(LatLon::new(-33.45, -70.67))], &[], &labels());
        assert!(scl.contains("viewBox=\"0 0 1000 500\""));
        check(&scl).unwrap_or_else(|e| panic!("{e}"));
    }

    #[test]
    fn hostile_text_is_escaped_everywhere() {
        let evil = "\"><script>alert('x')</script>&";
        let mut l = labels();
        l.title = evil.into();
        l.description = evil.into();
        l.legend_title = evil.into();
        l.id = evil.into();
        let countries = [shade("JP", evil, 1)];
        let arcs = [Arc {
            from: JAKARTA,
            to: LatLon::new(1.0, 2.0),
            from_name: evil.into(),
            to_name: evil.into(),
            count: 1,
        }];
        let points = [Point {
            at: JAKARTA,
            name: evil.into(),
            kind: PointKind::Partner,
        }];
        let dots = [RegionDot {
            code: evil.into(),
            name: evil.into(),
            at: JAKARTA,
            count: 4,
        }];
        for svg in [world_map(&countries, &arcs, &points, &l), indonesia_map(&dots, &l)] {
            check(&svg).unwrap_or_else(|e| panic!("{e}"));
            assert!(!svg.contains("<script"), "{svg}");
        }
        let html = indonesia_map_table(&dots, &l).to_html() + &world_map_table(&countries, &l).to_html();
        assert!(!html.contains("<script"));
    }

    #[test]
    fn indonesia_map_links_dots() {
        let dots = [
            RegionDot {
                code: "31.71".into(),
                name: "Kota Adm. Jakarta Pusat".into(),
                at: JAKARTA,
                count: 9,
            },
            RegionDot {
                code: "94.71".into(),
                name: "Kota Jayapura".into(),
                at: LatLon::new(-2.53, 140.72),
                count: 0,
            },
            RegionDot {
                code: "11.72".into(),
                name: "Kota Sabang".into(),
                at: LatLon::new(5.89, 95.32),
                count: 1,
            },
        ];
        let svg = indonesia_map(&dots, &MapLabels::new("peta-id", "Daerah", ""));
        check(&svg).unwrap_or_else(|e| panic!("{e}"));
        assert!(svg.contains("viewBox=\"0 0 960 480\""));
        assert!(svg.contains("role=\"group\" aria-labelledby=\"peta-id-title\">"));
        assert!(!svg.contains("<desc"), "no empty description");
        assert!(svg.contains(
            "<a href=\"/daerah/31.71\"><title>Kota Adm. Jakarta Pusat: 9</title><circle class=\"dot shade-5\" cx=\"256\" cy=\"364\" r=\"11\""
        ));
        assert!(svg.contains("<a href=\"/daerah/94.71\""));
        assert!(svg.contains("class=\"dot shade-0\""));
        assert!(svg.contains("class=\"land land-id\""));
        assert!(
            svg.matches("<path class=\"land").count() >= 8,
            "Indonesia and neighbours"
        );
        // Largest first: Jakarta (9) before Sabang (1) before Jayapura (0).
        let pos = |code: &str| svg.find(&format!("/daerah/{code}\"")).unwrap_or(usize::MAX);
        assert!(pos("31.71") < pos("11.72") && pos("11.72") < pos("94.71"));
    }

    #[test]
    fn tables() {
        let l = labels();
        let countries = [
            shade("JP", "Jepang", 2),
            shade("KR", "Korea Selatan", 5),
            shade("jp", "Jepang", 3),
        ];
        let t = world_map_table(&countries, &l);
        assert_eq!(t.columns[0].header, "Negara");
        let rows: Vec<(String, String)> = t.rows.iter().map(|r| (r[0].text.clone(), r[1].text.clone())).collect();
        assert_eq!(
            rows,
            vec![("Jepang".into(), "5".into()), ("Korea Selatan".into(), "5".into())]
        );
        let dots = [
            RegionDot {
                code: "31.71".into(),
                name: "Jakarta Pusat".into(),
                at: JAKARTA,
                count: 1200,
            },
            RegionDot {
                code: "32.73".into(),
                name: "Kota Bandung".into(),
                at: JAKARTA,
                count: 0,
            },
        ];
        let t = indonesia_map_table(&dots, &l);
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0][0].href.as_deref(), Some("/daerah/31.71"));
        assert_eq!(t.rows[0][1].text, "1.200");
        let arcs = [Arc {
            from: JAKARTA,
            to: JAKARTA,
            from_name: "A".into(),
            to_name: "B".into(),
            count: 0,
        }];
        let t = arcs_table(&arcs, &l);
        assert_eq!(
            t.rows[0].iter().map(|c| c.text.as_str()).collect::<Vec<_>>(),
            vec!["A", "B", ""]
        );
    }

    #[test]
    fn deterministic() {
        let countries = [shade("JP", "Jepang", 12), shade("AU", "Australia", 4)];
        let arcs = [Arc {
            from: JAKARTA,
            to: LatLon::new(21.31, -157.86),
            from_name: "A".into(),
            to_name: "B".into(),
            count: 3,
        }];
        let a = world_map(&countries, &arcs, &[], &labels());
        let b = world_map(&countries, &arcs, &[], &labels());
        assert_eq!(a, b);
        assert!(a.len() < 200_000, "{}", a.len());
    }
}
