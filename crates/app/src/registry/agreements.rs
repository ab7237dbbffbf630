//! Agreement use cases: register, read, list with filters, and change.

use super::Registry;
use super::resolve::PartyResolver;
use crate::audit::{self, NewAuditEventExt};
use crate::authz::require;
use crate::ctx::Ctx;
use crate::ports::store::{AgreementFilter, AgreementOrder, Listing, Page, Tx};
use crate::reference::ReferenceSnapshot;
use crate::{AppError, AppResult};
use jalin_domain::FieldErrors;
use jalin_domain::agreement::{Agreement, AgreementDraft, AgreementInput, AgreementStatus, Form, Party, check_parties};
use jalin_domain::audit::codes;
use jalin_domain::authz::Action;
use jalin_domain::codes::{CountryCode, RegionCode, SdgCode, UrusanCode};
use jalin_domain::ids::{AgreementId, PartnerId};
use jalin_domain::text::fold;

/// Client-supplied list filters, as query-string values.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct AgreementQuery {
    /// `KSDD`, `KSDPK`, `KSDPL` or `KSDLL`.
    pub form: Option<String>,
    /// Kemendagri code of an Indonesian party (`32.73`).
    pub region: Option<String>,
    /// Province code: agreements of the province or of a kabupaten/kota in it.
    pub province: Option<String>,
    /// ISO code of a partner's country.
    pub country: Option<String>,
    /// Government-affair code (`1.01`).
    pub field: Option<String>,
    /// SDG goal (`4`), target (`4.1`) or indicator (`4.1.1`); a goal includes its targets.
    pub sdg: Option<String>,
    /// `draft`, `in_process`, `in_force`, `expired`, `terminated`, `withdrawn`, `rejected`.
    pub status: Option<String>,
    /// `to_verify`, `verified` or `rejected` (records Kemendagri checks).
    pub verification: Option<String>,
    /// Year of signing (or of entry into force).
    pub year: Option<String>,
    /// A partner id.
    pub partner: Option<String>,
    /// Words that must all occur in the titles, descriptions or party names.
    pub q: Option<String>,
    /// `newest` (default), `updated` or `title`.
    pub sort: Option<String>,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl AgreementQuery {
    pub fn parse(&self) -> Result<AgreementFilter, FieldErrors> {
        let mut e = FieldErrors::new();
        let province = given(&self.province).and_then(|v| e.take("province", v.parse::<RegionCode>()));
        if let Some(p) = &province
            && !p.is_province()
        {
            e.push("province", "invalid_format", "a province code has two digits (e.g. 32)");
        }
        let year = given(&self.year).and_then(|v| match v.parse::<i32>() {
            Ok(y) if (1900..=2200).contains(&y) => Some(y),
            _ => {
                e.push("year", "invalid_format", format!("'{v}' is not a year"));
                None
            }
        });
        let order = match given(&self.sort) {
            None | Some("newest") => AgreementOrder::Newest,
            Some("updated") => AgreementOrder::RecentlyUpdated,
            Some("title") => AgreementOrder::Title,
            Some(other) => {
                e.push(
                    "sort",
                    "invalid_choice",
                    format!("'{other}' is not one of: newest, updated, title"),
                );
                AgreementOrder::Newest
            }
        };
        let filter = AgreementFilter {
            form: given(&self.form).and_then(|v| e.take("form", v.parse::<Form>())),
            region: given(&self.region).and_then(|v| e.take("region", v.parse::<RegionCode>())),
            province,
            country: given(&self.country).and_then(|v| e.take("country", v.parse::<CountryCode>())),
            field: given(&self.field).and_then(|v| e.take("field", v.parse::<UrusanCode>())),
            sdg: given(&self.sdg).and_then(|v| e.take("sdg", v.parse::<SdgCode>())),
            status: given(&self.status).and_then(|v| e.take("status", v.parse::<AgreementStatus>())),
            verification: given(&self.verification)
                .and_then(|v| e.take("verification", v.parse::<jalin_domain::agreement::VerificationStatus>())),
            year,
            partner: given(&self.partner).and_then(|v| e.take("partner", v.parse::<PartnerId>())),
            words: given(&self.q)
                .map(|q| {
                    fold(q)
                        .split(' ')
                        .filter(|w| !w.is_empty())
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default(),
            after_id: None,
            order,
            visibility: crate::ports::store::Visibility::Everything,
        };
        e.finish(filter)
    }
}

/// Checks the codes of a draft against the reference data: fields must be known
/// government affairs, SDG codes known goals/targets/indicators.
pub(crate) fn check_codes(draft: &AgreementDraft, reference: &ReferenceSnapshot) -> FieldErrors {
    let mut errors = FieldErrors::new();
    if reference.is_empty() {
        return errors;
    }
    for (i, f) in draft.fields.iter().enumerate() {
        if !reference.urusan.contains_key(f.as_str()) {
            errors.push(
                format!("fields[{i}]"),
                "unknown_reference",
                format!("{f} is not a government-affair code"),
            );
        }
    }
    for (i, s) in draft.sdgs.iter().enumerate() {
        if !reference.sdg_codes.contains(s.as_str()) {
            errors.push(
                format!("sdgs[{i}]"),
                "unknown_reference",
                format!("{s} is not an SDG goal, target or indicator"),
            );
        }
    }
    errors
}

/// Resolves a draft's parties and checks them against the form and the law (rule P1, see
/// [`super::law`]); errors carry field names. Every path (API, import, web form) comes here.
pub(crate) fn resolve_parties(
    draft: &AgreementDraft,
    resolver: &mut PartyResolver<'_>,
    errors: &mut FieldErrors,
) -> Vec<Party> {
    let before = errors.len();
    let parties: Vec<Party> = draft
        .parties
        .iter()
        .enumerate()
        .filter_map(|(i, r)| resolver.resolve(r, errors, &format!("parties[{i}]")))
        .collect();
    if errors.len() == before {
        errors.0.extend(check_parties(draft.form, draft.subtype, &parties).0);
        errors
            .0
            .extend(super::law::check_partner_countries(draft.form, &parties, resolver.reference()).0);
    }
    parties
}

/// Checks that `amends`/`renews` name stored agreements (or ones in `also_known`).
async fn check_links(
    tx: &mut dyn Tx,
    draft: &AgreementDraft,
    also_known: &[AgreementId],
    errors: &mut FieldErrors,
) -> AppResult<()> {
    for (field, link) in [("amends", draft.amends), ("renews", draft.renews)] {
        if let Some(id) = link
            && !also_known.contains(&id)
            && tx.agreements().existing_ids(&[id]).await?.is_empty()
        {
            errors.push(field, "unknown_reference", format!("there is no agreement {id}"));
        }
    }
    Ok(())
}

impl Registry {
    /// Registers an agreement from a client description.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn create_agreement(&self, ctx: &Ctx, input: &AgreementInput) -> AppResult<Agreement> {
        let grant = require(ctx, Action::RegistryWrite)?;
        if input.id.is_some() {
            return Err(AppError::invalid(
                "id",
                "not_allowed",
                "the server assigns identifiers to new agreements",
            ));
        }
        if input.created_at.is_some() || input.updated_at.is_some() {
            return Err(AppError::invalid(
                "created_at",
                "not_allowed",
                "created_at and updated_at are kept by the server (they are accepted only in imports)",
            ));
        }
        let draft = input.parse(ctx.today)?;
        let reference = self.reference();
        let mut tx = self.store.write().await?;
        let mut resolver = PartyResolver::new(&reference, ctx.now);
        let refs: Vec<_> = draft.parties.iter().collect();
        tx.partners().lock_creation().await?;
        resolver.prefetch(tx.as_mut(), &refs, false).await?;
        let mut errors = check_codes(&draft, &reference);
        let parties = resolve_parties(&draft, &mut resolver, &mut errors);
        check_links(tx.as_mut(), &draft, &[], &mut errors).await?;
        errors.finish(())?;
        let mut agreement = draft.into_agreement(AgreementId::new(), parties, false, ctx.now, ctx.now, 1);
        super::law::apply_verification(&mut agreement, false, None);
        grant.check(
            grant.covers_agreement(&agreement),
            "an agreement without a party region of yours",
        )?;
        tx.partners().insert(&resolver.new_partners).await?;
        tx.agreements().insert(std::slice::from_ref(&agreement)).await?;
        tx.audit()
            .append(
                &audit::event(ctx, codes::AGREEMENT_CREATED, "agreement", agreement.id)
                    .region(agreement.region_codes().next())
                    .after(summary(&agreement)),
            )
            .await?;
        let mut keys = vec![crate::search::agreement_key(agreement.id)];
        keys.extend(resolver.new_partners.iter().map(|p| crate::search::partner_key(p.id)));
        crate::search::log(tx.as_mut(), keys, ctx.now).await?;
        tx.commit().await?;
        self.wake_search();
        tracing::info!(agreement = %agreement.id, actor = %ctx.actor.label(), "agreement created");
        Ok(agreement)
    }

    /// One agreement. Drafts and agreements in procedure are visible only to their regions
    /// and national roles; to anyone else they do not exist.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn get_agreement(&self, ctx: &Ctx, id: &str) -> AppResult<Agreement> {
        let visibility = require(ctx, Action::RegistryRead)?.registry_visibility();
        let id: AgreementId = id.parse().map_err(|_| AppError::NotFound(format!("agreement {id}")))?;
        let mut tx = self.store.read().await?;
        tx.agreements()
            .get(id)
            .await?
            .filter(|a| visibility.shows(a.status, a.region_codes()))
            .ok_or_else(|| AppError::NotFound(format!("agreement {id}")))
    }

    /// The registry as the actor may see it, filtered.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn list_agreements(
        &self,
        ctx: &Ctx,
        query: &AgreementQuery,
        page: Page,
    ) -> AppResult<Listing<Agreement>> {
        let visibility = require(ctx, Action::RegistryRead)?.registry_visibility();
        let mut filter = query.parse()?;
        filter.visibility = visibility;
        self.list_agreements_filtered(&filter, page).await
    }

    /// Whether the registry index is loaded (by the warm-up or the first registry read).
    pub fn registry_index_loaded(&self) -> bool {
        self.index.is_loaded()
    }

    /// Loads the registry index now (at start-up) instead of on the first list request.
    pub async fn warm_registry_index(&self) -> AppResult<u64> {
        let mut tx = self.store.read().await?;
        let index = self.index.fresh(tx.as_mut()).await?;
        Ok(index.len())
    }

    /// A page of the registry. Served from the in-process registry index (kept in step with
    /// the database on every call); keyset pagination (`after_id`) reads the store directly.
    pub async fn list_agreements_filtered(
        &self,
        filter: &AgreementFilter,
        page: Page,
    ) -> AppResult<Listing<Agreement>> {
        if filter.after_id.is_some() {
            let mut tx = self.store.read().await?;
            return Ok(tx.agreements().list(filter, page).await?);
        }
        let mut tx = self.store.read().await?;
        let (ids, total) = {
            let index = self.index.fresh(tx.as_mut()).await?;
            let set = index.matching(filter);
            (index.page(&set, filter.order, page), set.len() as i64)
        };
        let items = tx.agreements().get_many(&ids).await?;
        Ok(Listing { items, total })
    }

    /// Changes an agreement with a JSON merge patch (RFC 7396) over its input form. The
    /// whole result is validated again. With `expected_version` the change is refused if
    /// someone else changed the agreement since.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn patch_agreement(
        &self,
        ctx: &Ctx,
        id: &str,
        patch: &serde_json::Value,
        expected_version: Option<i64>,
    ) -> AppResult<Agreement> {
        let grant = require(ctx, Action::RegistryWrite)?;
        let id: AgreementId = id.parse().map_err(|_| AppError::NotFound(format!("agreement {id}")))?;
        let mut tx = self.store.write().await?;
        let updated = self
            .patch_agreement_in(ctx, &grant, tx.as_mut(), id, patch, expected_version)
            .await?;
        tx.commit().await?;
        self.wake_search();
        tracing::info!(agreement = %id, version = updated.version, actor = %ctx.actor.label(), "agreement changed");
        Ok(updated)
    }

    /// [`App::patch_agreement`] within a write transaction the caller commits: validates,
    /// stores, audits and queues the search update.
    pub(crate) async fn patch_agreement_in(
        &self,
        ctx: &Ctx,
        grant: &crate::authz::Grant,
        tx: &mut dyn Tx,
        id: AgreementId,
        patch: &serde_json::Value,
        expected_version: Option<i64>,
    ) -> AppResult<Agreement> {
        check_patch_shape(patch, id)?;
        let reference = self.reference();
        let current = tx
            .agreements()
            .get(id)
            .await?
            .filter(|a| grant.registry_visibility().shows(a.status, a.region_codes()))
            .ok_or_else(|| AppError::NotFound(format!("agreement {id}")))?;
        grant.check(grant.covers_agreement(&current), "this agreement")?;
        if let Some(v) = expected_version
            && v != current.version
        {
            return Err(AppError::VersionMismatch {
                current: current.version,
            });
        }
        let draft = patched_input(&current, patch)?.parse(ctx.today)?;
        let mut resolver = PartyResolver::new(&reference, ctx.now);
        let refs: Vec<_> = draft.parties.iter().collect();
        tx.partners().lock_creation().await?;
        resolver.prefetch(tx, &refs, false).await?;
        let mut errors = check_codes(&draft, &reference);
        let parties = resolve_parties(&draft, &mut resolver, &mut errors);
        check_links(tx, &draft, &[], &mut errors).await?;
        errors.finish(())?;
        let mut updated = draft.into_agreement(
            id,
            parties,
            current.is_demo,
            current.created_at,
            ctx.now,
            current.version + 1,
        );
        super::law::set_verification(tx, &mut updated, Some(&current)).await?;
        grant.check(
            grant.covers_agreement(&updated),
            "an agreement without a party region of yours",
        )?;
        tx.partners().insert(&resolver.new_partners).await?;
        tx.agreements().update(&updated, current.version).await?;
        let before = serde_json::to_value(current.to_input()).map_err(anyhow::Error::from)?;
        let after = serde_json::to_value(updated.to_input()).map_err(anyhow::Error::from)?;
        tx.audit()
            .append(
                &audit::event(ctx, codes::AGREEMENT_UPDATED, "agreement", id)
                    .region(updated.region_codes().next())
                    .changes(&before, &after),
            )
            .await?;
        let mut keys = vec![crate::search::agreement_key(id)];
        keys.extend(resolver.new_partners.iter().map(|p| crate::search::partner_key(p.id)));
        crate::search::log(tx, keys, ctx.now).await?;
        Ok(updated)
    }
}

/// A patch is a JSON object that keeps the agreement's id and leaves the server's
/// timestamps alone.
fn check_patch_shape(patch: &serde_json::Value, id: AgreementId) -> AppResult<()> {
    let patch_obj = patch
        .as_object()
        .ok_or_else(|| AppError::invalid("", "invalid_format", "the patch must be a JSON object"))?;
    if let Some(v) = patch_obj.get("id")
        && v.as_str() != Some(id.to_string().as_str())
    {
        return Err(AppError::invalid(
            "id",
            "not_allowed",
            "an agreement's id cannot change",
        ));
    }
    for kept in ["created_at", "updated_at"] {
        if patch_obj.contains_key(kept) {
            return Err(AppError::invalid(kept, "not_allowed", "kept by the server"));
        }
    }
    Ok(())
}

/// The agreement's input with the patch merged in (RFC 7396).
fn patched_input(current: &Agreement, patch: &serde_json::Value) -> AppResult<AgreementInput> {
    let mut merged = serde_json::to_value(current.to_input()).map_err(anyhow::Error::from)?;
    merge_patch(&mut merged, patch);
    serde_json::from_value(merged).map_err(|e| {
        AppError::invalid(
            "",
            "invalid_format",
            format!("the patch does not fit an agreement: {e}"),
        )
    })
}

/// What the audit trail keeps of a new agreement.
pub(crate) fn summary(a: &Agreement) -> serde_json::Value {
    serde_json::json!({
        "title_id": a.title_id,
        "form": a.form.as_str(),
        "tier": a.tier.as_str(),
        "status": a.status.as_str(),
        "regions": a.region_codes().map(|r| r.as_str()).collect::<Vec<_>>(),
        "version": a.version,
        "verification": a.verification.as_str(),
    })
}

/// JSON merge patch (RFC 7396): objects merge key by key, `null` deletes, anything else
/// replaces.
pub fn merge_patch(target: &mut serde_json::Value, patch: &serde_json::Value) {
    use serde_json::Value;
    match patch {
        Value::Object(patch_map) => {
            if !target.is_object() {
                *target = Value::Object(serde_json::Map::new());
            }
            if let Value::Object(target_map) = target {
                for (key, value) in patch_map {
                    if value.is_null() {
                        target_map.remove(key);
                    } else {
                        merge_patch(target_map.entry(key.clone()).or_insert(Value::Null), value);
                    }
                }
            }
        }
        other => *target = other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn merge_patch_follows_rfc_7396() {
        let mut doc = json!({"a": "b", "c": {"d": "e", "f": "g"}, "list": [1, 2]});
        merge_patch(&mut doc, &json!({"a": "z", "c": {"f": null}, "list": [3]}));
        assert_eq!(doc, json!({"a": "z", "c": {"d": "e"}, "list": [3]}));
    }

    #[test]
    fn filters_are_parsed_with_errors_per_field() {
        let q = AgreementQuery {
            form: Some("ksdpl".into()),
            year: Some("20x".into()),
            province: Some("32.73".into()),
            q: Some("Kota  Bándung".into()),
            ..Default::default()
        };
        let err = q.parse().unwrap_err();
        let fields: Vec<&str> = err.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["province", "year"]);
        let ok = AgreementQuery {
            form: Some("ksdpl".into()),
            q: Some("Kota  Bándung".into()),
            ..Default::default()
        }
        .parse()
        .unwrap();
        assert_eq!(ok.form, Some(Form::Ksdpl));
        assert_eq!(ok.words, vec!["kota", "bandung"]);
    }
}

/// An agreement with its derived monitoring flags, as the API returns it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgreementView {
    #[serde(flatten)]
    pub agreement: Agreement,
    /// *Akan berakhir*, extension deadline, *dorman*, text renewal due (derived, read-only).
    pub flags: super::flags::AgreementFlags,
}

impl Registry {
    /// Agreements with their flags, in the same order.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn views(&self, ctx: &Ctx, agreements: Vec<Agreement>) -> AppResult<Vec<AgreementView>> {
        let flags = self.agreement_flags(&agreements, ctx.today).await?;
        Ok(agreements
            .into_iter()
            .zip(flags)
            .map(|(agreement, flags)| AgreementView { agreement, flags })
            .collect())
    }

    /// One agreement with its flags.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn get_agreement_view(&self, ctx: &Ctx, id: &str) -> AppResult<AgreementView> {
        let agreement = self.get_agreement(ctx, id).await?;
        Ok(self.views(ctx, vec![agreement]).await?.remove(0))
    }

    /// A page of the registry with flags.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn list_agreement_views(
        &self,
        ctx: &Ctx,
        query: &AgreementQuery,
        page: Page,
    ) -> AppResult<Listing<AgreementView>> {
        let listing = self.list_agreements(ctx, query, page).await?;
        Ok(Listing {
            total: listing.total,
            items: self.views(ctx, listing.items).await?,
        })
    }

    /// The implementation activities of an agreement, newest first.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn list_activities(&self, ctx: &Ctx, id: &str) -> AppResult<Vec<crate::ports::store::Activity>> {
        let agreement = self.get_agreement(ctx, id).await?;
        let mut tx = self.store.read().await?;
        Ok(tx.cases().activities(agreement.id).await?)
    }
}
