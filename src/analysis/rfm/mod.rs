//! RFM analysis (analytics.md §3–§7): R/F/M scores, segments, value tiers and lifecycle stages over the customer
//! frame, with every option checked before any work. One module per step; [`rfm`] puts them together.

pub mod cn8;
pub mod export;
pub mod lifecycle;
pub mod score;
pub mod segments;
pub mod tiers;

pub use cn8::{Cn8Compare, Cn8Options};

use super::customers::{customer_metrics, Excluded};
use super::{resolve_analysis_date, share};
use crate::date::Day;
use crate::error::{Error, ErrorKind, Warning};
use crate::money::{Money, UNITS_PER_CURRENCY};
use crate::table::Table;
use lifecycle::{LifecycleThresholds, STAGES};
use score::{breakpoint_scores, quantile_scores, rank_scores, Better};
use segments::{pymc_5, r_rfm_readme, r_rfm_tests, rfm_11, Audit, GridMap, Label};
use serde::Serialize;
use tiers::{assign_tiers, pareto_point, rank_by_value, tier_bounds, tier_names, validate_shares, ParetoPoint};

/// How scores are computed from the metrics.
#[derive(Clone, Debug, PartialEq)]
pub enum ScoringMethod {
    /// `floor(count(worse) × B / n) + 1` (ties share a score). The default.
    Rank,
    /// The R `rfm` package's quantile thresholds plus one unit.
    Quantile,
    /// B − 1 ascending edges per metric, in days, orders and currency units.
    Breakpoints {
        /// Recency edges in days.
        recency: Vec<f64>,
        /// Frequency edges in orders.
        frequency: Vec<f64>,
        /// Monetary edges in currency units.
        monetary: Vec<f64>,
    },
}

/// What the monetary metric is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MonetaryMode {
    /// Sum of all amounts, returns included (default).
    #[default]
    Total,
    /// Total ÷ frequency, rounded half away from zero to 1/10,000.
    Mean,
}

/// Which segment map.
#[derive(Clone, Debug, PartialEq)]
pub enum SegmentMapChoice {
    /// A grid map (presets and users' maps).
    Grid(GridMap),
    /// `cn-8`: high/low per metric against a comparison value.
    Cn8(Cn8Options),
}

impl SegmentMapChoice {
    /// The preset names.
    pub const PRESETS: [&'static str; 5] = ["rfm-11", "cn-8", "r-rfm-readme", "r-rfm-tests", "pymc-5"];

    /// A preset by name (one of [`PRESETS`](SegmentMapChoice::PRESETS)).
    pub fn preset(name: &str) -> Option<SegmentMapChoice> {
        match name {
            "rfm-11" => Some(SegmentMapChoice::Grid(rfm_11())),
            "cn-8" => Some(SegmentMapChoice::Cn8(Cn8Options::default())),
            "r-rfm-readme" => Some(SegmentMapChoice::Grid(r_rfm_readme())),
            "r-rfm-tests" => Some(SegmentMapChoice::Grid(r_rfm_tests())),
            "pymc-5" => Some(SegmentMapChoice::Grid(pymc_5())),
            _ => None,
        }
    }
}

/// Options of [`rfm`]; every field has the contract's default.
#[derive(Clone, Debug, PartialEq)]
pub struct RfmOptions {
    /// `D`; default the day after the latest date of any row.
    pub analysis_date: Option<Day>,
    /// Number of scores B, 2–10.
    pub bins: u8,
    /// Scoring method.
    pub method: ScoringMethod,
    /// Monetary metric.
    pub monetary: MonetaryMode,
    /// Segment map.
    pub segment_map: SegmentMapChoice,
    /// Tier shares of customers, largest customers first.
    pub tiers: Vec<f64>,
    /// Lifecycle thresholds.
    pub lifecycle: LifecycleThresholds,
}

impl Default for RfmOptions {
    fn default() -> Self {
        RfmOptions {
            analysis_date: None,
            bins: 5,
            method: ScoringMethod::Rank,
            monetary: MonetaryMode::Total,
            segment_map: SegmentMapChoice::Grid(rfm_11()),
            tiers: vec![0.01, 0.04, 0.15, 0.80],
            lifecycle: LifecycleThresholds::default(),
        }
    }
}

impl RfmOptions {
    /// Checks every option, naming the first one at fault.
    pub fn validate(&self) -> Result<(), Error> {
        if !(2..=10).contains(&self.bins) {
            return Err(Error::invalid_option("bins", format!("must be between 2 and 10, not {}", self.bins)));
        }
        if let ScoringMethod::Breakpoints { recency, frequency, monetary } = &self.method {
            for (name, edges) in [("recency", recency), ("frequency", frequency), ("monetary", monetary)] {
                let option = format!("method.breakpoints.{name}");
                if edges.len() != usize::from(self.bins) - 1 {
                    return Err(Error::invalid_option(option, format!("give {} numbers (bins − 1)", self.bins - 1)));
                }
                if edges.iter().any(|e| !e.is_finite()) || edges.windows(2).any(|w| w[0] >= w[1]) {
                    return Err(Error::invalid_option(option, "the numbers must be finite and strictly ascending"));
                }
            }
        }
        if let SegmentMapChoice::Grid(map) = &self.segment_map {
            map.validate(self.bins)?;
        }
        validate_shares(&self.tiers)?;
        self.lifecycle.validate()
    }
}

/// Customers, revenue and share of one segment or tier.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupSummary {
    /// Stable name.
    pub name: String,
    /// Display names.
    pub label: Label,
    /// Customers in it.
    pub customers: u64,
    /// Their total monetary value.
    pub revenue: Money,
    /// The same, exact.
    pub revenue_exact: String,
    /// Revenue ÷ all scored customers' revenue; `None` when that total is 0.
    pub revenue_share: Option<f64>,
}

/// Customers and revenue of one lifecycle stage.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StageSummary {
    /// Stage name.
    pub stage: String,
    /// Display names.
    pub label: Label,
    /// Customers in it.
    pub customers: u64,
    /// Their total monetary value.
    pub revenue: Money,
}

/// Per-customer results as columns, one entry per scored customer in order of first appearance in the file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CustomerColumns {
    /// Code of the customer id in the table's customer column.
    pub customer: Vec<u32>,
    /// Days since the last purchase.
    pub recency_days: Vec<i32>,
    /// Distinct positive orders.
    pub frequency: Vec<u32>,
    /// Monetary value as configured (total or mean).
    pub monetary: Vec<Money>,
    /// Days since the first purchase.
    pub tenure_days: Vec<i32>,
    /// Recency score.
    pub r: Vec<u8>,
    /// Frequency score.
    pub f: Vec<u8>,
    /// Monetary score.
    pub m: Vec<u8>,
    /// Index into [`RfmResult::segments`].
    pub segment: Vec<u16>,
    /// Index into [`RfmResult::tiers`].
    pub tier: Vec<u8>,
    /// Index into [`RfmResult::lifecycle`].
    pub lifecycle: Vec<u8>,
}

/// Everything [`rfm`] computes.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RfmResult {
    /// The analysis date D.
    pub analysis_date: Day,
    /// Customers with at least one positive order before D.
    pub customers_scored: u64,
    /// Customers with rows before D but no positive order.
    pub customers_unscored: u64,
    /// Rows dated on or after D.
    pub excluded: Excluded,
    /// Segments in map order, then the map's other segment when the map leaves cells uncovered.
    pub segments: Vec<GroupSummary>,
    /// Every tier, empty ones included.
    pub tiers: Vec<GroupSummary>,
    /// The Pareto point.
    pub pareto_point: Option<ParetoPoint>,
    /// Lifecycle stages.
    pub lifecycle: Vec<StageSummary>,
    /// The segment map's audit.
    pub audit: Audit,
    /// What makes the scores less telling than usual, e.g. a metric on which every customer ties.
    pub warnings: Vec<Warning>,
    /// Per-customer columns.
    #[serde(skip)]
    pub customers: CustomerColumns,
}

/// Runs the RFM analysis of `table`.
pub fn rfm(table: &Table, options: &RfmOptions) -> Result<RfmResult, Error> {
    options.validate()?;
    let analysis_date = resolve_analysis_date(table, options.analysis_date)?;
    let metrics = customer_metrics(table, analysis_date);
    if metrics.is_empty() {
        return Err(Error::new(ErrorKind::NoCustomers { rows_used: table.len() as u64 }));
    }
    let bins = options.bins;
    let monetary: Vec<Money> = match options.monetary {
        MonetaryMode::Total => metrics.monetary_total.clone(),
        MonetaryMode::Mean => {
            metrics.monetary_total.iter().zip(&metrics.frequency).map(|(total, &freq)| mean(*total, freq)).collect()
        }
    };
    let recency: Vec<i64> = metrics.recency_days.iter().map(|&d| i64::from(d)).collect();
    let frequency: Vec<i64> = metrics.frequency.iter().map(|&f| i64::from(f)).collect();
    let monetary_units: Vec<i64> = monetary.iter().map(|m| m.0).collect();
    let (r, f, m) = match &options.method {
        ScoringMethod::Rank => (
            rank_scores(&recency, Better::Lower, bins),
            rank_scores(&frequency, Better::Higher, bins),
            rank_scores(&monetary_units, Better::Higher, bins),
        ),
        ScoringMethod::Quantile => (
            quantile_scores(&recency, Better::Lower, bins, 1),
            quantile_scores(&frequency, Better::Higher, bins, 1),
            quantile_scores(&monetary_units, Better::Higher, bins, UNITS_PER_CURRENCY),
        ),
        ScoringMethod::Breakpoints { recency: re, frequency: fe, monetary: me } => {
            let whole = |edges: &[f64]| edges.iter().map(|e| e.ceil() as i64).collect::<Vec<_>>();
            let money = me.iter().map(|e| (e * UNITS_PER_CURRENCY as f64).round() as i64).collect::<Vec<_>>();
            (
                breakpoint_scores(&recency, Better::Lower, &whole(re)),
                breakpoint_scores(&frequency, Better::Higher, &whole(fe)),
                breakpoint_scores(&monetary_units, Better::Higher, &money),
            )
        }
    };
    let warnings = tie_warnings([("recency", &recency), ("frequency", &frequency), ("monetary", &monetary_units)]);
    let (segment_list, segment, audit) = match &options.segment_map {
        SegmentMapChoice::Grid(map) => {
            let mut list = map.segments();
            let audit = map.audit();
            let assigned = map.assign(&r, &f, &m, bins);
            if audit.uncovered.is_empty() && !assigned.contains(&((list.len() - 1) as u16)) {
                list.pop(); // the map covers every cell: no customer can be "other"
            }
            (list, assigned, audit)
        }
        SegmentMapChoice::Cn8(cn8_options) => {
            let assigned = cn8::assign(cn8_options, [&r, &f, &m], [&recency, &frequency, &monetary_units]);
            (cn8::segments(), assigned, Audit::default())
        }
    };
    let ids: Vec<&str> = metrics.customer.iter().map(|&c| table.customer.value(c)).collect();
    let shares = validate_shares(&options.tiers)?;
    let bounds = tier_bounds(&shares, metrics.len());
    let ranking = rank_by_value(&metrics.monetary_total, &ids, &bounds);
    let tier = assign_tiers(&ranking, &bounds);
    let lifecycle: Vec<u8> = metrics
        .tenure_days
        .iter()
        .zip(&metrics.recency_days)
        .map(|(&tenure, &recency)| options.lifecycle.stage(tenure, recency))
        .collect();
    let total_revenue: Money = metrics.monetary_total.iter().copied().sum();
    let summarize = |names: Vec<(String, Label)>, index: &dyn Fn(usize) -> usize| {
        let mut customers = vec![0u64; names.len()];
        let mut revenue = vec![Money::ZERO; names.len()];
        for i in 0..metrics.len() {
            customers[index(i)] += 1;
            revenue[index(i)] += metrics.monetary_total[i];
        }
        names
            .into_iter()
            .enumerate()
            .map(|(k, (name, label))| GroupSummary {
                name,
                label,
                customers: customers[k],
                revenue: revenue[k],
                revenue_exact: revenue[k].exact_string(),
                revenue_share: share(revenue[k], total_revenue),
            })
            .collect::<Vec<_>>()
    };
    let segments = summarize(segment_list, &|i| usize::from(segment[i]));
    let tier_labels = tier_names(shares.len()).into_iter().map(|(en, zh)| (en.clone(), Label { en, zh })).collect();
    let tiers = summarize(tier_labels, &|i| usize::from(tier[i]));
    let stage_labels = STAGES.iter().map(|(en, zh)| (en.to_string(), Label { en: en.to_string(), zh: zh.to_string() }));
    let lifecycle_summary = summarize(stage_labels.collect(), &|i| usize::from(lifecycle[i]))
        .into_iter()
        .map(|g| StageSummary { stage: g.name, label: g.label, customers: g.customers, revenue: g.revenue })
        .collect();
    Ok(RfmResult {
        analysis_date,
        customers_scored: metrics.len() as u64,
        customers_unscored: metrics.unscored,
        excluded: Excluded::rows_on_or_after(table, analysis_date),
        segments,
        tiers,
        pareto_point: pareto_point(&ranking, &metrics.monetary_total),
        lifecycle: lifecycle_summary,
        audit,
        warnings,
        customers: CustomerColumns {
            customer: metrics.customer,
            recency_days: metrics.recency_days,
            frequency: metrics.frequency,
            monetary,
            tenure_days: metrics.tenure_days,
            r,
            f,
            m,
            segment,
            tier,
            lifecycle,
        },
    })
}

/// A warning per metric on which every scored customer has the same value (every score is then the same).
fn tie_warnings(metrics: [(&str, &[i64]); 3]) -> Vec<Warning> {
    metrics
        .iter()
        .filter(|(_, values)| values.windows(2).all(|w| w[0] == w[1]))
        .map(|(name, _)| Warning {
            code: "metric_all_tied".into(),
            message: format!(
                "every customer has the same {name}, so every customer has the same {name} score: the segments cannot \
                 tell customers apart by {name}"
            ),
            lines: Vec::new(),
        })
        .collect()
}

/// `total ÷ frequency` rounded half away from zero to 1/10,000.
fn mean(total: Money, frequency: u32) -> Money {
    let n = i64::from(frequency.max(1));
    let (q, rem) = (total.0 / n, total.0 % n);
    Money(if 2 * rem.abs() >= n { q + total.0.signum() } else { q })
}
