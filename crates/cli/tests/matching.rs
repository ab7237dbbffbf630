//! `jalin match`, `jalin import partnerships` and `jalin dev eval-matching`, end to end.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use jalin_app::ports::store::DatasetRows;
use jalin_testkit::TestDb;
use serde_json::Value;
use std::process::{Command, Output};

fn jalin(url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jalin"))
        .env("JALIN_DATABASE_URL", url)
        .env_remove("JALIN_DATA_DIR")
        .env("RUST_LOG", "warn")
        .args(args)
        .output()
        .expect("run jalin")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The recommendations of a region as JSON.
fn matches(url: &str, region: &str, top: &str) -> Vec<Value> {
    let o = jalin(url, &["match", "--region", region, "--top", top, "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_str::<Vec<Value>>(&stdout(&o)).expect("a JSON array")
}

#[tokio::test]
async fn match_gives_the_same_explained_ranking_every_time() {
    let mut dbs = vec![TestDb::sqlite().await];
    dbs.extend(TestDb::postgres().await);
    let mut per_backend = Vec::new();
    for db in &dbs {
        let first = jalin(
            &db.url,
            &["match", "--region", "32.73", "--top", "5", "--format", "json"],
        );
        assert!(first.status.success(), "{}", stderr(&first));
        let second = jalin(
            &db.url,
            &["match", "--region", "32.73", "--top", "5", "--format", "json"],
        );
        assert_eq!(stdout(&first), stdout(&second), "two runs give identical JSON");
        let items: Vec<Value> = serde_json::from_str(&stdout(&first)).unwrap();
        assert_eq!(items.len(), 5);
        for (i, item) in items.iter().enumerate() {
            assert_eq!(item["rank"], i + 1);
            assert_eq!(item["kind"], "city");
            assert!(item["geonameid"].is_i64() && item["name"].is_string() && item["country_iso2"].is_string());
            assert!(item["score"].as_f64().unwrap() > 0.0);
            assert!(!item["reasons"].as_array().unwrap().is_empty());
        }
        per_backend.push(stdout(&first));

        // Every autonomous region at once gives the same lists as one at a time.
        if db.backend == "sqlite" {
            let o = jalin(&db.url, &["match", "--all", "--top", "5", "--format", "json"]);
            assert!(o.status.success(), "{}", stderr(&o));
            assert!(stderr(&o).contains("ranked partners for 546 regions"), "{}", stderr(&o));
            let all: Vec<Value> = serde_json::from_str(&stdout(&o)).unwrap();
            assert_eq!(
                all.len(),
                546,
                "the 552 regions less Jakarta's six administrative units"
            );
            let bandung = all.iter().find(|r| r["region_code"] == "32.73").unwrap();
            assert_eq!(bandung["region_name"], "Kota Bandung");
            assert_eq!(
                bandung["items"],
                serde_json::from_str::<Value>(&stdout(&first)).unwrap()
            );
        }

        // A province gets subdivisions; filters apply.
        let province = matches(&db.url, "32", "3");
        assert!(
            province
                .iter()
                .all(|i| i["kind"] == "subdivision" && i["subdivision_code"].is_string())
        );
        let o = jalin(
            &db.url,
            &[
                "match",
                "--region",
                "35.78",
                "--country",
                "JP,KR",
                "--fields",
                "2.11",
                "--sdgs",
                "11",
                "--format",
                "json",
            ],
        );
        assert!(o.status.success(), "{}", stderr(&o));
        let items: Vec<Value> = serde_json::from_str(&stdout(&o)).unwrap();
        assert!(
            items
                .iter()
                .all(|i| i["country_iso2"] == "JP" || i["country_iso2"] == "KR")
        );

        // The readable table, in Indonesian by default and in English on request.
        let o = jalin(&db.url, &["match", "--region", "32.73", "--top", "3"]);
        assert!(o.status.success());
        let text = stdout(&o);
        assert!(
            text.contains("Calon mitra luar negeri untuk Kota Bandung (32.73)"),
            "{text}"
        );
        assert!(text.contains("Setara: kota ↔ kota"), "{text}");
        let o = jalin(&db.url, &["match", "--region", "32.73", "--top", "3", "--lang", "en"]);
        assert!(stdout(&o).contains("Equal level: city ↔ city"), "{}", stdout(&o));

        // Unknown or bad input: a clear message and a failing exit code.
        let o = jalin(&db.url, &["match", "--region", "99.99"]);
        assert!(!o.status.success());
        assert!(stderr(&o).contains("unknown region '99.99'"), "{}", stderr(&o));
        let o = jalin(&db.url, &["match", "--region", "bandung"]);
        assert!(!o.status.success());
        assert!(stderr(&o).contains("unknown region 'bandung'"), "{}", stderr(&o));
        let o = jalin(
            &db.url,
            &["match", "--region", "32.73", "--fields", "9.99", "--country", "IL"],
        );
        assert!(!o.status.success());
        let err = stderr(&o);
        assert!(err.contains("fields[0]") && err.contains("country[0]"), "{err}");
        let o = jalin(&db.url, &["match", "--region", "32.73", "--top", "0"]);
        assert!(!o.status.success() && stderr(&o).contains("top"), "{}", stderr(&o));
    }
    if per_backend.len() == 2 {
        assert_eq!(
            per_backend[0], per_backend[1],
            "SQLite and PostgreSQL give the same ranking"
        );
    }
    for db in dbs {
        db.cleanup().await;
    }
}

const LIST: &str = "region_code,foreign_name,country_iso2,geonameid,foreign_level,year\n\
32.73,Suwon,KR,,,1997\n\
32.73,Atlantis,GR,,,\n\
32.73,München,DE,,,\n\
32,Gyeonggi-do,KR,,province,\n\
35.78,Springfield,US,,,\n";

#[tokio::test]
async fn imported_partnerships_are_resolved_reported_and_never_recommended() {
    let db = TestDb::sqlite().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kemitraan.csv");
    std::fs::write(&file, LIST).unwrap();
    let path = file.to_str().unwrap();

    // Find the places first so that the test knows they would be recommended.
    let before = matches(&db.url, "32.73", "200");
    let suwon_rank = before.iter().position(|i| i["geonameid"] == 1_835_553);

    // Strict: the unresolved rows reject the whole file.
    let o = jalin(&db.url, &["import", "partnerships", path, "--strict"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("row 2, column foreign_name: no place named 'Atlantis' in GR"),
        "{err}"
    );
    assert!(
        err.contains("row 5, column foreign_name") && err.contains("ambiguous"),
        "{err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(matches(&db.url, "32.73", "200"), before, "nothing changed");

    // A dry run shows how each row resolves.
    let o = jalin(&db.url, &["import", "partnerships", path, "--dry-run"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("row 3: 32.73 ↔ Munich (city 2867714, DE)"), "{out}");
    assert!(out.contains("row 4: 32 ↔ Gyeonggi-do (subdivision KR-41, KR)"), "{out}");
    assert!(
        out.contains("dry run: 3 of 5 row(s) resolved: 3 new partnership(s)"),
        "{out}"
    );
    assert!(out.contains("nothing was written"), "{out}");

    // Without --strict the resolved rows are stored and the others reported by number.
    let o = jalin(&db.url, &["import", "partnerships", path]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("3 of 5 row(s) resolved: 3 new partnership(s), 0 already known; 2 row(s) unresolved"),
        "{}",
        stdout(&o)
    );
    assert!(stderr(&o).contains("row 2, column foreign_name"), "{}", stderr(&o));
    let o = jalin(&db.url, &["import", "partnerships", path]);
    assert!(
        stdout(&o).contains("0 new partnership(s), 3 already known"),
        "{}",
        stdout(&o)
    );

    let after = matches(&db.url, "32.73", "200");
    for item in &after {
        assert_ne!(item["geonameid"], 1_835_553, "Suwon is a partner now");
        assert_ne!(item["geonameid"], 2_867_714, "so is Munich");
    }
    if suwon_rank.is_some() {
        assert_ne!(after, before);
    }

    // A file with a wrong header is refused.
    std::fs::write(&file, "region,name\n32.73,Suwon\n").unwrap();
    let o = jalin(&db.url, &["import", "partnerships", path]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("column foreign_name: required column is missing"),
        "{}",
        stderr(&o)
    );
    db.cleanup().await;
}

/// A small twin-town graph from the embedded cities: the 30 largest cities of Germany,
/// France and Japan, each twinned with the same-ranked city of the other two countries and
/// with its neighbour in rank.
fn synthetic_pairs() -> String {
    let cities = jalin_refdata::load(None)
        .unwrap()
        .into_iter()
        .find_map(|d| match d.rows {
            DatasetRows::Cities(c) => Some(c),
            _ => None,
        })
        .unwrap();
    let largest = |country: &str| {
        let mut list: Vec<_> = cities.iter().filter(|c| c.country_iso2.as_str() == country).collect();
        list.sort_by(|a, b| b.population.cmp(&a.population).then(a.geonameid.cmp(&b.geonameid)));
        list.into_iter().take(30).collect::<Vec<_>>()
    };
    let (de, fr, jp) = (largest("DE"), largest("FR"), largest("JP"));
    let mut out = String::from("city_a,country_a_iso2,city_b,country_b_iso2,geonameid_a,geonameid_b\n");
    let mut pair = |a: &jalin_domain::reference::City, b: &jalin_domain::reference::City| {
        out.push_str(&format!(
            "\"{}\",{},\"{}\",{},{},{}\n",
            a.name, a.country_iso2, b.name, b.country_iso2, a.geonameid, b.geonameid
        ));
    };
    for i in 0..30 {
        pair(de[i], fr[i]);
        pair(fr[i], jp[i]);
        pair(jp[i], de[i]);
        if i + 1 < 30 {
            pair(de[i], fr[i + 1]);
        }
    }
    out
}

#[tokio::test]
async fn eval_matching_reports_the_model_against_the_baselines() {
    let db = TestDb::sqlite().await;
    let dir = tempfile::tempdir().unwrap();
    let pairs = dir.path().join("pairs.csv");
    std::fs::write(&pairs, synthetic_pairs()).unwrap();
    let path = pairs.to_str().unwrap();
    let o = jalin(
        &db.url,
        &["dev", "eval-matching", "--pairs", path, "--folds", "3", "--seed", "7"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("graph: 119 partnerships between 90 places"), "{text}");
    for method in [
        "model",
        "random",
        "popular_in_preferred_countries",
        "nearest_population",
    ] {
        assert!(text.contains(&format!("| {method} |")), "{method}: {text}");
    }
    assert!(text.contains("model hit@50 / best baseline"), "{text}");

    // JSON, and the same numbers on a second run.
    let json = |args: &[&str]| {
        let o = jalin(&db.url, args);
        assert!(o.status.success(), "{}", stderr(&o));
        serde_json::from_str::<Value>(&stdout(&o)).unwrap()
    };
    let args = [
        "dev",
        "eval-matching",
        "--pairs",
        path,
        "--folds",
        "3",
        "--seed",
        "7",
        "--format",
        "json",
    ];
    let (a, b) = (json(&args), json(&args));
    assert_eq!(a["report"], b["report"], "deterministic");
    let results = a["report"]["results"].as_array().unwrap();
    assert_eq!(results.len(), 4);
    let model = &results[0][1];
    assert_eq!(results[0][0], "model");
    assert!(model["evaluated"].as_u64().unwrap() > 100, "{model}");
    assert!(
        model["hits_at_50"].as_u64().unwrap() > 0,
        "the model finds held-out pairs: {model}"
    );

    // Problems are reported plainly.
    let o = jalin(&db.url, &["dev", "eval-matching", "--pairs", "/nonexistent/pairs.csv"]);
    assert!(
        !o.status.success() && stderr(&o).contains("cannot read"),
        "{}",
        stderr(&o)
    );
    let o = jalin(&db.url, &["dev", "eval-matching", "--pairs", path, "--folds", "1"]);
    assert!(!o.status.success() && stderr(&o).contains("--folds"), "{}", stderr(&o));
    db.cleanup().await;
}
