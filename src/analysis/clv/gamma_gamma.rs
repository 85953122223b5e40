//! The Gamma-Gamma spend model (Fader, Hardie & Lee 2005 "RFM and CLV"; analytics.md §11.5): its
//! log-likelihood over the repeat customers with a positive mean repeat value, the expected value of a future
//! occasion, and the x–zbar correlation the model assumes away.

use super::special::digamma;
use super::GammaGammaParams;
use libm::{lgamma, log, sqrt};

/// One customer's log-likelihood (= lifetimes' `GammaGammaFitter`), for `x` ≥ 1 repeat occasions of mean value
/// `zbar` > 0.
pub fn customer_log_likelihood(params: &GammaGammaParams, x: u32, zbar: f64) -> f64 {
    let GammaGammaParams { p, q, gamma } = *params;
    let xf = f64::from(x);
    let px = p * xf;
    lgamma(px + q) - lgamma(px) - lgamma(q) + q * log(gamma) + (px - 1.0) * log(zbar) + px * log(xf)
        - (px + q) * log(gamma + xf * zbar)
}

/// E[Z | x, zbar] = p·(γ + x·max(zbar, 0)) / (p·x + q − 1): the population mean pγ/(q−1) for x = 0, shrunk
/// toward the customer's own mean otherwise. Needs q > 1 (checked when the parameters are taken).
pub fn expected_value(params: &GammaGammaParams, x: u32, zbar: f64) -> f64 {
    let GammaGammaParams { p, q, gamma } = *params;
    let xf = f64::from(x);
    p * (gamma + xf * zbar.max(0.0)) / (p * xf + q - 1.0)
}

/// The customers a Gamma-Gamma fit uses (x ≥ 1 and zbar > 0) in flat arrays, with the parts of the log-likelihood
/// that do not depend on the parameters summed once, and customers with equal (x, zbar) merged with a weight:
///
///     LL = Σ_x [n_x·(lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln γ) − (px+q)·Σ_{customers with x} ln(γ + x·zbar)]
///          + p·(Σ x ln zbar + Σ x ln x) − Σ ln zbar
#[derive(Clone, Debug, PartialEq)]
pub struct GammaGammaData {
    /// Per distinct x (ascending): (x, customers with it).
    per_x: Vec<(u32, f64)>,
    /// Per distinct x: its first value group (`value_start[i] .. value_start[i + 1]`); one more entry.
    value_start: Vec<u32>,
    /// Per value group (distinct (x, zbar), in that order): x·zbar and the customers.
    value_total: Vec<f64>,
    value_weight: Vec<f64>,
    /// Customers in the fit.
    customers: usize,
    sum_x_ln_zbar: f64,
    sum_ln_zbar: f64,
    sum_x_ln_x: f64,
    /// Mean zbar of the fitted customers (the scale of γ).
    pub mean_value: f64,
    /// Pearson correlation of x and zbar over the fitted customers; `None` when either does not vary.
    pub correlation: Option<f64>,
}

impl GammaGammaData {
    /// The customers of `x` and `zbar` with x ≥ 1 and zbar > 0.
    pub fn new(x: &[u32], zbar: &[f64]) -> GammaGammaData {
        let mut kept: Vec<(u32, f64)> =
            x.iter().zip(zbar).filter(|(&x, &z)| x >= 1 && z > 0.0 && z.is_finite()).map(|(&x, &z)| (x, z)).collect();
        kept.sort_by(|l, r| l.0.cmp(&r.0).then(l.1.total_cmp(&r.1)));
        let mut data = GammaGammaData {
            per_x: Vec::new(),
            value_start: Vec::new(),
            value_total: Vec::new(),
            value_weight: Vec::new(),
            customers: kept.len(),
            sum_x_ln_zbar: 0.0,
            sum_ln_zbar: 0.0,
            sum_x_ln_x: 0.0,
            mean_value: 0.0,
            correlation: pearson(&kept),
        };
        let mut sum_zbar = 0.0;
        let mut previous: Option<(u32, f64)> = None;
        for &(x, zbar) in &kept {
            let xf = f64::from(x);
            match data.per_x.last_mut() {
                Some(last) if last.0 == x => last.1 += 1.0,
                _ => {
                    data.per_x.push((x, 1.0));
                    data.value_start.push(data.value_weight.len() as u32);
                }
            }
            if previous == Some((x, zbar)) {
                *data.value_weight.last_mut().expect("pushed before") += 1.0;
            } else {
                data.value_total.push(xf * zbar);
                data.value_weight.push(1.0);
            }
            previous = Some((x, zbar));
            let ln_zbar = log(zbar);
            data.sum_x_ln_zbar += xf * ln_zbar;
            data.sum_ln_zbar += ln_zbar;
            data.sum_x_ln_x += xf * log(xf);
            sum_zbar += zbar;
        }
        data.value_start.push(data.value_weight.len() as u32);
        if !kept.is_empty() {
            data.mean_value = sum_zbar / kept.len() as f64;
        }
        data
    }

    /// Number of customers in the fit.
    pub fn len(&self) -> usize {
        self.customers
    }

    /// Whether no customer qualifies.
    pub fn is_empty(&self) -> bool {
        self.customers == 0
    }

    /// LL at `params`, Σ of [`customer_log_likelihood`] over the fitted customers (rearranged as above).
    pub fn log_likelihood(&self, params: &GammaGammaParams) -> f64 {
        self.evaluate::<false>(params, &mut [0.0; 3])
    }

    /// LL at `params` and its gradient with respect to (ln p, ln q, ln γ) into `gradient`, for the quasi-Newton
    /// fit (§11.7). Costs about one [`log_likelihood`](Self::log_likelihood) plus a division per value group.
    pub fn log_likelihood_gradient(&self, params: &GammaGammaParams, gradient: &mut [f64; 3]) -> f64 {
        self.evaluate::<true>(params, gradient)
    }

    /// The LL and, when `GRADIENT`, with S_x = Σ ln(γ + x·zbar) and R_x = Σ 1/(γ + x·zbar) over the customers with x:
    ///   ∂/∂p = Σ_x x·(n_x·(ψ(px+q) − ψ(px)) − S_x) + Σ x ln zbar + Σ x ln x
    ///   ∂/∂q = Σ_x (n_x·(ψ(px+q) − ψ(q) + ln γ) − S_x)
    ///   ∂/∂γ = Σ_x (n_x·q/γ − (px+q)·R_x)
    /// each then multiplied by its parameter.
    fn evaluate<const GRADIENT: bool>(&self, params: &GammaGammaParams, gradient: &mut [f64; 3]) -> f64 {
        let GammaGammaParams { p, q, gamma } = *params;
        let ln_gamma = log(gamma);
        let constant = -lgamma(q) + q * ln_gamma;
        let psi_q = if GRADIENT { digamma(q) } else { 0.0 };
        let mut ll = p * (self.sum_x_ln_zbar + self.sum_x_ln_x) - self.sum_ln_zbar;
        let [mut d_p, mut d_q, mut d_gamma] = [self.sum_x_ln_zbar + self.sum_x_ln_x, 0.0, 0.0];
        for (i, &(x, count)) in self.per_x.iter().enumerate() {
            let xf = f64::from(x);
            let px = p * xf;
            let (mut ln_sum, mut inverse_sum) = (0.0, 0.0);
            for g in self.value_start[i] as usize..self.value_start[i + 1] as usize {
                let total = gamma + self.value_total[g];
                ln_sum += self.value_weight[g] * log(total);
                if GRADIENT {
                    inverse_sum += self.value_weight[g] / total;
                }
            }
            ll += count * (lgamma(px + q) - lgamma(px) + constant) - (px + q) * ln_sum;
            if GRADIENT {
                let psi_pxq = digamma(px + q);
                d_p += xf * (count * (psi_pxq - digamma(px)) - ln_sum);
                d_q += count * (psi_pxq - psi_q + ln_gamma) - ln_sum;
                d_gamma += count * q / gamma - (px + q) * inverse_sum;
            }
        }
        if GRADIENT {
            *gradient = [d_p * p, d_q * q, d_gamma * gamma];
        }
        ll
    }
}

/// Pearson correlation of (x, zbar) pairs; `None` with fewer than two pairs or no variation.
fn pearson(pairs: &[(u32, f64)]) -> Option<f64> {
    let n = pairs.len() as f64;
    if pairs.len() < 2 {
        return None;
    }
    let mean_x = pairs.iter().map(|p| f64::from(p.0)).sum::<f64>() / n;
    let mean_z = pairs.iter().map(|p| p.1).sum::<f64>() / n;
    let (mut sxx, mut szz, mut sxz) = (0.0, 0.0, 0.0);
    for &(x, z) in pairs {
        let (dx, dz) = (f64::from(x) - mean_x, z - mean_z);
        sxx += dx * dx;
        szz += dz * dz;
        sxz += dx * dz;
    }
    let rho = sxz / sqrt(sxx * szz);
    rho.is_finite().then_some(rho)
}

#[cfg(test)]
mod tests {
    use super::*;

    const A2: GammaGammaParams = GammaGammaParams { p: 6.25, q: 3.74, gamma: 15.44 };

    #[test]
    fn expected_value_of_the_contract_example() {
        // §11.12 A2: c1 (x 2, zbar 25) 26.837270; x = 0 is pγ/(q−1) = 35.218978.
        assert!((expected_value(&A2, 2, 25.0) - 26.837270).abs() < 1e-6);
        assert!((expected_value(&A2, 0, 0.0) - 6.25 * 15.44 / 2.74).abs() < 1e-12);
    }

    #[test]
    fn rearranged_likelihood_is_the_sum_of_the_customers() {
        let x = [1, 2, 2, 7, 0, 3];
        let zbar = [10.5, 25.0, 3.25, 80.0, 0.0, -1.0];
        let data = GammaGammaData::new(&x, &zbar);
        assert_eq!(data.len(), 4);
        let direct: f64 = (0..4).map(|i| customer_log_likelihood(&A2, x[i], zbar[i])).sum();
        let grouped = data.log_likelihood(&A2);
        assert!((direct - grouped).abs() <= 1e-12 * direct.abs(), "{direct} vs {grouped}");
    }

    #[test]
    fn gradient_matches_finite_differences() {
        // Central differences of LL in θ = ln(p, q, γ), step 1e-6, at A2's parameters and far from them.
        let x = [1, 2, 2, 7, 3, 1, 1, 12];
        let zbar = [10.5, 25.0, 3.25, 80.0, 17.0, 10.5, 44.0, 0.75];
        let data = GammaGammaData::new(&x, &zbar);
        for params in
            [A2, GammaGammaParams { p: 0.02, q: 150.0, gamma: 900.0 }, GammaGammaParams { p: 40.0, q: 1.1, gamma: 0.3 }]
        {
            let mut gradient = [0.0; 3];
            let value = data.log_likelihood_gradient(&params, &mut gradient);
            assert_eq!(value, data.log_likelihood(&params));
            let theta = [log(params.p), log(params.q), log(params.gamma)];
            for i in 0..3 {
                let at = |shift: f64| {
                    let mut t = theta;
                    t[i] += shift;
                    data.log_likelihood(&GammaGammaParams {
                        p: libm::exp(t[0]),
                        q: libm::exp(t[1]),
                        gamma: libm::exp(t[2]),
                    })
                };
                let h = 1e-6;
                let numeric = (at(h) - at(-h)) / (2.0 * h);
                let tolerance = 1e-7 * (1.0 + gradient[i].abs()) + 1e-8 * value.abs();
                assert!((numeric - gradient[i]).abs() <= tolerance, "{params:?} θ{i}: {} vs {numeric}", gradient[i]);
            }
        }
    }

    #[test]
    fn correlation_needs_variation() {
        assert_eq!(pearson(&[(1, 5.0), (1, 7.0)]), None);
        let rho = pearson(&[(1, 1.0), (2, 2.0), (3, 3.0)]).unwrap();
        assert!((rho - 1.0).abs() < 1e-15);
    }
}
