// E2E (issue 17, point 7): an analysis date far after or far before the file's orders gets a coded warning under
// the status line, in both languages, with a way back to the setting.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launchWithSample, inShadow, openView, moduleInPage, chooseLanguage } from "./helpers.mjs";

let env;
let page;

before(async () => {
  env = await launchWithSample();
  page = env.page;
});

after(async () => {
  await env?.close();
});

async function applyDate(date) {
  await openView(page, "settings");
  await page.fill('clientele-dashboard [data-setting="analysisDate"]', date);
  await page.click('clientele-dashboard [data-action="apply-settings"]');
  await page.waitForSelector('clientele-dashboard [data-field="settings-feedback"]');
}
const warnings = () => inShadow(page, (root) => [...root.querySelectorAll('[data-field="date-warning"]')].map((p) => ({ code: p.dataset.code, text: p.textContent })));

test("a date years after the last order: every customer Lapsed, said on every view; a date before most orders: said too", async () => {
  assert.deepEqual(await warnings(), [], "no warning at the default date");
  await applyDate("2030-01-01");
  await page.waitForSelector('clientele-dashboard [data-field="date-warning"]');
  const direct = await moduleInPage(page, { url: "./samples/orders.csv", fileName: "orders.csv", rfm: { analysisDate: "2030-01-01" } });
  const lapsed = direct.rfm.warnings.find((w) => w.code === "all_lapsed");
  assert.ok(lapsed, "the module warns");
  const [shown] = await warnings();
  assert.equal(shown.code, "all_lapsed");
  const count = new Intl.NumberFormat("en").format(lapsed.details.customers);
  assert.match(shown.text, new RegExp(`^All ${count} customers last ordered more than 180 days before the analysis date`));

  // The line stays on the other views, and its button leads back to Settings.
  await openView(page, "overview");
  assert.equal((await warnings()).length, 1);
  await page.click('clientele-dashboard [data-action="date-settings"]');
  await page.waitForSelector('clientele-dashboard [role=tabpanel][data-view="settings"]:not([hidden])');

  await chooseLanguage(page, "zh-CN");
  await page.waitForFunction(() => document.querySelector("clientele-dashboard").shadowRoot.querySelector('[data-field="date-warning"]')?.textContent.startsWith("全部"));
  assert.match((await warnings())[0].text, /^全部 [\d,]+ 位客户的最近一次下单都早于分析日期 180 天以上/);
  await page.click('clientele-dashboard button[data-lang="en"]');

  // Far before: the sample runs 2023-01-02 … 2024-12-31; by 2023-01-20 nearly every row is left out.
  await applyDate("2023-01-20");
  await page.waitForFunction(() => document.querySelector("clientele-dashboard").shadowRoot.querySelector('[data-field="date-warning"]')?.dataset.code === "most_rows_excluded");
  const early = await moduleInPage(page, { url: "./samples/orders.csv", fileName: "orders.csv", rfm: { analysisDate: "2023-01-20" } });
  const excluded = early.rfm.warnings.find((w) => w.code === "most_rows_excluded");
  const [format] = [new Intl.NumberFormat("en")];
  assert.match((await warnings())[0].text, new RegExp(`^${format.format(excluded.details.excluded)} of the file's ${format.format(excluded.details.rows)} rows are on or after the analysis date`));

  // Back to the default date: no warning.
  await openView(page, "settings");
  await page.click('clientele-dashboard [data-action="reset-settings"]');
  await page.waitForFunction(() => !document.querySelector("clientele-dashboard").shadowRoot.querySelector('[data-field="date-warning"]'));
  assert.deepEqual(env.log.problems, []);
});
