// E2E: the Value view shows the module's clv() for the sample (defaults from catalog()), re-runs it from its form
// (horizon, margin, holdout), in English and 简体中文; the Customers view and its download carry the CLV columns; a
// file with too few customers shows the translated error; large files are sampled in the scatter.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { launchWithSample, waitForState, screenshot, inShadow, moduleInPage, formatInPage, openView, chooseFile, REPO, FIXTURES, ARTIFACTS, chooseLanguage } from "./helpers.mjs";

const SAMPLE = { url: "./samples/orders.csv", fileName: "orders.csv" };
const en = (await import(path.join(REPO, "www/i18n/en.js"))).default;
const zh = (await import(path.join(REPO, "www/i18n/zh-CN.js"))).default;

let env;
let page;
let catalog;
let direct; // the module's clv() with the defaults, called in the page's main thread

before(async () => {
  env = await launchWithSample();
  page = env.page;
  catalog = await page.evaluate(async () => {
    const module = await import(new URL("./pkg/clientele.js", location.href).href);
    await module.default();
    return module.catalog();
  });
  direct = await moduleInPage(page, { ...SAMPLE, clv: {}, columns: true });
  assert.equal(direct.thrown, undefined, `the sample loads directly: ${JSON.stringify(direct.thrown)}`);
  assert.equal(direct.clv.thrown, undefined, `clv() fits the sample: ${JSON.stringify(direct.clv.thrown)}`);
});

after(async () => {
  await env?.close();
});

const settle = () => page.waitForSelector('clientele-dashboard [data-field="value-results"][aria-busy="false"]', { timeout: 30_000 });

const readKpis = () => inShadow(page, (root) => Object.fromEntries([...root.querySelectorAll(".kpis-value [data-kpi]")].map((kpi) =>
  [kpi.dataset.kpi, { value: kpi.dataset.value, label: kpi.querySelector(".kpi-label").textContent, text: kpi.querySelector(".kpi-value").textContent }])));

const readGroups = () => inShadow(page, (root) => [...root.querySelectorAll("[data-table=clv-groups] tbody tr")].map((row) => ({
  name: row.dataset.group,
  label: row.querySelector("th").textContent,
  customers: row.querySelector("[data-col=customers]").textContent,
  clv: Number(row.querySelector("[data-col=clv]").dataset.value),
  clvText: row.querySelector("[data-col=clv]").textContent,
  share: Number(row.querySelector("[data-col=share]").dataset.value),
  shareText: row.querySelector("[data-col=share]").textContent,
})));

/** What the page shows of a ClvResult summary in `lang`: the KPIs (value and text) and the segment table. */
async function expectShown(clv, lang) {
  const kpis = await readKpis();
  assert.equal(Number(kpis.clv.value), clv.totals.clv, "total CLV = the module's");
  assert.equal(Number(kpis.expectedPurchases.value), clv.totals.expectedPurchases);
  assert.equal(Number(kpis.populationMeanValue.value), clv.populationMeanValue);
  assert.equal(Number(kpis.repeatCustomers.value), clv.repeatCustomers);
  const [clvText, purchasesText, meanText] = await formatInPage(page, lang, [["compact", clv.totals.clv], ["integer", clv.totals.expectedPurchases], ["money", clv.populationMeanValue]]);
  assert.deepEqual([kpis.clv.text, kpis.expectedPurchases.text, kpis.populationMeanValue.text], [clvText, purchasesText, meanText]);

  const shown = clv.bySegment.filter((group) => group.customers > 0);
  const groups = await readGroups();
  const texts = await formatInPage(page, lang, shown.flatMap((g) => [["integer", g.customers], ["money", g.clv], ["percent", g.share]]));
  assert.deepEqual(groups.map((g) => [g.name, g.label, g.customers, g.clv, g.clvText, g.share, g.shareText]),
    shown.map((g, i) => [g.name, lang === "zh-CN" ? g.label.zh : g.label.en, texts[3 * i], g.clv, texts[3 * i + 1], g.share, texts[3 * i + 2]]));
  const top = [...shown].sort((a, b) => b.share - a.share)[0];
  const headline = await page.textContent('clientele-dashboard [data-field="clv-headline"]');
  assert.ok(headline.startsWith(lang === "zh-CN" ? top.label.zh : top.label.en), `the headline names the segment with most value: ${headline}`);
  assert.ok(headline.includes((await formatInPage(page, lang, [["percent", top.share]]))[0]), "…and its share of value");
  return kpis;
}

test("the Value view shows the module's clv() with catalog()'s defaults: totals, segments, model, charts", async () => {
  await openView(page, "value");
  await page.waitForSelector("clientele-dashboard .kpis-value [data-kpi=clv]", { timeout: 30_000 });
  await settle();
  const d = catalog.defaults.clv;
  const form = await inShadow(page, (root) => Object.fromEntries([...root.querySelectorAll("[data-form=clv] [data-option]")].map((input) => [input.dataset.option, input.value])));
  assert.deepEqual(form, {
    horizon: String(d.horizon[d.timeUnit]), months: String(d.clv.months), margin: String(d.clv.margin * 100),
    discountRate: String(d.clv.discountRate * 100), holdout: "", minCustomers: String(d.minCustomers), minRepeatCustomers: String(d.minRepeatCustomers),
  }, "the form starts from the module's defaults");
  const { clv } = direct;
  const kpis = await expectShown(clv, "en");
  assert.equal(kpis.clv.label, `Expected revenue, next ${d.clv.months} months`);
  assert.equal(kpis.expectedPurchases.label, `Expected purchases, next ${clv.horizon} weeks`);

  const params = await inShadow(page, (root) => Object.fromEntries([...root.querySelectorAll("[data-param]")].map((p) => [p.dataset.param, Number(p.querySelector("dd").dataset.value)])));
  assert.deepEqual(params, { "r": clv.bgnbd.r, "α": clv.bgnbd.alpha, "a": clv.bgnbd.a, "b": clv.bgnbd.b, "p": clv.gammaGamma.p, "q": clv.gammaGamma.q, "γ": clv.gammaGamma.gamma });
  const assumptions = await page.textContent('clientele-dashboard [data-field="clv-assumptions"]');
  assert.match(assumptions, /own steady pace/);
  assert.match(assumptions, /does not depend on how often they buy/);

  const charts = await inShadow(page, (root) => Object.fromEntries([...root.querySelectorAll("[data-card^=clv]")].filter((c) => c.querySelector("canvas"))
    .map((c) => [c.dataset.card, { width: c.querySelector("canvas").getBoundingClientRect().width, ...c.querySelector(".chart").dataset }])));
  assert.deepEqual(Object.keys(charts).sort(), ["clv-groups", "clv-histogram", "clv-scatter"], "no holdout chart without a holdout date");
  for (const [name, chart] of Object.entries(charts)) assert.ok(chart.width > 200, `${name} is drawn`);
  assert.equal(Number(charts["clv-histogram"].customers), clv.customerCount, "every customer is in one bar of the histogram");
  assert.equal(Number(charts["clv-scatter"].points), clv.customerCount, "fewer than 5,000 customers: all in the scatter");
  assert.ok(await page.isVisible('clientele-dashboard [data-field="clv-holdout-hint"]'), "the holdout card says how to start a check");

  await page.waitForTimeout(300);
  await screenshot(page, "value-en", { fullPage: true });
  assert.deepEqual(env.log.foreign, [], "no request to another origin");
  assert.deepEqual(env.log.problems, []);
});

const CHANGED = { horizon: 26, clv: { margin: 0.3 }, holdout: { from: "2024-07-01" } };
let changed; // the module's clv() with CHANGED

test("a new horizon, margin and holdout date re-run clv(): the numbers and the holdout check are the module's", async () => {
  changed = await moduleInPage(page, { ...SAMPLE, clv: CHANGED, columns: true });
  assert.equal(changed.clv.thrown, undefined);
  await page.fill('clientele-dashboard [data-option="horizon"]', "26");
  await page.fill('clientele-dashboard [data-option="margin"]', "30");
  await page.fill('clientele-dashboard [data-option="holdout"]', "2024-07-01");
  await page.click('clientele-dashboard [data-action="run-clv"]');
  await page.waitForSelector('clientele-dashboard [data-field="clv-holdout-summary"]', { timeout: 30_000 });
  await settle();
  const kpis = await expectShown(changed.clv, "en");
  assert.notEqual(changed.clv.totals.clv, direct.clv.totals.clv, "the margin changes the value");
  assert.equal(kpis.clv.label, `Expected profit, next ${catalog.defaults.clv.clv.months} months`);
  assert.equal(kpis.expectedPurchases.label, "Expected purchases, next 26 weeks");

  const { holdout } = changed.clv;
  assert.ok(holdout && holdout.buckets.length > 0, "the module made a holdout table");
  const summary = await inShadow(page, (root) => ({ ...root.querySelector('[data-field="clv-holdout-summary"]').dataset, text: root.querySelector('[data-field="clv-holdout-summary"]').textContent }));
  assert.equal(Number(summary.actual), holdout.actualTotal);
  assert.equal(Number(summary.predicted), holdout.predictedTotal);
  assert.ok(summary.text.includes(`made ${(await formatInPage(page, "en", [["integer", holdout.actualTotal]]))[0]} purchases`), summary.text);
  assert.ok(await page.isVisible('clientele-dashboard [data-card="clv-holdout"] canvas'), "the holdout chart is drawn");
  await page.waitForTimeout(300);
  await screenshot(page, "value-holdout-en", { fullPage: true });
});

test("简体中文: the same numbers, with the contract's labels", async () => {
  await chooseLanguage(page, "zh-CN");
  await page.waitForSelector('clientele-dashboard [role=tab][data-view="value"][aria-selected="true"]');
  assert.equal(await page.textContent('clientele-dashboard [role=tab][data-view="value"]'), "客户价值");
  const kpis = await expectShown(changed.clv, "zh-CN");
  assert.equal(kpis.clv.label, `预计利润（未来${catalog.defaults.clv.clv.months}个月）`);
  assert.equal(kpis.expectedPurchases.label, "预计购买次数（未来26周）");
  const headers = await inShadow(page, (root) => [...root.querySelectorAll("[data-table=clv-groups] thead th")].map((th) => th.textContent));
  assert.ok(headers.includes("客户终身价值 (CLV)") && headers.includes("预计购买次数（未来26周）"), headers.join(" | "));
  const holdoutTitle = await page.textContent('clientele-dashboard [data-card="clv-holdout"] h3');
  assert.match(holdoutTitle, /^留出期检验/);
  await page.waitForTimeout(300);
  await screenshot(page, "value-zh", { fullPage: true });
  assert.deepEqual(env.log.problems, []);
});

test("the Customers view shows P(alive), expected purchases and CLV by customer id, sorts by CLV, and downloads them", async () => {
  await openView(page, "customers");
  await page.waitForSelector('clientele-dashboard [data-sort="clv"]');
  const header = await page.textContent('clientele-dashboard [data-sort="clv"]');
  assert.equal(header, `客户终身价值（${catalog.defaults.clv.clv.months}个月）`);
  assert.equal(await inShadow(page, (root) => root.querySelector("[role=tabpanel][data-view=customers]").dataset.clvMissing), "0", "every scored customer has its CLV row");
  await page.click('clientele-dashboard [data-sort="clv"]');
  const rows = await inShadow(page, (root) => [...root.querySelectorAll("[data-table=customers] tbody tr[data-customer]")].slice(0, 12).map((row) => ({
    id: row.dataset.customer, cells: [...row.children].slice(-3).map((cell) => cell.textContent),
  })));
  const c = changed.clvCustomers;
  const indexOf = new Map(c.id.map((id, i) => [id, i]));
  const scored = new Set(changed.customers.id);
  const byClv = c.id.map((id, i) => [id, c.clv[i]]).filter(([id]) => scored.has(id)).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  assert.deepEqual(rows.map((row) => row.id), byClv.slice(0, rows.length).map(([id]) => id), "sorted by the module's CLV, highest first");
  for (const row of rows) {
    const k = indexOf.get(row.id);
    const [pAlive, clvText] = await formatInPage(page, "zh-CN", [["percent", c.pAlive[k]], ["money", c.clv[k]]]);
    const purchases = await page.evaluate((n) => new Intl.NumberFormat("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n), c.expectedPurchases[k]);
    assert.deepEqual(row.cells, [pAlive, purchases, clvText], `customer ${row.id}: the module's numbers for this id`);
  }
  await page.waitForTimeout(200);
  await screenshot(page, "value-customers-zh");

  const [download] = await Promise.all([page.waitForEvent("download"), page.click('clientele-dashboard [data-action="export-filtered"]')]);
  const saved = path.join(ARTIFACTS, "export-customers-clv.csv");
  await download.saveAs(saved);
  const { holdout, ...model } = CHANGED; // the holdout check does not change the customers' numbers
  const expected = await moduleInPage(page, { ...SAMPLE, exportFilter: { format: "csv", lang: "zh", clv: model } });
  const text = (await readFile(saved)).toString("utf8");
  assert.equal(text, expected.csv, "byte for byte the module's export with the same model options");
  // The page is in 简体中文: the headers are too (issue 17.2), the CLV columns last.
  assert.match(text.split(/\r?\n/)[0], /,存活概率,预期购买次数,客户终身价值$/);
  assert.ok(holdout.from);
});

test("a file with too few customers: the Value view says why and what to do, in both languages; other views work", async () => {
  const buffer = await readFile(path.join(FIXTURES, "gbk-semicolon.csv"));
  const tiny = await moduleInPage(page, { base64: buffer.toString("base64"), fileName: "gbk-semicolon.csv", clv: {} });
  assert.equal(tiny.clv.thrown?.code, "clv_too_few_customers");
  const { found, needed } = tiny.clv.thrown.details;
  await chooseFile(page, { name: "gbk-semicolon.csv", buffer });
  await page.waitForFunction(() => document.querySelector("clientele-dashboard").shadowRoot.querySelector('[data-field="file-name"]')?.textContent === "gbk-semicolon.csv", null, { timeout: 30_000 });
  await waitForState(page, "ready");
  await openView(page, "value");
  await page.waitForSelector('clientele-dashboard [data-field="clv-error"]', { timeout: 30_000 });
  const fill = (template) => template.replace("{found}", String(found)).replace("{needed}", String(needed));
  const read = () => inShadow(page, (root) => ({ code: root.querySelector('[data-field="clv-error"]').dataset.code, text: root.querySelector('[data-field="clv-error-text"]').textContent }));
  assert.deepEqual(await read(), { code: "clv_too_few_customers", text: fill(zh["error.clv_too_few_customers"]) });
  assert.match(zh["error.clv_too_few_customers"], /最少客户数/, "what to do: the form's field by its name");
  const holdoutValue = await page.inputValue('clientele-dashboard [data-option="holdout"]');
  assert.equal(holdoutValue, "", "a holdout date belongs to the file it was set for");
  await page.waitForTimeout(200);
  await screenshot(page, "value-error-zh", { fullPage: true });
  await page.click('clientele-dashboard button[data-lang="en"]');
  await page.waitForSelector('clientele-dashboard [data-field="clv-error"]');
  assert.deepEqual(await read(), { code: "clv_too_few_customers", text: fill(en["error.clv_too_few_customers"]) });
  await screenshot(page, "value-error-en", { fullPage: true });
  // What the message says to do: the minimum is a field of the form (hidden until asked for).
  assert.equal(await page.isVisible('clientele-dashboard [data-option="minCustomers"]'), false);
  await page.click('clientele-dashboard [data-action="show-minimums"]');
  await page.fill('clientele-dashboard [data-option="minCustomers"]', String(catalog.defaults.clv.minCustomersFloor));
  await page.click('clientele-dashboard [data-action="run-clv"]');
  const lowered = await moduleInPage(page, { base64: buffer.toString("base64"), fileName: "gbk-semicolon.csv", clv: { minCustomers: catalog.defaults.clv.minCustomersFloor } });
  const text = en[`error.${lowered.clv.thrown.code}`].replace("{found}", String(lowered.clv.thrown.details.found)).replace("{needed}", String(lowered.clv.thrown.details.needed));
  await page.waitForFunction((expected) => document.querySelector("clientele-dashboard").shadowRoot.querySelector('[data-field="clv-error-text"]')?.textContent === expected, text);
  assert.equal(lowered.clv.thrown.details.needed, catalog.defaults.clv.minCustomersFloor, "the module took the lowered minimum");
  await openView(page, "overview");
  assert.ok(await page.isVisible('clientele-dashboard [data-kpi="customers"]'), "the RFM views are not affected");
  await openView(page, "customers");
  assert.equal(await inShadow(page, (root) => root.querySelector('[data-sort="clv"]')), null, "no CLV columns without a CLV result");
  assert.deepEqual(env.log.problems, []);
  assert.deepEqual(env.log.foreign, []);
});

test("a form value that is not a number is caught by the form, in words; the last result stays", async () => {
  await page.click("clientele-dashboard [data-action=sample]");
  await page.waitForFunction(() => document.querySelector("clientele-dashboard").shadowRoot.querySelector('[data-field="file-name"]')?.textContent === "orders.csv", null, { timeout: 30_000 });
  await openView(page, "value");
  await page.waitForSelector("clientele-dashboard .kpis-value [data-kpi=clv]", { timeout: 30_000 });
  await page.fill('clientele-dashboard [data-option="margin"]', "abc");
  await page.click('clientele-dashboard [data-action="run-clv"]');
  const error = await page.waitForSelector('clientele-dashboard [data-field="value-form-error"]');
  assert.equal(await error.textContent(), "The setting “Margin” is not valid: write a number.");
  assert.ok(await page.isVisible("clientele-dashboard .kpis-value [data-kpi=clv]"), "the last result is still shown");
  await page.fill('clientele-dashboard [data-option="margin"]', "200");
  await page.click('clientele-dashboard [data-action="run-clv"]');
  await page.waitForFunction(() => document.querySelector("clientele-dashboard").shadowRoot.querySelector('[data-field="value-form-error"]')?.textContent.includes("at most 100"));
  await page.click('clientele-dashboard [data-action="reset-clv"]');
  await page.waitForFunction(() => !document.querySelector("clientele-dashboard").shadowRoot.querySelector('[data-field="value-form-error"]'));
  await settle();
  const kpis = await readKpis();
  assert.equal(Number(kpis.clv.value), direct.clv.totals.clv, "back to the defaults: the module's default result");
});

test("the scatter samples large files evenly (at most 5,000 customers), the same way every time", async () => {
  const units = await page.evaluate(async () => {
    const { sampleIndexes, alignClvColumns } = await import(new URL("./views/value.js", location.href).href);
    const big = sampleIndexes(12_345);
    const increasing = big.every((value, i) => i === 0 || value > big[i - 1]);
    const aligned = alignClvColumns(["a", "b", "d"], { id: ["a", "b", "c", "d"], pAlive: [0.1, 0.2, 0.3, 0.4], expectedPurchases: [1, 2, 3, 4], clv: [10, 20, 30, 40] });
    const outOfStep = alignClvColumns(["b", "a", "z"], { id: ["a", "b"], pAlive: [0.1, 0.2], expectedPurchases: [1, 2], clv: null });
    return {
      small: [...sampleIndexes(7)], bigLength: big.length, first: big[0], last: big[big.length - 1], increasing,
      again: [...sampleIndexes(12_345)].join() === [...big].join(),
      aligned: { pAlive: [...aligned.pAlive], clv: [...aligned.clv], missing: aligned.missing },
      outOfStep: { pAlive: [...outOfStep.pAlive].map(String), clv: outOfStep.clv, missing: outOfStep.missing },
    };
  });
  assert.deepEqual(units.small, [0, 1, 2, 3, 4, 5, 6]);
  assert.deepEqual([units.bigLength, units.first, units.increasing, units.again], [5000, 0, true, true]);
  assert.ok(units.last >= 12_345 - 3 && units.last < 12_345, "the sample spans the whole id order");
  assert.deepEqual(units.aligned, { pAlive: [0.1, 0.2, 0.4], clv: [10, 20, 40], missing: 0 }, "paired by id, skipping a CLV-only customer");
  assert.deepEqual(units.outOfStep, { pAlive: ["0.2", "0.1", "NaN"], clv: null, missing: 1 }, "ids out of step are still paired; a missing one is counted");

  // 6,000 customers, each buying 1 to 4 times at their own pace (made here, deterministic).
  const lines = ["customer,date,amount"];
  for (let i = 0; i < 6000; i += 1) {
    const purchases = 1 + (i % 4);
    const gap = 20 + ((i * 37) % 90);
    const first = (i * 13) % 300;
    for (let k = 0; k < purchases; k += 1) {
      const date = new Date(Date.UTC(2023, 0, 1 + first + k * gap)).toISOString().slice(0, 10);
      lines.push(`K${String(i).padStart(5, "0")},${date},${(20 + ((i * 7 + k * 13) % 180)).toFixed(2)}`);
    }
  }
  const text = `${lines.join("\n")}\n`;
  const big = await moduleInPage(page, { text, fileName: "many.csv", clv: {} });
  assert.equal(big.clv.thrown, undefined, JSON.stringify(big.clv.thrown));
  await chooseFile(page, { name: "many.csv", buffer: Buffer.from(text) });
  await page.waitForFunction(() => document.querySelector("clientele-dashboard").shadowRoot.querySelector('[data-field="file-name"]')?.textContent === "many.csv", null, { timeout: 30_000 });
  await openView(page, "value");
  await page.waitForFunction(() => document.querySelector("clientele-dashboard").shadowRoot.querySelector(".chart-value-scatter")?.dataset.points === "5000", null, { timeout: 30_000 });
  await settle();
  const caption = await page.textContent('clientele-dashboard [data-card="clv-scatter"] .card-caption');
  assert.equal(caption, `An even sample of 5,000 of ${big.clv.customerCount.toLocaleString("en-US")} customers; further right = longer since their last purchase (weeks).`);
  assert.equal(Number(await page.getAttribute("clientele-dashboard .chart-value-histogram", "data-customers")), big.clv.customerCount);
  assert.equal(Number((await readKpis()).clv.value), big.clv.totals.clv);
  await screenshot(page, "value-many-en", { fullPage: true });
  assert.deepEqual(env.log.problems, []);
  assert.deepEqual(env.log.foreign, []);
});
