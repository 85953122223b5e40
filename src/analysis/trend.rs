//! Revenue, orders and customers over time (js-api.md Part two, `ds.trend()`): one row per calendar month, ISO
//! week or day, with new customers (first purchase, §3, in that period) and returning ones (bought before it),
//! exact money, and a flag on the periods the window or the analysis date cuts short. One pass over the rows; the
//! first purchases come from the cached customer frame.

use super::frame::{CustomerFrame, Excluded, NO_PURCHASE};
use super::period::{Period, PeriodLookup};
use crate::date::Day;
use crate::error::Error;
use crate::money::{Money, UNITS_PER_CURRENCY};
use crate::table::{DistinctCounter, Table, NO_TEXT};
use serde::Serialize;

/// The most periods one trend may have (a daily trend of 270 years): a window beyond is refused rather than
/// allocating without bound.
pub const MAX_PERIODS: i64 = 100_000;

/// Options of `trend()`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TrendOptions {
    /// The analysis date `D`; default: the day after the latest row (§2).
    pub analysis_date: Option<Day>,
    /// Month (default), ISO week or day.
    pub period: Period,
    /// First day of the window; default: the first day of the period holding the earliest row before `D`.
    pub from: Option<Day>,
    /// Last day of the window; default, and at most: `D − 1`.
    pub to: Option<Day>,
}

/// One period of the trend.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TrendRow {
    /// `2024-01`, `2024-W05` or `2024-01-05`.
    pub period: String,
    /// The period's first day.
    pub start: Day,
    /// Whether every day of the period lies in the window (false for a period cut by `from`, `to` or `D`).
    pub complete: bool,
    /// Sum of every amount dated in the period and the window (returns included).
    pub revenue: Money,
    /// The same, exact (`"1234.5000"`).
    pub revenue_exact: String,
    /// Orders (§1) with a line of amount > 0 in the period; an order whose lines fall in two periods counts in each.
    pub orders: u64,
    /// Distinct customers with a purchase (amount > 0) in the period.
    pub customers: u64,
    /// Of those, customers whose first purchase (over all rows before `D`) is in this period.
    pub new_customers: u64,
    /// Of those, customers who bought before the period.
    pub returning_customers: u64,
    /// Revenue ÷ orders in currency units; `None` without orders.
    pub aov: Option<f64>,
}

/// What `trend()` returns.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TrendResult {
    /// The analysis date `D`.
    pub analysis_date: Day,
    /// `month`, `week` or `day`.
    pub period: &'static str,
    /// The window used (`None` when there is no row before `D`).
    pub from: Option<Day>,
    /// The window's last day (at most `D − 1`).
    pub to: Option<Day>,
    /// Every period from the one holding `from` to the one holding `to`, empty ones included, oldest first.
    pub rows: Vec<TrendRow>,
    /// Rows dated on or after `D`.
    pub excluded: Excluded,
}

/// Per period, while the rows are read.
#[derive(Clone, Copy, Default)]
struct Counts {
    revenue: Money,
    orders: u64,
    customers: u64,
    new_customers: u64,
}

/// The trend of `table` at the frame's analysis date (the frame gives each customer's first purchase; the
/// options' `analysis_date` is the caller's to resolve into the frame).
pub fn trend(table: &Table, frame: &CustomerFrame, options: &TrendOptions) -> Result<TrendResult, Error> {
    trend_in_range(table, frame, options, None)
}

/// [`trend`] with the table's [`date_range`](Table::date_range) when the caller knows it: with every row before
/// the analysis date, the earliest is its first day, without reading the date column for it.
pub fn trend_in_range(
    table: &Table,
    frame: &CustomerFrame,
    options: &TrendOptions,
    range: Option<(Day, Day)>,
) -> Result<TrendResult, Error> {
    let analysis_date = frame.analysis_date;
    let period = options.period;
    let last_day = analysis_date.plus(-1);
    let earliest = match range {
        Some((min, max)) if max < analysis_date => Some(min),
        _ => table.day.iter().copied().filter(|&d| d < analysis_date).min(),
    };
    let empty = |from, to| TrendResult {
        analysis_date,
        period: period.name(),
        from,
        to,
        rows: Vec::new(),
        excluded: frame.excluded.clone(),
    };
    if let (Some(from), Some(to)) = (options.from, options.to) {
        if from > to {
            return Err(Error::invalid_option("from", format!("{from} is after to ({to}); give from ≤ to")));
        }
    }
    let Some(earliest) = earliest else { return Ok(empty(options.from, options.to)) };
    let from = options.from.unwrap_or_else(|| period.start(period.index(earliest)));
    let to = options.to.map_or(last_day, |to| to.min(last_day));
    if from > to {
        // A window wholly on or after D: no period has a day before D.
        return Ok(empty(Some(from), Some(to)));
    }
    let (first, last) = (period.index(from), period.index(to));
    if i64::from(last) - i64::from(first) >= MAX_PERIODS {
        return Err(Error::invalid_option(
            "from",
            format!("the window {from} … {to} has more than {MAX_PERIODS} periods; choose a shorter window or a longer period"),
        ));
    }
    let periods = (last - first + 1) as usize;

    // Every day of the window, and (by default) of every first purchase, has its period in the table.
    let lookup = PeriodLookup::new(period, from.min(earliest), to);
    // Each customer code's first purchase (over all history before D), from the frame.
    let mut first_purchase_period = vec![i32::MIN; table.customer.distinct()];
    for (i, &code) in frame.customer.iter().enumerate() {
        if frame.first_purchase[i] != NO_PURCHASE {
            first_purchase_period[code as usize] = lookup.index(frame.first_purchase[i]);
        }
    }
    let counts = count_in_order(table, &lookup, (from, to), first, periods, &first_purchase_period)
        .unwrap_or_else(|| count_any_order(table, &lookup, (from, to), first, periods, &first_purchase_period));

    let rows = counts
        .iter()
        .enumerate()
        .map(|(slot, c)| {
            let index = first + slot as i32;
            let start = period.start(index);
            let end = period.start(index + 1).plus(-1);
            TrendRow {
                period: period.label(index),
                start,
                complete: start >= from && end <= to,
                revenue: c.revenue,
                revenue_exact: c.revenue.exact_string(),
                orders: c.orders,
                customers: c.customers,
                new_customers: c.new_customers,
                returning_customers: c.customers - c.new_customers,
                aov: (c.orders != 0).then(|| c.revenue.0 as f64 / UNITS_PER_CURRENCY as f64 / c.orders as f64),
            }
        })
        .collect();
    Ok(TrendResult {
        analysis_date,
        period: period.name(),
        from: Some(from),
        to: Some(to),
        rows,
        excluded: frame.excluded.clone(),
    })
}

/// The counts per period when every customer's rows, and every order's lines, come in date order (as exports list
/// them): a customer or an order is new in a period when its last period seen is an earlier one, so one number per
/// customer and per order is all the memory needed. `None` at the first row that breaks the order (or an order id
/// shared by two customers), for [`count_any_order`].
fn count_in_order(
    table: &Table,
    lookup: &PeriodLookup,
    (from, to): (Day, Day),
    first: i32,
    periods: usize,
    first_purchase_period: &[i32],
) -> Option<Vec<Counts>> {
    const UNSEEN: u32 = u32::MAX;
    let mut counts = vec![Counts::default(); periods];
    // Per customer code: the last slot it was counted in, and the period of its first purchase, side by side so
    // that a customer's first row in a period reads one place in memory.
    let mut customer_slot: Vec<(u32, i32)> = first_purchase_period.iter().map(|&p| (UNSEEN, p)).collect();
    let order_codes = table.order.as_ref().map(|o| &o.codes[..]);
    // Per order id: the last slot it was counted in, and its customer.
    let mut order_slot = vec![(UNSEEN, 0u32); table.order.as_ref().map_or(0, |o| o.distinct())];
    let slots = window_slots(lookup, from, to, first);
    // The previous purchase row's (order, customer, slot) and (customer, slot): the lines of one order follow one
    // another in exports, and a line repeating both is already counted, so only the first line of each run looks
    // up the per-order and per-customer tables (scattered in memory).
    let mut last_order = (NO_TEXT, UNSEEN, UNSEEN);
    let mut last_customer = (UNSEEN, UNSEEN);
    let (days, amounts, customers) = (&table.day[..], &table.amount[..], &table.customer.codes[..]);
    for row in 0..days.len() {
        let Some(&slot) = slots.get(days[row].0.wrapping_sub(from.0) as u32 as usize) else { continue };
        let cell = &mut counts[slot as usize];
        let amount = amounts[row];
        cell.revenue += amount;
        if amount <= Money::ZERO {
            continue;
        }
        let code = customers[row];
        match order_codes.map(|codes| codes[row]) {
            Some(order) if order != NO_TEXT && (order, code, slot) == last_order => {}
            Some(order) if order != NO_TEXT => {
                last_order = (order, code, slot);
                let seen = &mut order_slot[order as usize];
                if seen.0 == UNSEEN || (seen.1 == code && slot > seen.0) {
                    *seen = (slot, code);
                    cell.orders += 1;
                } else if seen.1 != code || slot < seen.0 {
                    return None;
                }
            }
            _ => cell.orders += 1,
        }
        if (code, slot) == last_customer {
            continue;
        }
        last_customer = (code, slot);
        let (seen, first_purchase) = &mut customer_slot[code as usize];
        if *seen == UNSEEN || slot > *seen {
            *seen = slot;
            cell.customers += 1;
            cell.new_customers += u64::from(*first_purchase == first + slot as i32);
        } else if slot < *seen {
            return None;
        }
    }
    Some(counts)
}

/// The slot (period − `first`) of each day of the window `from ..= to`, so that a row's window check and period
/// are one look-up: `slots[day − from]`, out of bounds outside the window.
fn window_slots(lookup: &PeriodLookup, from: Day, to: Day, first: i32) -> Vec<u32> {
    (from.0..=to.0).map(|d| (lookup.index(Day(d)) - first) as u32).collect()
}

/// The counts per period for rows in any order: distinct (order, customer, period) and (customer, period) through
/// [`DistinctCounter`]s, asked once per run of rows of the same order or customer.
fn count_any_order(
    table: &Table,
    lookup: &PeriodLookup,
    (from, to): (Day, Day),
    first: i32,
    periods: usize,
    first_purchase_period: &[i32],
) -> Vec<Counts> {
    let mut counts = vec![Counts::default(); periods];
    let mut orders = DistinctCounter::grouped(table, periods);
    let mut customers = DistinctCounter::over(Some(&table.customer.codes), table.customer.distinct(), periods);
    let order_codes = table.order.as_ref().map(|o| &o.codes[..]);
    // The last (customer, slot) and (order, customer, slot) counted, so that rows of one order or one customer
    // following one another ask the counters once.
    let mut last_customer = (u32::MAX, u32::MAX);
    let mut last_order = (u32::MAX, u32::MAX, u32::MAX);
    for (row, &day) in table.day.iter().enumerate() {
        if day < from || day > to {
            continue;
        }
        let slot = (lookup.index(day) - first) as u32;
        let cell = &mut counts[slot as usize];
        let amount = table.amount[row];
        cell.revenue += amount;
        if amount <= Money::ZERO {
            continue;
        }
        let code = table.customer.codes[row];
        match order_codes {
            Some(codes) => {
                let key = (codes[row], code, slot);
                if key != last_order || codes[row] == NO_TEXT {
                    last_order = key;
                    cell.orders += u64::from(orders.is_new(codes[row], code, slot));
                }
            }
            None => cell.orders += 1,
        }
        if (code, slot) != last_customer {
            last_customer = (code, slot);
            if customers.is_new(code, 0, slot) {
                cell.customers += 1;
                cell.new_customers += u64::from(first_purchase_period[code as usize] == first + slot as i32);
            }
        }
    }
    counts
}
