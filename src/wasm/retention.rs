//! `trend()`, `cohorts()` and `migration()` options in and results out (js-api.md Part two, analytics.md §12): options read with
//! the path-aware reader, summaries as plain objects, per-customer columns as typed arrays.

use super::clv::export_clv_options;
use super::columns::{Columns, IdColumns};
use super::convert::to_js;
use super::options::{rfm_options, Read, Value};
use crate::analysis::clv::ClvOptions;
use crate::analysis::cohorts::{ChurnRiskMethod, CohortOptions, CohortResult, COHORT_PERIODS};
use crate::analysis::migration::{MigrationBy, MigrationOptions, MigrationResult};
use crate::analysis::period::Period;
use crate::analysis::trend::TrendOptions;
use crate::date::Day;
use crate::error::ValueType;
use crate::table::Table;
use js_sys::Reflect;
use wasm_bindgen::prelude::*;

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

/// `CohortOptions` as read, with the CLV model options the `pAlive` method uses.
pub struct CohortRequest {
    /// The cohort options.
    pub options: CohortOptions,
    /// `clv`: the model options of `ClvOptions` (defaults when absent).
    pub clv: ClvOptions,
}

/// `{ analysisDate, period: "month" | "week", from, to, lifecycle: { atRiskDays }, churnRisk: { method, multiple,
/// minGaps, threshold }, clv }` (`undefined` or `null`: every default). Ranges are the core's checks.
#[cfg_attr(not(feature = "second-half"), allow(dead_code))] // split (issue 17.13): cohorts() is in the full module only
pub fn cohort_options(value: &Value) -> Read<CohortRequest> {
    let mut request = CohortRequest { options: CohortOptions::default(), clv: ClvOptions::new(Day(0)) };
    if value.is_absent() {
        return Ok(request);
    }
    let f = value.object(&["analysisDate", "period", "from", "to", "lifecycle", "churnRisk", "clv"])?;
    let o = &mut request.options;
    o.analysis_date = f.read("analysisDate", Value::date)?;
    let periods: Vec<(&str, Period)> = COHORT_PERIODS.iter().map(|&p| (p.name(), p)).collect();
    if let Some(period) = f.read("period", |v| v.one_of(&periods))? {
        o.period = period;
    }
    o.from = f.read("from", Value::date)?;
    o.to = f.read("to", Value::date)?;
    if let Some(lifecycle) = f.get("lifecycle") {
        let l = lifecycle.object(&["newDays", "activeDays", "atRiskDays"])?;
        if let Some(v) = l.get("atRiskDays") {
            let days = v.whole(1, Some(i64::from(i32::MAX)))?;
            o.at_risk_days = Some(days as i32);
        }
    }
    if let Some(risk) = f.get("churnRisk") {
        let r = risk.object(&["method", "multiple", "minGaps", "threshold"])?;
        let methods: Vec<(&str, ChurnRiskMethod)> = ChurnRiskMethod::ALL.iter().map(|&m| (m.name(), m)).collect();
        if let Some(method) = r.read("method", |v| v.one_of(&methods))? {
            o.churn_risk.method = method;
        }
        if let Some(multiple) = r.read("multiple", Value::number)? {
            o.churn_risk.multiple = multiple;
        }
        if let Some(min_gaps) = r.read("minGaps", |v| v.whole(1, Some(i64::from(u32::MAX))))? {
            o.churn_risk.min_gaps = min_gaps as u32;
        }
        if let Some(threshold) = r.read("threshold", Value::number)? {
            o.churn_risk.threshold = threshold;
        }
    }
    if let Some(clv) = f.get("clv") {
        if !clv.is_object() {
            return Err(clv.expected(&[ValueType::Object]));
        }
        if let Some(model) = export_clv_options(&clv)? {
            request.clv = model;
        }
    }
    Ok(request)
}

/// `CohortResult`: the summary as a plain object plus the `customers` columns (ids in customer-id order,
/// `purchaseDays` as a `Uint32Array`, `gapSource` and `churnRisk` as `Uint8Array`s, the rest `Float64Array`s).
#[cfg_attr(not(feature = "second-half"), allow(dead_code))] // split (issue 17.13): cohorts() is in the full module only
pub fn cohorts_to_js(result: &CohortResult, table: &Table, ids: &IdColumns) -> Result<JsValue, JsValue> {
    let summary = to_js(result)?;
    let c = &result.customers;
    let columns = Columns::default();
    columns.ids("id", ids, &c.customer, table);
    columns.u32("purchaseDays", &c.purchase_days);
    columns.f64("gapDays", &c.gap_days);
    columns.u8("gapSource", &c.gap_source);
    columns.u8("churnRisk", &c.churn_risk);
    columns.f64("riskRatio", &c.risk_ratio);
    Reflect::set(&summary, &"customers".into(), &columns.finish())?;
    Ok(summary)
}

/// `{ from, to, by: "segment" | "tier" | "lifecycle", rfm, lookbackDays }` (`undefined` or `null`: every default).
pub fn migration_options(value: &Value) -> Read<MigrationOptions> {
    let mut options = MigrationOptions::default();
    if value.is_absent() {
        return Ok(options);
    }
    let f = value.object(&["from", "to", "by", "rfm", "lookbackDays"])?;
    options.from = f.read("from", Value::date)?;
    options.to = f.read("to", Value::date)?;
    let kinds: Vec<(&str, MigrationBy)> = MigrationBy::ALL.iter().map(|&b| (b.name(), b)).collect();
    if let Some(by) = f.read("by", |v| v.one_of(&kinds))? {
        options.by = by;
    }
    if let Some(rfm) = f.get("rfm") {
        options.rfm = rfm_options(&rfm)?;
    }
    options.lookback_days = f.read("lookbackDays", |v| v.whole(1, Some(i64::from(i32::MAX))))?.map(|d| d as i32);
    Ok(options)
}

/// `MigrationResult`: the matrix as a plain object plus the `customers` columns: `id`, `from` and `to` (class names,
/// `null` for new / none) and `fromIndex` / `toIndex` (`Uint16Array`s of rows / columns, the last being new / none).
pub fn migration_to_js(result: &MigrationResult, table: &Table, ids: &IdColumns) -> Result<JsValue, JsValue> {
    let summary = to_js(result)?;
    let c = &result.customers;
    let columns = Columns::default();
    columns.ids("id", ids, &c.customer, table);
    let (new_row, none_column) = (result.rows.len() - 1, result.columns.len() - 1);
    columns.names_or_null("from", &c.from, result.rows.iter().map(String::as_str), new_row as u16);
    columns.names_or_null("to", &c.to, result.columns.iter().map(String::as_str), none_column as u16);
    columns.u16("fromIndex", &c.from);
    columns.u16("toIndex", &c.to);
    Reflect::set(&summary, &"customers".into(), &columns.finish())?;
    Ok(summary)
}
