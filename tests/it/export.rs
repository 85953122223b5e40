//! The exported target list opened back as CSV and checked cell by cell, including ids that look like formulas.

use clientele::analysis::rfm::export::{customers_csv, ExportFilter, EXPORT_COLUMNS};
use clientele::analysis::rfm::{rfm, RfmOptions};
use clientele::ingest::{load, LoadOptions};

const CSV: &str = "customer_id,order_date,amount\n\
                   \"=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",2024-03-01,100\n\
                   +1,2024-03-02,20.5\n\
                   @SUM(1),2024-02-01,3\n\
                   \"Ann, Inc\",2024-03-03,7.25\n\
                   \"Ann, Inc\",2024-03-04,-1.25\n";

fn exported(filter: &ExportFilter) -> (String, Vec<Vec<String>>) {
    let loaded = load(CSV.as_bytes(), &LoadOptions::default()).unwrap();
    let result = rfm(&loaded.table, &RfmOptions::default()).unwrap();
    let text = customers_csv(&loaded.table, &result, filter).unwrap();
    let body = text.strip_prefix('\u{feff}').expect("starts with a UTF-8 BOM").to_string();
    let rows = csv::Reader::from_reader(body.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    (body, rows)
}

#[test]
fn every_cell_reads_back_and_no_formula_survives() {
    let (body, rows) = exported(&ExportFilter::default());
    assert!(body.starts_with(&EXPORT_COLUMNS.join(",")));
    assert_eq!(rows.len(), 4);
    // In customer-id order (code points): '+' (U+002B) < '=' (U+003D) < '@' (U+0040) < 'A' (U+0041).
    let ids: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(ids, ["'+1", "'=HYPERLINK(\"http://evil\",\"x\")", "'@SUM(1)", "Ann, Inc"]);
    for row in &rows {
        for cell in row {
            assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{cell:?} could run as a formula");
        }
    }
    // D = 2024-03-05. "Ann, Inc": one order of 7.25 and a return of 1.25 → monetary 6.0000, recency 2
    // (last purchase 03-03; the return on 03-04 is not a purchase), tenure 2.
    let ann = &rows[3];
    assert_eq!(&ann[5..11], ["2", "1", "6.0000", "2", "2024-03-03", "2024-03-03"]);
    // The customer of the first line: 100.0000, 4 days since 2024-03-01.
    let hyperlink = rows.iter().find(|r| r[0].starts_with("'=HYPERLINK")).unwrap();
    assert_eq!(&hyperlink[5..8], ["4", "1", "100.0000"]);
    for row in &rows {
        assert_eq!(row[14], format!("{}{}{}", row[11], row[12], row[13]));
    }
}

#[test]
fn one_segment_or_tier_and_chinese_labels() {
    let (_, all) = exported(&ExportFilter::default());
    let segment = all[0][1].clone();
    let (_, some) = exported(&ExportFilter { segment: Some(segment.clone()), ..Default::default() });
    assert_eq!(some.len(), all.iter().filter(|r| r[1] == segment).count());
    let (_, vip) = exported(&ExportFilter { tier: Some("VIP".into()), chinese_labels: true, ..Default::default() });
    // n = 4: VIP is k ≤ ceil(0.01 × 4) = 1, the largest monetary (100.00).
    assert_eq!(vip.len(), 1);
    assert_eq!(vip[0][7], "100.0000");
    assert!(vip[0][2].chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{}", vip[0][2]);
    let loaded = load(CSV.as_bytes(), &LoadOptions::default()).unwrap();
    let result = rfm(&loaded.table, &RfmOptions::default()).unwrap();
    let err =
        customers_csv(&loaded.table, &result, &ExportFilter { segment: Some("Nope".into()), ..Default::default() })
            .unwrap_err();
    assert_eq!(err.code(), "invalid_option");
    assert!(err.to_string().contains("Champions"));
}
