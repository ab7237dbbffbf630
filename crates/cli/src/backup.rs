//! `jalin backup --to DIR` and `jalin restore --from DIR` (docs/operations.md).
//!
//! A backup directory holds the database (`jalin.db`, a `VACUUM INTO` copy of SQLite, or
//! `jalin.pgdump`, a `pg_dump -Fc` of PostgreSQL taken in the same snapshot that was
//! counted), the stored files under `files/` when they live in a directory, and
//! `manifest.json`, written last: format version, time, schema version, counts, the head
//! of the audit chain and the SHA-256 of every other file. A restore checks every hash and
//! refuses a target that is not empty before it writes anything.

use crate::settings::Settings;
use anyhow::{Context, bail};
use jalin_store::backup::{self, Inventory, PgExport};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::process::Command;

const FORMAT: &str = "jalin-backup";
const FORMAT_VERSION: u32 = 1;
const MANIFEST: &str = "manifest.json";
const SQLITE_FILE: &str = "jalin.db";
const PG_FILE: &str = "jalin.pgdump";

#[derive(Debug, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub format_version: u32,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub jalin_version: String,
    /// `sqlite` or `postgres`.
    pub backend: String,
    pub schema_version: i64,
    /// `filesystem` (the files are under `files/`) or `database`.
    pub documents_store: String,
    pub counts: Counts,
    pub audit: AuditHead,
    pub files: Vec<FileEntry>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Counts {
    pub agreements: i64,
    pub cases: i64,
    pub documents: i64,
    /// Stored files (case documents, evidence, agreement documents), each once.
    pub files: i64,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct AuditHead {
    pub last_seq: i64,
    pub last_hash: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct FileEntry {
    /// Relative to the backup directory, with `/`.
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
}

fn is_postgres(url: &str) -> bool {
    url.starts_with("postgres:") || url.starts_with("postgresql:")
}

/// A client tool of PostgreSQL: `JALIN_PG_DUMP` / `JALIN_PG_RESTORE`, or from `PATH`.
fn pg_tool(env: &str, name: &str) -> String {
    std::env::var(env).unwrap_or_else(|_| name.to_owned())
}

/// Runs a PostgreSQL client tool; a missing tool is named with the package to install.
fn run_tool(mut command: Command, name: &str) -> anyhow::Result<()> {
    let output = match command.output() {
        Ok(o) => o,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => bail!(
            "{name} was not found: install the PostgreSQL client tools (Debian: postgresql-client) of the \
             server's major version or newer"
        ),
        Err(e) => return Err(e).with_context(|| format!("cannot run {name}")),
    };
    if !output.status.success() {
        bail!(
            "{name} failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(())
}

fn sha256_file(path: &Path) -> anyhow::Result<(String, u64)> {
    let mut file = std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut bytes = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        bytes += n as u64;
    }
    let hex: String = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
    Ok((hex, bytes))
}

/// A directory that does not exist yet (created) or is empty.
fn empty_dir(dir: &Path) -> anyhow::Result<()> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
        if entries.next().is_some() {
            bail!("{} is not empty: back up into a new or empty directory", dir.display());
        }
    }
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))
}

/// Where a stored file lives under a files directory (`ab/abcdef…`, as `FsBlobStore`).
fn blob_path(sha256: &str) -> anyhow::Result<PathBuf> {
    if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
        bail!("not a SHA-256: {sha256}");
    }
    Ok(Path::new(&sha256[..2]).join(sha256))
}

/// Copies `from` to `to` through a temporary name, so that `to` is whole or absent.
fn copy_whole(from: &Path, to: &Path) -> anyhow::Result<()> {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    let tmp = to.with_extension("partial");
    std::fs::copy(from, &tmp).with_context(|| format!("cannot copy {} to {}", from.display(), tmp.display()))?;
    std::fs::rename(&tmp, to).with_context(|| format!("cannot rename {}", tmp.display()))?;
    Ok(())
}

fn entry(dir: &Path, relative: &str) -> anyhow::Result<FileEntry> {
    let (sha256, bytes) = sha256_file(&dir.join(relative))?;
    Ok(FileEntry {
        path: relative.to_owned(),
        sha256,
        bytes,
    })
}

/// `jalin backup --to DIR`.
pub async fn backup(settings: &Settings, to: &Path) -> anyhow::Result<()> {
    empty_dir(to)?;
    let url = &settings.database.url;
    let (backend, db_file, inventory) = if is_postgres(url) {
        ("postgres", PG_FILE, dump_postgres(url, &to.join(PG_FILE)).await?)
    } else {
        let inventory = backup::sqlite_snapshot(url, &to.join(SQLITE_FILE))
            .await
            .context("copying the SQLite database")?;
        ("sqlite", SQLITE_FILE, inventory)
    };
    let mut files = vec![entry(to, db_file)?];
    let store = settings.documents.store.clone();
    if store == "filesystem" {
        files.extend(copy_stored_files(&settings.documents.dir, to, &inventory.files)?);
    }
    let manifest = Manifest {
        format: FORMAT.to_owned(),
        format_version: FORMAT_VERSION,
        created_at: time::OffsetDateTime::now_utc().format(&time::format_description::well_known::Rfc3339)?,
        jalin_version: env!("CARGO_PKG_VERSION").to_owned(),
        backend: backend.to_owned(),
        schema_version: inventory.schema_version,
        documents_store: store,
        counts: counts(&inventory),
        audit: AuditHead {
            last_seq: inventory.audit_last_seq,
            last_hash: inventory.audit_last_hash.clone(),
        },
        files,
    };
    // Written last: a directory without a manifest is an unfinished backup.
    std::fs::write(to.join(MANIFEST), serde_json::to_vec_pretty(&manifest)?)?;
    println!(
        "backup written to {}: {} agreements, {} cases, {} documents, {} stored files; audit head {}",
        to.display(),
        manifest.counts.agreements,
        manifest.counts.cases,
        manifest.counts.documents,
        manifest.counts.files,
        manifest.audit.last_seq
    );
    Ok(())
}

fn counts(inventory: &Inventory) -> Counts {
    Counts {
        agreements: inventory.agreements,
        cases: inventory.cases,
        documents: inventory.documents,
        files: inventory.files.len() as i64,
    }
}

/// `pg_dump -Fc` of the snapshot whose contents the returned inventory counts.
async fn dump_postgres(url: &str, dest: &Path) -> anyhow::Result<Inventory> {
    let mut export = PgExport::begin(url).await.context("connecting to PostgreSQL")?;
    let inventory = export.inventory().await?;
    let mut command = Command::new(pg_tool("JALIN_PG_DUMP", "pg_dump"));
    command
        .args(["--format=custom", "--no-owner", "--no-privileges", "--snapshot"])
        .arg(&export.snapshot)
        .arg("--file")
        .arg(dest)
        .arg(url);
    tokio::task::spawn_blocking(move || run_tool(command, "pg_dump")).await??;
    export.end().await?;
    Ok(inventory)
}

/// Copies the files the database names from the files directory, checking each one's hash.
fn copy_stored_files(from: &Path, to: &Path, files: &[String]) -> anyhow::Result<Vec<FileEntry>> {
    let mut entries = Vec::with_capacity(files.len());
    for sha256 in files {
        let relative = Path::new("files").join(blob_path(sha256)?);
        let source = from.join(blob_path(sha256)?);
        if !source.is_file() {
            bail!(
                "the stored file {sha256} is missing from {} (the database names it)",
                from.display()
            );
        }
        copy_whole(&source, &to.join(&relative))?;
        let relative = relative.to_string_lossy().replace('\\', "/");
        let e = entry(to, &relative)?;
        if e.sha256 != *sha256 {
            bail!("the stored file {} does not match its hash", source.display());
        }
        entries.push(e);
    }
    Ok(entries)
}

/// A manifest's relative path, refused if it could leave the backup directory.
fn safe_relative(path: &str) -> anyhow::Result<&Path> {
    let p = Path::new(path);
    if p.components().all(|c| matches!(c, Component::Normal(_))) && !path.is_empty() {
        Ok(p)
    } else {
        bail!("the manifest names an unsafe path: {path}")
    }
}

/// Reads the manifest and checks every file against it; nothing is written.
fn verified_manifest(from: &Path) -> anyhow::Result<Manifest> {
    let path = from.join(MANIFEST);
    let text = std::fs::read(&path)
        .with_context(|| format!("{} is not a finished Jalin backup (no {MANIFEST})", from.display()))?;
    let manifest: Manifest =
        serde_json::from_slice(&text).with_context(|| format!("{} is not a Jalin backup manifest", path.display()))?;
    if manifest.format != FORMAT || manifest.format_version != FORMAT_VERSION {
        bail!(
            "unsupported backup format {} version {} (this Jalin reads {FORMAT} version {FORMAT_VERSION})",
            manifest.format,
            manifest.format_version
        );
    }
    let latest = backup::latest_schema_version();
    if manifest.schema_version > latest {
        bail!(
            "the backup has schema version {}, newer than this Jalin knows ({latest}): restore it with the \
             Jalin version that made it ({}) or a newer one",
            manifest.schema_version,
            manifest.jalin_version
        );
    }
    let mut bad = Vec::new();
    for f in &manifest.files {
        let file = from.join(safe_relative(&f.path)?);
        match sha256_file(&file) {
            Ok((sha256, bytes)) if sha256 == f.sha256 && bytes == f.bytes => {}
            Ok(_) => bad.push(format!("{} does not match its hash", f.path)),
            Err(_) => bad.push(format!("{} is missing", f.path)),
        }
    }
    if !bad.is_empty() {
        bail!("the backup is damaged; nothing was restored:\n  {}", bad.join("\n  "));
    }
    Ok(manifest)
}

/// `jalin restore --from DIR` into the configured, empty database and files directory.
pub async fn restore(settings: &Settings, from: &Path) -> anyhow::Result<()> {
    let manifest = verified_manifest(from)?;
    let url = &settings.database.url;
    let backend = if is_postgres(url) { "postgres" } else { "sqlite" };
    if manifest.backend != backend {
        bail!(
            "the backup is of a {} database, the target is {backend} (move data between backends with export and import)",
            manifest.backend
        );
    }
    if manifest.documents_store != settings.documents.store {
        bail!(
            "the backup keeps files in the {} store, the configuration in the {} store ([documents] store)",
            manifest.documents_store,
            settings.documents.store
        );
    }
    if !backup::is_empty(url).await.context("checking the target database")? {
        bail!(
            "the target database {} is not empty: restore only into a new, empty database",
            jalin_store::redact(url)
        );
    }
    let files_dir = &settings.documents.dir;
    let stored: Vec<&FileEntry> = manifest.files.iter().filter(|f| f.path.starts_with("files/")).collect();
    if !stored.is_empty() && files_dir.exists() && std::fs::read_dir(files_dir)?.next().is_some() {
        bail!(
            "the files directory {} is not empty: restore only into an empty one",
            files_dir.display()
        );
    }
    restore_database(url, from).await?;
    for f in stored {
        let relative = safe_relative(&f.path)?.strip_prefix("files")?;
        copy_whole(&from.join(&f.path), &files_dir.join(relative))?;
    }
    check_restored(settings, &manifest).await?;
    println!(
        "restored {} agreements, {} cases, {} documents and {} stored files from {}; audit trail intact",
        manifest.counts.agreements,
        manifest.counts.cases,
        manifest.counts.documents,
        manifest.counts.files,
        from.display()
    );
    Ok(())
}

async fn restore_database(url: &str, from: &Path) -> anyhow::Result<()> {
    if is_postgres(url) {
        let mut command = Command::new(pg_tool("JALIN_PG_RESTORE", "pg_restore"));
        command
            .args([
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                "--dbname",
            ])
            .arg(url)
            .arg(from.join(PG_FILE));
        tokio::task::spawn_blocking(move || run_tool(command, "pg_restore")).await??;
    } else {
        let path = backup::sqlite_path(url)?;
        // A zero-length file left by an earlier attempt counts as empty; it is replaced.
        copy_whole(&from.join(SQLITE_FILE), &path)?;
    }
    Ok(())
}

/// The restored database holds what the manifest counted, its audit chain is intact, and
/// every node's search index is asked to rebuild (the index is not part of a backup).
async fn check_restored(settings: &Settings, manifest: &Manifest) -> anyhow::Result<()> {
    let inventory = backup::inventory(&settings.database.url).await?;
    let restored = counts(&inventory);
    if restored != manifest.counts || inventory.audit_last_hash != manifest.audit.last_hash {
        bail!(
            "the restored database does not hold what the manifest lists (counts {restored:?}, audit head {}); \
             do not use it",
            inventory.audit_last_hash
        );
    }
    let app = crate::commands::open_app(settings).await?;
    let ctx = app.system_ctx("restore");
    let report = app.audit.verify_audit(&ctx).await?;
    if let Some(seq) = report.broken_at {
        bail!(
            "the restored audit trail is broken at event {seq}: {}",
            report.reason.unwrap_or_default()
        );
    }
    let generation = app.search.request_reindex(&ctx).await?;
    tracing::info!(generation, "search indexes will be rebuilt");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_paths_stay_inside_the_backup() {
        assert!(safe_relative("files/ab/abc").is_ok());
        assert!(safe_relative("jalin.db").is_ok());
        for bad in ["../jalin.db", "/etc/passwd", "files/../../x", "", "./jalin.db"] {
            assert!(safe_relative(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn stored_files_are_found_by_their_hash() {
        let sha = "ab".repeat(32);
        assert_eq!(blob_path(&sha).unwrap(), Path::new("ab").join(&sha));
        assert!(blob_path("../../etc/passwd").is_err());
    }
}
