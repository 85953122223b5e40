//! Ingest benchmark (not a test): reads an order export natively, whole and streamed in 1 MiB chunks, and prints
//! throughput and peak memory. `bench.sh` generates the 1M-row input and records the figures.
//!
//! Usage: `cargo bench --bench ingest -- <path to a CSV>` (default `target/bench/orders-1m.csv`).
// A benchmark times things: the clock ban of clippy.toml is for the core.
#![allow(clippy::disallowed_methods)]

use clientele::analysis::rfm::{rfm, RfmOptions};
use clientele::ingest::{load, LoadOptions, Loader};
use std::io::Read;
use std::time::Instant;

/// The process's peak resident memory in bytes (VmHWM), on Linux.
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse::<u64>().ok().map(|kb| kb * 1024)
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    let path = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/target/bench/orders-1m.csv").to_string());
    let size = std::fs::metadata(&path).unwrap_or_else(|e| panic!("{path}: {e} (run ./bench.sh)")).len();
    let mb = size as f64 / 1e6;

    // Streamed from disk in 1 MiB chunks first, so the peak memory is the table's, not the file's.
    let start = Instant::now();
    let mut file = std::fs::File::open(&path).unwrap();
    let mut loader = Loader::new(LoadOptions::default()).unwrap();
    let mut chunk = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut chunk).unwrap();
        if n == 0 {
            break;
        }
        loader.push(&chunk[..n]).unwrap();
    }
    let streamed = loader.finish().unwrap();
    let stream_secs = start.elapsed().as_secs_f64();
    let stream_peak = peak_rss().unwrap_or(0);
    println!(
        "native streamed: {} rows, {mb:.1} MB in {stream_secs:.3} s = {:.0} MB/s; peak RSS {:.0} MB ({:.2}× the file)",
        streamed.table.len(),
        mb / stream_secs,
        stream_peak as f64 / 1e6,
        stream_peak as f64 / size as f64
    );
    drop(streamed);

    let bytes = std::fs::read(&path).unwrap();
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..3 {
        let start = Instant::now();
        last = Some(load(&bytes, &LoadOptions::default()).unwrap());
        times.push(start.elapsed().as_secs_f64());
    }
    let whole = median(times);
    println!("native whole file: median of 3 {whole:.3} s = {:.0} MB/s", mb / whole);
    let table = last.unwrap().table;
    let mut times = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        let result = rfm(&table, &RfmOptions::default()).unwrap();
        times.push(start.elapsed().as_secs_f64());
        assert!(result.customers_scored > 0);
    }
    println!("native rfm (scores, segments, tiers, lifecycle): median of 5 {:.1} ms", median(times) * 1e3);
}
