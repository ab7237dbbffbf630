//! Keeping a registry record true after its signing: its change history (from the audit
//! trail), the end of its life (termination, extension) as changes of the record, and the
//! documents attached to it (the signed text).

use super::Registry;
use crate::audit::{self, NewAuditEventExt};
use crate::authz::require;
use crate::ctx::Ctx;
use crate::ports::store::{AgreementDocument, AuditFilter, Listing, Page};
use crate::{AppError, AppResult};
use jalin_domain::agreement::Agreement;
use jalin_domain::audit::{AuditEvent, codes};
use jalin_domain::authz::Action;
use jalin_domain::files::{self, FileRefusal};
use jalin_domain::ids::AgreementId;
use sha2::{Digest, Sha256};

/// The document kind of an agreement's signed text.
pub const SIGNED_TEXT: &str = "signed_text";

impl Registry {
    /// The agreement, if the actor may change it (else not found / forbidden).
    async fn editable(&self, ctx: &Ctx, id: &str) -> AppResult<Agreement> {
        let grant = require(ctx, Action::RegistryWrite)?;
        let id: AgreementId = id.parse().map_err(|_| AppError::NotFound(format!("agreement {id}")))?;
        let mut tx = self.store.read().await?;
        let a = tx
            .agreements()
            .get(id)
            .await?
            .filter(|a| grant.registry_visibility().shows(a.status, a.region_codes()))
            .ok_or_else(|| AppError::NotFound(format!("agreement {id}")))?;
        grant.check(grant.covers_agreement(&a), "this agreement")?;
        Ok(a)
    }

    /// The change history of an agreement, newest first: who changed which fields from what
    /// to what. For those who may change the agreement.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn agreement_history(
        &self,
        ctx: &Ctx,
        id: &str,
        page: Page,
    ) -> AppResult<(Agreement, Listing<AuditEvent>)> {
        let a = self.editable(ctx, id).await?;
        let filter = AuditFilter {
            target_type: Some("agreement".to_owned()),
            target_id: Some(a.id.to_string()),
            ..AuditFilter::default()
        };
        let mut tx = self.store.read().await?;
        let events = tx.audit().list(&filter, page).await?;
        Ok((a, events))
    }

    /// Ends an agreement early: status `terminated` with the date and the reason (validated
    /// like every change: the date lies in the past, after the signing).
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn terminate_agreement(
        &self,
        ctx: &Ctx,
        id: &str,
        terminated_on: Option<String>,
        reason: Option<String>,
        expected_version: Option<i64>,
    ) -> AppResult<Agreement> {
        let mut errors = jalin_domain::FieldErrors::new();
        let on = errors.required("terminated_on", terminated_on.as_deref());
        let reason = errors.required("termination_reason", reason.as_deref());
        errors.finish(())?;
        let patch = serde_json::json!({
            "status": "terminated",
            "terminated_on": on,
            "termination_reason": reason,
        });
        self.patch_agreement(ctx, id, &patch, expected_version).await
    }

    /// Extends an agreement to a new expiry date (Permendagri 25/2020 Pasal 33).
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn extend_agreement(
        &self,
        ctx: &Ctx,
        id: &str,
        expires_on: Option<String>,
        expected_version: Option<i64>,
    ) -> AppResult<Agreement> {
        let current = self.editable(ctx, id).await?;
        let mut errors = jalin_domain::FieldErrors::new();
        let new_end = errors.required("expires_on", expires_on.as_deref());
        errors.finish(())?;
        if let (Some(old), Some(new)) = (current.expires_on, new_end.as_deref())
            && new <= old.to_string().as_str()
        {
            return Err(AppError::invalid(
                "expires_on",
                "not_later",
                format!("an extension ends after the current expiry ({old})"),
            ));
        }
        // An expired agreement that is extended runs again.
        let mut patch = serde_json::json!({"expires_on": new_end, "open_ended": false});
        if current.status == jalin_domain::agreement::AgreementStatus::Expired {
            patch["status"] = serde_json::json!("in_force");
        }
        self.patch_agreement(ctx, id, &patch, expected_version).await
    }

    /// Documents attached to an agreement the actor may read.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn agreement_documents(&self, ctx: &Ctx, id: &str) -> AppResult<Vec<AgreementDocument>> {
        let a = self.get_agreement(ctx, id).await?;
        let mut tx = self.store.read().await?;
        Ok(tx.agreements().documents(a.id).await?)
    }

    /// A document's record and bytes, for those who may read the agreement.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn agreement_document(&self, ctx: &Ctx, id: &str, doc: &str) -> AppResult<(AgreementDocument, Vec<u8>)> {
        let documents = self.agreement_documents(ctx, id).await?;
        let d = documents
            .into_iter()
            .find(|d| d.id.to_string() == doc)
            .ok_or_else(|| AppError::NotFound(format!("document {doc}")))?;
        let bytes = self
            .blobs
            .get(&d.sha256)
            .await
            .map_err(AppError::Internal)?
            .ok_or_else(|| AppError::NotFound(format!("document {doc}")))?;
        Ok((d, bytes))
    }

    /// Checks an upload as [`Registry::attach_document`] will (format, size), so that a form
    /// can refuse a bad file before it stores anything.
    pub fn check_upload(&self, bytes: &[u8]) -> AppResult<()> {
        files::check(bytes, self.upload_limit)
            .map(|_| ())
            .map_err(|r| AppError::invalid("signed_text", "unsupported_format", r.to_string()))
    }

    /// Attaches a file (the signed text) to an agreement the actor may change. The format
    /// is told from the content; the bytes are stored before the record points at them.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn attach_document(
        &self,
        ctx: &Ctx,
        id: &str,
        kind: &str,
        bytes: &[u8],
        filename: &str,
    ) -> AppResult<AgreementDocument> {
        let a = self.editable(ctx, id).await?;
        let format = files::check(bytes, self.upload_limit).map_err(|r| {
            let code = match r {
                FileRefusal::Empty => "empty",
                FileRefusal::TooLarge { .. } => "too_large",
                FileRefusal::UnknownFormat => "unsupported_format",
            };
            AppError::invalid("file", code, r.to_string())
        })?;
        let sha256: String = Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect();
        self.blobs.put(&sha256, bytes).await.map_err(AppError::Internal)?;
        let doc = AgreementDocument {
            id: uuid::Uuid::now_v7(),
            agreement_id: a.id,
            kind: kind.to_owned(),
            sha256: sha256.clone(),
            size: bytes.len() as i64,
            content_type: format.content_type().to_owned(),
            filename: files::clean_filename(filename, format),
            uploaded_by: ctx.actor.label(),
            uploaded_at: ctx.now,
        };
        let mut tx = self.store.write().await?;
        tx.cases()
            .register_blob(&sha256, doc.size, &doc.content_type, ctx.now)
            .await?;
        tx.agreements().add_document(&doc).await?;
        tx.audit()
            .append(
                &audit::event(ctx, codes::AGREEMENT_DOCUMENT_ADDED, "agreement", a.id)
                    .region(a.region_codes().next())
                    .after(serde_json::json!({"document": doc.id.to_string(), "kind": kind, "file": doc.filename, "sha256": sha256})),
            )
            .await?;
        tx.commit().await?;
        Ok(doc)
    }
}
