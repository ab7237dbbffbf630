//! The opportunity board's matching of an offer to regions, on SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use jalin_app::ports::store::Page;
use jalin_domain::opportunity::OfferInput;
use jalin_testkit::each_backend;

#[tokio::test]
async fn an_offer_for_border_provinces_finds_them_through_their_kabupaten() {
    each_backend(|db| async move {
        let app = db.app().await;
        let system = app.system_ctx("test");
        // No fields or SDGs: the kind of region alone decides (no agreements to compare with here).
        let list = |items: &[&str]| Some(items.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>());
        let offer = app
            .board
            .publish_offer(
                &system,
                &OfferInput {
                    publisher_kind: Some("programme".into()),
                    publisher_name: Some("Program perbatasan".into()),
                    country: Some("AU".into()),
                    title_id: Some("Pengelolaan kawasan perbatasan".into()),
                    region_types: list(&["provinsi"]),
                    criteria: list(&["border"]),
                    deadline: Some("2027-06-30".into()),
                    contact: Some("program@example.org".into()),
                    ..OfferInput::default()
                },
            )
            .await
            .unwrap();
        let matches = app
            .board
            .offer_matches(&system, &offer.id.to_string(), Page::new(Some(100), None))
            .await
            .unwrap();
        let codes: Vec<String> = matches.items.iter().map(|m| m.region_code.to_string()).collect();
        // Kalimantan Barat borders Malaysia through its kabupaten; Jawa Timur borders nothing.
        assert!(codes.contains(&"61".to_owned()), "{codes:?}");
        assert!(!codes.contains(&"35".to_owned()), "{codes:?}");
        assert!(codes.iter().all(|c| !c.contains('.')), "provinces only: {codes:?}");
    })
    .await;
}
