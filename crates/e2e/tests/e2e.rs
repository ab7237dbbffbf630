//! Jalin in a real headless Chromium, as people use it: browsing and filtering the public
//! registry in both languages, the new-case wizard with its live eligibility (a partner in a
//! country without diplomatic relations fails P1, explained), and a Kutai Kartanegara–
//! Kitakyushu case walked by the regional officer, the regional approver and the
//! Kemendagri reviewer to the signed letter of intent, with uploaded documents, then seen
//! on the national dashboard. Every main page is checked with axe-core (a serious or
//! critical violation fails the test) and photographed into `target/e2e-screenshots/`.
//!
//! Needs Chromium, chromedriver and axe-core (`npm install --no-save axe-core@4` in the
//! workspace, or `JALIN_AXE_PATH`); without them each test skips with the reason, unless
//! `JALIN_E2E_REQUIRED=1`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod harness;

use harness::{APPROVER, Browser, OFFICER, REVIEWER, scenario};
use std::time::{Duration, Instant};

/// `N` of "… dari N kerja sama" / "… of N agreements".
fn total_of(summary: &str) -> u64 {
    summary
        .split_whitespace()
        .rev()
        .find_map(|w| w.replace(['.', ','], "").parse::<u64>().ok())
        .unwrap_or_else(|| panic!("no count in {summary:?}"))
}

async fn wait_lang(b: &Browser, lang: &str) {
    let started = Instant::now();
    while b.lang().await != lang {
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "the page did not switch to {lang}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn public_registry_is_browsed_filtered_and_read_in_both_languages() {
    scenario("public_registry", |b| async move {
        // Home, in Indonesian by default.
        b.goto("/").await;
        assert_eq!(b.lang().await, "id");
        assert!(b.text("header.site a.lang").await.contains("English"));
        assert!(!b.text("main h1").await.is_empty());
        b.check_page("home-id").await;

        // The directory, through the main navigation.
        b.click("header.site nav a[href='/kerja-sama']").await;
        b.wait_path("the directory", |p| p == "/kerja-sama").await;
        let everything = total_of(&b.text(".results .count").await);
        assert!(everything > 100, "the demo registry has {everything} agreements");
        b.check_page("directory-id").await;

        // A facet applies at once (app.js submits the form on change).
        b.find("#facet-form")
            .await
            .select_by_value("KSDPL")
            .await
            .expect("choose KSDPL");
        b.wait_path("the form filter", |p| p.contains("form=KSDPL")).await;
        let ksdpl = total_of(&b.text(".results .count").await);
        assert!(0 < ksdpl && ksdpl < everything, "{ksdpl} of {everything}");
        let listed = b
            .client
            .find_all(fantoccini::Locator::Css("li.agreement"))
            .await
            .unwrap();
        let badges = b
            .client
            .find_all(fantoccini::Locator::Css("li.agreement .badge.form-KSDPL"))
            .await
            .unwrap();
        assert!(
            !listed.is_empty() && listed.len() == badges.len(),
            "only KSDPL agreements are listed"
        );
        b.wait_text("ul.chips", &["KSDPL"]).await;

        // Free text on top of the facet.
        b.fill("#q", "Braunschweig").await;
        b.click("form.facets button[type=submit]").await;
        b.wait_path("the search", |p| {
            p.contains("q=Braunschweig") && p.contains("form=KSDPL")
        })
        .await;
        b.wait_text(".results", &["Braunschweig"]).await;
        assert!(total_of(&b.text(".results .count").await) >= 1);
        b.check_page("directory-filtered-id").await;

        // An agreement, its region, its partner's country.
        b.find_xpath("//li[contains(@class,'agreement')]//h3/a[contains(., 'Braunschweig')]")
            .await
            .click()
            .await
            .unwrap();
        b.wait_path("the agreement page", |p| p.starts_with("/kerja-sama/"))
            .await;
        b.wait_text("main h1", &["Bandung", "Braunschweig"]).await;
        b.check_page("agreement-id").await;
        b.click("main a[href='/daerah/32.73']").await;
        b.wait_path("the region page", |p| p == "/daerah/32.73").await;
        b.wait_text("main h1", &["Bandung"]).await;
        b.wait_text("section.suggestions", &["Calon mitra luar negeri"]).await;
        b.check_page("region-id").await;
        b.click("main a[href='/negara/DE']").await;
        b.wait_path("the country page", |p| p == "/negara/DE").await;
        b.wait_text("main h1", &["Jerman"]).await;
        b.check_page("country-id").await;

        // The SDGs and the maps.
        b.click("header.site nav a[href='/sdg']").await;
        b.wait_path("the SDG page", |p| p == "/sdg").await;
        b.check_page("sdg-id").await;
        b.click("ul.goals a[href='/sdg/11']").await;
        b.wait_path("SDG 11", |p| p == "/sdg/11").await;
        b.wait_text("main h1", &["SDG 11"]).await;
        b.check_page("sdg-goal-id").await;
        b.click("header.site nav a[href='/peta']").await;
        b.wait_path("the maps", |p| p == "/peta").await;
        b.check_page("maps-id").await;
        // The opportunity board.
        b.click("header.site nav a[href='/peluang']").await;
        b.wait_path("the opportunity board", |p| p == "/peluang").await;
        b.wait_text("main h1", &["Peluang kerja sama"]).await;
        // The demo board has offers; the first one opens with the regions it fits.
        b.wait_text("main", &["contoh demo"]).await;
        b.check_page("board-id").await;
        b.click("li.agreement h3 a").await;
        b.wait_path("an offer", |p| p.starts_with("/peluang/tawaran/")).await;
        assert!(!b.text("main h1").await.is_empty());
        b.check_page("offer-id").await;

        // English through the header link, on a filtered directory: the filter stays.
        b.goto("/kerja-sama?form=KSDPL").await;
        let href = b
            .find("header.site a.lang")
            .await
            .attr("href")
            .await
            .unwrap()
            .unwrap_or_default();
        assert!(href.starts_with("/bahasa/en?next="), "{href}");
        b.click("header.site a.lang").await;
        wait_lang(&b, "en").await;
        b.wait_path("the directory in English", |p| p.starts_with("/kerja-sama"))
            .await;
        assert_eq!(
            b.path().await,
            "/kerja-sama?form=KSDPL",
            "switching language keeps the filter"
        );
        b.wait_text("header.site nav", &["Registry", "Maps"]).await;
        b.wait_text(".results .count", &[" of "]).await;
        assert_eq!(total_of(&b.text(".results .count").await), ksdpl);
        b.check_page("directory-en").await;
        b.click("header.site a.brand").await;
        b.wait_path("home", |p| p == "/").await;
        assert_eq!(b.lang().await, "en");
        b.check_page("home-en").await;
        b.goto("/kerja-sama").await;
        b.check_page("directory-unfiltered-en").await;

        // And back to Indonesian.
        b.goto("/").await;
        assert!(b.text("header.site a.lang").await.contains("Bahasa Indonesia"));
        b.click("header.site a.lang").await;
        wait_lang(&b, "id").await;
        assert_eq!(b.path().await, "/");
        b.wait_text("header.site nav", &["Registri", "Peta"]).await;
    })
    .await;
}

/// Chooses a partner in the wizard by typing its name: htmx asks `/kasus/baru/mitra`.
async fn choose_partner(b: &Browser, typed: &str, label: &str) {
    b.fill("#partner_q", typed).await;
    let xpath = format!("//div[@id='partner-results']//label[contains(., '{label}')]");
    b.find_xpath(&xpath).await.click().await.unwrap();
    let id = b
        .find_xpath(&xpath)
        .await
        .attr("for")
        .await
        .unwrap()
        .unwrap_or_default();
    let radio = b.find(&format!("#{id}")).await;
    assert!(radio.is_selected().await.unwrap(), "{label} is chosen");
}

/// Clicks the wizard's first suggested SDG target (htmx asks `/kasus/baru/sdg`) and waits
/// until it is in the SDG field; returns its code.
async fn add_first_suggested_sdg(b: &Browser) -> String {
    let started = Instant::now();
    loop {
        // The list is refreshed while the officer types: a button may go stale; try again.
        let button = b.find("#sdg-suggestions button[data-add-sdg]").await;
        if let Ok(Some(code)) = button.attr("data-add-sdg").await
            && button.click().await.is_ok()
        {
            let field = b.find("#sdgs").await;
            while started.elapsed() < Duration::from_secs(15) {
                let value = field.prop("value").await.ok().flatten().unwrap_or_default();
                if value.split(", ").any(|c| c == code) {
                    return code;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "no suggested SDG target could be added"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The text of a rule's row in the wizard's eligibility box.
async fn rule_row(b: &Browser, rule: &str) -> String {
    let xpath = format!("//div[@id='eligibility']//tr[th[starts-with(normalize-space(.), '{rule}')]]");
    // The box is replaced while the officer types: a row found a moment ago may be gone.
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

async fn start_wizard(b: &Browser) {
    b.goto("/kasus").await;
    b.click("main a[href='/kasus/baru']").await;
    b.wait_path("the wizard", |p| p == "/kasus/baru").await;
    b.click("#form-KSDPL").await;
    b.find("#subtype")
        .await
        .select_by_value("sister_city")
        .await
        .expect("choose sister_city");
}

#[tokio::test]
async fn the_wizard_explains_p1_for_partners_without_diplomatic_relations() {
    scenario("wizard_p1", |b| async move {
        b.login(OFFICER).await;
        start_wizard(&b).await;
        b.wait_text("#region", &["Kutai Kartanegara"]).await;
        b.check_page("wizard-id").await;

        choose_partner(&b, "Tel Aviv", "Tel Aviv").await;
        b.wait_text("#eligibility .verdict.fail", &[]).await;
        let p1 = rule_row(&b, "P1").await;
        assert!(p1.contains("Tidak memenuhi"), "{p1}");
        assert!(p1.contains("tidak mempunyai hubungan diplomatik dengan Israel"), "{p1}");
        assert!(p1.contains("PP 28/2018"), "{p1}");
        b.check_page("wizard-p1-fail-id").await;

        // A Taiwanese city fails the same way.
        choose_partner(&b, "Taipei", "Taipei").await;
        b.wait_text("#eligibility", &["Taiwan"]).await;
        let p1 = rule_row(&b, "P1").await;
        assert!(p1.contains("Tidak memenuhi") && p1.contains("PP 28/2018"), "{p1}");
        assert!(p1.contains("tidak mempunyai hubungan diplomatik"), "{p1}");

        // The same explanation in English, after switching language on the wizard.
        b.click("header.site a.lang").await;
        wait_lang(&b, "en").await;
        assert_eq!(b.path().await, "/kasus/baru");
        b.click("#form-KSDPL").await;
        b.find("#subtype")
            .await
            .select_by_value("sister_city")
            .await
            .expect("choose sister_city");
        choose_partner(&b, "Tel Aviv", "Tel Aviv").await;
        b.wait_text("#eligibility .verdict.fail", &[]).await;
        let p1 = rule_row(&b, "P1").await;
        assert!(p1.contains("Not met"), "{p1}");
        assert!(p1.contains("has no diplomatic relations with Israel"), "{p1}");
        assert!(p1.contains("PP 28/2018"), "{p1}");
        b.check_page("wizard-p1-fail-en").await;
    })
    .await;
}

/// Takes a step from the case page as the signed-in user: files, numbers, dates, submit;
/// then waits for the case to reach `expected`.
async fn take_step(b: &Browser, case: &str, transition: &str, docs: &[&str], data: &[(&str, &str)], expected: &str) {
    b.goto(&format!("/kasus/{case}")).await;
    let form = format!("form:has(input[name='transition'][value='{transition}'])");
    b.find(&form).await;
    for kind in docs {
        let pdf = format!("%PDF-1.4\n% {kind} for the end-to-end test\n%%EOF\n");
        let path = b.file(&format!("{kind}.pdf"), pdf.as_bytes());
        b.find(&format!("#{transition}-{kind}-file"))
            .await
            .send_keys(&path.display().to_string())
            .await
            .unwrap();
        b.fill(&format!("#{transition}-{kind}-number"), &format!("{kind}/2026"))
            .await;
        b.set_value(&format!("#{transition}-{kind}-date"), "2026-11-20").await;
    }
    for (key, value) in data {
        b.set_value(&format!("#{transition}-{key}"), value).await;
    }
    b.click(&format!("{form} button[type=submit]")).await;
    let app = &b.server.app;
    let ctx = app.system_ctx("e2e");
    let started = Instant::now();
    let view = loop {
        let v = app.cases.get_case(&ctx, case).await.unwrap();
        if v.stage.code == expected {
            break v;
        }
        if let Ok(e) = b.client.find(fantoccini::Locator::Css("main .error[role=alert]")).await {
            panic!("{transition} was refused: {}", e.text().await.unwrap_or_default());
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{transition}: the case stayed at {}",
            v.stage.code
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    b.wait_path("the case page", |p| p == format!("/kasus/{case}")).await;
    b.wait_text("#stage-heading", &[view.stage.label_id.as_str()]).await;
    for kind in docs {
        b.wait_text(
            "section[aria-labelledby='docs-heading']",
            &[format!("{kind}.pdf").as_str()],
        )
        .await;
    }
}

#[tokio::test]
async fn a_case_is_opened_in_the_wizard_and_walked_to_the_letter_of_intent() {
    scenario("case_to_loi", |b| async move {
        b.goto("/login").await;
        b.check_page("login-id").await;
        b.login(OFFICER).await;

        // An agreement of the officer's region shows suggested SDG targets with their
        // trigger words; rejecting one takes it off the list.
        let app = &b.server.app;
        let agreement = app
            .registry
            .create_agreement(
                &app.system_ctx("e2e"),
                &serde_json::from_value(serde_json::json!({
                    "form": "KSDD", "subtype": "voluntary", "tier": "pks", "status": "in_force",
                    "title_id": "Kerja Sama Pengelolaan Sampah Regional dan Air Minum",
                    "description_id": "Bank sampah, daur ulang dan penyediaan air minum perpipaan.",
                    "parties": [{"region_code": "64.02"}, {"region_code": "64.72"}],
                    "signed_on": "2025-02-01", "expires_on": "2029-01-31"
                }))
                .unwrap(),
            )
            .await
            .unwrap();
        let suggested = || async {
            app.registry
                .agreement_sdg_suggestions(&app.system_ctx("e2e"), &agreement.id.to_string(), None)
                .await
                .unwrap()
                .into_iter()
                .map(|s| s.target)
                .collect::<Vec<_>>()
        };
        let before = suggested().await;
        assert!(before.len() >= 2, "{before:?}");
        b.goto(&format!("/kerja-sama/{}", agreement.id)).await;
        b.wait_text("#saran-sdg", &[&format!("SDG {}", before[0]), "Sampah"])
            .await;
        b.check_page("agreement-suggestions-id").await;
        b.click("#saran-sdg form:has(input[value=rejected]) button").await;
        let started = Instant::now();
        while suggested().await.len() == before.len() {
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "the rejection was not stored"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(
            suggested().await,
            before[1..].to_vec(),
            "the first suggestion was rejected"
        );
        b.wait_text("#saran-sdg", &[&format!("SDG {}", before[1])]).await;

        // The wizard: KSDPL, sister city, Kitakyushu found by typing, live eligibility.
        start_wizard(&b).await;
        choose_partner(&b, "Kitakyu", "Kitakyushu").await;
        b.wait_text("#eligibility", &["P1", "Kitakyushu"]).await;
        let p1 = rule_row(&b, "P1").await;
        assert!(p1.contains("Memenuhi") && !p1.contains("Tidak memenuhi"), "{p1}");
        assert!(p1.contains("PP 28/2018"), "{p1}");
        let title = "Kerja Sama Kabupaten Kembar Kutai Kartanegara dan Kitakyushu";
        b.fill("#title_id", title).await;
        b.fill("#title_en", "Sister city cooperation Kutai Kartanegara–Kitakyushu")
            .await;
        b.click("#object-cultural_exchange").await;
        b.click("#object-government_capacity").await;
        b.find("#fields").await.select_by_value("2.11").await.unwrap();
        b.click("#office-no").await;
        b.fill("#plan_links", "RPJMD Kutai Kartanegara 2021–2026, Misi 3").await;
        b.fill(
            "#complementarity",
            "Teknologi lingkungan Kitakyushu; wisata hutan dan sungai Kutai Kartanegara.",
        )
        .await;
        b.fill("#people_to_people", "Pertukaran pelajar dan festival budaya tahunan.")
            .await;
        b.wait_text("#eligibility .verdict", &[]).await;
        // A suggested SDG target joins the SDG field with one click (app.js).
        let added = add_first_suggested_sdg(&b).await;
        b.check_page("wizard-filled-id").await;
        b.click("form#wizard > button.primary[type=submit]").await;
        let path = b
            .wait_path("the new case", |p| {
                p.starts_with("/kasus/") && !p.starts_with("/kasus/baru")
            })
            .await;
        let case = path.trim_start_matches("/kasus/").to_owned();
        let opened = b
            .server
            .app
            .cases
            .get_case(&b.server.app.system_ctx("e2e"), &case)
            .await
            .unwrap();
        assert!(
            opened.case.sdgs.iter().any(|s| s.as_str() == added),
            "the suggested target {added} was kept: {:?}",
            opened.case.sdgs
        );
        b.wait_text("main h1", &[title]).await;
        b.wait_text("main p.meta", &["Kitakyushu", "Jepang"]).await;
        b.check_page("case-id").await;

        // The officer opens the exploration with the letter of interest.
        take_step(&b, &case, "mulai_penjajakan", &["surat_minat"], &[], "penjajakan").await;
        b.logout().await;
        // The regional approver asks the Minister.
        b.login(APPROVER).await;
        take_step(
            &b,
            &case,
            "ajukan_konsultasi",
            &["kajian", "surat_konsultasi_menteri"],
            &[],
            "konsultasi_menteri",
        )
        .await;
        b.logout().await;
        // Kemendagri answers: the letter of intent may be prepared.
        b.login(REVIEWER).await;
        take_step(
            &b,
            &case,
            "tanggapi_konsultasi",
            &["tanggapan_menteri"],
            &[],
            "persiapan_loi",
        )
        .await;
        b.check_page("case-persiapan-loi-id").await;
        b.logout().await;
        // The officer records the signed letter of intent.
        b.login(OFFICER).await;
        take_step(
            &b,
            &case,
            "tandatangani_loi",
            &["loi", "tembusan_loi"],
            &[("loi_signed_on", "2026-11-20")],
            "loi_ditandatangani",
        )
        .await;
        let doc = b
            .find("section[aria-labelledby='docs-heading'] a[href*='/dokumen/']")
            .await;
        assert!(
            doc.attr("href")
                .await
                .unwrap()
                .unwrap_or_default()
                .starts_with(&format!("/kasus/{case}/dokumen/"))
        );
        b.check_page("case-loi-id").await;
        b.logout().await;

        // The national dashboard shows it to the Kemendagri reviewer.
        b.login(REVIEWER).await;
        b.click("header.site nav a[href='/dasbor']").await;
        b.wait_path("the dashboard", |p| p == "/dasbor").await;
        let stage = b
            .server
            .app
            .cases
            .get_case(&b.server.app.system_ctx("e2e"), &case)
            .await
            .unwrap()
            .stage
            .label_id;
        b.wait_text("section[aria-labelledby='pipeline-heading']", &[stage.as_str()])
            .await;
        b.check_page("dashboard-id").await;
        b.click("section[aria-labelledby='pipeline-heading'] a[href='/kasus?state=loi_ditandatangani']")
            .await;
        b.wait_path("the stage's cases", |p| p == "/kasus?state=loi_ditandatangani")
            .await;
        b.wait_text("main table.cases", &[title]).await;
        b.find_xpath(&format!("//table[contains(@class,'cases')]//a[contains(., '{title}')]"))
            .await
            .click()
            .await
            .unwrap();
        b.wait_path("the case from the dashboard", |p| p == format!("/kasus/{case}"))
            .await;
        b.wait_text("#stage-heading", &[stage.as_str()]).await;

        // The reviewer's inbox and notice e-mail settings.
        b.goto("/notifikasi").await;
        b.wait_text("main h1", &["Notifikasi"]).await;
        b.check_page("inbox-id").await;
        b.goto("/notifikasi/pengaturan").await;
        b.wait_text("main h1", &["E-mail pemberitahuan"]).await;
        b.check_page("notice-settings-id").await;
    })
    .await;
}
