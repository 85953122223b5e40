// E2E: the custom element inside another page's layout; keyboard reach, accessible names and text contrast; a 390-px phone.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, waitForState, screenshot, inShadow, moduleInPage, openView, attachSampleFiles, chooseLanguage } from "./helpers.mjs";

const VIEWS = ["overview", "markets", "retention", "products", "value", "customers", "mapping", "settings"];
let env;
let page;

before(async () => {
  env = await launch();
  page = env.page;
});

after(async () => {
  await env?.close();
});

test("embed-example.html: the dashboard renders in 简体中文 inside the host page's layout", async () => {
  await page.goto(`${env.server.url}embed-example.html`);
  await waitForState(page, "ready");
  await page.waitForTimeout(300);
  await screenshot(page, "embed-example", { fullPage: true });
  const layout = await page.evaluate(() => {
    const box = (selector) => document.querySelector(selector).getBoundingClientRect().toJSON();
    const host = document.querySelector("clientele-dashboard");
    return {
      sidebar: box(".site-sidebar"), main: box(".site-main"), dashboard: box("clientele-dashboard"),
      header: box(".site-header"), next: box("#next"),
      hostFont: getComputedStyle(document.body).fontFamily,
      dashboardFont: getComputedStyle(host.shadowRoot.querySelector(".kpi-value")).fontFamily,
      lang: host.shadowRoot.querySelector(".app").lang,
      tabs: [...host.shadowRoot.querySelectorAll("[role=tab]")].map((tab) => tab.textContent),
      customers: host.shadowRoot.querySelector('[data-kpi="customers"]').dataset.value,
      champions: host.shadowRoot.querySelector('[data-segment="Champions"] .segment-label').textContent,
    };
  });
  assert.ok(layout.dashboard.left >= layout.sidebar.right, "to the right of the host's sidebar");
  assert.ok(layout.dashboard.right <= layout.main.right + 1, "inside the host's content column");
  assert.ok(layout.dashboard.top > layout.header.bottom && layout.next.top > layout.dashboard.bottom, "between the host's sections");
  assert.equal(layout.lang, "zh-CN");
  assert.deepEqual(layout.tabs, ["概览", "市场", "留存", "商品", "客户价值", "客户", "客户画像", "营销活动", "数据与列映射", "设置"]);
  assert.equal(layout.champions, "冠军客户");
  assert.match(layout.hostFont, /Georgia/);
  assert.doesNotMatch(layout.dashboardFont, /Georgia/, "the host's styles do not leak in");
  const direct = await moduleInPage(page, { url: "./samples/orders.csv", fileName: "orders.csv" });
  assert.equal(Number(layout.customers), direct.rfm.customersScored);
  assert.deepEqual(await page.evaluate(() => ({ ...localStorage })), {}, "an embedder's lang attribute is not stored");
  assert.deepEqual(env.log.problems, []);
  assert.deepEqual(env.log.foreign, []);
});

test("without a src, the element welcomes the user with the three ways to load", async () => {
  await page.goto(env.server.url);
  await waitForState(page, "ready");
  await page.evaluate(() => {
    document.body.replaceChildren(document.createElement("clientele-dashboard"));
  });
  await waitForState(page, "empty");
  await page.waitForSelector("clientele-dashboard .welcome:not([hidden])");
  await screenshot(page, "welcome-en");
  const texts = await inShadow(page, (root) => ({
    title: root.querySelector(".welcome h2").textContent,
    buttons: [...root.querySelectorAll(".welcome button")].map((button) => button.textContent),
    tabsHidden: root.querySelector("[role=tablist]").hidden,
  }));
  assert.equal(texts.title, "See who your customers are");
  assert.deepEqual(texts.buttons, ["Open a file…", "Try it with sample data"]);
  assert.equal(texts.tabsHidden, true, "no empty views before there is data");
  await page.click("clientele-dashboard .welcome button.secondary");
  await waitForState(page, "ready");
});

/** Controls that should be reachable by Tab in the visible view, and their accessible names. */
function controls() {
  return inShadow(page, (root) => {
    const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
    const nameOf = (el) => {
      if (el.getAttribute("aria-label")) return el.getAttribute("aria-label");
      if (el.getAttribute("aria-labelledby")) return el.getAttribute("aria-labelledby").split(/\s+/).map((id) => root.getElementById(id)?.textContent ?? "").join(" ").trim();
      if (el.id) {
        const label = root.querySelector(`label[for="${el.id}"]`);
        if (label) return label.textContent.trim();
      }
      if (el.closest("label")) return el.closest("label").textContent.trim();
      if (el.tagName === "BUTTON") return el.textContent.trim();
      return "";
    };
    const all = [...root.querySelectorAll("button, select, input, textarea, [tabindex='0']")]
      .filter((el) => visible(el) && !el.disabled && el.tabIndex >= 0 && !(el.getAttribute("role") === "tab" && el.getAttribute("aria-selected") !== "true"));
    all.forEach((el, i) => { el.dataset.a11yId = String(i); });
    return all.map((el) => ({ id: el.dataset.a11yId, tag: el.tagName, name: nameOf(el), html: el.outerHTML.slice(0, 90) }));
  });
}

/** Presses Tab through the page and returns the a11y ids that got focus (inside the dashboard's shadow root). */
async function tabThrough(count) {
  await page.evaluate(() => {
    document.activeElement?.blur();
    window.scrollTo(0, 0);
    window.__reached = new Set();
    const root = document.querySelector("clientele-dashboard").shadowRoot;
    root.removeEventListener("focusin", window.__onFocus ?? (() => {}));
    window.__onFocus = (event) => { if (event.target.dataset.a11yId) window.__reached.add(event.target.dataset.a11yId); };
    root.addEventListener("focusin", window.__onFocus);
  });
  for (let i = 0; i < count; i += 1) await page.keyboard.press("Tab");
  return new Set(await page.evaluate(() => [...window.__reached]));
}

test("every control of every view is labelled and reachable by keyboard; tabs follow the arrow keys", async () => {
  await page.goto(env.server.url);
  await waitForState(page, "ready");
  await attachSampleFiles(page); // the mapping view with a customers and a campaign file, their forms open
  for (const view of VIEWS) {
    await openView(page, view);
    if (view === "markets") await page.waitForSelector("clientele-dashboard [data-table=markets]");
    if (view === "value") await page.waitForSelector("clientele-dashboard .kpis-value", { timeout: 30_000 });
    // split (issue 17.13): Retention is the first view of the full module, which reads the file first.
    if (view === "retention") await page.waitForSelector('clientele-dashboard [data-field="retention-results"][aria-busy="false"] [data-card="retention-trend"]', { timeout: 30_000 });
    const list = await controls();
    const unnamed = list.filter((control) => !control.name);
    assert.deepEqual(unnamed, [], `every control in ${view} has an accessible name`);
    const reached = await tabThrough(list.length + 8);
    const missed = list.filter((control) => !reached.has(control.id));
    assert.deepEqual(missed.map((control) => control.html), [], `every control in ${view} is reachable with Tab`);
  }
  // Arrow keys move between the tabs (roving tabindex), Enter/Space are native buttons.
  await openView(page, "overview");
  await page.focus('clientele-dashboard [role=tab][data-view="overview"]');
  await page.keyboard.press("ArrowRight");
  await page.waitForSelector('clientele-dashboard [role=tabpanel][data-view="markets"]:not([hidden])');
  assert.equal(await page.evaluate(() => document.querySelector("clientele-dashboard").shadowRoot.activeElement?.dataset.view), "markets");
  await page.keyboard.press("End");
  await page.waitForSelector('clientele-dashboard [role=tabpanel][data-view="settings"]:not([hidden])');
  await page.keyboard.press("Home");
  await page.waitForSelector('clientele-dashboard [role=tabpanel][data-view="overview"]:not([hidden])');
});

test("text contrast is at least 4.5:1 (3:1 for large text) in every view, in both languages", async () => {
  const failures = [];
  for (const lang of ["en", "zh-CN"]) {
    await chooseLanguage(page, lang);
    for (const view of VIEWS) {
      await openView(page, view);
      if (view === "markets") await page.waitForSelector("clientele-dashboard [data-table=markets]");
      if (view === "value") await page.waitForSelector("clientele-dashboard .kpis-value", { timeout: 30_000 });
      const found = await inShadow(page, (root, view) => {
        const parse = (colour) => {
          const m = colour.match(/rgba?\(([^)]+)\)/);
          if (!m) return null;
          const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
          return { r, g, b, a };
        };
        const blend = (top, bottom) => ({ r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a), b: top.b * top.a + bottom.b * (1 - top.a), a: 1 });
        const luminance = ({ r, g, b }) => {
          const [R, G, B] = [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
          return 0.2126 * R + 0.7152 * G + 0.0722 * B;
        };
        const background = (el) => {
          const layers = [];
          for (let node = el; node; node = node.parentElement ?? node.getRootNode().host ?? null) {
            const colour = parse(getComputedStyle(node).backgroundColor);
            if (colour && colour.a > 0) { layers.push(colour); if (colour.a >= 1) break; }
          }
          let result = { r: 244, g: 246, b: 248, a: 1 };
          for (const layer of layers.reverse()) result = blend(layer, result);
          return result;
        };
        const out = [];
        for (const el of root.querySelectorAll("*")) {
          const text = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join("").trim();
          if (!text || el.closest("[aria-hidden=true], [hidden], option, .visually-hidden") || el.getClientRects().length === 0) continue;
          if (el.disabled || el.closest(":disabled")) continue; // inactive controls are exempt
          const style = getComputedStyle(el);
          if (style.visibility === "hidden") continue;
          const bg = background(el);
          const fg = blend(parse(style.color), bg);
          const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
          const ratio = (hi + 0.05) / (lo + 0.05);
          const size = parseFloat(style.fontSize);
          const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
          if (ratio < (large ? 3 : 4.5)) out.push(`${view}: "${text.slice(0, 30)}" ${ratio.toFixed(2)}:1 (${style.color} on rgb(${bg.r},${bg.g},${bg.b}))`);
        }
        return out;
      }, view);
      failures.push(...found.map((f) => `${lang} ${f}`));
    }
  }
  assert.deepEqual(failures, []);
  await page.click('clientele-dashboard button[data-lang="en"]');
});

test("a 390-px phone: no view is wider than the screen", async () => {
  const phone = await env.browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, reducedMotion: "reduce" });
  const mobile = await phone.newPage();
  const errors = [];
  mobile.on("pageerror", (error) => errors.push(error.message));
  await mobile.goto(env.server.url);
  await waitForState(mobile, "ready");
  await attachSampleFiles(mobile);
  for (const view of VIEWS) {
    await mobile.click(`clientele-dashboard [role=tab][data-view="${view}"]`);
    await mobile.waitForSelector(`clientele-dashboard [role=tabpanel][data-view="${view}"]:not([hidden])`);
    if (view === "markets") await mobile.waitForSelector("clientele-dashboard [data-table=markets]");
    if (view === "value") await mobile.waitForSelector("clientele-dashboard .kpis-value", { timeout: 30_000 });
    await mobile.waitForTimeout(300);
    const width = await mobile.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `${view} fits the phone's width (${width} px)`);
    await mobile.screenshot({ path: `${(await import("./helpers.mjs")).ARTIFACTS}/phone-${view}.png`, fullPage: view !== "customers" });
  }
  await chooseLanguage(mobile, "zh-CN");
  await mobile.click('clientele-dashboard [role=tab][data-view="overview"]');
  await mobile.waitForTimeout(300);
  await mobile.screenshot({ path: `${(await import("./helpers.mjs")).ARTIFACTS}/phone-overview-zh.png`, fullPage: true });
  assert.ok(await mobile.evaluate(() => document.documentElement.scrollWidth) <= 390);
  assert.deepEqual(errors, []);
  await phone.close();
});
