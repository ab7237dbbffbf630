//! `kill -9` during an import: the registry holds all of the file or none of it, the node
//! starts again, the audit chain verifies and search agrees with the database.

use crate::node::{Node, PATIENCE, Proc};
use jalin_testkit::TestDbRef;
use std::time::{Duration, Instant};

/// Rows of the imported file: enough that writing them takes a while in a debug build,
/// few enough to keep the test short (the 100,000-row run is a benchmark, not a test).
const ROWS: i64 = 2_000;

/// When the import is killed.
#[derive(Debug, Clone, Copy)]
enum Moment {
    /// This long after it started: opening the database, reading and checking the file.
    AfterStart(u64),
    /// Once it demonstrably writes agreements, and this much later.
    Writing(u64),
    /// As soon as another connection sees the number of agreements change: an import
    /// that committed in pieces is caught with only some of them.
    AsSoonAsVisible,
    /// Not at all: it completes, and the server that then rebuilds its search index is
    /// killed as soon as the index has committed anything.
    CompletesThenServerDiesIndexing,
}

const MOMENTS: [Moment; 7] = [
    Moment::AfterStart(100),
    Moment::Writing(0),
    Moment::Writing(150),
    Moment::AsSoonAsVisible,
    Moment::CompletesThenServerDiesIndexing,
    // Replacing a registry that holds the file: deleting and inserting are one change too.
    Moment::Writing(0),
    Moment::Writing(150),
];

/// Waits until the import writes agreements; `false` if it ended first.
async fn until_writing(node: &Node, import: &mut Proc) -> bool {
    let started = Instant::now();
    // Three sightings in a row: a write transaction that lasts, not a passing lock.
    let mut seen = 0;
    while seen < 3 {
        if !import.running() {
            return false;
        }
        assert!(
            started.elapsed() < PATIENCE,
            "[{}] the import never wrote",
            node.backend()
        );
        seen = if node.agreements_being_written().await {
            seen + 1
        } else {
            0
        };
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    true
}

/// Waits until the number of agreements differs from `before`; `false` if the import ended
/// first.
async fn until_visible(node: &Node, import: &mut Proc, before: i64) -> bool {
    let started = Instant::now();
    while node.scalar("SELECT COUNT(*) FROM agreements").await == before {
        if !import.running() {
            return false;
        }
        assert!(
            started.elapsed() < PATIENCE,
            "[{}] the import never committed",
            node.backend()
        );
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    true
}

/// The search index's commit record (tantivy's `meta.json`), to see when the index changes.
fn index_meta(node: &Node) -> String {
    std::fs::read_to_string(node.path("jalin-data/search/meta.json")).unwrap_or_default()
}

async fn imports_audited(node: &Node) -> i64 {
    node.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'agreements.imported'")
        .await
}

/// Runs the import to `moment` and kills it there; returns whether it was still running
/// (`false`: it had ended by itself).
async fn import_until(node: &Node, file: &str, moment: Moment, before: i64) -> bool {
    let mut import = node.spawn(&["import", "agreements", file, "--mode", "replace"], "import");
    let killed = match moment {
        Moment::AfterStart(ms) => {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            import.running()
        }
        Moment::Writing(ms) => {
            let writing = until_writing(node, &mut import).await;
            tokio::time::sleep(Duration::from_millis(ms)).await;
            writing && import.running()
        }
        Moment::AsSoonAsVisible => until_visible(node, &mut import, before).await && import.running(),
        Moment::CompletesThenServerDiesIndexing => {
            let status = import.0.wait().unwrap();
            assert!(status.success(), "[{}] the import failed ({status})", node.backend());
            false
        }
    };
    import.kill9();
    killed
}

/// Starts the node again on the same database and index (for the last moment: kills it
/// once while it rebuilds its index, and starts it once more) and checks it.
async fn restart_and_check(node: &Node, moment: Moment, admin: &str) {
    let mut server = node.serve().await;
    if let Moment::CompletesThenServerDiesIndexing = moment {
        let old = index_meta(node);
        let started = Instant::now();
        while index_meta(node) == old && server.running() && started.elapsed() < PATIENCE {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        server.kill9();
        server = node.serve().await;
    }
    crate::node::search_agrees_with_database(node, &server, admin).await;
    node.audit_verified();
    server.kill9();
}

pub async fn story(db: TestDbRef) {
    let node = Node::new(db);
    let backend = node.backend();
    let admin = node.token("admin@jalin.test", "administrator", None, &["read", "write", "admin"]);
    let file = node.path("agreements.csv");
    let file = file.to_str().unwrap();
    let rows = ROWS.to_string();
    node.ok(&[
        "dev",
        "generate",
        "--agreements",
        &rows,
        "--seed",
        "13",
        "--output",
        file,
    ]);
    node.serve().await.kill9();

    let mut outcomes = Vec::new();
    for moment in MOMENTS {
        let before = node.scalar("SELECT COUNT(*) FROM agreements").await;
        let audited_before = imports_audited(&node).await;
        let killed = import_until(&node, file, moment, before).await;

        // All or nothing, and the audit event with it.
        let after = node.scalar("SELECT COUNT(*) FROM agreements").await;
        let audited = imports_audited(&node).await - audited_before;
        assert!(
            after == before || after == ROWS,
            "[{backend}] {moment:?}: {after} agreements after the kill, {before} before, the file has {ROWS}"
        );
        assert!(
            audited <= 1 && (after == before || audited == 1),
            "[{backend}] {moment:?}: {audited} import event(s) for a change from {before} to {after}"
        );
        if !killed {
            assert_eq!(
                after, ROWS,
                "[{backend}] {moment:?}: an import that ended wrote the file"
            );
            assert_eq!(audited, 1, "[{backend}] {moment:?}: a completed import is audited");
        }
        let outcome = format!(
            "{moment:?}: {} ({before} → {after})",
            if killed { "killed" } else { "completed" }
        );
        eprintln!("[{backend}] import {outcome}");
        outcomes.push(outcome);
        restart_and_check(&node, moment, &admin).await;
    }
    eprintln!("[{backend}] import kills: {}", outcomes.join("; "));
}
