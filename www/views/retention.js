// Retention view: what changes over time, from the module's trend() and cohorts(): revenue with new and returning
// customers per period (the incomplete last period marked), the cohort triangle as a heatmap of retention, and the
// churn rate per period, and who moved between segments (tiers, stages) since last month, from migration(). The
// analyses run with the module's defaults ({}), so the first view covers the whole file; migration's `from` is one
// calendar month before the analysis date ("since last month"), or the module's default distance.
import { el, field } from "../dom.js";
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

/** The migration flows said in words: the most customers who changed class (neither new nor gone), largest first. */
export const TOP_FLOWS = 5;

/** "YYYY-MM-DD" one calendar month earlier (the 31st becomes the last day of a shorter month). */
export function monthBefore(iso) {
  const [year, month, day] = iso.split("-").map(Number);
  const last = new Date(Date.UTC(year, month - 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month - 2, Math.min(day, last))).toISOString().slice(0, 10);
}

/**
 * The largest moves of a MigrationResult: cells whose row and column are classes (not the last row, "new", nor the
 * last column, "none") and differ, with at least one customer; the most customers first, then matrix order.
 */
export function biggestFlows(result, max = TOP_FLOWS) {
  const flows = [];
  const lastRow = result.rows.length - 1;
  const lastColumn = result.columns.length - 1;
  result.counts.forEach((cells, i) => cells.forEach((count, j) => {
    if (i === lastRow || j === lastColumn || count === 0 || result.rows[i] === result.columns[j]) return;
    flows.push({ from: result.rows[i], to: result.columns[j], count, row: i, column: j });
  }));
  return flows.sort((a, b) => b.count - a.count || a.row - b.row || a.column - b.column).slice(0, max);
}

/** The ids of the customers of a migration cell (row `row`, column `column`), in customer-id order. */
export function flowIds(result, row, column) {
  const { id, fromIndex, toIndex } = result.customers;
  const ids = [];
  for (let k = 0; k < id.length; k += 1) if (fromIndex[k] === row && toIndex[k] === column) ids.push(id[k]);
  return ids;
}

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
  // The migration's question: since when ("month": one calendar month before the analysis date; "default": the
  // module's daysBetween) and by what (catalog().defaults.migration.by at first).
  let migrationChoice = null;
  let migration = null; // { key, result, error } of the last migration() asked for the shown data
  let migrationBusy = false;
  let migrationSeq = 0;

  function render() {
    if (!app.canRun("trend") || !app.canRun("cohorts")) {
      panel.replaceChildren(el("div", { class: "card notice", "data-field": "retention-unavailable" }, app.t.t("retention.unavailable")));
      return;
    }
    // Same data (e.g. only the language changed): draw again without asking the engine.
    migrationChoice ??= { since: "month", by: app.catalog.defaults.migration.by };
    if (ranFor === app.state.result && answers) {
      draw();
      if (migration?.key !== migrationKey()) runMigration();
    } else {
      run();
      runMigration();
    }
  }

  /** MigrationOptions of the choice (`to` is the analysis date of Settings: the module's default). */
  function migrationOptions() {
    const options = { by: migrationChoice.by };
    if (migrationChoice.since === "month") options.from = monthBefore(app.state.result.analysisDate);
    return options;
  }

  const migrationKey = () => JSON.stringify([app.state.result?.analysisDate, migrationOptions()]);

  async function runMigration() {
    if (!app.canRun("migration")) return;
    const seq = ++migrationSeq;
    const key = migrationKey();
    migrationBusy = true;
    draw();
    let answer;
    try {
      answer = { key, result: await app.migration(migrationOptions()), error: null };
    } catch (error) {
      answer = { key, result: null, error };
    }
    if (seq !== migrationSeq) return;
    migration = answer;
    migrationBusy = false;
    draw();
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
    if (app.canRun("migration")) body.push(migrationCard());
    panel.replaceChildren(
      el("h2", { class: "visually-hidden" }, t.t("tab.retention")),
      el("div", { class: busy ? "busy-area busy" : "busy-area", "aria-busy": String(busy || migrationBusy), "data-field": "retention-results" }, ...body));
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
          name: t.t("retention.col.revenue"), type: "bar", barMaxWidth: 28, itemStyle: { color: ACCENT }, // the legend's colour
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
      xAxis: { type: "category", position: "top", data: Array.from({ length: columns }, (_, k) => String(k)), axisLabel: { color: MUTED, fontSize: 10 }, axisTick: { show: false }, splitArea: { show: false } },
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

  // ---- migration ----

  /** The display name of a class of `by` (segment, tier or stage) from the shown RFM result, or the extra row/column. */
  function className(name, by) {
    const t = app.t;
    const { migration: names } = app.catalog.defaults;
    if (name === names.new) return t.t("retention.migration.new");
    if (name === names.none) return t.t("retention.migration.none");
    const rfm = app.state.result;
    const list = { segment: rfm.segments, tier: rfm.tiers, lifecycle: rfm.lifecycle }[by] ?? [];
    const item = list.find((entry) => (entry.name ?? entry.stage) === name);
    return item ? t.label(item) : name;
  }

  function migrationCard() {
    const t = app.t;
    const choose = (key, value) => {
      migrationChoice = { ...migrationChoice, [key]: value };
      runMigration();
    };
    const { daysBetween, bys } = app.catalog.defaults.migration;
    const since = el("select", { "data-option": "migration-since", on: { change: (event) => choose("since", event.target.value) } },
      el("option", { value: "month", selected: migrationChoice.since === "month" }, t.t("retention.migration.since.month")),
      el("option", { value: "default", selected: migrationChoice.since === "default" }, t.t("retention.migration.since.days", { days: t.int(daysBetween) })));
    const by = el("select", { "data-option": "migration-by", on: { change: (event) => choose("by", event.target.value) } },
      ...bys.map((name) => el("option", { value: name, selected: migrationChoice.by === name }, t.t(`retention.migration.by.${name}`))));
    const controls = el("div", { class: "field-grid migration-controls" },
      field(t.t("retention.migration.since"), since),
      field(t.t("retention.migration.by"), by));
    const entry = migration;
    let body;
    if (!entry) body = [el("p", { class: "empty-note" }, t.t("retention.running"))];
    else if (entry.error) {
      body = [el("div", { class: "message error inline", role: "alert", "data-field": "migration-error", "data-code": entry.error.code ?? "" },
        el("div", { class: "message-body" }, el("strong", {}, t.t("retention.error.migration")), el("p", {}, t.errorText(entry.error))))];
    } else body = migrationResult(entry.result);
    const caption = entry?.result
      ? t.t("retention.migration.caption", { from: t.date(entry.result.from), to: t.date(entry.result.to) })
      : null;
    return card(app, { title: t.t("retention.migration.title"), caption, field: "retention-migration" }, controls, ...body);
  }

  function migrationResult(result) {
    const t = app.t;
    const name = (value) => className(value, result.by);
    const { summary } = result;
    const flows = biggestFlows(result);
    const summaryLine = el("p", { class: "value-headline", "data-field": "migration-summary", "data-stayed": summary.stayed, "data-moved": summary.moved, "data-new": summary.new, "data-none": summary.none },
      t.t("retention.migration.summary", { stayed: t.int(summary.stayed), moved: t.int(summary.moved), new: t.int(summary.new) }),
      summary.up !== null && summary.down !== null ? ` ${t.t("retention.migration.updown", { up: t.int(summary.up), down: t.int(summary.down) })}` : "");
    // Each flow opens its customers in the Customers view, or downloads them (issue 14.5): the ids of the cell from
    // the result's per-customer rows and columns (scored on the later date, the page's analysis date).
    const lastColumn = result.columns.length - 1;
    const idsOf = (row, column) => flowIds(result, row, column);
    const open = (row, column) => app.showView("customers", { ids: idsOf(row, column), flow: { from: name(result.rows[row]), to: name(result.columns[column]) } });
    const download = (row, column) => app.exportCustomers({ ids: idsOf(row, column) }, `${name(result.rows[row])}-${name(result.columns[column])}`);
    const flowList = flows.length
      ? el("ul", { class: "migration-flows", "data-field": "migration-flows" }, ...flows.map((flow) => el("li", { "data-from": flow.from, "data-to": flow.to, "data-count": flow.count },
        el("button", { type: "button", class: "link-button", "data-action": "open-flow", title: t.t("retention.migration.open", { count: t.int(flow.count), from: name(flow.from), to: name(flow.to) }), on: { click: () => open(flow.row, flow.column) } },
          t.t("retention.migration.flow", { count: flow.count, from: name(flow.from), to: name(flow.to) })),
        " ",
        el("button", { type: "button", class: "icon-button download", "data-action": "export-flow", "aria-label": t.t("retention.migration.export"), title: t.t("retention.migration.export"), on: { click: () => download(flow.row, flow.column) } }, "CSV"))))
      : el("p", { class: "empty-note", "data-field": "migration-flows" }, t.t("retention.migration.noFlows"));
    // The matrix: counts, shaded by the share of their row; the diagonal (stayed) outlined.
    const table = el("div", { class: "table-scroll" },
      el("table", { class: "data-table compact migration-table", "data-table": "migration", "data-from": result.from, "data-to": result.to, "data-by": result.by },
        el("thead", {}, el("tr", {},
          el("th", { scope: "col" }, t.t("retention.migration.corner", { from: t.date(result.from), to: t.date(result.to) })),
          ...result.columns.map((column) => el("th", { scope: "col", class: "num", "data-column": column }, name(column))))),
        el("tbody", {}, ...result.rows.map((row, i) => el("tr", { "data-row": row },
          el("th", { scope: "row" }, name(row)),
          ...result.columns.map((column, j) => {
            const share = result.rowShares[i][j];
            const count = result.counts[i][j];
            const title = share === null ? null : t.t("retention.migration.cellTitle", { share: t.percent(share), from: name(row), to: name(column) });
            // A cell's customers open in the Customers view, unless they are not scored on the later date (none).
            const content = !count ? "·"
              : j === lastColumn ? el("span", { title: t.t("retention.migration.notShown") }, t.int(count))
                : el("button", { type: "button", class: "cell-link", "data-action": "open-cell", title: t.t("retention.migration.open", { count: t.int(count), from: name(row), to: name(column) }), on: { click: () => open(i, j) } }, t.int(count));
            const cell = el("td", {
              class: row === column ? "num migration-stayed" : "num", "data-col": column, "data-value": count, title,
            }, content);
            if (share) cell.style.backgroundColor = `rgb(23 121 90 / ${(0.08 + 0.5 * share).toFixed(3)})`;
            return cell;
          }))))));
    return [summaryLine, flowList, table, el("p", { class: "field-hint" }, t.t("retention.migration.note"), " ", t.t("retention.migration.clickHint"))];
  }

  return { render, charts: { trend: trendBox, cohorts: cohortBox, churn: churnBox } };
}
