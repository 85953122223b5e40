// Value view: customer lifetime value from the module's clv() (BG/NBD and Gamma-Gamma): expected revenue and
// purchases, the fitted model and what it assumes, the CLV distribution, value by segment, P(alive) against recency,
// and the holdout check; the model options are a small form whose defaults come from catalog().defaults.clv.
import { el, field, uid } from "../dom.js";
import { ChartBox, baseOption, colourOf, tooltipBox, ACCENT, MUTED, GRID_LINE } from "../charts.js";
import { card } from "./card.js";

/** The scatter draws at most this many customers (an even, deterministic sample of the id order). */
export const SCATTER_POINTS = 5000;
/** Bars of the CLV histogram below its cap (the 99th percentile); one more bar holds the customers above it. */
const HISTOGRAM_BARS = 20;
/** The scatter's groups by purchases so far (x + 1): [first, last] (last null: no upper end). */
const PURCHASE_GROUPS = [[1, 1], [2, 3], [4, null]];
const GROUP_COLOURS = ["#8d90a8", "#2f74b5", "#17795a"];
const PREDICTED = "#d9822b";

/** Indexes of an even sample of `n` items, at most `max`: every item when n ≤ max, else ⌊k·n/max⌋ for k < max. */
export function sampleIndexes(n, max = SCATTER_POINTS) {
  if (n <= max) return Uint32Array.from({ length: n }, (_, i) => i);
  return Uint32Array.from({ length: max }, (_, k) => Math.floor((k * n) / max));
}

/**
 * The CLV columns of `clvCustomers` (ClvResult.customers) aligned with the customers `ids` of an RfmResult: both are
 * in customer-id order, and RFM's scored customers are a subset of CLV's (a customer with only amount-0 purchases is
 * modelled but not scored), so one forward walk pairs them, comparing the ids themselves. A customer without a
 * match (which the contract rules out) keeps NaN, shown as "–", and is counted in `missing`.
 */
export function alignClvColumns(ids, clvCustomers) {
  const n = ids.length;
  const clvIds = clvCustomers.id;
  const pAlive = new Float64Array(n).fill(NaN);
  const expectedPurchases = new Float64Array(n).fill(NaN);
  const clv = clvCustomers.clv ? new Float64Array(n).fill(NaN) : null;
  let missing = 0;
  let j = 0;
  let byId = null; // built only if the walk loses its way (ids out of step)
  for (let i = 0; i < n; i += 1) {
    let k = -1;
    if (!byId) {
      let probe = j;
      while (probe < clvIds.length && clvIds[probe] !== ids[i]) probe += 1;
      if (probe < clvIds.length) {
        k = probe;
        j = probe + 1;
      } else {
        byId = new Map(Array.from(clvIds, (id, index) => [id, index]));
      }
    }
    if (byId) k = byId.get(ids[i]) ?? -1;
    if (k < 0) {
      missing += 1;
      continue;
    }
    pAlive[i] = clvCustomers.pAlive[k];
    expectedPurchases[i] = clvCustomers.expectedPurchases[k];
    if (clv) clv[i] = clvCustomers.clv[k];
  }
  return { pAlive, expectedPurchases, clv, missing };
}

/** A round bar width (1, 2 or 5 × 10^k) that splits 0 … `top` into about `bars` bars. */
function niceStep(top, bars) {
  const raw = top / bars;
  if (!(raw > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= raw);
}

/**
 * The CLV histogram: bars of a round width from 0 to the 99th percentile, and one last bar "above" for the rest,
 * so that a few very valuable customers do not squeeze everyone else into one bar. Also the median and the share of
 * the total held by the top tenth of customers, for the caption.
 */
export function histogram(values) {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const quantile = (q) => sorted[Math.min(n - 1, Math.floor(q * (n - 1)))];
  const cap = n ? quantile(0.99) : 0;
  const step = niceStep(cap, HISTOGRAM_BARS);
  const bars = Math.max(1, Math.ceil(cap / step));
  const counts = new Uint32Array(bars + 1);
  for (const value of sorted) counts[Math.min(bars, Math.floor(value / step))] += 1;
  const total = sorted.reduce((sum, value) => sum + value, 0);
  const topTenth = Math.ceil(n / 10);
  let topSum = 0;
  for (let i = n - topTenth; i < n; i += 1) topSum += sorted[i];
  return {
    step, bars, counts,
    median: n ? quantile(0.5) : null,
    topTenthShare: total > 0 ? topSum / total : null,
  };
}

export function createValue(app, panel) {
  const groupsBox = new ChartBox(el("div", { class: "chart chart-value-groups" }));
  const histogramBox = new ChartBox(el("div", { class: "chart chart-value-histogram" }));
  const scatterBox = new ChartBox(el("div", { class: "chart chart-value-scatter" }));
  const holdoutBox = new ChartBox(el("div", { class: "chart chart-value-holdout" }));
  let groupBy = "segment"; // "segment" | "tier" | "stage"
  let formError = null; // an error of the form itself (a value that is not a number), shown by the form
  let minimumsOpen = false;

  const defaults = () => app.catalog.defaults.clv;
  const timeUnit = (options) => options.timeUnit ?? defaults().timeUnit;
  const unitName = (unit, count) => app.t.t(`value.unit.${unit}`, { count });

  function render() {
    if (!app.canRun("clv")) {
      panel.replaceChildren(el("div", { class: "card notice", "data-field": "value-unavailable" }, app.t.t("value.unavailable")));
      return;
    }
    // First visit, newer data or other Settings: ask the engine (the session answers at once when it has this, and
    // does not ask twice while the same request is on its way).
    app.runClv();
    draw();
  }

  function draw() {
    const t = app.t;
    const entry = app.clv;
    const running = app.clvRunning;
    const options = entry?.options ?? app.state.clvOptions ?? {};
    const body = [];
    if (entry?.error) body.push(errorCard(entry.error));
    else if (entry?.result) body.push(...results(entry.result, options));
    else body.push(el("div", { class: "card notice", "data-field": "value-running" }, t.t("value.running")));
    panel.replaceChildren(
      el("h2", { class: "visually-hidden" }, t.t("tab.value")),
      form(options),
      el("div", { class: running ? "busy-area busy" : "busy-area", "aria-busy": String(running), "data-field": "value-results" }, ...body));
    if (entry?.result && !entry.error) drawCharts(entry.result, options);
  }

  // ---- the form ----

  function form(options) {
    const t = app.t;
    const d = defaults();
    const unit = timeUnit(options);
    const number = (name, value, extra = {}) => el("input", {
      type: "text", inputmode: "decimal", autocomplete: "off", "data-option": name, value: String(value), ...extra,
    });
    const percentOf = (fraction) => String(+(fraction * 100).toFixed(6));
    const horizon = number("horizon", options.horizon ?? d.horizon[unit]);
    const months = number("months", options.clv?.months ?? d.clv.months, { inputmode: "numeric" });
    const margin = number("margin", percentOf(options.clv?.margin ?? d.clv.margin));
    const discount = number("discountRate", percentOf(options.clv?.discountRate ?? d.clv.discountRate));
    const { minDate } = app.state.report;
    const lastDay = previousDay(app.state.result.analysisDate);
    const holdout = el("input", { type: "date", "data-option": "holdout", value: options.holdout?.from ?? "", min: minDate ? nextDay(minDate) : null, max: lastDay });
    const minCustomers = number("minCustomers", options.minCustomers ?? d.minCustomers, { inputmode: "numeric" });
    const minRepeat = number("minRepeatCustomers", options.minRepeatCustomers ?? d.minRepeatCustomers, { inputmode: "numeric" });
    const apply = el("button", { type: "submit", class: "button primary", "data-action": "run-clv" }, t.t("value.form.run"));
    const reset = el("button", {
      type: "button", class: "button ghost", "data-action": "reset-clv",
      on: { click: () => { formError = null; minimumsOpen = false; submit({}); } },
    }, t.t("value.form.reset"));
    // A disclosure button rather than <details>: the fields are out of the page (and of the Tab order) until shown.
    const minimumFields = el("div", { class: "field-grid", id: uid("minimums"), hidden: !minimumsOpen },
      field(t.t("value.form.minCustomers"), minCustomers, t.t("value.form.minCustomers.hint", { floor: t.int(d.minCustomersFloor) })),
      field(t.t("value.form.minRepeatCustomers"), minRepeat, t.t("value.form.minRepeatCustomers.hint", { floor: t.int(d.minCustomersFloor) })));
    const disclosure = el("button", {
      type: "button", class: "disclosure", "aria-expanded": String(minimumsOpen), "aria-controls": minimumFields.id, "data-action": "show-minimums",
      on: { click: () => {
        minimumsOpen = !minimumsOpen;
        minimumFields.hidden = !minimumsOpen;
        disclosure.setAttribute("aria-expanded", String(minimumsOpen));
      } },
    }, el("span", { class: "disclosure-mark", "aria-hidden": "true" }, "▸"), t.t("value.form.minimums"));
    const minimums = el("div", { class: "minimums", "data-group": "minimums" }, disclosure, minimumFields);
    const feedback = formError
      ? el("div", { class: "message error inline", role: "alert", "data-field": "value-form-error", "data-code": formError.code }, el("p", {}, t.errorText(formError)))
      : null;
    const element = el("form", { class: "value-form", "data-form": "clv" },
      el("div", { class: "field-grid" },
        field(t.t("value.form.horizon", { unit: unitName(unit, 2) }), horizon, t.t("value.form.horizon.hint")),
        field(t.t("value.form.months"), months, t.t("value.form.months.hint")),
        field(t.t("value.form.margin"), margin, t.t("value.form.margin.hint")),
        field(t.t("value.form.discountRate"), discount, t.t("value.form.discountRate.hint")),
        field(t.t("value.form.holdout"), holdout, t.t("value.form.holdout.hint"))),
      minimums,
      feedback,
      el("div", { class: "form-actions" }, apply, reset));
    element.addEventListener("submit", (event) => {
      event.preventDefault();
      const built = buildOptions({ horizon, months, margin, discount, holdout, minCustomers, minRepeat }, unit);
      formError = built.error ?? null;
      if (built.error) return draw();
      submit(built.options);
    });
    return card(app, { title: t.t("value.form.title"), caption: t.t("value.form.caption"), field: "clv-form" }, element);
  }

  /** The model options of the form: only what differs from the module's defaults (so the defaults ask `{}`). */
  function buildOptions({ horizon, months, margin, discount, holdout, minCustomers, minRepeat }, unit) {
    const d = defaults();
    const t = app.t;
    const options = {};
    const invalid = (option, reason) => ({
      code: "invalid_option", message: `option ${option}: ${reason}`, position: null,
      details: { option: t.t("quote", { text: t.t(`value.option.${option}`) }), reason: t.t(reason) },
    });
    // The form's own checks: a number, and the meaning of a percentage (a margin is a share of revenue, a discount
    // below 100 %); every other limit is the module's (its invalid_option says which).
    const valid = {
      "horizon": (v) => (v > 0 ? null : "value.error.positive"),
      "clv.margin": (v) => (v > 0 && v <= 100 ? null : "value.error.margin"),
      "clv.discountRate": (v) => (v >= 0 && v < 100 ? null : "value.error.discountRate"),
    };
    const fields = [
      [horizon, "horizon", (v) => { if (v !== d.horizon[unit]) options.horizon = v; }],
      [months, "clv.months", (v) => { if (v !== d.clv.months) (options.clv ??= {}).months = v; }],
      [margin, "clv.margin", (v) => { if (v / 100 !== d.clv.margin) (options.clv ??= {}).margin = v / 100; }],
      [discount, "clv.discountRate", (v) => { if (v / 100 !== d.clv.discountRate) (options.clv ??= {}).discountRate = v / 100; }],
      [minCustomers, "minCustomers", (v) => { if (v !== d.minCustomers) options.minCustomers = v; }],
      [minRepeat, "minRepeatCustomers", (v) => { if (v !== d.minRepeatCustomers) options.minRepeatCustomers = v; }],
    ];
    for (const [input, option, set] of fields) {
      const text = input.value.trim().replace(/[,，]/g, ".").replace(/[%％\s]/g, "");
      const value = Number(text);
      if (text === "" || !Number.isFinite(value)) return { error: invalid(option, "value.error.number") };
      const problem = valid[option]?.(value);
      if (problem) return { error: invalid(option, problem) };
      set(value);
    }
    if (holdout.value) options.holdout = { from: holdout.value };
    return { options };
  }

  async function submit(options) {
    const running = app.runClv(options);
    draw(); // busy until the answer redraws the views that show it
    await running;
  }

  // ---- errors ----

  function errorCard(error) {
    const t = app.t;
    // An invalid option names the form's field, not the option's path.
    const shown = error.code === "invalid_option" && error.details?.option && t.has(`value.option.${error.details.option}`)
      ? { ...error, details: { ...error.details, option: t.t("quote", { text: t.t(`value.option.${error.details.option}`) }) } }
      : error;
    return el("section", { class: "card", "data-card": "clv-error" },
      el("div", { class: "message error inline", role: "alert", "data-field": "clv-error", "data-code": error.code ?? "" },
        el("div", { class: "message-body" },
          el("strong", {}, t.t("value.error.title")),
          el("p", { "data-field": "clv-error-text" }, t.errorText(shown)))),
      el("p", { class: "field-hint value-error-hint" }, t.t("value.error.hint")));
  }

  // ---- results ----

  function results(result, options) {
    const t = app.t;
    return [
      kpis(result, options),
      result.warnings.length
        ? el("div", { class: "message info inline", role: "status", "data-field": "clv-warnings" },
          el("div", { class: "message-body" },
            el("strong", { class: "info-title" }, t.t("value.warnings.title")),
            el("ul", { class: "value-warning-list" }, ...result.warnings.map((warning) => el("li", { "data-code": warning.code }, t.warningText(warning))))))
        : null,
      el("div", { class: "grid grid-value" },
        groupsCard(result, options),
        card(app, { title: t.t("value.histogram.title", { months: t.int(monthsOf(options)) }), caption: histogramCaption(result), chart: histogramBox, field: "clv-histogram" },
          histogramBox.element)),
      el("div", { class: "grid grid-value" },
        card(app, { title: t.t("value.scatter.title"), caption: scatterCaption(result), chart: scatterBox, field: "clv-scatter" },
          scatterBox.element, el("p", { class: "field-hint" }, t.t("value.scatter.note"))),
        modelCard(result, options)),
      holdoutCard(result, options),
    ].filter(Boolean);
  }

  const monthsOf = (options) => options.clv?.months ?? defaults().clv.months;
  const marginOf = (options) => options.clv?.margin ?? defaults().clv.margin;
  const discountOf = (options) => options.clv?.discountRate ?? defaults().clv.discountRate;

  function kpis(result, options) {
    const t = app.t;
    const months = t.int(monthsOf(options));
    const unit = result.timeUnit;
    const profit = marginOf(options) < 1;
    const kpi = (name, label, value, exact, caption, title = null) =>
      el("div", { class: "kpi", "data-kpi": name, "data-value": exact ?? "" },
        el("div", { class: "kpi-label" }, label),
        el("div", { class: "kpi-value", title }, value),
        el("div", { class: "kpi-caption" }, caption));
    const { clv, expectedPurchases } = result.totals;
    const valueCaption = t.t(profit ? "value.kpi.clv.captionMargin" : "value.kpi.clv.caption", {
      count: result.customerCount, discount: t.percent(discountOf(options), 1), margin: t.percent(marginOf(options), 0),
    });
    return el("div", { class: "kpis kpis-value", role: "group", "aria-label": t.t("value.kpis") },
      kpi("clv", t.t(profit ? "value.kpi.clvMargin" : "value.kpi.clv", { months }), clv === null ? "–" : t.moneyCompact(clv), clv,
        valueCaption, clv === null ? null : t.money(clv)),
      kpi("expectedPurchases", t.t("value.kpi.purchases", { horizon: t.int(result.horizon), unit: unitName(unit, result.horizon) }),
        t.int(expectedPurchases), expectedPurchases, t.t("value.kpi.purchases.caption")),
      kpi("populationMeanValue", t.t("value.kpi.perPurchase"), result.populationMeanValue === null ? "–" : t.money(result.populationMeanValue),
        result.populationMeanValue, t.t("value.kpi.perPurchase.caption")),
      kpi("repeatCustomers", t.t("value.kpi.repeat"), t.percent(result.customerCount ? result.repeatCustomers / result.customerCount : null),
        result.repeatCustomers, t.t("value.kpi.repeat.caption", { repeat: t.int(result.repeatCustomers), count: result.customerCount })));
  }

  // ---- value by segment, tier or stage ----

  function groupsOf(result) {
    return { segment: result.bySegment, tier: result.byTier, stage: result.byStage }[groupBy].filter((group) => group.customers > 0);
  }

  function groupsCard(result, options) {
    const t = app.t;
    const groups = groupsOf(result);
    const switcher = el("div", { class: "segmented", role: "group", "aria-label": t.t("value.groups.by") },
      ...["segment", "tier", "stage"].map((by) => el("button", {
        type: "button", "aria-pressed": String(groupBy === by), "data-group-by": by,
        on: { click: () => { groupBy = by; draw(); } },
      }, t.t(`value.groups.by.${by}`))));
    const top = [...groups].filter((group) => group.share !== null).sort((a, b) => b.share - a.share)[0] ?? null;
    const headline = top
      ? el("p", { class: "value-headline", "data-field": "clv-headline" }, t.t("value.groups.headline", {
        group: t.label(top), share: t.percent(top.share), customerShare: t.percent(result.customerCount ? top.customers / result.customerCount : null),
      }))
      : null;
    groupsBox.element.style.height = `${Math.max(180, groups.length * 30 + 40)}px`;
    return card(app, {
      title: t.t("value.groups.title"), caption: t.t("value.groups.caption", { months: t.int(monthsOf(options)) }), chart: groupsBox, field: "clv-groups",
    }, switcher, headline, groupsBox.element, groupsTable(groups, result));
  }

  function groupsTable(groups, result) {
    const t = app.t;
    const num = (col, value, text) => el("td", { class: "num", "data-col": col, "data-value": value ?? "" }, text);
    return el("div", { class: "table-scroll" },
      el("table", { class: "data-table compact value-table", "data-table": "clv-groups" },
        el("thead", {}, el("tr", {},
          el("th", { scope: "col" }, t.t(`value.groups.col.${groupBy}`)),
          el("th", { scope: "col", class: "num" }, t.t("col.customers")),
          el("th", { scope: "col", class: "num" }, t.t("value.col.expectedPurchases", { horizon: t.int(result.horizon), unit: unitName(result.timeUnit, result.horizon) })),
          el("th", { scope: "col", class: "num" }, t.t("value.col.clv")),
          el("th", { scope: "col", class: "num" }, t.t("value.col.share")))),
        el("tbody", {}, ...groups.map((group, index) => {
          const swatch = el("span", { class: "swatch", "aria-hidden": "true" });
          swatch.style.backgroundColor = group.unscored ? "#c3c7d1" : colourOf(group.name, index);
          return el("tr", { "data-group": group.name, "data-unscored": group.unscored ? "" : null },
            el("th", { scope: "row" }, swatch, group.unscored ? t.t("value.groups.unscored") : t.label(group)),
            num("customers", group.customers, t.int(group.customers)),
            num("expectedPurchases", group.expectedPurchases, t.decimal(group.expectedPurchases)),
            num("clv", group.clv, group.clv === null ? "–" : t.money(group.clv)),
            num("share", group.share, t.percent(group.share)));
        }))));
  }

  function drawGroups(result) {
    const t = app.t;
    const groups = groupsOf(result);
    const name = (group) => (group.unscored ? t.t("value.groups.unscored") : t.label(group));
    groupsBox.set({
      ...baseOption(t),
      grid: { left: 12, right: 56, top: 4, bottom: 4, containLabel: true },
      // The bars carry their shares; the axis only gives the grid lines.
      xAxis: { type: "value", max: (extent) => Math.min(1, Math.ceil(extent.max * 10) / 10 || 1), axisLabel: { show: false }, splitLine: { lineStyle: { color: GRID_LINE } } },
      yAxis: { type: "category", inverse: true, data: groups.map(name), axisTick: { show: false }, axisLabel: { color: "#374151" } },
      tooltip: {
        ...baseOption(t).tooltip,
        trigger: "item",
        formatter: (item) => {
          const group = groups[item.dataIndex];
          return tooltipBox(name(group), [
            [t.t("col.customers"), t.int(group.customers)],
            [t.t("value.col.clv"), group.clv === null ? "–" : t.money(group.clv)],
            [t.t("value.col.share"), t.percent(group.share)],
          ]);
        },
      },
      series: [{
        type: "bar",
        barMaxWidth: 18,
        data: groups.map((group, index) => ({
          value: group.share ?? 0,
          itemStyle: { color: group.unscored ? "#c3c7d1" : colourOf(group.name, index), borderRadius: [0, 3, 3, 0] },
        })),
        label: { show: true, position: "right", color: MUTED, fontSize: 11, formatter: (item) => t.percent(item.value) },
      }],
    }, t.lang);
  }

  // ---- distribution ----

  function histogramCaption(result) {
    const t = app.t;
    const values = result.customers.clv;
    if (!values) return t.t("value.noSpendModel");
    const { median, topTenthShare } = histogram(values);
    return t.t("value.histogram.caption", { median: t.money(median ?? 0), share: t.percent(topTenthShare) });
  }

  function drawHistogram(result) {
    const t = app.t;
    const values = result.customers.clv;
    if (!values) return;
    const { step, bars, counts } = histogram(values);
    histogramBox.element.dataset.customers = String(counts.reduce((sum, count) => sum + count, 0));
    const label = (i) => (i === bars ? t.t("value.histogram.above", { from: t.moneyCompact(bars * step) }) : `${t.moneyCompact(i * step)}–${t.moneyCompact((i + 1) * step)}`);
    histogramBox.set({
      ...baseOption(t),
      grid: { left: 8, right: 16, top: 28, bottom: 4, containLabel: true },
      xAxis: { type: "category", data: [...counts].map((_, i) => label(i)), axisLabel: { color: MUTED, rotate: 35, fontSize: 10 }, axisTick: { alignWithLabel: true } },
      yAxis: { type: "value", name: t.t("col.customers"), nameTextStyle: { color: MUTED, align: "left" }, axisLabel: { color: MUTED }, splitLine: { lineStyle: { color: GRID_LINE } }, minInterval: 1 },
      tooltip: {
        ...baseOption(t).tooltip,
        trigger: "axis",
        axisPointer: { type: "shadow" },
        formatter: (items) => tooltipBox(t.t("value.histogram.range", { range: label(items[0].dataIndex) }), [[t.t("col.customers"), t.int(items[0].value)]]),
      },
      series: [{
        type: "bar",
        barCategoryGap: "8%",
        data: [...counts].map((count, i) => ({ value: count, itemStyle: { color: i === bars ? "#0f5e46" : ACCENT } })),
      }],
    }, t.lang);
  }

  // ---- P(alive) against recency ----

  function scatterCaption(result) {
    const t = app.t;
    const n = result.customers.id.length;
    const unit = unitName(result.timeUnit, 2);
    return n > SCATTER_POINTS
      ? t.t("value.scatter.captionSample", { shown: t.int(SCATTER_POINTS), count: n, unit })
      : t.t("value.scatter.caption", { unit });
  }

  function drawScatter(result) {
    const t = app.t;
    const c = result.customers;
    const picked = sampleIndexes(c.id.length);
    const series = PURCHASE_GROUPS.map(([first, last], g) => ({
      name: last === null ? t.t("value.scatter.group.more", { first }) : first === last ? t.t("value.scatter.group.once") : t.t("value.scatter.group.range", { first, last }),
      type: "scatter",
      symbolSize: 5,
      itemStyle: { color: GROUP_COLOURS[g], opacity: 0.55 },
      data: [],
    }));
    for (const i of picked) {
      const purchases = c.x[i] + 1;
      const g = PURCHASE_GROUPS.findIndex(([first, last]) => purchases >= first && (last === null || purchases <= last));
      series[g].data.push([c.T[i] - c.tx[i], c.pAlive[i], i]);
    }
    scatterBox.element.dataset.points = String(picked.length);
    const unit = unitName(result.timeUnit, 2);
    scatterBox.set({
      ...baseOption(t),
      legend: { top: 0, right: 0, textStyle: { color: MUTED } },
      // On a narrow screen the legend takes two lines.
      grid: { left: 8, right: 16, top: scatterBox.element.clientWidth < 480 ? 64 : 40, bottom: 28, containLabel: true },
      xAxis: { type: "value", name: t.t("value.scatter.x", { unit }), nameLocation: "middle", nameGap: 26, min: 0, axisLabel: { color: MUTED }, splitLine: { lineStyle: { color: GRID_LINE } } },
      yAxis: { type: "value", name: t.t("value.col.pAlive"), nameTextStyle: { color: MUTED, align: "left" }, min: 0, max: 1, axisLabel: { color: MUTED, formatter: (v) => t.percent(v, 0) }, splitLine: { lineStyle: { color: GRID_LINE } } },
      tooltip: {
        ...baseOption(t).tooltip,
        trigger: "item",
        formatter: (item) => {
          const i = item.data[2];
          return tooltipBox(c.id[i], [
            [t.t("value.col.pAlive"), t.percent(c.pAlive[i])],
            [t.t("value.scatter.purchases"), t.int(c.x[i] + 1)],
            [t.t("value.scatter.x", { unit }), t.decimal(c.T[i] - c.tx[i])],
            [t.t("value.col.expectedPurchases", { horizon: t.int(result.horizon), unit: unitName(result.timeUnit, result.horizon) }), t.significant(c.expectedPurchases[i], 3)],
            ...(c.clv ? [[t.t("value.col.clv"), t.money(c.clv[i])]] : []),
          ]);
        },
      },
      series,
    }, t.lang);
  }

  // ---- the model ----

  function modelCard(result, options) {
    const t = app.t;
    const { bgnbd, gammaGamma } = result;
    const unit = unitName(result.timeUnit, 1);
    const months = t.int(monthsOf(options));
    const param = (symbol, value, ridge) => el("div", { class: "param", "data-param": symbol },
      el("dt", {}, symbol), el("dd", { "data-value": value }, t.significant(value, 4), ridge ? el("span", { class: "ridge-mark", title: t.t("value.model.ridge") }, " *") : null));
    const fittedLine = (model, count) => (model.fitted ? t.t("value.model.fitted", { count }) : t.t("value.model.given"));
    const meanRate = bgnbd.r / bgnbd.alpha;
    const dropout = bgnbd.a / (bgnbd.a + bgnbd.b);
    const hasRidge = bgnbd.ridge.length > 0 || (gammaGamma?.ridge.length ?? 0) > 0;
    const assumptions = el("ul", { class: "assumptions", "data-field": "clv-assumptions" },
      el("li", {}, el("strong", {}, t.t("value.assume.buying.title")), " ", t.t("value.assume.buying")),
      el("li", {}, el("strong", {}, t.t("value.assume.dropout.title")), " ", t.t("value.assume.dropout")),
      el("li", {}, el("strong", {}, t.t("value.assume.spend.title")), " ", t.t("value.assume.spend", {
        correlation: gammaGamma?.correlation === null || gammaGamma?.correlation === undefined ? "–" : t.significant(gammaGamma.correlation, 2),
      })),
      el("li", {}, el("strong", {}, t.t("value.assume.value.title")), " ", t.t("value.assume.value", {
        months, margin: t.percent(marginOf(options), 0), discount: t.percent(discountOf(options), 1),
      })),
      el("li", {}, el("strong", {}, t.t("value.assume.new.title")), " ", t.t("value.assume.new")));
    const box = el("div", { class: "model-box", "data-field": "clv-model" },
      el("h4", {}, t.t("value.model.bgnbd")),
      el("p", { class: "model-plain" }, t.t("value.model.bgnbd.plain", {
        every: t.significant(1 / meanRate, 2), unit: unitName(result.timeUnit, 1 / meanRate), dropout: t.percent(dropout, 0),
      })),
      el("dl", { class: "param-list" },
        param("r", bgnbd.r, bgnbd.ridge.includes("r")), param("α", bgnbd.alpha, bgnbd.ridge.includes("alpha")),
        param("a", bgnbd.a, bgnbd.ridge.includes("a")), param("b", bgnbd.b, bgnbd.ridge.includes("b"))),
      el("p", { class: "field-hint" }, fittedLine(bgnbd, t.int(result.customerCount)), " · ", t.t("value.model.unit", { unit })),
      gammaGamma ? [
        el("h4", {}, t.t("value.model.gammaGamma")),
        el("p", { class: "model-plain" }, t.t("value.model.gammaGamma.plain", { mean: t.money(result.populationMeanValue ?? 0) })),
        el("dl", { class: "param-list" },
          param("p", gammaGamma.p, gammaGamma.ridge.includes("p")), param("q", gammaGamma.q, gammaGamma.ridge.includes("q")),
          param("γ", gammaGamma.gamma, gammaGamma.ridge.includes("gamma"))),
        el("p", { class: "field-hint" }, fittedLine(gammaGamma, t.int(gammaGamma.customers))),
      ] : el("p", { class: "field-hint" }, t.t("value.noSpendModel")),
      hasRidge ? el("p", { class: "field-hint" }, "* ", t.t("value.model.ridge")) : null);
    return card(app, { title: t.t("value.model.title"), caption: t.t("value.model.caption"), field: "clv-model-card", className: "model-card" },
      assumptions, box);
  }

  // ---- holdout check ----

  function holdoutCard(result) {
    const t = app.t;
    const holdout = result.holdout;
    if (!holdout) {
      return card(app, { title: t.t("value.holdout.title"), field: "clv-holdout", className: "notice" },
        el("p", { class: "empty-note", "data-field": "clv-holdout-hint" }, t.t("value.holdout.none")));
    }
    const to = previousDay(result.analysisDate);
    const difference = holdout.actualTotal > 0 ? (holdout.predictedTotal - holdout.actualTotal) / holdout.actualTotal : null;
    const off = difference === null ? "value.holdout.offNone" : difference < 0 ? "value.holdout.under" : "value.holdout.over";
    const summary = el("p", {
      class: "value-headline", "data-field": "clv-holdout-summary", "data-actual": holdout.actualTotal, "data-predicted": holdout.predictedTotal,
    }, t.t("value.holdout.summary", {
      from: t.date(holdout.from), to: t.date(to), duration: t.decimal(holdout.duration), unit: unitName(result.timeUnit, holdout.duration),
      count: holdout.customers, actual: t.int(holdout.actualTotal), predicted: t.decimal(holdout.predictedTotal),
      difference: t.t(off, { percent: t.percent(Math.abs(difference ?? 0)) }),
    }));
    return card(app, {
      title: t.t("value.holdout.title"), caption: t.t("value.holdout.caption", { from: t.date(holdout.from) }), chart: holdoutBox, field: "clv-holdout",
    }, summary, holdoutBox.element, el("p", { class: "field-hint" }, t.t("value.holdout.note")));
  }

  function drawHoldout(result) {
    const t = app.t;
    const holdout = result.holdout;
    if (!holdout) return;
    const buckets = holdout.buckets;
    holdoutBox.set({
      ...baseOption(t),
      legend: { top: 0, right: 0, textStyle: { color: MUTED } },
      grid: { left: 8, right: 16, top: 40, bottom: 28, containLabel: true },
      xAxis: { type: "category", data: buckets.map((b) => b.bucket), name: t.t("value.holdout.x", { date: t.date(holdout.from) }), nameLocation: "middle", nameGap: 26, axisLabel: { color: MUTED }, axisTick: { alignWithLabel: true } },
      yAxis: { type: "value", name: t.t("value.holdout.y"), nameTextStyle: { color: MUTED, align: "left" }, axisLabel: { color: MUTED }, splitLine: { lineStyle: { color: GRID_LINE } } },
      tooltip: {
        ...baseOption(t).tooltip,
        trigger: "axis",
        formatter: (items) => {
          const bucket = buckets[items[0].dataIndex];
          return tooltipBox(t.t("value.holdout.bucket", { bucket: bucket.bucket }), [
            [t.t("col.customers"), t.int(bucket.customers)],
            [t.t("value.holdout.actual"), t.significant(bucket.actualMean, 3)],
            [t.t("value.holdout.predicted"), t.significant(bucket.predictedMean, 3)],
          ]);
        },
      },
      series: [
        { name: t.t("value.holdout.actual"), type: "bar", barMaxWidth: 28, itemStyle: { color: ACCENT, borderRadius: [3, 3, 0, 0] }, data: buckets.map((b) => b.actualMean) },
        { name: t.t("value.holdout.predicted"), type: "line", symbolSize: 7, itemStyle: { color: PREDICTED }, lineStyle: { color: PREDICTED, width: 2 }, data: buckets.map((b) => b.predictedMean) },
      ],
    }, t.lang);
  }

  function drawCharts(result) {
    drawGroups(result);
    drawHistogram(result);
    drawScatter(result);
    drawHoldout(result);
  }

  return { render, charts: { groups: groupsBox, histogram: histogramBox, scatter: scatterBox, holdout: holdoutBox } };
}

/** The day before a "YYYY-MM-DD" date. */
function previousDay(iso) {
  return shiftDay(iso, -1);
}

function nextDay(iso) {
  return shiftDay(iso, 1);
}

function shiftDay(iso, days) {
  const [year, month, day] = iso.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}
