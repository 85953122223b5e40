// E2E, parallel parsing (issue 20): the page's worker reads an orders File with range workers (www/parse-worker.js)
// when told `workers`; the results are the single reader's; cancel stops every range worker; a trapping range
// worker fails the load with a coded error and the next load works. Driven through the page's own AnalysisClient.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { launch, FIXTURES } from "./helpers.mjs";

let env;
let page;

before(async () => {
  env = await launch();
  page = env.page;
  await page.goto(env.server.url);
  await page.evaluate(async () => {
    const { AnalysisClient } = await import(new URL("./client.js", location.href).href);
    window.__parallel = new AnalysisClient();
    await window.__parallel.ready();
  });
});

after(async () => {
  await env?.close();
});

/** Loads `base64` (or a made-up file of `lines` lines) as a File with LoadOptions `load` in the page's worker;
 * returns the report, rfm() and compare(), the progress seen, or the error. `cancelAfter`: cancel at the first
 * progress past that many bytes. */
function loadInPage({ base64 = null, lines = 0, name, load, compareBy = null, cancelAfter = null }) {
  return page.evaluate(async ({ base64, lines, name, load, compareBy, cancelAfter }) => {
    const client = window.__parallel;
    let bytes;
    if (base64) bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    else {
      const rows = ["order_id,customer_id,order_date,region,note,amount"];
      for (let i = 0; i < lines; i++) rows.push(`SO-${i >> 1},C${(i * 7919) % 5000},2024-0${1 + (i % 9)}-1${i % 9},R${i % 4},"a\nb, ""c""",${i % 997}.25`);
      bytes = new TextEncoder().encode(rows.join("\n") + "\n");
    }
    const file = new File([bytes], name);
    const progress = [];
    const { id, promise } = client.load("orders", { file }, load, (p) => {
      progress.push(p.bytesDone);
      if (cancelAfter !== null && p.bytesDone > cancelAfter) client.cancel(id);
    });
    try {
      const report = await promise;
      const rfm = await client.analyze("rfm", {});
      const compare = compareBy ? await client.analyze("compare", { by: compareBy }) : null;
      return { report, rfm, compare, progress, size: bytes.length };
    } catch (error) {
      return { error, progress, size: bytes.length };
    }
  }, { base64, lines, name, load, compareBy, cancelAfter });
}

test("a fixture loaded with workers 1 and 4 gives the same report, rfm and compare", async () => {
  for (const name of ["utf8-bom-crlf.csv", "gbk-semicolon.csv", "platforms/shopify_orders.csv", "dmy-evidence-last.csv"]) {
    const base64 = (await readFile(path.join(FIXTURES, name))).toString("base64");
    const one = await loadInPage({ base64, name: path.basename(name), load: { workers: 1 } });
    assert.equal(one.error, undefined, `${name}: ${JSON.stringify(one.error)}`);
    const compareBy = one.report.dimensions[0]?.name ?? null;
    const single = await loadInPage({ base64, name: path.basename(name), load: { workers: 1 }, compareBy });
    const four = await loadInPage({ base64, name: path.basename(name), load: { workers: 4 }, compareBy });
    assert.equal(four.error, undefined, `${name}: ${JSON.stringify(four.error)}`);
    assert.deepStrictEqual(four.report, single.report, `${name}: report`);
    assert.deepStrictEqual(four.rfm, single.rfm, `${name}: rfm`);
    assert.deepStrictEqual(four.compare, single.compare, `${name}: compare`);
    assert.equal(four.progress.at(-1), four.size, `${name}: the progress of the range workers adds up to the file`);
  }
});

test("cancel during a parallel load stops every range worker; the next load works", async () => {
  const cancelledLoad = await loadInPage({ lines: 400_000, name: "big.csv", load: { workers: 4 }, cancelAfter: 0 });
  assert.equal(cancelledLoad.error?.code, "cancelled", JSON.stringify(cancelledLoad.error));
  assert.ok(!cancelledLoad.error.details?.dataLost, "stopped at once, not by replacing the worker");
  assert.ok(cancelledLoad.progress.at(-1) < cancelledLoad.size, "stopped before the range workers read the whole file");
  const next = await loadInPage({ lines: 2000, name: "small.csv", load: { workers: 4 }, compareBy: "region" });
  assert.equal(next.error, undefined, JSON.stringify(next.error));
  assert.equal(next.report.rowsUsed, 2000);
});

test("a trapping range worker fails the load with parse_worker_failed; the page recovers", async () => {
  const failed = await loadInPage({ lines: 5000, name: "trap.csv", load: { workers: 4, testTrapRange: 2 } });
  assert.equal(failed.error?.code, "parse_worker_failed", JSON.stringify(failed.error));
  assert.equal(failed.error.details.part, 3);
  assert.match(failed.error.message, /test trap in a range worker/);
  const single = await loadInPage({ lines: 5000, name: "ok.csv", load: { workers: 1 }, compareBy: "region" });
  const parallel = await loadInPage({ lines: 5000, name: "ok.csv", load: { workers: 4 }, compareBy: "region" });
  assert.equal(parallel.error, undefined, JSON.stringify(parallel.error));
  assert.deepStrictEqual(parallel.report, single.report);
  assert.deepStrictEqual(parallel.rfm, single.rfm);
  assert.deepStrictEqual(parallel.compare, single.compare);
  const { messages } = await page.evaluate(async () => {
    const { default: en } = await import(new URL("./i18n/en.js", location.href).href).catch(() => ({ default: null }));
    return { messages: en };
  });
  if (messages) assert.ok(messages["error.parse_worker_failed"], "the error has a message in the page's strings");
});
