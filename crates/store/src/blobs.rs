//! The blob stores: uploaded files' bytes by SHA-256, in a directory ([`FsBlobStore`]) or
//! in the database itself ([`DatabaseBlobStore`]).

use async_trait::async_trait;
use jalin_app::ports::blobs::BlobStore;
use jalin_app::ports::clock::Clock;
use jalin_app::ports::store::Store;
use std::path::PathBuf;
use std::sync::Arc;

/// Files in a directory: `DIR/ab/abcdef…`, written to a temporary name and renamed, so a
/// reader never sees half a file.
pub struct FsBlobStore {
    pub dir: PathBuf,
}

impl FsBlobStore {
    fn path(&self, sha256: &str) -> anyhow::Result<PathBuf> {
        if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            anyhow::bail!("not a SHA-256: {sha256}");
        }
        Ok(self.dir.join(&sha256[..2]).join(sha256))
    }
}

#[async_trait]
impl BlobStore for FsBlobStore {
    async fn put(&self, sha256: &str, bytes: &[u8]) -> anyhow::Result<()> {
        let path = self.path(sha256)?;
        if tokio::fs::try_exists(&path).await.unwrap_or(false) {
            return Ok(());
        }
        let parent = path.parent().map(PathBuf::from).unwrap_or_else(|| self.dir.clone());
        tokio::fs::create_dir_all(&parent).await?;
        let tmp = parent.join(format!(".{sha256}.{}.tmp", uuid::Uuid::now_v7().simple()));
        tokio::fs::write(&tmp, bytes).await?;
        tokio::fs::rename(&tmp, &path).await?;
        Ok(())
    }

    async fn get(&self, sha256: &str) -> anyhow::Result<Option<Vec<u8>>> {
        match tokio::fs::read(self.path(sha256)?).await {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }
}

/// Keeps files in the database itself (several nodes without a shared directory).
pub struct DatabaseBlobStore {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
}

impl DatabaseBlobStore {
    /// `clock` stamps when each file was stored.
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>) -> Self {
        Self { store, clock }
    }
}

#[async_trait]
impl BlobStore for DatabaseBlobStore {
    async fn put(&self, sha256: &str, bytes: &[u8]) -> anyhow::Result<()> {
        let content_type = jalin_domain::files::sniff(bytes)
            .map(|f| f.content_type())
            .unwrap_or("application/octet-stream");
        let mut tx = self.store.write().await?;
        tx.cases()
            .put_blob_data(sha256, bytes, content_type, self.clock.now())
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn get(&self, sha256: &str) -> anyhow::Result<Option<Vec<u8>>> {
        let mut tx = self.store.read().await?;
        Ok(tx.cases().blob_data(sha256).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn files_are_stored_once_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let store = FsBlobStore {
            dir: dir.path().to_path_buf(),
        };
        let sha = "a".repeat(64);
        store.put(&sha, b"hello").await.unwrap();
        store.put(&sha, b"hello").await.unwrap();
        assert_eq!(store.get(&sha).await.unwrap().as_deref(), Some(&b"hello"[..]));
        assert_eq!(store.get(&"b".repeat(64)).await.unwrap(), None);
        assert!(store.put("../../etc/passwd", b"x").await.is_err());
    }
}
