// A very large export (issue 7: 20M rows, ~2.1 GB) streamed from disk through the module's Loader in Node, once:
// it completes, or fails with the coded `too_large` error at the documented limit (`maxBytes`, default 2 GiB),
// without exhausting memory. Prints the time, the wasm linear memory (it never shrinks, so it is the peak) and the
// process's peak RSS, then rfm() and compare() on the result. Not a test: `./bench.sh --big` runs it.
// Usage: node tests/bench/stream-big.mjs <path to a CSV> [maxBytes] [--workers N]   (after ./build.sh)
// --workers N (parallel parsing, issue 20): N range workers (www/parse-worker.js in worker threads, coordinated by
// www/ranges.js as the page's worker does) read the file's ranges, merged here; prints where the time goes.
import { openSync, readSync, closeSync, readFileSync, statSync, openAsBlob } from "node:fs";
import { Worker } from "node:worker_threads";
import * as clientele from "../../www/pkg/clientele.js";
import { loadInRanges } from "../../www/ranges.js";

const { default: init, Loader } = clientele;
const workersAt = process.argv.indexOf("--workers");
const workers = workersAt > 0 ? Number(process.argv[workersAt + 1]) : 1;
const positional = process.argv.slice(2).filter((_, i, all) => all[i] !== "--workers" && all[i - 1] !== "--workers");
const path = positional[0];
const maxBytes = positional[1] ? Number(positional[1]) : undefined;
const size = statSync(path).size;
const wasmModule = new WebAssembly.Module(readFileSync(new URL("../../www/pkg/clientele_bg.wasm", import.meta.url)));
const wasm = await init({ module_or_path: wasmModule });
const gb = (bytes) => `${(bytes / 1e9).toFixed(2)} GB`;
const memory = () =>
  `wasm linear memory ${gb(wasm.memory.buffer.byteLength)}, process peak RSS ${gb(process.resourceUsage().maxRSS * 1e3)}`;

const slice = new Uint8Array(1 << 20);
const fd = openSync(path, "r");
const start = performance.now();
let dataset;
try {
  if (workers > 1) {
    // A range worker: parse-worker.js in a thread; the file goes by path (Node cannot post a file-backed Blob).
    const spawn = () => {
      const thread = new Worker(new URL("../www/parse-thread.mjs", import.meta.url));
      const worker = {
        onmessage: null, onerror: null,
        postMessage: (message, transfer) => thread.postMessage({ ...message, file: undefined, filePath: path, wasm: wasmModule }, transfer),
        terminate: () => void thread.terminate(),
      };
      thread.on("message", (data) => worker.onmessage?.({ data }));
      thread.on("error", (error) => worker.onerror?.({ message: error.message }));
      return worker;
    };
    const timings = {};
    const options = { fileName: "orders.csv", ...(maxBytes ? { maxBytes } : {}) };
    dataset = await loadInRanges({ clientele, file: await openAsBlob(path), options, count: workers, spawn, timings });
    if (!dataset) throw new Error("the module did not split this file");
    console.log(`${workers} range workers: ${JSON.stringify(timings)}`);
  }
  const loader = workers > 1 ? null : new Loader({ fileName: "orders.csv", totalBytes: size, ...(maxBytes ? { maxBytes } : {}) });
  for (let n; loader && (n = readSync(fd, slice, 0, slice.length, null)) > 0; ) loader.push(slice.subarray(0, n));
  dataset ??= loader.finish();
} catch (error) {
  const seconds = ((performance.now() - start) / 1000).toFixed(1);
  console.log(`streamed ${gb(size)}: stopped after ${seconds} s with ${error.code}: ${error.message}`);
  console.log(memory());
  process.exit(error.code === "too_large" ? 0 : 1);
} finally {
  closeSync(fd);
}
const loadSeconds = (performance.now() - start) / 1000;
const report = dataset.report();
console.log(
  `streamed ${gb(size)} (${report.rowsRead} rows) in ${loadSeconds.toFixed(1)} s = ${(size / 1e6 / loadSeconds).toFixed(0)} MB/s; ${report.rowsUsed} rows used`,
);
console.log(`after the load: ${memory()}`);
let t = performance.now();
const rfm = dataset.rfm({});
console.log(`rfm(): ${rfm.customersScored} customers in ${((performance.now() - t) / 1000).toFixed(1)} s`);
t = performance.now();
const regions = dataset.compare({ by: "region" });
console.log(`compare by region: ${regions.groups.length} groups in ${((performance.now() - t) / 1000).toFixed(1)} s`);
console.log(`at the end: ${memory()}`);
