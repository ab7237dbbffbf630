//! Registry benchmark: import of 100,000 generated agreements from CSV, filtered-list
//! latency at that size, and peak memory. Run with `cargo bench -p jalin-cli --bench
//! registry`; set `JALIN_BENCH_N` for another size and `JALIN_TEST_POSTGRES_URL` to also
//! measure PostgreSQL. Prints a Markdown report (copied into docs/benchmarks.md).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use jalin_app::ports::store::Page;
use jalin_app::registry::AgreementQuery;
use jalin_app::registry::{ExchangeFormat, ImportOptions};
use jalin_devdata::generate::{GeneratorReference, generate};
use jalin_testkit::{TestDb, test_now};
use std::time::{Duration, Instant};

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

fn queries() -> Vec<(&'static str, AgreementQuery)> {
    let q = |f: fn(&mut AgreementQuery)| {
        let mut q = AgreementQuery::default();
        f(&mut q);
        q
    };
    vec![
        ("no filter (newest first)", AgreementQuery::default()),
        ("form=KSDPL", q(|q| q.form = Some("KSDPL".into()))),
        ("status=in_force", q(|q| q.status = Some("in_force".into()))),
        ("region=32.73", q(|q| q.region = Some("32.73".into()))),
        ("province=35", q(|q| q.province = Some("35".into()))),
        ("country=JP", q(|q| q.country = Some("JP".into()))),
        ("field=1.01", q(|q| q.field = Some("1.01".into()))),
        ("sdg=4 (goal)", q(|q| q.sdg = Some("4".into()))),
        ("year=2022", q(|q| q.year = Some("2022".into()))),
        (
            "form=KSDPL&country=KR&status=in_force",
            q(|q| {
                q.form = Some("KSDPL".into());
                q.country = Some("KR".into());
                q.status = Some("in_force".into());
            }),
        ),
        (
            "province=32&sdg=4&year=2021",
            q(|q| {
                q.province = Some("32".into());
                q.sdg = Some("4".into());
                q.year = Some("2021".into());
            }),
        ),
        ("page 50 (offset 1000)", AgreementQuery::default()),
    ]
}

async fn run(db: TestDb, csv: &[u8], n: usize, report: &mut String) {
    let app = db.app().await;
    let ctx = app.system_ctx("bench");
    let started = Instant::now();
    let stages: std::sync::Mutex<Vec<(&'static str, Duration)>> = std::sync::Mutex::new(Vec::new());
    let result = app
        .registry
        .import_agreements(&ctx, csv, ExchangeFormat::Csv, ImportOptions::add(), &|p| {
            let mut s = stages.lock().unwrap();
            if s.last().map(|(name, _)| *name) != Some(p.stage) {
                s.push((p.stage, started.elapsed()));
            }
        })
        .await
        .unwrap();
    let import = started.elapsed();
    let stages = stages.into_inner().unwrap();
    let mut breakdown = Vec::new();
    for (i, (name, at)) in stages.iter().enumerate() {
        let end = stages.get(i + 1).map(|(_, t)| *t).unwrap_or(import);
        breakdown.push(format!("{name} {:.2} s", (end - *at).as_secs_f64()));
    }
    assert_eq!(result.inserted, n);
    report.push_str(&format!(
        "\n### {}\n\nImport of {n} agreements from CSV ({:.1} MB, {} new partners): **{:.2} s** ({:.0} agreements/s)\n\n",
        db.backend,
        csv.len() as f64 / 1e6,
        result.new_partners,
        import.as_secs_f64(),
        n as f64 / import.as_secs_f64()
    ));
    report.push_str(&format!(
        "Stages: parsing {:.2} s, then {}.\n\n",
        stages.first().map(|(_, t)| t.as_secs_f64()).unwrap_or(0.0),
        breakdown.join(", ")
    ));
    report
        .push_str("| query (limit 20, with total) | matches | p50 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|\n");
    let mut all = Vec::new();
    // The public registry, as an anonymous visitor sees it (signed agreements only).
    let visitor = app.ctx(jalin_app::ctx::Actor::Anonymous, "bench");
    for (name, query) in queries() {
        let page = if name.starts_with("page 50") {
            Page::new(Some(20), Some(1000))
        } else {
            Page::new(Some(20), None)
        };
        // Warm up caches the way a running server would have them.
        let total = app
            .registry
            .list_agreements(&visitor, &query, page)
            .await
            .unwrap()
            .total;
        let mut times = Vec::with_capacity(200);
        for _ in 0..200 {
            let t = Instant::now();
            let l = app.registry.list_agreements(&visitor, &query, page).await.unwrap();
            times.push(t.elapsed());
            assert_eq!(l.total, total);
        }
        times.sort();
        all.extend(times.iter().copied());
        report.push_str(&format!(
            "| `{name}` | {total} | {} | {} | {} |\n",
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.99)),
            ms(*times.last().unwrap())
        ));
    }
    all.sort();
    report.push_str(&format!(
        "| **all queries** | | **{}** | **{}** | {} |\n",
        ms(percentile(&all, 0.5)),
        ms(percentile(&all, 0.99)),
        ms(*all.last().unwrap())
    ));
    db.cleanup().await;
}

#[tokio::main]
async fn main() {
    let n: usize = std::env::var("JALIN_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let datasets = jalin_refdata::load(None).unwrap();
    let r = GeneratorReference::from_datasets(&datasets);
    let started = Instant::now();
    let records = generate(&r, n, 2026, test_now().date());
    let generation = started.elapsed();
    let mut csv = Vec::new();
    jalin_app::registry::write_inputs(&records, ExchangeFormat::Csv, &mut csv).unwrap();
    drop(records);
    drop(datasets);

    let mut report = format!(
        "## Registry benchmark ({n} agreements)\n\nMachine: {} cores, {}; generation of the dataset took {:.2} s.\n",
        std::thread::available_parallelism().map(|p| p.get()).unwrap_or(0),
        std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|c| c.lines().find(|l| l.starts_with("model name")).map(|l| l
                .split(':')
                .nth(1)
                .unwrap_or("")
                .trim()
                .to_owned()))
            .unwrap_or_else(|| "unknown CPU".to_owned()),
        generation.as_secs_f64()
    );
    run(TestDb::sqlite().await, &csv, n, &mut report).await;
    if let Some(db) = TestDb::postgres().await {
        run(db, &csv, n, &mut report).await;
    }
    report.push_str(&format!(
        "\nPeak resident memory of the benchmark process (VmHWM): **{:.0} MiB**\n",
        peak_rss_mib()
    ));
    println!("{report}");
}
