//! What the evaluation and health pages show: health with its reasons and revival prompts,
//! dormant rows for the dashboards, and the summary of an evaluation round.

use crate::i18n::Tr;
use crate::pages::views::{AgreementRow, agreement_row};
use jalin_app::monitoring::{AgreementHealth, EvaluationSummary, HealthRow};
use jalin_app::reference::ReferenceSnapshot;
use jalin_domain::monitoring::evaluation::{Criterion, FiledSide, Side};
use jalin_domain::monitoring::health::{Band, RevivalKind};

pub struct ReasonView {
    pub code: String,
    pub text: String,
    pub value: i64,
    pub penalty: u32,
}

pub struct RevivalView {
    pub date: String,
    pub label: String,
    pub by: String,
    pub note: String,
}

/// A revival prompt button: a form posting `kind` to `action`.
pub struct PromptView {
    pub kind: &'static str,
    pub label: String,
    pub action: String,
    /// `revive-{kind}-{agreement id}`.
    pub button_id: String,
}

pub struct HealthView {
    pub agreement_id: String,
    pub score: u8,
    pub band: &'static str,
    pub band_label: String,
    pub reasons: Vec<ReasonView>,
    pub last_activity: String,
    pub revivals: Vec<RevivalView>,
    /// Offered for dormant agreements when the reader may take them.
    pub prompts: Vec<PromptView>,
}

pub fn health_view(t: &Tr, h: &AgreementHealth, can_revive: bool) -> HealthView {
    let id = h.agreement_id.to_string();
    let dormant = h.health.band == Band::Dormant;
    HealthView {
        agreement_id: id.clone(),
        score: h.health.score,
        band: h.health.band.as_str(),
        band_label: t.either(h.health.band.label_id(), h.health.band.label_en()).to_owned(),
        reasons: h
            .health
            .reasons
            .iter()
            .map(|r| ReasonView {
                code: r.code.clone(),
                text: t.either(&r.text_id, &r.text_en).clone(),
                value: r.value,
                penalty: r.penalty,
            })
            .collect(),
        last_activity: h.last_activity.map(|d| t.date(&d)).unwrap_or_else(|| "—".to_owned()),
        revivals: h
            .revivals
            .iter()
            .map(|r| RevivalView {
                date: t.date(&r.taken_at.date()),
                label: t.either(r.kind.label_id(), r.kind.label_en()).to_owned(),
                by: r.taken_by.trim_start_matches("user:").to_owned(),
                note: r.note.clone().unwrap_or_default(),
            })
            .collect(),
        prompts: if dormant && can_revive {
            RevivalKind::ALL
                .iter()
                .map(|k| PromptView {
                    kind: k.as_str(),
                    label: t.either(k.label_id(), k.label_en()).to_owned(),
                    action: format!("/kerja-sama/{id}/revitalisasi"),
                    button_id: format!("revive-{}-{id}", k.as_str()),
                })
                .collect()
        } else {
            Vec::new()
        },
    }
}

/// A dormant or at-risk agreement on a dashboard.
pub struct DormantRow {
    pub row: AgreementRow,
    pub health: HealthView,
}

pub fn dormant_rows(t: &Tr, reference: &ReferenceSnapshot, rows: &[HealthRow], can_revive: bool) -> Vec<DormantRow> {
    rows.iter()
        .map(|r| DormantRow {
            row: agreement_row(t, reference, &r.agreement),
            health: health_view(t, &r.health, can_revive),
        })
        .collect()
}

pub struct CriterionRow {
    pub label: String,
    pub region: String,
    pub partner: String,
}

pub struct SideView {
    pub side: &'static str,
    pub side_label: String,
    pub filed: bool,
    pub recommendation: String,
    pub recommendation_code: String,
    pub justification: String,
    pub mean: String,
}

/// Both sides of a round side by side (the partial `evaluation_summary.html`).
pub struct SummaryView {
    pub year: i32,
    pub complete: bool,
    pub criteria: Vec<CriterionRow>,
    pub sides: Vec<SideView>,
}

fn score_text(side: Option<&FiledSide>, c: Criterion) -> String {
    let Some(s) = side.and_then(|s| s.scores.iter().find(|x| x.criterion == c)) else {
        return "—".to_owned();
    };
    match &s.comment {
        Some(comment) => format!("{} — {comment}", s.score),
        None => s.score.to_string(),
    }
}

pub fn summary_view(t: &Tr, s: &EvaluationSummary) -> SummaryView {
    let side = |which: Side, filed: Option<&FiledSide>| SideView {
        side: which.as_str(),
        side_label: t.either(which.label_id(), which.label_en()).to_owned(),
        filed: filed.is_some(),
        recommendation: filed
            .map(|f| {
                t.either(f.recommendation.label_id(), f.recommendation.label_en())
                    .to_owned()
            })
            .unwrap_or_else(|| t.either("Belum diisi", "Not filed yet").to_owned()),
        recommendation_code: filed.map(|f| f.recommendation.as_str().to_owned()).unwrap_or_default(),
        justification: filed.map(|f| f.justification.clone()).unwrap_or_default(),
        mean: filed
            .map(|f| format!("{:.1}", f.mean()))
            .unwrap_or_else(|| "—".to_owned()),
    };
    SummaryView {
        year: s.year,
        complete: s.complete,
        criteria: Criterion::ALL
            .iter()
            .map(|c| CriterionRow {
                label: t.either(c.label_id(), c.label_en()).to_owned(),
                region: score_text(s.region.as_ref(), *c),
                partner: score_text(s.partner.as_ref(), *c),
            })
            .collect(),
        sides: vec![
            side(Side::Region, s.region.as_ref()),
            side(Side::Partner, s.partner.as_ref()),
        ],
    }
}
