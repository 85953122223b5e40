//! Counting distinct (code, owner, group) triples in one pass over a table's rows: orders per customer (distinct
//! (order id, customer) pairs, §1), and orders and customers per group of the market comparison.

use super::{Table, NO_TEXT};
use rustc_hash::FxHashSet;

/// Counts distinct (code, owner, group) triples in one pass over the rows, answering "first time?" per row: orders
/// of a customer (distinct (order id, customer) pairs, §1) with [`new`](Self::new), orders per group of the market
/// comparison (distinct (order id, customer, group)) with [`grouped`](Self::grouped), and distinct (code, group) of
/// any code column with [`over`](Self::over), e.g. customers per group. Rows without an order column, or with a
/// blank order id, are orders of their own.
///
/// An order id normally belongs to one customer, so the first owner is remembered per code and only ids shared by
/// several customers fall back to a set. The groups seen with a code are bits next to each other (so the lines of
/// an order spanning several products, or a customer's rows in several regions, touch one word), up to a memory
/// budget; groups beyond it fall back to the set too.
pub struct DistinctCounter<'t> {
    codes: Option<&'t [u32]>,
    /// Per code: the first owner + 1 (0 while unseen); empty when owners are not tracked.
    owners: Vec<u32>,
    /// Bits per code in `seen`.
    bits_per_code: usize,
    /// Groups below this have their bit in `seen`: group `g` of code `c` is bit `c × bits_per_code + g`.
    dense_groups: usize,
    seen: Vec<u64>,
    shared: FxHashSet<(u32, u32, u32)>,
}

/// The most bits of `seen` one counter holds (8 MB): 5M lines by region × product (1.8M orders × 84 cells) took
/// 0.98 s in Node with 4 MB and 0.54 s with 8 MB (the groups past the budget fall back to the set).
const DENSE_BITS: usize = 1 << 26;

impl<'t> DistinctCounter<'t> {
    /// A counter over `table`'s order column (if any).
    pub fn new(table: &'t Table) -> DistinctCounter<'t> {
        DistinctCounter::grouped(table, 1)
    }

    /// A counter of distinct (order, customer, group) over `table`'s order column, groups `0..groups`.
    pub fn grouped(table: &'t Table, groups: usize) -> DistinctCounter<'t> {
        let mut counter = match table.order.as_ref() {
            Some(orders) => DistinctCounter::over(Some(&orders.codes), orders.distinct(), groups),
            None => DistinctCounter::over(None, 0, groups),
        };
        counter.owners = vec![0; table.order.as_ref().map_or(0, |o| o.distinct())];
        counter
    }

    /// A counter of distinct (code, group) over any code column with `distinct` codes, groups `0..groups`
    /// ([`NO_TEXT`] rows are always new; `None` makes every row new).
    pub fn over(codes: Option<&'t [u32]>, distinct: usize, groups: usize) -> DistinctCounter<'t> {
        // As many bits per code as groups (the most that fit in the budget): the bits of one code are next to each
        // other, so the lines of one order, or the rows of one customer, touch one or two words.
        let bits_per_code = groups.clamp(1, (DENSE_BITS / distinct.max(1)).max(1));
        let words = if codes.is_some() { (distinct * bits_per_code).div_ceil(64) } else { 0 };
        DistinctCounter {
            codes,
            owners: Vec::new(),
            bits_per_code,
            dense_groups: if codes.is_some() { groups.min(bits_per_code) } else { 0 },
            seen: vec![0; words],
            shared: FxHashSet::default(),
        }
    }

    /// Whether row `row` starts an order not yet counted for `customer`.
    pub fn is_new_order(&mut self, row: usize, customer: u32) -> bool {
        match self.codes {
            Some(codes) => self.is_new(codes[row], customer, 0),
            None => true,
        }
    }

    /// Whether (`code`, `owner`, `group`) was not seen yet: `code` is the row's code in the counter's column
    /// ([`NO_TEXT`] and a counter without a column answer always yes); `owner` (a customer code, `< u32::MAX`)
    /// counts only in a counter made by [`new`](Self::new) or [`grouped`](Self::grouped).
    #[inline(always)]
    pub fn is_new(&mut self, code: u32, owner: u32, group: u32) -> bool {
        if code == NO_TEXT {
            return true;
        }
        if let Some(first) = self.owners.get_mut(code as usize) {
            if *first == 0 {
                *first = owner + 1;
            } else if *first != owner + 1 {
                return self.is_new_shared(code, owner, group);
            }
        }
        if group as usize >= self.dense_groups {
            return self.is_new_shared(code, owner, group);
        }
        let index = code as usize * self.bits_per_code + group as usize;
        let word = &mut self.seen[index / 64];
        let bit = 1u64 << (index % 64);
        let new = *word & bit == 0;
        *word |= bit;
        new
    }

    /// The rare case: an id shared by several customers, or a group past the bitsets (or no column at all).
    #[cold]
    #[inline(never)]
    fn is_new_shared(&mut self, code: u32, owner: u32, group: u32) -> bool {
        self.codes.is_none() || self.shared.insert((code, owner, group))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{load, LoadOptions};

    #[test]
    fn counts_each_code_once_per_group_and_blank_codes_always() {
        let codes = [0, 1, 0, NO_TEXT, NO_TEXT];
        let mut counter = DistinctCounter::over(Some(&codes), 2, 3);
        assert!(counter.is_new(0, 0, 0));
        assert!(!counter.is_new(0, 0, 0));
        assert!(counter.is_new(0, 0, 2), "another group");
        assert!(counter.is_new(1, 0, 0), "another code");
        assert!(counter.is_new(NO_TEXT, 0, 0) && counter.is_new(NO_TEXT, 0, 0), "a blank code is new every time");
        // Without a column every row is new.
        let mut none = DistinctCounter::over(None, 0, 3);
        assert!(none.is_new(0, 0, 1) && none.is_new(0, 0, 1));
    }

    #[test]
    fn groups_past_the_memory_budget_are_counted_in_the_set() {
        // So many codes that one bit per code fits: group 0 is dense, groups 1 and 2 go to the set.
        let distinct = DENSE_BITS;
        let mut counter = DistinctCounter::over(Some(&[]), distinct, 3);
        assert_eq!(counter.dense_groups, 1);
        for group in 0..3 {
            assert!(counter.is_new(distinct as u32 - 1, 0, group), "{group}");
            assert!(!counter.is_new(distinct as u32 - 1, 0, group), "{group}");
        }
        assert_eq!(counter.shared.len(), 2);
    }

    #[test]
    fn an_order_id_shared_by_two_customers_is_two_orders() {
        let csv = "order_id,customer_id,order_date,amount\nA,C1,2024-01-01,1\nA,C2,2024-01-01,1\nA,C1,2024-01-02,1\n\
                   ,C1,2024-01-02,1\n,C1,2024-01-02,1\n";
        let table = load(csv.as_bytes(), &LoadOptions::default()).unwrap().table;
        let mut orders = DistinctCounter::new(&table);
        let customer = |row: usize| table.customer.codes[row];
        let new: Vec<bool> = (0..table.len()).map(|row| orders.is_new_order(row, customer(row))).collect();
        // A of C1, A of C2, A of C1 again, then two rows with a blank order id: each its own order.
        assert_eq!(new, [true, true, false, true, true]);
    }
}
