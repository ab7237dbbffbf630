//! The map of Indonesia: regions as dots sized by their count, linked to their pages.

use super::shade::{SEA_FILL, SHADE_FILL, legend};
use super::*;
use crate::svg::data::indonesia_shapes;
use crate::svg::escape::escape;
use crate::svg::geo::INDONESIA;
use crate::svg::{count, num, open_svg, w};
use crate::url::path_segment;

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
