//! RFM analysis (analytics.md §3–§7): R/F/M scores, segments, value tiers and lifecycle stages over the customer
//! frame, with every option checked before any work. One module per step; [`rfm`] puts them together.

pub mod cn8;
pub mod export;
pub mod lifecycle;
pub mod score;
pub mod segments;
pub mod tiers;

pub use cn8::{Cn8Compare, Cn8Options};

use super::frame::{CustomerFrame, Excluded, ScoredFigures, Totals};
use super::migration::MigrationBy;
use super::{resolve_analysis_date, share};
use crate::date::Day;
use crate::error::{Error, ErrorKind, Warning, WarningKind};
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
    /// Whether this is the segment map's remainder (the customers no rule matches), so that a rule named like
    /// the remainder is still a segment of its own. Always false for tiers.
    pub other: bool,
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

/// Per-customer results as columns, one entry per scored customer in customer-id order (code points).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CustomerColumns {
    /// The number of scores B the scores run up to.
    pub bins: u8,
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

impl CustomerColumns {
    /// Number of scored customers.
    pub fn len(&self) -> usize {
        self.customer.len()
    }

    /// Whether there is no customer.
    pub fn is_empty(&self) -> bool {
        self.customer.is_empty()
    }

    /// Customer `i`'s `rfm_score` = R + F + M (§4).
    pub fn score(&self, i: usize) -> u8 {
        self.r[i] + self.f[i] + self.m[i]
    }

    /// Customer `i`'s `rfm_cell` (§4), e.g. `"545"`.
    pub fn cell(&self, i: usize) -> String {
        rfm_cell(self.r[i], self.f[i], self.m[i])
    }

    /// Every customer's cell as a code into the B³ possible cells, with those cells' names: cell
    /// `(r − 1)·B² + (f − 1)·B + (m − 1)`. A column of cells then crosses to JS as codes and at most 1,000 names
    /// instead of one string per customer.
    pub fn cell_codes(&self) -> (Vec<u16>, Vec<String>) {
        let b = u16::from(self.bins.max(1));
        let codes = (0..self.len())
            .map(|i| {
                let [r, f, m] = [self.r[i], self.f[i], self.m[i]].map(|s| u16::from(s.max(1)) - 1);
                (r * b + f) * b + m
            })
            .collect();
        let score = |k: u16| (k + 1) as u8;
        let names = (0..b * b * b).map(|k| rfm_cell(score(k / (b * b)), score(k / b % b), score(k % b))).collect();
        (codes, names)
    }
}

/// The `rfm_cell` of scores R, F and M: written one after another, a score of 10 taking two characters (§4).
pub fn rfm_cell(r: u8, f: u8, m: u8) -> String {
    format!("{r}{f}{m}")
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
    /// Orders, revenue, aov and customers over every row before D (the customer frame's totals).
    pub totals: Totals,
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

/// Runs the RFM analysis of `table`: checks the options, resolves the analysis date, builds the customer frame
/// and scores it with [`rfm_on`]. Callers that keep the frame (the workspace) call [`rfm_on`] directly.
pub fn rfm(table: &Table, options: &RfmOptions) -> Result<RfmResult, Error> {
    options.validate()?;
    let analysis_date = resolve_analysis_date(table, options.analysis_date)?;
    rfm_on(&CustomerFrame::build(table, analysis_date), table, options)
}

/// Runs the RFM analysis on `frame`, a customer frame of `table`, at the frame's analysis date (the caller
/// resolved `options.analysis_date` into it). Customers come out in the frame's order: customer-id order.
pub fn rfm_on(frame: &CustomerFrame, table: &Table, options: &RfmOptions) -> Result<RfmResult, Error> {
    options.validate()?;
    let analysis_date = frame.analysis_date;
    debug_assert!(options.analysis_date.is_none_or(|d| d == analysis_date), "the frame is of another date");
    let scored: Vec<usize> = frame.scored().collect();
    if scored.is_empty() {
        return Err(Error::new(ErrorKind::NoCustomers { rows_used: table.len() as u64 }));
    }
    let customer: Vec<u32> = scored.iter().map(|&i| frame.customer[i]).collect();
    let recency_days: Vec<i32> = scored.iter().map(|&i| analysis_date.days_since(frame.last_purchase[i])).collect();
    let tenure_days: Vec<i32> = scored.iter().map(|&i| analysis_date.days_since(frame.first_purchase[i])).collect();
    let frequency_count: Vec<u32> = scored.iter().map(|&i| frame.orders[i]).collect();
    let monetary_total: Vec<Money> = scored.iter().map(|&i| frame.monetary[i]).collect();
    let bins = options.bins;
    let scored = score(options, &recency_days, &frequency_count, &monetary_total);
    let warnings = tie_warnings([
        ("recency", &scored.recency),
        ("frequency", &scored.frequency),
        ("monetary", &scored.monetary_units),
    ]);
    let (segment_list, other, segment, audit) = assign_segments(options, &scored);
    let Scored { monetary, r, f, m, .. } = scored;
    let (shares, ranking, tier) = rank_tiers(options, &monetary_total)?;
    let lifecycle = stages(options, &tenure_days, &recency_days);
    // Far-future or past analysis date (issue 17, point 7).
    let mut warnings = warnings;
    warnings.extend(analysis_date_warnings(frame.excluded.count, table.len() as u64, &lifecycle, options));
    let total_revenue: Money = monetary_total.iter().copied().sum();
    let summarize = |names: Vec<(String, Label)>, index: &dyn Fn(usize) -> usize| {
        let mut customers = vec![0u64; names.len()];
        let mut revenue = vec![Money::ZERO; names.len()];
        for i in 0..customer.len() {
            customers[index(i)] += 1;
            revenue[index(i)] += monetary_total[i];
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
                other: false,
            })
            .collect::<Vec<_>>()
    };
    let mut segments = summarize(segment_list, &|i| usize::from(segment[i]));
    if let Some(other) = other {
        segments[other].other = true;
    }
    let tier_labels = tier_names(shares.len()).into_iter().map(|(en, zh)| (en.clone(), Label { en, zh })).collect();
    let tiers = summarize(tier_labels, &|i| usize::from(tier[i]));
    let stage_labels = STAGES.iter().map(|(en, zh)| (en.to_string(), Label { en: en.to_string(), zh: zh.to_string() }));
    let lifecycle_summary = summarize(stage_labels.collect(), &|i| usize::from(lifecycle[i]))
        .into_iter()
        .map(|g| StageSummary { stage: g.name, label: g.label, customers: g.customers, revenue: g.revenue })
        .collect();
    Ok(RfmResult {
        analysis_date,
        customers_scored: customer.len() as u64,
        customers_unscored: (frame.len() - customer.len()) as u64,
        excluded: frame.excluded.clone(),
        totals: frame.totals(),
        segments,
        tiers,
        pareto_point: pareto_point(&ranking, &monetary_total),
        lifecycle: lifecycle_summary,
        audit,
        warnings,
        customers: CustomerColumns {
            bins,
            customer,
            recency_days,
            frequency: frequency_count,
            monetary,
            tenure_days,
            r,
            f,
            m,
            segment,
            tier,
            lifecycle,
        },
    })
}

// campaigns speed (issue 15.6): the steps of rfm_on, so that the classes alone can be computed.

/// The metrics as scored (monetary as configured, all in whole units of their kind) and the three scores (§4).
struct Scored {
    recency: Vec<i64>,
    frequency: Vec<i64>,
    monetary: Vec<Money>,
    monetary_units: Vec<i64>,
    r: Vec<u8>,
    f: Vec<u8>,
    m: Vec<u8>,
}

/// Scores every customer's recency, frequency and monetary value by `options.method` (§4).
fn score(options: &RfmOptions, recency_days: &[i32], frequency_count: &[u32], monetary_total: &[Money]) -> Scored {
    let bins = options.bins;
    let monetary: Vec<Money> = match options.monetary {
        MonetaryMode::Total => monetary_total.to_vec(),
        MonetaryMode::Mean => {
            monetary_total.iter().zip(frequency_count).map(|(total, &freq)| mean(*total, freq)).collect()
        }
    };
    let recency: Vec<i64> = recency_days.iter().map(|&d| i64::from(d)).collect();
    let frequency: Vec<i64> = frequency_count.iter().map(|&f| i64::from(f)).collect();
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
            let [re, fe, me] = breakpoint_edges(re, fe, me);
            (
                breakpoint_scores(&recency, Better::Lower, &re),
                breakpoint_scores(&frequency, Better::Higher, &fe),
                breakpoint_scores(&monetary_units, Better::Higher, &me),
            )
        }
    };
    Scored { recency, frequency, monetary, monetary_units, r, f, m }
}

/// The segment names, which one (if any) is the map's remainder, each customer's segment and the map's audit.
type Segments = (Vec<(String, Label)>, Option<usize>, Vec<u16>, Audit);

/// The [`Segments`] of the scored customers `s` by `options`' segment map (§5).
fn assign_segments(options: &RfmOptions, s: &Scored) -> Segments {
    match &options.segment_map {
        SegmentMapChoice::Grid(map) => {
            let mut list = map.segments();
            let audit = map.audit();
            let assigned = map.assign(&s.r, &s.f, &s.m, options.bins);
            let remainder = list.len() - 1;
            let other = if audit.uncovered.is_empty() && !assigned.contains(&(remainder as u16)) {
                list.pop(); // the map covers every cell: no customer can be "other"
                None
            } else {
                Some(remainder)
            };
            (list, other, assigned, audit)
        }
        SegmentMapChoice::Cn8(cn8_options) => {
            let assigned = cn8::assign(cn8_options, [&s.r, &s.f, &s.m], [&s.recency, &s.frequency, &s.monetary_units]);
            (cn8::segments(), None, assigned, Audit::default())
        }
    }
}

/// The tier shares (in millionths), the customers ranked by total monetary value and each one's tier (§6).
type Tiers = (Vec<u64>, Vec<u32>, Vec<u8>);

/// The [`Tiers`] of customers with `monetary_total` by `options.tiers`.
fn rank_tiers(options: &RfmOptions, monetary_total: &[Money]) -> Result<Tiers, Error> {
    let shares = validate_shares(&options.tiers)?;
    let bounds = tier_bounds(&shares, monetary_total.len());
    // The frame's customers are in id order (code points), so by position is by id: no id is read (issue 15.6).
    let ranking = rank_by_value(monetary_total, &|a, b| a.cmp(&b), &bounds);
    let tier = assign_tiers(&ranking, &bounds);
    Ok((shares, ranking, tier))
}

/// Each customer's lifecycle stage (§7).
fn stages(options: &RfmOptions, tenure_days: &[i32], recency_days: &[i32]) -> Vec<u8> {
    tenure_days.iter().zip(recency_days).map(|(&tenure, &recency)| options.lifecycle.stage(tenure, recency)).collect()
}

/// The classes of one kind at a frame's date: their names and labels in the result's order, and each scored
/// customer's code and class (in the frame's order). What `campaigns()`' per-class rows read (§16.5).
#[derive(Clone, Debug, PartialEq)]
pub struct ClassesAt {
    /// Name and labels of each class: [`RfmResult::segments`], `tiers` or `lifecycle`, in order.
    pub names: Vec<(String, Label)>,
    /// Each scored customer's code, in customer-id order.
    pub customer: Vec<u32>,
    /// Each one's class, an index into `names`.
    pub class: Vec<u16>,
}

impl ClassesAt {
    /// The classes of `by` in an RFM result.
    pub fn of(result: &RfmResult, by: MigrationBy) -> ClassesAt {
        let c = &result.customers;
        let (names, class) = match by {
            MigrationBy::Segment => {
                (result.segments.iter().map(|s| (s.name.clone(), s.label.clone())).collect(), c.segment.clone())
            }
            MigrationBy::Tier => (
                result.tiers.iter().map(|t| (t.name.clone(), t.label.clone())).collect(),
                c.tier.iter().map(|&t| u16::from(t)).collect(),
            ),
            MigrationBy::Lifecycle => (
                result.lifecycle.iter().map(|l| (l.stage.clone(), l.label.clone())).collect(),
                c.lifecycle.iter().map(|&l| u16::from(l)).collect(),
            ),
        };
        ClassesAt { names, customer: c.customer.clone(), class }
    }
}

/// The classes of `by` on a frame's scored `figures` ([`CustomerFrame::scored_figures`]) with `options`: equal to
/// [`ClassesAt::of`] the [`rfm_on`] result on that frame, computing only what those classes need (segments: the three scores; tiers: the ranking; stages: no sort), for the states
/// at several dates behind `campaigns()`' per-class rows.
pub fn classes_on(
    figures: &ScoredFigures,
    table: &Table,
    options: &RfmOptions,
    by: MigrationBy,
) -> Result<ClassesAt, Error> {
    options.validate()?;
    let analysis_date = figures.analysis_date;
    if figures.customer.is_empty() {
        return Err(Error::new(ErrorKind::NoCustomers { rows_used: table.len() as u64 }));
    }
    let days_since = |days: &[Day]| days.iter().map(|&day| analysis_date.days_since(day)).collect::<Vec<_>>();
    let (names, class) = match by {
        MigrationBy::Segment => {
            let scored = score(options, &days_since(&figures.last_purchase), &figures.orders, &figures.monetary);
            let (list, _, segment, _) = assign_segments(options, &scored);
            (list, segment)
        }
        MigrationBy::Tier => {
            let (shares, _, tier) = rank_tiers(options, &figures.monetary)?;
            let names = tier_names(shares.len()).into_iter().map(|(en, zh)| (en.clone(), Label { en, zh })).collect();
            (names, tier.into_iter().map(u16::from).collect())
        }
        MigrationBy::Lifecycle => {
            let names =
                STAGES.iter().map(|(en, zh)| (en.to_string(), Label { en: en.to_string(), zh: zh.to_string() }));
            let (tenure, recency) = (days_since(&figures.first_purchase), days_since(&figures.last_purchase));
            (names.collect(), stages(options, &tenure, &recency).into_iter().map(u16::from).collect())
        }
    };
    Ok(ClassesAt { names, customer: figures.customer.clone(), class })
}

// Far-future or past analysis date (issue 17, point 7).
/// Share of the rows (in tenths) left out by the analysis date from which [`WarningKind::MostRowsExcluded`] is given.
const MOST_ROWS_TENTHS: u64 = 9;

/// The warnings of an analysis date far from the file's dates: every scored customer Lapsed (`lifecycle` holds
/// each one's stage index, 3 = Lapsed), or 90 % or more of the `rows` excluded as on or after it.
fn analysis_date_warnings(excluded: u64, rows: u64, lifecycle: &[u8], options: &RfmOptions) -> Vec<Warning> {
    let mut warnings = Vec::new();
    if !lifecycle.is_empty() && lifecycle.iter().all(|&stage| stage == 3) {
        let kind =
            WarningKind::AllLapsed { customers: lifecycle.len() as u64, at_risk_days: options.lifecycle.at_risk_days };
        warnings.push(Warning::new(kind, Vec::new()));
    }
    if rows > 0 && excluded * 10 >= rows * MOST_ROWS_TENTHS {
        warnings.push(Warning::new(WarningKind::MostRowsExcluded { excluded, rows }, Vec::new()));
    }
    warnings
}

/// The user's breakpoints as the whole numbers the metrics are held in: days and orders rounded up (a value is
/// a whole number, so `v ≥ 2.5` is `v ≥ 3`), money in 1/10,000 units. Also used by the warehouse SQL
/// ([`crate::analysis::sql`]), so both compare with the same edges.
pub fn breakpoint_edges(recency: &[f64], frequency: &[f64], monetary: &[f64]) -> [Vec<i64>; 3] {
    let whole = |edges: &[f64]| edges.iter().map(|e| e.ceil() as i64).collect::<Vec<_>>();
    let money = monetary.iter().map(|e| (e * UNITS_PER_CURRENCY as f64).round() as i64).collect::<Vec<_>>();
    [whole(recency), whole(frequency), money]
}

/// A warning per metric on which every scored customer has the same value (every score is then the same).
fn tie_warnings(metrics: [(&str, &[i64]); 3]) -> Vec<Warning> {
    metrics
        .iter()
        .filter(|(_, values)| values.windows(2).all(|w| w[0] == w[1]))
        .map(|(name, _)| Warning::new(WarningKind::MetricAllTied { metric: name.to_string() }, Vec::new()))
        .collect()
}

/// `total ÷ frequency` rounded half away from zero to 1/10,000.
fn mean(total: Money, frequency: u32) -> Money {
    let n = i64::from(frequency.max(1));
    let (q, rem) = (total.0 / n, total.0 % n);
    Money(if 2 * rem.abs() >= n { q + total.0.signum() } else { q })
}
