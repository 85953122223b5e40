//! What [`compare`](super::compare) returns: the metrics of §8 per group and window computed from the exact sums,
//! the change of every metric, the revenue drivers, structured group keys, and the order of the groups.

use super::count::Sums;
use crate::analysis::frame::Excluded;
use crate::date::Day;
use crate::money::{Money, UNITS_PER_CURRENCY};
use crate::table::sort_indices;
use serde::ser::{SerializeStruct, Serializer};
use serde::Serialize;
use std::cmp::Ordering;

/// How the blank group is written in a key's text (its kind is `"blank"`).
pub const BLANK: &str = "(blank)";
/// How the group of the rows past the top N is written in a key's text (its kind is `"other"`).
pub const OTHER: &str = "Other";

/// One part of a group's key (one per dimension). A value literally written `Other` or `(blank)` is a
/// [`Value`](KeyPart::Value), a group of its own: only the kind tells it from the remainder and the blank group.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum KeyPart {
    /// A value of the dimension: a column's text, or a computed dimension's segment, tier or stage name.
    Value(String),
    /// The rows whose value is empty or missing (customers who cannot be scored, for a computed dimension).
    Blank,
    /// The rows of every group past the top N.
    Other,
}

impl KeyPart {
    /// The text shown for this part: the value, [`BLANK`] or [`OTHER`].
    pub fn text(&self) -> &str {
        match self {
            KeyPart::Value(value) => value,
            KeyPart::Blank => BLANK,
            KeyPart::Other => OTHER,
        }
    }

    /// `"value"`, `"blank"` or `"other"`: what crosses to JavaScript next to the text.
    pub fn kind(&self) -> &'static str {
        match self {
            KeyPart::Value(_) => "value",
            KeyPart::Blank => "blank",
            KeyPart::Other => "other",
        }
    }

    fn kind_rank(&self) -> u8 {
        match self {
            KeyPart::Value(_) => 0,
            KeyPart::Blank => 1,
            KeyPart::Other => 2,
        }
    }
}

/// By text in code-point order (§9: ties by name, `(blank)` ranks like any group), then values before the blank
/// group before the remainder, so a value written like one of them still has one place.
impl Ord for KeyPart {
    fn cmp(&self, other: &Self) -> Ordering {
        self.text().cmp(other.text()).then_with(|| self.kind_rank().cmp(&other.kind_rank()))
    }
}

impl PartialOrd for KeyPart {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A key's texts (`key`), or its kinds (`kinds`), as one JSON array of strings.
struct KeyColumn<'a>(&'a [KeyPart], fn(&KeyPart) -> &str);

impl Serialize for KeyColumn<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(self.1))
    }
}

/// The metrics of a group (or of the total) in one window.
#[derive(Clone, Debug, PartialEq)]
pub struct Metrics {
    /// Sum of amounts, returns included.
    pub revenue: Money,
    /// The same, exact (`"1234.5000"`).
    pub revenue_exact: String,
    /// Distinct (customer, order id) pairs with amount > 0 (rows with amount > 0 without an order column).
    pub orders: u64,
    /// Distinct customers with an order.
    pub customers: u64,
    /// Sum of quantities, returns included; `None` without a quantity column.
    pub units: Option<f64>,
    /// Revenue ÷ orders; `None` when there is no order.
    pub aov: Option<f64>,
    /// Revenue ÷ customers; `None` when there is no customer.
    pub revenue_per_customer: Option<f64>,
    /// Revenue ÷ the window's total revenue; `None` when the total is 0.
    pub share: Option<f64>,
    /// 100 × aov ÷ the window's overall aov; `None` when either is undefined or the overall aov is 0.
    pub aov_index: Option<f64>,
    /// 100 × revenue per customer ÷ the overall one; `None` likewise.
    pub revenue_per_customer_index: Option<f64>,
}

/// `(current − previous) ÷ |previous|` of each of the nine metrics of §8; `None` when the previous value is 0 or
/// either value is undefined (a share or index is undefined in a window where its denominator is 0).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// Change of revenue.
    pub revenue: Option<f64>,
    /// Change of orders.
    pub orders: Option<f64>,
    /// Change of customers.
    pub customers: Option<f64>,
    /// Change of units.
    pub units: Option<f64>,
    /// Change of aov.
    pub aov: Option<f64>,
    /// Change of revenue per customer.
    pub revenue_per_customer: Option<f64>,
    /// Change of the share of the window's revenue.
    pub share: Option<f64>,
    /// Change of the aov index.
    pub aov_index: Option<f64>,
    /// Change of the revenue-per-customer index.
    pub revenue_per_customer_index: Option<f64>,
}

/// Why revenue moved: with `R = C × (O / C) × (R / O)`, each factor's share of the revenue change in currency
/// units, `L(R1, R0) × ln(x1 / x0)` with the logarithmic mean `L(a, b) = (a − b) ÷ ln(a / b)` (and `L(a, a) = a`),
/// so the three add up to `R1 − R0`. Defined only when revenue, orders and customers are positive in both windows.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Drivers {
    /// Contribution of the number of customers.
    pub customers: f64,
    /// Contribution of orders per customer.
    pub orders_per_customer: f64,
    /// Contribution of the average order value.
    pub aov: f64,
}

/// The whole window (every row, all groups together). Serialized with the current metrics' fields inline:
/// `{ revenue, …, previous, change, drivers }`.
#[derive(Clone, Debug, PartialEq)]
pub struct Total {
    /// Metrics of the current window (share 1 and indexes 100 when defined).
    pub current: Metrics,
    /// Metrics of the previous window; `None` without a period.
    pub previous: Option<Metrics>,
    /// Changes; `None` without a period.
    pub change: Option<Change>,
    /// Revenue change drivers; `None` without a period or when undefined.
    pub drivers: Option<Drivers>,
}

/// One group (one dimension), one cell (`key: [a, b]`), or one row or column total of a cross table. Serialized
/// with the current metrics' fields inline: `{ key, revenue, …, previous, change, drivers }`.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// One part per dimension: a value, the blank group or the rest past the top N.
    pub key: Vec<KeyPart>,
    /// Metrics of the current window.
    pub current: Metrics,
    /// Metrics of the previous window; `None` without a period.
    pub previous: Option<Metrics>,
    /// Changes; `None` without a period.
    pub change: Option<Change>,
    /// Revenue change drivers; `None` without a period or when undefined.
    pub drivers: Option<Drivers>,
}

impl Metrics {
    /// Writes the fields (not `#[serde(flatten)]`, whose map machinery costs the wasm module kilobytes).
    fn write_fields<S: SerializeStruct>(&self, s: &mut S) -> Result<(), S::Error> {
        s.serialize_field("revenue", &self.revenue)?;
        s.serialize_field("revenueExact", &self.revenue_exact)?;
        s.serialize_field("orders", &self.orders)?;
        s.serialize_field("customers", &self.customers)?;
        s.serialize_field("units", &self.units)?;
        s.serialize_field("aov", &self.aov)?;
        s.serialize_field("revenuePerCustomer", &self.revenue_per_customer)?;
        s.serialize_field("share", &self.share)?;
        s.serialize_field("aovIndex", &self.aov_index)?;
        s.serialize_field("revenuePerCustomerIndex", &self.revenue_per_customer_index)
    }
}

/// `{ revenue, revenueExact, orders, customers, units, aov, revenuePerCustomer, share, aovIndex,
/// revenuePerCustomerIndex }`.
impl Serialize for Metrics {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Metrics", 10)?;
        self.write_fields(&mut s)?;
        s.end()
    }
}

/// The current metrics' fields, then `previous`, `change` and `drivers`.
impl Serialize for Total {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Total", 13)?;
        self.current.write_fields(&mut s)?;
        s.serialize_field("previous", &self.previous)?;
        s.serialize_field("change", &self.change)?;
        s.serialize_field("drivers", &self.drivers)?;
        s.end()
    }
}

/// `key` (the texts: `"(blank)"`, `"Other"` or the value, as before structured keys), `kinds` (`"value"`,
/// `"blank"` or `"other"` per part), the current metrics' fields, then `previous`, `change` and `drivers`.
impl Serialize for Group {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Group", 15)?;
        s.serialize_field("key", &KeyColumn(&self.key, KeyPart::text))?;
        s.serialize_field("kinds", &KeyColumn(&self.key, KeyPart::kind))?;
        self.current.write_fields(&mut s)?;
        s.serialize_field("previous", &self.previous)?;
        s.serialize_field("change", &self.change)?;
        s.serialize_field("drivers", &self.drivers)?;
        s.end()
    }
}

/// Everything [`compare`](super::compare) computes.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CompareResult {
    /// The dimensions, as given.
    pub by: Vec<String>,
    /// The analysis date D.
    pub analysis_date: Day,
    /// First day of the (current) window: `from` as given (or the period's first day), else the first day with a
    /// row in the window; `None` when neither exists.
    pub from: Option<Day>,
    /// Last day of the (current) window: `to` as given, else `D − 1`.
    pub to: Day,
    /// First day of the previous window; `None` without a period.
    pub previous_from: Option<Day>,
    /// Last day of the previous window; `None` without a period.
    pub previous_to: Option<Day>,
    /// Rows dated on or after D.
    pub excluded: Excluded,
    /// All rows of the window.
    pub total: Total,
    /// Groups (one dimension) or cells (two), by current revenue, ties by key, `Other` last.
    pub groups: Vec<Group>,
    /// With two dimensions, the first dimension's groups; `None` with one.
    pub rows: Option<Vec<Group>>,
    /// With two dimensions, the second dimension's groups; `None` with one.
    pub columns: Option<Vec<Group>>,
    // Window coverage (issue 17, point 5): so a change from a nearly empty window is flagged, not trusted.
    /// How many days of each window have a row, and how long each window is.
    pub coverage: Coverage,
}

/// Days with at least one row, and length in days, of the current window and (with a period) the previous one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Coverage {
    /// Days of the current window with a row.
    pub current_days_with_rows: u32,
    /// Length of the current window in days (from its first day, as reported, to its last).
    pub current_days: u32,
    /// Days of the previous window with a row; `None` without a period.
    pub previous_days_with_rows: Option<u32>,
    /// Length of the previous window in days; `None` without a period.
    pub previous_days: Option<u32>,
}

/// `numerator ÷ denominator` in currency units, `None` when the denominator is 0.
fn per(revenue: i64, denominator: u64) -> Option<f64> {
    (denominator != 0).then(|| revenue as f64 / UNITS_PER_CURRENCY as f64 / denominator as f64)
}

/// `100 × value ÷ overall`, `None` when either is undefined or the overall value is 0.
fn index(value: Option<f64>, overall: Option<f64>) -> Option<f64> {
    match (value, overall) {
        (Some(v), Some(o)) if o != 0.0 => Some(100.0 * v / o),
        _ => None,
    }
}

/// The metrics of `slot`; `total` is the window's total (`None` for the total itself).
pub(super) fn metrics(sums: &Sums, slot: usize, total: Option<&Metrics>, has_units: bool) -> Metrics {
    let revenue = Money(sums.revenue[slot]);
    let aov = per(revenue.0, sums.orders[slot]);
    let revenue_per_customer = per(revenue.0, sums.customers[slot]);
    let (share, aov_index, revenue_per_customer_index) = match total {
        Some(t) => (
            crate::analysis::share(revenue, t.revenue),
            index(aov, t.aov),
            index(revenue_per_customer, t.revenue_per_customer),
        ),
        None => (
            crate::analysis::share(revenue, revenue),
            index(aov, aov),
            index(revenue_per_customer, revenue_per_customer),
        ),
    };
    Metrics {
        revenue,
        revenue_exact: revenue.exact_string(),
        orders: sums.orders[slot],
        customers: sums.customers[slot],
        units: has_units.then(|| sums.units[slot] as f64 / UNITS_PER_CURRENCY as f64),
        aov,
        revenue_per_customer,
        share,
        aov_index,
        revenue_per_customer_index,
    }
}

/// `(current − previous) ÷ |previous|`; `None` when the previous value is 0 or either is undefined (§9).
pub fn relative_change(current: Option<f64>, previous: Option<f64>) -> Option<f64> {
    match (current, previous) {
        (Some(c), Some(p)) if p != 0.0 && c.is_finite() && p.is_finite() => Some((c - p) / p.abs()),
        _ => None,
    }
}

/// [`relative_change`] of exact integers (money units, counts), subtracted exactly before dividing.
fn exact_change(current: i64, previous: i64) -> Option<f64> {
    (previous != 0).then(|| (i128::from(current) - i128::from(previous)) as f64 / previous.unsigned_abs() as f64)
}

/// The change of every metric from `previous` to `current`: counts and money exactly, ratios as `f64`.
pub(super) fn change(current: &Metrics, previous: &Metrics) -> Change {
    let count = |c: u64, p: u64| exact_change(c as i64, p as i64);
    Change {
        revenue: exact_change(current.revenue.0, previous.revenue.0),
        orders: count(current.orders, previous.orders),
        customers: count(current.customers, previous.customers),
        units: relative_change(current.units, previous.units),
        aov: relative_change(current.aov, previous.aov),
        revenue_per_customer: relative_change(current.revenue_per_customer, previous.revenue_per_customer),
        share: relative_change(current.share, previous.share),
        aov_index: relative_change(current.aov_index, previous.aov_index),
        revenue_per_customer_index: relative_change(
            current.revenue_per_customer_index,
            previous.revenue_per_customer_index,
        ),
    }
}

/// The log-change decomposition of `slot`'s revenue change (see [`Drivers`]).
pub(super) fn drivers(current: &Sums, previous: &Sums, slot: usize) -> Option<Drivers> {
    decompose(
        (current.revenue[slot], current.orders[slot], current.customers[slot]),
        (previous.revenue[slot], previous.orders[slot], previous.customers[slot]),
    )
}

/// [`Drivers`] from (revenue in 1/10,000 units, orders, customers) of the current and the previous window.
pub fn decompose(current: (i64, u64, u64), previous: (i64, u64, u64)) -> Option<Drivers> {
    let ((r1, o1, c1), (r0, o0, c0)) = (current, previous);
    if r1 <= 0 || r0 <= 0 || o1 == 0 || o0 == 0 || c1 == 0 || c0 == 0 {
        return None; // a log of zero or of a sign change
    }
    let ln_revenue = libm::log(r1 as f64 / r0 as f64);
    let weight = if r1 == r0 || ln_revenue == 0.0 { r0 as f64 } else { (r1 - r0) as f64 / ln_revenue };
    let weight = weight / UNITS_PER_CURRENCY as f64;
    let ln_customers = libm::log(c1 as f64 / c0 as f64);
    let ln_frequency = libm::log((o1 as f64 * c0 as f64) / (o0 as f64 * c1 as f64));
    let ln_aov = ln_revenue - ln_customers - ln_frequency; // = ln((R1 / O1) ÷ (R0 / O0))
    Some(Drivers { customers: weight * ln_customers, orders_per_customer: weight * ln_frequency, aov: weight * ln_aov })
}

/// Groups by current revenue (largest first), ties by key, groups with a [`KeyPart::Other`] part last.
pub(super) fn sorted(groups: Vec<Group>) -> Vec<Group> {
    let other: Vec<bool> = groups.iter().map(|g| g.key.contains(&KeyPart::Other)).collect();
    let mut order: Vec<u32> = (0..groups.len() as u32).collect();
    sort_indices(&mut order, &|a, b| {
        let (a, b) = (a as usize, b as usize);
        let (group_a, group_b) = (&groups[a], &groups[b]);
        other[a]
            .cmp(&other[b])
            .then_with(|| group_b.current.revenue.cmp(&group_a.current.revenue))
            .then_with(|| group_a.key.cmp(&group_b.key))
    });
    let mut groups: Vec<Option<Group>> = groups.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| groups[i as usize].take()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn change_is_relative_to_the_magnitude_and_never_infinite() {
        assert_eq!(relative_change(Some(150.0), Some(100.0)), Some(0.5));
        // From −100 to −50 is growth: (−50 − −100) ÷ |−100| = +0.5.
        assert_eq!(relative_change(Some(-50.0), Some(-100.0)), Some(0.5));
        assert_eq!(relative_change(Some(5.0), Some(0.0)), None);
        assert_eq!(relative_change(None, Some(3.0)), None);
        assert_eq!(relative_change(Some(3.0), None), None);
        assert_eq!(exact_change(0, 0), None);
        assert_eq!(exact_change(30_000, -10_000), Some(4.0)); // (3 − (−1)) ÷ 1
        assert_eq!(exact_change(i64::MAX, i64::MIN + 1), Some(2.0));
    }

    #[test]
    fn key_parts_sort_by_text_then_kind_and_keep_their_kind() {
        let value = |v: &str| KeyPart::Value(v.to_string());
        let mut parts = vec![KeyPart::Other, value("Other"), KeyPart::Blank, value("(blank)"), value("Zed"), value("")];
        parts.sort();
        // "" < "(blank)" (U+0028) < "Other" < "Zed"; equal texts: the value first.
        assert_eq!(parts, [value(""), value("(blank)"), KeyPart::Blank, value("Other"), KeyPart::Other, value("Zed")]);
        let texts: Vec<&str> = parts.iter().map(KeyPart::text).collect();
        assert_eq!(texts, ["", "(blank)", "(blank)", "Other", "Other", "Zed"]);
        let kinds: Vec<&str> = parts.iter().map(KeyPart::kind).collect();
        assert_eq!(kinds, ["value", "value", "blank", "value", "other", "value"]);
    }
}
