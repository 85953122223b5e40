//! Customer lifetime value through the workspace (analytics.md §11 on a loaded orders file): §11.12 A1/A2/A4
//! through the customer frame equal `clv()` on occasions built here by hand; ids, `excluded` and the unscored
//! group; sums by segment, tier and stage against a join done here by id; the cache; option errors; the export's
//! CLV columns; and the checksums the WebAssembly test must reproduce bit for bit.

#[path = "../shared/clv_fixture.rs"]
mod clv_fixture;

use super::common::assert_close;
use clientele::analysis::clv::{clv, BgNbdParams, ClvOptions, GammaGammaParams, GivenParams, Occasions};
use clientele::analysis::clv_frame::{ClvGroup, ClvReport, UNSCORED_GROUP};
use clientele::analysis::rfm::export::ExportFilter;
use clientele::analysis::rfm::RfmOptions;
use clientele::date::Day;
use clientele::ingest::{load, LoadOptions};
use clientele::money::Money;
use clientele::workspace::Workspace;
use clv_fixture::{
    cdnow_csv, Checksum, A1_CHECKSUM, A1_CSV, A2_OPTIONS_JSON, CDNOW_CHECKSUM, CDNOW_OPTIONS_JSON, COLUMNS, SCALARS,
};
use std::collections::HashMap;

fn day(text: &str) -> Day {
    Day::parse_iso(text).unwrap()
}

fn workspace(csv: &str) -> Workspace {
    load(csv.as_bytes(), &LoadOptions::default()).unwrap().into()
}

/// The shared fixture's options (the JSON the WebAssembly test passes to `ds.clv()`) as `ClvOptions`: the fields
/// it uses, `analysisDate`, `params` and `holdout`.
fn options_from_json(json: &str) -> ClvOptions {
    let j: serde_json::Value = serde_json::from_str(json).unwrap();
    let number = |v: &serde_json::Value| v.as_f64().unwrap();
    let params = &j["params"];
    let bgnbd = &params["bgnbd"];
    let gg = &params["gammaGamma"];
    ClvOptions {
        params: (!params.is_null()).then(|| GivenParams {
            bgnbd: (!bgnbd.is_null()).then(|| BgNbdParams {
                r: number(&bgnbd["r"]),
                alpha: number(&bgnbd["alpha"]),
                a: number(&bgnbd["a"]),
                b: number(&bgnbd["b"]),
            }),
            gamma_gamma: (!gg.is_null()).then(|| GammaGammaParams {
                p: number(&gg["p"]),
                q: number(&gg["q"]),
                gamma: number(&gg["gamma"]),
            }),
        }),
        holdout_from: j["holdout"]["from"].as_str().map(day),
        ..ClvOptions::new(day(j["analysisDate"].as_str().unwrap()))
    }
}

/// §11.12 A2's options (and A4's holdout) at D = 2024-04-01.
fn a2_options() -> ClvOptions {
    let options = options_from_json(A2_OPTIONS_JSON);
    assert_eq!(options.params.unwrap().bgnbd, Some(BgNbdParams { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }));
    assert_eq!(options.params.unwrap().gamma_gamma, Some(GammaGammaParams { p: 6.25, q: 3.74, gamma: 15.44 }));
    options
}

/// §11.12 A3's options: both models fitted at D = 1997-10-01.
fn cdnow_options() -> ClvOptions {
    let options = options_from_json(CDNOW_OPTIONS_JSON);
    assert_eq!(options, ClvOptions::new(day("1997-10-01")));
    options
}

fn cdnow() -> Workspace {
    let sample = include_str!("../fixtures/cdnow/CDNOW_sample.txt");
    workspace(&cdnow_csv(sample))
}

fn ids(workspace: &Workspace, report: &ClvReport) -> Vec<String> {
    report.customer.iter().map(|&code| workspace.orders().customer.value(code).to_string()).collect()
}

#[test]
fn a1_through_the_workspace_equals_clv_on_occasions_built_by_hand() {
    let ws = workspace(A1_CSV);
    let report = ws.clv(&a2_options(), &RfmOptions::default()).unwrap();
    // §11.1 by hand, customers in id order c1 … c5: c1's 01-01 (30 + 10), 01-15, 03-11 (35 − 10; 02-12 is a
    // return-only date); c2's 02-05 (0.00 is an occasion), 02-19, 03-04; c3's 03-31; c4's 01-10 (04-01 is on D);
    // c5 none (02-01 return only).
    let days =
        ["01-01", "01-15", "03-11", "02-05", "02-19", "03-04", "03-31", "01-10"].map(|d| day(&format!("2024-{d}")));
    let values = [400_000, 250_000, 250_000, 0, 500_000, 700_000, 200_000, 150_000].map(Money);
    let occasions = Occasions { starts: &[0, 3, 6, 7, 8, 8], days: &days, values: &values, return_only_days: 2 };
    let by_hand = clv(&occasions, &a2_options()).unwrap();
    assert_eq!(report.model, by_hand);
    assert_eq!(ids(&ws, &report), ["c1", "c2", "c3", "c4"]);
    assert_eq!((report.model.customer_count, report.model.repeat_customers, report.model.return_only_days), (4, 2, 2));
    assert_eq!(report.excluded.count, 1);
    assert_eq!(report.excluded.examples[0].line, 13, "c4's row dated D");
    // §11.12 A2 and A4, as a check that the file says what the hand-built occasions say.
    let c = &report.model.customers;
    for (k, (p_alive, expected, value, lifetime)) in [
        (0.742252, 3.204816, 26.837270, 81.449726),
        (0.649518, 3.536676, 55.544619, 186.307832),
        (1.0, 1.446051, 35.218978, 48.345371),
        (1.0, 0.578009, 35.218978, 19.236663),
    ]
    .into_iter()
    .enumerate()
    {
        assert_close(c.p_alive[k], p_alive, 1e-6);
        assert_close(c.expected_purchases[k], expected, 1e-6);
        assert_close(c.expected_value.as_ref().unwrap()[k], value, 1e-6);
        assert_close(c.clv.as_ref().unwrap()[k], lifetime, 1e-6);
    }
    let holdout = report.model.holdout.as_ref().unwrap();
    assert_eq!((holdout.customers, holdout.actual_total), (3, 2));
    assert_close(holdout.predicted_total, 0.759468, 1e-6);
}

/// The groups' sums add up to the totals, and each group's sum is the sum over its customers found by id.
fn assert_groups_add_up(report: &ClvReport, groups: &[ClvGroup], group_of: &HashMap<String, String>, ids: &[String]) {
    let m = &report.model;
    let clv = m.customers.clv.as_ref().unwrap();
    assert_eq!(groups.iter().map(|g| g.customers).sum::<u64>(), m.customer_count);
    let total_clv = m.totals.clv.unwrap();
    assert_close(groups.iter().map(|g| g.clv.unwrap()).sum::<f64>(), total_clv, 1e-12);
    assert_close(groups.iter().map(|g| g.share.unwrap()).sum::<f64>(), 1.0, 1e-12);
    let expected: f64 = groups.iter().map(|g| g.expected_purchases).sum();
    assert_close(expected, m.totals.expected_purchases, 1e-12);
    for group in groups {
        let members: Vec<usize> = (0..ids.len())
            .filter(|&k| group_of.get(&ids[k]).map_or(group.unscored, |name| !group.unscored && *name == group.name))
            .collect();
        assert_eq!(group.customers, members.len() as u64, "{}", group.name);
        let sum: f64 = members.iter().map(|&k| clv[k]).sum();
        assert_close(group.clv.unwrap(), sum, 1e-12);
        assert_close(group.share.unwrap(), sum / total_clv, 1e-12);
    }
}

#[test]
fn cdnow_clv_by_segment_tier_and_stage_adds_up_and_matches_a_join_by_id() {
    let ws = cdnow();
    let d = day("1997-10-01");
    let rfm_options = RfmOptions { bins: 4, ..RfmOptions::default() };
    let report = ws.clv(&cdnow_options(), &rfm_options).unwrap();
    assert_eq!((report.model.customer_count, report.model.repeat_customers), (2357, 946));
    let rfm = ws.rfm(&RfmOptions { analysis_date: Some(d), ..rfm_options }).unwrap();
    let ids = ids(&ws, &report);
    let rfm_ids: Vec<&str> = rfm.customers.customer.iter().map(|&code| ws.orders().customer.value(code)).collect();
    let by = |name: &dyn Fn(usize) -> String| -> HashMap<String, String> {
        rfm_ids.iter().enumerate().map(|(k, id)| (id.to_string(), name(k))).collect()
    };
    let c = &rfm.customers;
    let segment = by(&|k| rfm.segments[usize::from(c.segment[k])].name.clone());
    let tier = by(&|k| rfm.tiers[usize::from(c.tier[k])].name.clone());
    let stage = by(&|k| rfm.lifecycle[usize::from(c.lifecycle[k])].stage.clone());
    assert_groups_add_up(&report, &report.by_segment, &segment, &ids);
    assert_groups_add_up(&report, &report.by_tier, &tier, &ids);
    assert_groups_add_up(&report, &report.by_stage, &stage, &ids);
    // Every segment, tier and stage is listed, in RfmResult's order, then the customers whose only purchases
    // before D are $0.00 CDs (in the CLV population, §11.1, but not scored, §3).
    let unscored = report.model.customer_count - rfm.customers_scored;
    assert!(unscored > 0 && unscored <= 8, "{unscored}: some of the 8 customers starting with a $0.00 day");
    let names = |groups: &[ClvGroup]| groups.iter().map(|g| g.name.clone()).collect::<Vec<_>>();
    let listed = |names: Vec<String>| [names, vec![UNSCORED_GROUP.0.to_string()]].concat();
    assert_eq!(names(&report.by_segment), listed(rfm.segments.iter().map(|s| s.name.clone()).collect()));
    assert_eq!(names(&report.by_tier), listed(rfm.tiers.iter().map(|t| t.name.clone()).collect()));
    assert_eq!(names(&report.by_stage), listed(rfm.lifecycle.iter().map(|s| s.stage.clone()).collect()));
    assert_eq!(report.by_stage.last().unwrap().customers, unscored);
    assert!(report.by_segment.iter().filter(|g| g.customers > 0).count() >= 5, "a telling test");
}

#[test]
fn a_customer_with_amount_0_purchases_only_is_valued_but_not_scored() {
    let ws = workspace(&format!("{A1_CSV}c6,2024-02-20,0.00\n"));
    let report = ws.clv(&a2_options(), &RfmOptions::default()).unwrap();
    assert_eq!(ids(&ws, &report), ["c1", "c2", "c3", "c4", "c6"]);
    let c6_clv = report.model.customers.clv.as_ref().unwrap()[4];
    assert!(c6_clv > 0.0);
    for groups in [&report.by_segment, &report.by_tier, &report.by_stage] {
        let last = groups.last().unwrap();
        assert_eq!((last.name.as_str(), last.label.zh.as_str()), (UNSCORED_GROUP.0, UNSCORED_GROUP.2));
        assert_eq!((last.unscored, last.customers, last.clv), (true, 1, Some(c6_clv)));
        assert_eq!(groups.iter().filter(|g| g.unscored).count(), 1);
        assert_eq!(groups.iter().map(|g| g.customers).sum::<u64>(), 5);
    }
    // Without Gamma-Gamma there is no CLV to share, but expected purchases are still summed.
    let mut options = a2_options();
    options.params.as_mut().unwrap().gamma_gamma = None;
    let report = ws.clv(&options, &RfmOptions::default()).unwrap();
    assert!(report.model.customers.clv.is_none());
    let last = report.by_segment.last().unwrap();
    assert_eq!((last.clv, last.share), (None, None));
    assert_close(last.expected_purchases, report.model.customers.expected_purchases[4], 0.0);
}

#[test]
fn the_last_result_is_kept_and_option_errors_name_the_option() {
    let ws = workspace(A1_CSV);
    let first = ws.clv(&a2_options(), &RfmOptions::default()).unwrap();
    let again = ws.clv(&a2_options(), &RfmOptions::default()).unwrap();
    assert!(std::rc::Rc::ptr_eq(&first, &again));
    assert_eq!((ws.cache_stats().clv_runs, ws.cache_stats().frames_built), (1, 1));
    ws.clv(&ClvOptions { horizon: Some(26.0), ..a2_options() }, &RfmOptions::default()).unwrap();
    assert_eq!((ws.cache_stats().clv_runs, ws.cache_stats().frames_built), (2, 1), "one frame for D");

    let option_of = |options: &ClvOptions, rfm: &RfmOptions| {
        let error = ws.clv(options, rfm).unwrap_err();
        assert_eq!(error.code(), "invalid_option");
        serde_json::to_value(&error).unwrap()["details"]["option"].as_str().unwrap().to_string()
    };
    let other_day = RfmOptions { analysis_date: Some(day("2024-03-01")), ..RfmOptions::default() };
    assert_eq!(option_of(&a2_options(), &other_day), "rfm.analysisDate");
    assert_eq!(option_of(&a2_options(), &RfmOptions { bins: 11, ..RfmOptions::default() }), "rfm.bins");
    assert_eq!(option_of(&ClvOptions::new(day("2024-01-01")), &RfmOptions::default()), "analysisDate");
    assert_eq!(option_of(&ClvOptions { horizon: Some(0.0), ..a2_options() }, &RfmOptions::default()), "horizon");
    // Fitting four customers: the contract's minimum, with its numbers.
    let error = ws.clv(&ClvOptions::new(day("2024-04-01")), &RfmOptions::default()).unwrap_err();
    assert_eq!(error.code(), "clv_too_few_customers");
}

#[test]
fn the_export_adds_p_alive_expected_purchases_and_clv() {
    let ws = workspace(A1_CSV);
    let rfm_options = RfmOptions { analysis_date: Some(day("2024-04-01")), ..RfmOptions::default() };
    let report = ws.clv(&a2_options(), &rfm_options).unwrap();
    let csv = ws.export_customers_with_clv(&rfm_options, &ExportFilter::default(), &a2_options()).unwrap();
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(header[header.len() - 3..], ["p_alive", "expected_purchases", "clv"]);
    let c = &report.model.customers;
    for (k, line) in lines.enumerate() {
        let cells: Vec<&str> = line.split(',').collect();
        assert_eq!(cells[0], ["c1", "c2", "c3", "c4"][k]);
        let number = |i: usize| cells[cells.len() - 3 + i].parse::<f64>().unwrap();
        // Written with Rust's shortest round-trip form: read back, the same bits.
        assert_eq!(
            [number(0), number(1), number(2)],
            [c.p_alive[k], c.expected_purchases[k], c.clv.as_ref().unwrap()[k]]
        );
    }
    // Without Gamma-Gamma the clv cells are empty; at another date than the export's, refused.
    let mut options = a2_options();
    options.params.as_mut().unwrap().gamma_gamma = None;
    let csv = ws.export_customers_with_clv(&rfm_options, &ExportFilter::default(), &options).unwrap();
    assert!(csv.lines().skip(1).all(|line| line.ends_with(',')), "{csv}");
    let elsewhere = ClvOptions { analysis_date: day("2024-03-01"), ..a2_options() };
    let error = ws.export_customers_with_clv(&rfm_options, &ExportFilter::default(), &elsewhere).unwrap_err();
    assert_eq!(error.code(), "invalid_option");
    // The plain export is unchanged.
    let plain = ws.export_customers(&rfm_options, &ExportFilter::default()).unwrap();
    assert!(!plain.contains("p_alive"));
}

/// The checksum of a report over the shared fixture's paths and columns (the JSON a binding would give).
fn checksum(report: &ClvReport) -> u64 {
    let json = serde_json::to_value(report).unwrap();
    let mut sum = Checksum::new();
    for path in SCALARS {
        let value = path.iter().fold(&json, |v, key| if v.is_null() { v } else { &v[*key] });
        assert!(value.is_null() || value.is_number(), "{path:?}: {value}");
        sum.add(value.as_f64());
    }
    let c = &report.model.customers;
    for name in COLUMNS {
        let column: Option<&[f64]> = match name {
            "tx" => Some(&c.tx),
            "T" => Some(&c.t),
            "meanRepeatValue" => Some(&c.mean_repeat_value),
            "pAlive" => Some(&c.p_alive),
            "expectedPurchases" => Some(&c.expected_purchases),
            "expectedValue" => c.expected_value.as_deref(),
            "clv" => c.clv.as_deref(),
            _ => unreachable!("{name}"),
        };
        sum.add_column(column);
    }
    sum.finish()
}

#[test]
fn clv_checksums_native() {
    let a1 = checksum(&workspace(A1_CSV).clv(&a2_options(), &RfmOptions::default()).unwrap());
    let fitted = cdnow().clv(&cdnow_options(), &RfmOptions::default()).unwrap();
    let cdnow_sum = checksum(&fitted);
    // The same input gives the same bits (§11.7), and the checksum sees a change in the last bit.
    assert_eq!(checksum(&cdnow().clv(&cdnow_options(), &RfmOptions::default()).unwrap()), cdnow_sum);
    let mut nudged = (*fitted).clone();
    nudged.model.customers.p_alive[7] = f64::from_bits(nudged.model.customers.p_alive[7].to_bits() ^ 1);
    assert_ne!(checksum(&nudged), cdnow_sum);
    assert_eq!(
        (a1, cdnow_sum),
        (A1_CHECKSUM, CDNOW_CHECKSUM),
        "set A1_CHECKSUM = {a1:#018x} and CDNOW_CHECKSUM = {cdnow_sum:#018x} in tests/shared/clv_fixture.rs if the CLV \
         numerics changed on purpose"
    );
}
