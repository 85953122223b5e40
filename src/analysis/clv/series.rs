//! The conditional expectation of BG/NBD (FHL 2005 eq. 10) without its P(alive) factor, by the two ₂F₁ series of
//! analytics.md §11.4: the Euler form for a ≤ 10 (no pole at a = 1 or at a + b + x = 1) and the direct form, all
//! terms positive and kept on a running log scale, for a > 10. Hand-written because no crate evaluates this
//! product stably: `hyp2f1` alone overflows for large x and loses every digit to cancellation near a = 1.

use super::BgNbdParams;
use libm::{exp, expm1, log, log1p};

/// A series stops at the first term with |term| ≤ this × |sum| (§11.4).
pub const RELATIVE_STOP: f64 = 1e-17;

/// A series that needs more terms than this is the error `clv_numeric` (§11.4; the contract's grid needed at most
/// 584,195).
pub const MAX_TERMS: u64 = 2_000_000;

/// Above this `a` the direct form is used, at or below it the Euler form (§11.4).
pub const EULER_FORM_MAX_A: f64 = 10.0;

/// 2^800 and its logarithm: the direct series is rescaled by this exact power of two whenever its sum passes it.
const RESCALE: f64 = f64::from_bits((1023 + 800) << 52);
const RESCALE_INVERSE: f64 = f64::from_bits((1023 - 800) << 52);
const LN_RESCALE: f64 = 800.0 * core::f64::consts::LN_2;

/// A series did not settle within [`MAX_TERMS`] terms, or gave a value that is not a finite number.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SeriesFailure {
    /// Terms summed before giving up.
    pub terms: u64,
}

/// The value of a series evaluation and the number of terms it took (for measurements).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SeriesValue {
    /// E[Y(t) | x, t_x, T] ÷ P(alive): the expected repeat occasions in the next `t` units of a customer known to
    /// be alive at the end of the calibration period.
    pub value: f64,
    /// Terms summed.
    pub terms: u64,
}

/// E[Y(t) | x, t_x, T] ÷ P(alive) at BG/NBD parameters, for `x` repeat occasions, an observation of `big_t` units
/// and a horizon of `t` units after it (all ≥ 0). It depends on (x, T, t) only, so callers cache it by (x, T).
/// Never NaN or infinite: a series that does not settle is a [`SeriesFailure`].
pub fn expected_if_alive(params: &BgNbdParams, x: f64, big_t: f64, t: f64) -> Result<SeriesValue, SeriesFailure> {
    if t <= 0.0 {
        return Ok(SeriesValue { value: 0.0, terms: 0 });
    }
    let BgNbdParams { r, alpha, a, b } = *params;
    let alpha_t = alpha + big_t;
    // L = ln((α+T)/(α+T+t)) = ln(1 − z), z = t/(α+T+t); log1p keeps L exact for small t.
    let ln_one_minus_z = -log1p(t / alpha_t);
    let z = t / (alpha_t + t);
    let c = a + b + x - 1.0;
    let result = if a <= EULER_FORM_MAX_A {
        euler_form(r, a, b, c, z, ln_one_minus_z)
    } else {
        direct_form(r, a, b, x, c, z, ln_one_minus_z)
    }?;
    if result.value.is_finite() {
        // Mathematically ≥ 0; a rounding below 0 at tiny t is 0.
        Ok(SeriesValue { value: result.value.max(0.0), terms: result.terms })
    } else {
        Err(SeriesFailure { terms: result.terms })
    }
}

/// E/P = C·φ − (1−z)^(a−1)·H, φ = −expm1((a−1)L)/(a−1) (−L at a = 1), H = Σ_{k≥1} h_k with h_1 = A·z and
/// h_{k+1} = h_k·(A+k)(a+k−1)/((C+k)(k+1))·z, A = a+b−1−r.
fn euler_form(r: f64, a: f64, b: f64, c: f64, z: f64, ln_one_minus_z: f64) -> Result<SeriesValue, SeriesFailure> {
    let a_minus_1 = a - 1.0;
    let phi = if a_minus_1 == 0.0 { -ln_one_minus_z } else { -expm1(a_minus_1 * ln_one_minus_z) / a_minus_1 };
    let big_a = a + b - 1.0 - r;
    let mut term = big_a * z;
    let mut sum = term;
    let mut k: u64 = 1;
    while term.abs() > RELATIVE_STOP * sum.abs() {
        if k >= MAX_TERMS {
            return Err(SeriesFailure { terms: k });
        }
        let kf = k as f64;
        term *= (big_a + kf) * (a_minus_1 + kf) / ((c + kf) * (kf + 1.0)) * z;
        sum += term;
        k += 1;
    }
    let value = c * phi - exp(a_minus_1 * ln_one_minus_z) * sum;
    Ok(SeriesValue { value, terms: k })
}

/// E/P = C/(a−1)·(−expm1((r+x)·L + ln S)), S = Σ_{k≥0} s_k with s_0 = 1 and
/// s_{k+1} = s_k·(r+x+k)(b+x+k)/((C+k)(k+1))·z, summed on a running log scale (terms can pass 10^308).
fn direct_form(
    r: f64,
    a: f64,
    b: f64,
    x: f64,
    c: f64,
    z: f64,
    ln_one_minus_z: f64,
) -> Result<SeriesValue, SeriesFailure> {
    let (rx, bx) = (r + x, b + x);
    let mut term = 1.0;
    let mut sum = 1.0;
    let mut log_scale = 0.0;
    let mut k: u64 = 0;
    loop {
        if k >= MAX_TERMS {
            return Err(SeriesFailure { terms: k });
        }
        let kf = k as f64;
        term *= (rx + kf) * (bx + kf) / ((c + kf) * (kf + 1.0)) * z;
        sum += term;
        k += 1;
        if term <= RELATIVE_STOP * sum {
            break;
        }
        if sum > RESCALE {
            sum *= RESCALE_INVERSE;
            term *= RESCALE_INVERSE;
            log_scale += LN_RESCALE;
        }
    }
    let ln_s = log(sum) + log_scale;
    let value = c / (a - 1.0) * -expm1(rx * ln_one_minus_z + ln_s);
    Ok(SeriesValue { value, terms: k })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(r: f64, alpha: f64, a: f64, b: f64) -> BgNbdParams {
        BgNbdParams { r, alpha, a, b }
    }

    #[test]
    fn nothing_is_expected_in_no_time() {
        let p = params(0.243, 4.414, 0.793, 2.426);
        assert_eq!(expected_if_alive(&p, 3.0, 20.0, 0.0).unwrap().value, 0.0);
    }

    #[test]
    fn both_forms_agree_where_they_meet() {
        // Just below and above a = 10 the two forms are different sums of one function.
        for &(x, big_t, t) in &[(0.0, 0.0, 52.0), (2.0, 12.857142857142858, 52.0), (40.0, 300.0, 520.0)] {
            let below = expected_if_alive(&params(0.5, 4.0, 10.0, 3.0), x, big_t, t).unwrap().value;
            let above = expected_if_alive(&params(0.5, 4.0, 10.0 + 1e-12, 3.0), x, big_t, t).unwrap().value;
            assert!((below - above).abs() <= 1e-10 * below, "x {x}: {below} vs {above}");
        }
    }

    #[test]
    fn a_equal_to_one_is_the_limit_of_its_neighbours() {
        let at_one = expected_if_alive(&params(0.3, 5.0, 1.0, 2.0), 4.0, 30.0, 52.0).unwrap().value;
        let near = expected_if_alive(&params(0.3, 5.0, 1.0 + 1e-9, 2.0), 4.0, 30.0, 52.0).unwrap().value;
        assert!((at_one - near).abs() <= 1e-8 * at_one, "{at_one} vs {near}");
    }

    #[test]
    fn huge_sums_stay_finite_on_the_log_scale() {
        // x = 400 with z close to 1: the direct series' terms pass 10^308 before they fall.
        let v = expected_if_alive(&params(3.0, 0.5, 11.0, 1.0), 400.0, 0.0, 520.0).unwrap();
        assert!(v.value.is_finite() && v.value > 0.0, "{v:?}");
        assert!(v.terms > 1000, "{v:?}");
    }
}
