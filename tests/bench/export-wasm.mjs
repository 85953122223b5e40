// exportCustomers() timed in WebAssembly under Node (issue 17.2 / issue 18: exporting 1,000,000 customers took
// ~11 s, seven times the analysis). A made-up export of `customers` customers with two order lines each (one with
// a name, e-mail and phone column) is generated in memory, loaded, scored once (rfm()), then exported: all
// customers, all with the name/e-mail/phone columns and ";", and half of them by `ids`.
//
//   ./build.sh && node tests/bench/export-wasm.mjs [customers]   (default 1000000)
//
// The module is read from www/pkg (or CLIENTELE_PKG). Prints the median and range of a few runs of each case, the
// conversion of the CSV text to a JS string included.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const root = resolve(import.meta.dirname, "../..");
const pkg = resolve(process.env.CLIENTELE_PKG ?? join(root, "www/pkg"));
const customers = Number(process.argv[2] ?? 1_000_000);
const RUNS = 5;

const { default: init, Dataset } = await import(pathToFileURL(join(pkg, "clientele.js")).href);
await init({ module_or_path: readFileSync(join(pkg, "clientele_bg.wasm")) });

const lines = ["order_id,customer_id,order_date,amount,name,email,phone"];
for (let i = 0; i < customers; i++) {
  const id = `C${String(i).padStart(7, "0")}`;
  const month = 1 + (i % 12);
  const day = 1 + (i % 28);
  lines.push(`SO-${2 * i},${id},2024-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")},${(i * 37) % 9973}.50,,,`);
  lines.push(`SO-${2 * i + 1},${id},2024-12-${String(1 + (i % 30)).padStart(2, "0")},${(i * 11) % 997}.25,Name ${i},c${i}@example.com,+49 30 ${i}`);
}
const bytes = new TextEncoder().encode(lines.join("\n"));
lines.length = 0;
let start = performance.now();
const ds = Dataset.fromBytes(bytes, { fileName: "orders.csv" });
const loadMs = performance.now() - start;
start = performance.now();
const result = ds.rfm({});
const rfmMs = performance.now() - start;
console.log(`${customers} customers (${ds.report().rowsUsed} rows): load ${loadMs.toFixed(0)} ms, rfm() ${rfmMs.toFixed(0)} ms`);
const half = result.customers.id.filter((_, i) => i % 2 === 0);
const hasColumns = (() => {
  try {
    ds.exportCustomers({}, { columns: ["name"] });
    return true;
  } catch {
    return false; // a module from before the `columns` option
  }
})();

const cases = [
  ["all customers", {}],
  ...(hasColumns ? [
    ["all, name/email/phone, ';'", { columns: ["name", "email", "phone"], delimiter: ";" }],
    ["half of them by ids", { ids: half }],
  ] : []),
];
for (const [name, filter] of cases) {
  const times = [];
  let size = 0;
  for (let i = 0; i < RUNS; i++) {
    start = performance.now();
    size = ds.exportCustomers({}, filter).length;
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(`export ${name.padEnd(30)} median ${times[RUNS >> 1].toFixed(0).padStart(6)} ms   (min ${times[0].toFixed(0)}, max ${times[RUNS - 1].toFixed(0)}; ${size} chars)`);
}
ds.free();
