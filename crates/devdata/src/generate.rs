//! A realistic synthetic registry for benchmarks and demos: real regions, real cities and
//! subdivisions, plausible fields, SDGs, dates, legal bases and statuses. The same seed and
//! date always give the same records.

use jalin_domain::agreement::{AgreementInput, PartyInput};
use jalin_domain::legal_basis::{PMDN_22_2020_IN_FORCE, PMDN_25_2020_IN_FORCE};
use jalin_domain::partner::PartnerInput;
use jalin_domain::reference::{City, Country, DiplomaticRelations, Region, RegionType, Subdivision};
use std::collections::BTreeMap;
use time::{Date, Duration, Month, OffsetDateTime, Time};

/// The generator's random numbers: the workspace's one portable PRNG, deterministic across
/// platforms and crate versions, which a reproducible benchmark dataset needs.
pub use jalin_domain::rng::SplitMix64;

/// The reference data the generator draws from.
pub struct GeneratorReference<'a> {
    pub regions: &'a [Region],
    pub countries: &'a [Country],
    pub cities: &'a [City],
    pub subdivisions: &'a [Subdivision],
}

impl<'a> GeneratorReference<'a> {
    /// Borrows the generator's inputs from loaded reference datasets (missing ones stay empty).
    pub fn from_datasets(datasets: &'a [jalin_app::reference::LoadedDataset]) -> Self {
        use jalin_app::ports::store::DatasetRows;
        let mut r = Self {
            regions: &[],
            countries: &[],
            cities: &[],
            subdivisions: &[],
        };
        for d in datasets {
            match &d.rows {
                DatasetRows::Regions(v) => r.regions = v,
                DatasetRows::Countries(v) => r.countries = v,
                DatasetRows::Cities(v) => r.cities = v,
                DatasetRows::Subdivisions(v) => r.subdivisions = v,
                _ => {}
            }
        }
        r
    }
}

/// Partner countries of Indonesian sister links, weighted roughly by how often they occur.
const PARTNER_COUNTRIES: &[(&str, u32)] = &[
    ("JP", 14),
    ("KR", 12),
    ("CN", 12),
    ("AU", 8),
    ("MY", 8),
    ("US", 6),
    ("NL", 5),
    ("DE", 5),
    ("TH", 4),
    ("PH", 4),
    ("VN", 3),
    ("TR", 3),
    ("FR", 3),
    ("GB", 3),
    ("NZ", 2),
    ("CA", 2),
    ("TL", 2),
    ("IN", 2),
    ("RU", 2),
    ("IT", 2),
    ("SG", 1),
    ("PG", 1),
    ("ZA", 1),
    ("EG", 1),
    ("AE", 1),
    ("SA", 1),
    ("ES", 1),
    ("PT", 1),
    ("BR", 1),
    ("MA", 1),
];

/// Real development partners and institutions that regions work with (KSDLL).
const INSTITUTIONS: &[(&str, Option<&str>, &str)] = &[
    (
        "Japan International Cooperation Agency (JICA)",
        Some("JP"),
        "development_partner",
    ),
    (
        "Korea International Cooperation Agency (KOICA)",
        Some("KR"),
        "development_partner",
    ),
    (
        "Deutsche Gesellschaft für Internationale Zusammenarbeit (GIZ)",
        Some("DE"),
        "development_partner",
    ),
    (
        "Agence Française de Développement (AFD)",
        Some("FR"),
        "development_partner",
    ),
    (
        "United States Agency for International Development (USAID)",
        Some("US"),
        "development_partner",
    ),
    (
        "Department of Foreign Affairs and Trade (DFAT)",
        Some("AU"),
        "government_agency",
    ),
    (
        "United Nations Development Programme (UNDP)",
        None,
        "international_organization",
    ),
    (
        "United Nations Children's Fund (UNICEF)",
        None,
        "international_organization",
    ),
    ("World Health Organization (WHO)", None, "international_organization"),
    ("Asian Development Bank (ADB)", None, "international_organization"),
    (
        "Wageningen University & Research",
        Some("NL"),
        "educational_institution",
    ),
    ("Kyoto University", Some("JP"), "educational_institution"),
    ("Seoul National University", Some("KR"), "educational_institution"),
    ("The Asia Foundation", Some("US"), "foreign_non_profit"),
    ("Konrad-Adenauer-Stiftung", Some("DE"), "foreign_non_profit"),
];

/// Fields (government affairs) with their weight, typical SDG codes and legal object.
const FIELDS: &[(&str, u32, &[&str], &str)] = &[
    ("1.01", 14, &["4", "4.1", "4.3", "4.7", "4.b"], "science_technology"),
    ("1.02", 9, &["3", "3.8", "3.3", "3.d"], "government_capacity"),
    ("3.26", 12, &["8.9", "12.b", "8"], "regional_promotion"),
    ("2.22", 10, &["11.4", "4.7"], "cultural_exchange"),
    ("3.30", 8, &["17.11", "8.2"], "regional_promotion"),
    ("2.18", 7, &["8", "17.5", "9.2"], "regional_promotion"),
    ("2.11", 7, &["13", "11.6", "12.5", "6.3"], "science_technology"),
    ("1.03", 5, &["9.1", "11.3", "6.1"], "government_capacity"),
    ("3.27", 5, &["2.4", "2.3", "2"], "science_technology"),
    ("3.25", 4, &["14.7", "14.b", "14"], "science_technology"),
    ("2.15", 3, &["11.2", "9.1"], "government_capacity"),
    ("2.19", 4, &["4.4", "3.4"], "cultural_exchange"),
    ("2.16", 3, &["9.c", "16.10", "17.8"], "government_capacity"),
    ("2.17", 4, &["8.3", "9.3"], "regional_promotion"),
    ("3.31", 3, &["9.2", "9.b"], "science_technology"),
    ("1.06", 2, &["1.3", "10.2"], "government_capacity"),
];

const FIELD_WORDS_ID: &[(&str, &str, &str)] = &[
    ("1.01", "pendidikan", "education"),
    ("1.02", "kesehatan", "health"),
    ("3.26", "pariwisata", "tourism"),
    ("2.22", "kebudayaan", "culture"),
    ("3.30", "perdagangan", "trade"),
    ("2.18", "penanaman modal", "investment"),
    ("2.11", "lingkungan hidup", "the environment"),
    ("1.03", "pekerjaan umum", "public works"),
    ("3.27", "pertanian", "agriculture"),
    ("3.25", "kelautan dan perikanan", "marine affairs and fisheries"),
    ("2.15", "perhubungan", "transportation"),
    ("2.19", "kepemudaan dan olahraga", "youth and sports"),
    ("2.16", "komunikasi dan informatika", "communication and informatics"),
    ("2.17", "UMKM dan koperasi", "SMEs and cooperatives"),
    ("3.31", "perindustrian", "industry"),
    ("1.06", "sosial", "social affairs"),
];

const COMPANY_WORDS: &[&str] = &[
    "Nusantara",
    "Sinar",
    "Bumi",
    "Cahaya",
    "Mitra",
    "Karya",
    "Jaya",
    "Abadi",
    "Sejahtera",
    "Mandiri",
    "Makmur",
    "Lestari",
    "Energi",
    "Tirta",
    "Prima",
    "Samudra",
    "Harapan",
    "Global",
    "Utama",
    "Sentosa",
];

fn words_for(field: &str) -> (&'static str, &'static str) {
    FIELD_WORDS_ID
        .iter()
        .find(|(f, _, _)| *f == field)
        .map(|(_, id, en)| (*id, *en))
        .unwrap_or(("pembangunan daerah", "regional development"))
}

fn date_str(d: Date) -> String {
    d.to_string()
}

fn add_years(d: Date, years: i32) -> Date {
    Date::from_calendar_date(d.year() + years, d.month(), d.day().min(28)).unwrap_or(d)
}

struct Prepared<'a> {
    autonomous: Vec<&'a Region>,
    by_province: BTreeMap<String, Vec<&'a Region>>,
    cities_by_country: BTreeMap<String, Vec<&'a City>>,
    subdivisions_by_country: BTreeMap<String, Vec<&'a Subdivision>>,
    countries: Vec<(&'a str, u32)>,
}

fn prepare<'a>(r: &GeneratorReference<'a>) -> Prepared<'a> {
    let autonomous: Vec<&Region> = r.regions.iter().filter(|x| x.is_autonomous()).collect();
    let mut by_province: BTreeMap<String, Vec<&Region>> = BTreeMap::new();
    for region in &autonomous {
        by_province
            .entry(region.province_code.to_string())
            .or_default()
            .push(region);
    }
    let mut cities_by_country: BTreeMap<String, Vec<&City>> = BTreeMap::new();
    for c in r.cities {
        cities_by_country.entry(c.country_iso2.to_string()).or_default().push(c);
    }
    for list in cities_by_country.values_mut() {
        list.sort_by(|a, b| b.population.cmp(&a.population).then(a.geonameid.cmp(&b.geonameid)));
    }
    let mut subdivisions_by_country: BTreeMap<String, Vec<&Subdivision>> = BTreeMap::new();
    for s in r.subdivisions {
        subdivisions_by_country
            .entry(s.country_iso2.to_string())
            .or_default()
            .push(s);
    }
    for list in subdivisions_by_country.values_mut() {
        list.sort_by(|a, b| a.code.cmp(&b.code));
    }
    let related: Vec<&str> = r
        .countries
        .iter()
        .filter(|c| c.diplomatic_relations == DiplomaticRelations::Yes)
        .map(|c| c.iso2.as_str())
        .collect();
    let countries = PARTNER_COUNTRIES
        .iter()
        .filter(|(c, _)| related.contains(c) && cities_by_country.contains_key(*c))
        .map(|(c, w)| (*c, *w))
        .collect();
    Prepared {
        autonomous,
        by_province,
        cities_by_country,
        subdivisions_by_country,
        countries,
    }
}

fn region_party(r: &Region) -> PartyInput {
    PartyInput {
        region_code: Some(r.code.to_string()),
        ..Default::default()
    }
}

fn described(kind: &str, name: String, country: Option<&str>, category: Option<&str>) -> PartyInput {
    PartyInput {
        partner: Some(PartnerInput {
            kind: Some(kind.to_owned()),
            name: Some(name),
            country: country.map(str::to_owned),
            category: category.map(str::to_owned),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// Generates `n` agreements. Every record passes the registry's validation on `today`.
pub fn generate(reference: &GeneratorReference<'_>, n: usize, seed: u64, today: Date) -> Vec<AgreementInput> {
    let prepared = prepare(reference);
    let mut rng = SplitMix64::new(seed);
    let mut out = Vec::with_capacity(n);
    if prepared.autonomous.is_empty() || prepared.countries.is_empty() {
        return out;
    }
    let field_weights: Vec<(usize, u32)> = FIELDS.iter().enumerate().map(|(i, f)| (i, f.1)).collect();
    let forms: &[(&str, u32)] = &[("KSDPL", 30), ("KSDLL", 15), ("KSDD", 35), ("KSDPK", 20)];
    // Every step draws from `rng` in a fixed order: the same seed gives the same records.
    for _ in 0..n {
        let form = *rng.weighted(forms);
        let region = pick_region(&mut rng, &prepared);
        let foreign = form == "KSDPL" || form == "KSDLL";
        let partner = pick_partner(&mut rng, &prepared, form, region);
        let mut input = AgreementInput {
            form: Some(form.to_owned()),
            subtype: Some(partner.subtype.to_owned()),
            parties: Some(vec![region_party(region), partner.party]),
            ..Default::default()
        };
        let fields = add_topics(&mut rng, &mut input, &field_weights, foreign);
        add_texts(&mut input, region, &partner.name, FIELDS[fields[0]].0);
        let created = add_lifecycle(&mut rng, &mut input, form, foreign, today);
        add_identity(&mut rng, &mut input, created);
        out.push(input);
    }
    out
}

/// A region, biased towards the more populous: larger regions cooperate more often.
fn pick_region<'a>(rng: &mut SplitMix64, prepared: &Prepared<'a>) -> &'a Region {
    let a = *rng.pick(&prepared.autonomous);
    let b = *rng.pick(&prepared.autonomous);
    if a.population >= b.population { a } else { b }
}

/// The partner of a generated agreement: its party, its name for the titles, and the
/// sub-type of cooperation it makes.
struct GeneratedPartner {
    subtype: &'static str,
    name: String,
    party: PartyInput,
}

fn pick_partner(rng: &mut SplitMix64, prepared: &Prepared<'_>, form: &str, region: &Region) -> GeneratedPartner {
    match form {
        "KSDPL" => foreign_government(rng, prepared, region),
        "KSDLL" => {
            let (name, country, category) = *rng.pick(INSTITUTIONS);
            let subtype = if category == "development_partner" || category == "international_organization" {
                "continuation"
            } else {
                "other_central_approval"
            };
            GeneratedPartner {
                subtype,
                name: name.to_owned(),
                party: described("foreign_institution", name.to_owned(), country, Some(category)),
            }
        }
        "KSDD" => {
            let neighbours = &prepared.by_province[region.province_code.as_str()];
            let other = loop {
                let candidate = if rng.chance(0.8) && neighbours.len() > 1 {
                    *rng.pick(neighbours)
                } else {
                    *rng.pick(&prepared.autonomous)
                };
                if candidate.code != region.code {
                    break candidate;
                }
            };
            GeneratedPartner {
                subtype: if rng.chance(0.3) { "mandatory" } else { "voluntary" },
                name: other.name.clone(),
                party: region_party(other),
            }
        }
        _ => third_party(rng, region),
    }
}

/// A foreign city, or for a province a foreign first-level subdivision when the country
/// has them.
fn foreign_government(rng: &mut SplitMix64, prepared: &Prepared<'_>, region: &Region) -> GeneratedPartner {
    let country = *rng.weighted(&prepared.countries);
    let province_level = region.region_type == RegionType::Provinsi;
    let subs = prepared.subdivisions_by_country.get(country);
    if province_level && let Some(subs) = subs.filter(|s| !s.is_empty()) {
        let s = *rng.pick(subs);
        return GeneratedPartner {
            subtype: "sister_province",
            name: s.name.clone(),
            party: PartyInput {
                subdivision_code: Some(s.code.to_string()),
                ..Default::default()
            },
        };
    }
    let cities = &prepared.cities_by_country[country];
    // Rank-biased choice: big cities partner more often.
    let rank = ((rng.unit().powi(3)) * cities.len() as f64) as usize;
    let city = cities[rank.min(cities.len() - 1)];
    let subtype = if province_level {
        "other_foreign_government"
    } else if rng.chance(0.85) {
        "sister_city"
    } else {
        "other_foreign_government"
    };
    GeneratedPartner {
        subtype,
        name: city.name.clone(),
        party: PartyInput {
            geonameid: Some(city.geonameid.0),
            ..Default::default()
        },
    }
}

/// A company, foundation or university in Indonesia.
fn third_party(rng: &mut SplitMix64, region: &Region) -> GeneratedPartner {
    let a = *rng.pick(COMPANY_WORDS);
    let b = *rng.pick(COMPANY_WORDS);
    let (name, category) = match rng.scaled_below(3) {
        0 => (format!("PT {a} {b} {}", region.short_name), "business_entity"),
        1 => (format!("Yayasan {a} {b}"), "civil_society_organization"),
        _ => (
            format!("Universitas {a} {}", region.short_name),
            "educational_institution",
        ),
    };
    let subtype = *rng.pick(&["public_service", "asset_management", "investment", "other_third_party"]);
    GeneratedPartner {
        subtype,
        name: name.clone(),
        party: described("third_party", name, Some("ID"), Some(category)),
    }
}

/// Fields, SDGs and (for foreign cooperation) objects; the chosen fields, as indexes into
/// [`FIELDS`], the first being the main one.
fn add_topics(
    rng: &mut SplitMix64,
    input: &mut AgreementInput,
    field_weights: &[(usize, u32)],
    foreign: bool,
) -> Vec<usize> {
    let field_count = 1 + rng.scaled_below(3);
    let mut fields: Vec<usize> = Vec::new();
    for _ in 0..field_count {
        let f = *rng.weighted(field_weights);
        if !fields.contains(&f) {
            fields.push(f);
        }
    }
    let mut sdgs: Vec<String> = Vec::new();
    let mut objects: Vec<String> = Vec::new();
    for &f in &fields {
        let (_, _, codes, object) = FIELDS[f];
        let code = (*rng.pick(codes)).to_owned();
        if !sdgs.contains(&code) {
            sdgs.push(code);
        }
        if foreign && !objects.iter().any(|o| o == object) {
            objects.push(object.to_owned());
        }
    }
    input.fields = Some(fields.iter().map(|&f| FIELDS[f].0.to_owned()).collect());
    input.sdgs = Some(sdgs);
    if foreign {
        input.objects = Some(objects);
    }
    fields
}

/// Titles and descriptions in Indonesian and English.
fn add_texts(input: &mut AgreementInput, region: &Region, partner_name: &str, main_field: &str) {
    let (field_id, field_en) = words_for(main_field);
    let (title_id, title_en) = match input.subtype.as_deref() {
        Some("sister_city") => (
            format!("Kerja Sama Kota/Kabupaten Kembar {} dan {}", region.name, partner_name),
            format!("Sister city cooperation between {} and {}", region.name, partner_name),
        ),
        Some("sister_province") => (
            format!("Kerja Sama Provinsi Kembar {} dan {}", region.name, partner_name),
            format!(
                "Sister province cooperation between {} and {}",
                region.name, partner_name
            ),
        ),
        _ => (
            format!(
                "Kerja sama bidang {field_id} antara {} dan {}",
                region.name, partner_name
            ),
            format!("Cooperation on {field_en} between {} and {}", region.name, partner_name),
        ),
    };
    input.title_id = Some(title_id);
    input.title_en = Some(title_en);
    input.description_id = Some(format!(
        "Kerja sama untuk meningkatkan {field_id} melalui pertukaran pengetahuan, kunjungan dan program bersama."
    ));
    input.description_en = Some(format!(
        "Cooperation to improve {field_en} through knowledge exchange, visits and joint programmes."
    ));
}

/// Status, tier, dates and legal basis; the day the record was created.
fn add_lifecycle(rng: &mut SplitMix64, input: &mut AgreementInput, form: &str, foreign: bool, today: Date) -> Date {
    let phase = rng.unit();
    if phase < 0.08 {
        input.status = Some("draft".to_owned());
    } else if phase < 0.18 {
        input.status = Some("in_process".to_owned());
    }
    let tier = pick_tier(rng, foreign);
    input.tier = Some(tier.to_owned());
    let earliest = Date::from_calendar_date(1993, Month::March, 1).unwrap_or(today);
    let span_days = (today - earliest).whole_days().max(1);
    // Recent years are busier than the 1990s.
    let offset = (rng.unit().powf(0.45) * span_days as f64) as i64;
    let drawn = (earliest + Duration::days(offset)).min(today - Duration::days(1));
    let (basis, signed) = legal_basis(form, foreign, drawn, today);
    input.legal_basis = Some(basis.to_owned());
    if input.status.is_some() {
        return today - Duration::days(rng.scaled_below(400) as i64);
    }
    let effective = signed;
    let legacy = basis != "pmdn_25_2020" && basis != "pmdn_22_2020";
    let years = if tier == "loi" { 1 } else { *rng.pick(&[3, 5, 5, 5]) };
    let expires = if legacy && rng.chance(0.2) && basis != "pp_28_2018" {
        input.open_ended = Some(true);
        None
    } else {
        Some(add_years(effective, years) - Duration::days(1))
    };
    let status = match expires {
        Some(e) if e < today => {
            if rng.chance(0.05) {
                "terminated"
            } else {
                "expired"
            }
        }
        _ => {
            if rng.chance(0.04) {
                "terminated"
            } else {
                "in_force"
            }
        }
    };
    input.status = Some(status.to_owned());
    input.signed_on = Some(date_str(signed));
    input.effective_on = Some(date_str(effective));
    input.expires_on = expires.map(date_str);
    signed
}

fn pick_tier(rng: &mut SplitMix64, foreign: bool) -> &'static str {
    if foreign {
        if rng.chance(0.12) {
            "loi"
        } else if rng.chance(0.9) {
            "mou"
        } else {
            "pks"
        }
    } else if rng.chance(0.4) {
        "kesepakatan_bersama"
    } else {
        "pks"
    }
}

/// The legal basis in force on the signing day, and the signing day itself, moved to the
/// first year of the basis when it would fall before it.
fn legal_basis(form: &str, foreign: bool, signed: Date, today: Date) -> (&'static str, Date) {
    let from_year = |year: i32| Date::from_calendar_date(year, signed.month(), signed.day().min(28)).unwrap_or(signed);
    if foreign {
        if signed >= PMDN_25_2020_IN_FORCE {
            ("pmdn_25_2020", signed)
        } else if form == "KSDPL" && signed.year() < 2008 {
            ("se_mendagri_1993", signed)
        } else if signed.year() < 2008 {
            ("pmdn_3_2008", from_year(2008))
        } else {
            ("pmdn_3_2008", signed)
        }
    } else if signed >= PMDN_22_2020_IN_FORCE {
        ("pmdn_22_2020", signed)
    } else if signed >= Date::from_calendar_date(2018, Month::July, 13).unwrap_or(today) {
        ("pp_28_2018", signed)
    } else if signed.year() < 2007 {
        ("pp_50_2007", from_year(2007))
    } else {
        ("pp_50_2007", signed)
    }
}

/// A time-ordered id (UUIDv7 layout) from the creation time, and the timestamps.
fn add_identity(rng: &mut SplitMix64, input: &mut AgreementInput, created: Date) {
    let created_at = OffsetDateTime::new_utc(created, Time::from_hms(2, 0, 0).unwrap_or(Time::MIDNIGHT));
    let mut random = [0u8; 10];
    random[..8].copy_from_slice(&rng.next_u64().to_le_bytes());
    random[8..].copy_from_slice(&rng.next_u64().to_le_bytes()[..2]);
    let millis = (created_at.unix_timestamp().max(0) as u64) * 1000 + (rng.next_u64() % 1000);
    let id = uuid::Builder::from_unix_timestamp_millis(millis, &random).into_uuid();
    input.id = Some(id.to_string());
    let stamp = created_at.format(&time::format_description::well_known::Rfc3339).ok();
    input.created_at = stamp.clone();
    input.updated_at = stamp;
    input.source = Some("generated".to_owned());
}
