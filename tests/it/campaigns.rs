//! Campaign evaluation (analytics.md §16): the worked examples F1–F4 of §16.8 through the workspace, the classes as
//! of the first contact (§16.5), the response window's edges, and the Newcombe interval's bounds over random
//! counts.

use super::common::{assert_close, seeded};
use clientele::analysis::campaigns::{
    newcombe, pooled_z_test, wilson, CampaignOptions, CampaignsResult, CONFIDENCE_LEVELS, PROSPECT,
};
use clientele::analysis::migration::MigrationBy;
use clientele::analysis::rfm::RfmOptions;
use clientele::date::Day;
use clientele::ingest::{load, load_file, FileKind, LoadOptions, LoadedFile};
use clientele::money::Money;
use clientele::workspace::Workspace;
use clientele::ErrorKind;
use proptest::prelude::*;

/// 95 %.
const Z95: f64 = CONFIDENCE_LEVELS[1].1;
/// The contract's figures are given to 6 decimals.
const SIX_DECIMALS: f64 = 5e-7;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn day(text: &str) -> Day {
    Day::parse_iso(text).unwrap()
}

/// A workspace over `orders` (CSV text) with the campaign file `campaigns` (bytes named `name`) joined.
fn workspace(orders: &str, campaigns: &[u8], name: &str) -> Workspace {
    let mut workspace: Workspace = load(orders.as_bytes(), &LoadOptions::default()).unwrap().into();
    let options = LoadOptions { file_name: Some(name.into()), ..LoadOptions::default() };
    match load_file(FileKind::Campaigns, campaigns, &options).unwrap() {
        LoadedFile::Campaigns(file) => workspace.join_campaigns(file),
        other => panic!("{:?}", other.kind()),
    };
    workspace
}

/// The error code of reading `text` as a campaign file.
fn campaign_file_error(text: &str) -> clientele::Error {
    match load_file(FileKind::Campaigns, text.as_bytes(), &LoadOptions::default()) {
        Err(e) => e,
        Ok(file) => panic!("read as {:?}", file.kind()),
    }
}

/// §16.8 F1's orders.
const F1_ORDERS: &str = "customer_id,order_date,amount\n\
    t1,2024-03-05,100\nt2,2024-03-10,50\nt2,2024-03-12,-20\nt3,2024-02-20,30\nt3,2024-03-20,40\n\
    t4,2024-03-01,25\nt6,2024-03-14,10\nk1,2024-03-03,60\nk4,2024-03-15,30\n";

/// F1's options: W = 14, D = 2024-04-01, 2 per contact, margin 0.4.
fn f1_options() -> CampaignOptions {
    CampaignOptions {
        analysis_date: Some(day("2024-04-01")),
        window_days: 14,
        cost_per_contact: Money(20_000),
        margin: 0.4,
        ..CampaignOptions::default()
    }
}

fn evaluate(workspace: &Workspace, options: &CampaignOptions) -> CampaignsResult {
    workspace.campaigns(options, &RfmOptions::default()).unwrap()
}

#[test]
fn section_16_8_f1_groups_uplift_and_roi() {
    let ws = workspace(F1_ORDERS, &fixture("campaign-f1.csv"), "campaign-f1.csv");
    let (_, report) = ws.campaign_file().unwrap();
    assert_eq!((report.duplicates.count, report.duplicates.examples[0].line), (1, 12));
    assert_eq!(report.conflicting.count, 1);
    assert!(report.conflicting.examples[0].text.starts_with("k5 "), "{:?}", report.conflicting);

    let result = evaluate(&ws, &f1_options());
    assert_eq!((result.analysis_date, result.window_days), (day("2024-04-01"), 14));
    assert_eq!(result.campaigns.len(), 1);
    let c = &result.campaigns[0];
    assert_eq!(c.campaign, "campaign-f1");
    assert_eq!((c.first_contact, c.last_contact, c.window_complete), (day("2024-03-01"), day("2024-03-01"), true));
    assert!(result.warnings.is_empty());

    let t = &c.treatment;
    assert_eq!((t.contacted, t.responders, t.orders), (6, 4, 4), "t1, t2, t4, t6 respond");
    assert_close(t.response_rate, 4.0 / 6.0, 1e-12);
    assert_eq!((t.revenue, t.revenue_exact.as_str()), (Money(1_650_000), "165.0000"));
    assert_close(t.revenue_per_contact, 27.5, 1e-12);
    assert_close(t.aov, 165.0 / 4.0, 1e-12);
    assert_eq!((t.opened, t.clicked), (Some(4), Some(3)));
    assert_close(t.open_rate, 4.0 / 6.0, 1e-12);
    assert_close(t.click_rate, 0.5, 1e-12);
    assert_close(t.click_to_open_rate, 0.75, 1e-12);
    assert_close(t.conversion_rate, 2.0 / 3.0, 1e-12);

    let k = c.control.as_ref().unwrap();
    assert_eq!((k.contacted, k.responders, k.orders), (4, 1, 1), "k1 only: k4 buys after the window");
    assert_close(k.response_rate, 0.25, 1e-12);
    assert_eq!(k.revenue, Money(600_000));
    assert_close(k.revenue_per_contact, 15.0, 1e-12);
    assert_eq!((k.opened, k.clicked, k.open_rate, k.click_rate), (None, None, None, None));
    assert_eq!((k.click_to_open_rate, k.conversion_rate), (None, None));

    let u = c.uplift.as_ref().unwrap();
    assert_close(u.difference, 0.416667, SIX_DECIMALS);
    assert_close(u.low, -0.163309, SIX_DECIMALS);
    assert_close(u.high, 0.729310, SIX_DECIMALS);
    assert_close(u.relative, 1.666667, SIX_DECIMALS);
    assert_close(u.z, 1.290994, SIX_DECIMALS);
    assert_close(u.p_value, 0.196706, SIX_DECIMALS);
    assert_close(u.incremental_responders, 2.5, 1e-12);
    assert_close(u.incremental_revenue, 75.0, 1e-12);
    assert_close(u.revenue_per_contact_difference, 12.5, 1e-12);
    assert_close(u.revenue_low, -29.59362, 5e-6);
    assert_close(u.revenue_high, 54.59362, 5e-6);

    let roi = c.roi.as_ref().unwrap();
    assert_eq!((roi.cost, roi.cost_exact.as_str(), roi.roi_basis), (Money(120_000), "12.0000", "incremental"));
    assert_close(roi.profit, 30.0, 1e-12);
    assert_close(roi.roi, 1.5, 1e-12);
    assert_close(roi.cost_per_responder, 3.0, 1e-12);
    assert_close(roi.cost_per_order, 3.0, 1e-12);
    assert_close(roi.cost_per_incremental_responder, 4.8, 1e-12);
}

#[test]
fn section_16_8_f1_without_the_control_rows_gives_a_gross_roi() {
    let text = String::from_utf8(fixture("campaign-f1.csv")).unwrap();
    let treatment_only: String = text.lines().filter(|line| !line.starts_with('k')).map(|l| format!("{l}\n")).collect();
    let ws = workspace(F1_ORDERS, treatment_only.as_bytes(), "campaign-f1.csv");
    let c = &evaluate(&ws, &f1_options()).campaigns[0];
    assert_eq!(c.treatment.contacted, 6);
    assert_eq!((c.control.as_ref(), c.uplift.as_ref()), (None, None));
    let roi = c.roi.as_ref().unwrap();
    assert_eq!((roi.roi_basis, roi.cost), ("gross", Money(120_000)));
    assert_close(roi.roi, (165.0 * 0.4 - 12.0) / 12.0, 1e-12);
    assert_close(roi.roi, 4.5, 1e-12);
    assert_eq!(roi.cost_per_incremental_responder, None);
    // The per-class rows have no control either.
    assert!(c.classes.iter().all(|class| class.control.is_none() && class.uplift.is_none()));
}

#[test]
fn section_16_8_f2_interval_at_scale() {
    let (l, u) = wilson(60, 1000, Z95);
    assert_close(l, 0.046896, SIX_DECIMALS);
    assert_close(u, 0.076471, SIX_DECIMALS);
    let (l, u) = wilson(40, 1000, Z95);
    assert_close(l, 0.029511, SIX_DECIMALS);
    assert_close(u, 0.054010, SIX_DECIMALS);
    let (low, high) = newcombe(60, 1000, 40, 1000, Z95);
    assert_close(low, 0.000817, SIX_DECIMALS);
    assert_close(high, 0.039527, SIX_DECIMALS);
    let (z, p) = pooled_z_test(60, 1000, 40, 1000).unwrap();
    assert_close(z, 2.051957, SIX_DECIMALS);
    assert_close(p, 0.040174, SIX_DECIMALS);
}

#[test]
fn section_16_8_f2_through_the_workspace() {
    // 1000 treated of whom 60 buy in the window, 1000 held out of whom 40 do.
    let mut orders = String::from("customer_id,order_date,amount\n");
    let mut contacts = String::from("customer_id,send_date,group\n");
    for i in 0..2000 {
        let group = if i < 1000 { "treatment" } else { "control" };
        contacts.push_str(&format!("c{i},2024-05-01,{group}\n"));
        if (i < 1000 && i % 1000 < 60) || (i >= 1000 && i % 1000 < 40) {
            orders.push_str(&format!("c{i},2024-05-10,20\n"));
        }
    }
    let ws = workspace(&orders, contacts.as_bytes(), "f2.csv");
    let options = CampaignOptions { analysis_date: Some(day("2024-07-01")), ..CampaignOptions::default() };
    let u = evaluate(&ws, &options).campaigns[0].uplift.clone().unwrap();
    assert_close(u.difference, 0.02, 1e-12);
    assert_close(u.low, 0.000817, SIX_DECIMALS);
    assert_close(u.high, 0.039527, SIX_DECIMALS);
    assert_close(u.z, 2.051957, SIX_DECIMALS);
    assert_close(u.p_value, 0.040174, SIX_DECIMALS);
}

#[test]
fn section_16_8_f3_zeros() {
    let (low, high) = newcombe(0, 50, 0, 50, Z95);
    assert_close(low, -0.071348, SIX_DECIMALS);
    assert_close(high, 0.071348, SIX_DECIMALS);
    assert_eq!(pooled_z_test(0, 50, 0, 50), None);
    // Through the workspace: nobody of the 100 contacts buys.
    let mut contacts = String::from("customer_id,send_date,group\n");
    for i in 0..100 {
        contacts.push_str(&format!("p{i},2024-05-01,{}\n", if i < 50 { "t" } else { "c" }));
    }
    let ws = workspace("customer_id,order_date,amount\nother,2024-05-03,10\n", contacts.as_bytes(), "f3.csv");
    let options = CampaignOptions { analysis_date: Some(day("2024-07-01")), ..CampaignOptions::default() };
    let c = &evaluate(&ws, &options).campaigns[0];
    let u = c.uplift.as_ref().unwrap();
    assert_eq!((u.difference, u.relative, u.z, u.p_value), (0.0, None, None, None));
    assert_close(u.low, -0.071348, SIX_DECIMALS);
    assert_close(u.high, 0.071348, SIX_DECIMALS);
    assert_eq!((c.treatment.response_rate, c.treatment.aov), (Some(0.0), None), "no order: aov null");
    // Without costs, the ROI has only its basis and the profit.
    let roi = c.roi.as_ref().unwrap();
    assert_eq!((roi.cost, roi.roi, roi.cost_per_order), (Money::ZERO, None, None));
    // All are prospects at the first contact (nobody in the orders bought before 2024-05-01).
    let classes: Vec<(&str, u64, u64)> = c
        .classes
        .iter()
        .map(|k| (k.class.as_str(), k.treatment.contacted, k.control.as_ref().unwrap().contacted))
        .collect();
    assert_eq!(classes, [(PROSPECT, 50, 50)]);
}

#[test]
fn section_16_8_f4_errors() {
    let e = campaign_file_error("customer_id,group\nt1,test\nt2,control\n");
    match e.kind() {
        ErrorKind::MissingRole { roles, .. } => assert_eq!(roles, &["contactDate".to_string()]),
        other => panic!("{other:?}"),
    }
    let json = serde_json::to_value(&e).unwrap();
    assert_eq!(json["details"]["roles"], serde_json::json!(["contactDate"]));
    let e = campaign_file_error("customer_id,send_date,group\nt1,2024-03-01,maybe\nt2,2024-03-01,?\n");
    assert_eq!(e.code(), "campaign_no_contacts");
    assert_eq!(*e.kind(), ErrorKind::CampaignNoContacts { rows_read: 2, skipped: 2, conflicting: 0 });
    // Every customer in both groups leaves no contact either.
    let e = campaign_file_error("customer_id,send_date,group\nt1,2024-03-01,test\nt1,2024-03-01,control\n");
    assert_eq!(*e.kind(), ErrorKind::CampaignNoContacts { rows_read: 2, skipped: 0, conflicting: 1 });
}

#[test]
fn classes_are_taken_as_of_the_first_contact() {
    // a: bought 60 days before the contact (Active then); n: bought 10 days before (New); p: never before (a
    // prospect, though the purchase in the window makes them New at D); x: contacted on 03-20, a later contact that
    // does not move the campaign's date of the classes.
    let orders = "customer_id,order_date,amount\na,2024-01-01,10\nn,2024-02-20,10\np,2024-03-05,40\n\
                  a,2024-03-03,15\nx,2024-03-10,5\n";
    let contacts = "customer_id,send_date,group\na,2024-03-01,t\nn,2024-03-01,c\np,2024-03-01,t\nx,2024-03-20,t\n";
    let ws = workspace(orders, contacts.as_bytes(), "lifecycle.csv");
    let options = CampaignOptions {
        analysis_date: Some(day("2024-06-01")),
        by: Some(MigrationBy::Lifecycle),
        ..CampaignOptions::default()
    };
    let result = evaluate(&ws, &options);
    assert_eq!(result.by, Some("lifecycle"));
    let c = &result.campaigns[0];
    let rows: Vec<(&str, &str, u64, u64, u64)> = c
        .classes
        .iter()
        .map(|k| {
            let control = k.control.as_ref().unwrap();
            (k.class.as_str(), k.label.zh.as_str(), k.treatment.contacted, k.treatment.responders, control.contacted)
        })
        .collect();
    // x first bought on 03-10, after the campaign's first contact (03-01): a prospect as of that date.
    assert_eq!(
        rows,
        [("New", "新客户", 0, 0, 1), ("Active", "活跃", 1, 1, 0), (PROSPECT, "潜在客户", 2, 1, 0)],
        "{rows:?}"
    );
    let prospect = &c.classes[2];
    assert_eq!(prospect.treatment.revenue, Money(400_000), "p's 40; x bought before its own contact");
    assert_eq!(prospect.uplift, None, "no control contact among prospects");
    assert!(c.classes[1].uplift.is_none(), "no control contact among the Active");
    // By segment (the default) the classes are segments of the default map, and none without contacts is listed.
    let by_segment = evaluate(&ws, &CampaignOptions { by: Some(MigrationBy::Segment), ..options.clone() });
    let counted: u64 = by_segment.campaigns[0]
        .classes
        .iter()
        .map(|k| k.treatment.contacted + k.control.as_ref().map_or(0, |c| c.contacted))
        .sum();
    assert_eq!(counted, 4);
    assert!(by_segment.campaigns[0]
        .classes
        .iter()
        .all(|k| k.treatment.contacted + k.control.as_ref().unwrap().contacted > 0));
    // Without `by`, no per-class rows.
    let none = evaluate(&ws, &CampaignOptions { by: None, ..options });
    assert!(none.campaigns[0].classes.is_empty() && none.by.is_none());
}

#[test]
fn windows_count_the_contact_day_stop_before_d_and_orders_once() {
    // Contact 06-01 with W = 3: rows on 06-01 … 06-03 count; 05-31 and 06-04 do not. Two lines of one order count
    // one order; a line without an order id is an order of its own.
    let orders = "order_id,customer_id,order_date,amount\nA,a,2024-05-31,7\nB,a,2024-06-01,10\nB,a,2024-06-01,5\n\
                  ,a,2024-06-03,1\nC,a,2024-06-04,100\nD,b,2024-06-02,-3\n";
    let contacts = "customer_id,send_date,campaign,group\na,2024-06-01,June,t\nb,2024-06-01,June,t\n\
                    a,2024-06-09,Late,t\n";
    let ws = workspace(orders, contacts.as_bytes(), "windows.csv");
    let options =
        CampaignOptions { analysis_date: Some(day("2024-06-10")), window_days: 3, ..CampaignOptions::default() };
    let result = evaluate(&ws, &options);
    let june = &result.campaigns[0];
    assert_eq!(june.campaign, "June");
    let t = &june.treatment;
    assert_eq!((t.contacted, t.responders, t.orders, t.revenue), (2, 1, 2, Money(130_000)), "a: 16; b: a return");
    assert!(june.window_complete);
    // The late campaign's window (06-09 … 06-11) passes D = 06-10: incomplete, with a warning.
    let late = &result.campaigns[1];
    assert!(!late.window_complete);
    assert_eq!(result.warnings.len(), 1);
    let warning = serde_json::to_value(&result.warnings[0]).unwrap();
    assert_eq!(warning["code"], "window_incomplete");
    assert_eq!(
        warning["details"],
        serde_json::json!({ "campaign": "Late", "windowEnd": "2024-06-11", "analysisDate": "2024-06-10" })
    );
    // Rows on or after D are reported as excluded (none here: all before 06-10).
    assert_eq!(result.excluded.count, 0);
}

#[test]
fn a_cost_column_is_summed_over_the_treatment_plus_the_fixed_cost() {
    let orders = "customer_id,order_date,amount\na,2024-06-02,50\nb,2024-06-02,20\n";
    let contacts = "customer_id,send_date,group,cost\na,2024-06-01,t,1.25\nc,2024-06-01,t,0.75\nb,2024-06-01,c,9\n";
    let ws = workspace(orders, contacts.as_bytes(), "cost.csv");
    let options = CampaignOptions {
        analysis_date: Some(day("2024-08-01")),
        cost_per_contact: Money(1_000_000), // ignored: the file has a cost column
        fixed_cost: Money(30_000),
        ..CampaignOptions::default()
    };
    let roi = evaluate(&ws, &options).campaigns[0].roi.clone().unwrap();
    assert_eq!(roi.cost_exact, "5.0000", "1.25 + 0.75 + 3; the control's 9 is not the campaign's");
    // Incremental revenue: (50 / 2 − 20) × 2 = 10; incremental responders (1/2 − 1) × 2 = −1: no cost per one.
    assert_close(roi.profit, 10.0, 1e-12);
    assert_close(roi.roi, 1.0, 1e-12);
    assert_eq!(roi.cost_per_incremental_responder, None);
}

#[test]
fn campaigns_need_a_joined_file_and_take_the_classes_date_themselves() {
    let ws: Workspace = load(F1_ORDERS.as_bytes(), &LoadOptions::default()).unwrap().into();
    let e = ws.campaigns(&CampaignOptions::default(), &RfmOptions::default()).unwrap_err();
    assert_eq!(e.code(), "invalid_state");
    let ws = workspace(F1_ORDERS, &fixture("campaign-f1.csv"), "campaign-f1.csv");
    let rfm = RfmOptions { analysis_date: Some(day("2024-04-01")), ..RfmOptions::default() };
    let e = ws.campaigns(&CampaignOptions::default(), &rfm).unwrap_err();
    assert!(e.to_string().starts_with("rfm.analysisDate"), "{e}");
    let e = ws.campaigns(&CampaignOptions { confidence: 0.5, ..CampaignOptions::default() }, &RfmOptions::default());
    assert!(e.unwrap_err().to_string().starts_with("confidence"));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// Newcombe's interval holds the difference and stays inside [−1, 1], whatever the counts (0 % and 100 %
    /// included) and the confidence level.
    #[test]
    fn newcombe_interval_contains_the_difference_and_stays_in_bounds(
        (y_t, n_t) in (1u64..5_000).prop_flat_map(|n| (0..=n, Just(n))),
        (y_c, n_c) in (1u64..5_000).prop_flat_map(|n| (0..=n, Just(n))),
        level in 0usize..3,
    ) {
        let z = CONFIDENCE_LEVELS[level].1;
        let difference = y_t as f64 / n_t as f64 - y_c as f64 / n_c as f64;
        let (low, high) = newcombe(y_t, n_t, y_c, n_c, z);
        prop_assert!(low <= difference && difference <= high, "{low} {difference} {high}");
        prop_assert!((-1.0..=1.0).contains(&low) && (-1.0..=1.0).contains(&high), "{low} {high}");
        prop_assert!(low < high, "a positive width");
    }

    /// The extremes, which random counts rarely reach: all or none respond in either group.
    #[test]
    fn newcombe_interval_at_zero_and_full_response(
        n_t in 1u64..100_000, n_c in 1u64..100_000, all_t in any::<bool>(), all_c in any::<bool>(), level in 0usize..3,
    ) {
        let (y_t, y_c) = (if all_t { n_t } else { 0 }, if all_c { n_c } else { 0 });
        let difference = y_t as f64 / n_t as f64 - y_c as f64 / n_c as f64;
        let (low, high) = newcombe(y_t, n_t, y_c, n_c, CONFIDENCE_LEVELS[level].1);
        prop_assert!(low <= difference && difference <= high && low >= -1.0 && high <= 1.0, "{low} {high}");
    }
}

#[test]
fn the_bundled_sample_campaigns_show_an_uplift_and_a_gross_roi() {
    let root = env!("CARGO_MANIFEST_DIR");
    let orders = std::fs::read_to_string(format!("{root}/www/samples/orders.csv")).unwrap();
    let ws = workspace(&orders, &std::fs::read(format!("{root}/www/samples/campaigns.csv")).unwrap(), "campaigns.csv");
    let result = evaluate(&ws, &CampaignOptions::default());
    let names: Vec<&str> = result.campaigns.iter().map(|c| c.campaign.as_str()).collect();
    assert_eq!(names, ["Spring newsletter", "Black Friday SMS", "VIP gift"]);
    for c in &result.campaigns[..2] {
        let u = c.uplift.as_ref().unwrap();
        assert!(u.low > 0.0, "{}: the sample is made to show an uplift, {u:?}", c.campaign);
        assert_eq!(c.roi.as_ref().unwrap().roi_basis, "incremental");
        assert!(c.classes.len() >= 3, "{}: several segments", c.campaign);
    }
    let black_friday = &result.campaigns[1];
    assert!(black_friday.classes.iter().any(|k| k.class == PROSPECT), "its prospects");
    assert!(!black_friday.window_complete || result.analysis_date > day("2024-12-19"));
    let vip = &result.campaigns[2];
    assert!(vip.control.is_none() && vip.roi.as_ref().unwrap().roi_basis == "gross");
    assert!(vip.treatment.open_rate.is_some());
}

#[test]
fn the_classes_states_are_kept_while_the_rfm_options_stay() {
    let orders = "customer_id,order_date,amount\na,2024-01-01,10\nb,2024-02-01,20\na,2024-03-05,5\n";
    // Three first-contact dates: more than the workspace keeps frames of, so only the kept states spare the work.
    let contacts =
        "customer_id,send_date,campaign,group\na,2024-03-01,X,t\nb,2024-03-01,X,c\na,2024-04-01,Y,t\nb,2024-05-01,Z,t\n";
    let ws = workspace(orders, contacts.as_bytes(), "states.csv");
    let options = CampaignOptions { analysis_date: Some(day("2024-06-01")), ..CampaignOptions::default() };
    let first = evaluate(&ws, &options);
    // One frame (at D) for the three dates: the frame at each first contact is read from it (issue 15.6).
    assert_eq!(ws.cache_stats().frames_built, 1, "the frame at D only");
    let scored = ws.cache_stats().campaign_states;
    assert_eq!(scored, 3, "one state per first contact date");
    // Another window, cost or margin: the same states, none computed.
    let other = evaluate(&ws, &CampaignOptions { window_days: 7, margin: 0.5, ..options.clone() });
    assert_eq!(ws.cache_stats().campaign_states, scored);
    assert_eq!(first.campaigns[0].classes.len(), other.campaigns[0].classes.len());
    let classes = |r: &CampaignsResult| {
        r.campaigns.iter().map(|c| c.classes.iter().map(|k| k.class.clone()).collect::<Vec<_>>()).collect::<Vec<_>>()
    };
    assert_eq!(classes(&first), classes(&other));
    // A call without per-class rows keeps them too.
    evaluate(&ws, &CampaignOptions { by: None, ..options.clone() });
    evaluate(&ws, &options);
    assert_eq!(ws.cache_stats().campaign_states, scored);
    // Other RFM options: the states are computed again, still from the one frame.
    let rfm = RfmOptions { bins: 3, ..RfmOptions::default() };
    let third = ws.campaigns(&options, &rfm).unwrap();
    assert_eq!(third.campaigns.len(), 3);
    assert_eq!(ws.cache_stats().campaign_states, scored + 3, "states at the three dates again");
    assert_eq!(ws.cache_stats().frames_built, 1);
}

/// §16.5 on a generated file: every per-class row of every campaign (several first-contact dates, one before any
/// order) equals the campaign-level figures of a file holding only that class's contacts, the classes read from a
/// full RFM run at the campaign's first contact (the path the per-class rows were first computed by).
/// A generated contact: campaign, customer id, contact date, group.
type Contact = (String, String, &'static str, &'static str);

#[test]
fn per_class_rows_equal_the_campaigns_of_each_class_at_several_contact_dates() {
    let mut orders = String::from("customer_id,order_date,order_id,amount\n");
    let mut next = seeded(7);
    for line in 0..12_000 {
        let (customer, date) = (next(2500), day("2023-01-01").plus(next(700) as i32));
        orders.push_str(&format!("C{customer:04},{date},O{line},{}.{:02}\n", 1 + next(300), next(100)));
    }
    let dates = ["2022-12-01", "2023-06-15", "2024-01-10", "2024-05-01", "2024-09-20"];
    let mut contacts: Vec<Contact> = Vec::new();
    // More contacts than one PASS_CHUNK (4,096): the outcomes are read in several calls. One contact per person
    // and campaign (a repeated one would be reported and dropped, §16.1).
    let mut seen = std::collections::HashSet::new();
    while contacts.len() < 9000 {
        let campaign = next(4) as usize;
        let id = if next(10) == 0 { format!("P{:03}", next(300)) } else { format!("C{:04}", next(2520)) };
        if !seen.insert((campaign, id.clone())) {
            continue;
        }
        let date = dates[campaign + next(2) as usize];
        contacts.push((format!("K{campaign}"), id, date, if next(3) == 0 { "control" } else { "treatment" }));
    }
    let file = |rows: &[&Contact]| {
        let lines: String = rows.iter().map(|(k, id, d, g)| format!("{id},{d},{k},{g}\n")).collect();
        format!("customer_id,send_date,campaign,group\n{lines}")
    };
    let all: Vec<_> = contacts.iter().collect();
    let ws = workspace(&orders, file(&all).as_bytes(), "generated.csv");
    let options = CampaignOptions { analysis_date: Some(day("2025-01-01")), ..CampaignOptions::default() };
    let result = evaluate(&ws, &options);
    assert_eq!(result.campaigns.len(), 4);
    let mut rows_checked = 0;
    for campaign in &result.campaigns {
        let rfm = RfmOptions { analysis_date: Some(campaign.first_contact), ..RfmOptions::default() };
        let class_of = |id: &str| -> String {
            let Ok(state) = ws.rfm(&rfm) else { return PROSPECT.to_string() };
            let c = &state.customers;
            let at = c.customer.iter().position(|&code| ws.orders().customer.value(code) == id);
            at.map_or(PROSPECT.to_string(), |i| state.segments[usize::from(c.segment[i])].name.clone())
        };
        let classes: Vec<(&Contact, String)> =
            all.iter().filter(|c| c.0 == campaign.campaign).map(|&c| (c, class_of(&c.1))).collect();
        let mut listed = 0;
        for row in &campaign.classes {
            let subset: Vec<_> = classes.iter().filter(|(_, class)| *class == row.class).map(|(c, _)| *c).collect();
            let alone = workspace(&orders, file(&subset).as_bytes(), "one-class.csv");
            let expected = &evaluate(&alone, &CampaignOptions { by: None, ..options.clone() }).campaigns[0];
            assert_eq!(row.treatment, expected.treatment, "{} / {}", campaign.campaign, row.class);
            if expected.control.is_some() {
                assert_eq!(row.control, expected.control, "{} / {}", campaign.campaign, row.class);
                assert_eq!(row.uplift, expected.uplift, "{} / {}", campaign.campaign, row.class);
            }
            listed += subset.len();
            rows_checked += 1;
        }
        assert_eq!(listed, classes.len(), "every contact of {} is in one class row", campaign.campaign);
    }
    assert!(rows_checked > 12, "{rows_checked} class rows");
    assert!(result.campaigns.iter().any(|c| c.classes.iter().any(|k| k.class == PROSPECT)));
}
