//! `jalin case …`: the procedure from the command line, mirroring the API. Steps are taken
//! on behalf of a user (`--as EMAIL`), whose role and region decide what is allowed, as in
//! the web application.

use crate::commands::open_app;
use crate::settings::Settings;
use anyhow::{Context, bail};
use clap::Subcommand;
use jalin_app::cases::{
    CaseInput, CaseView, DecisionInput, DocumentInput, EligibilityReport, ProposalInput, TransitionInput,
};
use jalin_app::ctx::{Actor, Ctx};
use jalin_app::ports::store::{CaseFilter, Page};
use jalin_app::{App, AppError};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Subcommand, Debug)]
pub enum CaseCommand {
    /// Open a case from a JSON file shaped like the body of POST /api/v1/cases ("-" reads
    /// standard input).
    New {
        file: PathBuf,
        /// Act as this user (e-mail or id); without it, as the system operator.
        #[arg(long = "as")]
        as_user: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Show a case: stage, who holds the ball, steps offered and what they miss, timers,
    /// requirements, documents, history.
    Show {
        id: String,
        #[arg(long = "as")]
        as_user: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// List cases.
    List {
        #[arg(long = "as")]
        as_user: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
    /// Take a procedure step.
    Advance {
        id: String,
        /// The transition code (see `jalin case show`).
        transition: String,
        /// A document sent with the step: KIND[:NUMBER[:YYYY-MM-DD]] (repeatable).
        #[arg(long = "doc")]
        documents: Vec<String>,
        /// A value the step records: KEY=VALUE (repeatable).
        #[arg(long = "data")]
        data: Vec<String>,
        #[arg(long)]
        note: Option<String>,
        #[arg(long = "as")]
        as_user: String,
        #[arg(long)]
        json: bool,
    },
    /// Attest (pass/fail) or waive a requirement.
    Decide {
        id: String,
        rule: String,
        /// pass, fail or waived.
        outcome: String,
        #[arg(long)]
        reason: Option<String>,
        #[arg(long = "as")]
        as_user: String,
    },
    /// Evaluate the eligibility rules: for a proposal in a JSON file (the body of
    /// POST /api/v1/eligibility), or for an open case by id.
    Check {
        target: String,
        #[arg(long = "as")]
        as_user: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Run the timers now (deadlines, deemed approvals, expiry, alerts, due e-mail digests),
    /// as `serve` does periodically; the mail itself leaves through `serve`'s job queue.
    Tick,
}

async fn ctx_for(app: &App, as_user: Option<&str>) -> anyhow::Result<Ctx> {
    Ok(match as_user {
        Some(u) => app.ctx(
            Actor::User(app.accounts.act_as(u).await?),
            uuid::Uuid::now_v7().to_string(),
        ),
        None => app.system_ctx("cli"),
    })
}

fn read_json<T: serde::de::DeserializeOwned>(file: &Path) -> anyhow::Result<T> {
    let text = if file == Path::new("-") {
        std::io::read_to_string(std::io::stdin()).context("cannot read standard input")?
    } else {
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?
    };
    serde_json::from_str(&text).with_context(|| format!("{} does not fit the expected JSON", file.display()))
}

/// Refusals and validation errors as readable lines.
fn explain(e: AppError) -> anyhow::Error {
    match e {
        AppError::Refused(reasons) => {
            for r in &reasons {
                eprintln!("refused: {} / {} ({})", r.message_id, r.message_en, r.article);
            }
            anyhow::anyhow!("the step was refused for {} reason(s) listed above", reasons.len())
        }
        AppError::Invalid(errors) => {
            for e in &errors.0 {
                eprintln!("invalid {}: {}", e.field, e.message);
            }
            anyhow::anyhow!("invalid input ({} problem(s) listed above)", errors.0.len())
        }
        other => anyhow::Error::new(other),
    }
}

fn print_view(view: &CaseView, json: bool) -> anyhow::Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(view)?);
        return Ok(());
    }
    let c = &view.case;
    println!("case {}  (version {})", c.id, c.version);
    println!("  {} · {} {} · region {}", c.title_id, c.form, c.subtype, c.region_code);
    println!(
        "  procedure {} v{} ({})",
        view.procedure.code, view.procedure.version, view.procedure.legal_basis
    );
    println!(
        "  stage {}: {} — held by {} [{}]",
        view.stage.code, view.stage.label_id, view.stage.holder_label_id, view.stage.article
    );
    if let Some(a) = c.agreement_id {
        println!("  registry agreement {a}");
    }
    for t in &view.timers {
        println!(
            "  timer {}: deadline {}{} [{}]",
            t.label_id,
            t.deadline
                .map(|d| d.to_string())
                .unwrap_or_else(|| "not started".into()),
            if t.expired { " (passed)" } else { "" },
            t.article
        );
    }
    println!("  next steps:");
    for s in &view.next_steps {
        let roles: Vec<&str> = s.roles.iter().map(|r| r.as_str()).collect();
        println!(
            "    {} → {}  ({}; {}) [{}]",
            s.transition,
            s.to,
            roles.join(", "),
            if s.ready { "ready" } else { "missing something" },
            s.article
        );
        for m in &s.missing {
            println!("      - {} ({})", m.message_id, m.article);
        }
    }
    println!("  requirements:");
    for r in &view.requirements {
        println!(
            "    {:<14} {:<12} {} [{}]",
            r.rule.as_str(),
            format!("{:?}", r.outcome),
            r.explanation_id,
            r.article
        );
    }
    println!("  documents:");
    for d in &view.documents {
        println!(
            "    {} {} {}",
            d.kind.as_str(),
            d.number.as_deref().unwrap_or("-"),
            d.title
        );
    }
    println!("  history:");
    for e in &view.history {
        println!(
            "    {:>3} {} {} {} → {} {}",
            e.seq,
            e.at.date(),
            e.actor,
            e.transition
                .as_deref()
                .or(e.rule.map(|r| r.as_str()))
                .unwrap_or("opened"),
            e.to_state.as_deref().unwrap_or("-"),
            e.note.as_deref().unwrap_or("")
        );
    }
    Ok(())
}

fn print_report(report: &EligibilityReport, json: bool) -> anyhow::Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(report)?);
        return Ok(());
    }
    println!(
        "eligible: {}",
        if report.eligible {
            "yes (no requirement fails)"
        } else {
            "NO"
        }
    );
    for r in &report.results {
        println!(
            "  {:<14} {:<12} {} [{}]",
            r.rule.as_str(),
            format!("{:?}", r.outcome),
            r.explanation_id,
            r.article
        );
        println!("  {:<27} {}", "", r.explanation_en);
    }
    Ok(())
}

fn parse_document(spec: &str) -> DocumentInput {
    let mut parts = spec.splitn(3, ':');
    DocumentInput {
        kind: parts.next().unwrap_or_default().to_owned(),
        title: None,
        number: parts.next().filter(|s| !s.is_empty()).map(str::to_owned),
        issued_on: parts.next().filter(|s| !s.is_empty()).map(str::to_owned),
        ..DocumentInput::default()
    }
}

fn parse_data(pairs: &[String]) -> anyhow::Result<BTreeMap<String, String>> {
    pairs
        .iter()
        .map(|p| match p.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_owned(), v.to_owned())),
            _ => bail!("--data takes KEY=VALUE, not '{p}'"),
        })
        .collect()
}

pub async fn run(settings: &Settings, command: CaseCommand) -> anyhow::Result<()> {
    let app = open_app(settings).await?;
    match command {
        CaseCommand::New { file, as_user, json } => {
            let input: CaseInput = read_json(&file)?;
            let ctx = ctx_for(&app, as_user.as_deref()).await?;
            let view = app.cases.open_case(&ctx, &input).await.map_err(explain)?;
            print_view(&view, json)?;
        }
        CaseCommand::Show { id, as_user, json } => {
            let ctx = ctx_for(&app, as_user.as_deref()).await?;
            print_view(&app.cases.get_case(&ctx, &id).await.map_err(explain)?, json)?;
        }
        CaseCommand::List { as_user, limit } => {
            let ctx = ctx_for(&app, as_user.as_deref()).await?;
            let listing = app
                .cases
                .list_cases(&ctx, CaseFilter::default(), Page::new(Some(limit), None))
                .await?;
            for s in listing.items {
                println!(
                    "{}  {:<6} {:<28} {:<7} {}{}",
                    s.case.id,
                    s.case.region_code,
                    s.stage.code,
                    s.case.form,
                    s.case.title_id,
                    s.next_deadline.map(|d| format!("  (deadline {d})")).unwrap_or_default()
                );
            }
            eprintln!("{} case(s) in all", listing.total);
        }
        CaseCommand::Advance {
            id,
            transition,
            documents,
            data,
            note,
            as_user,
            json,
        } => {
            let ctx = ctx_for(&app, Some(&as_user)).await?;
            let input = TransitionInput {
                transition,
                documents: documents.iter().map(|d| parse_document(d)).collect(),
                data: parse_data(&data)?,
                note,
                expected_version: None,
                declarations: None,
            };
            print_view(
                &app.cases.transition_case(&ctx, &id, &input).await.map_err(explain)?,
                json,
            )?;
        }
        CaseCommand::Decide {
            id,
            rule,
            outcome,
            reason,
            as_user,
        } => {
            let ctx = ctx_for(&app, Some(&as_user)).await?;
            let input = DecisionInput {
                rule,
                outcome,
                reason,
                expected_version: None,
            };
            print_view(
                &app.cases.decide_requirement(&ctx, &id, &input).await.map_err(explain)?,
                false,
            )?;
        }
        CaseCommand::Check { target, as_user, json } => {
            let ctx = ctx_for(&app, as_user.as_deref()).await?;
            if Path::new(&target).is_file() || target == "-" {
                let input: ProposalInput = read_json(Path::new(&target))?;
                print_report(&app.cases.evaluate_proposal(&ctx, &input).await.map_err(explain)?, json)?;
            } else {
                let view = app.cases.get_case(&ctx, &target).await.map_err(explain)?;
                let report = EligibilityReport {
                    eligible: !view
                        .requirements
                        .iter()
                        .any(|r| r.outcome == jalin_domain::eligibility::Outcome::Fail),
                    procedure: Some(view.procedure.clone()),
                    results: view.requirements.clone(),
                };
                print_report(&report, json)?;
            }
        }
        CaseCommand::Tick => {
            let report = app.cases.run_timers().await?;
            let reminders = app.monitoring.run_sweep().await? + app.monitoring.dormancy_sweep().await?;
            let digests = app.notifications.queue_digests().await?;
            println!(
                "{} step(s) fired by timers, {} alert(s) raised, {} agreement(s) expired, {} digest(s) queued",
                report.fired.len(),
                report.alerts_raised + reminders,
                report.agreements_expired,
                digests
            );
            for f in report.fired {
                println!("  {f}");
            }
        }
    }
    Ok(())
}
