//! Distinct counting of orders and customers, per customer or per group (the per-customer metrics are in
//! [`super::frame`]).

use crate::table::{Table, NO_TEXT};
use rustc_hash::FxHashSet;

/// Counts distinct (customer, order id) pairs in one pass: an order id normally belongs to one customer, so the
/// first owner is remembered per order code and only shared ids fall back to a set. Rows without an order
/// column, or with a blank order id, are orders of their own.
///
/// It also counts per group (the market comparison's groups and cells): distinct (order, customer, group) with
/// [`grouped`](Self::grouped), or distinct (code, group) of any code column with [`over`](Self::over), e.g.
/// distinct customers per group. The groups seen with a code are bits next to each other (so the lines of an
/// order spanning several products, or a customer's rows in several regions, touch one word), up to a memory
/// budget; groups beyond it, and ids shared by several customers, fall back to the set.
pub struct OrderCounter<'t> {
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

impl<'t> OrderCounter<'t> {
    /// A counter over `table`'s order column (if any).
    pub fn new(table: &'t Table) -> OrderCounter<'t> {
        OrderCounter::grouped(table, 1)
    }

    /// A counter of distinct (order, customer, group) over `table`'s order column, groups `0..groups`.
    pub fn grouped(table: &'t Table, groups: usize) -> OrderCounter<'t> {
        let mut counter = match table.order.as_ref() {
            Some(orders) => OrderCounter::over(Some(&orders.codes), orders.distinct(), groups),
            None => OrderCounter::over(None, 0, groups),
        };
        counter.owners = vec![0; table.order.as_ref().map_or(0, |o| o.distinct())];
        counter
    }

    /// A counter of distinct (code, group) over any code column with `distinct` codes, groups `0..groups`
    /// ([`NO_TEXT`] rows are always new; `None` makes every row new).
    pub fn over(codes: Option<&'t [u32]>, distinct: usize, groups: usize) -> OrderCounter<'t> {
        // As many bits per code as groups (the most that fit in the budget): the bits of one code are next to each
        // other, so the lines of one order, or the rows of one customer, touch one or two words.
        let bits_per_code = groups.clamp(1, (DENSE_BITS / distinct.max(1)).max(1));
        let words = if codes.is_some() { (distinct * bits_per_code).div_ceil(64) } else { 0 };
        OrderCounter {
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
