//! What [`compare`](super::compare) is asked: the dimensions, the analysis date, the window or the period, top N and
//! the RFM options of the computed dimensions, with the limits and defaults of each, checked before any work.

use crate::analysis::rfm::RfmOptions;
use crate::date::Day;
use crate::error::Error;

/// The dimensions computed from the RFM analysis, usable in `by` besides the file's columns.
pub const COMPUTED_DIMENSIONS: [&str; 3] = ["segment", "tier", "lifecycle"];
/// Default number of groups kept per dimension before `Other`.
pub const DEFAULT_TOP: usize = 20;
/// Longest period accepted, in days (100 years).
pub const MAX_PERIOD_DAYS: u32 = 36_525;
/// Largest `top` of a cross table (at most 201 × 201 cells, so memory stays bounded whatever the columns).
pub const MAX_CROSS_TOP: usize = 200;

/// What the current window of a period comparison is compared with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Baseline {
    /// The P days before the current window: `D − 2P … D − P − 1`.
    #[default]
    Previous,
    /// The same calendar dates a year earlier (29 February → 28 February).
    Year,
}

/// A period comparison: the current window `D − days … D − 1` against a baseline window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    /// P, the window length in days (1 to [`MAX_PERIOD_DAYS`]).
    pub days: u32,
    /// What the current window is compared with.
    pub vs: Baseline,
}

/// Options of [`compare`](super::compare); every field but `by` has the contract's default.
#[derive(Clone, Debug, PartialEq)]
pub struct CompareOptions {
    /// One dimension (header name, or `segment`, `tier`, `lifecycle`), or two for a cross table.
    pub by: Vec<String>,
    /// `D`; default the day after the latest date of any row (or `rfm.analysis_date` when only that is given).
    pub analysis_date: Option<Day>,
    /// First day of the window (inclusive); default none (all rows up to `to`). Not with `period`.
    pub from: Option<Day>,
    /// Last day of the window (inclusive); default `D − 1`. Not with `from`/`to`.
    pub to: Option<Day>,
    /// A period comparison instead of `from`/`to`.
    pub period: Option<Period>,
    /// Groups kept per dimension, ranked by current revenue; the rest form `Other`. At least 1, and at most
    /// [`MAX_CROSS_TOP`] with two dimensions.
    pub top: usize,
    /// Options of the RFM analysis behind `segment`, `tier` and `lifecycle`.
    pub rfm: RfmOptions,
}

impl Default for CompareOptions {
    fn default() -> Self {
        CompareOptions {
            by: Vec::new(),
            analysis_date: None,
            from: None,
            to: None,
            period: None,
            top: DEFAULT_TOP,
            rfm: RfmOptions::default(),
        }
    }
}

impl CompareOptions {
    /// Checks every option that does not need the table, naming the first one at fault.
    pub fn validate(&self) -> Result<(), Error> {
        match self.by.len() {
            1 => {}
            2 if self.by[0] == self.by[1] => {
                return Err(Error::invalid_option("by", "the two dimensions of a cross table must differ"))
            }
            2 => {}
            0 => return Err(Error::invalid_option("by", "name a dimension column (or two, for a cross table)")),
            n => {
                return Err(Error::invalid_option(
                    "by",
                    format!("names {n} dimensions; give one, or two for a cross table"),
                ))
            }
        }
        if self.top == 0 {
            return Err(Error::invalid_option("top", "must be at least 1"));
        }
        if self.by.len() == 2 && self.top > MAX_CROSS_TOP {
            return Err(Error::invalid_option(
                "top",
                format!("a cross table keeps at most {MAX_CROSS_TOP} groups per dimension, not {}", self.top),
            ));
        }
        if let (Some(from), Some(to)) = (self.from, self.to) {
            if from > to {
                return Err(Error::invalid_option("from", format!("{from} is after to ({to})")));
            }
        }
        if let Some(period) = self.period {
            if self.from.is_some() || self.to.is_some() {
                return Err(Error::invalid_option(
                    "period",
                    "give either a period or from/to, not both (a period ends the day before the analysis date)",
                ));
            }
            if !(1..=MAX_PERIOD_DAYS).contains(&period.days) {
                return Err(Error::invalid_option(
                    "period.days",
                    format!("must be a whole number of days from 1 to {MAX_PERIOD_DAYS}, not {}", period.days),
                ));
            }
        }
        if let (Some(date), Some(rfm_date)) = (self.analysis_date, self.rfm.analysis_date) {
            if date != rfm_date {
                return Err(Error::invalid_option(
                    "rfm.analysisDate",
                    format!("{rfm_date} differs from analysisDate ({date}); give one analysis date"),
                ));
            }
        }
        self.rfm.validate().map_err(|e| e.within("rfm"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn options_are_checked_before_any_work() {
        let by =
            |names: &[&str]| CompareOptions { by: names.iter().map(|s| s.to_string()).collect(), ..Default::default() };
        let option = |o: CompareOptions| match o.validate().unwrap_err().kind() {
            ErrorKind::InvalidOption { option, .. } => option.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(option(by(&[])), "by");
        assert_eq!(option(by(&["a", "b", "c"])), "by");
        assert_eq!(option(by(&["a", "a"])), "by");
        assert_eq!(option(CompareOptions { top: 0, ..by(&["a"]) }), "top");
        let day = |t: &str| Day::parse_iso(t);
        assert_eq!(option(CompareOptions { from: day("2024-03-02"), to: day("2024-03-01"), ..by(&["a"]) }), "from");
        let period = Some(Period { days: 0, vs: Baseline::Previous });
        assert_eq!(option(CompareOptions { period, ..by(&["a"]) }), "period.days");
        let period = Some(Period { days: 7, vs: Baseline::Year });
        assert_eq!(option(CompareOptions { period, to: day("2024-03-01"), ..by(&["a"]) }), "period");
        let rfm = RfmOptions { bins: 11, ..Default::default() };
        assert_eq!(option(CompareOptions { rfm, ..by(&["a"]) }), "rfm.bins");
        let rfm = RfmOptions { analysis_date: day("2024-01-01"), ..Default::default() };
        assert_eq!(option(CompareOptions { rfm, analysis_date: day("2024-01-02"), ..by(&["a"]) }), "rfm.analysisDate");
        assert!(by(&["a", "b"]).validate().is_ok());
    }
}
