// trend(), cohorts() and migration() timed in WebAssembly under Node (issue 14: at 1M lines, trend ≤ 20 ms,
// cohorts ≤ 60 ms, migration ≤ 120 ms, with the customer frame cached between calls).
//
//   ./build.sh && node tests/bench/retention-wasm.mjs [export.csv]
//
// The module is read from www/pkg (or CLIENTELE_PKG); the export defaults to the one the native benchmarks
// generate ($TMPDIR/clientele-bench-1m.csv, see tests/bench/retention.rs). Prints the median and range of several
// runs of each call, result conversion to JS objects included; rfm() runs first, as on the page.
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const root = resolve(import.meta.dirname, "../..");
const pkg = resolve(process.env.CLIENTELE_PKG ?? join(root, "www/pkg"));
const csv = process.argv[2] ?? process.env.CLIENTELE_BENCH_CSV ?? join(tmpdir(), "clientele-bench-1m.csv");
const RUNS = 9;

const { default: init, Dataset } = await import(pathToFileURL(join(pkg, "clientele.js")).href);
await init({ module_or_path: readFileSync(join(pkg, "clientele_bg.wasm")) });

const ds = Dataset.fromBytes(readFileSync(csv), { fileName: "orders.csv" });
ds.rfm({});
const cases = [
  ["trend by month", () => ds.trend({}).rows.length],
  ["trend by week", () => ds.trend({ period: "week" }).rows.length],
  ["trend by day", () => ds.trend({ period: "day" }).rows.length],
  ["cohorts by month", () => ds.cohorts({}).cohorts.length],
  ["cohorts by week", () => ds.cohorts({ period: "week" }).cohorts.length],
  ["migration, 90 days", () => ds.migration({}).rows.length],
  ["migration, lookbackDays 365", () => ds.migration({ lookbackDays: 365 }).rows.length],
];
for (const [name, run] of cases) {
  let size = run(); // warm-up
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    size = run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(30)} median ${times[RUNS >> 1].toFixed(1).padStart(7)} ms   ` +
      `(min ${times[0].toFixed(1)}, max ${times[RUNS - 1].toFixed(1)}; ${size})`,
  );
}
