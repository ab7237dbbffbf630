//! The search index follows the database: committed changes become searchable, rolled-back
//! ones never do, every node catches up, document text is extracted once and found by its
//! Indonesian word forms, and a reindex rebuilds — on SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use jalin_app::App;
use jalin_app::accounts::UserInput;
use jalin_app::cases::{CaseInput, DocumentInput, TransitionInput};
use jalin_app::ctx::{Actor, Ctx};
use jalin_app::ports::clock::FixedClock;
use jalin_app::ports::search::SearchIndex;
use jalin_app::search::{SearchQuery, agreement_key};
use jalin_domain::agreement::{AgreementInput, PartyInput};
use jalin_search::{Extractor, TantivyIndex};
use jalin_testkit::{TestDbRef, each_backend, test_now};
use std::sync::Arc;

async fn node(db: &TestDbRef) -> (App, Arc<TantivyIndex>) {
    let index = Arc::new(TantivyIndex::in_memory().unwrap());
    let app = App::builder(db.store.clone(), Arc::new(FixedClock(test_now())))
        .with_search(index.clone())
        .with_extractor(Arc::new(Extractor))
        .build()
        .await
        .unwrap();
    (app, index)
}

async fn user(app: &App, email: &str, role: &str, region: Option<&str>) -> Ctx {
    let system = app.system_ctx("test");
    app.accounts
        .create_user(
            &system,
            &UserInput {
                email: Some(email.into()),
                role: Some(role.into()),
                region_code: region.map(str::to_owned),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    app.ctx(Actor::User(app.accounts.act_as(email).await.unwrap()), "test")
}

fn agreement(title: &str, status: &str, region: &str) -> AgreementInput {
    serde_json::from_value(serde_json::json!({
        "form": "KSDPL", "subtype": "sister_city", "tier": "mou", "status": status,
        "title_id": title,
        "description_id": "Kerja sama pengembangan pendidikan vokasi dan pertukaran guru.",
        "parties": [{"region_code": region}, {"geonameid": 1859307}],
        "objects": ["cultural_exchange"], "sdgs": ["4.3"],
        "signed_on": if status == "in_force" { serde_json::json!("2024-05-01") } else { serde_json::Value::Null },
        "expires_on": if status == "in_force" { serde_json::json!("2029-04-30") } else { serde_json::Value::Null },
    }))
    .unwrap()
}

fn query(q: &str) -> SearchQuery {
    SearchQuery {
        q: Some(q.into()),
        ..SearchQuery::default()
    }
}

#[tokio::test]
async fn committed_changes_are_found_rolled_back_ones_never() {
    each_backend(|db| async move {
        let (app, _) = node(&db).await;
        let (other_node, other_index) = node(&db).await;
        let system = app.system_ctx("test");
        let anonymous = app.ctx(Actor::Anonymous, "t");
        let kembar = app
            .registry
            .create_agreement(
                &system,
                &agreement("Kota Kembar Samarinda Kitakyushu", "in_force", "64.72"),
            )
            .await
            .unwrap();
        // "pendidikan" in the text is found by its other forms.
        let found = app.search.search(&anonymous, &query("mendidik")).await.unwrap();
        assert_eq!(found.total, 1, "{found:?}");
        assert!(!found.hits[0].snippet.highlights.is_empty(), "{found:?}");

        // A new title written as a change does it (row and search-log entry in one
        // transaction), then rolled back: the log entry goes with it, the title is never found.
        let renamed_title = "Kota Kembar Samarinda Kitakyushu: Jembatan Budaya";
        {
            let mut tx = db.store.write().await.unwrap();
            let mut renamed = tx.agreements().get(kembar.id).await.unwrap().unwrap();
            renamed.title_id = renamed_title.into();
            renamed.version += 1;
            tx.agreements().update(&renamed, kembar.version).await.unwrap();
            tx.jobs()
                .log_search(&[agreement_key(kembar.id)], test_now())
                .await
                .unwrap();
            // dropped without commit
        }
        let jembatan = query("jembatan");
        assert_eq!(
            app.search.search(&anonymous, &jembatan).await.unwrap().total,
            0,
            "a rolled-back title is not found"
        );
        let kota_kembar = SearchQuery {
            kind: Some("agreement".into()),
            ..query("kota kembar")
        };
        assert_eq!(app.search.search(&anonymous, &kota_kembar).await.unwrap().total, 1);
        // The same change committed is found.
        app.registry
            .patch_agreement(
                &system,
                &kembar.id.to_string(),
                &serde_json::json!({ "title_id": renamed_title }),
                None,
            )
            .await
            .unwrap();
        let found = app.search.search(&anonymous, &jembatan).await.unwrap();
        assert_eq!(found.total, 1, "a committed title is found: {found:?}");
        assert_eq!(found.hits[0].title, renamed_title);
        let refused = app
            .registry
            .create_agreement(&system, &agreement("", "in_force", "64.72"))
            .await;
        assert!(refused.is_err());
        let agreements = SearchQuery {
            kind: Some("agreement".into()),
            ..query("")
        };
        assert_eq!(app.search.search(&anonymous, &agreements).await.unwrap().total, 1);

        // Another node follows the same log.
        assert_eq!(other_index.len().await.unwrap(), 0);
        assert!(other_node.search.sync_search().await.unwrap() >= 1);
        let samarinda = SearchQuery {
            kind: Some("agreement".into()),
            ..query("Samarinda")
        };
        assert_eq!(other_node.search.search(&anonymous, &samarinda).await.unwrap().total, 1);

        // Drafts are found only by their region.
        app.registry
            .create_agreement(
                &system,
                &agreement("Rancangan kerja sama perikanan Bontang", "draft", "64.74"),
            )
            .await
            .unwrap();
        assert_eq!(
            app.search.search(&anonymous, &query("perikanan")).await.unwrap().total,
            0
        );
        let bontang = user(&app, "kerjasama@bontangkota.go.id", "regional_officer", Some("64.74")).await;
        let samarinda = user(&app, "kerjasama@samarindakota.go.id", "regional_officer", Some("64.72")).await;
        assert_eq!(app.search.search(&bontang, &query("perikanan")).await.unwrap().total, 1);
        assert_eq!(
            app.search.search(&samarinda, &query("perikanan")).await.unwrap().total,
            0
        );

        // A reindex request: every node rebuilds and finds the same.
        let before = app.search.search(&system, &query("")).await.unwrap().total;
        app.search.request_reindex(&system).await.unwrap();
        assert_eq!(
            other_node.search.search(&system, &query("")).await.unwrap().total,
            before
        );
        assert_eq!(app.search.search(&system, &query("")).await.unwrap().total, before);
    })
    .await;
}

#[tokio::test]
async fn document_text_is_extracted_once_and_found_by_its_readers() {
    each_backend(|db| async move {
        let (app, _) = node(&db).await;
        let officer = user(&app, "kerjasama@kukarkab.go.id", "regional_officer", Some("64.02")).await;
        let stranger = user(&app, "kerjasama@bandung.go.id", "regional_officer", Some("32.73")).await;
        let view = app
            .cases
            .open_case(
                &officer,
                &CaseInput {
                    form: Some("KSDPL".into()),
                    subtype: Some("sister_city".into()),
                    region_code: Some("64.02".into()),
                    partner: Some(PartyInput {
                        geonameid: Some(1_859_307),
                        ..Default::default()
                    }),
                    title_id: Some("Kerja sama Kukar".into()),
                    objects: vec!["cultural_exchange".into()],
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        let case = view.case.id.to_string();
        let pdf = jalin_search::testdata::pdf_with_text("Surat minat: program mendidik dan melatih guru sekolah dasar");
        let file = app.cases.upload_file(&officer, &case, &pdf, "surat.pdf").await.unwrap();
        // A second upload of the same content queues nothing new.
        app.cases.upload_file(&officer, &case, &pdf, "copy.pdf").await.unwrap();
        app.cases
            .transition_case(
                &officer,
                &case,
                &TransitionInput {
                    transition: "mulai_penjajakan".into(),
                    documents: vec![DocumentInput {
                        kind: "surat_minat".into(),
                        file: Some(file.sha256.clone()),
                        ..Default::default()
                    }],
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        // A broken "PDF" is accepted as a file but its text cannot be read: an error, no crash.
        let broken = b"%PDF-1.7\n1 0 obj << /Length 999999999 >> stream \xff\xfe garbage".to_vec();
        app.cases
            .upload_file(&officer, &case, &broken, "rusak.pdf")
            .await
            .unwrap();
        {
            let mut tx = db.store.read().await.unwrap();
            assert_eq!(
                tx.jobs().pending().await.unwrap(),
                2,
                "one extraction per distinct file"
            );
        }
        assert_eq!(app.jobs.run(10).await.unwrap(), 2);
        {
            let mut tx = db.store.read().await.unwrap();
            assert_eq!(tx.jobs().pending().await.unwrap(), 0);
            let (text, error) = tx.jobs().document_text(&file.sha256).await.unwrap().unwrap();
            assert!(text.unwrap().contains("mendidik"));
            assert!(error.is_none());
        }
        let kinds = SearchQuery {
            kind: Some("document".into()),
            ..query("pendidikan")
        };
        let hits = app.search.search(&officer, &kinds).await.unwrap();
        assert_eq!(hits.total, 1, "{hits:?}");
        assert!(hits.hits[0].href.contains("/dokumen/"));
        assert_eq!(
            app.search.search(&stranger, &kinds).await.unwrap().total,
            0,
            "another region's officer finds nothing"
        );
        let anonymous = app.ctx(Actor::Anonymous, "t");
        assert_eq!(app.search.search(&anonymous, &kinds).await.unwrap().total, 0);
    })
    .await;
}

/// An index whose `apply` fails once `fail_after` applies have passed — as the
/// process dying between two commits of a rebuild leaves it.
struct Interrupted {
    inner: TantivyIndex,
    fail_after: std::sync::atomic::AtomicI64,
}

#[async_trait::async_trait]
impl SearchIndex for Interrupted {
    async fn cursor(&self) -> anyhow::Result<jalin_app::ports::search::SearchCursor> {
        self.inner.cursor().await
    }
    async fn apply(
        &self,
        upserts: Vec<jalin_app::ports::search::SearchDoc>,
        deletes: Vec<String>,
        cursor: &jalin_app::ports::search::SearchCursor,
    ) -> anyhow::Result<()> {
        // Applies left before the "crash"; at zero the next one fails, below zero all pass.
        if self.fail_after.fetch_sub(1, std::sync::atomic::Ordering::SeqCst) == 0 {
            anyhow::bail!("the process died here");
        }
        self.inner.apply(upserts, deletes, cursor).await
    }
    async fn clear(&self, cursor: &jalin_app::ports::search::SearchCursor) -> anyhow::Result<()> {
        self.inner.clear(cursor).await
    }
    async fn search(
        &self,
        request: &jalin_app::ports::search::SearchRequest,
    ) -> anyhow::Result<jalin_app::ports::search::SearchResults> {
        self.inner.search(request).await
    }
    async fn similar(
        &self,
        id: &str,
        visible_to: Option<Vec<String>>,
        limit: usize,
    ) -> anyhow::Result<Vec<jalin_app::ports::search::SearchHit>> {
        self.inner.similar(id, visible_to, limit).await
    }
    async fn len(&self) -> anyhow::Result<u64> {
        self.inner.len().await
    }
}

#[tokio::test]
async fn a_rebuild_cut_short_is_started_again_not_taken_for_complete() {
    each_backend(|db| async move {
        let index = Arc::new(Interrupted {
            inner: TantivyIndex::in_memory().unwrap(),
            // The rebuild clears the index, then dies at its first batch.
            fail_after: std::sync::atomic::AtomicI64::new(0),
        });
        let app = App::builder(db.store.clone(), Arc::new(FixedClock(test_now())))
            .with_search(index.clone())
            .build()
            .await
            .unwrap();
        let system = app.system_ctx("test");
        app.registry
            .create_agreement(
                &system,
                &agreement("Kota Kembar Samarinda Kitakyushu", "in_force", "64.72"),
            )
            .await
            .unwrap();
        assert!(
            app.search.sync_search().await.is_err(),
            "[{}] the injected failure",
            db.backend
        );
        assert_eq!(
            index.len().await.unwrap(),
            0,
            "[{}] nothing was written after the clear",
            db.backend
        );
        assert_eq!(
            index.cursor().await.unwrap(),
            jalin_app::ports::search::SearchCursor::default(),
            "[{}] a half-built index follows no database",
            db.backend
        );

        // The next sync (a restarted node) must rebuild: the partners are found too.
        let partners = app
            .search
            .search(
                &system,
                &SearchQuery {
                    kind: Some("partner".into()),
                    ..query("Kitakyushu")
                },
            )
            .await
            .unwrap();
        assert_eq!(partners.total, 1, "[{}] {:?}", db.backend, partners.hits);
        assert_eq!(
            index.len().await.unwrap(),
            3,
            "[{}] the agreement and both parties",
            db.backend
        );
    })
    .await;
}
