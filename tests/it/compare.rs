//! Market comparison (analytics.md §8, §9) on small files whose every number is computed by hand in the comments:
//! one and two dimensions, an order spanning two products and two regions, `(blank)`, top N with `Other`,
//! previous-period and year-earlier windows around 29 February, zero and negative previous values, the change of
//! every metric (null where a share or index has no denominator), values literally written `Other` and `(blank)`,
//! and the driver decomposition adding up.

use crate::common::assert_close;
use clientele::analysis::compare::{compare, decompose, Baseline, CompareOptions, Group, KeyPart, Period};
use clientele::analysis::rfm::{rfm, RfmOptions};
use clientele::date::Day;
use clientele::ingest::{load, LoadOptions};
use clientele::money::Money;
use clientele::table::Table;
use clientele::ErrorKind;

/// D = 2024-03-06 (the day after the last row). Line numbers: header 1, rows 2–11.
///
/// | line | order | customer | date  | region  | product | qty | amount |
/// |------|-------|----------|-------|---------|---------|-----|--------|
/// | 2    | O1    | C1       | 03-01 | North   | Apple   | 2   | 20.00  |
/// | 3    | O1    | C1       | 03-01 | North   | Pear    | 1   | 5.50   |  O1 spans two products
/// | 4    | O2    | C2       | 03-02 | South   | Apple   | 1   | 10.00  |
/// | 5    | O3    | C1       | 03-03 | North   | Apple   | 3   | 30.00  |
/// | 6    | O4    | C3       | 03-03 | (blank) | Pear    | 1   | 7.00   |  O4 spans two regions
/// | 7    | O4    | C3       | 03-03 | West    | Apple   | 1   | 4.00   |  and two products
/// | 8    | R1    | C2       | 03-04 | South   | Apple   | -1  | -10.00 |  a return: never an order
/// | 9    | O5    | C4       | 03-04 | East    | Plum    | 4   | 12.00  |
/// | 10   | O6    | C5       | 03-05 | West    | Plum    | 1   | 3.00   |
/// | 11   | O7    | C2       | 03-05 | South   | Pear    | 2   | 11.00  |
const MARKETS: &str = "order_id,customer_id,order_date,region,product,quantity,amount\n\
                       O1,C1,2024-03-01,North,Apple,2,20.00\n\
                       O1,C1,2024-03-01,North,Pear,1,5.50\n\
                       O2,C2,2024-03-02,South,Apple,1,10.00\n\
                       O3,C1,2024-03-03,North,Apple,3,30.00\n\
                       O4,C3,2024-03-03,,Pear,1,7.00\n\
                       O4,C3,2024-03-03,West,Apple,1,4.00\n\
                       R1,C2,2024-03-04,South,Apple,-1,-10.00\n\
                       O5,C4,2024-03-04,East,Plum,4,12.00\n\
                       O6,C5,2024-03-05,West,Plum,1,3.00\n\
                       O7,C2,2024-03-05,South,Pear,2,11.00\n";

/// Period data, compared with `analysisDate` 2024-03-01 and 7 days: the current window is 2024-02-23 … 02-29
/// (it contains 29 February), the previous one 02-16 … 02-22, the year-earlier one 2023-02-23 … 2023-02-28.
///
/// | line | order | customer | date       | region | amount  | window                              |
/// |------|-------|----------|------------|--------|---------|-------------------------------------|
/// | 2    | O0    | C1       | 2023-02-22 | North  | 777.00  | none (the day before the year one)  |
/// | 3    | OY    | C1       | 2023-02-28 | North  | 50.00   | year-earlier                        |
/// | 4    | OZ    | C8       | 2023-03-01 | North  | 999.00  | none (the day after the year one)   |
/// | 5    | O4    | C7       | 2024-02-15 | North  | 1000.00 | none (the day before the previous)  |
/// | 6    | O1    | C1       | 2024-02-16 | North  | 80.00   | previous                            |
/// | 7    | O3    | C6       | 2024-02-18 | West   | 15.00   | previous                            |
/// | 8    | R2    | C6       | 2024-02-19 | West   | -15.00  | previous (West nets to 0)           |
/// | 9    | R1    | C3       | 2024-02-20 | South  | -25.00  | previous (South is negative)        |
/// | 10   | O2    | C5       | 2024-02-22 | North  | 20.00   | previous                            |
/// | 11   | O10   | C1       | 2024-02-23 | North  | 100.00  | current                             |
/// | 12   | O15   | C6       | 2024-02-24 | West   | 10.00   | current                             |
/// | 13   | O13   | C3       | 2024-02-25 | South  | 30.00   | current                             |
/// | 14   | O14   | C4       | 2024-02-26 | East   | 50.00   | current (East is new)               |
/// | 15   | O11   | C2       | 2024-02-29 | North  | 60.00   | current                             |
/// | 16   | O12   | C1       | 2024-02-29 | North  | 40.00   | current                             |
/// | 17   | O16   | C9       | 2024-03-01 | East   | 500.00  | on D: excluded                      |
const PERIODS: &str = "order_id,customer_id,order_date,region,amount\n\
                       O0,C1,2023-02-22,North,777.00\n\
                       OY,C1,2023-02-28,North,50.00\n\
                       OZ,C8,2023-03-01,North,999.00\n\
                       O4,C7,2024-02-15,North,1000.00\n\
                       O1,C1,2024-02-16,North,80.00\n\
                       O3,C6,2024-02-18,West,15.00\n\
                       R2,C6,2024-02-19,West,-15.00\n\
                       R1,C3,2024-02-20,South,-25.00\n\
                       O2,C5,2024-02-22,North,20.00\n\
                       O10,C1,2024-02-23,North,100.00\n\
                       O15,C6,2024-02-24,West,10.00\n\
                       O13,C3,2024-02-25,South,30.00\n\
                       O14,C4,2024-02-26,East,50.00\n\
                       O11,C2,2024-02-29,North,60.00\n\
                       O12,C1,2024-02-29,North,40.00\n\
                       O16,C9,2024-03-01,East,500.00\n";

fn table(csv: &str) -> Table {
    load(csv.as_bytes(), &LoadOptions::default()).unwrap().table
}

fn day(text: &str) -> Day {
    Day::parse_iso(text).unwrap()
}

fn by(names: &[&str]) -> CompareOptions {
    CompareOptions { by: names.iter().map(|s| s.to_string()).collect(), ..Default::default() }
}

fn money(text: &str) -> Money {
    clientele::money::parse_money(text, Default::default()).unwrap()
}

/// The groups' keys as text, parts joined by ` × `.
fn keys(groups: &[Group]) -> Vec<String> {
    groups.iter().map(|g| g.key.iter().map(KeyPart::text).collect::<Vec<_>>().join(" × ")).collect()
}

/// The one group whose key reads `key` (texts; no test here has two groups that read the same but this one's).
#[track_caller]
fn find<'a>(groups: &'a [Group], key: &[&str]) -> &'a Group {
    let mut matching = groups.iter().filter(|g| g.key.iter().map(KeyPart::text).eq(key.iter().copied()));
    let group = matching.next().unwrap_or_else(|| panic!("no group {key:?} in {:?}", keys(groups)));
    assert!(matching.next().is_none(), "two groups read {key:?}");
    group
}

/// Relative tolerance of the float comparisons: ratios of exact sums, computed in another order than here.
const REL: f64 = 1e-12;

/// (revenue, orders, customers, units) of a group's current window.
fn counts(g: &Group) -> (Money, u64, u64, Option<f64>) {
    (g.current.revenue, g.current.orders, g.current.customers, g.current.units)
}

#[test]
fn one_dimension_with_blank_and_an_order_in_two_groups() {
    let result = compare(&table(MARKETS), &by(&["region"])).unwrap();
    assert_eq!(result.analysis_date, day("2024-03-06"));
    assert_eq!((result.from, result.to), (Some(day("2024-03-01")), day("2024-03-05")));
    assert_eq!((result.previous_from, result.previous_to), (None, None));
    assert_eq!(result.excluded.count, 0);
    assert!(result.rows.is_none() && result.columns.is_none());
    // Revenue: North 20 + 5.50 + 30 = 55.50; East 12; South 10 − 10 + 11 = 11; West 4 + 3 = 7; (blank) 7.
    // (blank) and West tie at 7.00: by name, "(" (U+0028) comes before "W".
    assert_eq!(keys(&result.groups), ["North", "East", "South", "(blank)", "West"]);
    assert_eq!(result.groups[3].key, [KeyPart::Blank], "the empty cell of line 6");
    assert_eq!(result.groups[0].key, [KeyPart::Value("North".into())]);
    // Orders are distinct (customer, order) pairs with amount > 0: O4 counts once in (blank) and once in West.
    // Units include the return's −1.
    assert_eq!(counts(&result.groups[0]), (money("55.50"), 2, 1, Some(6.0))); // North: O1, O3 of C1; 2+1+3
    assert_eq!(counts(&result.groups[1]), (money("12.00"), 1, 1, Some(4.0))); // East
    assert_eq!(counts(&result.groups[2]), (money("11.00"), 2, 1, Some(2.0))); // South: O2, O7 of C2; 1−1+2
    assert_eq!(counts(&result.groups[3]), (money("7.00"), 1, 1, Some(1.0))); // (blank): O4 of C3
    assert_eq!(counts(&result.groups[4]), (money("7.00"), 2, 2, Some(2.0))); // West: O4 of C3, O6 of C5

    // Total: 92.50; orders O1…O7 = 7 (not 2+1+2+1+2 = 8); customers C1…C5 = 5; units 6+4+2+1+2 = 15.
    let total = &result.total.current;
    assert_eq!((total.revenue, total.orders, total.customers, total.units), (money("92.50"), 7, 5, Some(15.0)));
    assert_eq!(total.revenue_exact, "92.5000");
    assert_close(total.aov, 92.5 / 7.0, REL);
    assert_close(total.revenue_per_customer, 18.5, REL); // 92.50 ÷ 5
    assert_close(total.share, 1.0, REL);
    assert_close(total.aov_index, 100.0, REL);
    let north = &result.groups[0].current;
    assert_eq!(north.revenue_exact, "55.5000");
    assert_close(north.aov, 27.75, REL); // 55.50 ÷ 2
    assert_close(north.revenue_per_customer, 55.5, REL); // 55.50 ÷ 1
    assert_close(north.share, 55.5 / 92.5, REL); // 0.6
    assert_close(north.aov_index, 100.0 * 27.75 / (92.5 / 7.0), REL); // ≈ 210.0
    assert_close(north.revenue_per_customer_index, 100.0 * 55.5 / 18.5, REL); // 300
    let south = &result.groups[2].current;
    assert_close(south.aov, 5.5, REL); // 11.00 ÷ 2

    // No period: previous, change and drivers are null.
    assert!(result.groups.iter().all(|g| g.previous.is_none() && g.change.is_none() && g.drivers.is_none()));
    assert!(result.total.previous.is_none() && result.total.change.is_none());
}

#[test]
fn an_order_spanning_two_products_counts_once_in_each_and_once_in_the_total() {
    let result = compare(&table(MARKETS), &by(&["product"])).unwrap();
    assert_eq!(keys(&result.groups), ["Apple", "Pear", "Plum"]);
    // Apple: lines 2, 4, 5, 7, 8 = 20 + 10 + 30 + 4 − 10 = 54.00; orders O1, O2, O3, O4 = 4; customers C1, C2, C3;
    // units 2 + 1 + 3 + 1 − 1 = 6. AOV 13.50, revenue per customer 18.00.
    assert_eq!(counts(&result.groups[0]), (money("54.00"), 4, 3, Some(6.0)));
    assert_close(result.groups[0].current.aov, 13.5, REL);
    assert_close(result.groups[0].current.revenue_per_customer, 18.0, REL);
    // Pear: lines 3, 6, 11 = 5.50 + 7 + 11 = 23.50; orders O1, O4, O7; customers C1, C3, C2; units 1 + 1 + 2.
    assert_eq!(counts(&result.groups[1]), (money("23.50"), 3, 3, Some(4.0)));
    // Plum: lines 9, 10 = 12 + 3 = 15.00; orders O5, O6; units 4 + 1.
    assert_eq!(counts(&result.groups[2]), (money("15.00"), 2, 2, Some(5.0)));
    // 4 + 3 + 2 = 9 group orders, but O1 and O4 are each one order of the total: 7.
    assert_eq!(result.total.current.orders, 7);
    let sum: Money = result.groups.iter().map(|g| g.current.revenue).sum();
    assert_eq!(sum, result.total.current.revenue);
}

#[test]
fn top_n_puts_the_rest_in_other_with_distinct_counts_recomputed() {
    let options = CompareOptions { top: 3, ..by(&["region"]) };
    let result = compare(&table(MARKETS), &options).unwrap();
    assert_eq!(keys(&result.groups), ["North", "East", "South", "Other"]);
    // Other = (blank) + West: 7 + 7 = 14.00; orders {C3·O4, C5·O6} = 2 (the sum 1 + 2 would count O4 twice);
    // customers {C3, C5} = 2 (not 1 + 2); units 1 + 2.
    let other = &result.groups[3];
    assert_eq!(other.key, [KeyPart::Other]);
    assert_eq!(counts(other), (money("14.00"), 2, 2, Some(3.0)));
    assert_close(other.current.share, 14.0 / 92.5, REL);

    // Top 2: Other = South + (blank) + West = 11 + 7 + 7 = 25.00 (more than East's 12, still last);
    // orders O2, O7, O4, O6 = 4 (sum 5); customers C2, C3, C5 = 3 (sum 4).
    let result = compare(&table(MARKETS), &CompareOptions { top: 2, ..by(&["region"]) }).unwrap();
    assert_eq!(keys(&result.groups), ["North", "East", "Other"]);
    assert_eq!(counts(&result.groups[2]), (money("25.00"), 4, 3, Some(5.0)));

    // top ≥ the number of groups: no Other.
    let result = compare(&table(MARKETS), &CompareOptions { top: 5, ..by(&["region"]) }).unwrap();
    assert_eq!(result.groups.len(), 5);
}

#[test]
fn two_dimensions_give_cells_and_row_and_column_totals() {
    let result = compare(&table(MARKETS), &by(&["region", "product"])).unwrap();
    // Cells (region × product), by revenue:
    //   North × Apple  lines 2, 5     20 + 30 = 50.00   orders O1, O3   units 5
    //   East × Plum    line 9         12.00
    //   South × Pear   line 11        11.00
    //   (blank) × Pear line 6         7.00
    //   North × Pear   line 3         5.50
    //   West × Apple   line 7         4.00
    //   West × Plum    line 10        3.00
    //   South × Apple  lines 4, 8     10 − 10 = 0.00    orders O2 (the return is none)   units 0
    assert_eq!(
        keys(&result.groups),
        [
            "North × Apple",
            "East × Plum",
            "South × Pear",
            "(blank) × Pear",
            "North × Pear",
            "West × Apple",
            "West × Plum",
            "South × Apple"
        ]
    );
    assert_eq!(counts(&result.groups[0]), (money("50.00"), 2, 1, Some(5.0)));
    assert_eq!(counts(&result.groups[7]), (money("0.00"), 1, 1, Some(0.0)));
    assert_close(result.groups[7].current.aov, 0.0, REL);
    assert_close(result.groups[7].current.aov_index, 0.0, REL);
    // O1 is one order in North × Apple and one in North × Pear, and one in the North row.
    assert_eq!(find(&result.groups, &["North", "Pear"]).current.orders, 1);
    let rows = result.rows.as_ref().unwrap();
    let columns = result.columns.as_ref().unwrap();
    assert_eq!(keys(rows), ["North", "East", "South", "(blank)", "West"]);
    assert_eq!(keys(columns), ["Apple", "Pear", "Plum"]);
    assert_eq!(counts(&rows[0]), (money("55.50"), 2, 1, Some(6.0)));
    assert_eq!(counts(&columns[0]), (money("54.00"), 4, 3, Some(6.0)));
    assert_close(columns[1].current.share, 23.5 / 92.5, REL);
    assert_eq!(result.total.current.orders, 7);
    let cells: Money = result.groups.iter().map(|g| g.current.revenue).sum();
    assert_eq!(cells, money("92.50"));
}

#[test]
fn a_cross_table_keeps_each_dimension_s_own_top_n() {
    let options = CompareOptions { top: 2, ..by(&["region", "product"]) };
    let result = compare(&table(MARKETS), &options).unwrap();
    // Regions: North 55.50, East 12.00, then Other = South, (blank), West. Products: Apple 54.00, Pear 23.50,
    // then Other = Plum. Cells without Other first, by revenue; then the cells of Other rows or columns:
    //   North × Apple 50.00; North × Pear 5.50;
    //   Other × Pear  lines 6, 11       7 + 11 = 18.00   orders C3·O4, C2·O7   customers C3, C2
    //   East × Other  line 9            12.00
    //   Other × Apple lines 4, 7, 8     10 + 4 − 10 = 4.00   orders C2·O2, C3·O4   customers C2, C3
    //   Other × Other line 10           3.00
    assert_eq!(
        keys(&result.groups),
        ["North × Apple", "North × Pear", "Other × Pear", "East × Other", "Other × Apple", "Other × Other"]
    );
    assert_eq!(counts(&result.groups[2]), (money("18.00"), 2, 2, Some(3.0)));
    assert_eq!(counts(&result.groups[4]), (money("4.00"), 2, 2, Some(1.0)));
    let rows = result.rows.unwrap();
    assert_eq!(keys(&rows), ["North", "East", "Other"]);
    // The Other row: 25.00, orders O2, O7, O4, O6 = 4, customers C2, C3, C5 = 3 (recomputed from its rows).
    assert_eq!(counts(&rows[2]), (money("25.00"), 4, 3, Some(5.0)));
    assert_eq!(keys(&result.columns.unwrap()), ["Apple", "Pear", "Other"]);
}

#[test]
fn a_date_window_counts_every_row_in_it_including_returns() {
    let options = CompareOptions { from: Some(day("2024-03-03")), to: Some(day("2024-03-04")), ..by(&["region"]) };
    let result = compare(&table(MARKETS), &options).unwrap();
    // Lines 5–9: North 30, (blank) 7, West 4, South −10 (the return; C2 has no order in the window), East 12.
    assert_eq!((result.from, result.to), (Some(day("2024-03-03")), day("2024-03-04")));
    assert_eq!(keys(&result.groups), ["North", "East", "(blank)", "West", "South"]);
    let total = &result.total.current;
    assert_eq!((total.revenue, total.orders, total.customers), (money("43.00"), 3, 3)); // O3, O4, O5
    let south = &result.groups[4].current;
    assert_eq!((south.revenue, south.orders, south.customers), (money("-10.00"), 0, 0));
    assert_eq!((south.aov, south.revenue_per_customer, south.aov_index), (None, None, None));
    assert_close(south.share, -10.0 / 43.0, REL);
}

#[test]
fn a_window_with_no_rows_is_an_empty_result() {
    let options = CompareOptions { from: Some(day("2030-01-01")), ..by(&["region", "product"]) };
    let result = compare(&table(MARKETS), &options).unwrap();
    assert!(result.groups.is_empty());
    assert!(result.rows.as_ref().unwrap().is_empty());
    let total = &result.total.current;
    assert_eq!((total.revenue, total.orders, total.customers), (Money::ZERO, 0, 0));
    assert_eq!((total.aov, total.revenue_per_customer, total.share), (None, None, None));
    // An empty table too (a file whose every row is skipped is refused at load: unusable_column).
    let mut empty = table(MARKETS);
    empty.retain_rows(&vec![false; empty.len()]);
    let result = compare(&empty, &by(&["region"])).unwrap();
    assert!(result.groups.is_empty());
    assert_eq!(result.from, None);
}

#[test]
fn previous_period_with_29_february_zero_and_negative_previous_values() {
    let options = CompareOptions {
        analysis_date: Some(day("2024-03-01")),
        period: Some(Period { days: 7, vs: Baseline::Previous }),
        ..by(&["region"])
    };
    let result = compare(&table(PERIODS), &options).unwrap();
    // Current 2024-02-23 … 02-29 (D − 7 … D − 1), previous 02-16 … 02-22 (D − 14 … D − 8).
    assert_eq!((result.from, result.to), (Some(day("2024-02-23")), day("2024-02-29")));
    assert_eq!((result.previous_from, result.previous_to), (Some(day("2024-02-16")), Some(day("2024-02-22"))));
    assert_eq!(result.excluded.count, 1);
    assert_eq!(result.excluded.examples[0].line, 17);
    // Current: North 100 + 60 + 40 = 200 (29 February counts), East 50, South 30, West 10.
    assert_eq!(keys(&result.groups), ["North", "East", "South", "West"]);

    // North: current 200.00, 3 orders, 2 customers (C1, C2); previous 80 + 20 = 100.00, 2 orders, C1 and C5.
    let north = &result.groups[0];
    let previous = north.previous.as_ref().unwrap();
    assert_eq!((previous.revenue, previous.orders, previous.customers), (money("100.00"), 2, 2));
    let change = north.change.as_ref().unwrap();
    assert_close(change.revenue, 1.0, REL); // (200 − 100) ÷ 100
    assert_close(change.orders, 0.5, REL); // (3 − 2) ÷ 2
    assert_close(change.customers, 0.0, REL);
    assert_close(change.aov, (200.0 / 3.0 - 50.0) / 50.0, REL); // 66.67 vs 50: +1/3
    assert_close(change.revenue_per_customer, 1.0, REL); // 100 vs 50
    assert_eq!(change.units, None, "no quantity column");
    // Share 200 ÷ 290 against 100 ÷ 75; aov index 100 × (200 ÷ 3) ÷ (290 ÷ 6) against 100 × 50 ÷ 25 = 200; revenue
    // per customer index 100 × 100 ÷ 58 against 100 × 50 ÷ 25 = 200.
    let relative = |current: f64, previous: f64| (current - previous) / previous.abs();
    assert_close(change.share, relative(200.0 / 290.0, 100.0 / 75.0), REL);
    assert_close(change.aov_index, relative(100.0 * (200.0 / 3.0) / (290.0 / 6.0), 200.0), REL);
    assert_close(change.revenue_per_customer_index, relative(100.0 * 100.0 / 58.0, 200.0), REL);
    // Drivers: L = (200 − 100) ÷ ln 2; customers L·ln(2/2) = 0; orders per customer L·ln(1.5 / 1) = 58.496…;
    // AOV L·ln((200/3) / 50) = 41.503…; together 100.
    let d = north.drivers.as_ref().unwrap();
    let l = 100.0 / libm::log(2.0);
    assert_close(d.customers, 0.0, REL);
    assert_close(d.orders_per_customer, l * libm::log(1.5), REL);
    assert_close(d.aov, l * libm::log(4.0 / 3.0), REL);
    assert_close(d.customers + d.orders_per_customer + d.aov, 100.0, REL);

    // East is new: previous all zero, every change null (never infinite), no drivers.
    let east = &result.groups[1];
    let previous = east.previous.as_ref().unwrap();
    assert_eq!((previous.revenue, previous.orders, previous.customers), (Money::ZERO, 0, 0));
    assert_eq!((previous.aov, previous.share), (None, Some(0.0)));
    let change = east.change.as_ref().unwrap();
    assert_eq!((change.revenue, change.orders, change.customers, change.aov), (None, None, None, None));
    assert!(east.drivers.is_none());

    // South: previous −25.00 (a return only: 0 orders, 0 customers); (30 − (−25)) ÷ |−25| = +2.2, growth from a
    // negative base is positive. No previous orders: those changes are null, and so are the drivers.
    let south = &result.groups[2];
    assert_eq!(south.previous.as_ref().unwrap().revenue, money("-25.00"));
    assert_close(south.previous.as_ref().unwrap().share, -25.0 / 75.0, REL);
    let change = south.change.as_ref().unwrap();
    assert_close(change.revenue, 2.2, REL);
    assert_eq!((change.orders, change.customers, change.aov), (None, None, None));
    assert!(south.drivers.is_none());

    // West: previous 15 − 15 = 0.00 with 1 order of C6: revenue change null, orders and customers 0, AOV 0 → null.
    let west = &result.groups[3];
    let change = west.change.as_ref().unwrap();
    assert_eq!((change.revenue, change.aov, change.revenue_per_customer), (None, None, None));
    assert_close(change.orders, 0.0, REL);
    assert_close(change.customers, 0.0, REL);
    assert!(west.drivers.is_none());

    // Total: current 290.00, 6 orders, 5 customers (C1, C2, C6, C3, C4); previous 100 + 0 − 25 = 75.00, 3 orders
    // (O1, O3, O2), 3 customers (C1, C6, C5). The 1000.00 of 2024-02-15 is in neither window.
    let total = &result.total;
    let previous = total.previous.as_ref().unwrap();
    assert_eq!((total.current.revenue, total.current.orders, total.current.customers), (money("290.00"), 6, 5));
    assert_eq!((previous.revenue, previous.orders, previous.customers), (money("75.00"), 3, 3));
    let change = total.change.as_ref().unwrap();
    assert_close(change.revenue, 215.0 / 75.0, REL);
    assert_close(change.orders, 1.0, REL);
    assert_close(change.customers, 2.0 / 3.0, REL);
    assert_close(change.aov, (290.0 / 6.0 - 25.0) / 25.0, REL);
    assert_close(change.revenue_per_customer, (58.0 - 25.0) / 25.0, REL);
    // The total's share is 1 and its indexes 100 in both windows: no change.
    assert_close(change.share, 0.0, REL);
    assert_close(change.aov_index, 0.0, REL);
    assert_close(change.revenue_per_customer_index, 0.0, REL);
    // Drivers of the total: customers 3 → 5, orders per customer 1 → 1.2, AOV 25 → 48.33; they add up to 215.
    let d = total.drivers.as_ref().unwrap();
    let l = 215.0 / libm::log(290.0 / 75.0);
    assert_close(d.customers, l * libm::log(5.0 / 3.0), REL);
    assert_close(d.orders_per_customer, l * libm::log(1.2), REL);
    assert_close(d.customers + d.orders_per_customer + d.aov, 215.0, REL);
}

#[test]
fn a_year_earlier_maps_29_february_to_28_february() {
    let options = CompareOptions {
        analysis_date: Some(day("2024-03-01")),
        period: Some(Period { days: 7, vs: Baseline::Year }),
        ..by(&["region"])
    };
    let result = compare(&table(PERIODS), &options).unwrap();
    // 2024-02-23 … 2024-02-29 a year earlier: 2023-02-23 … 2023-02-28 (29 February → 28 February). Only line 3
    // (North, 50.00) is in it: 2023-02-22 and 2023-03-01 are just outside.
    assert_eq!((result.previous_from, result.previous_to), (Some(day("2023-02-23")), Some(day("2023-02-28"))));
    let total_previous = result.total.previous.as_ref().unwrap();
    assert_eq!((total_previous.revenue, total_previous.orders), (money("50.00"), 1));
    let north = find(&result.groups, &["North"]);
    let change = north.change.as_ref().unwrap();
    assert_close(change.revenue, 3.0, REL); // (200 − 50) ÷ 50
    assert_close(change.orders, 2.0, REL); // (3 − 1) ÷ 1
    assert_close(change.customers, 1.0, REL); // (2 − 1) ÷ 1

    // Drivers: L = 150 ÷ ln 4; customers L·ln 2 = 75; orders per customer L·ln 1.5; AOV L·ln(4/3); sum 150.
    let d = north.drivers.as_ref().unwrap();
    assert_close(d.customers, 75.0, REL);
    assert_close(d.orders_per_customer, 150.0 * libm::log(1.5) / libm::log(4.0), REL);
    assert_close(d.aov, 150.0 * libm::log(4.0 / 3.0) / libm::log(4.0), REL);
    assert_close(d.customers + d.orders_per_customer + d.aov, 150.0, REL);
    // The other regions had nothing a year earlier.
    for key in ["East", "South", "West"] {
        let g = find(&result.groups, &[key]);
        assert_eq!(g.previous.as_ref().unwrap().revenue, Money::ZERO);
        assert_eq!(g.change.as_ref().unwrap().revenue, None);
    }

    // A current window starting on 29 February: D = 2024-03-08, 8 days → 2024-02-29 … 03-07, a year earlier
    // 2023-02-28 … 2023-03-07.
    let options = CompareOptions {
        analysis_date: Some(day("2024-03-08")),
        period: Some(Period { days: 8, vs: Baseline::Year }),
        ..by(&["region"])
    };
    let result = compare(&table(PERIODS), &options).unwrap();
    assert_eq!(result.from, Some(day("2024-02-29")));
    assert_eq!((result.previous_from, result.previous_to), (Some(day("2023-02-28")), Some(day("2023-03-07"))));
    // 2023-02-28 (50.00) and 2023-03-01 (999.00) are in it.
    assert_eq!(result.total.previous.as_ref().unwrap().revenue, money("1049.00"));
}

#[test]
fn groups_only_in_the_previous_window_are_listed_with_zero_current_revenue() {
    // Previous-period, 3 days, D = 2024-02-23: current 02-20 … 02-22 (South −25, North 20), previous 02-17 … 02-19
    // (West 15 − 15 = 0; nothing else).
    let options = CompareOptions {
        analysis_date: Some(day("2024-02-23")),
        period: Some(Period { days: 3, vs: Baseline::Previous }),
        ..by(&["region"])
    };
    let result = compare(&table(PERIODS), &options).unwrap();
    // West has rows only in the previous window: listed, current revenue 0.00, ranked by it (0 before −25).
    assert_eq!(keys(&result.groups), ["North", "West", "South"]);
    let west = &result.groups[1];
    assert_eq!((west.current.revenue, west.current.orders), (Money::ZERO, 0));
    assert_eq!(west.previous.as_ref().unwrap().orders, 1);
    assert_close(west.change.as_ref().unwrap().orders, -1.0, REL);
}

#[test]
fn computed_dimensions_come_from_the_rfm_analysis() {
    let t = table(MARKETS);
    // Monetary totals: C1 55.50, C4 12.00, C2 11.00, C3 11.00, C5 3.00. With n = 5 the pyramid puts rank 1 in
    // VIP (k ≤ ceil(0.01 × 5) = 1), and Major / Ordinary are also bounded by 1: everyone else is Small.
    let result = compare(&t, &by(&["tier"])).unwrap();
    assert_eq!(keys(&result.groups), ["VIP", "Small"]);
    // VIP = C1: 55.50, orders O1, O3. Small: 92.50 − 55.50 = 37.00, orders O2, O7, O4, O5, O6, customers 4.
    assert_eq!(counts(&result.groups[0]), (money("55.50"), 2, 1, Some(6.0)));
    assert_eq!(counts(&result.groups[1]), (money("37.00"), 5, 4, Some(9.0)));
    // Every customer's first purchase is within 30 days of D: all New.
    let result = compare(&t, &by(&["lifecycle"])).unwrap();
    assert_eq!(keys(&result.groups), ["New"]);
    // Segments agree with the RFM result's revenue per segment (all rows are before D, everyone is scored).
    let segments = compare(&t, &by(&["segment", "region"])).unwrap();
    let scored = rfm(&t, &RfmOptions::default()).unwrap();
    for s in scored.segments.iter().filter(|s| s.customers > 0) {
        let row = find(segments.rows.as_ref().unwrap(), &[s.name.as_str()]);
        assert_eq!((row.current.revenue, row.current.customers), (s.revenue, s.customers), "{}", s.name);
    }
    // A customer with only a return cannot be scored: (blank).
    let t = table("customer_id,order_date,amount\nC1,2024-03-01,10\nC2,2024-03-02,20\nC9,2024-03-03,-5\n");
    let result = compare(&t, &by(&["tier"])).unwrap();
    let blank = find(&result.groups, &["(blank)"]);
    assert_eq!((blank.current.revenue, blank.current.orders, blank.current.customers), (money("-5"), 0, 0));
}

#[test]
fn bad_options_are_clear_errors() {
    let t = table(MARKETS);
    let err = compare(&t, &by(&["nope"])).unwrap_err();
    assert_eq!(err.code(), "unknown_column");
    match err.kind() {
        ErrorKind::UnknownColumn { option, column, columns } => {
            assert_eq!((option.as_str(), column.as_str()), ("by", "nope"));
            assert_eq!(columns, &["region", "product", "segment", "tier", "lifecycle"]);
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("\"region\", \"product\", \"segment\""), "{err}");
    // A role column is not a dimension.
    assert_eq!(compare(&t, &by(&["amount"])).unwrap_err().code(), "unknown_column");
    let invalid = |options: CompareOptions| match compare(&t, &options).unwrap_err().kind() {
        ErrorKind::InvalidOption { option, .. } => option.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(invalid(by(&["region", "product", "region"])), "by");
    assert_eq!(invalid(CompareOptions { top: 0, ..by(&["region"]) }), "top");
    let backwards = CompareOptions { from: Some(day("2024-03-05")), to: Some(day("2024-03-01")), ..by(&["region"]) };
    assert_eq!(invalid(backwards), "from");
    let early = CompareOptions { analysis_date: Some(day("2024-03-01")), ..by(&["region"]) };
    assert_eq!(invalid(early), "analysisDate", "on or before the first order");
}

/// Regions literally written `Other` and `(blank)`, next to empty cells and a remainder past the top 4.
/// D = 2024-03-06.
///
/// | line | order | customer | date  | region    | amount  |
/// |------|-------|----------|-------|-----------|---------|
/// | 2    | O1    | C1       | 03-01 | North     | 100.00  |
/// | 3    | O2    | C2       | 03-01 | "Other"   | 50.00   |
/// | 4    | O3    | C3       | 03-02 | "(blank)" | 40.00   |
/// | 5    | O4    | C4       | 03-02 | empty     | 30.00   |
/// | 6    | O5    | C5       | 03-03 | South     | 20.00   |
/// | 7    | O6    | C6       | 03-03 | East      | 10.00   |
/// | 8    | O7    | C2       | 03-04 | "Other"   | 5.00    |
/// | 9    | O8    | C7       | 03-04 | empty     | 12.00   |
/// | 10   | R1    | C4       | 03-05 | empty     | -2.00   |
const LOOKALIKES: &str = "order_id,customer_id,order_date,region,amount\n\
                          O1,C1,2024-03-01,North,100.00\n\
                          O2,C2,2024-03-01,Other,50.00\n\
                          O3,C3,2024-03-02,(blank),40.00\n\
                          O4,C4,2024-03-02,,30.00\n\
                          O5,C5,2024-03-03,South,20.00\n\
                          O6,C6,2024-03-03,East,10.00\n\
                          O7,C2,2024-03-04,Other,5.00\n\
                          O8,C7,2024-03-04,,12.00\n\
                          R1,C4,2024-03-05,,-2.00\n";

#[test]
fn values_written_other_or_blank_are_groups_of_their_own() {
    let result = compare(&table(LOOKALIKES), &CompareOptions { top: 4, ..by(&["region"]) }).unwrap();
    let value = |v: &str| vec![KeyPart::Value(v.into())];
    // Revenue: North 100; "Other" 50 + 5 = 55; "(blank)" 40; the blank group 30 + 12 − 2 = 40; South 20; East 10.
    // Top 4: North, "Other", then "(blank)" and the blank group tie at 40.00 (same text: the value first); South
    // and East form the remainder (30.00), listed last although it has more revenue than the blank group.
    let listed: Vec<&[KeyPart]> = result.groups.iter().map(|g| &g.key[..]).collect();
    assert_eq!(
        listed,
        [&value("North")[..], &value("Other"), &value("(blank)"), &[KeyPart::Blank], &[KeyPart::Other]],
        "{:?}",
        keys(&result.groups)
    );
    // The texts are as before structured keys, so two pairs read the same; the kinds tell them apart.
    assert_eq!(keys(&result.groups), ["North", "Other", "(blank)", "(blank)", "Other"]);
    let kinds: Vec<&str> = result.groups.iter().map(|g| g.key[0].kind()).collect();
    assert_eq!(kinds, ["value", "value", "value", "blank", "other"]);
    let numbers: Vec<(Money, u64, u64)> =
        result.groups.iter().map(|g| (g.current.revenue, g.current.orders, g.current.customers)).collect();
    assert_eq!(
        numbers,
        [
            (money("100.00"), 1, 1), // North: O1 of C1
            (money("55.00"), 2, 1),  // "Other": O2 and O7, both of C2
            (money("40.00"), 1, 1),  // "(blank)": O3 of C3
            (money("40.00"), 2, 2),  // blank cells: O4 of C4, O8 of C7 (R1 is a return)
            (money("30.00"), 2, 2),  // the remainder: South O5 of C5, East O6 of C6
        ]
    );
    assert_close(result.groups[1].current.share, 55.0 / 265.0, REL);
    assert_eq!((result.total.current.revenue, result.total.current.orders), (money("265.00"), 8));

    // With every group kept there is no remainder, and "Other" is an ordinary value ranked by its revenue.
    let result = compare(&table(LOOKALIKES), &by(&["region"])).unwrap();
    assert_eq!(keys(&result.groups), ["North", "Other", "(blank)", "(blank)", "South", "East"]);
    assert!(result.groups.iter().all(|g| g.key[0] != KeyPart::Other));

    // In a cross table each part keeps its kind. Regions: "Other" 50 (kept, top 1), then the remainder (North 9,
    // South 7); products: the blank group 50 (kept), then the remainder (Pear 16).
    let csv = "customer_id,order_date,region,product,amount\nC1,2024-03-01,Other,,50\nC2,2024-03-01,North,Pear,9\n\
               C3,2024-03-01,South,Pear,7\n";
    let result = compare(&table(csv), &CompareOptions { top: 1, ..by(&["region", "product"]) }).unwrap();
    assert_eq!(keys(&result.groups), ["Other × (blank)", "Other × Other"]);
    let kinds = |groups: &[Group]| -> Vec<Vec<&str>> {
        groups.iter().map(|g| g.key.iter().map(KeyPart::kind).collect()).collect()
    };
    assert_eq!(kinds(&result.groups), [["value", "blank"], ["other", "other"]]);
    assert_eq!(result.groups[1].current.revenue, money("16"));
    let rows = result.rows.as_ref().unwrap();
    assert_eq!((keys(rows), kinds(rows)), (vec!["Other".into(), "Other".into()], vec![vec!["value"], vec!["other"]]));
    assert_eq!(kinds(result.columns.as_ref().unwrap()), [["blank"], ["other"]]);
}

/// Windows where a share or index has no denominator. Period of 7 days before D = 2024-03-15: current
/// 03-08 … 03-14, previous 03-01 … 03-07; with 3 days before D = 2024-03-04: current 03-01 … 03-03 (no revenue:
/// a sale and its return), previous 02-26 … 02-28 (no orders: only a return).
///
/// | line | order | customer | date  | region | qty | amount |
/// |------|-------|----------|-------|--------|-----|--------|
/// | 2    | R2    | C2       | 02-27 | South  | -1  | -5.00  |
/// | 3    | O1    | C1       | 03-02 | North  | 1   | 10.00  |
/// | 4    | R1    | C1       | 03-03 | South  | -1  | -10.00 |
/// | 5    | O2    | C1       | 03-09 | North  | 2   | 30.00  |
/// | 6    | O3    | C2       | 03-10 | South  | 1   | 10.00  |
/// | 7    | O4    | C3       | 03-11 | North  | 1   | 20.00  |
const NO_DENOMINATOR: &str = "order_id,customer_id,order_date,region,quantity,amount\n\
                              R2,C2,2024-02-27,South,-1,-5.00\n\
                              O1,C1,2024-03-02,North,1,10.00\n\
                              R1,C1,2024-03-03,South,-1,-10.00\n\
                              O2,C1,2024-03-09,North,2,30.00\n\
                              O3,C2,2024-03-10,South,1,10.00\n\
                              O4,C3,2024-03-11,North,1,20.00\n";

#[test]
fn change_covers_every_metric_and_is_null_where_a_share_or_index_has_no_denominator() {
    let options = CompareOptions {
        analysis_date: Some(day("2024-03-15")),
        period: Some(Period { days: 7, vs: Baseline::Previous }),
        ..by(&["region"])
    };
    let result = compare(&table(NO_DENOMINATOR), &options).unwrap();
    assert_eq!(keys(&result.groups), ["North", "South"]);
    // Current: North 30 + 20 = 50.00 (O2, O4; C1, C3; 3 units), South 10.00 (O3; C2; 1 unit); total 60.00, 3 orders,
    // 3 customers: aov 20, revenue per customer 20. Previous: North 10.00 (O1, C1, 1 unit), South −10.00 (a return:
    // no order, −1 unit); total 0.00 with 1 order and 1 customer: overall aov and revenue per customer 0.
    let north = &result.groups[0];
    let (current, previous) = (&north.current, north.previous.as_ref().unwrap());
    assert_close(current.share, 50.0 / 60.0, REL);
    assert_close(current.aov_index, 125.0, REL); // 100 × 25 ÷ 20
    assert_close(current.revenue_per_customer_index, 125.0, REL);
    // No revenue in the previous window: no share; overall aov 0: no index (never 0 or infinite).
    assert_eq!((previous.share, previous.aov_index, previous.revenue_per_customer_index), (None, None, None));
    assert_close(previous.aov, 10.0, REL);
    let change = north.change.as_ref().unwrap();
    assert_close(change.revenue, 4.0, REL); // (50 − 10) ÷ 10
    assert_close(change.orders, 1.0, REL); // (2 − 1) ÷ 1
    assert_close(change.customers, 1.0, REL); // (2 − 1) ÷ 1
    assert_close(change.units, 2.0, REL); // (3 − 1) ÷ 1
    assert_close(change.aov, 1.5, REL); // (25 − 10) ÷ 10
    assert_close(change.revenue_per_customer, 1.5, REL); // (25 − 10) ÷ 10
    assert_eq!((change.share, change.aov_index, change.revenue_per_customer_index), (None, None, None));
    let south = &result.groups[1];
    let previous = south.previous.as_ref().unwrap();
    assert_eq!((previous.aov, previous.revenue_per_customer, previous.share), (None, None, None));
    let change = south.change.as_ref().unwrap();
    assert_close(change.revenue, 2.0, REL); // (10 − (−10)) ÷ |−10|
    assert_close(change.units, 2.0, REL); // (1 − (−1)) ÷ |−1|
    assert_eq!((change.orders, change.customers, change.aov, change.revenue_per_customer), (None, None, None, None));
    assert_eq!((change.share, change.aov_index, change.revenue_per_customer_index), (None, None, None));
    // The total: share 1 and indexes 100 now; null before (no revenue, overall aov 0), so their changes are null.
    let total = &result.total;
    let previous = total.previous.as_ref().unwrap();
    assert_close(total.current.share, 1.0, REL);
    assert_close(total.current.aov_index, 100.0, REL);
    assert_close(total.current.revenue_per_customer_index, 100.0, REL);
    assert_eq!((previous.share, previous.aov_index, previous.revenue_per_customer_index), (None, None, None));
    let change = total.change.as_ref().unwrap();
    assert_eq!((change.revenue, change.units, change.aov, change.revenue_per_customer), (None, None, None, None));
    assert_close(change.orders, 2.0, REL); // (3 − 1) ÷ 1
    assert_close(change.customers, 2.0, REL);
    assert_eq!((change.share, change.aov_index, change.revenue_per_customer_index), (None, None, None));

    // 3 days before D = 2024-03-04. Current: North 10.00 (O1), South −10.00 (R1): no revenue, 1 order, overall aov
    // 0. Previous: South −5.00 (R2): no order at all, so no aov, revenue per customer or index; its share is
    // −5 ÷ −5 = 1 (a total that is not 0).
    let options = CompareOptions {
        analysis_date: Some(day("2024-03-04")),
        period: Some(Period { days: 3, vs: Baseline::Previous }),
        ..by(&["region"])
    };
    let result = compare(&table(NO_DENOMINATOR), &options).unwrap();
    assert_eq!(keys(&result.groups), ["North", "South"]);
    for group in &result.groups {
        let current = &group.current;
        assert_eq!(current.share, None, "{:?}: no revenue in the window", group.key);
        assert_eq!((current.aov_index, current.revenue_per_customer_index), (None, None), "{:?}", group.key);
        let change = group.change.as_ref().unwrap();
        assert_eq!((change.share, change.aov_index, change.revenue_per_customer_index), (None, None, None));
    }
    assert_close(result.groups[0].current.aov, 10.0, REL);
    let south = &result.groups[1];
    let previous = south.previous.as_ref().unwrap();
    assert_close(previous.share, 1.0, REL);
    assert_eq!((previous.orders, previous.aov, previous.aov_index), (0, None, None));
    assert_eq!(previous.revenue_per_customer_index, None);
    assert_close(south.change.as_ref().unwrap().revenue, -1.0, REL); // (−10 − (−5)) ÷ |−5|
    let total = &result.total;
    assert_eq!((total.current.share, total.current.aov_index), (None, None), "no revenue, overall aov 0");
    let previous = total.previous.as_ref().unwrap();
    assert_close(previous.share, 1.0, REL);
    assert_eq!((previous.aov_index, previous.revenue_per_customer_index), (None, None), "no orders");
    let change = total.change.as_ref().unwrap();
    assert_eq!((change.share, change.aov_index, change.revenue_per_customer_index), (None, None, None));
    assert_eq!(change.orders, None, "no previous orders");
}

#[test]
fn drivers_add_up_to_the_revenue_change() {
    // 100.00 from 4 customers, 5 orders → 180.00 from 6 customers, 9 orders.
    let d = decompose((1_800_000, 9, 6), (1_000_000, 5, 4)).unwrap();
    assert_close(d.customers + d.orders_per_customer + d.aov, 80.0, REL);
    // L = 80 ÷ ln 1.8; customers: L × ln 1.5; orders per customer: L × ln(1.5 ÷ 1.25); aov: L × ln(20 ÷ 20) = 0.
    let l = 80.0 / libm::log(1.8);
    assert_close(d.customers, l * libm::log(1.5), REL);
    assert_close(d.orders_per_customer, l * libm::log(1.2), REL);
    assert_close(d.aov, 0.0, REL);
    // Equal revenue still splits into offsetting drivers: 100 from 2 customers × 1 order × 50 → 100 from
    // 4 customers × 1 order × 25, with L(100, 100) = 100.
    let d = decompose((1_000_000, 4, 4), (1_000_000, 2, 2)).unwrap();
    assert_close(d.customers, 100.0 * libm::log(2.0), REL);
    assert_close(d.orders_per_customer, 0.0, REL);
    assert_close(d.aov, -100.0 * libm::log(2.0), REL);
    // Only with positive revenue, orders and customers in both windows.
    assert_eq!(decompose((1_000_000, 1, 1), (0, 0, 0)), None);
    assert_eq!(decompose((1_000_000, 1, 1), (-50_000, 1, 1)), None);
    assert_eq!(decompose((-1, 1, 1), (50_000, 1, 1)), None);
}

mod against_a_naive_count {
    //! compare() against a direct computation of §8/§9 with sets, on random small files: shared and scattered
    //! order ids, blank ids and values, returns, zero amounts, top N, windows and both period comparisons.

    use super::*;
    use proptest::prelude::*;
    use std::collections::{BTreeMap, BTreeSet};

    /// Whether a day is in a window.
    type Within = Box<dyn Fn(Day) -> bool>;
    /// A key part written independently of [`KeyPart`]: (kind, text) with kind 0 a value, 1 the blank group, 2 the
    /// rest past the top N, so that sorting the tuples is the contract's order (text, then values first).
    type Part = (u8, String);
    /// A line's value of a dimension.
    type Value = Box<dyn Fn(&Line) -> Part>;
    /// Where a group must be: after the groups without a part past the top N, by revenue, then key.
    type Placed = (bool, std::cmp::Reverse<Money>, Vec<(String, u8)>);

    /// The model's key part as the core's.
    fn key_part((kind, text): &Part) -> KeyPart {
        match kind {
            0 => KeyPart::Value(text.clone()),
            1 => KeyPart::Blank,
            _ => KeyPart::Other,
        }
    }

    #[derive(Clone, Debug)]
    struct Line {
        order: String,
        customer: String,
        day: Day,
        region: String,
        product: String,
        quantity: i64,
        cents: i64,
    }

    fn line() -> impl Strategy<Value = Line> {
        (
            prop::sample::select(vec!["", "O1", "O2", "O3", "O4", "O5", "O6"]),
            prop::sample::select(vec!["C1", "C2", "C3", "C4"]),
            (prop::bool::ANY, 0i32..30),
            // Values literally written like the remainder and the blank group are groups of their own.
            prop::sample::select(vec!["", "N", "S", "E", "W", "Z", "Other", "(blank)"]),
            prop::sample::select(vec!["", "p", "q", "r"]),
            -2i64..4,
            prop::sample::select(vec![-2500i64, -100, 0, 1, 999, 1000, 4550, 12000]),
        )
            .prop_map(|(order, customer, (year, day), region, product, quantity, cents)| Line {
                order: order.into(),
                customer: customer.into(),
                // 10 February + 0…29 days, in 2023 or 2024 (so through 29 February 2024).
                day: Day::from_ymd(if year { 2024 } else { 2023 }, 2, 10).unwrap().plus(day),
                region: region.into(),
                product: product.into(),
                quantity,
                cents,
            })
    }

    fn csv(lines: &[Line]) -> String {
        let mut text = String::from("order_id,customer_id,order_date,region,product,quantity,amount\n");
        for l in lines {
            let amount =
                format!("{}{}.{:02}", if l.cents < 0 { "-" } else { "" }, l.cents.abs() / 100, l.cents.abs() % 100);
            text +=
                &format!("{},{},{},{},{},{},{}\n", l.order, l.customer, l.day, l.region, l.product, l.quantity, amount);
        }
        text
    }

    /// (revenue in cents, orders, customers, units, rows) of some lines.
    fn naive(lines: &[(usize, &Line)]) -> (i64, u64, u64, i64, u64) {
        let mut orders = BTreeSet::new();
        let mut customers = BTreeSet::new();
        for (i, l) in lines {
            if l.cents > 0 {
                // A blank order id is an order of its own.
                let id = if l.order.is_empty() { format!("#{i}") } else { l.order.clone() };
                orders.insert((l.customer.clone(), id));
                customers.insert(l.customer.clone());
            }
        }
        let revenue = lines.iter().map(|(_, l)| l.cents).sum();
        let units = lines.iter().map(|(_, l)| l.quantity).sum();
        (revenue, orders.len() as u64, customers.len() as u64, units, lines.len() as u64)
    }

    fn got(m: &clientele::analysis::compare::Metrics) -> (i64, u64, u64, i64) {
        (m.revenue.0 / 100, m.orders, m.customers, m.units.unwrap().round() as i64)
    }

    /// The top-N part of each value of a dimension: itself, or the rest past the top N.
    fn top_names(
        lines: &[Line],
        value: &dyn Fn(&Line) -> Part,
        top: usize,
        current: &dyn Fn(Day) -> bool,
        previous: &dyn Fn(Day) -> bool,
    ) -> BTreeMap<Part, Part> {
        let mut revenue: BTreeMap<Part, i64> = BTreeMap::new();
        for l in lines.iter().filter(|l| current(l.day) || previous(l.day)) {
            *revenue.entry(value(l)).or_default() += if current(l.day) { l.cents } else { 0 };
        }
        let mut ranked: Vec<(Part, i64)> = revenue.into_iter().collect();
        // By revenue, ties by text, then a value before the blank group.
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| (&a.0 .1, a.0 .0).cmp(&(&b.0 .1, b.0 .0))));
        let keep = ranked.len() <= top;
        ranked
            .iter()
            .enumerate()
            .map(|(k, (name, _))| (name.clone(), if keep || k < top { name.clone() } else { (2, "Other".into()) }))
            .collect()
    }

    fn check(lines: &[Line], options: &CompareOptions) -> Result<(), TestCaseError> {
        let result = compare(&table(&csv(lines)), options).unwrap();
        let d = result.analysis_date;
        let (current, previous): (Within, Within) = match options.period {
            Some(p) => {
                let p = p.days as i32;
                let prev = match options.period.unwrap().vs {
                    Baseline::Previous => (d.plus(-2 * p), d.plus(-p - 1)),
                    Baseline::Year => (d.plus(-p).year_earlier(), d.plus(-1).year_earlier()),
                };
                (Box::new(move |x| x >= d.plus(-p) && x < d), Box::new(move |x| x >= prev.0 && x <= prev.1))
            }
            None => {
                let (from, to) = (options.from.unwrap_or(Day(i32::MIN)), options.to.unwrap_or(d));
                (Box::new(move |x| x >= from && x <= to && x < d), Box::new(|_| false))
            }
        };
        let blank = |s: &str| if s.is_empty() { (1, "(blank)".to_string()) } else { (0, s.to_string()) };
        let dims: Vec<Value> = options
            .by
            .iter()
            .map(|name| -> Value {
                match name.as_str() {
                    "region" => Box::new(move |l: &Line| blank(&l.region)),
                    _ => Box::new(move |l: &Line| blank(&l.product)),
                }
            })
            .collect();
        let names: Vec<BTreeMap<Part, Part>> =
            dims.iter().map(|dim| top_names(lines, dim.as_ref(), options.top, &*current, &*previous)).collect();
        let key = |l: &Line| -> Vec<Part> { dims.iter().zip(&names).map(|(dim, n)| n[&dim(l)].clone()).collect() };
        let indexed: Vec<(usize, &Line)> = lines.iter().enumerate().collect();
        let window = |inside: &dyn Fn(Day) -> bool, of: &dyn Fn(&Line) -> bool| -> Vec<(usize, &Line)> {
            indexed.iter().filter(|(_, l)| inside(l.day) && of(l)).copied().collect()
        };
        // The total.
        let want = naive(&window(&*current, &|_| true));
        prop_assert_eq!(got(&result.total.current), (want.0, want.1, want.2, want.3));
        if options.period.is_some() {
            let want = naive(&window(&*previous, &|_| true));
            prop_assert_eq!(got(result.total.previous.as_ref().unwrap()), (want.0, want.1, want.2, want.3));
        }
        // Groups or cells, then row and column totals.
        let mut lists = vec![(&result.groups, None)];
        if let (Some(rows), Some(columns)) = (&result.rows, &result.columns) {
            lists.push((rows, Some(0)));
            lists.push((columns, Some(1)));
        }
        for (groups, part) in lists {
            let of = |l: &Line| -> Vec<Part> {
                let k = key(l);
                match part {
                    Some(p) => vec![k[p].clone()],
                    None => k,
                }
            };
            let model = |key: &[Part]| -> Vec<KeyPart> { key.iter().map(key_part).collect() };
            let expected: BTreeSet<Vec<Part>> =
                lines.iter().filter(|l| current(l.day) || previous(l.day)).map(&of).collect();
            let expected: Vec<Vec<KeyPart>> = expected.iter().map(|k| model(k)).collect();
            let mut listed: Vec<Vec<KeyPart>> = groups.iter().map(|g| g.key.clone()).collect();
            listed.sort_by_key(|k| k.iter().map(|p| (p.text().to_string(), p.kind())).collect::<Vec<_>>());
            let mut expected = expected;
            expected.sort_by_key(|k| k.iter().map(|p| (p.text().to_string(), p.kind())).collect::<Vec<_>>());
            prop_assert_eq!(&listed, &expected, "each key once");
            for g in groups.iter() {
                let want = naive(&window(&*current, &|l| model(&of(l)) == g.key));
                prop_assert_eq!(got(&g.current), (want.0, want.1, want.2, want.3), "{:?}", g.key);
                if let Some(p) = &g.previous {
                    let want = naive(&window(&*previous, &|l| model(&of(l)) == g.key));
                    prop_assert_eq!(got(p), (want.0, want.1, want.2, want.3), "previous {:?}", g.key);
                }
            }
            // Sorted by revenue, ties by key (text, then a value before the blank group before the rest), groups
            // with a part past the top N last.
            let order: Vec<Placed> = groups
                .iter()
                .map(|g| {
                    let rank = |p: &KeyPart| match p {
                        KeyPart::Value(_) => 0,
                        KeyPart::Blank => 1,
                        KeyPart::Other => 2,
                    };
                    let key = g.key.iter().map(|p| (p.text().to_string(), rank(p))).collect();
                    (g.key.contains(&KeyPart::Other), std::cmp::Reverse(g.current.revenue), key)
                })
                .collect();
            let mut sorted = order.clone();
            sorted.sort();
            prop_assert_eq!(order, sorted);
        }
        Ok(())
    }

    fn options() -> impl Strategy<Value = CompareOptions> {
        (
            prop::sample::select(vec![
                vec!["region"],
                vec!["product"],
                vec!["region", "product"],
                vec!["product", "region"],
            ]),
            1usize..5,
            prop::option::of((1u32..25, prop::bool::ANY)),
            prop::option::of(0i32..40),
        )
            .prop_map(|(names, top, period, from)| CompareOptions {
                by: names.iter().map(|s| s.to_string()).collect(),
                top,
                period: period
                    .map(|(days, year)| Period { days, vs: if year { Baseline::Year } else { Baseline::Previous } }),
                from: if period.is_none() { from.map(|f| Day::from_ymd(2024, 1, 20).unwrap().plus(f)) } else { None },
                ..Default::default()
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        #[test]
        fn every_number_matches(mut lines in prop::collection::vec(line(), 1..40), options in options(), sort in prop::bool::ANY) {
            if sort {
                // Lines of an order one after another, as exports list them (the fast path).
                lines.sort_by(|a, b| (a.order.is_empty(), &a.order, &a.customer).cmp(&(b.order.is_empty(), &b.order, &b.customer)));
            }
            check(&lines, &options)?;
        }
    }
}

// Window coverage (issue 17, point 5).
#[test]
fn coverage_counts_the_days_of_each_window_that_have_rows() {
    let options = CompareOptions {
        analysis_date: Some(day("2024-03-01")),
        period: Some(Period { days: 7, vs: Baseline::Previous }),
        ..by(&["region"])
    };
    let coverage = compare(&table(PERIODS), &options).unwrap().coverage;
    // Current 02-23 … 02-29: rows on the 23rd, 24th, 25th, 26th and 29th; previous 02-16 … 02-22: the 16th, 18th,
    // 19th, 20th and 22nd.
    assert_eq!((coverage.current_days_with_rows, coverage.current_days), (5, 7));
    assert_eq!((coverage.previous_days_with_rows, coverage.previous_days), (Some(5), Some(7)));
    // A year earlier (2023-02-23 … 02-28): one day with a row, of six.
    let year = CompareOptions { period: Some(Period { days: 7, vs: Baseline::Year }), ..options.clone() };
    let coverage = compare(&table(PERIODS), &year).unwrap().coverage;
    assert_eq!((coverage.previous_days_with_rows, coverage.previous_days), (Some(1), Some(6)));
    // A window before the file's first day: no day with a row.
    let early = CompareOptions { period: Some(Period { days: 400, vs: Baseline::Previous }), ..options };
    let coverage = compare(&table(PERIODS), &early).unwrap().coverage;
    assert_eq!((coverage.previous_days_with_rows, coverage.previous_days), (Some(0), Some(400)));
    // Without a period: the window from the first day with a row to D − 1, no previous window.
    let all = compare(&table(PERIODS), &by(&["region"])).unwrap().coverage;
    assert_eq!(all.previous_days, None);
    // 2023-02-22 … 2024-03-01 (D is the day after the last row): 374 days, 15 of them with rows.
    assert_eq!((all.current_days_with_rows, all.current_days), (15, 374));
}
