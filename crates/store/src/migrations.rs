//! Migrations, embedded per backend. Append-only: a released migration is never edited
//! (sqlx stores each one's checksum and refuses a changed file); a change is a new file.

use sqlx::SqlSafeStr;
use sqlx::migrate::{Migration, MigrationType, Migrator};
use std::borrow::Cow;

/// `(version, description, SQL)` of one migration.
pub(crate) type Step = (i64, &'static str, &'static str);

pub(crate) const SQLITE: &[Step] = &[
    (1, "registry", include_str!("../migrations/sqlite/0001_registry.sql")),
    (2, "cases", include_str!("../migrations/sqlite/0002_cases.sql")),
    (
        3,
        "accounts_audit",
        include_str!("../migrations/sqlite/0003_accounts_audit.sql"),
    ),
    (4, "documents", include_str!("../migrations/sqlite/0004_documents.sql")),
    (
        5,
        "jobs_search",
        include_str!("../migrations/sqlite/0005_jobs_search.sql"),
    ),
    (
        6,
        "opportunities",
        include_str!("../migrations/sqlite/0006_opportunities.sql"),
    ),
    (
        7,
        "sdg_suggestion_decisions",
        include_str!("../migrations/sqlite/0007_sdg_suggestion_decisions.sql"),
    ),
];

pub(crate) const POSTGRES: &[Step] = &[
    (1, "registry", include_str!("../migrations/postgres/0001_registry.sql")),
    (2, "cases", include_str!("../migrations/postgres/0002_cases.sql")),
    (
        3,
        "accounts_audit",
        include_str!("../migrations/postgres/0003_accounts_audit.sql"),
    ),
    (
        4,
        "documents",
        include_str!("../migrations/postgres/0004_documents.sql"),
    ),
    (
        5,
        "jobs_search",
        include_str!("../migrations/postgres/0005_jobs_search.sql"),
    ),
    (
        6,
        "opportunities",
        include_str!("../migrations/postgres/0006_opportunities.sql"),
    ),
    (
        7,
        "sdg_suggestion_decisions",
        include_str!("../migrations/postgres/0007_sdg_suggestion_decisions.sql"),
    ),
];

pub(crate) fn migrator(steps: &[Step]) -> Migrator {
    Migrator::with_migrations(
        steps
            .iter()
            .map(|(version, description, sql)| {
                Migration::new(
                    *version,
                    Cow::Borrowed(*description),
                    MigrationType::Simple,
                    sql.into_sql_str(),
                    false,
                )
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file in `migrations/<backend>/` is listed, in order, and both backends have the
    /// same versions.
    #[test]
    fn every_migration_file_is_embedded() {
        for (dir, steps) in [("sqlite", SQLITE), ("postgres", POSTGRES)] {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("migrations")
                .join(dir);
            let mut files: Vec<String> = std::fs::read_dir(&path)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".sql"))
                .collect();
            files.sort();
            let versions: Vec<i64> = files.iter().map(|f| f[..4].parse().unwrap()).collect();
            assert_eq!(versions, steps.iter().map(|s| s.0).collect::<Vec<_>>(), "{dir}");
        }
        assert_eq!(
            SQLITE.iter().map(|s| s.0).collect::<Vec<_>>(),
            POSTGRES.iter().map(|s| s.0).collect::<Vec<_>>()
        );
    }
}
