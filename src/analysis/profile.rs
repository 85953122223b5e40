//! Customer attributes (analytics.md §14): age on the analysis date, age bands, gender words, and the other columns
//! of a joined customers file as text, per customer; and the profile of the RFM classes (segment, tier or lifecycle
//! stage) by one attribute: customers, share, index vs all (= 100) and revenue per class and value, with small
//! cells suppressed on request.
//!
//! Semantics where the contract is silent (each also stated on the item it concerns):
//! - `bad_age` counts the records of the file (not only the scored customers') whose age is out of range, with
//!   their lines; it is reported by `profile()` and is the same for every attribute.
//! - Values of attributes other than age bands: by scored customers (descending, ties by name), the first `top`
//!   kept, the rest summed into `Other`; `Other` then `(blank)` come last. Every class has one cell per value, in
//!   that order, zero cells included (`share` 0, `index` null).
//! - A suppressed cell (0 < customers < `suppressBelow`) hides its customers, share, index, revenue and revenue
//!   share (all `null`); overall values are suppressed by the same rule. Class totals stay.
//! - Precedence of a name in `compare({ by })`: a column of the orders file, then `ageBand`, `gender` and the
//!   customers file's columns, then the computed dimensions.

use super::rfm::segments::Label;
use super::rfm::RfmResult;
use crate::analysis::rfm::RfmOptions;
use crate::date::Day;
use crate::error::{Error, ErrorKind, Warning, WarningKind, MAX_EXAMPLES};
use crate::money::Money;
use crate::table::{sort_indices, CustomerTable, MEASURE_MISSING, NO_ROW, NO_TEXT};
use serde::Serialize;

/// Default age band edges (§14.2): `<25`, `25–34`, …, `65+`.
pub const DEFAULT_AGE_BANDS: [u32; 5] = [25, 35, 45, 55, 65];
/// Highest age (and age band edge) accepted; ages above it are unknown (`bad_age`).
pub const MAX_AGE: u32 = 120;
/// Default number of values kept before `Other` (age bands are never cut).
pub const DEFAULT_PROFILE_TOP: usize = 20;
/// Default `suppressBelow`: 0, no cell is suppressed.
pub const DEFAULT_SUPPRESS_BELOW: u64 = 0;
/// The value of a customer without a record, or with a blank cell.
pub const BLANK: &str = "(blank)";
/// The value that sums the values past `top`.
pub const OTHER: &str = "Other";
/// The derived attributes usable as `attribute` / `by` besides the file's columns.
pub const DERIVED_ATTRIBUTES: [&str; 2] = ["ageBand", "gender"];
/// The class dimensions of a profile's rows.
pub const PROFILE_ROWS: [(&str, ProfileRows); 3] =
    [("segment", ProfileRows::Segment), ("tier", ProfileRows::Tier), ("lifecycle", ProfileRows::Lifecycle)];
/// Gender words read as male (trimmed, compared case-insensitively).
pub const MALE_WORDS: [&str; 6] = ["m", "male", "man", "男", "男性", "先生"];
/// Gender words read as female.
pub const FEMALE_WORDS: [&str; 6] = ["f", "female", "woman", "女", "女性", "女士"];
/// The two gender values with their labels (value, en, zh).
pub const GENDER_LABELS: [(&str, &str, &str); 2] = [("male", "male", "男"), ("female", "female", "女")];
/// Labels of the blank value: (en, zh) for age bands and for every other attribute.
pub const BLANK_LABELS: [(&str, &str); 2] = [("(blank)", "(未知)"), ("(blank)", "(空白)")];

/// Completed years from `birth` to `date` (§14.2): a birthday on `date` counts; a 29 February birthday completes
/// on 28 February in common years. `None` when `birth` is on or after `date`.
pub fn age_on(birth: Day, date: Day) -> Option<u32> {
    age_on_civil(birth, date, civil(date))
}

/// [`age_on`] with `date`'s (year, month, day) worked out once by the caller.
fn age_on_civil(birth: Day, date: Day, (dy, dm, dd): (i32, u32, u32)) -> Option<u32> {
    if birth >= date {
        return None;
    }
    let (by, bm, bd) = civil(birth);
    // In a common year a 29 February birthday is on 28 February (no such day exists).
    let leap = dy % 4 == 0 && (dy % 100 != 0 || dy % 400 == 0);
    let birthday = if (bm, bd) == (2, 29) && !leap { (2, 28) } else { (bm, bd) };
    let years = dy - by - i32::from((dm, dd) < birthday);
    u32::try_from(years).ok()
}

/// (year, month, day) of `day` by integer arithmetic (H. Hinnant's `civil_from_days`): the same as [`Day::ymd`] at
/// a fraction of its cost, which counts when 150,000 birth dates are read per profile.
fn civil(day: Day) -> (i32, u32, u32) {
    let z = i64::from(day.0) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097; // [0, 146096]
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11], March first
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as i32, m, d)
}

/// The gender value of a cell (§14.2): `male`, `female`, the text as written, or `None` when blank.
pub fn gender_value(text: &str) -> Option<&str> {
    let text = text.trim();
    // The words are ASCII or Chinese (no case), so an ASCII case-insensitive comparison is the contract's, without
    // Unicode case tables in the module.
    let is = |words: &[&str]| words.iter().any(|w| w.eq_ignore_ascii_case(text));
    if text.is_empty() {
        None
    } else if is(&MALE_WORDS) {
        Some("male")
    } else if is(&FEMALE_WORDS) {
        Some("female")
    } else {
        Some(text)
    }
}

/// Checks age band edges: ascending whole numbers from 1 to [`MAX_AGE`], at least one.
pub fn validate_age_bands(edges: &[u32]) -> Result<(), Error> {
    if edges.is_empty() {
        return Err(Error::invalid_option("ageBands", "give at least one edge, e.g. [25, 35, 45, 55, 65]"));
    }
    if let Some(bad) = edges.iter().find(|&&e| !(1..=MAX_AGE).contains(&e)) {
        return Err(Error::invalid_option("ageBands", format!("{bad} is not an age from 1 to {MAX_AGE}")));
    }
    if let Some(w) = edges.windows(2).find(|w| w[0] >= w[1]) {
        return Err(Error::invalid_option(
            "ageBands",
            format!("edges must ascend ({} is followed by {}); write them from young to old", w[0], w[1]),
        ));
    }
    Ok(())
}

/// The labels of the bands of `edges` (validated), young to old: `<25`, `25–34`, …, `65+` (zh `25岁以下`,
/// `25–34岁`, …, `65岁及以上`).
pub fn age_band_labels(edges: &[u32]) -> Vec<Label> {
    let mut labels = Vec::with_capacity(edges.len() + 1);
    if let Some(&first) = edges.first() {
        labels.push(Label { en: format!("<{first}"), zh: format!("{first}岁以下") });
    }
    for w in edges.windows(2) {
        let (low, high) = (w[0], w[1] - 1);
        let span = if low == high { low.to_string() } else { format!("{low}–{high}") };
        labels.push(Label { en: span.clone(), zh: format!("{span}岁") });
    }
    if let Some(&last) = edges.last() {
        labels.push(Label { en: format!("{last}+"), zh: format!("{last}岁及以上") });
    }
    labels
}

/// The band of `age` among `edges`: the number of edges at or below it.
pub fn age_band(age: u32, edges: &[u32]) -> usize {
    edges.partition_point(|&e| e <= age)
}

/// Every record's age on `date` (§14.2): from the birth date when mapped and readable, else from the age column
/// (fractions floored); `None` when unknown. Ages outside 0–[`MAX_AGE`] and birth dates on or after `date` are
/// unknown too, and reported in one `bad_age` warning with their lines.
pub fn record_ages(table: &CustomerTable, date: Day) -> (Vec<Option<u32>>, Option<Warning>) {
    let on = civil(date);
    let mut bad = Vec::new();
    let mut bad_count = 0u64;
    let ages = (0..table.len())
        .map(|row| {
            let birth = table.birth_date.as_ref().and_then(|b| b[row]);
            let written = table.age.as_ref().map(|a| a[row]).filter(|&a| a != MEASURE_MISSING);
            let age = match (birth, written) {
                (Some(birth), _) => age_on_civil(birth, date, on).map(i64::from).ok_or(()),
                (None, Some(units)) => Ok(units.div_euclid(crate::money::UNITS_PER_CURRENCY)),
                (None, None) => return None,
            };
            match age {
                Ok(age) if (0..=i64::from(MAX_AGE)).contains(&age) => Some(age as u32),
                _ => {
                    bad_count += 1;
                    if bad.len() < MAX_EXAMPLES * 4 {
                        bad.push(table.line[row]);
                    }
                    None
                }
            }
        })
        .collect();
    // Records are in file order, so the lines are already ascending.
    let warning = (bad_count > 0).then(|| Warning::new(WarningKind::BadAge { rows: bad_count }, bad));
    (ages, warning)
}

/// One attribute's values per customer code (the orders' customer dictionary): `code[customer]` indexes `values`;
/// [`blank`](Self::blank) (= `values.len()`) is `(blank)`.
#[derive(Clone, Debug, PartialEq)]
pub struct AttributeColumn {
    /// The distinct values (age bands in band order; gender and text values in first-seen order).
    pub values: Vec<String>,
    /// Their display names.
    pub labels: Vec<Label>,
    /// The label of `(blank)`.
    pub blank_label: Label,
    /// The value code of each customer code.
    pub code: Vec<u32>,
    /// Whether the values have an order of their own (age bands), kept in the profile instead of ranking.
    pub ordered: bool,
    /// `bad_age` for age bands.
    pub warning: Option<Warning>,
}

impl AttributeColumn {
    /// The code of `(blank)`.
    pub fn blank(&self) -> u32 {
        self.values.len() as u32
    }
}

// profile speed (issue 15.6): ages computed once per analysis date.
/// Every customer code's age on one date (`None`: no record, or unknown) and the `bad_age` warning: what an age
/// band column is made from, worked out once per analysis date and kept by the workspace, so that a profile by age
/// band reads no birth date.
pub type AgesByCode = (Vec<Option<u32>>, Option<Warning>);

/// The `ageBand` column (§14.2) with band `edges` (validated) from the customers' ages.
pub fn age_band_column(ages: &AgesByCode, edges: &[u32]) -> AttributeColumn {
    let labels = age_band_labels(edges);
    let blank = labels.len() as u32;
    let code = ages.0.iter().map(|a| a.map_or(blank, |a| age_band(a, edges) as u32)).collect();
    AttributeColumn {
        values: labels.iter().map(|l| l.en.clone()).collect(),
        labels,
        blank_label: blank_label(true),
        code,
        ordered: true,
        warning: ages.1.clone(),
    }
}

/// The attributes of a joined customers file, looked up by customer code.
pub struct CustomerAttributes<'a> {
    table: &'a CustomerTable,
    /// The record of each customer code, [`NO_ROW`] without one.
    row: Vec<u32>,
}

impl<'a> CustomerAttributes<'a> {
    /// The attributes of `table` for the `customers` codes of the orders' dictionary.
    pub fn new(table: &'a CustomerTable, customers: usize) -> CustomerAttributes<'a> {
        CustomerAttributes { table, row: table.row_by_customer(customers) }
    }

    /// The names usable as an attribute: `ageBand` (with a birth date or age column), `gender` (with a gender
    /// column), then the file's other columns.
    pub fn names(&self) -> Vec<String> {
        let mut names = Vec::new();
        if self.has_ages() {
            names.push("ageBand".to_string());
        }
        if self.table.gender.is_some() {
            names.push("gender".to_string());
        }
        names.extend(self.table.attributes.iter().map(|a| a.name.clone()));
        names
    }

    /// Whether the file gives ages (a birth date or an age column), so that `ageBand` is an attribute.
    pub fn has_ages(&self) -> bool {
        self.table.birth_date.is_some() || self.table.age.is_some()
    }

    /// The record of customer code `code`, if any.
    fn row_of(&self, code: usize) -> Option<usize> {
        self.row.get(code).copied().filter(|&r| r != NO_ROW).map(|r| r as usize)
    }

    /// Every customer code's age on `date` (`None`: no record, or unknown), and the `bad_age` warning.
    pub fn ages(&self, date: Day) -> (Vec<Option<u32>>, Option<Warning>) {
        let (ages, warning) = record_ages(self.table, date);
        ((0..self.row.len()).map(|c| self.row_of(c).and_then(|r| ages[r])).collect(), warning)
    }

    /// The column of attribute `name` (`ageBand` with `edges`, validated, on `date`; `gender`; or a file column);
    /// `None` when there is no such attribute.
    pub fn column(&self, name: &str, date: Day, edges: &[u32]) -> Option<AttributeColumn> {
        match name {
            "ageBand" if self.has_ages() => Some(age_band_column(&self.ages(date), edges)),
            "gender" if self.table.gender.is_some() => {
                let column = self.table.gender.as_ref()?;
                // Each written value's gender value, interned.
                let mut values: Vec<String> = Vec::new();
                let by_written: Vec<Option<u32>> = column
                    .values()
                    .map(|text| {
                        gender_value(text).map(|v| match values.iter().position(|x| x == v) {
                            Some(at) => at as u32,
                            None => {
                                values.push(v.to_string());
                                values.len() as u32 - 1
                            }
                        })
                    })
                    .collect();
                let blank = values.len() as u32;
                let code = (0..self.row.len())
                    .map(|c| {
                        let written = self.row_of(c).map_or(NO_TEXT, |r| column.codes[r]);
                        by_written.get(written as usize).copied().flatten().unwrap_or(blank)
                    })
                    .collect();
                let labels = values
                    .iter()
                    .map(|v| match GENDER_LABELS.iter().find(|(name, _, _)| name == v) {
                        Some((_, en, zh)) => Label { en: en.to_string(), zh: zh.to_string() },
                        None => Label { en: v.clone(), zh: v.clone() },
                    })
                    .collect();
                Some(AttributeColumn {
                    values,
                    labels,
                    blank_label: blank_label(false),
                    code,
                    ordered: false,
                    warning: None,
                })
            }
            _ => {
                let column = &self.table.attribute(name)?.values;
                let values: Vec<String> = column.values().map(str::to_string).collect();
                let blank = values.len() as u32;
                let code = (0..self.row.len())
                    .map(|c| self.row_of(c).map_or(NO_TEXT, |r| column.codes[r]))
                    .map(|v| if v == NO_TEXT { blank } else { v })
                    .collect();
                Some(AttributeColumn {
                    labels: values.iter().map(|v| Label { en: v.clone(), zh: v.clone() }).collect(),
                    values,
                    blank_label: blank_label(false),
                    code,
                    ordered: false,
                    warning: None,
                })
            }
        }
    }
}

/// The label of `(blank)`, for age bands or another attribute.
fn blank_label(age: bool) -> Label {
    let (en, zh) = BLANK_LABELS[usize::from(!age)];
    Label { en: en.to_string(), zh: zh.to_string() }
}

/// The classes a profile's rows are.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ProfileRows {
    /// RFM segments.
    #[default]
    Segment,
    /// Value tiers.
    Tier,
    /// Lifecycle stages.
    Lifecycle,
}

impl ProfileRows {
    /// The option value naming it.
    pub fn name(self) -> &'static str {
        PROFILE_ROWS.iter().find(|(_, r)| *r == self).map_or("segment", |(n, _)| n)
    }
}

/// Options of `profile()` (§14.4).
#[derive(Clone, Debug, PartialEq)]
pub struct ProfileOptions {
    /// `ageBand`, `gender` or a column of the customers file (required).
    pub attribute: String,
    /// The classes of the rows.
    pub rows: ProfileRows,
    /// Options of the RFM analysis behind the classes (its analysis date is the age's).
    pub rfm: RfmOptions,
    /// Age band edges.
    pub age_bands: Vec<u32>,
    /// Values kept before `Other` (at least 1; age bands are never cut).
    pub top: usize,
    /// Cells with fewer customers (but some) are suppressed; 0 = off.
    pub suppress_below: u64,
    /// Whether to return each scored customer's value ([`ProfileResult::customer_values`]): the page's customer
    /// table filtered by the attribute. Off by default, so attributes leave the module only when asked.
    pub customer_values: bool,
}

impl Default for ProfileOptions {
    fn default() -> Self {
        ProfileOptions {
            attribute: String::new(),
            rows: ProfileRows::default(),
            rfm: RfmOptions::default(),
            age_bands: DEFAULT_AGE_BANDS.to_vec(),
            top: DEFAULT_PROFILE_TOP,
            suppress_below: DEFAULT_SUPPRESS_BELOW,
            customer_values: false,
        }
    }
}

impl ProfileOptions {
    /// Checks the options that need no data, naming the first at fault.
    pub fn validate(&self) -> Result<(), Error> {
        if self.attribute.is_empty() {
            return Err(Error::invalid_option("attribute", "name an attribute: ageBand, gender or a column"));
        }
        if self.top == 0 {
            return Err(Error::invalid_option("top", "must be at least 1"));
        }
        validate_age_bands(&self.age_bands)?;
        self.rfm.validate().map_err(|e| e.within("rfm"))
    }
}

/// What kind of value a profile value is: a value as written, `(blank)` or the `Other` remainder, so that a value
/// literally written `Other` or `(blank)` is told apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ValueKind {
    /// A value.
    Value,
    /// No record, or a blank cell.
    Blank,
    /// The values past `top`.
    Other,
}

/// One value over all scored customers.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OverallValue {
    /// The value (`(blank)`, `Other` for those kinds).
    pub value: String,
    /// Value, blank or other.
    pub kind: ValueKind,
    /// Display names.
    pub label: Label,
    /// Scored customers with it; `None` when suppressed.
    pub customers: Option<u64>,
    /// customers ÷ n; `None` when suppressed.
    pub share: Option<f64>,
    /// Whether suppressed (0 < customers < `suppressBelow`).
    pub suppressed: bool,
}

/// One class × value cell.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileCell {
    /// The value, as in `overall`.
    pub value: String,
    /// Value, blank or other.
    pub kind: ValueKind,
    /// customers(k, v); `None` when suppressed.
    pub customers: Option<u64>,
    /// customers(k, v) ÷ customers(k); `None` when suppressed or the class is empty.
    pub share: Option<f64>,
    /// 100 × share ÷ overallShare; `None` when either is 0 or undefined, or suppressed.
    pub index: Option<f64>,
    /// Σ total monetary of those customers; `None` when suppressed.
    pub revenue: Option<Money>,
    /// The same, exact.
    pub revenue_exact: Option<String>,
    /// revenue ÷ the class's revenue; `None` when that is 0, or suppressed.
    pub revenue_share: Option<f64>,
    /// Whether suppressed.
    pub suppressed: bool,
}

/// One class (segment, tier or stage) with a cell per value.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileClass {
    /// The class name.
    pub name: String,
    /// Display names.
    pub label: Label,
    /// Scored customers in it.
    pub customers: u64,
    /// The cells, in the order of `overall`.
    pub cells: Vec<ProfileCell>,
}

/// The profile of the RFM classes by one attribute (§14.3, §14.4).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileResult {
    /// The attribute.
    pub attribute: String,
    /// `segment`, `tier` or `lifecycle`.
    pub rows: &'static str,
    /// The analysis date (of the classes and the ages).
    pub analysis_date: Day,
    /// Scored customers (n).
    pub customers: u64,
    /// The values over all scored customers.
    pub overall: Vec<OverallValue>,
    /// The classes, in the RFM result's order.
    pub classes: Vec<ProfileClass>,
    /// `bad_age` when profiling age bands.
    pub warnings: Vec<Warning>,
    /// With [`ProfileOptions::customer_values`]: each scored customer's value as an index into `overall`, in the
    /// RFM result's (customer-id) order.
    #[serde(skip)]
    pub customer_values: Option<Vec<u32>>,
}

/// The profile of `rfm`'s classes by `column` (by customer code); `total_monetary[i]` is scored customer `i`'s
/// total monetary (§3) whatever the RFM monetary mode.
pub fn profile(
    rfm: &RfmResult,
    total_monetary: &[Money],
    column: &AttributeColumn,
    options: &ProfileOptions,
) -> ProfileResult {
    let c = &rfm.customers;
    let (names, labels, class_of): (Vec<&str>, Vec<&Label>, Vec<usize>) = match options.rows {
        ProfileRows::Segment => (
            rfm.segments.iter().map(|s| s.name.as_str()).collect(),
            rfm.segments.iter().map(|s| &s.label).collect(),
            c.segment.iter().map(|&s| usize::from(s)).collect(),
        ),
        ProfileRows::Tier => (
            rfm.tiers.iter().map(|t| t.name.as_str()).collect(),
            rfm.tiers.iter().map(|t| &t.label).collect(),
            c.tier.iter().map(|&t| usize::from(t)).collect(),
        ),
        ProfileRows::Lifecycle => (
            rfm.lifecycle.iter().map(|l| l.stage.as_str()).collect(),
            rfm.lifecycle.iter().map(|l| &l.label).collect(),
            c.lifecycle.iter().map(|&l| usize::from(l)).collect(),
        ),
    };
    let values = column.values.len() + 1; // + blank
    let classes = names.len();
    // Customers and revenue per (class, value code).
    let mut count = vec![0u64; classes * values];
    let mut revenue = vec![0i64; classes * values];
    for i in 0..c.len() {
        let v = column.code.get(c.customer[i] as usize).map_or(column.blank(), |&v| v) as usize;
        let cell = class_of[i] * values + v;
        count[cell] += 1;
        revenue[cell] += total_monetary[i].0;
    }
    let overall_count: Vec<u64> = (0..values).map(|v| (0..classes).map(|k| count[k * values + v]).sum()).collect();
    // Output slots: each a list of value codes summed together, with its name and kind.
    let blank = column.blank() as usize;
    let mut slots: Vec<(Vec<usize>, String, Label, ValueKind)> = Vec::new();
    let slot = |v: usize| (vec![v], column.values[v].clone(), column.labels[v].clone(), ValueKind::Value);
    if column.ordered {
        slots.extend((0..blank).map(slot));
    } else {
        let mut ranked: Vec<u32> = (0..blank as u32).filter(|&v| overall_count[v as usize] > 0).collect();
        sort_indices(&mut ranked, &|a, b| {
            let (a, b) = (a as usize, b as usize);
            overall_count[b].cmp(&overall_count[a]).then_with(|| column.values[a].cmp(&column.values[b]))
        });
        let rest: Vec<usize> =
            ranked.split_off(ranked.len().min(options.top)).into_iter().map(|v| v as usize).collect();
        slots.extend(ranked.into_iter().map(|v| slot(v as usize)));
        if !rest.is_empty() {
            slots.push((rest, OTHER.into(), Label { en: OTHER.into(), zh: "其他".into() }, ValueKind::Other));
        }
    }
    slots.push((vec![blank], BLANK.into(), column.blank_label.clone(), ValueKind::Blank));

    let n = c.len() as u64;
    let small = |customers: u64| customers > 0 && customers < options.suppress_below;
    let ratio = |a: u64, b: u64| (b > 0).then(|| a as f64 / b as f64);
    let sum =
        |codes: &[usize], k: usize, of: &dyn Fn(usize) -> i64| codes.iter().map(|&v| of(k * values + v)).sum::<i64>();
    let overall_share: Vec<Option<f64>> =
        slots.iter().map(|(codes, ..)| ratio(codes.iter().map(|&v| overall_count[v]).sum(), n)).collect();
    let overall = slots
        .iter()
        .zip(&overall_share)
        .map(|((codes, value, label, kind), &share)| {
            let customers: u64 = codes.iter().map(|&v| overall_count[v]).sum();
            let suppressed = small(customers);
            OverallValue {
                value: value.clone(),
                kind: *kind,
                label: label.clone(),
                customers: (!suppressed).then_some(customers),
                share: share.filter(|_| !suppressed),
                suppressed,
            }
        })
        .collect();
    let classes = (0..classes)
        .map(|k| {
            let class_customers: u64 = (0..values).map(|v| count[k * values + v]).sum();
            let class_revenue: i64 = (0..values).map(|v| revenue[k * values + v]).sum();
            let cells = slots
                .iter()
                .zip(&overall_share)
                .map(|((codes, value, _, kind), &overall)| {
                    let customers = sum(codes, k, &|at| count[at] as i64) as u64;
                    let money = Money(sum(codes, k, &|at| revenue[at]));
                    let share = ratio(customers, class_customers);
                    let index = match (share, overall) {
                        (Some(s), Some(o)) if s > 0.0 && o > 0.0 => Some(100.0 * s / o),
                        _ => None,
                    };
                    let suppressed = small(customers);
                    let shown = |x: Option<f64>| x.filter(|_| !suppressed);
                    ProfileCell {
                        value: value.clone(),
                        kind: *kind,
                        customers: (!suppressed).then_some(customers),
                        share: shown(share),
                        index: shown(index),
                        revenue: (!suppressed).then_some(money),
                        revenue_exact: (!suppressed).then(|| money.exact_string()),
                        revenue_share: shown((class_revenue != 0).then(|| money.0 as f64 / class_revenue as f64)),
                        suppressed,
                    }
                })
                .collect();
            ProfileClass { name: names[k].to_string(), label: labels[k].clone(), customers: class_customers, cells }
        })
        .collect();
    let customer_values = options.customer_values.then(|| {
        let mut slot_of_value = vec![0u32; values];
        for (at, (codes, ..)) in slots.iter().enumerate() {
            for &v in codes {
                slot_of_value[v] = at as u32;
            }
        }
        (0..c.len())
            .map(|i| slot_of_value[column.code.get(c.customer[i] as usize).map_or(column.blank(), |&v| v) as usize])
            .collect()
    });
    ProfileResult {
        customer_values,
        attribute: options.attribute.clone(),
        rows: options.rows.name(),
        analysis_date: rfm.analysis_date,
        customers: n,
        overall,
        classes,
        warnings: column.warning.iter().cloned().collect(),
    }
}

/// The error of an attribute no joined file has: `unknown_column` listing the ones there are.
pub fn unknown_attribute(option: &str, name: &str, available: Vec<String>) -> Error {
    Error::new(ErrorKind::UnknownColumn { option: option.into(), column: name.into(), columns: available })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Day {
        Day::parse_iso(text).unwrap()
    }

    #[test]
    fn age_bands_are_labelled_and_found() {
        let labels = age_band_labels(&DEFAULT_AGE_BANDS);
        let en: Vec<&str> = labels.iter().map(|l| l.en.as_str()).collect();
        assert_eq!(en, ["<25", "25–34", "35–44", "45–54", "55–64", "65+"]);
        assert_eq!(labels[0].zh, "25岁以下");
        assert_eq!(labels[1].zh, "25–34岁");
        assert_eq!(labels[5].zh, "65岁及以上");
        assert_eq!(age_band(24, &DEFAULT_AGE_BANDS), 0);
        assert_eq!(age_band(25, &DEFAULT_AGE_BANDS), 1);
        assert_eq!(age_band(64, &DEFAULT_AGE_BANDS), 4);
        assert_eq!(age_band(120, &DEFAULT_AGE_BANDS), 5);
        assert_eq!(age_band_labels(&[30, 31])[1].en, "30");
    }

    #[test]
    fn age_band_edges_are_checked() {
        assert!(validate_age_bands(&[]).is_err());
        assert!(validate_age_bands(&[0, 10]).is_err());
        assert!(validate_age_bands(&[121]).is_err());
        assert!(validate_age_bands(&[30, 30]).is_err());
        assert!(validate_age_bands(&[40, 30]).is_err());
        assert!(validate_age_bands(&[1, 120]).is_ok());
    }

    #[test]
    fn gender_words_in_english_and_chinese() {
        for word in [" M ", "male", "MAN", "男", "男性", "先生"] {
            assert_eq!(gender_value(word), Some("male"), "{word}");
        }
        for word in ["f", "Female", "woman", "女", "女性", "女士"] {
            assert_eq!(gender_value(word), Some("female"), "{word}");
        }
        assert_eq!(gender_value(" Non-binary "), Some("Non-binary"));
        assert_eq!(gender_value("  "), None);
    }

    #[test]
    fn civil_dates_agree_with_the_calendar() {
        // Every day from 1800 to 2300 (and the edges of the data range).
        let (from, to) = (Day::from_ymd(1800, 1, 1).unwrap().0, Day::from_ymd(2300, 12, 31).unwrap().0);
        for n in from..=to {
            assert_eq!(civil(Day(n)), Day(n).ymd(), "day {n}");
        }
    }

    #[test]
    fn completed_years_with_leap_day_birthdays() {
        assert_eq!(age_on(day("1990-05-01"), day("2024-05-01")), Some(34));
        assert_eq!(age_on(day("1990-05-02"), day("2024-05-01")), Some(33));
        assert_eq!(age_on(day("2024-05-01"), day("2024-05-01")), None);
        assert_eq!(age_on(day("2024-04-30"), day("2024-05-01")), Some(0));
    }
}
