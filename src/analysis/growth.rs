//! The customer growth matrix (analytics.md §17, 客户增长矩阵): the current window's rows in a 2 × 2 of customers
//! (existing / new before the window) × business values (existing / new), with revenue, orders, customers, units
//! and shares per cell; repeat vs cross-sell inside existing × existing; the exact decomposition of revenue growth
//! against the previous window; counts; and the same matrix per group of a dimension (`by`).
//!
//! A customer's and a value's status are decided on the whole file (a customer who bought in another region before
//! the window is an existing customer in every region), so the groups' cells add up to the total's.

use super::affinity::group_by_key;
use super::compare::{KeyPart, DEFAULT_TOP, MAX_PERIOD_DAYS};
use super::frame::Excluded;
use super::rfm::segments::Label;
use crate::date::Day;
use crate::error::{Error, ErrorKind, OptionRule, Warning, WarningKind};
use crate::money::Money;
use crate::table::{sort_indices, DistinctCounter, Table, NO_TEXT, QUANTITY_MISSING};
use serde::Serialize;

/// The default window length P in days.
pub const DEFAULT_PERIOD_DAYS: u32 = 365;

/// The quadrants' labels (§17.2's table), in cell order: existing × existing, existing × new, new × existing,
/// new × new (customers × business).
pub const QUADRANTS: [(&str, &str, &str, &str); 4] = [
    (
        "existing",
        "existing",
        "Retain and deepen (repeat / cross-sell)",
        "现有客户 × 现有业务:保持与深化(重复购买 / 交叉销售)",
    ),
    ("existing", "new", "New business to existing customers", "现有客户 × 新业务:新业务渗透"),
    ("new", "existing", "Acquisition", "新客户 × 现有业务:客户获取"),
    ("new", "new", "Diversification", "新客户 × 新业务:多元化"),
];

/// Options of `growthMatrix()` (§17.3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GrowthOptions {
    /// D; default the day after the latest date.
    pub analysis_date: Option<Day>,
    /// P, the window length in days (1 … [`MAX_PERIOD_DAYS`]).
    pub period_days: u32,
    /// The business column's header; default the `product` role's, else the `category` role's.
    pub business: Option<String>,
    /// A dimension (header) to compute the matrix per group of.
    pub by: Option<String>,
    /// Groups of `by` kept, by current revenue; the rest form `Other`.
    pub top: usize,
}

impl Default for GrowthOptions {
    fn default() -> GrowthOptions {
        GrowthOptions {
            analysis_date: None,
            period_days: DEFAULT_PERIOD_DAYS,
            business: None,
            by: None,
            top: DEFAULT_TOP,
        }
    }
}

impl GrowthOptions {
    /// Checks the ranges, naming the option at fault.
    pub fn validate(&self) -> Result<(), Error> {
        if !(1..=MAX_PERIOD_DAYS).contains(&self.period_days) {
            return Err(Error::option_rule(
                "period.days",
                OptionRule::WholeNumberRange { min: 1, max: Some(i64::from(MAX_PERIOD_DAYS)) },
            ));
        }
        if self.top < 1 {
            return Err(Error::option_rule("top", OptionRule::WholeNumberRange { min: 1, max: None }));
        }
        Ok(())
    }
}

/// An inclusive window of days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Window {
    /// First day.
    pub from: Day,
    /// Last day.
    pub to: Day,
}

/// One quadrant.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Cell {
    /// `existing` or `new`.
    pub customers: &'static str,
    /// `existing` or `new`.
    pub business: &'static str,
    /// The quadrant's name.
    pub label: Label,
    /// Σ amounts of the cell's rows (returns included).
    pub revenue: Money,
    /// The same, exact.
    pub revenue_exact: String,
    /// Orders (§1) among the cell's rows.
    pub orders: u64,
    /// Distinct customers with an order in the cell.
    pub customer_count: u64,
    /// Σ quantity (when mapped; returns included).
    pub units: f64,
    /// revenue ÷ the window's revenue; `None` when that is 0.
    pub share: Option<f64>,
    /// The cell's term of the growth decomposition (existing × existing: its revenue − the previous window's).
    pub contribution: Money,
    /// The same, exact.
    pub contribution_exact: String,
    /// contribution ÷ growth; `None` when growth is 0.
    pub contribution_share: Option<f64>,
}

/// Existing × existing split by whether the customer bought that value before the window.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExistingExisting {
    /// The customer bought the value before.
    pub repeat: Money,
    /// The same, exact.
    pub repeat_exact: String,
    /// An existing value new to the customer.
    pub cross_sell: Money,
    /// The same, exact.
    pub cross_sell_exact: String,
}

/// Customers and business values active in the window, by status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    /// Existing customers with an order in the window.
    pub existing_customers: u64,
    /// New customers with an order in the window.
    pub new_customers: u64,
    /// Existing business values sold (amount > 0) in the window.
    pub existing_business: u64,
    /// New business values sold in the window.
    pub new_business: u64,
}

/// The matrix of a set of rows (all, or one group's).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Matrix {
    /// Σ amounts of the current window.
    pub revenue_current: Money,
    /// The same, exact.
    pub revenue_current_exact: String,
    /// Σ amounts of the previous window.
    pub revenue_previous: Money,
    /// The same, exact.
    pub revenue_previous_exact: String,
    /// current − previous.
    pub growth: Money,
    /// The same, exact.
    pub growth_exact: String,
    /// growth ÷ |previous|; `None` when previous is 0.
    pub growth_rate: Option<f64>,
    /// The four quadrants in [`QUADRANTS`]' order.
    pub cells: Vec<Cell>,
    /// Repeat vs cross-sell.
    pub existing_existing: ExistingExisting,
    /// Active customers and values by status.
    pub counts: Counts,
}

/// One group of `by`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GrowthGroup {
    /// The group's name (the value, `(blank)` or `Other`).
    pub key: String,
    /// `value`, `blank` or `other`.
    pub kind: &'static str,
    /// Its matrix.
    #[serde(flatten)]
    pub matrix: Matrix,
}

/// What `growthMatrix()` returns (§17.3).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GrowthResult {
    /// D.
    pub analysis_date: Day,
    /// The current window D − P … D − 1.
    pub window: Window,
    /// The previous window D − 2P … D − P − 1.
    pub previous: Window,
    /// The business column's header.
    pub business: String,
    /// The `by` dimension, if any.
    pub by: Option<String>,
    /// Rows dated on or after D.
    pub excluded: Excluded,
    /// `growth_no_history` when the window starts at or before the first date.
    pub warnings: Vec<Warning>,
    /// The matrix of all rows.
    #[serde(flatten)]
    pub matrix: Matrix,
    /// Per group of `by` (top N by current revenue, ties by name, then `Other`); `None` without `by`.
    pub groups: Option<Vec<GrowthGroup>>,
}

/// The business column for `business` (default the product role, else category).
fn business_column(table: &Table, business: Option<&str>) -> Result<usize, Error> {
    let columns = || table.dimensions.iter().map(|d| d.name.clone()).collect::<Vec<_>>();
    match business {
        Some(name) => table.dimensions.iter().position(|d| d.name == name).ok_or_else(|| {
            Error::new(ErrorKind::UnknownColumn { option: "business".into(), column: name.into(), columns: columns() })
        }),
        None => table
            .product
            .or(table.category)
            .ok_or_else(|| Error::new(ErrorKind::GrowthNeedsBusiness { columns: columns() })),
    }
}

/// Sums of one cell of one group.
#[derive(Clone, Copy, Default)]
struct CellSums {
    revenue: i64,
    units: i64,
    orders: u64,
    customers: u64,
}

/// Sums of one group (or the total).
#[derive(Clone, Default)]
struct GroupSums {
    cells: [CellSums; 4],
    previous: i64,
    repeat: i64,
    cross_sell: i64,
    existing_customers: u64,
    new_customers: u64,
    current_rows: u64,
    previous_rows: u64,
}

impl GroupSums {
    fn new() -> GroupSums {
        GroupSums::default()
    }
}

/// The groups of `by`: each row's group index; names; `Other` last when cut.
struct ByGroups {
    of_row: Vec<u32>,
    names: Vec<KeyPart>,
}

/// The top `top` groups of column `by` by current revenue (ties by name), the rest in `Other`; groups with rows in
/// neither window get no slot.
fn by_groups(table: &Table, column: usize, top: usize, current: Window, previous: Window) -> ByGroups {
    let values = &table.dimensions[column].values;
    let blank = values.distinct();
    let code = |row: usize| (values.codes[row] as usize).min(blank);
    let mut revenue = vec![0i64; blank + 1];
    let mut present = vec![false; blank + 1];
    for (row, &day) in table.day.iter().enumerate() {
        let in_current = current.from <= day && day <= current.to;
        if in_current || (previous.from <= day && day <= previous.to) {
            present[code(row)] = true;
            revenue[code(row)] += if in_current { table.amount[row].0 } else { 0 };
        }
    }
    let name = |g: usize| if g == blank { KeyPart::Blank } else { KeyPart::Value(values.value(g as u32).to_string()) };
    let mut ranked: Vec<u32> = (0..=blank as u32).filter(|&g| present[g as usize]).collect();
    sort_indices(&mut ranked, &|a, b| {
        let (a, b) = (a as usize, b as usize);
        revenue[b].cmp(&revenue[a]).then_with(|| name(a).text().cmp(name(b).text()))
    });
    let kept = ranked.len().min(top);
    let cut = ranked.len() > top;
    let other = kept as u32;
    let mut slot = vec![other; blank + 1];
    let mut names: Vec<KeyPart> = Vec::with_capacity(kept + 1);
    for (at, &g) in ranked[..kept].iter().enumerate() {
        slot[g as usize] = at as u32;
        names.push(name(g as usize));
    }
    if cut {
        names.push(KeyPart::Other);
    }
    ByGroups { of_row: (0..table.len()).map(|row| slot[code(row)]).collect(), names }
}

/// The customer growth matrix (§17) with D = `analysis_date` (resolved).
pub fn growth_matrix(table: &Table, options: &GrowthOptions, analysis_date: Day) -> Result<GrowthResult, Error> {
    options.validate()?;
    let business = business_column(table, options.business.as_deref())?;
    let by = match options.by.as_deref() {
        Some(name) => Some(table.dimensions.iter().position(|d| d.name == name).ok_or_else(|| {
            Error::new(ErrorKind::UnknownColumn {
                option: "by".into(),
                column: name.into(),
                columns: table.dimensions.iter().map(|d| d.name.clone()).collect(),
            })
        })?),
        None => None,
    };
    let p = options.period_days as i32;
    let s = analysis_date.plus(-p);
    let window = Window { from: s, to: analysis_date.plus(-1) };
    let previous = Window { from: analysis_date.plus(-2 * p), to: analysis_date.plus(-p - 1) };
    let values = &table.dimensions[business].values;
    let blank = values.distinct();
    let value_of = |row: usize| (values.codes[row] as usize).min(blank);
    let (days, amounts, customers) = (&table.day[..], &table.amount[..], &table.customer.codes[..]);
    // Statuses before s.
    let mut existing_customer = vec![false; table.customer.distinct()];
    let mut existing_value = vec![false; blank + 1];
    for row in 0..table.len() {
        if days[row] < s && amounts[row].0 > 0 {
            existing_customer[customers[row] as usize] = true;
            existing_value[value_of(row)] = true;
        }
    }
    // Repeat purchases: by customer, the values bought before s (history rows) against the window's existing ×
    // existing rows (marked with the top bit); only this step reads the rows in customer order.
    const WINDOW_ROW: u32 = 1 << 31;
    let mut checked = Vec::new();
    for row in 0..table.len() {
        let (day, customer) = (days[row], customers[row] as usize);
        if !existing_customer[customer] {
            continue;
        }
        if day < s && amounts[row].0 > 0 {
            checked.push(row as u32);
        } else if window.from <= day && day <= window.to && existing_value[value_of(row)] {
            checked.push(row as u32 | WINDOW_ROW);
        }
    }
    let mut repeat = vec![0u64; table.len().div_ceil(64)];
    let by_customer = group_by_key(&checked, |row| customers[(row & !WINDOW_ROW) as usize], table.customer.distinct());
    drop(checked);
    let mut stamp = vec![u32::MAX; blank + 1];
    for c in 0..table.customer.distinct() {
        let mine = &by_customer.rows[by_customer.bounds[c] as usize..by_customer.bounds[c + 1] as usize];
        for &row in mine.iter().filter(|&&row| row & WINDOW_ROW == 0) {
            stamp[value_of(row as usize)] = c as u32;
        }
        for &row in mine.iter().filter(|&&row| row & WINDOW_ROW != 0) {
            let row = (row & !WINDOW_ROW) as usize;
            if stamp[value_of(row)] == c as u32 {
                repeat[row / 64] |= 1 << (row % 64);
            }
        }
    }
    drop(by_customer);
    let groups = by.map(|column| by_groups(table, column, options.top, window, previous));
    let group_count = groups.as_ref().map_or(0, |g| g.names.len());
    // Group sums: the groups of `by`, then the total; one pass in file order.
    let total = group_count;
    let slots = (group_count + 1) * 4;
    let mut sums = vec![GroupSums::new(); group_count + 1];
    let mut orders = DistinctCounter::grouped(table, slots);
    // Distinct customers per (group, cell) slot, then per group (`slots + g`: active customers).
    let mut distinct_customers =
        DistinctCounter::over(Some(customers), table.customer.distinct(), slots + group_count + 1);
    let mut sold = vec![false; (group_count + 1) * (blank + 1)];
    let quantity = table.quantity.as_deref();
    let order_codes = table.order.as_ref().map(|o| &o.codes[..]);
    for row in 0..table.len() {
        let day = days[row];
        if day < previous.from || day > window.to {
            continue;
        }
        let amount = amounts[row].0;
        let group = groups.as_ref().map(|g| g.of_row[row] as usize);
        if day <= previous.to {
            sums[total].previous += amount;
            sums[total].previous_rows += 1;
            if let Some(g) = group {
                sums[g].previous += amount;
                sums[g].previous_rows += 1;
            }
            continue;
        }
        let c = customers[row];
        let existing = existing_customer[c as usize];
        let v = value_of(row);
        let cell = if existing { 0 } else { 2 } + if existing_value[v] { 0 } else { 1 };
        let is_repeat = repeat[row / 64] & (1 << (row % 64)) != 0;
        let units = quantity.map_or(0, |q| if q[row] == QUANTITY_MISSING { 0 } else { q[row] });
        for g in [Some(total), group].into_iter().flatten() {
            let sum = &mut sums[g];
            sum.current_rows += 1;
            let counts = &mut sum.cells[cell];
            counts.revenue += amount;
            counts.units += units;
            if cell == 0 {
                if is_repeat {
                    sum.repeat += amount;
                } else {
                    sum.cross_sell += amount;
                }
            }
            if amount <= 0 {
                continue;
            }
            let order = order_codes.map_or(NO_TEXT, |o| o[row]);
            let slot = (g * 4 + cell) as u32;
            counts.orders += u64::from(orders.is_new(order, c, slot));
            counts.customers += u64::from(distinct_customers.is_new(c, 0, slot));
            if distinct_customers.is_new(c, 0, (slots + g) as u32) {
                if existing {
                    sum.existing_customers += 1;
                } else {
                    sum.new_customers += 1;
                }
            }
            sold[g * (blank + 1) + v] = true;
        }
    }
    let matrix = |g: usize| {
        let sum = &sums[g];
        let sold = &sold[g * (blank + 1)..(g + 1) * (blank + 1)];
        let existing_business = (0..=blank).filter(|&v| sold[v] && existing_value[v]).count() as u64;
        let new_business = (0..=blank).filter(|&v| sold[v] && !existing_value[v]).count() as u64;
        build_matrix(
            sum,
            Counts {
                existing_customers: sum.existing_customers,
                new_customers: sum.new_customers,
                existing_business,
                new_business,
            },
        )
    };
    let first_date = table.date_range().map(|(min, _)| min);
    let warnings = match first_date {
        Some(first) if window.from <= first => {
            vec![Warning::new(WarningKind::GrowthNoHistory { window_from: window.from, first_date: first }, Vec::new())]
        }
        _ => Vec::new(),
    };
    Ok(GrowthResult {
        analysis_date,
        window,
        previous,
        business: table.dimensions[business].name.clone(),
        by: by.map(|column| table.dimensions[column].name.clone()),
        excluded: Excluded::rows_on_or_after(table, analysis_date),
        warnings,
        matrix: matrix(total),
        groups: groups.map(|groups| {
            groups
                .names
                .iter()
                .enumerate()
                .filter(|(g, _)| sums[*g].current_rows + sums[*g].previous_rows > 0)
                .map(|(g, key)| GrowthGroup { key: key.text().to_string(), kind: key.kind(), matrix: matrix(g) })
                .collect()
        }),
    })
}

/// A group's matrix from its sums: shares, the decomposition and its shares.
fn build_matrix(sum: &GroupSums, counts: Counts) -> Matrix {
    let current: i64 = sum.cells.iter().map(|c| c.revenue).sum();
    let growth = current - sum.previous;
    let ratio = |part: i64, whole: i64| (whole != 0).then(|| part as f64 / whole as f64);
    let cells = QUADRANTS
        .iter()
        .zip(&sum.cells)
        .enumerate()
        .map(|(k, (&(customers, business, en, zh), c))| {
            let contribution = if k == 0 { c.revenue - sum.previous } else { c.revenue };
            Cell {
                customers,
                business,
                label: Label { en: en.to_string(), zh: zh.to_string() },
                revenue: Money(c.revenue),
                revenue_exact: Money(c.revenue).exact_string(),
                orders: c.orders,
                customer_count: c.customers,
                units: c.units as f64 / crate::money::UNITS_PER_CURRENCY as f64,
                share: ratio(c.revenue, current),
                contribution: Money(contribution),
                contribution_exact: Money(contribution).exact_string(),
                contribution_share: ratio(contribution, growth),
            }
        })
        .collect();
    Matrix {
        revenue_current: Money(current),
        revenue_current_exact: Money(current).exact_string(),
        revenue_previous: Money(sum.previous),
        revenue_previous_exact: Money(sum.previous).exact_string(),
        growth: Money(growth),
        growth_exact: Money(growth).exact_string(),
        growth_rate: (sum.previous != 0).then(|| growth as f64 / sum.previous.unsigned_abs() as f64),
        cells,
        existing_existing: ExistingExisting {
            repeat: Money(sum.repeat),
            repeat_exact: Money(sum.repeat).exact_string(),
            cross_sell: Money(sum.cross_sell),
            cross_sell_exact: Money(sum.cross_sell).exact_string(),
        },
        counts,
    }
}
