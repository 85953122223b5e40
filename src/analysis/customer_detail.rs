//! One customer's detail (issue 17.12): their order lines (newest first), their scores and classes in an RFM
//! result, and their segment, tier and stage at earlier analysis dates (the segment history), each state scored
//! with the same options over the whole customer base as it was then.

use super::rfm::segments::Label;
use super::rfm::RfmResult;
use crate::date::Day;
use crate::error::Error;
use crate::money::{Money, UNITS_PER_CURRENCY};
use crate::table::{sort_indices, Table, MEASURE_MISSING, NO_TEXT, QUANTITY_MISSING};
use serde::Serialize;

/// How many order lines a detail lists by default (the newest); `linesTotal` counts them all.
pub const DEFAULT_DETAIL_LINES: usize = 200;

/// Options of a customer's detail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomerDetailOptions {
    /// Analysis dates of the segment history (each an RFM state with the same options), oldest first.
    pub history: Vec<Day>,
    /// At most this many order lines, the newest.
    pub limit: usize,
}

impl Default for CustomerDetailOptions {
    fn default() -> Self {
        CustomerDetailOptions { history: Vec::new(), limit: DEFAULT_DETAIL_LINES }
    }
}

/// One order line of the customer.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DetailLine {
    /// 1-based line of the file.
    pub line: u64,
    /// Order date.
    pub date: Day,
    /// Amount (negative for a return).
    pub amount: Money,
    /// The same, exact.
    pub amount_exact: String,
    /// Order id, when the file has an order column and the cell is not blank.
    pub order: Option<String>,
    /// Quantity, when the file has a quantity column and the cell reads.
    pub quantity: Option<f64>,
    /// Whether the line is dated before the analysis date (only those are analysed).
    pub analysed: bool,
    /// The line's values of the file's other columns ([`CustomerDetail::columns`]); `None` for a blank cell.
    pub values: Vec<Option<String>>,
}

/// A scored customer's metrics, scores and classes.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DetailScores {
    /// Days since the last purchase.
    pub recency_days: i32,
    /// Distinct positive orders.
    pub frequency: u32,
    /// Monetary value as configured.
    pub monetary: Money,
    /// The same, exact.
    pub monetary_exact: String,
    /// Days since the first purchase.
    pub tenure_days: i32,
    /// R, F, M scores, their sum and the cell.
    pub r: u8,
    /// Frequency score.
    pub f: u8,
    /// Monetary score.
    pub m: u8,
    /// R + F + M.
    pub score: u8,
    /// e.g. `"545"`.
    pub cell: String,
    /// The customer's classes.
    #[serde(flatten)]
    pub classes: DetailClasses,
}

/// A customer's segment, tier and stage in one RFM state.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DetailClasses {
    /// Segment name.
    pub segment: String,
    /// Index into the state's segments.
    pub segment_code: u16,
    /// Segment display names.
    pub segment_label: Label,
    /// Tier name.
    pub tier: String,
    /// Tier display names.
    pub tier_label: Label,
    /// Lifecycle stage.
    pub lifecycle: String,
    /// Stage display names.
    pub lifecycle_label: Label,
}

/// The customer at one earlier analysis date.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DetailState {
    /// The analysis date of the state.
    pub date: Day,
    /// The classes, `None` when the customer was not scored then (no purchase yet).
    pub classes: Option<DetailClasses>,
}

/// One customer's detail.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerDetail {
    /// The customer id.
    pub id: String,
    /// The analysis date of `scores`.
    pub analysis_date: Day,
    /// Scores and classes, `None` when the customer is not scored (no positive order before the date).
    pub scores: Option<DetailScores>,
    /// Headers of the file's other columns, in file order (text columns, then decimal columns).
    pub columns: Vec<String>,
    /// The newest order lines, newest first (on one day, the later line of the file first).
    pub lines: Vec<DetailLine>,
    /// All the customer's lines.
    pub lines_total: u64,
    /// The customer at each date of `history`.
    pub history: Vec<DetailState>,
}

/// The customer's classes at position `i` of `result`'s customers.
fn classes(result: &RfmResult, i: usize) -> DetailClasses {
    let c = &result.customers;
    let segment = &result.segments[usize::from(c.segment[i])];
    let tier = &result.tiers[usize::from(c.tier[i])];
    let stage = &result.lifecycle[usize::from(c.lifecycle[i])];
    DetailClasses {
        segment: segment.name.clone(),
        segment_code: c.segment[i],
        segment_label: segment.label.clone(),
        tier: tier.name.clone(),
        tier_label: tier.label.clone(),
        lifecycle: stage.stage.clone(),
        lifecycle_label: stage.label.clone(),
    }
}

/// The position of customer `code` in `result` (customers are in id order: a binary search by id).
pub fn position_in(table: &Table, result: &RfmResult, code: u32) -> Option<usize> {
    let id = table.customer.value(code);
    let ids = &result.customers.customer;
    ids.binary_search_by(|&other| table.customer.value(other).cmp(id)).ok()
}

/// The customer code of `id`, or an `invalid_option` on `id` when no line of the orders has it.
pub fn customer_code(table: &Table, id: &str) -> Result<u32, Error> {
    table
        .customer
        .dictionary
        .lookup(id)
        .filter(|&code| table.customer.codes.contains(&code))
        .ok_or_else(|| Error::invalid_option("id", format!("\"{id}\" is not a customer of the orders file")))
}

/// The detail of customer `code` with their scores in `result` and their classes in each of `history` (states at
/// `options.history`, `None` where nobody was scored).
pub fn customer_detail(
    table: &Table,
    code: u32,
    result: &RfmResult,
    history: &[(Day, Option<&RfmResult>)],
    options: &CustomerDetailOptions,
) -> CustomerDetail {
    let rows_total = table.customer.codes.iter().filter(|&&c| c == code).count();
    let mut newest: Vec<u32> =
        (0..table.len() as u32).filter(|&row| table.customer.codes[row as usize] == code).collect();
    // The module's one sort of indexes (a sort instance of its own would cost kilobytes of wasm).
    sort_indices(&mut newest, &|a, b| table.day[b as usize].cmp(&table.day[a as usize]).then(b.cmp(&a)));
    newest.truncate(options.limit);
    let d = result.analysis_date;
    let lines = newest
        .iter()
        .map(|&row| {
            let row = row as usize;
            let text = |codes: &[u32], dictionary: &crate::table::Dictionary| {
                Some(codes[row]).filter(|&c| c != NO_TEXT).map(|c| dictionary.value(c).to_string())
            };
            let mut values: Vec<Option<String>> =
                table.dimensions.iter().map(|dim| text(&dim.values.codes, &dim.values.dictionary)).collect();
            values.extend(table.measures.iter().map(|measure| {
                Some(measure.values[row]).filter(|&v| v != MEASURE_MISSING).map(|v| {
                    let exact = Money(v).exact_string();
                    exact.trim_end_matches('0').trim_end_matches('.').to_string()
                })
            }));
            DetailLine {
                line: table.line[row],
                date: table.day[row],
                amount: table.amount[row],
                amount_exact: table.amount[row].exact_string(),
                order: table.order.as_ref().and_then(|o| text(&o.codes, &o.dictionary)),
                quantity: table
                    .quantity
                    .as_ref()
                    .map(|q| q[row])
                    .filter(|&q| q != QUANTITY_MISSING)
                    .map(|q| q as f64 / UNITS_PER_CURRENCY as f64),
                analysed: table.day[row] < d,
                values,
            }
        })
        .collect();
    let scores = position_in(table, result, code).map(|i| {
        let c = &result.customers;
        DetailScores {
            recency_days: c.recency_days[i],
            frequency: c.frequency[i],
            monetary: c.monetary[i],
            monetary_exact: c.monetary[i].exact_string(),
            tenure_days: c.tenure_days[i],
            r: c.r[i],
            f: c.f[i],
            m: c.m[i],
            score: c.score(i),
            cell: c.cell(i),
            classes: classes(result, i),
        }
    });
    let history = history
        .iter()
        .map(|&(date, state)| DetailState {
            date,
            classes: state.and_then(|state| position_in(table, state, code).map(|i| classes(state, i))),
        })
        .collect();
    CustomerDetail {
        id: table.customer.value(code).to_string(),
        analysis_date: d,
        scores,
        columns: table
            .dimensions
            .iter()
            .map(|d| d.name.clone())
            .chain(table.measures.iter().map(|m| m.name.clone()))
            .collect(),
        lines,
        lines_total: rows_total as u64,
        history,
    }
}
