// E2E (issue 12): the mapping check as a user meets it: the platform recognised and each role's confidence; a wrong
// pick of one column (the date set to a column of names) names the role and the column and keeps every column in
// the other drop-downs; fixing it shows the numbers; the sheet only for workbooks, encoding and delimiter only for text.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { launchWithSample, waitForState, openView, chooseFile, chooseLanguage, inShadow, moduleInPage, screenshot, FIXTURES, REPO } from "./helpers.mjs";

// platforms2 (issue 12)
const en = (await import(path.join(REPO, "www/i18n/en.js"))).default;
const zh = (await import(path.join(REPO, "www/i18n/zh-CN.js"))).default;

let env;
let page;

before(async () => {
  env = await launchWithSample();
  page = env.page;
});

after(async () => {
  await env?.close();
});

const SAMPLE = path.join(REPO, "www/samples/orders.csv");
const optionCount = (card, role) => inShadow(page, (root, { card, role }) => root.querySelector(`[data-card="${card}"] [data-role="${role}"]`)?.options.length ?? 0, { card, role });

async function waitForFile(name) {
  await page.waitForFunction((name) => document.querySelector("clientele-dashboard").shadowRoot.querySelector('[data-field="file-name"]')?.textContent === name, name, { timeout: 30_000 });
  await waitForState(page, "ready");
}

test("the sample: no platform, every role's confidence shown", async () => {
  await openView(page, "mapping");
  const source = await page.textContent('clientele-dashboard [data-fact="source"]');
  assert.match(source, /No known platform/);
  const confidences = await inShadow(page, (root) => Object.fromEntries([...root.querySelectorAll('[data-card="change"] [data-confidence]')]
    .map((span) => [span.dataset.confidence, [Number(span.dataset.value), span.textContent]])));
  for (const role of ["customer", "date", "amount", "quantity", "unitPrice", "order"]) {
    assert.ok(confidences[role], `${role} has a confidence`);
    assert.ok(confidences[role][0] >= 0.6, `${role} is confident`);
    assert.match(confidences[role][1], /\d+\s?% sure/, role);
  }
  assert.equal(await page.$('clientele-dashboard [data-card="change"] [data-control="sheet"]'), null, "no sheet for a text file");
  assert.ok(await page.$('clientele-dashboard [data-card="change"] [data-control="encoding"]'), "a text file's encoding can be changed");
});

test("a wrong pick names the role and the column, keeps the other drop-downs full, and can be fixed", async () => {
  const headers = (await readFile(SAMPLE, "utf8")).split("\n")[0].split(",");
  await openView(page, "mapping");
  await page.selectOption('clientele-dashboard [data-card="change"] [data-role="date"]', "h:salesperson");
  await page.click('clientele-dashboard [data-card="change"] [data-action="reload"]');
  await page.waitForSelector('clientele-dashboard [data-card="failed"]');
  const error = await page.$('clientele-dashboard [data-field="failed-error"]');
  assert.equal(await error.getAttribute("data-code"), "unusable_column");
  assert.equal(await error.getAttribute("data-failed-role"), "date");
  assert.equal(await error.getAttribute("data-failed-column"), "salesperson");
  const text = await error.textContent();
  assert.match(text, /“?"?salesperson"?”?/, text);
  assert.match(text, /Date/, "the role is named");
  assert.match(text, /Unreadable date/, "and why");
  await screenshot(page, "mapping-wrong-date", { fullPage: true });
  // Every other drop-down still lists every column (automatic, none, and the 12 headers).
  for (const role of ["customer", "amount", "quantity", "unitPrice", "order"]) {
    assert.equal(await optionCount("failed", role), headers.length + 2, `${role} keeps its columns`);
  }
  assert.equal(await page.$eval('clientele-dashboard [data-card="failed"] [data-role="date"]', (s) => s.value), "h:salesperson", "the pick is shown");
  // Fix it: the numbers come back.
  await page.selectOption('clientele-dashboard [data-card="failed"] [data-role="date"]', "h:order_date");
  await page.click('clientele-dashboard [data-card="failed"] [data-action="reload"]');
  await page.waitForSelector('clientele-dashboard [role=tabpanel][data-view="overview"]:not([hidden])');
  await waitForState(page, "ready");
  const direct = await moduleInPage(page, { text: await readFile(SAMPLE, "utf8"), fileName: "orders.csv", load: { roles: { date: "order_date" } } });
  assert.equal(await page.getAttribute('clientele-dashboard [data-kpi="customers"]', "data-value"), String(direct.rfm.customersScored));
  await openView(page, "mapping");
  assert.equal(await page.$('clientele-dashboard [data-card="failed"]'), null, "the error card is gone");
});

test("a platform export is named; a workbook offers its sheet, not an encoding", async () => {
  const shopify = await readFile(path.join(FIXTURES, "platforms/shopify_orders.csv"));
  await chooseFile(page, { name: "orders_export_1.csv", buffer: shopify });
  await waitForFile("orders_export_1.csv");
  await openView(page, "mapping");
  assert.match(await page.textContent('clientele-dashboard [data-fact="source"]'), /Shopify orders export/);
  const roles = await inShadow(page, (root) => Object.fromEntries([...root.querySelectorAll('[data-card="change"] [data-role]')].map((s) => [s.dataset.role, s.value])));
  assert.equal(roles.order, "h:Name");
  assert.equal(roles.amount, "__none", "amount = quantity × Lineitem price, not Total");
  assert.equal(roles.status, "h:Financial Status");
  assert.ok(await page.$('clientele-dashboard [data-reason="not_sold"]'), "refunded and voided orders are reported as not sold");

  const workbook = await readFile(path.join(FIXTURES, "orders.xlsx"));
  await chooseFile(page, { name: "orders.xlsx", buffer: workbook, mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
  await waitForFile("orders.xlsx");
  await openView(page, "mapping");
  assert.ok(await page.$('clientele-dashboard [data-card="change"] [data-control="sheet"]'), "a workbook's sheet can be chosen");
  assert.equal(await page.$('clientele-dashboard [data-card="change"] [data-control="encoding"]'), null, "no encoding for a workbook");
  assert.equal(await page.$('clientele-dashboard [data-card="change"] [data-control="delimiter"]'), null, "no delimiter for a workbook");
  assert.deepEqual(env.log.problems, []);
  assert.deepEqual(env.log.foreign, []);
});

// platforms2 (issue 12): the second round's layouts, named by the catalog's data in both languages' labels.
test("DATEV, Weidian and Commerce Cloud exports are named in English and Chinese; DATEV's first line is shown", async () => {
  const catalog = await page.evaluate(async () => {
    const module = await import(new URL("./pkg/clientele.js", location.href).href);
    await module.default();
    return module.catalog();
  });
  const nameOf = (id) => catalog.platforms.find((p) => p.id === id).name;
  const files = [
    ["EXTF_Buchungsstapel.csv", "platforms/datev_buchungsstapel.csv", "datev", "text/csv"],
    ["微店订单.csv", "platforms/weidian_orders.csv", "weidian", "text/csv"],
    ["orders.xml", "platforms/salesforce_commerce_orders.xml", "salesforce_commerce", "application/xml"],
  ];
  for (const [name, fixture, id, mimeType] of files) {
    await chooseFile(page, { name, buffer: await readFile(path.join(FIXTURES, fixture)), mimeType });
    await waitForFile(name);
    await openView(page, "mapping");
    for (const [lang, strings] of [["en", en], ["zh-CN", zh]]) {
      // The language's strings, not only its attribute (zh-CN's are imported when first chosen).
      await chooseLanguage(page, lang);
      const source = await page.textContent('clientele-dashboard [data-fact="source"]');
      assert.equal(source, strings["mapping.source"].replace("{name}", nameOf(id)), `${id} in ${lang}`);
      if (id === "datev") {
        assert.equal(await page.textContent('clientele-dashboard [data-fact="preambleLines"]'), "1", "the EXTF line is reported");
        assert.ok(await page.$('clientele-dashboard [data-reason="not_revenue"]'), "payments are reported as no sales");
      }
      if (id === "salesforce_commerce") {
        assert.equal(await page.textContent('clientele-dashboard [data-fact="format"]'), strings["mapping.format.xml"]);
        assert.equal(await page.$('clientele-dashboard [data-card="change"] [data-control="delimiter"]'), null, "no delimiter for XML");
      }
    }
    await chooseLanguage(page, "en");
  }
  await screenshot(page, "mapping-datev-weidian-xml", { fullPage: true });
  assert.deepEqual(env.log.problems, []);
  assert.deepEqual(env.log.foreign, []);
});
