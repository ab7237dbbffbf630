//! Storage stories for calendar feeds (ADR 0016), on SQLite and (when configured)
//! PostgreSQL: feeds by hash, revocation once, and event sequences that grow only when a
//! deadline moves.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use jalin_app::ports::store::{CalendarFeed, StoreError};
use jalin_testkit::{each_backend, test_now};
use time::macros::date;

#[tokio::test]
async fn feeds_are_found_by_hash_and_revoked_once() {
    each_backend(|db| async move {
        let app = db.app().await;
        let system = app.system_ctx("test");
        let user = app
            .accounts
            .create_user(
                &system,
                &serde_json::from_value(serde_json::json!({
                    "email": "petugas@kukarkab.go.id", "role": "regional_officer", "region_code": "64.02"
                }))
                .unwrap(),
            )
            .await
            .unwrap();
        let feed = CalendarFeed {
            id: uuid::Uuid::now_v7(),
            user_id: user.id,
            label: "Ponsel".into(),
            region: Some("64.02".parse().unwrap()),
            created_at: test_now(),
            revoked_at: None,
        };
        let mut tx = db.store.write().await.unwrap();
        tx.calendar_feeds().insert_feed(&feed, "hash-a").await.unwrap();
        tx.commit().await.unwrap();
        // A second feed with the same hash is refused (its own transaction: on PostgreSQL a
        // failed statement ends the transaction it ran in).
        let mut tx = db.store.write().await.unwrap();
        let again = CalendarFeed {
            id: uuid::Uuid::now_v7(),
            ..feed.clone()
        };
        let dup = tx.calendar_feeds().insert_feed(&again, "hash-a").await;
        assert!(matches!(dup, Err(StoreError::Conflict(_))), "{dup:?}");
        drop(tx);

        let mut tx = db.store.write().await.unwrap();
        let found = tx.calendar_feeds().feed_by_hash("hash-a").await.unwrap();
        assert_eq!(found.as_ref(), Some(&feed));
        assert!(tx.calendar_feeds().feed_by_hash("hash-b").await.unwrap().is_none());
        assert_eq!(tx.calendar_feeds().feeds_of(user.id).await.unwrap(), vec![feed.clone()]);
        assert!(tx.calendar_feeds().revoke_feed(feed.id, test_now()).await.unwrap());
        assert!(!tx.calendar_feeds().revoke_feed(feed.id, test_now()).await.unwrap());
        let revoked = tx.calendar_feeds().feed(feed.id).await.unwrap().unwrap();
        assert_eq!(revoked.revoked_at, Some(test_now()));
        tx.commit().await.unwrap();
    })
    .await;
}

#[tokio::test]
async fn an_event_sequence_grows_only_when_its_day_moves() {
    each_backend(|db| async move {
        let mut tx = db.store.write().await.unwrap();
        let repo = tx.calendar_feeds();
        let uid = "case-1-stage-a-t@jalin";
        assert_eq!(
            repo.record_event_version(uid, date!(2027 - 01 - 31), test_now())
                .await
                .unwrap(),
            0
        );
        assert_eq!(
            repo.record_event_version(uid, date!(2027 - 01 - 31), test_now())
                .await
                .unwrap(),
            0
        );
        assert_eq!(
            repo.record_event_version(uid, date!(2027 - 02 - 14), test_now())
                .await
                .unwrap(),
            1
        );
        assert_eq!(
            repo.record_event_version(uid, date!(2027 - 01 - 20), test_now())
                .await
                .unwrap(),
            2
        );
        let rows = repo
            .event_versions(&[uid.to_owned(), "unknown@jalin".to_owned()])
            .await
            .unwrap();
        assert_eq!(rows, vec![(uid.to_owned(), date!(2027 - 01 - 20), 2)]);
        tx.commit().await.unwrap();
    })
    .await;
}
