//! Timing of the recommender on the real reference data (prints, asserts nothing).
//!
//! `CARGO_TARGET_DIR=… cargo bench -p jalin-matching --bench recommend`
//!
//! Uses the embedded cities, subdivisions, countries and regions, plus the world twin-town
//! list when `world_twinnings.csv` is in `JALIN_SHARED_DATA` (default `/work/shared/data`),
//! plus a few well-known Indonesian sister-city links so regions have existing partners.

#[path = "../tests/support/mod.rs"]
mod support;

use jalin_domain::codes::CountryCode;
use jalin_domain::reference::RegionType;
use jalin_matching::{CandidatePool, GraphBuilder, Partnership, PlaceRef, Query, Recommender, Weights};
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let t = Instant::now();
    let r = support::reference();
    println!("load embedded reference data: {:.1?}", t.elapsed());

    let t = Instant::now();
    let pool = CandidatePool::build(&r.cities, &r.subdivisions, &r.countries);
    println!(
        "CandidatePool::build: {:.1?} ({} places, {} eligible)",
        t.elapsed(),
        pool.len(),
        pool.eligible_len()
    );

    let twinnings = support::twinnings().unwrap_or_else(|why| {
        println!("world twinnings not used: {why}");
        Vec::new()
    });
    // A few sister-city links from the domain notes, resolved by name.
    let city = |name: &str, cc: &str| {
        let cc: CountryCode = cc.parse().ok()?;
        pool.places()
            .iter()
            .filter(|c| c.name == name && c.country_iso2 == cc)
            .max_by_key(|c| c.population)
            .and_then(|c| c.place_ref())
    };
    let links = [
        ("32.73", "Braunschweig", "DE"),
        ("32.73", "Suwon", "KR"),
        ("32.73", "Fort Worth", "US"),
        ("35.78", "Seattle", "US"),
        ("35.78", "Guangzhou", "CN"),
        ("35.78", "Shah Alam", "MY"),
        ("33.74", "Brisbane", "AU"),
        ("12.71", "Gwangju", "KR"),
    ];
    let t = Instant::now();
    let mut builder = GraphBuilder::new(&pool);
    builder.regions(&r.regions).twinnings(&twinnings);
    for (region, name, cc) in links {
        if let (Ok(code), Some(place)) = (region.parse(), city(name, cc)) {
            builder.partnership(Partnership::new(PlaceRef::Region(code), place));
        }
    }
    let graph = builder.build();
    println!("GraphBuilder::build: {:.1?} ({:?})", t.elapsed(), graph.stats());

    let weights = Weights::default();
    let mut rec = Recommender::new(&pool, &weights);
    let bandung = r
        .regions
        .iter()
        .find(|x| x.code.as_str() == "32.73")
        .expect("Kota Bandung");

    // One region: score all candidates, and the full top-50 with reasons.
    let q = Query::region(bandung).with_network(&graph);
    let mut score_times = Vec::new();
    let mut top_times = Vec::new();
    for _ in 0..30 {
        let t = Instant::now();
        let s = rec.score_all(&q);
        std::hint::black_box(s);
        score_times.push(t.elapsed());
        let t = Instant::now();
        let ranking = rec.recommend(&q, 50);
        std::hint::black_box(&ranking);
        top_times.push(t.elapsed());
    }
    println!(
        "one region (Kota Bandung), {} candidates: score all median {:.2?}, recommend top 50 with reasons median {:.2?}",
        pool.eligible_len(),
        median(score_times),
        median(top_times)
    );
    let ranking = rec.recommend(&q, 5);
    for item in &ranking.items {
        println!(
            "  {}. {} ({}) {:.3}: {}",
            item.rank,
            item.name,
            item.country_iso2,
            item.score,
            item.reasons
                .iter()
                .map(|x| x.text_en.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        );
    }

    // All autonomous regions, top 10 each.
    let regions: Vec<_> = r.regions.iter().filter(|x| x.is_autonomous()).collect();
    let t = Instant::now();
    let mut n = 0;
    for region in &regions {
        n += rec
            .recommend(&Query::region(region).with_network(&graph), 10)
            .items
            .len();
    }
    println!(
        "all {} autonomous regions ({} provinces), top 10 each, 1 thread: {:.2?} ({n} items)",
        regions.len(),
        regions.iter().filter(|x| x.region_type == RegionType::Provinsi).count(),
        t.elapsed()
    );
    let t = Instant::now();
    let (pool_ref, graph_ref, weights_ref) = (&pool, &graph, &weights);
    let total: usize = std::thread::scope(|scope| {
        let handles: Vec<_> = regions
            .chunks(regions.len().div_ceil(2))
            .map(|chunk| {
                scope.spawn(move || {
                    let mut rec = Recommender::new(pool_ref, weights_ref);
                    chunk
                        .iter()
                        .map(|region| {
                            rec.recommend(&Query::region(region).with_network(graph_ref), 10)
                                .items
                                .len()
                        })
                        .sum::<usize>()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or(0)).sum()
    });
    println!(
        "all {} autonomous regions, top 10 each, 2 threads: {:.2?} ({total} items)",
        regions.len(),
        t.elapsed()
    );
}
