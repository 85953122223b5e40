//! Calendar periods for the time axes of `trend()` and `cohorts()` (analytics.md §12.1): calendar months, ISO
//! weeks (Monday to Sunday) and days, each numbered by a whole index so that "k periods later" is a subtraction,
//! with its first day and its label (`2024-01`, `2024-W05`, `2024-01-05`).

use crate::date::Day;
use chrono::Datelike;

/// A kind of calendar period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Period {
    /// A calendar month (the default).
    #[default]
    Month,
    /// An ISO week, Monday to Sunday.
    Week,
    /// A day.
    Day,
}

/// Day 0 (1970-01-01) was a Thursday, so Monday 1969-12-29 (day −3) starts week 0.
const MONDAY_BEFORE_EPOCH: i32 = -3;

impl Period {
    /// Every period, in the order the catalog lists them.
    pub const ALL: [Period; 3] = [Period::Month, Period::Week, Period::Day];

    /// The option's name of the period: `month`, `week` or `day`.
    pub fn name(self) -> &'static str {
        match self {
            Period::Month => "month",
            Period::Week => "week",
            Period::Day => "day",
        }
    }

    /// The index of the period holding `day`: months since year 0 (12·year + month − 1), Mondays since 1969-12-29
    /// ÷ 7, or the day itself.
    pub fn index(self, day: Day) -> i32 {
        match self {
            Period::Month => {
                let (year, month, _) = day.ymd();
                year * 12 + month as i32 - 1
            }
            Period::Week => (day.0 - MONDAY_BEFORE_EPOCH).div_euclid(7),
            Period::Day => day.0,
        }
    }

    /// The first day of period `index`.
    pub fn start(self, index: i32) -> Day {
        match self {
            Period::Month => {
                Day::from_ymd(index.div_euclid(12), index.rem_euclid(12) as u32 + 1, 1).unwrap_or(Day(i32::MIN))
            }
            Period::Week => Day(index * 7 + MONDAY_BEFORE_EPOCH),
            Period::Day => Day(index),
        }
    }

    /// The label of period `index`: `2024-01`, ISO `2024-W05` (the ISO week's own year), or `2024-01-05`.
    pub fn label(self, index: i32) -> String {
        let start = self.start(index);
        match self {
            Period::Month => {
                let (year, month, _) = start.ymd();
                format!("{year:04}-{month:02}")
            }
            Period::Week => {
                let week = start.to_naive().iso_week();
                format!("{:04}-W{:02}", week.year(), week.week())
            }
            Period::Day => start.to_string(),
        }
    }
}

/// The period index of every day from `first` to `last`, computed once, so that a pass over a million rows asks
/// the calendar only once per distinct day.
pub struct PeriodLookup {
    period: Period,
    first: Day,
    index: Vec<i32>,
    /// The first period of the range, and the start of each period from it to one past the range's last.
    first_period: i32,
    starts: Vec<Day>,
}

impl PeriodLookup {
    /// The indexes of the days `first ..= last` (none when `last < first`).
    pub fn new(period: Period, first: Day, last: Day) -> PeriodLookup {
        let index: Vec<i32> = (first.0..=last.0).map(|d| period.index(Day(d))).collect();
        let first_period = index.first().copied().unwrap_or(0);
        let starts = match index.last() {
            Some(&last_period) => (first_period..=last_period + 1).map(|p| period.start(p)).collect(),
            None => Vec::new(),
        };
        PeriodLookup { period, first, index, first_period, starts }
    }

    /// The first day of period `index` (from the table inside the range, else from the calendar).
    #[inline]
    pub fn start(&self, index: i32) -> Day {
        match usize::try_from(index.wrapping_sub(self.first_period)).ok().and_then(|at| self.starts.get(at)) {
            Some(&start) => start,
            None => self.period.start(index),
        }
    }

    /// The index of `day`'s period (from the table inside the range, else from the calendar).
    #[inline]
    pub fn index(&self, day: Day) -> i32 {
        match usize::try_from(day.0.wrapping_sub(self.first.0)).ok().and_then(|at| self.index.get(at)) {
            Some(&index) => index,
            None => self.period.index(day),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Day {
        Day::parse_iso(text).unwrap()
    }

    #[test]
    fn months_weeks_and_days_have_their_first_day_and_label() {
        let month = Period::Month.index(day("2024-02-29"));
        assert_eq!(Period::Month.start(month), day("2024-02-01"));
        assert_eq!(Period::Month.label(month), "2024-02");
        assert_eq!(Period::Month.index(day("2025-01-01")) - month, 11);
        // 2024-02-01 is a Thursday: its ISO week 2024-W05 starts on Monday 2024-01-29.
        let week = Period::Week.index(day("2024-02-01"));
        assert_eq!(Period::Week.start(week), day("2024-01-29"));
        assert_eq!(Period::Week.label(week), "2024-W05");
        assert_eq!(Period::Week.index(day("2024-02-04")), week, "Sunday ends the week");
        assert_eq!(Period::Week.index(day("2024-02-05")), week + 1, "Monday starts the next");
        // 2021-01-03 (Sunday) is in ISO week 2020-W53; days before 1970 have weeks too.
        assert_eq!(Period::Week.label(Period::Week.index(day("2021-01-03"))), "2020-W53");
        assert_eq!(Period::Week.start(Period::Week.index(day("1969-12-28"))), day("1969-12-22"));
        assert_eq!(Period::Day.label(Period::Day.index(day("2024-01-05"))), "2024-01-05");
        let lookup = PeriodLookup::new(Period::Month, day("2024-01-30"), day("2024-02-02"));
        assert_eq!(lookup.index(day("2024-02-01")), month);
        assert_eq!(lookup.index(day("2024-01-30")), month - 1);
        assert_eq!(lookup.index(day("2023-12-31")), month - 2, "outside the table: the calendar");
        for index in month - 3..month + 3 {
            assert_eq!(lookup.start(index), Period::Month.start(index), "inside the table and outside");
        }
    }
}
