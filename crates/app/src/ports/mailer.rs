use async_trait::async_trait;
use parking_lot::Mutex;

/// An e-mail message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    /// The plain-text part (always sent).
    pub body: String,
    /// An HTML alternative of the same text, when there is one.
    pub html: Option<String>,
    /// A one-click unsubscribe address (RFC 8058), sent as `List-Unsubscribe`.
    pub list_unsubscribe: Option<String>,
}

/// Sends e-mail (password resets, notifications).
#[async_trait]
pub trait Mailer: Send + Sync {
    async fn send(&self, mail: Mail) -> anyhow::Result<()>;
}

/// Keeps messages in memory (tests, and installations that send no mail).
#[derive(Default)]
pub struct MemoryMailer {
    pub sent: Mutex<Vec<Mail>>,
}

#[async_trait]
impl Mailer for MemoryMailer {
    async fn send(&self, mail: Mail) -> anyhow::Result<()> {
        self.sent.lock().push(mail);
        Ok(())
    }
}
