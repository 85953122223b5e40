//! Counting one window: a dimension's groups (a file column's values, or a computed dimension's per customer),
//! the top-N slots, and one pass over the rows that sums money and units and counts distinct orders and customers
//! per slot, per row and column of a cross table, and for the total.

use super::options::CompareOptions;
use super::result::KeyPart;
use super::RfmSource;
use crate::analysis::profile::AttributeColumn;
use crate::analysis::rfm::{RfmOptions, RfmResult};
use crate::date::Day;
use crate::error::{Error, ErrorKind};
use crate::table::{sort_indices, DistinctCounter, Table, NO_TEXT, QUANTITY_MISSING};
use std::rc::Rc;

/// An inclusive window of days, already cut at `D − 1`.
#[derive(Clone, Copy, Debug)]
pub(super) struct Window {
    /// First day.
    pub(super) from: Day,
    /// Last day.
    pub(super) to: Day,
}

/// A dimension as group indexes: `names[group]`, the last one [`KeyPart::Blank`]; a row's group comes from its code
/// in `codes` (a file column's value codes, or customer codes for computed dimensions).
pub(super) struct Dimension<'t> {
    codes: &'t [u32],
    /// The group of each code, then (last) the group of [`NO_TEXT`]: the blank group.
    group_by_code: Vec<u32>,
    names: Vec<KeyPart>,
}

impl Dimension<'_> {
    #[inline(always)]
    fn group(&self, row: usize) -> usize {
        // NO_TEXT (u32::MAX) is cut to the last entry: the blank group.
        self.group_by_code[(self.codes[row] as usize).min(self.group_by_code.len() - 1)] as usize
    }
}

/// A dimension's output slots (the top N groups, then [`KeyPart::Other`]), looked up per row by code.
pub(super) struct Slots<'t> {
    codes: &'t [u32],
    /// The slot of each code, then (last) the slot of [`NO_TEXT`].
    by_code: Vec<u32>,
    /// The key part of each slot.
    pub(super) names: Vec<KeyPart>,
}

impl Slots<'_> {
    #[inline(always)]
    fn of(&self, row: usize) -> u32 {
        // NO_TEXT (u32::MAX) is cut to the last entry: the blank slot.
        self.by_code[(self.codes[row] as usize).min(self.by_code.len() - 1)]
    }

    /// Number of slots.
    pub(super) fn len(&self) -> usize {
        self.names.len()
    }
}

/// Exact sums per slot of one window.
pub(super) struct Sums {
    /// Sum of amounts, 1/10,000 units.
    pub(super) revenue: Vec<i64>,
    /// Sum of quantities, 1/10,000 units.
    pub(super) units: Vec<i64>,
    /// Distinct orders.
    pub(super) orders: Vec<u64>,
    /// Distinct customers.
    pub(super) customers: Vec<u64>,
    /// Rows (any amount): a slot with rows is listed.
    pub(super) rows: Vec<u64>,
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
/// Other orders (lines scattered through the file, an id shared by several customers) go to a [`DistinctCounter`].
pub(super) fn contiguous_orders(table: &Table) -> Vec<bool> {
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
/// slot, customers new to a slot in their run are looked up in a [`DistinctCounter`] over customer codes, and
/// orders not counted by runs in another one.
struct Grouping<'t> {
    table: &'t Table,
    slots: Vec<SlotCounts>,
    customers: DistinctCounter<'t>,
    /// Orders not counted by runs, made on first use.
    other_orders: Option<DistinctCounter<'t>>,
}

impl<'t> Grouping<'t> {
    fn new(table: &'t Table, slots: usize) -> Grouping<'t> {
        Grouping {
            table,
            slots: vec![SlotCounts::default(); slots],
            customers: DistinctCounter::over(Some(&table.customer.codes), table.customer.distinct(), slots),
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
                other_orders.get_or_insert_with(|| DistinctCounter::grouped(table, groups)).is_new(
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
pub(super) struct Measured {
    /// The first day with a row in the window.
    pub(super) first_day: Option<Day>,
    /// All rows of the window.
    pub(super) total: Sums,
    /// Groups (one dimension) or cells (two, row-major).
    pub(super) cells: Sums,
    /// With two dimensions, the first dimension's groups.
    pub(super) rows: Option<Sums>,
    /// With two dimensions, the second dimension's groups.
    pub(super) columns: Option<Sums>,
}

/// The groups of dimension `name`: a file column, or a computed one from the RFM analysis (run once).
pub(super) fn dimension<'t>(
    table: &'t Table,
    name: &str,
    options: &CompareOptions,
    analysis_date: Day,
    rfm_result: &mut Option<Option<Rc<RfmResult>>>,
    rfm_source: &RfmSource<'_>,
) -> Result<Dimension<'t>, Error> {
    if let Some(column) = table.dimension(name) {
        let values = &column.values;
        let mut names: Vec<KeyPart> = values.values().map(|v| KeyPart::Value(v.to_string())).collect();
        names.push(KeyPart::Blank);
        let group_by_code = (0..=values.distinct() as u32).collect(); // the last one is the blank group
        return Ok(Dimension { codes: &values.codes, group_by_code, names });
    }
    if rfm_result.is_none() {
        let rfm_options = RfmOptions { analysis_date: Some(analysis_date), ..options.rfm.clone() };
        *rfm_result = Some(match rfm_source(&rfm_options) {
            Ok(result) => Some(result),
            Err(e) if matches!(e.kind(), ErrorKind::NoCustomers { .. }) => None, // everyone is (blank)
            Err(e) => return Err(e),
        });
    }
    let result = rfm_result.as_ref().and_then(Option::as_ref);
    let value = |name: &String| KeyPart::Value(name.clone());
    let (mut names, assigned): (Vec<KeyPart>, Vec<u32>) = match (result, name) {
        (None, _) => (Vec::new(), Vec::new()),
        (Some(r), "segment") => (
            r.segments.iter().map(|s| value(&s.name)).collect(),
            r.customers.segment.iter().map(|&s| u32::from(s)).collect(),
        ),
        (Some(r), "tier") => {
            (r.tiers.iter().map(|t| value(&t.name)).collect(), r.customers.tier.iter().map(|&t| u32::from(t)).collect())
        }
        (Some(r), _) => (
            r.lifecycle.iter().map(|l| value(&l.stage)).collect(),
            r.customers.lifecycle.iter().map(|&l| u32::from(l)).collect(),
        ),
    };
    let blank = names.len() as u32;
    names.push(KeyPart::Blank);
    let mut group_by_code = vec![blank; table.customer.distinct() + 1];
    if let Some(r) = result {
        for (&customer, &group) in r.customers.customer.iter().zip(&assigned) {
            group_by_code[customer as usize] = group;
        }
    }
    Ok(Dimension { codes: &table.customer.codes, group_by_code, names })
}

/// The groups of a customers-file attribute (§14.3): its values by customer code, the last group `(blank)`.
pub(super) fn attribute_dimension(table: &Table, column: AttributeColumn) -> Dimension<'_> {
    let mut names: Vec<KeyPart> = column.values.into_iter().map(KeyPart::Value).collect();
    names.push(KeyPart::Blank);
    let mut group_by_code = column.code;
    // Codes past the attribute's (none in practice), and NO_TEXT: blank.
    group_by_code.resize(table.customer.distinct(), names.len() as u32 - 1);
    group_by_code.push(names.len() as u32 - 1);
    Dimension { codes: &table.customer.codes, group_by_code, names }
}

/// The top `top` groups of `dimension` by revenue in the current window (ties by name), the rest in `Other`.
/// Groups with rows in neither window get no slot of their own.
pub(super) fn rank_groups<'t>(
    table: &Table,
    dimension: &Dimension<'t>,
    top: usize,
    current: Window,
    previous: Option<Window>,
) -> Slots<'t> {
    let groups = dimension.names.len();
    let identity =
        || Slots { codes: dimension.codes, by_code: dimension.group_by_code.clone(), names: dimension.names.clone() };
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
    let mut ranked: Vec<u32> = (0..groups as u32).filter(|&g| present[g as usize]).collect();
    if ranked.len() <= top {
        return identity();
    }
    sort_indices(&mut ranked, &|a, b| {
        let (a, b) = (a as usize, b as usize);
        revenue[b].cmp(&revenue[a]).then_with(|| dimension.names[a].cmp(&dimension.names[b]))
    });
    let other = top as u32;
    let mut slot_of_group = vec![other; groups];
    let mut names = Vec::with_capacity(top + 1);
    for (slot, &g) in ranked[..top].iter().enumerate() {
        let g = g as usize;
        slot_of_group[g] = slot as u32;
        names.push(dimension.names[g].clone());
    }
    names.push(KeyPart::Other);
    Slots {
        codes: dimension.codes,
        by_code: dimension.group_by_code.iter().map(|&g| slot_of_group[g as usize]).collect(),
        names,
    }
}

/// One pass over the rows of `window`: sums and distinct counts for the total and every slot. Sums are kept per
/// cell only; the total's and the row and column totals' are the cells' added up (exact), so only their distinct
/// counts need counting, and only for rows new in their cell.
///
/// Orders are counted by runs where `contiguous` (see [`contiguous_orders`]) says so. Without it, every order is
/// assumed to be one run of one customer, which is checked as the rows come: `None` when an order is not.
pub(super) fn measure(
    table: &Table,
    slots: &[Slots<'_>],
    window: Window,
    contiguous: Option<&[bool]>,
) -> Option<Measured> {
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
