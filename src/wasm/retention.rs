//! `trend()` and `cohorts()` options in and results out (js-api.md Part two, analytics.md §12): options read with
//! the path-aware reader, summaries as plain objects, per-customer columns as typed arrays.

use super::options::{Read, Value};
use crate::analysis::period::Period;
use crate::analysis::trend::TrendOptions;

/// `{ period: "month" | "week" | "day", from, to, analysisDate }` (`undefined` or `null`: every default).
pub fn trend_options(value: &Value) -> Read<TrendOptions> {
    let mut options = TrendOptions::default();
    if value.is_absent() {
        return Ok(options);
    }
    let f = value.object(&["period", "from", "to", "analysisDate"])?;
    let periods: Vec<(&str, Period)> = Period::ALL.iter().map(|&p| (p.name(), p)).collect();
    if let Some(period) = f.read("period", |v| v.one_of(&periods))? {
        options.period = period;
    }
    options.from = f.read("from", Value::date)?;
    options.to = f.read("to", Value::date)?;
    options.analysis_date = f.read("analysisDate", Value::date)?;
    Ok(options)
}
