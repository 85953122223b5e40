//! Cohorts, retention and churn (analytics.md §12): the cohort matrix by month or ISO week of first purchase, the
//! churn table tied to the lifecycle's at-risk threshold, repeat rate, pooled time between purchases (type-7
//! quantiles), and a churn-risk flag per customer.
//!
//! Everything starts from each scored customer's distinct purchase dates (rows with amount > 0 before `D`), which
//! the cached customer frame holds (its occasions with a purchase); revenue is one pass over the rows. The churn
//! table is counted from the gaps between consecutive purchase dates instead of asking every customer about every
//! period: between purchases d and d′ a customer is in the base of each period starting in (d, min(d′, d + L)],
//! churns in the period holding d + L when d′ comes no earlier than the next period, and is reactivated in d′'s
//! period when that period starts more than L days after d. So the work is one step per purchase date plus one per
//! period.

use super::frame::{CustomerFrame, Excluded, NO_PURCHASE};
use super::period::{Period, PeriodLookup};
use crate::date::Day;
use crate::error::{Error, ErrorKind};
use crate::money::{Money, UNITS_PER_CURRENCY};
use crate::table::Table;
use serde::Serialize;

/// How the churn-risk flag is decided (§12.4).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ChurnRiskMethod {
    /// Recency against the customer's usual time between purchases (default).
    #[default]
    Gap,
    /// P(alive) of the BG/NBD model (§11.4) under a threshold.
    PAlive,
}

impl ChurnRiskMethod {
    /// Every method, in the catalog's order.
    pub const ALL: [ChurnRiskMethod; 2] = [ChurnRiskMethod::Gap, ChurnRiskMethod::PAlive];

    /// The option's name: `gap` or `pAlive`.
    pub fn name(self) -> &'static str {
        match self {
            ChurnRiskMethod::Gap => "gap",
            ChurnRiskMethod::PAlive => "pAlive",
        }
    }
}

/// The periods cohorts accept: months (default) and ISO weeks.
pub const COHORT_PERIODS: [Period; 2] = [Period::Month, Period::Week];

/// `churnRisk` options (§12.4).
#[derive(Clone, Debug, PartialEq)]
pub struct ChurnRiskOptions {
    /// `gap` (default) or `pAlive`.
    pub method: ChurnRiskMethod,
    /// `gap`: at risk when recency > multiple × the gap used (2).
    pub multiple: f64,
    /// `gap`: a customer's own median gap is used from this many gaps on (2), else the pooled median.
    pub min_gaps: u32,
    /// `pAlive`: at risk when P(alive) < threshold (0.5).
    pub threshold: f64,
}

impl Default for ChurnRiskOptions {
    fn default() -> Self {
        ChurnRiskOptions { method: ChurnRiskMethod::Gap, multiple: 2.0, min_gaps: 2, threshold: 0.5 }
    }
}

/// Options of `cohorts()` (§12.5).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CohortOptions {
    /// The analysis date `D`; default: the day after the latest row (§2).
    pub analysis_date: Option<Day>,
    /// Calendar month (default) or ISO week; days are refused.
    pub period: Period,
    /// Keep the cohorts whose first purchase is on or after this day.
    pub from: Option<Day>,
    /// Keep the cohorts whose first purchase is on or before this day.
    pub to: Option<Day>,
    /// L, the lifecycle's `atRiskDays` (§7, 180 by default): lapsed when the last purchase is more than L days ago;
    /// `None` for the lifecycle default.
    pub at_risk_days: Option<i32>,
    /// The churn-risk flag.
    pub churn_risk: ChurnRiskOptions,
}

impl CohortOptions {
    /// L: the given `atRiskDays` or the lifecycle default.
    pub fn churn_threshold_days(&self) -> i32 {
        self.at_risk_days.unwrap_or(super::rfm::lifecycle::LifecycleThresholds::default().at_risk_days)
    }

    /// Checks what does not depend on the data: the period (month or week), L ≥ the longest period (so that the
    /// churn invariant holds), `from` ≤ `to`, and the churn-risk numbers.
    pub fn validate(&self) -> Result<(), Error> {
        let longest = match self.period {
            Period::Month => 31,
            Period::Week => 7,
            Period::Day => {
                return Err(Error::invalid_option("period", "cohorts are by \"month\" or \"week\", not by day"))
            }
        };
        let l = self.churn_threshold_days();
        if l < longest {
            return Err(Error::invalid_option(
                "lifecycle.atRiskDays",
                format!(
                    "{l} days is shorter than the longest {} ({longest} days), so churn could not be counted per \
                     period; choose at least {longest}, or weekly periods",
                    self.period.name()
                ),
            ));
        }
        if let (Some(from), Some(to)) = (self.from, self.to) {
            if from > to {
                return Err(Error::invalid_option("from", format!("{from} is after to ({to}); give from ≤ to")));
            }
        }
        let c = &self.churn_risk;
        if !(c.multiple.is_finite() && c.multiple > 0.0) {
            return Err(Error::invalid_option("churnRisk.multiple", "must be a number above 0"));
        }
        if c.min_gaps == 0 {
            return Err(Error::invalid_option("churnRisk.minGaps", "must be a whole number of at least 1"));
        }
        if !(0.0..=1.0).contains(&c.threshold) {
            return Err(Error::invalid_option("churnRisk.threshold", "must be a number from 0 to 1"));
        }
        Ok(())
    }
}

/// One cohort's row of the matrix: cells `k = 0, 1, …`, `None` after the period holding `D − 1`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CohortRow {
    /// `2024-01` or `2024-W05`.
    pub cohort: String,
    /// The cohort period's first day.
    pub start: Day,
    /// Cohort size: customers whose first purchase is in the period.
    pub customers: u64,
    /// Cohort customers with frequency ≥ 2 ÷ cohort size.
    pub repeat_rate: f64,
    /// Cohort customers with a purchase in period c + k.
    pub active: Vec<Option<u64>>,
    /// active ÷ size (k = 0 is 1).
    pub retention: Vec<Option<f64>>,
    /// Σ all amounts (returns included) of the cohort's customers dated in period c + k.
    pub revenue: Vec<Option<Money>>,
    /// The same, exact.
    pub revenue_exact: Vec<Option<String>>,
    /// revenue ÷ size.
    pub revenue_per_customer: Vec<Option<f64>>,
    /// Σ revenue of cells 0 … k ÷ size: what a cohort customer has spent by then.
    pub cumulative_revenue_per_customer: Vec<Option<f64>>,
}

/// One complete period of the churn table (§12.2).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChurnRow {
    /// `2024-01` or `2024-W05`.
    pub period: String,
    /// The period's first day s.
    pub start: Day,
    /// Customers with a purchase before s, not lapsed on s.
    pub base: u64,
    /// Of the base: no purchase in the period, lapsed on the next period's start.
    pub churned: u64,
    /// churned ÷ base; `None` when the base is 0.
    pub churn_rate: Option<f64>,
    /// Customers whose first purchase is in the period.
    #[serde(rename = "new")]
    pub new_customers: u64,
    /// Customers lapsed on s who purchase in the period.
    pub reactivated: u64,
}

/// Pooled time between purchases (§12.3), in days.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GapSummary {
    /// Number of gaps, over all customers.
    pub count: u64,
    /// Type-7 quantiles of the pooled gaps.
    pub median: f64,
    /// 25th percentile.
    pub p25: f64,
    /// 75th percentile.
    pub p75: f64,
    /// 90th percentile.
    pub p90: f64,
    /// Median of each repeat customer's first gap.
    pub median_days_to_second_purchase: f64,
}

/// Per scored customer, in customer-id order (§12.5 `customers`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CohortCustomers {
    /// Customer codes of the orders table.
    pub customer: Vec<u32>,
    /// Distinct purchase dates.
    pub purchase_days: Vec<u32>,
    /// The gap used: the median of the customer's own gaps, or the pooled median.
    pub gap_days: Vec<f64>,
    /// 1 when `gap_days` is the customer's own, 0 when pooled.
    pub gap_source: Vec<u8>,
    /// 1 when at risk of churn.
    pub churn_risk: Vec<u8>,
    /// Recency ÷ the gap used.
    pub risk_ratio: Vec<f64>,
}

/// What `cohorts()` returns (§12.5).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CohortResult {
    /// The analysis date `D`.
    pub analysis_date: Day,
    /// `month` or `week`.
    pub period: &'static str,
    /// L.
    pub churn_threshold_days: i32,
    /// The non-empty cohorts, oldest first.
    pub cohorts: Vec<CohortRow>,
    /// Whether `D − 1` is the last day of its period (every row's last non-null cell is that period's).
    pub last_period_complete: bool,
    /// Per k: Σ active ÷ Σ size over the cohorts whose period c + k is complete; `None` when there is none.
    pub average_retention: Vec<Option<f64>>,
    /// The complete periods from the first purchase's on.
    pub churn: Vec<ChurnRow>,
    /// Scored customers with frequency ≥ 2 ÷ scored customers.
    pub repeat_rate: f64,
    /// Pooled gaps; `None` when no customer bought on two dates.
    pub gaps: Option<GapSummary>,
    /// Rows dated on or after `D`.
    pub excluded: Excluded,
    /// Per-customer columns (crossing to JS as typed arrays).
    #[serde(skip)]
    pub customers: CohortCustomers,
}

/// Each scored customer's distinct purchase dates, sorted: customer `i`'s (frame order among the scored) are
/// `days[start[i]..start[i + 1]]`.
struct PurchaseDates {
    start: Vec<usize>,
    days: Vec<Day>,
}

impl PurchaseDates {
    /// The frame's occasions with a purchase (a row of amount > 0), per scored customer in `scored` order: the
    /// frame keeps them sorted and distinct already.
    fn from_frame(frame: &CustomerFrame, scored: &[usize]) -> PurchaseDates {
        let mut start = Vec::with_capacity(scored.len() + 1);
        let mut days = Vec::with_capacity(scored.iter().map(|&i| frame.purchase_days[i] as usize).sum());
        start.push(0);
        for &i in scored {
            for at in frame.occasions(i) {
                if frame.occasion_purchase[at] {
                    days.push(frame.occasion_day[at]);
                }
            }
            start.push(days.len());
        }
        PurchaseDates { start, days }
    }

    fn of(&self, i: usize) -> &[Day] {
        &self.days[self.start[i]..self.start[i + 1]]
    }
}

/// The type-7 quantile (R's default, numpy's `linear`) at `p` of the values counted in `histogram` (value →
/// count), `n` values in all (n ≥ 1).
fn quantile_from_histogram(cumulative: &[u64], n: u64, p: f64) -> f64 {
    // The value of 0-based rank `r`: the first value whose cumulative count exceeds r.
    let value_at = |r: u64| cumulative.partition_point(|&c| c <= r) as f64;
    let h = (n - 1) as f64 * p;
    let low = h as u64; // h ≥ 0: truncation is the floor
    let fraction = h - low as f64;
    let x = value_at(low);
    if fraction == 0.0 {
        x
    } else {
        x + fraction * (value_at(low + 1) - x)
    }
}

/// The type-7 median of a few sorted values.
fn median_sorted(values: &[i32]) -> f64 {
    let n = values.len();
    if n % 2 == 1 {
        f64::from(values[n / 2])
    } else {
        (f64::from(values[n / 2 - 1]) + f64::from(values[n / 2])) / 2.0
    }
}

/// The cohort analysis of `table` on `frame` (at its analysis date). `p_alive`, with the `pAlive` method, gives
/// each scored customer's P(alive) (frame order among the scored).
pub fn cohorts(
    table: &Table,
    frame: &CustomerFrame,
    options: &CohortOptions,
    p_alive: Option<&[f64]>,
) -> Result<CohortResult, Error> {
    options.validate()?;
    if options.churn_risk.method == ChurnRiskMethod::PAlive && p_alive.is_none() {
        return Err(Error::invalid_option("churnRisk.method", "\"pAlive\" needs each customer's P(alive) (§11.4)"));
    }
    let analysis_date = frame.analysis_date;
    let period = options.period;
    let scored: Vec<usize> = frame.scored().collect();
    if scored.is_empty() {
        return Err(Error::new(ErrorKind::NoCustomers { rows_used: table.len() as u64 }));
    }
    let l = options.churn_threshold_days();
    let last_day = analysis_date.plus(-1);
    let last = period.index(last_day);
    let last_period_complete = period.start(last + 1) == analysis_date;
    let complete = |p: i32| p < last || last_period_complete;
    let first_day = scored.iter().map(|&i| frame.first_purchase[i]).min().unwrap_or(last_day);
    // Up to the day after the last lapse the churn table looks at (d + L for a purchase on D − 1).
    let lookup = PeriodLookup::new(period, first_day, last_day.plus(l + 1));

    // Cohorts: the periods of the kept customers' first purchases.
    let keep = |day: Day| options.from.is_none_or(|f| day >= f) && options.to.is_none_or(|t| day <= t);
    // Every first purchase lies in first_day ..= D − 1, so its period in first_period ..= last: the cohorts are the
    // periods marked present, oldest first.
    let first_period = lookup.index(first_day);
    let cohort_period: Vec<i32> = scored.iter().map(|&i| lookup.index(frame.first_purchase[i])).collect();
    let mut present = vec![false; (last - first_period + 1).max(0) as usize];
    for (&i, &p) in scored.iter().zip(&cohort_period) {
        if keep(frame.first_purchase[i]) {
            present[(p - first_period) as usize] = true;
        }
    }
    let periods: Vec<i32> =
        present.iter().enumerate().filter(|(_, &on)| on).map(|(at, _)| first_period + at as i32).collect();
    let mut row_of_slot = vec![usize::MAX; present.len()];
    for (row, &p) in periods.iter().enumerate() {
        row_of_slot[(p - first_period) as usize] = row;
    }
    let first_cohort = periods.first().copied().unwrap_or(last);
    let width = (last - first_cohort + 1).max(0) as usize;
    let cohort_row: Vec<Option<usize>> = scored
        .iter()
        .zip(&cohort_period)
        .map(|(&i, &p)| keep(frame.first_purchase[i]).then(|| row_of_slot[(p - first_period) as usize]))
        .collect();
    let rows = periods.len();
    // Revenue: every row before D of a kept customer, in the cell of its period (a return dated before the
    // customer's first purchase has no cell: k < 0). Per customer code, its cohort's slot (period −
    // first_period) and the first cell of its row, so that a row reads one entry: cell = row start + slot −
    // cohort slot. Rows before first_day (k < 0 for every cohort) or on or after D fall outside `day_slot`.
    let mut revenue = vec![Money::ZERO; rows * width];
    let mut code_cell = vec![(u32::MAX, 0u32); table.customer.distinct()];
    for (s, row) in cohort_row.iter().enumerate() {
        if let Some(row) = *row {
            let code = frame.customer[scored[s]] as usize;
            code_cell[code] = ((periods[row] - first_period) as u32, (row * width) as u32);
        }
    }
    let day_slot: Vec<u32> =
        (first_day.0..analysis_date.0).map(|d| (lookup.index(Day(d)) - first_period) as u32).collect();
    let (days, amounts, codes) = (&table.day[..], &table.amount[..], &table.customer.codes[..]);
    // The lines of one order follow one another: the customer's entry is read once per run of their rows.
    let (mut last_code, mut entry) = (u32::MAX, (u32::MAX, 0u32));
    for at in 0..days.len() {
        let Some(&slot) = day_slot.get(days[at].0.wrapping_sub(first_day.0) as u32 as usize) else { continue };
        if codes[at] != last_code {
            last_code = codes[at];
            entry = code_cell[last_code as usize];
        }
        let (cohort_slot, row_start) = entry;
        if cohort_slot != u32::MAX && slot >= cohort_slot {
            revenue[(row_start + slot - cohort_slot) as usize] += amounts[at];
        }
    }
    let dates = PurchaseDates::from_frame(frame, &scored);
    let mut size = vec![0u64; rows];
    let mut repeaters = vec![0u64; rows];
    let mut active = vec![0u64; rows * width];
    for (s, &i) in scored.iter().enumerate() {
        let Some(row) = cohort_row[s] else { continue };
        size[row] += 1;
        repeaters[row] += u64::from(frame.orders[i] >= 2);
        let mut previous = i32::MIN;
        for &day in dates.of(s) {
            let p = lookup.index(day);
            if p != previous {
                previous = p;
                active[row * width + (p - periods[row]) as usize] += 1;
            }
        }
    }
    let money = |m: Money| m.0 as f64 / UNITS_PER_CURRENCY as f64;
    let cohort_rows: Vec<CohortRow> = (0..rows)
        .map(|row| {
            let c = periods[row];
            let cells = (last - c + 1) as usize;
            let n = size[row] as f64;
            let cell = |k: usize| (k < cells).then_some(k);
            let mut cumulative = Money::ZERO;
            CohortRow {
                cohort: period.label(c),
                start: period.start(c),
                customers: size[row],
                repeat_rate: repeaters[row] as f64 / n,
                active: (0..width).map(|k| cell(k).map(|k| active[row * width + k])).collect(),
                retention: (0..width).map(|k| cell(k).map(|k| active[row * width + k] as f64 / n)).collect(),
                revenue: (0..width).map(|k| cell(k).map(|k| revenue[row * width + k])).collect(),
                revenue_exact: (0..width).map(|k| cell(k).map(|k| revenue[row * width + k].exact_string())).collect(),
                revenue_per_customer: (0..width)
                    .map(|k| cell(k).map(|k| money(revenue[row * width + k]) / n))
                    .collect(),
                cumulative_revenue_per_customer: (0..width)
                    .map(|k| {
                        cell(k).map(|k| {
                            cumulative += revenue[row * width + k];
                            money(cumulative) / n
                        })
                    })
                    .collect(),
            }
        })
        .collect();
    let average_retention = (0..width)
        .map(|k| {
            let (mut active_sum, mut size_sum) = (0u64, 0u64);
            for row in 0..rows {
                let p = periods[row] + k as i32;
                if p <= last && complete(p) {
                    active_sum += active[row * width + k];
                    size_sum += size[row];
                }
            }
            (size_sum > 0).then(|| active_sum as f64 / size_sum as f64)
        })
        .collect();

    let churn = churn_table(period, &lookup, scored.len(), &dates, l, first_day, last, last_period_complete);

    // Repeat rate, gaps, churn risk.
    let repeat = scored.iter().filter(|&&i| frame.orders[i] >= 2).count();
    let max_gap = (last_day.days_since(first_day)).max(0) as usize;
    let mut histogram = vec![0u64; max_gap + 1];
    let mut first_gaps = vec![0u64; max_gap + 1];
    let mut gap_count = 0u64;
    for s in 0..scored.len() {
        let days = dates.of(s);
        for pair in days.windows(2) {
            histogram[pair[1].days_since(pair[0]) as usize] += 1;
        }
        gap_count += days.len().saturating_sub(1) as u64;
        if days.len() >= 2 {
            first_gaps[days[1].days_since(days[0]) as usize] += 1;
        }
    }
    let cumulate = |counts: &mut Vec<u64>| {
        for v in 1..counts.len() {
            counts[v] += counts[v - 1];
        }
    };
    let gaps = (gap_count > 0).then(|| {
        cumulate(&mut histogram);
        let repeat_customers = first_gaps.iter().sum::<u64>();
        cumulate(&mut first_gaps);
        GapSummary {
            count: gap_count,
            median: quantile_from_histogram(&histogram, gap_count, 0.5),
            p25: quantile_from_histogram(&histogram, gap_count, 0.25),
            p75: quantile_from_histogram(&histogram, gap_count, 0.75),
            p90: quantile_from_histogram(&histogram, gap_count, 0.9),
            median_days_to_second_purchase: quantile_from_histogram(&first_gaps, repeat_customers, 0.5),
        }
    });
    let risk = &options.churn_risk;
    let pooled_median = match (&gaps, risk.method) {
        (Some(g), _) => g.median,
        (None, ChurnRiskMethod::Gap) => {
            return Err(Error::new(ErrorKind::ChurnNoRepeatPurchases { customers: scored.len() as u64 }))
        }
        // No gap anywhere: the gap columns have no value, so they hold 0 (a stated rule, never NaN).
        (None, ChurnRiskMethod::PAlive) => 0.0,
    };
    let n = scored.len();
    let mut customers = CohortCustomers {
        customer: Vec::with_capacity(n),
        purchase_days: Vec::with_capacity(n),
        gap_days: Vec::with_capacity(n),
        gap_source: Vec::with_capacity(n),
        churn_risk: Vec::with_capacity(n),
        risk_ratio: Vec::with_capacity(n),
    };
    let mut own = Vec::new();
    for (s, &i) in scored.iter().enumerate() {
        let days = dates.of(s);
        own.clear();
        own.extend(days.windows(2).map(|pair| pair[1].days_since(pair[0])));
        own.sort_unstable();
        let (gap, source) = if !own.is_empty() && own.len() >= risk.min_gaps as usize {
            (median_sorted(&own), 1)
        } else {
            (pooled_median, 0)
        };
        let recency = f64::from(analysis_date.days_since(frame.last_purchase[i]));
        let ratio = if gap > 0.0 { recency / gap } else { 0.0 };
        let at_risk = match (risk.method, p_alive) {
            (ChurnRiskMethod::PAlive, Some(p_alive)) => p_alive[s] < risk.threshold,
            _ => recency > risk.multiple * gap,
        };
        customers.customer.push(frame.customer[i]);
        customers.purchase_days.push(days.len() as u32);
        customers.gap_days.push(gap);
        customers.gap_source.push(source);
        customers.churn_risk.push(u8::from(at_risk));
        customers.risk_ratio.push(ratio);
    }
    debug_assert!(scored.iter().all(|&i| frame.last_purchase[i] != NO_PURCHASE));

    Ok(CohortResult {
        analysis_date,
        period: period.name(),
        churn_threshold_days: l,
        cohorts: cohort_rows,
        last_period_complete,
        average_retention,
        churn,
        repeat_rate: repeat as f64 / scored.len() as f64,
        gaps,
        excluded: frame.excluded.clone(),
        customers,
    })
}

/// The churn table (§12.2) over the complete periods from the one holding `first_day` (the earliest first
/// purchase) to `last` (or the one before when `last` is not complete), counted from each customer's gaps (see
/// the module's documentation).
#[allow(clippy::too_many_arguments)]
fn churn_table(
    period: Period,
    lookup: &PeriodLookup,
    customers: usize,
    dates: &PurchaseDates,
    l: i32,
    first_day: Day,
    last: i32,
    last_period_complete: bool,
) -> Vec<ChurnRow> {
    let first = lookup.index(first_day);
    let last_complete = if last_period_complete { last } else { last - 1 };
    if last_complete < first {
        return Vec::new();
    }
    let n = (last_complete - first + 1) as usize;
    // Base as a difference array over the periods (one more entry for the ends).
    let mut base_change = vec![0i64; n + 1];
    let (mut churned, mut new, mut reactivated) = (vec![0u64; n], vec![0u64; n], vec![0u64; n]);
    let slot = |p: i32| (first..=last_complete).contains(&p).then(|| (p - first) as usize);
    for s in 0..customers {
        let days = dates.of(s);
        if let Some(&first_purchase) = days.first() {
            if let Some(at) = slot(lookup.index(first_purchase)) {
                new[at] += 1;
            }
        }
        for (j, &d) in days.iter().enumerate() {
            let next = days.get(j + 1).copied();
            let lapse_day = d.plus(l);
            // In the base of every period starting in (d, min(next, d + L)].
            let until = next.map_or(lapse_day, |n| n.min(lapse_day));
            let (from_p, to_p) = (lookup.index(d) + 1, lookup.index(until).min(last_complete));
            let from_p = from_p.max(first);
            if from_p <= to_p {
                base_change[(from_p - first) as usize] += 1;
                base_change[(to_p - first + 1) as usize] -= 1;
            }
            // Churned in the period holding d + L when no purchase comes before the next period starts.
            let p = lookup.index(lapse_day);
            if next.is_none_or(|n| n >= lookup.start(p + 1)) {
                if let Some(at) = slot(p) {
                    churned[at] += 1;
                }
            }
            // Reactivated in next's period when that period starts more than L days after d.
            if let Some(n) = next {
                let q = lookup.index(n);
                if lookup.start(q).days_since(d) > l {
                    if let Some(at) = slot(q) {
                        reactivated[at] += 1;
                    }
                }
            }
        }
    }
    let mut base = 0i64;
    (0..n)
        .map(|at| {
            base += base_change[at];
            let p = first + at as i32;
            let base = base as u64;
            ChurnRow {
                period: period.label(p),
                start: period.start(p),
                base,
                churned: churned[at],
                churn_rate: (base > 0).then(|| churned[at] as f64 / base as f64),
                new_customers: new[at],
                reactivated: reactivated[at],
            }
        })
        .collect()
}
