//! Migrations, embedded per backend by `sqlx::migrate!` from `migrations/<backend>/`.
//! Append-only: a released migration is never edited (sqlx keeps each one's checksum in
//! `_sqlx_migrations` and refuses a changed file); a change is a new file with the next
//! number, in both folders. See `docs/adr/0010-migrations.md`.

use sqlx::migrate::Migrator;

// `sqlx::migrate!` is this same macro, re-exported only with sqlx's `macros` feature; naming
// it directly spares the workspace that feature (and a rebuild of every sqlx crate with it).
pub(crate) static SQLITE: Migrator = sqlx::sqlx_macros::migrate!("migrations/sqlite");

pub(crate) static POSTGRES: Migrator = sqlx::sqlx_macros::migrate!("migrations/postgres");

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn versions(migrator: &Migrator) -> Vec<i64> {
        migrator.iter().map(|m| m.version).collect()
    }

    /// Both backends have the same versions, numbered from 1 without gaps.
    #[test]
    fn both_backends_have_the_same_numbered_migrations() {
        let sqlite = versions(&SQLITE);
        assert_eq!(sqlite, (1..=sqlite.len() as i64).collect::<Vec<_>>());
        assert_eq!(sqlite, versions(&POSTGRES));
    }

    /// A database migrated before `migrate!` recorded the checksums of `Migration::new` over
    /// each file's text; the embedded ones must be the same, or opening such a database
    /// fails with a version mismatch.
    #[test]
    fn checksums_are_those_the_hand_listed_migrations_recorded() {
        use sqlx::SqlSafeStr;
        use sqlx::migrate::{Migration, MigrationType};
        for (dir, migrator) in [("sqlite", &SQLITE), ("postgres", &POSTGRES)] {
            for m in migrator.iter() {
                let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("migrations")
                    .join(dir)
                    .join(format!("{:04}_{}.sql", m.version, m.description.replace(' ', "_")));
                let sql = std::fs::read_to_string(&path).unwrap();
                let old = Migration::new(
                    m.version,
                    m.description.clone(),
                    MigrationType::Simple,
                    sqlx::AssertSqlSafe(sql).into_sql_str(),
                    false,
                );
                assert_eq!(m.checksum, old.checksum, "{}", path.display());
                assert!(!m.no_tx);
            }
        }
    }

    /// The migrator the hand-listed code built: every file of the folder, its description
    /// as it was spelled there (`accounts_audit`).
    fn hand_listed(dir: &str) -> Migrator {
        use sqlx::SqlSafeStr;
        use sqlx::migrate::{Migration, MigrationType};
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("migrations")
            .join(dir);
        let mut files: Vec<_> = std::fs::read_dir(path).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        let migrations = files
            .iter()
            .map(|file| {
                let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
                let (version, description) = stem.split_once('_').unwrap();
                Migration::new(
                    version.parse().unwrap(),
                    description.to_owned().into(),
                    MigrationType::Simple,
                    sqlx::AssertSqlSafe(std::fs::read_to_string(file).unwrap()).into_sql_str(),
                    false,
                )
            })
            .collect();
        Migrator::with_migrations(migrations)
    }

    #[tokio::test]
    async fn a_database_migrated_by_the_hand_listed_code_opens() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("old.db").display());
        let options = sqlx::sqlite::SqliteConnectOptions::from_str(&url)
            .unwrap()
            .create_if_missing(true);
        let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
        hand_listed("sqlite").run(&pool).await.unwrap();
        pool.close().await;
        let store = crate::sqlite::SqliteStore::open(&url).await.unwrap();
        store.close().await;
    }

    #[tokio::test]
    async fn a_postgres_database_migrated_by_the_hand_listed_code_opens() {
        let Ok(admin_url) = std::env::var("JALIN_TEST_POSTGRES_URL") else {
            eprintln!("skipped: JALIN_TEST_POSTGRES_URL is not set");
            return;
        };
        use sqlx::Connection;
        let name = format!("jalin_adopt_{}", uuid::Uuid::now_v7().simple());
        let mut admin = sqlx::PgConnection::connect(&admin_url).await.unwrap();
        let create = format!("CREATE DATABASE {name}");
        sqlx::raw_sql(sqlx::AssertSqlSafe(create))
            .execute(&mut admin)
            .await
            .unwrap();
        let url = match admin_url.rsplit_once('/') {
            Some((server, _)) => format!("{server}/{name}"),
            None => panic!("no database in {admin_url}"),
        };
        let pool = sqlx::PgPool::connect(&url).await.unwrap();
        hand_listed("postgres").run(&pool).await.unwrap();
        pool.close().await;
        let opened = crate::postgres::PgStore::open(&url).await;
        if let Ok(store) = &opened {
            store.close().await;
        }
        let drop = format!("DROP DATABASE {name}");
        sqlx::raw_sql(sqlx::AssertSqlSafe(drop))
            .execute(&mut admin)
            .await
            .unwrap();
        assert!(opened.is_ok(), "{:?}", opened.err());
    }
}
