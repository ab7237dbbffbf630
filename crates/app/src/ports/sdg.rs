//! The SDG suggestion port: which SDG targets a text is about, ranked, with the words that
//! triggered each suggestion (implemented by `jalin-search`; a person confirms or rejects).

use jalin_domain::reference::{SdgTarget, SdgTargetKeywords};
use serde::Serialize;
use std::collections::BTreeSet;

/// The language of a piece of text, when the caller knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextLanguage {
    Indonesian,
    English,
}

/// Where a piece of text comes from: words in a title say more than words in a long
/// description, and a field of cooperation (*urusan*) only hints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextRole {
    Title,
    Body,
    Field,
}

/// One piece of the text to suggest targets for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextPart {
    pub role: TextRole,
    /// `None`: the suggester guesses it.
    pub language: Option<TextLanguage>,
    pub text: String,
}

impl TextPart {
    pub fn new(role: TextRole, language: Option<TextLanguage>, text: impl Into<String>) -> Self {
        Self {
            role,
            language,
            text: text.into(),
        }
    }
}

/// The reference data suggestions are made from: the embedded target list and, when the
/// data directory provided them at run time, the JRC keyword lists. `version` changes
/// whenever either does, so implementations may cache what they derive from it.
#[derive(Debug, Clone, Default)]
pub struct SdgCatalog {
    pub version: String,
    pub targets: Vec<SdgTarget>,
    pub keyword_lists: Vec<SdgTargetKeywords>,
}

/// One suggested target.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SdgSuggestion {
    /// Target code (`11.6`).
    pub target: String,
    pub goal: i32,
    pub title_en: String,
    /// Higher is stronger; comparable within one request only.
    pub score: f64,
    /// The words and phrases of the text that triggered the suggestion, as written there.
    pub matched: Vec<String>,
}

pub trait SdgSuggester: Send + Sync {
    /// Up to `limit` targets for the text, best first, leaving out the `excluded` target
    /// codes. Deterministic: the same catalog and text give the same answer.
    fn suggest(
        &self,
        catalog: &SdgCatalog,
        text: &[TextPart],
        limit: usize,
        excluded: &BTreeSet<String>,
    ) -> Vec<SdgSuggestion>;
}
