//! `campaigns()` (js-api.md Part two, analytics.md §16.6): options in, the evaluation out as a plain object. Its
//! own `impl Dataset` block, so the binding's main file gains one line.
// split (issue 17.13): the first-load module has only the option readers of this file.
#![cfg_attr(not(feature = "second-half"), allow(unused_imports))]

use super::convert::{js_error, to_js};
use super::options::{rfm_options, Read, Value};
use super::Dataset;
use crate::analysis::campaigns::{CampaignOptions, MAX_WINDOW_DAYS};
use crate::analysis::migration::MigrationBy;
use crate::analysis::rfm::RfmOptions;
use crate::error::{OptionRule, ValueType};
use crate::money::{Money, UNITS_PER_CURRENCY};
use wasm_bindgen::prelude::*;

/// The largest amount of money an option may give, in currency units (far below what an i64 of 1/10,000 holds).
const MAX_MONEY: f64 = 1e14;

/// An amount of money in currency units (the core refuses a negative cost by name).
fn money(value: &Value) -> Read<Money> {
    let number = value.number()?;
    if !(-MAX_MONEY..=MAX_MONEY).contains(&number) {
        return Err(value.error(OptionRule::Condition));
    }
    Ok(Money((number * UNITS_PER_CURRENCY as f64).round() as i64))
}

/// `{ analysisDate, windowDays, confidence, costPerContact, fixedCost, margin, by, rfm }` (`undefined` or `null`:
/// every default); `by: false` leaves out the per-class rows. Ranges are the core's checks.
fn campaign_options(value: &Value) -> Read<(CampaignOptions, RfmOptions)> {
    let mut options = CampaignOptions::default();
    let mut rfm = RfmOptions::default();
    if value.is_absent() {
        return Ok((options, rfm));
    }
    let f = value.object(&[
        "analysisDate",
        "windowDays",
        "confidence",
        "costPerContact",
        "fixedCost",
        "margin",
        "by",
        "rfm",
    ])?;
    options.analysis_date = f.read("analysisDate", Value::date)?;
    if let Some(days) = f.read("windowDays", |v| v.whole(1, Some(i64::from(MAX_WINDOW_DAYS))))? {
        options.window_days = days as i32;
    }
    if let Some(confidence) = f.read("confidence", Value::number)? {
        options.confidence = confidence;
    }
    if let Some(cost) = f.read("costPerContact", money)? {
        options.cost_per_contact = cost;
    }
    if let Some(cost) = f.read("fixedCost", money)? {
        options.fixed_cost = cost;
    }
    if let Some(margin) = f.read("margin", Value::number)? {
        options.margin = margin;
    }
    if let Some(by) = f.get("by") {
        options.by = if by.is_boolean() {
            if by.boolean()? {
                return Err(by.expected(&[ValueType::String, ValueType::Boolean]));
            }
            None
        } else {
            let kinds: Vec<(&str, MigrationBy)> = MigrationBy::ALL.iter().map(|&b| (b.name(), b)).collect();
            Some(by.one_of(&kinds)?)
        };
    }
    if let Some(value) = f.get("rfm") {
        rfm = rfm_options(&value)?;
    }
    Ok((options, rfm))
}

// Campaign evaluation (analytics.md §16).
// split (issue 17.13): in the full module only.
#[cfg(feature = "second-half")]
#[wasm_bindgen]
impl Dataset {
    /// Evaluates the joined campaign file (`CampaignsResult`, analytics.md §16.6) with `CampaignOptions`: per
    /// campaign the treatment and control groups over their response windows, the uplift with its Newcombe
    /// interval and z test, incremental revenue, ROI, and the same per segment, tier or stage as of the campaign's
    /// first contact.
    #[wasm_bindgen(unchecked_return_type = "CampaignsResult")]
    pub fn campaigns(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CampaignOptions | null | undefined")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let (options, rfm) = campaign_options(&Value::root(&options, "options")).map_err(js_error)?;
        // No heap reserved here (issue 15.6): the states at the first contacts (the figures at each date, then
        // ≈ 8 B per customer) fit in what the read and the join left free, where growing the memory would make V8
        // collect its whole JS heap inside this call.
        self.with(|w| to_js(&w.campaigns(&options, &rfm).map_err(js_error)?))
    }
}
