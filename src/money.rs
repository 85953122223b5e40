//! Exact money: whole numbers of 1/10,000 currency units, parsed from the forms marketers' exports use.
//!
//! Floating point never touches an amount until a result is displayed, so sums of returns and totals never drift.

use serde::{Serialize, Serializer};
use std::fmt;
use std::ops::{Add, AddAssign, Neg, Sub};

/// Number of fixed-point units in one currency unit.
pub const UNITS_PER_CURRENCY: i64 = 10_000;

/// An exact amount of money in 1/10,000 currency units (so `Money(125_000)` is 12.5).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(transparent)]
pub struct Money(pub i64);

impl Money {
    /// Zero.
    pub const ZERO: Money = Money(0);

    /// The amount in currency units as a float, for display and ratios only.
    pub fn to_f64(self) -> f64 {
        self.0 as f64 / UNITS_PER_CURRENCY as f64
    }

    /// The exact decimal text with four decimals, e.g. `"-12.5000"`.
    pub fn exact_string(self) -> String {
        let mut text = String::with_capacity(24);
        self.push_exact(&mut text);
        text
    }

    /// Appends the exact decimal text (as [`exact_string`](Self::exact_string)) without the formatting
    /// machinery: a column of 180,000 customers' values is written in one buffer.
    pub fn push_exact(self, out: &mut String) {
        if self.0 < 0 {
            out.push('-');
        }
        let abs = self.0.unsigned_abs();
        let per = UNITS_PER_CURRENCY as u64;
        let (mut whole, fraction) = (abs / per, abs % per);
        let mut digits = [0u8; 20];
        let mut start = digits.len();
        loop {
            start -= 1;
            digits[start] = b'0' + (whole % 10) as u8;
            whole /= 10;
            if whole == 0 {
                break;
            }
        }
        let fraction = fraction as u32;
        let fraction_digits = [1000, 100, 10, 1].map(|unit| b'0' + (fraction / unit % 10) as u8);
        for &digit in digits[start..].iter().chain(b".").chain(&fraction_digits) {
            out.push(char::from(digit));
        }
    }

    /// `quantity × unit_price`, both in 1/10,000 units, rounded once, half away from zero, to 1/10,000.
    /// `None` when the product does not fit.
    pub fn from_product(quantity: i64, unit_price: Money) -> Option<Money> {
        let exact = i128::from(quantity) * i128::from(unit_price.0); // in 1/10^8 units
        let rounded = div_round_half_away(exact, i128::from(UNITS_PER_CURRENCY));
        i64::try_from(rounded).ok().map(Money)
    }
}

/// `numerator / denominator` rounded half away from zero (`denominator > 0`).
fn div_round_half_away(numerator: i128, denominator: i128) -> i128 {
    let quotient = numerator / denominator;
    let remainder = numerator % denominator;
    if 2 * remainder.abs() >= denominator {
        quotient + numerator.signum()
    } else {
        quotient
    }
}

/// Plain addition: the analyses add amounts of one orders table, whose Σ|amount| ingest bounds by `i64::MAX`
/// (`amount_overflow` otherwise, see `ingest::rows::AMOUNT_SUM_LIMIT`), so no sum of them can wrap.
impl Add for Money {
    type Output = Money;
    fn add(self, other: Money) -> Money {
        Money(self.0 + other.0)
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, other: Money) {
        self.0 += other.0;
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, other: Money) -> Money {
        Money(self.0 - other.0)
    }
}

impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(-self.0)
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

impl fmt::Display for Money {
    /// Four decimals, a leading `-` for negatives, no grouping: `1234.5000`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let per = UNITS_PER_CURRENCY as u64;
        write!(f, "{sign}{}.{:04}", abs / per, abs % per)
    }
}

/// Serialized as a plain number of currency units (the JavaScript API's convention; exact text travels in
/// separate `…Exact` fields).
impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(self.to_f64())
    }
}

/// Which character separates the decimals when a number alone cannot tell (`1,234` or `1.234`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DecimalMark {
    /// `1,234.50`: the point is the decimal mark (default).
    #[default]
    Point,
    /// `1.234,50`: the comma is the decimal mark (most of Europe).
    Comma,
}

/// Currency signs and codes that may stand before or after a number, longest first so `R$` and `US$` are not read
/// as `$`, with the ISO 4217 code each stands for (currency detection, issue 17 point 9, reads them too). `¥`, `￥`
/// and `元` are read as the yuan (the product's Chinese users); `JPY` names the yen.
pub const CURRENCY_MARKS: [(&str, &str); 21] = [
    ("US$", "USD"),
    ("RMB", "CNY"),
    ("CNY", "CNY"),
    ("USD", "USD"),
    ("EUR", "EUR"),
    ("GBP", "GBP"),
    ("JPY", "JPY"),
    ("BRL", "BRL"),
    ("PLN", "PLN"),
    ("HKD", "HKD"),
    ("CAD", "CAD"),
    ("AUD", "AUD"),
    ("CHF", "CHF"),
    ("R$", "BRL"),
    ("zł", "PLN"),
    ("$", "USD"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("¥", "CNY"),
    ("￥", "CNY"),
    ("元", "CNY"),
];

/// Trims white space and strips Excel's `="…"` guard against number conversion, so the text inside is read.
pub fn strip_excel_guard(text: &str) -> &str {
    let b = text.as_bytes();
    // Most cells start and end with a visible ASCII character: nothing to trim, no Unicode scan.
    let t = match (b.first(), b.last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => text,
        _ => text.trim(),
    };
    match t.strip_prefix("=\"").and_then(|rest| rest.strip_suffix('"')) {
        Some(inner) => inner.trim(),
        None => t,
    }
}

/// Parses a decimal number into 1/10,000 units: `1234.5`, `1,234.50`, `1.234,50`, `$12`, `12.00 €`, `RMB 30`,
/// `(12.00)`, `-12.00` and SAP's `12,00-` (negative), surrounding spaces, and Excel's `="…"` guard. More than four decimals are
/// rounded half away from zero. A lone separator followed by exactly three digits (`1,234`) is read with
/// `ambiguous_mark` as the decimal mark. Returns `None` for empty or unreadable text.
pub fn parse_decimal(text: &str, ambiguous_mark: DecimalMark) -> Option<i64> {
    if let Some(units) = parse_plain_decimal(text.as_bytes(), ambiguous_mark) {
        return Some(units);
    }
    let mut t = strip_excel_guard(text);
    if t.is_empty() {
        return None;
    }
    let mut negative = false;
    if let Some(inner) = t.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        negative = true;
        t = inner.trim();
    }
    // platforms2 (issue 12): SAP lists write negatives with a trailing minus (`1.234,56-`).
    if let Some(inner) = t.strip_suffix('-').filter(|r| r.ends_with(|c: char| c.is_ascii_digit())) {
        negative = !negative;
        t = inner;
    }
    // Sign and currency may come in either order: "-$12", "$-12", "RMB -12", "12 RMB".
    for _ in 0..2 {
        if let Some(rest) = t.strip_prefix('-').or_else(|| t.strip_prefix('−')) {
            negative = !negative;
            t = rest.trim_start();
        } else if let Some(rest) = t.strip_prefix('+') {
            t = rest.trim_start();
        }
        for (mark, _) in CURRENCY_MARKS {
            if let Some(rest) = t.strip_prefix(mark) {
                t = rest.trim_start();
            } else if let Some(rest) = t.strip_suffix(mark) {
                t = rest.trim_end();
            }
        }
    }
    if t.is_empty() {
        return None;
    }
    let decimal_at = decimal_mark_position(t, ambiguous_mark)?;
    let (int_part, frac_part) = match decimal_at {
        Some(i) => (&t[..i], &t[i + 1..]),
        None => (t, ""),
    };
    let mut whole: i64 = 0;
    let mut digits = 0;
    for c in int_part.chars() {
        match c {
            '0'..='9' => {
                whole = whole.checked_mul(10)?.checked_add(i64::from(c as u8 - b'0'))?;
                digits += 1;
            }
            ',' | '.' | ' ' | '\u{a0}' | '\u{202f}' | '\'' => {} // group separators
            _ => return None,
        }
    }
    let mut fraction: i64 = 0;
    let mut scale = UNITS_PER_CURRENCY;
    let mut round_up = false;
    for (i, c) in frac_part.chars().enumerate() {
        let d = match c {
            '0'..='9' => i64::from(c as u8 - b'0'),
            _ => return None,
        };
        digits += 1;
        if i < 4 {
            scale /= 10;
            fraction += d * scale;
        } else if i == 4 {
            round_up = d >= 5; // half away from zero on the magnitude
        }
    }
    if digits == 0 {
        return None;
    }
    let mut units = whole.checked_mul(UNITS_PER_CURRENCY)?.checked_add(fraction)?;
    if round_up {
        units = units.checked_add(1)?;
    }
    Some(if negative { -units } else { units })
}

/// The common case fast: `-?digits(.digits{1,4})?`, nothing else (no sign words, separators or spaces), except
/// `1.234` in a decimal-comma column (a thousands separator there).
fn parse_plain_decimal(b: &[u8], ambiguous_mark: DecimalMark) -> Option<i64> {
    let (negative, digits) = match b.first()? {
        b'-' => (true, &b[1..]),
        _ => (false, b),
    };
    let point = digits.iter().position(|&c| c == b'.').unwrap_or(digits.len());
    let (whole, fraction) = (&digits[..point], digits.get(point + 1..).unwrap_or(&[]));
    let thousands = fraction.len() == 3 && ambiguous_mark == DecimalMark::Comma;
    if whole.is_empty()
        || whole.len() > 14
        || fraction.len() > 4
        || (point < digits.len() && fraction.is_empty())
        || thousands
    {
        return None;
    }
    let mut units: i64 = 0;
    for &c in whole {
        if !c.is_ascii_digit() {
            return None;
        }
        units = units * 10 + i64::from(c - b'0');
    }
    let mut scale = UNITS_PER_CURRENCY;
    units *= UNITS_PER_CURRENCY;
    for &c in fraction {
        if !c.is_ascii_digit() {
            return None;
        }
        scale /= 10;
        units += i64::from(c - b'0') * scale;
    }
    Some(if negative { -units } else { units })
}

/// Finds the byte index of the decimal mark in `t` (digits and separators only), `Ok(None)` when there is none.
/// `None` (outer) when the separators cannot form a number (e.g. `1.2.3,4,5`).
fn decimal_mark_position(t: &str, ambiguous_mark: DecimalMark) -> Option<Option<usize>> {
    let last_point = t.rfind('.');
    let last_comma = t.rfind(',');
    let points = t.matches('.').count();
    let commas = t.matches(',').count();
    Some(match (last_point, last_comma) {
        (None, None) => None,
        (Some(p), Some(c)) => {
            // Both present: the later one is the decimal mark and must occur once.
            let (at, count) = if p > c { (p, points) } else { (c, commas) };
            if count != 1 {
                return None;
            }
            Some(at)
        }
        (Some(at), None) | (None, Some(at)) => {
            let count = points + commas;
            let mark_is_point = last_point.is_some();
            let digits_after = t.len() - at - 1;
            if count > 1 {
                None // "1.234.567" or "1,234,567": grouping only
            } else if digits_after == 3 && at > 0 {
                let ambiguous_is_point = ambiguous_mark == DecimalMark::Point;
                if mark_is_point == ambiguous_is_point {
                    Some(at)
                } else {
                    None
                }
            } else {
                Some(at)
            }
        }
    })
}

/// Parses money in the contract's forms (see [`parse_decimal`]).
pub fn parse_money(text: &str, ambiguous_mark: DecimalMark) -> Option<Money> {
    parse_decimal(text, ambiguous_mark).map(Money)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(text: &str) -> Option<i64> {
        parse_decimal(text, DecimalMark::Point)
    }

    #[test]
    fn parses_the_contract_forms() {
        assert_eq!(m("1234.5"), Some(12_345_000));
        assert_eq!(m("1,234.50"), Some(12_345_000));
        assert_eq!(parse_decimal("1.234,50", DecimalMark::Point), Some(12_345_000));
        assert_eq!(m("$12"), Some(120_000));
        assert_eq!(m("12.00 €"), Some(120_000));
        assert_eq!(m("£ 3.5"), Some(35_000));
        assert_eq!(m("¥1,000"), Some(10_000_000));
        assert_eq!(m("￥88.8"), Some(888_000));
        assert_eq!(m("RMB 30"), Some(300_000));
        assert_eq!(m("CNY30.01"), Some(300_100));
        assert_eq!(m("USD -7.25"), Some(-72_500));
        assert_eq!(m("(12.00)"), Some(-120_000));
        assert_eq!(m("-12.00"), Some(-120_000));
        // platforms2 (issue 12): SAP's trailing minus.
        assert_eq!(parse_decimal("1.234,56-", DecimalMark::Comma), Some(-12_345_600));
        assert_eq!(m("12-"), Some(-120_000));
        assert_eq!(m("-"), None);
        assert_eq!(m("  42  "), Some(420_000));
        assert_eq!(m("=\"19.99\""), Some(199_900));
        assert_eq!(m(".5"), Some(5_000));
        assert_eq!(m("1.234.567"), Some(12_345_670_000));
    }

    #[test]
    fn a_lone_separator_before_three_digits_follows_the_column_mark() {
        assert_eq!(parse_decimal("1,234", DecimalMark::Point), Some(12_340_000));
        assert_eq!(parse_decimal("1,234", DecimalMark::Comma), Some(12_340));
        assert_eq!(parse_decimal("1.234", DecimalMark::Comma), Some(12_340_000));
        assert_eq!(parse_decimal("1.234", DecimalMark::Point), Some(12_340));
        assert_eq!(parse_decimal("12,5", DecimalMark::Point), Some(125_000));
    }

    #[test]
    fn more_than_four_decimals_round_half_away_from_zero() {
        assert_eq!(m("0.00005"), Some(1));
        assert_eq!(m("0.00004"), Some(0));
        assert_eq!(m("-0.00005"), Some(-1));
        assert_eq!(m("2.123449"), Some(21_234));
        assert_eq!(m("2.12345"), Some(21_235));
    }

    #[test]
    fn rejects_what_is_not_a_number() {
        for bad in ["", "  ", "abc", "12a", "1.2.3,4,5", "--", "$", "()", "1 2x", "1,2,3.4.5"] {
            assert_eq!(m(bad), None, "{bad:?}");
        }
        assert_eq!(m("99999999999999999999"), None, "overflow is unreadable, not wrapped");
    }

    #[test]
    fn product_is_exact_and_rounded_once() {
        // 3 × 19.99 = 59.97 exactly
        assert_eq!(Money::from_product(30_000, Money(199_900)), Some(Money(599_700)));
        // 0.333 × 0.0005 = 0.0001665 → 0.0002 (half away from zero on the 5th decimal)
        assert_eq!(Money::from_product(3_330, Money(5)), Some(Money(2)));
        // -1 × 0.00015 is not representable as input; -0.5 × 0.0003 = -0.00015 → -0.0002
        assert_eq!(Money::from_product(-5_000, Money(3)), Some(Money(-2)));
    }

    #[test]
    fn sums_of_cents_stay_exact() {
        let cent = parse_money("0.01", DecimalMark::Point).unwrap();
        let total: Money = std::iter::repeat_n(cent, 1_000_000).sum();
        assert_eq!(total.exact_string(), "10000.0000");
        assert_eq!(Money(-125_000).to_string(), "-12.5000");
        assert_eq!(Money(5).to_string(), "0.0005");
    }

    #[test]
    fn exact_text_is_the_display_text() {
        let values = [0, 1, -1, 9_999, 10_000, -10_001, 125_000, 123_456_789, i64::MAX, i64::MIN, -5];
        for units in values.into_iter().chain((0..2000).map(|i| i * 7_919 - 5_000_000)) {
            assert_eq!(Money(units).exact_string(), Money(units).to_string(), "{units}");
        }
        assert_eq!(Money(-125_000).exact_string(), "-12.5000");
    }
}
