//! Campaign evaluation (analytics.md §16): per campaign and group (treatment, control), who responded within the
//! response window after their contact and what they bought (§16.2); the treatment's uplift over the control with
//! the Newcombe interval and the pooled z test, incremental responders and revenue with its interval (§16.3); the
//! return on the campaign's cost (§16.4); and the same per segment, tier or lifecycle stage as of the campaign's
//! first contact (§16.5). The classes at that date are the workspace's to compute (they share its frames), so the
//! core asks for them through a callback.

use super::frame::Excluded;
use super::migration::MigrationBy;
use super::rfm::segments::Label;
use super::rfm::ClassesAt;
use super::PASS_CHUNK;
use crate::date::Day;
use crate::error::{Error, Warning, WarningKind};
use crate::money::Money;
use crate::table::{CampaignTable, ContactGroup, Table, NO_TEXT};
use serde::Serialize;
use std::rc::Rc;

/// The default response window in days (§16.2).
pub const DEFAULT_WINDOW_DAYS: i32 = 30;
/// The longest response window accepted, in days (ten years).
pub const MAX_WINDOW_DAYS: i32 = 3_650;
/// The confidence levels accepted, each with its two-sided normal quantile z (§16.3), the default second.
pub const CONFIDENCE_LEVELS: [(f64, f64); 3] =
    [(0.90, 1.644_853_626_951_472_2), (0.95, 1.959_963_984_540_054), (0.99, 2.575_829_303_548_900_4)];
/// The default confidence level.
pub const DEFAULT_CONFIDENCE: f64 = 0.95;
/// The class of contacted people without an order before the campaign's first contact (§16.5).
pub const PROSPECT: &str = "(prospect)";
/// The display names of [`PROSPECT`].
pub const PROSPECT_LABEL: (&str, &str) = ("Prospect", "潜在客户");
/// `roiBasis` with a control group: the profit is the incremental revenue's.
pub const ROI_INCREMENTAL: &str = "incremental";
/// `roiBasis` without a control group: the profit is all the treatment's revenue (§16.4, with a caution).
pub const ROI_GROSS: &str = "gross";
/// The caution shown with a gross ROI, in English and Chinese (§16.6).
pub const GROSS_CAUTION: (&str, &str) = (
    "No control group: counts all sales of contacted customers, not only what the campaign caused",
    "无对照组:计入了被触达客户的全部销售,而不仅是活动带来的增量",
);

/// Options of `campaigns()` (§16.6); every field has the contract's default.
#[derive(Clone, Debug, PartialEq)]
pub struct CampaignOptions {
    /// D: rows dated before it count; default the day after the latest row.
    pub analysis_date: Option<Day>,
    /// The response window W in days, the contact day included (30).
    pub window_days: i32,
    /// The confidence level of the intervals: 0.90, 0.95 (default) or 0.99.
    pub confidence: f64,
    /// Cost per treatment contact when the file has no cost column (0).
    pub cost_per_contact: Money,
    /// A cost of the campaign besides its contacts (0).
    pub fixed_cost: Money,
    /// The share of revenue that is profit, 0 … 1 (1).
    pub margin: f64,
    /// The classes of the per-class rows (segment by default); `None`: no per-class rows.
    pub by: Option<MigrationBy>,
}

impl Default for CampaignOptions {
    fn default() -> Self {
        CampaignOptions {
            analysis_date: None,
            window_days: DEFAULT_WINDOW_DAYS,
            confidence: DEFAULT_CONFIDENCE,
            cost_per_contact: Money::ZERO,
            fixed_cost: Money::ZERO,
            margin: 1.0,
            by: Some(MigrationBy::Segment),
        }
    }
}

impl CampaignOptions {
    /// Checks every option, naming the first one at fault.
    pub fn validate(&self) -> Result<(), Error> {
        if !(1..=MAX_WINDOW_DAYS).contains(&self.window_days) {
            return Err(Error::invalid_option(
                "windowDays",
                format!("{} must be a whole number of days from 1 to {MAX_WINDOW_DAYS}", self.window_days),
            ));
        }
        if self.z().is_none() {
            return Err(Error::invalid_option("confidence", format!("{} must be 0.9, 0.95 or 0.99", self.confidence)));
        }
        for (name, money) in [("costPerContact", self.cost_per_contact), ("fixedCost", self.fixed_cost)] {
            if money < Money::ZERO {
                return Err(Error::invalid_option(name, format!("{money} is negative; give a cost of 0 or more")));
            }
        }
        if !(0.0..=1.0).contains(&self.margin) {
            return Err(Error::invalid_option("margin", format!("{} must be a share from 0 to 1", self.margin)));
        }
        Ok(())
    }

    /// The normal quantile of [`confidence`](Self::confidence), `None` for a level not offered.
    pub fn z(&self) -> Option<f64> {
        CONFIDENCE_LEVELS.iter().find(|(level, _)| *level == self.confidence).map(|(_, z)| *z)
    }
}

/// One group's figures over its contacts' response windows (§16.2). Quotients are `None` when their denominator
/// is 0; the flag figures are `None` for the control group and when the file has no such column.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupMetrics {
    /// Distinct contacted customers n.
    pub contacted: u64,
    /// Contacted customers with a row of amount > 0 in their window, y.
    pub responders: u64,
    /// y ÷ n (反应率).
    pub response_rate: Option<f64>,
    /// Order count (§1) over the window rows.
    pub orders: u64,
    /// Σ every window amount, returns included.
    pub revenue: Money,
    /// The same, exact.
    pub revenue_exact: String,
    /// revenue ÷ n.
    pub revenue_per_contact: Option<f64>,
    /// revenue ÷ orders.
    pub aov: Option<f64>,
    /// Contacts who opened.
    pub opened: Option<u64>,
    /// Contacts who clicked.
    pub clicked: Option<u64>,
    /// opened ÷ n (打开率).
    pub open_rate: Option<f64>,
    /// clicked ÷ n (点击率).
    pub click_rate: Option<f64>,
    /// clicked ÷ opened.
    pub click_to_open_rate: Option<f64>,
    /// Responders among clickers ÷ clickers (转化率).
    pub conversion_rate: Option<f64>,
}

/// Treatment against control (§16.3): `None` as a whole when either group has no contact.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Uplift {
    /// Δ = p_T − p_C (增量提升).
    pub difference: f64,
    /// Newcombe's lower bound of Δ.
    pub low: f64,
    /// Newcombe's upper bound of Δ.
    pub high: f64,
    /// p_T ÷ p_C − 1; `None` when p_C = 0.
    pub relative: Option<f64>,
    /// The pooled two-proportion z; `None` when the pooled rate is 0 or 1.
    pub z: Option<f64>,
    /// Its two-sided p-value; `None` with `z`.
    pub p_value: Option<f64>,
    /// Δ × n_T.
    pub incremental_responders: f64,
    /// `revenuePerContactDifference` × n_T.
    pub incremental_revenue: f64,
    /// revenuePerContact_T − revenuePerContact_C.
    pub revenue_per_contact_difference: f64,
    /// Its lower bound (normal, sample variances); `None` when a group has fewer than 2 contacts.
    pub revenue_low: Option<f64>,
    /// Its upper bound; `None` likewise.
    pub revenue_high: Option<f64>,
}

/// The return on the campaign's cost (§16.4).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Roi {
    /// The cost: the cost column over treatment contacts, or `costPerContact` × n_T, plus `fixedCost`.
    pub cost: Money,
    /// The same, exact.
    pub cost_exact: String,
    /// Incremental revenue × margin with a control group, else the treatment's revenue × margin.
    pub profit: f64,
    /// (profit − cost) ÷ cost (投资回报率).
    pub roi: Option<f64>,
    /// `incremental` or `gross` (without a control group: read it with the caution).
    pub roi_basis: &'static str,
    /// cost ÷ responders of the treatment.
    pub cost_per_responder: Option<f64>,
    /// cost ÷ orders of the treatment (每单获取成本).
    pub cost_per_order: Option<f64>,
    /// cost ÷ incremental responders.
    pub cost_per_incremental_responder: Option<f64>,
}

/// One class (segment, tier or stage as of the campaign's first contact, or `(prospect)`): §16.2 and §16.3.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClassResult {
    /// The class's name (`(prospect)` for people without an order before the first contact).
    pub class: String,
    /// Its display names.
    pub label: Label,
    /// The treatment contacts of the class.
    pub treatment: GroupMetrics,
    /// The control contacts of the class; `None` when the campaign has no control group.
    pub control: Option<GroupMetrics>,
    /// Treatment against control within the class.
    pub uplift: Option<Uplift>,
}

/// One campaign's evaluation (§16.6).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CampaignResult {
    /// The campaign's name.
    pub campaign: String,
    /// The earliest contact.
    pub first_contact: Day,
    /// The latest (first) contact of a customer.
    pub last_contact: Day,
    /// Whether every response window ends before the analysis date.
    pub window_complete: bool,
    /// The treatment group.
    pub treatment: GroupMetrics,
    /// The control group; `None` when the campaign has none.
    pub control: Option<GroupMetrics>,
    /// Treatment against control; `None` without a control group.
    pub uplift: Option<Uplift>,
    /// The return on cost; `None` when the campaign has no treatment contact.
    pub roi: Option<Roi>,
    /// Per class as of the first contact, in the classes' order, then `(prospect)`; only classes with contacts.
    pub classes: Vec<ClassResult>,
}

/// What `campaigns()` returns (§16.6).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CampaignsResult {
    /// The analysis date D.
    pub analysis_date: Day,
    /// The response window W in days.
    pub window_days: i32,
    /// The confidence level of the intervals.
    pub confidence: f64,
    /// `segment`, `tier`, `lifecycle`, or `None` without per-class rows.
    pub by: Option<&'static str>,
    /// Every campaign, in order of first appearance in the file.
    pub campaigns: Vec<CampaignResult>,
    /// Order rows dated on or after D (not counted).
    pub excluded: Excluded,
    /// `window_incomplete` for each campaign whose windows reach D.
    pub warnings: Vec<Warning>,
}

/// What one contact's window holds.
#[derive(Clone, Copy, Default)]
struct Outcome {
    revenue: Money,
    orders: u32,
    responded: bool,
}

/// The order rows of the contacted customers, grouped by customer code (rows in table order within a customer):
/// `rows[start[code]..start[code + 1]]`. A counting sort, O(rows + customers), made once when the campaign file is
/// joined (the orders never change), so an evaluation reads the contacted customers' rows only (issue 15.6).
#[derive(Clone, Debug, Default)]
pub struct ContactedRows {
    start: Vec<u32>,
    rows: Vec<u32>,
}

impl ContactedRows {
    /// The index of the rows of `table` whose customer `contacts` holds.
    pub fn build(table: &Table, contacts: &CampaignTable) -> ContactedRows {
        let customers =
            table.customer.distinct().max(contacts.customer.iter().map(|&c| c as usize + 1).max().unwrap_or(0));
        let mut contacted = vec![false; customers];
        for &code in &contacts.customer {
            contacted[code as usize] = true;
        }
        let codes = &table.customer.codes;
        let mut start = vec![0u32; customers + 1];
        for &code in codes {
            if contacted[code as usize] {
                start[code as usize + 1] += 1;
            }
        }
        for code in 0..customers {
            start[code + 1] += start[code];
        }
        let mut next = start.clone();
        let mut rows = vec![0u32; start[customers] as usize];
        for (row, &code) in codes.iter().enumerate() {
            if contacted[code as usize] {
                let at = &mut next[code as usize];
                rows[*at as usize] = row as u32;
                *at += 1;
            }
        }
        ContactedRows { start, rows }
    }

    /// The rows of customer `code` (none for a code the index was not built with).
    fn of(&self, code: u32) -> &[u32] {
        match (self.start.get(code as usize), self.start.get(code as usize + 1)) {
            (Some(&from), Some(&to)) => &self.rows[from as usize..to as usize],
            _ => &[],
        }
    }
}

/// Every contact's window: rows dated from the contact day to `window_days` − 1 days later, and before D.
fn outcomes(
    table: &Table,
    contacts: &CampaignTable,
    by_customer: &ContactedRows,
    window_days: i32,
    analysis_date: Day,
) -> Vec<Outcome> {
    let order_codes = table.order.as_ref().map(|o| &o.codes);
    // Per order code, the last contact (+ 1) that counted it: an order counts once per contact (§1).
    let mut counted_by = vec![0u32; table.order.as_ref().map_or(0, |o| o.distinct())];
    let mut out = vec![Outcome::default(); contacts.len()];
    let window = Window { table, contacts, by_customer, order_codes, window_days, analysis_date };
    for chunk in (0..out.len()).step_by(PASS_CHUNK) {
        let end = out.len().min(chunk + PASS_CHUNK);
        window.outcomes_chunk(chunk, &mut out[chunk..end], &mut counted_by);
    }
    out
}

/// What [`outcomes`] reads.
struct Window<'a> {
    table: &'a Table,
    contacts: &'a CampaignTable,
    by_customer: &'a ContactedRows,
    order_codes: Option<&'a Vec<u32>>,
    window_days: i32,
    analysis_date: Day,
}

impl Window<'_> {
    /// The outcomes of the contacts from `first_contact` on, into `out`; `counted_by` holds, per order code, the
    /// last contact (+ 1) that counted it. A function of its own ([`PASS_CHUNK`]).
    #[inline(never)]
    fn outcomes_chunk(&self, first_contact: usize, out: &mut [Outcome], counted_by: &mut [u32]) {
        let table = self.table;
        for (k, outcome) in (first_contact..).zip(out.iter_mut()) {
            let code = self.contacts.customer[k];
            let first = self.contacts.contact_day[k];
            let end = first.plus(self.window_days).min(self.analysis_date);
            for &row in self.by_customer.of(code) {
                let row = row as usize;
                let day = table.day[row];
                if day < first || day >= end {
                    continue;
                }
                let amount = table.amount[row];
                outcome.revenue += amount;
                if amount > Money::ZERO {
                    outcome.responded = true;
                    let order = self.order_codes.map_or(NO_TEXT, |codes| codes[row]);
                    if order == NO_TEXT || counted_by[order as usize] != k as u32 + 1 {
                        outcome.orders += 1;
                        if order != NO_TEXT {
                            counted_by[order as usize] = k as u32 + 1;
                        }
                    }
                }
            }
        }
    }
}

/// A group's sums, from which [`GroupMetrics`] and [`Uplift`] are computed.
#[derive(Clone, Copy, Debug, Default)]
struct Tally {
    contacted: u64,
    responders: u64,
    orders: u64,
    revenue: Money,
    opened: u64,
    clicked: u64,
    clicked_responders: u64,
    /// Σ (revenue − mean)² over the contacts, in currency units².
    squares: f64,
}

/// Which flag columns the campaign file has.
#[derive(Clone, Copy)]
struct Flags<'a> {
    opened: Option<&'a [bool]>,
    clicked: Option<&'a [bool]>,
}

impl Tally {
    /// The tally of the contacts `rows` (indexes into the campaign table and `outcomes`).
    fn of(rows: &[usize], outcomes: &[Outcome], flags: Flags<'_>) -> Tally {
        let mut t = Tally::default();
        for &k in rows {
            let o = outcomes[k];
            t.contacted += 1;
            t.responders += u64::from(o.responded);
            t.orders += u64::from(o.orders);
            t.revenue += o.revenue;
            let opened = flags.opened.is_some_and(|f| f[k]);
            let clicked = flags.clicked.is_some_and(|f| f[k]);
            t.opened += u64::from(opened);
            t.clicked += u64::from(clicked);
            t.clicked_responders += u64::from(clicked && o.responded);
        }
        if t.contacted > 0 {
            let mean = t.revenue.to_f64() / t.contacted as f64;
            t.squares = rows.iter().map(|&k| square(outcomes[k].revenue.to_f64() - mean)).sum();
        }
        t
    }

    fn rate(&self) -> Option<f64> {
        ratio(self.responders as f64, self.contacted as f64)
    }

    fn revenue_per_contact(&self) -> Option<f64> {
        ratio(self.revenue.to_f64(), self.contacted as f64)
    }

    /// The sample variance (n − 1) of the per-contact revenue; `None` below 2 contacts.
    fn variance(&self) -> Option<f64> {
        (self.contacted >= 2).then(|| self.squares / (self.contacted - 1) as f64)
    }

    /// The group's figures; `flags` only for the treatment.
    fn metrics(&self, flags: Option<Flags<'_>>) -> GroupMetrics {
        let n = self.contacted as f64;
        let opened = flags.and_then(|f| f.opened.map(|_| self.opened));
        let clicked = flags.and_then(|f| f.clicked.map(|_| self.clicked));
        GroupMetrics {
            contacted: self.contacted,
            responders: self.responders,
            response_rate: self.rate(),
            orders: self.orders,
            revenue: self.revenue,
            revenue_exact: self.revenue.exact_string(),
            revenue_per_contact: self.revenue_per_contact(),
            aov: ratio(self.revenue.to_f64(), self.orders as f64),
            opened,
            clicked,
            open_rate: opened.and_then(|o| ratio(o as f64, n)),
            click_rate: clicked.and_then(|c| ratio(c as f64, n)),
            click_to_open_rate: opened.zip(clicked).and_then(|(o, c)| ratio(c as f64, o as f64)),
            conversion_rate: clicked.and_then(|c| ratio(self.clicked_responders as f64, c as f64)),
        }
    }
}

/// `x²` (a product, exact to the last bit on every platform, unlike `powi`).
fn square(x: f64) -> f64 {
    x * x
}

/// `a ÷ b`; `None` when `b` is 0.
fn ratio(a: f64, b: f64) -> Option<f64> {
    (b != 0.0).then(|| a / b)
}

/// The Wilson score interval of `y` successes in `n` trials at normal quantile `z` (n > 0), inside [0, 1] and
/// around y ÷ n (as it is exactly; the clamps only undo rounding).
pub fn wilson(y: u64, n: u64, z: f64) -> (f64, f64) {
    let (nf, p) = (n as f64, y as f64 / n as f64);
    let z2 = z * z;
    let denominator = 1.0 + z2 / nf;
    let centre = (p + z2 / (2.0 * nf)) / denominator;
    let half = z / denominator * libm::sqrt(p * (1.0 - p) / nf + z2 / (4.0 * nf * nf));
    ((centre - half).clamp(0.0, p), (centre + half).clamp(p, 1.0))
}

/// Newcombe's (1998) method 10 interval of p_T − p_C (hybrid score, no continuity correction), inside [−1, 1];
/// both groups must have contacts.
pub fn newcombe(y_t: u64, n_t: u64, y_c: u64, n_c: u64, z: f64) -> (f64, f64) {
    let (p_t, p_c) = (y_t as f64 / n_t as f64, y_c as f64 / n_c as f64);
    let ((l_t, u_t), (l_c, u_c)) = (wilson(y_t, n_t, z), wilson(y_c, n_c, z));
    let difference = p_t - p_c;
    let low = difference - libm::sqrt(square(p_t - l_t) + square(u_c - p_c));
    let high = difference + libm::sqrt(square(u_t - p_t) + square(p_c - l_c));
    (low.max(-1.0), high.min(1.0))
}

/// The pooled two-proportion z test: `(z, two-sided p)`, `None` when the pooled rate is 0 or 1.
pub fn pooled_z_test(y_t: u64, n_t: u64, y_c: u64, n_c: u64) -> Option<(f64, f64)> {
    let pooled = (y_t + y_c) as f64 / (n_t + n_c) as f64;
    if pooled <= 0.0 || pooled >= 1.0 {
        return None;
    }
    let difference = y_t as f64 / n_t as f64 - y_c as f64 / n_c as f64;
    let z = difference / libm::sqrt(pooled * (1.0 - pooled) * (1.0 / n_t as f64 + 1.0 / n_c as f64));
    Some((z, libm::erfc(z.abs() / std::f64::consts::SQRT_2)))
}

/// Treatment against control; `None` when either has no contact.
fn uplift(t: &Tally, c: &Tally, z: f64) -> Option<Uplift> {
    if t.contacted == 0 || c.contacted == 0 {
        return None;
    }
    let (p_t, p_c) = (t.rate()?, c.rate()?);
    let difference = p_t - p_c;
    let (low, high) = newcombe(t.responders, t.contacted, c.responders, c.contacted, z);
    let test = pooled_z_test(t.responders, t.contacted, c.responders, c.contacted);
    let per_contact = t.revenue_per_contact()? - c.revenue_per_contact()?;
    let spread = t
        .variance()
        .zip(c.variance())
        .map(|(v_t, v_c)| z * libm::sqrt(v_t / t.contacted as f64 + v_c / c.contacted as f64));
    Some(Uplift {
        difference,
        low,
        high,
        relative: (p_c != 0.0).then(|| p_t / p_c - 1.0),
        z: test.map(|(z, _)| z),
        p_value: test.map(|(_, p)| p),
        incremental_responders: difference * t.contacted as f64,
        incremental_revenue: per_contact * t.contacted as f64,
        revenue_per_contact_difference: per_contact,
        revenue_low: spread.map(|s| per_contact - s),
        revenue_high: spread.map(|s| per_contact + s),
    })
}

/// The return on `cost` (§16.4): incremental with a control group, gross without.
fn roi(cost: Money, t: &Tally, uplift: Option<&Uplift>, has_control: bool, margin: f64) -> Roi {
    let (profit, basis) = match (has_control, uplift) {
        (true, Some(u)) => (u.incremental_revenue * margin, ROI_INCREMENTAL),
        (true, None) => (0.0, ROI_INCREMENTAL),
        (false, _) => (t.revenue.to_f64() * margin, ROI_GROSS),
    };
    let cost_f = cost.to_f64();
    let per = |denominator: f64| (cost > Money::ZERO && denominator > 0.0).then(|| cost_f / denominator);
    Roi {
        cost,
        cost_exact: cost.exact_string(),
        profit,
        roi: (cost > Money::ZERO).then(|| (profit - cost_f) / cost_f),
        roi_basis: basis,
        cost_per_responder: per(t.responders as f64),
        cost_per_order: per(t.orders as f64),
        cost_per_incremental_responder: per(uplift.map_or(0.0, |u| u.incremental_responders)),
    }
}

/// The classes of `options.by` at each of several dates (distinct, ascending) for the per-class rows, aligned with
/// them: `None` at a date before which nobody has an order. Asked once for every first contact, so the workspace
/// reads them all in one pass.
pub type StatesAt<'a> = dyn Fn(&[Day]) -> Result<Vec<Option<Rc<ClassesAt>>>, Error> + 'a;

/// Evaluates every campaign of `contacts` against the orders of `table` before `analysis_date` (resolved by the
/// caller) with `options` (validated here); `contacted_rows` is [`ContactedRows::build`] of the two, and
/// `states_at(first contacts)` gives the RFM states behind the per-class rows.
pub fn campaigns(
    table: &Table,
    contacts: &CampaignTable,
    contacted_rows: &ContactedRows,
    analysis_date: Day,
    options: &CampaignOptions,
    states_at: &StatesAt<'_>,
) -> Result<CampaignsResult, Error> {
    options.validate()?;
    let z = options.z().unwrap_or(CONFIDENCE_LEVELS[1].1);
    let outcomes = outcomes(table, contacts, contacted_rows, options.window_days, analysis_date);
    let flags = Flags { opened: contacts.opened.as_deref(), clicked: contacts.clicked.as_deref() };
    let mut warnings = Vec::new();
    let mut results = Vec::with_capacity(contacts.campaigns.len());
    // Each campaign's first and last contact, and the states at the first contacts (one per date, as several
    // campaigns may start on the same day), asked for at once.
    let spans: Vec<Option<(Day, Day)>> = (0..contacts.campaigns.len() as u32)
        .map(|code| {
            let days = &contacts.contact_day[contacts.campaign_rows(code)];
            let (&start, rest) = days.split_first()?;
            Some(rest.iter().fold((start, start), |(first, last), &day| (first.min(day), last.max(day))))
        })
        .collect();
    let states: Vec<(Day, Option<Rc<ClassesAt>>)> = if options.by.is_some() {
        let mut firsts: Vec<Day> = spans.iter().flatten().map(|&(first, _)| first).collect();
        firsts.sort_unstable();
        firsts.dedup();
        let states = states_at(&firsts)?;
        firsts.into_iter().zip(states).collect()
    } else {
        Vec::new()
    };
    for (code, span) in spans.iter().enumerate() {
        let Some((first, last)) = *span else { continue };
        let rows = contacts.campaign_rows(code as u32);
        let name = contacts.campaigns.value(code as u32).to_string();
        let window_end = last.plus(options.window_days - 1);
        let window_complete = window_end < analysis_date;
        if !window_complete {
            warnings.push(Warning::new(
                WarningKind::WindowIncomplete { campaign: name.clone(), window_end, analysis_date },
                Vec::new(),
            ));
        }
        let of_group = |group: ContactGroup, keep: &dyn Fn(usize) -> bool| -> Vec<usize> {
            rows.clone().filter(|&k| contacts.group[k] == group && keep(k)).collect()
        };
        let all = |_: usize| true;
        let (treated, held_out) = (of_group(ContactGroup::Treatment, &all), of_group(ContactGroup::Control, &all));
        let has_control = !held_out.is_empty();
        let t = Tally::of(&treated, &outcomes, flags);
        let c = Tally::of(&held_out, &outcomes, flags);
        let campaign_uplift = if has_control { uplift(&t, &c, z) } else { None };
        let roi = (t.contacted > 0).then(|| {
            let contact_cost = match &contacts.cost {
                Some(costs) => {
                    treated.iter().map(|&k| costs[k]).fold(Money::ZERO, |a, b| Money(a.0.saturating_add(b.0)))
                }
                None => Money(options.cost_per_contact.0.saturating_mul(t.contacted as i64)),
            };
            let cost = Money(contact_cost.0.saturating_add(options.fixed_cost.0));
            roi(cost, &t, campaign_uplift.as_ref(), has_control, options.margin)
        });
        let mut classes = Vec::new();
        if options.by.is_some() {
            let state = states.iter().find(|(day, _)| *day == first).and_then(|(_, state)| state.clone());
            let names = state.as_ref().map(|s| s.names.clone()).unwrap_or_default();
            let prospect = names.len() as u16;
            let mut class_of_code = vec![prospect; table.customer.distinct()];
            if let Some(state) = &state {
                for (&code, &class) in state.customer.iter().zip(&state.class) {
                    class_of_code[code as usize] = class;
                }
            }
            let class_of = |k: usize| class_of_code.get(contacts.customer[k] as usize).copied().unwrap_or(prospect);
            let prospect_label = Label { en: PROSPECT_LABEL.0.into(), zh: PROSPECT_LABEL.1.into() };
            let every = names.iter().cloned().chain(std::iter::once((PROSPECT.to_string(), prospect_label)));
            // The campaign's treated and held-out contacts per class, in row order: one pass over the rows rather
            // than two per class.
            let mut by_class: Vec<[Vec<usize>; 2]> = vec![[Vec::new(), Vec::new()]; usize::from(prospect) + 1];
            for k in rows.clone() {
                let group = usize::from(contacts.group[k] == ContactGroup::Control);
                by_class[usize::from(class_of(k))][group].push(k);
            }
            for ((class, label), [treated, held_out]) in every.zip(&by_class) {
                if treated.is_empty() && held_out.is_empty() {
                    continue;
                }
                let (t, c) = (Tally::of(treated, &outcomes, flags), Tally::of(held_out, &outcomes, flags));
                classes.push(ClassResult {
                    class,
                    label,
                    treatment: t.metrics(Some(flags)),
                    control: has_control.then(|| c.metrics(None)),
                    uplift: if has_control { uplift(&t, &c, z) } else { None },
                });
            }
        }
        results.push(CampaignResult {
            campaign: name,
            first_contact: first,
            last_contact: last,
            window_complete,
            treatment: t.metrics(Some(flags)),
            control: has_control.then(|| c.metrics(None)),
            uplift: campaign_uplift,
            roi,
            classes,
        });
    }
    Ok(CampaignsResult {
        analysis_date,
        window_days: options.window_days,
        confidence: options.confidence,
        by: options.by.map(MigrationBy::name),
        campaigns: results,
        excluded: Excluded::rows_on_or_after(table, analysis_date),
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_bounds_of_f2() {
        // §16.8 F2: Wilson T [0.046896, 0.076471], C [0.029511, 0.054010].
        let z = CONFIDENCE_LEVELS[1].1;
        let (l, u) = wilson(60, 1000, z);
        assert!((l - 0.046896).abs() < 5e-7 && (u - 0.076471).abs() < 5e-7, "{l} {u}");
        let (l, u) = wilson(40, 1000, z);
        assert!((l - 0.029511).abs() < 5e-7 && (u - 0.054010).abs() < 5e-7, "{l} {u}");
    }

    #[test]
    fn options_out_of_range_are_refused_by_name() {
        let refused = |options: CampaignOptions| options.validate().unwrap_err().to_string();
        let defaults = CampaignOptions::default();
        assert!(refused(CampaignOptions { window_days: 0, ..defaults.clone() }).starts_with("windowDays"));
        assert!(refused(CampaignOptions { confidence: 0.8, ..defaults.clone() }).starts_with("confidence"));
        assert!(refused(CampaignOptions { margin: 1.5, ..defaults.clone() }).starts_with("margin"));
        assert!(refused(CampaignOptions { fixed_cost: Money(-1), ..defaults.clone() }).starts_with("fixedCost"));
        assert!(defaults.validate().is_ok());
        for (level, _) in CONFIDENCE_LEVELS {
            assert!(CampaignOptions { confidence: level, ..defaults.clone() }.validate().is_ok());
        }
    }
}
