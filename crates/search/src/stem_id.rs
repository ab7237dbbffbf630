//! Indonesian stemmer and closed-compound splitter, written for Jalin (Nazief–Adriani /
//! ECS style: affix rules proposed, a root lexicon decides).
//!
//! Input is one lower-case, accent-folded word (the analyser folds first). Anything that
//! is not 3–40 ASCII letters is returned unchanged.
//!
//! # Algorithm
//!
//! Indonesian words are `prefix* + root + derivational suffix + possessive + particle`.
//! Rules alone over-strip (*pantai* → *panta*, *berita* → *rita*), a lexicon alone misses
//! new words, so rules *propose* candidates and the hand-compiled lexicon
//! ([`crate::lexicon_id`]) *accepts* them:
//!
//! 1. The word itself is looked up first, so roots and protected words are never stemmed.
//! 2. Inflection: strip one particle (`-lah -kah -tah -pun`), then one possessive
//!    (`-ku -mu -nya`), keeping at least 3 letters. Stripped variants are tried before the
//!    whole word, which is still tried (*bertemu*, *perintah* only look inflected).
//! 3. Derivational suffix, tried in the order `-kan`, `-an`, `-i`, none (so *berikan* is
//!    *beri*+*kan* before *ber*+*ikan*, and *pendidikan* falls back to *pendidik*+*an*).
//! 4. Prefixes, up to three layers, depth-first. Each layer offers alternatives in order
//!    of likelihood, with the nasal recoding of meN-/peN-: `meny`+V → s…/ny…, `mem`+V →
//!    p…/m…, `men`+V → t…/n…, `meng`+V → V…/k… (`menge` → k… first, then e…, then a
//!    monosyllable: *mengesahkan* → *sah*), `mem`+b/f/v, `men`+c/d/j/z, `meng`+g/h/k/q,
//!    `me`+l/r/w/y; `ber`/`ter`/`per` + r-roots (*berencana*), `bel`+*ajar*,
//!    `pel`+*ajar*, `be`/`te`+C+*er* (*bekerja*, *tepercaya*), plain `pe`+C (*petani*).
//!    di- and meN- only stand outermost, inner layers follow attested orders (memper-,
//!    pember-, keber-, keter-, kepe-, berke-, …), and a prefix kind is not repeated.
//! 5. Disallowed pairs of outermost prefix and suffix are skipped: be-…-i, di-…-an,
//!    ke-…-i, ke-…-kan, me-…-an, se-…-i, se-…-kan, and (ours) peN-…-kan / peN-…-i, since
//!    the nominal peN- only takes -an (*pendidikan* ≠ *pen*+*didi*+*kan*).
//! 6. Every candidate of at least 3 letters is looked up; the **first** hit wins. Its
//!    entry may be an alias (*pariwisata* → *wisata*, *ijin* → *izin*) or a compound.
//! 7. With no hit, the best rule-based guess is used: the candidate with the highest
//!    score (4 per prefix layer, 2 per suffix, 2 per inflection; a bare `-kan` counts
//!    1, a bare `-i` is not trusted) that keeps ≥ 4 letters and ≥ 2 syllables; earlier
//!    candidates win ties. Low-confidence rules (plain pe+C, te+C+er, se-, and ke-
//!    without -an) only serve lexicon lookups, never guesses. No valid guess: unchanged.
//!
//! # Compounds
//!
//! Closed compounds that are also written open (*kerjasama*/*kerja sama*,
//! *tandatangan*) are lexicon entries with their two root parts, and `antar`/`pasca` +
//! a known root (*antardaerah*) split generically. Affixes around a compound are
//! stripped as usual, so *penandatanganan*, *ditandatangani*, *kerjasamanya* and
//! *pertanggungjawaban* are recognised. [`split_compound`] returns the two roots;
//! [`stem`] of a compound returns its **first** root (*kerjasama* → *kerja*, matching
//! *bekerja sama* → *kerja*, *sama*), so `stem(w) == split_compound(w).0` always.
//!
//! # Decisions
//!
//! *setuju* is a root (*persetujuan*, *menyetujui*, *disetujui* → *setuju*; *tujuan* →
//! *tuju*), *sepakat* too; *lautan* → *laut*; *pemerintah(an)* → *perintah*; *fasilitasi*
//! → *fasilitas*; *-wan* nouns stay whole (*relawan*, *wartawan*) except the alias
//! *wisatawan* → *wisata*; *kecamatan*/*kelurahan* stay whole (not *camat*/*lurah*).
//!
//! # Cost
//!
//! No regex and no allocation while searching: candidates are built in stack buffers
//! and looked up in one `HashMap` (FNV hash) built once. Only a guessed stem that
//! differs from the input allocates; lexicon hits borrow `'static` strings.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use crate::lexicon_id::{ALIASES, COMPOUNDS, PROTECTED, ROOTS};
pub use crate::stopwords_id::is_stop_word;

/// Longer words are returned unchanged (the analyser drops tokens over 40 characters).
const MAX_LEN: usize = 40;
/// Shortest candidate looked up in the lexicon (*sah*, *air*, *cek*).
const MIN_LOOKUP: usize = 3;
/// Prefix layers stripped at most (*ke-ber-lanjut-an*, *mem-per-tanggungjawab-kan*).
const MAX_LAYERS: usize = 3;
/// Prefixes that split generically as `prefix + known root` (written closed by the rules).
const SPLIT_PREFIXES: [&str; 2] = ["antar", "pasca"];

/// The stem of a lower-case word: its root if the lexicon confirms one, else the best
/// rule-based guess, else the word itself. A compound gives its first root (see module
/// docs); use [`split_compound`] for both.
pub fn stem(word: &str) -> Cow<'_, str> {
    match analyze(word.as_bytes()) {
        Analysis::Found(entry) => Cow::Borrowed(entry.head()),
        Analysis::Guess(guess) => Cow::Owned(guess.as_bytes().iter().map(|&b| char::from(b)).collect()),
        Analysis::Unchanged => Cow::Borrowed(word),
    }
}

/// The two roots of a closed compound, possibly affixed: *kerjasama*, *bekerjasama*,
/// *kerjasamanya* → (*kerja*, *sama*); *penandatanganan* → (*tanda*, *tangan*);
/// *antardaerah* → (*antar*, *daerah*). `None` for any other word.
pub fn split_compound(word: &str) -> Option<(String, String)> {
    match analyze(word.as_bytes()) {
        Analysis::Found(Entry::Compound(a, b)) => Some((a.to_owned(), b.to_owned())),
        _ => None,
    }
}

/// Whether `word` is in the root lexicon (a root, protected word, alias or compound).
pub fn is_known_root(word: &str) -> bool {
    LEXICON.contains_key(word.as_bytes())
}

/// Number of lexicon entries (roots, protected words, aliases and compounds).
pub fn lexicon_len() -> usize {
    LEXICON.len()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Entry {
    /// A root (for an alias: the root it stands for).
    Root(&'static str),
    /// A closed compound's two roots.
    Compound(&'static str, &'static str),
}

impl Entry {
    fn head(self) -> &'static str {
        match self {
            Entry::Root(root) | Entry::Compound(root, _) => root,
        }
    }
}

/// FNV-1a: the lexicon keys are short ASCII words, where it beats SipHash comfortably.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

type Lexicon = HashMap<&'static [u8], Entry, BuildHasherDefault<Fnv>>;

static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut map = Lexicon::default();
    for group in ROOTS.iter().chain(PROTECTED) {
        for word in group.split_ascii_whitespace() {
            map.insert(word.as_bytes(), Entry::Root(word));
        }
    }
    for &(alias, root) in ALIASES {
        map.insert(alias.as_bytes(), Entry::Root(root));
    }
    for &(joined, a, b) in COMPOUNDS {
        map.insert(joined.as_bytes(), Entry::Compound(a, b));
    }
    map
});

/// A lexicon entry for a candidate, including generic `antar`/`pasca` compounds.
fn lookup(candidate: &[u8]) -> Option<Entry> {
    if candidate.len() < MIN_LOOKUP {
        return None;
    }
    if let Some(&entry) = LEXICON.get(candidate) {
        return Some(entry);
    }
    for prefix in SPLIT_PREFIXES {
        if let Some(rest) = candidate.strip_prefix(prefix.as_bytes())
            && rest.len() >= 4
            && let Analysis::Found(Entry::Root(root)) = analyze(rest)
        {
            return Some(Entry::Compound(prefix, root));
        }
    }
    None
}

enum Analysis {
    Found(Entry),
    Guess(Guess),
    Unchanged,
}

fn analyze(word: &[u8]) -> Analysis {
    if word.len() < MIN_LOOKUP || word.len() > MAX_LEN || !word.iter().all(u8::is_ascii_lowercase) {
        return Analysis::Unchanged;
    }
    if let Some(entry) = lookup(word) {
        return Analysis::Found(entry);
    }
    let particle = strip_inflection(word, &[b"lah", b"kah", b"tah", b"pun"]);
    let possessive = strip_inflection(particle.unwrap_or(word), &[b"nya", b"ku", b"mu"]);
    // A possessive is tried stripped first (roots in -nya/-ku/-mu are few); a particle
    // after the whole word, since roots in -lah/-kah/-tah/-pun are common in formal text
    // (bermasalah is ber+masalah, not ber+masa+lah).
    let mut variants: [(&[u8], u8); 3] = [(word, 0); 3];
    let n = match (particle, possessive) {
        (Some(p), Some(q)) => {
            variants[1] = (q, 2);
            variants[2] = (p, 1);
            3
        }
        (Some(p), None) => {
            variants[1] = (p, 1);
            2
        }
        (None, Some(q)) => {
            variants[0] = (q, 1);
            variants[1] = (word, 0);
            2
        }
        (None, None) => 1,
    };

    let mut search = Search { guess: None };
    for &(variant, inflections) in &variants[..n] {
        if inflections > 0 {
            if let Some(entry) = lookup(variant) {
                return Analysis::Found(entry);
            }
            search.offer(variant, 2 * inflections, Shape::Inflected);
        }
        if let Some(entry) = search.derivational(variant, inflections) {
            return Analysis::Found(entry);
        }
    }
    match search.guess {
        Some(guess) => Analysis::Guess(guess),
        None => Analysis::Unchanged,
    }
}

/// `word` without one of `endings`, if at least 3 letters with a vowel remain.
fn strip_inflection<'a>(word: &'a [u8], endings: &[&[u8]]) -> Option<&'a [u8]> {
    endings.iter().find_map(|ending| {
        word.strip_suffix(*ending)
            .filter(|rest| rest.len() >= MIN_LOOKUP && rest.iter().any(|&c| is_vowel(c)))
    })
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

fn is_consonant(c: u8) -> bool {
    c.is_ascii_lowercase() && !is_vowel(c)
}

/// Vowel nuclei, a word-final diphthong (*pantai*, *pulau*, *amboi*) counting once.
fn syllables(word: &[u8]) -> usize {
    let vowels = word.iter().filter(|&&c| is_vowel(c)).count();
    let diphthong = matches!(word, [.., b'a', b'i' | b'u'] | [.., b'o', b'i']);
    vowels.saturating_sub(usize::from(diphthong))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Suffix {
    Kan,
    An,
    I,
    None,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Prefix {
    Di,
    Ke,
    Se,
    Me,
    Pe,
    Per,
    Be,
    Te,
}

impl Prefix {
    fn bit(self) -> u8 {
        1 << self as u8
    }

    /// Whether `inner` can follow this prefix (memper-, pember-, keber-, keter-, kepe-,
    /// berke-, berpe-, terpe-, seper-). di- and meN- are never inner; ter- follows only ke-.
    fn takes_inner(self, inner: Prefix) -> bool {
        use Prefix::*;
        match self {
            Di | Me => matches!(inner, Per | Be | Ke | Pe),
            Pe => matches!(inner, Be | Per | Ke),
            Ke => matches!(inner, Be | Te | Pe | Per | Se),
            Be => matches!(inner, Ke | Pe | Per | Se),
            Te => matches!(inner, Ke | Per | Pe),
            Per => matches!(inner, Se | Ke),
            Se => inner == Per,
        }
    }

    /// Whether this outermost prefix combines with the derivational suffix.
    fn allows(self, suffix: Suffix) -> bool {
        !matches!(
            (self, suffix),
            (Prefix::Be, Suffix::I)
                | (Prefix::Di, Suffix::An)
                | (Prefix::Ke, Suffix::I | Suffix::Kan)
                | (Prefix::Me, Suffix::An)
                | (Prefix::Se, Suffix::I | Suffix::Kan)
                | (Prefix::Pe, Suffix::I | Suffix::Kan)
        )
    }
}

/// One way to remove a prefix: drop `skip` bytes, then put back `head` (nasal recoding).
#[derive(Clone, Copy, Debug)]
struct Alt {
    kind: Prefix,
    head: Option<u8>,
    skip: usize,
    /// Usable for rule-based guesses, not only for lexicon lookups.
    sure: bool,
}

impl Alt {
    /// `word` without this prefix, built in `buf`; `None` if under 3 letters would remain.
    fn apply<'b>(&self, word: &[u8], buf: &'b mut [u8; MAX_LEN]) -> Option<&'b [u8]> {
        let rest = word.get(self.skip..)?;
        let start = usize::from(self.head.is_some());
        let len = start + rest.len();
        if !(MIN_LOOKUP..=MAX_LEN).contains(&len) {
            return None;
        }
        if let Some(head) = self.head {
            buf[0] = head;
        }
        buf[start..len].copy_from_slice(rest);
        Some(&buf[..len])
    }
}

/// Up to four alternatives, in order of preference.
struct Alts {
    items: [Alt; 4],
    len: usize,
}

impl Alts {
    fn push(&mut self, kind: Prefix, head: Option<u8>, skip: usize, sure: bool) {
        if self.len < self.items.len() {
            self.items[self.len] = Alt { kind, head, skip, sure };
            self.len += 1;
        }
    }

    fn as_slice(&self) -> &[Alt] {
        &self.items[..self.len]
    }
}

fn prefix_alternatives(w: &[u8]) -> Alts {
    let none = Alt {
        kind: Prefix::Di,
        head: None,
        skip: 0,
        sure: false,
    };
    let mut alts = Alts {
        items: [none; 4],
        len: 0,
    };
    let at = |i: usize| w.get(i).copied().unwrap_or(0);
    let (c2, c3, c4) = (at(2), at(3), at(4));
    match (at(0), at(1)) {
        (b'd', b'i') => alts.push(Prefix::Di, None, 2, true),
        (b'k', b'e') => alts.push(Prefix::Ke, None, 2, true),
        (b's', b'e') => alts.push(Prefix::Se, None, 2, false),
        (b'm', b'e') => nasal(&mut alts, w, Prefix::Me),
        (b'p', b'e') => {
            if c2 == b'r' {
                alts.push(Prefix::Per, None, 3, true);
                if is_vowel(c3) {
                    // pe(r) + r-root: perumahan, perawat.
                    alts.push(Prefix::Per, None, 2, true);
                }
            } else {
                if w[2..].starts_with(b"lajar") {
                    alts.push(Prefix::Pe, None, 3, true);
                }
                nasal(&mut alts, w, Prefix::Pe);
                if is_consonant(c2) && !matches!(c2, b'm' | b'n' | b'l' | b'r' | b'w' | b'y') {
                    // pe- of ber-verbs: petani, pedagang, pekerja, pejuang.
                    alts.push(Prefix::Pe, None, 2, false);
                }
            }
        }
        (b'b', b'e') => {
            if c2 == b'r' {
                alts.push(Prefix::Be, None, 3, true);
                if is_vowel(c3) {
                    alts.push(Prefix::Be, None, 2, true);
                }
            } else if w[2..].starts_with(b"lajar") {
                alts.push(Prefix::Be, None, 3, true);
            } else if is_consonant(c2) && c3 == b'e' && c4 == b'r' {
                // bekerja, beternak, bepergian.
                alts.push(Prefix::Be, None, 2, true);
            }
        }
        (b't', b'e') => {
            if c2 == b'r' {
                alts.push(Prefix::Te, None, 3, true);
                if is_vowel(c3) {
                    alts.push(Prefix::Te, None, 2, true);
                }
            } else if is_consonant(c2) && c3 == b'e' && c4 == b'r' {
                // tepercaya.
                alts.push(Prefix::Te, None, 2, false);
            }
        }
        _ => {}
    }
    alts
}

/// meN- / peN- with nasal assimilation; `w` starts with "me" or "pe".
fn nasal(alts: &mut Alts, w: &[u8], kind: Prefix) {
    let at = |i: usize| w.get(i).copied().unwrap_or(0);
    let (c2, c3, c4, c5) = (at(2), at(3), at(4), at(5));
    match (c2, c3) {
        (b'n', b'y') if is_vowel(c4) => {
            alts.push(kind, Some(b's'), 4, true); // menyusun → susun
            alts.push(kind, None, 2, true); // menyanyi → nyanyi
        }
        (b'n', b'g') if c4 == b'e' => {
            alts.push(kind, Some(b'k'), 4, true); // mengelola → kelola
            alts.push(kind, None, 4, true); // mengedarkan → edar
            if is_consonant(c5) {
                alts.push(kind, None, 5, true); // mengesahkan → sah
            }
        }
        (b'n', b'g') if is_vowel(c4) => {
            alts.push(kind, None, 4, true); // mengatur → atur
            alts.push(kind, Some(b'k'), 4, true); // mengirim → kirim
        }
        (b'n', b'g') if matches!(c4, b'g' | b'h' | b'k' | b'q' | b'x') => alts.push(kind, None, 4, true),
        (b'm', b'b' | b'f' | b'v') => alts.push(kind, None, 3, true),
        // memper-, mempunyai, memproses: p kept in per- and before a consonant.
        (b'm', b'p') if kind == Prefix::Me || is_consonant(c4) => alts.push(kind, None, 3, true),
        // pemrograman, pemrosesan: p of a cluster dropped.
        (b'm', b'r' | b'l') => alts.push(kind, Some(b'p'), 3, true),
        (b'm', _) if is_vowel(c3) => {
            alts.push(kind, Some(b'p'), 3, true); // memimpin → pimpin
            alts.push(kind, None, 2, true); // memakan → makan
        }
        (b'n', b'c' | b'd' | b'j' | b'z') => alts.push(kind, None, 3, true),
        // Loans keep s and t: mensosialisasikan, mentransfer, penstandaran, pensyaratan.
        (b'n', b's') if kind == Prefix::Me || is_consonant(c4) => alts.push(kind, None, 3, true),
        (b'n', b't') if is_consonant(c4) => alts.push(kind, None, 3, true),
        (b'n', _) if is_vowel(c3) => {
            alts.push(kind, Some(b't'), 3, true); // menulis → tulis
            alts.push(kind, None, 2, true); // menikah → nikah
        }
        (b'l' | b'r' | b'w' | b'y', _) if is_vowel(c3) => alts.push(kind, None, 2, true),
        _ => {}
    }
}

/// The best rule-based guess so far.
struct Guess {
    score: u8,
    len: usize,
    buf: [u8; MAX_LEN],
}

impl Guess {
    fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Only inflection removed: 3 letters suffice (*apakah* → *apa*).
    Inflected,
    /// A derivational affix removed: at least 4 letters and 2 syllables.
    Derived,
}

struct Search {
    guess: Option<Guess>,
}

impl Search {
    fn offer(&mut self, candidate: &[u8], score: u8, shape: Shape) {
        let valid = match shape {
            Shape::Inflected => candidate.len() >= 3 && syllables(candidate) >= 1,
            Shape::Derived => candidate.len() >= 4 && syllables(candidate) >= 2,
        };
        if !valid || score == 0 || self.guess.as_ref().is_some_and(|g| g.score >= score) {
            return;
        }
        let mut buf = [0; MAX_LEN];
        buf[..candidate.len()].copy_from_slice(candidate);
        self.guess = Some(Guess {
            score,
            len: candidate.len(),
            buf,
        });
    }

    /// Derivational suffix, then prefixes; the first lexicon hit.
    fn derivational(&mut self, word: &[u8], inflections: u8) -> Option<Entry> {
        for suffix in [Suffix::Kan, Suffix::An, Suffix::I, Suffix::None] {
            let base = match suffix {
                Suffix::Kan => word.strip_suffix(b"kan"),
                Suffix::An => word.strip_suffix(b"an"),
                Suffix::I => word.strip_suffix(b"i").filter(|b| !b.ends_with(b"i")),
                Suffix::None => Some(word),
            };
            let Some(base) = base.filter(|b| b.len() >= MIN_LOOKUP) else {
                continue;
            };
            if suffix != Suffix::None {
                if let Some(entry) = lookup(base) {
                    return Some(entry);
                }
                // A bare -kan is often an imperative or part of the root; a bare -i too.
                let bare = match suffix {
                    Suffix::Kan => 1,
                    Suffix::An => 2,
                    _ => 0,
                };
                self.offer(base, 2 * inflections + bare, Shape::Derived);
            }
            let ctx = Context { suffix, inflections };
            if let Some(entry) = self.prefixes(base, ctx, None, 0, 0, true) {
                return Some(entry);
            }
        }
        None
    }

    /// Prefix layers, depth-first; the first lexicon hit.
    fn prefixes(
        &mut self,
        word: &[u8],
        ctx: Context,
        outer: Option<Prefix>,
        layer: usize,
        used: u8,
        sure: bool,
    ) -> Option<Entry> {
        if layer >= MAX_LAYERS {
            return None;
        }
        let alts = prefix_alternatives(word);
        // Breadth first: every removal of this layer is looked up before going deeper
        // (mengemisi is meng+emisi before meng+k+emisi → ke+misi).
        for pass in [Pass::Lookup, Pass::Descend] {
            for alt in alts.as_slice() {
                let allowed = match outer {
                    None => alt.kind.allows(ctx.suffix),
                    Some(outer) => outer.takes_inner(alt.kind),
                };
                if !allowed || used & alt.kind.bit() != 0 {
                    continue;
                }
                let mut buf = [0; MAX_LEN];
                let Some(candidate) = alt.apply(word, &mut buf) else {
                    continue;
                };
                let sure = sure && alt.sure && (alt.kind != Prefix::Ke || ctx.suffix == Suffix::An);
                match pass {
                    Pass::Lookup => {
                        if let Some(entry) = lookup(candidate) {
                            return Some(entry);
                        }
                        if sure {
                            let suffix = if ctx.suffix == Suffix::None { 0 } else { 2 };
                            let score = 2 * ctx.inflections + suffix + 4 * (layer as u8 + 1);
                            self.offer(candidate, score, Shape::Derived);
                        }
                    }
                    Pass::Descend => {
                        if let Some(entry) =
                            self.prefixes(candidate, ctx, Some(alt.kind), layer + 1, used | alt.kind.bit(), sure)
                        {
                            return Some(entry);
                        }
                    }
                }
            }
        }
        None
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Pass {
    Lookup,
    Descend,
}

#[derive(Clone, Copy)]
struct Context {
    suffix: Suffix,
    inflections: u8,
}

#[cfg(test)]
mod tests;
