// E2E: "Try the sample" joins the bundled sample customers file, so the People view is filled: for a chosen
// attribute, the heatmap's numbers are the module's profile() (called in the same page), the customer table filters
// by a value and a segment, suppressBelow hides the small cells in chart and numbers; the same in 简体中文 with the
// module's Chinese labels; no request to another origin.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { launchWithSample, waitForState, screenshot, inShadow, openView, REPO, chooseLanguage } from "./helpers.mjs";

const en = (await import(path.join(REPO, "www/i18n/en.js"))).default;
const zh = (await import(path.join(REPO, "www/i18n/zh-CN.js"))).default;

let env;
let page;

/** The module's profile() of the bundled sample orders with the bundled customers file, for each of `requests`. */
function profilesInPage(page, requests) {
  return page.evaluate(async (requests) => {
    const module = await import(new URL("./pkg/clientele.js", location.href).href);
    await module.default();
    const bytes = async (url) => new Uint8Array(await (await fetch(url)).arrayBuffer());
    const dataset = module.Dataset.fromBytes(await bytes("./samples/orders.csv"), { fileName: "orders.csv" });
    try {
      dataset.joinCustomers(await bytes("./samples/customers.csv"), { fileName: "customers.csv" });
      const ids = dataset.rfm({}).customers.id;
      return requests.map((options) => {
        const { customerValues, ...result } = dataset.profile(options);
        return { ...result, customerValues: customerValues ? [...customerValues] : null, ids };
      });
    } finally {
      dataset.free();
    }
  }, requests);
}

/** What the People view shows: the numbers table behind the heatmap, the table's rows and count, the titles. */
function shown() {
  return inShadow(page, (root) => {
    const panel = root.querySelector('[role=tabpanel][data-view="people"]');
    const cells = [...panel.querySelectorAll('[data-table="people-index"] tbody tr')].map((tr) => ({
      row: tr.dataset.row,
      cells: [...tr.querySelectorAll("td")].map((td) => ({
        value: td.dataset.value, kind: td.dataset.kind, suppressed: td.dataset.suppressed === "true",
        index: td.dataset.index === "" ? null : Number(td.dataset.index),
        customers: td.dataset.customers === "" ? null : Number(td.dataset.customers), text: td.textContent,
      })),
    }));
    const headers = [...panel.querySelectorAll('[data-table="people-index"] thead th')].slice(1).map((th) => th.textContent);
    const rows = [...panel.querySelectorAll('[data-field="people-customers"] tbody tr')].map((tr) => ({ id: tr.dataset.customer, value: Number(tr.dataset.value), text: tr.textContent }));
    const count = panel.querySelector('[data-field="people-count"]');
    return {
      cells, headers, rows,
      count: count ? Number(count.dataset.count) : null,
      countText: count?.textContent ?? null,
      heatmapTitle: panel.querySelector('[data-card="people-heatmap"] h3')?.textContent ?? null,
      heatmapDrawn: Boolean(panel.querySelector('[data-card="people-heatmap"] canvas')),
      overallDrawn: Boolean(panel.querySelector('[data-card="people-overall"] canvas')),
      suppressedNote: panel.querySelector('[data-field="people-suppressed"]')?.textContent ?? null,
      tab: root.querySelector('[role=tab][data-view="people"]').textContent,
      attributes: [...panel.querySelectorAll('[data-control="people-attribute"] option')].map((o) => [o.value, o.textContent]),
    };
  });
}

/** Sets a control of the People view and waits until the view has drawn what `ready(shown)` expects. */
async function choose(control, value, ready) {
  await page.selectOption(`clientele-dashboard [data-control="${control}"]`, value);
  return waitFor(ready);
}

async function waitFor(ready, timeout = 15_000) {
  const start = Date.now();
  for (;;) {
    const now = await shown();
    if (ready(now)) return now;
    if (Date.now() - start > timeout) assert.fail(`the People view did not get there: ${JSON.stringify(now).slice(0, 600)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The non-empty classes of a ProfileResult as the numbers table lists them. */
function expectedCells(result) {
  return result.classes.filter((c) => c.customers > 0).map((c) => ({
    row: c.name,
    cells: c.cells.map((cell) => ({ value: cell.value, kind: cell.kind, suppressed: cell.suppressed, index: cell.index, customers: cell.customers })),
  }));
}
const stripText = (cells) => cells.map((row) => ({ row: row.row, cells: row.cells.map(({ text, ...cell }) => cell) }));

before(async () => {
  env = await launchWithSample();
  page = env.page;
});

after(async () => {
  await env?.close();
});

test("Try the sample fills the People view: the heatmap's numbers are the module's profile() for the chosen attribute", async () => {
  // The sample is loaded again through the button, as a newcomer would.
  await page.click('clientele-dashboard [data-action="sample"]');
  await waitForState(page, "ready");
  await openView(page, "people");
  const first = await waitFor((s) => s.cells.length > 0);
  assert.equal(first.tab, en["tab.people"]);
  assert.deepEqual(first.attributes.map(([value]) => value), ["ageBand", "gender", "city", "membership"], "the sample file's attributes");
  assert.equal(first.attributes[0][1], en["people.attribute.ageBand"]);

  const [membership, membershipSuppressed] = await profilesInPage(page, [
    { attribute: "membership", customers: true },
    { attribute: "membership", customers: true, suppressBelow: 30 },
  ]);
  const view = await choose("people-attribute", "membership", (s) => s.heatmapTitle?.includes("membership") && s.cells[0]?.cells.some((c) => c.value === "gold"));
  assert.deepEqual(stripText(view.cells), expectedCells(membership));
  assert.ok(view.heatmapDrawn && view.overallDrawn, "heatmap and bars are drawn");
  const champions = view.cells.find((row) => row.row === "Champions").cells.find((cell) => cell.value === "gold");
  assert.ok(champions.index > 150, `gold stands out among Champions (index ${champions.index})`);
  assert.equal(champions.text, String(Math.round(champions.index)));

  // The table filtered by a value: exactly the module's customers with it, and then by a segment too.
  const gold = membership.overall.findIndex((v) => v.value === "gold");
  const goldIds = membership.ids.filter((_, i) => membership.customerValues[i] === gold);
  const filtered = await choose("people-value", String(gold), (s) => s.count === goldIds.length);
  assert.ok(filtered.rows.length > 0 && filtered.rows.every((row) => row.value === gold && goldIds.includes(row.id)));
  // The table lists the biggest spenders first, up to its limit; the count line says how many match.
  const countKey = filtered.rows.length < goldIds.length ? "people.countTop" : "people.count";
  assert.equal(filtered.countText, en[countKey].replace("{count}", goldIds.length.toLocaleString("en-US")).replace("{shown}", filtered.rows.length.toLocaleString("en-US")));
  const championCells = membership.classes.find((c) => c.name === "Champions").cells[gold].customers;
  await choose("people-class", "Champions", (s) => s.count === championCells);
  await screenshot(page, "people-membership");

  // suppressBelow: the small cells lose their figures, in the numbers table and the chart's labels.
  await page.fill('clientele-dashboard [data-control="people-suppress"]', "30");
  await page.dispatchEvent('clientele-dashboard [data-control="people-suppress"]', "change");
  const hidden = await waitFor((s) => s.suppressedNote !== null && s.cells.some((row) => row.cells.some((c) => c.suppressed)));
  assert.deepEqual(stripText(hidden.cells), expectedCells(membershipSuppressed));
  for (const cell of hidden.cells.flatMap((row) => row.cells).filter((c) => c.suppressed)) {
    assert.equal(cell.text, "<30");
    assert.equal(cell.customers, null);
  }
  assert.equal(hidden.suppressedNote, en["people.suppressedNote"].replace("{k}", "30"));
  await screenshot(page, "people-suppressed");
});

test("in 简体中文 the People view uses the module's Chinese labels, and the age bands come in band order", async () => {
  await page.fill('clientele-dashboard [data-control="people-suppress"]', "0");
  await page.dispatchEvent('clientele-dashboard [data-control="people-suppress"]', "change");
  await chooseLanguage(page, "zh-CN");
  const [ageBand] = await profilesInPage(page, [{ attribute: "ageBand", customers: true }]);
  const view = await choose("people-attribute", "ageBand", (s) => s.heatmapTitle?.includes(zh["people.attribute.ageBand"]) && s.cells.length > 0);
  assert.equal(view.tab, zh["tab.people"]);
  assert.deepEqual(stripText(view.cells), expectedCells(ageBand));
  const expectedHeaders = ageBand.overall.map((v) => (v.kind === "blank" ? zh["people.unknown"] : v.label.zh));
  assert.deepEqual(view.headers, expectedHeaders);
  assert.equal(view.headers[0], "25岁以下");
  assert.equal(view.suppressedNote, null, "0 hides nothing");
  const young = ageBand.overall.findIndex((v) => v.value === "<25");
  const youngIds = ageBand.ids.filter((_, i) => ageBand.customerValues[i] === young);
  const filtered = await choose("people-value", String(young), (s) => s.count === youngIds.length);
  assert.ok(filtered.rows.every((row) => row.value === young && row.text.includes("25岁以下")));
  await screenshot(page, "people-zh");
  await page.click('clientele-dashboard button[data-lang="en"]');
});

test("nothing was asked of another origin and the page logged no problem", () => {
  assert.deepEqual(env.log.foreign, []);
  assert.deepEqual(env.log.problems, []);
  assert.deepEqual(env.log.failed, []);
});
