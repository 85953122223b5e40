//! `affinity()` and `growthMatrix()` options in and results out (js-api.md Part two, analytics.md §15 and §17):
//! options read with the path-aware reader, summaries as plain objects, the per-customer next product as columns.
// split (issue 17.13): the first-load module has only the option readers of this file.
#![cfg_attr(not(feature = "second-half"), allow(unused_imports))]

use super::columns::Columns;
use super::convert::js_error;
use super::convert::to_js;
use super::options::{rfm_options, Read, Value};
use super::Dataset;
use crate::analysis::affinity::{AffinityLevel, AffinityOptions, AffinityResult, BasketKind, MAX_TOP};
use crate::analysis::compare::MAX_PERIOD_DAYS;
use crate::analysis::growth::GrowthOptions;
use crate::analysis::migration::MigrationBy;
use crate::table::{Table, NO_TEXT};
use js_sys::Reflect;
use wasm_bindgen::prelude::*;

// split (issue 17.13): in the full module only.
#[cfg(feature = "second-half")]
#[wasm_bindgen]
impl Dataset {
    /// Product affinity (`AffinityResult`, analytics.md §15.5) with `AffinityOptions`: baskets, top items, pairs
    /// with support, confidences and lift, the next products per class, and every customer's next product as
    /// columns (`customers: { id, nextItem, confidence, lift }`).
    #[wasm_bindgen(unchecked_return_type = "AffinityResult")]
    pub fn affinity(
        &self,
        #[wasm_bindgen(unchecked_param_type = "AffinityOptions | null | undefined")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let options = affinity_options(&Value::root(&options, "options")).map_err(js_error)?;
        self.with(|w| affinity_to_js(&w.affinity(&options).map_err(js_error)?, w.orders()))
    }

    /// The customer growth matrix (`GrowthResult`, analytics.md §17.3) with `GrowthOptions`.
    #[wasm_bindgen(js_name = growthMatrix, unchecked_return_type = "GrowthResult")]
    pub fn growth_matrix(
        &self,
        #[wasm_bindgen(unchecked_param_type = "GrowthOptions | null | undefined")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let options = growth_options(&Value::root(&options, "options")).map_err(js_error)?;
        self.with(|w| to_js(&w.growth_matrix(&options).map_err(js_error)?))
    }
}

/// `{ level, basket, analysisDate, from, to, top, minSupport, minCount, maxPairs, recommend: { by, rfm, perClass } }`
/// (`undefined` or `null`: every default).
pub fn affinity_options(value: &Value) -> Read<AffinityOptions> {
    let mut options = AffinityOptions::default();
    if value.is_absent() {
        return Ok(options);
    }
    let f = value.object(&[
        "level",
        "basket",
        "analysisDate",
        "from",
        "to",
        "top",
        "minSupport",
        "minCount",
        "maxPairs",
        "recommend",
    ])?;
    let levels: Vec<(&str, AffinityLevel)> = AffinityLevel::ALL.iter().map(|&l| (l.name(), l)).collect();
    options.level = f.read("level", |v| v.one_of(&levels))?;
    let kinds: Vec<(&str, BasketKind)> = BasketKind::ALL.iter().map(|&k| (k.name(), k)).collect();
    options.basket = f.read("basket", |v| v.one_of(&kinds))?;
    options.analysis_date = f.read("analysisDate", Value::date)?;
    options.from = f.read("from", Value::date)?;
    options.to = f.read("to", Value::date)?;
    if let Some(top) = f.read("top", |v| v.whole(1, Some(MAX_TOP as i64)))? {
        options.top = top as usize;
    }
    if let Some(support) = f.read("minSupport", Value::number)? {
        options.min_support = support;
    }
    if let Some(count) = f.read("minCount", |v| v.whole(1, None))? {
        options.min_count = count as u64;
    }
    if let Some(pairs) = f.read("maxPairs", |v| v.whole(0, None))? {
        options.max_pairs = usize::try_from(pairs).unwrap_or(usize::MAX);
    }
    if let Some(recommend) = f.get("recommend") {
        let r = recommend.object(&["by", "rfm", "perClass"])?;
        let bys: Vec<(&str, MigrationBy)> = MigrationBy::ALL.iter().map(|&b| (b.name(), b)).collect();
        if let Some(by) = r.read("by", |v| v.one_of(&bys))? {
            options.recommend.by = by;
        }
        if let Some(rfm) = r.get("rfm") {
            options.recommend.rfm = rfm_options(&rfm)?;
        }
        if let Some(per_class) = r.read("perClass", |v| v.whole(1, None))? {
            options.recommend.per_class = usize::try_from(per_class).unwrap_or(usize::MAX);
        }
    }
    Ok(options)
}

/// `AffinityResult`: the summary as a plain object plus `customers`: `id`, `nextItem` (`(string | null)[]`),
/// `confidence` and `lift` (`Float64Array`s, 0 without a recommendation).
pub fn affinity_to_js(result: &AffinityResult, table: &Table) -> Result<JsValue, JsValue> {
    let summary = to_js(result)?;
    let c = &result.customers;
    let columns = Columns::default();
    columns.strings("id", c.customer.iter().map(|&code| table.customer.value(code)));
    // The chosen items are among the top K (≤ 2,000): each crosses once, the column holds references.
    let mut chosen: Vec<u32> = c.next_item.iter().copied().filter(|&item| item != NO_TEXT).collect();
    chosen.sort_unstable();
    chosen.dedup();
    let null_code = chosen.len() as u16;
    let codes: Vec<u16> =
        c.next_item.iter().map(|item| chosen.binary_search(item).map_or(null_code, |at| at as u16)).collect();
    let values = &table.dimensions[result.dimension].values;
    columns.names_or_null("nextItem", &codes, chosen.iter().map(|&item| values.value(item)), null_code);
    columns.f64("confidence", &c.confidence);
    columns.f64("lift", &c.lift);
    Reflect::set(&summary, &"customers".into(), &columns.finish())?;
    Ok(summary)
}

/// `{ analysisDate, period: { days }, business, by, top }` (`undefined` or `null`: every default).
pub fn growth_options(value: &Value) -> Read<GrowthOptions> {
    let mut options = GrowthOptions::default();
    if value.is_absent() {
        return Ok(options);
    }
    let f = value.object(&["analysisDate", "period", "business", "by", "top"])?;
    options.analysis_date = f.read("analysisDate", Value::date)?;
    if let Some(period) = f.get("period") {
        let p = period.object(&["days"])?;
        if let Some(days) = p.read("days", |v| v.whole(1, Some(i64::from(MAX_PERIOD_DAYS))))? {
            options.period_days = days as u32;
        }
    }
    options.business = f.read("business", Value::string)?;
    options.by = f.read("by", Value::string)?;
    if let Some(top) = f.read("top", |v| v.whole(1, None))? {
        options.top = usize::try_from(top).unwrap_or(usize::MAX);
    }
    Ok(options)
}
