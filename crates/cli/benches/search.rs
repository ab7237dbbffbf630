//! Search benchmark: index 100,000 generated agreements (through the application's own
//! rebuild, from the database) plus 10,000 generated document texts into the tantivy index
//! on disk; time typical queries through `App::search` (authorization scope, catch-up check
//! against the search log, facets, snippets); then run the same queries on SQLite FTS5 over
//! the same text. Run with `cargo bench -p jalin-cli --bench search`; `JALIN_BENCH_N` and
//! `JALIN_BENCH_DOCS` change the sizes. Prints a Markdown report (copied into
//! docs/benchmarks.md).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use async_trait::async_trait;
use jalin_app::ctx::Actor;
use jalin_app::ports::search::{
    SearchCursor, SearchDoc, SearchHit, SearchIndex, SearchKind, SearchRequest, SearchResults,
};
use jalin_app::registry::{ExchangeFormat, ImportOptions};
use jalin_app::search::SearchQuery;
use jalin_devdata::generate::{GeneratorReference, SplitMix64, generate};
use jalin_search::TantivyIndex;
use jalin_testkit::{TestDb, test_now};
use sqlx::{Connection, Row, SqliteConnection};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Passes everything to the real index and keeps a copy of what was indexed, so that FTS5
/// gets exactly the same text.
struct Recording {
    inner: Arc<TantivyIndex>,
    seen: Mutex<Vec<SearchDoc>>,
}

#[async_trait]
impl SearchIndex for Recording {
    async fn cursor(&self) -> anyhow::Result<SearchCursor> {
        self.inner.cursor().await
    }
    async fn apply(&self, upserts: Vec<SearchDoc>, deletes: Vec<String>, cursor: &SearchCursor) -> anyhow::Result<()> {
        self.seen.lock().unwrap().extend(upserts.iter().cloned());
        self.inner.apply(upserts, deletes, cursor).await
    }
    async fn clear(&self, cursor: &SearchCursor) -> anyhow::Result<()> {
        self.seen.lock().unwrap().clear();
        self.inner.clear(cursor).await
    }
    async fn search(&self, request: &SearchRequest) -> anyhow::Result<SearchResults> {
        self.inner.search(request).await
    }
    async fn similar(&self, id: &str, visible_to: Option<Vec<String>>, limit: usize) -> anyhow::Result<Vec<SearchHit>> {
        self.inner.similar(id, visible_to, limit).await
    }
    async fn len(&self) -> anyhow::Result<u64> {
        self.inner.len().await
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

/// Sentences of the kind found in cooperation plans, studies and reports, with the
/// inflected forms the Indonesian analyzer has to bring together.
const SENTENCES: &[&str] = &[
    "Kedua pihak sepakat untuk meningkatkan kualitas pendidikan melalui pertukaran guru dan pelajar.",
    "Program ini mendidik tenaga pengajar di sekolah dasar dan menengah di daerah terpencil.",
    "Pembangunan infrastruktur jalan dan jembatan menjadi prioritas rencana kerja tahunan.",
    "Pemerintah daerah membangun kapasitas aparatur melalui pelatihan dan magang.",
    "Kerja sama di bidang pariwisata mencakup promosi bersama dan pengembangan desa wisata.",
    "Para petani dilatih mengelola irigasi dan meningkatkan hasil pertanian padi.",
    "Pengelolaan sampah dan air bersih dibahas dalam pertemuan teknis kedua kota.",
    "Layanan kesehatan ibu dan anak diperkuat dengan pelatihan bidan desa.",
    "Nelayan memperoleh pendampingan teknologi perikanan dan pengolahan hasil laut.",
    "Usaha mikro, kecil dan menengah mendapat akses pasar melalui pameran dagang.",
    "Pertukaran budaya dan kesenian tradisional mempererat hubungan antarmasyarakat.",
    "Penanggulangan bencana dilakukan bersama melalui sistem peringatan dini.",
    "Energi terbarukan dikembangkan di pulau-pulau kecil dengan panel surya.",
    "Laporan pelaksanaan disampaikan kepada Menteri Dalam Negeri setiap tahun.",
    "Rencana kerja sama telah mendapat persetujuan DPRD sesuai ketentuan peraturan.",
    "The parties agree to exchange expertise in urban planning and public transport.",
    "Teachers from both cities took part in training on digital learning.",
    "A joint working group monitors the implementation of the annual action plan.",
    "Kota kembar ini bekerja sama dalam penataan ruang dan transportasi publik.",
    "Beasiswa diberikan kepada mahasiswa berprestasi untuk belajar di universitas mitra.",
];

fn document_text(rng: &mut SplitMix64) -> String {
    let sentences = 12 + rng.scaled_below(24);
    let mut out = String::new();
    for _ in 0..sentences {
        out.push_str(rng.pick::<&str>(SENTENCES));
        out.push(' ');
    }
    out
}

fn queries() -> Vec<(&'static str, SearchQuery)> {
    let q = |text: &str, f: fn(&mut SearchQuery)| {
        let mut q = SearchQuery {
            q: Some(text.to_owned()),
            ..SearchQuery::default()
        };
        f(&mut q);
        q
    };
    vec![
        ("pendidikan", q("pendidikan", |_| {})),
        ("kerja sama pariwisata", q("kerja sama pariwisata", |_| {})),
        ("pembangunan infrastruktur", q("pembangunan infrastruktur", |_| {})),
        ("sister city", q("sister city", |_| {})),
        ("Kitakyushu", q("Kitakyushu", |_| {})),
        ("Kitakyusu (typo)", q("Kitakyusu", |_| {})),
        (
            "pendidikan, form=KSDPL",
            q("pendidikan", |q| q.form = Some("KSDPL".into())),
        ),
        ("air bersih, sdg=6", q("air bersih", |q| q.sdg = Some("6".into()))),
        (
            "mendidik guru, documents",
            q("mendidik guru", |q| q.kind = Some("document".into())),
        ),
        ("kesehatan ibu anak", q("kesehatan ibu anak", |_| {})),
    ]
}

/// The same query for FTS5: words joined by AND (FTS5's default), no stemming.
fn fts5_match(q: &SearchQuery) -> String {
    q.q.as_deref()
        .unwrap_or_default()
        .split_whitespace()
        .map(|w| format!("\"{}\"", w.replace('"', "")))
        .collect::<Vec<_>>()
        .join(" ")
}

fn fts5_filter(q: &SearchQuery) -> String {
    let mut sql = String::new();
    if let Some(f) = &q.form {
        sql.push_str(&format!(" AND form = '{f}'"));
    }
    if let Some(g) = &q.sdg {
        sql.push_str(&format!(" AND (' ' || sdgs || ' ') LIKE '% {g} %'"));
    }
    if let Some(k) = &q.kind {
        sql.push_str(&format!(" AND kind = '{k}'"));
    }
    sql
}

#[tokio::main]
async fn main() {
    let n: usize = std::env::var("JALIN_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let documents: usize = std::env::var("JALIN_BENCH_DOCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let runs = 200;

    // The registry, imported the way `jalin import agreements` does.
    let datasets = jalin_refdata::load(None).unwrap();
    let r = GeneratorReference::from_datasets(&datasets);
    let records = generate(&r, n, 2026, test_now().date());
    let mut csv = Vec::new();
    jalin_app::registry::write_inputs(&records, ExchangeFormat::Csv, &mut csv).unwrap();
    drop(records);
    drop(datasets);
    let db = TestDb::sqlite().await;
    let dir = tempfile::tempdir().unwrap();
    let tantivy = Arc::new(TantivyIndex::open(dir.path()).unwrap());
    let recording = Arc::new(Recording {
        inner: tantivy.clone(),
        seen: Mutex::new(Vec::new()),
    });
    let app = db.app_builder().with_search(recording.clone()).build().await.unwrap();
    let system = app.system_ctx("bench");
    app.registry
        .import_agreements(&system, &csv, ExchangeFormat::Csv, ImportOptions::add(), &|_| {})
        .await
        .unwrap();
    drop(csv);

    // Indexing through the application: everything read back from the database.
    let started = Instant::now();
    let indexed = app.search.rebuild_search().await.unwrap();
    let rebuild = started.elapsed();

    // Document texts (as extracted from uploads), written straight to the index.
    let mut rng = SplitMix64::new(7);
    let cursor = tantivy.cursor().await.unwrap();
    let docs: Vec<SearchDoc> = (0..documents)
        .map(|i| SearchDoc {
            id: format!("document:bench-{i}"),
            kind: Some(SearchKind::Document),
            title: format!("Dokumen {i}"),
            text_id: document_text(&mut rng),
            href: format!("/kasus/bench/{i}"),
            visibility: vec!["public".to_owned()],
            ..SearchDoc::default()
        })
        .collect();
    let document_bytes: usize = docs.iter().map(|d| d.text_id.len()).sum();
    let started = Instant::now();
    for chunk in docs.chunks(1000) {
        recording.apply(chunk.to_vec(), Vec::new(), &cursor).await.unwrap();
    }
    let doc_indexing = started.elapsed();
    let total_docs = tantivy.len().await.unwrap();
    let index_bytes: u64 = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok()?.metadata().ok())
        .map(|m| m.len())
        .sum();

    let mut report = format!(
        "## Search benchmark ({n} agreements + {documents} documents)\n\nMachine: {} cores. \
         Index on disk in a temporary directory; SQLite registry.\n\n\
         Indexing: the application's rebuild (reading {indexed} agreements and partners back from \
         the database, building the documents, writing the index) took **{:.2} s**; \
         {documents} document texts ({:.1} MB) took **{:.2} s**. Index: {total_docs} documents, {:.0} MB on disk.\n\n",
        std::thread::available_parallelism().map(|p| p.get()).unwrap_or(0),
        rebuild.as_secs_f64(),
        document_bytes as f64 / 1e6,
        doc_indexing.as_secs_f64(),
        index_bytes as f64 / 1e6,
    );

    // The same text in SQLite FTS5.
    let fts_dir = tempfile::tempdir().unwrap();
    let mut fts = SqliteConnection::connect(&format!(
        "sqlite://{}?mode=rwc",
        fts_dir.path().join("fts.db").display()
    ))
    .await
    .unwrap();
    sqlx::query(
        "CREATE VIRTUAL TABLE docs USING fts5(title, body, names, kind UNINDEXED, form UNINDEXED, \
         sdgs UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')",
    )
    .execute(&mut fts)
    .await
    .unwrap();
    let seen = std::mem::take(&mut *recording.seen.lock().unwrap());
    let started = Instant::now();
    let mut tx = fts.begin().await.unwrap();
    for d in &seen {
        sqlx::query("INSERT INTO docs (title, body, names, kind, form, sdgs) VALUES (?, ?, ?, ?, ?, ?)")
            .bind(&d.title)
            .bind(format!("{}\n{}", d.text_id, d.text_en))
            .bind(&d.names)
            .bind(d.kind.map(|k| k.as_str()).unwrap_or_default())
            .bind(d.form.clone().unwrap_or_default())
            .bind(d.sdg_goals.join(" "))
            .execute(&mut *tx)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    let fts_indexing = started.elapsed();
    report.push_str(&format!(
        "FTS5 (`unicode61 remove_diacritics 2`, no stemming) over the same {} texts: inserting took {:.2} s.\n\n",
        seen.len(),
        fts_indexing.as_secs_f64()
    ));

    report.push_str(
        "Each query runs 200 times after one warm-up. Jalin: `App::search` as an anonymous \
         visitor (public documents only), 20 hits with snippets, total count and seven facet \
         counts. FTS5: `count(*)` plus the best 20 by `bm25` with `snippet()`, same filters as \
         columns, no facets.\n\n\
         | query | Jalin hits | Jalin p50 ms | Jalin p99 ms | FTS5 hits | FTS5 p50 ms | FTS5 p99 ms |\n\
         |---|---:|---:|---:|---:|---:|---:|\n",
    );
    let visitor = app.ctx(Actor::Anonymous, "bench");
    let mut all_jalin = Vec::new();
    let mut all_fts = Vec::new();
    for (name, query) in queries() {
        let total = app.search.search(&visitor, &query).await.unwrap().total;
        let mut times = Vec::with_capacity(runs);
        for _ in 0..runs {
            let t = Instant::now();
            let results = app.search.search(&visitor, &query).await.unwrap();
            times.push(t.elapsed());
            assert_eq!(results.total, total);
        }
        times.sort();
        all_jalin.extend(times.iter().copied());

        let expr = fts5_match(&query);
        let filter = fts5_filter(&query);
        let count_sql = format!("SELECT count(*) FROM docs WHERE docs MATCH ?1{filter}");
        let top_sql = format!(
            "SELECT rowid, snippet(docs, 1, '<b>', '</b>', '…', 16) FROM docs WHERE docs MATCH ?1{filter} \
             ORDER BY rank LIMIT 20"
        );
        let mut fts_times = Vec::with_capacity(runs);
        let mut fts_total = 0i64;
        for i in 0..=runs {
            let t = Instant::now();
            let count: i64 = sqlx::query(sqlx::AssertSqlSafe(count_sql.clone()))
                .bind(&expr)
                .fetch_one(&mut fts)
                .await
                .unwrap()
                .get(0);
            let top = sqlx::query(sqlx::AssertSqlSafe(top_sql.clone()))
                .bind(&expr)
                .fetch_all(&mut fts)
                .await
                .unwrap();
            let elapsed = t.elapsed();
            assert!(top.len() as i64 <= count);
            fts_total = count;
            if i > 0 {
                fts_times.push(elapsed);
            }
        }
        fts_times.sort();
        all_fts.extend(fts_times.iter().copied());
        report.push_str(&format!(
            "| `{name}` | {total} | {} | {} | {fts_total} | {} | {} |\n",
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.99)),
            ms(percentile(&fts_times, 0.5)),
            ms(percentile(&fts_times, 0.99)),
        ));
    }
    all_jalin.sort();
    all_fts.sort();
    report.push_str(&format!(
        "| **all queries** | | **{}** | **{}** | | **{}** | **{}** |\n",
        ms(percentile(&all_jalin, 0.5)),
        ms(percentile(&all_jalin, 0.99)),
        ms(percentile(&all_fts, 0.5)),
        ms(percentile(&all_fts, 0.99)),
    ));
    println!("{report}");
    db.cleanup().await;
}
