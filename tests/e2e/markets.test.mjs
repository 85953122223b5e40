// E2E: the Markets view shows the module's compare() for a dimension, a window and a comparison; sorting; drivers; cross tables.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launchWithSample, waitForState, screenshot, inShadow, moduleInPage, formatInPage, openView, chooseLanguage } from "./helpers.mjs";

const SAMPLE = { url: "./samples/orders.csv", fileName: "orders.csv" };
let env;
let page;

before(async () => {
  env = await launchWithSample();
  page = env.page;
  await openView(page, "markets");
  await page.waitForSelector("clientele-dashboard [data-table=markets]");
});

after(async () => {
  await env?.close();
});

const readTable = () => inShadow(page, (root) => [...root.querySelectorAll("[data-table=markets] tbody tr")].map((row) => ({
  key: JSON.parse(row.dataset.key),
  revenue: row.querySelector('[data-col="revenue"]').textContent,
  share: row.querySelector('[data-col="share"]').textContent,
  customers: row.querySelector('[data-col="customers"]').textContent,
  change: row.querySelector('[data-col="change.revenue"] [data-change]')?.dataset.change ?? null,
  arrow: row.querySelector('[data-col="change.revenue"] .arrow')?.textContent ?? null,
})));
const settle = () => page.waitForSelector('clientele-dashboard .busy-area[aria-busy="false"]');

test("by region, last 365 days against the 365 before: the table is the module's compare()", async () => {
  const controls = await inShadow(page, (root) => Object.fromEntries([...root.querySelectorAll("[data-control]")].map((c) => [c.dataset.control, c.value])));
  assert.deepEqual(controls, { by: "region", by2: "", window: "365", vs: "previous", top: "20" });
  const direct = await moduleInPage(page, { ...SAMPLE, compare: { by: ["region"], period: { days: 365, vs: "previous" }, top: 20 } });
  const { compare } = direct;
  assert.ok(compare.groups.length >= 3);
  const table = await readTable();
  const texts = await formatInPage(page, "en", compare.groups.flatMap((g) => [["money", g.revenue], ["percent", g.share], ["integer", g.customers]]));
  assert.deepEqual(table.map((row) => row.key), compare.groups.map((g) => g.key), "the module's groups, in its order");
  assert.deepEqual(table.map((row) => [row.revenue, row.share, row.customers]), compare.groups.map((_, i) => texts.slice(3 * i, 3 * i + 3)));
  for (const [i, row] of table.entries()) {
    const change = compare.groups[i].change.revenue;
    assert.equal(Number(row.change), change);
    assert.equal(row.arrow, change > 0 ? "▲" : change < 0 ? "▼" : "■", "an arrow for the direction");
  }
  const window = await page.textContent('clientele-dashboard [data-field="window"]');
  assert.deepEqual([compare.from, compare.to, compare.previousFrom, compare.previousTo], ["2024-01-02", "2024-12-31", "2023-01-02", "2024-01-01"]);
  assert.equal(window, "Jan 2, 2024 – Dec 31, 2024, compared with Jan 2, 2023 – Jan 1, 2024", "the module's windows");
  await page.waitForTimeout(300);
  await screenshot(page, "markets-en", { fullPage: true });

  // The drivers of the selected group: the module's three contributions, which add up to the revenue change.
  const second = compare.groups[1];
  await page.click(`clientele-dashboard tr[data-key='${JSON.stringify(second.key)}'] .row-select`);
  await page.waitForSelector(`clientele-dashboard tr.selected[data-key='${JSON.stringify(second.key)}']`);
  const drivers = await inShadow(page, (root) => Object.fromEntries([...root.querySelectorAll("[data-driver]")].map((li) => [li.dataset.driver, li.querySelector(".driver-value").textContent])));
  const fmt = async (n) => `${n > 0 ? "+" : n < 0 ? "−" : ""}${(await formatInPage(page, "en", [["money", Math.abs(n)]]))[0]}`;
  assert.deepEqual(drivers, {
    customers: await fmt(second.drivers.customers),
    ordersPerCustomer: await fmt(second.drivers.ordersPerCustomer),
    aov: await fmt(second.drivers.aov),
  });
  const sum = second.drivers.customers + second.drivers.ordersPerCustomer + second.drivers.aov;
  assert.ok(Math.abs(sum - (second.revenue - second.previous.revenue)) < 0.01, "the parts add up to the change");
  assert.ok(await page.$('clientele-dashboard [data-card="drivers"] canvas'), "the waterfall is drawn");
});

test("sorting a column orders the rows by the module's numbers", async () => {
  await page.click('clientele-dashboard [data-table=markets] [data-sort="customers"]');
  let rows = await readTable();
  const values = rows.map((row) => Number(row.customers.replace(/,/g, "")));
  assert.deepEqual(values, [...values].sort((a, b) => b - a), "customers, largest first");
  assert.equal(await page.getAttribute('clientele-dashboard [data-table=markets] th:has([data-sort="customers"])', "aria-sort"), "descending");
  await page.click('clientele-dashboard [data-table=markets] [data-sort="customers"]');
  rows = await readTable();
  const ascending = rows.map((row) => Number(row.customers.replace(/,/g, "")));
  assert.deepEqual(ascending, [...ascending].sort((a, b) => a - b));
  await page.click('clientele-dashboard [data-table=markets] [data-sort="revenue"]');
});

test("two dimensions give a cross table; computed dimensions use segment labels", async () => {
  await page.selectOption('clientele-dashboard [data-control="by2"]', "channel");
  await settle();
  await page.waitForSelector("clientele-dashboard [data-table=markets] [data-col=key1]");
  const direct = await moduleInPage(page, { ...SAMPLE, compare: { by: ["region", "channel"], period: { days: 365, vs: "previous" }, top: 20 } });
  const rows = await readTable();
  assert.deepEqual(rows.map((row) => row.key), direct.compare.groups.map((g) => g.key));
  await page.waitForTimeout(300);
  await screenshot(page, "markets-cross", { fullPage: true });

  await page.selectOption('clientele-dashboard [data-control="by2"]', "");
  await settle();
  await page.selectOption('clientele-dashboard [data-control="by"]', "segment");
  await settle();
  await page.waitForSelector("clientele-dashboard [data-table=markets] tbody tr");
  const names = await inShadow(page, (root) => [...root.querySelectorAll("[data-table=markets] tbody th")].map((th) => th.textContent));
  assert.ok(names.includes("Champions") && names.includes("Can't Lose Them"), names.join(", "));

  await page.selectOption('clientele-dashboard [data-control="window"]', "all");
  await settle();
  await page.waitForSelector('clientele-dashboard [data-field="drivers-hint"]');
  assert.equal(await page.$('clientele-dashboard [data-col="change.revenue"]'), null, "no change columns without a comparison");
  assert.equal(await page.isDisabled('clientele-dashboard [data-control="vs"]'), true);
  assert.deepEqual(env.log.problems, []);
  assert.deepEqual(env.log.foreign, []);
});

test("Markets in 简体中文", async () => {
  await page.selectOption('clientele-dashboard [data-control="by"]', "region");
  await page.selectOption('clientele-dashboard [data-control="window"]', "90");
  await settle();
  await chooseLanguage(page, "zh-CN");
  await page.waitForSelector("clientele-dashboard [data-table=markets]");
  await settle();
  const header = await inShadow(page, (root) => [...root.querySelectorAll("[data-table=markets] thead th")].map((th) => th.textContent.replace(/[▲▼]/g, "")));
  assert.deepEqual(header.slice(0, 3), ["region", "销售额", "占比"]);
  assert.match(await page.textContent('clientele-dashboard [data-field="window"]'), /2024年10月3日 – 2024年12月31日，对比/);
  await page.waitForTimeout(300);
  await screenshot(page, "markets-zh", { fullPage: true });
  await page.click('clientele-dashboard button[data-lang="en"]');
});
