//! Customer lifetime value (analytics.md §11) through `clientele::analysis::clv`: the worked examples of §11.12
//! (A1 summary, A2 predictions, A3 CDNOW conformance, A4 holdout, A5 errors), fitting checks (optimum, gradient,
//! ridges, determinism), and a property test of the ₂F₁ series against a double-double / big-float reference.
//! Occasions are built here from raw rows by the §11.1 rules, independently of the crate.

use clientele::analysis::clv::bgnbd::{self, BgNbdData};
use clientele::analysis::clv::fit::{
    fit_bgnbd, fit_gamma_gamma, gradient_max, nelder_mead, FitMethod, BOX_FACTOR, MAX_EVALUATIONS_PER_RUN,
};
use clientele::analysis::clv::gamma_gamma::{self, GammaGammaData};
use clientele::analysis::clv::series::expected_if_alive;
use clientele::analysis::clv::{
    calibration_summary, clv, BgNbdParams, ClvOptions, ClvResult, GammaGammaParams, GivenParams, Occasions, TimeUnit,
};
use clientele::date::Day;
use clientele::error::ErrorKind;
use clientele::money::Money;
use libm::{exp, log};

fn day(text: &str) -> Day {
    Day::parse_iso(text).unwrap_or_else(|| panic!("bad date {text}"))
}

/// Exact 1/10,000 units of a decimal text such as `-12.5` or `29.33`.
fn units(text: &str) -> i64 {
    let (sign, digits) = text.strip_prefix('-').map_or((1, text), |rest| (-1, rest));
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let fraction = format!("{fraction:0<4}");
    sign * (whole.parse::<i64>().unwrap() * 10_000 + fraction[..4].parse::<i64>().unwrap())
}

/// Occasions built from order rows by the §11.1 rules, as owned columns.
struct Built {
    starts: Vec<u32>,
    days: Vec<Day>,
    values: Vec<Money>,
    return_only_days: u64,
    excluded_rows: u64,
}

impl Built {
    fn occasions(&self) -> Occasions<'_> {
        Occasions {
            starts: &self.starts,
            days: &self.days,
            values: &self.values,
            return_only_days: self.return_only_days,
        }
    }
}

/// §11.1: rows (customer index, day, amount in 1/10,000) dated before `d`; per customer and date, an occasion when
/// some row has amount ≥ 0, valued at the sum of all the date's rows; return-only dates counted.
fn build(rows: &[(u32, Day, i64)], customers: usize, d: Day) -> Built {
    let mut sorted: Vec<(u32, Day, i64)> = rows.iter().copied().filter(|r| r.1 < d).collect();
    sorted.sort_by_key(|r| (r.0, r.1));
    let mut built = Built {
        starts: vec![0],
        days: Vec::new(),
        values: Vec::new(),
        return_only_days: 0,
        excluded_rows: (rows.len() - sorted.len()) as u64,
    };
    let mut i = 0;
    for customer in 0..customers as u32 {
        while i < sorted.len() && sorted[i].0 == customer {
            let date = sorted[i].1;
            let (mut net, mut purchase) = (0, false);
            while i < sorted.len() && sorted[i].0 == customer && sorted[i].1 == date {
                net += sorted[i].2;
                purchase |= sorted[i].2 >= 0;
                i += 1;
            }
            if purchase {
                built.days.push(date);
                built.values.push(Money(net));
            } else {
                built.return_only_days += 1;
            }
        }
        built.starts.push(built.days.len() as u32);
    }
    built
}

/// §11.12 A1's rows: c1 … c5 as customers 0 … 4.
fn a1_rows() -> Vec<(u32, Day, i64)> {
    let rows = [
        (0, "01-01", "30.00"),
        (0, "01-01", "10.00"),
        (0, "01-15", "25.00"),
        (0, "02-12", "-5.00"),
        (0, "03-11", "35.00"),
        (0, "03-11", "-10.00"),
        (1, "02-05", "0.00"),
        (1, "02-19", "50.00"),
        (1, "03-04", "70.00"),
        (2, "03-31", "20.00"),
        (3, "01-10", "15.00"),
        (3, "04-01", "99.00"),
        (4, "02-01", "-20.00"),
    ];
    rows.iter().map(|&(c, date, amount)| (c, day(&format!("2024-{date}")), units(amount))).collect()
}

const A2_BGNBD: BgNbdParams = BgNbdParams { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const A2_GG: GammaGammaParams = GammaGammaParams { p: 6.25, q: 3.74, gamma: 15.44 };

fn a2_options() -> ClvOptions {
    ClvOptions {
        params: Some(GivenParams { bgnbd: Some(A2_BGNBD), gamma_gamma: Some(A2_GG) }),
        ..ClvOptions::new(day("2024-04-01"))
    }
}

/// |got − want| within half a unit of the last of `decimals` decimals (plus rounding of the comparison).
fn assert_decimals(got: f64, want: f64, decimals: i32, what: &str) {
    let half_unit = 0.5 * libm::pow(10.0, f64::from(-decimals));
    assert!((got - want).abs() <= half_unit * (1.0 + 1e-9), "{what}: {got} vs {want} to {decimals} decimals");
}

fn assert_relative(got: f64, want: f64, tolerance: f64, what: &str) {
    assert!((got - want).abs() <= tolerance * want.abs(), "{what}: {got} vs {want} (relative {tolerance})");
}

#[test]
fn a1_summary() {
    let d = day("2024-04-01");
    let built = build(&a1_rows(), 5, d);
    assert_eq!((built.return_only_days, built.excluded_rows), (2, 1), "c1 02-12 and c5 02-01; c4's row on D");
    let s = calibration_summary(&built.occasions(), d, TimeUnit::Week).unwrap();
    assert_eq!(s.customer, vec![0, 1, 2, 3], "c5 has no occasion");
    assert_eq!(s.repeat_customers(), 2);
    assert_eq!(s.x, vec![2, 2, 0, 0]);
    assert_eq!(s.tx, vec![10.0, 4.0, 0.0, 0.0]);
    assert_eq!(s.t, vec![90.0 / 7.0, 55.0 / 7.0, 0.0, 81.0 / 7.0]);
    assert_eq!(s.mean_repeat_value, vec![25.0, 60.0, 0.0, 0.0], "c1: (25 + (35 − 10)) / 2; c2's 0.00 is first");
    let result = clv(&built.occasions(), &a2_options()).unwrap();
    assert_eq!((result.customer_count, result.repeat_customers, result.return_only_days), (4, 2, 2));
}

#[test]
fn a2_predictions_at_given_parameters() {
    let d = day("2024-04-01");
    let built = build(&a1_rows(), 5, d);
    let r = clv(&built.occasions(), &a2_options()).unwrap();
    let want = [
        (0.742252, 3.204816, 26.837270, 81.449726),
        (0.649518, 3.536676, 55.544619, 186.307832),
        (1.0, 1.446051, 35.218978, 48.345371),
        (1.0, 0.578009, 35.218978, 19.236663),
    ];
    let c = &r.customers;
    let (values, clvs) = (c.expected_value.as_ref().unwrap(), c.clv.as_ref().unwrap());
    for (i, &(p_alive, purchases, value, clv_value)) in want.iter().enumerate() {
        assert_decimals(c.p_alive[i], p_alive, 6, &format!("c{} P(alive)", i + 1));
        assert_decimals(c.expected_purchases[i], purchases, 6, &format!("c{} E[Y(52)]", i + 1));
        assert_decimals(values[i], value, 6, &format!("c{} E[Z]", i + 1));
        assert_decimals(clvs[i], clv_value, 6, &format!("c{} CLV", i + 1));
    }
    // c3 (x = t_x = T = 0) is a new customer: eq. 9 at the horizon.
    assert_eq!(r.new_customer_expected_purchases, c.expected_purchases[2]);
    assert_decimals(r.population_mean_value.unwrap(), 35.218978, 6, "pγ/(q−1)");
    assert_eq!(r.totals.expected_purchases, c.expected_purchases.iter().sum::<f64>());
    assert!(!r.bgnbd.fitted && r.bgnbd.evaluations == 0 && r.bgnbd.fit.is_none());
}

#[test]
fn a2_margin_scales_clv_and_no_gamma_gamma_leaves_it_out() {
    let built = build(&a1_rows(), 5, day("2024-04-01"));
    let mut options = a2_options();
    options.clv.margin = 0.25;
    let quarter = clv(&built.occasions(), &options).unwrap();
    assert_decimals(quarter.customers.clv.as_ref().unwrap()[0], 81.449726 / 4.0, 6, "margin 0.25");
    options.params = Some(GivenParams { bgnbd: Some(A2_BGNBD), gamma_gamma: None });
    let without = clv(&built.occasions(), &options).unwrap();
    assert!(without.gamma_gamma.is_none() && without.customers.clv.is_none() && without.totals.clv.is_none());
    assert!(without.customers.expected_value.is_none() && without.population_mean_value.is_none());
}

#[test]
fn a4_holdout_on_the_small_example() {
    let d = day("2024-04-01");
    let built = build(&a1_rows(), 5, d);
    let options = ClvOptions { holdout_from: Some(day("2024-03-01")), ..a2_options() };
    let h = clv(&built.occasions(), &options).unwrap().holdout.unwrap();
    assert_eq!(h.customers, 3, "c1, c2, c4; c3's first occasion is 03-31");
    assert_eq!(h.duration, 31.0 / 7.0);
    assert_eq!(h.actual_total, 2);
    assert_eq!(h.buckets.len(), 2);
    assert_eq!((h.buckets[0].bucket.as_str(), h.buckets[0].customers), ("0", 1));
    assert_eq!((h.buckets[0].actual_mean, h.buckets[1].actual_mean), (0.0, 1.0));
    assert_eq!((h.buckets[1].bucket.as_str(), h.buckets[1].customers), ("1", 2));
    assert_decimals(h.buckets[0].predicted_mean, 0.088227, 6, "bucket 0");
    assert_decimals(h.buckets[1].predicted_mean, 0.335621, 6, "bucket 1");
    assert_decimals(h.predicted_total, 0.759468, 6, "total");
}

#[test]
fn a5_errors_in_the_contracts_order() {
    let d = day("2024-04-01");
    // Customer k buys on day k of 2023 (and, for the first `repeat`, 10 days later too).
    let made_up = |customers: u32, repeat: u32| {
        let mut rows = Vec::new();
        for c in 0..customers {
            rows.push((c, day("2023-01-01").plus(c as i32), 100_000));
            if c < repeat {
                rows.push((c, day("2023-01-11").plus(c as i32), 200_000));
            }
        }
        build(&rows, customers as usize, d)
    };
    let forty = made_up(40, 40);
    let error = clv(&forty.occasions(), &ClvOptions::new(d)).unwrap_err();
    assert_eq!(error.kind(), &ErrorKind::ClvTooFewCustomers { found: 40, needed: 100 });
    let holdout_late = ClvOptions { holdout_from: Some(d), ..ClvOptions::new(d) };
    assert_eq!(clv(&forty.occasions(), &holdout_late).unwrap_err().code(), "clv_too_few_customers");

    let few_repeat = made_up(150, 5);
    let error = clv(&few_repeat.occasions(), &ClvOptions::new(d)).unwrap_err();
    assert_eq!(error.kind(), &ErrorKind::ClvTooFewRepeatCustomers { model: "bgnbd".into(), found: 5, needed: 30 });
    assert!(error.to_string().contains("minRepeatCustomers"), "{error}");

    let zero_a = ClvOptions {
        params: Some(GivenParams { bgnbd: Some(BgNbdParams { a: 0.0, ..A2_BGNBD }), gamma_gamma: None }),
        ..ClvOptions::new(d)
    };
    let error = clv(&forty.occasions(), &zero_a).unwrap_err();
    assert_eq!(error.code(), "invalid_option");
    assert!(error.to_string().contains("params.bgnbd.a"), "{error}");

    let holdout_on_d = ClvOptions { holdout_from: Some(d), ..a2_options() };
    let error = clv(&forty.occasions(), &holdout_on_d).unwrap_err();
    assert_eq!(error.code(), "invalid_option");
    assert!(error.to_string().contains("holdout.from"), "{error}");

    for (option, bad) in [
        ("minCustomers", ClvOptions { min_customers: 9, ..a2_options() }),
        ("horizon", ClvOptions { horizon: Some(0.0), ..a2_options() }),
        (
            "clv.months",
            ClvOptions {
                clv: clientele::analysis::clv::ClvValueOptions { months: 121, ..Default::default() },
                ..a2_options()
            },
        ),
        (
            "clv.discountRate",
            ClvOptions {
                clv: clientele::analysis::clv::ClvValueOptions { discount_rate: 1.0, ..Default::default() },
                ..a2_options()
            },
        ),
    ] {
        let error = clv(&forty.occasions(), &bad).unwrap_err();
        assert!(error.code() == "invalid_option" && error.to_string().contains(option), "{option}: {error}");
    }
    // The Gamma-Gamma minimum counts repeat customers with a positive mean repeat value.
    let mut rows = Vec::new();
    for c in 0..120u32 {
        rows.push((c, day("2023-01-01").plus(c as i32), 100_000));
        rows.push((c, day("2023-03-01").plus(c as i32), if c < 40 { 0 } else { 50_000 }));
        if c % 2 == 0 {
            rows.push((c, day("2023-06-01").plus(c as i32), 70_000));
        }
    }
    let zero_repeat_values = build(&rows, 120, d);
    let error = clv(&zero_repeat_values.occasions(), &ClvOptions { min_repeat_customers: 101, ..ClvOptions::new(d) })
        .unwrap_err();
    assert_eq!(
        error.kind(),
        &ErrorKind::ClvTooFewRepeatCustomers { model: "gammaGamma".into(), found: 100, needed: 101 },
        "120 repeat customers, but the 20 odd ones below 40 repeat only at 0.00"
    );
}

// ---------------------------------------------------------------------------------------------------------------
// A3: CDNOW.

const CDNOW: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cdnow/");

/// CDNOW_sample.txt as rows: customer = second column (1-based) − 1, date, amount = fifth column.
fn cdnow_rows() -> (Vec<(u32, Day, i64)>, usize) {
    let text = std::fs::read_to_string(format!("{CDNOW}CDNOW_sample.txt")).unwrap();
    let mut rows = Vec::new();
    let mut customers = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let customer: u32 = fields[1].parse().unwrap();
        let date = fields[2];
        let day = Day::from_ymd(date[..4].parse().unwrap(), date[4..6].parse().unwrap(), date[6..].parse().unwrap());
        rows.push((customer - 1, day.unwrap(), units(fields[4])));
        customers = customers.max(customer as usize);
    }
    (rows, customers)
}

/// The published summary: (ID, x, t_x, T, zbar) with the texts of the last three.
fn cdnow_published_summary() -> Vec<(u32, u32, String, String, String)> {
    let text = std::fs::read_to_string(format!("{CDNOW}cdnow_customers_summary_with_transactions.csv")).unwrap();
    text.lines()
        .skip(1)
        .map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            (f[0].parse().unwrap(), f[1].parse().unwrap(), f[2].into(), f[3].into(), f[4].into())
        })
        .collect()
}

fn cdnow_result(options: &ClvOptions) -> ClvResult {
    let (rows, customers) = cdnow_rows();
    let built = build(&rows, customers, options.analysis_date);
    clv(&built.occasions(), options).unwrap()
}

#[test]
fn a3_cdnow_summary_equals_the_published_one() {
    let (rows, customers) = cdnow_rows();
    let d = day("1997-10-01");
    let built = build(&rows, customers, d);
    let s = calibration_summary(&built.occasions(), d, TimeUnit::Week).unwrap();
    let published = cdnow_published_summary();
    assert_eq!((s.len(), published.len(), s.repeat_customers()), (2357, 2357, 946));
    for (i, (id, x, tx, t, zbar)) in published.iter().enumerate() {
        assert_eq!(s.customer[i] + 1, *id);
        assert_eq!(s.x[i], *x, "customer {id}");
        let two = |v: f64| format!("{v:.2}");
        assert_eq!((two(s.tx[i]), two(s.t[i])), (tx.clone(), t.clone()), "customer {id}");
        // 2-decimal texts: the exact value within half a cent (the half-way cases print either way).
        let published_zbar: f64 = zbar.parse().unwrap();
        assert!((s.mean_repeat_value[i] - published_zbar).abs() <= 0.005 + 1e-9, "customer {id} zbar");
    }
}

/// The contract's optimum (§11.12 A3) and the published values.
const CDNOW_BGNBD_OPTIMUM: [f64; 4] = [0.242594, 4.413597, 0.792923, 2.425909];
const CDNOW_BGNBD_PUBLISHED: [f64; 4] = [0.2426, 4.4135, 0.7929, 2.4258];
const CDNOW_GG_OPTIMUM: [f64; 3] = [6.249572, 3.744225, 15.443527];
const CDNOW_GG_PUBLISHED: [f64; 3] = [6.2488, 3.7446, 15.4477];

#[test]
fn a3_cdnow_fits_and_predictions() {
    let r = cdnow_result(&ClvOptions::new(day("1997-10-01")));
    assert_eq!((r.customer_count, r.repeat_customers), (2357, 946));
    let b = &r.bgnbd;
    let fitted = [b.r, b.alpha, b.a, b.b];
    for i in 0..4 {
        assert_relative(fitted[i], CDNOW_BGNBD_OPTIMUM[i], 1e-4, "BG/NBD vs the optimum");
        assert_relative(fitted[i], CDNOW_BGNBD_PUBLISHED[i], 1e-3, "BG/NBD vs the published values");
    }
    // §18: LL ≥ the best attainable − 1e-6·|LL|; the optimum is −9582.4292 (to 4 decimals).
    assert!(b.log_likelihood >= -9582.4292 - 5e-5 - 1e-6 * 9582.4292, "{}", b.log_likelihood);
    assert!(b.log_likelihood <= -9582.4292 + 5e-5, "LL above the optimum: {}", b.log_likelihood);
    let fit = b.fit.as_ref().unwrap();
    assert!(b.ridge.is_empty() && fit.gradient_max <= 1e-5, "{fit:?}");
    // Off any ridge the quasi-Newton's result is kept (§11.7 allows another method that passes the checks).
    assert_eq!((fit.method, fit.runs, b.evaluations), (FitMethod::QuasiNewton, 0, fit.quasi_newton_evaluations));

    let g = r.gamma_gamma.as_ref().unwrap();
    assert_eq!(g.customers, 946);
    let fitted = [g.p, g.q, g.gamma];
    for i in 0..3 {
        assert_relative(fitted[i], CDNOW_GG_OPTIMUM[i], 1e-4, "Gamma-Gamma vs the optimum");
        assert_relative(fitted[i], CDNOW_GG_PUBLISHED[i], 1e-3, "Gamma-Gamma vs the published values");
    }
    assert!(g.log_likelihood >= -4055.9177 - 5e-5 - 1e-6 * 4055.9177, "{}", g.log_likelihood);
    assert!(g.log_likelihood <= -4055.9177 + 5e-5, "{}", g.log_likelihood);
    assert!(g.ridge.is_empty() && g.fit.as_ref().unwrap().gradient_max <= 1e-5);
    assert_eq!(g.fit.as_ref().unwrap().method, FitMethod::QuasiNewton);
    assert_decimals(g.correlation.unwrap(), 0.113888, 6, "ρ(x, zbar)");
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    assert_relative(r.population_mean_value.unwrap(), 35.170377, 1e-5, "population mean value");

    // Customers 1, 2, 6 at the fitted parameters: §18 CDNOW 1e-5 relative.
    let c = &r.customers;
    let (values, clvs) = (c.expected_value.as_ref().unwrap(), c.clv.as_ref().unwrap());
    for (id, want) in [
        (1, [0.726620, 1.558686, 24.653920, 36.273976]),
        (2, [0.212391, 0.260122, 18.910021, 4.640935]),
        (6, [0.641835, 4.199522, 71.464706, 283.557968]),
    ] {
        let i = id - 1;
        assert_eq!(c.customer[i] as usize, i);
        let got = [c.p_alive[i], c.expected_purchases[i], values[i], clvs[i]];
        for k in 0..4 {
            assert_relative(got[k], want[k], 1e-5, &format!("customer {id} measure {k}"));
        }
    }
    for column in [&c.p_alive, &c.expected_purchases, values, clvs] {
        assert!(column.iter().all(|v| v.is_finite() && *v >= 0.0));
    }
}

#[test]
fn a3_gamma_gamma_on_the_published_two_decimal_values() {
    // The published Gamma-Gamma parameters were fitted on the 2-decimal zbar of the summary file.
    let published = cdnow_published_summary();
    let x: Vec<u32> = published.iter().map(|p| p.1).collect();
    let zbar: Vec<f64> = published.iter().map(|p| p.4.parse().unwrap()).collect();
    let fitted = fit_gamma_gamma(&GammaGammaData::new(&x, &zbar)).unwrap().params;
    assert_relative(fitted.p, 6.248796, 1e-4, "p");
    assert_relative(fitted.q, 3.744590, 1e-4, "q");
    assert_relative(fitted.gamma, 15.447774, 1e-4, "γ");
}

#[test]
fn a4_cdnow_holdout() {
    let options = ClvOptions { holdout_from: Some(day("1997-10-01")), ..ClvOptions::new(day("1998-07-01")) };
    let h = cdnow_result(&options).holdout.unwrap();
    assert_eq!(h.duration, 39.0);
    assert_eq!(h.actual_total, 1882);
    assert_relative(h.predicted_total, 1653.41, 1e-5, "Σ predicted");
    let customers = [1411, 439, 214, 100, 62, 38, 29, 64];
    let actual = [0.2367, 0.6970, 1.3925, 1.5600, 2.5323, 2.9474, 3.8621, 6.3594];
    let predicted = [0.2251, 0.5231, 1.0441, 1.5203, 2.1639, 2.6538, 3.5040, 6.1572];
    assert_eq!(h.buckets.len(), 8);
    for (k, bucket) in h.buckets.iter().enumerate() {
        assert_eq!(bucket.bucket, if k == 7 { "7+".to_string() } else { k.to_string() });
        assert_eq!(bucket.customers, customers[k]);
        assert_decimals(bucket.actual_mean, actual[k], 4, "actual mean");
        assert_decimals(bucket.predicted_mean, predicted[k], 4, "predicted mean");
    }
    let calibration_fit = [h.bgnbd.r, h.bgnbd.alpha, h.bgnbd.a, h.bgnbd.b];
    for i in 0..4 {
        assert_relative(calibration_fit[i], CDNOW_BGNBD_OPTIMUM[i], 1e-4, "calibration fit");
    }
}

#[test]
fn cdnow_fit_is_at_a_stationary_point_and_deterministic() {
    let (rows, customers) = cdnow_rows();
    let d = day("1997-10-01");
    let built = build(&rows, customers, d);
    let s = calibration_summary(&built.occasions(), d, TimeUnit::Week).unwrap();
    let data = BgNbdData::new(&s.x, &s.tx_days, &s.t_days, 7.0);
    let mean_t = s.t.iter().sum::<f64>() / s.len() as f64;
    let one = fit_bgnbd(&data, mean_t).unwrap();
    let two = fit_bgnbd(&data, mean_t).unwrap();
    assert_eq!(format!("{:?}", one), format!("{:?}", two), "same input, same bits");
    // The grouped LL equals the plain per-customer sum.
    let plain: f64 = (0..s.len()).map(|i| bgnbd::customer_log_likelihood(&one.params, s.x[i], s.tx[i], s.t[i])).sum();
    assert_relative(one.log_likelihood, plain, 1e-12, "grouped vs plain LL");
    // The §11.7 gradient check, recomputed here.
    let n = s.len() as f64;
    let mut objective = |theta: &[f64]| {
        -data.log_likelihood(&BgNbdParams {
            r: exp(theta[0]),
            alpha: exp(theta[1]),
            a: exp(theta[2]),
            b: exp(theta[3]),
        }) / n
    };
    let p = one.params;
    let theta = [log(p.r), log(p.alpha), log(p.a), log(p.b)];
    assert!(gradient_max(&mut objective, &theta) <= 1e-5);
    // Unit independence (§11.7): in days, α is 7× the week α and r, a, b are unchanged.
    let in_days = BgNbdData::new(&s.x, &s.tx_days, &s.t_days, 1.0);
    let days_fit = fit_bgnbd(&in_days, mean_t * 7.0).unwrap().params;
    assert_relative(days_fit.alpha, 7.0 * p.alpha, 1e-4, "α in days");
    for (got, want) in [(days_fit.r, p.r), (days_fit.a, p.a), (days_fit.b, p.b)] {
        assert_relative(got, want, 1e-4, "r, a, b in days");
    }
    let result_one = cdnow_result(&ClvOptions::new(d));
    let result_two = cdnow_result(&ClvOptions::new(d));
    let bits = |r: &ClvResult| r.customers.clv.as_ref().unwrap().iter().map(|v| v.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&result_one), bits(&result_two));
}

/// max over θ_i of |analytic − finite difference| / (1 + |analytic|) for LL/n in θ = ln(params): the fourth-order
/// central difference (8·(f(θ+h) − f(θ−h)) − (f(θ+2h) − f(θ−2h)))/(12h) with h = 1e-3, whose truncation error
/// (~h⁴) stays far below the tolerance while the step is large enough for the rounding of LL at extreme parameters
/// (lnΓ of 10⁴-sized arguments) not to show.
fn gradient_error(value: &dyn Fn(&[f64]) -> f64, gradient: &[f64], theta: &[f64]) -> f64 {
    let h = 1e-3;
    (0..theta.len())
        .map(|i| {
            let at = |shift: f64| {
                let mut t = theta.to_vec();
                t[i] += shift;
                value(&t)
            };
            let numeric = (8.0 * (at(h) - at(-h)) - (at(2.0 * h) - at(-2.0 * h))) / (12.0 * h);
            (numeric - gradient[i]).abs() / (1.0 + gradient[i].abs())
        })
        .fold(0.0, f64::max)
}

#[test]
fn cdnow_analytic_gradients_match_finite_differences() {
    // §11.7's fits use the analytic gradients of LL in θ = ln(parameters); here they are checked against central
    // differences of LL/n on CDNOW at the start, near the optimum and on the way to ridges.
    let (rows, customers) = cdnow_rows();
    let d = day("1997-10-01");
    let built = build(&rows, customers, d);
    let s = calibration_summary(&built.occasions(), d, TimeUnit::Week).unwrap();
    let n = s.len() as f64;
    let data = BgNbdData::new(&s.x, &s.tx_days, &s.t_days, 7.0);
    let bgnbd_at = |t: &[f64]| BgNbdParams { r: exp(t[0]), alpha: exp(t[1]), a: exp(t[2]), b: exp(t[3]) };
    for theta in [
        [0.0, log(31.0), 0.0, 0.0],
        [log(0.2426), log(4.4136), log(0.7929), log(2.4259)],
        [log(3.0), log(0.01), log(400.0), log(900.0)],
        [log(1e-3), log(700.0), log(2e-3), log(5e-3)],
    ] {
        let mut gradient = [0.0; 4];
        let ll = data.log_likelihood_gradient(&bgnbd_at(&theta), &mut gradient);
        assert_eq!(ll, data.log_likelihood(&bgnbd_at(&theta)));
        let per_customer: Vec<f64> = gradient.iter().map(|g| g / n).collect();
        let error = gradient_error(&|t| data.log_likelihood(&bgnbd_at(t)) / n, &per_customer, &theta);
        assert!(error <= 1e-7, "BG/NBD at {theta:?}: {error:e}");
    }
    let gg = GammaGammaData::new(&s.x, &s.mean_repeat_value);
    let m = gg.len() as f64;
    let gg_at = |t: &[f64]| GammaGammaParams { p: exp(t[0]), q: exp(t[1]), gamma: exp(t[2]) };
    for theta in [
        [0.0, log(2.0), log(gg.mean_value)],
        [log(6.2496), log(3.7442), log(15.4435)],
        [log(900.0), log(1.01), log(0.02)],
    ] {
        let mut gradient = [0.0; 3];
        let ll = gg.log_likelihood_gradient(&gg_at(&theta), &mut gradient);
        assert_eq!(ll, gg.log_likelihood(&gg_at(&theta)));
        let per_customer: Vec<f64> = gradient.iter().map(|g| g / m).collect();
        let error = gradient_error(&|t| gg.log_likelihood(&gg_at(t)) / m, &per_customer, &theta);
        assert!(error <= 1e-7, "Gamma-Gamma at {theta:?}: {error:e}");
    }
}

/// The reference of §11.7 on `ll` (natural parameters): two projected Nelder–Mead runs on −LL/n from `start` in
/// the box ln([1e-4, 1e4] × scale), the second from the first's best vertex. Returns the LL at the result.
fn reference_fit(ll: &dyn Fn(&[f64]) -> f64, scale: &[f64], start: &[f64], n: f64) -> f64 {
    let mut objective = |t: &[f64]| -ll(&t.iter().map(|&v| exp(v)).collect::<Vec<_>>()) / n;
    let lower: Vec<f64> = scale.iter().map(|s| log(s / BOX_FACTOR)).collect();
    let upper: Vec<f64> = scale.iter().map(|s| log(s * BOX_FACTOR)).collect();
    let start: Vec<f64> = start.iter().map(|&v| log(v)).collect();
    let first = nelder_mead(&mut objective, &start, &lower, &upper, MAX_EVALUATIONS_PER_RUN);
    let second = nelder_mead(&mut objective, &first.theta, &lower, &upper, MAX_EVALUATIONS_PER_RUN);
    -second.value * n
}

#[test]
fn fits_reach_the_reference_likelihood_on_cdnow_subsets_and_units() {
    // §11.7: another method is allowed if LL ≥ the best attainable − 1e-6·|LL|. On CDNOW subsets of 30 … 2,357
    // customers (every k-th customer from an offset) and in all three time units, the fit's LL is compared with
    // the reference projected Nelder–Mead's; ridge fits must list their ridge, the others pass the gradient check.
    let (rows, customers) = cdnow_rows();
    let d = day("1997-10-01");
    let built = build(&rows, customers, d);
    let (mut quasi_newton, mut fits) = (0, 0);
    for (step, offset, unit) in [
        (1, 0, TimeUnit::Day),
        (1, 0, TimeUnit::Month),
        (5, 2, TimeUnit::Week),
        (10, 7, TimeUnit::Day),
        (20, 3, TimeUnit::Week),
        (40, 11, TimeUnit::Week),
        (78, 5, TimeUnit::Week),
        (78, 40, TimeUnit::Month),
    ] {
        let all = calibration_summary(&built.occasions(), d, unit).unwrap();
        let keep: Vec<usize> = (offset..all.len()).step_by(step).collect();
        let pick = |column: &[i32]| keep.iter().map(|&i| column[i]).collect::<Vec<_>>();
        let x: Vec<u32> = keep.iter().map(|&i| all.x[i]).collect();
        let (tx_days, t_days) = (pick(&all.tx_days), pick(&all.t_days));
        let zbar: Vec<f64> = keep.iter().map(|&i| all.mean_repeat_value[i]).collect();
        let what = format!("every {step}th from {offset}, {unit:?}: {} customers", keep.len());

        let data = BgNbdData::new(&x, &tx_days, &t_days, unit.days());
        let mean_t = keep.iter().map(|&i| all.t[i]).sum::<f64>() / keep.len() as f64;
        let fitted = fit_bgnbd(&data, mean_t).unwrap_or_else(|e| panic!("{what}: {e}"));
        let ll = |v: &[f64]| data.log_likelihood(&BgNbdParams { r: v[0], alpha: v[1], a: v[2], b: v[3] });
        let scale = [1.0, mean_t, 1.0, 1.0];
        let reference = reference_fit(&ll, &scale, &scale, keep.len() as f64);
        let report = &fitted.report;
        assert!(
            fitted.log_likelihood >= reference - 1e-6 * reference.abs(),
            "{what}: BG/NBD {} vs {reference}",
            fitted.log_likelihood
        );
        assert!(!report.ridge.is_empty() || report.gradient_max <= 1e-5, "{what}: {report:?}");
        quasi_newton += usize::from(report.method == FitMethod::QuasiNewton);
        fits += 1;

        let gg = GammaGammaData::new(&x, &zbar);
        let ll = |v: &[f64]| gg.log_likelihood(&GammaGammaParams { p: v[0], q: v[1], gamma: v[2] });
        let reference = reference_fit(&ll, &[1.0, 1.0, gg.mean_value], &[1.0, 2.0, gg.mean_value], gg.len() as f64);
        match fit_gamma_gamma(&gg) {
            Ok(fitted) => {
                let report = &fitted.report;
                assert!(
                    fitted.log_likelihood >= reference - 1e-6 * reference.abs(),
                    "{what}: GG {} vs {reference}",
                    fitted.log_likelihood
                );
                assert!(!report.ridge.is_empty() || report.gradient_max <= 1e-5, "{what}: {report:?}");
                quasi_newton += usize::from(report.method == FitMethod::QuasiNewton);
                fits += 1;
            }
            Err(error) => assert_eq!(error.code(), "clv_degenerate_fit", "{what}"),
        }
    }
    assert!(quasi_newton * 2 > fits, "the quasi-Newton gave {quasi_newton} of {fits} fits");
}

#[test]
fn gamma_gamma_likelihood_is_lifetimes_per_customer_formula() {
    // Spot values of §11.5 at A2's parameters against the formula written out here.
    let (p, q, v) = (A2_GG.p, A2_GG.q, A2_GG.gamma);
    for &(x, zbar) in &[(1u32, 10.0), (3, 42.5), (12, 0.75)] {
        let px = p * f64::from(x);
        let want = libm::lgamma(px + q) - libm::lgamma(px) - libm::lgamma(q)
            + q * log(v)
            + (px - 1.0) * log(zbar)
            + px * log(f64::from(x))
            - (px + q) * log(v + f64::from(x) * zbar);
        assert_eq!(gamma_gamma::customer_log_likelihood(&A2_GG, x, zbar), want);
    }
}

/// `customers` customers: customer c first buys on 2023-01-01 + c days, then `repeats(c)` times every `gap(c)`
/// days, each repeat worth `value(c)` (rounded to 1/10,000); D = 2024-04-01.
fn made_up(
    customers: u32,
    repeats: impl Fn(u32) -> u32,
    gap: impl Fn(u32) -> i32,
    value: impl Fn(u32) -> f64,
) -> Built {
    let mut rows = Vec::new();
    for c in 0..customers {
        let first = day("2023-01-01").plus(c as i32);
        rows.push((c, first, 100_000));
        for k in 1..=repeats(c) {
            rows.push((c, first.plus(k as i32 * gap(c)), (value(c) * 10_000.0).round() as i64));
        }
    }
    build(&rows, customers as usize, day("2024-04-01"))
}

#[test]
fn small_regular_data_ends_on_a_ridge_with_a_warning() {
    // 40 customers who all buy every 30 days up to D and spend the same 20.00 every time: nobody seems to
    // drop out and spend does not vary, so the likelihood rises along ridges (§11.7).
    let built = made_up(40, |c| 12 - c / 10, |_| 30, |_| 20.0);
    let options = ClvOptions { min_customers: 10, min_repeat_customers: 10, ..ClvOptions::new(day("2024-04-01")) };
    let r = clv(&built.occasions(), &options).unwrap();
    let g = r.gamma_gamma.as_ref().unwrap();
    assert!(!r.bgnbd.ridge.is_empty() && !g.ridge.is_empty(), "{:?} {:?}", r.bgnbd, g);
    // On a ridge the reference Nelder–Mead gives the result (the quasi-Newton stops early on flat ridges).
    for fit in [r.bgnbd.fit.as_ref().unwrap(), g.fit.as_ref().unwrap()] {
        assert_eq!(fit.method, FitMethod::NelderMead, "{fit:?}");
    }
    let ridge_warnings: Vec<_> = r.warnings.iter().filter(|w| w.code() == "clv_ridge").collect();
    assert_eq!(ridge_warnings.len(), 2);
    for name in r.bgnbd.ridge.iter().chain(&g.ridge) {
        assert!(ridge_warnings.iter().any(|w| w.message().contains(name.as_str())), "{name}");
    }
    // The ridge names are exactly the parameters outside [1e-3, 1e3] × scale (scale 1 for r, a, b, p, q).
    let b = &r.bgnbd;
    for (name, value) in [("r", b.r), ("a", b.a), ("b", b.b), ("p", g.p), ("q", g.q)] {
        let outside = !(1e-3..=1e3).contains(&value);
        let listed = b.ridge.iter().chain(&g.ridge).any(|n| n == name);
        assert_eq!(outside, listed, "{name} = {value}");
    }
    let c = &r.customers;
    for column in [&c.p_alive, &c.expected_purchases, c.expected_value.as_ref().unwrap(), c.clv.as_ref().unwrap()] {
        assert!(column.iter().all(|v| v.is_finite() && *v >= 0.0), "{column:?}");
    }
    // Predictions converge along the ridge: E[Z] is the customers' own 20.00 within 1e-3.
    assert!(c.expected_value.as_ref().unwrap().iter().all(|v| (v - 20.0).abs() < 2e-2), "{c:?}");
}

#[test]
fn gamma_gamma_with_q_at_most_one_is_degenerate() {
    // Mean repeat values spread from e^-2.5 to e^2.5 across 100 customers: the fitted q is below 1, so the mean
    // spend would not exist.
    let built = made_up(100, |c| 1 + c % 3, |c| 20 + (c % 7) as i32, |c| exp(5.0 * (f64::from(c) / 99.0 - 0.5)));
    let error = clv(&built.occasions(), &ClvOptions::new(day("2024-04-01"))).unwrap_err();
    match error.kind() {
        ErrorKind::ClvDegenerateFit { model, parameter, value } => {
            assert_eq!((model.as_str(), parameter.as_str()), ("gammaGamma", "q"));
            assert!(*value <= 1.0, "{value}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(error.code(), "clv_degenerate_fit");
}

// ---------------------------------------------------------------------------------------------------------------
// The ₂F₁ series against a high-precision reference (issue 13, item 2).

mod reference {
    //! E[Y(t)]/P(alive) = C/(a−1)·[1 − w^(r+x)·₂F₁(r+x, b+x; C; z)], w = (α+T)/(α+T+t), z = 1 − w, by the
    //! *direct* series (the definition, not the Euler form the crate uses for a ≤ 10), summed in double-double
    //! arithmetic (~32 digits) with an exact power-of-two scale, and the logarithms, exponential and final
    //! product in 256-bit big floats (dashu-float, correctly rounded). At a = 1 the value is the mean of a = 1 ± 2^-34
    //! (the function is analytic there; the error is O(2^-68)).

    use dashu_float::FBig;

    const BITS: usize = 256;

    fn big(v: f64) -> FBig {
        FBig::try_from(v).unwrap().with_precision(BITS).value()
    }

    /// A double-double number hi + lo with |lo| ≤ ulp(hi)/2.
    #[derive(Clone, Copy, Debug)]
    struct Dd(f64, f64);

    fn two_sum(a: f64, b: f64) -> (f64, f64) {
        let s = a + b;
        let bb = s - a;
        (s, (a - (s - bb)) + (b - bb))
    }

    fn quick(hi: f64, lo: f64) -> Dd {
        let s = hi + lo;
        Dd(s, lo - (s - hi))
    }

    impl Dd {
        fn add(self, o: Dd) -> Dd {
            let (s, e) = two_sum(self.0, o.0);
            let (t, f) = two_sum(self.1, o.1);
            let (s, e) = {
                let v = quick(s, e + t);
                (v.0, v.1)
            };
            quick(s, e + f)
        }
        fn mul(self, o: Dd) -> Dd {
            let p = self.0 * o.0;
            let e = self.0.mul_add(o.0, -p);
            quick(p, e + (self.0 * o.1 + self.1 * o.0))
        }
        fn div(self, o: Dd) -> Dd {
            let q1 = self.0 / o.0;
            let r = self.add(o.mul(Dd(-q1, 0.0)));
            let q2 = r.0 / o.0;
            let r = r.add(o.mul(Dd(-q2, 0.0)));
            let q3 = r.0 / o.0;
            quick(q1, q2).add(Dd(q3, 0.0))
        }
        fn scale(self, factor: f64) -> Dd {
            Dd(self.0 * factor, self.1 * factor)
        }
        fn to_big(self) -> FBig {
            big(self.0) + big(self.1)
        }
    }

    fn exact_sum(a: f64, b: f64) -> Dd {
        let (s, e) = two_sum(a, b);
        Dd(s, e)
    }

    /// The direct series' value at `a` (≠ 1), as a big float.
    fn at(r: f64, alpha: f64, a: f64, b: f64, x: f64, big_t: f64, t: f64) -> FBig {
        let alpha_t = big(alpha) + big(big_t);
        let w = &alpha_t / (&alpha_t + big(t));
        let z_big = big(1.0) - &w;
        let z = Dd(z_big.to_f64().value(), (&z_big - big(z_big.to_f64().value())).to_f64().value());
        let rx = exact_sum(r, x);
        let bx = exact_sum(b, x);
        // C = a + b + x − 1 (a may carry a tiny offset: take it from the big float).
        let c_big = big(a) + big(b) + big(x) - big(1.0);
        let c_hi = c_big.to_f64().value();
        let c = Dd(c_hi, (&c_big - big(c_hi)).to_f64().value());
        let (mut term, mut sum, mut scale_pow2) = (Dd(1.0, 0.0), Dd(1.0, 0.0), 0i32);
        let mut k = 0.0f64;
        loop {
            let kk = Dd(k, 0.0);
            let ratio = rx.add(kk).mul(bx.add(kk)).div(c.add(kk).mul(Dd(k + 1.0, 0.0))).mul(z);
            term = term.mul(ratio);
            sum = sum.add(term);
            k += 1.0;
            // By magnitude: with a + b + x − 1 < 0 the first terms are negative, and a signed test stopped the
            // series after one term.
            if term.0.abs() <= 1e-34 * sum.0.abs() {
                break;
            }
            if sum.0 > 1e200 {
                let factor = libm::ldexp(1.0, -600);
                sum = sum.scale(factor);
                term = term.scale(factor);
                scale_pow2 += 600;
            }
            assert!(k < 5e6, "reference series did not settle");
        }
        let ln_s = sum.to_big().ln() + big(f64::from(scale_pow2)) * big(2.0).ln();
        let exponent = (big(r) + big(x)) * w.ln() + ln_s;
        let bracket = -exponent.exp_m1();
        c_big / (big(a) - big(1.0)) * bracket
    }

    /// E[Y(t)]/P(alive) to about 20 significant digits.
    pub fn expected_if_alive(r: f64, alpha: f64, a: f64, b: f64, x: f64, big_t: f64, t: f64) -> f64 {
        if a == 1.0 {
            let eps = libm::ldexp(1.0, -34);
            let sum = at(r, alpha, 1.0 + eps, b, x, big_t, t) + at(r, alpha, 1.0 - eps, b, x, big_t, t);
            return (sum / big(2.0)).to_f64().value();
        }
        at(r, alpha, a, b, x, big_t, t).to_f64().value()
    }
}

fn log_uniform(low: f64, high: f64) -> impl proptest::strategy::Strategy<Value = f64> {
    use proptest::prelude::*;
    (0.0..=1.0f64).prop_map(move |u| exp(log(low) + u * (log(high) - log(low))))
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 48, ..Default::default() })]

    /// Over the grid of issue 13: a 0.05 … 10⁴ (with 1 exactly and 1 ± 1e-7), b 0.07 … 10⁴, r 0.05 … 3,
    /// x 0 … 400, T 0 … 300, t up to 520 (α 0.5 … 50, so that z ≤ 0.999); §18: 1e-9 relative, 1e-7 when b > 10³.
    #[test]
    fn series_match_the_high_precision_reference(
        a in proptest::prop_oneof![
            proptest::strategy::Just(1.0),
            proptest::strategy::Just(1.0 + 1e-7),
            proptest::strategy::Just(1.0 - 1e-7),
            log_uniform(0.05, 1e4),
        ],
        b in log_uniform(0.07, 1e4),
        r in log_uniform(0.05, 3.0),
        alpha in log_uniform(0.5, 50.0),
        x in proptest::prop_oneof![0u32..=10, 0u32..=400],
        t_days in 0i32..=2100,
        t in proptest::prop_oneof![1.0..=52.0f64, 1.0..=520.0f64],
    ) {
        let params = BgNbdParams { r, alpha, a, b };
        let big_t = f64::from(t_days) / 7.0;
        let got = expected_if_alive(&params, f64::from(x), big_t, t).unwrap().value;
        let want = reference::expected_if_alive(r, alpha, a, b, f64::from(x), big_t, t);
        let tolerance = if b > 1e3 { 1e-7 } else { 1e-9 };
        proptest::prop_assert!(got.is_finite() && want.is_finite());
        proptest::prop_assert!((got - want).abs() <= tolerance * want.abs(), "{params:?} x {x} T {big_t} t {t}: {got} vs {want}");
    }
}

#[test]
fn series_at_the_corners_of_the_grid() {
    // Fixed corners of the same grid, including the slowest one of the contract (x = 400, z ≈ 0.999).
    for &(r, alpha, a, b, x, big_t, t) in &[
        (3.0, 0.52, 1.0, 0.07, 400.0, 0.0, 520.0),
        (0.05, 0.5, 1e4, 1e4, 0.0, 0.0, 520.0),
        (0.05, 0.5, 0.05, 1e4, 0.0, 300.0, 1.0),
        (0.243, 4.414, 1.0 + 1e-7, 2.426, 1.0, 38.857142857142854, 52.0),
        (3.0, 0.5, 10.0, 0.07, 400.0, 0.0, 520.0),
        (3.0, 0.5, 10.000001, 0.07, 400.0, 0.0, 520.0),
    ] {
        let params = BgNbdParams { r, alpha, a, b };
        let got = expected_if_alive(&params, x, big_t, t).unwrap().value;
        let want = reference::expected_if_alive(r, alpha, a, b, x, big_t, t);
        let tolerance = if b > 1e3 { 1e-7 } else { 1e-9 };
        assert!((got - want).abs() <= tolerance * want.abs(), "{params:?} x {x} T {big_t} t {t}: {got} vs {want}");
    }
}
