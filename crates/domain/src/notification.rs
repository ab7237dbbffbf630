//! Notifications: which kind of event an alert is, the nearest reminder threshold, and how
//! an inbox groups rows that arrive together. Who receives an alert is decided by the
//! application (`jalin_app::notifications`); this module holds the pure rules.

use crate::code_enum::code_enum;
use time::Date;

code_enum!(
    /// What an inbox row is about; the filter of the inbox and (later) of mail preferences.
    NotificationKind {
        /// A time limit of a procedure step (DPRD, Governor, Kemendagri, Kemlu).
        Deadline = "deadline",
        /// A signed agreement nears its end.
        Expiry = "expiry",
        /// A semester or annual report is due.
        ReportDue = "report_due",
        /// The report of an official trip abroad is due or late.
        TripReportDue = "trip_report_due",
        /// A signed agreement has been quiet for the dormancy period.
        Dormancy = "dormancy",
        /// An offer of the opportunity board fits one of the reader's regions.
        Opportunity = "opportunity",
        /// A case passed to another office.
        Handoff = "handoff",
    }
);

/// The alert-code prefix of a case hand-off (`serah:<state>`).
pub const HANDOFF_CODE: &str = "serah";
/// The alert-code prefix of a dormant agreement (`dorman:<since>`).
pub const DORMANCY_CODE: &str = "dorman";

impl NotificationKind {
    /// The kind of an alert, read from its code (`akan_berakhir:30`, `peluang:<id>`, …).
    pub fn of_alert_code(code: &str) -> Self {
        let prefix = code.split(':').next().unwrap_or(code);
        match prefix {
            "akan_berakhir" => Self::Expiry,
            "laporan_semester" | "laporan_tahunan" => Self::ReportDue,
            "laporan_perjalanan" | "laporan_perjalanan_terlambat" => Self::TripReportDue,
            "peluang" => Self::Opportunity,
            DORMANCY_CODE => Self::Dormancy,
            HANDOFF_CODE => Self::Handoff,
            _ => Self::Deadline,
        }
    }

    pub fn label_id(&self) -> &'static str {
        match self {
            Self::Deadline => "Tenggat tahapan",
            Self::Expiry => "Akan berakhir",
            Self::ReportDue => "Laporan jatuh tempo",
            Self::TripReportDue => "Laporan perjalanan",
            Self::Dormancy => "Tidak aktif (dorman)",
            Self::Opportunity => "Peluang",
            Self::Handoff => "Perpindahan kasus",
        }
    }

    pub fn label_en(&self) -> &'static str {
        match self {
            Self::Deadline => "Step deadline",
            Self::Expiry => "Ending soon",
            Self::ReportDue => "Report due",
            Self::TripReportDue => "Trip report",
            Self::Dormancy => "Dormant",
            Self::Opportunity => "Opportunity",
            Self::Handoff => "Case hand-off",
        }
    }

    /// Kemendagri (Pusat Fasilitasi Kerja Sama) follows these for foreign cooperation, besides
    /// the region; the other kinds stay with the region and its province.
    pub fn concerns_kemendagri(&self) -> bool {
        matches!(self, Self::Expiry | Self::Dormancy)
    }
}

/// The one reminder threshold to raise today for a date `due`: the smallest of `thresholds`
/// (days before `due`) that `today` has reached, while `due` is not past. An agreement that
/// is already inside its 180-, 90- and 30-day windows gets only the 30-day reminder, once;
/// the larger ones are never raised late.
pub fn nearest_threshold(today: Date, due: Date, thresholds: &[i64]) -> Option<i64> {
    if today > due {
        return None;
    }
    let left = (due - today).whole_days();
    thresholds.iter().copied().filter(|d| *d >= 0 && left <= *d).min()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const DAYS: &[i64] = &[180, 90, 60, 30, 7];

    #[test]
    fn only_the_nearest_threshold_is_raised() {
        let due = date!(2027 - 01 - 31);
        assert_eq!(nearest_threshold(date!(2026 - 12 - 05), due, DAYS), Some(60));
        assert_eq!(nearest_threshold(date!(2027 - 01 - 30), due, DAYS), Some(7));
        assert_eq!(nearest_threshold(date!(2027 - 01 - 31), due, DAYS), Some(7));
        assert_eq!(nearest_threshold(date!(2026 - 01 - 01), due, DAYS), None);
        assert_eq!(nearest_threshold(date!(2027 - 02 - 01), due, DAYS), None);
        assert_eq!(nearest_threshold(date!(2026 - 08 - 04), due, DAYS), Some(180));
        assert_eq!(nearest_threshold(date!(2026 - 08 - 03), due, DAYS), None);
    }

    #[test]
    fn kinds_follow_the_alert_codes() {
        use NotificationKind::*;
        for (code, kind) in [
            ("akan_berakhir:30", Expiry),
            ("laporan_semester:2", ReportDue),
            ("laporan_tahunan:2026", ReportDue),
            ("laporan_perjalanan:abc", TripReportDue),
            ("laporan_perjalanan_terlambat:abc", TripReportDue),
            ("peluang:0190", Opportunity),
            ("dorman:2025-01-01", Dormancy),
            ("serah:telaah_kemendagri", Handoff),
            ("persetujuan_dprd:terlewati", Deadline),
            ("tanggapan_kemlu", Deadline),
        ] {
            assert_eq!(NotificationKind::of_alert_code(code), kind, "{code}");
        }
    }
}
