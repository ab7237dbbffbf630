//! The search box: any text a user types is parsed into a tantivy query and run against a
//! small index of every kind of record. A panic or an error (which the API would answer
//! with 500) is a finding; so is a snippet that breaks the port's promises.
#![no_main]

use jalin_app::ports::search::{SearchDoc, SearchIndex, SearchKind, SearchRequest};
use jalin_search::TantivyIndex;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

struct Fixture {
    runtime: tokio::runtime::Runtime,
    index: TantivyIndex,
}

fn doc(id: &str, kind: SearchKind, title: &str, text_id: &str, text_en: &str, names: &str) -> SearchDoc {
    SearchDoc {
        id: id.to_owned(),
        kind: Some(kind),
        title: title.to_owned(),
        text_id: text_id.to_owned(),
        text_en: text_en.to_owned(),
        names: names.to_owned(),
        href: format!("/{id}"),
        form: Some("KSDPL".to_owned()),
        status: Some("in_force".to_owned()),
        year: Some(2023),
        provinces: vec!["64".to_owned()],
        regions: vec!["64.02".to_owned()],
        countries: vec!["JP".to_owned()],
        fields: vec!["pendidikan".to_owned()],
        sdg_goals: vec!["4".to_owned()],
        visibility: vec!["public".to_owned()],
    }
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a runtime");
        let index = TantivyIndex::in_memory().expect("an index in memory");
        let docs = vec![
            doc(
                "agreement:1",
                SearchKind::Agreement,
                "Kerja sama Kutai Kartanegara – Kitakyushu",
                "Pendidikan dan kebudayaan: pertukaran pelajar dan mendidik generasi muda.",
                "Education and culture: student exchanges.",
                "Kutai Kartanegara Kitakyushu Jepang",
            ),
            doc(
                "partner:2",
                SearchKind::Partner,
                "Kota Suwon",
                "Pemerintah kota di Provinsi Gyeonggi.",
                "City government in Gyeonggi Province.",
                "Suwon Gyeonggi Korea",
            ),
            doc(
                "case:3",
                SearchKind::Case,
                "Usulan kerja sama Bandung – Braunschweig",
                "Surat minat (LoI) tentang pengelolaan sampah 100% dan air bersih.",
                "Letter of intent on waste management and clean water.",
                "Bandung Braunschweig Jerman",
            ),
            doc(
                "document:4",
                SearchKind::Document,
                "Naskah MoU.pdf",
                "Pasal 1: ruang lingkup. Pasal 2: jangka waktu (5 tahun).",
                "Article 1: scope. Article 2: term (5 years).",
                "",
            ),
        ];
        runtime
            .block_on(index.apply(docs, Vec::new(), &jalin_app::ports::search::SearchCursor { database: "fuzz".into(), generation: 1, seq: 1 }))
            .expect("indexing the fixture");
        Fixture { runtime, index }
    })
}


fuzz_target!(|data: &[u8]| {
    let Ok(q) = std::str::from_utf8(data) else {
        return;
    };
    if q.len() > 1000 {
        return; // the query string is bounded at the edge
    }
    let f = fixture();
    let request = SearchRequest {
        q: q.to_owned(),
        limit: 10,
        ..SearchRequest::default()
    };
    let results = match f.runtime.block_on(f.index.search(&request)) {
        Ok(results) => results,
        // KNOWN: `field:*` (an unknown or not-fast field) is an error, a 500; it is being
        // fixed separately (docs/fuzzing.md). Remove this arm once that fix is merged.
        Err(e) => panic!("search for {q:?} failed (a 500): {e:#}"),
    };
    assert!(results.hits.len() <= 10);
    assert!(results.total >= results.hits.len() as u64);
    for hit in &results.hits {
        let text = &hit.snippet.text;
        let mut end = 0;
        for r in &hit.snippet.highlights {
            assert!(
                r.start >= end && r.start < r.end,
                "highlights out of order: {:?}",
                hit.snippet
            );
            assert!(text.get(r.clone()).is_some(), "a highlight off a character boundary");
            end = r.end;
        }
    }
});
