// Retention view: what changes over time, from the module's trend() and cohorts(): revenue with new and returning
// customers per period (the incomplete last period marked), the cohort triangle as a heatmap of retention, and the
// churn rate per period. The analyses run with the module's defaults ({}), so the first view covers the whole file.
import { el } from "../dom.js";
import { ChartBox, baseOption, tooltipBox, ACCENT, MUTED, GRID_LINE } from "../charts.js";
import { card } from "./card.js";

/** The heatmap shows at most this many cohorts (the latest); the table below it has them all. */
export const MAX_COHORTS = 24;
const NEW_COLOUR = "#2f74b5";
const RETURNING_COLOUR = "#d9822b";
const CHURN_COLOUR = "#d6534c";
const INCOMPLETE = "#a9d8c2";
/** Heatmap cells from no retention to the best one of the triangle (period 0, always 100 %, is drawn apart). */
const HEAT_COLOURS = ["#f4f9f6", "#bfe3cf", "#69bf94", "#2f9a6f"];

/** The cohorts the heatmap shows: the latest `max` of `cohorts` (oldest first), and the period columns they use. */
export function heatmapCells(cohorts, max = MAX_COHORTS) {
  const shown = cohorts.slice(Math.max(0, cohorts.length - max));
  const columns = shown.reduce((most, row) => Math.max(most, row.retention.length), 0);
  const cells = [];
  let top = 0;
  shown.forEach((row, y) => row.retention.forEach((value, k) => {
    if (value === null) return;
    cells.push([k, y, value]);
    if (k > 0) top = Math.max(top, value);
  }));
  return { shown, columns, cells, top };
}

export function createRetention(app, panel) {
  const trendBox = new ChartBox(el("div", { class: "chart chart-retention-trend" }));
  const cohortBox = new ChartBox(el("div", { class: "chart chart-retention-cohorts" }));
  const churnBox = new ChartBox(el("div", { class: "chart chart-retention-churn" }));
  let answers = null; // { trend: { result, error }, cohorts: { result, error } } for `ranFor`
  let ranFor = null; // the RfmResult the answers belong to (a new file or new Settings ask again)
  let busy = false;
  let requestSeq = 0;

  function render() {
    if (!app.canRun("trend") || !app.canRun("cohorts")) {
      panel.replaceChildren(el("div", { class: "card notice", "data-field": "retention-unavailable" }, app.t.t("retention.unavailable")));
      return;
    }
    // Same data (e.g. only the language changed): draw again without asking the engine.
    if (ranFor === app.state.result && answers) draw();
    else run();
  }

  async function run() {
    const seq = ++requestSeq;
    ranFor = app.state.result;
    busy = true;
    draw();
    const settle = (promise) => promise.then((result) => ({ result, error: null }), (error) => ({ result: null, error }));
    // The module's defaults: the whole file by calendar month (catalog().defaults.trend / .cohorts).
    const [trend, cohorts] = await Promise.all([settle(app.trend({})), settle(app.cohorts({}))]);
    if (seq !== requestSeq) return;
    answers = { trend, cohorts };
    busy = false;
    draw();
  }

  function draw() {
    const t = app.t;
    const body = [];
    if (!answers) body.push(el("div", { class: "card notice", "data-field": "retention-running" }, t.t("retention.running")));
    else {
      body.push(answers.trend.error ? errorCard("trend", answers.trend.error) : trendCard(answers.trend.result));
      body.push(...(answers.cohorts.error ? [errorCard("cohorts", answers.cohorts.error)] : cohortCards(answers.cohorts.result)));
    }
    panel.replaceChildren(
      el("h2", { class: "visually-hidden" }, t.t("tab.retention")),
      el("div", { class: busy ? "busy-area busy" : "busy-area", "aria-busy": String(busy), "data-field": "retention-results" }, ...body));
    if (answers?.trend.result) drawTrend(answers.trend.result);
    if (answers?.cohorts.result) {
      drawCohorts(answers.cohorts.result);
      drawChurn(answers.cohorts.result);
    }
  }

  function errorCard(analysis, error) {
    const t = app.t;
    return el("section", { class: "card", "data-card": `${analysis}-error` },
      el("div", { class: "message error inline", role: "alert", "data-field": `${analysis}-error`, "data-code": error.code ?? "" },
        el("div", { class: "message-body" },
          el("strong", {}, t.t(`retention.error.${analysis}`)),
          el("p", {}, t.errorText(error)))));
  }

  const periodName = (period) => app.t.t(`retention.period.${period}`);

  /** A table of numbers behind a chart, folded away: every cell carries the module's value in data-value. */
  function numbers(tableName, columns, rows) {
    const t = app.t;
    return el("details", { class: "chart-numbers" },
      el("summary", {}, t.t("retention.numbers")),
      el("div", { class: "table-scroll" },
        el("table", { class: "data-table compact", "data-table": tableName },
          el("thead", {}, el("tr", {}, ...columns.map(([, label], i) => el("th", { scope: "col", class: i ? "num" : null }, label)))),
          el("tbody", {}, ...rows.map((row) => el("tr", { "data-row": row.key },
            el("th", { scope: "row" }, row.name),
            ...columns.slice(1).map(([col]) => {
              const [value, text] = row.cells[col];
              return el("td", { class: "num", "data-col": col, "data-value": value ?? "" }, text);
            })))))));
  }

  // ---- trend ----

  function trendCard(result) {
    const t = app.t;
    const rows = result.rows;
    const last = rows.at(-1);
    const caption = rows.length === 0
      ? t.t("retention.trend.empty")
      : t.t("retention.trend.caption", { from: t.date(result.from), to: t.date(result.to) })
        + (last && !last.complete ? ` ${t.t("retention.trend.incompleteNote", { period: last.period })}` : "");
    const money = (n) => [n, n === null ? "–" : t.money(n)];
    const int = (n) => [n, t.int(n)];
    const table = numbers("trend", [
      ["period", periodName(result.period)], ["revenue", t.t("retention.col.revenue")], ["orders", t.t("col.orders")],
      ["customers", t.t("col.customers")], ["newCustomers", t.t("retention.col.new")], ["returningCustomers", t.t("retention.col.returning")],
      ["aov", t.t("retention.col.aov")],
    ], rows.map((row) => ({
      key: row.period,
      name: row.complete ? row.period : `${row.period} ${t.t("retention.incompleteMark")}`,
      cells: {
        revenue: money(row.revenue), orders: int(row.orders), customers: int(row.customers),
        newCustomers: int(row.newCustomers), returningCustomers: int(row.returningCustomers), aov: money(row.aov),
      },
    })));
    trendBox.element.dataset.periods = String(rows.length);
    trendBox.element.dataset.incomplete = rows.filter((row) => !row.complete).map((row) => row.period).join(" ");
    return card(app, { title: t.t("retention.trend.title", { period: t.t(`retention.unit.${result.period}`) }), caption, chart: trendBox, field: "retention-trend" },
      trendBox.element, table);
  }

  function drawTrend(result) {
    const t = app.t;
    const rows = result.rows;
    const incomplete = rows.map((row, i) => [row, i]).filter(([row]) => !row.complete);
    trendBox.set({
      ...baseOption(t),
      legend: { top: 0, left: "center", textStyle: { color: MUTED } },
      grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: rows.map((row) => row.period), axisLabel: { color: MUTED }, axisTick: { alignWithLabel: true } },
      yAxis: [
        { type: "value", name: t.t("retention.col.revenue"), nameTextStyle: { color: MUTED, align: "left" }, axisLabel: { color: MUTED, formatter: (v) => t.moneyCompact(v) }, splitLine: { lineStyle: { color: GRID_LINE } } },
        { type: "value", name: t.t("col.customers"), nameTextStyle: { color: MUTED, align: "right" }, axisLabel: { color: MUTED }, splitLine: { show: false }, minInterval: 1 },
      ],
      tooltip: {
        ...baseOption(t).tooltip,
        trigger: "axis",
        axisPointer: { type: "shadow" },
        formatter: (items) => {
          const row = rows[items[0].dataIndex];
          return tooltipBox(row.complete ? row.period : `${row.period} ${t.t("retention.incompleteMark")}`, [
            [t.t("retention.col.revenue"), t.money(row.revenue)],
            [t.t("col.orders"), t.int(row.orders)],
            [t.t("retention.col.new"), t.int(row.newCustomers)],
            [t.t("retention.col.returning"), t.int(row.returningCustomers)],
            [t.t("retention.col.aov"), row.aov === null ? "–" : t.money(row.aov)],
          ]);
        },
      },
      series: [
        {
          name: t.t("retention.col.revenue"), type: "bar", barMaxWidth: 28,
          data: rows.map((row) => ({ value: row.revenue, itemStyle: row.complete ? { color: ACCENT } : { color: INCOMPLETE, borderColor: ACCENT, borderType: "dashed", borderWidth: 1 } })),
          markArea: incomplete.length ? {
            silent: true, itemStyle: { color: "rgba(120, 130, 145, 0.08)" },
            label: { color: MUTED, fontSize: 11, position: "insideTop" },
            data: incomplete.map(([row]) => [{ name: t.t("retention.trend.incomplete"), xAxis: row.period }, { xAxis: row.period }]),
          } : undefined,
        },
        { name: t.t("retention.col.new"), type: "line", yAxisIndex: 1, symbolSize: 5, itemStyle: { color: NEW_COLOUR }, lineStyle: { color: NEW_COLOUR, width: 2 }, data: rows.map((row) => row.newCustomers) },
        { name: t.t("retention.col.returning"), type: "line", yAxisIndex: 1, symbolSize: 5, itemStyle: { color: RETURNING_COLOUR }, lineStyle: { color: RETURNING_COLOUR, width: 2 }, data: rows.map((row) => row.returningCustomers) },
      ],
    }, t.lang);
  }

  // ---- cohorts and churn ----

  function cohortCards(result) {
    const t = app.t;
    const { shown, columns } = heatmapCells(result.cohorts);
    const unit = t.t(`retention.unit.${result.period}`);
    const k = (i) => t.t("retention.cohorts.k", { k: i });
    // 22 px a cohort: 24 cohorts stay readable without scrolling the page sideways.
    cohortBox.element.style.height = `${Math.max(220, (shown.length + 1) * 22 + 90)}px`;
    cohortBox.element.dataset.cohorts = String(shown.length);
    const caption = t.t(shown.length < result.cohorts.length ? "retention.cohorts.captionLatest" : "retention.cohorts.caption", {
      shown: t.int(shown.length), count: result.cohorts.length, repeat: t.percent(result.repeatRate), unit,
    });
    const cohortTable = numbers("cohorts", [
      ["cohort", t.t("retention.col.cohort")], ["customers", t.t("col.customers")],
      ...Array.from({ length: columns }, (_, i) => [`k${i}`, k(i)]),
    ], [...result.cohorts.map((row) => ({
      key: row.cohort, name: row.cohort,
      cells: {
        customers: [row.customers, t.int(row.customers)],
        ...Object.fromEntries(Array.from({ length: columns }, (_, i) => [`k${i}`, [row.retention[i] ?? null, t.percent(row.retention[i] ?? null)]])),
      },
    })), {
      key: "average", name: t.t("retention.cohorts.average"),
      cells: {
        customers: [null, ""],
        ...Object.fromEntries(Array.from({ length: columns }, (_, i) => [`k${i}`, [result.averageRetention[i] ?? null, t.percent(result.averageRetention[i] ?? null)]])),
      },
    }]);
    const churn = result.churn;
    const churnTable = numbers("churn", [
      ["period", periodName(result.period)], ["base", t.t("retention.col.base")], ["churned", t.t("retention.col.churned")], ["churnRate", t.t("retention.col.churnRate")],
      ["new", t.t("retention.col.new")], ["reactivated", t.t("retention.col.reactivated")],
    ], churn.map((row) => ({
      key: row.period, name: row.period,
      cells: {
        base: [row.base, t.int(row.base)], churned: [row.churned, t.int(row.churned)], churnRate: [row.churnRate, t.percent(row.churnRate)],
        new: [row.new, t.int(row.new)], reactivated: [row.reactivated, t.int(row.reactivated)],
      },
    })));
    const gaps = result.gaps
      ? el("p", { class: "field-hint", "data-field": "retention-gaps", "data-median": result.gaps.median }, t.t("retention.gaps", {
        median: t.decimal(result.gaps.median), p25: t.decimal(result.gaps.p25), p75: t.decimal(result.gaps.p75), second: t.decimal(result.gaps.medianDaysToSecondPurchase),
      }))
      : null;
    return [
      card(app, { title: t.t("retention.cohorts.title"), caption, chart: cohortBox, field: "retention-cohorts" },
        cohortBox.element, el("p", { class: "field-hint" }, t.t("retention.cohorts.note")), cohortTable),
      card(app, {
        title: t.t("retention.churn.title"), caption: t.t("retention.churn.caption", { days: t.int(result.churnThresholdDays), unit }),
        chart: churnBox, field: "retention-churn",
      }, churn.length ? churnBox.element : el("p", { class: "empty-note" }, t.t("retention.churn.empty")), gaps, churnTable),
    ];
  }

  function drawCohorts(result) {
    const t = app.t;
    const { shown, columns, cells, top } = heatmapCells(result.cohorts);
    if (!shown.length) return;
    const average = shown.length; // the last row: average retention over complete cells
    const averageCells = result.averageRetention.slice(0, columns).map((value, k) => (value === null || k === 0 ? null : [k, average, value])).filter(Boolean);
    const yLabels = [...shown.map((row) => `${row.cohort} · ${t.int(row.customers)}`), t.t("retention.cohorts.average")];
    const label = { show: true, fontSize: 10, color: "#1f2933", formatter: (item) => t.percent(item.value[2], 0) };
    cohortBox.set({
      ...baseOption(t),
      grid: { left: 8, right: 12, top: 28, bottom: 8, containLabel: true },
      xAxis: { type: "category", position: "top", data: Array.from({ length: columns }, (_, k) => String(k)), name: periodName(result.period), nameLocation: "start", nameTextStyle: { color: MUTED }, axisLabel: { color: MUTED, fontSize: 10 }, axisTick: { show: false }, splitArea: { show: false } },
      yAxis: { type: "category", inverse: true, data: yLabels, axisLabel: { color: MUTED, fontSize: 10 }, axisTick: { show: false } },
      visualMap: { show: false, seriesIndex: [0, 2], min: 0, max: top || 1, inRange: { color: HEAT_COLOURS } },
      tooltip: {
        ...baseOption(t).tooltip,
        trigger: "item",
        formatter: (item) => {
          const [k, y, value] = item.value;
          if (y === average) return tooltipBox(t.t("retention.cohorts.average"), [[t.t("retention.cohorts.k", { k }), t.percent(value)]]);
          const row = shown[y];
          return tooltipBox(t.t("retention.cohorts.tooltip", { cohort: row.cohort, k }), [
            [t.t("retention.col.retention"), t.percent(value)],
            [t.t("retention.col.active"), `${t.int(row.active[k])} / ${t.int(row.customers)}`],
            [t.t("retention.col.revenue"), t.money(row.revenue[k])],
          ]);
        },
      },
      series: [
        { type: "heatmap", data: cells.filter(([k]) => k > 0), label, itemStyle: { borderColor: "#ffffff", borderWidth: 1 } },
        // Period 0 is every cohort's first purchase (100 %): grey, so that it does not set the scale.
        { type: "heatmap", data: cells.filter(([k]) => k === 0), label: { ...label, color: MUTED }, itemStyle: { color: "#eceef2", borderColor: "#ffffff", borderWidth: 1 } },
        { type: "heatmap", data: averageCells, label: { ...label, fontWeight: 600 }, itemStyle: { borderColor: "#ffffff", borderWidth: 2 } },
      ],
    }, t.lang);
  }

  function drawChurn(result) {
    const t = app.t;
    const churn = result.churn;
    if (!churn.length) return;
    churnBox.set({
      ...baseOption(t),
      legend: { top: 0, left: "center", textStyle: { color: MUTED } },
      grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: churn.map((row) => row.period), axisLabel: { color: MUTED }, axisTick: { alignWithLabel: true } },
      yAxis: [
        { type: "value", name: t.t("retention.col.churnRate"), nameTextStyle: { color: MUTED, align: "left" }, min: 0, axisLabel: { color: MUTED, formatter: (v) => t.percent(v, 0) }, splitLine: { lineStyle: { color: GRID_LINE } } },
        { type: "value", name: t.t("col.customers"), nameTextStyle: { color: MUTED, align: "right" }, axisLabel: { color: MUTED }, splitLine: { show: false }, minInterval: 1 },
      ],
      tooltip: {
        ...baseOption(t).tooltip,
        trigger: "axis",
        formatter: (items) => {
          const row = churn[items[0].dataIndex];
          return tooltipBox(row.period, [
            [t.t("retention.col.churnRate"), t.percent(row.churnRate)],
            [t.t("retention.col.base"), t.int(row.base)],
            [t.t("retention.col.churned"), t.int(row.churned)],
            [t.t("retention.col.new"), t.int(row.new)],
            [t.t("retention.col.reactivated"), t.int(row.reactivated)],
          ]);
        },
      },
      series: [
        { name: t.t("retention.col.churned"), type: "bar", yAxisIndex: 1, barMaxWidth: 18, itemStyle: { color: "#f2c4c1" }, data: churn.map((row) => row.churned) },
        { name: t.t("retention.col.churnRate"), type: "line", symbolSize: 6, connectNulls: false, itemStyle: { color: CHURN_COLOUR }, lineStyle: { color: CHURN_COLOUR, width: 2 }, data: churn.map((row) => row.churnRate) },
      ],
    }, t.lang);
  }

  return { render, charts: { trend: trendBox, cohorts: cohortBox, churn: churnBox } };
}
