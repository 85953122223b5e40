// compare() timed in WebAssembly under Node (issue 5: ≤ 30 ms per comparison once loaded).
//
//   ./build.sh && node tests/bench/compare-wasm.mjs [export.csv]
//
// The module is read from www/pkg (or CLIENTELE_PKG); the export defaults to the one the native benchmark
// generates ($TMPDIR/clientele-bench-1m.csv, see tests/bench/compare.rs). Prints the median and range of several
// runs of each comparison, result conversion to JS objects included.
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const root = resolve(import.meta.dirname, "../..");
const pkg = resolve(process.env.CLIENTELE_PKG ?? join(root, "www/pkg"));
const csv = process.argv[2] ?? process.env.CLIENTELE_BENCH_CSV ?? join(tmpdir(), "clientele-bench-1m.csv");
const RUNS = 15;

const { default: init, Dataset } = await import(pathToFileURL(join(pkg, "clientele.js")).href);
await init({ module_or_path: readFileSync(join(pkg, "clientele_bg.wasm")) });

const bytes = readFileSync(csv);
let start = performance.now();
const ds = Dataset.fromBytes(bytes, { fileName: "orders.csv" });
console.log(`loaded ${csv} (${ds.report().rowsUsed} rows) in ${(performance.now() - start).toFixed(0)} ms`);

const cases = [
  ["by region", { by: "region" }],
  ["by product", { by: "product" }],
  ["by region × product", { by: ["region", "product"] }],
  ["by salesperson, top 5", { by: "salesperson", top: 5 }],
  ["by region, 30 days vs previous", { by: "region", period: { days: 30, vs: "previous" } }],
  ["by region × product, 30 days vs year", { by: ["region", "product"], period: { days: 30, vs: "year" } }],
  ["by segment (runs rfm)", { by: "segment" }],
];
const only = process.env.CLIENTELE_BENCH_ONLY ?? "";
for (const [name, options] of cases.filter(([name]) => name.includes(only))) {
  let groups = ds.compare(options).groups.length; // warm-up
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    start = performance.now();
    groups = ds.compare(options).groups.length;
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const median = times[RUNS >> 1];
  console.log(
    `${name.padEnd(40)} median ${median.toFixed(2).padStart(7)} ms   ` +
      `(min ${times[0].toFixed(2)}, max ${times[RUNS - 1].toFixed(2)}; ${groups} groups)`,
  );
}
ds.free();
