//! Runs the evaluation on the world twin-town graph and prints the results table.
//!
//! `cargo run --release -p jalin-matching --example eval_world -- [folds] [seed] [max_queries_per_fold] [weights.toml]`

#[path = "../tests/support/mod.rs"]
mod support;

use jalin_matching::{CandidatePool, EvalConfig, GraphBuilder, Weights, evaluate};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let folds = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(5);
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(42);
    let max = args.get(3).and_then(|s| s.parse().ok()).filter(|&m: &usize| m > 0);
    let weights: Weights = match args.get(4) {
        Some(path) => {
            let text = std::fs::read_to_string(path).expect("weights file");
            toml::from_str(&text).expect("weights TOML")
        }
        None => Weights::default(),
    };
    let t = Instant::now();
    let r = support::reference();
    let twinnings = match support::twinnings() {
        Ok(t) => t,
        Err(why) => {
            println!("skipped: {why}");
            return;
        }
    };
    let pool = CandidatePool::build(&r.cities, &r.subdivisions, &r.countries);
    let graph = GraphBuilder::new(&pool).twinnings(&twinnings).build();
    println!(
        "loaded in {:.1?}: {} places ({} eligible), graph {:?}",
        t.elapsed(),
        pool.len(),
        pool.eligible_len(),
        graph.stats()
    );
    let config = EvalConfig {
        folds,
        seed,
        max_queries_per_fold: max,
        both_directions: true,
        record_pairs: true,
    };
    let t = Instant::now();
    let report = evaluate(&pool, &graph, &weights, &config);
    println!("evaluated in {:.1?}", t.elapsed());
    print!("{}", report.to_markdown());
    // Buckets: does the query / the target still have partners in the training network?
    for (label, pred) in [
        ("query has partners, target has partners", (true, true)),
        ("query has partners, target has none", (true, false)),
        ("query has none, target has partners", (false, true)),
        ("query has none, target has none", (false, false)),
    ] {
        let sel: Vec<_> = report
            .pairs
            .iter()
            .filter(|p| (p.query_partners > 0, p.target_partners > 0) == pred)
            .collect();
        let n = sel.len().max(1) as f64;
        let h = |i: usize, k: u64| sel.iter().filter(|p| p.ranks[i] <= k).count() as f64 / n;
        println!(
            "{label}: n={} model hit@10 {:.3} hit@50 {:.3} | popular hit@50 {:.3} | nearest hit@50 {:.3}",
            sel.len(),
            h(0, 10),
            h(0, 50),
            h(2, 50),
            h(3, 50)
        );
    }
    let (m, best) = report.best_baseline();
    let model = report.metrics(jalin_matching::Method::Model);
    println!(
        "model hit@50 / best baseline ({}) hit@50 = {:.2}",
        m.as_str(),
        model.hit_at_50() / best.hit_at_50().max(1e-12)
    );
}
