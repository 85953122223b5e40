//! The workspace: a loaded orders table with its report, the files joined to it (a customers file, a campaign
//! file) through the orders' one customer dictionary, and what is worth computing once: the customer frame per
//! analysis date and the last RFM result. Every analysis goes through it, so `rfm()`, `compare()`, the export and
//! later analyses share one frame instead of each rebuilding it. Pure core: the binding wraps it.

use crate::analysis::affinity::{
    affinity, item_column, owners, AffinityOptions, AffinityResult, Classes, ProductExport,
};
use crate::analysis::campaigns::{campaigns, CampaignOptions, CampaignsResult, ContactedRows};
use crate::analysis::clv::ClvOptions;
use crate::analysis::clv_frame::{clv_on_frame, ClvReport};
use crate::analysis::cohorts::{cohorts, ChurnRiskMethod, CohortOptions, CohortResult};
use crate::analysis::compare::{compare_with_attributes, CompareOptions, CompareResult};
use crate::analysis::customer_detail::{customer_code, customer_detail, CustomerDetail, CustomerDetailOptions};
use crate::analysis::frame::{CustomerFrame, JoinedColumn, JoinedValues};
use crate::analysis::growth::{growth_matrix, GrowthOptions, GrowthResult};
use crate::analysis::migration::{migration, MigrationBy, MigrationOptions, MigrationResult, DEFAULT_DAYS_BETWEEN};
use crate::analysis::profile::{
    age_band_column, profile, unknown_attribute, AgesByCode, AttributeColumn, CustomerAttributes, ProfileOptions,
    ProfileResult, BLANK, DEFAULT_AGE_BANDS,
};
use crate::analysis::resolve_analysis_date_in;
use crate::analysis::rfm::export::{customers_csv_with, order_columns, ExportFilter, ExtraColumn, ExtraValues};
use crate::analysis::rfm::{classes_on, rfm_on, ClassesAt, RfmOptions, RfmResult};
use crate::analysis::trend::{trend_in_range, TrendOptions, TrendResult};
use crate::date::Day;
use crate::error::{Error, ErrorKind};
use crate::ingest::{
    join_campaigns, join_customers, CampaignFile, CampaignJoinReport, CustomerFile, CustomerJoinReport, LoadReport,
    Loaded,
};
use crate::money::Money;
use crate::table::{CampaignTable, CustomerTable, Dimension, Table, MEASURE_MISSING, NO_ROW, NO_TEXT};
use std::cell::RefCell;
use std::rc::Rc;

/// How many customer frames are kept (the most recently used): the current analysis date and one other, as a
/// comparison of two dates needs. A frame of 1M customers takes tens of megabytes, so not more.
pub const MAX_CACHED_FRAMES: usize = 2;

/// How often the workspace did the work its cache saves, for tests and measurements.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Customer frames built.
    pub frames_built: u64,
    /// RFM analyses run (not answered from the cache).
    pub rfm_runs: u64,
    /// CLV analyses run (not answered from the cache).
    pub clv_runs: u64,
    // campaigns speed (issue 15.6)
    /// RFM states computed for `campaigns()`' per-class rows (one per first-contact date not kept).
    pub campaign_states: u64,
}

// Campaign evaluation (§16.5).
/// Classes by analysis date (`None`: nobody scored at that date).
type StatesByDate = Vec<(Day, Option<Rc<ClassesAt>>)>;

/// What the workspace keeps between calls.
#[derive(Default)]
struct Cache {
    /// Frames, least recently used first.
    frames: Vec<Rc<CustomerFrame>>,
    /// The last RFM result, with its options (analysis date resolved).
    rfm: Option<(RfmOptions, Rc<RfmResult>)>,
    /// The last CLV result, with its options (RFM's analysis date resolved): fits are worth keeping.
    clv: Option<(ClvOptions, RfmOptions, Rc<ClvReport>)>,
    // Campaign evaluation (§16.5).
    /// The classes at the first contacts of the last `campaigns()` call, with their RFM options (analysis date
    /// left out) and kind: changing the window, costs or margin then costs no RFM run.
    campaign_states: Option<(RfmOptions, MigrationBy, StatesByDate)>,
    // profile speed (issue 15.6)
    /// The joined customers' ages on the last analysis date asked for (the file cannot change without emptying
    /// the cache).
    ages: Option<(Day, Rc<AgesByCode>)>,
    stats: CacheStats,
}

/// A loaded orders table and its report, the joined files, and the cached customer frames and last RFM result.
/// The orders cannot change once loaded; joining a file empties the cache (frames carry the joined attributes).
pub struct Workspace {
    orders: Table,
    report: LoadReport,
    customers: Option<(CustomerTable, CustomerJoinReport)>,
    campaigns: Option<(CampaignTable, CampaignJoinReport)>,
    /// The joined campaign file's contacted customers' order rows, indexed at the join (issue 15.6).
    contacted_rows: ContactedRows,
    cache: RefCell<Cache>,
    // retention speed (issue 14.4): the orders' date range, read once (the rows never change).
    date_range: Option<(Day, Day)>,
}

impl From<Loaded> for Workspace {
    fn from(loaded: Loaded) -> Workspace {
        Workspace::new(loaded.table, loaded.report)
    }
}

impl Workspace {
    /// A workspace over an orders table and the report of how it was read.
    pub fn new(orders: Table, report: LoadReport) -> Workspace {
        let date_range = orders.date_range();
        let (customers, campaigns, contacted_rows) = (None, None, ContactedRows::default());
        Workspace { orders, report, customers, campaigns, contacted_rows, cache: RefCell::default(), date_range }
    }

    /// Joins a customers file (§14.1) by customer id, replacing an earlier one. `matched` and the other counts of
    /// the report are over the customers scored at the default analysis date. Ids no order has are added to the
    /// customer dictionary, so every table of the workspace speaks of customers by the same codes.
    pub fn join_customers(&mut self, file: CustomerFile) -> &CustomerJoinReport {
        let scored = self.scored_at_default_date();
        let (table, report) = join_customers(file, &mut self.orders.customer.dictionary, &scored);
        *self.cache.get_mut() = Cache::default();
        &self.customers.insert((table, report)).1
    }

    /// Joins a campaign file (§16.1) by customer id, replacing an earlier one. Contacted people need not be
    /// customers: their ids are added to the customer dictionary.
    pub fn join_campaigns(&mut self, file: CampaignFile) -> &CampaignJoinReport {
        let (table, report) = join_campaigns(file, &mut self.orders.customer.dictionary);
        self.contacted_rows = ContactedRows::build(&self.orders, &table);
        &self.campaigns.insert((table, report)).1
    }

    /// The joined customers file and its report, if any.
    pub fn customers(&self) -> Option<&(CustomerTable, CustomerJoinReport)> {
        self.customers.as_ref()
    }

    /// The joined campaign file and its report, if any.
    pub fn campaign_file(&self) -> Option<&(CampaignTable, CampaignJoinReport)> {
        self.campaigns.as_ref()
    }

    /// Per customer code: whether the customer is scored (has an order) at the default analysis date.
    fn scored_at_default_date(&self) -> Vec<bool> {
        let mut scored = vec![false; self.orders.customer.distinct()];
        if let Ok(date) = self.analysis_date(None) {
            let frame = self.frame(date);
            for i in frame.scored() {
                scored[frame.customer[i] as usize] = true;
            }
        }
        scored
    }

    /// The orders table.
    pub fn orders(&self) -> &Table {
        &self.orders
    }

    /// How the orders file was read.
    pub fn report(&self) -> &LoadReport {
        &self.report
    }

    /// The analysis date `D` for a requested one (§2): the day after the latest row when `None`; a date on or
    /// before the first order is refused.
    pub fn analysis_date(&self, requested: Option<Day>) -> Result<Day, Error> {
        resolve_analysis_date_in(self.date_range, requested)
    }

    /// The customer frame at `analysis_date`, built on first use and then shared.
    pub fn frame(&self, analysis_date: Day) -> Rc<CustomerFrame> {
        {
            let mut cache = self.cache.borrow_mut();
            if let Some(at) = cache.frames.iter().position(|f| f.analysis_date == analysis_date) {
                let frame = cache.frames.remove(at);
                cache.frames.push(Rc::clone(&frame));
                return frame;
            }
        }
        let mut frame = CustomerFrame::build(&self.orders, analysis_date);
        if let Some((customers, _)) = &self.customers {
            frame.attributes = joined_columns(&frame, customers, self.orders.customer.distinct());
        }
        let frame = Rc::new(frame);
        let mut cache = self.cache.borrow_mut();
        cache.stats.frames_built += 1;
        if cache.frames.len() == MAX_CACHED_FRAMES {
            cache.frames.remove(0);
        }
        cache.frames.push(Rc::clone(&frame));
        frame
    }

    /// The RFM analysis (§3–§7) on the cached frame; the same options (after resolving the analysis date) as the
    /// last call give the same result without any work.
    pub fn rfm(&self, options: &RfmOptions) -> Result<Rc<RfmResult>, Error> {
        options.validate()?;
        let analysis_date = self.analysis_date(options.analysis_date)?;
        let key = RfmOptions { analysis_date: Some(analysis_date), ..options.clone() };
        if let Some((cached, result)) = &self.cache.borrow().rfm {
            if *cached == key {
                return Ok(Rc::clone(result));
            }
        }
        let frame = self.frame(analysis_date);
        let result = Rc::new(rfm_on(&frame, &self.orders, &key)?);
        let mut cache = self.cache.borrow_mut();
        cache.stats.rfm_runs += 1;
        cache.rfm = Some((key, Rc::clone(&result)));
        Ok(result)
    }

    /// The customer table (all, one segment's, tier's or stage's, or exactly the given ids, with columns of the
    /// orders file when asked) as CSV for Excel, from the cached RFM result when the options are those of the last
    /// analysis, else from the cached frame.
    pub fn export_customers(&self, options: &RfmOptions, filter: &ExportFilter) -> Result<String, Error> {
        self.export_customers_with(options, filter, None, None)
    }

    /// Customer lifetime value (analytics.md §11) on the cached frame at `options.analysis_date` (resolve it with
    /// [`analysis_date`](Self::analysis_date); a date on or before the first order is refused), with expected
    /// purchases and CLV summed by the segments, tiers and stages of the RFM analysis with `rfm` at that date
    /// (cached too). `rfm.analysis_date`, when given, must be the same day. The same options as the last call give
    /// the same result without any work.
    pub fn clv(&self, options: &ClvOptions, rfm: &RfmOptions) -> Result<Rc<ClvReport>, Error> {
        let date = self.analysis_date(Some(options.analysis_date))?;
        if let Some(rfm_date) = rfm.analysis_date.filter(|&d| d != date) {
            return Err(Error::invalid_option(
                "rfm.analysisDate",
                format!("{rfm_date} differs from analysisDate ({date}); give one analysis date"),
            ));
        }
        rfm.validate().map_err(|e| e.within("rfm"))?;
        let rfm = RfmOptions { analysis_date: Some(date), ..rfm.clone() };
        if let Some((cached_options, cached_rfm, report)) = &self.cache.borrow().clv {
            if cached_options == options && *cached_rfm == rfm {
                return Ok(Rc::clone(report));
            }
        }
        let frame = self.frame(date);
        let report = Rc::new(clv_on_frame(&frame, options, || match self.rfm(&rfm) {
            Ok(result) => Ok(Some(result)),
            Err(e) if matches!(e.kind(), ErrorKind::NoCustomers { .. }) => Ok(None),
            Err(e) => Err(e.within("rfm")),
        })?);
        let mut cache = self.cache.borrow_mut();
        cache.stats.clv_runs += 1;
        cache.clv = Some((options.clone(), rfm, Rc::clone(&report)));
        Ok(report)
    }

    /// [`export_customers`](Self::export_customers) with the CLV columns `p_alive`, `expected_purchases` and `clv`
    /// (empty without Gamma-Gamma) of [`clv`](Self::clv) at `clv`, whose analysis date must be the export's.
    pub fn export_customers_with_clv(
        &self,
        options: &RfmOptions,
        filter: &ExportFilter,
        clv: &ClvOptions,
    ) -> Result<String, Error> {
        self.export_customers_with(options, filter, Some(clv), None)
    }

    /// [`export_customers`](Self::export_customers) with, when given, the CLV columns (as
    /// [`export_customers_with_clv`](Self::export_customers_with_clv)) and the product part (issue 16.3's target
    /// list): only the customers who bought every item of `products.bought` and none of `products.not_bought`, and
    /// the column `next_product`, exactly [`affinity`](Self::affinity)'s next item per customer with
    /// `products.affinity` at the export's analysis date (whose date, when given, must be the export's). Columns:
    /// the orders file's, CLV, `next_product`, attributes.
    // split (issue 17.13): inlined into its one caller in the binding, so the page's first-load module, which never
    // passes CLV or product options, loses the CLV fit and affinity() with the branches that call them.
    #[inline(always)]
    pub fn export_customers_with(
        &self,
        options: &RfmOptions,
        filter: &ExportFilter,
        clv: Option<&ClvOptions>,
        products: Option<&ProductExport>,
    ) -> Result<String, Error> {
        let result = self.rfm(options)?;
        // The orders file's columns first (name, e-mail…), then the CLV columns.
        let mut extra = order_columns(&self.orders, &result, &filter.columns)?;
        if let Some(clv) = clv {
            extra.extend(self.clv_columns(options, &result, clv)?);
        }
        let mut owned_filter = None;
        let mut next_items = None;
        if let Some(products) = products {
            let date = result.analysis_date;
            if let Some(given) = products.affinity.analysis_date.filter(|&d| d != date) {
                return Err(Error::invalid_option(
                    "nextProduct.analysisDate",
                    format!("{given} differs from the export's analysis date ({date}); give one analysis date"),
                ));
            }
            let affinity_options = AffinityOptions { analysis_date: Some(date), ..products.affinity.clone() };
            if !products.bought.is_empty() || !products.not_bought.is_empty() {
                let keep = owners(&self.orders, &affinity_options, date, &products.bought, &products.not_bought)?;
                owned_filter = Some(ExportFilter { owners: Some(keep), ..filter.clone() });
            }
            if products.next_product {
                let found = self.affinity(&affinity_options).map_err(|e| e.within("nextProduct"))?;
                // Each RFM customer's next item (none for a customer without a row in the affinity's window).
                let mut next_of_code = vec![NO_TEXT; self.orders.customer.distinct()];
                for (&code, &item) in found.customers.customer.iter().zip(&found.customers.next_item) {
                    next_of_code[code as usize] = item;
                }
                let codes: Vec<u32> = result.customers.customer.iter().map(|&c| next_of_code[c as usize]).collect();
                next_items = Some((found.dimension, codes));
            }
        }
        if let Some((dimension, codes)) = next_items {
            extra.push(ExtraColumn {
                header: "next_product".into(),
                values: ExtraValues::Text { codes, dictionary: &self.orders.dimensions[dimension].values.dictionary },
            });
        }
        extra.extend(self.attribute_texts(&result, &filter.attributes)?);
        customers_csv_with(&self.orders, &result, owned_filter.as_ref().unwrap_or(filter), &extra)
    }

    /// The CLV columns `p_alive`, `expected_purchases` and `clv` of the customers of `result` (the RFM analysis with
    /// `options`), from [`clv`](Self::clv) at `clv`, whose analysis date must be `result`'s.
    fn clv_columns(
        &self,
        options: &RfmOptions,
        result: &RfmResult,
        clv: &ClvOptions,
    ) -> Result<Vec<ExtraColumn<'static>>, Error> {
        if clv.analysis_date != result.analysis_date {
            return Err(Error::invalid_option(
                "clv.analysisDate",
                format!("{} differs from the export's analysis date ({})", clv.analysis_date, result.analysis_date),
            ));
        }
        let report = self.clv(clv, options)?;
        // Each RFM customer's entry in the CLV columns (every scored customer has one: a row of amount > 0 makes an
        // occasion).
        let mut entry_of_code = vec![None; self.orders.customer.distinct()];
        for (k, &code) in report.customer.iter().enumerate() {
            entry_of_code[code as usize] = Some(k);
        }
        let row: Vec<Option<usize>> =
            result.customers.customer.iter().map(|&code| entry_of_code[code as usize]).collect();
        let column = |header: &str, values: Option<&[f64]>| ExtraColumn {
            header: header.to_string(),
            values: ExtraValues::Numbers(row.iter().map(|k| k.zip(values).map(|(k, v)| v[k])).collect()),
        };
        let c = &report.model.customers;
        Ok(vec![
            column("p_alive", Some(&c.p_alive)),
            column("expected_purchases", Some(&c.expected_purchases)),
            column("clv", c.clv.as_deref()),
        ])
    }

    /// The market comparison (§8); the computed dimensions (segment, tier, lifecycle) come from the cached RFM, and
    /// `by` may name the joined customers file's attributes (`ageBand`, `gender`, its columns; §14.3).
    pub fn compare(&self, options: &CompareOptions) -> Result<CompareResult, Error> {
        let attributes = self.customer_attributes();
        compare_with_attributes(&self.orders, options, &|rfm_options| self.rfm(rfm_options), attributes.as_ref())
    }

    // Customer attributes (analytics.md §14): profile, per-customer age / band / gender, attribute exports.

    /// The joined customers file's attributes by customer code, if a file is joined.
    pub fn customer_attributes(&self) -> Option<CustomerAttributes<'_>> {
        let (table, _) = self.customers.as_ref()?;
        Some(CustomerAttributes::new(table, self.orders.customer.distinct()))
    }

    // profile speed (issue 15.6)
    /// Every customer code's age on `date` from the joined customers file, computed once per date and kept.
    fn ages(&self, attributes: &CustomerAttributes<'_>, date: Day) -> Rc<AgesByCode> {
        if let Some((day, ages)) = &self.cache.borrow().ages {
            if *day == date {
                return Rc::clone(ages);
            }
        }
        let ages = Rc::new(attributes.ages(date));
        self.cache.borrow_mut().ages = Some((date, Rc::clone(&ages)));
        ages
    }

    /// The profile of the RFM classes by one attribute (§14.3, §14.4) on the cached RFM result and frame. Without
    /// a joined customers file: `invalid_state`; an attribute the file does not have: `unknown_column`.
    pub fn profile(&self, options: &ProfileOptions) -> Result<ProfileResult, Error> {
        options.validate()?;
        let attributes = self.customer_attributes().ok_or_else(|| {
            Error::new(ErrorKind::InvalidState {
                action: "profiling customers before a customers file is joined (call joinCustomers first)".into(),
            })
        })?;
        let date = self.analysis_date(options.rfm.analysis_date).map_err(|e| e.within("rfm"))?;
        let column = if options.attribute == "ageBand" && attributes.has_ages() {
            Some(age_band_column(&self.ages(&attributes, date), &options.age_bands))
        } else {
            attributes.column(&options.attribute, date, &options.age_bands)
        };
        let column = column.ok_or_else(|| unknown_attribute("attribute", &options.attribute, attributes.names()))?;
        let rfm = RfmOptions { analysis_date: Some(date), ..options.rfm.clone() };
        let result = self.rfm(&rfm).map_err(|e| e.within("rfm"))?;
        let frame = self.frame(date);
        let total_monetary: Vec<Money> = frame.scored().map(|i| frame.monetary[i]).collect();
        Ok(profile(&result, &total_monetary, &column, options))
    }

    /// Age (on `result`'s analysis date), age band (default edges) and gender of each of `result`'s customers
    /// (§14.4), when a customers file is joined: `RfmResult.customers`' `age`, `ageBand` and `gender`.
    pub fn customer_columns(&self, result: &RfmResult) -> Option<CustomerAttributeColumns> {
        let attributes = self.customer_attributes()?;
        let date = result.analysis_date;
        let ages = attributes.has_ages().then(|| self.ages(&attributes, date));
        let codes = &result.customers.customer;
        let band = ages.as_deref().map(|ages| age_band_column(ages, &DEFAULT_AGE_BANDS));
        let gender = attributes.column("gender", date, &DEFAULT_AGE_BANDS);
        let pick = |column: Option<AttributeColumn>| {
            let column = column.unwrap_or_else(|| AttributeColumn {
                values: Vec::new(),
                labels: Vec::new(),
                blank_label: crate::analysis::rfm::segments::Label { en: BLANK.into(), zh: BLANK.into() },
                code: Vec::new(),
                ordered: false,
                warning: None,
            });
            let blank = column.blank();
            let code = codes.iter().map(|&c| column.code.get(c as usize).copied().unwrap_or(blank)).collect();
            let mut names = column.values;
            names.push(BLANK.to_string());
            (code, names)
        };
        let (age_band, age_band_names) = pick(band);
        let (gender, gender_names) = pick(gender);
        Some(CustomerAttributeColumns {
            age: codes.iter().map(|&c| ages.as_ref().and_then(|a| a.0.get(c as usize).copied().flatten())).collect(),
            age_band,
            age_band_names,
            gender,
            gender_names,
        })
    }

    /// The values of `names` (attributes as in [`profile`](Self::profile), ages with default band edges) of each
    /// of `result`'s customers, as text (`(blank)` for none), for the export's attribute columns.
    pub fn attribute_texts(&self, result: &RfmResult, names: &[String]) -> Result<Vec<ExtraColumn<'static>>, Error> {
        if names.is_empty() {
            return Ok(Vec::new());
        }
        let attributes = self.customer_attributes().ok_or_else(|| {
            Error::new(ErrorKind::InvalidState {
                action: "exporting attributes before a customers file is joined (call joinCustomers first)".into(),
            })
        })?;
        let date = result.analysis_date;
        names
            .iter()
            .map(|name| {
                let column = attributes
                    .column(name, date, &DEFAULT_AGE_BANDS)
                    .ok_or_else(|| unknown_attribute("attributes", name, attributes.names()))?;
                let values = result
                    .customers
                    .customer
                    .iter()
                    .map(|&c| match column.code.get(c as usize) {
                        Some(&v) if v != column.blank() => column.values[v as usize].clone(),
                        _ => BLANK.to_string(),
                    })
                    .collect();
                Ok(ExtraColumn { header: name.clone(), values: ExtraValues::Strings(values) })
            })
            .collect()
    }

    /// Revenue, orders, customers, new and returning customers per period (js-api.md Part two) at the analysis
    /// date of `options` (§2), on the cached frame's first purchases.
    pub fn trend(&self, options: &TrendOptions) -> Result<TrendResult, Error> {
        let date = self.analysis_date(options.analysis_date)?;
        trend_in_range(&self.orders, &self.frame(date), options, self.date_range)
    }

    /// Cohorts, retention, churn, gaps and the churn-risk flag (analytics.md §12) on the cached frame at the
    /// analysis date of `options`. With the `pAlive` method, P(alive) comes from [`clv`](Self::clv) with the model
    /// options `clv` (its analysis date is replaced by the cohorts').
    pub fn cohorts(&self, options: &CohortOptions, clv: &ClvOptions) -> Result<CohortResult, Error> {
        options.validate()?;
        let date = self.analysis_date(options.analysis_date)?;
        let frame = self.frame(date);
        let p_alive = match options.churn_risk.method {
            ChurnRiskMethod::Gap => None,
            ChurnRiskMethod::PAlive => {
                let clv = ClvOptions { analysis_date: date, ..clv.clone() };
                let report = self.clv(&clv, &RfmOptions::default()).map_err(|e| e.within("clv"))?;
                let mut by_code = vec![0.0; self.orders.customer.distinct()];
                for (k, &code) in report.customer.iter().enumerate() {
                    by_code[code as usize] = report.model.customers.p_alive[k];
                }
                Some(frame.scored().map(|i| by_code[frame.customer[i] as usize]).collect::<Vec<f64>>())
            }
        };
        cohorts(&self.orders, &frame, options, p_alive.as_deref())
    }

    /// Segment migration between two dates (analytics.md §13): the RFM states at `from` (D1) and `to` (D2) with
    /// the same options, on the cached frames (the state at D2 through the RFM cache, so "vs 30 days ago" after
    /// `rfm()` at D computes one state); with `lookbackDays`, each on the rows of its window only.
    pub fn migration(&self, options: &MigrationOptions) -> Result<MigrationResult, Error> {
        options.rfm.validate().map_err(|e| e.within("rfm"))?;
        if let Some(days) = options.lookback_days.filter(|&d| d < 1) {
            return Err(Error::invalid_option("lookbackDays", format!("{days} must be at least 1 (or null: all)")));
        }
        // D: the RFM options' analysis date, which then bounds `to`; else the data's, which `to` may pass (as
        // `rfm({ analysisDate })` may).
        let latest = self.analysis_date(options.rfm.analysis_date).map_err(|e| e.within("rfm"))?;
        let to = options.to.unwrap_or(latest);
        if options.rfm.analysis_date.is_some() && to > latest {
            return Err(Error::invalid_option(
                "to",
                format!("{to} is after the analysis date ({latest}); choose a date up to it"),
            ));
        }
        self.analysis_date(Some(to)).map_err(|_| {
            Error::invalid_option("to", format!("{to} is on or before the first order; choose a later date"))
        })?;
        let from = options.from.unwrap_or(to.plus(-DEFAULT_DAYS_BETWEEN));
        if from >= to {
            return Err(Error::invalid_option("from", format!("{from} is not before to ({to}); choose from < to")));
        }
        let state = |date: Day| -> Result<Option<Rc<RfmResult>>, Error> {
            let rfm = RfmOptions { analysis_date: Some(date), ..options.rfm.clone() };
            let result = match options.lookback_days {
                None if date == to => self.rfm(&rfm),
                None => rfm_on(&self.frame(date), &self.orders, &rfm).map(Rc::new),
                Some(days) => {
                    let frame = CustomerFrame::build_window(&self.orders, Some(date.plus(-days)), date);
                    rfm_on(&frame, &self.orders, &rfm).map(Rc::new)
                }
            };
            match result {
                Ok(result) => Ok(Some(result)),
                Err(e) if matches!(e.kind(), ErrorKind::NoCustomers { .. }) => Ok(None),
                Err(e) => Err(e.within("rfm")),
            }
        };
        let (at_from, at_to) = (state(from)?, state(to)?);
        Ok(migration(&self.orders, (from, to), options.by, options.lookback_days, at_from.as_deref(), at_to.as_deref()))
    }

    // Campaign evaluation (analytics.md §16).
    /// Evaluates the joined campaign file (§16) against the orders before the analysis date of `options`; the
    /// per-class rows use the RFM options `rfm` at each campaign's first contact date (on the cached frames, not
    /// replacing the cached RFM result), so `rfm.analysisDate` must not be given.
    pub fn campaigns(&self, options: &CampaignOptions, rfm: &RfmOptions) -> Result<CampaignsResult, Error> {
        options.validate()?;
        if let Some(date) = rfm.analysis_date {
            return Err(Error::invalid_option(
                "rfm.analysisDate",
                format!("{date}: the classes are taken at each campaign's first contact; give analysisDate instead"),
            ));
        }
        rfm.validate().map_err(|e| e.within("rfm"))?;
        let Some((table, _)) = &self.campaigns else {
            return Err(Error::new(ErrorKind::InvalidState {
                action: "campaigns() before a campaign file was joined (call joinCampaigns first)".into(),
            }));
        };
        let date = self.analysis_date(options.analysis_date)?;
        // campaigns speed (issue 15.6): the frame at D (the page's, cached) holds every customer's occasions, from
        // which the figures at every first contact are read in one pass (no frame built per date, none evicted from
        // the cache).
        let by = options.by.unwrap_or_default();
        let kept = self.cache.borrow_mut().campaign_states.take();
        let cached = match &kept {
            Some((kept_rfm, kept_by, states)) if kept_rfm == rfm && *kept_by == by => states.clone(),
            _ => Vec::new(),
        };
        let states = RefCell::new(Vec::new());
        let states_at = |days: &[Day]| -> Result<Vec<Option<Rc<ClassesAt>>>, Error> {
            let mut found: Vec<Option<Option<Rc<ClassesAt>>>> =
                days.iter().map(|day| cached.iter().find(|(d, _)| d == day).map(|(_, state)| state.clone())).collect();
            // A first contact on or before the first order: nobody has bought yet, everyone is a prospect.
            for (day, state) in days.iter().zip(found.iter_mut()) {
                if state.is_none() && self.analysis_date(Some(*day)).is_err() {
                    *state = Some(None);
                }
            }
            let missing: Vec<Day> =
                days.iter().zip(&found).filter(|(_, state)| state.is_none()).map(|(&d, _)| d).collect();
            if !missing.is_empty() {
                let figures = self.frame(date).scored_figures_at(&missing);
                let mut computed = missing.iter().zip(figures).map(|(&day, figures)| {
                    // A first contact after D (rows up to it count, §16.5): the frame of its own.
                    let figures = figures.unwrap_or_else(|| CustomerFrame::build(&self.orders, day).scored_figures());
                    let at = RfmOptions { analysis_date: Some(day), ..rfm.clone() };
                    self.cache.borrow_mut().stats.campaign_states += 1;
                    match classes_on(&figures, &self.orders, &at, by) {
                        Ok(classes) => Ok(Some(Rc::new(classes))),
                        Err(e) if matches!(e.kind(), ErrorKind::NoCustomers { .. }) => Ok(None),
                        Err(e) => Err(e.within("rfm")),
                    }
                });
                for state in found.iter_mut().filter(|state| state.is_none()) {
                    *state = Some(computed.next().expect("one state per missing date")?);
                }
            }
            let found: Vec<Option<Rc<ClassesAt>>> = found.into_iter().map(Option::unwrap_or_default).collect();
            states.borrow_mut().extend(days.iter().copied().zip(found.iter().cloned()));
            Ok(found)
        };
        let result = campaigns(&self.orders, table, &self.contacted_rows, date, options, &states_at);
        // Without per-class rows no state was asked for: the kept ones stay for the next call with rows.
        let kept = if options.by.is_some() { Some((rfm.clone(), by, states.into_inner())) } else { kept };
        self.cache.borrow_mut().campaign_states = kept;
        result
    }

    // products: affinity (§15) and the growth matrix (§17)
    /// Product affinity (analytics.md §15.5) at the analysis date of `options`, with the next products summed per
    /// class of the RFM analysis at that date (`recommend.rfm`, through the RFM cache).
    pub fn affinity(&self, options: &AffinityOptions) -> Result<AffinityResult, Error> {
        options.validate()?;
        item_column(&self.orders, options.level)?;
        let date = self.analysis_date(options.analysis_date)?;
        let rfm = RfmOptions { analysis_date: Some(date), ..options.recommend.rfm.clone() };
        rfm.validate().map_err(|e| e.within("recommend.rfm"))?;
        let classes = match self.rfm(&rfm) {
            Ok(result) => Some(Classes::from_rfm(&result, options.recommend.by, self.orders.customer.distinct())),
            Err(e) if matches!(e.kind(), ErrorKind::NoCustomers { .. }) => None,
            Err(e) => return Err(e.within("recommend.rfm")),
        };
        affinity(&self.orders, options, date, classes.as_ref())
    }

    /// The customer growth matrix (analytics.md §17.3) at the analysis date of `options`.
    pub fn growth_matrix(&self, options: &GrowthOptions) -> Result<GrowthResult, Error> {
        options.validate()?;
        let date = self.analysis_date(options.analysis_date)?;
        growth_matrix(&self.orders, options, date)
    }

    /// One customer's detail (issue 17.12): their order lines, their scores in the RFM analysis with `options`
    /// (cached), and their classes at each date of `detail.history` with the same options (each state on a frame
    /// built for it and not cached, so the page's frames stay). A history date on or before the first order is a
    /// state where nobody is scored.
    pub fn customer_detail(
        &self,
        id: &str,
        options: &RfmOptions,
        detail: &CustomerDetailOptions,
    ) -> Result<CustomerDetail, Error> {
        let code = customer_code(&self.orders, id)?;
        let result = self.rfm(options)?;
        let mut states = Vec::with_capacity(detail.history.len());
        for &date in &detail.history {
            let state = if date == result.analysis_date {
                Some(Rc::clone(&result))
            } else if self.analysis_date(Some(date)).is_err() {
                None
            } else {
                let rfm = RfmOptions { analysis_date: Some(date), ..options.clone() };
                match rfm_on(&CustomerFrame::build(&self.orders, date), &self.orders, &rfm) {
                    Ok(state) => Some(Rc::new(state)),
                    Err(e) if matches!(e.kind(), ErrorKind::NoCustomers { .. }) => None,
                    Err(e) => return Err(e.within("history")),
                }
            };
            states.push((date, state));
        }
        let history: Vec<(Day, Option<&RfmResult>)> = states.iter().map(|(d, s)| (*d, s.as_deref())).collect();
        Ok(customer_detail(&self.orders, code, &result, &history, detail))
    }

    /// How many frames were built and RFM analyses run so far.
    pub fn cache_stats(&self) -> CacheStats {
        self.cache.borrow().stats
    }
}

/// The customers file's columns aligned with the frame's customers: gender, age, birth date, join date, then every
/// other attribute, in that order; a customer without a record has no value ([`NO_TEXT`] or `None`).
fn joined_columns(frame: &CustomerFrame, customers: &CustomerTable, codes: usize) -> Vec<JoinedColumn> {
    let rows = customers.row_by_customer(codes);
    let row_of = |i: usize| Some(rows[frame.customer[i] as usize]).filter(|&row| row != NO_ROW).map(|r| r as usize);
    let text = |name: &str, column: &crate::table::TextColumn| {
        let codes = (0..frame.len()).map(|i| row_of(i).map_or(NO_TEXT, |row| column.codes[row])).collect();
        let names = column.values().map(str::to_string).collect();
        JoinedColumn { name: name.to_string(), values: JoinedValues::Text { codes, names } }
    };
    let dates = |name: &str, column: &[Option<crate::date::Day>]| JoinedColumn {
        name: name.to_string(),
        values: JoinedValues::Date((0..frame.len()).map(|i| row_of(i).and_then(|row| column[row])).collect()),
    };
    let mut columns = Vec::new();
    if let Some(gender) = &customers.gender {
        columns.push(text("gender", gender));
    }
    if let Some(age) = &customers.age {
        let values = (0..frame.len()).map(|i| row_of(i).map(|row| age[row]).filter(|&a| a != MEASURE_MISSING));
        columns.push(JoinedColumn { name: "age".into(), values: JoinedValues::Number(values.collect()) });
    }
    if let Some(birth_date) = &customers.birth_date {
        columns.push(dates("birthDate", birth_date));
    }
    if let Some(join_date) = &customers.join_date {
        columns.push(dates("joinDate", join_date));
    }
    for Dimension { name, values } in &customers.attributes {
        columns.push(text(name, values));
    }
    columns
}

/// Age, age band and gender of each customer of an RFM result (§14.4), in its order: codes into names, the last
/// name `(blank)`.
#[derive(Clone, Debug, PartialEq)]
pub struct CustomerAttributeColumns {
    /// Age on the analysis date; `None` when unknown or without a record.
    pub age: Vec<Option<u32>>,
    /// Age band code (default edges) into `age_band_names`.
    pub age_band: Vec<u32>,
    /// The age bands, young to old, then `(blank)`.
    pub age_band_names: Vec<String>,
    /// Gender code into `gender_names`.
    pub gender: Vec<u32>,
    /// `male`, `female` and other values as written, then `(blank)`.
    pub gender_names: Vec<String>,
}
