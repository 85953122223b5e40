// A very large export (issue 7: 20M rows, ~2.1 GB) streamed from disk through the module's Loader in Node, once:
// it completes, or fails with the coded `too_large` error at the documented limit (`maxBytes`, default 2 GiB),
// without exhausting memory. Prints the time, the wasm linear memory (it never shrinks, so it is the peak) and the
// process's peak RSS, then rfm() and compare() on the result. Not a test: `./bench.sh --big` runs it.
// Usage: node tests/bench/stream-big.mjs <path to a CSV> [maxBytes]   (after ./build.sh)
import { openSync, readSync, closeSync, readFileSync, statSync } from "node:fs";
import init, { Loader } from "../../www/pkg/clientele.js";

const path = process.argv[2];
const maxBytes = process.argv[3] ? Number(process.argv[3]) : undefined;
const size = statSync(path).size;
const wasm = await init({ module_or_path: readFileSync(new URL("../../www/pkg/clientele_bg.wasm", import.meta.url)) });
const gb = (bytes) => `${(bytes / 1e9).toFixed(2)} GB`;
const memory = () =>
  `wasm linear memory ${gb(wasm.memory.buffer.byteLength)}, process peak RSS ${gb(process.resourceUsage().maxRSS * 1e3)}`;

const slice = new Uint8Array(1 << 20);
const fd = openSync(path, "r");
const start = performance.now();
let dataset;
try {
  const loader = new Loader({ fileName: "orders.csv", totalBytes: size, ...(maxBytes ? { maxBytes } : {}) });
  for (let n; (n = readSync(fd, slice, 0, slice.length, null)) > 0; ) loader.push(slice.subarray(0, n));
  dataset = loader.finish();
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
