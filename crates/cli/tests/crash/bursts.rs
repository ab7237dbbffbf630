//! `kill -9` of the server during bursts of writes: every write the server acknowledged is
//! there after the restart, the audit chain verifies and search agrees with the database.

use crate::node::{Node, Server, search_agrees_with_database};
use jalin_testkit::TestDbRef;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Clients writing at once.
const CLIENTS: usize = 4;
/// The server is killed once this many writes of a burst have been acknowledged; the
/// clients keep writing until then and have requests in flight when it happens.
const BURSTS: [usize; 2] = [40, 90];

/// A write the server acknowledged with 2xx: the record and the version it answered.
#[derive(Debug, Clone)]
struct Ack {
    path: String,
    version: i64,
    /// For a case, the state it reached.
    state: Option<String>,
    /// For an agreement, its English title.
    title_en: Option<String>,
}

struct Tokens {
    officer: String,
    approver: String,
}

fn agreement(client: usize, n: usize) -> Value {
    json!({
        "form": "KSDPL", "subtype": "sister_city", "tier": "mou", "status": "in_force",
        "title_id": format!("Kerja Sama Kota Kembar Uji Ketahanan {client}-{n}"),
        "parties": [{"region_code": "64.02"}, {"geonameid": 1859307}],
        "objects": ["science_technology"], "fields": ["2.11"], "sdgs": ["11.6"],
        "signed_on": "2024-11-20", "expires_on": "2029-11-19"
    })
}

fn case(client: usize, n: usize) -> Value {
    json!({
        "form": "KSDPL", "subtype": "sister_city", "region_code": "64.02",
        "partner": {"geonameid": 1859307},
        "title_id": format!("Kerja Sama Kabupaten Kembar Uji Ketahanan {client}-{n}"),
        "objects": ["cultural_exchange"], "fields": ["2.11"], "sdgs": ["11.6"],
        "declarations": {"opens_representative_office": false}
    })
}

fn step(transition: &str, documents: &[&str], version: i64) -> Value {
    json!({
        "transition": transition,
        "documents": documents
            .iter()
            .map(|d| json!({"kind": d, "number": format!("{d}/2026"), "issued_on": "2026-11-20"}))
            .collect::<Vec<_>>(),
        "expected_version": version,
    })
}

/// What a client recorded: acknowledged writes, and answers that were neither success nor
/// the server's disappearance.
#[derive(Default)]
struct Record {
    acks: Vec<Ack>,
    unexpected: Vec<String>,
}

/// One write: `Some(body)` when acknowledged; `None` when the server is gone.
async fn write(
    server: &Server,
    record: &Mutex<Record>,
    acked: &AtomicUsize,
    (method, path, token): (Method, &str, &str),
    body: &Value,
    if_match: Option<&str>,
) -> Option<Value> {
    let (status, answer) = server
        .try_call(method.clone(), path, token, Some(body), if_match)
        .await?;
    if !status.is_success() {
        record
            .lock()
            .unwrap()
            .unexpected
            .push(format!("{method} {path} → {status}: {answer}"));
        return None;
    }
    acked.fetch_add(1, Ordering::SeqCst);
    Some(answer)
}

/// Writes until the server is gone: an agreement and its change, a case and two steps.
async fn client(
    server: Arc<Server>,
    tokens: Arc<Tokens>,
    id: usize,
    record: Arc<Mutex<Record>>,
    acked: Arc<AtomicUsize>,
) {
    let (officer, approver) = (tokens.officer.as_str(), tokens.approver.as_str());
    let ack = |path: String, v: &Value, state: Option<String>, title_en: Option<String>| {
        let version = v["version"].as_i64().unwrap_or_else(|| panic!("no version in {v}"));
        record.lock().unwrap().acks.push(Ack {
            path,
            version,
            state,
            title_en,
        });
    };
    for n in 0.. {
        let post = (Method::POST, "/api/v1/agreements", officer);
        let Some(a) = write(&server, &record, &acked, post, &agreement(id, n), None).await else {
            return;
        };
        let path = format!("/api/v1/agreements/{}", a["id"].as_str().unwrap());
        ack(path.clone(), &a, None, None);
        let title = format!("Resilience test {id}-{n}");
        let patch = (Method::PATCH, path.as_str(), officer);
        let body = json!({"title_en": title});
        let Some(a) = write(&server, &record, &acked, patch, &body, Some("\"1\"")).await else {
            return;
        };
        ack(path, &a, None, Some(title));

        let post = (Method::POST, "/api/v1/cases", officer);
        let Some(c) = write(&server, &record, &acked, post, &case(id, n), None).await else {
            return;
        };
        let path = format!("/api/v1/cases/{}", c["case"]["id"].as_str().unwrap());
        let state = |c: &Value| c["case"]["state"].as_str().map(str::to_owned);
        ack(path.clone(), &c["case"], state(&c), None);
        let transitions = format!("{path}/transitions");
        let mut version = c["case"]["version"].as_i64().unwrap();
        let steps: [(&str, &str, &[&str]); 2] = [
            (officer, "mulai_penjajakan", &["surat_minat"]),
            (approver, "ajukan_konsultasi", &["kajian", "surat_konsultasi_menteri"]),
        ];
        for (token, transition, documents) in steps {
            let take = (Method::POST, transitions.as_str(), token);
            let body = step(transition, documents, version);
            let Some(c) = write(&server, &record, &acked, take, &body, None).await else {
                return;
            };
            version = c["case"]["version"].as_i64().unwrap();
            ack(path.clone(), &c["case"], state(&c), None);
        }
    }
}

/// Every acknowledged write is there: its record at the acknowledged version or later
/// (a write in flight at the kill may have committed unacknowledged), with what it wrote.
async fn assert_acks_present(node: &Node, server: &Server, admin: &str, acks: &[Ack]) {
    let mut latest: HashMap<&str, &Ack> = HashMap::new();
    for a in acks {
        let entry = latest.entry(a.path.as_str()).or_insert(a);
        if a.version > entry.version {
            *entry = a;
        }
    }
    for (path, ack) in latest {
        let (status, body) = server.call(Method::GET, path, admin, None).await;
        assert_eq!(
            status,
            StatusCode::OK,
            "[{}] acknowledged {path} is gone: {body}",
            node.backend()
        );
        let record = if path.contains("/cases/") { &body["case"] } else { &body };
        let version = record["version"].as_i64().unwrap();
        assert!(
            version >= ack.version,
            "[{}] {path}: version {version}, acknowledged {}",
            node.backend(),
            ack.version
        );
        if version == ack.version {
            if let Some(state) = &ack.state {
                assert_eq!(
                    record["state"].as_str(),
                    Some(state.as_str()),
                    "[{}] {path}",
                    node.backend()
                );
            }
            if let Some(title) = &ack.title_en {
                assert_eq!(
                    record["title_en"].as_str(),
                    Some(title.as_str()),
                    "[{}] {path}",
                    node.backend()
                );
            }
        }
    }
}

pub async fn story(db: TestDbRef) {
    let node = Node::new(db);
    let backend = node.backend();
    let admin = node.token("admin@jalin.test", "administrator", None, &["read", "write", "admin"]);
    let tokens = Arc::new(Tokens {
        officer: node.token(
            "kerjasama@kukarkab.go.id",
            "regional_officer",
            Some("64.02"),
            &["read", "write"],
        ),
        approver: node.token(
            "sekda@kukarkab.go.id",
            "regional_approver",
            Some("64.02"),
            &["read", "write"],
        ),
    });
    let mut all_acks: Vec<Ack> = Vec::new();
    let mut server = Arc::new(node.serve().await);
    for (burst, threshold) in BURSTS.into_iter().enumerate() {
        let audited_before = node.audit_verified();
        let record = Arc::new(Mutex::new(Record::default()));
        let acked = Arc::new(AtomicUsize::new(0));
        let clients: Vec<_> = (0..CLIENTS)
            .map(|i| {
                let id = burst * CLIENTS + i;
                tokio::spawn(client(
                    server.clone(),
                    tokens.clone(),
                    id,
                    record.clone(),
                    acked.clone(),
                ))
            })
            .collect();
        let started = std::time::Instant::now();
        while acked.load(Ordering::SeqCst) < threshold {
            assert!(
                started.elapsed() < crate::node::PATIENCE,
                "[{backend}] burst {burst}: only {} write(s) acknowledged; {:?}",
                acked.load(Ordering::SeqCst),
                record.lock().unwrap().unexpected
            );
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        server.kill9();
        for c in clients {
            c.await.unwrap();
        }
        let record = std::mem::take(&mut *record.lock().unwrap());
        let acknowledged = record.acks.len() as i64;
        assert!(
            record.unexpected.is_empty(),
            "[{backend}] burst {burst}: writes refused: {:?}",
            record.unexpected
        );
        eprintln!(
            "[{backend}] burst {burst}: killed after {} acknowledged write(s)",
            record.acks.len()
        );
        all_acks.extend(record.acks);

        let restarted = node.serve().await;
        assert_acks_present(&node, &restarted, &admin, &all_acks).await;
        let audited = node.audit_verified();
        assert!(
            audited - audited_before >= acknowledged,
            "[{backend}] burst {burst}: {} new audit event(s) for {acknowledged} acknowledged write(s)",
            audited - audited_before
        );
        search_agrees_with_database(&node, &restarted, &admin).await;
        server = Arc::new(restarted);
    }
    server.kill9();
}
