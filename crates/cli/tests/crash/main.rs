//! Crash safety of the `jalin` binary, measured with `kill -9` (SIGKILL: no shutdown, no
//! flushing), on SQLite and, when `JALIN_TEST_POSTGRES_URL` is set, on PostgreSQL:
//! - an import killed at any moment leaves all of its file or none of it (`import.rs`);
//! - a server killed during bursts of writes keeps every write it acknowledged (`bursts.rs`);
//! - after each kill the node starts again, the audit chain verifies and search agrees with
//!   the database.
//!
//! What this guarantees is summarised in docs/operations.md ("Crash safety").
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod bursts;
mod import;
mod node;

use jalin_testkit::each_backend;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_killed_at_any_moment_is_all_or_nothing() {
    each_backend(import::story).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_during_bursts_of_writes_keeps_every_acknowledged_write() {
    each_backend(bursts::story).await;
}
