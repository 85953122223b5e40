//! The columnar tables that ingest builds and analysis reads: the order lines (one entry per usable line) and the
//! joined customers and campaign files, with strings interned, days and money as integers. Customer ids are codes
//! of one [`Dictionary`] shared by every table of a dataset: the orders' customer column's.

mod dict;
mod group;
mod joined;
mod text;

pub(crate) use dict::same_bytes;
pub use dict::{Dictionary, NO_TEXT};
pub use group::DistinctCounter;
pub use joined::{CampaignTable, ContactGroup, CustomerTable, NO_ROW};
pub use text::{TextColumn, TextColumnBuilder};

use crate::date::Day;
use crate::money::Money;

/// Sorts `items`, indexes into `texts`, by their text in code-point order (through [`sort_indices`]).
pub fn sort_by_text(items: &mut [u32], texts: &[&str]) {
    sort_indices(items, &|a, b| texts[a as usize].cmp(texts[b as usize]));
}

/// Sorts `items` (indexes) by `compare`: the module's one comparison sort of indexes (the customer frame's ids,
/// the tiers' ties, the comparison's groups), behind a `dyn` comparison because in wasm every instance of the
/// library's sort is a copy of the whole sort, ≈7–11 KB. (Plain numbers have [`sort_by_number`], where a call
/// per comparison would cost a third of the time.)
#[inline(never)]
pub fn sort_indices(items: &mut [u32], compare: &dyn Fn(u32, u32) -> std::cmp::Ordering) {
    items.sort_unstable_by(|&a, &b| compare(a, b));
}

/// Sorts `items`, indexes into `values`, by their value, smallest first. The one sort of indexes by a number,
/// shared by the rank scores and the tiers' ranking (a copy of the sort each otherwise, ≈7 KB in wasm).
///
/// Many items (the customers of an RFM run, several per campaign's first contact, issue 15.6) are sorted by a
/// least-significant-digit radix sort of the values' offsets from the smallest, 11 bits per pass and only as many
/// passes as the range needs (4 for amounts up to 10⁹ currency units): O(n) and sequential, where the comparison
/// sort reads a value at random per comparison. Equal values keep their order in that case; callers must not rely
/// on the order of equal values either way.
#[inline(never)]
pub fn sort_by_number(items: &mut [u32], values: &[i64]) {
    /// Below this many items the comparison sort is as fast (a radix pass costs its 2,048 buckets).
    const RADIX_FROM: usize = 1 << 12;
    const DIGIT_BITS: u32 = 11;
    if items.len() < RADIX_FROM {
        items.sort_unstable_by_key(|&i| values[i as usize]);
        return;
    }
    let min = items.iter().map(|&i| values[i as usize]).min().unwrap_or(0);
    // Offsets from the smallest value fit in u64 (two's complement wrap-around gives the exact difference).
    let mut keys: Vec<u64> = items.iter().map(|&i| values[i as usize].wrapping_sub(min) as u64).collect();
    let range = keys.iter().copied().max().unwrap_or(0);
    let (mut other_keys, mut other_items) = (vec![0u64; keys.len()], vec![0u32; items.len()]);
    let mut sorted_in_items = true;
    let mut shift = 0;
    while shift < u64::BITS && range >> shift != 0 {
        let digit = |key: u64| ((key >> shift) & ((1 << DIGIT_BITS) - 1)) as usize;
        let mut next = [0usize; (1 << DIGIT_BITS) + 1];
        for &key in &keys {
            next[digit(key) + 1] += 1;
        }
        for d in 0..1 << DIGIT_BITS {
            next[d + 1] += next[d];
        }
        let (from_items, to_items): (&[u32], &mut [u32]) =
            if sorted_in_items { (items, &mut other_items) } else { (&other_items, items) };
        for (k, &key) in keys.iter().enumerate() {
            let at = &mut next[digit(key)];
            other_keys[*at] = key;
            to_items[*at] = from_items[k];
            *at += 1;
        }
        std::mem::swap(&mut keys, &mut other_keys);
        sorted_in_items = !sorted_in_items;
        shift += DIGIT_BITS;
    }
    if !sorted_in_items {
        items.copy_from_slice(&other_items);
    }
}

/// A quantity that could not be read (kept out of `units`).
pub const QUANTITY_MISSING: i64 = i64::MIN;

/// A dimension column (region, product, salesperson…): its header and its interned values.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dimension {
    /// The header as written in the file.
    pub name: String,
    /// One code per row; [`NO_TEXT`] for an empty cell.
    pub values: TextColumn,
}

/// A value of a measure that is blank or cannot be read.
pub const MEASURE_MISSING: i64 = i64::MIN;

/// A measure: a numeric (decimal) column of the orders file that plays no role (cost, margin, discount…).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Measure {
    /// The header as written in the file.
    pub name: String,
    /// One value per row in 1/10,000 units (exact, like money); [`MEASURE_MISSING`] for a blank or unreadable
    /// cell.
    pub values: Vec<i64>,
}

/// Order lines in columns of equal length. Row `i` of every column describes the same line of the file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    /// Customer id codes (never [`NO_TEXT`]: rows without a customer are skipped at ingest).
    pub customer: TextColumn,
    /// Order day.
    pub day: Vec<Day>,
    /// Line amount (negative for returns), already `quantity × unit_price` when no amount column exists.
    pub amount: Vec<Money>,
    /// Quantity in 1/10,000 units when a quantity column is mapped; [`QUANTITY_MISSING`] where unreadable.
    pub quantity: Option<Vec<i64>>,
    /// Order id codes when an order column is mapped; [`NO_TEXT`] where blank (each such row is its own order).
    pub order: Option<TextColumn>,
    /// The other text columns, in file order.
    pub dimensions: Vec<Dimension>,
    /// The other decimal columns, in file order.
    pub measures: Vec<Measure>,
    /// Which of `dimensions` is the product column (the `product` role, §15.1), if one is mapped.
    pub product: Option<usize>,
    /// Which of `dimensions` is the product category column (the `category` role, §15.1), if one is mapped.
    pub category: Option<usize>,
    /// 1-based physical line number where each row starts (row number in spreadsheets).
    pub line: Vec<u64>,
}

impl Table {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.day.len()
    }

    /// Whether the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.day.is_empty()
    }

    /// Earliest and latest day of any row, `None` for an empty table.
    pub fn date_range(&self) -> Option<(Day, Day)> {
        // One pass for both (retention speed, issue 14.4: every default analysis date reads the whole column).
        let first = *self.day.first()?;
        Some(self.day.iter().fold((first, first), |(min, max), &day| (min.min(day), max.max(day))))
    }

    /// The dimension whose header is `name`.
    pub fn dimension(&self, name: &str) -> Option<&Dimension> {
        self.dimensions.iter().find(|d| d.name == name)
    }

    /// The product column (the `product` role), if mapped.
    pub fn product(&self) -> Option<&Dimension> {
        self.product.map(|i| &self.dimensions[i])
    }

    /// The product category column (the `category` role), if mapped.
    pub fn category(&self) -> Option<&Dimension> {
        self.category.map(|i| &self.dimensions[i])
    }

    /// The measure whose header is `name`.
    pub fn measure(&self, name: &str) -> Option<&Measure> {
        self.measures.iter().find(|m| m.name == name)
    }

    /// Keeps the rows where `keep` is true, in every column.
    pub fn retain_rows(&mut self, keep: &[bool]) {
        self.customer.retain_rows(keep);
        retain_by_mask(&mut self.day, keep);
        retain_by_mask(&mut self.amount, keep);
        retain_by_mask(&mut self.line, keep);
        if let Some(quantity) = self.quantity.as_mut() {
            retain_by_mask(quantity, keep);
        }
        if let Some(order) = self.order.as_mut() {
            order.retain_rows(keep);
        }
        for dimension in &mut self.dimensions {
            dimension.values.retain_rows(keep);
        }
        for measure in &mut self.measures {
            retain_by_mask(&mut measure.values, keep);
        }
    }

    /// A short text of row `i` for reports ("C042, 2024-03-05, 19.9900, order SO-1"), rebuilt from the retained
    /// columns since the file's text is not kept.
    pub fn describe_row(&self, i: usize) -> String {
        let mut parts = vec![self.customer.text(i).unwrap_or("").to_string(), self.day[i].to_string()];
        parts.push(self.amount[i].to_string());
        if let Some(order) = self.order.as_ref().and_then(|o| o.text(i)) {
            parts.push(format!("order {order}"));
        }
        parts.join(", ")
    }
}

/// Keeps `values[i]` where `keep[i]` is true.
pub(crate) fn retain_by_mask<T>(values: &mut Vec<T>, keep: &[bool]) {
    let mut flags = keep.iter();
    values.retain(|_| *flags.next().unwrap_or(&true));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_radix_path_sorts_as_a_stable_comparison_sort() {
        let mut seed = 11u64;
        let mut next = || {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            seed >> 1
        };
        // Many ties (amounts in whole units), a wide range with negatives, and both ends of i64.
        let few: Vec<i64> = (0..20_000).map(|_| (next() % 500) as i64 * 10_000 - 1_000_000).collect();
        let wide: Vec<i64> = (0..9_000).map(|_| next() as i64 - (1 << 61)).collect();
        let mut extremes: Vec<i64> = (0..5_000).map(|k| [i64::MIN, i64::MAX, 0, -1, 1][k % 5]).collect();
        extremes.push(42);
        for values in [few, wide, extremes, vec![7; 4_096], (0..3_000).rev().collect()] {
            let mut items: Vec<u32> = (0..values.len() as u32).rev().collect();
            let mut want = items.clone();
            want.sort_by_key(|&i| values[i as usize]);
            sort_by_number(&mut items, &values);
            if values.len() >= 4_096 {
                assert_eq!(items, want, "{} values: stable", values.len());
            }
            assert!(items.windows(2).all(|w| values[w[0] as usize] <= values[w[1] as usize]));
        }
    }
}
