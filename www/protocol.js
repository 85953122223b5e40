// The worker protocol's message type names and shared constants, used by client.js (main thread) and worker.js.

/** Messages are `{ id, type, data }`; `id` pairs a reply with its request (absent on `ready` and `fatal`). */
export const MessageType = Object.freeze({
  // main → worker
  // parallel parsing (issue 20): options.workers (1–8) sets how many range workers read an orders File (default
  // hardwareConcurrency − 1 for files of 8 MB or more, else 1).
  LOAD: "load", // data: { kind: FileKind, source: { file } | { url } | { stream, name, size }, options: LoadOptions } → LoadReport (orders) or join report (customers, campaigns); a stream is transferred
  ANALYZE: "analyze", // data: { name, options } → what the Dataset's method of that name returns (worker.js ANALYSES is the allow-list)
  CANCEL: "cancel", // data: { id } — stop the load with that id between two slices (handled out of turn)
  // worker → main
  READY: "ready", // data: { catalog, analyses: string[] } — sent once, after the wasm module is initialised: the module's catalog() and the analyses this build can run
  PROGRESS: "progress", // data: { bytesDone, bytesTotal } — bytesTotal is null when unknown
  OK: "ok", // data: the call's result
  ERROR: "error", // data: the thrown error object { code, message, position, details }
  FATAL: "fatal", // data: { message } — the wasm instance trapped and must not be used again
});

/**
 * The kinds of file a LOAD reads: the orders make the dataset (and replace it); a customers file or a campaign file
 * is joined to the loaded orders by customer id (a second one of the same kind replaces the first).
 */
export const FILE_KINDS = Object.freeze(["orders", "customers", "campaigns"]);

/**
 * Error codes raised by the page and its worker (the module's own codes are listed by its catalog()). The i18n test
 * checks that each has a message in every language.
 */
export const PAGE_ERROR_CODES = Object.freeze([
  "cross_origin_url", "fetch_failed", "engine_crashed", "engine_unavailable", "cancelled", "no_data", "not_available",
  "unknown_request", "json_invalid", "stream_consumed", "internal_error",
  // parallel parsing (issue 20): a range worker trapped or could not start.
  "parse_worker_failed",
]);

/** Size of the slices the worker reads a File in (and feeds to the Loader), in bytes. */
export const SLICE_BYTES = 4 * 1024 * 1024;

/** Builds an error object of the same shape as the ones the wasm module throws, for failures outside it. */
export function makeError(code, message, details = null) {
  return { code, message, position: null, details };
}
