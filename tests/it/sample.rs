//! The bundled sample export through ingest and RFM, checked against a naive re-computation of the contract
//! (analytics.md §2–§7) written independently here with the `csv` crate and O(n²) loops.

use chrono::NaiveDate;
use clientele::analysis::rfm::{rfm, RfmOptions};
use clientele::ingest::{load, LoadOptions};
use std::collections::{BTreeMap, BTreeSet};

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/www/samples/orders.csv");

/// What the test computes per customer, from the file alone.
#[derive(Default, Debug)]
struct Expected {
    total_cents: i64,
    orders: BTreeSet<String>,
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
}

fn cents(text: &str) -> i64 {
    // The sample writes amounts with exactly two decimals.
    let (whole, frac) = text.split_once('.').expect("two decimals");
    let sign = if whole.starts_with('-') { -1 } else { 1 };
    sign * (whole.trim_start_matches('-').parse::<i64>().unwrap() * 100 + frac.parse::<i64>().unwrap())
}

/// rfm-11 as the contract's table (R, FM) → segment.
fn rfm_11(r: u8, fm: u8) -> &'static str {
    const TABLE: [(&str, &str); 11] = [
        ("Champions", "55 54 45"),
        ("Loyal", "53 44 35 34"),
        ("Potential Loyalist", "52 42 43 33"),
        ("New Customers", "51"),
        ("Promising", "41 31"),
        ("Need Attention", "32 23 22"),
        ("About To Sleep", "21"),
        ("At Risk", "25 24 13"),
        ("Can't Lose Them", "15 14"),
        ("Hibernating", "12"),
        ("Lost", "11"),
    ];
    let cell = format!("{r}{fm}");
    TABLE.iter().find(|(_, cells)| cells.split(' ').any(|c| c == cell)).map(|(name, _)| *name).unwrap()
}

/// score(x) = floor(#worse × 5 / n) + 1, by counting.
fn naive_score(values: &[i64], x: i64, higher_is_better: bool) -> u8 {
    let worse = values.iter().filter(|&&v| if higher_is_better { v < x } else { v > x }).count();
    (worse * 5 / values.len() + 1) as u8
}

#[test]
fn sample_rfm_matches_an_independent_computation() {
    let bytes = std::fs::read(SAMPLE).unwrap();
    let mut reader = csv::Reader::from_reader(&bytes[..]);
    let mut per_customer: BTreeMap<String, Expected> = BTreeMap::new();
    let mut max_date = NaiveDate::MIN;
    let mut rows = 0;
    for record in reader.records() {
        let record = record.unwrap();
        rows += 1;
        let (order, customer, date, amount) = (&record[0], &record[1], &record[2], &record[11]);
        let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
        max_date = max_date.max(date);
        let entry = per_customer.entry(customer.to_string()).or_default();
        let amount = cents(amount);
        entry.total_cents += amount;
        if amount > 0 {
            entry.orders.insert(order.to_string());
            entry.first = Some(entry.first.map_or(date, |d| d.min(date)));
            entry.last = Some(entry.last.map_or(date, |d| d.max(date)));
        }
    }
    let analysis_date = max_date.succ_opt().unwrap();

    let loaded = load(&bytes, &LoadOptions::default()).unwrap();
    assert_eq!(loaded.report.rows_read, rows);
    assert_eq!(loaded.report.rows_used, rows, "the sample has no unreadable row");
    assert!(loaded.report.skipped.is_empty());
    let result = rfm(&loaded.table, &RfmOptions::default()).unwrap();
    assert_eq!(result.analysis_date.to_string(), analysis_date.to_string());

    let scored: Vec<(&String, &Expected)> = per_customer.iter().filter(|(_, e)| !e.orders.is_empty()).collect();
    assert_eq!(result.customers_scored as usize, scored.len());
    assert_eq!(result.customers_unscored as usize, per_customer.len() - scored.len());
    assert_eq!(result.excluded.count, 0);

    let recency: Vec<i64> = scored.iter().map(|(_, e)| (analysis_date - e.last.unwrap()).num_days()).collect();
    let frequency: Vec<i64> = scored.iter().map(|(_, e)| e.orders.len() as i64).collect();
    let monetary: Vec<i64> = scored.iter().map(|(_, e)| e.total_cents).collect();

    let c = &result.customers;
    let position: BTreeMap<&str, usize> =
        c.customer.iter().enumerate().map(|(i, &code)| (loaded.table.customer.value(code), i)).collect();
    let mut segment_counts: BTreeMap<&str, u64> = BTreeMap::new();
    for (k, (id, e)) in scored.iter().enumerate() {
        let i = position[id.as_str()];
        assert_eq!(i64::from(c.recency_days[i]), recency[k], "{id} recency");
        assert_eq!(i64::from(c.frequency[i]), frequency[k], "{id} frequency");
        assert_eq!(c.monetary[i].0, e.total_cents * 100, "{id} monetary (1/10,000 units)");
        assert_eq!(i64::from(c.tenure_days[i]), (analysis_date - e.first.unwrap()).num_days(), "{id} tenure");
        let (r, f, m) = (
            naive_score(&recency, recency[k], false),
            naive_score(&frequency, frequency[k], true),
            naive_score(&monetary, monetary[k], true),
        );
        assert_eq!((c.r[i], c.f[i], c.m[i]), (r, f, m), "{id} scores");
        let segment = rfm_11(r, (f + m).div_ceil(2));
        assert_eq!(result.segments[usize::from(c.segment[i])].name, segment, "{id} segment");
        *segment_counts.entry(segment).or_default() += 1;
    }
    for s in &result.segments {
        assert_eq!(s.customers, segment_counts.get(s.name.as_str()).copied().unwrap_or(0), "{}", s.name);
    }
    let revenue: i64 = monetary.iter().sum();
    let segment_revenue: i64 = result.segments.iter().map(|s| s.revenue.0).sum();
    assert_eq!(segment_revenue, revenue * 100, "segments add up to the exact total");

    // Tiers: rank by total (ties by id), bounds ceil(n × cumulative share).
    let n = scored.len();
    let mut ranked: Vec<(i64, &str)> = scored.iter().map(|(id, e)| (-e.total_cents, id.as_str())).collect();
    ranked.sort();
    let bounds = [n.div_ceil(100), (n * 5).div_ceil(100), (n * 20).div_ceil(100), n];
    let mut start = 0;
    for (tier, &end) in result.tiers.iter().zip(&bounds) {
        let cents: i64 = ranked[start..end].iter().map(|(neg, _)| -neg).sum();
        assert_eq!((tier.customers as usize, tier.revenue.0), (end - start, cents * 100), "{}", tier.name);
        start = end;
    }
    // Pareto: smallest k whose top-k revenue ≥ 80 % of the total.
    let mut running = 0;
    let k = ranked.iter().position(|(neg, _)| {
        running += -neg;
        running * 5 >= revenue * 4
    });
    assert_eq!(result.pareto_point.map(|p| p.customers as usize), k.map(|k| k + 1));

    // Lifecycle by the contract's default thresholds.
    let stage_count = |name: &str| result.lifecycle.iter().find(|s| s.stage == name).unwrap().customers as usize;
    let new = scored.iter().filter(|(_, e)| (analysis_date - e.first.unwrap()).num_days() <= 30).count();
    let active = scored
        .iter()
        .zip(&recency)
        .filter(|((_, e), &r)| (analysis_date - e.first.unwrap()).num_days() > 30 && r <= 90)
        .count();
    assert_eq!(stage_count("New"), new);
    assert_eq!(stage_count("Active"), active);
    assert_eq!(result.lifecycle.iter().map(|s| s.customers as usize).sum::<usize>(), n);
}
