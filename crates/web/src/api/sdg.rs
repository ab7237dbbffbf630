//! SDG target suggestions: from free text, for a registered agreement, and the decision a
//! person takes on a suggested target.

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{ApiJson, ApiQuery};
use crate::policy::Access::Requires;
use axum::Json;
use axum::extract::{Path, State};
use jalin_app::ports::sdg::SdgSuggestion;
use jalin_app::ports::store::SdgDecisionKind;
use jalin_app::registry::Registry;
use jalin_app::registry::{SdgDecisionResult, SuggestInput};
use jalin_domain::authz::Action;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;
use utoipa::{IntoParams, ToSchema};

/// Suggested targets, best first.
#[derive(Debug, Serialize, ToSchema)]
pub struct SuggestionList {
    pub items: Vec<SdgSuggestion>,
}

/// Suggests SDG targets for a text (Indonesian or English), ranked, with the words that
/// triggered each. Suggestions are for a person to confirm or reject.
#[utoipa::path(post, path = "/api/v1/sdg/suggest", extensions(("x-access" = json!(Requires(Action::ReferenceRead)))), tag = "reference", request_body = SuggestInput,
    responses((status = 200, body = SuggestionList), (status = 422, body = ErrorBody)))]
pub async fn suggest(
    State(registry): State<Arc<Registry>>,
    caller: Caller,
    ApiJson(input): ApiJson<SuggestInput>,
) -> ApiResult<Json<SuggestionList>> {
    Ok(Json(SuggestionList {
        items: registry.suggest_sdg_targets(&caller.ctx, &input)?,
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SuggestionParams {
    /// How many (default 5); outside 1–20 a 422 with code `out_of_range`.
    #[param(minimum = 1, maximum = 20)]
    pub limit: Option<i64>,
}

/// SDG targets suggested for an agreement from its titles, descriptions, objects, fields
/// and activities; targets it is tagged with, and those already confirmed or rejected, are
/// left out.
#[utoipa::path(get, path = "/api/v1/agreements/{id}/sdg-suggestions", extensions(("x-access" = json!(Requires(Action::RegistryRead)))), tag = "agreements",
    params(("id" = String, Path, description = "Agreement id (UUID)"), SuggestionParams),
    responses((status = 200, body = SuggestionList), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn agreement_suggestions(
    State(registry): State<Arc<Registry>>,
    caller: Caller,
    Path(id): Path<String>,
    ApiQuery(p): ApiQuery<SuggestionParams>,
) -> ApiResult<Json<SuggestionList>> {
    Ok(Json(SuggestionList {
        items: registry.agreement_sdg_suggestions(&caller.ctx, &id, p.limit).await?,
    }))
}

/// A decision on a suggested target.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionInput {
    /// `confirmed` (add the target to the agreement's SDG tags) or `rejected` (do not
    /// suggest it again for this agreement).
    pub decision: Option<String>,
}

/// Confirms or rejects a suggested SDG target of an agreement. Confirming adds the target
/// to the agreement's tags (a change of the agreement, audited); rejecting keeps it from
/// being suggested again. Deciding again replaces the earlier decision. Needs the right to
/// change the agreement; a tagged target cannot be rejected (409).
#[utoipa::path(put, path = "/api/v1/agreements/{id}/sdg-decisions/{target}", extensions(("x-access" = json!(Requires(Action::RegistryWrite)))), tag = "agreements",
    params(("id" = String, Path, description = "Agreement id (UUID)"),
           ("target" = String, Path, description = "SDG target code (`11.6`)")),
    request_body = DecisionInput,
    responses((status = 200, body = SdgDecisionResult), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn decide(
    State(registry): State<Arc<Registry>>,
    caller: Caller,
    Path((id, target)): Path<(String, String)>,
    ApiJson(input): ApiJson<DecisionInput>,
) -> ApiResult<Json<SdgDecisionResult>> {
    let decision = input
        .decision
        .as_deref()
        .map(str::trim)
        .and_then(SdgDecisionKind::parse)
        .ok_or_else(|| {
            ApiError::validation(BTreeMap::from([(
                "decision".to_owned(),
                "send \"confirmed\" or \"rejected\"".to_owned(),
            )]))
        })?;
    Ok(Json(
        registry
            .decide_sdg_suggestion(&caller.ctx, &id, &target, decision)
            .await?,
    ))
}
