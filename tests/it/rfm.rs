//! RFM through the public API with numbers worked out by hand (analytics.md §3–§7); the arithmetic is in the
//! comments.

use clientele::analysis::rfm::{rfm, Cn8Options, RfmOptions, RfmResult, ScoringMethod, SegmentMapChoice};
use clientele::date::Day;
use clientele::ingest::{load, LoadOptions};
use clientele::money::Money;

/// Seven customers: (id, recency days, orders, total). Each order is total/orders; the last one is D − recency
/// with D = 2024-04-01 (C1 buys on 2024-03-31, the latest date), earlier ones 7 days apart.
const SEVEN: [(&str, i32, u32, f64); 7] = [
    ("C1", 1, 5, 500.0),
    ("C2", 2, 3, 300.0),
    ("C3", 2, 2, 50.0),
    ("C4", 10, 2, 200.0),
    ("C5", 30, 1, 20.0),
    ("C6", 60, 1, 10.0),
    ("C7", 90, 1, 100.0),
];

fn csv_of(customers: &[(&str, i32, u32, f64)]) -> String {
    let d = Day::parse_iso("2024-04-01").unwrap();
    let mut csv = String::from("order_id,customer_id,order_date,amount\n");
    for (id, recency, orders, total) in customers {
        for k in 0..*orders {
            let day = d.plus(-recency - 7 * k as i32);
            csv.push_str(&format!("{id}-{k},{id},{day},{}\n", total / f64::from(*orders)));
        }
    }
    csv
}

fn run(text: &str, options: RfmOptions) -> RfmResult {
    let loaded = load(text.as_bytes(), &LoadOptions::default()).unwrap();
    rfm(&loaded.table, &options).unwrap()
}

fn segments(result: &RfmResult) -> Vec<&str> {
    result.customers.segment.iter().map(|&s| result.segments[usize::from(s)].name.as_str()).collect()
}

#[test]
fn seven_customers_five_bins() {
    let result = run(&csv_of(&SEVEN), RfmOptions::default());
    assert_eq!(result.analysis_date.to_string(), "2024-04-01");
    let c = &result.customers;
    assert_eq!(c.recency_days, vec![1, 2, 2, 10, 30, 60, 90]);
    // n = 7 (not divisible by B = 5). score = floor(worse × 5 / 7) + 1.
    // Recency, worse = larger: 1→6, 2→4 (tie: both 2s), 10→3, 30→2, 60→1, 90→0
    //   → ⌊30/7⌋+1 = 5, ⌊20/7⌋+1 = 3, ⌊15/7⌋+1 = 3, ⌊10/7⌋+1 = 2, ⌊5/7⌋+1 = 1, 1.
    assert_eq!(c.r, vec![5, 3, 3, 3, 2, 1, 1]);
    // Frequency 5 3 2 2 1 1 1, worse = smaller: 6, 5, 3, 3, 0 → 5, ⌊25/7⌋+1 = 4, ⌊15/7⌋+1 = 3, 3, 1, 1, 1.
    // The tie at 2 straddles ranks 4–5 and both take rank 4's score.
    assert_eq!(c.f, vec![5, 4, 3, 3, 1, 1, 1]);
    // Monetary 500 300 50 200 20 10 100, smaller: 6, 5, 2, 4, 1, 0, 3 → 5, 4, ⌊10/7⌋+1 = 2, ⌊20/7⌋+1 = 3, 1, 1, 3.
    assert_eq!(c.m, vec![5, 4, 2, 3, 1, 1, 3]);
    // FM = ⌈(F+M)/2⌉: 5, 4, ⌈5/2⌉ = 3, 3, 1, 1, ⌈4/2⌉ = 2 → cells 55 34 33 33 21 11 12.
    assert_eq!(
        segments(&result),
        ["Champions", "Loyal", "Potential Loyalist", "Potential Loyalist", "About To Sleep", "Lost", "Hibernating"]
    );
    // Tiers by total: 500 300 200 100 50 20 10; VIP k ≤ ⌈0.01 × 7⌉ = 1, Major k ≤ ⌈0.05 × 7⌉ = 1,
    // Ordinary k ≤ ⌈0.20 × 7⌉ = 2, Small the rest.
    let tiers: Vec<u64> = result.tiers.iter().map(|t| t.customers).collect();
    assert_eq!(tiers, vec![1, 0, 1, 5]);
    assert_eq!(result.tiers[0].revenue, Money(5_000_000));
    // Pareto: total 1180, 80 % = 944: 500 < 944, 800 < 944, 1000 ≥ 944 → 3 customers, 3/7.
    let pareto = result.pareto_point.unwrap();
    assert_eq!(pareto.customers, 3);
    assert!((pareto.share - 3.0 / 7.0).abs() < 1e-12);
    // Lifecycle: tenure = recency + 7 × (orders − 1): C1 29 → New (≤ 30); C2 16 New; C3 9 New; C4 17 New;
    // C5 30 New; C6 60, recency 60 → Active; C7 90 → Active (≤ 90).
    let stages: Vec<u64> = result.lifecycle.iter().map(|s| s.customers).collect();
    assert_eq!(stages, vec![5, 2, 0, 0]);
}

#[test]
fn three_and_seven_bins_map_to_the_five_grid() {
    // B = 3: R = ⌊worse × 3/7⌋+1 from worse 6 4 4 3 2 1 0 → 3 2 2 2 1 1 1; F from 6 5 3 3 0 0 0 → 3 3 2 2 1 1 1;
    // M from 6 5 2 4 1 0 3 → 3 3 1 2 1 1 2. Mapped by ⌈s × 5/3⌉ (1→2, 2→4, 3→5): R 5 4 4 4 2 2 2,
    // F 5 5 4 4 2 2 2, M 5 5 2 4 2 2 4; FM 5 5 3 4 2 2 3 → cells 55 45 43 44 22 22 23.
    let three = run(&csv_of(&SEVEN), RfmOptions { bins: 3, ..Default::default() });
    assert_eq!(three.customers.r, vec![3, 2, 2, 2, 1, 1, 1]);
    assert_eq!(
        segments(&three),
        ["Champions", "Champions", "Potential Loyalist", "Loyal", "Need Attention", "Need Attention", "Need Attention"]
    );
    // B = 7: R 7 5 5 4 3 2 1; F 7 6 4 4 1 1 1; M 7 6 3 5 2 1 4. ⌈s × 5/7⌉: 1→1 2→2 3→3 4→3 5→4 6→5 7→5:
    // R 5 4 4 3 3 2 1, F 5 5 3 3 1 1 1, M 5 5 3 4 2 1 3; FM 5 5 3 4 2 1 2 → 55 45 43 34 32 21 12.
    let seven = run(&csv_of(&SEVEN), RfmOptions { bins: 7, ..Default::default() });
    assert_eq!(seven.customers.m, vec![7, 6, 3, 5, 2, 1, 4]);
    assert_eq!(
        segments(&seven),
        ["Champions", "Champions", "Potential Loyalist", "Loyal", "Need Attention", "About To Sleep", "Hibernating"]
    );
}

#[test]
fn returns_reduce_value_and_return_only_customers_are_not_scored() {
    let text = "customer_id,order_date,amount\n\
                A,2024-01-10,40\nA,2024-01-20,-60\n\
                B,2024-01-05,-30\n\
                C,2024-01-15,25.10\n";
    let result = run(text, RfmOptions::default());
    assert_eq!((result.customers_scored, result.customers_unscored), (2, 1), "B only returned");
    // A: 40 − 60 = −20.0000 (negative monetary), recency from the purchase on 01-10: D = 01-21 → 11 days.
    assert_eq!(result.customers.monetary, vec![Money(-200_000), Money(251_000)]);
    assert_eq!(result.customers.recency_days, vec![11, 6]);
    // Total over scored customers: −20 + 25.10 = 5.10; A's share is −20 / 5.10.
    let a_segment = &result.segments[usize::from(result.customers.segment[0])];
    assert!(a_segment.revenue_share.unwrap() < 0.0);
    // Mean monetary: A −20 / 1 order; C 25.10 / 1.
    let mean = run(text, RfmOptions { monetary: clientele::analysis::rfm::MonetaryMode::Mean, ..Default::default() });
    assert_eq!(mean.customers.monetary, vec![Money(-200_000), Money(251_000)]);
}

#[test]
fn quantile_method_uses_r_type_7_thresholds_plus_one() {
    // Six customers (id, recency, orders, total): recency 5 5 10 20 40 100; orders 1 1 2 3 5 8; totals
    // 10 20 30 40 55.5 1000. n = 6, B = 5: h = (n − 1)k/5 = k exactly, so q_k is the k-th order statistic
    // (0-based). Frequency sorted 1 1 2 3 5 8: q = 1 2 3 5 → thresholds 2 3 4 6 → bins 1 1 2 3 4 5.
    // Monetary sorted 10 20 30 40 55.5 1000: q = 20 30 40 55.5 → 21 31 41 56.5 → bins 1 1 2 3 4 5.
    // Recency sorted 5 5 10 20 40 100: q = 5 10 20 40 → 6 11 21 41 → bins 1 1 2 3 4 5, reversed → 5 5 4 3 2 1.
    let customers = [
        ("Q1", 5, 1, 10.0),
        ("Q2", 5, 1, 20.0),
        ("Q3", 10, 2, 30.0),
        ("Q4", 20, 3, 40.0),
        ("Q5", 40, 5, 55.5), // five orders of 11.1
        ("Q6", 100, 8, 1000.0),
    ];
    let text = csv_of(&customers);
    let result = run(&text, RfmOptions { method: ScoringMethod::Quantile, ..Default::default() });
    let c = &result.customers;
    assert_eq!(c.monetary[4], Money(555_000));
    assert_eq!(c.f, vec![1, 1, 2, 3, 4, 5]);
    assert_eq!(c.m, vec![1, 1, 2, 3, 4, 5]);
    assert_eq!(c.r, vec![5, 5, 4, 3, 2, 1]);
}

#[test]
fn when_every_customer_ties_scores_are_one_and_a_warning_says_why() {
    let text = "customer_id,order_date,amount\nA,2024-01-10,5\nB,2024-01-10,5\nC,2024-01-10,5\n";
    let result = run(text, RfmOptions::default());
    assert_eq!(result.customers.r, vec![1, 1, 1]);
    assert_eq!(segments(&result), ["Lost", "Lost", "Lost"]);
    assert_eq!(result.warnings.len(), 3, "recency, frequency and monetary all tie");
    assert!(result.warnings.iter().all(|w| w.code() == "metric_all_tied"));
}

#[test]
fn cn_8_on_scores_against_the_mean() {
    // SEVEN with B = 5: R 5 3 3 3 2 1 1 (mean 18/7 ≈ 2.57), F 5 4 3 3 1 1 1 (mean 18/7), M 5 4 2 3 1 1 3 (mean 19/7
    // ≈ 2.71). High when ≥ mean: C1 HHH; C2 HHH; C3 H H L (M 2 < 2.71); C4 HHH; C5 L L L; C6 LLL; C7 L L H.
    let options = RfmOptions { segment_map: SegmentMapChoice::Cn8(Cn8Options::default()), ..Default::default() };
    let result = run(&csv_of(&SEVEN), options);
    assert_eq!(
        segments(&result),
        [
            "Important Value",
            "Important Value",
            "General Value",
            "Important Value",
            "General to Win Back",
            "General to Win Back",
            "Important to Win Back"
        ]
    );
    assert_eq!(result.segments[0].label.zh, "重要价值客户");
}

#[test]
fn options_are_checked_before_any_work() {
    let loaded = load(csv_of(&SEVEN).as_bytes(), &LoadOptions::default()).unwrap();
    let err = |options: RfmOptions| rfm(&loaded.table, &options).unwrap_err();
    let option_of = |e: clientele::Error| match e.kind() {
        clientele::ErrorKind::InvalidOption { option, .. } => option.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(option_of(err(RfmOptions { bins: 0, ..Default::default() })), "bins");
    assert_eq!(option_of(err(RfmOptions { bins: 11, ..Default::default() })), "bins");
    let not_ascending =
        ScoringMethod::Breakpoints { recency: vec![30.0, 10.0], frequency: vec![1.0, 2.0], monetary: vec![5.0, 9.0] };
    assert_eq!(
        option_of(err(RfmOptions { bins: 3, method: not_ascending, ..Default::default() })),
        "method.breakpoints.recency"
    );
    let before_every_order = Day::parse_iso("2024-01-01");
    assert_eq!(option_of(err(RfmOptions { analysis_date: before_every_order, ..Default::default() })), "analysisDate");
    assert_eq!(option_of(err(RfmOptions { tiers: vec![0.5, 0.4], ..Default::default() })), "tiers");
    let pymc = SegmentMapChoice::preset("pymc-5").unwrap();
    assert_eq!(option_of(err(RfmOptions { segment_map: pymc, ..Default::default() })), "bins", "pymc-5 needs B = 4");
    // An analysis date inside the data leaves the later rows out and reports them.
    let d = Day::parse_iso("2024-03-30");
    let result = rfm(&loaded.table, &RfmOptions { analysis_date: d, ..Default::default() }).unwrap();
    // Rows on or after 2024-03-30: C1's order on 03-31 and the orders of C2 and C3 on 03-30 (D − 2).
    assert_eq!(result.excluded.count, 3);
    assert_eq!(result.excluded.examples[0].line, 2);
}

#[test]
fn a_rule_named_like_the_remainder_is_a_segment_of_its_own() {
    use clientele::analysis::rfm::export::{customers_csv, ExportFilter};
    use clientele::analysis::rfm::segments::{Axes, CellBox, GridMap, Label, Rule};
    let other = || Label { en: "Other".into(), zh: "其他".into() };
    let rule = |segment: &str, r: [u8; 2], fm: [u8; 2]| Rule {
        segment: segment.into(),
        label: Some(other()),
        cells: vec![CellBox { r, f: fm, m: [1, 5] }],
    };
    // SEVEN's (R, FM) cells are 55 34 33 33 21 11 12 (seven_customers_five_bins). A rule named "Other" takes R 5
    // (C1), "Low" takes 11 and 12 (C6, C7); the remainder, also labelled "Other", has C2–C5.
    let map = GridMap {
        name: "mine".into(),
        axes: Axes::RFm,
        scale: 5,
        rescale: false,
        rules: vec![rule("Other", [5, 5], [1, 5]), rule("Low", [1, 1], [1, 2])],
        other: other(),
    };
    let loaded = load(csv_of(&SEVEN).as_bytes(), &LoadOptions::default()).unwrap();
    let options = RfmOptions { segment_map: SegmentMapChoice::Grid(map), ..Default::default() };
    let result = rfm(&loaded.table, &options).unwrap();
    let summary: Vec<(&str, u64, Money, bool)> =
        result.segments.iter().map(|s| (s.name.as_str(), s.customers, s.revenue, s.other)).collect();
    assert_eq!(
        summary,
        [
            ("Other", 1, Money(5_000_000), false),
            ("Low", 2, Money(1_100_000), false),
            ("Other", 4, Money(5_700_000), true), // 300 + 50 + 200 + 20
        ]
    );
    assert_eq!(result.customers.segment, vec![0, 2, 2, 2, 2, 1, 1]);
    // The export tells them apart by code; the name is the rule's segment.
    let rows = |filter: ExportFilter| customers_csv(&loaded.table, &result, &filter).unwrap().lines().count() - 1;
    assert_eq!(rows(ExportFilter { segment_code: Some(2), ..Default::default() }), 4);
    assert_eq!(rows(ExportFilter { segment_code: Some(0), ..Default::default() }), 1);
    assert_eq!(rows(ExportFilter { segment: Some("Other".into()), ..Default::default() }), 1);
    let err = customers_csv(&loaded.table, &result, &ExportFilter { segment_code: Some(3), ..Default::default() });
    assert_eq!(err.unwrap_err().code(), "invalid_option");
    // A map covering every cell has no remainder: no summary is flagged.
    assert!(run(&csv_of(&SEVEN), RfmOptions::default()).segments.iter().all(|s| !s.other));
}

#[test]
fn cells_and_scores_come_from_the_core() {
    let result = run(&csv_of(&SEVEN), RfmOptions::default());
    let c = &result.customers;
    // From seven_customers_five_bins: R 5 3 3 3 2 1 1, F 5 4 3 3 1 1 1, M 5 4 2 3 1 1 3.
    let cells: Vec<String> = (0..c.len()).map(|i| c.cell(i)).collect();
    assert_eq!(cells, ["555", "344", "332", "333", "211", "111", "113"]);
    let scores: Vec<u8> = (0..c.len()).map(|i| c.score(i)).collect();
    assert_eq!(scores, [15, 11, 8, 9, 4, 3, 5]);
    let (codes, names) = c.cell_codes();
    assert_eq!(names.len(), 125);
    // (r − 1)·25 + (f − 1)·5 + (m − 1): 555 → 124, 111 → 0.
    assert_eq!((codes[0], codes[5]), (124, 0));
    assert!((0..c.len()).all(|i| names[usize::from(codes[i])] == cells[i]));
    // B = 10: 1,000 cells, and a score of 10 takes two characters. Ten customers with 1..10 orders each.
    let ten: Vec<(String, i32, u32, f64)> = (1..=10).map(|k| (format!("K{k:02}"), 1, k, 10.0 * f64::from(k))).collect();
    let ten: Vec<(&str, i32, u32, f64)> = ten.iter().map(|(id, r, o, t)| (id.as_str(), *r, *o, *t)).collect();
    let result = run(&csv_of(&ten), RfmOptions { bins: 10, ..Default::default() });
    let c = &result.customers;
    // K10: 10 orders, the largest total, all tie on recency (score 1): "11010", score 21.
    assert_eq!((c.cell(9), c.score(9)), ("11010".to_string(), 21));
    let (codes, names) = c.cell_codes();
    assert_eq!(names.len(), 1000);
    assert!((0..c.len()).all(|i| names[usize::from(codes[i])] == c.cell(i)));
}

// Far-future or past analysis date (issue 17, point 7).
#[test]
fn a_far_analysis_date_is_warned_of() {
    let text = csv_of(&SEVEN); // 15 rows: last order 2024-03-31 (C1), first 2024-01-02 (C7), then 2024-02-01 (C6)
    let codes = |result: &RfmResult| result.warnings.iter().map(|w| w.code()).collect::<Vec<_>>();
    assert!(codes(&run(&text, RfmOptions::default())).is_empty(), "no warning at the default date");
    // C7's last order is 2024-01-02; 2024-06-30 is 90 days after C1's last: some are Lapsed (>180 days), not all.
    let day = |t: &str| Day::parse_iso(t);
    assert!(codes(&run(&text, RfmOptions { analysis_date: day("2024-06-30"), ..Default::default() })).is_empty());
    // Two years later everyone is Lapsed.
    let far = run(&text, RfmOptions { analysis_date: day("2026-04-01"), ..Default::default() });
    assert_eq!(codes(&far), ["all_lapsed"]);
    assert!(far.warnings[0].message().starts_with("all 7 customers last ordered more than 180 days before"));
    // 2024-02-02: 13 of 15 rows out (87 %), under 90 %: no warning.
    let before = run(&text, RfmOptions { analysis_date: day("2024-02-02"), ..Default::default() });
    assert_eq!(before.excluded.count, 13);
    assert_eq!(codes(&before), ["metric_all_tied"], "C6 and C7 have one order each; no date warning");
    // 2024-01-03: only C7's order remains, 14 of 15 rows out (93 %); one customer ties on every metric too.
    let early = run(&text, RfmOptions { analysis_date: day("2024-01-03"), ..Default::default() });
    assert_eq!(codes(&early), ["metric_all_tied", "metric_all_tied", "metric_all_tied", "most_rows_excluded"]);
    assert_eq!(
        early.warnings[3].message().split(':').next(),
        Some("14 of the file's 15 rows are on or after the analysis date and are left out")
    );
}
