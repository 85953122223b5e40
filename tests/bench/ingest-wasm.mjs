// Ingest benchmark inside WebAssembly (Node): streams an export from disk into the module's Loader in 1 MiB
// slices, then times rfm(); prints throughput and memory (wasm linear memory never shrinks, so its size is the peak).
// Usage: node tests/bench/ingest-wasm.mjs <path to a CSV>   (after ./build.sh)
// split (issue 17.13): CLIENTELE_MODULE=clientele_core times the page's first-load module (default: the full one);
// CLIENTELE_WASM=<path> another build of its wasm (e.g. made with wasm-opt -Oz).
import { openSync, readSync, closeSync, readFileSync, statSync } from "node:fs";

const moduleName = process.env.CLIENTELE_MODULE ?? "clientele";
const { default: init, Loader } = await import(`../../www/pkg/${moduleName}.js`);
const path = process.argv[2] ?? new URL("../../target/bench/orders-1m.csv", import.meta.url).pathname;
const size = statSync(path).size;
const wasmFile = process.env.CLIENTELE_WASM ?? new URL(`../../www/pkg/${moduleName}_bg.wasm`, import.meta.url);
const wasm = await init({ module_or_path: readFileSync(wasmFile) });

const median = (values) => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)];
const slice = new Uint8Array(1 << 20);
const loads = [];
let dataset = null;
for (let run = 0; run < 3; run++) {
  dataset?.free();
  const fd = openSync(path, "r");
  const start = performance.now();
  const loader = new Loader({ fileName: "orders.csv", totalBytes: size }); // as the page does
  for (let n; (n = readSync(fd, slice, 0, slice.length, null)) > 0; ) loader.push(slice.subarray(0, n));
  dataset = loader.finish();
  loads.push(performance.now() - start);
  closeSync(fd);
}
const rfmTimes = [];
for (let run = 0; run < 5; run++) {
  const start = performance.now();
  dataset.rfm({});
  rfmTimes.push(performance.now() - start);
}
const mb = size / 1e6;
const loadMs = median(loads);
const memory = wasm.memory.buffer.byteLength;
console.log(`wasm (Node ${process.version}) streamed: ${dataset.report().rowsUsed} rows, ${mb.toFixed(1)} MB, median of 3 ${(loadMs / 1000).toFixed(3)} s = ${(mb / (loadMs / 1000)).toFixed(0)} MB/s`);
console.log(`wasm linear memory: ${(memory / 1e6).toFixed(0)} MB (${(memory / size).toFixed(2)}× the file); process max RSS ${(process.resourceUsage().maxRSS / 1e3).toFixed(0)} MB`);
console.log(`wasm rfm (scores, segments, tiers, lifecycle): median of 5 ${median(rfmTimes).toFixed(1)} ms`);
