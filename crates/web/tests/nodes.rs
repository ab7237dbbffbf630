//! Several nodes on one PostgreSQL database behind a round-robin proxy: sessions work on
//! every node, each job runs once, a change made on one node is found by search on the
//! other, timers never take a step twice and each reminder is mailed once. PostgreSQL only (an SQLite file serves one
//! node); skipped with a printed reason without `JALIN_TEST_POSTGRES_URL`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Launched, Server};
use jalin_app::ports::clock::Clock;
use jalin_app::ports::store::{AuditFilter, Page};
use jalin_testkit::TestDb;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use time::OffsetDateTime;

/// The test clock of every node, which the test moves forward.
struct MovableClock {
    start: OffsetDateTime,
    days: AtomicI64,
}

impl Clock for MovableClock {
    fn now(&self) -> OffsetDateTime {
        self.start + time::Duration::days(self.days.load(Ordering::SeqCst))
    }
}

/// A TCP proxy handing each new connection to the next node in turn.
struct Proxy {
    base: String,
    connections: Arc<[AtomicUsize; 2]>,
}

async fn round_robin(nodes: [SocketAddr; 2]) -> Proxy {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let connections = Arc::new([AtomicUsize::new(0), AtomicUsize::new(0)]);
    let counted = connections.clone();
    tokio::spawn(async move {
        let mut next = 0usize;
        while let Ok((mut inbound, _)) = listener.accept().await {
            let node = next % 2;
            next += 1;
            counted[node].fetch_add(1, Ordering::SeqCst);
            let target = nodes[node];
            tokio::spawn(async move {
                if let Ok(mut outbound) = tokio::net::TcpStream::connect(target).await {
                    let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                }
            });
        }
    });
    Proxy { base, connections }
}

fn addr(node: &Launched) -> SocketAddr {
    node.base.trim_start_matches("http://").parse().unwrap()
}

/// A client that opens a new connection per request, so the proxy alternates nodes.
fn fresh_connections() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(0)
        .build()
        .unwrap()
}

#[tokio::test]
async fn two_nodes_on_one_database_behave_as_one() {
    let Some(db) = TestDb::postgres().await else {
        eprintln!("skipping the several-nodes test: it needs PostgreSQL");
        return;
    };
    let clock = Arc::new(MovableClock {
        start: jalin_testkit::test_now(),
        days: AtomicI64::new(0),
    });
    let handle = db.handle();
    let launch = || {
        let clock = clock.clone();
        Server::launch(&handle, move |_, options| options.clock = clock)
    };
    let (one, two) = (launch().await, launch().await);
    let proxy = round_robin([addr(&one), addr(&two)]).await;
    let via_proxy = Server {
        base: proxy.base.clone(),
        client: fresh_connections(),
        app: one.app.clone(),
        store: one.store.clone(),
        admin: one.admin.clone(),
    };

    sessions_work_on_every_node(&via_proxy).await;
    assert!(
        proxy.connections.iter().all(|c| c.load(Ordering::SeqCst) >= 3),
        "both nodes served"
    );
    each_job_runs_once(&via_proxy, &one, &two).await;
    search_on_one_node_finds_a_change_made_on_the_other(&one, &two).await;
    timers_take_each_step_once(&via_proxy, &one, &two, &clock, &db).await;

    let verification = one.app.audit.verify_audit(&one.app.system_ctx("test")).await.unwrap();
    assert_eq!(verification.broken_at, None, "{verification:?}");
    one.stop.cancel();
    two.stop.cancel();
    drop((one, two, via_proxy));
    db.cleanup().await;
}

/// A session made on one node is known to the other, for reading and for writing (with
/// its CSRF token), and signing out on one node ends it on both.
async fn sessions_work_on_every_node(s: &Server) {
    let (cookie, csrf) = s
        .sign_in("officer@kukarkab.go.id", "regional_officer", Some("64.02"))
        .await;
    for _ in 0..4 {
        assert_eq!(who_am_i(s, &cookie).await, StatusCode::OK);
    }
    for i in 0..2 {
        let r = s
            .client
            .post(format!("{}/api/v1/opportunities/needs", s.base))
            .header("cookie", &cookie)
            .header("x-csrf-token", &csrf)
            .json(&json!({"region_code": "64.02", "title": format!("Kebutuhan {i}"), "fields": ["1.03"]}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::CREATED, "{}", r.text().await.unwrap());
    }
    let r = s
        .client
        .post(format!("{}/api/v1/auth/logout", s.base))
        .header("cookie", &cookie)
        .header("x-csrf-token", &csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    for _ in 0..2 {
        assert_eq!(who_am_i(s, &cookie).await, StatusCode::UNAUTHORIZED);
    }
}

/// `GET /api/v1/auth/me` with the session cookie, through the proxy (the next node).
async fn who_am_i(s: &Server, cookie: &str) -> StatusCode {
    let r = s
        .client
        .get(format!("{}/api/v1/auth/me", s.base))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    r.status()
}

/// Both nodes run the queue at once: every queued job is claimed by exactly one of them.
async fn each_job_runs_once(s: &Server, one: &Launched, two: &Launched) {
    // Leftovers of the earlier steps (opportunity alerts) first, so only uploads count.
    while one.app.jobs.run(50).await.unwrap() > 0 {}
    let officer = s
        .token_for("kerjasama@kukarkab.go.id", "regional_officer", Some("64.02"))
        .await;
    let (status, view) = s
        .call(
            Method::POST,
            "/api/v1/cases",
            Some(&officer),
            Some(
                &json!({"form": "KSDPL", "subtype": "sister_city", "region_code": "64.02",
                "partner": {"geonameid": 1859307}, "title_id": "Kerja sama", "objects": ["cultural_exchange"]}),
            ),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{view}");
    let case = view["case"]["id"].as_str().unwrap().to_owned();
    let uploads = 24;
    for i in 0..uploads {
        let r = s
            .client
            .post(format!("{}/api/v1/cases/{case}/files?filename=catatan-{i}.txt", s.base))
            .bearer_auth(&officer)
            .body(format!("Catatan rapat koordinasi nomor {i}: kerja sama pendidikan."))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::CREATED);
    }
    let mut ran = [0usize; 2];
    loop {
        let (a, b) = tokio::join!(one.app.jobs.run(2), two.app.jobs.run(2));
        let (a, b) = (a.unwrap(), b.unwrap());
        ran[0] += a;
        ran[1] += b;
        if a == 0 && b == 0 {
            break;
        }
    }
    assert_eq!(ran[0] + ran[1], uploads, "jobs claimed per node: {ran:?}");
    assert!(ran[0] > 0 && ran[1] > 0, "both nodes took part: {ran:?}");
}

/// A write on one node is found by a search on the other within a second.
async fn search_on_one_node_finds_a_change_made_on_the_other(one: &Launched, two: &Launched) {
    let body = json!({
        "form": "KSDPL", "subtype": "sister_city", "tier": "mou", "status": "in_force",
        "title_id": "Kerja Sama Budidaya Kuda Laut Kota Surabaya",
        "parties": [{"region_code": "35.78"}, {"geonameid": 1859307}],
        "objects": ["science_technology"], "fields": ["2.11"],
        "signed_on": "2024-11-20", "expires_on": "2029-11-19"
    });
    let (status, created) = one.send(Method::POST, "/api/v1/agreements", &body, None).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let written = Instant::now();
    let found = loop {
        let (_, found) = two.get("/api/v1/search?q=kuda%20laut&kind=agreement").await;
        if found["total"] == 1 || written.elapsed() > Duration::from_secs(1) {
            break found;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(
        found["total"], 1,
        "not found on the other node within a second: {found}"
    );
    assert_eq!(
        found["hits"][0]["id"],
        format!("agreement:{}", created["id"].as_str().unwrap())
    );
}

/// Both nodes run the timers and the job queue at once: each expiry reminder reaches the
/// region's officer's inbox and mailbox exactly once (the nearest threshold only).
async fn reminders_are_mailed_once(one: &Launched, two: &Launched, agreements: usize) {
    let officer = "kerjasama@surabaya.go.id";
    one.token_for(officer, "regional_officer", Some("35.78")).await;
    for _ in 0..2 {
        let (a, b) = tokio::join!(one.app.cases.run_timers(), two.app.cases.run_timers());
        a.unwrap();
        b.unwrap();
        loop {
            let (a, b) = tokio::join!(one.app.jobs.run(3), two.app.jobs.run(3));
            if a.unwrap() + b.unwrap() == 0 {
                break;
            }
        }
    }
    let mailed: Vec<String> = [one, two]
        .iter()
        .flat_map(|node| node.mailer.sent.lock().clone())
        .filter(|m| m.to == officer)
        .map(|m| m.subject)
        .collect();
    // Besides the invitation of the new (password-less) account: one message per reminder.
    let reminders: std::collections::BTreeSet<&String> =
        mailed.iter().filter(|s| s.contains("Akan berakhir")).collect();
    assert_eq!(reminders.len(), agreements, "{mailed:#?}");
    assert_eq!(mailed.len(), agreements + 1, "{mailed:#?}");
}

/// Both nodes run the timers at once after the expiry of some agreements: each expiry
/// is taken once, with one audit event.
async fn timers_take_each_step_once(s: &Server, one: &Launched, two: &Launched, clock: &MovableClock, db: &TestDb) {
    let expires = (jalin_testkit::test_now() + time::Duration::days(10))
        .date()
        .to_string();
    let mut ids = Vec::new();
    for i in 0..8 {
        let body = json!({
            "form": "KSDPL", "subtype": "sister_city", "tier": "mou", "status": "in_force",
            "title_id": format!("Kerja Sama Kota Kembar Nomor {i}"),
            "parties": [{"region_code": "35.78"}, {"geonameid": 1859307}],
            "objects": ["science_technology"], "fields": ["2.11"],
            "signed_on": "2024-11-20", "expires_on": expires
        });
        let (status, created) = s.send(Method::POST, "/api/v1/agreements", &body, None).await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        ids.push(created["id"].as_str().unwrap().to_owned());
    }
    reminders_are_mailed_once(one, two, ids.len()).await;
    clock.days.store(30, Ordering::SeqCst);
    let (a, b) = tokio::join!(one.app.cases.run_timers(), two.app.cases.run_timers());
    let (a, b) = (a.unwrap(), b.unwrap());
    let mut tx = db.store.read().await.unwrap();
    let all = AuditFilter {
        target_type: Some("agreement".into()),
        ..AuditFilter::default()
    };
    let expiries: Vec<(String, String)> = tx
        .audit()
        .list(&all, Page::all())
        .await
        .unwrap()
        .items
        .into_iter()
        .filter(|e| e.action == "agreement.expired")
        .map(|e| (e.target_id, e.actor))
        .collect();
    assert_eq!(
        a.agreements_expired + b.agreements_expired,
        ids.len(),
        "{a:?} {b:?} {expiries:#?} {ids:#?}"
    );
    for id in &ids {
        let filter = AuditFilter {
            target_type: Some("agreement".into()),
            target_id: Some(id.clone()),
            ..AuditFilter::default()
        };
        let events = tx.audit().list(&filter, Page::all()).await.unwrap().items;
        let expiries = events.iter().filter(|e| e.action == "agreement.expired").count();
        assert_eq!(expiries, 1, "agreement {id}: {events:?}");
        let (_, agreement): (StatusCode, Value) = s.get(&format!("/api/v1/agreements/{id}")).await;
        assert_eq!(agreement["status"], "expired", "{agreement}");
    }
}
