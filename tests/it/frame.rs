//! The customer frame (analytics.md §3, §11.1) against an independent re-computation of the bundled sample with
//! the `csv` crate and `BTreeMap`s, the purchase-occasion rules on a small example worked by hand, and the
//! workspace's cache (one frame per analysis date, shared by `rfm()` and the export).

use super::common::seeded;
use chrono::NaiveDate;
use clientele::analysis::compare::{compare, CompareOptions};
use clientele::analysis::frame::{CustomerFrame, NO_PURCHASE};
use clientele::analysis::migration::MigrationBy;
use clientele::analysis::rfm::export::{customers_csv, ExportFilter};
use clientele::analysis::rfm::{
    classes_on, rfm, rfm_on, ClassesAt, MonetaryMode, RfmOptions, ScoringMethod, SegmentMapChoice,
};
use clientele::date::Day;
use clientele::ingest::{load, LoadOptions};
use clientele::money::Money;
use clientele::table::Table;
use clientele::workspace::{CacheStats, Workspace};
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/www/samples/orders.csv");

/// One customer as the test computes it from the file: amounts in cents per date, and order ids of the rows with
/// amount > 0.
#[derive(Default)]
struct Expected {
    by_date: BTreeMap<NaiveDate, Vec<i64>>,
    orders: BTreeSet<String>,
}

fn cents(text: &str) -> i64 {
    // The sample writes amounts with exactly two decimals.
    let (whole, frac) = text.split_once('.').expect("two decimals");
    let sign = if whole.starts_with('-') { -1 } else { 1 };
    sign * (whole.trim_start_matches('-').parse::<i64>().unwrap() * 100 + frac.parse::<i64>().unwrap())
}

fn day(text: &str) -> Day {
    Day::parse_iso(text).unwrap()
}

/// The sample's customers with rows before `before`, keyed by id (a `BTreeMap<String, _>` iterates in code-point
/// order, as the frame must), and the number of rows on or after it.
fn expected_sample(bytes: &[u8], before: NaiveDate) -> (BTreeMap<String, Expected>, u64) {
    let mut customers: BTreeMap<String, Expected> = BTreeMap::new();
    let mut excluded = 0;
    for record in csv::Reader::from_reader(bytes).records() {
        let record = record.unwrap();
        let date = NaiveDate::parse_from_str(&record[2], "%Y-%m-%d").unwrap();
        if date >= before {
            excluded += 1;
            continue;
        }
        let entry = customers.entry(record[1].to_string()).or_default();
        let amount = cents(&record[11]);
        entry.by_date.entry(date).or_default().push(amount);
        if amount > 0 {
            entry.orders.insert(record[0].to_string());
        }
    }
    (customers, excluded)
}

/// The same rows in reverse order, so that every customer's rows come latest first (the frame's slower path).
fn reversed(table: &Table) -> Table {
    let mut t = table.clone();
    t.customer.codes.reverse();
    t.day.reverse();
    t.amount.reverse();
    t.line.reverse();
    if let Some(quantity) = t.quantity.as_mut() {
        quantity.reverse();
    }
    if let Some(order) = t.order.as_mut() {
        order.codes.reverse();
    }
    for dimension in &mut t.dimensions {
        dimension.values.codes.reverse();
    }
    t
}

fn check_sample_frame(table: &Table, frame: &CustomerFrame, expected: &BTreeMap<String, Expected>, excluded: u64) {
    assert_eq!(frame.excluded.count, excluded);
    let ids: Vec<&str> = (0..frame.len()).map(|i| frame.id(table, i)).collect();
    let want: Vec<&str> = expected.keys().map(String::as_str).collect();
    assert_eq!(ids, want, "every customer with a row before D, in id order");
    assert_eq!(frame.occasion_start.len(), frame.len() + 1);
    let mut occasions = 0;
    for (i, (id, e)) in expected.iter().enumerate() {
        let purchases: Vec<NaiveDate> =
            e.by_date.iter().filter(|(_, amounts)| amounts.iter().any(|&a| a > 0)).map(|(d, _)| *d).collect();
        let as_day = |d: Option<&NaiveDate>| d.map_or(NO_PURCHASE, |d| day(&d.to_string()));
        assert_eq!(frame.first_purchase[i], as_day(purchases.first()), "{id} first purchase");
        assert_eq!(frame.last_purchase[i], as_day(purchases.last()), "{id} last purchase");
        assert_eq!(frame.purchase_days[i] as usize, purchases.len(), "{id} purchase days");
        assert_eq!(frame.orders[i] as usize, e.orders.len(), "{id} orders");
        assert_eq!(frame.is_scored(i), !e.orders.is_empty(), "{id} scored");
        let total: i64 = e.by_date.values().flatten().sum();
        assert_eq!(frame.monetary[i], Money(total * 100), "{id} monetary");
        // §11.1: an occasion is a date with a row of amount ≥ 0, worth all that date's amounts.
        let want: Vec<(Day, Money)> = e
            .by_date
            .iter()
            .filter(|(_, amounts)| amounts.iter().any(|&a| a >= 0))
            .map(|(d, amounts)| (day(&d.to_string()), Money(amounts.iter().sum::<i64>() * 100)))
            .collect();
        let got: Vec<(Day, Money)> =
            frame.occasions(i).map(|k| (frame.occasion_day[k], frame.occasion_value[k])).collect();
        assert_eq!(got, want, "{id} occasions");
        // The occasions flagged as purchases are the purchase dates (§3: a row of amount > 0).
        let flagged: Vec<Day> =
            frame.occasions(i).filter(|&k| frame.occasion_purchase[k]).map(|k| frame.occasion_day[k]).collect();
        let purchase_days: Vec<Day> = purchases.iter().map(|d| day(&d.to_string())).collect();
        assert_eq!(flagged, purchase_days, "{id} purchase occasions");
        let return_only = e.by_date.values().filter(|amounts| amounts.iter().all(|&a| a < 0)).count();
        assert_eq!(frame.return_only_days[i] as usize, return_only, "{id} return-only days");
        occasions += want.len();
    }
    assert_eq!(frame.occasion_day.len(), occasions);
}

#[test]
fn the_sample_frame_matches_an_independent_computation() {
    let bytes = std::fs::read(SAMPLE).unwrap();
    let loaded = load(&bytes, &LoadOptions::default()).unwrap();
    let table = &loaded.table;
    // The default D (the day after the last row), and a D inside the data, which leaves later rows out.
    let (_, last) = table.date_range().unwrap();
    for d in [last.plus(1), day("2024-01-16")] {
        let (expected, excluded) = expected_sample(&bytes, d.to_naive());
        let frame = CustomerFrame::build(table, d);
        assert_eq!(frame.analysis_date, d);
        check_sample_frame(table, &frame, &expected, excluded);
        // The rows in reverse order (customers' rows not by date) give the same frame.
        let backwards = reversed(table);
        check_sample_frame(&backwards, &CustomerFrame::build(&backwards, d), &expected, excluded);
        assert!(expected.values().any(|e| e.by_date.values().any(|a| a.iter().all(|&x| x < 0))), "has returns");
    }
}

#[test]
fn a_look_back_window_is_the_frame_of_the_windows_rows_only() {
    let bytes = std::fs::read(SAMPLE).unwrap();
    let table = load(&bytes, &LoadOptions::default()).unwrap().table;
    let (since, d) = (day("2023-10-01"), day("2024-01-16"));
    for table in [table.clone(), reversed(&table)] {
        // Independently: the table cut to the window's rows (and those on or after D, to report them).
        let keep: Vec<bool> = table.day.iter().map(|&x| x >= since).collect();
        let mut cut = table.clone();
        cut.retain_rows(&keep);
        let want = CustomerFrame::build(&cut, d);
        let got = CustomerFrame::build_window(&table, Some(since), d);
        assert!(got.len() < CustomerFrame::build(&table, d).len(), "the window leaves customers out");
        assert_eq!(got, want);
    }
}

#[test]
fn rows_out_of_date_order_over_more_than_65536_days_give_the_frame_of_the_rows_in_date_order() {
    // 1900-01-01 to 2190-03-01 spans 105,980 days (within the data years 1900–2200): the slow path's counting sort takes two passes.
    let rows = [
        "c1,2190-03-01,10",
        "c2,1900-01-03,4",
        "c1,1900-01-01,5",
        "c1,1979-06-15,3",
        "c2,2190-03-01,-2",
        "c2,1900-01-03,6",
        "c1,1900-01-02,-1",
        "c2,1979-06-14,8",
        "c1,1979-06-15,-3",
    ];
    let mut by_date = rows.to_vec();
    by_date.sort_by_key(|row| row.split(',').nth(1).unwrap().to_string());
    let table = |rows: &[&str]| {
        let csv = format!("customer_id,order_date,amount\n{}\n", rows.join("\n"));
        load(csv.as_bytes(), &LoadOptions::default()).unwrap().table
    };
    let (unordered, ordered) = (table(&rows), table(&by_date));
    assert_eq!(unordered.customer.value(0), ordered.customer.value(0), "the same customer codes");
    let d = day("2190-03-02");
    let frame = CustomerFrame::build(&unordered, d);
    assert_eq!(frame, CustomerFrame::build(&ordered, d));
    // c1: 1900-01-01 (5), 1900-01-02 (−1, return only), 1979-06-15 (3 − 3 = 0), 2190-03-01 (10).
    let c1: Vec<(Day, Money)> = frame.occasions(0).map(|k| (frame.occasion_day[k], frame.occasion_value[k])).collect();
    assert_eq!(
        c1,
        [(day("1900-01-01"), Money(50_000)), (day("1979-06-15"), Money(0)), (day("2190-03-01"), Money(100_000))]
    );
    assert_eq!((frame.return_only_days[0], frame.purchase_days[0]), (1, 3));
}

/// §11.12 A1's rows (D = 2024-04-01), no order column.
const A1: &str = "customer_id,order_date,amount\n\
                  c1,2024-01-01,30.00\nc1,2024-01-01,10.00\nc1,2024-01-15,25.00\nc1,2024-02-12,-5.00\n\
                  c1,2024-03-11,35.00\nc1,2024-03-11,-10.00\n\
                  c2,2024-02-05,0.00\nc2,2024-02-19,50.00\nc2,2024-03-04,70.00\n\
                  c3,2024-03-31,20.00\n\
                  c4,2024-01-10,15.00\nc4,2024-04-01,99.00\n\
                  c5,2024-02-01,-20.00\n";

#[test]
fn occasions_net_same_day_returns_skip_return_only_days_and_count_zero_amounts() {
    let loaded = load(A1.as_bytes(), &LoadOptions::default()).unwrap();
    // As written (each customer's rows by date), and backwards.
    for table in [loaded.table.clone(), reversed(&loaded.table)] {
        check_a1(&table);
    }
}

fn check_a1(table: &Table) {
    let frame = CustomerFrame::build(table, day("2024-04-01"));
    let ids: Vec<&str> = (0..frame.len()).map(|i| frame.id(table, i)).collect();
    assert_eq!(ids, ["c1", "c2", "c3", "c4", "c5"], "c5 only returned but has a row before D");
    assert_eq!(frame.excluded.count, 1, "c4's row on D");
    assert_eq!(frame.excluded.examples[0].line, 13);
    let occasions = |i: usize| -> Vec<(String, String)> {
        frame.occasions(i).map(|k| (frame.occasion_day[k].to_string(), frame.occasion_value[k].to_string())).collect()
    };
    let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter().map(|(d, v)| (format!("2024-{d}"), v.to_string())).collect()
    };
    // c1: 01-01 is one occasion of 30 + 10; 02-12 has only a return (no occasion, counted); on 03-11 the return
    // of 10 nets out of the 35 bought that day.
    assert_eq!(occasions(0), pairs(&[("01-01", "40.0000"), ("01-15", "25.0000"), ("03-11", "25.0000")]));
    assert_eq!(frame.return_only_days[0], 1);
    // Monetary 30 + 10 + 25 − 5 + 35 − 10 = 85; four rows with amount > 0 on three dates.
    assert_eq!((frame.monetary[0].to_string(), frame.orders[0], frame.purchase_days[0]), ("85.0000".into(), 4, 3));
    assert_eq!((frame.first_purchase[0], frame.last_purchase[0]), (day("2024-01-01"), day("2024-03-11")));
    // c2: the $0 row of 02-05 makes an occasion (§11.1) but is no purchase: first purchase 02-19.
    assert_eq!(occasions(1), pairs(&[("02-05", "0.0000"), ("02-19", "50.0000"), ("03-04", "70.0000")]));
    assert_eq!((frame.first_purchase[1], frame.orders[1], frame.purchase_days[1]), (day("2024-02-19"), 2, 2));
    assert_eq!(occasions(2), pairs(&[("03-31", "20.0000")]));
    assert_eq!(occasions(3), pairs(&[("01-10", "15.0000")]), "c4's row on D is left out");
    // c5: a return only: no occasion, one return-only day, no purchase, not scored.
    assert!(occasions(4).is_empty());
    assert_eq!((frame.return_only_days[4], frame.orders[4], frame.is_scored(4)), (1, 0, false));
    assert_eq!((frame.first_purchase[4], frame.monetary[4]), (NO_PURCHASE, Money(-200_000)));
    // A1's expected population: c1–c4 have an occasion, c1 and c2 repeat; 2 return-only days in all.
    let with_occasions = (0..frame.len()).filter(|&i| !frame.occasions(i).is_empty()).count();
    let repeat = (0..frame.len()).filter(|&i| frame.occasions(i).len() >= 2).count();
    assert_eq!((with_occasions, repeat, frame.return_only_days.iter().sum::<u32>()), (4, 2, 2));
    // Totals over every row before D: orders 4 + 2 + 1 + 1; revenue 85 + 120 + 20 + 15 − 20 = 220.
    let totals = frame.totals();
    assert_eq!((totals.orders, totals.revenue_exact.as_str(), totals.customers), (8, "220.0000", 4));
    assert_eq!(totals.aov, Some(220.0 / 8.0));
}

#[test]
fn a_customer_with_zero_amounts_only_has_occasions_but_no_purchase() {
    // z: two $0 rows on one date and one on another: two occasions worth 0, no order, not scored.
    let text = "order_id,customer_id,order_date,amount\nO1,z,2024-01-02,0\nO2,z,2024-01-02,0\nO3,z,2024-01-05,0\n\
                O4,a,2024-01-03,12.5\nO4,a,2024-01-03,2.5\nO5,a,2024-01-03,-1\n";
    let loaded = load(text.as_bytes(), &LoadOptions::default()).unwrap();
    let frame = CustomerFrame::build(&loaded.table, day("2024-02-01"));
    assert_eq!((frame.id(&loaded.table, 0), frame.id(&loaded.table, 1)), ("a", "z"));
    // a: order O4 has two lines (one order), O5 is a return (never an order); one occasion of 14.
    assert_eq!((frame.orders[0], frame.purchase_days[0], frame.occasions(0).len()), (1, 1, 1));
    assert_eq!(frame.occasion_value[frame.occasions(0).start], Money(140_000));
    assert_eq!((frame.orders[1], frame.purchase_days[1], frame.occasions(1).len()), (0, 0, 2));
    assert_eq!(frame.occasion_purchase, [true, false, false], "a's date is a purchase, z's $0 dates are not");
    assert!(!frame.is_scored(1));
    assert_eq!(frame.totals().customers, 1);
}

#[test]
fn rfm_totals_equal_compare_totals_for_the_same_date() {
    let loaded = load(&std::fs::read(SAMPLE).unwrap(), &LoadOptions::default()).unwrap();
    let table = &loaded.table;
    for d in [None, Some(day("2024-01-16"))] {
        let result = rfm(table, &RfmOptions { analysis_date: d, ..Default::default() }).unwrap();
        let options = CompareOptions { by: vec!["region".into()], analysis_date: d, ..Default::default() };
        let total = compare(table, &options).unwrap().total.current;
        let totals = &result.totals;
        assert_eq!(
            (totals.orders, totals.revenue, &totals.revenue_exact, totals.customers),
            (total.orders, total.revenue, &total.revenue_exact, total.customers),
            "{d:?}"
        );
        assert_eq!(totals.aov.map(f64::to_bits), total.aov.map(f64::to_bits), "same bits");
        assert_eq!(totals.customers, result.customers_scored);
        // The customers' columns are in id order.
        let ids: Vec<&str> = result.customers.customer.iter().map(|&c| table.customer.value(c)).collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "{d:?}");
    }
}

#[test]
fn the_workspace_keeps_one_frame_per_date() {
    let workspace = Workspace::from(load(A1.as_bytes(), &LoadOptions::default()).unwrap());
    let (d1, d2) = (day("2024-04-01"), day("2024-03-01"));
    let first = workspace.frame(d1);
    assert!(Rc::ptr_eq(&first, &workspace.frame(d1)), "the same date gives the same frame");
    let other = workspace.frame(d2);
    assert!(!Rc::ptr_eq(&first, &other));
    assert_eq!((first.analysis_date, other.analysis_date), (d1, d2));
    assert_eq!(other.len(), 4, "c3 buys only on 03-31, after 03-01");
    assert!(Rc::ptr_eq(&first, &workspace.frame(d1)), "both dates stay cached");
    assert_eq!(workspace.cache_stats().frames_built, 2);
    assert_eq!(*first, CustomerFrame::build(workspace.orders(), d1), "the cached frame is the frame of that date");
}

#[test]
fn the_export_reuses_the_cached_frame_and_rfm_result() {
    let loaded = load(&std::fs::read(SAMPLE).unwrap(), &LoadOptions::default()).unwrap();
    let fresh = |options: &RfmOptions, filter: &ExportFilter| {
        customers_csv(&loaded.table, &rfm(&loaded.table, options).unwrap(), filter).unwrap()
    };
    let workspace = Workspace::from(loaded.clone());
    let options = RfmOptions::default();
    let result = workspace.rfm(&options).unwrap();
    assert_eq!(*result, rfm(&loaded.table, &options).unwrap(), "the workspace's rfm() is the free function's");
    assert_eq!(workspace.cache_stats(), CacheStats { frames_built: 1, rfm_runs: 1, clv_runs: 0, campaign_states: 0 });
    // The same options: the cached result, no work.
    let all = workspace.export_customers(&options, &ExportFilter::default()).unwrap();
    assert_eq!(all, fresh(&options, &ExportFilter::default()));
    let vip = ExportFilter { tier: Some("VIP".into()), ..Default::default() };
    assert_eq!(workspace.export_customers(&options, &vip).unwrap(), fresh(&options, &vip));
    // The default date written out is the same key.
    let dated = RfmOptions { analysis_date: Some(result.analysis_date), ..Default::default() };
    assert!(Rc::ptr_eq(&result, &workspace.rfm(&dated).unwrap()));
    assert_eq!(workspace.cache_stats(), CacheStats { frames_built: 1, rfm_runs: 1, clv_runs: 0, campaign_states: 0 });
    // Other options at the same date: a new RFM run on the same frame.
    let three = RfmOptions { bins: 3, ..Default::default() };
    assert_eq!(
        workspace.export_customers(&three, &ExportFilter::default()).unwrap(),
        fresh(&three, &Default::default())
    );
    assert_eq!(workspace.cache_stats(), CacheStats { frames_built: 1, rfm_runs: 2, clv_runs: 0, campaign_states: 0 });
    // Options refused before any work.
    assert!(workspace.export_customers(&RfmOptions { bins: 11, ..Default::default() }, &vip).is_err());
    assert_eq!(workspace.cache_stats(), CacheStats { frames_built: 1, rfm_runs: 2, clv_runs: 0, campaign_states: 0 });
}

// campaigns speed (issue 15.6): the frame at an earlier date read from a later one.

/// A random order line: customer, day offset, amount in cents (returns and zeros included), order id (blank, or
/// one of few so that orders span dates and customers).
type Line = (u8, u8, i32, Option<u8>);

fn random_lines() -> impl proptest::strategy::Strategy<Value = Vec<Line>> {
    use proptest::prelude::*;
    let amount = prop_oneof![3 => 1i32..50_000, 1 => -20_000i32..0, 1 => Just(0)];
    prop::collection::vec((0u8..12, 0u8..60, amount, prop::option::weighted(0.8, 0u8..40)), 1..80)
}

/// The lines as a table, with an order column or without; rows in the order given (not by date).
fn table_of(lines: &[Line], with_orders: bool) -> Table {
    let mut csv = String::from(if with_orders {
        "customer_id,order_date,order_id,amount\n"
    } else {
        "customer_id,order_date,amount\n"
    });
    for &(customer, offset, cents, order) in lines {
        let date = day("2024-01-01").plus(i32::from(offset));
        let amount = format!("{}{}.{:02}", if cents < 0 { "-" } else { "" }, cents.abs() / 100, cents.abs() % 100);
        match (with_orders, order) {
            (true, Some(order)) => csv.push_str(&format!("c{customer},{date},O{order},{amount}\n")),
            (true, None) => csv.push_str(&format!("c{customer},{date},,{amount}\n")),
            (false, _) => csv.push_str(&format!("c{customer},{date},{amount}\n")),
        }
    }
    load(csv.as_bytes(), &LoadOptions::default()).unwrap().table
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 300, ..Default::default() })]

    /// The scored figures at several dates d ≤ D read in one pass from the frame at D equal those of the frame
    /// built from the rows at each d, and so do the RFM classes on them (the states behind campaigns' per-class
    /// rows, §16.5): with and without an order column, rows out of date order, orders spanning dates and
    /// customers, returns and zero amounts, dates given in any order or twice, and with a look-back window.
    #[test]
    fn the_figures_at_earlier_dates_read_from_a_later_frame_are_those_of_the_frames_built_at_them(
        lines in random_lines(),
        with_orders in proptest::prelude::any::<bool>(),
        later in 0i32..70,
        earlier in proptest::collection::vec(-5i32..70, 1..6),
        since in proptest::option::of(0i32..40),
    ) {
        let table = table_of(&lines, with_orders);
        let start = day("2024-01-01");
        let d = start.plus(later);
        let since = since.map(|s| start.plus(s));
        let base = CustomerFrame::build_window(&table, since, d);
        // The scored figures at every date at once (one later than D, which has none).
        let dates: Vec<Day> = earlier.iter().map(|&offset| start.plus(offset).min(d)).chain([d.plus(1)]).collect();
        let all_figures = base.scored_figures_at(&dates);
        proptest::prop_assert_eq!(all_figures.len(), dates.len());
        proptest::prop_assert!(all_figures.last().unwrap().is_none(), "no figures after D");
        for (&at, figures) in dates.iter().zip(&all_figures).take(earlier.len()) {
            let want = CustomerFrame::build_window(&table, since, at);
            let figures = figures.as_ref().unwrap();
            proptest::prop_assert_eq!(figures, &want.scored_figures(), "figures at {} from {}", at, d);
            let options = RfmOptions { analysis_date: Some(at), ..Default::default() };
            // The classes alone on the figures (campaigns' per-class rows) equal the full run's on the frame built
            // from the rows, for several RFM options.
            let variants = [
                options.clone(),
                RfmOptions { segment_map: SegmentMapChoice::preset("cn-8").unwrap(), ..options.clone() },
                RfmOptions { method: ScoringMethod::Quantile, monetary: MonetaryMode::Mean, bins: 3, ..options.clone() },
                RfmOptions { tiers: vec![0.2, 0.8], bins: 4, ..options.clone() },
            ];
            for variant in &variants {
                let full = rfm_on(&want, &table, variant).ok();
                for by in [MigrationBy::Segment, MigrationBy::Tier, MigrationBy::Lifecycle] {
                    let alone = classes_on(figures, &table, variant, by).ok();
                    proptest::prop_assert_eq!(alone, full.as_ref().map(|r| ClassesAt::of(r, by)), "{:?}", by);
                }
            }
        }
    }
}

#[test]
fn scored_figures_over_several_chunks_of_customers_equal_the_frames_built_at_each_date() {
    // More customers than one PASS_CHUNK (4,096), so the one-pass read is split in several calls: returns, return-
    // only dates and customers without an order before some of the dates fall on both sides of each boundary.
    let mut csv = String::from("customer_id,order_date,order_id,amount\n");
    let mut next = seeded(11);
    for line in 0..40_000 {
        let date = day("2024-01-01").plus(next(300) as i32);
        let amount = if next(8) == 0 { -(1 + next(50) as i64) } else { 1 + next(500) as i64 };
        csv.push_str(&format!("C{:05},{date},O{},{amount}\n", next(10_000), line / 2));
    }
    let table = load(csv.as_bytes(), &LoadOptions::default()).unwrap().table;
    let d = day("2024-10-28");
    let base = CustomerFrame::build(&table, d);
    assert!(base.len() > 2 * clientele::analysis::PASS_CHUNK, "{} customers", base.len());
    let dates = [day("2024-09-01"), day("2024-01-20"), d, day("2024-05-05")];
    for (&at, figures) in dates.iter().zip(base.scored_figures_at(&dates)) {
        assert_eq!(figures.unwrap(), CustomerFrame::build(&table, at).scored_figures(), "at {at}");
    }
}

#[test]
fn orders_are_counted_on_their_earliest_date_of_a_positive_row() {
    // O1 has a return on 01-02 (a return-only date) before its purchase rows on 01-05 and 01-03 (rows out of date
    // order); O2 is shared by two customers; c2's 01-04 has a purchase and a return (an occasion).
    let csv = "customer_id,order_date,order_id,amount\n\
               c1,2024-01-05,O1,10\nc1,2024-01-02,O1,-3\nc1,2024-01-03,O1,4\nc1,2024-01-04,O2,5\n\
               c2,2024-01-04,O2,6\nc2,2024-01-04,O3,-2\nc2,2024-01-01,,1\nc2,2024-01-01,,1\n";
    let table = load(csv.as_bytes(), &LoadOptions::default()).unwrap().table;
    let frame = CustomerFrame::build(&table, day("2024-01-06"));
    let per_occasion = |i: usize| -> Vec<(Day, u32)> {
        frame.occasions(i).map(|k| (frame.occasion_day[k], frame.occasion_orders[k])).collect()
    };
    // c1: O1 counted on 01-03 (its earliest positive row), O2 on 01-04; 01-02 is return-only.
    assert_eq!(per_occasion(0), [(day("2024-01-03"), 1), (day("2024-01-04"), 1), (day("2024-01-05"), 0)]);
    assert_eq!(
        (frame.return_only_customer.as_slice(), frame.return_only_day.as_slice()),
        (&[0][..], &[day("2024-01-02")][..])
    );
    assert_eq!(frame.return_only_value, [Money(-30_000)]);
    // c2: two blank order ids on 01-01 are two orders; O2 is also c2's; 01-04 nets 6 − 2 (an occasion).
    assert_eq!(per_occasion(1), [(day("2024-01-01"), 2), (day("2024-01-04"), 1)]);
    let at = frame.scored_figures_at(&[day("2024-01-04")]).pop().flatten().unwrap();
    assert_eq!((at.orders.as_slice(), at.monetary.as_slice()), (&[1, 2][..], &[Money(10_000), Money(20_000)][..]));
}
