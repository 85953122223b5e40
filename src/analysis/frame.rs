//! The customer frame: one entry per customer with a row dated before the analysis date `D`, in customer-id order
//! (Unicode code points), holding what every per-customer analysis starts from: first and last purchase,
//! purchase days, orders and monetary value (analytics.md §3), and the purchase occasions with their values
//! (§11.1). Built once per `D` from the orders table and cached by [`crate::workspace::Workspace`], so that
//! `rfm()`, the export and later analyses do not each rebuild it.

use super::customers::OrderCounter;
use crate::date::Day;
use crate::error::{LineExample, MAX_EXAMPLES};
use crate::money::{Money, UNITS_PER_CURRENCY};
use crate::table::{Table, NO_TEXT};
use serde::Serialize;
use std::ops::Range;

/// Rows left out because they are dated on or after the analysis date.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Excluded {
    /// How many rows.
    pub count: u64,
    /// The first few rows (by line).
    pub examples: Vec<LineExample>,
}

impl Excluded {
    /// Rows of `table` dated on or after `analysis_date`.
    pub fn rows_on_or_after(table: &Table, analysis_date: Day) -> Excluded {
        let mut excluded = Excluded::default();
        for (row, day) in table.day.iter().enumerate() {
            if *day >= analysis_date {
                excluded.add(table, row);
            }
        }
        excluded.examples.sort_by_key(|e| e.line);
        excluded
    }

    /// Counts row `row`, keeping it as an example while there are fewer than [`MAX_EXAMPLES`].
    fn add(&mut self, table: &Table, row: usize) {
        self.count += 1;
        if self.examples.len() < MAX_EXAMPLES {
            self.examples.push(LineExample { line: table.line[row], text: table.describe_row(row) });
        }
    }
}

/// The first and last purchase of a customer who has none (rows with amount ≤ 0 only): such a customer has no
/// purchase day and is not scored.
pub const NO_PURCHASE: Day = Day(i32::MIN);

/// Orders, revenue and customers over every row dated before `D` (every customer, returns included): the figures
/// `compare()` gives as its total for the same `D`, so the page needs no second call for them.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Totals {
    /// Order count (§1) over all customers.
    pub orders: u64,
    /// Sum of every amount, returns included.
    pub revenue: Money,
    /// The same, exact (`"1234.5000"`).
    pub revenue_exact: String,
    /// Revenue ÷ orders in currency units; `None` when there is no order.
    pub aov: Option<f64>,
    /// Customers with an order (the scored customers).
    pub customers: u64,
}

/// A per-customer column joined from an attached file (the customers file of §14.1), one value per frame
/// customer. The frame has room for them; the workspace fills them when a file is joined.
#[derive(Clone, Debug, PartialEq)]
pub struct JoinedColumn {
    /// The column's role or header (`gender`, `age`, …).
    pub name: String,
    /// The values, aligned with the frame's customers.
    pub values: JoinedValues,
}

/// The values of a [`JoinedColumn`].
#[derive(Clone, Debug, PartialEq)]
pub enum JoinedValues {
    /// Text as codes into `names`; [`NO_TEXT`] for a customer without a record or with a blank cell.
    Text {
        /// One code per customer.
        codes: Vec<u32>,
        /// The distinct values.
        names: Vec<String>,
    },
    /// Numbers in 1/10,000 units; `None` where missing.
    Number(Vec<Option<i64>>),
    /// Dates (birth date, join date); `None` where missing.
    Date(Vec<Option<Day>>),
}

/// The per-customer columns over the rows dated before [`analysis_date`](Self::analysis_date), entry `i` of every
/// column describing the same customer. Customers are in id order (code points), all of them: those without a
/// purchase too ([`is_scored`](Self::is_scored) tells them apart).
#[derive(Clone, Debug, PartialEq)]
pub struct CustomerFrame {
    /// The analysis date `D` the frame was built for.
    pub analysis_date: Day,
    /// Each customer's code in the table's customer column, in id order.
    pub customer: Vec<u32>,
    /// Earliest date of a row with amount > 0; [`NO_PURCHASE`] when there is none.
    pub first_purchase: Vec<Day>,
    /// Latest date of a row with amount > 0; [`NO_PURCHASE`] when there is none.
    pub last_purchase: Vec<Day>,
    /// Distinct dates with a row of amount > 0.
    pub purchase_days: Vec<u32>,
    /// Order count (§1): distinct order ids among the rows with amount > 0 (rows with amount > 0 without an
    /// order column; a blank order id is an order of its own). The RFM frequency.
    pub orders: Vec<u32>,
    /// Sum of all amounts, returns included.
    pub monetary: Vec<Money>,
    /// Where each customer's occasions start in [`occasion_day`](Self::occasion_day) and
    /// [`occasion_value`](Self::occasion_value): customer `i`'s are `occasion_start[i]..occasion_start[i + 1]`
    /// (one more entry than customers).
    pub occasion_start: Vec<usize>,
    /// The date of each purchase occasion (§11.1: a customer's date with at least one row of amount ≥ 0), in date
    /// order per customer.
    pub occasion_day: Vec<Day>,
    /// The value of each occasion: the sum of all that customer's amounts that date (a same-day return nets out).
    pub occasion_value: Vec<Money>,
    /// Dates with return rows only (amount < 0): no occasion, and their amounts are in no occasion value.
    pub return_only_days: Vec<u32>,
    /// Rows dated on or after `D`.
    pub excluded: Excluded,
    /// Columns joined from attached files, aligned with the customers.
    pub attributes: Vec<JoinedColumn>,
}

impl CustomerFrame {
    /// Builds the frame of `table` at `analysis_date`: one pass over the rows for the order counts, the customers
    /// sorted by id once, their rows bucketed by customer, and each customer's rows walked by date.
    pub fn build(table: &Table, analysis_date: Day) -> CustomerFrame {
        let distinct = table.customer.distinct();
        let mut rows_of = vec![0usize; distinct];
        let mut orders_of = vec![0u32; distinct];
        let mut counter = OrderCounter::new(table);
        let mut excluded = Excluded::default();
        let codes = &table.customer.codes;
        for (row, &code) in codes.iter().enumerate() {
            if table.day[row] >= analysis_date {
                excluded.add(table, row);
                continue;
            }
            rows_of[code as usize] += 1;
            if table.amount[row] > Money::ZERO && counter.is_new_order(row, code) {
                orders_of[code as usize] += 1;
            }
        }
        let mut customer: Vec<u32> = (0..distinct as u32).filter(|&code| rows_of[code as usize] > 0).collect();
        customer.sort_unstable_by(|&a, &b| table.customer.value(a).cmp(table.customer.value(b)));

        // The rows before D bucketed by customer position: customer i's are rows[start[i]..start[i + 1]].
        let n = customer.len();
        let mut position_of = vec![NO_TEXT; distinct];
        let mut start = Vec::with_capacity(n + 1);
        start.push(0);
        for (position, &code) in customer.iter().enumerate() {
            position_of[code as usize] = position as u32;
            start.push(start[position] + rows_of[code as usize]);
        }
        let mut next = start[..n].to_vec();
        let mut rows = vec![0usize; start[n]];
        for row in 0..table.len() {
            if table.day[row] < analysis_date {
                let position = position_of[codes[row] as usize] as usize;
                rows[next[position]] = row;
                next[position] += 1;
            }
        }
        drop(next);

        let mut frame = CustomerFrame {
            analysis_date,
            first_purchase: Vec::with_capacity(n),
            last_purchase: Vec::with_capacity(n),
            purchase_days: Vec::with_capacity(n),
            orders: customer.iter().map(|&code| orders_of[code as usize]).collect(),
            monetary: Vec::with_capacity(n),
            occasion_start: Vec::with_capacity(n + 1),
            occasion_day: Vec::new(),
            occasion_value: Vec::new(),
            return_only_days: Vec::with_capacity(n),
            excluded,
            attributes: Vec::new(),
            customer,
        };
        frame.occasion_start.push(0);
        for position in 0..n {
            let mine = &mut rows[start[position]..start[position + 1]];
            // Exports list rows by date more often than not: sort only when they are not.
            if !mine.is_sorted_by_key(|&row| table.day[row]) {
                mine.sort_unstable_by_key(|&row| table.day[row]);
            }
            frame.walk_days(table, mine);
        }
        frame.excluded.examples.sort_by_key(|e| e.line);
        frame
    }

    /// Appends one customer's day-level columns from their rows before `D`, sorted by date.
    fn walk_days(&mut self, table: &Table, rows: &[usize]) {
        let (mut first, mut last) = (NO_PURCHASE, NO_PURCHASE);
        let (mut purchase_days, mut return_only_days) = (0u32, 0u32);
        let mut total = Money::ZERO;
        let mut k = 0;
        while k < rows.len() {
            let day = table.day[rows[k]];
            let (mut value, mut occasion, mut purchase) = (Money::ZERO, false, false);
            while k < rows.len() && table.day[rows[k]] == day {
                let amount = table.amount[rows[k]];
                value += amount;
                occasion |= amount >= Money::ZERO;
                purchase |= amount > Money::ZERO;
                k += 1;
            }
            total += value;
            if purchase {
                if first == NO_PURCHASE {
                    first = day;
                }
                last = day;
                purchase_days += 1;
            }
            if occasion {
                self.occasion_day.push(day);
                self.occasion_value.push(value);
            } else {
                return_only_days += 1;
            }
        }
        self.first_purchase.push(first);
        self.last_purchase.push(last);
        self.purchase_days.push(purchase_days);
        self.monetary.push(total);
        self.return_only_days.push(return_only_days);
        self.occasion_start.push(self.occasion_day.len());
    }

    /// Number of customers (with a row before `D`).
    pub fn len(&self) -> usize {
        self.customer.len()
    }

    /// Whether no customer has a row before `D`.
    pub fn is_empty(&self) -> bool {
        self.customer.is_empty()
    }

    /// Whether customer `i` has an order (frequency ≥ 1), so RFM can score them (§3).
    pub fn is_scored(&self, i: usize) -> bool {
        self.orders[i] > 0
    }

    /// The positions of the scored customers, in id order.
    pub fn scored(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.len()).filter(|&i| self.is_scored(i))
    }

    /// Customer `i`'s id.
    pub fn id<'t>(&self, table: &'t Table, i: usize) -> &'t str {
        table.customer.value(self.customer[i])
    }

    /// Where customer `i`'s occasions lie in [`occasion_day`](Self::occasion_day) and
    /// [`occasion_value`](Self::occasion_value).
    pub fn occasions(&self, i: usize) -> Range<usize> {
        self.occasion_start[i]..self.occasion_start[i + 1]
    }

    /// Orders, revenue (all rows before `D`), aov and customers with an order.
    pub fn totals(&self) -> Totals {
        let orders: u64 = self.orders.iter().map(|&o| u64::from(o)).sum();
        let revenue: Money = self.monetary.iter().copied().sum();
        Totals {
            orders,
            revenue,
            revenue_exact: revenue.exact_string(),
            // As compare() computes its aov, so that both give the same bits.
            aov: (orders != 0).then(|| revenue.0 as f64 / UNITS_PER_CURRENCY as f64 / orders as f64),
            customers: self.orders.iter().filter(|&&o| o > 0).count() as u64,
        }
    }
}
