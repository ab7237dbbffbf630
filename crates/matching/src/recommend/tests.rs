//! Behaviour of the recommender on small hand-made pools.

use super::*;
use crate::network::{GraphBuilder, Partnership};
use crate::pool::PlaceRef;
use crate::testutil::*;
use jalin_domain::codes::GeonameId;
use jalin_domain::reference::DiplomaticRelations;
use jalin_domain::reference::{Region, RegionType};

fn names(r: &Ranking) -> Vec<&str> {
    r.items.iter().map(|i| i.name.as_str()).collect()
}

#[test]
fn a_kota_prefers_cities_and_a_province_prefers_subdivisions() {
    // One city that is the only city of its subdivision: both have exactly the same
    // population and centre, so only the level differs.
    let cities = vec![city(100, "Alpha", "AA", "01", 1_000_000, 10.0, 100.0)];
    let subs = vec![subdivision("AA-01", "AA", "01", "Alpha Province", "Province")];
    let pool = CandidatePool::build(&cities, &subs, &countries());
    assert_eq!(pool.eligible_len(), 2);
    let w = Weights::default();
    let kota = region("32.73", "Kota Uji", RegionType::Kota, 1_000_000, 10.0, 100.0);
    let prov = region("32", "Provinsi Uji", RegionType::Provinsi, 1_000_000, 10.0, 100.0);
    let rk = recommend(&pool, &Query::region(&kota), &w, 10);
    let rp = recommend(&pool, &Query::region(&prov), &w, 10);
    assert_eq!(names(&rk), ["Alpha", "Alpha Province"]);
    assert_eq!(names(&rp), ["Alpha Province", "Alpha"]);
    // The difference is exactly the level weight.
    for r in [&rk, &rp] {
        assert!((r.items[0].score - r.items[1].score - w.level).abs() < 1e-5, "{r:?}");
        assert_eq!(r.items[0].reasons[0].code, ReasonCode::Level);
        assert!(r.items[1].reasons.iter().any(|x| x.code == ReasonCode::LevelMismatch));
    }
    assert!(
        rk.items[0].reasons[0].text_id.contains("kota ↔ kota"),
        "{:?}",
        rk.items[0].reasons
    );
    assert!(rk.items[0].reasons[0].text_id.contains("PP 28/2018 Pasal 27"));
    assert!(rp.items[0].reasons[0].text_en.contains("province ↔ province"));
}

#[test]
fn countries_without_relations_and_indonesia_are_never_recommended() {
    // Every city is a perfect match for the query; only AA may be recommended.
    let mk = |id, cc: &str| city(id, &format!("City {cc}"), cc, "01", 500_000, -6.9, 107.6);
    let cities = vec![
        mk(1, "IL"),
        mk(2, "TW"),
        mk(3, "HK"),
        mk(4, "ID"),
        mk(5, "ZZ"),
        mk(6, "AA"),
    ];
    let pool = CandidatePool::build(&cities, &[], &countries());
    assert_eq!(pool.eligible_len(), 1);
    assert!(!pool.country_is_eligible(&cc("IL")) && !pool.country_is_eligible(&cc("ZZ")));
    assert_eq!(
        pool.country(&cc("ZZ")).map(|c| c.relations),
        Some(DiplomaticRelations::Unknown)
    );
    let kota = region("32.73", "Kota Uji", RegionType::Kota, 500_000, -6.9, 107.6);
    let r = recommend(&pool, &Query::region(&kota), &Weights::default(), 100);
    assert_eq!(names(&r), ["City AA"]);
    let mut q = Query::region(&kota);
    q.filter.countries = vec![cc("IL"), cc("TW")];
    assert!(recommend(&pool, &q, &Weights::default(), 100).items.is_empty());
}

#[test]
fn existing_partners_and_the_place_itself_are_excluded() {
    let cities: Vec<_> = (1..=5)
        .map(|i| city(i, &format!("C{i}"), "AA", "01", 100_000 * i, 0.0, 0.0))
        .collect();
    let pool = CandidatePool::build(&cities, &[], &countries());
    let me = pool
        .index_of(&PlaceRef::City(GeonameId(3)))
        .and_then(|i| pool.get(i))
        .cloned();
    let Some(me) = me else { panic!("C3 in pool") };
    // C1 is a partner in the network, C2 is given as an existing partner.
    let mut b = GraphBuilder::new(&pool);
    b.partnership(Partnership::new(
        PlaceRef::City(GeonameId(3)),
        PlaceRef::City(GeonameId(1)),
    ));
    let g = b.build();
    let mut q = Query::new(QueryPlace::from_candidate(&me)).with_network(&g);
    q.existing_partners = vec![PlaceRef::City(GeonameId(2))];
    let r = recommend(&pool, &q, &Weights::default(), 10);
    assert_eq!(r.candidates, 2);
    let mut got = names(&r);
    got.sort();
    assert_eq!(got, ["C4", "C5"]);
    q.exclude = vec![PlaceRef::City(GeonameId(5))];
    assert_eq!(names(&recommend(&pool, &q, &Weights::default(), 10)), ["C4"]);
}

#[test]
fn order_is_deterministic_and_ties_go_to_the_smaller_geonameid() {
    // Twelve identical cities (all tie) and a few different ones, in scrambled order.
    let mut cities: Vec<_> = (0..12)
        .map(|i| city(1000 - i * 7, &format!("Tie{i}"), "BB", "02", 200_000, 1.0, 1.0))
        .collect();
    cities.push(city(5, "Big", "AA", "01", 9_000_000, 50.0, 10.0));
    cities.push(city(6, "Near", "CC", "03", 210_000, 1.1, 1.1));
    let kota = region("32.73", "Kota Uji", RegionType::Kota, 200_000, 1.0, 1.0);
    let w = Weights::default();
    let pool = CandidatePool::build(&cities, &[], &countries());
    let first = recommend(&pool, &Query::region(&kota), &w, 8);
    let ids: Vec<i64> = first.items.iter().filter_map(|i| i.geonameid.map(|g| g.0)).collect();
    // The ties come out in ascending id order, whatever the input order.
    let ties: Vec<i64> = ids.iter().copied().filter(|&i| i > 6).collect();
    let mut sorted = ties.clone();
    sorted.sort();
    assert_eq!(ties, sorted);
    assert_eq!(ids.len(), 8);
    for rotation in 1..cities.len() {
        let mut c = cities.clone();
        c.rotate_left(rotation);
        c.reverse();
        let pool = CandidatePool::build(&c, &[], &countries());
        let again = recommend(&pool, &Query::region(&kota), &w, 8);
        assert_eq!(again, first, "rotation {rotation}");
    }
    // The same recommender gives the same answer on every call.
    let mut rec = Recommender::new(&pool, &w);
    let a = rec.recommend(&Query::region(&kota), 8);
    let b = rec.recommend(&Query::region(&kota), 8);
    assert_eq!(a, b);
    assert_eq!(a, first);
}

#[test]
fn reasons_are_bilingual_and_add_up_to_the_score() {
    let cities = vec![
        city(1, "Partner", "AA", "01", 1_000_000, 10.0, 100.0),
        city(2, "Friend", "BB", "01", 900_000, 12.0, 102.0),
        city(3, "Other", "BB", "02", 300_000, 40.0, 10.0),
    ];
    let subs = vec![subdivision("BB-01", "BB", "01", "Bravo State", "State")];
    let pool = CandidatePool::build(&cities, &subs, &countries());
    let kota = region("32.73", "Kota Uji", RegionType::Kota, 1_000_000, 10.0, 100.0);
    let mut b = GraphBuilder::new(&pool);
    b.regions(std::slice::from_ref(&kota));
    b.partnership(Partnership::new(
        PlaceRef::Region(kota.code.clone()),
        PlaceRef::City(GeonameId(1)),
    ));
    b.partnership(Partnership::new(
        PlaceRef::City(GeonameId(1)),
        PlaceRef::City(GeonameId(2)),
    ));
    let g = b.build();
    let r = recommend(&pool, &Query::region(&kota).with_network(&g), &Weights::default(), 10);
    assert_eq!(names(&r)[0], "Friend");
    for item in &r.items {
        assert!(!item.reasons.is_empty());
        for reason in &item.reasons {
            assert!(
                !reason.text_id.trim().is_empty() && !reason.text_en.trim().is_empty(),
                "{reason:?}"
            );
            assert_ne!(reason.text_id, reason.text_en, "{reason:?}");
        }
        let sum: f64 = item.reasons.iter().map(|x| x.weight).sum();
        assert!((sum - item.score).abs() < 1e-4, "{sum} vs {}", item.score);
    }
    let friend = &r.items[0];
    let pop2 = friend.reasons.iter().find(|x| x.code == ReasonCode::PartnersOfPartners);
    let Some(pop2) = pop2 else { panic!("{friend:?}") };
    assert!(pop2.text_id.contains("Partner") && pop2.text_en.contains("your partner: Partner"));
    let state = r.items.iter().find(|i| i.name == "Bravo State");
    let Some(state) = state else {
        panic!("subdivision ranked")
    };
    let mismatch = state.reasons.iter().find(|x| x.code == ReasonCode::LevelMismatch);
    assert!(mismatch.is_some_and(|m| m.text_en.contains("city ↔ state") && m.weight == 0.0));
}

#[test]
fn weights_load_from_toml_and_json_over_the_defaults() {
    let w: Weights = toml::from_str("population = 0.9\nneighbours = 7\n").expect("toml");
    assert_eq!(w.population, 0.9);
    assert_eq!(w.neighbours, 7);
    assert_eq!(w.level, Weights::default().level);
    let j: Weights = serde_json::from_str(r#"{"level": 0.0, "country_pair": 2.5}"#).expect("json");
    assert_eq!((j.level, j.country_pair), (0.0, 2.5));
    assert_eq!(j.population, Weights::default().population);
    assert!(
        toml::from_str::<Weights>("populaton = 1.0").is_err(),
        "misspelt keys are refused"
    );
    // And they change the ranking: with population weighted heavily, size wins over
    // proximity.
    let cities = vec![
        city(1, "SameSizeFar", "AA", "01", 100_000, -40.0, -60.0),
        city(2, "BigNear", "BB", "01", 5_000_000, 0.5, 0.5),
    ];
    let pool = CandidatePool::build(&cities, &[], &countries());
    let kota = region("32.73", "Kota Uji", RegionType::Kota, 100_000, 0.0, 0.0);
    let q = Query::region(&kota);
    let near: Weights = toml::from_str("population = 0.0\nproximity = 1.0").expect("toml");
    let size: Weights = toml::from_str("population = 1.0\nproximity = 0.0").expect("toml");
    assert_eq!(names(&recommend(&pool, &q, &near, 1)), ["BigNear"]);
    assert_eq!(names(&recommend(&pool, &q, &size, 1)), ["SameSizeFar"]);
}

#[test]
fn shared_fields_and_sdgs_lift_a_candidate() {
    // Two identical candidates; the one with the larger id (which would lose a tie)
    // already cooperates in the wished field and SDG.
    let cities = vec![
        city(10, "Plain", "AA", "01", 300_000, 5.0, 5.0),
        city(20, "Match", "AA", "01", 300_000, 5.0, 5.0),
    ];
    let pool = CandidatePool::build(&cities, &[], &countries());
    let r1 = region("32.73", "Kota Satu", RegionType::Kota, 300_000, 5.0, 5.0);
    let r2 = region("32.74", "Kota Dua", RegionType::Kota, 300_000, 5.0, 5.0);
    let r3 = region("32.75", "Kota Tiga", RegionType::Kota, 300_000, 5.0, 5.0);
    let mut b = GraphBuilder::new(&pool);
    b.regions(&[r1.clone(), r2.clone(), r3.clone()]);
    let with = |a: &Region, id: i64, field: &str, sdg: &str| Partnership {
        a: PlaceRef::Region(a.code.clone()),
        b: PlaceRef::City(GeonameId(id)),
        fields: vec![field.parse().expect("field")],
        sdgs: vec![sdg.parse().expect("sdg")],
    };
    b.partnership(with(&r2, 20, "1.01", "4.1"));
    b.partnership(with(&r3, 10, "3.26", "8"));
    let g = b.build();
    let mut q = Query::region(&r1).with_network(&g);
    let plain = recommend(&pool, &q, &Weights::default(), 2);
    assert_eq!(
        names(&plain),
        ["Plain", "Match"],
        "without wishes the tie goes to the smaller id"
    );
    q.wished_fields = vec!["1.01".parse().expect("field")];
    q.wished_sdgs = vec!["4".parse().expect("sdg")];
    let r = recommend(&pool, &q, &Weights::default(), 2);
    assert_eq!(names(&r), ["Match", "Plain"]);
    let w = Weights::default();
    assert!((r.items[0].score - r.items[1].score - w.fields - w.sdgs).abs() < 1e-5);
    let f = r.items[0].reasons.iter().find(|x| x.code == ReasonCode::Fields);
    assert!(f.is_some_and(|f| f.text_id.contains("1.01")));
    let s = r.items[0].reasons.iter().find(|x| x.code == ReasonCode::Sdgs);
    assert!(s.is_some_and(|s| s.text_en.contains("goal 4")));
}

#[test]
fn priority_notes_for_3t_regions_without_cooperation() {
    let cities = vec![city(1, "A", "AA", "01", 100_000, 0.0, 0.0)];
    let pool = CandidatePool::build(&cities, &[], &countries());
    let mut border = region(
        "53.21",
        "Kabupaten Perbatasan",
        RegionType::Kabupaten,
        100_000,
        -9.0,
        124.0,
    );
    border.land_border_countries = vec![cc("TL")];
    let plain = region("32.04", "Kabupaten Biasa", RegionType::Kabupaten, 100_000, -7.0, 107.0);
    let w = Weights::default();
    let rb = recommend(&pool, &Query::region(&border), &w, 1);
    let rp = recommend(&pool, &Query::region(&plain), &w, 1);
    assert_eq!(rb.priority, w.boost_3t + w.boost_no_cooperation);
    assert_eq!(rp.priority, w.boost_no_cooperation);
    let codes: Vec<ReasonCode> = rb.notes.iter().map(|n| n.code).collect();
    assert_eq!(codes, [ReasonCode::Region3t, ReasonCode::NoForeignCooperation]);
    let mut q = Query::region(&plain);
    q.existing_partners = vec![PlaceRef::City(GeonameId(1))];
    assert_eq!(recommend(&pool, &q, &w, 1).priority, 0.0);
    // The board puts the 3T region first; the priority does not change a region's own order.
    let order = board_order(&[
        (&QueryPlace::from_region(&plain), &rp),
        (&QueryPlace::from_region(&border), &rb),
    ]);
    assert_eq!(order, [1, 0]);
}

#[test]
fn a_graph_from_another_pool_is_ignored() {
    let a = CandidatePool::build(&[city(1, "A", "AA", "01", 1000, 0.0, 0.0)], &[], &countries());
    let b = CandidatePool::build(
        &[
            city(1, "A", "AA", "01", 1000, 0.0, 0.0),
            city(2, "B", "AA", "01", 1000, 0.0, 0.0),
        ],
        &[],
        &countries(),
    );
    let g = GraphBuilder::new(&a).build();
    let kota = region("32.73", "Kota Uji", RegionType::Kota, 1000, 0.0, 0.0);
    let r = recommend(&b, &Query::region(&kota).with_network(&g), &Weights::default(), 5);
    assert_eq!(r.items.len(), 2);
}
