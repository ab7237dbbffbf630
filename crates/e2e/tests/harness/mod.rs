//! The machinery of the end-to-end tests: finding Chromium, chromedriver and axe-core
//! (skipping with a printed reason when one is missing, failing instead when
//! `JALIN_E2E_REQUIRED=1`), chromedriver as a child process that is killed at the end (also
//! on panic), the real application over a fresh database with the demo dataset, and a
//! browser with the few verbs the scenarios need: go, find, type, click, wait, screenshot
//! and the axe-core check.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use fantoccini::elements::Element;
use fantoccini::wd::Capabilities;
use fantoccini::{Client, ClientBuilder, Locator};
use jalin_app::App;
use jalin_app::accounts::UserInput;
use jalin_app::ports::mailer::MemoryMailer;
use jalin_devdata::generate::GeneratorReference;
use jalin_testkit::TestDb;
use jalin_web::{AppState, WebConfig};
use serde_json::{Value, json};
use std::future::Future;
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Set to `1` (CI does) to make a missing browser, driver or axe-core a failure.
pub const REQUIRED_VAR: &str = "JALIN_E2E_REQUIRED";
/// Where axe-core's `axe.min.js` is, when not in `<workspace>/node_modules/axe-core/`.
pub const AXE_VAR: &str = "JALIN_AXE_PATH";
/// Overrides for the browser and the driver.
pub const CHROMIUM_VAR: &str = "JALIN_CHROMIUM";
pub const CHROMEDRIVER_VAR: &str = "JALIN_CHROMEDRIVER";

/// The password of every test account.
pub const PASSWORD: &str = "uji-ujung-ke-ujung-2026";
pub const OFFICER: &str = "kerjasama@kukarkab.go.id";
pub const APPROVER: &str = "sekda@kukarkab.go.id";
pub const GOVERNOR: &str = "biro.kerjasama@kaltimprov.go.id";
pub const REVIEWER: &str = "pfks@kemendagri.go.id";

/// How long a wait for something on the page lasts before the test fails.
const WAIT: Duration = Duration::from_secs(15);

/// One browser at a time: the machines have two cores, and the scenarios are heavy enough.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

pub fn workspace_root() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    dir.canonicalize().unwrap_or(dir)
}

fn required() -> bool {
    std::env::var(REQUIRED_VAR).is_ok_and(|v| !v.is_empty() && v != "0")
}

/// Skips (prints why) or, when the tests are required, fails.
fn skip(test: &str, reason: &str) {
    if required() {
        panic!("{test}: the end-to-end tests are required ({REQUIRED_VAR}=1) but cannot run: {reason}");
    }
    eprintln!("skipping {test}: {reason} (set {REQUIRED_VAR}=1 to make this an error)");
}

fn on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

fn tool(var: &str, names: &[&str], what: &str) -> Result<PathBuf, String> {
    match std::env::var_os(var) {
        Some(p) if Path::new(&p).is_file() => Ok(PathBuf::from(p)),
        Some(p) => Err(format!("{var}={} does not exist", Path::new(&p).display())),
        None => {
            on_path(names).ok_or_else(|| format!("{what} is not installed (looked for {} on PATH)", names.join(", ")))
        }
    }
}

/// What the tests need from outside Rust.
pub struct Tools {
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
    /// axe-core's source, injected into every checked page.
    pub axe: Arc<String>,
}

impl Tools {
    fn locate() -> Result<Tools, String> {
        let chromium = tool(
            CHROMIUM_VAR,
            &["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"],
            "Chromium",
        )?;
        let chromedriver = tool(CHROMEDRIVER_VAR, &["chromedriver"], "chromedriver")?;
        let axe_path = std::env::var_os(AXE_VAR)
            .map(PathBuf::from)
            .unwrap_or_else(|| workspace_root().join("node_modules/axe-core/axe.min.js"));
        let axe = std::fs::read_to_string(&axe_path).map_err(|e| {
            format!(
                "axe-core is not at {} ({e}); run `npm install --no-save axe-core@4` in the workspace or set {AXE_VAR}",
                axe_path.display()
            )
        })?;
        Ok(Tools {
            chromium,
            chromedriver,
            axe: Arc::new(axe),
        })
    }
}

fn free_port() -> Result<u16, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port: {e}"))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| format!("no free port: {e}"))
}

/// chromedriver, started by the test in its own process group; dropping it (also while a
/// panic unwinds) ends the group — chromedriver and any Chromium it left behind.
pub struct ChromeDriver {
    child: Child,
    pub url: String,
}

impl ChromeDriver {
    fn start(path: &Path) -> Result<ChromeDriver, String> {
        use std::os::unix::process::CommandExt;
        let port = free_port()?;
        let child = Command::new(path)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", path.display()))?;
        let mut driver = ChromeDriver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let started = Instant::now();
        loop {
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return Ok(driver);
            }
            if let Ok(Some(status)) = driver.child.try_wait() {
                return Err(format!("chromedriver exited at start ({status})"));
            }
            if started.elapsed() > Duration::from_secs(20) {
                return Err(format!("chromedriver did not answer on port {port} within 20 s"));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill")
            .args(["-TERM", "--", &group])
            .stderr(Stdio::null())
            .status();
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The real application on 127.0.0.1, port 0, over a fresh SQLite database with the
/// reference data, the demo dataset and one account for each role the scenarios play.
pub struct Server {
    pub base: String,
    pub app: Arc<App>,
    /// The mail the application sent (invitations, password links).
    pub mailer: Arc<MemoryMailer>,
    task: tokio::task::JoinHandle<()>,
    _db: TestDb,
}

impl Server {
    async fn start() -> Server {
        let db = TestDb::sqlite().await;
        let mailer = Arc::new(MemoryMailer::default());
        let app = Arc::new(
            db.app_builder()
                .with_mailer(mailer.clone())
                .with_sdg_suggester(Arc::new(jalin_search::KeywordSdgSuggester::new()))
                .build()
                .await
                .expect("app"),
        );
        let datasets = tokio::task::spawn_blocking(|| jalin_refdata::load(None))
            .await
            .expect("reference loader")
            .expect("embedded reference data");
        let report = jalin_devdata::seed_demo(&app, &GeneratorReference::from_datasets(&datasets), 400)
            .await
            .expect("seed the demo dataset");
        assert!(report.seeded && report.agreements > 400, "{report:?}");
        let ctx = app.system_ctx("e2e");
        for (email, role, region) in [
            (OFFICER, "regional_officer", Some("64.02")),
            (APPROVER, "regional_approver", Some("64.02")),
            (GOVERNOR, "province_officer", Some("64")),
            (REVIEWER, "kemendagri_reviewer", None),
        ] {
            app.accounts
                .create_user(
                    &ctx,
                    &UserInput {
                        email: Some(email.to_owned()),
                        name: Some(email.split('@').next().unwrap_or(email).to_owned()),
                        role: Some(role.to_owned()),
                        region_code: region.map(str::to_owned),
                        password: Some(PASSWORD.to_owned()),
                    },
                )
                .await
                .unwrap_or_else(|e| panic!("cannot create {email}: {e}"));
        }
        app.registry.warm_registry_index().await.expect("registry index");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("address");
        let base = format!("http://{addr}");
        let state = AppState {
            app: app.clone(),
            config: Arc::new(WebConfig {
                version: "e2e".into(),
                demo: true,
                public_url: base.clone(),
                behind_proxy: false,
                ..Default::default()
            }),
        };
        let task = tokio::spawn(async move {
            let service = jalin_web::router(state).into_make_service_with_connect_info::<SocketAddr>();
            axum::serve(listener, service).await.expect("serve");
        });
        Server {
            base,
            app,
            mailer,
            task,
            _db: db,
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A serious or critical axe-core finding, already formatted.
struct Finding {
    page: String,
    text: String,
}

/// A Chromium session on the application.
pub struct Browser {
    pub client: Client,
    pub server: Server,
    axe: Arc<String>,
    shots: PathBuf,
    findings: Mutex<Vec<Finding>>,
    /// Temporary files the scenarios upload.
    files: tempfile::TempDir,
}

async fn connect(driver: &ChromeDriver, tools: &Tools, profile: &Path) -> Result<Client, String> {
    let caps: Capabilities = serde_json::from_value(json!({
        "browserName": "chrome",
        "pageLoadStrategy": "normal",
        "timeouts": {"script": 120_000, "pageLoad": 60_000, "implicit": 0},
        "goog:chromeOptions": {
            "binary": tools.chromium,
            "args": [
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--window-size=1280,900",
                "--lang=id-ID",
                format!("--user-data-dir={}", profile.display()),
            ],
        },
    }))
    .map_err(|e| e.to_string())?;
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&driver.url)
        .await
        .map_err(|e| format!("cannot open a Chromium session through chromedriver: {e}"))
}

/// Runs one scenario in a fresh browser on a fresh application, or skips it when the tools
/// are missing. The session is closed and chromedriver ended also when the scenario
/// panics; serious and critical accessibility findings fail the test at the end.
pub async fn scenario<F, Fut>(test: &str, body: F)
where
    F: FnOnce(Arc<Browser>) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let tools = match Tools::locate() {
        Ok(t) => t,
        Err(reason) => return skip(test, &reason),
    };
    let _one_at_a_time = SERIAL.lock().await;
    let started = Instant::now();
    let driver = match ChromeDriver::start(&tools.chromedriver) {
        Ok(d) => d,
        Err(reason) => return skip(test, &reason),
    };
    let profile = tempfile::tempdir().expect("profile dir");
    let client = match connect(&driver, &tools, profile.path()).await {
        Ok(c) => c,
        Err(reason) => return skip(test, &reason),
    };
    let server = Server::start().await;
    eprintln!(
        "{test}: Jalin on {}, browser ready after {:.1} s",
        server.base,
        started.elapsed().as_secs_f64()
    );
    let shots = workspace_root().join("target/e2e-screenshots");
    std::fs::create_dir_all(&shots).expect("screenshot dir");
    let browser = Arc::new(Browser {
        client: client.clone(),
        server,
        axe: tools.axe.clone(),
        shots,
        findings: Mutex::new(Vec::new()),
        files: tempfile::tempdir().expect("upload dir"),
    });
    let outcome = tokio::spawn(body(browser.clone())).await;
    let _ = client.close().await;
    drop(driver);
    let findings = std::mem::take(&mut *browser.findings.lock().expect("findings"));
    match outcome {
        Ok(()) => {}
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(e) => panic!("{test}: the scenario did not finish: {e}"),
    }
    eprintln!("{test}: finished in {:.1} s", started.elapsed().as_secs_f64());
    if !findings.is_empty() {
        let report = findings
            .iter()
            .map(|f| format!("── {} ──\n{}", f.page, f.text))
            .collect::<Vec<_>>()
            .join("\n");
        panic!(
            "{test}: {} serious or critical accessibility violation(s):\n{report}",
            findings.len()
        );
    }
}

/// Injects axe-core (once per document) and runs it; resolves to `{violations}` or `{error}`.
const AXE_RUN: &str = r#"
const done = arguments[arguments.length - 1];
axe.run(document, { resultTypes: ["violations"] })
  .then(r => done({ violations: r.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map(n => ({ target: n.target.join(" "), html: n.html, summary: n.failureSummary }))
  })) }))
  .catch(e => done({ error: String(e && e.stack || e) }));
"#;

impl Browser {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.base)
    }

    pub async fn goto(&self, path: &str) {
        self.client
            .goto(&self.url(path))
            .await
            .unwrap_or_else(|e| panic!("cannot open {path}: {e}"));
    }

    /// The current path with its query.
    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.expect("current url");
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        }
    }

    /// Waits until the current path (with query) satisfies `ok`.
    pub async fn wait_path(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        loop {
            let path = self.path().await;
            if ok(&path) {
                return path;
            }
            if started.elapsed() > WAIT {
                panic!("waited for {what}, still at {path}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn find(&self, css: &str) -> Element {
        match self.client.wait().at_most(WAIT).for_element(Locator::Css(css)).await {
            Ok(e) => e,
            Err(e) => panic!("no element {css} on {}: {e}", self.path_or_unknown().await),
        }
    }

    pub async fn find_xpath(&self, xpath: &str) -> Element {
        match self
            .client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::XPath(xpath))
            .await
        {
            Ok(e) => e,
            Err(e) => panic!("no element {xpath} on {}: {e}", self.path_or_unknown().await),
        }
    }

    async fn path_or_unknown(&self) -> String {
        match self.client.current_url().await {
            Ok(u) => u.to_string(),
            Err(_) => "?".to_owned(),
        }
    }

    pub async fn exists(&self, css: &str) -> bool {
        self.client
            .find_all(Locator::Css(css))
            .await
            .is_ok_and(|v| !v.is_empty())
    }

    pub async fn text(&self, css: &str) -> String {
        // htmx may replace the element between finding and reading it: find it again.
        let started = Instant::now();
        loop {
            match self.find(css).await.text().await {
                Ok(text) => return text,
                Err(e) => assert!(
                    started.elapsed() < Duration::from_secs(15),
                    "the text of {css} stayed unreadable: {e}"
                ),
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the text of `css` contains every one of `needles`; returns that text.
    pub async fn wait_text(&self, css: &str, needles: &[&str]) -> String {
        let started = Instant::now();
        loop {
            let text = match self.client.find(Locator::Css(css)).await {
                Ok(e) => e.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if needles.iter().all(|n| text.contains(n)) {
                return text;
            }
            if started.elapsed() > WAIT {
                panic!(
                    "waited for {needles:?} in {css} on {}; it reads:\n{text}",
                    self.path_or_unknown().await
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The `lang` of the document.
    pub async fn lang(&self) -> String {
        self.find("html")
            .await
            .attr("lang")
            .await
            .expect("lang")
            .unwrap_or_default()
    }

    pub async fn click(&self, css: &str) {
        self.find(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("cannot click {css}: {e}"));
    }

    /// Replaces the value of a text field by typing.
    pub async fn fill(&self, css: &str, value: &str) {
        let e = self.find(css).await;
        e.clear()
            .await
            .unwrap_or_else(|err| panic!("cannot clear {css}: {err}"));
        e.send_keys(value)
            .await
            .unwrap_or_else(|err| panic!("cannot type into {css}: {err}"));
    }

    /// Sets a value the way a date picker does (typing into `<input type=date>` depends on
    /// the browser's locale), firing `input` and `change`.
    pub async fn set_value(&self, css: &str, value: &str) {
        let e = self.find(css).await;
        self.client
            .execute(
                "arguments[0].value = arguments[1];
                 arguments[0].dispatchEvent(new Event('input', {bubbles: true}));
                 arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
                vec![serde_json::to_value(&e).expect("element"), json!(value)],
            )
            .await
            .unwrap_or_else(|err| panic!("cannot set {css}: {err}"));
    }

    /// A file to upload, with the given name and content.
    pub fn file(&self, name: &str, content: &[u8]) -> PathBuf {
        let path = self.files.path().join(name);
        std::fs::write(&path, content).expect("write upload");
        path
    }

    /// Signs in through the login form.
    pub async fn login(&self, email: &str) {
        self.goto("/login").await;
        self.fill("#email", email).await;
        self.fill("#password", PASSWORD).await;
        self.click("form[action='/login'] button[type=submit]").await;
        self.wait_path("the sign-in to finish", |p| !p.starts_with("/login"))
            .await;
        let who = self.text("header.site .who").await;
        assert!(
            who.contains(email.split('@').next().unwrap_or(email)),
            "signed in as {who}, not {email}"
        );
    }

    /// Signs out with the header's button.
    pub async fn logout(&self) {
        self.click("header.site form[action='/logout'] button").await;
        self.find("header.site a[href='/login']").await;
    }

    /// A screenshot of the whole page as `target/e2e-screenshots/<name>.png`.
    pub async fn screenshot(&self, name: &str) {
        // The window's frame takes part of its height: grow the window by the page's
        // height beyond the viewport.
        let height = self
            .client
            .execute(
                "return Math.ceil(document.documentElement.scrollHeight + window.outerHeight - window.innerHeight);",
                vec![],
            )
            .await
            .ok()
            .and_then(|v| v.as_u64())
            .unwrap_or(900)
            .clamp(900, 10_000) as u32;
        let _ = self.client.set_window_size(1280, height).await;
        let png = self.client.screenshot().await;
        let _ = self.client.set_window_size(1280, 900).await;
        let png = png.unwrap_or_else(|e| panic!("screenshot {name}: {e}"));
        let path = self.shots.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("write screenshot");
    }

    /// Runs axe-core on the page; prints every violation and records the serious and
    /// critical ones, which fail the test at its end.
    pub async fn axe(&self, page: &str) {
        let loaded = self
            .client
            .execute("return typeof window.axe === 'object';", vec![])
            .await
            .expect("axe probe");
        if loaded != Value::Bool(true) {
            let script = format!("{}\nreturn typeof window.axe === 'object';", self.axe);
            let ok = self.client.execute(&script, vec![]).await.expect("inject axe-core");
            assert_eq!(ok, Value::Bool(true), "axe-core did not load on {page}");
        }
        let result = self
            .client
            .execute_async(AXE_RUN, vec![])
            .await
            .unwrap_or_else(|e| panic!("axe-core on {page}: {e}"));
        if let Some(e) = result.get("error") {
            panic!("axe-core failed on {page}: {e}");
        }
        let violations = result["violations"].as_array().cloned().unwrap_or_default();
        let mut serious = Vec::new();
        for v in &violations {
            let impact = v["impact"].as_str().unwrap_or("unknown");
            let mut text = format!(
                "[{impact}] {}: {} ({})\n",
                v["id"].as_str().unwrap_or_default(),
                v["help"].as_str().unwrap_or_default(),
                v["helpUrl"].as_str().unwrap_or_default()
            );
            let nodes = v["nodes"].as_array().cloned().unwrap_or_default();
            for n in nodes.iter().take(5) {
                let html: String = n["html"].as_str().unwrap_or_default().chars().take(160).collect();
                text.push_str(&format!(
                    "    at {}\n       {html}\n",
                    n["target"].as_str().unwrap_or_default()
                ));
                for line in n["summary"].as_str().unwrap_or_default().lines().take(4) {
                    text.push_str(&format!("       | {line}\n"));
                }
            }
            if nodes.len() > 5 {
                text.push_str(&format!("    … and {} more element(s)\n", nodes.len() - 5));
            }
            if matches!(impact, "serious" | "critical") {
                serious.push(text);
            } else {
                eprint!("axe [{page}] (not failing) {text}");
            }
        }
        eprintln!(
            "axe [{page}]: {} violation(s), {} serious or critical",
            violations.len(),
            serious.len()
        );
        let mut findings = self.findings.lock().expect("findings");
        for text in serious {
            eprint!("axe [{page}] {text}");
            findings.push(Finding {
                page: page.to_owned(),
                text,
            });
        }
    }

    /// The check every main page gets: axe-core and a screenshot.
    pub async fn check_page(&self, name: &str) {
        self.axe(name).await;
        self.screenshot(name).await;
    }
}
