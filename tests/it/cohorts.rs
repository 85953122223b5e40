//! `cohorts()` (analytics.md §12) through the workspace: every worked example of §12.7 (B1–B5), and the churn
//! table against its definitions counted customer by customer and period by period on a seeded made-up export, with
//! the invariant base(p + 1) = base(p) − churned(p) + new(p) + reactivated(p).

use super::common::{assert_close, seeded};
use clientele::analysis::clv::ClvOptions;
use clientele::analysis::cohorts::{ChurnRiskMethod, ChurnRiskOptions, CohortOptions, CohortResult};
use clientele::analysis::period::Period;
use clientele::date::Day;
use clientele::ingest::{load, LoadOptions};
use clientele::money::Money;
use clientele::workspace::Workspace;
use std::collections::BTreeMap;

/// §12.7's rows.
const B_CSV: &str = "customer_id,order_date,amount
a,2024-01-05,100
a,2024-02-10,50
a,2024-04-20,30
b,2024-01-20,80
b,2024-03-03,-20
c,2024-02-02,60
c,2024-02-25,40
c,2024-03-15,70
d,2024-02-14,20
e,2024-03-30,90
e,2024-04-02,10
f,2024-04-10,0.00
";

fn day(text: &str) -> Day {
    Day::parse_iso(text).unwrap()
}

fn workspace(csv: &str) -> Workspace {
    load(csv.as_bytes(), &LoadOptions::default()).unwrap().into()
}

fn b_options() -> CohortOptions {
    CohortOptions { analysis_date: Some(day("2024-05-01")), at_risk_days: Some(45), ..CohortOptions::default() }
}

fn run(ws: &Workspace, options: &CohortOptions) -> CohortResult {
    ws.cohorts(options, &ClvOptions::new(Day(0))).unwrap()
}

fn units(values: &[f64]) -> Vec<Option<Money>> {
    values.iter().map(|&v| Some(Money((v * 10_000.0) as i64))).collect()
}

#[test]
fn b1_the_cohort_matrix() {
    let result = run(&workspace(B_CSV), &b_options());
    let names: Vec<&str> = result.cohorts.iter().map(|c| c.cohort.as_str()).collect();
    assert_eq!(names, ["2024-01", "2024-02", "2024-03"], "f (only 0.00) is in no cohort");
    assert_eq!(result.cohorts.iter().map(|c| c.customers).collect::<Vec<_>>(), [2, 2, 1]);
    assert_eq!(result.cohorts[1].start, day("2024-02-01"));
    let retention: Vec<&[Option<f64>]> = result.cohorts.iter().map(|c| &c.retention[..]).collect();
    assert_eq!(retention[0], [Some(1.0), Some(0.5), Some(0.0), Some(0.5)]);
    assert_eq!(retention[1], [Some(1.0), Some(0.5), Some(0.0), None], "null beyond the data, never 0");
    assert_eq!(retention[2], [Some(1.0), Some(1.0), None, None]);
    assert_eq!(result.cohorts[0].active, [Some(2), Some(1), Some(0), Some(1)]);
    let mut revenue = units(&[180.0, 50.0, -20.0, 30.0]);
    assert_eq!(result.cohorts[0].revenue, revenue);
    assert_eq!(result.cohorts[0].revenue_exact[2].as_deref(), Some("-20.0000"), "b's return, returns included");
    revenue = units(&[120.0, 70.0, 0.0]);
    revenue.push(None);
    assert_eq!(result.cohorts[1].revenue, revenue);
    assert_eq!(result.cohorts[2].revenue[..2], units(&[90.0, 10.0])[..]);
    assert_eq!(result.cohorts[0].revenue_per_customer, [Some(90.0), Some(25.0), Some(-10.0), Some(15.0)]);
    assert_eq!(result.cohorts[0].cumulative_revenue_per_customer, [Some(90.0), Some(115.0), Some(105.0), Some(120.0)]);
    assert_eq!(result.cohorts[2].cumulative_revenue_per_customer, [Some(90.0), Some(100.0), None, None]);
    assert_eq!(result.average_retention, [Some(1.0), Some(0.6), Some(0.0), Some(0.5)]);
    assert!(result.last_period_complete, "D − 1 = 04-30 ends April");
    assert_eq!(result.period, "month");
    assert_eq!(result.churn_threshold_days, 45);
    // Per cohort repeat rate: 01 {a} of {a, b}, 02 {c} of {c, d}, 03 {e}.
    assert_eq!(result.cohorts.iter().map(|c| c.repeat_rate).collect::<Vec<_>>(), [0.5, 0.5, 1.0]);

    // D − 1 = 04-29 leaves April incomplete: its cells stay (k = last), but average retention skips them.
    let cut = run(&workspace(B_CSV), &CohortOptions { analysis_date: Some(day("2024-04-30")), ..b_options() });
    assert!(!cut.last_period_complete);
    // k = 1: 01 (Feb) and 02 (Mar) complete, 03 (Apr) not: (1 + 1) ÷ (2 + 2).
    assert_eq!(cut.average_retention, [Some(1.0), Some(0.5), Some(0.0), None]);
    // from / to keep the cohorts whose first purchase falls between them.
    let window = CohortOptions { from: Some(day("2024-01-10")), to: Some(day("2024-02-14")), ..b_options() };
    let kept = run(&workspace(B_CSV), &window);
    let sizes: Vec<(&str, u64)> = kept.cohorts.iter().map(|c| (c.cohort.as_str(), c.customers)).collect();
    assert_eq!(sizes, [("2024-01", 1), ("2024-02", 2)], "b (01-20), c and d; not a (01-05) or e");
    assert_eq!(kept.cohorts[0].revenue[2], Some(Money(-200_000)));
}

/// (period, base, churned, churn rate, new, reactivated).
type ChurnCells<'a> = (&'a str, u64, u64, Option<f64>, u64, u64);

#[test]
fn b2_the_churn_table_and_its_invariant() {
    let result = run(&workspace(B_CSV), &b_options());
    let rows: Vec<ChurnCells> = result
        .churn
        .iter()
        .map(|r| (r.period.as_str(), r.base, r.churned, r.churn_rate, r.new_customers, r.reactivated))
        .collect();
    assert_eq!(
        rows,
        [
            ("2024-01", 0, 0, None, 2, 0),
            ("2024-02", 2, 0, Some(0.0), 2, 0),
            ("2024-03", 4, 3, Some(0.75), 1, 0),
            ("2024-04", 2, 1, Some(0.5), 0, 1),
        ]
    );
    for pair in result.churn.windows(2) {
        let (p, next) = (&pair[0], &pair[1]);
        assert_eq!(next.base, p.base - p.churned + p.new_customers + p.reactivated, "{}", p.period);
    }
}

#[test]
fn b3_repeat_rate_and_pooled_gaps() {
    let result = run(&workspace(B_CSV), &b_options());
    assert_eq!(result.repeat_rate, 0.6);
    let gaps = result.gaps.unwrap();
    assert_eq!(gaps.count, 5);
    assert_eq!((gaps.median, gaps.p25, gaps.p75), (23.0, 19.0, 36.0));
    assert_close(gaps.p90, 56.4, 1e-12);
    assert_eq!(gaps.median_days_to_second_purchase, 23.0);
}

#[test]
fn b4_the_churn_risk_flag() {
    let ws = workspace(B_CSV);
    let result = run(&ws, &b_options());
    let c = &result.customers;
    let ids: Vec<&str> = c.customer.iter().map(|&code| ws.orders().customer.value(code)).collect();
    assert_eq!(ids, ["a", "b", "c", "d", "e"]);
    assert_eq!(c.purchase_days, [3, 1, 3, 1, 2]);
    assert_eq!(c.gap_days, [53.0, 23.0, 21.0, 23.0, 23.0]);
    assert_eq!(c.gap_source, [1, 0, 1, 0, 0]);
    assert_eq!(c.churn_risk, [0, 1, 1, 1, 0]);
    let recency = [11.0, 102.0, 47.0, 77.0, 29.0];
    for (k, want) in [11.0 / 53.0, 102.0 / 23.0, 47.0 / 21.0, 77.0 / 23.0, 29.0 / 23.0].iter().enumerate() {
        assert_close(c.risk_ratio[k], *want, 1e-12);
        assert_close(c.risk_ratio[k] * c.gap_days[k], recency[k], 1e-12);
    }
    assert_close(c.risk_ratio[0], 0.207547, 1e-6);
    assert_close(c.risk_ratio[1], 4.434783, 1e-6);
    let min_one = CohortOptions { churn_risk: ChurnRiskOptions { min_gaps: 1, ..Default::default() }, ..b_options() };
    let result = run(&ws, &min_one);
    assert_eq!((result.customers.gap_days[4], result.customers.gap_source[4]), (3.0, 1));
    assert_eq!(result.customers.churn_risk[4], 1);
    assert_close(result.customers.risk_ratio[4], 9.666667, 1e-6);
}

#[test]
fn b5_errors() {
    let single = "customer_id,order_date,amount\na,2024-01-05,10\nb,2024-02-01,20\nb,2024-02-01,5\n";
    let error = workspace(single).cohorts(&CohortOptions::default(), &ClvOptions::new(Day(0))).unwrap_err();
    assert_eq!(error.code(), "churn_no_repeat_purchases");
    assert!(error.to_string().contains("none of the 2 customers"), "{error}");
    let short = CohortOptions { at_risk_days: Some(20), ..b_options() };
    let error = workspace(B_CSV).cohorts(&short, &ClvOptions::new(Day(0))).unwrap_err();
    assert_eq!(error.code(), "invalid_option");
    assert!(error.to_string().starts_with("lifecycle.atRiskDays: 20 days"), "{error}");
    // Weeks need only 7.
    let weekly = CohortOptions { at_risk_days: Some(20), period: Period::Week, ..b_options() };
    assert!(workspace(B_CSV).cohorts(&weekly, &ClvOptions::new(Day(0))).is_ok());
    let daily = CohortOptions { period: Period::Day, ..b_options() };
    assert_eq!(workspace(B_CSV).cohorts(&daily, &ClvOptions::new(Day(0))).unwrap_err().code(), "invalid_option");
}

/// A seeded made-up export: 80 customers, 2023-01 … 2024-06, some returns and zero amounts, rows in no order.
fn made_up_csv() -> String {
    let mut next = seeded(0x2545_f491_4f6c_dd1d);
    let mut csv = String::from("customer_id,order_date,amount\n");
    let start = day("2023-01-01");
    for customer in 0..80 {
        let rows = 1 + next(9);
        let first = next(500) as i32;
        for _ in 0..rows {
            let date = start.plus(first + next(180) as i32 * (next(3) as i32));
            let amount = match next(10) {
                0 => -(next(50) as i64),
                1 => 0,
                _ => 1 + next(300) as i64,
            };
            csv.push_str(&format!("k{customer:03},{date},{amount}.25\n"));
        }
    }
    csv
}

/// The churn table counted from §12.2's definitions, period by period: (label, base, churned, new, reactivated).
fn churn_by_definition(csv: &str, d: Day, period: Period, l: i32) -> Vec<(String, u64, u64, u64, u64)> {
    let mut purchases: BTreeMap<&str, Vec<Day>> = BTreeMap::new();
    for line in csv.lines().skip(1) {
        let fields: Vec<&str> = line.split(',').collect();
        let (date, amount) = (day(fields[1]), fields[2].parse::<f64>().unwrap());
        if date < d && amount > 0.0 {
            purchases.entry(fields[0]).or_default().push(date);
        }
    }
    let last_before = |days: &[Day], s: Day| days.iter().copied().filter(|&x| x < s).max();
    let first = purchases.values().flatten().copied().min().unwrap();
    let mut out = Vec::new();
    let mut p = period.index(first);
    while period.start(p + 1) <= d {
        let (s, s_next) = (period.start(p), period.start(p + 1));
        let (mut base, mut churned, mut new, mut reactivated) = (0, 0, 0, 0);
        for days in purchases.values() {
            let bought_in_p = days.iter().any(|&x| x >= s && x < s_next);
            match last_before(days, s) {
                Some(last) if s.days_since(last) <= l => {
                    base += 1;
                    let lapsed_next = s_next.days_since(last_before(days, s_next).unwrap()) > l;
                    churned += u64::from(!bought_in_p && lapsed_next);
                }
                Some(_) => reactivated += u64::from(bought_in_p),
                None => new += u64::from(bought_in_p),
            }
        }
        out.push((period.label(p), base, churned, new, reactivated));
        p += 1;
    }
    out
}

#[test]
fn the_churn_table_is_its_definition_and_keeps_the_invariant_on_a_made_up_export() {
    let csv = made_up_csv();
    let ws = workspace(&csv);
    for (period, l, d) in [
        (Period::Month, 45, "2024-07-01"),
        (Period::Month, 31, "2024-06-17"),
        (Period::Month, 180, "2024-03-01"),
        (Period::Week, 7, "2024-06-17"),
        (Period::Week, 30, "2024-05-15"),
    ] {
        let options =
            CohortOptions { analysis_date: Some(day(d)), period, at_risk_days: Some(l), ..CohortOptions::default() };
        let result = run(&ws, &options);
        let got: Vec<(String, u64, u64, u64, u64)> = result
            .churn
            .iter()
            .map(|r| (r.period.clone(), r.base, r.churned, r.new_customers, r.reactivated))
            .collect();
        let want = churn_by_definition(&csv, day(d), period, l);
        assert_eq!(got, want, "{period:?} L = {l}, D = {d}");
        assert!(got.iter().any(|r| r.2 > 0) && got.iter().any(|r| r.4 > 0), "the export churns and reactivates");
        for pair in result.churn.windows(2) {
            let (p, next) = (&pair[0], &pair[1]);
            assert_eq!(next.base, p.base - p.churned + p.new_customers + p.reactivated, "{} {period:?}", p.period);
        }
        // The matrix: cohort sizes add up to the scored customers, and k = 0 is everyone.
        let sizes: u64 = result.cohorts.iter().map(|c| c.customers).sum();
        assert_eq!(sizes, result.customers.customer.len() as u64);
        assert!(result.cohorts.iter().all(|c| c.retention[0] == Some(1.0)));
        assert!(result.customers.gap_days.iter().all(|g| g.is_finite() && *g >= 1.0));
    }
}

#[test]
fn p_alive_flags_customers_under_the_threshold() {
    let csv = made_up_csv();
    let ws = workspace(&csv);
    let options = CohortOptions {
        analysis_date: Some(day("2024-07-01")),
        churn_risk: ChurnRiskOptions { method: ChurnRiskMethod::PAlive, threshold: 0.5, ..Default::default() },
        ..CohortOptions::default()
    };
    let mut clv = ClvOptions::new(Day(0));
    clv.min_customers = 10;
    clv.min_repeat_customers = 10;
    let result = ws.cohorts(&options, &clv).unwrap();
    let report = ws.clv(&ClvOptions { analysis_date: day("2024-07-01"), ..clv }, &Default::default()).unwrap();
    let p_alive: BTreeMap<u32, f64> =
        report.customer.iter().copied().zip(report.model.customers.p_alive.iter().copied()).collect();
    let c = &result.customers;
    for (k, code) in c.customer.iter().enumerate() {
        assert_eq!(c.churn_risk[k], u8::from(p_alive[code] < 0.5));
    }
    assert!(c.churn_risk.contains(&0) && c.churn_risk.contains(&1));
}
