// Module worker: owns the wasm instance and the one loaded Dataset (the orders, with the customers and campaign files
// joined to them); reads files in slices and answers LOAD and ANALYZE requests.
import { MessageType, FILE_KINDS, SLICE_BYTES, makeError } from "./protocol.js";
// parallel parsing (issue 20): range workers and the merge of their partial tables.
import { loadInRanges, rangeWorkerCount } from "./ranges.js";

/**
 * The analyses the page may ask for by name (ANALYZE { name, options }): the worker calls the Dataset's method of
 * that name, and nothing else. Adding an analysis is one line. `args` turns the request's options into the call's
 * arguments (default: the options object); `send` makes the result cheap to post and names the buffers to transfer.
 */
const ANALYSES = {
  // rfm columns (issue 20.3): the module builds only the per-customer columns the page shows.
  rfm: { args: (options) => [{ ...(options ?? {}), columns: SHOWN_CUSTOMER_COLUMNS }], send: (result) => transferables(result.customers) },
  compare: {},
  clv: { send: (result) => transferables(result.customers) },
  trend: {},
  cohorts: { send: (result) => transferables(result.customers) },
  // The page reads each customer's classes from fromIndex / toIndex (into rows / columns): the two string columns
  // that repeat them are left out rather than cloned.
  migration: { send: (result) => transferables(omit(result.customers, ["from", "to"])) },
  // products: affinity() and growthMatrix() (§15, §17)
  affinity: { send: (result) => transferables(result.customers) },
  growthMatrix: {},
  exportCustomers: { args: ({ rfm, filter } = {}) => [rfm ?? {}, filter ?? {}] },
  // Campaign evaluation (analytics.md §16).
  campaigns: {},
  // Customer attributes (§14): the People view; each customer's value (when asked) crosses as a typed array.
  profile: { send: (result) => transferables({ customerValues: result.customerValues }) },
  // customer detail (issue 17.12): one customer's lines, scores and segment history
  customerDetail: { args: ({ id, options } = {}) => [String(id ?? ""), options ?? {}] },
  // ds.sql (issue 19): the RFM query for a warehouse.
  sql: {},
};

let dataset = null; // the Dataset of the last successful orders load (with its joined files)
// split (issue 17.13): which module answers (see "module selection and upgrade" below)
const FIRST_LOAD_MODULE = "./pkg/clientele_core.js";
const FIRST_LOAD_WASM = "./pkg/clientele_core_bg.wasm";
const FULL_MODULE = "./pkg/clientele.js";
let clientele = null; // the module in use (its namespace): the first-load module, or the full one
let clienteleUrl = null; // the URL of its JavaScript glue (range workers import the same one: parallel parsing)
let usingFull = false; // whether `clientele` is the full module
let fullModule = null; // the full module, imported and initialised (a promise, made once)
let replay = []; // the LOADs that made the dataset, in order ({ kind, source, options }, the orders first)
let wasmMemory = null; // never transfer this buffer away
let queue = Promise.resolve(); // requests run one after another, in arrival order
const cancelled = new Set(); // ids of loads the page asked to stop
const rangeLoads = new Map(); // parallel parsing (issue 20): id → control of a load read by range workers (control.stop)
let requested = false; // whether any request arrived (then the warm-up is not worth its delay)

const initialised = startEngine().then(
  (exports) => {
    wasmMemory = exports.memory ?? null;
    if (typeof clientele.catalog !== "function") throw new Error("this build of the engine has no catalog()");
    const analyses = Object.keys(ANALYSES).filter((name) => offered(name));
    self.postMessage({ type: MessageType.READY, data: { catalog: clientele.catalog(), analyses } });
    // While the user picks a file: a small made-up export through the module, so the engine has optimised its hot
    // code before a big file arrives (~0.2 s; skipped when a request is already waiting).
    setTimeout(() => {
      if (!requested && typeof clientele.warmUp === "function") clientele.warmUp();
    }, 0);
  },
).catch((cause) => {
  self.postMessage({ type: MessageType.FATAL, data: { message: `Could not start the analysis engine: ${describe(cause)}` } });
  throw cause;
});

self.onmessage = (event) => {
  const message = event.data;
  // A cancel must not wait behind the load it cancels: it only marks the id, which the load checks between slices.
  if (message.type === MessageType.CANCEL) {
    cancelled.add(message.data.id);
    // parallel parsing (issue 20): a load read by range workers stops at once, every range worker terminated.
    rangeLoads.get(message.data.id)?.stop?.(makeError("cancelled", "Loading was cancelled."));
    return;
  }
  // hostile input (issue 18): the e2e test's real trap, at once (not behind a load): a panic in the module.
  if (message.type === "test-trap" && typeof clientele?.testPanic === "function") {
    try {
      clientele.testPanic(String(message.data?.message ?? "test trap"));
    } catch (thrown) {
      return void fatal(thrown);
    }
  }
  requested = true;
  queue = queue.then(() => handle(message));
};

async function handle({ id, type, data }) {
  try {
    await initialised;
    if (type === MessageType.LOAD) {
      const report = await loadWithUpgrade(id, data);
      self.postMessage({ id, type: MessageType.OK, data: report });
    } else if (type === MessageType.ANALYZE) {
      const { result, transfer } = await analyzeWithUpgrade(id, data ?? {});
      self.postMessage({ id, type: MessageType.OK, data: result }, transfer);
    } else {
      throw makeError("unknown_request", `Unknown request type "${type}".`, { type });
    }
  } catch (thrown) {
    if (thrown instanceof WebAssembly.RuntimeError) return void fatal(thrown);
    self.postMessage({ id, type: MessageType.ERROR, data: asErrorObject(thrown) });
  } finally {
    cancelled.delete(id);
  }
}

/**
 * A trap (a Rust panic): the instance is poisoned; the client terminates this worker and starts a new one. The
 * panic hook kept the panic's message (hostile input, issue 18); it is read from the dead instance and sent along.
 */
function fatal(thrown) {
  let panic = null;
  try {
    panic = clientele?.lastPanic?.() ?? null;
  } catch {}
  self.postMessage({ type: MessageType.FATAL, data: { message: panic ? `${describe(thrown)}: ${panic}` : describe(thrown) } });
  self.close();
}

function loaded() {
  if (!dataset) throw makeError("no_data", "Load a file before asking for an analysis.");
  return dataset;
}

/** Runs the allowed analysis `name` on the loaded data: `{ result, transfer }`. */
function analyze({ name, options }) {
  const entry = Object.hasOwn(ANALYSES, name) ? ANALYSES[name] : null;
  if (!entry) throw makeError("unknown_request", `Unknown analysis "${name}".`, { name });
  const ds = loaded();
  if (typeof ds[name] !== "function") throw makeError("not_available", `${name}() is not in this build of the engine.`, { name });
  const result = ds[name](...(entry.args ? entry.args(options) : [options ?? {}]));
  return { result, transfer: entry.send ? entry.send(result) : [] };
}

/** LOAD: the orders become the new Dataset; a customers or campaign file is joined to the loaded one. */
function load(id, { kind = "orders", source, options: given = {} }) {
  if (!FILE_KINDS.includes(kind)) throw makeError("unknown_request", `Unknown kind of file "${kind}".`, { kind });
  // parallel parsing (issue 20): `workers` (and the tests' `testTrapRange`) are the worker's, not the module's.
  const { workers, testTrapRange, ...options } = given ?? {};
  const fileName = source.file ? source.file.name
    : source.stream ? String(source.name ?? "data.csv")
      : decodeURIComponent(new URL(source.url, self.location.href).pathname.split("/").pop());
  if (kind === "orders" && source.file && typeof clientele.PartsLoader === "function") {
    const count = rangeWorkerCount(source.file.size, workers, self.navigator?.hardwareConcurrency);
    if (count > 1) return loadOrdersInRanges(id, source, fileName, options, count, testTrapRange);
  }
  return kind === "orders" ? loadOrders(id, source, fileName, options) : join(id, kind, source, fileName, options);
}

// parallel parsing (issue 20)
/**
 * Reads an orders File with `count` range workers (parse-worker.js) and merges their partial tables; progress is
 * their bytes summed, cancel terminates them all. A file the module reads with one reader goes to loadOrders.
 */
async function loadOrdersInRanges(id, source, fileName, options, count, testTrapRange) {
  const file = source.file;
  const control = {};
  rangeLoads.set(id, control);
  try {
    if (cancelled.has(id)) throw makeError("cancelled", "Loading was cancelled.");
    const progress = (bytesDone) => self.postMessage({ id, type: MessageType.PROGRESS, data: { bytesDone, bytesTotal: file.size } });
    progress(0);
    const ready = await loadInRanges({
      clientele, moduleUrl: clienteleUrl, file, options: { ...options, fileName }, count, control, onProgress: progress,
      spawn: () => new Worker(new URL("./parse-worker.js", import.meta.url), { type: "module" }),
      testTrapRange: Number.isInteger(testTrapRange) ? testTrapRange : null,
    });
    if (!ready) return loadOrders(id, source, fileName, options);
    dataset?.free();
    dataset = ready;
    return dataset.report();
  } finally {
    rangeLoads.delete(id);
  }
}

/** Streams the source into a Loader, posting progress between slices; keeps the previous Dataset until this one is ready. */
async function loadOrders(id, source, fileName, options) {
  let loader = null; // made once the size is known (the first progress report), so that columns are allocated once
  const makeLoader = (bytesTotal) => new clientele.Loader({ ...options, fileName, ...(bytesTotal > 0 ? { totalBytes: bytesTotal } : {}) });
  let finishing = false;
  try {
    const progress = (bytesDone, bytesTotal) => {
      loader ??= makeLoader(bytesTotal);
      self.postMessage({ id, type: MessageType.PROGRESS, data: { bytesDone, bytesTotal } });
    };
    for await (const chunk of readSlices(source, progress, () => cancelled.has(id))) loader.push(chunk);
    loader ??= makeLoader(null);
    finishing = true; // finish() consumes the loader, even when it throws
    const ready = loader.finish();
    dataset?.free();
    dataset = ready;
    return dataset.report();
  } finally {
    if (!finishing) loader?.free();
  }
}

/**
 * Streams a customers or campaign file into a Loader of its kind (same slices, progress and cancel as the orders)
 * and joins it to the loaded orders (analytics.md §14.1, §16.1); returns the module's join report. A failed join
 * leaves the previous one of that kind in place.
 */
async function join(id, kind, source, fileName, options) {
  const ds = loaded();
  let loader = null;
  try {
    const progress = (bytesDone, bytesTotal) => {
      loader ??= clientele.Loader.forKind(kind, { ...options, fileName, ...(bytesTotal > 0 ? { totalBytes: bytesTotal } : {}) });
      self.postMessage({ id, type: MessageType.PROGRESS, data: { bytesDone, bytesTotal } });
    };
    for await (const chunk of readSlices(source, progress, () => cancelled.has(id))) loader.push(chunk);
    loader ??= clientele.Loader.forKind(kind, { ...options, fileName });
    return loader.joinTo(ds);
  } finally {
    loader?.free();
  }
}

// ---- split (issue 17.13): module selection and upgrade ----
// The worker starts with the small first-load module (www/pkg/clientele_core.js: UTF-8 text and what the Overview
// asks for) and moves to the full module (www/pkg/clientele.js) when a request needs it: an analysis the small one
// lacks, or a file it cannot read (`needs_full_module`: not UTF-8, a workbook). It then reads the same files (kept
// here: File objects, same-origin URLs) with the same options into the full module, posting progress for that read
// with `upgrade: true`, answers from it and frees the small module's dataset: the page never sees two datasets.
// (The small instance's memory stays reserved: WebAssembly memory never shrinks.)

/**
 * Starts the first-load module, or the full one when there is no first-load build (a www/pkg with the npm package
 * only); resolves to the instance's exports.
 */
async function startEngine() {
  // The wasm is fetched while its JavaScript glue (and the glue's own import) arrives, not after: on a slow link
  // that saves the round trips of the glue.
  const wasm = fetch(new URL(FIRST_LOAD_WASM, self.location.href));
  wasm.catch(() => {}); // a failed fetch is met below, through the glue
  try {
    const module = await import(FIRST_LOAD_MODULE);
    const exports = await module.default({ module_or_path: wasm });
    clientele = module;
    clienteleUrl = new URL(FIRST_LOAD_MODULE, import.meta.url).href;
    return exports;
  } catch {
    // not built: the full module does everything
  }
  const full = await fullEngine();
  clientele = full.module;
  clienteleUrl = new URL(FULL_MODULE, import.meta.url).href;
  usingFull = true;
  return full.exports;
}

/** The full module, imported and initialised once: `{ module, exports }`. */
function fullEngine() {
  fullModule ??= import(FULL_MODULE).then(async (module) => ({ module, exports: await module.default() }));
  return fullModule;
}

/** Whether the page may ask for the analysis `name`: the module in use has it, or the full module will. */
function offered(name) {
  return !usingFull || typeof clientele.Dataset.prototype[name] === "function";
}

/** Whether `thrown` says that only the full module can do what was asked. */
function needsFull(thrown) {
  return !usingFull && thrown?.code === "needs_full_module";
}

/**
 * LOAD with the module in use. A file the small module cannot read is read by the full one (after the files the
 * dataset was made of, for a joined file); a stream can be read only once, so it goes to the full module at once.
 */
async function loadWithUpgrade(id, data) {
  const kind = data?.kind ?? "orders";
  const step = { kind, source: data?.source, options: data?.options ?? {} };
  let report;
  if (!usingFull && step.source?.stream) {
    report = kind === "orders" ? await moveToFull(id, [step]) : (await moveToFull(id, replay), await load(id, data));
  } else {
    try {
      report = await load(id, data);
    } catch (thrown) {
      if (!needsFull(thrown)) throw thrown;
      report = kind === "orders" ? await moveToFull(id, [step]) : (await moveToFull(id, replay), await load(id, data));
    }
  }
  replay = kind === "orders" ? [step] : [...replay.filter((earlier) => earlier.kind !== kind), step];
  return report;
}

/** ANALYZE with the module in use, or with the full one when the small one lacks the analysis or its options. */
async function analyzeWithUpgrade(id, request) {
  const name = request?.name;
  if (!usingFull && dataset && Object.hasOwn(ANALYSES, name) && typeof dataset[name] !== "function") {
    await moveToFull(id, replay);
  }
  try {
    return analyze(request);
  } catch (thrown) {
    if (!needsFull(thrown)) throw thrown;
    await moveToFull(id, replay);
    return analyze(request);
  }
}

/**
 * Moves to the full module and reads `steps` (LOAD requests' data, the orders first) into it; resolves to the last
 * one's report. The reads of files already loaded post their progress under `id` with `upgrade: true`. Once they
 * are in, the small module's dataset is freed; if one fails, the small module and its dataset stay in use.
 */
async function moveToFull(id, steps) {
  const full = await fullEngine();
  const small = { module: clientele, url: clienteleUrl, dataset, memory: wasmMemory };
  clientele = full.module;
  clienteleUrl = new URL(FULL_MODULE, import.meta.url).href;
  wasmMemory = full.exports.memory ?? null;
  usingFull = true;
  dataset = null;
  let report = null;
  try {
    for (const step of steps) {
      const again = replay.includes(step); // a file read before: its progress is the upgrade's
      report = again ? await withUpgradeProgress(() => load(id, step)) : await load(id, step);
    }
  } catch (thrown) {
    dataset?.free();
    clientele = small.module;
    clienteleUrl = small.url;
    wasmMemory = small.memory;
    usingFull = false;
    dataset = small.dataset;
    throw thrown;
  }
  small.dataset?.free();
  return report;
}

/**
 * Runs `read` with its progress messages marked `upgrade: true` (the reading code posts them itself; they are
 * marked on the way out, so that code stays as it is).
 */
async function withUpgradeProgress(read) {
  const post = self.postMessage;
  self.postMessage = (message, transfer) => post.call(self, message?.type === MessageType.PROGRESS
    ? { ...message, data: { ...message.data, upgrade: true } } : message, transfer);
  try {
    return await read();
  } finally {
    self.postMessage = post;
  }
}

/** Yields the bytes of a File, a ReadableStream or a same-origin URL as Uint8Array slices, reporting progress after each. */
async function* readSlices(source, progress, isCancelled) {
  const stopIfCancelled = () => {
    if (isCancelled()) throw makeError("cancelled", "Loading was cancelled.");
  };
  if (source.file) {
    yield* readStream(source.file.stream(), source.file.size, progress, stopIfCancelled);
    return;
  }
  if (source.stream) {
    yield* readStream(source.stream, Number.isFinite(source.size) ? source.size : null, progress, stopIfCancelled);
    return;
  }
  const url = new URL(source.url, self.location.href);
  if (url.origin !== self.location.origin) {
    throw makeError("cross_origin_url", "Only files served by this page's own site can be loaded by address.", { url: url.href });
  }
  let response;
  try {
    response = await fetch(url, { credentials: "same-origin" });
  } catch (cause) {
    throw makeError("fetch_failed", `Could not download ${url.pathname}: ${describe(cause)}`, { url: url.pathname });
  }
  if (!response.ok) {
    throw makeError("fetch_failed", `Could not download ${url.pathname} (HTTP ${response.status}).`, { url: url.pathname, status: response.status });
  }
  // A compressed response's length is not the file's (issue 17 point 13: hosts gzip CSV): the progress is then
  // shown without a total.
  const encoding = response.headers.get("content-encoding");
  const total = encoding && encoding !== "identity" ? null : Number(response.headers.get("content-length")) || null;
  yield* readStream(response.body, total, progress, stopIfCancelled);
}

/**
 * Yields a byte stream's chunks (progress at most every slice's worth of bytes). Byte streams (a File's, a fetch
 * body's) are read into one reused buffer: each chunk is pushed into the module before the next read, and reading
 * leaves no garbage behind (a new ArrayBuffer per slice held ~250 MB of a 527 MB file until the next GC).
 */
async function* readStream(stream, bytesTotal, progress, stopIfCancelled) {
  let bytesDone = 0;
  let reported = 0;
  progress(0, bytesTotal);
  let byob = null;
  try {
    byob = stream.getReader({ mode: "byob" });
  } catch {
    byob = null; // not a byte stream
  }
  const reader = byob ?? stream.getReader();
  let buffer = new ArrayBuffer(SLICE_BYTES);
  try {
    for (;;) {
      const { done, value } = byob ? await byob.read(new Uint8Array(buffer)) : await reader.read();
      stopIfCancelled();
      if (done) break;
      const chunk = value instanceof Uint8Array ? value : new Uint8Array(ArrayBuffer.isView(value) ? value.buffer : value);
      yield chunk;
      if (byob) buffer = chunk.buffer;
      bytesDone += chunk.length;
      if (bytesDone - reported >= SLICE_BYTES) {
        reported = bytesDone;
        progress(bytesDone, bytesTotal);
      }
    }
    progress(bytesDone, bytesTotal);
  } finally {
    reader.cancel().catch(() => {});
  }
}

// rfm columns (issue 20.3)
/**
 * The per-customer columns of rfm() the page reads (the Customers, Overview and People views): segment, tier and
 * stage as the module's code columns (`segmentCode`, `tierCode`, `lifecycleCode`, indexes into `segments`,
 * `tiers` and `lifecycle`). The string columns it never shows (`segment`, `tier`, `lifecycle`, `monetaryExact`,
 * `cell`; exports come from the module) and the attribute columns (the People view asks profile()) are not built
 * at all: at 5M customers ~119 MB of JS columns the worker used to throw away. The typed arrays are transferred.
 */
const SHOWN_CUSTOMER_COLUMNS = [
  "id", "recencyDays", "frequency", "monetary", "tenureDays", "r", "f", "m", "score",
  "segmentCode", "tierCode", "lifecycleCode",
];

/** `columns` without the keys `keys` (deleted in place; returned for chaining). */
function omit(columns, keys) {
  for (const key of keys) delete columns[key];
  return columns;
}

/** The buffers of the result's typed-array columns, to transfer instead of copy. */
function transferables(columns) {
  const buffers = new Set();
  for (const column of Object.values(columns ?? {})) {
    if (ArrayBuffer.isView(column) && column.buffer instanceof ArrayBuffer && column.buffer !== wasmMemory?.buffer) {
      buffers.add(column.buffer);
    }
  }
  return [...buffers];
}

/** The wasm module throws plain `{ code, message, position, details }` objects; anything else becomes one. */
function asErrorObject(thrown) {
  const isPlainObject = thrown !== null && typeof thrown === "object" && Object.getPrototypeOf(thrown) === Object.prototype;
  if (isPlainObject && typeof thrown.code === "string") return thrown;
  return makeError("internal_error", describe(thrown));
}

function describe(thrown) {
  return thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown?.message ?? thrown);
}
