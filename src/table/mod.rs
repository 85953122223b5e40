//! The columnar order table that ingest builds and analysis reads: one entry per usable order line, strings
//! interned, days and money as integers.

mod dict;
mod text;

pub(crate) use dict::same_bytes;
pub use dict::{Dictionary, NO_TEXT};
pub use text::{TextColumn, TextColumnBuilder};

use crate::date::Day;
use crate::money::Money;

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
        let min = self.day.iter().min()?;
        let max = self.day.iter().max()?;
        Some((*min, *max))
    }

    /// The dimension whose header is `name`.
    pub fn dimension(&self, name: &str) -> Option<&Dimension> {
        self.dimensions.iter().find(|d| d.name == name)
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
