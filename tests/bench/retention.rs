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

#[path = "common.rs"]
mod common;
use common::{export, measure};

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
