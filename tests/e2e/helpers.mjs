// Shared e2e helpers: static server + headless Debian Chromium, request/problem logs, shadow-DOM queries, module calls in the page.
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startServer } from "../../serve.mjs";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const ARTIFACTS = path.join(REPO, "tests/e2e/artifacts");
export const FIXTURES = path.join(REPO, "tests/fixtures");
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--no-first-run", "--disable-quic"];

/**
 * Starts the server and a browser context that logs every request (page and worker) and aborts any to another
 * origin. Returns `{ server, browser, context, page, log, newPage, close }`; `log` has `requests`, `foreign`,
 * `failed` (HTTP ≥ 400) and `problems` (page errors, console errors, dialogs, crashes).
 */
export async function launch({ viewport = { width: 1280, height: 800 }, locale = "en-US", acceptDownloads = true } = {}) {
  await mkdir(ARTIFACTS, { recursive: true });
  const server = await startServer({ root: path.join(REPO, "www"), port: 0 });
  const origin = new URL(server.url).origin;
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS, headless: true });
  const context = await browser.newContext({ viewport, reducedMotion: "reduce", locale, acceptDownloads });
  const log = { requests: [], foreign: [], failed: [], problems: [] };
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`) || url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
    log.foreign.push(url);
    return route.abort("blockedbyclient");
  });
  context.on("request", (request) => log.requests.push(request.url()));
  context.on("response", (response) => {
    if (response.status() >= 400) log.failed.push(`${response.status()} ${response.url()}`);
  });
  context.on("console", (message) => {
    if (message.type() === "error") log.problems.push(`console error: ${message.text()}`);
  });
  context.on("weberror", (error) => log.problems.push(`uncaught: ${error.error().message}`));
  const watch = (page) => {
    page.on("pageerror", (error) => log.problems.push(`page error: ${error.message}`));
    page.on("crash", () => log.problems.push("page crashed"));
    page.on("dialog", (dialog) => {
      log.problems.push(`dialog: ${dialog.type()} ${dialog.message()}`);
      return dialog.dismiss();
    });
    return page;
  };
  const page = watch(await context.newPage());
  return {
    server, browser, context, page, log, origin,
    newPage: async () => watch(await context.newPage()),
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

/** Waits until the dashboard (the first one, or `selector`) reports `state` ("ready", "error", "loading", "empty"). */
// A browser on the page with the bundled sample loaded: the common start of the suites.
export async function launchWithSample(options) {
  const env = await launch(options);
  await env.page.goto(env.server.url);
  await waitForState(env.page, "ready");
  return env;
}

export async function waitForState(page, state, { selector = "clientele-dashboard", timeout = 30_000 } = {}) {
  await page.waitForSelector(`${selector}[data-state="${state}"]`, { timeout, state: "attached" });
}

/** Saves a screenshot of the page as an artifact. */
export async function screenshot(page, name, options = {}) {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), ...options });
}

/** Runs `fn(root, arg)` in the page, `root` being the dashboard's shadow root. */
export function inShadow(page, fn, arg = null, selector = "clientele-dashboard") {
  return page.evaluate(({ source, arg, selector }) => {
    const root = document.querySelector(selector).shadowRoot;
    // eslint-disable-next-line no-new-func
    return new Function("root", "arg", `return (${source})(root, arg);`)(root, arg);
  }, { source: fn.toString(), arg, selector });
}

/**
 * Calls the wasm module directly in the page (main thread), as an embedder would: loads `text`, `base64` bytes or
 * a same-origin `url`, joins the `joins` files ([{ kind: "customers" | "campaigns", base64, fileName, load }]),
 * then returns `{ report, joins, rfm, compare, clv, csv }` for the given options (or `{ thrown }`; `clv` is `{ thrown }`
 * when only clv() throws). Only the RFM and CLV summaries cross back (no customer columns) unless `columns` is true.
 */
export function moduleInPage(page, { text = null, base64 = null, url = null, fileName, load = {}, joins = [], rfm = {}, compare = null, clv = null, exportFilter = null, columns = false }) {
  return page.evaluate(async ({ text, base64, url, fileName, load, joins, rfm, compare, clv, exportFilter, columns }) => {
    const module = await import(new URL("./pkg/clientele.js", location.href).href);
    await module.default();
    let bytes;
    if (text !== null) bytes = new TextEncoder().encode(text);
    else if (base64 !== null) bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    else bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
    let dataset = null;
    try {
      dataset = module.Dataset.fromBytes(bytes, { ...load, fileName });
      const report = dataset.report();
      const joined = joins.map((join) => {
        const joinBytes = Uint8Array.from(atob(join.base64), (c) => c.charCodeAt(0));
        const method = join.kind === "customers" ? "joinCustomers" : "joinCampaigns";
        return dataset[method](joinBytes, { ...join.load, fileName: join.fileName });
      });
      const result = dataset.rfm(rfm);
      const { customers, ...summary } = result;
      const out = { report, joins: joined, rfm: summary };
      if (columns) out.customers = { id: customers.id, frequency: [...customers.frequency], segment: customers.segment };
      else out.orders = customers.frequency.reduce((sum, n) => sum + n, 0);
      if (compare) out.compare = dataset.compare(compare);
      if (clv) {
        try {
          const { customers: clvColumns, ...clvSummary } = dataset.clv(clv);
          out.clv = clvSummary;
          if (columns) {
            out.clvCustomers = Object.fromEntries(Object.entries(clvColumns).map(([key, column]) => [key, column === null ? null : [...column]]));
          }
        } catch (thrown) {
          out.clv = { thrown: { code: thrown?.code, message: thrown?.message, details: thrown?.details ?? null } };
        }
      }
      if (exportFilter) out.csv = dataset.exportCustomers(rfm, exportFilter);
      return out;
    } catch (thrown) {
      const plainObject = thrown !== null && typeof thrown === "object" && Object.getPrototypeOf(thrown) === Object.prototype;
      return { thrown: { plainObject, code: thrown?.code, message: thrown?.message, details: thrown?.details ?? null, position: thrown?.position ?? null, keys: Object.keys(thrown ?? {}) } };
    } finally {
      dataset?.free();
    }
  }, { text, base64, url, fileName, load, joins, rfm, compare, clv, exportFilter, columns });
}

/** Formats like the page does (Intl in the page's engine), so expected texts match byte for byte. */
export function formatInPage(page, lang, values) {
  return page.evaluate(({ lang, values }) => {
    const integer = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
    const money = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const percent = new Intl.NumberFormat(lang, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });
    const compact = new Intl.NumberFormat(lang, { notation: "compact", maximumFractionDigits: 1 });
    return values.map(([kind, n]) => ({ integer, money, percent, compact }[kind].format(n)));
  }, { lang, values });
}

/** Picks a file through the dashboard's hidden file input. */
export async function chooseFile(page, { name, buffer, mimeType = "text/csv" }) {
  await page.setInputFiles("clientele-dashboard input[type=file]:not([data-attach-input])", { name, mimeType, buffer });
}

/**
 * Joins the sample's customers and campaign fixtures (tests/fixtures/sample-*.csv) through the Data & mapping
 * view's pickers, and opens every collapsed part of their cards, so that the view shows all it can.
 */
export async function attachSampleFiles(page) {
  await openView(page, "mapping");
  for (const kind of ["customers", "campaigns"]) {
    const buffer = await readFile(path.join(FIXTURES, `sample-${kind}.csv`));
    await page.setInputFiles(`clientele-dashboard [data-attach-input="${kind}"]`, { name: `sample-${kind}.csv`, mimeType: "text/csv", buffer });
    await page.waitForSelector(`clientele-dashboard [data-card="attach-${kind}"] [data-field="join-report"]`);
  }
  await waitForState(page, "ready");
  await inShadow(page, (root) => root.querySelectorAll("[data-card^=attach] details").forEach((details) => { details.open = true; }));
}

// split (issue 17.13): a language's strings are imported when it is first chosen.
/** Chooses a language with its button and waits until the page shows its strings. */
export async function chooseLanguage(page, lang, selector = "clientele-dashboard") {
  await page.click(`${selector} button[data-lang="${lang}"]`);
  await page.waitForSelector(`${selector}[data-strings="${lang}"]`, { state: "attached" });
}

/** Opens a view by clicking its tab. */
export async function openView(page, view) {
  await page.click(`clientele-dashboard [role=tab][data-view="${view}"]`);
  await page.waitForSelector(`clientele-dashboard [role=tabpanel][data-view="${view}"]:not([hidden])`);
}
