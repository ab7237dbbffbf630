//! What `jalin backup` and `jalin restore` need from the database: a consistent copy of a
//! SQLite database while the server runs (`VACUUM INTO`), a PostgreSQL snapshot that
//! `pg_dump --snapshot` dumps, the inventory of a database (schema version, counts, the
//! files its rows name, the head of the audit chain), and whether a target is empty.

use sqlx::postgres::PgConnection;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{ConnectOptions, Connection, Executor};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// A database's contents in numbers, and the files it refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inventory {
    /// The newest applied migration.
    pub schema_version: i64,
    pub agreements: i64,
    pub cases: i64,
    /// Documents of cases.
    pub documents: i64,
    /// Every stored file (case documents, evidence, agreement documents), by SHA-256.
    pub files: Vec<String>,
    /// Whether the files' bytes are in the database itself (`[documents] store = "database"`).
    pub files_in_database: i64,
    pub audit_last_seq: i64,
    pub audit_last_hash: String,
}

/// The newest migration this build knows (a backup of a newer schema cannot be restored by it).
pub fn latest_schema_version() -> i64 {
    crate::migrations::SQLITE.iter().map(|m| m.version).max().unwrap_or(0)
}

/// The file of a `sqlite://PATH` URL.
pub fn sqlite_path(url: &str) -> anyhow::Result<PathBuf> {
    let options = SqliteConnectOptions::from_str(url)?;
    Ok(options.get_filename().to_path_buf())
}

macro_rules! inventory_of {
    ($conn:expr) => {{
        let conn = $conn;
        let schema_version: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
            .fetch_one(&mut *conn)
            .await?;
        let agreements: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM agreements")
            .fetch_one(&mut *conn)
            .await?;
        let cases: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cases")
            .fetch_one(&mut *conn)
            .await?;
        let documents: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM case_documents")
            .fetch_one(&mut *conn)
            .await?;
        let files_in_database: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM blob_data")
            .fetch_one(&mut *conn)
            .await?;
        let files: Vec<String> = sqlx::query_scalar("SELECT sha256 FROM blobs ORDER BY sha256")
            .fetch_all(&mut *conn)
            .await?;
        let (audit_last_seq, audit_last_hash): (i64, String) =
            sqlx::query_as("SELECT last_seq, last_hash FROM audit_state WHERE id = 1")
                .fetch_one(&mut *conn)
                .await?;
        Ok(Inventory {
            schema_version: schema_version.unwrap_or(0),
            agreements,
            cases,
            documents,
            files,
            files_in_database,
            audit_last_seq,
            audit_last_hash,
        })
    }};
}

async fn sqlite_inventory(conn: &mut SqliteConnection) -> anyhow::Result<Inventory> {
    inventory_of!(conn)
}

async fn pg_inventory(conn: &mut PgConnection) -> anyhow::Result<Inventory> {
    inventory_of!(conn)
}

/// Copies a SQLite database into `dest` (a new file) with `VACUUM INTO`: one consistent
/// state, taken while writers go on, and its inventory (read from the copy).
pub async fn sqlite_snapshot(url: &str, dest: &Path) -> anyhow::Result<Inventory> {
    let path = sqlite_path(url)?;
    if !path.is_file() {
        anyhow::bail!("there is no database at {}", path.display());
    }
    let mut conn = SqliteConnectOptions::from_str(url)?
        .busy_timeout(std::time::Duration::from_secs(30))
        .connect()
        .await?;
    let target = dest
        .to_str()
        .ok_or_else(|| anyhow::anyhow!("{} is not a UTF-8 path", dest.display()))?;
    sqlx::query("VACUUM INTO $1").bind(target).execute(&mut conn).await?;
    conn.close().await?;
    sqlite_file_inventory(dest).await
}

/// The inventory of a SQLite database file, opened read-only.
pub async fn sqlite_file_inventory(path: &Path) -> anyhow::Result<Inventory> {
    let mut conn = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .connect()
        .await?;
    let inventory = sqlite_inventory(&mut conn).await;
    conn.close().await?;
    inventory
}

/// The inventory of the database a URL names (without migrating it).
pub async fn inventory(url: &str) -> anyhow::Result<Inventory> {
    if url.starts_with("sqlite:") {
        sqlite_file_inventory(&sqlite_path(url)?).await
    } else {
        let mut conn = PgConnection::connect(url).await?;
        let inventory = pg_inventory(&mut conn).await;
        conn.close().await?;
        inventory
    }
}

/// Whether the database a URL names holds nothing yet: a SQLite file that does not exist
/// or has no tables, a PostgreSQL database without tables in its `public` schema.
pub async fn is_empty(url: &str) -> anyhow::Result<bool> {
    if url.starts_with("sqlite:") {
        let path = sqlite_path(url)?;
        if !path.exists() || std::fs::metadata(&path)?.len() == 0 {
            return Ok(true);
        }
        let mut conn = SqliteConnectOptions::new()
            .filename(&path)
            .read_only(true)
            .connect()
            .await?;
        let tables: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'")
            .fetch_one(&mut conn)
            .await?;
        conn.close().await?;
        Ok(tables == 0)
    } else {
        let mut conn = PgConnection::connect(url).await?;
        let tables: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'")
                .fetch_one(&mut conn)
                .await?;
        conn.close().await?;
        Ok(tables == 0)
    }
}

/// A PostgreSQL snapshot held open for `pg_dump --snapshot`: what the dump contains is
/// exactly what [`PgExport::inventory`] counts.
pub struct PgExport {
    conn: PgConnection,
    /// The id to pass to `pg_dump --snapshot`.
    pub snapshot: String,
}

impl PgExport {
    pub async fn begin(url: &str) -> anyhow::Result<Self> {
        let mut conn = PgConnection::connect(url).await?;
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").await?;
        let snapshot: String = sqlx::query_scalar("SELECT pg_export_snapshot()")
            .fetch_one(&mut conn)
            .await?;
        Ok(Self { conn, snapshot })
    }

    pub async fn inventory(&mut self) -> anyhow::Result<Inventory> {
        pg_inventory(&mut self.conn).await
    }

    /// Ends the snapshot (after the dump finished).
    pub async fn end(mut self) -> anyhow::Result<()> {
        self.conn.execute("COMMIT").await?;
        self.conn.close().await?;
        Ok(())
    }
}
