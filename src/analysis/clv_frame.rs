//! Customer lifetime value on a customer frame: the frame's purchase occasions (analytics.md §11.1, already in
//! customer-id order) fed to [`clv`], with what only the frame knows: the rows left out because they are dated on
//! or after `D` (§18 `excluded`), each CLV customer's id, and the expected purchases and CLV summed per RFM
//! segment, value tier and lifecycle stage at the same `D` (issue 13: "Champions: 38 % of expected value").
//!
//! An adapter only: the models are [`clv`]'s, the segments [`RfmResult`]'s.

use super::clv::{
    clv, BgNbdModel, ClvOptions, ClvResult, ClvTotals, GammaGammaModel, HoldoutCheck, Occasions, TimeUnit,
};
use super::frame::{CustomerFrame, Excluded};
use super::rfm::segments::Label;
use super::rfm::RfmResult;
use crate::date::Day;
use crate::error::{Error, ErrorKind, Warning};
use serde::{Serialize, Serializer};

/// The name and labels of the group of CLV customers whom RFM does not score: their rows before `D` have amount 0
/// (and maybe returns) only, so they have an occasion (§11.1) but no order (§3).
pub const UNSCORED_GROUP: (&str, &str, &str) =
    ("Not scored", "Not scored (purchases of amount 0 only)", "未评分(仅零金额购买)");

/// Expected purchases and CLV of the customers of one segment, tier or lifecycle stage.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClvGroup {
    /// The segment, tier or stage name (as in `RfmResult`), or [`UNSCORED_GROUP`]'s.
    pub name: String,
    /// Its display names.
    pub label: Label,
    /// CLV customers in it.
    pub customers: u64,
    /// Σ expected purchases over the horizon.
    pub expected_purchases: f64,
    /// Σ CLV; `None` without Gamma-Gamma.
    pub clv: Option<f64>,
    /// Its CLV ÷ the total CLV; `None` without Gamma-Gamma or when the total is 0.
    pub share: Option<f64>,
    /// Whether this is the group of customers RFM does not score (a segment may have the same name).
    pub unscored: bool,
}

/// [`clv`]'s result on a frame, with the rows left out, the customers' codes and the sums by RFM group.
#[derive(Clone, Debug, PartialEq)]
pub struct ClvReport {
    /// The models, totals, holdout check, warnings and per-customer columns.
    pub model: ClvResult,
    /// Rows dated on or after `D`.
    pub excluded: Excluded,
    /// Each CLV customer's code in the orders' customer column (entry `k` describes `model.customers.*[k]`).
    pub customer: Vec<u32>,
    /// By RFM segment, in the segments' order, then the unscored customers (when there are any).
    pub by_segment: Vec<ClvGroup>,
    /// By value tier (every tier), then the unscored customers.
    pub by_tier: Vec<ClvGroup>,
    /// By lifecycle stage (every stage), then the unscored customers.
    pub by_stage: Vec<ClvGroup>,
}

/// What of a [`ClvReport`] crosses as one object: everything but the per-customer columns, which a binding
/// converts column by column (§11.9's field order).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Summary<'a> {
    analysis_date: Day,
    time_unit: TimeUnit,
    horizon: f64,
    customer_count: u64,
    repeat_customers: u64,
    return_only_days: u64,
    excluded: &'a Excluded,
    bgnbd: &'a BgNbdModel,
    gamma_gamma: Option<&'a GammaGammaModel>,
    population_mean_value: Option<f64>,
    new_customer_expected_purchases: f64,
    totals: &'a ClvTotals,
    holdout: Option<&'a HoldoutCheck>,
    warnings: &'a [Warning],
    by_segment: &'a [ClvGroup],
    by_tier: &'a [ClvGroup],
    by_stage: &'a [ClvGroup],
}

/// Serializes everything of `ClvResult` (§11.9) but `customers`, plus `bySegment`, `byTier` and `byStage`.
impl Serialize for ClvReport {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let m = &self.model;
        Summary {
            analysis_date: m.analysis_date,
            time_unit: m.time_unit,
            horizon: m.horizon,
            customer_count: m.customer_count,
            repeat_customers: m.repeat_customers,
            return_only_days: m.return_only_days,
            excluded: &self.excluded,
            bgnbd: &m.bgnbd,
            gamma_gamma: m.gamma_gamma.as_ref(),
            population_mean_value: m.population_mean_value,
            new_customer_expected_purchases: m.new_customer_expected_purchases,
            totals: &m.totals,
            holdout: m.holdout.as_ref(),
            warnings: &m.warnings,
            by_segment: &self.by_segment,
            by_tier: &self.by_tier,
            by_stage: &self.by_stage,
        }
        .serialize(serializer)
    }
}

/// The occasion offsets of `frame` as [`Occasions`] wants them (`u32`), and its return-only dates in all.
pub fn frame_occasions(frame: &CustomerFrame) -> Result<(Vec<u32>, u64), Error> {
    let starts =
        frame.occasion_start.iter().map(|&start| u32::try_from(start)).collect::<Result<Vec<u32>, _>>().map_err(
            |_| {
                Error::new(ErrorKind::InvalidState {
                    action: format!("lifetime value over more than {} purchase occasions", u32::MAX),
                })
            },
        )?;
    let return_only_days = frame.return_only_days.iter().map(|&d| u64::from(d)).sum();
    Ok((starts, return_only_days))
}

/// CLV of the customers of `frame` at `options` (whose analysis date must be the frame's), summed by the groups
/// of the RFM analysis that `rfm` gives at the same date (called after the models ran, so that option errors of
/// CLV come first; `None` when RFM scores nobody). Customers come out in the frame's order: customer-id order.
pub fn clv_on_frame(
    frame: &CustomerFrame,
    options: &ClvOptions,
    rfm: impl FnOnce() -> Result<Option<std::rc::Rc<RfmResult>>, Error>,
) -> Result<ClvReport, Error> {
    if frame.analysis_date != options.analysis_date {
        return Err(Error::new(ErrorKind::InvalidState {
            action: format!("lifetime value at {} on a frame of {}", options.analysis_date, frame.analysis_date),
        }));
    }
    let (starts, return_only_days) = frame_occasions(frame)?;
    let occasions =
        Occasions { starts: &starts, days: &frame.occasion_day, values: &frame.occasion_value, return_only_days };
    let model = clv(&occasions, options)?;
    let rfm = rfm()?;
    // Each CLV customer's position among RFM's customers (the frame's scored customers, in order), if scored.
    let mut position = vec![None; frame.len()];
    if let Some(rfm) = &rfm {
        for (k, i) in frame.scored().enumerate() {
            if rfm.customers.customer.get(k) != Some(&frame.customer[i]) {
                return Err(Error::new(ErrorKind::InvalidState {
                    action: "summing lifetime value by the segments of another analysis".into(),
                }));
            }
            position[i] = Some(k);
        }
    }
    let members: Vec<Option<usize>> = model.customers.customer.iter().map(|&i| position[i as usize]).collect();
    let columns = &model.customers;
    let sums = |names: Vec<(String, Label)>, class: &dyn Fn(usize) -> usize| {
        group_sums(names, class, &members, &columns.expected_purchases, columns.clv.as_deref(), model.totals.clv)
    };
    let (by_segment, by_tier, by_stage) = match &rfm {
        Some(rfm) => {
            let c = &rfm.customers;
            let segments = rfm.segments.iter().map(|s| (s.name.clone(), s.label.clone())).collect();
            let tiers = rfm.tiers.iter().map(|t| (t.name.clone(), t.label.clone())).collect();
            let stages = rfm.lifecycle.iter().map(|s| (s.stage.clone(), s.label.clone())).collect();
            (
                sums(segments, &|k| usize::from(c.segment[k])),
                sums(tiers, &|k| usize::from(c.tier[k])),
                sums(stages, &|k| usize::from(c.lifecycle[k])),
            )
        }
        None => {
            let nobody = || sums(Vec::new(), &|_| 0);
            (nobody(), nobody(), nobody())
        }
    };
    let customer = model.customers.customer.iter().map(|&i| frame.customer[i as usize]).collect();
    Ok(ClvReport { model, excluded: frame.excluded.clone(), customer, by_segment, by_tier, by_stage })
}

/// The sums of each group of `names` (a scored customer's group is `class(position among RFM's customers)`),
/// then of the unscored customers when there are any. Sums run in customer order.
fn group_sums(
    names: Vec<(String, Label)>,
    class: &dyn Fn(usize) -> usize,
    members: &[Option<usize>],
    expected_purchases: &[f64],
    clv: Option<&[f64]>,
    total_clv: Option<f64>,
) -> Vec<ClvGroup> {
    let unscored = names.len();
    let mut customers = vec![0u64; unscored + 1];
    let mut purchases = vec![0.0; unscored + 1];
    let mut values = vec![0.0; unscored + 1];
    for (j, member) in members.iter().enumerate() {
        let g = member.map_or(unscored, class);
        customers[g] += 1;
        purchases[g] += expected_purchases[j];
        if let Some(clv) = clv {
            values[g] += clv[j];
        }
    }
    let (name, en, zh) = UNSCORED_GROUP;
    let unscored_label = (name.to_string(), Label { en: en.into(), zh: zh.into() });
    names
        .into_iter()
        .chain(std::iter::once(unscored_label))
        .enumerate()
        .filter(|&(g, _)| g < unscored || customers[g] > 0)
        .map(|(g, (name, label))| {
            let group_clv = clv.map(|_| values[g]);
            ClvGroup {
                name,
                label,
                customers: customers[g],
                expected_purchases: purchases[g],
                clv: group_clv,
                share: group_clv.zip(total_clv).filter(|&(_, total)| total != 0.0).map(|(v, total)| v / total),
                unscored: g == unscored,
            }
        })
        .collect()
}
