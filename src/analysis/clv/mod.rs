//! Customer lifetime value (analytics.md §11): the calibration summary of purchase occasions, the BG/NBD and
//! Gamma-Gamma models fitted by a deterministic quasi-Newton on analytic gradients with the reference projected
//! Nelder–Mead as its fallback (or taken as given), and per customer P(alive), expected purchases, expected value
//! per purchase and lifetimes' CLV, with the holdout check.
//!
//! Plain inputs and outputs: [`clv`] takes the occasions as compressed columns ([`Occasions`]) and options as plain
//! Rust values, and returns [`ClvResult`] with one column per measure, so a binding only converts. Every ln, exp,
//! lgamma and pow is the `libm` crate's, so that native and WebAssembly builds give the same bits.

pub mod bgnbd;
pub mod fit;
pub mod gamma_gamma;
pub mod series;
mod special;
pub mod summary;

pub use summary::{calibration_summary, CalibrationSummary, Occasions, TimeUnit};

use crate::date::Day;
use crate::error::{Error, ErrorKind, Warning, WarningKind};
use bgnbd::BgNbdData;
use fit::{fit_bgnbd, fit_gamma_gamma, FitReport};
use gamma_gamma::GammaGammaData;
use libm::pow;
use serde::Serialize;
use series::{expected_if_alive, SeriesFailure};

/// BG/NBD parameters: purchase rate shape `r` and scale `alpha` (in the time unit), dropout shapes `a` and `b`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct BgNbdParams {
    /// Shape of the gamma distribution of purchase rates.
    pub r: f64,
    /// Scale of the purchase rates (time units).
    pub alpha: f64,
    /// First shape of the beta distribution of dropout probabilities.
    pub a: f64,
    /// Second shape of the beta distribution of dropout probabilities.
    pub b: f64,
}

/// Gamma-Gamma parameters: `p` (shape of a customer's spend per occasion), `q` and `gamma` (shape and scale of
/// the spread of customers' mean spend; lifetimes calls γ `v`).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct GammaGammaParams {
    /// Shape of the spend per occasion.
    pub p: f64,
    /// Shape of the distribution of customers' spend scale; the mean exists for q > 1.
    pub q: f64,
    /// Scale of the distribution of customers' spend scale (currency units).
    pub gamma: f64,
}

/// Parameters given by the user instead of a fit (§11.9 `params`).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct GivenParams {
    /// BG/NBD as given; `None` fits it.
    pub bgnbd: Option<BgNbdParams>,
    /// Gamma-Gamma as given; `None` leaves the value and CLV columns out.
    pub gamma_gamma: Option<GammaGammaParams>,
}

/// The CLV sum's settings (§11.6 `clv`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ClvValueOptions {
    /// Months M summed (1–120; default 12).
    pub months: u32,
    /// Discount rate d per month (0 ≤ d < 1; default 0.01).
    pub discount_rate: f64,
    /// Share of revenue kept as margin (0 < margin ≤ 1; default 1, i.e. revenue as in lifetimes).
    pub margin: f64,
}

impl Default for ClvValueOptions {
    fn default() -> Self {
        ClvValueOptions { months: 12, discount_rate: 0.01, margin: 1.0 }
    }
}

/// Options of [`clv`] (§11.9), with the analysis date already resolved by the caller (§2).
#[derive(Clone, Debug, PartialEq)]
pub struct ClvOptions {
    /// D: occasions on or after it are not in the calibration.
    pub analysis_date: Day,
    /// Time unit of x's time axis (default week).
    pub time_unit: TimeUnit,
    /// Prediction horizon in units; `None` is the unit's year (52 / 365 / 12). At most 10 years.
    pub horizon: Option<f64>,
    /// The CLV sum.
    pub clv: ClvValueOptions,
    /// Parameters used as given; `None` fits both models.
    pub params: Option<GivenParams>,
    /// Holdout start H (first readable date < H < D): fit on occasions before H, compare with H … D − 1.
    pub holdout_from: Option<Day>,
    /// Fewest customers a fit accepts (default 100, at least 10).
    pub min_customers: u32,
    /// Fewest repeat customers a fit accepts (default 30, at least 10).
    pub min_repeat_customers: u32,
}

/// The smallest value `minCustomers` and `minRepeatCustomers` may be lowered to.
pub const MIN_CUSTOMERS_FLOOR: u32 = 10;
/// |ρ(x, zbar)| above which `gg_dependence` is warned (§11.5).
pub const DEPENDENCE_WARNING: f64 = 0.3;

impl ClvOptions {
    /// The defaults of §11.9 at analysis date `analysis_date`.
    pub fn new(analysis_date: Day) -> ClvOptions {
        ClvOptions {
            analysis_date,
            time_unit: TimeUnit::Week,
            horizon: None,
            clv: ClvValueOptions::default(),
            params: None,
            holdout_from: None,
            min_customers: 100,
            min_repeat_customers: 30,
        }
    }

    /// The horizon in units (the option or the unit's default).
    pub fn horizon(&self) -> f64 {
        self.horizon.unwrap_or(self.time_unit.default_horizon())
    }

    /// Checks the ranges of the plain options (not `params` or `holdout`, which are checked in the contract's
    /// order by [`clv`]).
    fn validate(&self) -> Result<(), Error> {
        let horizon = self.horizon();
        let max = self.time_unit.max_horizon();
        if !(horizon.is_finite() && horizon > 0.0 && horizon <= max) {
            return Err(Error::invalid_option(
                "horizon",
                format!("{horizon} must be above 0 and at most {max} {}s (10 years)", self.time_unit.name()),
            ));
        }
        let ClvValueOptions { months, discount_rate, margin } = self.clv;
        if !(1..=120).contains(&months) {
            return Err(Error::invalid_option("clv.months", format!("{months} must be 1 to 120")));
        }
        if !(discount_rate.is_finite() && (0.0..1.0).contains(&discount_rate)) {
            return Err(Error::invalid_option(
                "clv.discountRate",
                format!("{discount_rate} must be at least 0 and below 1 (a monthly rate: 0.01 is 1 %)"),
            ));
        }
        if !(margin.is_finite() && margin > 0.0 && margin <= 1.0) {
            return Err(Error::invalid_option(
                "clv.margin",
                format!("{margin} must be above 0 and at most 1 (a share of revenue: 0.3 is 30 %)"),
            ));
        }
        for (name, value) in [("minCustomers", self.min_customers), ("minRepeatCustomers", self.min_repeat_customers)] {
            if value < MIN_CUSTOMERS_FLOOR {
                return Err(Error::invalid_option(name, format!("{value} must be at least {MIN_CUSTOMERS_FLOOR}")));
            }
        }
        Ok(())
    }
}

/// Checks given parameters: all finite and above 0, and q > 1 for Gamma-Gamma (the mean spend must exist).
fn validate_params(params: &GivenParams) -> Result<(), Error> {
    let check = |model: &str, name: &str, value: f64, above: f64| {
        if value.is_finite() && value > above {
            Ok(())
        } else {
            Err(Error::invalid_option(format!("params.{model}.{name}"), format!("{value} must be above {above}")))
        }
    };
    if let Some(BgNbdParams { r, alpha, a, b }) = params.bgnbd {
        for (name, value) in [("r", r), ("alpha", alpha), ("a", a), ("b", b)] {
            check("bgnbd", name, value, 0.0)?;
        }
    }
    if let Some(GammaGammaParams { p, q, gamma }) = params.gamma_gamma {
        check("gammaGamma", "p", p, 0.0)?;
        check("gammaGamma", "q", q, 1.0)?;
        check("gammaGamma", "gamma", gamma, 0.0)?;
    }
    Ok(())
}

/// The BG/NBD model used: parameters, LL on the calibration summary, and how it was obtained.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BgNbdModel {
    /// Purchase rate shape.
    pub r: f64,
    /// Purchase rate scale (time units).
    pub alpha: f64,
    /// Dropout shape a.
    pub a: f64,
    /// Dropout shape b.
    pub b: f64,
    /// LL of the calibration summary at these parameters (§11.3).
    pub log_likelihood: f64,
    /// Likelihood evaluations of the fit (0 when given).
    pub evaluations: u64,
    /// Whether the parameters were fitted (else given).
    pub fitted: bool,
    /// Parameters on a ridge (§11.7), e.g. `["a", "b"]`.
    pub ridge: Vec<String>,
    /// The fit's termination and checks; `None` when given.
    pub fit: Option<FitReport>,
}

impl BgNbdModel {
    /// The parameters alone.
    pub fn params(&self) -> BgNbdParams {
        BgNbdParams { r: self.r, alpha: self.alpha, a: self.a, b: self.b }
    }
}

/// The Gamma-Gamma model used.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GammaGammaModel {
    /// Spend shape p.
    pub p: f64,
    /// Shape q of the spread of mean spend.
    pub q: f64,
    /// Scale γ of the spread of mean spend.
    pub gamma: f64,
    /// LL over the customers with x ≥ 1 and zbar > 0 (§11.5).
    pub log_likelihood: f64,
    /// Customers with x ≥ 1 and zbar > 0.
    pub customers: u64,
    /// Pearson correlation of x and zbar over them (`None` when either does not vary).
    pub correlation: Option<f64>,
    /// Likelihood evaluations of the fit (0 when given).
    pub evaluations: u64,
    /// Whether the parameters were fitted.
    pub fitted: bool,
    /// Parameters on a ridge.
    pub ridge: Vec<String>,
    /// The fit's termination and checks; `None` when given.
    pub fit: Option<FitReport>,
}

impl GammaGammaModel {
    /// The parameters alone.
    pub fn params(&self) -> GammaGammaParams {
        GammaGammaParams { p: self.p, q: self.q, gamma: self.gamma }
    }
}

/// Sums over the customers.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClvTotals {
    /// Σ expected purchases over the horizon.
    pub expected_purchases: f64,
    /// Σ CLV; `None` without Gamma-Gamma.
    pub clv: Option<f64>,
}

/// One row of the holdout table: customers with calibration x in the bucket.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HoldoutBucket {
    /// `0` … `6`, `7+`.
    pub bucket: String,
    /// Customers in it.
    pub customers: u64,
    /// Mean occasions dated H … D − 1.
    pub actual_mean: f64,
    /// Mean E[Y(duration)] at the calibration model.
    pub predicted_mean: f64,
}

/// The holdout check of §11.8.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HoldoutCheck {
    /// H.
    pub from: Day,
    /// (D − H) days ÷ u.
    pub duration: f64,
    /// Customers with an occasion before H.
    pub customers: u64,
    /// Σ actual occasions in H … D − 1.
    pub actual_total: u64,
    /// Σ predicted.
    pub predicted_total: f64,
    /// By calibration x; buckets without customers are left out.
    pub buckets: Vec<HoldoutBucket>,
    /// The BG/NBD model of the calibration period.
    pub bgnbd: BgNbdModel,
}

/// Per-customer columns, one entry per customer of the CLV population, in input order.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClvCustomers {
    /// The customer's index in the input [`Occasions`] (the binding turns it into the id).
    pub customer: Vec<u32>,
    /// Repeat occasions.
    pub x: Vec<u32>,
    /// t_x in units.
    pub tx: Vec<f64>,
    /// T in units.
    #[serde(rename = "T")]
    pub t: Vec<f64>,
    /// zbar in currency units.
    pub mean_repeat_value: Vec<f64>,
    /// P(alive).
    pub p_alive: Vec<f64>,
    /// E[Y(horizon)].
    pub expected_purchases: Vec<f64>,
    /// E\[Z\]; `None` without Gamma-Gamma.
    pub expected_value: Option<Vec<f64>>,
    /// CLV over `clv.months`; `None` without Gamma-Gamma.
    pub clv: Option<Vec<f64>>,
}

/// Everything `ds.clv()` reports (§11.9) except what needs the table (`excluded` rows and customer ids).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClvResult {
    /// D.
    pub analysis_date: Day,
    /// The time unit.
    pub time_unit: TimeUnit,
    /// The horizon in units.
    pub horizon: f64,
    /// Customers in the CLV population.
    pub customer_count: u64,
    /// Those with x ≥ 1.
    pub repeat_customers: u64,
    /// Return-only customer dates (as given with the occasions).
    pub return_only_days: u64,
    /// The BG/NBD model.
    pub bgnbd: BgNbdModel,
    /// The Gamma-Gamma model; `None` when given parameters leave it out.
    pub gamma_gamma: Option<GammaGammaModel>,
    /// E\[Z\] for x = 0: pγ/(q − 1).
    pub population_mean_value: Option<f64>,
    /// E[X(horizon)] of a new customer (FHL eq. 9).
    pub new_customer_expected_purchases: f64,
    /// Sums over the customers.
    pub totals: ClvTotals,
    /// The holdout check, when `holdout_from` is set.
    pub holdout: Option<HoldoutCheck>,
    /// `clv_ridge`, `gg_dependence`.
    pub warnings: Vec<Warning>,
    /// Per-customer columns.
    pub customers: ClvCustomers,
}

fn numeric(quantity: &str) -> impl Fn(SeriesFailure) -> Error + '_ {
    move |failure| Error::new(ErrorKind::ClvNumeric { quantity: quantity.to_string(), terms: failure.terms })
}

/// Fits BG/NBD on `summary` after the minimum checks, or takes the given parameters.
fn bgnbd_model(
    summary: &CalibrationSummary,
    given: Option<BgNbdParams>,
    options: &ClvOptions,
) -> Result<BgNbdModel, Error> {
    let data = BgNbdData::new(&summary.x, &summary.tx_days, &summary.t_days, summary.unit.days());
    let Some(params) = given else {
        check_minimums(summary, options)?;
        let mean_t = summary.t.iter().sum::<f64>() / summary.len() as f64;
        let fitted = fit_bgnbd(&data, mean_t)?;
        let p = fitted.params;
        return Ok(BgNbdModel {
            r: p.r,
            alpha: p.alpha,
            a: p.a,
            b: p.b,
            log_likelihood: fitted.log_likelihood,
            evaluations: fitted.report.evaluations,
            fitted: true,
            ridge: fitted.report.ridge.clone(),
            fit: Some(fitted.report),
        });
    };
    let BgNbdParams { r, alpha, a, b } = params;
    Ok(BgNbdModel {
        r,
        alpha,
        a,
        b,
        log_likelihood: data.log_likelihood(&params),
        evaluations: 0,
        fitted: false,
        ridge: Vec::new(),
        fit: None,
    })
}

/// `clv_too_few_customers`, then `clv_too_few_repeat_customers` for BG/NBD.
fn check_minimums(summary: &CalibrationSummary, options: &ClvOptions) -> Result<(), Error> {
    let found = summary.len() as u64;
    if found < u64::from(options.min_customers) {
        return Err(Error::new(ErrorKind::ClvTooFewCustomers { found, needed: options.min_customers.into() }));
    }
    let repeat = summary.repeat_customers() as u64;
    if repeat < u64::from(options.min_repeat_customers) {
        return Err(Error::new(ErrorKind::ClvTooFewRepeatCustomers {
            model: "bgnbd".into(),
            found: repeat,
            needed: options.min_repeat_customers.into(),
        }));
    }
    Ok(())
}

/// Fits Gamma-Gamma, takes it as given, or leaves it out.
fn gamma_gamma_model(summary: &CalibrationSummary, options: &ClvOptions) -> Result<Option<GammaGammaModel>, Error> {
    let data = GammaGammaData::new(&summary.x, &summary.mean_repeat_value);
    let (customers, correlation) = (data.len() as u64, data.correlation);
    match options.params {
        Some(GivenParams { gamma_gamma: None, .. }) => Ok(None),
        Some(GivenParams { gamma_gamma: Some(params), .. }) => Ok(Some(GammaGammaModel {
            p: params.p,
            q: params.q,
            gamma: params.gamma,
            log_likelihood: data.log_likelihood(&params),
            customers,
            correlation,
            evaluations: 0,
            fitted: false,
            ridge: Vec::new(),
            fit: None,
        })),
        None => {
            // The minimum was checked by `clv` in the contract's order.
            let fitted = fit_gamma_gamma(&data)?;
            let p = fitted.params;
            Ok(Some(GammaGammaModel {
                p: p.p,
                q: p.q,
                gamma: p.gamma,
                log_likelihood: fitted.log_likelihood,
                customers,
                correlation,
                evaluations: fitted.report.evaluations,
                fitted: true,
                ridge: fitted.report.ridge.clone(),
                fit: Some(fitted.report),
            }))
        }
    }
}

/// The `clv_ridge` warning for `model` when its fit ended on a ridge.
fn ridge_warning(model: &str, ridge: &[String]) -> Option<Warning> {
    (!ridge.is_empty())
        .then(|| Warning::new(WarningKind::ClvRidge { model: model.into(), parameters: ridge.to_vec() }, Vec::new()))
}

/// Per distinct (x, T in days), in the order of first need: E[Y(t)]/P(alive) for each `t`.
struct SeriesCache {
    keys: Vec<(u32, i32)>,
    /// Index of each customer's key.
    customer_key: Vec<u32>,
}

impl SeriesCache {
    fn new(summary: &CalibrationSummary) -> SeriesCache {
        let mut keys: Vec<(u32, i32)> = summary.x.iter().copied().zip(summary.t_days.iter().copied()).collect();
        keys.sort_unstable();
        keys.dedup();
        let customer_key = summary
            .x
            .iter()
            .zip(&summary.t_days)
            .map(|(&x, &t)| keys.binary_search(&(x, t)).unwrap_or(0) as u32)
            .collect();
        SeriesCache { keys, customer_key }
    }

    /// `f(E/P at each t)` per key.
    fn map(
        &self,
        params: &BgNbdParams,
        unit_days: f64,
        times: &[f64],
        quantity: &str,
        f: impl Fn(&[f64]) -> f64,
    ) -> Result<Vec<f64>, Error> {
        let mut values = vec![0.0; times.len()];
        let mut out = Vec::with_capacity(self.keys.len());
        for &(x, t_days) in &self.keys {
            let big_t = f64::from(t_days) / unit_days;
            for (v, &t) in values.iter_mut().zip(times) {
                *v = expected_if_alive(params, f64::from(x), big_t, t).map_err(numeric(quantity))?.value;
            }
            out.push(f(&values));
        }
        Ok(out)
    }
}

/// The customers' P(alive) and E[Y(t)] at one `t`.
fn predict_purchases(
    summary: &CalibrationSummary,
    params: &BgNbdParams,
    t: f64,
) -> Result<(Vec<f64>, Vec<f64>), Error> {
    let cache = SeriesCache::new(summary);
    let per_key = cache.map(params, summary.unit.days(), &[t], "expectedPurchases", |v| v[0])?;
    let p_alive: Vec<f64> =
        (0..summary.len()).map(|i| bgnbd::p_alive(params, summary.x[i], summary.tx[i], summary.t[i])).collect();
    let expected = p_alive.iter().zip(&cache.customer_key).map(|(p, &k)| p * per_key[k as usize]).collect();
    Ok((p_alive, expected))
}

/// CLV per customer (§11.6): margin · E\[Z\] · Σ_{m=1..M} (E[Y(m·f)] − E[Y((m−1)·f)]) / (1 + d)^m, with the
/// P(alive) factor of E[Y] taken out of the sum.
fn lifetime_values(
    summary: &CalibrationSummary,
    params: &BgNbdParams,
    p_alive: &[f64],
    expected_value: &[f64],
    options: &ClvValueOptions,
) -> Result<Vec<f64>, Error> {
    let f = summary.unit.per_month();
    let months = options.months as usize;
    let times: Vec<f64> = (1..=months).map(|m| m as f64 * f).collect();
    let discounts: Vec<f64> = (1..=months).map(|m| pow(1.0 + options.discount_rate, m as f64)).collect();
    let cache = SeriesCache::new(summary);
    let per_key = cache.map(params, summary.unit.days(), &times, "clv", |values| {
        let mut previous = 0.0;
        let mut sum = 0.0;
        for (value, discount) in values.iter().zip(&discounts) {
            sum += (value - previous) / discount;
            previous = *value;
        }
        sum
    })?;
    Ok((0..summary.len())
        .map(|i| options.margin * expected_value[i] * p_alive[i] * per_key[cache.customer_key[i] as usize])
        .collect())
}

/// The holdout check: calibration before H, actual occasions H … D − 1, by calibration x.
fn holdout_check(occasions: &Occasions, options: &ClvOptions, from: Day) -> Result<HoldoutCheck, Error> {
    let d = options.analysis_date;
    let calibration = calibration_summary(occasions, from, options.time_unit)?;
    let model = bgnbd_model(&calibration, options.params.and_then(|p| p.bgnbd), options)?;
    let actual = summary::holdout_occasions(occasions, &calibration, d);
    let duration = f64::from(d.days_since(from)) / options.time_unit.days();
    let (_, predicted) = predict_purchases(&calibration, &model.params(), duration)?;
    let mut buckets: Vec<(u64, u64, f64)> = vec![(0, 0, 0.0); 8];
    for i in 0..calibration.len() {
        let bucket = &mut buckets[(calibration.x[i] as usize).min(7)];
        bucket.0 += 1;
        bucket.1 += u64::from(actual[i]);
        bucket.2 += predicted[i];
    }
    Ok(HoldoutCheck {
        from,
        duration,
        customers: calibration.len() as u64,
        actual_total: actual.iter().map(|&a| u64::from(a)).sum(),
        predicted_total: predicted.iter().sum(),
        buckets: buckets
            .iter()
            .enumerate()
            .filter(|(_, b)| b.0 > 0)
            .map(|(k, &(customers, actual, predicted))| HoldoutBucket {
                bucket: if k == 7 { "7+".into() } else { k.to_string() },
                customers,
                actual_mean: actual as f64 / customers as f64,
                predicted_mean: predicted / customers as f64,
            })
            .collect(),
        bgnbd: model,
    })
}

/// Customer lifetime value of §11 for the customers of `occasions` at `options`: the calibration summary before
/// D, the models (fitted, or as given), per-customer predictions, and the holdout check. Errors, in the contract's
/// order: option ranges (`invalid_option`), `clv_too_few_customers`, `clv_too_few_repeat_customers`, invalid
/// `params`, an invalid `holdout` date; then `clv_not_converged`, `clv_degenerate_fit` and `clv_numeric`.
pub fn clv(occasions: &Occasions, options: &ClvOptions) -> Result<ClvResult, Error> {
    options.validate()?;
    let summary = calibration_summary(occasions, options.analysis_date, options.time_unit)?;
    let given = options.params.unwrap_or_default();
    let fits_anything = options.params.is_none() || given.bgnbd.is_none();
    if fits_anything {
        check_minimums(&summary, options)?;
    }
    if options.params.is_none() {
        let gg_customers = GammaGammaData::new(&summary.x, &summary.mean_repeat_value).len() as u64;
        if gg_customers < u64::from(options.min_repeat_customers) {
            return Err(Error::new(ErrorKind::ClvTooFewRepeatCustomers {
                model: "gammaGamma".into(),
                found: gg_customers,
                needed: options.min_repeat_customers.into(),
            }));
        }
    }
    validate_params(&given)?;
    if let Some(from) = options.holdout_from {
        let first = summary.t_days.iter().map(|&t| options.analysis_date.plus(-1 - t)).min();
        if from >= options.analysis_date || first.is_none_or(|first| from <= first) {
            return Err(Error::invalid_option(
                "holdout.from",
                format!(
                    "{from} must be after the first purchase{} and before the analysis date {}",
                    first.map(|f| format!(" ({f})")).unwrap_or_default(),
                    options.analysis_date
                ),
            ));
        }
    }

    let bgnbd = bgnbd_model(&summary, given.bgnbd, options)?;
    let gamma_gamma = gamma_gamma_model(&summary, options)?;
    let params = bgnbd.params();
    let horizon = options.horizon();
    let (p_alive, expected_purchases) = predict_purchases(&summary, &params, horizon)?;
    let new_customer_expected_purchases =
        expected_if_alive(&params, 0.0, 0.0, horizon).map_err(numeric("newCustomerExpectedPurchases"))?.value;

    let mut warnings: Vec<Warning> = ridge_warning("bgnbd", &bgnbd.ridge).into_iter().collect();
    let (expected_value, clv_column) = match &gamma_gamma {
        Some(model) => {
            warnings.extend(ridge_warning("gammaGamma", &model.ridge));
            if let Some(rho) = model.correlation.filter(|rho| rho.abs() > DEPENDENCE_WARNING) {
                warnings.push(Warning::new(WarningKind::GgDependence { correlation: rho }, Vec::new()));
            }
            let gg = model.params();
            let values: Vec<f64> = summary
                .x
                .iter()
                .zip(&summary.mean_repeat_value)
                .map(|(&x, &zbar)| gamma_gamma::expected_value(&gg, x, zbar))
                .collect();
            let clvs = lifetime_values(&summary, &params, &p_alive, &values, &options.clv)?;
            (Some(values), Some(clvs))
        }
        None => (None, None),
    };
    let holdout = options.holdout_from.map(|from| holdout_check(occasions, options, from)).transpose()?;

    Ok(ClvResult {
        analysis_date: options.analysis_date,
        time_unit: options.time_unit,
        horizon,
        customer_count: summary.len() as u64,
        repeat_customers: summary.repeat_customers() as u64,
        return_only_days: occasions.return_only_days,
        population_mean_value: gamma_gamma.as_ref().map(|m| gamma_gamma::expected_value(&m.params(), 0, 0.0)),
        new_customer_expected_purchases,
        totals: ClvTotals {
            expected_purchases: expected_purchases.iter().sum(),
            clv: clv_column.as_ref().map(|c| c.iter().sum()),
        },
        bgnbd,
        gamma_gamma,
        holdout,
        warnings,
        customers: ClvCustomers {
            customer: summary.customer,
            x: summary.x,
            tx: summary.tx,
            t: summary.t,
            mean_repeat_value: summary.mean_repeat_value,
            p_alive,
            expected_purchases,
            expected_value,
            clv: clv_column,
        },
    })
}
