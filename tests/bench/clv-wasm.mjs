// clv() timed in WebAssembly under Node (issue 13: fit + predictions for 100,000 customers ≤ 0.3 s; the CDNOW
// sample ≤ 50 ms), with the number of likelihood evaluations of each fit.
//
//   ./build.sh && node tests/bench/clv-wasm.mjs [customers]
//
// The module is read from www/pkg (or CLIENTELE_PKG). Inputs: the CDNOW sample shipped in tests/fixtures/cdnow
// (D = 1997-10-01, as analytics.md §11.12 A3), and an export of made-up repeat buyers (a seeded generator below:
// each customer buys at their own rate until they drop out, so the BG/NBD fit is interior). Times are of ds.clv()
// alone, the customer frame already cached (the first call, which builds it, is reported separately).
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const root = resolve(import.meta.dirname, "../..");
const pkg = resolve(process.env.CLIENTELE_PKG ?? join(root, "www/pkg"));
const customers = Number(process.argv[2] ?? 100_000);
const RUNS = 9;

const { default: init, Dataset } = await import(pathToFileURL(join(pkg, "clientele.js")).href);
await init({ module_or_path: readFileSync(join(pkg, "clientele_bg.wasm")) });

/** The CDNOW sample as an order export (customer = second column, date, amount = fifth column). */
function cdnow() {
  const lines = ["customer,date,amount"];
  for (const line of readFileSync(join(root, "tests/fixtures/cdnow/CDNOW_sample.txt"), "utf8").split("\n")) {
    const f = line.trim().split(/\s+/);
    if (f.length < 5) continue;
    lines.push(`${f[1]},${f[2].slice(0, 4)}-${f[2].slice(4, 6)}-${f[2].slice(6, 8)},${f[4]}`);
  }
  return lines.join("\n") + "\n";
}

/** `n` made-up customers over 2023–2024: a purchase rate and a drop-out chance per customer, seeded. */
function synthetic(n) {
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const start = Date.UTC(2023, 0, 1);
  const lines = ["customer,date,amount"];
  for (let c = 0; c < n; c++) {
    const rate = 0.005 + random() * 0.05; // purchases per day while alive
    const dropout = 0.1 + random() * 0.5; // chance to leave after each purchase
    let day = Math.floor(random() * 365);
    const spend = 10 + random() * 90;
    while (day < 730) {
      const date = new Date(start + day * 86_400_000).toISOString().slice(0, 10);
      lines.push(`C${c},${date},${(spend * (0.5 + random())).toFixed(2)}`);
      if (random() < dropout) break;
      day += 1 + Math.floor(-Math.log(1 - random()) / rate);
    }
  }
  return lines.join("\n") + "\n";
}

function time(name, text, options) {
  const ds = Dataset.fromBytes(new TextEncoder().encode(text), { fileName: `${name}.csv` });
  let started = performance.now();
  let result = ds.clv(options);
  const first = performance.now() - started;
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    // Another horizon each run, so the workspace's cached result is not what is timed.
    const run = { ...options, horizon: 39 + i };
    started = performance.now();
    result = ds.clv(run);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const fit = (model) => (model?.fit ? `${model.fit.evaluations} evaluations (${model.fit.method})` : "given");
  console.log(
    `${name.padEnd(28)} ${String(result.customers.id.length).padStart(7)} customers   first ${first.toFixed(1)} ms, ` +
      `then median ${times[RUNS >> 1].toFixed(1)} ms (min ${times[0].toFixed(1)}, max ${times[RUNS - 1].toFixed(1)})   ` +
      `BG/NBD ${fit(result.bgnbd)}, Gamma-Gamma ${fit(result.gammaGamma)}`,
  );
  ds.free();
}

time("CDNOW sample (D 1997-10-01)", cdnow(), { analysisDate: "1997-10-01" });
time(`made-up, ${customers}`, synthetic(customers), {});
