//! Helpers shared by the integration tests.

/// Asserts that `got` is within `rel` of `want`, relative to the larger magnitude of the two (and absolute below 1,
/// so that values computed to be 0 compare with a tolerance too). `got` may be an `Option`: `None` fails, naming
/// the value expected. NaN and infinities never pass unless both are the same infinity.
#[track_caller]
pub fn assert_close(got: impl Into<Option<f64>>, want: f64, rel: f64) {
    let got = got.into().unwrap_or_else(|| panic!("expected {want}, got null"));
    if got == want {
        return; // also the same infinity
    }
    let scale = got.abs().max(want.abs()).max(1.0);
    let difference = (got - want).abs();
    assert!(
        got.is_finite() && want.is_finite() && difference <= rel * scale,
        "got {got}, want {want}: differ by {difference:e}, more than {rel:e} × {scale}"
    );
}

/// A seeded generator of made-up test data: each call gives a number in `0..n` (a 64-bit linear congruential
/// generator, Knuth's MMIX constants, its high bits), the same sequence for the same seed.
pub fn seeded(mut state: u64) -> impl FnMut(u64) -> u64 {
    move |n| {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % n
    }
}

#[test]
fn assert_close_accepts_only_what_is_close() {
    assert_close(1.0 + 1e-13, 1.0, 1e-12);
    assert_close(Some(1e6 * (1.0 + 1e-13)), 1e6, 1e-12);
    assert_close(1e-14, 0.0, 1e-12);
    assert_close(f64::INFINITY, f64::INFINITY, 1e-12);
    let fails = |got: Option<f64>, want: f64| std::panic::catch_unwind(|| assert_close(got, want, 1e-12)).is_err();
    assert!(fails(Some(1.0 + 1e-9), 1.0));
    assert!(fails(Some(1e6 + 1e-3), 1e6));
    assert!(fails(None, 1.0));
    assert!(fails(Some(f64::NAN), 1.0));
    assert!(fails(Some(f64::NAN), f64::NAN));
    assert!(fails(Some(f64::INFINITY), 1.0));
    assert!(fails(Some(f64::MAX), f64::INFINITY));
}
