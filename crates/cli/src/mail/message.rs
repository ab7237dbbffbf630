//! The messages both transports send: sender with its name, recipient, Date, Message-ID,
//! an optional Reply-To, an RFC 2047 subject, text (and an HTML alternative), and the
//! one-click unsubscribe headers of RFC 8058.

use crate::settings;
use anyhow::{Context, bail};
use jalin_app::ports::mailer::Mail;
use lettre::Message;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};

/// Builds the messages of one configured sender.
#[derive(Debug, Clone)]
pub struct Composer {
    from: Mailbox,
    reply_to: Option<Mailbox>,
}

impl Composer {
    /// The composer of the `[mail]` settings; fails on a sender or reply address that is
    /// not a mail address, naming the setting.
    pub fn new(settings: &settings::Mail) -> anyhow::Result<Self> {
        let mut from: Mailbox = settings
            .from
            .parse()
            .with_context(|| format!("[mail] from is not a mail address: {:?}", settings.from))?;
        if let Some(name) = settings.from_name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            from.name = Some(header_safe(name));
        }
        let reply_to = match settings.reply_to.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
            Some(r) => Some(
                r.parse()
                    .with_context(|| format!("[mail] reply_to is not a mail address: {r:?}"))?,
            ),
            None => None,
        };
        Ok(Self { from, reply_to })
    }

    /// The sender's address (also the SMTP envelope sender).
    pub fn from(&self) -> &Mailbox {
        &self.from
    }

    /// The message of `mail`; fails on a recipient or unsubscribe address that could not
    /// be sent as it is.
    pub fn message(&self, mail: Mail) -> anyhow::Result<Message> {
        let to: Mailbox = mail
            .to
            .parse()
            .with_context(|| format!("not a mail address: {:?}", mail.to))?;
        let domain = self.from.email.domain().to_owned();
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(header_safe(&mail.subject))
            .date_now()
            .message_id(Some(format!("<{}@{domain}>", uuid::Uuid::now_v7())));
        if let Some(reply_to) = &self.reply_to {
            builder = builder.reply_to(reply_to.clone());
        }
        if let Some(url) = &mail.list_unsubscribe {
            check_unsubscribe_url(url)?;
            builder = builder
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe"),
                    format!("<{url}>"),
                ))
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                    "List-Unsubscribe=One-Click".to_owned(),
                ));
        }
        let built = match mail.html {
            Some(html) => builder.multipart(
                MultiPart::alternative()
                    .singlepart(SinglePart::plain(mail.body))
                    .singlepart(SinglePart::html(html)),
            ),
            None => builder.header(ContentType::TEXT_PLAIN).body(mail.body),
        };
        built.context("cannot build the message")
    }
}

/// Header values may not break the header block.
fn header_safe(value: &str) -> String {
    value.chars().filter(|c| *c != '\r' && *c != '\n').collect()
}

/// RFC 8058 wants an HTTPS address; plain HTTP is allowed too for installations without
/// TLS. Only visible ASCII, and no angle brackets, so the header cannot be broken out of.
fn check_unsubscribe_url(url: &str) -> anyhow::Result<()> {
    let visible = url.chars().all(|c| c.is_ascii_graphic() && c != '<' && c != '>');
    if !visible || !(url.starts_with("https://") || url.starts_with("http://")) {
        bail!("the unsubscribe address is not an http(s) URL of visible characters: {url:?}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn composer(settings: settings::Mail) -> Composer {
        Composer::new(&settings).unwrap()
    }

    fn raw(message: &Message) -> String {
        String::from_utf8(message.formatted()).unwrap()
    }

    #[test]
    fn html_makes_a_multipart_alternative_with_both_parts() {
        let message = composer(settings::Mail::default())
            .message(Mail {
                to: "a@kukarkab.go.id".into(),
                subject: "Laporan".into(),
                body: "Teks biasa".into(),
                html: Some("<p>Teks <b>tebal</b></p>".into()),
                ..Default::default()
            })
            .unwrap();
        let bytes = message.formatted();
        let parsed = mail_parser::MessageParser::default().parse(&bytes).unwrap();
        assert!(raw(&message).contains("multipart/alternative"), "{}", raw(&message));
        assert_eq!(parsed.body_text(0).as_deref().map(str::trim_end), Some("Teks biasa"));
        assert_eq!(
            parsed.body_html(0).as_deref().map(str::trim_end),
            Some("<p>Teks <b>tebal</b></p>")
        );
    }

    #[test]
    fn without_html_the_message_is_plain_utf8_text() {
        let message = composer(settings::Mail::default())
            .message(Mail {
                to: "a@kukarkab.go.id".into(),
                subject: "S".into(),
                body: "Tenggat — besok".into(),
                ..Default::default()
            })
            .unwrap();
        let text = raw(&message);
        assert!(text.contains("Content-Type: text/plain; charset=utf-8"), "{text}");
        assert!(!text.contains("multipart"), "{text}");
        assert!(!text.contains("List-Unsubscribe"), "{text}");
        assert!(!text.contains("Reply-To"), "{text}");
    }

    #[test]
    fn sender_name_reply_to_and_one_click_unsubscribe() {
        let message = composer(settings::Mail {
            from: "noreply@jalin.example.go.id".into(),
            from_name: Some("Jalin Kemendagri".into()),
            reply_to: Some("bantuan@jalin.example.go.id".into()),
            ..Default::default()
        })
        .message(Mail {
            to: "a@kukarkab.go.id".into(),
            subject: "S".into(),
            body: "B".into(),
            list_unsubscribe: Some("https://jalin.example.go.id/unsubscribe?t=abc".into()),
            ..Default::default()
        })
        .unwrap();
        let text = raw(&message);
        assert!(
            text.contains("From: \"Jalin Kemendagri\" <noreply@jalin.example.go.id>\r\n")
                || text.contains("From: Jalin Kemendagri <noreply@jalin.example.go.id>\r\n"),
            "{text}"
        );
        assert!(text.contains("Reply-To: bantuan@jalin.example.go.id\r\n"), "{text}");
        assert!(
            text.contains("List-Unsubscribe: <https://jalin.example.go.id/unsubscribe?t=abc>\r\n"),
            "{text}"
        );
        assert!(
            text.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"),
            "{text}"
        );
    }

    #[test]
    fn an_unsubscribe_address_that_could_break_the_header_is_refused() {
        let c = composer(settings::Mail::default());
        for bad in [
            "https://x/a\r\nBcc: y@z",
            "https://x/a> <mailto:y@z",
            "mailto:y@z",
            "https://x/ä",
        ] {
            let sent = c.message(Mail {
                to: "a@b.go.id".into(),
                list_unsubscribe: Some(bad.into()),
                ..Default::default()
            });
            assert!(sent.is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_reply_address_that_is_no_address_names_the_setting() {
        let err = Composer::new(&settings::Mail {
            reply_to: Some("bantuan".into()),
            ..Default::default()
        })
        .err()
        .unwrap();
        assert!(err.to_string().contains("[mail] reply_to"), "{err}");
    }
}
