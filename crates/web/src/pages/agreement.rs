//! An agreement's page, and the confirmation or rejection of its suggested SDG targets.

use super::sdg::{SdgPanel, suggestion_views};
use super::views::{LinkView, PartyView, party_view};
use super::{Layout, page_error, render};
use crate::AppState;
use crate::auth::Caller;
use crate::i18n::Tr;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::Form;
use serde::Deserialize;

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
}

pub async fn agreement(State(state): State<AppState>, caller: Caller, uri: Uri, Path(id): Path<String>) -> Response {
    let t = Tr::new(caller.lang);
    let view = match state.app.registry.get_agreement_view(&caller.ctx, &id).await {
        Ok(v) => v,
        Err(e) => return page_error(uri.path(), e),
    };
    let activities = state
        .app
        .registry
        .list_activities(&caller.ctx, &id)
        .await
        .unwrap_or_default();
    // Without a search index (or on its failure) the page simply has no such list.
    let similar = state
        .app
        .search
        .similar_agreements(&caller.ctx, &id, 5)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|h| LinkView {
            href: h.href,
            text: h.title,
        })
        .collect();
    let reference = state.app.reference.snapshot();
    let a = &view.agreement;
    let sdg_panel = if state.app.registry.can_edit_agreement(&caller.ctx, a) {
        match state
            .app
            .registry
            .agreement_sdg_suggestions(&caller.ctx, &id, None)
            .await
        {
            Ok(items) => Some(SdgPanel {
                items: suggestion_views(&t, &reference, items, |target| {
                    format!("/kerja-sama/{}/sdg/{target}", a.id)
                }),
            }),
            Err(e) => {
                tracing::warn!(error = %e, agreement = %a.id, "SDG suggestions not shown");
                None
            }
        }
    } else {
        None
    };
    let mut timeline = Vec::new();
    for (date, key) in [
        (a.signed_on, "agreement.signed_on"),
        (a.effective_on, "agreement.effective_on"),
        (view.flags.extension_deadline, "agreement.extension_deadline"),
        (a.expires_on, "agreement.expires_on"),
    ] {
        if let Some(d) = date {
            timeline.push((d, t.t(key).to_owned()));
        }
    }
    timeline.sort_by_key(|(d, _)| *d);
    let mut flags = Vec::new();
    if view.flags.expiring {
        flags.push(t.fmt("flag.expiring", &[("days", &view.flags.days_to_expiry.unwrap_or(0))]));
    }
    if view.flags.dormant {
        flags.push(t.t("flag.dormant").to_owned());
    }
    if view.flags.renewal_of_text_due {
        flags.push(t.t("flag.renewal_of_text_due").to_owned());
    }
    let legal = jalin_domain::legal_basis::find(&a.legal_basis)
        .map(|b| {
            if t.is_id() {
                b.label_id.to_owned()
            } else {
                b.label_en.to_owned()
            }
        })
        .unwrap_or_else(|| a.legal_basis.clone());
    render(&AgreementPage {
        t,
        layout: Layout::for_caller(&state, &caller, t.pick(&a.title_id, a.title_en.as_deref()))
            .in_section("registry", super::here(&uri)),
        title: t.pick(&a.title_id, a.title_en.as_deref()).to_owned(),
        title_other: if t.is_id() {
            a.title_en.clone()
        } else {
            Some(a.title_id.clone())
        },
        description: if t.is_id() {
            a.description_id.clone().or(a.description_en.clone())
        } else {
            a.description_en.clone().or(a.description_id.clone())
        },
        form_label: t.code("form", a.form.as_str()),
        subtype_label: t.code("subtype", a.subtype.as_str()),
        tier_label: t.code("tier", a.tier.as_str()),
        status: a.status.as_str().to_owned(),
        status_label: t.code("status", a.status.as_str()),
        legal_basis: legal,
        parties: a.parties.iter().map(|p| party_view(&t, &reference, p)).collect(),
        objects: a
            .objects
            .iter()
            .map(|o| t.code("object", o.as_str()))
            .chain(a.other_object.iter().cloned())
            .collect(),
        fields: a
            .fields
            .iter()
            .map(|f| super::views::field_name(&t, &reference, f))
            .collect(),
        sdgs: a
            .sdgs
            .iter()
            .map(|s| LinkView {
                href: format!("/sdg/{}", s.goal()),
                text: format!("SDG {}", s.as_str()),
            })
            .collect(),
        timeline: timeline
            .into_iter()
            .map(|(d, label)| TimelineEntry {
                date: t.date(&d),
                label,
            })
            .collect(),
        flags,
        activities: activities
            .into_iter()
            .map(|x| ActivityView {
                date: t.date(&x.occurred_on),
                title: x.title,
            })
            .collect(),
        demo: a.is_demo,
        api_href: format!("/api/v1/agreements/{}", a.id),
        similar,
        sdg_panel,
    })
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
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Path((id, target)): Path<(String, String)>,
    Form(form): Form<SdgDecisionForm>,
) -> Response {
    let decision = jalin_app::ports::store::SdgDecisionKind::parse(form.decision.trim());
    let Some(decision) = decision else {
        return page_error(
            uri.path(),
            jalin_app::AppError::invalid("decision", "invalid_choice", "confirmed or rejected"),
        );
    };
    match state
        .app
        .registry
        .decide_sdg_suggestion(&caller.ctx, &id, &target, decision)
        .await
    {
        Ok(_) => axum::response::Redirect::to(&format!("/kerja-sama/{id}#saran-sdg")).into_response(),
        Err(e) => page_error(uri.path(), e),
    }
}
