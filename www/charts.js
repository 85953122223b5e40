// ECharts helpers: one chart per container (canvas renderer, locale per language), colours by meaning, PNG export.
import { el } from "./dom.js";

// Fast first paint (issue 17, point 13): the chart library is fetched in parallel with the analysis module, and
// nothing waits for it: KPIs and tables show as soon as the module answers; each chart is drawn once it is in.
// split (issue 17.13): the first load has the Overview's charts (vendor/echarts-first.js); the other views' charts
// (vendor/echarts-more.js, registered into the same echarts/core) are imported when a chart first needs them.
let echarts = null;
let moreCharts = false; // whether vendor/echarts-more.js is registered too
/** Resolves once the chart library with the Overview's charts is loaded. */
export const chartsReady = import("./vendor/echarts-first.js").then((module) => {
  echarts = module;
  return module;
});
let moreReady = null;
/** Resolves once every chart type and component of the views is registered (imports them the first time). */
export function allChartsReady() {
  moreReady ??= Promise.all([chartsReady, import("./vendor/echarts-more.js")]).then(([module]) => {
    moreCharts = true;
    return module;
  });
  return moreReady;
}

/** The series types pkg-config/echarts-first.mjs registers (the Overview's). */
const FIRST_SERIES = new Set(["treemap", "heatmap", "funnel"]);

/** Whether `option` draws with the first chart bundle alone: its series types, no legend, mark line or area. */
function drawsWithFirstCharts(option) {
  const series = [option.series ?? []].flat();
  return !option.legend && series.every((one) => FIRST_SERIES.has(one?.type) && !one.markLine && !one.markArea);
}

export const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif';
export const TEXT = "#1f2933";
export const MUTED = "#5b6472";
export const GRID_LINE = "#eceef2";
export const ACCENT = "#17795a";

/** Colours by meaning: greens for the best customers, blues for new ones, ambers for attention, reds for risk, greys for gone. */
const NAMED_COLOURS = {
  // rfm-11 and the R rfm package's grids
  "Champions": "#17795a",
  "Loyal": "#2f9a6f",
  "Loyal Customers": "#2f9a6f",
  "Potential Loyalist": "#69bf94",
  "New Customers": "#2f74b5",
  "Promising": "#79acdb",
  "Need Attention": "#e3b23c",
  "About To Sleep": "#ec8c4a",
  "At Risk": "#d6534c",
  "Can't Lose Them": "#9e2f3f",
  "Hibernating": "#8d90a8",
  "Lost": "#5d6072",
  "Other": "#c3c7d1",
  "Others": "#c3c7d1",
  // cn-8
  "Important Value": "#17795a",
  "Important to Develop": "#2f74b5",
  "Important to Retain": "#e3a52c",
  "Important to Win Back": "#d6534c",
  "General Value": "#69bf94",
  "General to Develop": "#79acdb",
  "General to Retain": "#f0c987",
  "General to Win Back": "#8d90a8",
  // pymc-5
  "Premium Customer": "#17795a",
  "Repeat Customer": "#69bf94",
  "Top Spender": "#2f74b5",
  "At Risk Customer": "#d6534c",
  "Inactive Customer": "#8d90a8",
  // tiers and lifecycle
  "VIP": "#0f5e46",
  "Major": "#2f9a6f",
  "Ordinary": "#79b99a",
  "Small": "#c5e3d3",
  "New": "#2f74b5",
  "Active": "#2f9a6f",
  "At risk": "#e3a52c",
  "Lapsed": "#8d90a8",
};
const FALLBACK_COLOURS = ["#4c7a9e", "#a77bb5", "#c98b6b", "#6b9e8c", "#b5a04c", "#7b8bb5", "#b56b7b", "#5e9e9e"];

/** The colour of a segment, tier or stage by its (English) name; unknown names take a palette colour by index. */
export function colourOf(name, index = 0) {
  return NAMED_COLOURS[name] ?? FALLBACK_COLOURS[index % FALLBACK_COLOURS.length];
}

/** Black or white, whichever reads better on `hex`. */
export function textOn(hex) {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return luminance > 0.33 ? "#1f2933" : "#ffffff";
}

/** Options every chart shares: fonts, motion, and ECharts' generated description for screen readers. */
export function baseOption(t) {
  const reducedMotion = matchMedia("(prefers-reduced-motion: reduce)").matches;
  return {
    animation: !reducedMotion,
    animationDuration: 400,
    animationDurationUpdate: reducedMotion ? 0 : 400,
    textStyle: { fontFamily: FONT_FAMILY, color: TEXT },
    aria: { enabled: true, label: { enabled: true, general: { withTitle: t.t("chart.aria", { title: "{title}" }), withoutTitle: t.t("chart.ariaUntitled") } } },
    tooltip: { confine: true, borderColor: "#d5d9e0", textStyle: { color: TEXT, fontFamily: FONT_FAMILY }, extraCssText: "box-shadow: 0 4px 14px rgb(16 24 40 / 0.12);" },
  };
}

/** Tooltip content as DOM nodes (so names from the file are never parsed as HTML): a title and label/value rows. */
export function tooltipBox(title, rows = []) {
  return el("div", { class: "chart-tooltip" },
    el("strong", {}, title),
    ...rows.map(([label, value]) => el("div", {}, el("span", { class: "tooltip-label" }, `${label}: `), el("span", {}, value))));
}

/** One ECharts instance in a container; re-created when the language changes (ECharts fixes its locale at init). */
export class ChartBox {
  #container;
  #chart = null;
  #lang = null;
  #handlers = [];
  #observer;
  #pending = null; // the last option set before the chart library was in

  constructor(container) {
    this.#container = container;
    this.#observer = new ResizeObserver(() => this.#chart?.resize());
    this.#observer.observe(container);
  }

  get element() {
    return this.#container;
  }

  /** Replaces the chart's option (drawn once the chart library is in, when it is not yet). */
  set(option, lang) {
    if (!echarts || !moreCharts && !drawsWithFirstCharts(option)) {
      const first = !this.#pending;
      this.#pending = { option, lang };
      if (first) (drawsWithFirstCharts(option) ? chartsReady : allChartsReady()).then(() => {
        const { option: latest, lang: latestLang } = this.#pending;
        this.#pending = null;
        this.set(latest, latestLang);
      });
      return;
    }
    if (this.#chart && this.#lang !== lang) this.#dispose();
    if (!this.#chart) {
      this.#chart = echarts.init(this.#container, null, { renderer: "canvas", locale: lang === "zh-CN" ? "ZH" : "EN" });
      this.#lang = lang;
      for (const [event, handler] of this.#handlers) this.#chart.on(event, handler);
    }
    // Without motion, draw the new data from scratch instead of morphing the old shapes into it (treemaps would).
    if (option.animation === false) this.#chart.clear();
    this.#chart.setOption(option, { notMerge: true });
    this.#chart.resize();
  }

  /** Adds an ECharts event handler that survives re-creation. */
  on(event, handler) {
    this.#handlers.push([event, handler]);
    this.#chart?.on(event, handler);
  }

  /** The chart's current option (for tests and PNG export). */
  option() {
    return this.#chart?.getOption() ?? null;
  }

  /**
   * The chart as a PNG Blob at twice its size, on white, with `title` written above it and `footer` (the file name,
   * its dates and the analysis date: print / PDF, issue 17 point 11) below it.
   */
  async png(title, footer = "") {
    if (!this.#chart) throw new Error("nothing drawn yet");
    const image = new Image();
    image.src = this.#chart.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#ffffff" });
    await image.decode();
    const titleHeight = title ? 64 : 0;
    const canvas = document.createElement("canvas");
    canvas.width = image.naturalWidth + 48;
    const footerHeight = footer ? 44 : 0;
    canvas.height = image.naturalHeight + titleHeight + 32 + footerHeight;
    const context = canvas.getContext("2d");
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    if (title) {
      context.fillStyle = TEXT;
      context.font = `600 30px ${FONT_FAMILY}`;
      context.fillText(title, 24, 48);
    }
    context.drawImage(image, 24, titleHeight + 16);
    if (footer) {
      context.fillStyle = MUTED;
      context.font = `22px ${FONT_FAMILY}`;
      context.fillText(footer, 24, canvas.height - 20);
    }
    return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("PNG encoding failed"))), "image/png"));
  }

  resize() {
    this.#chart?.resize();
  }

  #dispose() {
    this.#chart?.dispose();
    this.#chart = null;
  }
}
