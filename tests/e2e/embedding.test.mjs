// E2E (issue 17, point 14): an embedder sets the settings, the views shown and readonly by attributes, themes the
// dashboard with CSS custom properties, hands it bytes it already holds, and hears an event for every user action
// that changes the view; the embed example has a favicon.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, waitForState, inShadow } from "./helpers.mjs";

const SELECTOR = "clientele-dashboard#mine";
let env;
let page;

before(async () => {
  env = await launch();
  page = env.page;
  await page.goto(`${env.server.url}embed-example.html`);
  await page.evaluate(() => {
    const mine = document.createElement("clientele-dashboard");
    const attributes = { id: "mine", lang: "en", "segment-map": "cn-8", bins: "4", "analysis-date": "2024-12-01", currency: "EUR", tabs: "overview,markets,settings", readonly: "", src: "samples/orders.csv" };
    for (const [name, value] of Object.entries(attributes)) mine.setAttribute(name, value);
    mine.style.setProperty("--accent", "rgb(107, 63, 160)");
    window.__events = [];
    for (const type of ["clientele-loaded", "clientele-viewchange", "clientele-currency"]) {
      mine.addEventListener(type, (event) => window.__events.push({ type, detail: event.detail }));
    }
    document.querySelector("clientele-dashboard").replaceWith(mine);
  });
  await waitForState(page, "ready", { selector: SELECTOR });
});

after(async () => {
  await env?.close();
});

const shadow = (fn, arg) => inShadow(page, fn, arg, SELECTOR);
const events = (type) => page.evaluate((type) => window.__events.filter((e) => e.type === type).map((e) => e.detail), type);

test("attributes set the segment map, score levels, analysis date, currency, the tabs shown and readonly", async () => {
  await page.waitForFunction((selector) => document.querySelector(selector).state?.rfmOptions?.segmentMap === "cn-8", SELECTOR);
  await page.waitForFunction((selector) => document.querySelector(selector).shadowRoot.querySelector('[data-field="analysis-date"]')?.getAttribute("datetime") === "2024-12-01", SELECTOR);
  const shown = await shadow((root) => ({
    tabs: [...root.querySelectorAll("[role=tab]")].filter((tab) => !tab.hidden).map((tab) => tab.dataset.view),
    open: root.querySelector('[data-action="open"]').hidden,
    sample: root.querySelector('[data-action="sample"]').hidden,
    segments: [...root.querySelectorAll("[data-table=segments] tbody tr[data-segment]")].map((row) => row.dataset.segment),
    revenue: root.querySelector('[data-kpi="revenue"] .kpi-value').title,
    tabColour: getComputedStyle(root.querySelector('[role=tab][aria-selected="true"]')).borderBottomColor,
  }));
  assert.deepEqual(shown.tabs, ["overview", "markets", "settings"]);
  assert.equal(shown.open && shown.sample, true, "readonly hides Open a file… and the sample");
  assert.ok(shown.segments.includes("Important Value"), shown.segments.join());
  assert.match(shown.revenue, /^€/);
  assert.equal(shown.tabColour, "rgb(107, 63, 160)", "themed with --accent");
  assert.equal(await page.inputValue(`${SELECTOR} [data-setting="bins"]`).catch(() => null), null, "settings not drawn until opened");
  await page.click(`${SELECTOR} [role=tab][data-view="settings"]`);
  assert.equal(await page.inputValue(`${SELECTOR} [data-setting="bins"]`), "4");
  assert.ok(await page.getAttribute("link[rel=icon]", "href"), "the embed example has a favicon");
});

test("every user action that changes the view is an event; loadBytes reads bytes the host holds", async () => {
  const before = (await events("clientele-viewchange")).length;
  await page.click(`${SELECTOR} [role=tab][data-view="markets"]`);
  await page.click(`${SELECTOR} [role=tab][data-view="settings"]`);
  await page.selectOption(`${SELECTOR} [data-setting="currency"]`, "CNY");
  const changes = (await events("clientele-viewchange")).slice(before);
  assert.deepEqual(changes.map((c) => c.view), ["markets", "settings", "settings"]);
  assert.match(changes.at(-1).params, /currency=CNY/);
  assert.deepEqual(await events("clientele-currency"), [{ currency: "CNY" }]);

  await page.evaluate((selector) => document.querySelector(selector).loadBytes(new TextEncoder().encode("customer_id,order_date,amount\nA,2024-01-01,10\nB,2024-02-01,20\n"), { name: "held.csv" }), SELECTOR);
  await page.waitForFunction(() => window.__events.some((e) => e.type === "clientele-loaded" && e.detail.fileName === "held.csv"));
  await waitForState(page, "ready", { selector: SELECTOR });
  assert.equal(await shadow((root) => root.querySelector('[data-field="rows-used"]').dataset.value), "2");
  assert.deepEqual(env.log.problems, []);
  assert.deepEqual(env.log.foreign, []);
});
