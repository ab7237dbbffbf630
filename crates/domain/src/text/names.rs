//! Name similarity for duplicate detection ("Kota Suwon" vs "Suwon City", "Braunschweig"
//! vs "Braunschweig (Stadt)"). Names are folded first (accents, case, punctuation), generic
//! administrative words are dropped, and the remaining words are compared by character
//! trigrams.

use super::fold;
use std::collections::BTreeSet;

/// Words that say what kind of place a name is rather than which place: they must not make
/// "Kota Bandung" and "Kota Bogor" look alike.
const GENERIC_WORDS: &[&str] = &[
    "kota",
    "kabupaten",
    "kab",
    "provinsi",
    "prov",
    "pemerintah",
    "pemkot",
    "pemkab",
    "pemprov",
    "city",
    "of",
    "the",
    "town",
    "municipality",
    "municipal",
    "county",
    "province",
    "prefecture",
    "state",
    "region",
    "regional",
    "government",
    "district",
    "metropolitan",
    "shi",
    "si",
    "gun",
    "do",
    "ken",
    "stadt",
    "ville",
    "de",
    "la",
    "le",
    "del",
    "di",
    "dan",
    "and",
    "sheng",
    "zizhiqu",
];

/// The distinctive part of a name: folded, without generic administrative words.
pub fn core_name(name: &str) -> String {
    let folded = fold(name);
    let words: Vec<&str> = folded
        .split(' ')
        .filter(|w| !w.is_empty() && !GENERIC_WORDS.contains(w))
        .collect();
    if words.is_empty() { folded } else { words.join(" ") }
}

fn trigrams(s: &str) -> BTreeSet<[u8; 3]> {
    let padded: Vec<u8> = format!("  {s} ").into_bytes();
    padded.windows(3).map(|w| [w[0], w[1], w[2]]).collect()
}

/// Similarity of two names in `[0, 1]`: the Dice coefficient of the character trigrams of
/// their core names. Identical core names score 1.
pub fn similarity(a: &str, b: &str) -> f64 {
    let (ca, cb) = (core_name(a), core_name(b));
    if ca.is_empty() || cb.is_empty() {
        return 0.0;
    }
    if ca == cb {
        return 1.0;
    }
    let (ta, tb) = (trigrams(&ca), trigrams(&cb));
    let shared = ta.intersection(&tb).count() as f64;
    2.0 * shared / (ta.len() + tb.len()) as f64
}

/// The score from which two names of the same kind in the same country count as a likely
/// duplicate.
pub const DUPLICATE_THRESHOLD: f64 = 0.75;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn administrative_words_do_not_count() {
        assert_eq!(core_name("Kota Suwon"), "suwon");
        assert_eq!(similarity("Kota Suwon", "Suwon City"), 1.0);
        assert!(similarity("Kota Bandung", "Kota Bogor") < DUPLICATE_THRESHOLD);
    }

    #[test]
    fn spelling_variants_are_close() {
        assert!(similarity("Braunschweig", "Braunschweig (Stadt)") >= DUPLICATE_THRESHOLD);
        assert!(similarity("Guangzhou", "Guangzhou Municipal Government") >= DUPLICATE_THRESHOLD);
        assert!(similarity("Kyoto Prefecture", "Kyōto") >= DUPLICATE_THRESHOLD);
        assert!(similarity("Seattle", "Shah Alam") < 0.5);
    }

    proptest! {
        #[test]
        fn similarity_is_symmetric_and_bounded(a in "[a-zA-Z ]{0,20}", b in "[a-zA-Z ]{0,20}") {
            let s = similarity(&a, &b);
            prop_assert!((0.0..=1.0).contains(&s));
            prop_assert!((s - similarity(&b, &a)).abs() < 1e-12);
        }

        #[test]
        fn a_name_is_identical_to_itself(a in "[a-zA-Z]{1,20}") {
            prop_assert_eq!(similarity(&a, &a), 1.0);
        }
    }
}
