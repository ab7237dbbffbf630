//! The embedded country outlines (`assets/*.tsv`, made by `tools/world-map/generate.js`).

use super::geo::LatLon;
use std::sync::OnceLock;

const WORLD_TSV: &str = include_str!("../../assets/world-110m.tsv");
const INDONESIA_TSV: &str = include_str!("../../assets/indonesia-50m.tsv");

/// One country of a data file.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// ISO 3166-1 numeric code (`"360"`), or `None` where Natural Earth has none (Kosovo…).
    pub numeric: Option<&'static str>,
    /// ISO 3166-1 alpha-2 code (`"ID"`), or `None` when the country list has none.
    pub iso2: Option<&'static str>,
    /// Natural Earth's short English name.
    pub name: &'static str,
    /// Where to put a marker: the centroid of the largest ring.
    pub point: Option<LatLon>,
    /// SVG path data in the file's frame, `None` for a country too small for an outline.
    pub d: Option<&'static str>,
    /// `[min_x, min_y, max_x, max_y]` of `d`.
    pub bbox: Option<[f64; 4]>,
}

/// Countries of the world map (frame [`super::WORLD`]), Antarctica left out.
pub fn world_shapes() -> &'static [Shape] {
    static SHAPES: OnceLock<Vec<Shape>> = OnceLock::new();
    SHAPES.get_or_init(|| parse_tsv(WORLD_TSV).unwrap_or_default())
}

/// Indonesia and its neighbours at 1:50m (frame [`super::INDONESIA`]).
pub fn indonesia_shapes() -> &'static [Shape] {
    static SHAPES: OnceLock<Vec<Shape>> = OnceLock::new();
    SHAPES.get_or_init(|| parse_tsv(INDONESIA_TSV).unwrap_or_default())
}

/// A marker point for the country with alpha-2 code `iso2` (any case), e.g. for an arc to a
/// country when no city is known.
pub fn country_point(iso2: &str) -> Option<LatLon> {
    world_shapes()
        .iter()
        .find(|s| s.iso2.is_some_and(|c| c.eq_ignore_ascii_case(iso2)))
        .and_then(|s| s.point)
}

pub(crate) fn parse_tsv(text: &'static str) -> Result<Vec<Shape>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let err = |what: &str| format!("line {}: {what}", i + 1);
        let cols: Vec<&'static str> = line.split('\t').collect();
        let [numeric, iso2, name, point, d] = cols[..] else {
            return Err(err("expected 5 tab-separated columns"));
        };
        let numeric = match numeric {
            "-" => None,
            n if n.len() == 3 && n.bytes().all(|b| b.is_ascii_digit()) => Some(n),
            _ => return Err(err("bad numeric code")),
        };
        let iso2 = match iso2 {
            "-" => None,
            c if c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()) => Some(c),
            _ => return Err(err("bad alpha-2 code")),
        };
        if name.is_empty() {
            return Err(err("empty name"));
        }
        let point = match point {
            "-" => None,
            p => {
                let (lon, lat) = p.split_once(',').ok_or_else(|| err("bad point"))?;
                let lon: f64 = lon.parse().map_err(|_| err("bad point longitude"))?;
                let lat: f64 = lat.parse().map_err(|_| err("bad point latitude"))?;
                if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
                    return Err(err("point out of range"));
                }
                Some(LatLon::new(lat, lon))
            }
        };
        let (d, bbox) = match d {
            "-" => (None, None),
            d => (Some(d), Some(path_bbox(d).map_err(|e| err(&e))?)),
        };
        out.push(Shape {
            numeric,
            iso2,
            name,
            point,
            d,
            bbox,
        });
    }
    Ok(out)
}

/// The bounding box of path data made of `M x,y`, relative `l dx,dy` steps and `z` (the
/// generator's output), checking the syntax on the way.
pub(crate) fn path_bbox(d: &str) -> Result<[f64; 4], String> {
    let mut bbox = [f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY];
    let (mut cur, mut start) = ((0.0, 0.0), (0.0, 0.0));
    let mut cmd = None;
    let mut rings = 0;
    let bytes = d.as_bytes();
    let mut i = 0;
    let mut pending: Option<f64> = None;
    while i < bytes.len() {
        match bytes[i] {
            c @ (b'M' | b'l') => {
                if pending.is_some() {
                    return Err("odd number of coordinates".into());
                }
                if c == b'l' && cmd != Some(b'M') {
                    return Err("`l` must follow `M x,y`".into());
                }
                cmd = Some(c);
                i += 1;
            }
            b'z' => {
                if pending.is_some() || cmd != Some(b'l') {
                    return Err("`z` must end `M x,y l …`".into());
                }
                cur = start;
                cmd = None;
                rings += 1;
                i += 1;
            }
            b',' | b' ' => i += 1,
            b'-' | b'.' | b'0'..=b'9' => {
                let end = bytes[i..]
                    .iter()
                    .position(|b| !matches!(b, b'-' | b'.' | b'0'..=b'9'))
                    .map_or(bytes.len(), |n| i + n);
                let v: f64 = d[i..end].parse().map_err(|_| format!("bad number {:?}", &d[i..end]))?;
                i = end;
                let Some(x) = pending.take() else {
                    pending = Some(v);
                    continue;
                };
                match cmd {
                    Some(b'M') => {
                        cur = (x, v);
                        start = cur;
                    }
                    Some(b'l') => cur = (cur.0 + x, cur.1 + v),
                    _ => return Err("coordinates outside a command".into()),
                }
                bbox = [
                    bbox[0].min(cur.0),
                    bbox[1].min(cur.1),
                    bbox[2].max(cur.0),
                    bbox[3].max(cur.1),
                ];
            }
            other => return Err(format!("unexpected {:?}", char::from(other))),
        }
    }
    if cmd.is_some() || pending.is_some() || rings == 0 {
        return Err("path does not end with `z`".into());
    }
    Ok(bbox)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_of_both_files_parses() {
        for (name, text, min) in [("world", WORLD_TSV, 200), ("indonesia", INDONESIA_TSV, 10)] {
            let shapes = parse_tsv(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            let lines = text.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).count();
            assert_eq!(shapes.len(), lines, "{name}");
            assert!(shapes.len() >= min, "{name}: {}", shapes.len());
            for s in &shapes {
                assert!(s.numeric.is_some() || s.iso2.is_none(), "{name}: {s:?}");
                assert!(s.d.is_some() || s.point.is_some(), "{name}: {}", s.name);
            }
        }
        assert_eq!(world_shapes().len(), parse_tsv(WORLD_TSV).map(|v| v.len()).unwrap_or(0));
        assert!(!indonesia_shapes().is_empty());
    }

    #[test]
    fn ids_are_unique_and_known_countries_are_there() {
        let world = world_shapes();
        let mut ids: Vec<_> = world.iter().filter_map(|s| s.numeric).collect();
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n, "duplicate numeric codes");
        for (numeric, iso2) in [
            ("360", "ID"),
            ("392", "JP"),
            ("458", "MY"),
            ("036", "AU"),
            ("840", "US"),
        ] {
            let s = world
                .iter()
                .find(|s| s.numeric == Some(numeric))
                .unwrap_or_else(|| panic!("{numeric}"));
            assert_eq!(s.iso2, Some(iso2));
            assert!(s.d.is_some(), "{numeric} has an outline");
        }
        assert!(world.iter().all(|s| s.numeric != Some("010")), "Antarctica is left out");
        let sg = world.iter().find(|s| s.iso2 == Some("SG")).expect("Singapore");
        assert!(sg.d.is_none() && sg.point.is_some(), "Singapore is a point at 1:110m");
        let indonesia = indonesia_shapes()
            .iter()
            .find(|s| s.iso2 == Some("ID"))
            .expect("Indonesia");
        let bbox = indonesia.bbox.expect("bbox");
        // Sabang (95.3°E, 5.9°N) to Merauke (140.4°E, 8.5°S) in the 960×480 frame.
        assert!(
            bbox[0] < 40.0 && bbox[1] < 130.0 && bbox[2] > 900.0 && bbox[3] > 400.0,
            "{bbox:?}"
        );
    }

    #[test]
    fn world_outlines_stay_in_the_frame() {
        // Rings over the antimeridian are cut 1° beyond it (2.8 units).
        for s in world_shapes() {
            if let Some(b) = s.bbox {
                assert!(
                    b[0] >= -3.0 && b[2] <= 1003.0 && b[1] >= 0.0 && b[3] <= 500.0,
                    "{}: {b:?}",
                    s.name
                );
            }
        }
        for iso2 in ["RU", "FJ"] {
            let b = world_shapes()
                .iter()
                .find(|s| s.iso2 == Some(iso2))
                .and_then(|s| s.bbox)
                .expect(iso2);
            assert!(b[0] < 1.0 && b[2] > 999.0, "{iso2} reaches both edges: {b:?}");
        }
        let jp = world_shapes()
            .iter()
            .find(|s| s.iso2 == Some("JP"))
            .and_then(|s| s.bbox)
            .expect("Japan");
        // Japan lies within 129°E..146°E, 30°N..46°N.
        let x = |lon: f64| (lon + 180.0) / 360.0 * 1000.0;
        let y = |lat: f64| (90.0 - lat) / 180.0 * 500.0;
        assert!(
            jp[0] > x(128.0) && jp[2] < x(147.0) && jp[1] > y(46.0) && jp[3] < y(30.0),
            "{jp:?}"
        );
    }

    #[test]
    fn country_points() {
        let jp = country_point("jp").expect("Japan");
        assert!(
            (30.0..46.0).contains(&jp.lat) && (129.0..146.0).contains(&jp.lon),
            "{jp:?}"
        );
        assert!(country_point("SG").is_some());
        assert!(country_point("XX").is_none());
    }

    #[test]
    fn path_syntax_is_checked() {
        assert_eq!(path_bbox("M1,2l3,4 -1,-10z"), Ok([1.0, -4.0, 4.0, 6.0]));
        assert_eq!(path_bbox("M1,2l1,0 0,1zM10,10l1,1 1,0z"), Ok([1.0, 2.0, 12.0, 11.0]));
        assert!(path_bbox("M1,2l3z").is_err());
        assert!(path_bbox("M1,2l3,4").is_err());
        assert!(path_bbox("l3,4z").is_err());
        assert!(path_bbox("M1,2l3,4x").is_err());
        assert!(path_bbox("").is_err());
    }

    #[test]
    fn bad_lines_are_reported() {
        assert!(parse_tsv("360\tID\tIndonesia\t-\n").is_err());
        assert!(parse_tsv("36\tID\tIndonesia\t-\t-\n").is_err());
        assert!(parse_tsv("360\tid\tIndonesia\t-\t-\n").is_err());
        assert!(parse_tsv("360\tID\tIndonesia\t200,0\t-\n").is_err());
        assert!(parse_tsv("360\tID\tIndonesia\t-\tM0,0l1\n").is_err());
        assert_eq!(
            parse_tsv("# c\n360\tID\tIndonesia\t113,-0.5\tM0,0l1,0 0,1z\n").map(|v| v.len()),
            Ok(1)
        );
    }
}
