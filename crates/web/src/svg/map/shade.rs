//! The shading of counts: five classes on a geometric scale, and the legend that names them.

use super::*;
use crate::svg::escape::escape;
use crate::svg::{count, num, w};

/// Default fills of `shade-0` (no data) to `shade-5` (most), overridable by CSS.
pub(super) const SHADE_FILL: [&str; 6] = ["#e2e6ea", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"];
pub(super) const SEA_FILL: &str = "#f4f8fb";

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

/// The legend: a swatch (or dot) and the range of counts of each class.
pub(super) fn legend(out: &mut String, scale: &ShadeScale, labels: &MapLabels, x: f64, bottom: f64, dots: bool) {
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
        .map(|t| 30.0 + crate::svg::text_width(t, 10.0))
        .chain([16.0 + crate::svg::text_width(&labels.legend_title, 11.0)])
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
