//! Files attached to cases: uploads checked by content, stored once per content (SHA-256),
//! and read back only by those who may read the case.

#[allow(unused_imports)]
use super::eligibility::*;
#[allow(unused_imports)]
use super::inputs::*;
#[allow(unused_imports)]
use super::support::*;
#[allow(unused_imports)]
use super::views::*;
use super::*;
use crate::authz::Grant;
use crate::authz::require;
use crate::ctx::Ctx;
use crate::{AppError, AppResult};
use jalin_domain::authz::Action;
use jalin_domain::case::{Case, DocumentFile};
use jalin_domain::files::{self, FileRefusal};
use jalin_domain::ids::DocumentId;
use sha2::{Digest, Sha256};

impl Cases {
    /// The case, if the grant covers it (one reading of [`Cases::load_case`]).
    async fn case_in_scope(&self, grant: &Grant, id: &str) -> AppResult<Case> {
        let mut tx = self.store.read().await?;
        self.load_case(tx.as_mut(), grant, id).await
    }

    /// Stores an uploaded file for a case; the returned SHA-256 is then named by a document
    /// of the next step. The format is told from the content; the name only labels it.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn upload_file(&self, ctx: &Ctx, case: &str, bytes: &[u8], filename: &str) -> AppResult<DocumentFile> {
        let grant = require(ctx, Action::CaseTransition)?;
        let case = self.case_in_scope(&grant, case).await?;
        let format = files::check(bytes, self.upload_limit).map_err(|r| {
            let code = match r {
                FileRefusal::Empty => "empty",
                FileRefusal::TooLarge { .. } => "too_large",
                FileRefusal::UnknownFormat => "unsupported_format",
            };
            AppError::invalid("file", code, r.to_string())
        })?;
        let sha256: String = Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect();
        // Bytes first, then the record: a record never points at missing bytes.
        self.blobs.put(&sha256, bytes).await.map_err(AppError::Internal)?;
        let mut tx = self.store.write().await?;
        tx.cases()
            .register_blob(&sha256, bytes.len() as i64, format.content_type(), ctx.now)
            .await?;
        tx.cases().record_case_upload(case.id, &sha256, ctx.now).await?;
        // Its text is read once, by a job queued with the file.
        if tx.jobs().document_text(&sha256).await?.is_none() {
            tx.jobs().enqueue("extract", &sha256, ctx.now).await?;
        }
        tx.commit().await?;
        self.wake_search();
        Ok(DocumentFile {
            sha256,
            size: bytes.len() as i64,
            content_type: format.content_type().to_owned(),
            filename: files::clean_filename(filename, format),
        })
    }

    /// A case document's file and bytes, for those who may read the case.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn document_content(&self, ctx: &Ctx, case: &str, document: &str) -> AppResult<(DocumentFile, Vec<u8>)> {
        let grant = require(ctx, Action::CaseRead)?;
        let case = self.case_in_scope(&grant, case).await?;
        let doc_id: DocumentId = document
            .parse()
            .map_err(|_| AppError::NotFound(format!("document {document}")))?;
        let mut tx = self.store.read().await?;
        let doc = tx
            .cases()
            .document(case.id, doc_id)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("document {document}")))?;
        let file = doc
            .file
            .ok_or_else(|| AppError::NotFound(format!("document {document} has no file")))?;
        let bytes = self
            .blobs
            .get(&file.sha256)
            .await
            .map_err(AppError::Internal)?
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("the bytes of file {} are missing", file.sha256)))?;
        Ok((file, bytes))
    }
}
