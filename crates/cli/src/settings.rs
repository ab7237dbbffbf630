//! Configuration: built-in defaults, then an optional TOML file (`--config`), then
//! environment variables, then command-line flags (clap reads the last two).

use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The commented default configuration printed by `jalin config default`.
pub const DEFAULT_CONFIG: &str = r#"# Jalin configuration.
# Every setting can also be given as an environment variable or a command-line flag;
# flags win over environment variables, which win over this file.
# Use it with: jalin --config jalin.toml serve

[server]
# Address and port to listen on. Env: JALIN_ADDR. Flag: --addr.
addr = "127.0.0.1:8080"
# The address users reach Jalin at, for links in e-mail (password resets, invitations).
# Behind a reverse proxy that terminates TLS, use its https:// address. Unset, links use
# the address the server bound (http://ADDR:PORT), which suits only a single machine.
# public_url = "https://jalin.example.go.id"
# Set to true when Jalin runs behind a reverse proxy that sets X-Forwarded-For and
# X-Forwarded-Proto: login throttling then uses the client address the proxy reports, and
# requests that reached the proxy over HTTPS get HSTS and secure cookies. Leave false when
# clients connect directly (they could forge those headers).
behind_proxy = false
# How often timers run (deadlines, deemed approvals, expiry, alerts), in seconds.
timer_interval_seconds = 300
# Serve Prometheus metrics at /metrics. The route is open (no token): keep it off the
# public address at the reverse proxy and scrape the node's own address
# (docs/operations.md), or set false.
metrics = true

[database]
# sqlite://PATH for the embedded database (the file and its directory are created if
# missing), or postgres://USER[:PASSWORD]@HOST:PORT/DATABASE for PostgreSQL (several
# Jalin nodes can share one). Env: JALIN_DATABASE_URL. Flag: --database-url.
url = "sqlite://jalin-data/jalin.db"

[data]
# A directory with reference data read at run time: newer copies of the embedded files
# (same file names, e.g. countries.csv) take precedence, and files that may not be
# embedded in the product (sdg_targets_jrc_keywords.csv, world_twinnings.csv) are loaded
# when present. Jalin works without it. Env: JALIN_DATA_DIR. Flag: --data-dir.
# dir = "/srv/jalin/data"

[demo]
# Seed a clearly-labelled demonstration dataset on start (once). Env: JALIN_DEMO=true.
# Flag: --demo.
enabled = false
# How many generated agreements the demo adds to its hand-written examples.
generated = 400

[mail]
# How outgoing e-mail (password resets, invitations, notifications) leaves Jalin:
# "outbox" writes .eml files into `outbox`, from which a mail relay or an operator sends
# them (Jalin itself needs no network); "smtp" sends to the SMTP server below.
transport = "outbox"
outbox = "jalin-data/outbox"
# The sender of that mail ("Name <address>" or an address); its domain also names the
# messages' Message-IDs. `from_name` replaces the name; `reply_to` adds a Reply-To.
from = "Jalin <noreply@localhost>"
# from_name = "Jalin Kemendagri"
# reply_to = "bantuan@example.go.id"
# SMTP (transport = "smtp"): the server, its port (default: 587 for starttls, 465 for
# tls, 25 for none) and the connection's protection: "starttls" (required, not
# opportunistic), "tls" (from the first byte) or "none" (only to a relay on this machine:
# localhost or a loopback address).
# host = "smtp.example.go.id"
# port = 587
security = "starttls"
# The account to sign in with. Its password is read from `password_file` (first line),
# or else from the environment variable JALIN_SMTP_PASSWORD; never from a flag.
# user = "jalin@example.go.id"
# password_file = "/run/secrets/jalin-smtp"
# How long to wait for the SMTP server, in seconds.
timeout_seconds = 30

[documents]
# Where uploaded files are kept: "filesystem" (the directory below) or "database" (inside
# the database itself; for several nodes without a shared directory).
store = "filesystem"
dir = "jalin-data/files"
# The largest accepted upload, in megabytes.
max_upload_mb = 20

[search]
# The full-text index of this node (a projection of the database, rebuilt with
# `jalin reindex`). Each node keeps its own. It records which database it follows and is
# rebuilt when opened against another one. Default: beside an SQLite database file
# (jalin-data/jalin.db-search); jalin-data/search for PostgreSQL.
# dir = "/var/lib/jalin/search"

[procedure]
# Points of the procedures that the regulations leave open (marked U/I in the legal notes).
# Full powers (surat kuasa) required for signing foreign cooperation.
full_powers_required = false
# Extension of foreign cooperation by a simple approval instead of a new case through every stage.
simple_extension = false
# DPRD approval needed for the continuation of a central-government cooperation (KSDLL).
continuation_requires_dprd = true
# Unit of the "days" of Permendagri 22/2020: "calendar_days" or "working_days".
domestic_day_unit = "calendar_days"
# Months without recorded activity before an agreement in force counts as dormant.
dormant_months = 12
# Days before expiry at which alerts are raised.
expiry_alert_days = [180, 90, 60, 30, 7]
# The DPRD's silence until its time limit counts as approval (Permendagri 25/2020 Pasal 17,
# Permendagri 22/2020 Pasal 12 and 34). When false, the region and province are only alerted.
dprd_silence_is_approval = true
# Day of January by which a kabupaten/kota's annual report is due to the Governor (first week).
regency_report_due_day = 7
# Day of January by which the Governor's annual report is due to the Minister (second week).
province_report_due_day = 14
# Days after a semester's end by which a KSDD/KSDPK semester report is due.
semester_report_due_days = 30
# Days after the return from official foreign travel (PDLN) by which the trip report is due.
trip_report_days = 14

[log]
# Log filter in tracing's syntax ("info", "jalin=debug,info"). RUST_LOG overrides it.
level = "info"
# "text" for people, "json" for log collectors (one JSON object per line, with the
# request's span: method, route and request_id). Env: JALIN_LOG_FORMAT. Flag: --log-format.
format = "text"
"#;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    pub server: Server,
    pub database: Database,
    pub data: Data,
    pub demo: Demo,
    pub mail: Mail,
    pub documents: Documents,
    pub search: SearchSettings,
    pub procedure: jalin_domain::procedure::ProcedureConfig,
    pub log: Log,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SearchSettings {
    /// Unset: see [`Settings::search_dir`].
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Documents {
    pub store: String,
    pub dir: PathBuf,
    pub max_upload_mb: u64,
}

impl Default for Documents {
    fn default() -> Self {
        Self {
            store: "filesystem".to_owned(),
            dir: PathBuf::from("jalin-data/files"),
            max_upload_mb: 20,
        }
    }
}

/// How outgoing mail leaves Jalin.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MailTransport {
    /// `.eml` files in `[mail] outbox`, for a relay or an operator to send.
    #[default]
    Outbox,
    /// Straight to an SMTP server.
    Smtp,
}

/// How the SMTP connection is protected.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpSecurity {
    /// Plain connection upgraded with STARTTLS, which must succeed (port 587).
    #[default]
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: only to a relay on this machine.
    None,
}

impl SmtpSecurity {
    /// The usual port of this kind of connection.
    pub fn default_port(self) -> u16 {
        match self {
            Self::Starttls => 587,
            Self::Tls => 465,
            Self::None => 25,
        }
    }
}

/// `[mail]`. Holds no password: that is read from `password_file` or the environment
/// when the SMTP transport is built, so it never appears in these settings' Debug output.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Mail {
    pub transport: MailTransport,
    pub outbox: PathBuf,
    /// The sender address of outgoing mail ("Name <address>" or an address).
    pub from: String,
    /// Replaces the name given in `from`.
    pub from_name: Option<String>,
    pub reply_to: Option<String>,
    pub host: Option<String>,
    /// Unset: the usual port of `security`.
    pub port: Option<u16>,
    pub security: SmtpSecurity,
    pub user: Option<String>,
    pub password_file: Option<PathBuf>,
    pub timeout_seconds: u64,
}

impl Default for Mail {
    fn default() -> Self {
        Self {
            transport: MailTransport::Outbox,
            outbox: PathBuf::from("jalin-data/outbox"),
            from: "Jalin <noreply@localhost>".to_owned(),
            from_name: None,
            reply_to: None,
            host: None,
            port: None,
            security: SmtpSecurity::Starttls,
            user: None,
            password_file: None,
            timeout_seconds: 30,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Server {
    pub addr: String,
    /// Unset: the bound address (see [`Server::link_base`]).
    pub public_url: Option<String>,
    pub behind_proxy: bool,
    pub timer_interval_seconds: u64,
    pub metrics: bool,
}

#[derive(Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Database {
    pub url: String,
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database")
            .field("url", &jalin_store::redact(&self.url))
            .finish()
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Data {
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Demo {
    pub enabled: bool,
    pub generated: usize,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Log {
    pub level: String,
    pub format: String,
}

impl Default for Server {
    fn default() -> Self {
        Self {
            addr: "127.0.0.1:8080".to_owned(),
            public_url: None,
            behind_proxy: false,
            timer_interval_seconds: 300,
            metrics: true,
        }
    }
}

impl Default for Database {
    fn default() -> Self {
        Self {
            url: "sqlite://jalin-data/jalin.db".to_owned(),
        }
    }
}

impl Default for Demo {
    fn default() -> Self {
        Self {
            enabled: false,
            generated: 400,
        }
    }
}

impl Default for Log {
    fn default() -> Self {
        Self {
            level: "info".to_owned(),
            format: "text".to_owned(),
        }
    }
}

impl Server {
    /// Where links in mail point: `public_url` without a trailing slash, else the
    /// configured listening address (for commands that send mail without serving).
    pub fn link_base(&self) -> String {
        match self.public_url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None => format!("http://{}", self.addr),
        }
    }

    /// Fills an unset `public_url` with the address the server actually bound (which
    /// differs from `addr` for port 0). An unspecified address (0.0.0.0) makes links no
    /// one can open, so that is said once at start.
    pub fn bound_to(&mut self, bound: std::net::SocketAddr) {
        if self.public_url.as_deref().is_some_and(|u| !u.trim().is_empty()) {
            return;
        }
        if bound.ip().is_unspecified() {
            tracing::warn!(
                %bound,
                "[server] public_url is unset and the server listens on every address: links in mail \
                 will not open elsewhere; set [server] public_url"
            );
        }
        self.public_url = Some(format!("http://{bound}"));
    }
}

impl Settings {
    /// This node's search index directory: the configured one, else beside the SQLite
    /// database file (so an index never meets another database by sharing a working
    /// directory), else `jalin-data/search`.
    pub fn search_dir(&self) -> PathBuf {
        if let Some(dir) = &self.search.dir {
            return dir.clone();
        }
        match jalin_store::sqlite_path(&self.database.url) {
            Some(db) => {
                let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
                name.push("-search");
                db.with_file_name(name)
            }
            None => PathBuf::from("jalin-data/search"),
        }
    }

    /// Defaults, overlaid with the file at `path` if one is given.
    pub fn load(path: Option<&Path>) -> anyhow::Result<Self> {
        let Some(path) = path else { return Ok(Self::default()) };
        let text = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("cannot read the configuration file {}: {e}", path.display()))?;
        toml::from_str(&text).map_err(|e| anyhow::anyhow!("invalid configuration file {}: {e}", path.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_printed_default_configuration_is_the_default() {
        let parsed: Settings = toml::from_str(DEFAULT_CONFIG).unwrap();
        let default = Settings::default();
        assert_eq!(parsed.server.addr, default.server.addr);
        assert_eq!(parsed.database.url, default.database.url);
        assert_eq!(parsed.demo.enabled, default.demo.enabled);
        assert_eq!(parsed.demo.generated, default.demo.generated);
        assert_eq!(parsed.log.level, default.log.level);
        assert_eq!(parsed.log.format, default.log.format);
        assert_eq!(parsed.server.metrics, default.server.metrics);
        assert_eq!(parsed.data.dir, default.data.dir);
        assert_eq!(parsed.server.public_url, default.server.public_url);
        assert_eq!(
            parsed.server.timer_interval_seconds,
            default.server.timer_interval_seconds
        );
        assert_eq!(parsed.mail.outbox, default.mail.outbox);
        assert_eq!(parsed.mail.from, default.mail.from);
        assert_eq!(parsed.mail.transport, default.mail.transport);
        assert_eq!(parsed.mail.security, default.mail.security);
        assert_eq!(parsed.mail.timeout_seconds, default.mail.timeout_seconds);
        assert_eq!(parsed.procedure, default.procedure);
        assert_eq!(parsed.documents.store, default.documents.store);
        assert_eq!(parsed.search.dir, default.search.dir);
        assert_eq!(parsed.documents.dir, default.documents.dir);
        assert_eq!(parsed.documents.max_upload_mb, default.documents.max_upload_mb);
    }

    #[test]
    fn the_search_index_defaults_to_beside_the_sqlite_database() {
        let mut s = Settings::default();
        assert_eq!(s.search_dir(), PathBuf::from("jalin-data/jalin.db-search"));
        s.database.url = "sqlite:///srv/a/other.db".to_owned();
        assert_eq!(s.search_dir(), PathBuf::from("/srv/a/other.db-search"));
        s.database.url = "postgres://postgres@db/jalin".to_owned();
        assert_eq!(s.search_dir(), PathBuf::from("jalin-data/search"));
        s.search.dir = Some(PathBuf::from("/var/lib/jalin/search"));
        assert_eq!(s.search_dir(), PathBuf::from("/var/lib/jalin/search"));
    }

    #[test]
    fn links_use_the_public_url_else_the_bound_address() {
        let mut server = Server::default();
        assert_eq!(server.link_base(), "http://127.0.0.1:8080");
        server.bound_to("127.0.0.1:41234".parse().unwrap());
        assert_eq!(server.link_base(), "http://127.0.0.1:41234");
        let mut v6 = Server::default();
        v6.bound_to("[::1]:8443".parse().unwrap());
        assert_eq!(v6.link_base(), "http://[::1]:8443");
        let mut public = Server {
            public_url: Some("https://jalin.example.go.id/".into()),
            ..Server::default()
        };
        public.bound_to("127.0.0.1:41234".parse().unwrap());
        assert_eq!(public.link_base(), "https://jalin.example.go.id");
    }

    #[test]
    fn unknown_settings_are_refused() {
        assert!(toml::from_str::<Settings>("[server]\nport = 1\n").is_err());
    }

    #[test]
    fn database_urls_are_redacted_in_debug_output() {
        let mut s = Settings::default();
        s.database.url = "postgres://jalin:secret@db/jalin".to_owned();
        assert!(!format!("{s:?}").contains("secret"));
    }
}
