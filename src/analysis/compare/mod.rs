//! Market comparison (analytics.md §8 and the edge rules of §9): revenue, orders, customers, units, AOV, revenue
//! per customer, share and indexes per group of one dimension, or per cell of a cross table of two, over a date
//! window, optionally against a previous window (the P days before, or a year earlier) with the change of every
//! metric and a decomposition of each group's revenue change into customers × orders per customer × AOV.
//!
//! Semantics where the contract is silent (each is also stated on the item it concerns):
//! - **Windows** are inclusive. Without a period the window is `from … to`, unbounded before by default (the
//!   result's `from` is then the first day with a row in it) and ending at `D − 1` by default; rows dated on or
//!   after `D` never count, whatever `to` says. A period and `from`/`to` cannot be combined. A year-earlier window
//!   runs from a year before the current window's first day to a year before its last day (29 February →
//!   28 February). A window with no rows gives an empty result, not an error.
//! - **Customers** of a group are the distinct customers with an order (a row with amount > 0) in it; **orders**
//!   are distinct (customer, order id) pairs with amount > 0, so an order spanning two groups counts once in each
//!   and once in the total.
//! - **units** is `null` when the file has no quantity column; **aov** = revenue ÷ orders and **revenuePerCustomer**
//!   = revenue ÷ customers are `null` when the divisor is 0; **share** is `null` when the total revenue is 0; the
//!   **indexes** are `null` when either side is undefined or the overall value is 0. The total carries the same
//!   fields (share 1, indexes 100).
//! - **change** is computed for all nine metrics (revenue, orders, customers, units, aov, revenuePerCustomer, share,
//!   aovIndex, revenuePerCustomerIndex): `null` when the previous value is 0 or either value is `null`, so a share
//!   or index whose denominator is 0 in a window (no revenue, no orders) has no change either.
//! - **Keys** are structured ([`KeyPart`]): a value, the blank group or the top-N remainder, so a value literally
//!   written `Other` or `(blank)` is a group of its own, told apart from those two by its kind.
//! - A group is listed when it has a row in either window; groups only in the previous window rank with a current
//!   revenue of 0.
//! - The computed dimensions `segment`, `tier` and `lifecycle` are each customer's as of `D` (from
//!   [`rfm`] with the `rfm` options), applied to all the customer's rows in both
//!   windows; customers who cannot be scored (only returns before `D`) are the blank group. A file column with the
//!   same header wins over the computed dimension.
//! - In a cross table, cells are sorted like groups (revenue, then key) with the cells in an `Other` row or column
//!   last; `rows` and `columns` hold each dimension's groups with their own distinct counts, share and indexes.
//! - **drivers** (with a period): see [`Drivers`]; `null` unless revenue, orders and customers are positive in both
//!   windows.
//! - `by` is required (one name, or two different ones); `top` is at least 1, and at most [`MAX_CROSS_TOP`] with
//!   two dimensions; `rfm.analysisDate`, when given with `analysisDate`, must be the same day.
//!
//! How it counts: one pass over the rows per window (plus one pass per dimension with more groups than `top`, to
//! rank them). Groups are dense integer slots looked up from the interned codes. Orders listed line after line
//! (how exports write them) are counted by runs, with no per-order memory; other orders, and distinct customers
//! per slot, go through a [`DistinctCounter`](crate::table::DistinctCounter). Money stays exact (`i64`) until the
//! ratios at the end.
//!
//! The parts: [`options`] (what is asked, checked before any work), `count` (groups, top-N slots and the pass over
//! the rows) and [`result`] (metrics, change, drivers, keys and order of the groups); this file puts them together.

mod count;
pub mod options;
pub mod result;

pub use options::{Baseline, CompareOptions, Period, COMPUTED_DIMENSIONS, DEFAULT_TOP, MAX_CROSS_TOP, MAX_PERIOD_DAYS};
pub use result::{
    decompose, relative_change, Change, CompareResult, Coverage, Drivers, Group, KeyPart, Metrics, Total, BLANK, OTHER,
};

use super::frame::Excluded;
use super::resolve_analysis_date;
use crate::analysis::profile::{CustomerAttributes, DEFAULT_AGE_BANDS};
use crate::analysis::rfm::{rfm, RfmOptions, RfmResult};
use crate::date::Day;
use crate::error::{Error, ErrorKind};
use crate::table::Table;
use count::{attribute_dimension, contiguous_orders, dimension, measure, rank_groups, Measured, Slots, Sums, Window};
use result::{change, drivers, metrics, sorted};
use std::rc::Rc;

/// Runs the market comparison of `table`. Options are checked first; a name in `by` that is neither a dimension
/// column nor a computed dimension is an `unknown_column` error listing both.
pub fn compare(table: &Table, options: &CompareOptions) -> Result<CompareResult, Error> {
    compare_with(table, options, &|rfm_options| rfm(table, rfm_options).map(Rc::new))
}

/// An RFM analysis for the computed dimensions: [`rfm`] itself, or a workspace's cached one.
pub type RfmSource<'a> = dyn Fn(&RfmOptions) -> Result<Rc<RfmResult>, Error> + 'a;

/// [`compare`] with the RFM analysis of the computed dimensions (segment, tier, lifecycle) taken from `rfm_source`
/// (called at most once, with the `rfm` options and the analysis date filled in).
pub fn compare_with(
    table: &Table,
    options: &CompareOptions,
    rfm_source: &RfmSource<'_>,
) -> Result<CompareResult, Error> {
    compare_with_attributes(table, options, rfm_source, None)
}

/// [`compare_with`] where `by` may also name the attributes of a joined customers file (analytics.md §14.3):
/// `ageBand` (default edges, ages on the comparison's analysis date), `gender` and its columns; each row takes its
/// customer's value, rows of customers without a record are `(blank)`. A column of the orders file with the same
/// name wins, and an attribute wins over a computed dimension.
pub fn compare_with_attributes(
    table: &Table,
    options: &CompareOptions,
    rfm_source: &RfmSource<'_>,
    attributes: Option<&CustomerAttributes<'_>>,
) -> Result<CompareResult, Error> {
    options.validate()?;
    let attribute_names = attributes.map(CustomerAttributes::names).unwrap_or_default();
    for name in &options.by {
        if table.dimension(name).is_none()
            && !COMPUTED_DIMENSIONS.contains(&name.as_str())
            && !attribute_names.contains(name)
        {
            let mut columns: Vec<String> = table.dimensions.iter().map(|d| d.name.clone()).collect();
            columns.extend(attribute_names.iter().cloned());
            for computed in COMPUTED_DIMENSIONS {
                if !columns.iter().any(|c| c == computed) {
                    columns.push(computed.to_string());
                }
            }
            return Err(Error::new(ErrorKind::UnknownColumn { option: "by".into(), column: name.clone(), columns }));
        }
    }
    let analysis_date = resolve_analysis_date(table, options.analysis_date.or(options.rfm.analysis_date))?;
    let last_day = analysis_date.plus(-1);
    // The windows as used (cut at D − 1), and the current one's bounds as reported.
    let (current, previous, from, to) = match options.period {
        Some(period) => {
            let p = period.days as i32;
            let current = Window { from: analysis_date.plus(-p), to: last_day };
            let previous = match period.vs {
                Baseline::Previous => Window { from: analysis_date.plus(-2 * p), to: analysis_date.plus(-p - 1) },
                Baseline::Year => Window { from: current.from.year_earlier(), to: current.to.year_earlier() },
            };
            (current, Some(previous), Some(current.from), current.to)
        }
        None => {
            let to = options.to.unwrap_or(last_day);
            (Window { from: options.from.unwrap_or(Day(i32::MIN)), to: to.min(last_day) }, None, options.from, to)
        }
    };

    let mut rfm_result = None;
    let mut dimensions = Vec::with_capacity(options.by.len());
    for name in &options.by {
        let attribute = attributes
            .filter(|_| table.dimension(name).is_none())
            .and_then(|a| a.column(name, analysis_date, &DEFAULT_AGE_BANDS));
        dimensions.push(match attribute {
            Some(column) => attribute_dimension(table, column),
            None => dimension(table, name, options, analysis_date, &mut rfm_result, rfm_source)?,
        });
    }
    let slots: Vec<Slots<'_>> =
        dimensions.iter().map(|d| rank_groups(table, d, options.top, current, previous)).collect();

    // Orders are first assumed to be listed line after line; if one is not, the window is counted again knowing
    // which orders are.
    let mut contiguous = None;
    let mut measure_window = |window| loop {
        if let Some(measured) = measure(table, &slots, window, contiguous.as_deref()) {
            break measured;
        }
        contiguous = Some(contiguous_orders(table));
    };
    let measured_current = measure_window(current);
    let measured_previous = previous.map(measure_window);
    let from = from.or(measured_current.first_day);
    let has_units = table.quantity.is_some();

    let total_current = metrics(&measured_current.total, 0, None, has_units);
    let total_previous = measured_previous.as_ref().map(|m| metrics(&m.total, 0, None, has_units));
    let total = Total {
        change: total_previous.as_ref().map(|p| change(&total_current, p)),
        drivers: measured_previous.as_ref().and_then(|m| drivers(&measured_current.total, &m.total, 0)),
        current: total_current.clone(),
        previous: total_previous.clone(),
    };
    let totals = (&total_current, total_previous.as_ref());
    let build = |select: &dyn Fn(&Measured) -> &Sums, slot: usize, key: Vec<KeyPart>| {
        let cur = select(&measured_current);
        let prev = measured_previous.as_ref().map(select);
        let current = metrics(cur, slot, Some(totals.0), has_units);
        let previous = prev.map(|p| metrics(p, slot, totals.1, has_units));
        Group {
            key,
            change: previous.as_ref().map(|p| change(&current, p)),
            drivers: prev.and_then(|p| drivers(cur, p, slot)),
            current,
            previous,
        }
    };
    let present = |select: &dyn Fn(&Measured) -> &Sums, slot: usize| {
        select(&measured_current).rows[slot] > 0 || measured_previous.as_ref().is_some_and(|m| select(m).rows[slot] > 0)
    };

    let (groups, rows, columns) = if let [only] = &slots[..] {
        let mut groups = Vec::new();
        for slot in 0..only.len() {
            if present(&|m| &m.cells, slot) {
                groups.push(build(&|m| &m.cells, slot, vec![only.names[slot].clone()]));
            }
        }
        (sorted(groups), None, None)
    } else {
        let (a, b) = (&slots[0], &slots[1]);
        let mut cells = Vec::new();
        for i in 0..a.len() {
            for j in 0..b.len() {
                let slot = i * b.len() + j;
                if present(&|m| &m.cells, slot) {
                    cells.push(build(&|m| &m.cells, slot, vec![a.names[i].clone(), b.names[j].clone()]));
                }
            }
        }
        let line = |slots: &Slots<'_>, select: &dyn Fn(&Measured) -> &Sums| {
            let mut groups = Vec::new();
            for slot in 0..slots.len() {
                if present(select, slot) {
                    groups.push(build(select, slot, vec![slots.names[slot].clone()]));
                }
            }
            sorted(groups)
        };
        let rows = line(a, &|m| m.rows.as_ref().expect("two dimensions"));
        let columns = line(b, &|m| m.columns.as_ref().expect("two dimensions"));
        (sorted(cells), Some(rows), Some(columns))
    };

    // Window coverage (issue 17, point 5).
    let coverage = Coverage {
        current_days_with_rows: days_with_rows(table, Window { from: from.unwrap_or(current.to), to: current.to }),
        current_days: from.map_or(0, |f| window_days(f, current.to)),
        previous_days_with_rows: previous.map(|w| days_with_rows(table, w)),
        previous_days: previous.map(|w| window_days(w.from, w.to)),
    };
    Ok(CompareResult {
        coverage,
        by: options.by.clone(),
        analysis_date,
        from,
        to,
        previous_from: previous.map(|w| w.from),
        previous_to: previous.map(|w| w.to),
        // With the default D (the day after the last row) no row is on or after it.
        excluded: match options.analysis_date.or(options.rfm.analysis_date) {
            Some(_) => Excluded::rows_on_or_after(table, analysis_date),
            None => Excluded::default(),
        },
        total,
        groups,
        rows,
        columns,
    })
}

// Window coverage (issue 17, point 5).
/// Days from `from` to `to` inclusive (0 when `to` is before `from`).
fn window_days(from: Day, to: Day) -> u32 {
    u32::try_from(i64::from(to.0) - i64::from(from.0) + 1).unwrap_or(0)
}

/// How many distinct days of `window` have a row of `table`: one pass over the days with a flag per day of the
/// window's part inside the table's dates.
fn days_with_rows(table: &Table, window: Window) -> u32 {
    let Some((first, last)) = table.date_range() else { return 0 };
    let window = Window { from: window.from.max(first), to: window.to.min(last) };
    let length = window_days(window.from, window.to) as usize;
    if length == 0 {
        return 0;
    }
    let mut seen = vec![false; length];
    for day in &table.day {
        if (window.from..=window.to).contains(day) {
            seen[(day.0 - window.from.0) as usize] = true;
        }
    }
    seen.iter().filter(|&&s| s).count() as u32
}
