//! Ingest through the public API: skipped rows with their lines and reasons, blank lines, streaming in any
//! chunking, and clear errors for files that cannot be read.

use clientele::error::WarningKind;
use clientele::ingest::{load, LoadOptions, Loader, Role, SkipReason};
use clientele::money::Money;
use clientele::table::MEASURE_MISSING;

fn loaded(text: &str) -> clientele::ingest::Loaded {
    load(text.as_bytes(), &LoadOptions::default()).unwrap()
}

#[test]
fn skipped_rows_are_counted_with_lines_and_reasons() {
    // line 1 header; 2 ok; 3-4 one record with a quoted newline; 5 blank; 6 missing customer; 7 bad date;
    // 8 bad amount; 9 `,,,` (blank); 10 missing date AND bad amount (reported once, as missing_date); 11 ok.
    let text = "customer_id,order_date,amount,note\n\
                C1,2024-03-01,10.00,a\n\
                C2,2024-03-02,5.00,\"two\nlines\"\n\
                \n\
                ,2024-03-03,1.00,x\n\
                C3,2024-02-30,1.00,x\n\
                C4,2024-03-04,abc,x\n\
                ,,,\n\
                C5,,zz,x\n\
                C1,2024-03-05,(2.50),x\n";
    let l = loaded(text);
    let r = &l.report;
    assert_eq!((r.rows_read, r.rows_used, r.blank_lines), (7, 3, 2));
    let reasons: Vec<(SkipReason, u64, Vec<u64>)> =
        r.skipped.iter().map(|g| (g.reason, g.count, g.examples.iter().map(|e| e.line).collect())).collect();
    assert_eq!(
        reasons,
        vec![
            (SkipReason::MissingCustomer, 1, vec![6]),
            (SkipReason::MissingDate, 1, vec![10]),
            (SkipReason::BadDate, 1, vec![7]),
            (SkipReason::BadAmount, 1, vec![8]),
        ]
    );
    assert_eq!(r.skipped[2].examples[0].text, "C3,2024-02-30,1.00,x");
    assert_eq!(l.table.line, vec![2, 3, 11]);
    assert_eq!(l.table.amount, vec![Money(100_000), Money(50_000), Money(-25_000)]);
    assert_eq!(r.min_date.unwrap().to_string(), "2024-03-01");
    assert_eq!(r.roles.customer.as_deref(), Some("customer_id"));
    assert_eq!(r.roles.order, None);
}

#[test]
fn any_chunking_gives_the_same_table_and_report() {
    let text = "\u{feff}客户编号;订单日期;数量;单价;区域\r\n\
                张三;05/03/2024;2;\"1.234,50\";华东\r\n\
                李四;25/03/2024;1;9,99;\"华\r\n南\"\r\n\
                \r\n\
                张三;06/03/2024;x;3,00;华东\r\n";
    let whole = load(text.as_bytes(), &LoadOptions::default()).unwrap();
    assert_eq!(whole.report.delimiter, ";");
    assert_eq!(whole.report.encoding, "utf-8");
    assert_eq!(whole.report.skipped.len(), 1, "the unreadable quantity with no amount column skips the row");
    // Day-first, from 25/03: 05/03 is 5 March. Quantity × unit price with decimal commas: 2 × 1234.50.
    assert_eq!(whole.table.day[0].to_string(), "2024-03-05");
    assert_eq!(whole.table.amount[0], Money(24_690_000));
    assert_eq!(whole.report.date_order, clientele::date::DateOrder::Dmy);
    let bytes = text.as_bytes();
    for size in 1..=bytes.len() {
        let mut loader = Loader::new(LoadOptions::default()).unwrap();
        for chunk in bytes.chunks(size) {
            loader.push(chunk).unwrap();
        }
        let streamed = loader.finish().unwrap();
        assert_eq!(streamed.table, whole.table, "chunk size {size}");
        assert_eq!(streamed.report, whole.report, "chunk size {size}");
    }
    // And split at every single position into two pieces.
    for at in 0..=bytes.len() {
        let mut loader = Loader::new(LoadOptions::default()).unwrap();
        loader.push(&bytes[..at]).unwrap();
        loader.push(&bytes[at..]).unwrap();
        assert_eq!(loader.finish().unwrap().table, whole.table, "split at {at}");
    }
}

#[test]
fn gbk_bytes_are_detected_and_decoded() {
    let text = "买家会员名,付款时间,买家实际支付金额\n张三,2024/3/5 10:00,￥88.80\n李四,2024/3/6 11:00,￥10.00\n";
    let (bytes, _, _) = encoding_rs::GBK.encode(text);
    let l = load(&bytes, &LoadOptions::default()).unwrap();
    assert_eq!(l.report.encoding, "gbk");
    assert_eq!(l.table.customer.value(0), "张三");
    assert_eq!(l.table.amount[0], Money(888_000));
}

#[test]
fn orders_count_once_and_blank_order_ids_are_their_own_orders() {
    use clientele::analysis::rfm::{rfm, RfmOptions};
    // C1: order A (2 lines), order B, one line without an order id, a return → 3 orders.
    let text = "order_id,customer_id,order_date,amount\n\
                A,C1,2024-01-01,10\nA,C1,2024-01-01,5\nB,C1,2024-01-02,1\n,C1,2024-01-03,1\nR,C1,2024-01-04,-3\n\
                A,C2,2024-01-01,2\n";
    let result = rfm(&loaded(text).table, &RfmOptions::default()).unwrap();
    let c = &result.customers;
    assert_eq!(c.frequency, vec![3, 1], "order A of C2 is C2's own order");
    assert_eq!(c.monetary, vec![Money(140_000), Money(20_000)]);
    assert_eq!(c.recency_days, vec![2, 4], "D = 2024-01-05; the return on 01-04 is not a purchase");
}

#[test]
fn files_that_cannot_be_read_say_why() {
    let code = |bytes: &[u8]| load(bytes, &LoadOptions::default()).unwrap_err().code();
    assert_eq!(code(b""), "empty_file");
    assert_eq!(code(b"\xEF\xBB\xBF  \n\n"), "empty_file");
    assert_eq!(code(b"customer_id,order_date,amount\n"), "no_rows");
    assert_eq!(code(b"%PDF-1.4\n%binary"), "not_text");
    let err = load(b"name,city\nAnn,Paris\nBob,Rome\n", &LoadOptions::default()).unwrap_err();
    assert_eq!(err.code(), "missing_role");
    let message = err.to_string();
    assert!(message.contains("\"name\", \"city\""), "{message}");
    let too_small = LoadOptions { max_bytes: 10, ..LoadOptions::default() };
    let err = load(b"customer_id,order_date,amount\n", &too_small).unwrap_err();
    assert_eq!(err.code(), "too_large");
    assert!(err.to_string().contains("limit of 10 bytes"));
    // A size known in advance (a File's) over the limit is refused before any byte is read.
    let known = LoadOptions { total_bytes: Some(3 << 30), ..LoadOptions::default() };
    let err = Loader::new(known).err().expect("a 3 GiB file is over the default 2 GiB limit");
    assert_eq!(err.code(), "too_large");
    assert!(err.to_string().contains("3221225472 bytes"), "{err}");
    assert!(Loader::new(LoadOptions { total_bytes: Some(1 << 30), ..LoadOptions::default() }).is_ok());
}

#[test]
fn excel_guards_and_roles_by_value() {
    // Unknown headers: a column of ids that repeat, a column of dates, a column of money. Ids are taken by their
    // values only when there are enough of them (issue 12: two values over four dates could be a region).
    let mut text = String::from("who,when,paid\n=\"0042\",2024-01-01,10.50\n0042,2024-01-02,1.25\n");
    for i in 0..12 {
        text.push_str(&format!("X{i},2024-02-{:02},3.00\nX{i},2024-03-{:02},4.00\n", i + 1, i + 1));
    }
    let l = loaded(&text);
    assert_eq!(l.report.roles.customer.as_deref(), Some("who"));
    assert_eq!(l.report.roles.date.as_deref(), Some("when"));
    assert_eq!(l.report.roles.amount.as_deref(), Some("paid"));
    assert_eq!(l.table.customer.distinct(), 13, "=\"0042\" and 0042 are one customer");
    let few =
        "who,when,paid\n=\"0042\",2024-01-01,10.50\n0042,2024-01-02,1.25\nX7,2024-01-03,3.00\nX7,2024-01-04,4.00\n";
    let err = load(few.as_bytes(), &LoadOptions::default()).unwrap_err();
    match err.kind() {
        clientele::error::ErrorKind::MissingRole { roles, candidates, .. } => {
            assert_eq!(
                (roles.as_slice(), candidates.as_slice()),
                (&["customer".to_string()][..], &["who".to_string()][..])
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn gbk_split_inside_its_two_byte_characters_reads_the_same() {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/gbk-semicolon.csv")).unwrap();
    let whole = load(&bytes, &LoadOptions::default()).unwrap();
    assert_eq!(whole.report.encoding, "gbk");
    for at in 0..=bytes.len() {
        let mut loader = Loader::new(LoadOptions::default()).unwrap();
        loader.push(&bytes[..at]).unwrap();
        loader.push(&bytes[at..]).unwrap();
        let streamed = loader.finish().unwrap();
        assert_eq!(streamed.table, whole.table, "split at byte {at}");
        assert_eq!(streamed.report, whole.report, "split at byte {at}");
    }
}

#[test]
fn past_the_sniffed_sample_chunks_split_gbk_characters_anywhere() {
    // 150 KB of GBK rows, so the splits below fall after the first 128 KB the loader looks at, inside the
    // streaming decoder: every byte position of a window, including between the two bytes of 张 or 华.
    let mut text = String::from("客户编号;订单日期;金额;区域\n");
    let mut i = 0;
    while text.len() < 150 * 1024 {
        text.push_str(&format!("张{i};2024-03-{:02};{},50;华东\n", i % 28 + 1, i % 90 + 1));
        i += 1;
    }
    let (bytes, _, _) = encoding_rs::GBK.encode(&text);
    let whole = load(&bytes, &LoadOptions::default()).unwrap();
    assert_eq!(whole.report.encoding, "gbk");
    assert_eq!(whole.table.len(), i);
    let start = 135 * 1024;
    for at in start..start + 16 {
        let mut loader = Loader::new(LoadOptions::default()).unwrap();
        for piece in [&bytes[..at - 7000], &bytes[at - 7000..at], &bytes[at..]] {
            loader.push(piece).unwrap();
        }
        let streamed = loader.finish().unwrap();
        assert_eq!(streamed.table, whole.table, "split at byte {at}");
    }
}

#[test]
fn decimal_columns_of_no_role_are_kept_as_exact_measures() {
    // margin: decimals (one blank, one unreadable on line 9: a column is numeric when 90 % of its cells are); store: whole numbers, still a dimension; line 5
    // is skipped (bad amount) and line 11 contradicts the column's day-first dates (bad_date): neither keeps a
    // measure value, and the measure stays aligned with the rows.
    let text = "customer_id,order_date,amount,margin,store\n\
                C1,25/03/2024,10,12.50,7\n\
                C2,05/03/2024,10,\"1,234.5678\",7\n\
                C3,06/03/2024,10,(2.50),8\n\
                C4,07/03/2024,x,9.99,8\n\
                C5,08/03/2024,10,,8\n\
                C6,09/03/2024,10,0.00005,9\n\
                C7,10/03/2024,10,3.10,9\n\
                C8,11/03/2024,10,n/a,9\n\
                C9,12/03/2024,10,4.00,9\n\
                C10,03/26/2024,10,5.55,9\n\
                C11,13/03/2024,10,1,9\n";
    let whole = loaded(text);
    let r = &whole.report;
    let roles: Vec<(&str, Option<Role>)> = r.columns.iter().map(|c| (c.name.as_str(), c.role)).collect();
    assert_eq!(roles[3..], [("margin", Some(Role::Measure)), ("store", Some(Role::Dimension))]);
    let t = &whole.table;
    assert_eq!(t.line, vec![2, 3, 4, 6, 7, 8, 9, 10, 12]);
    assert_eq!(t.measures.len(), 1);
    let margin = t.measure("margin").unwrap();
    assert_eq!(
        margin.values,
        vec![125_000, 12_345_678, -25_000, MEASURE_MISSING, 1, 31_000, MEASURE_MISSING, 40_000, 10_000],
        "1/10,000 units, 0.00005 rounded half away from zero, blank and unreadable missing"
    );
    let warning = r.warnings.iter().find(|w| w.code() == "unreadable_value").expect("a warning for n/a");
    assert_eq!(warning.lines, vec![9]);
    assert!(warning.message().contains("\"margin\""), "{}", warning.message());
    assert_eq!(r.skipped.iter().map(|g| g.reason).collect::<Vec<_>>(), [SkipReason::BadDate, SkipReason::BadAmount]);
    assert_eq!(t.dimension("store").unwrap().values.text(0), Some("7"));
    let bytes = text.as_bytes();
    for at in 0..=bytes.len() {
        let mut loader = Loader::new(LoadOptions::default()).unwrap();
        loader.push(&bytes[..at]).unwrap();
        loader.push(&bytes[at..]).unwrap();
        let streamed = loader.finish().unwrap();
        assert_eq!((&streamed.table, &streamed.report), (&whole.table, &whole.report), "split at {at}");
    }
}

/// "No date" placeholders (`9999-12-31`, year `0000`, `0001-01-01`, Excel serial 2958465) and years past the
/// data range are skipped as `bad_date` with their lines, so the latest order (the default analysis date) stays
/// a real `YYYY-MM-DD` day.
#[test]
fn dates_outside_the_data_years_are_bad_dates() {
    let text = "customer_id,order_date,amount\n\
                C1,2024-03-01,10.00\n\
                C2,9999-12-31,5.00\n\
                C3,0000-01-01,1.00\n\
                C4,0001-01-01,1.00\n\
                C5,31.12.2201,1.00\n\
                C6,1899-12-31,1.00\n\
                C7,2200-12-31,2.00\n\
                C8,1900-01-01,3.00\n";
    let l = loaded(text);
    let r = &l.report;
    assert_eq!((r.rows_read, r.rows_used), (8, 3));
    let bad: Vec<(SkipReason, Vec<u64>)> =
        r.skipped.iter().map(|g| (g.reason, g.examples.iter().map(|e| e.line).collect())).collect();
    assert_eq!(bad, vec![(SkipReason::BadDate, vec![3, 4, 5, 6, 7])]);
    let days: Vec<String> = l.table.day.iter().map(|d| d.to_string()).collect();
    assert_eq!(days, ["2024-03-01", "2200-12-31", "1900-01-01"]);
    assert_eq!((clientele::date::MIN_DATA_YEAR, clientele::date::MAX_DATA_YEAR), (1900, 2200));
}

/// `rows` orders of `amount` each, one customer per row, one day apart.
fn orders_of(rows: u32, amount: &str) -> String {
    let mut text = String::from("customer_id,order_date,amount\n");
    for i in 0..rows {
        text.push_str(&format!("C{i},2024-01-{:02},{amount}\n", 1 + i % 28));
    }
    text
}

#[test]
fn amounts_past_the_exact_sum_are_refused_with_a_coded_error() {
    // 40 × 9e14 currency units = 3.6e20 units of 1/10,000: an i64 total would wrap.
    let error = load(orders_of(40, "900000000000000.00").as_bytes(), &LoadOptions::default()).unwrap_err();
    assert_eq!(error.code(), "amount_overflow");
    assert_eq!(*error.kind(), clientele::error::ErrorKind::AmountOverflow { limit: 922_337_203_685_477 });
    assert!(error.to_string().contains("922337203685477"), "{error}");
    // Returns count by size: +9e14 and −9e14 net to 0, but their magnitudes pass the limit together.
    let text = "customer_id,order_date,amount\nC1,2024-01-01,900000000000000.00\nC1,2024-01-02,-900000000000000.00\n";
    assert_eq!(load(text.as_bytes(), &LoadOptions::default()).unwrap_err().code(), "amount_overflow");
    // One such row alone fits.
    assert_eq!(loaded(&orders_of(1, "900000000000000.00")).table.len(), 1);
}

#[test]
fn large_amounts_within_the_limit_load_and_sum_exactly() {
    use clientele::analysis::rfm::{rfm, RfmOptions};
    // 10 × 9e13 = 9e14 currency units, just under the limit of 922,337,203,685,477.5807.
    let loaded = loaded(&orders_of(10, "90000000000000.00"));
    assert_eq!(loaded.table.len(), 10);
    let result = rfm(&loaded.table, &RfmOptions::default()).unwrap();
    assert_eq!(result.totals.revenue, Money(9_000_000_000_000_000_000));
    assert_eq!(result.totals.revenue_exact, "900000000000000.0000");
}

#[test]
fn a_stray_opening_quote_in_the_sample_is_reported_with_its_line() {
    let sample = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/www/samples/orders.csv")).unwrap();
    let total_lines = sample.lines().count() as u64;
    let mut lines: Vec<String> = sample.lines().map(String::from).collect();
    // Line 101 (index 100): a quote opens the product field and is never closed.
    let fields: Vec<&str> = lines[100].split(',').collect();
    let mut broken = fields.clone();
    let product = format!("\"{}", fields[3]);
    broken[3] = &product;
    lines[100] = broken.join(",");
    let text = lines.join("\n") + "\n";
    let loaded = loaded(&text);
    let warning = loaded
        .report
        .warnings
        .iter()
        .find(|w| w.code() == "unterminated_quote")
        .unwrap_or_else(|| panic!("no unterminated_quote warning: {:?}", loaded.report.warnings));
    assert_eq!(warning.kind, WarningKind::UnterminatedQuote { line: 101, lines: total_lines - 100 });
    assert_eq!(warning.lines, [101]);
    assert!(warning.message().contains("line 101"), "{}", warning.message());
    // The intact sample has no such warning.
    assert!(self::loaded(&sample).report.warnings.iter().all(|w| w.code() != "unterminated_quote"));
}

#[test]
fn an_open_quote_is_told_from_a_closed_multi_line_field() {
    let warned = |text: &str| {
        let loaded = loaded(text);
        loaded.report.warnings.iter().find(|w| w.code() == "unterminated_quote").map(|w| w.kind.clone())
    };
    let header = "customer_id,order_date,amount,note\nC1,2024-01-01,5,a\n";
    // Closed quoted fields over several lines, with an escaped quote: no warning.
    assert_eq!(warned(&format!("{header}C2,2024-01-02,6,\"two\nlines \"\"x\"\"\"\nC3,2024-01-03,7,b\n")), None);
    // An open quote on line 3 running to the end of the file (4 lines).
    assert_eq!(
        warned(&format!("{header}C2,2024-01-02,6,\"open\nC3,2024-01-03,7,b\nC4,2024-01-04,8,c\nC5,2024-01-05,9,d")),
        Some(WarningKind::UnterminatedQuote { line: 3, lines: 4 })
    );
    // A quote closed only after more than 1,000 lines is taken for a stray one too.
    let swallowed = "C9,2024-01-09,1,x\n".repeat(1200);
    assert_eq!(
        warned(&format!("{header}C2,2024-01-02,6,\"open\n{swallowed}end\"\nC3,2024-01-03,7,b\n")),
        Some(WarningKind::UnterminatedQuote { line: 3, lines: 1202 })
    );
}

// Currency detection (issue 17, point 9).
#[test]
fn currencies_are_read_from_amount_cells_counted_and_one_can_be_kept() {
    let text = "customer_id,order_date,amount\n\
                A,2024-01-01,€ 10\n\
                B,2024-01-02,\"12,50 zł\"\n\
                C,2024-01-03,R$ 7\n\
                D,2024-01-04,€ 5\n\
                E,2024-01-05,3\n";
    let mixed = loaded(text);
    let report = &mixed.report;
    let rows: Vec<(&str, u64)> = report.currency.rows.iter().map(|r| (r.code.as_str(), r.rows)).collect();
    assert_eq!(rows, [("EUR", 2), ("BRL", 1), ("PLN", 1)]);
    assert_eq!((report.currency.code.as_deref(), report.currency.unmarked), (None, 1));
    assert_eq!(mixed.table.len(), 5, "every row is read (12,50 zł and R$ 7 too)");
    let warning = report.warnings.iter().find(|w| w.code() == "mixed_currencies").expect("a warning names them");
    assert!(
        matches!(&warning.kind, WarningKind::MixedCurrencies { currencies, rows } if currencies == &["EUR", "BRL", "PLN"] && rows == &[2, 1, 1])
    );

    let options = LoadOptions { currency: Some("eur".into()), ..Default::default() };
    let euros = load(text.as_bytes(), &options).unwrap();
    assert_eq!(euros.table.amount, [Money(100_000), Money(50_000), Money(30_000)], "EUR rows and the unmarked one");
    assert_eq!(euros.report.currency.code.as_deref(), Some("EUR"));
    assert!(euros.report.warnings.iter().all(|w| w.code() != "mixed_currencies"));
    let other = euros.report.skipped.iter().find(|g| g.reason == SkipReason::OtherCurrency).unwrap();
    assert_eq!((other.count, other.examples.iter().map(|e| e.line).collect::<Vec<_>>()), (2, vec![3, 4]));

    let bad = LoadOptions { currency: Some("euro".into()), ..Default::default() };
    assert_eq!(load(text.as_bytes(), &bad).unwrap_err().code(), "invalid_option");
}

#[test]
fn a_currency_column_names_each_rows_currency() {
    let text = "customer_id,order_date,amount,Currency\nA,2024-01-01,10,CNY\nB,2024-01-02,12,RMB\nC,2024-01-03,7,\n";
    let one = loaded(text);
    let currency = &one.report.currency;
    assert_eq!((currency.code.as_deref(), currency.unmarked), (Some("CNY"), 1));
    assert_eq!(serde_json::to_value(currency.source).unwrap(), "column");
    let plain = loaded("customer_id,order_date,amount\nA,2024-01-01,10\n");
    assert_eq!((plain.report.currency.code, plain.report.currency.rows.len()), (None, 0));
}

/// issue 17.4: a file of `dd.mm.yyyy` dates was reported (and labelled on the page) as year-month-day.
#[test]
fn dotted_day_first_dates_report_the_day_first_order_they_were_read_with() {
    use clientele::date::{DateOrder, Day};
    let dotted = loaded("customer_id,order_date,amount\nC1,05.03.2024,10\nC2,2024-03-07,5\nC3,31.01.2024,2\n");
    assert_eq!(dotted.report.date_order, DateOrder::Dmy);
    assert_eq!(dotted.table.day[0], Day::from_ymd(2024, 3, 5).unwrap());
    // Ambiguous slashed dates of the same column keep the contract's fallback (month first, with its warning);
    // the dotted rows neither decide nor contradict them.
    let mixed = loaded("customer_id,order_date,amount\nC1,05.03.2024,10\nC2,04/03/2024,5\n");
    assert_eq!(mixed.table.len(), 2);
    assert_eq!(mixed.table.day[1], Day::from_ymd(2024, 4, 3).unwrap());
    let iso = loaded("customer_id,order_date,amount\nC1,2024-03-05,10\n");
    assert_eq!(iso.report.date_order, DateOrder::Ymd);
}
