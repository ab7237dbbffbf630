//! Mail over SMTP (ADR 0015), delivered to an in-process SMTP sink on a loopback port:
//! the message as it arrives, settings refused at start, a notice with its unsubscribe
//! headers (once per reader and in their language, also from two nodes on PostgreSQL), and
//! the invitation of an account created without a password.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use jalin_app::ports::mailer::Mail;
use jalin_cli::settings::{self, MailTransport, SmtpSecurity};
use std::path::Path;
use support::smtp_sink::SmtpSink;

const SUBJECT: &str = "Pengingat: laporan tahunan — Kabupaten Kutai Kartanegara";

/// `[mail]` for the sink: unencrypted to loopback, signing in with a password file.
fn sink_settings(sink: &SmtpSink, dir: &Path) -> settings::Mail {
    let password_file = dir.join("smtp-password");
    std::fs::write(&password_file, "rahasia-smtp\n").unwrap();
    settings::Mail {
        transport: MailTransport::Smtp,
        host: Some("127.0.0.1".into()),
        port: Some(sink.port()),
        security: SmtpSecurity::None,
        user: Some("jalin@kukarkab.go.id".into()),
        password_file: Some(password_file),
        from: "noreply@jalin.example.go.id".into(),
        from_name: Some("Jalin Kemendagri".into()),
        reply_to: Some("bantuan@jalin.example.go.id".into()),
        timeout_seconds: 5,
        ..Default::default()
    }
}

#[tokio::test]
async fn a_message_arrives_with_its_headers_encoded_subject_both_parts_and_unsubscribe() {
    let sink = SmtpSink::start().await;
    let dir = tempfile::tempdir().unwrap();
    let mailer = jalin_cli::mail::from_settings(&sink_settings(&sink, dir.path())).unwrap();
    mailer
        .send(Mail {
            to: "bagian.kerja.sama@kukarkab.go.id".into(),
            subject: SUBJECT.into(),
            body: "Laporan tahunan jatuh tempo 7 Januari.".into(),
            html: Some("<p>Laporan tahunan jatuh tempo <b>7 Januari</b>.</p>".into()),
            list_unsubscribe: Some("https://jalin.example.go.id/berhenti?t=abc123".into()),
        })
        .await
        .unwrap();

    let messages = sink.messages();
    assert_eq!(messages.len(), 1);
    let received = &messages[0];
    assert_eq!(received.from, "noreply@jalin.example.go.id");
    assert_eq!(received.to, vec!["bagian.kerja.sama@kukarkab.go.id".to_owned()]);
    assert_eq!(
        received.auth,
        Some(("jalin@kukarkab.go.id".into(), "rahasia-smtp".into())),
        "the password file's first line signs in"
    );
    let raw = received.text();
    let head = &raw[..raw.find("\r\n\r\n").unwrap()];
    assert!(head.is_ascii(), "headers are 7-bit:\n{head}");
    assert!(head.contains("Subject: Pengingat: laporan tahunan =?utf-8?"), "{head}");
    assert!(
        head.contains("List-Unsubscribe: <https://jalin.example.go.id/berhenti?t=abc123>\r\n"),
        "{head}"
    );
    assert!(
        head.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"),
        "{head}"
    );
    assert!(head.contains("multipart/alternative"), "{head}");

    let parsed = mail_parser::MessageParser::default().parse(&received.data).unwrap();
    assert_eq!(parsed.subject(), Some(SUBJECT));
    let from = parsed.from().and_then(|a| a.first()).unwrap();
    assert_eq!(from.name(), Some("Jalin Kemendagri"));
    assert_eq!(from.address(), Some("noreply@jalin.example.go.id"));
    let reply_to = parsed.reply_to().and_then(|a| a.first()).unwrap();
    assert_eq!(reply_to.address(), Some("bantuan@jalin.example.go.id"));
    assert!(parsed.date().is_some(), "{head}");
    assert!(
        parsed
            .message_id()
            .is_some_and(|id| id.ends_with("@jalin.example.go.id")),
        "{head}"
    );
    assert_eq!(
        parsed.body_text(0).as_deref().map(str::trim_end),
        Some("Laporan tahunan jatuh tempo 7 Januari.")
    );
    assert_eq!(
        parsed.body_html(0).as_deref().map(str::trim_end),
        Some("<p>Laporan tahunan jatuh tempo <b>7 Januari</b>.</p>")
    );
}

#[tokio::test]
async fn an_unreachable_server_is_an_error_naming_it() {
    // Nothing listens on the sink's port once it is gone.
    let sink = SmtpSink::start().await;
    let dir = tempfile::tempdir().unwrap();
    let settings = sink_settings(&sink, dir.path());
    drop(sink);
    let mailer = jalin_cli::mail::from_settings(&settings).unwrap();
    let err = mailer
        .send(Mail {
            to: "a@kukarkab.go.id".into(),
            subject: "S".into(),
            body: "B".into(),
            ..Default::default()
        })
        .await
        .err()
        .unwrap();
    let port = settings.port.unwrap();
    assert!(
        format!("{err:#}").contains(&format!("SMTP server 127.0.0.1:{port}")),
        "{err:#}"
    );
}

#[tokio::test]
async fn a_password_file_that_cannot_be_read_fails_at_start_naming_it() {
    let sink = SmtpSink::start().await;
    let dir = tempfile::tempdir().unwrap();
    let mut settings = sink_settings(&sink, dir.path());
    let missing = dir.path().join("no-such-password-file");
    settings.password_file = Some(missing.clone());
    let err = jalin_cli::mail::from_settings(&settings).err().unwrap();
    let text = format!("{err:#}");
    assert!(text.contains("[mail] password_file"), "{text}");
    assert!(text.contains(&missing.display().to_string()), "{text}");
    assert!(sink.messages().is_empty());
}

/// `jalin` with a configuration file, in a scratch directory.
fn jalin(dir: &Path, config: &str, args: &[&str]) -> std::process::Output {
    let path = dir.join("jalin.toml");
    std::fs::write(&path, config).unwrap();
    std::process::Command::new(env!("CARGO_BIN_EXE_jalin"))
        .env_remove("JALIN_DATABASE_URL")
        .env_remove("JALIN_SMTP_PASSWORD")
        .env("RUST_LOG", "warn")
        .current_dir(dir)
        .arg("--config")
        .arg(&path)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn unencrypted_smtp_to_another_host_is_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let output = jalin(
        dir.path(),
        "[mail]\ntransport = \"smtp\"\nhost = \"smtp.example.go.id\"\nsecurity = \"none\"\n",
        &["user", "list"],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    assert!(stderr.contains("[mail] security"), "{stderr}");
    assert!(stderr.contains("smtp.example.go.id"), "{stderr}");
    assert!(
        !dir.path().join("jalin-data").exists(),
        "refused before any database was made"
    );
}

#[test]
fn an_unknown_transport_or_security_names_the_key() {
    let dir = tempfile::tempdir().unwrap();
    for (config, key) in [
        ("[mail]\ntransport = \"sendmail\"\n", "transport"),
        ("[mail]\nsecurity = \"ssl\"\n", "security"),
    ] {
        let output = jalin(dir.path(), config, &["user", "list"]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{stderr}");
        assert!(stderr.contains(key), "{stderr}");
    }
}

/// A serving node on `db` whose mail goes to `sink`, with `public_url` when given.
async fn serve(
    db: &jalin_testkit::TestDbRef,
    sink: &SmtpSink,
    dir: &Path,
    public_url: Option<&str>,
) -> (jalin_cli::Running, tokio_util::sync::CancellationToken) {
    let mut settings = jalin_cli::settings::Settings::default();
    settings.database.url = db.url.clone();
    settings.documents.store = "database".into();
    settings.server.public_url = public_url.map(str::to_owned);
    settings.mail = sink_settings(sink, dir);
    let options = jalin_cli::LaunchOptions {
        search: jalin_cli::SearchPlacement::InMemory,
        workers: jalin_cli::WorkerSelection {
            warm_up: false,
            indexer: false,
            jobs: false,
            timers: false,
        },
        ..Default::default()
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let stop = tokio_util::sync::CancellationToken::new();
    let running = jalin_cli::launch_with(&settings, options, listener, stop.clone())
        .await
        .expect("launch");
    (running, stop)
}

/// The set-password link in the last message the sink received for `to`.
fn invitation_link(sink: &SmtpSink, to: &str) -> String {
    let message = sink
        .messages()
        .into_iter()
        .rev()
        .find(|m| m.to.iter().any(|t| t == to))
        .unwrap_or_else(|| panic!("no mail to {to}"));
    let parsed = mail_parser::MessageParser::default().parse(&message.data).unwrap();
    let body = parsed.body_text(0).unwrap().into_owned();
    body.split_whitespace()
        .find(|w| w.contains("/reset-password?token="))
        .unwrap_or_else(|| panic!("no set-password link in {body}"))
        .to_owned()
}

fn officer(password: Option<&str>) -> jalin_app::accounts::UserInput {
    jalin_app::accounts::UserInput {
        email: Some("petugas@kukarkab.go.id".into()),
        name: Some("Petugas Kerja Sama".into()),
        role: Some("regional_officer".into()),
        region_code: Some("64.02".into()),
        password: password.map(str::to_owned),
    }
}

#[tokio::test]
async fn an_account_made_without_a_password_is_invited_with_a_link_that_sets_one() {
    jalin_testkit::each_backend(|db| async move {
        let sink = SmtpSink::start().await;
        let dir = tempfile::tempdir().unwrap();
        let (running, stop) = serve(&db, &sink, dir.path(), Some("https://jalin.example.go.id/")).await;
        let app = running.app.clone();
        let ctx = app.system_ctx("test");
        let user = app.accounts.create_user(&ctx, &officer(None)).await.unwrap();

        let link = invitation_link(&sink, "petugas@kukarkab.go.id");
        let prefix = "https://jalin.example.go.id/reset-password?token=";
        assert!(link.starts_with(prefix), "{link}");
        let token = &link[prefix.len()..];
        assert_eq!(token.len(), 64, "{link}");
        let invited = app
            .audit
            .user_audit(
                &ctx,
                &user.id.to_string(),
                jalin_app::ports::store::Page::new(Some(50), None),
            )
            .await
            .unwrap();
        assert!(
            invited.items.iter().any(|e| e.action == "user.invited"),
            "on {}: {:?}",
            db.backend,
            invited.items.iter().map(|e| &e.action).collect::<Vec<_>>()
        );

        // The reset page takes the invitation's token, and the token sets a password once.
        let base = format!("http://{}", running.addr);
        let client = reqwest::Client::new();
        let page = client
            .get(format!("{base}/reset-password?token={token}"))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200);
        assert!(page.text().await.unwrap().contains(token));
        let password = "kata sandi baru yang panjang";
        let confirm = |token: String| {
            client
                .post(format!("{base}/api/v1/auth/password-reset/confirm"))
                .json(&serde_json::json!({"token": token, "password": password}))
                .send()
        };
        assert_eq!(
            confirm(token.to_owned()).await.unwrap().status(),
            204,
            "on {}",
            db.backend
        );
        assert_eq!(confirm(token.to_owned()).await.unwrap().status(), 422, "used once");
        let login = client
            .post(format!("{base}/api/v1/auth/login"))
            .json(&serde_json::json!({"email": "petugas@kukarkab.go.id", "password": password}))
            .send()
            .await
            .unwrap();
        assert_eq!(login.status(), 200, "on {}", db.backend);

        // An account made with a password gets no invitation.
        let before = sink.messages().len();
        let mut other = officer(Some("sandi awal yang panjang"));
        other.email = Some("kepala@kukarkab.go.id".into());
        app.accounts.create_user(&ctx, &other).await.unwrap();
        assert_eq!(sink.messages().len(), before);
        stop.cancel();
        running.wait().await.unwrap();
    })
    .await;
}

#[tokio::test]
async fn without_a_public_url_links_use_the_address_the_server_bound() {
    jalin_testkit::each_backend(|db| async move {
        let sink = SmtpSink::start().await;
        let dir = tempfile::tempdir().unwrap();
        let (running, stop) = serve(&db, &sink, dir.path(), None).await;
        let ctx = running.app.system_ctx("test");
        running.app.accounts.create_user(&ctx, &officer(None)).await.unwrap();
        let link = invitation_link(&sink, "petugas@kukarkab.go.id");
        let bound = format!("http://127.0.0.1:{}/reset-password?token=", running.addr.port());
        assert!(link.starts_with(&bound), "{link} vs {bound}");
        stop.cancel();
        running.wait().await.unwrap();
    })
    .await;
}

#[tokio::test]
async fn an_expiry_notice_leaves_over_smtp_once_with_its_unsubscribe_link() {
    jalin_testkit::each_backend(|db| async move {
        let sink = SmtpSink::start().await;
        let dir = tempfile::tempdir().unwrap();
        let (running, stop) = serve(&db, &sink, dir.path(), Some("https://jalin.example.go.id/")).await;
        let app = running.app.clone();
        let ctx = app.system_ctx("test");
        app.accounts
            .create_user(&ctx, &officer(Some("sandi awal yang panjang")))
            .await
            .unwrap();
        let expires = ctx.today + time::Duration::days(20);
        let agreement = serde_json::json!({
            "form": "KSDPL", "subtype": "sister_city", "tier": "mou", "status": "in_force",
            "title_id": "Kerja Sama Kota Kembar Tenggarong dan Kitakyushu",
            "parties": [{"region_code": "64.02"}, {"geonameid": 1_859_307}],
            "fields": ["2.11"], "signed_on": ctx.today.to_string(), "expires_on": expires.to_string()
        });
        app.registry
            .create_agreement(&ctx, &serde_json::from_value(agreement).unwrap())
            .await
            .unwrap();
        for _ in 0..2 {
            app.cases.run_timers().await.unwrap();
            app.jobs.run(50).await.unwrap();
        }

        let to_officer: Vec<_> = sink
            .messages()
            .into_iter()
            .filter(|m| m.to.iter().any(|t| t == "petugas@kukarkab.go.id"))
            .collect();
        assert_eq!(to_officer.len(), 1, "on {}", db.backend);
        let parsed = mail_parser::MessageParser::default()
            .parse(&to_officer[0].data)
            .unwrap();
        let subject = parsed.subject().unwrap();
        assert!(
            subject.contains("Akan berakhir") && subject.contains("Tenggarong"),
            "{subject}"
        );
        let header = |name: &str| {
            parsed
                .header_raw(name)
                .unwrap_or_else(|| panic!("no {name} in {}", to_officer[0].text()))
                .trim()
                .to_owned()
        };
        assert!(
            header("List-Unsubscribe").starts_with("<https://jalin.example.go.id/notifikasi/berhenti?u="),
            "{}",
            header("List-Unsubscribe")
        );
        assert_eq!(header("List-Unsubscribe-Post"), "List-Unsubscribe=One-Click");
        let html = parsed.body_html(0).unwrap();
        assert!(html.contains("https://jalin.example.go.id/kerja-sama/"), "{html}");
        stop.cancel();
        running.wait().await.unwrap();
    })
    .await;
}

/// The context of a stored account (to set its preferences as itself).
async fn as_user(app: &jalin_app::App, email: &str) -> jalin_app::ctx::Ctx {
    let actor = app.accounts.act_as(email).await.unwrap();
    app.ctx(jalin_app::ctx::Actor::User(actor), "test")
}

#[tokio::test]
async fn two_nodes_mail_each_reminder_once_in_the_readers_language() {
    let Some(db) = jalin_testkit::TestDb::postgres().await else {
        eprintln!("skipping the two-node mail test: it needs PostgreSQL");
        return;
    };
    let handle = db.handle();
    let sink = SmtpSink::start().await;
    let dir = tempfile::tempdir().unwrap();
    let (one, stop_one) = serve(&handle, &sink, dir.path(), Some("https://jalin.example.go.id")).await;
    let (two, stop_two) = serve(&handle, &sink, dir.path(), Some("https://jalin.example.go.id")).await;
    let ctx = one.app.system_ctx("test");
    let password = Some("sandi awal yang panjang");
    one.app.accounts.create_user(&ctx, &officer(password)).await.unwrap();
    let mut approver = officer(password);
    approver.email = Some("sekda@kukarkab.go.id".into());
    approver.role = Some("regional_approver".into());
    one.app.accounts.create_user(&ctx, &approver).await.unwrap();
    let english = jalin_domain::notice_mail::NoticeSettings {
        lang: jalin_domain::notice_mail::MailLang::En,
        ..Default::default()
    };
    let approver_ctx = as_user(&two.app, "sekda@kukarkab.go.id").await;
    two.app
        .notifications
        .put_settings(&approver_ctx, english)
        .await
        .unwrap();
    let agreements = 5;
    for i in 0..agreements {
        let agreement = serde_json::json!({
            "form": "KSDPL", "subtype": "sister_city", "tier": "mou", "status": "in_force",
            "title_id": format!("Kerja Sama Kota Kembar Tenggarong Nomor {i}"),
            "title_en": format!("Tenggarong sister city cooperation no. {i}"),
            "parties": [{"region_code": "64.02"}, {"geonameid": 1_859_307}],
            "fields": ["2.11"], "signed_on": ctx.today.to_string(),
            "expires_on": (ctx.today + time::Duration::days(20 + i)).to_string()
        });
        one.app
            .registry
            .create_agreement(&ctx, &serde_json::from_value(agreement).unwrap())
            .await
            .unwrap();
    }
    for _ in 0..2 {
        let (a, b) = tokio::join!(one.app.cases.run_timers(), two.app.cases.run_timers());
        a.unwrap();
        b.unwrap();
        loop {
            let (a, b) = tokio::join!(one.app.jobs.run(2), two.app.jobs.run(2));
            if a.unwrap() + b.unwrap() == 0 {
                break;
            }
        }
    }

    let parser = mail_parser::MessageParser::default();
    for (to, word) in [
        ("petugas@kukarkab.go.id", "Akan berakhir"),
        ("sekda@kukarkab.go.id", "Ending soon"),
    ] {
        let received: Vec<_> = sink
            .messages()
            .into_iter()
            .filter(|m| m.to.iter().any(|t| t == to))
            .collect();
        assert_eq!(received.len(), agreements as usize, "{to}: one message per reminder");
        let mut ids = std::collections::BTreeSet::new();
        let mut subjects = std::collections::BTreeSet::new();
        for m in &received {
            let parsed = parser.parse(&m.data).unwrap();
            let subject = parsed.subject().unwrap().to_owned();
            assert!(subject.contains(word), "{to}: {subject}");
            assert!(parsed.date().is_some() && parsed.from().is_some(), "{}", m.text());
            assert!(parsed.header_raw("List-Unsubscribe").is_some(), "{}", m.text());
            ids.insert(parsed.message_id().unwrap().to_owned());
            subjects.insert(subject);
        }
        assert_eq!(ids.len(), received.len(), "distinct Message-IDs");
        assert_eq!(
            subjects.len(),
            received.len(),
            "one message per agreement: {subjects:#?}"
        );
    }
    stop_one.cancel();
    stop_two.cancel();
    one.wait().await.unwrap();
    two.wait().await.unwrap();
    db.cleanup().await;
}
