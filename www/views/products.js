// Products view: what customers buy, from the module's affinity() and growthMatrix() (analytics.md §15, §17): the
// top products and the next products most often recommended per segment; "bought together" as a ranked table with
// lift and a heatmap of the strongest pairs' lift; the customer growth matrix as a 2 × 2 with revenue, share and
// contribution to growth, and the same per region (or any other column). Each customer's next product is in the
// affinity result's columns (`customers.nextItem`), which the Customers view can show.
import { el, field, select } from "../dom.js";
import { ChartBox, baseOption, tooltipBox, MUTED } from "../charts.js";
import { card } from "./card.js";

/** Pairs drawn in the heatmap: the strongest by lift. */
export const HEATMAP_PAIRS = 20;
/** Pairs listed in the table until "Show all (N)" is chosen: the first by the module's order. */
export const TABLE_PAIRS = 20;
/** Items listed in the top products table. */
export const TOP_ITEMS = 15;
const HEAT_COLOURS = ["#f4f9f6", "#bfe3cf", "#69bf94", "#17795a"];
/** Dimension names a marketer usually splits growth by first. */
const PREFERRED_BY = [/region|地区|区域|大区/i, /country|国家/i, /channel|渠道/i];
const DIMENSION_ROLES = ["dimension", "product", "category"];

/** The items of the strongest `max` pairs (by the module's order: lift, then baskets, then names), in first-seen order. */
export function heatmapItems(pairs, max = HEATMAP_PAIRS) {
  const shown = pairs.slice(0, max);
  const items = [];
  for (const pair of shown) for (const item of [pair.a, pair.b]) if (!items.includes(item)) items.push(item);
  return { shown, items };
}

export function createProducts(app, panel) {
  const pairBox = new ChartBox(el("div", { class: "chart chart-products-pairs" }));
  let affinity = null; // { result, error } for `ranFor`
  let growth = null; // { key, result, error }
  let ranFor = null;
  let busy = false;
  let seq = 0;
  let growthSeq = 0;
  let growthBy = null; // the column the per-group matrix is split by ("" for none)
  // next product export (issue 16.3): the target list's choices { segmentCode ("" = all), bought, notBought ("" = none) }
  let target = null;
  let allPairs = false; // whether the pairs table lists every pair (else the first TABLE_PAIRS)

  function render() {
    if (!app.canRun("affinity") || !app.canRun("growthMatrix")) {
      panel.replaceChildren(el("div", { class: "card notice", "data-field": "products-unavailable" }, app.t.t("products.unavailable")));
      return;
    }
    growthBy ??= defaultBy();
    if (ranFor === app.state.result && affinity) draw();
    else run();
  }

  /** The columns the growth matrix can be split by: the file's text columns except the business one. */
  function byColumns() {
    const business = app.state.report.roles?.product ?? app.state.report.roles?.category ?? null;
    return app.state.report.columns.filter((c) => DIMENSION_ROLES.includes(c.role) && c.name !== business).map((c) => c.name);
  }

  function defaultBy() {
    const columns = byColumns();
    for (const pattern of PREFERRED_BY) {
      const found = columns.find((name) => pattern.test(name));
      if (found) return found;
    }
    return columns[0] ?? "";
  }

  async function run() {
    const mine = ++seq;
    ranFor = app.state.result;
    busy = true;
    draw();
    const settle = (promise) => promise.then((result) => ({ result, error: null }), (error) => ({ result: null, error }));
    const [a, g] = await Promise.all([settle(app.affinity({})), settle(app.growthMatrix(growthOptions()))]);
    if (mine !== seq) return;
    affinity = a;
    growth = { key: growthBy, ...g };
    // The Customers view's "next product" column (analytics.md §15.4).
    if (a.result) app.display.nextItems = { forResult: ranFor, id: a.result.customers.id, nextItem: a.result.customers.nextItem };
    busy = false;
    draw();
  }

  const growthOptions = () => (growthBy ? { by: growthBy } : {});

  async function runGrowth() {
    const mine = ++growthSeq;
    const key = growthBy;
    const answer = await app.growthMatrix(growthOptions()).then((result) => ({ key, result, error: null }), (error) => ({ key, result: null, error }));
    if (mine !== growthSeq) return;
    growth = answer;
    draw();
  }

  function draw() {
    const t = app.t;
    const body = [];
    if (!affinity) body.push(el("div", { class: "card notice", "data-field": "products-running" }, t.t("products.running")));
    else if (affinity.error) body.push(errorCard("affinity", affinity.error));
    else body.push(topCard(affinity.result), targetCard(affinity.result), pairsCard(affinity.result));
    if (growth) body.push(growth.error ? errorCard("growth", growth.error) : growthCard(growth.result));
    panel.replaceChildren(
      el("h2", { class: "visually-hidden" }, t.t("tab.products")),
      el("div", { class: busy ? "busy-area busy" : "busy-area", "aria-busy": String(busy), "data-field": "products-results" }, ...body));
    if (affinity?.result) drawPairs(affinity.result);
  }

  function errorCard(analysis, error) {
    const t = app.t;
    return el("section", { class: "card", "data-card": `${analysis}-error` },
      el("div", { class: "message error inline", role: "alert", "data-field": `${analysis}-error`, "data-code": error.code ?? "" },
        el("div", { class: "message-body" }, el("strong", {}, t.t(`products.error.${analysis}`)), el("p", {}, t.errorText(error)))));
  }

  /** A plain table: `columns` = [[key, label, numeric]], rows of { key, cells: { key: [value, text] } }. */
  function table(name, columns, rows) {
    return el("div", { class: "table-scroll" },
      el("table", { class: "data-table compact", "data-table": name },
        el("thead", {}, el("tr", {}, ...columns.map(([, label, numeric]) => el("th", { scope: "col", class: numeric ? "num" : null }, label)))),
        el("tbody", {}, ...rows.map((row) => el("tr", { "data-row": row.key },
          ...columns.map(([key, , numeric], i) => {
            const [value, text] = row.cells[key];
            return el(i === 0 ? "th" : "td", { scope: i === 0 ? "row" : null, class: numeric ? "num" : null, "data-col": key, "data-value": value ?? "" }, text);
          }))))));
  }

  // ---- top products and next products per segment ----

  function topCard(result) {
    const t = app.t;
    const items = result.items.slice(0, TOP_ITEMS);
    const caption = t.t("products.top.caption", { baskets: t.int(result.baskets), basket: t.t(`products.basket.${result.basket}`), items: t.int(result.distinctItems), column: result.column });
    const top = table("products-top", [["item", t.t(`products.level.${result.level}`)], ["baskets", t.t("products.col.baskets"), true], ["support", t.t("products.col.support"), true]],
      items.map((item) => ({ key: item.item, cells: { item: [item.item, item.item], baskets: [item.baskets, t.int(item.baskets)], support: [item.support, t.percent(item.support)] } })));
    const segments = result.recommendations.filter((c) => c.items.length);
    const next = segments.length
      ? table("products-next", [["segment", t.t("products.col.segment")], ["customers", t.t("col.customers"), true], ["next", t.t("products.col.next")]],
        segments.map((c) => ({
          key: c.class,
          cells: {
            segment: [c.class, t.label({ name: c.class, label: c.label })],
            customers: [c.customers, t.int(c.customers)],
            next: [c.items.map((i) => i.item).join("\n"), c.items.map((i) => t.t("products.next.item", { item: i.item, share: t.percent(i.share), confidence: t.percent(i.meanConfidence) })).join(t.t("list.separator"))],
          },
        })))
      : el("p", { class: "empty-note", "data-field": "products-next-empty" }, t.t("products.next.empty"));
    return card(app, { title: t.t("products.top.title"), caption, field: "products-top" },
      top,
      el("h4", {}, t.t("products.next.title")),
      el("p", { class: "field-hint" }, t.t("products.next.note")),
      next);
  }

  // ---- next product export (issue 16.3): "customers of <segment> who bought A but not B, with their next product" ----

  function targetCard(result) {
    const t = app.t;
    const items = result.items.map((i) => i.item);
    const segments = app.state.result?.segments ?? [];
    if (!target || !items.includes(target.bought)) target = { segmentCode: "", bought: items[0] ?? "", notBought: items[1] ?? "" };
    if (target.notBought && !items.includes(target.notBought)) target.notBought = "";
    const segmentName = (code) => (code === "" ? t.t("products.target.allSegments") : t.label(segments[Number(code)]));
    const summary = el("p", { class: "field-hint", "data-field": "target-summary" });
    const describe = () => {
      const args = { segment: segmentName(target.segmentCode), a: target.bought, b: target.notBought };
      summary.textContent = t.t(target.notBought ? "products.target.summary" : "products.target.summaryOnly", args);
    };
    const control = (name, options) => {
      const element = select({ "data-control": `target-${name}` }, options, target[name]);
      element.addEventListener("change", () => {
        target[name] = element.value;
        describe();
      });
      return element;
    };
    const segmentControl = control("segmentCode", [{ value: "", label: t.t("products.target.allSegments") },
      ...segments.map((s, code) => ({ value: String(code), label: t.label(s) }))]);
    const boughtControl = control("bought", items.map((item) => ({ value: item, label: item })));
    const notControl = control("notBought", [{ value: "", label: t.t("products.target.none") }, ...items.map((item) => ({ value: item, label: item }))]);
    describe();
    const download = el("button", { type: "button", class: "button secondary", "data-action": "export-target", disabled: !items.length, on: { click: () => {
      const filter = { nextProduct: true, bought: [target.bought] };
      if (target.segmentCode !== "") filter.segmentCode = Number(target.segmentCode);
      if (target.notBought) filter.notBought = [target.notBought];
      const parts = [target.segmentCode === "" ? null : segments[Number(target.segmentCode)].name, target.bought, target.notBought ? `not-${target.notBought}` : null];
      app.exportCustomers(filter, parts.filter(Boolean).join("-"));
    } } }, t.t("products.target.download"));
    return card(app, { title: t.t("products.target.title"), field: "products-target" },
      el("p", { class: "field-hint" }, t.t("products.target.note")),
      el("div", { class: "controls inline-controls" },
        field(t.t("products.target.segment"), segmentControl),
        field(t.t("products.target.bought"), boughtControl),
        field(t.t("products.target.notBought"), notControl)),
      summary,
      download);
  }

  // ---- bought together ----

  function pairsCard(result) {
    const t = app.t;
    const caption = t.t("products.pairs.caption", { kept: t.int(result.pairsKept), shown: t.int(result.pairs.length), baskets: t.int(result.baskets) });
    if (!result.pairs.length) {
      return card(app, { title: t.t("products.pairs.title"), caption, field: "products-pairs" }, el("p", { class: "empty-note", "data-field": "products-pairs-empty" }, t.t("products.pairs.empty")));
    }
    const { items } = heatmapItems(result.pairs);
    pairBox.element.style.height = `${Math.max(260, items.length * 26 + 120)}px`;
    pairBox.element.dataset.pairs = String(Math.min(HEATMAP_PAIRS, result.pairs.length));
    const rows = result.pairs.map((p, i) => ({
      key: `${p.a}\u0000${p.b}`,
      cells: {
        rank: [i + 1, t.int(i + 1)], a: [p.a, p.a], b: [p.b, p.b], baskets: [p.baskets, t.int(p.baskets)], support: [p.support, t.percent(p.support)],
        confidenceAB: [p.confidenceAB, t.percent(p.confidenceAB)], confidenceBA: [p.confidenceBA, t.percent(p.confidenceBA)], lift: [p.lift, t.decimal(p.lift, 2)],
      },
    }));
    const columns = [
      ["rank", "#", true], ["a", t.t("products.col.a")], ["b", t.t("products.col.b")], ["baskets", t.t("products.col.together"), true],
      ["support", t.t("products.col.support"), true], ["confidenceAB", t.t("products.col.confidenceAB"), true],
      ["confidenceBA", t.t("products.col.confidenceBA"), true], ["lift", t.t("products.col.lift"), true],
    ];
    // The first TABLE_PAIRS pairs, and every pair on request (147 on the sample made the page long).
    const pairsTable = () => table("products-pairs", columns, allPairs ? rows : rows.slice(0, TABLE_PAIRS));
    let shownTable = pairsTable();
    const toggleText = () => (allPairs ? t.t("products.pairs.showTop", { count: t.int(TABLE_PAIRS) }) : t.t("products.pairs.showAll", { count: t.int(rows.length) }));
    const toggle = rows.length > TABLE_PAIRS
      ? el("button", { type: "button", class: "button secondary", "data-action": "pairs-all", "aria-expanded": String(allPairs), on: { click: () => {
        allPairs = !allPairs;
        const next = pairsTable();
        shownTable.replaceWith(next);
        shownTable = next;
        toggle.textContent = toggleText();
        toggle.setAttribute("aria-expanded", String(allPairs));
      } } }, toggleText())
      : null;
    return card(app, { title: t.t("products.pairs.title"), caption, chart: pairBox, field: "products-pairs" },
      pairBox.element,
      el("p", { class: "field-hint" }, t.t("products.pairs.note")),
      shownTable,
      toggle);
  }

  function drawPairs(result) {
    const t = app.t;
    const { shown, items } = heatmapItems(result.pairs);
    if (!shown.length) return;
    const index = new Map(items.map((item, i) => [item, i]));
    const cells = shown.flatMap((p) => [[index.get(p.a), index.get(p.b), p.lift, p], [index.get(p.b), index.get(p.a), p.lift, p]]);
    const top = Math.max(...shown.map((p) => p.lift));
    pairBox.set({
      ...baseOption(t),
      grid: { left: 8, right: 12, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: items, axisLabel: { color: MUTED, fontSize: 10, rotate: 40 }, axisTick: { show: false } },
      yAxis: { type: "category", inverse: true, data: items, axisLabel: { color: MUTED, fontSize: 10 }, axisTick: { show: false } },
      visualMap: { show: false, min: 0, max: top || 1, inRange: { color: HEAT_COLOURS } },
      tooltip: {
        ...baseOption(t).tooltip,
        trigger: "item",
        formatter: (item) => {
          const p = item.data[3];
          return tooltipBox(`${p.a} + ${p.b}`, [
            [t.t("products.col.lift"), t.decimal(p.lift, 2)],
            [t.t("products.col.together"), t.int(p.baskets)],
            [t.t("products.col.support"), t.percent(p.support)],
            [`${p.a} → ${p.b}`, t.percent(p.confidenceAB)],
            [`${p.b} → ${p.a}`, t.percent(p.confidenceBA)],
          ]);
        },
      },
      series: [{
        type: "heatmap",
        data: cells.map(([x, y, lift, p]) => ({ value: [x, y, lift], 3: p })),
        label: { show: true, fontSize: 10, color: "#1f2933", formatter: (item) => t.decimal(item.value[2], 1) },
        itemStyle: { borderColor: "#ffffff", borderWidth: 1 },
      }],
    }, t.lang);
  }

  // ---- growth matrix ----

  function quadrant(cell, field) {
    const t = app.t;
    return el("div", { class: "growth-cell", "data-quadrant": field, "data-revenue": cell.revenueExact },
      el("h4", {}, t.t(`products.growth.quadrant.${field}`)),
      el("p", { class: "growth-revenue", "data-field": "revenue" }, t.money(cell.revenue)),
      el("dl", { class: "facts-list" },
        el("dt", {}, t.t("products.growth.share")), el("dd", { "data-field": "share", "data-value": cell.share ?? "" }, t.percent(cell.share)),
        el("dt", {}, t.t("products.growth.contribution")),
        el("dd", { "data-field": "contribution", "data-value": cell.contributionExact }, `${t.money(cell.contribution)} (${t.percent(cell.contributionShare)})`),
        el("dt", {}, t.t("col.orders")), el("dd", {}, t.int(cell.orders)),
        el("dt", {}, t.t("col.customers")), el("dd", {}, t.int(cell.customerCount))));
  }

  const QUADRANT_FIELDS = ["existingExisting", "existingNew", "newExisting", "newNew"];

  function growthCard(result) {
    const t = app.t;
    const m = result;
    const caption = t.t("products.growth.caption", {
      from: t.date(m.window.from), to: t.date(m.window.to), previousFrom: t.date(m.previous.from), previousTo: t.date(m.previous.to), business: m.business,
    });
    const summary = el("p", { class: "growth-summary", "data-field": "growth-summary", "data-growth": m.growthExact },
      t.t("products.growth.summary", { current: t.money(m.revenueCurrent), previous: t.money(m.revenuePrevious), growth: t.money(m.growth), rate: t.signedPercent(m.growthRate) }));
    const grid = el("div", { class: "growth-grid", role: "group", "aria-label": t.t("products.growth.title"), "data-field": "growth-matrix" },
      el("div", { class: "growth-axis" }), el("div", { class: "growth-axis" }, t.t("products.growth.existingBusiness")), el("div", { class: "growth-axis" }, t.t("products.growth.newBusiness")),
      el("div", { class: "growth-axis" }, t.t("products.growth.existingCustomers")), quadrant(m.cells[0], QUADRANT_FIELDS[0]), quadrant(m.cells[1], QUADRANT_FIELDS[1]),
      el("div", { class: "growth-axis" }, t.t("products.growth.newCustomers")), quadrant(m.cells[2], QUADRANT_FIELDS[2]), quadrant(m.cells[3], QUADRANT_FIELDS[3]));
    const ee = m.existingExisting;
    const split = el("p", { class: "field-hint", "data-field": "growth-repeat" }, t.t("products.growth.repeat", { repeat: t.money(ee.repeat), crossSell: t.money(ee.crossSell) }));
    const counts = el("p", { class: "field-hint", "data-field": "growth-counts" }, t.t("products.growth.counts", {
      existingCustomers: t.int(m.counts.existingCustomers), newCustomers: t.int(m.counts.newCustomers), existingBusiness: t.int(m.counts.existingBusiness), newBusiness: t.int(m.counts.newBusiness),
    }));
    const warnings = m.warnings.map((w) => el("p", { class: "message warning inline", "data-code": w.code }, t.warningText ? t.warningText(w) : w.message));
    const byControl = select({ "data-control": "growth-by" }, [{ value: "", label: t.t("products.growth.byNone") }, ...byColumns().map((name) => ({ value: name, label: name }))], growthBy);
    byControl.addEventListener("change", () => {
      growthBy = byControl.value;
      runGrowth();
    });
    return card(app, { title: t.t("products.growth.title"), caption, field: "products-growth" },
      summary, ...warnings, grid, split, counts,
      el("h4", {}, t.t("products.growth.byTitle")),
      field(t.t("products.growth.by"), byControl),
      m.groups ? groupsTable(m.groups) : null);
  }

  function groupsTable(groups) {
    const t = app.t;
    const name = (g) => (g.kind === "blank" ? t.t("markets.blank") : g.kind === "other" ? t.t("markets.other") : g.key);
    const money = (n) => [n, t.money(n)];
    return table("growth-groups", [
      ["group", growthBy], ["revenue", t.t("products.growth.revenue"), true], ["growth", t.t("products.growth.growth"), true],
      ...QUADRANT_FIELDS.map((f) => [f, t.t(`products.growth.short.${f}`), true]),
    ], groups.map((g) => ({
      key: g.key,
      cells: {
        group: [g.key, name(g)], revenue: money(g.revenueCurrent), growth: [g.growth, `${t.money(g.growth)} (${t.signedPercent(g.growthRate)})`],
        ...Object.fromEntries(QUADRANT_FIELDS.map((f, k) => [f, [g.cells[k].contribution, `${t.money(g.cells[k].revenue)} · ${t.percent(g.cells[k].share)}`]])),
      },
    })));
  }

  return { render };
}
