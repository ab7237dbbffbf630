//! The action plan of an agreement (*rencana aksi*): what each side will do, by which
//! regional agency (OPD), when, with which budget, and measured by which indicators.

use super::fields::{amount, date, line, text};
use crate::code_enum::code_enum;
use crate::codes::{SdgCode, SdgLevel, UrusanCode};
use crate::error::FieldErrors;
use crate::ids::AgreementId;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

code_enum!(
    /// Where the money for a plan item comes from.
    BudgetSource {
        /// The region's budget (*APBD*).
        Apbd = "apbd",
        /// The partner pays.
        Partner = "partner",
        /// A grant (*hibah*).
        Grant = "grant",
        Other = "other",
    }
);

/// How an item's result is measured, with the SDG indicators it reports on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Indicator {
    pub text: String,
    /// SDG indicator codes (`4.1.1`).
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub sdg_indicators: Vec<SdgCode>,
}

/// One item of an agreement's action plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanItem {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub id: uuid::Uuid,
    pub agreement_id: AgreementId,
    /// The field of cooperation (urusan code, `1.01`).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub field: UrusanCode,
    /// What will be done.
    pub activity: String,
    /// The lead regional agency (*OPD*).
    pub lead_opd: String,
    /// The partner's unit in charge.
    pub partner_unit: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub start_on: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub end_on: Date,
    pub budget_source: BudgetSource,
    /// Planned budget in rupiah.
    pub budget_planned: i64,
    pub indicators: Vec<Indicator>,
    pub created_by: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub updated_at: OffsetDateTime,
    pub version: i64,
}

/// An indicator as a client sends it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndicatorInput {
    pub text: Option<String>,
    /// SDG indicator codes (`4.1.1`), not goals or targets.
    pub sdg_indicators: Option<Vec<String>>,
}

/// A plan item as a client sends it (create and replace).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanItemInput {
    /// Urusan code (`GET /api/v1/fields`).
    pub field: Option<String>,
    pub activity: Option<String>,
    pub lead_opd: Option<String>,
    pub partner_unit: Option<String>,
    /// `YYYY-MM-DD`; plans may lie in the future.
    pub start_on: Option<String>,
    /// `YYYY-MM-DD`, not before `start_on`.
    pub end_on: Option<String>,
    /// `apbd`, `partner`, `grant` or `other`.
    pub budget_source: Option<String>,
    /// Rupiah, not negative (0 when absent).
    pub budget_planned: Option<i64>,
    pub indicators: Option<Vec<IndicatorInput>>,
}

/// A parsed plan item, not yet stored.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanItemDraft {
    pub field: UrusanCode,
    pub activity: String,
    pub lead_opd: String,
    pub partner_unit: Option<String>,
    pub start_on: Date,
    pub end_on: Date,
    pub budget_source: BudgetSource,
    pub budget_planned: i64,
    pub indicators: Vec<Indicator>,
}

impl PlanItemInput {
    pub fn parse(&self) -> Result<PlanItemDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let field = errors
            .required("field", self.field.as_deref())
            .and_then(|f| errors.take("field", f.parse::<UrusanCode>()));
        let activity = line(&mut errors, "activity", self.activity.as_deref(), true);
        let lead_opd = line(&mut errors, "lead_opd", self.lead_opd.as_deref(), true);
        let partner_unit = line(&mut errors, "partner_unit", self.partner_unit.as_deref(), false);
        let start_on = date(&mut errors, "start_on", self.start_on.as_deref(), true);
        let end_on = date(&mut errors, "end_on", self.end_on.as_deref(), true);
        if let (Some(s), Some(e)) = (start_on, end_on)
            && e < s
        {
            errors.push("end_on", "before_start", "the timeline ends before it starts");
        }
        let budget_source = errors
            .required("budget_source", self.budget_source.as_deref())
            .and_then(|b| errors.take("budget_source", b.parse::<BudgetSource>()));
        let budget_planned = amount(&mut errors, "budget_planned", self.budget_planned).unwrap_or(0);
        let indicators = parse_indicators(&mut errors, self.indicators.as_deref().unwrap_or_default());
        match (field, activity, lead_opd, start_on, end_on, budget_source) {
            (Some(field), Some(activity), Some(lead_opd), Some(start_on), Some(end_on), Some(budget_source))
                if errors.is_empty() =>
            {
                Ok(PlanItemDraft {
                    field,
                    activity,
                    lead_opd,
                    partner_unit,
                    start_on,
                    end_on,
                    budget_source,
                    budget_planned,
                    indicators,
                })
            }
            _ => Err(errors),
        }
    }
}

fn parse_indicators(errors: &mut FieldErrors, inputs: &[IndicatorInput]) -> Vec<Indicator> {
    let mut out = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        let prefix = format!("indicators[{i}].");
        let mut e = FieldErrors::new();
        let text = text(&mut e, "text", input.text.as_deref(), true);
        let codes: Vec<SdgCode> = e.parse_list("sdg_indicators", input.sdg_indicators.as_deref());
        for (j, c) in codes.iter().enumerate() {
            if c.level() != SdgLevel::Indicator {
                e.push(
                    format!("sdg_indicators[{j}]"),
                    "not_indicator",
                    format!("'{c}' is not an SDG indicator (like 4.1.1)"),
                );
            }
        }
        let ok = e.is_empty();
        errors.extend_prefixed(&prefix, e);
        if let (Some(text), true) = (text, ok) {
            out.push(Indicator {
                text,
                sdg_indicators: codes,
            });
        }
    }
    out
}

impl PlanItemDraft {
    pub fn into_item(self, agreement_id: AgreementId, created_by: String, now: OffsetDateTime) -> PlanItem {
        PlanItem {
            id: uuid::Uuid::now_v7(),
            agreement_id,
            field: self.field,
            activity: self.activity,
            lead_opd: self.lead_opd,
            partner_unit: self.partner_unit,
            start_on: self.start_on,
            end_on: self.end_on,
            budget_source: self.budget_source,
            budget_planned: self.budget_planned,
            indicators: self.indicators,
            created_by,
            created_at: now,
            updated_at: now,
            version: 1,
        }
    }

    /// The item with this draft's values, one version on.
    pub fn apply_to(self, item: &PlanItem, now: OffsetDateTime) -> PlanItem {
        PlanItem {
            field: self.field,
            activity: self.activity,
            lead_opd: self.lead_opd,
            partner_unit: self.partner_unit,
            start_on: self.start_on,
            end_on: self.end_on,
            budget_source: self.budget_source,
            budget_planned: self.budget_planned,
            indicators: self.indicators,
            updated_at: now,
            version: item.version + 1,
            ..item.clone()
        }
    }
}

/// What an agreement's action plan and activities add up to, for its health score.
/// Amounts in rupiah.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanFacts {
    pub plan_items: u32,
    /// Plan items with at least one recorded activity linked to them.
    pub plan_items_with_activity: u32,
    /// The sum of the plan items' planned budgets.
    pub budget_planned: i64,
    /// The sum of the recorded activities' costs.
    pub budget_spent: i64,
    /// Trips abroad (PDLN) whose report is past due and not filed.
    pub overdue_trip_reports: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> PlanItemInput {
        PlanItemInput {
            field: Some("1.01".into()),
            activity: Some("Pertukaran guru".into()),
            lead_opd: Some("Dinas Pendidikan".into()),
            partner_unit: None,
            start_on: Some("2027-01-01".into()),
            end_on: Some("2027-06-30".into()),
            budget_source: Some("apbd".into()),
            budget_planned: Some(50_000_000),
            indicators: Some(vec![IndicatorInput {
                text: Some("20 guru".into()),
                sdg_indicators: Some(vec!["4.c.1".into()]),
            }]),
        }
    }

    #[test]
    fn a_complete_item_parses_with_future_dates() {
        let d = input().parse().unwrap();
        assert_eq!(d.budget_source, BudgetSource::Apbd);
        assert_eq!(d.indicators[0].sdg_indicators[0].as_str(), "4.c.1");
    }

    #[test]
    fn bad_values_are_named() {
        let mut i = input();
        i.end_on = Some("2026-12-31".into());
        i.budget_source = Some("loan".into());
        i.budget_planned = Some(-1);
        i.indicators = Some(vec![IndicatorInput {
            text: Some("x".into()),
            sdg_indicators: Some(vec!["4.1".into()]),
        }]);
        let e = i.parse().unwrap_err();
        let fields: Vec<(&str, &str)> = e.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect();
        assert!(fields.contains(&("end_on", "before_start")), "{fields:?}");
        assert!(fields.contains(&("budget_source", "invalid_choice")));
        assert!(fields.contains(&("budget_planned", "negative")));
        assert!(fields.contains(&("indicators[0].sdg_indicators[0]", "not_indicator")));
    }
}
