//! Mail sent straight to an SMTP server with lettre's tokio transport (rustls with ring for
//! TLS). One connection per message: Jalin sends little mail, and a pool would hold
//! connections the server may close at any time.

use super::message::Composer;
use crate::settings::{self, SmtpSecurity};
use anyhow::{Context, bail};
use async_trait::async_trait;
use jalin_app::ports::mailer::{Mail, Mailer};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use std::net::IpAddr;
use std::path::Path;
use std::time::Duration;

/// The environment variable read for the SMTP password when `[mail] password_file` is unset.
pub const PASSWORD_ENV: &str = "JALIN_SMTP_PASSWORD";

/// A password, never shown: its Debug output is a placeholder.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    pub fn new(secret: String) -> Self {
        Self(secret)
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

/// Sends each message over its own SMTP connection.
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    composer: Composer,
    server: String,
    security: SmtpSecurity,
    user: Option<String>,
}

impl std::fmt::Debug for SmtpMailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpMailer")
            .field("server", &self.server)
            .field("security", &self.security)
            .field("user", &self.user)
            .finish_non_exhaustive()
    }
}

impl SmtpMailer {
    /// The mailer of the `[mail]` settings, with the password from `password_file` or
    /// else `JALIN_SMTP_PASSWORD`.
    pub fn new(settings: &settings::Mail) -> anyhow::Result<Self> {
        let env = std::env::var(PASSWORD_ENV).ok().map(Password::new);
        Self::with_password_from_env(settings, env)
    }

    /// [`SmtpMailer::new`] with the environment's password given (tests).
    pub fn with_password_from_env(settings: &settings::Mail, env: Option<Password>) -> anyhow::Result<Self> {
        let composer = Composer::new(settings)?;
        let host = settings
            .host
            .as_deref()
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .context("[mail] host is required when transport = \"smtp\"")?;
        if host.contains(char::is_whitespace) {
            bail!("[mail] host is not a host name: {host:?}");
        }
        if settings.security == SmtpSecurity::None && !is_loopback(host) {
            bail!(
                "[mail] security = \"none\" sends mail and password unencrypted, so it is only allowed \
                 for a relay on this machine (localhost or a loopback address), not {host:?}; \
                 use \"starttls\" or \"tls\""
            );
        }
        if settings.timeout_seconds == 0 {
            bail!("[mail] timeout_seconds must be at least 1");
        }
        let port = settings.port.unwrap_or_else(|| settings.security.default_port());
        let tls = match settings.security {
            SmtpSecurity::None => Tls::None,
            SmtpSecurity::Starttls => Tls::Required(tls_parameters(host)?),
            SmtpSecurity::Tls => Tls::Wrapper(tls_parameters(host)?),
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
            .port(port)
            .tls(tls)
            .timeout(Some(Duration::from_secs(settings.timeout_seconds)));
        let user = settings.user.as_deref().map(str::trim).filter(|u| !u.is_empty());
        if let Some(user) = user {
            let Password(password) = password(settings, env)?;
            builder = builder.credentials(Credentials::new(user.to_owned(), password));
        } else if settings.password_file.is_some() {
            bail!("[mail] password_file is set but [mail] user is not");
        }
        Ok(Self {
            transport: builder.build(),
            composer,
            server: format!("{host}:{port}"),
            security: settings.security,
            user: user.map(str::to_owned),
        })
    }
}

fn tls_parameters(host: &str) -> anyhow::Result<TlsParameters> {
    TlsParameters::new(host.to_owned()).with_context(|| format!("[mail] host {host:?} cannot be used for TLS"))
}

/// Whether `host` names this machine: `localhost` or a loopback address.
fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.eq_ignore_ascii_case("localhost") || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The SMTP password: the first line of `password_file`, else the environment's.
fn password(settings: &settings::Mail, env: Option<Password>) -> anyhow::Result<Password> {
    let Some(path) = &settings.password_file else {
        return env.with_context(|| {
            format!("[mail] user is set but there is no password: set [mail] password_file or the environment variable {PASSWORD_ENV}")
        });
    };
    read_password_file(path)
}

fn read_password_file(path: &Path) -> anyhow::Result<Password> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("[mail] password_file {}: cannot read it", path.display()))?;
    let line = text.lines().next().unwrap_or_default();
    if line.is_empty() {
        bail!("[mail] password_file {}: its first line is empty", path.display());
    }
    Ok(Password(line.to_owned()))
}

#[async_trait]
impl Mailer for SmtpMailer {
    async fn send(&self, mail: Mail) -> anyhow::Result<()> {
        let message = self.composer.message(mail)?;
        self.transport
            .send(message)
            .await
            .with_context(|| format!("the SMTP server {} did not take the message", self.server))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::MailTransport;

    fn smtp(host: &str, security: SmtpSecurity) -> settings::Mail {
        settings::Mail {
            transport: MailTransport::Smtp,
            host: Some(host.into()),
            security,
            ..Default::default()
        }
    }

    fn error(settings: &settings::Mail, env: Option<&str>) -> String {
        let env = env.map(|p| Password::new(p.into()));
        format!("{:#}", SmtpMailer::with_password_from_env(settings, env).err().unwrap())
    }

    #[test]
    fn unencrypted_smtp_is_only_allowed_to_this_machine() {
        for host in ["localhost", "127.0.0.1", "::1", "[::1]", "127.0.0.2"] {
            assert!(
                SmtpMailer::with_password_from_env(&smtp(host, SmtpSecurity::None), None).is_ok(),
                "{host}"
            );
        }
        for host in ["smtp.example.go.id", "10.0.0.5", "localhost.example.org"] {
            let err = error(&smtp(host, SmtpSecurity::None), None);
            assert!(err.contains("[mail] security"), "{err}");
        }
    }

    #[test]
    fn a_missing_host_or_password_names_the_setting() {
        let mut s = smtp("", SmtpSecurity::Starttls);
        assert!(error(&s, None).contains("[mail] host"));
        s.host = Some("smtp.example.go.id".into());
        s.user = Some("jalin".into());
        let err = error(&s, None);
        assert!(
            err.contains("[mail] password_file") && err.contains(PASSWORD_ENV),
            "{err}"
        );
        assert!(SmtpMailer::with_password_from_env(&s, Some(Password::new("pw".into()))).is_ok());
        s.user = None;
        s.password_file = Some("/nonexistent".into());
        assert!(error(&s, None).contains("[mail] user"));
        s.timeout_seconds = 0;
        s.password_file = None;
        assert!(error(&s, None).contains("[mail] timeout_seconds"));
    }

    #[test]
    fn the_password_file_wins_and_is_never_shown() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pw");
        std::fs::write(&file, "rahasia-dari-berkas\n").unwrap();
        let mut s = smtp("smtp.example.go.id", SmtpSecurity::Tls);
        s.user = Some("jalin".into());
        s.password_file = Some(file.clone());
        let env = Some(Password::new("rahasia-dari-env".into()));
        assert_eq!(password(&s, env).unwrap(), Password::new("rahasia-dari-berkas".into()));
        let mailer = SmtpMailer::with_password_from_env(&s, None).unwrap();
        let shown = format!("{mailer:?} {:?} {s:?}", Password::new("rahasia".into()));
        assert!(!shown.contains("rahasia"), "{shown}");
        assert!(shown.contains("smtp.example.go.id:465"), "{shown}");
        std::fs::write(&file, "\n").unwrap();
        assert!(error(&s, None).contains("first line is empty"));
    }
}
