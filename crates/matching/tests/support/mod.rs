//! Loading real reference data for the integration tests, the example and the benchmark.
#![allow(dead_code)]

use jalin_app::ports::store::DatasetRows;
use jalin_domain::reference::{City, Country, Region, Subdivision, Twinning};
use std::path::{Path, PathBuf};

pub struct Reference {
    pub regions: Vec<Region>,
    pub countries: Vec<Country>,
    pub subdivisions: Vec<Subdivision>,
    pub cities: Vec<City>,
}

/// The embedded reference datasets.
pub fn reference() -> Reference {
    let mut r = Reference {
        regions: Vec::new(),
        countries: Vec::new(),
        subdivisions: Vec::new(),
        cities: Vec::new(),
    };
    for d in jalin_refdata::load(None).expect("embedded reference data loads") {
        match d.rows {
            DatasetRows::Regions(v) => r.regions = v,
            DatasetRows::Countries(v) => r.countries = v,
            DatasetRows::Subdivisions(v) => r.subdivisions = v,
            DatasetRows::Cities(v) => r.cities = v,
            _ => {}
        }
    }
    r
}

/// The shared data folder (`JALIN_SHARED_DATA`, default `/work/shared/data`).
pub fn shared_data_dir() -> PathBuf {
    std::env::var_os("JALIN_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/work/shared/data"))
}

/// The world twin-town pairs (run-time data, not embedded), or why they are missing.
/// Only `world_twinnings.csv` is read from the shared folder (through a scratch folder
/// holding a link to it), so the embedded datasets are not overridden.
pub fn twinnings() -> Result<Vec<Twinning>, String> {
    let src = shared_data_dir().join("world_twinnings.csv");
    if !src.is_file() {
        return Err(format!("{} is absent", src.display()));
    }
    let dir = std::env::temp_dir().join(format!(
        "jalin-matching-twinnings-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let link = dir.join("world_twinnings.csv");
    let _ = std::fs::remove_file(&link);
    std::os::unix::fs::symlink(&src, &link).map_err(|e| e.to_string())?;
    let loaded = load_only_twinnings(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    loaded
}

fn load_only_twinnings(dir: &Path) -> Result<Vec<Twinning>, String> {
    for d in jalin_refdata::load(Some(dir)).map_err(|e| e.to_string())? {
        if let DatasetRows::Twinnings(v) = d.rows {
            return Ok(v);
        }
    }
    Err("no twinnings dataset".into())
}
