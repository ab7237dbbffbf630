//! Partner use cases: registering partners with duplicate detection, and finding them.

use super::Registry;
use super::resolve::identities_of;
use crate::audit::{self, NewAuditEventExt};
use crate::authz::require;
use crate::ctx::Ctx;
use crate::error::DuplicateCandidate;
use crate::ports::store::{Listing, Page, PartnerFilter};
use crate::{AppError, AppResult};
use jalin_domain::FieldErrors;
use jalin_domain::audit::codes;
use jalin_domain::authz::Action;
use jalin_domain::codes::CountryCode;
use jalin_domain::ids::PartnerId;
use jalin_domain::partner::{NewPartner, Partner, PartnerInput, PartnerKind};
use jalin_domain::text::fold;
use jalin_matching::names::{DUPLICATE_THRESHOLD, similarity};

/// Client-supplied partner filters.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct PartnerQuery {
    /// `foreign_regional_government`, `foreign_institution`, `indonesian_region`, `third_party`.
    pub kind: Option<String>,
    /// ISO 3166-1 alpha-2 code.
    pub country: Option<String>,
    /// Part of the name.
    pub q: Option<String>,
}

impl Registry {
    /// Registers a partner. A partner with the same stable identifier (Kemendagri code,
    /// GeoNames id, subdivision code) or the same name in the same country is refused as a
    /// duplicate; one with a similar name is refused too unless `allow_similar` is set.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn create_partner(&self, ctx: &Ctx, input: &PartnerInput, allow_similar: bool) -> AppResult<Partner> {
        require(ctx, Action::RegistryWrite)?;
        let mut new = input.parse()?;
        self.check_partner_references(&mut new)?;
        let mut tx = self.store.write().await?;
        let mut candidates: Vec<DuplicateCandidate> = Vec::new();
        for identity in identities_of(&new) {
            let reason = match &identity {
                crate::ports::store::PartnerIdentity::Region(c) => format!("same Kemendagri code {c}"),
                crate::ports::store::PartnerIdentity::Geoname(g) => format!("same GeoNames id {g}"),
                crate::ports::store::PartnerIdentity::Subdivision(s) => format!("same subdivision code {s}"),
                crate::ports::store::PartnerIdentity::Name { .. } => "same name in the same country".to_owned(),
            };
            for p in tx.partners().find(&identity).await? {
                if !candidates.iter().any(|c| c.partner.id == p.id) {
                    candidates.push(DuplicateCandidate {
                        partner: p,
                        reason: reason.clone(),
                    });
                }
            }
        }
        if candidates.is_empty() && !allow_similar {
            for p in tx
                .partners()
                .same_kind_and_country(new.kind, new.country_iso2.as_ref(), 5000)
                .await?
            {
                let score = similarity(&p.name, &new.name);
                if score >= DUPLICATE_THRESHOLD {
                    candidates.push(DuplicateCandidate {
                        partner: p,
                        reason: format!(
                            "similar name ({score:.2}); send allow_similar=true if it is a different partner"
                        ),
                    });
                }
            }
        }
        if !candidates.is_empty() {
            return Err(AppError::Duplicate(candidates));
        }
        let partner = new.into_partner(PartnerId::new(), ctx.now);
        tx.partners().insert(std::slice::from_ref(&partner)).await?;
        tx.audit()
            .append(
                &audit::event(ctx, codes::PARTNER_CREATED, "partner", partner.id)
                    .region(partner.region_code.as_ref())
                    .after(serde_json::to_value(&partner).map_err(anyhow::Error::from)?),
            )
            .await?;
        crate::search::log(tx.as_mut(), vec![crate::search::partner_key(partner.id)], ctx.now).await?;
        tx.commit().await?;
        self.wake_search();
        tracing::info!(partner = %partner.id, actor = %ctx.actor.label(), "partner created");
        Ok(partner)
    }

    /// Checks a partner description against the reference data and fills the region name.
    fn check_partner_references(&self, new: &mut NewPartner) -> AppResult<()> {
        let reference = self.reference();
        let mut errors = FieldErrors::new();
        if let Some(code) = &new.region_code {
            match reference.region(code) {
                None => errors.push("region_code", "unknown_reference", format!("there is no region {code}")),
                Some(r) if r.is_administrative => errors.push(
                    "region_code",
                    "not_autonomous",
                    format!("{} is an administrative unit, not an autonomous region", r.name),
                ),
                Some(r) => new.name = r.name.clone(),
            }
        }
        if let Some(c) = &new.country_iso2
            && reference.country(c).is_none()
            && !reference.is_empty()
        {
            errors.push("country", "unknown_reference", format!("there is no country {c}"));
        }
        errors.finish(())?;
        Ok(())
    }

    /// One partner the actor may see (404 for a partner named only in others' drafts).
    pub async fn get_partner(&self, ctx: &Ctx, id: &str) -> AppResult<Partner> {
        let grant = require(ctx, Action::RegistryRead)?;
        let not_found = || AppError::NotFound(format!("partner {id}"));
        let id: PartnerId = id.parse().map_err(|_| not_found())?;
        let filter = PartnerFilter {
            id: Some(id),
            visibility: grant.registry_visibility(),
            ..PartnerFilter::default()
        };
        let mut tx = self.store.read().await?;
        tx.partners()
            .list(&filter, Page::new(Some(1), None))
            .await?
            .items
            .pop()
            .ok_or_else(not_found)
    }

    /// Partners the actor may see: those named by a signed agreement, and those of the
    /// drafts, agreements in procedure and cases of the actor's region or province (all for
    /// national roles). A partner named only in private drafts is not public (issue 13).
    pub async fn list_partners(&self, ctx: &Ctx, query: &PartnerQuery, page: Page) -> AppResult<Listing<Partner>> {
        let grant = require(ctx, Action::RegistryRead)?;
        let mut errors = FieldErrors::new();
        let kind = query
            .kind
            .as_deref()
            .filter(|k| !k.trim().is_empty())
            .and_then(|k| errors.take("kind", k.parse::<PartnerKind>()));
        let country = query
            .country
            .as_deref()
            .filter(|c| !c.trim().is_empty())
            .and_then(|c| errors.take("country", c.parse::<CountryCode>()));
        errors.finish(())?;
        let filter = PartnerFilter {
            kind,
            country,
            q: query.q.as_deref().map(fold).filter(|q| !q.is_empty()),
            visibility: grant.registry_visibility(),
            id: None,
        };
        let mut tx = self.store.read().await?;
        Ok(tx.partners().list(&filter, page).await?)
    }
}
