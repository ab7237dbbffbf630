//! The two-sided evaluation, the partner guests invited to it, and the revival prompts taken
//! for dormant agreements.

use super::StoreResult;
use async_trait::async_trait;
use jalin_domain::ids::{AgreementId, EvaluationRoundId, UserId};
use jalin_domain::monitoring::evaluation::{EvaluationRound, FiledSide};
use jalin_domain::monitoring::health::RevivalKind;
use time::OffsetDateTime;

/// A revival prompt an officer took for a dormant agreement.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevivalAction {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub id: uuid::Uuid,
    pub agreement_id: AgreementId,
    pub kind: RevivalKind,
    pub note: Option<String>,
    pub taken_by: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub taken_at: OffsetDateTime,
}

#[async_trait]
pub trait EvaluationRepo: Send {
    /// Stores a new round without sides; a second round of the same agreement and year is a
    /// conflict.
    async fn insert_round(&mut self, round: &EvaluationRound) -> StoreResult<()>;
    /// One round with its filed sides.
    async fn round(&mut self, id: EvaluationRoundId) -> StoreResult<Option<EvaluationRound>>;
    /// The rounds of an agreement, newest year first.
    async fn rounds(&mut self, agreement: AgreementId) -> StoreResult<Vec<EvaluationRound>>;
    /// Files (or files again) one side of a round.
    async fn file_side(&mut self, round: EvaluationRoundId, side: &FiledSide) -> StoreResult<()>;
    /// How many rounds of each agreement for a year before `year` are not complete.
    async fn incomplete_rounds(
        &mut self,
        agreements: &[AgreementId],
        before_year: i32,
    ) -> StoreResult<Vec<(AgreementId, u32)>>;
    /// Invites a partner guest to evaluate an agreement (again: nothing changes).
    async fn invite_guest(
        &mut self,
        agreement: AgreementId,
        user: UserId,
        by: &str,
        at: OffsetDateTime,
    ) -> StoreResult<bool>;
    /// Whether the guest was invited to evaluate the agreement.
    async fn is_guest(&mut self, agreement: AgreementId, user: UserId) -> StoreResult<bool>;
    /// The agreements a guest was invited to evaluate.
    async fn guest_agreements(&mut self, user: UserId) -> StoreResult<Vec<AgreementId>>;
    /// The e-mail addresses of the guests invited to evaluate an agreement.
    async fn guests(&mut self, agreement: AgreementId) -> StoreResult<Vec<String>>;
    async fn insert_revival(&mut self, action: &RevivalAction) -> StoreResult<()>;
    /// The revival prompts taken for these agreements, newest first.
    async fn revivals(&mut self, agreements: &[AgreementId]) -> StoreResult<Vec<RevivalAction>>;
}
