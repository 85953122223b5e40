//! Per-customer results as JavaScript columns: typed arrays for numbers, and dictionary columns for classes
//! (segment, tier, stage…), which cross as small integer codes plus their names once. Every per-customer result
//! is built with [`Columns`], so each analysis adds its columns in a line each.

use crate::money::Money;
use js_sys::{Array, Float64Array, Int32Array, JsString, Object, Reflect, Uint16Array, Uint32Array, Uint8Array};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(
    inline_js = "export function repeat_names(codes, names) { const out = new Array(codes.length); for (let i = 0; i < codes.length; i++) out[i] = names[codes[i]]; return out; }"
)]
extern "C" {
    /// `codes.map(c => names[c])` done in JS, so a column of a few distinct names is a column of references,
    /// not one new string per customer (which cost more than the whole analysis in garbage collection).
    #[wasm_bindgen(js_name = repeat_names)]
    fn repeat_names_js(codes: &JsValue, names: &Array) -> Array;
}

/// A JS `string[]`. Crossing the boundary once per string costs a UTF-8 decode and a call each, so the items
/// cross as one NUL-joined string split in JS; items holding a NUL themselves cross one by one.
pub fn strings<'a>(items: impl Iterator<Item = &'a str> + Clone) -> JsValue {
    if items.clone().any(|item| item.contains('\0')) {
        return items.map(JsValue::from_str).collect::<Array>().into();
    }
    let mut joined = String::new();
    let mut count = 0usize;
    for item in items {
        if count > 0 {
            joined.push('\0');
        }
        joined.push_str(item);
        count += 1;
    }
    if count == 0 {
        return Array::new().into();
    }
    JsString::from(joined).split("\0").into()
}

/// A JS `string[]` of exact money texts, written into one NUL-joined buffer (they never hold a NUL) and split in JS.
fn exact_strings(values: &[Money]) -> JsValue {
    if values.is_empty() {
        return Array::new().into();
    }
    let mut joined = String::with_capacity(values.len() * 12);
    for (i, value) in values.iter().enumerate() {
        if i > 0 {
            joined.push('\0');
        }
        value.push_exact(&mut joined);
    }
    JsString::from(joined).split("\0").into()
}

// retention speed (issue 14.4): the customer-id column kept between calls.
/// The last few customer-id columns made (the JS `string[]` with the codes it was made from), so that a call
/// whose customers are those of an earlier one (cohorts() and migration() on the cached frames) copies the array
/// instead of making one string per customer again, which took most of such a call's time (allocation and
/// garbage collection). The copy shares the strings, which JS cannot tell from new ones (strings are immutable
/// values), and is a new array, so a caller changing it changes no later result. Held by a `Dataset`, whose
/// orders (and so whose codes' ids) never change.
#[derive(Default)]
pub struct IdColumns {
    entries: std::cell::RefCell<Vec<(Vec<u32>, Array)>>,
}

#[cfg_attr(not(feature = "second-half"), allow(dead_code))] // split (issue 17.13): cohorts and migration only
impl IdColumns {
    /// How many columns are kept (cohorts, migration and one more).
    const KEPT: usize = 3;

    /// The `string[]` of the ids of `codes` (customer codes of `table`), a copy of a kept one when an earlier call
    /// had the same codes.
    pub fn ids(&self, codes: &[u32], table: &crate::table::Table) -> JsValue {
        let mut entries = self.entries.borrow_mut();
        let array = match entries.iter().position(|(kept, _)| kept[..] == *codes) {
            Some(at) => entries.remove(at).1,
            None => strings(codes.iter().map(|&code| table.customer.value(code))).unchecked_into(),
        };
        let copy = array.slice(0, array.length());
        if entries.len() == Self::KEPT {
            entries.remove(0);
        }
        entries.push((codes.to_vec(), array));
        copy.into()
    }

    /// Forgets every kept column (the dataset's `free()`).
    pub fn clear(&self) {
        self.entries.borrow_mut().clear();
    }
}

/// The columns object of a per-customer result, filled one column at a time.
#[derive(Default)]
pub struct Columns {
    object: Object,
}

impl Columns {
    fn set(&self, key: &str, value: &JsValue) {
        let _ = Reflect::set(&self.object, &key.into(), value);
    }

    /// A `string[]` column.
    pub fn strings<'a>(&self, key: &str, items: impl Iterator<Item = &'a str> + Clone) {
        self.set(key, &strings(items));
    }

    /// A `string[]` column of customer ids (retention speed, issue 14.4), through the kept columns `kept`.
    #[cfg_attr(not(feature = "second-half"), allow(dead_code))]
    pub fn ids(&self, key: &str, kept: &IdColumns, codes: &[u32], table: &crate::table::Table) {
        self.set(key, &kept.ids(codes, table));
    }

    /// An `Int32Array` column.
    pub fn i32(&self, key: &str, values: &[i32]) {
        self.set(key, &Int32Array::from(values).into());
    }

    /// A `Uint16Array` column.
    #[cfg_attr(not(feature = "second-half"), allow(dead_code))]
    pub fn u16(&self, key: &str, values: &[u16]) {
        self.set(key, &Uint16Array::from(values).into());
    }

    /// A `Uint32Array` column.
    pub fn u32(&self, key: &str, values: &[u32]) {
        self.set(key, &Uint32Array::from(values).into());
    }

    /// A `Float64Array` column.
    pub fn f64(&self, key: &str, values: &[f64]) {
        self.set(key, &Float64Array::from(values).into());
    }

    /// A `Float64Array` column, or `null` when the column does not apply.
    pub fn f64_or_null(&self, key: &str, values: Option<&[f64]>) {
        self.set(key, &values.map_or(JsValue::NULL, |values| Float64Array::from(values).into()));
    }

    /// A `Uint8Array` column.
    pub fn u8(&self, key: &str, values: &[u8]) {
        self.set(key, &Uint8Array::from(values).into());
    }

    // rfm columns (issue 20.3): the parts of a pair of columns, each only when asked for.

    /// [`money`](Self::money)'s `key` (when `units`) and `key` + `Exact` (when `exact`).
    pub fn money_parts(&self, key: &str, values: &[Money], units: bool, exact: bool) {
        if units {
            let units: Vec<f64> = values.iter().map(|m| m.to_f64()).collect();
            self.set(key, &Float64Array::from(&units[..]).into());
        }
        if exact {
            self.set(&format!("{key}Exact"), &exact_strings(values));
        }
    }

    /// [`classes_u16`](Self::classes_u16)'s `key` (names) and `key` + `Code`, each when its flag is set.
    pub fn classes_u16_parts<'a, I: Iterator<Item = &'a str>>(
        &self,
        key: &str,
        codes: &[u16],
        names: impl Fn() -> I,
        (named, coded): (bool, bool),
    ) {
        if !(named || coded) {
            return;
        }
        let codes: JsValue = Uint16Array::from(codes).into();
        if named {
            self.set(key, &repeat_names_js(&codes, &names().map(JsValue::from_str).collect()).into());
        }
        if coded {
            self.set(&format!("{key}Code"), &codes);
        }
    }

    /// [`classes_u8`](Self::classes_u8)'s `key` (names) and `key` + `Code`, each when its flag is set.
    pub fn classes_u8_parts<'a, I: Iterator<Item = &'a str>>(
        &self,
        key: &str,
        codes: &[u8],
        names: impl Fn() -> I,
        (named, coded): (bool, bool),
    ) {
        if !(named || coded) {
            return;
        }
        let codes: JsValue = Uint8Array::from(codes).into();
        if named {
            self.set(key, &repeat_names_js(&codes, &names().map(JsValue::from_str).collect()).into());
        }
        if coded {
            self.set(&format!("{key}Code"), &codes);
        }
    }

    /// A `string[]` column of names of classes that are not part of the result (`cell`): only the names cross,
    /// once each, and the column repeats references to them.
    pub fn names_by_code<'a>(&self, key: &str, codes: &[u16], names: impl Iterator<Item = &'a str>) {
        let codes: JsValue = Uint16Array::from(codes).into();
        self.set(key, &repeat_names_js(&codes, &names.map(JsValue::from_str).collect()).into());
    }

    /// A `(string | null)[]` column of class names by `codes` (indexes into `names`), `null` where the code is
    /// `null_code`; each name crosses once.
    pub fn names_or_null<'a>(&self, key: &str, codes: &[u16], names: impl Iterator<Item = &'a str>, null_code: u16) {
        let names: Array = names.map(JsValue::from_str).collect();
        names.set(u32::from(null_code), JsValue::NULL);
        let codes: JsValue = Uint16Array::from(codes).into();
        self.set(key, &repeat_names_js(&codes, &names).into());
    }

    // Customer attributes (§14.4): columns added to an existing columns object, codes of any width.

    /// The columns object `object` (made elsewhere), to add columns to.
    pub fn over(object: JsValue) -> Columns {
        Columns { object: object.unchecked_into() }
    }

    /// A column of `values[code]` per code (any JS values: numbers, `null`), each value crossing once.
    pub fn values_u32(&self, key: &str, codes: &[u32], values: &Array) {
        let codes: JsValue = Uint32Array::from(codes).into();
        self.set(key, &repeat_names_js(&codes, values).into());
    }

    /// A class column of any number of classes: `key` + `Code` as a `Uint32Array` (when `coded`), and `key` as
    /// names (when `named`).
    pub fn classes_u32_parts<'a>(
        &self,
        key: &str,
        codes: &[u32],
        names: impl Iterator<Item = &'a str>,
        (named, coded): (bool, bool),
    ) {
        if !(named || coded) {
            return;
        }
        let codes: JsValue = Uint32Array::from(codes).into();
        if named {
            self.set(key, &repeat_names_js(&codes, &names.map(JsValue::from_str).collect()).into());
        }
        if coded {
            self.set(&format!("{key}Code"), &codes);
        }
    }

    /// The columns object.
    pub fn finish(self) -> JsValue {
        self.object.into()
    }
}
