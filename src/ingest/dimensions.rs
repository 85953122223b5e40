//! What each dimension column of an orders file holds, recognised by its values, so the page offers region- and
//! product-like columns to compare by and keeps customer names, ids, phones, e-mails, addresses and comments out
//! of the list unless the user asks for them (issue 17, point 5).
//!
//! The rules, in order (blank cells ignored; "values" are the column's distinct non-blank values):
//! - **email**: at least half the values hold an `@` with a `.` after it;
//! - **phone**: at least half the values are written with digits, spaces and `+ - ( ) .` only, with 7 to 15 digits;
//! - **text** (a comment, a note): the values average [`FREE_TEXT_CHARS`] characters or more;
//! - **identifier** (a customer's name, id or address, an order or line id): the column has at least
//!   [`IDENTIFIER_MIN_VALUES`] values and either nearly every value belongs to one customer only while there are
//!   at least half as many values as customers, or nearly every row has a value of its own;
//! - **group** otherwise (region, channel, store, product, category…): these are the suggested dimensions.

use crate::date::Day;
use crate::table::{Table, NO_TEXT};
use serde::Serialize;

/// Average length (characters) from which a column's values read as free text.
pub const FREE_TEXT_CHARS: usize = 40;
/// Fewest distinct values for a column to be taken for an identifier (a small file's region may well have one
/// value per customer).
pub const IDENTIFIER_MIN_VALUES: usize = 20;
/// Share of values (or rows) that must be a customer's own (or a row's own) for an identifier.
const IDENTIFIER_SHARE: f64 = 0.9;

/// What a dimension column's values are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DimensionKind {
    /// Values shared by many customers: a region, channel, store, product, category… (worth comparing).
    Group,
    /// One value per customer or per row: a customer's name, id or address, an order or line id.
    Identifier,
    /// Phone numbers.
    Phone,
    /// E-mail addresses.
    Email,
    /// Long free text: comments, notes, descriptions.
    Text,
}

/// One dimension column as the load report describes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DimensionReport {
    /// The header.
    pub name: String,
    /// What its values are.
    pub kind: DimensionKind,
    /// Whether the page offers it to compare by without being asked (`kind` is `group` and it has a value).
    pub suggested: bool,
    /// Distinct non-blank values.
    pub values: u64,
}

/// Window lengths (days) a suggested period comparison may use, longest first: a year, a quarter, a month.
pub const SUGGESTED_PERIOD_DAYS: [u32; 3] = [365, 90, 30];

/// The period comparison Markets opens on: the current window of `days` ending the day before the analysis date,
/// against the `days` before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct SuggestedPeriod {
    /// P, the window length in days.
    pub days: u32,
}

/// The longest of [`SUGGESTED_PERIOD_DAYS`] whose two windows (`D − 2P … D − 1`) both lie inside the dates from
/// `first` (the file's first day) to the day before `analysis_date`, so neither window is empty for want of data
/// (about a year of data gives a quarter against the quarter before); `None` when even two months do not fit.
pub fn suggested_period(first: Day, analysis_date: Day) -> Option<SuggestedPeriod> {
    let span = i64::from(analysis_date.0) - i64::from(first.0);
    SUGGESTED_PERIOD_DAYS.into_iter().find(|&days| 2 * i64::from(days) <= span).map(|days| SuggestedPeriod { days })
}

/// Describes every dimension column of `table`, in file order.
pub fn describe_dimensions(table: &Table) -> Vec<DimensionReport> {
    table
        .dimensions
        .iter()
        .map(|dimension| {
            let kind = kind_of(table, &dimension.values.codes, dimension.values.values());
            DimensionReport {
                name: dimension.name.clone(),
                kind,
                suggested: kind == DimensionKind::Group && dimension.values.distinct() > 0,
                values: dimension.values.distinct() as u64,
            }
        })
        .collect()
}

/// The kind of one column: `codes` one per row, `values` the distinct texts in code order.
fn kind_of<'a>(table: &Table, codes: &[u32], values: impl ExactSizeIterator<Item = &'a str> + Clone) -> DimensionKind {
    let distinct = values.len();
    if distinct == 0 {
        return DimensionKind::Group;
    }
    let half = |count: usize| 2 * count >= distinct;
    if half(values.clone().filter(|v| is_email(v)).count()) {
        return DimensionKind::Email;
    }
    if half(values.clone().filter(|v| is_phone(v)).count()) {
        return DimensionKind::Phone;
    }
    let chars: usize = values.clone().map(|v| v.chars().count()).sum();
    if chars >= FREE_TEXT_CHARS * distinct {
        return DimensionKind::Text;
    }
    if distinct >= IDENTIFIER_MIN_VALUES && is_identifier(table, codes, distinct) {
        return DimensionKind::Identifier;
    }
    DimensionKind::Group
}

/// Whether nearly every value belongs to one customer (with at least half as many values as customers), or nearly
/// every non-blank row has a value of its own.
fn is_identifier(table: &Table, codes: &[u32], distinct: usize) -> bool {
    const NONE: u32 = u32::MAX;
    const SEVERAL: u32 = u32::MAX - 1;
    let mut owner = vec![NONE; distinct];
    let mut rows = 0usize;
    for (&code, &customer) in codes.iter().zip(&table.customer.codes) {
        if code == NO_TEXT {
            continue;
        }
        rows += 1;
        let slot = &mut owner[code as usize];
        *slot = match *slot {
            NONE => customer,
            same if same == customer => same,
            _ => SEVERAL,
        };
    }
    let own = owner.iter().filter(|&&o| o != SEVERAL && o != NONE).count();
    let mut customers = table.customer.codes.clone();
    customers.sort_unstable();
    customers.dedup();
    let per_customer = own as f64 >= IDENTIFIER_SHARE * distinct as f64 && 2 * distinct >= customers.len();
    let per_row = distinct as f64 >= IDENTIFIER_SHARE * rows as f64;
    per_customer || per_row
}

/// `name@host.tld`: an `@` not first, with a `.` somewhere after it.
fn is_email(value: &str) -> bool {
    match value.trim().find('@') {
        Some(at) if at > 0 => value.trim()[at + 1..].contains('.'),
        _ => false,
    }
}

/// Digits, spaces and `+ - ( ) .` only, with 7 to 15 digits (E.164 allows 15).
fn is_phone(value: &str) -> bool {
    let mut digits = 0;
    for c in value.trim().chars() {
        match c {
            '0'..='9' => digits += 1,
            ' ' | '+' | '-' | '(' | ')' | '.' => {}
            _ => return false,
        }
    }
    (7..=15).contains(&digits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{Dimension, TextColumnBuilder};

    /// A table of `customers[i]` with one dimension per `(name, values)`, every row of its own.
    fn table(customers: &[String], columns: &[(&str, Vec<String>)]) -> Table {
        let mut customer = TextColumnBuilder::default();
        for id in customers {
            customer.push(id);
        }
        let dimensions = columns
            .iter()
            .map(|(name, values)| {
                let mut builder = TextColumnBuilder::default();
                for value in values {
                    builder.push(value);
                }
                Dimension { name: name.to_string(), values: builder.finish() }
            })
            .collect();
        Table { customer: customer.finish(), dimensions, ..Default::default() }
    }

    #[test]
    fn columns_are_recognised_by_their_values() {
        // 60 rows: 30 customers with two orders each.
        let rows = 60;
        let customers: Vec<String> = (0..rows).map(|i| format!("C{:03}", i / 2)).collect();
        let regions = ["North", "South", "East", "West"];
        let table = table(
            &customers,
            &[
                ("Region", (0..rows).map(|i| regions[i % 4].to_string()).collect()),
                ("Name", (0..rows).map(|i| format!("Person {}", i / 2)).collect()),
                ("Phone", (0..rows).map(|i| format!("+86 138-0000-{:04}", i / 2)).collect()),
                ("Mail", (0..rows).map(|i| format!("p{}@example.com", i / 2)).collect()),
                (
                    "Note",
                    (0..rows).map(|i| format!("Please leave the parcel with the neighbour, ring twice {i}")).collect(),
                ),
                ("Line", (0..rows).map(|i| format!("L{i}")).collect()),
                ("Product", (0..rows).map(|i| format!("SKU-{}", i % 7)).collect()),
                ("Empty", (0..rows).map(|_| String::new()).collect()),
            ],
        );
        let described = describe_dimensions(&table);
        let kinds: Vec<(&str, DimensionKind, bool)> =
            described.iter().map(|d| (d.name.as_str(), d.kind, d.suggested)).collect();
        use DimensionKind::*;
        assert_eq!(
            kinds,
            [
                ("Region", Group, true),
                ("Name", Identifier, false),
                ("Phone", Phone, false),
                ("Mail", Email, false),
                ("Note", Text, false),
                ("Line", Identifier, false),
                ("Product", Group, true),
                ("Empty", Group, false),
            ]
        );
        assert_eq!(described[0].values, 4);
        assert_eq!(described[1].values, 30);
    }

    #[test]
    fn a_small_file_keeps_its_columns_as_groups() {
        // Five customers, each in a region of their own: too few values to call it an identifier.
        let customers: Vec<String> = (0..5).map(|i| format!("C{i}")).collect();
        let table = table(&customers, &[("Region", (0..5).map(|i| format!("R{i}")).collect())]);
        assert_eq!(describe_dimensions(&table)[0].kind, DimensionKind::Group);
    }

    #[test]
    fn the_suggested_period_fits_the_files_dates() {
        let day = |t: &str| Day::parse_iso(t).unwrap();
        let suggest = |first: &str, analysis: &str| suggested_period(day(first), day(analysis)).map(|p| p.days);
        // About a year of data: the last quarter against the one before.
        assert_eq!(suggest("2024-01-01", "2025-01-01"), Some(90));
        assert_eq!(suggest("2022-01-01", "2025-01-01"), Some(365));
        assert_eq!(suggest("2024-11-01", "2025-01-01"), Some(30));
        assert_eq!(suggest("2024-12-01", "2025-01-01"), None);
        // The previous window starts on the file's first day at the earliest.
        assert_eq!(suggest("2024-07-04", "2025-01-01"), Some(90));
        assert_eq!(suggest("2024-10-04", "2025-01-01"), Some(30));
    }

    #[test]
    fn phones_and_emails_are_told_by_their_shape() {
        assert!(is_phone("138 0013 8000") && is_phone("(555) 123-4567") && is_phone("+44 20 7946 0958"));
        assert!(!is_phone("2024") && !is_phone("SKU-1234567") && !is_phone("1234567890123456"));
        assert!(is_email("a.b@shop.cn") && !is_email("@home") && !is_email("at@home"));
    }
}
