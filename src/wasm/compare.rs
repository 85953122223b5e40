//! `CompareOptions` in and `CompareResult` out (js-api.md).

use super::convert::to_js;
use super::options::{rfm_options, Read, Value};
use crate::analysis::compare::{Baseline, CompareOptions, CompareResult, Period, MAX_PERIOD_DAYS};
use crate::catalog;
use crate::error::ValueType;
use wasm_bindgen::prelude::*;

/// Reads `CompareOptions` from JS: `{ by, analysisDate, from, to, period: { days, vs }, top, rfm }`, `by` a name or
/// an array of names (how many is the core's check); only these keys.
pub fn compare_options(value: &JsValue) -> Read<CompareOptions> {
    let mut options = CompareOptions::default();
    let root = Value::root(value, "options");
    if root.is_absent() {
        return Ok(options); // `by` is missing: the core says so
    }
    let f = root.object(&["by", "analysisDate", "from", "to", "period", "top", "rfm"])?;
    if let Some(by) = f.get("by") {
        options.by = if by.is_string() {
            vec![by.string()?]
        } else {
            let items = by.items().map_err(|_| by.expected(&[ValueType::String, ValueType::Array]))?;
            items.iter().map(Value::string).collect::<Read<_>>()?
        };
    }
    options.analysis_date = f.read("analysisDate", Value::date)?;
    options.from = f.read("from", Value::date)?;
    options.to = f.read("to", Value::date)?;
    if let Some(period) = f.get("period") {
        let p = period.object(&["days", "vs"])?;
        let days = p.required("days")?.whole(1, Some(i64::from(MAX_PERIOD_DAYS)))? as u32;
        let vs = p.read("vs", |v| v.one_of(&catalog::BASELINES))?.unwrap_or(Baseline::Previous);
        options.period = Some(Period { days, vs });
    }
    if let Some(top) = f.read("top", |v| v.whole(1, None))? {
        options.top = usize::try_from(top).unwrap_or(usize::MAX);
    }
    if let Some(rfm) = f.get("rfm") {
        options.rfm = rfm_options(&rfm)?;
    }
    Ok(options)
}

/// `CompareResult` as a plain object; each group's structured key crosses as `key` (texts, as before) and `kinds`
/// (`"value" | "blank" | "other"` per part), written by the core's `Serialize` of `Group`.
pub fn compare_to_js(result: &CompareResult) -> Result<JsValue, JsValue> {
    to_js(result)
}
