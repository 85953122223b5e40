// E2E: loading by picker, drop and ?src=; GBK and .xlsx files; skipped rows with line numbers; mapping fixes; cancel; worker crash.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { launchWithSample, waitForState, screenshot, inShadow, moduleInPage, chooseFile, openView, FIXTURES, chooseLanguage } from "./helpers.mjs";

// Order lines with problems at known physical lines: a quoted newline (lines 3-4 are one record), an unreadable
// date (line 6), a missing customer (line 7), an unreadable amount (line 9).
const BROKEN_ROWS_CSV = [
  "order_id,customer_id,order_date,product,amount",
  "T-1,ALICE,2024-01-05,Tea,10.00",
  'T-2,ALICE,2024-03-10,"Tea',
  'green",20.00',
  "T-3,BOB,2024-02-01,Mug,8.50",
  "T-4,BOB,31/02/2024,Mug,25.50",
  "T-5,,2024-03-01,Pot,42.00",
  "T-6,CAROL,2024-03-15,Tea,10.00",
  "T-7,DAVE,2024-03-16,Tea,ten euros",
  "",
].join("\n");
// Headers nobody can guess: the customer and amount columns must be chosen by hand.
const UNKNOWN_HEADERS_CSV = "foo,bar,baz\nAnn,2024-03-01,10\nBob,2024-03-02,7\nAnn,2024-03-09,5\n";
// Two columns could be the customer ("shop" and "who"), neither surely: the user picks "who".
const WRONG_CUSTOMER_CSV = "shop,visited,spent,who\nNorth,2024-03-01,10.5,Ann\nSouth,2024-03-02,7,Bob\nNorth,2024-03-05,3,Ann\nNorth,2024-03-06,4,Cy\n";

let env;
let page;

before(async () => {
  env = await launchWithSample();
  page = env.page;
});

after(async () => {
  await env?.close();
});

const fileName = () => page.textContent('clientele-dashboard [data-field="file-name"]');
async function waitForFile(name) {
  await page.waitForFunction((name) => document.querySelector("clientele-dashboard").shadowRoot.querySelector('[data-field="file-name"]')?.textContent === name, name, { timeout: 30_000 });
  await waitForState(page, "ready");
}
const facts = () => inShadow(page, (root) => Object.fromEntries([...root.querySelectorAll("[data-fact]")].map((dd) => [dd.dataset.fact, dd.textContent])));
const segmentCounts = () => inShadow(page, (root) => Object.fromEntries([...root.querySelectorAll("[data-table=segments] tbody tr[data-segment]")]
  .map((row) => [row.dataset.segment, Number(row.querySelector("[data-col=customers]").textContent.replace(/\D/g, ""))])));
const expectedCounts = (rfm) => Object.fromEntries(rfm.segments.filter((s) => s.customers > 0).map((s) => [s.name, s.customers]));

test("a GBK file with semicolons and decimal commas: detected, and the numbers are the module's", async () => {
  const buffer = await readFile(path.join(FIXTURES, "gbk-semicolon.csv"));
  await chooseFile(page, { name: "gbk-semicolon.csv", buffer });
  await waitForFile("gbk-semicolon.csv");
  const direct = await moduleInPage(page, { base64: buffer.toString("base64"), fileName: "gbk-semicolon.csv" });
  assert.equal(direct.report.encoding, "gbk");
  const kpi = await page.getAttribute('clientele-dashboard [data-kpi="customers"]', "data-value");
  assert.equal(Number(kpi), direct.rfm.customersScored);
  assert.deepEqual(await segmentCounts(), expectedCounts(direct.rfm));
  await openView(page, "mapping");
  const shown = await facts();
  assert.equal(shown.encoding, "GBK");
  assert.match(shown.delimiter, /Semicolon/);
  const columns = await inShadow(page, (root) => [...root.querySelectorAll("[data-table=columns] tbody th")].map((th) => th.textContent));
  assert.deepEqual(columns, ["客户编号", "订单日期", "金额", "省份", "销售员"], "Chinese headers decoded");
  await screenshot(page, "mapping-gbk", { fullPage: true });
  await openView(page, "customers");
  const ids = await inShadow(page, (root) => [...root.querySelectorAll("[data-table=customers] tbody tr[data-customer]")].map((row) => row.dataset.customer).sort());
  assert.deepEqual(ids, [...direct.rfm ? ["张三", "李四", "王小明"] : []].sort());
  await openView(page, "overview");
});

test("an .xlsx workbook is read by content, with its sheet named", async () => {
  const buffer = await readFile(path.join(FIXTURES, "orders.xlsx"));
  await chooseFile(page, { name: "orders.xlsx", buffer, mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
  await waitForFile("orders.xlsx");
  const direct = await moduleInPage(page, { base64: buffer.toString("base64"), fileName: "orders.xlsx" });
  assert.equal(direct.report.format, "xlsx");
  assert.equal(Number(await page.getAttribute('clientele-dashboard [data-field="rows-used"]', "data-value")), direct.report.rowsUsed);
  assert.deepEqual(await segmentCounts(), expectedCounts(direct.rfm));
  await openView(page, "mapping");
  const shown = await facts();
  assert.ok(shown.format.includes(direct.report.sheet), `the sheet is named: ${shown.format}`);
  assert.equal(shown.encoding, undefined, "no encoding for a workbook");
  await openView(page, "overview");
});

test("a file with broken rows: the skipped rows are listed with their line numbers and reasons", async () => {
  await chooseFile(page, { name: "broken-rows.csv", buffer: Buffer.from(BROKEN_ROWS_CSV) });
  await waitForFile("broken-rows.csv");
  const direct = await moduleInPage(page, { text: BROKEN_ROWS_CSV, fileName: "broken-rows.csv" });
  const expected = direct.report.skipped.flatMap((group) => group.examples.map((example) => [group.reason, example.line]));
  assert.deepEqual([...expected].sort((a, b) => a[1] - b[1]), [["bad_date", 6], ["missing_customer", 7], ["bad_amount", 9]], "the module's own report");
  const skippedBadge = await page.getAttribute('clientele-dashboard [data-field="skipped"]', "data-value");
  assert.equal(Number(skippedBadge), 3, "the status line says 3 rows were skipped");
  await page.click('clientele-dashboard [data-action="check-mapping"]');
  await page.waitForSelector('clientele-dashboard [data-field="skipped-list"]');
  const listed = await inShadow(page, (root) => [...root.querySelectorAll("[data-field=skipped-list] [data-reason]")].flatMap((group) =>
    [...group.querySelectorAll("[data-line]")].map((line) => [group.dataset.reason, Number(line.dataset.line), line.textContent])));
  assert.deepEqual(listed.map(([reason, line]) => [reason, line]), expected);
  assert.match(listed.find(([, line]) => line === 6)[2], /line 6.*31\/02\/2024/, "the line's text is shown");
  await screenshot(page, "mapping-broken-rows", { fullPage: true });
});

test("the mapping can be corrected and the same file reloaded without choosing it again", async () => {
  // Issue 12: a column of two shops is never taken as the customer; the load stops and names the candidates.
  await chooseFile(page, { name: "shops.csv", buffer: Buffer.from(WRONG_CUSTOMER_CSV) });
  await page.waitForSelector('clientele-dashboard .message[data-code="missing_role"]');
  await page.click('clientele-dashboard [data-action="message-action"]');
  await page.waitForSelector('clientele-dashboard [data-card="failed"]');
  assert.match(await page.textContent('clientele-dashboard [data-field="failed-candidates"]'), /“shop”.*“who”/, "the candidates are named");
  await page.selectOption('clientele-dashboard [data-card="failed"] [data-role="customer"]', "h:who");
  await page.click('clientele-dashboard [data-card="failed"] [data-action="reload"]');
  await waitForFile("shops.csv");
  await page.waitForSelector('clientele-dashboard [role=tabpanel][data-view="overview"]:not([hidden])');
  await waitForState(page, "ready");
  const direct = await moduleInPage(page, { text: WRONG_CUSTOMER_CSV, fileName: "shops.csv", load: { roles: { customer: "who" } } });
  assert.equal(direct.rfm.customersScored, 3);
  assert.equal(await page.getAttribute('clientele-dashboard [data-kpi="customers"]', "data-value"), "3", "Ann, Bob and Cy");
  assert.equal(await fileName(), "shops.csv");

  // The date order of an ambiguous file: read month first with a warning; switch to day first.
  const ambiguous = await readFile(path.join(FIXTURES, "ambiguous-dates.csv"));
  await chooseFile(page, { name: "ambiguous-dates.csv", buffer: ambiguous });
  await waitForFile("ambiguous-dates.csv");
  await openView(page, "mapping");
  assert.ok(await page.$('clientele-dashboard [data-warning="ambiguous_date_order"]'), "the warning is shown");
  const before = await page.textContent('clientele-dashboard [data-field="date-range"]');
  await page.selectOption('clientele-dashboard [data-control="dateOrder"]', "dmy");
  await page.click('clientele-dashboard [data-action="reload"]');
  await page.waitForFunction((before) => document.querySelector("clientele-dashboard").shadowRoot.querySelector('[data-field="date-range"]')?.textContent !== before, before);
  const direct2 = await moduleInPage(page, { base64: ambiguous.toString("base64"), fileName: "ambiguous-dates.csv", load: { dateOrder: "dmy" } });
  await openView(page, "mapping");
  assert.equal(await page.textContent('clientele-dashboard [data-field="date-range"]'), "Feb 1, 2024 – Apr 3, 2024", "01/02/2024 is now 1 February");
  assert.equal(direct2.report.minDate, "2024-02-01");
  assert.match((await facts()).dateOrder, /Day first/, "the order the user chose");
});

test("unknown headers: the error names the columns, and choosing them loads the file", async () => {
  await chooseFile(page, { name: "unknown.csv", buffer: Buffer.from(UNKNOWN_HEADERS_CSV) });
  await page.waitForSelector('clientele-dashboard .message[data-code="missing_role"]');
  const message = await page.textContent("clientele-dashboard .message");
  assert.match(message, /unknown\.csv/);
  assert.match(message, /“foo”, “bar”, “baz”/, "the message lists the file's columns");
  assert.equal(await fileName(), "ambiguous-dates.csv", "the previous file stays on screen");
  await page.click('clientele-dashboard [data-action="message-action"]');
  await page.waitForSelector('clientele-dashboard [data-card="failed"]');
  await screenshot(page, "mapping-choose-columns", { fullPage: true });
  await page.selectOption('clientele-dashboard [data-card="failed"] [data-role="customer"]', "h:foo");
  await page.selectOption('clientele-dashboard [data-card="failed"] [data-role="amount"]', "h:baz");
  await page.click('clientele-dashboard [data-card="failed"] [data-action="reload"]');
  await waitForFile("unknown.csv");
  assert.equal(await page.getAttribute('clientele-dashboard [data-kpi="customers"]', "data-value"), "2");
  assert.equal(await page.$("clientele-dashboard .message.error:not([hidden])"), null, "the error is gone");
  const detected = await page.textContent('clientele-dashboard .message[data-field="detected"]');
  assert.match(detected, /^unknown\.csv: read as UTF-8 text separated by commas; dates year-month-day\. Customer “foo”, date “bar”, amount “baz”\./, detected);
});

test("a file that is not an export gets a translated error by code, in the message area", async () => {
  const buffer = await readFile(path.join(FIXTURES, "not-really.csv"));
  await chooseFile(page, { name: "not-really.csv", buffer });
  await page.waitForSelector('clientele-dashboard .message[data-code="not_text"]');
  assert.match(await page.textContent("clientele-dashboard .message"), /not a CSV or text export/);
  await chooseLanguage(page, "zh-CN");
  const chinese = await page.textContent("clientele-dashboard .message");
  assert.match(chinese, /无法分析 not-really\.csv/);
  assert.match(chinese, /这不是 CSV 或文本导出文件/);
  await screenshot(page, "error-zh");
  await page.click('clientele-dashboard button[data-lang="en"]');
  assert.deepEqual(env.log.problems, [], "errors go to the page, not to the console or a dialog");
});

test("drag and drop onto the page loads the file", async () => {
  const overlayShown = await page.evaluate(() => {
    const host = document.querySelector("clientele-dashboard");
    const transfer = new DataTransfer();
    transfer.items.add(new File(["customer,date,amount\nX1,2024-05-01,10\nX2,2024-05-02,20\nX1,2024-05-03,5\n"], "dropped.csv", { type: "text/csv" }));
    host.dispatchEvent(new DragEvent("dragenter", { dataTransfer: transfer, bubbles: true, cancelable: true, composed: true }));
    const shown = !host.shadowRoot.querySelector(".drop-overlay").hidden;
    host.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true, composed: true }));
    return shown;
  });
  assert.equal(overlayShown, true, "dragging a file over the page shows where to drop it");
  await waitForFile("dropped.csv");
  assert.equal(await page.getAttribute('clientele-dashboard [data-kpi="customers"]', "data-value"), "2");
  assert.equal(await page.isHidden("clientele-dashboard .drop-overlay"), true);
});

test("?src= loads a same-origin URL; another origin is refused without a request", async () => {
  const gbk = await readFile(path.join(FIXTURES, "gbk-semicolon.csv"));
  await env.context.route("**/static-site/**", (route) => route.fulfill({ status: 200, contentType: "text/csv", body: gbk }));
  await page.goto(`${env.server.url}?src=static-site/data/gbk-orders.csv`);
  await waitForFile("gbk-orders.csv");
  assert.ok(env.log.requests.some((url) => url.endsWith("/static-site/data/gbk-orders.csv")));
  assert.equal(await page.getAttribute('clientele-dashboard [data-kpi="customers"]', "data-value"), "3");

  await page.goto(`${env.server.url}?src=${encodeURIComponent("https://example.com/orders.csv")}`);
  await page.waitForSelector('clientele-dashboard .message[data-code="cross_origin_url"]');
  assert.deepEqual(env.log.foreign, [], "no request left the origin");
  await page.goto(env.server.url);
  await waitForState(page, "ready");
});

test("a long load can be cancelled; the previous data stays", async () => {
  await page.evaluate(() => {
    const line = "C0001,2024-01-01,10.00,North\n";
    const chunk = new TextEncoder().encode(line.repeat(Math.floor(4_000_000 / line.length)));
    const parts = [new TextEncoder().encode("customer,date,amount,region\n"), ...Array(60).fill(chunk)]; // ~240 MB
    const file = new File(parts, "huge.csv", { type: "text/csv" });
    const input = document.querySelector("clientele-dashboard").shadowRoot.querySelector("input[type=file]");
    const transfer = new DataTransfer();
    transfer.items.add(file);
    input.files = transfer.files;
    input.dispatchEvent(new Event("change"));
  });
  await page.waitForSelector('clientele-dashboard .progress:not([hidden]) [data-action="cancel"]:not([hidden])');
  await page.waitForFunction(() => document.querySelector("clientele-dashboard").shadowRoot.querySelector(".progress progress").value > 0.02);
  await screenshot(page, "loading-progress");
  await page.click('clientele-dashboard [data-action="cancel"]');
  await page.waitForSelector("clientele-dashboard .message.info");
  await waitForState(page, "ready");
  assert.equal(await fileName(), "orders.csv", "the sample is still shown");
  assert.match(await page.textContent("clientele-dashboard .message"), /cancelled/);
  // The worker still holds the sample: a settings change works without loading again.
  await openView(page, "settings");
  await page.selectOption('clientele-dashboard [data-setting="segmentMap"]', "cn-8");
  await page.click('clientele-dashboard [data-action="apply-settings"]');
  await page.waitForSelector('clientele-dashboard .success[data-field="settings-feedback"]');
  await page.click('clientele-dashboard [data-action="reset-settings"]');
  await openView(page, "overview");
});

test("after a worker crash (a trap), the page says so, and the restarted worker loads the file again", async () => {
  const workers = page.workers();
  assert.equal(workers.length, 1, "one worker");
  const restarted = page.waitForEvent("worker");
  // What worker.js posts when a call traps; a real trap cannot be provoked from outside.
  await workers[0].evaluate(() => self.postMessage({ type: "fatal", data: { message: "RuntimeError: unreachable" } }));
  await restarted;
  await page.waitForSelector('clientele-dashboard .message[data-code="engine_crashed"]');
  assert.match(await page.textContent("clientele-dashboard .message"), /restarted/);
  await screenshot(page, "crash-en");
  await page.click('clientele-dashboard [data-action="message-action"]');
  await waitForState(page, "ready");
  await page.waitForSelector("clientele-dashboard .message.error", { state: "hidden" });
  assert.equal(await fileName(), "orders.csv");
  assert.deepEqual(env.log.problems, [], "no error, console error or dialog");
  assert.deepEqual(env.log.foreign, []);
});

// hostile input (issue 18): a real trap (the module's test hook panics) while a file is loading.
test("a trap in the worker mid-load: the page says so, no spinner stays, and it goes on with the previous data", async () => {
  await waitForState(page, "ready");
  const before = await fileName();
  const restarted = page.waitForEvent("worker");
  // Armed in the worker: right after the load's first progress message, the module panics (its test hook).
  await page.workers()[0].evaluate(() => {
    const post = self.postMessage.bind(self);
    let armed = true;
    self.postMessage = (message, transfer) => {
      post(message, transfer);
      if (armed && message?.type === "progress") {
        armed = false;
        self.onmessage({ data: { type: "test-trap", data: { message: "trap for the test" } } });
      }
    };
  });
  const rows = Array.from({ length: 200_000 }, (_, i) => `X${i},C${i % 5000},2024-0${1 + (i % 9)}-1${i % 10},${i % 97}.5`);
  await chooseFile(page, { name: "big-trap.csv", buffer: Buffer.from(`order_id,customer_id,order_date,amount\n${rows.join("\n")}\n`) });
  await restarted;
  await page.waitForSelector('clientele-dashboard .message[data-code="engine_crashed"]');
  await waitForState(page, "ready");
  await page.waitForSelector('clientele-dashboard .message[data-code="engine_crashed"]');
  assert.equal(await fileName(), before, "the previous data is shown again");
  assert.equal(await page.locator("clientele-dashboard .progress").isHidden(), true, "no progress or spinner left");
  // "Load again" retries the file that was loading, in the restarted engine.
  await page.click('clientele-dashboard [data-action="message-action"]');
  await waitForState(page, "ready");
  assert.equal(await fileName(), "big-trap.csv");
  assert.deepEqual(env.log.problems, [], "no error, console error or dialog");
});
