// E2E (issue 17, point 5): Markets opens on a comparison that has data, by a group-like column recognised by its
// values; names, phones, e-mails and notes are only offered on request; a window without enough data says so.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launchWithSample, waitForState, inShadow, chooseFile, openView, moduleInPage, chooseLanguage } from "./helpers.mjs";

/**
 * A year of orders (2024-01-01 … 2024-12-31) of 40 customers, with the customer's name, phone, e-mail and a long
 * note before the zone and item columns, none of whose headers says what it is.
 */
function yearOfOrders() {
  const zones = ["Nord", "Süd", "Ost", "West"];
  const lines = ["order_id,customer_id,buyer,tel,mail,remark,zone,item,order_date,amount"];
  const start = Date.UTC(2024, 0, 1);
  for (let i = 0; i < 366; i += 1) {
    const c = (i * 7) % 40;
    const day = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
    lines.push([`O${i}`, `C${c}`, `Buyer ${c}`, `+49 30 5550${String(c).padStart(4, "0")}`, `buyer${c}@example.org`,
      `"Please deliver to the back door of the shop, customer ${c} asked twice"`, zones[c % 4], `Item ${i % 5}`, day, (20 + (i % 13)).toFixed(2)].join(","));
  }
  return `${lines.join("\n")}\n`;
}

const FILE = { name: "year.csv", buffer: Buffer.from(yearOfOrders()) };
let env;
let page;

before(async () => {
  env = await launchWithSample();
  page = env.page;
  await chooseFile(page, FILE);
  await page.waitForFunction(() => document.querySelector("clientele-dashboard").shadowRoot.querySelector('[data-field="file-name"]')?.textContent === "year.csv", null, { timeout: 30_000 });
  await waitForState(page, "ready");
});

after(async () => {
  await env?.close();
});

const settle = () => page.waitForSelector('clientele-dashboard .busy-area[aria-busy="false"]');
const controls = () => inShadow(page, (root) => Object.fromEntries([...root.querySelectorAll("[data-control]")].map((c) => [c.dataset.control, c.value])));
const byOptions = () => inShadow(page, (root) => [...root.querySelectorAll('[data-control="by"] option')].map((o) => o.value));

test("Markets opens on the last quarter against the one before, by the zone column (not the buyer's name)", async () => {
  const direct = await moduleInPage(page, { text: yearOfOrders(), fileName: "year.csv" });
  const kinds = Object.fromEntries(direct.report.dimensions.map((d) => [d.name, d.kind]));
  assert.deepEqual(kinds, { buyer: "identifier", tel: "phone", mail: "email", remark: "text", zone: "group", item: "group" });
  assert.deepEqual(direct.report.suggestedPeriod, { days: 90 });

  await openView(page, "markets");
  await page.waitForSelector("clientele-dashboard [data-table=markets]");
  await settle();
  assert.deepEqual(await controls(), { by: "zone", by2: "", window: "90", vs: "previous", top: "20" });
  const options = await byOptions();
  for (const hidden of ["buyer", "tel", "mail", "remark"]) assert.ok(!options.includes(hidden), `${hidden} is not offered`);
  assert.ok(options.includes("item") && options.includes("segment"));
  assert.equal(await page.textContent('clientele-dashboard [data-field="window"]'), "Oct 3, 2024 – Dec 31, 2024, compared with Jul 5, 2024 – Oct 2, 2024");
  assert.equal(await page.$('clientele-dashboard [data-field="coverage"]'), null, "both windows have data");
  assert.ok(await page.$('clientele-dashboard [data-col="change.revenue"] [data-change]'), "changes are shown");

  // Asking for every column offers them, with what they hold.
  await page.check('clientele-dashboard [data-option="all-columns"]');
  assert.ok((await byOptions()).includes("buyer"));
  const label = await inShadow(page, (root) => root.querySelector('[data-control="by"] option[value="tel"]').textContent);
  assert.equal(label, "tel (phone numbers)");
  await page.uncheck('clientele-dashboard [data-option="all-columns"]');
  assert.ok(!(await byOptions()).includes("buyer"));
});

test("a year against the year before (which has one day of data) says so instead of showing a change", async () => {
  await page.selectOption('clientele-dashboard [data-control="window"]', "365");
  await settle();
  await page.waitForSelector('clientele-dashboard [data-field="coverage"]');
  const line = await page.textContent('clientele-dashboard [data-field="coverage"]');
  assert.match(line, /^The comparison period \(Jan 2, 2023 – Jan 1, 2024\) has rows on only 1 of its 365 days/);
  assert.equal(await page.$('clientele-dashboard [data-col="change.revenue"]'), null, "no change column");
  assert.doesNotMatch(await inShadow(page, (root) => root.querySelector('[role=tabpanel][data-view="markets"]').textContent), /[+−-]\d[\d,]* ?%/);
  assert.ok(await page.$('clientele-dashboard [data-field="drivers-coverage"]'));

  await chooseLanguage(page, "zh-CN");
  await settle();
  await page.waitForSelector('clientele-dashboard [data-field="coverage"]');
  assert.match(await page.textContent('clientele-dashboard [data-field="coverage"]'), /^对比期（2023年1月2日 – 2024年1月1日）的 365 天中只有 1 天有数据/);
  await page.click('clientele-dashboard button[data-lang="en"]');

  // Back to the quarter: the comparison holds again.
  await page.selectOption('clientele-dashboard [data-control="window"]', "90");
  await settle();
  assert.equal(await page.$('clientele-dashboard [data-field="coverage"]'), null);
  assert.deepEqual(env.log.problems, []);
  assert.deepEqual(env.log.foreign, []);
});
