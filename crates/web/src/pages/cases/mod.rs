//! The officers' workspace: my cases, the new-case wizard with live eligibility, the case
//! page (stage tracker, documents with upload, requirements, the steps my role may take,
//! history).

mod list;
mod new;
mod show;
mod upload;
mod wizard;

pub use list::my_cases;
pub use new::{create_case, eligibility, new_case, partner_search, sdg_suggestions};
pub use show::{case_page, decide};
pub use upload::{download, take_step};

use crate::i18n::Tr;
pub use crate::pages::views::Choice;
use jalin_domain::eligibility::Outcome;
use jalin_domain::role::Role;

pub struct RuleView {
    pub rule: String,
    pub title: String,
    pub outcome: String,
    pub outcome_label: String,
    pub explanation: String,
    pub article: String,
    pub decided_by: Option<String>,
    pub reason: Option<String>,
    /// Decisions the reader may record on this rule: `(outcome, label)`.
    pub decisions: Vec<(String, String)>,
}

fn rule_views(t: &Tr, results: &[jalin_domain::eligibility::RuleResult], role: Option<Role>) -> Vec<RuleView> {
    results
        .iter()
        .map(|r| {
            let def = jalin_domain::eligibility::rule(r.rule);
            let mut decisions = Vec::new();
            if let Some(role) = role {
                if def.attested_by.contains(&role) {
                    decisions.push(("pass".to_owned(), t.t("case.decide_pass").to_owned()));
                    decisions.push(("fail".to_owned(), t.t("case.decide_fail").to_owned()));
                }
                if def.waivable_by.contains(&role) {
                    decisions.push(("waived".to_owned(), t.t("case.decide_waive").to_owned()));
                }
            }
            let outcome = outcome_code(r.outcome);
            RuleView {
                rule: r.rule.as_str().to_owned(),
                title: t.either(r.title_id, r.title_en).to_owned(),
                outcome_label: t.code("outcome", &outcome),
                outcome,
                explanation: t.either(&r.explanation_id, &r.explanation_en).clone(),
                article: r.article.to_owned(),
                decided_by: r.decided_by.clone(),
                reason: r.reason.clone(),
                decisions,
            }
        })
        .collect()
}

/// A requirement's outcome by its code (`pass`, `fail`, `waived`…), as serialized.
fn outcome_code(outcome: Outcome) -> String {
    serde_json::to_value(outcome)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}
