//! The customer frame: one entry per customer with a row dated before the analysis date `D`, in customer-id order
//! (Unicode code points), holding what every per-customer analysis starts from: first and last purchase,
//! purchase days, orders and monetary value (analytics.md §3), and the purchase occasions with their values
//! (§11.1). Built once per `D` from the orders table and cached by [`crate::workspace::Workspace`], so that
//! `rfm()`, the export and later analyses do not each rebuild it.

use super::PASS_CHUNK;
use crate::date::Day;
use crate::error::{LineExample, MAX_EXAMPLES};
use crate::money::{Money, UNITS_PER_CURRENCY};
use crate::table::{sort_by_text, DistinctCounter, Table};
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
        LineExample::sort_by_line(&mut excluded.examples);
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
    /// Text as codes into `names`; [`NO_TEXT`](crate::table::NO_TEXT) for a customer without a record or with a blank cell.
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
    /// Whether each occasion's date has a row of amount > 0, so that the purchase dates (§3: rows with amount > 0)
    /// are the occasions with this flag, in date order (for cohorts, churn and gaps, §12).
    pub occasion_purchase: Vec<bool>,
    // campaigns speed (issue 15.6): the per-order occasions, so the figures at an earlier date are read from this one.
    /// The orders (§1, as in [`orders`](Self::orders)) first counted on each occasion's date: their earliest row
    /// of amount > 0 is dated on it. The order count before a date is the sum over the occasions before it.
    pub occasion_orders: Vec<u32>,
    /// Dates with return rows only (amount < 0): no occasion, and their amounts are in no occasion value.
    pub return_only_days: Vec<u32>,
    /// Each return-only date's customer (a position in the frame), by customer and then date, with
    /// [`return_only_day`](Self::return_only_day) and [`return_only_value`](Self::return_only_value): the rest of
    /// the monetary value before an earlier date.
    pub return_only_customer: Vec<u32>,
    /// The date of each return-only date (see [`return_only_customer`](Self::return_only_customer)).
    pub return_only_day: Vec<Day>,
    /// The sum of each return-only date's amounts (negative).
    pub return_only_value: Vec<Money>,
    /// Rows dated on or after `D`.
    pub excluded: Excluded,
    /// Columns joined from attached files, aligned with the customers.
    pub attributes: Vec<JoinedColumn>,
}

/// What the classes of an RFM run read ([`classes_on`](super::rfm::classes_on)) of the scored customers at a date
/// (those with an order before it, §3), in id order: five columns instead of a whole frame, for the states at a
/// campaign's first contacts (§16.5).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScoredFigures {
    /// The date the figures are taken before.
    pub analysis_date: Day,
    /// Each scored customer's code.
    pub customer: Vec<u32>,
    /// Their earliest purchase date.
    pub first_purchase: Vec<Day>,
    /// Their latest purchase date.
    pub last_purchase: Vec<Day>,
    /// Their order count (§1), at least 1.
    pub orders: Vec<u32>,
    /// Their monetary value: all their amounts before the date, returns included.
    pub monetary: Vec<Money>,
}

/// One customer's running figures while their rows are read in date order: the date being summed (the "open"
/// date) and what the closed dates added up to. One struct per customer, so a row touches one place in memory.
#[derive(Clone, Copy)]
struct Running {
    /// The open date; [`UNSEEN`] before the customer's first row.
    open_day: Day,
    /// Sum of the open date's amounts.
    open_value: Money,
    /// Whether the open date has a row of amount ≥ 0 (an occasion).
    open_occasion: bool,
    /// Whether the open date has a row of amount > 0 (a purchase).
    open_purchase: bool,
    /// Orders first counted on the open date.
    open_orders: u32,
    /// The frame's columns of this customer, so far.
    total: Money,
    first: Day,
    last: Day,
    /// Order count (§1), counted by the caller.
    orders: u32,
    purchase_days: u32,
    return_only_days: u32,
    occasions: u32,
}

/// The open date of a customer without rows (yet).
const UNSEEN: Day = Day(i32::MIN);

impl Running {
    const NEW: Running = Running {
        open_day: UNSEEN,
        open_value: Money::ZERO,
        open_occasion: false,
        open_purchase: false,
        open_orders: 0,
        total: Money::ZERO,
        first: NO_PURCHASE,
        last: NO_PURCHASE,
        orders: 0,
        purchase_days: 0,
        return_only_days: 0,
        occasions: 0,
    };
}

/// A closed occasion: customer code, date, value, whether a purchase, orders first counted on it.
type Occasion = (u32, Day, Money, bool, u32);

/// Every customer's [`Running`] figures, and the closed occasions in the order they closed.
struct Days {
    customers: Vec<Running>,
    /// Each occasion; a customer's in date order when `in_order`.
    occasions: Vec<Occasion>,
    /// (customer code, date, value) of each return-only date; a customer's in date order when `in_order`.
    returns: Vec<(u32, Day, Money)>,
    /// Whether every customer's rows came in date order so far.
    in_order: bool,
}

impl Days {
    fn new(distinct: usize) -> Days {
        Days { customers: vec![Running::NEW; distinct], occasions: Vec::new(), returns: Vec::new(), in_order: true }
    }

    /// Adds a row of customer `code`: a new date closes the open one.
    #[inline(always)]
    fn add(&mut self, code: u32, day: Day, amount: Money) {
        let customer = &mut self.customers[code as usize];
        if customer.open_day != day {
            if customer.open_day != UNSEEN {
                self.in_order &= day > customer.open_day;
                Days::close(customer, code, &mut self.occasions, &mut self.returns);
            }
            customer.open_day = day;
            customer.open_value = Money::ZERO;
            customer.open_occasion = false;
            customer.open_purchase = false;
            customer.open_orders = 0;
        }
        customer.open_value += amount;
        customer.open_occasion |= amount >= Money::ZERO;
        customer.open_purchase |= amount > Money::ZERO;
    }

    /// Adds row `row` (of customer `code`, dated `day`, worth `amount`), counting its order (§1) on its date when
    /// `orders` has not seen it: in date order, an order's first row of amount > 0 is its earliest.
    #[inline(always)]
    fn add_row(&mut self, orders: &mut DistinctCounter<'_>, row: usize, code: u32, day: Day, amount: Money) {
        let new_order = amount > Money::ZERO && orders.is_new_order(row, code);
        self.add(code, day, amount);
        if new_order {
            let customer = &mut self.customers[code as usize];
            customer.orders += 1;
            customer.open_orders += 1;
        }
    }

    /// Adds the open date's figures to the customer's (§3, §11.1).
    fn close(customer: &mut Running, code: u32, occasions: &mut Vec<Occasion>, returns: &mut Vec<(u32, Day, Money)>) {
        let day = customer.open_day;
        customer.total += customer.open_value;
        if customer.open_purchase {
            if customer.first == NO_PURCHASE {
                customer.first = day;
            }
            customer.last = day;
            customer.purchase_days += 1;
        }
        if customer.open_occasion {
            customer.occasions += 1;
            occasions.push((code, day, customer.open_value, customer.open_purchase, customer.open_orders));
        } else {
            customer.return_only_days += 1;
            returns.push((code, day, customer.open_value));
        }
    }

    /// The rows of `table` from `since` to before `analysis_date` added in date order (the rows of a date in row order), so that
    /// every customer's rows come in date order: for tables whose customers' rows are not. The rows are put in
    /// date order by counting sorts on the day's offset from the earliest day, 16 bits at a time (one pass when
    /// the dates span fewer than 65,536 days, about 179 years): O(rows), and no comparison sort, each of which is
    /// ≈5 KB of wasm.
    fn in_date_order(table: &Table, since: Day, analysis_date: Day) -> Days {
        let (codes, days) = (&table.customer.codes, &table.day);
        let before = |row: &u32| (since..analysis_date).contains(&days[*row as usize]);
        let rows_before = || (0..days.len() as u32).filter(before);
        let (mut count, mut first, mut last) = (0, i64::MAX, i64::MIN);
        for row in rows_before() {
            let day = i64::from(days[row as usize].0);
            (count, first, last) = (count + 1, first.min(day), last.max(day));
        }
        // Offsets from the first day fit in 32 bits (days are i32).
        let offset = |row: u32| (i64::from(days[row as usize].0) - first) as u32;
        let mut rows = by_digit(rows_before(), count, |row| (offset(row) & 0xFFFF) as usize);
        if last - first >= 1 << 16 {
            rows = by_digit(rows.iter().copied(), count, |row| (offset(row) >> 16) as usize);
        }
        let mut running = Days::new(table.customer.distinct());
        let mut orders = DistinctCounter::new(table);
        for &row in &rows {
            let row = row as usize;
            running.add_row(&mut orders, row, codes[row], days[row], table.amount[row]);
        }
        running
    }

    /// Closes every customer's last date.
    fn finish(&mut self) {
        for (code, customer) in self.customers.iter_mut().enumerate() {
            if customer.open_day != UNSEEN {
                Days::close(customer, code as u32, &mut self.occasions, &mut self.returns);
            }
        }
    }
}

/// `rows` (walked twice) ordered by `digit(row)`, below 65,536, keeping the order of rows of the same digit: a
/// counting sort. `count` is the number of rows.
fn by_digit(rows: impl Iterator<Item = u32> + Clone, count: usize, digit: impl Fn(u32) -> usize) -> Vec<u32> {
    let mut next = vec![0usize; (1 << 16) + 1];
    for row in rows.clone() {
        next[digit(row) + 1] += 1;
    }
    for d in 0..1 << 16 {
        next[d + 1] += next[d];
    }
    let mut sorted = vec![0u32; count];
    for row in rows {
        let at = &mut next[digit(row)];
        sorted[*at] = row;
        *at += 1;
    }
    sorted
}

impl CustomerFrame {
    /// Builds the frame of `table` at `analysis_date`. One pass over the rows sums each customer's dates as they
    /// come, which needs each customer's rows in date order (as exports list them); when they are not, the rows
    /// are put in date order and summed again. The customers are then sorted by id
    /// once, and the occasions placed in that order.
    pub fn build(table: &Table, analysis_date: Day) -> CustomerFrame {
        CustomerFrame::build_window(table, None, analysis_date)
    }

    /// [`build`](Self::build) over the rows dated from `since` (when given) to before `analysis_date` only: a
    /// state with a look-back window (analytics.md §13.1 `lookbackDays`). Rows before `since` are outside the
    /// window by request, so they are not reported; rows on or after `analysis_date` are, in `excluded`.
    pub fn build_window(table: &Table, since: Option<Day>, analysis_date: Day) -> CustomerFrame {
        let since = since.unwrap_or(Day(i32::MIN));
        let distinct = table.customer.distinct();
        let (codes, days, amounts) = (&table.customer.codes, &table.day, &table.amount);
        let mut running = Days::new(distinct);
        let mut orders = DistinctCounter::new(table);
        let mut excluded = Excluded::default();
        for (row, &code) in codes.iter().enumerate() {
            let day = days[row];
            if day >= analysis_date {
                excluded.add(table, row);
                continue;
            }
            if day < since {
                continue;
            }
            running.add_row(&mut orders, row, code, day, amounts[row]);
        }
        if !running.in_order {
            // Again in date order, so that each order is counted on its earliest date.
            running = Days::in_date_order(table, since, analysis_date);
        }
        running.finish();
        LineExample::sort_by_line(&mut excluded.examples);

        let mut customer: Vec<u32> =
            (0..distinct as u32).filter(|&code| running.customers[code as usize].open_day != UNSEEN).collect();
        let ids: Vec<&str> = table.customer.dictionary.values().collect();
        sort_by_text(&mut customer, &ids);
        let n = customer.len();
        let mut frame = CustomerFrame {
            analysis_date,
            first_purchase: Vec::with_capacity(n),
            last_purchase: Vec::with_capacity(n),
            purchase_days: Vec::with_capacity(n),
            orders: Vec::with_capacity(n),
            monetary: Vec::with_capacity(n),
            occasion_start: Vec::with_capacity(n + 1),
            occasion_day: vec![Day(0); running.occasions.len()],
            occasion_value: vec![Money::ZERO; running.occasions.len()],
            occasion_purchase: vec![false; running.occasions.len()],
            occasion_orders: vec![0; running.occasions.len()],
            return_only_days: Vec::with_capacity(n),
            return_only_customer: Vec::new(),
            return_only_day: Vec::new(),
            return_only_value: Vec::new(),
            excluded,
            attributes: Vec::new(),
            customer: Vec::new(),
        };
        // Each customer's occasions go to their place in id order, keeping their (date) order.
        let mut next = vec![0usize; distinct];
        let mut start = 0;
        frame.occasion_start.push(start);
        for &code in &customer {
            let c = &running.customers[code as usize];
            next[code as usize] = start;
            start += c.occasions as usize;
            frame.occasion_start.push(start);
            frame.first_purchase.push(c.first);
            frame.last_purchase.push(c.last);
            frame.purchase_days.push(c.purchase_days);
            frame.orders.push(c.orders);
            frame.monetary.push(c.total);
            frame.return_only_days.push(c.return_only_days);
        }
        for &(code, day, value, purchase, orders) in &running.occasions {
            let at = &mut next[code as usize];
            frame.occasion_day[*at] = day;
            frame.occasion_value[*at] = value;
            frame.occasion_purchase[*at] = purchase;
            frame.occasion_orders[*at] = orders;
            *at += 1;
        }
        // The return-only dates likewise, by frame position and then date.
        frame.return_only_day = vec![Day(0); running.returns.len()];
        frame.return_only_value = vec![Money::ZERO; running.returns.len()];
        frame.return_only_customer.reserve_exact(running.returns.len());
        for (i, &code) in customer.iter().enumerate() {
            next[code as usize] = frame.return_only_customer.len();
            let days = running.customers[code as usize].return_only_days as usize;
            frame.return_only_customer.extend(std::iter::repeat_n(i as u32, days));
        }
        for &(code, day, value) in &running.returns {
            let at = &mut next[code as usize];
            frame.return_only_day[*at] = day;
            frame.return_only_value[*at] = value;
            *at += 1;
        }
        frame.customer = customer;
        frame
    }

    /// The scored customers' figures at each of `dates` (`None` for a date after this frame's), read in one pass
    /// over this frame's occasions and return-only dates: equal to [`scored_figures`](Self::scored_figures) of the
    /// frame built at each date ([`build_window`](Self::build_window) with this frame's window start), without
    /// building those frames. The states at several dates (a campaign's first contacts, §16.5) then cost one read
    /// of this frame in all (issue 15.6).
    pub fn scored_figures_at(&self, dates: &[Day]) -> Vec<Option<ScoredFigures>> {
        let n = self.len();
        let mut out: Vec<Option<ScoredFigures>> = dates
            .iter()
            .map(|&date| {
                (date <= self.analysis_date).then(|| ScoredFigures {
                    analysis_date: date,
                    customer: Vec::with_capacity(n),
                    first_purchase: Vec::with_capacity(n),
                    last_purchase: Vec::with_capacity(n),
                    orders: Vec::with_capacity(n),
                    monetary: Vec::with_capacity(n),
                })
            })
            .collect();
        let mut ascending: Vec<usize> = (0..dates.len()).filter(|&j| out[j].is_some()).collect();
        ascending.sort_by_key(|&j| dates[j]);
        let mut next_return = 0;
        for chunk in (0..n).step_by(PASS_CHUNK) {
            next_return =
                self.scored_figures_chunk(chunk..n.min(chunk + PASS_CHUNK), next_return, dates, &ascending, &mut out);
        }
        out
    }

    /// [`scored_figures_at`](Self::scored_figures_at) for the customers at `positions`, whose return-only dates
    /// start at `next_return`; returns where the next customer's start. A function of its own ([`PASS_CHUNK`]).
    #[inline(never)]
    fn scored_figures_chunk(
        &self,
        positions: Range<usize>,
        mut next_return: usize,
        dates: &[Day],
        ascending: &[usize],
        out: &mut [Option<ScoredFigures>],
    ) -> usize {
        for i in positions {
            let mut returns_end = next_return;
            while returns_end < self.return_only_customer.len() && self.return_only_customer[returns_end] == i as u32 {
                returns_end += 1;
            }
            let (mut k, end, mut r) = (self.occasion_start[i], self.occasion_start[i + 1], next_return);
            next_return = returns_end;
            let (mut first, mut last, mut orders, mut monetary) = (NO_PURCHASE, NO_PURCHASE, 0u32, Money::ZERO);
            // The customer's figures grow date by date: each date reads on from where the one before stopped.
            for &j in ascending {
                let date = dates[j];
                while k < end && self.occasion_day[k] < date {
                    monetary += self.occasion_value[k];
                    orders += self.occasion_orders[k];
                    if self.occasion_purchase[k] {
                        if first == NO_PURCHASE {
                            first = self.occasion_day[k];
                        }
                        last = self.occasion_day[k];
                    }
                    k += 1;
                }
                while r < returns_end && self.return_only_day[r] < date {
                    monetary += self.return_only_value[r];
                    r += 1;
                }
                if orders == 0 {
                    continue;
                }
                if let Some(figures) = out[j].as_mut() {
                    figures.customer.push(self.customer[i]);
                    figures.first_purchase.push(first);
                    figures.last_purchase.push(last);
                    figures.orders.push(orders);
                    figures.monetary.push(monetary);
                }
            }
        }
        next_return
    }

    /// This frame's scored customers' figures (those with an order, §3), in id order.
    pub fn scored_figures(&self) -> ScoredFigures {
        let scored: Vec<usize> = self.scored().collect();
        ScoredFigures {
            analysis_date: self.analysis_date,
            customer: scored.iter().map(|&i| self.customer[i]).collect(),
            first_purchase: scored.iter().map(|&i| self.first_purchase[i]).collect(),
            last_purchase: scored.iter().map(|&i| self.last_purchase[i]).collect(),
            orders: scored.iter().map(|&i| self.orders[i]).collect(),
            monetary: scored.iter().map(|&i| self.monetary[i]).collect(),
        }
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
