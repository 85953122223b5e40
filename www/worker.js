// Module worker: owns the wasm instance and the one loaded Dataset; reads files in slices and answers requests.
import init, { Dataset, Loader, warmUp } from "./pkg/clientele.js";
import { MessageType, SLICE_BYTES, makeError } from "./protocol.js";

let dataset = null; // the Dataset of the last successful load
let wasmMemory = null; // never transfer this buffer away
let queue = Promise.resolve(); // requests run one after another, in arrival order
const cancelled = new Set(); // ids of loads the page asked to stop
let requested = false; // whether any request arrived (then the warm-up is not worth its delay)

const initialised = init().then(
  (exports) => {
    wasmMemory = exports.memory ?? null;
    const features = { compare: typeof Dataset.prototype.compare === "function" };
    self.postMessage({ type: MessageType.READY, data: { features } });
    // While the user picks a file: a small made-up export through the module, so the engine has optimised its hot
    // code before a big file arrives (~0.2 s; skipped when a request is already waiting).
    setTimeout(() => {
      if (!requested && typeof warmUp === "function") warmUp();
    }, 0);
  },
  (cause) => {
    self.postMessage({ type: MessageType.FATAL, data: { message: `Could not start the analysis engine: ${describe(cause)}` } });
    throw cause;
  },
);

self.onmessage = (event) => {
  const message = event.data;
  // A cancel must not wait behind the load it cancels: it only marks the id, which the load checks between slices.
  if (message.type === MessageType.CANCEL) return void cancelled.add(message.data.id);
  requested = true;
  queue = queue.then(() => handle(message));
};

async function handle({ id, type, data }) {
  try {
    await initialised;
    if (type === MessageType.LOAD) {
      const report = await load(id, data);
      self.postMessage({ id, type: MessageType.OK, data: report });
    } else if (type === MessageType.RFM) {
      const result = loaded().rfm(data ?? {});
      slimColumns(result);
      self.postMessage({ id, type: MessageType.OK, data: result }, transferables(result.customers));
    } else if (type === MessageType.COMPARE) {
      const ds = loaded();
      if (typeof ds.compare !== "function") throw makeError("not_available", "Market comparison is not in this build of the engine.");
      self.postMessage({ id, type: MessageType.OK, data: ds.compare(data ?? {}) });
    } else if (type === MessageType.EXPORT) {
      const csv = loaded().exportCustomers(data.rfm ?? {}, data.filter ?? {});
      self.postMessage({ id, type: MessageType.OK, data: csv });
    } else {
      throw makeError("unknown_request", `Unknown request type "${type}".`);
    }
  } catch (thrown) {
    if (thrown instanceof WebAssembly.RuntimeError) {
      // A trap (a Rust panic): the instance is poisoned; the client terminates this worker and starts a new one.
      self.postMessage({ type: MessageType.FATAL, data: { message: describe(thrown) } });
      self.close();
      return;
    }
    self.postMessage({ id, type: MessageType.ERROR, data: asErrorObject(thrown) });
  } finally {
    cancelled.delete(id);
  }
}

function loaded() {
  if (!dataset) throw makeError("no_data", "Load a file before asking for an analysis.");
  return dataset;
}

/** Streams the source into a Loader, posting progress between slices; keeps the previous Dataset until this one is ready. */
async function load(id, { source, options }) {
  const fileName = source.file ? source.file.name
    : source.stream ? String(source.name ?? "data.csv")
      : decodeURIComponent(new URL(source.url, self.location.href).pathname.split("/").pop());
  let loader = null; // made once the size is known (the first progress report), so that columns are allocated once
  const makeLoader = (bytesTotal) => new Loader({ ...options, fileName, ...(bytesTotal > 0 ? { totalBytes: bytesTotal } : {}) });
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
  yield* readStream(response.body, Number(response.headers.get("content-length")) || null, progress, stopIfCancelled);
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

/**
 * Makes the customer columns cheap to send: the name columns `segment`, `tier` and `lifecycle` become indexes into
 * `segments`, `tiers` and `lifecycle` (`segmentIndex`, `tierIndex`, `lifecycleIndex`, typed arrays, transferred), and
 * the columns the page never shows (`monetaryExact`, `cell`; exports come from the module) are left out. With 200k
 * customers this saves the main thread from cloning a million strings.
 */
function slimColumns(result) {
  const c = result.customers;
  const indexes = (names, list, key, ArrayType) => {
    const position = new Map(list.map((item, index) => [item[key], index]));
    const out = new ArrayType(names.length);
    for (let i = 0; i < names.length; i += 1) out[i] = position.get(names[i]);
    return out;
  };
  c.segmentIndex = indexes(c.segment, result.segments, "name", Uint16Array);
  c.tierIndex = indexes(c.tier, result.tiers, "name", Uint8Array);
  c.lifecycleIndex = indexes(c.lifecycle, result.lifecycle, "stage", Uint8Array);
  for (const key of ["segment", "tier", "lifecycle", "monetaryExact", "cell"]) delete c[key];
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
