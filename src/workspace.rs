//! The workspace: a loaded orders table with its report, and what is worth computing once for it: the customer
//! frame per analysis date and the last RFM result. Every analysis goes through it, so `rfm()`, the export and
//! later analyses share one frame instead of each rebuilding it. Pure core: the binding wraps it.

use crate::analysis::compare::{compare, CompareOptions, CompareResult};
use crate::analysis::frame::CustomerFrame;
use crate::analysis::resolve_analysis_date;
use crate::analysis::rfm::export::{customers_csv, ExportFilter};
use crate::analysis::rfm::{rfm_on, RfmOptions, RfmResult};
use crate::date::Day;
use crate::error::Error;
use crate::ingest::{LoadReport, Loaded};
use crate::table::Table;
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
}

/// What the workspace keeps between calls.
#[derive(Default)]
struct Cache {
    /// Frames, least recently used first.
    frames: Vec<Rc<CustomerFrame>>,
    /// The last RFM result, with its options (analysis date resolved).
    rfm: Option<(RfmOptions, Rc<RfmResult>)>,
    stats: CacheStats,
}

/// A loaded orders table and its report, with the cached customer frames and last RFM result. The table cannot
/// change once loaded, so nothing cached ever goes stale.
pub struct Workspace {
    orders: Table,
    report: LoadReport,
    cache: RefCell<Cache>,
}

impl From<Loaded> for Workspace {
    fn from(loaded: Loaded) -> Workspace {
        Workspace::new(loaded.table, loaded.report)
    }
}

impl Workspace {
    /// A workspace over an orders table and the report of how it was read.
    pub fn new(orders: Table, report: LoadReport) -> Workspace {
        Workspace { orders, report, cache: RefCell::default() }
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
        resolve_analysis_date(&self.orders, requested)
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
        let frame = Rc::new(CustomerFrame::build(&self.orders, analysis_date));
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

    /// The customer table (all, or one segment's or tier's) as CSV for Excel, from the cached RFM result when the
    /// options are those of the last analysis, else from the cached frame.
    pub fn export_customers(&self, options: &RfmOptions, filter: &ExportFilter) -> Result<String, Error> {
        let result = self.rfm(options)?;
        customers_csv(&self.orders, &result, filter)
    }

    /// The market comparison (§8).
    pub fn compare(&self, options: &CompareOptions) -> Result<CompareResult, Error> {
        compare(&self.orders, options)
    }

    /// How many frames were built and RFM analyses run so far.
    pub fn cache_stats(&self) -> CacheStats {
        self.cache.borrow().stats
    }
}
