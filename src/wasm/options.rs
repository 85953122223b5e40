//! Reading options from JavaScript: one small reader that knows where it is (`segmentMap.rules[0].cells[1].r`)
//! and accepts only the documented shapes. Every refusal is an `invalid_option` naming that path and an
//! [`OptionRule`] with its parameters, so the page can say it in any language.
//!
//! Written by hand over `js_sys::Reflect` rather than through serde-wasm-bindgen's deserializer: the derived
//! visitors were ≈20 KB of the module, and their messages (`invalid type: …, expected f64`) named neither the
//! option nor the fix. Conventions: a field that is absent, `null` or `undefined` is unset (its default); a plain
//! object may hold only its documented keys; numbers are JavaScript numbers (not strings, not BigInts).

use super::clv::export_clv_options;
use crate::analysis::affinity::{AffinityOptions, ProductExport};
use crate::analysis::clv::ClvOptions;
use crate::analysis::rfm::export::{Delimiter, ExportFilter};
use crate::analysis::rfm::lifecycle::LifecycleThresholds;
use crate::analysis::rfm::segments::{CellBox, GridMap, Label, Rule};
use crate::analysis::rfm::{Cn8Compare, Cn8Options, RfmOptions, ScoringMethod, SegmentMapChoice};
use crate::catalog::{self, limits};
use crate::date::Day;
use crate::error::{Error, OptionRule, ValueType};
use crate::ingest::{LoadOptions, Role, RoleChoice, RoleOverrides};
use js_sys::{Array, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// What reading an option gives.
pub type Read<T> = Result<T, Error>;

/// The range of B, the number of scores (analytics.md §4; the core checks it too, for native callers).
const BINS: (i64, i64) = (2, 10);

/// A JavaScript value and its place in the options.
pub struct Value {
    value: JsValue,
    /// `bins`, `segmentMap.rules[0]`; empty for the options object itself.
    path: String,
    /// What the options object itself is called in messages (`options`, `filter`).
    root: &'static str,
}

impl Value {
    /// The options object itself (an argument), called `root` in messages about it.
    pub fn root(value: &JsValue, root: &'static str) -> Value {
        Value { value: value.clone(), path: String::new(), root }
    }

    fn child(&self, value: JsValue, key: &str) -> Value {
        let path = if self.path.is_empty() { key.to_string() } else { format!("{}.{key}", self.path) };
        Value { value, path, root: self.root }
    }

    fn item(&self, value: JsValue, index: usize) -> Value {
        Value { value, path: format!("{}[{index}]", self.place()), root: self.root }
    }

    fn place(&self) -> &str {
        if self.path.is_empty() {
            self.root
        } else {
            &self.path
        }
    }

    /// `null` or `undefined`.
    pub fn is_absent(&self) -> bool {
        self.value.is_undefined() || self.value.is_null()
    }

    /// An error about this value.
    #[inline(never)]
    pub fn error(&self, rule: OptionRule) -> Error {
        Error::option_rule(self.place(), rule)
    }

    /// A type error about this value: it should have been one of `expected`.
    #[inline(never)]
    pub fn expected(&self, expected: &[ValueType]) -> Error {
        self.error(OptionRule::Type { expected: expected.to_vec() })
    }

    /// A string.
    #[inline(never)]
    pub fn string(&self) -> Read<String> {
        self.value.as_string().ok_or_else(|| self.expected(&[ValueType::String]))
    }

    /// `true` or `false`.
    #[inline(never)]
    pub fn boolean(&self) -> Read<bool> {
        self.value.as_bool().ok_or_else(|| self.expected(&[ValueType::Boolean]))
    }

    /// A finite number (NaN and ±Infinity are refused: no rule of the options means anything with them).
    #[inline(never)]
    pub fn number(&self) -> Read<f64> {
        let n = self.value.as_f64().ok_or_else(|| self.expected(&[ValueType::Number]))?;
        if n.is_finite() {
            Ok(n)
        } else {
            Err(Error::invalid_option(self.place(), "must be a finite number, not NaN or Infinity"))
        }
    }

    /// A whole number from `min` to `max` (no upper bound when `None`).
    #[inline(never)]
    pub fn whole(&self, min: i64, max: Option<i64>) -> Read<i64> {
        let n = self.number()?;
        let within = n.fract() == 0.0 && n >= min as f64 && max.is_none_or(|max| n <= max as f64);
        if within && n.abs() <= 9_007_199_254_740_991.0 {
            Ok(n as i64)
        } else {
            Err(self.error(OptionRule::WholeNumberRange { min, max }))
        }
    }

    /// `[low, high]`: two whole numbers from `min` to `max`, low first.
    #[inline(never)]
    pub fn pair(&self, min: u8, max: u8) -> Read<[u8; 2]> {
        let refused = || self.error(OptionRule::WholeNumberPair { min: i64::from(min), max: i64::from(max) });
        if !Array::is_array(&self.value) {
            return Err(refused());
        }
        let items = self.items_up_to(2).map_err(|_| refused())?;
        let whole = |v: &Value| {
            v.value
                .as_f64()
                .filter(|n| n.fract() == 0.0 && *n >= f64::from(min) && *n <= f64::from(max))
                .map(|n| n as u8)
        };
        match (items.len(), items.first().and_then(whole), items.get(1).and_then(whole)) {
            (2, Some(low), Some(high)) if low <= high => Ok([low, high]),
            _ => Err(refused()),
        }
    }

    /// One of the names of `names`, as its value.
    pub fn one_of<T: Clone>(&self, names: &[(&str, T)]) -> Read<T> {
        let index = self.choice(&names.iter().map(|(name, _)| *name).collect::<Vec<_>>())?;
        Ok(names[index].1.clone())
    }

    /// The index of the name in `names`.
    #[inline(never)]
    fn choice(&self, names: &[&str]) -> Read<usize> {
        let name = self.string()?;
        names
            .iter()
            .position(|n| *n == name)
            .ok_or_else(|| self.error(OptionRule::OneOf { allowed: names.iter().map(|n| n.to_string()).collect() }))
    }

    /// A date written `YYYY-MM-DD`.
    #[inline(never)]
    pub fn date(&self) -> Read<Day> {
        let text = self.string().map_err(|_| self.error(OptionRule::Date))?;
        Day::parse_iso(&text).ok_or_else(|| self.error(OptionRule::Date))
    }

    /// The items of an array, each at its index: at most [`limits::OPTION_LIST_ITEMS`].
    pub fn items(&self) -> Read<Vec<Value>> {
        self.items_up_to(limits::OPTION_LIST_ITEMS)
    }

    /// The items of an array of at most `limit` items (`invalid_option` with `details.limit` beyond, before any
    /// item is read: a huge or endless list costs nothing). Items are read by index, each getter once.
    #[inline(never)]
    pub fn items_up_to(&self, limit: usize) -> Read<Vec<Value>> {
        if !Array::is_array(&self.value) {
            return Err(self.expected(&[ValueType::Array]));
        }
        let length = Reflect::get(&self.value, &JsValue::from_str("length")).map_err(|e| self.unreadable(e))?;
        let length = length.as_f64().unwrap_or(0.0);
        if length > limit as f64 {
            return Err(self.error(OptionRule::MaxItems { limit: limit as u64 }));
        }
        (0..length as u32)
            .map(|i| {
                let item = self.item(JsValue::UNDEFINED, i as usize);
                Reflect::get_u32(&self.value, i).map(|v| self.item(v, i as usize)).map_err(|e| item.unreadable(e))
            })
            .collect()
    }

    /// An array of numbers.
    #[inline(never)]
    pub fn numbers(&self) -> Read<Vec<f64>> {
        self.items()?.iter().map(Value::number).collect()
    }

    /// An array of strings (ids, column names), read in one pass over the array.
    #[inline(never)]
    pub fn strings(&self) -> Read<Vec<String>> {
        if !Array::is_array(&self.value) {
            return Err(self.expected(&[ValueType::Array]));
        }
        let array = Array::from(&self.value);
        let mut out = Vec::with_capacity(array.length() as usize);
        for (i, item) in array.iter().enumerate() {
            match item.as_string() {
                Some(text) => out.push(text),
                None => return Err(self.item(item, i).expected(&[ValueType::String])),
            }
        }
        Ok(out)
    }

    /// Whether it is a string.
    pub fn is_string(&self) -> bool {
        self.value.is_string()
    }

    /// Whether it is `true` or `false`.
    pub fn is_boolean(&self) -> bool {
        self.value.as_bool().is_some()
    }

    /// Whether it is a plain object (not an array).
    pub fn is_object(&self) -> bool {
        self.value.is_object() && !Array::is_array(&self.value)
    }

    /// A plain object with no keys but `allowed`. Each allowed field is read once, here: a getter that throws
    /// (or a proxy that refuses) is `invalid_option` at the field's path, with what it threw.
    #[inline(never)]
    pub fn object(&self, allowed: &[&str]) -> Read<Fields<'_>> {
        if !self.is_object() {
            return Err(self.expected(&[ValueType::Object]));
        }
        let keys = object_keys(&self.value).map_err(|thrown| self.unreadable(thrown))?;
        for key in keys.iter() {
            let key = key.as_string().unwrap_or_default();
            if !allowed.contains(&key.as_str()) {
                let allowed = allowed.iter().map(|k| k.to_string()).collect();
                return Err(self.child(JsValue::UNDEFINED, &key).error(OptionRule::UnknownField { allowed }));
            }
        }
        let mut values = Vec::with_capacity(allowed.len());
        for key in allowed {
            let value = Reflect::get(&self.value, &JsValue::from_str(key))
                .map_err(|thrown| self.child(JsValue::UNDEFINED, key).unreadable(thrown))?;
            values.push((key.to_string(), value));
        }
        Ok(Fields { values, parent: self })
    }

    /// `invalid_option` for a value whose reading threw `thrown` (a getter, a proxy's trap).
    #[inline(never)]
    fn unreadable(&self, thrown: JsValue) -> Error {
        let thrown = match thrown.dyn_ref::<js_sys::Error>() {
            Some(error) => String::from(error.message()),
            None => thrown.as_string().unwrap_or_else(|| "a value".into()),
        };
        Error::invalid_option(self.place(), format!("could not be read: reading it threw \"{thrown}\""))
    }
}

// hostile input (issue 18): `Object.keys` that can throw (a proxy's trap) without unwinding through wasm.
#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn object_keys(object: &JsValue) -> Result<Array, JsValue>;
}

/// The fields of an options object, read once.
pub struct Fields<'a> {
    values: Vec<(String, JsValue)>,
    parent: &'a Value,
}

impl Fields<'_> {
    #[inline(never)]
    fn raw(&self, key: &str) -> Value {
        let value = self.values.iter().find(|(k, _)| k == key).map_or(JsValue::UNDEFINED, |(_, v)| v.clone());
        self.parent.child(value, key)
    }

    /// The field when it is set (not absent, `null` or `undefined`).
    #[inline(never)]
    pub fn get(&self, key: &str) -> Option<Value> {
        Some(self.raw(key)).filter(|v| !v.is_absent())
    }

    /// A field that must be set.
    #[inline(never)]
    pub fn required(&self, key: &str) -> Read<Value> {
        let value = self.raw(key);
        if value.is_absent() {
            Err(value.error(OptionRule::Required))
        } else {
            Ok(value)
        }
    }

    /// `read` of the field when it is set.
    #[inline(always)]
    pub fn read<T>(&self, key: &str, read: impl FnOnce(&Value) -> Read<T>) -> Read<Option<T>> {
        self.get(key).map(|v| read(&v)).transpose()
    }
}

/// `LoadOptions` (`undefined` or `null`: every default).
pub fn load_options(value: &JsValue) -> Read<LoadOptions> {
    let mut options = LoadOptions::default();
    let root = Value::root(value, "options");
    if root.is_absent() {
        return Ok(options);
    }
    let f = root.object(&[
        "fileName",
        "encoding",
        "delimiter",
        "sheet",
        "dateOrder",
        "roles",
        "maxBytes",
        "totalBytes",
        "currency",
        // platforms (issue 12)
        "statusFilter",
    ])?;
    options.file_name = f.read("fileName", Value::string)?;
    options.encoding = f.read("encoding", Value::string)?;
    if let Some(v) = f.get("delimiter") {
        match v.string()?.as_bytes() {
            [byte] => options.delimiter = Some(*byte),
            _ => return Err(v.error(OptionRule::OneCharacter)),
        }
    }
    options.sheet = f.read("sheet", Value::string)?;
    options.date_order = f.read("dateOrder", |v| v.one_of(&catalog::DATE_ORDERS))?;
    if let Some(roles) = f.get("roles") {
        options.roles = role_overrides(&roles)?;
    }
    // hostile input (issue 18): sizes past the catalog's limits are refused here (the core checks them too).
    if let Some(max) = f.read("maxBytes", |v| v.whole(1, Some(limits::INPUT_BYTES as i64)))? {
        options.max_bytes = max as u64;
    }
    options.total_bytes = f.read("totalBytes", |v| v.whole(0, None))?.map(|n| n as u64);
    // Currency detection (issue 17, point 9): the one currency to analyse; the core checks it is one.
    options.currency = f.read("currency", Value::string)?;
    // platforms (issue 12): the status values whose rows are left out (`[]`: keep every row).
    if let Some(values) = f.read("statusFilter", Value::items)? {
        options.status_filter = Some(values.iter().map(Value::string).collect::<Read<Vec<String>>>()?);
    }
    Ok(options)
}

/// `roles`: a header name per role, `null` for "the file has no such column". Every role of every kind of file is
/// a known key here; the core refuses a role the file's kind does not have.
fn role_overrides(roles: &Value) -> Read<RoleOverrides> {
    let names = Role::MAPPED.map(Role::name);
    let f = roles.object(&names)?;
    let mut overrides = RoleOverrides::default();
    for role in Role::MAPPED {
        let v = f.raw(role.name());
        let choice = if v.value.is_null() {
            Some(RoleChoice::Absent)
        } else if v.value.is_undefined() {
            None
        } else {
            let header = v.string().map_err(|_| v.expected(&[ValueType::String, ValueType::Null]))?;
            Some(RoleChoice::Column(header))
        };
        overrides.set(role, choice);
    }
    Ok(overrides)
}

/// `RfmOptions` (`undefined` or `null`: every default).
pub fn rfm_options(value: &Value) -> Read<RfmOptions> {
    Ok(rfm_options_with(value, None, |_| Ok(()))?.0)
}

// rfm columns (issue 20.3)
/// `RfmOptions` and one more key of the same object (`extra`, e.g. rfm()'s `columns`), read by `more` (`None`
/// when the options are absent). Without `extra` the object may hold the RfmOptions keys only.
pub fn rfm_options_with<T>(
    value: &Value,
    extra: Option<&str>,
    more: impl FnOnce(&Fields<'_>) -> Read<T>,
) -> Read<(RfmOptions, Option<T>)> {
    let mut options = RfmOptions::default();
    if value.is_absent() {
        return Ok((options, None));
    }
    let mut keys = vec!["analysisDate", "bins", "method", "monetary", "segmentMap", "tiers", "lifecycle", "cn8"];
    keys.extend(extra);
    let f = value.object(&keys)?;
    options.analysis_date = f.read("analysisDate", Value::date)?;
    if let Some(bins) = f.read("bins", |v| v.whole(BINS.0, Some(BINS.1)))? {
        options.bins = bins as u8;
    }
    if let Some(method) = f.read("method", method)? {
        options.method = method;
    }
    if let Some(monetary) = f.read("monetary", |v| v.one_of(&catalog::MONETARY_MODES))? {
        options.monetary = monetary;
    }
    if let Some(map) = f.read("segmentMap", segment_map)? {
        options.segment_map = map;
    }
    if let Some(tiers) = f.read("tiers", |v| v.items_up_to(limits::TIERS)?.iter().map(Value::number).collect())? {
        options.tiers = tiers;
    }
    if let Some(lifecycle) = f.read("lifecycle", lifecycle)? {
        options.lifecycle = lifecycle;
    }
    if let Some(cn8) = f.read("cn8", cn8)? {
        // The cn-8 options apply to the cn-8 map only, and are ignored with another.
        if let SegmentMapChoice::Cn8(_) = options.segment_map {
            options.segment_map = SegmentMapChoice::Cn8(cn8);
        }
    }
    let more = more(&f)?;
    Ok((options, Some(more)))
}

/// `method`: a name, or `{ breakpoints: { recency, frequency, monetary } }`.
fn method(v: &Value) -> Read<ScoringMethod> {
    if v.is_string() {
        return v.one_of(catalog::METHODS);
    }
    if !v.is_object() {
        return Err(v.expected(&[ValueType::String, ValueType::Object]));
    }
    let outer = v.object(&["breakpoints"])?;
    let breakpoints = outer.required("breakpoints")?;
    let f = breakpoints.object(&["recency", "frequency", "monetary"])?;
    Ok(ScoringMethod::Breakpoints {
        recency: f.required("recency")?.numbers()?,
        frequency: f.required("frequency")?.numbers()?,
        monetary: f.required("monetary")?.numbers()?,
    })
}

/// `segmentMap`: a preset's name or a user's map.
fn segment_map(v: &Value) -> Read<SegmentMapChoice> {
    if v.is_string() {
        let name = v.string()?;
        return SegmentMapChoice::preset(&name).ok_or_else(|| {
            v.error(OptionRule::OneOf { allowed: SegmentMapChoice::PRESETS.iter().map(|p| p.to_string()).collect() })
        });
    }
    if !v.is_object() {
        return Err(v.expected(&[ValueType::String, ValueType::Object]));
    }
    grid_map(v).map(SegmentMapChoice::Grid)
}

/// A user's map: `{ name, axes, scale, rescale?, rules: [{ segment, label?, cells: [{ r, f, m? }] }], other }`.
fn grid_map(v: &Value) -> Read<GridMap> {
    let f = v.object(&["name", "axes", "scale", "rescale", "rules", "other"])?;
    let name = f.required("name")?.string()?;
    let axes = f.required("axes")?.one_of(&catalog::AXES)?;
    let scale = f.required("scale")?.whole(BINS.0, Some(BINS.1))? as u8;
    let rescale = f.read("rescale", Value::boolean)?.unwrap_or(false);
    let rules = f
        .required("rules")?
        .items_up_to(limits::SEGMENT_MAP_RULES)?
        .iter()
        .map(|rule| map_rule(rule, scale))
        .collect::<Read<_>>()?;
    let other = label(&f.required("other")?)?;
    Ok(GridMap { name, axes, scale, rescale, rules, other })
}

fn map_rule(v: &Value, scale: u8) -> Read<Rule> {
    let f = v.object(&["segment", "label", "cells"])?;
    let segment = f.required("segment")?.string()?;
    let label = f.read("label", label)?;
    let cells = f
        .required("cells")?
        .items_up_to(limits::SEGMENT_MAP_CELLS)?
        .iter()
        .map(|cell| {
            let f = cell.object(&["r", "f", "m"])?;
            Ok(CellBox {
                r: f.required("r")?.pair(1, scale)?,
                f: f.required("f")?.pair(1, scale)?,
                m: f.read("m", |m| m.pair(1, scale))?.unwrap_or([1, u8::MAX]),
            })
        })
        .collect::<Read<_>>()?;
    Ok(Rule { segment, label, cells })
}

/// `{ en, zh }`.
fn label(v: &Value) -> Read<Label> {
    let f = v.object(&["en", "zh"])?;
    Ok(Label { en: f.required("en")?.string()?, zh: f.required("zh")?.string()? })
}

/// `{ newDays, activeDays, atRiskDays }`, each a whole number of days (at least 1).
fn lifecycle(v: &Value) -> Read<LifecycleThresholds> {
    let f = v.object(&["newDays", "activeDays", "atRiskDays"])?;
    let mut thresholds = LifecycleThresholds::default();
    for (key, slot) in [
        ("newDays", &mut thresholds.new_days),
        ("activeDays", &mut thresholds.active_days),
        ("atRiskDays", &mut thresholds.at_risk_days),
    ] {
        if let Some(v) = f.get(key) {
            let days = v.whole(1, None)?;
            *slot = i32::try_from(days)
                .map_err(|_| v.error(OptionRule::WholeNumberRange { min: 1, max: Some(i64::from(i32::MAX)) }))?;
        }
    }
    Ok(thresholds)
}

/// `{ compare: "mean" | "median" | { recency, frequency, monetary }, on: "scores" | "raw" }`.
fn cn8(v: &Value) -> Read<Cn8Options> {
    let f = v.object(&["compare", "on"])?;
    let mut options = Cn8Options::default();
    if let Some(compare) = f.get("compare") {
        options.compare = if compare.is_string() {
            compare.one_of(catalog::CN8_COMPARES)?
        } else if compare.is_object() {
            let fixed = compare.object(&["recency", "frequency", "monetary"])?;
            Cn8Compare::Fixed {
                recency: fixed.required("recency")?.number()?,
                frequency: fixed.required("frequency")?.number()?,
                monetary: fixed.required("monetary")?.number()?,
            }
        } else {
            return Err(compare.expected(&[ValueType::String, ValueType::Object]));
        };
    }
    if let Some(raw) = f.read("on", |v| v.one_of(&catalog::CN8_ON))? {
        options.raw = raw;
    }
    Ok(options)
}

/// The filter of `exportCustomers` (`{ segment, segmentCode, tier, format, lang, clv, nextProduct, bought,
/// notBought }`), the CLV model options when `clv` asks for the CLV columns, and the product part when
/// `nextProduct`, `bought` or `notBought` is given.
pub fn export_filter(value: &JsValue) -> Read<(ExportFilter, Option<ClvOptions>, Option<ProductExport>)> {
    let root = Value::root(value, "filter");
    if root.is_absent() {
        return Ok((ExportFilter::default(), None, None));
    }
    let f = root.object(&[
        "segment",
        "segmentCode",
        "tier",
        "stage",
        "ids",
        "columns",
        "delimiter",
        "format",
        "lang",
        "clv",
        "attributes",
        // next product export (issue 16.3)
        "nextProduct",
        "bought",
        "notBought",
    ])?;
    let segment = f.read("segment", Value::string)?;
    let segment_code = f.read("segmentCode", |v| v.whole(0, Some(i64::from(u16::MAX))))?.map(|code| code as u16);
    let tier = f.read("tier", Value::string)?;
    let stage = f.read("stage", Value::string)?;
    let ids = f.read("ids", Value::strings)?;
    let columns = f.read("columns", Value::strings)?.unwrap_or_default();
    let delimiter = f.read("delimiter", |v| v.one_of(&Delimiter::ALL))?.unwrap_or_default();
    let formats: Vec<(&str, ())> = catalog::EXPORT_FORMATS.iter().map(|name| (*name, ())).collect();
    f.read("format", |v| v.one_of(&formats))?;
    let chinese_labels = f.read("lang", |v| v.one_of(&catalog::EXPORT_LANGUAGES))?.unwrap_or(false);
    let clv = f.read("clv", export_clv_options)?.flatten();
    // Customer attributes (§14.3): only those named here are written.
    let attributes = match f.get("attributes") {
        Some(names) => names.items()?.iter().map(Value::string).collect::<Read<_>>()?,
        None => Vec::new(),
    };
    // next product export (issue 16.3): the column `next_product` and the filter "bought A but not B".
    let products = export_product_options(&f)?;
    let filter = ExportFilter {
        segment,
        segment_code,
        tier,
        stage,
        ids,
        columns,
        attributes,
        delimiter,
        chinese_labels,
        owners: None,
    };
    Ok((filter, clv, products))
}

/// `nextProduct` (`true` or the `AffinityOptions` of the column and of what "bought" means), `bought` and
/// `notBought` (items) of `exportCustomers`; `None` when none is given (or `nextProduct: false` alone).
fn export_product_options(f: &Fields<'_>) -> Read<Option<ProductExport>> {
    let next = f.read("nextProduct", |v| {
        if v.is_boolean() {
            Ok((v.boolean()?, AffinityOptions::default()))
        } else if v.is_object() {
            Ok((true, super::products::affinity_options(v)?))
        } else {
            Err(v.expected(&[crate::error::ValueType::Boolean, crate::error::ValueType::Object]))
        }
    })?;
    let bought = f.read("bought", Value::strings)?.unwrap_or_default();
    let not_bought = f.read("notBought", Value::strings)?.unwrap_or_default();
    let (next_product, affinity) = next.unwrap_or((false, AffinityOptions::default()));
    if !next_product && bought.is_empty() && not_bought.is_empty() {
        return Ok(None);
    }
    Ok(Some(ProductExport { affinity, next_product, bought, not_bought }))
}
