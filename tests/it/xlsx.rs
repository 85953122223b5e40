//! `.xlsx` workbooks, written here with rust_xlsxwriter: date cells and dates typed as text, numeric ids without
//! `.0`, exact money from floats, empty rows, sheet choice, and workbooks that must be refused.

use clientele::ingest::{load, LoadOptions};
use clientele::money::Money;
use rust_xlsxwriter::{Format, Workbook};

fn workbook_bytes(build: impl FnOnce(&mut Workbook)) -> Vec<u8> {
    let mut workbook = Workbook::new();
    build(&mut workbook);
    workbook.save_to_buffer().unwrap()
}

fn orders_workbook() -> Vec<u8> {
    workbook_bytes(|wb| {
        let notes = wb.add_worksheet().set_name("Notes").unwrap();
        notes.write_string(0, 0, "read me").unwrap();
        let sheet = wb.add_worksheet().set_name("Orders").unwrap();
        let date = Format::new().set_num_format("yyyy-mm-dd");
        for (col, header) in ["客户编号", "订单日期", "金额", "区域"].iter().enumerate() {
            sheet.write_string(0, col as u16, *header).unwrap();
        }
        // Row 2: numeric id, a real date cell, a float amount.
        sheet.write_number(1, 0, 10042.0).unwrap();
        sheet
            .write_datetime_with_format(1, 1, rust_xlsxwriter::ExcelDateTime::from_ymd(2024, 3, 5).unwrap(), &date)
            .unwrap();
        sheet.write_number(1, 2, 19.99).unwrap();
        sheet.write_string(1, 3, "华东").unwrap();
        // Row 3 is empty. Row 4: the same id as text, a date typed as text, a return.
        sheet.write_string(3, 0, "10042").unwrap();
        sheet.write_string(3, 1, "2024年3月6日").unwrap();
        sheet.write_number(3, 2, -5.5).unwrap();
        // Row 5: an unreadable amount.
        sheet.write_string(4, 0, "A7").unwrap();
        sheet.write_string(4, 1, "2024-03-07").unwrap();
        sheet.write_string(4, 2, "n/a").unwrap();
        // Row 6: a date as a plain serial number (2024-03-08 = 45359).
        sheet.write_string(5, 0, "A7").unwrap();
        sheet.write_number(5, 1, 45359.0).unwrap();
        sheet.write_number(5, 2, 0.1).unwrap();
    })
}

#[test]
fn a_chosen_sheet_reads_like_a_csv_export() {
    let options =
        LoadOptions { file_name: Some("orders.xlsx".into()), sheet: Some("Orders".into()), ..Default::default() };
    let l = load(&orders_workbook(), &options).unwrap();
    let r = &l.report;
    assert_eq!((r.format.as_str(), r.sheet.as_deref()), ("xlsx", Some("Orders")));
    assert_eq!((r.rows_read, r.rows_used, r.blank_lines), (4, 3, 1));
    assert_eq!(r.skipped[0].examples[0].line, 5, "the sheet's row number");
    assert_eq!(l.table.customer.distinct(), 2, "number 10042 and text \"10042\" are one customer");
    assert_eq!(l.table.customer.value(0), "10042");
    let days: Vec<String> = l.table.day.iter().map(|d| d.to_string()).collect();
    assert_eq!(days, ["2024-03-05", "2024-03-06", "2024-03-08"]);
    assert_eq!(l.table.amount, vec![Money(199_900), Money(-55_000), Money(1_000)], "19.99, not 19.98999…");
    assert_eq!(l.table.line, vec![2, 4, 6]);
    assert_eq!(l.table.dimensions[0].name, "区域");
}

#[test]
fn the_first_sheet_is_the_default_and_unknown_sheets_are_named() {
    let err = load(&orders_workbook(), &LoadOptions::default()).unwrap_err();
    assert_eq!(err.code(), "missing_role", "the first sheet (Notes) has no order columns");
    let options = LoadOptions { sheet: Some("Sheet9".into()), ..Default::default() };
    let err = load(&orders_workbook(), &options).unwrap_err();
    assert_eq!(err.code(), "invalid_option");
    assert!(err.to_string().contains("Notes, Orders"), "{err}");
}

#[test]
fn broken_and_exploding_workbooks_are_refused() {
    let err = load(b"PK\x03\x04 this is not really a zip", &LoadOptions::default()).unwrap_err();
    assert_eq!(err.code(), "not_text");
    // Declare 1 GiB uncompressed for every part in the central directory: refused before inflating anything.
    let mut bytes = orders_workbook();
    let mut i = 0;
    while let Some(at) = bytes[i..].windows(4).position(|w| w == b"PK\x01\x02") {
        let header = i + at;
        bytes[header + 24..header + 28].copy_from_slice(&(1u32 << 30).to_le_bytes());
        i = header + 4;
    }
    let err = load(&bytes, &LoadOptions::default()).unwrap_err();
    assert_eq!(err.code(), "too_large");
    assert!(err.to_string().contains("limit of 536870912 bytes"), "{err}");
}
