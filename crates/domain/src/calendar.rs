//! The working-day calendar: Saturdays, Sundays, national holidays and collective leave
//! (*cuti bersama*) are not working days. Deadlines "in working days" (DPRD: 45, Governor: 5)
//! are counted with it; deadlines "in days" (Permendagri 22/2020) are calendar days unless
//! configured otherwise.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use time::{Date, Duration, Month, Weekday};

/// The unit a legal time limit is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DayUnit {
    WorkingDays,
    CalendarDays,
    Months,
    Years,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkingCalendar {
    holidays: BTreeSet<Date>,
    /// The last year the holiday data covers.
    known_until_year: Option<i32>,
}

/// The date a deadline falls on, and whether the holiday data covered the whole period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Deadline {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub due_on: Date,
    /// False when the period runs past the last year with known holidays (only weekends
    /// were skipped there).
    pub calendar_complete: bool,
}

impl WorkingCalendar {
    pub fn new(holidays: impl IntoIterator<Item = Date>) -> Self {
        let holidays: BTreeSet<Date> = holidays.into_iter().collect();
        let known_until_year = holidays.iter().next_back().map(|d| d.year());
        Self {
            holidays,
            known_until_year,
        }
    }

    pub fn is_working_day(&self, d: Date) -> bool {
        !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) && !self.holidays.contains(&d)
    }

    /// The `n`-th working day after `start` (the start day itself does not count).
    pub fn add_working_days(&self, start: Date, n: u32) -> Deadline {
        let mut d = start;
        let mut counted = 0;
        while counted < n {
            d = d.next_day().unwrap_or(d);
            if self.is_working_day(d) {
                counted += 1;
            }
        }
        Deadline {
            due_on: d,
            calendar_complete: self.known_until_year.is_some_and(|y| d.year() <= y),
        }
    }

    /// The deadline `amount` units after `start`.
    pub fn deadline(&self, start: Date, amount: i64, unit: DayUnit) -> Deadline {
        match unit {
            DayUnit::WorkingDays => self.add_working_days(start, amount.max(0) as u32),
            DayUnit::CalendarDays => Deadline {
                due_on: start + Duration::days(amount),
                calendar_complete: true,
            },
            DayUnit::Months => Deadline {
                due_on: add_months(start, amount as i32),
                calendar_complete: true,
            },
            DayUnit::Years => Deadline {
                due_on: add_months(start, amount as i32 * 12),
                calendar_complete: true,
            },
        }
    }
}

/// `d` plus `months` calendar months, clamped to the end of a shorter month
/// (31 January + 1 month = 28/29 February).
pub fn add_months(d: Date, months: i32) -> Date {
    let total = d.year() * 12 + (d.month() as i32 - 1) + months;
    let year = total.div_euclid(12);
    let month = Month::try_from((total.rem_euclid(12) + 1) as u8).unwrap_or(Month::January);
    let last = time::util::days_in_month(month, year);
    Date::from_calendar_date(year, month, d.day().min(last)).unwrap_or(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn weekends_and_holidays_are_skipped() {
        let cal = WorkingCalendar::new([date!(2026 - 03 - 19), date!(2026 - 03 - 20)]);
        // Wednesday 18 March 2026 + 1 working day: Thu and Fri are holidays → Monday 23rd.
        let d = cal.add_working_days(date!(2026 - 03 - 18), 1);
        assert_eq!(d.due_on, date!(2026 - 03 - 23));
        assert!(d.calendar_complete);
        // Friday + 5 working days = the next Friday.
        assert_eq!(
            cal.add_working_days(date!(2026 - 01 - 09), 5).due_on,
            date!(2026 - 01 - 16)
        );
        assert!(!cal.add_working_days(date!(2026 - 12 - 20), 30).calendar_complete);
    }

    #[test]
    fn months_clamp_to_the_month_end() {
        assert_eq!(add_months(date!(2024 - 01 - 31), 1), date!(2024 - 02 - 29));
        assert_eq!(add_months(date!(2026 - 11 - 28), -6), date!(2026 - 05 - 28));
        assert_eq!(add_months(date!(2020 - 05 - 22), 60), date!(2025 - 05 - 22));
    }
}
