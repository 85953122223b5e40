//! Customer attributes and profiles (analytics.md §14.2–§14.4): the worked examples D2–D5 of §14.6 through the
//! workspace, with figures counted here from the example's table, and the privacy of the export.

use clientele::analysis::compare::{CompareOptions, KeyPart};
use clientele::analysis::profile::{age_on, ProfileOptions, ProfileResult, ProfileRows, ValueKind};
use clientele::analysis::rfm::export::ExportFilter;
use clientele::analysis::rfm::lifecycle::LifecycleThresholds;
use clientele::analysis::rfm::RfmOptions;
use clientele::date::Day;
use clientele::ingest::{load, load_file, FileKind, LoadOptions, LoadedFile};
use clientele::workspace::Workspace;
use clientele::ErrorKind;

/// §14.6's customers file (header on line 1).
const D_CUSTOMERS: &str = "customer,birth_date,age,gender,region\n\
    a,1990-05-01,,F,Beijing\n\
    b,1999-05-02,,男,Shanghai\n\
    c,,34, M ,Shanghai\n\
    a,1980-01-01,,M,Tianjin\n\
    z,1970-01-01,,female,Beijing\n\
    e,1960-02-29,,女,Guangzhou\n";

/// §12.7's orders (f's only row is 0.00: not scored).
const D_ORDERS: &str = "customer,date,amount\n\
    a,2024-01-05,100\na,2024-02-10,50\na,2024-04-20,30\nb,2024-01-20,80\nb,2024-03-03,-20\n\
    c,2024-02-02,60\nc,2024-02-25,40\nc,2024-03-15,70\nd,2024-02-14,20\ne,2024-03-30,90\ne,2024-04-02,10\n\
    f,2024-04-10,0.00\n";

fn day(text: &str) -> Day {
    Day::parse_iso(text).unwrap()
}

fn workspace_with(orders: &str, customers: &str) -> Workspace {
    let mut workspace: Workspace = load(orders.as_bytes(), &LoadOptions::default()).unwrap().into();
    let LoadedFile::Customers(file) =
        load_file(FileKind::Customers, customers.as_bytes(), &LoadOptions::default()).unwrap()
    else {
        panic!("not a customers file")
    };
    workspace.join_customers(file);
    workspace
}

/// §14.6's RFM options: D = 2024-05-01 and lifecycle { 30, 30, 60 }.
fn d_rfm() -> RfmOptions {
    RfmOptions {
        analysis_date: Some(day("2024-05-01")),
        lifecycle: LifecycleThresholds { new_days: 30, active_days: 30, at_risk_days: 60 },
        ..Default::default()
    }
}

fn d_profile(attribute: &str) -> ProfileResult {
    let workspace = workspace_with(D_ORDERS, D_CUSTOMERS);
    let options = ProfileOptions {
        attribute: attribute.into(),
        rows: ProfileRows::Lifecycle,
        rfm: d_rfm(),
        ..Default::default()
    };
    workspace.profile(&options).unwrap()
}

/// (value, share) of the overall distribution.
fn overall(result: &ProfileResult) -> Vec<(String, f64)> {
    result.overall.iter().map(|v| (v.value.clone(), v.share.unwrap())).collect()
}

/// The non-empty cells of class `name`: (value, share, index).
fn cells(result: &ProfileResult, name: &str) -> Vec<(String, f64, Option<f64>)> {
    let class = result.classes.iter().find(|c| c.name == name).unwrap_or_else(|| panic!("no class {name}"));
    class
        .cells
        .iter()
        .filter(|c| c.customers != Some(0))
        .map(|c| (c.value.clone(), c.share.unwrap(), c.index.map(|i| (i * 1e9).round() / 1e9)))
        .collect()
}

fn cell(value: &str, share: f64, index: f64) -> (String, f64, Option<f64>) {
    (value.to_string(), share, Some(index))
}

#[test]
fn section_14_6_d2_derived_age_band_and_gender_per_customer() {
    let workspace = workspace_with(D_ORDERS, D_CUSTOMERS);
    let result = workspace.rfm(&d_rfm()).unwrap();
    let ids: Vec<&str> = result.customers.customer.iter().map(|&c| workspace.orders().customer.value(c)).collect();
    assert_eq!(ids, ["a", "b", "c", "d", "e"]);
    let columns = workspace.customer_columns(&result).unwrap();
    assert_eq!(
        columns.age,
        [Some(34), Some(24), Some(34), None, Some(64)],
        "a's birthday on D counts; b turns 25 after D"
    );
    let bands: Vec<&str> = columns.age_band.iter().map(|&b| columns.age_band_names[b as usize].as_str()).collect();
    assert_eq!(bands, ["25–34", "<25", "25–34", "(blank)", "55–64"]);
    let genders: Vec<&str> = columns.gender.iter().map(|&g| columns.gender_names[g as usize].as_str()).collect();
    assert_eq!(genders, ["female", "male", "male", "(blank)", "female"]);
}

#[test]
fn section_14_6_d2_leap_day_birthday_completes_on_28_february_in_common_years() {
    let born = day("2000-02-29");
    assert_eq!(age_on(born, day("2023-02-27")), Some(22));
    assert_eq!(age_on(born, day("2023-02-28")), Some(23));
    assert_eq!(age_on(born, day("2024-02-28")), Some(23));
    assert_eq!(age_on(born, day("2024-02-29")), Some(24));
}

#[test]
fn section_14_6_d3_profile_by_age_band() {
    let result = d_profile("ageBand");
    assert_eq!(result.customers, 5);
    let want: Vec<(String, f64)> =
        [("<25", 0.2), ("25–34", 0.4), ("35–44", 0.0), ("45–54", 0.0), ("55–64", 0.2), ("65+", 0.0), ("(blank)", 0.2)]
            .iter()
            .map(|(v, s)| (v.to_string(), *s))
            .collect();
    assert_eq!(overall(&result), want, "bands in band order, (blank) last");
    assert_eq!(result.overall.last().unwrap().kind, ValueKind::Blank);
    assert_eq!(result.overall[1].label.zh, "25–34岁");
    assert_eq!(result.overall[6].label.zh, "(未知)");
    assert_eq!(cells(&result, "Active"), [cell("25–34", 0.5, 125.0), cell("55–64", 0.5, 250.0)]);
    assert_eq!(cells(&result, "At risk"), [cell("25–34", 1.0, 250.0)]);
    assert_eq!(cells(&result, "Lapsed"), [cell("<25", 0.5, 250.0), cell("(blank)", 0.5, 250.0)]);
    let active = result.classes.iter().find(|c| c.name == "Active").unwrap();
    assert_eq!(active.customers, 2);
    // Revenue: a 180 (25–34), e 100 (55–64): shares of the class's 280.
    let band = |v: &str| active.cells.iter().find(|c| c.value == v).unwrap();
    assert_eq!(band("25–34").revenue_exact.as_deref(), Some("180.0000"));
    assert!((band("55–64").revenue_share.unwrap() - 100.0 / 280.0).abs() < 1e-12);
    assert_eq!(band("<25").index, None, "an empty cell has no index");
    assert!(result.warnings.is_empty(), "{:?}", result.warnings);
}

#[test]
fn section_14_6_d4_profile_by_gender() {
    let result = d_profile("gender");
    let want: Vec<(String, f64)> =
        [("female", 0.4), ("male", 0.4), ("(blank)", 0.2)].iter().map(|(v, s)| (v.to_string(), *s)).collect();
    assert_eq!(overall(&result), want, "by customers, ties by name, (blank) last");
    assert_eq!(result.overall[0].label.zh, "女");
    assert_eq!(result.overall[1].label.zh, "男");
    assert_eq!(cells(&result, "Active"), [cell("female", 1.0, 250.0)]);
    assert_eq!(cells(&result, "At risk"), [cell("male", 1.0, 250.0)]);
    assert_eq!(cells(&result, "Lapsed"), [cell("male", 0.5, 125.0), cell("(blank)", 0.5, 250.0)]);
}

#[test]
fn section_14_6_d5_compare_by_gender() {
    let workspace = workspace_with(D_ORDERS, D_CUSTOMERS);
    let options =
        CompareOptions { by: vec!["gender".into()], analysis_date: Some(day("2024-05-01")), ..Default::default() };
    let result = workspace.compare(&options).unwrap();
    let groups: Vec<(KeyPart, String, u64, u64)> = result
        .groups
        .iter()
        .map(|g| (g.key[0].clone(), g.current.revenue_exact.clone(), g.current.orders, g.current.customers))
        .collect();
    assert_eq!(
        groups,
        [
            (KeyPart::Value("female".into()), "280.0000".into(), 5, 2),
            (KeyPart::Value("male".into()), "230.0000".into(), 4, 2),
            (KeyPart::Blank, "20.0000".into(), 1, 1),
        ]
    );
    // f's zero-amount row is a row of (blank) without an order: the blank group still has one customer.
    let by_band = CompareOptions { by: vec!["ageBand".into()], ..options.clone() };
    let bands = workspace.compare(&by_band).unwrap();
    let band_25_34 = bands.groups.iter().find(|g| g.key[0] == KeyPart::Value("25–34".into())).unwrap();
    assert_eq!((band_25_34.current.revenue_exact.as_str(), band_25_34.current.customers), ("350.0000", 2));
    let by_region = CompareOptions { by: vec!["region".into(), "lifecycle".into()], ..options };
    assert!(workspace.compare(&by_region).is_ok(), "an attribute column crosses with a computed dimension");
}

#[test]
fn compare_by_an_unknown_attribute_lists_the_attributes() {
    let workspace = workspace_with(D_ORDERS, D_CUSTOMERS);
    let options = CompareOptions { by: vec!["province".into()], ..Default::default() };
    match workspace.compare(&options).unwrap_err().kind() {
        ErrorKind::UnknownColumn { columns, .. } => {
            for name in ["ageBand", "gender", "region", "segment"] {
                assert!(columns.iter().any(|c| c == name), "{name} in {columns:?}");
            }
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn suppress_below_hides_small_cells_and_their_index() {
    let workspace = workspace_with(D_ORDERS, D_CUSTOMERS);
    let options = ProfileOptions {
        attribute: "gender".into(),
        rows: ProfileRows::Lifecycle,
        rfm: d_rfm(),
        suppress_below: 2,
        ..Default::default()
    };
    let result = workspace.profile(&options).unwrap();
    let active = result.classes.iter().find(|c| c.name == "Active").unwrap();
    let female = &active.cells[0];
    assert_eq!((female.value.as_str(), female.customers, female.suppressed), ("female", Some(2), false));
    let lapsed = result.classes.iter().find(|c| c.name == "Lapsed").unwrap();
    for c in lapsed.cells.iter().filter(|c| c.value != "female") {
        assert!(c.suppressed, "{c:?}");
        assert_eq!((c.customers, c.share, c.index, c.revenue, c.revenue_share), (None, None, None, None, None));
    }
    let empty = &lapsed.cells[0];
    assert_eq!((empty.customers, empty.suppressed), (Some(0), false), "an empty cell is not suppressed");
    let blank = result.overall.iter().find(|v| v.kind == ValueKind::Blank).unwrap();
    assert!(blank.suppressed && blank.customers.is_none(), "1 customer overall is suppressed too");
}

#[test]
fn bad_ages_are_unknown_and_reported_once_with_their_lines() {
    let customers = "customer,birth_date,age\na,2024-06-01,\nb,,130\nc,,-1\nd,,40.9\ne,1900-01-01,\n";
    let workspace = workspace_with(D_ORDERS, customers);
    let rfm = d_rfm();
    let result = workspace.rfm(&rfm).unwrap();
    let columns = workspace.customer_columns(&result).unwrap();
    assert_eq!(columns.age, [None, None, None, Some(40), None], "fractions floored; out of range unknown");
    let options = ProfileOptions { attribute: "ageBand".into(), rfm, ..Default::default() };
    let profile = workspace.profile(&options).unwrap();
    assert_eq!(profile.warnings.len(), 1);
    let warning = &profile.warnings[0];
    assert_eq!(warning.code(), "bad_age");
    assert_eq!(warning.lines, [2, 3, 4, 6]);
}

#[test]
fn profile_values_past_top_are_summed_into_other() {
    let workspace = workspace_with(D_ORDERS, D_CUSTOMERS);
    let options = ProfileOptions { attribute: "region".into(), top: 1, rfm: d_rfm(), ..Default::default() };
    let result = workspace.profile(&options).unwrap();
    let values: Vec<(&str, ValueKind, Option<u64>)> =
        result.overall.iter().map(|v| (v.value.as_str(), v.kind, v.customers)).collect();
    // Shanghai (b, c) first; Beijing (a) and Guangzhou (e) in Other; d without a record.
    assert_eq!(
        values,
        [
            ("Shanghai", ValueKind::Value, Some(2)),
            ("Other", ValueKind::Other, Some(2)),
            ("(blank)", ValueKind::Blank, Some(1))
        ]
    );
    let total: u64 = result.classes.iter().map(|c| c.customers).sum();
    assert_eq!(total, 5);
}

#[test]
fn profile_errors_name_what_to_do() {
    let plain: Workspace = load(D_ORDERS.as_bytes(), &LoadOptions::default()).unwrap().into();
    let options = ProfileOptions { attribute: "gender".into(), ..Default::default() };
    assert!(matches!(plain.profile(&options).unwrap_err().kind(), ErrorKind::InvalidState { .. }));
    let workspace = workspace_with(D_ORDERS, D_CUSTOMERS);
    let unknown = ProfileOptions { attribute: "city".into(), ..Default::default() };
    assert!(matches!(workspace.profile(&unknown).unwrap_err().kind(), ErrorKind::UnknownColumn { .. }));
    let bands = ProfileOptions { attribute: "ageBand".into(), age_bands: vec![40, 30], ..Default::default() };
    assert!(matches!(workspace.profile(&bands).unwrap_err().kind(), ErrorKind::InvalidOption { .. }));
    let edges =
        ProfileOptions { attribute: "ageBand".into(), age_bands: vec![30, 50], rfm: d_rfm(), ..Default::default() };
    let result = workspace.profile(&edges).unwrap();
    let values: Vec<&str> = result.overall.iter().map(|v| v.value.as_str()).collect();
    assert_eq!(values, ["<30", "30–49", "50+", "(blank)"], "editable edges");
}

#[test]
fn export_writes_attributes_only_when_asked() {
    let workspace = workspace_with(D_ORDERS, D_CUSTOMERS);
    let rfm = d_rfm();
    let plain = workspace.export_customers(&rfm, &ExportFilter::default()).unwrap();
    for private in ["Beijing", "female", "gender", "region", "25–34"] {
        assert!(!plain.contains(private), "{private} leaked into {plain}");
    }
    let filter =
        ExportFilter { attributes: vec!["ageBand".into(), "gender".into(), "region".into()], ..Default::default() };
    let asked = workspace.export_customers(&rfm, &filter).unwrap();
    let lines: Vec<&str> = asked.trim_start_matches('\u{feff}').lines().collect();
    assert!(lines[0].ends_with(",ageBand,gender,region"), "{}", lines[0]);
    assert!(lines[1].starts_with("a,") && lines[1].ends_with(",25–34,female,Beijing"), "{}", lines[1]);
    assert!(lines[4].starts_with("d,") && lines[4].ends_with(",(blank),(blank),(blank)"), "{}", lines[4]);
    let unknown = ExportFilter { attributes: vec!["email".into()], ..Default::default() };
    assert!(matches!(workspace.export_customers(&rfm, &unknown).unwrap_err().kind(), ErrorKind::UnknownColumn { .. }));
}

#[test]
fn the_bundled_sample_customers_file_joins_the_sample_orders_and_shows_over_represented_cells() {
    let root = env!("CARGO_MANIFEST_DIR");
    let orders = std::fs::read(format!("{root}/www/samples/orders.csv")).unwrap();
    let customers = std::fs::read(format!("{root}/www/samples/customers.csv")).unwrap();
    let mut workspace: Workspace = load(&orders, &LoadOptions::default()).unwrap().into();
    let LoadedFile::Customers(file) = load_file(FileKind::Customers, &customers, &LoadOptions::default()).unwrap()
    else {
        panic!("not a customers file")
    };
    let report = workspace.join_customers(file).clone();
    assert_eq!(report.records_without_customer.count, 3, "the three prospects");
    assert!(report.customers_without_record > 0 && report.matched > 10 * report.customers_without_record, "{report:?}");
    assert!(report.warnings.is_empty() && report.skipped.is_empty(), "{report:?}");
    for attribute in ["ageBand", "gender", "membership", "city"] {
        let options = ProfileOptions { attribute: attribute.into(), ..Default::default() };
        let result = workspace.profile(&options).unwrap();
        assert!(result.warnings.is_empty(), "{attribute}: {:?}", result.warnings);
        let blank = result.overall.iter().find(|v| v.kind == ValueKind::Blank).unwrap();
        assert!(blank.customers.unwrap() > 0, "{attribute}: customers without a record are (blank)");
        let highest = result.classes.iter().flat_map(|c| &c.cells).filter_map(|c| c.index).fold(0.0, f64::max);
        assert!(highest > 120.0, "{attribute}: some cell stands out (highest index {highest})");
    }
    let gold = ProfileOptions { attribute: "membership".into(), ..Default::default() };
    let result = workspace.profile(&gold).unwrap();
    let champions = result.classes.iter().find(|c| c.name == "Champions").unwrap();
    let gold = champions.cells.iter().find(|c| c.value == "gold").unwrap();
    assert!(gold.index.unwrap() > 150.0, "big spenders are gold more often: {gold:?}");
}

#[test]
fn customer_values_are_returned_only_when_asked_and_index_the_overall_values() {
    let workspace = workspace_with(D_ORDERS, D_CUSTOMERS);
    let options = ProfileOptions { attribute: "region".into(), top: 1, rfm: d_rfm(), ..Default::default() };
    assert_eq!(workspace.profile(&options).unwrap().customer_values, None);
    let asked = ProfileOptions { customer_values: true, ..options };
    let result = workspace.profile(&asked).unwrap();
    let values: Vec<&str> =
        result.customer_values.unwrap().iter().map(|&v| result.overall[v as usize].value.as_str()).collect();
    // a Beijing and e Guangzhou are in Other (top 1 keeps Shanghai); d has no record.
    assert_eq!(values, ["Other", "Shanghai", "Shanghai", "(blank)", "Other"]);
}

// profile speed (issue 15.6): ages kept per analysis date.
#[test]
fn ages_kept_between_profiles_follow_the_analysis_date() {
    let workspace = workspace_with(D_ORDERS, D_CUSTOMERS);
    let at = |date: &str| ProfileOptions {
        attribute: "ageBand".into(),
        rows: ProfileRows::Lifecycle,
        rfm: RfmOptions { analysis_date: Some(day(date)), ..d_rfm() },
        ..Default::default()
    };
    // b (born 1999-05-02) is 24 on 2024-05-01 and 25 on 2024-05-03: the kept ages must not leak across dates.
    let fresh = |date: &str| workspace_with(D_ORDERS, D_CUSTOMERS).profile(&at(date)).unwrap();
    let first = workspace.profile(&at("2024-05-01")).unwrap();
    let later = workspace.profile(&at("2024-05-03")).unwrap();
    assert_ne!(overall(&first), overall(&later), "b changes band");
    assert_eq!(later, fresh("2024-05-03"));
    assert_eq!(workspace.profile(&at("2024-05-01")).unwrap(), first);
    assert_eq!(first, fresh("2024-05-01"));
    // Other band edges on the kept ages.
    let edges = ProfileOptions { age_bands: vec![30, 60], ..at("2024-05-01") };
    assert_eq!(workspace.profile(&edges).unwrap(), workspace_with(D_ORDERS, D_CUSTOMERS).profile(&edges).unwrap());
}
