//! Benchmark of customer lifetime value (issue 13: fit + predictions for 100,000 customers ≤ 0.3 s in wasm, the
//! CDNOW sample ≤ 50 ms): `cargo bench --bench clv`. Natively it prints, for the CDNOW sample and for 100,000
//! customers simulated from the CDNOW BG/NBD and Gamma-Gamma parameters (seeded, so every run measures the same
//! data): the median of several runs of `clv()`, the likelihood evaluations of each fit, the time of one
//! likelihood evaluation, and the groups the BG/NBD likelihood sums over. `CLIENTELE_BENCH_RUNS` sets the runs (7).

use clientele::analysis::clv::bgnbd::BgNbdData;
use clientele::analysis::clv::fit::FitReport;
use clientele::analysis::clv::gamma_gamma::GammaGammaData;
use clientele::analysis::clv::{
    calibration_summary, clv, BgNbdParams, ClvOptions, ClvResult, GammaGammaParams, GivenParams, Occasions, TimeUnit,
};
use clientele::date::Day;
use clientele::money::Money;
use std::time::{Duration, Instant};

fn runs() -> usize {
    std::env::var("CLIENTELE_BENCH_RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(7).max(1)
}

/// Occasions as owned columns.
struct Columns {
    starts: Vec<u32>,
    days: Vec<Day>,
    values: Vec<Money>,
}

impl Columns {
    fn occasions(&self) -> Occasions<'_> {
        Occasions { starts: &self.starts, days: &self.days, values: &self.values, return_only_days: 0 }
    }
}

/// §11.1 occasions from rows (customer, day, amount) sorted by customer and day; CDNOW has no returns.
fn occasions(mut rows: Vec<(u32, Day, i64)>, customers: usize) -> Columns {
    rows.sort_by_key(|r| (r.0, r.1));
    let mut columns = Columns { starts: vec![0], days: Vec::new(), values: Vec::new() };
    let mut i = 0;
    for customer in 0..customers as u32 {
        while i < rows.len() && rows[i].0 == customer {
            let day = rows[i].1;
            let mut net = 0;
            while i < rows.len() && rows[i].0 == customer && rows[i].1 == day {
                net += rows[i].2;
                i += 1;
            }
            columns.days.push(day);
            columns.values.push(Money(net));
        }
        columns.starts.push(columns.days.len() as u32);
    }
    columns
}

fn cdnow() -> Columns {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cdnow/CDNOW_sample.txt");
    let text = std::fs::read_to_string(path).expect("the CDNOW fixture");
    let mut rows = Vec::new();
    let mut customers = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split_whitespace().collect();
        let customer: u32 = f[1].parse().unwrap();
        let d = f[2];
        let day = Day::from_ymd(d[..4].parse().unwrap(), d[4..6].parse().unwrap(), d[6..].parse().unwrap()).unwrap();
        let (whole, cents) = f[4].split_once('.').unwrap();
        rows.push((customer - 1, day, whole.parse::<i64>().unwrap() * 10_000 + cents.parse::<i64>().unwrap() * 100));
        customers = customers.max(customer as usize);
    }
    occasions(rows, customers)
}

/// splitmix64: a small seeded generator, so the simulated customers are the same on every run.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in (0, 1).
    fn uniform(&mut self) -> f64 {
        ((self.next() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    fn normal(&mut self) -> f64 {
        libm::sqrt(-2.0 * libm::log(self.uniform())) * libm::cos(std::f64::consts::TAU * self.uniform())
    }

    /// Gamma(shape, 1) by Marsaglia and Tsang.
    fn gamma(&mut self, shape: f64) -> f64 {
        if shape < 1.0 {
            return self.gamma(shape + 1.0) * libm::pow(self.uniform(), 1.0 / shape);
        }
        let d = shape - 1.0 / 3.0;
        let c = 1.0 / libm::sqrt(9.0 * d);
        loop {
            let x = self.normal();
            let v = 1.0 + c * x;
            if v <= 0.0 {
                continue;
            }
            let v = v * v * v;
            if libm::log(self.uniform()) < 0.5 * x * x + d - d * v + d * libm::log(v) {
                return d * v;
            }
        }
    }
}

/// `n` customers simulated from BG/NBD (purchases per week, dropout after each purchase) and Gamma-Gamma, first
/// buying in the first 12 weeks, observed for 39 weeks (D = day 273).
fn simulated(n: usize, bgnbd: BgNbdParams, gg: GammaGammaParams) -> (Columns, Day) {
    let mut random = Random(20_240_401);
    let origin = Day::from_ymd(1997, 1, 1).unwrap();
    let d = origin.plus(273);
    let mut rows = Vec::new();
    for customer in 0..n as u32 {
        let rate_per_day = random.gamma(bgnbd.r) / bgnbd.alpha / 7.0;
        let (x, y) = (random.gamma(bgnbd.a), random.gamma(bgnbd.b));
        let dropout = x / (x + y);
        let spend_scale = random.gamma(gg.q) / gg.gamma;
        let mut t = random.uniform() * 84.0;
        loop {
            let value = random.gamma(gg.p) / spend_scale;
            rows.push((customer, origin.plus(t as i32), (value * 10_000.0).round() as i64));
            if random.uniform() < dropout {
                break;
            }
            t += -libm::log(random.uniform()) / rate_per_day;
            if t >= 273.0 {
                break;
            }
        }
    }
    (occasions(rows, n), d)
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

#[allow(clippy::disallowed_methods)] // the clock is read here, in the benchmark, never in the core
fn measure(name: &str, columns: &Columns, d: Day) {
    let options = ClvOptions::new(d);
    let mut result: Option<ClvResult> = None;
    let times: Vec<Duration> = (0..runs())
        .map(|_| {
            let start = Instant::now();
            result = Some(clv(&columns.occasions(), &options).expect("the fit succeeds"));
            start.elapsed()
        })
        .collect();
    let result = result.unwrap();
    // The same at the fitted parameters given as `params`: predictions and summary without the fits.
    let given = ClvOptions {
        params: Some(GivenParams {
            bgnbd: Some(result.bgnbd.params()),
            gamma_gamma: result.gamma_gamma.as_ref().map(|g| g.params()),
        }),
        ..ClvOptions::new(d)
    };
    let given_times: Vec<Duration> = (0..runs())
        .map(|_| {
            let start = Instant::now();
            clv(&columns.occasions(), &given).expect("predictions at given parameters");
            start.elapsed()
        })
        .collect();
    let summary = calibration_summary(&columns.occasions(), d, TimeUnit::Week).unwrap();
    let data = BgNbdData::new(&summary.x, &summary.tx_days, &summary.t_days, 7.0);
    let gg_data = GammaGammaData::new(&summary.x, &summary.mean_repeat_value);
    let repeat = 200;
    let start = Instant::now();
    let mut sink = 0.0;
    for _ in 0..repeat {
        sink += data.log_likelihood(&result.bgnbd.params());
    }
    let bgnbd_eval = start.elapsed() / repeat;
    let start = Instant::now();
    for _ in 0..repeat {
        let mut gradient = [0.0; 4];
        sink += data.log_likelihood_gradient(&result.bgnbd.params(), &mut gradient) + gradient[0];
    }
    let bgnbd_gradient_eval = start.elapsed() / repeat;
    let gg = result.gamma_gamma.as_ref().unwrap();
    let start = Instant::now();
    for _ in 0..repeat {
        sink += gg_data.log_likelihood(&gg.params());
    }
    let gg_eval = start.elapsed() / repeat;
    let start = Instant::now();
    for _ in 0..repeat {
        let mut gradient = [0.0; 3];
        sink += gg_data.log_likelihood_gradient(&gg.params(), &mut gradient) + gradient[0];
    }
    let gg_gradient_eval = start.elapsed() / repeat;
    let b = &result.bgnbd;
    // Time of a fit's evaluations: value and gradient for the quasi-Newton's, the value for Nelder–Mead's.
    let fit_time = |report: &FitReport, value: Duration, with_gradient: Duration| {
        with_gradient * report.quasi_newton_evaluations as u32
            + value * (report.evaluations - report.quasi_newton_evaluations) as u32
    };
    let (b_fit, g_fit) = (b.fit.as_ref().unwrap(), gg.fit.as_ref().unwrap());
    println!(
        "{name}: {} customers ({} repeat), clv() median {:?} of {} runs",
        result.customer_count,
        result.repeat_customers,
        median(times),
        runs()
    );
    println!("  without the fits (the fitted parameters given as params): median {:?}", median(given_times));
    println!(
        "  BG/NBD r {:.6} alpha {:.6} a {:.6} b {:.6} LL {:.4}: {:?}, {} evaluations ({} with the gradient) over {} \
         groups, {:?} each ({:?} with the gradient; {:?} in all)",
        b.r,
        b.alpha,
        b.a,
        b.b,
        b.log_likelihood,
        b_fit.method,
        b.evaluations,
        b_fit.quasi_newton_evaluations,
        data.groups(),
        bgnbd_eval,
        bgnbd_gradient_eval,
        fit_time(b_fit, bgnbd_eval, bgnbd_gradient_eval)
    );
    println!(
        "  Gamma-Gamma p {:.6} q {:.6} gamma {:.6} LL {:.4}: {:?}, {} evaluations ({} with the gradient) over {} \
         customers, {:?} each ({:?} with the gradient; {:?} in all)",
        gg.p,
        gg.q,
        gg.gamma,
        gg.log_likelihood,
        g_fit.method,
        gg.evaluations,
        g_fit.quasi_newton_evaluations,
        gg.customers,
        gg_eval,
        gg_gradient_eval,
        fit_time(g_fit, gg_eval, gg_gradient_eval)
    );
    assert!(sink.is_finite());
}

fn main() {
    measure("CDNOW sample", &cdnow(), Day::from_ymd(1997, 10, 1).unwrap());
    let bgnbd = BgNbdParams { r: 0.242594, alpha: 4.413597, a: 0.792923, b: 2.425909 };
    let gg = GammaGammaParams { p: 6.249572, q: 3.744225, gamma: 15.443527 };
    let (columns, d) = simulated(100_000, bgnbd, gg);
    measure("100,000 simulated customers", &columns, d);
}
