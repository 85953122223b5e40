//! `ClvOptions` in and `ClvResult` out (analytics.md §11.9): the options read with the path-aware reader, the
//! summary as a plain object, and the per-customer columns as typed arrays (`null` columns without Gamma-Gamma).

use super::columns::Columns;
use super::convert::to_js;
use super::options::{rfm_options, Fields, Read, Value};
use crate::analysis::clv::{
    BgNbdParams, ClvOptions, ClvValueOptions, GammaGammaParams, GivenParams, TimeUnit, MIN_CUSTOMERS_FLOOR,
};
use crate::analysis::clv_frame::ClvReport;
use crate::analysis::rfm::RfmOptions;
use crate::date::Day;
use crate::table::Table;
use js_sys::Reflect;
use wasm_bindgen::prelude::*;

/// The keys of `ClvOptions` besides `analysisDate` and `rfm`, which `exportCustomers`' `clv` takes from the
/// export's own options.
const MODEL_KEYS: [&str; 7] = ["timeUnit", "horizon", "clv", "params", "holdout", "minCustomers", "minRepeatCustomers"];

/// `ClvOptions` as read: the analysis date still to resolve, the model options (at a placeholder date until
/// [`at`](ClvRequest::at)), and the RFM options whose groups the CLV is summed by.
pub struct ClvRequest {
    /// `analysisDate`, if given.
    pub analysis_date: Option<Day>,
    model: ClvOptions,
    /// `rfm`.
    pub rfm: RfmOptions,
}

impl ClvRequest {
    /// The model options at the resolved analysis date.
    pub fn at(&self, analysis_date: Day) -> ClvOptions {
        ClvOptions { analysis_date, ..self.model.clone() }
    }
}

/// Reads `ClvOptions`: `{ analysisDate, timeUnit, horizon, clv: { months, discountRate, margin }, params: { bgnbd:
/// { r, alpha, a, b }, gammaGamma: { p, q, gamma } }, holdout: { from }, minCustomers, minRepeatCustomers, rfm }`
/// (`undefined` or `null`: every default). Ranges are the core's checks, except whole numbers.
pub fn clv_options(value: &Value) -> Read<ClvRequest> {
    let mut request = ClvRequest { analysis_date: None, model: ClvOptions::new(Day(0)), rfm: RfmOptions::default() };
    if value.is_absent() {
        return Ok(request);
    }
    let mut keys = vec!["analysisDate", "rfm"];
    keys.extend(MODEL_KEYS);
    let f = value.object(&keys)?;
    request.analysis_date = f.read("analysisDate", Value::date)?;
    model_options(&f, &mut request.model)?;
    if let Some(rfm) = f.get("rfm") {
        request.rfm = rfm_options(&rfm)?;
    }
    Ok(request)
}

/// `exportCustomers`' `clv`: `true` (the defaults), `false` (no CLV columns), or the model options of
/// `ClvOptions` (no `analysisDate` or `rfm`: the export's). `None` when no CLV columns are asked for.
pub fn export_clv_options(value: &Value) -> Read<Option<ClvOptions>> {
    let mut model = ClvOptions::new(Day(0));
    if value.is_absent() {
        return Ok(None);
    }
    if value.is_boolean() {
        return Ok(value.boolean()?.then_some(model));
    }
    if !value.is_object() {
        return Err(value.expected(&[crate::error::ValueType::Boolean, crate::error::ValueType::Object]));
    }
    model_options(&value.object(&MODEL_KEYS)?, &mut model)?;
    Ok(Some(model))
}

/// The model's fields of `ClvOptions` into `model`.
fn model_options(f: &Fields<'_>, model: &mut ClvOptions) -> Read<()> {
    let units: Vec<(&str, TimeUnit)> = TimeUnit::ALL.iter().map(|&unit| (unit.name(), unit)).collect();
    if let Some(unit) = f.read("timeUnit", |v| v.one_of(&units))? {
        model.time_unit = unit;
    }
    model.horizon = f.read("horizon", Value::number)?;
    if let Some(clv) = f.get("clv") {
        let c = clv.object(&["months", "discountRate", "margin"])?;
        let defaults = ClvValueOptions::default();
        model.clv = ClvValueOptions {
            months: c.read("months", |v| v.whole(1, Some(120)))?.map_or(defaults.months, |m| m as u32),
            discount_rate: c.read("discountRate", Value::number)?.unwrap_or(defaults.discount_rate),
            margin: c.read("margin", Value::number)?.unwrap_or(defaults.margin),
        };
    }
    if let Some(params) = f.get("params") {
        let p = params.object(&["bgnbd", "gammaGamma"])?;
        let bgnbd = p.read("bgnbd", |v| {
            let b = v.object(&["r", "alpha", "a", "b"])?;
            Ok(BgNbdParams {
                r: b.required("r")?.number()?,
                alpha: b.required("alpha")?.number()?,
                a: b.required("a")?.number()?,
                b: b.required("b")?.number()?,
            })
        })?;
        let gamma_gamma = p.read("gammaGamma", |v| {
            let g = v.object(&["p", "q", "gamma"])?;
            Ok(GammaGammaParams {
                p: g.required("p")?.number()?,
                q: g.required("q")?.number()?,
                gamma: g.required("gamma")?.number()?,
            })
        })?;
        model.params = Some(GivenParams { bgnbd, gamma_gamma });
    }
    if let Some(holdout) = f.get("holdout") {
        model.holdout_from = Some(holdout.object(&["from"])?.required("from")?.date()?);
    }
    let count = |v: &Value| v.whole(i64::from(MIN_CUSTOMERS_FLOOR), Some(i64::from(u32::MAX))).map(|n| n as u32);
    if let Some(min) = f.read("minCustomers", count)? {
        model.min_customers = min;
    }
    if let Some(min) = f.read("minRepeatCustomers", count)? {
        model.min_repeat_customers = min;
    }
    Ok(())
}

/// `ClvResult`: the summary as a plain object plus the `customers` columns (ids in customer-id order, `x` as a
/// `Uint32Array`, the rest as `Float64Array`s; `expectedValue` and `clv` are `null` without Gamma-Gamma).
pub fn clv_to_js(report: &ClvReport, table: &Table) -> Result<JsValue, JsValue> {
    let summary = to_js(report)?;
    let c = &report.model.customers;
    let columns = Columns::default();
    columns.strings("id", report.customer.iter().map(|&code| table.customer.value(code)));
    columns.u32("x", &c.x);
    columns.f64("tx", &c.tx);
    columns.f64("T", &c.t);
    columns.f64("meanRepeatValue", &c.mean_repeat_value);
    columns.f64("pAlive", &c.p_alive);
    columns.f64("expectedPurchases", &c.expected_purchases);
    columns.f64_or_null("expectedValue", c.expected_value.as_deref());
    columns.f64_or_null("clv", c.clv.as_deref());
    Reflect::set(&summary, &"customers".into(), &columns.finish())?;
    Ok(summary)
}
