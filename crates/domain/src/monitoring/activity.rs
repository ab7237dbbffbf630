//! What was done under an agreement: visits out and in, exchanges, trainings, events,
//! grants received, with outputs, cost, participants and evidence documents. The date of
//! the latest activity tells whether an agreement is alive (dormancy).

use super::fields::{amount, line, past_date, text};
use crate::case::DocumentFile;
use crate::code_enum::code_enum;
use crate::error::FieldErrors;
use crate::ids::{AgreementId, CaseId};
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

code_enum!(
    /// The kind of an implementation activity.
    ActivityKind {
        /// A delegation of the region abroad (official foreign travel, *PDLN*).
        VisitOut = "visit_out",
        /// The partner's delegation visiting the region.
        VisitIn = "visit_in",
        /// An exchange of people (students, teachers, civil servants, artists).
        Exchange = "exchange",
        Training = "training",
        /// A joint event (festival, exhibition, forum, working-group meeting).
        Event = "event",
        /// A grant received from the partner (registered with the Ministry of Finance).
        GrantReceived = "grant_received",
        Other = "other",
    }
);

impl ActivityKind {
    /// The Indonesian name, as a report lists it.
    pub fn label_id(&self) -> &'static str {
        match self {
            Self::VisitOut => "kunjungan ke luar negeri",
            Self::VisitIn => "kunjungan mitra",
            Self::Exchange => "pertukaran",
            Self::Training => "pelatihan",
            Self::Event => "acara bersama",
            Self::GrantReceived => "hibah diterima",
            Self::Other => "kegiatan lain",
        }
    }
}

/// An implementation activity of an agreement. Activities recorded before kinds existed
/// (and those a case step records) read as `other`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityRecord {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub id: uuid::Uuid,
    pub agreement_id: AgreementId,
    pub case_id: Option<CaseId>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub occurred_on: Date,
    pub title: String,
    pub kind: ActivityKind,
    /// What came out of it (products, agreements reached, people trained).
    pub outputs: Option<String>,
    /// Cost in rupiah.
    pub cost: Option<i64>,
    /// How many people took part.
    pub participants: Option<i64>,
    /// The action-plan item it implements.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Uuid))]
    pub plan_item_id: Option<uuid::Uuid>,
    /// For a grant received: its registration reference (*nomor register hibah*).
    pub grant_reference: Option<String>,
    /// Evidence documents (photos, minutes, attendance lists), by content.
    pub evidence: Vec<DocumentFile>,
    pub created_by: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
}

impl ActivityRecord {
    /// One line of a drafted report: what, its kind, outputs, people and cost.
    pub fn report_line(&self) -> String {
        let mut line = format!("{} ({})", self.title, self.kind.label_id());
        if let Some(o) = self.outputs.as_deref().filter(|o| !o.trim().is_empty()) {
            line.push_str(&format!("; hasil: {}", o.trim()));
        }
        if let Some(p) = self.participants {
            line.push_str(&format!("; {p} peserta"));
        }
        if let Some(c) = self.cost {
            let rupiah = crate::text::group_thousands(c.max(0) as u128, ".");
            line.push_str(&format!("; biaya Rp {rupiah}"));
        }
        if let Some(g) = &self.grant_reference {
            line.push_str(&format!("; register hibah {g}"));
        }
        line
    }
}

/// An activity as a client reports it. `title` and `occurred_on` are required; the rest
/// is optional (`kind` defaults to `other`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityInput {
    /// `YYYY-MM-DD`; not in the future.
    pub occurred_on: Option<String>,
    /// What happened (a visit, an exchange, a joint working-group meeting, …).
    pub title: Option<String>,
    /// `visit_out`, `visit_in`, `exchange`, `training`, `event`, `grant_received`, `other`.
    /// A visit abroad with its travel permit is recorded as a travel (`…/travels`).
    pub kind: Option<String>,
    pub outputs: Option<String>,
    /// Rupiah, not negative.
    pub cost: Option<i64>,
    pub participants: Option<i64>,
    /// An item of the agreement's action plan.
    pub plan_item_id: Option<String>,
    /// Required for `grant_received`.
    pub grant_reference: Option<String>,
}

/// A parsed activity, not yet stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityDraft {
    pub occurred_on: Date,
    pub title: String,
    pub kind: ActivityKind,
    pub outputs: Option<String>,
    pub cost: Option<i64>,
    pub participants: Option<i64>,
    pub plan_item_id: Option<uuid::Uuid>,
    pub grant_reference: Option<String>,
}

/// The optional details of an activity, parsed (shared with travels).
pub(crate) struct Details {
    pub outputs: Option<String>,
    pub cost: Option<i64>,
    pub participants: Option<i64>,
    pub plan_item_id: Option<uuid::Uuid>,
}

pub(crate) fn details(
    errors: &mut FieldErrors,
    outputs: Option<&str>,
    cost: Option<i64>,
    participants: Option<i64>,
    plan_item_id: Option<&str>,
) -> Details {
    let outputs = text(errors, "outputs", outputs, false);
    let cost = amount(errors, "cost", cost);
    let participants = match participants {
        Some(p) if p < 0 => {
            errors.push("participants", "negative", "a number of people cannot be negative");
            None
        }
        other => other,
    };
    let plan_item_id = crate::text::non_empty(plan_item_id).and_then(|p| match uuid::Uuid::parse_str(&p) {
        Ok(u) => Some(u),
        Err(_) => {
            errors.push(
                "plan_item_id",
                "invalid_format",
                format!("'{p}' is not an identifier (UUID)"),
            );
            None
        }
    });
    Details {
        outputs,
        cost,
        participants,
        plan_item_id,
    }
}

impl ActivityInput {
    /// Checks the input; `today` bounds the date (an activity is recorded once it happened).
    pub fn parse(&self, today: Date) -> Result<ActivityDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = line(&mut errors, "title", self.title.as_deref(), true);
        let occurred_on = past_date(&mut errors, "occurred_on", self.occurred_on.as_deref(), true, today);
        let kind = crate::text::non_empty(self.kind.as_deref())
            .map(|k| errors.take("kind", k.parse::<ActivityKind>()))
            .unwrap_or(Some(ActivityKind::Other));
        let d = details(
            &mut errors,
            self.outputs.as_deref(),
            self.cost,
            self.participants,
            self.plan_item_id.as_deref(),
        );
        let grant_reference = line(
            &mut errors,
            "grant_reference",
            self.grant_reference.as_deref(),
            kind == Some(ActivityKind::GrantReceived),
        );
        match (title, occurred_on, kind) {
            (Some(title), Some(occurred_on), Some(kind)) if errors.is_empty() => Ok(ActivityDraft {
                occurred_on,
                title,
                kind,
                outputs: d.outputs,
                cost: d.cost,
                participants: d.participants,
                plan_item_id: d.plan_item_id,
                grant_reference,
            }),
            _ => Err(errors),
        }
    }
}

impl ActivityDraft {
    pub fn into_record(self, agreement_id: AgreementId, created_by: String, now: OffsetDateTime) -> ActivityRecord {
        ActivityRecord {
            id: uuid::Uuid::now_v7(),
            agreement_id,
            case_id: None,
            occurred_on: self.occurred_on,
            title: self.title,
            kind: self.kind,
            outputs: self.outputs,
            cost: self.cost,
            participants: self.participants,
            plan_item_id: self.plan_item_id,
            grant_reference: self.grant_reference,
            evidence: Vec::new(),
            created_by,
            created_at: now,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_report_line_names_kind_outputs_people_and_cost() {
        let input = ActivityInput {
            occurred_on: Some("2025-05-10".into()),
            title: Some("Pelatihan pengelolaan sampah".into()),
            kind: Some("training".into()),
            outputs: Some("12 fasilitator bank sampah".into()),
            participants: Some(40),
            cost: Some(25_000_000),
            ..Default::default()
        };
        let record = input.parse(date!(2026 - 11 - 28)).unwrap().into_record(
            AgreementId::new(),
            "uji".into(),
            OffsetDateTime::UNIX_EPOCH,
        );
        assert_eq!(
            record.report_line(),
            "Pelatihan pengelolaan sampah (pelatihan); hasil: 12 fasilitator bank sampah; 40 peserta; biaya Rp 25.000.000"
        );
    }

    #[test]
    fn the_old_two_field_input_still_parses() {
        let i = ActivityInput {
            occurred_on: Some("2026-10-05".into()),
            title: Some("Kunjungan".into()),
            ..Default::default()
        };
        let d = i.parse(date!(2026 - 11 - 28)).unwrap();
        assert_eq!(d.kind, ActivityKind::Other);
    }

    #[test]
    fn a_grant_needs_its_reference_and_dates_lie_in_the_past() {
        let i = ActivityInput {
            occurred_on: Some("2026-12-05".into()),
            title: Some("Hibah".into()),
            kind: Some("grant_received".into()),
            cost: Some(-3),
            ..Default::default()
        };
        let e = i.parse(date!(2026 - 11 - 28)).unwrap_err();
        let codes: Vec<(&str, &str)> = e.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect();
        assert!(codes.contains(&("occurred_on", "in_future")), "{codes:?}");
        assert!(codes.contains(&("grant_reference", "required")));
        assert!(codes.contains(&("cost", "negative")));
    }
}
