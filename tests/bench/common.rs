//! What the native benchmarks share (included by `#[path = "common.rs"] mod common;`): the 1M-line export they
//! read and the timing of a named case.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

/// The export to read: `CLIENTELE_BENCH_CSV`, or a 1M-line export in the temporary folder, made by
/// tests/fixtures/make_orders.py when it is not there yet.
pub fn export() -> PathBuf {
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

/// Runs `run` `CLIENTELE_BENCH_RUNS` times (9 by default) and prints the median, min and max wall time under
/// `name`; only the cases whose name contains `CLIENTELE_BENCH_ONLY` (when set) are run.
#[allow(clippy::disallowed_methods)] // the clock is read here, in the benchmark, never in the core
#[allow(dead_code)] // not every benchmark times named cases
pub fn measure(name: &str, mut run: impl FnMut()) {
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
        "{name:<40} median {:>7.1} ms  (min {:.1}, max {:.1}, {runs} runs)",
        times[runs / 2].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times[runs - 1].as_secs_f64() * 1e3
    );
}
