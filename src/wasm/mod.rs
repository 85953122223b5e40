//! The JavaScript binding, compiled only for `wasm32`: the one place that knows about JS. It converts options
//! in, calls the core, and converts results out (plain objects, `null` not `undefined`, typed-array columns).

// split (issue 17.13): with the feature `second-half` (the full module) the binding has every analysis; without it
// (the page's first-load module, built with `first-view` only) what the Overview asks for: load, join, report,
// rfm, compare, exportCustomers (without CLV or next-product columns), catalog(), and with `first-view` trend()
// and migration(). Their modules stay compiled for the option readers the first half shares; what nothing
// exports is dropped by LTO.
#[cfg_attr(not(feature = "second-half"), allow(dead_code))]
mod clv;
mod columns;
mod compare;
mod convert;
#[cfg(feature = "second-half")]
mod detail; // customer detail (issue 17.12)
mod options;
// Customer attributes (§14): ds.profile and the age / ageBand / gender columns.
#[cfg_attr(not(feature = "second-half"), allow(dead_code))]
mod products; // products: affinity() and growthMatrix() (§15, §17)
#[cfg_attr(not(feature = "second-half"), allow(dead_code))]
mod profile;
#[cfg(feature = "first-view")]
mod retention;
// Campaign evaluation (analytics.md §16).
#[cfg_attr(not(feature = "second-half"), allow(dead_code))]
mod campaigns;
// ds.sql (issue 19): the RFM query for a warehouse (the full module: the Overview's warehouse card asks for it
// only when opened).
#[cfg(feature = "second-half")]
mod sql;
// parallel parsing (issue 20): range readers and the merge of their partial tables.
mod parallel;
pub use parallel::{plan_ranges, range_head_bytes, PartsLoader, RangeLoader};

use crate::ingest::{self, FileKind, LoadedFile};
use crate::workspace::Workspace;
use convert::{js_error, rfm_to_js, to_js};
use options::{export_filter, load_options, Value};
use wasm_bindgen::prelude::*;

/// What the module knows, as data (`Catalog`): option defaults, preset maps as user-map objects, labels of tiers,
/// stages and computed dimensions, every error, warning and option-rule code with its parameters, skip reasons,
/// and the roles of each kind of file with their header synonyms. The page reads these instead of copying them.
#[wasm_bindgen(unchecked_return_type = "Catalog")]
pub fn catalog() -> Result<JsValue, JsValue> {
    Ok(convert::json_to_js(&crate::catalog::catalog()))
}

/// `RfmOptions` from the JS argument.
fn rfm_options(options: &JsValue) -> Result<crate::analysis::rfm::RfmOptions, JsValue> {
    options::rfm_options(&Value::root(options, "options")).map_err(js_error)
}

// rfm columns (issue 20.3)
/// The names of `RfmResult.customers`' columns (js-api.md), in the result's order: what `rfm({ columns })` picks
/// from. The last five come with a joined customers file.
pub const RFM_COLUMNS: [&str; 22] = [
    "id",
    "recencyDays",
    "frequency",
    "monetary",
    "monetaryExact",
    "tenureDays",
    "r",
    "f",
    "m",
    "cell",
    "score",
    "segment",
    "tier",
    "lifecycle",
    "segmentCode",
    "tierCode",
    "lifecycleCode",
    "age",
    "ageBand",
    "ageBandCode",
    "gender",
    "genderCode",
];

/// `rfm()`'s options: `RfmOptions` and `columns` (`None`: every column), a name outside [`RFM_COLUMNS`] refused
/// with `invalid_option` at `options.columns[i]` listing the names.
fn rfm_call_options(options: &JsValue) -> Result<(crate::analysis::rfm::RfmOptions, Option<Vec<String>>), JsValue> {
    let column = |item: &Value| item.one_of(&RFM_COLUMNS.map(|name| (name, name.to_string())));
    let (rfm, columns) = options::rfm_options_with(&Value::root(options, "options"), Some("columns"), |f| {
        f.read("columns", |v| v.items()?.iter().map(column).collect::<options::Read<Vec<String>>>())
    })
    .map_err(js_error)?;
    Ok((rfm, columns.flatten()))
}

/// The TypeScript shapes of options and results, written once for the generated `.d.ts`.
#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

/// A loaded export held in wasm memory, with the files joined to it; call `free()` when done with it.
#[wasm_bindgen]
pub struct Dataset {
    // hostile input (issue 18): `free()` empties the cell instead of freeing the handle, so a method called after
    // it, or from an options getter during a call, gets a coded `invalid_state` rather than wasm-bindgen's
    // uncoded "null pointer" / "recursive use" errors; options are read before the cell is borrowed.
    workspace: std::cell::RefCell<Option<Workspace>>,
    // retention speed (issue 14.4): the customer-id columns of cohorts() and migration() kept between calls.
    ids: columns::IdColumns,
}

/// Reads a whole `Uint8Array` through `loader`, copying it into wasm memory 1 MiB at a time (wasm memory never
/// shrinks, so a whole copy would stay as long as the page).
fn push_all(loader: &mut ingest::Loader, bytes: &js_sys::Uint8Array) -> Result<(), JsValue> {
    const SLICE: u32 = 1 << 20;
    let length = bytes.length();
    let mut buffer = vec![0u8; SLICE.min(length) as usize];
    let mut start = 0;
    while start < length {
        let end = (start + SLICE).min(length);
        let slice = &mut buffer[..(end - start) as usize];
        bytes.subarray(start, end).copy_to(slice);
        loader.push(slice).map_err(js_error)?;
        start = end;
    }
    Ok(())
}

// hostile input (issue 18): arguments checked at the boundary, freed objects and re-entry coded, panics recorded.
/// The bytes of a `Uint8Array` argument, or of an `ArrayBuffer` (viewed whole, as `await file.arrayBuffer()`
/// gives it); anything else is `invalid_option` naming the argument.
fn bytes_argument(value: &JsValue, name: &'static str) -> Result<js_sys::Uint8Array, JsValue> {
    if let Some(bytes) = value.dyn_ref::<js_sys::Uint8Array>() {
        return Ok(bytes.clone());
    }
    if value.is_instance_of::<js_sys::ArrayBuffer>() {
        return Ok(js_sys::Uint8Array::new(value));
    }
    Err(js_error(Value::root(value, name).expected(&[crate::error::ValueType::Bytes])))
}

/// `invalid_state` for `action`.
fn invalid_state(action: &str) -> JsValue {
    js_error(crate::Error::new(crate::ErrorKind::InvalidState { action: action.into() }))
}

// campspeed: the heap grown in one step before a join (issue 15 point 6)
/// Makes the allocator take `bytes` more of WebAssembly memory at once (one allocation, freed at once: the
/// allocator keeps it for the next ones). Growing the memory a little at a time, as the columns of a read grow,
/// makes V8 collect its whole JS heap at each step (≈ 150 ms each on a page holding a large result): joining
/// 200,000 contacts took 1.3–3.5 s, five such collections, instead of ≈ 0.3 s.
/// Asked too much (a hostile size), it does nothing: `try_reserve` fails instead of aborting the instance.
fn reserve_heap(bytes: usize) {
    let mut room = Vec::<u8>::new();
    if room.try_reserve_exact(bytes).is_ok() {
        drop(std::hint::black_box(room));
    }
}

/// A loader of `kind` for a whole file of known length, with `LoadOptions` read from JS.
fn loader_for(kind: FileKind, bytes: &js_sys::Uint8Array, options: &JsValue) -> Result<ingest::Loader, JsValue> {
    let mut options = load_options(options).map_err(js_error)?;
    options.total_bytes.get_or_insert(u64::from(bytes.length()));
    ingest::Loader::for_kind(kind, options).map_err(js_error)
}

/// A whole file of `kind` read from a `Uint8Array` or `ArrayBuffer` argument.
fn read_whole(kind: FileKind, bytes: &JsValue, options: &JsValue) -> Result<ingest::Loader, JsValue> {
    let bytes = bytes_argument(bytes, "bytes")?;
    let mut loader = loader_for(kind, &bytes, options)?;
    push_all(&mut loader, &bytes)?;
    Ok(loader)
}

impl Dataset {
    fn wrap(workspace: Workspace) -> Dataset {
        Dataset { workspace: std::cell::RefCell::new(Some(workspace)), ids: columns::IdColumns::default() }
    }

    /// Runs `f` on the workspace: `invalid_state` after `free()`, or when called from an options getter of a
    /// call that is joining a file to this dataset.
    fn with<T>(&self, f: impl FnOnce(&Workspace) -> Result<T, JsValue>) -> Result<T, JsValue> {
        let workspace = self.workspace.try_borrow().map_err(|_| invalid_state(BUSY))?;
        f(workspace.as_ref().ok_or_else(|| invalid_state(FREED))?)
    }

    /// Runs `f` on the workspace to change it, as [`Dataset::with`].
    fn with_mut<T>(&self, f: impl FnOnce(&mut Workspace) -> Result<T, JsValue>) -> Result<T, JsValue> {
        let mut workspace = self.workspace.try_borrow_mut().map_err(|_| invalid_state(BUSY))?;
        f(workspace.as_mut().ok_or_else(|| invalid_state(FREED))?)
    }
}

/// What a method after `free()` attempted.
const FREED: &str = "using a Dataset after free()";
/// What a call from inside another call of the same Dataset attempted.
const BUSY: &str = "using a Dataset from inside one of its own calls (an options getter)";

#[wasm_bindgen]
impl Dataset {
    /// Reads a whole orders file (`Uint8Array` or `ArrayBuffer`) with `LoadOptions`; the columns are sized once
    /// from its length.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] bytes: JsValue,
        #[wasm_bindgen(unchecked_param_type = "LoadOptions | null | undefined")] options: JsValue,
    ) -> Result<Dataset, JsValue> {
        let loader = read_whole(FileKind::Orders, &bytes, &options)?;
        Ok(Dataset::wrap(loader.finish().map_err(js_error)?.into()))
    }

    /// Releases the dataset's memory. Every later call throws `invalid_state`; a second `free()` does nothing.
    /// (It replaces wasm-bindgen's own `free()`, which left later calls an uncoded "null pointer" error; the small
    /// handle itself is released when JavaScript collects the object.)
    #[wasm_bindgen(js_name = free)]
    pub fn release(&self) -> Result<(), JsValue> {
        let mut workspace = self.workspace.try_borrow_mut().map_err(|_| invalid_state(BUSY))?;
        *workspace = None;
        self.ids.clear();
        Ok(())
    }

    /// The `LoadReport`: rows read and used, skipped rows with line numbers, detected settings and roles.
    #[wasm_bindgen(unchecked_return_type = "LoadReport")]
    pub fn report(&self) -> Result<JsValue, JsValue> {
        self.with(|w| to_js(w.report()))
    }

    /// Reads a customers file (analytics.md §14.1) and joins it by customer id, replacing an earlier one.
    #[wasm_bindgen(js_name = joinCustomers, unchecked_return_type = "CustomerJoinReport")]
    pub fn join_customers(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] bytes: JsValue,
        #[wasm_bindgen(unchecked_param_type = "LoadOptions | null | undefined")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let loader = read_whole(FileKind::Customers, &bytes, &options)?;
        self.join(loader)
    }

    /// Reads a campaign file (analytics.md §16.1) and joins it by customer id, replacing an earlier one.
    #[wasm_bindgen(js_name = joinCampaigns, unchecked_return_type = "CampaignJoinReport")]
    pub fn join_campaigns(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] bytes: JsValue,
        #[wasm_bindgen(unchecked_param_type = "LoadOptions | null | undefined")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        // campspeed: the heap grown in one step before the read: twice the file (its columns and their copies),
        // and room for the first campaigns() after the join (issue 15.6): per contact its outcome and place in the
        // per-class rows (≈ 3 B of file each), per customer the figures and classes at the first contacts, per row
        // the order index. Growing the memory inside campaigns() made V8 collect its whole JS heap there.
        let length = bytes.dyn_ref::<js_sys::Uint8Array>().map_or(0, |b| b.length() as usize);
        let (customers, rows) = self.with(|w| Ok((w.orders().customer.distinct(), w.orders().len())))?;
        let evaluation = length
            .saturating_mul(3)
            .saturating_add(customers.saturating_mul(128))
            .saturating_add(rows.saturating_mul(4));
        reserve_heap(length.saturating_mul(2).saturating_add(evaluation));
        let loader = read_whole(FileKind::Campaigns, &bytes, &options)?;
        self.join(loader)
    }

    /// Joins what a customers or campaign loader read and returns the join report.
    fn join(&self, loader: ingest::Loader) -> Result<JsValue, JsValue> {
        self.with_mut(|_| Ok(()))?; // a freed dataset refuses before the file is read
        let file = loader.finish_file().map_err(js_error)?;
        self.with_mut(|workspace| match file {
            LoadedFile::Customers(file) => to_js(workspace.join_customers(file)),
            LoadedFile::Campaigns(file) => to_js(workspace.join_campaigns(file)),
            LoadedFile::Orders(_) => {
                Err(invalid_state("joining an orders file to a dataset (read it with fromBytes or Loader.finish())"))
            }
        })
    }

    /// RFM scores, segments, tiers and lifecycle (`RfmResult`) with `RfmOptions`; the same options again cost
    /// nothing (the workspace keeps the last result and the customer frame).
    #[wasm_bindgen(unchecked_return_type = "RfmResult")]
    pub fn rfm(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RfmCallOptions | null | undefined")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        // rfm columns (issue 20.3): `columns` picks the per-customer columns; the rest are RfmOptions.
        let (options, columns) = rfm_call_options(&options)?;
        let wants = |name: &str| columns.as_ref().is_none_or(|names| names.iter().any(|n| n == name));
        self.with(|w| {
            let result = w.rfm(&options).map_err(js_error)?;
            let summary = rfm_to_js(&result, w.orders(), &wants)?;
            profile::add_customer_columns(&summary, w, &result, &wants)?;
            Ok(summary)
        })
    }

    /// Market comparison (`CompareResult`) with `CompareOptions`.
    #[wasm_bindgen(unchecked_return_type = "CompareResult")]
    pub fn compare(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CompareOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let options = compare::compare_options(&options).map_err(js_error)?;
        self.with(|w| compare::compare_to_js(&w.compare(&options).map_err(js_error)?))
    }

    #[cfg(feature = "second-half")] // split (issue 17.13): in the full module only
    /// Customer lifetime value (`ClvResult`, analytics.md §11.9) with `ClvOptions`: BG/NBD and Gamma-Gamma fitted
    /// (or as given), per-customer P(alive), expected purchases, expected value and CLV as typed arrays, and CLV
    /// by RFM segment, tier and stage (with the `rfm` options). The same options again cost nothing.
    #[wasm_bindgen(unchecked_return_type = "ClvResult")]
    pub fn clv(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ClvOptions | null | undefined")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let request = clv::clv_options(&Value::root(&options, "options")).map_err(js_error)?;
        self.with(|w| {
            let date = w.analysis_date(request.analysis_date).map_err(js_error)?;
            let report = w.clv(&request.at(date), &request.rfm).map_err(js_error)?;
            clv::clv_to_js(&report, w.orders())
        })
    }

    #[cfg(feature = "first-view")] // split (issue 17.13): the Overview asks for it (both modules)
    /// Revenue, orders, customers, new and returning customers and AOV per calendar month, ISO week or day
    /// (`TrendResult`) with `TrendOptions`; the first purchases come from the cached customer frame.
    #[wasm_bindgen(unchecked_return_type = "TrendResult")]
    pub fn trend(
        &self,
        #[wasm_bindgen(unchecked_param_type = "TrendOptions | null | undefined")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let options = retention::trend_options(&Value::root(&options, "options")).map_err(js_error)?;
        self.with(|w| to_js(&w.trend(&options).map_err(js_error)?))
    }

    #[cfg(feature = "second-half")] // split (issue 17.13): in the full module only
    /// Cohorts, retention, churn, time between purchases and the churn-risk flag (`CohortResult`, analytics.md
    /// §12.5) with `CohortOptions`, on the cached customer frame.
    #[wasm_bindgen(unchecked_return_type = "CohortResult")]
    pub fn cohorts(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CohortOptions | null | undefined")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let request = retention::cohort_options(&Value::root(&options, "options")).map_err(js_error)?;
        self.with(|w| {
            let result = w.cohorts(&request.options, &request.clv).map_err(js_error)?;
            retention::cohorts_to_js(&result, w.orders(), &self.ids)
        })
    }

    #[cfg(feature = "first-view")] // split (issue 17.13): the Overview asks for it (both modules)
    /// Who moved between segments, tiers or lifecycle stages from one date to another (`MigrationResult`,
    /// analytics.md §13.2) with `MigrationOptions`: the matrix with `new` / `none`, shares, revenue between the
    /// dates, a summary, and every customer's move as columns.
    #[wasm_bindgen(unchecked_return_type = "MigrationResult")]
    pub fn migration(
        &self,
        #[wasm_bindgen(unchecked_param_type = "MigrationOptions | null | undefined")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let options = retention::migration_options(&Value::root(&options, "options")).map_err(js_error)?;
        self.with(|w| retention::migration_to_js(&w.migration(&options).map_err(js_error)?, w.orders(), &self.ids))
    }

    #[cfg(feature = "second-half")] // split (issue 17.13): in the full module only
    // customer detail (issue 17.12)
    /// One customer's detail (`CustomerDetail`): their order lines (newest first, at most `limit`), their scores
    /// and classes in the RFM analysis with `options.rfm` (the page's Settings), and their segment, tier and stage at
    /// each analysis date of `options.history` (same RFM options). `id` must be a customer of the orders file.
    #[wasm_bindgen(js_name = customerDetail, unchecked_return_type = "CustomerDetail")]
    pub fn customer_detail(
        &self,
        id: &str,
        #[wasm_bindgen(unchecked_param_type = "CustomerDetailOptions | null | undefined")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let (rfm, options) = detail::detail_options(&Value::root(&options, "options")).map_err(js_error)?;
        self.with(|w| Ok(detail::detail_to_js(&w.customer_detail(id, &rfm, &options).map_err(js_error)?)))
    }

    /// The customer table, or one segment's or tier's customers, as CSV text for Excel (UTF-8 BOM, formulas
    /// neutralised), from the cached analysis. `filter` is `{ segment, segmentCode, tier, format: "csv", lang,
    /// clv }`; `clv` (`true` or the model options of `ClvOptions`) adds the columns `p_alive`,
    /// `expected_purchases` and `clv`; `nextProduct` adds `next_product` (affinity()'s next item per customer) and
    /// `bought` / `notBought` keep the customers who bought every one and none of those items (issue 16.3).
    #[wasm_bindgen(js_name = exportCustomers)]
    pub fn export_customers(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RfmOptions | null | undefined")] options: JsValue,
        #[wasm_bindgen(unchecked_param_type = "ExportFilter | null | undefined")] filter: JsValue,
    ) -> Result<String, JsValue> {
        let options = rfm_options(&options)?;
        let (filter, clv, products) = export_filter(&filter).map_err(js_error)?;
        #[cfg(feature = "second-half")]
        return self.with(|w| {
            let clv = match clv {
                None => None,
                Some(clv) => Some(crate::analysis::clv::ClvOptions {
                    analysis_date: w.analysis_date(options.analysis_date).map_err(js_error)?,
                    ..clv
                }),
            };
            w.export_customers_with(&options, &filter, clv.as_ref(), products.as_ref()).map_err(js_error)
        });
        // split (issue 17.13): the first-load module exports without CLV or next-product columns; with them the page
        // asks the full module.
        #[cfg(not(feature = "second-half"))]
        {
            if clv.is_some() || products.is_some() {
                return Err(js_error(crate::Error::new(crate::ErrorKind::NeedsFullModule {
                    needs: "analysis".into(),
                })));
            }
            self.with(|w| w.export_customers_with(&options, &filter, None, None).map_err(js_error))
        }
    }
}

// ds.sql (issue 19): the RFM query for a warehouse.
#[cfg(feature = "second-half")] // in the full module only: the warehouse card asks for it when opened
#[wasm_bindgen]
impl Dataset {
    /// The RFM analysis as one SQL query for DuckDB or Spark (`SqlResult`), from `SqlOptions`: `{ dialect, table,
    /// columns, ...RfmOptions }`, the file's headers being the default columns.
    #[wasm_bindgen(unchecked_return_type = "SqlResult")]
    pub fn sql(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SqlOptions | null | undefined")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        // The file's roles are copied out first: the options are read without the dataset borrowed.
        let roles = self.with(|w| Ok(w.report().roles.clone()))?;
        sql::sql(&options, &roles)
    }
}

/// Streaming reader: `push(chunk)` any number of times (chunks split anywhere), then `finish()` for an orders
/// file, or `joinTo(dataset)` for a customers or campaign file (`Loader.forKind`).
#[wasm_bindgen]
pub struct Loader {
    inner: Option<ingest::Loader>,
    /// Whether `free()` was called (a freed loader says so rather than "after finish()").
    freed: bool,
}

#[wasm_bindgen]
impl Loader {
    /// A loader of an orders file with `LoadOptions`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "LoadOptions | null | undefined")] options: JsValue,
    ) -> Result<Loader, JsValue> {
        Loader::for_kind(JsValue::from_str("orders"), options)
    }

    /// A loader of a file of `kind` (`"orders"`, `"customers"` or `"campaigns"`) with `LoadOptions`.
    #[wasm_bindgen(js_name = forKind)]
    pub fn for_kind(
        #[wasm_bindgen(unchecked_param_type = "FileKind")] kind: JsValue,
        #[wasm_bindgen(unchecked_param_type = "LoadOptions | null | undefined")] options: JsValue,
    ) -> Result<Loader, JsValue> {
        let kind = kind.as_string().and_then(|name| FileKind::from_name(&name)).ok_or_else(|| {
            js_error(crate::Error::option_rule(
                "kind",
                crate::error::OptionRule::OneOf { allowed: FileKind::ALL.iter().map(|k| k.name().into()).collect() },
            ))
        })?;
        let options = load_options(&options).map_err(js_error)?;
        Ok(Loader { inner: Some(ingest::Loader::for_kind(kind, options).map_err(js_error)?), freed: false })
    }

    /// Releases the loader's memory; every later call throws `invalid_state` (a second `free()` does nothing).
    #[wasm_bindgen(js_name = free)]
    pub fn release(&mut self) {
        self.inner = None;
        self.freed = true;
    }

    /// Feeds the next chunk (`Uint8Array` or `ArrayBuffer`), copied into wasm memory 1 MiB at a time.
    pub fn push(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] chunk: JsValue,
    ) -> Result<(), JsValue> {
        let chunk = bytes_argument(&chunk, "chunk")?;
        let Some(loader) = self.inner.as_mut() else {
            return Err(self.finished());
        };
        let result = push_all(loader, &chunk);
        if result.is_err() {
            self.inner = None; // a refused input cannot be continued
        }
        result
    }

    /// Ends the input of an orders file and returns the `Dataset`.
    pub fn finish(&mut self) -> Result<Dataset, JsValue> {
        let loader = self.inner.take().ok_or_else(|| self.finished())?;
        Ok(Dataset::wrap(loader.finish().map_err(js_error)?.into()))
    }

    /// Ends the input of a customers or campaign file and joins it to `dataset`; returns the join report.
    #[wasm_bindgen(js_name = joinTo, unchecked_return_type = "CustomerJoinReport | CampaignJoinReport")]
    pub fn join_to(&mut self, dataset: &Dataset) -> Result<JsValue, JsValue> {
        let loader = self.inner.take().ok_or_else(|| self.finished())?;
        dataset.join(loader)
    }

    fn finished(&self) -> JsValue {
        invalid_state(if self.freed {
            "using a Loader after free()"
        } else {
            "using a Loader after finish() or after an error"
        })
    }
}

// hostile input (issue 18): the last panic's message, kept for the page after the instance aborts.
thread_local! {
    static LAST_PANIC: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Installs the panic hook when the module starts: it keeps the panic's message and place (a panic aborts the
/// instance, so the page reads it with `lastPanic()` from the dead instance before it loads a new one).
#[wasm_bindgen(start)]
fn start() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        let _ = LAST_PANIC.try_with(|last| last.try_borrow_mut().map(|mut last| *last = Some(message)));
    }));
}

/// The message of the panic that aborted this instance (`"panicked at src/…: …"`), or `null` when none did. A
/// panic is a bug of the module: the page shows it, loads the module again, and asks for a report.
#[wasm_bindgen(js_name = lastPanic)]
pub fn last_panic() -> Option<String> {
    LAST_PANIC.try_with(|last| last.try_borrow().ok().and_then(|last| last.clone())).ok().flatten()
}

/// Panics on purpose, to test that the page recovers from an aborted instance (`lastPanic()` then names it).
#[wasm_bindgen(js_name = testPanic)]
pub fn test_panic(message: String) {
    panic!("{message}");
}

/// Runs a small made-up export (30,000 lines) through loading, `rfm()` and `compare()`, and drops it, so that the
/// JavaScript engine compiles the module's hot code with its optimising tier before a real file arrives. Call it
/// once after `init()`, while the user picks a file (the page's worker does). In a fresh Chromium page the first
/// 1M-line load + `rfm()` + `compare()` then took 1.2 s instead of 1.6–2.1 s; it costs ~0.2 s itself.
#[wasm_bindgen(js_name = warmUp)]
pub fn warm_up() -> Result<(), JsValue> {
    use std::fmt::Write;
    let mut text = String::with_capacity(2 << 20);
    text.push_str("order_id,customer_id,order_date,product,region,quantity,amount\n");
    for i in 0..30_000u32 {
        let (order, customer, month, day) = (100_000 + i / 2, i * 7_919 % 5_000, 1 + i % 9, 10 + i % 19);
        let (product, region, quantity, cents) = (i % 13, i % 4, 1 + i % 3, i * 31 % 99_700);
        let _ = writeln!(text, "SO-{order},C{customer},2024-0{month}-{day},P{product},R{region},{quantity},{cents}.25");
    }
    let loaded = ingest::load(text.as_bytes(), &ingest::LoadOptions::default()).map_err(js_error)?;
    let dataset = Dataset::wrap(loaded.into());
    dataset.rfm(JsValue::UNDEFINED)?;
    let by_region = js_sys::Object::new();
    js_sys::Reflect::set(&by_region, &"by".into(), &"region".into())?;
    dataset.compare(by_region.into())?;
    Ok(())
}
