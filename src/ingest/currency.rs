//! Currency detection (issue 17, point 9): which currency each order line is in, from a currency column (a
//! platform's `Currency` field, `币种`…) or else the sign or code written in its amount cell (`€ 12`, `12 zł`,
//! `RMB 30`); how many rows each currency has; and, with the load option `currency`, only that currency's rows
//! kept (the others skipped as `other_currency`), so amounts of several currencies are never summed silently.

use super::part::{PartReader, PartWriter};
use super::roles::normalize_header;
use crate::error::{Warning, WarningKind};
use crate::money::CURRENCY_MARKS;
use serde::Serialize;

/// Headers (normalised: lower case, no spaces, `_`, `-` or `.`) of a column holding each line's currency.
pub const CURRENCY_HEADERS: [&str; 9] = [
    "currency",
    "currencycode",
    "presentmentcurrency",
    "ordercurrency",
    "币种",
    "货币",
    "币别",
    "交易币种",
    "结算币种",
];

/// Whether `header` names a currency column.
pub fn is_currency_header(header: &str) -> bool {
    CURRENCY_HEADERS.contains(&normalize_header(header).as_str())
}

/// The ISO code of a currency written alone (a currency column's cell, or the `currency` option): a known sign or
/// code, or any three ASCII letters (upper-cased), `None` otherwise.
pub fn currency_code(text: &str) -> Option<String> {
    let text = text.trim();
    if let Some((_, code)) = CURRENCY_MARKS.iter().find(|(mark, _)| mark.eq_ignore_ascii_case(text)) {
        return Some((*code).to_string());
    }
    (text.len() == 3 && text.bytes().all(|b| b.is_ascii_alphabetic())).then(|| text.to_ascii_uppercase())
}

/// The ISO code of the sign or code written before or after the number of an amount cell (`-$12`, `12.00 €`,
/// `RMB 30`, `(R$ 5)`), `None` for a bare number. Cheap for bare numbers: they start and end with a digit.
pub fn currency_in_amount(text: &str) -> Option<&'static str> {
    let t = text.trim().trim_start_matches(['(', '-', '+', '−', '=', '"']).trim_end_matches([')', '"']).trim();
    let (first, last) = (t.chars().next()?, t.chars().next_back()?);
    if first.is_ascii_digit() && last.is_ascii_digit() {
        return None;
    }
    CURRENCY_MARKS.iter().find(|(mark, _)| t.starts_with(mark) || t.ends_with(mark)).map(|&(_, code)| code)
}

/// Where the file's currency came from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CurrencySource {
    /// A currency column.
    Column,
    /// Signs or codes in the amount cells.
    Cells,
    /// Nothing in the file says; none was chosen.
    #[default]
    None,
}

/// Rows of one currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CurrencyRows {
    /// ISO 4217 code.
    pub code: String,
    /// Rows (readable ones, before the `currency` option keeps one currency).
    pub rows: u64,
}

/// The file's currencies, as the load report gives them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CurrencyReport {
    /// The currency of the analysed amounts: the file's only one, or the one chosen with the `currency` option;
    /// `None` when the file names none or several (and none was chosen).
    pub code: Option<String>,
    /// Whether `code` was chosen with the `currency` option.
    pub chosen: bool,
    /// Where the file's currencies were read.
    pub source: CurrencySource,
    /// Every currency found, most rows first (ties by code).
    pub rows: Vec<CurrencyRows>,
    /// Rows with no currency written (a bare amount, a blank currency cell).
    pub unmarked: u64,
}

/// Reads each row's currency while the table is built.
#[derive(Clone, Debug, Default)]
pub struct CurrencyReader {
    /// The currency column's index, when the file has one.
    column: Option<usize>,
    /// The one currency to keep (the `currency` option), as an ISO code.
    chosen: Option<String>,
    /// Rows per currency, in order of first appearance.
    counts: Vec<(String, u64)>,
    unmarked: u64,
}

impl CurrencyReader {
    /// A reader of the column at `column` (else the amount cells), keeping only `chosen` rows when given.
    pub fn new(column: Option<usize>, chosen: Option<String>) -> CurrencyReader {
        CurrencyReader { column, chosen, ..Default::default() }
    }

    /// Counts a readable row: `cell(i)` gives the record's field `i`, `amount` its amount (or unit price) cell.
    /// Returns whether the row is kept (it is not when it names another currency than the chosen one).
    pub fn accept<'r>(&mut self, cell: impl Fn(usize) -> &'r str, amount: &str) -> bool {
        let code: Option<std::borrow::Cow<'_, str>> = match self.column {
            Some(i) => currency_code(cell(i)).map(Into::into),
            None => currency_in_amount(amount).map(Into::into),
        };
        let Some(code) = code else {
            self.unmarked += 1;
            return true;
        };
        match self.counts.iter_mut().find(|(c, _)| *c == code) {
            Some((_, n)) => *n += 1,
            None => self.counts.push((code.to_string(), 1)),
        }
        self.chosen.as_deref().is_none_or(|chosen| chosen == code)
    }

    // parallel parsing (issue 20)
    /// Writes the counts (the column and the chosen currency come from the plan, the same in every reader).
    pub fn write_part(&self, w: &mut PartWriter) {
        w.len(self.counts.len());
        for (code, rows) in &self.counts {
            w.str(code);
            w.u64(*rows);
        }
        w.u64(self.unmarked);
    }

    /// Adds the counts of a later range, written by [`write_part`](CurrencyReader::write_part).
    pub fn absorb_part(&mut self, r: &mut PartReader<'_>) -> Result<(), crate::error::Error> {
        for _ in 0..r.u64()? {
            let (code, rows) = (r.str()?, r.u64()?);
            match self.counts.iter_mut().find(|(c, _)| c == code) {
                Some((_, n)) => *n += rows,
                None => self.counts.push((code.to_string(), rows)),
            }
        }
        self.unmarked += r.u64()?;
        Ok(())
    }

    /// The report, and a `mixed_currencies` warning when the file has several currencies and none was chosen.
    pub fn finish(self) -> (CurrencyReport, Option<Warning>) {
        let mut rows: Vec<CurrencyRows> =
            self.counts.into_iter().map(|(code, rows)| CurrencyRows { code, rows }).collect();
        rows.sort_by(|a, b| b.rows.cmp(&a.rows).then_with(|| a.code.cmp(&b.code)));
        let source = match (self.column, rows.is_empty()) {
            (_, true) => CurrencySource::None,
            (Some(_), false) => CurrencySource::Column,
            (None, false) => CurrencySource::Cells,
        };
        let warning = (rows.len() > 1 && self.chosen.is_none()).then(|| {
            let kind = WarningKind::MixedCurrencies {
                currencies: rows.iter().map(|r| r.code.clone()).collect(),
                rows: rows.iter().map(|r| r.rows).collect(),
            };
            Warning::new(kind, Vec::new())
        });
        let code = match (&self.chosen, rows.as_slice()) {
            (Some(chosen), _) => Some(chosen.clone()),
            (None, [only]) => Some(only.code.clone()),
            _ => None,
        };
        (CurrencyReport { code, chosen: self.chosen.is_some(), source, rows, unmarked: self.unmarked }, warning)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_and_codes_in_amount_cells() {
        let cases = [
            ("12.50", None),
            ("-12", None),
            ("€ 12,50", Some("EUR")),
            ("12.00 €", Some("EUR")),
            ("-$12", Some("USD")),
            ("US$ 7", Some("USD")),
            ("R$ 1.234,56", Some("BRL")),
            ("12,50 zł", Some("PLN")),
            ("¥88", Some("CNY")),
            ("￥88", Some("CNY")),
            ("88元", Some("CNY")),
            ("RMB 30", Some("CNY")),
            ("(£5.00)", Some("GBP")),
            ("=\"$12\"", Some("USD")),
            ("12 apples", None),
        ];
        for (cell, code) in cases {
            assert_eq!(currency_in_amount(cell), code, "{cell}");
        }
    }

    #[test]
    fn a_currency_column_and_the_option_name_codes() {
        assert_eq!(currency_code(" eur ").as_deref(), Some("EUR"));
        assert_eq!(currency_code("RMB").as_deref(), Some("CNY"));
        assert_eq!(currency_code("€").as_deref(), Some("EUR"));
        assert_eq!(currency_code("sek").as_deref(), Some("SEK"));
        assert_eq!(currency_code("euro"), None);
        assert_eq!(currency_code(""), None);
        assert!(is_currency_header("Currency") && is_currency_header("币种") && is_currency_header("currency_code"));
        assert!(!is_currency_header("amount"));
    }

    #[test]
    fn several_currencies_are_counted_and_warned_of_or_one_is_kept() {
        let cells = ["€ 1", "€ 2", "$ 3", "4", "€ 5", "$ 6", "£ 7"];
        let mut reader = CurrencyReader::new(None, None);
        assert!(cells.iter().all(|cell| reader.accept(|_| "", cell)));
        let (report, warning) = reader.finish();
        let rows: Vec<(&str, u64)> = report.rows.iter().map(|r| (r.code.as_str(), r.rows)).collect();
        assert_eq!(rows, [("EUR", 3), ("USD", 2), ("GBP", 1)]);
        assert_eq!((report.code, report.source, report.unmarked), (None, CurrencySource::Cells, 1));
        let warning = warning.expect("several currencies");
        assert_eq!(warning.code(), "mixed_currencies");
        assert_eq!(warning.message(), "the amounts are in several currencies (EUR: 3 rows, USD: 2 rows, GBP: 1 row); they are summed as one unless one currency is chosen (the load option currency)");

        let mut reader = CurrencyReader::new(None, Some("USD".into()));
        let kept: Vec<bool> = cells.iter().map(|cell| reader.accept(|_| "", cell)).collect();
        assert_eq!(kept, [false, false, true, true, false, true, false], "unmarked rows are kept");
        let (report, warning) = reader.finish();
        assert!(warning.is_none());
        assert_eq!((report.code.as_deref(), report.chosen), (Some("USD"), true));
        assert_eq!(report.rows.len(), 3, "the file's currencies are still listed");
    }

    #[test]
    fn a_currency_column_wins_over_the_cells() {
        let mut reader = CurrencyReader::new(Some(1), None);
        for (currency, amount) in [("CNY", "12"), ("cny", "$3"), ("", "4")] {
            reader.accept(|_| currency, amount);
        }
        let (report, warning) = reader.finish();
        assert!(warning.is_none());
        assert_eq!((report.code.as_deref(), report.source, report.unmarked), (Some("CNY"), CurrencySource::Column, 1));
    }
}
