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

[log]
# Log filter in tracing's syntax ("info", "jalin=debug,info"). RUST_LOG overrides it.
level = "info"
# "text" for people, "json" for log collectors.
format = "text"
"#;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    pub server: Server,
    pub database: Database,
    pub data: Data,
    pub demo: Demo,
    pub log: Log,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Server {
    pub addr: String,
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

impl Settings {
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
        assert_eq!(parsed.data.dir, default.data.dir);
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
