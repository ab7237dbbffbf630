//! After the signature, in a real headless Chromium: the Kutai Kartanegara officer registers
//! a legacy sister-city agreement with Kitakyushu through the registry form, records an
//! activity and an overseas trip (PDLN) on it, drafts and submits the 2025 annual report;
//! the East Kalimantan province returns it with a comment, the officer corrects and
//! resubmits it, the province accepts it — and the region's next case then meets rule P17
//! (Permendagri 25/2020 Pasal 38) in the new-case wizard, which it did not before. The
//! registry form also refuses a partner in Israel with rule P1 named, storing nothing.
//!
//! The test clock is 2026-11-28 (`jalin_testkit::test_now`): "last year's report" is 2025's.
//! Needs Chromium, chromedriver and axe-core, like `e2e.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod harness;

use harness::{Browser, GOVERNOR, OFFICER, scenario};
use std::time::{Duration, Instant};

/// Chooses a partner from the htmx search results under `#partner_q`.
async fn choose_partner(b: &Browser, typed: &str, label: &str) {
    b.fill("#partner_q", typed).await;
    let xpath = format!("//div[@id='partner-results']//label[contains(., '{label}')]");
    let started = Instant::now();
    // The results are replaced while typing: a label found a moment ago may be gone.
    loop {
        let ok = match b.find_xpath(&xpath).await.click().await {
            Ok(()) => {
                let id = b.find_xpath(&xpath).await.attr("for").await.ok().flatten();
                match id {
                    Some(id) => b.find(&format!("#{id}")).await.is_selected().await.unwrap_or(false),
                    None => false,
                }
            }
            Err(_) => false,
        };
        if ok {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "{label} could not be chosen"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn select(b: &Browser, css: &str, value: &str) {
    b.find(css)
        .await
        .select_by_value(value)
        .await
        .unwrap_or_else(|e| panic!("cannot choose {value} in {css}: {e}"));
}

/// Fills the registry form's kind, region and partner for a KSDPL sister city.
async fn fill_sister_city(b: &Browser, typed: &str, label: &str, title: &str) {
    b.goto("/kerja-sama/baru").await;
    b.find("#agreement-form").await;
    select(b, "#form", "KSDPL").await;
    select(b, "#subtype", "sister_city").await;
    select(b, "#tier", "mou").await;
    select(b, "#status", "in_force").await;
    select(b, "#region", "64.02").await;
    choose_partner(b, typed, label).await;
    b.fill("#title_id", title).await;
    b.click("#obj-cultural_exchange").await;
    select(b, "#fields", "2.11").await;
    b.fill("#sdgs", "4, 11").await;
    b.set_value("#signed_on", "2023-03-01").await;
    b.set_value("#expires_on", "2028-02-28").await;
}

/// The text of a rule's row in the wizard's eligibility box.
async fn rule_row(b: &Browser, rule: &str) -> String {
    let xpath = format!("//div[@id='eligibility']//tr[th[starts-with(normalize-space(.), '{rule}')]]");
    let started = Instant::now();
    loop {
        match b.find_xpath(&xpath).await.text().await {
            Ok(text) => return text,
            Err(e) => assert!(
                started.elapsed() < Duration::from_secs(15),
                "the row of {rule} stayed unreadable: {e}"
            ),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Opens the new-case wizard for a KSDPL sister city with Kitakyushu and waits until P17's
/// row contains `needles`; returns the row.
async fn wizard_p17(b: &Browser, needles: &[&str]) -> String {
    b.goto("/kasus/baru").await;
    b.click("#form-KSDPL").await;
    select(b, "#subtype", "sister_city").await;
    b.fill("#partner_q", "Kitakyu").await;
    let xpath = "//div[@id='partner-results']//label[contains(., 'Kitakyushu')]";
    b.find_xpath(xpath).await.click().await.unwrap();
    b.wait_text("#eligibility", &["P17"]).await;
    let started = Instant::now();
    loop {
        let row = rule_row(b, "P17").await;
        if needles.iter().all(|n| row.contains(n)) {
            return row;
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "P17 reads {row:?}, not {needles:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Registers the legacy agreement through the form; returns its id.
async fn register_legacy(b: &Browser, title: &str) -> String {
    fill_sister_city(b, "Kitakyu", "Kitakyushu", title).await;
    for (field, value) in [
        ("kemlu_confirmation_ref", "B-1/KS/2023"),
        ("minister_approval_ref", "100.4.2/1/SJ"),
        ("dprd_decision_ref", "12/2022"),
    ] {
        b.fill(&format!("#{field}"), value).await;
    }
    b.set_value("#kemlu_confirmation_on", "2023-02-01").await;
    b.set_value("#minister_approval_on", "2023-02-20").await;
    b.set_value("#dprd_decision_on", "2022-11-10").await;
    b.check_page("record-new-id").await;
    b.click("#save-record").await;
    let path = b
        .wait_path("the registered agreement", |p| {
            p.starts_with("/kerja-sama/") && !p.starts_with("/kerja-sama/baru")
        })
        .await;
    let id = path.trim_start_matches("/kerja-sama/").to_owned();
    b.wait_text("main h1", &[title]).await;
    b.wait_text("main", &["Kitakyushu", "Terverifikasi"]).await;
    id
}

/// Records a 2025 activity and a PDLN trip to Kitakyushu on the implementation page.
async fn record_implementation(b: &Browser, id: &str) {
    b.goto(&format!("/kerja-sama/{id}/pelaksanaan")).await;
    b.check_page("implementation-id").await;
    let activity = "Pertukaran pelajar SMA Tenggarong–Kitakyushu";
    b.fill("#activity-title", activity).await;
    b.set_value("#activity-occurred-on", "2025-07-14").await;
    select(b, "#activity-kind", "exchange").await;
    b.click("#submit-kegiatan").await;
    b.wait_text("#kegiatan", &[activity]).await;

    let trip = "Kunjungan kerja ke Kitakyushu 2025";
    b.goto(&format!("/kerja-sama/{id}/pelaksanaan")).await;
    b.fill("#travel-title", trip).await;
    b.fill("#travel-delegate-name-0", "Ir. Bambang Sutejo").await;
    b.fill("#travel-country", "JP").await;
    b.fill("#travel-city", "Kitakyushu").await;
    b.set_value("#travel-departure-on", "2025-09-01").await;
    b.set_value("#travel-return-on", "2025-09-06").await;
    b.fill("#travel-permit-reference", "PDLN/2025/0815").await;
    select(b, "#travel-permit-status", "issued").await;
    b.click("#submit-perjalanan").await;
    b.wait_text("#perjalanan", &[trip, "PDLN/2025/0815"]).await;
    b.check_page("implementation-recorded-id").await;
}

const ITEMS: [(&str, &str); 9] = [
    ("title", "Kerja Sama Kota Kembar Kutai Kartanegara–Kitakyushu"),
    ("background", "Kesamaan sebagai daerah industri dan sungai besar."),
    ("purpose", "Pertukaran pengetahuan lingkungan dan pendidikan."),
    ("scope", "Pendidikan, lingkungan hidup, kebudayaan."),
    (
        "progress",
        "Satu pertukaran pelajar dan satu kunjungan kerja pada 2025.",
    ),
    ("beneficiaries", "40 pelajar SMA dan Dinas Lingkungan Hidup."),
    ("funding", "APBD Kutai Kartanegara 2025."),
    ("obstacles", "Jadwal penerbangan terbatas."),
    ("follow_up", "Pelatihan pengelolaan sampah pada 2026."),
];

/// Drafts the 2025 annual report, fills the nine items and submits it; returns its path.
async fn file_report(b: &Browser, id: &str) -> String {
    b.goto(&format!("/kerja-sama/{id}/laporan")).await;
    b.check_page("reports-agreement-id").await;
    b.fill("#report-year", "2025").await;
    b.click("#report-new-button").await;
    let path = b.wait_path("the drafted report", |p| p.contains("laporan=")).await;
    b.find("#report-form").await;
    for (key, text) in ITEMS {
        b.fill(&format!("#item-{key}"), text).await;
    }
    b.check_page("report-draft-id").await;
    b.click("#report-submit").await;
    b.wait_text("#report-items", &[ITEMS[4].1]).await;
    path
}

/// The province officer opens the report and decides with a comment.
async fn review(b: &Browser, path: &str, comment: &str, button: &str) {
    b.login(GOVERNOR).await;
    b.goto(path).await;
    b.find("#report-review-form").await;
    b.fill("#review-comment", comment).await;
    b.check_page("report-review-id").await;
    b.click(button).await;
    b.wait_path("the reviewed report", |p| p.contains("laporan=")).await;
    b.find("#report-status").await;
    b.logout().await;
}

#[tokio::test]
async fn a_legacy_agreement_is_registered_implemented_reported_and_p17_passes() {
    scenario("after_signature", |b| async move {
        b.login(OFFICER).await;
        let title = "Kerja Sama Kota Kembar Kutai Kartanegara dan Kitakyushu (2023)";
        let id = register_legacy(&b, title).await;
        b.check_page("record-registered-id").await;

        // Not yet reported on 2025: the next case fails P17.
        let p17 = wizard_p17(&b, &["Tidak memenuhi"]).await;
        assert!(p17.contains("Laporan tahunan 2025 belum disampaikan"), "{p17}");

        record_implementation(&b, &id).await;
        let report = file_report(&b, &id).await;
        b.logout().await;

        // The province returns it with a comment.
        let comment = "Mohon lengkapi jumlah penerima manfaat per sekolah.";
        review(&b, &report, comment, "#review-return").await;

        // The officer reads the comment, corrects and resubmits.
        b.login(OFFICER).await;
        b.goto(&report).await;
        b.wait_text("#report-review-comment", &[comment]).await;
        b.check_page("report-returned-id").await;
        let corrected = "40 pelajar: 20 dari SMAN 1 Tenggarong, 20 dari SMAN 2 Tenggarong.";
        b.fill("#item-beneficiaries", corrected).await;
        b.click("#report-submit").await;
        b.wait_text("#report-items", &[corrected]).await;
        b.logout().await;

        // The province accepts it.
        review(&b, &report, "Diterima.", "#review-accept").await;
        let app = &b.server.app;
        let ctx = app.system_ctx("e2e");
        let reports = app.monitoring.agreement_reports(&ctx, &id).await.unwrap();
        assert!(
            reports.iter().any(|r| r.status.as_str() == "accepted"),
            "the report is accepted: {reports:?}"
        );

        // The demo registry also holds the region's open-ended 2004 sister city with
        // Winterbach: in force in 2025, its report is owed too, and still missing.
        b.login(OFFICER).await;
        let p17 = wizard_p17(&b, &["Tidak memenuhi"]).await;
        assert!(p17.contains("Laporan tahunan 2025 belum disampaikan"), "{p17}");
        b.goto("/kerja-sama?form=KSDPL&region=64.02").await;
        b.find_xpath("//li[contains(@class,'agreement')]//h3/a[contains(., 'Winterbach')]")
            .await
            .click()
            .await
            .unwrap();
        let other = b
            .wait_path("the Winterbach agreement", |p| {
                p.starts_with("/kerja-sama/") && p != "/kerja-sama"
            })
            .await
            .trim_start_matches("/kerja-sama/")
            .to_owned();
        // Submitting is filing (Pasal 38): it counts before the province's review.
        file_report(&b, &other).await;

        // Every report the region owed is filed: its next case meets P17.
        b.goto(&report).await;
        b.wait_text("#report-status", &["Diterima"]).await;
        let p17 = wizard_p17(&b, &["Memenuhi"]).await;
        assert!(!p17.contains("Tidak memenuhi"), "{p17}");
        assert!(p17.contains("Laporan tahunan 2025 sudah disampaikan"), "{p17}");
        b.check_page("wizard-p17-met-id").await;
    })
    .await;
}

#[tokio::test]
async fn p1_refused_on_the_registry_form() {
    scenario("registry_p1", |b| async move {
        b.login(OFFICER).await;
        let app = &b.server.app;
        let registered = || async {
            app.registry
                .key_figures(&app.system_ctx("e2e"))
                .await
                .unwrap()
                .registered
        };
        let before = registered().await;
        let title = "Kerja Sama Kota Kembar Kutai Kartanegara dan Tel Aviv";
        fill_sister_city(&b, "Tel Aviv", "Tel Aviv", title).await;
        b.click("#save-record").await;
        let errors = b
            .wait_text("#form-errors", &["P1", "PP 28/2018 Pasal 27", "hubungan diplomatik"])
            .await;
        assert!(errors.contains("Ditolak menurut P1"), "{errors}");
        b.wait_text("#err-partner", &["P1"]).await;
        assert!(b.path().await.starts_with("/kerja-sama/baru"), "still on the form");
        b.check_page("record-p1-refused-id").await;
        assert_eq!(registered().await, before, "nothing stored");
    })
    .await;
}

/// The password link of the last mail sent to `to`.
fn password_link(b: &Browser, to: &str) -> String {
    let sent = b.server.mailer.sent.lock();
    let mail = sent
        .iter()
        .rev()
        .find(|m| m.to == to)
        .unwrap_or_else(|| panic!("no mail to {to}"));
    let link = mail
        .body
        .split_whitespace()
        .find(|w| w.contains("/reset-password?token="))
        .unwrap_or_else(|| panic!("no password link in {}", mail.body));
    link.split_once("/reset-password")
        .map(|(_, rest)| format!("/reset-password{rest}"))
        .unwrap()
}

/// The partner sets a password from the mailed link and signs in.
async fn guest_sign_in(b: &Browser, guest: &str) {
    let link = password_link(b, guest);
    b.goto(&link).await;
    b.check_page("reset-password-id").await;
    let password = "a long Kitakyushu passphrase";
    b.fill("#password", password).await;
    b.click("form[action='/reset-password'] button[type=submit]").await;
    // The sign-in form answers, with the notice that the password is set.
    b.find("form[action='/login'] #email").await;
    b.fill("#email", guest).await;
    b.fill("#password", password).await;
    b.click("form[action='/login'] button[type=submit]").await;
    b.wait_text("header.site .who", &["international"]).await;
}

#[tokio::test]
async fn a_partner_guest_evaluates_in_english() {
    scenario("guest_evaluation", |b| async move {
        b.login(OFFICER).await;
        let id = register_legacy(&b, "Kerja Sama Kota Kembar Kutai Kartanegara dan Kitakyushu").await;

        // The officer opens the 2026 round and invites the partner.
        b.goto(&format!("/kerja-sama/{id}/evaluasi")).await;
        b.check_page("evaluation-id").await;
        b.fill("#open-round-form #year", "2026").await;
        b.click("#open-round").await;
        b.find("#round-2026").await;
        let guest = "international@city.kitakyushu.example";
        b.fill("#guest-email", guest).await;
        b.fill("#guest-name", "Kitakyushu International Affairs").await;
        b.click("#invite-partner").await;
        b.wait_text("main", &["Undangan evaluasi dikirim kepada mitra."]).await;
        b.logout().await;

        guest_sign_in(&b, guest).await;

        // In English (the guest's choice, or one click away), the guest fills the round in.
        b.goto("/evaluasi").await;
        if b.lang().await != "en" {
            b.click("header.site a.lang").await;
        }
        let started = Instant::now();
        while b.lang().await != "en" {
            assert!(started.elapsed() < Duration::from_secs(15), "no English");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        b.wait_path("the guest home", |p| p == "/evaluasi").await;
        b.check_page("guest-home-en").await;
        b.click("#evaluate-2026").await;
        b.find("#evaluation-form").await;
        for (criterion, score) in [
            ("efficiency", 4),
            ("effectiveness", 4),
            ("mutual_benefit", 5),
            ("sustainability", 3),
            ("people_to_people", 5),
        ] {
            b.click(&format!("#{criterion}-{score}")).await;
        }
        b.click("#recommendation-continue").await;
        b.fill(
            "#justification",
            "The student exchange worked well; we wish to continue with waste management.",
        )
        .await;
        b.check_page("guest-evaluation-en").await;
        b.click("#submit-evaluation").await;
        b.wait_text("#evaluation-saved", &["Your evaluation is saved."]).await;
        b.check_page("guest-evaluation-saved-en").await;
        b.logout().await;

        // The officer sees the partner's scores and recommendation; the region's side is
        // still to fill in.
        b.login(OFFICER).await;
        b.goto(&format!("/kerja-sama/{id}/evaluasi")).await;
        b.wait_text(
            "#round-2026",
            &[
                "belum lengkap",
                "Rata-rata — 4.2",
                "Lanjutkan: The student exchange worked well",
            ],
        )
        .await;
        b.find("#fill-2026").await;
    })
    .await;
}
