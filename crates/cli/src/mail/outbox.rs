//! The file outbox (the default transport): each message becomes an `.eml` file in the
//! outbox directory, from which a mail relay (or an operator) sends it, so Jalin itself
//! needs no network. Written by lettre's file transport.

use super::message::Composer;
use anyhow::Context;
use async_trait::async_trait;
use jalin_app::ports::mailer::{Mail, Mailer};
use lettre::{FileTransport, Message, Transport};
use std::path::PathBuf;

/// Where half-written messages wait, inside the outbox (a relay reads only `*.eml` files
/// directly in the outbox).
const STAGING: &str = ".staging";

pub struct OutboxMailer {
    dir: PathBuf,
    composer: Composer,
}

impl OutboxMailer {
    /// The mailer of the `[mail]` settings; fails on a sender that is not a mail address.
    pub fn new(settings: &crate::settings::Mail) -> anyhow::Result<Self> {
        Ok(Self {
            dir: settings.outbox.clone(),
            composer: Composer::new(settings)?,
        })
    }
}

#[async_trait]
impl Mailer for OutboxMailer {
    async fn send(&self, mail: Mail) -> anyhow::Result<()> {
        let message = self.composer.message(mail)?;
        let dir = self.dir.clone();
        tokio::task::spawn_blocking(move || write_to_outbox(&dir, &message))
            .await
            .context("the outbox writer")??;
        Ok(())
    }
}

/// Written into the staging directory and renamed, so a relay never reads half a message.
fn write_to_outbox(dir: &std::path::Path, message: &Message) -> anyhow::Result<()> {
    let staging = dir.join(STAGING);
    std::fs::create_dir_all(&staging).with_context(|| format!("cannot create {}", staging.display()))?;
    let id = FileTransport::new(&staging)
        .send(message)
        .with_context(|| format!("cannot write a message into {}", staging.display()))?;
    let name = format!("{id}.eml");
    std::fs::rename(staging.join(&name), dir.join(&name))
        .with_context(|| format!("cannot move {name} into the outbox"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mailer(dir: &std::path::Path) -> OutboxMailer {
        OutboxMailer::new(&crate::settings::Mail {
            outbox: dir.join("out"),
            ..Default::default()
        })
        .unwrap()
    }

    fn outbox(dir: &std::path::Path) -> Vec<PathBuf> {
        std::fs::read_dir(dir.join("out"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "eml"))
            .collect()
    }

    #[tokio::test]
    async fn a_message_has_sender_date_id_and_an_encoded_indonesian_subject() {
        let dir = tempfile::tempdir().unwrap();
        let subject = "Atur ulang kata sandi — “Jalin” • Kab. Kutai Kartanegara";
        mailer(dir.path())
            .send(Mail {
                to: "petugas@kukarkab.go.id".into(),
                subject: subject.into(),
                body: "Buka tautan ini dalam 1 jam: https://jalin.example.go.id/reset/abc".into(),
                ..Default::default()
            })
            .await
            .unwrap();
        let files = outbox(dir.path());
        assert_eq!(files.len(), 1);
        let raw = std::fs::read(&files[0]).unwrap();
        let head = String::from_utf8_lossy(&raw);
        assert!(
            head.is_ascii(),
            "headers are 7-bit, the subject an encoded word:\n{head}"
        );
        assert!(head.contains("Subject: Atur ulang kata sandi =?utf-8?"), "{head}");
        let parsed = mail_parser::MessageParser::default().parse(&raw).unwrap();
        assert_eq!(parsed.subject(), Some(subject));
        let from = parsed.from().and_then(|a| a.first()).unwrap();
        assert_eq!(from.name(), Some("Jalin"));
        assert_eq!(from.address(), Some("noreply@localhost"));
        let to = parsed.to().and_then(|a| a.first()).unwrap();
        assert_eq!(to.address(), Some("petugas@kukarkab.go.id"));
        assert!(parsed.date().is_some(), "{head}");
        assert!(
            parsed.message_id().is_some_and(|id| id.ends_with("@localhost")),
            "{head}"
        );
        assert_eq!(
            parsed.body_text(0).as_deref().map(str::trim_end),
            Some("Buka tautan ini dalam 1 jam: https://jalin.example.go.id/reset/abc")
        );
        assert!(
            std::fs::read_dir(dir.path().join("out").join(STAGING))
                .unwrap()
                .next()
                .is_none()
        );
    }

    #[tokio::test]
    async fn header_injection_is_refused_and_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let mailer = mailer(dir.path());
        let sent = mailer
            .send(Mail {
                to: "a@b.go.id\r\nBcc: x@y".into(),
                subject: "Hi".into(),
                body: "text".into(),
                ..Default::default()
            })
            .await;
        assert!(sent.is_err());
        assert!(!dir.path().join("out").exists());
        // A line break in a subject stays inside the subject.
        mailer
            .send(Mail {
                to: "a@b.go.id".into(),
                subject: "Hi\r\nBcc: x@y".into(),
                body: "text".into(),
                ..Default::default()
            })
            .await
            .unwrap();
        let text = std::fs::read_to_string(&outbox(dir.path())[0]).unwrap();
        assert!(text.contains("Subject: HiBcc: x@y\r\n"), "{text}");
        assert!(!text.contains("\r\nBcc:"), "{text}");
    }

    #[test]
    fn a_sender_that_is_no_address_is_a_configuration_error() {
        let settings = crate::settings::Mail {
            from: "Jalin".into(),
            ..Default::default()
        };
        let err = OutboxMailer::new(&settings).err().unwrap();
        assert!(err.to_string().contains("[mail] from"), "{err}");
    }
}
