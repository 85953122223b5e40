// Browser benchmark (issue 7): clientele vs DuckDB-WASM in headless Chromium, on the same file, interleaved.
//
//   ./build.sh && node tests/bench/browser/run.mjs [--sizes 100000,1000000,5000000] [--runs 3] [--stream-over 1000000]
//                                                  [--engines clientele,duckdb] [--workers 1,2] [--profile] [--pkg DIR]
//                                                  [--out FILE | --no-write]
//
// For each run and size: a fresh Debian Chromium (playwright-core, never a downloaded browser), and in it one fresh
// browser context per engine, one after the other (the order alternates between runs). Each context opens
// tests/bench/browser/index.html from a server on 127.0.0.1 that serves only this folder, a copy of www/pkg taken at
// the start (target/bench/browser-pkg/, so a rebuild during the runs cannot mix two builds; --pkg DIR measures another
// build, e.g. one that keeps function names for --profile) and the few
// node_modules files DuckDB-WASM needs; any request to another origin is aborted and fails the run. The page times
// start (module instantiation, not in the total), load, RFM and compare; meanwhile the driver samples the memory of
// the page's renderer (VmHWM and VmRSS in /proc every 50 ms; Chromium's own UI renderer left out) and its CPU time,
// and afterwards compares the two engines' checksums: a run whose
// checksums differ stops the benchmark before any figure is written. Inputs are generated into target/bench/ when
// missing (tests/fixtures/make_orders.py). Sizes above --stream-over rows are streamed from the File (its byte stream read into one reused buffer).
// Results (medians, with the commit, the Chromium version, the load average and the .wasm sizes) are put at the
// top of tests/bench/browser-results.md. --workers 1,2 (parallel parsing, issue 20) measures clientele once per count
// of range workers (www/parse-worker.js, coordinated by www/ranges.js as the page's worker does; 1 = the single
// reader), each as its own engine row ("clientele@2"), with where the parallel load's time goes. --profile adds one extra clientele run per size under the CPU profiler
// and prints where each phase's time goes (wasm, JS glue, GC, …); the .cpuprofile files go to target/bench/.
import { createServer } from "node:http";
import { cpSync, createReadStream, rmSync, existsSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { execFileSync, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { createHash } from "node:crypto";
import { chromium } from "playwright-core";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const HERE = path.join(REPO, "tests/bench/browser");
// The module measured: a copy of www/pkg taken at the start, so a rebuild during the runs cannot mix two builds.
const PKG = path.join(REPO, "target/bench/browser-pkg");
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"];
const PHASES = ["load", "rfm", "compare"];
const TARGETS = { totalMs1M: 500, ratio1M: 9, totalMs5M: 2500, memory5M: 700e6, wasmGzip: 300 * 1024 };

// ------------------------------------------------------------------ options
function parseArguments(argv) {
  const options = {
    sizes: [100_000, 1_000_000, 5_000_000], runs: 3, streamOver: 1_000_000, engines: ["clientele", "duckdb"],
    profile: false, out: path.join(REPO, "tests/bench/browser-results.md"), pkg: path.join(REPO, "www/pkg"), workers: [1],
  };
  const usage = "usage: node tests/bench/browser/run.mjs [--sizes 100000,1000000,5000000] [--runs 3] [--stream-over 1000000] [--engines clientele,duckdb] [--profile] [--pkg DIR] [--out FILE | --no-write]";
  for (let i = 0; i < argv.length; i += 1) {
    const [flag, inline] = argv[i].split("=", 2);
    const value = () => inline ?? argv[++i];
    if (flag === "--sizes") options.sizes = value().split(",").map((s) => Number(s.replace(/_/g, "")));
    else if (flag === "--runs") options.runs = Number(value());
    else if (flag === "--stream-over") options.streamOver = Number(value());
    else if (flag === "--engines") options.engines = value().split(",");
    else if (flag === "--profile") options.profile = true;
    else if (flag === "--workers") options.workers = value().split(",").map(Number); // parallel parsing (issue 20)
    else if (flag === "--out") options.out = path.resolve(value());
    else if (flag === "--no-write") options.out = null;
    else if (flag === "--pkg") options.pkg = path.resolve(value()); // another build of the module, e.g. one with names for --profile
    else throw new Error(`${usage}\n(bad argument: ${argv[i]})`);
  }
  if (!options.sizes.every((n) => Number.isInteger(n) && n > 0) || !(options.runs >= 1)
    || !options.engines.every((e) => e === "clientele" || e === "duckdb")
    || !options.workers.every((n) => Number.isInteger(n) && n >= 1 && n <= 8)) throw new Error(usage);
  // parallel parsing (issue 20): one clientele engine per count of range workers ("clientele@2"; 1 is "clientele").
  options.engines = options.engines.flatMap((e) => (e === "clientele" ? options.workers.map((n) => (n === 1 ? e : `${e}@${n}`)) : [e]));
  return options;
}

// ------------------------------------------------------------------ static server (127.0.0.1 only)
const MOUNTS = [
  ["/bench/", HERE],
  ["/pkg/", PKG],
  // parallel parsing (issue 20): the page's range worker and coordinator, importing the measured module copy.
  ["/par/pkg/", PKG],
  ["/par/", path.join(REPO, "www")],
  ["/node_modules/@duckdb/duckdb-wasm/dist/", path.join(REPO, "node_modules/@duckdb/duckdb-wasm/dist")],
  ["/node_modules/apache-arrow/", path.join(REPO, "node_modules/apache-arrow")],
  ["/node_modules/tslib/", path.join(REPO, "node_modules/tslib")],
  ["/node_modules/flatbuffers/", path.join(REPO, "node_modules/flatbuffers")],
];
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm", ".json": "application/json; charset=utf-8", ".map": "application/json; charset=utf-8" };

function startServer() {
  const server = createServer((request, response) => {
    let pathname;
    try {
      pathname = path.posix.normalize(decodeURIComponent(new URL(request.url, "http://localhost").pathname));
    } catch {
      pathname = null;
    }
    const mount = pathname && !pathname.includes("\0") && MOUNTS.find(([prefix]) => pathname.startsWith(prefix));
    const file = mount && path.join(mount[1], pathname.slice(mount[0].length) || "index.html");
    const info = file && (file === mount[1] || file.startsWith(mount[1] + path.sep)) && existsSync(file) ? statSync(file) : null;
    if (request.method !== "GET" || !info?.isFile()) {
      response.writeHead(404, { "Content-Type": "text/plain" });
      return response.end("Not Found\n");
    }
    response.writeHead(200, { "Content-Type": TYPES[path.extname(file)] ?? "application/octet-stream", "Content-Length": info.size, "Cache-Control": "no-cache" });
    createReadStream(file).on("error", () => response.destroy()).pipe(response);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((done) => { server.close(() => done()); server.closeAllConnections(); }),
  })));
}

// ------------------------------------------------------------------ /proc: renderer processes of our browser
function processTable() {
  const table = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      table.set(Number(entry), ppid);
    } catch { /* gone */ }
  }
  return table;
}

/** Renderer pids descended from this Node process that can hold a page: Chromium's own UI renderer
 * (--top-chrome-webui, present in headless mode too) is left out. */
function rendererPids() {
  const table = processTable();
  const mine = new Set([process.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, ppid] of table) if (!mine.has(pid) && mine.has(ppid)) { mine.add(pid); grew = true; }
  }
  const found = [];
  for (const pid of mine) {
    try {
      // Chromium rewrites its command line into one string with spaces (its process title).
      const flags = readFileSync(`/proc/${pid}/cmdline`, "utf8").split(/[\0 ]/);
      if (flags.includes("--type=renderer") && !flags.includes("--top-chrome-webui")) found.push(pid);
    } catch { /* gone */ }
  }
  return found;
}

/** VmHWM, VmRSS (bytes) and CPU time (ms, all threads) of the given processes. */
function readProcesses(pids) {
  const found = [];
  for (const pid of pids) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      const kib = (field) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"))?.[1] ?? 0) * 1024;
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const [utime, stime] = stat.slice(stat.lastIndexOf(")") + 2).split(" ").slice(11, 13).map(Number);
      found.push({ pid, hwm: kib("VmHWM"), rss: kib("VmRSS"), cpuMs: (utime + stime) * 10 }); // USER_HZ is 100 on Linux
    } catch { /* gone */ }
  }
  return found;
}

/** The page renderers of this browser (the page's own and the spare one Chromium keeps ready). */
const renderers = () => readProcesses(rendererPids());

/**
 * Samples the renderers' memory every 50 ms: Chromium resets a process's VmHWM now and then (clear_refs, for its
 * own peak metrics), so the peak is the highest VmHWM or VmRSS seen by any sample, not only the last VmHWM.
 */
function memorySampler() {
  let pids = rendererPids();
  let peak = 0;
  const sample = () => {
    for (const p of readProcesses(pids)) peak = Math.max(peak, p.hwm, p.rss);
  };
  sample();
  const timer = setInterval(sample, 50);
  return {
    /** Re-reads the list of renderers (after a navigation) and returns the peak so far. */
    peak: () => { pids = rendererPids(); sample(); return peak; },
    stop: () => clearInterval(timer),
  };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ------------------------------------------------------------------ one engine in a fresh context
async function measure(browser, origin, engine, input, { streamed, profile = false }) {
  const context = await browser.newContext();
  const foreign = [];
  const problems = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`) || url.startsWith("blob:") || url.startsWith("data:")) return route.continue();
    foreign.push(url);
    return route.abort("blockedbyclient");
  });
  context.on("weberror", (error) => problems.push(error.error().message));
  const page = await context.newPage();
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("crash", () => problems.push("renderer crashed"));
  const loadBefore = loadavg()[0];
  let sampler = null;
  try {
    await page.goto(`${origin}/bench/`);
    await page.waitForFunction(() => window.bench?.ready === true);
    await page.setInputFiles("#file", input);
    sampler = memorySampler();
    const cdp = profile ? await context.newCDPSession(page) : null;
    if (cdp) {
      await cdp.send("Profiler.enable");
      await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
    }
    const [engineName, workers = "1"] = engine.split("@");
    const call = (phase) => page.evaluate(([e, p, o]) => window.bench.phase(e, p, o), [engineName, phase, { streamed, workers: Number(workers) }]);
    const result = { engine, start: await call("start"), profiles: {} };
    result.start.peakBytes = sampler.peak(); // the page with the engine started, no data
    const cpu = () => renderers().reduce((sum, p) => sum + p.cpuMs, 0);
    for (const phase of PHASES) {
      if (cdp) await cdp.send("Profiler.start");
      const cpuBefore = cpu();
      result[phase] = await call(phase);
      result[phase].cpuMs = cpu() - cpuBefore; // all threads of the renderer (DuckDB's worker included)
      if (cdp) result.profiles[phase] = (await cdp.send("Profiler.stop")).profile;
      result[phase].peakBytes = sampler.peak(); // the peak so far, at the end of this phase
    }
    result.total = PHASES.reduce((sum, phase) => sum + result[phase].ms, 0);
    result.cpuTotal = PHASES.reduce((sum, phase) => sum + result[phase].cpuMs, 0);
    result.checks = await call("checks");
    result.peakBytes = sampler.peak();
    result.renderers = rendererPids().length;
    result.load1 = Math.max(loadBefore, loadavg()[0]);
    if (foreign.length) throw new Error(`${engine}: requests to other origins: ${foreign.join(", ")}`);
    if (problems.length) throw new Error(`${engine}: ${problems.join("; ")}`);
    return result;
  } finally {
    sampler?.stop();
    // This context's renderer is the one with the highest peak (a spare renderer Chromium keeps ready stays small).
    const used = renderers().sort((a, b) => b.hwm - a.hwm)[0]?.pid;
    await context.close();
    // Wait until it is gone, so that the next engine's peak is its own.
    for (let i = 0; i < 100 && renderers().some((p) => p.pid === used); i += 1) await sleep(100);
  }
}

// ------------------------------------------------------------------ checksums
function compareChecks(a, b) {
  const differences = [];
  for (const field of ["analysisDate", "customers", "recency", "frequency", "monetary"]) {
    if (String(a[field]) !== String(b[field])) differences.push(`${field}: ${a[field]} vs ${b[field]}`);
  }
  for (const score of ["r", "f", "m"]) {
    if (a[score].join() !== b[score].join()) differences.push(`${score} histogram: ${a[score]} vs ${b[score]}`);
  }
  for (const [name, value] of Object.entries(a.fingerprints)) {
    if (value !== b.fingerprints[name]) differences.push(`per-customer fingerprint of ${name}: ${value} vs ${b.fingerprints[name]}`);
  }
  const close = (x, y) => Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
  for (const dimension of Object.keys(a.compare)) {
    const [ga, gb] = [a.compare[dimension], b.compare[dimension] ?? []];
    if (ga.length !== gb.length) differences.push(`${dimension}: ${ga.length} vs ${gb.length} groups`);
    ga.forEach((g, i) => {
      const h = gb[i] ?? {};
      for (const field of ["key", "revenue", "orders", "customers"]) {
        if (String(g[field]) !== String(h[field])) differences.push(`${dimension}[${i}] ${field}: ${g[field]} vs ${h[field]}`);
      }
      for (const field of ["aov", "share"]) {
        if (!close(g[field], h[field])) differences.push(`${dimension}[${i}] ${field}: ${g[field]} vs ${h[field]}`);
      }
    });
  }
  return differences;
}

/** The checksums as one line, per-group totals summed over the groups. */
function checksumLine(c) {
  const groups = Object.entries(c.compare).map(([dimension, groups]) => {
    const revenue = groups.reduce((sum, g) => sum + BigInt(g.revenue), 0n);
    const money = `${revenue / 10000n}.${String(revenue % 10000n).padStart(4, "0")}`;
    return `${dimension}: ${groups.length} groups, Σrevenue ${money}, Σorders ${groups.reduce((s, g) => s + g.orders, 0)}, Σcustomers ${groups.reduce((s, g) => s + g.customers, 0)}`;
  });
  const monetary = BigInt(c.monetary);
  return `D ${c.analysisDate}; ${c.customers} customers; Σrecency ${c.recency}; Σfrequency ${c.frequency}; `
    + `Σmonetary ${monetary / 10000n}.${String(monetary % 10000n).padStart(4, "0")}; `
    + `ΣR ${weighted(c.r)}, ΣF ${weighted(c.f)}, ΣM ${weighted(c.m)} (R counts ${c.r.join("/")}); `
    + `per-customer fingerprints ${c.fingerprints.scores.toString(16)} (scores), ${c.fingerprints.metrics.toString(16)} (recency, frequency); ${groups.join("; ")}`;
}
const weighted = (histogram) => histogram.reduce((sum, count, i) => sum + count * (i + 1), 0);

// ------------------------------------------------------------------ profile summary
/** Self time of a CPU profile by kind of code, and its top functions. */
function summariseProfile(profile) {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  const deltas = profile.timeDeltas;
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (deltas[i + 1] ?? 0) / 1000));
  const kinds = {};
  const functions = {};
  for (const [id, ms] of self) {
    const { functionName, url } = byNode.get(id).callFrame;
    let kind;
    if (url.endsWith(".wasm") || /^\$|^wasm-function|^\$?func\d/.test(functionName)) kind = "wasm";
    else if (url.includes("/pkg/clientele.js")) kind = "JS glue (clientele.js)";
    else if (functionName === "(garbage collector)") kind = "GC";
    else if (functionName === "(idle)") kind = "idle (e.g. waiting for file reads)";
    else if (functionName === "(program)") kind = "browser (program)";
    else if (url.includes("/bench/")) kind = "benchmark page";
    else kind = functionName ? "native built-ins" : "other";
    kinds[kind] = (kinds[kind] ?? 0) + ms;
    const name = `${functionName || "(anonymous)"} ${url ? url.replace(/^.*\//, "") : ""}`.trim();
    functions[name] = (functions[name] ?? 0) + ms;
  }
  const top = Object.entries(functions).sort((a, b) => b[1] - a[1]).slice(0, 8);
  return { kinds, top };
}

// ------------------------------------------------------------------ helpers
const median = (values) => {
  const sorted = values.slice().sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const seconds = (ms) => (ms / 1000).toFixed(3);
const mb = (bytes) => `${(bytes / 1e6).toFixed(0)} MB`;
const rowsLabel = (n) => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n));
const git = (...args) => execFileSync("git", ["-C", REPO, ...args], { encoding: "utf8" }).trim();

function ensureInput(rows) {
  const file = path.join(REPO, `target/bench/orders-${rows}.csv`);
  if (existsSync(file)) return file;
  mkdirSync(path.dirname(file), { recursive: true });
  console.log(`generating ${path.relative(REPO, file)} …`);
  const result = spawnSync("python3", [path.join(REPO, "tests/fixtures/make_orders.py"), "--rows", String(rows), "--out", `${file}.tmp`], { stdio: "inherit" });
  if (result.status !== 0) throw new Error(`make_orders.py failed for ${rows} rows`);
  renameSync(`${file}.tmp`, file);
  return file;
}

async function snapshotModule(source) {
  for (const name of ["clientele.js", "clientele_bg.wasm", "clientele.d.ts"]) {
    if (!existsSync(path.join(source, name))) throw new Error(`${source}/${name} is missing: run ./build.sh first`);
  }
  // build.sh writes clientele.js and the .wasm (wasm-bindgen), then rewrites the .wasm (wasm-opt, ~30 s): a .wasm
  // not newer than the .js is a build in progress. Wait for it (up to 5 minutes) rather than measure half a build.
  const mtime = (name) => statSync(path.join(source, name)).mtimeMs;
  const builtByBuildSh = source === path.join(REPO, "www/pkg");
  for (let waited = 0; builtByBuildSh && mtime("clientele_bg.wasm") - mtime("clientele.js") < 1000 || Date.now() - mtime("clientele_bg.wasm") < 5000; waited += 5) {
    if (waited >= 300) throw new Error("www/pkg looks mid-build (clientele_bg.wasm not newer than clientele.js): run ./build.sh");
    if (waited === 0) console.log("www/pkg is being rebuilt: waiting for wasm-opt to finish …");
    await sleep(5000);
  }
  rmSync(PKG, { recursive: true, force: true });
  cpSync(source, PKG, { recursive: true });
  return moduleFacts();
}

async function moduleFacts() {
  const wasm = readFileSync(path.join(PKG, "clientele_bg.wasm"));
  const duckdbWasm = readFileSync(path.join(REPO, "node_modules/@duckdb/duckdb-wasm/dist/duckdb-eh.wasm"));
  const dts = readFileSync(path.join(PKG, "clientele.d.ts"), "utf8");
  if (!/compare\(/.test(dts)) throw new Error("www/pkg has no compare(): rebuild with ./build.sh");
  // The measured module reads .xlsx (the budget is "with .xlsx"): load the spreadsheet fixture in Node.
  const { default: init, Dataset } = await import(path.join(PKG, "clientele.js"));
  await init({ module_or_path: wasm });
  const xlsx = Dataset.fromBytes(readFileSync(path.join(REPO, "tests/fixtures/orders.xlsx")), { fileName: "orders.xlsx" });
  const xlsxRows = xlsx.report().rowsUsed;
  xlsx.free();
  return {
    wasmRaw: wasm.length, wasmGzip: gzipSync(wasm, { level: 9 }).length, xlsxRows,
    duckdbRaw: duckdbWasm.length, duckdbGzip: gzipSync(duckdbWasm, { level: 9 }).length,
    duckdbPackage: JSON.parse(readFileSync(path.join(REPO, "node_modules/@duckdb/duckdb-wasm/package.json"), "utf8")).version,
    wasmMtime: statSync(path.join(PKG, "clientele_bg.wasm")).mtime.toISOString(),
    wasmSha: createHash("sha256").update(wasm).digest("hex").slice(0, 12),
  };
}

// ------------------------------------------------------------------ main
async function main() {
  const options = parseArguments(process.argv.slice(2));
  // The commit at the start, when the module is copied (others may commit while the runs go on).
  const dirty = git("status", "--porcelain", "--", "src", "Cargo.toml", "Cargo.lock").length > 0;
  const commit = `${git("rev-parse", "--short", "HEAD")}${dirty ? " (with uncommitted changes to src/)" : ""}`;
  const facts = { ...(await snapshotModule(options.pkg)), commit };
  facts.pkg = path.relative(REPO, options.pkg);
  console.log(`clientele_bg.wasm: ${facts.wasmRaw} bytes raw, ${facts.wasmGzip} gzipped (built ${facts.wasmMtime}, sha256 ${facts.wasmSha}…; reads .xlsx: ${facts.xlsxRows} rows); duckdb-eh.wasm ${facts.duckdbRaw} raw, ${facts.duckdbGzip} gzipped`);
  const inputs = Object.fromEntries(options.sizes.map((rows) => [rows, ensureInput(rows)]));
  const server = await startServer();
  const results = []; // { rows, run, engine, ... }
  const checks = {};
  let chromiumVersion = null;
  let duckdbVersion = null;
  const launch = () => chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS, headless: true });
  try {
    for (let run = 0; run < options.runs; run += 1) {
      for (const rows of options.sizes) {
        const streamed = rows > options.streamOver;
        const order = run % 2 === 0 ? options.engines : options.engines.slice().reverse();
        const browser = await launch(); // a fresh browser per run
        chromiumVersion = browser.version();
        const perRun = {};
        try {
          for (const engine of order) {
            const r = await measure(browser, server.origin, engine, inputs[rows], { streamed });
            perRun[engine] = r;
            if (engine === "duckdb") duckdbVersion = r.start.version;
            results.push({ rows, run, streamed, ...r, profiles: undefined });
            if (r.load.timings) console.log(`  range workers: ${JSON.stringify(r.load.timings)}`);
            console.log(`run ${run + 1} ${rowsLabel(rows)}${streamed ? " streamed" : ""} ${engine.padEnd(9)} start ${seconds(r.start.ms)}  load ${seconds(r.load.ms)}  rfm ${seconds(r.rfm.ms)}  compare ${seconds(r.compare.ms)}  total ${seconds(r.total)} s (CPU ${seconds(r.cpuTotal)} s)  peak ${mb(r.peakBytes)}  load avg ${r.load1.toFixed(2)}`);
          }
        } finally {
          await browser.close();
        }
        const reference = perRun.duckdb ?? perRun.clientele;
        for (const engine of Object.keys(perRun).filter((e) => perRun[e] !== reference)) {
          const differences = compareChecks(perRun[engine].checks, reference.checks);
          if (differences.length) {
            console.error(`checksums differ (${engine}, ${rowsLabel(rows)} rows, run ${run + 1}):\n  ${differences.slice(0, 20).join("\n  ")}`);
            process.exitCode = 1;
            return;
          }
        }
        checks[rows] = checksumLine((perRun.clientele ?? perRun.duckdb).checks);
      }
    }
    const profiles = options.profile ? await profileRuns(launch, server.origin, options, inputs) : null;
    const report = formatReport({ options, facts, results, checks, chromiumVersion, duckdbVersion, profiles });
    console.log(`\n${report}`);
    if (options.out) writeResults(options.out, report);
  } finally {
    await server.close();
  }
}

async function profileRuns(launch, origin, options, inputs) {
  const out = {};
  for (const rows of options.sizes) {
    const browser = await launch();
    try {
      const r = await measure(browser, origin, "clientele", inputs[rows], { streamed: rows > options.streamOver, profile: true });
      out[rows] = {};
      for (const phase of PHASES) {
        const file = path.join(REPO, `target/bench/profile-clientele-${rows}-${phase}.cpuprofile`);
        writeFileSync(file, JSON.stringify(r.profiles[phase]));
        out[rows][phase] = { ms: r[phase].ms, ...summariseProfile(r.profiles[phase]) };
      }
    } finally {
      await browser.close();
    }
  }
  return out;
}

function formatReport({ options, facts, results, checks, chromiumVersion, duckdbVersion, profiles }) {
  const commit = facts.commit;
  const loads = results.map((r) => r.load1);
  const lines = [];
  lines.push(`## ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC · commit ${commit} · Chromium ${chromiumVersion} · DuckDB-WASM ${facts.duckdbPackage} (${duckdbVersion})`);
  lines.push("");
  lines.push(`Machine: ${cpus().length} cores, ${cpus()[0]?.model ?? "?"}; 1-minute load average during the measurements ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)}${Math.max(...loads) > 1 ? " (**above 1.0: other work was running; figures are pessimistic**)" : ""}.`);
  lines.push(`Module: \`clientele_bg.wasm\` (sha256 ${facts.wasmSha}…, copied from ${facts.pkg} at the start) ${facts.wasmRaw.toLocaleString("en")} bytes raw, **${facts.wasmGzip.toLocaleString("en")} bytes gzipped** (gzip -9; target ≤ ${TARGETS.wasmGzip.toLocaleString("en")}: ${facts.wasmGzip <= TARGETS.wasmGzip ? "met" : "**not met**"}; reads .xlsx: yes, ${facts.xlsxRows} rows of tests/fixtures/orders.xlsx). DuckDB-WASM's \`duckdb-eh.wasm\`: ${facts.wasmRaw ? facts.duckdbRaw.toLocaleString("en") : "?"} bytes raw, ${facts.duckdbGzip.toLocaleString("en")} gzipped.`);
  lines.push(`Medians of ${options.runs} runs (a fresh Chromium per run and size, one fresh context per engine, engine order alternating); seconds. *start* (clientele: instantiating the module, then \`warmUp()\`, a 30,000-line made-up export through load, rfm and compare so that V8 has optimised the hot code, as the page's worker does while the user picks a file; DuckDB: worker + wasm + connect) is not in the total. *CPU time* is the renderer process's (all its threads, DuckDB's worker included; /proc, 10 ms ticks) over load + RFM + compare: less sensitive than wall time to other work on the machine. Sizes over ${rowsLabel(options.streamOver)} rows are streamed from the File (its byte stream read into one reused 4 MiB buffer, as the page does); smaller ones are loaded from bytes already in memory.`);
  lines.push("");
  lines.push("| rows (CSV) | engine | start | load | RFM | compare | **total** | DuckDB ÷ clientele | renderer CPU time of the total | peak renderer memory (VmHWM/VmRSS sampled every 50 ms), median (max) | load avg (1 min) |");
  lines.push("|---|---|---|---|---|---|---|---|---|---|---|");
  const targetNotes = [];
  for (const rows of options.sizes) {
    const size = statSync(path.join(REPO, `target/bench/orders-${rows}.csv`)).size;
    const of = (engine) => results.filter((r) => r.rows === rows && r.engine === engine);
    const totals = {};
    for (const engine of options.engines) {
      const rs = of(engine);
      if (!rs.length) continue;
      const m = (pick) => median(rs.map(pick));
      totals[engine] = m((r) => r.total);
      const ratios = of("clientele").length && of("duckdb").length
        ? rs.map((r) => of("duckdb").find((d) => d.run === r.run).total / of("clientele").find((c) => c.run === r.run).total) : null;
      const ratio = engine === "duckdb" && ratios ? `**${(m((r) => r.total) / median(of("clientele").map((r) => r.total))).toFixed(1)}×** (per run ${Math.min(...ratios).toFixed(1)}–${Math.max(...ratios).toFixed(1)}×; CPU time ${(m((r) => r.cpuTotal) / median(of("clientele").map((r) => r.cpuTotal))).toFixed(1)}×)` : "";
      const label = engine === "duckdb" ? "DuckDB-WASM" : engine.includes("@") ? `clientele, ${engine.split("@")[1]} range workers` : "clientele";
      const variantRatio = engine.includes("@") && of("duckdb").length ? `DuckDB ÷ this **${(median(of("duckdb").map((r) => r.total)) / m((r) => r.total)).toFixed(1)}×**` : "";
      lines.push(`| ${rowsLabel(rows)}${rs[0].streamed ? " streamed" : ""} (${(size / 1e6).toFixed(0)} MB) | ${label} | ${seconds(m((r) => r.start.ms))} | ${seconds(m((r) => r.load.ms))} | ${seconds(m((r) => r.rfm.ms))} | ${seconds(m((r) => r.compare.ms))} | **${seconds(m((r) => r.total))}** | ${ratio}${variantRatio} | ${seconds(m((r) => r.cpuTotal))} | ${mb(m((r) => r.peakBytes))} (${mb(Math.max(...rs.map((r) => r.peakBytes)))}) | ${rs.map((r) => r.load1.toFixed(2)).join(", ")} |`);
    }
    const c = of("clientele");
    if (c.length && rows === 1_000_000) {
      const t = median(c.map((r) => r.total));
      targetNotes.push(`1M rows: clientele total ${seconds(t)} s (target ≤ ${seconds(TARGETS.totalMs1M)} s: ${t <= TARGETS.totalMs1M ? "met" : "**not met**"})`
        + (totals.duckdb ? `; DuckDB-WASM ÷ clientele ${(totals.duckdb / t).toFixed(1)}× (target ≥ ${TARGETS.ratio1M}×: ${totals.duckdb / t >= TARGETS.ratio1M ? "met" : "**not met**"})` : ""));
    }
    if (c.length && rows === 5_000_000) {
      const t = median(c.map((r) => r.total));
      const peak = Math.max(...c.map((r) => r.peakBytes));
      targetNotes.push(`5M rows${c[0].streamed ? " streamed" : ""}: clientele total ${seconds(t)} s (target ≤ ${seconds(TARGETS.totalMs5M)} s: ${t <= TARGETS.totalMs5M ? "met" : "**not met**"}), peak renderer memory ${mb(peak)} (max of runs; target ≤ ${mb(TARGETS.memory5M)}: ${peak <= TARGETS.memory5M ? "met" : "**not met**"})`);
    }
  }
  lines.push("");
  if (options.engines.includes("clientele") && options.engines.includes("duckdb")) {
    const byPhase = options.sizes.map((rows) => {
      const m = (engine, pick) => median(results.filter((r) => r.rows === rows && r.engine === engine).map(pick));
      const ratio = (pick) => `${(m("duckdb", pick) / m("clientele", pick)).toFixed(1)}×`;
      return `${rowsLabel(rows)}: load ${ratio((r) => r.load.ms)}, RFM ${ratio((r) => r.rfm.ms)}, compare ${ratio((r) => r.compare.ms)}, start ${ratio((r) => r.start.ms)}`;
    });
    lines.push(`DuckDB-WASM ÷ clientele by phase (medians): ${byPhase.join("; ")}.`, "");
  }
  if (targetNotes.length) lines.push(`Targets (issue 7): ${targetNotes.join("; ")}.`, "");
  // parallel parsing (issue 20): where the parallel load's time goes (medians of the runs).
  const parallelLines = [];
  for (const rows of options.sizes) {
    for (const engine of options.engines.filter((e) => e.includes("@"))) {
      const rs = results.filter((r) => r.rows === rows && r.engine === engine && r.load.timings);
      if (!rs.length) continue;
      const m = (pick) => median(rs.map(pick)).toFixed(0);
      const workerCount = rs[0].load.timings.workers.length;
      const perWorker = Array.from({ length: workerCount }, (_, i) => `${m((r) => r.load.timings.workers[i].start)} + ${m((r) => r.load.timings.workers[i].read)}`).join(", ");
      parallelLines.push(`- ${rowsLabel(rows)}, ${engine.split("@")[1]} range workers: head read and planned ${m((r) => r.load.timings.head)} ms; each worker's start (module instantiated) + range read and parsed: ${perWorker} ms; every part received at ${m((r) => r.load.timings.parts)} ms (${(median(rs.map((r) => r.load.timings.partBytes)) / 1e6).toFixed(0)} MB of partial tables transferred); merge (with ${m((r) => r.load.timings.reread)} ranges read again) ${m((r) => r.load.timings.merge)} ms; the whole load ${m((r) => r.load.ms)} ms.`);
    }
  }
  if (parallelLines.length) lines.push("Where the parallel load's time goes (parallel parsing, issue 20; medians, ms; the range workers read the File in slices, also below the streaming size):", ...parallelLines, "");
  if (options.engines.includes("duckdb") && options.engines.length >= 2) {
    lines.push(`Checksums: identical in every engine (${options.engines.join(", ")}) in every run (compared before any figure is kept); the values:`);
  } else {
    lines.push(`Checksums (${options.engines.join()} only, not cross-checked):`);
  }
  for (const [rows, line] of Object.entries(checks)) lines.push(`- ${rowsLabel(Number(rows))}: ${line}`);
  lines.push("");
  const memoryLines = [];
  for (const rows of options.sizes) {
    for (const engine of options.engines) {
      const rs = results.filter((r) => r.rows === rows && r.engine === engine);
      if (!rs.length) continue;
      const wasm = engine.startsWith("clientele") ? `; wasm linear memory (never shrinks) ${mb(median(rs.map((r) => r.load.wasmMemoryBytes)))} after the load, ${mb(median(rs.map((r) => r.compare.wasmMemoryBytes)))} at the end` : "";
      memoryLines.push(`- ${rowsLabel(rows)} ${engine === "duckdb" ? "DuckDB-WASM" : engine.replace("@", ", range workers: ")}: renderer peak after start ${mb(median(rs.map((r) => r.start.peakBytes)))}, after load ${mb(median(rs.map((r) => r.load.peakBytes)))}, after RFM ${mb(median(rs.map((r) => r.rfm.peakBytes)))}, after compare ${mb(median(rs.map((r) => r.compare.peakBytes)))}${wasm}`);
    }
  }
  lines.push("Peak renderer memory as it grows through the phases (medians):", ...memoryLines, "");
  if (profiles) {
    lines.push("Where clientele's time goes (one extra profiled run per size, CPU profiler self time; the profiler slows the run a little):");
    lines.push("");
    lines.push("| rows | phase | time | by kind of code (self time) | top functions |");
    lines.push("|---|---|---|---|---|");
    for (const [rows, phases] of Object.entries(profiles)) {
      for (const [phase, p] of Object.entries(phases)) {
        const kinds = Object.entries(p.kinds).sort((a, b) => b[1] - a[1]).filter(([, ms]) => ms >= 1).map(([k, ms]) => `${k} ${ms.toFixed(0)} ms`).join(", ");
        const top = p.top.slice(0, 4).map(([f, ms]) => `\`${f}\` ${ms.toFixed(0)}`).join(", ");
        lines.push(`| ${rowsLabel(Number(rows))} | ${phase} | ${seconds(p.ms)} s | ${kinds} | ${top} |`);
      }
    }
    lines.push("");
  }
  lines.push("<details><summary>every run (seconds; peak renderer memory)</summary>", "");
  lines.push("| rows | run | engine | start | load | RFM | compare | total | CPU | peak | load avg |");
  lines.push("|---|---|---|---|---|---|---|---|---|---|---|");
  for (const r of results) {
    lines.push(`| ${rowsLabel(r.rows)} | ${r.run + 1} | ${r.engine} | ${seconds(r.start.ms)} | ${seconds(r.load.ms)} | ${seconds(r.rfm.ms)} | ${seconds(r.compare.ms)} | ${seconds(r.total)} | ${seconds(r.cpuTotal)} | ${mb(r.peakBytes)} | ${r.load1.toFixed(2)} |`);
  }
  lines.push("", "</details>", "");
  return lines.join("\n");
}

const HEADER = `# Browser benchmark: clientele vs DuckDB-WASM (issue 7)

Written by \`node tests/bench/browser/run.mjs\` (after \`./build.sh\`); newest first. The same job in both engines, in the
same headless Chromium run, on the same bytes: load an order export (12 columns, ~105 bytes a row, made by
\`tests/fixtures/make_orders.py\`), RFM with the defaults (recency to the day after the last date, distinct positive
orders, net monetary, 1–5 rank scores with shared ties) and a market comparison by region and by product (revenue,
distinct orders, distinct customers, AOV, share; top 20 + Other). clientele: \`Dataset.fromBytes\` (or a \`Loader\`
fed the File's byte stream read into one reused 4 MiB buffer, as the page does), \`rfm({})\`, \`compare({ by: "region" })\` and \`compare({ by: "product" })\`, on the
page's main thread (one thread). DuckDB-WASM: its eh bundle (one thread, as without cross-origin isolation) in its
worker (AsyncDuckDB, as its docs show), served from this machine, no CDN;
\`read_csv\` into a table (amount as DECIMAL(18,4), exact like clientele), then SQL (tests/bench/browser/bench.js),
the per-customer columns fetched into the page as Arrow. clientele's rfm() does more than the SQL (segments, tiers,
Pareto point, lifecycle, text columns); its compare() also computes totals, units and indices.
`;

function writeResults(file, report) {
  const previous = existsSync(file) ? readFileSync(file, "utf8") : "";
  const body = previous.startsWith("# ") ? previous.slice(previous.indexOf("\n## ") + 1 || previous.length) : previous;
  writeFileSync(file, `${HEADER}\n${report}\n${body.startsWith("## ") ? body : ""}`);
  console.log(`results written to ${path.relative(REPO, file)}`);
}

await main();
