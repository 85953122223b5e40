// E2E (issue 17, point 13; split): the first load fetches exactly the files of pkg-config/first-load.txt (the set
// build.sh sums against the budget): the first-load module, the Overview and its charts, English; opening a view of
// the second half (Retention) fetches the full module once, shows progress while the file is read into it, and shows
// the full module's numbers; a GBK file and an .xlsx workbook, which the first-load module cannot read, are read by
// the full module with its numbers; the Chinese strings are fetched only when Chinese is chosen.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { launch, waitForState, inShadow, openView, chooseFile, chooseLanguage, moduleInPage, REPO, FIXTURES } from "./helpers.mjs";

const en = (await import(path.join(REPO, "www/i18n/en.js"))).default;

/** The lines of pkg-config/first-load.txt, as patterns of paths (`*` within one folder). */
const FIRST_LOAD = (await readFile(path.join(REPO, "pkg-config/first-load.txt"), "utf8"))
  .split("\n").filter((line) => line && !line.startsWith("#"))
  .map((line) => ({ line, pattern: new RegExp(`^/${line.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]+")}$`) }));

const FULL_MODULE = ["/pkg/clientele.js", "/pkg/clientele_bg.wasm"];

/** The paths of the page's requests so far (the page's and its worker's), "/" as "/index.html". */
const paths = (env) => env.log.requests.map((url) => new URL(url).pathname).map((p) => (p === "/" ? "/index.html" : p));
/** How many requests went to `pathname`. */
const count = (env, pathname) => paths(env).filter((p) => p === pathname).length;

/**
 * Records, from inside the page, every text the progress line showed (the read into the full module is short for
 * small files: a MutationObserver sees it where polling could miss it).
 */
function watchProgress(page) {
  return page.addInitScript(() => {
    window.__progressTexts = [];
    const attach = () => {
      const root = document.querySelector("clientele-dashboard")?.shadowRoot;
      const text = root?.querySelector(".progress-text");
      if (!text) return void requestAnimationFrame(attach);
      new MutationObserver(() => window.__progressTexts.push(text.textContent)).observe(text, { childList: true, characterData: true, subtree: true });
    };
    requestAnimationFrame(attach);
  });
}

/** The Overview's KPI values (data-value of each card). */
const kpis = (page) => inShadow(page, (root) => Object.fromEntries([...root.querySelectorAll("[data-kpi]")].map((kpi) => [kpi.dataset.kpi, kpi.dataset.value])));

let env;
before(async () => {
  env = await launch();
  await watchProgress(env.page);
});
after(async () => {
  await env?.close();
});

test("split: the first load fetches exactly the files of pkg-config/first-load.txt, and the Overview is complete", async () => {
  const { page } = env;
  await page.goto(env.server.url);
  await waitForState(page, "ready");
  // Everything the Overview shows: the charts, the "vs 30 days ago" deltas (trend() and migration() are in the
  // first-load module) and the warehouse card, closed (its SQL is asked for when opened: sql() is in the full module).
  await page.waitForFunction(() => {
    const root = document.querySelector("clientele-dashboard").shadowRoot;
    const panel = root.querySelector('[role=tabpanel][data-view="overview"]');
    const open = root.querySelector('[data-card="warehouse"] [data-action="show-sql"]');
    return panel.dataset.deltas === "ready" && panel.querySelectorAll("canvas").length >= 3 && open !== null;
  }, null, { timeout: 30_000 });
  await page.waitForTimeout(500); // nothing else arrives later
  const page_files = [...new Set(paths(env))].filter((p) => !p.startsWith("/samples/")); // the orders file is data
  const unexpected = page_files.filter((p) => !FIRST_LOAD.some(({ pattern }) => pattern.test(p)));
  assert.deepEqual(unexpected, [], "every file the first load fetched is in pkg-config/first-load.txt");
  const missing = FIRST_LOAD.filter(({ pattern }) => !page_files.some((p) => pattern.test(p))).map(({ line }) => line);
  assert.deepEqual(missing, [], "every file of pkg-config/first-load.txt is fetched");
  for (const file of [...FULL_MODULE, "/i18n/zh-CN.js", "/vendor/echarts-more.js", "/views/retention.js"]) assert.equal(count(env, file), 0, `${file} is not in the first load`);
  assert.deepEqual(env.log.problems, []);
});

test("split: opening Retention fetches the full module once, shows the read into it, and the full module's numbers", async () => {
  const { page } = env;
  await openView(page, "retention");
  await page.waitForSelector('clientele-dashboard [data-field="retention-results"][aria-busy="false"] [data-table=cohorts] tbody tr', { timeout: 60_000, state: "attached" });
  for (const file of [...FULL_MODULE, "/views/retention.js", "/vendor/echarts-more.js"]) assert.equal(count(env, file), 1, `${file} fetched once`);
  // The files the dataset was made of were read again into the full module: the orders and the two joined files.
  for (const file of ["/samples/orders.csv", "/samples/customers.csv", "/samples/campaigns.csv"]) assert.equal(count(env, file), 2, `${file} read again`);
  const progress = await page.evaluate(() => window.__progressTexts);
  const upgrade = en["progress.upgrade"].split("{file}")[0];
  assert.ok(progress.some((text) => text.startsWith(upgrade) && text.includes("orders.csv")), `the read into the full module is shown: ${JSON.stringify(progress)}`);
  assert.equal(await page.isHidden("clientele-dashboard .progress"), true, "and hidden once done");

  // The full module's cohorts for the sample, computed in the page's main thread (after the counts above: it
  // fetches the full module itself).
  const direct = await page.evaluate(async () => {
    const module = await import(new URL("./pkg/clientele.js", location.href).href);
    await module.default();
    const dataset = module.Dataset.fromBytes(new Uint8Array(await (await fetch("./samples/orders.csv")).arrayBuffer()), { fileName: "orders.csv" });
    const { customers, ...cohorts } = dataset.cohorts({});
    const trend = dataset.trend({});
    dataset.free();
    return { cohorts, trend };
  });
  const shown = await inShadow(page, (root) => ({
    cohorts: [...root.querySelectorAll("[data-table=cohorts] tbody tr")].map((row) => [row.dataset.row, Number(row.querySelector('td[data-col="customers"]')?.dataset.value)]),
    trend: [...root.querySelectorAll("[data-table=trend] tbody tr")].map((row) => [row.dataset.row, Number(row.querySelector('td[data-col="revenue"]').dataset.value)]),
  }));
  assert.deepEqual(shown.cohorts.slice(0, -1), direct.cohorts.cohorts.map((row) => [row.cohort, row.customers]), "the module's cohorts");
  assert.deepEqual(shown.trend, direct.trend.rows.map((row) => [row.period, row.revenue]), "the module's trend");

  // The Overview still shows the same numbers (the full module's dataset replaced the first one).
  await openView(page, "overview");
  const sample = await moduleInPage(page, { url: "./samples/orders.csv", fileName: "orders.csv" });
  const shownKpis = await kpis(page);
  assert.equal(Number(shownKpis.customers), sample.rfm.customersScored);
  assert.equal(Number(shownKpis.revenue), sample.rfm.totals.revenue);
  assert.equal(count(env, "/pkg/clientele_core_bg.wasm"), 1, "the first-load module was fetched once");
  assert.deepEqual(env.log.problems, []);
});

test("split: the Chinese strings are fetched when Chinese is chosen, once", async () => {
  const { page } = env;
  assert.equal(count(env, "/i18n/zh-CN.js"), 0);
  await chooseLanguage(page, "zh-CN");
  assert.equal(await inShadow(page, (root) => root.querySelector('[role=tab][data-view="overview"]').textContent), (await import(path.join(REPO, "www/i18n/zh-CN.js"))).default["tab.overview"]);
  await chooseLanguage(page, "en");
  await chooseLanguage(page, "zh-CN");
  assert.equal(count(env, "/i18n/zh-CN.js"), 1);
  await chooseLanguage(page, "en");
});

for (const [name, mimeType, expectedFormat] of [
  ["gbk-semicolon.csv", "text/csv", "csv"],
  ["orders.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"],
]) {
  test(`split: ${name}, which the first-load module cannot read, is read by the full module with its numbers`, async () => {
    const local = await launch();
    try {
      const { page } = local;
      await page.goto(local.server.url);
      await waitForState(page, "ready");
      assert.equal(count(local, "/pkg/clientele_bg.wasm"), 0, "the sample was read by the first-load module");
      const buffer = await readFile(path.join(FIXTURES, name));
      await chooseFile(page, { name, buffer, mimeType });
      await page.waitForFunction((file) => document.querySelector("clientele-dashboard").shadowRoot.querySelector('[data-field="file-name"]')?.textContent === file, name, { timeout: 30_000 });
      await waitForState(page, "ready");
      assert.equal(count(local, "/pkg/clientele_bg.wasm"), 1, "the full module was fetched once");
      const direct = await moduleInPage(page, { base64: buffer.toString("base64"), fileName: name });
      assert.equal(direct.report.format, expectedFormat);
      const shown = await kpis(page);
      assert.equal(Number(shown.customers), direct.rfm.customersScored);
      assert.equal(Number(shown.orders), direct.rfm.totals.orders);
      assert.equal(Number(shown.revenue), direct.rfm.totals.revenue);
      assert.equal(await page.getAttribute('clientele-dashboard [data-field="rows-used"]', "data-value"), String(direct.report.rowsUsed));
      assert.deepEqual(local.log.problems, []);
    } finally {
      await local.close();
    }
  });
}
