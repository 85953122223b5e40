//! The load report: what was read, what was used, and every row that was not, with its line and reason.

use super::roles::{ColumnKind, Role};
use crate::date::{DateOrder, Day};
use crate::error::{LineExample, Warning, MAX_EXAMPLES};
use serde::Serialize;

/// Why a row was skipped: the first unreadable required field (orders: customer, date, amount; campaigns:
/// customer, contact date, group).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// The customer cell is empty.
    MissingCustomer,
    /// The date cell is empty.
    MissingDate,
    /// The contact date cell of a campaign file is empty.
    MissingContactDate,
    /// The date (or contact date) cell is not a date.
    BadDate,
    /// The amount (or quantity or unit price) cell is empty.
    MissingAmount,
    /// The amount (or quantity or unit price) cell is not a number.
    BadAmount,
    /// The group cell of a campaign file is neither a treatment nor a control value.
    BadGroup,
    // Currency detection (issue 17, point 9).
    /// The row is in another currency than the one chosen with the load option `currency`.
    OtherCurrency,
    // platforms (issue 12)
    /// The order's status says it was not sold (cancelled, refunded, closed…: see `statusFilter`).
    NotSold,
    // platforms2 (issue 12): DATEV journals
    /// A journal's booking that is no customer's sale: no debtor account, or a debtor against no revenue account
    /// (a payment, a transfer).
    NotRevenue,
    /// A row that sums up an order's lines (Lightspeed's `Sale` row before its `Sale Line` rows): the order is
    /// counted by its lines.
    OrderSummary,
}

impl SkipReason {
    /// Every reason, in report order.
    pub const ALL: [SkipReason; 11] = [
        SkipReason::MissingCustomer,
        SkipReason::MissingDate,
        SkipReason::MissingContactDate,
        SkipReason::BadDate,
        SkipReason::MissingAmount,
        SkipReason::BadAmount,
        SkipReason::BadGroup,
        SkipReason::OtherCurrency,
        SkipReason::NotSold,
        SkipReason::NotRevenue,
        SkipReason::OrderSummary,
    ];

    /// The stable code, as serialized (`missing_customer`…).
    pub fn code(self) -> &'static str {
        match self {
            SkipReason::MissingCustomer => "missing_customer",
            SkipReason::MissingDate => "missing_date",
            SkipReason::MissingContactDate => "missing_contact_date",
            SkipReason::BadDate => "bad_date",
            SkipReason::MissingAmount => "missing_amount",
            SkipReason::BadAmount => "bad_amount",
            SkipReason::BadGroup => "bad_group",
            SkipReason::OtherCurrency => "other_currency",
            SkipReason::NotSold => "not_sold",
            SkipReason::NotRevenue => "not_revenue",
            SkipReason::OrderSummary => "order_summary",
        }
    }
}

/// Skipped rows of one reason: how many, and the first few.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SkipGroup {
    /// The reason.
    pub reason: SkipReason,
    /// How many rows.
    pub count: u64,
    /// The first rows (at most [`MAX_EXAMPLES`]), in file order.
    pub examples: Vec<LineExample>,
}

/// Skipped rows per reason.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SkipTally {
    /// One group per reason seen, in order of first occurrence until [`SkipTally::sorted`].
    pub groups: Vec<SkipGroup>,
}

impl SkipTally {
    /// Counts a skipped row; `text` is only built for the first few of each reason.
    pub fn add(&mut self, reason: SkipReason, line: u64, text: impl FnOnce() -> String) {
        let index = match self.groups.iter().position(|g| g.reason == reason) {
            Some(i) => i,
            None => {
                self.groups.push(SkipGroup { reason, count: 0, examples: Vec::new() });
                self.groups.len() - 1
            }
        };
        let group = &mut self.groups[index];
        group.count += 1;
        if group.examples.len() < MAX_EXAMPLES {
            group.examples.push(LineExample { line, text: text() });
        } else if let Some(last) = group.examples.last() {
            // Rows moved here at the end (contradicting dates) may come after later lines: keep the first lines.
            if line < last.line {
                group.examples.pop();
                group.examples.push(LineExample { line, text: text() });
                LineExample::sort_by_line(&mut group.examples);
            }
        }
    }

    /// The groups in the contract's reason order, examples by line.
    pub fn sorted(mut self) -> Vec<SkipGroup> {
        // At most one group per reason: taken in `ALL`'s order (the order of `Ord`), without a sort of its own.
        let mut sorted = Vec::with_capacity(self.groups.len());
        for reason in SkipReason::ALL {
            if let Some(at) = self.groups.iter().position(|g| g.reason == reason) {
                let mut group = self.groups.swap_remove(at);
                LineExample::sort_by_line(&mut group.examples);
                sorted.push(group);
            }
        }
        sorted
    }
}

/// One column of the file as the report shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ColumnReport {
    /// The header.
    pub name: String,
    /// The role it plays, `None` when ignored.
    pub role: Option<Role>,
    /// What its values look like.
    pub kind: ColumnKind,
}

/// The header of each role's column, `None` when the file has none.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RoleNames {
    /// Customer id column.
    pub customer: Option<String>,
    /// Date column.
    pub date: Option<String>,
    /// Amount column.
    pub amount: Option<String>,
    /// Quantity column.
    pub quantity: Option<String>,
    /// Unit price column.
    pub unit_price: Option<String>,
    /// Order id column.
    pub order: Option<String>,
    /// Product column (§15.1).
    pub product: Option<String>,
    /// Product category column (§15.1).
    pub category: Option<String>,
    /// Order status column.
    pub status: Option<String>,
}

// platforms (issue 12): how sure the mapping is, and the platform recognised.
/// The confidence (0–1) of each orders role's column, `None` when unmapped; serialized as an object
/// `{ customer: 0.9, date: 0.75, amount: null, … }`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RoleConfidence(pub Vec<(Role, Option<f64>)>);

impl Eq for RoleConfidence {}

impl RoleConfidence {
    /// The confidence of `role`'s column.
    pub fn get(&self, role: Role) -> Option<f64> {
        self.0.iter().find(|(r, _)| *r == role).and_then(|(_, c)| *c)
    }
}

impl Serialize for RoleConfidence {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (role, confidence) in &self.0 {
            map.serialize_entry(role.name(), &confidence.map(|c| (c * 100.0).round() / 100.0))?;
        }
        map.end()
    }
}

/// The platform whose export a file is, as recognised by its headers.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SourcePlatform {
    /// Its id in `catalog().platforms`.
    pub platform: String,
    /// Its display name.
    pub name: String,
    /// The share of its signature headers the file has (0.75–1).
    pub confidence: f64,
}

impl Eq for SourcePlatform {}

/// What loading a file did, shown to the user so nothing is dropped silently.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LoadReport {
    /// `csv` (any delimited text), `xlsx`, or `xml` (Salesforce Commerce Cloud's order export).
    pub format: String,
    /// The sheet read, for workbooks.
    pub sheet: Option<String>,
    /// Data rows read (header and blank lines excluded).
    pub rows_read: u64,
    /// Rows whose customer, date and amount could be read.
    pub rows_used: u64,
    /// Blank lines (also records whose every field is empty).
    pub blank_lines: u64,
    // platforms2 (issue 12)
    /// Lines before the header that are no rows: a DATEV export's metadata first line (`"EXTF";700;…`), whose
    /// date range and fiscal year give `DDMM` dates their year.
    pub preamble_lines: u64,
    /// The encoding used, as its lower-case WHATWG name.
    pub encoding: String,
    /// The delimiter used (empty for workbooks).
    pub delimiter: String,
    /// The day/month order used for dates.
    pub date_order: DateOrder,
    /// Every column of the file.
    pub columns: Vec<ColumnReport>,
    /// The header mapped to each role.
    pub roles: RoleNames,
    /// How sure the mapping is of each role's column.
    pub role_confidence: RoleConfidence,
    /// The platform recognised, `None` for a file of no known layout.
    pub source: Option<SourcePlatform>,
    /// Skipped rows by reason.
    pub skipped: Vec<SkipGroup>,
    /// Warnings.
    pub warnings: Vec<Warning>,
    /// Earliest date of a used row.
    pub min_date: Option<Day>,
    /// Latest date of a used row.
    pub max_date: Option<Day>,
    // Markets defaults (issue 17, point 5): what each dimension column holds and the comparison to open on.
    /// Every dimension column with what its values are and whether it is suggested for comparing.
    pub dimensions: Vec<super::dimensions::DimensionReport>,
    /// The period comparison the file's dates can fill (both windows inside the file's range), `None` when the
    /// file spans too few days for any.
    pub suggested_period: Option<super::dimensions::SuggestedPeriod>,
    // Currency detection (issue 17, point 9).
    /// The currency of the amounts and every currency the file names, with its rows.
    pub currency: super::currency::CurrencyReport,
}

/// Rows of one kind (duplicates, conflicts, records without a customer): how many, and the first few by line.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CountedRows {
    /// How many.
    pub count: u64,
    /// The first ones (at most [`MAX_EXAMPLES`]), by line.
    pub examples: Vec<LineExample>,
}

impl CountedRows {
    /// Counts a row; `text` is only built for the first few. Rows must come in line order.
    pub fn add(&mut self, line: u64, text: impl FnOnce() -> String) {
        self.count += 1;
        if self.examples.len() < MAX_EXAMPLES {
            self.examples.push(LineExample { line, text: text() });
        }
    }
}

/// The header mapped to each role of a file's kind (`None` when the file has none), in the kind's role order;
/// serialized as an object `{ customer: "id", birthDate: null, … }`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RoleColumns(pub Vec<(Role, Option<String>)>);

impl RoleColumns {
    /// The header of `role`'s column.
    pub fn get(&self, role: Role) -> Option<&str> {
        self.0.iter().find(|(r, _)| *r == role).and_then(|(_, header)| header.as_deref())
    }
}

impl Serialize for RoleColumns {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (role, header) in &self.0 {
            map.serialize_entry(role.name(), header)?;
        }
        map.end()
    }
}

/// How a customers or campaign file was read, before it is joined: what its join report repeats.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FileSummary {
    /// `csv` (any delimited text) or `xlsx`.
    pub format: String,
    /// The sheet read, for workbooks.
    pub sheet: Option<String>,
    /// The encoding used, as its lower-case WHATWG name.
    pub encoding: String,
    /// The delimiter used (empty for workbooks).
    pub delimiter: String,
    /// Data rows read (header and blank lines excluded).
    pub rows_read: u64,
    /// Blank lines (also records whose every field is empty).
    pub blank_lines: u64,
    /// Every column of the file.
    pub columns: Vec<ColumnReport>,
    /// The header mapped to each role of the file's kind.
    pub roles: RoleColumns,
    /// Skipped rows by reason.
    pub skipped: Vec<SkipGroup>,
    /// Warnings.
    pub warnings: Vec<Warning>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skipped_rows_come_out_by_reason_then_line() {
        assert!(SkipReason::ALL.windows(2).all(|w| w[0] < w[1]), "ALL lists the reasons in their order");
        let mut tally = SkipTally::default();
        for (reason, line) in [
            (SkipReason::BadGroup, 9),
            (SkipReason::BadDate, 7),
            (SkipReason::MissingCustomer, 12),
            (SkipReason::BadDate, 3),
            (SkipReason::MissingCustomer, 4),
        ] {
            tally.add(reason, line, || format!("line {line}"));
        }
        let sorted = tally.sorted();
        let reasons: Vec<SkipReason> = sorted.iter().map(|g| g.reason).collect();
        assert_eq!(reasons, [SkipReason::MissingCustomer, SkipReason::BadDate, SkipReason::BadGroup]);
        let lines: Vec<Vec<u64>> = sorted.iter().map(|g| g.examples.iter().map(|e| e.line).collect()).collect();
        assert_eq!(lines, [vec![4, 12], vec![3, 7], vec![9]]);
        assert_eq!(sorted[1].count, 2);
    }
}
