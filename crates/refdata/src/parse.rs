//! CSV parsing of the reference files into domain types.

use jalin_app::ports::store::DatasetRows;
use jalin_domain::codes::{CountryCode, GeonameId, RegionCode, SubdivisionCode, UrusanCode};
use jalin_domain::reference::{
    City, Country, DiplomaticRelations, Holiday, Region, RegionType, SdgGoal, SdgIndicator, SdgTarget,
    SdgTargetKeywords, Subdivision, Twinning, Urusan,
};
use jalin_domain::text::names::core_name;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::str::FromStr;
use time::Date;

pub struct RowError {
    pub file_index: usize,
    pub row: usize,
    pub message: String,
}

fn rows<T: DeserializeOwned>(file_index: usize, bytes: &[u8]) -> Result<Vec<(usize, T)>, RowError> {
    let mut reader = csv::ReaderBuilder::new().from_reader(bytes);
    let mut out = Vec::new();
    for (i, record) in reader.deserialize::<T>().enumerate() {
        let row = i + 1;
        let value = record.map_err(|e| RowError {
            file_index,
            row,
            message: e.to_string(),
        })?;
        out.push((row, value));
    }
    Ok(out)
}

fn err(file_index: usize, row: usize, message: impl std::fmt::Display) -> RowError {
    RowError {
        file_index,
        row,
        message: message.to_string(),
    }
}

fn opt(s: &str) -> Option<String> {
    let t = s.trim();
    if t.is_empty() { None } else { Some(t.to_owned()) }
}

fn num<T: FromStr>(s: &str, row: usize, column: &str) -> Result<Option<T>, RowError> {
    match opt(s) {
        None => Ok(None),
        Some(v) => v
            .parse()
            .map(Some)
            .map_err(|_| err(0, row, format!("column {column}: '{v}' is not a number"))),
    }
}

fn flag(s: &str) -> bool {
    matches!(s.trim(), "1" | "true" | "yes")
}

/// Splits a multi-valued cell: the shared data uses `|`, a few columns `,`.
fn multi(s: &str) -> Vec<String> {
    s.split(['|', ','])
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .collect()
}

fn parse_code<T: FromStr<Err = jalin_domain::error::CodeError>>(
    file_index: usize,
    row: usize,
    value: &str,
) -> Result<T, RowError> {
    value
        .parse()
        .map_err(|e: jalin_domain::error::CodeError| err(file_index, row, e.message))
}

#[derive(Deserialize)]
struct RegionRow {
    code: String,
    name: String,
    short_name: String,
    #[serde(rename = "type")]
    region_type: String,
    is_administrative: String,
    province_code: String,
    province_name: String,
    capital: String,
    latitude: String,
    longitude: String,
    elevation_m: String,
    utc_offset: String,
    population: String,
    population_male: String,
    population_female: String,
    area_km2: String,
    province_iso_3166_2: String,
    province_name_en: String,
    is_daerah_tertinggal: String,
    land_border_country_iso2: String,
    outermost_small_islands: String,
}

pub fn regions(files: &[&[u8]]) -> Result<DatasetRows, RowError> {
    let mut out = Vec::new();
    for (row, r) in rows::<RegionRow>(0, files[0])? {
        let region_type = RegionType::from_str(&r.region_type).map_err(|e| err(0, row, e.message))?;
        let land_border_countries = multi(&r.land_border_country_iso2)
            .iter()
            .map(|c| parse_code::<CountryCode>(0, row, c))
            .collect::<Result<Vec<_>, _>>()?;
        out.push(Region {
            code: parse_code(0, row, &r.code)?,
            name: r.name,
            short_name: r.short_name,
            region_type,
            is_administrative: flag(&r.is_administrative),
            province_code: parse_code::<RegionCode>(0, row, &r.province_code)?,
            province_name: r.province_name,
            province_name_en: opt(&r.province_name_en),
            province_iso_3166_2: opt(&r.province_iso_3166_2),
            capital: opt(&r.capital),
            latitude: num(&r.latitude, row, "latitude")?,
            longitude: num(&r.longitude, row, "longitude")?,
            elevation_m: num(&r.elevation_m, row, "elevation_m")?,
            utc_offset: num(&r.utc_offset, row, "utc_offset")?,
            population: num(&r.population, row, "population")?,
            population_male: num(&r.population_male, row, "population_male")?,
            population_female: num(&r.population_female, row, "population_female")?,
            area_km2: num(&r.area_km2, row, "area_km2")?,
            is_daerah_tertinggal: flag(&r.is_daerah_tertinggal),
            land_border_countries,
            outermost_small_islands: num(&r.outermost_small_islands, row, "outermost_small_islands")?.unwrap_or(0),
        });
    }
    Ok(DatasetRows::Regions(out))
}

#[derive(Deserialize)]
struct CountryRow {
    alpha_2: String,
    alpha_3: String,
    numeric: String,
    name_en: String,
    official_name_en: String,
    common_name_en: String,
    name_id: String,
    is_un_member: String,
    sovereign_alpha_2: String,
    diplomatic_relations_with_indonesia: String,
    relations_note: String,
    continent: String,
    capital: String,
    population: String,
    area_km2: String,
    currency: String,
    languages: String,
    neighbours: String,
    geonameid: String,
}

pub fn countries(files: &[&[u8]]) -> Result<DatasetRows, RowError> {
    let mut out = Vec::new();
    for (row, r) in rows::<CountryRow>(0, files[0])? {
        let relations = DiplomaticRelations::from_str(&r.diplomatic_relations_with_indonesia)
            .map_err(|e| err(0, row, e.message))?;
        let neighbours = multi(&r.neighbours)
            .iter()
            .map(|c| parse_code::<CountryCode>(0, row, c))
            .collect::<Result<Vec<_>, _>>()?;
        out.push(Country {
            iso2: parse_code(0, row, &r.alpha_2)?,
            iso3: r.alpha_3,
            numeric: r.numeric,
            name_en: opt(&r.common_name_en).unwrap_or(r.name_en),
            official_name_en: opt(&r.official_name_en),
            name_id: r.name_id,
            is_un_member: flag(&r.is_un_member),
            sovereign_iso2: opt(&r.sovereign_alpha_2).map(|c| parse_code(0, row, &c)).transpose()?,
            diplomatic_relations: relations,
            relations_note: opt(&r.relations_note),
            continent: opt(&r.continent),
            capital: opt(&r.capital),
            population: num(&r.population, row, "population")?,
            area_km2: num(&r.area_km2, row, "area_km2")?,
            currency: opt(&r.currency),
            languages: multi(&r.languages),
            neighbours,
            geonameid: num::<i64>(&r.geonameid, row, "geonameid")?.map(GeonameId),
        });
    }
    Ok(DatasetRows::Countries(out))
}

#[derive(Deserialize)]
struct IsoSubdivisionRow {
    code: String,
    country_alpha_2: String,
    name: String,
    #[serde(rename = "type")]
    category: String,
    parent_code: String,
}

#[derive(Deserialize)]
struct Admin1Row {
    code: String,
    country_alpha_2: String,
    name: String,
    ascii_name: String,
    geonameid: String,
}

/// Merges ISO 3166-2 first-level subdivisions with GeoNames admin1 divisions: where the
/// distinctive parts of their names agree within a country they are one subdivision
/// (ISO code, GeoNames name and id); the rest are kept as they are.
pub fn subdivisions(files: &[&[u8]]) -> Result<DatasetRows, RowError> {
    let iso: Vec<IsoSubdivisionRow> = rows::<IsoSubdivisionRow>(0, files[0])?
        .into_iter()
        .map(|(_, r)| r)
        .filter(|r| r.parent_code.trim().is_empty())
        .collect();
    let admin1 = rows::<Admin1Row>(1, files[1])?;
    let mut iso_by_key: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (i, r) in iso.iter().enumerate() {
        iso_by_key
            .entry((r.country_alpha_2.clone(), core_name(&r.name)))
            .or_insert(i);
    }
    let mut used = vec![false; iso.len()];
    let mut out = Vec::new();
    for (row, g) in admin1 {
        let geonameid = num::<i64>(&g.geonameid, row, "geonameid")
            .map_err(|e| RowError { file_index: 1, ..e })?
            .map(GeonameId);
        let country: CountryCode = parse_code(1, row, &g.country_alpha_2)?;
        let matched = [core_name(&g.name), core_name(&g.ascii_name)]
            .into_iter()
            .find_map(|k| iso_by_key.get(&(g.country_alpha_2.clone(), k)).copied())
            .filter(|i| !used[*i]);
        match matched {
            Some(i) => {
                used[i] = true;
                let iso_row = &iso[i];
                let alternate_names = if iso_row.name != g.name {
                    vec![iso_row.name.clone()]
                } else {
                    Vec::new()
                };
                out.push(Subdivision {
                    code: parse_code::<SubdivisionCode>(0, row, &iso_row.code)?,
                    country_iso2: country,
                    name: g.name,
                    category: opt(&iso_row.category),
                    iso_code: Some(iso_row.code.clone()),
                    geonames_code: Some(g.code),
                    geonameid,
                    alternate_names,
                });
            }
            None => out.push(Subdivision {
                code: parse_code::<SubdivisionCode>(1, row, &g.code)?,
                country_iso2: country,
                name: g.name,
                category: None,
                iso_code: None,
                geonames_code: Some(g.code),
                geonameid,
                alternate_names: Vec::new(),
            }),
        }
    }
    for (i, r) in iso.iter().enumerate() {
        if !used[i] {
            out.push(Subdivision {
                code: parse_code(0, i + 1, &r.code)?,
                country_iso2: parse_code(0, i + 1, &r.country_alpha_2)?,
                name: r.name.clone(),
                category: opt(&r.category),
                iso_code: Some(r.code.clone()),
                geonames_code: None,
                geonameid: None,
                alternate_names: Vec::new(),
            });
        }
    }
    out.sort_by(|a, b| a.code.cmp(&b.code));
    out.dedup_by(|a, b| a.code == b.code);
    Ok(DatasetRows::Subdivisions(out))
}

#[derive(Deserialize)]
struct CityRow {
    geonameid: i64,
    name: String,
    latitude: f64,
    longitude: f64,
    country_alpha_2: String,
    admin1_code: String,
    admin1_name: String,
    population: i64,
    timezone: String,
    alternate_names_latin: String,
}

pub fn cities(files: &[&[u8]]) -> Result<DatasetRows, RowError> {
    let mut out = Vec::new();
    for (row, r) in rows::<CityRow>(0, files[0])? {
        out.push(City {
            geonameid: GeonameId(r.geonameid),
            name: r.name,
            latitude: r.latitude,
            longitude: r.longitude,
            country_iso2: parse_code(0, row, &r.country_alpha_2)?,
            admin1_code: opt(&r.admin1_code),
            admin1_name: opt(&r.admin1_name),
            population: r.population,
            timezone: opt(&r.timezone),
            alternate_names: r
                .alternate_names_latin
                .split('|')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
        });
    }
    Ok(DatasetRows::Cities(out))
}

#[derive(Deserialize)]
struct GoalRow {
    goal: i32,
    short_name_en: String,
    title_en: String,
    short_name_id: String,
    color_hex: String,
}

pub fn sdg_goals(files: &[&[u8]]) -> Result<DatasetRows, RowError> {
    Ok(DatasetRows::SdgGoals(
        rows::<GoalRow>(0, files[0])?
            .into_iter()
            .map(|(_, r)| SdgGoal {
                goal: r.goal,
                short_name_en: r.short_name_en,
                title_en: r.title_en,
                short_name_id: r.short_name_id,
                color_hex: r.color_hex,
            })
            .collect(),
    ))
}

#[derive(Deserialize)]
struct TargetRow {
    target: String,
    goal: i32,
    title_en: String,
    is_means_of_implementation: String,
}

pub fn sdg_targets(files: &[&[u8]]) -> Result<DatasetRows, RowError> {
    Ok(DatasetRows::SdgTargets(
        rows::<TargetRow>(0, files[0])?
            .into_iter()
            .map(|(_, r)| SdgTarget {
                target: r.target.to_ascii_lowercase(),
                goal: r.goal,
                title_en: r.title_en,
                is_means_of_implementation: flag(&r.is_means_of_implementation),
            })
            .collect(),
    ))
}

#[derive(Deserialize)]
struct IndicatorRow {
    indicator: String,
    target: String,
    goal: i32,
    title_en: String,
    unsd_code: String,
    repeated_as: String,
}

pub fn sdg_indicators(files: &[&[u8]]) -> Result<DatasetRows, RowError> {
    Ok(DatasetRows::SdgIndicators(
        rows::<IndicatorRow>(0, files[0])?
            .into_iter()
            .map(|(_, r)| SdgIndicator {
                indicator: r.indicator.to_ascii_lowercase(),
                target: r.target.to_ascii_lowercase(),
                goal: r.goal,
                title_en: r.title_en,
                unsd_code: opt(&r.unsd_code),
                repeated_as: multi(&r.repeated_as),
            })
            .collect(),
    ))
}

#[derive(Deserialize)]
struct KeywordRow {
    target: String,
    jrc_keywords: String,
}

pub fn sdg_target_keywords(files: &[&[u8]]) -> Result<DatasetRows, RowError> {
    Ok(DatasetRows::SdgTargetKeywords(
        rows::<KeywordRow>(0, files[0])?
            .into_iter()
            .map(|(_, r)| SdgTargetKeywords {
                target: r.target.to_ascii_lowercase(),
                keywords: r
                    .jrc_keywords
                    .split('|')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect(),
            })
            .collect(),
    ))
}

#[derive(Deserialize)]
struct UrusanRow {
    code: String,
    name_id: String,
    name_en: String,
    category: String,
    held_by: String,
    notes: String,
}

pub fn urusan(files: &[&[u8]]) -> Result<DatasetRows, RowError> {
    let mut out = Vec::new();
    for (row, r) in rows::<UrusanRow>(0, files[0])? {
        out.push(Urusan {
            code: parse_code::<UrusanCode>(0, row, &r.code)?,
            name_id: r.name_id,
            name_en: r.name_en,
            category: r.category,
            held_by: multi(&r.held_by),
            notes: opt(&r.notes),
        });
    }
    Ok(DatasetRows::Urusan(out))
}

#[derive(Deserialize)]
struct HolidayRow {
    date: String,
    kind: String,
    name_id: String,
    name_en: String,
    legal_basis: String,
}

pub fn holidays(files: &[&[u8]]) -> Result<DatasetRows, RowError> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let mut out = Vec::new();
    for (row, r) in rows::<HolidayRow>(0, files[0])? {
        out.push(Holiday {
            date: Date::parse(r.date.trim(), format).map_err(|_| err(0, row, format!("'{}' is not a date", r.date)))?,
            kind: r.kind,
            name_id: r.name_id,
            name_en: r.name_en,
            legal_basis: opt(&r.legal_basis),
        });
    }
    Ok(DatasetRows::Holidays(out))
}

#[derive(Deserialize)]
struct TwinningRow {
    city_a: String,
    country_a_iso2: String,
    city_b: String,
    country_b_iso2: String,
    geonameid_a: String,
    geonameid_b: String,
}

pub fn twinnings(files: &[&[u8]]) -> Result<DatasetRows, RowError> {
    let mut out = Vec::new();
    for (row, r) in rows::<TwinningRow>(0, files[0])? {
        out.push(Twinning {
            city_a: r.city_a,
            country_a: parse_code(0, row, &r.country_a_iso2)?,
            city_b: r.city_b,
            country_b: parse_code(0, row, &r.country_b_iso2)?,
            geonameid_a: num::<i64>(&r.geonameid_a, row, "geonameid_a")?.map(GeonameId),
            geonameid_b: num::<i64>(&r.geonameid_b, row, "geonameid_b")?.map(GeonameId),
        });
    }
    Ok(DatasetRows::Twinnings(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subdivisions_merge_iso_and_geonames_by_name() {
        let iso = "code,country_alpha_2,name,type,parent_code\r\nCN-ZJ,CN,Zhejiang Sheng,Province,\r\nCN-XX,CN,Nowhere,Province,\r\nCN-ZJ-01,CN,Sub,City,CN-ZJ\r\n";
        let gn = "code,country_alpha_2,admin1_code,name,ascii_name,geonameid\r\nCN.02,CN,02,Zhejiang,Zhejiang,1784764\r\nCN.99,CN,99,Elsewhere,Elsewhere,1\r\n";
        let DatasetRows::Subdivisions(subs) = subdivisions(&[iso.as_bytes(), gn.as_bytes()]).ok().unwrap() else {
            panic!()
        };
        let codes: Vec<&str> = subs.iter().map(|s| s.code.as_str()).collect();
        assert_eq!(codes, vec!["CN-XX", "CN-ZJ", "CN.99"]);
        let zj = &subs[1];
        assert_eq!(zj.name, "Zhejiang");
        assert_eq!(zj.geonameid, Some(GeonameId(1784764)));
        assert_eq!(zj.alternate_names, vec!["Zhejiang Sheng".to_owned()]);
    }
}
