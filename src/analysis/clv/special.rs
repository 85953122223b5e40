//! Two numerical helpers of the likelihoods (§11.7): the digamma function ψ = (lnΓ)′ that the analytic gradients
//! need, and [`LogProduct`], a sum of many logarithms taken as one logarithm of a product. Hand-written on the
//! `libm` crate's `log` because `libm` has no digamma and the crates that do (statrs, special) use the standard
//! library's `f64::ln`, whose bits may differ between native and WebAssembly builds.

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

/// Factors a [`LogProduct`] multiplies in: within 2^±1000, so that a product rescaled into [1, 2) stays normal.
const PRODUCT_RANGE: (f64, f64) = (f64::from_bits((1023 - 1000) << 52), f64::from_bits((1023 + 1000) << 52));
/// Above this count a factor's logarithm is taken instead of multiplying it in that often.
const MAX_REPEATS: u32 = 4;

/// Σ count·ln(factor) over many positive factors with one `log` at the end instead of one per factor: the factors
/// are multiplied into a mantissa that is brought back into [1, 2) after every product by moving its binary
/// exponent (exact) into an integer. The product's rounding error grows at most by 2⁻⁵³ per factor (1e-10 relative
/// after a million factors, i.e. 1e-10 absolute in the sum), well below the rounding of the likelihood sums it
/// replaces. Factors outside 2^±1000, non-finite or not positive, and counts above [`MAX_REPEATS`], are added as
/// logarithms (so NaN and −∞ propagate). Deterministic: multiplications and bit operations only.
#[derive(Clone, Copy, Debug)]
pub struct LogProduct {
    mantissa: f64,
    exponent: i64,
    logarithms: f64,
}

impl LogProduct {
    /// The empty product (sum 0).
    pub fn new() -> LogProduct {
        LogProduct { mantissa: 1.0, exponent: 0, logarithms: 0.0 }
    }

    /// Adds `count`·ln(`factor`).
    #[inline]
    pub fn add(&mut self, factor: f64, count: u32) {
        if count > MAX_REPEATS || !(factor >= PRODUCT_RANGE.0 && factor <= PRODUCT_RANGE.1) {
            self.logarithms += f64::from(count) * log(factor);
            return;
        }
        for _ in 0..count {
            let bits = (self.mantissa * factor).to_bits();
            self.exponent += ((bits >> 52) & 0x7ff) as i64 - 1023;
            self.mantissa = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | (1023 << 52));
        }
    }

    /// The sum: ln(mantissa) + exponent·ln 2 + the logarithms added directly.
    pub fn ln(&self) -> f64 {
        log(self.mantissa) + self.exponent as f64 * core::f64::consts::LN_2 + self.logarithms
    }
}

impl Default for LogProduct {
    fn default() -> Self {
        LogProduct::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use libm::lgamma;

    #[test]
    fn a_log_product_is_the_sum_of_the_logarithms() {
        // 10⁵ factors spread over 2^±60 with counts 1 … 6, plus a few outside the product's range.
        let mut product = LogProduct::new();
        let mut sum = 0.0;
        let mut state = 0x1234_5678_9abc_def0u64;
        for i in 0..100_000u32 {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let factor = libm::exp2(((state >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 120.0);
            let count = 1 + i % 6;
            product.add(factor, count);
            sum += f64::from(count) * log(factor);
        }
        for factor in [1e-310, 1e305, 0.5] {
            product.add(factor, 1);
            sum += log(factor);
        }
        assert!((product.ln() - sum).abs() <= 1e-9, "{} vs {sum}", product.ln());
        let mut empty = LogProduct::new();
        assert_eq!(empty.ln(), 0.0);
        empty.add(0.0, 1);
        assert_eq!(empty.ln(), f64::NEG_INFINITY);
        empty.add(f64::NAN, 1);
        assert!(empty.ln().is_nan());
    }

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
