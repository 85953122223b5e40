//! Benchmark of `trend()`, `cohorts()` and `migration()` on a 1M-line export through the workspace, the customer
//! frame cached as between the page's calls (issue 14: trend ≤ 20 ms, cohorts ≤ 60 ms, migration ≤ 120 ms in wasm).
//!
//! `cargo bench --bench retention`. The export is `CLIENTELE_BENCH_CSV` when set, else
//! `$TMPDIR/clientele-bench-1m.csv`, generated once with `tests/fixtures/make_orders.py --rows 1000000` (seeded).
//! Prints the median and range of `CLIENTELE_BENCH_RUNS` (9) runs of each call; `CLIENTELE_BENCH_ONLY=cohorts` runs
//! only the calls whose name contains that text. Native figures only: the wasm ones
//! need the same calls in Node (not written yet).

use clientele::analysis::clv::ClvOptions;
use clientele::analysis::cohorts::CohortOptions;
use clientele::analysis::migration::MigrationOptions;
use clientele::analysis::period::Period;
use clientele::analysis::trend::TrendOptions;
use clientele::date::Day;
use clientele::ingest::{load, LoadOptions};
use clientele::workspace::Workspace;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

fn export() -> PathBuf {
    if let Some(path) = std::env::var_os("CLIENTELE_BENCH_CSV") {
        return PathBuf::from(path);
    }
    let path = std::env::temp_dir().join("clientele-bench-1m.csv");
    if !path.exists() {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/make_orders.py");
        let status = Command::new("python3")
            .args([script, "--rows", "1000000", "--out"])
            .arg(&path)
            .status()
            .expect("python3 runs make_orders.py");
        assert!(status.success(), "make_orders.py failed");
    }
    path
}

#[allow(clippy::disallowed_methods)] // the clock is read here, in the benchmark, never in the core
fn measure(name: &str, mut run: impl FnMut()) {
    if !name.contains(&std::env::var("CLIENTELE_BENCH_ONLY").unwrap_or_default()) {
        return;
    }
    let runs = std::env::var("CLIENTELE_BENCH_RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(9usize).max(1);
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "{name:<34} median {:>7.1} ms  (min {:.1}, max {:.1}, {runs} runs)",
        times[runs / 2].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times[runs - 1].as_secs_f64() * 1e3
    );
}

fn main() {
    let bytes = std::fs::read(export()).expect("the export is readable");
    let ws: Workspace = load(&bytes, &LoadOptions::default()).expect("the export loads").into();
    println!("{} rows", ws.orders().len());
    let d = ws.analysis_date(None).unwrap();
    ws.frame(d); // cached, as after the page's first rfm()
    for period in Period::ALL {
        let options = TrendOptions { period, ..TrendOptions::default() };
        measure(&format!("trend by {}", period.name()), || {
            std::hint::black_box(ws.trend(&options).unwrap());
        });
    }
    let clv = ClvOptions::new(Day(0));
    for period in [Period::Month, Period::Week] {
        let options = CohortOptions { period, ..CohortOptions::default() };
        measure(&format!("cohorts by {}", period.name()), || {
            std::hint::black_box(ws.cohorts(&options, &clv).unwrap());
        });
    }
    ws.rfm(&Default::default()).unwrap();
    measure("migration (90 days, RFM at D cached)", || {
        std::hint::black_box(ws.migration(&MigrationOptions::default()).unwrap());
    });
    let lookback = MigrationOptions { lookback_days: Some(365), ..MigrationOptions::default() };
    measure("migration (lookbackDays 365)", || {
        std::hint::black_box(ws.migration(&lookback).unwrap());
    });
}
