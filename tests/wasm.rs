//! The JavaScript shapes of the binding (js-api.md): plain objects, camelCase keys, typed-array columns, `null`
//! never `undefined`, and thrown error objects. Runs in Node, and in headless Chromium inside a dedicated worker
//! when `WASM_BINDGEN_USE_DEDICATED_WORKER=1` (see test.sh).
#![cfg(target_arch = "wasm32")]

use clientele::wasm::{catalog, Dataset, Loader};
use js_sys::{Array, Float64Array, Int32Array, Object, Reflect, Uint16Array, Uint32Array, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const CSV: &str = "order_id,customer_id,order_date,region,amount\n\
                   A1,C1,2024-03-01,North,10.50\n\
                   A2,C2,2024-03-02,South,20\n\
                   A3,C1,2024-03-04,North,5\n\
                   A4,,2024-03-04,North,5\n\
                   R1,C3,2024-03-03,South,-4\n";

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap()
}

fn keys(value: &JsValue) -> Vec<String> {
    Object::keys(value.unchecked_ref::<Object>()).iter().map(|k| k.as_string().unwrap()).collect()
}

/// A plain object (not a Map, not an array) whose keys are exactly `expected`, none of them `undefined`.
fn assert_plain_object(value: &JsValue, expected: &[&str]) {
    assert!(value.is_object() && !value.is_instance_of::<js_sys::Map>() && !Array::is_array(value), "plain object");
    assert_eq!(Object::get_prototype_of(value), Object::get_prototype_of(&Object::new().into()), "plain prototype");
    let mut got = keys(value);
    got.sort();
    let mut want: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(got, want);
    for key in expected {
        assert!(!get(value, key).is_undefined(), "{key} is undefined");
    }
}

fn dataset() -> Dataset {
    let options = js_sys::JSON::parse(r#"{"fileName":"orders.csv"}"#).unwrap();
    Dataset::from_bytes(Uint8Array::from(CSV.as_bytes()).into(), options).unwrap()
}

#[wasm_bindgen_test]
fn report_is_a_plain_camel_case_object() {
    let report = dataset().report().unwrap();
    assert_plain_object(
        &report,
        &[
            "format",
            "sheet",
            "rowsRead",
            "rowsUsed",
            "blankLines",
            "encoding",
            "delimiter",
            "dateOrder",
            "columns",
            "roles",
            "skipped",
            "warnings",
            "minDate",
            "maxDate",
            // Issue 17: what each dimension column holds, the period Markets opens on, the currency.
            "dimensions",
            "suggestedPeriod",
            "currency",
            // platforms (issue 12)
            "roleConfidence",
            "source",
            // platforms2 (issue 12): DATEV's first line before the header.
            "preambleLines",
        ],
    );
    assert!(get(&report, "source").is_null(), "no platform's export: null");
    assert_eq!(get(&report, "preambleLines").as_f64(), Some(0.0));
    let confidence = get(&report, "roleConfidence");
    assert_plain_object(
        &confidence,
        &["customer", "date", "amount", "quantity", "unitPrice", "order", "status", "product", "category"],
    );
    assert_eq!(get(&confidence, "customer").as_f64(), Some(0.9), "a header synonym");
    assert!(get(&confidence, "quantity").is_null(), "unmapped: null");
    assert_eq!(get(&report, "rowsRead").as_f64(), Some(5.0));
    let dimensions: Array = get(&report, "dimensions").dyn_into().unwrap();
    assert_plain_object(&dimensions.get(0), &["name", "kind", "suggested", "values"]);
    assert_plain_object(&get(&report, "currency"), &["code", "chosen", "source", "rows", "unmarked"]);
    assert_eq!(get(&report, "format").as_string().as_deref(), Some("csv"));
    assert!(get(&report, "sheet").is_null());
    assert_eq!(get(&report, "rowsUsed").as_f64(), Some(4.0));
    assert_eq!(get(&report, "encoding").as_string().as_deref(), Some("utf-8"));
    assert_eq!(get(&report, "minDate").as_string().as_deref(), Some("2024-03-01"));
    let roles = get(&report, "roles");
    assert_plain_object(
        &roles,
        &["customer", "date", "amount", "quantity", "unitPrice", "order", "status", "product", "category"],
    );
    assert!(get(&roles, "quantity").is_null(), "no quantity column: null, not undefined");
    assert_eq!(get(&roles, "order").as_string().as_deref(), Some("order_id"));
    let columns: Array = get(&report, "columns").dyn_into().unwrap();
    assert_eq!(columns.length(), 5);
    assert_plain_object(&columns.get(3), &["name", "role", "kind"]);
    assert_eq!(get(&columns.get(3), "role").as_string().as_deref(), Some("dimension"));
    let skipped: Array = get(&report, "skipped").dyn_into().unwrap();
    let group = skipped.get(0);
    assert_plain_object(&group, &["reason", "count", "examples"]);
    assert_eq!(get(&group, "reason").as_string().as_deref(), Some("missing_customer"));
    let example = Array::from(&get(&group, "examples")).get(0);
    assert_plain_object(&example, &["line", "text"]);
    assert_eq!(get(&example, "line").as_f64(), Some(5.0));
}

#[wasm_bindgen_test]
fn rfm_returns_summaries_and_typed_columns() {
    let result = dataset().rfm(Object::new().into()).unwrap();
    assert_plain_object(
        &result,
        &[
            "analysisDate",
            "customersScored",
            "customersUnscored",
            "excluded",
            "totals",
            "segments",
            "tiers",
            "paretoPoint",
            "lifecycle",
            "audit",
            "warnings",
            "customers",
        ],
    );
    assert_eq!(get(&result, "analysisDate").as_string().as_deref(), Some("2024-03-05"));
    assert_eq!(get(&result, "customersScored").as_f64(), Some(2.0));
    assert_eq!(get(&result, "customersUnscored").as_f64(), Some(1.0), "C3 only returned");
    let segments: Array = get(&result, "segments").dyn_into().unwrap();
    assert_eq!(segments.length(), 11, "rfm-11 covers every cell: no Other row");
    let champions = segments.get(0);
    assert_plain_object(
        &champions,
        &["name", "label", "customers", "revenue", "revenueExact", "revenueShare", "other"],
    );
    assert_eq!(get(&get(&champions, "label"), "zh").as_string().as_deref(), Some("冠军客户"));
    let customers = get(&result, "customers");
    assert_plain_object(
        &customers,
        &[
            "id",
            "recencyDays",
            "frequency",
            "monetary",
            "monetaryExact",
            "tenureDays",
            "r",
            "f",
            "m",
            "cell",
            "score",
            "segment",
            "tier",
            "lifecycle",
            "segmentCode",
            "tierCode",
            "lifecycleCode",
        ],
    );
    assert!(get(&customers, "recencyDays").is_instance_of::<Int32Array>());
    assert!(get(&customers, "segmentCode").is_instance_of::<Uint16Array>());
    assert!(get(&customers, "tierCode").is_instance_of::<Uint8Array>());
    assert!(get(&customers, "lifecycleCode").is_instance_of::<Uint8Array>());
    assert!(get(&customers, "frequency").is_instance_of::<Uint32Array>());
    assert!(get(&customers, "monetary").is_instance_of::<Float64Array>());
    assert!(get(&customers, "tenureDays").is_instance_of::<Int32Array>());
    for key in ["r", "f", "m", "score"] {
        assert!(get(&customers, key).is_instance_of::<Uint8Array>(), "{key}");
    }
    let ids: Array = get(&customers, "id").dyn_into().unwrap();
    assert_eq!(ids.get(0).as_string().as_deref(), Some("C1"));
    let monetary: Float64Array = get(&customers, "monetary").dyn_into().unwrap();
    assert_eq!(monetary.to_vec(), vec![15.5, 20.0]);
    assert_eq!(Array::from(&get(&customers, "monetaryExact")).get(0).as_string().as_deref(), Some("15.5000"));
    let cell = Array::from(&get(&customers, "cell")).get(0).as_string().unwrap();
    assert_eq!(cell.len(), 3);
    let pareto = get(&result, "paretoPoint");
    assert_plain_object(&pareto, &["customers", "share"]);
}

fn strings(value: &JsValue) -> Vec<String> {
    Array::from(value).iter().map(|v| v.as_string().unwrap()).collect()
}

/// The entry of a catalog list (`errors`, `warnings`, `optionRules`) whose `key` is `code`.
fn catalog_entry(list: &str, key: &str, code: &str) -> JsValue {
    let entries: Array = get(&catalog().unwrap(), list).dyn_into().unwrap();
    entries
        .iter()
        .find(|e| get(e, key).as_string().as_deref() == Some(code))
        .unwrap_or_else(|| panic!("{list}: {code}"))
}

/// Keys of `details` are the catalog's params for the code (plus, for `invalid_option`, its rule's params).
fn assert_details_as_catalogued(list: &str, code: &str, details: &JsValue) {
    let mut want = strings(&get(&catalog_entry(list, "code", code), "params"));
    if code == "invalid_option" {
        let rule = get(details, "rule").as_string().unwrap();
        want.extend(strings(&get(&catalog_entry("optionRules", "rule", &rule), "params")));
    }
    want.sort();
    let mut got = if details.is_null() { Vec::new() } else { keys(details) };
    got.sort();
    assert_eq!(got, want, "{code}");
}

/// The thrown value is a plain `{ code, message, position, details }` object with a catalogued code and details.
fn assert_error(thrown: JsValue, code: &str) -> JsValue {
    assert_plain_object(&thrown, &["code", "message", "position", "details"]);
    assert_eq!(get(&thrown, "code").as_string().as_deref(), Some(code));
    assert!(!get(&thrown, "message").as_string().unwrap().is_empty());
    assert!(get(&thrown, "position").is_null());
    assert_details_as_catalogued("errors", code, &get(&thrown, "details"));
    thrown
}

#[wasm_bindgen_test]
fn errors_are_thrown_as_plain_objects() {
    let err =
        Dataset::from_bytes(Uint8Array::from(&b"name,city\nAnn,Paris\n"[..]).into(), JsValue::UNDEFINED).err().unwrap();
    let err = assert_error(err, "missing_role");
    assert!(get(&err, "position").is_null());
    let headers: Array = get(&get(&err, "details"), "headers").dyn_into().unwrap();
    assert_eq!(headers.length(), 2);

    let bins = js_sys::JSON::parse(r#"{"bins": 11}"#).unwrap();
    let err = assert_error(dataset().rfm(bins).err().unwrap(), "invalid_option");
    assert_eq!(get(&get(&err, "details"), "option").as_string().as_deref(), Some("bins"));

    let typo = js_sys::JSON::parse(r#"{"bin": 3}"#).unwrap();
    assert_error(dataset().rfm(typo).err().unwrap(), "invalid_option");
    let unknown_map = js_sys::JSON::parse(r#"{"segmentMap": "nope"}"#).unwrap();
    assert_error(dataset().rfm(unknown_map).err().unwrap(), "invalid_option");
    // A user's map whose rule names a score range outside 1..scale, and one whose rule has no cells at all.
    let bad_range = r#"{"segmentMap": {"name": "mine", "axes": "rfm", "scale": 5, "other": {"en": "Rest", "zh": "其余"},
        "rules": [{"segment": "Best", "cells": [{"r": [4, 9], "f": [1, 5], "m": [1, 5]}]}]}}"#;
    let err = assert_error(dataset().rfm(js_sys::JSON::parse(bad_range).unwrap()).err().unwrap(), "invalid_option");
    assert_eq!(get(&get(&err, "details"), "option").as_string().as_deref(), Some("segmentMap.rules[0].cells[0].r"));
    let no_cells = r#"{"segmentMap": {"name": "mine", "axes": "r-fm", "scale": 5, "other": {"en": "Rest", "zh": "其余"},
        "rules": [{"segment": "Best", "cells": "55"}]}}"#;
    assert_error(dataset().rfm(js_sys::JSON::parse(no_cells).unwrap()).err().unwrap(), "invalid_option");
    // A valid user map: its audit names the cells it leaves to "Rest".
    let partial = r#"{"segmentMap": {"name": "mine", "axes": "r-fm", "scale": 5, "other": {"en": "Rest", "zh": "其余"},
        "rules": [{"segment": "Best", "cells": [{"r": [5, 5], "f": [4, 5]}]}]}}"#;
    let result = dataset().rfm(js_sys::JSON::parse(partial).unwrap()).unwrap();
    let uncovered: Array = get(&get(&result, "audit"), "uncovered").dyn_into().unwrap();
    assert_eq!(uncovered.length(), 23, "25 (R, FM) cells minus 54 and 55");
}

#[wasm_bindgen_test]
fn a_loader_fed_in_pieces_gives_the_same_result() {
    let mut loader = Loader::new(JsValue::NULL).unwrap();
    for chunk in CSV.as_bytes().chunks(7) {
        loader.push(Uint8Array::from(chunk).into()).unwrap();
    }
    let streamed = loader.finish().unwrap();
    let a = js_sys::JSON::stringify(&streamed.report().unwrap()).unwrap();
    let b = js_sys::JSON::stringify(&dataset().report().unwrap()).unwrap();
    assert_eq!(a, b);
    assert_error(loader.finish().err().unwrap(), "invalid_state");
}

#[wasm_bindgen_test]
fn compare_returns_plain_objects_null_without_a_period_and_coded_errors() {
    const METRICS: [&str; 10] = [
        "revenue",
        "revenueExact",
        "orders",
        "customers",
        "units",
        "aov",
        "revenuePerCustomer",
        "share",
        "aovIndex",
        "revenuePerCustomerIndex",
    ];
    let with = |extra: &[&'static str]| METRICS.iter().chain(extra).copied().collect::<Vec<&str>>();
    let options = js_sys::JSON::parse(r#"{"by": "region"}"#).unwrap();
    let result = dataset().compare(options).unwrap();
    assert_plain_object(
        &result,
        &[
            "by",
            "analysisDate",
            "from",
            "to",
            "previousFrom",
            "previousTo",
            "excluded",
            "total",
            "groups",
            "rows",
            "columns",
            // Issue 17 point 5: the days with rows of each window.
            "coverage",
        ],
    );
    assert_plain_object(
        &get(&result, "coverage"),
        &["currentDaysWithRows", "currentDays", "previousDaysWithRows", "previousDays"],
    );
    assert_eq!(get(&result, "analysisDate").as_string().as_deref(), Some("2024-03-05"));
    assert_eq!(get(&result, "from").as_string().as_deref(), Some("2024-03-01"));
    assert_eq!(get(&result, "to").as_string().as_deref(), Some("2024-03-04"));
    for key in ["previousFrom", "previousTo", "rows", "columns"] {
        assert!(get(&result, key).is_null(), "{key}");
    }
    assert_eq!(Array::from(&get(&result, "by")).get(0).as_string().as_deref(), Some("region"));
    let total = get(&result, "total");
    assert_plain_object(&total, &with(&["previous", "change", "drivers"]));
    assert_eq!(get(&total, "revenue").as_f64(), Some(31.5)); // 10.50 + 20 + 5 − 4
    assert_eq!(get(&total, "revenueExact").as_string().as_deref(), Some("31.5000"));
    assert_eq!(get(&total, "orders").as_f64(), Some(3.0));
    assert!(get(&total, "units").is_null(), "no quantity column");
    let groups: Array = get(&result, "groups").dyn_into().unwrap();
    assert_eq!(groups.length(), 2);
    let south = groups.get(0);
    assert_plain_object(&south, &with(&["key", "kinds", "previous", "change", "drivers"]));
    let key: Array = get(&south, "key").dyn_into().unwrap();
    assert_eq!(key.get(0).as_string().as_deref(), Some("South")); // 20 − 4 = 16.00 > North's 15.50
    let kinds: Array = get(&south, "kinds").dyn_into().unwrap();
    assert_eq!((kinds.length(), kinds.get(0).as_string().as_deref()), (1, Some("value")));
    assert_eq!(get(&south, "revenue").as_f64(), Some(16.0));
    for k in ["previous", "change", "drivers"] {
        assert!(get(&south, k).is_null(), "{k}");
    }

    let options = js_sys::JSON::parse(r#"{"by": ["region"], "period": {"days": 2, "vs": "year"}}"#).unwrap();
    let result = dataset().compare(options).unwrap();
    assert_eq!(get(&result, "previousFrom").as_string().as_deref(), Some("2023-03-03"));
    let total = get(&result, "total");
    assert_plain_object(&get(&total, "previous"), &METRICS);
    let change = get(&total, "change");
    assert_plain_object(
        &change,
        &[
            "revenue",
            "orders",
            "customers",
            "units",
            "aov",
            "revenuePerCustomer",
            "share",
            "aovIndex",
            "revenuePerCustomerIndex",
        ],
    );
    assert!(get(&change, "revenue").is_null(), "nothing a year earlier: no change, not Infinity");
    assert!(get(&total, "drivers").is_null());

    let options = js_sys::JSON::parse(r#"{"by": ["region", "region"]}"#).unwrap();
    assert_error(dataset().compare(options).err().unwrap(), "invalid_option");

    // Errors are coded and name the option.
    let err = assert_error(
        dataset().compare(js_sys::JSON::parse(r#"{"by": "nope"}"#).unwrap()).err().unwrap(),
        "unknown_column",
    );
    let details = get(&err, "details");
    assert_eq!(get(&details, "column").as_string().as_deref(), Some("nope"));
    let columns: Vec<String> = Array::from(&get(&details, "columns")).iter().map(|c| c.as_string().unwrap()).collect();
    assert_eq!(columns, ["region", "segment", "tier", "lifecycle"]);
    for (json, option) in [
        (r#"{"by": ["region", "a", "b"]}"#, "by"),
        (r#"{"by": "region", "top": 0}"#, "top"),
        (r#"{"by": "region", "from": "2024-03-04", "to": "2024-03-01"}"#, "from"),
        (r#"{"by": "region", "from": "4 March"}"#, "from"),
        (r#"{"by": "region", "period": {"days": 7, "vs": "month"}}"#, "period.vs"),
        (r#"{"by": "region", "period": {"day": 7}}"#, "period.day"),
        (r#"{"by": "region", "tops": 3}"#, "tops"),
        (r#"{"by": "region", "rfm": {"bins": 11}}"#, "rfm.bins"),
        (r#"{"by": 3}"#, "by"),
    ] {
        let err = assert_error(dataset().compare(js_sys::JSON::parse(json).unwrap()).err().unwrap(), "invalid_option");
        assert_eq!(get(&get(&err, "details"), "option").as_string().as_deref(), Some(option), "{json}");
    }
}

#[wasm_bindgen_test]
fn warm_up_reads_analyses_and_compares_its_made_up_export() {
    // It throws if the made-up export stops loading (e.g. its columns no longer map to roles) or an analysis fails.
    clientele::wasm::warm_up().unwrap();
    clientele::wasm::warm_up().unwrap();
}

fn fixture(name: &str) -> Vec<u8> {
    match name {
        "orders.xlsx" => include_bytes!("fixtures/orders.xlsx").to_vec(),
        "gbk-semicolon.csv" => include_bytes!("fixtures/gbk-semicolon.csv").to_vec(),
        "big5-comma.csv" => include_bytes!("fixtures/big5-comma.csv").to_vec(),
        "gb18030-taobao.csv" => include_bytes!("fixtures/gb18030-taobao.csv").to_vec(),
        "windows1252-pipe.csv" => include_bytes!("fixtures/windows1252-pipe.csv").to_vec(),
        "utf16le-tab.txt" => include_bytes!("fixtures/utf16le-tab.txt").to_vec(),
        "utf16be-tab.txt" => include_bytes!("fixtures/utf16be-tab.txt").to_vec(),
        "mixed-encoding.csv" => include_bytes!("fixtures/mixed-encoding.csv").to_vec(),
        _ => unreachable!(),
    }
}

fn customer_ids(dataset: &Dataset) -> Vec<String> {
    let result = dataset.rfm(JsValue::UNDEFINED).unwrap();
    Array::from(&get(&get(&result, "customers"), "id")).iter().map(|v| v.as_string().unwrap()).collect()
}

#[wasm_bindgen_test]
fn workbooks_are_read_in_webassembly_too() {
    let options = js_sys::JSON::parse(r#"{"fileName":"orders.xlsx"}"#).unwrap();
    let dataset = Dataset::from_bytes(Uint8Array::from(&fixture("orders.xlsx")[..]).into(), options).unwrap();
    let report = dataset.report().unwrap();
    assert_eq!(get(&report, "format").as_string().as_deref(), Some("xlsx"));
    assert_eq!(get(&report, "sheet").as_string().as_deref(), Some("Orders"));
    assert_eq!(get(&report, "rowsUsed").as_f64(), Some(3.0));
    assert_eq!(get(&report, "minDate").as_string().as_deref(), Some("2024-03-05"));
    assert_eq!(customer_ids(&dataset), ["10042", "A7"]);
    let broken = Dataset::from_bytes(Uint8Array::from(&b"PK\x03\x04 not a zip"[..]).into(), JsValue::NULL);
    assert_error(broken.err().unwrap(), "not_text");
}

#[wasm_bindgen_test]
fn legacy_encodings_decode_in_webassembly_split_anywhere() {
    for (name, encoding, first) in [
        ("gbk-semicolon.csv", "gbk", "张三"),
        ("gb18030-taobao.csv", "gbk", "tb_小鱼"),
        ("big5-comma.csv", "big5", "林小華"), // customer-id order: 林 U+6797 before 陳 U+9673
        ("windows1252-pipe.csv", "windows-1252", ""),
        ("utf16le-tab.txt", "utf-16le", ""),
        ("utf16be-tab.txt", "utf-16be", ""),
    ] {
        let bytes = fixture(name);
        let whole = Dataset::from_bytes(Uint8Array::from(&bytes[..]).into(), JsValue::NULL).unwrap();
        let report = js_sys::JSON::stringify(&whole.report().unwrap()).unwrap();
        assert_eq!(get(&whole.report().unwrap(), "encoding").as_string().as_deref(), Some(encoding), "{name}");
        if !first.is_empty() {
            assert_eq!(customer_ids(&whole)[0], first, "{name}");
        }
        // Every split point, so a multi-byte character is cut between two pushes somewhere.
        for at in 0..=bytes.len() {
            let mut loader = Loader::new(JsValue::NULL).unwrap();
            loader.push(Uint8Array::from(&bytes[..at]).into()).unwrap();
            loader.push(Uint8Array::from(&bytes[at..]).into()).unwrap();
            let streamed = loader.finish().unwrap();
            assert_eq!(js_sys::JSON::stringify(&streamed.report().unwrap()).unwrap(), report, "{name} split at {at}");
        }
    }
    // Lines in another encoding than the file's are kept and named.
    let mixed =
        Dataset::from_bytes(Uint8Array::from(&fixture("mixed-encoding.csv")[..]).into(), JsValue::NULL).unwrap();
    let warnings: Array = get(&mixed.report().unwrap(), "warnings").dyn_into().unwrap();
    let warning = warnings.iter().find(|w| get(w, "code").as_string().as_deref() == Some("undecodable_bytes")).unwrap();
    let lines: Vec<f64> = Array::from(&get(&warning, "lines")).iter().map(|l| l.as_f64().unwrap()).collect();
    assert_eq!(lines, [4.0, 9.0]);
}

/// 125 customers over every R, F and M combination (B = 4 or 5): every segment of a map can be met.
fn spread_dataset() -> Dataset {
    let mut csv = String::from("customer,date,amount\n");
    for c in 0..125u32 {
        let (r, f, m) = (c % 5, c / 5 % 5, c / 25);
        for order in 0..=f {
            // Two months apart by R: new, active, at risk and lapsed customers.
            csv.push_str(&format!("C{c:03},2024-{:02}-{:02},{}.{order}\n", 1 + 2 * r, 1 + order, 10 + m * 20));
        }
    }
    Dataset::from_bytes(Uint8Array::from(csv.as_bytes()).into(), JsValue::NULL).unwrap()
}

fn options(entries: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in entries {
        Reflect::set(&object, &(*key).into(), value).unwrap();
    }
    object.into()
}

#[wasm_bindgen_test]
fn the_catalog_describes_defaults_presets_labels_and_codes() {
    let c = catalog().unwrap();
    assert_plain_object(
        &c,
        &[
            "version",
            "defaults",
            "presets",
            "tiers",
            "stages",
            "computedDimensions",
            "errors",
            "warnings",
            "optionRules",
            "valueTypes",
            "skipReasons",
            "roles",
            // platforms (issue 12)
            "platforms",
            "statuses",
            "limits",
        ],
    );
    let platforms: Array = get(&c, "platforms").dyn_into().unwrap();
    assert_plain_object(
        &platforms.get(0),
        &["id", "name", "kind", "evidence", "signature", "roles", "notSold", /* platforms2 */ "summaryRows"],
    );
    assert_eq!(get(&platforms.get(0), "id").as_string().as_deref(), Some("shopify_orders"));
    let rfm = get(&get(&c, "defaults"), "rfm");
    assert_plain_object(&rfm, &["bins", "method", "monetary", "segmentMap", "tiers", "lifecycle", "cn8"]);
    assert_eq!(get(&rfm, "bins").as_f64(), Some(5.0));
    assert_eq!(get(&get(&rfm, "lifecycle"), "atRiskDays").as_f64(), Some(180.0));
    assert_eq!(get(&get(&get(&c, "defaults"), "compare"), "top").as_f64(), Some(20.0));
    // The defaults are what rfm() does without options.
    let ds = spread_dataset();
    let defaults = js_sys::JSON::parse(&js_sys::JSON::stringify(&rfm).unwrap().as_string().unwrap()).unwrap();
    let stringify = |v: &JsValue| js_sys::JSON::stringify(v).unwrap().as_string().unwrap();
    assert_eq!(stringify(&ds.rfm(defaults).unwrap()), stringify(&ds.rfm(JsValue::NULL).unwrap()));

    // Every grid preset as data gives what its name gives, on its own number of bins.
    let presets: Array = get(&c, "presets").dyn_into().unwrap();
    let names: Vec<String> = presets.iter().map(|p| get(&p, "name").as_string().unwrap()).collect();
    assert_eq!(names, ["rfm-11", "cn-8", "r-rfm-readme", "r-rfm-tests", "pymc-5"]);
    let mut grids = 0;
    for preset in presets.iter() {
        assert_plain_object(&preset, &["name", "bins", "fixedBins", "map", "labels", "other"]);
        let (name, bins, map) = (get(&preset, "name"), get(&preset, "bins"), get(&preset, "map"));
        let labels = keys(&get(&preset, "labels"));
        if map.is_null() {
            assert_eq!(labels.len(), 8, "cn-8's classes");
            continue;
        }
        grids += 1;
        let by_name = ds.rfm(options(&[("bins", bins.clone()), ("segmentMap", name.clone())])).unwrap();
        let by_data = ds.rfm(options(&[("bins", bins), ("segmentMap", map.clone())])).unwrap();
        assert_eq!(stringify(&by_data), stringify(&by_name), "{name:?}");
        let codes = |r: &JsValue| Uint16Array::from(get(&get(r, "customers"), "segmentCode")).to_vec();
        assert_eq!(codes(&by_data), codes(&by_name));
        // The labels name the map's segments in rule order.
        let mut segments: Vec<String> = Vec::new();
        for rule in Array::from(&get(&map, "rules")).iter() {
            let segment = get(&rule, "segment").as_string().unwrap();
            if !segments.contains(&segment) {
                segments.push(segment);
            }
        }
        assert_eq!(labels, segments, "{name:?}");
        let used =
            Array::from(&get(&by_name, "segments")).iter().filter(|s| get(s, "customers").as_f64() > Some(0.0)).count();
        assert!(used >= 4, "{name:?}: the comparison tells maps apart");
    }
    assert_eq!(grids, 4);

    let result = ds.rfm(JsValue::NULL).unwrap();
    let names_of = |list: &JsValue, key: &str| -> Vec<String> {
        Array::from(list).iter().map(|item| get(&item, key).as_string().unwrap()).collect()
    };
    assert_eq!(names_of(&get(&c, "tiers"), "name"), names_of(&get(&result, "tiers"), "name"));
    assert_eq!(names_of(&get(&c, "stages"), "name"), names_of(&get(&result, "lifecycle"), "stage"));
    assert_eq!(names_of(&get(&c, "computedDimensions"), "name"), ["segment", "tier", "lifecycle"]);
    assert_plain_object(&get(&Array::from(&get(&c, "stages")).get(2), "label"), &["en", "zh"]);
    let errors = names_of(&get(&c, "errors"), "code");
    assert!(errors.contains(&"invalid_option".to_string()) && errors.contains(&"missing_role".to_string()));
    let warnings = names_of(&get(&c, "warnings"), "code");
    assert!(warnings.contains(&"metric_all_tied".to_string()));
    assert!(names_of(&get(&c, "optionRules"), "rule").contains(&"whole_number_pair".to_string()));
    assert_eq!(strings(&get(&c, "skipReasons"))[0], "missing_customer");
    let orders: Array = get(&get(&c, "roles"), "orders").dyn_into().unwrap();
    assert_plain_object(&orders.get(0), &["role", "required", "alternative", "synonyms", "languages"]);
    assert_eq!(
        names_of(&orders, "role"),
        ["customer", "date", "amount", "quantity", "unitPrice", "order", "status", "product", "category"]
    );
}

#[wasm_bindgen_test]
fn class_codes_index_the_summaries_and_agree_with_the_names() {
    let ds = spread_dataset();
    for json in
        [r#"{}"#, r#"{"segmentMap": "cn-8", "tiers": [0.2, 0.3, 0.5]}"#, r#"{"bins": 4, "segmentMap": "pymc-5"}"#]
    {
        let result = ds.rfm(js_sys::JSON::parse(json).unwrap()).unwrap();
        let customers = get(&result, "customers");
        let n = Array::from(&get(&customers, "id")).length() as usize;
        assert_eq!(n, 125);
        for (names, name_key, codes, column) in [
            ("segments", "name", "segmentCode", "segment"),
            ("tiers", "name", "tierCode", "tier"),
            ("lifecycle", "stage", "lifecycleCode", "lifecycle"),
        ] {
            let summaries: Vec<String> =
                Array::from(&get(&result, names)).iter().map(|s| get(&s, name_key).as_string().unwrap()).collect();
            let codes: Vec<u32> = match codes {
                "segmentCode" => {
                    Uint16Array::from(get(&customers, codes)).to_vec().into_iter().map(u32::from).collect()
                }
                _ => Uint8Array::from(get(&customers, codes)).to_vec().into_iter().map(u32::from).collect(),
            };
            let column = strings(&get(&customers, column));
            assert_eq!(codes.len(), n);
            let mut counts = vec![0.0; summaries.len()];
            for i in 0..n {
                assert_eq!(summaries[codes[i] as usize], column[i], "{json} {names} customer {i}");
                counts[codes[i] as usize] += 1.0;
            }
            // The summaries count the customers their code names.
            let listed: Vec<f64> =
                Array::from(&get(&result, names)).iter().map(|s| get(&s, "customers").as_f64().unwrap()).collect();
            assert_eq!(counts, listed, "{json} {names}");
            assert!(counts.iter().filter(|&&c| c > 0.0).count() >= 2, "{json} {names}: more than one class");
        }
    }
}

/// `details` of an `invalid_option` thrown by `call` with these JSON options: (option, rule) and the details.
fn option_error(call: impl Fn(JsValue) -> Result<JsValue, JsValue>, json: &str) -> (String, String, JsValue) {
    let err = assert_error(call(js_sys::JSON::parse(json).unwrap()).expect_err(json), "invalid_option");
    let details = get(&err, "details");
    let option = get(&details, "option").as_string().unwrap();
    let reason = get(&details, "reason").as_string().unwrap();
    assert_eq!(get(&err, "message").as_string().unwrap(), format!("{option}: {reason}"), "{json}");
    (option, get(&details, "rule").as_string().unwrap(), details)
}

#[wasm_bindgen_test]
fn option_errors_name_the_path_and_the_rule() {
    let rfm = |o: JsValue| dataset().rfm(o);
    let rule_of = |json: &str| {
        let (option, rule, _) = option_error(rfm, json);
        (option, rule)
    };
    let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
    // A malformed rule of a user's map: the cell's range is named to the letter.
    let map = |rules: &str| {
        format!(
            r#"{{"segmentMap": {{"name": "m", "axes": "rfm", "scale": 5, "other": {{"en": "Rest", "zh": "其余"}},
                "rules": {rules}}}}}"#
        )
    };
    let (option, rule, details) = option_error(
        rfm,
        &map(r#"[{"segment": "A", "cells": [{"r": [1, 5], "f": [1, 5]}, {"r": [2, 6], "f": [1, 5]}]}]"#),
    );
    assert_eq!(pair(&option, &rule), pair("segmentMap.rules[0].cells[1].r", "whole_number_pair"));
    assert_eq!((get(&details, "min").as_f64(), get(&details, "max").as_f64()), (Some(1.0), Some(5.0)));
    assert_eq!(
        get(&details, "reason").as_string().unwrap(),
        "must be two whole numbers from 1 to 5, the smaller first"
    );
    assert_eq!(
        rule_of(&map(r#"[{"segment": "A", "cells": [{"r": [3, 2], "f": [1, 5]}]}]"#)),
        pair("segmentMap.rules[0].cells[0].r", "whole_number_pair")
    );
    assert_eq!(
        rule_of(&map(r#"[{"segment": "A", "cells": [{"r": [1, 5]}]}]"#)),
        pair("segmentMap.rules[0].cells[0].f", "required")
    );
    assert_eq!(
        rule_of(&map(r#"[{"segment": "A", "colour": "red", "cells": []}]"#)),
        pair("segmentMap.rules[0].colour", "unknown_field")
    );
    assert_eq!(rule_of(&map(r#"[{"segment": 7, "cells": []}]"#)), pair("segmentMap.rules[0].segment", "type"));
    assert_eq!(rule_of(&map(r#""all""#)), pair("segmentMap.rules", "type"));
    // Unknown fields, with the options the place has.
    let (option, rule, details) = option_error(rfm, r#"{"bin": 3}"#);
    assert_eq!(pair(&option, &rule), pair("bin", "unknown_field"));
    assert!(strings(&get(&details, "allowed")).contains(&"bins".to_string()));
    assert_eq!(rule_of(r#"{"lifecycle": {"newDay": 3}}"#), pair("lifecycle.newDay", "unknown_field"));
    assert_eq!(rule_of(r#"{"method": {"breakpoint": {}}}"#), pair("method.breakpoint", "unknown_field"));
    // Wrong types, with the types expected.
    let (option, rule, details) = option_error(rfm, r#"{"bins": "3"}"#);
    assert_eq!(pair(&option, &rule), pair("bins", "type"));
    assert_eq!(strings(&get(&details, "expected")), ["number"]);
    let (option, _, details) = option_error(rfm, r#"{"segmentMap": ["m", "r-fm", 5]}"#);
    assert_eq!(
        (option.as_str(), strings(&get(&details, "expected"))),
        ("segmentMap", vec!["string".into(), "object".into()])
    );
    assert_eq!(rule_of(r#"{"tiers": [0.5, "x"]}"#), pair("tiers[1]", "type"));
    assert_eq!(rule_of(r#"{"lifecycle": 3}"#), pair("lifecycle", "type"));
    assert_eq!(rule_of(r#"{"analysisDate": 5}"#), pair("analysisDate", "date"));
    assert_eq!(rule_of(r#"{"cn8": {"compare": [1, 2, 3]}}"#), pair("cn8.compare", "type"));
    // Ranges and names.
    let (option, rule, details) = option_error(rfm, r#"{"bins": 3.5}"#);
    assert_eq!(pair(&option, &rule), pair("bins", "whole_number_range"));
    assert_eq!((get(&details, "min").as_f64(), get(&details, "max").as_f64()), (Some(2.0), Some(10.0)));
    assert_eq!(rule_of(r#"{"lifecycle": {"newDays": 5000000000}}"#), pair("lifecycle.newDays", "whole_number_range"));
    let (_, rule, details) = option_error(rfm, r#"{"method": "median"}"#);
    assert_eq!((rule.as_str(), strings(&get(&details, "allowed"))), ("one_of", vec!["rank".into(), "quantile".into()]));
    assert_eq!(rule_of(r#"{"method": {}}"#), pair("method.breakpoints", "required"));
    assert_eq!(rule_of(r#"{"segmentMap": "nope"}"#), pair("segmentMap", "one_of"));
    assert_eq!(rule_of(r#"{"bins": "x", "cn8": 5}"#), pair("bins", "type"), "fields in order");
    // The core's conditions keep their words under the rule `condition`.
    assert_eq!(rule_of(r#"{"tiers": [0.5, 0.4]}"#), pair("tiers", "condition"));
    // The same reader for compare(), exportCustomers() and the load options, nested paths included.
    let compare = |o: JsValue| dataset().compare(o);
    assert_eq!(
        {
            let (option, rule, _) = option_error(compare, r#"{"by": "region", "rfm": {"segmentMap": {"name": 1}}}"#);
            (option, rule)
        },
        pair("rfm.segmentMap.name", "type")
    );
    let (option, rule, _) = option_error(compare, r#"{"by": ["region", 3]}"#);
    assert_eq!(pair(&option, &rule), pair("by[1]", "type"));
    let (option, rule, _) =
        option_error(|f| dataset().export_customers(JsValue::NULL, f).map(JsValue::from), r#"{"lang": "fr"}"#);
    assert_eq!(pair(&option, &rule), pair("lang", "one_of"));
    let load = |o: JsValue| Dataset::from_bytes(Uint8Array::from(CSV.as_bytes()).into(), o).map(|_| JsValue::NULL);
    let load_rule = |json: &str| {
        let (option, rule, _) = option_error(load, json);
        (option, rule)
    };
    assert_eq!(load_rule(r#"{"maxBytes": "10"}"#), pair("maxBytes", "type"));
    assert_eq!(load_rule(r#"{"delimiter": ";;"}"#), pair("delimiter", "one_character"));
    assert_eq!(load_rule(r#"{"dateOrder": "ydm"}"#), pair("dateOrder", "one_of"));
    assert_eq!(load_rule(r#"{"roles": {"customer": 5}}"#), pair("roles.customer", "type"));
    assert_eq!(load_rule(r#"{"roles": {"client": "id"}}"#), pair("roles.client", "unknown_field"));
    // Documented shapes are still accepted: a fixed cn-8 comparison, a map with labels and an open M range.
    let ok = |json: &str| dataset().rfm(js_sys::JSON::parse(json).unwrap()).unwrap();
    ok(r#"{"segmentMap": "cn-8", "cn8": {"compare": {"recency": 10, "frequency": 2, "monetary": 8.5}, "on": "raw"}}"#);
    ok(&map(r#"[{"segment": "A", "label": {"en": "A", "zh": "甲"}, "cells": [{"r": [1, 5], "f": [1, 5]}]}]"#));
    ok(
        r#"{"method": {"breakpoints": {"recency": [1, 2, 3, 4], "frequency": [1, 2, 3, 4], "monetary": [1, 2, 3, 4]}}}"#,
    );
    let roles = r#"{"roles": {"order": null, "customer": "customer_id"}, "dateOrder": "dmy", "delimiter": ","}"#;
    Dataset::from_bytes(Uint8Array::from(CSV.as_bytes()).into(), js_sys::JSON::parse(roles).unwrap()).unwrap();
}

#[wasm_bindgen_test]
fn warnings_carry_their_code_lines_and_details() {
    // Every customer has one order: frequency ties.
    let csv = "customer_id,order_date,amount\nC1,2024-03-01,10\nC2,2024-03-02,20\nC3,2024-03-04,5\n";
    let ds = Dataset::from_bytes(Uint8Array::from(csv.as_bytes()).into(), JsValue::NULL).unwrap();
    let warnings: Array = get(&ds.rfm(JsValue::NULL).unwrap(), "warnings").dyn_into().unwrap();
    assert_eq!(warnings.length(), 1);
    let tied = warnings.get(0);
    assert_plain_object(&tied, &["code", "message", "lines", "details"]);
    assert_eq!(get(&tied, "code").as_string().as_deref(), Some("metric_all_tied"));
    assert_eq!(get(&get(&tied, "details"), "metric").as_string().as_deref(), Some("frequency"));
    assert_details_as_catalogued("warnings", "metric_all_tied", &get(&tied, "details"));
    // A load warning: its lines and its count.
    let mixed =
        Dataset::from_bytes(Uint8Array::from(&fixture("mixed-encoding.csv")[..]).into(), JsValue::NULL).unwrap();
    let warnings: Array = get(&mixed.report().unwrap(), "warnings").dyn_into().unwrap();
    for warning in warnings.iter() {
        assert_details_as_catalogued(
            "warnings",
            &get(&warning, "code").as_string().unwrap(),
            &get(&warning, "details"),
        );
    }
    let warning = warnings.iter().find(|w| get(w, "code").as_string().as_deref() == Some("undecodable_bytes")).unwrap();
    assert_eq!(get(&get(&warning, "details"), "rows").as_f64(), Some(2.0));
    assert_eq!(Array::from(&get(&warning, "lines")).length(), 2);
    // A file whose dates cannot tell day from month: the warning names no column (an orders file has one date).
    let csv = "customer_id,order_date,amount\nC1,3/5/2024,10\nC2,4/6/2024,20\n";
    let ds = Dataset::from_bytes(Uint8Array::from(csv.as_bytes()).into(), JsValue::NULL).unwrap();
    let warning = Array::from(&get(&ds.report().unwrap(), "warnings")).get(0);
    assert_eq!(get(&warning, "code").as_string().as_deref(), Some("ambiguous_date_order"));
    assert!(get(&get(&warning, "details"), "column").is_null());
}

/// Customers file of the join tests: C1 twice (line 4 is the duplicate), C9 with no order, a blank id (line 5),
/// and C3, who only returned (not scored).
const CUSTOMERS: &str = "customer_id;gender;birth_date;city\nC1;f;1990-05-01;Lyon\nC9;m;1980-01-01;Nice\nC1;m;1991-01-01;Paris\n;f;2000-01-01;Metz\nC3;m;1970-02-02;Caen\n";

#[wasm_bindgen_test]
fn join_customers_reports_matches_duplicates_and_strangers_and_streams_the_same() {
    let ds = dataset();
    let options = js_sys::JSON::parse(r#"{"fileName":"customers.csv"}"#).unwrap();
    let report = ds.join_customers(Uint8Array::from(CUSTOMERS.as_bytes()).into(), options.clone()).unwrap();
    assert_plain_object(
        &report,
        &[
            "rowsRead",
            "rowsUsed",
            "blankLines",
            "encoding",
            "delimiter",
            "format",
            "sheet",
            "columns",
            "roles",
            "matched",
            "customersWithoutRecord",
            "recordsWithoutCustomer",
            "duplicates",
            "skipped",
            "warnings",
        ],
    );
    // Scored customers are C1 and C2 (C3 only returned): C1 has a record, C2 none; C9 and C3 are not scored.
    assert_eq!(get(&report, "matched").as_f64(), Some(1.0));
    assert_eq!(get(&report, "customersWithoutRecord").as_f64(), Some(1.0));
    assert_eq!(get(&get(&report, "recordsWithoutCustomer"), "count").as_f64(), Some(2.0));
    let duplicates = get(&report, "duplicates");
    assert_eq!(get(&duplicates, "count").as_f64(), Some(1.0));
    assert_eq!(get(&Array::from(&get(&duplicates, "examples")).get(0), "line").as_f64(), Some(4.0));
    let skipped = Array::from(&get(&report, "skipped")).get(0);
    assert_eq!(get(&skipped, "reason").as_string().as_deref(), Some("missing_customer"));
    assert_eq!(get(&Array::from(&get(&skipped, "examples")).get(0), "line").as_f64(), Some(5.0));
    assert_eq!(get(&get(&report, "roles"), "gender").as_string().as_deref(), Some("gender"));
    // The orders' analyses are unchanged by the join, which only adds the attribute columns (§14.4).
    let before = js_sys::JSON::stringify(&dataset().rfm(JsValue::NULL).unwrap()).unwrap();
    let joined = ds.rfm(JsValue::NULL).unwrap();
    let columns = get(&joined, "customers");
    for added in ["age", "ageBand", "ageBandCode", "gender", "genderCode"] {
        assert!(Reflect::delete_property(columns.unchecked_ref::<Object>(), &added.into()).unwrap(), "{added} added");
    }
    let after = js_sys::JSON::stringify(&joined).unwrap();
    assert_eq!(before, after);
    // Streaming, one byte at a time, gives the same report.
    let streamed = dataset();
    let mut loader = Loader::for_kind("customers".into(), options).unwrap();
    for byte in CUSTOMERS.as_bytes() {
        loader.push(Uint8Array::from(&[*byte][..]).into()).unwrap();
    }
    let again = loader.join_to(&streamed).unwrap();
    assert_eq!(js_sys::JSON::stringify(&again).unwrap(), js_sys::JSON::stringify(&report).unwrap());
    // A customers file without a customer column is refused, naming the kind; an unknown kind is an option error.
    let err = ds
        .join_customers(Uint8Array::from(&b"gender,city\nf,Lyon\nm,Lyon\nf,Nice\n"[..]).into(), JsValue::NULL)
        .unwrap_err();
    assert_eq!(get(&err, "code").as_string().as_deref(), Some("missing_role"));
    assert_eq!(get(&get(&err, "details"), "kind").as_string().as_deref(), Some("customers"));
    let err = Loader::for_kind("people".into(), JsValue::NULL).err().unwrap();
    assert_eq!(get(&get(&err, "details"), "option").as_string().as_deref(), Some("kind"));
    // An orders loader cannot be joined.
    let mut orders = Loader::new(JsValue::NULL).unwrap();
    orders.push(Uint8Array::from(CSV.as_bytes()).into()).unwrap();
    let err = orders.join_to(&ds).unwrap_err();
    assert_eq!(get(&err, "code").as_string().as_deref(), Some("invalid_state"));
}

#[wasm_bindgen_test]
fn join_campaigns_reports_groups_duplicates_and_conflicts() {
    let ds = dataset();
    let campaign = "customer_id,sent_at,group,opened\nC1,2024-03-01,treatment,1\nC2,2024-03-01,control,\nC1,2024-03-02,treatment,0\nP7,2024-03-01,实验组,是\nC3,2024-03-01,treatment,\nC3,2024-03-01,control,\nC4,2024-03-01,maybe,\n";
    let options = js_sys::JSON::parse(r#"{"fileName":"spring.csv"}"#).unwrap();
    let report = ds.join_campaigns(Uint8Array::from(campaign.as_bytes()).into(), options).unwrap();
    assert_eq!(get(&report, "contacts").as_f64(), Some(3.0), "C1, C2, P7 (C3 conflicting, C4 skipped)");
    assert_eq!(get(&get(&report, "duplicates"), "count").as_f64(), Some(1.0));
    assert_eq!(get(&get(&report, "conflicting"), "count").as_f64(), Some(1.0));
    let first = Array::from(&get(&report, "campaigns")).get(0);
    assert_eq!(get(&first, "name").as_string().as_deref(), Some("spring"));
    assert_eq!((get(&first, "treatment").as_f64(), get(&first, "control").as_f64()), (Some(2.0), Some(1.0)));
    let skipped = Array::from(&get(&report, "skipped")).get(0);
    assert_eq!(get(&skipped, "reason").as_string().as_deref(), Some("bad_group"));
    assert_eq!(get(&Array::from(&get(&skipped, "examples")).get(0), "line").as_f64(), Some(8.0));
}

#[wasm_bindgen_test]
fn compare_by_segment_agrees_with_the_cached_rfm_and_export_filters_by_segment_code() {
    let ds = dataset();
    let rfm = ds.rfm(JsValue::NULL).unwrap();
    let segments = Array::from(&get(&rfm, "segments"));
    let options = js_sys::JSON::parse(r#"{"by":"segment"}"#).unwrap();
    let compare = ds.compare(options).unwrap();
    for group in Array::from(&get(&compare, "groups")).iter() {
        let name = Array::from(&get(&group, "key")).get(0).as_string().unwrap();
        let segment = segments.iter().find(|s| get(s, "name").as_string().as_deref() == Some(name.as_str()));
        if let Some(segment) = segment {
            assert_eq!(get(&group, "customers").as_f64(), get(&segment, "customers").as_f64(), "{name}");
        }
    }
    let codes = Uint16Array::new(&get(&get(&rfm, "customers"), "segmentCode")).to_vec();
    let filter = Object::new();
    Reflect::set(&filter, &"segmentCode".into(), &JsValue::from(codes[0])).unwrap();
    let csv = ds.export_customers(JsValue::NULL, filter.into()).unwrap();
    let rows = csv.lines().count() - 1;
    assert_eq!(rows, codes.iter().filter(|&&c| c == codes[0]).count());
}

#[path = "shared/clv_fixture.rs"]
mod clv_fixture;

use clv_fixture::{
    cdnow_csv, Checksum, A1_CHECKSUM, A1_CSV, A2_OPTIONS_JSON, CDNOW_CHECKSUM, CDNOW_OPTIONS_JSON, COLUMNS, SCALARS,
};

fn csv_dataset(csv: &str) -> Dataset {
    Dataset::from_bytes(Uint8Array::from(csv.as_bytes()).into(), JsValue::NULL).unwrap()
}

fn json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap()
}

/// Every number in `value` (nested objects, arrays and typed arrays) is finite: no NaN or infinity crosses, and no
/// `undefined` either.
fn assert_all_finite(value: &JsValue, path: &str) {
    assert!(!value.is_undefined(), "{path} is undefined");
    if let Some(n) = value.as_f64() {
        assert!(n.is_finite(), "{path} = {n}");
    } else if value.is_instance_of::<Float64Array>() {
        let values = Float64Array::new(value).to_vec();
        assert!(values.iter().all(|v| v.is_finite()), "{path} holds a non-finite number");
    } else if Array::is_array(value) {
        for (i, item) in Array::from(value).iter().enumerate() {
            assert_all_finite(&item, &format!("{path}[{i}]"));
        }
    } else if value.is_object() && !value.is_instance_of::<Uint32Array>() {
        for key in keys(value) {
            assert_all_finite(&get(value, &key), &format!("{path}.{key}"));
        }
    }
}

/// The checksum of a `ClvResult` over the shared fixture's paths and columns, as the native test computes it.
fn clv_checksum(result: &JsValue) -> u64 {
    let mut sum = Checksum::new();
    for path in SCALARS {
        let value = path.iter().fold(result.clone(), |v, key| if v.is_null() { v } else { get(&v, key) });
        assert!(value.is_null() || value.as_f64().is_some(), "{path:?}");
        sum.add(value.as_f64());
    }
    let customers = get(result, "customers");
    for name in COLUMNS {
        let column = get(&customers, name);
        if column.is_null() {
            sum.add_column(None);
        } else {
            sum.add_column(Some(&Float64Array::new(&column).to_vec()));
        }
    }
    sum.finish()
}

const CLV_RESULT_KEYS: [&str; 18] = [
    "analysisDate",
    "timeUnit",
    "horizon",
    "customerCount",
    "repeatCustomers",
    "returnOnlyDays",
    "excluded",
    "bgnbd",
    "gammaGamma",
    "populationMeanValue",
    "newCustomerExpectedPurchases",
    "totals",
    "holdout",
    "warnings",
    "bySegment",
    "byTier",
    "byStage",
    "customers",
];

#[wasm_bindgen_test]
fn clv_gives_the_native_bits_on_a1_and_on_the_fitted_cdnow_sample() {
    let a1 = csv_dataset(A1_CSV).clv(json(A2_OPTIONS_JSON)).unwrap();
    assert_eq!(clv_checksum(&a1), A1_CHECKSUM, "A1 at A2's parameters: other bits than the native build's");
    let cdnow = csv_dataset(&cdnow_csv(include_str!("fixtures/cdnow/CDNOW_sample.txt")));
    let fitted = cdnow.clv(json(CDNOW_OPTIONS_JSON)).unwrap();
    assert_eq!(clv_checksum(&fitted), CDNOW_CHECKSUM, "CDNOW fitted: other bits than the native build's");
    // §11.12 A3's figures, so the checksum is of the right computation.
    assert_eq!(get(&fitted, "customerCount").as_f64(), Some(2357.0));
    assert_eq!(get(&fitted, "repeatCustomers").as_f64(), Some(946.0));
    let bgnbd = get(&fitted, "bgnbd");
    assert!((get(&bgnbd, "r").as_f64().unwrap() - 0.242594).abs() < 1e-5);
    assert_eq!(get(&bgnbd, "fitted").as_bool(), Some(true));
    assert_eq!(get(&get(&bgnbd, "fit"), "ridge").dyn_into::<Array>().unwrap().length(), 0);
    assert!(get(&bgnbd, "evaluations").as_f64().unwrap() > 0.0);
    assert_all_finite(&fitted, "ClvResult");
    let segments = Array::from(&get(&fitted, "bySegment"));
    let shares: f64 = segments.iter().map(|g| get(&g, "share").as_f64().unwrap()).sum();
    assert!((shares - 1.0).abs() < 1e-12, "{shares}");
}

#[wasm_bindgen_test]
fn clv_result_is_a_plain_object_with_typed_columns_in_id_order() {
    let ds = csv_dataset(A1_CSV);
    let result = ds.clv(json(A2_OPTIONS_JSON)).unwrap();
    assert_plain_object(&result, &CLV_RESULT_KEYS);
    assert_eq!(get(&result, "analysisDate").as_string().as_deref(), Some("2024-04-01"));
    assert_eq!(get(&result, "timeUnit").as_string().as_deref(), Some("week"));
    assert_eq!(get(&result, "horizon").as_f64(), Some(52.0));
    assert_eq!(get(&result, "returnOnlyDays").as_f64(), Some(2.0));
    let excluded = get(&result, "excluded");
    assert_plain_object(&excluded, &["count", "examples"]);
    assert_eq!(get(&excluded, "count").as_f64(), Some(1.0));
    let model = ["r", "alpha", "a", "b", "logLikelihood", "evaluations", "fitted", "ridge", "fit"];
    assert_plain_object(&get(&result, "bgnbd"), &model);
    assert!(get(&get(&result, "bgnbd"), "fit").is_null(), "given parameters: no fit");
    assert_plain_object(
        &get(&result, "gammaGamma"),
        &["p", "q", "gamma", "logLikelihood", "customers", "correlation", "evaluations", "fitted", "ridge", "fit"],
    );
    assert_plain_object(&get(&result, "totals"), &["expectedPurchases", "clv"]);
    let holdout = get(&result, "holdout");
    assert_plain_object(
        &holdout,
        &["from", "duration", "customers", "actualTotal", "predictedTotal", "buckets", "bgnbd"],
    );
    assert_eq!(get(&holdout, "from").as_string().as_deref(), Some("2024-03-01"));
    let buckets = Array::from(&get(&holdout, "buckets"));
    assert_eq!(buckets.length(), 2, "§11.12 A4: buckets 0 and 1");
    assert_plain_object(&buckets.get(0), &["bucket", "customers", "actualMean", "predictedMean"]);
    assert_eq!(get(&buckets.get(1), "bucket").as_string().as_deref(), Some("1"));
    for key in ["bySegment", "byTier", "byStage"] {
        let groups = Array::from(&get(&result, key));
        assert!(groups.length() > 0, "{key}");
        let group = groups.get(0);
        assert_plain_object(&group, &["name", "label", "customers", "expectedPurchases", "clv", "share", "unscored"]);
        assert_plain_object(&get(&group, "label"), &["en", "zh"]);
        let customers: f64 = groups.iter().map(|g| get(&g, "customers").as_f64().unwrap()).sum();
        assert_eq!(customers, 4.0, "{key}");
    }
    let customers = get(&result, "customers");
    let columns = ["id", "x", "tx", "T", "meanRepeatValue", "pAlive", "expectedPurchases", "expectedValue", "clv"];
    assert_plain_object(&customers, &columns);
    assert_eq!(strings(&get(&customers, "id")), ["c1", "c2", "c3", "c4"]);
    assert_eq!(Uint32Array::new(&get(&customers, "x")).to_vec(), [2, 2, 0, 0]);
    for name in &columns[2..] {
        let column = get(&customers, name);
        assert!(column.is_instance_of::<Float64Array>(), "{name} is a Float64Array");
        assert_eq!(Float64Array::new(&column).length(), 4, "{name}");
    }
    // §11.12 A2: c1's P(alive) and CLV.
    assert!((Float64Array::new(&get(&customers, "pAlive")).get_index(0) - 0.742252).abs() < 1e-6);
    assert!((Float64Array::new(&get(&customers, "clv")).get_index(1) - 186.307832).abs() < 1e-6);
    assert_all_finite(&result, "ClvResult");

    // Without Gamma-Gamma: the value columns, the model and the CLV sums are null (never undefined or NaN).
    let result =
        ds.clv(json(r#"{"params": {"bgnbd": {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}}}"#)).unwrap();
    assert_eq!(get(&result, "analysisDate").as_string().as_deref(), Some("2024-04-02"), "default: after the last row");
    for null in ["gammaGamma", "populationMeanValue", "holdout"] {
        assert!(get(&result, null).is_null(), "{null}");
    }
    assert!(get(&get(&result, "totals"), "clv").is_null());
    let customers = get(&result, "customers");
    assert!(get(&customers, "expectedValue").is_null() && get(&customers, "clv").is_null());
    let group = Array::from(&get(&result, "bySegment")).get(0);
    assert!(get(&group, "clv").is_null() && get(&group, "share").is_null());
    assert_all_finite(&result, "ClvResult without Gamma-Gamma");
}

#[wasm_bindgen_test]
fn clv_errors_are_coded_and_name_the_option() {
    let ds = csv_dataset(A1_CSV);
    let clv = |o: JsValue| ds.clv(o);
    let rule_of = |json: &str| {
        let (option, rule, _) = option_error(clv, json);
        (option, rule)
    };
    let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
    let given = r#""params": {"bgnbd": {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}}"#;
    assert_eq!(rule_of(r#"{"timeUnit": "year"}"#), pair("timeUnit", "one_of"));
    assert_eq!(rule_of(r#"{"model": "pareto-nbd"}"#), pair("model", "unknown_field"));
    assert_eq!(rule_of(r#"{"clv": {"months": 0}}"#), pair("clv.months", "whole_number_range"));
    assert_eq!(rule_of(r#"{"clv": {"discountRate": "1%"}}"#), pair("clv.discountRate", "type"));
    assert_eq!(rule_of(r#"{"params": {"bgnbd": {"r": 1}}}"#), pair("params.bgnbd.alpha", "required"));
    assert_eq!(rule_of(r#"{"holdout": {"from": "March"}}"#), pair("holdout.from", "date"));
    assert_eq!(rule_of(r#"{"minCustomers": 5}"#), pair("minCustomers", "whole_number_range"));
    assert_eq!(rule_of(r#"{"rfm": {"bins": 1}}"#), pair("rfm.bins", "whole_number_range"));
    assert_eq!(rule_of(r#"{"analysisDate": "2023-12-01"}"#), pair("analysisDate", "condition"));
    // The core's conditions, in the contract's order (§11.12 A5).
    assert_eq!(rule_of(&format!(r#"{{{given}, "horizon": -1}}"#)), pair("horizon", "condition"));
    let zero_a = r#"{"params": {"bgnbd": {"r": 0.243, "alpha": 4.414, "a": 0, "b": 2.426}}}"#;
    assert_eq!(rule_of(zero_a), pair("params.bgnbd.a", "condition"));
    let late = format!(r#"{{{given}, "analysisDate": "2024-04-01", "holdout": {{"from": "2024-04-01"}}}}"#);
    assert_eq!(rule_of(&late), pair("holdout.from", "condition"));
    let rfm_date = format!(r#"{{{given}, "analysisDate": "2024-04-01", "rfm": {{"analysisDate": "2024-03-01"}}}}"#);
    assert_eq!(rule_of(&rfm_date), pair("rfm.analysisDate", "condition"));
    // Fitting: too few customers, then too few repeat customers, with their details as catalogued.
    let err = assert_error(ds.clv(JsValue::NULL).unwrap_err(), "clv_too_few_customers");
    assert_eq!(get(&get(&err, "details"), "found").as_f64(), Some(4.0));
    assert_eq!(get(&get(&err, "details"), "needed").as_f64(), Some(100.0));
    let mut csv = String::from("customer,date,amount\n");
    for c in 0..150 {
        csv.push_str(&format!("C{c:03},2024-01-{:02},10\n", 1 + c % 28));
        if c < 5 {
            csv.push_str(&format!("C{c:03},2024-02-{:02},12\n", 1 + c));
        }
    }
    let err = assert_error(csv_dataset(&csv).clv(JsValue::NULL).unwrap_err(), "clv_too_few_repeat_customers");
    let details = get(&err, "details");
    assert_eq!(get(&details, "model").as_string().as_deref(), Some("bgnbd"));
    assert_eq!((get(&details, "found").as_f64(), get(&details, "needed").as_f64()), (Some(5.0), Some(30.0)));
}

#[wasm_bindgen_test]
fn export_customers_adds_the_clv_columns_when_asked() {
    let ds = csv_dataset(A1_CSV);
    let export = |filter: &str| ds.export_customers(json(r#"{"analysisDate": "2024-04-01"}"#), json(filter));
    let params = r#""params": {"bgnbd": {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426},
                               "gammaGamma": {"p": 6.25, "q": 3.74, "gamma": 15.44}}"#;
    let csv = export(&format!(r#"{{"clv": {{{params}}}}}"#)).unwrap();
    let header = csv.lines().next().unwrap();
    assert!(header.ends_with(",p_alive,expected_purchases,clv"), "{header}");
    let result = ds.clv(json(&format!(r#"{{"analysisDate": "2024-04-01", {params}}}"#))).unwrap();
    let clvs = Float64Array::new(&get(&get(&result, "customers"), "clv")).to_vec();
    let exported: Vec<f64> =
        csv.lines().skip(1).map(|line| line.rsplit(',').next().unwrap().parse().unwrap()).collect();
    assert_eq!(exported, clvs, "the same numbers, read back from the text");
    assert!(!export("{}").unwrap().contains("p_alive"));
    assert!(!export(r#"{"clv": false}"#).unwrap().contains("p_alive"));
    assert_error(export(r#"{"clv": true}"#).unwrap_err(), "clv_too_few_customers");
    let (option, rule, _) = option_error(|f| ds.export_customers(JsValue::NULL, f).map(JsValue::from), r#"{"clv": 3}"#);
    assert_eq!((option.as_str(), rule.as_str()), ("clv", "type"));
    let (option, rule, _) = option_error(
        |f| ds.export_customers(JsValue::NULL, f).map(JsValue::from),
        r#"{"clv": {"analysisDate": "2024-04-01"}}"#,
    );
    assert_eq!((option.as_str(), rule.as_str()), ("clv.analysisDate", "unknown_field"));
}

#[wasm_bindgen_test]
fn trend_returns_plain_rows_with_exact_money_and_null_aov() {
    let ds = csv_dataset(CSV);
    let result = ds.trend(json(r#"{"period": "week", "analysisDate": "2024-03-05"}"#)).unwrap();
    assert_plain_object(&result, &["analysisDate", "period", "from", "to", "rows", "excluded"]);
    assert_eq!(get(&result, "period").as_string().as_deref(), Some("week"));
    assert_eq!(get(&result, "from").as_string().as_deref(), Some("2024-02-26"), "Monday of the first row's week");
    assert_eq!(get(&result, "to").as_string().as_deref(), Some("2024-03-04"));
    assert_eq!(get(&get(&result, "excluded"), "count").as_f64(), Some(0.0));
    let rows = Array::from(&get(&result, "rows"));
    assert_eq!(rows.length(), 2);
    let row_keys = [
        "period",
        "start",
        "complete",
        "revenue",
        "revenueExact",
        "orders",
        "customers",
        "newCustomers",
        "returningCustomers",
        "aov",
    ];
    let (first, second) = (rows.get(0), rows.get(1));
    assert_plain_object(&first, &row_keys);
    assert_eq!(get(&first, "period").as_string().as_deref(), Some("2024-W09"));
    assert_eq!(get(&first, "complete").as_bool(), Some(true));
    // C1 10.50 + C2 20 + C3's return −4 (the row without a customer is skipped at load).
    assert_eq!(get(&first, "revenueExact").as_string().as_deref(), Some("26.5000"));
    assert_eq!(get(&first, "revenue").as_f64(), Some(26.5));
    assert_eq!(get(&first, "orders").as_f64(), Some(2.0));
    assert_eq!(get(&first, "newCustomers").as_f64(), Some(2.0));
    assert_eq!(get(&first, "returningCustomers").as_f64(), Some(0.0));
    assert_eq!(get(&first, "aov").as_f64(), Some(13.25));
    // Monday 03-04 alone, before D: C1 comes back; the week is cut by D.
    assert_eq!(get(&second, "complete").as_bool(), Some(false));
    assert_eq!(get(&second, "returningCustomers").as_f64(), Some(1.0));
    // A day with only a return: revenue −4, no order, aov null (never NaN).
    let days = ds.trend(json(r#"{"period": "day", "from": "2024-03-03", "to": "2024-03-03"}"#)).unwrap();
    let return_day = Array::from(&get(&days, "rows")).get(0);
    assert_eq!(get(&return_day, "revenueExact").as_string().as_deref(), Some("-4.0000"));
    assert!(get(&return_day, "aov").is_null());
    assert_eq!(get(&return_day, "orders").as_f64(), Some(0.0));

    let (option, rule, _) = option_error(|o| ds.trend(o), r#"{"period": "year"}"#);
    assert_eq!((option.as_str(), rule.as_str()), ("period", "one_of"));
    let (option, rule, _) = option_error(|o| ds.trend(o), r#"{"from": "2024-03-04", "to": "2024-03-01"}"#);
    assert_eq!((option.as_str(), rule.as_str()), ("from", "condition"));
    let defaults = get(&get(&catalog().unwrap(), "defaults"), "trend");
    assert_eq!(get(&defaults, "period").as_string().as_deref(), Some("month"));
    let monthly = ds.trend(JsValue::UNDEFINED).unwrap();
    assert_eq!(Array::from(&get(&monthly, "rows")).length(), 1, "default: monthly, March only");
}

/// analytics.md §12.7's rows.
const B_CSV: &str = "customer_id,order_date,amount\na,2024-01-05,100\na,2024-02-10,50\na,2024-04-20,30\n\
                     b,2024-01-20,80\nb,2024-03-03,-20\nc,2024-02-02,60\nc,2024-02-25,40\nc,2024-03-15,70\n\
                     d,2024-02-14,20\ne,2024-03-30,90\ne,2024-04-02,10\nf,2024-04-10,0.00\n";

#[wasm_bindgen_test]
fn cohorts_returns_the_matrix_with_nulls_the_churn_table_and_typed_columns() {
    let ds = csv_dataset(B_CSV);
    let result = ds.cohorts(json(r#"{"analysisDate": "2024-05-01", "lifecycle": {"atRiskDays": 45}}"#)).unwrap();
    assert_plain_object(
        &result,
        &[
            "analysisDate",
            "period",
            "churnThresholdDays",
            "cohorts",
            "lastPeriodComplete",
            "averageRetention",
            "churn",
            "repeatRate",
            "gaps",
            "excluded",
            "customers",
        ],
    );
    assert_eq!(get(&result, "churnThresholdDays").as_f64(), Some(45.0));
    let cohorts = Array::from(&get(&result, "cohorts"));
    assert_eq!(cohorts.length(), 3);
    let february = cohorts.get(1);
    assert_plain_object(
        &february,
        &[
            "cohort",
            "start",
            "customers",
            "repeatRate",
            "active",
            "retention",
            "revenue",
            "revenueExact",
            "revenuePerCustomer",
            "cumulativeRevenuePerCustomer",
        ],
    );
    assert_eq!(get(&february, "cohort").as_string().as_deref(), Some("2024-02"));
    let retention = Array::from(&get(&february, "retention"));
    assert_eq!(retention.length(), 4);
    assert_eq!(retention.get(1).as_f64(), Some(0.5));
    assert!(retention.get(3).is_null(), "beyond the data: null, never 0 or undefined");
    assert_eq!(Array::from(&get(&february, "revenueExact")).get(0).as_string().as_deref(), Some("120.0000"));
    assert!(Array::from(&get(&february, "revenueExact")).get(3).is_null());
    let average: Vec<Option<f64>> = Array::from(&get(&result, "averageRetention")).iter().map(|v| v.as_f64()).collect();
    assert_eq!(average, [Some(1.0), Some(0.6), Some(0.0), Some(0.5)]);
    let churn = Array::from(&get(&result, "churn"));
    assert_eq!(churn.length(), 4);
    assert_plain_object(&churn.get(0), &["period", "start", "base", "churned", "churnRate", "new", "reactivated"]);
    assert!(get(&churn.get(0), "churnRate").is_null(), "January: base 0");
    assert_eq!(get(&churn.get(2), "churnRate").as_f64(), Some(0.75));
    assert_eq!(get(&churn.get(3), "reactivated").as_f64(), Some(1.0));
    let gaps = get(&result, "gaps");
    assert_plain_object(&gaps, &["count", "median", "p25", "p75", "p90", "medianDaysToSecondPurchase"]);
    assert!((get(&gaps, "p90").as_f64().unwrap() - 56.4).abs() < 1e-12);
    let customers = get(&result, "customers");
    assert_plain_object(&customers, &["id", "purchaseDays", "gapDays", "gapSource", "churnRisk", "riskRatio"]);
    assert_eq!(strings(&get(&customers, "id")), ["a", "b", "c", "d", "e"]);
    assert_eq!(Uint32Array::new(&get(&customers, "purchaseDays")).to_vec(), [3, 1, 3, 1, 2]);
    assert_eq!(Uint8Array::new(&get(&customers, "gapSource")).to_vec(), [1, 0, 1, 0, 0]);
    assert_eq!(Uint8Array::new(&get(&customers, "churnRisk")).to_vec(), [0, 1, 1, 1, 0]);
    assert_eq!(Float64Array::new(&get(&customers, "gapDays")).to_vec(), [53.0, 23.0, 21.0, 23.0, 23.0]);
    assert!((Float64Array::new(&get(&customers, "riskRatio")).get_index(1) - 102.0 / 23.0).abs() < 1e-12);
    assert_all_finite(&result, "CohortResult");

    // Errors: L shorter than a month; a period cohorts do not take; nobody bought twice (catalogued details).
    let (option, rule, _) = option_error(|o| ds.cohorts(o), r#"{"lifecycle": {"atRiskDays": 20}}"#);
    assert_eq!((option.as_str(), rule.as_str()), ("lifecycle.atRiskDays", "condition"));
    let (option, rule, _) = option_error(|o| ds.cohorts(o), r#"{"period": "day"}"#);
    assert_eq!((option.as_str(), rule.as_str()), ("period", "one_of"));
    let (option, rule, _) = option_error(|o| ds.cohorts(o), r#"{"churnRisk": {"minGaps": 0}}"#);
    assert_eq!((option.as_str(), rule.as_str()), ("churnRisk.minGaps", "whole_number_range"));
    let single = csv_dataset("customer_id,order_date,amount\na,2024-01-05,10\nb,2024-02-01,20\n");
    let thrown = assert_error(single.cohorts(JsValue::NULL).unwrap_err(), "churn_no_repeat_purchases");
    assert_details_as_catalogued("errors", "churn_no_repeat_purchases", &get(&thrown, "details"));
    assert_eq!(get(&get(&thrown, "details"), "customers").as_f64(), Some(2.0));
    let defaults = get(&get(&catalog().unwrap(), "defaults"), "cohorts");
    assert_eq!(get(&get(&defaults, "churnRisk"), "method").as_string().as_deref(), Some("gap"));
}

/// analytics.md §13.4's rows.
const C_CSV: &str = "customer_id,order_date,amount\np,2024-01-05,100\np,2024-02-20,100\nq,2024-01-10,50\n\
                     q,2024-03-20,60\nr,2024-02-01,300\nr,2024-02-25,20\nr,2024-03-28,40\ns,2024-01-02,10\n\
                     s,2024-03-05,5\nt,2024-02-10,80\nu,2024-03-25,500\n";

// retention speed (issue 14.4): the customer-id column kept between calls.
#[wasm_bindgen_test]
fn cohorts_and_migration_ids_are_a_new_array_each_call_unchanged_by_an_earlier_callers_edits() {
    let ds = csv_dataset(B_CSV);
    let options = r#"{"analysisDate": "2024-05-01", "lifecycle": {"atRiskDays": 45}}"#;
    let first = get(&get(&ds.cohorts(json(options)).unwrap(), "customers"), "id");
    Array::from(&first).set(0, JsValue::from_str("changed by the caller"));
    Array::from(&first).push(&JsValue::from_str("added"));
    let second = get(&get(&ds.cohorts(json(options)).unwrap(), "customers"), "id");
    assert!(!Object::is(&first, &second), "a new array each call");
    assert_eq!(strings(&second), ["a", "b", "c", "d", "e"]);
    // Other customers (another date, migration's union of two states) get their own ids, and cohorts' still hold.
    let earlier = get(&get(&ds.cohorts(json(r#"{"analysisDate": "2024-03-01"}"#)).unwrap(), "customers"), "id");
    assert_eq!(strings(&earlier), ["a", "b", "c", "d"]);
    let moved =
        get(&get(&ds.migration(json(r#"{"from": "2024-03-01", "to": "2024-05-01"}"#)).unwrap(), "customers"), "id");
    assert_eq!(strings(&moved), ["a", "b", "c", "d", "e"]);
    let third = get(&get(&ds.cohorts(json(options)).unwrap(), "customers"), "id");
    assert_eq!(strings(&third), ["a", "b", "c", "d", "e"]);
}

#[wasm_bindgen_test]
fn migration_returns_the_matrix_and_each_customers_move() {
    let ds = csv_dataset(C_CSV);
    let result = ds.migration(json(r#"{"from": "2024-03-01", "to": "2024-04-01", "lookbackDays": 30}"#)).unwrap();
    assert_plain_object(
        &result,
        &[
            "from",
            "to",
            "by",
            "lookbackDays",
            "rows",
            "columns",
            "counts",
            "rowShares",
            "shares",
            "revenueBetween",
            "revenueBetweenExact",
            "summary",
            "customers",
        ],
    );
    let rows = strings(&get(&result, "rows"));
    let columns = strings(&get(&result, "columns"));
    assert_eq!((rows.last().unwrap().as_str(), columns.last().unwrap().as_str()), ("new", "none"));
    let summary = get(&result, "summary");
    assert_plain_object(&summary, &["stayed", "moved", "new", "none", "up", "down"]);
    assert_eq!(get(&summary, "new").as_f64(), Some(3.0), "§13.4 C4");
    assert_eq!(get(&summary, "none").as_f64(), Some(2.0));
    assert!(get(&summary, "up").is_null());
    let new_row = Array::from(&Array::from(&get(&result, "rowShares")).get(rows.len() as u32 - 1));
    let third = new_row.iter().filter_map(|v| v.as_f64()).filter(|&v| v > 0.0).collect::<Vec<_>>();
    assert_eq!(third, [1.0 / 3.0; 3]);
    let customers = get(&result, "customers");
    assert_plain_object(&customers, &["id", "from", "to", "fromIndex", "toIndex"]);
    assert_eq!(strings(&get(&customers, "id")), ["p", "q", "r", "s", "t", "u"]);
    let from = Array::from(&get(&customers, "from"));
    let to = Array::from(&get(&customers, "to"));
    assert_eq!(from.get(0).as_string().as_deref(), Some("Need Attention"));
    assert!(to.get(0).is_null(), "p: none at D2 (no row in its window)");
    assert!(from.get(1).is_null(), "q: new");
    assert_eq!(to.get(2).as_string().as_deref(), Some("Potential Loyalist"));
    let to_index = Uint16Array::new(&get(&customers, "toIndex")).to_vec();
    assert_eq!(to_index[0] as usize, columns.len() - 1);
    let exact = Array::from(&Array::from(&get(&result, "revenueBetweenExact")).get(rows.len() as u32 - 1));
    assert!(exact.iter().any(|v| v.as_string().as_deref() == Some("500.0000")));
    assert_all_finite(&result, "MigrationResult");

    let tiers = ds.migration(json(r#"{"from": "2024-03-01", "to": "2024-04-01", "by": "tier"}"#)).unwrap();
    assert!(get(&get(&tiers, "summary"), "up").as_f64().is_some());
    let (option, rule, _) = option_error(|o| ds.migration(o), r#"{"from": "2024-03-01", "to": "2024-03-01"}"#);
    assert_eq!((option.as_str(), rule.as_str()), ("from", "condition"));
    let (option, rule, _) = option_error(|o| ds.migration(o), r#"{"by": "region"}"#);
    assert_eq!((option.as_str(), rule.as_str()), ("by", "one_of"));
    let (option, rule, _) = option_error(|o| ds.migration(o), r#"{"rfm": {"bins": 12}}"#);
    assert_eq!((option.as_str(), rule.as_str()), ("rfm.bins", "whole_number_range"));
}

// Campaign evaluation (analytics.md §16).

/// §16.8 F1's orders.
const F1_ORDERS: &str = "customer_id,order_date,amount\n\
    t1,2024-03-05,100\nt2,2024-03-10,50\nt2,2024-03-12,-20\nt3,2024-02-20,30\nt3,2024-03-20,40\n\
    t4,2024-03-01,25\nt6,2024-03-14,10\nk1,2024-03-03,60\nk4,2024-03-15,30\n";

fn close(value: JsValue, want: f64, tolerance: f64) {
    let got = value.as_f64().unwrap_or_else(|| panic!("{value:?} is not a number"));
    assert!((got - want).abs() <= tolerance, "{got} vs {want}");
}

#[wasm_bindgen_test]
fn campaigns_section_16_8_f1_crosses_as_plain_objects_with_nulls() {
    let ds = csv_dataset(F1_ORDERS);
    let file = include_bytes!("fixtures/campaign-f1.csv");
    ds.join_campaigns(Uint8Array::from(&file[..]).into(), json(r#"{"fileName":"campaign-f1.csv"}"#)).unwrap();
    let options =
        json(r#"{"windowDays":14,"analysisDate":"2024-04-01","costPerContact":2,"margin":0.4,"by":"lifecycle"}"#);
    let result = ds.campaigns(options).unwrap();
    assert_plain_object(
        &result,
        &["analysisDate", "windowDays", "confidence", "by", "campaigns", "excluded", "warnings"],
    );
    let campaign = Array::from(&get(&result, "campaigns")).get(0);
    assert_plain_object(
        &campaign,
        &[
            "campaign",
            "firstContact",
            "lastContact",
            "windowComplete",
            "treatment",
            "control",
            "uplift",
            "roi",
            "classes",
        ],
    );
    assert_eq!(get(&campaign, "firstContact").as_string().as_deref(), Some("2024-03-01"));
    let treatment = get(&campaign, "treatment");
    assert_eq!(get(&treatment, "revenueExact").as_string().as_deref(), Some("165.0000"));
    close(get(&treatment, "conversionRate"), 2.0 / 3.0, 1e-12);
    let control = get(&campaign, "control");
    for key in ["opened", "clicked", "openRate", "clickRate", "clickToOpenRate", "conversionRate"] {
        assert!(get(&control, key).is_null(), "control.{key} is null, not undefined");
    }
    let uplift = get(&campaign, "uplift");
    close(get(&uplift, "low"), -0.163309, 5e-7);
    close(get(&uplift, "high"), 0.729310, 5e-7);
    close(get(&uplift, "pValue"), 0.196706, 5e-7);
    close(get(&uplift, "revenueLow"), -29.59362, 5e-6);
    let roi = get(&campaign, "roi");
    assert_eq!(get(&roi, "roiBasis").as_string().as_deref(), Some("incremental"));
    assert_eq!(get(&roi, "costExact").as_string().as_deref(), Some("12.0000"));
    close(get(&roi, "roi"), 1.5, 1e-12);
    close(get(&roi, "costPerIncrementalResponder"), 4.8, 1e-12);
    // Nobody had bought before the contact but t3: one "Active"/"New" class and the prospects, labelled.
    let classes = Array::from(&get(&campaign, "classes"));
    let last = classes.get(classes.length() - 1);
    assert_eq!(get(&last, "class").as_string().as_deref(), Some("(prospect)"));
    assert_eq!(get(&get(&last, "label"), "zh").as_string().as_deref(), Some("潜在客户"));
    assert_all_finite(&result, "campaigns()");
    // `by: false`: no per-class rows.
    let result = ds.campaigns(json(r#"{"windowDays":14,"analysisDate":"2024-04-01","by":false}"#)).unwrap();
    assert!(get(&result, "by").is_null());
    assert_eq!(Array::from(&get(&Array::from(&get(&result, "campaigns")).get(0), "classes")).length(), 0);
}

#[wasm_bindgen_test]
fn campaigns_errors_are_coded_section_16_8_f4() {
    let ds = csv_dataset(F1_ORDERS);
    let err = assert_error(ds.campaigns(JsValue::NULL).unwrap_err(), "invalid_state");
    assert!(get(&err, "message").as_string().unwrap().contains("joinCampaigns"));
    let bad_groups = "customer_id,send_date,group\nt1,2024-03-01,maybe\nt2,2024-03-01,?\n";
    let err = assert_error(
        ds.join_campaigns(Uint8Array::from(bad_groups.as_bytes()).into(), JsValue::NULL).unwrap_err(),
        "campaign_no_contacts",
    );
    assert_eq!(get(&get(&err, "details"), "skipped").as_f64(), Some(2.0));
    let no_date = "customer_id,group\nt1,test\n";
    let err = assert_error(
        ds.join_campaigns(Uint8Array::from(no_date.as_bytes()).into(), JsValue::NULL).unwrap_err(),
        "missing_role",
    );
    assert_eq!(strings(&get(&get(&err, "details"), "roles")), ["contactDate"]);
    let file = include_bytes!("fixtures/campaign-f1.csv");
    ds.join_campaigns(Uint8Array::from(&file[..]).into(), JsValue::NULL).unwrap();
    let call = |options: JsValue| ds.campaigns(options);
    for (json, option) in [
        (r#"{"confidence":0.8}"#, "confidence"),
        (r#"{"windowDays":0}"#, "windowDays"),
        (r#"{"margin":2}"#, "margin"),
        (r#"{"costPerContact":-1}"#, "costPerContact"),
        (r#"{"by":"region"}"#, "by"),
        (r#"{"by":true}"#, "by"),
        (r#"{"rfm":{"analysisDate":"2024-04-01"}}"#, "rfm.analysisDate"),
        (r#"{"window":30}"#, "window"),
    ] {
        assert_eq!(option_error(call, json).0, option, "{json}");
    }
}

// Customer attributes (analytics.md §14.4, the worked examples of §14.6 through the binding).

/// §14.6's customers file.
const D_CUSTOMERS: &str = "customer,birth_date,age,gender,region\na,1990-05-01,,F,Beijing\nb,1999-05-02,,男,Shanghai\n\
    c,,34, M ,Shanghai\na,1980-01-01,,M,Tianjin\nz,1970-01-01,,female,Beijing\ne,1960-02-29,,女,Guangzhou\n";

/// §12.7's orders.
const D_ORDERS: &str = "customer,date,amount\na,2024-01-05,100\na,2024-02-10,50\na,2024-04-20,30\nb,2024-01-20,80\n\
    b,2024-03-03,-20\nc,2024-02-02,60\nc,2024-02-25,40\nc,2024-03-15,70\nd,2024-02-14,20\ne,2024-03-30,90\n\
    e,2024-04-02,10\nf,2024-04-10,0.00\n";

const D_RFM: &str = r#"{"analysisDate":"2024-05-01","lifecycle":{"newDays":30,"activeDays":30,"atRiskDays":60}}"#;

fn d_dataset() -> Dataset {
    let ds = csv_dataset(D_ORDERS);
    ds.join_customers(Uint8Array::from(D_CUSTOMERS.as_bytes()).into(), JsValue::NULL).unwrap();
    ds
}

/// (value, customers, share, index) of a class's non-empty cells.
fn profile_cells(result: &JsValue, class: &str) -> Vec<(String, f64, f64, f64)> {
    let classes = Array::from(&get(result, "classes"));
    let class = classes.iter().find(|c| get(c, "name").as_string().as_deref() == Some(class)).unwrap();
    Array::from(&get(&class, "cells"))
        .iter()
        .filter(|c| get(c, "customers").as_f64() != Some(0.0))
        .map(|c| {
            let number = |key: &str| get(&c, key).as_f64().unwrap();
            (
                get(&c, "value").as_string().unwrap(),
                number("customers"),
                number("share"),
                (number("index") * 1e6).round() / 1e6,
            )
        })
        .collect()
}

#[wasm_bindgen_test]
fn section_14_6_d3_profile_by_age_band_through_the_binding() {
    let ds = d_dataset();
    let options = json(&format!(r#"{{"attribute":"ageBand","rows":"lifecycle","rfm":{D_RFM}}}"#));
    let result = ds.profile(options).unwrap();
    assert_plain_object(&result, &["attribute", "rows", "analysisDate", "customers", "overall", "classes", "warnings"]);
    let overall: Vec<(String, f64)> = Array::from(&get(&result, "overall"))
        .iter()
        .map(|v| (get(&v, "value").as_string().unwrap(), get(&v, "share").as_f64().unwrap()))
        .filter(|(_, share)| *share > 0.0)
        .collect();
    let want = [("<25", 0.2), ("25–34", 0.4), ("55–64", 0.2), ("(blank)", 0.2)].map(|(v, s)| (v.to_string(), s));
    assert_eq!(overall, want);
    let cell = |v: &str, n: f64, share: f64, index: f64| (v.to_string(), n, share, index);
    assert_eq!(profile_cells(&result, "Active"), [cell("25–34", 1.0, 0.5, 125.0), cell("55–64", 1.0, 0.5, 250.0)]);
    assert_eq!(profile_cells(&result, "At risk"), [cell("25–34", 1.0, 1.0, 250.0)]);
    assert_eq!(profile_cells(&result, "Lapsed"), [cell("<25", 1.0, 0.5, 250.0), cell("(blank)", 1.0, 0.5, 250.0)]);
    // An empty cell's index is null, not undefined; the class label is { en, zh }.
    let active = Array::from(&get(&result, "classes")).get(0);
    let first = Array::from(&get(&active, "cells")).get(0);
    assert!(get(&first, "index").is_null());
    assert_eq!(get(&get(&active, "label"), "zh").as_string().as_deref(), Some("新客户"));
    // Each customer's value crosses only when asked, as indexes into `overall`.
    assert!(get(&result, "customerValues").is_undefined());
    let asked = ds.profile(json(&format!(r#"{{"attribute":"ageBand","customers":true,"rfm":{D_RFM}}}"#))).unwrap();
    let values: Vec<u32> = Uint32Array::from(get(&asked, "customerValues")).to_vec();
    assert_eq!(values, [1, 0, 1, 6, 4], "a 25–34, b <25, c 25–34, d (blank), e 55–64");
}

#[wasm_bindgen_test]
fn section_14_6_d2_rfm_customers_gain_age_band_and_gender() {
    let ds = d_dataset();
    let result = ds.rfm(json(D_RFM)).unwrap();
    let columns = get(&result, "customers");
    let ages: Vec<Option<f64>> = Array::from(&get(&columns, "age")).iter().map(|a| a.as_f64()).collect();
    assert_eq!(ages, [Some(34.0), Some(24.0), Some(34.0), None, Some(64.0)]);
    assert!(Array::from(&get(&columns, "age")).get(3).is_null(), "unknown age is null");
    assert_eq!(strings(&get(&columns, "ageBand")), ["25–34", "<25", "25–34", "(blank)", "55–64"]);
    assert_eq!(strings(&get(&columns, "gender")), ["female", "male", "male", "(blank)", "female"]);
    assert!(get(&columns, "genderCode").is_instance_of::<Uint32Array>());
    // Without a join the columns are absent.
    let plain = csv_dataset(D_ORDERS).rfm(json(D_RFM)).unwrap();
    assert!(get(&get(&plain, "customers"), "age").is_undefined());
}

#[wasm_bindgen_test]
fn section_14_6_d5_compare_by_gender_and_export_attributes_only_when_asked() {
    let ds = d_dataset();
    let result = ds.compare(json(r#"{"by":"gender","analysisDate":"2024-05-01"}"#)).unwrap();
    let groups: Vec<(String, String, f64, f64)> = Array::from(&get(&result, "groups"))
        .iter()
        .map(|g| {
            (
                strings(&get(&g, "key")).join("|"),
                strings(&get(&g, "kinds")).join("|"),
                get(&g, "revenue").as_f64().unwrap(),
                get(&g, "orders").as_f64().unwrap(),
            )
        })
        .collect();
    let group = |k: &str, kind: &str, revenue: f64, orders: f64| (k.to_string(), kind.to_string(), revenue, orders);
    assert_eq!(
        groups,
        [
            group("female", "value", 280.0, 5.0),
            group("male", "value", 230.0, 4.0),
            group("(blank)", "blank", 20.0, 1.0)
        ]
    );
    let plain = ds.export_customers(json(D_RFM), JsValue::NULL).unwrap();
    assert!(!plain.contains("female") && !plain.contains("Beijing"), "{plain}");
    let asked = ds.export_customers(json(D_RFM), json(r#"{"attributes":["gender","region"]}"#)).unwrap();
    assert!(asked.lines().next().unwrap().ends_with(",gender,region"));
    assert!(asked.contains(",female,Beijing\r\n"), "{asked}");
}

#[wasm_bindgen_test]
fn profile_suppresses_small_cells_and_names_bad_options() {
    let ds = d_dataset();
    let options = json(&format!(r#"{{"attribute":"gender","rows":"lifecycle","suppressBelow":2,"rfm":{D_RFM}}}"#));
    let result = ds.profile(options).unwrap();
    let lapsed = Array::from(&get(&result, "classes"))
        .iter()
        .find(|c| get(c, "name").as_string().as_deref() == Some("Lapsed"))
        .unwrap();
    let male = Array::from(&get(&lapsed, "cells"))
        .iter()
        .find(|c| get(c, "value").as_string().as_deref() == Some("male"))
        .unwrap();
    assert_eq!(get(&male, "suppressed").as_bool(), Some(true));
    for key in ["customers", "share", "index", "revenue", "revenueExact", "revenueShare"] {
        assert!(get(&male, key).is_null(), "{key}");
    }
    let (option, rule, _) = option_error(|o| ds.profile(o), r#"{"attribute":"gender","ageBands":[0]}"#);
    assert_eq!((option.as_str(), rule.as_str()), ("ageBands[0]", "whole_number_range"));
    let (option, _, _) = option_error(|o| ds.profile(o), r#"{"attribute":"gender","rows":"region"}"#);
    assert_eq!(option, "rows");
    let err = ds.profile(json(r#"{"attribute":"city"}"#)).unwrap_err();
    assert_eq!(get(&err, "code").as_string().as_deref(), Some("unknown_column"));
    let err = csv_dataset(D_ORDERS).profile(json(r#"{"attribute":"gender"}"#)).unwrap_err();
    assert_eq!(get(&err, "code").as_string().as_deref(), Some("invalid_state"));
}

// products: affinity() and growthMatrix() (analytics.md §15, §17)

/// analytics.md §15.7's rows (order, customer, product, amount).
const E_CSV: &str = "order_id,customer_id,order_date,product,amount\no1,c1,2024-03-01,A,10\no1,c1,2024-03-01,B,20\n\
                     o2,c1,2024-03-02,A,10\no2,c1,2024-03-02,C,5\no3,c2,2024-03-03,A,10\no3,c2,2024-03-03,B,20\n\
                     o3,c2,2024-03-03,C,5\no4,c3,2024-03-04,B,20\no4,c3,2024-03-04,C,5\no5,c3,2024-03-05,B,20\n\
                     o5,c3,2024-03-05,B,-20\no5,c3,2024-03-05,D,15\no6,c4,2024-03-06,A,10\no7,c4,2024-03-07,A,-10\n\
                     o8,c5,2024-03-08,C,5\n";

#[wasm_bindgen_test]
fn affinity_returns_pairs_classes_and_the_next_product_as_columns() {
    let ds = csv_dataset(E_CSV);
    let roles = get(&ds.report().unwrap(), "roles");
    assert_eq!(get(&roles, "product").as_string().as_deref(), Some("product"));
    assert!(get(&roles, "category").is_null());
    let result = ds.affinity(JsValue::UNDEFINED).unwrap();
    assert_plain_object(
        &result,
        &[
            "level",
            "column",
            "basket",
            "analysisDate",
            "from",
            "to",
            "excluded",
            "blankItemRows",
            "baskets",
            "distinctItems",
            "items",
            "pairsKept",
            "pairs",
            "recommendBy",
            "recommendations",
            "customers",
        ],
    );
    assert_eq!(get(&result, "baskets").as_f64(), Some(7.0), "§15.7 E1");
    let pairs = Array::from(&get(&result, "pairs"));
    let first = pairs.get(0);
    assert_plain_object(&first, &["a", "b", "baskets", "support", "confidenceAB", "confidenceBA", "lift"]);
    assert_eq!(
        (get(&first, "a").as_string().unwrap(), get(&first, "b").as_string().unwrap()),
        ("A".into(), "B".into())
    );
    let class = Array::from(&get(&result, "recommendations")).get(0);
    assert_plain_object(&class, &["class", "label", "customers", "items"]);
    let customers = get(&result, "customers");
    assert_plain_object(&customers, &["id", "nextItem", "confidence", "lift"]);
    assert_eq!(strings(&get(&customers, "id")), ["c1", "c2", "c3", "c4", "c5"]);
    let next = Array::from(&get(&customers, "nextItem"));
    assert!(next.get(0).is_null(), "c1: null, not undefined");
    assert_eq!(next.get(2).as_string().as_deref(), Some("A"), "§15.7 E3");
    assert_eq!(next.get(4).as_string().as_deref(), Some("B"));
    let confidence = Float64Array::new(&get(&customers, "confidence")).to_vec();
    assert_eq!(confidence[0], 0.0);
    assert!((confidence[2] - 2.0 / 3.0).abs() < 1e-12);
    assert_all_finite(&result, "AffinityResult");
    let (option, rule, _) = option_error(|o| ds.affinity(o), r#"{"top": 5000}"#);
    assert_eq!((option.as_str(), rule.as_str()), ("top", "whole_number_range"));
    let (option, rule, _) = option_error(|o| ds.affinity(o), r#"{"basket": "week"}"#);
    assert_eq!((option.as_str(), rule.as_str()), ("basket", "one_of"));
    let (option, _, _) = option_error(|o| ds.affinity(o), r#"{"recommend": {"perClass": 0}}"#);
    assert_eq!(option, "recommend.perClass");
    let plain = csv_dataset("customer_id,order_date,amount\nc1,2024-03-01,5\n");
    let thrown = assert_error(plain.affinity(JsValue::UNDEFINED).unwrap_err(), "affinity_needs_product");
    assert_details_as_catalogued("errors", "affinity_needs_product", &get(&thrown, "details"));
    let thrown = assert_error(plain.growth_matrix(JsValue::UNDEFINED).unwrap_err(), "growth_needs_business");
    assert_details_as_catalogued("errors", "growth_needs_business", &get(&thrown, "details"));
}

// next product export (issue 16.3)
#[wasm_bindgen_test]
fn export_customers_writes_the_next_product_and_keeps_who_bought_a_but_not_b() {
    let ds = csv_dataset(E_CSV);
    let export = |filter: &str| ds.export_customers(JsValue::UNDEFINED, json(filter));
    let text = export(r#"{"nextProduct": true, "bought": ["B"], "notBought": ["A"]}"#).unwrap();
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    let at = lines[0].split(',').position(|h| h == "next_product").expect("a next_product column");
    assert_eq!(lines.len(), 2, "c3 alone owns B and not A: {text}");
    let c3: Vec<&str> = lines[1].split(',').collect();
    assert_eq!((c3[0], c3[at]), ("c3", "A"), "affinity()'s next item of c3 (§15.7 E3)");
    // With affinity options, the column is affinity()'s with those options; false writes no column.
    let text = export(r#"{"nextProduct": {"basket": "customer"}, "lang": "zh"}"#).unwrap();
    assert!(text.lines().next().unwrap().contains("推荐商品"));
    let text = export(r#"{"nextProduct": false, "bought": ["A"]}"#).unwrap();
    assert!(!text.contains("next_product"));
    assert_eq!(text.lines().count(), 3, "c1, c2 own A (c4's return netted it)");
    let (option, rule, _) =
        option_error(|o| ds.export_customers(JsValue::UNDEFINED, o).map(JsValue::from), r#"{"nextProduct": 3}"#);
    assert_eq!((option.as_str(), rule.as_str()), ("nextProduct", "type"));
    let (option, _, _) =
        option_error(|o| ds.export_customers(JsValue::UNDEFINED, o).map(JsValue::from), r#"{"bought": ["Z"]}"#);
    assert_eq!(option, "bought");
    let (option, _, _) = option_error(
        |o| ds.export_customers(JsValue::UNDEFINED, o).map(JsValue::from),
        r#"{"nextProduct": {"top": 0}}"#,
    );
    assert_eq!(option, "nextProduct.top");
}

/// analytics.md §17.5's rows (customer, product, date, amount).
const G_CSV: &str = "customer_id,product,order_date,amount,region\nu1,A,2024-03-10,100,N\nu1,A,2024-06-05,50,N\n\
                     u1,B,2024-06-10,30,S\nu2,B,2024-05-15,40,S\nu2,C,2024-06-20,60,S\nu3,A,2024-06-03,70,N\n\
                     u3,C,2024-06-25,20,N\nu4,B,2024-02-01,25,S\nu4,B,2024-06-15,-25,S\n";

#[wasm_bindgen_test]
fn growth_matrix_returns_the_cells_the_decomposition_and_groups() {
    let ds = csv_dataset(G_CSV);
    let result =
        ds.growth_matrix(json(r#"{"analysisDate": "2024-07-01", "period": {"days": 30}, "by": "region"}"#)).unwrap();
    let cells = Array::from(&get(&result, "cells"));
    assert_eq!(cells.length(), 4);
    let cell = cells.get(0);
    assert_plain_object(
        &cell,
        &[
            "customers",
            "business",
            "label",
            "revenue",
            "revenueExact",
            "orders",
            "customerCount",
            "units",
            "share",
            "contribution",
            "contributionExact",
            "contributionShare",
        ],
    );
    assert_eq!(get(&cell, "revenueExact").as_string().as_deref(), Some("55.0000"), "§17.5 G1");
    assert_eq!(get(&result, "growth").as_f64(), Some(165.0), "§17.5 G2");
    assert_eq!(get(&get(&result, "window"), "from").as_string().as_deref(), Some("2024-06-01"));
    assert_eq!(get(&get(&result, "existingExisting"), "crossSell").as_f64(), Some(30.0));
    assert_eq!(get(&get(&result, "counts"), "newBusiness").as_f64(), Some(1.0));
    let groups = Array::from(&get(&result, "groups"));
    assert_eq!(get(&groups.get(0), "key").as_string().as_deref(), Some("N"));
    assert_eq!(get(&groups.get(0), "kind").as_string().as_deref(), Some("value"));
    assert_all_finite(&result, "GrowthResult");
    let plain = ds.growth_matrix(json(r#"{"analysisDate": "2024-07-01", "period": {"days": 30}}"#)).unwrap();
    assert!(get(&plain, "groups").is_null(), "null without by, not undefined");
    let (option, rule, _) = option_error(|o| ds.growth_matrix(o), r#"{"period": {"days": 0}}"#);
    assert_eq!((option.as_str(), rule.as_str()), ("period.days", "whole_number_range"));
}

// ---- issue 17.2 / 17.12: the export's options and a customer's detail, through the binding ----

#[wasm_bindgen_test]
fn export_options_ids_stage_columns_delimiter_and_language_cross_from_js() {
    let ds = dataset();
    let export = |filter: &str| ds.export_customers(JsValue::NULL, json(filter));
    // ids: exactly those, in that order.
    let csv = export(r#"{"ids": ["C2", "C1"]}"#).unwrap();
    let ids: Vec<&str> = csv.lines().skip(1).map(|line| line.split(',').next().unwrap()).collect();
    assert_eq!(ids, ["C2", "C1"]);
    // stage: the customers of a lifecycle stage (both bought within 30 days of D: New).
    assert_eq!(export(r#"{"stage": "New"}"#).unwrap().lines().count(), 3);
    assert_eq!(export(r#"{"stage": "Lapsed"}"#).unwrap().lines().count(), 1, "the header only");
    // columns of the file and ";": the region column, decimal commas.
    let csv = export(r#"{"columns": ["region"], "delimiter": ";", "lang": "zh-CN"}"#).unwrap();
    let header = csv.lines().next().unwrap();
    assert!(header.starts_with("\u{feff}客户编号;") && header.ends_with(";region"), "{header}");
    let c1 = csv.lines().find(|line| line.starts_with("C1;")).unwrap();
    assert!(c1.ends_with(";North") && c1.contains(";15,5000;"), "{c1}");
    // Refusals name the option.
    for (filter, option) in [
        (r#"{"ids": ["C9"]}"#, "ids"),
        (r#"{"ids": "C1"}"#, "ids"),
        (r#"{"ids": [1]}"#, "ids[0]"),
        (r#"{"delimiter": "|"}"#, "delimiter"),
        (r#"{"columns": ["nope"]}"#, "columns"),
        (r#"{"stage": "Gone"}"#, "stage"),
    ] {
        let err = assert_error(export(filter).map(JsValue::from).expect_err(filter), "invalid_option");
        assert_eq!(get(&get(&err, "details"), "option").as_string().as_deref(), Some(option), "{filter}");
    }
}

// hostile input (issue 18): the JS boundary — freed objects, re-entry, argument types, throwing getters, sizes and
// option lists past the catalog's limits, the panic hook.

/// Runs `body` (JavaScript with `ds` and `Dataset` in scope) and returns what it threw (`undefined` if nothing).
fn thrown_by(ds: JsValue, body: &str) -> JsValue {
    let f = js_sys::Function::new_with_args(
        "ds",
        &format!("const Dataset = Object.getPrototypeOf(ds).constructor; try {{ {body}; return undefined; }} catch (e) {{ return e; }}"),
    );
    f.call1(&JsValue::NULL, &ds).unwrap()
}

/// The limit named `name` in `catalog().limits`.
fn catalog_limit(name: &str) -> f64 {
    get(&get(&catalog().unwrap(), "limits"), name).as_f64().unwrap()
}

#[wasm_bindgen_test]
fn hostile_a_freed_dataset_or_loader_throws_invalid_state() {
    let ds: JsValue = dataset().into();
    assert!(thrown_by(ds.clone(), "ds.report()").is_undefined());
    assert!(thrown_by(ds.clone(), "ds.free()").is_undefined());
    for call in ["ds.report()", "ds.rfm()", "ds.exportCustomers()", "ds.compare({ by: 'region' })", "ds.trend()"] {
        let err = assert_error(thrown_by(ds.clone(), call), "invalid_state");
        assert!(get(&get(&err, "details"), "action").as_string().unwrap().contains("free()"), "{call}");
    }
    assert!(thrown_by(ds.clone(), "ds.free()").is_undefined(), "a second free() does nothing");
    let mut loader = Loader::new(JsValue::NULL).unwrap();
    loader.release();
    assert_error(loader.push(Uint8Array::from(CSV.as_bytes()).into()).unwrap_err(), "invalid_state");
    assert_error(loader.finish().err().unwrap(), "invalid_state");
}

#[wasm_bindgen_test]
fn hostile_an_options_getter_that_frees_the_dataset_gets_invalid_state_not_freed_memory() {
    for call in ["ds.rfm(options)", "ds.exportCustomers(options)", "ds.exportCustomers(undefined, options)"] {
        let ds: JsValue = dataset().into();
        let body = format!(
            "const options = {{}}; Object.defineProperty(options, '{key}', \
             {{ enumerable: true, get() {{ ds.free(); return undefined; }} }}); {call}",
            key = if call.contains("undefined, options") { "lang" } else { "bins" }
        );
        let err = assert_error(thrown_by(ds.clone(), &body), "invalid_state");
        assert!(get(&get(&err, "details"), "action").as_string().unwrap().contains("free()"), "{call}");
    }
    // A getter that calls the same dataset during a join meets a busy dataset: coded too, and the dataset stays usable.
    let ds: JsValue = dataset().into();
    let body = "const options = {}; Object.defineProperty(options, 'fileName', { enumerable: true, \
                get() { ds.rfm(); return 'c.csv'; } }); \
                ds.joinCustomers(new TextEncoder().encode('customer_id,city\\nC1,Lyon\\n'), options)";
    assert!(thrown_by(ds.clone(), body).is_undefined(), "options are read before the dataset is borrowed");
    assert!(thrown_by(ds, "ds.rfm()").is_undefined());
}

#[wasm_bindgen_test]
fn hostile_wrong_argument_types_are_invalid_option_naming_the_argument() {
    let ds: JsValue = dataset().into();
    for (call, option) in [
        ("Dataset.fromBytes('text')", "bytes"),
        ("Dataset.fromBytes(null)", "bytes"),
        ("Dataset.fromBytes([1, 2, 3])", "bytes"),
        ("ds.joinCustomers('customer_id\\nC1\\n')", "bytes"),
    ] {
        let err = assert_error(thrown_by(ds.clone(), call), "invalid_option");
        assert_eq!(get(&get(&err, "details"), "option").as_string().as_deref(), Some(option), "{call}");
        assert_eq!(get(&get(&err, "details"), "rule").as_string().as_deref(), Some("type"), "{call}");
    }
    let mut loader = Loader::new(JsValue::NULL).unwrap();
    let err = assert_error(loader.push("text".into()).unwrap_err(), "invalid_option");
    assert_eq!(get(&get(&err, "details"), "option").as_string().as_deref(), Some("chunk"));
    // An ArrayBuffer is read as its bytes (what `await file.arrayBuffer()` gives), not as an empty file.
    let buffer = Uint8Array::from(CSV.as_bytes()).buffer();
    let from_buffer = Dataset::from_bytes(buffer.clone().into(), JsValue::NULL).unwrap();
    assert_eq!(get(&from_buffer.report().unwrap(), "rowsRead").as_f64(), Some(5.0));
    loader.push(buffer.into()).unwrap();
    assert_eq!(get(&loader.finish().unwrap().report().unwrap(), "rowsRead").as_f64(), Some(5.0));
}

#[wasm_bindgen_test]
fn hostile_a_throwing_getter_is_invalid_option_with_its_path() {
    let ds: JsValue = dataset().into();
    let body = "const lifecycle = {}; Object.defineProperty(lifecycle, 'newDays', { enumerable: true, \
                get() { throw new Error('boom'); } }); ds.rfm({ lifecycle })";
    let err = assert_error(thrown_by(ds.clone(), body), "invalid_option");
    assert_eq!(get(&get(&err, "details"), "option").as_string().as_deref(), Some("lifecycle.newDays"));
    assert!(get(&err, "message").as_string().unwrap().contains("boom"));
    let proxy = "ds.rfm(new Proxy({}, { ownKeys() { throw new Error('no keys'); } }))";
    let err = assert_error(thrown_by(ds.clone(), proxy), "invalid_option");
    assert_eq!(get(&get(&err, "details"), "option").as_string().as_deref(), Some("options"));
    assert!(thrown_by(ds, "ds.rfm()").is_undefined(), "the dataset still works");
}

#[wasm_bindgen_test]
fn hostile_sizes_past_the_limits_are_coded_and_do_not_grow_memory() {
    let load = |json_options: &str| Dataset::from_bytes(Uint8Array::from(CSV.as_bytes()).into(), json(json_options));
    let err = assert_error(load(r#"{"totalBytes": 1e15, "maxBytes": 1e16}"#).err().unwrap(), "invalid_option");
    assert_eq!(get(&get(&err, "details"), "option").as_string().as_deref(), Some("maxBytes"));
    assert_eq!(get(&get(&err, "details"), "max").as_f64(), Some(catalog_limit("inputBytes")));
    let err = assert_error(load(r#"{"totalBytes": 1e15}"#).err().unwrap(), "too_large");
    assert_eq!(get(&get(&err, "details"), "limit").as_f64(), Some(catalog_limit("inputBytes")));
    // 2e9 bytes declared, within the limit, but 150 sent: the columns are sized for at most reservedInputBytes.
    let memory = || wasm_bindgen::memory().unchecked_into::<js_sys::WebAssembly::Memory>().buffer();
    let bytes_of = |buffer: JsValue| buffer.unchecked_into::<js_sys::ArrayBuffer>().byte_length() as f64;
    let before = bytes_of(memory());
    let ds = load(r#"{"totalBytes": 2e9}"#).unwrap();
    assert_eq!(get(&ds.report().unwrap(), "rowsRead").as_f64(), Some(5.0));
    let grown = bytes_of(memory()) - before;
    assert!(grown <= 2.0 * catalog_limit("reservedInputBytes"), "memory grew by {grown} bytes");
    // A huge chunk right after sniffing is copied 1 MiB at a time and refused at maxBytes, coded.
    let mut loader = Loader::new(json(r#"{"maxBytes": 3000000}"#)).unwrap();
    loader.push(Uint8Array::from(CSV.as_bytes()).into()).unwrap();
    let huge = Uint8Array::new_with_length(4 << 20).fill(b'x', 0, 4 << 20);
    let err = assert_error(loader.push(huge.into()).unwrap_err(), "too_large");
    assert_eq!(get(&get(&err, "details"), "limit").as_f64(), Some(3_000_000.0));
}

#[wasm_bindgen_test]
fn hostile_option_lists_past_their_limits_nan_and_endless_are_refused_in_bounded_time() {
    let ds: JsValue = dataset().into();
    // An endless (or 4-billion-long) array-like tiers list: refused from its length, no item read.
    let endless = "ds.rfm({ tiers: new Proxy([], { get(t, k) { return k === 'length' ? 4294967295 : 0.1; } }) })";
    let err = assert_error(thrown_by(ds.clone(), endless), "invalid_option");
    assert_eq!(get(&get(&err, "details"), "rule").as_string().as_deref(), Some("max_items"));
    assert_eq!(get(&get(&err, "details"), "limit").as_f64(), Some(catalog_limit("tiers")));
    let generator = "ds.rfm({ tiers: (function* () { for (;;) yield 0.1; })() })";
    assert_eq!(
        get(&get(&assert_error(thrown_by(ds.clone(), generator), "invalid_option"), "details"), "rule")
            .as_string()
            .as_deref(),
        Some("type")
    );
    // 100,000 rules: refused from the length.
    let rules = "const rule = { segment: 'A', cells: [{ r: [1, 5], f: [1, 5] }] }; \
                 ds.rfm({ segmentMap: { name: 'big', axes: 'r-fm', scale: 5, other: { en: 'Rest', zh: '其余' }, \
                 rules: Array(100000).fill(rule) } })";
    let err = assert_error(thrown_by(ds.clone(), rules), "invalid_option");
    assert_eq!(get(&get(&err, "details"), "option").as_string().as_deref(), Some("segmentMap.rules"));
    assert_eq!(get(&get(&err, "details"), "limit").as_f64(), Some(catalog_limit("segmentMapRules")));
    // NaN and Infinity thresholds.
    for nan in ["ds.rfm({ tiers: [NaN, 0.5, 0.5] })", "ds.rfm({ cn8: { compare: { recency: NaN, frequency: 1, monetary: 1 } } })",
                "ds.rfm({ method: { breakpoints: { recency: [1, 2, Infinity, 4], frequency: [1, 2, 3, 4], monetary: [1, 2, 3, 4] } } })"] {
        let err = assert_error(thrown_by(ds.clone(), nan), "invalid_option");
        assert!(get(&err, "message").as_string().unwrap().contains("finite"), "{nan}");
    }
}

#[wasm_bindgen_test]
fn customer_detail_is_a_plain_object_with_lines_scores_and_history() {
    let ds = dataset();
    let detail = ds.customer_detail("C1", json(r#"{"history": ["2024-03-02", "2024-03-05"], "limit": 1}"#)).unwrap();
    assert_plain_object(&detail, &["id", "analysisDate", "scores", "columns", "lines", "linesTotal", "history"]);
    assert_eq!(get(&detail, "linesTotal").as_f64(), Some(2.0));
    let lines = Array::from(&get(&detail, "lines"));
    assert_eq!(lines.length(), 1, "limit 1: the newest line");
    let line = lines.get(0);
    assert_plain_object(&line, &["line", "date", "amount", "amountExact", "order", "quantity", "analysed", "values"]);
    assert_eq!(get(&line, "date").as_string().as_deref(), Some("2024-03-04"));
    assert_eq!(get(&line, "order").as_string().as_deref(), Some("A3"));
    assert!(get(&line, "quantity").is_null());
    assert_eq!(Array::from(&get(&line, "values")).get(0).as_string().as_deref(), Some("North"));
    let scores = get(&detail, "scores");
    assert_eq!(get(&scores, "monetaryExact").as_string().as_deref(), Some("15.5000"));
    assert_eq!(get(&get(&scores, "lifecycleLabel"), "zh").as_string().as_deref(), Some("新客户"));
    let history = Array::from(&get(&detail, "history"));
    assert_eq!(history.length(), 2);
    assert!(!get(&history.get(0), "classes").is_null(), "C1 bought on 03-01, before 03-02");
    // C3 has only a return: no scores, but its line.
    let c3 = ds.customer_detail("C3", JsValue::NULL).unwrap();
    assert!(get(&c3, "scores").is_null());
    assert_eq!(get(&c3, "linesTotal").as_f64(), Some(1.0));
    assert_error(ds.customer_detail("C9", JsValue::NULL).unwrap_err(), "invalid_option");
    option_error(|o| ds.customer_detail("C1", o), r#"{"history": ["March"]}"#);
}

// ds.sql (issue 19): the warehouse query through the binding.
#[wasm_bindgen_test]
fn sql_names_the_files_columns_and_takes_rfm_options_and_a_comparison() {
    let ds = dataset();
    let parse = |text: &str| js_sys::JSON::parse(text).unwrap();
    let result = ds.sql(JsValue::UNDEFINED).unwrap();
    assert_plain_object(&result, &["dialect", "sql", "compareSql"]);
    assert_eq!(get(&result, "dialect").as_string().as_deref(), Some("duckdb"));
    assert!(get(&result, "compareSql").is_null(), "no by, no compareSql");
    let sql = get(&result, "sql").as_string().unwrap();
    for column in ["\"customer_id\"", "\"order_date\"", "\"amount\"", "\"order_id\"", "FROM orders", "'Champions'"] {
        assert!(sql.contains(column), "{column} in {sql}");
    }
    let spark = ds
        .sql(parse(
            r#"{"dialect":"spark","table":"sales.lines","columns":{"customer":"client","order":null},"segmentMap":"cn-8","by":"region","period":{"days":30}}"#,
        ))
        .unwrap();
    let sql = get(&spark, "sql").as_string().unwrap();
    assert!(sql.contains("`client`") && !sql.contains("order_id`") && sql.contains("FROM sales.lines"), "{sql}");
    assert!(sql.contains("'Important Value'") && sql.contains("datediff("), "cn-8 in Spark");
    let compare = get(&spark, "compareSql").as_string().unwrap();
    assert!(compare.contains("`region`") && compare.contains("date_sub("), "{compare}");
    assert_error(ds.sql(parse(r#"{"dialect":"oracle"}"#)).err().unwrap(), "invalid_option");
    assert_error(ds.sql(parse(r#"{"bins":11}"#)).err().unwrap(), "invalid_option");
    assert_error(ds.sql(parse(r#"{"tabel":"x"}"#)).err().unwrap(), "invalid_option");
    assert_error(ds.sql(parse(r#"{"by":"segment"}"#)).err().unwrap(), "invalid_option");
}

// platforms (issue 12): statusFilter is read, and a status column's not-sold rows are left out unless it says so.
#[wasm_bindgen_test]
fn status_filter_keeps_or_leaves_out_not_sold_rows() {
    let csv = "customer_id,order_date,amount,status\nC1,2024-03-01,10,paid\nC2,2024-03-02,5,cancelled\nC1,2024-03-03,7,paid\n";
    let load = |options: &str| {
        let ds = Dataset::from_bytes(Uint8Array::from(csv.as_bytes()).into(), js_sys::JSON::parse(options).unwrap())
            .unwrap();
        get(&ds.report().unwrap(), "rowsUsed").as_f64()
    };
    assert_eq!(load("{}"), Some(2.0), "cancelled is not sold by default");
    assert_eq!(load(r#"{"statusFilter":[]}"#), Some(3.0), "an empty filter keeps every row");
    assert_eq!(load(r#"{"statusFilter":["Paid"]}"#), Some(1.0), "a filter names the statuses to leave out");
    let err = Dataset::from_bytes(
        Uint8Array::from(csv.as_bytes()).into(),
        js_sys::JSON::parse(r#"{"statusFilter":"paid"}"#).unwrap(),
    )
    .err()
    .unwrap();
    assert_eq!(get(&err, "code").as_string().as_deref(), Some("invalid_option"));
}

// platforms2 (issue 12): DATEV's journal and Commerce Cloud's XML read in the module, as natively.
#[wasm_bindgen_test]
fn a_datev_journal_and_a_commerce_cloud_xml_export_are_read() {
    let load = |bytes: &[u8], name: &str| {
        let options = js_sys::JSON::parse(&format!(r#"{{"fileName":"{name}"}}"#)).unwrap();
        Dataset::from_bytes(Uint8Array::from(bytes).into(), options).map(|ds| ds.report().unwrap())
    };
    let datev = load(include_bytes!("fixtures/platforms/datev_buchungsstapel.csv"), "EXTF_Buchungsstapel.csv").unwrap();
    assert_eq!(get(&datev, "preambleLines").as_f64(), Some(1.0));
    assert_eq!(get(&get(&datev, "source"), "platform").as_string().as_deref(), Some("datev"));
    let reasons: Vec<String> = js_sys::Array::from(&get(&datev, "skipped"))
        .iter()
        .map(|group| get(&group, "reason").as_string().unwrap())
        .collect();
    assert!(reasons.contains(&"not_revenue".to_string()), "{reasons:?}");
    let xml = load(include_bytes!("fixtures/platforms/salesforce_commerce_orders.xml"), "orders.xml").unwrap();
    assert_eq!(get(&xml, "format").as_string().as_deref(), Some("xml"));
    let err = load(include_bytes!("fixtures/platforms/datev_without_first_line.csv"), "b.csv").err().unwrap();
    assert_eq!(get(&err, "code").as_string().as_deref(), Some("date_without_year"));
    assert_eq!(get(&get(&err, "details"), "column").as_string().as_deref(), Some("Belegdatum"));
}

#[wasm_bindgen_test]
fn hostile_no_panic_has_been_recorded() {
    assert_eq!(clientele::wasm::last_panic(), None);
}

// parallel parsing (issue 20)
/// Ranges read apart (RangeLoader) and merged (PartsLoader) give `Dataset.fromBytes`'s report and rfm(); a quoted
/// line break across a boundary makes `add` ask for the range again as a plain `{ start, end, seed }` object.
#[wasm_bindgen_test]
fn ranges_read_apart_and_merged_give_the_dataset_of_from_bytes() {
    use clientele::wasm::{plan_ranges, range_head_bytes, PartsLoader, RangeLoader};
    let csv = "order_id,customer_id,order_date,region,note,amount\nA1,C1,2024-03-01,North,plain,10.50\nA2,C2,2024-03-02,South,\"two\nlines\",20\nA3,C1,2024-03-04,North,,5\nR1,C3,2024-03-03,South,x,-4\n";
    let bytes = csv.as_bytes();
    let len = bytes.len() as f64;
    let options = json(r#"{"fileName":"orders.csv"}"#);
    let head = Uint8Array::from(&bytes[..range_head_bytes(len).unwrap() as usize]);
    let planned = plan_ranges(head.clone().into(), len, 3, options.clone()).unwrap();
    let planned = planned.dyn_into::<Float64Array>().expect("a CSV is split").to_vec();
    assert_eq!((planned.len(), planned[0], planned[3]), (4, 0.0, len));
    let workbook = &b"PK\x03\x04 not really a workbook"[..];
    let refused = plan_ranges(Uint8Array::from(workbook).into(), workbook.len() as f64, 3, JsValue::NULL).unwrap();
    assert!(refused.is_null(), "null, never undefined");
    let cut = (csv.find("two").unwrap() + 1) as f64;
    let read = |start: f64, end: f64, seed: JsValue| -> Vec<u8> {
        let mut reader = RangeLoader::new(head.clone().into(), len, start, end, options.clone(), seed).unwrap();
        let from = reader.read_from().unwrap() as usize;
        reader.push(Uint8Array::from(&bytes[from..]).into()).unwrap();
        reader.finish().unwrap()
    };
    let mut merger = PartsLoader::new(head.clone().into(), len, options.clone()).unwrap();
    let mut rereads = 0;
    for (start, end) in [(0.0, cut), (cut, len)] {
        let mut part = read(start, end, JsValue::NULL);
        loop {
            let again = merger.add(Uint8Array::from(&part[..]).into()).unwrap();
            if again.is_null() {
                break;
            }
            rereads += 1;
            assert_plain_object(&again, &["start", "end", "seed"]);
            part =
                read(get(&again, "start").as_f64().unwrap(), get(&again, "end").as_f64().unwrap(), get(&again, "seed"));
        }
    }
    assert_eq!(rereads, 1, "the range starting inside the quoted field is read again");
    let merged = merger.finish().unwrap();
    let whole = Dataset::from_bytes(Uint8Array::from(bytes).into(), options).unwrap();
    let stringify = |v: &JsValue| js_sys::JSON::stringify(v).unwrap().as_string().unwrap();
    assert_eq!(stringify(&merged.report().unwrap()), stringify(&whole.report().unwrap()));
    let (a, b) = (merged.rfm(JsValue::NULL).unwrap(), whole.rfm(JsValue::NULL).unwrap());
    assert_eq!(stringify(&get(&a, "segments")), stringify(&get(&b, "segments")));
    assert!(merger.finish().is_err(), "a finished merge refuses with invalid_state");
}

// rfm columns (issue 20.3)
#[wasm_bindgen_test]
fn rfm_columns_builds_only_the_columns_asked_for() {
    let ds = dataset();
    let options = js_sys::JSON::parse(r#"{"fileName":"customers.csv"}"#).unwrap();
    ds.join_customers(Uint8Array::from(CUSTOMERS.as_bytes()).into(), options).unwrap();
    let all = ds.rfm(JsValue::UNDEFINED).unwrap();
    let every = keys(&get(&all, "customers"));
    assert_eq!(every.len(), 22, "every column by default: {every:?}");
    let asked = js_sys::JSON::parse(r#"{"bins": 4, "columns": ["id", "segmentCode", "monetary", "ageBand"]}"#).unwrap();
    let some = ds.rfm(asked).unwrap();
    let customers = get(&some, "customers");
    assert_plain_object(&customers, &["id", "segmentCode", "monetary", "ageBand"]);
    assert!(get(&customers, "segmentCode").is_instance_of::<Uint16Array>());
    assert!(get(&customers, "monetary").is_instance_of::<Float64Array>());
    assert_eq!(Array::from(&get(&customers, "ageBand")).get(0).as_string().as_deref(), Some("25–34"), "C1, 33");
    assert_eq!(get(&some, "segments").dyn_into::<Array>().unwrap().length(), 11, "the summary is whole");
    // The same values as in the full result (bins 4 vs 5 aside, the ids and amounts agree).
    let ids = |r: &JsValue| strings(&get(&get(r, "customers"), "id"));
    assert_eq!(ids(&all), ids(&some));
    // No column at all.
    let none = ds.rfm(js_sys::JSON::parse(r#"{"columns": []}"#).unwrap()).unwrap();
    assert_plain_object(&get(&none, "customers"), &[]);
    // An unknown name: a coded option error at its place, listing the names.
    let typo = js_sys::JSON::parse(r#"{"columns": ["id", "recency"]}"#).unwrap();
    let err = assert_error(ds.rfm(typo).err().unwrap(), "invalid_option");
    let details = get(&err, "details");
    assert_eq!(get(&details, "option").as_string().as_deref(), Some("columns[1]"));
    assert_eq!(strings(&get(&details, "allowed")).len(), 22);
    // `columns` belongs to rfm() alone: other calls' RfmOptions refuse it.
    let elsewhere = js_sys::JSON::parse(r#"{"columns": ["id"]}"#).unwrap();
    assert_error(ds.export_customers(elsewhere, JsValue::UNDEFINED).err().unwrap(), "invalid_option");
}
