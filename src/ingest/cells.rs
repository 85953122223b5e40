//! Reading cells the same way in every kind of file: dates whose day/month order is decided per column, the
//! flags and groups of a campaign file, the shared bookkeeping of rows (read, blank, undecodable), and the
//! warnings they raise.

use super::records::Record;
use super::report::SkipTally;
use super::schema::{CONTROL_VALUES, FLAG_FALSE_VALUES, FLAG_TRUE_VALUES, TREATMENT_VALUES};
use crate::date::{parse_date, DateOrder, Day, OrderEvidence, ParsedDate};
use crate::error::{Warning, WarningKind, MAX_EXAMPLES};
use crate::money::strip_excel_guard;
use crate::table::{sort_by_number, ContactGroup};

/// A count of rows and their first lines, for a warning.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineTally {
    /// How many rows.
    pub count: u64,
    /// The first lines (at most [`MAX_EXAMPLES`] × 4).
    pub lines: Vec<u64>,
}

impl LineTally {
    /// Counts a line and keeps it when it is among the first ones.
    pub fn note(&mut self, line: u64) {
        self.count += 1;
        if self.lines.len() < MAX_EXAMPLES * 4 {
            self.lines.push(line);
        }
    }
}

/// Field `index` of `record` (`""` past its end), trimmed and without Excel's `="…"` guard. Out of line: the
/// customers and campaign readers are not the orders' hot path, and inlined at each of their cells the trimming
/// is repeated a dozen times in the module.
#[inline(never)]
pub fn trimmed_field<'r>(record: &Record<'r>, index: usize) -> &'r str {
    strip_excel_guard(record.field(index))
}

/// Sorts line numbers, through the module's one sort of indexes by number ([`sort_by_number`]) rather than a
/// sort of `u64` of their own (≈3 KB of wasm).
pub fn sort_lines(lines: &mut [u64]) {
    // Line numbers count lines of an input held in memory: far below 2^63, so `as i64` keeps their order.
    let values: Vec<i64> = lines.iter().map(|&line| line as i64).collect();
    let mut order: Vec<u32> = (0..lines.len() as u32).collect();
    sort_by_number(&mut order, &values);
    for (line, &i) in lines.iter_mut().zip(&order) {
        *line = values[i as usize] as u64;
    }
}

/// A spreadsheet number in a date column is an Excel serial day (1900 system), within the years of
/// [`crate::date::MIN_DATA_YEAR`]..=[`crate::date::MAX_DATA_YEAR`].
pub fn excel_serial(text: &str) -> Option<(ParsedDate, OrderEvidence)> {
    let day = Day::from_excel_serial(text.parse::<f64>().ok()?, false).filter(|day| day.is_in_data_range())?;
    Some((ParsedDate::Known(day), OrderEvidence::None))
}

/// The order a date column is read with: the caller's, else the column's evidence (the majority of day-first and
/// month-first dates), else month first when some dates are ambiguous (`true`: warn), else year first.
pub fn decide_order(
    chosen: Option<DateOrder>,
    day_first: usize,
    month_first: usize,
    ambiguous: bool,
) -> (DateOrder, bool) {
    match chosen {
        Some(order) => (order, false),
        None if day_first > 0 && day_first >= month_first => (DateOrder::Dmy, false),
        None if month_first > 0 => (DateOrder::Mdy, false),
        None if ambiguous => (DateOrder::Mdy, true),
        None => (DateOrder::Ymd, false),
    }
}

/// How the report names a date order.
pub fn order_name(order: DateOrder) -> &'static str {
    match order {
        DateOrder::Dmy => "day first",
        DateOrder::Mdy => "month first",
        DateOrder::Ymd => "year first",
    }
}

/// The warning of a date column that could not tell day-first from month-first (`column`: its header, for a
/// file with several date columns).
pub fn ambiguous_order_warning(column: Option<&str>) -> Warning {
    Warning::new(WarningKind::AmbiguousDateOrder { column: column.map(str::to_string) }, Vec::new())
}

/// The warning of rows holding bytes the file's encoding cannot decode.
pub fn undecodable_warning(tally: LineTally) -> Warning {
    Warning::new(WarningKind::UndecodableBytes { rows: tally.count }, tally.lines)
}

/// The warning of a column whose cells could not be read as `what` (a number, a date); the rows are kept
/// without the value.
pub fn unreadable_warning(column: &str, what: &str, tally: LineTally) -> Warning {
    Warning::new(
        WarningKind::UnreadableValue { column: column.to_string(), expected: what.to_string(), rows: tally.count },
        tally.lines,
    )
}

/// One date column read row by row, its ambiguous dates (`05/03/2024`) resolved at the end by the column's
/// evidence, as for the orders' date column.
#[derive(Debug, Default)]
pub struct DateCells {
    chosen: Option<DateOrder>,
    excel_serials: bool,
    days: Vec<Option<Day>>,
    ambiguous: Vec<(u32, ParsedDate)>,
    day_first: Vec<u32>,
    month_first: Vec<u32>,
}

/// What a date cell held.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateRead {
    /// Nothing.
    Blank,
    /// Text that is not a date.
    Unreadable,
    /// A date (perhaps ambiguous until the end).
    Read,
}

/// A date column's values once its order is decided.
pub struct ResolvedDates {
    /// One per row pushed; `None` for blank, unreadable and contradicting cells.
    pub days: Vec<Option<Day>>,
    /// Rows (indexes of pushes) whose date is only valid in the order the column did not take.
    pub contradicting: Vec<u32>,
    /// The order used.
    pub order: DateOrder,
    /// Whether the column could not tell (the order is the fallback, worth a warning).
    pub undecided: bool,
}

impl DateCells {
    /// A column read with the caller's order, if any; `excel_serials` for spreadsheets.
    pub fn new(chosen: Option<DateOrder>, excel_serials: bool) -> DateCells {
        DateCells { chosen, excel_serials, ..DateCells::default() }
    }

    /// Reads the next row's cell (trimmed, without Excel's guard).
    pub fn push(&mut self, cell: &str) -> DateRead {
        let row = self.days.len() as u32;
        if cell.is_empty() {
            self.days.push(None);
            return DateRead::Blank;
        }
        let parsed = parse_date(cell, self.chosen).or_else(|| self.excel_serials.then(|| excel_serial(cell)).flatten());
        let Some((date, evidence)) = parsed else {
            self.days.push(None);
            return DateRead::Unreadable;
        };
        match date {
            ParsedDate::Known(day) => self.days.push(Some(day)),
            ambiguous => {
                self.days.push(None);
                self.ambiguous.push((row, ambiguous));
            }
        }
        match evidence {
            OrderEvidence::DayFirst => self.day_first.push(row),
            OrderEvidence::MonthFirst => self.month_first.push(row),
            OrderEvidence::None | OrderEvidence::DottedDayFirst => {}
        }
        DateRead::Read
    }

    /// Takes back the last pushed cell (a row skipped for a later field leaves no trace, evidence included).
    pub fn pop(&mut self) {
        let Some(row) = self.days.len().checked_sub(1) else { return };
        self.days.pop();
        let row = row as u32;
        if self.ambiguous.last().is_some_and(|(r, _)| *r == row) {
            self.ambiguous.pop();
        }
        for rows in [&mut self.day_first, &mut self.month_first] {
            if rows.last() == Some(&row) {
                rows.pop();
            }
        }
    }

    /// The days, ambiguous ones resolved, and the rows whose date contradicts the column's order (the minority,
    /// when a column mixes `25/03/2024` and `03/25/2024`; their day is `None`).
    pub fn finish(mut self) -> ResolvedDates {
        let (order, undecided) =
            decide_order(self.chosen, self.day_first.len(), self.month_first.len(), !self.ambiguous.is_empty());
        for &(row, parsed) in &self.ambiguous {
            self.days[row as usize] = parsed.resolve(order);
        }
        let contradicting = match (self.chosen, order) {
            (None, DateOrder::Dmy) => self.month_first,
            (None, DateOrder::Mdy) => self.day_first,
            _ => Vec::new(),
        };
        for &row in &contradicting {
            self.days[row as usize] = None;
        }
        ResolvedDates { days: self.days, contradicting, order, undecided }
    }
}

/// Whether `cell` is one of `values`, ignoring ASCII case (the lists' other characters have no case).
fn one_of(cell: &str, values: &[&str]) -> bool {
    values.iter().any(|value| value.eq_ignore_ascii_case(cell))
}

/// An opened / clicked cell (trimmed): `Some(true)` for a yes value or a readable date, `Some(false)` for a no
/// value or an empty cell, `None` for anything else.
pub fn read_flag(cell: &str, excel_serials: bool) -> Option<bool> {
    if cell.is_empty() || one_of(cell, FLAG_FALSE_VALUES) {
        Some(false)
    } else if one_of(cell, FLAG_TRUE_VALUES)
        || parse_date(cell, None).is_some()
        || (excel_serials && excel_serial(cell).is_some())
    {
        Some(true)
    } else {
        None
    }
}

/// A group cell (trimmed): treatment or control by the contract's lists, `None` for anything else.
pub fn read_group(cell: &str) -> Option<ContactGroup> {
    if one_of(cell, TREATMENT_VALUES) {
        Some(ContactGroup::Treatment)
    } else if one_of(cell, CONTROL_VALUES) {
        Some(ContactGroup::Control)
    } else {
        None
    }
}

/// What every kind of file counts about its records: rows read, blank lines, rows with undecodable bytes, and
/// skipped rows.
#[derive(Default)]
pub struct RowBook {
    /// Data records seen (not blank).
    pub rows_read: u64,
    /// Lines of records whose every field is empty.
    pub blank_record_lines: u64,
    /// Set once the decoder met bytes it could not decode: from then on rows are checked for U+FFFD.
    pub check_undecodable: bool,
    undecodable: LineTally,
    /// Skipped rows by reason.
    pub skipped: SkipTally,
}

impl RowBook {
    /// Counts `record`; `false` when it is blank (not a row).
    pub fn accept(&mut self, record: &Record<'_>) -> bool {
        if record.is_blank() {
            self.blank_record_lines += record.lines;
            return false;
        }
        self.rows_read += 1;
        if self.check_undecodable && (0..record.field_count()).any(|i| record.field(i).contains('\u{fffd}')) {
            self.undecodable.note(record.line);
        }
        true
    }

    /// The undecodable-bytes warning, if any row had such bytes.
    pub fn undecodable_warning(&mut self) -> Option<Warning> {
        let tally = std::mem::take(&mut self.undecodable);
        (tally.count > 0).then(|| undecodable_warning(tally))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_sort_ascending() {
        let mut lines = [40, 7, 31, 2, 19, 7, 1 << 40];
        sort_lines(&mut lines);
        assert_eq!(lines, [2, 7, 7, 19, 31, 40, 1 << 40]);
        sort_lines(&mut []);
    }

    #[test]
    fn flags_and_groups_follow_the_contract_lists() {
        for yes in ["1", "TRUE", "Yes", "y", "是", "√", "2024-03-01", "3/1/2024"] {
            assert_eq!(read_flag(yes, false), Some(true), "{yes}");
        }
        for no in ["", "0", "False", "NO", "n", "否"] {
            assert_eq!(read_flag(no, false), Some(false), "{no}");
        }
        assert_eq!(read_flag("maybe", false), None);
        assert_eq!(read_flag("45352", false), None, "a number is a date only in a spreadsheet");
        assert_eq!(read_flag("45352", true), Some(true));
        for t in ["treatment", "Test", "T", "target", "1", "实验组", "实验", "测试组", "目标组"] {
            assert_eq!(read_group(t), Some(ContactGroup::Treatment), "{t}");
        }
        for c in ["CONTROL", "holdout", "c", "0", "对照组", "对照", "控制组", "對照組"] {
            assert_eq!(read_group(c), Some(ContactGroup::Control), "{c}");
        }
        for other in ["", "x", "2", "treated"] {
            assert_eq!(read_group(other), None, "{other}");
        }
    }

    #[test]
    fn a_date_column_decides_its_own_order() {
        let mut cells = DateCells::new(None, false);
        for cell in ["05/03/2024", "", "25/03/2024", "nope", "03/26/2024"] {
            cells.push(cell);
        }
        let resolved = cells.finish();
        assert_eq!(resolved.order, DateOrder::Dmy, "one day-first date against one month-first: day first wins ties");
        let days: Vec<Option<String>> = resolved.days.iter().map(|d| d.map(|d| d.to_string())).collect();
        assert_eq!(days, [Some("2024-03-05".into()), None, Some("2024-03-25".into()), None, None]);
        assert_eq!(resolved.contradicting, [4]);
        assert!(!resolved.undecided);
        let mut cells = DateCells::new(None, false);
        cells.push("05/03/2024");
        let resolved = cells.finish();
        assert!(resolved.undecided);
        assert_eq!(resolved.days[0].map(|d| d.to_string()).as_deref(), Some("2024-05-03"));
    }
}
