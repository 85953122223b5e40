//! A customers file (§14.1): one row per customer with birth date, age, gender, join date and any other
//! attributes, read like an orders file, then joined to the orders' customer dictionary.
//!
//! ```
//! use clientele::ingest::{join_customers, load, load_file, FileKind, LoadOptions, LoadedFile};
//! let orders = load(b"customer_id,order_date,amount\nC1,2024-03-01,10\nC2,2024-03-02,5\n", &Default::default()).unwrap();
//! let LoadedFile::Customers(file) =
//!     load_file(FileKind::Customers, b"customer_id,gender\nC1,F\nC9,M\nC1,M\n", &LoadOptions::default()).unwrap()
//! else { unreachable!() };
//! let mut dictionary = orders.table.customer.dictionary.clone();
//! let (customers, report) = join_customers(file, &mut dictionary, &[true, true]);
//! assert_eq!(customers.customer, [0, 2], "C1 is the orders' code 0; C9, no order, is appended as 2");
//! assert_eq!((report.matched, report.customers_without_record), (1, 1));
//! assert_eq!(report.duplicates.examples[0].line, 4);
//! ```

use super::cells::{
    ambiguous_order_warning, sort_lines, trimmed_field, unreadable_warning, DateCells, DateRead, LineTally, RowBook,
};
use super::records::Record;
use super::report::{ColumnReport, CountedRows, FileSummary, RoleColumns, SkipGroup, SkipReason};
use super::roles::{Role, RoleMap};
use crate::date::DateOrder;
use crate::error::Warning;
use crate::money::{parse_decimal, DecimalMark};
use crate::table::{CustomerTable, Dictionary, Dimension, TextColumnBuilder, MEASURE_MISSING};
use serde::Serialize;

/// A customers file as read, before the join: its rows (one per id, the first row wins) and how it was read.
#[derive(Clone, Debug)]
pub struct CustomerFile {
    /// The file's ids: row `i`'s id is `ids.value(i)`.
    ids: Dictionary,
    /// The rows, with `customer` still empty.
    table: CustomerTable,
    duplicates: CountedRows,
    summary: FileSummary,
}

impl CustomerFile {
    /// How the file was read (format, encoding, columns, roles, skipped rows, warnings).
    pub fn summary(&self) -> &FileSummary {
        &self.summary
    }

    /// Number of distinct customers in the file.
    pub fn len(&self) -> usize {
        self.table.line.len()
    }

    /// Whether the file has no usable row.
    pub fn is_empty(&self) -> bool {
        self.table.line.is_empty()
    }
}

/// What joining a customers file did (§14.1, §14.4): serialized as the API's `JoinReport`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerJoinReport {
    /// Data rows read (header and blank lines excluded).
    pub rows_read: u64,
    /// Rows that became a customer's record (rows read less skipped rows and duplicates).
    pub rows_used: u64,
    /// Blank lines.
    pub blank_lines: u64,
    /// The encoding used, as its lower-case WHATWG name.
    pub encoding: String,
    /// The delimiter used (empty for workbooks).
    pub delimiter: String,
    /// `csv` or `xlsx`.
    pub format: String,
    /// The sheet read, for workbooks.
    pub sheet: Option<String>,
    /// Every column of the file with its role (`attribute` for the columns of no role).
    pub columns: Vec<ColumnReport>,
    /// The header mapped to each role.
    pub roles: RoleColumns,
    /// Scored customers with a record.
    pub matched: u64,
    /// Scored customers without a record.
    pub customers_without_record: u64,
    /// Records whose id is not a scored customer: how many, and the first with their lines (text: the id).
    pub records_without_customer: CountedRows,
    /// Later rows of an id already read (the first row wins): how many, and the first with their lines.
    pub duplicates: CountedRows,
    /// Skipped rows by reason (`missing_customer`).
    pub skipped: Vec<SkipGroup>,
    /// Warnings (unreadable dates or ages, ambiguous date order, undecodable bytes).
    pub warnings: Vec<Warning>,
}

/// Joins a customers file to the orders: each id is looked up in (or, when no order has it, appended to) the
/// orders' customer `dictionary`. `scored[code]` tells whether the customer of `code` is scored (has an order
/// before the analysis date); `scored` covers the dictionary as it was before the join.
pub fn join_customers(
    file: CustomerFile,
    dictionary: &mut Dictionary,
    scored: &[bool],
) -> (CustomerTable, CustomerJoinReport) {
    let CustomerFile { ids, mut table, duplicates, summary } = file;
    let is_scored = |code: u32| scored.get(code as usize).copied().unwrap_or(false);
    table.customer = ids.values().map(|id| dictionary.intern(id)).collect();
    let mut records_without_customer = CountedRows::default();
    let mut matched = 0u64;
    for (row, &code) in table.customer.iter().enumerate() {
        if is_scored(code) {
            matched += 1;
        } else {
            records_without_customer.add(table.line[row], || ids.value(row as u32).to_string());
        }
    }
    let scored_total = scored.iter().filter(|&&s| s).count() as u64;
    let report = CustomerJoinReport {
        rows_read: summary.rows_read,
        rows_used: table.len() as u64,
        blank_lines: summary.blank_lines,
        encoding: summary.encoding,
        delimiter: summary.delimiter,
        format: summary.format,
        sheet: summary.sheet,
        columns: summary.columns,
        roles: summary.roles,
        matched,
        customers_without_record: scored_total - matched,
        records_without_customer,
        duplicates,
        skipped: summary.skipped,
        warnings: summary.warnings,
    };
    (table, report)
}

/// A date role column being read.
struct DateColumn {
    index: usize,
    name: String,
    cells: DateCells,
    unreadable: LineTally,
}

/// Reads a customers file's records into rows, the first row of each id winning.
pub struct CustomerRows {
    book: RowBook,
    delimiter: u8,
    customer: usize,
    ids: Dictionary,
    birth_date: Option<DateColumn>,
    join_date: Option<DateColumn>,
    age: Option<(usize, String, DecimalMark, Vec<i64>, LineTally)>,
    gender: Option<(usize, TextColumnBuilder)>,
    attributes: Vec<(usize, String, TextColumnBuilder)>,
    line: Vec<u64>,
    duplicates: CountedRows,
}

impl CustomerRows {
    /// A reader for a file whose columns play `roles` (`headers` name them); `attributes` are (index, header) of
    /// the other columns; `age_mark` is the decimal mark of the age column.
    pub fn new(
        roles: &RoleMap,
        headers: &[String],
        attributes: Vec<(usize, String)>,
        age_mark: DecimalMark,
        date_order: Option<DateOrder>,
        delimiter: u8,
        excel_serials: bool,
    ) -> CustomerRows {
        let date_column = |role: Role| {
            roles.get(role).map(|index| DateColumn {
                index,
                name: headers[index].clone(),
                cells: DateCells::new(date_order, excel_serials),
                unreadable: LineTally::default(),
            })
        };
        CustomerRows {
            book: RowBook::default(),
            delimiter,
            customer: roles.customer.unwrap_or(usize::MAX),
            ids: Dictionary::new(),
            birth_date: date_column(Role::BirthDate),
            join_date: date_column(Role::JoinDate),
            age: roles.get(Role::Age).map(|i| (i, headers[i].clone(), age_mark, Vec::new(), LineTally::default())),
            gender: roles.get(Role::Gender).map(|i| (i, TextColumnBuilder::default())),
            attributes: attributes.into_iter().map(|(i, name)| (i, name, TextColumnBuilder::default())).collect(),
            line: Vec::new(),
            duplicates: CountedRows::default(),
        }
    }

    /// The shared bookkeeping of records (for the undecodable-bytes check and the rows read).
    pub fn book(&mut self) -> &mut RowBook {
        &mut self.book
    }

    /// The field delimiter.
    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }

    /// Adds one data record (not the header).
    pub fn push(&mut self, record: &Record<'_>) {
        if !self.book.accept(record) {
            return;
        }
        let id = trimmed_field(record, self.customer);
        if id.is_empty() {
            self.book.skipped.add(SkipReason::MissingCustomer, record.line, || record.text(self.delimiter));
            return;
        }
        let known = self.ids.len();
        if (self.ids.intern(id) as usize) < known {
            self.duplicates.add(record.line, || record.text(self.delimiter));
            return;
        }
        let cell = |index: usize| trimmed_field(record, index);
        for column in [self.birth_date.as_mut(), self.join_date.as_mut()].into_iter().flatten() {
            if column.cells.push(cell(column.index)) == DateRead::Unreadable {
                column.unreadable.note(record.line);
            }
        }
        if let Some((index, _, mark, values, unreadable)) = self.age.as_mut() {
            let text = cell(*index);
            let value = if text.is_empty() {
                MEASURE_MISSING
            } else {
                parse_decimal(text, *mark).unwrap_or_else(|| {
                    unreadable.note(record.line);
                    MEASURE_MISSING
                })
            };
            values.push(value);
        }
        if let Some((index, values)) = self.gender.as_mut() {
            values.push(cell(*index));
        }
        for (index, _, values) in &mut self.attributes {
            values.push(cell(*index));
        }
        self.line.push(record.line);
    }

    /// The file as read: dates resolved per column, and the warnings of cells that could not be read. `summary`
    /// says how the file was read; its rows, blank lines, skipped rows and warnings are completed here.
    pub fn finish(mut self, mut summary: FileSummary) -> CustomerFile {
        let mut warnings = Vec::new();
        let line = self.line;
        let mut dates = |column: Option<DateColumn>| {
            column.map(|mut column| {
                let resolved = column.cells.finish();
                if resolved.undecided {
                    warnings.push(ambiguous_order_warning(Some(&column.name)));
                }
                for &row in &resolved.contradicting {
                    column.unreadable.note(line[row as usize]);
                }
                if column.unreadable.count > 0 {
                    sort_lines(&mut column.unreadable.lines);
                    warnings.push(unreadable_warning(&column.name, "a date", column.unreadable));
                }
                resolved.days
            })
        };
        let birth_date = dates(self.birth_date);
        let join_date = dates(self.join_date);
        let age = self.age.map(|(_, name, _, values, unreadable)| {
            if unreadable.count > 0 {
                warnings.push(unreadable_warning(&name, "a number", unreadable));
            }
            values
        });
        if let Some(warning) = self.book.undecodable_warning() {
            warnings.push(warning);
        }
        let table = CustomerTable {
            customer: Vec::new(),
            birth_date,
            age,
            gender: self.gender.map(|(_, values)| values.finish()),
            join_date,
            attributes: self
                .attributes
                .into_iter()
                .map(|(_, name, values)| Dimension { name, values: values.finish() })
                .collect(),
            line,
        };
        summary.rows_read = self.book.rows_read;
        summary.blank_lines += self.book.blank_record_lines;
        summary.skipped = std::mem::take(&mut self.book.skipped).sorted();
        summary.warnings.extend(warnings);
        CustomerFile { ids: self.ids, table, duplicates: self.duplicates, summary }
    }
}
