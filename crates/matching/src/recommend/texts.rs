//! The reason texts as data: one row of Indonesian and English templates per wording, and
//! a small filler for their `{placeholders}`. Adding a reason is adding a row here (and a
//! function that gathers its facts, in `reasons.rs`).

use jalin_domain::text::group_thousands;

/// One way of phrasing a reason. Some signals have two wordings (e.g. "comparable
/// population" for a close match, plain "population" otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Wording {
    Level,
    PopulationComparable,
    Population,
    AreaComparable,
    Area,
    ClimateSameBand,
    ClimateBands,
    ProximityClose,
    Proximity,
    CountryPairWithin,
    CountryPairBetween,
    CountryActivity,
    RegionAffinity,
    PartnersOfPartners,
    CoPartners,
    CoPartnerPath,
    SimilarPlaces,
    PartnerActivity,
    Fields,
    Sdgs,
    EstimatedFromCities,
    LevelMismatch,
    Region3t,
    NoForeignCooperation,
}

/// How many wordings there are (the length of [`TEMPLATES`]).
const WORDINGS: usize = Wording::NoForeignCooperation as usize + 1;

/// `(wording, Indonesian, English)`, in the order of [`Wording`].
const TEMPLATES: [(Wording, &str, &str); WORDINGS] = [
    (
        Wording::Level,
        "Setara: {q} ↔ {c} (PP 28/2018 Pasal 27)",
        "Equal level: {q} ↔ {c} (PP 28/2018 Art. 27)",
    ),
    (
        Wording::PopulationComparable,
        "Jumlah penduduk sebanding: {q} ↔ {c}{estimated}",
        "Comparable population: {q} ↔ {c}{estimated}",
    ),
    (
        Wording::Population,
        "Jumlah penduduk: {q} ↔ {c}{estimated}",
        "Population: {q} ↔ {c}{estimated}",
    ),
    (
        Wording::AreaComparable,
        "Luas wilayah sebanding: {q} km² ↔ {c} km²",
        "Comparable area: {q} km² ↔ {c} km²",
    ),
    (
        Wording::Area,
        "Luas wilayah: {q} km² ↔ {c} km²",
        "Area: {q} km² ↔ {c} km²",
    ),
    (
        Wording::ClimateSameBand,
        "Sama-sama {band} (lintang {q}° dan {c}°)",
        "Both {band} (latitude {q}° and {c}°)",
    ),
    (
        Wording::ClimateBands,
        "Zona lintang: {q} ↔ {c}",
        "Latitude band: {q} ↔ {c}",
    ),
    (
        Wording::ProximityClose,
        "Relatif dekat: sekitar {km} km",
        "Relatively close: about {km} km",
    ),
    (Wording::Proximity, "Jarak sekitar {km} km", "About {km} km away"),
    (
        Wording::CountryPairWithin,
        "{n} kemitraan tercatat antardaerah di {c}",
        "{n} recorded {partnerships} within {c}",
    ),
    (
        Wording::CountryPairBetween,
        "{n} kemitraan tercatat antara {q} dan {c}",
        "{n} recorded {partnerships} between {q} and {c}",
    ),
    (
        Wording::CountryActivity,
        "{c} aktif bermitra: {n} kemitraan tercatat",
        "{c} is active in partnerships: {n} recorded",
    ),
    (
        Wording::RegionAffinity,
        "Wilayah {region} sudah sering menjadi mitra Anda atau daerah di sekitar Anda",
        "The {region} area already partners with you or with places near you",
    ),
    (
        Wording::PartnersOfPartners,
        "Sudah bermitra dengan mitra Anda: {via}",
        "Already a partner of your partner: {via}",
    ),
    (
        Wording::CoPartners,
        "Mitra dari daerah yang berbagi mitra dengan Anda: {via}",
        "Partner of places that share a partner with you: {via}",
    ),
    (
        Wording::CoPartnerPath,
        "{place} (sesama mitra {partner})",
        "{place} (also a partner of {partner})",
    ),
    (
        Wording::SimilarPlaces,
        "Mitra dari daerah yang mirip dengan Anda: {via}",
        "Partner of places similar to you: {via}",
    ),
    (
        Wording::PartnerActivity,
        "Berpengalaman: sudah memiliki {n} kemitraan tercatat",
        "Experienced: already has {n} recorded {partnerships}",
    ),
    (
        Wording::Fields,
        "Bidang (urusan) yang sama dengan kerja samanya yang ada: {codes}",
        "Same fields (urusan) as its existing cooperation: {codes}",
    ),
    (
        Wording::Sdgs,
        "TPB/SDG yang sama dengan kerja samanya yang ada: tujuan {goals}",
        "Same SDGs as its existing cooperation: goal {goals}",
    ),
    (
        Wording::EstimatedFromCities,
        " (perkiraan dari kotanya)",
        " (estimated from its cities)",
    ),
    (
        Wording::LevelMismatch,
        "Tidak setara: {q} ↔ {c}; hanya sebagai kerja sama lainnya, bukan kota/provinsi kembar (PP 28/2018 Pasal 27)",
        "Not an equal level: {q} ↔ {c}; only as \"other cooperation\", not as a sister city/province (PP 28/2018 Art. 27)",
    ),
    (
        Wording::Region3t,
        "Daerah 3T (terdepan, terluar, tertinggal): diprioritaskan di papan peluang",
        "3T region (frontier, outermost or underdeveloped): prioritised on the opportunity board",
    ),
    (
        Wording::NoForeignCooperation,
        "Belum memiliki kerja sama luar negeri: diprioritaskan di papan peluang",
        "No foreign cooperation yet: prioritised on the opportunity board",
    ),
];

/// A text in Indonesian and English.
pub(super) type Bilingual = (String, String);

/// The values of a reason's placeholders, in both languages.
#[derive(Debug, Default)]
pub(super) struct Facts(Vec<(&'static str, Bilingual)>);

impl Facts {
    /// A value that reads differently in each language.
    pub(super) fn with(mut self, key: &'static str, value: Bilingual) -> Self {
        self.0.push((key, value));
        self
    }

    /// A value that reads the same in both languages.
    pub(super) fn same(self, key: &'static str, value: impl ToString) -> Self {
        let v = value.to_string();
        self.with(key, (v.clone(), v))
    }

    fn get(&self, key: &str, english: bool) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, (id, en))| if english { en.as_str() } else { id.as_str() })
    }
}

impl Wording {
    /// The wording's texts with `facts` filled in.
    pub(super) fn fill(self, facts: &Facts) -> Bilingual {
        let (_, id, en) = TEMPLATES[self as usize];
        (fill(id, facts, false), fill(en, facts, true))
    }

    /// The wording's texts as they are (for wordings without placeholders).
    pub(super) fn text(self) -> Bilingual {
        self.fill(&Facts::default())
    }
}

/// Replaces each `{key}` of `template` by its value, in one pass (values are never
/// scanned again, so a place name with braces stays as it is). An unknown key is kept.
fn fill(template: &str, facts: &Facts, english: bool) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after
            .find('}')
            .and_then(|close| Some((close, facts.get(&after[..close], english)?)))
        {
            Some((close, value)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// "partnership" or "partnerships" (English only; Indonesian does not inflect).
pub(super) fn partnerships(n: u32) -> Bilingual {
    let en = if n == 1 { "partnership" } else { "partnerships" };
    ("kemitraan".into(), en.into())
}

/// A whole number with thousands separators: "5.000" / "5,000".
pub(super) fn int(x: f64) -> Bilingual {
    let n = x.max(0.0).round() as u64;
    (group_thousands(n.into(), "."), group_thousands(n.into(), ","))
}

/// An absolute latitude with one decimal: "6,5" / "6.5" (empty when unknown).
pub(super) fn latitude(x: Option<f64>) -> Bilingual {
    let en = x.map(|v| format!("{:.1}", v.abs())).unwrap_or_default();
    (en.replace('.', ","), en)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_wording_order() {
        for (i, (w, _, _)) in TEMPLATES.iter().enumerate() {
            assert_eq!(*w as usize, i, "{w:?}");
        }
    }

    #[test]
    fn placeholders_are_filled_once_and_unknown_ones_kept() {
        let facts = Facts::default()
            .same("q", "{c}")
            .with("c", ("kota".into(), "city".into()));
        assert_eq!(fill("{q} ↔ {c} {x} {", &facts, false), "{c} ↔ kota {x} {");
        assert_eq!(fill("{q} ↔ {c}", &facts, true), "{c} ↔ city");
        assert_eq!(int(1_234_567.4), ("1.234.567".into(), "1,234,567".into()));
        assert_eq!(latitude(Some(-6.26)), ("6,3".into(), "6.3".into()));
    }
}
