//! Benchmark of `compare()` on a 1M-line export (issue 5: ≤ 30 ms per comparison in wasm once loaded).
//!
//! `cargo bench --bench compare`. The export is `CLIENTELE_BENCH_CSV` when set, else
//! `$TMPDIR/clientele-bench-1m.csv`, generated once with `tests/fixtures/make_orders.py --rows 1000000` (seeded,
//! so every run measures the same file). Prints the median and the range of several runs per comparison;
//! `CLIENTELE_BENCH_ONLY=region` runs only the comparisons whose name contains that text (`=by region` only that
//! one), `CLIENTELE_BENCH_RUNS` sets the number of runs (15). `cpu` is the mean CPU time of the thread per run.

use clientele::analysis::compare::{compare, Baseline, CompareOptions, Period};
use clientele::ingest::{load, LoadOptions};
use std::time::{Duration, Instant};

#[path = "common.rs"]
mod common;
use common::export;

/// Timed runs per comparison (`CLIENTELE_BENCH_RUNS` to change).
fn runs() -> usize {
    std::env::var("CLIENTELE_BENCH_RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(15).max(1)
}

/// Nanoseconds this thread has run on a CPU (Linux: `/proc/thread-self/schedstat`), so that time spent waiting
/// for a busy machine's cores can be told apart; `None` elsewhere.
fn cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat").ok()?.split_whitespace().next()?.parse().ok()
}

/// Median, min and max wall time of the timed calls (after one warm-up call), and their mean CPU time.
#[allow(clippy::disallowed_methods)] // the clock is read here, in the benchmark, never in the core
fn time(mut f: impl FnMut()) -> (Duration, Duration, Duration, Option<Duration>) {
    f();
    let runs = runs();
    let cpu_before = cpu_ns();
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    let cpu = cpu_before.zip(cpu_ns()).map(|(a, b)| Duration::from_nanos((b - a) / runs as u64));
    times.sort();
    (times[runs / 2], times[0], times[runs - 1], cpu)
}

fn main() {
    let path = export();
    let bytes = std::fs::read(&path).expect("the benchmark export");
    let loaded = load(&bytes, &LoadOptions::default()).expect("loads");
    let table = loaded.table;
    println!("compare() on {} ({} rows, {} MB)", path.display(), table.len(), bytes.len() / 1_000_000);
    let by =
        |names: &[&str]| CompareOptions { by: names.iter().map(|s| s.to_string()).collect(), ..Default::default() };
    let cases = [
        ("by region", by(&["region"])),
        ("by product", by(&["product"])),
        ("by region × product", by(&["region", "product"])),
        ("by salesperson, top 5", CompareOptions { top: 5, ..by(&["salesperson"]) }),
        (
            "by region, 30 days vs previous",
            CompareOptions { period: Some(Period { days: 30, vs: Baseline::Previous }), ..by(&["region"]) },
        ),
        (
            "by region × product, 30 days vs year",
            CompareOptions { period: Some(Period { days: 30, vs: Baseline::Year }), ..by(&["region", "product"]) },
        ),
        ("by segment (runs rfm)", by(&["segment"])),
    ];
    let only = std::env::var("CLIENTELE_BENCH_ONLY").unwrap_or_default();
    for (name, options) in cases.iter().filter(|(name, _)| {
        if let Some(exact) = only.strip_prefix('=') {
            *name == exact
        } else {
            name.contains(&only)
        }
    }) {
        let mut groups = 0;
        let (median, min, max, cpu) = time(|| groups = compare(&table, options).expect("compares").groups.len());
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        let cpu = cpu.map_or(String::new(), |c| format!(", cpu {:.2}", ms(c)));
        println!(
            "{name:<40} median {:>7.2} ms   (min {:.2}, max {:.2}{cpu}; {groups} groups)",
            ms(median),
            ms(min),
            ms(max)
        );
    }
}
