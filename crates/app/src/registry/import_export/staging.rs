//! An import in two steps (the web page): a dry run that keeps the file, then the real
//! import of exactly that file. The bytes wait in the blob store under their SHA-256; the
//! ticket that names them is signed (HMAC-SHA-256) with a secret of the uploader's session
//! and names the uploader, so it is useless to anyone else and after an hour (ADR 0013).

use super::{ExchangeFormat, ImportOptions, ImportReport};
use crate::ctx::Ctx;
use crate::registry::Registry;
use crate::{AppError, AppResult};
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

/// How long a previewed file may be confirmed.
const TICKET_SECONDS: i64 = 3600;

/// What the confirm form posts back: the previewed file and the proof it was previewed by
/// this user in this session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StagedImport {
    pub sha256: String,
    pub format: ExchangeFormat,
    /// Unix seconds of the preview.
    pub issued: i64,
    /// Hex HMAC of the fields above and the user, keyed by the session secret.
    pub tag: String,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn mac(ctx: &Ctx, session_secret: &str, sha256: &str, format: ExchangeFormat, issued: i64) -> AppResult<Hmac<Sha256>> {
    let user = ctx
        .actor
        .user()
        .ok_or_else(|| AppError::Forbidden("an import preview needs a signed-in user".to_owned()))?;
    if session_secret.is_empty() {
        return Err(AppError::Forbidden("an import preview needs a session".to_owned()));
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(session_secret.as_bytes())
        .map_err(|e| AppError::Internal(anyhow::anyhow!("import ticket key: {e}")))?;
    let message = format!("jalin-import-v1\n{}\n{sha256}\n{}\n{issued}", user.id, format.as_str());
    mac.update(message.as_bytes());
    Ok(mac)
}

impl Registry {
    /// Checks a file as an import would (writing nothing); when it would be accepted, keeps
    /// the bytes and returns the ticket to confirm it with.
    pub async fn stage_import(
        &self,
        ctx: &Ctx,
        bytes: &[u8],
        format: ExchangeFormat,
        session_secret: &str,
    ) -> AppResult<(ImportReport, StagedImport)> {
        if bytes.len() as u64 > self.upload_limit {
            return Err(AppError::BadFile(format!(
                "the file is larger than the upload limit of {} bytes",
                self.upload_limit
            )));
        }
        let options = ImportOptions {
            dry_run: true,
            ..ImportOptions::add()
        };
        let report = self.import_agreements(ctx, bytes, format, options, &|_| {}).await?;
        let sha256 = hex(&Sha256::digest(bytes));
        let issued = ctx.now.unix_timestamp();
        let tag = hex(&mac(ctx, session_secret, &sha256, format, issued)?
            .finalize()
            .into_bytes());
        self.blobs.put(&sha256, bytes).await?;
        let ticket = StagedImport {
            sha256,
            format,
            issued,
            tag,
        };
        Ok((report, ticket))
    }

    /// Imports (adding, all or nothing) the file a ticket names, if the ticket is this
    /// user's, from this session, and fresh; the rows are checked again.
    pub async fn import_staged(
        &self,
        ctx: &Ctx,
        ticket: &StagedImport,
        session_secret: &str,
    ) -> AppResult<ImportReport> {
        let expected = mac(ctx, session_secret, &ticket.sha256, ticket.format, ticket.issued)?;
        let tag = decode_hex(&ticket.tag).unwrap_or_default();
        if expected.verify_slice(&tag).is_err() {
            return Err(AppError::Forbidden(
                "this import preview belongs to another user or session; upload the file again".to_owned(),
            ));
        }
        let age = ctx.now.unix_timestamp() - ticket.issued;
        if !(0..=TICKET_SECONDS).contains(&age) {
            return Err(AppError::Conflict(
                "the import preview has expired; upload the file again".to_owned(),
            ));
        }
        let bytes = self
            .blobs
            .get(&ticket.sha256)
            .await?
            .ok_or_else(|| AppError::NotFound("the previewed file".to_owned()))?;
        // The store is content-addressed, but a corrupted copy must not be imported.
        if hex(&Sha256::digest(&bytes)) != ticket.sha256 {
            return Err(AppError::Conflict(
                "the previewed file has changed; upload it again".to_owned(),
            ));
        }
        self.import_agreements(ctx, &bytes, ticket.format, ImportOptions::add(), &|_| {})
            .await
    }
}

fn decode_hex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| s.get(i..i + 2).and_then(|b| u8::from_str_radix(b, 16).ok()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips() {
        let bytes = [0u8, 1, 0xab, 0xff];
        assert_eq!(decode_hex(&hex(&bytes)).unwrap(), bytes);
        assert_eq!(decode_hex("abc"), None);
        assert_eq!(decode_hex("zz"), None);
    }
}
