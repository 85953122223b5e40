//! The customer table (all customers, the customers of one segment, tier or lifecycle stage, or exactly the given
//! ids) as CSV for Excel and mailing tools: UTF-8 with BOM, exact money as plain numbers, optional columns of the
//! orders file (the latest non-blank value per customer: name, e-mail, phone), `,` or `;` between cells, headers
//! and class names in English or 简体中文, and text cells that could run as formulas neutralised (OWASP "CSV
//! injection"). Written straight into one buffer: 1,000,000 customers are ~100 MB of text.

use super::RfmResult;
use crate::date::Day;
use crate::error::Error;
use crate::money::Money;
use crate::table::{Dictionary, Table, MEASURE_MISSING, NO_TEXT};

/// The character between the cells of a row.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Delimiter {
    /// `,` (the default): numbers keep their decimal point.
    #[default]
    Comma,
    /// `;`, what Excel reads in locales with a decimal comma (German, French…): numbers are then written with a
    /// decimal comma too (`12,5000`), as those locales read them.
    Semicolon,
}

impl Delimiter {
    /// Every delimiter with its option name, the default first.
    pub const ALL: [(&'static str, Delimiter); 2] = [(",", Delimiter::Comma), (";", Delimiter::Semicolon)];

    /// The character.
    pub fn char(self) -> char {
        match self {
            Delimiter::Comma => ',',
            Delimiter::Semicolon => ';',
        }
    }

    /// The decimal mark numbers are written with.
    fn decimal_mark(self) -> char {
        match self {
            Delimiter::Comma => '.',
            Delimiter::Semicolon => ',',
        }
    }
}

/// Which customers to export, and how. Every filter given applies (they intersect).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportFilter {
    /// Only this segment (by name; with a rule named like the map's remainder, the name is the rule's segment).
    pub segment: Option<String>,
    /// Only this segment, by its index in [`RfmResult::segments`] (the `segmentCode` of its customers): tells the
    /// remainder from a rule of the same name.
    pub segment_code: Option<u16>,
    /// Only this tier (by name).
    pub tier: Option<String>,
    /// Only this lifecycle stage (by name, e.g. `At risk`).
    pub stage: Option<String>,
    /// Exactly these customers (ids), in this order (what a page shows after its filters, search and sort); every
    /// one must be a scored customer; a repeated id is written once.
    pub ids: Option<Vec<String>>,
    /// Columns of the orders file (headers) to add after the RFM columns: each customer's latest non-blank value
    /// (latest order date; on the same day the later line of the file).
    pub columns: Vec<String>,
    /// Attributes of the joined customers file to write last (§14.3 privacy: none leave the module unless named
    /// here): `ageBand`, `gender` or its columns.
    pub attributes: Vec<String>,
    /// The character between cells.
    pub delimiter: Delimiter,
    /// Headers, segment, tier and stage labels in 简体中文 instead of English.
    pub chinese_labels: bool,
    // next product export (issue 16.3): the target list "bought A but not B".
    /// Only the customers whose code (of the orders table) is `true` here: the workspace's product filter
    /// (`bought` / `notBought`) resolved to the customers it keeps.
    pub owners: Option<Vec<bool>>,
}

/// The header row of the export.
pub const EXPORT_COLUMNS: [&str; 15] = [
    "customer_id",
    "segment",
    "segment_label",
    "tier",
    "lifecycle",
    "recency_days",
    "frequency",
    "monetary",
    "tenure_days",
    "first_purchase",
    "last_purchase",
    "r",
    "f",
    "m",
    "rfm_cell",
];

/// The header row in 简体中文 (`lang: "zh"`), column for column [`EXPORT_COLUMNS`]. `segment` stays the map's stable
/// name (for matching in other tools); the label columns are in the language.
pub const EXPORT_COLUMNS_ZH: [&str; 15] = [
    "客户编号",
    "分群代码",
    "分群",
    "价值层级",
    "生命周期",
    "最近购买距今天数",
    "购买次数",
    "消费金额",
    "首购距今天数",
    "首次购买日期",
    "最近购买日期",
    "R",
    "F",
    "M",
    "RFM单元",
];

/// A text cell made safe for spreadsheets, for `,`-separated files (see [`push_text_cell`]).
pub fn text_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    push_text_cell(&mut out, text, Delimiter::Comma);
    out
}

/// Appends a text cell made safe for spreadsheets: a leading `=`, `+`, `-`, `@`, tab or carriage return gets a `'`
/// in front so it is never evaluated, and the cell is quoted when it holds the delimiter, a quote or a line break
/// (so `x;=1+1` stays one cell in a `;` file).
pub fn push_text_cell(out: &mut String, text: &str, delimiter: Delimiter) {
    // Bytes, not chars: every character looked for is ASCII, and a million ids are scanned.
    let guard = matches!(text.as_bytes().first(), Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r'));
    let separator = delimiter.char() as u8;
    let quote = text.bytes().any(|b| b == separator || matches!(b, b'"' | b'\n' | b'\r'));
    if quote {
        out.push('"');
    }
    if guard {
        out.push('\'');
    }
    if quote {
        for (i, part) in text.split('"').enumerate() {
            if i > 0 {
                out.push_str("\"\"");
            }
            out.push_str(part);
        }
        out.push('"');
    } else {
        out.push_str(text);
    }
}

/// The values of a column written after the RFM columns, one per customer of the result (aligned with
/// `result.customers`).
#[derive(Clone, Debug, PartialEq)]
pub enum ExtraValues<'a> {
    /// Numbers (the CLV columns); `None` for an empty cell.
    Numbers(Vec<Option<f64>>),
    /// Exact decimals in 1/10,000 units (a decimal column of the orders file); [`MEASURE_MISSING`] for an empty
    /// cell.
    Decimals(Vec<i64>),
    /// Text codes into `dictionary` (a text column of the orders file, or of a joined customers file);
    /// [`NO_TEXT`] for an empty cell.
    Text {
        /// One code per customer.
        codes: Vec<u32>,
        /// The column's strings.
        dictionary: &'a Dictionary,
    },
    /// Text, one value per customer (the attributes of a joined customers file); empty for an empty cell.
    Strings(Vec<String>),
}

/// A column written after the RFM columns: the CLV columns `p_alive`, `expected_purchases`, `clv`; columns of the
/// orders file (`columns`); attributes of a joined customers file.
#[derive(Clone, Debug, PartialEq)]
pub struct ExtraColumn<'a> {
    /// The header.
    pub header: String,
    /// The values.
    pub values: ExtraValues<'a>,
}

/// Writes the customers of `result` chosen by `filter` as CSV text starting with a BOM: in customer-id order, or
/// in the order of `filter.ids`.
pub fn customers_csv(table: &Table, result: &RfmResult, filter: &ExportFilter) -> Result<String, Error> {
    let extra = order_columns(table, result, &filter.columns)?;
    customers_csv_with(table, result, filter, &extra)
}

/// The columns `names` of the orders file, each customer's latest non-blank value: text columns as text, decimal
/// columns as exact decimals. An unknown name is an `invalid_option` listing the columns there are.
pub fn order_columns<'t>(
    table: &'t Table,
    result: &RfmResult,
    names: &[String],
) -> Result<Vec<ExtraColumn<'t>>, Error> {
    let c = &result.customers;
    // The latest row of each customer code among the rows where the column is not blank.
    let latest_row = |blank: &dyn Fn(usize) -> bool| {
        let mut latest = vec![u32::MAX; table.customer.distinct()];
        for row in 0..table.len() {
            if blank(row) {
                continue;
            }
            let slot = &mut latest[table.customer.codes[row] as usize];
            if *slot == u32::MAX || table.day[*slot as usize] <= table.day[row] {
                *slot = row as u32;
            }
        }
        c.customer.iter().map(|&code| latest[code as usize]).collect::<Vec<u32>>()
    };
    names
        .iter()
        .map(|name| {
            if let Some(dimension) = table.dimension(name) {
                let codes = &dimension.values.codes;
                let rows = latest_row(&|row| codes[row] == NO_TEXT);
                let codes = rows.iter().map(|&row| if row == u32::MAX { NO_TEXT } else { codes[row as usize] });
                let values = ExtraValues::Text { codes: codes.collect(), dictionary: &dimension.values.dictionary };
                Ok(ExtraColumn { header: name.clone(), values })
            } else if let Some(measure) = table.measure(name) {
                let values = &measure.values;
                let rows = latest_row(&|row| values[row] == MEASURE_MISSING);
                let decimals =
                    rows.iter().map(|&row| if row == u32::MAX { MEASURE_MISSING } else { values[row as usize] });
                Ok(ExtraColumn { header: name.clone(), values: ExtraValues::Decimals(decimals.collect()) })
            } else {
                let known: Vec<&str> = table
                    .dimensions
                    .iter()
                    .map(|d| d.name.as_str())
                    .chain(table.measures.iter().map(|m| m.name.as_str()))
                    .collect();
                Err(Error::invalid_option(
                    "columns",
                    if known.is_empty() {
                        format!("\"{name}\" is not a column of the orders file; it has no column besides its roles")
                    } else {
                        format!(
                            "\"{name}\" is not a column of the orders file; its other columns are {}",
                            known.join(", ")
                        )
                    },
                ))
            }
        })
        .collect()
}

/// The positions (into `result.customers`) of the customers `filter` chooses, in the order to write them.
fn chosen(table: &Table, result: &RfmResult, filter: &ExportFilter) -> Result<Vec<u32>, Error> {
    let position = |names: Vec<&str>, wanted: &Option<String>, option: &str, what: &str| match wanted {
        Some(name) => names.iter().position(|n| n == name).map(Some).ok_or_else(|| {
            Error::invalid_option(option, format!("\"{name}\" is not a {what}; the {what}s are {}", names.join(", ")))
        }),
        None => Ok(None),
    };
    let segment =
        position(result.segments.iter().map(|s| s.name.as_str()).collect(), &filter.segment, "segment", "segment")?;
    if let Some(code) = filter.segment_code {
        if usize::from(code) >= result.segments.len() {
            return Err(Error::invalid_option(
                "segmentCode",
                format!(
                    "{code} is not a segment code; the codes run from 0 to {}",
                    result.segments.len().saturating_sub(1)
                ),
            ));
        }
    }
    let tier = position(result.tiers.iter().map(|t| t.name.as_str()).collect(), &filter.tier, "tier", "tier")?;
    let stage = position(result.lifecycle.iter().map(|l| l.stage.as_str()).collect(), &filter.stage, "stage", "stage")?;
    let c = &result.customers;
    let keep = |i: usize| {
        segment.is_none_or(|s| usize::from(c.segment[i]) == s)
            && filter.segment_code.is_none_or(|s| c.segment[i] == s)
            && tier.is_none_or(|t| usize::from(c.tier[i]) == t)
            && stage.is_none_or(|l| usize::from(c.lifecycle[i]) == l)
            && filter.owners.as_ref().is_none_or(|owners| owners.get(c.customer[i] as usize) == Some(&true))
    };
    let Some(ids) = &filter.ids else {
        return Ok((0..c.len()).filter(|&i| keep(i)).map(|i| i as u32).collect());
    };
    // Each customer code's position in the result.
    let mut position_of_code = vec![u32::MAX; table.customer.distinct()];
    for (i, &code) in c.customer.iter().enumerate() {
        position_of_code[code as usize] = i as u32;
    }
    let mut written = vec![false; c.len()];
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let found = table.customer.dictionary.lookup(id).map_or(u32::MAX, |code| position_of_code[code as usize]);
        if found == u32::MAX {
            return Err(Error::invalid_option(
                "ids",
                format!("\"{id}\" is not a scored customer at {}; give ids of rfm()'s customers", result.analysis_date),
            ));
        }
        let i = found as usize;
        if !written[i] && keep(i) {
            written[i] = true;
            out.push(found);
        }
    }
    Ok(out)
}

/// `YYYY-MM-DD` of the days the export writes, each worked out once (a customer's first and last purchase).
struct DateTexts {
    first: i32,
    texts: Vec<[u8; 10]>,
}

impl DateTexts {
    fn new() -> DateTexts {
        DateTexts { first: 0, texts: Vec::new() }
    }

    fn push(&mut self, out: &mut String, day: Day) {
        let offset = day.0.wrapping_sub(self.first);
        if self.texts.is_empty() || offset < 0 || offset as usize >= self.texts.len() {
            // Days outside the cached range: cache a window around it (exports span years, not centuries).
            self.first = day.0 - 4096;
            self.texts = (0..8192).map(|k| date_bytes(Day(self.first + k))).collect();
        }
        let bytes = &self.texts[day.0.wrapping_sub(self.first) as usize];
        out.push_str(std::str::from_utf8(bytes).unwrap_or("0000-00-00"));
    }
}

fn date_bytes(day: Day) -> [u8; 10] {
    let (y, m, d) = day.ymd();
    let mut bytes = *b"0000-00-00";
    let y = y.clamp(0, 9999) as u32;
    for (k, unit) in [1000, 100, 10, 1].iter().enumerate() {
        bytes[k] = b'0' + (y / unit % 10) as u8;
    }
    bytes[5] = b'0' + (m / 10) as u8;
    bytes[6] = b'0' + (m % 10) as u8;
    bytes[8] = b'0' + (d / 10) as u8;
    bytes[9] = b'0' + (d % 10) as u8;
    bytes
}

/// Appends a whole number without the formatting machinery.
fn push_int(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    let mut value = n.unsigned_abs();
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&digits[start..]).unwrap_or("0"));
}

/// Appends exact money with four decimals, with the delimiter's decimal mark.
fn push_money(out: &mut String, money: Money, delimiter: Delimiter) {
    let start = out.len();
    money.push_exact(out);
    if delimiter.decimal_mark() != '.' {
        swap_decimal_mark(out, start, delimiter);
    }
}

/// Replaces the decimal point of the number written from `start` with the delimiter's decimal mark.
fn swap_decimal_mark(out: &mut String, start: usize, delimiter: Delimiter) {
    if let Some(at) = out[start..].find('.') {
        out.replace_range(start + at..start + at + 1, &delimiter.decimal_mark().to_string());
    }
}

/// Appends an exact decimal of 1/10,000 units with trailing zeros (and a bare point) dropped: `12.5`, `30`.
fn push_decimal(out: &mut String, units: i64, delimiter: Delimiter) {
    let start = out.len();
    Money(units).push_exact(out);
    let trimmed = out[start..].trim_end_matches('0').trim_end_matches('.').len();
    out.truncate(start + trimmed);
    swap_decimal_mark(out, start, delimiter);
}

/// The header of an extra column in the language of `filter`.
fn extra_header(header: &str, chinese: bool) -> &str {
    if !chinese {
        return header;
    }
    match header {
        "p_alive" => "存活概率",
        "expected_purchases" => "预期购买次数",
        "clv" => "客户终身价值",
        "next_product" => "推荐商品",
        other => other,
    }
}

/// [`customers_csv`] with `extra` columns after the RFM ones (the CLV columns, attributes, or the orders-file
/// columns [`order_columns`] gives; `filter.columns` is not read here).
pub fn customers_csv_with(
    table: &Table,
    result: &RfmResult,
    filter: &ExportFilter,
    extra: &[ExtraColumn<'_>],
) -> Result<String, Error> {
    let rows = chosen(table, result, filter)?;
    let c = &result.customers;
    let delimiter = filter.delimiter;
    let sep = delimiter.char();
    let chinese = filter.chinese_labels;
    let label = |label: &super::segments::Label| if chinese { label.zh.clone() } else { label.en.clone() };
    // Each class's cell text, written once.
    let cell = |text: &str| {
        let mut out = String::new();
        push_text_cell(&mut out, text, delimiter);
        out
    };
    let segment_names: Vec<String> = result.segments.iter().map(|s| cell(&s.name)).collect();
    let segment_labels: Vec<String> = result.segments.iter().map(|s| cell(&label(&s.label))).collect();
    let tier_labels: Vec<String> = result.tiers.iter().map(|t| cell(&label(&t.label))).collect();
    let stage_labels: Vec<String> = result.lifecycle.iter().map(|l| cell(&label(&l.label))).collect();

    let mut out = String::with_capacity(64 + rows.len() * (96 + 24 * extra.len()));
    out.push('\u{feff}');
    let headers = if chinese { EXPORT_COLUMNS_ZH } else { EXPORT_COLUMNS };
    for (k, header) in headers.iter().enumerate() {
        if k > 0 {
            out.push(sep);
        }
        out.push_str(header);
    }
    for column in extra {
        out.push(sep);
        push_text_cell(&mut out, extra_header(&column.header, chinese), delimiter);
    }
    out.push_str("\r\n");
    let mut dates = DateTexts::new();
    let d = result.analysis_date;
    for &i in &rows {
        let i = i as usize;
        push_text_cell(&mut out, table.customer.value(c.customer[i]), delimiter);
        for text in [
            &segment_names[usize::from(c.segment[i])],
            &segment_labels[usize::from(c.segment[i])],
            &tier_labels[usize::from(c.tier[i])],
            &stage_labels[usize::from(c.lifecycle[i])],
        ] {
            out.push(sep);
            out.push_str(text);
        }
        out.push(sep);
        push_int(&mut out, i64::from(c.recency_days[i]));
        out.push(sep);
        push_int(&mut out, i64::from(c.frequency[i]));
        out.push(sep);
        push_money(&mut out, c.monetary[i], delimiter);
        out.push(sep);
        push_int(&mut out, i64::from(c.tenure_days[i]));
        out.push(sep);
        dates.push(&mut out, d.plus(-c.tenure_days[i]));
        out.push(sep);
        dates.push(&mut out, d.plus(-c.recency_days[i]));
        for score in [c.r[i], c.f[i], c.m[i]] {
            out.push(sep);
            push_int(&mut out, i64::from(score));
        }
        out.push(sep);
        for score in [c.r[i], c.f[i], c.m[i]] {
            push_int(&mut out, i64::from(score));
        }
        for column in extra {
            out.push(sep);
            match &column.values {
                ExtraValues::Numbers(values) => {
                    if let Some(value) = values.get(i).copied().flatten() {
                        let start = out.len();
                        out.push_str(&value.to_string());
                        swap_decimal_mark(&mut out, start, delimiter);
                    }
                }
                ExtraValues::Decimals(values) => {
                    if let Some(&units) = values.get(i).filter(|&&v| v != MEASURE_MISSING) {
                        push_decimal(&mut out, units, delimiter);
                    }
                }
                ExtraValues::Text { codes, dictionary } => {
                    if let Some(&code) = codes.get(i).filter(|&&code| code != NO_TEXT) {
                        push_text_cell(&mut out, dictionary.value(code), delimiter);
                    }
                }
                ExtraValues::Strings(values) => {
                    if let Some(text) = values.get(i).filter(|text| !text.is_empty()) {
                        push_text_cell(&mut out, text, delimiter);
                    }
                }
            }
        }
        out.push_str("\r\n");
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::{push_text_cell, text_cell, Delimiter};

    #[test]
    fn formulas_are_neutralised_and_quoted() {
        assert_eq!(text_cell("=HYPERLINK(\"http://x\",\"y\")"), "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
        assert_eq!(text_cell("+1"), "'+1");
        assert_eq!(text_cell("@SUM(1)"), "'@SUM(1)");
        assert_eq!(text_cell("-2"), "'-2");
        assert_eq!(text_cell("\tx"), "'\tx");
        assert_eq!(text_cell("Ann, Inc"), "\"Ann, Inc\"");
        assert_eq!(text_cell("C001"), "C001");
    }

    #[test]
    fn a_cell_holding_the_delimiter_is_quoted_in_semicolon_files() {
        let cell = |text: &str| {
            let mut out = String::new();
            push_text_cell(&mut out, text, Delimiter::Semicolon);
            out
        };
        // issue 18: `x;=1+1` unquoted split into a formula cell in a `;` locale.
        assert_eq!(cell("x;=1+1"), "\"x;=1+1\"");
        assert_eq!(cell("=1;2"), "\"'=1;2\"");
        assert_eq!(cell("Ann, Inc"), "Ann, Inc", "a comma is plain text in a ; file");
        assert_eq!(cell("a\"b"), "\"a\"\"b\"");
        assert_eq!(cell("line\nbreak"), "\"line\nbreak\"");
    }
}
