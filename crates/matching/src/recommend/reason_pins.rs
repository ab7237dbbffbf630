//! Pins the exact reason texts (both languages), scores and order of small rankings that
//! together produce every reason code and every wording variant, so that reshaping how the
//! texts are built cannot change a single character.

use super::*;
use crate::network::{GraphBuilder, Partnership};
use crate::pool::PlaceRef;
use crate::testutil::*;
use jalin_domain::codes::{GeonameId, SubdivisionCode};
use jalin_domain::reference::RegionType;
use std::collections::BTreeSet;
use std::fmt::Write;

fn dump(out: &mut String, title: &str, r: &Ranking) {
    let _ = writeln!(
        out,
        "## {title} (candidates {}, priority {:.4})",
        r.candidates, r.priority
    );
    for n in &r.notes {
        let head = format!("note {} {:.4}", n.code.as_str(), n.weight);
        dump_reason(out, &head, "  ", n);
    }
    for item in &r.items {
        let _ = writeln!(out, "#{} {} {:.6}", item.rank, item.name, item.score);
        for x in &item.reasons {
            let head = format!("  {} {:.6}", x.code.as_str(), x.weight);
            dump_reason(out, &head, "    ", x);
        }
    }
}

fn dump_reason(out: &mut String, head: &str, indent: &str, x: &Reason) {
    let _ = writeln!(out, "{head}\n{indent}id: {}\n{indent}en: {}", x.text_id, x.text_en);
}

fn codes(r: &Ranking) -> impl Iterator<Item = ReasonCode> + '_ {
    r.notes
        .iter()
        .chain(r.items.iter().flat_map(|i| &i.reasons))
        .map(|x| x.code)
}

fn gid(id: i64) -> PlaceRef {
    PlaceRef::City(GeonameId(id))
}

/// A kota with partners, a similar neighbour region and wished fields: the network reasons.
fn network_scenario(out: &mut String, seen: &mut BTreeSet<ReasonCode>) {
    let mut nameless = city(9, "Tanpa Wilayah", "AA", "01", 1_500_000, 9.0, 99.0);
    nameless.admin1_name = None;
    let cities = vec![
        city(1, "Mitra Satu", "AA", "01", 1_000_000, 10.0, 100.0),
        city(2, "Friend", "BB", "01", 900_000, 12.0, 102.0),
        city(3, "Other", "BB", "02", 300_000, 40.0, 10.0),
        city(4, "Mitra Dua", "AA", "01", 800_000, 11.0, 101.0),
        city(5, "Mitra Tiga", "AA", "02", 700_000, 8.0, 98.0),
        city(6, "Mitra Empat", "CC", "01", 600_000, 5.0, 110.0),
        city(7, "Cousin", "BB", "01", 2_000_000, 12.5, 102.5),
        city(8, "Tetangga Mitra", "CC", "02", 400_000, -30.0, 150.0),
        nameless,
    ];
    let subs = vec![subdivision("AA-01", "AA", "01", "Alpha State", "State")];
    let mut pool = CandidatePool::build(&cities, &subs, &countries());
    // No reference data has candidate areas today; set two to reach both area texts.
    for (id, area) in [(3, 120.0), (2, 5_000.0)] {
        if let Some(i) = pool.index_of(&gid(id)) {
            pool.places[i].area_km2 = Some(area);
            pool.ln_area[i] = (area as f32).ln();
        }
    }
    let mut me = region("32.73", "Kota Uji", RegionType::Kota, 1_000_000, 10.0, 100.0);
    me.land_border_countries = vec![cc("TL")];
    let near = region("32.74", "Kota Tetangga", RegionType::Kota, 950_000, 10.2, 100.3);
    let mut b = GraphBuilder::new(&pool);
    b.regions(&[me.clone(), near.clone()]);
    let mine = PlaceRef::Region(me.code.clone());
    for p in [1, 4, 5, 6] {
        b.partnership(Partnership::new(mine.clone(), gid(p)));
        b.partnership(Partnership::new(gid(p), gid(2)));
    }
    b.partnership(Partnership::new(gid(2), gid(7)));
    b.partnership(Partnership {
        a: PlaceRef::Region(near.code.clone()),
        b: gid(8),
        fields: ["1.01", "2.05", "3.26"].map(|f| f.parse().expect("field")).to_vec(),
        sdgs: ["4.1", "8", "13"].map(|s| s.parse().expect("sdg")).to_vec(),
    });
    let g = b.build();
    let mut q = Query::region(&me).with_network(&g);
    q.wished_fields = vec!["1.01".parse().expect("field"), "2.05".parse().expect("field")];
    q.wished_sdgs = vec!["4".parse().expect("sdg"), "13".parse().expect("sdg")];
    let r = recommend(&pool, &q, &Weights::default(), 20);
    seen.extend(codes(&r));
    dump(out, "kota with a network", &r);
}

/// Provinces and kabupaten without a network: the place features, subdivision labels and
/// the note for a region without foreign cooperation.
fn feature_scenario(out: &mut String, seen: &mut BTreeSet<ReasonCode>) {
    let cities = vec![
        city(11, "Kota A", "AA", "01", 4_000_000, -6.0, 106.0),
        city(12, "Kota B", "BB", "01", 100_000, 30.0, 120.0),
        city(13, "Kota C", "CC", "01", 2_000_000, 50.0, 10.0),
        city(14, "Kota D", "AA", "02", 60_000, -70.0, 0.0),
        city(15, "Kota E", "AA", "01", 12_500_000, -6.5, 106.5),
    ];
    let subs = vec![
        subdivision("AA-01", "AA", "01", "Alpha State", "State"),
        subdivision("BB-01", "BB", "01", "Bravo Prefecture", "Prefecture"),
        subdivision("CC-01", "CC", "01", "Charlie Oblast", "Oblast"),
        subdivision("AA-02", "AA", "02", "Delta Thing", "Thing"),
    ];
    let pool = CandidatePool::build(&cities, &subs, &countries());
    let prov = region("32", "Provinsi Uji", RegionType::Provinsi, 5_000_000, -7.0, 107.0);
    let r = recommend(&pool, &Query::region(&prov), &Weights::default(), 20);
    seen.extend(codes(&r));
    dump(out, "provinsi without a network", &r);
    let kab = region("32.04", "Kabupaten Uji", RegionType::Kabupaten, 90_000, -60.0, 5.0);
    let r = recommend(&pool, &Query::region(&kab), &Weights::default(), 20);
    seen.extend(codes(&r));
    dump(out, "kabupaten without a network", &r);

    // Foreign queries (as in evaluation): a city and a subdivision, with one partnership
    // inside their own country.
    let mut b = GraphBuilder::new(&pool);
    b.partnership(Partnership::new(gid(11), gid(14)));
    let g = b.build();
    for key in [gid(15), PlaceRef::Subdivision(SubdivisionCode::from_reference("BB-01"))] {
        let Some(me) = pool.index_of(&key).and_then(|i| pool.get(i)) else {
            panic!("{key:?} in the pool")
        };
        let q = Query::new(QueryPlace::from_candidate(me)).with_network(&g);
        let r = recommend(&pool, &q, &Weights::default(), 20);
        seen.extend(codes(&r));
        dump(out, &format!("foreign query {}", me.name), &r);
    }
}

#[test]
fn every_reason_text_is_pinned_in_both_languages() {
    let mut out = String::new();
    let mut seen = BTreeSet::new();
    network_scenario(&mut out, &mut seen);
    feature_scenario(&mut out, &mut seen);
    let all = [
        ReasonCode::Level,
        ReasonCode::Population,
        ReasonCode::Area,
        ReasonCode::Climate,
        ReasonCode::Proximity,
        ReasonCode::CountryPair,
        ReasonCode::CountryActivity,
        ReasonCode::RegionAffinity,
        ReasonCode::PartnersOfPartners,
        ReasonCode::CoPartners,
        ReasonCode::SimilarPlaces,
        ReasonCode::PartnerActivity,
        ReasonCode::Fields,
        ReasonCode::Sdgs,
        ReasonCode::LevelMismatch,
        ReasonCode::Region3t,
        ReasonCode::NoForeignCooperation,
    ];
    let missing: Vec<_> = all.iter().filter(|c| !seen.contains(c)).collect();
    assert!(missing.is_empty(), "not covered: {missing:?}");
    insta::assert_snapshot!(out);
}
