//! SDG target suggestions: for free text (API clients, the new-case wizard, activity
//! reports) and for a registered agreement (from its titles, descriptions, objects, fields
//! and activities, leaving out the targets it is tagged with and those people already
//! decided on), and those decisions: a confirmed target is added to the agreement's SDG
//! tags through the ordinary change path, a rejected one is not suggested again.

use super::Registry;
use crate::audit::{self, NewAuditEventExt};
use crate::authz::require;
use crate::ctx::Ctx;
use crate::ports::sdg::{SdgSuggestion, TextLanguage, TextPart, TextRole};
use crate::ports::store::{SdgDecision, SdgDecisionKind};
use crate::{AppError, AppResult};
use jalin_domain::FieldErrors;
use jalin_domain::agreement::{Agreement, LegalObject};
use jalin_domain::audit::codes;
use jalin_domain::authz::Action;
use jalin_domain::codes::{SdgCode, SdgLevel};
use jalin_domain::ids::AgreementId;
use std::collections::BTreeSet;

/// Longest text accepted for a suggestion, in characters.
pub const MAX_TEXT_CHARS: usize = 20_000;
pub const DEFAULT_LIMIT: usize = 5;
pub const MAX_LIMIT: usize = 20;

/// A client's request for suggestions from free text.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SuggestInput {
    /// The text: Indonesian or English (a description, an activity report, …).
    pub text: Option<String>,
    /// A title; its words count more than those of the text.
    pub title: Option<String>,
    /// How many targets at most: 1–20, default 5.
    pub limit: Option<i64>,
}

/// The text of a cooperation that is not registered yet (the new-case wizard).
#[derive(Debug, Clone, Default)]
pub struct DraftText {
    pub title_id: String,
    pub title_en: String,
    /// Legal object codes (`cultural_exchange`); unknown ones are ignored.
    pub objects: Vec<String>,
    /// Government-affair codes (`1.01`); unknown ones are ignored.
    pub fields: Vec<String>,
    /// Other free text (declarations, notes), in any language.
    pub notes: Vec<String>,
}

/// A decision with the agreement's SDG tags after it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SdgDecisionResult {
    pub decision: SdgDecision,
    /// The agreement's SDG tags after the decision.
    pub sdgs: Vec<SdgCode>,
    /// The agreement's version after the decision.
    pub version: i64,
}

/// Words for a legal object, so that the object says what it is about (Permendagri
/// 25/2020 Pasal 3 wording, shortened).
fn object_words(object: LegalObject) -> Option<&'static str> {
    match object {
        LegalObject::ScienceTechnology => Some("pengembangan ilmu pengetahuan dan teknologi"),
        LegalObject::CulturalExchange => Some("pertukaran budaya"),
        LegalObject::GovernmentCapacity => Some("peningkatan kemampuan teknis dan manajemen pemerintahan"),
        LegalObject::RegionalPromotion => Some("promosi potensi daerah"),
        LegalObject::Other => None,
    }
}

fn parse_limit(limit: Option<i64>) -> Result<usize, FieldErrors> {
    match limit {
        None => Ok(DEFAULT_LIMIT),
        Some(n) if (1..=MAX_LIMIT as i64).contains(&n) => Ok(n as usize),
        Some(n) => Err(FieldErrors::single(
            "limit",
            "out_of_range",
            format!("{n} is not between 1 and {MAX_LIMIT}"),
        )),
    }
}

/// The target codes an agreement's tags already cover (a tagged indicator covers its target).
fn tagged_targets(sdgs: &[SdgCode]) -> BTreeSet<String> {
    sdgs.iter().filter_map(SdgCode::target).collect()
}

/// Parses a target code from a path: a malformed or unknown target is "not found".
fn parse_target(target: &str, known: &BTreeSet<String>) -> AppResult<SdgCode> {
    let not_found = || AppError::NotFound(format!("SDG target {target}"));
    let code: SdgCode = target.parse().map_err(|_| not_found())?;
    if code.level() != SdgLevel::Target || (!known.is_empty() && !known.contains(code.as_str())) {
        return Err(not_found());
    }
    Ok(code)
}

impl Registry {
    fn sdg_suggester(&self) -> AppResult<&dyn crate::ports::sdg::SdgSuggester> {
        self.sdg
            .as_deref()
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("no SDG suggester is configured")))
    }

    /// Suggests SDG targets for a text.
    pub fn suggest_sdg_targets(&self, ctx: &Ctx, input: &SuggestInput) -> AppResult<Vec<SdgSuggestion>> {
        require(ctx, Action::ReferenceRead)?;
        let mut errors = FieldErrors::new();
        let text = input.text.as_deref().map(str::trim).unwrap_or_default();
        let title = input.title.as_deref().map(str::trim).unwrap_or_default();
        if text.is_empty() && title.is_empty() {
            errors.push("text", "required", "the text to suggest SDG targets for");
        }
        for (field, value) in [("text", text), ("title", title)] {
            if value.chars().count() > MAX_TEXT_CHARS {
                errors.push(field, "too_long", format!("at most {MAX_TEXT_CHARS} characters"));
            }
        }
        let limit = match parse_limit(input.limit) {
            Ok(l) => l,
            Err(e) => {
                errors.0.extend(e.0);
                DEFAULT_LIMIT
            }
        };
        errors.finish(())?;
        let parts = [
            TextPart::new(TextRole::Title, None, title),
            TextPart::new(TextRole::Body, None, text),
        ];
        self.suggest_for_parts(&parts, limit, &BTreeSet::new())
    }

    /// Suggests SDG targets for a cooperation being prepared, leaving out `excluded`.
    pub fn suggest_sdg_for_draft(
        &self,
        ctx: &Ctx,
        draft: &DraftText,
        limit: usize,
        excluded: &BTreeSet<String>,
    ) -> AppResult<Vec<SdgSuggestion>> {
        require(ctx, Action::ReferenceRead)?;
        let objects: Vec<LegalObject> = draft.objects.iter().filter_map(|o| o.parse().ok()).collect();
        let mut parts = vec![
            TextPart::new(TextRole::Title, Some(TextLanguage::Indonesian), draft.title_id.as_str()),
            TextPart::new(TextRole::Title, Some(TextLanguage::English), draft.title_en.as_str()),
        ];
        parts.extend(
            draft
                .notes
                .iter()
                .map(|n| TextPart::new(TextRole::Body, None, n.as_str())),
        );
        self.field_parts(&objects, &draft.fields, &mut parts);
        let limit = limit.clamp(1, MAX_LIMIT);
        self.suggest_for_parts(&parts, limit, excluded)
    }

    /// Suggests SDG targets for a registered agreement, leaving out the targets it is
    /// tagged with and those already confirmed or rejected. Anyone who may read the
    /// agreement may see them.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn agreement_sdg_suggestions(
        &self,
        ctx: &Ctx,
        id: &str,
        limit: Option<i64>,
    ) -> AppResult<Vec<SdgSuggestion>> {
        let limit = parse_limit(limit)?;
        let agreement = self.get_agreement(ctx, id).await?;
        let (decisions, activities) = {
            let mut tx = self.store.read().await?;
            let decisions = tx.agreements().sdg_decisions(agreement.id).await?;
            let activities = tx.cases().activities(agreement.id).await?;
            (decisions, activities)
        };
        let mut excluded = tagged_targets(&agreement.sdgs);
        excluded.extend(decisions.into_iter().map(|d| d.target));
        let mut parts = vec![
            TextPart::new(
                TextRole::Title,
                Some(TextLanguage::Indonesian),
                agreement.title_id.as_str(),
            ),
            TextPart::new(
                TextRole::Title,
                Some(TextLanguage::English),
                agreement.title_en.clone().unwrap_or_default(),
            ),
            TextPart::new(
                TextRole::Body,
                Some(TextLanguage::Indonesian),
                agreement.description_id.clone().unwrap_or_default(),
            ),
            TextPart::new(
                TextRole::Body,
                Some(TextLanguage::English),
                agreement.description_en.clone().unwrap_or_default(),
            ),
            TextPart::new(TextRole::Body, None, agreement.other_object.clone().unwrap_or_default()),
        ];
        parts.extend(
            activities
                .into_iter()
                .map(|a| TextPart::new(TextRole::Body, None, a.title)),
        );
        let fields: Vec<String> = agreement.fields.iter().map(|f| f.as_str().to_owned()).collect();
        self.field_parts(&agreement.objects, &fields, &mut parts);
        self.suggest_for_parts(&parts, limit, &excluded)
    }

    /// Whether the actor may change this agreement (and so decide on its suggestions).
    pub fn can_edit_agreement(&self, ctx: &Ctx, agreement: &Agreement) -> bool {
        require(ctx, Action::RegistryWrite).is_ok_and(|grant| {
            grant
                .registry_visibility()
                .shows(agreement.status, agreement.region_codes())
                && grant.covers_agreement(agreement)
        })
    }

    /// Confirms a suggested target (adds it to the agreement's SDG tags, audited as a change
    /// of the agreement) or rejects it (it is not suggested again). Needs the right to
    /// change the agreement.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn decide_sdg_suggestion(
        &self,
        ctx: &Ctx,
        id: &str,
        target: &str,
        decision: SdgDecisionKind,
    ) -> AppResult<SdgDecisionResult> {
        let grant = require(ctx, Action::RegistryWrite)?;
        let agreement_id: AgreementId = id.parse().map_err(|_| AppError::NotFound(format!("agreement {id}")))?;
        let target = parse_target(target, &self.reference().sdg_codes)?;
        let mut tx = self.store.write().await?;
        let current = tx
            .agreements()
            .get(agreement_id)
            .await?
            .filter(|a| grant.registry_visibility().shows(a.status, a.region_codes()))
            .ok_or_else(|| AppError::NotFound(format!("agreement {id}")))?;
        grant.check(grant.covers_agreement(&current), "this agreement")?;
        let tagged = tagged_targets(&current.sdgs).contains(target.as_str());
        let (agreement, changed) = match decision {
            SdgDecisionKind::Confirmed if tagged => (current, false),
            SdgDecisionKind::Confirmed => {
                let mut sdgs: Vec<String> = current.sdgs.iter().map(|s| s.as_str().to_owned()).collect();
                sdgs.push(target.as_str().to_owned());
                let patch = serde_json::json!({ "sdgs": sdgs });
                let updated = self
                    .patch_agreement_in(ctx, &grant, tx.as_mut(), agreement_id, &patch, None)
                    .await?;
                (updated, true)
            }
            SdgDecisionKind::Rejected if tagged => {
                return Err(AppError::Conflict(format!(
                    "the agreement is tagged with {target}; remove the tag by changing the agreement"
                )));
            }
            SdgDecisionKind::Rejected => (current, false),
        };
        let record = SdgDecision {
            agreement_id,
            target: target.as_str().to_owned(),
            decision,
            decided_by: ctx.actor.label(),
            decided_at: ctx.now,
        };
        tx.agreements().record_sdg_decision(&record).await?;
        let action = match decision {
            SdgDecisionKind::Confirmed => codes::SDG_SUGGESTION_CONFIRMED,
            SdgDecisionKind::Rejected => codes::SDG_SUGGESTION_REJECTED,
        };
        tx.audit()
            .append(
                &audit::event(ctx, action, "agreement", agreement_id)
                    .region(agreement.region_codes().next())
                    .after(serde_json::json!({"target": record.target, "tag_added": changed})),
            )
            .await?;
        tx.commit().await?;
        if changed {
            self.wake_search();
        }
        tracing::info!(agreement = %agreement_id, target = %record.target, decision = decision.as_str(), actor = %ctx.actor.label(), "SDG suggestion decided");
        Ok(SdgDecisionResult {
            decision: record,
            sdgs: agreement.sdgs,
            version: agreement.version,
        })
    }

    /// Objects and fields of cooperation as weak evidence (their Indonesian names).
    fn field_parts(&self, objects: &[LegalObject], fields: &[String], parts: &mut Vec<TextPart>) {
        let reference = self.reference();
        for o in objects {
            if let Some(words) = object_words(*o) {
                parts.push(TextPart::new(TextRole::Field, Some(TextLanguage::Indonesian), words));
            }
        }
        for f in fields {
            if let Some(u) = reference.urusan.get(f.as_str()) {
                parts.push(TextPart::new(
                    TextRole::Field,
                    Some(TextLanguage::Indonesian),
                    u.name_id.as_str(),
                ));
            }
        }
    }

    fn suggest_for_parts(
        &self,
        parts: &[TextPart],
        limit: usize,
        excluded: &BTreeSet<String>,
    ) -> AppResult<Vec<SdgSuggestion>> {
        let suggester = self.sdg_suggester()?;
        let catalog = self.reference().sdg_catalog.clone();
        Ok(suggester.suggest(&catalog, parts, limit, excluded))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_and_targets_are_parsed_at_the_edge() {
        assert_eq!(parse_limit(None).unwrap(), DEFAULT_LIMIT);
        assert_eq!(parse_limit(Some(3)).unwrap(), 3);
        assert!(parse_limit(Some(0)).is_err() && parse_limit(Some(21)).is_err());
        let known: BTreeSet<String> = ["11", "11.6", "11.6.1"].iter().map(|s| s.to_string()).collect();
        assert_eq!(parse_target("11.6", &known).unwrap().as_str(), "11.6");
        for bad in ["11", "11.6.1", "11.9", "x"] {
            assert!(matches!(parse_target(bad, &known), Err(AppError::NotFound(_))), "{bad}");
        }
        let tags: Vec<SdgCode> = ["4", "4.1.1", "11.6"].iter().map(|s| s.parse().unwrap()).collect();
        assert_eq!(
            tagged_targets(&tags),
            BTreeSet::from(["4.1".to_owned(), "11.6".to_owned()])
        );
    }
}
