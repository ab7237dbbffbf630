//! Test support for Jalin.
//!
//! Every test gets its own database: on SQLite a copy of a template file, on PostgreSQL a
//! database created from a template database (`CREATE DATABASE … TEMPLATE …`). Templates
//! are migrated and hold the embedded reference data; they are built once per machine for
//! each combination of schema and data, so a test starts in milliseconds instead of
//! loading 250,000 place names. PostgreSQL tests run when `JALIN_TEST_POSTGRES_URL` is set
//! (e.g. `postgres://postgres@127.0.0.1:5432/postgres`) and are skipped with a printed
//! reason otherwise.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use futures_util::FutureExt;
use jalin_app::ports::clock::FixedClock;
use jalin_app::ports::store::Store;
use jalin_app::{App, AppBuilder};
use sqlx::Connection;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::Arc;
use time::OffsetDateTime;

pub const POSTGRES_URL_VAR: &str = "JALIN_TEST_POSTGRES_URL";

/// The instant tests run at: 28 November 2026, 10:00 WIB.
pub fn test_now() -> OffsetDateTime {
    time::macros::datetime!(2026-11-28 03:00 UTC)
}

/// A context acting as Jalin's operator (the system role: sees and may do everything).
pub fn operator() -> jalin_app::ctx::Ctx {
    jalin_app::ctx::Ctx {
        actor: jalin_app::ctx::Actor::System("test".to_owned()),
        request_id: "test".to_owned(),
        now: test_now(),
        today: test_now().to_offset(jalin_app::ports::clock::WIB).date(),
    }
}

fn fingerprint() -> String {
    let data = jalin_refdata::embedded_fingerprint();
    format!("{}{}", jalin_store::schema_fingerprint(), &data[..16])
}

/// Loads the embedded reference data into a freshly migrated store.
async fn load_reference(store: Arc<dyn Store>) {
    let app = App::new(store, Arc::new(FixedClock(test_now()))).await.expect("app");
    let datasets = jalin_refdata::load(None).expect("embedded reference data");
    app.reference
        .install_datasets(&app.system_ctx("test"), &datasets)
        .await
        .expect("install reference data");
}

/// A database for one test. Call [`TestDb::cleanup`] at the end (the `each_backend`
/// helper does it, also when the test panics).
pub struct TestDb {
    pub store: Arc<dyn Store>,
    pub backend: &'static str,
    /// The URL the store was opened with (for tests that open it again, e.g. the CLI).
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    pg: Option<(String, String)>,
}

impl TestDb {
    /// A fresh SQLite database file with reference data.
    pub async fn sqlite() -> TestDb {
        let template = sqlite_template().await;
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("jalin.db");
        std::fs::copy(&template, &path).expect("copy template");
        let url = format!("sqlite://{}", path.display());
        let store = jalin_store::open(&url).await.expect("open sqlite");
        let db = TestDb {
            store,
            backend: "sqlite",
            url,
            _dir: Some(dir),
            pg: None,
        };
        db.new_identity().await;
        db
    }

    /// A clone of a template carries the template's database identity; a database made by
    /// migrations has its own, and so does each test database.
    async fn new_identity(&self) {
        let id = uuid::Uuid::now_v7().simple();
        self.execute(&format!("UPDATE search_state SET database_id = '{id}'"))
            .await;
    }

    /// A fresh SQLite database without reference data (only migrated).
    pub async fn sqlite_empty() -> TestDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("jalin.db").display());
        let store = jalin_store::open(&url).await.expect("open sqlite");
        TestDb {
            store,
            backend: "sqlite",
            url,
            _dir: Some(dir),
            pg: None,
        }
    }

    /// A fresh PostgreSQL database with reference data, or `None` (with a printed reason)
    /// when `JALIN_TEST_POSTGRES_URL` is not set.
    pub async fn postgres() -> Option<TestDb> {
        let Ok(admin_url) = std::env::var(POSTGRES_URL_VAR) else {
            eprintln!("skipping the PostgreSQL run: {POSTGRES_URL_VAR} is not set");
            return None;
        };
        let template = pg_template(&admin_url).await;
        let name = format!("jalin_t_{}", uuid::Uuid::now_v7().simple());
        let mut admin = sqlx::PgConnection::connect(&admin_url)
            .await
            .expect("connect to PostgreSQL");
        // Several tests clone the template at once; PostgreSQL refuses a clone while another
        // session is connected to the template, so retry briefly.
        let mut attempt = 0;
        loop {
            let sql = format!("CREATE DATABASE {name} TEMPLATE {template}");
            match sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut admin).await {
                Ok(_) => break,
                Err(_) if attempt < 50 => {
                    attempt += 1;
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
                Err(e) => panic!("cannot create test database: {e}"),
            }
        }
        admin.close().await.ok();
        let url = database_url(&admin_url, &name);
        let store = jalin_store::open(&url).await.expect("open postgres");
        let db = TestDb {
            store,
            backend: "postgres",
            url,
            _dir: None,
            pg: Some((admin_url, name)),
        };
        db.new_identity().await;
        Some(db)
    }

    /// Drops the PostgreSQL database (SQLite files go with the temp dir).
    pub async fn cleanup(self) {
        let TestDb { store, pg, .. } = self;
        drop(store);
        if let Some((admin_url, name)) = pg
            && let Ok(mut admin) = sqlx::PgConnection::connect(&admin_url).await
        {
            let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            let _ = sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut admin).await;
            admin.close().await.ok();
        }
    }

    /// Runs SQL directly on the database, behind the application's back (tamper tests).
    /// Returns the number of rows affected.
    pub async fn execute(&self, sql: &str) -> u64 {
        execute_raw(self.backend, &self.url, sql).await
    }

    /// What a story sees of this database.
    pub fn handle(&self) -> TestDbRef {
        TestDbRef {
            store: self.store.clone(),
            backend: self.backend,
            url: self.url.clone(),
        }
    }

    /// Another fresh database of the same backend.
    pub async fn same_backend(backend: &str) -> TestDb {
        if backend == "postgres" {
            match TestDb::postgres().await {
                Some(db) => db,
                None => panic!("a PostgreSQL story without {POSTGRES_URL_VAR}"),
            }
        } else {
            TestDb::sqlite().await
        }
    }

    /// An application over this database with the test clock.
    pub async fn app(&self) -> App {
        self.app_builder().build().await.expect("app")
    }

    /// The builder of such an application, to give it other ports.
    pub fn app_builder(&self) -> AppBuilder {
        App::builder(self.store.clone(), Arc::new(FixedClock(test_now())))
    }
}

/// Replaces the database name in a PostgreSQL URL.
pub fn database_url(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let host_end = base[scheme_end..]
        .find('/')
        .map(|i| i + scheme_end)
        .unwrap_or(base.len());
    let mut out = format!("{}/{database}", &base[..host_end]);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

async fn sqlite_template() -> PathBuf {
    let dir = std::env::temp_dir().join("jalin-test-templates");
    std::fs::create_dir_all(&dir).expect("template dir");
    let path = dir.join(format!("sqlite-{}.db", fingerprint()));
    if path.exists() {
        return path;
    }
    // Build under a unique name, then rename into place: concurrent builders never see a
    // half-built template, and the last rename wins harmlessly.
    let building = dir.join(format!("building-{}.db", uuid::Uuid::now_v7().simple()));
    let url = format!("sqlite://{}", building.display());
    {
        let store = Arc::new(
            jalin_store::sqlite::SqliteStore::open(&url)
                .await
                .expect("open template"),
        );
        load_reference(store.clone()).await;
        store.close().await;
    }
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", building.display()));
    }
    std::fs::rename(&building, &path).expect("install template");
    path
}

async fn pg_template(admin_url: &str) -> String {
    let name = format!("jalin_tpl_{}", fingerprint());
    let mut admin = sqlx::PgConnection::connect(admin_url)
        .await
        .expect("connect to PostgreSQL");
    // One builder at a time across test processes.
    sqlx::query("SELECT pg_advisory_lock(7411)")
        .execute(&mut admin)
        .await
        .expect("lock");
    let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
        .bind(&name)
        .fetch_one(&mut admin)
        .await
        .expect("query pg_database");
    if !exists {
        let building = format!("{name}_building");
        let drop = format!("DROP DATABASE IF EXISTS {building} WITH (FORCE)");
        sqlx::query(sqlx::AssertSqlSafe(drop))
            .execute(&mut admin)
            .await
            .expect("drop old build");
        let create = format!("CREATE DATABASE {building}");
        sqlx::query(sqlx::AssertSqlSafe(create))
            .execute(&mut admin)
            .await
            .expect("create template");
        {
            let store = Arc::new(
                jalin_store::postgres::PgStore::open(&database_url(admin_url, &building))
                    .await
                    .expect("open template"),
            );
            load_reference(store.clone()).await;
            store.close().await;
        }
        let rename = format!("ALTER DATABASE {building} RENAME TO {name}");
        sqlx::query(sqlx::AssertSqlSafe(rename))
            .execute(&mut admin)
            .await
            .expect("install template");
    }
    sqlx::query("SELECT pg_advisory_unlock(7411)")
        .execute(&mut admin)
        .await
        .ok();
    admin.close().await.ok();
    name
}

/// Runs `story` on a fresh SQLite database, then on a fresh PostgreSQL database when one
/// is configured. Databases are dropped even when the story panics.
pub async fn each_backend<F, Fut>(story: F)
where
    F: Fn(TestDbRef) -> Fut,
    Fut: Future<Output = ()>,
{
    run_on(TestDb::sqlite().await, &story).await;
    if let Some(db) = TestDb::postgres().await {
        run_on(db, &story).await;
    }
}

/// What a story sees of its database.
#[derive(Clone)]
pub struct TestDbRef {
    pub store: Arc<dyn Store>,
    pub backend: &'static str,
    pub url: String,
}

/// Runs SQL on a database directly; returns the rows affected.
async fn execute_raw(backend: &str, url: &str, sql: &str) -> u64 {
    let sql = sqlx::AssertSqlSafe(sql.to_owned());
    if backend == "postgres" {
        let mut c = sqlx::PgConnection::connect(url).await.expect("connect");
        let n = sqlx::query(sql).execute(&mut c).await.expect("execute").rows_affected();
        c.close().await.ok();
        n
    } else {
        let mut c = sqlx::SqliteConnection::connect(url).await.expect("connect");
        let n = sqlx::query(sql).execute(&mut c).await.expect("execute").rows_affected();
        c.close().await.ok();
        n
    }
}

impl TestDbRef {
    /// Runs SQL directly on the database, behind the application's back (tamper tests).
    pub async fn execute(&self, sql: &str) -> u64 {
        execute_raw(self.backend, &self.url, sql).await
    }

    pub async fn app(&self) -> App {
        self.app_builder().build().await.expect("app")
    }

    pub fn app_builder(&self) -> AppBuilder {
        App::builder(self.store.clone(), Arc::new(FixedClock(test_now())))
    }
}

async fn run_on<F, Fut>(db: TestDb, story: &F)
where
    F: Fn(TestDbRef) -> Fut,
    Fut: Future<Output = ()>,
{
    let r = db.handle();
    let outcome = AssertUnwindSafe(story(r)).catch_unwind().await;
    db.cleanup().await;
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn database_urls_are_rewritten() {
        assert_eq!(
            super::database_url("postgres://postgres@127.0.0.1:5432/postgres", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            super::database_url("postgres://h/db?sslmode=disable", "y"),
            "postgres://h/y?sslmode=disable"
        );
        assert_eq!(super::database_url("postgres://h", "z"), "postgres://h/z");
    }
}
