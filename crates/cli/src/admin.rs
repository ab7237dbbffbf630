//! Operator commands for accounts, API tokens and the audit trail. They act as the system
//! operator (`system:cli`), and every change they make is in the audit trail.

use crate::commands::open_app;
use crate::settings::Settings;
use anyhow::{Context, bail};
use clap::Subcommand;
use jalin_app::accounts::UserInput;
use jalin_app::ports::store::Page;
use jalin_domain::account::TokenScope;
use std::io::Read;

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Create an account. Without a password the user sets one through a reset link.
    Add {
        email: String,
        /// public roles are not accounts; one of: regional_officer, regional_approver,
        /// province_officer, kemendagri_reviewer, kemlu_reviewer, partner_guest, administrator.
        #[arg(long)]
        role: String,
        /// Region (regional roles, e.g. 64.02) or province (province officers, e.g. 64).
        #[arg(long)]
        region: Option<String>,
        #[arg(long)]
        name: Option<String>,
        /// Read the password from standard input (first line).
        #[arg(long)]
        password_stdin: bool,
    },
    /// Give a user another role (and region); their sessions end.
    Grant {
        email: String,
        #[arg(long)]
        role: String,
        #[arg(long)]
        region: Option<String>,
    },
    /// Deactivate a user: sessions end and API tokens are revoked.
    Revoke { email: String },
    /// List accounts.
    List,
    /// Set a user's password (read from standard input); their sessions end.
    Passwd { email: String },
    /// Invite a foreign-partner guest to a case.
    Invite {
        email: String,
        #[arg(long)]
        case: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum TokenCommand {
    /// Create an API token for a user; the secret is printed once.
    Create {
        email: String,
        /// What uses the token.
        #[arg(long)]
        name: String,
        /// read, write or admin (repeat for several).
        #[arg(long = "scope", required = true)]
        scopes: Vec<String>,
        /// Days until it expires (1–730, default 90).
        #[arg(long)]
        days: Option<i64>,
    },
    /// Revoke a token by id.
    Revoke { id: String },
}

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// Check the whole hash chain; exit code 1 and the first broken link if it is broken.
    Verify,
    /// Show audit events of a case or of a user, newest first.
    Show {
        #[arg(long, conflicts_with = "user")]
        case: Option<String>,
        /// User id or e-mail address.
        #[arg(long)]
        user: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
}

fn read_password() -> anyhow::Result<String> {
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .context("cannot read the password from standard input")?;
    let line = text.lines().next().unwrap_or_default().to_owned();
    if line.is_empty() {
        bail!("no password on standard input");
    }
    Ok(line)
}

pub async fn user(settings: &Settings, command: UserCommand) -> anyhow::Result<()> {
    let app = open_app(settings).await?;
    let ctx = app.system_ctx("cli");
    match command {
        UserCommand::Add {
            email,
            role,
            region,
            name,
            password_stdin,
        } => {
            let password = if password_stdin { Some(read_password()?) } else { None };
            let input = UserInput {
                email: Some(email),
                name,
                role: Some(role),
                region_code: region,
                password,
            };
            let user = app.accounts.create_user(&ctx, &input).await?;
            println!(
                "created {} ({}{}) id {}",
                user.email,
                user.role,
                region_suffix(&user.region_code),
                user.id
            );
        }
        UserCommand::Grant { email, role, region } => {
            let user = app.accounts.grant(&ctx, &email, &role, region.as_deref()).await?;
            println!(
                "{} is now {}{}",
                user.email,
                user.role,
                region_suffix(&user.region_code)
            );
        }
        UserCommand::Revoke { email } => {
            let user = app.accounts.revoke_user(&ctx, &email).await?;
            println!("{} is deactivated; sessions ended, tokens revoked", user.email);
        }
        UserCommand::List => {
            for u in app.accounts.list_users(&ctx).await? {
                println!(
                    "{:<36} {:<32} {:<20} {:<6} {}",
                    u.id,
                    u.email,
                    u.role.as_str(),
                    u.region_code.as_ref().map(|r| r.as_str()).unwrap_or("-"),
                    if u.active { "active" } else { "deactivated" }
                );
            }
        }
        UserCommand::Passwd { email } => {
            let password = read_password()?;
            app.accounts.set_password(&ctx, &email, &password).await?;
            println!("password of {email} set; their sessions ended");
        }
        UserCommand::Invite { email, case } => {
            app.accounts.invite_guest(&ctx, &email, &case).await?;
            println!("{email} may now read case {case}");
        }
    }
    Ok(())
}

fn region_suffix(region: &Option<jalin_domain::codes::RegionCode>) -> String {
    region.as_ref().map(|r| format!(", region {r}")).unwrap_or_default()
}

pub async fn token(settings: &Settings, command: TokenCommand) -> anyhow::Result<()> {
    let app = open_app(settings).await?;
    let ctx = app.system_ctx("cli");
    match command {
        TokenCommand::Create {
            email,
            name,
            scopes,
            days,
        } => {
            let scopes = scopes
                .iter()
                .map(|s| {
                    s.parse::<TokenScope>()
                        .map_err(|e| anyhow::anyhow!("--scope: {}", e.message))
                })
                .collect::<anyhow::Result<Vec<_>>>()?;
            let (token, secret) = app
                .accounts
                .create_token(&ctx, Some(&email), &name, &scopes, days)
                .await?;
            eprintln!(
                "token {} for {email}, expires {}; the secret is shown once:",
                token.id,
                token
                    .expires_at
                    .map(|e| e.date().to_string())
                    .unwrap_or_else(|| "never".into())
            );
            println!("{secret}");
        }
        TokenCommand::Revoke { id } => {
            app.accounts.revoke_token(&ctx, &id).await?;
            println!("token {id} revoked");
        }
    }
    Ok(())
}

/// Returns whether the chain is intact (the caller turns a broken chain into exit code 1).
pub async fn audit(settings: &Settings, command: AuditCommand) -> anyhow::Result<bool> {
    let app = open_app(settings).await?;
    let ctx = app.system_ctx("cli");
    match command {
        AuditCommand::Verify => {
            let report = app.audit.verify_audit(&ctx).await?;
            match (report.broken_at, report.reason) {
                (Some(seq), reason) => {
                    eprintln!(
                        "audit trail BROKEN at event {seq}: {}; {} event(s) before it verified",
                        reason.unwrap_or_default(),
                        report.checked
                    );
                    return Ok(false);
                }
                (None, _) => println!("audit trail intact: {} event(s) verified", report.checked),
            }
        }
        AuditCommand::Show { case, user, limit } => {
            let page = Page::new(Some(limit), None);
            let listing = match (case, user) {
                (Some(c), _) => app.audit.case_audit(&ctx, &c, page).await?,
                (None, Some(u)) => {
                    let user = app.accounts.get_user(&ctx, &u).await?;
                    app.audit.user_audit(&ctx, &user.id.to_string(), page).await?
                }
                (None, None) => bail!("name --case ID or --user EMAIL"),
            };
            for e in listing.items {
                println!(
                    "{:>6}  {}  {:<28} {:<26} {} {}  {}",
                    e.seq,
                    e.at,
                    e.actor,
                    e.action,
                    e.target_type,
                    e.target_id,
                    e.after.map(|a| a.to_string()).unwrap_or_default()
                );
            }
            eprintln!("{} event(s) in all", listing.total);
        }
    }
    Ok(true)
}
