//! An agreement's page, and the confirmation or rejection of its suggested SDG targets.

use super::sdg::{SdgPanel, suggestion_views};
use super::views::{LinkView, PartyView, field_name, in_reader_language, party_view};
use super::{Layout, OrPage, PageResult, render};
use crate::AppState;
use crate::auth::Caller;
use crate::i18n::Tr;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::{IntoResponse, Redirect};
use axum_extra::extract::Form;
use jalin_app::AppError;
use jalin_app::ports::store::Activity;
use jalin_app::reference::ReferenceSnapshot;
use jalin_app::registry::Registry;
use jalin_app::registry::{AgreementFlags, AgreementView};
use jalin_domain::agreement::Agreement;
use serde::Deserialize;
use std::sync::Arc;

/// A dated event of an agreement's life.
pub struct TimelineEntry {
    pub date: String,
    pub label: String,
}

pub struct ActivityView {
    pub date: String,
    pub title: String,
}

#[derive(Template)]
#[template(path = "agreement.html")]
pub struct AgreementPage {
    pub t: Tr,
    pub layout: Layout,
    pub title: String,
    pub title_other: Option<String>,
    pub description: Option<String>,
    pub form_label: String,
    pub subtype_label: String,
    pub tier_label: String,
    pub status: String,
    pub status_label: String,
    pub legal_basis: String,
    pub parties: Vec<PartyView>,
    pub objects: Vec<String>,
    pub fields: Vec<String>,
    pub sdgs: Vec<LinkView>,
    pub timeline: Vec<TimelineEntry>,
    pub flags: Vec<String>,
    pub activities: Vec<ActivityView>,
    pub demo: bool,
    pub api_href: String,
    /// Agreements with similar text (from the search index), that the reader may see.
    pub similar: Vec<LinkView>,
    pub sdg_panel: Option<SdgPanel>,
    /// The registry record: verification, approvals, documents, edit links (issue 12).
    pub record: super::records::RecordPanel,
}

pub async fn agreement(State(state): State<AppState>, caller: Caller, uri: Uri, Path(id): Path<String>) -> PageResult {
    let t = Tr::new(caller.lang);
    let view = state
        .app
        .registry
        .get_agreement_view(&caller.ctx, &id)
        .await
        .or_page(&uri)?;
    let activities = state
        .app
        .registry
        .list_activities(&caller.ctx, &id)
        .await
        .unwrap_or_default();
    let reference = state.app.reference.snapshot();
    let a = &view.agreement;
    let layout = Layout::for_caller(&state, &caller, t.pick(&a.title_id, a.title_en.as_deref()))
        .in_section("registry", super::here(&uri));
    let extras = PageExtras {
        activities,
        similar: similar_agreements(&state, &caller, &id).await,
        sdg_panel: sdg_panel(&state, &caller, &t, &reference, &id, a).await,
        record: super::records::record_panel(&state, &caller, &t, a).await,
    };
    Ok(render(&agreement_page(t, layout, &reference, &view, extras)))
}

/// Agreements with similar text. Without a search index (or on its failure) the page
/// simply has no such list.
async fn similar_agreements(state: &AppState, caller: &Caller, id: &str) -> Vec<LinkView> {
    state
        .app
        .search
        .similar_agreements(&caller.ctx, id, 5)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|h| LinkView {
            href: h.href,
            text: h.title,
        })
        .collect()
}

/// The suggested SDG targets, for a reader who may change the agreement; a failure is
/// logged and the panel left out.
async fn sdg_panel(
    state: &AppState,
    caller: &Caller,
    t: &Tr,
    reference: &ReferenceSnapshot,
    id: &str,
    a: &Agreement,
) -> Option<SdgPanel> {
    if !state.app.registry.can_edit_agreement(&caller.ctx, a) {
        return None;
    }
    match state
        .app
        .registry
        .agreement_sdg_suggestions(&caller.ctx, id, None)
        .await
    {
        Ok(items) => Some(SdgPanel {
            items: suggestion_views(t, reference, items, |target| {
                format!("/kerja-sama/{}/sdg/{target}", a.id)
            }),
        }),
        Err(e) => {
            tracing::warn!(error = %e, agreement = %a.id, "SDG suggestions not shown");
            None
        }
    }
}

/// What the page shows besides the agreement's own record.
struct PageExtras {
    activities: Vec<Activity>,
    similar: Vec<LinkView>,
    sdg_panel: Option<SdgPanel>,
    record: super::records::RecordPanel,
}

fn agreement_page(
    t: Tr,
    layout: Layout,
    reference: &ReferenceSnapshot,
    view: &AgreementView,
    extras: PageExtras,
) -> AgreementPage {
    let a = &view.agreement;
    AgreementPage {
        t,
        layout,
        title: t.pick(&a.title_id, a.title_en.as_deref()).to_owned(),
        title_other: if t.is_id() {
            a.title_en.clone()
        } else {
            Some(a.title_id.clone())
        },
        description: in_reader_language(&t, &a.description_id, &a.description_en),
        form_label: t.code("form", a.form.as_str()),
        subtype_label: t.code("subtype", a.subtype.as_str()),
        tier_label: t.code("tier", a.tier.as_str()),
        status: a.status.as_str().to_owned(),
        status_label: t.code("status", a.status.as_str()),
        legal_basis: legal_basis_label(&t, a),
        parties: a.parties.iter().map(|p| party_view(&t, reference, p)).collect(),
        objects: a
            .objects
            .iter()
            .map(|o| t.code("object", o.as_str()))
            .chain(a.other_object.iter().cloned())
            .collect(),
        fields: a.fields.iter().map(|f| field_name(&t, reference, f)).collect(),
        sdgs: a
            .sdgs
            .iter()
            .map(|s| LinkView {
                href: format!("/sdg/{}", s.goal()),
                text: format!("SDG {}", s.as_str()),
            })
            .collect(),
        timeline: timeline(&t, view),
        flags: flags(&t, &view.flags),
        activities: extras
            .activities
            .into_iter()
            .map(|x| ActivityView {
                date: t.date(&x.occurred_on),
                title: x.title,
            })
            .collect(),
        demo: a.is_demo,
        api_href: format!("/api/v1/agreements/{}", a.id),
        similar: extras.similar,
        sdg_panel: extras.sdg_panel,
        record: extras.record,
    }
}

/// The legal basis by its label, or as recorded when it is not a known one.
fn legal_basis_label(t: &Tr, a: &Agreement) -> String {
    jalin_domain::legal_basis::find(&a.legal_basis)
        .map(|b| t.either(b.label_id, b.label_en).to_owned())
        .unwrap_or_else(|| a.legal_basis.clone())
}

/// The agreement's known dates in order.
fn timeline(t: &Tr, view: &AgreementView) -> Vec<TimelineEntry> {
    let a = &view.agreement;
    let mut dated: Vec<_> = [
        (a.signed_on, "agreement.signed_on"),
        (a.effective_on, "agreement.effective_on"),
        (view.flags.extension_deadline, "agreement.extension_deadline"),
        (a.expires_on, "agreement.expires_on"),
    ]
    .into_iter()
    .filter_map(|(date, key)| date.map(|d| (d, key)))
    .collect();
    dated.sort_by_key(|(d, _)| *d);
    dated
        .into_iter()
        .map(|(d, key)| TimelineEntry {
            date: t.date(&d),
            label: t.t(key).to_owned(),
        })
        .collect()
}

/// What needs attention: expiry, dormancy, a text due for renewal.
fn flags(t: &Tr, flags: &AgreementFlags) -> Vec<String> {
    let mut out = Vec::new();
    if flags.expiring {
        out.push(t.fmt("flag.expiring", &[("days", &flags.days_to_expiry.unwrap_or(0))]));
    }
    if flags.dormant {
        out.push(t.t("flag.dormant").to_owned());
    }
    if flags.renewal_of_text_due {
        out.push(t.t("flag.renewal_of_text_due").to_owned());
    }
    out
}

/// The agreement page's decision on a suggested SDG target.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SdgDecisionForm {
    /// `confirmed` or `rejected`.
    pub decision: String,
}

/// Confirms or rejects a suggested SDG target from the agreement page, then returns there.
pub async fn decide_sdg(
    State(registry): State<Arc<Registry>>,
    caller: Caller,
    uri: Uri,
    Path((id, target)): Path<(String, String)>,
    Form(form): Form<SdgDecisionForm>,
) -> PageResult {
    let decision = jalin_app::ports::store::SdgDecisionKind::parse(form.decision.trim());
    let decision = decision
        .ok_or_else(|| AppError::invalid("decision", "invalid_choice", "confirmed or rejected"))
        .or_page(&uri)?;
    registry
        .decide_sdg_suggestion(&caller.ctx, &id, &target, decision)
        .await
        .or_page(&uri)?;
    Ok(Redirect::to(&format!("/kerja-sama/{id}#saran-sdg")).into_response())
}
