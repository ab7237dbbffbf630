//! Account mail (password resets, invitations, sign-in warnings) leaves at once, as the
//! person waits for it, and is written to the delivery log beside notice mail, so that an
//! administrator sees a reset or an invitation that did not leave.

use super::Accounts;
use crate::ports::mailer::Mail;
use crate::ports::store::MailDelivery;
use jalin_domain::ids::UserId;

impl Accounts {
    /// Sends `mail` to `user` and logs the attempt as `what`; the send's outcome.
    pub(super) async fn send_logged(&self, user: UserId, mail: Mail, what: &str) -> anyhow::Result<()> {
        let mut delivery = MailDelivery::attempt(user, &mail, what, self.clock.now());
        let outcome = self.mailer.send(mail).await;
        if let Err(e) = &outcome {
            delivery.failed(e);
        }
        if let Err(e) = self.log_delivery(&delivery).await {
            tracing::warn!(error = %e, what, "the mail delivery could not be logged");
        }
        outcome
    }

    async fn log_delivery(&self, delivery: &MailDelivery) -> crate::AppResult<()> {
        let mut tx = self.store.write().await?;
        tx.notice_mail().log_delivery(delivery).await?;
        tx.commit().await?;
        Ok(())
    }
}
