//! Importing known partnerships from a list (`jalin import partnerships FILE.csv`).
//!
//! Each row names an Indonesian region and a foreign place by name and country. Names are
//! resolved against the places reference (cities with ≥ 5,000 inhabitants and first-level
//! subdivisions) ignoring case and accents, by their primary or alternate names, with the
//! same exact-name search the place picker uses. Rows that cannot be resolved are reported
//! with their row number; `strict` rejects the whole file then, and nothing is written.
//! Resolved pairs are stored as known partnerships (ADR 0009), once per region and place.

use super::Recommendations;
use crate::audit::{self, NewAuditEventExt};
use crate::ctx::Ctx;
use crate::error::RowError;
use crate::ports::store::{Page, PlaceQuery, Tx};
use crate::reference::ReferenceSnapshot;
use crate::{AppError, AppResult};
use jalin_domain::audit::codes;
use jalin_domain::authz::Action;
use jalin_domain::codes::{CountryCode, GeonameId, RegionCode};
use jalin_domain::ids::PartnershipId;
use jalin_domain::partnership::KnownPartnership;
use jalin_domain::reference::{Place, PlaceKind, Region, RegionType};
use jalin_domain::text::fold;
use std::collections::BTreeSet;

/// The columns of a partnerships file.
pub const PARTNERSHIP_COLUMNS: &[&str] = &[
    "region_code",
    "foreign_name",
    "country_iso2",
    "geonameid",
    "foreign_level",
    "year",
];
const REQUIRED: &[&str] = &["region_code", "foreign_name", "country_iso2"];

/// When several places share a name, the most populous is taken only if it has at least
/// this many times the inhabitants of the next (the rule the twin-town list used).
const POPULATION_MARGIN: i64 = 3;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnershipImportOptions {
    /// Reject the whole file when any row cannot be resolved.
    pub strict: bool,
    /// Resolve and report, write nothing.
    pub dry_run: bool,
    /// Recorded with each partnership (the file's name).
    pub source: String,
}

/// One resolved row.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedRow {
    pub row: usize,
    pub partnership: KnownPartnership,
    /// Already stored (or earlier in the file): not written again.
    pub known: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PartnershipImportReport {
    /// Data rows read.
    pub rows: usize,
    pub resolved: Vec<ResolvedRow>,
    /// Newly stored (or, in a dry run, that would be).
    pub inserted: usize,
    /// Rows whose pair was already stored or appeared earlier in the file.
    pub already_known: usize,
    /// Rows that could not be resolved, with why.
    pub unresolved: Vec<RowError>,
    pub dry_run: bool,
}

/// A row as read from the file.
struct RawRow {
    row: usize,
    region_code: Option<String>,
    foreign_name: Option<String>,
    country_iso2: Option<String>,
    geonameid: Option<String>,
    foreign_level: Option<String>,
    year: Option<String>,
}

fn read_rows(bytes: &[u8]) -> AppResult<Vec<RawRow>> {
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(bytes);
    let headers = crate::registry::import_export::read_csv_headers(&mut reader, PARTNERSHIP_COLUMNS, REQUIRED)?;
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let row = i + 1;
        let record = record.map_err(|e| AppError::BadFile(format!("row {row}: {e}")))?;
        let cell = |name: &str| {
            headers
                .iter()
                .position(|h| h == name)
                .and_then(|p| record.get(p))
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        rows.push(RawRow {
            row,
            region_code: cell("region_code"),
            foreign_name: cell("foreign_name"),
            country_iso2: cell("country_iso2"),
            geonameid: cell("geonameid"),
            foreign_level: cell("foreign_level"),
            year: cell("year"),
        });
    }
    Ok(rows)
}

fn level(value: &str) -> Option<PlaceKind> {
    match fold(value).as_str() {
        "city" | "local" | "kota" | "municipality" | "town" => Some(PlaceKind::City),
        "subdivision" | "first level" | "province" | "provinsi" | "state" | "prefecture" | "region" => {
            Some(PlaceKind::Subdivision)
        }
        _ => None,
    }
}

/// The spellings tried for a name: as written, then the part before a comma or parenthesis
/// ("Perth, Western Australia", "Hamburg (city)").
fn name_variants(name: &str) -> Vec<String> {
    let mut out = vec![fold(name)];
    if let Some(head) = name.split([',', '(']).next() {
        let head = fold(head);
        if !head.is_empty() && !out.contains(&head) {
            out.push(head);
        }
    }
    out.retain(|v| !v.is_empty());
    out
}

fn describe(p: &Place) -> String {
    match (p.kind, &p.admin1_name, p.population, p.geonameid, &p.subdivision_code) {
        (PlaceKind::City, admin1, population, Some(id), _) => format!(
            "{} ({}{}geonameid {id})",
            p.name,
            admin1.as_deref().map(|a| format!("{a}, ")).unwrap_or_default(),
            population.map(|n| format!("{n} inhabitants, ")).unwrap_or_default()
        ),
        (_, _, _, _, Some(code)) => format!("{} ({code})", p.name),
        _ => p.name.clone(),
    }
}

/// Picks one place among same-named candidates, or explains why it cannot.
fn choose(mut candidates: Vec<Place>, name: &str, country: &CountryCode) -> Result<Place, String> {
    // A match on the primary name beats matches on alternate names.
    if candidates.iter().any(|p| p.matched_name.is_none()) {
        candidates.retain(|p| p.matched_name.is_none());
    }
    candidates.sort_by(|a, b| {
        b.population
            .unwrap_or(0)
            .cmp(&a.population.unwrap_or(0))
            .then_with(|| a.geonameid.cmp(&b.geonameid))
            .then_with(|| a.subdivision_code.cmp(&b.subdivision_code))
    });
    match candidates.as_slice() {
        [] => Err(format!("no place named '{name}' in {country}")),
        [one] => Ok(one.clone()),
        [first, second, ..] => {
            let (p1, p2) = (first.population.unwrap_or(0), second.population.unwrap_or(0));
            if first.kind == PlaceKind::City && p2 > 0 && p1 >= POPULATION_MARGIN * p2 {
                Ok(first.clone())
            } else {
                let listed: Vec<String> = candidates.iter().take(5).map(describe).collect();
                Err(format!(
                    "'{name}' is ambiguous in {country}: {}; add the geonameid",
                    listed.join("; ")
                ))
            }
        }
    }
}

impl Recommendations {
    /// Exact-name matches of `name` in `country`, of one kind.
    async fn places_named(
        &self,
        tx: &mut dyn Tx,
        name: &str,
        country: &CountryCode,
        kind: PlaceKind,
    ) -> AppResult<Vec<Place>> {
        for key in name_variants(name) {
            let found = tx
                .reference()
                .search_places(
                    &PlaceQuery {
                        prefix: key,
                        exact: true,
                        country: Some(country.clone()),
                        kind: Some(kind),
                    },
                    Page::new(Some(50), None),
                )
                .await?
                .items;
            if !found.is_empty() {
                return Ok(found);
            }
        }
        Ok(Vec::new())
    }

    /// Resolves one row to a partnership, or says why it cannot.
    async fn resolve_partnership(
        &self,
        tx: &mut dyn Tx,
        raw: &RawRow,
        source: &str,
        now: time::OffsetDateTime,
    ) -> AppResult<Result<KnownPartnership, Vec<RowError>>> {
        let reference = self.reference();
        let row = match check_row(raw, &reference, now) {
            Ok(row) => row,
            Err(errors) => return Ok(Err(errors)),
        };
        let place = match row.geonameid {
            Some(id) => city_by_id(tx, id, &row.country, row.kind).await?,
            None => self.place_by_name(tx, &row).await?,
        };
        Ok(match place {
            Err((column, message)) => Err(vec![RowError {
                row: raw.row,
                column: column.to_owned(),
                message,
            }]),
            Ok(place) => Ok(KnownPartnership {
                id: PartnershipId::new(),
                region_code: row.region.code.clone(),
                kind: place.kind,
                geonameid: place.geonameid,
                subdivision_code: place.subdivision_code,
                name: place.name,
                name_given: row.name,
                country_iso2: row.country,
                year: row.year,
                source: source.to_owned(),
                imported_at: now,
            }),
        })
    }

    /// The place a row names by name (and level), or the column and message of why none fits.
    async fn place_by_name(
        &self,
        tx: &mut dyn Tx,
        row: &CheckedRow,
    ) -> AppResult<Result<Place, (&'static str, String)>> {
        let CheckedRow {
            region,
            country,
            name,
            kind,
            ..
        } = row;
        // A province partners a first-level subdivision, a kabupaten/kota a city
        // (PP 28/2018 Pasal 27); try the other level only when the expected has none.
        let expected = if region.region_type == RegionType::Provinsi {
            PlaceKind::Subdivision
        } else {
            PlaceKind::City
        };
        let kinds = match kind {
            Some(k) => vec![*k],
            None if expected == PlaceKind::City => vec![PlaceKind::City, PlaceKind::Subdivision],
            None => vec![PlaceKind::Subdivision, PlaceKind::City],
        };
        let mut chosen = Err(("foreign_name", format!("no place named '{name}' in {country}")));
        for k in kinds {
            let found = self.places_named(tx, name, country, k).await?;
            if !found.is_empty() {
                chosen = choose(found, name, country).map_err(|m| ("foreign_name", m));
                break;
            }
        }
        Ok(chosen)
    }

    /// Imports known partnerships from CSV bytes (columns: [`PARTNERSHIP_COLUMNS`]).
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn import_partnerships(
        &self,
        ctx: &Ctx,
        bytes: &[u8],
        options: &PartnershipImportOptions,
    ) -> AppResult<PartnershipImportReport> {
        crate::authz::require_all(ctx, Action::RegistryImport)?;
        if self.reference().is_empty() {
            return Err(AppError::Conflict(
                "reference data is not loaded; run `jalin serve` or `jalin refdata load` first".to_owned(),
            ));
        }
        let rows = read_rows(bytes)?;
        let mut tx = self.store.write().await?;
        let mut seen: BTreeSet<(RegionCode, String)> = tx
            .partnerships()
            .list(None)
            .await?
            .into_iter()
            .map(|p| (p.region_code.clone(), p.place_key()))
            .collect();
        let mut report = PartnershipImportReport {
            rows: rows.len(),
            resolved: Vec::new(),
            inserted: 0,
            already_known: 0,
            unresolved: Vec::new(),
            dry_run: options.dry_run,
        };
        let mut new = Vec::new();
        for raw in &rows {
            match self
                .resolve_partnership(tx.as_mut(), raw, &options.source, ctx.now)
                .await?
            {
                Err(problems) => report.unresolved.extend(problems),
                Ok(p) => {
                    let known = !seen.insert((p.region_code.clone(), p.place_key()));
                    if known {
                        report.already_known += 1;
                    } else {
                        new.push(p.clone());
                    }
                    report.resolved.push(ResolvedRow {
                        row: raw.row,
                        partnership: p,
                        known,
                    });
                }
            }
        }
        if options.strict && !report.unresolved.is_empty() {
            return Err(AppError::ImportRejected(report.unresolved));
        }
        report.inserted = new.len();
        if options.dry_run || new.is_empty() {
            return Ok(report);
        }
        tx.partnerships().insert(&new).await?;
        tx.audit()
            .append(
                &audit::event(ctx, codes::PARTNERSHIPS_IMPORTED, "partnerships", &options.source).after(
                    serde_json::json!({
                        "rows": report.rows,
                        "inserted": report.inserted,
                        "already_known": report.already_known,
                        "unresolved": report.unresolved.len(),
                        "strict": options.strict,
                    }),
                ),
            )
            .await?;
        tx.commit().await?;
        tracing::info!(rows = report.rows, inserted = report.inserted, unresolved = report.unresolved.len(), actor = %ctx.actor.label(), "partnerships imported");
        Ok(report)
    }

    /// The known partnerships of a region (or all), by region and place.
    pub async fn known_partnerships(&self, region: Option<&RegionCode>) -> AppResult<Vec<KnownPartnership>> {
        let mut tx = self.store.read().await?;
        Ok(tx.partnerships().list(region).await?)
    }
}

/// A row whose values are well formed and known to the reference data.
struct CheckedRow {
    region: Region,
    country: CountryCode,
    name: String,
    kind: Option<PlaceKind>,
    year: Option<i32>,
    geonameid: Option<GeonameId>,
}

/// Checks a row's values against their formats and the reference data; every problem is
/// reported.
fn check_row(
    raw: &RawRow,
    reference: &ReferenceSnapshot,
    now: time::OffsetDateTime,
) -> Result<CheckedRow, Vec<RowError>> {
    let mut errors = Vec::new();
    let mut fail = |column: &str, message: String| {
        errors.push(RowError {
            row: raw.row,
            column: column.to_owned(),
            message,
        })
    };
    let region = row_region(raw.region_code.as_deref(), reference)
        .map_err(|m| fail("region_code", m))
        .ok();
    let country = row_country(raw.country_iso2.as_deref(), reference)
        .map_err(|m| fail("country_iso2", m))
        .ok();
    let name = raw.foreign_name.clone();
    if name.is_none() {
        fail("foreign_name", "required".to_owned());
    }
    let kind = match raw.foreign_level.as_deref() {
        None => None,
        Some(v) => match level(v) {
            Some(k) => Some(k),
            None => {
                fail(
                    "foreign_level",
                    format!("'{v}' is not a level: city (kota) or subdivision (province, state, …)"),
                );
                None
            }
        },
    };
    let year = match raw.year.as_deref() {
        None => None,
        Some(v) => match v.parse::<i32>() {
            Ok(y) if (1900..=now.year()).contains(&y) => Some(y),
            _ => {
                fail("year", format!("'{v}' is not a year between 1900 and {}", now.year()));
                None
            }
        },
    };
    let geonameid = match raw.geonameid.as_deref() {
        None => None,
        Some(v) => match v.parse::<GeonameId>() {
            Ok(g) => Some(g),
            Err(e) => {
                fail("geonameid", e.message);
                None
            }
        },
    };
    let (Some(region), Some(country), Some(name)) = (region, country, name) else {
        return Err(errors);
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(CheckedRow {
        region,
        country,
        name,
        kind,
        year,
        geonameid,
    })
}

/// The autonomous region of the `region_code` cell, or why not.
fn row_region(value: Option<&str>, reference: &ReferenceSnapshot) -> Result<Region, String> {
    let Some(v) = value else {
        return Err("required".to_owned());
    };
    let code = v.parse::<RegionCode>().map_err(|e| e.message)?;
    match reference.region(&code) {
        None => Err(format!("there is no region with Kemendagri code {code}")),
        Some(r) if r.is_administrative => Err(format!(
            "{} is an administrative unit of Jakarta, not an autonomous region",
            r.name
        )),
        Some(r) => Ok(r.clone()),
    }
}

/// The foreign country of the `country_iso2` cell, or why not.
fn row_country(value: Option<&str>, reference: &ReferenceSnapshot) -> Result<CountryCode, String> {
    let Some(v) = value else {
        return Err("required".to_owned());
    };
    match v.parse::<CountryCode>() {
        Err(e) => Err(e.message),
        Ok(c) if c.is_indonesia() => Err("the partner must be outside Indonesia".to_owned()),
        Ok(c) if reference.country(&c).is_none() => Err(format!("there is no country {c}")),
        Ok(c) => Ok(c),
    }
}

/// The city a GeoNames id names, if it is in `country` and a city is wanted; else the
/// column and message of why not.
async fn city_by_id(
    tx: &mut dyn Tx,
    id: GeonameId,
    country: &CountryCode,
    kind: Option<PlaceKind>,
) -> AppResult<Result<Place, (&'static str, String)>> {
    let city = tx.reference().cities_by_ids(&[id]).await?.into_iter().next();
    Ok(match city {
        None => Err(("geonameid", format!("there is no city with GeoNames id {id}"))),
        Some(c) if c.country_iso2 != *country => Err((
            "geonameid",
            format!("GeoNames id {id} ({}) is in {}, not {country}", c.name, c.country_iso2),
        )),
        Some(_) if kind == Some(PlaceKind::Subdivision) => Err((
            "geonameid",
            "a geonameid names a city; name a first-level subdivision by its name".to_owned(),
        )),
        Some(c) => Ok(Place {
            kind: PlaceKind::City,
            geonameid: Some(c.geonameid),
            subdivision_code: None,
            name: c.name,
            matched_name: None,
            country_iso2: c.country_iso2,
            admin1_name: c.admin1_name,
            population: Some(c.population),
            latitude: Some(c.latitude),
            longitude: Some(c.longitude),
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn city(name: &str, id: i64, population: i64, alternate: bool) -> Place {
        Place {
            kind: PlaceKind::City,
            geonameid: Some(GeonameId(id)),
            subdivision_code: None,
            name: name.into(),
            matched_name: alternate.then(|| "alt".to_owned()),
            country_iso2: "US".parse().unwrap(),
            admin1_name: Some("State".into()),
            population: Some(population),
            latitude: None,
            longitude: None,
        }
    }

    #[test]
    fn the_clearly_largest_or_the_primary_name_wins() {
        let us: CountryCode = "US".parse().unwrap();
        let picked = choose(vec![city("A", 1, 100, false), city("B", 2, 400, false)], "x", &us).unwrap();
        assert_eq!(picked.geonameid, Some(GeonameId(2)));
        let err = choose(vec![city("A", 1, 300, false), city("B", 2, 400, false)], "x", &us).unwrap_err();
        assert!(err.contains("ambiguous") && err.contains("geonameid 1"), "{err}");
        let picked = choose(vec![city("A", 1, 100, false), city("B", 2, 900, true)], "x", &us).unwrap();
        assert_eq!(picked.geonameid, Some(GeonameId(1)), "primary name beats an alternate");
    }

    #[test]
    fn names_are_tried_whole_then_before_a_comma() {
        assert_eq!(
            name_variants("Perth, Western Australia"),
            vec!["perth western australia", "perth"]
        );
        assert_eq!(name_variants("München"), vec!["munchen"]);
        assert_eq!(level("Province"), Some(PlaceKind::Subdivision));
        assert_eq!(level("kota"), Some(PlaceKind::City));
        assert_eq!(level("county seat"), None);
    }
}
