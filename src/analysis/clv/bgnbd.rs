//! The BG/NBD model (Fader, Hardie & Lee 2005, analytics.md §11.3–§11.4): the log-likelihood of the calibration
//! summary, evaluated fast over customer groups for fitting, and the per-customer predictions P(alive) and
//! E[Y(t) | x, t_x, T].

use super::series::{expected_if_alive, SeriesFailure};
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

/// The calibration summary grouped for the likelihood: customers with equal (x, t_x in days, T in days) form one
/// group with a weight (same LL, §11.3), in (x, t_x, T) order; the lnΓ parts are shared per distinct x and the
/// logarithms per distinct t_x and T.
#[derive(Clone, Debug, PartialEq)]
pub struct BgNbdData {
    /// Customers in the data (Σ of the weights).
    pub customers: u64,
    /// Distinct x values, ascending.
    distinct_x: Vec<u32>,
    /// Distinct T and t_x values in units (one list), ascending.
    distinct_time: Vec<f64>,
    /// Per group: index into `distinct_x`, index of t_x and of T into `distinct_time`, and the customer count.
    groups: Vec<Group>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Group {
    x_index: u32,
    tx_index: u32,
    t_index: u32,
    weight: f64,
}

impl BgNbdData {
    /// Groups customers given by x, t_x and T in days, with `unit_days` days per time unit.
    pub fn new(x: &[u32], tx_days: &[i32], t_days: &[i32], unit_days: f64) -> BgNbdData {
        let n = x.len().min(tx_days.len()).min(t_days.len());
        let mut keys: Vec<(u32, i32, i32)> = (0..n).map(|i| (x[i], tx_days[i], t_days[i])).collect();
        keys.sort_unstable();
        let mut distinct_x: Vec<u32> = keys.iter().map(|k| k.0).collect();
        distinct_x.dedup();
        let mut distinct_days: Vec<i32> = keys.iter().flat_map(|k| [k.1, k.2]).collect();
        distinct_days.sort_unstable();
        distinct_days.dedup();
        let mut groups: Vec<Group> = Vec::new();
        let mut previous = None;
        for key in keys {
            if previous == Some(key) {
                if let Some(last) = groups.last_mut() {
                    last.weight += 1.0;
                }
                continue;
            }
            previous = Some(key);
            let index = |list: &[i32], v: i32| list.binary_search(&v).unwrap_or(0) as u32;
            groups.push(Group {
                x_index: distinct_x.binary_search(&key.0).unwrap_or(0) as u32,
                tx_index: index(&distinct_days, key.1),
                t_index: index(&distinct_days, key.2),
                weight: 1.0,
            });
        }
        let distinct_time = distinct_days.iter().map(|&d| f64::from(d) / unit_days).collect();
        BgNbdData { customers: n as u64, distinct_x, distinct_time, groups }
    }

    /// Number of groups (distinct (x, t_x, T)).
    pub fn groups(&self) -> usize {
        self.groups.len()
    }

    /// LL at `params`: Σ over groups of weight × [`customer_log_likelihood`], summed in group order.
    pub fn log_likelihood(&self, params: &BgNbdParams) -> f64 {
        let BgNbdParams { r, alpha, a, b } = *params;
        let common = -lgamma(r) + r * log(alpha) - ln_beta(a, b);
        // Per distinct x: (c, ln B(a, b+x), ln B(a+1, b+x−1), r+x).
        let per_x: Vec<[f64; 4]> = self
            .distinct_x
            .iter()
            .map(|&x| {
                let xf = f64::from(x);
                let second = if x > 0 { ln_beta(a + 1.0, b + xf - 1.0) } else { 0.0 };
                [lgamma(r + xf) + common, ln_beta(a, b + xf), second, r + xf]
            })
            .collect();
        let ln_time: Vec<f64> = self.distinct_time.iter().map(|&t| log(alpha + t)).collect();
        let mut sum = 0.0;
        for g in &self.groups {
            let [c, beta_1, beta_2, rx] = per_x[g.x_index as usize];
            let l1 = c + beta_1 - rx * ln_time[g.t_index as usize];
            let l = if self.distinct_x[g.x_index as usize] == 0 {
                l1
            } else {
                log_sum_exp(l1, c + beta_2 - rx * ln_time[g.tx_index as usize])
            };
            sum += g.weight * l;
        }
        sum
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
    fn extreme_odds_give_zero_not_nan() {
        let p = p_alive(&BgNbdParams { r: 50.0, alpha: 1e-4, a: 1e4, b: 1e-4 }, 400, 0.0, 300.0);
        assert_eq!(p, 0.0);
    }
}
