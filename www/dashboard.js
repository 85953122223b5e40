// The <clientele-dashboard> custom element: the whole product (loading, six views, languages); index.html and embedders use it.
import { AnalysisClient } from "./client.js";
import { Session, countOf } from "./session.js";
import { LANGUAGES, loadLanguage, normaliseLanguage, preferredLanguage, rememberLanguage, translator } from "./i18n.js";
import { el, download, fileNamePart, ACCEPTED_FILES } from "./dom.js";
import { createOverview } from "./views/overview.js";
// split (issue 17.13): every view but the Overview is imported when first opened (VIEWS below).

// Keep and share (issue 17, point 10): settings (never data) kept in localStorage across visits.
const SETTINGS_KEY = "clientele.settings";

/** The settings stored by the last visit: `{ rfm, currency }` (empty when none or storage is off). */
export function storedSettings() {
  try {
    const stored = JSON.parse(localStorage.getItem(SETTINGS_KEY) ?? "{}");
    return { rfm: stored.rfm ?? null, currency: stored.currency ?? null };
  } catch {
    return { rfm: null, currency: null };
  }
}

/** Stores the settings; default settings (none chosen) leave nothing stored. */
function storeSettings(settings) {
  try {
    const chosen = Object.keys(settings.rfm ?? {}).length > 0 || settings.currency;
    if (chosen) localStorage.setItem(SETTINGS_KEY, JSON.stringify(settings));
    else if (localStorage.getItem(SETTINGS_KEY) !== null) localStorage.removeItem(SETTINGS_KEY);
  } catch {
    // storage disabled: the settings last for this visit only
  }
}

function clean(options) {
  return Object.fromEntries(Object.entries(options ?? {}).filter(([, value]) => value !== undefined && value !== null));
}

// Embedding (issue 17, point 14): the attributes besides src and lang.
const EMBED_ATTRIBUTES = ["segment-map", "bins", "analysis-date", "currency", "tabs", "readonly"];

// split (issue 17.13): `create` is the Overview's (in the first load); the other views' `load` imports their module
// when the view is first shown and resolves to its create function.
const VIEWS = [
  { id: "overview", create: createOverview },
  { id: "markets", load: () => import("./views/markets.js").then((m) => m.createMarkets) },
  { id: "retention", load: () => import("./views/retention.js").then((m) => m.createRetention) },
  // products: the Products view
  { id: "products", load: () => import("./views/products.js").then((m) => m.createProducts) },
  { id: "value", load: () => import("./views/value.js").then((m) => m.createValue), readsClv: true },
  { id: "customers", load: () => import("./views/customers.js").then((m) => m.createCustomers), readsClv: true },
  // Customer attributes (§14):
  { id: "people", load: () => import("./views/people.js").then((m) => m.createPeople) },
  // Campaign evaluation (analytics.md §16).
  { id: "campaigns", load: () => import("./views/campaigns.js").then((m) => m.createCampaigns) },
  { id: "mapping", load: () => import("./views/mapping.js").then((m) => m.createMapping) },
  { id: "settings", load: () => import("./views/settings.js").then((m) => m.createSettings) },
];
const DEFAULT_SAMPLE = new URL("./samples/orders.csv", import.meta.url).href;
// Campaign evaluation: the sample's campaign file, joined after the default sample's orders ("Try the sample").
const SAMPLE_CAMPAIGNS = new URL("./samples/campaigns.csv", import.meta.url).href;
// Customer attributes (§14): the bundled sample's customers file, joined with the bundled sample orders.
const SAMPLE_CUSTOMERS = new URL("./samples/customers.csv", import.meta.url).href;
const STYLESHEET = new URL("./dashboard.css", import.meta.url).href;
const LOGO = new URL("./img/logo.svg", import.meta.url).href;

/**
 * `<clientele-dashboard src="orders.csv" lang="zh-CN" sample="samples/orders.csv">`, usable from any static page with
 * `<script type="module" src=".../dashboard.js">`. Everything runs in a Web Worker of this page; nothing is uploaded.
 *
 * Attributes: `src` (a same-origin URL to load, relative to the page), `lang` ("en" or "zh-CN"; without it the
 * visitor's remembered choice or browser language), `sample` (the URL the "Try the sample" button loads).
 * Methods: `loadFile(file)`, `loadUrl(url)`, `loadStream(stream, { name, size })`, `attachFile("customers" |
 * "campaigns", file)`, `setLanguage(lang)`, `showView("overview" | "markets" | "retention" | "value" | "customers" |
 * "campaigns" | "mapping" | "settings")`.
 * Events: `clientele-loaded` ({ fileName, rowsUsed }), `clientele-error` ({ code }), `clientele-language` ({ lang }).
 * The host's `data-state` attribute is "empty", "loading", "ready" or "error".
 */
export class ClienteleDashboard extends HTMLElement {
  // Embedding (issue 17, point 14): settings, tabs and readonly as attributes too.
  static observedAttributes = ["src", "lang", "segment-map", "bins", "analysis-date", "currency", "tabs", "readonly"];

  #root;
  #ui = null; // the elements of the frame (header, status, progress, message, tabs)
  #views = new Map(); // id → { panel, tab, view, stale, load, importing } (view: null until imported)
  #session = null;
  #t;
  #dragDepth = 0;
  #dropZone = null; // the attach drop zone under a dragged file

  /** What is shown, besides the data: language, open view, and the Customers filter another view asked for. */
  display = {
    currency: null, // Currency (issue 17, point 9): the currency chosen in Settings, null = the file's
    lang: "en",
    view: "overview",
    customerFilter: {}, // { segmentCode } or { segment } (a name), { tier }, { lifecycle }
  };

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: "open" });
    this.display.lang = normaliseLanguage(this.getAttribute("lang")) ?? preferredLanguage();
    this.#translate();
  }

  // split (issue 17.13)
  /**
   * The translator of the shown language and currency; when that language's strings are not in yet, they are
   * imported and the page is drawn again with them.
   */
  #translate() {
    const lang = this.display.lang;
    this.#t = translator(lang, { currency: this.currency });
    if (this.#t.loaded) return;
    loadLanguage(lang).then(() => {
      if (this.display.lang !== lang || this.#t.loaded) return;
      this.#t = translator(lang, { currency: this.currency });
      for (const entry of this.#views.values()) entry.stale = true;
      this.#render();
    });
  }

  connectedCallback() {
    if (this.#ui) return;
    this.#build();
    this.#session = new Session(new AnalysisClient({
      onFatal: (error) => this.#session.engineFailed(error),
      onUpgrade: (progress) => this.#session.upgradeProgress(progress), // split (issue 17.13)
    }));
    this.#session.subscribe((change) => this.#changed(change));
    this.#session.start();
    this.#render();
    if (this.getAttribute("currency")) this.display.currency = this.getAttribute("currency").toUpperCase();
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
    if (EMBED_ATTRIBUTES.includes(name)) this.#embedAttributeChanged(name);
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
    // The bundled sample comes with its customers and campaign files, so the People and Campaigns views are filled.
    const companions = href === DEFAULT_SAMPLE
      ? [
          { kind: "customers", source: { url: SAMPLE_CUSTOMERS }, fileName: "customers.csv" },
          { kind: "campaigns", source: { url: SAMPLE_CAMPAIGNS }, fileName: "campaigns.csv" },
        ]
      : [];
    return this.#session.load({ url: href }, fileName, this.#linkLoadOptions(), { isSample: href === this.sampleUrl, companions });
  }

  /** Loads a File of orders (from the picker, a drop, or script). */
  loadFile(file) {
    return this.#session.load({ file }, file.name, this.#linkLoadOptions(), { isSample: false });
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

  // ---- Keep and share (issue 17, point 10): the view in the URL, the settings in localStorage ----

  #link = null; // the view a link asked for, applied once its file is loaded: { view, filter, rfm, currency, only, file }
  #lastView = null; // the last view state told (URL and event)

  /**
   * The view as URL parameters: `view` (tab), `segment` / `tier` / `lifecycle` (the Customers filter), `rfm`
   * (Settings' RfmOptions as JSON: segment map, bins, analysis date…), `currency` (shown), `only` (the one currency
   * analysed), and `src` (a hosted file) or `file` (the name of a file the visitor opened, which is never stored or
   * sent: the link asks for it again).
   */
  viewState() {
    const params = new URLSearchParams();
    const state = this.state;
    if (this.display.view !== "overview") params.set("view", this.display.view);
    if (this.display.view === "customers") {
      const filter = this.display.customerFilter ?? {};
      const segment = filter.segment ?? (filter.segmentCode !== undefined ? state?.result?.segments[filter.segmentCode]?.name : null);
      if (segment) params.set("segment", segment);
      for (const key of ["tier", "lifecycle"]) if (filter[key]) params.set(key, filter[key]);
    }
    const rfm = state?.rfmOptions ?? {};
    if (Object.keys(rfm).length) params.set("rfm", JSON.stringify(rfm));
    if (this.display.currency) params.set("currency", this.display.currency);
    if (state?.loadOptions?.currency) params.set("only", state.loadOptions.currency);
    if (state?.fileName && !state.isSample) {
      const hosted = this.#hostedSrc();
      if (hosted) params.set("src", hosted);
      else params.set("file", state.fileName);
    }
    return params;
  }

  /**
   * Takes the view a link describes (URL parameters as `viewState()` writes them): it is applied once the file is
   * loaded (from `src`, or the file the visitor opens again when the link names one by `file`).
   */
  openLink(params) {
    const search = params instanceof URLSearchParams ? params : new URLSearchParams(params);
    let rfm = null;
    try {
      rfm = search.get("rfm") ? JSON.parse(search.get("rfm")) : null;
    } catch {
      rfm = null; // a damaged link keeps the default settings
    }
    const filter = {};
    for (const key of ["segment", "tier", "lifecycle"]) if (search.get(key)) filter[key] = search.get(key);
    this.#link = { view: search.get("view"), filter, rfm, currency: search.get("currency"), only: search.get("only"), file: search.get("file") };
    const currency = this.#link.currency ?? (this.hasAttribute("url-state") ? storedSettings().currency : null);
    if (currency) this.display.currency = currency.toUpperCase();
    this.#render();
  }

  /** The file a link named and asks the visitor to open again, or null. */
  get linkedFile() {
    return this.#link?.file ?? null;
  }

  /** The same-origin URL the shown file came from, relative to the page (a link can reopen it); null for a picked file. */
  #hostedSrc() {
    const src = this.state?.source?.url;
    if (!src || this.state.isSample) return null;
    const url = new URL(src, document.baseURI);
    const base = new URL(".", document.baseURI);
    return url.href.startsWith(base.href) ? url.href.slice(base.href.length) : url.pathname + url.search + url.hash;
  }

  #linkLoadOptions() {
    return this.#link?.only ? { currency: this.#link.only } : {};
  }

  async #applyLink() {
    const link = this.#link;
    this.#link = null;
    // Embedding (issue 17, point 14): the settings attributes first, then a link's (or the stored) settings.
    const fromLink = link ? link.rfm ?? (this.hasAttribute("url-state") ? storedSettings().rfm : null) : null;
    const rfm = { ...this.#attributeRfmOptions(), ...(fromLink ?? this.state.rfmOptions) };
    if (JSON.stringify(rfm) !== JSON.stringify(this.state.rfmOptions)) {
      try {
        await this.applyRfmOptions(rfm);
      } catch (error) {
        this.#session.reportError(error);
      }
    }
    if (link?.view && this.#views.has(link.view)) this.showView(link.view, Object.keys(link.filter).length ? link.filter : null);
    this.#render();
  }

  // ---- Embedding (issue 17, point 14) ----

  /** RfmOptions from the `segment-map`, `bins` and `analysis-date` attributes (a map name or a JSON map). */
  #attributeRfmOptions() {
    const options = {};
    const map = this.getAttribute("segment-map");
    if (map) {
      try {
        options.segmentMap = map.trim().startsWith("{") ? JSON.parse(map) : map;
      } catch {
        options.segmentMap = map; // the module names what is wrong with it
      }
    }
    if (this.getAttribute("bins")) options.bins = Number(this.getAttribute("bins"));
    if (this.getAttribute("analysis-date")) options.analysisDate = this.getAttribute("analysis-date");
    return options;
  }

  /** The views the `tabs` attribute keeps ("overview,markets"), all of them without it. */
  get shownViews() {
    const wanted = (this.getAttribute("tabs") ?? "").split(/[\s,]+/).filter((id) => this.#views.has(id));
    return wanted.length ? wanted : [...this.#views.keys()];
  }

  #embedAttributeChanged(name) {
    if (name === "currency") return this.setCurrency(this.getAttribute("currency"));
    if (name === "tabs" || name === "readonly") return this.#render();
    if (this.state?.result) this.#applyLink(); // segment-map, bins, analysis-date: the analysis again
  }

  /** Tabs and the open/sample buttons as the `tabs` and `readonly` attributes say (after every render). */
  #applyEmbedding() {
    const shown = this.shownViews;
    for (const [id, entry] of this.#views) entry.tab.hidden = !shown.includes(id);
    if (!shown.includes(this.display.view)) {
      this.display.view = shown[0];
      queueMicrotask(() => this.#render());
    }
    const readonly = this.hasAttribute("readonly");
    for (const button of [this.#ui.openButton, this.#ui.sampleButton, ...this.#ui.welcome.querySelectorAll("button")]) button.hidden = readonly;
  }

  /** Loads orders a host already holds as bytes (a Uint8Array or ArrayBuffer), named `name`. */
  loadBytes(bytes, { name = "data.csv" } = {}) {
    return this.loadFile(new File([bytes], name));
  }

  /** After every render: the URL (with the `url-state` attribute), the stored settings, and the event, when the view changed. */
  #viewChanged() {
    this.#printHeader();
    const linkFile = this.#root.querySelector('[data-field="link-file"]');
    if (linkFile) {
      linkFile.hidden = !this.linkedFile;
      linkFile.textContent = this.linkedFile ? this.#t.t("link.openAgain", { file: this.linkedFile }) : "";
    }
    const params = this.viewState().toString();
    if (params === this.#lastView) return;
    this.#lastView = params;
    if (this.hasAttribute("url-state") && !this.#link) {
      const url = new URL(location.href);
      url.search = params;
      if (url.href !== location.href) history.replaceState(null, "", url);
      storeSettings({ rfm: clean({ ...this.state?.rfmOptions, analysisDate: undefined }), currency: this.display.currency });
    }
    this.dispatchEvent(new CustomEvent("clientele-viewchange", { detail: { view: this.display.view, params } }));
  }

  // ---- Print / PDF (issue 17, point 11) ----

  /** "orders.csv · Jan 2, 2023 – Dec 31, 2024 · Analysis date Jan 1, 2025": what every printed page and PNG carries. */
  #printLine() {
    const t = this.#t;
    const { report, result, fileName } = this.state ?? {};
    if (!result) return "";
    return t.t("print.line", { file: fileName, from: t.date(report.minDate), to: t.date(report.maxDate), date: t.date(result.analysisDate) });
  }

  #printHeader() {
    let header = this.#root.querySelector(".print-header");
    if (!header) {
      header = el("div", { class: "print-header", "data-field": "print-header", "aria-hidden": "true" }, el("span"), el("span"));
      this.#ui.app.prepend(header);
    }
    header.firstChild.textContent = this.#printLine();
    header.lastChild.textContent = this.state?.result ? `Clientele · ${this.#t.t(`tab.${this.display.view}`)}` : "";
  }

  // ---- Currency (issue 17, point 9) ----

  /**
   * The currency amounts are shown in (an ISO code), or null: the one set in Settings (or the `currency`
   * attribute), else the one the file names (the load report's `currency.code`).
   */
  get currency() {
    return this.display.currency ?? this.state?.report?.currency?.code ?? null;
  }

  /** Shows amounts in `code` ("EUR"…; null or "" = the file's own). A display setting: the data is not read again. */
  setCurrency(code) {
    this.display.currency = code ? String(code).toUpperCase() : null;
    this.#retranslate();
    this.#render();
    this.dispatchEvent(new CustomEvent("clientele-currency", { detail: { currency: this.currency } }));
  }

  /** Analyses only the rows in `code` of a file with several currencies (the file is read again). */
  analyseCurrency(code) {
    return this.reload({ ...this.state.loadOptions, currency: code || undefined });
  }

  #retranslate() {
    const currency = this.currency;
    if (this.#t.currency === currency) return;
    this.#translate();
    for (const entry of this.#views.values()) entry.stale = true;
  }

  setLanguage(lang, { remember = true } = {}) {
    if (!LANGUAGES.some((l) => l.code === lang)) return;
    if (remember) rememberLanguage(lang);
    if (lang === this.display.lang) return;
    this.display.lang = lang;
    this.#translate();
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

  // Customer attributes (§14):
  /** A ProfileResult for the People view, with the RFM options of Settings. */
  profile(options) {
    return this.#session.profile(options);
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

  // Campaign evaluation (analytics.md §16).
  /** A CampaignsResult of the attached campaign file (the Campaigns view), with the analysis date and RFM options of Settings. */
  campaigns(options) {
    return this.#session.campaigns(options);
  }

  // products: the Products view's analyses at the analysis date of Settings (see Session)
  affinity(options) {
    return this.#session.affinity(options);
  }

  growthMatrix(options) {
    return this.#session.growthMatrix(options);
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

  /** Downloads customers as CSV, from the engine: `filter` is an ExportFilter ({ segment }, { tier }, { ids }…). */
  async exportCustomers(filter, label) {
    try {
      const csv = await this.#session.exportCustomers(filter, this.#t.short);
      const name = `${fileNamePart(this.state.fileName?.replace(/\.[^.]+$/, "") ?? "customers")}-${fileNamePart(label ?? filter.segment ?? filter.tier ?? filter.stage ?? "all")}.csv`;
      download(new Blob([csv], { type: "text/csv;charset=utf-8" }), name);
    } catch (error) {
      this.#session.reportError(error);
    }
  }

  // customer detail (issue 17.12)
  /** One customer's CustomerDetail (lines, scores, segment history at `options.history`) with the Settings. */
  customerDetail(id, options) {
    return this.#session.customerDetail(id, options);
  }

  /** Downloads a chart (a ChartBox) as PNG, titled. */
  async downloadChart(chart, title) {
    try {
      const blob = await chart.png(title, this.#printLine()); // print / PDF (issue 17, point 11): file and dates on the PNG
      download(blob, `${fileNamePart(title)}.png`);
    } catch (error) {
      this.#session.reportError({ code: "internal_error", message: String(error?.message ?? error), position: null, details: null });
    }
  }

  /**
   * Opens a view; `filter` pre-filters the Customers view: { segment } (a name) or { segmentCode } (an index into
   * the result's segments), { tier } or { lifecycle } (names), or { ids, flow: { from, to } } (the customers of a
   * migration flow, see the Retention view).
   */
  showView(id, filter = null) {
    if (!this.#views.has(id) || !this.shownViews.includes(id)) return;
    // drill-down (issue 17.1): every filter asked for redraws the Customers view with it, not only the first
    if (filter) {
      this.display.customerFilter = filter;
      this.#views.get("customers").stale = true;
    }
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
      this.#retranslate(); // Currency (issue 17, point 9): a new file may name another currency
    }
    if (clv) {
      for (const { id, readsClv } of VIEWS) if (readsClv) this.#views.get(id).stale = true;
    }
    if (view === "overview") this.display.customerFilter = {};
    if (view) this.display.view = view;
    this.#render();
    if (loaded === "orders") this.dispatchEvent(new CustomEvent("clientele-loaded", { detail: { fileName: this.state.fileName, rowsUsed: this.state.report.rowsUsed } }));
    if (loaded === "orders") this.#applyLink();
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
    VIEWS.forEach(({ id, create, load }, index) => {
      const tab = el("button", {
        type: "button", role: "tab", id: `tab-${id}`, "aria-controls": `panel-${id}`, "data-view": id,
        tabindex: index === 0 ? "0" : "-1",
      });
      const panel = el("section", { role: "tabpanel", id: `panel-${id}`, "aria-labelledby": `tab-${id}`, class: "panel", "data-view": id, hidden: true });
      tab.addEventListener("click", () => this.showView(id));
      tab.addEventListener("keydown", (event) => this.#tabKey(event, index));
      tabList.append(tab);
      panels.append(panel);
      const view = create ? create(this, panel) : null; // split (issue 17.13): the others when first shown
      this.#views.set(id, { tab, panel, view, load, stale: true });
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
        // Keep and share (issue 17, point 10): a link to a file the visitor opened asks for that file again.
        el("p", { class: "message info inline link-file", role: "status", "data-field": "link-file", hidden: true }),
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
    this.#applyEmbedding();
    this.#viewChanged();
    const hasData = Boolean(this.state.result);
    for (const [id, entry] of this.#views) {
      const active = id === this.display.view;
      entry.tab.setAttribute("aria-selected", String(active));
      entry.tab.tabIndex = active ? 0 : -1;
      entry.tab.textContent = this.#t.t(`tab.${id}`);
      const visible = active && (hasData || id === "mapping" && Boolean(this.state.failedLoad?.fix));
      // split (issue 17.13): a view not yet imported is imported now, and shown once it is in.
      if (visible && !entry.view) {
        this.#importView(entry);
        entry.panel.hidden = true;
        continue;
      }
      entry.panel.hidden = !visible;
      if (visible && entry.stale) {
        entry.stale = false;
        entry.view.render();
      }
    }
  }

  // split (issue 17.13)
  /** Imports a view's module (once), creates the view and renders the page again. */
  #importView(entry) {
    entry.importing ??= entry.load().then(
      (create) => {
        entry.view = create(this, entry.panel);
        entry.stale = true;
        this.#render();
      },
      (error) => {
        entry.importing = null; // the next showing tries again
        this.#session.reportError({ code: "internal_error", message: String(error?.message ?? error), position: null, details: null });
      },
    );
  }

  /** Everything outside the views: texts, buttons, status line, progress and message. */
  #renderChrome() {
    const t = this.#t;
    const ui = this.#ui;
    const { state } = this;
    this.#root.host.setAttribute("data-state", state.loading ? "loading" : state.result ? "ready" : state.message?.kind === "error" ? "error" : "empty");
    ui.app.dataset.state = this.getAttribute("data-state");
    // split (issue 17.13): the language whose strings are shown (a language's strings are imported when chosen).
    this.setAttribute("data-strings", t.loaded ? t.lang : "en");
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
      ...this.#dateWarnings(),
      ...this.#currencyLines(),
    ].filter(Boolean));
  }

  // Currency (issue 17, point 9): several currencies in one file are never summed silently: a line names them with
  // their rows and offers to analyse one; once one is chosen, a line says so and offers them all again.
  #currencyLines() {
    const t = this.#t;
    const { report } = this.state;
    const currency = report.currency;
    if (!currency) return [];
    const mixed = report.warnings.find((warning) => warning.code === "mixed_currencies");
    if (mixed) {
      return [el("div", { class: "message warning inline currency-line", role: "status", "data-field": "mixed-currencies" },
        el("p", {}, t.warningText(mixed)),
        el("div", { class: "currency-choices" }, ...currency.rows.map(({ code, rows }) =>
          el("button", { type: "button", class: "button small secondary", "data-action": "analyse-currency", "data-currency": code, on: { click: () => this.analyseCurrency(code) } },
            t.t("currency.analyseOnly", { code, rows: t.int(rows) })))))];
    }
    if (currency.chosen && currency.rows.length > 1) {
      const others = currency.rows.filter((row) => row.code !== currency.code).reduce((sum, row) => sum + row.rows, 0);
      return [el("p", { class: "message info inline currency-line", role: "status", "data-field": "currency-chosen" },
        t.t("currency.only", { code: currency.code, others: t.int(others) }), " ",
        el("button", { type: "button", class: "link-button", "data-action": "analyse-currency", "data-currency": "", on: { click: () => this.analyseCurrency(null) } }, t.t("currency.all")))];
    }
    return [];
  }

  // Far-future or past analysis date (issue 17, point 7): the module's warnings about the date, under the status
  // line of every view, with a way to the setting.
  #dateWarnings() {
    const t = this.#t;
    const codes = ["all_lapsed", "most_rows_excluded"];
    return (this.state.result?.warnings ?? []).filter((warning) => codes.includes(warning.code)).map((warning) =>
      el("p", { class: "message warning inline date-warning", role: "status", "data-field": "date-warning", "data-code": warning.code },
        t.warningText(warning), " ",
        el("button", { type: "button", class: "link-button", "data-action": "date-settings", on: { click: () => this.showView("settings") } }, t.t("status.dateWarning.settings"))));
  }

  #renderProgress() {
    const t = this.#t;
    const { loading, upgrading } = this.state;
    const { progress, progressBar, progressText, cancelButton } = this.#ui;
    progress.hidden = !loading && !upgrading;
    if (!loading && upgrading) return this.#renderUpgrade(upgrading);
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

  // split (issue 17.13): an analysis or a file needed the full engine, which reads the file again.
  #renderUpgrade({ bytesDone, bytesTotal, fileName }) {
    const t = this.#t;
    const { progressBar, progressText, cancelButton } = this.#ui;
    cancelButton.hidden = true;
    const fraction = bytesTotal ? Math.min(1, bytesDone / bytesTotal) : null;
    progressText.textContent = t.t("progress.upgrade", { file: fileName ?? "", done: t.bytes(bytesDone), percent: fraction === null ? "…" : t.percent(fraction, 0) });
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
  // platforms2 (issue 12): an XML order export.
  const how = report.format === "xlsx"
    ? t.t("message.detected.xlsx", { sheet: report.sheet ?? "–" })
    : report.format === "xml" ? t.t("message.detected.xml")
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
