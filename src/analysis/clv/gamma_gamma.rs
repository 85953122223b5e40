//! The Gamma-Gamma spend model (Fader, Hardie & Lee 2005 "RFM and CLV"; analytics.md §11.5): its
//! log-likelihood over the repeat customers with a positive mean repeat value, the expected value of a future
//! occasion, and the x–zbar correlation the model assumes away.

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

/// The customers a Gamma-Gamma fit uses (x ≥ 1 and zbar > 0), with the parts of the log-likelihood that do not
/// depend on the parameters summed once: LL = Σ_x n_x·(lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln γ + p·x ln x)
/// + p·Σ x ln zbar − Σ ln zbar − Σ (px+q)·ln(γ + x·zbar).
#[derive(Clone, Debug, PartialEq)]
pub struct GammaGammaData {
    /// Per distinct x (ascending): (x, customers with it).
    per_x: Vec<(u32, f64)>,
    /// Per customer, in x order: index into `per_x` and x·zbar.
    customers: Vec<(u32, f64)>,
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
        let mut per_x: Vec<(u32, f64)> = Vec::new();
        let mut customers = Vec::with_capacity(kept.len());
        let (mut sum_x_ln_zbar, mut sum_ln_zbar, mut sum_x_ln_x, mut sum_zbar) = (0.0, 0.0, 0.0, 0.0);
        for &(x, zbar) in &kept {
            match per_x.last_mut() {
                Some(last) if last.0 == x => last.1 += 1.0,
                _ => per_x.push((x, 1.0)),
            }
            let xf = f64::from(x);
            customers.push(((per_x.len() - 1) as u32, xf * zbar));
            sum_x_ln_zbar += xf * log(zbar);
            sum_ln_zbar += log(zbar);
            sum_x_ln_x += xf * log(xf);
            sum_zbar += zbar;
        }
        let n = kept.len() as f64;
        let mean_value = if kept.is_empty() { 0.0 } else { sum_zbar / n };
        GammaGammaData {
            per_x,
            customers,
            sum_x_ln_zbar,
            sum_ln_zbar,
            sum_x_ln_x,
            mean_value,
            correlation: pearson(&kept),
        }
    }

    /// Number of customers in the fit.
    pub fn len(&self) -> usize {
        self.customers.len()
    }

    /// Whether no customer qualifies.
    pub fn is_empty(&self) -> bool {
        self.customers.is_empty()
    }

    /// LL at `params`, Σ of [`customer_log_likelihood`] over the fitted customers (rearranged as above).
    pub fn log_likelihood(&self, params: &GammaGammaParams) -> f64 {
        let GammaGammaParams { p, q, gamma } = *params;
        let constant = -lgamma(q) + q * log(gamma);
        let mut sum = p * (self.sum_x_ln_zbar + self.sum_x_ln_x) - self.sum_ln_zbar;
        for &(x, count) in &self.per_x {
            let px = p * f64::from(x);
            sum += count * (lgamma(px + q) - lgamma(px) + constant);
        }
        for &(x_index, x_zbar) in &self.customers {
            let px = p * f64::from(self.per_x[x_index as usize].0);
            sum -= (px + q) * log(gamma + x_zbar);
        }
        sum
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
    fn correlation_needs_variation() {
        assert_eq!(pearson(&[(1, 5.0), (1, 7.0)]), None);
        let rho = pearson(&[(1, 1.0), (2, 2.0), (3, 3.0)]).unwrap();
        assert!((rho - 1.0).abs() < 1e-15);
    }
}
