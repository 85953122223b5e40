//! The customer table (or one segment's or tier's customers) as CSV for Excel: UTF-8 with BOM, exact money as
//! plain numbers, and text cells that could run as formulas neutralised (OWASP "CSV injection").

use super::RfmResult;
use crate::error::Error;
use crate::table::Table;

/// Which customers to export.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportFilter {
    /// Only this segment (by name; with a rule named like the map's remainder, the name is the rule's segment).
    pub segment: Option<String>,
    /// Only this segment, by its index in [`RfmResult::segments`] (the `segmentCode` of its customers): tells the
    /// remainder from a rule of the same name.
    pub segment_code: Option<u16>,
    /// Only this tier (by name).
    pub tier: Option<String>,
    /// Segment labels in 简体中文 instead of English.
    pub chinese_labels: bool,
    // Customer attributes (§14.3 privacy): none leave the module unless named here.
    /// Attributes of the joined customers file written after the other columns (`ageBand`, `gender`, columns).
    pub attributes: Vec<String>,
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

/// A text cell made safe for spreadsheets: a leading `=`, `+`, `-`, `@`, tab or carriage return gets a `'` in
/// front so it is never evaluated, and the cell is quoted when it holds a comma, quote or line break.
pub fn text_cell(text: &str) -> String {
    let neutral =
        if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_string() };
    if neutral.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}

/// A numeric column written after the RFM columns (the CLV columns `p_alive`, `expected_purchases`, `clv`): one
/// value per customer of the result, `None` for an empty cell.
#[derive(Clone, Debug, PartialEq)]
pub struct ExtraColumn {
    /// The header.
    pub header: &'static str,
    /// The values, aligned with the result's customers.
    pub values: Vec<Option<f64>>,
}

/// Writes the customers of `result` (all, or those of one segment or tier) as CSV text starting with a BOM, in
/// the result's order (customer-id order).
pub fn customers_csv(table: &Table, result: &RfmResult, filter: &ExportFilter) -> Result<String, Error> {
    customers_csv_with(table, result, filter, &[])
}

/// A text column of customer attributes written last (§14.3): one value per customer of the result.
#[derive(Clone, Debug, PartialEq)]
pub struct AttributeText {
    /// The header (the attribute's name).
    pub header: String,
    /// The values, aligned with the result's customers.
    pub values: Vec<String>,
}

/// [`customers_csv`] with `extra` columns after the RFM ones.
pub fn customers_csv_with(
    table: &Table,
    result: &RfmResult,
    filter: &ExportFilter,
    extra: &[ExtraColumn],
) -> Result<String, Error> {
    customers_csv_with_attributes(table, result, filter, extra, &[])
}

/// [`customers_csv_with`] and then the `attributes` text columns (neutralised like every text cell).
pub fn customers_csv_with_attributes(
    table: &Table,
    result: &RfmResult,
    filter: &ExportFilter,
    extra: &[ExtraColumn],
    attributes: &[AttributeText],
) -> Result<String, Error> {
    let segment = match &filter.segment {
        Some(name) => Some(result.segments.iter().position(|s| &s.name == name).ok_or_else(|| {
            let names: Vec<&str> = result.segments.iter().map(|s| s.name.as_str()).collect();
            Error::invalid_option(
                "segment",
                format!("\"{name}\" is not a segment; the segments are {}", names.join(", ")),
            )
        })?),
        None => None,
    };
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
    let tier = match &filter.tier {
        Some(name) => Some(result.tiers.iter().position(|t| &t.name == name).ok_or_else(|| {
            let names: Vec<&str> = result.tiers.iter().map(|t| t.name.as_str()).collect();
            Error::invalid_option("tier", format!("\"{name}\" is not a tier; the tiers are {}", names.join(", ")))
        })?),
        None => None,
    };
    let c = &result.customers;
    let mut out = String::from("\u{feff}");
    out.push_str(&EXPORT_COLUMNS.join(","));
    for column in extra {
        out.push(',');
        out.push_str(column.header);
    }
    for column in attributes {
        out.push(',');
        out.push_str(&text_cell(&column.header));
    }
    out.push_str("\r\n");
    for i in 0..c.customer.len() {
        if segment.is_some_and(|s| usize::from(c.segment[i]) != s)
            || filter.segment_code.is_some_and(|s| c.segment[i] != s)
            || tier.is_some_and(|t| usize::from(c.tier[i]) != t)
        {
            continue;
        }
        let seg = &result.segments[usize::from(c.segment[i])];
        let label = if filter.chinese_labels { &seg.label.zh } else { &seg.label.en };
        let d = result.analysis_date;
        let row = [
            text_cell(table.customer.value(c.customer[i])),
            text_cell(&seg.name),
            text_cell(label),
            text_cell(&result.tiers[usize::from(c.tier[i])].name),
            text_cell(&result.lifecycle[usize::from(c.lifecycle[i])].stage),
            c.recency_days[i].to_string(),
            c.frequency[i].to_string(),
            c.monetary[i].to_string(),
            c.tenure_days[i].to_string(),
            d.plus(-c.tenure_days[i]).to_string(),
            d.plus(-c.recency_days[i]).to_string(),
            c.r[i].to_string(),
            c.f[i].to_string(),
            c.m[i].to_string(),
            c.cell(i),
        ];
        out.push_str(&row.join(","));
        for column in extra {
            out.push(',');
            if let Some(value) = column.values.get(i).copied().flatten() {
                out.push_str(&value.to_string());
            }
        }
        for column in attributes {
            out.push(',');
            out.push_str(&text_cell(column.values.get(i).map_or("", String::as_str)));
        }
        out.push_str("\r\n");
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::text_cell;

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
}
