// profile() timed in WebAssembly under Node (issue 15: 150,000 customers' profile ≤ 30 ms), with the RFM analysis
// cached as on the page (rfm() first, same options), result conversion to JS included.
//
//   ./build.sh && node tests/bench/profile-wasm.mjs [customers]
//
// Made-up, seeded data: `customers` (150,000) customers with 1–8 orders each over 2023–2024, and a customers file
// with a birth date (or an age), a gender word, one of 40 cities and a membership level for 95 % of them.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const root = resolve(import.meta.dirname, "../..");
const pkg = resolve(process.env.CLIENTELE_PKG ?? join(root, "www/pkg"));
const customers = Number(process.argv[2] ?? 150_000);
const RUNS = 9;

let seed = 20240514;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pad = (n, width) => String(n).padStart(width, "0");
const orders = ["order_id,customer_id,order_date,amount"];
const people = ["customer_id,birth_date,age,gender,city,membership"];
const genders = ["F", "M", "女", "男", "female", "male", ""];
let order = 0;
for (let c = 0; c < customers; c++) {
  const id = `C${pad(c, 7)}`;
  const count = 1 + Math.floor(random() ** 3 * 8);
  for (let k = 0; k < count; k++) {
    const day = Math.floor(random() * 730);
    const date = new Date(Date.UTC(2023, 0, 1 + day)).toISOString().slice(0, 10);
    orders.push(`SO-${order++},${id},${date},${(5 + random() * 300).toFixed(2)}`);
  }
  if (random() < 0.05) continue;
  const age = 18 + Math.floor(random() * 60);
  const birth = random() < 0.9 ? `${2024 - age}-${pad(1 + Math.floor(random() * 12), 2)}-${pad(1 + Math.floor(random() * 28), 2)}` : "";
  people.push(`${id},${birth},${birth ? "" : age},${genders[Math.floor(random() * genders.length)]},City${Math.floor(random() * 40)},${["gold", "silver", "bronze", ""][Math.floor(random() * 4)]}`);
}

const { default: init, Dataset } = await import(pathToFileURL(join(pkg, "clientele.js")).href);
await init({ module_or_path: readFileSync(join(pkg, "clientele_bg.wasm")) });
const encoder = new TextEncoder();
const ds = Dataset.fromBytes(encoder.encode(orders.join("\n")), { fileName: "orders.csv" });
ds.joinCustomers(encoder.encode(people.join("\n")), { fileName: "customers.csv" });
const scored = ds.rfm({}).customers.id.length;
console.log(`${scored} scored customers, ${orders.length - 1} order lines, ${people.length - 1} customer records`);
const cases = [
  ["profile ageBand by segment", { attribute: "ageBand" }],
  ["profile gender by segment", { attribute: "gender" }],
  ["profile city (40) by lifecycle", { attribute: "city", rows: "lifecycle" }],
  ["profile membership, suppressBelow", { attribute: "membership", suppressBelow: 10 }],
  ["profile city + customerValues", { attribute: "city", customers: true }],
];
for (const [name, options] of cases) {
  let size = ds.profile(options).overall.length; // warm-up
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    size = ds.profile(options).overall.length;
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(36)} median ${times[RUNS >> 1].toFixed(1).padStart(6)} ms   ` +
      `(min ${times[0].toFixed(1)}, max ${times[RUNS - 1].toFixed(1)}; ${size} values)`,
  );
}
ds.free();
