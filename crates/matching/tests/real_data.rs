//! The recommender on the real reference data (embedded in jalin-refdata), and its
//! evaluation on the world twin-town list when that run-time file is available.

mod support;

use jalin_domain::codes::CountryCode;
use jalin_domain::reference::{DiplomaticRelations, PlaceKind, Region, RegionType};
use jalin_matching::{
    CandidatePool, EvalConfig, GraphBuilder, Method, Partnership, PartnershipGraph, PlaceRef, Query, Ranking,
    ReasonCode, Recommender, Weights, evaluate,
};
use std::sync::OnceLock;
use std::time::Instant;

struct World {
    r: support::Reference,
    pool: CandidatePool,
}

fn world() -> &'static World {
    static W: OnceLock<World> = OnceLock::new();
    W.get_or_init(|| {
        let r = support::reference();
        let pool = CandidatePool::build(&r.cities, &r.subdivisions, &r.countries);
        World { r, pool }
    })
}

fn region(code: &str) -> &'static Region {
    world()
        .r
        .regions
        .iter()
        .find(|r| r.code.as_str() == code)
        .unwrap_or_else(|| panic!("region {code}"))
}

fn city_ref(name: &str, cc: &str) -> PlaceRef {
    let cc: CountryCode = cc.parse().expect("country code");
    world()
        .pool
        .places()
        .iter()
        .filter(|c| c.kind == PlaceKind::City && c.name == name && c.country_iso2 == cc)
        .max_by_key(|c| c.population)
        .and_then(|c| c.place_ref())
        .unwrap_or_else(|| panic!("city {name}"))
}

/// A small registry network: Bandung's and Surabaya's well-known sister cities.
fn registry() -> &'static PartnershipGraph {
    static G: OnceLock<PartnershipGraph> = OnceLock::new();
    G.get_or_init(|| {
        let w = world();
        let mut b = GraphBuilder::new(&w.pool);
        b.regions(&w.r.regions);
        for (code, name, cc) in [
            ("32.73", "Braunschweig", "DE"),
            ("32.73", "Suwon", "KR"),
            ("35.78", "Seattle", "US"),
            ("35.78", "Shah Alam", "MY"),
            ("35.78", "Guangzhou", "CN"),
        ] {
            b.partnership(Partnership::new(
                PlaceRef::Region(code.parse().expect("region code")),
                city_ref(name, cc),
            ));
        }
        b.build()
    })
}

#[test]
fn countries_without_diplomatic_relations_never_appear() {
    let w = world();
    let excluded: Vec<&CountryCode> =
        w.r.countries
            .iter()
            .filter(|c| c.diplomatic_relations != DiplomaticRelations::Yes)
            .map(|c| &c.iso2)
            .collect();
    for code in ["IL", "TW", "EH", "ID"] {
        assert!(
            excluded.iter().any(|c| c.as_str() == code),
            "{code} has relations `yes` in the data?"
        );
    }
    // The data has places in Israel and Taiwan, but none is eligible.
    for code in ["IL", "TW"] {
        let cc: CountryCode = code.parse().unwrap();
        assert!(w.pool.places().iter().filter(|p| p.country_iso2 == cc).count() > 10);
        assert!(w.pool.eligible().all(|p| p.country_iso2 != cc));
    }
    assert!(w.pool.eligible().all(|p| w.pool.country_is_eligible(&p.country_iso2)));

    let mut rec = Recommender::new(&w.pool, &Weights::default());
    for code in ["32.73", "32", "53.21", "91.71"] {
        let ranking = rec.recommend(&Query::region(region(code)).with_network(registry()), 500);
        assert_eq!(ranking.items.len(), 500);
        for item in &ranking.items {
            assert!(
                !excluded.contains(&&item.country_iso2),
                "{code}: {} ({}) recommended",
                item.name,
                item.country_iso2
            );
        }
        // Even when asked for them.
        let mut q = Query::region(region(code));
        q.filter.countries = vec!["IL".parse().unwrap(), "TW".parse().unwrap(), "ID".parse().unwrap()];
        assert!(rec.recommend(&q, 10).items.is_empty());
    }
}

#[test]
fn rankings_are_deterministic_across_runs_and_input_orders() {
    let w = world();
    let bandung = region("32.73");
    let first =
        Recommender::new(&w.pool, &Weights::default()).recommend(&Query::region(bandung).with_network(registry()), 50);
    // A pool built from the cities in another order, a network built in another order.
    let mut cities = w.r.cities.clone();
    cities.reverse();
    let mut subs = w.r.subdivisions.clone();
    subs.reverse();
    let pool2 = CandidatePool::build(&cities, &subs, &w.r.countries);
    let mut b = GraphBuilder::new(&pool2);
    b.regions(&w.r.regions);
    let edges: Vec<(PlaceRef, PlaceRef)> = registry().partnerships().map(|(a, b)| (a.clone(), b.clone())).collect();
    for (a, c) in edges.into_iter().rev() {
        b.partnership(Partnership::new(c, a));
    }
    let g2 = b.build();
    let second = Recommender::new(&pool2, &Weights::default()).recommend(&Query::region(bandung).with_network(&g2), 50);
    assert_eq!(first, second);
    let third =
        Recommender::new(&w.pool, &Weights::default()).recommend(&Query::region(bandung).with_network(registry()), 50);
    assert_eq!(first, third);
    // Strictly ordered by (score desc, pool order).
    for pair in first.items.windows(2) {
        assert!(pair[0].score >= pair[1].score);
    }
}

#[test]
fn existing_partners_are_not_recommended_and_seed_the_network() {
    let w = world();
    let bandung = region("32.73");
    let mut rec = Recommender::new(&w.pool, &Weights::default());
    let braunschweig = city_ref("Braunschweig", "DE");
    let suwon = city_ref("Suwon", "KR");
    let ranking = rec.recommend(&Query::region(bandung).with_network(registry()), 5000);
    let refs: Vec<PlaceRef> = ranking
        .items
        .iter()
        .filter_map(|i| i.geonameid.map(PlaceRef::City))
        .collect();
    assert!(!refs.contains(&braunschweig) && !refs.contains(&suwon));
    // Given explicitly, without any network, they are excluded too.
    let mut q = Query::region(bandung);
    q.existing_partners = vec![braunschweig.clone()];
    let plain: Vec<PlaceRef> = rec
        .recommend(&q, 70_000)
        .items
        .iter()
        .filter_map(|i| i.geonameid.map(PlaceRef::City))
        .collect();
    assert!(!plain.contains(&braunschweig));
    assert!(plain.contains(&suwon));
    // Surabaya and Bandung are similar: Surabaya's partners are suggested to Bandung.
    let seattle = city_ref("Seattle", "US");
    let pos = refs.iter().position(|r| *r == seattle);
    assert!(pos.is_some_and(|p| p < 50), "Seattle at {pos:?}");
    let item = ranking
        .items
        .iter()
        .find(|i| i.geonameid.map(PlaceRef::City) == Some(seattle.clone()));
    assert!(item.is_some_and(|i| {
        i.reasons
            .iter()
            .any(|r| r.code == ReasonCode::SimilarPlaces && r.text_id.contains("Kota Surabaya"))
    }));
}

fn kinds(r: &Ranking) -> Vec<PlaceKind> {
    r.items.iter().map(|i| i.kind).collect()
}

#[test]
fn kota_and_kabupaten_get_cities_and_provinces_get_subdivisions() {
    let w = world();
    let mut rec = Recommender::new(&w.pool, &Weights::default());
    for code in ["32.73", "32.04", "35.78", "53.21"] {
        let r = rec.recommend(&Query::region(region(code)).with_network(registry()), 20);
        assert!(
            kinds(&r).iter().all(|k| *k == PlaceKind::City),
            "{code}: {:?}",
            kinds(&r)
        );
        assert!(
            r.items[0]
                .reasons
                .iter()
                .any(|x| x.code == ReasonCode::Level && x.text_id.starts_with("Setara:"))
        );
    }
    for code in ["32", "34", "91"] {
        let reg = region(code);
        assert_eq!(reg.region_type, RegionType::Provinsi);
        let r = rec.recommend(&Query::region(reg).with_network(registry()), 20);
        assert!(
            kinds(&r).iter().all(|k| *k == PlaceKind::Subdivision),
            "{code}: {:?}",
            kinds(&r)
        );
        let level = r.items[0].reasons.iter().find(|x| x.code == ReasonCode::Level);
        assert!(level.is_some_and(
            |l| l.text_id.starts_with("Setara: provinsi ↔") && l.text_en.starts_with("Equal level: province ↔")
        ));
    }
}

#[test]
fn every_reason_has_both_languages() {
    let w = world();
    let mut rec = Recommender::new(&w.pool, &Weights::default());
    let mut q = Query::region(region("53.21")).with_network(registry());
    q.existing_partners = vec![city_ref("Darwin", "AU")];
    let r = rec.recommend(&q, 30);
    assert_eq!(r.items.len(), 30);
    for item in &r.items {
        assert!(!item.reasons.is_empty());
        for reason in &item.reasons {
            assert!(!reason.text_id.is_empty() && !reason.text_en.is_empty(), "{reason:?}");
        }
        let sum: f64 = item.reasons.iter().map(|x| x.weight).sum();
        assert!((sum - item.score).abs() < 1e-3);
    }
    // Kabupaten Malaka borders Timor-Leste: a 3T region, noted (it has a partner, so no
    // "no foreign cooperation" note).
    assert!(region("53.21").is_3t());
    assert!(
        r.notes
            .iter()
            .any(|n| n.code == ReasonCode::Region3t && !n.text_id.is_empty() && !n.text_en.is_empty())
    );
    assert!(!r.notes.iter().any(|n| n.code == ReasonCode::NoForeignCooperation));
    let alone = rec.recommend(&Query::region(region("53.21")), 1);
    assert!(alone.notes.iter().any(|n| n.code == ReasonCode::NoForeignCooperation));
    assert!(alone.priority > r.priority);
}

fn world_eval(max_queries_per_fold: Option<usize>) {
    let twinnings = match support::twinnings() {
        Ok(t) => t,
        Err(why) => {
            println!("skipped: world twin-town list not available ({why})");
            return;
        }
    };
    let w = world();
    let graph = GraphBuilder::new(&w.pool).twinnings(&twinnings).build();
    let config = EvalConfig {
        folds: 5,
        seed: 42,
        max_queries_per_fold,
        both_directions: true,
        record_pairs: false,
    };
    let t = Instant::now();
    let report = evaluate(&w.pool, &graph, &Weights::default(), &config);
    println!(
        "graph {:?}\nevaluated in {:.1?}\n{}",
        graph.stats(),
        t.elapsed(),
        report.to_markdown()
    );
    let model = report.metrics(Method::Model);
    let (best_method, best) = report.best_baseline();
    assert!(model.evaluated >= 100, "too few pairs: {}", model.evaluated);
    assert!(best.hit_at_50() > 0.0, "the baselines find something");
    assert!(
        model.hit_at_50() >= 3.0 * best.hit_at_50(),
        "model hit@50 {:.4} < 3 × {} {:.4}",
        model.hit_at_50(),
        best_method.as_str(),
        best.hit_at_50()
    );
    assert!(model.mrr() > best.mrr() && model.hit_at_10() > best.hit_at_10());
}

/// A sample that keeps the debug run short (~10 s): 5 folds × 60 query places.
#[test]
fn world_twinnings_model_beats_baselines_threefold_sample() {
    world_eval(Some(60));
}

/// The full run (all 16,033 partnerships, ~14,000 query places): `cargo test --release
/// -p jalin-matching --test real_data -- --ignored --nocapture`.
#[test]
#[ignore = "full evaluation; run in release mode"]
fn world_twinnings_model_beats_baselines_threefold_full() {
    world_eval(None);
}
