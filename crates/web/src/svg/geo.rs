//! Coordinates, the equirectangular projection, great circles and the antimeridian.

/// A place in degrees: latitude north positive, longitude east positive.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LatLon {
    pub lat: f64,
    pub lon: f64,
}

impl LatLon {
    pub const fn new(lat: f64, lon: f64) -> Self {
        Self { lat, lon }
    }

    /// The same place with its longitude in -180..=180 and its latitude in -90..=90.
    pub fn normalized(self) -> Self {
        let mut lon = self.lon;
        if lon.is_finite() && !(-180.0..=180.0).contains(&lon) {
            lon = (lon + 180.0).rem_euclid(360.0) - 180.0;
        }
        Self {
            lat: self.lat.clamp(-90.0, 90.0),
            lon,
        }
    }

    fn is_finite(self) -> bool {
        self.lat.is_finite() && self.lon.is_finite()
    }
}

/// An equirectangular frame: `x = (lon - west) * k`, `y = (north - lat) * k`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    pub west: f64,
    pub north: f64,
    /// Units per degree.
    pub k: f64,
    pub width: f64,
    pub height: f64,
}

/// The whole world in 1000×500 (the frame of `assets/world-110m.tsv`).
pub const WORLD: Frame = Frame {
    west: -180.0,
    north: 90.0,
    k: 1000.0 / 360.0,
    width: 1000.0,
    height: 500.0,
};

/// 94°E..142°E × 12°N..12°S in 960×480 (the frame of `assets/indonesia-50m.tsv`).
pub const INDONESIA: Frame = Frame {
    west: 94.0,
    north: 12.0,
    k: 20.0,
    width: 960.0,
    height: 480.0,
};

impl Frame {
    /// Where `p` lands, as `(x, y)`.
    pub fn project(&self, p: LatLon) -> (f64, f64) {
        ((p.lon - self.west) * self.k, (self.north - p.lat) * self.k)
    }
}

fn to_vec(p: LatLon) -> [f64; 3] {
    let (lat, lon) = (p.lat.to_radians(), p.lon.to_radians());
    [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
}

fn from_vec(v: [f64; 3]) -> LatLon {
    LatLon {
        lat: v[2].atan2(v[0].hypot(v[1])).to_degrees(),
        lon: v[1].atan2(v[0]).to_degrees(),
    }
}

/// The great circle from `a` to `b` as points at most `max_step_deg` degrees of arc apart,
/// both ends included (normalized). Longitudes stay in -180..=180, so a path over the
/// antimeridian jumps: see [`split_antimeridian`]. Antipodal ends (no single great
/// circle) give the two ends only.
pub fn great_circle(a: LatLon, b: LatLon, max_step_deg: f64) -> Vec<LatLon> {
    let (a, b) = (a.normalized(), b.normalized());
    if !a.is_finite() || !b.is_finite() {
        return Vec::new();
    }
    let (va, vb) = (to_vec(a), to_vec(b));
    let dot = va[0] * vb[0] + va[1] * vb[1] + va[2] * vb[2];
    let cross = [
        va[1] * vb[2] - va[2] * vb[1],
        va[2] * vb[0] - va[0] * vb[2],
        va[0] * vb[1] - va[1] * vb[0],
    ];
    let sin_d = (cross[0] * cross[0] + cross[1] * cross[1] + cross[2] * cross[2]).sqrt();
    let d = sin_d.atan2(dot);
    if sin_d < 1e-9 {
        return vec![a, b];
    }
    let step = if max_step_deg.is_finite() && max_step_deg > 0.01 {
        max_step_deg
    } else {
        2.0
    };
    let n = (d.to_degrees() / step).ceil().clamp(1.0, 1800.0) as usize;
    let mut out = Vec::with_capacity(n + 1);
    out.push(a);
    for i in 1..n {
        let f = i as f64 / n as f64;
        let (ka, kb) = (((1.0 - f) * d).sin() / sin_d, (f * d).sin() / sin_d);
        out.push(from_vec([
            ka * va[0] + kb * vb[0],
            ka * va[1] + kb * vb[1],
            ka * va[2] + kb * vb[2],
        ]));
    }
    out.push(b);
    out
}

/// `points` cut where consecutive longitudes jump by more than 180° (the line crosses the
/// antimeridian): each piece ends on ±180 at the crossing latitude and the next starts on
/// the other side. Pieces of fewer than two points are left out.
pub fn split_antimeridian(points: &[LatLon]) -> Vec<Vec<LatLon>> {
    let mut pieces = Vec::new();
    let mut cur: Vec<LatLon> = Vec::new();
    for &p in points {
        if let Some(&prev) = cur.last() {
            let dl = p.lon - prev.lon;
            if dl.abs() > 180.0 {
                // Going east over 180 (170 → -170) when dl < 0, west over -180 otherwise.
                let (edge, other, unwrapped) = if dl < 0.0 {
                    (180.0, -180.0, p.lon + 360.0)
                } else {
                    (-180.0, 180.0, p.lon - 360.0)
                };
                let span = unwrapped - prev.lon;
                let t = if span.abs() < 1e-12 {
                    0.0
                } else {
                    (edge - prev.lon) / span
                };
                let lat = prev.lat + t * (p.lat - prev.lat);
                cur.push(LatLon { lat, lon: edge });
                pieces.push(std::mem::take(&mut cur));
                cur.push(LatLon { lat, lon: other });
            }
        }
        cur.push(p);
    }
    pieces.push(cur);
    pieces.retain(|piece| piece.len() >= 2);
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    const JAKARTA: LatLon = LatLon::new(-6.2, 106.8);
    const TOKYO: LatLon = LatLon::new(35.68, 139.69);
    const LOS_ANGELES: LatLon = LatLon::new(34.05, -118.24);
    const HONOLULU: LatLon = LatLon::new(21.31, -157.86);

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6
    }

    #[test]
    fn projects_known_points() {
        let (x, y) = WORLD.project(LatLon::new(0.0, 0.0));
        assert!(close(x, 500.0) && close(y, 250.0));
        let (x, y) = WORLD.project(LatLon::new(90.0, -180.0));
        assert!(close(x, 0.0) && close(y, 0.0));
        let (x, y) = WORLD.project(LatLon::new(-90.0, 180.0));
        assert!(close(x, 1000.0) && close(y, 500.0));
        let (x, y) = WORLD.project(JAKARTA);
        assert!(close(x, (106.8 + 180.0) / 360.0 * 1000.0) && close(y, (90.0 + 6.2) / 180.0 * 500.0));
        assert!((x - 796.67).abs() < 0.01 && (y - 267.22).abs() < 0.01, "{x} {y}");
        let (x, y) = INDONESIA.project(JAKARTA);
        assert!(close(x, 256.0) && close(y, 364.0), "{x} {y}");
        let (x, y) = INDONESIA.project(LatLon::new(-12.0, 142.0));
        assert!(close(x, INDONESIA.width) && close(y, INDONESIA.height));
    }

    #[test]
    fn normalizes_longitude() {
        assert!(close(LatLon::new(0.0, 190.0).normalized().lon, -170.0));
        assert!(close(LatLon::new(0.0, -540.0).normalized().lon, -180.0));
        assert!(close(LatLon::new(0.0, 180.0).normalized().lon, 180.0));
        assert!(close(LatLon::new(95.0, 0.0).normalized().lat, 90.0));
    }

    #[test]
    fn jakarta_tokyo_goes_north_east_without_a_jump() {
        let pts = great_circle(JAKARTA, TOKYO, 2.0);
        assert!(pts.len() > 10);
        assert_eq!(pts[0], JAKARTA);
        assert_eq!(pts[pts.len() - 1], TOKYO);
        let mid = pts[pts.len() / 2];
        assert!(mid.lat > JAKARTA.lat && mid.lon > JAKARTA.lon, "{mid:?}");
        assert!(mid.lat < TOKYO.lat && mid.lon < TOKYO.lon, "{mid:?}");
        for w in pts.windows(2) {
            assert!((w[1].lon - w[0].lon).abs() < 5.0, "{w:?}");
            assert!((w[1].lat - w[0].lat).abs() < 5.0, "{w:?}");
        }
        assert_eq!(split_antimeridian(&pts).len(), 1);
    }

    #[test]
    fn points_are_on_the_circle_and_evenly_spaced() {
        let pts = great_circle(JAKARTA, TOKYO, 1.0);
        let angle = |a: LatLon, b: LatLon| {
            let (va, vb) = (to_vec(a), to_vec(b));
            (va[0] * vb[0] + va[1] * vb[1] + va[2] * vb[2])
                .clamp(-1.0, 1.0)
                .acos()
                .to_degrees()
        };
        let total = angle(JAKARTA, TOKYO);
        let steps: Vec<f64> = pts.windows(2).map(|w| angle(w[0], w[1])).collect();
        assert!((steps.iter().sum::<f64>() - total).abs() < 1e-6);
        assert!(steps.iter().all(|s| (s - steps[0]).abs() < 1e-6 && *s <= 1.0 + 1e-9));
    }

    #[test]
    fn jakarta_los_angeles_is_split_at_the_antimeridian() {
        for to in [LOS_ANGELES, HONOLULU] {
            let pts = great_circle(JAKARTA, to, 2.0);
            let pieces = split_antimeridian(&pts);
            assert_eq!(pieces.len(), 2, "{to:?}");
            let (west, east) = (&pieces[0], &pieces[1]);
            let end = west[west.len() - 1];
            assert!(close(end.lon, 180.0), "{end:?}");
            assert!(close(east[0].lon, -180.0));
            assert!(close(east[0].lat, end.lat));
            assert!(end.lat > JAKARTA.lat, "the crossing lies north of Jakarta: {end:?}");
            assert!(west.iter().all(|p| p.lon >= JAKARTA.lon - 1e-9));
            assert!(east.iter().all(|p| p.lon <= to.lon + 1e-9));
            for piece in &pieces {
                for w in piece.windows(2) {
                    assert!((w[1].lon - w[0].lon).abs() < 5.0, "{w:?}");
                }
            }
        }
    }

    #[test]
    fn westward_crossing_splits_too() {
        let pieces = split_antimeridian(&[LatLon::new(10.0, -175.0), LatLon::new(20.0, 175.0)]);
        assert_eq!(pieces.len(), 2);
        assert!(close(pieces[0][1].lon, -180.0) && close(pieces[0][1].lat, 15.0));
        assert!(close(pieces[1][0].lon, 180.0) && close(pieces[1][0].lat, 15.0));
    }

    #[test]
    fn degenerate_circles() {
        assert_eq!(great_circle(JAKARTA, JAKARTA, 2.0).len(), 2);
        assert_eq!(
            great_circle(LatLon::new(0.0, 0.0), LatLon::new(0.0, 180.0), 2.0).len(),
            2
        );
        assert!(great_circle(LatLon::new(f64::NAN, 0.0), JAKARTA, 2.0).is_empty());
        assert!(split_antimeridian(&[JAKARTA]).is_empty());
    }
}
