//! Jalin's storage: the `Store` port of `jalin-app` for SQLite (the default, embedded) and
//! PostgreSQL (for several application nodes).
//!
//! The repository code is written once, in `src/common/`, and compiled twice: each backend
//! module includes it as its `common` module, with its own `Db` type. The few dialect differences
//! (connection setup, transaction start, migrations) live in the backend modules; see
//! `docs/adr/0002-storage-dialects.md`.

// The shared repository files are compiled once per backend on purpose (see above).
#![allow(clippy::duplicate_mod)]

pub mod backup;
pub mod blobs;
mod migrations;
pub mod postgres;
pub mod sqlite;
mod types;

use jalin_app::ports::store::Store;
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("unsupported database URL '{0}': use sqlite://PATH or postgres://…")]
    UnsupportedUrl(String),
    #[error("cannot open the database: {0}")]
    Connect(#[source] sqlx::Error),
    #[error("cannot create the database directory {path}: {source}")]
    Directory {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot migrate the database: {0}")]
    Migrate(#[source] sqlx::migrate::MigrateError),
}

/// Opens (creating if needed) and migrates the database the URL names.
pub async fn open(url: &str) -> Result<Arc<dyn Store>, OpenError> {
    if url.starts_with("sqlite:") {
        Ok(Arc::new(sqlite::SqliteStore::open(url).await?))
    } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        Ok(Arc::new(postgres::PgStore::open(url).await?))
    } else {
        Err(OpenError::UnsupportedUrl(redact(url)))
    }
}

/// The database file an `sqlite:` URL names (`None` for other URLs or no file).
pub fn sqlite_path(url: &str) -> Option<std::path::PathBuf> {
    use std::str::FromStr;
    if !url.starts_with("sqlite:") {
        return None;
    }
    let options = sqlx::sqlite::SqliteConnectOptions::from_str(url).ok()?;
    let path = options.get_filename();
    (!path.as_os_str().is_empty()).then(|| path.to_path_buf())
}

/// The URL with any password replaced, for logs and errors.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.find(':') {
                Some(colon) => format!("{}{}:***{}", &url[..scheme_end + 3], &credentials[..colon], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// A fingerprint of both backends' migrations, for caching migrated test templates.
pub fn schema_fingerprint() -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for m in migrations::SQLITE.iter().chain(migrations::POSTGRES.iter()) {
        for b in m.version.to_le_bytes().iter().chain(m.sql.as_str().as_bytes()) {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            super::redact("postgres://jalin:secret@db:5432/jalin"),
            "postgres://jalin:***@db:5432/jalin"
        );
        assert_eq!(
            super::redact("postgres://postgres@127.0.0.1/test"),
            "postgres://postgres@127.0.0.1/test"
        );
        assert_eq!(
            super::redact("sqlite://jalin-data/jalin.db"),
            "sqlite://jalin-data/jalin.db"
        );
    }
}
