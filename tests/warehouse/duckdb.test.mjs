// Issue 19: the SQL of ds.sql() run by DuckDB itself (DuckDB-WASM in Node, the benchmark's dev dependency) gives
// every customer the same recency, frequency, monetary, tenure, R, F, M, segment, tier and lifecycle as rfm().
// Data: the bundled sample, a UTF-8 ingest fixture, and made-up edge cases (returns, zero amounts, blank and shared
// order ids, padded ids, rows on the last day), loaded as typed tables (DATE, DECIMAL). Needs ./build.sh (www/pkg).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const root = resolve(import.meta.dirname, "../..");
const pkg = join(root, "www/pkg");
const { default: init, Dataset, catalog } = await import(pathToFileURL(join(pkg, "clientele.js")).href);
await init({ module_or_path: readFileSync(join(pkg, "clientele_bg.wasm")) });

const require = createRequire(import.meta.url);
const dist = join(root, "node_modules/@duckdb/duckdb-wasm/dist/");
const duckdb = require(join(dist, "duckdb-node-blocking.cjs"));
const db = await duckdb.createDuckDB(
  {
    mvp: { mainModule: dist + "duckdb-mvp.wasm", mainWorker: dist + "duckdb-node-mvp.worker.cjs" },
    eh: { mainModule: dist + "duckdb-eh.wasm", mainWorker: dist + "duckdb-node-eh.worker.cjs" },
  },
  new duckdb.VoidLogger(),
  duckdb.NODE_RUNTIME,
);
await db.instantiate();
const connection = db.connect();

/** Rows of a query as plain objects. */
const rows = (sql) => connection.query(sql).toArray().map((row) => row.toJSON());
const quote = (name) => `"${name.replaceAll('"', '""')}"`;

/**
 * Loads CSV text into table `name`: every column as text, then `date` parsed with `dateFormat`, the money
 * columns as DECIMAL(18,4) (empty → NULL), the rest as text (untrimmed: the SQL trims ids itself).
 */
function loadTable(name, text, { date, money, dateFormat }) {
  db.registerFileText(`${name}.csv`, text);
  rows(`CREATE OR REPLACE TABLE raw_${name} AS SELECT * FROM read_csv('${name}.csv', header = true, all_varchar = true, delim = ',', quote = '"')`);
  const columns = rows(`DESCRIBE raw_${name}`).map((c) => c.column_name);
  const typed = columns.map((c) => {
    if (c === date) return `CAST(strptime(${quote(c)}, '${dateFormat}') AS DATE) AS ${quote(c)}`;
    if (money.includes(c)) return `TRY_CAST(NULLIF(TRIM(${quote(c)}), '') AS DECIMAL(18,4)) AS ${quote(c)}`;
    return quote(c);
  });
  rows(`CREATE OR REPLACE TABLE ${name} AS SELECT ${typed.join(", ")} FROM raw_${name}`);
}

/** Every field of every customer: the module's rfm() against DuckDB's run of ds.sql(). */
function assertSame(ds, table, options, label) {
  const result = ds.rfm(options);
  const { sql, dialect } = ds.sql({ ...options, dialect: "duckdb", table });
  assert.equal(dialect, "duckdb");
  const got = rows(`SELECT * REPLACE (CAST("monetaryExact" AS VARCHAR) AS "monetaryExact") FROM (${sql}) q`);
  const c = result.customers;
  assert.equal(got.length, c.id.length, `${label}: one row per scored customer`);
  assert.ok(got.length > 0, `${label}: customers`);
  const fields = ["recencyDays", "frequency", "monetaryExact", "tenureDays", "r", "f", "m", "segment", "tier", "lifecycle"];
  for (let i = 0; i < got.length; i++) {
    const row = got[i];
    assert.equal(row.id, c.id[i], `${label}: customer ${i} in id order`);
    for (const field of fields) {
      assert.equal(String(row[field]), String(c[field][i]), `${label}: ${c.id[i]}.${field}`);
    }
  }
  return got;
}

/** The configurations run on each table: every method, several maps (presets from catalog() and a user's). */
function configurations(analysisDate) {
  const presets = catalog().presets;
  const readme = presets.find((p) => p.name === "r-rfm-readme").map;
  const mine = { ...readme, name: "mine", rules: [...readme.rules].reverse().map((r, k) => ({ ...r, segment: `S${k} it's` })), other: { en: "Rest", zh: "其余" } };
  return [
    ["default (rank, rfm-11)", {}],
    ["quantile, r-rfm-readme", { method: "quantile", segmentMap: "r-rfm-readme" }],
    ["quantile, r-rfm-tests", { method: "quantile", segmentMap: "r-rfm-tests" }],
    ["rank, pymc-5, bins 4", { bins: 4, segmentMap: "pymc-5" }],
    ["quantile, rfm-11 rescaled, bins 3", { method: "quantile", bins: 3 }],
    ["rank, rfm-11 rescaled, bins 7, mean monetary", { bins: 7, monetary: "mean" }],
    ["breakpoints, a user's map", { method: { breakpoints: { recency: [30, 90, 180, 365], frequency: [2, 3, 5, 8], monetary: [100, 250.5, 1000, 5000] } }, segmentMap: mine }],
    ["cn-8 mean scores", { segmentMap: "cn-8" }],
    ["cn-8 median raw", { segmentMap: "cn-8", cn8: { compare: "median", on: "raw" } }],
    ["cn-8 mean raw, quantile", { segmentMap: "cn-8", method: "quantile", cn8: { compare: "mean", on: "raw" } }],
    ["cn-8 fixed raw", { segmentMap: "cn-8", cn8: { compare: { recency: 60, frequency: 2, monetary: 300.25 }, on: "raw" } }],
    ["analysis date, tiers and lifecycle", { analysisDate, tiers: [0.1, 0.2, 0.7], lifecycle: { newDays: 60, activeDays: 45, atRiskDays: 400 } }],
  ];
}

function runAll(ds, table, analysisDate) {
  for (const [label, options] of configurations(analysisDate)) assertSame(ds, table, options, `${table}: ${label}`);
}

test("analytics.md §3–§7: the bundled sample in DuckDB equals rfm() for every method and map", () => {
  const text = readFileSync(join(root, "www/samples/orders.csv"), "utf8");
  loadTable("sample", text, { date: "order_date", money: ["amount", "quantity", "unit_price"], dateFormat: "%Y-%m-%d" });
  const ds = Dataset.fromBytes(new TextEncoder().encode(text), { fileName: "orders.csv" });
  runAll(ds, "sample", "2024-06-01");
  ds.free();
});

test("analytics.md §1: amount = quantity × unit_price when no amount column is mapped (sample, in DuckDB)", () => {
  const text = readFileSync(join(root, "www/samples/orders.csv"), "utf8");
  loadTable("sample_qp", text, { date: "order_date", money: ["amount", "quantity", "unit_price"], dateFormat: "%Y-%m-%d" });
  const ds = Dataset.fromBytes(new TextEncoder().encode(text), { fileName: "orders.csv", roles: { amount: null } });
  assert.equal(ds.report().roles.amount, null);
  assertSame(ds, "sample_qp", {}, "quantity × unit_price");
  assertSame(ds, "sample_qp", { method: "quantile", segmentMap: "cn-8" }, "quantity × unit_price, quantile, cn-8");
  ds.free();
});

test("a day-first ingest fixture (dmy-evidence-last.csv) in DuckDB equals rfm()", () => {
  const text = readFileSync(join(root, "tests/fixtures/dmy-evidence-last.csv"), "utf8");
  const ds = Dataset.fromBytes(new TextEncoder().encode(text), { fileName: "dmy-evidence-last.csv" });
  assert.equal(ds.report().dateOrder, "dmy");
  loadTable("dmy", text, { date: "order_date", money: ["amount"], dateFormat: "%d/%m/%Y" });
  for (const [label, options] of [["default", {}], ["quantile", { method: "quantile" }], ["cn-8", { segmentMap: "cn-8" }]]) {
    assertSame(ds, "dmy", options, `dmy: ${label}`);
  }
  ds.free();
});

test("edge cases in DuckDB equal rfm(): returns, zero amounts, blank and shared order ids, padded ids, the last day", () => {
  // A small deterministic generator: 400 lines over 60 customers and 2024.
  let seed = 19;
  const next = (n) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
  const lines = ["order_id,customer_id,order_date,amount,region"];
  for (let i = 0; i < 400; i++) {
    const customer = `C${next(60)}`;
    const padded = next(10) === 0 ? ` ${customer} ` : customer;
    const day = new Date(Date.UTC(2024, 0, 1 + next(366))).toISOString().slice(0, 10);
    const kind = next(12);
    const amount = kind === 0 ? "0" : kind === 1 ? `-${next(50)}.25` : `${next(900)}.${String(next(10000)).padStart(4, "0")}`;
    const order = kind === 2 ? "" : kind === 3 ? "SHARED-1" : `O${next(150)}`;
    lines.push(`${order},${padded},${day},${amount},R${next(3)}`);
  }
  lines.push(",,2024-05-05,10,R1", "O9,C7,2024-12-31,5,R1", "O9,C8,2024-12-31,-5,R1", "O1,C99,2024-12-31,0,R2", "O2,C98,2024-03-01,-3,R2");
  const text = lines.join("\n") + "\n";
  loadTable("edge", text, { date: "order_date", money: ["amount"], dateFormat: "%Y-%m-%d" });
  const ds = Dataset.fromBytes(new TextEncoder().encode(text), { fileName: "edge.csv" });
  assert.ok(ds.report().skipped.length > 0, "the row without a customer is skipped");
  runAll(ds, "edge", "2024-10-01");
  ds.free();
});

/** Numbers equal, or quotients within 1e-12 relative (analytics.md §18's tolerance for quotients). */
function assertClose(got, expected, label) {
  if (expected === null || expected === undefined) return assert.equal(got, null, label);
  assert.notEqual(got, null, label);
  const g = Number(got);
  assert.ok(Math.abs(g - expected) <= 1e-12 * Math.max(1, Math.abs(expected)), `${label}: ${g} vs ${expected}`);
}

/** Every group of compare(options) against DuckDB's run of ds.sql({ ...options }).compareSql. */
function assertSameGroups(ds, table, options, label) {
  const result = ds.compare(options);
  const { compareSql } = ds.sql({ dialect: "duckdb", table, ...options });
  assert.ok(compareSql, `${label}: compareSql for by`);
  const got = rows(`SELECT * REPLACE (CAST("revenueExact" AS VARCHAR) AS "revenueExact", CAST("previousRevenueExact" AS VARCHAR) AS "previousRevenueExact") FROM (${compareSql}) q`);
  assert.equal(got.length, result.groups.length, `${label}: one row per group`);
  const metrics = ["orders", "customers", "units", "aov", "revenuePerCustomer", "share", "aovIndex", "revenuePerCustomerIndex"];
  result.groups.forEach((group, i) => {
    const row = got[i];
    const where = `${label}: group ${i} ${group.key[0]}`;
    assert.equal(row.key, group.key[0], `${where} in the result's order`);
    assert.equal(row.keyKind, group.kinds[0], where);
    assert.equal(row.revenueExact, group.revenueExact, `${where} revenue`);
    for (const m of metrics) assertClose(row[m], group[m], `${where} ${m}`);
    if (group.previous) {
      assert.equal(row.previousRevenueExact, group.previous.revenueExact, `${where} previous revenue`);
      for (const m of metrics) assertClose(row[`previous${m[0].toUpperCase()}${m.slice(1)}`], group.previous[m], `${where} previous ${m}`);
      for (const m of ["revenue", ...metrics]) assertClose(row[`change${m[0].toUpperCase()}${m.slice(1)}`], group.change[m], `${where} change ${m}`);
    } else {
      assert.equal(row.previousRevenueExact, null, where);
    }
  });
  return got;
}

test("analytics.md §8: compare({ by }) groups in DuckDB equal compare(): windows, periods, top N and Other, (blank)", () => {
  const text = readFileSync(join(root, "www/samples/orders.csv"), "utf8");
  loadTable("sample_cmp", text, { date: "order_date", money: ["amount", "quantity", "unit_price"], dateFormat: "%Y-%m-%d" });
  const ds = Dataset.fromBytes(new TextEncoder().encode(text), { fileName: "orders.csv" });
  assertSameGroups(ds, "sample_cmp", { by: "region" }, "all rows by region");
  const countries = assertSameGroups(ds, "sample_cmp", { by: "country", period: { days: 90 }, top: 5 }, "90 days by country, top 5");
  assert.equal(countries.at(-1).keyKind, "other", "the rest is Other, last");
  assertSameGroups(ds, "sample_cmp", { by: "channel", period: { days: 365, vs: "year" } }, "a year against the year before");
  assertSameGroups(ds, "sample_cmp", { by: "product", from: "2023-03-01", to: "2023-09-30", top: 3, analysisDate: "2024-01-01" }, "from/to, top 3");
  ds.free();
  // Blank regions, returns and orders without ids (the edge cases of the test above, with a blank dimension).
  const lines = ["order_id,customer_id,order_date,amount,region"];
  for (let i = 0; i < 300; i++) {
    const region = ["North", "South", "", " East ", "Other", "(blank)"][i % 6];
    const amount = i % 7 === 0 ? `-${i % 40}.5` : `${(i * 37) % 500}.${i % 10}`;
    lines.push(`${i % 5 === 0 ? "" : `O${i % 90}`},C${(i * 13) % 41},2024-${String(1 + (i % 12)).padStart(2, "0")}-${String(1 + (i % 28)).padStart(2, "0")},${amount},${region}`);
  }
  const edge = lines.join("\n") + "\n";
  loadTable("edge_cmp", edge, { date: "order_date", money: ["amount"], dateFormat: "%Y-%m-%d" });
  const edgeDs = Dataset.fromBytes(new TextEncoder().encode(edge), { fileName: "edge.csv" });
  const groups = assertSameGroups(edgeDs, "edge_cmp", { by: "region", period: { days: 120 } }, "edge: 120 days by region");
  assert.ok(groups.some((g) => g.keyKind === "blank") && groups.some((g) => g.key === "(blank)" && g.keyKind === "value"), "the blank group and a value written (blank)");
  assertSameGroups(edgeDs, "edge_cmp", { by: "region", top: 2, period: { days: 60, vs: "year" } }, "edge: top 2, a year earlier");
  edgeDs.free();
});
