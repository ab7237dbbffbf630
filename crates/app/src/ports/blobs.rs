//! Where uploaded files' bytes live, by SHA-256. A directory by default; the database for
//! several nodes without a shared directory (both adapters are in `jalin-store`).

use async_trait::async_trait;
use parking_lot::Mutex;
use std::collections::HashMap;

#[async_trait]
pub trait BlobStore: Send + Sync {
    /// Stores bytes under their SHA-256 (hex). Storing the same content twice is a no-op.
    async fn put(&self, sha256: &str, bytes: &[u8]) -> anyhow::Result<()>;
    async fn get(&self, sha256: &str) -> anyhow::Result<Option<Vec<u8>>>;
}

/// Keeps files in memory (tests).
#[derive(Default)]
pub struct MemoryBlobStore {
    files: Mutex<HashMap<String, Vec<u8>>>,
}

#[async_trait]
impl BlobStore for MemoryBlobStore {
    async fn put(&self, sha256: &str, bytes: &[u8]) -> anyhow::Result<()> {
        self.files
            .lock()
            .entry(sha256.to_owned())
            .or_insert_with(|| bytes.to_vec());
        Ok(())
    }

    async fn get(&self, sha256: &str) -> anyhow::Result<Option<Vec<u8>>> {
        Ok(self.files.lock().get(sha256).cloned())
    }
}
