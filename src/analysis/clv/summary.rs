//! The calibration summary of analytics.md §11.2 (x, t_x, T, zbar per customer) from purchase occasions given as
//! plain columns, and the holdout counts of §11.8. The occasions themselves (§11.1: one per customer and date with
//! a row of amount ≥ 0, valued at the date's net amount) are built by the caller from its rows.

use crate::date::Day;
use crate::error::{Error, ErrorKind};
use crate::money::{Money, UNITS_PER_CURRENCY};
use serde::Serialize;

/// The time unit u of the models (§11.2).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TimeUnit {
    /// 7 days (default).
    #[default]
    Week,
    /// 1 day.
    Day,
    /// 30 days.
    Month,
}

impl TimeUnit {
    /// Every unit, in the order the page lists them.
    pub const ALL: [TimeUnit; 3] = [TimeUnit::Week, TimeUnit::Day, TimeUnit::Month];

    /// Days in one unit: 7, 1, 30.
    pub fn days(self) -> f64 {
        match self {
            TimeUnit::Week => 7.0,
            TimeUnit::Day => 1.0,
            TimeUnit::Month => 30.0,
        }
    }

    /// Units in a CLV month (lifetimes' factor, §11.6): 4.345, 30, 1.
    pub fn per_month(self) -> f64 {
        match self {
            TimeUnit::Week => 4.345,
            TimeUnit::Day => 30.0,
            TimeUnit::Month => 1.0,
        }
    }

    /// The default prediction horizon in units (one year): 52, 365, 12.
    pub fn default_horizon(self) -> f64 {
        match self {
            TimeUnit::Week => 52.0,
            TimeUnit::Day => 365.0,
            TimeUnit::Month => 12.0,
        }
    }

    /// The longest allowed horizon in units: 10 years of 365.25 days.
    pub fn max_horizon(self) -> f64 {
        3652.5 / self.days()
    }

    /// The option's text: `week`, `day`, `month`.
    pub fn name(self) -> &'static str {
        match self {
            TimeUnit::Week => "week",
            TimeUnit::Day => "day",
            TimeUnit::Month => "month",
        }
    }

    /// The unit named `text` (as [`name`](Self::name)).
    pub fn parse(text: &str) -> Option<TimeUnit> {
        TimeUnit::ALL.into_iter().find(|u| u.name() == text)
    }
}

/// Every customer's purchase occasions (§11.1) as compressed columns: customer `i`'s occasions are
/// `starts[i] .. starts[i + 1]` of `days` (strictly ascending per customer) and `values` (the net amount of all
/// that customer's rows on the day, exact). Customers may have no occasion; the index `i` is what results report.
#[derive(Clone, Copy, Debug)]
pub struct Occasions<'a> {
    /// `customers + 1` offsets into `days` and `values`, starting at 0, non-decreasing, ending at `days.len()`.
    pub starts: &'a [u32],
    /// The day of each occasion.
    pub days: &'a [Day],
    /// The value of each occasion (may be negative when a same-day return exceeds the purchase).
    pub values: &'a [Money],
    /// Customer dates before the analysis date with only return rows (not occasions; §11.1 `returnOnlyDays`),
    /// counted by whoever built the occasions; reported as given.
    pub return_only_days: u64,
}

impl Occasions<'_> {
    /// Number of customers (including those without an occasion).
    pub fn customers(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// Customer `i`'s occasion days and values.
    fn of(&self, i: usize) -> (&[Day], &[Money]) {
        let range = self.starts[i] as usize..self.starts[i + 1] as usize;
        (&self.days[range.clone()], &self.values[range])
    }

    /// Checks the shape (offsets and date order), so that no later step can index out of bounds.
    pub fn validate(&self) -> Result<(), Error> {
        let broken = |what: &str| Err(Error::new(ErrorKind::InvalidState { action: format!("CLV input: {what}") }));
        if self.starts.first() != Some(&0) {
            return broken("the occasion offsets must start at 0");
        }
        if self.days.len() != self.values.len() || *self.starts.last().unwrap_or(&0) as usize != self.days.len() {
            return broken("the occasion offsets, days and values must have matching lengths");
        }
        if self.starts.windows(2).any(|w| w[0] > w[1]) {
            return broken("the occasion offsets must not decrease");
        }
        for i in 0..self.customers() {
            let (days, _) = self.of(i);
            if days.windows(2).any(|w| w[0] >= w[1]) {
                return broken(&format!("customer {i}'s occasions must be on distinct days in ascending order"));
            }
        }
        Ok(())
    }
}

/// The calibration summary (§11.2) of the customers with an occasion before `end` (the CLV population), in input
/// order, as columns.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CalibrationSummary {
    /// The day the observation stops before (D, or H for a holdout calibration).
    pub end: Option<Day>,
    /// The time unit of `tx` and `T`.
    pub unit: TimeUnit,
    /// Each customer's index in the input.
    pub customer: Vec<u32>,
    /// Repeat occasions: occasions before `end` − 1.
    pub x: Vec<u32>,
    /// Days from the first to the last occasion.
    pub tx_days: Vec<i32>,
    /// Days from the first occasion to the last day before `end` (`end − 1 − first`).
    #[serde(rename = "TDays")]
    pub t_days: Vec<i32>,
    /// `tx_days ÷ u`.
    pub tx: Vec<f64>,
    /// `t_days ÷ u`.
    #[serde(rename = "T")]
    pub t: Vec<f64>,
    /// Exact sum of the values of occasions 2 … n.
    pub repeat_value: Vec<Money>,
    /// zbar = `repeat_value ÷ x` in currency units (one f64 division), 0 when x = 0.
    pub mean_repeat_value: Vec<f64>,
}

impl CalibrationSummary {
    /// Customers in the population.
    pub fn len(&self) -> usize {
        self.customer.len()
    }

    /// Whether no customer has an occasion before the end.
    pub fn is_empty(&self) -> bool {
        self.customer.is_empty()
    }

    /// Customers with x ≥ 1.
    pub fn repeat_customers(&self) -> usize {
        self.x.iter().filter(|&&x| x >= 1).count()
    }
}

/// The §11.2 summary of the occasions dated before `end` (D, or the holdout start H) in `unit`.
pub fn calibration_summary(occasions: &Occasions, end: Day, unit: TimeUnit) -> Result<CalibrationSummary, Error> {
    occasions.validate()?;
    let u = unit.days();
    let mut summary = CalibrationSummary { end: Some(end), unit, ..CalibrationSummary::default() };
    for i in 0..occasions.customers() {
        let (days, values) = occasions.of(i);
        let before = days.partition_point(|&d| d < end);
        if before == 0 {
            continue;
        }
        let (first, last) = (days[0], days[before - 1]);
        let x = (before - 1) as u32;
        let repeat_value = values[1..before].iter().fold(Money::ZERO, |sum, &v| sum + v);
        let tx_days = last.days_since(first);
        let t_days = end.plus(-1).days_since(first);
        summary.customer.push(i as u32);
        summary.x.push(x);
        summary.tx_days.push(tx_days);
        summary.t_days.push(t_days);
        summary.tx.push(f64::from(tx_days) / u);
        summary.t.push(f64::from(t_days) / u);
        summary.repeat_value.push(repeat_value);
        summary.mean_repeat_value.push(if x == 0 {
            0.0
        } else {
            repeat_value.0 as f64 / (f64::from(x) * UNITS_PER_CURRENCY as f64)
        });
    }
    Ok(summary)
}

/// For each customer of `summary` (a calibration ending at H), the occasions dated `summary.end` … `end − 1`:
/// the actual repeat purchases of the holdout period (§11.8).
pub fn holdout_occasions(occasions: &Occasions, summary: &CalibrationSummary, end: Day) -> Vec<u32> {
    let from = summary.end.unwrap_or(end);
    summary
        .customer
        .iter()
        .map(|&i| {
            let (days, _) = occasions.of(i as usize);
            (days.partition_point(|&d| d < end) - days.partition_point(|&d| d < from)) as u32
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Day {
        Day::parse_iso(text).unwrap()
    }

    #[test]
    fn malformed_columns_are_an_error_not_a_panic() {
        let days = [day("2024-01-01"), day("2024-01-01")];
        let values = [Money(1), Money(2)];
        let bad_order = Occasions { starts: &[0, 2], days: &days, values: &values, return_only_days: 0 };
        assert_eq!(bad_order.validate().unwrap_err().code(), "invalid_state");
        let bad_end = Occasions { starts: &[0, 3], days: &days, values: &values, return_only_days: 0 };
        assert!(calibration_summary(&bad_end, day("2024-02-01"), TimeUnit::Week).is_err());
        let empty = Occasions { starts: &[], days: &[], values: &[], return_only_days: 0 };
        assert!(empty.validate().is_err());
    }

    #[test]
    fn units_scale_days() {
        let days = [day("2024-01-01"), day("2024-01-31")];
        let values = [Money(100_000), Money(250_000)];
        let occasions = Occasions { starts: &[0, 2], days: &days, values: &values, return_only_days: 0 };
        for unit in TimeUnit::ALL {
            let s = calibration_summary(&occasions, day("2024-03-01"), unit).unwrap();
            assert_eq!((s.tx_days[0], s.t_days[0]), (30, 59));
            assert_eq!(s.t[0], 59.0 / unit.days());
            assert_eq!(s.mean_repeat_value[0], 25.0);
            assert_eq!(TimeUnit::parse(unit.name()), Some(unit));
        }
    }
}
