//! DATEV's Buchungsstapel (issue 12): a bookkeeping journal, not an order list. Its first line is a metadata
//! record (`"EXTF";700;21;"Buchungsstapel";…`) holding the fiscal year's start, the general ledger account length,
//! the date range and the chart of accounts; the header comes second. `Belegdatum` is written `DDMM` (the year is
//! the metadata's), amounts are positive with the direction in `Soll/Haben-Kennzeichen` (`S`/`H`, of `Konto`).
//!
//! Read as sales by customer, as DATEV users read their Debitoren: a booking's customer is its debtor account
//! (`Konto` or `Gegenkonto`, whichever lies in the debtor range: 10000–69999 for 4-digit ledger accounts), the
//! amount is positive when the debtor is debited (an invoice) and negative when it is credited (a credit note);
//! with the chart known (SKR03 / SKR04), a debtor booked against no revenue account (a payment from the bank, a
//! transfer) is no sale, and neither is a booking without a debtor: both are left out as `not_revenue`.

use super::roles::normalize_header;
use crate::date::Day;

/// The normalized headers of DATEV's account, counter-account and debit/credit columns, as data.
pub const ACCOUNT_HEADERS: &[&str] = &["konto"];
/// The counter-account column (`Gegenkonto (ohne BU-Schlüssel)`, or plain `Gegenkonto`).
pub const COUNTER_ACCOUNT_HEADERS: &[&str] = &["gegenkontoohnebuschlussel", "gegenkonto"];
/// The debit/credit column (`Soll/Haben-Kennzeichen`).
pub const SIDE_HEADERS: &[&str] = &["sollhabenkennzeichen", "sollhaben"];

/// The metadata of a DATEV file's first line (`EXTF` for exports to DATEV, `DTVF` for DATEV's own).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DatevHeader {
    /// The first day of the fiscal year (`WJ-Beginn`, field 13).
    pub fiscal_year_start: Option<Day>,
    /// The length of general ledger accounts (`Sachkontenlänge`, field 14; 4 when absent).
    pub account_length: u32,
    /// The first and last day of the bookings (`Datum vom`, `Datum bis`, fields 15 and 16).
    pub from: Option<Day>,
    /// The last day of the bookings.
    pub to: Option<Day>,
    /// The chart of accounts (`SKR`, field 27): `03`, `04`, or empty when not said.
    pub chart: String,
}

impl DatevHeader {
    /// The metadata of a first line whose fields are `field(0)`, `field(1)`…, if it is a DATEV one.
    pub fn parse<'a>(field: impl Fn(usize) -> &'a str) -> Option<DatevHeader> {
        let tag = field(0).trim().trim_matches('"');
        if tag != "EXTF" && tag != "DTVF" {
            return None;
        }
        let day = |i: usize| {
            let text = field(i).trim().trim_matches('"');
            let digits = text.get(..8).filter(|d| d.bytes().all(|b| b.is_ascii_digit()))?;
            let number = |range: std::ops::Range<usize>| digits[range].parse::<u32>().ok();
            Day::from_ymd(number(0..4)? as i32, number(4..6)?, number(6..8)?)
        };
        let account_length = field(13).trim().parse::<u32>().ok().filter(|n| (4..=8).contains(n)).unwrap_or(4);
        Some(DatevHeader {
            fiscal_year_start: day(12),
            account_length,
            from: day(14),
            to: day(15),
            chart: field(26).trim().trim_matches('"').to_string(),
        })
    }

    /// The day of a `DDMM` date (`1508`, or `108` with the day's zero dropped): the year that puts it within the
    /// file's date range, else within the fiscal year starting at `WJ-Beginn`. `None` when the text is no such
    /// date or the header gives no year.
    pub fn day_month(&self, text: &str) -> Option<Day> {
        let text = text.trim();
        if !(3..=4).contains(&text.len()) || !text.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let number: u32 = text.parse().ok()?;
        let (day, month) = (number / 100, number % 100);
        if !(1..=31).contains(&day) || !(1..=12).contains(&month) {
            return None;
        }
        if let (Some(from), Some(to)) = (self.from, self.to) {
            // A batch lies within one fiscal year: at most three calendar years are tried (a hostile range is not
            // walked year by year).
            let first = from.ymd().0;
            let found = (first..=to.ymd().0.min(first + 2))
                .filter_map(|year| Day::from_ymd(year, month, day))
                .find(|d| (from..=to).contains(d));
            if found.is_some() {
                return found;
            }
        }
        let start = self.fiscal_year_start.or(self.from)?;
        let (year, start_month, start_day) = start.ymd();
        let year = if (month, day) >= (start_month, start_day) { year } else { year + 1 };
        Day::from_ymd(year, month, day)
    }

    /// The debtor accounts: 10000–69999 for 4-digit ledger accounts (one digit more per digit of ledger length).
    fn debtors(&self) -> (u64, u64) {
        let scale = 10u64.pow(self.account_length);
        (scale, 7 * scale - 1)
    }

    /// The revenue accounts of the chart, when it is known: class 8 in SKR03, class 4 in SKR04.
    fn revenue(&self) -> Option<(u64, u64)> {
        let scale = 10u64.pow(self.account_length - 1);
        let class = match self.chart.trim_start_matches('0') {
            "3" => 8,
            "4" => 4,
            _ => return None,
        };
        Some((class * scale, (class + 1) * scale - 1))
    }
}

/// Whether a text is a `DDMM` date (3–4 digits, a valid day and month): a date written without its year.
pub fn is_day_month(text: &str) -> bool {
    let text = text.trim();
    (3..=4).contains(&text.len())
        && text.bytes().all(|b| b.is_ascii_digit())
        && text.parse::<u32>().is_ok_and(|n| (1..=31).contains(&(n / 100)) && (1..=12).contains(&(n % 100)))
}

/// How a journal's bookings become customers' sales: which columns hold the accounts and the side, and the
/// account ranges of the header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Journal {
    /// The `Konto` column.
    pub account: usize,
    /// The `Gegenkonto` column.
    pub counter_account: usize,
    /// The `Soll/Haben-Kennzeichen` column.
    pub side: usize,
    debtors: (u64, u64),
    revenue: Option<(u64, u64)>,
}

/// A booking as a sale: the debtor's column, and the sign of the amount.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Booking {
    /// A customer's sale (`sign` 1) or credit note (`sign` -1); the customer is in column `customer`.
    Sale {
        /// The column of the debtor account.
        customer: usize,
        /// 1 or -1.
        sign: i64,
    },
    /// No debtor, or a debtor against no revenue account (a payment): not a sale.
    NotRevenue,
    /// The debit/credit mark is neither `S` nor `H`: the amount's sign cannot be known.
    UnknownSide,
}

impl Journal {
    /// The journal of a file with `headers` and DATEV's metadata, if the file has the three columns.
    pub fn new(headers: &[String], header: &DatevHeader) -> Option<Journal> {
        let find =
            |names: &[&str]| names.iter().find_map(|name| headers.iter().position(|h| normalize_header(h) == *name));
        Some(Journal {
            account: find(ACCOUNT_HEADERS)?,
            counter_account: find(COUNTER_ACCOUNT_HEADERS)?,
            side: find(SIDE_HEADERS)?,
            debtors: header.debtors(),
            revenue: header.revenue(),
        })
    }

    /// What the booking with these cells is.
    pub fn booking(&self, account: &str, counter_account: &str, side: &str) -> Booking {
        let number = |text: &str| text.trim().parse::<u64>().ok();
        let is_debtor = |n: Option<u64>| n.is_some_and(|n| (self.debtors.0..=self.debtors.1).contains(&n));
        let is_revenue =
            |n: Option<u64>| self.revenue.is_none_or(|(low, high)| n.is_some_and(|n| (low..=high).contains(&n)));
        let (account, counter_account) = (number(account), number(counter_account));
        let (customer, other, debtor_debited) = if is_debtor(account) {
            (self.account, counter_account, true)
        } else if is_debtor(counter_account) {
            (self.counter_account, account, false)
        } else {
            return Booking::NotRevenue;
        };
        if !is_revenue(other) {
            return Booking::NotRevenue;
        }
        // The mark says whether `Konto` is debited (S) or credited (H); the counter-account takes the other side.
        let konto_debited = match side.trim() {
            "S" | "s" => true,
            "H" | "h" => false,
            _ => return Booking::UnknownSide,
        };
        let sign = if konto_debited == debtor_debited { 1 } else { -1 };
        Booking::Sale { customer, sign }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(line: &str) -> Option<DatevHeader> {
        let fields: Vec<&str> = line.split(';').collect();
        DatevHeader::parse(|i| fields.get(i).copied().unwrap_or(""))
    }

    const EXTF: &str =
        "\"EXTF\";700;21;\"Buchungsstapel\";13;20240130140440439;;\"RE\";\"\";\"\";29098;55003;20240701;4;\
                        20240701;20250630;\"Buchungsstapel\";\"WD\";1;0;0;\"EUR\";;\"\";;;\"03\";;;\"\";\"\"";

    #[test]
    fn the_first_line_gives_the_year_of_ddmm_dates_within_the_range() {
        let h = header(EXTF).unwrap();
        assert_eq!((h.account_length, h.chart.as_str()), (4, "03"));
        // A fiscal year from July: August is 2024's, March 2025's.
        assert_eq!(h.day_month("1508"), Day::from_ymd(2024, 8, 15));
        assert_eq!(h.day_month("0103"), Day::from_ymd(2025, 3, 1));
        assert_eq!(h.day_month("108"), Day::from_ymd(2024, 8, 1), "the day's zero dropped");
        assert_eq!(h.day_month("3002"), None, "30 February");
        assert_eq!(h.day_month("15.08.2024"), None);
        assert!(header("Umsatz;Soll/Haben-Kennzeichen").is_none());
        assert!(is_day_month("1508") && !is_day_month("2024") && !is_day_month("12345"));
    }

    #[test]
    fn a_booking_is_a_sale_of_its_debtor_signed_by_the_side() {
        let h = header(EXTF).unwrap();
        let headers: Vec<String> =
            ["Umsatz (ohne Soll/Haben-Kz)", "Soll/Haben-Kennzeichen", "Konto", "Gegenkonto (ohne BU-Schlüssel)"]
                .map(String::from)
                .to_vec();
        let j = Journal::new(&headers, &h).unwrap();
        assert_eq!((j.side, j.account, j.counter_account), (1, 2, 3));
        // Debtor debited against revenue: a sale; credited: a credit note; either column may hold the debtor.
        assert_eq!(j.booking("10001", "8400", "S"), Booking::Sale { customer: 2, sign: 1 });
        assert_eq!(j.booking("10001", "8400", "H"), Booking::Sale { customer: 2, sign: -1 });
        assert_eq!(j.booking("8400", "10001", "H"), Booking::Sale { customer: 3, sign: 1 });
        // A payment (bank against the debtor) and an expense are no sales.
        assert_eq!(j.booking("1200", "10001", "S"), Booking::NotRevenue);
        assert_eq!(j.booking("4930", "1200", "S"), Booking::NotRevenue);
        assert_eq!(j.booking("10001", "8400", "X"), Booking::UnknownSide);
    }
}
