// Parallel parsing (issue 20) with real workers: every ingest fixture, and random files whose quoted fields hold
// line breaks at every range boundary, read by 1, 2, 4 and 8 range workers (www/parse-worker.js in Node worker
// threads, coordinated by www/ranges.js as worker.js does) give the single reader's report(), rfm() and compare().
// Needs the built module (./build.sh).
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { Worker } from "node:worker_threads";
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import init, * as clientele from "../../www/pkg/clientele.js";
import { loadInRanges } from "../../www/ranges.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const wasmModule = new WebAssembly.Module(readFileSync(path.join(REPO, "www/pkg/clientele_bg.wasm")));

before(async () => {
  await init({ module_or_path: wasmModule });
});

/** A range worker: parse-worker.js in a worker thread, with the Web Worker interface ranges.js uses. */
function spawn() {
  const thread = new Worker(new URL("./parse-thread.mjs", import.meta.url));
  const worker = {
    onmessage: null,
    onerror: null,
    postMessage: (message, transfer) => thread.postMessage({ ...message, wasm: wasmModule }, transfer),
    terminate: () => void thread.terminate(),
  };
  thread.on("message", (data) => worker.onmessage?.({ data }));
  thread.on("error", (error) => worker.onerror?.({ message: error.message }));
  return worker;
}

/** What the page shows of a dataset: the report, rfm() and compare() by its first dimension (or the error codes). */
function results(dataset) {
  const attempt = (f) => {
    try {
      return f();
    } catch (error) {
      return { error: error.code };
    }
  };
  const report = dataset.report();
  const by = report.dimensions[0]?.name ?? report.columns[0].name;
  const out = { report, rfm: attempt(() => dataset.rfm({})), compare: attempt(() => dataset.compare({ by })) };
  dataset.free();
  return out;
}

function single(bytes, options) {
  try {
    return results(clientele.Dataset.fromBytes(bytes, options));
  } catch (error) {
    return { error: error.code, message: error.message };
  }
}

/** Reads `bytes` with `count` range workers; `{ split: false }` when the module reads the file with one reader. */
async function inRanges(bytes, options, count) {
  const file = new Blob([bytes]);
  try {
    const dataset = await loadInRanges({ clientele, file, options, count, spawn });
    return dataset ? { split: true, ...results(dataset) } : { split: false };
  } catch (error) {
    return { split: true, error: error.code, message: error.message };
  }
}

function fixtures(dir = path.join(REPO, "tests/fixtures")) {
  return readdirSync(dir).sort().flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return fixtures(full);
    return /\.(csv|txt|xlsx)$/.test(name) ? [full] : [];
  });
}

test("every ingest fixture: 1, 2, 4 and 8 range workers give the single reader's report, rfm and compare", async () => {
  let split = 0;
  for (const file of fixtures()) {
    const bytes = readFileSync(file);
    const options = { fileName: path.basename(file) };
    const expected = single(bytes, options);
    for (const count of [1, 2, 4, 8]) {
      const got = await inRanges(bytes, options, count);
      if (!got.split) continue;
      split += 1;
      const { split: _, ...rest } = got;
      assert.deepStrictEqual(rest, expected, `${path.relative(REPO, file)} with ${count} workers`);
    }
  }
  assert.ok(split > 100, `most fixtures are split (${split} loads in ranges)`);
});

/** A random orders file (seeded) whose every line has a quoted note with line breaks (LF or CRLF), commas and CJK. */
function randomFile(seed, lines) {
  let state = seed;
  const next = (n) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
  const end = next(2) ? "\r\n" : "\n";
  const rows = ["customer,order_date,amount,region,note"];
  for (let i = 0; i < lines; i++) {
    const note = Array.from({ length: 1 + next(3) }, () => ["a\nb", "张,李", 'say ""hi""', `x${end}y`, "王"][next(5)]).join(" ");
    const date = `${String(1 + next(28)).padStart(2, "0")}/0${1 + next(9)}/2024`;
    rows.push(`C${next(40)},${date},${next(900)}.${next(100)},R${next(4)},"${note}"`);
    if (next(10) === 0) rows.push("");
  }
  return new TextEncoder().encode(rows.join(end) + end);
}

test("random files with quoted line breaks at every boundary: 1, 2, 4 and 8 workers give the single reader's results", async () => {
  for (let seed = 1; seed <= 12; seed++) {
    const bytes = randomFile(seed, 30 + seed * 7);
    const options = { fileName: "random.csv" };
    const expected = single(bytes, options);
    assert.equal(expected.error, undefined, `seed ${seed} reads`);
    for (const count of [1, 2, 4, 8]) {
      const got = await inRanges(bytes, options, count);
      assert.equal(got.split, true, `seed ${seed}: split`);
      const { split: _, ...rest } = got;
      assert.deepStrictEqual(rest, expected, `seed ${seed} with ${count} workers`);
    }
  }
});

test("a trapping range worker fails the load with parse_worker_failed, and the next load works", async () => {
  const bytes = randomFile(99, 200);
  const options = { fileName: "random.csv" };
  await assert.rejects(
    loadInRanges({ clientele, file: new Blob([bytes]), options, count: 4, spawn, testTrapRange: 2 }),
    (error) => error.code === "parse_worker_failed" && error.details.part === 3 && /test trap/.test(error.message),
  );
  const dataset = await loadInRanges({ clientele, file: new Blob([bytes]), options, count: 4, spawn });
  assert.deepStrictEqual(results(dataset), single(bytes, options));
});

test("a load stopped while its range workers read rejects with the error given, and terminates them", async () => {
  const bytes = randomFile(7, 2000);
  const control = {};
  const terminated = [];
  const watched = () => {
    const worker = spawn();
    const terminate = worker.terminate;
    worker.terminate = () => {
      terminated.push(true);
      terminate();
    };
    return worker;
  };
  const load = loadInRanges({ clientele, file: new Blob([bytes]), options: {}, count: 4, spawn: watched, control });
  await new Promise((resolve) => setTimeout(resolve, 20));
  control.stop({ code: "cancelled", message: "Loading was cancelled." });
  await assert.rejects(load, (error) => error.code === "cancelled");
  assert.ok(terminated.length >= 4, `every range worker terminated (${terminated.length})`);
});
