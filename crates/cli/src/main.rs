//! `jalin`: the composition root. It reads the configuration, picks the storage backend
//! from the database URL, loads reference data and runs the requested command.

mod admin;
mod backup;
mod case;
mod commands;
mod matching;
mod progress;

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

use jalin_cli::settings;

#[derive(Parser, Debug)]
#[command(
    name = "jalin",
    version,
    about = "Jalin: the registry and procedure system for Indonesian regional cooperation"
)]
struct Cli {
    /// A TOML configuration file (see `jalin config default`).
    #[arg(long, global = true, env = "JALIN_CONFIG")]
    config: Option<PathBuf>,
    /// sqlite://PATH or postgres://… (default sqlite://jalin-data/jalin.db).
    #[arg(long, global = true, env = "JALIN_DATABASE_URL")]
    database_url: Option<String>,
    /// A directory with reference data read at run time.
    #[arg(long, global = true, env = "JALIN_DATA_DIR")]
    data_dir: Option<PathBuf>,
    /// Log lines as text (for people) or JSON (one object per line, for log collectors).
    #[arg(long, global = true, env = "JALIN_LOG_FORMAT", value_enum)]
    log_format: Option<LogFormatArg>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run the web application and API.
    Serve(ServeArgs),
    /// Configuration helpers.
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
    /// Import records from a file.
    Import {
        #[command(subcommand)]
        command: ImportCommand,
    },
    /// Export records to a file or standard output.
    Export {
        #[command(subcommand)]
        command: ExportCommand,
    },
    /// Reference data: load it into the database or show what is loaded.
    Refdata {
        #[command(subcommand)]
        command: RefdataCommand,
    },
    /// Accounts: add, grant, revoke, list, set passwords, invite guests.
    User {
        #[command(subcommand)]
        command: admin::UserCommand,
    },
    /// API tokens for machine clients.
    Token {
        #[command(subcommand)]
        command: admin::TokenCommand,
    },
    /// The tamper-evident audit trail.
    Audit {
        #[command(subcommand)]
        command: admin::AuditCommand,
    },
    /// Foreign partners recommended to a region, with the reasons (docs/matching.md).
    Match(matching::MatchArgs),
    /// Cooperation cases through the legal procedure.
    Case {
        #[command(subcommand)]
        command: case::CaseCommand,
    },
    /// Rebuild the search index (asks a running server to do it).
    Reindex,
    /// Create or upgrade the database schema and exit.
    Migrate,
    /// Back up the database, the stored files and a manifest into a new directory
    /// (consistent while the server runs; docs/operations.md).
    Backup {
        /// A new or empty directory.
        #[arg(long)]
        to: PathBuf,
    },
    /// Restore a backup into the configured database and files directory, which must be
    /// empty; every file is checked against the manifest first.
    Restore {
        #[arg(long)]
        from: PathBuf,
    },
    /// Print the OpenAPI document.
    Openapi,
    /// Tools for development and benchmarks.
    Dev {
        #[command(subcommand)]
        command: DevCommand,
    },
}

#[derive(Args, Debug)]
struct ServeArgs {
    /// Address to listen on (default 127.0.0.1:8080).
    #[arg(long, env = "JALIN_ADDR")]
    addr: Option<String>,
    /// Seed the clearly-labelled demo dataset (once).
    #[arg(long, env = "JALIN_DEMO")]
    demo: bool,
    /// Write the address the server listens on into this file once it serves (useful
    /// with `--addr 127.0.0.1:0`, which lets the system pick a free port).
    #[arg(long)]
    port_file: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
enum ConfigCommand {
    /// Print the commented default configuration.
    Default,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum LogFormatArg {
    Text,
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum FormatArg {
    Csv,
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ModeArg {
    /// Every row is a new agreement.
    Add,
    /// The file becomes the whole registry.
    Replace,
}

#[derive(Subcommand, Debug)]
enum ImportCommand {
    /// Import agreements from CSV or JSON (columns: docs/import-format.md). Any invalid row
    /// rejects the whole file and nothing is written.
    Agreements {
        file: PathBuf,
        #[arg(long, value_enum, default_value = "add")]
        mode: ModeArg,
        /// Check everything, write nothing.
        #[arg(long)]
        dry_run: bool,
        /// The file format (default: from the file extension).
        #[arg(long, value_enum)]
        format: Option<FormatArg>,
    },
    /// Import known partnerships from CSV (columns: region_code, foreign_name,
    /// country_iso2, optional geonameid, foreign_level, year). Foreign names are resolved
    /// against the places reference; unresolved rows are reported by number.
    Partnerships {
        file: PathBuf,
        /// Reject the whole file (write nothing) when any row cannot be resolved.
        #[arg(long)]
        strict: bool,
        /// Resolve and report, write nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Subcommand, Debug)]
enum ExportCommand {
    /// Export all agreements, in identifier order.
    Agreements {
        #[arg(long, value_enum, default_value = "csv")]
        format: FormatArg,
        /// Write to this file instead of standard output.
        #[arg(long)]
        output: Option<PathBuf>,
    },
}

#[derive(Subcommand, Debug)]
enum RefdataCommand {
    /// Load (or update) the reference data.
    Load,
    /// List the loaded datasets with their versions.
    Status,
}

#[derive(Subcommand, Debug)]
enum DevCommand {
    /// Generate a realistic synthetic registry: into the database, or to a file.
    Generate {
        /// How many agreements.
        #[arg(long)]
        agreements: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Write an import file (CSV or JSON by extension) instead of importing.
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// k-fold evaluation of the partner recommender against baselines on known pairs.
    EvalMatching(matching::EvalArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut settings = match settings::Settings::load(cli.config.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if let Some(url) = cli.database_url {
        settings.database.url = url;
    }
    if let Some(dir) = cli.data_dir {
        settings.data.dir = Some(dir);
    }
    match cli.log_format {
        Some(LogFormatArg::Text) => settings.log.format = "text".to_owned(),
        Some(LogFormatArg::Json) => settings.log.format = "json".to_owned(),
        None => {}
    }
    if let Command::Serve(args) = &cli.command {
        if let Some(addr) = &args.addr {
            settings.server.addr = addr.clone();
        }
        settings.demo.enabled |= args.demo;
    }
    commands::init_logging(&settings.log);
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Err(None): the command reported its failure itself and only sets the exit code.
    let result: Result<(), Option<anyhow::Error>> = runtime.block_on(async move {
        let outcome = match cli.command {
            Command::Serve(args) => commands::serve(settings, args.port_file.as_deref()).await,
            Command::Config {
                command: ConfigCommand::Default,
            } => {
                print!("{}", settings::DEFAULT_CONFIG);
                Ok(())
            }
            Command::Import {
                command:
                    ImportCommand::Agreements {
                        file,
                        mode,
                        dry_run,
                        format,
                    },
            } => commands::import_agreements(&settings, &file, mode, dry_run, format).await,
            Command::Import {
                command: ImportCommand::Partnerships { file, strict, dry_run },
            } => matching::import_partnerships(&settings, &file, strict, dry_run).await,
            Command::Match(args) => matching::run_match(&settings, args).await,
            Command::Export {
                command: ExportCommand::Agreements { format, output },
            } => commands::export_agreements(&settings, format, output.as_deref()).await,
            Command::Refdata {
                command: RefdataCommand::Load,
            } => commands::refdata_load(&settings).await,
            Command::Refdata {
                command: RefdataCommand::Status,
            } => commands::refdata_status(&settings).await,
            Command::User { command } => admin::user(&settings, command).await,
            Command::Token { command } => admin::token(&settings, command).await,
            Command::Audit { command } => match admin::audit(&settings, command).await {
                Ok(true) => Ok(()),
                Ok(false) => return Err(None),
                Err(e) => Err(e),
            },
            Command::Case { command } => case::run(&settings, command).await,
            Command::Reindex => commands::reindex(&settings).await,
            Command::Migrate => commands::migrate(&settings).await,
            Command::Backup { to } => backup::backup(&settings, &to).await,
            Command::Restore { from } => backup::restore(&settings, &from).await,
            Command::Openapi => {
                println!("{}", jalin_web::api::docs::openapi_json());
                Ok(())
            }
            Command::Dev {
                command:
                    DevCommand::Generate {
                        agreements,
                        seed,
                        output,
                    },
            } => commands::generate(&settings, agreements, seed, output.as_deref()).await,
            Command::Dev {
                command: DevCommand::EvalMatching(args),
            } => matching::eval_matching(&settings, args).await,
        };
        outcome.map_err(Some)
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(None) => ExitCode::FAILURE,
        Err(Some(e)) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
