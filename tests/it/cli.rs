//! Issue 19: the command line (src/bin/clientele.rs) streams a file through the core's Loader and writes exactly
//! what `exportCustomers` gives for the same file and options, with the load report on stderr.

use clientele::analysis::rfm::export::ExportFilter;
use clientele::analysis::rfm::{Cn8Compare, Cn8Options, RfmOptions, ScoringMethod, SegmentMapChoice};
use clientele::ingest::{self, LoadOptions};
use clientele::workspace::Workspace;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the binary; (exit success, stdout, stderr).
fn clientele(args: &[&str]) -> (bool, Vec<u8>, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_clientele")).args(args).output().expect("run clientele");
    (output.status.success(), output.stdout, String::from_utf8_lossy(&output.stderr).into_owned())
}

/// What `exportCustomers(options, filter)` returns for the file loaded whole (the wasm method calls this).
fn export(path: &Path, options: &RfmOptions, filter: &ExportFilter) -> Result<String, String> {
    let bytes = std::fs::read(path).unwrap();
    let load_options =
        LoadOptions { file_name: Some(path.file_name().unwrap().to_string_lossy().into()), ..Default::default() };
    let loaded = ingest::load(&bytes, &load_options).map_err(|e| e.to_string())?;
    Workspace::new(loaded.table, loaded.report).export_customers(options, filter).map_err(|e| e.to_string())
}

/// Orders files among the fixtures, and the bundled sample.
fn files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            (name.ends_with(".csv") || name.ends_with(".txt") || name.ends_with(".xlsx"))
                && !name.contains("campaign")
                && !name.contains("customers")
        })
        .collect();
    files.sort();
    files.push(root().join("www/samples/orders.csv"));
    files
}

#[test]
fn rfm_output_equals_export_customers_byte_for_byte_on_every_fixture() {
    let cn8_median_raw = SegmentMapChoice::Cn8(Cn8Options { compare: Cn8Compare::Median, raw: true });
    let runs: Vec<(Vec<&str>, RfmOptions, ExportFilter)> = vec![
        (vec![], RfmOptions::default(), ExportFilter::default()),
        (
            vec!["--segment-map", "cn-8", "--cn8-compare", "median", "--cn8-on", "raw", "--lang", "zh"],
            RfmOptions { segment_map: cn8_median_raw, ..Default::default() },
            ExportFilter { chinese_labels: true, ..Default::default() },
        ),
        (
            vec!["--method", "quantile", "--segment-map", "r-rfm-readme", "--monetary", "mean"],
            RfmOptions {
                method: ScoringMethod::Quantile,
                segment_map: SegmentMapChoice::preset("r-rfm-readme").unwrap(),
                monetary: clientele::analysis::rfm::MonetaryMode::Mean,
                ..Default::default()
            },
            ExportFilter::default(),
        ),
        (
            vec!["--bins", "4", "--segment-map", "pymc-5", "--tiers", "0.1,0.3,0.6"],
            RfmOptions {
                bins: 4,
                segment_map: SegmentMapChoice::preset("pymc-5").unwrap(),
                tiers: vec![0.1, 0.3, 0.6],
                ..Default::default()
            },
            ExportFilter::default(),
        ),
    ];
    let mut compared = 0;
    for file in files() {
        let path = file.to_string_lossy().to_string();
        for (flags, options, filter) in &runs {
            let mut args = vec!["rfm", path.as_str()];
            args.extend(flags);
            let (ok, stdout, stderr) = clientele(&args);
            match export(&file, options, filter) {
                Ok(expected) => {
                    assert!(ok, "{path} {flags:?}: {stderr}");
                    assert_eq!(String::from_utf8(stdout).unwrap(), expected, "{path} {flags:?}");
                    assert!(stderr.contains("rows read"), "{path}: the load report on stderr");
                    compared += 1;
                }
                // A file the module refuses (not an orders export, no customers): the command fails and says why.
                Err(message) => {
                    assert!(!ok && stdout.is_empty(), "{path} {flags:?} should fail: {message}");
                    assert!(stderr.contains(&message), "{path}: {stderr} should hold {message}");
                }
            }
        }
    }
    assert!(compared >= 40, "most fixtures compared ({compared})");
}

#[test]
fn skipped_rows_are_reported_on_stderr_with_their_lines() {
    let text = "customer_id,order_date,amount\nC1,2024-01-01,10\n,2024-01-02,5\nC2,not a date,3\nC3,2024-01-03,\nC1,2024-02-01,7\n";
    let path = std::env::temp_dir().join(format!("clientele-cli-skipped-{}.csv", std::process::id()));
    std::fs::write(&path, text).unwrap();
    let (ok, stdout, stderr) = clientele(&["rfm", &path.to_string_lossy()]);
    std::fs::remove_file(&path).unwrap();
    assert!(ok, "{stderr}");
    for expected in [
        "5 rows read, 2 used",
        "skipped 1 rows (missing_customer), first lines 3",
        "skipped 1 rows (bad_date), first lines 4",
        "skipped 1 rows (missing_amount), first lines 5",
        "1 customers scored",
    ] {
        assert!(stderr.contains(expected), "{stderr} should hold {expected}");
    }
    assert_eq!(String::from_utf8(stdout).unwrap().lines().count(), 2, "the header and C1");
}

#[test]
fn compare_by_region_and_sql_and_bad_flags() {
    let sample = root().join("www/samples/orders.csv");
    let sample = sample.to_string_lossy();
    let (ok, stdout, stderr) = clientele(&["compare", &sample, "--by", "region", "--period", "90"]);
    assert!(ok, "{stderr}");
    let text = String::from_utf8(stdout).unwrap();
    let header = text.lines().next().unwrap();
    assert!(header.starts_with("region,revenue,orders,customers") && header.contains("change_revenue"), "{header}");
    // The groups' revenue adds up to the window's total (no group lost).
    let loaded = ingest::load(&std::fs::read(&*sample).unwrap(), &LoadOptions::default()).unwrap();
    let options = clientele::analysis::compare::CompareOptions {
        by: vec!["region".into()],
        period: Some(clientele::analysis::compare::Period {
            days: 90,
            vs: clientele::analysis::compare::Baseline::Previous,
        }),
        ..Default::default()
    };
    let result = Workspace::new(loaded.table, loaded.report).compare(&options).unwrap();
    assert_eq!(text.lines().count(), result.groups.len() + 1);
    for (line, group) in text.lines().skip(1).zip(&result.groups) {
        assert_eq!(line.split(',').nth(1).unwrap(), group.current.revenue_exact);
    }
    let (ok, stdout, _) = clientele(&["sql", &sample, "--dialect", "spark", "--segment-map", "cn-8"]);
    assert!(ok);
    let sql = String::from_utf8(stdout).unwrap();
    assert!(sql.contains("`customer_id`") && sql.contains("Important Value"));
    let (ok, _, stderr) = clientele(&["rfm", &sample, "--bins", "11"]);
    assert!(!ok && stderr.contains("bins"), "{stderr}");
    let (ok, _, stderr) = clientele(&["rfm", &sample, "--colour", "red"]);
    assert!(!ok && stderr.contains("unknown option --colour"), "{stderr}");
}
