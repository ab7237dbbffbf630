//! Reference data: installing versioned datasets and answering reference queries.

use crate::ports::clock::Clock;
use crate::ports::sdg::SdgCatalog;
use crate::ports::store::Store;
use crate::ports::store::{CountryFilter, DatasetRows, Listing, Page, PlaceQuery, RegionFilter, StoreResult, Tx};
use crate::shared::ReferenceCache;
use crate::{AppError, AppResult};
use jalin_domain::FieldErrors;
use jalin_domain::codes::{CountryCode, RegionCode};
use jalin_domain::legal_basis::{LEGAL_BASES, LegalBasis};
use jalin_domain::reference::{
    Country, DatasetVersion, Place, PlaceKind, Region, RegionType, SdgGoal, SdgIndicator, SdgTarget, Urusan,
};
use jalin_domain::text::fold;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// A parsed dataset with its version (the SHA-256 of its source bytes).
#[derive(Debug, Clone)]
pub struct LoadedDataset {
    pub name: String,
    pub version: String,
    /// `embedded` or the file it was read from.
    pub source: String,
    pub attribution: String,
    pub rows: DatasetRows,
}

/// What [`App::install_datasets`] did with each dataset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstallOutcome {
    pub name: String,
    pub rows: usize,
    /// False when the stored version already matched and nothing was written.
    pub changed: bool,
}

/// The reference facts that validation needs on every write, held in memory.
#[derive(Debug, Default)]
pub struct ReferenceSnapshot {
    pub regions: BTreeMap<RegionCode, Region>,
    pub countries: BTreeMap<CountryCode, Country>,
    pub sdg_goals: Vec<SdgGoal>,
    /// Every known goal, target and indicator code.
    pub sdg_codes: BTreeSet<String>,
    pub urusan: BTreeMap<String, Urusan>,
    /// National holidays and collective leave, for working-day deadlines.
    pub calendar: jalin_domain::calendar::WorkingCalendar,
    /// What SDG suggestions are made from: the targets and any run-time keyword lists.
    pub sdg_catalog: Arc<SdgCatalog>,
}

impl ReferenceSnapshot {
    pub(crate) async fn read(tx: &mut dyn Tx) -> StoreResult<Self> {
        let repo = tx.reference();
        let regions = repo.list_regions(&RegionFilter::default(), Page::all()).await?.items;
        let countries = repo.list_countries(&CountryFilter::default(), Page::all()).await?.items;
        let sdg_goals = repo.sdg_goals().await?;
        let targets = repo.sdg_targets(None).await?;
        let indicators = repo.sdg_indicators(None, None).await?;
        let urusan = repo.urusan().await?;
        let first = time::Date::from_calendar_date(1990, time::Month::January, 1).unwrap_or(time::Date::MIN);
        let last = time::Date::from_calendar_date(2200, time::Month::December, 31).unwrap_or(time::Date::MAX);
        let holidays = repo.holidays(first, last).await?;
        let keyword_lists = repo.sdg_target_keywords().await?;
        let versions = repo.dataset_versions().await?;
        let version_of = |name: &str| {
            versions
                .iter()
                .find(|v| v.name == name)
                .map(|v| v.version.clone())
                .unwrap_or_default()
        };
        let sdg_catalog = Arc::new(SdgCatalog {
            version: format!("{}+{}", version_of("sdg_targets"), version_of("sdg_target_keywords")),
            targets: targets.clone(),
            keyword_lists,
        });
        let mut sdg_codes: BTreeSet<String> = sdg_goals.iter().map(|g| g.goal.to_string()).collect();
        sdg_codes.extend(targets.into_iter().map(|t| t.target.to_ascii_lowercase()));
        sdg_codes.extend(indicators.into_iter().map(|i| i.indicator.to_ascii_lowercase()));
        Ok(Self {
            regions: regions.into_iter().map(|r| (r.code.clone(), r)).collect(),
            countries: countries.into_iter().map(|c| (c.iso2.clone(), c)).collect(),
            sdg_goals,
            sdg_codes,
            urusan: urusan.into_iter().map(|u| (u.code.as_str().to_owned(), u)).collect(),
            calendar: jalin_domain::calendar::WorkingCalendar::new(holidays.into_iter().map(|h| h.date)),
            sdg_catalog,
        })
    }

    pub fn region(&self, code: &RegionCode) -> Option<&Region> {
        self.regions.get(code)
    }

    pub fn country(&self, code: &CountryCode) -> Option<&Country> {
        self.countries.get(code)
    }

    /// True when no regions are loaded (a database without reference data).
    pub fn is_empty(&self) -> bool {
        self.regions.is_empty()
    }
}

/// Client-supplied region filters, parsed by [`RegionQuery::parse`].
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct RegionQuery {
    /// `provinsi`, `kabupaten` or `kota`.
    #[serde(rename = "type")]
    #[cfg_attr(feature = "openapi", param(rename = "type"))]
    pub region_type: Option<String>,
    /// Kemendagri province code (`32`): the province and its kabupaten/kota.
    pub province: Option<String>,
    /// Part of the name (case- and accent-insensitive).
    pub q: Option<String>,
    /// Only remote, border or underdeveloped (3T) regions (`true`), or only the others.
    pub is_3t: Option<bool>,
}

impl RegionQuery {
    pub fn parse(&self) -> Result<RegionFilter, FieldErrors> {
        let mut errors = FieldErrors::new();
        let region_type = self
            .region_type
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .and_then(|t| errors.take("type", t.parse::<RegionType>()));
        let province = self
            .province
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .and_then(|p| errors.take("province", p.parse::<RegionCode>()));
        if let Some(p) = &province
            && !p.is_province()
        {
            errors.push("province", "invalid_format", "a province code has two digits (e.g. 32)");
        }
        let q = self.q.as_deref().map(fold).filter(|s| !s.is_empty());
        errors.finish(RegionFilter {
            region_type,
            province,
            q,
            is_3t: self.is_3t,
        })
    }
}

/// The reference context: versioned datasets (regions, countries, places, SDGs, government
/// affairs, legal bases) and the in-memory snapshot the other contexts validate against.
pub struct Reference {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    cache: ReferenceCache,
}

impl Reference {
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>, cache: ReferenceCache) -> Self {
        Self { store, clock, cache }
    }

    /// The reference data as of the last load.
    pub fn snapshot(&self) -> Arc<ReferenceSnapshot> {
        self.cache.get()
    }

    /// Re-reads the reference snapshot from the store.
    pub async fn refresh(&self) -> AppResult<()> {
        let mut tx = self.store.read().await?;
        let snapshot = ReferenceSnapshot::read(tx.as_mut()).await?;
        self.cache.replace(snapshot);
        Ok(())
    }

    /// Stores every dataset whose version differs from the stored one, each in its own
    /// transaction, then refreshes the in-memory snapshot. Running it twice with the same
    /// data writes nothing the second time.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn install_datasets(
        &self,
        ctx: &crate::ctx::Ctx,
        datasets: &[LoadedDataset],
    ) -> AppResult<Vec<InstallOutcome>> {
        use crate::audit::NewAuditEventExt;
        crate::authz::require_all(ctx, jalin_domain::authz::Action::RegistryImport)?;
        let stored = {
            let mut tx = self.store.read().await?;
            tx.reference().dataset_versions().await?
        };
        let mut outcomes = Vec::new();
        for dataset in datasets {
            let current = stored.iter().find(|v| v.name == dataset.name);
            let changed = current.is_none_or(|v| v.version != dataset.version);
            if changed {
                let version = DatasetVersion {
                    name: dataset.name.clone(),
                    version: dataset.version.clone(),
                    source: dataset.source.clone(),
                    attribution: dataset.attribution.clone(),
                    rows: dataset.rows.len() as i64,
                    loaded_at: self.clock.now(),
                };
                let mut tx = self.store.write().await?;
                tx.reference().replace_dataset(&dataset.rows, &version).await?;
                tx.audit()
                    .append(
                        &crate::audit::event(
                            ctx,
                            jalin_domain::audit::codes::REFERENCE_LOADED,
                            "dataset",
                            &dataset.name,
                        )
                        .after(serde_json::json!({
                            "version": version.version,
                            "previous_version": current.map(|v| v.version.clone()),
                            "rows": version.rows,
                            "source": version.source,
                        })),
                    )
                    .await?;
                tx.commit().await?;
                tracing::info!(dataset = %dataset.name, rows = dataset.rows.len(), source = %dataset.source, "reference dataset loaded");
            }
            outcomes.push(InstallOutcome {
                name: dataset.name.clone(),
                rows: dataset.rows.len(),
                changed,
            });
        }
        self.refresh().await?;
        Ok(outcomes)
    }

    pub async fn dataset_versions(&self) -> AppResult<Vec<DatasetVersion>> {
        let mut tx = self.store.read().await?;
        Ok(tx.reference().dataset_versions().await?)
    }

    pub async fn list_regions(&self, query: &RegionQuery, page: Page) -> AppResult<Listing<Region>> {
        let filter = query.parse()?;
        let mut tx = self.store.read().await?;
        Ok(tx.reference().list_regions(&filter, page).await?)
    }

    pub async fn get_region(&self, code: &str) -> AppResult<Region> {
        let code: RegionCode = code.parse().map_err(|_| AppError::NotFound(format!("region {code}")))?;
        let mut tx = self.store.read().await?;
        tx.reference()
            .get_region(&code)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("region {code}")))
    }

    pub async fn list_countries(
        &self,
        q: Option<&str>,
        continent: Option<&str>,
        relations: Option<&str>,
        page: Page,
    ) -> AppResult<Listing<Country>> {
        let mut errors = FieldErrors::new();
        let relations = relations.filter(|r| !r.trim().is_empty()).and_then(|r| {
            errors
                .take("relations", r.parse::<jalin_domain::reference::DiplomaticRelations>())
                .map(|r| r.as_str().to_owned())
        });
        let filter = CountryFilter {
            q: q.map(fold).filter(|s| !s.is_empty()),
            continent: continent
                .map(|c| c.trim().to_ascii_uppercase())
                .filter(|c| !c.is_empty()),
            relations,
        };
        errors.finish(())?;
        let mut tx = self.store.read().await?;
        Ok(tx.reference().list_countries(&filter, page).await?)
    }

    pub async fn get_country(&self, iso2: &str) -> AppResult<Country> {
        let code: CountryCode = iso2
            .parse()
            .map_err(|_| AppError::NotFound(format!("country {iso2}")))?;
        let mut tx = self.store.read().await?;
        tx.reference()
            .get_country(&code)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("country {code}")))
    }

    /// Places (cities with ≥ 5,000 inhabitants and first-level subdivisions) whose name or
    /// alternate name starts with `q`, ignoring case and accents; most populous first.
    pub async fn search_places(
        &self,
        q: &str,
        country: Option<&str>,
        kind: Option<&str>,
        page: Page,
    ) -> AppResult<Listing<Place>> {
        let mut errors = FieldErrors::new();
        let prefix = fold(q);
        if prefix.is_empty() {
            errors.push("q", "required", "type at least one letter of the place name");
        }
        let country = country
            .filter(|c| !c.trim().is_empty())
            .and_then(|c| errors.take("country", c.parse::<CountryCode>()));
        let kind = match kind.map(str::trim).filter(|k| !k.is_empty()) {
            None => None,
            Some("city") => Some(PlaceKind::City),
            Some("subdivision") => Some(PlaceKind::Subdivision),
            Some(other) => {
                errors.push(
                    "kind",
                    "invalid_choice",
                    format!("'{other}' is not one of: city, subdivision"),
                );
                None
            }
        };
        errors.finish(())?;
        let mut tx = self.store.read().await?;
        Ok(tx
            .reference()
            .search_places(
                &PlaceQuery {
                    prefix,
                    exact: false,
                    country,
                    kind,
                },
                page,
            )
            .await?)
    }

    pub async fn sdg_goals(&self) -> AppResult<Vec<SdgGoal>> {
        let mut tx = self.store.read().await?;
        Ok(tx.reference().sdg_goals().await?)
    }

    pub async fn sdg_targets(&self, goal: Option<i32>) -> AppResult<Vec<SdgTarget>> {
        if let Some(g) = goal
            && !(1..=17).contains(&g)
        {
            return Err(AppError::invalid("goal", "invalid_choice", "a goal number is 1 to 17"));
        }
        let mut tx = self.store.read().await?;
        Ok(tx.reference().sdg_targets(goal).await?)
    }

    pub async fn sdg_indicators(&self, goal: Option<i32>, target: Option<&str>) -> AppResult<Vec<SdgIndicator>> {
        if let Some(g) = goal
            && !(1..=17).contains(&g)
        {
            return Err(AppError::invalid("goal", "invalid_choice", "a goal number is 1 to 17"));
        }
        let target = target.map(|t| t.trim().to_ascii_lowercase()).filter(|t| !t.is_empty());
        let mut tx = self.store.read().await?;
        Ok(tx.reference().sdg_indicators(goal, target.as_deref()).await?)
    }

    pub async fn urusan(&self) -> AppResult<Vec<Urusan>> {
        let mut tx = self.store.read().await?;
        Ok(tx.reference().urusan().await?)
    }

    pub fn legal_bases(&self) -> &'static [LegalBasis] {
        LEGAL_BASES
    }

    /// Cities by GeoNames id (for maps), unknown ids skipped.
    pub async fn cities(
        &self,
        ids: &[jalin_domain::codes::GeonameId],
    ) -> AppResult<Vec<jalin_domain::reference::City>> {
        let mut out = Vec::with_capacity(ids.len());
        let mut tx = self.store.read().await?;
        for chunk in ids.chunks(500) {
            out.extend(tx.reference().cities_by_ids(chunk).await?);
        }
        Ok(out)
    }
}
