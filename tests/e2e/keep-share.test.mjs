// E2E (issue 17, point 10): the URL holds the view (tab, filter, settings, currency); a link reopens a hosted file
// (?src=) in the same view, or asks for a picked file again (?file=) and says so; settings, never data, survive a
// reload through localStorage.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launchWithSample, waitForState, inShadow, openView, chooseFile } from "./helpers.mjs";

let env;
let page;

before(async () => {
  env = await launchWithSample();
  page = env.page;
});

after(async () => {
  await env?.close();
});

const params = () => Object.fromEntries(new URL(page.url()).searchParams);
const segmentNames = () => inShadow(page, (root) => [...root.querySelectorAll("[data-table=segments] tbody tr[data-segment]")].map((row) => row.dataset.segment));
const activeView = () => inShadow(page, (root) => root.querySelector("[role=tab][aria-selected=true]").dataset.view);

test("settings and tab go into the URL; reloading the page shows the same view with the same settings", async () => {
  assert.deepEqual(params(), {}, "the default view needs no parameter");
  await openView(page, "settings");
  await page.selectOption('clientele-dashboard [data-setting="segmentMap"]', "cn-8");
  await page.click('clientele-dashboard [data-action="apply-settings"]');
  await page.waitForSelector('clientele-dashboard [data-field="settings-feedback"]:not([data-code])');
  await page.selectOption('clientele-dashboard [data-setting="currency"]', "EUR");
  await page.waitForFunction(() => new URL(location.href).searchParams.get("currency") === "EUR");
  assert.deepEqual(params(), { view: "settings", rfm: JSON.stringify({ segmentMap: "cn-8" }), currency: "EUR" });

  await page.reload();
  await waitForState(page, "ready");
  await page.waitForFunction(() => document.querySelector("clientele-dashboard").shadowRoot.querySelector("[role=tab][aria-selected=true]")?.dataset.view === "settings");
  assert.equal(await page.inputValue('clientele-dashboard [data-setting="segmentMap"]'), "cn-8");
  assert.equal(await page.inputValue('clientele-dashboard [data-setting="currency"]'), "EUR");
  await openView(page, "overview");
  assert.ok((await segmentNames()).includes("Important Value"), "cn-8's segments");
  assert.match(await page.textContent('clientele-dashboard [data-kpi="aov"] .kpi-value'), /^€/);
});

test("without the URL, the settings come back from localStorage (and no data is stored)", async () => {
  const other = await env.newPage();
  await other.goto(env.server.url);
  await waitForState(other, "ready");
  await other.waitForFunction(() => [...document.querySelector("clientele-dashboard").shadowRoot.querySelectorAll("[data-table=segments] tbody tr[data-segment]")].some((row) => row.dataset.segment === "Important Value"));
  const stored = await other.evaluate(() => ({ ...localStorage }));
  assert.deepEqual(Object.keys(stored).sort(), ["clientele.settings"].concat(Object.keys(stored).filter((k) => k === "clientele.language")).sort());
  assert.deepEqual(JSON.parse(stored["clientele.settings"]), { rfm: { segmentMap: "cn-8" }, currency: "EUR" });
  assert.doesNotMatch(JSON.stringify(stored), /C0000|SO-0000/, "no customer or order is stored");
  await other.close();
});

test("a hosted file's link reopens it in the same view; a picked file's link asks for the file again", async () => {
  const hosted = `${env.server.url}?src=${encodeURIComponent("samples/orders.csv#hosted")}&view=markets`;
  await page.goto(hosted);
  await waitForState(page, "ready");
  await page.waitForFunction(() => document.querySelector("clientele-dashboard").shadowRoot.querySelector("[role=tab][aria-selected=true]")?.dataset.view === "markets");
  assert.equal(params().src, "samples/orders.csv#hosted");

  await chooseFile(page, { name: "mine.csv", buffer: Buffer.from("customer_id,order_date,amount\nA,2024-01-01,10\nB,2024-01-05,20\nA,2024-02-01,5\n") });
  await page.waitForFunction(() => new URL(location.href).searchParams.get("file") === "mine.csv");
  await openView(page, "retention");
  const link = page.url();
  assert.equal(new URL(link).searchParams.get("view"), "retention");
  assert.equal(new URL(link).searchParams.get("src"), null, "a picked file has no address");

  const other = await env.newPage();
  await other.goto(link);
  await other.waitForSelector('clientele-dashboard [data-field="link-file"]:not([hidden])');
  assert.match(await other.textContent('clientele-dashboard [data-field="link-file"]'), /^This link shows a view of “mine\.csv”\. Files are never stored or sent, so open it again/);
  assert.equal(await other.getAttribute("clientele-dashboard", "data-state"), "empty", "nothing else is loaded in its place");
  await other.setInputFiles("clientele-dashboard input[type=file]:not([data-attach-input])", { name: "mine.csv", mimeType: "text/csv", buffer: Buffer.from("customer_id,order_date,amount\nA,2024-01-01,10\nB,2024-01-05,20\nA,2024-02-01,5\n") });
  await waitForState(other, "ready");
  await other.waitForFunction(() => document.querySelector("clientele-dashboard").shadowRoot.querySelector("[role=tab][aria-selected=true]")?.dataset.view === "retention");
  await other.close();
  assert.deepEqual(env.log.problems, []);
});
