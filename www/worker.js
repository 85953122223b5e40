// Module worker: owns the wasm instance and the one loaded Dataset (the orders, with the customers and campaign files
// joined to them); reads files in slices and answers LOAD and ANALYZE requests.
import * as clientele from "./pkg/clientele.js";
import { MessageType, FILE_KINDS, SLICE_BYTES, makeError } from "./protocol.js";

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
let wasmMemory = null; // never transfer this buffer away
let queue = Promise.resolve(); // requests run one after another, in arrival order
const cancelled = new Set(); // ids of loads the page asked to stop
let requested = false; // whether any request arrived (then the warm-up is not worth its delay)

const initialised = clientele.default().then(
  (exports) => {
    wasmMemory = exports.memory ?? null;
    if (typeof clientele.catalog !== "function") throw new Error("this build of the engine has no catalog()");
    const analyses = Object.keys(ANALYSES).filter((name) => typeof clientele.Dataset.prototype[name] === "function");
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
  if (message.type === MessageType.CANCEL) return void cancelled.add(message.data.id);
  // hostile input (issue 18): the e2e test's real trap, at once (not behind a load): a panic in the module.
  if (message.type === "test-trap" && typeof clientele.testPanic === "function") {
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
      const report = await load(id, data);
      self.postMessage({ id, type: MessageType.OK, data: report });
    } else if (type === MessageType.ANALYZE) {
      const { result, transfer } = analyze(data ?? {});
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
    panic = clientele.lastPanic?.() ?? null;
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
function load(id, { kind = "orders", source, options = {} }) {
  if (!FILE_KINDS.includes(kind)) throw makeError("unknown_request", `Unknown kind of file "${kind}".`, { kind });
  const fileName = source.file ? source.file.name
    : source.stream ? String(source.name ?? "data.csv")
      : decodeURIComponent(new URL(source.url, self.location.href).pathname.split("/").pop());
  return kind === "orders" ? loadOrders(id, source, fileName, options) : join(id, kind, source, fileName, options);
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
