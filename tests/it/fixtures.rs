//! Every fixture of tests/fixtures/make_fixtures.py through `load`: detected settings, parsed values and skipped
//! lines.

use clientele::date::DateOrder;
use clientele::ingest::{load, LoadOptions, Loaded, SkipReason};
use clientele::money::Money;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn read(name: &str) -> Loaded {
    load(&fixture(name), &LoadOptions { file_name: Some(name.into()), ..Default::default() }).unwrap()
}

fn days(l: &Loaded) -> Vec<String> {
    l.table.day.iter().map(|d| d.to_string()).collect()
}

fn ids(l: &Loaded) -> Vec<&str> {
    (0..l.table.len()).map(|i| l.table.customer.text(i).unwrap()).collect()
}

#[test]
fn utf8_with_bom_crlf_and_quotes() {
    let l = read("utf8-bom-crlf.csv");
    assert_eq!((l.report.encoding.as_str(), l.report.delimiter.as_str()), ("utf-8", ","));
    assert_eq!(l.table.amount, vec![Money(12_345_000), Money(199_900), Money(-120_000)]);
    assert_eq!(l.table.line, vec![2, 3, 5], "the quoted newline moves the last row to line 5");
    assert_eq!(l.report.columns[0].name, "customer_id", "the BOM is not part of the first header");
    assert_eq!(l.table.dimensions[0].values.text(1), Some("Lamp\r\n(white)"));
}

#[test]
fn utf16_unicode_text_both_byte_orders() {
    for (name, encoding) in [("utf16le-tab.txt", "utf-16le"), ("utf16be-tab.txt", "utf-16be")] {
        let l = read(name);
        assert_eq!((l.report.encoding.as_str(), l.report.delimiter.as_str()), (encoding, "\t"));
        // Month-first, told by 12/13/2010; quantity × unit price: 6 × 2.55 = 15.30, 2 × 3.39 = 6.78, −1 × 4.25.
        assert_eq!(l.report.date_order, DateOrder::Mdy);
        assert_eq!(days(&l), ["2010-12-01", "2010-12-13", "2010-12-02"]);
        assert_eq!(l.table.amount, vec![Money(153_000), Money(67_800), Money(-42_500)]);
        assert_eq!(l.report.roles.amount, None);
        assert_eq!(l.report.roles.unit_price.as_deref(), Some("UnitPrice"));
    }
}

#[test]
fn gbk_with_semicolons_and_decimal_commas() {
    let l = read("gbk-semicolon.csv");
    assert_eq!((l.report.encoding.as_str(), l.report.delimiter.as_str()), ("gbk", ";"));
    assert_eq!(ids(&l), ["张三", "李四", "张三", "王小明"]);
    assert_eq!(days(&l), ["2024-03-05", "2024-03-06", "2024-03-09", "2024-03-10"]);
    assert_eq!(l.table.amount, vec![Money(12_345_000), Money(888_000), Money(-100_000), Money(55_000)]);
    let names: Vec<&str> = l.table.dimensions.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["省份", "销售员"]);
}

#[test]
fn taobao_gb18030_with_excel_guards() {
    let l = read("gb18030-taobao.csv");
    assert_eq!(l.report.encoding, "gbk", "encoding_rs decodes GB18030's four-byte forms under the gbk label");
    assert_eq!(ids(&l), ["tb_小鱼", "tb_小鱼", "大熊𠀀"]);
    assert_eq!(l.table.amount, vec![Money(1_280_000), Money(305_000), Money(660_000)]);
    assert_eq!(l.report.roles.order.as_deref(), Some("订单编号"));
    assert_eq!(l.table.order.as_ref().unwrap().text(0), Some("2024030512345"));
    assert_eq!(days(&l), ["2024-03-05", "2024-03-06", "2024-03-07"]);
}

#[test]
fn big5_traditional_headers() {
    let l = read("big5-comma.csv");
    assert_eq!(l.report.encoding, "big5");
    assert_eq!(ids(&l), ["陳大文", "林小華", "陳大文"]);
    assert_eq!(l.table.amount[1], Money(3_505_000));
}

#[test]
fn windows_1252_pipes_euros_and_dotted_dates() {
    let l = read("windows1252-pipe.csv");
    assert_eq!((l.report.encoding.as_str(), l.report.delimiter.as_str()), ("windows-1252", "|"));
    assert_eq!(l.table.dimensions[0].values.text(0), Some("Müller"));
    assert_eq!(l.table.dimensions[1].values.text(1), Some("Besançon"));
    assert_eq!(l.table.amount, vec![Money(12_345_000), Money(199_900), Money(-50_000)]);
    assert_eq!(days(&l), ["2024-03-05", "2024-03-06", "2024-03-31"]);
}

#[test]
fn the_date_order_is_decided_from_all_values() {
    let l = read("dmy-evidence-last.csv");
    assert_eq!(l.report.date_order, DateOrder::Dmy, "only the last row (25/03/2024) tells");
    assert_eq!(l.table.day[9].to_string(), "2024-10-01", "row 11 is 01/10/2024, day first");
    // The same beyond the sniffed sample: 200 KB of ambiguous dates, then one that tells.
    let mut big = String::from("customer_id,order_date,amount\n");
    while big.len() < 200 * 1024 {
        big.push_str("C1,03/04/2024,1\n");
    }
    big.push_str("C2,4/13/2024,1\n");
    let l = load(big.as_bytes(), &LoadOptions::default()).unwrap();
    assert_eq!(l.report.date_order, DateOrder::Mdy);
    assert_eq!(l.table.day[0].to_string(), "2024-03-04");
    let l = read("ambiguous-dates.csv");
    assert_eq!(l.report.date_order, DateOrder::Mdy);
    assert_eq!(l.report.warnings[0].code(), "ambiguous_date_order");
    let dmy = LoadOptions { date_order: Some(DateOrder::Dmy), ..Default::default() };
    let l = load(&fixture("ambiguous-dates.csv"), &dmy).unwrap();
    assert_eq!(days(&l), ["2024-02-01", "2024-04-03"]);
    assert_eq!(l.report.date_order, DateOrder::Dmy, "the report says the order the dates were read with");
    assert!(l.report.warnings.is_empty());
}

#[test]
fn a_truncated_last_row_is_reported_not_lost() {
    let l = read("truncated.csv");
    assert_eq!((l.report.rows_read, l.report.rows_used), (2, 2), "the cut row still has customer, date, amount");
    assert_eq!(l.table.line, vec![2, 3]);
    // Cut inside the amount: the row is skipped and listed.
    let l = load(b"customer_id,order_date,amount\nC1,2024-03-01,10\nC2,2024-03-0", &LoadOptions::default()).unwrap();
    assert_eq!(l.report.skipped[0].reason, SkipReason::BadDate);
    assert_eq!(l.report.skipped[0].examples[0].line, 3);
}

#[test]
fn mixed_encodings_lose_nothing_and_name_the_lines() {
    let l = read("mixed-encoding.csv");
    assert_eq!(l.report.encoding, "utf-8");
    assert_eq!(l.report.rows_used, 10, "every row is kept");
    let warning = l.report.warnings.iter().find(|w| w.code() == "undecodable_bytes").expect("a warning");
    assert_eq!(warning.lines, vec![4, 9], "the two GBK lines");
    assert_eq!(l.table.dimensions[0].values.text(0), Some("杭州"));
}

#[test]
fn binary_files_are_refused_with_what_they_look_like() {
    let err = load(&fixture("not-really.csv"), &LoadOptions::default()).unwrap_err();
    assert_eq!(err.code(), "not_text");
    assert!(err.to_string().contains("PDF"), "{err}");
}

#[test]
fn a_minimal_workbook_written_without_excel() {
    let l = read("orders.xlsx");
    assert_eq!((l.report.format.as_str(), l.report.sheet.as_deref()), ("xlsx", Some("Orders")));
    assert_eq!(ids(&l), ["10042", "10042", "A7"]);
    assert_eq!(days(&l), ["2024-03-05", "2024-03-06", "2024-03-07"]);
    assert_eq!(l.table.amount, vec![Money(199_900), Money(-55_000), Money(1_200_000)]);
    assert_eq!(l.table.line, vec![2, 4, 5]);
    assert_eq!(l.report.blank_lines, 1);
}
