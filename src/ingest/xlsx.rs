//! `.xlsx` workbooks → rows of cell texts, through calamine: the first sheet (or a named one), numbers printed
//! as their shortest round-trip decimal without `.0`, date cells as `YYYY-MM-DD`, and the sheet's row numbers.
//! The zip's declared sizes are checked first so a decompression bomb is refused before it is inflated.

use crate::error::{Error, ErrorKind};
use calamine::{Data, Reader, Xlsx};
use std::io::Cursor;

/// Largest total uncompressed size of a workbook's parts that is read.
pub const MAX_UNCOMPRESSED_BYTES: u64 = 512 << 20;

/// Whether `bytes` start like a zip archive (an `.xlsx` is one).
pub fn looks_like_xlsx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// One sheet row: its 1-based row number and its cells as text.
pub struct SheetRow {
    /// The sheet's row number (1-based, as Excel shows it).
    pub number: u64,
    /// Cell texts, one per column from the sheet's first used column.
    pub cells: Vec<String>,
}

/// Reads the rows of `sheet` (default: the first sheet).
pub fn read_sheet(bytes: &[u8], sheet: Option<&str>) -> Result<(String, Vec<SheetRow>), Error> {
    let not_a_workbook = |reason: String| {
        Error::new(ErrorKind::NotText {
            looks_like: format!("a zip file that is not a readable .xlsx workbook ({reason})"),
        })
    };
    check_uncompressed_size(bytes).map_err(|e| match e.kind() {
        ErrorKind::TooLarge { .. } => e,
        _ => not_a_workbook(e.to_string()),
    })?;
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| not_a_workbook(e.to_string()))?;
    let names = workbook.sheet_names();
    let name = match sheet {
        Some(wanted) => names.iter().find(|n| *n == wanted).cloned().ok_or_else(|| {
            Error::invalid_option(
                "sheet",
                format!("the workbook has no sheet \"{wanted}\"; its sheets are {}", names.join(", ")),
            )
        })?,
        None => names.first().cloned().ok_or_else(|| not_a_workbook("it has no sheet".into()))?,
    };
    let range = workbook.worksheet_range(&name).map_err(|e| not_a_workbook(e.to_string()))?;
    let first_row = u64::from(range.start().map_or(0, |(row, _)| row));
    let rows = range
        .rows()
        .enumerate()
        .map(|(i, cells)| SheetRow { number: first_row + i as u64 + 1, cells: cells.iter().map(cell_text).collect() })
        .collect();
    Ok((name, rows))
}

/// Sums the declared uncompressed sizes of the zip's entries and refuses a workbook above the limit.
fn check_uncompressed_size(bytes: &[u8]) -> Result<(), Error> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| Error::invalid_option("file", e.to_string()))?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(|e| Error::invalid_option("file", e.to_string()))?;
        total = total.saturating_add(entry.size());
    }
    if total > MAX_UNCOMPRESSED_BYTES {
        return Err(Error::new(ErrorKind::TooLarge {
            bytes: total,
            limit: MAX_UNCOMPRESSED_BYTES,
            what: "uncompressed workbook".into(),
        }));
    }
    Ok(())
}

/// A cell as the text a CSV export of it would hold.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{d:02}")
        }
        Data::DateTime(dt) => number_text(dt.as_f64()),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// Shortest round-trip decimal, whole numbers without `.0` (so the number 10042 and the text "10042" meet).
fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_like_a_person_wrote_them() {
        assert_eq!(number_text(10042.0), "10042");
        assert_eq!(number_text(19.99), "19.99");
        assert_eq!(number_text(-0.5), "-0.5");
        assert_eq!(cell_text(&Data::Bool(true)), "TRUE");
    }
}
