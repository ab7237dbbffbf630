//! What the agreement page shows of the registry record (one include in agreement.html):
//! its verification, the approvals it gives, its end, its documents, and the links to edit
//! it and to its history for those who may change it.

use crate::AppState;
use crate::auth::Caller;
use crate::i18n::Tr;
use jalin_domain::agreement::{Agreement, Approval, VerificationStatus, missing_approvals};

pub struct DocumentLink {
    pub href: String,
    pub name: String,
    pub kind: String,
}

pub struct RecordPanel {
    pub verification: String,
    pub verification_label: String,
    pub verification_note: Option<String>,
    /// The approvals given: label, reference, date.
    pub approvals: Vec<(String, String, String)>,
    pub lacking: Vec<String>,
    pub termination: Option<String>,
    pub documents: Vec<DocumentLink>,
    pub can_edit: bool,
    pub edit_href: String,
    pub history_href: String,
}

impl RecordPanel {
    pub fn to_verify(&self) -> bool {
        self.verification != VerificationStatus::Verified.as_str()
    }
}

pub async fn record_panel(state: &AppState, caller: &Caller, t: &Tr, a: &Agreement) -> RecordPanel {
    let id = a.id.to_string();
    let documents = state
        .app
        .registry
        .agreement_documents(&caller.ctx, &id)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|d| DocumentLink {
            href: format!("/kerja-sama/{id}/dokumen/{}", d.id),
            name: d.filename,
            kind: t.code("document_kind", &d.kind),
        })
        .collect();
    let given = [
        (
            Approval::KemluConfirmation,
            &a.kemlu_confirmation_ref,
            &a.kemlu_confirmation_on,
        ),
        (
            Approval::MinisterApproval,
            &a.minister_approval_ref,
            &a.minister_approval_on,
        ),
        (Approval::DprdDecision, &a.dprd_decision_ref, &a.dprd_decision_on),
    ];
    RecordPanel {
        verification: a.verification.as_str().to_owned(),
        verification_label: t.code("verification", a.verification.as_str()),
        verification_note: a.verification_note.clone(),
        approvals: given
            .iter()
            .filter_map(|(k, r, d)| {
                r.as_ref()
                    .map(|r| (t.code("approval", k.as_str()), r.clone(), t.opt_date(d)))
            })
            .collect(),
        lacking: missing_approvals(a)
            .iter()
            .map(|m| t.code("approval", m.as_str()))
            .collect(),
        termination: a.terminated_on.map(|d| {
            format!(
                "{}{}",
                t.date(&d),
                a.termination_reason
                    .as_ref()
                    .map(|r| format!(" — {r}"))
                    .unwrap_or_default()
            )
        }),
        documents,
        can_edit: state.app.registry.can_edit_agreement(&caller.ctx, a),
        edit_href: format!("/kerja-sama/{id}/ubah"),
        history_href: format!("/kerja-sama/{id}/riwayat"),
    }
}
