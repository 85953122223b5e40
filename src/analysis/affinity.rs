//! Product affinity and cross-selling (analytics.md §15): baskets (an order, a customer's day, or all of a
//! customer's rows in the window) with returns netted, the top-K items, the pairs bought together with support,
//! both confidences and lift from integer counts, the next product per customer (exact), and the next products
//! most often chosen per class (segment, tier or lifecycle stage).
//!
//! Hand-written rather than an association-rule crate: the contract asks for pairs only (no Apriori levels), with
//! its own netting, ties and exact integer counts, which is a triangular table of counters and a few passes.

use super::frame::Excluded;
use super::migration::MigrationBy;
use super::rfm::segments::Label;
use super::rfm::{RfmOptions, RfmResult};
use crate::date::Day;
use crate::error::{Error, ErrorKind, OptionRule};
use crate::table::{sort_indices, Dimension, Table, NO_TEXT};
use serde::Serialize;
use std::cmp::Ordering;

/// The default number of items whose pairs are counted (`top`).
pub const DEFAULT_TOP: usize = 200;
/// The largest `top` allowed (a 2,000 × 2,000 triangle of counters is 8 MB).
pub const MAX_TOP: usize = 2_000;
/// The default least support of a kept pair.
pub const DEFAULT_MIN_SUPPORT: f64 = 0.01;
/// The default least number of baskets of a kept pair.
pub const DEFAULT_MIN_COUNT: u64 = 2;
/// The default number of pairs returned.
pub const DEFAULT_MAX_PAIRS: usize = 100;
/// The default number of next products listed per class.
pub const DEFAULT_PER_CLASS: usize = 5;

/// What an item is: a product, or a product category.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AffinityLevel {
    /// The `product` role's column.
    Product,
    /// The `category` role's column.
    Category,
}

impl AffinityLevel {
    /// Both levels, in the catalog's order.
    pub const ALL: [AffinityLevel; 2] = [AffinityLevel::Product, AffinityLevel::Category];

    /// The option's name.
    pub fn name(self) -> &'static str {
        match self {
            AffinityLevel::Product => "product",
            AffinityLevel::Category => "category",
        }
    }
}

/// What a basket is (§15.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BasketKind {
    /// One order (a customer's order id; a blank order id is a basket of its own). Default with an order column.
    Order,
    /// One customer's rows of one day. Default without an order column.
    Day,
    /// All of a customer's rows in the window.
    Customer,
}

impl BasketKind {
    /// Every kind, in the catalog's order.
    pub const ALL: [BasketKind; 3] = [BasketKind::Order, BasketKind::Day, BasketKind::Customer];

    /// The option's name.
    pub fn name(self) -> &'static str {
        match self {
            BasketKind::Order => "order",
            BasketKind::Day => "day",
            BasketKind::Customer => "customer",
        }
    }
}

/// How next products are summed per class (§15.4).
#[derive(Clone, Debug, PartialEq)]
pub struct RecommendOptions {
    /// The class of a customer: segment (default), tier or lifecycle stage.
    pub by: MigrationBy,
    /// The RFM options behind the classes (their analysis date is the affinity's).
    pub rfm: RfmOptions,
    /// Items listed per class.
    pub per_class: usize,
}

impl Default for RecommendOptions {
    fn default() -> RecommendOptions {
        RecommendOptions { by: MigrationBy::Segment, rfm: RfmOptions::default(), per_class: DEFAULT_PER_CLASS }
    }
}

/// Options of `affinity()` (§15.5).
#[derive(Clone, Debug, PartialEq)]
pub struct AffinityOptions {
    /// Product or category; default product, category when only it is mapped.
    pub level: Option<AffinityLevel>,
    /// The basket; default order with an order column, else day.
    pub basket: Option<BasketKind>,
    /// D; default the day after the latest date.
    pub analysis_date: Option<Day>,
    /// First day of the window (inclusive); default none.
    pub from: Option<Day>,
    /// Last day of the window (inclusive); default (and at most) D − 1.
    pub to: Option<Day>,
    /// Items whose pairs are counted (1 … [`MAX_TOP`]).
    pub top: usize,
    /// Least support of a kept pair (0 … 1).
    pub min_support: f64,
    /// Least number of baskets of a kept pair (at least 1).
    pub min_count: u64,
    /// Pairs returned.
    pub max_pairs: usize,
    /// Next products per class.
    pub recommend: RecommendOptions,
}

impl Default for AffinityOptions {
    fn default() -> AffinityOptions {
        AffinityOptions {
            level: None,
            basket: None,
            analysis_date: None,
            from: None,
            to: None,
            top: DEFAULT_TOP,
            min_support: DEFAULT_MIN_SUPPORT,
            min_count: DEFAULT_MIN_COUNT,
            max_pairs: DEFAULT_MAX_PAIRS,
            recommend: RecommendOptions::default(),
        }
    }
}

impl AffinityOptions {
    /// Checks the ranges, naming the option at fault.
    pub fn validate(&self) -> Result<(), Error> {
        if !(1..=MAX_TOP).contains(&self.top) {
            return Err(Error::option_rule("top", OptionRule::WholeNumberRange { min: 1, max: Some(MAX_TOP as i64) }));
        }
        if !(0.0..=1.0).contains(&self.min_support) {
            return Err(Error::invalid_option("minSupport", format!("{} must be between 0 and 1", self.min_support)));
        }
        if self.min_count < 1 {
            return Err(Error::option_rule("minCount", OptionRule::WholeNumberRange { min: 1, max: None }));
        }
        if self.recommend.per_class < 1 {
            return Err(Error::option_rule("recommend.perClass", OptionRule::WholeNumberRange { min: 1, max: None }));
        }
        if let (Some(from), Some(to)) = (self.from, self.to) {
            if from > to {
                return Err(Error::invalid_option("from", format!("{from} is after to ({to}); choose from ≤ to")));
            }
        }
        Ok(())
    }
}

/// One of the top-K items.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ItemCount {
    /// The item's name.
    pub item: String,
    /// Baskets containing it (n_i).
    pub baskets: u64,
    /// n_i ÷ N.
    pub support: f64,
}

/// Two items bought together (a < b in code-point order).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Pair {
    /// The first item.
    pub a: String,
    /// The second item.
    pub b: String,
    /// Baskets containing both (n_ab).
    pub baskets: u64,
    /// n_ab ÷ N.
    pub support: f64,
    /// n_ab ÷ n_a (a → b).
    #[serde(rename = "confidenceAB")]
    pub confidence_ab: f64,
    /// n_ab ÷ n_b (b → a).
    #[serde(rename = "confidenceBA")]
    pub confidence_ba: f64,
    /// n_ab·N ÷ (n_a·n_b).
    pub lift: f64,
}

/// A next product of a class.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChosenItem {
    /// The item.
    pub item: String,
    /// The class's customers whose next product it is.
    pub customers: u64,
    /// customers ÷ the class's customers.
    pub share: f64,
    /// The mean confidence of their recommendation.
    pub mean_confidence: f64,
}

/// The next products most often chosen in one class.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClassRecommendations {
    /// The class's name (segment, tier or stage).
    pub class: String,
    /// Its label.
    pub label: Label,
    /// The class's customers with a row in the window.
    pub customers: u64,
    /// The first `perClass` items by customers (ties by name).
    pub items: Vec<ChosenItem>,
}

/// Per customer with a row in the window, in customer-id order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AffinityCustomers {
    /// Customer codes of the orders table.
    pub customer: Vec<u32>,
    /// The next item's code in the item column ([`NO_TEXT`]: none).
    pub next_item: Vec<u32>,
    /// confidence(i → next item); 0 without one.
    pub confidence: Vec<f64>,
    /// The lift of that pair; 0 without one.
    pub lift: Vec<f64>,
}

/// What `affinity()` returns (§15.5); the customer columns cross as columns.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AffinityResult {
    /// `product` or `category`.
    pub level: &'static str,
    /// The item column's header.
    pub column: String,
    /// `order`, `day` or `customer`.
    pub basket: &'static str,
    /// D.
    pub analysis_date: Day,
    /// The window's first day (`None`: from the first row).
    pub from: Option<Day>,
    /// The window's last day.
    pub to: Day,
    /// Rows dated on or after D.
    pub excluded: Excluded,
    /// Rows of the window whose item is blank (not an item).
    pub blank_item_rows: u64,
    /// N: baskets with at least one item.
    pub baskets: u64,
    /// Distinct items in at least one basket.
    pub distinct_items: u64,
    /// The top-K items by baskets (ties by name).
    pub items: Vec<ItemCount>,
    /// Pairs kept by minCount and minSupport (all of them, returned or not).
    pub pairs_kept: u64,
    /// The first maxPairs kept pairs by lift, then baskets, then names.
    pub pairs: Vec<Pair>,
    /// `segment`, `tier` or `lifecycle`.
    pub recommend_by: &'static str,
    /// Per class of the RFM analysis (classes with customers in the window), in the analysis's order.
    pub recommendations: Vec<ClassRecommendations>,
    /// Per customer.
    #[serde(skip)]
    pub customers: AffinityCustomers,
    /// Which of the table's dimensions holds the items.
    #[serde(skip)]
    pub dimension: usize,
}

/// The classes of the customers, from an RFM result: names, labels and each customer code's class.
pub struct Classes {
    /// Class names in the analysis's order.
    pub names: Vec<String>,
    /// Their labels.
    pub labels: Vec<Label>,
    /// Class per customer code (`u32::MAX`: none, e.g. not scored).
    pub of_customer: Vec<u32>,
}

impl Classes {
    /// The segments, tiers or stages of `result` over a customer dictionary of `codes` codes.
    pub fn from_rfm(result: &RfmResult, by: MigrationBy, codes: usize) -> Classes {
        let (names, labels, assigned): (Vec<String>, Vec<Label>, Vec<u32>) = match by {
            MigrationBy::Segment => (
                result.segments.iter().map(|s| s.name.clone()).collect(),
                result.segments.iter().map(|s| s.label.clone()).collect(),
                result.customers.segment.iter().map(|&s| u32::from(s)).collect(),
            ),
            MigrationBy::Tier => (
                result.tiers.iter().map(|t| t.name.clone()).collect(),
                result.tiers.iter().map(|t| t.label.clone()).collect(),
                result.customers.tier.iter().map(|&t| u32::from(t)).collect(),
            ),
            MigrationBy::Lifecycle => (
                result.lifecycle.iter().map(|l| l.stage.clone()).collect(),
                result.lifecycle.iter().map(|l| l.label.clone()).collect(),
                result.customers.lifecycle.iter().map(|&l| u32::from(l)).collect(),
            ),
        };
        let mut of_customer = vec![u32::MAX; codes];
        for (&customer, &class) in result.customers.customer.iter().zip(&assigned) {
            of_customer[customer as usize] = class;
        }
        Classes { names, labels, of_customer }
    }
}

/// The item column for `level` (the default: product, else category), or `affinity_needs_product`.
pub fn item_column(table: &Table, level: Option<AffinityLevel>) -> Result<(AffinityLevel, usize), Error> {
    let found = match level {
        Some(AffinityLevel::Product) => table.product.map(|i| (AffinityLevel::Product, i)),
        Some(AffinityLevel::Category) => table.category.map(|i| (AffinityLevel::Category, i)),
        None => {
            table.product.map(|i| (AffinityLevel::Product, i)).or(table.category.map(|i| (AffinityLevel::Category, i)))
        }
    };
    found.ok_or_else(|| {
        Error::new(ErrorKind::AffinityNeedsProduct {
            level: level.map_or("any", AffinityLevel::name).to_string(),
            columns: table.dimensions.iter().map(|d| d.name.clone()).collect(),
        })
    })
}

/// Rows grouped into baskets: `rows[bounds[k] .. bounds[k + 1]]` are basket k's rows.
pub(super) struct Grouped {
    /// Row indexes, group by group.
    pub(super) rows: Vec<u32>,
    /// Where each group starts in `rows`, then the end.
    pub(super) bounds: Vec<u32>,
}

/// Groups `rows` by `key` (`0..keys`), keeping file order inside a group (a counting sort).
pub(super) fn group_by_key(rows: &[u32], key: impl Fn(u32) -> u32, keys: usize) -> Grouped {
    let mut bounds = vec![0u32; keys + 1];
    for &row in rows {
        bounds[key(row) as usize + 1] += 1;
    }
    for k in 0..keys {
        bounds[k + 1] += bounds[k];
    }
    let mut next = bounds.clone();
    let mut grouped = vec![0u32; rows.len()];
    for &row in rows {
        let k = key(row) as usize;
        grouped[next[k] as usize] = row;
        next[k] += 1;
    }
    Grouped { rows: grouped, bounds }
}

/// Each basket's items with net amount > 0 (§15.2): `items[bounds[k] .. bounds[k + 1]]`, in order of first row.
struct Members {
    items: Vec<u32>,
    bounds: Vec<u32>,
}

/// Nets the amounts of each group's rows per item and keeps the items whose sum is > 0.
fn members(table: &Table, codes: &[u32], grouped: &Grouped, distinct: usize) -> Members {
    let mut stamp = vec![u32::MAX; distinct];
    let mut net = vec![0i64; distinct];
    let mut touched: Vec<u32> = Vec::new();
    let mut items = Vec::new();
    let mut bounds = Vec::with_capacity(grouped.bounds.len());
    bounds.push(0);
    for k in 0..grouped.bounds.len() - 1 {
        let (start, end) = (grouped.bounds[k] as usize, grouped.bounds[k + 1] as usize);
        touched.clear();
        for &row in &grouped.rows[start..end] {
            let item = codes[row as usize];
            let i = item as usize;
            if stamp[i] != k as u32 {
                stamp[i] = k as u32;
                net[i] = 0;
                touched.push(item);
            }
            net[i] += table.amount[row as usize].0;
        }
        items.extend(touched.iter().copied().filter(|&item| net[item as usize] > 0));
        bounds.push(items.len() as u32);
    }
    Members { items, bounds }
}

/// The baskets of `rows` (window rows with an item) for `kind`.
fn baskets(table: &Table, rows: &[u32], kind: BasketKind, by_customer: &Grouped) -> Grouped {
    match kind {
        BasketKind::Customer => Grouped { rows: by_customer.rows.clone(), bounds: by_customer.bounds.clone() },
        BasketKind::Day => {
            // Within each customer, rows by day (a stable order is not needed: netting adds up).
            let days: Vec<i64> = table.day.iter().map(|d| i64::from(d.0)).collect();
            let mut grouped = by_customer.rows.clone();
            let mut bounds = vec![0u32];
            for c in 0..by_customer.bounds.len() - 1 {
                let (start, end) = (by_customer.bounds[c] as usize, by_customer.bounds[c + 1] as usize);
                let slice = &mut grouped[start..end];
                crate::table::sort_by_number(slice, &days);
                for at in start..end {
                    if at > start && days[grouped[at] as usize] != days[grouped[at - 1] as usize] {
                        bounds.push(at as u32);
                    }
                }
                if end > start {
                    bounds.push(end as u32);
                }
            }
            Grouped { rows: grouped, bounds }
        }
        BasketKind::Order => {
            let customers = &table.customer.codes;
            let Some(orders) = table.order.as_ref() else {
                // No order column: every row is an order of its own.
                return group_by_key(rows, |row| row, table.len());
            };
            // An order belongs to a customer (§9): the first owner's baskets are the order codes; an id shared with
            // another customer, and each blank id, gets a basket of its own after them.
            let mut owner = vec![u32::MAX; orders.distinct()];
            let mut next = orders.distinct() as u32;
            let mut basket = vec![0u32; table.len()];
            let mut shared: Vec<u32> = Vec::new();
            for &row in rows {
                let (order, customer) = (orders.codes[row as usize], customers[row as usize]);
                if order == NO_TEXT {
                    basket[row as usize] = next;
                    next += 1;
                } else if owner[order as usize] == u32::MAX || owner[order as usize] == customer {
                    owner[order as usize] = customer;
                    basket[row as usize] = order;
                } else {
                    shared.push(row); // rare: numbered below, one basket per (order, customer)
                }
            }
            let key = |row: u32| (orders.codes[row as usize], customers[row as usize]);
            sort_indices(&mut shared, &|a, b| key(a).cmp(&key(b)));
            for (at, &row) in shared.iter().enumerate() {
                if at > 0 && key(shared[at - 1]) != key(row) {
                    next += 1;
                }
                basket[row as usize] = next;
            }
            next += u32::from(!shared.is_empty());
            group_by_key(rows, |row| basket[row as usize], next as usize)
        }
    }
}

/// The index of pair (lo, hi), lo < hi < k, in a triangular table.
#[inline(always)]
fn triangle(lo: usize, hi: usize, k: usize) -> usize {
    lo * (2 * k - lo - 1) / 2 + (hi - lo - 1)
}

/// A kept pair by ranks (lo < hi in rank order) with its count.
#[derive(Clone, Copy)]
struct KeptPair {
    lo: u32,
    hi: u32,
    count: u64,
}

/// Product affinity (§15) on `table` with D = `analysis_date` (resolved) and the customers' `classes` (from the
/// RFM analysis at D; `None` when nobody is scored).
pub fn affinity(
    table: &Table,
    options: &AffinityOptions,
    analysis_date: Day,
    classes: Option<&Classes>,
) -> Result<AffinityResult, Error> {
    options.validate()?;
    let (level, dimension) = item_column(table, options.level)?;
    let column: &Dimension = &table.dimensions[dimension];
    let codes = &column.values.codes[..];
    let distinct = column.values.distinct();
    let kind = options.basket.unwrap_or(if table.order.is_some() { BasketKind::Order } else { BasketKind::Day });
    let to = options.to.map_or(analysis_date.plus(-1), |to| to.min(analysis_date.plus(-1)));
    let from = options.from;
    // The window's rows with an item, and every customer with a row in the window.
    let mut rows = Vec::new();
    let mut blank_item_rows = 0;
    let mut in_window = vec![false; table.customer.distinct()];
    for (row, &day) in table.day.iter().enumerate() {
        if day > to || from.is_some_and(|from| day < from) {
            continue;
        }
        in_window[table.customer.codes[row] as usize] = true;
        if codes[row] == NO_TEXT {
            blank_item_rows += 1;
        } else {
            rows.push(row as u32);
        }
    }
    let customer_codes = &table.customer.codes;
    let by_customer = group_by_key(&rows, |row| customer_codes[row as usize], table.customer.distinct());
    let grouped = baskets(table, &rows, kind, &by_customer);
    let basket_members = members(table, codes, &grouped, distinct);
    drop(grouped);
    // N and n_i.
    let mut item_baskets = vec![0u64; distinct];
    let mut n = 0u64;
    for k in 0..basket_members.bounds.len() - 1 {
        let items = &basket_members.items[basket_members.bounds[k] as usize..basket_members.bounds[k + 1] as usize];
        n += u64::from(!items.is_empty());
        for &item in items {
            item_baskets[item as usize] += 1;
        }
    }
    let name = |code: u32| column.values.value(code);
    let mut ranked: Vec<u32> = (0..distinct as u32).filter(|&i| item_baskets[i as usize] > 0).collect();
    let distinct_items = ranked.len() as u64;
    sort_indices(&mut ranked, &|a, b| {
        item_baskets[b as usize].cmp(&item_baskets[a as usize]).then_with(|| name(a).cmp(name(b)))
    });
    ranked.truncate(options.top);
    let k = ranked.len();
    let mut rank_of = vec![u32::MAX; distinct];
    for (rank, &item) in ranked.iter().enumerate() {
        rank_of[item as usize] = rank as u32;
    }
    // n_ij over the top K: Σ |B ∩ top-K|² work.
    let mut counts = vec![0u32; k * k.saturating_sub(1) / 2];
    let mut in_top: Vec<u32> = Vec::new();
    for b in 0..basket_members.bounds.len() - 1 {
        let items = &basket_members.items[basket_members.bounds[b] as usize..basket_members.bounds[b + 1] as usize];
        in_top.clear();
        in_top.extend(items.iter().map(|&i| rank_of[i as usize]).filter(|&r| r != u32::MAX));
        for x in 0..in_top.len() {
            for y in x + 1..in_top.len() {
                let (lo, hi) = (in_top[x].min(in_top[y]) as usize, in_top[x].max(in_top[y]) as usize);
                counts[triangle(lo, hi, k)] += 1;
            }
        }
    }
    drop(basket_members);
    let n_of = |rank: u32| item_baskets[ranked[rank as usize] as usize];
    let mut kept: Vec<KeptPair> = Vec::new();
    for lo in 0..k {
        for hi in lo + 1..k {
            let count = u64::from(counts[triangle(lo, hi, k)]);
            if count >= options.min_count && count > 0 && count as f64 / n as f64 >= options.min_support {
                kept.push(KeptPair { lo: lo as u32, hi: hi as u32, count });
            }
        }
    }
    drop(counts);
    // Lift compared exactly: n_ab·N / (n_a·n_b) against n_cd·N / (n_c·n_d) ⇔ n_ab·n_c·n_d against n_cd·n_a·n_b.
    let lift_order = |p: &KeptPair, q: &KeptPair| {
        let left = u128::from(p.count) * u128::from(n_of(q.lo)) * u128::from(n_of(q.hi));
        let right = u128::from(q.count) * u128::from(n_of(p.lo)) * u128::from(n_of(p.hi));
        left.cmp(&right)
    };
    // Names of a pair in code-point order.
    let names_of = |p: &KeptPair| {
        let (x, y) = (name(ranked[p.lo as usize]), name(ranked[p.hi as usize]));
        if x <= y {
            (x, y)
        } else {
            (y, x)
        }
    };
    let mut order: Vec<u32> = (0..kept.len() as u32).collect();
    sort_indices(&mut order, &|x, y| {
        let (p, q) = (&kept[x as usize], &kept[y as usize]);
        lift_order(q, p).then_with(|| q.count.cmp(&p.count)).then_with(|| names_of(p).cmp(&names_of(q)))
    });
    let lift_of = |count: u64, a: u64, b: u64| {
        (u128::from(count) * u128::from(n)) as f64 / (u128::from(a) * u128::from(b)) as f64
    };
    let pairs = order
        .iter()
        .take(options.max_pairs)
        .map(|&at| {
            let p = &kept[at as usize];
            let (a, b) = names_of(p);
            let (mut na, mut nb) = (n_of(p.lo), n_of(p.hi));
            if a != name(ranked[p.lo as usize]) {
                std::mem::swap(&mut na, &mut nb);
            }
            Pair {
                a: a.to_string(),
                b: b.to_string(),
                baskets: p.count,
                support: p.count as f64 / n as f64,
                confidence_ab: p.count as f64 / na as f64,
                confidence_ba: p.count as f64 / nb as f64,
                lift: lift_of(p.count, na, nb),
            }
        })
        .collect();
    // Candidates of each top item i: (j's rank, n_ij), best first: confidence n_ij / n_i (n_ij descending), then
    // lift (n_j ascending), then n_ij, then j's name.
    let mut candidate_bounds = vec![0u32; k + 1];
    for p in &kept {
        candidate_bounds[p.lo as usize + 1] += 1;
        candidate_bounds[p.hi as usize + 1] += 1;
    }
    for i in 0..k {
        candidate_bounds[i + 1] += candidate_bounds[i];
    }
    // (j's rank, n_ij) of item i's candidates: candidates[bounds[i] .. bounds[i + 1]].
    let mut candidates = vec![(0u32, 0u64); candidate_bounds[k] as usize];
    let mut fill = candidate_bounds.clone();
    for p in &kept {
        candidates[fill[p.lo as usize] as usize] = (p.hi, p.count);
        fill[p.lo as usize] += 1;
        candidates[fill[p.hi as usize] as usize] = (p.lo, p.count);
        fill[p.hi as usize] += 1;
    }
    for i in 0..k {
        let list = &mut candidates[candidate_bounds[i] as usize..candidate_bounds[i + 1] as usize];
        let mut order: Vec<u32> = (0..list.len() as u32).collect();
        sort_indices(&mut order, &|x, y| {
            let (x, y) = (list[x as usize], list[y as usize]);
            y.1.cmp(&x.1)
                .then_with(|| n_of(x.0).cmp(&n_of(y.0)))
                .then_with(|| name(ranked[x.0 as usize]).cmp(name(ranked[y.0 as usize])))
        });
        let sorted: Vec<(u32, u64)> = order.iter().map(|&at| list[at as usize]).collect();
        list.copy_from_slice(&sorted);
    }
    // Next product per customer (§15.4), over the owned sets (net > 0 over the window's rows).
    let owned = members(table, codes, &by_customer, distinct);
    let mut customers: Vec<u32> = (0..table.customer.distinct() as u32).filter(|&c| in_window[c as usize]).collect();
    let customer_name = |code: u32| table.customer.value(code);
    sort_indices(&mut customers, &|a, b| customer_name(a).cmp(customer_name(b)));
    let mut stamp = vec![u32::MAX; distinct];
    let mut out = AffinityCustomers {
        customer: Vec::with_capacity(customers.len()),
        next_item: Vec::with_capacity(customers.len()),
        confidence: Vec::with_capacity(customers.len()),
        lift: Vec::with_capacity(customers.len()),
    };
    for &customer in &customers {
        let set = &owned.items[owned.bounds[customer as usize] as usize..owned.bounds[customer as usize + 1] as usize];
        for &item in set {
            stamp[item as usize] = customer;
        }
        // The best (i, j, n_ij): confidence, then lift, then n_ij, then j's name.
        let mut best: Option<(u32, u32, u64)> = None;
        for &item in set {
            let i = rank_of[item as usize];
            if i == u32::MAX {
                continue;
            }
            let list = &candidates[candidate_bounds[i as usize] as usize..candidate_bounds[i as usize + 1] as usize];
            let Some(&(j, count)) = list.iter().find(|(j, _)| stamp[ranked[*j as usize] as usize] != customer) else {
                continue;
            };
            let better = match best {
                None => true,
                Some((bi, bj, bcount)) => {
                    let (ni, nbi) = (u128::from(n_of(i)), u128::from(n_of(bi)));
                    let confidence = (u128::from(count) * nbi).cmp(&(u128::from(bcount) * ni));
                    let lift = (u128::from(count) * nbi * u128::from(n_of(bj)))
                        .cmp(&(u128::from(bcount) * ni * u128::from(n_of(j))));
                    confidence
                        .then(lift)
                        .then(count.cmp(&bcount))
                        .then_with(|| name(ranked[bj as usize]).cmp(name(ranked[j as usize])))
                        == Ordering::Greater
                }
            };
            if better {
                best = Some((i, j, count));
            }
        }
        out.customer.push(customer);
        match best {
            Some((i, j, count)) => {
                out.next_item.push(ranked[j as usize]);
                out.confidence.push(count as f64 / n_of(i) as f64);
                out.lift.push(lift_of(count, n_of(i), n_of(j)));
            }
            None => {
                out.next_item.push(NO_TEXT);
                out.confidence.push(0.0);
                out.lift.push(0.0);
            }
        }
    }
    let recommendations =
        classes.map_or_else(Vec::new, |classes| per_class(classes, &out, &rank_of, &ranked, options, &name));
    Ok(AffinityResult {
        level: level.name(),
        column: column.name.clone(),
        basket: kind.name(),
        analysis_date,
        from,
        to,
        excluded: Excluded::rows_on_or_after(table, analysis_date),
        blank_item_rows,
        baskets: n,
        distinct_items,
        items: ranked
            .iter()
            .map(|&item| ItemCount {
                item: name(item).to_string(),
                baskets: item_baskets[item as usize],
                support: item_baskets[item as usize] as f64 / n as f64,
            })
            .collect(),
        pairs_kept: kept.len() as u64,
        pairs,
        recommend_by: options.recommend.by.name(),
        recommendations,
        customers: out,
        dimension,
    })
}

/// The next products most often chosen per class, classes in the analysis's order (those with customers).
/// Next products are top items, so the tally is a dense class × rank table.
fn per_class<'a>(
    classes: &Classes,
    customers: &AffinityCustomers,
    rank_of: &[u32],
    ranked: &[u32],
    options: &AffinityOptions,
    name: &dyn Fn(u32) -> &'a str,
) -> Vec<ClassRecommendations> {
    let count = classes.names.len();
    let k = ranked.len();
    let mut members = vec![0u64; count];
    // (customers, Σ confidence) per class and item rank.
    let mut chosen = vec![(0u64, 0.0f64); count * k];
    for (at, &customer) in customers.customer.iter().enumerate() {
        let class = classes.of_customer[customer as usize];
        if class == u32::MAX {
            continue;
        }
        members[class as usize] += 1;
        let item = customers.next_item[at];
        if item != NO_TEXT {
            let entry = &mut chosen[class as usize * k + rank_of[item as usize] as usize];
            entry.0 += 1;
            entry.1 += customers.confidence[at];
        }
    }
    (0..count)
        .filter(|&c| members[c] > 0)
        .map(|c| {
            let tally = &chosen[c * k..(c + 1) * k];
            let mut list: Vec<u32> = (0..k as u32).filter(|&r| tally[r as usize].0 > 0).collect();
            sort_indices(&mut list, &|x, y| {
                tally[y as usize]
                    .0
                    .cmp(&tally[x as usize].0)
                    .then_with(|| name(ranked[x as usize]).cmp(name(ranked[y as usize])))
            });
            ClassRecommendations {
                class: classes.names[c].clone(),
                label: classes.labels[c].clone(),
                customers: members[c],
                items: list
                    .iter()
                    .take(options.recommend.per_class)
                    .map(|&r| {
                        let (n, sum) = tally[r as usize];
                        ChosenItem {
                            item: name(ranked[r as usize]).to_string(),
                            customers: n,
                            share: n as f64 / members[c] as f64,
                            mean_confidence: sum / n as f64,
                        }
                    })
                    .collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_triangle_numbers_every_pair_once() {
        let k = 7;
        let mut seen = vec![false; k * (k - 1) / 2];
        for lo in 0..k {
            for hi in lo + 1..k {
                let at = triangle(lo, hi, k);
                assert!(!seen[at], "({lo}, {hi})");
                seen[at] = true;
            }
        }
        assert!(seen.iter().all(|&s| s));
    }
}

// next product export (issue 16.3): the target list "customers who bought A but not B, with their next product".

/// The product part of a customer export: the `next_product` column and the "bought A but not B" filter, both on the
/// item level and window of `affinity` (its analysis date is the export's).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProductExport {
    /// The affinity whose per-customer next item is written, and whose level and window say what "bought" means.
    pub affinity: AffinityOptions,
    /// Write the column `next_product` (affinity()'s next item per customer; empty for none).
    pub next_product: bool,
    /// Only customers who own every one of these items (net amount > 0 over their rows in the window, §15.4).
    pub bought: Vec<String>,
    /// Only customers who own none of these items.
    pub not_bought: Vec<String>,
}

/// Per customer code, whether the customer owns (§15.4: net amount > 0 over their rows in the window of `options` at
/// `analysis_date`) every item of `bought` and none of `not_bought`. An item that is no value of the item column is
/// an `invalid_option` on `bought` / `notBought` (a typo would otherwise give an empty or unfiltered list).
pub fn owners(
    table: &Table,
    options: &AffinityOptions,
    analysis_date: Day,
    bought: &[String],
    not_bought: &[String],
) -> Result<Vec<bool>, Error> {
    options.validate()?;
    let (_, dimension) = item_column(table, options.level)?;
    let column: &Dimension = &table.dimensions[dimension];
    let code_of = |names: &[String], option: &str| -> Result<Vec<u32>, Error> {
        names
            .iter()
            .map(|name| {
                column.values.dictionary.lookup(name).ok_or_else(|| {
                    Error::invalid_option(
                        option,
                        format!(
                            "\"{name}\" is not a value of the column \"{}\"; give items as they are written there",
                            column.name
                        ),
                    )
                })
            })
            .collect()
    };
    let (wanted, unwanted) = (code_of(bought, "bought")?, code_of(not_bought, "notBought")?);
    // Each named item's slot: its net amount per customer.
    let mut slot_of = vec![u32::MAX; column.values.distinct()];
    for (slot, &code) in wanted.iter().chain(&unwanted).enumerate() {
        if slot_of[code as usize] == u32::MAX {
            slot_of[code as usize] = slot as u32;
        }
    }
    let customers = table.customer.distinct();
    let slots = wanted.len() + unwanted.len();
    let mut net = vec![0i64; slots * customers];
    let to = options.to.map_or(analysis_date.plus(-1), |to| to.min(analysis_date.plus(-1)));
    for (row, &day) in table.day.iter().enumerate() {
        if day > to || options.from.is_some_and(|from| day < from) {
            continue;
        }
        let item = column.values.codes[row];
        if item == NO_TEXT || slot_of[item as usize] == u32::MAX {
            continue;
        }
        let customer = table.customer.codes[row] as usize;
        net[slot_of[item as usize] as usize * customers + customer] += table.amount[row].0;
    }
    let owns = |code: u32, customer: usize| net[slot_of[code as usize] as usize * customers + customer] > 0;
    Ok((0..customers)
        .map(|customer| {
            wanted.iter().all(|&code| owns(code, customer)) && !unwanted.iter().any(|&code| owns(code, customer))
        })
        .collect())
}
