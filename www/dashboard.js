// The <clientele-dashboard> custom element: the whole product (loading, five views, languages); index.html and embedders use it.
import { AnalysisClient } from "./client.js";
import { LANGUAGES, normaliseLanguage, preferredLanguage, rememberLanguage, translator } from "./i18n.js";
import { el, download, fileNamePart } from "./dom.js";
import { createOverview } from "./views/overview.js";
import { createMarkets } from "./views/markets.js";
import { createCustomers } from "./views/customers.js";
import { createMapping } from "./views/mapping.js";
import { createSettings } from "./views/settings.js";

const VIEWS = [
  { id: "overview", create: createOverview },
  { id: "markets", create: createMarkets },
  { id: "customers", create: createCustomers },
  { id: "mapping", create: createMapping },
  { id: "settings", create: createSettings },
];
const DEFAULT_SAMPLE = new URL("./samples/orders.csv", import.meta.url).href;
const STYLESHEET = new URL("./dashboard.css", import.meta.url).href;
const LOGO = new URL("./img/logo.svg", import.meta.url).href;

/** Options whose value is `undefined` (or an empty object) are left out, so the engine sees only what was set. */
function clean(options) {
  return Object.fromEntries(Object.entries(options ?? {}).filter(([, value]) => value !== undefined));
}

/**
 * `<clientele-dashboard src="orders.csv" lang="zh-CN" sample="samples/orders.csv">`, usable from any static page with
 * `<script type="module" src=".../dashboard.js">`. Everything runs in a Web Worker of this page; nothing is uploaded.
 *
 * Attributes: `src` (a same-origin URL to load, relative to the page), `lang` ("en" or "zh-CN"; without it the
 * visitor's remembered choice or browser language), `sample` (the URL the "Try the sample" button loads).
 * Methods: `loadFile(file)`, `loadUrl(url)`, `loadStream(stream, { name, size })`, `setLanguage(lang)`,
 * `showView("overview" | "markets" | "customers" | "mapping" | "settings")`.
 * Events: `clientele-loaded` ({ fileName, rowsUsed }), `clientele-error` ({ code }), `clientele-language` ({ lang }).
 * The host's `data-state` attribute is "empty", "loading", "ready" or "error".
 */
export class ClienteleDashboard extends HTMLElement {
  static observedAttributes = ["src", "lang"];

  #root;
  #ui = null; // the elements of the frame (header, status, progress, message, tabs)
  #views = new Map(); // id → { panel, tab, view, stale }
  #client = null;
  #features = { compare: false };
  #t;
  #loadSeq = 0; // only the most recent load may update the page
  #loadingId = null; // the worker request id of the running load, for cancel
  #dragDepth = 0;

  /** Everything the views read. They never change it; they call the actions below. */
  state = {
    lang: "en",
    source: null, // what the shown data was loaded from: { file } | { url }
    fileName: null,
    isSample: false,
    loadOptions: {}, // LoadOptions the user chose (encoding, delimiter, dateOrder, sheet, roles)
    report: null, // LoadReport of the shown data
    rfmOptions: {}, // RfmOptions the user chose in Settings
    result: null, // RfmResult
    totals: null, // CompareResult.total over all rows before the analysis date, when the engine has compare()
    failedLoad: null, // { source, fileName, loadOptions, error, canMap } of the last load that failed
    loading: null, // { fileName, bytesDone, bytesTotal, phase: "reading" | "scoring" }
    message: null, // { kind: "error" | "info", title, error | text, action }
    view: "overview",
    customerFilter: {}, // { segment, tier, lifecycle } asked for by another view
    hasDataset: false, // the worker holds the shown data (false after a crash)
    compareAvailable: false,
  };

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: "open" });
    this.state.lang = normaliseLanguage(this.getAttribute("lang")) ?? preferredLanguage();
    this.#t = translator(this.state.lang);
  }

  connectedCallback() {
    if (this.#ui) return;
    this.#build();
    this.#client = new AnalysisClient({ onFatal: (error) => this.#onFatal(error) });
    this.#client.features().then((features) => {
      this.#features = features;
      this.state.compareAvailable = features.compare;
      this.#render();
    }, () => {});
    this.#render();
    const src = this.getAttribute("src");
    if (src) this.loadUrl(src);
  }

  attributeChangedCallback(name, oldValue, value) {
    if (!this.#ui || oldValue === value) return;
    if (name === "src" && value) this.loadUrl(value);
    if (name === "lang") {
      const lang = normaliseLanguage(value);
      if (lang) this.setLanguage(lang, { remember: false });
    }
  }

  /** The translator of the current language (for views). */
  get t() {
    return this.#t;
  }

  /** The URL of the bundled sample: the `sample` attribute, else samples/orders.csv beside this module. */
  get sampleUrl() {
    const attribute = this.getAttribute("sample");
    return attribute ? new URL(attribute, document.baseURI).href : DEFAULT_SAMPLE;
  }

  // ---- public actions (also used by the views) ----

  /** Loads a same-origin URL (relative to the page). */
  loadUrl(url) {
    let href;
    try {
      href = new URL(url, document.baseURI).href;
    } catch {
      href = String(url);
    }
    const fileName = decodeURIComponent(href.split(/[?#]/)[0].split("/").pop() || href);
    return this.#load({ url: href }, fileName, {}, { isSample: href === this.sampleUrl });
  }

  /** Loads a File (from the picker, a drop, or script). */
  loadFile(file) {
    return this.#load({ file }, file.name, {}, { isSample: false });
  }

  /**
   * Loads a ReadableStream of bytes (e.g. `file.stream().pipeThrough(new DecompressionStream("gzip"))`); `size` in
   * bytes, when known, drives the progress bar. A stream is read once: changing the mapping needs it again.
   */
  loadStream(stream, { name = "data.csv", size = null } = {}) {
    return this.#load({ stream, name, size }, name, {}, { isSample: false });
  }

  /** Loads the same source again with other LoadOptions (the mapping view's form). */
  reload(loadOptions) {
    const failed = this.state.failedLoad;
    const source = failed?.source ?? this.state.source;
    if (!source) return Promise.resolve(false);
    if (source.stream) {
      this.#showError({ code: "stream_consumed", message: "A stream can be read only once.", position: null, details: null }, failed?.fileName ?? this.state.fileName);
      return Promise.resolve(false);
    }
    const fileName = failed?.fileName ?? this.state.fileName;
    const isSample = failed ? false : this.state.isSample;
    return this.#load(source, fileName, clean(loadOptions), { isSample, keepSettings: !failed });
  }

  cancelLoad() {
    if (this.#loadingId !== null) this.#client.cancel(this.#loadingId);
  }

  setLanguage(lang, { remember = true } = {}) {
    if (!LANGUAGES.some((l) => l.code === lang)) return;
    if (remember) rememberLanguage(lang);
    if (lang === this.state.lang) return;
    this.state.lang = lang;
    this.#t = translator(lang);
    for (const entry of this.#views.values()) entry.stale = true;
    this.#render();
    this.dispatchEvent(new CustomEvent("clientele-language", { detail: { lang } }));
  }

  /** Runs the RFM analysis with new options; rejects with the engine's error (the current result stays). */
  async applyRfmOptions(options) {
    const rfmOptions = clean(options);
    const result = await this.#client.rfm(rfmOptions);
    this.state.rfmOptions = rfmOptions;
    this.state.result = result;
    this.state.totals = await this.#totals(rfmOptions);
    this.#dataChanged();
    return result;
  }

  /** A CompareResult for the Markets view, with the current RFM options behind the computed dimensions. */
  compare(options) {
    return this.#client.compare(this.compareOptions(options));
  }

  /** CompareOptions: `options` plus the analysis date and RFM options of Settings. */
  compareOptions(options) {
    const { analysisDate, ...rfm } = this.state.rfmOptions;
    return clean({ ...options, analysisDate, rfm });
  }

  /** Downloads the customers of one segment or tier (`{ segment }` or `{ tier }`) as CSV, from the engine. */
  async exportCustomers(filter, label) {
    try {
      const csv = await this.#client.exportCustomers(this.state.rfmOptions, { ...clean(filter), lang: this.#t.short });
      const name = `${fileNamePart(this.state.fileName?.replace(/\.[^.]+$/, "") ?? "customers")}-${fileNamePart(label ?? filter.segment ?? filter.tier ?? "all")}.csv`;
      download(new Blob([csv], { type: "text/csv;charset=utf-8" }), name);
    } catch (error) {
      this.#showError(error, null);
    }
  }

  /** Downloads a chart (a ChartBox) as PNG, titled. */
  async downloadChart(chart, title) {
    try {
      const blob = await chart.png(title);
      download(blob, `${fileNamePart(title)}.png`);
    } catch (error) {
      this.#showError({ code: "internal_error", message: String(error?.message ?? error) }, null);
    }
  }

  /** Opens a view; `filter` pre-filters the Customers view ({ segment } or { tier } or { lifecycle }). */
  showView(id, filter = null) {
    if (!this.#views.has(id)) return;
    if (filter) this.state.customerFilter = filter;
    this.state.view = id;
    this.#render();
    this.#views.get(id).tab.focus({ preventScroll: true });
  }

  dismissMessage() {
    this.state.message = null;
    this.#renderChrome();
  }

  // ---- loading ----

  async #load(source, fileName, loadOptions, { isSample, keepSettings = false }) {
    const seq = ++this.#loadSeq;
    this.state.loading = { fileName, bytesDone: 0, bytesTotal: null, phase: "reading" };
    this.state.message = null;
    this.#renderChrome();
    const { id, promise } = this.#client.load(source, loadOptions, ({ bytesDone, bytesTotal }) => {
      if (seq !== this.#loadSeq || !this.state.loading) return;
      Object.assign(this.state.loading, { bytesDone, bytesTotal });
      this.#renderProgress();
    });
    this.#loadingId = id;
    try {
      const report = await promise;
      if (seq !== this.#loadSeq) return false;
      this.#loadingId = null;
      this.state.loading.phase = "scoring";
      this.#renderProgress();
      // A new file starts from the file's own analysis date; other settings carry over when they still apply.
      let rfmOptions = keepSettings ? this.state.rfmOptions : clean({ ...this.state.rfmOptions, analysisDate: undefined });
      let result;
      let settingsDropped = false;
      try {
        result = await this.#client.rfm(rfmOptions);
      } catch (error) {
        if (Object.keys(rfmOptions).length === 0 || error?.code === "no_customers" && !rfmOptions.analysisDate) throw error;
        rfmOptions = {};
        settingsDropped = true;
        result = await this.#client.rfm(rfmOptions);
      }
      const totals = await this.#totals(rfmOptions);
      if (seq !== this.#loadSeq) return false;
      Object.assign(this.state, {
        source, fileName, isSample, loadOptions, report, rfmOptions, result, totals,
        failedLoad: null, loading: null, hasDataset: true, customerFilter: {},
        view: keepSettings ? this.state.view : "overview", // a new file opens on its Overview
        message: settingsDropped ? { kind: "info", text: (t) => t.t("message.settingsReset") }
          : isSample ? null
            : { kind: "info", field: "detected", text: (t) => detectedText(t, fileName, report), action: { label: "status.checkMapping", run: () => this.showView("mapping") } },
      });
      this.#dataChanged();
      this.dispatchEvent(new CustomEvent("clientele-loaded", { detail: { fileName, rowsUsed: report.rowsUsed } }));
      return true;
    } catch (error) {
      if (seq !== this.#loadSeq) return false;
      this.#loadingId = null;
      this.state.loading = null;
      if (error?.code === "cancelled") {
        if (error.details?.dataLost) this.state.hasDataset = false;
        this.state.message = {
          kind: "info",
          text: this.state.result && !error.details?.dataLost
            ? (t) => t.t("message.cancelledKept", { file: this.state.fileName })
            : (t) => t.t("message.cancelled"),
        };
        this.#renderChrome();
        return false;
      }
      // Errors that other reading settings may fix: offer the mapping form for this file.
      const byColumns = ["missing_role", "unknown_column"].includes(error?.code);
      const canMap = byColumns || ["no_customers", "not_text"].includes(error?.code);
      this.state.failedLoad = { source, fileName, loadOptions, error, canMap };
      this.#showError(error, fileName, canMap ? { label: byColumns ? "message.chooseColumns" : "message.chooseSettings", run: () => this.showView("mapping") } : null);
      if (canMap && !this.state.result) this.state.view = "mapping";
      this.#views.get("mapping").stale = true;
      this.#render();
      this.dispatchEvent(new CustomEvent("clientele-error", { detail: { code: error?.code ?? "internal_error" } }));
      return false;
    }
  }

  /** The whole window's totals from compare() (revenue, orders, AOV over all rows before the analysis date). */
  async #totals(rfmOptions) {
    if (!this.#features.compare) return null;
    const { analysisDate, ...rfm } = rfmOptions;
    try {
      const result = await this.#client.compare(clean({ by: ["segment"], analysisDate, rfm, top: 1 }));
      return result.total;
    } catch {
      return null; // the KPI cards fall back to the sums of the RFM result
    }
  }

  #onFatal(error) {
    this.state.loading = null;
    this.#loadingId = null;
    this.state.hasDataset = false;
    const source = this.state.failedLoad?.source ?? this.state.source;
    const action = error.code === "engine_crashed" && source
      ? { label: "message.loadAgain", run: () => this.reload(this.state.loadOptions) }
      : null;
    this.#showError(error, null, action);
  }

  #showError(error, fileName, action = null) {
    this.state.message = { kind: "error", error, fileName, action };
    this.#renderChrome();
  }

  /** New data or settings: every view is stale; the visible one is drawn now. */
  #dataChanged() {
    for (const entry of this.#views.values()) entry.stale = true;
    this.#render();
  }

  // ---- the frame ----

  #build() {
    const t = this.#t;
    const stylesheet = el("link", { rel: "stylesheet", href: STYLESHEET });
    const fileInput = el("input", {
      type: "file", class: "visually-hidden", tabindex: "-1", "aria-hidden": "true",
      accept: ".csv,.tsv,.txt,.xlsx,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    });
    fileInput.addEventListener("change", () => {
      const file = fileInput.files[0];
      fileInput.value = ""; // choosing the same file again must load it again
      if (file) this.loadFile(file);
    });
    const openButton = el("button", { type: "button", class: "button primary", "data-action": "open" });
    openButton.addEventListener("click", () => fileInput.click());
    const sampleButton = el("button", { type: "button", class: "button secondary", "data-action": "sample" });
    sampleButton.addEventListener("click", () => this.loadUrl(this.sampleUrl));
    const languageButtons = LANGUAGES.map(({ code, name }) => {
      const button = el("button", { type: "button", lang: code, "data-lang": code }, name);
      button.addEventListener("click", () => this.setLanguage(code));
      return button;
    });
    const languageSwitch = el("div", { class: "language-switch", role: "group" }, ...languageButtons);

    const header = el("header", { class: "topbar" },
      el("div", { class: "brand" },
        el("img", { src: LOGO, alt: "", width: 30, height: 30 }),
        el("div", {}, el("div", { class: "brand-name" }, "Clientele"), el("div", { class: "tagline", "data-i18n": "app.tagline" }))),
      el("div", { class: "topbar-actions" }, openButton, fileInput, sampleButton, languageSwitch));

    const status = el("div", { class: "statusbar", hidden: true });
    const progressBar = el("progress", { max: 1 });
    const progressText = el("span", { class: "progress-text", "aria-live": "polite" });
    const cancelButton = el("button", { type: "button", class: "button small ghost", "data-action": "cancel" });
    cancelButton.addEventListener("click", () => this.cancelLoad());
    const progress = el("div", { class: "progress", hidden: true, role: "status" }, progressText, progressBar, cancelButton);
    const message = el("div", { class: "message", hidden: true });

    const tabList = el("div", { class: "tabs", role: "tablist" });
    const panels = el("div", { class: "panels" });
    VIEWS.forEach(({ id, create }, index) => {
      const tab = el("button", {
        type: "button", role: "tab", id: `tab-${id}`, "aria-controls": `panel-${id}`, "data-view": id,
        tabindex: index === 0 ? "0" : "-1",
      });
      const panel = el("section", { role: "tabpanel", id: `panel-${id}`, "aria-labelledby": `tab-${id}`, class: "panel", "data-view": id, hidden: true });
      tab.addEventListener("click", () => this.showView(id));
      tab.addEventListener("keydown", (event) => this.#tabKey(event, index));
      tabList.append(tab);
      panels.append(panel);
      const view = create(this, panel);
      this.#views.set(id, { tab, panel, view, stale: true });
    });

    const welcome = this.#buildWelcome(fileInput);
    const dropOverlay = el("div", { class: "drop-overlay", hidden: true, "aria-hidden": "true" }, el("div", { "data-i18n": "drop.overlay" }));
    const app = el("div", { class: "app", "data-state": "empty" }, header, progress, message, status, welcome, tabList, panels, dropOverlay);
    app.style.visibility = "hidden"; // until the stylesheet is in, so the frame never flashes unstyled
    stylesheet.addEventListener("load", () => { app.style.visibility = ""; });
    stylesheet.addEventListener("error", () => { app.style.visibility = ""; });
    this.#root.replaceChildren(stylesheet, app);
    this.#ui = { app, header, openButton, sampleButton, languageSwitch, languageButtons, status, progress, progressBar, progressText, cancelButton, message, tabList, welcome, dropOverlay };
    this.#wireDragAndDrop();
  }

  #buildWelcome(fileInput) {
    const open = el("button", { type: "button", class: "button primary large", "data-i18n": "welcome.open" });
    open.addEventListener("click", () => fileInput.click());
    const sample = el("button", { type: "button", class: "button secondary large", "data-i18n": "welcome.sample" });
    sample.addEventListener("click", () => this.loadUrl(this.sampleUrl));
    return el("section", { class: "welcome", hidden: true },
      el("div", { class: "welcome-card" },
        el("h2", { "data-i18n": "welcome.title" }),
        el("p", { class: "welcome-lead", "data-i18n": "welcome.lead" }),
        el("div", { class: "welcome-drop" }, el("span", { "data-i18n": "welcome.drop" })),
        el("div", { class: "welcome-actions" }, open, sample),
        el("ul", { class: "welcome-points" },
          el("li", { "data-i18n": "welcome.point.formats" }),
          el("li", { "data-i18n": "welcome.point.private" }),
          el("li", { "data-i18n": "welcome.point.columns" }))));
  }

  #wireDragAndDrop() {
    const hasFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes("Files");
    this.addEventListener("dragenter", (event) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      this.#dragDepth += 1;
      this.#ui.dropOverlay.hidden = false;
    });
    this.addEventListener("dragover", (event) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = "copy";
    });
    this.addEventListener("dragleave", () => {
      this.#dragDepth = Math.max(0, this.#dragDepth - 1);
      if (this.#dragDepth === 0) this.#ui.dropOverlay.hidden = true;
    });
    this.addEventListener("drop", (event) => {
      event.preventDefault();
      this.#dragDepth = 0;
      this.#ui.dropOverlay.hidden = true;
      const file = event.dataTransfer?.files?.[0];
      if (file) this.loadFile(file);
    });
  }

  #tabKey(event, index) {
    const last = VIEWS.length - 1;
    const target = { ArrowRight: index === last ? 0 : index + 1, ArrowLeft: index === 0 ? last : index - 1, Home: 0, End: last }[event.key];
    if (target === undefined) return;
    event.preventDefault();
    this.showView(VIEWS[target].id);
  }

  #render() {
    if (!this.#ui) return;
    this.#renderChrome();
    const hasData = Boolean(this.state.result);
    for (const [id, entry] of this.#views) {
      const active = id === this.state.view;
      entry.tab.setAttribute("aria-selected", String(active));
      entry.tab.tabIndex = active ? 0 : -1;
      entry.tab.textContent = this.#t.t(`tab.${id}`);
      const visible = active && (hasData || id === "mapping" && this.state.failedLoad?.canMap);
      entry.panel.hidden = !visible;
      if (visible && entry.stale) {
        entry.stale = false;
        entry.view.render();
      }
    }
  }

  /** Everything outside the views: texts, buttons, status line, progress and message. */
  #renderChrome() {
    const t = this.#t;
    const ui = this.#ui;
    const { state } = this;
    this.#root.host.setAttribute("data-state", state.loading ? "loading" : state.result ? "ready" : state.message?.kind === "error" ? "error" : "empty");
    ui.app.dataset.state = this.getAttribute("data-state");
    ui.app.lang = state.lang;
    for (const node of this.#root.querySelectorAll("[data-i18n]")) node.textContent = t.t(node.dataset.i18n);
    ui.openButton.textContent = t.t("action.open");
    ui.sampleButton.textContent = t.t("action.sample");
    ui.cancelButton.textContent = t.t("action.cancel");
    ui.languageSwitch.setAttribute("aria-label", t.t("language.label"));
    for (const button of ui.languageButtons) button.setAttribute("aria-pressed", String(button.dataset.lang === state.lang));
    ui.tabList.setAttribute("aria-label", t.t("tabs.label"));
    const hasData = Boolean(state.result);
    const showMappingOnly = !hasData && state.failedLoad?.canMap;
    ui.welcome.hidden = hasData || Boolean(showMappingOnly);
    ui.tabList.hidden = !hasData && !showMappingOnly;
    this.#renderStatus();
    this.#renderProgress();
    this.#renderMessage();
  }

  #renderStatus() {
    const t = this.#t;
    const { state } = this;
    const status = this.#ui.status;
    status.hidden = !state.result;
    if (!state.result) return;
    const { report, result } = state;
    const skipped = report.skipped.reduce((sum, group) => sum + group.count, 0);
    const dot = () => el("span", { class: "dot", "aria-hidden": "true" }, "·");
    const checkMapping = el("button", { type: "button", class: "link-button", "data-action": "check-mapping" }, t.t("status.checkMapping"));
    checkMapping.addEventListener("click", () => this.showView("mapping"));
    status.replaceChildren(...[
      el("span", { class: "file-chip" },
        el("strong", { "data-field": "file-name" }, state.fileName),
        state.isSample ? el("span", { class: "badge", "data-field": "sample-badge" }, t.t("status.sample")) : null),
      el("span", { class: "facts" },
        el("span", { "data-field": "rows-used", "data-value": report.rowsUsed }, t.t("status.rows", { count: report.rowsUsed })), dot(),
        el("span", { "data-field": "customers", "data-value": result.customersScored }, t.t("status.customers", { count: result.customersScored })), dot(),
        el("span", { "data-field": "date-range" }, t.t("status.range", { from: t.date(report.minDate), to: t.date(report.maxDate) })), dot(),
        el("span", {}, `${t.t("status.analysisDate")} `, el("time", { "data-field": "analysis-date", datetime: result.analysisDate }, t.date(result.analysisDate))),
        skipped > 0 ? [dot(), el("span", { class: "warning-text", "data-field": "skipped", "data-value": skipped }, t.t("status.skipped", { count: skipped }))] : null),
      checkMapping,
      state.isSample ? el("span", { class: "sample-hint" }, t.t("status.sampleHint")) : null,
    ].filter(Boolean));
  }

  #renderProgress() {
    const t = this.#t;
    const { loading } = this.state;
    const { progress, progressBar, progressText, cancelButton } = this.#ui;
    progress.hidden = !loading;
    if (!loading) return;
    const { bytesDone, bytesTotal, phase, fileName } = loading;
    if (phase === "scoring") {
      progressText.textContent = t.t("progress.scoring");
      progressBar.removeAttribute("value");
      cancelButton.hidden = true;
      return;
    }
    cancelButton.hidden = false;
    const fraction = bytesTotal ? Math.min(1, bytesDone / bytesTotal) : null;
    progressText.textContent = bytesTotal
      ? t.t("progress.readingOf", { file: fileName, done: t.bytes(bytesDone), total: t.bytes(bytesTotal), percent: t.percent(fraction, 0) })
      : t.t("progress.reading", { file: fileName, done: t.bytes(bytesDone) });
    if (fraction === null) progressBar.removeAttribute("value");
    else progressBar.value = fraction;
    progressBar.setAttribute("aria-label", t.t("progress.label"));
  }

  #renderMessage() {
    const t = this.#t;
    const box = this.#ui.message;
    const message = this.state.message;
    box.hidden = !message;
    if (!message) return box.replaceChildren();
    box.className = `message ${message.kind}`;
    box.setAttribute("role", message.kind === "error" ? "alert" : "status");
    box.dataset.code = message.error?.code ?? "";
    box.dataset.field = message.field ?? "";
    const title = message.kind === "error"
      ? (message.fileName ? t.t("error.title", { file: message.fileName }) : t.t("error.titleGeneric"))
      : null;
    const text = message.error ? t.errorText(message.error) : message.text(t);
    const action = message.action
      ? el("button", { type: "button", class: "button small", "data-action": "message-action", on: { click: message.action.run } }, t.t(message.action.label))
      : null;
    const close = el("button", { type: "button", class: "icon-button", "aria-label": t.t("action.dismiss"), on: { click: () => this.dismissMessage() } }, "×");
    box.replaceChildren(...[el("div", { class: "message-body" }, title ? el("strong", {}, title) : null, el("p", { "data-field": "message-text" }, text)), action, close].filter(Boolean));
  }
}

/** One sentence on how a file was read: format, encoding, delimiter, date order, the three required columns, skips. */
function detectedText(t, fileName, report) {
  const quote = (name) => (name ? t.t("quote", { text: name }) : t.t("message.detected.none"));
  const delimiter = report.delimiter === "\t" ? "tab" : report.delimiter;
  const how = report.format === "xlsx"
    ? t.t("message.detected.xlsx", { sheet: report.sheet ?? "–" })
    : t.t("message.detected.csv", { encoding: String(report.encoding).toUpperCase(), delimiter: t.has(`separator.${delimiter}`) ? t.t(`separator.${delimiter}`) : delimiter });
  const skipped = report.skipped.reduce((sum, group) => sum + group.count, 0);
  return t.t("message.detected", {
    file: fileName, how, dateOrder: t.t(`order.${report.dateOrder}`),
    customer: quote(report.roles.customer), date: quote(report.roles.date),
    amount: report.roles.amount ? quote(report.roles.amount) : t.t("message.detected.product", { quantity: quote(report.roles.quantity), price: quote(report.roles.unitPrice) }),
  }) + (skipped ? ` ${t.t("status.skipped", { count: skipped })}.` : "");
}

if (!customElements.get("clientele-dashboard")) customElements.define("clientele-dashboard", ClienteleDashboard);
