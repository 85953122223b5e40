//! Benchmark of the RFM states behind `campaigns()`' per-class rows (analytics.md §16.5, issue 15.6) on a 1M-line
//! export: the scored figures at the four first-contact dates read in one pass from the cached frame at D
//! (`CustomerFrame::scored_figures_at`, what campaigns() reads) against a frame built from the rows, the whole RFM
//! run on it, and the classes alone (`classes_on`, what campaigns() computes).
//! Native figures, for finding where the time goes; the target is measured in wasm by
//! `tests/bench/campaigns-wasm.mjs`.
//!
//! `cargo bench --bench campaigns`. The export is `CLIENTELE_BENCH_CSV` when set, else
//! `$TMPDIR/clientele-bench-1m.csv` (made by `tests/fixtures/make_orders.py --rows 1000000`, as `./bench.sh` does).
//! Prints the median and range of `CLIENTELE_BENCH_RUNS` (9) runs of each step.

use clientele::analysis::frame::CustomerFrame;
use clientele::analysis::migration::MigrationBy;
use clientele::analysis::rfm::{classes_on, rfm_on, RfmOptions};
use clientele::date::Day;
use clientele::ingest::{load, LoadOptions};
use clientele::workspace::Workspace;

#[path = "common.rs"]
mod common;
use common::{export, measure};

fn main() {
    let path = export();
    let bytes =
        std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e} (run ./bench.sh once to make it)", path.display()));
    let ws: Workspace = load(&bytes, &LoadOptions::default()).expect("the export loads").into();
    let d = ws.analysis_date(None).unwrap();
    let base = ws.frame(d);
    println!("{} rows, {} customers, {} occasions", ws.orders().len(), base.len(), base.occasion_day.len());
    let firsts: Vec<Day> =
        ["2024-03-01", "2024-06-01", "2024-09-01", "2024-11-15"].iter().map(|d| Day::parse_iso(d).unwrap()).collect();
    measure("scored figures at 4 dates, read in one pass from the frame at D", || {
        std::hint::black_box(base.scored_figures_at(&firsts));
    });
    for date in [firsts[0], firsts[3]] {
        let options = RfmOptions { analysis_date: Some(date), ..RfmOptions::default() };
        measure(&format!("frame at {date}, built from the rows"), || {
            std::hint::black_box(CustomerFrame::build(ws.orders(), date));
        });
        measure(&format!("scored figures at {date}, read from the frame at D"), || {
            std::hint::black_box(base.scored_figures_at(&[date]));
        });
        let frame = CustomerFrame::build(ws.orders(), date);
        measure(&format!("rfm at {date} on it"), || {
            std::hint::black_box(rfm_on(&frame, ws.orders(), &options).unwrap());
        });
        let figures = frame.scored_figures();
        for by in [MigrationBy::Segment, MigrationBy::Tier, MigrationBy::Lifecycle] {
            measure(&format!("classes by {} at {date} on its figures", by.name()), || {
                std::hint::black_box(classes_on(&figures, ws.orders(), &options, by).unwrap());
            });
        }
    }
}
