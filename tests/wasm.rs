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
    assert_plain_object(&champions, &["name", "label", "customers", "revenue", "revenueExact", "revenueShare"]);
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
