//! Analyses over a loaded [`Table`]: the per-customer [`frame`] they start from, RFM scores and segments, value
//! tiers and lifecycle stages (the [`rfm`] folder, one module per step), the market comparison ([`compare`]), and
//! customer lifetime value ([`clv`], run on a frame by [`clv_frame`]), and the time axes: [`trend`] over calendar
//! [`period`]s, [`cohorts`] (retention and churn), and the
//! [`migration`] of customers between segments from one date to another.

pub mod campaigns;
// products: affinity (§15) and the growth matrix (§17)
pub mod affinity;
pub mod clv;
pub mod clv_frame;
pub mod cohorts;
pub mod compare;
pub mod customer_detail;
pub mod frame;
pub mod growth;
pub mod migration;
pub mod period;
pub mod profile;
pub mod rfm;
pub mod sql;
pub mod trend;

use crate::date::Day;
use crate::error::Error;
use crate::money::Money;
use crate::table::Table;

/// How many items (customers, contacts) a long pass hands at a time to a function of its own, in the passes a
/// call runs once (issue 15.6). V8 first runs WebAssembly in baseline code and swaps in optimised code only at a
/// function's next call (no on-stack replacement), so a loop inside a function called once runs baseline, about
/// twice as slow, from start to end; in chunks, the optimised code takes over after the first few. Such a
/// function's name ends in `_chunk`: `#[inline(never)]` keeps LLVM from inlining it, and `build.sh` tells
/// wasm-opt not to (it inlines a function called from one place). Measured: the first `campaigns()` call at 1M
/// lines, median of 5 processes, 127–129 ms without, 84–91 ms with.
pub const PASS_CHUNK: usize = 4096;

/// The analysis date D: the caller's, or the day after the latest date of any row. A caller's date on or before
/// the first order leaves nothing to analyse and is refused.
pub fn resolve_analysis_date(table: &Table, requested: Option<Day>) -> Result<Day, Error> {
    resolve_analysis_date_in(table.date_range(), requested)
}

/// [`resolve_analysis_date`] with the table's [`date_range`](Table::date_range) already known (the workspace keeps
/// it, so that a call does not read the whole date column for it).
pub fn resolve_analysis_date_in(range: Option<(Day, Day)>, requested: Option<Day>) -> Result<Day, Error> {
    let Some((min, max)) = range else {
        return Ok(requested.unwrap_or(Day(0)));
    };
    match requested {
        None => Ok(max.plus(1)),
        Some(d) if d <= min => Err(Error::invalid_option(
            "analysisDate",
            format!("{d} is on or before the first order ({min}); choose a date after it"),
        )),
        Some(d) => Ok(d),
    }
}

/// `part ÷ whole` as a fraction; `None` when `whole` is zero.
pub fn share(part: Money, whole: Money) -> Option<f64> {
    (whole.0 != 0).then(|| part.0 as f64 / whole.0 as f64)
}
