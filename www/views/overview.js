// Overview view: KPI cards, segment treemap and table with suggested actions, R × FM heatmap, customer pyramid, lifecycle.
import { el } from "../dom.js";
import { ChartBox, baseOption, colourOf, textOn, tooltipBox, MUTED, TEXT } from "../charts.js";
import { card } from "./card.js";
// Use in your warehouse (issue 19).
import { warehouseCard } from "./warehouse.js";

/** How far back the Overview's deltas look (issue 14.6: "vs 30 days ago"). */
export const DELTA_DAYS = 30;

/** "YYYY-MM-DD" `days` days before `iso`. */
export function daysBefore(iso, days) {
  const [year, month, day] = iso.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, day - days)).toISOString().slice(0, 10);
}

/**
 * The Overview's deltas from a MigrationResult by segment from `from` to the analysis date (customers scored then and
 * each segment's size then: the matrix's row totals) and a TrendResult by day over the 30 days before the analysis
 * date (the revenue and orders that the totals gained since `from`). Each: { then, change, ratio }.
 */
export function overviewDeltas(result, migration, trend, from) {
  const delta = (now, then) => ({ then, change: now - then, ratio: then ? (now - then) / then : null });
  const lastRow = migration.rows.length - 1;
  const lastColumn = migration.columns.length - 1;
  const rowTotals = migration.counts.map((cells) => cells.reduce((sum, n) => sum + n, 0));
  const customersThen = rowTotals.slice(0, lastRow).reduce((sum, n) => sum + n, 0);
  const windowRevenue = trend.rows.reduce((sum, row) => sum + row.revenue, 0);
  const windowOrders = trend.rows.reduce((sum, row) => sum + row.orders, 0);
  const { revenue, orders, aov } = result.totals;
  const revenueThen = revenue - windowRevenue;
  const ordersThen = orders - windowOrders;
  const aovThen = ordersThen > 0 ? revenueThen / ordersThen : null;
  const segments = new Map();
  result.segments.forEach((segment) => {
    const row = migration.rows.indexOf(segment.name);
    const then = row >= 0 && row < lastRow ? rowTotals[row] : 0;
    const column = migration.columns.indexOf(segment.name);
    const now = column >= 0 && column < lastColumn ? migration.counts.reduce((sum, cells) => sum + cells[column], 0) : segment.customers;
    if (!segments.has(segment.name)) segments.set(segment.name, delta(now, then));
  });
  return {
    forResult: result, date: from, segments,
    kpis: {
      customers: delta(result.customersScored, customersThen),
      orders: delta(orders, ordersThen),
      revenue: delta(revenue, revenueThen),
      aov: aov === null || aovThen === null ? null : delta(aov, aovThen),
    },
  };
}

/** "+1,234 (+3.2%)": a change with its sign, and its ratio when there was something to compare with. */
function signedChange(t, { change, ratio }, format) {
  const sign = change > 0 ? "+" : change < 0 ? "−" : "±";
  const amount = `${sign}${format(Math.abs(change))}`;
  return ratio === null ? amount : `${amount} (${t.signedPercent(ratio)})`;
}

/** The segments shown: those with customers, in the map's order. */
function shownSegments(result) {
  return result.segments.filter((segment) => segment.customers > 0);
}

/** The tooltip of a segment or a tier: its name, customers, revenue and share of revenue. */
function groupTooltip(t, group) {
  return tooltipBox(t.label(group), [
    [t.t("col.customers"), t.int(group.customers)],
    [t.t("col.revenue"), t.money(group.revenue)],
    [t.t("col.revenueShare"), t.percent(group.revenueShare)],
  ]);
}

export function createOverview(app, panel) {
  const treemapBox = new ChartBox(el("div", { class: "chart chart-treemap" }));
  const heatmapBox = new ChartBox(el("div", { class: "chart chart-heatmap" }));
  const pyramidBox = new ChartBox(el("div", { class: "chart chart-pyramid" }));
  let treemapMeasure = "customers";

  treemapBox.on("click", (event) => {
    const code = event.data?.segmentCode;
    if (code !== undefined) app.showView("customers", { segmentCode: code });
  });
  // drill-down (issue 17.1): a tier of the pyramid opens its customers
  pyramidBox.on("click", (event) => {
    const tier = app.state.result.tiers[event.dataIndex];
    if (tier) app.showView("customers", { tier: tier.name });
  });
  // "vs 30 days ago" (issue 14.6): { forResult, kpis: { customers, orders, revenue, aov }, segments: Map, date }
  let deltas = null;
  let deltasFor = null; // the RfmResult the deltas were asked for

  function render() {
    const t = app.t;
    const { result } = app.state;
    const segments = shownSegments(result);
    panel.replaceChildren(
      el("h2", { class: "visually-hidden" }, t.t("tab.overview")),
      kpis(),
      el("div", { class: "grid grid-segments" },
        card(app, { title: t.t("overview.treemap.title"), caption: t.t("overview.treemap.caption"), chart: treemapBox, field: "treemap" },
          measureSwitch(), treemapBox.element),
        card(app, { title: t.t("overview.segments.title"), caption: t.t("overview.segments.caption", { map: mapName() }), field: "segments" },
          segmentTable(segments))),
      el("div", { class: "grid grid-three" },
        card(app, { title: t.t("overview.heatmap.title"), caption: t.t("overview.heatmap.caption"), chart: heatmapBox, field: "heatmap" }, heatmapBox.element),
        card(app, { title: t.t("overview.pyramid.title"), caption: t.t("overview.pyramid.caption"), chart: pyramidBox, field: "pyramid" },
          pyramidBox.element, tierTable()),
        card(app, { title: t.t("overview.lifecycle.title"), caption: t.t("overview.lifecycle.caption", lifecycleDays()), field: "lifecycle" },
          lifecycle())),
      // Use in your warehouse (issue 19).
      warehouseCard(app));
    drawTreemap(segments);
    drawHeatmap();
    drawPyramid();
    showDeltas();
    runDeltas();
  }

  // ---- "vs 30 days ago" (issue 14.6) ----

  /** Asks migration() (customers and segment sizes 30 days before the analysis date) and trend() by day (revenue and
   * orders of those 30 days) once per result; the cards show the deltas when they arrive. */
  async function runDeltas() {
    const { result } = app.state;
    if (deltasFor === result || !app.canRun("migration") || !app.canRun("trend")) return;
    deltasFor = result;
    deltas = null;
    const from = daysBefore(result.analysisDate, DELTA_DAYS);
    let answer = null;
    try {
      const [migration, trend] = await Promise.all([
        app.migration({ from, by: "segment" }),
        app.trend({ period: "day", from, to: daysBefore(result.analysisDate, 1) }),
      ]);
      answer = overviewDeltas(result, migration, trend, from);
    } catch {
      answer = null; // no comparison (e.g. the file starts within the last 30 days): the cards stay as they are
    }
    if (app.state.result !== result) return;
    deltas = answer;
    showDeltas();
  }

  /** Fills the delta lines of the cards and of the segment table (drawn empty by render()). */
  function showDeltas() {
    const t = app.t;
    const ready = deltas?.forResult === app.state.result;
    panel.dataset.deltas = ready ? "ready" : "pending";
    if (!ready) return;
    const formats = { customers: (n) => t.int(n), orders: (n) => t.int(n), revenue: (n) => t.moneyCompact(n), aov: (n) => t.money(n) };
    for (const node of panel.querySelectorAll("[data-delta-kpi]")) {
      const key = node.dataset.deltaKpi;
      const delta = deltas.kpis[key];
      if (!delta) continue;
      node.dataset.delta = String(delta.change);
      node.dataset.then = String(delta.then);
      node.textContent = t.t("kpi.delta", { change: signedChange(t, delta, formats[key]) });
      node.title = t.t("kpi.delta.title", { then: formats[key](delta.then), date: t.date(deltas.date) });
    }
    for (const node of panel.querySelectorAll("[data-delta-segment]")) {
      const delta = deltas.segments.get(node.dataset.deltaSegment);
      if (!delta) continue;
      node.dataset.delta = String(delta.change);
      node.textContent = t.t("overview.segments.delta", { change: signedChange(t, delta, (n) => t.int(n)) });
    }
  }

  function mapName() {
    const map = app.state.rfmOptions.segmentMap ?? app.catalog.defaults.rfm.segmentMap;
    return typeof map === "string" ? app.t.t(`map.${map}`) : map.name ?? app.t.t("map.custom");
  }

  function lifecycleDays() {
    const lifecycle = { ...app.catalog.defaults.rfm.lifecycle, ...app.state.rfmOptions.lifecycle };
    return { newDays: app.t.int(lifecycle.newDays), activeDays: app.t.int(lifecycle.activeDays), atRiskDays: app.t.int(lifecycle.atRiskDays) };
  }

  // ---- KPI cards ----

  function kpis() {
    const t = app.t;
    const { result } = app.state;
    // Orders, revenue and AOV over every row before the analysis date: the module's totals.
    const { orders, revenue, aov } = result.totals;
    const pareto = result.paretoPoint;
    const kpi = (field, label, value, exactValue, caption, title = null) =>
      el("div", { class: "kpi", "data-kpi": field, "data-value": exactValue ?? "" },
        el("div", { class: "kpi-label" }, label),
        el("div", { class: "kpi-value", title }, value),
        el("div", { class: "kpi-caption" }, caption),
        field === "pareto" ? null : el("div", { class: "kpi-delta", "data-delta-kpi": field }));
    return el("div", { class: "kpis", role: "group", "aria-label": t.t("overview.kpis") },
      kpi("customers", t.t("kpi.customers"), t.int(result.customersScored), result.customersScored,
        result.customersUnscored > 0 ? t.t("kpi.customers.unscored", { count: result.customersUnscored }) : t.t("kpi.customers.caption")),
      kpi("orders", t.t("kpi.orders"), t.int(orders), orders, t.t("kpi.orders.caption", { date: t.date(result.analysisDate) })),
      // Two revenues (issue 17.3): this card is every row; the segment table's total is the scored customers'.
      kpi("revenue", t.t("kpi.revenue"), t.moneyCompact(revenue), revenue, t.t("kpi.revenue.caption", { date: t.date(result.analysisDate) }), t.money(revenue)),
      kpi("aov", t.t("kpi.aov"), aov === null ? "–" : t.money(aov), aov, t.t("kpi.aov.caption")),
      kpi("pareto", t.t("kpi.pareto"), pareto ? t.percent(pareto.share) : "–", pareto?.share ?? null,
        pareto ? t.t("kpi.pareto.caption", { count: pareto.customers }) : t.t("kpi.pareto.none")));
  }

  // ---- segments ----

  function measureSwitch() {
    const t = app.t;
    const button = (measure) => el("button", {
      type: "button", "aria-pressed": String(treemapMeasure === measure), "data-measure": measure,
      on: { click: () => { treemapMeasure = measure; render(); } },
    }, t.t(`overview.treemap.by.${measure}`));
    return el("div", { class: "segmented", role: "group", "aria-label": t.t("overview.treemap.by") }, button("customers"), button("revenue"));
  }

  function drawTreemap(segments) {
    const t = app.t;
    const data = segments
      .filter((segment) => (treemapMeasure === "revenue" ? segment.revenue > 0 : true))
      .map((segment, index) => {
        const colour = colourOf(segment.name, index);
        return {
          name: t.label(segment),
          value: treemapMeasure === "revenue" ? segment.revenue : segment.customers,
          segmentCode: app.state.result.segments.indexOf(segment),
          itemStyle: { color: colour, borderColor: "#fff" },
          label: { color: textOn(colour) },
          details: segment,
        };
      });
    treemapBox.set({
      ...baseOption(t),
      tooltip: {
        ...baseOption(t).tooltip,
        formatter: (item) => {
          const segment = item.data?.details;
          return segment ? groupTooltip(t, segment) : "";
        },
      },
      series: [{
        type: "treemap",
        roam: false,
        nodeClick: false,
        breadcrumb: { show: false },
        width: "100%",
        height: "100%",
        top: 0, left: 0, right: 0, bottom: 0,
        squareRatio: 0.9,
        label: {
          show: true,
          formatter: (item) => `${item.name}\n${treemapMeasure === "revenue" ? t.moneyCompact(item.value) : t.int(item.value)}`,
          fontSize: 13,
          lineHeight: 18,
          overflow: "break", // print / PDF (issue 17, point 11): long segment names wrap instead of being cut
        },
        upperLabel: { show: false },
        itemStyle: { gapWidth: 2, borderWidth: 0 },
        data,
      }],
    }, t.lang);
  }

  function segmentTable(segments) {
    const t = app.t;
    const { result } = app.state;
    const rows = segments.map((segment, index) => {
      const colour = colourOf(segment.name, index);
      const label = t.label(segment);
      const swatch = el("span", { class: "swatch", "aria-hidden": "true" });
      swatch.style.backgroundColor = colour;
      const bar = el("span", { class: "share-bar", "aria-hidden": "true" });
      bar.style.width = `${Math.max(0, Math.min(1, segment.revenueShare)) * 100}%`;
      bar.style.backgroundColor = colour;
      const action = t.has(`action.segment.${segment.name}`) ? t.t(`action.segment.${segment.name}`) : t.t("action.segment.unknown");
      return el("tr", { "data-segment": segment.name },
        el("th", { scope: "row", "data-col": "segment" },
          el("button", {
            type: "button", class: "segment-link", title: t.t("overview.segments.open", { segment: label }),
            on: { click: () => app.showView("customers", { segmentCode: result.segments.indexOf(segment) }) },
          }, swatch, el("span", { class: "segment-label" }, label)),
          el("div", { class: "action-text", "data-col": "action" }, action),
          el("div", { class: "segment-delta", "data-delta-segment": segment.name })),
        el("td", { "data-col": "customers", class: "num", "data-label": t.t("col.customers") }, t.int(segment.customers)),
        el("td", { "data-col": "revenue", class: "num", "data-label": t.t("col.revenue") }, t.money(segment.revenue)),
        el("td", { "data-col": "revenueShare", class: "num share-cell", "data-label": t.t("col.revenueShare") },
          el("span", { class: "share-track", "aria-hidden": "true" }, bar), el("span", { class: "share-value" }, t.percent(segment.revenueShare))),
        el("td", { "data-col": "export", class: "export-cell" },
          el("button", {
            type: "button", class: "icon-button download", "data-export-segment": segment.name,
            "aria-label": t.t("action.exportSegment", { segment: label }), title: t.t("action.exportSegment", { segment: label }),
            on: { click: () => app.exportCustomers({ segmentCode: result.segments.indexOf(segment) }, label) },
          }, "CSV")));
    });
    if (rows.length === 0) rows.push(el("tr", { class: "empty" }, el("td", { colspan: 5 }, t.t("overview.segments.empty"))));
    const revenue = segments.reduce((sum, segment) => sum + segment.revenue, 0);
    const share = segments.reduce((sum, segment) => sum + segment.revenueShare, 0);
    // The two revenues (issue 17.3): the total here is the scored customers' monetary value; the KPI card counts
    // every row before the analysis date.
    const allRevenue = result.segments.reduce((sum, segment) => sum + segment.revenue, 0);
    const difference = result.totals.revenue - allRevenue;
    const noteParams = { count: t.int(result.customersScored), date: t.date(result.analysisDate), difference: t.money(difference) };
    const noteKey = app.state.rfmOptions.monetary === "mean" ? "overview.segments.totalNote.mean"
      : Math.abs(difference) < 0.00005 ? "overview.segments.totalNote.same" : "overview.segments.totalNote";
    const note = el("p", { class: "field-hint", "data-field": "revenue-note", "data-difference": difference }, t.t(noteKey, noteParams));
    return el("div", { class: "table-scroll" },
      el("table", { class: "data-table segment-table", "data-table": "segments" },
        el("colgroup", {}, ...["segment", "customers", "revenue", "share", "export"].map((name) => el("col", { class: `col-${name}` }))),
        el("thead", {}, el("tr", {},
          el("th", { scope: "col", "data-col": "segment" }, t.t("col.segmentAndAction")),
          el("th", { scope: "col", "data-col": "customers", class: "num" }, t.t("col.customers")),
          el("th", { scope: "col", "data-col": "revenue", class: "num" }, t.t("col.revenue")),
          el("th", { scope: "col", "data-col": "revenueShare", class: "num" }, t.t("col.revenueShare")),
          el("th", { scope: "col", "data-col": "export" }, el("span", { class: "visually-hidden" }, t.t("col.export"))))),
        el("tbody", {}, ...rows),
        el("tfoot", {}, el("tr", { "data-segment-total": "" },
          el("th", { scope: "row", "data-col": "segment" }, t.t("col.total")),
          el("td", { "data-col": "customers", class: "num", "data-label": t.t("col.customers") }, t.int(result.customersScored)),
          el("td", { "data-col": "revenue", class: "num", "data-label": t.t("col.revenue") }, t.money(revenue)),
          el("td", { "data-col": "revenueShare", class: "num", "data-label": t.t("col.revenueShare") }, el("span", { class: "share-value" }, t.percent(share))),
          el("td", {})))),
      note);
  }

  // ---- R × FM heatmap ----

  function drawHeatmap() {
    const t = app.t;
    const { result } = app.state;
    const { r, f, m, segmentCode } = result.customers;
    const bins = app.state.rfmOptions.bins ?? app.catalog.defaults.rfm.bins;
    // Counting customers per (R, FM) cell of the module's scores; FM = ceil((F + M) / 2) as in analytics.md §5.
    const side = bins + 1;
    const cellOf = (i) => r[i] * side + Math.ceil((f[i] + m[i]) / 2);
    const counts = new Uint32Array(side * side);
    for (let i = 0; i < r.length; i += 1) counts[cellOf(i)] += 1;
    const namesCache = new Map(); // cell → segment names, most customers first (worked out on hover)
    const segmentsIn = (cell) => {
      if (!namesCache.has(cell)) {
        const tally = new Map();
        for (let i = 0; i < r.length; i += 1) if (cellOf(i) === cell) tally.set(segmentCode[i], (tally.get(segmentCode[i]) ?? 0) + 1);
        namesCache.set(cell, [...tally.entries()].sort((a, b) => b[1] - a[1]).map(([index]) => t.label(result.segments[index])));
      }
      return namesCache.get(cell);
    };
    const scores = Array.from({ length: bins }, (_, i) => String(i + 1));
    const data = [];
    const max = Math.max(1, ...counts);
    for (let ri = 1; ri <= bins; ri += 1) {
      for (let fm = 1; fm <= bins; fm += 1) {
        const value = counts[ri * side + fm];
        data.push({ value: [ri - 1, fm - 1, value], label: { color: value > max * 0.55 ? "#ffffff" : TEXT } });
      }
    }
    heatmapBox.set({
      ...baseOption(t),
      grid: { left: 48, right: 12, top: 8, bottom: 78 },
      xAxis: { type: "category", data: scores, name: t.t("overview.heatmap.r"), nameLocation: "middle", nameGap: 26, axisTick: { show: false }, splitArea: { show: false }, axisLabel: { color: MUTED } },
      yAxis: { type: "category", data: scores, name: t.t("overview.heatmap.fm"), nameLocation: "middle", nameGap: 30, axisTick: { show: false }, axisLabel: { color: MUTED } },
      visualMap: {
        min: 0, max, calculable: false, orient: "horizontal", left: "center", bottom: 0, itemHeight: 120, itemWidth: 10,
        inRange: { color: ["#f3f8f5", "#9fd3b8", "#2f9a6f", "#0f5e46"] },
        text: [t.t("overview.heatmap.more"), t.t("overview.heatmap.fewer")], textStyle: { color: MUTED, fontSize: 11 },
      },
      tooltip: {
        ...baseOption(t).tooltip,
        formatter: (item) => {
          const [x, y, value] = item.data.value;
          const names = value ? segmentsIn((x + 1) * side + y + 1) : [];
          return tooltipBox(t.t("overview.heatmap.cell", { r: x + 1, fm: y + 1 }), [
            [t.t("col.customers"), t.int(value)],
            ...(names.length ? [[t.t("col.segment"), names.join(t.t("list.separator"))]] : []),
          ]);
        },
      },
      series: [{
        type: "heatmap",
        data,
        label: { show: bins <= 7, color: TEXT, fontSize: 11, formatter: (item) => (item.data.value[2] ? t.int(item.data.value[2]) : "") },
        itemStyle: { borderColor: "#fff", borderWidth: 2, borderRadius: 3 },
        emphasis: { itemStyle: { borderColor: "#1f2933", borderWidth: 1 } },
      }],
    }, t.lang);
  }

  // ---- pyramid ----

  function drawPyramid() {
    const t = app.t;
    const { tiers } = app.state.result;
    const n = tiers.length;
    pyramidBox.set({
      ...baseOption(t),
      tooltip: {
        ...baseOption(t).tooltip,
        formatter: (item) => groupTooltip(t, tiers[item.dataIndex]),
      },
      series: [{
        type: "funnel",
        sort: "none",
        left: "12%", right: "12%", top: 4, bottom: 4,
        min: 0, max: n, minSize: "22%", maxSize: "100%", gap: 3,
        // The pyramid's widths are its shape only (rank of the tier); the numbers are in the labels.
        data: tiers.map((tier, index) => ({
          name: t.label(tier),
          value: index + 1,
          itemStyle: { color: colourOf(tier.name, index), borderColor: "#fff", borderWidth: 0 },
          label: { color: textOn(colourOf(tier.name, index)) },
        })),
        label: {
          position: "inside",
          fontWeight: 600,
          fontSize: 13,
          formatter: (item) => t.label(tiers[item.dataIndex]),
        },
      }],
    }, t.lang);
  }

  function tierTable() {
    const t = app.t;
    const { tiers } = app.state.result;
    return el("table", { class: "data-table compact tier-table", "data-table": "tiers" },
      el("caption", { class: "visually-hidden" }, t.t("overview.pyramid.title")),
      el("thead", {}, el("tr", {},
        el("th", { scope: "col" }, t.t("col.tier")),
        el("th", { scope: "col", class: "num" }, t.t("col.customers")),
        el("th", { scope: "col", class: "num" }, t.t("col.revenueShare")),
        el("th", { scope: "col" }, el("span", { class: "visually-hidden" }, t.t("col.export"))))),
      el("tbody", {}, ...tiers.map((tier, index) => {
        const swatch = el("span", { class: "swatch", "aria-hidden": "true" });
        swatch.style.backgroundColor = colourOf(tier.name, index);
        const label = t.label(tier);
        return el("tr", { "data-tier": tier.name },
          el("th", { scope: "row" }, el("button", {
            type: "button", class: "segment-link", "data-open-tier": tier.name, title: t.t("overview.pyramid.open", { tier: label }),
            on: { click: () => app.showView("customers", { tier: tier.name }) },
          }, swatch, label)),
          el("td", { class: "num", "data-col": "customers" }, t.int(tier.customers)),
          el("td", { class: "num", "data-col": "revenueShare" }, t.percent(tier.revenueShare)),
          el("td", { class: "export-cell" }, el("button", {
            type: "button", class: "icon-button download", "data-export-tier": tier.name,
            "aria-label": t.t("action.exportTier", { tier: label }), title: t.t("action.exportTier", { tier: label }),
            disabled: tier.customers === 0,
            on: { click: () => app.exportCustomers({ tier: tier.name }, label) },
          }, "CSV")));
      })));
  }

  // ---- lifecycle ----

  function lifecycle() {
    const t = app.t;
    const stages = app.state.result.lifecycle;
    const bar = el("div", { class: "stack-bar", "aria-hidden": "true" }, ...stages.map((stage, index) => {
      const part = el("span", {});
      part.style.flexGrow = String(stage.customers);
      part.style.backgroundColor = colourOf(stage.stage, index);
      return part;
    }));
    return el("div", { class: "lifecycle" },
      bar,
      el("ul", { class: "stage-list" }, ...stages.map((stage, index) => {
        const dot = el("span", { class: "swatch", "aria-hidden": "true" });
        dot.style.backgroundColor = colourOf(stage.stage, index);
        return el("li", { "data-stage": stage.stage },
          el("button", {
            type: "button", class: "stage", title: t.t("overview.lifecycle.open", { stage: t.label(stage) }),
            on: { click: () => app.showView("customers", { lifecycle: stage.stage }) },
          },
          el("span", { class: "stage-name" }, dot, t.label(stage)),
          el("span", { class: "stage-count", "data-col": "customers" }, t.int(stage.customers)),
          el("span", { class: "stage-detail" }, t.t("overview.lifecycle.revenue", { revenue: t.moneyCompact(stage.revenue) })),
          el("span", { class: "stage-hint" }, t.t(`overview.lifecycle.hint.${stage.stage}`, lifecycleDays()))));
      })));
  }

  return { render, charts: { treemap: treemapBox, heatmap: heatmapBox, pyramid: pyramidBox } };
}
