//! `CompareOptions` in and `CompareResult` out (js-api.md).

use super::convert::{is_absent, option_error, reject_unknown_keys, rfm_options, to_js};
use super::read::set_field;
use crate::analysis::compare::{Baseline, CompareOptions, CompareResult, Period};
use crate::date::Day;
use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;

/// A `YYYY-MM-DD` date option.
fn date(object: &JsValue, option: &str) -> Result<Option<Day>, JsValue> {
    set_field(object, option)
        .map(|v| {
            v.as_string()
                .and_then(|t| Day::parse_iso(&t))
                .ok_or_else(|| option_error(option, "use a date written YYYY-MM-DD"))
        })
        .transpose()
}

/// A whole-number option (at least 0).
fn whole(object: &JsValue, option: &str) -> Result<Option<f64>, JsValue> {
    set_field(object, option)
        .map(|v| match v.as_f64() {
            Some(n) if n.is_finite() && n.fract() == 0.0 && n >= 0.0 => Ok(n),
            _ => Err(option_error(option, "must be a whole number")),
        })
        .transpose()
}

/// Reads `CompareOptions` from JS: `{ by, analysisDate, from, to, period: { days, vs }, top, rfm }`, `by` a name or
/// an array of names; unknown keys are refused. (Read by hand rather than through serde: smaller in wasm.)
pub fn compare_options(value: &JsValue) -> Result<CompareOptions, JsValue> {
    let mut options = CompareOptions::default();
    if is_absent(value) {
        return Ok(options); // `by` is missing: the core says so
    }
    reject_unknown_keys(value, &["by", "analysisDate", "from", "to", "period", "top", "rfm"], "")?;
    if let Some(by) = set_field(value, "by") {
        let names: Option<Vec<String>> = match by.as_string() {
            Some(name) => Some(vec![name]),
            None if Array::is_array(&by) => Array::from(&by).iter().map(|n| n.as_string()).collect(),
            None => None,
        };
        options.by = names.ok_or_else(|| option_error("by", "give a column name or an array of one or two names"))?;
    }
    options.analysis_date = date(value, "analysisDate")?;
    options.from = date(value, "from")?;
    options.to = date(value, "to")?;
    if let Some(top) = whole(value, "top")? {
        options.top = top.min(u32::MAX as f64) as usize;
    }
    if let Some(period) = set_field(value, "period") {
        reject_unknown_keys(&period, &["days", "vs"], "period.")?;
        let days = whole(&period, "days")
            .map_err(|_| option_error("period.days", "must be a whole number of days"))?
            .ok_or_else(|| option_error("period.days", "give the window length in days"))?;
        let vs = match set_field(&period, "vs").map(|v| v.as_string()) {
            None => Baseline::Previous,
            Some(Some(vs)) if vs == "previous" => Baseline::Previous,
            Some(Some(vs)) if vs == "year" => Baseline::Year,
            Some(_) => return Err(option_error("period.vs", "use \"previous\" or \"year\"")),
        };
        options.period = Some(Period { days: days.min(u32::MAX as f64) as u32, vs });
    }
    if let Some(rfm) = set_field(value, "rfm") {
        options.rfm = rfm_options(&rfm).map_err(|e| prefixed("rfm.", e))?;
    }
    Ok(options)
}

/// An `invalid_option` error thrown while reading a nested object, with its option renamed `prefix` + option.
fn prefixed(prefix: &str, error: JsValue) -> JsValue {
    let details = Reflect::get(&error, &"details".into()).unwrap_or(JsValue::UNDEFINED);
    let option = Reflect::get(&details, &"option".into()).ok().and_then(|o| o.as_string());
    let reason = Reflect::get(&details, &"reason".into()).ok().and_then(|r| r.as_string());
    match (option, reason) {
        (Some(option), Some(reason)) => option_error(&format!("{prefix}{option}"), reason),
        _ => error,
    }
}

/// `CompareResult` as a plain object; each group's structured key crosses as `key` (texts, as before) and `kinds`
/// (`"value" | "blank" | "other"` per part), written by the core's `Serialize` of `Group`.
pub fn compare_to_js(result: &CompareResult) -> Result<JsValue, JsValue> {
    to_js(result)
}
