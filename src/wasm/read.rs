//! Reading option values by hand (`js_sys::Reflect`) instead of through serde-wasm-bindgen's deserializer,
//! which with the derived visitors was ≈20 KB of the module. What is accepted and the error messages are the
//! ones serde gave, word for word: fields are read in declaration order, a key that is absent (not `in` the
//! object) or `null`/`undefined` leaves an optional field unset, a value of the wrong type is
//! `invalid type: …, expected …`, and an option that takes several shapes (an untagged enum) either matches one
//! of them exactly as serde's `Content` would or is `data did not match any variant of untagged enum …`.

use crate::analysis::rfm::lifecycle::LifecycleThresholds;
use crate::analysis::rfm::segments::{Axes, CellBox, GridMap, Label, Rule};
use js_sys::{Array, ArrayBuffer, Map, Number, Object, Reflect, Symbol, Uint8Array};
use wasm_bindgen::prelude::*;

/// A serde error as serde-wasm-bindgen printed it: a JS `Error` through `String(…)`.
fn serde_error(message: String) -> String {
    format!("Error: {message}")
}

/// An exception thrown by JS while a value was read, through `String(…)` as serde-wasm-bindgen printed it.
fn thrown(error: &JsValue) -> String {
    error.as_string().unwrap_or_else(|| Object::from(error.clone()).to_string().into())
}

/// serde's words for the JS value met (as serde-wasm-bindgen describes values).
fn unexpected(value: &JsValue) -> String {
    if value.is_undefined() || value.is_null() {
        "unit value".into()
    } else if let Some(b) = value.as_bool() {
        format!("boolean `{b}`")
    } else if let Some(f) = value.as_f64() {
        // serde prints floats with a decimal point.
        let text = f.to_string();
        if f.is_finite() && !text.contains('.') {
            format!("floating point `{text}.0`")
        } else {
            format!("floating point `{text}`")
        }
    } else if let Some(s) = value.as_string() {
        format!("string {s:?}")
    } else if value.is_instance_of::<Uint8Array>() || value.is_instance_of::<ArrayBuffer>() {
        "byte array".into()
    } else {
        format!("{value:?}")
    }
}

/// `invalid type: <value>, expected <what>`.
fn invalid_type(value: &JsValue, expected: &str) -> String {
    serde_error(format!("invalid type: {}, expected {expected}", unexpected(value)))
}

/// The value of `key` as serde-wasm-bindgen reads a struct field: `None` when the key is not in the object.
pub(super) fn field(object: &JsValue, key: &str) -> Option<JsValue> {
    let key = JsValue::from_str(key);
    let value = Reflect::get(object, &key).unwrap_or(JsValue::UNDEFINED);
    if value.is_undefined() && !Reflect::has(object, &key).unwrap_or(false) {
        None
    } else {
        Some(value)
    }
}

/// The field when it is set: `None` when absent, `null` or `undefined` (as for an `Option`).
pub(super) fn set_field(object: &JsValue, key: &str) -> Option<JsValue> {
    field(object, key).filter(|v| !v.is_undefined() && !v.is_null())
}

/// An optional string field.
pub(super) fn string(object: &JsValue, key: &str) -> Result<Option<String>, String> {
    set_field(object, key).map(|v| v.as_string().ok_or_else(|| invalid_type(&v, "a string"))).transpose()
}

/// An optional number field.
pub(super) fn number(object: &JsValue, key: &str) -> Result<Option<f64>, String> {
    set_field(object, key).map(|v| v.as_f64().ok_or_else(|| invalid_type(&v, "f64"))).transpose()
}

/// An optional `number[]` field (any iterable of numbers, as serde-wasm-bindgen reads a sequence).
pub(super) fn numbers(object: &JsValue, key: &str) -> Result<Option<Vec<f64>>, String> {
    let Some(value) = set_field(object, key) else { return Ok(None) };
    let items: Vec<JsValue> = if Array::is_array(&value) {
        Array::from(&value).iter().collect()
    } else {
        match js_sys::try_iter(&value) {
            Ok(Some(iter)) => iter.collect::<Result<_, _>>().map_err(|e| thrown(&e))?,
            Ok(None) => return Err(invalid_type(&value, "a sequence")),
            Err(e) => return Err(thrown(&e)),
        }
    };
    items.iter().map(|item| item.as_f64().ok_or_else(|| invalid_type(item, "f64"))).collect::<Result<_, _>>().map(Some)
}

/// A struct field that must be a JS object: the object, or serde's error naming the struct.
pub(super) fn object(object: &JsValue, key: &str, name: &str) -> Result<Option<JsValue>, String> {
    set_field(object, key)
        .map(|v| if v.is_object() { Ok(v) } else { Err(invalid_type(&v, &format!("struct {name}"))) })
        .transpose()
}

/// `LifecycleThresholds` (every field defaults; whole numbers that fit an `i32`).
pub(super) fn lifecycle(value: &JsValue) -> Result<LifecycleThresholds, String> {
    let mut thresholds = LifecycleThresholds::default();
    for (key, slot) in [
        ("newDays", &mut thresholds.new_days),
        ("activeDays", &mut thresholds.active_days),
        ("atRiskDays", &mut thresholds.at_risk_days),
    ] {
        if let Some(v) = field(value, key) {
            *slot = if Number::is_safe_integer(&v) {
                let n = v.as_f64().unwrap_or_default() as i64;
                i32::try_from(n).map_err(|_| serde_error(format!("invalid value: integer `{n}`, expected i32")))?
            } else {
                return Err(invalid_type(&v, "i32"));
            };
        }
    }
    Ok(thresholds)
}

/// A JS value as serde's `Content` sees it through serde-wasm-bindgen's `deserialize_any`, for untagged enums.
enum Content {
    Unit,
    Bool(bool),
    Int(i64),
    /// A BigInt above `i64::MAX`.
    Big(u64),
    Float(f64),
    Str(String),
    Seq(Vec<JsValue>),
    Map(Vec<(String, JsValue)>),
    Other,
}

fn content(value: &JsValue) -> Content {
    if value.is_undefined() || value.is_null() {
        Content::Unit
    } else if let Some(b) = value.as_bool() {
        Content::Bool(b)
    } else if value.is_bigint() {
        match i64::try_from(value.clone()) {
            Ok(i) => Content::Int(i),
            Err(value) => u64::try_from(value).map_or(Content::Other, Content::Big),
        }
    } else if let Some(f) = value.as_f64() {
        if Number::is_safe_integer(value) {
            Content::Int(f as i64)
        } else {
            Content::Float(f)
        }
    } else if let Some(s) = value.as_string() {
        Content::Str(s)
    } else if Array::is_array(value) {
        Content::Seq(Array::from(value).iter().collect())
    } else if value.is_instance_of::<Uint8Array>() || value.is_instance_of::<ArrayBuffer>() {
        Content::Other
    } else if let Some(map) = value.dyn_ref::<Map>() {
        let mut entries = Vec::new();
        map.for_each(&mut |v, k| entries.push((k, v)));
        // serde reads a key that is not a string as a field's index: such maps are refused here.
        entries
            .into_iter()
            .map(|(k, v)| Some((k.as_string()?, v)))
            .collect::<Option<_>>()
            .map_or(Content::Other, Content::Map)
    } else if value.is_object() && !Reflect::has(value, &Symbol::iterator()).unwrap_or(false) {
        let entries = Object::entries(value.unchecked_ref());
        Content::Map(
            entries
                .iter()
                .filter_map(|pair| {
                    let pair = Array::from(&pair);
                    Some((pair.get(0).as_string()?, pair.get(1)))
                })
                .collect(),
        )
    } else {
        Content::Other
    }
}

fn c_string(value: &JsValue) -> Option<String> {
    match content(value) {
        Content::Str(s) => Some(s),
        _ => None,
    }
}

fn c_u8(value: &JsValue) -> Option<u8> {
    match content(value) {
        Content::Int(i) => u8::try_from(i).ok(),
        _ => None,
    }
}

fn c_f64(value: &JsValue) -> Option<f64> {
    match content(value) {
        Content::Int(i) => Some(i as f64),
        Content::Big(u) => Some(u as f64),
        Content::Float(f) => Some(f),
        _ => None,
    }
}

fn c_bool(value: &JsValue) -> Option<bool> {
    match content(value) {
        Content::Bool(b) => Some(b),
        _ => None,
    }
}

fn c_vec<T>(value: &JsValue, item: impl Fn(&JsValue) -> Option<T>) -> Option<Vec<T>> {
    match content(value) {
        Content::Seq(items) => items.iter().map(item).collect(),
        _ => None,
    }
}

fn c_pair(value: &JsValue) -> Option<[u8; 2]> {
    match content(value) {
        Content::Seq(items) if items.len() == 2 => Some([c_u8(&items[0])?, c_u8(&items[1])?]),
        _ => None,
    }
}

/// The fields of a struct (in declaration order, `true` for those with a default) from a map (by name, other
/// keys ignored) or a sequence (in order, as serde's derived `visit_seq` reads it: every field up to the last one
/// without a default, and no more than all): `None` for a defaulted field that is left out.
fn c_struct(value: &JsValue, fields: &[(&str, bool)]) -> Option<Vec<Option<JsValue>>> {
    c_fields(value, fields, true)
}

/// The fields of an untagged enum's struct variant: from a map only (serde gives those no `visit_seq`).
fn c_variant(value: &JsValue, fields: &[(&str, bool)]) -> Option<Vec<Option<JsValue>>> {
    c_fields(value, fields, false)
}

fn c_fields(value: &JsValue, fields: &[(&str, bool)], sequence_too: bool) -> Option<Vec<Option<JsValue>>> {
    match content(value) {
        Content::Map(entries) => fields
            .iter()
            .map(|(name, has_default)| match entries.iter().find(|(k, _)| k == name) {
                Some((_, v)) => Some(Some(v.clone())),
                None if *has_default => Some(None),
                None => None,
            })
            .collect(),
        Content::Seq(items) if sequence_too => {
            let needed = fields.iter().rposition(|(_, has_default)| !has_default).map_or(0, |i| i + 1);
            ((needed..=fields.len()).contains(&items.len()))
                .then(|| (0..fields.len()).map(|i| items.get(i).cloned()).collect())
        }
        _ => None,
    }
}

fn c_label(value: &JsValue) -> Option<Label> {
    let f = c_struct(value, &[("en", false), ("zh", false)])?;
    Some(Label { en: c_string(f[0].as_ref()?)?, zh: c_string(f[1].as_ref()?)? })
}

fn c_axes(value: &JsValue) -> Option<Axes> {
    let name = match content(value) {
        Content::Str(s) => s,
        Content::Map(entries) if entries.len() == 1 => {
            matches!(content(&entries[0].1), Content::Unit).then(|| entries[0].0.clone())?
        }
        _ => return None,
    };
    match name.as_str() {
        "rfm" => Some(Axes::Rfm),
        "r-fm" => Some(Axes::RFm),
        _ => None,
    }
}

fn c_cell_box(value: &JsValue) -> Option<CellBox> {
    let f = c_struct(value, &[("r", false), ("f", false), ("m", true)])?;
    let m = match &f[2] {
        Some(m) => c_pair(m)?,
        None => [1, u8::MAX],
    };
    Some(CellBox { r: c_pair(f[0].as_ref()?)?, f: c_pair(f[1].as_ref()?)?, m })
}

fn c_rule(value: &JsValue) -> Option<Rule> {
    let f = c_struct(value, &[("segment", false), ("label", true), ("cells", false)])?;
    let label = match f[1].as_ref().map(content) {
        None | Some(Content::Unit) => None,
        Some(_) => Some(c_label(f[1].as_ref()?)?),
    };
    Some(Rule { segment: c_string(f[0].as_ref()?)?, label, cells: c_vec(f[2].as_ref()?, c_cell_box)? })
}

/// A user's segment map (`GridMap`).
fn c_grid_map(value: &JsValue) -> Option<GridMap> {
    let f = c_struct(
        value,
        &[("name", false), ("axes", false), ("scale", false), ("rescale", true), ("rules", false), ("other", false)],
    )?;
    let rescale = match &f[3] {
        Some(v) => c_bool(v)?,
        None => false,
    };
    Some(GridMap {
        name: c_string(f[0].as_ref()?)?,
        axes: c_axes(f[1].as_ref()?)?,
        scale: c_u8(f[2].as_ref()?)?,
        rescale,
        rules: c_vec(f[4].as_ref()?, c_rule)?,
        other: c_label(f[5].as_ref()?)?,
    })
}

fn untagged(name: &str) -> String {
    serde_error(format!("data did not match any variant of untagged enum {name}"))
}

/// `method`: a name, or `{ breakpoints: { recency, frequency, monetary } }`.
pub(super) enum Method {
    Name(String),
    Breakpoints([Vec<f64>; 3]),
}

pub(super) fn method(value: &JsValue) -> Result<Method, String> {
    if let Some(name) = c_string(value) {
        return Ok(Method::Name(name));
    }
    let breakpoints = || {
        let outer = c_variant(value, &[("breakpoints", false)])?;
        let f = c_struct(outer[0].as_ref()?, &[("recency", false), ("frequency", false), ("monetary", false)])?;
        let list = |i: usize| c_vec(f[i].as_ref()?, c_f64);
        Some([list(0)?, list(1)?, list(2)?])
    };
    breakpoints().map(Method::Breakpoints).ok_or_else(|| untagged("JsMethod"))
}

/// `segmentMap`: a preset's name or a map.
pub(super) enum SegmentMap {
    Preset(String),
    Map(GridMap),
}

pub(super) fn segment_map(value: &JsValue) -> Result<SegmentMap, String> {
    if let Some(name) = c_string(value) {
        return Ok(SegmentMap::Preset(name));
    }
    c_grid_map(value).map(SegmentMap::Map).ok_or_else(|| untagged("JsSegmentMap"))
}

/// `cn8.compare`: a name, or fixed `{ recency, frequency, monetary }`.
pub(super) enum Compare {
    Name(String),
    Fixed([f64; 3]),
}

pub(super) fn compare(value: &JsValue) -> Result<Compare, String> {
    if let Some(name) = c_string(value) {
        return Ok(Compare::Name(name));
    }
    let fixed = || {
        let f = c_variant(value, &[("recency", false), ("frequency", false), ("monetary", false)])?;
        Some([c_f64(f[0].as_ref()?)?, c_f64(f[1].as_ref()?)?, c_f64(f[2].as_ref()?)?])
    };
    fixed().map(Compare::Fixed).ok_or_else(|| untagged("JsCompare"))
}
