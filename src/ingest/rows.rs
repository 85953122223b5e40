//! Turns records into table rows: reads customer, date and amount (skipping and reporting rows where one is
//! unreadable), optional quantity and order id, and keeps the other text columns as dimensions and the other
//! decimal columns as measures.

use super::cells::{
    ambiguous_order_warning, decide_order, excel_serial, order_name, undecodable_warning, unreadable_warning, LineTally,
};
use super::currency::{CurrencyReader, CurrencyReport};
use super::journal::{Booking, DatevHeader, Journal};
use super::platforms::is_listed_status;
use super::records::Record;
use super::report::{SkipReason, SkipTally};
use super::roles::{Role, RoleMap};
use crate::date::{parse_date, DateOrder, Day, OrderEvidence, ParsedDate};
use crate::error::{Error, ErrorKind, Warning, WarningKind};
use crate::money::{parse_decimal, strip_excel_guard, DecimalMark, Money, UNITS_PER_CURRENCY};
use crate::table::{same_bytes, Dimension, Measure, Table, TextColumnBuilder, MEASURE_MISSING, QUANTITY_MISSING};

/// The decimal mark of each numeric role column (decided from the sample).
#[derive(Clone, Copy, Debug, Default)]
pub struct DecimalMarks {
    /// Of the amount column.
    pub amount: DecimalMark,
    /// Of the quantity column.
    pub quantity: DecimalMark,
    /// Of the unit price column.
    pub unit_price: DecimalMark,
}

/// Accumulates rows into columns.
pub struct TableBuilder {
    roles: RoleMap,
    /// The status column, if any, and the normalized status values whose rows are left out.
    status: Option<usize>,
    not_sold: Vec<String>,
    /// The last row's order id and status: an export may give the status on an order's first line only.
    last_status: (String, String),
    marks: DecimalMarks,
    date_order: Option<DateOrder>,
    delimiter: u8,
    excel_serials: bool,
    customer: TextColumnBuilder,
    days: Vec<Day>,
    ambiguous_dates: Vec<(u32, ParsedDate)>,
    day_first_rows: Vec<u32>,
    /// Rows whose date was written `dd.mm.yyyy` (day first by convention; only the report's date order).
    dotted_rows: usize,
    month_first_rows: Vec<u32>,
    amount: Vec<Money>,
    quantity: Option<Vec<i64>>,
    order: Option<TextColumnBuilder>,
    dimensions: Vec<(usize, String, TextColumnBuilder)>,
    measures: Vec<MeasureColumn>,
    line: Vec<u64>,
    unreadable_quantity: LineTally,
    /// Set once the decoder met bytes it could not decode: from then on rows are checked for U+FFFD.
    pub check_undecodable: bool,
    undecodable: LineTally,
    /// The previous row's date text and its reading: the lines of an order share their date, so most rows
    /// skip the parse.
    last_date: (String, Option<(ParsedDate, OrderEvidence)>),
    /// Data records seen (not blank).
    pub rows_read: u64,
    blank_records_lines: u64,
    skipped: SkipTally,
    /// Σ|amount| of the rows kept so far, `None` once it passed `i64::MAX` units (see [`AMOUNT_SUM_LIMIT`]).
    absolute_amount_total: Option<i64>,
    // Currency detection (issue 17, point 9).
    /// Each row's currency, counted, and the rows of another currency than the chosen one left out.
    currency: CurrencyReader,
    // platforms2 (issue 12)
    /// A DATEV file's metadata (its `DDMM` dates take their year from it) and, for a journal, how a booking's
    /// debtor account is the customer and its side the amount's sign (boxed: most files have none).
    datev: Option<Box<(DatevHeader, Option<Journal>)>>,
    /// Rows summing up an order's lines: (column, normalized values).
    summary_rows: Vec<(usize, Vec<String>)>,
}

/// The largest Σ|amount| of a table, in 1/10,000 units: `i64::MAX`, 922,337,203,685,477.5807 currency units.
///
/// Every sum an analysis takes (a customer's revenue, a segment's, a tier's, a month's, a cohort's, the CLV
/// summary's, a comparison's) adds a subset of the table's amounts, so it is bounded by Σ|amount|. Checking that one
/// running total here, once, at ingest, makes every later `Money` addition safe from wrapping; a file past it is
/// refused with `amount_overflow` rather than summed wrongly.
pub const AMOUNT_SUM_LIMIT: i64 = i64::MAX;

/// A measure column being read: where it is, its header, decimal mark, values, and the cells it could not read.
struct MeasureColumn {
    index: usize,
    name: String,
    mark: DecimalMark,
    values: Vec<i64>,
    unreadable: LineTally,
}

/// A finished table plus what building it found.
pub struct BuiltTable {
    /// The table.
    pub table: Table,
    /// The day/month order used for ambiguous dates (`Ymd` when there were none).
    pub date_order: DateOrder,
    /// Warnings raised while building.
    pub warnings: Vec<Warning>,
    /// Data records read (not blank).
    pub rows_read: u64,
    /// Lines of records whose every field is empty.
    pub blank_record_lines: u64,
    /// Skipped rows by reason.
    pub skipped: SkipTally,
    // Currency detection (issue 17, point 9).
    /// The file's currencies.
    pub currency: CurrencyReport,
}

impl TableBuilder {
    /// A builder for a file whose columns play `roles`; `dimension_columns` are (index, header) of the text
    /// columns to keep, `measure_columns` (index, header, decimal mark) of the decimal ones.
    pub fn new(
        roles: RoleMap,
        marks: DecimalMarks,
        date_order: Option<DateOrder>,
        delimiter: u8,
        excel_serials: bool,
        dimension_columns: Vec<(usize, String)>,
        measure_columns: Vec<(usize, String, DecimalMark)>,
    ) -> TableBuilder {
        TableBuilder {
            quantity: roles.quantity.map(|_| Vec::new()),
            order: roles.order.map(|_| TextColumnBuilder::default()),
            dimensions: dimension_columns
                .into_iter()
                .map(|(i, name)| (i, name, TextColumnBuilder::default()))
                .collect(),
            measures: measure_columns
                .into_iter()
                .map(|(index, name, mark)| MeasureColumn {
                    index,
                    name,
                    mark,
                    values: Vec::new(),
                    unreadable: LineTally::default(),
                })
                .collect(),
            status: roles.get(Role::Status),
            not_sold: Vec::new(),
            last_status: (String::new(), String::new()),
            roles,
            marks,
            date_order,
            delimiter,
            excel_serials,
            customer: TextColumnBuilder::default(),
            days: Vec::new(),
            ambiguous_dates: Vec::new(),
            day_first_rows: Vec::new(),
            dotted_rows: 0,
            month_first_rows: Vec::new(),
            amount: Vec::new(),
            line: Vec::new(),
            unreadable_quantity: LineTally::default(),
            check_undecodable: false,
            undecodable: LineTally::default(),
            last_date: (String::new(), None),
            rows_read: 0,
            blank_records_lines: 0,
            skipped: SkipTally::default(),
            absolute_amount_total: Some(0),
            currency: CurrencyReader::default(),
            datev: None,
            summary_rows: Vec::new(),
        }
    }

    /// Leaves out the rows whose column holds one of the values (normalized): an order's summary rows.
    pub fn leave_out_summaries(&mut self, summary_rows: Vec<(usize, Vec<String>)>) {
        self.summary_rows = summary_rows;
    }

    // platforms2 (issue 12)
    /// Reads `DDMM` dates in the year `header` gives, and, with a `journal`, bookings as debtors' sales.
    pub fn read_journal(&mut self, header: DatevHeader, journal: Option<Journal>) {
        self.datev = Some(Box::new((header, journal)));
    }

    // Currency detection (issue 17, point 9).
    /// Reads each row's currency from the column at `column` (else from the amount cells), keeping only the
    /// `chosen` currency's rows when given (an ISO code).
    pub fn read_currency(&mut self, column: Option<usize>, chosen: Option<String>) {
        self.currency = CurrencyReader::new(column, chosen);
    }

    /// Leaves out the rows whose status (normalized like a header) is one of `not_sold`, as `not_sold`.
    pub fn leave_out_statuses(&mut self, not_sold: Vec<String>) {
        self.not_sold = not_sold;
    }

    /// Makes room for `rows` more rows in every column at once.
    pub fn reserve(&mut self, rows: usize) {
        self.customer.reserve(rows);
        self.days.reserve(rows);
        self.amount.reserve(rows);
        self.line.reserve(rows);
        if let Some(quantity) = self.quantity.as_mut() {
            quantity.reserve(rows);
        }
        if let Some(order) = self.order.as_mut() {
            order.reserve(rows);
        }
        for (_, _, values) in &mut self.dimensions {
            values.reserve(rows);
        }
        for measure in &mut self.measures {
            measure.values.reserve(rows);
        }
    }

    /// Adds one data record (not the header).
    pub fn push(&mut self, record: &Record<'_>) {
        if record.is_blank() {
            self.blank_records_lines += record.lines;
            return;
        }
        self.rows_read += 1;
        if self.check_undecodable && (0..record.field_count()).any(|i| record.field(i).contains('\u{fffd}')) {
            self.undecodable.note(record.line);
        }
        match self.read_required(record) {
            Ok((customer, date, amount)) => {
                // Currency detection (issue 17, point 9): the amount cell (or the unit price) may name it.
                let amount_cell = record.field(self.roles.amount.or(self.roles.unit_price).unwrap_or(usize::MAX));
                if self.currency.accept(|i| record.field(i), amount_cell) {
                    self.push_row(record, customer, date, amount);
                } else {
                    self.skipped.add(SkipReason::OtherCurrency, record.line, || record.text(self.delimiter));
                }
            }
            Err(reason) => self.skipped.add(reason, record.line, || record.text(self.delimiter)),
        }
    }

    /// Customer, date and amount, or the reason for the first of them that cannot be read.
    fn read_required<'r>(
        &mut self,
        record: &Record<'r>,
    ) -> Result<(&'r str, (ParsedDate, OrderEvidence), Money), SkipReason> {
        let cell = |index: Option<usize>| strip_excel_guard(index.map_or("", |i| record.field(i)));
        // platforms2 (issue 12): an order's summary row repeats its lines' totals.
        if self.summary_rows.iter().any(|(i, values)| is_listed_status(cell(Some(*i)), values)) {
            return Err(SkipReason::OrderSummary);
        }
        if let Some(i) = self.status {
            // A blank status on a further line of the same order is the order's.
            let (order, status) = (cell(self.roles.order), cell(Some(i)));
            let (last_order, last_status) = &mut self.last_status;
            if !status.is_empty() || order.is_empty() || order != last_order.as_str() {
                last_order.clear();
                last_order.push_str(order);
                last_status.clear();
                last_status.push_str(status);
            }
            if !self.not_sold.is_empty() && is_listed_status(last_status, &self.not_sold) {
                return Err(SkipReason::NotSold);
            }
        }
        // platforms2 (issue 12): in a journal, the customer is the booking's debtor account, and its side the sign.
        let (customer, sign) = match self.datev.as_ref().and_then(|datev| datev.1.as_ref()) {
            Some(journal) => {
                let field = |i: usize| strip_excel_guard(record.field(i));
                match journal.booking(field(journal.account), field(journal.counter_account), field(journal.side)) {
                    Booking::Sale { customer, sign } => (cell(Some(customer)), sign),
                    Booking::NotRevenue => return Err(SkipReason::NotRevenue),
                    Booking::UnknownSide => return Err(SkipReason::BadAmount),
                }
            }
            None => (cell(self.roles.customer), 1),
        };
        if customer.is_empty() {
            return Err(SkipReason::MissingCustomer);
        }
        let date_text = cell(self.roles.date);
        if date_text.is_empty() {
            return Err(SkipReason::MissingDate);
        }
        let date = match &self.last_date {
            (text, Some(date)) if same_bytes(text.as_bytes(), date_text.as_bytes()) => *date,
            _ => {
                let day_month = self.datev.as_ref().and_then(|datev| datev.0.day_month(date_text));
                let date = day_month
                    .map(|day| (ParsedDate::Known(day), OrderEvidence::None))
                    .or_else(|| parse_date(date_text, self.date_order))
                    .or_else(|| self.excel_serials.then(|| excel_serial(date_text)).flatten())
                    .ok_or(SkipReason::BadDate)?;
                self.last_date.0.clear();
                self.last_date.0.push_str(date_text);
                self.last_date.1 = Some(date);
                date
            }
        };
        let amount = match self.roles.amount {
            Some(i) => {
                let text = cell(Some(i));
                if text.is_empty() {
                    return Err(SkipReason::MissingAmount);
                }
                parse_decimal(text, self.marks.amount).map(Money).ok_or(SkipReason::BadAmount)?
            }
            None => {
                let (quantity, price) = (cell(self.roles.quantity), cell(self.roles.unit_price));
                if quantity.is_empty() || price.is_empty() {
                    return Err(SkipReason::MissingAmount);
                }
                let quantity = parse_decimal(quantity, self.marks.quantity).ok_or(SkipReason::BadAmount)?;
                let price = parse_decimal(price, self.marks.unit_price).ok_or(SkipReason::BadAmount)?;
                Money::from_product(quantity, Money(price)).ok_or(SkipReason::BadAmount)?
            }
        };
        let amount = if sign < 0 { Money(amount.0.checked_neg().ok_or(SkipReason::BadAmount)?) } else { amount };
        Ok((customer, date, amount))
    }

    /// The field delimiter (for report texts).
    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }

    fn push_row(&mut self, record: &Record<'_>, customer: &str, date: (ParsedDate, OrderEvidence), amount: Money) {
        let row = self.days.len() as u32;
        self.customer.push(customer);
        match date.0 {
            ParsedDate::Known(day) => self.days.push(day),
            ambiguous => {
                self.days.push(Day(0));
                self.ambiguous_dates.push((row, ambiguous));
            }
        }
        match date.1 {
            OrderEvidence::DayFirst => self.day_first_rows.push(row),
            OrderEvidence::MonthFirst => self.month_first_rows.push(row),
            OrderEvidence::DottedDayFirst => self.dotted_rows += 1,
            OrderEvidence::None => {}
        }
        self.amount.push(amount);
        self.absolute_amount_total = self
            .absolute_amount_total
            .and_then(|total| i64::try_from(amount.0.unsigned_abs()).ok().and_then(|abs| total.checked_add(abs)));
        if let (Some(quantities), Some(i)) = (self.quantity.as_mut(), self.roles.quantity) {
            let text = strip_excel_guard(record.field(i));
            let quantity = parse_decimal(text, self.marks.quantity).unwrap_or_else(|| {
                self.unreadable_quantity.note(record.line);
                QUANTITY_MISSING
            });
            quantities.push(quantity);
        }
        if let (Some(orders), Some(i)) = (self.order.as_mut(), self.roles.order) {
            orders.push(strip_excel_guard(record.field(i)));
        }
        for (i, _, values) in &mut self.dimensions {
            values.push(strip_excel_guard(record.field(*i)));
        }
        for measure in &mut self.measures {
            let text = strip_excel_guard(record.field(measure.index));
            let value = if text.is_empty() {
                MEASURE_MISSING
            } else {
                parse_decimal(text, measure.mark).unwrap_or_else(|| {
                    measure.unreadable.note(record.line);
                    MEASURE_MISSING
                })
            };
            measure.values.push(value);
        }
        self.line.push(record.line);
    }

    /// The table, with ambiguous dates resolved by the column's evidence (or the caller's order), and rows whose
    /// date contradicts the column's order moved to the skipped rows as `bad_date`; `amount_overflow` when the
    /// absolute amounts add up past [`AMOUNT_SUM_LIMIT`].
    pub fn finish(mut self) -> Result<BuiltTable, Error> {
        if self.absolute_amount_total.is_none() {
            let limit = (AMOUNT_SUM_LIMIT / UNITS_PER_CURRENCY) as u64;
            return Err(Error::new(ErrorKind::AmountOverflow { limit }));
        }
        let mut warnings = Vec::new();
        let has_ambiguous = !self.ambiguous_dates.is_empty();
        let (day_first, month_first) = (self.day_first_rows.len(), self.month_first_rows.len());
        let (order, undecided) = decide_order(self.date_order, day_first, month_first, has_ambiguous);
        if undecided {
            warnings.push(ambiguous_order_warning(None));
        }
        for &(row, parsed) in &self.ambiguous_dates {
            // Both readings of an ambiguous date are valid by construction.
            self.days[row as usize] = parsed.resolve(order).unwrap_or(Day(0));
        }
        // Rows whose date is only valid in the other order: the minority, when a column mixes both.
        let contradicting = match (self.date_order, order) {
            (None, DateOrder::Dmy) => std::mem::take(&mut self.month_first_rows),
            (None, DateOrder::Mdy) => std::mem::take(&mut self.day_first_rows),
            _ => Vec::new(),
        };
        let mut measure_warnings = Vec::new();
        let mut measures = Vec::with_capacity(self.measures.len());
        for measure in self.measures {
            if measure.unreadable.count > 0 {
                measure_warnings.push(unreadable_warning(&measure.name, "a number", measure.unreadable));
            }
            measures.push(Measure { name: measure.name, values: measure.values });
        }
        let mut table = Table {
            customer: self.customer.finish(),
            day: self.days,
            amount: self.amount,
            quantity: self.quantity,
            order: self.order.map(TextColumnBuilder::finish),
            dimensions: self
                .dimensions
                .into_iter()
                .map(|(_, name, values)| Dimension { name, values: values.finish() })
                .collect(),
            measures,
            product: None,
            category: None,
            line: self.line,
        };
        if !contradicting.is_empty() {
            let mut keep = vec![true; table.len()];
            for &row in &contradicting {
                let row = row as usize;
                keep[row] = false;
                let text = format!("{} (the file's other dates are {})", table.describe_row(row), order_name(order));
                self.skipped.add(SkipReason::BadDate, table.line[row], || text);
            }
            table.retain_rows(&keep);
        }
        let LineTally { count, lines } = self.unreadable_quantity;
        if count > 0 {
            warnings.push(Warning::new(WarningKind::UnreadableQuantity { rows: count }, lines));
        }
        warnings.extend(measure_warnings);
        // The order the dates were read with: the caller's, else the column's (year first when nothing was ambiguous).
        let date_order = match self.date_order {
            Some(chosen) => chosen,
            None if has_ambiguous || day_first + month_first > 0 => order,
            // Only dd.mm.yyyy (with or without year-first cells): day first, as they were read.
            None if self.dotted_rows > 0 => DateOrder::Dmy,
            None => DateOrder::Ymd,
        };
        if self.undecodable.count > 0 {
            warnings.push(undecodable_warning(self.undecodable));
        }
        // Currency detection (issue 17, point 9).
        let (currency, currency_warning) = self.currency.finish();
        warnings.extend(currency_warning);
        Ok(BuiltTable {
            currency,
            table,
            date_order,
            warnings,
            rows_read: self.rows_read,
            blank_record_lines: self.blank_records_lines,
            skipped: self.skipped,
        })
    }
}
