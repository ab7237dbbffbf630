//! The tantivy index behind the `SearchIndex` port: per-field language analysis, facet
//! counts, highlighted snippets, typo-tolerant names, "more like this", and the search-log
//! cursor kept in the index's own commit (so index and cursor never disagree).

use crate::analysis;
use crate::facets::FacetCollector;
use async_trait::async_trait;
use jalin_app::ports::search::{
    FacetCounts, SearchCursor, SearchDoc, SearchHit, SearchIndex, SearchKind, SearchRequest, SearchResults, Snippet,
};
use parking_lot::Mutex;
use std::path::Path;
use std::sync::Arc;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, FuzzyTermQuery, MoreLikeThisQuery, Occur, Query, QueryParser, TermQuery};
use tantivy::schema::{FAST, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value};
use tantivy::snippet::{SnippetGenerator, collapse_overlapped_ranges};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

/// Characters of a hit's text shown when no passage matched.
const LEAD_CHARS: usize = 180;
/// Memory for the writer's buffer.
const WRITER_HEAP: usize = 64_000_000;
/// Facets counted for every search.
/// Values listed per facet, most frequent first.
const FACET_VALUES: usize = 60;
const FACETS: [&str; 8] = [
    "form", "status", "year", "province", "region", "country", "field", "sdg",
];

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    kind: Field,
    title: Field,
    text_id: Field,
    text_en: Field,
    names: Field,
    href: Field,
    form: Field,
    status: Field,
    year: Field,
    province: Field,
    region: Field,
    country: Field,
    field: Field,
    sdg: Field,
    vis: Field,
}

fn text(tokenizer: &str, stored: bool) -> TextOptions {
    let options = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    if stored { options.set_stored() } else { options }
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        kind: b.add_text_field("kind", STRING | STORED | FAST),
        title: b.add_text_field("title", text(analysis::INDONESIAN, true)),
        text_id: b.add_text_field("text_id", text(analysis::INDONESIAN, true)),
        text_en: b.add_text_field("text_en", text(analysis::ENGLISH, true)),
        names: b.add_text_field("names", text(analysis::NAMES, true)),
        href: b.add_text_field("href", STORED),
        form: b.add_text_field("form", STRING | FAST),
        status: b.add_text_field("status", STRING | FAST),
        year: b.add_text_field("year", STRING | FAST),
        province: b.add_text_field("province", STRING | FAST),
        region: b.add_text_field("region", STRING | FAST),
        country: b.add_text_field("country", STRING | FAST),
        field: b.add_text_field("field", STRING | FAST),
        sdg: b.add_text_field("sdg", STRING | FAST),
        vis: b.add_text_field("vis", STRING),
    };
    (b.build(), fields)
}

/// The index of one node.
pub struct TantivyIndex {
    index: Index,
    reader: IndexReader,
    writer: Arc<Mutex<IndexWriter>>,
    fields: Fields,
}

/// Another process holds the index (a running server): ask it instead.
#[derive(Debug, thiserror::Error)]
#[error("the search index at {0} is in use by another process (a running server)")]
pub struct IndexBusy(pub String);

impl TantivyIndex {
    /// An index kept in memory (tests, benchmarks).
    pub fn in_memory() -> anyhow::Result<Self> {
        let (schema, fields) = schema();
        Self::from_index(Index::create_in_ram(schema), fields)
    }

    /// The index in `dir`, created if missing; an index of another schema is replaced (it
    /// is a projection: the database rebuilds it).
    pub fn open(dir: &Path) -> anyhow::Result<Self> {
        let (schema, fields) = schema();
        std::fs::create_dir_all(dir)?;
        let directory = tantivy::directory::MmapDirectory::open(dir)?;
        let index = match Index::open_or_create(directory, schema.clone()) {
            Ok(i) => i,
            Err(tantivy::TantivyError::SchemaError(_)) => {
                tracing::warn!(dir = %dir.display(), "search index of another schema; starting a new one");
                for entry in std::fs::read_dir(dir)? {
                    let path = entry?.path();
                    if path.is_file() {
                        std::fs::remove_file(path)?;
                    }
                }
                Index::open_or_create(tantivy::directory::MmapDirectory::open(dir)?, schema)?
            }
            Err(e) => return Err(e.into()),
        };
        Self::from_index(index, fields).map_err(|e| match e.downcast_ref::<tantivy::TantivyError>() {
            Some(tantivy::TantivyError::LockFailure(..)) => IndexBusy(dir.display().to_string()).into(),
            _ => e,
        })
    }

    fn from_index(index: Index, fields: Fields) -> anyhow::Result<Self> {
        analysis::register(&index);
        let writer: IndexWriter = index.writer(WRITER_HEAP)?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(Self {
            index,
            reader,
            writer: Arc::new(Mutex::new(writer)),
            fields,
        })
    }

    fn document(&self, d: &SearchDoc) -> TantivyDocument {
        let f = &self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.id, &d.id);
        doc.add_text(f.kind, d.kind.map(|k| k.as_str()).unwrap_or("other"));
        doc.add_text(f.title, &d.title);
        doc.add_text(f.text_id, &d.text_id);
        doc.add_text(f.text_en, &d.text_en);
        doc.add_text(f.names, &d.names);
        doc.add_text(f.href, &d.href);
        for (field, values) in [
            (f.form, d.form.iter().cloned().collect::<Vec<_>>()),
            (f.status, d.status.iter().cloned().collect()),
            (f.year, d.year.iter().map(|y| y.to_string()).collect()),
            (f.province, d.provinces.clone()),
            (f.region, d.regions.clone()),
            (f.country, d.countries.clone()),
            (f.field, d.fields.clone()),
            (f.sdg, d.sdg_goals.clone()),
            (f.vis, d.visibility.clone()),
        ] {
            for v in values {
                doc.add_text(field, &v);
            }
        }
        doc
    }

    fn commit(&self, writer: &mut IndexWriter, cursor: &SearchCursor) -> anyhow::Result<()> {
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&format_cursor(cursor));
        prepared.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    fn term(&self, field: Field, value: &str) -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, value),
            IndexRecordOption::Basic,
        ))
    }

    /// The filters of a request: facets, kinds and who may see.
    fn filters(&self, r: &SearchRequest) -> Vec<(Occur, Box<dyn Query>)> {
        let f = &self.fields;
        let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (field, value) in [
            (f.form, &r.form),
            (f.status, &r.status),
            (f.province, &r.province),
            (f.region, &r.region),
            (f.country, &r.country),
            (f.field, &r.field),
            (f.sdg, &r.sdg_goal),
        ] {
            if let Some(v) = value {
                must.push((Occur::Must, self.term(field, v)));
            }
        }
        if let Some(y) = r.year {
            must.push((Occur::Must, self.term(f.year, &y.to_string())));
        }
        if !r.kinds.is_empty() {
            let any: Vec<(Occur, Box<dyn Query>)> = r
                .kinds
                .iter()
                .map(|k| (Occur::Should, self.term(f.kind, k.as_str())))
                .collect();
            must.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
        if let Some(tokens) = &r.visible_to {
            let any: Vec<(Occur, Box<dyn Query>)> =
                tokens.iter().map(|t| (Occur::Should, self.term(f.vis, t))).collect();
            must.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
        must
    }

    fn text_query(&self, searcher: &tantivy::Searcher, q: &str) -> Box<dyn Query> {
        let f = &self.fields;
        if q.trim().is_empty() {
            return Box::new(AllQuery);
        }
        let mut parser = QueryParser::for_index(&self.index, vec![f.title, f.text_id, f.text_en, f.names]);
        parser.set_conjunction_by_default();
        parser.set_field_boost(f.title, 2.0);
        let (parsed, _errors) = parser.parse_query_lenient(&without_fields(q));
        // Names of places and partners also match with a typo or two. A word that is a name
        // term as typed needs no fuzzy expansion (the parsed query finds it), which keeps the
        // automaton work for the words that may be misspelt.
        let mut fuzzy: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut misspelt = false;
        let mut names = analysis::names();
        let mut stream = names.token_stream(q);
        while tantivy::tokenizer::TokenStream::advance(&mut stream) {
            let word = tantivy::tokenizer::TokenStream::token(&stream).text.clone();
            let term = Term::from_field_text(f.names, &word);
            let n = word.chars().count();
            let known = searcher.doc_freq(&term).map(|df| df > 0).unwrap_or(false);
            if n >= 5 && !known {
                misspelt = true;
                let distance = if n >= 9 { 2 } else { 1 };
                fuzzy.push((Occur::Must, Box::new(FuzzyTermQuery::new(term, distance, true))));
            } else {
                fuzzy.push((
                    Occur::Must,
                    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
                ));
            }
        }
        if !misspelt {
            return parsed;
        }
        Box::new(BooleanQuery::new(vec![
            (Occur::Should, parsed),
            (Occur::Should, Box::new(BooleanQuery::new(fuzzy))),
        ]))
    }

    fn hit(&self, doc: &TantivyDocument, score: f32, snippet: Snippet) -> Option<SearchHit> {
        let f = &self.fields;
        let get = |field: Field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned()
        };
        let kind = match get(f.kind).as_str() {
            "agreement" => SearchKind::Agreement,
            "partner" => SearchKind::Partner,
            "case" => SearchKind::Case,
            "document" => SearchKind::Document,
            _ => return None,
        };
        Some(SearchHit {
            id: get(f.id),
            kind,
            title: get(f.title),
            href: get(f.href),
            snippet,
            score,
        })
    }

    fn run(&self, r: &SearchRequest) -> anyhow::Result<SearchResults> {
        let f = self.fields;
        let searcher = self.reader.searcher();
        let text = self.text_query(&searcher, &r.q);
        let mut clauses = vec![(Occur::Must, text.box_clone())];
        clauses.extend(self.filters(r));
        let query = BooleanQuery::new(clauses);
        let collector = (
            TopDocs::with_limit(r.limit.max(1))
                .and_offset(r.offset)
                .order_by_score(),
            Count,
            FacetCollector::new(&FACETS),
        );
        let (top, total, facet_counts) = searcher.search(&query, &collector)?;
        let id_snippets = SnippetGenerator::create(&searcher, &*text, f.text_id).ok();
        let en_snippets = SnippetGenerator::create(&searcher, &*text, f.text_en).ok();
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            let snippet = [&id_snippets, &en_snippets]
                .into_iter()
                .flatten()
                .find_map(|g| passage(&g.snippet_from_doc(&doc)))
                .unwrap_or_else(|| {
                    let body = doc.get_first(f.text_id).and_then(|v| v.as_str()).unwrap_or_default();
                    Snippet {
                        text: body.chars().take(LEAD_CHARS).collect(),
                        highlights: Vec::new(),
                    }
                });
            if let Some(h) = self.hit(&doc, score, snippet) {
                hits.push(h);
            }
        }
        let facets = FACETS
            .iter()
            .zip(facet_counts)
            .map(|(name, counts)| {
                let mut values: Vec<(String, u64)> = counts.into_iter().collect();
                // Most frequent first; equal counts in value order, so pages are stable.
                values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                values.truncate(FACET_VALUES);
                FacetCounts {
                    facet: (*name).to_owned(),
                    values,
                }
            })
            .collect();
        Ok(SearchResults {
            hits,
            total: total as u64,
            facets,
        })
    }

    fn run_similar(&self, id: &str, visible_to: Option<Vec<String>>, limit: usize) -> anyhow::Result<Vec<SearchHit>> {
        let f = self.fields;
        let searcher = self.reader.searcher();
        let found = searcher.search(
            &TermQuery::new(Term::from_field_text(f.id, id), IndexRecordOption::Basic),
            &TopDocs::with_limit(1).order_by_score(),
        )?;
        let Some((_, address)) = found.first() else {
            return Ok(Vec::new());
        };
        let source: TantivyDocument = searcher.doc(*address)?;
        let kind = source
            .get_first(f.kind)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned();
        // Deleted copies of updated documents count in a word's document frequency but not
        // in `num_docs`; tantivy asserts the one is no larger than the other. A word in more
        // documents than there are says nothing about similarity anyway.
        let live = searcher.num_docs();
        let like = MoreLikeThisQuery::builder()
            .with_min_doc_frequency(1)
            .with_max_doc_frequency(live)
            .with_min_term_frequency(1)
            .with_min_word_length(3)
            .with_document(*address);
        let request = SearchRequest {
            visible_to,
            ..SearchRequest::default()
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![
            (Occur::Must, Box::new(like)),
            (Occur::Must, self.term(f.kind, &kind)),
            (Occur::MustNot, self.term(f.id, id)),
        ];
        clauses.extend(self.filters(&request));
        let top = searcher.search(
            &BooleanQuery::new(clauses),
            &TopDocs::with_limit(limit).order_by_score(),
        )?;
        let mut hits = Vec::new();
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            if let Some(h) = self.hit(&doc, score, Snippet::default()) {
                hits.push(h);
            }
        }
        Ok(hits)
    }
}

/// The passage of a generated snippet as plain text with its matches, or `None` when
/// nothing in the field matched. Ranges that would not slice the text are dropped, so the
/// port's promise (ordered, disjoint, on character boundaries) holds whatever tantivy gives.
fn passage(generated: &tantivy::snippet::Snippet) -> Option<Snippet> {
    let text = generated.fragment();
    let highlights: Vec<_> = collapse_overlapped_ranges(generated.highlighted())
        .into_iter()
        .filter(|r| r.start < r.end && text.get(r.clone()).is_some())
        .collect();
    if highlights.is_empty() || text.trim().is_empty() {
        return None;
    }
    Some(Snippet {
        text: text.to_owned(),
        highlights,
    })
}

/// The query without field addressing (`title:…`, `vis:*`): visitors search the text
/// fields only, and `field:*` would ask tantivy for an exists-query it cannot answer. A
/// colon separates words like a space does.
fn without_fields(q: &str) -> String {
    q.replace(':', " ")
}

/// The cursor as kept in the index's commit payload: `database:generation:seq`.
fn format_cursor(c: &SearchCursor) -> String {
    format!("{}:{}:{}", c.database, c.generation, c.seq)
}

/// Reads a commit payload; anything else (a new index, or the older `generation:seq` form
/// that named no database) gives a cursor that follows no database, so it is rebuilt.
fn parse_cursor(payload: &str) -> SearchCursor {
    let mut parts = payload.splitn(3, ':');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(database), Some(generation), Some(seq)) if !database.is_empty() => {
            match (generation.parse(), seq.parse()) {
                (Ok(generation), Ok(seq)) => SearchCursor {
                    database: database.to_owned(),
                    generation,
                    seq,
                },
                _ => SearchCursor::default(),
            }
        }
        _ => SearchCursor::default(),
    }
}

#[async_trait]
impl SearchIndex for TantivyIndex {
    async fn cursor(&self) -> anyhow::Result<SearchCursor> {
        let payload = self.index.load_metas()?.payload.unwrap_or_default();
        Ok(parse_cursor(&payload))
    }

    async fn apply(&self, upserts: Vec<SearchDoc>, deletes: Vec<String>, cursor: &SearchCursor) -> anyhow::Result<()> {
        let docs: Vec<TantivyDocument> = upserts.iter().map(|d| self.document(d)).collect();
        let writer = self.writer.clone();
        let id = self.fields.id;
        let mut w = writer.lock();
        for d in upserts.iter().map(|d| &d.id).chain(deletes.iter()) {
            w.delete_term(Term::from_field_text(id, d));
        }
        for d in docs {
            w.add_document(d)?;
        }
        self.commit(&mut w, cursor)
    }

    async fn clear(&self, cursor: &SearchCursor) -> anyhow::Result<()> {
        let writer = self.writer.clone();
        let mut w = writer.lock();
        w.delete_all_documents()?;
        self.commit(&mut w, cursor)
    }

    async fn search(&self, request: &SearchRequest) -> anyhow::Result<SearchResults> {
        self.run(request)
    }

    async fn similar(&self, id: &str, visible_to: Option<Vec<String>>, limit: usize) -> anyhow::Result<Vec<SearchHit>> {
        self.run_similar(id, visible_to, limit)
    }

    async fn len(&self) -> anyhow::Result<u64> {
        Ok(self.reader.searcher().num_docs())
    }
}
