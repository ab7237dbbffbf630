//! The real application on port 0, started by the same assembly as `jalin serve`
//! ([`jalin_cli::launch_with`]), with helpers to act as users of each role.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use jalin_app::App;
use jalin_app::accounts::UserInput;
use jalin_app::ports::clock::FixedClock;
use jalin_app::ports::mailer::MemoryMailer;
use jalin_app::workers::Restarts;
use jalin_cli::settings::Settings;
use jalin_cli::{LaunchOptions, SearchPlacement, WorkerSelection};
use jalin_domain::account::TokenScope;
use jalin_testkit::TestDbRef;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use std::sync::Arc;
use tokio_util::sync::CancellationToken;

pub struct Server {
    pub base: String,
    pub client: reqwest::Client,
    pub app: Arc<App>,
    /// The database behind the application (for tests that look behind its back).
    pub store: Arc<dyn jalin_app::ports::store::Store>,
    /// An administrator's API token (read, write, admin).
    pub admin: String,
}

/// A [`Server`] with what its launch reports: worker restarts, the mail it sent, and the
/// token that stops it (it also stops when the test's runtime ends).
pub struct Launched {
    pub server: Server,
    pub restarts: Restarts,
    pub mailer: Arc<MemoryMailer>,
    pub stop: CancellationToken,
}

impl std::ops::Deref for Launched {
    type Target = Server;
    fn deref(&self) -> &Server {
        &self.server
    }
}

impl Server {
    pub async fn start(db: &TestDbRef) -> Server {
        Self::launch(db, |_, _| {}).await.server
    }

    /// The test server, after `configure` changed its settings and launch options. By
    /// default: the test clock, an in-memory index and mailer, files in the database, behind
    /// a trusted proxy, and only the indexer in the background (tests run jobs and timers
    /// themselves, when they want them to have run).
    pub async fn launch(db: &TestDbRef, configure: impl FnOnce(&mut Settings, &mut LaunchOptions)) -> Launched {
        let mut settings = Settings::default();
        settings.database.url = db.url.clone();
        settings.server.public_url = Some("http://jalin.test".into());
        settings.server.behind_proxy = true;
        settings.documents.store = "database".into();
        let mailer = Arc::new(MemoryMailer::default());
        let mut options = LaunchOptions {
            clock: Arc::new(FixedClock(jalin_testkit::test_now())),
            mailer: Some(mailer.clone()),
            search: SearchPlacement::InMemory,
            workers: WorkerSelection {
                warm_up: false,
                indexer: true,
                jobs: false,
                timers: false,
            },
            version: "test".into(),
            ..LaunchOptions::default()
        };
        configure(&mut settings, &mut options);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let stop = CancellationToken::new();
        let running = jalin_cli::launch_with(&settings, options, listener, stop.clone())
            .await
            .expect("launch the test server");
        let mut server = Server {
            base: format!("http://{}", running.addr),
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            app: running.app.clone(),
            store: db.store.clone(),
            admin: String::new(),
        };
        server.admin = server.token_for("admin@jalin.test", "administrator", None).await;
        Launched {
            server,
            restarts: running.restarts.clone(),
            mailer,
            stop,
        }
    }

    /// Registers a sister-city agreement of `region` with Kitakyushu, in force since 30 days
    /// ago and ending in `days`; its id.
    pub async fn expiring_agreement(&self, region: &str, title: &str, days: i64) -> String {
        let system = self.app.system_ctx("test");
        let input = serde_json::json!({
            "form": "KSDPL", "subtype": "sister_city", "tier": "mou", "status": "in_force",
            "title_id": title,
            "parties": [{"region_code": region}, {"geonameid": 1_859_307}],
            "fields": ["2.11"], "signed_on": (system.today - time::Duration::days(30)).to_string(),
            "expires_on": (system.today + time::Duration::days(days)).to_string()
        });
        let agreement = self
            .app
            .registry
            .create_agreement(&system, &serde_json::from_value(input).unwrap())
            .await
            .unwrap();
        agreement.id.to_string()
    }

    /// Creates an account (if needed) and an API token with every scope its role may have.
    pub async fn token_for(&self, email: &str, role: &str, region: Option<&str>) -> String {
        let ctx = self.app.system_ctx("test");
        let input = UserInput {
            email: Some(email.into()),
            name: Some(email.split('@').next().unwrap().into()),
            role: Some(role.into()),
            region_code: region.map(str::to_owned),
            password: None,
        };
        match self.app.accounts.create_user(&ctx, &input).await {
            Ok(_) | Err(jalin_app::AppError::Invalid(_)) => {}
            Err(e) => panic!("cannot create {email}: {e}"),
        }
        let mut scopes = vec![TokenScope::Read, TokenScope::Write];
        if role == "administrator" {
            scopes.push(TokenScope::Admin);
        }
        self.app
            .accounts
            .create_token(&ctx, Some(email), "test", &scopes, None)
            .await
            .unwrap()
            .1
    }

    /// Creates an account with a password (if needed) and signs in through the API: the
    /// `Cookie` header value of the session and its CSRF token.
    pub async fn sign_in(&self, email: &str, role: &str, region: Option<&str>) -> (String, String) {
        let password = "kata sandi yang cukup panjang 2026";
        let input = UserInput {
            email: Some(email.into()),
            name: Some(email.split('@').next().unwrap().into()),
            role: Some(role.into()),
            region_code: region.map(str::to_owned),
            password: Some(password.into()),
        };
        match self
            .app
            .accounts
            .create_user(&self.app.system_ctx("test"), &input)
            .await
        {
            Ok(_) | Err(jalin_app::AppError::Invalid(_)) => {}
            Err(e) => panic!("cannot create {email}: {e}"),
        }
        let r = self
            .client
            .post(format!("{}/api/v1/auth/login", self.base))
            .json(&serde_json::json!({"email": email, "password": password}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "sign-in of {email}");
        let cookie = r
            .headers()
            .get_all(reqwest::header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("jalin_session="))
            .and_then(|v| v.split(';').next())
            .unwrap()
            .to_owned();
        let body: Value = r.json().await.unwrap();
        (cookie, body["csrf_token"].as_str().unwrap().to_owned())
    }

    /// Uploads a file to a case (`POST /api/v1/cases/{case}/files`): status and JSON body.
    pub async fn upload_case_file(
        &self,
        token: &str,
        case: &str,
        filename: &str,
        bytes: Vec<u8>,
    ) -> (StatusCode, Value) {
        let r = self
            .client
            .post(format!("{}/api/v1/cases/{case}/files?filename={filename}", self.base))
            .bearer_auth(token)
            .body(bytes)
            .send()
            .await
            .unwrap();
        let status = r.status();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    /// A GET with a bearer token.
    pub async fn get_as(&self, path: &str, token: &str) -> (StatusCode, Value) {
        self.call(Method::GET, path, Some(token), None).await
    }

    /// A request with an optional bearer token and JSON body.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> (StatusCode, Value) {
        let mut req = self.client.request(method, format!("{}{path}", self.base));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(b);
        }
        let r = req.send().await.unwrap();
        let status = r.status();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    /// The raw text of a response (for "no foreign data" checks).
    pub async fn call_text(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> (StatusCode, String) {
        let mut req = self.client.request(method, format!("{}{path}", self.base));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(b);
        }
        let r = req.send().await.unwrap();
        let status = r.status();
        (status, r.text().await.unwrap_or_default())
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.call(Method::GET, path, None, None).await
    }

    /// A change as the administrator, optionally with `If-Match`.
    pub async fn send(&self, method: Method, path: &str, body: &Value, if_match: Option<&str>) -> (StatusCode, Value) {
        let mut req = self
            .client
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.admin)
            .json(body);
        if let Some(v) = if_match {
            req = req.header("If-Match", v);
        }
        let r = req.send().await.unwrap();
        let status = r.status();
        (status, r.json().await.unwrap_or(Value::Null))
    }
}
