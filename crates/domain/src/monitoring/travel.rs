//! Official foreign travel (*perjalanan dinas luar negeri*, PDLN): a visit abroad is an
//! activity (`visit_out`) of the agreement it serves, with its delegation, destination,
//! dates and travel permit — issued by the State Secretariat / Kemendagri and only recorded
//! here — and a trip report due a configurable number of days after return.

use super::activity::{ActivityKind, ActivityRecord, details};
use super::fields::{date, line, text};
use crate::code_enum::code_enum;
use crate::codes::CountryCode;
use crate::error::FieldErrors;
use crate::ids::AgreementId;
use serde::{Deserialize, Serialize};
use time::{Date, Duration, OffsetDateTime};

/// Days before a trip report's due date from which it counts as due soon (and is alerted).
pub const REPORT_REMINDER_DAYS: i64 = 3;

code_enum!(
    /// Where the travel permit stands (as the issuing authority decided).
    PermitStatus {
        Requested = "requested",
        Issued = "issued",
        Refused = "refused",
    }
);

code_enum!(
    /// Where a trip report stands on a given day.
    TripReportStatus {
        /// The trip is under way or the report is not yet due soon.
        Pending = "pending",
        /// Due within [`REPORT_REMINDER_DAYS`] days.
        DueSoon = "due_soon",
        /// Past its due date and not filed.
        Overdue = "overdue",
        Filed = "filed",
    }
);

/// A member of the delegation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Delegate {
    pub name: String,
    pub position: String,
}

/// The report of a trip, once filed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TripReport {
    pub text: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub filed_on: Date,
    pub filed_by: String,
    /// SHA-256 of the report document, one of the activity's evidence files.
    pub document: Option<String>,
}

/// The travel details of a `visit_out` activity.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Travel {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub activity_id: uuid::Uuid,
    pub agreement_id: AgreementId,
    pub delegation: Vec<Delegate>,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub country: CountryCode,
    pub city: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub departure_on: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub return_on: Date,
    /// The permit's number (*nomor izin / exit permit*), once known.
    pub permit_reference: Option<String>,
    pub permit_status: PermitStatus,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub report_due_on: Date,
    pub report: Option<TripReport>,
    pub version: i64,
}

impl Travel {
    pub fn report_status(&self, today: Date) -> TripReportStatus {
        if self.report.is_some() {
            TripReportStatus::Filed
        } else if today > self.report_due_on {
            TripReportStatus::Overdue
        } else if today >= self.report_due_on - Duration::days(REPORT_REMINDER_DAYS) {
            TripReportStatus::DueSoon
        } else {
            TripReportStatus::Pending
        }
    }

    pub fn is_report_overdue(&self, today: Date) -> bool {
        self.report_status(today) == TripReportStatus::Overdue
    }
}

/// The day a trip report is due: `days` after the return.
pub fn report_due(return_on: Date, days: u32) -> Date {
    return_on + Duration::days(i64::from(days))
}

/// A delegation member as a client sends it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DelegateInput {
    pub name: Option<String>,
    pub position: Option<String>,
}

/// A trip abroad as a client records it (planned or done). Its dates may lie in the future.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TravelInput {
    /// Defaults to "Kunjungan ke {city}".
    pub title: Option<String>,
    pub delegation: Option<Vec<DelegateInput>>,
    /// ISO 3166-1 alpha-2 of the destination.
    pub country: Option<String>,
    pub city: Option<String>,
    /// `YYYY-MM-DD`.
    pub departure_on: Option<String>,
    /// `YYYY-MM-DD`, not before the departure.
    pub return_on: Option<String>,
    pub permit_reference: Option<String>,
    /// `requested` (default), `issued` or `refused`.
    pub permit_status: Option<String>,
    pub outputs: Option<String>,
    /// Rupiah.
    pub cost: Option<i64>,
    pub plan_item_id: Option<String>,
}

/// A change of the permit (the authority decided).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PermitInput {
    pub permit_status: Option<String>,
    pub permit_reference: Option<String>,
}

/// A trip report as a client files it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TripReportInput {
    pub text: Option<String>,
    /// SHA-256 of an evidence file of the trip (uploaded to its evidence first).
    pub document: Option<String>,
}

impl TravelInput {
    /// The trip as an activity record and its travel details; `report_days` after the
    /// return the report is due.
    pub fn parse(
        &self,
        agreement_id: AgreementId,
        report_days: u32,
        created_by: String,
        now: OffsetDateTime,
    ) -> Result<(ActivityRecord, Travel), FieldErrors> {
        let mut errors = FieldErrors::new();
        let delegation = parse_delegation(&mut errors, self.delegation.as_deref().unwrap_or_default());
        let country = errors
            .required("country", self.country.as_deref())
            .and_then(|c| errors.take("country", c.parse::<CountryCode>()));
        if country.as_ref().is_some_and(CountryCode::is_indonesia) {
            errors.push("country", "invalid_choice", "a trip abroad goes outside Indonesia");
        }
        let city = line(&mut errors, "city", self.city.as_deref(), true);
        let departure_on = date(&mut errors, "departure_on", self.departure_on.as_deref(), true);
        let return_on = date(&mut errors, "return_on", self.return_on.as_deref(), true);
        if let (Some(d), Some(r)) = (departure_on, return_on)
            && r < d
        {
            errors.push("return_on", "before_departure", "the return is before the departure");
        }
        let permit_reference = line(&mut errors, "permit_reference", self.permit_reference.as_deref(), false);
        let permit_status = crate::text::non_empty(self.permit_status.as_deref())
            .map(|s| errors.take("permit_status", s.parse::<PermitStatus>()))
            .unwrap_or(Some(PermitStatus::Requested));
        let title = line(&mut errors, "title", self.title.as_deref(), false);
        let d = details(
            &mut errors,
            self.outputs.as_deref(),
            self.cost,
            None,
            self.plan_item_id.as_deref(),
        );
        let (Some(country), Some(city), Some(departure_on), Some(return_on), Some(permit_status), true) =
            (country, city, departure_on, return_on, permit_status, errors.is_empty())
        else {
            return Err(errors);
        };
        let activity = ActivityRecord {
            id: uuid::Uuid::now_v7(),
            agreement_id,
            case_id: None,
            occurred_on: departure_on,
            title: title.unwrap_or_else(|| format!("Kunjungan ke {city}")),
            kind: ActivityKind::VisitOut,
            outputs: d.outputs,
            cost: d.cost,
            participants: Some(delegation.len() as i64),
            plan_item_id: d.plan_item_id,
            grant_reference: None,
            evidence: Vec::new(),
            created_by,
            created_at: now,
        };
        let travel = Travel {
            activity_id: activity.id,
            agreement_id,
            delegation,
            country,
            city,
            departure_on,
            return_on,
            permit_reference,
            permit_status,
            report_due_on: report_due(return_on, report_days),
            report: None,
            version: 1,
        };
        Ok((activity, travel))
    }
}

fn parse_delegation(errors: &mut FieldErrors, inputs: &[DelegateInput]) -> Vec<Delegate> {
    let mut out = Vec::new();
    for (i, d) in inputs.iter().enumerate() {
        let name = crate::text::non_empty(d.name.as_deref());
        let position = crate::text::non_empty(d.position.as_deref());
        match (name, position) {
            (None, None) => continue,
            (Some(name), position) => {
                let mut e = FieldErrors::new();
                e.check_max_chars("name", Some(&name), super::fields::MAX_LINE);
                let position = position.unwrap_or_default();
                e.check_max_chars("position", Some(&position), super::fields::MAX_LINE);
                errors.extend_prefixed(&format!("delegation[{i}]."), e);
                out.push(Delegate { name, position });
            }
            (None, Some(_)) => errors.push(format!("delegation[{i}].name"), "required", "name the delegate"),
        }
    }
    if out.is_empty() && errors.iter().all(|e| !e.field.starts_with("delegation")) {
        errors.push("delegation", "required", "name at least one member of the delegation");
    }
    out
}

impl PermitInput {
    pub fn parse(&self) -> Result<(PermitStatus, Option<String>), FieldErrors> {
        let mut errors = FieldErrors::new();
        let status = errors
            .required("permit_status", self.permit_status.as_deref())
            .and_then(|s| errors.take("permit_status", s.parse::<PermitStatus>()));
        let reference = line(&mut errors, "permit_reference", self.permit_reference.as_deref(), false);
        match status {
            Some(s) if errors.is_empty() => Ok((s, reference)),
            _ => Err(errors),
        }
    }
}

impl TripReportInput {
    /// The report's text and document; a report is filed after the return.
    pub fn parse(&self, travel: &Travel, today: Date) -> Result<(String, Option<String>), FieldErrors> {
        let mut errors = FieldErrors::new();
        let body = text(&mut errors, "text", self.text.as_deref(), true);
        let document = crate::text::non_empty(self.document.as_deref()).map(|d| d.to_ascii_lowercase());
        if today < travel.return_on {
            errors.push(
                "text",
                "not_returned",
                format!("the report is filed after the return on {}", travel.return_on),
            );
        }
        if travel.report.is_some() {
            errors.push("text", "already_filed", "the report of this trip was filed");
        }
        match body {
            Some(b) if errors.is_empty() => Ok((b, document)),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    fn input() -> TravelInput {
        TravelInput {
            delegation: Some(vec![DelegateInput {
                name: Some("Budi".into()),
                position: Some("Kepala Bappeda".into()),
            }]),
            country: Some("JP".into()),
            city: Some("Kitakyushu".into()),
            departure_on: Some("2027-02-01".into()),
            return_on: Some("2027-02-05".into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_planned_trip_parses_and_its_report_falls_due_after_return() {
        let (a, t) = input()
            .parse(AgreementId::new(), 14, "x".into(), datetime!(2026-11-28 0:00 UTC))
            .unwrap();
        assert_eq!(a.kind, ActivityKind::VisitOut);
        assert_eq!(a.title, "Kunjungan ke Kitakyushu");
        assert_eq!(t.permit_status, PermitStatus::Requested);
        assert_eq!(t.report_due_on, date!(2027 - 02 - 19));
        assert_eq!(t.report_status(date!(2027 - 02 - 10)), TripReportStatus::Pending);
        assert_eq!(t.report_status(date!(2027 - 02 - 16)), TripReportStatus::DueSoon);
        assert_eq!(t.report_status(date!(2027 - 02 - 19)), TripReportStatus::DueSoon);
        assert_eq!(t.report_status(date!(2027 - 02 - 20)), TripReportStatus::Overdue);
        let early = TripReportInput {
            text: Some("laporan".into()),
            document: None,
        };
        assert_eq!(
            early.parse(&t, date!(2027 - 02 - 03)).unwrap_err().0[0].code,
            "not_returned"
        );
    }

    #[test]
    fn a_trip_needs_a_delegation_a_foreign_country_and_ordered_dates() {
        let mut i = input();
        i.delegation = None;
        i.country = Some("ID".into());
        i.return_on = Some("2027-01-01".into());
        let e = i
            .parse(AgreementId::new(), 14, "x".into(), datetime!(2026-11-28 0:00 UTC))
            .unwrap_err();
        let codes: Vec<(&str, &str)> = e.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect();
        assert!(codes.contains(&("delegation", "required")), "{codes:?}");
        assert!(codes.contains(&("country", "invalid_choice")));
        assert!(codes.contains(&("return_on", "before_departure")));
    }
}
