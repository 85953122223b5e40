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
#[inline(never)]
pub fn sort_by_number(items: &mut [u32], values: &[i64]) {
    items.sort_unstable_by_key(|&i| values[i as usize]);
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
