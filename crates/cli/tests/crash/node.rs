//! A node made of real `jalin` processes over one test database: commands run to
//! completion, servers started and killed with SIGKILL, and direct looks at the database.

use jalin_testkit::TestDbRef;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use sqlx::Connection;
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::str::FromStr;
use std::time::{Duration, Instant};

/// How long anything a test waits for may take before the test fails (generous: a loaded
/// CI machine and debug builds).
pub const PATIENCE: Duration = Duration::from_secs(120);

/// One database and the directory every process of the node runs in (search index, outbox
/// and logs live there, as beside a real installation).
pub struct Node {
    pub db: TestDbRef,
    pub dir: tempfile::TempDir,
}

/// A running `jalin` process, killed (SIGKILL) and reaped when dropped.
pub struct Proc(pub Child);

impl Proc {
    /// SIGKILL, then reap.
    pub fn kill9(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }

    /// Whether it is still running.
    pub fn running(&mut self) -> bool {
        matches!(self.0.try_wait(), Ok(None))
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        self.kill9();
    }
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

impl Node {
    pub fn new(db: TestDbRef) -> Node {
        Node {
            db,
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn backend(&self) -> &'static str {
        self.db.backend
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_jalin"));
        c.env("JALIN_DATABASE_URL", &self.db.url)
            .env("RUST_LOG", "warn")
            .env_remove("JALIN_CONFIG")
            .current_dir(self.dir.path())
            .stdin(Stdio::null())
            .args(args);
        c
    }

    /// Runs a command that must succeed; returns its standard output.
    pub fn ok(&self, args: &[&str]) -> String {
        let o = self.command(args).output().expect("run jalin");
        assert!(
            o.status.success(),
            "[{}] jalin {} failed ({}):\n{}",
            self.backend(),
            args.join(" "),
            o.status,
            stderr(&o)
        );
        stdout(&o)
    }

    /// Starts a command in the background; its output goes to `<name>.log` in the node's
    /// directory.
    pub fn spawn(&self, args: &[&str], name: &str) -> Proc {
        let log = std::fs::File::options()
            .create(true)
            .append(true)
            .open(self.path(&format!("{name}.log")))
            .unwrap();
        let child = self
            .command(args)
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("start jalin");
        Proc(child)
    }

    fn log(&self, name: &str) -> String {
        std::fs::read_to_string(self.path(&format!("{name}.log"))).unwrap_or_default()
    }

    /// `jalin audit verify` succeeds; returns the number of events verified.
    pub fn audit_verified(&self) -> i64 {
        let out = self.ok(&["audit", "verify"]);
        assert!(out.contains("intact"), "[{}] {out}", self.backend());
        out.split_once("intact: ")
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no count in {out:?}"))
    }

    /// Adds an account and an API token for it; returns the token's secret.
    pub fn token(&self, email: &str, role: &str, region: Option<&str>, scopes: &[&str]) -> String {
        let mut args = vec!["user", "add", email, "--role", role];
        if let Some(r) = region {
            args.extend(["--region", r]);
        }
        self.ok(&args);
        let mut args = vec!["token", "create", email, "--name", "crash-test"];
        for s in scopes {
            args.extend(["--scope", s]);
        }
        self.ok(&args).trim().to_owned()
    }

    /// Starts `jalin serve` on a port of the system's choice and waits until it serves.
    pub async fn serve(&self) -> Server {
        let port_file = self.path("addr");
        let _ = std::fs::remove_file(&port_file);
        let mut proc = self.spawn(
            &[
                "serve",
                "--addr",
                "127.0.0.1:0",
                "--port-file",
                port_file.to_str().unwrap(),
            ],
            "serve",
        );
        let started = Instant::now();
        let addr = loop {
            if let Ok(text) = std::fs::read_to_string(&port_file) {
                break text.trim().to_owned();
            }
            assert!(
                proc.running(),
                "[{}] the server stopped at start:\n{}",
                self.backend(),
                self.log("serve")
            );
            assert!(
                started.elapsed() < PATIENCE,
                "[{}] the server did not start",
                self.backend()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        Server {
            proc: std::sync::Mutex::new(proc),
            base: format!("http://{addr}"),
            client: reqwest::Client::builder().timeout(PATIENCE).build().unwrap(),
        }
    }

    /// One number from the database, read behind the application's back.
    pub async fn scalar(&self, sql: &str) -> i64 {
        let sql = sqlx::AssertSqlSafe(sql.to_owned());
        if self.backend() == "postgres" {
            let mut c = sqlx::PgConnection::connect(&self.db.url).await.unwrap();
            let n: i64 = sqlx::query_scalar(sql).fetch_one(&mut c).await.unwrap();
            c.close().await.ok();
            n
        } else {
            let mut c = sqlx::SqliteConnection::connect(&self.db.url).await.unwrap();
            let n: i64 = sqlx::query_scalar(sql).fetch_one(&mut c).await.unwrap();
            c.close().await.ok();
            n
        }
    }

    /// Whether a write transaction that inserts agreements is open right now: on
    /// PostgreSQL another session holds a row-exclusive lock on `agreements`; on SQLite
    /// another connection holds the database's write lock.
    pub async fn agreements_being_written(&self) -> bool {
        if self.backend() == "postgres" {
            self.scalar(
                "SELECT COUNT(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation \
                 WHERE c.relname = 'agreements' AND l.mode = 'RowExclusiveLock' AND l.granted \
                 AND l.pid <> pg_backend_pid() \
                 AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            )
            .await
                > 0
        } else {
            let options = sqlx::sqlite::SqliteConnectOptions::from_str(&self.db.url)
                .unwrap()
                .busy_timeout(Duration::ZERO);
            let mut c = sqlx::SqliteConnection::connect_with(&options).await.unwrap();
            let busy = match sqlx::query("BEGIN IMMEDIATE").execute(&mut c).await {
                Ok(_) => {
                    sqlx::query("ROLLBACK").execute(&mut c).await.unwrap();
                    false
                }
                Err(e) => {
                    let text = e.to_string();
                    assert!(text.contains("locked") || text.contains("busy"), "{text}");
                    true
                }
            };
            c.close().await.ok();
            busy
        }
    }
}

/// A running `jalin serve`.
pub struct Server {
    proc: std::sync::Mutex<Proc>,
    pub base: String,
    pub client: reqwest::Client,
}

impl Server {
    /// A request; `None` when no complete answer came (the server is gone).
    pub async fn try_call(
        &self,
        method: Method,
        path: &str,
        token: &str,
        body: Option<&Value>,
        if_match: Option<&str>,
    ) -> Option<(StatusCode, Value)> {
        let mut req = self
            .client
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(token);
        if let Some(b) = body {
            req = req.json(b);
        }
        if let Some(v) = if_match {
            req = req.header("if-match", v);
        }
        let response = req.send().await.ok()?;
        let status = response.status();
        let bytes = response.bytes().await.ok()?;
        let value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Some((status, value))
    }

    /// A request that must be answered.
    pub async fn call(&self, method: Method, path: &str, token: &str, body: Option<&Value>) -> (StatusCode, Value) {
        self.try_call(method, path, token, body, None)
            .await
            .unwrap_or_else(|| panic!("no answer to {path}"))
    }

    /// SIGKILL: no shutdown, no flushing, no goodbye.
    pub fn kill9(&self) {
        self.proc.lock().unwrap().kill9();
    }

    pub fn running(&self) -> bool {
        self.proc.lock().unwrap().running()
    }

    /// How many documents of a kind the search finds for an administrator.
    async fn search_total(&self, admin: &str, kind: &str) -> i64 {
        let (status, body) = self
            .call(Method::GET, &format!("/api/v1/search?kind={kind}&limit=1"), admin, None)
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["total"].as_i64().unwrap()
    }
}

/// Waits until the server's search finds exactly the agreements, partners and cases the
/// database holds (its indexer catches up after a restart); fails after [`PATIENCE`].
pub async fn search_agrees_with_database(node: &Node, server: &Server, admin: &str) {
    let started = Instant::now();
    loop {
        let mut differences = Vec::new();
        for (kind, table) in [("agreement", "agreements"), ("partner", "partners"), ("case", "cases")] {
            let stored = node.scalar(&format!("SELECT COUNT(*) FROM {table}")).await;
            let found = server.search_total(admin, kind).await;
            if stored != found {
                differences.push(format!("{table}: {stored} stored, {found} found"));
            }
        }
        if differences.is_empty() {
            return;
        }
        assert!(
            started.elapsed() < PATIENCE,
            "[{}] search disagrees with the database: {}",
            node.backend(),
            differences.join("; ")
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}
