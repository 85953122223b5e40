// The dashboard's data and the order of its requests (load, apply settings, join a file, retry), without any DOM:
// dashboard.js draws `state` and calls the methods; tests/www/session.test.mjs drives it with a scripted engine.

/**
 * Errors that reading the same file differently may fix, and which part of the mapping form helps: "columns"
 * (choose which column is which) or "settings" (encoding, delimiter, date order). A page decision, not a fact of
 * the module: the i18n test checks that each code is one of the module's (catalog().errors).
 */
export const MAPPING_FIXES = Object.freeze({
  missing_role: "columns",
  unknown_column: "columns",
  no_customers: "settings",
  not_text: "settings",
  // platforms (issue 12): a chosen column that left no row (a date column of names…).
  unusable_column: "columns",
});

/** The kinds of file joined to the orders, each kept with its last join (see `state.files`). */
export const ATTACHED_KINDS = Object.freeze(["customers", "campaigns"]);

/** Options whose value is `undefined` are left out, so the engine sees only what was set. */
export function clean(options) {
  return Object.fromEntries(Object.entries(options ?? {}).filter(([, value]) => value !== undefined));
}

/** A count in a join report, which is a number, a list, or `{ count, examples }`. */
export function countOf(value) {
  if (typeof value === "number") return value;
  if (Array.isArray(value)) return value.length;
  return value?.count ?? 0;
}

/**
 * One dashboard's session with the engine. `client` is an AnalysisClient (or anything with its `ready()`,
 * `load(kind, source, options, onProgress) → { id, promise }`, `analyze(name, options)` and `cancel(id)`).
 * Every change of `state` is announced to the listeners as `{ data, view, loaded, failed, progress }` (and `clv`):
 * `progress` when only the bytes read of the running load changed, `data` when the results changed (views must be
 * drawn again), `clv` when only the answer of clv() changed (the views that show it must be drawn again), `view`
 * when a view should be opened ("overview" after a new file, "mapping" when a file could not be read but the mapping
 * form may fix it), `loaded` the kind of file that was just read, `failed` the error code of a file that could not
 * be read.
 */
export class Session {
  /** Everything the views read. Only the methods below change it. */
  state = {
    catalog: null, // the module's catalog(): defaults, presets, codes, roles (null until the engine runs)
    analyses: [], // the analyses this build of the engine can run
    source: null, // what the shown orders were loaded from: { file } | { url } | { stream, name, size }
    fileName: null,
    isSample: false,
    loadOptions: {}, // LoadOptions the user chose (encoding, delimiter, dateOrder, sheet, roles)
    report: null, // LoadReport of the shown orders
    rfmOptions: {}, // RfmOptions the user chose in Settings
    result: null, // RfmResult
    // The Value view's model options (ClvModelOptions without analysisDate and rfm, which come from Settings); null
    // until the user first opens it, so that no view asks for clv() before then.
    clvOptions: null,
    // The last clv() asked for: { rfmResult, key, options, result, error }; it belongs to the shown data only while
    // `rfmResult` is `result` (see `clvEntry()`).
    clv: null,
    // Per attached kind: `joined` { source, fileName, loadOptions, report } is what the engine holds now (the
    // report is the module's join report); `failed` { source, fileName, loadOptions, error, fix } the last attempt
    // that failed (the engine then keeps the previous join).
    files: Object.fromEntries(ATTACHED_KINDS.map((kind) => [kind, { joined: null, failed: null }])),
    failedLoad: null, // { source, fileName, loadOptions, error, fix } of the last orders load that failed
    loading: null, // { kind, fileName, bytesDone, bytesTotal, phase: "reading" | "scoring" }
    // split (issue 17.13): { fileName, bytesDone, bytesTotal } while the engine reads the file again into its full
    // module (an analysis or a file needed it), else null
    upgrading: null,
    // What the message area says: { kind: "error", error, fileName, fileKind, action } | { kind: "info", key, params }
    // | { kind: "info", field: "detected" | "joined", fileName, fileKind, report, action }; an action is
    // { label, view } (open that view) or { label, run: "reload" } (load the orders again).
    message: null,
    hasDataset: false, // the engine holds the shown data (false after a crash)
  };

  #client;
  #listeners = new Set();
  #loadSeq = 0; // only the most recent orders load may update the state
  #applySeq = 0; // only the most recent settings change may update the state
  #joinSeq = Object.fromEntries(ATTACHED_KINDS.map((kind) => [kind, 0])); // likewise per attached kind
  #ordersLoad = null; // the running orders load (a promise), which settings changes wait for
  #ordersInFlight = null; // hostile input (issue 18): { source, fileName, loadOptions } of the orders load running
  #loadingRequest = null; // the engine's id of the load whose progress is shown, for cancel
  #loadingToken = null; // which request `state.loading` belongs to
  #clvSeq = 0; // only the most recent clv() may update the state
  #clvRunning = null; // { seq, rfmResult, key, promise } of the clv() on its way

  constructor(client) {
    this.#client = client;
  }

  /** Calls `listener({ data, view })` after every change; returns a function that stops it. */
  subscribe(listener) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Waits for the engine and takes its catalog; resolves to true, or false when the engine cannot start. */
  async start() {
    try {
      const { catalog, analyses } = await this.#client.ready();
      Object.assign(this.state, { catalog, analyses });
      this.#emit({ data: true });
      return true;
    } catch {
      return false; // the client reports why through its onFatal (see engineFailed)
    }
  }

  /** Whether the engine can run the analysis `name` (e.g. "compare"). */
  canRun(name) {
    return this.state.analyses.includes(name);
  }

  // ---- the orders ----

  /**
   * Loads the orders from `source`: the new file's report, then rfm() with the current settings (a new file starts
   * from its own analysis date; settings that no longer apply are dropped, and the message says so). Resolves to
   * true when the shown data is now this file's. `keepSettings`: the same file read again (a reload): the analysis
   * date, the view and the attached files stay (the files are joined again, since the engine's new dataset has
   * none).
   */
  load(source, fileName, loadOptions = {}, { isSample = false, keepSettings = false, companions = [] } = {}) {
    const running = this.#loadOrders(source, fileName, loadOptions, { isSample, keepSettings, companions });
    this.#ordersLoad = running;
    running.finally(() => {
      if (this.#ordersLoad === running) this.#ordersLoad = null;
    });
    return running;
  }

  /** Loads the same orders again with other LoadOptions (the mapping form, or "load again" after a crash). */
  reload(loadOptions) {
    const failed = this.state.failedLoad;
    const source = failed?.source ?? this.state.source;
    if (!source) return Promise.resolve(false);
    const fileName = failed?.fileName ?? this.state.fileName;
    if (source.stream) {
      this.#showError({ code: "stream_consumed", message: "A stream can be read only once.", position: null, details: null }, fileName);
      return Promise.resolve(false);
    }
    const isSample = failed ? false : this.state.isSample;
    return this.load(source, fileName, clean(loadOptions), { isSample, keepSettings: !failed });
  }

  async #loadOrders(source, fileName, loadOptions, { isSample, keepSettings, companions = [] }) {
    const seq = ++this.#loadSeq;
    this.#ordersInFlight = { source, fileName, loadOptions }; // hostile input (issue 18): what a crash interrupts
    const { id, promise, token } = this.#startLoading("orders", source, fileName, loadOptions, () => seq === this.#loadSeq);
    try {
      const report = await promise;
      if (seq !== this.#loadSeq) return false;
      if (this.#loadingToken === token) this.state.loading.phase = "scoring";
      if (this.#loadingRequest === id) this.#loadingRequest = null; // too late to cancel
      this.#emit({});
      // A new file starts from the file's own analysis date; other settings carry over when they still apply.
      let rfmOptions = keepSettings ? this.state.rfmOptions : clean({ ...this.state.rfmOptions, analysisDate: undefined });
      let result;
      let settingsDropped = false;
      try {
        result = await this.#client.analyze("rfm", rfmOptions);
      } catch (error) {
        if (Object.keys(rfmOptions).length === 0 || error?.code === "no_customers" && !rfmOptions.analysisDate) throw error;
        rfmOptions = {};
        settingsDropped = true;
        result = await this.#client.analyze("rfm", rfmOptions);
      }
      if (seq !== this.#loadSeq) return false;
      // Customer attributes (People view): files that come with these orders (the bundled sample's customers file,
      // `companions` [{ kind, source, fileName }]) are joined before the data is shown, without a message; one that
      // cannot be read is left out (the orders are shown without it).
      const companionJoins = [];
      for (const companion of keepSettings ? [] : companions) {
        try {
          const companionReport = await this.#client.load(companion.kind, companion.source, {}).promise;
          companionJoins.push([companion.kind, { source: companion.source, fileName: companion.fileName, loadOptions: {}, report: companionReport }]);
        } catch {
          // optional: shown without it
        }
        if (seq !== this.#loadSeq) return false;
      }
      // The engine's new dataset has no joined file: a reload joins the same files again, a new file starts without.
      const rejoin = keepSettings ? ATTACHED_KINDS.map((kind) => [kind, this.state.files[kind].joined]).filter(([, joined]) => joined) : [];
      const detected = { kind: "info", field: "detected", fileName, report, action: { label: "status.checkMapping", view: "mapping" } };
      Object.assign(this.state, {
        source, fileName, isSample, loadOptions, report, rfmOptions, result,
        // A holdout date belongs to the file it was chosen for; the other model options carry over.
        clvOptions: keepSettings || !this.state.clvOptions ? this.state.clvOptions : clean({ ...this.state.clvOptions, holdout: undefined }),
        files: Object.fromEntries(ATTACHED_KINDS.map((kind) => [kind, { joined: companionJoins.find(([k]) => k === kind)?.[1] ?? null, failed: null }])),
        failedLoad: null, hasDataset: true,
        message: settingsDropped ? { kind: "info", key: "message.settingsReset" } : isSample ? null : detected,
      });
      this.#stopLoading(token);
      // platforms (issue 12): a column taken on weak evidence opens the mapping check before the numbers.
      const unsure = report?.warnings?.some((warning) => warning.code === "low_confidence_mapping");
      this.#emit({ data: true, view: keepSettings ? null : unsure ? "mapping" : "overview", loaded: "orders" });
      // Files joined before are joined again without a message: nothing new to say, and a message shown (the crash's)
      // stays.
      for (const [kind, joined] of rejoin) this.attach(kind, joined.source, joined.fileName, joined.loadOptions, { quiet: true });
      return true;
    } catch (error) {
      if (seq !== this.#loadSeq) return false;
      this.#stopLoading(token);
      if (error?.code === "cancelled") {
        this.#cancelled(error, this.state.fileName);
        return false;
      }
      if (error?.code === "engine_crashed") {
        // engineFailed() has said so; "load again" reads the file that was loading.
        this.state.failedLoad = { source, fileName, loadOptions, error, fix: null };
        this.#showError(error, null, { label: "message.loadAgain", run: "reload" });
        this.#emit({});
        return false;
      }
      const fix = MAPPING_FIXES[error?.code] ?? null;
      this.state.failedLoad = { source, fileName, loadOptions, error, fix };
      this.#showError(error, fileName, fix ? { label: fix === "columns" ? "message.chooseColumns" : "message.chooseSettings", view: "mapping" } : null);
      this.#emit({ data: true, view: fix && !this.state.result ? "mapping" : null, failed: error?.code ?? "internal_error" });
      return false;
    } finally {
      if (this.#loadingRequest === id) this.#loadingRequest = null;
      if (seq === this.#loadSeq) this.#ordersInFlight = null;
    }
  }

  // ---- attached files ----

  /**
   * Joins a customers or campaign file (`kind`) to the loaded orders; resolves to true when the engine holds it.
   * On failure the previous join of that kind stays, and `state.files[kind].failed` says why. `quiet`: no message
   * when it is joined.
   */
  async attach(kind, source, fileName, loadOptions = {}, { quiet = false } = {}) {
    if (!ATTACHED_KINDS.includes(kind)) throw new RangeError(`Not a kind of attached file: ${kind}`);
    const seq = ++this.#joinSeq[kind];
    const loadSeq = this.#loadSeq;
    const current = () => seq === this.#joinSeq[kind] && loadSeq === this.#loadSeq;
    const { id, promise, token } = this.#startLoading(kind, source, fileName, loadOptions, current);
    try {
      const report = await promise;
      if (!current()) return false;
      this.state.files[kind] = { joined: { source, fileName, loadOptions, report }, failed: null };
      // `quiet`: a file the page joins by itself (the sample's) is not announced, as the sample's orders are not.
      if (!quiet) this.state.message = { kind: "info", field: "joined", fileKind: kind, fileName, report, action: { label: "status.checkMapping", view: "mapping" } };
      this.#stopLoading(token);
      this.#emit({ data: true, loaded: kind });
      return true;
    } catch (error) {
      if (!current()) return false;
      this.#stopLoading(token);
      if (error?.code === "cancelled") {
        this.#cancelled(error, null);
        return false;
      }
      if (error?.code === "engine_crashed") return false; // the dataset is gone with it: engineFailed() has said so
      const fix = MAPPING_FIXES[error?.code] ?? null;
      this.state.files[kind] = { ...this.state.files[kind], failed: { source, fileName, loadOptions, error, fix } };
      this.#showError(error, fileName, { label: fix === "columns" ? "message.chooseColumns" : "status.checkMapping", view: "mapping" }, kind);
      this.#emit({ data: true, failed: error?.code ?? "internal_error" });
      return false;
    } finally {
      if (this.#loadingRequest === id) this.#loadingRequest = null;
    }
  }

  /** Reads the attached file of `kind` (the failed one, else the joined one) again with other LoadOptions. */
  reattach(kind, loadOptions) {
    const entry = this.state.files[kind]?.failed ?? this.state.files[kind]?.joined;
    if (!entry) return Promise.resolve(false);
    return this.attach(kind, entry.source, entry.fileName, clean(loadOptions));
  }

  // ---- analyses ----

  /**
   * Runs rfm() with new options after any running orders load. Resolves to the result (now shown), or null when a
   * later load or settings change took its place; rejects with the engine's error (the shown result stays).
   */
  async applyRfmOptions(options) {
    const seq = ++this.#applySeq;
    if (this.#ordersLoad) await this.#ordersLoad;
    const loadSeq = this.#loadSeq;
    const rfmOptions = clean(options);
    const result = await this.#client.analyze("rfm", rfmOptions);
    if (seq !== this.#applySeq || loadSeq !== this.#loadSeq) return null;
    Object.assign(this.state, { rfmOptions, result });
    this.#emit({ data: true });
    return result;
  }

  /** CompareOptions: `options` plus the analysis date and RFM options of Settings (behind the computed dimensions). */
  compareOptions(options) {
    const { analysisDate, ...rfm } = this.state.rfmOptions;
    return clean({ ...options, analysisDate, rfm });
  }

  /** A CompareResult of the loaded data with the current settings. */
  // Customer attributes (analytics.md §14): the People view's profile, with the RFM options of Settings.
  /** profile() with `options` ({ attribute, rows, suppressBelow, customers, … }) and the current RFM options. */
  profile(options) {
    return this.#client.analyze("profile", clean({ ...options, rfm: this.state.rfmOptions }));
  }

  compare(options) {
    return this.#client.analyze("compare", this.compareOptions(options));
  }

  /**
   * CSV text (with BOM) of the customers chosen by `filter` (ExportFilter: { segment, segmentCode, tier, stage, ids,
   * columns, delimiter }), in `lang`; with
   * the columns p_alive, expected_purchases and clv when the Value view's clv() has run for the shown data (same
   * model options, without the holdout check, which does not change them).
   */
  exportCustomers(filter, lang) {
    const clv = this.clvEntry()?.result ? clean({ ...this.state.clv.options, holdout: undefined }) : undefined;
    return this.#client.analyze("exportCustomers", { rfm: this.state.rfmOptions, filter: clean({ ...clean(filter), lang, format: "csv", clv }) });
  }

  // customer detail (issue 17.12)
  /** A CustomerDetail of customer `id` scored with the RFM options of Settings; `options`: { history, limit }. */
  customerDetail(id, options = {}) {
    return this.#client.analyze("customerDetail", { id, options: clean({ ...options, rfm: this.state.rfmOptions }) });
  }

  // ds.sql (issue 19): the RFM query for a warehouse, with the settings shown (`options`: { dialect, table }).
  /** `{ dialect, sql }` of the loaded data's columns and the current RFM options. */
  sql(options) {
    return this.#client.analyze("sql", clean({ ...this.state.rfmOptions, ...options }));
  }

  /** A TrendResult of the loaded data (`options`: TrendOptions) at the analysis date of Settings. */
  trend(options) {
    return this.#client.analyze("trend", clean({ ...options, analysisDate: this.state.rfmOptions.analysisDate }));
  }

  /** A CohortResult (`options`: CohortOptions) at the analysis date of Settings, lapsing with its lifecycle's atRiskDays. */
  cohorts(options) {
    const { analysisDate, lifecycle } = this.state.rfmOptions;
    const atRiskDays = lifecycle?.atRiskDays;
    return this.#client.analyze("cohorts", clean({ lifecycle: atRiskDays === undefined ? undefined : { atRiskDays }, ...options, analysisDate }));
  }

  /** A MigrationResult (`options`: MigrationOptions) scored with the RFM options of Settings (its date bounds `to`). */
  migration(options) {
    return this.#client.analyze("migration", clean({ ...options, rfm: this.state.rfmOptions }));
  }

  // Campaign evaluation (analytics.md §16).
  /**
   * A CampaignsResult of the joined campaign file (`options`: CampaignOptions) at the analysis date of Settings, its
   * per-class rows scored with the RFM options of Settings (at each campaign's first contact: the module's rule).
   */
  campaigns(options) {
    const { analysisDate, ...rfm } = this.state.rfmOptions;
    return this.#client.analyze("campaigns", clean({ ...options, analysisDate, rfm }));
  }

  // products: affinity() and growthMatrix() (§15, §17)
  /** An AffinityResult (`options`: AffinityOptions) at the analysis date of Settings, next products summed by the
   * segments of its RFM options. */
  affinity(options) {
    const { analysisDate, ...rfm } = this.state.rfmOptions;
    return this.#client.analyze("affinity", clean({ ...options, analysisDate, recommend: clean({ rfm, ...options?.recommend }) }));
  }

  /** A GrowthResult (`options`: GrowthOptions) at the analysis date of Settings. */
  growthMatrix(options) {
    return this.#client.analyze("growthMatrix", clean({ ...options, analysisDate: this.state.rfmOptions.analysisDate }));
  }

  /** ClvOptions: the model `options` plus the analysis date and RFM options of Settings (whose segments it sums by). */
  clvRequest(options) {
    const { analysisDate, ...rfm } = this.state.rfmOptions;
    return clean({ ...options, analysisDate, rfm });
  }

  /** The last clv() entry `{ options, result, error }` if it belongs to the shown data, else null. */
  clvEntry() {
    const entry = this.state.clv;
    return entry && entry.rfmResult === this.state.result && this.state.result ? entry : null;
  }

  /**
   * Runs clv() for the shown data with the model `options` (default: the last ones chosen, else the module's
   * defaults) after any running orders load, unless the same request has an answer or is on its way. The answer,
   * a result or the engine's error, becomes `state.clv` (announced as `clv`); resolves to that entry, or null
   * when newer data or options took its place.
   */
  async runClv(options = this.state.clvOptions ?? {}) {
    if (this.#ordersLoad) await this.#ordersLoad;
    const model = clean(options);
    const key = JSON.stringify(model);
    const rfmResult = this.state.result;
    if (!rfmResult) return null;
    this.state.clvOptions = model;
    const shown = this.clvEntry();
    if (shown && shown.key === key) return shown;
    if (this.#clvRunning?.rfmResult === rfmResult && this.#clvRunning.key === key) return this.#clvRunning.promise;
    const seq = ++this.#clvSeq;
    const promise = this.#client.analyze("clv", this.clvRequest(model)).then(
      (result) => ({ result, error: null }),
      (error) => ({ result: null, error }),
    ).then((answer) => {
      if (this.#clvRunning?.seq === seq) this.#clvRunning = null; // before the views are drawn with the answer
      if (seq !== this.#clvSeq || rfmResult !== this.state.result) return null;
      this.state.clv = { rfmResult, key, options: model, ...answer };
      this.#emit({ clv: true });
      return this.state.clv;
    });
    this.#clvRunning = { seq, rfmResult, key, promise };
    return promise;
  }

  /** Whether a clv() is on its way. */
  get clvRunning() {
    return this.#clvRunning !== null;
  }

  // ---- loading, cancel, failures ----

  /** Stops the load whose progress is shown, between two slices; the data shown before stays. */
  cancelLoad() {
    if (this.#loadingRequest !== null) this.#client.cancel(this.#loadingRequest);
  }

  /** The engine crashed (it restarts without data) or cannot start: `error.code` engine_crashed or engine_unavailable. */
  engineFailed(error) {
    this.#loadingToken = null;
    this.#loadingRequest = null;
    this.state.loading = null;
    this.state.hasDataset = false;
    const source = this.state.failedLoad?.source ?? this.state.source;
    const action = error.code === "engine_crashed" && source ? { label: "message.loadAgain", run: "reload" } : null;
    this.#showError(error, null, action);
    this.#emit({});
    // hostile input (issue 18): the restarted engine reads the data shown before again (not a stream: it was read
    // once), so the page goes on with it; the message stays, and "load again" retries the file that was loading.
    const previous = this.state;
    if (error.code !== "engine_crashed" || !previous.source || previous.source.stream || !previous.report) return;
    const failing = this.#ordersInFlight && this.#ordersInFlight.source !== previous.source ? this.#ordersInFlight : null;
    this.load(previous.source, previous.fileName, previous.loadOptions, { isSample: previous.isSample, keepSettings: true }).then((restored) => {
      if (!restored) return;
      this.state.failedLoad = failing ? { ...failing, error, fix: null } : null;
      this.#showError(error, null, action);
      this.#emit({});
    });
  }

  // split (issue 17.13)
  /** The engine reads the loaded files again into its full module: `{ bytesDone, bytesTotal }`, null when done. */
  upgradeProgress(progress) {
    this.state.upgrading = progress ? { fileName: this.state.fileName, bytesDone: progress.bytesDone, bytesTotal: progress.bytesTotal } : null;
    this.#emit({ progress: true });
  }

  /** Shows an error of the page (an export or a chart download that failed) in the message area. */
  reportError(error) {
    this.#showError(error, null);
    this.#emit({});
  }

  dismissMessage() {
    this.state.message = null;
    this.#emit({});
  }

  /** Sends a LOAD and shows its progress; progress of a request that is no longer `current()` is ignored. */
  #startLoading(kind, source, fileName, loadOptions, current) {
    const token = {};
    this.#loadingToken = token;
    this.state.loading = { kind, fileName, bytesDone: 0, bytesTotal: null, phase: "reading" };
    this.state.message = null;
    const { id, promise } = this.#client.load(kind, source, loadOptions, ({ bytesDone, bytesTotal }) => {
      if (!current() || this.#loadingToken !== token) return;
      Object.assign(this.state.loading, { bytesDone, bytesTotal });
      this.#emit({ progress: true });
    });
    this.#loadingRequest = id;
    this.#emit({});
    return { id, promise, token };
  }

  #stopLoading(token) {
    if (this.#loadingToken !== token) return;
    this.#loadingToken = null;
    this.state.loading = null;
  }

  /** A load was cancelled; `shownFile` is the orders file still shown when the cancelled one was to replace it. */
  #cancelled(error, shownFile) {
    if (error.details?.dataLost) this.state.hasDataset = false;
    const kept = shownFile && this.state.result && !error.details?.dataLost;
    this.state.message = kept
      ? { kind: "info", key: "message.cancelledKept", params: { file: shownFile } }
      : { kind: "info", key: "message.cancelled" };
    this.#emit({});
  }

  /** `fileKind`: set when the file that failed is an attached one (customers, campaigns). */
  #showError(error, fileName, action = null, fileKind = null) {
    this.state.message = { kind: "error", error, fileName, fileKind, action };
  }

  #emit(change) {
    const full = { data: false, view: null, loaded: null, failed: null, progress: false, ...change };
    for (const listener of this.#listeners) listener(full);
  }
}
