// E2E: a 500 MB export (streamed from the page) loads in the worker while a main-thread timer keeps ticking; 200k customers stay smooth.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launchWithSample, waitForState, screenshot, inShadow, openView } from "./helpers.mjs";

// CLIENTELE_BIG_MB=100 for a quicker run; the default is the 500 MB.
const TARGET_MB = Number(process.env.CLIENTELE_BIG_MB ?? 500);
const CUSTOMERS = 200_000;
const MAX_TIMER_GAP_MS = 300; // a 20 ms timer on the main thread must never wait longer than this while loading

let env;
let page;

before(async () => {
  env = await launchWithSample();
  page = env.page;
});

after(async () => {
  await env?.close();
});

test(`a ${TARGET_MB} MB export streams into the worker in slices while the page stays responsive`, { timeout: 180_000 }, async () => {
  const stats = await page.evaluate(async ({ targetBytes, customers }) => {
    // One chunk, repeated: every customer once, then the first half, quarter and twentieth again (with other
    // dates and amounts), so that frequency, recency and money differ between customers.
    const encoder = new TextEncoder();
    const regions = ["North", "South", "East", "West", "Central"];
    const channels = ["Online", "Store", "Phone"];
    const lines = [];
    for (const [pass, count] of [customers, customers / 2, customers / 4, customers / 20].entries()) {
      for (let i = 0; i < count; i += 1) {
        const day = 1 + ((i * 7 + pass * 31) % 700);
        const date = new Date(Date.UTC(2023, 0, day)).toISOString().slice(0, 10);
        const cents = 500 + ((i * 7919 + pass * 104_729) % 250_000);
        lines.push(`SO-${pass}-${i},C${String(i).padStart(7, "0")},${date},Product ${i % 500},${regions[i % 5]},${channels[(i + pass) % 3]},${(cents / 100).toFixed(2)}`);
      }
    }
    const started = performance.now();
    const chunk = encoder.encode(`${lines.join("\n")}\n`);
    lines.length = 0;
    const header = encoder.encode("order_id,customer_id,order_date,product,region,channel,amount\n");
    const repeats = Math.ceil((targetBytes - header.length) / chunk.length);
    const totalBytes = header.length + repeats * chunk.length;
    // A stream of the repeated chunk, made as the worker pulls it (Chromium cannot hold a 500 MB Blob built in a
    // page here: reading it fails with NotReadableError past ~300 MB), handed over with the element's loadStream().
    const PIECE = 4 * 1024 * 1024;
    let repeat = -1;
    let offset = 0;
    const stream = new ReadableStream({
      pull(controller) {
        if (repeat === -1) {
          controller.enqueue(header.slice());
          repeat = 0;
          return;
        }
        if (repeat === repeats) return controller.close();
        controller.enqueue(chunk.slice(offset, offset + PIECE));
        offset += PIECE;
        if (offset >= chunk.length) {
          offset = 0;
          repeat += 1;
        }
      },
    }, { highWaterMark: 1 });
    const host = document.querySelector("clientele-dashboard");
    const root = host.shadowRoot;
    const built = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 1000)); // let the garbage of building it be collected first
    let last = performance.now();
    let maxGapReading = 0;
    let maxGapAll = 0;
    let ticks = 0;
    let reading = true;
    const timer = setInterval(() => {
      const now = performance.now();
      const gap = now - last;
      last = now;
      ticks += 1;
      maxGapAll = Math.max(maxGapAll, gap);
      if (reading) maxGapReading = Math.max(maxGapReading, gap);
    }, 20);
    const progressSeen = [];
    const observer = new MutationObserver(() => {
      const value = root.querySelector(".progress progress")?.value;
      if (typeof value === "number" && value > 0 && value < 1) progressSeen.push(value);
    });
    observer.observe(root.querySelector(".progress"), { attributes: true, subtree: true, childList: true, characterData: true });

    const loadStarted = performance.now();
    let readDone = null;
    const phase = new MutationObserver(() => {
      if (reading && root.querySelector(".progress-text")?.textContent.startsWith("Scoring")) {
        reading = false;
        readDone = performance.now();
      }
    });
    phase.observe(root.querySelector(".progress-text"), { childList: true, characterData: true, subtree: true });
    const loaded = new Promise((resolve, reject) => {
      host.addEventListener("clientele-loaded", resolve, { once: true });
      host.addEventListener("clientele-error", () => reject(new Error(root.querySelector(".message")?.textContent)), { once: true });
    });
    host.loadStream(stream, { name: "big-export.csv", size: totalBytes });
    await loaded;
    const loadEnded = performance.now();
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50)));
    clearInterval(timer);
    observer.disconnect();
    phase.disconnect();
    return {
      bytes: totalBytes, built: Math.round(built),
      readSeconds: ((readDone ?? loadEnded) - loadStarted) / 1000,
      totalSeconds: (loadEnded - loadStarted) / 1000,
      maxGapReading: Math.round(maxGapReading), maxGapAll: Math.round(maxGapAll), ticks,
      progressUpdates: new Set(progressSeen.map((v) => v.toFixed(3))).size,
      customers: Number(root.querySelector('[data-kpi="customers"]')?.dataset.value),
      rows: Number(root.querySelector('[data-field="rows-used"]')?.dataset.value),
    };
  }, { targetBytes: TARGET_MB * 1_000_000, customers: CUSTOMERS });

  const mb = stats.bytes / 1e6;
  console.log(`# big load: ${mb.toFixed(0)} MB, ${stats.rows} rows, ${stats.customers} customers; read ${stats.readSeconds.toFixed(1)} s ` +
    `(${(mb / stats.readSeconds).toFixed(0)} MB/s), ready after ${stats.totalSeconds.toFixed(1)} s; largest main-thread timer gap ` +
    `${stats.maxGapReading} ms while reading, ${stats.maxGapAll} ms overall; ${stats.progressUpdates} progress steps; stream prepared in ${stats.built} ms`);
  assert.ok(stats.bytes >= TARGET_MB * 1_000_000);
  assert.equal(stats.customers, CUSTOMERS);
  assert.ok(stats.progressUpdates >= 10, "the progress bar moved");
  assert.ok(stats.maxGapReading < MAX_TIMER_GAP_MS, `the timer kept ticking while reading (largest gap ${stats.maxGapReading} ms)`);
  assert.ok(stats.ticks > stats.totalSeconds * 1000 / 20 * 0.8, "the timer ran at its pace");
  await page.waitForTimeout(300);
  await screenshot(page, "big-overview");
});

test(`the Customers view stays smooth with ${CUSTOMERS.toLocaleString("en")} customers`, { timeout: 60_000 }, async () => {
  const opened = Date.now();
  await openView(page, "customers");
  await page.waitForSelector("clientele-dashboard [data-table=customers] tbody tr[data-customer]");
  const openMs = Date.now() - opened;
  const scroll = await inShadow(page, async (root) => {
    const scroller = root.querySelector(".virtual-scroll");
    const rowsInDom = () => root.querySelectorAll("[data-table=customers] tbody tr[data-customer]").length;
    const firstIndex = () => Number(root.querySelector("[data-table=customers] tbody tr[data-customer]").getAttribute("aria-rowindex"));
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const out = { rowsInDom: rowsInDom(), count: Number(root.querySelector('[data-field="customer-count"]').dataset.value), frames: [] };
    for (const fraction of [0.25, 0.5, 0.75, 1]) {
      const started = performance.now();
      scroller.scrollTop = fraction * (scroller.scrollHeight - scroller.clientHeight);
      await frame();
      out.frames.push(Math.round(performance.now() - started));
    }
    out.lastIndex = firstIndex();
    out.lastRowVisible = root.querySelector(`[data-table=customers] tbody tr[aria-rowindex="${out.count + 1}"]`) !== null;
    out.rowsInDomAfter = rowsInDom();
    return out;
  });
  assert.equal(scroll.count, CUSTOMERS);
  assert.ok(scroll.rowsInDom < 80 && scroll.rowsInDomAfter < 80, `only the visible rows are in the DOM (${scroll.rowsInDom})`);
  assert.ok(scroll.lastRowVisible, "scrolling to the end shows the last customer");
  assert.ok(Math.max(...scroll.frames) < 200, `each scroll jump is drawn within a few frames (${scroll.frames.join(", ")} ms)`);

  const sorted = Date.now();
  await page.click('clientele-dashboard [data-sort="id"]');
  await page.waitForSelector('clientele-dashboard th[aria-sort="ascending"] [data-sort="id"]');
  const sortMs = Date.now() - sorted;
  const first = await page.getAttribute("clientele-dashboard [data-table=customers] tbody tr[data-customer]", "data-customer");
  assert.equal(first, "C0000000");
  const searched = Date.now();
  await page.fill('clientele-dashboard [data-control="search"]', "c012345");
  await page.waitForFunction(() => document.querySelector("clientele-dashboard").shadowRoot.querySelector('[data-field="customer-count"]').dataset.value === "10");
  const searchMs = Date.now() - searched;
  console.log(`# 200k customers: view opened in ${openMs} ms, scroll frames ${scroll.frames.join("/")} ms, sort by id ${sortMs} ms, search ${searchMs} ms (incl. 120 ms debounce)`);
  assert.ok(sortMs < 2000, `sorting 200k rows is quick (${sortMs} ms)`);
  await screenshot(page, "big-customers");
  assert.deepEqual(env.log.problems, []);
});
