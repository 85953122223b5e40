//! `affinity()` (analytics.md §15): every worked example of §15.7 (E1–E4), day baskets, classes, and a property
//! test against a brute-force count on random baskets.

use crate::common::assert_close;
use clientele::analysis::affinity::{affinity, AffinityLevel, AffinityOptions, AffinityResult, BasketKind};
use clientele::analysis::resolve_analysis_date;
use clientele::date::Day;
use clientele::ingest::{load, LoadOptions};
use clientele::table::{Table, NO_TEXT};
use clientele::workspace::Workspace;
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// §15.7's rows (order, customer, product, amount), one day each.
const E_CSV: &str = "order_id,customer_id,order_date,product,amount
o1,c1,2024-03-01,A,10
o1,c1,2024-03-01,B,20
o2,c1,2024-03-02,A,10
o2,c1,2024-03-02,C,5
o3,c2,2024-03-03,A,10
o3,c2,2024-03-03,B,20
o3,c2,2024-03-03,C,5
o4,c3,2024-03-04,B,20
o4,c3,2024-03-04,C,5
o5,c3,2024-03-05,B,20
o5,c3,2024-03-05,B,-20
o5,c3,2024-03-05,D,15
o6,c4,2024-03-06,A,10
o7,c4,2024-03-07,A,-10
o8,c5,2024-03-08,C,5
";

fn workspace(csv: &str) -> Workspace {
    load(csv.as_bytes(), &LoadOptions::default()).unwrap().into()
}

fn run(csv: &str, options: &AffinityOptions) -> AffinityResult {
    workspace(csv).affinity(options).unwrap()
}

/// (a, b, baskets, support, confidenceAB, confidenceBA, lift) of the returned pairs.
fn pairs(result: &AffinityResult) -> Vec<(String, String, u64)> {
    result.pairs.iter().map(|p| (p.a.clone(), p.b.clone(), p.baskets)).collect()
}

fn names(list: &[(&str, &str, u64)]) -> Vec<(String, String, u64)> {
    list.iter().map(|(a, b, n)| (a.to_string(), b.to_string(), *n)).collect()
}

#[test]
fn s15_7_e1_order_baskets_net_returns_and_rank_pairs_by_lift_count_then_names() {
    let result = run(E_CSV, &AffinityOptions::default());
    assert_eq!((result.level, result.basket, result.column.as_str()), ("product", "order", "product"));
    assert_eq!(result.baskets, 7, "o5 = {{D}} (B netted out), o7 empty");
    let items: Vec<(&str, u64)> = result.items.iter().map(|i| (i.item.as_str(), i.baskets)).collect();
    assert_eq!(items, [("A", 4), ("C", 4), ("B", 3), ("D", 1)], "by baskets, ties by name");
    assert_eq!(pairs(&result), names(&[("A", "B", 2), ("B", "C", 2), ("A", "C", 2)]));
    let [ab, bc, ac] = &result.pairs[..] else { panic!("three pairs") };
    for p in [ab, bc, ac] {
        assert_close(p.support, 2.0 / 7.0, 1e-12);
    }
    assert_close(ab.confidence_ab, 0.5, 1e-12);
    assert_close(ab.confidence_ba, 2.0 / 3.0, 1e-12);
    assert_close(ab.lift, 7.0 / 6.0, 1e-12);
    assert_close(bc.confidence_ab, 2.0 / 3.0, 1e-12);
    assert_close(bc.confidence_ba, 0.5, 1e-12);
    assert_close(bc.lift, 7.0 / 6.0, 1e-12);
    assert_close(ac.confidence_ab, 0.5, 1e-12);
    assert_close(ac.confidence_ba, 0.5, 1e-12);
    assert_close(ac.lift, 14.0 / 16.0, 1e-12);
    assert_eq!(result.pairs_kept, 3);
}

#[test]
fn s15_7_e2_customer_baskets() {
    let options = AffinityOptions { basket: Some(BasketKind::Customer), ..Default::default() };
    let result = run(E_CSV, &options);
    assert_eq!(result.basket, "customer");
    assert_eq!(result.baskets, 4, "c4's A nets to 0");
    // Lift 1.333 first, then the two of lift 1 by baskets (B–C 3 before A–C 2).
    assert_eq!(pairs(&result), names(&[("A", "B", 2), ("B", "C", 3), ("A", "C", 2)]));
    let [ab, bc, ac] = &result.pairs[..] else { panic!("B–D and C–D have 1 basket < minCount") };
    assert_close(ab.support, 0.5, 1e-12);
    assert_close(ab.confidence_ab, 1.0, 1e-12);
    assert_close(ab.confidence_ba, 2.0 / 3.0, 1e-12);
    assert_close(ab.lift, 4.0 / 3.0, 1e-12);
    assert_close(bc.support, 0.75, 1e-12);
    assert_close(bc.confidence_ab, 1.0, 1e-12);
    assert_close(bc.confidence_ba, 0.75, 1e-12);
    assert_close(bc.lift, 1.0, 1e-12);
    assert_close(ac.support, 0.5, 1e-12);
    assert_close(ac.confidence_ab, 1.0, 1e-12);
    assert_close(ac.confidence_ba, 0.5, 1e-12);
    assert_close(ac.lift, 1.0, 1e-12);
    // With minCount 1 the D pairs come back.
    let all = run(E_CSV, &AffinityOptions { min_count: 1, ..options });
    assert_eq!(all.pairs_kept, 5);
}

/// (customer, next item, confidence, lift).
fn next_items(result: &AffinityResult, table: &Table) -> Vec<(String, Option<String>, f64, f64)> {
    let c = &result.customers;
    let column = &table.dimensions[result.dimension].values;
    (0..c.customer.len())
        .map(|k| {
            let item = (c.next_item[k] != NO_TEXT).then(|| column.value(c.next_item[k]).to_string());
            (table.customer.value(c.customer[k]).to_string(), item, c.confidence[k], c.lift[k])
        })
        .collect()
}

#[test]
fn s15_7_e3_next_product_per_customer() {
    let ws = workspace(E_CSV);
    let result = ws.affinity(&AffinityOptions::default()).unwrap();
    let next = next_items(&result, ws.orders());
    let ids: Vec<&str> = next.iter().map(|n| n.0.as_str()).collect();
    assert_eq!(ids, ["c1", "c2", "c3", "c4", "c5"]);
    assert_eq!((next[0].1.as_deref(), next[0].2, next[0].3), (None, 0.0, 0.0), "c1 owns A, B, C; D has no pair");
    assert_eq!(next[1].1, None, "c2 likewise");
    assert_eq!(next[2].1.as_deref(), Some("A"), "c3: B→A 0.666667 beats C→A 0.5");
    assert_close(next[2].2, 2.0 / 3.0, 1e-12);
    assert_close(next[2].3, 7.0 / 6.0, 1e-12);
    assert_eq!((next[3].1.as_deref(), next[3].2), (None, 0.0), "c4 owns nothing");
    assert_eq!(next[4].1.as_deref(), Some("B"), "c5: C→A and C→B both 0.5; lift 1.166667 beats 0.875");
    assert_close(next[4].2, 0.5, 1e-12);
    assert_close(next[4].3, 7.0 / 6.0, 1e-12);
}

#[test]
fn s15_7_e4_errors() {
    let plain = workspace("customer_id,order_date,region,amount\nc1,2024-03-01,N,5\n");
    let err = plain.affinity(&AffinityOptions::default()).unwrap_err();
    assert_eq!(err.code(), "affinity_needs_product");
    assert!(err.to_string().contains("\"region\""), "{err}");
    let err = workspace(E_CSV).affinity(&AffinityOptions { top: 5_000, ..Default::default() }).unwrap_err();
    assert_eq!(err.code(), "invalid_option");
    assert!(err.to_string().starts_with("top"), "{err}");
    let category = AffinityOptions { level: Some(AffinityLevel::Category), ..Default::default() };
    assert_eq!(workspace(E_CSV).affinity(&category).unwrap_err().code(), "affinity_needs_product");
    for bad in [
        AffinityOptions { min_support: 1.5, ..Default::default() },
        AffinityOptions { min_count: 0, ..Default::default() },
        AffinityOptions { top: 0, ..Default::default() },
    ] {
        assert_eq!(workspace(E_CSV).affinity(&bad).unwrap_err().code(), "invalid_option");
    }
}

#[test]
fn day_baskets_are_the_default_without_an_order_column_and_category_stands_in_for_product() {
    // c1 buys A and B on one day, A again the next; c2 buys A and B on one day; blank items are not items.
    let csv = "customer_id,order_date,category,amount\nc1,2024-03-01,A,1\nc2,2024-03-01,A,1\nc1,2024-03-02,A,1\n\
               c1,2024-03-01,B,1\nc2,2024-03-01,B,1\nc2,2024-03-01,,4\n";
    let result = run(csv, &AffinityOptions::default());
    assert_eq!((result.level, result.basket), ("category", "day"));
    assert_eq!(result.baskets, 3);
    assert_eq!(result.blank_item_rows, 1);
    assert_eq!(pairs(&result), names(&[("A", "B", 2)]));
    assert_close(result.pairs[0].lift, 1.0, 1e-12);
    // A window that leaves out 03-01: one basket, no pair.
    let late = run(csv, &AffinityOptions { from: Some(Day::parse_iso("2024-03-02").unwrap()), ..Default::default() });
    assert_eq!((late.baskets, late.pairs.len()), (1, 0));
}

#[test]
fn a_credit_note_filed_as_its_own_order_leaves_the_original_order_alone() {
    // o1 buys A and B; o2 returns B alone: o1 keeps B; with customer baskets it nets.
    let csv = "order_id,customer_id,order_date,product,amount\no1,c1,2024-03-01,A,1\no1,c1,2024-03-01,B,1\n\
               o2,c1,2024-03-02,B,-1\no3,c2,2024-03-01,A,1\no3,c2,2024-03-01,B,1\n";
    let by_order = run(csv, &AffinityOptions::default());
    assert_eq!(pairs(&by_order), names(&[("A", "B", 2)]));
    let by_customer = run(csv, &AffinityOptions { basket: Some(BasketKind::Customer), ..Default::default() });
    assert_eq!(by_customer.pairs_kept, 0, "c1 = {{A}} once B nets out: one basket with the pair");
}

#[test]
fn next_products_are_counted_per_segment() {
    let result = run(E_CSV, &AffinityOptions::default());
    assert_eq!(result.recommend_by, "segment");
    let total: u64 = result.recommendations.iter().map(|c| c.customers).sum();
    assert_eq!(total, 5, "every customer is scored (c4 bought A before returning it)");
    let chosen: BTreeMap<&str, u64> = result
        .recommendations
        .iter()
        .flat_map(|c| c.items.iter().map(|i| (i.item.as_str(), i.customers)))
        .fold(BTreeMap::new(), |mut m, (item, n)| {
            *m.entry(item).or_default() += n;
            m
        });
    assert_eq!(chosen, BTreeMap::from([("A", 1), ("B", 1)]), "c3 → A, c5 → B");
    for class in &result.recommendations {
        for item in &class.items {
            assert_close(item.share, item.customers as f64 / class.customers as f64, 1e-12);
        }
    }
}

// --- property: the same counts as a brute force -------------------------------------------------------------

/// A random order line: (order 0..6 or blank, customer 0..4, day 1..4, product 0..6 or blank, amount).
type Line = (Option<u8>, u8, u8, Option<u8>, i64);

fn csv_of(lines: &[Line]) -> String {
    let mut csv = String::from("order_id,customer_id,order_date,product,amount\n");
    for (order, customer, day, product, amount) in lines {
        let order = order.map_or(String::new(), |o| format!("o{o}"));
        let product = product.map_or(String::new(), |p| format!("P{p}"));
        csv.push_str(&format!("{order},c{customer},2024-03-0{day},{product},{amount}\n"));
    }
    csv
}

/// The brute force: baskets as maps, every pair counted by set intersection, exact rationals compared by i128.
struct Brute {
    n: u64,
    items: Vec<(String, u64)>,
    pairs: Vec<(String, String, u64)>,
    next: Vec<(String, Option<String>)>,
}

fn brute(lines: &[Line], kind: BasketKind, top: usize, min_count: u64, min_support: f64) -> Brute {
    let mut baskets: BTreeMap<String, BTreeMap<String, i64>> = BTreeMap::new();
    let mut owned: BTreeMap<String, BTreeMap<String, i64>> = BTreeMap::new();
    let mut blank_order = 0;
    for (order, customer, day, product, amount) in lines {
        owned.entry(format!("c{customer}")).or_default();
        let Some(product) = product else { continue };
        let key = match kind {
            BasketKind::Order => match order {
                Some(o) => format!("o{o}/c{customer}"),
                None => {
                    blank_order += 1;
                    format!("blank{blank_order}")
                }
            },
            BasketKind::Day => format!("c{customer}/{day}"),
            BasketKind::Customer => format!("c{customer}"),
        };
        *baskets.entry(key).or_default().entry(format!("P{product}")).or_default() += amount;
        *owned.entry(format!("c{customer}")).or_default().entry(format!("P{product}")).or_default() += amount;
    }
    let sets: Vec<BTreeSet<String>> = baskets
        .values()
        .map(|b| b.iter().filter(|(_, &v)| v > 0).map(|(k, _)| k.clone()).collect::<BTreeSet<_>>())
        .filter(|s| !s.is_empty())
        .collect();
    let n = sets.len() as u64;
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    for s in &sets {
        for i in s {
            *counts.entry(i.clone()).or_default() += 1;
        }
    }
    let mut items: Vec<(String, u64)> = counts.into_iter().collect();
    items.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    items.truncate(top);
    let n_of: BTreeMap<String, u64> = items.iter().cloned().collect();
    let mut kept = Vec::new();
    for (x, (a, na)) in items.iter().enumerate() {
        for (b, nb) in items.iter().skip(x + 1) {
            let (a, b, na, nb) = if a < b { (a, b, *na, *nb) } else { (b, a, *nb, *na) };
            let both = sets.iter().filter(|s| s.contains(a) && s.contains(b)).count() as u64;
            if both >= min_count && both > 0 && both as f64 / n as f64 >= min_support {
                kept.push((a.clone(), b.clone(), both, na, nb));
            }
        }
    }
    // lift = both·N / (na·nb): compare p against q by both_p·na_q·nb_q against both_q·na_p·nb_p.
    let lift_cmp = |p: &(String, String, u64, u64, u64), q: &(String, String, u64, u64, u64)| {
        (p.2 as i128 * q.3 as i128 * q.4 as i128).cmp(&(q.2 as i128 * p.3 as i128 * p.4 as i128))
    };
    kept.sort_by(|p, q| lift_cmp(q, p).then(q.2.cmp(&p.2)).then((&p.0, &p.1).cmp(&(&q.0, &q.1))));
    let pairs = kept.iter().map(|p| (p.0.clone(), p.1.clone(), p.2)).collect();
    // Next item: the max over (i ∈ S, j ∉ S, kept pair) of (confidence, lift, n_ij, name j reversed).
    let mut next = Vec::new();
    for (customer, net) in &owned {
        let s: BTreeSet<&String> = net.iter().filter(|(_, &v)| v > 0).map(|(k, _)| k).collect();
        let mut best: Option<(u64, u64, u64, String)> = None; // (n_ij, n_i, n_j, j)
        for p in &kept {
            for (i, j) in [(&p.0, &p.1), (&p.1, &p.0)] {
                if !s.contains(i) || s.contains(j) {
                    continue;
                }
                let cand = (p.2, n_of[i], n_of[j], j.clone());
                let better = match &best {
                    None => true,
                    Some(b) => {
                        let conf = (cand.0 as i128 * b.1 as i128).cmp(&(b.0 as i128 * cand.1 as i128));
                        let lift = (cand.0 as i128 * b.1 as i128 * b.2 as i128)
                            .cmp(&(b.0 as i128 * cand.1 as i128 * cand.2 as i128));
                        conf.then(lift).then(cand.0.cmp(&b.0)).then(b.3.cmp(&cand.3)).is_gt()
                    }
                };
                if better {
                    best = Some(cand);
                }
            }
        }
        next.push((customer.clone(), best.map(|b| b.3)));
    }
    Brute { n, items, pairs, next }
}

fn line() -> impl Strategy<Value = Line> {
    (
        prop::option::weighted(0.9, 0u8..6),
        0u8..4,
        1u8..4,
        prop::option::weighted(0.95, 0u8..7),
        prop::sample::select(vec![-10i64, -5, 5, 10, 20]),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn counts_pairs_and_next_items_match_a_brute_force(
        lines in prop::collection::vec(line(), 1..40),
        kind in prop::sample::select(vec![BasketKind::Order, BasketKind::Day, BasketKind::Customer]),
        top in prop::sample::select(vec![2usize, 3, 10]),
        min_count in 1u64..3,
        min_support in prop::sample::select(vec![0.0, 0.1, 0.3]),
    ) {
        let csv = csv_of(&lines);
        let Ok(loaded) = load(csv.as_bytes(), &LoadOptions::default()) else { return Ok(()) };
        let table = loaded.table;
        let date = resolve_analysis_date(&table, None).unwrap();
        let options = AffinityOptions {
            basket: Some(kind), top, min_count, min_support, max_pairs: 1_000, ..Default::default()
        };
        let got = affinity(&table, &options, date, None).unwrap();
        let want = brute(&lines, kind, top, min_count, min_support);
        prop_assert_eq!(got.baskets, want.n);
        let items: Vec<(String, u64)> = got.items.iter().map(|i| (i.item.clone(), i.baskets)).collect();
        prop_assert_eq!(items, want.items);
        prop_assert_eq!(pairs(&got), want.pairs);
        let next: Vec<(String, Option<String>)> =
            next_items(&got, &table).into_iter().map(|(c, i, _, _)| (c, i)).collect();
        prop_assert_eq!(next, want.next);
    }
}

// --- next product export (issue 16.3): the target list "customers of a segment who bought A but not B" ---------

/// The rows of an exported CSV (BOM stripped), header first.
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let body = text.strip_prefix('\u{feff}').expect("a BOM");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn issue_16_3_target_list_is_the_segments_customers_who_bought_a_but_not_b_with_their_next_product() {
    use clientele::analysis::affinity::ProductExport;
    use clientele::analysis::rfm::export::ExportFilter;
    use clientele::analysis::rfm::RfmOptions;
    let ws = workspace(E_CSV);
    let rfm = ws.rfm(&RfmOptions::default()).unwrap();
    let products = ProductExport {
        next_product: true,
        bought: vec!["A".into()],
        not_bought: vec!["C".into()],
        ..Default::default()
    };
    // c1 and c2 own A and C, c3 owns B, C, D, c4 netted A to 0, c5 owns C: nobody owns A without C…
    let text =
        ws.export_customers_with(&RfmOptions::default(), &ExportFilter::default(), None, Some(&products)).unwrap();
    assert_eq!(csv_rows(&text).len(), 1, "only the header: {text}");
    // …and the owners of B without A: c3, whose next product is A (§15.7 E3).
    let products = ProductExport { bought: vec!["B".into()], not_bought: vec!["A".into()], ..products };
    let rows = csv_rows(
        &ws.export_customers_with(&RfmOptions::default(), &ExportFilter::default(), None, Some(&products)).unwrap(),
    );
    let at = rows[0].iter().position(|h| h == "next_product").expect("a next_product column");
    assert_eq!(rows[1..].iter().map(|r| (r[0].as_str(), r[at].as_str())).collect::<Vec<_>>(), [("c3", "A")]);
    // Chinese headers name the column 推荐商品; an item that is not in the column is refused.
    let chinese = ExportFilter { chinese_labels: true, ..Default::default() };
    let text = ws.export_customers_with(&RfmOptions::default(), &chinese, None, Some(&products)).unwrap();
    assert!(csv_rows(&text)[0].contains(&"推荐商品".to_string()));
    let typo = ProductExport { bought: vec!["Z".into()], ..products.clone() };
    let error = ws.export_customers_with(&RfmOptions::default(), &ExportFilter::default(), None, Some(&typo));
    assert!(error.unwrap_err().to_string().contains("bought"));
    // The affinity's analysis date must be the export's.
    let other_date = ProductExport {
        affinity: AffinityOptions { analysis_date: Some(Day(rfm.analysis_date.0 - 1)), ..Default::default() },
        ..products
    };
    assert!(ws
        .export_customers_with(&RfmOptions::default(), &ExportFilter::default(), None, Some(&other_date))
        .is_err());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// The column equals affinity()'s next item for every exported customer, and the filter keeps exactly the
    /// segment's customers who own (net > 0 over the window, counted here from the lines) A and not B.
    #[test]
    fn issue_16_3_next_product_column_and_bought_filter_match_affinity_and_a_brute_force(
        lines in prop::collection::vec(line(), 1..60),
        kind in prop::sample::select(vec![BasketKind::Order, BasketKind::Day, BasketKind::Customer]),
        from_day in prop::option::of(1u8..4),
        a in 0u8..7,
        b in 0u8..7,
        pick in 0usize..8,
    ) {
        use clientele::analysis::affinity::ProductExport;
        use clientele::analysis::rfm::export::ExportFilter;
        use clientele::analysis::rfm::RfmOptions;
        let csv = csv_of(&lines);
        let Ok(loaded) = load(csv.as_bytes(), &LoadOptions::default()) else { return Ok(()) };
        let ws: Workspace = loaded.into();
        let Ok(rfm) = ws.rfm(&RfmOptions::default()) else { return Ok(()) };
        let from = from_day.map(|d| Day::from_ymd(2024, 3, u32::from(d)).unwrap());
        let options = AffinityOptions { basket: Some(kind), min_count: 1, min_support: 0.0, from, ..Default::default() };
        let next = ws.affinity(&AffinityOptions { analysis_date: Some(rfm.analysis_date), ..options.clone() }).unwrap();
        let next_of: BTreeMap<String, String> = next_items(&next, ws.orders())
            .into_iter()
            .map(|(c, i, _, _)| (c, i.unwrap_or_default()))
            .collect();
        // The whole table with the column: every scored customer, their next item (empty outside the window).
        let all = ProductExport { affinity: options.clone(), next_product: true, ..Default::default() };
        let rows = csv_rows(&ws.export_customers_with(&RfmOptions::default(), &ExportFilter::default(), None, Some(&all)).unwrap());
        let at = rows[0].iter().position(|h| h == "next_product").unwrap();
        prop_assert_eq!(rows.len() - 1, rfm.customers.len());
        for row in &rows[1..] {
            prop_assert_eq!(row[at].clone(), next_of.get(&row[0]).cloned().unwrap_or_default());
        }
        // The target list: one segment's customers who own P<a> and not P<b> over the window.
        let (item_a, item_b) = (format!("P{a}"), format!("P{b}"));
        let segment = &rfm.segments[usize::from(rfm.customers.segment[pick % rfm.customers.len()])].name;
        let filter = ExportFilter { segment: Some(segment.clone()), ..Default::default() };
        let target = ProductExport { bought: vec![item_a.clone()], not_bought: vec![item_b.clone()], ..all };
        let got = ws.export_customers_with(&RfmOptions::default(), &filter, None, Some(&target));
        let present = |item: &str| lines.iter().any(|l| l.3.is_some_and(|p| format!("P{p}") == item));
        if !present(&item_a) || !present(&item_b) {
            prop_assert!(got.is_err(), "an item not in the column is refused");
            return Ok(());
        }
        let rows = csv_rows(&got.unwrap());
        let mut net: BTreeMap<(String, String), i64> = BTreeMap::new();
        for (_, customer, day, product, amount) in &lines {
            if let (Some(p), true) = (product, from_day.is_none_or(|f| *day >= f)) {
                *net.entry((format!("c{customer}"), format!("P{p}"))).or_default() += amount;
            }
        }
        let owns = |c: &str, item: &str| net.get(&(c.to_string(), item.to_string())).is_some_and(|&v| v > 0);
        let want: Vec<String> = (0..rfm.customers.len())
            .filter(|&i| &rfm.segments[usize::from(rfm.customers.segment[i])].name == segment)
            .map(|i| ws.orders().customer.value(rfm.customers.customer[i]).to_string())
            .filter(|c| owns(c, &item_a) && !owns(c, &item_b))
            .collect();
        let got: Vec<String> = rows[1..].iter().map(|r| r[0].clone()).collect();
        prop_assert_eq!(got, want);
        for row in &rows[1..] {
            prop_assert_eq!(row[at].clone(), next_of.get(&row[0]).cloned().unwrap_or_default());
        }
    }
}
