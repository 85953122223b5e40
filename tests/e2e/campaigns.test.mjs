// E2E: "Try the sample" joins the bundled campaign file too, and the Campaigns view shows the module's campaigns()
// for it (called in the same page): one card per campaign with the response rates, the uplift's interval as an
// error bar, incremental revenue, ROI and cost per order, and the per-segment table; the campaign without a control
// group shows the module's caution; then the same in 简体中文; a campaign file without any control group attached
// through the mapping view shows the caution; no request to another origin.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { launchWithSample, screenshot, inShadow, openView, REPO, chooseLanguage } from "./helpers.mjs";

const en = (await import(path.join(REPO, "www/i18n/en.js"))).default;
const zh = (await import(path.join(REPO, "www/i18n/zh-CN.js"))).default;

// A campaign file without a group column: every contact is treatment (analytics.md §16.1).
const NO_CONTROL_CSV = "customer_id,send_date,campaign\nC000001,2024-06-01,June mailing\nC000002,2024-06-01,June mailing\nC000003,2024-06-02,June mailing\n";

let env;
let page;

/** The module's campaigns() of the sample orders with the campaign file `campaigns` (text or URL), in the page. */
function campaignsInPage(page, { url = null, text = null, fileName }) {
  return page.evaluate(async ({ url, text, fileName }) => {
    const module = await import(new URL("./pkg/clientele.js", location.href).href);
    await module.default();
    const orders = new Uint8Array(await (await fetch("./samples/orders.csv")).arrayBuffer());
    const dataset = module.Dataset.fromBytes(orders, { fileName: "orders.csv" });
    try {
      const bytes = text === null ? new Uint8Array(await (await fetch(url)).arrayBuffer()) : new TextEncoder().encode(text);
      dataset.joinCampaigns(bytes, { fileName });
      return { catalog: module.catalog(), result: dataset.campaigns({}) };
    } finally {
      dataset.free();
    }
  }, { url, text, fileName });
}

/** What the Campaigns view shows: per card its title, KPIs (data-value), chart data, caution, uplift and class rows. */
function shownCards() {
  return inShadow(page, (root) => [...root.querySelectorAll(".campaign-card")].map((card) => ({
    title: card.querySelector("h3").textContent,
    kpis: Object.fromEntries([...card.querySelectorAll("[data-kpi]")].map((kpi) => [kpi.dataset.kpi, kpi.dataset.value === "" ? null : Number(kpi.dataset.value)])),
    kpiLabels: [...card.querySelectorAll(".kpi-label")].map((label) => label.textContent),
    bars: card.querySelector(".chart-campaign").dataset.bars,
    interval: card.querySelector(".chart-campaign").dataset.interval,
    drawn: Boolean(card.querySelector(".chart-campaign canvas")),
    caution: card.querySelector("[data-field=campaign-caution]")?.textContent ?? null,
    uplift: card.querySelector("[data-field=campaign-uplift]")?.textContent ?? null,
    classes: [...card.querySelectorAll("[data-table=campaign-classes] tbody tr")].map((tr) => [
      tr.dataset.row, tr.querySelector("th").textContent,
      Number(tr.querySelector("[data-col=treatmentContacted]").dataset.value),
      tr.querySelector("[data-col=uplift]")?.dataset.value ?? null,
    ]),
    headers: [...card.querySelectorAll("[data-table=campaign-classes] thead th")].map((th) => th.textContent),
  })));
}

async function waitForCards(count) {
  await page.waitForFunction((count) => {
    const root = document.querySelector("clientele-dashboard").shadowRoot;
    const cards = root.querySelectorAll(".campaign-card");
    return cards.length === count && [...cards].every((card) => card.querySelector(".chart-campaign canvas"))
      && root.querySelector("[data-field=campaigns-results]")?.getAttribute("aria-busy") === "false";
  }, count, { timeout: 30_000 });
}

before(async () => {
  env = await launchWithSample();
  page = env.page;
});

after(async () => {
  await env?.close();
});

test("Try the sample → Campaigns: one card per campaign with the module's numbers, the error bar and the per-segment table", async () => {
  const { catalog, result } = await campaignsInPage(page, { url: "./samples/campaigns.csv", fileName: "campaigns.csv" });
  assert.ok(result.campaigns.length >= 3, "the sample has several campaigns");
  await openView(page, "campaigns");
  await waitForCards(result.campaigns.length);
  const cards = await shownCards();
  assert.deepEqual(cards.map((card) => card.title), result.campaigns.map((c) => c.campaign));
  for (const [i, campaign] of result.campaigns.entries()) {
    const card = cards[i];
    assert.equal(card.kpis["treatment-rate"], campaign.treatment.responseRate, campaign.campaign);
    assert.equal(card.kpis["control-rate"], campaign.control?.responseRate ?? null);
    assert.equal(card.kpis["incremental-revenue"], campaign.uplift?.incrementalRevenue ?? null);
    assert.equal(card.kpis.roi, campaign.roi.roi);
    assert.equal(card.kpis["cost-per-order"], campaign.roi.costPerOrder);
    assert.ok(card.drawn, "the chart is drawn");
    // The classes as of the first contact, in the module's order, labelled.
    assert.deepEqual(card.classes.map(([name, , contacted]) => [name, contacted]), campaign.classes.map((k) => [k.class, k.treatment.contacted]));
    assert.deepEqual(card.classes.map(([, label]) => label), campaign.classes.map((k) => (k.class === catalog.defaults.campaigns.prospect.name ? catalog.defaults.campaigns.prospect.label.en : k.label.en)));
    if (campaign.control) {
      assert.equal(card.bars, "treatment control uplift");
      assert.equal(card.interval, `${campaign.uplift.low} ${campaign.uplift.high}`, "the Newcombe interval is the error bar");
      assert.ok(campaign.uplift.low > 0, "the sample shows an uplift");
      assert.ok(card.uplift.includes(en["campaigns.upliftSentence"].split(" {")[0]), card.uplift);
      assert.equal(card.caution, null);
      assert.equal(campaign.roi.roiBasis, "incremental");
    } else {
      assert.equal(card.bars, "treatment", "only the treatment's bar");
      assert.equal(card.interval, "");
      assert.equal(card.caution, catalog.defaults.campaigns.grossCaution.en, "the module's caution");
      assert.equal(campaign.roi.roiBasis, "gross");
      assert.ok(card.kpiLabels.includes(en["campaigns.roi.gross"]));
    }
  }
  assert.ok(cards.some((card) => card.caution !== null), "one sample campaign has no control group");
  assert.ok(cards.some((card) => card.classes.some(([name]) => name === catalog.defaults.campaigns.prospect.name)), "prospects have a row");
  await screenshot(page, "campaigns-sample-en", { fullPage: true });
  assert.deepEqual(env.log.foreign, []);
  assert.deepEqual(env.log.problems, []);
});

test("简体中文: the same cards in Chinese words, with the module's Chinese caution", async () => {
  const { catalog, result } = await campaignsInPage(page, { url: "./samples/campaigns.csv", fileName: "campaigns.csv" });
  await chooseLanguage(page, "zh-CN");
  await page.waitForFunction((tab) => document.querySelector("clientele-dashboard").shadowRoot.querySelector('[role=tab][data-view="campaigns"]').textContent === tab, zh["tab.campaigns"]);
  await waitForCards(result.campaigns.length);
  const cards = await shownCards();
  const withControl = cards[result.campaigns.findIndex((c) => c.control)];
  assert.deepEqual(withControl.kpiLabels.slice(0, 2), [zh["campaigns.treatmentRate"], zh["campaigns.controlRate"]]);
  assert.equal(withControl.headers[0], zh[`campaigns.by.${catalog.defaults.campaigns.by}`]);
  assert.ok(withControl.headers.includes(zh["campaigns.uplift"]));
  assert.ok(withControl.uplift.startsWith(zh["campaigns.upliftSentence"].split("{")[0]), withControl.uplift);
  const gross = cards[result.campaigns.findIndex((c) => !c.control)];
  assert.equal(gross.caution, catalog.defaults.campaigns.grossCaution.zh);
  const segment = result.campaigns[0].classes.find((k) => k.class !== catalog.defaults.campaigns.prospect.name);
  assert.ok(cards[0].classes.some(([name, label]) => name === segment.class && label === segment.label.zh), "segments in Chinese");
  await screenshot(page, "campaigns-sample-zh", { fullPage: true });
  await page.click('clientele-dashboard [data-lang="en"]');
  assert.deepEqual(env.log.problems, []);
});

test("a campaign file without a control group: a gross ROI with the caution, no uplift", async () => {
  const { catalog, result } = await campaignsInPage(page, { text: NO_CONTROL_CSV, fileName: "june.csv" });
  assert.equal(result.campaigns[0].control, null);
  await openView(page, "mapping");
  await page.setInputFiles('clientele-dashboard [data-attach-input="campaigns"]', { name: "june.csv", mimeType: "text/csv", buffer: Buffer.from(NO_CONTROL_CSV) });
  await page.waitForSelector('clientele-dashboard [data-card="attach-campaigns"] [data-field="join-report"]');
  await openView(page, "campaigns");
  await page.waitForFunction(() => {
    const root = document.querySelector("clientele-dashboard").shadowRoot;
    return root.querySelectorAll(".campaign-card").length === 1 && root.querySelector(".campaign-card h3").textContent === "June mailing";
  }, null, { timeout: 30_000 });
  const [card] = await shownCards();
  assert.equal(card.caution, catalog.defaults.campaigns.grossCaution.en);
  assert.equal(card.kpis["control-rate"], null);
  assert.equal(card.kpis["incremental-revenue"], null);
  assert.equal(card.uplift, null);
  assert.equal(card.kpis["treatment-rate"], result.campaigns[0].treatment.responseRate);
  // A cost per contact gives the gross ROI the module computes.
  await page.fill('clientele-dashboard [data-option="campaigns-costPerContact"]', "2");
  await page.dispatchEvent('clientele-dashboard [data-option="campaigns-costPerContact"]', "change");
  await page.waitForFunction(() => document.querySelector("clientele-dashboard").shadowRoot.querySelector('.campaign-card [data-kpi="roi"]').dataset.value !== "", null, { timeout: 30_000 });
  const withCost = await page.evaluate(async (text) => {
    const module = await import(new URL("./pkg/clientele.js", location.href).href);
    await module.default();
    const dataset = module.Dataset.fromBytes(new Uint8Array(await (await fetch("./samples/orders.csv")).arrayBuffer()), { fileName: "orders.csv" });
    dataset.joinCampaigns(new TextEncoder().encode(text), { fileName: "june.csv" });
    const roi = dataset.campaigns({ costPerContact: 2 }).campaigns[0].roi;
    dataset.free();
    return roi;
  }, NO_CONTROL_CSV);
  const [after] = await shownCards();
  assert.equal(withCost.roiBasis, "gross");
  assert.equal(after.kpis.roi, withCost.roi);
  await screenshot(page, "campaigns-no-control", { fullPage: true });
  assert.deepEqual(env.log.foreign, []);
  assert.deepEqual(env.log.problems, []);
});
