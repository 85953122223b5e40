// Module worker: owns the wasm instance and the one loaded Dataset; reads files in slices and answers requests.
import init, { Loader } from "./pkg/clientele.js";
import { MessageType, SLICE_BYTES, makeError } from "./protocol.js";

let dataset = null; // the Dataset of the last successful load
let wasmMemory = null; // never transfer this buffer away
let queue = Promise.resolve(); // requests run one after another, in arrival order

const initialised = init().then(
  (exports) => {
    wasmMemory = exports.memory ?? null;
    self.postMessage({ type: MessageType.READY, data: {} });
  },
  (cause) => {
    self.postMessage({ type: MessageType.FATAL, data: { message: `Could not start the analysis engine: ${describe(cause)}` } });
    throw cause;
  },
);

self.onmessage = (event) => {
  queue = queue.then(() => handle(event.data));
};

async function handle({ id, type, data }) {
  try {
    await initialised;
    if (type === MessageType.LOAD) {
      const report = await load(id, data);
      self.postMessage({ id, type: MessageType.OK, data: report });
    } else if (type === MessageType.RFM) {
      if (!dataset) throw makeError("no_data", "Load a file before asking for an analysis.");
      const result = dataset.rfm(data ?? {});
      self.postMessage({ id, type: MessageType.OK, data: result }, transferables(result.customers));
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
  }
}

/** Streams the source into a Loader, posting progress between slices; keeps the previous Dataset until this one is ready. */
async function load(id, { source, options }) {
  const fileName = source.file ? source.file.name : new URL(source.url, self.location.href).pathname.split("/").pop();
  const loader = new Loader({ ...options, fileName });
  let finishing = false;
  try {
    const progress = (bytesDone, bytesTotal) =>
      self.postMessage({ id, type: MessageType.PROGRESS, data: { bytesDone, bytesTotal } });
    for await (const chunk of readSlices(source, progress)) loader.push(chunk);
    finishing = true; // finish() consumes the loader, even when it throws
    const loaded = loader.finish();
    dataset?.free();
    dataset = loaded;
    return dataset.report();
  } finally {
    if (!finishing) loader.free();
  }
}

/** Yields the bytes of a File or of a same-origin URL as Uint8Array slices, reporting progress after each. */
async function* readSlices(source, progress) {
  if (source.file) {
    const file = source.file;
    progress(0, file.size);
    for (let offset = 0; offset < file.size; offset += SLICE_BYTES) {
      const slice = new Uint8Array(await file.slice(offset, offset + SLICE_BYTES).arrayBuffer());
      yield slice;
      progress(offset + slice.length, file.size);
    }
    return;
  }
  const url = new URL(source.url, self.location.href);
  if (url.origin !== self.location.origin) {
    throw makeError("cross_origin_url", "Only files served by this page can be loaded by address.", { url: url.href });
  }
  let response;
  try {
    response = await fetch(url);
  } catch (cause) {
    throw makeError("fetch_failed", `Could not download ${url.pathname}: ${describe(cause)}`, { url: url.href });
  }
  if (!response.ok) {
    throw makeError("fetch_failed", `Could not download ${url.pathname} (HTTP ${response.status}).`, { url: url.href, status: response.status });
  }
  const bytesTotal = Number(response.headers.get("content-length")) || null;
  let bytesDone = 0;
  progress(0, bytesTotal);
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
    bytesDone += value.length;
    progress(bytesDone, bytesTotal);
  }
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
