// The worker protocol's message type names and shared constants, used by client.js (main thread) and worker.js.

/** Messages are `{ id, type, data }`; `id` pairs a reply with its request (absent on `ready` and `fatal`). */
export const MessageType = Object.freeze({
  // main → worker
  LOAD: "load", // data: { source: { file } | { url } | { stream, name, size }, options: LoadOptions } → LoadReport (a stream is transferred)
  RFM: "rfm", // data: RfmOptions → RfmResult, customers' segment/tier/lifecycle as index columns (see worker.js slimColumns)
  COMPARE: "compare", // data: CompareOptions → CompareResult
  EXPORT: "export", // data: { rfm: RfmOptions, filter: { segment, tier, format, lang } } → CSV text
  CANCEL: "cancel", // data: { id } — stop the load with that id between two slices (handled out of turn)
  // worker → main
  READY: "ready", // data: { features: { compare: boolean } } — sent once, after the wasm module is initialised
  PROGRESS: "progress", // data: { bytesDone, bytesTotal } — bytesTotal is null when unknown
  OK: "ok", // data: the call's result
  ERROR: "error", // data: the thrown error object { code, message, position, details }
  FATAL: "fatal", // data: { message } — the wasm instance trapped and must not be used again
});

/** Size of the slices the worker reads a File in (and feeds to the Loader), in bytes. */
export const SLICE_BYTES = 4 * 1024 * 1024;

/** Builds an error object of the same shape as the ones the wasm module throws, for failures outside it. */
export function makeError(code, message, details = null) {
  return { code, message, position: null, details };
}
