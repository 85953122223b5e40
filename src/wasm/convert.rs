//! Core results and errors out to JavaScript.

use super::columns::Columns;
use crate::analysis::rfm::RfmResult;
use crate::catalog::Json;
use crate::error::Error;
use crate::table::Table;
use js_sys::Reflect;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Any serializable value as a plain JS object (`null` for `None`, objects not `Map`s).
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsValue::from_str(&format!("internal error converting a result: {e}")))
}

/// A [`Json`] tree as the plain JS value it describes, built directly rather than through serde (the catalog is
/// the only tree; its `Serialize` is for native callers).
pub fn json_to_js(value: &Json) -> JsValue {
    match value {
        Json::Null => JsValue::NULL,
        Json::Bool(b) => JsValue::from_bool(*b),
        Json::Number(n) => JsValue::from_f64(*n),
        Json::Text(t) => JsValue::from_str(t),
        Json::List(items) => items.iter().map(json_to_js).collect::<js_sys::Array>().into(),
        Json::Object(fields) => {
            let object = js_sys::Object::new();
            for (key, value) in fields {
                let _ = Reflect::set(&object, &JsValue::from_str(key), &json_to_js(value));
            }
            object.into()
        }
    }
}

/// A core error as the thrown `{ code, message, position, details }` object.
pub fn js_error(error: Error) -> JsValue {
    to_js(&error).unwrap_or_else(|e| e)
}

/// `RfmResult`: the summary as a plain object plus the `customers` columns (typed arrays, and codes + names for
/// segment, tier and lifecycle stage).
pub fn rfm_to_js(result: &RfmResult, table: &Table, wants: &dyn Fn(&str) -> bool) -> Result<JsValue, JsValue> {
    let summary = to_js(result)?;
    let c = &result.customers;
    let columns = Columns::default();
    // rfm columns (issue 20.3): a column not asked for (`wants`) is neither built nor crossed.
    if wants("id") {
        columns.strings("id", c.customer.iter().map(|&code| table.customer.value(code)));
    }
    if wants("recencyDays") {
        columns.i32("recencyDays", &c.recency_days);
    }
    if wants("frequency") {
        columns.u32("frequency", &c.frequency);
    }
    columns.money_parts("monetary", &c.monetary, wants("monetary"), wants("monetaryExact"));
    if wants("tenureDays") {
        columns.i32("tenureDays", &c.tenure_days);
    }
    for (name, scores) in [("r", &c.r), ("f", &c.f), ("m", &c.m)] {
        if wants(name) {
            columns.u8(name, scores);
        }
    }
    if wants("cell") {
        // At most B³ distinct cells (from the core): each crosses once, and the column repeats references to them.
        let (cell_codes, cell_names) = c.cell_codes();
        columns.names_by_code("cell", &cell_codes, cell_names.iter().map(String::as_str));
    }
    if wants("score") {
        let score: Vec<u8> = (0..c.len()).map(|i| c.score(i)).collect();
        columns.u8("score", &score);
    }
    let segments = || result.segments.iter().map(|s| s.name.as_str());
    columns.classes_u16_parts("segment", &c.segment, segments, (wants("segment"), wants("segmentCode")));
    let tiers = || result.tiers.iter().map(|t| t.name.as_str());
    columns.classes_u8_parts("tier", &c.tier, tiers, (wants("tier"), wants("tierCode")));
    let stages = || result.lifecycle.iter().map(|l| l.stage.as_str());
    columns.classes_u8_parts("lifecycle", &c.lifecycle, stages, (wants("lifecycle"), wants("lifecycleCode")));
    Reflect::set(&summary, &"customers".into(), &columns.finish())?;
    Ok(summary)
}
