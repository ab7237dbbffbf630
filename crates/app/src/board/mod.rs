//! The opportunity board: offers by foreign partners, embassies and programmes; needs
//! published by regions; and the two-sided matching between them (`jalin_matching::board`).
//!
//! Who may publish (`docs/authorization.md`): offers by Kemendagri and Kemlu reviewers and
//! administrators on behalf of partners, embassies and programmes; needs by a region's
//! officers for their region (a province officer for the province and its kabupaten/kota).
//! A partner guest publishes nothing (issue 13). Offers and needs carry their publisher's
//! organisation and display name (`created_by`), never an e-mail address. Reading is
//! public, like the registry. Every change writes its audit event in the same transaction.
//!
//! Publishing queues a notification job in the same transaction; the job (run by the
//! server's worker, [`App::run_jobs`]) raises an inbox alert for every region the offer
//! fits, or, for a need, for every open offer that the need fits. Alerts are deduplicated
//! per offer and region, so a region hears of an offer once.

mod alerts;
mod data;
mod publisher;

use crate::audit::{self, NewAuditEventExt};
use crate::authz::require;
use crate::ctx::Ctx;
use crate::ports::clock::Clock;
use crate::ports::store::Store;
use crate::ports::store::{Listing, NeedFilter, OfferFilter, Page};
use crate::recommendations::{PartnerSuggestion, Recommendations, SuggestionReason};
use crate::reference::ReferenceSnapshot;
use crate::registry::index::RegistryIndex;
use crate::shared::{IndexerSignal, ReferenceCache};
use crate::{AppError, AppResult};
use jalin_domain::FieldErrors;
use jalin_domain::audit::codes;
use jalin_domain::authz::{Action, Scope};
use jalin_domain::case::Alert;
use jalin_domain::codes::{CountryCode, RegionCode, SdgCode, UrusanCode};
use jalin_domain::ids::{NeedId, OfferId};
use jalin_domain::opportunity::{Need, NeedInput, Offer, OfferInput, OpportunityStatus, PublisherKind};
use jalin_domain::reference::{DiplomaticRelations, Region, RegionType};
use jalin_matching::board::{BoardWeights, RegionFit, fit, match_offer};
use serde::Serialize;
use std::sync::Arc;

/// Job kinds of the board's notifications.
pub const NOTIFY_OFFER_JOB: &str = "notify_offer";
pub const NOTIFY_NEED_JOB: &str = "notify_need";

/// The alert code of an offer (the inbox links `peluang:ID` to the offer's page).
pub fn offer_alert_code(id: OfferId) -> String {
    format!("peluang:{id}")
}

/// Client-supplied filters of the offer list (query-string values).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct OfferQuery {
    /// `open` (default: open and before the deadline), `closed` or `all`.
    pub status: Option<String>,
    /// The publisher's country (ISO code).
    pub country: Option<String>,
    /// `foreign_partner`, `embassy` or `programme`.
    pub publisher_kind: Option<String>,
    /// An *urusan* code.
    pub field: Option<String>,
    /// An SDG goal (or a target or indicator under it).
    pub sdg: Option<String>,
}

/// Client-supplied filters of the need list.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct NeedQuery {
    /// `open` (default), `closed` or `all`.
    pub status: Option<String>,
    /// A region's Kemendagri code.
    pub region: Option<String>,
    /// A province code: its needs and those of its kabupaten/kota.
    pub province: Option<String>,
    pub field: Option<String>,
    pub sdg: Option<String>,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// `open` / `closed` / `all` → (status, only not past the deadline).
fn parse_status(v: &Option<String>, e: &mut FieldErrors) -> (Option<OpportunityStatus>, bool) {
    match given(v) {
        None | Some("open") => (Some(OpportunityStatus::Open), true),
        Some("closed") => (Some(OpportunityStatus::Closed), false),
        Some("all") => (None, false),
        Some(other) => {
            e.push(
                "status",
                "invalid_choice",
                format!("'{other}' is not one of: open, closed, all"),
            );
            (None, false)
        }
    }
}

fn parse_topic(field: &Option<String>, sdg: &Option<String>, e: &mut FieldErrors) -> (Option<UrusanCode>, Option<u8>) {
    (
        given(field).and_then(|v| e.take("field", v.parse::<UrusanCode>())),
        given(sdg).and_then(|v| e.take("sdg", v.parse::<SdgCode>()).map(|s| s.goal())),
    )
}

/// A region that fits an offer, with why.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegionMatch {
    pub region_code: RegionCode,
    pub region_name: String,
    pub region_type: RegionType,
    pub is_3t: bool,
    pub has_foreign_cooperation: bool,
    pub score: f64,
    /// 3T and no foreign cooperation: these regions are listed first.
    pub priority: f64,
    pub reasons: Vec<SuggestionReason>,
    /// The region's open needs that share a field or SDG with the offer.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub needs: Vec<NeedId>,
    /// The recommender's best place in the offer's country for this region, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggested_partner: Option<PartnerSuggestion>,
}

/// An open offer that fits a region, with why.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfferMatch {
    pub offer: Offer,
    pub score: f64,
    pub reasons: Vec<SuggestionReason>,
}

fn reasons_of(fit: &RegionFit) -> Vec<SuggestionReason> {
    fit.reasons
        .iter()
        .map(|r| SuggestionReason {
            code: serde_json::to_value(r.code)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            weight: r.weight,
            text_id: r.text_id.clone(),
            text_en: r.text_en.clone(),
        })
        .collect()
}

/// The ports and shared handles the board works with.
pub struct BoardPorts {
    pub store: Arc<dyn Store>,
    pub clock: Arc<dyn Clock>,
    pub reference: ReferenceCache,
    /// The registry index, for the regions' cooperation profiles.
    pub index: Arc<RegistryIndex>,
    pub signal: IndexerSignal,
    /// For the best-ranked place in an offer's country.
    pub recommendations: Arc<Recommendations>,
}

/// The opportunity board: offers from abroad, regions' needs, two-sided matching with 3T
/// regions first, and alerts to the regions an offer fits.
pub struct Board {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    reference: ReferenceCache,
    index: Arc<RegistryIndex>,
    signal: IndexerSignal,
    recommendations: Arc<Recommendations>,
}

impl Board {
    pub fn new(ports: BoardPorts) -> Self {
        let BoardPorts {
            store,
            clock,
            reference,
            index,
            signal,
            recommendations,
        } = ports;
        Self {
            store,
            clock,
            reference,
            index,
            signal,
            recommendations,
        }
    }

    fn reference(&self) -> Arc<ReferenceSnapshot> {
        self.reference.get()
    }

    fn country_names(&self, country: Option<&CountryCode>) -> Option<(String, String)> {
        let c = self.reference().country(country?).cloned()?;
        Some((c.name_id, c.name_en))
    }

    /// Reference checks of an offer or need's codes.
    fn check_topic(&self, fields: &[UrusanCode], sdgs: &[SdgCode], errors: &mut FieldErrors) {
        let reference = self.reference();
        for (i, f) in fields.iter().enumerate() {
            if !reference.urusan.contains_key(f.as_str()) {
                errors.push(
                    format!("fields[{i}]"),
                    "unknown_reference",
                    format!("{f} is not a government-affair code"),
                );
            }
        }
        for (i, s) in sdgs.iter().enumerate() {
            if !reference.sdg_codes.contains(s.as_str()) {
                errors.push(
                    format!("sdgs[{i}]"),
                    "unknown_reference",
                    format!("{s} is not an SDG goal, target or indicator"),
                );
            }
        }
    }

    /// Publishes an offer and queues the notification of the regions it fits.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn publish_offer(&self, ctx: &Ctx, input: &OfferInput) -> AppResult<Offer> {
        require(ctx, Action::OpportunityOffer)?;
        let draft = input.parse(ctx.today)?;
        let mut errors = FieldErrors::new();
        self.check_topic(&draft.fields, &draft.sdgs, &mut errors);
        if let Some(c) = &draft.country_iso2 {
            match self.reference().country(c) {
                None => errors.push("country", "unknown_reference", format!("there is no country {c}")),
                Some(country) if country.diplomatic_relations != DiplomaticRelations::Yes => errors.push(
                    "country",
                    "no_relations",
                    format!(
                        "Indonesia has no diplomatic relations with {}; regions may not cooperate with it (PP 28/2018 Pasal 27)",
                        country.name_en
                    ),
                ),
                Some(_) => {}
            }
        }
        errors.finish(())?;
        let owner = ctx.actor.user().map(|u| u.id);
        let publisher = self.publisher_label(ctx).await?;
        let offer = draft.into_offer(OfferId::new(), owner, publisher, ctx.now);
        let mut tx = self.store.write().await?;
        tx.opportunities().insert_offer(&offer).await?;
        tx.audit()
            .append(
                &audit::event(ctx, codes::OFFER_PUBLISHED, "offer", offer.id)
                    .after(serde_json::to_value(&offer).map_err(anyhow::Error::from)?),
            )
            .await?;
        tx.jobs()
            .enqueue(NOTIFY_OFFER_JOB, &offer.id.to_string(), ctx.now)
            .await?;
        tx.commit().await?;
        // The worker that runs jobs sleeps on the search wake-up.
        self.signal.wake();
        Ok(offer)
    }

    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn get_offer(&self, ctx: &Ctx, id: &str) -> AppResult<Offer> {
        require(ctx, Action::RegistryRead)?;
        let id: OfferId = id.parse().map_err(|_| AppError::NotFound(format!("offer {id}")))?;
        let mut tx = self.store.read().await?;
        tx.opportunities()
            .offer(id)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("offer {id}")))
    }

    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn list_offers(&self, ctx: &Ctx, query: &OfferQuery, page: Page) -> AppResult<Listing<Offer>> {
        require(ctx, Action::RegistryRead)?;
        let mut e = FieldErrors::new();
        let (status, current) = parse_status(&query.status, &mut e);
        let (field, sdg_goal) = parse_topic(&query.field, &query.sdg, &mut e);
        let filter = OfferFilter {
            status,
            deadline_from: current.then_some(ctx.today),
            country: given(&query.country).and_then(|v| e.take("country", v.parse::<CountryCode>())),
            publisher_kind: given(&query.publisher_kind)
                .and_then(|v| e.take("publisher_kind", v.parse::<PublisherKind>())),
            field,
            sdg_goal,
        };
        e.finish(())?;
        let mut tx = self.store.read().await?;
        Ok(tx.opportunities().offers(&filter, page).await?)
    }

    /// Closes an offer: by national roles and administrators (an offer a partner guest
    /// published before issue 13 by them too, but guests may no longer close it).
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn close_offer(&self, ctx: &Ctx, id: &str) -> AppResult<Offer> {
        let grant = require(ctx, Action::OpportunityOffer)?;
        let id: OfferId = id.parse().map_err(|_| AppError::NotFound(format!("offer {id}")))?;
        let mut tx = self.store.write().await?;
        let offer = tx
            .opportunities()
            .offer(id)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("offer {id}")))?;
        grant.check(
            grant.scope() == Scope::All || offer.owner.is_some_and(|o| grant.covers_user(o)),
            "offers",
        )?;
        if offer.status == OpportunityStatus::Closed {
            return Ok(offer);
        }
        let closed = Offer {
            status: OpportunityStatus::Closed,
            updated_at: ctx.now,
            version: offer.version + 1,
            ..offer.clone()
        };
        tx.opportunities()
            .update_offer(&closed, offer.version)
            .await
            .map_err(|e| match e {
                crate::ports::store::StoreError::Conflict(_) => AppError::VersionMismatch {
                    current: offer.version + 1,
                },
                other => other.into(),
            })?;
        tx.audit()
            .append(
                &audit::event(ctx, codes::OFFER_CLOSED, "offer", id)
                    .after(serde_json::json!({"status": "closed", "version": closed.version})),
            )
            .await?;
        tx.commit().await?;
        Ok(closed)
    }

    /// The regions an offer fits, in board order (3T and regions without foreign
    /// cooperation first, then by score). Each item of the page carries the recommender's
    /// best place in the offer's country for that region.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn offer_matches(&self, ctx: &Ctx, id: &str, page: Page) -> AppResult<Listing<RegionMatch>> {
        let offer = self.get_offer(ctx, id).await?;
        let data = self.board_data(None).await?;
        let names = self.country_names(offer.country_iso2.as_ref());
        let fits = match_offer(
            &offer,
            &data.profiles(),
            names.as_ref().map(|(a, b)| (a.as_str(), b.as_str())),
            &BoardWeights::default(),
        );
        let total = fits.len() as i64;
        let page_fits: Vec<RegionFit> = fits
            .into_iter()
            .skip(page.offset.max(0) as usize)
            .take(page.limit.clamp(0, i64::from(u32::MAX)) as usize)
            .collect();
        let regions: Vec<Region> = page_fits
            .iter()
            .filter_map(|f| data.regions.iter().find(|r| r.code == f.region_code).cloned())
            .collect();
        let eligible_country = offer.country_iso2.clone().filter(|c| {
            self.reference()
                .country(c)
                .is_some_and(|x| x.diplomatic_relations == DiplomaticRelations::Yes)
        });
        let suggestions = match eligible_country {
            Some(c) if !regions.is_empty() => self.recommendations.best_in_country(regions.clone(), c).await?,
            _ => vec![None; regions.len()],
        };
        let items = page_fits
            .iter()
            .zip(regions)
            .zip(suggestions)
            .map(|((f, r), suggested_partner)| RegionMatch {
                region_code: r.code.clone(),
                region_name: r.name.clone(),
                region_type: r.region_type,
                is_3t: r.is_3t(),
                has_foreign_cooperation: data.foreign.contains(&r.code),
                score: f.score,
                priority: f.priority,
                reasons: reasons_of(f),
                needs: f.needs.clone(),
                suggested_partner,
            })
            .collect();
        Ok(Listing { items, total })
    }

    /// Open offers that fit a region, best first (then the nearest deadline).
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn region_opportunities(&self, ctx: &Ctx, region_code: &str) -> AppResult<Vec<OfferMatch>> {
        require(ctx, Action::RegistryRead)?;
        let code: RegionCode = region_code
            .parse()
            .map_err(|_| AppError::NotFound(format!("region {region_code}")))?;
        if self.reference().region(&code).is_none() {
            return Err(AppError::NotFound(format!("region {code}")));
        }
        let data = self.board_data(Some(&code)).await?;
        let offers = self.open_offers(ctx).await?;
        let mut out = Vec::new();
        if let Some(region) = data.regions.first() {
            let profile = data.profile(region);
            for offer in offers {
                let names = self.country_names(offer.country_iso2.as_ref());
                if let Some(f) = fit(
                    &offer,
                    &profile,
                    names.as_ref().map(|(a, b)| (a.as_str(), b.as_str())),
                    &BoardWeights::default(),
                ) {
                    out.push(OfferMatch {
                        reasons: reasons_of(&f),
                        score: f.score,
                        offer,
                    });
                }
            }
        }
        out.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.offer.deadline.cmp(&b.offer.deadline))
                .then(a.offer.id.cmp(&b.offer.id))
        });
        Ok(out)
    }

    async fn open_offers(&self, ctx: &Ctx) -> AppResult<Vec<Offer>> {
        let mut tx = self.store.read().await?;
        Ok(tx
            .opportunities()
            .offers(
                &OfferFilter {
                    status: Some(OpportunityStatus::Open),
                    deadline_from: Some(ctx.today),
                    ..OfferFilter::default()
                },
                Page::all(),
            )
            .await?
            .items)
    }

    /// Publishes a need of the actor's region and queues the matching offers' alerts.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn publish_need(&self, ctx: &Ctx, input: &NeedInput) -> AppResult<Need> {
        let grant = require(ctx, Action::OpportunityNeed)?;
        let draft = input.parse()?;
        let mut errors = FieldErrors::new();
        match self.reference().region(&draft.region_code) {
            None => errors.push(
                "region_code",
                "unknown_reference",
                format!("there is no region with Kemendagri code {}", draft.region_code),
            ),
            Some(r) if r.is_administrative => errors.push(
                "region_code",
                "not_autonomous",
                format!(
                    "{} is an administrative unit of Jakarta, not an autonomous region",
                    r.name
                ),
            ),
            Some(_) => {}
        }
        self.check_topic(&draft.fields, &draft.sdgs, &mut errors);
        errors.finish(())?;
        grant.check(grant.covers_region(&draft.region_code), "needs")?;
        let need = draft.into_need(NeedId::new(), self.publisher_label(ctx).await?, ctx.now);
        let mut tx = self.store.write().await?;
        tx.opportunities().insert_need(&need).await?;
        tx.audit()
            .append(
                &audit::event(ctx, codes::NEED_PUBLISHED, "need", need.id)
                    .region(Some(&need.region_code))
                    .after(serde_json::to_value(&need).map_err(anyhow::Error::from)?),
            )
            .await?;
        tx.jobs()
            .enqueue(NOTIFY_NEED_JOB, &need.id.to_string(), ctx.now)
            .await?;
        tx.commit().await?;
        // The worker that runs jobs sleeps on the search wake-up.
        self.signal.wake();
        Ok(need)
    }

    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn get_need(&self, ctx: &Ctx, id: &str) -> AppResult<Need> {
        require(ctx, Action::RegistryRead)?;
        let id: NeedId = id.parse().map_err(|_| AppError::NotFound(format!("need {id}")))?;
        let mut tx = self.store.read().await?;
        tx.opportunities()
            .need(id)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("need {id}")))
    }

    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn list_needs(&self, ctx: &Ctx, query: &NeedQuery, page: Page) -> AppResult<Listing<Need>> {
        require(ctx, Action::RegistryRead)?;
        let mut e = FieldErrors::new();
        let (status, _) = parse_status(&query.status, &mut e);
        let (field, sdg_goal) = parse_topic(&query.field, &query.sdg, &mut e);
        let province = given(&query.province).and_then(|v| e.take("province", v.parse::<RegionCode>()));
        if province.as_ref().is_some_and(|p| !p.is_province()) {
            e.push("province", "invalid_format", "a province code has two digits (e.g. 32)");
        }
        let filter = NeedFilter {
            status,
            region: given(&query.region).and_then(|v| e.take("region", v.parse::<RegionCode>())),
            province,
            field,
            sdg_goal,
        };
        e.finish(())?;
        let mut tx = self.store.read().await?;
        Ok(tx.opportunities().needs(&filter, page).await?)
    }

    /// Closes a need of a region the actor works for.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn close_need(&self, ctx: &Ctx, id: &str) -> AppResult<Need> {
        let grant = require(ctx, Action::OpportunityNeed)?;
        let id: NeedId = id.parse().map_err(|_| AppError::NotFound(format!("need {id}")))?;
        let mut tx = self.store.write().await?;
        let need = tx
            .opportunities()
            .need(id)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("need {id}")))?;
        grant.check(grant.covers_region(&need.region_code), "needs")?;
        if need.status == OpportunityStatus::Closed {
            return Ok(need);
        }
        let closed = Need {
            status: OpportunityStatus::Closed,
            updated_at: ctx.now,
            version: need.version + 1,
            ..need.clone()
        };
        tx.opportunities()
            .update_need(&closed, need.version)
            .await
            .map_err(|e| match e {
                crate::ports::store::StoreError::Conflict(_) => AppError::VersionMismatch {
                    current: need.version + 1,
                },
                other => other.into(),
            })?;
        tx.audit()
            .append(
                &audit::event(ctx, codes::NEED_CLOSED, "need", id)
                    .region(Some(&need.region_code))
                    .after(serde_json::json!({"status": "closed", "version": closed.version})),
            )
            .await?;
        tx.commit().await?;
        Ok(closed)
    }
}
