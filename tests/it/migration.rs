//! `migration()` (analytics.md §13) through the workspace: every worked example of §13.4 (C1–C5).

use clientele::analysis::migration::{MigrationBy, MigrationOptions, MigrationResult};
use clientele::analysis::rfm::RfmOptions;
use clientele::date::Day;
use clientele::ingest::{load, LoadOptions};
use clientele::money::Money;
use clientele::workspace::Workspace;

/// §13.4's rows.
const C_CSV: &str = "customer_id,order_date,amount
p,2024-01-05,100
p,2024-02-20,100
q,2024-01-10,50
q,2024-03-20,60
r,2024-02-01,300
r,2024-02-25,20
r,2024-03-28,40
s,2024-01-02,10
s,2024-03-05,5
t,2024-02-10,80
u,2024-03-25,500
";

fn day(text: &str) -> Day {
    Day::parse_iso(text).unwrap()
}

fn workspace() -> Workspace {
    load(C_CSV.as_bytes(), &LoadOptions::default()).unwrap().into()
}

fn c_options(by: MigrationBy, lookback_days: Option<i32>) -> MigrationOptions {
    MigrationOptions {
        from: Some(day("2024-03-01")),
        to: Some(day("2024-04-01")),
        by,
        rfm: RfmOptions::default(),
        lookback_days,
    }
}

/// The non-empty cells as (row, column, customers, row share, revenue between in currency units).
fn cells(result: &MigrationResult) -> Vec<(String, String, u64, Option<f64>, i64)> {
    let mut out = Vec::new();
    for (r, row) in result.rows.iter().enumerate() {
        for (c, column) in result.columns.iter().enumerate() {
            let count = result.counts[r][c];
            if count > 0 {
                let revenue = result.revenue_between[r][c];
                assert_eq!(revenue.0 % 10_000, 0);
                assert_eq!(result.revenue_between_exact[r][c], revenue.exact_string());
                out.push((row.clone(), column.clone(), count, result.row_shares[r][c], revenue.0 / 10_000));
            }
        }
    }
    out.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    out
}

/// Each customer's (id, from, to) with `None` for new / none.
fn moves(ws: &Workspace, result: &MigrationResult) -> Vec<(String, Option<String>, Option<String>)> {
    let c = &result.customers;
    let (new_row, none_column) = (result.rows.len() - 1, result.columns.len() - 1);
    (0..c.customer.len())
        .map(|k| {
            let from = (c.from[k] as usize != new_row).then(|| result.rows[c.from[k] as usize].clone());
            let to = (c.to[k] as usize != none_column).then(|| result.columns[c.to[k] as usize].clone());
            (ws.orders().customer.value(c.customer[k]).to_string(), from, to)
        })
        .collect()
}

fn owned(rows: &[(&str, &str, u64, Option<f64>, i64)]) -> Vec<(String, String, u64, Option<f64>, i64)> {
    let mut out: Vec<_> = rows.iter().map(|&(a, b, n, s, m)| (a.to_string(), b.to_string(), n, s, m)).collect();
    out.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    out
}

fn some(name: &str) -> Option<String> {
    Some(name.to_string())
}

#[test]
fn c1_c2_segments_move_between_the_dates() {
    let ws = workspace();
    let result = ws.migration(&c_options(MigrationBy::Segment, None)).unwrap();
    assert_eq!((result.from, result.to, result.by), (day("2024-03-01"), day("2024-04-01"), "segment"));
    assert_eq!(result.rows.last().map(String::as_str), Some("new"));
    assert_eq!(result.columns.last().map(String::as_str), Some("none"));
    assert_eq!(result.rows[..result.rows.len() - 1], result.columns[..result.columns.len() - 1], "the same map");
    // C1: the states of every customer.
    assert_eq!(
        moves(&ws, &result),
        [
            ("p".to_string(), some("Loyal"), some("At Risk")),
            ("q".to_string(), some("Need Attention"), some("Need Attention")),
            ("r".to_string(), some("Champions"), some("Champions")),
            ("s".to_string(), some("Lost"), some("Need Attention")),
            ("t".to_string(), some("Need Attention"), some("Lost")),
            ("u".to_string(), None, some("Potential Loyalist")),
        ]
    );
    // C2: the matrix with row shares and revenue between the dates.
    assert_eq!(
        cells(&result),
        owned(&[
            ("Loyal", "At Risk", 1, Some(1.0), 0),
            ("Need Attention", "Need Attention", 1, Some(0.5), 60),
            ("Need Attention", "Lost", 1, Some(0.5), 0),
            ("Champions", "Champions", 1, Some(1.0), 40),
            ("Lost", "Need Attention", 1, Some(1.0), 5),
            ("new", "Potential Loyalist", 1, Some(1.0), 500),
        ])
    );
    let s = &result.summary;
    assert_eq!((s.stayed, s.moved, s.new, s.none, s.up, s.down), (2, 3, 1, 0, None, None));
    let row = result.rows.iter().position(|r| r == "new").unwrap();
    let column = result.columns.iter().position(|c| c == "Potential Loyalist").unwrap();
    assert_eq!(result.shares[row][column], Some(1.0 / 6.0));
    let empty_row = result.rows.iter().position(|r| r == "Hibernating").unwrap();
    assert!(result.row_shares[empty_row].iter().all(Option::is_none), "an empty row's shares are null");
}

#[test]
fn c3_by_lifecycle() {
    let ws = workspace();
    let result = ws.migration(&c_options(MigrationBy::Lifecycle, None)).unwrap();
    assert_eq!(
        cells(&result),
        owned(&[
            ("New", "Active", 2, Some(1.0), 40),
            ("Active", "Active", 3, Some(1.0), 65),
            ("new", "New", 1, Some(1.0), 500)
        ])
    );
}

#[test]
fn c4_a_lookback_of_30_days() {
    let ws = workspace();
    let result = ws.migration(&c_options(MigrationBy::Segment, Some(30))).unwrap();
    let third = Some(1.0 / 3.0);
    assert_eq!(
        cells(&result),
        owned(&[
            ("Need Attention", "none", 1, Some(1.0), 0),
            ("Lost", "none", 1, Some(1.0), 0),
            ("Loyal", "Potential Loyalist", 1, Some(1.0), 40),
            ("new", "Need Attention", 1, third, 60),
            ("new", "Lost", 1, third, 5),
            ("new", "Potential Loyalist", 1, third, 500),
        ])
    );
    let s = &result.summary;
    assert_eq!((s.stayed, s.moved, s.new, s.none), (0, 1, 3, 2));
    assert_eq!(result.lookback_days, Some(30));
    let ids: Vec<(String, Option<String>, Option<String>)> = moves(&ws, &result);
    assert_eq!(ids[0], ("p".to_string(), some("Need Attention"), None));
}

#[test]
fn tiers_count_moves_up_and_down() {
    let ws = workspace();
    let result = ws.migration(&c_options(MigrationBy::Tier, None)).unwrap();
    assert_eq!(result.rows[..4], ["VIP", "Major", "Ordinary", "Small"]);
    let tier = |k: usize, of: &[u16], names: &[String]| names[of[k] as usize].clone();
    let c = &result.customers;
    let (mut up, mut down, mut stayed) = (0, 0, 0);
    for k in 0..c.customer.len() {
        if c.from[k] as usize == result.rows.len() - 1 {
            continue;
        }
        let rank = |name: String| ["VIP", "Major", "Ordinary", "Small"].iter().position(|t| *t == name).unwrap();
        let (a, b) = (rank(tier(k, &c.from, &result.rows)), rank(tier(k, &c.to, &result.columns)));
        match b.cmp(&a) {
            std::cmp::Ordering::Less => up += 1,
            std::cmp::Ordering::Greater => down += 1,
            std::cmp::Ordering::Equal => stayed += 1,
        }
    }
    let s = &result.summary;
    assert_eq!((s.up, s.down, s.stayed), (Some(up), Some(down), stayed));
    assert_eq!(up + down, s.moved);
    let total: Money = result.revenue_between.iter().flatten().copied().sum();
    assert_eq!(total, Money(6_050_000), "every row of March: 60 + 40 + 5 + 500");
}

#[test]
fn c5_errors() {
    let ws = workspace();
    let same = MigrationOptions { from: Some(day("2024-03-01")), to: Some(day("2024-03-01")), ..Default::default() };
    let error = ws.migration(&same).unwrap_err();
    assert_eq!(error.code(), "invalid_option");
    assert!(error.to_string().starts_with("from: 2024-03-01 is not before to"), "{error}");
    let bounded = MigrationOptions {
        to: Some(day("2024-04-01")),
        rfm: RfmOptions { analysis_date: Some(day("2024-03-20")), ..RfmOptions::default() },
        ..Default::default()
    };
    assert!(ws.migration(&bounded).unwrap_err().to_string().starts_with("to: 2024-04-01 is after"));
    // Defaults: D2 = D (the day after the last row), D1 = D2 − 90 days, before any order: everyone is new.
    let result = ws.migration(&MigrationOptions::default()).unwrap();
    assert_eq!((result.from, result.to), (day("2023-12-30"), day("2024-03-29")));
    assert_eq!(result.summary.new, 6);
}
