//! Notices by e-mail through the job queue, on SQLite and PostgreSQL: each recipient who
//! wants a notice at once gets exactly one message in their language, however often the
//! timers and the queue run; a failed delivery is logged for administrators and retried
//! without mailing those already reached; digest readers get one message a day at their
//! hour (national reviewers by default); those who turned mail off get none; a mailed unsubscribe link stops its kind.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use async_trait::async_trait;
use common::account;
use jalin_app::App;
use jalin_app::ctx::Actor;
use jalin_app::ports::clock::Clock;
use jalin_app::ports::mailer::{Mail, Mailer};
use jalin_app::ports::store::Page;
use jalin_domain::ids::UserId;
use jalin_domain::notice_mail::{DeliveryMode, MailLang, NoticeSettings, TimeZone};
use jalin_domain::notification::NotificationKind;
use jalin_domain::role::Role;
use jalin_testkit::{TestDbRef, each_backend};
use parking_lot::Mutex;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

/// A clock the test moves.
struct TestClock(Mutex<OffsetDateTime>);

impl Clock for TestClock {
    fn now(&self) -> OffsetDateTime {
        *self.0.lock()
    }
}

impl TestClock {
    fn advance(&self, by: Duration) {
        *self.0.lock() += by;
    }
}

/// Records what leaves; fails while `down` is set.
#[derive(Default)]
struct TestMailer {
    sent: Mutex<Vec<Mail>>,
    down: AtomicBool,
}

#[async_trait]
impl Mailer for TestMailer {
    async fn send(&self, mail: Mail) -> anyhow::Result<()> {
        if self.down.load(Ordering::SeqCst) {
            anyhow::bail!("connection refused by the relay");
        }
        self.sent.lock().push(mail);
        Ok(())
    }
}

impl TestMailer {
    fn to(&self, address: &str) -> Vec<Mail> {
        self.sent.lock().iter().filter(|m| m.to == address).cloned().collect()
    }
}

struct World {
    app: App,
    clock: Arc<TestClock>,
    mailer: Arc<TestMailer>,
}

async fn world(db: &TestDbRef) -> World {
    let clock = Arc::new(TestClock(Mutex::new(datetime!(2026-12-05 02:00 UTC))));
    let mailer = Arc::new(TestMailer::default());
    let app = App::builder(db.store.clone(), clock.clone())
        .with_mailer(mailer.clone())
        .with_link_base("https://jalin.kemendagri.go.id/")
        .build()
        .await
        .unwrap();
    World { app, clock, mailer }
}

async fn expiring_foreign_agreement(app: &App) {
    let input = serde_json::json!({
        "form": "KSDPL", "subtype": "sister_city", "tier": "pks", "status": "in_force",
        "title_id": "Kerja Sama Kutai Kartanegara dan Kitakyushu",
        "title_en": "Kutai Kartanegara–Kitakyushu sister city cooperation",
        "parties": [{"region_code": "64.02"}, {"geonameid": 1_859_307}],
        "fields": ["2.11"], "signed_on": "2026-06-01", "effective_on": "2026-06-01",
        "expires_on": "2026-12-25"
    });
    app.registry
        .create_agreement(&app.system_ctx("test"), &serde_json::from_value(input).unwrap())
        .await
        .unwrap();
}

/// The `u`, `k` and `t` of an unsubscribe link.
fn link_parts(link: &str) -> (UserId, String, String) {
    let query = link.split_once('?').unwrap().1;
    let get = |key: &str| {
        query
            .split('&')
            .find_map(|p| p.strip_prefix(&format!("{key}=")))
            .unwrap()
            .to_owned()
    };
    (UserId(get("u").parse().unwrap()), get("k"), get("t"))
}

#[tokio::test]
async fn each_notice_is_mailed_once_per_recipient_after_their_preferences() {
    each_backend(|db| async move {
        let World { app, clock, mailer } = world(&db).await;
        let officer = account(&app, "petugas@kukarkab.go.id", Role::RegionalOfficer, Some("64.02")).await;
        let officer_id = officer.actor.user().unwrap().id;
        let approver = account(&app, "sekda@kukarkab.go.id", Role::RegionalApprover, Some("64.02")).await;
        let province = account(&app, "biro@kaltimprov.go.id", Role::ProvinceOfficer, Some("64")).await;
        let kemendagri = account(&app, "pfks@kemendagri.go.id", Role::KemendagriReviewer, None).await;
        let _national = account(&app, "pusat@kemendagri.go.id", Role::KemendagriReviewer, None).await;
        let _stranger = account(&app, "petugas@bandung.go.id", Role::RegionalOfficer, Some("32.73")).await;
        let english = NoticeSettings {
            lang: MailLang::En,
            ..Default::default()
        };
        app.notifications.put_settings(&approver, english).await.unwrap();
        let digest_at_nine_wita = NoticeSettings {
            mode: DeliveryMode::Digest,
            digest_hour: 9,
            zone: TimeZone::Wita,
            ..Default::default()
        };
        app.notifications
            .put_settings(&province, digest_at_nine_wita)
            .await
            .unwrap();
        let off = NoticeSettings {
            mode: DeliveryMode::Off,
            ..Default::default()
        };
        app.notifications.put_settings(&kemendagri, off).await.unwrap();

        expiring_foreign_agreement(&app).await;
        app.cases.run_timers().await.unwrap();

        // The relay is down: nothing leaves, the failure is logged, the job waits to retry.
        mailer.down.store(true, Ordering::SeqCst);
        app.jobs.run(50).await.unwrap();
        assert!(mailer.sent.lock().is_empty());
        let admin = app.system_ctx("test");
        let failed = app.notifications.deliveries(&admin, true, Page::all()).await.unwrap();
        assert_eq!(failed.total, 2, "officer and approver: {:?}", failed.items);
        assert!(
            failed
                .items
                .iter()
                .all(|d| d.error.as_deref().unwrap().contains("refused"))
        );
        assert!(
            app.notifications
                .deliveries(&approver, false, Page::all())
                .await
                .is_err()
        );

        // Back up: each immediate reader gets exactly one message, whatever runs again.
        mailer.down.store(false, Ordering::SeqCst);
        clock.advance(Duration::minutes(10));
        for _ in 0..3 {
            app.cases.run_timers().await.unwrap();
            app.jobs.run(50).await.unwrap();
        }
        let to_officer = mailer.to("petugas@kukarkab.go.id");
        assert_eq!(to_officer.len(), 1, "{to_officer:?}");
        let m = &to_officer[0];
        assert!(
            m.subject.contains("Akan berakhir") && m.subject.contains("Kitakyushu"),
            "{}",
            m.subject
        );
        assert!(
            m.body.contains("https://jalin.kemendagri.go.id/kerja-sama/"),
            "{}",
            m.body
        );
        assert!(
            m.html
                .as_deref()
                .unwrap()
                .contains("<a href=\"https://jalin.kemendagri.go.id/kerja-sama/")
        );
        let to_approver = mailer.to("sekda@kukarkab.go.id");
        assert_eq!(to_approver.len(), 1);
        assert!(
            to_approver[0].subject.contains("Ending soon"),
            "{}",
            to_approver[0].subject
        );
        assert!(
            mailer.to("pfks@kemendagri.go.id").is_empty(),
            "Kemendagri turned mail off"
        );
        assert!(
            mailer.to("biro@kaltimprov.go.id").is_empty(),
            "the province reads a digest"
        );
        assert!(mailer.to("petugas@bandung.go.id").is_empty());

        // 02:10 UTC is 10:10 WITA and 09:10 WIB: the province's digest (its hour 09 WITA)
        // and the national reviewer's (the default 07 WIB) leave, once.
        assert_eq!(app.notifications.queue_digests().await.unwrap(), 2);
        app.jobs.run(50).await.unwrap();
        assert_eq!(app.notifications.queue_digests().await.unwrap(), 0);
        app.jobs.run(50).await.unwrap();
        let digests = mailer.to("biro@kaltimprov.go.id");
        assert_eq!(digests.len(), 1, "{digests:?}");
        assert!(digests[0].subject.contains("1 pemberitahuan"), "{}", digests[0].subject);
        assert!(digests[0].body.contains("Kitakyushu"));
        assert_eq!(mailer.to("pusat@kemendagri.go.id").len(), 1);

        // The officer's mailed link stops expiry mail, with no session; a forged one does not.
        let link = m.list_unsubscribe.clone().unwrap();
        let (user, kind, token) = link_parts(&link);
        assert_eq!((user, kind.as_str()), (officer_id, "expiry"));
        let visitor = app.ctx(Actor::Anonymous, "test");
        let forged = app
            .notifications
            .unsubscribe(&visitor, user, Some(NotificationKind::Expiry), "0000")
            .await;
        assert!(forged.is_err());
        let saved = app
            .notifications
            .unsubscribe(&visitor, user, Some(NotificationKind::Expiry), &token)
            .await
            .unwrap();
        assert_eq!(saved.muted, vec![NotificationKind::Expiry]);
        let sent = app.notifications.deliveries(&admin, false, Page::all()).await.unwrap();
        assert_eq!(sent.total, 6, "2 failed, 4 sent: {:?}", sent.items);
    })
    .await;
}
