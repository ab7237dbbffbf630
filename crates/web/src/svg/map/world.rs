//! The world map: countries shaded by their count, great-circle arcs and points.

use super::shade::{SEA_FILL, SHADE_FILL, legend};
use super::*;
use crate::svg::data::world_shapes;
use crate::svg::escape::escape;
use crate::svg::geo::{LatLon, WORLD, great_circle, split_antimeridian};
use crate::svg::{count, num, open_svg, w};
use std::collections::BTreeMap;

/// Countries added up by upper-case alpha-2 code: code → (name, count).
pub(super) fn by_country(countries: &[CountryShade]) -> BTreeMap<String, (&str, u64)> {
    let mut map: BTreeMap<String, (&str, u64)> = BTreeMap::new();
    for c in countries {
        let e = map
            .entry(c.iso2.trim().to_ascii_uppercase())
            .or_insert((c.name.as_str(), 0));
        e.1 = e.1.saturating_add(c.count);
    }
    map
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
    write_countries(&mut out, &data, &scale, sep);
    if !arcs.is_empty() {
        write_arcs(&mut out, arcs, &arc_paths, sep);
    }
    if !points.is_empty() {
        write_points(&mut out, points);
    }
    legend(&mut out, &scale, labels, 12.0, height - 12.0, false);
    out.push_str("</svg>\n");
    out
}

/// The countries, shaded by their count; those too small for an outline but with a count
/// as dots, drawn over the outlines.
fn write_countries(out: &mut String, data: &BTreeMap<String, (&str, u64)>, scale: &ShadeScale, sep: &str) {
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
                *out,
                "<path class=\"country shade-{level}\" fill=\"{fill}\" fill-rule=\"evenodd\" d=\"{d}\"><title>{title}</title></path>\n"
            ),
            (Some(d), None) => {
                w!(
                    *out,
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
            *out,
            "<g class=\"country-dots\" stroke=\"#ffffff\" stroke-width=\"0.5\">\n{dots}</g>\n"
        );
    }
}

/// The arcs along their paths (`arc_paths`, in the same order), thicker for larger counts.
fn write_arcs(out: &mut String, arcs: &[Arc], arc_paths: &[(String, f64)], sep: &str) {
    out.push_str(
        "<g class=\"arcs\" fill=\"none\" stroke=\"#c2410c\" stroke-opacity=\"0.75\" stroke-linecap=\"round\" stroke-linejoin=\"round\">\n",
    );
    for (arc, (d, _)) in arcs.iter().zip(arc_paths) {
        if d.is_empty() {
            continue;
        }
        let width = 0.8 + (arc.count.max(1) as f64).ln().min(4.0) * 0.5;
        let mut title = format!("{} – {}", arc.from_name, arc.to_name);
        if arc.count > 0 {
            w!(title, ": {}", count(arc.count, sep));
        }
        w!(
            *out,
            "<path class=\"arc\" stroke-width=\"{}\" d=\"{d}\"><title>{}</title></path>\n",
            num(width),
            escape(&title)
        );
    }
    out.push_str("</g>\n");
}

fn write_points(out: &mut String, points: &[Point]) {
    out.push_str("<g class=\"points\" stroke=\"#ffffff\" stroke-width=\"0.6\">\n");
    for p in points {
        let (x, y) = WORLD.project(p.at.normalized());
        let (class, fill) = match p.kind {
            PointKind::Region => ("point point-region", "#b91c1c"),
            PointKind::Partner => ("point point-partner", "#1e3a8a"),
        };
        w!(
            *out,
            "<circle class=\"{class}\" cx=\"{}\" cy=\"{}\" r=\"2.5\" fill=\"{fill}\"><title>{}</title></circle>\n",
            num(x),
            num(y),
            escape(&p.name)
        );
    }
    out.push_str("</g>\n");
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
