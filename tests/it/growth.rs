//! `growthMatrix()` (analytics.md §17): every worked example of §17.5 (G1–G3), `by`, and the growth
//! decomposition as an identity on random files.

use crate::common::assert_close;
use clientele::analysis::growth::{GrowthOptions, GrowthResult, Matrix};
use clientele::date::Day;
use clientele::ingest::{load, LoadOptions};
use clientele::workspace::Workspace;
use proptest::prelude::*;

/// §17.5's rows (customer, product, date, amount), with a region for `by`.
const G_CSV: &str = "customer_id,product,order_date,amount,region
u1,A,2024-03-10,100,N
u1,A,2024-06-05,50,N
u1,B,2024-06-10,30,S
u2,B,2024-05-15,40,S
u2,C,2024-06-20,60,S
u3,A,2024-06-03,70,N
u3,C,2024-06-25,20,N
u4,B,2024-02-01,25,S
u4,B,2024-06-15,-25,S
";

fn day(text: &str) -> Day {
    Day::parse_iso(text).unwrap()
}

fn g_options() -> GrowthOptions {
    GrowthOptions { analysis_date: Some(day("2024-07-01")), period_days: 30, ..Default::default() }
}

fn run(csv: &str, options: &GrowthOptions) -> Result<GrowthResult, clientele::Error> {
    let ws: Workspace = load(csv.as_bytes(), &LoadOptions::default()).unwrap().into();
    ws.growth_matrix(options)
}

fn units(money: clientele::money::Money) -> i64 {
    assert_eq!(money.0 % 10_000, 0, "whole currency units in these examples");
    money.0 / 10_000
}

#[test]
fn s17_5_g1_cells() {
    let result = run(G_CSV, &g_options()).unwrap();
    assert_eq!((result.window.from, result.window.to), (day("2024-06-01"), day("2024-06-30")));
    assert_eq!((result.previous.from, result.previous.to), (day("2024-05-02"), day("2024-05-31")));
    assert_eq!(result.business, "product");
    let m = &result.matrix;
    let cells: Vec<(&str, &str, i64, u64, u64)> =
        m.cells.iter().map(|c| (c.customers, c.business, units(c.revenue), c.orders, c.customer_count)).collect();
    assert_eq!(
        cells,
        [
            ("existing", "existing", 55, 2, 1),
            ("existing", "new", 60, 1, 1),
            ("new", "existing", 70, 1, 1),
            ("new", "new", 20, 1, 1),
        ]
    );
    assert_eq!(m.cells[0].revenue_exact, "55.0000");
    assert_eq!((units(m.existing_existing.repeat), units(m.existing_existing.cross_sell)), (25, 30));
    assert_eq!(m.existing_existing.repeat_exact, "25.0000");
    assert_eq!(units(m.revenue_current), 205);
    for (cell, share) in m.cells.iter().zip([0.268293, 0.292683, 0.341463, 0.097561]) {
        assert_close(cell.share, share, 1e-6);
    }
    assert_close(m.cells[0].share, 55.0 / 205.0, 1e-12);
    assert_eq!(m.cells[3].label.en, "Diversification");
    assert!(result.warnings.is_empty(), "03-10 and earlier rows are history");
}

#[test]
fn s17_5_g2_growth_decomposition_and_counts() {
    let result = run(G_CSV, &g_options()).unwrap();
    let m = &result.matrix;
    assert_eq!((units(m.revenue_previous), units(m.growth)), (40, 165));
    assert_eq!(m.growth_exact, "165.0000");
    assert_close(m.growth_rate, 165.0 / 40.0, 1e-12);
    let contributions: Vec<i64> = m.cells.iter().map(|c| units(c.contribution)).collect();
    assert_eq!(contributions, [15, 60, 70, 20], "(55 − 40) + 60 + 70 + 20 = 165");
    for (cell, share) in m.cells.iter().zip([0.090909, 0.363636, 0.424242, 0.121212]) {
        assert_close(cell.contribution_share, share, 1e-6);
    }
    assert_close(m.cells[0].contribution_share, 15.0 / 165.0, 1e-12);
    let c = &m.counts;
    assert_eq!((c.existing_customers, c.new_customers), (2, 1), "u1, u2; u4 only returned");
    assert_eq!((c.existing_business, c.new_business), (2, 1), "A, B; C");
}

#[test]
fn s17_5_g3_errors() {
    let plain = "customer_id,order_date,amount,region\nu1,2024-03-10,100,N\n";
    let err = run(plain, &GrowthOptions::default()).unwrap_err();
    assert_eq!(err.code(), "growth_needs_business");
    // A named business column stands in for the roles.
    let by_region = run(plain, &GrowthOptions { business: Some("region".into()), ..Default::default() }).unwrap();
    assert_eq!(by_region.business, "region");
    let err = run(G_CSV, &GrowthOptions { period_days: 0, ..g_options() }).unwrap_err();
    assert_eq!(err.code(), "invalid_option");
    assert!(err.to_string().starts_with("period.days"), "{err}");
    let err = run(G_CSV, &GrowthOptions { business: Some("nope".into()), ..g_options() }).unwrap_err();
    assert_eq!(err.code(), "unknown_column");
}

#[test]
fn a_window_without_history_warns_and_everything_is_new() {
    let result = run(G_CSV, &GrowthOptions { period_days: 200, ..g_options() }).unwrap();
    assert_eq!(result.warnings.len(), 1);
    assert_eq!(result.warnings[0].code(), "growth_no_history");
    let m = &result.matrix;
    assert_eq!(units(m.cells[3].revenue), units(m.revenue_current), "new × new holds everything");
    assert_eq!((m.counts.existing_customers, m.counts.existing_business), (0, 0));
}

/// The identities of a matrix: cells add up to the window, contributions to the growth, repeat + cross-sell to
/// existing × existing.
fn assert_identities(m: &Matrix) {
    let cells: i64 = m.cells.iter().map(|c| c.revenue.0).sum();
    assert_eq!(cells, m.revenue_current.0);
    let contributions: i64 = m.cells.iter().map(|c| c.contribution.0).sum();
    assert_eq!(contributions, m.growth.0);
    assert_eq!(m.growth.0, m.revenue_current.0 - m.revenue_previous.0);
    assert_eq!(m.existing_existing.repeat.0 + m.existing_existing.cross_sell.0, m.cells[0].revenue.0);
}

#[test]
fn by_region_each_group_has_its_matrix_and_the_groups_add_up() {
    let result = run(G_CSV, &GrowthOptions { by: Some("region".into()), ..g_options() }).unwrap();
    let groups = result.groups.as_ref().unwrap();
    let keys: Vec<(&str, i64)> = groups.iter().map(|g| (g.key.as_str(), units(g.matrix.revenue_current))).collect();
    assert_eq!(keys, [("N", 140), ("S", 65)], "N: u1 A 50, u3 A 70, u3 C 20; S: u1 B 30, u2 C 60, u4 B −25");
    let s = &groups[1].matrix;
    assert_eq!(units(s.revenue_previous), 40);
    let cells: Vec<i64> = s.cells.iter().map(|c| units(c.revenue)).collect();
    assert_eq!(cells, [5, 60, 0, 0]);
    for g in groups {
        assert_identities(&g.matrix);
    }
    for k in 0..4 {
        let sum: i64 = groups.iter().map(|g| g.matrix.cells[k].revenue.0).sum();
        assert_eq!(sum, result.matrix.cells[k].revenue.0);
    }
    // top 1: N, then Other.
    let cut = run(G_CSV, &GrowthOptions { by: Some("region".into()), top: 1, ..g_options() }).unwrap();
    let kinds: Vec<(&str, &str)> = cut.groups.as_ref().unwrap().iter().map(|g| (g.key.as_str(), g.kind)).collect();
    assert_eq!(kinds, [("N", "value"), ("Other", "other")]);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn the_growth_decomposition_is_an_identity(
        lines in prop::collection::vec((0u8..5, prop::option::weighted(0.9, 0u8..4), 1u8..120, -30i64..100, 0u8..3), 1..40),
        period in 1u32..60,
    ) {
        let mut csv = String::from("customer_id,product,order_date,amount,region\n");
        for (customer, product, day, amount, region) in &lines {
            let date = Day::parse_iso("2024-01-01").unwrap().plus(i32::from(*day));
            let product = product.map_or(String::new(), |p| format!("P{p}"));
            csv.push_str(&format!("c{customer},{product},{date},{amount}.25,R{region}\n"));
        }
        let options = GrowthOptions { period_days: period, by: Some("region".into()), top: 2, ..Default::default() };
        let result = run(&csv, &options).unwrap();
        assert_identities(&result.matrix);
        let groups = result.groups.as_ref().unwrap();
        for g in groups {
            assert_identities(&g.matrix);
        }
        let previous: i64 = groups.iter().map(|g| g.matrix.revenue_previous.0).sum();
        prop_assert_eq!(previous, result.matrix.revenue_previous.0);
        for k in 0..4 {
            let sum: i64 = groups.iter().map(|g| g.matrix.cells[k].revenue.0).sum();
            prop_assert_eq!(sum, result.matrix.cells[k].revenue.0);
        }
    }
}
