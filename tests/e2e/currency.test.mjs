// E2E (issue 17, point 9): the currency is read from the file (or set in Settings) and every amount shows it in the
// page's locale; a file with several currencies is never summed silently: a line names them with their rows and
// offers to analyse one.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launchWithSample, waitForState, inShadow, chooseFile, openView, moduleInPage, chooseLanguage } from "./helpers.mjs";

/** Orders of 8 customers over two months, amounts written with `mark(i)`. */
function orders(mark) {
  const lines = ["order_id,customer_id,order_date,region,amount"];
  for (let i = 0; i < 40; i += 1) {
    const day = new Date(Date.UTC(2024, 0, 1) + i * 1.5 * 86_400_000).toISOString().slice(0, 10);
    lines.push(`O${i},C${i % 8},${day},${i % 2 ? "North" : "South"},"${mark(i, (100 + i * 37.5).toFixed(2))}"`);
  }
  return `${lines.join("\n")}\n`;
}
const EUROS = orders((i, amount) => `€ ${amount}`);
// 22 rows in EUR, 10 in USD (rows 2, 3, 7, 8 … 23), 8 in PLN (written after the number, with a decimal comma).
const MIXED = orders((i, amount) => (i % 5 < 2 ? `€ ${amount}` : i % 5 < 4 && i < 24 ? `$${amount}` : i % 5 < 4 ? `€ ${amount}` : `${amount.replace(".", ",")} zł`));

let env;
let page;

before(async () => {
  env = await launchWithSample();
  page = env.page;
});

after(async () => {
  await env?.close();
});

async function open(name, text) {
  await chooseFile(page, { name, buffer: Buffer.from(text) });
  await page.waitForFunction((name) => document.querySelector("clientele-dashboard").shadowRoot.querySelector('[data-field="file-name"]')?.textContent === name, name, { timeout: 30_000 });
  await waitForState(page, "ready");
}
const kpi = (name) => inShadow(page, (root, name) => {
  const box = root.querySelector(`[data-kpi="${name}"]`);
  // The revenue card's caption says what it counts (issue 17.3); the exact amount is the value's title.
  return { value: box.querySelector(".kpi-value").textContent, money: box.querySelector(".kpi-value").title, exact: Number(box.dataset.value) };
}, name);
const format = (lang, currency, n, compact = false) => page.evaluate(({ lang, currency, n, compact }) => new Intl.NumberFormat(lang, compact
  ? { style: "currency", currency, notation: "compact", minimumFractionDigits: 0, maximumFractionDigits: 1 }
  : { style: "currency", currency, minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n), { lang, currency, n, compact });

test("a file in euros shows euros, in English and in Chinese (万), and Settings can show another currency", async () => {
  await open("euros.csv", EUROS);
  const direct = await moduleInPage(page, { text: EUROS, fileName: "euros.csv" });
  assert.deepEqual(direct.report.currency, { code: "EUR", chosen: false, source: "cells", rows: [{ code: "EUR", rows: 40 }], unmarked: 0 });
  await openView(page, "overview");
  let revenue = await kpi("revenue");
  assert.equal(revenue.money, await format("en", "EUR", revenue.exact));
  assert.match(revenue.value, /^€[\d.]+K$/);
  assert.equal((await kpi("aov")).value.charAt(0), "€");

  await chooseLanguage(page, "zh-CN");
  await page.waitForSelector('clientele-dashboard .app[lang="zh-CN"]');
  revenue = await kpi("revenue");
  assert.equal(revenue.value, await format("zh-CN", "EUR", revenue.exact, true));
  assert.match(revenue.value, /万$/, "万 for Chinese");
  await page.click('clientele-dashboard button[data-lang="en"]');

  // Settings: the file's currency is the default; another one changes how amounts are shown (not converted).
  await openView(page, "settings");
  const label = await inShadow(page, (root) => root.querySelector('[data-setting="currency"] option[value=""]').textContent);
  assert.equal(label, "As in the file (EUR)");
  await page.selectOption('clientele-dashboard [data-setting="currency"]', "USD");
  await openView(page, "overview");
  revenue = await kpi("revenue");
  assert.equal(revenue.money, await format("en", "USD", revenue.exact));
  await openView(page, "markets");
  await page.waitForSelector('clientele-dashboard [data-table=markets] [data-total] [data-col="revenue"]');
  assert.match(await page.textContent('clientele-dashboard [data-table=markets] [data-total] [data-col="revenue"]'), /^\$/);
  await openView(page, "settings");
  await page.selectOption('clientele-dashboard [data-setting="currency"]', "");
});

test("a file in three currencies says so with their rows, and one of them can be analysed alone", async () => {
  await open("mixed.csv", MIXED);
  const direct = await moduleInPage(page, { text: MIXED, fileName: "mixed.csv" });
  assert.deepEqual(direct.report.currency.rows, [{ code: "EUR", rows: 22 }, { code: "USD", rows: 10 }, { code: "PLN", rows: 8 }]);
  await page.waitForSelector('clientele-dashboard [data-field="mixed-currencies"]');
  const line = await page.textContent('clientele-dashboard [data-field="mixed-currencies"] p');
  assert.equal(line, "The amounts are in several currencies (EUR: 22 rows, USD: 10 rows, PLN: 8 rows); they are added up as if they were one. Choose one currency to analyse.");
  const buttons = await inShadow(page, (root) => [...root.querySelectorAll('[data-action="analyse-currency"]')].map((b) => b.textContent));
  assert.deepEqual(buttons, ["Analyse only EUR (22 rows)", "Analyse only USD (10 rows)", "Analyse only PLN (8 rows)"]);
  assert.match((await kpi("revenue")).money, /^\d/, "no currency sign while several are summed");

  await page.click('clientele-dashboard [data-action="analyse-currency"][data-currency="USD"]');
  await page.waitForSelector('clientele-dashboard [data-field="currency-chosen"]');
  await waitForState(page, "ready");
  assert.equal(await page.getAttribute('clientele-dashboard [data-field="rows-used"]', "data-value"), "10");
  assert.match(await page.textContent('clientele-dashboard [data-field="currency-chosen"]'), /^Only the amounts in USD are analysed; 30 rows in other currencies are left out\./);
  const usd = await moduleInPage(page, { text: MIXED, fileName: "mixed.csv", load: { currency: "USD" } });
  const revenue = await kpi("revenue");
  assert.equal(revenue.exact, usd.rfm.totals.revenue);
  assert.equal(revenue.money, await format("en", "USD", revenue.exact));

  await chooseLanguage(page, "zh-CN");
  await page.waitForSelector('clientele-dashboard .app[lang="zh-CN"]');
  assert.match(await page.textContent('clientele-dashboard [data-field="currency-chosen"]'), /^只分析以 USD 计价的金额；其他币种的 30 行未计入。/);
  await page.click('clientele-dashboard button[data-lang="en"]');

  // Every currency again: the warning is back.
  await page.click('clientele-dashboard [data-action="analyse-currency"][data-currency=""]');
  await page.waitForSelector('clientele-dashboard [data-field="mixed-currencies"]');
  assert.equal(await page.getAttribute('clientele-dashboard [data-field="rows-used"]', "data-value"), "40");
  assert.deepEqual(env.log.problems, []);
});
