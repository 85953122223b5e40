//! The JavaScript shapes of the binding (js-api.md): plain objects, camelCase keys, typed-array columns, `null`
//! never `undefined`, and thrown error objects. Runs in Node, and in headless Chromium inside a dedicated worker
//! when `WASM_BINDGEN_USE_DEDICATED_WORKER=1` (see test.sh).
#![cfg(target_arch = "wasm32")]

use clientele::wasm::{Dataset, Loader};
use js_sys::{Array, Float64Array, Int32Array, Object, Reflect, Uint32Array, Uint8Array};
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
    Dataset::from_bytes(&Uint8Array::from(CSV.as_bytes()), options).unwrap()
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
        ],
    );
    assert_eq!(get(&report, "rowsRead").as_f64(), Some(5.0));
    assert_eq!(get(&report, "format").as_string().as_deref(), Some("csv"));
    assert!(get(&report, "sheet").is_null());
    assert_eq!(get(&report, "rowsUsed").as_f64(), Some(4.0));
    assert_eq!(get(&report, "encoding").as_string().as_deref(), Some("utf-8"));
    assert_eq!(get(&report, "minDate").as_string().as_deref(), Some("2024-03-01"));
    let roles = get(&report, "roles");
    assert_plain_object(&roles, &["customer", "date", "amount", "quantity", "unitPrice", "order"]);
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
        ],
    );
    assert!(get(&customers, "recencyDays").is_instance_of::<Int32Array>());
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

/// The thrown value is a plain `{ code, message, position, details }` object.
fn assert_error(thrown: JsValue, code: &str) -> JsValue {
    assert_plain_object(&thrown, &["code", "message", "position", "details"]);
    assert_eq!(get(&thrown, "code").as_string().as_deref(), Some(code));
    assert!(!get(&thrown, "message").as_string().unwrap().is_empty());
    thrown
}

#[wasm_bindgen_test]
fn errors_are_thrown_as_plain_objects() {
    let err = Dataset::from_bytes(&Uint8Array::from(&b"name,city\nAnn,Paris\n"[..]), JsValue::UNDEFINED).err().unwrap();
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
    assert_eq!(get(&get(&err, "details"), "option").as_string().as_deref(), Some("segmentMap.rules[0]"));
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
        loader.push(chunk).unwrap();
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
        ],
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
    assert_plain_object(&south, &with(&["key", "previous", "change", "drivers"]));
    let key: Array = get(&south, "key").dyn_into().unwrap();
    assert_eq!(key.get(0).as_string().as_deref(), Some("South")); // 20 − 4 = 16.00 > North's 15.50
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
    assert_plain_object(&change, &["revenue", "orders", "customers", "units", "aov", "revenuePerCustomer"]);
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
    let dataset = Dataset::from_bytes(&Uint8Array::from(&fixture("orders.xlsx")[..]), options).unwrap();
    let report = dataset.report().unwrap();
    assert_eq!(get(&report, "format").as_string().as_deref(), Some("xlsx"));
    assert_eq!(get(&report, "sheet").as_string().as_deref(), Some("Orders"));
    assert_eq!(get(&report, "rowsUsed").as_f64(), Some(3.0));
    assert_eq!(get(&report, "minDate").as_string().as_deref(), Some("2024-03-05"));
    assert_eq!(customer_ids(&dataset), ["10042", "A7"]);
    let broken = Dataset::from_bytes(&Uint8Array::from(&b"PK\x03\x04 not a zip"[..]), JsValue::NULL);
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
        let whole = Dataset::from_bytes(&Uint8Array::from(&bytes[..]), JsValue::NULL).unwrap();
        let report = js_sys::JSON::stringify(&whole.report().unwrap()).unwrap();
        assert_eq!(get(&whole.report().unwrap(), "encoding").as_string().as_deref(), Some(encoding), "{name}");
        if !first.is_empty() {
            assert_eq!(customer_ids(&whole)[0], first, "{name}");
        }
        // Every split point, so a multi-byte character is cut between two pushes somewhere.
        for at in 0..=bytes.len() {
            let mut loader = Loader::new(JsValue::NULL).unwrap();
            loader.push(&bytes[..at]).unwrap();
            loader.push(&bytes[at..]).unwrap();
            let streamed = loader.finish().unwrap();
            assert_eq!(js_sys::JSON::stringify(&streamed.report().unwrap()).unwrap(), report, "{name} split at {at}");
        }
    }
    // Lines in another encoding than the file's are kept and named.
    let mixed = Dataset::from_bytes(&Uint8Array::from(&fixture("mixed-encoding.csv")[..]), JsValue::NULL).unwrap();
    let warnings: Array = get(&mixed.report().unwrap(), "warnings").dyn_into().unwrap();
    let warning = warnings.iter().find(|w| get(w, "code").as_string().as_deref() == Some("undecodable_bytes")).unwrap();
    let lines: Vec<f64> = Array::from(&get(&warning, "lines")).iter().map(|l| l.as_f64().unwrap()).collect();
    assert_eq!(lines, [4.0, 9.0]);
}

/// Options of the wrong shape are refused with serde's words, as when serde-wasm-bindgen read them.
#[wasm_bindgen_test]
fn option_type_errors_keep_their_messages() {
    let reason = |options: &str| {
        let err = dataset().rfm(js_sys::JSON::parse(options).unwrap()).err().unwrap();
        let details = get(&assert_error(err, "invalid_option"), "details");
        (get(&details, "option").as_string().unwrap(), get(&details, "reason").as_string().unwrap())
    };
    let options = |reason: &str| ("options".to_string(), reason.to_string());
    assert_eq!(reason(r#"{"bins": "3"}"#), options("Error: invalid type: string \"3\", expected f64"));
    assert_eq!(
        reason(r#"{"analysisDate": 5}"#),
        options("Error: invalid type: floating point `5.0`, expected a string")
    );
    assert_eq!(reason(r#"{"method": {}}"#), options("Error: data did not match any variant of untagged enum JsMethod"));
    assert_eq!(
        reason(
            r#"{"segmentMap": {"name": "m", "axes": "rfm", "scale": 300, "rules": [], "other": {"en": "a", "zh": "b"}}}"#
        ),
        options("Error: data did not match any variant of untagged enum JsSegmentMap")
    );
    assert_eq!(
        reason(r#"{"lifecycle": {"newDays": 1.5}}"#),
        options("Error: invalid type: floating point `1.5`, expected i32")
    );
    assert_eq!(
        reason(r#"{"lifecycle": {"newDays": 5000000000}}"#),
        options("Error: invalid value: integer `5000000000`, expected i32")
    );
    assert_eq!(
        reason(r#"{"lifecycle": 3}"#),
        options("Error: invalid type: floating point `3.0`, expected struct LifecycleThresholds")
    );
    assert_eq!(reason(r#"{"tiers": [0.5, "x"]}"#), options("Error: invalid type: string \"x\", expected f64"));
    assert_eq!(
        reason(r#"{"cn8": {"compare": [1, 2, 3]}}"#),
        options("Error: data did not match any variant of untagged enum JsCompare")
    );
    assert_eq!(
        reason(r#"{"bins": "x", "cn8": 5}"#),
        options("Error: invalid type: string \"x\", expected f64"),
        "fields in order"
    );
    assert_eq!(
        reason(r#"{"bins": 3.5}"#),
        ("bins".to_string(), "must be a whole number between 2 and 10, not 3.5".to_string())
    );
    // Shapes serde accepted: a map given as an array of its fields, a fixed comparison.
    let ok = |options: &str| dataset().rfm(js_sys::JSON::parse(options).unwrap()).unwrap();
    ok(
        r#"{"segmentMap": ["m", "r-fm", 5, false, [["Best", null, [[[5, 5], [4, 5]]]]], {"en": "Rest", "zh": "其余"}]}"#,
    );
    ok(r#"{"segmentMap": "cn-8", "cn8": {"compare": {"recency": 10, "frequency": 2, "monetary": 8.5}, "on": "raw"}}"#);
    let err =
        Dataset::from_bytes(&Uint8Array::from(CSV.as_bytes()), js_sys::JSON::parse(r#"{"maxBytes": "10"}"#).unwrap());
    let details = get(&assert_error(err.err().unwrap(), "invalid_option"), "details");
    assert_eq!(
        get(&details, "reason").as_string().as_deref(),
        Some("Error: invalid type: string \"10\", expected f64")
    );
}
