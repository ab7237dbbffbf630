use async_trait::async_trait;
use std::sync::Mutex;

/// An e-mail message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// Sends e-mail (password resets, notifications).
#[async_trait]
pub trait Mailer: Send + Sync {
    async fn send(&self, mail: Mail) -> anyhow::Result<()>;
}

/// Writes each message as a file into a directory (an outbox an operator or a relay reads).
pub struct OutboxMailer {
    pub dir: std::path::PathBuf,
}

#[async_trait]
impl Mailer for OutboxMailer {
    async fn send(&self, mail: Mail) -> anyhow::Result<()> {
        tokio::fs::create_dir_all(&self.dir).await?;
        let name = format!("{}.eml", uuid::Uuid::now_v7());
        let text = format!("To: {}\r\nSubject: {}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{}\r\n", mail.to, mail.subject, mail.body);
        tokio::fs::write(self.dir.join(name), text).await?;
        Ok(())
    }
}

/// Keeps messages in memory (tests).
#[derive(Default)]
pub struct MemoryMailer {
    pub sent: Mutex<Vec<Mail>>,
}

#[async_trait]
impl Mailer for MemoryMailer {
    async fn send(&self, mail: Mail) -> anyhow::Result<()> {
        match self.sent.lock() {
            Ok(mut v) => v.push(mail),
            Err(p) => p.into_inner().push(mail),
        }
        Ok(())
    }
}
