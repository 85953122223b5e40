//! Per-customer metrics over the rows dated before the analysis date: first and last purchase, recency,
//! frequency (distinct positive orders), monetary value (returns included) and tenure.

use crate::date::Day;
use crate::error::{LineExample, MAX_EXAMPLES};
use crate::money::Money;
use crate::table::{DistinctCounter, Table};
use serde::Serialize;

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
        for (i, day) in table.day.iter().enumerate() {
            if *day >= analysis_date {
                excluded.count += 1;
                if excluded.examples.len() < MAX_EXAMPLES {
                    excluded.examples.push(LineExample { line: table.line[i], text: table.describe_row(i) });
                }
            }
        }
        excluded.examples.sort_by_key(|e| e.line);
        excluded
    }
}

/// The metrics of the scored customers (frequency ≥ 1), one entry each, in order of first appearance in the file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CustomerMetrics {
    /// Each customer's code in the table's customer column.
    pub customer: Vec<u32>,
    /// Days from the last purchase to the analysis date.
    pub recency_days: Vec<i32>,
    /// Distinct orders with a positive amount.
    pub frequency: Vec<u32>,
    /// Sum of all amounts, returns included.
    pub monetary_total: Vec<Money>,
    /// Days from the first purchase to the analysis date.
    pub tenure_days: Vec<i32>,
    /// Customers with rows before the analysis date but no positive order (only returns or zero amounts).
    pub unscored: u64,
}

impl CustomerMetrics {
    /// Number of scored customers.
    pub fn len(&self) -> usize {
        self.customer.len()
    }

    /// Whether no customer can be scored.
    pub fn is_empty(&self) -> bool {
        self.customer.is_empty()
    }
}

/// Computes the metrics of every customer over the rows dated before `analysis_date`.
pub fn customer_metrics(table: &Table, analysis_date: Day) -> CustomerMetrics {
    let customers = table.customer.distinct();
    let mut seen = vec![false; customers];
    let mut total = vec![Money::ZERO; customers];
    let mut frequency = vec![0u32; customers];
    let mut first = vec![Day(i32::MAX); customers];
    let mut last = vec![Day(i32::MIN); customers];
    let mut orders = DistinctCounter::new(table);
    for i in 0..table.len() {
        let day = table.day[i];
        if day >= analysis_date {
            continue;
        }
        let c = table.customer.codes[i] as usize;
        seen[c] = true;
        total[c] += table.amount[i];
        if table.amount[i] > Money::ZERO {
            first[c] = first[c].min(day);
            last[c] = last[c].max(day);
            if orders.is_new_order(i, c as u32) {
                frequency[c] += 1;
            }
        }
    }
    let mut metrics = CustomerMetrics::default();
    for c in 0..customers {
        if !seen[c] {
            continue;
        }
        if frequency[c] == 0 {
            metrics.unscored += 1;
            continue;
        }
        metrics.customer.push(c as u32);
        metrics.recency_days.push(analysis_date.days_since(last[c]));
        metrics.frequency.push(frequency[c]);
        metrics.monetary_total.push(total[c]);
        metrics.tenure_days.push(analysis_date.days_since(first[c]));
    }
    metrics
}
