//! The text of notice e-mail, in the recipient's language: one notice, or a day's digest.
//! Each message has a plain-text part and the same content as simple HTML, and carries the
//! one-click unsubscribe link of its kind (a digest: of all notice mail).

use crate::ports::mailer::Mail;
use crate::ports::store::InboxEntry;
use jalin_domain::notice_mail::MailLang;
use jalin_domain::notification::NotificationKind;

/// Where links in a message point: the public address and the recipient's secret.
pub struct Links<'a> {
    pub base: &'a str,
    pub user: jalin_domain::ids::UserId,
    pub token: &'a str,
}

impl Links<'_> {
    /// The one-click unsubscribe address of a kind (`None`: of every kind).
    pub fn unsubscribe(&self, kind: Option<NotificationKind>) -> String {
        let kind = kind.map_or("all", |k| k.as_str());
        format!(
            "{}/notifikasi/berhenti?u={}&k={kind}&t={}",
            self.base, self.user, self.token
        )
    }

    fn item(&self, entry: &InboxEntry) -> String {
        format!(
            "{}{}",
            self.base,
            entry.link().unwrap_or_else(|| "/notifikasi".to_owned())
        )
    }
}

fn message(entry: &InboxEntry, lang: MailLang) -> &str {
    match lang {
        MailLang::Id => &entry.alert.message_id,
        MailLang::En => &entry.alert.message_en,
    }
}

fn label(kind: NotificationKind, lang: MailLang) -> &'static str {
    match lang {
        MailLang::Id => kind.label_id(),
        MailLang::En => kind.label_en(),
    }
}

/// Escapes text for HTML.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

struct Words {
    open: &'static str,
    due: &'static str,
    footer: &'static str,
    stop_kind: &'static str,
    stop_all: &'static str,
    settings: &'static str,
}

fn words(lang: MailLang) -> Words {
    match lang {
        MailLang::Id => Words {
            open: "Buka",
            due: "Tenggat",
            footer: "Pesan ini dikirim oleh Jalin karena Anda menerima pemberitahuan jenis ini.",
            stop_kind: "Berhenti menerima e-mail jenis ini",
            stop_all: "Berhenti menerima e-mail pemberitahuan",
            settings: "Atur e-mail pemberitahuan",
        },
        MailLang::En => Words {
            open: "Open",
            due: "Due",
            footer: "Jalin sent this message because you receive notices of this kind.",
            stop_kind: "Stop e-mail of this kind",
            stop_all: "Stop notice e-mail",
            settings: "Notice e-mail settings",
        },
    }
}

/// One notice as its own message.
pub fn notice(to: &str, entry: &InboxEntry, lang: MailLang, links: &Links<'_>) -> Mail {
    let w = words(lang);
    let text = message(entry, lang);
    let url = links.item(entry);
    let stop = links.unsubscribe(Some(entry.kind));
    let settings = format!("{}/notifikasi/pengaturan", links.base);
    let due = entry.alert.due_on;
    let body = format!(
        "{text}\n\n{}: {due}\n{}: {url}\n\n--\n{}\n{}: {stop}\n{}: {settings}\n",
        w.due, w.open, w.footer, w.stop_kind, w.settings
    );
    let html = format!(
        "<!doctype html><html lang=\"{lang}\"><body><p>{}</p><p>{}: {due}</p><p><a href=\"{}\">{}</a></p>\
         <hr><p><small>{}<br><a href=\"{}\">{}</a> · <a href=\"{}\">{}</a></small></p></body></html>",
        esc(text),
        w.due,
        esc(&url),
        w.open,
        w.footer,
        esc(&stop),
        w.stop_kind,
        esc(&settings),
        w.settings
    );
    Mail {
        to: to.to_owned(),
        subject: format!("Jalin · {}: {}", label(entry.kind, lang), first_line(text)),
        body,
        html: Some(html),
        list_unsubscribe: Some(stop),
    }
}

/// A day's notices as one message.
pub fn digest(to: &str, entries: &[InboxEntry], lang: MailLang, links: &Links<'_>) -> Mail {
    let w = words(lang);
    let stop = links.unsubscribe(None);
    let settings = format!("{}/notifikasi/pengaturan", links.base);
    let subject = match lang {
        MailLang::Id => format!("Jalin · {} pemberitahuan baru", entries.len()),
        MailLang::En => format!("Jalin · {} new notices", entries.len()),
    };
    let mut body = String::new();
    let mut items = String::new();
    for e in entries {
        let url = links.item(e);
        let kind = label(e.kind, lang);
        body.push_str(&format!("• [{kind}] {}\n  {url}\n", message(e, lang)));
        items.push_str(&format!(
            "<li><b>{}</b>: <a href=\"{}\">{}</a></li>",
            esc(kind),
            esc(&url),
            esc(message(e, lang))
        ));
    }
    body.push_str(&format!("\n--\n{}: {stop}\n{}: {settings}\n", w.stop_all, w.settings));
    let html = format!(
        "<!doctype html><html lang=\"{lang}\"><body><ul>{items}</ul><hr><p><small>\
         <a href=\"{}\">{}</a> · <a href=\"{}\">{}</a></small></p></body></html>",
        esc(&stop),
        w.stop_all,
        esc(&settings),
        w.settings
    );
    Mail {
        to: to.to_owned(),
        subject,
        body,
        html: Some(html),
        list_unsubscribe: Some(stop),
    }
}

/// A subject line: the first line of a message, cut at 120 characters.
fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    if line.chars().count() > 120 {
        let cut: String = line.chars().take(119).collect();
        format!("{cut}…")
    } else {
        line.to_owned()
    }
}
