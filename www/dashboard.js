// The <clientele-dashboard> custom element: the whole product (loading, six views, languages); index.html and embedders use it.
import { AnalysisClient } from "./client.js";
import { Session, countOf } from "./session.js";
import { LANGUAGES, normaliseLanguage, preferredLanguage, rememberLanguage, translator } from "./i18n.js";
import { el, download, fileNamePart, ACCEPTED_FILES } from "./dom.js";
import { createOverview } from "./views/overview.js";
import { createMarkets } from "./views/markets.js";
import { createValue } from "./views/value.js";
import { createRetention } from "./views/retention.js";
import { createCustomers } from "./views/customers.js";
import { createMapping } from "./views/mapping.js";
import { createSettings } from "./views/settings.js";

const VIEWS = [
  { id: "overview", create: createOverview },
  { id: "markets", create: createMarkets },
  { id: "retention", create: createRetention },
  { id: "value", create: createValue, readsClv: true },
  { id: "customers", create: createCustomers, readsClv: true },
  { id: "mapping", create: createMapping },
  { id: "settings", create: createSettings },
];
const DEFAULT_SAMPLE = new URL("./samples/orders.csv", import.meta.url).href;
const STYLESHEET = new URL("./dashboard.css", import.meta.url).href;
const LOGO = new URL("./img/logo.svg", import.meta.url).href;

/**
 * `<clientele-dashboard src="orders.csv" lang="zh-CN" sample="samples/orders.csv">`, usable from any static page with
 * `<script type="module" src=".../dashboard.js">`. Everything runs in a Web Worker of this page; nothing is uploaded.
 *
 * Attributes: `src` (a same-origin URL to load, relative to the page), `lang` ("en" or "zh-CN"; without it the
 * visitor's remembered choice or browser language), `sample` (the URL the "Try the sample" button loads).
 * Methods: `loadFile(file)`, `loadUrl(url)`, `loadStream(stream, { name, size })`, `attachFile("customers" |
 * "campaigns", file)`, `setLanguage(lang)`, `showView("overview" | "markets" | "retention" | "value" | "customers" | "mapping" |
 * "settings")`.
 * Events: `clientele-loaded` ({ fileName, rowsUsed }), `clientele-error` ({ code }), `clientele-language` ({ lang }).
 * The host's `data-state` attribute is "empty", "loading", "ready" or "error".
 */
export class ClienteleDashboard extends HTMLElement {
  static observedAttributes = ["src", "lang"];

  #root;
  #ui = null; // the elements of the frame (header, status, progress, message, tabs)
  #views = new Map(); // id → { panel, tab, view, stale }
  #session = null;
  #t;
  #dragDepth = 0;
  #dropZone = null; // the attach drop zone under a dragged file

  /** What is shown, besides the data: language, open view, and the Customers filter another view asked for. */
  display = {
    lang: "en",
    view: "overview",
    customerFilter: {}, // { segmentCode } or { segment } (a name), { tier }, { lifecycle }
  };

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: "open" });
    this.display.lang = normaliseLanguage(this.getAttribute("lang")) ?? preferredLanguage();
    this.#t = translator(this.display.lang);
  }

  connectedCallback() {
    if (this.#ui) return;
    this.#build();
    this.#session = new Session(new AnalysisClient({ onFatal: (error) => this.#session.engineFailed(error) }));
    this.#session.subscribe((change) => this.#changed(change));
    this.#session.start();
    this.#render();
    const src = this.getAttribute("src");
    if (src) this.loadUrl(src);
  }

  /** The data the views read (the session's state: catalog, report, results, attached files, loading, message). */
  get state() {
    return this.#session?.state ?? null;
  }

  /** The module's catalog() (defaults, presets, codes, roles), once the engine runs. */
  get catalog() {
    return this.state?.catalog ?? null;
  }

  /** The shown language: "en" or "zh-CN". */
  get lang() {
    return this.display.lang;
  }

  /** Whether the engine can run the analysis `name` (e.g. "compare"). */
  canRun(name) {
    return this.#session?.canRun(name) ?? false;
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
    return this.#session.load({ url: href }, fileName, {}, { isSample: href === this.sampleUrl });
  }

  /** Loads a File of orders (from the picker, a drop, or script). */
  loadFile(file) {
    return this.#session.load({ file }, file.name, {}, { isSample: false });
  }

  /** Joins a customers (`kind` "customers") or campaign ("campaigns") File to the loaded orders. */
  attachFile(kind, file) {
    return this.#session.attach(kind, { file }, file.name, {});
  }

  /** Reads the attached file of `kind` again with other LoadOptions (the mapping view's form). */
  reattach(kind, loadOptions) {
    return this.#session.reattach(kind, loadOptions);
  }

  /**
   * Loads a ReadableStream of bytes (e.g. `file.stream().pipeThrough(new DecompressionStream("gzip"))`); `size` in
   * bytes, when known, drives the progress bar. A stream is read once: changing the mapping needs it again.
   */
  loadStream(stream, { name = "data.csv", size = null } = {}) {
    return this.#session.load({ stream, name, size }, name, {}, { isSample: false });
  }

  /** Loads the same orders again with other LoadOptions (the mapping view's form). */
  reload(loadOptions) {
    return this.#session.reload(loadOptions);
  }

  cancelLoad() {
    this.#session.cancelLoad();
  }

  setLanguage(lang, { remember = true } = {}) {
    if (!LANGUAGES.some((l) => l.code === lang)) return;
    if (remember) rememberLanguage(lang);
    if (lang === this.display.lang) return;
    this.display.lang = lang;
    this.#t = translator(lang);
    for (const entry of this.#views.values()) entry.stale = true;
    this.#render();
    this.dispatchEvent(new CustomEvent("clientele-language", { detail: { lang } }));
  }

  /**
   * Runs the RFM analysis with new options (after a running load); resolves to the result, or null when a later
   * change took its place; rejects with the engine's error (the current result stays).
   */
  applyRfmOptions(options) {
    return this.#session.applyRfmOptions(options);
  }

  /** A CompareResult for the Markets view, with the current RFM options behind the computed dimensions. */
  compare(options) {
    return this.#session.compare(options);
  }

  /** The Retention view's analyses at the analysis date and with the RFM options of Settings (see Session). */
  trend(options) {
    return this.#session.trend(options);
  }

  cohorts(options) {
    return this.#session.cohorts(options);
  }

  migration(options) {
    return this.#session.migration(options);
  }

  /** CompareOptions: `options` plus the analysis date and RFM options of Settings. */
  compareOptions(options) {
    return this.#session.compareOptions(options);
  }

  /**
   * Runs clv() (the Value view) with the model options `options` (default: the last ones chosen) and the analysis
   * date and RFM options of Settings; resolves to `{ options, result, error }`, or null when newer data or options
   * took its place. The views that show it (`readsClv`) are drawn again with the answer.
   */
  runClv(options) {
    return this.#session.runClv(options);
  }

  /** The last clv() answer `{ options, result, error }` for the shown data, or null (not run, or older data). */
  get clv() {
    return this.#session?.clvEntry() ?? null;
  }

  /** Whether a clv() is on its way. */
  get clvRunning() {
    return this.#session?.clvRunning ?? false;
  }

  // ds.sql (issue 19): the RFM query for a warehouse.
  /** `{ dialect, sql }` for the shown data and settings (`options`: { dialect, table }). */
  sql(options) {
    return this.#session.sql(options);
  }

  /** Downloads the customers of one segment or tier (`{ segment }` or `{ tier }`) as CSV, from the engine. */
  async exportCustomers(filter, label) {
    try {
      const csv = await this.#session.exportCustomers(filter, this.#t.short);
      const name = `${fileNamePart(this.state.fileName?.replace(/\.[^.]+$/, "") ?? "customers")}-${fileNamePart(label ?? filter.segment ?? filter.tier ?? "all")}.csv`;
      download(new Blob([csv], { type: "text/csv;charset=utf-8" }), name);
    } catch (error) {
      this.#session.reportError(error);
    }
  }

  /** Downloads a chart (a ChartBox) as PNG, titled. */
  async downloadChart(chart, title) {
    try {
      const blob = await chart.png(title);
      download(blob, `${fileNamePart(title)}.png`);
    } catch (error) {
      this.#session.reportError({ code: "internal_error", message: String(error?.message ?? error), position: null, details: null });
    }
  }

  /**
   * Opens a view; `filter` pre-filters the Customers view: { segment } (a name) or { segmentCode } (an index into
   * the result's segments), { tier } or { lifecycle } (names).
   */
  showView(id, filter = null) {
    if (!this.#views.has(id)) return;
    if (filter) this.display.customerFilter = filter;
    this.display.view = id;
    this.#render();
    this.#views.get(id).tab.focus({ preventScroll: true });
  }

  dismissMessage() {
    this.#session.dismissMessage();
  }

  // ---- changes of the session ----

  /**
   * The session changed: new data makes every view stale, a clv() answer the views that show it; it may ask for a
   * view (a new file opens on Overview).
   */
  #changed({ data, view, loaded, failed, progress, clv }) {
    if (progress) return this.#renderProgress();
    if (data) {
      for (const entry of this.#views.values()) entry.stale = true;
    }
    if (clv) {
      for (const { id, readsClv } of VIEWS) if (readsClv) this.#views.get(id).stale = true;
    }
    if (view === "overview") this.display.customerFilter = {};
    if (view) this.display.view = view;
    this.#render();
    if (loaded === "orders") this.dispatchEvent(new CustomEvent("clientele-loaded", { detail: { fileName: this.state.fileName, rowsUsed: this.state.report.rowsUsed } }));
    if (failed) this.dispatchEvent(new CustomEvent("clientele-error", { detail: { code: failed } }));
  }

  // ---- the frame ----

  #build() {
    const t = this.#t;
    const stylesheet = el("link", { rel: "stylesheet", href: STYLESHEET });
    const fileInput = el("input", {
      type: "file", class: "visually-hidden", tabindex: "-1", "aria-hidden": "true",
      accept: ACCEPTED_FILES,
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
    // Over a drop zone of the mapping view (`data-drop-kind`), a file is attached there instead of loaded as orders.
    const zoneOf = (event) => event.composedPath().find((node) => node instanceof HTMLElement && node.dataset.dropKind) ?? null;
    const highlight = (zone) => {
      if (zone === this.#dropZone) return;
      this.#dropZone?.classList.remove("drag-over");
      zone?.classList.add("drag-over");
      this.#dropZone = zone;
    };
    this.addEventListener("dragover", (event) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = "copy";
      const zone = zoneOf(event);
      highlight(zone);
      this.#ui.dropOverlay.hidden = Boolean(zone);
    });
    this.addEventListener("dragleave", () => {
      this.#dragDepth = Math.max(0, this.#dragDepth - 1);
      if (this.#dragDepth === 0) {
        this.#ui.dropOverlay.hidden = true;
        highlight(null);
      }
    });
    this.addEventListener("drop", (event) => {
      event.preventDefault();
      this.#dragDepth = 0;
      this.#ui.dropOverlay.hidden = true;
      highlight(null);
      const file = event.dataTransfer?.files?.[0];
      if (!file) return;
      const zone = zoneOf(event);
      if (zone) this.attachFile(zone.dataset.dropKind, file);
      else this.loadFile(file);
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
      const active = id === this.display.view;
      entry.tab.setAttribute("aria-selected", String(active));
      entry.tab.tabIndex = active ? 0 : -1;
      entry.tab.textContent = this.#t.t(`tab.${id}`);
      const visible = active && (hasData || id === "mapping" && Boolean(this.state.failedLoad?.fix));
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
    ui.app.lang = this.display.lang;
    for (const node of this.#root.querySelectorAll("[data-i18n]")) node.textContent = t.t(node.dataset.i18n);
    ui.openButton.textContent = t.t("action.open");
    ui.sampleButton.textContent = t.t("action.sample");
    ui.cancelButton.textContent = t.t("action.cancel");
    ui.languageSwitch.setAttribute("aria-label", t.t("language.label"));
    for (const button of ui.languageButtons) button.setAttribute("aria-pressed", String(button.dataset.lang === this.display.lang));
    ui.tabList.setAttribute("aria-label", t.t("tabs.label"));
    const hasData = Boolean(state.result);
    const showMappingOnly = !hasData && Boolean(state.failedLoad?.fix);
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
    const title = message.kind !== "error" ? null
      : !message.fileName ? t.t("error.titleGeneric")
        : message.fileKind ? t.t("error.titleAttach", { file: message.fileName })
          : t.t("error.title", { file: message.fileName });
    const text = message.error ? t.errorText(message.error)
      : message.field === "detected" ? detectedText(t, message.fileName, message.report)
        : message.field === "joined" ? joinedText(t, message.fileKind, message.fileName, message.report)
          : t.t(message.key, message.params);
    const run = message.action?.view ? () => this.showView(message.action.view)
      : message.action?.run === "reload" ? () => this.reload(this.state.loadOptions) : null;
    const action = run
      ? el("button", { type: "button", class: "button small", "data-action": "message-action", on: { click: run } }, t.t(message.action.label))
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

/** One sentence on a joined file: how many customers have a record (customers) or how many contacts it holds (campaigns). */
function joinedText(t, kind, fileName, report) {
  if (kind === "customers") {
    return t.t("message.joined.customers", {
      file: fileName, matched: t.int(countOf(report.matched)), missing: t.int(countOf(report.customersWithoutRecord)),
      unmatched: t.int(countOf(report.recordsWithoutCustomer)),
    });
  }
  return t.t("message.joined.campaigns", { file: fileName, contacts: t.int(countOf(report.contacts)), campaigns: t.int(countOf(report.campaigns)) });
}

if (!customElements.get("clientele-dashboard")) customElements.define("clientele-dashboard", ClienteleDashboard);
