//! SQLite: the embedded default. WAL journal; one writer connection whose transactions
//! start with `BEGIN IMMEDIATE` (so a write never fails half-way on a lock upgrade); a pool
//! of read-only connections for queries.

pub type Db = sqlx::Sqlite;

#[path = "../common/mod.rs"]
mod common;

use common::tx;
pub use common::tx::DbTx;

/// How a job claim locks its rows: PostgreSQL skips rows other workers hold; SQLite has
/// a single writer.
pub(crate) const SKIP_LOCKED: &str = "";

/// How a check-then-change locks the rows it counts: PostgreSQL locks them until the
/// transaction ends; SQLite's single writer (`BEGIN IMMEDIATE`) already serialises it.
pub(crate) const FOR_UPDATE: &str = "";

/// A table expression of the elements of a JSON array column, with a `value` column.
pub(crate) fn json_values(column: &str) -> String {
    format!("json_each({column})")
}

use crate::OpenError;
use async_trait::async_trait;
use jalin_app::ports::store::{PoolUse, Store, StoreResult, Tx};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::time::Duration;

/// Called before a reference dataset is replaced. SQLite's single writer already
/// serialises loads.
pub(crate) async fn lock_reference_load(_tx: &mut DbTx) -> StoreResult<()> {
    Ok(())
}

/// Called before a write looks up the partners it may create. SQLite's single writer
/// already serialises such writes.
pub(crate) async fn lock_partner_creation(_tx: &mut DbTx) -> StoreResult<()> {
    Ok(())
}

pub struct SqliteStore {
    writer: SqlitePool,
    reader: SqlitePool,
}

impl SqliteStore {
    /// Opens `sqlite://PATH`, creating the file and its directory if missing, and migrates.
    pub async fn open(url: &str) -> Result<Self, OpenError> {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(OpenError::Connect)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(30))
            .pragma("temp_store", "memory")
            .pragma("cache_size", "-8000")
            // Rows travel from SQLite's worker thread in batches; a deep buffer avoids a
            // thread hand-off per row on large reads (index loads, exports).
            .row_buffer_size(4096);
        let path = options.get_filename().to_path_buf();
        if path.as_os_str().is_empty() || path.to_string_lossy().contains(":memory:") {
            return Err(OpenError::UnsupportedUrl(format!(
                "{url} (Jalin needs a database file, not an in-memory database)"
            )));
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| OpenError::Directory {
                path: dir.display().to_string(),
                source,
            })?;
        }
        // The writer gets a larger page cache: bulk imports touch many index pages.
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(options.clone().pragma("cache_size", "-131072"))
            .await
            .map_err(OpenError::Connect)?;
        crate::migrations::SQLITE
            .run(&writer)
            .await
            .map_err(OpenError::Migrate)?;
        let readers = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2)
            .clamp(2, 8) as u32;
        let reader = SqlitePoolOptions::new()
            .max_connections(readers)
            .connect_with(options.read_only(true))
            .await
            .map_err(OpenError::Connect)?;
        Ok(Self { writer, reader })
    }

    /// Closes both pools (checkpointing the WAL).
    pub async fn close(&self) {
        self.reader.close().await;
        self.writer.close().await;
    }
}

#[async_trait]
impl Store for SqliteStore {
    fn backend(&self) -> &'static str {
        "sqlite"
    }

    async fn read(&self) -> StoreResult<Box<dyn Tx>> {
        let conn = self.reader.acquire().await.map_err(tx::db_err)?;
        Ok(Box::new(DbTx::read(conn)))
    }

    async fn write(&self) -> StoreResult<Box<dyn Tx>> {
        let tx = self.writer.begin_with("BEGIN IMMEDIATE").await.map_err(tx::db_err)?;
        Ok(Box::new(DbTx::write(tx)))
    }

    async fn refresh_statistics(&self) -> StoreResult<()> {
        sqlx::query("PRAGMA optimize")
            .execute(&self.writer)
            .await
            .map_err(tx::db_err)?;
        Ok(())
    }
    fn pools(&self) -> Vec<PoolUse> {
        vec![pool_use("writer", &self.writer), pool_use("reader", &self.reader)]
    }
}

fn pool_use(name: &'static str, pool: &SqlitePool) -> PoolUse {
    PoolUse {
        name,
        size: pool.size(),
        idle: u32::try_from(pool.num_idle()).unwrap_or(u32::MAX),
        max: pool.options().get_max_connections(),
    }
}
