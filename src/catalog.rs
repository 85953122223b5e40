//! What the module knows, as data (`catalog()` in JavaScript): the option defaults, every preset segment map in
//! the shape `RfmOptions.segmentMap` accepts, the labels of tiers, lifecycle stages and computed dimensions, every
//! error, warning and option-rule code with its parameter names, the skip reasons, and the roles a file's columns
//! can play with their header synonyms. Each is read from the core's own definitions, so the page and its tests
//! read the facts here instead of keeping copies.
//!
//! The names of option values (`"rank"`, `"mean"`, `"previous"`…) are defined here too, once: the binding's
//! option reader accepts exactly these.

use crate::analysis::campaigns::{CampaignOptions, CONFIDENCE_LEVELS, GROSS_CAUTION, PROSPECT, PROSPECT_LABEL};
use crate::analysis::clv::{ClvOptions, TimeUnit, MIN_CUSTOMERS_FLOOR};
use crate::analysis::cohorts::{ChurnRiskMethod, CohortOptions, COHORT_PERIODS};
use crate::analysis::compare::{Baseline, CompareOptions, COMPUTED_DIMENSIONS};
use crate::analysis::migration::{MigrationBy, DEFAULT_DAYS_BETWEEN, NEW, NONE};
use crate::analysis::period::Period;
use crate::analysis::profile::{
    ProfileRows, BLANK, DEFAULT_AGE_BANDS, DEFAULT_PROFILE_TOP, DEFAULT_SUPPRESS_BELOW, DERIVED_ATTRIBUTES, MAX_AGE,
    OTHER, PROFILE_ROWS,
};
use crate::analysis::rfm::cn8;
use crate::analysis::rfm::lifecycle::STAGES;
use crate::analysis::rfm::segments::{Axes, CellBox, GridMap, Label};
use crate::analysis::rfm::tiers::tier_names;
use crate::analysis::rfm::{Cn8Compare, Cn8Options, MonetaryMode, RfmOptions, ScoringMethod, SegmentMapChoice};
use crate::analysis::trend::TrendOptions;
use crate::date::{DateOrder, Day};
use crate::error::{ErrorKind, OptionRule, ValueType, WarningKind};
use crate::ingest::{FileKind, SkipReason};
// platforms (issue 12)
use crate::ingest::{Platform, NOT_SOLD_STATUSES, PLATFORMS, SOLD_STATUSES, SYNONYM_LANGUAGES};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

// hostile input (issue 18): bounds as data.
/// The module's bounds on input and options, listed by `catalog().limits`; each is refused with a coded error
/// whose `details.limit` is the value here (`too_large`, `too_many` or `invalid_option`), before the work.
pub mod limits {
    /// Bytes of one input file (`maxBytes` can lower it, not raise it; a `totalBytes` over it is refused at once).
    pub const INPUT_BYTES: u64 = crate::ingest::DEFAULT_MAX_BYTES;
    /// Bytes of a declared `totalBytes` for which the columns are sized in advance; past them they grow as rows
    /// arrive, so a size declared but never sent cannot hold memory for good.
    pub const RESERVED_INPUT_BYTES: u64 = 16 << 20;
    /// Columns of a header (CSV or sheet), as Excel's A to XFD.
    pub const HEADER_COLUMNS: usize = 16_384;
    /// Bytes read to find the header row (past the usual 128 KiB sample when the first line is longer, or blank
    /// lines come first); no header row by then is `no_header`.
    pub const FIRST_LINE_BYTES: u64 = 1 << 20;
    /// Cells with a value in one sheet (counted from the sheet's real cells, not its declared dimensions).
    pub const SHEET_CELLS: usize = 10_000_000;
    /// Uncompressed bytes of a workbook's parts, shared-string text copied into cells included.
    pub const WORKBOOK_BYTES: u64 = 512 << 20;
    /// Rules of a user's segment map (a 10-score map has at most 1,000 cells to name).
    pub const SEGMENT_MAP_RULES: usize = 1_000;
    /// Cell boxes of a user's segment map, all rules together (each is checked against every score cell).
    pub const SEGMENT_MAP_CELLS: usize = 10_000;
    /// Tiers of `rfm({ tiers })`.
    pub const TIERS: usize = 10;
    /// Items of any other list in the options (breakpoints, cells of a rule).
    pub const OPTION_LIST_ITEMS: usize = 100_000;

    /// Every limit by its name in `catalog().limits`.
    pub const ALL: [(&str, u64); 10] = [
        ("inputBytes", INPUT_BYTES),
        ("reservedInputBytes", RESERVED_INPUT_BYTES),
        ("headerColumns", HEADER_COLUMNS as u64),
        ("firstLineBytes", FIRST_LINE_BYTES),
        ("sheetCells", SHEET_CELLS as u64),
        ("workbookBytes", WORKBOOK_BYTES),
        ("segmentMapRules", SEGMENT_MAP_RULES as u64),
        ("segmentMapCells", SEGMENT_MAP_CELLS as u64),
        ("tiers", TIERS as u64),
        ("optionListItems", OPTION_LIST_ITEMS as u64),
    ];
}

/// `method` names (a breakpoints object is the third form).
pub const METHODS: &[(&str, ScoringMethod)] = &[("rank", ScoringMethod::Rank), ("quantile", ScoringMethod::Quantile)];
/// `monetary` names.
pub const MONETARY_MODES: [(&str, MonetaryMode); 2] = [("total", MonetaryMode::Total), ("mean", MonetaryMode::Mean)];
/// `cn8.compare` names (fixed values are the third form).
pub const CN8_COMPARES: &[(&str, Cn8Compare)] = &[("mean", Cn8Compare::Mean), ("median", Cn8Compare::Median)];
/// `cn8.on` names: whether raw metrics are compared instead of scores.
pub const CN8_ON: [(&str, bool); 2] = [("scores", false), ("raw", true)];
/// `segmentMap.axes` names.
pub const AXES: [(&str, Axes); 2] = [("rfm", Axes::Rfm), ("r-fm", Axes::RFm)];
/// `period.vs` names of `compare()`.
pub const BASELINES: [(&str, Baseline); 2] = [("previous", Baseline::Previous), ("year", Baseline::Year)];
/// `dateOrder` names.
pub const DATE_ORDERS: [(&str, DateOrder); 3] =
    [("ymd", DateOrder::Ymd), ("mdy", DateOrder::Mdy), ("dmy", DateOrder::Dmy)];
/// `lang` names of `exportCustomers()`: whether the labels are the Chinese ones.
pub const EXPORT_LANGUAGES: [(&str, bool); 3] = [("en", false), ("zh", true), ("zh-CN", true)];
/// `format` names of `exportCustomers()`.
pub const EXPORT_FORMATS: [&str; 1] = ["csv"];
/// The window the page proposes for a period comparison, in days. (The core has none: a period is optional.)
pub const DEFAULT_PERIOD_DAYS: u32 = 365;

/// Display names of the computed dimensions of `compare({ by })`, by name.
const COMPUTED_DIMENSION_LABELS: [(&str, &str, &str); 3] = [
    ("segment", "Segment", "分群"),
    ("tier", "Value tier", "价值层级"),
    ("lifecycle", "Lifecycle stage", "生命周期阶段"),
];

/// The name of `value` in a table of names.
pub fn name_of<T: PartialEq>(names: &[(&'static str, T)], value: &T) -> Option<&'static str> {
    names.iter().find(|(_, v)| v == value).map(|(name, _)| *name)
}

/// The value named `name` in a table of names.
pub fn named<T: Clone>(names: &[(&str, T)], name: &str) -> Option<T> {
    names.iter().find(|(n, _)| *n == name).map(|(_, v)| v.clone())
}

/// The names of a table of names.
pub fn names<T>(names: &[(&str, T)]) -> Vec<String> {
    names.iter().map(|(name, _)| name.to_string()).collect()
}

/// A JSON value. The catalog is built as one tree rather than as typed structs with derived `Serialize`: in the
/// WebAssembly module those cost ≈8 KB gzipped of serialization code, the tree a fraction.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number (whole numbers serialize as integers).
    Number(f64),
    /// A string.
    Text(String),
    /// An array.
    List(Vec<Json>),
    /// An object, keys in order.
    Object(Vec<(String, Json)>),
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Null => serializer.serialize_unit(),
            Json::Bool(b) => serializer.serialize_bool(*b),
            Json::Number(n) if n.fract() == 0.0 && n.abs() < 9e15 => serializer.serialize_i64(*n as i64),
            Json::Number(n) => serializer.serialize_f64(*n),
            Json::Text(t) => serializer.serialize_str(t),
            Json::List(items) => serializer.collect_seq(items),
            Json::Object(fields) => {
                let mut map = serializer.serialize_map(Some(fields.len()))?;
                for (key, value) in fields {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

#[inline(never)]
fn object(fields: Vec<(&str, Json)>) -> Json {
    Json::Object(fields.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

#[inline(never)]
fn text(value: &str) -> Json {
    Json::Text(value.to_string())
}

#[inline(never)]
fn number(value: impl Into<f64>) -> Json {
    Json::Number(value.into())
}

#[inline(never)]
fn texts<'a>(items: impl IntoIterator<Item = &'a str>) -> Json {
    Json::List(items.into_iter().map(text).collect())
}

/// `{ en, zh }`.
#[inline(never)]
fn label(label: &Label) -> Json {
    object(vec![("en", text(&label.en)), ("zh", text(&label.zh))])
}

/// `{ name, label }`.
#[inline(never)]
fn named_label(name: &str, en: &str, zh: &str) -> Json {
    object(vec![("name", text(name)), ("label", object(vec![("en", text(en)), ("zh", text(zh))]))])
}

/// `{ code, params }` (or `{ rule, params }`).
#[inline(never)]
fn code(key: &str, code: &str, params: &[&str]) -> Json {
    object(vec![(key, text(code)), ("params", texts(params.iter().copied()))])
}

/// One example of every error kind, in the catalog's order. (Statics, so the module holds them as data instead of
/// code that builds and drops them.)
static ERROR_EXAMPLES: [ErrorKind; 25] = [
    ErrorKind::EmptyFile,
    ErrorKind::NoRows { headers: Vec::new() },
    ErrorKind::NotText { looks_like: String::new() },
    ErrorKind::MissingRole { kind: String::new(), roles: Vec::new(), headers: Vec::new(), candidates: Vec::new() },
    ErrorKind::UnknownColumn { option: String::new(), column: String::new(), columns: Vec::new() },
    ErrorKind::InvalidOption { option: String::new(), rule: OptionRule::Condition, reason: String::new() },
    ErrorKind::TooLarge { bytes: 0, limit: 0, what: String::new() },
    ErrorKind::NoCustomers { rows_used: 0 },
    ErrorKind::InvalidState { action: String::new() },
    ErrorKind::ClvTooFewCustomers { found: 0, needed: 0 },
    ErrorKind::ClvTooFewRepeatCustomers { model: String::new(), found: 0, needed: 0 },
    ErrorKind::ClvDegenerateFit { model: String::new(), parameter: String::new(), value: 0.0 },
    ErrorKind::ClvNotConverged { model: String::new(), evaluations: 0, gradient: 0.0 },
    ErrorKind::ClvNumeric { quantity: String::new(), terms: 0 },
    ErrorKind::ChurnNoRepeatPurchases { customers: 0 },
    ErrorKind::AmountOverflow { limit: 0 },
    // Campaign evaluation (§16).
    ErrorKind::CampaignNoContacts { rows_read: 0, skipped: 0, conflicting: 0 },
    // products (§15, §17)
    ErrorKind::AffinityNeedsProduct { level: String::new(), columns: Vec::new() },
    ErrorKind::GrowthNeedsBusiness { columns: Vec::new() },
    // platforms (issue 12)
    ErrorKind::UnusableColumn {
        role: String::new(),
        column: String::new(),
        reason: String::new(),
        rows: 0,
        headers: Vec::new(),
    },
    // hostile input (issue 18)
    ErrorKind::NoHeader { limit: 0 },
    ErrorKind::TooManyColumns { columns: 0, limit: 0 },
    ErrorKind::TooManyCells { cells: 0, limit: 0 },
    // platforms2 (issue 12)
    ErrorKind::DateWithoutYear { column: String::new(), example: String::new() },
    // split (issue 17.13)
    ErrorKind::NeedsFullModule { needs: String::new() },
];

/// One example of every warning kind.
static WARNING_EXAMPLES: [WarningKind; 16] = [
    WarningKind::AmbiguousDateOrder { column: None },
    WarningKind::UnreadableQuantity { rows: 0 },
    WarningKind::UndecodableBytes { rows: 0 },
    WarningKind::MetricAllTied { metric: String::new() },
    WarningKind::UnreadableValue { column: String::new(), expected: String::new(), rows: 0 },
    WarningKind::BadFlag { columns: Vec::new(), rows: 0 },
    WarningKind::ClvRidge { model: String::new(), parameters: Vec::new() },
    WarningKind::GgDependence { correlation: 0.0 },
    WarningKind::UnterminatedQuote { line: 0, lines: 0 },
    // Campaign evaluation (§16.2).
    WarningKind::WindowIncomplete { campaign: String::new(), window_end: Day(0), analysis_date: Day(0) },
    // Customer attributes (§14.2):
    WarningKind::BadAge { rows: 0 },
    // Far-future or past analysis date (issue 17, point 7).
    WarningKind::AllLapsed { customers: 0, at_risk_days: 0 },
    WarningKind::MostRowsExcluded { excluded: 0, rows: 0 },
    // Currency detection (issue 17, point 9).
    WarningKind::MixedCurrencies { currencies: Vec::new(), rows: Vec::new() },
    // products (§17)
    WarningKind::GrowthNoHistory { window_from: Day(0), first_date: Day(0) },
    // platforms (issue 12)
    WarningKind::LowConfidenceMapping { role: String::new(), column: String::new(), confidence: 0.0 },
];

/// One example of every option rule.
static RULE_EXAMPLES: [OptionRule; 10] = [
    OptionRule::UnknownField { allowed: Vec::new() },
    OptionRule::Type { expected: Vec::new() },
    OptionRule::Required,
    OptionRule::WholeNumberRange { min: 0, max: None },
    OptionRule::WholeNumberPair { min: 0, max: 0 },
    OptionRule::OneOf { allowed: Vec::new() },
    OptionRule::Date,
    OptionRule::OneCharacter,
    OptionRule::Condition,
    OptionRule::MaxItems { limit: 0 },
];

/// One example of every error kind, in the catalog's order.
fn error_examples() -> &'static [ErrorKind] {
    &ERROR_EXAMPLES
}

/// One example of every warning kind.
fn warning_examples() -> &'static [WarningKind] {
    &WARNING_EXAMPLES
}

/// One example of every option rule.
fn rule_examples() -> &'static [OptionRule] {
    &RULE_EXAMPLES
}

// platforms (issue 12): the export layouts the loader recognises.
/// A platform's layout: `{ id, name, kind, evidence, signature, roles: { order: ["name"], amount: [] … }, notSold }`
/// (headers as compared; an empty list: the export has no column for the role).
fn platform_data(platform: &Platform) -> Json {
    object(vec![
        ("id", text(platform.id)),
        ("name", text(platform.name)),
        ("kind", text(platform.kind.name())),
        ("evidence", text(platform.evidence.name())),
        ("signature", texts(platform.signature.iter().copied())),
        (
            "roles",
            Json::Object(
                platform
                    .roles
                    .iter()
                    .map(|(role, headers)| (role.name().to_string(), texts(headers.iter().copied())))
                    .collect(),
            ),
        ),
        ("notSold", texts(platform.not_sold.iter().copied())),
        // platforms2 (issue 12): rows summing up an order's lines, by column: `{ linetype: ["sale"] }`.
        (
            "summaryRows",
            Json::Object(
                platform
                    .summary_rows
                    .iter()
                    .map(|(column, values)| (column.to_string(), texts(values.iter().copied())))
                    .collect(),
            ),
        ),
    ])
}

/// A grid map in the JSON shape of a user's `segmentMap`; `m` is left out where any M matches (and always with
/// R and FM axes, which ignore it).
#[inline(never)]
fn map_data(map: &GridMap) -> Json {
    let pair = |range: [u8; 2]| Json::List(vec![number(range[0]), number(range[1])]);
    let any_m = |b: &CellBox| map.axes == Axes::RFm || (b.m[0] <= 1 && b.m[1] >= map.scale);
    let rules = map.rules.iter().map(|rule| {
        let cells = rule.cells.iter().map(|b| {
            let mut cell = vec![("r", pair(b.r)), ("f", pair(b.f))];
            if !any_m(b) {
                cell.push(("m", pair(b.m)));
            }
            object(cell)
        });
        object(vec![
            ("segment", text(&rule.segment)),
            ("label", rule.label.as_ref().map_or(Json::Null, label)),
            ("cells", Json::List(cells.collect())),
        ])
    });
    object(vec![
        ("name", text(&map.name)),
        ("axes", text(name_of(&AXES, &map.axes).unwrap_or_default())),
        ("scale", number(map.scale)),
        ("rescale", Json::Bool(map.rescale)),
        ("rules", Json::List(rules.collect())),
        ("other", label(&map.other)),
    ])
}

/// `{ name, bins, fixedBins, map, labels, other }` of a preset.
#[inline(never)]
fn preset(name: &str, default_bins: u8) -> Json {
    let (bins, fixed_bins, map, mut segments, other) = match SegmentMapChoice::preset(name) {
        Some(SegmentMapChoice::Grid(map)) => {
            let mut segments = map.segments();
            segments.pop(); // the other segment, listed apart
            (map.scale, !map.rescale, map_data(&map), segments, label(&map.other))
        }
        _ => (default_bins, false, Json::Null, cn8::segments(), Json::Null),
    };
    let labels = Json::Object(segments.drain(..).map(|(name, l)| (name, label(&l))).collect());
    object(vec![
        ("name", text(name)),
        ("bins", number(bins)),
        ("fixedBins", Json::Bool(fixed_bins)),
        ("map", map),
        ("labels", labels),
        ("other", other),
    ])
}

/// `campaigns`: the defaults of `campaigns()` (§16.6), the confidence levels offered, the class kinds of `by`, the
/// prospect class with its labels, and the caution that goes with a gross ROI.
fn campaign_defaults() -> (&'static str, Json) {
    let options = CampaignOptions::default();
    let (prospect_en, prospect_zh) = PROSPECT_LABEL;
    let (caution_en, caution_zh) = GROSS_CAUTION;
    (
        "campaigns",
        object(vec![
            ("windowDays", number(options.window_days)),
            ("confidence", number(options.confidence)),
            ("confidences", Json::List(CONFIDENCE_LEVELS.iter().map(|(level, _)| number(*level)).collect())),
            ("costPerContact", number(options.cost_per_contact.to_f64())),
            ("fixedCost", number(options.fixed_cost.to_f64())),
            ("margin", number(options.margin)),
            ("by", options.by.map_or(Json::Null, |by| text(by.name()))),
            ("bys", texts(MigrationBy::ALL.iter().map(|b| b.name()))),
            ("prospect", named_label(PROSPECT, prospect_en, prospect_zh)),
            ("grossCaution", object(vec![("en", text(caution_en)), ("zh", text(caution_zh))])),
        ]),
    )
}

/// The catalog: `{ version, defaults: { rfm, compare, clv, trend, cohorts, migration, campaigns }, presets, tiers, stages, computedDimensions, errors,
// products: affinity() and growthMatrix() (§15, §17)
/// `defaults.affinity`: the options' defaults, the largest `top`, the levels and baskets.
fn affinity_defaults() -> Json {
    use crate::analysis::affinity::{AffinityLevel, AffinityOptions, BasketKind, MAX_TOP};
    let options = AffinityOptions::default();
    object(vec![
        ("top", number(options.top as f64)),
        ("maxTop", number(MAX_TOP as f64)),
        ("minSupport", number(options.min_support)),
        ("minCount", number(options.min_count as f64)),
        ("maxPairs", number(options.max_pairs as f64)),
        ("perClass", number(options.recommend.per_class as f64)),
        ("levels", texts(AffinityLevel::ALL.iter().map(|l| l.name()))),
        ("baskets", texts(BasketKind::ALL.iter().map(|b| b.name()))),
    ])
}

/// `defaults.growth`: the period, the top groups of `by`, and the quadrants with their labels.
fn growth_defaults() -> Json {
    use crate::analysis::growth::{GrowthOptions, QUADRANTS};
    let options = GrowthOptions::default();
    let quadrants = QUADRANTS.iter().map(|&(customers, business, en, zh)| {
        object(vec![
            ("customers", text(customers)),
            ("business", text(business)),
            ("label", object(vec![("en", text(en)), ("zh", text(zh))])),
        ])
    });
    object(vec![
        ("periodDays", number(options.period_days)),
        ("top", number(options.top as f64)),
        ("quadrants", Json::List(quadrants.collect())),
    ])
}

/// The catalog: `{ version, defaults: { rfm, compare, clv, trend, cohorts, migration }, presets, tiers, stages, computedDimensions, errors,
/// warnings, optionRules, valueTypes, skipReasons, roles: { orders, customers, campaigns } }` (the module's
/// `types.d.ts` spells out every field).
pub fn catalog() -> Json {
    let rfm = RfmOptions::default();
    let cn8 = Cn8Options::default();
    let compare = CompareOptions::default();
    let segment_map = match &rfm.segment_map {
        SegmentMapChoice::Grid(map) => map.name.clone(),
        SegmentMapChoice::Cn8(_) => "cn-8".to_string(),
    };
    let lifecycle = &rfm.lifecycle;
    let clv = ClvOptions::new(Day(0));
    let cohorts = CohortOptions::default();
    let risk = &cohorts.churn_risk;
    let defaults = object(vec![
        (
            "rfm",
            object(vec![
                ("bins", number(rfm.bins)),
                ("method", text(name_of(METHODS, &rfm.method).unwrap_or_default())),
                ("monetary", text(name_of(&MONETARY_MODES, &rfm.monetary).unwrap_or_default())),
                ("segmentMap", Json::Text(segment_map)),
                ("tiers", Json::List(rfm.tiers.iter().map(|&share| number(share)).collect())),
                (
                    "lifecycle",
                    object(vec![
                        ("newDays", number(lifecycle.new_days)),
                        ("activeDays", number(lifecycle.active_days)),
                        ("atRiskDays", number(lifecycle.at_risk_days)),
                    ]),
                ),
                (
                    "cn8",
                    object(vec![
                        ("compare", text(name_of(CN8_COMPARES, &cn8.compare).unwrap_or_default())),
                        ("on", text(name_of(&CN8_ON, &cn8.raw).unwrap_or_default())),
                    ]),
                ),
            ]),
        ),
        (
            "compare",
            object(vec![
                ("top", number(compare.top as f64)),
                ("periodDays", number(DEFAULT_PERIOD_DAYS)),
                ("vs", text(name_of(&BASELINES, &Baseline::default()).unwrap_or_default())),
            ]),
        ),
        (
            "clv",
            object(vec![
                ("timeUnit", text(clv.time_unit.name())),
                ("timeUnits", texts(TimeUnit::ALL.iter().map(|unit| unit.name()))),
                (
                    "horizon",
                    object(TimeUnit::ALL.iter().map(|unit| (unit.name(), number(unit.default_horizon()))).collect()),
                ),
                (
                    "clv",
                    object(vec![
                        ("months", number(clv.clv.months)),
                        ("discountRate", number(clv.clv.discount_rate)),
                        ("margin", number(clv.clv.margin)),
                    ]),
                ),
                ("minCustomers", number(clv.min_customers)),
                ("minRepeatCustomers", number(clv.min_repeat_customers)),
                ("minCustomersFloor", number(MIN_CUSTOMERS_FLOOR)),
            ]),
        ),
        (
            "trend",
            object(vec![
                ("period", text(TrendOptions::default().period.name())),
                ("periods", texts(Period::ALL.iter().map(|p| p.name()))),
            ]),
        ),
        (
            "cohorts",
            object(vec![
                ("period", text(cohorts.period.name())),
                ("periods", texts(COHORT_PERIODS.iter().map(|p| p.name()))),
                ("atRiskDays", number(cohorts.churn_threshold_days())),
                (
                    "churnRisk",
                    object(vec![
                        ("method", text(risk.method.name())),
                        ("methods", texts(ChurnRiskMethod::ALL.iter().map(|m| m.name()))),
                        ("multiple", number(risk.multiple)),
                        ("minGaps", number(risk.min_gaps)),
                        ("threshold", number(risk.threshold)),
                    ]),
                ),
            ]),
        ),
        (
            "migration",
            object(vec![
                ("by", text(MigrationBy::default().name())),
                ("bys", texts(MigrationBy::ALL.iter().map(|b| b.name()))),
                ("daysBetween", number(DEFAULT_DAYS_BETWEEN)),
                ("lookbackDays", Json::Null),
                ("new", text(NEW)),
                ("none", text(NONE)),
            ]),
        ),
        // Campaign evaluation (§16).
        campaign_defaults(),
        // Customer attributes (§14): profile defaults and the derived attributes.
        (
            "profile",
            object(vec![
                ("rows", text(ProfileRows::default().name())),
                ("rowsOptions", texts(PROFILE_ROWS.iter().map(|(name, _)| *name))),
                ("ageBands", Json::List(DEFAULT_AGE_BANDS.iter().map(|&e| number(e)).collect())),
                ("maxAge", number(MAX_AGE)),
                ("top", number(DEFAULT_PROFILE_TOP as f64)),
                ("suppressBelow", number(DEFAULT_SUPPRESS_BELOW as f64)),
                ("attributes", texts(DERIVED_ATTRIBUTES.iter().copied())),
                ("blank", text(BLANK)),
                ("other", text(OTHER)),
            ]),
        ),
        // products: affinity() and growthMatrix() (§15, §17)
        ("affinity", affinity_defaults()),
        ("growth", growth_defaults()),
    ]);
    let roles_of = |kind: FileKind| {
        let specs = kind.roles().iter().map(|spec| {
            let mut unique: Vec<&str> = Vec::with_capacity(spec.synonyms.len());
            for synonym in spec.synonyms {
                if !unique.contains(synonym) {
                    unique.push(synonym);
                }
            }
            // platforms (issue 12): the synonyms by language (`en`: those of no other language).
            let of = |list: &[&str]| texts(unique.iter().copied().filter(|s| list.contains(s)));
            let mut languages: Vec<(String, Json)> = vec![(
                "en".to_string(),
                texts(unique.iter().copied().filter(|s| SYNONYM_LANGUAGES.iter().all(|(_, list)| !list.contains(s)))),
            )];
            languages.extend(SYNONYM_LANGUAGES.iter().map(|(language, list)| (language.to_string(), of(list))));
            object(vec![
                ("role", text(spec.role.name())),
                ("required", Json::Bool(spec.required)),
                ("alternative", texts(spec.unless.iter().map(|r| r.name()))),
                ("synonyms", texts(unique.iter().copied())),
                ("languages", Json::Object(languages)),
            ])
        });
        (kind.name(), Json::List(specs.collect()))
    };
    let dimension = |name: &&str| {
        let (en, zh) = COMPUTED_DIMENSION_LABELS
            .iter()
            .find(|(n, _, _)| n == name)
            .map_or((*name, *name), |(_, en, zh)| (*en, *zh));
        named_label(name, en, zh)
    };
    object(vec![
        ("version", text(env!("CARGO_PKG_VERSION"))),
        ("defaults", defaults),
        ("presets", Json::List(SegmentMapChoice::PRESETS.iter().map(|name| preset(name, rfm.bins)).collect())),
        ("tiers", Json::List(tier_names(rfm.tiers.len()).iter().map(|(en, zh)| named_label(en, en, zh)).collect())),
        ("stages", Json::List(STAGES.iter().map(|(en, zh)| named_label(en, en, zh)).collect())),
        ("computedDimensions", Json::List(COMPUTED_DIMENSIONS.iter().map(dimension).collect())),
        ("errors", Json::List(error_examples().iter().map(|k| code("code", k.code(), k.params())).collect())),
        ("warnings", Json::List(warning_examples().iter().map(|k| code("code", k.code(), k.params())).collect())),
        ("optionRules", Json::List(rule_examples().iter().map(|r| code("rule", r.code(), r.params())).collect())),
        ("valueTypes", texts(ValueType::ALL.iter().map(|t| t.name()))),
        ("skipReasons", texts(SkipReason::ALL.iter().map(|r| r.code()))),
        ("roles", object(FileKind::ALL.iter().map(|&kind| roles_of(kind)).collect())),
        // platforms (issue 12)
        ("platforms", Json::List(PLATFORMS.iter().map(platform_data).collect())),
        (
            "statuses",
            object(vec![
                ("notSold", texts(NOT_SOLD_STATUSES.iter().copied())),
                ("sold", texts(SOLD_STATUSES.iter().copied())),
            ]),
        ),
        // hostile input (issue 18): bounds as data
        ("limits", object(limits::ALL.iter().map(|&(name, limit)| (name, Json::Number(limit as f64))).collect())),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rfm::rfm;
    use crate::analysis::rfm::segments::Rule;
    use crate::error::Error;
    use crate::ingest::{load, LoadOptions};
    use serde_json::{json, Value};

    fn catalog_json() -> Value {
        serde_json::to_value(catalog()).unwrap()
    }

    #[test]
    fn defaults_are_the_cores() {
        let mut c = catalog_json();
        // products: affinity() and growthMatrix() defaults, checked in their own test.
        let defaults = c["defaults"].as_object_mut().unwrap();
        assert!(defaults.remove("affinity").is_some() && defaults.remove("growth").is_some());
        assert_eq!(
            c["defaults"],
            json!({
                "rfm": { "bins": 5, "method": "rank", "monetary": "total", "segmentMap": "rfm-11",
                         "tiers": [0.01, 0.04, 0.15, 0.8],
                         "lifecycle": { "newDays": 30, "activeDays": 90, "atRiskDays": 180 },
                         "cn8": { "compare": "mean", "on": "scores" } },
                "compare": { "top": 20, "periodDays": 365, "vs": "previous" },
                "clv": { "timeUnit": "week", "timeUnits": ["week", "day", "month"],
                         "horizon": { "week": 52, "day": 365, "month": 12 },
                         "clv": { "months": 12, "discountRate": 0.01, "margin": 1 },
                         "minCustomers": 100, "minRepeatCustomers": 30, "minCustomersFloor": 10 },
                "trend": { "period": "month", "periods": ["month", "week", "day"] },
                "cohorts": { "period": "month", "periods": ["month", "week"], "atRiskDays": 180,
                             "churnRisk": { "method": "gap", "methods": ["gap", "pAlive"], "multiple": 2,
                                            "minGaps": 2, "threshold": 0.5 } },
                "migration": { "by": "segment", "bys": ["segment", "tier", "lifecycle"], "daysBetween": 90,
                               "lookbackDays": null, "new": "new", "none": "none" },
                "campaigns": { "windowDays": 30, "confidence": 0.95, "confidences": [0.9, 0.95, 0.99],
                               "costPerContact": 0, "fixedCost": 0, "margin": 1, "by": "segment",
                               "bys": ["segment", "tier", "lifecycle"],
                               "prospect": { "name": "(prospect)", "label": { "en": "Prospect", "zh": "潜在客户" } },
                               "grossCaution": {
                                   "en": "No control group: counts all sales of contacted customers, not only what the campaign caused",
                                   "zh": "无对照组:计入了被触达客户的全部销售,而不仅是活动带来的增量" } },
                "profile": { "rows": "segment", "rowsOptions": ["segment", "tier", "lifecycle"],
                             "ageBands": [25, 35, 45, 55, 65], "maxAge": 120, "top": 20, "suppressBelow": 0,
                             "attributes": ["ageBand", "gender"], "blank": "(blank)", "other": "Other" }
            })
        );
        let names: Vec<&str> = c["presets"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
        assert_eq!(names, SegmentMapChoice::PRESETS);
        assert!(names.contains(&c["defaults"]["rfm"]["segmentMap"].as_str().unwrap()));
    }

    // products: affinity() and growthMatrix() (§15, §17)
    #[test]
    fn affinity_and_growth_defaults_are_the_cores() {
        let c = catalog_json();
        assert_eq!(
            c["defaults"]["affinity"],
            json!({ "top": 200, "maxTop": 2000, "minSupport": 0.01, "minCount": 2, "maxPairs": 100, "perClass": 5,
                    "levels": ["product", "category"], "baskets": ["order", "day", "customer"] })
        );
        let growth = &c["defaults"]["growth"];
        assert_eq!((growth["periodDays"].clone(), growth["top"].clone()), (json!(365), json!(20)));
        let quadrants = growth["quadrants"].as_array().unwrap();
        let axes: Vec<(&str, &str)> =
            quadrants.iter().map(|q| (q["customers"].as_str().unwrap(), q["business"].as_str().unwrap())).collect();
        assert_eq!(axes, [("existing", "existing"), ("existing", "new"), ("new", "existing"), ("new", "new")]);
        assert_eq!(quadrants[2]["label"], json!({ "en": "Acquisition", "zh": "新客户 × 现有业务:客户获取" }));
    }

    /// The user-map reading of a preset's data, as `rfm({ segmentMap })` would get it: read back into a
    /// [`GridMap`] field by field from the JSON.
    fn grid_from_json(map: &Value) -> GridMap {
        let pair = |v: &Value| [v[0].as_u64().unwrap() as u8, v[1].as_u64().unwrap() as u8];
        let label = |v: &Value| Label { en: v["en"].as_str().unwrap().into(), zh: v["zh"].as_str().unwrap().into() };
        GridMap {
            name: map["name"].as_str().unwrap().into(),
            axes: named(&AXES, map["axes"].as_str().unwrap()).unwrap(),
            scale: map["scale"].as_u64().unwrap() as u8,
            rescale: map["rescale"].as_bool().unwrap(),
            rules: map["rules"]
                .as_array()
                .unwrap()
                .iter()
                .map(|rule| Rule {
                    segment: rule["segment"].as_str().unwrap().into(),
                    label: Some(label(&rule["label"])),
                    cells: rule["cells"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|cell| CellBox {
                            r: pair(&cell["r"]),
                            f: pair(&cell["f"]),
                            m: if cell.get("m").is_some() { pair(&cell["m"]) } else { [1, u8::MAX] },
                        })
                        .collect(),
                })
                .collect(),
            other: label(&map["other"]),
        }
    }

    #[test]
    fn every_grid_preset_as_data_segments_like_the_preset() {
        // 4 × 4 × 4 customers spread over every R, F, M combination on B = 4 and 5 (scores come from the data).
        let mut csv = String::from("customer,date,amount\n");
        for c in 0..125u32 {
            let (r, f, m) = (c % 5, c / 5 % 5, c / 25);
            for order in 0..=f {
                let day = 1 + r * 5 + order;
                csv.push_str(&format!("C{c:03},2024-01-{day:02},{}.{order}\n", 10 + m * 20));
            }
        }
        let table = load(csv.as_bytes(), &LoadOptions::default()).unwrap().table;
        let c = catalog_json();
        let mut grids = 0;
        for preset in c["presets"].as_array().unwrap() {
            let name = preset["name"].as_str().unwrap();
            if preset["map"].is_null() {
                assert_eq!(name, "cn-8");
                continue;
            }
            grids += 1;
            let bins = preset["bins"].as_u64().unwrap() as u8;
            let options = |segment_map| RfmOptions { bins, segment_map, ..RfmOptions::default() };
            let by_name = rfm(&table, &options(SegmentMapChoice::preset(name).unwrap())).unwrap();
            let map = grid_from_json(&preset["map"]);
            let by_data = rfm(&table, &options(SegmentMapChoice::Grid(map))).unwrap();
            assert_eq!(by_data.segments, by_name.segments, "{name}");
            assert_eq!(by_data.customers.segment, by_name.customers.segment, "{name}");
            assert_eq!(by_data.audit, by_name.audit, "{name}");
            assert!(by_name.segments.iter().filter(|s| s.customers > 0).count() >= 4, "{name}: a telling test");
            // The labels name every segment of the map but its other segment (in map order: see the wasm test).
            let labels: Vec<&String> = preset["labels"].as_object().unwrap().keys().collect();
            let mut segments: Vec<String> =
                grid_from_json(&preset["map"]).segments().into_iter().map(|(name, _)| name).collect();
            segments.pop();
            segments.sort();
            assert_eq!(labels, segments.iter().collect::<Vec<_>>(), "{name}");
        }
        assert_eq!(grids, 4);
        let cn8 = &c["presets"][1];
        assert_eq!(cn8["labels"]["Important Value"], json!({ "en": "Important Value", "zh": "重要价值客户" }));
        assert_eq!(cn8["other"], json!(null));
        // pymc-5 is written for B = 4 only; rfm-11 rescales to any B.
        let pymc = c["presets"].as_array().unwrap().iter().find(|p| p["name"] == "pymc-5").unwrap();
        assert_eq!((pymc["bins"].clone(), pymc["fixedBins"].clone()), (json!(4), json!(true)));
        assert_eq!(c["presets"][0]["fixedBins"], json!(false));
        // R and FM maps leave out m, which they ignore.
        assert_eq!(c["presets"][0]["map"]["rules"][0]["cells"][0], json!({ "r": [5, 5], "f": [5, 5] }));
    }

    #[test]
    fn labels_of_tiers_stages_and_dimensions() {
        let c = catalog_json();
        assert_eq!(c["tiers"][0], json!({ "name": "VIP", "label": { "en": "VIP", "zh": "贵宾客户" } }));
        assert_eq!(c["tiers"].as_array().unwrap().len(), RfmOptions::default().tiers.len());
        let stages: Vec<&str> = c["stages"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
        assert_eq!(stages, STAGES.map(|(en, _)| en));
        for (i, name) in COMPUTED_DIMENSIONS.iter().enumerate() {
            let dimension = &c["computedDimensions"][i];
            assert_eq!(dimension["name"], json!(name));
            assert_ne!(dimension["label"]["en"], json!(name), "{name} has a label of its own");
        }
    }

    #[test]
    fn every_error_warning_and_rule_is_listed_with_the_keys_of_its_details() {
        // Adding a variant breaks these matches until it is listed in the examples (and so in the catalog).
        let mut errors = [false; 25];
        for kind in error_examples() {
            let index = match kind {
                ErrorKind::EmptyFile => 0,
                ErrorKind::NoRows { .. } => 1,
                ErrorKind::NotText { .. } => 2,
                ErrorKind::MissingRole { .. } => 3,
                ErrorKind::UnknownColumn { .. } => 4,
                ErrorKind::InvalidOption { .. } => 5,
                ErrorKind::TooLarge { .. } => 6,
                ErrorKind::NoCustomers { .. } => 7,
                ErrorKind::InvalidState { .. } => 8,
                ErrorKind::ClvTooFewCustomers { .. } => 9,
                ErrorKind::ClvTooFewRepeatCustomers { .. } => 10,
                ErrorKind::ClvDegenerateFit { .. } => 11,
                ErrorKind::ClvNotConverged { .. } => 12,
                ErrorKind::ClvNumeric { .. } => 13,
                ErrorKind::ChurnNoRepeatPurchases { .. } => 14,
                ErrorKind::AmountOverflow { .. } => 15,
                ErrorKind::CampaignNoContacts { .. } => 16,
                ErrorKind::AffinityNeedsProduct { .. } => 17,
                ErrorKind::GrowthNeedsBusiness { .. } => 18,
                ErrorKind::UnusableColumn { .. } => 19,
                ErrorKind::NoHeader { .. } => 20,
                ErrorKind::TooManyColumns { .. } => 21,
                ErrorKind::TooManyCells { .. } => 22,
                ErrorKind::DateWithoutYear { .. } => 23,
                ErrorKind::NeedsFullModule { .. } => 24,
            };
            errors[index] = true;
            let details = serde_json::to_value(Error::new(kind.clone())).unwrap()["details"].clone();
            let keys: Vec<&str> = details.as_object().map_or(Vec::new(), |o| o.keys().map(String::as_str).collect());
            let mut params = kind.params().to_vec();
            params.sort();
            let mut keys = keys.clone();
            keys.sort();
            assert_eq!(keys, params, "{}", kind.code());
        }
        assert!(errors.iter().all(|&seen| seen), "{errors:?}");
        let mut warnings = [false; 16];
        for kind in warning_examples() {
            let index = match kind {
                WarningKind::AmbiguousDateOrder { .. } => 0,
                WarningKind::UnreadableQuantity { .. } => 1,
                WarningKind::UndecodableBytes { .. } => 2,
                WarningKind::MetricAllTied { .. } => 3,
                WarningKind::UnreadableValue { .. } => 4,
                WarningKind::BadFlag { .. } => 5,
                WarningKind::ClvRidge { .. } => 6,
                WarningKind::GgDependence { .. } => 7,
                WarningKind::UnterminatedQuote { .. } => 8,
                WarningKind::WindowIncomplete { .. } => 9,
                WarningKind::BadAge { .. } => 10,
                WarningKind::AllLapsed { .. } => 11,
                WarningKind::MostRowsExcluded { .. } => 12,
                WarningKind::MixedCurrencies { .. } => 13,
                WarningKind::GrowthNoHistory { .. } => 14,
                WarningKind::LowConfidenceMapping { .. } => 15,
            };
            warnings[index] = true;
            let details = serde_json::to_value(kind).unwrap();
            let mut keys: Vec<&str> =
                details.as_object().map_or(Vec::new(), |o| o.keys().map(String::as_str).collect());
            keys.sort();
            let mut params = kind.params().to_vec();
            params.sort();
            assert_eq!(keys, params, "{}", kind.code());
        }
        assert!(warnings.iter().all(|&seen| seen), "{warnings:?}");
        let mut rules = [false; 10];
        for rule in rule_examples() {
            let index = match rule {
                OptionRule::UnknownField { .. } => 0,
                OptionRule::Type { .. } => 1,
                OptionRule::Required => 2,
                OptionRule::WholeNumberRange { .. } => 3,
                OptionRule::WholeNumberPair { .. } => 4,
                OptionRule::OneOf { .. } => 5,
                OptionRule::Date => 6,
                OptionRule::OneCharacter => 7,
                OptionRule::Condition => 8,
                OptionRule::MaxItems { .. } => 9,
            };
            rules[index] = true;
            let details = serde_json::to_value(Error::option_rule("x", rule.clone())).unwrap()["details"].clone();
            assert_eq!(details["rule"], json!(rule.code()));
            let mut keys: Vec<&str> = details.as_object().unwrap().keys().map(String::as_str).collect();
            keys.retain(|k| !["option", "rule", "reason"].contains(k));
            keys.sort();
            let mut params = rule.params().to_vec();
            params.sort();
            assert_eq!(keys, params, "{}", rule.code());
        }
        assert!(rules.iter().all(|&seen| seen), "{rules:?}");
        let mut reasons = [false; SkipReason::ALL.len()];
        for reason in SkipReason::ALL {
            assert_eq!(serde_json::to_value(reason).unwrap(), json!(reason.code()));
            reasons[match reason {
                SkipReason::MissingCustomer => 0,
                SkipReason::MissingDate => 1,
                SkipReason::MissingContactDate => 2,
                SkipReason::BadDate => 3,
                SkipReason::MissingAmount => 4,
                SkipReason::BadAmount => 5,
                SkipReason::BadGroup => 6,
                SkipReason::OtherCurrency => 7,
                SkipReason::NotSold => 8,
                SkipReason::NotRevenue => 9,
                SkipReason::OrderSummary => 10,
            }] = true;
        }
        assert!(reasons.iter().all(|&seen| seen));
        // Codes are unique and snake_case, and the catalog lists them.
        let c = catalog_json();
        for list in ["errors", "warnings"] {
            let codes: Vec<&str> = c[list].as_array().unwrap().iter().map(|e| e["code"].as_str().unwrap()).collect();
            let mut unique = codes.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), codes.len(), "{list}");
            assert!(codes.iter().all(|c| c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_')), "{codes:?}");
        }
        assert_eq!(c["errors"][5], json!({ "code": "invalid_option", "params": ["option", "rule", "reason"] }));
        assert_eq!(c["warnings"][3], json!({ "code": "metric_all_tied", "params": ["metric"] }));
        assert_eq!(c["optionRules"][3], json!({ "rule": "whole_number_range", "params": ["min", "max"] }));
        assert_eq!(
            c["skipReasons"],
            json!([
                "missing_customer",
                "missing_date",
                "missing_contact_date",
                "bad_date",
                "missing_amount",
                "bad_amount",
                "bad_group",
                "other_currency",
                "not_sold",
                "not_revenue",
                "order_summary"
            ])
        );
        assert_eq!(c["valueTypes"], json!(["string", "number", "boolean", "object", "array", "null", "bytes"]));
    }

    #[test]
    fn order_roles_are_the_ingests_required_ones_with_their_synonyms() {
        let c = catalog_json();
        let roles = c["roles"]["orders"].as_array().unwrap();
        let names: Vec<&str> = roles.iter().map(|r| r["role"].as_str().unwrap()).collect();
        assert_eq!(
            names,
            ["customer", "date", "amount", "quantity", "unitPrice", "order", "status", "product", "category"]
        );
        assert!(roles[0]["synonyms"].as_array().unwrap().contains(&json!("customerid")));
        assert!(roles[1]["synonyms"].as_array().unwrap().contains(&json!("订单日期")));
        // A file with every role's first synonym as header loads; without a required role (and its alternative)
        // it is refused with missing_role, without an optional one it loads.
        let header = |skip: &[&str]| {
            roles
                .iter()
                .filter(|r| !skip.contains(&r["role"].as_str().unwrap()))
                .map(|r| r["synonyms"][0].as_str().unwrap())
                .collect::<Vec<_>>()
        };
        let file = |columns: Vec<&str>| {
            let row: Vec<&str> = columns
                .iter()
                .map(|c| match *c {
                    "orderdate" => "2024-03-01",
                    "customerid" => "C1",
                    "orderid" => "A1",
                    _ => "2.5",
                })
                .collect();
            format!("{}\n{}\n", columns.join(","), row.join(","))
        };
        assert!(load(file(header(&[])).as_bytes(), &LoadOptions::default()).is_ok());
        for role in roles {
            let name = role["role"].as_str().unwrap();
            let mut skip = vec![name];
            let alternatives = role["alternative"].as_array().unwrap();
            let result = load(file(header(&skip)).as_bytes(), &LoadOptions::default());
            if role["required"] == json!(true) && alternatives.is_empty() {
                assert_eq!(result.unwrap_err().code(), "missing_role", "{name}");
            } else {
                assert!(result.is_ok(), "{name} is optional or stood in for");
            }
            if !alternatives.is_empty() {
                skip.extend(alternatives.iter().map(|a| a.as_str().unwrap()));
                let result = load(file(header(&skip)).as_bytes(), &LoadOptions::default());
                assert_eq!(result.unwrap_err().code(), "missing_role", "{name} without its alternative");
            }
        }
    }

    // platforms (issue 12)
    #[test]
    fn every_platform_is_listed_with_roles_of_its_kind() {
        let c = catalog_json();
        let listed = c["platforms"].as_array().unwrap();
        assert_eq!(listed.len(), PLATFORMS.len());
        for (json, platform) in listed.iter().zip(PLATFORMS) {
            assert_eq!(json["id"], json!(platform.id));
            assert_eq!(json["signature"].as_array().unwrap().len(), platform.signature.len());
            let kind_roles: Vec<&str> = c["roles"][platform.kind.name()]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["role"].as_str().unwrap())
                .collect();
            for (role, headers) in json["roles"].as_object().unwrap() {
                assert!(kind_roles.contains(&role.as_str()), "{} {role}", platform.id);
                let expected = platform.roles.iter().find(|(r, _)| r.name() == role).unwrap().1;
                assert_eq!(headers, &json!(expected), "{} {role}", platform.id);
            }
            assert_eq!(json["roles"].as_object().unwrap().len(), platform.roles.len());
        }
        assert!(c["statuses"]["notSold"].as_array().unwrap().contains(&json!("交易关闭")));
        // Each role's synonyms by language: every synonym in at least one, the ten languages of the issue.
        for kind in ["orders", "customers", "campaigns"] {
            for role in c["roles"][kind].as_array().unwrap() {
                let languages = role["languages"].as_object().unwrap();
                let keys: Vec<&str> = languages.keys().map(String::as_str).collect();
                assert_eq!(keys, ["de", "en", "es", "fr", "it", "ja", "nl", "pt", "zh-Hans", "zh-Hant"], "(sorted)");
                for synonym in role["synonyms"].as_array().unwrap() {
                    assert!(languages.values().any(|list| list.as_array().unwrap().contains(synonym)), "{synonym}");
                }
            }
        }
        let quantity = &c["roles"]["orders"][3]["languages"];
        assert!(quantity["de"].as_array().unwrap().contains(&json!("menge")));
        assert!(quantity["fr"].as_array().unwrap().contains(&json!("quantite")));
        assert!(quantity["en"].as_array().unwrap().contains(&json!("qty")));
        assert!(c["statuses"]["sold"].as_array().unwrap().contains(&json!("paid")));
    }

    #[test]
    fn value_names_round_trip() {
        for role in crate::ingest::Role::MAPPED {
            assert_eq!(serde_json::to_value(role).unwrap(), json!(role.name()));
            assert_eq!(crate::ingest::Role::from_name(role.name()), Some(role));
        }
        for (name, order) in DATE_ORDERS {
            assert_eq!(DateOrder::parse(name), Some(order));
        }
        assert_eq!(named(METHODS, "quantile"), Some(ScoringMethod::Quantile));
        assert_eq!(name_of(&BASELINES, &Baseline::Year), Some("year"));
        assert_eq!(names(&CN8_ON), ["scores", "raw"]);
    }
}
