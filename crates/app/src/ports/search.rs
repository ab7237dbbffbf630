//! The search index port: a rebuildable projection of agreements, partners, cases and
//! document text (tantivy in `jalin-search`), and text extraction from uploaded files.

use async_trait::async_trait;
use serde::Serialize;
use std::ops::Range;

/// What a search document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum SearchKind {
    Agreement,
    Partner,
    Case,
    Document,
}

impl SearchKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Agreement => "agreement",
            Self::Partner => "partner",
            Self::Case => "case",
            Self::Document => "document",
        }
    }
}

/// One document of the index.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SearchDoc {
    /// `agreement:ID`, `partner:ID`, `case:ID`, `document:ID`.
    pub id: String,
    pub kind: Option<SearchKind>,
    pub title: String,
    /// Indonesian text (analysed with the Indonesian stemmer).
    pub text_id: String,
    /// English text (English stemming).
    pub text_en: String,
    /// Names of parties and places (matched with typo tolerance).
    pub names: String,
    pub href: String,
    pub form: Option<String>,
    pub status: Option<String>,
    pub year: Option<i64>,
    pub provinces: Vec<String>,
    pub regions: Vec<String>,
    pub countries: Vec<String>,
    pub fields: Vec<String>,
    pub sdg_goals: Vec<String>,
    /// Who may find it: `public`, `region:CODE`, `province:CODE`, `case:ID`.
    pub visibility: Vec<String>,
}

/// A search as the index runs it (parsed and authorized by the application).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SearchRequest {
    pub q: String,
    pub kinds: Vec<SearchKind>,
    pub form: Option<String>,
    pub status: Option<String>,
    pub year: Option<i64>,
    pub province: Option<String>,
    pub region: Option<String>,
    pub country: Option<String>,
    pub field: Option<String>,
    pub sdg_goal: Option<String>,
    /// `None`: everything; otherwise the visibility tokens the reader holds.
    pub visible_to: Option<Vec<String>>,
    pub limit: usize,
    pub offset: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchHit {
    pub id: String,
    pub kind: SearchKind,
    pub title: String,
    pub href: String,
    pub snippet: Snippet,
    pub score: f32,
}

/// A passage of a hit's text with the words that matched: plain text, not HTML (whoever
/// shows it escapes it and marks the ranges).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Snippet {
    pub text: String,
    /// Byte ranges of `text` that matched: in order, not overlapping, on character
    /// boundaries.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<ByteRange>))]
    pub highlights: Vec<Range<usize>>,
}

/// A highlight as JSON shows it: bytes `start..end` of the snippet's UTF-8 text. (The
/// schema of `std::ops::Range`, which serialises as `{start, end}`.)
#[cfg(feature = "openapi")]
#[derive(utoipa::ToSchema)]
pub struct ByteRange {
    /// The first byte of the highlight.
    pub start: usize,
    /// The byte after the highlight.
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FacetCounts {
    pub facet: String,
    pub values: Vec<(String, u64)>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchResults {
    pub hits: Vec<SearchHit>,
    pub total: u64,
    pub facets: Vec<FacetCounts>,
}

/// A position in a database's search log: whose log (the database's identity, made when it
/// was created), which rebuild generation of it, and the last entry applied. An index
/// whose cursor names another database, another generation or a position beyond the
/// log's head holds documents of another history and is rebuilt.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchCursor {
    pub database: String,
    pub generation: i64,
    pub seq: i64,
}

impl SearchCursor {
    /// Whether an index at `self` can follow the log whose head is `head` by applying
    /// the entries after `self.seq`.
    pub fn follows(&self, head: &SearchCursor) -> bool {
        self.database == head.database && self.generation == head.generation && self.seq <= head.seq
    }
}

#[async_trait]
pub trait SearchIndex: Send + Sync {
    /// Where the index stands in the search log (the default cursor for a new index).
    async fn cursor(&self) -> anyhow::Result<SearchCursor>;
    /// Replaces or removes documents and records the new cursor, atomically.
    async fn apply(&self, upserts: Vec<SearchDoc>, deletes: Vec<String>, cursor: &SearchCursor) -> anyhow::Result<()>;
    /// Drops everything (before a rebuild) and sets the cursor.
    async fn clear(&self, cursor: &SearchCursor) -> anyhow::Result<()>;
    async fn search(&self, request: &SearchRequest) -> anyhow::Result<SearchResults>;
    /// Documents like `id` (same kind), best first.
    async fn similar(&self, id: &str, visible_to: Option<Vec<String>>, limit: usize) -> anyhow::Result<Vec<SearchHit>>;
    /// How many documents the index holds.
    async fn len(&self) -> anyhow::Result<u64>;

    async fn is_empty(&self) -> anyhow::Result<bool> {
        Ok(self.len().await? == 0)
    }
}

/// Text from an uploaded file; errors are messages for people ("the PDF is encrypted").
pub trait TextExtractor: Send + Sync {
    fn extract(&self, format: jalin_domain::files::FileFormat, bytes: &[u8]) -> Result<String, String>;
}
