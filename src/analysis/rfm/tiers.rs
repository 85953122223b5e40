//! Value tiers (the customer pyramid) and the Pareto point, over customers ranked by total monetary value.

use crate::error::Error;
use crate::money::Money;
use crate::table::{sort_by_number, sort_indices};
use serde::Serialize;

/// Tier shares are compared as whole millionths so that 0.01 + 0.04 is exactly 0.05.
const SHARE_SCALE: u64 = 1_000_000;

/// Checks tier shares: 1 to 10 positive shares adding up to 1.
pub fn validate_shares(shares: &[f64]) -> Result<Vec<u64>, Error> {
    if shares.len() > crate::catalog::limits::TIERS {
        let limit = crate::catalog::limits::TIERS as u64;
        return Err(Error::option_rule("tiers", crate::error::OptionRule::MaxItems { limit }));
    }
    if shares.is_empty() {
        return Err(Error::invalid_option("tiers", "give 1 to 10 shares of customers, e.g. [0.01, 0.04, 0.15, 0.80]"));
    }
    let micros: Vec<u64> = shares
        .iter()
        .map(|&s| if s.is_finite() && s > 0.0 { (s * SHARE_SCALE as f64).round() as u64 } else { 0 })
        .collect();
    if micros.contains(&0) {
        return Err(Error::invalid_option("tiers", "every share must be a positive fraction such as 0.04"));
    }
    if micros.iter().sum::<u64>() != SHARE_SCALE {
        return Err(Error::invalid_option("tiers", "the shares must add up to 1"));
    }
    Ok(micros)
}

/// The tier names for `count` tiers: the classic pyramid for four, else "Tier 1" … "Tier k".
pub fn tier_names(count: usize) -> Vec<(String, String)> {
    if count == 4 {
        [("VIP", "贵宾客户"), ("Major", "主要客户"), ("Ordinary", "普通客户"), ("Small", "小客户")]
            .iter()
            .map(|(en, zh)| (en.to_string(), zh.to_string()))
            .collect()
    } else {
        (1..=count).map(|k| (format!("Tier {k}"), format!("第{k}层"))).collect()
    }
}

/// The last rank (1-based) of each tier: rank k is in the first tier whose cumulative share s has
/// `k ≤ ceil(s × n)`.
pub fn tier_bounds(micros: &[u64], n: usize) -> Vec<usize> {
    let mut cumulative = 0;
    micros
        .iter()
        .map(|&m| {
            cumulative += m;
            (cumulative * n as u64).div_ceil(SHARE_SCALE) as usize
        })
        .collect()
}

/// Customer indexes ranked by total monetary, largest first, ties by customer id in code-point order (`by_id`
/// compares two customers' ids).
///
/// Sorting by id matters only where a run of equal values straddles a tier bound (the Pareto point and the tier
/// sums do not depend on the order inside a run), so the ids are compared only there: sorting every tie by its
/// string was most of rfm()'s time on real exports, where many customers spend the same amount.
pub fn rank_by_value(
    monetary_total: &[Money],
    by_id: &dyn Fn(u32, u32) -> std::cmp::Ordering,
    bounds: &[usize],
) -> Vec<u32> {
    let mut order: Vec<u32> = (0..monetary_total.len() as u32).collect();
    // Largest first: `!x` orders i64 exactly in reverse (and never overflows, unlike `-x`).
    let reversed: Vec<i64> = monetary_total.iter().map(|m| !m.0).collect();
    sort_by_number(&mut order, &reversed);
    for &bound in bounds {
        let value = |order: &[u32], position: usize| monetary_total[order[position] as usize];
        if bound == 0 || bound >= order.len() || value(&order, bound - 1) != value(&order, bound) {
            continue;
        }
        let tie = value(&order, bound);
        let start = (0..bound).rev().take_while(|&p| value(&order, p) == tie).last().unwrap_or(bound);
        let end = (bound..order.len()).take_while(|&p| value(&order, p) == tie).last().map_or(bound, |p| p + 1);
        sort_indices(&mut order[start..end], by_id);
    }
    order
}

/// The tier (0-based) of every customer from the ranking and the tier bounds.
pub fn assign_tiers(ranking: &[u32], bounds: &[usize]) -> Vec<u8> {
    let mut tiers = vec![0u8; ranking.len()];
    let mut tier = 0;
    for (k0, &customer) in ranking.iter().enumerate() {
        while tier + 1 < bounds.len() && k0 + 1 > bounds[tier] {
            tier += 1;
        }
        tiers[customer as usize] = tier as u8;
    }
    tiers
}

/// The Pareto point: the smallest number of top customers whose revenue reaches 80 % of the total, and that
/// number as a share of customers. `None` when the total is not positive.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ParetoPoint {
    /// Smallest k.
    pub customers: u64,
    /// k ÷ n.
    pub share: f64,
}

/// Computes the Pareto point over the ranking.
pub fn pareto_point(ranking: &[u32], monetary_total: &[Money]) -> Option<ParetoPoint> {
    let total: i128 = monetary_total.iter().map(|m| i128::from(m.0)).sum();
    if total <= 0 {
        return None;
    }
    let mut running: i128 = 0;
    for (k0, &c) in ranking.iter().enumerate() {
        running += i128::from(monetary_total[c as usize].0);
        if running * 5 >= total * 4 {
            let k = k0 as u64 + 1;
            return Some(ParetoPoint { customers: k, share: k as f64 / ranking.len() as f64 });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pyramid_bounds_by_hand() {
        // n = 250: VIP k ≤ ceil(0.01 × 250) = 3; Major k ≤ ceil(0.05 × 250) = 13; Ordinary k ≤ ceil(0.20 × 250) = 50.
        let micros = validate_shares(&[0.01, 0.04, 0.15, 0.80]).unwrap();
        let ranking: Vec<u32> = (0..250).collect();
        assert_eq!(tier_bounds(&micros, 250), vec![3, 13, 50, 250]);
        let tiers = assign_tiers(&ranking, &tier_bounds(&micros, 250));
        let count = |t: u8| tiers.iter().filter(|&&x| x == t).count();
        assert_eq!((count(0), count(1), count(2), count(3)), (3, 10, 37, 200));
        // n = 100: 0.01 + 0.04 must be exactly 0.05 → 5, not ceil(5.000000000000001) = 6.
        let tiers = assign_tiers(&(0..100).collect::<Vec<u32>>(), &tier_bounds(&micros, 100));
        assert_eq!(tiers.iter().filter(|&&x| x <= 1).count(), 5);
    }

    #[test]
    fn ranking_ties_by_id_and_pareto() {
        let money = [Money(10), Money(50), Money(10), Money(30)];
        let ids = ["b", "x", "a", "c"];
        // Bounds after ranks 1 and 3: the tie of "b" and "a" (10 each) straddles the bound at 3 → "a" first.
        let ranking = rank_by_value(&money, &|a, b| ids[a as usize].cmp(ids[b as usize]), &[1, 3, 4]);
        assert_eq!(ranking, vec![1, 3, 2, 0]);
        // total 100, 80 % = 80: 50 (1 customer) < 80, 50 + 30 = 80 ≥ 80 → k = 2 of 4.
        assert_eq!(pareto_point(&ranking, &money), Some(ParetoPoint { customers: 2, share: 0.5 }));
        assert_eq!(pareto_point(&ranking, &[Money(-1); 4]), None);
    }

    #[test]
    fn shares_must_add_up() {
        assert!(validate_shares(&[0.5, 0.4]).is_err());
        assert!(validate_shares(&[]).is_err());
        assert!(validate_shares(&[1.0, 0.0]).is_err());
        assert!(validate_shares(&[0.2, 0.8]).is_ok());
    }
}
