//! Foreign partners invited to evaluate a named agreement: a region's officer invites the
//! partner's contact by e-mail; a new partner-guest account is made for an unknown address
//! and mailed a link to set its password. The invitation reaches that agreement only.

use super::passwords::{random_secret, secret_hash};
use super::{Accounts, audit};
use crate::audit::NewAuditEventExt;
use crate::authz::require;
use crate::ctx::Ctx;
use crate::ports::mailer::Mail;
use crate::{AppError, AppResult};
use jalin_domain::account::User;
use jalin_domain::audit::codes;
use jalin_domain::authz::{Action, Scope};
use jalin_domain::ids::{AgreementId, UserId};
use jalin_domain::role::Role;
use time::Duration;

/// How long the link that sets a new guest's password is valid.
pub const GUEST_LINK_DAYS: i64 = 14;

impl Accounts {
    /// Invites the foreign partner's contact (`email`) to evaluate an agreement of the
    /// actor's region. Returns whether a new account was made.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn invite_evaluation_guest(
        &self,
        ctx: &Ctx,
        agreement_id: &str,
        email: &str,
        name: Option<&str>,
        link_base: &str,
    ) -> AppResult<bool> {
        let grant = require(ctx, Action::EvaluationFill)?;
        if grant.scope() == Scope::Invited {
            return Err(AppError::Forbidden(
                "evaluation.fill: guests do not invite guests".to_owned(),
            ));
        }
        let email = email.trim().to_owned();
        if !email.contains('@') || email.len() > 254 || email.contains(char::is_whitespace) {
            return Err(AppError::invalid("email", "invalid_format", "an e-mail address"));
        }
        let not_found = || AppError::NotFound(format!("agreement {agreement_id}"));
        let id: AgreementId = agreement_id.parse().map_err(|_| not_found())?;
        let mut tx = self.store.write().await?;
        let agreement = tx
            .agreements()
            .get(id)
            .await?
            .filter(|a| grant.registry_visibility().shows(a.status, a.region_codes()))
            .ok_or_else(not_found)?;
        grant.check(grant.covers_agreement(&agreement), "this agreement")?;
        let existing = tx.accounts().user_by_email(&User::email_key(&email)).await?;
        let (user, created) = match existing {
            Some((u, _)) if u.role != Role::PartnerGuest => {
                return Err(AppError::invalid(
                    "email",
                    "invalid_choice",
                    "this address belongs to an account that is not a foreign-partner guest",
                ));
            }
            Some((u, _)) => (u, false),
            None => {
                let user = User {
                    id: UserId::new(),
                    email: email.clone(),
                    name: jalin_domain::text::non_empty(name).unwrap_or_else(|| email.clone()),
                    role: Role::PartnerGuest,
                    region_code: None,
                    active: true,
                    created_at: ctx.now,
                    updated_at: ctx.now,
                    version: 1,
                };
                tx.accounts().insert_user(&user, None).await?;
                tx.audit()
                    .append(&audit(
                        ctx,
                        codes::USER_CREATED,
                        "user",
                        user.id.to_string(),
                        serde_json::to_value(&user).ok(),
                    ))
                    .await?;
                (user, true)
            }
        };
        tx.evaluations()
            .invite_guest(agreement.id, user.id, &ctx.actor.label(), ctx.now)
            .await?;
        let secret = random_secret()?;
        if created {
            tx.accounts()
                .insert_reset(
                    &secret_hash(&secret),
                    user.id,
                    ctx.now,
                    ctx.now + Duration::days(GUEST_LINK_DAYS),
                )
                .await?;
        }
        tx.audit()
            .append(
                &crate::audit::event(ctx, codes::EVALUATION_GUEST_INVITED, "agreement", agreement.id)
                    .region(agreement.region_codes().next())
                    .after(
                        serde_json::json!({"guest": user.id.to_string(), "email": user.email, "new_account": created}),
                    ),
            )
            .await?;
        tx.commit().await?;
        let title = agreement.title_en.as_deref().unwrap_or(&agreement.title_id);
        let password = if created {
            format!(
                "First set your password (link valid {GUEST_LINK_DAYS} days) / Atur kata sandi Anda terlebih dahulu:\n{link_base}/reset-password?token={secret}\n\n"
            )
        } else {
            String::new()
        };
        let mail = Mail {
            to: user.email.clone(),
            subject: "Jalin: please evaluate our cooperation / evaluasi kerja sama".to_owned(),
            body: format!(
                "You are invited to evaluate the cooperation \"{title}\" with its Indonesian partner region.\n\n{password}Then sign in and open / Lalu masuk dan buka:\n{link_base}/evaluasi\n"
            ),
            ..Default::default()
        };
        self.send_logged(user.id, mail, "evaluation_invitation")
            .await
            .map_err(AppError::Internal)?;
        Ok(created)
    }
}
