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

// ---- issue 17.2: export exactly what is shown (stage, ids, columns of the file, `;`, the page's language) ----

use clientele::analysis::rfm::export::{Delimiter, EXPORT_COLUMNS_ZH};
use clientele::ingest::load as load_orders;
use clientele::workspace::Workspace;

/// Five customers over two months with a name, e-mail, phone and a decimal column. D = 2024-03-11.
/// C1: the latest line has a blank name (the one before it counts), two lines on 03-05 (the later line wins).
/// "x;=1+1": an id that is a formula after a `;` (issue 18). C4: only a return (not scored).
const CONTACTS: &str = "order_id,customer_id,order_date,amount,name,email,phone,discount\n\
                        A1,C1,2024-01-05,10.50,Ann Old,ann@old.example,+49 30 1,1.5\n\
                        A2,C1,2024-03-05,20,Ann Early,,,\n\
                        A3,C1,2024-03-05,5,Ann New,ann@new.example,,2.25\n\
                        A4,C1,2024-03-10,7,,,,\n\
                        B1,C2,2024-02-01,100,\"Bob, Jr\",bob@example.com,=1+1,\n\
                        E1,x;=1+1,2024-03-01,3,Eve,eve@example.com,,\n\
                        D1,C3,2024-01-20,50,Dan,,,\n\
                        R1,C4,2024-02-02,-5,Rita,,,\n";

fn contacts() -> Workspace {
    Workspace::from(load_orders(CONTACTS.as_bytes(), &LoadOptions::default()).unwrap())
}

fn rows_of(text: &str, delimiter: u8) -> Vec<Vec<String>> {
    let body = text.strip_prefix('\u{feff}').expect("a BOM");
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .from_reader(body.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn export_by_stage_exports_exactly_that_lifecycle_stage() {
    let ws = contacts();
    let result = ws.rfm(&RfmOptions::default()).unwrap();
    for (code, stage) in result.lifecycle.iter().enumerate() {
        let filter = ExportFilter { stage: Some(stage.stage.clone()), ..Default::default() };
        let rows = rows_of(&ws.export_customers(&RfmOptions::default(), &filter).unwrap(), b',');
        let expected: Vec<String> = (0..result.customers.len())
            .filter(|&i| usize::from(result.customers.lifecycle[i]) == code)
            .map(|i| ws.orders().customer.value(result.customers.customer[i]).to_string())
            .collect();
        let ids: Vec<String> = rows[1..].iter().map(|r| r[0].clone()).collect();
        assert_eq!(ids, expected, "stage {}", stage.stage);
        assert!(rows[1..].iter().all(|r| r[4] == stage.stage));
        assert_eq!(stage.customers as usize, expected.len());
    }
    let err = ws
        .export_customers(
            &RfmOptions::default(),
            &ExportFilter { stage: Some("Sleeping".into()), ..Default::default() },
        )
        .unwrap_err();
    assert_eq!(err.code(), "invalid_option");
    assert!(err.to_string().contains("At risk"), "{err}");
}

#[test]
fn export_by_ids_writes_exactly_those_customers_in_that_order() {
    let ws = contacts();
    let ids = |list: &[&str]| Some(list.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    let filter = ExportFilter { ids: ids(&["C3", "C1", "C3", "x;=1+1"]), ..Default::default() };
    let rows = rows_of(&ws.export_customers(&RfmOptions::default(), &filter).unwrap(), b',');
    let shown: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(shown, ["C3", "C1", "x;=1+1"], "the given order, a repeated id once");
    // With another filter the two intersect.
    let result = ws.rfm(&RfmOptions::default()).unwrap();
    let c1 = result.customers.customer.iter().position(|&code| ws.orders().customer.value(code) == "C1").unwrap();
    let c1_stage = result.lifecycle[usize::from(result.customers.lifecycle[c1])].stage.clone();
    let both = ExportFilter { ids: ids(&["C3", "C1"]), stage: Some(c1_stage.clone()), ..Default::default() };
    let rows = rows_of(&ws.export_customers(&RfmOptions::default(), &both).unwrap(), b',');
    assert!(rows[1..].iter().all(|r| r[4] == c1_stage) && rows[1..].iter().any(|r| r[0] == "C1"));
    // No id: an empty list (header only); an unknown or unscored id is refused by name.
    let none = ExportFilter { ids: ids(&[]), ..Default::default() };
    assert_eq!(rows_of(&ws.export_customers(&RfmOptions::default(), &none).unwrap(), b',').len(), 1);
    for unknown in ["C9", "C4"] {
        let err = ws
            .export_customers(&RfmOptions::default(), &ExportFilter { ids: ids(&[unknown]), ..Default::default() })
            .unwrap_err();
        assert_eq!(err.code(), "invalid_option");
        assert!(err.to_string().contains(unknown) && err.to_string().contains("ids"), "{err}");
    }
}

#[test]
fn columns_of_the_file_hold_each_customers_latest_non_blank_value() {
    let ws = contacts();
    let columns = ["name", "email", "phone", "discount"].map(String::from).to_vec();
    let filter = ExportFilter { columns, ..Default::default() };
    let rows = rows_of(&ws.export_customers(&RfmOptions::default(), &filter).unwrap(), b',');
    assert_eq!(rows[0][15..], ["name", "email", "phone", "discount"]);
    let row = |id: &str| rows.iter().find(|r| r[0] == id).unwrap()[15..].to_vec();
    // C1: name blank on 03-10, "Ann New" is the later line of 03-05; e-mail likewise; phone only on 01-05 (a
    // leading + is neutralised like any formula start, as the contract's Exports section says).
    assert_eq!(row("C1"), ["Ann New", "ann@new.example", "'+49 30 1", "2.25"]);
    // A formula in a phone cell is neutralised; a comma in a name quoted (read back whole by the CSV reader).
    assert_eq!(row("C2"), ["Bob, Jr", "bob@example.com", "'=1+1", ""]);
    assert_eq!(row("C3"), ["Dan", "", "", ""]);
    let err = ws
        .export_customers(
            &RfmOptions::default(),
            &ExportFilter { columns: vec!["mobile".into()], ..Default::default() },
        )
        .unwrap_err();
    assert_eq!(err.code(), "invalid_option");
    assert!(err.to_string().contains("mobile") && err.to_string().contains("email"), "{err}");
}

#[test]
fn semicolon_files_quote_cells_with_a_semicolon_and_write_decimal_commas() {
    let ws = contacts();
    let filter = ExportFilter { delimiter: Delimiter::Semicolon, columns: vec!["name".into()], ..Default::default() };
    let text = ws.export_customers(&RfmOptions::default(), &filter).unwrap();
    // issue 18: `x;=1+1` must stay one cell (Excel in a `;` locale would otherwise make `=1+1` a formula).
    assert!(text.contains("\r\n\"x;=1+1\";"), "{text}");
    let rows = rows_of(&text, b';');
    assert!(rows[0][..15].iter().zip(EXPORT_COLUMNS).all(|(a, b)| a == b));
    assert!(rows.iter().all(|r| r.len() == 16), "every row has every cell");
    let bob = rows.iter().find(|r| r[0] == "C2").unwrap();
    assert_eq!(bob[7], "100,0000", "monetary with a decimal comma");
    assert_eq!(bob[15], "Bob, Jr", "a comma is plain text in a ; file");
    let eve = rows.iter().find(|r| r[0] == "x;=1+1").unwrap();
    assert_eq!(eve[7], "3,0000");
    for row in &rows {
        for cell in row {
            assert!(!cell.starts_with(['=', '+', '-', '@']), "{cell:?} could run as a formula");
        }
    }
}

#[test]
fn chinese_exports_have_chinese_headers_and_class_labels() {
    let ws = contacts();
    let filter = ExportFilter { chinese_labels: true, columns: vec!["name".into()], ..Default::default() };
    let rows = rows_of(&ws.export_customers(&RfmOptions::default(), &filter).unwrap(), b',');
    assert_eq!(rows[0][..15], EXPORT_COLUMNS_ZH.map(String::from));
    assert_eq!(rows[0][15], "name", "the file's own header");
    let result = ws.rfm(&RfmOptions::default()).unwrap();
    for row in &rows[1..] {
        let i = result.customers.customer.iter().position(|&code| ws.orders().customer.value(code) == row[0]).unwrap();
        let c = &result.customers;
        assert_eq!(row[1], result.segments[usize::from(c.segment[i])].name, "the stable name stays");
        assert_eq!(row[2], result.segments[usize::from(c.segment[i])].label.zh);
        assert_eq!(row[3], result.tiers[usize::from(c.tier[i])].label.zh);
        assert_eq!(row[4], result.lifecycle[usize::from(c.lifecycle[i])].label.zh);
    }
}

// ---- issue 17.12: one customer's detail ----

#[test]
fn a_customers_detail_has_their_lines_scores_and_segment_history() {
    use clientele::analysis::customer_detail::CustomerDetailOptions;
    use clientele::date::Day;
    let ws = contacts();
    let options = RfmOptions::default();
    let history = vec![Day::parse_iso("2024-01-10").unwrap(), Day::parse_iso("2024-02-15").unwrap()];
    let detail =
        ws.customer_detail("C1", &options, &CustomerDetailOptions { history: history.clone(), limit: 3 }).unwrap();
    assert_eq!(detail.lines_total, 4);
    let lines: Vec<(u64, String)> = detail.lines.iter().map(|l| (l.line, l.amount_exact.clone())).collect();
    assert_eq!(lines, [(5, "7.0000".into()), (4, "5.0000".into()), (3, "20.0000".into())], "newest first, 3 of 4");
    assert_eq!(detail.columns, ["name", "email", "phone", "discount"]);
    assert_eq!(
        detail.lines[1].values,
        [Some("Ann New".into()), Some("ann@new.example".into()), None, Some("2.25".into())]
    );
    assert_eq!(detail.lines[1].order.as_deref(), Some("A3"));
    let scores = detail.scores.as_ref().unwrap();
    let result = ws.rfm(&options).unwrap();
    let i = result.customers.customer.iter().position(|&code| ws.orders().customer.value(code) == "C1").unwrap();
    assert_eq!((scores.frequency, scores.monetary_exact.as_str()), (4, "42.5000"));
    assert_eq!(scores.classes.segment, result.segments[usize::from(result.customers.segment[i])].name);
    // The history: the segment C1 had in an RFM analysis at each date (same options).
    for (state, date) in detail.history.iter().zip(&history) {
        let then = ws.rfm(&RfmOptions { analysis_date: Some(*date), ..options.clone() }).unwrap();
        let k = then.customers.customer.iter().position(|&code| ws.orders().customer.value(code) == "C1").unwrap();
        assert_eq!(state.date, *date);
        assert_eq!(state.classes.as_ref().unwrap().segment, then.segments[usize::from(then.customers.segment[k])].name);
    }
    // Not scored: the lines, no scores; a history date before the first order: nobody scored then.
    let early = vec![Day::parse_iso("2023-01-01").unwrap()];
    let rita = ws.customer_detail("C4", &options, &CustomerDetailOptions { history: early, limit: 10 }).unwrap();
    assert!(rita.scores.is_none());
    assert_eq!(rita.lines.len(), 1);
    assert!(rita.history[0].classes.is_none());
    let err = ws.customer_detail("nobody", &options, &CustomerDetailOptions::default()).unwrap_err();
    assert_eq!(err.code(), "invalid_option");
}
