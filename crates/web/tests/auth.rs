//! Signing in and staying safe over HTTP, on SQLite and (when configured) PostgreSQL:
//! browser sessions and their CSRF tokens, the sign-in forms, no user enumeration,
//! password resets by e-mail, login throttling, API tokens, security headers and login CSRF.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Server;
use jalin_app::accounts::UserInput;
use jalin_app::ports::mailer::MemoryMailer;
use jalin_testkit::{TestDbRef, each_backend};
use jalin_web::{AppState, WebConfig};
use reqwest::header::{HeaderMap, LOCATION, SET_COOKIE, WWW_AUTHENTICATE};
use reqwest::{Method, RequestBuilder, StatusCode};
use serde_json::{Value, json};
use std::sync::Arc;

const PASSWORD: &str = "correct horse battery";
const OFFICER: &str = "officer@jalin.test";

/// What came back: status, headers and the body as text.
struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    text: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or(Value::Null)
    }

    /// A header as text (lossy: control characters are kept as they are).
    fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
    }

    /// The full `Set-Cookie` line of the session cookie.
    fn session_line(&self) -> Option<String> {
        self.headers
            .get_all(SET_COOKIE)
            .iter()
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .find(|v| v.starts_with("jalin_session="))
    }

    /// The value the session cookie is set to (empty when it is cleared).
    fn session(&self) -> Option<String> {
        self.session_line().map(|line| {
            line.trim_start_matches("jalin_session=")
                .split(';')
                .next()
                .unwrap_or_default()
                .to_owned()
        })
    }
}

/// A request to the server, with the browser's session cookie when it has one.
fn req(s: &Server, method: Method, path: &str, cookie: Option<&str>) -> RequestBuilder {
    let mut r = s.client.request(method, format!("{}{path}", s.base));
    if let Some(c) = cookie {
        r = r.header("cookie", format!("theme=dark; jalin_session={c}"));
    }
    r
}

/// A URL-encoded form body, as a browser sends it.
fn form(r: RequestBuilder, fields: &[(&str, &str)]) -> RequestBuilder {
    r.header("content-type", "application/x-www-form-urlencoded")
        .body(serde_urlencoded::to_string(fields).unwrap())
}

async fn go(r: RequestBuilder) -> Reply {
    let response = r.send().await.unwrap();
    Reply {
        status: response.status(),
        headers: response.headers().clone(),
        text: response.text().await.unwrap_or_default(),
    }
}

/// Creates an account with a password.
async fn account(s: &Server, email: &str, role: &str, region: Option<&str>, password: &str) {
    s.app
        .accounts
        .create_user(
            &s.app.system_ctx("t"),
            &UserInput {
                email: Some(email.into()),
                name: Some(email.split('@').next().unwrap().into()),
                role: Some(role.into()),
                region_code: region.map(str::to_owned),
                password: Some(password.into()),
            },
        )
        .await
        .unwrap();
}

/// `POST /api/v1/auth/login`, optionally from a given client address.
async fn api_login(s: &Server, email: &str, password: &str, address: Option<&str>) -> Reply {
    let mut r = req(s, Method::POST, "/api/v1/auth/login", None).json(&json!({"email": email, "password": password}));
    if let Some(a) = address {
        r = r.header("x-forwarded-for", a);
    }
    go(r).await
}

/// Signs in through the API: the session cookie's value and the CSRF token.
async fn sign_in(s: &Server, email: &str, password: &str) -> (String, String) {
    let r = api_login(s, email, password, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let csrf = r.json()["csrf_token"].as_str().unwrap().to_owned();
    (r.session().unwrap(), csrf)
}

async fn me(s: &Server, cookie: &str) -> Reply {
    go(req(s, Method::GET, "/api/v1/auth/me", Some(cookie))).await
}

/// The CSRF token a page renders into its forms.
fn csrf_in_page(html: &str) -> Option<String> {
    let start = html.find("name=\"_csrf\" value=\"")? + "name=\"_csrf\" value=\"".len();
    let len = html[start..].find('"')?;
    Some(html[start..start + len].to_owned())
}

/// The server of [`Server::start`], but with a mailer the test can read, and either behind
/// a trusted reverse proxy or not.
async fn start_with(db: &TestDbRef, behind_proxy: bool) -> (Server, Arc<MemoryMailer>) {
    let mailer = Arc::new(MemoryMailer::default());
    let app = Arc::new(db.app_builder().with_mailer(mailer.clone()).build().await.unwrap());
    let state = AppState {
        app: app.clone(),
        config: Arc::new(WebConfig {
            version: "test".into(),
            demo: false,
            public_url: "http://jalin.test".into(),
            behind_proxy,
            ..Default::default()
        }),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let service = jalin_web::router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
        axum::serve(listener, service).await.unwrap();
    });
    let server = Server {
        base: format!("http://{addr}"),
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
        app,
        store: db.store.clone(),
        admin: String::new(),
    };
    (server, mailer)
}

fn sent(mailer: &MemoryMailer) -> Vec<jalin_app::ports::mailer::Mail> {
    mailer.sent.lock().clone()
}

fn sister_city() -> Value {
    json!({
        "form": "KSDPL",
        "subtype": "sister_city",
        "tier": "mou",
        "status": "in_force",
        "title_id": "Kerja Sama Kota Kembar Kota Surabaya dan Kota Kitakyushu",
        "title_en": "Sister city cooperation between Surabaya and Kitakyushu",
        "parties": [{"region_code": "35.78"}, {"geonameid": 1859307}],
        "objects": ["science_technology"],
        "fields": ["2.11"],
        "sdgs": ["11.6", "12"],
        "signed_on": "2024-11-20",
        "expires_on": "2029-11-19"
    })
}

#[tokio::test]
async fn a_browser_session_over_the_api() {
    each_backend(|db| async move {
        let s = Server::start(&db).await;
        account(&s, OFFICER, "regional_officer", Some("35.78"), PASSWORD).await;
        let anonymous = go(req(&s, Method::GET, "/api/v1/auth/me", None)).await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED, "on {}", db.backend);

        let login = api_login(&s, OFFICER, PASSWORD, None).await;
        assert_eq!(login.status, StatusCode::OK, "{}", login.text);
        let line = login.session_line().expect("a session cookie");
        for attribute in ["; HttpOnly", "; SameSite=Lax", "; Path=/", "; Max-Age=43200"] {
            assert!(line.contains(attribute), "{attribute} missing in {line}");
        }
        assert!(!line.contains("Secure"), "plain HTTP: {line}");
        let cookie = login.session().unwrap();
        assert_eq!(cookie.len(), 64, "{line}");
        let body = login.json();
        let csrf = body["csrf_token"].as_str().unwrap().to_owned();
        assert!(csrf.len() >= 32 && csrf != cookie, "{body}");
        assert_eq!(
            (body["user"]["email"].as_str(), body["user"]["role"].as_str()),
            (Some(OFFICER), Some("regional_officer"))
        );
        assert!(!login.text.contains(&cookie), "the session secret stays in the cookie");
        assert!(!login.text.contains("argon2"), "no password hash in {}", login.text);

        let who = me(&s, &cookie).await;
        assert_eq!(who.status, StatusCode::OK, "{}", who.text);
        let who = who.json();
        assert_eq!(who["user"]["email"], OFFICER);
        assert_eq!(who["csrf_token"].as_str(), Some(csrf.as_str()));
        assert_eq!(who["token_scopes"], Value::Null);

        // State-changing requests with the cookie need the CSRF token.
        let new_token = json!({"name": "x", "scopes": ["read"]});
        let r = go(req(&s, Method::POST, "/api/v1/tokens", Some(&cookie)).json(&new_token)).await;
        assert_eq!(
            (r.status, r.json()["error"].as_str()),
            (StatusCode::FORBIDDEN, Some("csrf")),
            "{}",
            r.text
        );
        let r = go(req(&s, Method::POST, "/api/v1/tokens", Some(&cookie))
            .header("x-csrf-token", "0".repeat(csrf.len()))
            .json(&new_token))
        .await;
        assert_eq!(
            (r.status, r.json()["error"].as_str()),
            (StatusCode::FORBIDDEN, Some("csrf"))
        );
        let listed = go(req(&s, Method::GET, "/api/v1/tokens", Some(&cookie))).await;
        assert_eq!(
            (listed.status, listed.json()["total"].as_i64()),
            (StatusCode::OK, Some(0)),
            "refused creations leave nothing"
        );
        let r = go(req(&s, Method::POST, "/api/v1/tokens", Some(&cookie))
            .header("x-csrf-token", &csrf)
            .json(&new_token))
        .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);

        // Signing in again from the same browser rotates the session.
        let again = go(req(&s, Method::POST, "/api/v1/auth/login", Some(&cookie))
            .header("x-csrf-token", &csrf)
            .json(&json!({"email": OFFICER, "password": PASSWORD})))
        .await;
        assert_eq!(again.status, StatusCode::OK, "{}", again.text);
        let rotated = again.session().unwrap();
        let rotated_csrf = again.json()["csrf_token"].as_str().unwrap().to_owned();
        assert!(!rotated.is_empty() && rotated != cookie, "a new session id");
        assert_ne!(rotated_csrf, csrf, "a new CSRF token");
        assert_eq!(
            me(&s, &cookie).await.status,
            StatusCode::UNAUTHORIZED,
            "the old session ended"
        );
        let r = go(req(&s, Method::POST, "/api/v1/tokens", Some(&cookie))
            .header("x-csrf-token", &csrf)
            .json(&new_token))
        .await;
        assert_eq!(
            r.status,
            StatusCode::UNAUTHORIZED,
            "the old session cannot act: {}",
            r.text
        );
        assert_eq!(me(&s, &rotated).await.status, StatusCode::OK);

        // Another browser's session is independent of this one.
        let (elsewhere, _) = sign_in(&s, OFFICER, PASSWORD).await;
        assert_ne!(elsewhere, rotated);

        // Signing out needs the CSRF token too, and ends only this session.
        let r = go(req(&s, Method::POST, "/api/v1/auth/logout", Some(&rotated))).await;
        assert_eq!(
            (r.status, r.json()["error"].as_str()),
            (StatusCode::FORBIDDEN, Some("csrf"))
        );
        assert_eq!(
            me(&s, &rotated).await.status,
            StatusCode::OK,
            "a refused logout changes nothing"
        );
        let r = go(req(&s, Method::POST, "/api/v1/auth/logout", Some(&rotated)).header("x-csrf-token", &rotated_csrf))
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text);
        let cleared = r.session_line().expect("the cookie is cleared");
        assert!(
            cleared.starts_with("jalin_session=;") && cleared.contains("Max-Age=0"),
            "{cleared}"
        );
        let after = me(&s, &rotated).await;
        assert_eq!(after.status, StatusCode::UNAUTHORIZED);
        assert!(after.headers.contains_key(WWW_AUTHENTICATE));
        assert_eq!(me(&s, &elsewhere).await.status, StatusCode::OK);

        // Behind a TLS-terminating proxy the cookie is Secure.
        let secure = go(req(&s, Method::POST, "/api/v1/auth/login", None)
            .header("x-forwarded-proto", "https")
            .json(&json!({"email": OFFICER, "password": PASSWORD})))
        .await;
        assert_eq!(secure.status, StatusCode::OK);
        assert!(
            secure.session_line().unwrap().ends_with("; Secure"),
            "{:?}",
            secure.session_line()
        );
    })
    .await;
}

#[tokio::test]
async fn signing_in_and_out_with_the_html_forms() {
    each_backend(|db| async move {
        let s = Server::start(&db).await;
        account(&s, OFFICER, "regional_officer", Some("35.78"), PASSWORD).await;
        let page = go(req(&s, Method::GET, "/login?next=/about", None)).await;
        assert_eq!(page.status, StatusCode::OK, "on {}", db.backend);
        assert!(page.text.contains("action=\"/login\"") && page.text.contains("value=\"/about\""));

        let wrong = go(form(
            req(&s, Method::POST, "/login", None),
            &[("email", OFFICER), ("password", "not the password"), ("next", "/about")],
        ))
        .await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
        assert!(wrong.session_line().is_none());
        assert!(
            wrong.text.contains("role=\"alert\"") && wrong.text.contains(OFFICER),
            "the form is shown again"
        );

        let r = go(form(
            req(&s, Method::POST, "/login", None),
            &[("email", OFFICER), ("password", PASSWORD), ("next", "/about")],
        ))
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
        assert_eq!(r.header("location").as_deref(), Some("/about"));
        let line = r.session_line().unwrap();
        assert!(line.contains("HttpOnly") && line.contains("SameSite=Lax"), "{line}");
        let cookie = r.session().unwrap();
        assert!(!cookie.is_empty());

        // The signed-in page carries the name and the session's CSRF token for its forms.
        let about = go(req(&s, Method::GET, "/about", Some(&cookie))).await;
        assert_eq!(about.status, StatusCode::OK);
        assert!(about.text.contains("officer@jalin.test") && about.text.contains("action=\"/logout\""));
        let csrf = csrf_in_page(&about.text).expect("a CSRF field");
        assert_eq!(me(&s, &cookie).await.json()["csrf_token"].as_str(), Some(csrf.as_str()));

        let r = go(form(req(&s, Method::POST, "/logout", Some(&cookie)), &[])).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "without _csrf");
        assert!(r.session_line().is_none());
        let r = go(form(
            req(&s, Method::POST, "/logout", Some(&cookie)),
            &[("_csrf", "forged")],
        ))
        .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "with a wrong _csrf");
        assert_eq!(me(&s, &cookie).await.status, StatusCode::OK, "still signed in");

        let r = go(form(
            req(&s, Method::POST, "/logout", Some(&cookie)),
            &[("_csrf", &csrf)],
        ))
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
        assert_eq!(r.header("location").as_deref(), Some("/"));
        assert_eq!(r.session().as_deref(), Some(""), "the cookie is cleared");
        assert_eq!(me(&s, &cookie).await.status, StatusCode::UNAUTHORIZED);
        let about = go(req(&s, Method::GET, "/about", Some(&cookie))).await;
        assert!(!about.text.contains("action=\"/logout\""), "signed out");

        // Signing out without being signed in sends the browser to the sign-in page.
        let r = go(form(req(&s, Method::POST, "/logout", None), &[])).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(r.header("location").as_deref(), Some("/login?next=/logout"));
    })
    .await;
}

#[tokio::test]
async fn after_signing_in_the_browser_stays_on_this_site() {
    each_backend(|db| async move {
        let s = Server::start(&db).await;
        account(&s, OFFICER, "regional_officer", Some("35.78"), PASSWORD).await;
        for next in [
            "//evil.example",
            "https://evil.example/",
            "/\\evil.example",
            "evil.example",
            "",
        ] {
            let r = go(form(
                req(&s, Method::POST, "/login", None),
                &[("email", OFFICER), ("password", PASSWORD), ("next", next)],
            ))
            .await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{next:?} on {}", db.backend);
            assert_eq!(r.header("location").as_deref(), Some("/"), "next = {next:?}");
        }
        let page = go(req(
            &s,
            Method::GET,
            "/login?next=/%22%3E%3Cscript%3Ealert(1)%3C/script%3E",
            None,
        ))
        .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(!page.text.contains("<script>"), "the next path is escaped");
    })
    .await;
}

#[tokio::test]
async fn control_characters_in_next_do_not_leave_the_site() {
    each_backend(|db| async move {
        let s = Server::start(&db).await;
        account(&s, OFFICER, "regional_officer", Some("35.78"), PASSWORD).await;
        for next in ["/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example"] {
            let r = go(form(
                req(&s, Method::POST, "/login", None),
                &[("email", OFFICER), ("password", PASSWORD), ("next", next)],
            ))
            .await;
            assert_eq!(
                r.status,
                StatusCode::SEE_OTHER,
                "{next:?} on {}: {}",
                db.backend,
                r.text
            );
            // Browsers drop tabs and newlines from URLs (WHATWG URL parser).
            let location: String = r.headers[LOCATION]
                .as_bytes()
                .iter()
                .filter(|b| !matches!(b, b'\t' | b'\n' | b'\r'))
                .map(|b| *b as char)
                .collect();
            assert!(!location.starts_with("//"), "{next:?} redirects to {location:?}");
        }
    })
    .await;
}

#[tokio::test]
async fn a_signed_in_browser_can_sign_in_again_with_the_form() {
    each_backend(|db| async move {
        let s = Server::start(&db).await;
        account(&s, OFFICER, "regional_officer", Some("35.78"), PASSWORD).await;
        let (cookie, _) = sign_in(&s, OFFICER, PASSWORD).await;
        let page = go(req(&s, Method::GET, "/login", Some(&cookie))).await;
        assert_eq!(page.status, StatusCode::OK);
        // Submit the sign-in form as the page renders it (its hidden fields included).
        let form_html = &page.text[page.text.find("action=\"/login\"").unwrap()..];
        let form_html = &form_html[..form_html.find("</form>").unwrap()];
        let mut fields = vec![("email", OFFICER), ("password", PASSWORD), ("next", "/")];
        let csrf = csrf_in_page(form_html);
        if let Some(c) = &csrf {
            fields.push(("_csrf", c.as_str()));
        }
        let r = go(form(req(&s, Method::POST, "/login", Some(&cookie)), &fields)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "on {}: {}", db.backend, r.text);
        let rotated = r.session().unwrap();
        assert_ne!(rotated, cookie);
        assert_eq!(me(&s, &cookie).await.status, StatusCode::UNAUTHORIZED);
        assert_eq!(me(&s, &rotated).await.status, StatusCode::OK);
    })
    .await;
}

#[tokio::test]
async fn sign_in_does_not_tell_which_accounts_exist() {
    each_backend(|db| async move {
        let s = Server::start(&db).await;
        account(&s, OFFICER, "regional_officer", Some("35.78"), PASSWORD).await;
        account(&s, "gone@jalin.test", "regional_officer", Some("35.78"), PASSWORD).await;
        s.app
            .accounts
            .revoke_user(&s.app.system_ctx("t"), "gone@jalin.test")
            .await
            .unwrap();

        let wrong_password = api_login(&s, OFFICER, "not the password", None).await;
        let no_account = api_login(&s, "nobody@jalin.test", "not the password", None).await;
        let deactivated = api_login(&s, "gone@jalin.test", PASSWORD, None).await;
        assert_eq!(wrong_password.status, StatusCode::UNAUTHORIZED, "on {}", db.backend);
        assert_eq!(wrong_password.json()["error"], "invalid_credentials");
        for other in [&no_account, &deactivated] {
            assert_eq!(other.status, wrong_password.status);
            assert_eq!(other.text, wrong_password.text, "identical bodies");
            assert_eq!(
                other.header("www-authenticate"),
                wrong_password.header("www-authenticate")
            );
            assert!(other.session_line().is_none());
        }

        let pages: Vec<Reply> = {
            let mut v = vec![];
            for email in [OFFICER, "nobody@jalin.test"] {
                v.push(
                    go(form(
                        req(&s, Method::POST, "/login", None),
                        &[("email", email), ("password", "not the password")],
                    ))
                    .await,
                );
            }
            v
        };
        assert_eq!(pages[0].status, StatusCode::UNAUTHORIZED);
        assert_eq!(pages[1].status, StatusCode::UNAUTHORIZED);
        assert_eq!(
            pages[0].text.replace(OFFICER, "EMAIL"),
            pages[1].text.replace("nobody@jalin.test", "EMAIL"),
            "the form says the same for both"
        );

        let mut replies = vec![];
        for email in [OFFICER, "nobody@jalin.test", "gone@jalin.test"] {
            replies.push(
                go(req(&s, Method::POST, "/api/v1/auth/password-reset", None).json(&json!({"email": email}))).await,
            );
        }
        for r in &replies {
            assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.text);
            assert_eq!(r.text, replies[0].text);
        }
    })
    .await;
}

#[tokio::test]
async fn a_password_reset_by_e_mail() {
    each_backend(|db| async move {
        let (s, mailer) = start_with(&db, true).await;
        account(&s, OFFICER, "regional_officer", Some("35.78"), PASSWORD).await;
        let (cookie, _) = sign_in(&s, OFFICER, PASSWORD).await;

        let r =
            go(req(&s, Method::POST, "/api/v1/auth/password-reset", None).json(&json!({"email": "nobody@jalin.test"})))
                .await;
        assert_eq!(r.status, StatusCode::ACCEPTED, "on {}", db.backend);
        assert!(sent(&mailer).is_empty(), "no mail for an unknown address");

        let r =
            go(req(&s, Method::POST, "/api/v1/auth/password-reset", None)
                .json(&json!({"email": " Officer@Jalin.TEST "})))
            .await;
        assert_eq!(r.status, StatusCode::ACCEPTED);
        let mails = sent(&mailer);
        assert_eq!(mails.len(), 1, "{mails:?}");
        assert_eq!(mails[0].to, OFFICER);
        let link = "http://jalin.test/reset-password?token=";
        let start = mails[0].body.find(link).expect("a reset link") + link.len();
        let token: String = mails[0].body[start..]
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        assert_eq!(token.len(), 64, "{}", mails[0].body);

        // The link opens the page with the token in the form.
        let page = go(req(&s, Method::GET, &format!("/reset-password?token={token}"), None)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.text.contains(&token));

        let confirm = |token: String, password: &'static str| {
            let r = req(&s, Method::POST, "/api/v1/auth/password-reset/confirm", None)
                .json(&json!({"token": token, "password": password}));
            go(r)
        };
        let short = confirm(token.clone(), "short").await;
        assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(short.json()["fields"]["password"].is_string(), "{}", short.text);
        let forged = confirm("0".repeat(64), "a brand new password").await;
        assert_eq!(forged.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(forged.json()["fields"]["token"].is_string(), "{}", forged.text);
        assert_eq!(me(&s, &cookie).await.status, StatusCode::OK, "nothing changed yet");

        let done = confirm(token.clone(), "a brand new password").await;
        assert_eq!(
            done.status,
            StatusCode::NO_CONTENT,
            "a short password does not use up the token: {}",
            done.text
        );
        assert_eq!(
            me(&s, &cookie).await.status,
            StatusCode::UNAUTHORIZED,
            "every session ended"
        );
        assert_eq!(
            api_login(&s, OFFICER, PASSWORD, None).await.status,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            api_login(&s, OFFICER, "a brand new password", None).await.status,
            StatusCode::OK
        );

        let reused = confirm(token, "yet another password").await;
        assert_eq!(
            reused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "a token works once: {}",
            reused.text
        );
        assert_eq!(reused.json()["error"], "validation_failed");
        assert_eq!(
            api_login(&s, OFFICER, "yet another password", None).await.status,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            api_login(&s, OFFICER, "a brand new password", None).await.status,
            StatusCode::OK
        );
    })
    .await;
}

fn retry_after(r: &Reply) -> i64 {
    r.header("retry-after")
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no Retry-After in {:?}", r.headers))
}

#[tokio::test]
async fn failed_sign_ins_are_throttled_per_account_and_address() {
    each_backend(|db| async move {
        let s = Server::start(&db).await;
        account(&s, OFFICER, "regional_officer", Some("35.78"), PASSWORD).await;
        account(&s, "other@jalin.test", "regional_officer", Some("35.78"), PASSWORD).await;
        for i in 0..5 {
            // The account is the same whatever the case of its address.
            let email = if i % 2 == 0 { OFFICER } else { "OFFICER@jalin.test" };
            let r = api_login(&s, email, "not the password", Some("198.51.100.1")).await;
            assert_eq!(
                r.status,
                StatusCode::UNAUTHORIZED,
                "attempt {} on {}",
                i + 1,
                db.backend
            );
        }
        let r = api_login(&s, OFFICER, PASSWORD, Some("198.51.100.1")).await;
        assert_eq!(
            r.status,
            StatusCode::TOO_MANY_REQUESTS,
            "even the right password: {}",
            r.text
        );
        assert_eq!(r.json()["error"], "throttled");
        assert!(r.session_line().is_none());
        let seconds = retry_after(&r);
        assert!((1..=900).contains(&seconds), "Retry-After: {seconds}");
        // The form refuses that address too ...
        let r = go(form(
            req(&s, Method::POST, "/login", None).header("x-forwarded-for", "198.51.100.1"),
            &[("email", OFFICER), ("password", PASSWORD)],
        ))
        .await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(r.session_line().is_none());
        // ... but the lockout is per account and address: the owner signs in from another
        // address (issue 13), slowed down, not refused.
        let r = api_login(&s, OFFICER, PASSWORD, Some("198.51.100.2")).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        // Other accounts are not affected.
        let r = api_login(&s, "other@jalin.test", PASSWORD, Some("198.51.100.1")).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    })
    .await;
}

#[tokio::test]
async fn failed_sign_ins_are_throttled_per_address() {
    each_backend(|db| async move {
        let s = Server::start(&db).await;
        account(&s, OFFICER, "regional_officer", Some("35.78"), PASSWORD).await;
        for i in 0..20 {
            let r = api_login(
                &s,
                &format!("guess{i}@jalin.test"),
                "not the password",
                Some("203.0.113.7"),
            )
            .await;
            assert_eq!(
                r.status,
                StatusCode::UNAUTHORIZED,
                "attempt {} on {}",
                i + 1,
                db.backend
            );
        }
        let r = api_login(&s, OFFICER, PASSWORD, Some("203.0.113.7")).await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.text);
        assert!((1..=900).contains(&retry_after(&r)));
        let r = api_login(&s, OFFICER, PASSWORD, Some("203.0.113.8")).await;
        assert_eq!(r.status, StatusCode::OK, "another address gets through: {}", r.text);
        let r = api_login(&s, OFFICER, PASSWORD, None).await;
        assert_eq!(r.status, StatusCode::OK, "and so does the connection's own address");
    })
    .await;
}

#[tokio::test]
async fn forwarded_headers_count_only_behind_a_proxy() {
    each_backend(|db| async move {
        let (s, _) = start_with(&db, false).await;
        account(&s, OFFICER, "regional_officer", Some("35.78"), PASSWORD).await;
        // A client that connects directly cannot claim HTTPS ...
        let r = go(req(&s, Method::POST, "/api/v1/auth/login", None)
            .header("x-forwarded-proto", "https")
            .json(&json!({"email": OFFICER, "password": PASSWORD})))
        .await;
        assert_eq!(r.status, StatusCode::OK, "on {}: {}", db.backend, r.text);
        assert!(!r.session_line().unwrap().contains("Secure"));
        assert_eq!(r.header("strict-transport-security"), None);
        // ... nor escape the per-address limit with made-up X-Forwarded-For addresses.
        for i in 0..20 {
            let r = api_login(
                &s,
                &format!("guess{i}@jalin.test"),
                "not the password",
                Some(&format!("10.8.0.{i}")),
            )
            .await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        }
        let r = api_login(&s, OFFICER, PASSWORD, Some("10.8.1.1")).await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.text);
    })
    .await;
}

#[tokio::test]
async fn a_client_cannot_pick_its_own_address_behind_an_appending_proxy() {
    each_backend(|db| async move {
        let s = Server::start(&db).await;
        account(&s, OFFICER, "regional_officer", Some("35.78"), PASSWORD).await;
        // The proxy appends the real client address (203.0.113.9) to what the client sent.
        for i in 0..20 {
            let hops = format!("10.9.0.{i}, 203.0.113.9");
            let r = api_login(&s, &format!("guess{i}@jalin.test"), "not the password", Some(&hops)).await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED, "on {}", db.backend);
        }
        let r = api_login(&s, OFFICER, PASSWORD, Some("10.9.0.99, 203.0.113.9")).await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.text);
    })
    .await;
}

#[tokio::test]
async fn api_tokens() {
    each_backend(|db| async move {
        let s = Server::start(&db).await;
        account(&s, OFFICER, "regional_officer", Some("35.78"), PASSWORD).await;
        account(&s, "bandung@jalin.test", "regional_officer", Some("32.73"), PASSWORD).await;
        let (cookie, csrf) = sign_in(&s, OFFICER, PASSWORD).await;
        let create = |scopes: Value| {
            let r = req(&s, Method::POST, "/api/v1/tokens", Some(&cookie))
                .header("x-csrf-token", &csrf)
                .json(&json!({"name": "script", "scopes": scopes}));
            go(r)
        };
        let created = create(json!(["read"])).await;
        assert_eq!(
            created.status,
            StatusCode::CREATED,
            "{} on {}",
            created.text,
            db.backend
        );
        let created = created.json();
        let secret = created["secret"].as_str().unwrap().to_owned();
        let id = created["token"]["id"].as_str().unwrap().to_owned();
        assert!(secret.starts_with("jalin_") && secret.len() > 40, "{secret}");
        assert_eq!(created["token"]["scopes"], json!(["read"]));
        let refused = create(json!(["read", "admin"])).await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "only administrators get admin"
        );

        // The secret is shown once, and kept only as a hash.
        let listed = go(req(&s, Method::GET, "/api/v1/tokens", Some(&cookie))).await;
        assert_eq!(listed.status, StatusCode::OK);
        let hex = secret.trim_start_matches("jalin_");
        assert!(!listed.text.contains(hex), "{}", listed.text);
        let items = listed.json()["items"].as_array().unwrap().clone();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0]["id"].as_str(), Some(id.as_str()));
        assert!(
            items[0].get("secret").is_none() && items[0]["revoked_at"].is_null(),
            "{}",
            items[0]
        );
        {
            let mut tx = s.store.read().await.unwrap();
            let by_hash = tx
                .accounts()
                .token_by_hash(&jalin_app::accounts::secret_hash(&secret))
                .await
                .unwrap();
            assert_eq!(by_hash.map(|t| t.id.to_string()), Some(id.clone()));
            assert!(tx.accounts().token_by_hash(&secret).await.unwrap().is_none());
        }
        if db.backend == "sqlite" {
            let path = db.url.trim_start_matches("sqlite://");
            let mut bytes = std::fs::read(path).unwrap();
            bytes.extend(std::fs::read(format!("{path}-wal")).unwrap_or_default());
            let contains = |needle: &str| bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
            assert!(
                contains(&jalin_app::accounts::secret_hash(&secret)),
                "the hash is stored"
            );
            assert!(!contains(hex), "the secret is not stored");
        }

        // A read-only token reads, and changes nothing.
        let bearer = |method: Method, path: &str, token: &str| req(&s, method, path, None).bearer_auth(token);
        let r = go(bearer(Method::GET, "/api/v1/auth/me", &secret)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        assert_eq!(
            (r.json()["user"]["email"].as_str(), r.json()["token_scopes"].clone()),
            (Some(OFFICER), json!(["read"]))
        );
        assert_eq!(r.json()["csrf_token"], Value::Null);
        let r = go(bearer(Method::GET, "/api/v1/cases", &secret)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let r = go(bearer(Method::POST, "/api/v1/agreements", &secret).json(&sister_city())).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
        assert!(
            r.json()["message"].as_str().unwrap().contains("'write' scope"),
            "{}",
            r.text
        );
        let (_, agreements) = s.get("/api/v1/agreements").await;
        assert_eq!(agreements["total"], 0, "nothing was created");
        // A token with the write scope may (no CSRF token needed with a bearer token).
        let writer = create(json!(["read", "write"])).await.json()["secret"]
            .as_str()
            .unwrap()
            .to_owned();
        let r = go(bearer(Method::POST, "/api/v1/agreements", &writer).json(&sister_city())).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);

        // Someone else cannot revoke it; its owner can.
        let stranger = s
            .token_for("bandung@jalin.test", "regional_officer", Some("32.73"))
            .await;
        let r = go(bearer(Method::DELETE, &format!("/api/v1/tokens/{id}"), &stranger)).await;
        assert!(
            matches!(r.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
            "{:?} {}",
            r.status,
            r.text
        );
        assert_eq!(
            go(bearer(Method::GET, "/api/v1/cases", &secret)).await.status,
            StatusCode::OK
        );
        let r = go(req(&s, Method::DELETE, &format!("/api/v1/tokens/{id}"), Some(&cookie))).await;
        assert_eq!(
            r.status,
            StatusCode::FORBIDDEN,
            "revoking with the cookie needs the CSRF token"
        );
        let r =
            go(req(&s, Method::DELETE, &format!("/api/v1/tokens/{id}"), Some(&cookie)).header("x-csrf-token", &csrf))
                .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text);
        let r = go(bearer(Method::GET, "/api/v1/cases", &secret)).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "a revoked token: {}", r.text);
        assert!(r.headers.contains_key(WWW_AUTHENTICATE));
        let listed = go(req(&s, Method::GET, "/api/v1/tokens", Some(&cookie))).await.json();
        let revoked = listed["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == id.as_str())
            .unwrap()
            .clone();
        assert!(revoked["revoked_at"].is_string(), "{revoked}");
        assert_eq!(
            go(bearer(Method::GET, "/api/v1/cases", &writer)).await.status,
            StatusCode::OK,
            "other tokens still work"
        );

        // Malformed or unknown credentials are refused, never treated as anonymous.
        for value in [
            "Basic b2ZmaWNlcjpwYXNzd29yZA==",
            "Bearer",
            "Bearer    ",
            "Token abc",
            "jalin_abc",
        ] {
            let r = go(req(&s, Method::GET, "/api/v1/regions/35.78", None).header("authorization", value)).await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{value:?}: {}", r.text);
            assert_eq!(r.header("www-authenticate").as_deref(), Some("Bearer realm=\"jalin\""));
            assert_eq!(r.json()["error"], "unauthorized");
        }
        let r = go(bearer(Method::GET, "/api/v1/regions/35.78", "jalin_0000")).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert!(r.headers.contains_key(WWW_AUTHENTICATE));
        // A bad Authorization header is not rescued by a good cookie.
        let r = go(req(&s, Method::GET, "/api/v1/auth/me", Some(&cookie)).header("authorization", "Basic eDp5")).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert_eq!(
            go(req(&s, Method::GET, "/api/v1/regions/35.78", None)).await.status,
            StatusCode::OK,
            "anonymous reading works"
        );
    })
    .await;
}

#[tokio::test]
async fn security_headers_on_api_and_pages() {
    each_backend(|db| async move {
        let s = Server::start(&db).await;
        for path in ["/healthz", "/api/v1/auth/me", "/about", "/login", "/no-such-page"] {
            for https in [false, true] {
                let mut r = req(&s, Method::GET, path, None);
                if https {
                    r = r.header("x-forwarded-proto", "https");
                }
                let r = go(r).await;
                let csp = r
                    .header("content-security-policy")
                    .unwrap_or_else(|| panic!("no CSP on {path}"));
                assert!(
                    !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
                    "{path}: {csp}"
                );
                assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
                assert!(
                    csp.contains("default-src 'self'") && csp.contains("object-src 'none'"),
                    "{path}: {csp}"
                );
                assert_eq!(r.header("x-content-type-options").as_deref(), Some("nosniff"), "{path}");
                assert_eq!(r.header("x-frame-options").as_deref(), Some("DENY"), "{path}");
                assert_eq!(
                    r.header("referrer-policy").as_deref(),
                    Some("strict-origin-when-cross-origin"),
                    "{path} on {}",
                    db.backend
                );
                let hsts = r.header("strict-transport-security");
                if https {
                    let hsts = hsts.unwrap_or_else(|| panic!("no HSTS on {path} over https"));
                    assert!(hsts.contains("max-age=31536000"), "{hsts}");
                } else {
                    assert_eq!(hsts, None, "no HSTS on {path} over plain HTTP");
                }
            }
        }
    })
    .await;
}

#[tokio::test]
async fn another_site_cannot_sign_a_browser_in() {
    each_backend(|db| async move {
        let s = Server::start(&db).await;
        account(&s, OFFICER, "regional_officer", Some("35.78"), PASSWORD).await;
        let host = s.base.trim_start_matches("http://").to_owned();
        for origin in ["http://evil.example", "null", &format!("http://{host}.evil.example")] {
            let r = go(req(&s, Method::POST, "/api/v1/auth/login", None)
                .header("origin", origin)
                .json(&json!({"email": OFFICER, "password": PASSWORD})))
            .await;
            assert_eq!(
                r.status,
                StatusCode::FORBIDDEN,
                "{origin} on {}: {}",
                db.backend,
                r.text
            );
            assert!(r.session_line().is_none());
            let r = go(form(
                req(&s, Method::POST, "/login", None).header("origin", origin),
                &[("email", OFFICER), ("password", PASSWORD)],
            ))
            .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "form from {origin}");
            assert!(r.session_line().is_none());
        }
        // The site's own origin is fine, for the API and the form.
        let r = go(req(&s, Method::POST, "/api/v1/auth/login", None)
            .header("origin", s.base.as_str())
            .json(&json!({"email": OFFICER, "password": PASSWORD})))
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let r = go(form(
            req(&s, Method::POST, "/login", None).header("origin", s.base.as_str()),
            &[("email", OFFICER), ("password", PASSWORD)],
        ))
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    })
    .await;
}
