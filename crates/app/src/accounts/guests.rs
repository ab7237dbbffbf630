//! Foreign-partner guests, who see only the cases they are invited to.

use super::{Accounts, audit};
use crate::authz::require;
use crate::ctx::Ctx;
use crate::{AppError, AppResult};
use jalin_domain::audit::codes;
use jalin_domain::authz::Action;
use jalin_domain::role::Role;

impl Accounts {
    /// Invites a foreign-partner guest to a case.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn invite_guest(&self, ctx: &Ctx, email: &str, case: &str) -> AppResult<()> {
        require(ctx, Action::UserManage)?;
        let user = self.user_by_ref(email).await?;
        if user.role != Role::PartnerGuest {
            return Err(AppError::invalid(
                "email",
                "invalid_choice",
                "only foreign-partner guests are invited to cases",
            ));
        }
        let case: jalin_domain::ids::CaseId = case.parse().map_err(|_| AppError::NotFound(format!("case {case}")))?;
        let mut tx = self.store.write().await?;
        if tx.cases().get(case).await?.is_none() {
            return Err(AppError::NotFound(format!("case {case}")));
        }
        tx.accounts().invite(user.id, case).await?;
        tx.audit()
            .append(&audit(
                ctx,
                codes::USER_GRANTED,
                "user",
                user.id.to_string(),
                Some(serde_json::json!({"invited_to_case": case.to_string()})),
            ))
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
