//! Outgoing e-mail as files: each message becomes an `.eml` file in the outbox directory,
//! from which a mail relay (or an operator) sends it. Jalin itself needs no network.

use async_trait::async_trait;
use jalin_app::ports::mailer::{Mail, Mailer};

pub struct OutboxMailer {
    pub dir: std::path::PathBuf,
}

/// Header values may not break the header block.
fn header_safe(value: &str) -> String {
    value.chars().filter(|c| *c != '\r' && *c != '\n').collect()
}

#[async_trait]
impl Mailer for OutboxMailer {
    async fn send(&self, mail: Mail) -> anyhow::Result<()> {
        tokio::fs::create_dir_all(&self.dir).await?;
        let name = format!("{}.eml", uuid::Uuid::now_v7());
        let text = format!(
            "To: {}\r\nSubject: {}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{}\r\n",
            header_safe(&mail.to),
            header_safe(&mail.subject),
            mail.body
        );
        // Written under a temporary name and renamed, so a relay never reads half a message.
        let tmp = self.dir.join(format!(".{name}.tmp"));
        tokio::fs::write(&tmp, text).await?;
        tokio::fs::rename(&tmp, self.dir.join(name)).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn messages_land_in_the_outbox_without_header_injection() {
        let dir = tempfile::tempdir().unwrap();
        let mailer = OutboxMailer {
            dir: dir.path().join("out"),
        };
        mailer
            .send(Mail {
                to: "a@b.go.id\r\nBcc: x@y".into(),
                subject: "Hi".into(),
                body: "text".into(),
            })
            .await
            .unwrap();
        let files: Vec<_> = std::fs::read_dir(dir.path().join("out")).unwrap().collect();
        assert_eq!(files.len(), 1);
        let text = std::fs::read_to_string(files[0].as_ref().unwrap().path()).unwrap();
        assert!(text.starts_with("To: a@b.go.idBcc: x@y\r\nSubject: Hi\r\n"));
    }
}
