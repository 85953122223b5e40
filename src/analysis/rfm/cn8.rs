//! The Chinese eight-class map `cn-8`: each of R, F, M is high (高) or low against a comparison value (the mean
//! score by default; the median or fixed values; on scores or raw metrics), and the three give one of 8 classes.

use super::segments::Label;

/// The comparison value of the `cn-8` map.
#[derive(Clone, Debug, PartialEq)]
pub enum Cn8Compare {
    /// High when ≥ the mean over scored customers (default).
    Mean,
    /// High when ≥ the median.
    Median,
    /// High when ≥ these values (recency: ≤), as scores or raw metrics.
    Fixed {
        /// Recency comparison value.
        recency: f64,
        /// Frequency comparison value.
        frequency: f64,
        /// Monetary comparison value (currency units when raw).
        monetary: f64,
    },
}

/// Options of the Chinese eight-class map.
#[derive(Clone, Debug, PartialEq)]
pub struct Cn8Options {
    /// What a customer is compared with.
    pub compare: Cn8Compare,
    /// Compare raw metrics instead of scores.
    pub raw: bool,
}

impl Default for Cn8Options {
    fn default() -> Self {
        Cn8Options { compare: Cn8Compare::Mean, raw: false }
    }
}

/// The eight classes in the contract's order, indexed by `(R high, F high, M high)` below.
const CLASSES: [(&str, &str, [bool; 3]); 8] = [
    ("Important Value", "重要价值客户", [true, true, true]),
    ("Important to Develop", "重要发展客户", [true, false, true]),
    ("Important to Retain", "重要保持客户", [false, true, true]),
    ("Important to Win Back", "重要挽留客户", [false, false, true]),
    ("General Value", "一般价值客户", [true, true, false]),
    ("General to Develop", "一般发展客户", [true, false, false]),
    ("General to Retain", "一般保持客户", [false, true, false]),
    ("General to Win Back", "一般挽留客户", [false, false, false]),
];

/// The eight classes in the contract's order: English name, 简体中文 label, and whether R, F and M are high.
pub fn classes() -> &'static [(&'static str, &'static str, [bool; 3]); 8] {
    &CLASSES
}

/// The eight segments with their labels.
pub fn segments() -> Vec<(String, Label)> {
    CLASSES.iter().map(|(en, zh, _)| (en.to_string(), Label { en: en.to_string(), zh: zh.to_string() })).collect()
}

/// The comparison value of one metric's values, which are `source` converted by `to_value` (never decreasing).
/// The median is taken over the sorted integers: the same middle values as sorting the floats, with the sort of
/// `i64` the quantile scores use instead of a float sort of its own (≈6 KB of wasm).
fn comparison(
    values: &[f64],
    source: &[i64],
    to_value: impl Fn(i64) -> f64,
    compare: &Cn8Compare,
    fixed: impl Fn(&Cn8Compare) -> f64,
) -> f64 {
    match compare {
        Cn8Compare::Mean => values.iter().sum::<f64>() / values.len() as f64,
        Cn8Compare::Median => {
            let mut sorted = source.to_vec();
            sorted.sort_unstable();
            let n = sorted.len();
            if n % 2 == 1 {
                to_value(sorted[n / 2])
            } else {
                (to_value(sorted[n / 2 - 1]) + to_value(sorted[n / 2])) / 2.0
            }
        }
        other => fixed(other),
    }
}

/// The class index of each customer. `scores` are R, F, M (R oriented so that recent is high); `raw` are recency
/// days, frequency and monetary in 1/10,000 units.
pub fn assign(options: &Cn8Options, scores: [&[u8]; 3], raw: [&[i64]; 3]) -> Vec<u16> {
    let n = scores[0].len();
    let highs: Vec<Vec<bool>> = (0..3)
        .map(|metric| {
            let source: Vec<i64> =
                if options.raw { raw[metric].to_vec() } else { scores[metric].iter().map(|&s| i64::from(s)).collect() };
            let scale = if options.raw && metric == 2 { 10_000.0 } else { 1.0 };
            let to_value = |v: i64| v as f64 / scale;
            let values: Vec<f64> = source.iter().map(|&v| to_value(v)).collect();
            let value = comparison(&values, &source, to_value, &options.compare, |c| match c {
                Cn8Compare::Fixed { recency, frequency, monetary } => [*recency, *frequency, *monetary][metric],
                _ => 0.0,
            });
            // Raw recency is high (good) when at most the comparison value; everything else when at least.
            let recency_raw = options.raw && metric == 0;
            values.iter().map(|&v| if recency_raw { v <= value } else { v >= value }).collect()
        })
        .collect();
    (0..n)
        .map(|i| {
            let key = [highs[0][i], highs[1][i], highs[2][i]];
            CLASSES.iter().position(|(_, _, k)| *k == key).unwrap_or(0) as u16
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_eight_classes_against_the_mean_score() {
        // Scores of 8 customers covering every high/low combination; each metric's mean is 3 (values 1 and 5).
        let r = [5, 5, 1, 1, 5, 5, 1, 1];
        let f = [5, 1, 5, 1, 5, 1, 5, 1];
        let m = [5, 5, 5, 5, 1, 1, 1, 1];
        let none: [i64; 8] = [0; 8];
        let classes = assign(&Cn8Options::default(), [&r, &f, &m], [&none, &none, &none]);
        assert_eq!(classes, vec![0, 1, 2, 3, 4, 5, 6, 7]);
    }

    #[test]
    fn medians_of_an_even_and_an_odd_count() {
        // Raw, 4 customers: recency median (20 + 30) / 2 = 25 (high when ≤); frequency median (1 + 2) / 2 = 1.5;
        // monetary −5, 1, 3, 2 currency units, median (1 + 2) / 2 = 1.5.
        let s = [1u8; 4];
        let options = Cn8Options { compare: Cn8Compare::Median, raw: true };
        let raw: [&[i64]; 3] = [&[10, 40, 20, 30], &[1, 1, 5, 2], &[-50_000, 10_000, 30_000, 20_000]];
        assert_eq!(assign(&options, [&s, &s, &s], raw), vec![5, 7, 0, 2]);
        // Scores, 5 customers: medians 3, 2 and 1.
        let none = [0i64; 5];
        let options = Cn8Options { compare: Cn8Compare::Median, raw: false };
        let scores: [&[u8]; 3] = [&[1, 5, 3, 2, 4], &[2; 5], &[5, 1, 1, 1, 5]];
        assert_eq!(assign(&options, scores, [&none, &none, &none]), vec![2, 0, 0, 2, 0]);
    }

    #[test]
    fn raw_recency_is_high_when_recent() {
        // Recency days 10 and 100, mean 55: 10 ≤ 55 is high. Frequency 1 and 3, mean 2. Monetary equal → high.
        let s = [1u8, 1];
        let options = Cn8Options { compare: Cn8Compare::Mean, raw: true };
        let classes = assign(&options, [&s, &s, &s], [&[10, 100], &[1, 3], &[50_000, 50_000]]);
        assert_eq!(classes, vec![1, 2]); // (high, low, high) and (low, high, high)
    }
}
