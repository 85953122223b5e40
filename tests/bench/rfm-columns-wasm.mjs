// rfm({ columns }) against every column in WebAssembly under Node (issue 20.3): the time of rfm() on the cached
// analysis (so the conversion of the per-customer columns to JS is what is timed) and the JS memory the result
// holds (heap + array buffers, after a collection), for every column as before and for the page's columns.
//
//   ./build.sh && node --expose-gc tests/bench/rfm-columns-wasm.mjs [export.csv]
//
// The module is read from www/pkg (or CLIENTELE_PKG); the export defaults to $TMPDIR/clientele-bench-1m.csv.
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const root = resolve(import.meta.dirname, "../..");
const pkg = resolve(process.env.CLIENTELE_PKG ?? join(root, "www/pkg"));
const csv = process.argv[2] ?? process.env.CLIENTELE_BENCH_CSV ?? join(tmpdir(), "clientele-bench-1m.csv");
const RUNS = 9;
// The columns the page shows (www/worker.js SHOWN_CUSTOMER_COLUMNS).
const SHOWN = ["id", "recencyDays", "frequency", "monetary", "tenureDays", "r", "f", "m", "score", "segmentCode", "tierCode", "lifecycleCode"];
if (typeof globalThis.gc !== "function") throw new Error("run with node --expose-gc");

const { default: init, Dataset } = await import(pathToFileURL(join(pkg, "clientele.js")).href);
await init({ module_or_path: readFileSync(join(pkg, "clientele_bg.wasm")) });
const ds = Dataset.fromBytes(readFileSync(csv), { fileName: "orders.csv" });
const customers = ds.rfm({}).customers.id.length; // the analysis, cached for the calls below
console.log(`${ds.report().rowsUsed} rows, ${customers} scored customers`);

const held = () => {
  globalThis.gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

function measure(name, call) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    call();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const before = held();
  const kept = call();
  const bytes = held() - before;
  console.log(
    `${name.padEnd(44)} median ${times[RUNS >> 1].toFixed(1).padStart(6)} ms (min ${times[0].toFixed(1)}, max ${times[RUNS - 1].toFixed(1)}); ` +
      `result holds ${(bytes / 1e6).toFixed(1)} MB in JS (${Object.keys(kept.customers).length} columns)`,
  );
}

let supported = true;
try {
  ds.rfm({ columns: ["id"] });
} catch {
  supported = false; // a module from before `columns`
}
measure("every column", () => ds.rfm({}));
measure("every column (the worker then dropped 5)", () => {
  const result = ds.rfm({});
  for (const key of ["segment", "tier", "lifecycle", "monetaryExact", "cell"]) delete result.customers[key];
  return result;
});
if (supported) measure("columns: the page's 12", () => ds.rfm({ columns: SHOWN }));
ds.free();
