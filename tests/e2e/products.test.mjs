// E2E: the Products view shows the module's affinity() and growthMatrix() for the sample: the pairs table with
// lift, the heatmap of the strongest pairs, the growth matrix as a 2 × 2 and per region, in English and 简体中文.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { readFile } from "node:fs/promises";
import { launchWithSample, screenshot, inShadow, formatInPage, openView, REPO, chooseLanguage } from "./helpers.mjs";

const en = (await import(path.join(REPO, "www/i18n/en.js"))).default;
const zh = (await import(path.join(REPO, "www/i18n/zh-CN.js"))).default;
// products pairs table: how many pairs the table lists before "Show all (N)".
const { TABLE_PAIRS } = await import(path.join(REPO, "www/views/products.js"));

let env;
let page;
let direct; // the module's answers for the sample, computed in the page's main thread

before(async () => {
  env = await launchWithSample();
  page = env.page;
  direct = await page.evaluate(async () => {
    const module = await import(new URL("./pkg/clientele.js", location.href).href);
    await module.default();
    const bytes = new Uint8Array(await (await fetch("./samples/orders.csv")).arrayBuffer());
    const dataset = module.Dataset.fromBytes(bytes, { fileName: "orders.csv" });
    try {
      const { customers, ...affinity } = dataset.affinity({});
      const recommended = customers.nextItem.filter((item) => item !== null).length;
      return { affinity, recommended, growth: dataset.growthMatrix({ by: "region" }) };
    } finally {
      dataset.free();
    }
  });
  await openView(page, "products");
  await page.waitForSelector("clientele-dashboard [data-table=products-pairs]");
  await page.waitForSelector('clientele-dashboard [data-field="products-results"][aria-busy="false"]');
});

after(async () => {
  await env?.close();
});

const readPairs = () => inShadow(page, (root) => [...root.querySelectorAll("[data-table=products-pairs] tbody tr")].map((row) => ({
  a: row.querySelector('[data-col="a"]').textContent,
  b: row.querySelector('[data-col="b"]').textContent,
  lift: Number(row.querySelector('[data-col="lift"]').dataset.value),
  together: row.querySelector('[data-col="baskets"]').textContent,
})));

const readGrowth = () => inShadow(page, (root) => ({
  title: root.querySelector('[data-card="products-growth"] h3').textContent,
  quadrants: [...root.querySelectorAll("[data-quadrant]")].map((cell) => ({
    quadrant: cell.dataset.quadrant,
    heading: cell.querySelector("h4").textContent,
    exact: cell.dataset.revenue,
    revenue: cell.querySelector('[data-field="revenue"]').textContent,
    share: cell.querySelector('[data-field="share"]').textContent,
  })),
  groups: [...root.querySelectorAll("[data-table=growth-groups] tbody tr")].map((row) => row.dataset.row),
  by: root.querySelector('[data-control="growth-by"]').value,
  heatmap: root.querySelector(".chart-products-pairs canvas") !== null,
}));

async function expectShown(lang) {
  const strings = lang === "zh-CN" ? zh : en;
  const { affinity, growth } = direct;
  assert.ok(affinity.pairs.length > TABLE_PAIRS, "the sample's orders hold more pairs bought together than the table lists");
  // The first TABLE_PAIRS pairs in the module's order, then every pair after "Show all (N)", then the first again.
  const top = affinity.pairs.slice(0, TABLE_PAIRS);
  const [all, first] = await formatInPage(page, lang, [["integer", affinity.pairs.length], ["integer", TABLE_PAIRS]]);
  const toggleText = () => inShadow(page, (root) => root.querySelector('[data-action="pairs-all"]').textContent);
  for (const [expected, text] of [[top, strings["products.pairs.showAll"].replace("{count}", all)],
    [affinity.pairs, strings["products.pairs.showTop"].replace("{count}", first)], [top, strings["products.pairs.showAll"].replace("{count}", all)]]) {
    const pairs = await readPairs();
    assert.deepEqual(pairs.map((p) => [p.a, p.b, p.lift]), expected.map((p) => [p.a, p.b, p.lift]), "the module's pairs, in its order");
    const together = await formatInPage(page, lang, expected.map((p) => ["integer", p.baskets]));
    assert.deepEqual(pairs.map((p) => p.together), together);
    for (let i = 1; i < pairs.length; i++) assert.ok(pairs[i - 1].lift >= pairs[i].lift, "ranked by lift");
    assert.equal(await toggleText(), text);
    await page.click('clientele-dashboard [data-action="pairs-all"]');
  }
  // Three clicks: every pair is listed again; one more brings back the first.
  assert.equal((await readPairs()).length, affinity.pairs.length);
  await page.click('clientele-dashboard [data-action="pairs-all"]');
  assert.equal((await readPairs()).length, TABLE_PAIRS);
  const shown = await readGrowth();
  assert.equal(shown.title, strings["products.growth.title"]);
  assert.equal(shown.heatmap, true, "the heatmap of the strongest pairs is drawn");
  assert.deepEqual(shown.quadrants.map((q) => q.quadrant), ["existingExisting", "existingNew", "newExisting", "newNew"]);
  assert.deepEqual(shown.quadrants.map((q) => q.heading), shown.quadrants.map((q) => strings[`products.growth.quadrant.${q.quadrant}`]));
  assert.deepEqual(shown.quadrants.map((q) => q.exact), growth.cells.map((c) => c.revenueExact), "the 2 × 2 is the module's");
  const money = await formatInPage(page, lang, growth.cells.map((c) => ["money", c.revenue]));
  assert.deepEqual(shown.quadrants.map((q) => q.revenue), money);
  const shares = await formatInPage(page, lang, growth.cells.map((c) => ["percent", c.share]));
  assert.deepEqual(shown.quadrants.map((q) => q.share), shares);
  assert.equal(shown.by, "region");
  assert.deepEqual(shown.groups, growth.groups.map((g) => g.key), "the per-region matrices, in the module's order");
}

test("Try the sample → Products: the pairs table, the heatmap and the growth 2 × 2 are the module's, in English", async () => {
  assert.ok(direct.recommended > 0, "customers get a next product");
  await expectShown("en");
  const title = await inShadow(page, (root) => root.querySelector('[data-card="products-target"] h3').textContent);
  assert.equal(title, en["products.target.title"]);
  await page.waitForTimeout(300);
  await screenshot(page, "products-en", { fullPage: true });
});

test("简体中文: the same numbers in Chinese words and formats", async () => {
  await chooseLanguage(page, "zh-CN");
  await page.waitForSelector('clientele-dashboard [role=tab][data-view="products"]');
  await page.waitForFunction(() => {
    const root = document.querySelector("clientele-dashboard")?.shadowRoot ?? document.querySelector("clientele-dashboard");
    return root?.querySelector('[data-card="products-growth"] h3')?.textContent === "客户增长矩阵";
  });
  const tab = await inShadow(page, (root) => root.querySelector('[role=tab][data-view="products"]').textContent);
  assert.equal(tab, zh["tab.products"]);
  await expectShown("zh-CN");
  await screenshot(page, "products-zh", { fullPage: true });
});

test("the Customers table shows each customer's next product once Products has run", async () => {
  await openView(page, "customers");
  await page.waitForSelector('clientele-dashboard [data-sort="nextItem"]');
  const header = await inShadow(page, (root) => root.querySelector('[data-sort="nextItem"]').textContent);
  assert.ok(header.includes(zh["customers.col.nextItem"]), header);
});

// next product export (issue 16.3): the target list "customers of <segment> who bought A but not B, with their next product".
test("Products → target list: the download holds the segment's customers who bought A but not B, with affinity()'s next product", async () => {
  await openView(page, "products");
  await page.waitForSelector('clientele-dashboard [data-action="export-target"]');
  const { a, b } = direct.affinity.pairs[0];
  // The module's answers for the sample: segments, next items, and the same export made in the main thread.
  const module = await page.evaluate(async ({ a, b }) => {
    const m = await import(new URL("./pkg/clientele.js", location.href).href);
    await m.default();
    const bytes = new Uint8Array(await (await fetch("./samples/orders.csv")).arrayBuffer());
    const ds = m.Dataset.fromBytes(bytes, { fileName: "orders.csv" });
    try {
      const rfm = ds.rfm({});
      const affinity = ds.affinity({});
      const counts = new Map();
      for (const code of rfm.customers.segmentCode) counts.set(code, (counts.get(code) ?? 0) + 1);
      const segmentCode = [...counts.entries()].sort((x, y) => y[1] - x[1])[0][0];
      const filter = { segmentCode, nextProduct: true, bought: [a], notBought: [b], lang: "zh" };
      return {
        segmentCode,
        segment: rfm.segments[segmentCode],
        segmentOf: Object.fromEntries(rfm.customers.id.map((id, k) => [id, rfm.customers.segmentCode[k]])),
        nextOf: Object.fromEntries(affinity.customers.id.map((id, k) => [id, affinity.customers.nextItem[k] ?? ""])),
        csv: ds.exportCustomers({}, filter),
      };
    } catch (thrown) {
      throw new Error(`${thrown?.code}: ${thrown?.message}`);
    } finally {
      ds.free();
    }
  }, { a, b });
  await page.selectOption('clientele-dashboard [data-control="target-segmentCode"]', String(module.segmentCode));
  await page.selectOption('clientele-dashboard [data-control="target-bought"]', a);
  await page.selectOption('clientele-dashboard [data-control="target-notBought"]', b);
  const summary = await inShadow(page, (root) => root.querySelector('[data-field="target-summary"]').textContent);
  const segmentLabel = module.segment.label["zh"] ?? module.segment.name;
  assert.equal(summary, zh["products.target.summary"].replace("{segment}", segmentLabel).replace("{a}", a).replace("{b}", b));
  const [download] = await Promise.all([page.waitForEvent("download"), page.click('clientele-dashboard [data-action="export-target"]')]);
  const text = await readFile(await download.path(), "utf8");
  assert.ok(text.startsWith("\ufeff"), "a BOM");
  assert.equal(text, module.csv, "the module's export with the same filter");
  const rows = text.slice(1).trim().split("\r\n").map((line) => line.split(","));
  const at = rows[0].indexOf("推荐商品");
  assert.ok(at > 0, `the 推荐商品 (next product) column: ${rows[0]}`);
  assert.ok(rows.length > 1, "the sample has such customers");
  for (const row of rows.slice(1)) {
    assert.equal(module.segmentOf[row[0]], module.segmentCode, `${row[0]} is in the segment`);
    assert.equal(row[at], module.nextOf[row[0]] ?? "", `${row[0]}'s next product is affinity()'s`);
  }
});
