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
//! - **change** is computed for revenue, orders, customers, units, aov and revenuePerCustomer.
//! - A group is listed when it has a row in either window; groups only in the previous window rank with a current
//!   revenue of 0.
//! - The computed dimensions `segment`, `tier` and `lifecycle` are each customer's as of `D` (from [`rfm`] with the
//!   `rfm` options), applied to all the customer's rows in both windows; customers who cannot be scored (only
//!   returns before `D`) are `(blank)`. A file column with the same header wins over the computed dimension.
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
//! per slot, go through [`OrderCounter`]. Money stays exact (`i64`) until the
//! ratios at the end.

use super::customers::OrderCounter;
use super::frame::Excluded;
use super::resolve_analysis_date;
use super::rfm::{rfm, RfmOptions};
use crate::date::Day;
use crate::error::{Error, ErrorKind};
use crate::money::{Money, UNITS_PER_CURRENCY};
use crate::table::{Table, NO_TEXT, QUANTITY_MISSING};
use serde::ser::{SerializeStruct, Serializer};
use serde::Serialize;

/// The group of rows whose dimension value is empty or missing.
pub const BLANK: &str = "(blank)";
/// The group of the rows of every group past the top N.
pub const OTHER: &str = "Other";
/// The dimensions computed from the RFM analysis, usable in `by` besides the file's columns.
pub const COMPUTED_DIMENSIONS: [&str; 3] = ["segment", "tier", "lifecycle"];
/// Default number of groups kept per dimension before `Other`.
pub const DEFAULT_TOP: usize = 20;
/// Longest period accepted, in days (100 years).
pub const MAX_PERIOD_DAYS: u32 = 36_525;
/// Largest `top` of a cross table (at most 201 × 201 cells, so memory stays bounded whatever the columns).
pub const MAX_CROSS_TOP: usize = 200;

/// What the current window of a period comparison is compared with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Baseline {
    /// The P days before the current window: `D − 2P … D − P − 1`.
    #[default]
    Previous,
    /// The same calendar dates a year earlier (29 February → 28 February).
    Year,
}

/// A period comparison: the current window `D − days … D − 1` against a baseline window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    /// P, the window length in days (1 to [`MAX_PERIOD_DAYS`]).
    pub days: u32,
    /// What the current window is compared with.
    pub vs: Baseline,
}

/// Options of [`compare`]; every field but `by` has the contract's default.
#[derive(Clone, Debug, PartialEq)]
pub struct CompareOptions {
    /// One dimension (header name, or `segment`, `tier`, `lifecycle`), or two for a cross table.
    pub by: Vec<String>,
    /// `D`; default the day after the latest date of any row (or `rfm.analysis_date` when only that is given).
    pub analysis_date: Option<Day>,
    /// First day of the window (inclusive); default none (all rows up to `to`). Not with `period`.
    pub from: Option<Day>,
    /// Last day of the window (inclusive); default `D − 1`. Not with `from`/`to`.
    pub to: Option<Day>,
    /// A period comparison instead of `from`/`to`.
    pub period: Option<Period>,
    /// Groups kept per dimension, ranked by current revenue; the rest form `Other`. At least 1, and at most
    /// [`MAX_CROSS_TOP`] with two dimensions.
    pub top: usize,
    /// Options of the RFM analysis behind `segment`, `tier` and `lifecycle`.
    pub rfm: RfmOptions,
}

impl Default for CompareOptions {
    fn default() -> Self {
        CompareOptions {
            by: Vec::new(),
            analysis_date: None,
            from: None,
            to: None,
            period: None,
            top: DEFAULT_TOP,
            rfm: RfmOptions::default(),
        }
    }
}

impl CompareOptions {
    /// Checks every option that does not need the table, naming the first one at fault.
    pub fn validate(&self) -> Result<(), Error> {
        match self.by.len() {
            1 => {}
            2 if self.by[0] == self.by[1] => {
                return Err(Error::invalid_option("by", "the two dimensions of a cross table must differ"))
            }
            2 => {}
            0 => return Err(Error::invalid_option("by", "name a dimension column (or two, for a cross table)")),
            n => {
                return Err(Error::invalid_option(
                    "by",
                    format!("names {n} dimensions; give one, or two for a cross table"),
                ))
            }
        }
        if self.top == 0 {
            return Err(Error::invalid_option("top", "must be at least 1"));
        }
        if self.by.len() == 2 && self.top > MAX_CROSS_TOP {
            return Err(Error::invalid_option(
                "top",
                format!("a cross table keeps at most {MAX_CROSS_TOP} groups per dimension, not {}", self.top),
            ));
        }
        if let (Some(from), Some(to)) = (self.from, self.to) {
            if from > to {
                return Err(Error::invalid_option("from", format!("{from} is after to ({to})")));
            }
        }
        if let Some(period) = self.period {
            if self.from.is_some() || self.to.is_some() {
                return Err(Error::invalid_option(
                    "period",
                    "give either a period or from/to, not both (a period ends the day before the analysis date)",
                ));
            }
            if !(1..=MAX_PERIOD_DAYS).contains(&period.days) {
                return Err(Error::invalid_option(
                    "period.days",
                    format!("must be a whole number of days from 1 to {MAX_PERIOD_DAYS}, not {}", period.days),
                ));
            }
        }
        if let (Some(date), Some(rfm_date)) = (self.analysis_date, self.rfm.analysis_date) {
            if date != rfm_date {
                return Err(Error::invalid_option(
                    "rfm.analysisDate",
                    format!("{rfm_date} differs from analysisDate ({date}); give one analysis date"),
                ));
            }
        }
        self.rfm.validate().map_err(|e| match e.kind() {
            ErrorKind::InvalidOption { option, reason } => Error::invalid_option(format!("rfm.{option}"), reason),
            _ => e,
        })
    }
}

/// The metrics of a group (or of the total) in one window.
#[derive(Clone, Debug, PartialEq)]
pub struct Metrics {
    /// Sum of amounts, returns included.
    pub revenue: Money,
    /// The same, exact (`"1234.5000"`).
    pub revenue_exact: String,
    /// Distinct (customer, order id) pairs with amount > 0 (rows with amount > 0 without an order column).
    pub orders: u64,
    /// Distinct customers with an order.
    pub customers: u64,
    /// Sum of quantities, returns included; `None` without a quantity column.
    pub units: Option<f64>,
    /// Revenue ÷ orders; `None` when there is no order.
    pub aov: Option<f64>,
    /// Revenue ÷ customers; `None` when there is no customer.
    pub revenue_per_customer: Option<f64>,
    /// Revenue ÷ the window's total revenue; `None` when the total is 0.
    pub share: Option<f64>,
    /// 100 × aov ÷ the window's overall aov; `None` when either is undefined or the overall aov is 0.
    pub aov_index: Option<f64>,
    /// 100 × revenue per customer ÷ the overall one; `None` likewise.
    pub revenue_per_customer_index: Option<f64>,
}

/// `(current − previous) ÷ |previous|` of each metric; `None` when the previous value is 0 or either value is
/// undefined.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// Change of revenue.
    pub revenue: Option<f64>,
    /// Change of orders.
    pub orders: Option<f64>,
    /// Change of customers.
    pub customers: Option<f64>,
    /// Change of units.
    pub units: Option<f64>,
    /// Change of aov.
    pub aov: Option<f64>,
    /// Change of revenue per customer.
    pub revenue_per_customer: Option<f64>,
}

/// Why revenue moved: with `R = C × (O / C) × (R / O)`, each factor's share of the revenue change in currency
/// units, `L(R1, R0) × ln(x1 / x0)` with the logarithmic mean `L(a, b) = (a − b) ÷ ln(a / b)` (and `L(a, a) = a`),
/// so the three add up to `R1 − R0`. Defined only when revenue, orders and customers are positive in both windows.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Drivers {
    /// Contribution of the number of customers.
    pub customers: f64,
    /// Contribution of orders per customer.
    pub orders_per_customer: f64,
    /// Contribution of the average order value.
    pub aov: f64,
}

/// The whole window (every row, all groups together). Serialized with the current metrics' fields inline:
/// `{ revenue, …, previous, change, drivers }`.
#[derive(Clone, Debug, PartialEq)]
pub struct Total {
    /// Metrics of the current window (share 1 and indexes 100 when defined).
    pub current: Metrics,
    /// Metrics of the previous window; `None` without a period.
    pub previous: Option<Metrics>,
    /// Changes; `None` without a period.
    pub change: Option<Change>,
    /// Revenue change drivers; `None` without a period or when undefined.
    pub drivers: Option<Drivers>,
}

/// One group (one dimension), one cell (`key: [a, b]`), or one row or column total of a cross table. Serialized
/// with the current metrics' fields inline: `{ key, revenue, …, previous, change, drivers }`.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// The dimension values (`(blank)` for empty ones, `Other` for the rest past the top N).
    pub key: Vec<String>,
    /// Metrics of the current window.
    pub current: Metrics,
    /// Metrics of the previous window; `None` without a period.
    pub previous: Option<Metrics>,
    /// Changes; `None` without a period.
    pub change: Option<Change>,
    /// Revenue change drivers; `None` without a period or when undefined.
    pub drivers: Option<Drivers>,
}

impl Metrics {
    /// Writes the fields (not `#[serde(flatten)]`, whose map machinery costs the wasm module kilobytes).
    fn write_fields<S: SerializeStruct>(&self, s: &mut S) -> Result<(), S::Error> {
        s.serialize_field("revenue", &self.revenue)?;
        s.serialize_field("revenueExact", &self.revenue_exact)?;
        s.serialize_field("orders", &self.orders)?;
        s.serialize_field("customers", &self.customers)?;
        s.serialize_field("units", &self.units)?;
        s.serialize_field("aov", &self.aov)?;
        s.serialize_field("revenuePerCustomer", &self.revenue_per_customer)?;
        s.serialize_field("share", &self.share)?;
        s.serialize_field("aovIndex", &self.aov_index)?;
        s.serialize_field("revenuePerCustomerIndex", &self.revenue_per_customer_index)
    }
}

/// `{ revenue, revenueExact, orders, customers, units, aov, revenuePerCustomer, share, aovIndex,
/// revenuePerCustomerIndex }`.
impl Serialize for Metrics {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Metrics", 10)?;
        self.write_fields(&mut s)?;
        s.end()
    }
}

/// The current metrics' fields, then `previous`, `change` and `drivers`.
impl Serialize for Total {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Total", 13)?;
        self.current.write_fields(&mut s)?;
        s.serialize_field("previous", &self.previous)?;
        s.serialize_field("change", &self.change)?;
        s.serialize_field("drivers", &self.drivers)?;
        s.end()
    }
}

/// `key`, the current metrics' fields, then `previous`, `change` and `drivers`.
impl Serialize for Group {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Group", 14)?;
        s.serialize_field("key", &self.key)?;
        self.current.write_fields(&mut s)?;
        s.serialize_field("previous", &self.previous)?;
        s.serialize_field("change", &self.change)?;
        s.serialize_field("drivers", &self.drivers)?;
        s.end()
    }
}

/// Everything [`compare`] computes.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CompareResult {
    /// The dimensions, as given.
    pub by: Vec<String>,
    /// The analysis date D.
    pub analysis_date: Day,
    /// First day of the (current) window: `from` as given (or the period's first day), else the first day with a
    /// row in the window; `None` when neither exists.
    pub from: Option<Day>,
    /// Last day of the (current) window: `to` as given, else `D − 1`.
    pub to: Day,
    /// First day of the previous window; `None` without a period.
    pub previous_from: Option<Day>,
    /// Last day of the previous window; `None` without a period.
    pub previous_to: Option<Day>,
    /// Rows dated on or after D.
    pub excluded: Excluded,
    /// All rows of the window.
    pub total: Total,
    /// Groups (one dimension) or cells (two), by current revenue, ties by key, `Other` last.
    pub groups: Vec<Group>,
    /// With two dimensions, the first dimension's groups; `None` with one.
    pub rows: Option<Vec<Group>>,
    /// With two dimensions, the second dimension's groups; `None` with one.
    pub columns: Option<Vec<Group>>,
}

/// An inclusive window of days, already cut at `D − 1`.
#[derive(Clone, Copy, Debug)]
struct Window {
    from: Day,
    to: Day,
}

/// A dimension as group indexes: `names[group]`, the last one `(blank)`; a row's group comes from its code in
/// `codes` (a file column's value codes, or customer codes for computed dimensions).
struct Dimension<'t> {
    codes: &'t [u32],
    /// The group of each code, then (last) the group of [`NO_TEXT`]: `(blank)`.
    group_by_code: Vec<u32>,
    names: Vec<String>,
}

impl Dimension<'_> {
    #[inline(always)]
    fn group(&self, row: usize) -> usize {
        // NO_TEXT (u32::MAX) is cut to the last entry: the blank group.
        self.group_by_code[(self.codes[row] as usize).min(self.group_by_code.len() - 1)] as usize
    }
}

/// A dimension's output slots (the top N groups, then `Other`), looked up per row by code.
struct Slots<'t> {
    codes: &'t [u32],
    /// The slot of each code, then (last) the slot of [`NO_TEXT`].
    by_code: Vec<u32>,
    names: Vec<String>,
    other: Option<usize>,
}

impl Slots<'_> {
    #[inline(always)]
    fn of(&self, row: usize) -> u32 {
        // NO_TEXT (u32::MAX) is cut to the last entry: the blank slot.
        self.by_code[(self.codes[row] as usize).min(self.by_code.len() - 1)]
    }

    fn len(&self) -> usize {
        self.names.len()
    }
}

/// Exact sums per slot of one window.
struct Sums {
    revenue: Vec<i64>,
    units: Vec<i64>,
    orders: Vec<u64>,
    customers: Vec<u64>,
    rows: Vec<u64>,
}

impl Sums {
    /// The sums of coarser slots (`into(slot)` of each of these slots), with their own distinct counts.
    fn fold(&self, slots: usize, into: impl Fn(usize) -> usize, distinct: &Grouping<'_>) -> Sums {
        let mut sums = Sums {
            revenue: vec![0; slots],
            units: vec![0; slots],
            rows: vec![0; slots],
            orders: distinct.slots.iter().map(|s| s.orders).collect(),
            customers: distinct.slots.iter().map(|s| s.customers).collect(),
        };
        for slot in 0..self.revenue.len() {
            let to = into(slot);
            sums.revenue[to] += self.revenue[slot];
            sums.units[to] += self.units[slot];
            sums.rows[to] += self.rows[slot];
        }
        sums
    }
}

/// Which orders can be counted by runs: those whose rows follow one another in the table and belong to one
/// customer (how exports list order lines). Any subset of such an order's rows (a window's, the positive ones)
/// still follows one another, so the order is new in a slot exactly once per run: no per-order memory is needed.
/// Other orders (lines scattered through the file, an id shared by several customers) go to an [`OrderCounter`].
fn contiguous_orders(table: &Table) -> Vec<bool> {
    let (Some(orders), customers) = (table.order.as_ref(), &table.customer.codes) else { return Vec::new() };
    let mut contiguous = vec![true; orders.distinct()];
    let mut customer_of = vec![NO_TEXT; orders.distinct()];
    let mut previous = NO_TEXT;
    for (&order, &customer) in orders.codes.iter().zip(customers) {
        if order == NO_TEXT {
            previous = NO_TEXT;
            continue;
        }
        let first = &mut customer_of[order as usize];
        if *first == NO_TEXT {
            *first = customer;
        } else if order != previous || *first != customer {
            contiguous[order as usize] = false;
        }
        previous = order;
    }
    contiguous
}

/// The row being counted: its order and customer codes, the ids of its run of one order (see
/// [`contiguous_orders`]) and of its run of one customer, and whether its order is counted by runs.
#[derive(Clone, Copy)]
struct Row {
    order: u32,
    customer: u32,
    order_run: u32,
    customer_run: u32,
    by_runs: bool,
}

/// One slot's exact sums, distinct counts, and the last runs counted in it.
#[derive(Clone, Copy, Default)]
struct SlotCounts {
    revenue: i64,
    units: i64,
    rows: u64,
    orders: u64,
    customers: u64,
    order_run: u32,
    customer_run: u32,
}

/// The counts of one grouping (cells, row or column totals, total) in one window. Orders are distinct (order,
/// customer, slot) and customers distinct (customer, slot) among the rows with amount > 0: a run counts once per
/// slot, customers new to a slot in their run are looked up in an [`OrderCounter`] over customer codes, and
/// orders not counted by runs in another one.
struct Grouping<'t> {
    table: &'t Table,
    slots: Vec<SlotCounts>,
    customers: OrderCounter<'t>,
    /// Orders not counted by runs, made on first use.
    other_orders: Option<OrderCounter<'t>>,
}

impl<'t> Grouping<'t> {
    fn new(table: &'t Table, slots: usize) -> Grouping<'t> {
        Grouping {
            table,
            slots: vec![SlotCounts::default(); slots],
            customers: OrderCounter::over(Some(&table.customer.codes), table.customer.distinct(), slots),
            other_orders: None,
        }
    }

    /// Counts a row with amount > 0 in `slot` when `new` says its order and customer may be new there (a row not
    /// new in a finer slot is not new in a coarser one); returns whether they were.
    #[inline(always)]
    fn count(&mut self, row: &Row, slot: u32, new: (bool, bool)) -> (bool, bool) {
        let Grouping { table, slots, customers, other_orders } = self;
        let counts = &mut slots[slot as usize];
        let mut order_new = false;
        if new.0 {
            // An order belongs to a customer (§1): distinct (order, customer, slot).
            order_new = if row.by_runs {
                counts.order_run != row.order_run
            } else {
                let groups = slots.len();
                other_orders.get_or_insert_with(|| OrderCounter::grouped(table, groups)).is_new(
                    row.order,
                    row.customer,
                    slot,
                )
            };
            let counts = &mut slots[slot as usize];
            counts.order_run = row.order_run;
            counts.orders += u64::from(order_new);
        }
        let counts = &mut slots[slot as usize];
        let mut customer_new = false;
        if new.1 && counts.customer_run != row.customer_run {
            counts.customer_run = row.customer_run;
            customer_new = customers.is_new(row.customer, 0, slot);
            counts.customers += u64::from(customer_new);
        }
        (order_new, customer_new)
    }

    /// The sums (cells only) and distinct counts.
    fn sums(&self) -> Sums {
        Sums {
            revenue: self.slots.iter().map(|s| s.revenue).collect(),
            units: self.slots.iter().map(|s| s.units).collect(),
            rows: self.slots.iter().map(|s| s.rows).collect(),
            orders: self.slots.iter().map(|s| s.orders).collect(),
            customers: self.slots.iter().map(|s| s.customers).collect(),
        }
    }
}

/// The sums of one window: total, groups or cells, and with two dimensions the row and column totals.
struct Measured {
    /// The first day with a row in the window.
    first_day: Option<Day>,
    total: Sums,
    cells: Sums,
    rows: Option<Sums>,
    columns: Option<Sums>,
}

/// Runs the market comparison of `table`. Options are checked first; a name in `by` that is neither a dimension
/// column nor a computed dimension is an `unknown_column` error listing both.
pub fn compare(table: &Table, options: &CompareOptions) -> Result<CompareResult, Error> {
    options.validate()?;
    for name in &options.by {
        if table.dimension(name).is_none() && !COMPUTED_DIMENSIONS.contains(&name.as_str()) {
            let mut columns: Vec<String> = table.dimensions.iter().map(|d| d.name.clone()).collect();
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
        dimensions.push(dimension(table, name, options, analysis_date, &mut rfm_result)?);
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
    let build = |select: &dyn Fn(&Measured) -> &Sums, slot: usize, key: Vec<String>| {
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
                groups.push((only.other == Some(slot), build(&|m| &m.cells, slot, vec![only.names[slot].clone()])));
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
                    let key = vec![a.names[i].clone(), b.names[j].clone()];
                    let other = a.other == Some(i) || b.other == Some(j);
                    cells.push((other, build(&|m| &m.cells, slot, key)));
                }
            }
        }
        let line = |slots: &Slots<'_>, select: &dyn Fn(&Measured) -> &Sums| {
            let mut groups = Vec::new();
            for slot in 0..slots.len() {
                if present(select, slot) {
                    groups.push((slots.other == Some(slot), build(select, slot, vec![slots.names[slot].clone()])));
                }
            }
            sorted(groups)
        };
        let rows = line(a, &|m| m.rows.as_ref().expect("two dimensions"));
        let columns = line(b, &|m| m.columns.as_ref().expect("two dimensions"));
        (sorted(cells), Some(rows), Some(columns))
    };

    Ok(CompareResult {
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

/// The groups of dimension `name`: a file column, or a computed one from the RFM analysis (run once).
fn dimension<'t>(
    table: &'t Table,
    name: &str,
    options: &CompareOptions,
    analysis_date: Day,
    rfm_result: &mut Option<Option<super::rfm::RfmResult>>,
) -> Result<Dimension<'t>, Error> {
    if let Some(column) = table.dimension(name) {
        let values = &column.values;
        let mut names: Vec<String> = values.values().map(str::to_string).collect();
        names.push(BLANK.to_string());
        let group_by_code = (0..=values.distinct() as u32).collect(); // the last one is (blank)
        return Ok(Dimension { codes: &values.codes, group_by_code, names });
    }
    if rfm_result.is_none() {
        let rfm_options = RfmOptions { analysis_date: Some(analysis_date), ..options.rfm.clone() };
        *rfm_result = Some(match rfm(table, &rfm_options) {
            Ok(result) => Some(result),
            Err(e) if matches!(e.kind(), ErrorKind::NoCustomers { .. }) => None, // everyone is (blank)
            Err(e) => return Err(e),
        });
    }
    let result = rfm_result.as_ref().and_then(Option::as_ref);
    let (mut names, assigned): (Vec<String>, Vec<u32>) = match (result, name) {
        (None, _) => (Vec::new(), Vec::new()),
        (Some(r), "segment") => (
            r.segments.iter().map(|s| s.name.clone()).collect(),
            r.customers.segment.iter().map(|&s| u32::from(s)).collect(),
        ),
        (Some(r), "tier") => {
            (r.tiers.iter().map(|t| t.name.clone()).collect(), r.customers.tier.iter().map(|&t| u32::from(t)).collect())
        }
        (Some(r), _) => (
            r.lifecycle.iter().map(|l| l.stage.clone()).collect(),
            r.customers.lifecycle.iter().map(|&l| u32::from(l)).collect(),
        ),
    };
    let blank = names.len() as u32;
    names.push(BLANK.to_string());
    let mut group_by_code = vec![blank; table.customer.distinct() + 1];
    if let Some(r) = result {
        for (&customer, &group) in r.customers.customer.iter().zip(&assigned) {
            group_by_code[customer as usize] = group;
        }
    }
    Ok(Dimension { codes: &table.customer.codes, group_by_code, names })
}

/// The top `top` groups of `dimension` by revenue in the current window (ties by name), the rest in `Other`.
/// Groups with rows in neither window get no slot of their own.
fn rank_groups<'t>(
    table: &Table,
    dimension: &Dimension<'t>,
    top: usize,
    current: Window,
    previous: Option<Window>,
) -> Slots<'t> {
    let groups = dimension.names.len();
    let identity = || Slots {
        codes: dimension.codes,
        by_code: dimension.group_by_code.clone(),
        names: dimension.names.clone(),
        other: None,
    };
    if groups <= top {
        return identity(); // no Other possible: absent groups are left out when the result is built
    }
    let mut revenue = vec![0i64; groups];
    let mut present = vec![false; groups];
    let (days, amounts) = (&table.day[..], &table.amount[..table.day.len()]);
    let (from, to) = (current.from, current.to);
    let (previous_from, previous_to) = previous.map_or((Day(i32::MAX), Day(i32::MIN)), |w| (w.from, w.to));
    for row in 0..days.len() {
        let day = days[row];
        let in_current = from <= day && day <= to;
        if in_current || (previous_from <= day && day <= previous_to) {
            let g = dimension.group(row);
            present[g] = true;
            revenue[g] += if in_current { amounts[row].0 } else { 0 };
        }
    }
    let mut ranked: Vec<usize> = (0..groups).filter(|&g| present[g]).collect();
    if ranked.len() <= top {
        return identity();
    }
    sort_indices(&mut ranked, &|a, b| {
        revenue[b].cmp(&revenue[a]).then_with(|| dimension.names[a].cmp(&dimension.names[b]))
    });
    let other = top as u32;
    let mut slot_of_group = vec![other; groups];
    let mut names = Vec::with_capacity(top + 1);
    for (slot, &g) in ranked[..top].iter().enumerate() {
        slot_of_group[g] = slot as u32;
        names.push(dimension.names[g].clone());
    }
    names.push(OTHER.to_string());
    Slots {
        codes: dimension.codes,
        by_code: dimension.group_by_code.iter().map(|&g| slot_of_group[g as usize]).collect(),
        names,
        other: Some(top),
    }
}

/// One pass over the rows of `window`: sums and distinct counts for the total and every slot. Sums are kept per
/// cell only; the total's and the row and column totals' are the cells' added up (exact), so only their distinct
/// counts need counting, and only for rows new in their cell.
///
/// Orders are counted by runs where `contiguous` (see [`contiguous_orders`]) says so. Without it, every order is
/// assumed to be one run of one customer, which is checked as the rows come: `None` when an order is not.
fn measure(table: &Table, slots: &[Slots<'_>], window: Window, contiguous: Option<&[bool]>) -> Option<Measured> {
    let n = table.len();
    let (days, amounts, customers) = (&table.day[..n], &table.amount[..n], &table.customer.codes[..n]);
    let quantity = table.quantity.as_deref().map(|q| &q[..n]);
    let orders = table.order.as_ref().map(|o| &o.codes[..n]);
    let (from, to) = (window.from, window.to);
    let width = slots.last().map_or(1, Slots::len);
    let mut cells = Grouping::new(table, slots.iter().map(Slots::len).product());
    let mut rows = (slots.len() == 2).then(|| Grouping::new(table, slots[0].len()));
    let mut columns = (slots.len() == 2).then(|| Grouping::new(table, width));
    let mut total = Grouping::new(table, 1);
    let mut current = Row { order: NO_TEXT, customer: NO_TEXT, order_run: 0, customer_run: 0, by_runs: true };
    // Without `contiguous`: the orders whose run is over.
    let mut done = vec![0u64; if contiguous.is_none() { table.order.as_ref().map_or(0, |o| o.distinct()) } else { 0 }];
    let mut first_day = Day(i32::MAX);
    for row in 0..n {
        let day = days[row];
        if day < from || day > to {
            continue;
        }
        first_day = first_day.min(day);
        let (i, j) = match slots {
            [one] => (0, one.of(row)),
            [a, b] => (a.of(row), b.of(row)),
            _ => unreachable!("validated: one or two dimensions"),
        };
        let cell = i * width as u32 + j;
        let amount = amounts[row].0;
        let sums = &mut cells.slots[cell as usize];
        sums.revenue += amount;
        sums.rows += 1;
        if let Some(quantity) = quantity {
            let q = quantity[row];
            sums.units += if q == QUANTITY_MISSING { 0 } else { q };
        }
        if amount <= 0 {
            continue;
        }
        let (order, customer) = (orders.map_or(NO_TEXT, |o| o[row]), customers[row]);
        // A blank order id (or no order column) is an order of its own: a run of one row.
        if order != current.order || order == NO_TEXT {
            if contiguous.is_none() && current.order != NO_TEXT {
                done[current.order as usize / 64] |= 1 << (current.order % 64);
            }
            current.order = order;
            current.order_run += 1;
            current.by_runs = match contiguous {
                Some(contiguous) => order == NO_TEXT || contiguous[order as usize],
                None if order != NO_TEXT && done[order as usize / 64] & (1 << (order % 64)) != 0 => return None,
                None => true,
            };
        } else if contiguous.is_none() && customer != current.customer {
            return None; // an order id shared by two customers
        }
        if customer != current.customer {
            current.customer = customer;
            current.customer_run += 1;
        }
        let new = cells.count(&current, cell, (true, true));
        if new != (false, false) {
            if let (Some(rows), Some(columns)) = (rows.as_mut(), columns.as_mut()) {
                rows.count(&current, i, new);
                columns.count(&current, j, new);
            }
            total.count(&current, 0, new);
        }
    }
    let cells = cells.sums();
    Some(Measured {
        first_day: (first_day.0 != i32::MAX).then_some(first_day),
        total: cells.fold(1, |_| 0, &total),
        rows: rows.map(|g| cells.fold(g.slots.len(), |cell| cell / width, &g)),
        columns: columns.map(|g| cells.fold(width, |cell| cell % width, &g)),
        cells,
    })
}

/// `numerator ÷ denominator` in currency units, `None` when the denominator is 0.
fn per(revenue: i64, denominator: u64) -> Option<f64> {
    (denominator != 0).then(|| revenue as f64 / UNITS_PER_CURRENCY as f64 / denominator as f64)
}

/// `100 × value ÷ overall`, `None` when either is undefined or the overall value is 0.
fn index(value: Option<f64>, overall: Option<f64>) -> Option<f64> {
    match (value, overall) {
        (Some(v), Some(o)) if o != 0.0 => Some(100.0 * v / o),
        _ => None,
    }
}

/// The metrics of `slot`; `total` is the window's total (`None` for the total itself).
fn metrics(sums: &Sums, slot: usize, total: Option<&Metrics>, has_units: bool) -> Metrics {
    let revenue = Money(sums.revenue[slot]);
    let aov = per(revenue.0, sums.orders[slot]);
    let revenue_per_customer = per(revenue.0, sums.customers[slot]);
    let (share, aov_index, revenue_per_customer_index) = match total {
        Some(t) => {
            (super::share(revenue, t.revenue), index(aov, t.aov), index(revenue_per_customer, t.revenue_per_customer))
        }
        None => (super::share(revenue, revenue), index(aov, aov), index(revenue_per_customer, revenue_per_customer)),
    };
    Metrics {
        revenue,
        revenue_exact: revenue.exact_string(),
        orders: sums.orders[slot],
        customers: sums.customers[slot],
        units: has_units.then(|| sums.units[slot] as f64 / UNITS_PER_CURRENCY as f64),
        aov,
        revenue_per_customer,
        share,
        aov_index,
        revenue_per_customer_index,
    }
}

/// `(current − previous) ÷ |previous|`; `None` when the previous value is 0 or either is undefined (§9).
pub fn relative_change(current: Option<f64>, previous: Option<f64>) -> Option<f64> {
    match (current, previous) {
        (Some(c), Some(p)) if p != 0.0 && c.is_finite() && p.is_finite() => Some((c - p) / p.abs()),
        _ => None,
    }
}

/// [`relative_change`] of exact integers (money units, counts), subtracted exactly before dividing.
fn exact_change(current: i64, previous: i64) -> Option<f64> {
    (previous != 0).then(|| (i128::from(current) - i128::from(previous)) as f64 / previous.unsigned_abs() as f64)
}

fn change(current: &Metrics, previous: &Metrics) -> Change {
    let count = |c: u64, p: u64| exact_change(c as i64, p as i64);
    Change {
        revenue: exact_change(current.revenue.0, previous.revenue.0),
        orders: count(current.orders, previous.orders),
        customers: count(current.customers, previous.customers),
        units: relative_change(current.units, previous.units),
        aov: relative_change(current.aov, previous.aov),
        revenue_per_customer: relative_change(current.revenue_per_customer, previous.revenue_per_customer),
    }
}

/// The log-change decomposition of `slot`'s revenue change (see [`Drivers`]).
fn drivers(current: &Sums, previous: &Sums, slot: usize) -> Option<Drivers> {
    decompose(
        (current.revenue[slot], current.orders[slot], current.customers[slot]),
        (previous.revenue[slot], previous.orders[slot], previous.customers[slot]),
    )
}

/// [`Drivers`] from (revenue in 1/10,000 units, orders, customers) of the current and the previous window.
pub fn decompose(current: (i64, u64, u64), previous: (i64, u64, u64)) -> Option<Drivers> {
    let ((r1, o1, c1), (r0, o0, c0)) = (current, previous);
    if r1 <= 0 || r0 <= 0 || o1 == 0 || o0 == 0 || c1 == 0 || c0 == 0 {
        return None; // a log of zero or of a sign change
    }
    let ln_revenue = (r1 as f64 / r0 as f64).ln();
    let weight = if r1 == r0 || ln_revenue == 0.0 { r0 as f64 } else { (r1 - r0) as f64 / ln_revenue };
    let weight = weight / UNITS_PER_CURRENCY as f64;
    let ln_customers = (c1 as f64 / c0 as f64).ln();
    let ln_frequency = ((o1 as f64 * c0 as f64) / (o0 as f64 * c1 as f64)).ln();
    let ln_aov = ln_revenue - ln_customers - ln_frequency; // = ln((R1 / O1) ÷ (R0 / O0))
    Some(Drivers { customers: weight * ln_customers, orders_per_customer: weight * ln_frequency, aov: weight * ln_aov })
}

/// Groups by current revenue (largest first), ties by key, `Other` groups last.
fn sorted(groups: Vec<(bool, Group)>) -> Vec<Group> {
    let mut order: Vec<usize> = (0..groups.len()).collect();
    sort_indices(&mut order, &|a, b| {
        let ((other_a, a), (other_b, b)) = (&groups[a], &groups[b]);
        other_a.cmp(other_b).then_with(|| b.current.revenue.cmp(&a.current.revenue)).then_with(|| a.key.cmp(&b.key))
    });
    let mut groups: Vec<Option<Group>> = groups.into_iter().map(|(_, g)| Some(g)).collect();
    order.into_iter().filter_map(|i| groups[i].take()).collect()
}

/// Sorts indexes by `compare`: one instance of the sort for every ordering here (each costs the wasm module
/// kilobytes).
fn sort_indices(indexes: &mut [usize], compare: &dyn Fn(usize, usize) -> std::cmp::Ordering) {
    indexes.sort_unstable_by(|&a, &b| compare(a, b));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn change_is_relative_to_the_magnitude_and_never_infinite() {
        assert_eq!(relative_change(Some(150.0), Some(100.0)), Some(0.5));
        // From −100 to −50 is growth: (−50 − −100) ÷ |−100| = +0.5.
        assert_eq!(relative_change(Some(-50.0), Some(-100.0)), Some(0.5));
        assert_eq!(relative_change(Some(5.0), Some(0.0)), None);
        assert_eq!(relative_change(None, Some(3.0)), None);
        assert_eq!(relative_change(Some(3.0), None), None);
        assert_eq!(exact_change(0, 0), None);
        assert_eq!(exact_change(30_000, -10_000), Some(4.0)); // (3 − (−1)) ÷ 1
        assert_eq!(exact_change(i64::MAX, i64::MIN + 1), Some(2.0));
    }

    #[test]
    fn drivers_add_up_to_the_revenue_change() {
        // 100.00 from 4 customers, 5 orders → 180.00 from 6 customers, 9 orders.
        let d = decompose((1_800_000, 9, 6), (1_000_000, 5, 4)).unwrap();
        let sum = d.customers + d.orders_per_customer + d.aov;
        assert!((sum - 80.0).abs() < 1e-9, "{sum}");
        // L = 80 ÷ ln 1.8; customers: L × ln 1.5; orders per customer: L × ln(1.5 ÷ 1.25); aov: L × ln(20 ÷ 20) = 0.
        let l = 80.0 / 1.8f64.ln();
        assert!((d.customers - l * 1.5f64.ln()).abs() < 1e-9);
        assert!((d.orders_per_customer - l * 1.2f64.ln()).abs() < 1e-9);
        assert!(d.aov.abs() < 1e-9);
    }

    #[test]
    fn equal_revenue_still_splits_into_offsetting_drivers() {
        // 100 from 2 customers × 1 order × 50 → 100 from 4 customers × 1 order × 25: L(100, 100) = 100.
        let d = decompose((1_000_000, 4, 4), (1_000_000, 2, 2)).unwrap();
        assert!((d.customers - 100.0 * 2f64.ln()).abs() < 1e-9);
        assert!(d.orders_per_customer.abs() < 1e-12);
        assert!((d.aov + 100.0 * 2f64.ln()).abs() < 1e-9);
    }

    #[test]
    fn drivers_need_positive_values_in_both_windows() {
        assert_eq!(decompose((1_000_000, 1, 1), (0, 0, 0)), None);
        assert_eq!(decompose((1_000_000, 1, 1), (-50_000, 1, 1)), None);
        assert_eq!(decompose((-1, 1, 1), (50_000, 1, 1)), None);
    }

    #[test]
    fn options_are_checked_before_any_work() {
        let by =
            |names: &[&str]| CompareOptions { by: names.iter().map(|s| s.to_string()).collect(), ..Default::default() };
        let option = |o: CompareOptions| match o.validate().unwrap_err().kind() {
            ErrorKind::InvalidOption { option, .. } => option.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(option(by(&[])), "by");
        assert_eq!(option(by(&["a", "b", "c"])), "by");
        assert_eq!(option(by(&["a", "a"])), "by");
        assert_eq!(option(CompareOptions { top: 0, ..by(&["a"]) }), "top");
        let day = |t: &str| Day::parse_iso(t);
        assert_eq!(option(CompareOptions { from: day("2024-03-02"), to: day("2024-03-01"), ..by(&["a"]) }), "from");
        let period = Some(Period { days: 0, vs: Baseline::Previous });
        assert_eq!(option(CompareOptions { period, ..by(&["a"]) }), "period.days");
        let period = Some(Period { days: 7, vs: Baseline::Year });
        assert_eq!(option(CompareOptions { period, to: day("2024-03-01"), ..by(&["a"]) }), "period");
        let rfm = RfmOptions { bins: 11, ..Default::default() };
        assert_eq!(option(CompareOptions { rfm, ..by(&["a"]) }), "rfm.bins");
        let rfm = RfmOptions { analysis_date: day("2024-01-01"), ..Default::default() };
        assert_eq!(option(CompareOptions { rfm, analysis_date: day("2024-01-02"), ..by(&["a"]) }), "rfm.analysisDate");
        assert!(by(&["a", "b"]).validate().is_ok());
    }
}
