// E2E: markup in ids, headers and values is shown as text and never runs; no request to another origin; nothing stored but the language.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { launchWithSample, waitForState, screenshot, inShadow, chooseFile, openView, FIXTURES, chooseLanguage } from "./helpers.mjs";

// Every cell that reaches the page is an attack: customer ids, dimension headers and dimension values.
const HOSTILE_CSV = [
  "customer_id,order_date,amount,<img src=x onerror=window.__xss=1>,<script>window.__xss=2</script>",
  "<img src=x onerror=window.__xss=3>,2024-03-01,10,<svg onload=window.__xss=4>,<b onmouseover=window.__xss=5>bold</b>",
  "<script>window.__xss=6</script>,2024-03-02,20,<iframe src=javascript:window.__xss=7>,x",
  "<img src=x onerror=window.__xss=3>,2024-03-09,5,<svg onload=window.__xss=4>,y",
  "plain,2024-03-10,7,north,<style>*{display:none}</style>",
  "",
].join("\n");

let env;
let page;

before(async () => {
  env = await launchWithSample();
  page = env.page;
});

after(async () => {
  await env?.close();
});

async function assertNothingRan(where) {
  const flag = await page.evaluate(() => window.__xss ?? null);
  assert.equal(flag, null, `no injected code ran (${where})`);
  assert.deepEqual(env.log.problems, [], `no dialog, error or CSP violation (${where})`);
}

async function hoverCharts() {
  for (const canvas of await page.$$("clientele-dashboard canvas")) {
    const box = await canvas.boundingBox();
    if (!box) continue;
    for (const [fx, fy] of [[0.3, 0.3], [0.5, 0.5], [0.7, 0.4]]) await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy);
  }
}

test("a file whose ids, headers and values are markup: every view shows it as text, and nothing runs", async () => {
  await chooseFile(page, { name: "<img src=x onerror=window.__xss=9>.csv", buffer: Buffer.from(HOSTILE_CSV) });
  await waitForState(page, "ready");
  await page.waitForFunction(() => document.querySelector("clientele-dashboard").shadowRoot.querySelector('[data-field="file-name"]')?.textContent.includes("<img"));
  await hoverCharts();
  await assertNothingRan("overview");

  await openView(page, "customers");
  const ids = await inShadow(page, (root) => [...root.querySelectorAll("[data-table=customers] tbody th")].map((th) => th.textContent).sort());
  assert.deepEqual(ids, ["<img src=x onerror=window.__xss=3>", "<script>window.__xss=6</script>", "plain"], "ids shown literally");
  assert.equal(await inShadow(page, (root) => root.querySelectorAll("[data-table=customers] img, [data-table=customers] script").length), 0, "no element was created from the data");
  await page.fill('clientele-dashboard [data-control="search"]', "<script>");
  await page.waitForFunction(() => document.querySelector("clientele-dashboard").shadowRoot.querySelector('[data-field="customer-count"]').dataset.value === "1");
  await screenshot(page, "safety-customers");
  await assertNothingRan("customers");

  await openView(page, "markets");
  await page.waitForSelector("clientele-dashboard [data-table=markets]");
  const by = await inShadow(page, (root) => [...root.querySelector('[data-control="by"]').options].map((option) => option.textContent));
  assert.ok(by.includes("<img src=x onerror=window.__xss=1>"), `headers are options' text: ${by.join(" | ")}`);
  await page.selectOption('clientele-dashboard [data-control="by"]', "<img src=x onerror=window.__xss=1>");
  await page.selectOption('clientele-dashboard [data-control="window"]', "all");
  await page.selectOption('clientele-dashboard [data-control="by2"]', "<script>window.__xss=2</script>");
  await page.waitForSelector("clientele-dashboard [data-table=markets] [data-col=key1]");
  const keys = await inShadow(page, (root) => [...root.querySelectorAll("[data-table=markets] tbody tr")].map((row) => JSON.parse(row.dataset.key)).flat());
  assert.ok(keys.includes("<svg onload=window.__xss=4>") && keys.includes("<b onmouseover=window.__xss=5>bold</b>"), keys.join(" | "));
  const header = await inShadow(page, (root) => root.querySelector("[data-table=markets] thead").textContent);
  assert.ok(header.includes("<script>window.__xss=2</script>"), "the header text is shown literally");
  await hoverCharts();
  await page.hover("clientele-dashboard [data-table=markets] tbody tr .row-select");
  await screenshot(page, "safety-markets", { fullPage: true });
  await assertNothingRan("markets");

  await openView(page, "mapping");
  const columns = await inShadow(page, (root) => [...root.querySelectorAll("[data-table=columns] tbody th")].map((th) => th.textContent));
  assert.ok(columns.includes("<img src=x onerror=window.__xss=1>"));
  await openView(page, "settings");
  await openView(page, "overview");
  await hoverCharts();
  const injected = await inShadow(page, (root) => root.querySelectorAll("img:not([src$='logo.svg']), script, iframe, svg, style").length);
  assert.equal(injected, 0, "no element from the data anywhere in the dashboard");
  await assertNothingRan("all views");
});

test("the project's injection fixture: its alert() never opens a dialog", async () => {
  const buffer = await readFile(path.join(FIXTURES, "script-injection.csv"));
  await chooseFile(page, { name: "script-injection.csv", buffer });
  await page.waitForFunction(() => document.querySelector("clientele-dashboard").shadowRoot.querySelector('[data-field="file-name"]')?.textContent === "script-injection.csv");
  for (const view of ["customers", "markets", "mapping", "overview"]) {
    await openView(page, view);
    await hoverCharts();
  }
  await assertNothingRan("script-injection.csv");
});

test("no request ever left the page's origin, and nothing but the language is stored", async () => {
  assert.deepEqual(env.log.foreign, [], "no request to another origin (page and worker)");
  assert.deepEqual(env.log.failed, [], "no failed request");
  await chooseLanguage(page, "zh-CN");
  const stored = await page.evaluate(async () => ({
    local: { ...localStorage },
    session: { ...sessionStorage },
    cookie: document.cookie,
    indexedDB: (await indexedDB.databases()).map((db) => db.name),
    caches: await caches.keys(),
  }));
  assert.deepEqual(stored, { local: { "clientele.language": "zh-CN" }, session: {}, cookie: "", indexedDB: [], caches: [] });
  const workerStorage = await page.workers()[0].evaluate(async () => ({
    indexedDB: (await indexedDB.databases()).map((db) => db.name),
    caches: await caches.keys(),
  }));
  assert.deepEqual(workerStorage, { indexedDB: [], caches: [] }, "the worker keeps nothing either");
});
