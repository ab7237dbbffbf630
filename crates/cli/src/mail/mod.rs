//! Outgoing e-mail (ADR 0015): messages built once ([`message`]) and sent by the transport
//! `[mail] transport` names — the file outbox (default) or an SMTP server.

pub mod message;
mod outbox;
mod smtp;

pub use outbox::OutboxMailer;
pub use smtp::{PASSWORD_ENV, Password, SmtpMailer};

use crate::settings::{self, MailTransport};
use jalin_app::ports::mailer::Mailer;
use std::sync::Arc;

/// The mailer the `[mail]` settings describe; fails at start, naming the setting, when
/// they are incomplete or unsafe.
pub fn from_settings(settings: &settings::Mail) -> anyhow::Result<Arc<dyn Mailer>> {
    Ok(match settings.transport {
        MailTransport::Outbox => Arc::new(OutboxMailer::new(settings)?),
        MailTransport::Smtp => Arc::new(SmtpMailer::new(settings)?),
    })
}
