// Measures the hostile-input matrix of issue 18 (tests/hostile/README.md): each case in a fresh Node process,
// through a build of the module (default www/pkg; pass another pkg folder to measure an older build), with the
// inputs of `make_hostile.py --full DIR`. Prints one Markdown row per case: result, time, wasm memory at the end
// (wasm memory never shrinks, so that is its peak).
//   python3 tests/hostile/make_hostile.py --full /tmp/hostile && node tests/hostile/measure.mjs /tmp/hostile [pkg]
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const CSV = "order_id,customer_id,order_date,amount\nA1,C1,2024-03-01,10\nA2,C2,2024-03-02,20\nA3,C1,2024-03-04,5\n";
const rule = "{ segment: 'A', cells: [{ r: [1, 5], f: [1, 5] }] }";
// name → the body of a function of `m` (the module), `bytes(file)`, `csv` (a small valid export as bytes).
const CASES = {
  "200 KB header": "return m.Dataset.fromBytes(bytes('long-header.csv'))",
  "300 KB of blank lines first": "return m.Dataset.fromBytes(bytes('blank-lead.csv'))",
  "50 MB line, no line end": "return m.Dataset.fromBytes(bytes('line-50mb.csv'))",
  "3,000 duplicate column names": "return m.Dataset.fromBytes(bytes('dup-headers-3000.csv'))",
  "60,000 duplicate column names": "return m.Dataset.fromBytes(bytes('dup-headers-60000.csv'))",
  "16,385 columns": "return m.Dataset.fromBytes(bytes('too-many-columns.csv'))",
  "method after free()": "const ds = m.Dataset.fromBytes(csv); ds.free(); return ds.rfm()",
  "getter frees during rfm()": "const ds = m.Dataset.fromBytes(csv); return ds.rfm({ get bins() { ds.free(); return 5; } })",
  "getter frees during exportCustomers()": "const ds = m.Dataset.fromBytes(csv); return ds.exportCustomers({ get bins() { ds.free(); return 5; } })",
  'fromBytes("text")': "return m.Dataset.fromBytes('text')",
  "fromBytes(null)": "return m.Dataset.fromBytes(null)",
  "fromBytes(ArrayBuffer)": "return m.Dataset.fromBytes(csv.buffer).report().rowsRead",
  'push("text")': "const l = new m.Loader(); l.push('text'); return l.finish()",
  "throwing options getter": "return m.Dataset.fromBytes(csv).rfm({ get bins() { throw new Error('boom'); } })",
  "totalBytes 1e15, maxBytes 1e16": "return m.Dataset.fromBytes(csv, { totalBytes: 1e15, maxBytes: 1e16 })",
  "totalBytes 2e9 (within the limit)": "return m.Dataset.fromBytes(csv, { totalBytes: 2e9 }).report().rowsRead",
  "huge chunk right after sniffing": "const l = new m.Loader(); l.push(csv); l.push(new Uint8Array(300 << 20).fill(120)); return l.finish()",
  "tiers: endless iterable": "return m.Dataset.fromBytes(csv).rfm({ tiers: new Proxy([], { get: (t, k) => k === 'length' ? 4294967295 : 0.1 }) })",
  "segment map of 100,000 rules": `return m.Dataset.fromBytes(csv).rfm({ segmentMap: { name: 'big', axes: 'r-fm', scale: 5, other: { en: 'R', zh: 'R' }, rules: Array(100000).fill(${rule}) } })`,
  "NaN tier shares": "return m.Dataset.fromBytes(csv).rfm({ tiers: [NaN, 0.5, 0.5] })",
  "contradictory roles (one column, two roles)": "return m.Dataset.fromBytes(csv, { roles: { customer: 'amount', amount: 'amount' } }).report().roles",
};

if (process.argv[2] === "--case") {
  const [, , , name, inputs, pkg] = process.argv;
  const m = await import(pathToFileURL(path.join(pkg, "clientele.js")));
  const exports = m.initSync({ module: readFileSync(path.join(pkg, "clientele_bg.wasm")) });
  const bytes = (file) => new Uint8Array(readFileSync(path.join(inputs, file)));
  const csv = new TextEncoder().encode(CSV);
  const memory = () => exports.memory?.buffer.byteLength ?? null;
  const started = performance.now();
  let result;
  try {
    const value = new Function("m", "bytes", "csv", CASES[name])(m, bytes, csv);
    const shown = typeof value?.report === "function" ? `${value.report().rowsRead} rows read` : JSON.stringify(value)?.slice(0, 60);
    result = `ok: ${shown ?? "undefined"}`;
  } catch (e) {
    result = e?.code ? `${e.code}${e.details?.rule ? ` (${e.details.rule})` : ""}` : `uncoded: ${String(e?.message ?? e).slice(0, 70)}`;
  }
  const ms = performance.now() - started;
  console.log(JSON.stringify({ result, ms, memory: memory() }));
} else {
  const [, , inputs, pkg = path.join(here, "../../www/pkg")] = process.argv;
  for (const name of Object.keys(CASES)) {
    let row;
    try {
      const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), "--case", name, inputs, pkg], { timeout: 120_000, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
      const { result, ms, memory } = JSON.parse(out.trim().split("\n").pop());
      row = `| ${name} | ${result.replace(/\|/g, "\\|").replace(/\n/g, " ")} | ${ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(1)} s`} | ${memory ? `${(memory / 2 ** 20).toFixed(0)} MiB` : "?"} |`;
    } catch (e) {
      row = `| ${name} | ${e.killed ? "killed after 120 s" : `process died: ${String(e.stderr ?? e.message).split("\n").find((l) => /Error/.test(l))?.slice(0, 80) ?? "?"}`} | | |`;
    }
    console.log(row);
  }
}
