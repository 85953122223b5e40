//! Parallel parsing (issue 20): the range readers of the page's parse workers and the merge of their partial
//! tables, over `ingest::parallel`.

use super::convert::js_error;
use super::options::load_options;
use super::{bytes_argument, invalid_state, Dataset};
use crate::ingest::parallel::{self, PartsMerger, RangeReader};
use wasm_bindgen::prelude::*;

/// A byte count from JS (a file's size or offset): a whole number from 0 to 2^53.
fn byte_count(value: f64, name: &str) -> Result<u64, JsValue> {
    if value.is_finite() && value >= 0.0 && value.fract() == 0.0 && value <= 9_007_199_254_740_992.0 {
        Ok(value as u64)
    } else {
        Err(js_error(crate::Error::invalid_option(name, format!("{value} is not a byte count"))))
    }
}

/// How many bytes of a file of `fileBytes` bytes its range readers and merge need as `head` (the first bytes).
#[wasm_bindgen(js_name = rangeHeadBytes)]
pub fn range_head_bytes(#[wasm_bindgen(js_name = fileBytes)] file_bytes: f64) -> Result<f64, JsValue> {
    Ok(parallel::head_len(byte_count(file_bytes, "fileBytes")?) as f64)
}

/// The nominal byte ranges of `count` parse workers for a file of `fileBytes` bytes whose first
/// `rangeHeadBytes(fileBytes)` bytes are `head`: `count + 1` offsets from 0 to `fileBytes`, or `null` when the file
/// is read by one reader (a workbook, UTF-16 text, an error the single reader reports).
#[wasm_bindgen(js_name = planRanges, unchecked_return_type = "Float64Array | null")]
pub fn plan_ranges(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array")] head: JsValue,
    #[wasm_bindgen(js_name = fileBytes)] file_bytes: f64,
    count: u32,
    #[wasm_bindgen(unchecked_param_type = "LoadOptions | null | undefined")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let head = bytes_argument(&head, "head")?.to_vec();
    let options = load_options(&options).map_err(js_error)?;
    let file_bytes = byte_count(file_bytes, "fileBytes")?;
    Ok(match parallel::plan_ranges(&head, file_bytes, count as usize, &options) {
        Some(bounds) => {
            js_sys::Float64Array::from(&bounds.into_iter().map(|b| b as f64).collect::<Vec<f64>>()[..]).into()
        }
        None => JsValue::NULL,
    })
}

/// One range of an orders file read into a partial table (a parse worker's job): `push(chunk)` the file's bytes
/// from `readFrom` on until it returns `true` (or the file ends), then `finish()` gives the partial table's bytes.
#[wasm_bindgen]
pub struct RangeLoader {
    inner: Option<RangeReader>,
}

#[wasm_bindgen]
impl RangeLoader {
    /// A reader of the bytes `start..end` of a file of `fileBytes` bytes whose head is `head`; `seed` is the
    /// `[orderId, status]` of the row before the range when `PartsLoader.add` asked for it, else `null`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array")] head: JsValue,
        #[wasm_bindgen(js_name = fileBytes)] file_bytes: f64,
        start: f64,
        end: f64,
        #[wasm_bindgen(unchecked_param_type = "LoadOptions | null | undefined")] options: JsValue,
        #[wasm_bindgen(unchecked_param_type = "[string, string] | null | undefined")] seed: JsValue,
    ) -> Result<RangeLoader, JsValue> {
        let head = bytes_argument(&head, "head")?.to_vec();
        let options = load_options(&options).map_err(js_error)?;
        let seed = seed
            .dyn_ref::<js_sys::Array>()
            .map(|pair| (pair.get(0).as_string().unwrap_or_default(), pair.get(1).as_string().unwrap_or_default()));
        let (file_bytes, start, end) =
            (byte_count(file_bytes, "fileBytes")?, byte_count(start, "start")?, byte_count(end, "end")?);
        let reader = RangeReader::new(&head, file_bytes, start, end, seed, &options).map_err(js_error)?;
        Ok(RangeLoader { inner: Some(reader) })
    }

    /// The file offset of the first byte to push.
    #[wasm_bindgen(getter, js_name = readFrom)]
    pub fn read_from(&self) -> Result<f64, JsValue> {
        Ok(self.reader()?.read_from() as f64)
    }

    /// Feeds the next bytes of the file (copied into wasm memory 1 MiB at a time); `true` once the range is
    /// complete (the rest of the file is not needed).
    pub fn push(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] chunk: JsValue,
    ) -> Result<bool, JsValue> {
        const SLICE: u32 = 1 << 20;
        let chunk = bytes_argument(&chunk, "chunk")?;
        let reader = self.inner.as_mut().ok_or_else(|| invalid_state(FINISHED))?;
        let length = chunk.length();
        let mut buffer = vec![0u8; SLICE.min(length) as usize];
        let mut start = 0;
        while start < length && !reader.is_done() {
            let end = (start + SLICE).min(length);
            let slice = &mut buffer[..(end - start) as usize];
            chunk.subarray(start, end).copy_to(slice);
            reader.push(slice).map_err(js_error)?;
            start = end;
        }
        Ok(reader.is_done())
    }

    /// The partial table's bytes (for `PartsLoader.add`; transfer its buffer between workers).
    pub fn finish(&mut self) -> Result<Vec<u8>, JsValue> {
        let reader = self.inner.take().ok_or_else(|| invalid_state(FINISHED))?;
        reader.finish().map_err(js_error)
    }

    /// Releases the reader's memory.
    #[wasm_bindgen(js_name = free)]
    pub fn release(&mut self) {
        self.inner = None;
    }

    fn reader(&self) -> Result<&RangeReader, JsValue> {
        self.inner.as_ref().ok_or_else(|| invalid_state(FINISHED))
    }
}

const FINISHED: &str = "using a RangeLoader after finish() or free()";

/// The merge of the partial tables of an orders file into its `Dataset`: `add(part)` each range's partial table
/// in file order; when it returns `{ start, end, seed }` instead of `null`, that range must be read again (a
/// `RangeLoader` with those arguments) and its new partial added instead. Then `finish()`.
#[wasm_bindgen]
pub struct PartsLoader {
    inner: Option<PartsMerger>,
}

#[wasm_bindgen]
impl PartsLoader {
    /// A merge of the ranges of a file of `fileBytes` bytes whose head is `head`, read with `options`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array")] head: JsValue,
        #[wasm_bindgen(js_name = fileBytes)] file_bytes: f64,
        #[wasm_bindgen(unchecked_param_type = "LoadOptions | null | undefined")] options: JsValue,
    ) -> Result<PartsLoader, JsValue> {
        let head = bytes_argument(&head, "head")?.to_vec();
        let options = load_options(&options).map_err(js_error)?;
        let merger = PartsMerger::new(&head, byte_count(file_bytes, "fileBytes")?, &options).map_err(js_error)?;
        Ok(PartsLoader { inner: Some(merger) })
    }

    /// Adds the next range's partial table; `null`, or the range to read again `{ start, end, seed }`.
    #[wasm_bindgen(unchecked_return_type = "RangeToReread | null")]
    pub fn add(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] part: JsValue,
    ) -> Result<JsValue, JsValue> {
        let part = bytes_argument(&part, "part")?.to_vec();
        let merger = self.inner.as_mut().ok_or_else(|| invalid_state(MERGED))?;
        let Some(again) = merger.add(&part).map_err(js_error)? else {
            return Ok(JsValue::NULL);
        };
        let object = js_sys::Object::new();
        js_sys::Reflect::set(&object, &"start".into(), &(again.start as f64).into())?;
        js_sys::Reflect::set(&object, &"end".into(), &(again.end as f64).into())?;
        let seed = match again.seed {
            Some((order, status)) => js_sys::Array::of2(&order.into(), &status.into()).into(),
            None => JsValue::NULL,
        };
        js_sys::Reflect::set(&object, &"seed".into(), &seed)?;
        Ok(object.into())
    }

    /// The `Dataset` once every range is added (identical to `Dataset.fromBytes` of the whole file).
    pub fn finish(&mut self) -> Result<Dataset, JsValue> {
        let merger = self.inner.take().ok_or_else(|| invalid_state(MERGED))?;
        Ok(Dataset::wrap(merger.finish().map_err(js_error)?.into()))
    }

    /// Releases the merge's memory.
    #[wasm_bindgen(js_name = free)]
    pub fn release(&mut self) {
        self.inner = None;
    }
}

const MERGED: &str = "using a PartsLoader after finish() or free()";
