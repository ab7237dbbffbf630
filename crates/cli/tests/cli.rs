//! The `jalin` binary end to end: configuration, import/export, generation and serving.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use jalin_testkit::TestDb;
use std::process::{Command, Output};

fn jalin(url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jalin"))
        .env("JALIN_DATABASE_URL", url)
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

#[test]
fn config_default_is_printed() {
    let o = jalin("sqlite://unused.db", &["config", "default"]);
    assert!(o.status.success());
    let text = stdout(&o);
    assert!(text.contains("addr = \"127.0.0.1:8080\""));
    assert!(text.contains("JALIN_DATABASE_URL"));
}

#[test]
fn a_bad_config_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("jalin.toml");
    std::fs::write(&path, "[server]\nport = 80\n").unwrap();
    let o = jalin("sqlite://unused.db", &["--config", path.to_str().unwrap(), "migrate"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("invalid configuration file"), "{}", stderr(&o));
}

#[tokio::test]
async fn generate_export_import_export_round_trips_and_bad_files_change_nothing() {
    let source = TestDb::sqlite().await;
    let target = TestDb::sqlite().await;
    let dir = tempfile::tempdir().unwrap();
    let o = jalin(&source.url, &["dev", "generate", "--agreements", "300", "--seed", "5"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("generated 300 agreement(s)"));

    for format in ["csv", "json"] {
        let first = dir.path().join(format!("first.{format}"));
        let second = dir.path().join(format!("second.{format}"));
        let o = jalin(
            &source.url,
            &[
                "export",
                "agreements",
                "--format",
                format,
                "--output",
                first.to_str().unwrap(),
            ],
        );
        assert!(o.status.success(), "{}", stderr(&o));
        let o = jalin(
            &target.url,
            &["import", "agreements", first.to_str().unwrap(), "--mode", "replace"],
        );
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(stdout(&o).contains("imported 300 agreement(s)"), "{}", stdout(&o));
        let o = jalin(
            &target.url,
            &[
                "export",
                "agreements",
                "--format",
                format,
                "--output",
                second.to_str().unwrap(),
            ],
        );
        assert!(o.status.success());
        assert!(
            std::fs::read(&first).unwrap() == std::fs::read(&second).unwrap(),
            "{format}: export → import → export differs"
        );
    }

    // An invalid row rejects the file, names row and column, and writes nothing.
    let good = std::fs::read_to_string(dir.path().join("first.csv")).unwrap();
    let mut lines: Vec<String> = good.lines().map(str::to_owned).collect();
    lines[3] = lines[3].replacen("KSD", "KSX", 1);
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, lines.join("\n")).unwrap();
    let empty = TestDb::sqlite().await;
    let o = jalin(&empty.url, &["import", "agreements", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("row 3, column form"), "{err}");
    assert!(err.contains("nothing was written"));
    let o = jalin(&empty.url, &["export", "agreements", "--format", "json"]);
    assert_eq!(stdout(&o).trim(), "[]");

    let o = jalin(
        &empty.url,
        &[
            "import",
            "agreements",
            dir.path().join("first.csv").to_str().unwrap(),
            "--dry-run",
        ],
    );
    assert!(o.status.success());
    assert!(stdout(&o).contains("dry run: 300 agreement(s)"));
    assert_eq!(
        stdout(&jalin(&empty.url, &["export", "agreements", "--format", "json"])).trim(),
        "[]"
    );

    let o = jalin(&empty.url, &["import", "agreements", "/nonexistent/file.csv"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("cannot read"));
    let o = jalin(
        &empty.url,
        &["import", "agreements", bad.with_extension("txt").to_str().unwrap()],
    );
    assert!(stderr(&o).contains("--format"));
}

#[tokio::test]
async fn serve_answers_and_stops_on_sigterm() {
    let db = TestDb::sqlite().await;
    let dir = tempfile::tempdir().unwrap();
    let port_file = dir.path().join("addr");
    // The server binds port 0 itself and reports the address: no window in which another
    // process could take a port chosen for it.
    let mut child = Command::new(env!("CARGO_BIN_EXE_jalin"))
        .env("JALIN_DATABASE_URL", &db.url)
        .env("RUST_LOG", "warn")
        .current_dir(dir.path())
        .args(["serve", "--addr", "127.0.0.1:0", "--port-file"])
        .arg(&port_file)
        .spawn()
        .unwrap();
    let mut addr = None;
    for _ in 0..300 {
        if let Ok(text) = std::fs::read_to_string(&port_file) {
            addr = Some(text.trim().to_owned());
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let Some(addr) = addr else {
        let _ = child.kill();
        panic!("the server did not report its address");
    };
    assert!(addr.starts_with("127.0.0.1:") && !addr.ends_with(":0"), "{addr}");
    let r = reqwest::get(format!("http://{addr}/healthz")).await.unwrap();
    assert_eq!(r.text().await.unwrap(), "{\"status\":\"ok\"}");
    let pid = child.id().to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let status = child.wait().unwrap();
    assert!(status.success(), "graceful shutdown exits 0, got {status}");
}

#[tokio::test]
async fn json_logs_carry_each_request_s_id() {
    let db = TestDb::sqlite().await;
    let dir = tempfile::tempdir().unwrap();
    let port_file = dir.path().join("addr");
    let child = Command::new(env!("CARGO_BIN_EXE_jalin"))
        .env("JALIN_DATABASE_URL", &db.url)
        .env("RUST_LOG", "info")
        .env("JALIN_LOG_FORMAT", "json")
        .current_dir(dir.path())
        .args(["serve", "--addr", "127.0.0.1:0", "--port-file"])
        .arg(&port_file)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut addr = None;
    for _ in 0..300 {
        if let Ok(text) = std::fs::read_to_string(&port_file) {
            addr = Some(text.trim().to_owned());
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let pid = child.id().to_string();
    let Some(addr) = addr else {
        let _ = Command::new("kill").args(["-KILL", &pid]).status();
        panic!("the server did not report its address");
    };
    let r = reqwest::Client::new()
        .get(format!("http://{addr}/api/v1/regions?limit=1"))
        .header("x-request-id", "req-json-log-7")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["x-request-id"], "req-json-log-7");
    assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let log = stderr(&output);
    let lines: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON line ({e}): {l}")))
        .collect();
    let answered = lines
        .iter()
        .find(|l| l["span"]["request_id"] == "req-json-log-7")
        .unwrap_or_else(|| panic!("no line of the request: {log}"));
    assert_eq!(answered["span"]["route"], "/api/v1/regions", "{answered}");
    assert_eq!(answered["span"]["method"], "GET", "{answered}");
    assert_eq!(answered["fields"]["status"], 200, "{answered}");
}
