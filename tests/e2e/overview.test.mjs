// E2E: the sample's Overview matches the module's own results in the same page; languages; Settings change the map; CSV and PNG exports.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { launchWithSample, waitForState, screenshot, inShadow, moduleInPage, formatInPage, openView, REPO, ARTIFACTS, chooseLanguage } from "./helpers.mjs";

const README_SCREENSHOT = path.join(REPO, "www/img/screenshot.png"); // written only with CLIENTELE_UPDATE_SCREENSHOT=1
const SAMPLE = { url: "./samples/orders.csv", fileName: "orders.csv" };

let env;
let page;
let direct; // the module's results for the sample, computed in the page's main thread

before(async () => {
  env = await launchWithSample();
  page = env.page;
  direct = await moduleInPage(page, { ...SAMPLE, compare: { by: ["segment"], top: 1 } });
  assert.equal(direct.thrown, undefined, `the sample loads directly: ${JSON.stringify(direct.thrown)}`);
});

after(async () => {
  await env?.close();
});

/** The segment table as shown: one entry per row plus the total row. */
function readSegmentTable() {
  return inShadow(page, (root) => {
    const cell = (row, col) => row.querySelector(`[data-col="${col}"]`)?.textContent.trim() ?? null;
    const rows = [...root.querySelectorAll("[data-table=segments] tbody tr")].map((row) => ({
      segment: row.dataset.segment ?? null,
      label: row.querySelector(".segment-label")?.textContent ?? null,
      customers: cell(row, "customers"),
      revenue: cell(row, "revenue"),
      revenueShare: cell(row, "revenueShare"),
      action: cell(row, "action"),
    }));
    const total = root.querySelector("[data-table=segments] tfoot tr");
    return { rows, totalCustomers: total ? cell(total, "customers") : null };
  });
}

async function expectedSegmentRows(segments, lang) {
  const shown = segments.filter((s) => s.customers > 0);
  const texts = await formatInPage(page, lang, shown.flatMap((s) => [["integer", s.customers], ["money", s.revenue], ["percent", s.revenueShare]]));
  return shown.map((s, i) => ({
    segment: s.name,
    label: lang === "zh-CN" ? s.label.zh : s.label.en,
    customers: texts[3 * i],
    revenue: texts[3 * i + 1],
    revenueShare: texts[3 * i + 2],
  }));
}

test("the sample loads in a worker, and the KPI cards show the module's numbers", async () => {
  const paths = env.log.requests.map((url) => new URL(url).pathname);
  for (const fetchedByWorker of ["/worker.js", "/pkg/clientele.js", "/pkg/clientele_bg.wasm", "/samples/orders.csv"]) {
    assert.ok(paths.includes(fetchedByWorker), `the request log includes ${fetchedByWorker}`);
  }
  assert.ok(page.workers().length >= 1, "the module runs in a worker");
  await page.waitForTimeout(300); // let the charts finish their first frame for the screenshot
  await screenshot(page, "overview-en");
  if (process.env.CLIENTELE_UPDATE_SCREENSHOT === "1") await page.screenshot({ path: README_SCREENSHOT });
  await screenshot(page, "overview-en-full", { fullPage: true });

  const kpis = await inShadow(page, (root) => Object.fromEntries([...root.querySelectorAll("[data-kpi]")].map((card) =>
    [card.dataset.kpi, { value: card.dataset.value, text: card.querySelector(".kpi-value").textContent }])));
  const { rfm, compare } = direct;
  assert.equal(Number(kpis.customers.value), rfm.customersScored);
  assert.equal(Number(kpis.orders.value), compare.total.orders, "orders = the module's total");
  assert.equal(compare.total.orders, direct.orders, "…which is also the sum of the customers' order counts");
  assert.equal(Number(kpis.revenue.value), compare.total.revenue);
  assert.equal(Number(kpis.aov.value), compare.total.aov);
  assert.equal(Number(kpis.pareto.value), rfm.paretoPoint.share);
  const [customers, orders, aov, pareto] = await formatInPage(page, "en", [
    ["integer", rfm.customersScored], ["integer", compare.total.orders], ["money", compare.total.aov], ["percent", rfm.paretoPoint.share]]);
  assert.deepEqual([kpis.customers.text, kpis.orders.text, kpis.aov.text, kpis.pareto.text], [customers, orders, aov, pareto]);
});

test("segment table, pyramid and lifecycle match rfm(); every chart is drawn", async () => {
  const { rfm } = direct;
  const table = await readSegmentTable();
  assert.deepEqual(table.rows.map(({ action, ...row }) => row), await expectedSegmentRows(rfm.segments, "en"));
  assert.ok(table.rows.every((row) => row.action && row.action.length > 10), "every segment has a suggested action");
  assert.equal(table.totalCustomers, (await formatInPage(page, "en", [["integer", rfm.customersScored]]))[0]);

  const tiers = await inShadow(page, (root) => [...root.querySelectorAll("[data-table=tiers] tbody tr")].map((row) =>
    [row.dataset.tier, row.querySelector("[data-col=customers]").textContent]));
  assert.deepEqual(tiers, rfm.tiers.map((tier) => [tier.name, tier.customers.toLocaleString("en-US")]));
  const stages = await inShadow(page, (root) => [...root.querySelectorAll("[data-stage]")].map((item) =>
    [item.dataset.stage, item.querySelector("[data-col=customers]").textContent]));
  assert.deepEqual(stages, rfm.lifecycle.map((stage) => [stage.stage, stage.customers.toLocaleString("en-US")]));

  const charts = await inShadow(page, (root) => [...root.querySelectorAll("[data-card]")].filter((card) => card.querySelector("canvas"))
    .map((card) => ({ card: card.dataset.card, width: card.querySelector("canvas").getBoundingClientRect().width, label: card.querySelector(".chart").getAttribute("aria-label") })));
  assert.deepEqual(charts.map((c) => c.card).sort(), ["heatmap", "pyramid", "treemap"]);
  for (const chart of charts) {
    assert.ok(chart.width > 200, `${chart.card} is drawn`);
    assert.ok(chart.label?.length > 5, `${chart.card} has a description for screen readers`);
  }
  assert.deepEqual(env.log.foreign, [], "no request to another origin");
  assert.deepEqual(env.log.failed, [], "no failed request");
  assert.deepEqual(env.log.problems, [], "no error, console error or dialog");
});

test("a segment's target list downloads as the module's exportCustomers() CSV", async () => {
  const champions = direct.rfm.segments.find((s) => s.name === "Champions");
  assert.ok(champions.customers > 0);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.click('clientele-dashboard [data-export-segment="Champions"]'),
  ]);
  const saved = path.join(ARTIFACTS, "export-champions.csv");
  await download.saveAs(saved);
  assert.match(download.suggestedFilename(), /^orders-Champions\.csv$/);
  const bytes = await readFile(saved);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], "UTF-8 with BOM, for Excel");
  const expected = await moduleInPage(page, { ...SAMPLE, exportFilter: { segment: "Champions", format: "csv", lang: "en" } });
  assert.equal(bytes.toString("utf8"), expected.csv, "byte for byte the module's CSV");
  const lines = expected.csv.trim().split(/\r?\n/);
  assert.equal(lines.length, champions.customers + 1, "a header and one line per Champion");

  const [tierDownload] = await Promise.all([page.waitForEvent("download"), page.click('clientele-dashboard [data-export-tier="VIP"]')]);
  const tierText = await readFile(await tierDownload.path(), "utf8");
  const vip = await moduleInPage(page, { ...SAMPLE, exportFilter: { tier: "VIP", format: "csv", lang: "en" } });
  assert.equal(tierText, vip.csv);
});

test("any chart downloads as a PNG", async () => {
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.click('clientele-dashboard [data-card="treemap"] [data-action="png"]'),
  ]);
  const saved = path.join(ARTIFACTS, "export-treemap.png");
  await download.saveAs(saved);
  const png = await readFile(saved);
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "a PNG file");
  const width = png.readUInt32BE(16);
  const onScreen = await inShadow(page, (root) => root.querySelector('[data-card="treemap"] .chart').getBoundingClientRect().width);
  assert.ok(width >= 2 * onScreen, `rendered at twice the size (${width} px wide for ${onScreen} px on screen)`);
});

test("简体中文: labels, segment names and number formats switch; only the language is stored", async () => {
  await chooseLanguage(page, "zh-CN");
  await page.waitForFunction(() => document.documentElement.lang === "zh-CN");
  await page.waitForTimeout(300);
  await screenshot(page, "overview-zh");
  const table = await readSegmentTable();
  assert.deepEqual(table.rows.map(({ action, ...row }) => row), await expectedSegmentRows(direct.rfm.segments, "zh-CN"));
  assert.equal(table.rows.find((row) => row.segment === "Champions").label, "冠军客户");
  assert.match(table.rows.find((row) => row.segment === "Champions").action, /[\u4e00-\u9fff]/, "actions are translated");
  const labels = await inShadow(page, (root) => ({
    tabs: [...root.querySelectorAll("[role=tab]")].map((tab) => tab.textContent),
    customersHeader: root.querySelector('[data-table=segments] thead [data-col="customers"]').textContent,
    kpi: root.querySelector('[data-kpi="customers"] .kpi-label').textContent,
    open: root.querySelector('[data-action="open"]').textContent,
    date: root.querySelector('[data-field="analysis-date"]').textContent,
  }));
  assert.deepEqual(labels.tabs, ["概览", "市场", "留存", "商品", "客户价值", "客户", "客户画像", "营销活动", "数据与列映射", "设置"]);
  assert.equal(labels.customersHeader, "客户数");
  assert.equal(labels.kpi, "客户数");
  assert.equal(labels.open, "打开文件…");
  assert.equal(labels.date, "2025年1月1日");

  const stored = await page.evaluate(() => ({ local: { ...localStorage }, session: { ...sessionStorage } }));
  assert.deepEqual(stored, { local: { "clientele.language": "zh-CN" }, session: {} }, "the language and nothing else");
  await page.reload();
  await waitForState(page, "ready");
  assert.equal(await page.evaluate(() => document.documentElement.lang), "zh-CN", "the choice survives a reload");
  assert.equal(await page.getAttribute('clientele-dashboard button[data-lang="zh-CN"]', "aria-pressed"), "true");
  await page.click('clientele-dashboard button[data-lang="en"]');
});

test("Settings: choosing the cn-8 map changes the segment table to the module's cn-8 result", async () => {
  await openView(page, "settings");
  await page.selectOption('clientele-dashboard [data-setting="segmentMap"]', "cn-8");
  await page.click('clientele-dashboard [data-action="apply-settings"]');
  await page.waitForSelector('clientele-dashboard [data-field="settings-feedback"]');
  await screenshot(page, "settings-en", { fullPage: true });
  await openView(page, "overview");
  const cn8 = await moduleInPage(page, { ...SAMPLE, rfm: { segmentMap: "cn-8" } });
  const table = await readSegmentTable();
  assert.deepEqual(table.rows.map(({ action, ...row }) => row), await expectedSegmentRows(cn8.rfm.segments, "en"));
  assert.ok(table.rows.some((row) => row.segment === "Important Value"), "cn-8 segment names");
});

test("Settings: a custom JSON map shows its audit, and customers of uncovered cells become Other", async () => {
  await openView(page, "settings");
  await page.selectOption('clientele-dashboard [data-setting="segmentMap"]', "custom");
  // The starter map without its last rule ("Lost": cell 11): that cell is then uncovered.
  const map = await inShadow(page, (root) => {
    const editor = root.querySelector('[data-setting="customMap"]');
    const parsed = JSON.parse(editor.value);
    parsed.rules = parsed.rules.filter((rule) => rule.segment !== "Lost");
    editor.value = JSON.stringify(parsed, null, 2);
    editor.dispatchEvent(new Event("input"));
    return parsed;
  });
  await page.click('clientele-dashboard [data-action="apply-settings"]');
  await page.waitForSelector('clientele-dashboard [data-audit="uncovered"]');
  await screenshot(page, "settings-custom-map", { fullPage: true });
  const custom = await moduleInPage(page, { ...SAMPLE, rfm: { segmentMap: map } });
  assert.deepEqual(custom.rfm.audit.uncovered, ["11"]);
  const audit = await inShadow(page, (root) => [...root.querySelectorAll('[data-audit="uncovered"] code')].map((code) => code.textContent));
  assert.deepEqual(audit, custom.rfm.audit.uncovered, "the page shows the module's audit");

  await openView(page, "overview");
  const table = await readSegmentTable();
  assert.deepEqual(table.rows.map(({ action, ...row }) => row), await expectedSegmentRows(custom.rfm.segments, "en"));
  assert.ok(table.rows.some((row) => row.segment === "Other") && !table.rows.some((row) => row.segment === "Lost"));

  // Broken JSON is refused with a message, and the current map stays.
  await openView(page, "settings");
  await inShadow(page, (root) => {
    const editor = root.querySelector('[data-setting="customMap"]');
    editor.value = "{ not json";
    editor.dispatchEvent(new Event("input"));
  });
  await page.click('clientele-dashboard [data-action="apply-settings"]');
  await page.waitForSelector('clientele-dashboard [data-field="settings-feedback"][data-code="json_invalid"]');
  // A map for another number of bins: the engine's invalid_option, shown in words.
  await page.click('clientele-dashboard [data-action="starter-map"]');
  await inShadow(page, (root) => {
    const editor = root.querySelector('[data-setting="customMap"]');
    editor.value = editor.value.replace('"rescale": true', '"rescale": false');
    editor.dispatchEvent(new Event("input"));
    root.querySelector('[data-setting="bins"]').value = "4";
  });
  await page.click('clientele-dashboard [data-action="apply-settings"]');
  await page.waitForSelector('clientele-dashboard [data-field="settings-feedback"][data-code="invalid_option"]');
  const feedback = await page.textContent('clientele-dashboard [data-field="settings-feedback"]');
  assert.match(feedback, /bins/, feedback);
  await page.click('clientele-dashboard [data-action="reset-settings"]');
  await page.waitForSelector('clientele-dashboard [data-field="settings-feedback"]');
  await openView(page, "overview");
  assert.ok((await readSegmentTable()).rows.some((row) => row.segment === "Lost"), "back to rfm-11");
  assert.deepEqual(env.log.problems, []);
});

test("a rule named like the remainder segment: two segments, each filtered and exported by its own code", async () => {
  await openView(page, "settings");
  await page.selectOption('clientele-dashboard [data-setting="segmentMap"]', "custom");
  // The starter map with "Lost" (cell 11) renamed "Other", and "Hibernating" (cell 12) left out: its customers
  // fall to the remainder, also called "Other".
  const map = await inShadow(page, (root) => {
    const editor = root.querySelector('[data-setting="customMap"]');
    const parsed = JSON.parse(editor.value);
    parsed.rules = parsed.rules.filter((rule) => rule.segment !== "Hibernating")
      .map((rule) => (rule.segment === "Lost" ? { ...rule, segment: "Other", label: { en: "Other", zh: "其他" } } : rule));
    editor.value = JSON.stringify(parsed, null, 2);
    editor.dispatchEvent(new Event("input"));
    return parsed;
  });
  await page.click('clientele-dashboard [data-action="apply-settings"]');
  await page.waitForSelector('clientele-dashboard [data-audit="uncovered"]');
  const custom = await moduleInPage(page, { ...SAMPLE, rfm: { segmentMap: map } });
  const others = custom.rfm.segments.map((segment, code) => ({ ...segment, code })).filter((segment) => segment.name === "Other");
  assert.equal(others.length, 2, "the rule and the remainder are two segments");
  assert.deepEqual(others.map((segment) => Boolean(segment.other)), [false, true], "the module flags the remainder");
  assert.ok(others.every((segment) => segment.customers > 0));
  assert.notEqual(others[0].customers, others[1].customers, "(the fixture tells them apart by size)");

  await openView(page, "overview");
  const exports = await page.$$('clientele-dashboard [data-table=segments] tbody tr[data-segment="Other"] [data-export-segment]');
  assert.equal(exports.length, 2, "two rows, in the map's order (the remainder last)");
  for (const [index, segment] of others.entries()) {
    const [download] = await Promise.all([page.waitForEvent("download"), exports[index].click()]);
    const text = await readFile(await download.path(), "utf8");
    const expected = await moduleInPage(page, { ...SAMPLE, rfm: { segmentMap: map }, exportFilter: { segmentCode: segment.code, format: "csv", lang: "en" } });
    assert.equal(text, expected.csv, `segment ${segment.code}: the module's CSV of that code`);
    assert.equal(text.trim().split(/\r?\n/).length, segment.customers + 1);
  }
  await (await page.$$('clientele-dashboard [data-table=segments] tbody tr[data-segment="Other"] .segment-link'))[1].click();
  await page.waitForSelector('clientele-dashboard [role=tabpanel][data-view="customers"]:not([hidden])');
  assert.equal(Number(await page.getAttribute('clientele-dashboard [data-field="customer-count"]', "data-value")), others[1].customers, "the remainder's customers");
  await page.selectOption('clientele-dashboard [data-control="filter-segment"]', String(others[0].code));
  await page.waitForFunction((n) => document.querySelector("clientele-dashboard").shadowRoot.querySelector('[data-field="customer-count"]').dataset.value === String(n), others[0].customers);
  await page.selectOption('clientele-dashboard [data-control="filter-segment"]', "");
  await openView(page, "settings");
  await page.click('clientele-dashboard [data-action="reset-settings"]');
  await page.waitForSelector('clientele-dashboard [data-field="settings-feedback"]');
  await openView(page, "overview");
  assert.deepEqual(env.log.problems, []);
});

test("Customers: search, sort, and a segment picked from the Overview", async () => {
  await page.click('clientele-dashboard [data-segment="Champions"] .segment-link');
  await page.waitForSelector('clientele-dashboard [role=tabpanel][data-view="customers"]:not([hidden])');
  const champions = direct.rfm.segments.find((s) => s.name === "Champions").customers;
  const count = await page.getAttribute('clientele-dashboard [data-field="customer-count"]', "data-value");
  assert.equal(Number(count), champions, "filtered to the Champions");
  await screenshot(page, "customers-champions");
  await page.selectOption('clientele-dashboard [data-control="filter-segment"]', "");
  await page.fill('clientele-dashboard [data-control="search"]', "c00001");
  await page.waitForFunction(() => document.querySelector("clientele-dashboard").shadowRoot.querySelector('[data-field="customer-count"]').dataset.value === "10");
  const { rfm: _rfm, customers } = await moduleInPage(page, { ...SAMPLE, columns: true });
  const expected = customers.id.filter((id) => id.toLowerCase().includes("c00001")).length;
  assert.equal(expected, 10);
  await page.click('clientele-dashboard [data-sort="id"]');
  const ids = await inShadow(page, (root) => [...root.querySelectorAll("[data-table=customers] tbody tr[data-customer]")].map((row) => row.dataset.customer));
  assert.deepEqual(ids, [...ids].sort(), "sorted by id");
  assert.ok(ids.every((id) => id.toLowerCase().includes("c00001")));
  await page.fill('clientele-dashboard [data-control="search"]', "");
  await openView(page, "overview");
});
