//! The operator commands end to end: `jalin user`, `jalin token`, `jalin audit` and
//! `jalin case`, on SQLite and, when `JALIN_TEST_POSTGRES_URL` is set, on PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use jalin_testkit::{TestDbRef, each_backend};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

/// One database and a scratch directory the `jalin` processes run in (so that nothing they
/// write lands in the source tree).
struct Env {
    db: TestDbRef,
    dir: tempfile::TempDir,
}

impl Env {
    fn new(db: TestDbRef) -> Env {
        Env {
            db,
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_jalin"));
        c.env("JALIN_DATABASE_URL", &self.db.url)
            .env("RUST_LOG", "warn")
            .env_remove("JALIN_CONFIG")
            .current_dir(self.dir.path())
            .args(args);
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).stdin(Stdio::null()).output().expect("run jalin")
    }

    fn run_with_stdin(&self, args: &[&str], input: &str) -> Output {
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start jalin");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .expect("write stdin");
        child.wait_with_output().expect("run jalin")
    }

    /// Runs a command that must succeed; returns its standard output.
    fn ok(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert!(
            o.status.success(),
            "[{}] jalin {} failed ({}):\n{}",
            self.db.backend,
            args.join(" "),
            o.status,
            stderr(&o)
        );
        stdout(&o)
    }

    /// Runs a command that must fail; returns its standard error.
    fn fails(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert_failed(&o, args, self.db.backend);
        stderr(&o)
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn add_user(&self, email: &str, role: &str, region: Option<&str>) {
        let mut args = vec!["user", "add", email, "--role", role, "--password-stdin"];
        if let Some(r) = region {
            args.extend(["--region", r]);
        }
        let o = self.run_with_stdin(&args, "a long enough password\n");
        assert!(
            o.status.success(),
            "[{}] user add {email}: {}",
            self.db.backend,
            stderr(&o)
        );
    }

    /// The number of audit events `jalin audit verify` finds intact.
    fn audit_count(&self) -> i64 {
        let out = self.ok(&["audit", "verify"]);
        verified_count(&out)
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn assert_failed(o: &Output, args: &[&str], backend: &str) {
    assert!(
        !o.status.success() && o.status.code().is_some(),
        "[{backend}] jalin {} should fail, got {}:\n{}{}",
        args.join(" "),
        o.status,
        stdout(o),
        stderr(o)
    );
}

/// `audit trail intact: N event(s) verified` → N.
fn verified_count(out: &str) -> i64 {
    assert!(out.contains("intact"), "{out}");
    out.split_once("intact: ")
        .and_then(|(_, rest)| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count in {out:?}"))
}

fn list_line<'a>(list: &'a str, email: &str) -> &'a str {
    list.lines()
        .find(|l| l.split_whitespace().nth(1) == Some(email))
        .unwrap_or_else(|| panic!("{email} not in the list:\n{list}"))
}

#[tokio::test]
async fn users_are_added_listed_granted_and_revoked_and_bad_input_writes_nothing() {
    each_backend(|db| async move {
        let env = Env::new(db);
        let backend = env.db.backend;
        let email = "siti@kukarkab.go.id";
        let o = env.run_with_stdin(
            &[
                "user",
                "add",
                email,
                "--role",
                "regional_officer",
                "--region",
                "64.02",
                "--name",
                "Siti Rahmawati",
                "--password-stdin",
            ],
            "kutai kartanegara 2026\nsecond line is ignored\n",
        );
        assert!(o.status.success(), "[{backend}] {}", stderr(&o));
        let out = stdout(&o);
        assert!(
            out.contains(&format!("created {email} (regional_officer, region 64.02) id ")),
            "{out}"
        );

        let list = env.ok(&["user", "list"]);
        let line = list_line(&list, email);
        assert!(
            line.contains("regional_officer") && line.contains("64.02") && line.ends_with("active"),
            "{line}"
        );

        // The password is the first line of standard input.
        let app = env.db.app().await;
        let ctx = app.system_ctx("test");
        let login = app
            .accounts
            .login(&ctx, email, "kutai kartanegara 2026", None)
            .await
            .unwrap();
        assert!(login.is_ok(), "[{backend}] the password from stdin does not log in");

        let out = env.ok(&[
            "user",
            "grant",
            email,
            "--role",
            "regional_approver",
            "--region",
            "64.02",
        ]);
        assert!(
            out.contains(&format!("{email} is now regional_approver, region 64.02")),
            "{out}"
        );
        let list = env.ok(&["user", "list"]);
        let line = list_line(&list, email);
        assert!(line.contains("regional_approver") && line.contains("64.02"), "{line}");

        // Nothing is written by refused input: neither accounts nor audit events.
        let list_before = env.ok(&["user", "list"]);
        let events_before = env.audit_count();
        let refused_adds: &[(&[&str], &str)] = &[
            (&["--role", "chief_minister", "--region", "64.02"], "role"),
            (&["--role", "regional_officer"], "region_code"),
            (&["--role", "regional_officer", "--region", "64.99"], "region_code"),
            (&["--role", "regional_officer", "--region", "Kukar"], "region_code"),
            (&["--role", "province_officer", "--region", "64.02"], "region_code"),
            (&["--role", "kemendagri_reviewer", "--region", "64.02"], "region_code"),
            (&["--role", "public"], "role"),
        ];
        for (extra, field) in refused_adds {
            let mut args = vec!["user", "add", "budi@kukarkab.go.id"];
            args.extend_from_slice(extra);
            let err = env.fails(&args);
            assert!(
                err.contains(field),
                "[{backend}] {}: the message should name {field}: {err}",
                args.join(" ")
            );
        }
        // A bad address, a taken address, a short password.
        let err = env.fails(&["user", "add", "not-an-address", "--role", "administrator"]);
        assert!(err.contains("email"), "{err}");
        let err = env.fails(&["user", "add", email, "--role", "administrator"]);
        assert!(err.contains("email"), "{err}");
        let args = [
            "user",
            "add",
            "budi@kukarkab.go.id",
            "--role",
            "administrator",
            "--password-stdin",
        ];
        let o = env.run_with_stdin(&args, "short\n");
        assert_failed(&o, &args, backend);
        assert!(stderr(&o).contains("password"), "{}", stderr(&o));
        let o = env.run_with_stdin(&args, "");
        assert_failed(&o, &args, backend);
        assert!(stderr(&o).contains("password"), "{}", stderr(&o));

        let refused_grants: &[(&[&str], &str)] = &[
            (&["--role", "chief_minister", "--region", "64.02"], "role"),
            (&["--role", "regional_approver"], "region_code"),
            (&["--role", "regional_approver", "--region", "64.99"], "region_code"),
            (&["--role", "administrator", "--region", "64.02"], "region_code"),
        ];
        for (extra, field) in refused_grants {
            let mut args = vec!["user", "grant", email];
            args.extend_from_slice(extra);
            let err = env.fails(&args);
            assert!(
                err.contains(field),
                "[{backend}] {}: the message should name {field}: {err}",
                args.join(" ")
            );
        }
        let err = env.fails(&["user", "grant", "nobody@kukarkab.go.id", "--role", "administrator"]);
        assert!(err.contains("not found"), "{err}");
        let err = env.fails(&["user", "revoke", "nobody@kukarkab.go.id"]);
        assert!(err.contains("not found"), "{err}");

        assert_eq!(
            env.ok(&["user", "list"]),
            list_before,
            "[{backend}] refused input changed the accounts"
        );
        assert_eq!(
            env.audit_count(),
            events_before,
            "[{backend}] refused input wrote audit events"
        );

        let out = env.ok(&["user", "revoke", email]);
        assert!(out.contains(&format!("{email} is deactivated")), "{out}");
        let list = env.ok(&["user", "list"]);
        assert!(list_line(&list, email).ends_with("deactivated"), "{list}");
        assert_eq!(env.audit_count(), events_before + 1);
        // A deactivated account can neither sign in nor be acted for.
        let login = app
            .accounts
            .login(&ctx, email, "kutai kartanegara 2026", None)
            .await
            .unwrap();
        assert!(login.is_err(), "[{backend}] a deactivated user signed in");
        let err = env.fails(&["case", "list", "--as", email]);
        assert!(err.contains("deactivated"), "{err}");
    })
    .await;
}

#[tokio::test]
async fn tokens_print_their_secret_once_and_can_be_revoked() {
    each_backend(|db| async move {
        let env = Env::new(db);
        let backend = env.db.backend;
        let email = "ci@kukarkab.go.id";
        env.add_user(email, "regional_officer", Some("64.02"));

        let args = ["token", "create", email, "--name", "ci", "--scope", "read"];
        let o = env.run(&args);
        assert!(o.status.success(), "[{backend}] {}", stderr(&o));
        let out = stdout(&o);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 1, "[{backend}] stdout is the secret alone: {out:?}");
        let secret = lines[0].trim().to_owned();
        assert!(secret.starts_with("jalin_") && secret.len() > 30, "{secret}");
        let err = stderr(&o);
        assert!(err.contains("shown once") && !err.contains(&secret), "{err}");
        // `token <id> for <email>, expires …`
        let id = err
            .split_whitespace()
            .skip_while(|w| *w != "token")
            .nth(1)
            .unwrap_or_else(|| panic!("no token id in {err:?}"))
            .to_owned();
        assert!(id.parse::<uuid::Uuid>().is_ok(), "{id}");

        let app = env.db.app().await;
        let actor = app.accounts.authenticate_token(&secret).await.unwrap();
        let actor = actor.unwrap_or_else(|| panic!("[{backend}] the printed secret does not authenticate"));
        assert_eq!(actor.token_scopes, Some(vec![jalin_domain::account::TokenScope::Read]));

        // A second token has its own secret.
        let second = env.ok(&[
            "token", "create", email, "--name", "backup", "--scope", "read", "--scope", "write",
        ]);
        assert_ne!(second.trim(), secret);

        let events = env.audit_count();
        let err = env.fails(&["token", "create", email, "--name", "ci", "--scope", "sudo"]);
        assert!(err.contains("--scope") && err.contains("sudo"), "{err}");
        let err = env.fails(&["token", "create", email, "--name", "ci", "--scope", "admin"]);
        assert!(err.contains("scopes"), "{err}");
        let err = env.fails(&[
            "token", "create", email, "--name", "ci", "--scope", "read", "--days", "0",
        ]);
        assert!(err.contains("valid_days"), "{err}");
        let err = env.fails(&["token", "create", email, "--name", "ci"]);
        assert!(err.contains("--scope"), "{err}");
        let err = env.fails(&[
            "token",
            "create",
            "nobody@kukarkab.go.id",
            "--name",
            "ci",
            "--scope",
            "read",
        ]);
        assert!(err.contains("not found"), "{err}");
        assert_eq!(
            env.audit_count(),
            events,
            "[{backend}] refused tokens wrote audit events"
        );

        let out = env.ok(&["token", "revoke", &id]);
        assert!(out.contains(&format!("token {id} revoked")), "{out}");
        assert!(
            app.accounts.authenticate_token(&secret).await.unwrap().is_none(),
            "[{backend}] a revoked token still authenticates"
        );
        let err = env.fails(&["token", "revoke", &uuid::Uuid::now_v7().to_string()]);
        assert!(err.contains("not found"), "{err}");
        let err = env.fails(&["token", "revoke", "not-a-token-id"]);
        assert!(err.contains("not found"), "{err}");
    })
    .await;
}

#[tokio::test]
async fn audit_verify_detects_an_edited_event() {
    each_backend(|db| async move {
        let env = Env::new(db);
        let backend = env.db.backend;
        env.add_user("a@kukarkab.go.id", "regional_officer", Some("64.02"));
        env.add_user("b@kukarkab.go.id", "regional_approver", Some("64.02"));
        env.ok(&[
            "user",
            "grant",
            "a@kukarkab.go.id",
            "--role",
            "regional_approver",
            "--region",
            "64.02",
        ]);
        env.ok(&["user", "revoke", "b@kukarkab.go.id"]);
        let out = env.ok(&["audit", "verify"]);
        let count = verified_count(&out);
        assert!(count >= 4, "[{backend}] {out}");

        assert_eq!(
            env.db
                .execute("UPDATE audit_events SET actor = 'user:mallory@x' WHERE seq = 2")
                .await,
            1
        );
        let o = env.run(&["audit", "verify"]);
        assert_eq!(o.status.code(), Some(1), "[{backend}] {}{}", stdout(&o), stderr(&o));
        let err = stderr(&o);
        assert!(err.contains("BROKEN at event 2"), "{err}");
        assert!(err.contains("1 event(s) before it verified"), "{err}");
        assert!(!stdout(&o).contains("intact"));
    })
    .await;
}

#[tokio::test]
async fn audit_verify_detects_a_removed_newest_event() {
    each_backend(|db| async move {
        let env = Env::new(db);
        let backend = env.db.backend;
        env.add_user("a@kukarkab.go.id", "regional_officer", Some("64.02"));
        env.add_user("b@kukarkab.go.id", "regional_approver", Some("64.02"));
        env.ok(&["user", "revoke", "b@kukarkab.go.id"]);
        let count = env.audit_count();
        assert!(count >= 3);

        assert_eq!(
            env.db
                .execute("DELETE FROM audit_events WHERE seq = (SELECT MAX(seq) FROM audit_events)")
                .await,
            1
        );
        let o = env.run(&["audit", "verify"]);
        assert_eq!(o.status.code(), Some(1), "[{backend}] {}{}", stdout(&o), stderr(&o));
        let err = stderr(&o);
        assert!(err.contains(&format!("BROKEN at event {count}")), "{err}");
        assert!(err.contains("missing"), "{err}");
    })
    .await;
}

const KITAKYUSHU: i64 = 1_859_307;
const TEL_AVIV: i64 = 293_397;

/// The body of POST /api/v1/cases for a sister-city case of Kutai Kartanegara.
fn kukar_case(geonameid: i64) -> serde_json::Value {
    serde_json::json!({
        "form": "KSDPL",
        "subtype": "sister_city",
        "region_code": "64.02",
        "partner": {"geonameid": geonameid},
        "title_id": "Kerja Sama Kabupaten Kembar Kutai Kartanegara dan Kitakyushu",
        "title_en": "Sister city cooperation Kutai Kartanegara–Kitakyushu",
        "objects": ["cultural_exchange", "government_capacity"],
        "fields": ["2.11", "3.26"],
        "sdgs": ["11.6"],
        "declarations": {
            "opens_representative_office": false,
            "plan_links": ["RPJMD Kutai Kartanegara 2021–2026, Misi 3"],
            "complementarity": "Kitakyushu's environmental technology; Kutai Kartanegara's forest and river tourism.",
            "people_to_people": "Student exchanges and a yearly cultural festival."
        }
    })
}

/// The body of POST /api/v1/eligibility for the same proposal.
fn kukar_proposal(geonameid: i64) -> serde_json::Value {
    let mut v = kukar_case(geonameid);
    let o = v.as_object_mut().unwrap();
    for key in ["title_id", "title_en", "sdgs"] {
        o.remove(key);
    }
    v
}

#[tokio::test]
async fn a_case_is_opened_shown_and_advanced_from_the_command_line() {
    each_backend(|db| async move {
        let env = Env::new(db);
        let backend = env.db.backend;
        let officer = "officer@kukarkab.go.id";
        let approver = "approver@kukarkab.go.id";
        let stranger = "officer@paserkab.go.id";
        env.add_user(officer, "regional_officer", Some("64.02"));
        env.add_user(approver, "regional_approver", Some("64.02"));
        env.add_user(stranger, "regional_officer", Some("64.01"));

        let file = env.write("case.json", &kukar_case(KITAKYUSHU).to_string());
        let out = env.ok(&["case", "new", file.to_str().unwrap(), "--as", officer, "--json"]);
        let view: serde_json::Value =
            serde_json::from_str(&out).unwrap_or_else(|e| panic!("[{backend}] not JSON ({e}): {out}"));
        let id = view["case"]["id"].as_str().unwrap().to_owned();
        assert_eq!(view["stage"]["code"], "prakarsa");
        assert_eq!(view["procedure"]["code"], "luar_negeri_pmdn25");

        let out = env.ok(&["case", "show", &id, "--as", officer]);
        assert!(out.contains(&format!("case {id}")), "{out}");
        assert!(out.contains("stage prakarsa"), "{out}");
        assert!(out.contains("mulai_penjajakan"), "{out}");
        let out = env.ok(&["case", "show", &id, "--as", approver, "--json"]);
        let shown: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(shown["stage"]["code"], "prakarsa");
        assert!(env.ok(&["case", "list", "--as", officer]).contains(&id));

        // Without the letter of interest the step is refused, with the article that asks for it.
        let o = env.run(&["case", "advance", &id, "mulai_penjajakan", "--as", officer]);
        assert_failed(&o, &["case", "advance"], backend);
        let err = stderr(&o);
        assert!(err.contains("refused") && err.contains("Pasal"), "{err}");
        assert!(err.contains("surat_minat") || err.contains("minat"), "{err}");
        let out = env.ok(&["case", "show", &id, "--as", officer, "--json"]);
        let shown: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(shown["stage"]["code"], "prakarsa", "a refused step moved the case");

        // A malformed value is refused before anything happens.
        let err = env.fails(&[
            "case",
            "advance",
            &id,
            "mulai_penjajakan",
            "--doc",
            "surat_minat:123/2026",
            "--data",
            "no-equals-sign",
            "--as",
            officer,
        ]);
        assert!(err.contains("--data"), "{err}");

        let out = env.ok(&[
            "case",
            "advance",
            &id,
            "mulai_penjajakan",
            "--doc",
            "surat_minat:123/2026",
            "--as",
            officer,
        ]);
        assert!(out.contains("stage penjajakan"), "{out}");
        let out = env.ok(&["case", "show", &id, "--as", officer]);
        assert!(out.contains("stage penjajakan"), "{out}");
        assert!(out.contains("surat_minat 123/2026"), "{out}");
        assert!(out.contains("mulai_penjajakan → penjajakan"), "{out}");

        // The officer may not take the approver's step.
        let err = env.fails(&[
            "case",
            "advance",
            &id,
            "ajukan_konsultasi",
            "--doc",
            "kajian",
            "--doc",
            "surat_konsultasi_menteri",
            "--as",
            officer,
        ]);
        assert!(err.contains("refused"), "{err}");

        // Another region's officer sees nothing of the case.
        let err = env.fails(&["case", "show", &id, "--as", stranger]);
        assert!(err.contains("forbidden") || err.contains("scope"), "[{backend}] {err}");
        let err = env.fails(&[
            "case",
            "advance",
            &id,
            "ajukan_konsultasi",
            "--doc",
            "kajian",
            "--as",
            stranger,
        ]);
        assert!(err.contains("forbidden") || err.contains("scope"), "{err}");
        assert!(!env.ok(&["case", "list", "--as", stranger]).contains(&id));
        assert!(
            env.fails(&["case", "show", &id, "--as", "nobody@kukarkab.go.id"])
                .contains("not found")
        );

        // Eligibility of a proposal: a partner in Israel fails P1.
        let proposal = env.write("proposal.json", &kukar_proposal(TEL_AVIV).to_string());
        let out = env.ok(&["case", "check", proposal.to_str().unwrap(), "--as", officer]);
        assert!(out.contains("eligible: NO"), "{out}");
        let p1 = out
            .lines()
            .find(|l| l.trim_start().starts_with("P1 "))
            .unwrap_or_else(|| panic!("no P1 in {out}"));
        assert!(p1.contains("Fail"), "{p1}");
        let out = env.ok(&["case", "check", proposal.to_str().unwrap(), "--as", officer, "--json"]);
        let report: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(report["eligible"], false);
        let p1 = report["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["rule"] == "P1")
            .unwrap();
        assert_eq!(p1["outcome"], "fail", "{p1}");
        // The same proposal with Kitakyushu passes P1.
        let good = env.write("good.json", &kukar_proposal(KITAKYUSHU).to_string());
        let out = env.ok(&["case", "check", good.to_str().unwrap(), "--as", approver, "--json"]);
        let report: serde_json::Value = serde_json::from_str(&out).unwrap();
        let p1 = report["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["rule"] == "P1")
            .unwrap();
        assert_eq!(p1["outcome"], "pass", "{p1}");
        // An open case by id.
        let out = env.ok(&["case", "check", &id, "--as", officer]);
        assert!(out.contains("P1"), "{out}");

        let out = env.ok(&["case", "tick"]);
        assert!(out.contains("step(s) fired by timers"), "{out}");

        // Every change went into an intact audit trail.
        let out = env.ok(&["audit", "verify"]);
        assert!(verified_count(&out) > 0);
        let out = env.ok(&["audit", "show", "--case", &id]);
        assert!(out.contains(&format!("user:{officer}")), "{out}");
    })
    .await;
}

/// `jalin case check FILE` documents that without `--as` it runs as the system operator, but
/// the policy table (`crates/domain/src/authz.rs`) gives the `system` role no
/// `eligibility.evaluate`, so the operator is refused what even the public may do.
#[tokio::test]
async fn case_check_without_as_runs_as_the_operator() {
    each_backend(|db| async move {
        let env = Env::new(db);
        let proposal = env.write("proposal.json", &kukar_proposal(TEL_AVIV).to_string());
        let out = env.ok(&["case", "check", proposal.to_str().unwrap()]);
        assert!(out.contains("eligible: NO"), "{out}");
    })
    .await;
}

// Issue 13, defect 9: the command line may not remove the last administrator either.
#[tokio::test]
async fn the_last_administrator_stays_on_the_command_line() {
    each_backend(|db| async move {
        let env = Env::new(db);
        let backend = env.db.backend;
        env.add_user("root@kemendagri.go.id", "administrator", None);
        let err = env.fails(&["user", "revoke", "root@kemendagri.go.id"]);
        assert!(err.contains("last_administrator"), "[{backend}] {err}");
        let err = env.fails(&[
            "user",
            "grant",
            "root@kemendagri.go.id",
            "--role",
            "kemendagri_reviewer",
        ]);
        assert!(err.contains("last_administrator"), "[{backend}] {err}");
        env.add_user("second@kemendagri.go.id", "administrator", None);
        env.ok(&["user", "revoke", "root@kemendagri.go.id"]);
        let list = env.ok(&["user", "list"]);
        assert!(
            list_line(&list, "second@kemendagri.go.id").ends_with(" active"),
            "{list}"
        );
    })
    .await;
}
