//! Maps and charts drawn on the server as SVG, each with a table that says the same in text.
//!
//! Everything here is pure: the functions take plain data and return markup (`String`) or a
//! [`Table`]; the same input always gives the same bytes. The markup is meant to be inlined
//! in a page (`{{ svg|safe }}`): it has no `<script>`, no `style` attribute and no `<style>`
//! element (the Content-Security-Policy forbids them), only classes and SVG presentation
//! attributes (`fill`, `stroke`…). The attributes give sensible colours on their own; the
//! page's stylesheet may override them through the classes (`shade-0`…`shade-5`,
//! `series-0`…`series-7`, `arc`, `dot`…), best scoped under the root's `jalin-svg` class.
//! The root has a `viewBox` and no size: give it `width: 100%; height: auto` in CSS. Its
//! `<title>` and `<desc>` label it (`aria-labelledby`, `aria-describedby`), with ids made
//! from the labels' `id`, which must be unique on the page. All text from the caller is
//! XML-escaped.
//!
//! - [`world_map`]: countries shaded by a count, great-circle arcs from Indonesian regions
//!   to partner places, points; [`world_map_table`] and [`arcs_table`] are its text.
//! - [`indonesia_map`]: regions as dots (linked to `/daerah/{code}`) on a faint outline of
//!   Indonesia and its neighbours; [`indonesia_map_table`].
//! - [`bar_chart_by_year`]: stacked bars per year by series; [`bar_chart_table`].
//! - [`hbar_chart`]: horizontal bars (by country, by SDG…); [`hbar_table`].
//!
//! The outlines come from Natural Earth (public domain) through the npm package
//! `world-atlas`; `tools/world-map/` regenerates `assets/world-110m.tsv` and
//! `assets/indonesia-50m.tsv`.

mod chart;
mod data;
mod escape;
mod geo;
mod map;
mod table;
#[cfg(test)]
mod xmlcheck;

pub use crate::url::path_segment as url_segment;
pub use chart::{ChartLabels, Series, bar_chart_by_year, bar_chart_table, hbar_chart, hbar_table};
pub use data::{Shape, country_point, indonesia_shapes, world_shapes};
pub use escape::{dom_id, escape};
pub use geo::{Frame, INDONESIA, LatLon, WORLD, great_circle, split_antimeridian};
pub use map::{
    Arc, CountryShade, MapLabels, Point, PointKind, RegionDot, ShadeScale, arcs_table, indonesia_map,
    indonesia_map_table, world_map, world_map_table,
};
pub use table::{Cell, Column, Table};

/// Appends formatted text to a `String` (writing to a `String` cannot fail).
macro_rules! w {
    ($out:expr, $($arg:tt)*) => {{
        let _ = ::std::fmt::Write::write_fmt(&mut $out, format_args!($($arg)*));
    }};
}
pub(crate) use w;

/// A coordinate with at most one decimal, without a trailing `.0` and never `-0`.
pub(crate) fn num(v: f64) -> String {
    if !v.is_finite() {
        return "0".to_owned();
    }
    let s = format!("{:.1}", (v * 10.0).round() / 10.0);
    let s = s.strip_suffix(".0").unwrap_or(&s);
    if s == "-0" { "0".to_owned() } else { s.to_owned() }
}

/// A count with its thousands grouped by `sep` (`1.234.567` with `"."`).
pub(crate) fn count(n: u64, sep: &str) -> String {
    crate::i18n::group_thousands(n.into(), sep)
}

/// A rough width in pixels of `text` at `font_size` (no font metrics on the server).
pub(crate) fn text_width(text: &str, font_size: f64) -> f64 {
    text.chars().count() as f64 * font_size * 0.56
}

/// `text` cut to `max` characters, with an ellipsis when cut.
pub(crate) fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

/// The opening `<svg>` tag with its `<title>` and `<desc>`. `role` is `img` for a picture,
/// `group` for one whose links must stay reachable.
pub(crate) fn open_svg(out: &mut String, id: &str, class: &str, view_box: &str, role: &str, title: &str, desc: &str) {
    let id = dom_id(id);
    w!(
        *out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"{view_box}\" class=\"jalin-svg {class}\" role=\"{role}\" aria-labelledby=\"{id}-title\""
    );
    if !desc.is_empty() {
        w!(*out, " aria-describedby=\"{id}-desc\"");
    }
    w!(*out, ">\n<title id=\"{id}-title\">{}</title>\n", escape(title));
    if !desc.is_empty() {
        w!(*out, "<desc id=\"{id}-desc\">{}</desc>\n", escape(desc));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_stable() {
        assert_eq!(num(0.0), "0");
        assert_eq!(num(-0.04), "0");
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.345), "12.3");
        assert_eq!(num(-3.26), "-3.3");
        assert_eq!(num(f64::NAN), "0");
    }

    #[test]
    fn counts_are_grouped() {
        assert_eq!(count(0, "."), "0");
        assert_eq!(count(999, "."), "999");
        assert_eq!(count(1000, "."), "1.000");
        assert_eq!(count(1234567, ","), "1,234,567");
    }

    #[test]
    fn truncation_keeps_short_text() {
        assert_eq!(truncate("Jepang", 10), "Jepang");
        assert_eq!(truncate("Republik Korea Selatan", 10), "Republik …");
    }
}
