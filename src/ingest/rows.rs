//! Turns records into table rows: reads customer, date and amount (skipping and reporting rows where one is
//! unreadable), optional quantity and order id, and keeps the other text columns as dimensions and the other
//! decimal columns as measures.

use super::cells::{
    ambiguous_order_warning, decide_order, excel_serial, order_name, undecodable_warning, unreadable_warning, LineTally,
};
use super::currency::{CurrencyReader, CurrencyReport};
use super::journal::{Booking, DatevHeader, Journal};
use super::part::{bad_part, PartReader, PartWriter};
use super::platforms::is_listed_status;
use super::records::Record;
use super::report::{SkipGroup, SkipReason, SkipTally};
use super::roles::{Role, RoleMap};
use crate::date::{parse_date, DateOrder, Day, OrderEvidence, ParsedDate};
use crate::error::{Error, ErrorKind, LineExample, Warning, WarningKind, MAX_EXAMPLES};
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
    // parallel parsing (issue 20): what a range needs to give the single reader's results once merged.
    /// Set in a range reader once its decoded text shows U+FFFD before its decoder met an error: such rows are
    /// noted in `unchecked_undecodable`, counted at the merge only if an earlier range's decoder met one.
    pub shadow_check: bool,
    unchecked_undecodable: LineTally,
    /// The first row's dependence on the rows before it: `None` before any row; `Some(Some(order))` when its
    /// status is blank and its order id is `order` (it takes the previous row's status when that row has the
    /// same order id).
    first_status_row: Option<Option<String>>,
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
            shadow_check: false,
            unchecked_undecodable: LineTally::default(),
            first_status_row: None,
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
        if (self.check_undecodable || self.shadow_check)
            && (0..record.field_count()).any(|i| record.field(i).contains('\u{fffd}'))
        {
            let tally = if self.check_undecodable { &mut self.undecodable } else { &mut self.unchecked_undecodable };
            tally.note(record.line);
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
            if self.first_status_row.is_none() {
                self.first_status_row = Some((status.is_empty() && !order.is_empty()).then(|| order.to_string()));
            }
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

// parallel parsing (issue 20): a range's rows as a partial table's bytes, and partial tables appended in file
// order, so that the merged builder's `finish` decides from the whole file's evidence as the single reader does.
impl TableBuilder {
    /// Rows kept so far.
    pub fn rows(&self) -> usize {
        self.days.len()
    }

    /// Starts a range as if the row before it had order id `order` and status `status`.
    pub fn seed_status(&mut self, order: &str, status: &str) {
        self.last_status = (order.to_string(), status.to_string());
    }

    /// The (order id, status) the rows so far leave for the next one; `None` when no row was read.
    pub fn status_context(&self) -> Option<(&str, &str)> {
        self.first_status_row.as_ref().map(|_| (self.last_status.0.as_str(), self.last_status.1.as_str()))
    }

    /// The order id of the first row when its status is blank (it would take the previous row's status had that
    /// row the same order id).
    pub fn leading_order(&self) -> Option<&str> {
        self.first_status_row.as_ref().and_then(Option::as_deref)
    }

    /// Writes the rows and what reading them found (not the plan: every reader of the file has the same).
    pub fn write_part(&self, w: &mut PartWriter) {
        write_text(w, &self.customer);
        w.i32s(self.days.iter().map(|day| day.0));
        w.u32s(&self.ambiguous_dates.iter().map(|&(row, _)| row).collect::<Vec<u32>>());
        let ambiguous = |(_, parsed): &(u32, ParsedDate)| match *parsed {
            ParsedDate::Ambiguous { year, first, second } => (year, i32::from(first) << 8 | i32::from(second)),
            ParsedDate::Known(day) => (day.0, -1),
        };
        w.i32s(self.ambiguous_dates.iter().map(|a| ambiguous(a).0));
        w.i32s(self.ambiguous_dates.iter().map(|a| ambiguous(a).1));
        w.u32s(&self.day_first_rows);
        w.u32s(&self.month_first_rows);
        w.len(self.dotted_rows);
        w.i64s(self.amount.iter().map(|m| m.0));
        w.bool(self.quantity.is_some());
        w.i64s(self.quantity.as_deref().unwrap_or(&[]).iter().copied());
        if let Some(order) = &self.order {
            write_text(w, order);
        }
        for (_, _, values) in &self.dimensions {
            write_text(w, values);
        }
        for measure in &self.measures {
            w.i64s(measure.values.iter().copied());
            write_tally(w, &measure.unreadable);
        }
        w.u64s(&self.line);
        write_tally(w, &self.unreadable_quantity);
        w.bool(self.check_undecodable);
        write_tally(w, &self.undecodable);
        write_tally(w, &self.unchecked_undecodable);
        w.u64(self.rows_read);
        w.u64(self.blank_records_lines);
        w.len(self.skipped.groups.len());
        for group in &self.skipped.groups {
            w.u8(SkipReason::ALL.iter().position(|&r| r == group.reason).unwrap_or(0) as u8);
            w.u64(group.count);
            w.len(group.examples.len());
            for example in &group.examples {
                w.u64(example.line);
                w.str(&example.text);
            }
        }
        w.bool(self.absolute_amount_total.is_some());
        w.i64(self.absolute_amount_total.unwrap_or(0));
        self.currency.write_part(w);
    }

    /// Appends a range's rows written by [`write_part`](TableBuilder::write_part) after the rows so far: codes
    /// remapped into these dictionaries, rows and lines moved by the rows and `line_offset` lines before it.
    pub fn absorb_part(&mut self, r: &mut PartReader<'_>, line_offset: u64) -> Result<(), Error> {
        let rows_before = self.days.len();
        let row_offset = u32::try_from(rows_before).map_err(|_| bad_part("too many rows"))?;
        let rows = absorb_text(r, &mut self.customer)?;
        let shift = |row: u32| row.checked_add(row_offset).filter(|&row| (row as usize) < rows_before + rows);
        let days = r.i32s()?;
        let ambiguous_rows = r.u32s()?;
        let (years, pairs) = (r.i32s()?, r.i32s()?);
        if days.len() != rows || years.len() != ambiguous_rows.len() || pairs.len() != ambiguous_rows.len() {
            return Err(bad_part("its columns differ in length"));
        }
        self.days.extend(days.into_iter().map(Day));
        for ((row, year), pair) in ambiguous_rows.into_iter().zip(years).zip(pairs) {
            let parsed = match pair {
                -1 => ParsedDate::Known(Day(year)),
                _ => ParsedDate::Ambiguous { year, first: (pair >> 8) as u8, second: pair as u8 },
            };
            self.ambiguous_dates.push((shift(row).ok_or_else(|| bad_part("a row is out of range"))?, parsed));
        }
        for rows in [&mut self.day_first_rows, &mut self.month_first_rows] {
            for row in r.u32s()? {
                rows.push(shift(row).ok_or_else(|| bad_part("a row is out of range"))?);
            }
        }
        self.dotted_rows += r.u64()? as usize;
        let amount = r.i64s()?;
        let has_quantity = r.bool()?;
        let quantity = r.i64s()?;
        if amount.len() != rows || has_quantity != self.quantity.is_some() || (has_quantity && quantity.len() != rows) {
            return Err(bad_part("its columns differ in length"));
        }
        self.amount.extend(amount.into_iter().map(Money));
        if let Some(values) = self.quantity.as_mut() {
            values.extend(quantity);
        }
        let texts = self.order.iter_mut().chain(self.dimensions.iter_mut().map(|(_, _, values)| values));
        for column in texts {
            if absorb_text(r, column)? != rows {
                return Err(bad_part("its columns differ in length"));
            }
        }
        for measure in &mut self.measures {
            let values = r.i64s()?;
            if values.len() != rows {
                return Err(bad_part("its columns differ in length"));
            }
            measure.values.extend(values);
            absorb_tally(r, &mut measure.unreadable, line_offset)?;
        }
        let lines = r.u64s()?;
        if lines.len() != rows {
            return Err(bad_part("its columns differ in length"));
        }
        self.line.extend(lines.into_iter().map(|line| line + line_offset));
        absorb_tally(r, &mut self.unreadable_quantity, line_offset)?;
        // Rows with U+FFFD before this range's decoder met an error are the single reader's too when a decoder
        // met one in an earlier range (its check was on from there); they come before this range's checked ones.
        let (earlier_errors, part_errors) = (self.check_undecodable, r.bool()?);
        let (mut checked, mut unchecked) = (LineTally::default(), LineTally::default());
        absorb_tally(r, &mut checked, line_offset)?;
        absorb_tally(r, &mut unchecked, line_offset)?;
        if earlier_errors {
            append_tally(&mut self.undecodable, unchecked);
        }
        append_tally(&mut self.undecodable, checked);
        self.check_undecodable |= part_errors;
        self.rows_read += r.u64()?;
        self.blank_records_lines += r.u64()?;
        for _ in 0..r.u64()? {
            let reason = *SkipReason::ALL.get(usize::from(r.u8()?)).ok_or_else(|| bad_part("unknown skip reason"))?;
            let count = r.u64()?;
            let index = match self.skipped.groups.iter().position(|g| g.reason == reason) {
                Some(index) => index,
                None => {
                    self.skipped.groups.push(SkipGroup { reason, count: 0, examples: Vec::new() });
                    self.skipped.groups.len() - 1
                }
            };
            let group = &mut self.skipped.groups[index];
            group.count += count;
            for _ in 0..r.u64()? {
                let (line, text) = (r.u64()? + line_offset, r.str()?);
                if group.examples.len() < MAX_EXAMPLES {
                    group.examples.push(LineExample { line, text: text.to_string() });
                }
            }
        }
        let (has_total, total) = (r.bool()?, r.i64()?);
        self.absolute_amount_total =
            self.absolute_amount_total.zip(has_total.then_some(total)).and_then(|(a, b)| a.checked_add(b));
        self.currency.absorb_part(r)
    }
}

/// A text column's codes and its dictionary's strings.
fn write_text(w: &mut PartWriter, column: &TextColumnBuilder) {
    let (codes, values) = column.parts();
    w.u32s(codes);
    w.len(values.len());
    for value in values {
        w.str(value);
    }
}

/// Appends a text column written by [`write_text`] to `column`; returns its rows.
fn absorb_text(r: &mut PartReader<'_>, column: &mut TextColumnBuilder) -> Result<usize, Error> {
    let codes = r.u32s()?;
    let count = r.u64()?;
    let values = (0..count).map(|_| r.str()).collect::<Result<Vec<&str>, Error>>()?;
    column.append_coded(&codes, values.into_iter()).ok_or_else(|| bad_part("a code is not in its dictionary"))?;
    Ok(codes.len())
}

/// A tally's count and lines.
fn write_tally(w: &mut PartWriter, tally: &LineTally) {
    w.u64(tally.count);
    w.u64s(&tally.lines);
}

/// Adds a tally written by [`write_tally`] (lines moved by `line_offset`) to `tally`.
fn absorb_tally(r: &mut PartReader<'_>, tally: &mut LineTally, line_offset: u64) -> Result<(), Error> {
    let count = r.u64()?;
    let lines = r.u64s()?;
    append_tally(tally, LineTally { count, lines: lines.into_iter().map(|line| line + line_offset).collect() });
    Ok(())
}

/// Adds the rows of `later` (lines after `tally`'s) to `tally`, keeping its first lines as [`LineTally::note`] does.
fn append_tally(tally: &mut LineTally, later: LineTally) {
    tally.count += later.count;
    let room = (MAX_EXAMPLES * 4).saturating_sub(tally.lines.len());
    tally.lines.extend(later.lines.into_iter().take(room));
}
