//! The demo dataset: seeded once, with agreements and a lived-in opportunity board, on
//! SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use jalin_app::board::{NeedQuery, OfferQuery};
use jalin_app::ctx::Actor;
use jalin_app::ports::store::Page;
use jalin_devdata::generate::GeneratorReference;
use jalin_testkit::each_backend;

#[tokio::test]
async fn the_demo_seeds_agreements_offers_and_needs_once() {
    let datasets = jalin_refdata::load(None).unwrap();
    let datasets = std::sync::Arc::new(datasets);
    each_backend(move |db| {
        let datasets = datasets.clone();
        async move {
            let app = db.app().await;
            let reference = GeneratorReference::from_datasets(&datasets);
            let first = jalin_devdata::seed_demo(&app, &reference, 20).await.unwrap();
            assert!(first.seeded && first.agreements > 20, "{:?}", first.agreements);
            let visitor = app.ctx(Actor::Anonymous, "test");
            let offers = app
                .board
                .list_offers(&visitor, &OfferQuery::default(), Page::new(Some(50), None))
                .await
                .unwrap();
            assert_eq!(offers.total, 3);
            assert!(offers.items.iter().all(|o| o.publisher_name.contains("demo")));
            let needs = app
                .board
                .list_needs(&visitor, &NeedQuery::default(), Page::new(Some(50), None))
                .await
                .unwrap();
            assert_eq!(needs.total, 2);
            // The needs come from underdeveloped (3T) regions.
            for need in &needs.items {
                let region = app.reference.snapshot().region(&need.region_code).cloned().unwrap();
                assert!(region.is_daerah_tertinggal, "{}", region.name);
            }
            // A second start seeds nothing more.
            let again = jalin_devdata::seed_demo(&app, &reference, 20).await.unwrap();
            assert!(!again.seeded);
            let offers = app
                .board
                .list_offers(&visitor, &OfferQuery::default(), Page::new(Some(50), None))
                .await
                .unwrap();
            assert_eq!(offers.total, 3);
        }
    })
    .await;
}
