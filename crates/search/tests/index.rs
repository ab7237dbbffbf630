//! The tantivy index: language analysis, facets, visibility, typos, similar documents.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use jalin_app::ports::search::{SearchCursor, SearchDoc, SearchIndex, SearchKind, SearchRequest, Snippet};
use jalin_search::TantivyIndex;

fn doc(id: &str, title: &str, text: &str, vis: &[&str]) -> SearchDoc {
    SearchDoc {
        id: id.into(),
        kind: Some(SearchKind::Agreement),
        title: title.into(),
        text_id: text.into(),
        names: title.into(),
        href: format!("/x/{id}"),
        form: Some("KSDPL".into()),
        status: Some("in_force".into()),
        year: Some(2024),
        provinces: vec!["64".into()],
        regions: vec!["64.02".into()],
        countries: vec!["JP".into()],
        sdg_goals: vec!["4".into()],
        visibility: vis.iter().map(|v| v.to_string()).collect(),
        ..SearchDoc::default()
    }
}

/// A cursor in the test database's log.
fn cur(generation: i64, seq: i64) -> SearchCursor {
    SearchCursor {
        database: "db1".into(),
        generation,
        seq,
    }
}

fn q(text: &str) -> SearchRequest {
    SearchRequest {
        q: text.into(),
        limit: 10,
        ..SearchRequest::default()
    }
}

/// The highlighted words of a snippet.
fn marked(snippet: &Snippet) -> Vec<&str> {
    snippet.highlights.iter().map(|r| &snippet.text[r.clone()]).collect()
}

#[tokio::test]
async fn snippets_are_plain_text_with_byte_ranges_of_the_matches() {
    let index = TantivyIndex::in_memory().unwrap();
    let text = "Tahap <b>dua</b> & “pendidikan” anak-anak di Kōbe.";
    index
        .apply(vec![doc("agreement:1", "Kōbe", text, &["public"])], vec![], &cur(0, 1))
        .await
        .unwrap();
    let r = index.search(&q("pendidikan")).await.unwrap();
    let snippet = &r.hits[0].snippet;
    // The passage as stored, not escaped (it ends with its last word).
    assert_eq!(snippet.text, "Tahap <b>dua</b> & “pendidikan” anak-anak di Kōbe");
    assert_eq!(marked(snippet), ["pendidikan"], "{snippet:?}");
    // Without words to match, the text's start is shown, unmarked.
    let r = index.search(&q("")).await.unwrap();
    assert_eq!(r.hits[0].snippet.text, text);
    assert!(r.hits[0].snippet.highlights.is_empty());
}

#[tokio::test]
async fn indonesian_words_meet_their_stems_and_visibility_holds() {
    let index = TantivyIndex::in_memory().unwrap();
    index
        .apply(
            vec![
                doc(
                    "agreement:1",
                    "Kerja sama Kutai Kartanegara dan Kitakyushu",
                    "Program ini mendidik guru dan didik siswa.",
                    &["public"],
                ),
                doc(
                    "agreement:2",
                    "Kerjasama perikanan Bandung",
                    "Pengembangan budidaya ikan air tawar.",
                    &["region:32.73"],
                ),
            ],
            vec![],
            &cur(0, 7),
        )
        .await
        .unwrap();
    assert_eq!(index.cursor().await.unwrap(), cur(0, 7));
    assert_eq!(index.len().await.unwrap(), 2);

    let r = index.search(&q("pendidikan")).await.unwrap();
    assert_eq!(r.total, 1, "{r:?}");
    assert_eq!(r.hits[0].id, "agreement:1");
    let snippet = &r.hits[0].snippet;
    assert_eq!(marked(snippet), ["mendidik", "didik"], "{snippet:?}");

    // Only who holds the token finds the draft.
    let mut public = q("perikanan");
    public.visible_to = Some(vec!["public".into()]);
    assert_eq!(index.search(&public).await.unwrap().total, 0);
    public.visible_to = Some(vec!["public".into(), "region:32.73".into()]);
    assert_eq!(index.search(&public).await.unwrap().total, 1);

    // A typo in a place name still finds it.
    let r = index.search(&q("Kitakyusu")).await.unwrap();
    assert_eq!(r.hits.first().map(|h| h.id.as_str()), Some("agreement:1"), "{r:?}");

    // Facets count the selection.
    let r = index.search(&q("")).await.unwrap();
    let form = r.facets.iter().find(|f| f.facet == "form").unwrap();
    assert_eq!(form.values, vec![("KSDPL".to_owned(), 2)]);

    // Deleting and updating keep one document per id.
    index
        .apply(
            vec![doc("agreement:1", "Baru", "teks baru", &["public"])],
            vec!["agreement:2".into()],
            &cur(0, 8),
        )
        .await
        .unwrap();
    assert_eq!(index.len().await.unwrap(), 1);
    assert_eq!(index.search(&q("baru")).await.unwrap().hits[0].title, "Baru");
    index.clear(&cur(1, 8)).await.unwrap();
    assert_eq!(index.len().await.unwrap(), 0);
    assert_eq!(index.cursor().await.unwrap(), cur(1, 8));
}

#[tokio::test]
async fn similar_documents_share_words() {
    let index = TantivyIndex::in_memory().unwrap();
    index
        .apply(
            vec![
                doc(
                    "agreement:1",
                    "Pendidikan guru sekolah dasar",
                    "pelatihan guru sekolah dasar kurikulum",
                    &["public"],
                ),
                doc(
                    "agreement:2",
                    "Pelatihan guru sekolah menengah",
                    "pelatihan guru sekolah kurikulum baru",
                    &["public"],
                ),
                doc(
                    "agreement:3",
                    "Pengelolaan sampah kota",
                    "daur ulang sampah plastik",
                    &["public"],
                ),
            ],
            vec![],
            &cur(0, 1),
        )
        .await
        .unwrap();
    let similar = index.similar("agreement:1", None, 5).await.unwrap();
    assert_eq!(
        similar.first().map(|h| h.id.as_str()),
        Some("agreement:2"),
        "{similar:?}"
    );
    assert!(similar.iter().all(|h| h.id != "agreement:1"));
}

/// Updated documents leave deleted copies behind until segments merge. tantivy's
/// MoreLikeThis counts them in a word's document frequency but not in the number of
/// documents, and asserted "4 >= 5" (an agreement page answered 500 in CI); the query now
/// skips such words. This test keeps the updated-neighbour case answering; the exact
/// segment state of that panic depends on background merges and is not reproduced here.
#[tokio::test]
async fn similar_documents_survive_updates_of_their_neighbours() {
    let index = TantivyIndex::in_memory().unwrap();
    let first = |n: i64| {
        doc(
            "agreement:1",
            "Pelatihan guru",
            &format!("pelatihan guru sekolah {n}"),
            &["public"],
        )
    };
    let second = doc(
        "agreement:2",
        "Pelatihan guru",
        "pelatihan guru sekolah dasar",
        &["public"],
    );
    index.apply(vec![first(0), second], vec![], &cur(0, 1)).await.unwrap();
    // Each update deletes the older copy of agreement:1 in a segment that stays (it holds
    // agreement:2 too): the word counts then exceed the live documents.
    for n in 1..=3 {
        index.apply(vec![first(n)], vec![], &cur(0, n + 1)).await.unwrap();
    }
    let similar = index.similar("agreement:1", None, 5).await.unwrap();
    assert_eq!(similar.len(), 1, "{similar:?}");
    assert_eq!(similar[0].id, "agreement:2");
}

#[tokio::test]
async fn an_index_on_disk_keeps_its_cursor() {
    let dir = tempfile::tempdir().unwrap();
    {
        let index = TantivyIndex::open(dir.path()).unwrap();
        index
            .apply(vec![doc("agreement:1", "A", "b", &["public"])], vec![], &cur(3, 42))
            .await
            .unwrap();
        // A second writer on the same directory is refused while this one lives.
        let Err(busy) = TantivyIndex::open(dir.path()) else {
            panic!("a second writer was allowed")
        };
        assert!(busy.downcast_ref::<jalin_search::IndexBusy>().is_some(), "{busy}");
    }
    let index = TantivyIndex::open(dir.path()).unwrap();
    assert_eq!(index.cursor().await.unwrap(), cur(3, 42));
    assert_eq!(index.len().await.unwrap(), 1);
}

#[tokio::test]
async fn facets_count_every_value_of_the_matches_across_segments() {
    let index = TantivyIndex::in_memory().unwrap();
    let with = |id: &str, form: &str, countries: &[&str], goals: &[&str]| SearchDoc {
        form: Some(form.into()),
        countries: countries.iter().map(|c| c.to_string()).collect(),
        sdg_goals: goals.iter().map(|g| g.to_string()).collect(),
        ..doc(id, "Kerja sama pendidikan", "pendidikan vokasi", &["public"])
    };
    // Two writes: two segments, whose counts must add up.
    index
        .apply(
            vec![
                with("agreement:1", "KSDPL", &["JP", "KR"], &["4", "11"]),
                with("agreement:2", "KSDPL", &["JP"], &["4"]),
            ],
            vec![],
            &cur(0, 1),
        )
        .await
        .unwrap();
    index
        .apply(
            vec![
                with("agreement:3", "KSDLL", &["AU"], &["4"]),
                doc("agreement:4", "Perikanan", "budidaya ikan", &["public"]),
            ],
            vec![],
            &cur(0, 2),
        )
        .await
        .unwrap();
    let r = index.search(&q("pendidikan")).await.unwrap();
    assert_eq!(r.total, 3);
    let facet = |name: &str| r.facets.iter().find(|f| f.facet == name).unwrap().values.clone();
    let pairs = |v: &[(&str, u64)]| v.iter().map(|(k, n)| (k.to_string(), *n)).collect::<Vec<_>>();
    assert_eq!(facet("form"), pairs(&[("KSDPL", 2), ("KSDLL", 1)]));
    // Ties in value order; a document with two countries counts for both.
    assert_eq!(facet("country"), pairs(&[("JP", 2), ("AU", 1), ("KR", 1)]));
    assert_eq!(facet("sdg"), pairs(&[("4", 3), ("11", 1)]));
    assert_eq!(facet("year"), pairs(&[("2024", 3)]));
    // The filter narrows the counts with the hits.
    let mut korea = q("pendidikan");
    korea.country = Some("KR".into());
    let r = index.search(&korea).await.unwrap();
    assert_eq!(r.total, 1);
    let forms = r.facets.iter().find(|f| f.facet == "form").unwrap();
    assert_eq!(forms.values, pairs(&[("KSDPL", 1)]));
}

#[tokio::test]
async fn query_syntax_of_any_kind_answers_without_an_error() {
    let index = TantivyIndex::in_memory().unwrap();
    index
        .apply(
            vec![doc(
                "agreement:1",
                "Pendidikan Kōbe",
                "Kerja sama pendidikan",
                &["public"],
            )],
            vec![],
            &cur(0, 1),
        )
        .await
        .unwrap();
    for text in [
        "title:*",
        "foo:*",
        "*",
        "title:pend*",
        "pend*",
        "\"pendidikan",
        "(",
        ")",
        "a AND",
        "-",
        "+",
        "title:[a TO z]",
        "names:>5",
        "id:agreement:1",
        "vis:public",
        "kind:*",
        "year:*",
        "text_id:*",
        "pendidikan^3",
        "pendidikan~2",
        "IN [a b]",
        ":",
        "title:",
        "*:*",
        "\\",
        "€:*",
    ] {
        let r = index.search(&self::q(text)).await;
        assert!(r.is_ok(), "{text:?}: {r:?}");
    }
    // Field syntax is not a way around visibility: hidden documents stay hidden.
    for q in ["vis:region", "vis:*", "id:*", "pendidikan OR vis:*"] {
        let mut request = self::q(q);
        request.visible_to = Some(vec!["region:32.73".into()]);
        let r = index.search(&request).await.unwrap();
        assert_eq!(r.total, 0, "{q:?}");
    }
}
