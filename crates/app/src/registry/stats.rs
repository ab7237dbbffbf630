//! Counts over the registry for the directory's facets, the home page's key figures, the
//! charts and the national dashboard. Everything is counted from the in-process registry
//! index over what the reader may see.

use super::Registry;
use super::agreements::{AgreementQuery, AgreementView};
use super::index::{FacetKey, FacetKind};
use crate::AppResult;
use crate::authz::{Grant, require};
use crate::ctx::Ctx;
use crate::ports::store::{AgreementFilter, CaseFilter, Listing, Page, Watch};
use crate::reference::ReferenceSnapshot;
use jalin_domain::agreement::{AgreementStatus, Form, VerificationStatus};
use jalin_domain::authz::{Action, Scope};
use jalin_domain::case::Case;
use jalin_domain::codes::RegionCode;
use jalin_domain::reference::Region;
use std::collections::BTreeMap;

/// One facet value and how many agreements of the current selection carry it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetCount {
    pub key: FacetKey,
    pub count: u64,
}

/// Counts of the selection that `filter` makes, per facet kind.
#[derive(Debug, Clone, Default)]
pub struct RegistryCounts {
    pub total: u64,
    pub by_kind: Vec<(FacetKind, Vec<FacetCount>)>,
}

impl RegistryCounts {
    pub fn of(&self, kind: FacetKind) -> &[FacetCount] {
        self.by_kind
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, v)| v.as_slice())
            .unwrap_or(&[])
    }
}

/// The home page's key figures.
#[derive(Debug, Clone, Default)]
pub struct KeyFigures {
    /// Agreements in force, per form.
    pub in_force_by_form: Vec<(Form, u64)>,
    pub in_force: u64,
    /// Autonomous regions with at least one foreign cooperation (KSDPL/KSDLL) in force.
    pub regions_with_foreign: u64,
    /// Autonomous regions without any.
    pub regions_without_foreign: u64,
    /// Countries of partners in agreements in force.
    pub countries: u64,
    /// SDG goals tagged on agreements in force.
    pub sdg_goals: u64,
    /// All agreements the reader may see (any status).
    pub registered: u64,
    /// Records in force still to verify by Kemendagri (not in the counts above).
    pub in_force_to_verify: u64,
}

/// `(year, agreements)` pairs, oldest year first.
pub type YearCounts = Vec<(i32, u64)>;

impl Registry {
    /// Facet counts of the selection a directory query makes, as the actor may see it.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn registry_counts(
        &self,
        ctx: &Ctx,
        query: &AgreementQuery,
        kinds: &[FacetKind],
    ) -> AppResult<RegistryCounts> {
        let visibility = require(ctx, Action::RegistryRead)?.registry_visibility();
        let mut filter = query.parse()?;
        filter.visibility = visibility;
        self.counts_for(&filter, kinds).await
    }

    pub(crate) async fn counts_for(&self, filter: &AgreementFilter, kinds: &[FacetKind]) -> AppResult<RegistryCounts> {
        let mut tx = self.store.read().await?;
        let index = self.index.fresh(tx.as_mut()).await?;
        let set = index.matching(filter);
        Ok(RegistryCounts {
            total: set.len(),
            by_kind: kinds
                .iter()
                .map(|k| {
                    (
                        *k,
                        index
                            .counts(&set, *k)
                            .into_iter()
                            .map(|(key, count)| FacetCount { key, count })
                            .collect(),
                    )
                })
                .collect(),
        })
    }

    /// Agreements per year of signing, for each form (chart data), as the actor may see them.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn yearly_by_form(
        &self,
        ctx: &Ctx,
        status: Option<AgreementStatus>,
    ) -> AppResult<Vec<(Form, YearCounts)>> {
        let visibility = require(ctx, Action::RegistryRead)?.registry_visibility();
        let mut out = Vec::new();
        for form in Form::ALL {
            let filter = AgreementFilter {
                form: Some(*form),
                status,
                verification: Some(VerificationStatus::Verified),
                visibility: visibility.clone(),
                ..AgreementFilter::default()
            };
            let counts = self.counts_for(&filter, &[FacetKind::Year]).await?;
            let mut years: Vec<(i32, u64)> = counts
                .of(FacetKind::Year)
                .iter()
                .filter_map(|c| match c.key {
                    FacetKey::Year(y) => Some((y, c.count)),
                    _ => None,
                })
                .collect();
            years.sort();
            out.push((*form, years));
        }
        Ok(out)
    }

    /// The public key figures (in force, foreign cooperation coverage, countries, SDGs).
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn key_figures(&self, ctx: &Ctx) -> AppResult<KeyFigures> {
        let visibility = require(ctx, Action::RegistryRead)?.registry_visibility();
        // The official figures count verified records only (records to verify are offered
        // apart, as "+N to verify").
        let in_force = AgreementFilter {
            status: Some(AgreementStatus::InForce),
            verification: Some(VerificationStatus::Verified),
            visibility: visibility.clone(),
            ..AgreementFilter::default()
        };
        let to_verify = AgreementFilter {
            verification: Some(VerificationStatus::ToVerify),
            ..in_force.clone()
        };
        let counts = self
            .counts_for(&in_force, &[FacetKind::Form, FacetKind::Country, FacetKind::SdgGoal])
            .await?;
        let mut with_foreign = std::collections::BTreeSet::new();
        for form in [Form::Ksdpl, Form::Ksdll] {
            let filter = AgreementFilter {
                form: Some(form),
                ..in_force.clone()
            };
            for c in self
                .counts_for(&filter, &[FacetKind::Region])
                .await?
                .of(FacetKind::Region)
            {
                if let FacetKey::Region(r) = &c.key {
                    with_foreign.insert(r.clone());
                }
            }
        }
        let reference = self.reference();
        let autonomous: Vec<_> = reference.regions.values().filter(|r| !r.is_administrative).collect();
        let regions_with_foreign = autonomous.iter().filter(|r| with_foreign.contains(&r.code)).count() as u64;
        let everything = AgreementFilter {
            visibility,
            ..AgreementFilter::default()
        };
        Ok(KeyFigures {
            in_force_by_form: Form::ALL
                .iter()
                .map(|f| {
                    let n = counts
                        .of(FacetKind::Form)
                        .iter()
                        .find(|c| c.key == FacetKey::Form(*f))
                        .map(|c| c.count)
                        .unwrap_or(0);
                    (*f, n)
                })
                .collect(),
            in_force: counts.total,
            regions_with_foreign,
            regions_without_foreign: autonomous.len() as u64 - regions_with_foreign,
            countries: counts
                .of(FacetKind::Country)
                .iter()
                .filter(|c| !matches!(&c.key, FacetKey::Country(c) if c.is_indonesia()))
                .count() as u64,
            sdg_goals: counts.of(FacetKind::SdgGoal).len() as u64,
            registered: self.counts_for(&everything, &[]).await?.total,
            in_force_to_verify: self.counts_for(&to_verify, &[]).await?.total,
        })
    }

    /// The regions with at least one foreign cooperation (KSDPL/KSDLL) in force.
    pub async fn regions_with_foreign_cooperation(
        &self,
    ) -> AppResult<std::collections::BTreeMap<jalin_domain::codes::RegionCode, u64>> {
        let mut out = std::collections::BTreeMap::new();
        for form in [Form::Ksdpl, Form::Ksdll] {
            let filter = AgreementFilter {
                form: Some(form),
                status: Some(AgreementStatus::InForce),
                verification: Some(VerificationStatus::Verified),
                ..AgreementFilter::default()
            };
            for c in self
                .counts_for(&filter, &[FacetKind::Region])
                .await?
                .of(FacetKind::Region)
            {
                if let FacetKey::Region(r) = &c.key {
                    *out.entry(r.clone()).or_insert(0) += c.count;
                }
            }
        }
        Ok(out)
    }

    /// A page of the registry with the facet counts of the same selection.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn directory(
        &self,
        ctx: &Ctx,
        query: &AgreementQuery,
        page: Page,
    ) -> AppResult<(
        crate::ports::store::Listing<crate::registry::agreements::AgreementView>,
        RegistryCounts,
    )> {
        let listing = self.list_agreement_views(ctx, query, page).await?;
        let counts = self
            .registry_counts(
                ctx,
                query,
                &[
                    FacetKind::Form,
                    FacetKind::Status,
                    FacetKind::Year,
                    FacetKind::Province,
                    FacetKind::Region,
                    FacetKind::Country,
                    FacetKind::Field,
                    FacetKind::SdgGoal,
                ],
            )
            .await?;
        Ok((listing, counts))
    }
}

/// One stage of the national pipeline.
#[derive(Debug, Clone)]
pub struct PipelineStage {
    pub procedure: String,
    pub state: String,
    pub label_id: String,
    pub label_en: String,
    pub phase: jalin_domain::procedure::Phase,
    pub holder_id: String,
    pub holder_en: String,
    pub cases: u64,
}

/// One area (province, or kabupaten/kota of a province) of the dashboard.
#[derive(Debug, Clone)]
pub struct AreaRow {
    pub code: jalin_domain::codes::RegionCode,
    pub name: String,
    pub open_cases: u64,
    pub in_force: u64,
    pub foreign_in_force: u64,
    pub is_3t: bool,
}

/// The national (or provincial) dashboard.
#[derive(Debug, Clone)]
pub struct Dashboard {
    /// The region of a regional officer's or approver's own dashboard.
    pub region: Option<jalin_domain::codes::RegionCode>,
    /// The province drilled into, if any.
    pub province: Option<jalin_domain::codes::RegionCode>,
    pub pipeline: Vec<PipelineStage>,
    pub areas: Vec<AreaRow>,
    pub expiring: crate::ports::store::Listing<crate::registry::agreements::AgreementView>,
    pub dormant: crate::ports::store::Listing<crate::registry::agreements::AgreementView>,
    /// Autonomous regions without foreign cooperation in force: 3T and border regions first.
    pub without_foreign: Vec<jalin_domain::reference::Region>,
}

impl Registry {
    /// Pipeline by stage, areas, expiring and dormant agreements, and regions without
    /// foreign cooperation — nationally, or for one province (province officers see theirs).
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn dashboard(&self, ctx: &Ctx, province: Option<&str>) -> AppResult<Dashboard> {
        let grant = require(ctx, Action::DashboardRead)?;
        // Regional officers and approvers see the dashboard of their own region.
        let region = grant.region_limit().0.filter(|_| grant.scope() == Scope::OwnRegion);
        let province = match region {
            Some(_) => None,
            None => dashboard_province(&grant, province)?,
        };
        let reference = self.reference();
        // The pipeline: open cases by procedure stage.
        let cases = {
            let mut tx = self.store.read().await?;
            let filter = CaseFilter {
                region: region.clone(),
                province: province.clone(),
                ..CaseFilter::default()
            };
            tx.cases().list(&filter, Page::all()).await?.items
        };
        let OpenCases { stages, by_region } = open_cases(&cases);
        let pipeline = pipeline_stages(stages);
        // Areas: provinces nationally, or the kabupaten/kota of the province.
        let everything = AgreementFilter {
            status: Some(AgreementStatus::InForce),
            verification: Some(VerificationStatus::Verified),
            province: province.clone(),
            ..AgreementFilter::default()
        };
        let kind = if province.is_some() {
            FacetKind::Region
        } else {
            FacetKind::Province
        };
        let counts = self.counts_for(&everything, &[kind]).await?;
        let foreign = self.regions_with_foreign_cooperation().await?;
        let areas = match region {
            Some(_) => Vec::new(),
            None => area_rows(&reference, province.as_ref(), &by_region, counts.of(kind), &foreign),
        };
        let expiring = self
            .watch_listing(
                ctx,
                Watch::ExpiringBy(ctx.today + time::Duration::days(180)),
                region.as_ref(),
                province.as_ref(),
            )
            .await?;
        let cutoff = jalin_domain::calendar::add_months(ctx.today, -(self.procedure.dormant_months as i32));
        let dormant = self
            .watch_listing(ctx, Watch::QuietSince(cutoff), region.as_ref(), province.as_ref())
            .await?;
        let without_foreign = match region {
            Some(_) => Vec::new(),
            None => regions_without_foreign(&reference, province.as_ref(), &foreign),
        };
        Ok(Dashboard {
            region,
            province,
            pipeline,
            areas,
            expiring,
            dormant,
            without_foreign,
        })
    }

    /// The first 50 agreements on a watch list, as views.
    async fn watch_listing(
        &self,
        ctx: &Ctx,
        w: Watch,
        region: Option<&RegionCode>,
        province: Option<&RegionCode>,
    ) -> AppResult<Listing<AgreementView>> {
        let mut tx = self.store.read().await?;
        let listing = tx
            .agreements()
            .watch(w, region, province, Page::new(Some(50), None))
            .await?;
        drop(tx);
        Ok(Listing {
            total: listing.total,
            items: self.views(ctx, listing.items).await?,
        })
    }
}

/// The province a dashboard shows: the one asked for (a province code), and for a province
/// officer always their own.
fn dashboard_province(grant: &Grant, province: Option<&str>) -> AppResult<Option<RegionCode>> {
    let mut province: Option<RegionCode> = match province.map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => Some(
            p.parse::<RegionCode>()
                .ok()
                .filter(RegionCode::is_province)
                .ok_or_else(|| {
                    crate::AppError::invalid("province", "invalid_choice", "a province code (two digits)")
                })?,
        ),
        None => None,
    };
    if grant.scope() == Scope::OwnProvince {
        let own = grant.region_limit().1;
        if province.is_some() && province != own {
            return Err(crate::AppError::Forbidden(
                "dashboard.read of another province".to_owned(),
            ));
        }
        province = own;
    }
    Ok(province)
}

/// Open cases (not ended, not in force) counted by procedure stage and by region.
struct OpenCases {
    stages: BTreeMap<(String, String), u64>,
    by_region: BTreeMap<RegionCode, u64>,
}

fn open_cases(cases: &[Case]) -> OpenCases {
    let mut stages: BTreeMap<(String, String), u64> = BTreeMap::new();
    let mut by_region: BTreeMap<RegionCode, u64> = BTreeMap::new();
    for c in cases {
        let Some(def) = jalin_domain::procedure::definitions::find(&c.procedure, c.procedure_version) else {
            continue;
        };
        let Some(state) = def.state(&c.state) else { continue };
        if state.is_terminal() || state.phase == jalin_domain::procedure::Phase::InForce {
            continue;
        }
        *stages.entry((c.procedure.clone(), c.state.clone())).or_insert(0) += 1;
        *by_region.entry(c.region_code.clone()).or_insert(0) += 1;
    }
    OpenCases { stages, by_region }
}

/// The pipeline rows, by procedure and then in the order of the procedure's stages.
fn pipeline_stages(stages: BTreeMap<(String, String), u64>) -> Vec<PipelineStage> {
    let mut pipeline: Vec<PipelineStage> = stages
        .into_iter()
        .filter_map(|((procedure, state), n)| {
            let def = jalin_domain::procedure::definitions::PROCEDURES
                .iter()
                .find(|p| p.code == procedure)?;
            let s = def.state(&state)?;
            let order = def.states.iter().position(|x| x.code == state).unwrap_or(0);
            Some((
                (procedure.clone(), order),
                PipelineStage {
                    procedure,
                    state,
                    label_id: s.label_id.to_owned(),
                    label_en: s.label_en.to_owned(),
                    phase: s.phase,
                    holder_id: s.holder.label_id().to_owned(),
                    holder_en: s.holder.label_en().to_owned(),
                    cases: n,
                },
            ))
        })
        .collect::<BTreeMap<_, _>>()
        .into_values()
        .collect();
    pipeline.sort_by(|a, b| a.procedure.cmp(&b.procedure));
    pipeline
}

/// One row per area: provinces nationally, or the kabupaten/kota of `province`.
fn area_rows(
    reference: &ReferenceSnapshot,
    province: Option<&RegionCode>,
    open_by_region: &BTreeMap<RegionCode, u64>,
    in_force: &[FacetCount],
    foreign: &BTreeMap<RegionCode, u64>,
) -> Vec<AreaRow> {
    // Nationally a row sums its province's regions; in a province, a row is one region.
    let within = |c: &RegionCode, area: &RegionCode| {
        if province.is_some() {
            c == area
        } else {
            c.province() == *area
        }
    };
    reference
        .regions
        .values()
        .filter(|r| match province {
            None => r.code.is_province(),
            Some(p) => r.province_code == *p && !r.code.is_province(),
        })
        .map(|r| {
            let key = if province.is_some() {
                FacetKey::Region(r.code.clone())
            } else {
                FacetKey::Province(r.code.clone())
            };
            AreaRow {
                code: r.code.clone(),
                name: r.name.clone(),
                open_cases: open_by_region
                    .iter()
                    .filter(|(c, _)| within(c, &r.code))
                    .map(|(_, n)| n)
                    .sum(),
                in_force: in_force.iter().find(|c| c.key == key).map(|c| c.count).unwrap_or(0),
                foreign_in_force: foreign.iter().filter(|(c, _)| within(c, &r.code)).map(|(_, n)| n).sum(),
                is_3t: r.is_daerah_tertinggal,
            }
        })
        .collect()
}

/// Autonomous regions without foreign cooperation in force: 3T regions first, then border
/// regions, then by province and code.
fn regions_without_foreign(
    reference: &ReferenceSnapshot,
    province: Option<&RegionCode>,
    foreign: &BTreeMap<RegionCode, u64>,
) -> Vec<Region> {
    let mut without_foreign: Vec<Region> = reference
        .regions
        .values()
        .filter(|r| !r.is_administrative && !foreign.contains_key(&r.code))
        .filter(|r| province.is_none_or(|p| r.province_code == *p))
        .cloned()
        .collect();
    without_foreign.sort_by(|a, b| {
        let border = |r: &Region| !r.land_border_countries.is_empty() || r.outermost_small_islands > 0;
        (!a.is_daerah_tertinggal, !border(a), &a.province_code, &a.code).cmp(&(
            !b.is_daerah_tertinggal,
            !border(b),
            &b.province_code,
            &b.code,
        ))
    });
    without_foreign
}
