//! The rows of the country list that an Indonesian ministry must never get wrong, pinned
//! in the embedded copy, and every embedded file equal to the shared reference file it
//! was copied from (when that folder is beside the checkout, as in CI).

use jalin_app::ports::store::DatasetRows;
use jalin_domain::reference::{Country, DiplomaticRelations};
use std::path::Path;

fn embedded_countries() -> Vec<Country> {
    let datasets = jalin_refdata::load(None).expect("embedded data loads");
    let Some(DatasetRows::Countries(countries)) = datasets.into_iter().find(|d| d.name == "countries").map(|d| d.rows)
    else {
        panic!("the embedded data has a country list")
    };
    countries
}

fn country<'a>(countries: &'a [Country], code: &str) -> &'a Country {
    countries
        .iter()
        .find(|c| c.iso2.as_str() == code)
        .unwrap_or_else(|| panic!("{code} is in the country list"))
}

#[test]
fn sensitive_country_rows_follow_indonesian_usage() {
    let countries = embedded_countries();
    // The sovereign state is never named after the former Indonesian province.
    assert_eq!(country(&countries, "TL").name_id, "Timor-Leste");
    assert!(countries.iter().all(|c| c.name_id != "Timor Timur"));
    // Keppres 12/2014 replaced "Cina" with "Tiongkok".
    assert_eq!(country(&countries, "CN").name_id, "Tiongkok");
    assert_eq!(country(&countries, "TW").name_id, "Taiwan");
    assert_eq!(country(&countries, "CZ").name_id, "Ceko");
    assert_eq!(country(&countries, "LA").name_id, "Laos");
    // Indonesia recognises no capital of Israel and has no relations with it.
    let israel = country(&countries, "IL");
    assert_eq!(israel.capital, None);
    assert_eq!(israel.diplomatic_relations, DiplomaticRelations::No);
    assert_eq!(country(&countries, "TW").diplomatic_relations, DiplomaticRelations::No);
}

#[test]
fn embedded_files_equal_the_shared_reference_files() {
    let embedded = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    if !shared.is_dir() {
        eprintln!("skipped: no shared reference folder at {}", shared.display());
        return;
    }
    let normalise = |bytes: Vec<u8>| bytes.into_iter().filter(|b| *b != b'\r').collect::<Vec<u8>>();
    let mut compared = 0;
    for entry in std::fs::read_dir(&embedded).expect("embedded data folder") {
        let path = entry.expect("directory entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("csv") {
            continue;
        }
        let name = path.file_name().expect("file name");
        let original = shared.join(name);
        assert!(original.is_file(), "{} has no shared original", path.display());
        let ours = normalise(std::fs::read(&path).expect("embedded file"));
        let theirs = normalise(std::fs::read(&original).expect("shared file"));
        assert!(ours == theirs, "{} differs from {}", path.display(), original.display());
        compared += 1;
    }
    assert!(compared >= 10, "only {compared} embedded files compared");
}
