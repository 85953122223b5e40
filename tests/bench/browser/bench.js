// Runs inside headless Chromium (driven by run.mjs): the same job in clientele and in DuckDB-WASM, one phase per
// call so that the driver can profile a phase on its own. Each phase is timed here, in the page, with
// performance.now(); checksums are computed after the timed phases and compared by the driver.
//
//   await bench.phase("clientele" | "duckdb", "start" | "load" | "rfm" | "compare" | "checks", { streamed })
//
// The input is the File picked in <input id="file"> (the driver sets it with the real path on disk, so it is a
// disk-backed File as when a user picks one). Without `streamed`, its bytes are read into memory before the load is
// timed (both engines load "from the bytes in memory"); with `streamed`, the load reads the File itself: clientele its
// byte stream pushed into a Loader, DuckDB through its file-reader protocol (registerFileHandle), never as one string.

const SLICE_BYTES = 4 * 1024 * 1024; // the buffer the streamed load reads into, as the page's worker does (www/protocol.js)
const TOP = 20; // compare()'s default top N: groups past it are summed into "Other"
const DIMENSIONS = ["region", "product"];

const state = { clientele: {}, duckdb: {} };

/** FNV-1a of a string's UTF-16 code units. */
function fnv(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * Order-independent fingerprints of the per-customer columns: Σ fnv(id) × (R·100 + F·10 + M) and
 * Σ fnv(id) × (recency·100003 + frequency), mod 2^32, so that every customer's own scores and metrics are checked,
 * not only the column sums.
 */
function fingerprints(ids, recency, frequency, r, f, m) {
  let scores = 0;
  let metrics = 0;
  for (let i = 0; i < ids.length; i += 1) {
    const h = fnv(ids[i]);
    scores = (scores + Math.imul(h, r[i] * 100 + f[i] * 10 + m[i])) >>> 0;
    metrics = (metrics + Math.imul(h, Math.imul(recency[i], 100003) + frequency[i])) >>> 0;
  }
  return { scores, metrics };
}

function file() {
  const picked = document.getElementById("file").files[0];
  if (!picked) throw new Error("no file picked");
  return picked;
}

async function timed(fn) {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/** "-123.4500" → -1234500n (units of 1/10,000), the exact money of both engines. */
function units(decimal) {
  const text = String(decimal).trim();
  const negative = text.startsWith("-");
  const [whole, fraction = ""] = text.replace(/^[-+]/, "").split(".");
  if (fraction.length > 4 && /[1-9]/.test(fraction.slice(4))) throw new Error(`more than 4 decimals: ${text}`);
  const value = BigInt(whole || "0") * 10000n + BigInt((fraction + "0000").slice(0, 4));
  return negative ? -value : value;
}

// ---------------------------------------------------------------- clientele
const clientele = {
  async start() {
    const module = await import("/pkg/clientele.js");
    // As the page's worker does while the user picks a file: instantiate, then warmUp() (a small made-up export
    // through load, rfm and compare, so V8 has optimised the hot code before the timed work; part of start).
    const { ms, value: exports } = await timed(async () => {
      const exports = await module.default();
      module.warmUp();
      return exports;
    });
    Object.assign(state.clientele, { module, exports });
    return { ms };
  },

  async load({ streamed, workers = 1 }) {
    const { Dataset, Loader } = state.clientele.module;
    const source = file();
    if (workers > 1) {
      // parallel parsing (issue 20): range workers reading the File's slices, merged here, as the page's worker does.
      const { loadInRanges } = await import("/par/ranges.js");
      const timings = {};
      const spawn = () => new Worker("/par/parse-worker.js", { type: "module" });
      const { ms, value } = await timed(() => loadInRanges({ clientele: state.clientele.module, file: source, options: { fileName: source.name }, count: workers, spawn, timings }));
      if (!value) throw new Error("the module did not split this file");
      state.clientele.dataset = value;
      return { ms, timings, rowsUsed: value.report().rowsUsed, wasmMemoryBytes: state.clientele.exports.memory.buffer.byteLength };
    }
    if (!streamed) {
      const bytes = new Uint8Array(await source.arrayBuffer()); // not timed: "load from the bytes in memory"
      const { ms, value } = await timed(() => Dataset.fromBytes(bytes, { fileName: source.name }));
      state.clientele.dataset = value;
      return { ms, rowsUsed: value.report().rowsUsed, wasmMemoryBytes: state.clientele.exports.memory.buffer.byteLength };
    }
    const { ms, value } = await timed(async () => {
      // As the page does: the size lets the module size its columns once.
      const loader = new Loader({ fileName: source.name, totalBytes: source.size });
      // As the page does: the File's byte stream read into one reused buffer, so reading leaves no garbage
      // (slices of 4 MiB each left an ArrayBuffer behind; at 5M rows they held ~250 MB until a GC).
      const reader = source.stream().getReader({ mode: "byob" });
      let buffer = new ArrayBuffer(SLICE_BYTES);
      for (;;) {
        const { done, value } = await reader.read(new Uint8Array(buffer));
        if (done) break;
        loader.push(value);
        buffer = value.buffer;
      }
      return loader.finish();
    });
    state.clientele.dataset = value;
    return { ms, rowsUsed: value.report().rowsUsed, wasmMemoryBytes: state.clientele.exports.memory.buffer.byteLength };
  },

  async rfm() {
    const { ms, value } = await timed(() => state.clientele.dataset.rfm({}));
    state.clientele.rfm = value;
    return { ms, customers: value.customersScored, wasmMemoryBytes: state.clientele.exports.memory.buffer.byteLength };
  },

  async compare() {
    const { ms, value } = await timed(() => DIMENSIONS.map((by) => state.clientele.dataset.compare({ by })));
    state.clientele.compare = value;
    return { ms, groups: value.map((result) => result.groups.length), wasmMemoryBytes: state.clientele.exports.memory.buffer.byteLength };
  },

  async checks() {
    const { customers, analysisDate, customersScored } = state.clientele.rfm;
    const sum = (column) => column.reduce((total, v) => total + v, 0);
    const histogram = (column) => {
      const counts = [0, 0, 0, 0, 0];
      for (const score of column) counts[score - 1] += 1;
      return counts;
    };
    let monetary = 0n;
    for (const exact of customers.monetaryExact) monetary += units(exact);
    return {
      analysisDate,
      customers: customersScored,
      recency: sum(customers.recencyDays),
      frequency: sum(customers.frequency),
      monetary: monetary.toString(),
      r: histogram(customers.r), f: histogram(customers.f), m: histogram(customers.m),
      fingerprints: fingerprints(customers.id, customers.recencyDays, customers.frequency, customers.r, customers.f, customers.m),
      compare: Object.fromEntries(state.clientele.compare.map((result, i) => [DIMENSIONS[i], result.groups.map((g) => ({
        key: g.key.join(" × "), revenue: units(g.revenueExact).toString(), orders: g.orders, customers: g.customers,
        aov: g.aov, share: g.share,
      }))])),
      wasmMemoryBytes: state.clientele.exports.memory.buffer.byteLength,
    };
  },
};

// ---------------------------------------------------------------- DuckDB-WASM
const DUCKDB_DIST = "/node_modules/@duckdb/duckdb-wasm/dist/";

// Day after the last date (returns included), as the analysis date D of analytics.md §2.
const ANALYSIS_DATE = "(SELECT max(order_date) + 1 FROM orders)";

// analytics.md §3–§4: recency to D, distinct positive orders, net monetary; scores
// floor((rank_min − 1) × 5 / n) + 1 with "worse" = larger recency, smaller frequency, smaller monetary.
const RFM_SQL = `
CREATE OR REPLACE TABLE rfm AS
WITH per_customer AS (
  SELECT customer_id,
         ${ANALYSIS_DATE} - max(order_date) FILTER (WHERE amount > 0) AS recency,
         count(DISTINCT order_id) FILTER (WHERE amount > 0) AS frequency,
         sum(amount) AS monetary
  FROM orders
  WHERE order_date < ${ANALYSIS_DATE}
  GROUP BY customer_id
), scored AS (SELECT * FROM per_customer WHERE frequency > 0)
SELECT customer_id, recency, frequency, monetary,
       (((rank() OVER (ORDER BY recency DESC)) - 1) * 5 // (count(*) OVER ()) + 1)::UTINYINT AS r,
       (((rank() OVER (ORDER BY frequency)) - 1) * 5 // (count(*) OVER ()) + 1)::UTINYINT AS f,
       (((rank() OVER (ORDER BY monetary)) - 1) * 5 // (count(*) OVER ()) + 1)::UTINYINT AS m
FROM scored`;

// The per-customer columns into the page, as clientele's rfm() hands them to JavaScript.
const RFM_COLUMNS_SQL = "SELECT customer_id, recency::INTEGER AS recency, frequency::UINTEGER AS frequency, monetary::DOUBLE AS monetary, r, f, m FROM rfm";

// analytics.md §8 with compare()'s defaults: all rows before D; groups past the top 20 by revenue (ties by name)
// are one "Other" group with its distinct orders and customers recomputed; empty values are "(blank)".
const compareSql = (column) => `
WITH lines AS (
  SELECT coalesce(nullif(trim("${column}"), ''), '(blank)') AS name, order_id, customer_id, amount
  FROM orders WHERE order_date < ${ANALYSIS_DATE}
), ranked AS (
  SELECT name, CASE WHEN row_number() OVER (ORDER BY sum(amount) DESC, name) <= ${TOP} THEN name ELSE 'Other' END AS key
  FROM lines GROUP BY name
), groups AS (
  SELECT key, sum(amount) AS revenue,
         count(DISTINCT order_id) FILTER (WHERE amount > 0) AS orders,
         count(DISTINCT customer_id) FILTER (WHERE amount > 0) AS customers
  FROM lines JOIN ranked USING (name) GROUP BY key
)
SELECT key, revenue::VARCHAR AS revenue_exact, orders::INTEGER AS orders, customers::INTEGER AS customers,
       revenue::DOUBLE / nullif(orders, 0) AS aov, revenue::DOUBLE / (sum(revenue) OVER ())::DOUBLE AS share
FROM groups ORDER BY key = 'Other', revenue DESC, key`;

const scoreCounts = (score) => [1, 2, 3, 4, 5].map((v) => `count(*) FILTER (WHERE ${score} = ${v})::INTEGER AS ${score}${v}`).join(", ");
const CHECKS_SQL = `
SELECT strftime(${ANALYSIS_DATE}, '%Y-%m-%d') AS analysis_date, count(*)::INTEGER AS customers,
       sum(recency)::DOUBLE AS recency, sum(frequency)::DOUBLE AS frequency, sum(monetary)::VARCHAR AS monetary,
       ${scoreCounts("r")}, ${scoreCounts("f")}, ${scoreCounts("m")}
FROM rfm`;

const rows = (table) => table.toArray().map((row) => row.toJSON());

const duckdb = {
  async start() {
    const { ms } = await timed(async () => {
      const lib = await import(`${DUCKDB_DIST}duckdb-browser.mjs`);
      const dist = new URL(DUCKDB_DIST, location.href).href;
      // As in DuckDB-WASM's docs, with the bundles served by this origin instead of a CDN.
      const bundle = await lib.selectBundle({
        mvp: { mainModule: `${dist}duckdb-mvp.wasm`, mainWorker: `${dist}duckdb-browser-mvp.worker.js` },
        eh: { mainModule: `${dist}duckdb-eh.wasm`, mainWorker: `${dist}duckdb-browser-eh.worker.js` },
      });
      if (!bundle.mainModule.endsWith("duckdb-eh.wasm")) throw new Error(`expected the eh bundle, got ${bundle.mainModule}`);
      const worker = new Worker(bundle.mainWorker);
      const db = new lib.AsyncDuckDB(new lib.VoidLogger(), worker);
      await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
      const conn = await db.connect();
      Object.assign(state.duckdb, { lib, db, conn, version: await db.getVersion() });
    });
    return { ms, version: state.duckdb.version };
  },

  async load({ streamed }) {
    const { lib, db, conn } = state.duckdb;
    const source = file();
    const bytes = streamed ? null : new Uint8Array(await source.arrayBuffer()); // not timed, as for clientele
    const { ms } = await timed(async () => {
      if (streamed) await db.registerFileHandle("orders.csv", source, lib.DuckDBDataProtocol.BROWSER_FILEREADER, true);
      else await db.registerFileBuffer("orders.csv", bytes);
      // Money as exact decimals (as clientele holds it), so equal totals tie exactly in the ranks.
      await conn.query(`CREATE TABLE orders AS SELECT * FROM read_csv('orders.csv', header = true, types = {'amount': 'DECIMAL(18,4)'})`);
    });
    const [{ n }] = rows(await conn.query("SELECT count(*)::INTEGER AS n FROM orders"));
    return { ms, rowsUsed: n };
  },

  async rfm() {
    const { conn } = state.duckdb;
    const { ms, value } = await timed(async () => {
      await conn.query(RFM_SQL);
      return conn.query(RFM_COLUMNS_SQL);
    });
    state.duckdb.rfm = value;
    return { ms, customers: value.numRows };
  },

  async compare() {
    const { conn } = state.duckdb;
    const { ms, value } = await timed(async () => {
      const results = [];
      for (const column of DIMENSIONS) results.push(rows(await conn.query(compareSql(column))));
      return results;
    });
    state.duckdb.compare = value;
    return { ms, groups: value.map((groups) => groups.length) };
  },

  async checks() {
    const [c] = rows(await state.duckdb.conn.query(CHECKS_SQL));
    const histogram = (score) => [1, 2, 3, 4, 5].map((v) => c[`${score}${v}`]);
    const column = (name) => state.duckdb.rfm.getChild(name);
    return {
      analysisDate: c.analysis_date,
      customers: c.customers,
      recency: c.recency,
      frequency: c.frequency,
      monetary: units(c.monetary).toString(),
      r: histogram("r"), f: histogram("f"), m: histogram("m"),
      fingerprints: fingerprints([...column("customer_id")], column("recency").toArray(), column("frequency").toArray(),
        column("r").toArray(), column("f").toArray(), column("m").toArray()),
      compare: Object.fromEntries(state.duckdb.compare.map((groups, i) => [DIMENSIONS[i], groups.map((g) => ({
        key: g.key, revenue: units(g.revenue_exact).toString(), orders: g.orders, customers: g.customers,
        aov: g.aov, share: g.share,
      }))])),
      version: state.duckdb.version,
    };
  },
};

const engines = { clientele, duckdb };
window.bench = {
  ready: true,
  phase: (engine, phase, options = {}) => engines[engine][phase](options),
};
