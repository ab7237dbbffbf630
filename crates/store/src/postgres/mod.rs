//! PostgreSQL: for deployments with several application nodes sharing one database.

pub type Db = sqlx::Postgres;

#[path = "../common/mod.rs"]
mod common;

use common::tx;
pub use common::tx::DbTx;

/// How a job claim locks its rows: PostgreSQL skips rows other workers hold; SQLite has
/// a single writer.
pub(crate) const SKIP_LOCKED: &str = " FOR UPDATE SKIP LOCKED";

/// How a check-then-change locks the rows it counts: PostgreSQL locks them until the
/// transaction ends; SQLite's single writer (`BEGIN IMMEDIATE`) already serialises it.
pub(crate) const FOR_UPDATE: &str = " FOR UPDATE";

/// A table expression of the elements of a JSON array column, with a `value` column.
pub(crate) fn json_values(column: &str) -> String {
    format!("jsonb_array_elements_text({column}) AS j(value)")
}

use crate::OpenError;
use async_trait::async_trait;
use jalin_app::ports::store::{PoolUse, Store, StoreResult, Tx};
use sqlx::postgres::{PgPool, PgPoolOptions};
use std::time::Duration;

/// Serialises reference loads of several nodes starting at once (a transaction-scoped
/// advisory lock), so that they do not deadlock replacing the same tables.
pub(crate) async fn lock_reference_load(tx: &mut DbTx) -> StoreResult<()> {
    sqlx::query("SELECT pg_advisory_xact_lock(7411202)")
        .execute(tx.c())
        .await
        .map_err(tx::db_err)?;
    Ok(())
}

/// Serialises the writes that may create partners (a transaction-scoped advisory lock):
/// the second of two writers needing the same new partner waits, then finds it.
pub(crate) async fn lock_partner_creation(tx: &mut DbTx) -> StoreResult<()> {
    sqlx::query("SELECT pg_advisory_xact_lock(7411203)")
        .execute(tx.c())
        .await
        .map_err(tx::db_err)?;
    Ok(())
}

pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    /// Connects to `postgres://…` and migrates.
    pub async fn open(url: &str) -> Result<Self, OpenError> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(30))
            .connect(url)
            .await
            .map_err(OpenError::Connect)?;
        crate::migrations::POSTGRES
            .run(&pool)
            .await
            .map_err(OpenError::Migrate)?;
        Ok(Self { pool })
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

#[async_trait]
impl Store for PgStore {
    fn backend(&self) -> &'static str {
        "postgres"
    }

    async fn read(&self) -> StoreResult<Box<dyn Tx>> {
        let conn = self.pool.acquire().await.map_err(tx::db_err)?;
        Ok(Box::new(DbTx::read(conn)))
    }

    async fn write(&self) -> StoreResult<Box<dyn Tx>> {
        let tx = self.pool.begin().await.map_err(tx::db_err)?;
        Ok(Box::new(DbTx::write(tx)))
    }

    async fn refresh_statistics(&self) -> StoreResult<()> {
        sqlx::query("ANALYZE partners, agreements, agreement_parties")
            .execute(&self.pool)
            .await
            .map_err(tx::db_err)?;
        Ok(())
    }
    fn pools(&self) -> Vec<PoolUse> {
        vec![PoolUse {
            name: "main",
            size: self.pool.size(),
            idle: u32::try_from(self.pool.num_idle()).unwrap_or(u32::MAX),
            max: self.pool.options().get_max_connections(),
        }]
    }
}
