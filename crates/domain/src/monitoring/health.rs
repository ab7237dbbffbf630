//! An agreement's health: a score from 0 to 100 computed from what is known about its
//! implementation (time since the last activity and report, action-plan coverage, budget
//! use, open obligations), a band, and the reasons with the number behind each. Dormancy
//! is the registry's flag (`dormant_months` without recorded activity, measured from the
//! entry into force or signing when nothing was recorded): [`is_dormant`] is the one
//! definition both use.

use super::{PlanFacts, ReportFacts};
use crate::calendar::add_months;
use crate::code_enum::code_enum;
use serde::Serialize;
use time::Date;

/// What the health of one agreement is computed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HealthFacts {
    pub today: Date,
    /// Only an agreement in force can be dormant.
    pub in_force: bool,
    pub signed_on: Option<Date>,
    pub effective_on: Option<Date>,
    pub last_activity: Option<Date>,
    /// The last report known outside [`ReportFacts`] (e.g. a case's annual-report step).
    pub last_report: Option<Date>,
    /// `None` when the action-plan facts are not available.
    pub plan: Option<PlanFacts>,
    /// `None` when the report facts are not available.
    pub reports: Option<ReportFacts>,
    /// Obligations still open (evaluation rounds of past years not completed).
    pub open_obligations: u32,
}

code_enum!(
    /// The band of a health score.
    Band {
        Healthy = "healthy",
        AtRisk = "at_risk",
        Dormant = "dormant",
    }
);

impl Band {
    pub fn label_id(&self) -> &'static str {
        match self {
            Self::Healthy => "Sehat",
            Self::AtRisk => "Berisiko",
            Self::Dormant => "Dorman",
        }
    }

    pub fn label_en(&self) -> &'static str {
        match self {
            Self::Healthy => "Healthy",
            Self::AtRisk => "At risk",
            Self::Dormant => "Dormant",
        }
    }
}

/// Below this score an agreement that is not dormant is at risk.
pub const AT_RISK_BELOW: u8 = 60;

/// One reason a score is lower, with the number behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HealthReason {
    /// Stable code: `dormant`, `quiet`, `no_activity`, `no_dates`, `no_report`, `report_old`,
    /// `overdue_reports`, `no_plan`, `plan_coverage`, `budget_use`, `overdue_trip_reports`,
    /// `open_obligations`.
    pub code: String,
    /// The number behind it (months, a percentage or a count).
    pub value: i64,
    /// Points taken off the score.
    pub penalty: u32,
    pub text_id: String,
    pub text_en: String,
}

/// An agreement's health.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// 0–100.
    pub score: u8,
    pub band: Band,
    /// Largest penalty first.
    pub reasons: Vec<HealthReason>,
}

/// Whole months from `from` to `to` (0 when `to` is earlier).
pub fn whole_months(from: Date, to: Date) -> i64 {
    let mut months =
        i64::from(to.year() - from.year()) * 12 + i64::from(to.month() as u8) - i64::from(from.month() as u8);
    if to.day() < from.day() {
        months -= 1;
    }
    months.max(0)
}

/// The registry's dormancy: in force, and nothing recorded for `dormant_months` since the
/// last activity (else the entry into force, else the signing).
pub fn is_dormant(
    in_force: bool,
    last_activity: Option<Date>,
    effective_on: Option<Date>,
    signed_on: Option<Date>,
    dormant_months: u32,
    today: Date,
) -> bool {
    let reference = last_activity.or(effective_on).or(signed_on);
    in_force && reference.is_some_and(|r| add_months(r, dormant_months as i32) < today)
}

struct Reasons(Vec<HealthReason>);

impl Reasons {
    fn add(&mut self, code: &str, value: i64, penalty: u32, text_id: String, text_en: String) {
        self.0.push(HealthReason {
            code: code.to_owned(),
            value,
            penalty,
            text_id,
            text_en,
        });
    }
}

/// The health of an agreement from its facts; `dormant_months` is the procedure setting.
pub fn assess(f: &HealthFacts, dormant_months: u32) -> Health {
    let mut r = Reasons(Vec::new());
    let start = f.effective_on.or(f.signed_on);
    let dormant = is_dormant(
        f.in_force,
        f.last_activity,
        f.effective_on,
        f.signed_on,
        dormant_months,
        f.today,
    );
    activity_reasons(f, start, dormant, dormant_months, &mut r);
    report_reasons(f, start, &mut r);
    if let Some(p) = &f.plan {
        plan_reasons(p, &mut r);
    }
    if f.open_obligations > 0 {
        let n = f.open_obligations;
        r.add(
            "open_obligations",
            i64::from(n),
            (5 * n).min(15),
            format!("{n} kewajiban terbuka (evaluasi tahun lalu belum lengkap)"),
            format!("{n} open obligations (past evaluations not completed)"),
        );
    }
    let mut reasons = r.0;
    reasons.sort_by_key(|r| std::cmp::Reverse(r.penalty));
    let lost: u32 = reasons.iter().map(|x| x.penalty).sum();
    let score = 100u32.saturating_sub(lost) as u8;
    let band = if dormant {
        Band::Dormant
    } else if score < AT_RISK_BELOW {
        Band::AtRisk
    } else {
        Band::Healthy
    };
    Health { score, band, reasons }
}

fn activity_reasons(f: &HealthFacts, start: Option<Date>, dormant: bool, dormant_months: u32, r: &mut Reasons) {
    let Some(since) = f.last_activity.or(start) else {
        r.add(
            "no_dates",
            0,
            10,
            "Tanggal penandatanganan dan mulai berlaku tidak tercatat".to_owned(),
            "Neither the signing nor the entry into force is recorded".to_owned(),
        );
        return;
    };
    let quiet = whole_months(since, f.today);
    if dormant {
        r.add(
            "dormant",
            quiet,
            50,
            format!("Tidak ada kegiatan tercatat selama {quiet} bulan (dorman setelah {dormant_months} bulan)"),
            format!("No activity recorded for {quiet} months (dormant after {dormant_months} months)"),
        );
    } else if quiet * 2 >= i64::from(dormant_months) {
        r.add(
            "quiet",
            quiet,
            20,
            format!("Tidak ada kegiatan tercatat selama {quiet} bulan"),
            format!("No activity recorded for {quiet} months"),
        );
    }
    if f.last_activity.is_none() {
        r.add(
            "no_activity",
            0,
            10,
            "Belum ada kegiatan pelaksanaan yang tercatat".to_owned(),
            "No implementation activity recorded yet".to_owned(),
        );
    }
}

fn report_reasons(f: &HealthFacts, start: Option<Date>, r: &mut Reasons) {
    let last = f
        .last_report
        .into_iter()
        .chain(f.reports.as_ref().and_then(|x| x.last_report_on))
        .max();
    match (last, start) {
        (Some(d), _) if whole_months(d, f.today) > 12 => {
            let m = whole_months(d, f.today);
            r.add(
                "report_old",
                m,
                15,
                format!("Laporan terakhir {m} bulan yang lalu"),
                format!("Last report {m} months ago"),
            );
        }
        (None, Some(s)) if whole_months(s, f.today) >= 12 => {
            let m = whole_months(s, f.today);
            r.add(
                "no_report",
                m,
                15,
                format!("Belum ada laporan dalam {m} bulan sejak berlaku"),
                format!("No report in the {m} months since it took effect"),
            );
        }
        _ => {}
    }
    if let Some(n) = f.reports.as_ref().map(|x| x.overdue_reports).filter(|n| *n > 0) {
        r.add(
            "overdue_reports",
            i64::from(n),
            (10 * n).min(20),
            format!("{n} laporan terlambat"),
            format!("{n} reports overdue"),
        );
    }
}

fn plan_reasons(p: &PlanFacts, r: &mut Reasons) {
    if p.plan_items == 0 {
        r.add(
            "no_plan",
            0,
            10,
            "Tidak ada rencana aksi".to_owned(),
            "No action plan".to_owned(),
        );
    } else {
        let pct = i64::from(p.plan_items_with_activity.min(p.plan_items)) * 100 / i64::from(p.plan_items);
        if pct < 50 {
            r.add(
                "plan_coverage",
                pct,
                ((50 - pct) * 2 / 5) as u32,
                format!("Hanya {pct}% butir rencana aksi yang memiliki kegiatan"),
                format!("Only {pct}% of action-plan items have an activity"),
            );
        }
    }
    if p.budget_planned > 0 {
        let pct = p.budget_spent.max(0).saturating_mul(100) / p.budget_planned;
        if pct < 25 {
            r.add(
                "budget_use",
                pct,
                10,
                format!("Anggaran terpakai {pct}% dari yang direncanakan"),
                format!("{pct}% of the planned budget spent"),
            );
        }
    }
    if p.overdue_trip_reports > 0 {
        let n = p.overdue_trip_reports;
        r.add(
            "overdue_trip_reports",
            i64::from(n),
            (5 * n).min(15),
            format!("{n} laporan perjalanan dinas luar negeri terlambat"),
            format!("{n} foreign-travel trip reports overdue"),
        );
    }
}

code_enum!(
    /// What an officer can do about a dormant agreement; taking one is recorded.
    RevivalKind {
        ProposeActivity = "propose_activity",
        ScheduleMeeting = "schedule_meeting",
        /// End the agreement formally (its termination is recorded in the registry).
        EndFormally = "end_formally",
    }
);

impl RevivalKind {
    pub fn label_id(&self) -> &'static str {
        match self {
            Self::ProposeActivity => "Usulkan kegiatan",
            Self::ScheduleMeeting => "Jadwalkan pertemuan",
            Self::EndFormally => "Akhiri secara resmi",
        }
    }

    pub fn label_en(&self) -> &'static str {
        match self {
            Self::ProposeActivity => "Propose an activity",
            Self::ScheduleMeeting => "Schedule a meeting",
            Self::EndFormally => "End it formally",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn facts() -> HealthFacts {
        HealthFacts {
            today: date!(2026 - 11 - 28),
            in_force: true,
            signed_on: Some(date!(2024 - 01 - 10)),
            effective_on: Some(date!(2024 - 02 - 01)),
            last_activity: Some(date!(2026 - 10 - 01)),
            last_report: Some(date!(2026 - 01 - 05)),
            plan: None,
            reports: None,
            open_obligations: 0,
        }
    }

    fn codes(h: &Health) -> Vec<&str> {
        h.reasons.iter().map(|r| r.code.as_str()).collect()
    }

    #[test]
    fn a_recently_active_reported_agreement_is_healthy() {
        let h = assess(&facts(), 12);
        assert_eq!(h.score, 100);
        assert_eq!(h.band, Band::Healthy);
        assert!(h.reasons.is_empty());
    }

    #[test]
    fn no_activity_for_the_threshold_makes_it_dormant_with_the_months_named() {
        let mut f = facts();
        f.last_activity = Some(date!(2025 - 05 - 20));
        let h = assess(&f, 12);
        assert_eq!(h.band, Band::Dormant);
        assert_eq!(h.reasons[0].code, "dormant");
        assert_eq!(h.reasons[0].value, 18);
        assert!(h.reasons[0].text_en.contains("18 months"), "{}", h.reasons[0].text_en);
        assert_eq!(h.score, 50);
        // The same facts with a longer threshold: only quiet.
        let h = assess(&f, 24);
        assert_eq!(h.band, Band::Healthy);
        assert_eq!(codes(&h), vec!["quiet"]);
    }

    #[test]
    fn dormancy_counts_from_entry_into_force_when_nothing_was_recorded() {
        let mut f = facts();
        f.last_activity = None;
        let h = assess(&f, 12);
        assert_eq!(h.band, Band::Dormant);
        assert_eq!(codes(&h), vec!["dormant", "no_activity"]);
        assert_eq!(h.reasons[0].value, 33);
        // Not in force: never dormant.
        f.in_force = false;
        assert_ne!(assess(&f, 12).band, Band::Dormant);
    }

    #[test]
    fn plan_budget_reports_and_obligations_lower_the_score() {
        let mut f = facts();
        f.plan = Some(PlanFacts {
            plan_items: 10,
            plan_items_with_activity: 2,
            budget_planned: 1_000_000_000,
            budget_spent: 100_000_000,
            overdue_trip_reports: 1,
        });
        f.reports = Some(ReportFacts {
            last_report_on: None,
            overdue_reports: 1,
        });
        f.open_obligations = 1;
        let h = assess(&f, 12);
        let found: std::collections::BTreeMap<&str, (i64, u32)> = h
            .reasons
            .iter()
            .map(|r| (r.code.as_str(), (r.value, r.penalty)))
            .collect();
        assert_eq!(found["plan_coverage"], (20, 12));
        assert_eq!(found["budget_use"], (10, 10));
        assert_eq!(found["overdue_reports"], (1, 10));
        assert_eq!(found["overdue_trip_reports"], (1, 5));
        assert_eq!(found["open_obligations"], (1, 5));
        assert_eq!(h.score, 100 - 12 - 10 - 10 - 5 - 5);
        assert_eq!(h.band, Band::AtRisk);
        // Without the overdue report and the obligation it is back above the line.
        f.reports = None;
        f.open_obligations = 0;
        let h = assess(&f, 12);
        assert_eq!((h.score, h.band), (100 - 12 - 10 - 5, Band::Healthy));
        f.reports = Some(ReportFacts {
            last_report_on: None,
            overdue_reports: 3,
        });
        f.last_report = None;
        let h = assess(&f, 12);
        assert!(codes(&h).contains(&"no_report"));
        assert!(h.score < 58, "{}", h.score);
        assert_eq!(h.band, Band::AtRisk);
    }

    #[test]
    fn an_old_report_and_an_empty_plan_are_named() {
        let mut f = facts();
        f.last_report = Some(date!(2025 - 06 - 01));
        f.plan = Some(PlanFacts::default());
        let h = assess(&f, 12);
        assert_eq!(codes(&h), vec!["report_old", "no_plan"]);
        assert_eq!(h.reasons[0].value, 17);
    }

    #[test]
    fn whole_months_counts_completed_months() {
        assert_eq!(whole_months(date!(2026 - 01 - 31), date!(2026 - 02 - 28)), 0);
        assert_eq!(whole_months(date!(2026 - 01 - 15), date!(2026 - 02 - 15)), 1);
        assert_eq!(whole_months(date!(2026 - 05 - 01), date!(2026 - 01 - 01)), 0);
    }
}
