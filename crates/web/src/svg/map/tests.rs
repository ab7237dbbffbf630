use super::*;
use crate::svg::data::world_shapes;
use crate::svg::geo::LatLon;
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
