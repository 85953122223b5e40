//! Customer attributes in the binding (analytics.md §14.4): `ds.profile(options)`, and the `age`, `ageBand` and
//! `gender` columns `RfmResult.customers` gains after `joinCustomers`.
// split (issue 17.13): the first-load module has only the option readers of this file.
#![cfg_attr(not(feature = "second-half"), allow(unused_imports))]

use super::columns::Columns;
use super::convert::{js_error, to_js};
use super::options::{rfm_options, Read, Value};
use super::Dataset;
use crate::analysis::profile::{ProfileOptions, MAX_AGE, PROFILE_ROWS};
use crate::analysis::rfm::RfmResult;
use crate::workspace::Workspace;
use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;

/// Reads `{ attribute, rows, rfm, ageBands, top, suppressBelow, customers }`; ranges and the attribute are the
/// core's checks. `customers: true` (an addition to analytics.md §14.4) asks for each customer's value.
pub fn profile_options(value: &Value) -> Read<ProfileOptions> {
    let mut options = ProfileOptions::default();
    if value.is_absent() {
        return Ok(options); // `attribute` is missing: the core says so
    }
    let f = value.object(&["attribute", "rows", "rfm", "ageBands", "top", "suppressBelow", "customers"])?;
    options.attribute = f.read("attribute", Value::string)?.unwrap_or_default();
    if let Some(rows) = f.read("rows", |v| v.one_of(&PROFILE_ROWS))? {
        options.rows = rows;
    }
    if let Some(rfm) = f.get("rfm") {
        options.rfm = rfm_options(&rfm)?;
    }
    if let Some(edges) = f.get("ageBands") {
        let items = edges.items()?;
        options.age_bands =
            items.iter().map(|v| v.whole(1, Some(i64::from(MAX_AGE))).map(|e| e as u32)).collect::<Read<_>>()?;
    }
    if let Some(top) = f.read("top", |v| v.whole(1, None))? {
        options.top = usize::try_from(top).unwrap_or(usize::MAX);
    }
    if let Some(k) = f.read("suppressBelow", |v| v.whole(0, None))? {
        options.suppress_below = k as u64;
    }
    options.customer_values = f.read("customers", Value::boolean)?.unwrap_or(false);
    Ok(options)
}

/// Adds `age` (`(number | null)[]`), `ageBand` and `gender` (`string[]`, with `ageBandCode` / `genderCode`) to the
/// `customers` columns of an `RfmResult` object when a customers file is joined. Each distinct value crosses once.
pub fn add_customer_columns(
    summary: &JsValue,
    workspace: &Workspace,
    result: &RfmResult,
    wants: &dyn Fn(&str) -> bool,
) -> Result<(), JsValue> {
    // rfm columns (issue 20.3): none of them asked for, none computed.
    if !ATTRIBUTE_COLUMNS.iter().any(|name| wants(name)) {
        return Ok(());
    }
    let Some(attributes) = workspace.customer_columns(result) else { return Ok(()) };
    let customers = Reflect::get(summary, &"customers".into())?;
    let columns = Columns::over(customers);
    if wants("age") {
        // Ages as codes into [0, 1, …, 120, null].
        let null_age = MAX_AGE + 1;
        let age_codes: Vec<u32> = attributes.age.iter().map(|a| a.unwrap_or(null_age)).collect();
        let ages: Array = (0..=MAX_AGE).map(JsValue::from).chain([JsValue::NULL]).collect();
        columns.values_u32("age", &age_codes, &ages);
    }
    let bands = attributes.age_band_names.iter().map(String::as_str);
    columns.classes_u32_parts("ageBand", &attributes.age_band, bands, (wants("ageBand"), wants("ageBandCode")));
    let genders = attributes.gender_names.iter().map(String::as_str);
    columns.classes_u32_parts("gender", &attributes.gender, genders, (wants("gender"), wants("genderCode")));
    Ok(())
}

// rfm columns (issue 20.3)
/// The per-customer columns a joined customers file adds to `RfmResult.customers` (§14.4).
pub const ATTRIBUTE_COLUMNS: [&str; 5] = ["age", "ageBand", "ageBandCode", "gender", "genderCode"];

// split (issue 17.13): in the full module only.
#[cfg(feature = "second-half")]
#[wasm_bindgen]
impl Dataset {
    /// The profile of segments, tiers or lifecycle stages by one customer attribute (`ProfileResult`,
    /// analytics.md §14.3–§14.4) with `ProfileOptions`: customers, share, index vs all (= 100) and revenue per
    /// class and value, small cells suppressed on request. Needs `joinCustomers` first.
    #[wasm_bindgen(unchecked_return_type = "ProfileResult")]
    pub fn profile(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ProfileOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let options = profile_options(&Value::root(&options, "options")).map_err(js_error)?;
        let result = self.with(|w| w.profile(&options).map_err(js_error))?;
        let object = to_js(&result)?;
        if let Some(values) = &result.customer_values {
            Reflect::set(&object, &"customerValues".into(), &js_sys::Uint32Array::from(&values[..]).into())?;
        }
        Ok(object)
    }
}
