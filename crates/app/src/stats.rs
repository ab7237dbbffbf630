//! Counts over the registry for the directory's facets, the home page's key figures, the
//! charts and the national dashboard. Everything is counted from the in-process registry
//! index over what the reader may see.

use crate::agreements::AgreementQuery;
use crate::ctx::Ctx;
use crate::ports::store::{AgreementFilter, Page};
use crate::registry_index::{FacetKey, FacetKind};
use crate::{App, AppResult};
use jalin_domain::agreement::{AgreementStatus, Form};
use jalin_domain::authz::Action;

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
}

impl App {
    /// Facet counts of the selection a directory query makes, as the actor may see it.
    pub async fn registry_counts(
        &self,
        ctx: &Ctx,
        query: &AgreementQuery,
        kinds: &[FacetKind],
    ) -> AppResult<RegistryCounts> {
        let visibility = self.require(ctx, Action::RegistryRead)?.registry_visibility();
        let mut filter = query.parse()?;
        filter.visibility = visibility;
        self.counts_for(&filter, kinds).await
    }

    pub(crate) async fn counts_for(&self, filter: &AgreementFilter, kinds: &[FacetKind]) -> AppResult<RegistryCounts> {
        let mut tx = self.store.read().await?;
        let index = self.registry.fresh(tx.as_mut()).await?;
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
    pub async fn yearly_by_form(
        &self,
        ctx: &Ctx,
        status: Option<AgreementStatus>,
    ) -> AppResult<Vec<(Form, Vec<(i32, u64)>)>> {
        let visibility = self.require(ctx, Action::RegistryRead)?.registry_visibility();
        let mut out = Vec::new();
        for form in Form::ALL {
            let filter = AgreementFilter {
                form: Some(*form),
                status,
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
    pub async fn key_figures(&self, ctx: &Ctx) -> AppResult<KeyFigures> {
        let visibility = self.require(ctx, Action::RegistryRead)?.registry_visibility();
        let in_force = AgreementFilter {
            status: Some(AgreementStatus::InForce),
            visibility: visibility.clone(),
            ..AgreementFilter::default()
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
    pub async fn directory(
        &self,
        ctx: &Ctx,
        query: &AgreementQuery,
        page: Page,
    ) -> AppResult<(
        crate::ports::store::Listing<crate::agreements::AgreementView>,
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
