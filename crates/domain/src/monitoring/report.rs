//! Reports on an agreement's implementation and the supervisors' monitoring visits.
//!
//! - The annual report of Permendagri 25/2020 Pasal 35–38 on every foreign agreement
//!   (KSDPL/KSDLL) in force, with the nine items of Pasal 37: a kabupaten/kota reports to
//!   the Governor in the first week of January, the Governor (with the kabupaten/kota
//!   reports) to the Minister in the second week (Pasal 35(2), 36(2)). No report for a year
//!   blocks the region's next plan (Pasal 38, rule P17).
//! - The semester report of Permendagri 22/2020 on KSDD (Pasal 17) and KSDPK (Pasal 39). The
//!   regulation prescribes no content; the same nine items are used (I).
//! - Monitoring and evaluation by the Minister, and by the Governor for kabupaten/kota, at
//!   least twice a year (Permendagri 25/2020 Pasal 39(5)).
//!
//! A report is drafted, submitted, then accepted or returned with the reviewer's comments;
//! a returned report is edited and submitted again.

use crate::agreement::{Agreement, Form};
use crate::code_enum::code_enum;
use crate::codes::RegionCode;
use crate::error::FieldErrors;
use crate::ids::{AgreementId, ReportId, VisitId};
use crate::role::Role;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::{Date, Month, OffsetDateTime};

code_enum!(
    /// Which report.
    ReportKind {
        /// Permendagri 25/2020 Pasal 35–38 (KSDPL, KSDLL).
        Annual = "annual",
        /// Permendagri 22/2020 Pasal 17 and 39 (KSDD, KSDPK).
        Semester = "semester",
    }
);

code_enum!(
    /// Where a report stands.
    ReportStatus {
        Draft = "draft",
        Submitted = "submitted",
        Accepted = "accepted",
        /// Sent back by the reviewer with comments; edited and submitted again.
        Returned = "returned",
    }
);

code_enum!(
    /// The minimum content of a report (Permendagri 25/2020 Pasal 37), in the article's order.
    ReportItem {
        Title = "title",
        Background = "background",
        Purpose = "purpose",
        Scope = "scope",
        Progress = "progress",
        Beneficiaries = "beneficiaries",
        Funding = "funding",
        Obstacles = "obstacles",
        FollowUp = "follow_up",
    }
);

impl ReportKind {
    /// The report an agreement of `form` owes.
    pub fn for_form(form: Form) -> Self {
        if form.is_foreign() {
            Self::Annual
        } else {
            Self::Semester
        }
    }

    pub fn label_id(&self) -> &'static str {
        match self {
            Self::Annual => "Laporan tahunan",
            Self::Semester => "Laporan semester",
        }
    }

    pub fn label_en(&self) -> &'static str {
        match self {
            Self::Annual => "Annual report",
            Self::Semester => "Semester report",
        }
    }

    pub fn article(&self) -> &'static str {
        match self {
            Self::Annual => "Permendagri 25/2020 Pasal 35–38",
            Self::Semester => "Permendagri 22/2020 Pasal 17 dan 39",
        }
    }
}

impl ReportStatus {
    /// A report the region has sent: it counts for rule P17.
    pub fn is_filed(&self) -> bool {
        matches!(self, Self::Submitted | Self::Accepted)
    }

    /// A report the region may still change.
    pub fn is_editable(&self) -> bool {
        matches!(self, Self::Draft | Self::Returned)
    }

    pub fn label_id(&self) -> &'static str {
        match self {
            Self::Draft => "Draf",
            Self::Submitted => "Disampaikan",
            Self::Accepted => "Diterima",
            Self::Returned => "Dikembalikan",
        }
    }

    pub fn label_en(&self) -> &'static str {
        match self {
            Self::Draft => "Draft",
            Self::Submitted => "Submitted",
            Self::Accepted => "Accepted",
            Self::Returned => "Returned",
        }
    }
}

impl ReportItem {
    pub fn label_id(&self) -> &'static str {
        match self {
            Self::Title => "Judul kerja sama",
            Self::Background => "Latar belakang",
            Self::Purpose => "Maksud, tujuan, dan sasaran",
            Self::Scope => "Ruang lingkup",
            Self::Progress => "Perkembangan atau hasil pelaksanaan",
            Self::Beneficiaries => "Penerima manfaat",
            Self::Funding => "Pembiayaan",
            Self::Obstacles => "Hambatan dan tantangan",
            Self::FollowUp => "Analisis dan rencana tindak lanjut",
        }
    }

    pub fn label_en(&self) -> &'static str {
        match self {
            Self::Title => "Title of the cooperation",
            Self::Background => "Background",
            Self::Purpose => "Purpose, objectives and targets",
            Self::Scope => "Scope",
            Self::Progress => "Progress or results",
            Self::Beneficiaries => "Beneficiaries",
            Self::Funding => "Funding",
            Self::Obstacles => "Obstacles and challenges",
            Self::FollowUp => "Analysis and follow-up plan",
        }
    }
}

/// The longest text of one item.
pub const MAX_ITEM_CHARS: usize = 20_000;

/// A reporting period: a calendar year, or one of its halves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportPeriod {
    pub kind: ReportKind,
    pub year: i32,
    /// 1 or 2 for a semester report; absent for an annual one.
    pub semester: Option<u8>,
}

impl ReportPeriod {
    pub fn annual(year: i32) -> Self {
        Self {
            kind: ReportKind::Annual,
            year,
            semester: None,
        }
    }

    pub fn semester(year: i32, half: u8) -> Self {
        Self {
            kind: ReportKind::Semester,
            year,
            semester: Some(half),
        }
    }

    pub fn starts_on(&self) -> Date {
        let month = if self.semester == Some(2) {
            Month::July
        } else {
            Month::January
        };
        date(self.year, month, 1)
    }

    pub fn ends_on(&self) -> Date {
        if self.semester == Some(1) {
            date(self.year, Month::June, 30)
        } else {
            date(self.year, Month::December, 31)
        }
    }

    /// "2025" or "2025-S1".
    pub fn label(&self) -> String {
        match self.semester {
            Some(s) => format!("{}-S{s}", self.year),
            None => self.year.to_string(),
        }
    }

    /// The period before this one, of the same kind.
    pub fn previous(&self) -> Self {
        match self.semester {
            Some(2) => Self::semester(self.year, 1),
            Some(_) => Self::semester(self.year - 1, 2),
            None => Self::annual(self.year - 1),
        }
    }
}

fn date(year: i32, month: Month, day: u8) -> Date {
    Date::from_calendar_date(year, month, day)
        .or_else(|_| Date::from_calendar_date(year, month, 28))
        .unwrap_or(Date::MIN)
}

/// When reports fall due (the `[procedure]` settings `report_*`), with the regulations'
/// defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportSchedule {
    /// Day of January by which a kabupaten/kota reports to the Governor (first week: 7).
    pub regency_annual_due_day: u8,
    /// Day of January by which the Governor reports to the Minister (second week: 14).
    pub province_annual_due_day: u8,
    /// Days after a semester's end by which its report is due (I: the regulation sets none).
    pub semester_due_days: i64,
    /// How many past years of obligations the status and overdue counts look at.
    pub lookback_years: i32,
    /// Monitoring-and-evaluation visits expected in twelve months (Pasal 39(5): twice a year).
    pub visits_per_year: u32,
}

impl Default for ReportSchedule {
    fn default() -> Self {
        Self {
            regency_annual_due_day: 7,
            province_annual_due_day: 14,
            semester_due_days: 30,
            lookback_years: 2,
            visits_per_year: 2,
        }
    }
}

impl ReportSchedule {
    /// The day the report of `period` by `region` is due.
    pub fn due_on(&self, period: &ReportPeriod, region: &RegionCode) -> Date {
        match period.kind {
            ReportKind::Annual => {
                let day = if region.is_province() {
                    self.province_annual_due_day
                } else {
                    self.regency_annual_due_day
                };
                date(period.year + 1, Month::January, day.clamp(1, 31))
            }
            ReportKind::Semester => period.ends_on() + time::Duration::days(self.semester_due_days.max(0)),
        }
    }

    /// The reports `agreement` owes, per Indonesian party region, for the periods that ended
    /// before `today` within the look-back, oldest first.
    pub fn obligations(&self, agreement: &Agreement, today: Date) -> Vec<Obligation> {
        let kind = ReportKind::for_form(agreement.form);
        let first_year = today.year() - self.lookback_years.max(0);
        let mut periods = Vec::new();
        let mut p = match kind {
            ReportKind::Annual => ReportPeriod::annual(today.year()),
            ReportKind::Semester => ReportPeriod::semester(today.year(), 2),
        };
        while p.year >= first_year {
            if p.ends_on() < today && in_force_during(agreement, p.starts_on(), p.ends_on()) {
                periods.push(p);
            }
            p = p.previous();
        }
        periods.reverse();
        let mut out = Vec::new();
        for region in agreement.region_codes() {
            for period in &periods {
                out.push(Obligation {
                    agreement_id: agreement.id,
                    region_code: region.clone(),
                    period: *period,
                    due_on: self.due_on(period, region),
                });
            }
        }
        out
    }
}

/// Whether a signed agreement was in force at some time between `start` and `end`.
pub fn in_force_during(a: &Agreement, start: Date, end: Date) -> bool {
    a.status.is_signed()
        && a.signed_on.or(a.effective_on).is_some_and(|s| s <= end)
        && (a.open_ended || a.expires_on.is_none_or(|e| e >= start))
}

/// A report a region owes on an agreement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Obligation {
    pub agreement_id: AgreementId,
    pub region_code: RegionCode,
    pub period: ReportPeriod,
    pub due_on: Date,
}

/// A report on an agreement's implementation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Report {
    pub id: ReportId,
    pub agreement_id: AgreementId,
    /// The reporting region (an Indonesian party of the agreement).
    pub region_code: RegionCode,
    pub period: ReportPeriod,
    /// The items by key (`title`, `background`, …, `follow_up`).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub items: BTreeMap<ReportItem, String>,
    pub status: ReportStatus,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub due_on: Date,
    #[serde(with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub submitted_at: Option<OffsetDateTime>,
    pub submitted_by: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub reviewed_at: Option<OffsetDateTime>,
    pub reviewed_by: Option<String>,
    /// The reviewer's comments when the report was last returned (or accepted with remarks).
    pub review_comment: Option<String>,
    pub created_by: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub updated_at: OffsetDateTime,
    pub version: i64,
}

impl Report {
    /// The items a report must have before it is submitted: all nine for the annual report
    /// (Pasal 37); the title and the progress for a semester report.
    pub fn missing_items(&self) -> Vec<ReportItem> {
        let required: &[ReportItem] = match self.period.kind {
            ReportKind::Annual => ReportItem::ALL,
            ReportKind::Semester => &[ReportItem::Title, ReportItem::Progress],
        };
        required
            .iter()
            .filter(|i| self.items.get(i).is_none_or(|t| t.trim().is_empty()))
            .copied()
            .collect()
    }
}

/// One step of a report's history.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportEvent {
    pub seq: i64,
    /// `drafted`, `edited`, `submitted`, `accepted`, `returned`.
    pub action: String,
    pub actor: String,
    pub role: Role,
    pub comment: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: OffsetDateTime,
}

/// A reviewer's decision on a submitted report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewDecision {
    Accept,
    Return,
}

/// What a region's reporting says about one agreement, for its health.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportFacts {
    /// The day the latest filed (submitted or accepted) report was sent.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub last_report_on: Option<Date>,
    /// Reports past their due day that were not filed (never drafted, a draft, or returned).
    pub overdue_reports: u32,
}

/// The facts of one agreement from its obligations and its stored reports.
pub fn report_facts(
    obligations: &[Obligation],
    reports: &[Report],
    today: Date,
    offset: time::UtcOffset,
) -> ReportFacts {
    let last_report_on = reports
        .iter()
        .filter(|r| r.status.is_filed())
        .filter_map(|r| r.submitted_at)
        .map(|t| t.to_offset(offset).date())
        .max();
    let overdue_reports = obligations
        .iter()
        .filter(|o| o.due_on < today)
        .filter(|o| {
            !reports
                .iter()
                .any(|r| r.period == o.period && r.region_code == o.region_code && r.status.is_filed())
        })
        .count() as u32;
    ReportFacts {
        last_report_on,
        overdue_reports,
    }
}

/// The items of a new report, drafted from the agreement and the activities recorded in the
/// period (date, title): the officer completes the rest.
pub fn draft_items(
    agreement: &Agreement,
    period: &ReportPeriod,
    activities: &[(Date, String)],
) -> BTreeMap<ReportItem, String> {
    let mut items = BTreeMap::new();
    items.insert(ReportItem::Title, agreement.title_id.clone());
    if let Some(d) = &agreement.description_id {
        items.insert(ReportItem::Background, d.clone());
    }
    let mut in_period: Vec<&(Date, String)> = activities
        .iter()
        .filter(|(on, _)| *on >= period.starts_on() && *on <= period.ends_on())
        .collect();
    in_period.sort();
    if !in_period.is_empty() {
        let lines: Vec<String> = in_period.iter().map(|(on, t)| format!("- {on}: {t}")).collect();
        items.insert(ReportItem::Progress, lines.join("\n"));
    }
    items
}

/// Parses the items of a form or an API body: known keys only, each at most
/// [`MAX_ITEM_CHARS`]; empty texts are dropped.
pub fn parse_items(input: &BTreeMap<String, String>) -> Result<BTreeMap<ReportItem, String>, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut out = BTreeMap::new();
    for (key, text) in input {
        let field = format!("items.{key}");
        let Some(item) = errors.take(&field, key.parse::<ReportItem>()) else {
            continue;
        };
        let text = text.trim();
        if text.chars().count() > MAX_ITEM_CHARS {
            errors.push(field, "too_long", format!("at most {MAX_ITEM_CHARS} characters"));
        } else if !text.is_empty() {
            out.insert(item, text.to_owned());
        }
    }
    errors.finish(out)
}

/// A monitoring-and-evaluation visit (Permendagri 25/2020 Pasal 39(5)).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Visit {
    pub id: VisitId,
    pub agreement_id: AgreementId,
    /// The region visited (an Indonesian party of the agreement).
    pub region_code: RegionCode,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub visited_on: Date,
    /// Who visited (names, offices).
    pub visitors: String,
    pub findings: String,
    pub follow_ups: Option<String>,
    pub recorded_by: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub recorded_at: OffsetDateTime,
}

/// Whether an agreement had fewer monitoring visits in the twelve months up to `today` than
/// the schedule expects.
pub fn too_few_visits(schedule: &ReportSchedule, visit_days: &[Date], today: Date) -> bool {
    let since = today - time::Duration::days(365);
    let recent = visit_days.iter().filter(|d| **d > since && **d <= today).count();
    (recent as u32) < schedule.visits_per_year
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn annual_reports_are_due_in_the_first_or_second_week_of_january() {
        let s = ReportSchedule::default();
        let p = ReportPeriod::annual(2025);
        assert_eq!(s.due_on(&p, &"64.02".parse().unwrap()), date!(2026 - 01 - 07));
        assert_eq!(s.due_on(&p, &"64".parse().unwrap()), date!(2026 - 01 - 14));
        let custom = ReportSchedule {
            regency_annual_due_day: 10,
            ..s
        };
        assert_eq!(custom.due_on(&p, &"64.02".parse().unwrap()), date!(2026 - 01 - 10));
        let sem = ReportPeriod::semester(2026, 1);
        assert_eq!(s.due_on(&sem, &"64.02".parse().unwrap()), date!(2026 - 07 - 30));
        assert_eq!(
            ReportPeriod::semester(2026, 1).previous(),
            ReportPeriod::semester(2025, 2)
        );
    }

    #[test]
    fn items_parse_known_keys_only() {
        let mut input = BTreeMap::new();
        input.insert("title".to_owned(), " Judul ".to_owned());
        input.insert("progress".to_owned(), String::new());
        assert_eq!(
            parse_items(&input).unwrap().get(&ReportItem::Title).map(String::as_str),
            Some("Judul")
        );
        input.insert("colour".to_owned(), "x".to_owned());
        let e = parse_items(&input).unwrap_err();
        assert_eq!(e.0[0].field, "items.colour");
        assert_eq!(ReportItem::ALL.len(), 9);
    }

    #[test]
    fn visits_are_counted_over_twelve_months() {
        let s = ReportSchedule::default();
        let today = date!(2026 - 11 - 28);
        assert!(too_few_visits(&s, &[date!(2026 - 03 - 01)], today));
        assert!(too_few_visits(
            &s,
            &[date!(2026 - 03 - 01), date!(2025 - 11 - 01)],
            today
        ));
        assert!(!too_few_visits(
            &s,
            &[date!(2026 - 03 - 01), date!(2025 - 12 - 01)],
            today
        ));
    }
}
