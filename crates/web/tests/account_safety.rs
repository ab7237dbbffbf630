//! Security defects 5–9 of issue 13, as an attacker probed them, over HTTP on SQLite and
//! (when configured) PostgreSQL: who may publish on the opportunity board and how the
//! publisher is shown, sign-in lockouts and their notice, partners of private drafts,
//! password-reset limits, and the last administrator.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Server;
use jalin_app::accounts::UserInput;
use jalin_app::ports::mailer::{Mail, MemoryMailer};
use jalin_testkit::each_backend;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

const PASSWORD: &str = "correct horse battery";
const OFFICER: &str = "officer@jalin.test";

fn offer(publisher: &str) -> Value {
    json!({
        "publisher_kind": "embassy",
        "publisher_name": publisher,
        "country": "US",
        "title_id": "Beasiswa tata kelola",
        "fields": ["1.03"],
        "deadline": "2027-03-31",
        "contact": "attacker@evil.example"
    })
}

/// Creates an account with a password.
async fn account(s: &Server, email: &str, role: &str, region: Option<&str>) {
    s.app
        .accounts
        .create_user(
            &s.app.system_ctx("t"),
            &UserInput {
                email: Some(email.into()),
                name: Some(email.split('@').next().unwrap().into()),
                role: Some(role.into()),
                region_code: region.map(str::to_owned),
                password: Some(PASSWORD.into()),
            },
        )
        .await
        .unwrap();
}

async fn login(s: &Server, email: &str, password: &str, address: &str) -> (StatusCode, Value) {
    let r = s
        .client
        .post(format!("{}/api/v1/auth/login", s.base))
        .header("x-forwarded-for", address)
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn ask_reset(s: &Server, email: &str, address: &str) -> StatusCode {
    s.client
        .post(format!("{}/api/v1/auth/password-reset", s.base))
        .header("x-forwarded-for", address)
        .json(&json!({"email": email}))
        .send()
        .await
        .unwrap()
        .status()
}

fn mails_to(mailer: &MemoryMailer, to: &str) -> Vec<Mail> {
    mailer.sent.lock().iter().filter(|m| m.to == to).cloned().collect()
}

async fn confirm(s: &Server, token: &str, password: &str) -> (StatusCode, Value) {
    let body = json!({"token": token, "password": password});
    s.call(Method::POST, "/api/v1/auth/password-reset/confirm", None, Some(&body))
        .await
}

fn reset_token(mail: &Mail) -> String {
    let link = "reset-password?token=";
    let start = mail.body.find(link).expect("a reset link") + link.len();
    mail.body[start..]
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect()
}

async fn page(s: &Server, path: &str) -> String {
    s.client
        .get(format!("{}{path}", s.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

// Defect 5: a partner guest published an offer as "Embassy of the United States".
#[tokio::test]
async fn a_partner_guest_cannot_publish_board_offers() {
    each_backend(|db| async move {
        let s = Server::start(&db).await;
        let guest = s.token_for("guest@partner.example", "partner_guest", None).await;
        let (status, body) = s
            .call(
                Method::POST,
                "/api/v1/opportunities/offers",
                Some(&guest),
                Some(&offer("Embassy of the United States")),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "on {}: {body}", db.backend);
        assert_eq!(body["error"], "forbidden");
        let (_, offers) = s.get("/api/v1/opportunities/offers?status=all").await;
        assert_eq!(offers["total"], 0, "{offers}");
        assert_eq!(s.app.jobs.run(10).await.unwrap(), 0, "no region was alerted");
    })
    .await;
}

// Defects 5 and 6: the offer and need pages and the API say who published, never by e-mail.
#[tokio::test]
async fn offers_and_needs_name_their_publisher_without_e_mail() {
    each_backend(|db| async move {
        let s = Server::start(&db).await;
        let kemendagri = s.token_for("pfk@kemendagri.example", "kemendagri_reviewer", None).await;
        let (status, published) = s
            .call(
                Method::POST,
                "/api/v1/opportunities/offers",
                Some(&kemendagri),
                Some(&offer("Embassy of Japan")),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{published}");
        let id = published["id"].as_str().unwrap();
        for body in [
            s.get(&format!("/api/v1/opportunities/offers/{id}")).await.1,
            s.get("/api/v1/opportunities/offers").await.1["items"][0].clone(),
        ] {
            let by = body["created_by"].as_str().unwrap();
            assert!(!by.contains('@'), "on {}: {by}", db.backend);
            assert!(by.contains("Kementerian Dalam Negeri"), "{by}");
        }
        let html = page(&s, &format!("/peluang/tawaran/{id}")).await;
        assert!(!html.contains("pfk@kemendagri.example"), "{html}");
        assert!(
            html.contains("Kementerian Dalam Negeri"),
            "the page names the publisher"
        );

        let officer = s.token_for(OFFICER, "regional_officer", Some("35.78")).await;
        let (status, need) = s
            .call(
                Method::POST,
                "/api/v1/opportunities/needs",
                Some(&officer),
                Some(&json!({"region_code": "35.78", "title": "Pengelolaan sampah", "sdgs": ["11"]})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{need}");
        let id = need["id"].as_str().unwrap();
        let (_, listed) = s.get("/api/v1/opportunities/needs").await;
        let (_, one) = s.get(&format!("/api/v1/opportunities/needs/{id}")).await;
        for body in [one, listed["items"][0].clone()] {
            let by = body["created_by"].as_str().unwrap();
            assert!(!by.contains('@'), "{by}");
            assert!(by.contains("Kota Surabaya"), "{by}");
        }
        let html = page(&s, &format!("/peluang/kebutuhan/{id}")).await;
        assert!(!html.contains(OFFICER), "{html}");
        assert!(html.contains("officer"), "the page names the publisher");
    })
    .await;
}

// Defect 6: five wrong passwords from one address locked the owner out everywhere.
#[tokio::test]
async fn a_lockout_from_one_address_leaves_the_owner_another() {
    each_backend(|db| async move {
        let l = Server::launch(&db, |_, _| {}).await;
        let s = &l.server;
        account(s, OFFICER, "regional_officer", Some("35.78")).await;
        for _ in 0..5 {
            let (status, _) = login(s, OFFICER, "wrong guess", "198.51.100.66").await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "on {}", db.backend);
        }
        let (status, body) = login(s, OFFICER, PASSWORD, "198.51.100.66").await;
        assert_eq!(
            status,
            StatusCode::TOO_MANY_REQUESTS,
            "the guessing address is locked: {body}"
        );
        let (status, body) = login(s, OFFICER, PASSWORD, "203.0.113.5").await;
        assert_eq!(status, StatusCode::OK, "the owner elsewhere is not: {body}");

        // The owner was told once about the repeated failures, without the password.
        let notices = mails_to(&l.mailer, OFFICER);
        assert_eq!(notices.len(), 1, "{notices:?}");
        assert!(notices[0].body.contains("198.51.100.66"), "{}", notices[0].body);
        assert!(!notices[0].body.contains("wrong guess"));
    })
    .await;
}

// Defect 6: many addresses guessing one account slow it down for everyone, without locking
// the owner out.
#[tokio::test]
async fn failures_from_many_addresses_slow_the_account_down() {
    each_backend(|db| async move {
        let s = Server::start(&db).await;
        account(&s, OFFICER, "regional_officer", Some("35.78")).await;
        for i in 0..8 {
            let (status, _) = login(&s, OFFICER, "wrong guess", &format!("198.51.100.{i}")).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "on {}", db.backend);
        }
        let started = Instant::now();
        let (status, body) = login(&s, OFFICER, PASSWORD, "203.0.113.5").await;
        let took = started.elapsed();
        assert_eq!(status, StatusCode::OK, "{body}");
        assert!(took >= Duration::from_millis(900), "slowed down: {took:?}");
        // A successful sign-in lifts the slow-down.
        let started = Instant::now();
        let (status, _) = login(&s, OFFICER, PASSWORD, "203.0.113.5").await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            started.elapsed() < Duration::from_millis(900),
            "{:?}",
            started.elapsed()
        );
    })
    .await;
}

// Defect 7: partners named only in private drafts were public.
#[tokio::test]
async fn partners_of_private_drafts_are_not_public() {
    each_backend(|db| async move {
        let s = Server::start(&db).await;
        let secret = json!({"kind": "foreign_institution", "name": "Yayasan Rahasia Nordik", "country": "NO", "category": "development_partner"});
        let draft = json!({
            "form": "KSDLL",
            "subtype": "continuation",
            "tier": "mou",
            "status": "draft",
            "title_id": "Rancangan kerja sama rahasia",
            "parties": [{"region_code": "35.78"}, {"partner": secret}],
            "objects": ["cultural_exchange"],
            "fields": ["2.11"]
        });
        let (status, created) = s.send(Method::POST, "/api/v1/agreements", &draft, None).await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        let partner_id = created["parties"][1]["partner_id"].as_str().unwrap().to_owned();
        s.app.search.sync_search().await.unwrap();
        let surabaya = s.token_for("sby@jalin.test", "regional_officer", Some("35.78")).await;
        let bandung = s.token_for("bdg@jalin.test", "regional_officer", Some("32.73")).await;

        let (_, public) = s.get("/api/v1/partners?q=rahasia").await;
        assert_eq!(public["total"], 0, "on {}: {public}", db.backend);
        let (status, _) = s.get(&format!("/api/v1/partners/{partner_id}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (_, found) = s.get("/api/v1/search?q=Rahasia%20Nordik&kind=partner").await;
        assert_eq!(found["total"], 0, "{found}");
        let (_, other) = s.get_as("/api/v1/partners?q=rahasia", &bandung).await;
        assert_eq!(other["total"], 0, "another region: {other}");
        let (_, found) = s.get_as("/api/v1/search?q=Rahasia%20Nordik&kind=partner", &bandung).await;
        assert_eq!(found["total"], 0, "{found}");
        // Those who may read the draft still find its partner.
        for token in [&s.admin, &surabaya] {
            let (_, mine) = s.get_as("/api/v1/partners?q=rahasia", token).await;
            assert_eq!(mine["total"], 1, "{mine}");
            let (status, _) = s.get_as(&format!("/api/v1/partners/{partner_id}"), token).await;
            assert_eq!(status, StatusCode::OK);
            let (_, found) = s.get_as("/api/v1/search?q=Rahasia%20Nordik&kind=partner", token).await;
            assert_eq!(found["total"], 1, "{found}");
        }

        // Once a signed agreement names it, it is public.
        let mut signed = draft.clone();
        signed["status"] = json!("in_force");
        signed["title_id"] = json!("Kerja sama yang ditandatangani");
        signed["signed_on"] = json!("2024-03-01");
        signed["expires_on"] = json!("2029-02-28");
        signed["parties"][1] = json!({"partner_id": partner_id});
        let (status, body) = s.send(Method::POST, "/api/v1/agreements", &signed, None).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        s.app.search.sync_search().await.unwrap();
        let (_, public) = s.get("/api/v1/partners?q=rahasia").await;
        assert_eq!(public["total"], 1, "{public}");
        let (_, found) = s.get("/api/v1/search?q=Rahasia%20Nordik&kind=partner").await;
        assert_eq!(found["total"], 1, "{found}");
    })
    .await;
}

// Defect 8: thirty reset requests sent thirty mails.
#[tokio::test]
async fn password_resets_are_limited_per_account_and_per_address() {
    each_backend(|db| async move {
        let l = Server::launch(&db, |_, _| {}).await;
        let s = &l.server;
        account(s, OFFICER, "regional_officer", Some("35.78")).await;
        for i in 0..8 {
            let status = ask_reset(s, OFFICER, &format!("198.51.100.{i}")).await;
            assert_eq!(status, StatusCode::ACCEPTED, "the answer does not change");
        }
        assert_eq!(mails_to(&l.mailer, OFFICER).len(), 3, "on {}", db.backend);

        // Accounts made without a password also get an invitation: count reset mails only.
        let resets = || {
            l.mailer
                .sent
                .lock()
                .iter()
                .filter(|m| m.subject.contains("reset your password"))
                .count()
        };
        let before = resets();
        for i in 0..12 {
            let email = format!("user{i}@jalin.test");
            s.token_for(&email, "regional_officer", Some("35.78")).await;
            assert_eq!(ask_reset(s, &email, "203.0.113.77").await, StatusCode::ACCEPTED);
        }
        assert_eq!(resets() - before, 10, "one address asks for ten an hour");
    })
    .await;
}

// Defect 8: a successful reset leaves the other unused links of the account working.
#[tokio::test]
async fn a_successful_reset_voids_the_other_links() {
    each_backend(|db| async move {
        let l = Server::launch(&db, |_, _| {}).await;
        let s = &l.server;
        account(s, OFFICER, "regional_officer", Some("35.78")).await;
        ask_reset(s, OFFICER, "198.51.100.1").await;
        ask_reset(s, OFFICER, "198.51.100.2").await;
        let tokens: Vec<String> = mails_to(&l.mailer, OFFICER).iter().map(reset_token).collect();
        assert_eq!(tokens.len(), 2);
        let (status, body) = confirm(s, &tokens[0], "the owner's new password").await;
        assert_eq!(status, StatusCode::NO_CONTENT, "on {}: {body}", db.backend);
        let (status, body) = confirm(s, &tokens[1], "an attacker's password").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let (status, _) = login(s, OFFICER, "the owner's new password", "203.0.113.5").await;
        assert_eq!(status, StatusCode::OK);
    })
    .await;
}

// Defect 9: an administrator revoked the only remaining administrator.
#[tokio::test]
async fn the_last_administrator_cannot_be_revoked_or_demoted() {
    each_backend(|db| async move {
        let s = Server::start(&db).await;
        for (path, body) in [
            ("/api/v1/users/admin@jalin.test/revoke", json!({})),
            (
                "/api/v1/users/admin@jalin.test/grant",
                json!({"role": "kemendagri_reviewer"}),
            ),
        ] {
            let (status, answer) = s.send(Method::POST, path, &body, None).await;
            assert_eq!(status, StatusCode::CONFLICT, "on {}: {path} {answer}", db.backend);
            assert_eq!(answer["error"], "last_administrator", "{answer}");
        }
        let (status, me) = s.get_as("/api/v1/auth/me", &s.admin).await;
        assert_eq!(status, StatusCode::OK, "still an administrator: {me}");

        // With a second administrator, one of them may go, but never both at once.
        let second = s.token_for("admin2@jalin.test", "administrator", None).await;
        let ctx = s.app.system_ctx("t");
        let (a, b) = tokio::join!(
            s.app.accounts.revoke_user(&ctx, "admin@jalin.test"),
            s.app.accounts.revoke_user(&ctx, "admin2@jalin.test"),
        );
        let refused: Vec<String> = [&a, &b]
            .iter()
            .filter_map(|r| r.as_ref().err().map(ToString::to_string))
            .collect();
        assert_eq!(refused.len(), 1, "exactly one refused: {a:?} {b:?}");
        assert!(refused[0].contains("last_administrator"), "{refused:?}");
        let admins = s.app.accounts.list_users(&ctx).await.unwrap();
        let active = admins
            .iter()
            .filter(|u| u.active && u.role.as_str() == "administrator")
            .count();
        assert_eq!(active, 1);
        let _ = second;
    })
    .await;
}
