//! Native benchmark of `growthMatrix()` and `affinity()` (issue 16 point 4: 1M order lines, 5,000 products, top 200:
//! affinity ≤ 200 ms, growth matrix ≤ 40 ms in wasm), for profiling: `valgrind --tool=callgrind` counts the
//! instructions of a run whatever the machine's load.
//!
//! `cargo bench --bench products [-- lines products]`. The export is made in memory by the generator of
//! `tests/bench/products-wasm.mjs` (an LCG: orders of 1–6 lines over two years, 100,000 customers, skewed products,
//! 3 % returns, six regions) in exact integers; JavaScript rounds the LCG's products to f64, so the rows differ from
//! the wasm benchmark's but have the same shape. `CLIENTELE_BENCH_RUNS` sets the timed runs (7);
//! `CLIENTELE_BENCH_ONLY=growth` runs only the cases whose name contains that text.

use clientele::analysis::affinity::{affinity, AffinityOptions};
use clientele::analysis::growth::{growth_matrix, GrowthOptions};
use clientele::analysis::resolve_analysis_date;
use clientele::ingest::{load, LoadOptions};
use std::fmt::Write;
use std::time::{Duration, Instant};

/// A benchmark case: its name and a run returning a size printed with the time.
type Case<'a> = (&'static str, Box<dyn Fn() -> usize + 'a>);

/// An export shaped like `products-wasm.mjs`'s.
fn export(lines: usize, products: u64) -> String {
    const CUSTOMERS: f64 = 100_000.0;
    let mut seed: u64 = 42;
    let mut random = move || {
        seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
        seed as f64 / 2_147_483_648.0
    };
    let start = clientele::date::Day::from_ymd(2023, 1, 1).expect("a date");
    let mut out = String::from("order_id,customer_id,order_date,product,region,quantity,amount\n");
    let (mut written, mut order) = (0, 0);
    while written < lines {
        order += 1;
        let customer = (libm::pow(random(), 1.5) * CUSTOMERS).floor() as u64;
        let date = start.plus((random() * 730.0).floor() as i32);
        let size = 1 + (random() * 6.0).floor() as usize;
        let mut k = 0;
        while k < size && written < lines {
            let product = (libm::pow(random(), 3.0) * products as f64).floor() as u64;
            let quantity = 1 + (random() * 3.0).floor() as u64;
            let amount = quantity * (5 + product % 97);
            let sign = if random() < 0.03 { "-" } else { "" };
            let _ = writeln!(
                out,
                "SO-{order},C{customer},{date},P{product},R{},{quantity},{sign}{amount}.00",
                customer % 6
            );
            k += 1;
            written += 1;
        }
    }
    out
}

/// Median, min and max wall time of the timed calls, after one warm-up call.
#[allow(clippy::disallowed_methods)] // the clock is read here, in the benchmark, never in the core
fn time(mut f: impl FnMut()) -> (Duration, Duration, Duration) {
    f();
    let runs = std::env::var("CLIENTELE_BENCH_RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(7usize).max(1);
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    (times[runs / 2], times[0], times[runs - 1])
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let lines = args.first().and_then(|a| a.parse().ok()).unwrap_or(1_000_000);
    let products = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(5_000);
    let text = export(lines, products);
    let table = load(text.as_bytes(), &LoadOptions::default()).expect("loads").table;
    let date = resolve_analysis_date(&table, None).expect("a date");
    println!("{} lines, {products} products, {} MB", table.len(), text.len() / 1_000_000);
    let by_region = GrowthOptions { by: Some("region".into()), ..Default::default() };
    let cases: [Case; 4] = [
        (
            "growthMatrix, 365 days",
            Box::new(|| growth_matrix(&table, &GrowthOptions::default(), date).unwrap().matrix.cells.len()),
        ),
        (
            "growthMatrix by region",
            Box::new(|| growth_matrix(&table, &by_region, date).unwrap().groups.map_or(0, |g| g.len())),
        ),
        (
            "affinity, order baskets, top 200",
            Box::new(|| affinity(&table, &AffinityOptions::default(), date, None).unwrap().pairs_kept as usize),
        ),
        (
            "affinity, customer baskets",
            Box::new(|| {
                let options = AffinityOptions {
                    basket: Some(clientele::analysis::affinity::BasketKind::Customer),
                    ..Default::default()
                };
                affinity(&table, &options, date, None).unwrap().pairs_kept as usize
            }),
        ),
    ];
    let only = std::env::var("CLIENTELE_BENCH_ONLY").unwrap_or_default();
    for (name, run) in cases.iter().filter(|(name, _)| name.contains(&only)) {
        let mut size = 0;
        let (median, min, max) = time(|| size = run());
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        println!("{name:<36} median {:>7.2} ms   (min {:.2}, max {:.2}; {size})", ms(median), ms(min), ms(max));
    }
}
