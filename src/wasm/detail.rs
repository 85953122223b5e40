//! `customerDetail(id, options)` (issue 17.12): its options in, the `CustomerDetail` out, built as a [`Json`] tree
//! rather than through serde (each derived serializer would be its own copy of serde-wasm-bindgen's code).

use super::options::{rfm_options, Read, Value};
use crate::analysis::customer_detail::{CustomerDetail, CustomerDetailOptions, DetailClasses};
use crate::analysis::rfm::segments::Label;
use crate::analysis::rfm::RfmOptions;
use crate::catalog::Json;
use wasm_bindgen::JsValue;

/// `{ rfm, history: ["YYYY-MM-DD", …], limit }` (`undefined` or `null`: every default).
pub fn detail_options(value: &Value) -> Read<(RfmOptions, CustomerDetailOptions)> {
    let mut detail = CustomerDetailOptions::default();
    if value.is_absent() {
        return Ok((RfmOptions::default(), detail));
    }
    let f = value.object(&["rfm", "history", "limit"])?;
    let rfm = match f.get("rfm") {
        Some(rfm) => rfm_options(&rfm)?,
        None => RfmOptions::default(),
    };
    if let Some(dates) = f.get("history") {
        detail.history = dates.items()?.iter().map(Value::date).collect::<Read<_>>()?;
    }
    if let Some(limit) = f.read("limit", |v| v.whole(0, Some(100_000)))? {
        detail.limit = limit as usize;
    }
    Ok((rfm, detail))
}

fn text(value: &str) -> Json {
    Json::Text(value.to_string())
}

fn number(value: f64) -> Json {
    Json::Number(value)
}

fn object(fields: Vec<(&str, Json)>) -> Json {
    Json::Object(fields.into_iter().map(|(key, value)| (key.to_string(), value)).collect())
}

fn label(label: &Label) -> Json {
    object(vec![("en", text(&label.en)), ("zh", text(&label.zh))])
}

fn classes(c: &DetailClasses) -> Vec<(&'static str, Json)> {
    vec![
        ("segment", text(&c.segment)),
        ("segmentCode", number(f64::from(c.segment_code))),
        ("segmentLabel", label(&c.segment_label)),
        ("tier", text(&c.tier)),
        ("tierLabel", label(&c.tier_label)),
        ("lifecycle", text(&c.lifecycle)),
        ("lifecycleLabel", label(&c.lifecycle_label)),
    ]
}

/// `CustomerDetail` as the plain object `types.d.ts` describes.
pub fn detail_to_js(detail: &CustomerDetail) -> JsValue {
    let optional_text = |value: &Option<String>| value.as_deref().map_or(Json::Null, text);
    let scores = detail.scores.as_ref().map_or(Json::Null, |s| {
        let mut fields = vec![
            ("recencyDays", number(f64::from(s.recency_days))),
            ("frequency", number(f64::from(s.frequency))),
            ("monetary", number(s.monetary.to_f64())),
            ("monetaryExact", text(&s.monetary_exact)),
            ("tenureDays", number(f64::from(s.tenure_days))),
            ("r", number(f64::from(s.r))),
            ("f", number(f64::from(s.f))),
            ("m", number(f64::from(s.m))),
            ("score", number(f64::from(s.score))),
            ("cell", text(&s.cell)),
        ];
        fields.extend(classes(&s.classes));
        object(fields)
    });
    let lines = detail
        .lines
        .iter()
        .map(|line| {
            object(vec![
                ("line", number(line.line as f64)),
                ("date", text(&line.date.to_string())),
                ("amount", number(line.amount.to_f64())),
                ("amountExact", text(&line.amount_exact)),
                ("order", optional_text(&line.order)),
                ("quantity", line.quantity.map_or(Json::Null, number)),
                ("analysed", Json::Bool(line.analysed)),
                ("values", Json::List(line.values.iter().map(optional_text).collect())),
            ])
        })
        .collect();
    let history = detail
        .history
        .iter()
        .map(|state| {
            let classes = state.classes.as_ref().map_or(Json::Null, |c| object(classes(c)));
            object(vec![("date", text(&state.date.to_string())), ("classes", classes)])
        })
        .collect();
    super::convert::json_to_js(&object(vec![
        ("id", text(&detail.id)),
        ("analysisDate", text(&detail.analysis_date.to_string())),
        ("scores", scores),
        ("columns", Json::List(detail.columns.iter().map(|c| text(c)).collect())),
        ("lines", Json::List(lines)),
        ("linesTotal", number(detail.lines_total as f64)),
        ("history", Json::List(history)),
    ]))
}
