//! Conversions between JavaScript values and core types.

use super::read;
use crate::analysis::rfm::export::ExportFilter;
use crate::analysis::rfm::{
    Cn8Compare, Cn8Options, MonetaryMode, RfmOptions, RfmResult, ScoringMethod, SegmentMapChoice,
};
use crate::date::{DateOrder, Day};
use crate::error::Error;
use crate::ingest::{LoadOptions, RoleChoice, RoleOverrides};
use crate::money::Money;
use crate::table::Table;
use js_sys::{Array, Float64Array, Int32Array, Object, Reflect, Uint16Array, Uint32Array, Uint8Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Any serializable value as a plain JS object (`null` for `None`, objects not `Map`s).
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsValue::from_str(&format!("internal error converting a result: {e}")))
}

/// A core error as the thrown `{ code, message, position, details }` object.
pub fn js_error(error: Error) -> JsValue {
    to_js(&error).unwrap_or_else(|e| e)
}

pub(super) fn option_error(option: &str, reason: impl std::fmt::Display) -> JsValue {
    js_error(Error::invalid_option(option, reason.to_string()))
}

pub(super) fn is_absent(value: &JsValue) -> bool {
    value.is_undefined() || value.is_null()
}

/// Refuses keys that are not options (the readers of `read.rs` look only at the known ones, so a typo such as
/// `bin: 3` would otherwise be ignored silently).
pub(super) fn reject_unknown_keys(value: &JsValue, allowed: &[&str], prefix: &str) -> Result<(), JsValue> {
    if !value.is_object() {
        return Err(option_error(prefix.trim_end_matches('.'), "must be an object"));
    }
    for key in Object::keys(value.unchecked_ref::<Object>()).iter() {
        let key = key.as_string().unwrap_or_default();
        if !allowed.contains(&key.as_str()) {
            return Err(option_error(
                &format!("{prefix}{key}"),
                format!("is not an option; the options are {}", allowed.join(", ")),
            ));
        }
    }
    Ok(())
}

/// Reads `LoadOptions` from JS (`undefined` or `null` = all defaults).
pub fn load_options(value: &JsValue) -> Result<LoadOptions, JsValue> {
    let mut options = LoadOptions::default();
    if is_absent(value) {
        return Ok(options);
    }
    reject_unknown_keys(
        value,
        &["fileName", "encoding", "delimiter", "sheet", "dateOrder", "roles", "maxBytes", "totalBytes"],
        "",
    )?;
    let roles = Reflect::get(value, &"roles".into()).unwrap_or(JsValue::UNDEFINED);
    let plain = Object::assign(&Object::new(), value.unchecked_ref());
    let _ = Reflect::delete_property(&plain, &"roles".into());
    let plain: JsValue = plain.into();
    let js = (|| -> Result<_, String> {
        Ok((
            read::string(&plain, "fileName")?,
            read::string(&plain, "encoding")?,
            read::string(&plain, "delimiter")?,
            read::string(&plain, "sheet")?,
            read::string(&plain, "dateOrder")?,
            read::number(&plain, "maxBytes")?,
            read::number(&plain, "totalBytes")?,
        ))
    })()
    .map_err(|e| option_error("options", e))?;
    let (file_name, encoding, delimiter, sheet, date_order, max_bytes, total_bytes) = js;
    options.file_name = file_name;
    options.encoding = encoding;
    if let Some(d) = delimiter {
        let bytes = d.as_bytes();
        if bytes.len() != 1 {
            return Err(option_error("delimiter", "give one character: , ; | or a tab"));
        }
        options.delimiter = Some(bytes[0]);
    }
    options.sheet = sheet;
    if let Some(order) = date_order {
        options.date_order =
            Some(DateOrder::parse(&order).ok_or_else(|| option_error("dateOrder", "use \"ymd\", \"mdy\" or \"dmy\""))?);
    }
    if let Some(max) = max_bytes {
        if !(max.is_finite() && max >= 1.0) {
            return Err(option_error("maxBytes", "must be a positive number of bytes"));
        }
        options.max_bytes = max as u64;
    }
    if let Some(total) = total_bytes {
        if !(total.is_finite() && total >= 0.0) {
            return Err(option_error("totalBytes", "must be the input's size in bytes"));
        }
        options.total_bytes = Some(total as u64);
    }
    if !is_absent(&roles) {
        options.roles = role_overrides(&roles)?;
    }
    Ok(options)
}

fn role_overrides(roles: &JsValue) -> Result<RoleOverrides, JsValue> {
    const NAMES: [&str; 6] = ["customer", "date", "amount", "quantity", "unitPrice", "order"];
    reject_unknown_keys(roles, &NAMES, "roles.")?;
    let choice = |name: &str| -> Result<Option<RoleChoice>, JsValue> {
        if !Reflect::has(roles, &name.into()).unwrap_or(false) {
            return Ok(None);
        }
        let v = Reflect::get(roles, &name.into()).unwrap_or(JsValue::UNDEFINED);
        if v.is_null() {
            Ok(Some(RoleChoice::Absent))
        } else if v.is_undefined() {
            Ok(None)
        } else {
            let header =
                v.as_string().ok_or_else(|| option_error(&format!("roles.{name}"), "must be a header name or null"))?;
            Ok(Some(RoleChoice::Column(header)))
        }
    };
    Ok(RoleOverrides {
        customer: choice("customer")?,
        date: choice("date")?,
        amount: choice("amount")?,
        quantity: choice("quantity")?,
        unit_price: choice("unitPrice")?,
        order: choice("order")?,
    })
}

/// Reads `RfmOptions` from JS (`undefined`, `null` or `{}` = all defaults).
pub fn rfm_options(value: &JsValue) -> Result<RfmOptions, JsValue> {
    let mut options = RfmOptions::default();
    if is_absent(value) {
        return Ok(options);
    }
    reject_unknown_keys(
        value,
        &["analysisDate", "bins", "method", "monetary", "segmentMap", "tiers", "lifecycle", "cn8"],
        "",
    )?;
    // Every field is read (and type-checked) before any is interpreted, in declaration order, as serde did.
    let cn8 = |cn8: JsValue| -> Result<_, String> {
        let compare = read::field(&cn8, "compare").filter(|v| !is_absent(v)).map(|v| read::compare(&v));
        Ok((compare.transpose()?, read::string(&cn8, "on")?))
    };
    let read_all = || -> Result<_, String> {
        Ok((
            read::string(value, "analysisDate")?,
            read::number(value, "bins")?,
            read::field(value, "method").filter(|v| !is_absent(v)).map(|v| read::method(&v)).transpose()?,
            read::string(value, "monetary")?,
            read::field(value, "segmentMap").filter(|v| !is_absent(v)).map(|v| read::segment_map(&v)).transpose()?,
            read::numbers(value, "tiers")?,
            read::object(value, "lifecycle", "LifecycleThresholds")?.map(|v| read::lifecycle(&v)).transpose()?,
            read::object(value, "cn8", "JsCn8")?.map(cn8).transpose()?,
        ))
    };
    let (analysis_date, bins, method, monetary, segment_map, tiers, lifecycle, cn8) =
        read_all().map_err(|e| option_error("options", e))?;
    if let Some(text) = analysis_date {
        options.analysis_date =
            Some(Day::parse_iso(&text).ok_or_else(|| option_error("analysisDate", "use a date written YYYY-MM-DD"))?);
    }
    if let Some(bins) = bins {
        if bins.fract() != 0.0 || !(0.0..=255.0).contains(&bins) {
            return Err(option_error("bins", format!("must be a whole number between 2 and 10, not {bins}")));
        }
        options.bins = bins as u8;
    }
    match method {
        None => {}
        Some(read::Method::Name(name)) => {
            options.method = match name.as_str() {
                "rank" => ScoringMethod::Rank,
                "quantile" => ScoringMethod::Quantile,
                _ => return Err(option_error("method", "use \"rank\", \"quantile\" or { breakpoints: {…} }")),
            }
        }
        Some(read::Method::Breakpoints([recency, frequency, monetary])) => {
            options.method = ScoringMethod::Breakpoints { recency, frequency, monetary }
        }
    }
    if let Some(mode) = monetary {
        options.monetary = match mode.as_str() {
            "total" => MonetaryMode::Total,
            "mean" => MonetaryMode::Mean,
            _ => return Err(option_error("monetary", "use \"total\" or \"mean\"")),
        };
    }
    match segment_map {
        None => {}
        Some(read::SegmentMap::Preset(name)) => {
            options.segment_map = SegmentMapChoice::preset(&name).ok_or_else(|| {
                option_error(
                    "segmentMap",
                    format!(
                        "\"{name}\" is not a preset; use one of {} or a map object",
                        SegmentMapChoice::PRESETS.join(", ")
                    ),
                )
            })?;
        }
        Some(read::SegmentMap::Map(map)) => options.segment_map = SegmentMapChoice::Grid(map),
    }
    if let Some((compare, on)) = cn8 {
        let compare = match compare {
            None => Cn8Compare::Mean,
            Some(read::Compare::Name(name)) if name == "mean" => Cn8Compare::Mean,
            Some(read::Compare::Name(name)) if name == "median" => Cn8Compare::Median,
            Some(read::Compare::Name(_)) => {
                return Err(option_error("cn8.compare", "use \"mean\", \"median\" or fixed values"))
            }
            Some(read::Compare::Fixed([recency, frequency, monetary])) => {
                Cn8Compare::Fixed { recency, frequency, monetary }
            }
        };
        let raw = match on.as_deref() {
            None | Some("scores") => false,
            Some("raw") => true,
            Some(_) => return Err(option_error("cn8.on", "use \"scores\" or \"raw\"")),
        };
        if let SegmentMapChoice::Cn8(_) = options.segment_map {
            options.segment_map = SegmentMapChoice::Cn8(Cn8Options { compare, raw });
        }
    }
    if let Some(tiers) = tiers {
        options.tiers = tiers;
    }
    if let Some(lifecycle) = lifecycle {
        options.lifecycle = lifecycle;
    }
    Ok(options)
}

/// Reads the filter of `exportCustomers` (`{ segment, tier, format, lang }`).
pub fn export_filter(value: &JsValue) -> Result<ExportFilter, JsValue> {
    if is_absent(value) {
        return Ok(ExportFilter::default());
    }
    reject_unknown_keys(value, &["segment", "tier", "format", "lang"], "")?;
    let read_all = || -> Result<_, String> {
        Ok((
            read::string(value, "segment")?,
            read::string(value, "tier")?,
            read::string(value, "format")?,
            read::string(value, "lang")?,
        ))
    };
    let (segment, tier, format, lang) = read_all().map_err(|e| option_error("filter", e))?;
    if format.as_deref().is_some_and(|f| f != "csv") {
        return Err(option_error("format", "only \"csv\" is supported"));
    }
    let chinese_labels = match lang.as_deref() {
        None | Some("en") => false,
        Some("zh") | Some("zh-CN") => true,
        Some(_) => return Err(option_error("lang", "use \"en\" or \"zh\"")),
    };
    Ok(ExportFilter { segment, segment_code: None, tier, chinese_labels })
}

fn set(target: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &key.into(), value);
}

/// A JS `string[]`. Crossing the boundary once per string costs a UTF-8 decode and a call each, so the items
/// cross as one NUL-joined string split in JS; items holding a NUL themselves cross one by one.
fn strings<'a>(items: impl Iterator<Item = &'a str> + Clone) -> JsValue {
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
    js_sys::JsString::from(joined).split("\0").into()
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
    js_sys::JsString::from(joined).split("\0").into()
}

#[wasm_bindgen(
    inline_js = "export function repeat_names(codes, names) { const out = new Array(codes.length); for (let i = 0; i < codes.length; i++) out[i] = names[codes[i]]; return out; }"
)]
extern "C" {
    /// `codes.map(c => names[c])` done in JS, so a column of a few distinct names is a column of references,
    /// not one new string per customer (which cost more than the whole analysis in garbage collection).
    #[wasm_bindgen(js_name = repeat_names)]
    fn repeat_names_js(codes: &Uint16Array, names: &Array) -> Array;
}

/// A `string[]` of `names[code]` per entry.
fn repeat_names<'a>(codes: &[u16], names: impl Iterator<Item = &'a str>) -> JsValue {
    let names: Array = names.map(JsValue::from_str).collect();
    repeat_names_js(&Uint16Array::from(codes), &names).into()
}

/// `RfmResult`: the summary as a plain object plus the `customers` columns as typed arrays.
pub fn rfm_to_js(result: &RfmResult, table: &Table) -> Result<JsValue, JsValue> {
    let summary = to_js(result)?;
    let c = &result.customers;
    let columns = Object::new();
    let ids = c.customer.iter().map(|&code| table.customer.value(code));
    set(&columns, "id", &strings(ids));
    set(&columns, "recencyDays", &Int32Array::from(&c.recency_days[..]).into());
    set(&columns, "frequency", &Uint32Array::from(&c.frequency[..]).into());
    let monetary: Vec<f64> = c.monetary.iter().map(|m| m.to_f64()).collect();
    set(&columns, "monetary", &Float64Array::from(&monetary[..]).into());
    set(&columns, "monetaryExact", &exact_strings(&c.monetary));
    set(&columns, "tenureDays", &Int32Array::from(&c.tenure_days[..]).into());
    set(&columns, "r", &Uint8Array::from(&c.r[..]).into());
    set(&columns, "f", &Uint8Array::from(&c.f[..]).into());
    set(&columns, "m", &Uint8Array::from(&c.m[..]).into());
    // At most B³ distinct cells: each crosses once, and the column repeats references to them.
    let bins = usize::from(c.r.iter().chain(&c.f).chain(&c.m).copied().max().unwrap_or(1));
    let cell_code = |i: usize| {
        ((usize::from(c.r[i]) - 1) * bins * bins + (usize::from(c.f[i]) - 1) * bins + usize::from(c.m[i]) - 1) as u16
    };
    let cell_names: Vec<String> = (0..bins * bins * bins)
        .map(|k| format!("{}{}{}", k / (bins * bins) + 1, k / bins % bins + 1, k % bins + 1))
        .collect();
    let cell_codes: Vec<u16> = (0..c.r.len()).map(cell_code).collect();
    set(&columns, "cell", &repeat_names(&cell_codes, cell_names.iter().map(String::as_str)));
    let score: Vec<u8> = (0..c.r.len()).map(|i| c.r[i] + c.f[i] + c.m[i]).collect();
    set(&columns, "score", &Uint8Array::from(&score[..]).into());
    set(&columns, "segment", &repeat_names(&c.segment, result.segments.iter().map(|s| s.name.as_str())));
    let tiers: Vec<u16> = c.tier.iter().map(|&t| u16::from(t)).collect();
    set(&columns, "tier", &repeat_names(&tiers, result.tiers.iter().map(|t| t.name.as_str())));
    let stages: Vec<u16> = c.lifecycle.iter().map(|&l| u16::from(l)).collect();
    set(&columns, "lifecycle", &repeat_names(&stages, result.lifecycle.iter().map(|l| l.stage.as_str())));
    set(summary.unchecked_ref(), "customers", &columns.into());
    Ok(summary)
}
