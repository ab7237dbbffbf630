//! The storage conformance suite: the same stories on SQLite (always) and PostgreSQL (when
//! `JALIN_TEST_POSTGRES_URL` is set). Each story gets a fresh database holding the
//! reference data.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use jalin_app::AppError;
use jalin_app::ports::store::{DatasetRows, Page, StoreError};
use jalin_app::reference::RegionQuery;
use jalin_app::registry::AgreementQuery;
use jalin_app::registry::PartnerQuery;
use jalin_app::registry::{ExchangeFormat, ImportMode, ImportOptions};
use jalin_devdata::generate::{GeneratorReference, generate};
use jalin_domain::agreement::{AgreementInput, PartyInput};
use jalin_domain::partner::PartnerInput;
use jalin_domain::reference::{City, Country, Region, Subdivision};
use jalin_testkit::{TestDb, TestDbRef, each_backend, test_now};
use serde_json::json;

fn page(limit: i64) -> Page {
    Page::new(Some(limit), None)
}

async fn fresh_like(db: &TestDbRef) -> TestDb {
    match db.backend {
        "sqlite" => TestDb::sqlite().await,
        _ => TestDb::postgres().await.expect("postgres configured"),
    }
}

struct Reference {
    regions: Vec<Region>,
    countries: Vec<Country>,
    cities: Vec<City>,
    subdivisions: Vec<Subdivision>,
}

fn reference() -> Reference {
    let mut r = Reference {
        regions: vec![],
        countries: vec![],
        cities: vec![],
        subdivisions: vec![],
    };
    for d in jalin_refdata::load(None).unwrap() {
        match d.rows {
            DatasetRows::Regions(v) => r.regions = v,
            DatasetRows::Countries(v) => r.countries = v,
            DatasetRows::Cities(v) => r.cities = v,
            DatasetRows::Subdivisions(v) => r.subdivisions = v,
            _ => {}
        }
    }
    r
}

fn generated(n: usize, seed: u64) -> Vec<AgreementInput> {
    let r = reference();
    let g = GeneratorReference {
        regions: &r.regions,
        countries: &r.countries,
        cities: &r.cities,
        subdivisions: &r.subdivisions,
    };
    generate(&g, n, seed, test_now().date())
}

fn sister_city(region: &str, geonameid: i64) -> AgreementInput {
    AgreementInput {
        form: Some("KSDPL".into()),
        subtype: Some("sister_city".into()),
        tier: Some("mou".into()),
        status: Some("in_force".into()),
        title_id: Some("Kerja Sama Kota Kembar Kota Bandung dan Suwon".into()),
        title_en: Some("Sister city cooperation Bandung–Suwon".into()),
        parties: Some(vec![
            PartyInput {
                region_code: Some(region.into()),
                ..Default::default()
            },
            PartyInput {
                geonameid: Some(geonameid),
                ..Default::default()
            },
        ]),
        objects: Some(vec!["cultural_exchange".into()]),
        fields: Some(vec!["1.01".into(), "2.22".into()]),
        sdgs: Some(vec!["4.7".into(), "11".into()]),
        signed_on: Some("2023-03-01".into()),
        effective_on: Some("2023-03-01".into()),
        expires_on: Some("2028-02-28".into()),
        ..Default::default()
    }
}

#[tokio::test]
async fn reference_data_is_complete() {
    each_backend(|db| async move {
        let app = db.app().await;
        let count = |t: &str| {
            let app = &app;
            let t = t.to_owned();
            async move {
                app.reference
                    .list_regions(
                        &RegionQuery {
                            region_type: Some(t),
                            ..Default::default()
                        },
                        page(1),
                    )
                    .await
                    .unwrap()
                    .total
            }
        };
        assert_eq!(count("provinsi").await, 38, "{}", db.backend);
        assert_eq!(count("kabupaten").await, 416);
        assert_eq!(count("kota").await, 98);
        let bandung = app.reference.get_region("32.73").await.unwrap();
        assert_eq!(bandung.name, "Kota Bandung");
        assert_eq!(bandung.province_code.as_str(), "32");
        let jabar = app
            .reference
            .list_regions(
                &RegionQuery {
                    province: Some("32".into()),
                    ..Default::default()
                },
                page(500),
            )
            .await
            .unwrap();
        assert_eq!(jabar.total, 28, "West Java: the province, 18 kabupaten and 9 kota");
        let three_t = app
            .reference
            .list_regions(
                &RegionQuery {
                    is_3t: Some(true),
                    ..Default::default()
                },
                page(500),
            )
            .await
            .unwrap();
        assert!(three_t.items.iter().all(|r| r.is_3t()));
        assert!(three_t.total > 60);
        let nunukan = app.reference.get_region("65.03").await.unwrap();
        assert_eq!(nunukan.land_border_countries[0].as_str(), "MY");
        assert!(matches!(
            app.reference.get_region("99.99").await,
            Err(AppError::NotFound(_))
        ));

        assert_eq!(app.reference.sdg_goals().await.unwrap().len(), 17);
        let targets = app.reference.sdg_targets(None).await.unwrap();
        assert_eq!(targets.len(), 169);
        assert_eq!(targets[0].target, "1.1");
        assert_eq!(app.reference.sdg_targets(Some(4)).await.unwrap().len(), 10);
        assert_eq!(app.reference.sdg_indicators(None, None).await.unwrap().len(), 248);
        assert_eq!(app.reference.sdg_indicators(None, Some("4.1")).await.unwrap().len(), 2);
        assert_eq!(app.reference.urusan().await.unwrap().len(), 32);

        let countries = app.reference.list_countries(None, None, None, page(500)).await.unwrap();
        assert_eq!(countries.total, 249);
        let israel = app.reference.get_country("il").await.unwrap();
        assert_eq!(israel.diplomatic_relations.as_str(), "no");
        let kr = app
            .reference
            .list_countries(Some("korea"), None, None, page(10))
            .await
            .unwrap();
        assert!(kr.items.iter().any(|c| c.iso2.as_str() == "KR"));
        let jepang = app
            .reference
            .list_countries(Some("Jepang"), None, None, page(10))
            .await
            .unwrap();
        assert_eq!(jepang.items[0].iso2.as_str(), "JP", "Indonesian names are searchable");

        let versions = app.reference.dataset_versions().await.unwrap();
        assert!(
            versions
                .iter()
                .any(|v| v.name == "cities" && v.rows == 69_472 && v.source == "embedded")
        );
    })
    .await;
}

#[tokio::test]
async fn reference_install_is_idempotent() {
    each_backend(|db| async move {
        let app = db.app().await;
        let datasets = jalin_refdata::load(None).unwrap();
        let outcomes = app
            .reference
            .install_datasets(&jalin_testkit::operator(), &datasets)
            .await
            .unwrap();
        assert!(outcomes.iter().all(|o| !o.changed), "nothing changes the second time");
        assert_eq!(app.reference.sdg_goals().await.unwrap().len(), 17);
    })
    .await;
}

#[tokio::test]
async fn places_are_found_by_prefix_ignoring_case_accents_and_language() {
    each_backend(|db| async move {
        let app = db.app().await;
        let hits = app
            .reference
            .search_places("BANDU", Some("id"), None, page(5))
            .await
            .unwrap();
        assert_eq!(hits.items[0].name, "Bandung", "{}", db.backend);
        let sao = app
            .reference
            .search_places("sao paulo", None, None, page(3))
            .await
            .unwrap();
        assert_eq!(sao.items[0].name, "São Paulo");
        let munich = app
            .reference
            .search_places("munich", Some("DE"), Some("city"), page(3))
            .await
            .unwrap();
        assert_eq!(munich.items[0].name, "Munich");
        let muenchen = app
            .reference
            .search_places("münchen", Some("DE"), Some("city"), page(3))
            .await
            .unwrap();
        assert_eq!(
            muenchen.items[0].geonameid, munich.items[0].geonameid,
            "alternate names match"
        );
        assert!(muenchen.items[0].matched_name.is_some());
        let kyoto = app
            .reference
            .search_places("kyoto", Some("JP"), Some("subdivision"), page(3))
            .await
            .unwrap();
        assert_eq!(kyoto.items[0].subdivision_code.as_ref().unwrap().as_str(), "JP-26");
        let zhejiang = app
            .reference
            .search_places("zhejiang sheng", Some("CN"), None, page(3))
            .await
            .unwrap();
        assert_eq!(zhejiang.items[0].name, "Zhejiang", "ISO names are alternate names");
        let page1 = app
            .reference
            .search_places("san", None, None, Page::new(Some(10), Some(0)))
            .await
            .unwrap();
        let page2 = app
            .reference
            .search_places("san", None, None, Page::new(Some(10), Some(10)))
            .await
            .unwrap();
        assert!(page1.total > 100);
        assert_eq!(page1.total, page2.total);
        assert!(page1.items.iter().all(|a| {
            page2
                .items
                .iter()
                .all(|b| a.geonameid != b.geonameid || a.kind != b.kind)
        }));
        let populations: Vec<i64> = page1.items.iter().filter_map(|p| p.population).collect();
        assert!(populations.windows(2).all(|w| w[0] >= w[1]), "most populous first");
        assert!(matches!(
            app.reference.search_places("  ", None, None, page(3)).await,
            Err(AppError::Invalid(_))
        ));
    })
    .await;
}

#[tokio::test]
async fn partners_are_deduplicated() {
    each_backend(|db| async move {
        let app = db.app().await;
        let ctx = app.system_ctx("test");
        let suwon = PartnerInput {
            kind: Some("foreign_regional_government".into()),
            name: Some("Suwon City".into()),
            country: Some("KR".into()),
            geonameid: Some(1_835_553),
            ..Default::default()
        };
        let created = app.registry.create_partner(&ctx, &suwon, false).await.unwrap();
        assert_eq!(created.level.unwrap().as_str(), "local");
        let again = app.registry.create_partner(&ctx, &suwon, false).await;
        let Err(AppError::Duplicate(candidates)) = again else {
            panic!("duplicate expected")
        };
        assert_eq!(candidates[0].partner.id, created.id);
        assert!(candidates[0].reason.contains("GeoNames"));
        let similar = PartnerInput {
            kind: Some("foreign_regional_government".into()),
            name: Some("Kota Suwon".into()),
            country: Some("KR".into()),
            ..Default::default()
        };
        let Err(AppError::Duplicate(c)) = app.registry.create_partner(&ctx, &similar, false).await else {
            panic!("similar name expected to be flagged")
        };
        assert!(c[0].reason.contains("similar"));
        let forced = app.registry.create_partner(&ctx, &similar, true).await.unwrap();
        assert_ne!(forced.id, created.id);
        let listed = app
            .registry
            .list_partners(
                &jalin_testkit::operator(),
                &PartnerQuery {
                    country: Some("kr".into()),
                    ..Default::default()
                },
                page(10),
            )
            .await
            .unwrap();
        assert_eq!(listed.total, 2);
        assert_eq!(
            app.registry
                .get_partner(&jalin_testkit::operator(), &created.id.to_string())
                .await
                .unwrap(),
            created
        );
        let bad = PartnerInput {
            kind: Some("indonesian_region".into()),
            name: Some("Kepulauan Seribu".into()),
            region_code: Some("31.01".into()),
            ..Default::default()
        };
        let Err(AppError::Invalid(e)) = app.registry.create_partner(&ctx, &bad, false).await else {
            panic!()
        };
        assert_eq!(e.0[0].code, "not_autonomous");
    })
    .await;
}

#[tokio::test]
async fn agreements_are_created_read_filtered_and_changed() {
    each_backend(|db| async move {
        let app = db.app().await;
        let ctx = app.system_ctx("test");
        let a = app
            .registry
            .create_agreement(&ctx, &sister_city("32.73", 1_835_553))
            .await
            .unwrap();
        assert_eq!(a.version, 1);
        assert_eq!(a.parties.len(), 2);
        assert_eq!(a.parties[1].name, "Suwon");
        let read = app
            .registry
            .get_agreement(&jalin_testkit::operator(), &a.id.to_string())
            .await
            .unwrap();
        assert_eq!(read, a, "what is read equals what was written ({})", db.backend);

        let mut domestic = sister_city("32.73", 0);
        domestic.form = Some("KSDD".into());
        domestic.subtype = Some("voluntary".into());
        domestic.tier = Some("pks".into());
        domestic.objects = None;
        domestic.title_id = Some("Kerja sama pendidikan Kota Bandung dan Kota Surabaya".into());
        domestic.parties = Some(vec![
            PartyInput {
                region_code: Some("32.73".into()),
                ..Default::default()
            },
            PartyInput {
                region_code: Some("35.78".into()),
                ..Default::default()
            },
        ]);
        domestic.signed_on = Some("2021-05-01".into());
        domestic.effective_on = None;
        domestic.expires_on = Some("2024-04-30".into());
        domestic.status = Some("expired".into());
        domestic.sdgs = Some(vec!["4.1.1".into()]);
        domestic.fields = Some(vec!["1.01".into()]);
        domestic.title_en = None;
        let d = app.registry.create_agreement(&ctx, &domestic).await.unwrap();

        let list = |q: AgreementQuery| {
            let app = &app;
            async move {
                app.registry
                    .list_agreements(&jalin_testkit::operator(), &q, page(50))
                    .await
                    .unwrap()
            }
        };
        let ids = |l: &jalin_app::ports::store::Listing<jalin_domain::agreement::Agreement>| {
            l.items.iter().map(|x| x.id).collect::<Vec<_>>()
        };
        let all = list(AgreementQuery::default()).await;
        assert_eq!(all.total, 2);
        assert_eq!(ids(&all), vec![a.id, d.id], "newest signing first");
        let q = |f: fn(&mut AgreementQuery)| {
            let mut q = AgreementQuery::default();
            f(&mut q);
            q
        };
        assert_eq!(ids(&list(q(|q| q.form = Some("KSDPL".into()))).await), vec![a.id]);
        assert_eq!(ids(&list(q(|q| q.region = Some("35.78".into()))).await), vec![d.id]);
        assert_eq!(list(q(|q| q.province = Some("32".into()))).await.total, 2);
        assert_eq!(ids(&list(q(|q| q.country = Some("kr".into()))).await), vec![a.id]);
        assert_eq!(ids(&list(q(|q| q.field = Some("2.22".into()))).await), vec![a.id]);
        assert_eq!(
            list(q(|q| q.sdg = Some("4".into()))).await.total,
            2,
            "goal matches targets and indicators"
        );
        assert_eq!(ids(&list(q(|q| q.sdg = Some("4.1".into()))).await), vec![d.id]);
        assert_eq!(ids(&list(q(|q| q.sdg = Some("11".into()))).await), vec![a.id]);
        assert_eq!(ids(&list(q(|q| q.status = Some("expired".into()))).await), vec![d.id]);
        assert_eq!(ids(&list(q(|q| q.year = Some("2023".into()))).await), vec![a.id]);
        assert_eq!(
            ids(&list(q(|q| q.q = Some("SURABAYA pendidikan".into()))).await),
            vec![d.id]
        );
        assert_eq!(ids(&list(q(|q| q.q = Some("suwon".into()))).await), vec![a.id]);
        assert_eq!(
            list(q(|q| q.sort = Some("title".into()))).await.items[0].id,
            a.id,
            "kerja sama kota… before kerja sama pendidikan…"
        );
        assert!(matches!(
            app.registry
                .list_agreements(
                    &jalin_testkit::operator(),
                    &q(|q| q.form = Some("KSDX".into())),
                    page(5)
                )
                .await,
            Err(AppError::Invalid(_))
        ));

        let changed = app
            .registry
            .patch_agreement(
                &ctx,
                &a.id.to_string(),
                &json!({"title_en": "Bandung and Suwon", "sdgs": ["4"]}),
                Some(1),
            )
            .await
            .unwrap();
        assert_eq!(changed.version, 2);
        assert_eq!(changed.title_en.as_deref(), Some("Bandung and Suwon"));
        assert_eq!(changed.created_at, a.created_at);
        assert_eq!(
            app.registry
                .get_agreement(&jalin_testkit::operator(), &a.id.to_string())
                .await
                .unwrap(),
            changed
        );
        assert_eq!(
            list(q(|q| q.sdg = Some("11".into()))).await.total,
            0,
            "SDG rows follow the change"
        );

        let stale = app
            .registry
            .patch_agreement(&ctx, &a.id.to_string(), &json!({"title_en": "x"}), Some(1))
            .await;
        assert!(matches!(stale, Err(AppError::VersionMismatch { current: 2 })));
        let invalid = app
            .registry
            .patch_agreement(
                &ctx,
                &a.id.to_string(),
                &json!({"expires_on": "2040-01-01", "form": null}),
                None,
            )
            .await;
        let Err(AppError::Invalid(errors)) = invalid else {
            panic!("invalid patch accepted")
        };
        assert!(errors.iter().any(|e| e.field == "form"));
        assert_eq!(
            app.registry
                .get_agreement(&jalin_testkit::operator(), &a.id.to_string())
                .await
                .unwrap(),
            changed,
            "nothing changed"
        );
        assert!(matches!(
            app.registry
                .get_agreement(&jalin_testkit::operator(), "0190a0a0-0000-7000-8000-000000000000")
                .await,
            Err(AppError::NotFound(_))
        ));
    })
    .await;
}

#[tokio::test]
async fn agreement_validation_uses_reference_data() {
    each_backend(|db| async move {
        let app = db.app().await;
        let ctx = app.system_ctx("test");
        let mut bad = sister_city("31.71", 999_999_999);
        bad.fields = Some(vec!["9.99".into()]);
        bad.sdgs = Some(vec!["4.9".into()]);
        let Err(AppError::Invalid(errors)) = app.registry.create_agreement(&ctx, &bad).await else {
            panic!("expected validation errors")
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert!(fields.contains(&"fields[0]"), "{fields:?}");
        assert!(fields.contains(&"sdgs[0]"));
        assert!(
            fields.contains(&"parties[0].region_code"),
            "Jakarta Pusat is administrative"
        );
        assert!(fields.contains(&"parties[1].geonameid"));
        let province_as_city = sister_city("32", 1_835_553);
        let Err(AppError::Invalid(errors)) = app.registry.create_agreement(&ctx, &province_as_city).await else {
            panic!("sister city by a province")
        };
        assert_eq!(errors.0[0].code, "composition");
        let listing = app
            .registry
            .list_agreements(&jalin_testkit::operator(), &AgreementQuery::default(), page(5))
            .await
            .unwrap();
        assert_eq!(listing.total, 0, "nothing was stored");
        let partners = app
            .registry
            .list_partners(&jalin_testkit::operator(), &PartnerQuery::default(), page(5))
            .await
            .unwrap();
        assert_eq!(partners.total, 0, "no partner was created by the failed attempts");
    })
    .await;
}

#[tokio::test]
async fn sdg_decisions_are_replaced_per_target_and_go_with_their_agreement() {
    use jalin_app::ports::store::{SdgDecision, SdgDecisionKind};
    each_backend(|db| async move {
        let app = db.app().await;
        let ctx = app.system_ctx("test");
        let a = app
            .registry
            .create_agreement(&ctx, &sister_city("32.73", 1_835_553))
            .await
            .unwrap();
        let decision = |target: &str, decision| SdgDecision {
            agreement_id: a.id,
            target: target.into(),
            decision,
            decided_by: "officer".into(),
            decided_at: test_now(),
        };
        let mut tx = db.store.write().await.unwrap();
        tx.agreements()
            .record_sdg_decision(&decision("4.7", SdgDecisionKind::Rejected))
            .await
            .unwrap();
        tx.agreements()
            .record_sdg_decision(&decision("11.4", SdgDecisionKind::Rejected))
            .await
            .unwrap();
        tx.agreements()
            .record_sdg_decision(&decision("4.7", SdgDecisionKind::Confirmed))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let mut tx = db.store.read().await.unwrap();
        let stored = tx.agreements().sdg_decisions(a.id).await.unwrap();
        drop(tx);
        assert_eq!(
            stored,
            vec![
                decision("11.4", SdgDecisionKind::Rejected),
                decision("4.7", SdgDecisionKind::Confirmed)
            ]
        );
        // Replacing the registry removes the agreement's decisions with it.
        let mut tx = db.store.write().await.unwrap();
        tx.agreements().delete_all().await.unwrap();
        tx.commit().await.unwrap();
        let mut tx = db.store.read().await.unwrap();
        assert!(tx.agreements().sdg_decisions(a.id).await.unwrap().is_empty());
    })
    .await;
}

#[tokio::test]
async fn a_dropped_write_transaction_leaves_nothing() {
    each_backend(|db| async move {
        let app = db.app().await;
        let ctx = app.system_ctx("test");
        let a = app
            .registry
            .create_agreement(&ctx, &sister_city("32.73", 1_835_553))
            .await
            .unwrap();
        {
            let mut tx = db.store.write().await.unwrap();
            tx.agreements().delete_all().await.unwrap();
            // dropped without commit
        }
        assert!(
            app.registry
                .get_agreement(&jalin_testkit::operator(), &a.id.to_string())
                .await
                .is_ok()
        );
        let mut tx = db.store.write().await.unwrap();
        let mut stale = a.clone();
        stale.title_id = "x".into();
        let err = tx.agreements().update(&stale, 7).await.unwrap_err();
        assert!(matches!(err, StoreError::Conflict(_)), "{err}");
    })
    .await;
}

#[tokio::test]
async fn export_import_export_round_trips_exactly() {
    each_backend(|db| async move {
        let app = db.app().await;
        let ctx = app.system_ctx("test");
        let inputs = generated(400, 7);
        let report = app
            .registry
            .import_inputs(&ctx, inputs, ImportOptions::add(), &|_| {})
            .await
            .unwrap();
        assert_eq!(report.inserted, 400);
        assert!(report.new_partners > 50);
        app.registry
            .create_agreement(&ctx, &sister_city("32.73", 1_835_553))
            .await
            .unwrap();
        for format in [ExchangeFormat::Csv, ExchangeFormat::Json] {
            let mut first = Vec::new();
            assert_eq!(app.registry.export_agreements(format, &mut first).await.unwrap(), 401);
            let other = fresh_like(&db).await;
            let other_app = other.app().await;
            let report = other_app
                .registry
                .import_agreements(&ctx, &first, format, ImportOptions::add(), &|_| {})
                .await
                .unwrap();
            assert_eq!(report.inserted, 401);
            let mut second = Vec::new();
            other_app.registry.export_agreements(format, &mut second).await.unwrap();
            other.cleanup().await;
            assert!(
                first == second,
                "{format:?} export → import → export differs on {}",
                db.backend
            );
        }
    })
    .await;
}

#[tokio::test]
async fn an_invalid_import_changes_nothing() {
    each_backend(|db| async move {
        let app = db.app().await;
        let ctx = app.system_ctx("test");
        app.registry
            .create_agreement(&ctx, &sister_city("32.73", 1_835_553))
            .await
            .unwrap();
        let mut inputs = generated(50, 11);
        inputs[17].signed_on = Some("2019-02-30".into());
        inputs[30].parties.as_mut().unwrap()[0].region_code = Some("99.99".into());
        let mut csv = Vec::new();
        jalin_app::registry::write_inputs(&inputs, ExchangeFormat::Csv, &mut csv).unwrap();
        let result = app
            .registry
            .import_agreements(&ctx, &csv, ExchangeFormat::Csv, ImportOptions::add(), &|_| {})
            .await;
        let Err(AppError::ImportRejected(errors)) = result else {
            panic!("import should fail")
        };
        assert!(
            errors.iter().any(|e| e.row == 18 && e.column == "signed_on"),
            "{errors:?}"
        );
        assert!(
            errors.iter().any(|e| e.row == 31 && e.column == "regions"),
            "{errors:?}"
        );
        let listing = app
            .registry
            .list_agreements(&jalin_testkit::operator(), &AgreementQuery::default(), page(5))
            .await
            .unwrap();
        assert_eq!(listing.total, 1, "nothing was written");
        assert_eq!(
            app.registry
                .list_partners(&jalin_testkit::operator(), &PartnerQuery::default(), page(5))
                .await
                .unwrap()
                .total,
            2
        );

        let good = generated(20, 12);
        let mut csv = Vec::new();
        jalin_app::registry::write_inputs(&good, ExchangeFormat::Csv, &mut csv).unwrap();
        let dry = ImportOptions {
            dry_run: true,
            ..ImportOptions::add()
        };
        let report = app
            .registry
            .import_agreements(&ctx, &csv, ExchangeFormat::Csv, dry, &|_| {})
            .await
            .unwrap();
        assert!(report.dry_run);
        assert_eq!(report.rows, 20);
        assert_eq!(
            app.registry
                .list_agreements(&jalin_testkit::operator(), &AgreementQuery::default(), page(5))
                .await
                .unwrap()
                .total,
            1
        );

        app.registry
            .import_agreements(&ctx, &csv, ExchangeFormat::Csv, ImportOptions::add(), &|_| {})
            .await
            .unwrap();
        let again = app
            .registry
            .import_agreements(&ctx, &csv, ExchangeFormat::Csv, ImportOptions::add(), &|_| {})
            .await;
        let Err(AppError::ImportRejected(errors)) = again else {
            panic!("duplicate ids accepted")
        };
        assert!(errors.iter().all(|e| e.column == "id"));
        let replace = ImportOptions {
            mode: ImportMode::Replace,
            ..ImportOptions::add()
        };
        let report = app
            .registry
            .import_agreements(&ctx, &csv, ExchangeFormat::Csv, replace, &|_| {})
            .await
            .unwrap();
        assert_eq!(report.deleted, 21);
        assert_eq!(
            app.registry
                .list_agreements(&jalin_testkit::operator(), &AgreementQuery::default(), page(5))
                .await
                .unwrap()
                .total,
            20
        );
    })
    .await;
}

fn filters_for(agreements: &[jalin_domain::agreement::Agreement]) -> Vec<jalin_app::ports::store::AgreementFilter> {
    use jalin_app::ports::store::{AgreementFilter, AgreementOrder};
    let mut out = vec![AgreementFilter::default()];
    for (i, a) in agreements.iter().take(25).enumerate() {
        let order = [
            AgreementOrder::Newest,
            AgreementOrder::RecentlyUpdated,
            AgreementOrder::Title,
            AgreementOrder::Id,
        ][i % 4];
        let region = a.region_codes().next().cloned();
        out.push(AgreementFilter {
            form: Some(a.form),
            order,
            ..Default::default()
        });
        out.push(AgreementFilter {
            status: Some(a.status),
            year: a.year(),
            order,
            ..Default::default()
        });
        out.push(AgreementFilter {
            region: region.clone(),
            order,
            ..Default::default()
        });
        out.push(AgreementFilter {
            province: region.as_ref().map(|r| r.province()),
            form: Some(a.form),
            order,
            ..Default::default()
        });
        out.push(AgreementFilter {
            country: a
                .parties
                .iter()
                .find_map(|p| p.country_iso2.clone().filter(|c| !c.is_indonesia())),
            order,
            ..Default::default()
        });
        out.push(AgreementFilter {
            field: a.fields.first().cloned(),
            order,
            ..Default::default()
        });
        for s in &a.sdgs {
            out.push(AgreementFilter {
                sdg: Some(s.clone()),
                order,
                ..Default::default()
            });
            out.push(AgreementFilter {
                sdg: Some(s.goal().to_string().parse().unwrap()),
                status: Some(a.status),
                order,
                ..Default::default()
            });
        }
        out.push(AgreementFilter {
            partner: Some(a.parties[1].partner_id),
            order,
            ..Default::default()
        });
        out.push(AgreementFilter {
            words: jalin_domain::text::fold(&a.parties[1].name)
                .split(' ')
                .map(str::to_owned)
                .collect(),
            order,
            ..Default::default()
        });
    }
    out
}

async fn assert_index_matches_store(app: &jalin_app::App, db: &TestDbRef) {
    let all = app
        .registry
        .list_agreements_filtered(&Default::default(), page(40))
        .await
        .unwrap();
    for filter in filters_for(&all.items) {
        for p in [Page::new(Some(7), None), Page::new(Some(7), Some(5))] {
            let from_index = app.registry.list_agreements_filtered(&filter, p).await.unwrap();
            let mut tx = db.store.read().await.unwrap();
            let from_store = tx.agreements().list(&filter, p).await.unwrap();
            assert_eq!(from_index.total, from_store.total, "{filter:?} on {}", db.backend);
            assert_eq!(
                from_index.items.iter().map(|a| a.id).collect::<Vec<_>>(),
                from_store.items.iter().map(|a| a.id).collect::<Vec<_>>(),
                "{filter:?} on {}",
                db.backend
            );
        }
    }
}

#[tokio::test]
async fn the_registry_index_agrees_with_the_store_and_follows_every_change() {
    each_backend(|db| async move {
        let app = db.app().await;
        let other_node = db.app().await;
        let ctx = app.system_ctx("test");
        app.registry
            .import_inputs(&ctx, generated(600, 21), ImportOptions::add(), &|_| {})
            .await
            .unwrap();
        assert_index_matches_store(&app, &db).await;
        assert_eq!(
            other_node
                .registry
                .list_agreements(&jalin_testkit::operator(), &AgreementQuery::default(), page(1))
                .await
                .unwrap()
                .total,
            600
        );

        // A change made through one node is seen by the other on its next request.
        let first = app
            .registry
            .list_agreements(&jalin_testkit::operator(), &AgreementQuery::default(), page(1))
            .await
            .unwrap()
            .items
            .remove(0);
        let changed = app
            .registry
            .patch_agreement(
                &ctx,
                &first.id.to_string(),
                &json!({"title_id": "Zzz kerja sama terakhir"}),
                None,
            )
            .await
            .unwrap();
        let by_title = AgreementQuery {
            sort: Some("title".into()),
            ..Default::default()
        };
        let last_page = other_node
            .registry
            .list_agreements(&jalin_testkit::operator(), &by_title, Page::new(Some(1), Some(599)))
            .await
            .unwrap();
        assert_eq!(last_page.items[0].id, changed.id);
        let fresh = other_node
            .registry
            .create_agreement(&ctx, &sister_city("32.73", 1_835_553))
            .await
            .unwrap();
        let found = app
            .registry
            .list_agreements(
                &jalin_testkit::operator(),
                &AgreementQuery {
                    q: Some("suwon bandung".into()),
                    ..Default::default()
                },
                page(5),
            )
            .await
            .unwrap();
        assert!(found.items.iter().any(|a| a.id == fresh.id));
        assert_index_matches_store(&other_node, &db).await;

        // Replacing the registry starts a new generation.
        let replace = ImportOptions {
            mode: ImportMode::Replace,
            ..ImportOptions::add()
        };
        app.registry
            .import_inputs(&ctx, generated(120, 22), replace, &|_| {})
            .await
            .unwrap();
        assert_eq!(
            other_node
                .registry
                .list_agreements(&jalin_testkit::operator(), &AgreementQuery::default(), page(1))
                .await
                .unwrap()
                .total,
            120
        );
        assert_index_matches_store(&other_node, &db).await;
    })
    .await;
}

const PARTNERSHIPS: &str = "region_code,foreign_name,country_iso2,geonameid,foreign_level,year\n\
32.73,Suwon,KR,,,1997\n\
32.73,München,DE,,,\n\
32,Gyeonggi-do,KR,,province,\n\
31,ile de france,FR,,,\n\
64.02,Kitakyushu,JP,1859307,,2021\n\
32.73,Atlantis,GR,,,\n\
35.78,Springfield,US,,city,\n\
99.99,Paris,FR,,,\n\
32.73,SUWON,KR,,,\n";

#[tokio::test]
async fn known_partnerships_are_resolved_by_folded_and_alternate_names() {
    use jalin_app::recommendations::PartnershipImportOptions;
    each_backend(|db| async move {
        let app = db.app().await;
        let ctx = app.system_ctx("test");
        let strict = PartnershipImportOptions {
            strict: true,
            dry_run: false,
            source: "list.csv".into(),
        };
        // Strict: three rows cannot be resolved, so nothing is written.
        let Err(AppError::ImportRejected(rows)) = app
            .recommendations
            .import_partnerships(&ctx, PARTNERSHIPS.as_bytes(), &strict)
            .await
        else {
            panic!("a strict import with unresolved rows is rejected")
        };
        let unresolved: Vec<(usize, &str)> = rows.iter().map(|r| (r.row, r.column.as_str())).collect();
        assert_eq!(
            unresolved,
            vec![(6, "foreign_name"), (7, "foreign_name"), (8, "region_code")],
            "{rows:?}"
        );
        assert!(
            rows[1].message.contains("ambiguous") && rows[1].message.contains("Missouri"),
            "{rows:?}"
        );
        assert!(app.recommendations.known_partnerships(None).await.unwrap().is_empty());

        // A dry run resolves and counts, and writes nothing either.
        let dry = PartnershipImportOptions {
            strict: false,
            dry_run: true,
            ..strict.clone()
        };
        let report = app
            .recommendations
            .import_partnerships(&ctx, PARTNERSHIPS.as_bytes(), &dry)
            .await
            .unwrap();
        assert_eq!(
            (
                report.rows,
                report.resolved.len(),
                report.inserted,
                report.already_known
            ),
            (9, 6, 5, 1)
        );
        assert!(app.recommendations.known_partnerships(None).await.unwrap().is_empty());

        let lenient = PartnershipImportOptions {
            dry_run: false,
            ..dry.clone()
        };
        let report = app
            .recommendations
            .import_partnerships(&ctx, PARTNERSHIPS.as_bytes(), &lenient)
            .await
            .unwrap();
        assert_eq!(report.inserted, 5);
        assert_eq!(report.unresolved.len(), 3);
        let stored = app.recommendations.known_partnerships(None).await.unwrap();
        let pairs: Vec<(String, String)> = stored
            .iter()
            .map(|p| (p.region_code.to_string(), p.place_key()))
            .collect();
        assert_eq!(
            pairs,
            vec![
                ("31".to_owned(), "subdivision:FR-IDF".to_owned()),
                ("32".to_owned(), "subdivision:KR-41".to_owned()),
                ("32.73".to_owned(), "city:1835553".to_owned()),
                ("32.73".to_owned(), "city:2867714".to_owned()),
                ("64.02".to_owned(), "city:1859307".to_owned()),
            ]
        );
        let munich = stored.iter().find(|p| p.name_given == "München").unwrap();
        assert_eq!((munich.name.as_str(), munich.year), ("Munich", None));
        let suwon = stored.iter().find(|p| p.name == "Suwon").unwrap();
        assert_eq!((suwon.year, suwon.source.as_str()), (Some(1997), "list.csv"));

        // Importing again adds nothing; the audit trail has the one import.
        let again = app
            .recommendations
            .import_partnerships(&ctx, PARTNERSHIPS.as_bytes(), &lenient)
            .await
            .unwrap();
        assert_eq!((again.inserted, again.already_known), (0, 6));
        let trail = {
            let mut tx = db.store.read().await.unwrap();
            let filter = jalin_app::ports::store::AuditFilter {
                target_type: Some("partnerships".into()),
                ..Default::default()
            };
            tx.audit().list(&filter, page(10)).await.unwrap()
        };
        assert_eq!(trail.total, 1);
        assert_eq!(trail.items[0].action, "partnerships.imported");

        // Known partners are never recommended, and they seed the network.
        let query = jalin_app::recommendations::RecommendationQuery {
            top: Some(50),
            ..Default::default()
        };
        let r = app
            .recommendations
            .recommend_partners(&ctx, "32.73", &query)
            .await
            .unwrap();
        let recommended: Vec<i64> = r.items.iter().filter_map(|i| i.geonameid.map(|g| g.0)).collect();
        assert!(!recommended.contains(&1_835_553) && !recommended.contains(&2_867_714));
        let again = app
            .recommendations
            .recommend_partners(&ctx, "32.73", &query)
            .await
            .unwrap();
        assert_eq!(r, again, "deterministic");

        // A file without the required columns is refused outright.
        let Err(AppError::ImportRejected(rows)) = app
            .recommendations
            .import_partnerships(&ctx, b"region,name\n32.73,Suwon\n", &lenient)
            .await
        else {
            panic!("bad header")
        };
        assert!(
            rows.iter()
                .any(|r| r.column == "foreign_name" && r.message.contains("missing"))
        );
    })
    .await;
}

#[tokio::test]
async fn the_opportunity_board_is_stored_filtered_and_versioned() {
    use jalin_app::ports::store::{NeedFilter, OfferFilter, StoreError};
    use jalin_domain::opportunity::{NeedInput, OfferInput, OpportunityStatus, PublisherKind};
    each_backend(|db| async move {
        let today = test_now().date();
        let offer = |title: &str, country: &str, fields: &[&str], deadline: &str| {
            OfferInput {
                publisher_kind: Some("programme".into()),
                publisher_name: Some("Programme".into()),
                country: Some(country.into()),
                title_id: Some(title.into()),
                fields: Some(fields.iter().map(|f| f.to_string()).collect()),
                sdgs: Some(vec!["6.1".into()]),
                region_types: Some(vec!["kota".into(), "kabupaten".into()]),
                criteria: Some(vec!["3t".into(), "border".into()]),
                deadline: Some(deadline.into()),
                contact: Some("c@example.org".into()),
                ..Default::default()
            }
            .parse(today)
            .unwrap()
            .into_offer(
                jalin_domain::ids::OfferId::new(),
                None,
                "system:test".into(),
                test_now(),
            )
        };
        let a = offer("Air", "JP", &["1.03"], "2027-01-31");
        let b = offer("Sampah", "KR", &["2.11", "1.03"], "2026-12-01");
        let mut tx = db.store.write().await.unwrap();
        tx.opportunities().insert_offer(&a).await.unwrap();
        tx.opportunities().insert_offer(&b).await.unwrap();
        tx.commit().await.unwrap();

        let mut tx = db.store.read().await.unwrap();
        let read = tx.opportunities().offer(a.id).await.unwrap().unwrap();
        assert_eq!(read, a, "an offer reads back as written");
        let store = db.store.clone();
        let count = |f: OfferFilter| {
            let store = store.clone();
            async move {
                let mut tx = store.read().await.unwrap();
                tx.opportunities().offers(&f, page(10)).await.unwrap().total
            }
        };
        assert_eq!(count(OfferFilter::default()).await, 2);
        let field = |c: &str| Some(c.parse().unwrap());
        assert_eq!(
            count(OfferFilter {
                field: field("1.03"),
                ..Default::default()
            })
            .await,
            2
        );
        assert_eq!(
            count(OfferFilter {
                field: field("2.11"),
                ..Default::default()
            })
            .await,
            1
        );
        assert_eq!(
            count(OfferFilter {
                sdg_goal: Some(6),
                ..Default::default()
            })
            .await,
            2
        );
        assert_eq!(
            count(OfferFilter {
                sdg_goal: Some(11),
                ..Default::default()
            })
            .await,
            0
        );
        assert_eq!(
            count(OfferFilter {
                country: Some("KR".parse().unwrap()),
                ..Default::default()
            })
            .await,
            1
        );
        assert_eq!(
            count(OfferFilter {
                publisher_kind: Some(PublisherKind::Embassy),
                ..Default::default()
            })
            .await,
            0
        );
        let later = time::Date::from_calendar_date(2026, time::Month::December, 15).unwrap();
        assert_eq!(
            count(OfferFilter {
                deadline_from: Some(later),
                ..Default::default()
            })
            .await,
            1
        );

        // Optimistic versions.
        let closed = jalin_domain::opportunity::Offer {
            status: OpportunityStatus::Closed,
            version: 2,
            ..a.clone()
        };
        let mut tx = db.store.write().await.unwrap();
        tx.opportunities().update_offer(&closed, 1).await.unwrap();
        assert!(matches!(
            tx.opportunities().update_offer(&closed, 1).await,
            Err(StoreError::Conflict(_))
        ));
        tx.commit().await.unwrap();
        assert_eq!(
            count(OfferFilter {
                status: Some(OpportunityStatus::Open),
                ..Default::default()
            })
            .await,
            1
        );

        // Needs by region and province.
        let need = |region: &str, fields: &[&str]| {
            NeedInput {
                region_code: Some(region.into()),
                title: Some(format!("Kebutuhan {region}")),
                fields: Some(fields.iter().map(|f| f.to_string()).collect()),
                ..Default::default()
            }
            .parse()
            .unwrap()
            .into_need(jalin_domain::ids::NeedId::new(), "system:test".into(), test_now())
        };
        let n1 = need("21.03", &["1.03"]);
        let n2 = need("21", &["2.11"]);
        let n3 = need("32.73", &["1.03"]);
        let mut tx = db.store.write().await.unwrap();
        for n in [&n1, &n2, &n3] {
            tx.opportunities().insert_need(n).await.unwrap();
        }
        tx.commit().await.unwrap();
        let needs = |f: NeedFilter| {
            let store = store.clone();
            async move {
                let mut tx = store.read().await.unwrap();
                tx.opportunities().needs(&f, page(10)).await.unwrap()
            }
        };
        assert_eq!(
            needs(NeedFilter {
                province: Some("21".parse().unwrap()),
                ..Default::default()
            })
            .await
            .total,
            2
        );
        assert_eq!(
            needs(NeedFilter {
                region: Some("21.03".parse().unwrap()),
                ..Default::default()
            })
            .await
            .items,
            vec![n1.clone()]
        );
        assert_eq!(
            needs(NeedFilter {
                field: field("1.03"),
                ..Default::default()
            })
            .await
            .total,
            2
        );
        let mut tx = db.store.write().await.unwrap();
        let done = jalin_domain::opportunity::Need {
            status: OpportunityStatus::Closed,
            version: 2,
            ..n3.clone()
        };
        tx.opportunities().update_need(&done, 1).await.unwrap();
        assert!(matches!(
            tx.opportunities().update_need(&done, 1).await,
            Err(StoreError::Conflict(_))
        ));
        let missing = jalin_domain::opportunity::Need {
            id: jalin_domain::ids::NeedId::new(),
            ..done.clone()
        };
        assert!(matches!(
            tx.opportunities().update_need(&missing, 2).await,
            Err(StoreError::NotFound)
        ));
        tx.commit().await.unwrap();
        assert_eq!(
            needs(NeedFilter {
                status: Some(OpportunityStatus::Open),
                ..Default::default()
            })
            .await
            .total,
            2
        );
    })
    .await;
}

#[tokio::test]
async fn the_database_blob_store_keeps_files_once_with_their_content_type() {
    use jalin_app::ports::blobs::BlobStore;
    use jalin_app::ports::clock::FixedClock;
    each_backend(|db| async move {
        let blobs =
            jalin_store::blobs::DatabaseBlobStore::new(db.store.clone(), std::sync::Arc::new(FixedClock(test_now())));
        let sha = "c".repeat(64);
        let pdf = b"%PDF-1.4\n%%EOF\n";
        blobs.put(&sha, pdf).await.unwrap();
        blobs.put(&sha, pdf).await.unwrap();
        assert_eq!(blobs.get(&sha).await.unwrap().as_deref(), Some(&pdf[..]));
        assert_eq!(blobs.get(&"d".repeat(64)).await.unwrap(), None);
        let mut tx = db.store.read().await.unwrap();
        let (size, content_type) = tx.cases().blob(&sha).await.unwrap().unwrap();
        assert_eq!(size, pdf.len() as i64);
        assert_eq!(content_type, "application/pdf");
    })
    .await;
}

#[tokio::test]
async fn evaluation_rounds_guests_and_revivals_are_stored_and_go_with_their_agreement() {
    use jalin_app::ports::store::RevivalAction;
    use jalin_domain::ids::EvaluationRoundId;
    use jalin_domain::monitoring::evaluation::{Criterion, EvaluationRound, FiledSide, Recommendation, Score, Side};
    use jalin_domain::monitoring::health::RevivalKind;
    each_backend(|db| async move {
        let app = db.app().await;
        let ctx = app.system_ctx("test");
        let a = app
            .registry
            .create_agreement(&ctx, &sister_city("32.73", 1_835_553))
            .await
            .unwrap();
        let round = |year| EvaluationRound {
            id: EvaluationRoundId::new(),
            agreement_id: a.id,
            year,
            opened_by: "user:officer".into(),
            opened_at: test_now(),
            region: None,
            partner: None,
        };
        let side = |side, rec, comment: Option<&str>| FiledSide {
            side,
            scores: Criterion::ALL
                .iter()
                .enumerate()
                .map(|(i, c)| Score {
                    criterion: *c,
                    score: (i % 5 + 1) as u8,
                    comment: comment.map(str::to_owned),
                })
                .collect(),
            recommendation: rec,
            justification: "Alasan".into(),
            language: "en".into(),
            filed_by: "user:partner".into(),
            filed_at: test_now(),
        };
        let (r2025, r2026) = (round(2025), round(2026));
        let guest = app
            .accounts
            .create_user(
                &ctx,
                &jalin_app::accounts::UserInput {
                    email: Some("partner@suwon.example".into()),
                    role: Some("partner_guest".into()),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        let mut tx = db.store.write().await.unwrap();
        tx.evaluations().insert_round(&r2025).await.unwrap();
        tx.evaluations().insert_round(&r2026).await.unwrap();
        tx.evaluations()
            .file_side(r2026.id, &side(Side::Partner, Recommendation::End, None))
            .await
            .unwrap();
        // Filing again replaces the side.
        tx.evaluations()
            .file_side(r2026.id, &side(Side::Partner, Recommendation::Expand, Some("Komentar")))
            .await
            .unwrap();
        tx.evaluations()
            .file_side(r2026.id, &side(Side::Region, Recommendation::Continue, None))
            .await
            .unwrap();
        tx.evaluations()
            .file_side(r2025.id, &side(Side::Region, Recommendation::Continue, None))
            .await
            .unwrap();
        assert!(
            tx.evaluations()
                .invite_guest(a.id, guest.id, "user:officer", test_now())
                .await
                .unwrap()
        );
        assert!(
            !tx.evaluations()
                .invite_guest(a.id, guest.id, "user:officer", test_now())
                .await
                .unwrap()
        );
        let revival = RevivalAction {
            id: uuid::Uuid::now_v7(),
            agreement_id: a.id,
            kind: RevivalKind::ScheduleMeeting,
            note: Some("Rapat".into()),
            taken_by: "user:officer".into(),
            taken_at: test_now(),
        };
        tx.evaluations().insert_revival(&revival).await.unwrap();
        tx.commit().await.unwrap();

        let mut tx = db.store.read().await.unwrap();
        let rounds = tx.evaluations().rounds(a.id).await.unwrap();
        assert_eq!(rounds.iter().map(|r| r.year).collect::<Vec<_>>(), vec![2026, 2025]);
        assert!(rounds[0].is_complete() && !rounds[1].is_complete());
        assert_eq!(
            rounds[0].partner,
            Some(side(Side::Partner, Recommendation::Expand, Some("Komentar")))
        );
        assert_eq!(tx.evaluations().round(r2025.id).await.unwrap().unwrap(), rounds[1]);
        assert_eq!(
            tx.evaluations().incomplete_rounds(&[a.id], 2026).await.unwrap(),
            vec![(a.id, 1)]
        );
        assert!(
            tx.evaluations()
                .incomplete_rounds(&[a.id], 2025)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(tx.evaluations().is_guest(a.id, guest.id).await.unwrap());
        assert_eq!(tx.evaluations().guest_agreements(guest.id).await.unwrap(), vec![a.id]);
        assert_eq!(
            tx.evaluations().guests(a.id).await.unwrap(),
            vec!["partner@suwon.example".to_owned()]
        );
        assert_eq!(tx.evaluations().revivals(&[a.id]).await.unwrap(), vec![revival]);
        drop(tx);
        // One round per agreement and year.
        let mut tx = db.store.write().await.unwrap();
        assert!(matches!(
            tx.evaluations().insert_round(&round(2026)).await,
            Err(StoreError::Conflict(_))
        ));
        drop(tx);
        // Replacing the registry removes all of it with the agreement.
        let mut tx = db.store.write().await.unwrap();
        tx.agreements().delete_all().await.unwrap();
        tx.commit().await.unwrap();
        let mut tx = db.store.read().await.unwrap();
        assert!(tx.evaluations().rounds(a.id).await.unwrap().is_empty());
        assert!(tx.evaluations().guest_agreements(guest.id).await.unwrap().is_empty());
        assert!(tx.evaluations().revivals(&[a.id]).await.unwrap().is_empty());
    })
    .await;
}
