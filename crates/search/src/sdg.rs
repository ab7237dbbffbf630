//! SDG target suggestions from text: keyword phrases per target, matched on analysed words
//! (Indonesian with the in-house stemmer and stop words, English with the English
//! stemmer), weighted by how specific they are, ranked per target, with the words of the
//! text that triggered each suggestion.
//!
//! Keyword sources, combined:
//! - Jalin's own bilingual lexicon ([`crate::sdg_lexicon`]), compiled in;
//! - the JRC SDG Mapper keyword lists (English), only when the data directory provided
//!   them at run time (they arrive in [`SdgCatalog::keyword_lists`]);
//! - the distinctive words of the target titles (English), at a low weight.
//!
//! Scoring. A keyword's weight is `source × breadth × Σ idf(word) / √(targets sharing
//! it)`, where `idf(word) = ln(1 + T / targets whose keywords use the word)`; so phrases
//! of rare words count most, and a phrase listed for several targets counts less for each.
//! A match in a title counts 1.5×, in a field of cooperation 0.6×; repeats add a little.
//! A match that lies inside a longer match (of any target) counts a quarter, so that
//! *bank sampah* (waste bank) does not also suggest banking. A target's score is the sum
//! over its matched keywords; targets under [`MIN_SCORE`] or under [`RELATIVE_FLOOR`] of
//! the best are left out. Ties break by target order, so results are deterministic.
//!
//! Matching. Words are matched in phrase order, with at most two other words between
//! consecutive phrase words. In a text of one language, keywords of the other language
//! count only when they have two or more words (*smart city* in an Indonesian text), so
//! that Indonesian *air* (water) never meets English *air*. "Kerja sama" and
//! "cooperation", which frame every agreement, are not matched.

use crate::analysis::{IndonesianTokenizer, english};
use crate::sdg_lexicon::LEXICON;
use jalin_app::ports::sdg::{SdgCatalog, SdgSuggester, SdgSuggestion, TextLanguage, TextPart, TextRole};
use parking_lot::Mutex;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;
use tantivy::tokenizer::{TextAnalyzer, TokenStream, Tokenizer};

/// Targets scoring less are not suggested.
pub const MIN_SCORE: f64 = 2.0;
/// Targets scoring less than this share of the best one are not suggested.
pub const RELATIVE_FLOOR: f64 = 0.2;

const OWN_WEIGHT: f64 = 1.0;
const JRC_WEIGHT: f64 = 0.6;
const TITLE_WORD_WEIGHT: f64 = 0.3;
const BROAD_FACTOR: f64 = 0.5;
const TITLE_FACTOR: f64 = 1.5;
const BODY_FACTOR: f64 = 1.0;
const FIELD_FACTOR: f64 = 0.6;
const SHADOWED_FACTOR: f64 = 0.25;
const REPEAT_BONUS: f64 = 0.2;
/// Most other words allowed between two consecutive words of a phrase.
const MAX_GAP: usize = 2;
/// A title word used in more target titles than this is too general to count.
const TITLE_WORD_MAX_TARGETS: usize = 4;
/// Most trigger words returned per suggestion.
const MAX_MATCHED: usize = 8;
/// A matched phrase longer than this is shown word by word.
const MAX_SHOWN_SPAN: usize = 60;

/// Which keyword sources to use (all by default; evaluation switches them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceChoice {
    pub own: bool,
    pub jrc: bool,
    pub title_words: bool,
}

impl Default for SourceChoice {
    fn default() -> Self {
        Self {
            own: true,
            jrc: true,
            title_words: true,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Lang {
    Id,
    En,
}

#[derive(Debug, Clone)]
struct TargetInfo {
    code: String,
    goal: i32,
    title_en: String,
}

#[derive(Debug, Clone)]
struct Keyword {
    target: usize,
    lang: Lang,
    terms: Vec<String>,
    weight: f64,
}

/// The keyword index built from one catalog.
#[derive(Debug)]
pub struct SdgIndex {
    targets: Vec<TargetInfo>,
    keywords: Vec<Keyword>,
    /// Keywords by language and first word.
    by_first: HashMap<(Lang, String), Vec<usize>>,
}

/// One analysed word of a text.
#[derive(Debug, Clone)]
struct Word {
    term: String,
    position: usize,
    from: usize,
    to: usize,
}

/// What speaks for one target: its score and each matched keyword's contribution with
/// its first occurrence.
struct Evidence<'a> {
    target: usize,
    score: f64,
    matches: Vec<(f64, &'a Occurrence)>,
}

/// One occurrence of a keyword in one part of the text.
#[derive(Debug, Clone)]
struct Occurrence {
    keyword: usize,
    part: usize,
    /// Byte offsets in the part of each matched word.
    spans: Vec<(usize, usize)>,
    from: usize,
    to: usize,
    words: usize,
}

impl SdgIndex {
    /// Builds the index over the catalog's targets and the chosen keyword sources.
    pub fn build(catalog: &SdgCatalog, sources: SourceChoice) -> Self {
        let targets: Vec<TargetInfo> = catalog
            .targets
            .iter()
            .map(|t| TargetInfo {
                code: t.target.to_ascii_lowercase(),
                goal: t.goal,
                title_en: t.title_en.clone(),
            })
            .collect();
        let position: HashMap<&str, usize> = targets.iter().enumerate().map(|(i, t)| (t.code.as_str(), i)).collect();
        let mut en = english();
        // (target, lang, terms) → (source weight × breadth): the best source wins.
        let mut raw: BTreeMap<(usize, Lang, Vec<String>), f64> = BTreeMap::new();
        let mut add = |target: usize, lang: Lang, terms: Vec<String>, weight: f64| {
            if terms.is_empty() {
                return;
            }
            let entry = raw.entry((target, lang, terms)).or_insert(0.0);
            if weight > *entry {
                *entry = weight;
            }
        };
        if sources.own {
            for (target, lang, phrase, broad) in own_entries() {
                let Some(&t) = position.get(target) else { continue };
                let terms = analyse_phrase(lang, phrase, &mut en);
                // A phrase that stop words reduce to one word (*lalu lintas* → *lintas*)
                // would match far more than it means.
                if terms.len() == 1 && phrase.split_whitespace().count() > 1 {
                    continue;
                }
                add(t, lang, terms, OWN_WEIGHT * if broad { BROAD_FACTOR } else { 1.0 });
            }
        }
        if sources.jrc {
            for list in &catalog.keyword_lists {
                let Some(&t) = position.get(list.target.to_ascii_lowercase().as_str()) else {
                    continue;
                };
                for phrase in &list.keywords {
                    let terms = analyse_phrase(Lang::En, phrase, &mut en);
                    add(t, Lang::En, terms, JRC_WEIGHT);
                }
            }
        }
        if sources.title_words {
            let frame: BTreeSet<String> = FRAME_WORDS_EN.iter().flat_map(|w| english_terms(w, &mut en)).collect();
            let mut used_by: HashMap<String, BTreeSet<usize>> = HashMap::new();
            let analysed: Vec<Vec<String>> = targets.iter().map(|t| english_terms(&t.title_en, &mut en)).collect();
            for (i, terms) in analysed.iter().enumerate() {
                for term in terms {
                    used_by.entry(term.clone()).or_default().insert(i);
                }
            }
            for (i, terms) in analysed.iter().enumerate() {
                let distinct: BTreeSet<&String> = terms.iter().collect();
                for term in distinct {
                    let general = used_by.get(term).is_none_or(|s| s.len() > TITLE_WORD_MAX_TARGETS);
                    if !general
                        && !frame.contains(term)
                        && ENGLISH_FUNCTION_WORDS.binary_search(&term.as_str()).is_err()
                        && term.len() > 2
                        && !term.bytes().all(|b| b.is_ascii_digit())
                    {
                        add(i, Lang::En, vec![term.clone()], TITLE_WORD_WEIGHT);
                    }
                }
            }
        }
        // Specificity statistics, per language.
        let mut targets_of_term: HashMap<(Lang, &str), BTreeSet<usize>> = HashMap::new();
        let mut targets_of_phrase: HashMap<(Lang, &[String]), usize> = HashMap::new();
        let mut targets_with_keywords: HashMap<Lang, BTreeSet<usize>> = HashMap::new();
        for (target, lang, terms) in raw.keys() {
            for term in terms {
                targets_of_term
                    .entry((*lang, term.as_str()))
                    .or_default()
                    .insert(*target);
            }
            *targets_of_phrase.entry((*lang, terms.as_slice())).or_default() += 1;
            targets_with_keywords.entry(*lang).or_default().insert(*target);
        }
        let idf = |lang: Lang, term: &str| -> f64 {
            let total = targets_with_keywords.get(&lang).map_or(1, BTreeSet::len) as f64;
            let df = targets_of_term.get(&(lang, term)).map_or(1, BTreeSet::len) as f64;
            (1.0 + total / df).ln()
        };
        let mut keywords = Vec::with_capacity(raw.len());
        for ((target, lang, terms), base) in &raw {
            let distinct: BTreeSet<&String> = terms.iter().collect();
            let specificity: f64 = distinct.iter().map(|t| idf(*lang, t)).sum();
            let shared = targets_of_phrase.get(&(*lang, terms.as_slice())).copied().unwrap_or(1) as f64;
            keywords.push(Keyword {
                target: *target,
                lang: *lang,
                terms: terms.clone(),
                weight: base * specificity / shared.sqrt(),
            });
        }
        let mut by_first: HashMap<(Lang, String), Vec<usize>> = HashMap::new();
        for (i, k) in keywords.iter().enumerate() {
            by_first.entry((k.lang, k.terms[0].clone())).or_default().push(i);
        }
        Self {
            targets,
            keywords,
            by_first,
        }
    }

    /// How many keyword phrases the index holds.
    pub fn len(&self) -> usize {
        self.keywords.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keywords.is_empty()
    }

    /// Up to `limit` targets for the text, best first, without the `excluded` ones.
    pub fn suggest(&self, text: &[TextPart], limit: usize, excluded: &BTreeSet<String>) -> Vec<SdgSuggestion> {
        let occurrences = self.occurrences(text);
        // Per keyword: its occurrences.
        let mut by_keyword: BTreeMap<usize, Vec<&Occurrence>> = BTreeMap::new();
        for o in &occurrences {
            by_keyword.entry(o.keyword).or_default().push(o);
        }
        let mut per_target: BTreeMap<usize, Evidence<'_>> = BTreeMap::new();
        for (k, occs) in &by_keyword {
            let keyword = &self.keywords[*k];
            let role = occs
                .iter()
                .map(|o| role_factor(text[o.part].role))
                .fold(0.0_f64, f64::max);
            let shadowed = occs.iter().all(|o| is_shadowed(o, &occurrences));
            let mut contribution = keyword.weight * role * (1.0 + REPEAT_BONUS * (occs.len() as f64).ln());
            if shadowed {
                contribution *= SHADOWED_FACTOR;
            }
            let entry = per_target.entry(keyword.target).or_insert_with(|| Evidence {
                target: keyword.target,
                score: 0.0,
                matches: Vec::new(),
            });
            entry.score += contribution;
            if let Some(first) = occs.first() {
                entry.matches.push((contribution, *first));
            }
        }
        let mut ranked: Vec<Evidence<'_>> = per_target
            .into_values()
            .filter(|e| !excluded.contains(&self.targets[e.target].code))
            .collect();
        ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.target.cmp(&b.target)));
        let best = ranked.first().map_or(0.0, |e| e.score);
        ranked
            .into_iter()
            .filter(|e| e.score >= MIN_SCORE && e.score >= RELATIVE_FLOOR * best)
            .take(limit)
            .map(|e| {
                let info = &self.targets[e.target];
                SdgSuggestion {
                    target: info.code.clone(),
                    goal: info.goal,
                    title_en: info.title_en.clone(),
                    score: (e.score * 100.0).round() / 100.0,
                    matched: trigger_words(text, e.matches),
                }
            })
            .collect()
    }

    /// Every keyword occurrence in every part of the text.
    fn occurrences(&self, text: &[TextPart]) -> Vec<Occurrence> {
        let mut en = english();
        let mut out = Vec::new();
        for (p, part) in text.iter().enumerate() {
            if part.text.trim().is_empty() {
                continue;
            }
            let primary = match part.language {
                Some(TextLanguage::Indonesian) => Lang::Id,
                Some(TextLanguage::English) => Lang::En,
                None => guess_language(&part.text),
            };
            for lang in [Lang::Id, Lang::En] {
                let words = match lang {
                    Lang::Id => without_frame(indonesian_words(&part.text)),
                    Lang::En => without_english_frame(english_words(&part.text, &mut en)),
                };
                let single_words_count = lang == primary;
                self.match_words(p, lang, &words, single_words_count, &mut out);
            }
        }
        out
    }

    fn match_words(
        &self,
        part: usize,
        lang: Lang,
        words: &[Word],
        single_words_count: bool,
        out: &mut Vec<Occurrence>,
    ) {
        let mut at: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, w) in words.iter().enumerate() {
            at.entry(w.term.as_str()).or_default().push(i);
        }
        let mut candidates: BTreeSet<usize> = BTreeSet::new();
        for w in words {
            if let Some(ks) = self.by_first.get(&(lang, w.term.clone())) {
                candidates.extend(ks.iter().copied());
            }
        }
        for k in candidates {
            let keyword = &self.keywords[k];
            if keyword.terms.len() < 2 && !single_words_count {
                continue;
            }
            let Some(starts) = at.get(keyword.terms[0].as_str()) else {
                continue;
            };
            for &start in starts {
                if let Some(indices) = follow(words, &at, start, &keyword.terms[1..]) {
                    let spans: Vec<(usize, usize)> = indices.iter().map(|&i| (words[i].from, words[i].to)).collect();
                    let from = spans.iter().map(|s| s.0).min().unwrap_or(0);
                    let to = spans.iter().map(|s| s.1).max().unwrap_or(0);
                    out.push(Occurrence {
                        keyword: k,
                        part,
                        words: keyword.terms.len(),
                        spans,
                        from,
                        to,
                    });
                }
            }
        }
    }
}

/// The word indices continuing a phrase from `start`, each within [`MAX_GAP`] other words
/// of the previous one.
fn follow(words: &[Word], at: &HashMap<&str, Vec<usize>>, start: usize, rest: &[String]) -> Option<Vec<usize>> {
    let mut indices = vec![start];
    let mut previous = start;
    for term in rest {
        let next = at
            .get(term.as_str())?
            .iter()
            .copied()
            .find(|&i| i > previous && words[i].position > words[previous].position)?;
        if words[next].position - words[previous].position > MAX_GAP + 1 {
            return None;
        }
        indices.push(next);
        previous = next;
    }
    Some(indices)
}

/// Whether a longer match (of any keyword) covers this occurrence.
fn is_shadowed(o: &Occurrence, all: &[Occurrence]) -> bool {
    all.iter()
        .any(|other| other.part == o.part && other.words > o.words && other.from <= o.from && other.to >= o.to)
}

/// What to show as the triggers of one suggestion: the strongest first, each once, and
/// none that is part of one already shown (*Usaha Mikro* inside *Usaha Mikro, Kecil dan
/// Menengah*).
fn trigger_words(text: &[TextPart], mut occurrences: Vec<(f64, &Occurrence)>) -> Vec<String> {
    occurrences.sort_by(|a, b| b.0.total_cmp(&a.0).then((b.1.to - b.1.from).cmp(&(a.1.to - a.1.from))));
    let mut chosen: Vec<&Occurrence> = Vec::new();
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (_, o) in occurrences {
        let inside = chosen
            .iter()
            .any(|c| c.part == o.part && c.from <= o.from && c.to >= o.to);
        if inside {
            continue;
        }
        let words = shown(&text[o.part].text, o);
        if seen.insert(jalin_domain::text::fold(&words)) {
            chosen.push(o);
            out.push(words);
        }
        if out.len() == MAX_MATCHED {
            break;
        }
    }
    out
}

/// The words of the text that made an occurrence, as written.
fn shown(text: &str, o: &Occurrence) -> String {
    let whole = text.get(o.from..o.to).unwrap_or_default();
    if whole.chars().count() <= MAX_SHOWN_SPAN {
        return whole.to_owned();
    }
    o.spans
        .iter()
        .filter_map(|(f, t)| text.get(*f..*t))
        .collect::<Vec<_>>()
        .join(" … ")
}

fn role_factor(role: TextRole) -> f64 {
    match role {
        TextRole::Title => TITLE_FACTOR,
        TextRole::Body => BODY_FACTOR,
        TextRole::Field => FIELD_FACTOR,
    }
}

/// The targets Jalin's own lexicon has keywords for.
pub fn lexicon_targets() -> BTreeSet<&'static str> {
    own_entries().into_iter().map(|e| e.0).collect()
}

/// The lexicon's entries: (target, language, phrase, broad).
fn own_entries() -> Vec<(&'static str, Lang, &'static str, bool)> {
    let mut out = Vec::new();
    for line in LEXICON.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((head, terms)) = line.split_once(':') else {
            continue;
        };
        let mut head = head.split_whitespace();
        let (Some(target), Some(lang)) = (head.next(), head.next()) else {
            continue;
        };
        let lang = match lang {
            "id" => Lang::Id,
            "en" => Lang::En,
            _ => continue,
        };
        for term in terms.split(';').map(str::trim).filter(|t| !t.is_empty()) {
            match term.strip_prefix('~') {
                Some(broad) => out.push((target, lang, broad.trim(), true)),
                None => out.push((target, lang, term, false)),
            }
        }
    }
    out
}

fn analyse_phrase(lang: Lang, phrase: &str, en: &mut TextAnalyzer) -> Vec<String> {
    match lang {
        Lang::Id => without_frame(indonesian_words(phrase))
            .into_iter()
            .map(|w| w.term)
            .collect(),
        Lang::En => without_english_frame(english_words(phrase, en))
            .into_iter()
            .map(|w| w.term)
            .collect(),
    }
}

fn english_terms(text: &str, en: &mut TextAnalyzer) -> Vec<String> {
    english_words(text, en).into_iter().map(|w| w.term).collect()
}

fn indonesian_words(text: &str) -> Vec<Word> {
    let mut tokenizer = IndonesianTokenizer::default();
    let mut stream = tokenizer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        let t = stream.token();
        out.push(Word {
            term: t.text.clone(),
            position: t.position,
            from: t.offset_from,
            to: t.offset_to,
        });
    }
    out
}

fn english_words(text: &str, en: &mut TextAnalyzer) -> Vec<Word> {
    let mut stream = en.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        let t = stream.token();
        out.push(Word {
            term: t.text.clone(),
            position: t.position,
            from: t.offset_from,
            to: t.offset_to,
        });
    }
    out
}

/// Drops "kerja sama" (cooperation): it frames every agreement and says nothing of its
/// topic.
fn without_frame(words: Vec<Word>) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let framed = words[i].term == "kerja"
            && words
                .get(i + 1)
                .is_some_and(|n| n.term == "sama" && n.position == words[i].position + 1);
        if framed {
            i += 2;
        } else {
            out.push(words[i].clone());
            i += 1;
        }
    }
    out
}

/// "Cooperation" frames every English agreement text as "kerja sama" does the Indonesian
/// ones (its stem is also that of *cooperatives*, which is left to *koperasi*).
fn without_english_frame(words: Vec<Word>) -> Vec<Word> {
    words.into_iter().filter(|w| w.term != "cooper").collect()
}

/// Words of every cooperation text (its parties and its frame), never evidence of a topic
/// when they come from a target's title.
const FRAME_WORDS_EN: &[&str] = &[
    "city",
    "cities",
    "region",
    "regional",
    "province",
    "local",
    "country",
    "countries",
    "cooperation",
    "partnership",
    "agreement",
    "government",
    "community",
    "communities",
    "people",
    "programme",
    "national",
];

/// English function words, for telling the two languages apart.
const ENGLISH_FUNCTION_WORDS: &[&str] = &[
    "a", "about", "among", "an", "and", "are", "as", "at", "be", "between", "by", "for", "from", "has", "have", "in",
    "into", "is", "its", "of", "on", "or", "other", "that", "the", "their", "this", "through", "to", "was", "were",
    "which", "will", "with", "within",
];

/// Indonesian unless English function words outnumber Indonesian ones.
fn guess_language(text: &str) -> Lang {
    let mut indonesian = 0;
    let mut english = 0;
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(jalin_domain::text::fold)
    {
        if crate::stem_id::is_stop_word(&word) {
            indonesian += 1;
        }
        if ENGLISH_FUNCTION_WORDS.binary_search(&word.as_str()).is_ok() {
            english += 1;
        }
    }
    if english > indonesian { Lang::En } else { Lang::Id }
}

/// The [`SdgSuggester`] port: builds the keyword index once per catalog version.
#[derive(Debug, Default)]
pub struct KeywordSdgSuggester {
    sources: SourceChoice,
    cache: Mutex<Option<(String, Arc<SdgIndex>)>>,
}

impl KeywordSdgSuggester {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with_sources(sources: SourceChoice) -> Self {
        Self {
            sources,
            cache: Mutex::new(None),
        }
    }

    /// The index for a catalog, built on first use of its version.
    pub fn index(&self, catalog: &SdgCatalog) -> Arc<SdgIndex> {
        let key = format!(
            "{}/{}/{}",
            catalog.version,
            catalog.targets.len(),
            catalog.keyword_lists.len()
        );
        let mut guard = self.cache.lock();
        if let Some((k, index)) = guard.as_ref()
            && *k == key
        {
            return index.clone();
        }
        let index = Arc::new(SdgIndex::build(catalog, self.sources));
        *guard = Some((key, index.clone()));
        index
    }
}

impl SdgSuggester for KeywordSdgSuggester {
    fn suggest(
        &self,
        catalog: &SdgCatalog,
        text: &[TextPart],
        limit: usize,
        excluded: &BTreeSet<String>,
    ) -> Vec<SdgSuggestion> {
        self.index(catalog).suggest(text, limit, excluded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jalin_domain::reference::SdgTarget;

    fn catalog() -> SdgCatalog {
        let target = |code: &str, title: &str| SdgTarget {
            target: code.to_owned(),
            goal: code.split('.').next().and_then(|g| g.parse().ok()).unwrap_or(0),
            title_en: title.to_owned(),
            is_means_of_implementation: false,
        };
        SdgCatalog {
            version: "test".into(),
            targets: vec![
                target("4.1", "Free, equitable and quality primary and secondary education"),
                target("6.1", "Safe and affordable drinking water for all"),
                target("8.10", "Access to banking, insurance and financial services"),
                target(
                    "11.6",
                    "Reduce the environmental impact of cities, air quality and waste",
                ),
                target(
                    "12.5",
                    "Reduce waste generation through prevention, reduction, recycling and reuse",
                ),
            ],
            keyword_lists: Vec::new(),
        }
    }

    fn body(text: &str) -> Vec<TextPart> {
        vec![TextPart::new(TextRole::Body, None, text)]
    }

    #[test]
    fn the_lexicon_parses_and_covers_every_goal() {
        let entries = own_entries();
        let goals: BTreeSet<&str> = entries.iter().filter_map(|e| e.0.split('.').next()).collect();
        assert_eq!(goals.len(), 17);
        let targets: BTreeSet<&str> = entries.iter().map(|e| e.0).collect();
        assert!(targets.len() >= 80, "{} targets", targets.len());
        for (target, _, phrase, _) in &entries {
            assert!(target.parse::<jalin_domain::codes::SdgCode>().is_ok(), "{target}");
            assert!(!phrase.is_empty() && !phrase.contains(':'), "{target}: '{phrase}'");
        }
        let lines = LEXICON
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .count();
        let parsed_lines: BTreeSet<(&str, Lang)> = entries.iter().map(|e| (e.0, e.1)).collect();
        assert_eq!(
            lines,
            parsed_lines.len(),
            "every line parses, once per target and language"
        );
    }

    #[test]
    fn indonesian_words_find_their_targets_with_the_words_as_written() {
        let s = KeywordSdgSuggester::new();
        let got = s.suggest(
            &catalog(),
            &body("Pengelolaan sampah regional dan pendirian bank sampah untuk daur ulang"),
            5,
            &BTreeSet::new(),
        );
        let codes: Vec<&str> = got.iter().map(|g| g.target.as_str()).collect();
        assert!(codes.contains(&"11.6") && codes.contains(&"12.5"), "{got:?}");
        assert!(!codes.contains(&"8.10"), "a waste bank is not banking: {got:?}");
        let waste = got.iter().find(|g| g.target == "11.6").unwrap();
        assert!(waste.matched.iter().any(|m| m == "Pengelolaan sampah"), "{waste:?}");
    }

    #[test]
    fn stemming_meets_other_word_forms_and_exclusions_apply() {
        let s = KeywordSdgSuggester::new();
        let text = body("Meningkatkan penyediaan air minum perpipaan bagi warga");
        let got = s.suggest(&catalog(), &text, 5, &BTreeSet::new());
        assert_eq!(got.first().map(|g| g.target.as_str()), Some("6.1"), "{got:?}");
        let excluded = BTreeSet::from(["6.1".to_owned()]);
        assert!(
            s.suggest(&catalog(), &text, 5, &excluded)
                .iter()
                .all(|g| g.target != "6.1")
        );
    }

    #[test]
    fn english_words_do_not_match_in_indonesian_text() {
        let s = KeywordSdgSuggester::new();
        // "air" is water in Indonesian; English "air quality" must not match "kualitas air".
        let got = s.suggest(
            &catalog(),
            &body("Peningkatan kualitas air sungai"),
            5,
            &BTreeSet::new(),
        );
        assert!(got.iter().all(|g| g.target != "11.6"), "{got:?}");
        let got = s.suggest(
            &catalog(),
            &body("Improving the air quality of the city"),
            5,
            &BTreeSet::new(),
        );
        assert_eq!(got.first().map(|g| g.target.as_str()), Some("11.6"), "{got:?}");
    }

    #[test]
    fn results_are_deterministic_and_limited() {
        let s = KeywordSdgSuggester::new();
        let text = body("Sekolah dasar, air minum, pengelolaan sampah, daur ulang dan layanan perbankan");
        let a = s.suggest(&catalog(), &text, 2, &BTreeSet::new());
        let b = KeywordSdgSuggester::new().suggest(&catalog(), &text, 2, &BTreeSet::new());
        assert_eq!(a, b);
        assert_eq!(a.len(), 2);
        assert!(a[0].score >= a[1].score);
        assert!(s.suggest(&catalog(), &body("   "), 5, &BTreeSet::new()).is_empty());
    }

    #[test]
    fn the_frame_of_every_agreement_matches_nothing() {
        let words = without_frame(indonesian_words("Kerja Sama Pelatihan bekerja sama"));
        let terms: Vec<&str> = words.iter().map(|w| w.term.as_str()).collect();
        assert_eq!(terms, vec!["latih"]);
    }

    #[test]
    fn language_is_guessed_from_function_words() {
        assert_eq!(guess_language("Cooperation on the management of solid waste"), Lang::En);
        assert_eq!(guess_language("Pengelolaan sampah dan air limbah di kota"), Lang::Id);
        assert!(ENGLISH_FUNCTION_WORDS.windows(2).all(|w| w[0] < w[1]), "sorted");
    }
}
