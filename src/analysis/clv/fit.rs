//! Deterministic maximum-likelihood fits (analytics.md §11.7) of −LL/n over θ = ln(parameters) inside a box:
//! a BFGS quasi-Newton on the analytic gradient with a fixed backtracking line search (about 30 evaluations where
//! Nelder–Mead takes 700), and the reference projected Nelder–Mead as the fallback whenever the quasi-Newton
//! result is not an interior stationary point (ridges, kinks, a non-finite start). Termination is reported as data;
//! the central-difference gradient check and the ridge rule decide as the contract says.
//!
//! Hand-written: the contract fixes the Nelder–Mead down to the tie order, and the result must have the same bits
//! on every build, which rules out optimisation crates whose reductions or line searches we do not control
//! (argmin, for one, has no box for BFGS). Every operation here is a plain IEEE add, multiply or divide in a fixed
//! order, so both methods are deterministic on native and WebAssembly alike.

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
/// Evaluations (value and gradient) the quasi-Newton may use before handing over to Nelder–Mead.
pub const QUASI_NEWTON_MAX_EVALUATIONS: u64 = 400;
/// The quasi-Newton stops when max_i |∂(−LL/n)/∂θ_i| (analytic) is at most this: far below the check's
/// [`GRADIENT_TOLERANCE`], so that the parameters sit within ~1e-7 of the optimum, as tight as Nelder–Mead's.
pub const QUASI_NEWTON_GRADIENT_TOLERANCE: f64 = 1e-10;
/// The largest change of any θ_i in one quasi-Newton step (a factor e² in a parameter).
const MAX_STEP: f64 = 2.0;
/// Armijo's sufficient-decrease constant of the line search.
const ARMIJO: f64 = 1e-4;
/// Step reductions of one line search before it is declared failed.
const MAX_BACKTRACKS: u32 = 60;
/// Relative rounding noise of −LL/n (a sum over thousands of groups): near the optimum a step whose value is
/// within this of the current one is accepted when it lowers the largest gradient component, since the value can
/// no longer tell better from worse there (the gradient, summed analytically, still can).
const VALUE_NOISE: f64 = 1e-12;

/// Why a run of an optimiser stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Termination {
    /// Nelder–Mead: the values and the coordinates of the simplex came within the tolerances.
    Converged,
    /// The run reached its evaluation cap ([`MAX_EVALUATIONS_PER_RUN`], [`QUASI_NEWTON_MAX_EVALUATIONS`]).
    EvaluationCap,
    /// Quasi-Newton: the analytic gradient came within [`QUASI_NEWTON_GRADIENT_TOLERANCE`].
    GradientTolerance,
    /// Quasi-Newton: no step along the search direction decreased −LL/n enough.
    LineSearchFailed,
    /// Quasi-Newton: the search direction left the box at a face (a ridge, for Nelder–Mead to follow).
    Boundary,
    /// Quasi-Newton: −LL/n or its gradient was not a finite number at the start.
    NonFinite,
}

/// The optimiser whose result a fit reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum FitMethod {
    /// BFGS on the analytic gradient ([`quasi_newton`]).
    QuasiNewton,
    /// The reference projected Nelder–Mead ([`nelder_mead`]), alone or after the quasi-Newton failed.
    NelderMead,
}

/// How a fit ended: what the optimiser did and what the checks found.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FitReport {
    /// The method whose result this is.
    pub method: FitMethod,
    /// Likelihood evaluations over all runs of both methods (the gradient check not included); a quasi-Newton
    /// evaluation computes the value and the gradient together.
    pub evaluations: u64,
    /// Of which by the quasi-Newton.
    pub quasi_newton_evaluations: u64,
    /// Why the quasi-Newton stopped (`None` when the model has no analytic gradient).
    pub quasi_newton_termination: Option<Termination>,
    /// Nelder–Mead runs (0 when the quasi-Newton result was kept; 2 unless the gradient check asked for more).
    pub runs: u32,
    /// Why the method reported stopped.
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

/// What a quasi-Newton minimisation returns.
#[derive(Clone, Debug, PartialEq)]
pub struct QuasiNewtonMinimum {
    /// The last accepted point.
    pub theta: Vec<f64>,
    /// The objective there.
    pub value: f64,
    /// Its gradient there.
    pub gradient: Vec<f64>,
    /// Evaluations (value and gradient together) used.
    pub evaluations: u64,
    /// Why it stopped.
    pub termination: Termination,
}

fn dot(u: &[f64], v: &[f64]) -> f64 {
    u.iter().zip(v).fold(0.0, |sum, (a, b)| sum + a * b)
}

fn max_abs(v: &[f64]) -> f64 {
    v.iter().fold(0.0, |m: f64, x| m.max(x.abs()))
}

/// BFGS minimising `objective` (which returns the value and writes the gradient) from `start` in the box
/// [`lower`, `upper`]. The inverse Hessian starts as the identity, is scaled by sᵀy/yᵀy before the first update
/// (Nocedal & Wright eq. 6.20), and is updated only when sᵀy > 0; a direction that does not descend resets it.
/// Each step is cut so that no θ_i moves more than [`MAX_STEP`] and the point stays in the box; the line search
/// starts at that step and backtracks by safeguarded quadratic interpolation (factor ⅒ … ½) until Armijo's
/// condition holds, or, within [`VALUE_NOISE`] of the current value, until the largest gradient component drops. Stops when max |gradient| ≤ `gradient_tolerance`, when the direction leaves the box at a face
/// ([`Termination::Boundary`]), when the line search fails, or at `max_evaluations`. Deterministic: a fixed
/// sequence of IEEE operations.
pub fn quasi_newton(
    objective: &mut dyn FnMut(&[f64], &mut [f64]) -> f64,
    start: &[f64],
    lower: &[f64],
    upper: &[f64],
    gradient_tolerance: f64,
    max_evaluations: u64,
) -> QuasiNewtonMinimum {
    let n = start.len();
    let finite = |value: f64, gradient: &[f64]| value.is_finite() && gradient.iter().all(|g| g.is_finite());
    let mut theta: Vec<f64> = start.iter().enumerate().map(|(i, v)| v.clamp(lower[i], upper[i])).collect();
    let mut gradient = vec![0.0; n];
    let mut value = objective(&theta, &mut gradient);
    let mut evaluations = 1;
    let done = |theta: Vec<f64>, value, gradient, evaluations, termination| QuasiNewtonMinimum {
        theta,
        value,
        gradient,
        evaluations,
        termination,
    };
    if !finite(value, &gradient) {
        return done(theta, value, gradient, evaluations, Termination::NonFinite);
    }
    let identity = |h: &mut Vec<f64>, scale: f64| {
        h.iter_mut().for_each(|v| *v = 0.0);
        (0..n).for_each(|i| h[i * n + i] = scale);
    };
    let mut inverse_hessian = vec![0.0; n * n];
    identity(&mut inverse_hessian, 1.0);
    let mut updated = false;
    let (mut trial, mut trial_gradient) = (vec![0.0; n], vec![0.0; n]);
    let mut direction = vec![0.0; n];
    loop {
        if max_abs(&gradient) <= gradient_tolerance {
            return done(theta, value, gradient, evaluations, Termination::GradientTolerance);
        }
        if evaluations >= max_evaluations {
            return done(theta, value, gradient, evaluations, Termination::EvaluationCap);
        }
        for (i, d) in direction.iter_mut().enumerate() {
            *d = -dot(&inverse_hessian[i * n..(i + 1) * n], &gradient);
        }
        let mut slope = dot(&gradient, &direction);
        // Also when the slope is NaN: reset and go down the gradient.
        if slope.partial_cmp(&0.0) != Some(std::cmp::Ordering::Less) {
            identity(&mut inverse_hessian, 1.0);
            updated = false;
            direction.iter_mut().zip(&gradient).for_each(|(d, g)| *d = -g);
            slope = dot(&gradient, &direction);
        }
        let longest = max_abs(&direction);
        let mut step = if longest > MAX_STEP { MAX_STEP / longest } else { 1.0 };
        for i in 0..n {
            if direction[i] > 0.0 {
                step = step.min((upper[i] - theta[i]) / direction[i]);
            } else if direction[i] < 0.0 {
                step = step.min((lower[i] - theta[i]) / direction[i]);
            }
        }
        if step.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
            return done(theta, value, gradient, evaluations, Termination::Boundary);
        }
        let mut backtracks = 0;
        let trial_value = loop {
            for i in 0..n {
                trial[i] = (theta[i] + step * direction[i]).clamp(lower[i], upper[i]);
            }
            let trial_value = objective(&trial, &mut trial_gradient);
            evaluations += 1;
            if finite(trial_value, &trial_gradient) {
                let armijo = trial_value <= value + ARMIJO * step * slope;
                let within_noise = (trial_value - value).abs() <= VALUE_NOISE * (1.0 + value.abs())
                    && max_abs(&trial_gradient) < max_abs(&gradient);
                if armijo || within_noise {
                    break trial_value;
                }
            }
            backtracks += 1;
            if backtracks >= MAX_BACKTRACKS {
                return done(theta, value, gradient, evaluations, Termination::LineSearchFailed);
            }
            if evaluations >= max_evaluations {
                return done(theta, value, gradient, evaluations, Termination::EvaluationCap);
            }
            // Minimum of the quadratic through (0, value), slope at 0, (step, trial_value), kept in [⅒, ½]·step.
            let curvature = trial_value - value - slope * step;
            let interpolated = if trial_value.is_finite() && curvature > 0.0 {
                -slope * step * step / (2.0 * curvature)
            } else {
                0.1 * step
            };
            step = interpolated.clamp(0.1 * step, 0.5 * step);
        };
        let s: Vec<f64> = (0..n).map(|i| trial[i] - theta[i]).collect();
        if s.iter().all(|&d| d == 0.0) {
            // The step no longer moves θ: nothing left to gain at this precision.
            return done(theta, value, gradient, evaluations, Termination::LineSearchFailed);
        }
        let y: Vec<f64> = (0..n).map(|i| trial_gradient[i] - gradient[i]).collect();
        let sy = dot(&s, &y);
        if sy > 0.0 {
            if !updated {
                identity(&mut inverse_hessian, sy / dot(&y, &y));
                updated = true;
            }
            // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ = H − ρ(s (Hy)ᵀ + (Hy) sᵀ) + (ρ² yᵀHy + ρ) s sᵀ, H symmetric.
            let rho = 1.0 / sy;
            let hy: Vec<f64> = (0..n).map(|i| dot(&inverse_hessian[i * n..(i + 1) * n], &y)).collect();
            let yhy = dot(&y, &hy);
            for i in 0..n {
                for j in 0..n {
                    inverse_hessian[i * n + j] +=
                        -rho * (s[i] * hy[j] + hy[i] * s[j]) + (rho * rho * yhy + rho) * s[i] * s[j];
                }
            }
        }
        theta.copy_from_slice(&trial);
        gradient.copy_from_slice(&trial_gradient);
        value = trial_value;
    }
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

/// LL at natural parameters, writing ∂LL/∂θ_i (θ = ln parameters) into the slice.
pub type ValueAndGradient<'a> = &'a dyn Fn(&[f64], &mut [f64]) -> f64;

/// A model's log-likelihood for [`fit_model`]: the value at natural parameters and, when the model has one, the
/// value with its gradient in θ = ln(parameters).
pub struct LogLikelihood<'a> {
    /// LL at natural parameters.
    pub value: &'a dyn Fn(&[f64]) -> f64,
    /// LL at natural parameters, writing ∂LL/∂θ_i into the slice.
    pub gradient: Option<ValueAndGradient<'a>>,
}

/// The fit of §11.7 for a model with parameters `names`, each with its `scale`, from `start` (natural values).
/// With a gradient, first the [`quasi_newton`]; its result is kept when it stopped on the gradient tolerance at a
/// point off any ridge that passes the central-difference check. Otherwise (and without a gradient) the reference:
/// two Nelder–Mead runs from `start` (the second from the best vertex of the first), more while the gradient check
/// fails off any ridge; then the ridge list.
fn fit_model(
    model: &str,
    names: &[&str],
    scale: &[f64],
    start: &[f64],
    customers: u64,
    log_likelihood: LogLikelihood,
) -> Result<(Vec<f64>, f64, FitReport), Error> {
    let n = customers.max(1) as f64;
    let mut objective = |theta: &[f64]| {
        let natural: Vec<f64> = theta.iter().map(|&t| exp(t)).collect();
        -(log_likelihood.value)(&natural) / n
    };
    let lower: Vec<f64> = scale.iter().map(|s| log(s / BOX_FACTOR)).collect();
    let upper: Vec<f64> = scale.iter().map(|s| log(s * BOX_FACTOR)).collect();
    let start: Vec<f64> = start.iter().map(|&v| log(v)).collect();
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
    let mut quasi_newton_evaluations = 0;
    let mut quasi_newton_termination = None;
    if let Some(value_and_gradient) = log_likelihood.gradient {
        let mut with_gradient = |theta: &[f64], gradient: &mut [f64]| {
            let natural: Vec<f64> = theta.iter().map(|&t| exp(t)).collect();
            let value = -value_and_gradient(&natural, gradient) / n;
            gradient.iter_mut().for_each(|g| *g = -*g / n);
            value
        };
        let minimum = quasi_newton(
            &mut with_gradient,
            &start,
            &lower,
            &upper,
            QUASI_NEWTON_GRADIENT_TOLERANCE,
            QUASI_NEWTON_MAX_EVALUATIONS,
        );
        quasi_newton_evaluations = minimum.evaluations;
        quasi_newton_termination = Some(minimum.termination);
        if minimum.termination == Termination::GradientTolerance && ridge(&minimum.theta).is_empty() {
            let gradient = gradient_max(&mut objective, &minimum.theta);
            let params: Vec<f64> = minimum.theta.iter().map(|&t| exp(t)).collect();
            let log_likelihood = (log_likelihood.value)(&params);
            if gradient <= GRADIENT_TOLERANCE && log_likelihood.is_finite() {
                let report = FitReport {
                    method: FitMethod::QuasiNewton,
                    evaluations: minimum.evaluations,
                    quasi_newton_evaluations,
                    quasi_newton_termination,
                    runs: 0,
                    termination: minimum.termination,
                    gradient_max: gradient,
                    ridge: Vec::new(),
                };
                return Ok((params, log_likelihood, report));
            }
        }
    }
    let mut evaluations = quasi_newton_evaluations;
    let mut runs = 0;
    let mut minimum = nelder_mead(&mut objective, &start, &lower, &upper, MAX_EVALUATIONS_PER_RUN);
    let mut capped = minimum.termination == Termination::EvaluationCap;
    evaluations += minimum.evaluations;
    runs += 1;
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
    let log_likelihood = (log_likelihood.value)(&params);
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
    let report = FitReport {
        method: FitMethod::NelderMead,
        evaluations,
        quasi_newton_evaluations,
        quasi_newton_termination,
        runs,
        termination: minimum.termination,
        gradient_max: gradient,
        ridge,
    };
    Ok((params, log_likelihood, report))
}

/// Fits BG/NBD to grouped data whose mean T (in units) is `mean_t`: start ln(1, mean T, 1, 1), α scaled by mean T.
pub fn fit_bgnbd(data: &BgNbdData, mean_t: f64) -> Result<Fitted<BgNbdParams>, Error> {
    let alpha_scale = if mean_t > 0.0 && mean_t.is_finite() { mean_t } else { 1.0 };
    let params = |v: &[f64]| BgNbdParams { r: v[0], alpha: v[1], a: v[2], b: v[3] };
    let value = |v: &[f64]| data.log_likelihood(&params(v));
    let gradient = |v: &[f64], gradient: &mut [f64]| {
        let mut g = [0.0; 4];
        let value = data.log_likelihood_gradient(&params(v), &mut g);
        gradient.copy_from_slice(&g);
        value
    };
    let (v, log_likelihood, report) = fit_model(
        "bgnbd",
        &["r", "alpha", "a", "b"],
        &[1.0, alpha_scale, 1.0, 1.0],
        &[1.0, alpha_scale, 1.0, 1.0],
        data.customers,
        LogLikelihood { value: &value, gradient: Some(&gradient) },
    )?;
    Ok(Fitted { params: BgNbdParams { r: v[0], alpha: v[1], a: v[2], b: v[3] }, log_likelihood, report })
}

/// Fits Gamma-Gamma: start ln(1, 2, mean zbar), γ scaled by mean zbar; q ≤ 1 is `clv_degenerate_fit`.
pub fn fit_gamma_gamma(data: &GammaGammaData) -> Result<Fitted<GammaGammaParams>, Error> {
    let gamma_scale = if data.mean_value > 0.0 && data.mean_value.is_finite() { data.mean_value } else { 1.0 };
    let params = |v: &[f64]| GammaGammaParams { p: v[0], q: v[1], gamma: v[2] };
    let value = |v: &[f64]| data.log_likelihood(&params(v));
    let gradient = |v: &[f64], gradient: &mut [f64]| {
        let mut g = [0.0; 3];
        let value = data.log_likelihood_gradient(&params(v), &mut g);
        gradient.copy_from_slice(&g);
        value
    };
    let (v, log_likelihood, report) = fit_model(
        "gammaGamma",
        &["p", "q", "gamma"],
        &[1.0, 1.0, gamma_scale],
        &[1.0, 2.0, gamma_scale],
        data.len() as u64,
        LogLikelihood { value: &value, gradient: Some(&gradient) },
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

    /// A likelihood without a gradient: the reference Nelder–Mead alone.
    fn plain<'a>(ll: &'a dyn Fn(&[f64]) -> f64) -> LogLikelihood<'a> {
        LogLikelihood { value: ll, gradient: None }
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
        let error = fit_model("bgnbd", &["r", "a"], &[1.0, 1.0], &[1.0, 1.0], 1, plain(&ll)).unwrap_err();
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
            fit_model("bgnbd", &["r", "a"], &[1.0, 1.0], &[1.0, 1.0], 1, plain(&ll)).unwrap();
        assert!((params[0] - exp(0.3)).abs() < 1e-6 && (params[1] - exp(-0.2)).abs() < 1e-6, "{params:?}");
        assert!(log_likelihood > -1e-12);
        assert_eq!((report.runs, report.termination), (2, Termination::Converged));
        assert!(report.gradient_max <= GRADIENT_TOLERANCE && report.ridge.is_empty());
    }

    #[test]
    fn a_peak_beyond_the_ridge_bound_is_kept_as_a_ridge() {
        // LL increases without bound in v0: the fit stops at the box edge (1e4) and lists v0 on the ridge.
        let ll = |v: &[f64]| log(v[0]) - square(log(v[1]) - 0.1);
        let (params, _, report) =
            fit_model("gammaGamma", &["q", "p"], &[1.0, 1.0], &[1.0, 1.0], 1, plain(&ll)).unwrap();
        assert!(params[0] > 0.999e4, "{params:?}");
        assert_eq!(report.ridge, vec!["q".to_string()]);
    }

    /// Rosenbrock's valley in θ, minimum 0 at (1, 1), with its gradient.
    fn rosenbrock(t: &[f64], g: &mut [f64]) -> f64 {
        g[0] = -2.0 * (1.0 - t[0]) - 400.0 * t[0] * (t[1] - t[0] * t[0]);
        g[1] = 200.0 * (t[1] - t[0] * t[0]);
        square(1.0 - t[0]) + 100.0 * square(t[1] - t[0] * t[0])
    }

    #[test]
    fn quasi_newton_follows_a_curved_valley_to_its_minimum() {
        let m = quasi_newton(&mut rosenbrock, &[-1.2, 1.0], &[-5.0, -5.0], &[5.0, 5.0], 1e-10, 400);
        assert_eq!(m.termination, Termination::GradientTolerance, "{m:?}");
        assert!((m.theta[0] - 1.0).abs() < 1e-8 && (m.theta[1] - 1.0).abs() < 1e-8, "{m:?}");
        assert!(max_abs(&m.gradient) <= 1e-10);
        // Nelder–Mead needs several times as many evaluations for the same valley.
        let mut value = |t: &[f64]| rosenbrock(t, &mut [0.0; 2]);
        let simplex = nelder_mead(&mut value, &[-1.2, 1.0], &[-5.0, -5.0], &[5.0, 5.0], 20_000);
        assert!(m.evaluations * 3 < simplex.evaluations, "{} vs {}", m.evaluations, simplex.evaluations);
        let again = quasi_newton(&mut rosenbrock, &[-1.2, 1.0], &[-5.0, -5.0], &[5.0, 5.0], 1e-10, 400);
        assert_eq!(format!("{m:?}"), format!("{again:?}"), "same input, same bits");
    }

    #[test]
    fn quasi_newton_stops_at_a_face_of_the_box_and_on_its_cap() {
        let mut slope = |t: &[f64], g: &mut [f64]| {
            g.copy_from_slice(&[1.0, 1.0]);
            t[0] + t[1]
        };
        let m = quasi_newton(&mut slope, &[0.0, 0.0], &[-1.0, -2.0], &[1.0, 1.0], 1e-10, 400);
        assert_eq!(m.termination, Termination::Boundary, "{m:?}");
        assert!(m.theta.iter().zip([-1.0, -2.0]).any(|(t, bound)| *t == bound), "{m:?}");
        let m = quasi_newton(&mut rosenbrock, &[-1.2, 1.0], &[-5.0, -5.0], &[5.0, 5.0], 1e-10, 5);
        assert_eq!((m.termination, m.evaluations), (Termination::EvaluationCap, 5));
        let mut nan = |_: &[f64], g: &mut [f64]| {
            g[0] = f64::NAN;
            0.0
        };
        assert_eq!(quasi_newton(&mut nan, &[0.0], &[-1.0], &[1.0], 1e-10, 400).termination, Termination::NonFinite);
    }

    #[test]
    fn with_a_gradient_a_smooth_peak_is_fitted_by_the_quasi_newton() {
        let ll = |v: &[f64]| -square(log(v[0]) - 0.3) - square(log(v[1]) + 0.2);
        let gradient = |v: &[f64], g: &mut [f64]| {
            g[0] = -2.0 * (log(v[0]) - 0.3);
            g[1] = -2.0 * (log(v[1]) + 0.2);
            ll(v)
        };
        let both = LogLikelihood { value: &ll, gradient: Some(&gradient) };
        let (params, _, report) = fit_model("bgnbd", &["r", "a"], &[1.0, 1.0], &[1.0, 1.0], 1, both).unwrap();
        assert!((params[0] - exp(0.3)).abs() < 1e-9 && (params[1] - exp(-0.2)).abs() < 1e-9, "{params:?}");
        assert_eq!(
            (report.method, report.runs, report.termination),
            (FitMethod::QuasiNewton, 0, Termination::GradientTolerance)
        );
        assert_eq!(report.evaluations, report.quasi_newton_evaluations);
        assert!(report.gradient_max <= GRADIENT_TOLERANCE && report.ridge.is_empty());
    }

    #[test]
    fn with_a_gradient_ridges_and_kinks_fall_back_to_nelder_mead() {
        // LL rises without bound in v0: the quasi-Newton reaches the box, Nelder–Mead follows the ridge.
        let ll = |v: &[f64]| log(v[0]) - square(log(v[1]) - 0.1);
        let gradient = |v: &[f64], g: &mut [f64]| {
            g[0] = 1.0;
            g[1] = -2.0 * (log(v[1]) - 0.1);
            ll(v)
        };
        let both = LogLikelihood { value: &ll, gradient: Some(&gradient) };
        let (params, _, report) = fit_model("gammaGamma", &["q", "p"], &[1.0, 1.0], &[1.0, 1.0], 1, both).unwrap();
        assert!(params[0] > 0.999e4, "{params:?}");
        assert_eq!(report.ridge, vec!["q".to_string()]);
        assert_eq!(
            (report.method, report.quasi_newton_termination),
            (FitMethod::NelderMead, Some(Termination::Boundary))
        );
        assert!(report.runs >= 2 && report.evaluations > report.quasi_newton_evaluations);
        // A kink: slopes −1 and 3 on either side of v0 = e^0.3, so no gradient ever reaches zero.
        let ll = |v: &[f64]| {
            let d = log(v[0]) - 0.3;
            -(if d > 0.0 { d } else { -3.0 * d }) - square(log(v[1]) + 0.2)
        };
        let gradient = |v: &[f64], g: &mut [f64]| {
            g[0] = if log(v[0]) > 0.3 { -1.0 } else { 3.0 };
            g[1] = -2.0 * (log(v[1]) + 0.2);
            ll(v)
        };
        let both = LogLikelihood { value: &ll, gradient: Some(&gradient) };
        let error = fit_model("bgnbd", &["r", "a"], &[1.0, 1.0], &[1.0, 1.0], 1, both).unwrap_err();
        assert_eq!(error.code(), "clv_not_converged");
    }

    #[test]
    fn a_non_finite_likelihood_is_degenerate() {
        let ll = |_: &[f64]| f64::NEG_INFINITY;
        let error = fit_model("bgnbd", &["r"], &[1.0], &[0.2], 1, plain(&ll)).unwrap_err();
        assert_eq!(
            error.kind(),
            &ErrorKind::ClvDegenerateFit { model: "bgnbd".into(), parameter: "logLikelihood".into(), value: -f64::MAX }
        );
    }
}
