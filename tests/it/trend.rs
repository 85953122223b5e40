//! `trend()` through the workspace: revenue (returns included, exact), orders (an order spanning two periods counts
//! in each, blank order ids are orders of their own), customers split into new and returning, the flag on cut
//! periods, weeks and days, the window, and rows after `D`, on a small file whose numbers are worked out by hand.

use clientele::analysis::period::Period;
use clientele::analysis::trend::{TrendOptions, TrendResult, TrendRow};
use clientele::date::Day;
use clientele::ingest::{load, LoadOptions};
use clientele::money::Money;
use clientele::workspace::Workspace;

const CSV: &str = "order_id,customer_id,order_date,amount
O1,a,2024-01-05,100
O1,a,2024-01-05,20
O2,b,2024-01-20,80
O3,a,2024-02-10,50
R1,b,2024-02-12,-30
O4,c,2024-02-28,60
O4,c,2024-03-01,10
O5,b,2024-03-15,40
,d,2024-03-20,5
,d,2024-03-20,7
O6,e,2024-04-02,0
O7,a,2024-05-01,99
";

fn day(text: &str) -> Day {
    Day::parse_iso(text).unwrap()
}

fn workspace(csv: &str) -> Workspace {
    load(csv.as_bytes(), &LoadOptions::default()).unwrap().into()
}

fn options(period: Period, from: Option<&str>, to: Option<&str>) -> TrendOptions {
    TrendOptions { analysis_date: Some(day("2024-04-10")), period, from: from.map(day), to: to.map(day) }
}

/// (period, complete, revenue in currency units, orders, customers, new, returning, aov).
type Expected = (&'static str, bool, i64, u64, u64, u64, u64, Option<f64>);

fn assert_rows(result: &TrendResult, expected: &[Expected]) {
    let got: Vec<Expected> = result
        .rows
        .iter()
        .map(|r: &TrendRow| {
            assert_eq!(r.revenue_exact, r.revenue.exact_string());
            assert_eq!(r.new_customers + r.returning_customers, r.customers);
            let period: &'static str = Box::leak(r.period.clone().into_boxed_str());
            (
                period,
                r.complete,
                r.revenue.0 / 10_000,
                r.orders,
                r.customers,
                r.new_customers,
                r.returning_customers,
                r.aov,
            )
        })
        .collect();
    assert_eq!(got, expected);
}

#[test]
fn monthly_trend_counts_revenue_orders_and_new_and_returning_customers() {
    let ws = workspace(CSV);
    let result = ws.trend(&options(Period::Month, None, None)).unwrap();
    assert_eq!(result.analysis_date, day("2024-04-10"));
    assert_eq!(result.period, "month");
    assert_eq!((result.from, result.to), (Some(day("2024-01-01")), Some(day("2024-04-09"))));
    assert_rows(
        &result,
        &[
            // O1's two lines are one order; a and b buy for the first time.
            ("2024-01", true, 200, 2, 2, 2, 0, Some(100.0)),
            // b's return counts in revenue only; c is new, a returns.
            ("2024-02", true, 80, 2, 2, 1, 1, Some(40.0)),
            // O4 spans February and March (counted in each); d's two blank order ids are two orders.
            ("2024-03", true, 62, 4, 3, 1, 2, Some(15.5)),
            // e's zero amount is no order and no customer; April is cut by D.
            ("2024-04", false, 0, 0, 0, 0, 0, None),
        ],
    );
    assert_eq!(result.rows[0].start, day("2024-01-01"));
    assert_eq!(result.rows[1].revenue_exact, "80.0000");
    assert_eq!(result.excluded.count, 1, "O7 is dated after D");
    // Default D: the day after the last row, so May (holding only 05-01) is cut and O7 is a's return visit.
    let default = ws.trend(&TrendOptions::default()).unwrap();
    assert_eq!(default.analysis_date, day("2024-05-02"));
    let may = default.rows.last().unwrap();
    assert_eq!(
        (may.period.as_str(), may.complete, may.revenue, may.returning_customers),
        ("2024-05", false, Money(990_000), 1)
    );
    assert_eq!(default.excluded.count, 0);
}

#[test]
fn weeks_days_and_windows() {
    let ws = workspace(CSV);
    let weeks = ws.trend(&options(Period::Week, None, None)).unwrap();
    // The first row's week (Monday 2024-01-01, ISO 2024-W01) to D − 1's (Monday 2024-04-08, W15).
    assert_eq!(weeks.rows.len(), 15);
    assert_eq!((weeks.rows[0].period.as_str(), weeks.rows[0].start), ("2024-W01", day("2024-01-01")));
    // Monday 2024-02-26 … Sunday 03-03: O4's lines on 02-28 and 03-01 are one order; c is new that week.
    let w09 = weeks.rows.iter().find(|r| r.period == "2024-W09").unwrap();
    assert_eq!((w09.revenue, w09.orders, w09.customers, w09.new_customers), (Money(700_000), 1, 1, 1));
    assert!(!weeks.rows[14].complete && weeks.rows[13].complete);
    let total: Money = weeks.rows.iter().map(|r| r.revenue).sum();
    assert_eq!(total, Money(3_420_000));

    let days = ws.trend(&options(Period::Day, None, None)).unwrap();
    assert_eq!(days.rows.len(), 96, "2024-01-05 … 2024-04-09");
    assert!(days.rows.iter().all(|r| r.complete));
    assert_eq!(days.rows.iter().map(|r| r.revenue).sum::<Money>(), Money(3_420_000));
    assert_eq!(days.rows.iter().map(|r| r.orders).sum::<u64>(), 8, "O4 on two days counts on each (7 distinct orders)");

    // A window cutting both months: February from the 10th, March until the 14th.
    let window = ws.trend(&options(Period::Month, Some("2024-02-10"), Some("2024-03-14"))).unwrap();
    assert_rows(
        &window,
        &[("2024-02", false, 80, 2, 2, 1, 1, Some(40.0)), ("2024-03", false, 10, 1, 1, 0, 1, Some(10.0))],
    );
    // `to` past D is cut at D − 1.
    let late = ws.trend(&options(Period::Month, Some("2024-03-01"), Some("2024-12-31"))).unwrap();
    assert_eq!(late.to, Some(day("2024-04-09")));
    assert_eq!(late.rows.len(), 2);
}

#[test]
fn rows_in_any_order_give_the_same_trend() {
    let mut lines: Vec<&str> = CSV.lines().collect();
    lines[1..].reverse();
    let reversed = workspace(&(lines.join("\n") + "\n"));
    let ws = workspace(CSV);
    for period in Period::ALL {
        let options = options(period, None, None);
        let (a, b) = (ws.trend(&options).unwrap(), reversed.trend(&options).unwrap());
        assert_eq!(a.rows, b.rows, "{period:?}");
    }
}

#[test]
fn a_reversed_window_or_an_early_date_is_an_invalid_option() {
    let ws = workspace(CSV);
    let error = ws.trend(&options(Period::Month, Some("2024-03-01"), Some("2024-02-01"))).unwrap_err();
    assert_eq!(error.code(), "invalid_option");
    assert!(error.to_string().starts_with("from: 2024-03-01 is after to"), "{error}");
    let early = TrendOptions { analysis_date: Some(day("2024-01-05")), ..TrendOptions::default() };
    assert_eq!(ws.trend(&early).unwrap_err().code(), "invalid_option");
    // A window wholly after D has no period.
    let after = ws.trend(&options(Period::Month, Some("2024-06-01"), None)).unwrap();
    assert!(after.rows.is_empty());
}
