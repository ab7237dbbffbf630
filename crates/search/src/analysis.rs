//! Text analysis: Indonesian (words folded to lower-case ASCII, stop words dropped, closed
//! compounds split, affixes stemmed by [`crate::stem_id`]), English (tantivy's stemmer and
//! stop words), and names (folded, not stemmed, for typo-tolerant matching).

use tantivy::Index;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, StopWordFilter, TextAnalyzer,
    Token, TokenStream, Tokenizer,
};

/// Tokenizer names registered on the index.
pub const INDONESIAN: &str = "jalin_id";
pub const ENGLISH: &str = "jalin_en";
pub const NAMES: &str = "jalin_names";

/// Longest token kept (longer ones are noise: hashes, URLs).
const MAX_TOKEN_CHARS: usize = 40;

/// Indonesian analysis as one tokenizer: it may emit two tokens for one word (compounds).
#[derive(Clone, Default)]
pub struct IndonesianTokenizer {
    tokens: Vec<Token>,
}

pub struct VecTokenStream<'a> {
    tokens: &'a [Token],
    index: usize,
    current: Token,
}

impl TokenStream for VecTokenStream<'_> {
    fn advance(&mut self) -> bool {
        match self.tokens.get(self.index) {
            Some(t) => {
                self.current = t.clone();
                self.index += 1;
                true
            }
            None => false,
        }
    }

    fn token(&self) -> &Token {
        &self.current
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.current
    }
}

/// The analysed Indonesian terms of a text (also used by SDG suggestions and tests).
pub fn indonesian_terms(text: &str) -> Vec<String> {
    let mut t = IndonesianTokenizer::default();
    let mut stream = t.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

impl Tokenizer for IndonesianTokenizer {
    type TokenStream<'a> = VecTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        self.tokens.clear();
        let mut position = 0;
        let push = |tokens: &mut Vec<Token>, from: usize, to: usize, term: String, position: usize| {
            tokens.push(Token {
                offset_from: from,
                offset_to: to,
                position,
                text: term,
                position_length: 1,
            });
        };
        for (from, word) in words(text) {
            let to = from + word.len();
            let folded = jalin_domain::text::fold(word);
            if folded.is_empty() || folded.chars().count() > MAX_TOKEN_CHARS {
                continue;
            }
            if crate::stem_id::is_stop_word(&folded) {
                position += 1;
                continue;
            }
            match crate::stem_id::split_compound(&folded) {
                Some((a, b)) => {
                    push(
                        &mut self.tokens,
                        from,
                        to,
                        crate::stem_id::stem(&a).to_string(),
                        position,
                    );
                    position += 1;
                    push(
                        &mut self.tokens,
                        from,
                        to,
                        crate::stem_id::stem(&b).to_string(),
                        position,
                    );
                }
                None => push(
                    &mut self.tokens,
                    from,
                    to,
                    crate::stem_id::stem(&folded).to_string(),
                    position,
                ),
            }
            position += 1;
        }
        VecTokenStream {
            tokens: &self.tokens,
            index: 0,
            current: Token::default(),
        }
    }
}

/// Words of a text with their byte offsets: runs of letters and digits (a hyphenated
/// reduplication such as "kerja-kerja" is two words).
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(s) = start.take() {
            out.push((s, &text[s..i]));
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out.into_iter()
}

pub fn english() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_CHARS))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(StopWordFilter::new(Language::English).unwrap_or_else(|| StopWordFilter::remove(Vec::new())))
        .filter(Stemmer::new(Language::English))
        .build()
}

pub fn names() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_CHARS))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Registers the analysers on an index (they are not stored in it).
pub fn register(index: &Index) {
    let manager = index.tokenizers();
    manager.register(INDONESIAN, TextAnalyzer::from(IndonesianTokenizer::default()));
    manager.register(ENGLISH, english());
    manager.register(NAMES, names());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_offsets() {
        let w: Vec<_> = words("Kerja-sama, pendidikan!").collect();
        assert_eq!(w, vec![(0, "Kerja"), (6, "sama"), (12, "pendidikan")]);
    }

    #[test]
    fn education_words_meet() {
        let a = indonesian_terms("Pendidikan");
        let b = indonesian_terms("mendidik");
        let c = indonesian_terms("didik");
        assert_eq!(a, b);
        assert_eq!(b, c);
        assert!(indonesian_terms("yang dan di").is_empty(), "stop words are dropped");
        assert_eq!(indonesian_terms("kerjasama"), indonesian_terms("bekerja sama"));
    }
}
