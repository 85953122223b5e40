//! Calendar days as integers, and the date forms of the contract (ISO, `2024/3/5`, `2024年3月5日`, `05.03.2024`,
//! `3/5/2024` with the column's day/month order, date-times whose time is dropped, Excel serial numbers).

use chrono::{Datelike, NaiveDate};
use serde::{Serialize, Serializer};
use std::fmt;

/// A calendar day as days since 1970-01-01: compact, totally ordered, and subtractable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(transparent)]
pub struct Day(pub i32);

/// First year of a date read from a file. Earlier ones (year 0000, `0001-01-01` "no date" placeholders) are not
/// order dates: the row is skipped as `bad_date`, so the analysis date and every recency stay real.
pub const MIN_DATA_YEAR: i32 = 1900;

/// Last year of a date read from a file. Later ones (`9999-12-31`, a common ERP "no date" value) are skipped as
/// `bad_date`: one such row would otherwise move the analysis date to `10000-01-01`, which is not `YYYY-MM-DD`.
pub const MAX_DATA_YEAR: i32 = 2200;

const UNIX_EPOCH_FROM_CE: i32 = 719_163; // NaiveDate(1970-01-01).num_days_from_ce()

impl Day {
    /// Whether the day lies in the years a date read from a file may have ([`MIN_DATA_YEAR`] to [`MAX_DATA_YEAR`]).
    pub fn is_in_data_range(self) -> bool {
        (MIN_DATA_YEAR..=MAX_DATA_YEAR).contains(&self.ymd().0)
    }

    /// The day of a valid calendar date, `None` for dates such as 31 February.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Day> {
        NaiveDate::from_ymd_opt(year, month, day).map(Day::from_naive)
    }

    fn from_naive(date: NaiveDate) -> Day {
        Day(date.num_days_from_ce() - UNIX_EPOCH_FROM_CE)
    }

    /// The calendar date of this day.
    pub fn to_naive(self) -> NaiveDate {
        NaiveDate::from_num_days_from_ce_opt(self.0 + UNIX_EPOCH_FROM_CE).unwrap_or(NaiveDate::MIN)
    }

    /// (year, month, day).
    pub fn ymd(self) -> (i32, u32, u32) {
        let d = self.to_naive();
        (d.year(), d.month(), d.day())
    }

    /// The same calendar date one year earlier; 29 February becomes 28 February.
    pub fn year_earlier(self) -> Day {
        let (y, m, d) = self.ymd();
        Day::from_ymd(y - 1, m, d).or_else(|| Day::from_ymd(y - 1, m, d - 1)).unwrap_or(Day(self.0 - 365))
    }

    /// `other` days later (negative for earlier).
    pub fn plus(self, days: i32) -> Day {
        Day(self.0 + days)
    }

    /// Whole days from `earlier` to `self`.
    pub fn days_since(self, earlier: Day) -> i32 {
        self.0 - earlier.0
    }

    /// Parses exactly `YYYY-MM-DD` (what options and results use).
    pub fn parse_iso(text: &str) -> Option<Day> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |s: &[u8]| -> Option<u32> {
            s.iter().try_fold(0u32, |acc, &c| c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0')))
        };
        Day::from_ymd(num(&b[0..4])? as i32, num(&b[5..7])?, num(&b[8..10])?)
    }

    /// Excel's serial day number (1900 date system, with its fictitious 29 Feb 1900; or the 1904 system).
    pub fn from_excel_serial(serial: f64, is_1904: bool) -> Option<Day> {
        if !(1.0..=2_958_465.0).contains(&serial) {
            return None;
        }
        let whole = serial.floor() as i32;
        if is_1904 {
            return Some(Day(whole - 24_107)); // 1904-01-01 is day -24107
        }
        // 1900 system: serial 1 = 1900-01-01; serials from 61 on are one too high (the 1900 leap-year bug).
        let since_1899_12_31 = if whole >= 61 { whole - 1 } else { whole };
        Some(Day(since_1899_12_31 - 25_568)) // 1899-12-31 is day -25568
    }
}

impl fmt::Display for Day {
    /// `YYYY-MM-DD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

/// Serialized as `"YYYY-MM-DD"`.
impl Serialize for Day {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// How to read a date whose first two numbers could be day or month (`05/03/2024`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    /// Year first (`2024-03-05`): what every unambiguous column is reported as.
    #[default]
    Ymd,
    /// Month first (`3/5/2024` is 5 March): the contract's fallback when a column cannot tell.
    Mdy,
    /// Day first (`05/03/2024` is 5 March).
    Dmy,
}

impl DateOrder {
    /// Parses `"ymd"`, `"mdy"`, `"dmy"`.
    pub fn parse(text: &str) -> Option<DateOrder> {
        match text {
            "ymd" => Some(DateOrder::Ymd),
            "mdy" => Some(DateOrder::Mdy),
            "dmy" => Some(DateOrder::Dmy),
            _ => None,
        }
    }
}

/// A date read from text before the column's day/month order is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParsedDate {
    /// The text fixed the day (year first, `dd.mm.yyyy`, or a number above 12 told which is the day).
    Known(Day),
    /// `a/b/yyyy` with both `a` and `b` ≤ 12: valid either way; the column decides.
    Ambiguous {
        /// The year.
        year: i32,
        /// The first number.
        first: u8,
        /// The second number.
        second: u8,
    },
}

impl ParsedDate {
    /// The day under `order` (`Ymd` counts as month-first for ambiguous values).
    pub fn resolve(self, order: DateOrder) -> Option<Day> {
        match self {
            ParsedDate::Known(day) => Some(day),
            ParsedDate::Ambiguous { year, first, second } => match order {
                DateOrder::Dmy => Day::from_ymd(year, u32::from(second), u32::from(first)),
                DateOrder::Mdy | DateOrder::Ymd => Day::from_ymd(year, u32::from(first), u32::from(second)),
            },
        }
    }
}

/// What a date cell said about the column's order: day-first, month-first, or nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrderEvidence {
    /// Nothing (year first, or ambiguous).
    None,
    /// `dd.mm.yyyy`: day first by the form's convention. Tells the report's date order (issue 17.4: such a file was
    /// labelled year-month-day) without deciding ambiguous `a/b/yyyy` cells of the column or contradicting any.
    DottedDayFirst,
    /// `a/b/yyyy` with `a > 12`: day first.
    DayFirst,
    /// `a/b/yyyy` with `b > 12`: month first.
    MonthFirst,
}

/// Splits off a time part (`2010-12-01 08:26:00`, `2024-03-05T10:00:00+08:00`, `12/1/2010 8:26`).
fn date_part(text: &str) -> &str {
    let t = text.trim();
    let end = t.find(['T', ' ']).unwrap_or(t.len());
    // Keep "2024年3月5日" whole; a 'T' never occurs in the date forms we read.
    &t[..end]
}

/// Reads a date cell. `order` fixes the day/month order when the caller already knows it (an option);
/// otherwise ambiguous values stay [`ParsedDate::Ambiguous`] and the evidence is returned.
/// Dates outside [`MIN_DATA_YEAR`]..=[`MAX_DATA_YEAR`] read as no date (the row's `bad_date`).
pub fn parse_date(text: &str, order: Option<DateOrder>) -> Option<(ParsedDate, OrderEvidence)> {
    parse_any_date(text, order).filter(|(date, _)| match *date {
        ParsedDate::Known(day) => day.is_in_data_range(),
        ParsedDate::Ambiguous { year, .. } => (MIN_DATA_YEAR..=MAX_DATA_YEAR).contains(&year),
    })
}

/// [`parse_date`] for every year chrono knows.
fn parse_any_date(text: &str, order: Option<DateOrder>) -> Option<(ParsedDate, OrderEvidence)> {
    // The common case fast: `YYYY-MM-DD`, alone or before a time.
    let b = text.as_bytes();
    if b.len() >= 10 && (b.len() == 10 || b[10] == b' ' || b[10] == b'T') {
        if let Some(day) = Day::parse_iso(&text[..10]) {
            return Some((ParsedDate::Known(day), OrderEvidence::None));
        }
    }
    // platforms (issue 12): `Jan 5, 2024 10:12:05 AM` (Magento), `Jul-21-25` (eBay).
    let whole = crate::money::strip_excel_guard(text).trim();
    if whole.starts_with(|c: char| c.is_alphabetic()) {
        return month_name_first(whole).map(|day| (ParsedDate::Known(day), OrderEvidence::None));
    }
    let t = date_part(crate::money::strip_excel_guard(text));
    if t.is_empty() {
        return None;
    }
    // 2024年3月5日
    if let Some(rest) = t.strip_suffix('日') {
        let (y, rest) = rest.split_once('年')?;
        let (m, d) = rest.split_once('月')?;
        let day = Day::from_ymd(number(y)? as i32, number(m)?, number(d)?)?;
        return Some((ParsedDate::Known(day), OrderEvidence::None));
    }
    let sep = t.bytes().find(|b| matches!(b, b'-' | b'/' | b'.'))?;
    let mut parts = t.split(sep as char);
    let (a, b, c) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    if a.len() == 4 {
        // year first: 2024-03-05, 2024/3/5, 2024.03.05
        let day = Day::from_ymd(number(a)? as i32, number(b)?, number(c)?)?;
        return Some((ParsedDate::Known(day), OrderEvidence::None));
    }
    // platforms (issue 12): `10-Dez-25`, `05-Mar-2024` (day, month name, year).
    if let Some(month) = month_from_name(b) {
        let day = Day::from_ymd(full_year(c)?, month, number(a)?)?;
        return Some((ParsedDate::Known(day), OrderEvidence::None));
    }
    // A two-digit year (`09/03/26`, Etsy) is this century's, with slashes only.
    let two_digit_year = c.len() == 2 && sep == b'/';
    if (c.len() != 4 && !two_digit_year) || a.is_empty() || a.len() > 2 || b.is_empty() || b.len() > 2 {
        return None;
    }
    let (year, first, second) = (full_year(c)?, number(a)?, number(b)?);
    if sep == b'.' {
        // dd.mm.yyyy is day-first by convention.
        let day = Day::from_ymd(year, second, first)?;
        return Some((ParsedDate::Known(day), OrderEvidence::DottedDayFirst));
    }
    let as_dmy = Day::from_ymd(year, second, first);
    let as_mdy = Day::from_ymd(year, first, second);
    match order {
        Some(DateOrder::Dmy) => return as_dmy.map(|d| (ParsedDate::Known(d), OrderEvidence::None)),
        Some(DateOrder::Mdy) => return as_mdy.map(|d| (ParsedDate::Known(d), OrderEvidence::None)),
        _ => {}
    }
    match (as_mdy, as_dmy) {
        (Some(_), Some(_)) if first == second => Some((ParsedDate::Known(as_mdy?), OrderEvidence::None)),
        (Some(_), Some(_)) => {
            Some((ParsedDate::Ambiguous { year, first: first as u8, second: second as u8 }, OrderEvidence::None))
        }
        (Some(d), None) => Some((ParsedDate::Known(d), OrderEvidence::MonthFirst)),
        (None, Some(d)) => Some((ParsedDate::Known(d), OrderEvidence::DayFirst)),
        (None, None) => None,
    }
}

// platforms (issue 12): dates with month names and two-digit years, as platform exports write them.
/// The month of an English or German month name or its abbreviation (`Jan`, `March`, `Mär`, `Okt`, `Dez`).
fn month_from_name(text: &str) -> Option<u32> {
    let lower: String = text.trim_end_matches('.').chars().flat_map(char::to_lowercase).collect();
    if lower.chars().count() < 3 || !lower.chars().all(char::is_alphabetic) {
        return None;
    }
    const NAMES: [(&str, u32); 15] = [
        ("jan", 1),
        ("feb", 2),
        ("mar", 3),
        ("mär", 3),
        ("mrz", 3),
        ("apr", 4),
        ("may", 5),
        ("mai", 5),
        ("jun", 6),
        ("jul", 7),
        ("aug", 8),
        ("sep", 9),
        ("oct", 10),
        ("okt", 10),
        ("nov", 11),
    ];
    let prefix: String = lower.chars().take(3).collect();
    match prefix.as_str() {
        "dec" | "dez" => Some(12),
        p => NAMES.iter().find(|(name, _)| *name == p).map(|(_, month)| *month),
    }
}

/// A year written with four digits, or two (this century's).
fn full_year(text: &str) -> Option<i32> {
    match text.len() {
        4 => number(text).map(|y| y as i32),
        2 => number(text).map(|y| 2000 + y as i32),
        _ => None,
    }
}

/// `Jan 5, 2024`, `January 5 2024 10:12:05 AM`, `Jul-21-25`: month name, day, year (time dropped).
fn month_name_first(text: &str) -> Option<Day> {
    let mut parts = text.split([' ', ',', '-', '/']).filter(|p| !p.is_empty());
    let month = month_from_name(parts.next()?)?;
    let day = number(parts.next()?)?;
    let year = full_year(parts.next()?)?;
    Day::from_ymd(year, month, day)
}

/// Digits only (1 to 4 of them).
fn number(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Day {
        Day::parse_iso(text).unwrap()
    }

    fn known(text: &str) -> Option<Day> {
        match parse_date(text, None)? {
            (ParsedDate::Known(d), _) => Some(d),
            _ => None,
        }
    }

    #[test]
    fn day_numbers_and_iso_text_round_trip() {
        assert_eq!(day("1970-01-01"), Day(0));
        assert_eq!(day("2024-03-05").to_string(), "2024-03-05");
        assert_eq!(day("2024-03-01").days_since(day("2024-02-28")), 2); // leap year
        assert_eq!(Day::parse_iso("2023-02-29"), None);
        assert_eq!(Day::parse_iso("2024-3-5"), None);
    }

    #[test]
    fn reads_the_contract_forms() {
        let d = day("2024-03-05");
        for text in ["2024-03-05", "2024/3/5", "2024.03.05", "2024年3月5日", "05.03.2024", "2024-03-05 08:26:00"] {
            assert_eq!(known(text), Some(d), "{text}");
        }
        assert_eq!(known("2024-03-05T23:30:00-08:00"), Some(d), "the written date is kept, offsets never move it");
        assert_eq!(known("2024-03-05T00:30:00+14:00"), Some(d));
        assert_eq!(known("=\"2024-03-05\""), Some(d));
        assert_eq!(known("12/1/2010 8:26"), None, "ambiguous without an order");
        assert_eq!(parse_date("12/1/2010 8:26", Some(DateOrder::Mdy)).unwrap().0, ParsedDate::Known(day("2010-12-01")));
    }

    // platforms (issue 12)
    #[test]
    fn month_names_and_two_digit_years_of_platform_exports() {
        assert_eq!(known("Jan 5, 2024 10:12:05 AM"), Some(day("2024-01-05")), "Magento");
        assert_eq!(known("Jul-21-25"), Some(day("2025-07-21")), "eBay US");
        assert_eq!(known("10-Dez-25"), Some(day("2025-12-10")), "eBay DE");
        assert_eq!(known("05-Mar-2024"), Some(day("2024-03-05")));
        assert_eq!(
            parse_date("09/23/26", None),
            Some((ParsedDate::Known(day("2026-09-23")), OrderEvidence::MonthFirst))
        );
        assert_eq!(known("Region North"), None);
        assert_eq!(known("05.03.24"), None, "two-digit years only with slashes");
    }

    #[test]
    fn a_number_above_twelve_is_evidence() {
        assert_eq!(
            parse_date("25/03/2024", None),
            Some((ParsedDate::Known(day("2024-03-25")), OrderEvidence::DayFirst))
        );
        assert_eq!(
            parse_date("3/25/2024", None),
            Some((ParsedDate::Known(day("2024-03-25")), OrderEvidence::MonthFirst))
        );
        let ambiguous = parse_date("05/03/2024", None).unwrap().0;
        assert_eq!(ambiguous.resolve(DateOrder::Dmy), Some(day("2024-03-05")));
        assert_eq!(ambiguous.resolve(DateOrder::Mdy), Some(day("2024-05-03")));
        assert_eq!(known("04/04/2024"), Some(day("2024-04-04")), "equal numbers are not ambiguous");
    }

    #[test]
    fn rejects_impossible_dates() {
        for bad in ["", "2024-02-30", "31/02/2024", "2024-13-01", "hello", "2024", "1/2/3/2024", "99/99/2024"] {
            assert_eq!(parse_date(bad, None), None, "{bad:?}");
        }
    }

    #[test]
    fn excel_serials_in_both_systems() {
        assert_eq!(Day::from_excel_serial(1.0, false), Some(day("1900-01-01")));
        assert_eq!(Day::from_excel_serial(59.0, false), Some(day("1900-02-28")));
        assert_eq!(Day::from_excel_serial(61.0, false), Some(day("1900-03-01")));
        assert_eq!(Day::from_excel_serial(45356.75, false), Some(day("2024-03-05")));
        assert_eq!(Day::from_excel_serial(0.0, true), None);
        assert_eq!(Day::from_excel_serial(43894.0, true), Some(day("2024-03-05")));
    }

    #[test]
    fn a_year_earlier_keeps_the_calendar_date() {
        assert_eq!(day("2024-02-29").year_earlier(), day("2023-02-28"));
        assert_eq!(day("2024-03-01").year_earlier(), day("2023-03-01"));
    }
}
