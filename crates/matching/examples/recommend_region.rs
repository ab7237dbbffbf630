//! Prints the recommendations for one Indonesian region, with reasons in both languages.
//!
//! `cargo run --release -p jalin-matching --example recommend_region -- 32.73 [top_k]`
//! (uses the world twin-town list when `JALIN_SHARED_DATA` has it).

#[path = "../tests/support/mod.rs"]
mod support;

use jalin_matching::{CandidatePool, GraphBuilder, Query, Recommender, Weights};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let code = args.get(1).map(String::as_str).unwrap_or("32.73");
    let top_k = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(10);
    let r = support::reference();
    let Some(region) = r.regions.iter().find(|x| x.code.as_str() == code) else {
        eprintln!("no region {code}");
        std::process::exit(2);
    };
    let pool = CandidatePool::build(&r.cities, &r.subdivisions, &r.countries);
    let twinnings = support::twinnings().unwrap_or_default();
    let graph = GraphBuilder::new(&pool)
        .regions(&r.regions)
        .twinnings(&twinnings)
        .build();
    let mut rec = Recommender::new(&pool, &Weights::default());
    let ranking = rec.recommend(&Query::region(region).with_network(&graph), top_k);
    println!(
        "{} ({}), {} candidates, priority {}",
        region.name, region.region_type, ranking.candidates, ranking.priority
    );
    for n in &ranking.notes {
        println!("  note: {} / {}", n.text_id, n.text_en);
    }
    for item in &ranking.items {
        println!(
            "{:>3}. {} ({}) score {:.3}",
            item.rank, item.name, item.country_iso2, item.score
        );
        for x in &item.reasons {
            println!("       {:+.3} {} | {}", x.weight, x.text_id, x.text_en);
        }
    }
}
