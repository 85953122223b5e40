// E2E (issue 17, point 11): printing the Overview gives a one-to-two page A4 report without buttons or tabs, with
// the file name, its dates and the analysis date on every page; chart PNGs carry the same line under the chart.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { launchWithSample, inShadow, openView, ARTIFACTS } from "./helpers.mjs";

let env;
let page;

before(async () => {
  env = await launchWithSample();
  page = env.page;
  await openView(page, "overview");
  await page.waitForSelector('clientele-dashboard [data-card="treemap"] canvas');
});

after(async () => {
  await env?.close();
});

const EXPECTED_LINE = "orders.csv · Jan 1, 2023 – Dec 31, 2024 · Analysis date Jan 1, 2025";

test("the Overview prints on one or two A4 pages, without buttons or tabs, with the file and dates in a header", async () => {
  await page.emulateMedia({ media: "print" });
  const printed = await inShadow(page, (root) => {
    const visible = (node) => node && getComputedStyle(node).display !== "none" && node.getClientRects().length > 0;
    const header = root.querySelector('[data-field="print-header"]');
    return {
      header: visible(header) ? header.textContent : null,
      headerPosition: getComputedStyle(header).position,
      buttons: [...root.querySelectorAll("[data-action], .button, .icon-button, [role=tab]")].filter(visible).length,
      tabs: visible(root.querySelector("[role=tablist]")),
      kpis: visible(root.querySelector('[data-kpi="revenue"]')),
      segments: visible(root.querySelector("[data-table=segments]")),
      charts: [...root.querySelectorAll('[data-view="overview"] canvas')].filter(visible).map((canvas) => canvas.getBoundingClientRect().height),
      segmentNames: [...root.querySelectorAll("[data-table=segments] tbody th")].filter(visible).length,
    };
  });
  assert.equal(printed.header, `${EXPECTED_LINE}Clientele · Overview`);
  assert.equal(printed.headerPosition, "fixed", "a fixed header repeats on every printed page");
  assert.equal(printed.buttons, 0, "no button");
  assert.equal(printed.tabs, false, "no tabs");
  assert.ok(printed.kpis && printed.segments, "the KPIs and segments are printed");
  assert.ok(printed.charts.length >= 3 && printed.charts.every((h) => h > 50), `the charts are printed (${printed.charts})`);
  assert.ok(printed.segmentNames >= 10, "the segment names are printed");
  const pdf = await page.pdf({ format: "A4", printBackground: true });
  await writeFile(path.join(ARTIFACTS, "overview.pdf"), pdf);
  const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
  assert.ok(pages >= 1 && pages <= 2, `${pages} A4 pages`);
  await page.emulateMedia({ media: "screen" });
  assert.equal(await page.isVisible("clientele-dashboard [role=tablist]"), true, "the screen is as before");
});

test("a chart's PNG carries the file name, its dates and the analysis date under the chart", async () => {
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.click('clientele-dashboard [data-card="treemap"] [data-action="png"]'),
  ]);
  const saved = path.join(ARTIFACTS, "export-treemap-footer.png");
  await download.saveAs(saved);
  const png = await readFile(saved);
  const height = png.readUInt32BE(20);
  const chart = await inShadow(page, (root) => root.querySelector('[data-card="treemap"] .chart').getBoundingClientRect().height);
  // Twice the chart, a 64 px title, 32 px of margins and a 44 px footer line.
  assert.ok(Math.abs(height - (2 * chart + 64 + 32 + 44)) <= 2, `${height} px high for a ${chart} px chart`);
  assert.deepEqual(env.log.problems, []);
});
