// Parallel parsing (issue 20): an orders File read by several range workers (parse-worker.js), each into a partial
// table, merged by the module's PartsLoader into the Dataset the single Loader would give. Used by worker.js, and by
// the Node test with worker_threads (tests/www/parallel.test.mjs): no DOM, no Worker constructor of its own.
import { makeError } from "./protocol.js";

/** Files below this size are read by one reader when the `workers` load option is not given. */
export const PARALLEL_MIN_BYTES = 8 * 1024 * 1024;

/**
 * Files larger than this stay on one reader unless the `workers` option asks otherwise: the range workers' partial
 * tables live beside the merged one until the merge ends, which measured 2,006 MB against 856 MB for one reader at
 * 5M lines (528 MB; tests/bench/browser-results.md), for ~1.4–1.7× the speed on idle cores. Past this size, memory
 * is what a browser tab runs out of first.
 */
export const PARALLEL_MAX_BYTES = 256 * 1024 * 1024;

/** The most range workers a load starts. */
export const MAX_RANGE_WORKERS = 8;

/** Bytes a range worker (and the coordinator, for a range read again) reads from its Blob at a time. */
export const RANGE_SLICE_BYTES = 4 * 1024 * 1024;

/**
 * How many range workers read a file of `size` bytes: the `workers` load option when given (1–8), else
 * `hardwareConcurrency − 1` (1–8) for files from PARALLEL_MIN_BYTES to PARALLEL_MAX_BYTES, else 1.
 */
export function rangeWorkerCount(size, workers, hardwareConcurrency) {
  const clamp = (n) => Math.max(1, Math.min(MAX_RANGE_WORKERS, Math.floor(n)));
  if (workers !== undefined && workers !== null) {
    if (!Number.isFinite(Number(workers)) || Number(workers) < 1) {
      throw makeError("invalid_option", `options.workers: ${workers} is not a number of workers (1–${MAX_RANGE_WORKERS}).`, {
        option: "workers", rule: "whole_number_range", min: 1, max: MAX_RANGE_WORKERS,
      });
    }
    return clamp(Number(workers));
  }
  return size >= PARALLEL_MIN_BYTES && size <= PARALLEL_MAX_BYTES ? clamp((hardwareConcurrency || 2) - 1) : 1;
}

/**
 * Reads `file` (a File or Blob) in `count` ranges with workers made by `spawn()` (objects with the Web Worker
 * interface: postMessage, terminate, onmessage, onerror) and merges their partial tables with the module
 * `clientele` (initialised). Returns the Dataset, or null when the module reads this file with one reader
 * (a workbook, UTF-16 text, or an error the single reader reports). `control.stop(error)` (set here) terminates
 * every range worker and rejects with `error`; `onProgress(bytesDone)` gets the bytes read by all of them.
 * A range worker that traps or fails to start fails the load with `parse_worker_failed`; a coded error of the
 * module (the file's own problem) is passed on as it is. `testTrapRange` (tests only) makes that range's worker trap.
 */
export async function loadInRanges({ clientele, file, options, count, spawn, onProgress = () => {}, control = {}, testTrapRange = null, timings = {}, wasm = null, moduleUrl = null }) {
  // `wasm`: the compiled WebAssembly.Module the coordinator runs, given to every range worker so that it instantiates
  // the same module (no compile of its own; in V8 the workers then share its optimised code).
  // `moduleUrl` (split, issue 17.13): the module's JavaScript glue the coordinator runs (the small first-load module
  // or the full one), absolute; a range worker imports the same one (default: the full module).
  // `timings` (benchmarks): where the time goes, filled in place (ms): head (read + plan), workers (each one's
  // start, read and parse, from its own clock), parts (all received), merge (with ranges read again), partBytes.
  const started = performance.now();
  const size = file.size;
  const head = new Uint8Array(await file.slice(0, clientele.rangeHeadBytes(size)).arrayBuffer());
  const bounds = clientele.planRanges(head, size, count, options);
  if (!bounds) return null;
  timings.head = performance.now() - started;
  timings.workers = [];
  const ranges = [];
  for (let i = 0; i + 1 < bounds.length; i++) ranges.push([bounds[i], bounds[i + 1]]);
  const done = ranges.map(() => 0);
  const workers = [];
  let stopped = null;
  const stopAll = () => {
    for (const worker of workers) worker.terminate();
  };
  const stopping = new Promise((_, reject) => {
    control.stop = (error) => {
      stopped = error;
      stopAll();
      reject(error);
    };
  });
  stopping.catch(() => {});
  try {
    const reads = ranges.map(([start, end], index) => new Promise((resolve, reject) => {
      const worker = spawn();
      workers.push(worker);
      const failed = (message) => reject(makeError("parse_worker_failed",
        `Part ${index + 1} of ${ranges.length} of the file could not be read (${message}). Load the file again.`,
        { part: index + 1, ranges: ranges.length, message }));
      worker.onerror = (event) => {
        event?.preventDefault?.();
        failed(String(event?.message ?? "the worker stopped"));
      };
      worker.onmessage = ({ data }) => {
        if (data.type === "progress") {
          done[index] = data.bytesDone;
          onProgress(done.reduce((a, b) => a + b, 0));
        } else if (data.type === "part") {
          done[index] = end - start;
          timings.workers[index] = data.timings;
          onProgress(done.reduce((a, b) => a + b, 0));
          resolve(data.part);
        } else if (data.type === "error") {
          if (data.trapped) failed(data.message);
          else reject(data.error);
        }
      };
      worker.postMessage({ file, head, start, end, options, seed: null, trap: testTrapRange === index, ...(wasm ? { wasm } : {}), ...(moduleUrl ? { moduleUrl } : {}) });
    }));
    const parts = await Promise.race([Promise.all(reads), stopping]);
    stopAll();
    timings.parts = performance.now() - started;
    timings.partBytes = parts.reduce((sum, part) => sum + part.length, 0);
    const merged = await Promise.race([merge(clientele, file, head, options, parts, () => stopped, timings), stopping]);
    timings.merge = performance.now() - started - timings.parts;
    return merged;
  } finally {
    stopAll();
  }
}

/** Merges the parts in file order, reading again here (not in a worker: it is rare and short) what the merge asks. */
async function merge(clientele, file, head, options, parts, isStopped, timings) {
  timings.reread = 0;
  const merger = new clientele.PartsLoader(head, file.size, options);
  try {
    for (let i = 0; i < parts.length; i++) {
      let part = parts[i];
      parts[i] = null; // each partial table can be collected once merged
      for (let again = merger.add(part); again; again = merger.add(part)) {
        timings.reread += 1;
        part = await readRange(clientele, file, head, again.start, again.end, options, again.seed, isStopped);
      }
    }
    return merger.finish();
  } finally {
    merger.free();
  }
}

/**
 * Reads the range `start..end` of `file` into a partial table with a RangeLoader of `clientele`, slice by slice from
 * the Blob; `onProgress(bytesDone)` after each slice. Used by parse-worker.js and for a range read again.
 */
export async function readRange(clientele, file, head, start, end, options, seed, isStopped = () => null, onProgress = () => {}) {
  const reader = new clientele.RangeLoader(head, file.size, start, end, options, seed ?? null);
  try {
    const from = reader.readFrom;
    for (let at = from; at < file.size;) {
      const slice = new Uint8Array(await file.slice(at, Math.min(at + RANGE_SLICE_BYTES, file.size)).arrayBuffer());
      if (isStopped()) throw isStopped();
      at += slice.length;
      const complete = reader.push(slice);
      onProgress(Math.min(at, end) - Math.min(from, end));
      if (complete) break;
    }
    return reader.finish();
  } finally {
    reader.free();
  }
}
