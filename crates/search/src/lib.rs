//! Full-text search for Jalin: text analysis for Indonesian (an in-house stemmer for its
//! affixes, stop words) and English, the search index adapter, and SDG target suggestions
//! from text.

pub mod analysis;
pub mod extract;
mod facets;
pub mod index;
mod lexicon_id;
pub mod sdg;
mod sdg_lexicon;
pub mod stem_id;
pub mod stopwords_id;
pub mod testdata;

pub use extract::Extractor;
pub use index::{IndexBusy, TantivyIndex};
pub use sdg::KeywordSdgSuggester;
