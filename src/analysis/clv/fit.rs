//! Deterministic maximum-likelihood fits (analytics.md §11.7): the reference projected Nelder–Mead on −LL/n over
//! θ = ln(parameters) inside a box, its termination reported as data, the central-difference gradient check, and
//! the ridge rule. Hand-written: the contract fixes the algorithm down to the tie order, so that the same input
//! gives the same bits on every build, and no maintained crate offers a projected (boxed) Nelder–Mead.

use super::bgnbd::BgNbdData;
use super::gamma_gamma::GammaGammaData;
use super::{BgNbdParams, GammaGammaParams};
use crate::error::{Error, ErrorKind};
use libm::{exp, log};
use serde::Serialize;

/// Evaluations allowed per run.
pub const MAX_EVALUATIONS_PER_RUN: u64 = 20_000;
/// The box: every parameter within [1e-4, 1e4] × its scale.
pub const BOX_FACTOR: f64 = 1e4;
/// A fitted parameter outside [1e-3, 1e3] × its scale lies on a ridge.
pub const RIDGE_FACTOR: f64 = 1e3;
/// The largest |∂(LL/n)/∂θ_i| a fit off any ridge may keep.
pub const GRADIENT_TOLERANCE: f64 = 1e-5;
/// Central-difference step in θ of the gradient check.
pub const GRADIENT_STEP: f64 = 1e-5;
/// Runs from the best vertex after the second while the gradient check fails, before `clv_not_converged`.
const MAX_EXTRA_RUNS: u32 = 3;

/// Why a Nelder–Mead run stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Termination {
    /// The values and the coordinates of the simplex came within the tolerances.
    Converged,
    /// The run reached [`MAX_EVALUATIONS_PER_RUN`].
    EvaluationCap,
}

/// How a fit ended: what the optimiser did and what the checks found.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FitReport {
    /// Likelihood evaluations over all runs (the gradient check not included).
    pub evaluations: u64,
    /// Nelder–Mead runs (2 unless the gradient check asked for more).
    pub runs: u32,
    /// Why the last run stopped.
    pub termination: Termination,
    /// max_i |∂(LL/n)/∂θ_i| at the result by central differences.
    pub gradient_max: f64,
    /// Names of the parameters that ended outside [1e-3, 1e3] × scale (empty off ridges).
    pub ridge: Vec<String>,
}

/// What a Nelder–Mead minimisation returns.
#[derive(Clone, Debug, PartialEq)]
pub struct Minimum {
    /// The best point found.
    pub theta: Vec<f64>,
    /// The objective there.
    pub value: f64,
    /// Evaluations used.
    pub evaluations: u64,
    /// Why it stopped.
    pub termination: Termination,
}

/// One run of the projected Nelder–Mead of §11.7 minimising `objective` from `start` in the box
/// [`lower`, `upper`]: every trial point clamped into the box; reflection 1, expansion 2, contraction ½, shrink ½;
/// initial simplex `start` and `start + ½·e_i`; vertices kept sorted by value with ties in insertion order; stop
/// when max − min of the values ≤ 1e-12·(1 + |min|) and every coordinate spread ≤ 1e-9, or at `max_evaluations`.
/// A non-finite objective counts as +∞.
pub fn nelder_mead(
    objective: &mut dyn FnMut(&[f64]) -> f64,
    start: &[f64],
    lower: &[f64],
    upper: &[f64],
    max_evaluations: u64,
) -> Minimum {
    let n = start.len();
    let clamp = |mut point: Vec<f64>| {
        for (i, v) in point.iter_mut().enumerate() {
            *v = v.clamp(lower[i], upper[i]);
        }
        point
    };
    let evaluations = std::cell::Cell::new(0u64);
    let mut evaluate = |point: &[f64]| {
        evaluations.set(evaluations.get() + 1);
        let v = objective(point);
        if v.is_nan() {
            f64::INFINITY
        } else {
            v
        }
    };
    let mut simplex: Vec<(Vec<f64>, f64)> = Vec::with_capacity(n + 1);
    let first = clamp(start.to_vec());
    let value = evaluate(&first);
    simplex.push((first, value));
    for i in 0..n {
        let mut point = start.to_vec();
        point[i] += 0.5;
        let point = clamp(point);
        let value = evaluate(&point);
        simplex.push((point, value));
    }
    let sort = |simplex: &mut Vec<(Vec<f64>, f64)>| simplex.sort_by(|l, r| l.1.total_cmp(&r.1));
    sort(&mut simplex);
    let along = |from: &[f64], to: &[f64], factor: f64| -> Vec<f64> {
        from.iter().zip(to).map(|(f, t)| f + factor * (t - f)).collect()
    };
    let termination = loop {
        let (best, worst) = (simplex[0].1, simplex[n].1);
        let spread = (0..n)
            .map(|i| {
                let (lo, hi) = simplex
                    .iter()
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v.0[i]), hi.max(v.0[i])));
                hi - lo
            })
            .fold(0.0, f64::max);
        if worst - best <= 1e-12 * (1.0 + best.abs()) && spread <= 1e-9 {
            break Termination::Converged;
        }
        if evaluations.get() >= max_evaluations {
            break Termination::EvaluationCap;
        }
        let mut centroid = vec![0.0; n];
        for (point, _) in &simplex[..n] {
            for (c, p) in centroid.iter_mut().zip(point) {
                *c += p;
            }
        }
        for c in &mut centroid {
            *c /= n as f64;
        }
        let worst_point = simplex[n].0.clone();
        let reflected = clamp(along(&centroid, &worst_point, -1.0));
        let f_reflected = evaluate(&reflected);
        let second_worst = simplex[n - 1].1;
        if f_reflected < best {
            let expanded = clamp(along(&centroid, &worst_point, -2.0));
            let f_expanded = evaluate(&expanded);
            simplex[n] = if f_expanded < f_reflected { (expanded, f_expanded) } else { (reflected, f_reflected) };
        } else if f_reflected < second_worst {
            simplex[n] = (reflected, f_reflected);
        } else {
            // Outside contraction c + ½(c − x_worst) when the reflection improved on the worst, else inside.
            let outside = f_reflected < worst;
            let contracted = clamp(along(&centroid, &worst_point, if outside { -0.5 } else { 0.5 }));
            let f_contracted = evaluate(&contracted);
            let accepted = if outside { f_contracted <= f_reflected } else { f_contracted < worst };
            if accepted {
                simplex[n] = (contracted, f_contracted);
            } else {
                let best_point = simplex[0].0.clone();
                for vertex in simplex.iter_mut().skip(1) {
                    let point = clamp(along(&best_point, &vertex.0, 0.5));
                    let value = evaluate(&point);
                    *vertex = (point, value);
                }
            }
        }
        sort(&mut simplex);
    };
    let (theta, value) = simplex.swap_remove(0);
    Minimum { theta, value, evaluations: evaluations.get(), termination }
}

/// max_i |∂f/∂θ_i| by central differences with step [`GRADIENT_STEP`].
pub fn gradient_max(objective: &mut dyn FnMut(&[f64]) -> f64, theta: &[f64]) -> f64 {
    let mut largest = 0.0f64;
    for i in 0..theta.len() {
        let mut plus = theta.to_vec();
        plus[i] += GRADIENT_STEP;
        let mut minus = theta.to_vec();
        minus[i] -= GRADIENT_STEP;
        let slope = (objective(&plus) - objective(&minus)) / (2.0 * GRADIENT_STEP);
        largest = largest.max(if slope.is_finite() { slope.abs() } else { f64::INFINITY });
    }
    largest
}

/// A fitted model: parameters, LL, and the report.
#[derive(Clone, Debug, PartialEq)]
pub struct Fitted<P> {
    /// The parameters at the optimum found.
    pub params: P,
    /// LL there (not divided by n).
    pub log_likelihood: f64,
    /// How the fit ended.
    pub report: FitReport,
}

/// The fit of §11.7 for a model with parameters `names`, each with its `scale`, from `start` (natural values):
/// two runs (the second from the best vertex of the first), more while the gradient check fails off any ridge,
/// then the ridge list. `log_likelihood` takes natural parameters.
fn fit_model(
    model: &str,
    names: &[&str],
    scale: &[f64],
    start: &[f64],
    customers: u64,
    log_likelihood: &dyn Fn(&[f64]) -> f64,
) -> Result<(Vec<f64>, f64, FitReport), Error> {
    let n = customers.max(1) as f64;
    let mut objective = |theta: &[f64]| {
        let natural: Vec<f64> = theta.iter().map(|&t| exp(t)).collect();
        -log_likelihood(&natural) / n
    };
    let lower: Vec<f64> = scale.iter().map(|s| log(s / BOX_FACTOR)).collect();
    let upper: Vec<f64> = scale.iter().map(|s| log(s * BOX_FACTOR)).collect();
    let start: Vec<f64> = start.iter().map(|&v| log(v)).collect();
    let mut evaluations = 0;
    let mut runs = 0;
    let mut minimum = nelder_mead(&mut objective, &start, &lower, &upper, MAX_EVALUATIONS_PER_RUN);
    let mut capped = minimum.termination == Termination::EvaluationCap;
    evaluations += minimum.evaluations;
    runs += 1;
    let ridge = |theta: &[f64]| -> Vec<String> {
        names
            .iter()
            .zip(theta.iter().zip(scale))
            .filter(|(_, (&t, &s))| {
                let v = exp(t);
                !(v >= s / RIDGE_FACTOR && v <= s * RIDGE_FACTOR)
            })
            .map(|(name, _)| name.to_string())
            .collect()
    };
    let mut gradient;
    loop {
        minimum = nelder_mead(&mut objective, &minimum.theta, &lower, &upper, MAX_EVALUATIONS_PER_RUN);
        capped |= minimum.termination == Termination::EvaluationCap;
        evaluations += minimum.evaluations;
        runs += 1;
        gradient = gradient_max(&mut objective, &minimum.theta);
        let on_ridge = !ridge(&minimum.theta).is_empty();
        if on_ridge || gradient <= GRADIENT_TOLERANCE || runs >= 2 + MAX_EXTRA_RUNS {
            break;
        }
    }
    let ridge = ridge(&minimum.theta);
    let params: Vec<f64> = minimum.theta.iter().map(|&t| exp(t)).collect();
    let log_likelihood = log_likelihood(&params);
    if !log_likelihood.is_finite() {
        return Err(Error::new(ErrorKind::ClvDegenerateFit {
            model: model.to_string(),
            parameter: "logLikelihood".to_string(),
            // The most negative f64 stands for −∞ (details must stay finite numbers).
            value: -f64::MAX,
        }));
    }
    if ridge.is_empty() && (capped || gradient > GRADIENT_TOLERANCE) {
        return Err(Error::new(ErrorKind::ClvNotConverged {
            model: model.to_string(),
            evaluations,
            gradient: if gradient.is_finite() { gradient } else { f64::MAX },
        }));
    }
    let report = FitReport { evaluations, runs, termination: minimum.termination, gradient_max: gradient, ridge };
    Ok((params, log_likelihood, report))
}

/// Fits BG/NBD to grouped data whose mean T (in units) is `mean_t`: start ln(1, mean T, 1, 1), α scaled by mean T.
pub fn fit_bgnbd(data: &BgNbdData, mean_t: f64) -> Result<Fitted<BgNbdParams>, Error> {
    let alpha_scale = if mean_t > 0.0 && mean_t.is_finite() { mean_t } else { 1.0 };
    let ll = |v: &[f64]| data.log_likelihood(&BgNbdParams { r: v[0], alpha: v[1], a: v[2], b: v[3] });
    let (v, log_likelihood, report) = fit_model(
        "bgnbd",
        &["r", "alpha", "a", "b"],
        &[1.0, alpha_scale, 1.0, 1.0],
        &[1.0, alpha_scale, 1.0, 1.0],
        data.customers,
        &ll,
    )?;
    Ok(Fitted { params: BgNbdParams { r: v[0], alpha: v[1], a: v[2], b: v[3] }, log_likelihood, report })
}

/// Fits Gamma-Gamma: start ln(1, 2, mean zbar), γ scaled by mean zbar; q ≤ 1 is `clv_degenerate_fit`.
pub fn fit_gamma_gamma(data: &GammaGammaData) -> Result<Fitted<GammaGammaParams>, Error> {
    let gamma_scale = if data.mean_value > 0.0 && data.mean_value.is_finite() { data.mean_value } else { 1.0 };
    let ll = |v: &[f64]| data.log_likelihood(&GammaGammaParams { p: v[0], q: v[1], gamma: v[2] });
    let (v, log_likelihood, report) = fit_model(
        "gammaGamma",
        &["p", "q", "gamma"],
        &[1.0, 1.0, gamma_scale],
        &[1.0, 2.0, gamma_scale],
        data.len() as u64,
        &ll,
    )?;
    let params = GammaGammaParams { p: v[0], q: v[1], gamma: v[2] };
    if params.q <= 1.0 {
        return Err(Error::new(ErrorKind::ClvDegenerateFit {
            model: "gammaGamma".to_string(),
            parameter: "q".to_string(),
            value: params.q,
        }));
    }
    Ok(Fitted { params, log_likelihood, report })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(v: f64) -> f64 {
        v * v
    }

    #[test]
    fn finds_the_minimum_of_a_bowl() {
        let mut f = |t: &[f64]| square(t[0] - 1.0) + 3.0 * square(t[1] + 2.0);
        let m = nelder_mead(&mut f, &[0.0, 0.0], &[-10.0, -10.0], &[10.0, 10.0], 20_000);
        assert_eq!(m.termination, Termination::Converged);
        assert!((m.theta[0] - 1.0).abs() < 1e-8 && (m.theta[1] + 2.0).abs() < 1e-8, "{m:?}");
        assert!(gradient_max(&mut f, &m.theta) < 1e-6);
    }

    #[test]
    fn stays_in_the_box_and_stops_at_its_edge() {
        let mut f = |t: &[f64]| t[0] + t[1];
        let m = nelder_mead(&mut f, &[0.0, 0.0], &[-1.0, -2.0], &[1.0, 1.0], 20_000);
        assert_eq!(m.theta, vec![-1.0, -2.0]);
    }

    #[test]
    fn the_cap_is_reported_as_data() {
        let mut f = |t: &[f64]| square(t[0] - 0.3) + square(t[1] - 0.7);
        let m = nelder_mead(&mut f, &[0.0, 0.0], &[-1.0, -1.0], &[1.0, 1.0], 12);
        assert_eq!(m.termination, Termination::EvaluationCap);
        assert!(m.evaluations >= 12 && m.evaluations < 12 + 4, "{m:?}");
    }

    #[test]
    fn same_input_same_bits() {
        let mut f = |t: &[f64]| exp(t[0]) - 2.0 * t[0] + square(t[1] - t[0]);
        let one = nelder_mead(&mut f, &[0.5, 0.1], &[-5.0, -5.0], &[5.0, 5.0], 20_000);
        let two = nelder_mead(&mut f, &[0.5, 0.1], &[-5.0, -5.0], &[5.0, 5.0], 20_000);
        assert_eq!(
            one.theta.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
            two.theta.iter().map(|v| v.to_bits()).collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_kink_fails_the_gradient_check_and_is_not_converged() {
        // LL peaks at v = e^0.3, well inside the box, with slopes −1 and 3 on its sides: no zero slope there.
        let ll = |v: &[f64]| {
            let d = log(v[0]) - 0.3;
            -(if d > 0.0 { d } else { -3.0 * d }) - square(log(v[1]) + 0.2)
        };
        let error = fit_model("bgnbd", &["r", "a"], &[1.0, 1.0], &[1.0, 1.0], 1, &ll).unwrap_err();
        match error.kind() {
            ErrorKind::ClvNotConverged { model, evaluations, gradient } => {
                assert_eq!(model, "bgnbd");
                assert!(*evaluations > 0 && *gradient > GRADIENT_TOLERANCE, "{error:?}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(error.code(), "clv_not_converged");
    }

    #[test]
    fn a_smooth_peak_converges_with_its_report() {
        let ll = |v: &[f64]| -square(log(v[0]) - 0.3) - square(log(v[1]) + 0.2);
        let (params, log_likelihood, report) =
            fit_model("bgnbd", &["r", "a"], &[1.0, 1.0], &[1.0, 1.0], 1, &ll).unwrap();
        assert!((params[0] - exp(0.3)).abs() < 1e-6 && (params[1] - exp(-0.2)).abs() < 1e-6, "{params:?}");
        assert!(log_likelihood > -1e-12);
        assert_eq!((report.runs, report.termination), (2, Termination::Converged));
        assert!(report.gradient_max <= GRADIENT_TOLERANCE && report.ridge.is_empty());
    }

    #[test]
    fn a_peak_beyond_the_ridge_bound_is_kept_as_a_ridge() {
        // LL increases without bound in v0: the fit stops at the box edge (1e4) and lists v0 on the ridge.
        let ll = |v: &[f64]| log(v[0]) - square(log(v[1]) - 0.1);
        let (params, _, report) = fit_model("gammaGamma", &["q", "p"], &[1.0, 1.0], &[1.0, 1.0], 1, &ll).unwrap();
        assert!(params[0] > 0.999e4, "{params:?}");
        assert_eq!(report.ridge, vec!["q".to_string()]);
    }

    #[test]
    fn a_non_finite_likelihood_is_degenerate() {
        let ll = |_: &[f64]| f64::NEG_INFINITY;
        let error = fit_model("bgnbd", &["r"], &[1.0], &[0.2], 1, &ll).unwrap_err();
        assert_eq!(
            error.kind(),
            &ErrorKind::ClvDegenerateFit { model: "bgnbd".into(), parameter: "logLikelihood".into(), value: -f64::MAX }
        );
    }
}
