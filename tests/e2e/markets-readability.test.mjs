// E2E (issue 17, point 15): Markets at 1280 px keeps the group names in view (sticky first column), "Other" last in
// table and chart whatever the sort, the drivers waterfall's axis from zero, and heatmap and waterfall labels that
// wrap or give way instead of being cut or colliding.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launchWithSample, inShadow, openView } from "./helpers.mjs";

let env;
let page;

before(async () => {
  env = await launchWithSample({ viewport: { width: 1280, height: 900 } });
  page = env.page;
  await openView(page, "markets");
  await page.waitForSelector("clientele-dashboard [data-table=markets]");
});

after(async () => {
  await env?.close();
});

const settle = () => page.waitForSelector('clientele-dashboard .busy-area[aria-busy="false"]');
/** ECharts' own view of the chart in the card `card`: its option and the value axis' extent. */
const chart = (card) => inShadow(page, async (root, card) => {
  const { getInstanceByDom } = await import(new URL("./vendor/echarts-more.js", location.href).href);
  const box = root.querySelector(`[data-card="${card}"] .chart`);
  const instance = getInstanceByDom(box);
  const option = instance.getOption();
  const yAxis = instance.getModel().getComponent("yAxis", 0);
  return {
    categories: option.yAxis[0].data ?? option.xAxis[0].data,
    yExtent: yAxis.axis.scale.getExtent(),
    labelOverflow: [option.xAxis[0].axisLabel?.overflow, option.yAxis[0].axisLabel?.overflow],
    hideOverlap: option.series.map((s) => s.labelLayout?.hideOverlap ?? false),
  };
}, card);

test("at 1280 px the group names stay in view; Other is last in table and chart, whatever the sort", async () => {
  await page.selectOption('clientele-dashboard [data-control="by"]', "country");
  await page.selectOption('clientele-dashboard [data-control="top"]', "5");
  await settle();
  await page.waitForSelector("clientele-dashboard [data-table=markets] tbody tr");
  const sticky = await inShadow(page, (root) => {
    const scroller = root.querySelector("[data-card=markets-table] .table-scroll");
    const first = root.querySelector("[data-table=markets] tbody th");
    const before = first.getBoundingClientRect().left;
    scroller.scrollLeft = scroller.scrollWidth;
    const after = first.getBoundingClientRect().left;
    return { position: getComputedStyle(first).position, before, after, overflows: scroller.scrollWidth > scroller.clientWidth, fits: root.querySelector("[data-table=markets]").getBoundingClientRect().right <= innerWidth + 1 };
  });
  assert.equal(sticky.position, "sticky");
  if (sticky.overflows) assert.ok(Math.abs(sticky.after - sticky.before) < 1, "the first column does not scroll away");
  const lastKey = () => inShadow(page, (root) => [...root.querySelectorAll("[data-table=markets] tbody tr")].at(-1).querySelector("th").textContent);
  for (const [column, clicks] of [["revenue", 1], ["customers", 1], ["customers", 1], ["key0", 1]]) {
    for (let i = 0; i < clicks; i += 1) await page.click(`clientele-dashboard [data-table=markets] [data-sort="${column}"]`);
    assert.equal(await lastKey(), "Other", `Other last when sorted by ${column}`);
  }
  const bars = await chart("markets-chart");
  assert.equal(bars.categories.at(-1), "Other", "and last in the chart");
});

test("the drivers waterfall starts at zero; heatmap and waterfall labels wrap or give way", async () => {
  await page.selectOption('clientele-dashboard [data-control="window"]', "365");
  await settle();
  await page.waitForSelector('clientele-dashboard [data-card="drivers"] canvas');
  const waterfall = await chart("drivers");
  assert.equal(waterfall.yExtent[0], 0, `the axis starts at 0 (${waterfall.yExtent})`);
  assert.ok(waterfall.hideOverlap[1], "value labels that would collide are hidden");
  await page.selectOption('clientele-dashboard [data-control="by2"]', "channel");
  await settle();
  await page.waitForSelector("clientele-dashboard [data-table=markets] [data-col=key1]");
  const heatmap = await chart("markets-chart");
  assert.deepEqual(heatmap.labelOverflow, ["break", "break"], "long names wrap instead of being cut");
  assert.deepEqual(env.log.problems, []);
});
