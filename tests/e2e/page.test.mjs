// End-to-end test: the page in headless Debian Chromium loads the sample, matches the wasm module's rfm(), stays same-origin.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startServer } from "../../serve.mjs";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const ARTIFACTS = path.join(REPO, "tests/e2e/artifacts");
const README_SCREENSHOT = path.join(REPO, "www/img/screenshot.png"); // written only with CLIENTELE_UPDATE_SCREENSHOT=1
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--no-first-run", "--disable-quic"];

// Six order lines of three customers, plus one line with an unreadable date (physical line 8) that must be skipped.
const SMALL_CSV = [
  "order_id,customer_id,order_date,product,category,region,country,channel,salesperson,quantity,unit_price,amount",
  "T-1,ALICE,2024-01-05,Tea,Food,Europe,France,Online,Ann,1,10.00,10.00",
  "T-2,ALICE,2024-03-10,Tea,Food,Europe,France,Online,Ann,2,10.00,20.00",
  "T-3,BOB,2024-02-01,Mug,Home,Europe,Germany,Store,Ben,1,8.50,8.50",
  "T-4,BOB,2024-02-20,Mug,Home,Europe,Germany,Store,Ben,3,8.50,25.50",
  "T-5,CAROL,2024-03-01,Pot,Home,Asia Pacific,Japan,Online,Cy,1,42.00,42.00",
  "T-6,CAROL,2024-03-15,Tea,Food,Asia Pacific,Japan,Online,Cy,1,10.00,10.00",
  "T-7,DAVE,not a date,Tea,Food,Europe,Spain,Online,Ann,1,10.00,10.00",
  "",
].join("\n");
const BROKEN_CSV = "colour,size\nred,10\nblue,12\n"; // no customer, date or amount column

let server;
let browser;
let context;
let page;
const requests = []; // every URL the page and its worker asked for
const foreignRequests = []; // requests to any origin other than the server's (aborted)
const failedResponses = []; // same-origin responses with an HTTP error status
const problems = []; // page errors, console errors, dialogs, crashes

before(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  server = await startServer({ root: path.join(REPO, "www"), port: 0 });
  const origin = new URL(server.url).origin;
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS, headless: true });
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: "reduce", locale: "en-US" });
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`) || url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
    foreignRequests.push(url);
    return route.abort("blockedbyclient");
  });
  context.on("request", (request) => requests.push(request.url()));
  context.on("response", (response) => {
    if (response.status() >= 400) failedResponses.push(`${response.status()} ${response.url()}`);
  });
  context.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  context.on("weberror", (error) => problems.push(`uncaught: ${error.error().message}`));
  page = await context.newPage();
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("crash", () => problems.push("page crashed"));
  page.on("dialog", (dialog) => {
    problems.push(`dialog: ${dialog.type()} ${dialog.message()}`);
    return dialog.dismiss();
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Calls the wasm module directly in the page (main thread), as an embedder would, on the given CSV text or URL. */
function analyseInPage({ csvText = null, url = null, fileName }) {
  return page.evaluate(async ({ csvText, url, fileName }) => {
    const module = await import(new URL("./pkg/clientele.js", location.href).href);
    await module.default();
    const bytes = csvText !== null
      ? new TextEncoder().encode(csvText)
      : new Uint8Array(await (await fetch(url)).arrayBuffer());
    let dataset = null;
    try {
      dataset = module.Dataset.fromBytes(bytes, { fileName });
      const report = dataset.report();
      const { segments, customersScored, customersUnscored, analysisDate } = dataset.rfm({});
      return { report, rfm: { segments, customersScored, customersUnscored, analysisDate } };
    } catch (thrown) {
      const plainObject = thrown !== null && typeof thrown === "object" && Object.getPrototypeOf(thrown) === Object.prototype;
      return { thrown: { plainObject, code: thrown?.code, message: thrown?.message, keys: Object.keys(thrown ?? {}) } };
    } finally {
      dataset?.free();
    }
  }, { csvText, url, fileName });
}

/** What the segment table shows: one entry per body row, plus the total row. */
function readSegmentTable() {
  return page.evaluate(() => {
    const cell = (row, col) => row.querySelector(`[data-col="${col}"]`)?.textContent.trim() ?? null;
    const rows = [...document.querySelectorAll("#segment-table tbody tr")].map((row) => ({
      segment: row.dataset.segment ?? null,
      label: row.querySelector(".segment-label")?.textContent ?? null,
      customers: cell(row, "customers"),
      revenue: cell(row, "revenue"),
      revenueShare: cell(row, "revenueShare"),
    }));
    const total = document.querySelector("#segment-table tfoot tr[data-segment-total]");
    return { rows, totalCustomers: total ? cell(total, "customers") : null };
  });
}

/** The texts the page should show for each segment with customers, formatted in the page's own locale. */
function expectedRows(segments, lang) {
  return page.evaluate(({ segments, lang }) => {
    const integer = new Intl.NumberFormat(lang);
    const money = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const percent = new Intl.NumberFormat(lang, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });
    return segments.filter((s) => s.customers > 0).map((s) => ({
      segment: s.name,
      label: lang === "zh-CN" ? s.label.zh : s.label.en,
      customers: integer.format(s.customers),
      revenue: money.format(s.revenue),
      revenueShare: percent.format(s.revenueShare),
    }));
  }, { segments, lang });
}

function formatInteger(n, lang) {
  return page.evaluate(({ n, lang }) => new Intl.NumberFormat(lang).format(n), { n, lang });
}

async function waitForState(state) {
  await page.waitForSelector(`#app[data-state="${state}"]`, { timeout: 30_000 });
}

async function screenshot(name) {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

test("the sample loads, and the table matches rfm() of the wasm module", async () => {
  await page.goto(server.url);
  await waitForState("ready");
  await screenshot("01-sample-en");
  if (process.env.CLIENTELE_UPDATE_SCREENSHOT === "1") await page.screenshot({ path: README_SCREENSHOT });
  // Only the worker has fetched these so far, so finding them proves the log sees the worker's requests.
  const paths = requests.map((url) => new URL(url).pathname);
  for (const fetchedByWorker of ["/worker.js", "/pkg/clientele.js", "/pkg/clientele_bg.wasm", "/samples/orders.csv"]) {
    assert.ok(paths.includes(fetchedByWorker), `the request log includes ${fetchedByWorker}: ${paths.join(" ")}`);
  }

  const direct = await analyseInPage({ url: "./samples/orders.csv", fileName: "orders.csv" });
  assert.equal(direct.thrown, undefined, `the sample must load directly: ${JSON.stringify(direct.thrown)}`);
  const { report, rfm } = direct;
  assert.ok(rfm.customersScored > 0, "the sample has scored customers");

  const table = await readSegmentTable();
  assert.deepEqual(table.rows, await expectedRows(rfm.segments, "en"), "one row per segment with customers, in rfm() order");
  const customersInRows = rfm.segments.filter((s) => s.customers > 0).reduce((sum, s) => sum + s.customers, 0);
  assert.equal(customersInRows, rfm.customersScored, "the segments' customers add up to customersScored");
  assert.equal(table.totalCustomers, await formatInteger(rfm.customersScored, "en"));

  const summary = await page.evaluate(() => ({
    fileName: document.querySelector('[data-field="file-name"]')?.textContent,
    rowsUsed: Number(document.querySelector('[data-field="rows-used"]')?.dataset.value),
    customers: Number(document.querySelector('[data-field="customers"]')?.dataset.value),
    analysisDate: document.querySelector('[data-field="analysis-date"]')?.getAttribute("datetime"),
  }));
  assert.deepEqual(summary, { fileName: "orders.csv", rowsUsed: report.rowsUsed, customers: rfm.customersScored, analysisDate: rfm.analysisDate });

  const chart = await page.evaluate(() => {
    const svg = document.querySelector("#segment-chart svg");
    return svg ? { width: svg.getBoundingClientRect().width, text: svg.textContent } : null;
  });
  assert.ok(chart && chart.width > 100, "the chart is drawn as an SVG");
  const firstSegment = rfm.segments.find((s) => s.customers > 0);
  assert.ok(chart.text.includes(firstSegment.label.en), `the chart names the segment ${firstSegment.name}`);
});

test("the page and its worker talked only to the page's own origin", () => {
  assert.deepEqual(foreignRequests, [], "no request to another origin");
  assert.deepEqual(failedResponses, [], "no failed request");
  assert.deepEqual(problems, [], "no error, console error or dialog");
});

test("简体中文: labels switch, and only the language is remembered", async () => {
  await page.click('button[data-lang="zh-CN"]');
  await page.waitForFunction(() => document.documentElement.lang === "zh-CN");
  await screenshot("02-sample-zh");
  const { rfm } = await analyseInPage({ url: "./samples/orders.csv", fileName: "orders.csv" });
  const table = await readSegmentTable();
  assert.deepEqual(table.rows, await expectedRows(rfm.segments, "zh-CN"));
  const champions = table.rows.find((row) => row.segment === "Champions");
  assert.ok(champions, "the sample has Champions");
  assert.equal(champions.label, "冠军客户");
  assert.equal(await page.textContent('#segment-table thead [data-col="customers"]'), "客户数");

  const stored = await page.evaluate(() => Object.fromEntries(Object.entries(localStorage)));
  assert.deepEqual(stored, { "clientele.language": "zh-CN" }, "localStorage holds the language and nothing else");
  await page.reload();
  await waitForState("ready");
  assert.equal(await page.evaluate(() => document.documentElement.lang), "zh-CN", "the choice survives a reload");
  assert.equal(await page.getAttribute('button[data-lang="zh-CN"]', "aria-pressed"), "true");
});

test("a file chosen with the picker replaces the sample; skipped rows show their line numbers", async () => {
  await page.setInputFiles("#file-input", { name: "small.csv", mimeType: "text/csv", buffer: Buffer.from(SMALL_CSV) });
  await page.waitForFunction(() => document.querySelector('[data-field="file-name"]')?.textContent === "small.csv");
  await waitForState("ready");
  await screenshot("03-small-file-zh");

  const direct = await analyseInPage({ csvText: SMALL_CSV, fileName: "small.csv" });
  assert.equal(direct.thrown, undefined, `small.csv must load directly: ${JSON.stringify(direct.thrown)}`);
  const { report, rfm } = direct;
  assert.equal(rfm.customersScored, 3, "three customers in small.csv");
  assert.equal(report.rowsUsed, 6);
  assert.deepEqual(report.skipped.map((s) => [s.reason, s.count, s.examples.map((e) => e.line)]), [["bad_date", 1, [8]]]);

  const table = await readSegmentTable();
  assert.deepEqual(table.rows, await expectedRows(rfm.segments, "zh-CN"));
  assert.equal(table.totalCustomers, await formatInteger(3, "zh-CN"));
  const skipped = await page.evaluate(() => ({
    visible: !document.getElementById("skipped-rows").hidden,
    lines: [...document.querySelectorAll("#skipped-list [data-line]")].map((li) => Number(li.dataset.line)),
    text: document.getElementById("skipped-list").textContent,
  }));
  assert.equal(skipped.visible, true);
  assert.deepEqual(skipped.lines, [8]);
  assert.ok(skipped.text.includes("not a date"), "the skipped line's text is shown");
  assert.equal(await page.isHidden("#message"), true, "no error message after a good file");
});

test("a file the engine cannot read shows its error in the message area, not in a dialog", async () => {
  await page.click('button[data-lang="en"]');
  await page.setInputFiles("#file-input", { name: "broken.csv", mimeType: "text/csv", buffer: Buffer.from(BROKEN_CSV) });
  await waitForState("error");
  await screenshot("04-error-en");

  const direct = await analyseInPage({ csvText: BROKEN_CSV, fileName: "broken.csv" });
  assert.ok(direct.thrown, "the engine refuses a file without customer, date and amount columns");
  assert.equal(direct.thrown.plainObject, true, "errors are thrown as plain objects");
  assert.equal(typeof direct.thrown.code, "string");
  for (const key of ["code", "message", "position", "details"]) assert.ok(direct.thrown.keys.includes(key), `the error has ${key}`);

  const message = await page.evaluate(() => {
    const area = document.getElementById("message");
    return { visible: !area.hidden, code: area.dataset.code, text: area.textContent };
  });
  assert.equal(message.visible, true);
  assert.equal(message.code, direct.thrown.code);
  assert.ok(message.text.includes("broken.csv"), "the message names the file");
  const engineMessage = direct.thrown.message.charAt(0).toUpperCase() + direct.thrown.message.slice(1);
  assert.ok(message.text.includes(engineMessage), `the message shows the engine's explanation: ${message.text}`);
  assert.equal((await readSegmentTable()).totalCustomers, await formatInteger(3, "en"), "the previous results stay on screen");

  await page.click('button[data-lang="zh-CN"]');
  const chineseText = await page.textContent("#message");
  assert.ok(chineseText.includes("无法分析 broken.csv") && chineseText.includes("“colour”"), `translated at the edge: ${chineseText}`);
  await screenshot("05-error-zh");

  assert.deepEqual(problems, [], "no error, console error or dialog");
  assert.deepEqual(foreignRequests, [], "no request to another origin");
});

test("after a worker crash (a trap), the page says so, and the restarted worker loads the next file", async () => {
  const [oldWorker] = page.workers();
  assert.ok(oldWorker, "the page runs a worker");
  const restarted = page.waitForEvent("worker");
  // What worker.js posts when a call traps; the trap itself cannot be provoked from outside.
  await oldWorker.evaluate(() => self.postMessage({ type: "fatal", data: { message: "RuntimeError: unreachable" } }));
  await restarted;
  await page.click('button[data-lang="en"]');
  const crash = await page.evaluate(() => ({ code: document.getElementById("message").dataset.code, text: document.getElementById("message").textContent }));
  assert.equal(crash.code, "engine_crashed");
  assert.ok(crash.text.includes("restarted"), crash.text);
  await screenshot("06-crash-en");

  await page.setInputFiles("#file-input", { name: "again.csv", mimeType: "text/csv", buffer: Buffer.from(SMALL_CSV) });
  await page.waitForFunction(() => document.querySelector('[data-field="file-name"]')?.textContent === "again.csv");
  await waitForState("ready");
  assert.equal(await page.isHidden("#message"), true, "the message goes away after a good load");
  assert.equal((await readSegmentTable()).totalCustomers, "3");
  assert.deepEqual(problems, [], "no error, console error or dialog");
});
