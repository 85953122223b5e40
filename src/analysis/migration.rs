//! Segment migration between two dates (analytics.md §13): each customer's class (segment, tier or lifecycle
//! stage) at `from` = D1 and at `to` = D2 from two RFM states computed with the same options, counted in a matrix
//! whose rows are the classes at D1 then `new`, and whose columns are the classes at D2 then `none`; with row shares,
//! shares, the revenue of each cell's customers between the dates, a summary, and every customer's move. The
//! states themselves are the workspace's to compute (they share its frames and RFM cache).

use super::rfm::RfmResult;
use crate::date::Day;
use crate::money::Money;
use crate::table::Table;
use serde::Serialize;
use std::cmp::Ordering;

/// What a customer's class is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MigrationBy {
    /// The RFM segment (default).
    #[default]
    Segment,
    /// The value tier (VIP > Major > Ordinary > Small).
    Tier,
    /// The lifecycle stage.
    Lifecycle,
}

impl MigrationBy {
    /// Every kind of class, in the catalog's order.
    pub const ALL: [MigrationBy; 3] = [MigrationBy::Segment, MigrationBy::Tier, MigrationBy::Lifecycle];

    /// The option's name: `segment`, `tier` or `lifecycle`.
    pub fn name(self) -> &'static str {
        match self {
            MigrationBy::Segment => "segment",
            MigrationBy::Tier => "tier",
            MigrationBy::Lifecycle => "lifecycle",
        }
    }
}

/// Options of `migration()` (§13.2).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MigrationOptions {
    /// D1; default D2 − 90 days.
    pub from: Option<Day>,
    /// D2; default (and at most) the default analysis date D.
    pub to: Option<Day>,
    /// Segment (default), tier or lifecycle stage.
    pub by: MigrationBy,
    /// The RFM options of both states (without an analysis date: the dates are `from` and `to`).
    pub rfm: super::rfm::RfmOptions,
    /// Each state uses only the rows of the last this many days before its date; `None`: all history.
    pub lookback_days: Option<i32>,
}

/// The default distance from D1 to D2 when `from` is not given.
pub const DEFAULT_DAYS_BETWEEN: i32 = 90;

/// The row of customers not scored at D1.
pub const NEW: &str = "new";
/// The column of customers scored at D1 and not at D2.
pub const NONE: &str = "none";

/// The summary of the matrix (§13.1).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MigrationSummary {
    /// Same class at both dates.
    pub stayed: u64,
    /// A different class, neither `new` nor `none`.
    pub moved: u64,
    /// Not scored at D1.
    pub new: u64,
    /// Scored at D1, not at D2.
    pub none: u64,
    /// By tier: to a higher tier; `None` for segments and stages.
    pub up: Option<u64>,
    /// By tier: to a lower tier; `None` for segments and stages.
    pub down: Option<u64>,
}

/// Every customer of either state, in customer-id order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MigrationCustomers {
    /// Customer codes of the orders table.
    pub customer: Vec<u32>,
    /// Row of the matrix (the last is `new`).
    pub from: Vec<u16>,
    /// Column of the matrix (the last is `none`).
    pub to: Vec<u16>,
}

/// What `migration()` returns (§13.2).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MigrationResult {
    /// D1.
    pub from: Day,
    /// D2.
    pub to: Day,
    /// `segment`, `tier` or `lifecycle`.
    pub by: &'static str,
    /// The look-back window of each state in days; `None`: all history.
    pub lookback_days: Option<i32>,
    /// The classes at D1, then `new`.
    pub rows: Vec<String>,
    /// The classes at D2, then `none`.
    pub columns: Vec<String>,
    /// Customers per cell.
    pub counts: Vec<Vec<u64>>,
    /// Cell ÷ row total; `None` when the row is empty.
    pub row_shares: Vec<Vec<Option<f64>>>,
    /// Cell ÷ all customers of the matrix; `None` when there is none.
    pub shares: Vec<Vec<Option<f64>>>,
    /// Σ amounts of the cell's customers dated D1 … D2 − 1.
    pub revenue_between: Vec<Vec<Money>>,
    /// The same, exact.
    pub revenue_between_exact: Vec<Vec<String>>,
    /// Stayed, moved, new, none, up, down.
    pub summary: MigrationSummary,
    /// Per customer (crossing as columns).
    #[serde(skip)]
    pub customers: MigrationCustomers,
}

/// A state's class names and each of its customers' class (customer codes in id order).
fn classes(state: &RfmResult, by: MigrationBy) -> (Vec<String>, Vec<u16>) {
    let c = &state.customers;
    match by {
        MigrationBy::Segment => (state.segments.iter().map(|s| s.name.clone()).collect(), c.segment.clone()),
        MigrationBy::Tier => {
            (state.tiers.iter().map(|t| t.name.clone()).collect(), c.tier.iter().map(|&t| u16::from(t)).collect())
        }
        MigrationBy::Lifecycle => (
            state.lifecycle.iter().map(|l| l.stage.clone()).collect(),
            c.lifecycle.iter().map(|&l| u16::from(l)).collect(),
        ),
    }
}

/// The migration matrix between the states `at_from` (D1) and `at_to` (D2), `None` where nobody is scored.
pub fn migration(
    table: &Table,
    (from, to): (Day, Day),
    by: MigrationBy,
    lookback_days: Option<i32>,
    at_from: Option<&RfmResult>,
    at_to: Option<&RfmResult>,
) -> MigrationResult {
    let (from_names, from_class) = at_from.map(|s| classes(s, by)).unwrap_or_default();
    let (to_names, to_class) = at_to.map(|s| classes(s, by)).unwrap_or_default();
    // Without a state, the other's classes name the rows or columns (the same options give the same classes).
    let row_names = if at_from.is_some() { from_names } else { to_names.clone() };
    let column_names = if at_to.is_some() { to_names } else { row_names.clone() };
    // Columns by name, so a class of D1 meets the same class of D2 whatever their order.
    let column_of_row: Vec<Option<usize>> =
        row_names.iter().map(|name| column_names.iter().position(|c| c == name)).collect();
    let (new_row, none_column) = (row_names.len(), column_names.len());
    let empty: &[u32] = &[];
    let from_codes = at_from.map_or(empty, |s| &s.customers.customer[..]);
    let to_codes = at_to.map_or(empty, |s| &s.customers.customer[..]);

    // Merge the two id-ordered populations.
    let mut customers = MigrationCustomers::default();
    let (mut i, mut j) = (0, 0);
    while i < from_codes.len() || j < to_codes.len() {
        let order = match (from_codes.get(i), to_codes.get(j)) {
            (Some(&a), Some(&b)) if a == b => Ordering::Equal,
            (Some(&a), Some(&b)) => table.customer.value(a).cmp(table.customer.value(b)),
            (Some(_), None) => Ordering::Less,
            _ => Ordering::Greater,
        };
        let (code, row, column) = match order {
            Ordering::Equal => (from_codes[i], from_class[i] as usize, to_class[j] as usize),
            Ordering::Less => (from_codes[i], from_class[i] as usize, none_column),
            Ordering::Greater => (to_codes[j], new_row, to_class[j] as usize),
        };
        if order != Ordering::Greater {
            i += 1;
        }
        if order != Ordering::Less {
            j += 1;
        }
        customers.customer.push(code);
        customers.from.push(row as u16);
        customers.to.push(column as u16);
    }

    let (rows, columns) = (new_row + 1, none_column + 1);
    let mut counts = vec![vec![0u64; columns]; rows];
    let mut cell_of_code = vec![u32::MAX; table.customer.distinct()];
    for k in 0..customers.customer.len() {
        let (row, column) = (customers.from[k] as usize, customers.to[k] as usize);
        counts[row][column] += 1;
        cell_of_code[customers.customer[k] as usize] = (row * columns + column) as u32;
    }
    let mut revenue = vec![Money::ZERO; rows * columns];
    for (row, &day) in table.day.iter().enumerate() {
        if day >= from && day < to {
            let cell = cell_of_code[table.customer.codes[row] as usize];
            if cell != u32::MAX {
                revenue[cell as usize] += table.amount[row];
            }
        }
    }
    let total = customers.customer.len() as u64;
    let row_shares = counts
        .iter()
        .map(|cells| {
            let row_total: u64 = cells.iter().sum();
            cells.iter().map(|&c| (row_total > 0).then(|| c as f64 / row_total as f64)).collect()
        })
        .collect();
    let shares = counts
        .iter()
        .map(|cells| cells.iter().map(|&c| (total > 0).then(|| c as f64 / total as f64)).collect())
        .collect();
    let revenue_between: Vec<Vec<Money>> = revenue.chunks(columns).map(<[Money]>::to_vec).collect();
    let revenue_between_exact =
        revenue_between.iter().map(|cells| cells.iter().map(|m| m.exact_string()).collect()).collect();

    let mut summary = MigrationSummary {
        stayed: 0,
        moved: 0,
        new: counts[new_row].iter().sum(),
        none: counts.iter().map(|cells| cells[none_column]).sum(),
        up: None,
        down: None,
    };
    let (mut up, mut down) = (0, 0);
    for (row, cells) in counts.iter().enumerate().take(new_row) {
        for (column, &count) in cells.iter().enumerate().take(none_column) {
            if column_of_row[row] == Some(column) {
                summary.stayed += count;
            } else {
                summary.moved += count;
                // Tiers are listed from the highest: a smaller column is a move up.
                match column_of_row[row].map(|same| column.cmp(&same)) {
                    Some(Ordering::Less) => up += count,
                    Some(Ordering::Greater) => down += count,
                    _ => {}
                }
            }
        }
    }
    if by == MigrationBy::Tier {
        (summary.up, summary.down) = (Some(up), Some(down));
    }
    let mut row_labels = row_names;
    row_labels.push(NEW.to_string());
    let mut column_labels = column_names;
    column_labels.push(NONE.to_string());
    MigrationResult {
        from,
        to,
        by: by.name(),
        lookback_days,
        rows: row_labels,
        columns: column_labels,
        counts,
        row_shares,
        shares,
        revenue_between,
        revenue_between_exact,
        summary,
        customers,
    }
}
