//! Scores 1..B for one metric, by the contract's methods: `rank` (min-rank ties), `quantile` (R type-7
//! thresholds plus one unit, as the R `rfm` package) and fixed breakpoints. B is always best.

/// Which end of a metric is good.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Better {
    /// Larger values are better (frequency, monetary).
    Higher,
    /// Smaller values are better (recency).
    Lower,
}

/// `floor(count(worse than x) × B / n) + 1` for every value: equal values share a score, and B is best.
///
/// Metrics with a small range (days, orders) are counted in a histogram, O(n + range); others (money) are scored
/// against B − 1 order statistics found by selection, O(n·B).
pub fn rank_scores(values: &[i64], better: Better, bins: u8) -> Vec<u8> {
    let n = values.len() as u64;
    let score = |worse: u64| (worse * u64::from(bins) / n + 1) as u8;
    let (Some(&min), Some(&max)) = (values.iter().min(), values.iter().max()) else { return Vec::new() };
    let range = (max as i128 - min as i128 + 1) as u128;
    if range <= 4 * values.len() as u128 + 1024 {
        // below[k] = how many values are smaller than min + k.
        let mut below = vec![0u64; range as usize + 1];
        for &v in values {
            below[(v - min) as usize + 1] += 1;
        }
        for k in 1..below.len() {
            below[k] += below[k - 1];
        }
        return values
            .iter()
            .map(|&v| {
                let k = (v - min) as usize;
                score(match better {
                    Better::Higher => below[k],
                    Better::Lower => n - below[k + 1],
                })
            })
            .collect();
    }
    // A wide range (money): the score is 1 + how many of the B − 1 counts ⌈k·n/B⌉ the customer's worse-than count
    // reaches, and "at least m values below v" is "v above the m-th smallest". So B − 1 order statistics, found
    // by selection on ever smaller parts, decide every score: no sort of n values (issue 15.6).
    let (count, b) = (values.len(), usize::from(bins));
    let reached = |k: usize| (k * count).div_ceil(b); // m_k ≥ 1 for k ≥ 1, and ≤ n for k < B
    let positions: Vec<usize> = match better {
        // below(v) ≥ m ⟺ v > sorted[m − 1]
        Better::Higher => (1..b).map(|k| reached(k) - 1).collect(),
        // above(v) ≥ m ⟺ v < sorted[n − m]
        Better::Lower => (1..b).rev().map(|k| count - reached(k)).collect(),
    };
    let mut sorted = values.to_vec();
    let mut thresholds = Vec::with_capacity(positions.len());
    let mut placed = 0; // sorted[..placed] holds the smallest values, in no order, below every unplaced one
    for &position in &positions {
        if position >= placed {
            sorted[placed..].select_nth_unstable(position - placed);
            placed = position + 1;
        }
        thresholds.push(sorted[position]);
    }
    drop(sorted);
    values
        .iter()
        .map(|&v| {
            let reached = match better {
                Better::Higher => thresholds.iter().filter(|&&t| v > t).count(),
                Better::Lower => thresholds.iter().filter(|&&t| v < t).count(),
            };
            reached as u8 + 1
        })
        .collect()
}

/// A threshold `value + numerator / denominator` kept exact as a fraction over `denominator`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Threshold {
    scaled: i128,
    denominator: i128,
}

impl Threshold {
    fn at_or_below(self, value: i64) -> bool {
        self.scaled <= i128::from(value) * self.denominator
    }
}

/// The R type-7 sample quantiles at k/B (k = 1..B−1) of `sorted`, each plus `unit`, exactly.
fn quantile_thresholds(sorted: &[i64], bins: u8, unit: i64) -> Vec<Threshold> {
    let n = sorted.len() as i128;
    let b = i128::from(bins);
    (1..b)
        .map(|k| {
            // h = (n − 1) k / B; q = x[⌊h⌋] + frac(h) × (x[⌊h⌋+1] − x[⌊h⌋])
            let h_scaled = (n - 1) * k;
            let lo = (h_scaled / b) as usize;
            let frac = h_scaled % b;
            let x_lo = i128::from(sorted[lo]);
            let x_hi = i128::from(*sorted.get(lo + 1).unwrap_or(&sorted[lo]));
            Threshold { scaled: x_lo * b + frac * (x_hi - x_lo) + i128::from(unit) * b, denominator: b }
        })
        .collect()
}

/// Scores by the R `rfm` package's rule: bins `[lower, upper)` between thresholds that are type-7 quantiles plus
/// one `unit`, numbered from low to high values (reversed for [`Better::Lower`]). A bin may be empty.
pub fn quantile_scores(values: &[i64], better: Better, bins: u8, unit: i64) -> Vec<u8> {
    if values.is_empty() {
        return Vec::new();
    }
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let thresholds = quantile_thresholds(&sorted, bins, unit);
    values
        .iter()
        .map(|&v| {
            let bin = 1 + thresholds.iter().filter(|t| t.at_or_below(v)).count() as u8;
            orient(bin, better, bins)
        })
        .collect()
}

/// Scores by B − 1 ascending edges used as given: `[min, e1) … [e(B−1), max]`, low to high (reversed for
/// [`Better::Lower`]).
pub fn breakpoint_scores(values: &[i64], better: Better, edges: &[i64]) -> Vec<u8> {
    let bins = (edges.len() + 1) as u8;
    values.iter().map(|&v| orient(1 + edges.iter().filter(|&&e| e <= v).count() as u8, better, bins)).collect()
}

fn orient(bin: u8, better: Better, bins: u8) -> u8 {
    match better {
        Better::Higher => bin,
        Better::Lower => bins + 1 - bin,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_share_the_lowest_rank_score() {
        // n = 6, B = 5; sorted 1 2 2 2 5 9. worse-than counts: 1→0, 2→1, 5→4, 9→5.
        // scores: 0*5/6+1 = 1; 1*5/6+1 = 1; 4*5/6+1 = 4; 5*5/6+1 = 5.
        assert_eq!(rank_scores(&[2, 9, 1, 2, 5, 2], Better::Higher, 5), vec![1, 5, 1, 1, 4, 1]);
        // Recency (lower better): values 10 10 30 365 → worse counts 2, 2, 1, 0 of n = 4, B = 5:
        // 2*5/4+1 = 3, 1*5/4+1 = 2, 0+1 = 1.
        assert_eq!(rank_scores(&[10, 30, 10, 365], Better::Lower, 5), vec![3, 2, 3, 1]);
    }

    #[test]
    fn a_tie_across_a_boundary_stays_in_the_lower_score() {
        // n = 5, B = 5: 1 2 3 3 5 → worse counts 0 1 2 2 4 → scores 1 2 3 3 5; no 4 although n = B.
        assert_eq!(rank_scores(&[1, 2, 3, 3, 5], Better::Higher, 5), vec![1, 2, 3, 3, 5]);
    }

    #[test]
    fn wide_and_narrow_ranges_agree() {
        // The histogram path (small range) and the sorting path (wide range) give the same scores.
        let narrow = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5];
        let wide: Vec<i64> = narrow.iter().map(|v| v * 1_000_000_007).collect();
        for better in [Better::Higher, Better::Lower] {
            assert_eq!(rank_scores(&narrow, better, 5), rank_scores(&wide, better, 5));
        }
        assert!(rank_scores(&[], Better::Higher, 5).is_empty());
    }

    /// `floor(count(worse than x) × B / n) + 1` counted pair by pair: the definition, for the property below.
    #[cfg(not(target_arch = "wasm32"))]
    fn by_definition(values: &[i64], better: Better, bins: u8) -> Vec<u8> {
        let n = values.len() as u64;
        let worse = |x: i64| match better {
            Better::Higher => values.iter().filter(|&&v| v < x).count(),
            Better::Lower => values.iter().filter(|&&v| v > x).count(),
        } as u64;
        values.iter().map(|&x| (worse(x) * u64::from(bins) / n + 1) as u8).collect()
    }

    // proptest is a native dev-dependency only.
    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// Both paths (histogram for a narrow range, order statistics for a wide one) give the definition's
        /// scores, ties and every bin count included.
        #[test]
        fn rank_scores_are_the_definition(
            small in proptest::collection::vec(-6i64..6, 1..60),
            spread in proptest::prelude::prop_oneof![proptest::strategy::Just(1i64), proptest::strategy::Just(1_000_000_007i64)],
            bins in 2u8..=10,
        ) {
            let values: Vec<i64> = small.iter().map(|v| v * spread).collect();
            for better in [Better::Higher, Better::Lower] {
                proptest::prop_assert_eq!(rank_scores(&values, better, bins), by_definition(&values, better, bins));
            }
        }
    }

    #[test]
    fn everyone_tied_scores_one() {
        assert_eq!(rank_scores(&[1, 1, 1], Better::Higher, 5), vec![1, 1, 1]);
        assert_eq!(rank_scores(&[7, 7], Better::Lower, 3), vec![1, 1]);
    }

    #[test]
    fn quantile_thresholds_are_r_type_7_plus_one() {
        // x = 1..=10, B = 5: h = 9k/5 → 1.8, 3.6, 5.4, 7.2 → q = 2.8, 4.6, 6.4, 8.2 → thresholds 3.8, 5.6, 7.4, 9.2.
        // Bins: [1, 3.8) = 1..3 → 1; [3.8, 5.6) = 4, 5 → 2; 6, 7 → 3; 8, 9 → 4; 10 → 5.
        let values: Vec<i64> = (1..=10).collect();
        assert_eq!(quantile_scores(&values, Better::Higher, 5, 1), vec![1, 1, 1, 2, 2, 3, 3, 4, 4, 5]);
        // A value equal to a threshold goes to the upper bin: x = 0,0,0,2 with B = 2: median = 0, threshold 1.
        assert_eq!(quantile_scores(&[0, 0, 0, 2], Better::Higher, 2, 1), vec![1, 1, 1, 2]);
        // x = 1 2 3 4, B = 2: q = 2.5, threshold 3.5: 1, 2, 3 in the low bin (score 2), 4 in the high bin (score 1).
        assert_eq!(quantile_scores(&[1, 2, 3, 4], Better::Lower, 2, 1), vec![2, 2, 2, 1]);
    }

    #[test]
    fn breakpoints_are_used_as_given() {
        assert_eq!(breakpoint_scores(&[0, 9, 10, 19, 20, 100], Better::Higher, &[10, 20]), vec![1, 1, 2, 2, 3, 3]);
        assert_eq!(breakpoint_scores(&[5, 45, 400], Better::Lower, &[30, 90]), vec![3, 2, 1]);
    }
}
