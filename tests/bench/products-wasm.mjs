// affinity() and growthMatrix() timed in WebAssembly under Node (issue 16: 1M order lines, 5,000 products, top 200:
// affinity ≤ 200 ms; growth matrix ≤ 40 ms).
//
//   ./build.sh && node tests/bench/products-wasm.mjs [lines] [products]
//
// The export is made here, deterministically (an LCG): orders of 1–6 lines over two years, 100,000 customers,
// products drawn with a skew (a few sell much more) so that pairs repeat, 3 % returns, six regions. The module is
// read from www/pkg (or CLIENTELE_PKG). Prints the median and range of several runs of each call, result
// conversion to JS objects included (the affinity's per-customer columns too).
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const root = resolve(import.meta.dirname, "../..");
const pkg = resolve(process.env.CLIENTELE_PKG ?? join(root, "www/pkg"));
const LINES = Number(process.argv[2] ?? 1_000_000);
const PRODUCTS = Number(process.argv[3] ?? 5_000);
const CUSTOMERS = 100_000;
const RUNS = 7;

let seed = 42;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const start = Date.UTC(2023, 0, 1);
const parts = ["order_id,customer_id,order_date,product,region,quantity,amount\n"];
let lines = 0;
let order = 0;
while (lines < LINES) {
  order += 1;
  const customer = Math.floor(random() ** 1.5 * CUSTOMERS);
  const date = new Date(start + Math.floor(random() * 730) * 86_400_000).toISOString().slice(0, 10);
  const region = `R${customer % 6}`;
  const size = 1 + Math.floor(random() * 6);
  for (let k = 0; k < size && lines < LINES; k++, lines++) {
    const product = Math.floor(random() ** 3 * PRODUCTS);
    const quantity = 1 + Math.floor(random() * 3);
    const amount = (quantity * (5 + (product % 97))).toFixed(2);
    parts.push(`SO-${order},C${customer},${date},P${product},${region},${quantity},${random() < 0.03 ? "-" : ""}${amount}\n`);
  }
}
const bytes = new TextEncoder().encode(parts.join(""));

const { default: init, Dataset } = await import(pathToFileURL(join(pkg, "clientele.js")).href);
await init({ module_or_path: readFileSync(join(pkg, "clientele_bg.wasm")) });
const ds = Dataset.fromBytes(bytes, { fileName: "orders.csv" });
ds.rfm({}); // as on the page: the segments behind the recommendations are cached
console.log(`${LINES} lines, ${PRODUCTS} products, ${order} orders, ${(bytes.length / 1e6).toFixed(1)} MB`);
const cases = [
  // A reference on the same data and machine load: compare() by one dimension (issue 5's budget is 150 ms).
  ["compare by region (reference)", () => ds.compare({ by: "region" }).groups.length],
  ["affinity, order baskets, top 200", () => ds.affinity({}).pairsKept],
  ["affinity, customer baskets", () => ds.affinity({ basket: "customer" }).pairsKept],
  ["growthMatrix, 365 days", () => ds.growthMatrix({}).cells.length],
  ["growthMatrix by region", () => ds.growthMatrix({ by: "region" }).groups.length],
];
for (const [name, run] of cases) {
  let size = run(); // warm-up
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const begin = performance.now();
    size = run();
    times.push(performance.now() - begin);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(34)} median ${times[RUNS >> 1].toFixed(1).padStart(7)} ms   ` +
      `(min ${times[0].toFixed(1)}, max ${times[RUNS - 1].toFixed(1)}; ${size})`,
  );
}
ds.free();
