//! The digamma function ψ = (lnΓ)′ that the analytic gradients of the likelihoods need (§11.7). Hand-written on
//! the `libm` crate's `log` because `libm` has no digamma and the crates that do (statrs, special) use the
//! standard library's `f64::ln`, whose bits may differ between native and WebAssembly builds.

use libm::log;

/// From here on the asymptotic series is used: its first omitted term, B₁₆/(16·x¹⁶), is below 5e-17 at x = 10.
const ASYMPTOTIC_FROM: f64 = 10.0;

/// ψ(x) for x > 0: the recurrence ψ(x) = ψ(x + 1) − 1/x up to [`ASYMPTOTIC_FROM`], then
/// ψ(x) = ln x − 1/(2x) − Σ B₂ₖ/(2k·x²ᵏ) to B₁₄. About 1e-15 relative (absolute near the root at 1.4616).
/// NaN for x ≤ 0 or NaN (callers pass positive parameters only).
pub fn digamma(x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 {
        return f64::NAN;
    }
    let mut shift = 0.0;
    let mut x = x;
    while x < ASYMPTOTIC_FROM {
        shift -= 1.0 / x;
        x += 1.0;
    }
    let f = 1.0 / (x * x);
    let tail = f
        * (1.0 / 12.0
            - f * (1.0 / 120.0
                - f * (1.0 / 252.0 - f * (1.0 / 240.0 - f * (1.0 / 132.0 - f * (691.0 / 32760.0 - f / 12.0))))));
    shift + (log(x) - 0.5 / x - tail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use libm::lgamma;

    const EULER_GAMMA: f64 = 0.577_215_664_901_532_9;

    #[test]
    fn known_values() {
        // ψ(1) = −γ, ψ(½) = −γ − 2 ln 2, ψ(10) = H₉ − γ, ψ(1e-4) ≈ −1/x − γ + (π²/6)·x.
        assert!((digamma(1.0) + EULER_GAMMA).abs() < 1e-15);
        assert!((digamma(0.5) + EULER_GAMMA + 2.0 * core::f64::consts::LN_2).abs() < 1e-15);
        let h9: f64 = (1..=9).map(|k| 1.0 / f64::from(k)).sum();
        assert!((digamma(10.0) - (h9 - EULER_GAMMA)).abs() < 1e-15);
        let tiny = 1e-4;
        let want = -1.0 / tiny - EULER_GAMMA + core::f64::consts::PI * core::f64::consts::PI / 6.0 * tiny;
        assert!((digamma(tiny) - want).abs() < 1e-8 * want.abs());
        assert!(digamma(0.0).is_nan() && digamma(-1.0).is_nan());
    }

    #[test]
    fn recurrence_and_slope_of_lgamma() {
        for &x in &[1e-3, 0.05, 0.7, 1.4616, 3.0, 9.999, 10.0, 10.5, 250.0, 4e4] {
            let recurrence = digamma(x + 1.0) - digamma(x) - 1.0 / x;
            assert!(recurrence.abs() <= 1e-14 * (1.0 + 1.0 / x), "x {x}: {recurrence}");
            // Central difference of lnΓ with a relative step: error O(h²) plus rounding.
            let h = 1e-5 * x;
            let slope = (lgamma(x + h) - lgamma(x - h)) / (2.0 * h);
            let scale = digamma(x).abs().max(1.0);
            assert!((slope - digamma(x)).abs() <= 1e-6 * scale, "x {x}: {slope} vs {}", digamma(x));
        }
    }
}
