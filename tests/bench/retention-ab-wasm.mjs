// Before / after of trend(), cohorts() and migration() in WebAssembly (issue 14.4): two builds of the module loaded in
// one Node process, each with the same 1M-line export, their calls interleaved, so that both see the same load of a
// shared machine (separate runs a minute apart differed by more than the change).
//
//   node --max-old-space-size=4096 tests/bench/retention-ab-wasm.mjs <pkg before> <pkg after> [export.csv]
//
// Each pkg directory is a ./build.sh output (www/pkg copied aside before the change). RUNS (15) calls of each case per
// build, after one warm-up; result conversion to JS included; rfm() first, as on the page.
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [before, after] = process.argv.slice(2, 4).map((p) => resolve(p));
const csv = process.argv[4] ?? process.env.CLIENTELE_BENCH_CSV ?? join(tmpdir(), "clientele-bench-1m.csv");
const bytes = readFileSync(csv);
const load = async (pkg) => {
  const m = await import(pathToFileURL(join(pkg, "clientele.js")).href);
  await m.default({ module_or_path: readFileSync(join(pkg, "clientele_bg.wasm")) });
  const ds = m.Dataset.fromBytes(bytes, { fileName: "orders.csv" });
  ds.rfm({});
  return ds;
};
const sets = { before: await load(before), after: await load(after) };
const RUNS = Number(process.env.RUNS ?? 15);
const cases = [
  ["trend by month", (ds) => ds.trend({})],
  ["trend by day", (ds) => ds.trend({ period: "day" })],
  ["cohorts by month", (ds) => ds.cohorts({})],
  ["cohorts by week", (ds) => ds.cohorts({ period: "week" })],
  ["migration, 90 days", (ds) => ds.migration({})],
];
const summary = (t) => {
  t.sort((a, b) => a - b);
  return `median ${t[t.length >> 1].toFixed(1).padStart(6)} (min ${t[0].toFixed(1)})`;
};
for (const [name, run] of cases) {
  const times = { before: [], after: [] };
  run(sets.before);
  run(sets.after);
  for (let i = 0; i < RUNS; i++) {
    for (const k of i % 2 ? ["after", "before"] : ["before", "after"]) {
      const start = performance.now();
      run(sets[k]);
      times[k].push(performance.now() - start);
    }
  }
  console.log(`${name.padEnd(20)} before ${summary(times.before)}   after ${summary(times.after)}   (${RUNS} runs each)`);
}
