//! The BG/NBD model (Fader, Hardie & Lee 2005, analytics.md §11.3–§11.4): the log-likelihood of the calibration
//! summary, evaluated fast over customer groups for fitting, and the per-customer predictions P(alive) and
//! E[Y(t) | x, t_x, T].

use super::series::{expected_if_alive, SeriesFailure};
use super::special::digamma;
use super::BgNbdParams;
use libm::{exp, lgamma, log, log1p};

/// ln B(p, q) = lnΓ(p) + lnΓ(q) − lnΓ(p + q).
pub fn ln_beta(p: f64, q: f64) -> f64 {
    lgamma(p) + lgamma(q) - lgamma(p + q)
}

/// ln(e^u + e^v) without overflow: max + ln(1 + e^(min − max)).
fn log_sum_exp(u: f64, v: f64) -> f64 {
    let (max, min) = if u >= v { (u, v) } else { (v, u) };
    max + log1p(exp(min - max))
}

/// One customer's log-likelihood, FHL 2005 eq. (6) with every constant (§11.3): `x` repeat occasions, the last
/// at `tx` units after the first, observed for `big_t` units. The plain formula; [`BgNbdData`] sums the same terms
/// with shared parts computed once.
pub fn customer_log_likelihood(params: &BgNbdParams, x: u32, tx: f64, big_t: f64) -> f64 {
    let BgNbdParams { r, alpha, a, b } = *params;
    let xf = f64::from(x);
    let c = lgamma(r + xf) - lgamma(r) + r * log(alpha) - ln_beta(a, b);
    let l1 = c + ln_beta(a, b + xf) - (r + xf) * log(alpha + big_t);
    if x == 0 {
        return l1;
    }
    let l2 = c + ln_beta(a + 1.0, b + xf - 1.0) - (r + xf) * log(alpha + tx);
    log_sum_exp(l1, l2)
}

/// P(alive | x, t_x, T) (FHL 2005 eq. 13): 1 when x = 0, else 1 / (1 + odds) with the odds taken in logs so that
/// they may overflow to +∞ (P = 0) but never give NaN.
pub fn p_alive(params: &BgNbdParams, x: u32, tx: f64, big_t: f64) -> f64 {
    if x == 0 {
        return 1.0;
    }
    let BgNbdParams { r, alpha, a, b } = *params;
    let xf = f64::from(x);
    let ln_odds = log(a) - log(b + xf - 1.0) + (r + xf) * (log(alpha + big_t) - log(alpha + tx));
    1.0 / (1.0 + exp(ln_odds))
}

/// E[Y(t) | x, t_x, T]: the expected repeat occasions in the `t` units after the calibration period (eq. 10).
pub fn expected_purchases(params: &BgNbdParams, x: u32, tx: f64, big_t: f64, t: f64) -> Result<f64, SeriesFailure> {
    let if_alive = expected_if_alive(params, f64::from(x), big_t, t)?;
    Ok(p_alive(params, x, tx, big_t) * if_alive.value)
}

/// The calibration summary grouped for the likelihood, in flat arrays. Customers with equal (x, t_x in days, T in
/// days) form one group with a weight (same LL, §11.3). With u = ln a − ln(b+x−1) + (r+x)·(ln(α+T) − ln(α+t_x))
/// (the log-odds of P(alive); ℓ₂ − ℓ₁ of §11.3, since ln B(a+1, b+x−1) − ln B(a, b+x) = ln(a/(b+x−1))):
///
///     LL = Σ_x W_x·(lnΓ(r+x) − lnΓ(r) + r ln α − ln B(a, b) + ln B(a, b+x))
///          − Σ_τ (r·W_τ + X_τ)·ln(α+τ)  +  Σ_{groups with x ≥ 1} w·ln(1 + e^u)
///
/// where W_x counts the customers with x, and W_τ, X_τ are the customers whose T is τ and the sum of their x. So
/// the lnΓ parts are taken once per distinct x, the logarithms once per distinct time, and only the repeat
/// groups cost an `exp` and a `log1p` each.
#[derive(Clone, Debug, PartialEq)]
pub struct BgNbdData {
    /// Customers in the data (Σ of the weights).
    pub customers: u64,
    /// Groups (distinct (x, t_x, T)), repeat or not.
    group_count: usize,
    /// Distinct x values, ascending.
    distinct_x: Vec<u32>,
    /// Customers per distinct x (W_x).
    x_weight: Vec<f64>,
    /// Per distinct x: the first repeat group with it (`repeat_start[i] .. repeat_start[i + 1]`); one more entry.
    repeat_start: Vec<u32>,
    /// Distinct T and t_x values in units (one list), ascending.
    distinct_time: Vec<f64>,
    /// Per distinct time: customers whose T is it (W_τ) and the sum of their x (X_τ).
    time_weight: Vec<f64>,
    time_weight_x: Vec<f64>,
    /// Per repeat group (x ≥ 1), in (x, t_x, T) order: index of t_x and of T into `distinct_time`, and the customers.
    repeat_tx: Vec<u32>,
    repeat_t: Vec<u32>,
    repeat_weight: Vec<f64>,
}

impl BgNbdData {
    /// Groups customers given by x, t_x and T in days, with `unit_days` days per time unit.
    pub fn new(x: &[u32], tx_days: &[i32], t_days: &[i32], unit_days: f64) -> BgNbdData {
        let n = x.len().min(tx_days.len()).min(t_days.len());
        let mut keys: Vec<(u32, i32, i32)> = (0..n).map(|i| (x[i], tx_days[i], t_days[i])).collect();
        keys.sort_unstable();
        let mut distinct_days: Vec<i32> = keys.iter().flat_map(|k| [k.1, k.2]).collect();
        distinct_days.sort_unstable();
        distinct_days.dedup();
        let index = |v: i32| distinct_days.binary_search(&v).unwrap_or(0) as u32;
        let mut data = BgNbdData {
            customers: n as u64,
            group_count: 0,
            distinct_x: Vec::new(),
            x_weight: Vec::new(),
            repeat_start: Vec::new(),
            distinct_time: distinct_days.iter().map(|&d| f64::from(d) / unit_days).collect(),
            time_weight: vec![0.0; distinct_days.len()],
            time_weight_x: vec![0.0; distinct_days.len()],
            repeat_tx: Vec::new(),
            repeat_t: Vec::new(),
            repeat_weight: Vec::new(),
        };
        let mut previous = None;
        for key in keys {
            let (x, tx, t) = key;
            if data.distinct_x.last() != Some(&x) {
                data.distinct_x.push(x);
                data.x_weight.push(0.0);
                data.repeat_start.push(data.repeat_weight.len() as u32);
            }
            *data.x_weight.last_mut().expect("pushed above") += 1.0;
            let t_index = index(t) as usize;
            data.time_weight[t_index] += 1.0;
            data.time_weight_x[t_index] += f64::from(x);
            let new_group = previous != Some(key);
            previous = Some(key);
            data.group_count += usize::from(new_group);
            if x == 0 {
                continue;
            }
            if new_group {
                data.repeat_tx.push(index(tx));
                data.repeat_t.push(t_index as u32);
                data.repeat_weight.push(0.0);
            }
            *data.repeat_weight.last_mut().expect("pushed above") += 1.0;
        }
        data.repeat_start.push(data.repeat_weight.len() as u32);
        data
    }

    /// Number of groups (distinct (x, t_x, T)).
    pub fn groups(&self) -> usize {
        self.group_count
    }

    /// LL at `params`, summed in a fixed order (distinct x, distinct times, repeat groups).
    pub fn log_likelihood(&self, params: &BgNbdParams) -> f64 {
        self.evaluate::<false>(params, &mut [0.0; 4])
    }

    /// LL at `params` and its gradient with respect to (ln r, ln α, ln a, ln b) into `gradient`, for the
    /// quasi-Newton fit (§11.7). Costs about one [`log_likelihood`](Self::log_likelihood) plus a division per
    /// repeat group.
    pub fn log_likelihood_gradient(&self, params: &BgNbdParams, gradient: &mut [f64; 4]) -> f64 {
        self.evaluate::<true>(params, gradient)
    }

    /// The LL and, when `GRADIENT`, ∂LL/∂(ln r, ln α, ln a, ln b):
    ///   ∂/∂r = Σ_x W_x·(ψ(r+x) − ψ(r) + ln α) − Σ_τ W_τ ln(α+τ) + Σ w·σ(u)·(ln(α+T) − ln(α+t_x))
    ///   ∂/∂α = Σ_x W_x·r/α − Σ_τ (r W_τ + X_τ)/(α+τ) + Σ w·σ(u)·(r+x)·(1/(α+T) − 1/(α+t_x))
    ///   ∂/∂a = Σ_x W_x·(ψ(a+b) − ψ(a+b+x)) + Σ w·σ(u)/a
    ///   ∂/∂b = Σ_x W_x·(ψ(b+x) − ψ(b) + ψ(a+b) − ψ(a+b+x)) − Σ w·σ(u)/(b+x−1)
    /// with σ(u) = 1/(1 + e^−u), each then multiplied by its parameter.
    fn evaluate<const GRADIENT: bool>(&self, params: &BgNbdParams, gradient: &mut [f64; 4]) -> f64 {
        let BgNbdParams { r, alpha, a, b } = *params;
        let ln_alpha = log(alpha);
        let common = -lgamma(r) + r * ln_alpha - ln_beta(a, b);
        let (psi_r, psi_b, psi_ab) = if GRADIENT { (digamma(r), digamma(b), digamma(a + b)) } else { (0.0, 0.0, 0.0) };
        let mut ll = 0.0;
        let [mut d_r, mut d_alpha, mut d_a, mut d_b] = [0.0; 4];
        for (&x, &weight) in self.distinct_x.iter().zip(&self.x_weight) {
            let xf = f64::from(x);
            ll += weight * (lgamma(r + xf) + common + ln_beta(a, b + xf));
            if GRADIENT {
                d_r += weight * ln_alpha;
                d_alpha += weight * r / alpha;
                if x > 0 {
                    let psi_abx = digamma(a + b + xf);
                    d_r += weight * (digamma(r + xf) - psi_r);
                    d_a += weight * (psi_ab - psi_abx);
                    d_b += weight * (digamma(b + xf) - psi_b + psi_ab - psi_abx);
                }
            }
        }
        let mut ln_time = Vec::with_capacity(self.distinct_time.len());
        let mut inverse_time = Vec::with_capacity(if GRADIENT { self.distinct_time.len() } else { 0 });
        for (i, &t) in self.distinct_time.iter().enumerate() {
            let ln = log(alpha + t);
            ln_time.push(ln);
            let weight = r * self.time_weight[i] + self.time_weight_x[i];
            ll -= weight * ln;
            if GRADIENT {
                let inverse = 1.0 / (alpha + t);
                inverse_time.push(inverse);
                d_r -= self.time_weight[i] * ln;
                d_alpha -= weight * inverse;
            }
        }
        let ln_a = log(a);
        for (i, &x) in self.distinct_x.iter().enumerate().filter(|(_, &x)| x > 0) {
            let xf = f64::from(x);
            let rx = r + xf;
            let offset = ln_a - log(b + xf - 1.0);
            let groups = self.repeat_start[i] as usize..self.repeat_start[i + 1] as usize;
            let (mut sigma_sum, mut sigma_ln, mut sigma_inverse) = (0.0, 0.0, 0.0);
            for g in groups {
                let (t, tx) = (self.repeat_t[g] as usize, self.repeat_tx[g] as usize);
                let weight = self.repeat_weight[g];
                let ln_ratio = ln_time[t] - ln_time[tx];
                let u = offset + rx * ln_ratio;
                // ln(1 + e^u) = max(u, 0) + ln(1 + e^−|u|), never overflowing.
                let e = exp(-u.abs());
                ll += weight * (u.max(0.0) + log1p(e));
                if GRADIENT {
                    let sigma = weight * if u > 0.0 { 1.0 / (1.0 + e) } else { e / (1.0 + e) };
                    sigma_sum += sigma;
                    sigma_ln += sigma * ln_ratio;
                    sigma_inverse += sigma * (inverse_time[t] - inverse_time[tx]);
                }
            }
            if GRADIENT {
                d_r += sigma_ln;
                d_alpha += rx * sigma_inverse;
                d_a += sigma_sum / a;
                d_b -= sigma_sum / (b + xf - 1.0);
            }
        }
        if GRADIENT {
            *gradient = [d_r * r, d_alpha * alpha, d_a * a, d_b * b];
        }
        ll
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PUBLISHED: BgNbdParams = BgNbdParams { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

    #[test]
    fn p_alive_of_the_contract_hand_check() {
        // §11.12 A2, c1: odds = 0.793/3.426 · (17.271143/14.414)^2.243 → P = 0.742253.
        let p = p_alive(&PUBLISHED, 2, 10.0, 90.0 / 7.0);
        assert!((p - 0.742253).abs() < 1e-6, "{p}");
    }

    #[test]
    fn grouped_likelihood_is_the_sum_of_the_customers() {
        let x = [0, 2, 2, 0, 5, 2];
        let tx = [0, 70, 70, 0, 200, 14];
        let big_t = [90, 90, 90, 90, 260, 30];
        let data = BgNbdData::new(&x, &tx, &big_t, 7.0);
        assert_eq!(data.groups(), 4);
        let direct: f64 = (0..6)
            .map(|i| customer_log_likelihood(&PUBLISHED, x[i], f64::from(tx[i]) / 7.0, f64::from(big_t[i]) / 7.0))
            .sum();
        let grouped = data.log_likelihood(&PUBLISHED);
        assert!((direct - grouped).abs() <= 1e-12 * direct.abs(), "{direct} vs {grouped}");
    }

    #[test]
    fn gradient_matches_finite_differences() {
        // Central differences of LL in θ = ln(r, α, a, b), step 1e-6, at the published parameters and far away.
        let x = [0, 2, 2, 0, 5, 2, 1, 40, 1];
        let tx = [0, 70, 70, 0, 200, 14, 3, 250, 90];
        let big_t = [90, 90, 90, 40, 260, 30, 200, 260, 90];
        let data = BgNbdData::new(&x, &tx, &big_t, 7.0);
        for params in [
            PUBLISHED,
            BgNbdParams { r: 0.01, alpha: 300.0, a: 50.0, b: 0.02 },
            BgNbdParams { r: 8.0, alpha: 0.05, a: 0.003, b: 700.0 },
        ] {
            let mut gradient = [0.0; 4];
            let value = data.log_likelihood_gradient(&params, &mut gradient);
            assert_eq!(value, data.log_likelihood(&params));
            let theta = [log(params.r), log(params.alpha), log(params.a), log(params.b)];
            for i in 0..4 {
                let at = |shift: f64| {
                    let mut t = theta;
                    t[i] += shift;
                    data.log_likelihood(&BgNbdParams { r: exp(t[0]), alpha: exp(t[1]), a: exp(t[2]), b: exp(t[3]) })
                };
                let h = 1e-6;
                let numeric = (at(h) - at(-h)) / (2.0 * h);
                let tolerance = 1e-7 * (1.0 + gradient[i].abs()) + 1e-8 * value.abs();
                assert!((numeric - gradient[i]).abs() <= tolerance, "{params:?} θ{i}: {} vs {numeric}", gradient[i]);
            }
        }
    }

    #[test]
    fn extreme_odds_give_zero_not_nan() {
        let p = p_alive(&BgNbdParams { r: 50.0, alpha: 1e-4, a: 1e4, b: 1e-4 }, 400, 0.0, 300.0);
        assert_eq!(p, 0.0);
    }
}
