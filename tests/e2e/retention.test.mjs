// E2E: the Retention view shows the module's trend() and cohorts() for the sample (the module's defaults, called in
// the same page): the trend by month with the incomplete period marked, the cohort heatmap and its numbers, the
// churn table; who moved between segments since last month (the matrix and the biggest flows in words, by segment
// and by tier); then in 简体中文 the same numbers in Chinese words and formats; no request to another origin.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { launchWithSample, screenshot, inShadow, formatInPage, openView, REPO, chooseLanguage } from "./helpers.mjs";

const en = (await import(path.join(REPO, "www/i18n/en.js"))).default;
const zh = (await import(path.join(REPO, "www/i18n/zh-CN.js"))).default;

let env;
let page;
let direct; // the module's answers for the sample, computed in the page's main thread

/**
 * Calls the module directly in the page: trend() and cohorts() of `url` with `options` each (no customer columns),
 * the RFM summary, and migration() for each of `migrations` (without its customer columns).
 */
function retentionInPage(page, url, { trend = {}, cohorts = {}, migrations = [] } = {}) {
  return page.evaluate(async ({ url, trend, cohorts, migrations }) => {
    const module = await import(new URL("./pkg/clientele.js", location.href).href);
    await module.default();
    const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
    const dataset = module.Dataset.fromBytes(bytes, { fileName: "orders.csv" });
    try {
      const { customers, ...cohortSummary } = dataset.cohorts(cohorts);
      const { customers: rfmCustomers, ...rfm } = dataset.rfm({});
      const migration = migrations.map((options) => {
        const { customers: moved, ...summary } = dataset.migration(options);
        return { ...summary, customerCount: moved.id.length };
      });
      return { catalog: module.catalog(), trend: dataset.trend(trend), cohorts: { ...cohortSummary, customerCount: customers.id.length }, rfm, migration, scored: rfmCustomers.id.length };
    } finally {
      dataset.free();
    }
  }, { url, trend, cohorts, migrations });
}

before(async () => {
  env = await launchWithSample();
  page = env.page;
  direct = await retentionInPage(page, "./samples/orders.csv");
  // "Since last month": one calendar month before the analysis date, computed here independently of the page.
  const [year, month, day] = direct.rfm.analysisDate.split("-").map(Number);
  const lastDay = new Date(Date.UTC(year, month - 1, 0)).getUTCDate();
  lastMonth = new Date(Date.UTC(year, month - 2, Math.min(day, lastDay))).toISOString().slice(0, 10);
  const migrations = await retentionInPage(page, "./samples/orders.csv", {
    migrations: [{ from: lastMonth, by: direct.catalog.defaults.migration.by }, { from: lastMonth, by: "tier" }],
  });
  [bySegment, byTier] = migrations.migration;
});

let lastMonth;
let bySegment; // the module's migration() since last month by the default class (segment)
let byTier;

/** The labels of the classes of a migration by `by` in `lang`, from the RFM result (and the page's words for new / none). */
function classLabel(name, by, strings) {
  const { migration } = direct.catalog.defaults;
  if (name === migration.new) return strings["retention.migration.new"];
  if (name === migration.none) return strings["retention.migration.none"];
  const list = { segment: direct.rfm.segments, tier: direct.rfm.tiers, lifecycle: direct.rfm.lifecycle }[by];
  const item = list.find((entry) => (entry.name ?? entry.stage) === name);
  return strings === zh ? item.label.zh : item.label.en;
}

/** Asserts the migration card shows `result`: the matrix's counts and names, and its three biggest moves in words. */
async function expectMigration(result, lang) {
  const strings = lang === "zh-CN" ? zh : en;
  await page.waitForFunction((by) => document.querySelector("clientele-dashboard").shadowRoot.querySelector(`[data-table=migration][data-by=${by}]`), result.by, { timeout: 30_000 });
  const shown = await inShadow(page, (root) => {
    const table = root.querySelector("[data-table=migration]");
    return {
      ...table.dataset,
      columns: [...table.querySelectorAll("thead th[data-column]")].map((th) => [th.dataset.column, th.textContent]),
      rows: [...table.querySelectorAll("tbody tr")].map((tr) => [tr.dataset.row, tr.querySelector("th").textContent, [...tr.querySelectorAll("td")].map((td) => Number(td.dataset.value))]),
      // The sentence of each flow (a button that opens its customers, beside its CSV button).
      flows: [...root.querySelectorAll("[data-field=migration-flows] li")].map((li) => (li.querySelector("[data-action=open-flow]") ?? li).textContent),
      summary: { ...root.querySelector("[data-field=migration-summary]").dataset },
    };
  });
  assert.deepEqual([shown.from, shown.to], [lastMonth, direct.rfm.analysisDate], "since one calendar month before the analysis date");
  assert.deepEqual(shown.columns, result.columns.map((name) => [name, classLabel(name, result.by, strings)]));
  assert.deepEqual(shown.rows, result.rows.map((name, i) => [name, classLabel(name, result.by, strings), result.counts[i]]), "every cell is the module's count");
  assert.deepEqual([shown.summary.stayed, shown.summary.moved, shown.summary.new, shown.summary.none].map(Number),
    [result.summary.stayed, result.summary.moved, result.summary.new, result.summary.none]);
  // The biggest moves, recomputed here: class to another class, most customers first.
  const moves = [];
  result.counts.forEach((cells, i) => cells.forEach((count, j) => {
    if (i < result.rows.length - 1 && j < result.columns.length - 1 && count > 0 && result.rows[i] !== result.columns[j]) moves.push([count, i, j]);
  }));
  moves.sort((a, b) => b[0] - a[0] || a[1] - b[1] || a[2] - b[2]);
  assert.ok(moves.length >= 3, "customers changed class in the sample's last month");
  const count = (n) => new Intl.NumberFormat(lang, { maximumFractionDigits: 0 }).format(n);
  assert.deepEqual(shown.flows.slice(0, 3), moves.slice(0, 3).map(([n, i, j]) => strings["retention.migration.flow"]
    .replace("{count}", count(n)).replace("{from}", classLabel(result.rows[i], result.by, strings)).replace("{to}", classLabel(result.columns[j], result.by, strings))));
}

after(async () => {
  await env?.close();
});

const settle = () => page.waitForSelector('clientele-dashboard [data-field="retention-results"][aria-busy="false"] [data-card="retention-trend"]', { timeout: 30_000 });

/** A table of the view's numbers: per row key, per column `{ value, text }`, and the row's header text. */
const readTable = (name) => inShadow(page, (root, name) => [...root.querySelectorAll(`[data-table=${name}] tbody tr`)].map((row) => ({
  key: row.dataset.row,
  name: row.querySelector("th").textContent,
  cells: Object.fromEntries([...row.querySelectorAll("td")].map((cell) => [cell.dataset.col, { value: cell.dataset.value, text: cell.textContent }])),
})), name);

const num = (value) => (value === "" ? null : Number(value));

/** Asserts the view's trend, cohort and churn tables hold the module's numbers, formatted in `lang`. */
async function expectShown(lang) {
  const strings = lang === "zh-CN" ? zh : en;
  const { trend, cohorts } = direct;

  const trendRows = await readTable("trend");
  assert.equal(trendRows.length, trend.rows.length, "one row per period of the module's trend");
  assert.ok(trend.rows.length >= 12, "the sample spans more than a year of months");
  const trendTexts = await formatInPage(page, lang, trend.rows.flatMap((row) => [["money", row.revenue], ["integer", row.newCustomers], ["integer", row.returningCustomers]]));
  trendRows.forEach((shown, i) => {
    const row = trend.rows[i];
    assert.equal(shown.key, row.period);
    assert.equal(shown.name, row.complete ? row.period : `${row.period} ${strings["retention.incompleteMark"]}`);
    assert.deepEqual(
      [num(shown.cells.revenue.value), num(shown.cells.orders.value), num(shown.cells.customers.value), num(shown.cells.newCustomers.value), num(shown.cells.returningCustomers.value), num(shown.cells.aov.value)],
      [row.revenue, row.orders, row.customers, row.newCustomers, row.returningCustomers, row.aov], `period ${row.period}: the module's numbers`);
    assert.deepEqual([shown.cells.revenue.text, shown.cells.newCustomers.text, shown.cells.returningCustomers.text], trendTexts.slice(3 * i, 3 * i + 3));
  });
  const chart = await inShadow(page, (root) => ({ ...root.querySelector(".chart-retention-trend").dataset }));
  assert.equal(Number(chart.periods), trend.rows.length);
  assert.equal(chart.incomplete, trend.rows.filter((row) => !row.complete).map((row) => row.period).join(" "), "the incomplete periods are the module's");

  const cohortRows = await readTable("cohorts");
  assert.equal(cohortRows.length, cohorts.cohorts.length + 1, "every cohort, then the average");
  cohorts.cohorts.forEach((row, i) => {
    const shown = cohortRows[i];
    assert.equal(shown.key, row.cohort);
    assert.equal(num(shown.cells.customers.value), row.customers);
    const retention = Object.keys(shown.cells).filter((col) => /^k\d+$/.test(col)).map((col) => num(shown.cells[col].value));
    assert.deepEqual(retention.slice(0, row.retention.length), row.retention, `cohort ${row.cohort}: the module's retention, null beyond the data`);
    assert.ok(retention.slice(row.retention.length).every((value) => value === null));
  });
  const average = cohortRows.at(-1);
  assert.equal(average.name, strings["retention.cohorts.average"]);
  const averages = Object.keys(average.cells).filter((col) => /^k\d+$/.test(col)).map((col) => num(average.cells[col].value));
  assert.deepEqual(averages.slice(0, cohorts.averageRetention.length), cohorts.averageRetention);
  const k1 = cohorts.cohorts[0].retention[1];
  assert.equal(cohortRows[0].cells.k1.text, (await formatInPage(page, lang, [["percent", k1]]))[0], "percentages in the language's format");
  const heatmap = await inShadow(page, (root) => ({ cohorts: Number(root.querySelector(".chart-retention-cohorts").dataset.cohorts), height: root.querySelector(".chart-retention-cohorts canvas")?.getBoundingClientRect().height }));
  assert.equal(heatmap.cohorts, cohorts.cohorts.length, "the sample's cohorts (two years of months) are all in the heatmap");
  assert.ok(heatmap.height >= heatmap.cohorts * 20, `the heatmap gives each cohort a readable row (${heatmap.height} px for ${heatmap.cohorts})`);

  const churnRows = await readTable("churn");
  assert.ok(cohorts.churn.length > 0, "the sample has complete months to measure churn in");
  assert.deepEqual(churnRows.map((row) => [row.key, num(row.cells.base.value), num(row.cells.churned.value), num(row.cells.churnRate.value), num(row.cells.new.value), num(row.cells.reactivated.value)]),
    cohorts.churn.map((row) => [row.period, row.base, row.churned, row.churnRate, row.new, row.reactivated]));
  const rated = cohorts.churn.find((row) => row.churnRate !== null);
  const ratedText = churnRows.find((row) => row.key === rated.period).cells.churnRate.text;
  assert.equal(ratedText, (await formatInPage(page, lang, [["percent", rated.churnRate]]))[0]);

  const titles = await inShadow(page, (root) => Object.fromEntries([...root.querySelectorAll("[data-card^=retention] h3")].map((h) => [h.closest("[data-card]").dataset.card, h.textContent])));
  assert.deepEqual(titles, {
    "retention-trend": strings["retention.trend.title"].replace("{period}", strings[`retention.unit.${trend.period}`]),
    "retention-cohorts": strings["retention.cohorts.title"],
    "retention-churn": strings["retention.churn.title"],
    "retention-migration": strings["retention.migration.title"],
  });
  const canvases = await inShadow(page, (root) => [...root.querySelectorAll("[data-card^=retention] .chart")].map((c) => c.querySelector("canvas")?.getBoundingClientRect().width ?? 0));
  assert.equal(canvases.length, 3, "three charts drawn");
  for (const width of canvases) assert.ok(width > 200);
}

test("the Retention view shows the module's trend(), cohorts and churn with catalog()'s defaults", async () => {
  assert.equal(direct.trend.period, direct.catalog.defaults.trend.period, "the view's first question is the module's default period");
  assert.equal(direct.cohorts.period, direct.catalog.defaults.cohorts.period);
  assert.equal(direct.cohorts.churnThresholdDays, direct.catalog.defaults.cohorts.atRiskDays);
  assert.equal(await page.textContent('clientele-dashboard [role=tab][data-view="retention"]'), "Retention");
  await openView(page, "retention");
  await settle();
  await expectShown("en");
  await expectMigration(bySegment, "en");
  await page.click('clientele-dashboard [data-card="retention-cohorts"] summary');
  await page.waitForTimeout(300);
  await screenshot(page, "retention-en", { fullPage: true });
  assert.deepEqual(env.log.foreign, [], "no request to another origin");
  assert.deepEqual(env.log.problems, []);
});

test("简体中文: the same numbers, in Chinese words and formats", async () => {
  const requests = env.log.requests.length;
  await chooseLanguage(page, "zh-CN");
  await page.waitForSelector('clientele-dashboard [role=tab][data-view="retention"][aria-selected="true"]');
  assert.equal(await page.textContent('clientele-dashboard [role=tab][data-view="retention"]'), "留存");
  await settle();
  await expectShown("zh-CN");
  await expectMigration(bySegment, "zh-CN");
  const headers = await inShadow(page, (root) => [...root.querySelectorAll("[data-table=churn] thead th")].map((th) => th.textContent));
  assert.deepEqual(headers.slice(1), ["期初活跃客户", "流失客户", "流失率", "新客户", "回流客户"], "the contract's labels (analytics.md §12.5)");
  await page.waitForTimeout(300);
  await screenshot(page, "retention-zh", { fullPage: true });
  // split (issue 17.13): but the Chinese strings, the first time Chinese is chosen.
  const fetched = env.log.requests.slice(requests).map((url) => new URL(url).pathname);
  assert.deepEqual(fetched, ["/i18n/zh-CN.js"], "a language change fetches nothing but its strings");
  assert.deepEqual(env.log.foreign, []);
  assert.deepEqual(env.log.problems, []);
});

test("migration by value tier: the module's matrix with ups and downs", async () => {
  await page.selectOption('clientele-dashboard [data-option="migration-by"]', "tier");
  await expectMigration(byTier, "zh-CN");
  assert.ok(byTier.summary.up !== null && byTier.summary.down !== null, "tiers have ups and downs");
  const summary = await page.textContent('clientele-dashboard [data-field="migration-summary"]');
  assert.ok(summary.includes(zh["retention.migration.updown"].replace("{up}", String(byTier.summary.up)).replace("{down}", String(byTier.summary.down))), summary);
  await screenshot(page, "retention-migration-tier-zh", { fullPage: true });
  assert.deepEqual(env.log.foreign, []);
  assert.deepEqual(env.log.problems, []);
});

test("an analysis date in mid-month (Settings): the month it cuts short is marked incomplete, as the module says", async () => {
  const date = "2024-12-15";
  const cut = await retentionInPage(page, "./samples/orders.csv", { trend: { analysisDate: date }, cohorts: { analysisDate: date } });
  const incomplete = cut.trend.rows.filter((row) => !row.complete);
  assert.deepEqual(incomplete.map((row) => row.period), ["2024-12"], "the module cuts December short");
  assert.equal(cut.cohorts.lastPeriodComplete, false);
  await openView(page, "settings");
  await page.fill('clientele-dashboard [data-setting="analysisDate"]', date);
  await page.click('clientele-dashboard [data-action="apply-settings"]');
  await page.waitForSelector(`clientele-dashboard [data-field="analysis-date"][datetime="${date}"]`, { timeout: 30_000 });
  await openView(page, "retention");
  await page.waitForFunction(() => document.querySelector("clientele-dashboard").shadowRoot.querySelector(".chart-retention-trend")?.dataset.incomplete === "2024-12", null, { timeout: 30_000 });
  await settle();
  const rows = await readTable("trend");
  assert.deepEqual(rows.map((row) => [row.key, row.name, num(row.cells.revenue.value)]),
    cut.trend.rows.map((row) => [row.period, row.complete ? row.period : `${row.period} ${zh["retention.incompleteMark"]}`, row.revenue]));
  const caption = await page.textContent('clientele-dashboard [data-card="retention-trend"] .card-caption');
  assert.ok(caption.includes(zh["retention.trend.incompleteNote"].replace("{period}", "2024-12")), caption);
  const churn = await readTable("churn");
  assert.deepEqual(churn.map((row) => row.key), cut.cohorts.churn.map((row) => row.period), "churn only over complete months");
  // Since last month: one calendar month before the new date, up to it.
  await page.waitForSelector('clientele-dashboard [data-table=migration][data-from="2024-11-15"][data-to="2024-12-15"]', { timeout: 30_000 });
  await screenshot(page, "retention-incomplete-zh");
  assert.deepEqual(env.log.problems, []);
});
