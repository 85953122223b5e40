// Renders analysis results into the page: the file summary, the segment table and the segment chart (DOM APIs only).
import * as echarts from "./vendor/echarts.esm.min.js";
import { t, language, segmentLabel, formatInteger, formatMoney, formatShare, formatDate } from "./i18n.js";

/** Colours by meaning: greens for the best customers, blues for new ones, ambers for attention, reds for risk. */
const SEGMENT_COLOURS = {
  "Champions": "#17795a",
  "Loyal": "#2f9a6f",
  "Potential Loyalist": "#69bf94",
  "New Customers": "#2f74b5",
  "Promising": "#79acdb",
  "Need Attention": "#e3b23c",
  "About To Sleep": "#ec8c4a",
  "At Risk": "#d6534c",
  "Can't Lose Them": "#9e2f3f",
  "Hibernating": "#8d90a8",
  "Lost": "#5d6072",
  "Other": "#b9bdc9",
};
const FALLBACK_COLOURS = ["#4c7a9e", "#a77bb5", "#c98b6b", "#6b9e8c", "#b5a04c", "#7b8bb5"];
const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif';

export function segmentColour(name, index) {
  return SEGMENT_COLOURS[name] ?? FALLBACK_COLOURS[index % FALLBACK_COLOURS.length];
}

/** The segments the page shows: those with at least one customer, in the result's (segment map) order. */
export function visibleSegments(result) {
  return result.segments.filter((segment) => segment.customers > 0);
}

/** Small helper: an element with attributes and children (strings become text nodes, never HTML). */
function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

/** The line about the loaded file, notes on unscored/excluded customers, and the skipped rows with line numbers. */
export function renderSummary(section, { fileName, report, result }) {
  const line = section.querySelector("#summary-line");
  const dot = () => el("span", { class: "dot", "aria-hidden": "true" }, "·");
  line.replaceChildren(
    el("strong", { "data-field": "file-name" }, fileName), dot(),
    el("span", { "data-field": "rows-used", "data-value": report.rowsUsed }, t("summary.rowsUsed", { count: report.rowsUsed })), dot(),
    el("span", { "data-field": "customers", "data-value": result.customersScored }, t("summary.customers", { count: result.customersScored })), dot(),
    el("span", {}, `${t("summary.analysisDate")} `,
      el("time", { "data-field": "analysis-date", datetime: result.analysisDate }, formatDate(result.analysisDate))),
  );

  const notes = [];
  if (result.customersUnscored > 0) notes.push(t("summary.unscored", { count: result.customersUnscored }));
  if (result.excluded?.count > 0) notes.push(t("summary.excluded", { count: result.excluded.count }));
  const notesLine = section.querySelector("#summary-notes");
  notesLine.textContent = notes.join(" · ");
  notesLine.hidden = notes.length === 0;

  const skipped = section.querySelector("#skipped-rows");
  const skippedTotal = report.skipped.reduce((sum, group) => sum + group.count, 0);
  skipped.hidden = skippedTotal === 0;
  skipped.open = true;
  skipped.querySelector("#skipped-title").textContent = t("skipped.title", { count: skippedTotal });
  skipped.querySelector("#skipped-list").replaceChildren(
    ...report.skipped.map((group) => {
      const reasonKey = `skipped.reason.${group.reason}`;
      const reason = t(reasonKey) === reasonKey ? group.reason : t(reasonKey);
      const examples = group.examples.map((example) =>
        el("li", { "data-line": example.line },
          el("span", { class: "line-number" }, t("skipped.line", { line: example.line })), " ",
          el("code", {}, example.text)));
      return el("li", { "data-reason": group.reason },
        el("span", { class: "reason" }, `${reason} (${formatInteger(group.count)})`),
        el("ul", { class: "examples" }, ...examples));
    }),
  );
  section.hidden = false;
}

/** One row per visible segment (`<tr data-segment>` with `data-col` cells), and a total row. */
export function renderSegmentTable(table, result) {
  const segments = visibleSegments(result);
  const rows = segments.map((segment, index) => {
    const swatch = el("span", { class: "swatch", "aria-hidden": "true" });
    swatch.style.backgroundColor = segmentColour(segment.name, index);
    const bar = el("span", { class: "share-bar", "aria-hidden": "true" });
    bar.style.width = `${Math.max(0, Math.min(1, segment.revenueShare)) * 100}%`;
    bar.style.backgroundColor = segmentColour(segment.name, index);
    return el("tr", { "data-segment": segment.name },
      el("th", { scope: "row", "data-col": "segment" }, swatch, el("span", { class: "segment-label" }, segmentLabel(segment))),
      el("td", { "data-col": "customers" }, formatInteger(segment.customers)),
      el("td", { "data-col": "revenue" }, formatMoney(segment.revenue)),
      el("td", { "data-col": "revenueShare" },
        el("span", { class: "share-track", "aria-hidden": "true" }, bar),
        el("span", { class: "share-value" }, formatShare(segment.revenueShare))));
  });
  if (rows.length === 0) {
    rows.push(el("tr", { class: "empty" }, el("td", { colspan: 4 }, t("segments.empty"))));
  }
  table.tBodies[0].replaceChildren(...rows);

  const revenue = segments.reduce((sum, segment) => sum + segment.revenue, 0);
  const share = segments.reduce((sum, segment) => sum + segment.revenueShare, 0);
  table.tFoot.replaceChildren(
    el("tr", { "data-segment-total": "" },
      el("th", { scope: "row", "data-col": "segment" }, t("segments.total")),
      el("td", { "data-col": "customers" }, formatInteger(result.customersScored)),
      el("td", { "data-col": "revenue" }, formatMoney(revenue)),
      el("td", { "data-col": "revenueShare" }, el("span", { class: "share-value" }, formatShare(share)))),
  );
}

let chart = null;
let chartLanguage = null;
let resizeObserver = null;

/** A horizontal bar chart of customers per visible segment, first segment on top, in the segment colours. */
export function renderSegmentChart(container, result) {
  const segments = visibleSegments(result);
  container.style.height = `${Math.max(200, 40 * segments.length + 48)}px`; // about one table row per bar
  if (chart && chartLanguage !== language()) {
    chart.dispose(); // ECharts' locale is fixed at init
    chart = null;
  }
  if (!chart) {
    chart = echarts.init(container, null, { renderer: "svg", locale: language() === "zh-CN" ? "ZH" : "EN" });
    chartLanguage = language();
  }
  if (!resizeObserver) {
    resizeObserver = new ResizeObserver(() => chart?.resize());
    resizeObserver.observe(container);
  }
  const reducedMotion = matchMedia("(prefers-reduced-motion: reduce)").matches;
  chart.setOption({
    animation: !reducedMotion,
    animationDuration: 500,
    textStyle: { fontFamily: FONT_FAMILY },
    grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: "value", minInterval: 1, axisLabel: { color: "#6b7280", formatter: (n) => formatInteger(n) }, splitLine: { lineStyle: { color: "#eef0f3" } } },
    yAxis: {
      type: "category",
      inverse: true,
      data: segments.map(segmentLabel),
      axisTick: { show: false },
      axisLine: { lineStyle: { color: "#d5d9e0" } },
      axisLabel: { color: "#374151", fontSize: 13, fontFamily: FONT_FAMILY },
    },
    tooltip: { trigger: "item", formatter: (item) => tooltip(segments[item.dataIndex]) },
    series: [{
      type: "bar",
      barMaxWidth: 22,
      data: segments.map((segment, index) => ({
        value: segment.customers,
        itemStyle: { color: segmentColour(segment.name, index), borderRadius: [0, 4, 4, 0] },
      })),
      label: { show: true, position: "right", color: "#374151", formatter: (item) => formatInteger(item.value) },
    }],
  }, { notMerge: true });
}

/** Tooltip content as DOM nodes, so segment names are never parsed as HTML. */
function tooltip(segment) {
  return el("div", { class: "chart-tooltip" },
    el("strong", {}, segmentLabel(segment)),
    el("div", {}, `${t("segments.col.customers")}: ${formatInteger(segment.customers)}`),
    el("div", {}, `${t("segments.col.revenueShare")}: ${formatShare(segment.revenueShare)}`));
}
