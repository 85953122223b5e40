//! The JavaScript binding, compiled only for `wasm32`: the one place that knows about JS. It converts options
//! in, calls the core, and converts results out (plain objects, `null` not `undefined`, typed-array columns).

mod columns;
mod compare;
mod convert;
mod options;

use crate::ingest::{self, LoadReport};
use crate::table::Table;
use convert::{js_error, rfm_to_js, to_js};
use options::{export_filter, load_options, Value};
use wasm_bindgen::prelude::*;

/// What the module knows, as data (`Catalog`): option defaults, preset maps as user-map objects, labels of tiers,
/// stages and computed dimensions, every error, warning and option-rule code with its parameters, skip reasons,
/// and the roles of each kind of file with their header synonyms. The page reads these instead of copying them.
#[wasm_bindgen(unchecked_return_type = "Catalog")]
pub fn catalog() -> Result<JsValue, JsValue> {
    to_js(&crate::catalog::catalog())
}

/// `RfmOptions` from the JS argument.
fn rfm_options(options: &JsValue) -> Result<crate::analysis::rfm::RfmOptions, JsValue> {
    options::rfm_options(&Value::root(options, "options")).map_err(js_error)
}

/// The TypeScript shapes of options and results, written once for the generated `.d.ts`.
#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

/// A loaded export held in wasm memory; call `free()` when done with it.
#[wasm_bindgen]
pub struct Dataset {
    table: Table,
    report: LoadReport,
}

#[wasm_bindgen]
impl Dataset {
    /// Reads a whole file (`Uint8Array`) with `LoadOptions`. The bytes are copied into wasm memory 1 MiB at a
    /// time (wasm memory never shrinks, so a whole copy would stay as long as the page), and the columns are
    /// sized once from the file's length.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(
        bytes: &js_sys::Uint8Array,
        #[wasm_bindgen(unchecked_param_type = "LoadOptions | null | undefined")] options: JsValue,
    ) -> Result<Dataset, JsValue> {
        const SLICE: u32 = 1 << 20;
        let mut options = load_options(&options).map_err(js_error)?;
        let length = bytes.length();
        options.total_bytes.get_or_insert(u64::from(length));
        let mut loader = ingest::Loader::new(options).map_err(js_error)?;
        let mut buffer = vec![0u8; SLICE.min(length) as usize];
        let mut start = 0;
        while start < length {
            let end = (start + SLICE).min(length);
            let slice = &mut buffer[..(end - start) as usize];
            bytes.subarray(start, end).copy_to(slice);
            loader.push(slice).map_err(js_error)?;
            start = end;
        }
        let loaded = loader.finish().map_err(js_error)?;
        Ok(Dataset { table: loaded.table, report: loaded.report })
    }

    /// The `LoadReport`: rows read and used, skipped rows with line numbers, detected settings and roles.
    #[wasm_bindgen(unchecked_return_type = "LoadReport")]
    pub fn report(&self) -> Result<JsValue, JsValue> {
        to_js(&self.report)
    }

    /// RFM scores, segments, tiers and lifecycle (`RfmResult`) with `RfmOptions`.
    #[wasm_bindgen(unchecked_return_type = "RfmResult")]
    pub fn rfm(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RfmOptions | null | undefined")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let options = rfm_options(&options)?;
        let result = crate::analysis::rfm::rfm(&self.table, &options).map_err(js_error)?;
        rfm_to_js(&result, &self.table)
    }

    /// Market comparison (`CompareResult`) with `CompareOptions`.
    #[wasm_bindgen(unchecked_return_type = "CompareResult")]
    pub fn compare(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CompareOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let options = compare::compare_options(&options).map_err(js_error)?;
        let result = crate::analysis::compare::compare(&self.table, &options).map_err(js_error)?;
        compare::compare_to_js(&result)
    }

    /// The customer table, or one segment's or tier's customers, as CSV text for Excel (UTF-8 BOM, formulas
    /// neutralised). `filter` is `{ segment, tier, format: "csv", lang: "en" | "zh" }`.
    #[wasm_bindgen(js_name = exportCustomers)]
    pub fn export_customers(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RfmOptions | null | undefined")] options: JsValue,
        #[wasm_bindgen(unchecked_param_type = "ExportFilter | null | undefined")] filter: JsValue,
    ) -> Result<String, JsValue> {
        let options = rfm_options(&options)?;
        let filter = export_filter(&filter).map_err(js_error)?;
        let result = crate::analysis::rfm::rfm(&self.table, &options).map_err(js_error)?;
        crate::analysis::rfm::export::customers_csv(&self.table, &result, &filter).map_err(js_error)
    }
}

/// Streaming reader: `push(chunk)` any number of times (chunks split anywhere), then `finish()`.
#[wasm_bindgen]
pub struct Loader {
    inner: Option<ingest::Loader>,
}

#[wasm_bindgen]
impl Loader {
    /// A loader with `LoadOptions`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "LoadOptions | null | undefined")] options: JsValue,
    ) -> Result<Loader, JsValue> {
        let options = load_options(&options).map_err(js_error)?;
        Ok(Loader { inner: Some(ingest::Loader::new(options).map_err(js_error)?) })
    }

    /// Feeds the next chunk.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), JsValue> {
        let loader = self.inner.as_mut().ok_or_else(finished)?;
        let result = loader.push(chunk);
        if result.is_err() {
            self.inner = None; // a refused input cannot be continued
        }
        result.map_err(js_error)
    }

    /// Ends the input and returns the `Dataset`.
    pub fn finish(&mut self) -> Result<Dataset, JsValue> {
        let loader = self.inner.take().ok_or_else(finished)?;
        let loaded = loader.finish().map_err(js_error)?;
        Ok(Dataset { table: loaded.table, report: loaded.report })
    }
}

fn finished() -> JsValue {
    js_error(crate::Error::new(crate::ErrorKind::InvalidState {
        action: "using a Loader after finish() or after an error".into(),
    }))
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
    let dataset = Dataset { table: loaded.table, report: loaded.report };
    dataset.rfm(JsValue::UNDEFINED)?;
    let by_region = js_sys::Object::new();
    js_sys::Reflect::set(&by_region, &"by".into(), &"region".into())?;
    dataset.compare(by_region.into())?;
    Ok(())
}
