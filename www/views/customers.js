// Customers view: every scored customer in a searchable, sortable, virtualised table (only visible rows are in the DOM),
// with P(alive), expected purchases and CLV once the Value view's clv() has run for the shown data. The download holds
// exactly the rows shown (filters, a migration flow's customers and the search), with optional columns of the file,
// `,` or `;`, in the page's language; clicking a customer opens their detail (lines, scores, segment history).
import { el, field, select } from "../dom.js";
import { alignClvColumns } from "./value.js";

/** Options whose value is `undefined` are left out. */
const clean = (object) => Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));

/** `;` where the browser's locale writes a decimal comma (Excel there splits CSV files on `;`), else `,`. */
export function defaultDelimiter(locale = globalThis.navigator?.language) {
  try {
    return new Intl.NumberFormat(locale).format(1.5).includes(",") ? ";" : ",";
  } catch {
    return ",";
  }
}

/**
 * The analysis dates of a customer's segment history: the first day of each of the last `months` months before
 * `iso` (each state is "at the end of the month before"), oldest first, then `iso` itself (now).
 */
export function historyDates(iso, months = 6) {
  const [year, month, day] = iso.split("-").map(Number);
  const last = day === 1 ? month - 2 : month - 1; // the latest month start before the date (0-based month)
  const dates = [];
  for (let k = months - 1; k >= 0; k -= 1) dates.push(new Date(Date.UTC(year, last - k, 1)).toISOString().slice(0, 10));
  dates.push(iso);
  return dates;
}

const ROW_HEIGHT = 36; // px; must match .customer-table td height in dashboard.css
const OVERSCAN = 8;

export function createCustomers(app, panel) {
  let columnsOf = null; // the result the derived columns below belong to
  let derived = null; // { lowerIds, segment, tier, lifecycle }: the module's code columns
  let clvOf = null; // the ClvResult the aligned columns below belong to
  let clvColumns = null; // { pAlive, expectedPurchases, clv, missing } aligned with the RFM customers, or null
  let order = new Uint32Array(0); // indexes of the customers shown, in display order
  let query = "";
  let filter = {};
  let sort = { key: "monetary", dir: "desc" };
  let scroller = null;
  let body = null;
  let countLine = null;
  let exportButton = null;
  let searchTimer = 0;
  let frame = 0;
  let appliedFilter = null; // the app.display.customerFilter object last applied (a new one is a new drill-down)
  let exportChoice = null; // { delimiter, columns } of the download, kept while the page is open
  let detail = null; // { id, result, error } of the customer opened, or null
  let detailSeq = 0;
  let detailBox = null;
  let exportOptionsOpen = false;

  function columns() {
    const t = app.t;
    const c = app.state.result.customers;
    const labelOf = (list, key) => {
      const labels = list.map((item) => t.label(item));
      return (i) => labels[c[key][i]];
    };
    const { segments, tiers, lifecycle } = app.state.result;
    const monetaryMean = app.state.rfmOptions.monetary === "mean";
    return [
      { key: "id", label: t.t("col.customer"), width: 130, text: (i) => c.id[i], cls: "id" },
      { key: "segment", label: t.t("col.segment"), width: 160, text: labelOf(segments, "segmentCode") },
      { key: "tier", label: t.t("col.tier"), width: 96, text: labelOf(tiers, "tierCode") },
      { key: "lifecycle", label: t.t("col.lifecycle"), width: 104, text: labelOf(lifecycle, "lifecycleCode") },
      { key: "r", label: "R", width: 40, num: true, text: (i) => String(c.r[i]), title: t.t("col.r") },
      { key: "f", label: "F", width: 40, num: true, text: (i) => String(c.f[i]), title: t.t("col.f") },
      { key: "m", label: "M", width: 40, num: true, text: (i) => String(c.m[i]), title: t.t("col.m") },
      { key: "score", label: t.t("col.score"), width: 60, num: true, text: (i) => String(c.score[i]), title: t.t("col.scoreHint") },
      { key: "recencyDays", label: t.t("col.recencyDays"), width: 110, num: true, text: (i) => t.int(c.recencyDays[i]) },
      { key: "frequency", label: t.t("col.orders"), width: 76, num: true, text: (i) => t.int(c.frequency[i]) },
      { key: "monetary", label: monetaryMean ? t.t("col.monetaryMean") : t.t("col.monetary"), width: 120, num: true, text: (i) => t.money(c.monetary[i]) },
      { key: "tenureDays", label: t.t("col.tenureDays"), width: 110, num: true, text: (i) => t.int(c.tenureDays[i]) },
      ...valueColumns(),
      ...productColumns(),
    ];
  }

  // products: each customer's next product (analytics.md §15.4), when the Products view's affinity() ran for the
  // shown data (it leaves { forResult, id, nextItem } in app.display.nextItems).
  let nextAligned = null; // { source, values }: next products aligned with the RFM customers
  function productColumns() {
    const next = app.display.nextItems;
    if (!next || next.forResult !== app.state.result) return [];
    if (nextAligned?.source !== next) {
      const byId = new Map(next.id.map((id, k) => [id, next.nextItem[k]]));
      nextAligned = { source: next, values: app.state.result.customers.id.map((id) => byId.get(id) ?? null) };
    }
    const values = nextAligned.values;
    return [{ key: "nextItem", label: app.t.t("customers.col.nextItem"), width: 150, text: (i) => values[i] ?? "–" }];
  }

  /** The Value view's columns, when its clv() has run for the shown data. */
  function valueColumns() {
    if (!clvColumns) return [];
    const t = app.t;
    const { result, options } = app.clv;
    const shown = (format) => (values) => (i) => (Number.isNaN(values[i]) ? "–" : format(values[i]));
    const months = options.clv?.months ?? app.catalog.defaults.clv.clv.months;
    const unit = t.t(`value.unit.${result.timeUnit}`, { count: result.horizon });
    return [
      { key: "pAlive", label: t.t("value.col.pAlive"), width: 96, num: true, text: shown((v) => t.percent(v))(clvColumns.pAlive), title: t.t("value.col.pAlive.hint") },
      { key: "expectedPurchases", label: t.t("value.col.expectedPurchases", { horizon: t.int(result.horizon), unit }), width: 130, num: true, text: shown((v) => t.decimal(v, 2))(clvColumns.expectedPurchases) },
      ...(clvColumns.clv ? [{ key: "clv", label: t.t("value.col.clvMonths", { months: t.int(months) }), width: 130, num: true, text: shown((v) => t.money(v))(clvColumns.clv) }] : []),
    ];
  }

  /** Per-result helpers: lower-case ids for search; the code columns sort segments, tiers and stages in map order. */
  function derive() {
    const { result } = app.state;
    if (columnsOf === result) return;
    columnsOf = result;
    const c = result.customers;
    derived = {
      lowerIds: c.id.map((id) => id.toLowerCase()),
      segment: c.segmentCode,
      tier: c.tierCode,
      lifecycle: c.lifecycleCode,
    };
    query = "";
  }

  /** The CLV columns aligned with the RFM customers, when the Value view's clv() has a result for the shown data. */
  function deriveClv() {
    const result = app.clv?.result ?? null;
    if (clvOf === result && (result === null || clvColumns?.forResult === app.state.result)) return;
    clvOf = result;
    clvColumns = result ? { ...alignClvColumns(app.state.result.customers.id, result.customers), forResult: app.state.result } : null;
    panel.dataset.clvMissing = String(clvColumns?.missing ?? "");
    if (!clvColumns && ["pAlive", "expectedPurchases", "clv"].includes(sort.key)) sort = { key: "monetary", dir: "desc" };
  }

  function render() {
    derive();
    // The Value view was used: keep its columns for the shown data (asks clv() again after a change of Settings).
    if (app.state.clvOptions !== null && !app.clv && app.canRun("clv")) app.runClv();
    deriveClv();
    if (appliedFilter !== app.display.customerFilter) {
      // A drill-down (or the first render): its filter alone, without the search of the previous list.
      appliedFilter = app.display.customerFilter;
      query = "";
    }
    filter = { ...app.display.customerFilter };
    exportChoice ??= { delimiter: defaultDelimiter(), columns: [] };
    const t = app.t;
    const { result } = app.state;
    const search = el("input", { type: "search", "data-control": "search", autocomplete: "off", spellcheck: "false", placeholder: t.t("customers.search.placeholder"), value: query });
    // Enter in the search opens the customer whose id it is, or the only one shown.
    search.addEventListener("keydown", (event) => {
      if (event.key !== "Enter") return;
      const wanted = search.value.trim().toLowerCase();
      const ids = app.state.result.customers.id;
      const exact = Array.from(order).find((i) => ids[i].toLowerCase() === wanted);
      const only = order.length === 1 ? order[0] : undefined;
      if (exact !== undefined || only !== undefined) openDetail(ids[exact ?? only]);
    });
    search.addEventListener("input", () => {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(() => { query = search.value.trim().toLowerCase(); refresh(); }, 120);
    });
    // Options are the classes' codes (indexes), so that a rule named like the remainder segment is its own choice.
    const wanted = wantedCodes();
    const filterSelect = (key, list) => {
      const options = list.map((item, code) => ({ value: String(code), label: t.label(item), shown: item.customers > 0 })).filter((option) => option.shown);
      const control = select({ "data-control": `filter-${key}` },
        [{ value: "", label: t.t("customers.filter.all") }, ...options],
        wanted[key] >= 0 ? String(wanted[key]) : "");
      control.addEventListener("change", () => {
        const code = control.value === "" ? undefined : Number(control.value);
        const changed = key === "segment" ? { segment: undefined, segmentCode: code }
          : { [key]: code === undefined ? undefined : list[code].name ?? list[code].stage };
        filter = { ...filter, ...changed };
        app.display.customerFilter = filter;
        appliedFilter = filter; // the user's own choice: not a drill-down, the search stays
        refresh();
      });
      return control;
    };
    exportButton = el("button", { type: "button", class: "button secondary", "data-action": "export-filtered", on: { click: exportFiltered } });
    countLine = el("p", { class: "count-line", "aria-live": "polite", "data-field": "customer-count" });
    const cols = columns();
    const head = el("tr", { "aria-rowindex": "1" }, ...cols.map((column) => {
      const active = sort.key === column.key;
      const th = el("th", { scope: "col", class: column.num ? "num" : "", "aria-sort": active ? (sort.dir === "asc" ? "ascending" : "descending") : "none" },
        el("button", { type: "button", class: "sort-button", "data-sort": column.key, title: column.title ?? null,
          on: { click: () => {
            sort = { key: column.key, dir: active && sort.dir === "desc" ? "asc" : active ? "desc" : column.num ? "desc" : "asc" };
            render();
            panel.querySelector(`[data-sort="${column.key}"]`)?.focus();
          } } },
        column.label, el("span", { class: "sort-mark", "aria-hidden": "true" }, active ? (sort.dir === "asc" ? "▲" : "▼") : "")));
      th.style.width = `${column.width}px`;
      return th;
    }));
    body = el("tbody", {});
    const tableElement = el("table", { class: "data-table customer-table", "data-table": "customers" },
      el("caption", { class: "visually-hidden" }, t.t("customers.title")), el("thead", {}, head), body);
    tableElement.style.minWidth = `${cols.reduce((sum, column) => sum + column.width, 0)}px`;
    scroller = el("div", { class: "virtual-scroll", tabindex: "0", role: "region", "aria-label": t.t("customers.table") }, tableElement);
    scroller.addEventListener("scroll", () => {
      if (!frame) frame = requestAnimationFrame(() => { frame = 0; paint(); });
    });
    body.addEventListener("click", (event) => {
      const button = event.target.closest?.("[data-open-customer]");
      if (button) openDetail(button.dataset.openCustomer);
    });
    const lifecycleDays = { ...app.catalog.defaults.rfm.lifecycle, ...app.state.rfmOptions.lifecycle };
    detailBox = el("div", { class: "customer-detail-box", "data-field": "customer-detail-box" });
    panel.replaceChildren(
      el("h2", { class: "visually-hidden" }, t.t("tab.customers")),
      detailBox,
      el("section", { class: "card customers-card" },
        el("div", { class: "card-head" },
          el("div", {}, el("h3", {}, t.t("customers.title")), el("p", { class: "card-caption" }, t.t("customers.caption", { count: result.customersScored })))),
        el("p", { class: "field-hint", "data-field": "classes-note" }, t.t("customers.classesNote", { activeDays: t.int(lifecycleDays.activeDays) })),
        flowChip(),
        el("form", { class: "controls inline-controls", role: "search", on: { submit: (event) => event.preventDefault() } },
          field(t.t("customers.search"), search, t.t("customers.search.enter"), { class: "field grow" }),
          field(t.t("col.segment"), filterSelect("segment", result.segments)),
          field(t.t("col.tier"), filterSelect("tier", result.tiers)),
          field(t.t("col.lifecycle"), filterSelect("lifecycle", result.lifecycle))),
        el("div", { class: "count-row" }, countLine, exportButton),
        exportOptions(),
        scroller));
    refresh();
    drawDetail();
  }

  /** The customers of a migration flow (a filter by ids from the Retention view): what they are, and a way back. */
  function flowChip() {
    if (!filter.ids) return null;
    const t = app.t;
    const clear = el("button", { type: "button", class: "link-button", "data-action": "clear-flow", on: { click: () => {
      filter = { ...filter, ids: undefined, flow: undefined };
      app.display.customerFilter = clean(filter);
      appliedFilter = app.display.customerFilter;
      render();
    } } }, t.t("customers.filter.clear"));
    return el("p", { class: "report-line", "data-field": "flow-filter" },
      el("strong", {}, filter.flow ? t.t("customers.filter.flow", filter.flow) : t.t("customers.export.shown", { count: t.int(filter.ids.length) })), " ", clear);
  }

  /** The download's choices: the separator (`;` by default where the browser's locale writes a decimal comma) and
   * columns of the file to add (each customer's latest non-blank value). */
  function exportOptions() {
    const t = app.t;
    const delimiter = select({ "data-control": "export-delimiter" }, [
      { value: ",", label: t.t("customers.export.delimiter.comma") },
      { value: ";", label: t.t("customers.export.delimiter.semicolon") },
    ], exportChoice.delimiter);
    delimiter.addEventListener("change", () => { exportChoice = { ...exportChoice, delimiter: delimiter.value }; });
    const columns = fileColumns();
    const boxes = columns.map((name) => {
      const box = el("input", { type: "checkbox", value: name, "data-export-column": name });
      box.checked = exportChoice.columns.includes(name);
      box.addEventListener("change", () => {
        const chosen = new Set(exportChoice.columns);
        if (box.checked) chosen.add(name);
        else chosen.delete(name);
        exportChoice = { ...exportChoice, columns: columns.filter((column) => chosen.has(column)) };
      });
      return el("label", { class: "check" }, box, " ", name);
    });
    // A toggle and a panel hidden when closed (not a <details>: its closed content still has boxes, yet no focus).
    const body = el("div", { class: "field-grid export-options-body", hidden: !exportOptionsOpen },
      field(t.t("customers.export.delimiter"), delimiter),
      el("fieldset", { class: "field" },
        el("legend", {}, t.t("customers.export.columns")),
        boxes.length ? el("div", { class: "check-list" }, ...boxes) : el("p", { class: "empty-note" }, t.t("customers.export.columns.none")),
        el("span", { class: "field-hint" }, t.t("customers.export.columns.hint"))));
    const toggle = el("button", { type: "button", class: "link-button", "data-action": "toggle-export-options", "aria-expanded": String(exportOptionsOpen) }, t.t("customers.export.options"));
    toggle.addEventListener("click", () => {
      exportOptionsOpen = !exportOptionsOpen;
      toggle.setAttribute("aria-expanded", String(exportOptionsOpen));
      body.hidden = !exportOptionsOpen;
    });
    return el("div", { class: "export-options", "data-field": "export-options" }, toggle, body);
  }

  /**
   * The filter as class codes (-1: any): `{ segmentCode }` (from the Overview) or `{ segment }` (a name, from an
   * embedder's showView), `{ tier }`, `{ lifecycle }`.
   */
  function wantedCodes() {
    const { result } = app.state;
    return {
      segment: filter.segmentCode ?? (filter.segment ? result.segments.findIndex((s) => s.name === filter.segment) : -1),
      tier: filter.tier ? result.tiers.findIndex((s) => s.name === filter.tier) : -1,
      lifecycle: filter.lifecycle ? result.lifecycle.findIndex((s) => s.stage === filter.lifecycle) : -1,
    };
  }

  /** Filters and sorts the indexes, then draws the rows in view. */
  function refresh() {
    const started = performance.now();
    const { result } = app.state;
    const c = result.customers;
    const n = c.id.length;
    const wanted = wantedCodes();
    const ids = filter.ids ? new Set(filter.ids) : null;
    const picked = new Uint32Array(n);
    let count = 0;
    for (let i = 0; i < n; i += 1) {
      if (wanted.segment >= 0 && derived.segment[i] !== wanted.segment) continue;
      if (wanted.tier >= 0 && derived.tier[i] !== wanted.tier) continue;
      if (wanted.lifecycle >= 0 && derived.lifecycle[i] !== wanted.lifecycle) continue;
      if (ids && !ids.has(c.id[i])) continue;
      if (query && !derived.lowerIds[i].includes(query)) continue;
      picked[count++] = i;
    }
    order = picked.slice(0, count);
    const key = sort.key;
    const sign = sort.dir === "asc" ? 1 : -1;
    const byId = (a, b) => (c.id[a] < c.id[b] ? -1 : c.id[a] > c.id[b] ? 1 : 0);
    let values = null;
    if (key === "segment" || key === "tier" || key === "lifecycle") values = derived[key];
    else if (clvColumns && (key === "pAlive" || key === "expectedPurchases" || key === "clv")) values = clvColumns[key];
    else if (key !== "id") values = c[key];
    // Sorting the module's numbers for display; ties keep customer-id order, a missing value (NaN) goes last.
    const missingLast = (a, b) => Number.isNaN(values[a]) - Number.isNaN(values[b]);
    order.sort(values
      ? (a, b) => missingLast(a, b) || (values[a] - values[b]) * sign || byId(a, b)
      : (a, b) => byId(a, b) * sign);
    panel.dataset.sortMs = String(Math.round(performance.now() - started));
    updateCount();
    if (scroller) scroller.scrollTop = 0;
    paint();
  }

  function updateCount() {
    const t = app.t;
    const total = app.state.result.customersScored;
    countLine.textContent = order.length === total
      ? t.t("customers.count.all", { count: total })
      : t.t("customers.count.some", { shown: t.int(order.length), count: total });
    countLine.dataset.value = String(order.length);
    const what = shownParts().join(" · ");
    exportButton.textContent = what ? t.t("customers.export.some", { what }) : t.t("customers.export.all");
    exportButton.dataset.rows = String(order.length);
  }

  /** What the shown list is, in words: the classes filtered on, the flow, the search (empty: every customer). */
  function shownParts() {
    const t = app.t;
    const { result } = app.state;
    const wanted = wantedCodes();
    const parts = [result.segments[wanted.segment], result.tiers[wanted.tier], result.lifecycle[wanted.lifecycle]]
      .filter(Boolean).map((item) => t.label(item));
    if (filter.ids) parts.push(filter.flow ? t.t("customers.filter.flow", filter.flow) : t.t("customers.export.shown", { count: t.int(filter.ids.length) }));
    if (query) parts.push(t.t("customers.filter.search", { query }));
    return parts;
  }

  /** Draws the rows inside the scroll window, with spacer rows for the rest. */
  function paint() {
    if (!scroller || !body) return;
    const cols = columns();
    const height = scroller.clientHeight || 560;
    const first = Math.max(0, Math.floor(scroller.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(order.length, Math.ceil((scroller.scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
    const spacer = (rows) => {
      const row = el("tr", { class: "spacer", "aria-hidden": "true" }, el("td", { colspan: cols.length }));
      row.style.height = `${rows * ROW_HEIGHT}px`;
      return row;
    };
    const rows = [];
    if (first > 0) rows.push(spacer(first));
    for (let position = first; position < last; position += 1) {
      const i = order[position];
      rows.push(el("tr", { "aria-rowindex": String(position + 2), "data-customer": app.state.result.customers.id[i] },
        ...cols.map((column, index) => (index === 0
          ? el("th", { scope: "row", class: column.cls ?? "" },
            // Out of the Tab order: the virtual table replaces its rows while scrolling, which would drop the focus;
            // the keyboard opens a customer from the search field (Enter).
            el("button", { type: "button", class: "link-button", tabindex: "-1", "data-open-customer": column.text(i), title: app.t.t("customers.open", { id: column.text(i) }) }, column.text(i)))
          : el("td", { class: column.num ? "num" : "" }, column.text(i))))));
    }
    if (order.length === 0) rows.push(el("tr", { class: "empty" }, el("td", { colspan: cols.length }, app.t.t("customers.none"))));
    if (last < order.length) rows.push(spacer(order.length - last));
    body.parentElement.setAttribute("aria-rowcount", String(order.length + 1));
    body.replaceChildren(...rows);
  }

  /** Downloads exactly the rows shown: by their ids when any filter or search leaves some out (in the shown order). */
  function exportFiltered() {
    const { result } = app.state;
    const request = {};
    if (order.length !== result.customers.id.length) request.ids = Array.from(order, (i) => result.customers.id[i]);
    if (exportChoice.columns.length) request.columns = exportChoice.columns;
    if (exportChoice.delimiter !== ",") request.delimiter = exportChoice.delimiter;
    app.exportCustomers(request, shownParts().join("-") || app.t.t("customers.export.fileAll"));
  }

  /** The file's columns that play no role (name, e-mail, phone, region…): what the download can add. */
  function fileColumns() {
    const free = new Set([null, "dimension", "measure"]);
    return (app.state.report?.columns ?? []).filter((column) => free.has(column.role) && column.kind !== "empty").map((column) => column.name);
  }

  // ---- a customer's detail (issue 17.12) ----

  async function openDetail(id) {
    const seq = ++detailSeq;
    detail = { id, result: null, error: null };
    drawDetail();
    detailBox.scrollIntoView?.({ block: "nearest" });
    try {
      const answer = await app.customerDetail(id, { history: historyDates(app.state.result.analysisDate) });
      if (seq === detailSeq) detail = { id, result: answer, error: null };
    } catch (error) {
      if (seq === detailSeq) detail = { id, result: null, error };
    }
    if (seq === detailSeq) drawDetail();
  }

  function drawDetail() {
    if (!detailBox) return;
    if (!detail) return detailBox.replaceChildren();
    const t = app.t;
    const close = el("button", { type: "button", class: "button small ghost", "data-action": "close-detail", on: { click: () => { detailSeq += 1; detail = null; drawDetail(); } } }, t.t("detail.close"));
    const { result, error } = detail;
    let body;
    if (error) body = [el("div", { class: "message error inline", role: "alert", "data-field": "detail-error", "data-code": error.code ?? "" }, el("div", { class: "message-body" }, el("strong", {}, t.t("detail.error")), el("p", {}, t.errorText(error))))];
    else if (!result) body = [el("p", { class: "empty-note", "data-field": "detail-loading" }, t.t("detail.loading"))];
    else body = [detailScores(result), detailHistory(result), detailLines(result)];
    detailBox.replaceChildren(el("section", { class: "card customer-detail", "data-card": "customer-detail", "data-customer": detail.id, "aria-busy": String(!result && !error) },
      el("div", { class: "card-head" }, el("div", {}, el("h3", {}, t.t("detail.title", { id: detail.id }))), close),
      ...body));
  }

  function detailScores(result) {
    const t = app.t;
    const s = result.scores;
    if (!s) return el("p", { class: "report-line warn", "data-field": "detail-unscored" }, t.t("detail.unscored"));
    const item = (key, label, value) => [el("dt", {}, label), el("dd", { "data-detail": key }, value)];
    const label = (l) => l?.[t.short] ?? l?.en ?? "";
    const rfmResult = app.state.result;
    const at = clvColumns ? rfmResult.customers.id.indexOf(result.id) : -1;
    const clv = at >= 0 ? [
      ...item("pAlive", t.t("value.col.pAlive"), Number.isNaN(clvColumns.pAlive[at]) ? "–" : t.percent(clvColumns.pAlive[at])),
      ...item("expectedPurchases", t.t("value.col.expectedPurchases", { horizon: t.int(app.clv.result.horizon), unit: t.t(`value.unit.${app.clv.result.timeUnit}`, { count: app.clv.result.horizon }) }), Number.isNaN(clvColumns.expectedPurchases[at]) ? "–" : t.decimal(clvColumns.expectedPurchases[at], 2)),
      ...(clvColumns.clv ? item("clv", t.t("detail.clv"), Number.isNaN(clvColumns.clv[at]) ? "–" : t.money(clvColumns.clv[at])) : []),
    ] : [];
    return el("div", { class: "detail-scores" },
      el("h4", {}, t.t("detail.scores", { date: t.date(result.analysisDate) })),
      el("dl", { class: "detail-list", "data-field": "detail-scores" },
        ...item("segment", t.t("col.segment"), label(s.segmentLabel)),
        ...item("tier", t.t("col.tier"), label(s.tierLabel)),
        ...item("lifecycle", t.t("col.lifecycle"), label(s.lifecycleLabel)),
        ...item("rfm", "R · F · M", `${s.r} · ${s.f} · ${s.m}`),
        ...item("recencyDays", t.t("col.recencyDays"), t.int(s.recencyDays)),
        ...item("frequency", t.t("col.orders"), t.int(s.frequency)),
        ...item("monetary", t.t("col.monetary"), t.money(s.monetary)),
        ...item("tenureDays", t.t("col.tenureDays"), t.int(s.tenureDays)),
        ...clv));
  }

  function detailHistory(result) {
    const t = app.t;
    const label = (l) => l?.[t.short] ?? l?.en ?? "";
    return el("div", { class: "detail-history" },
      el("h4", {}, t.t("detail.history.title")),
      el("p", { class: "field-hint" }, t.t("detail.history.caption")),
      el("div", { class: "table-scroll" }, el("table", { class: "data-table compact", "data-table": "customer-history" },
        el("thead", {}, el("tr", {}, ...[t.t("detail.history.date"), t.t("col.segment"), t.t("col.tier"), t.t("col.lifecycle")].map((text) => el("th", { scope: "col" }, text)))),
        el("tbody", {}, ...result.history.map((state) => el("tr", { "data-date": state.date, "data-segment": state.classes?.segment ?? "" },
          el("th", { scope: "row" }, t.date(state.date)),
          ...(state.classes
            ? [el("td", { "data-col": "segment" }, label(state.classes.segmentLabel)), el("td", {}, label(state.classes.tierLabel)), el("td", {}, label(state.classes.lifecycleLabel))]
            : [el("td", { colspan: 3, class: "empty-note", "data-col": "segment" }, t.t("detail.history.none"))])))))));
  }

  function detailLines(result) {
    const t = app.t;
    const caption = result.lines.length < result.linesTotal
      ? t.t("detail.orders.caption", { shown: t.int(result.lines.length), total: t.int(result.linesTotal) })
      : t.t("detail.orders.caption.all", { total: t.int(result.linesTotal) });
    return el("div", { class: "detail-lines" },
      el("h4", {}, t.t("detail.orders.title")),
      el("p", { class: "field-hint", "data-field": "detail-lines-caption", "data-total": result.linesTotal }, caption),
      el("div", { class: "table-scroll" }, el("table", { class: "data-table compact", "data-table": "customer-lines" },
        el("thead", {}, el("tr", {},
          ...[t.t("detail.col.line"), t.t("detail.col.date"), t.t("detail.col.order"), t.t("detail.col.amount"), t.t("detail.col.quantity"), ...result.columns]
            .map((text, index) => el("th", { scope: "col", class: index === 3 || index === 4 ? "num" : null }, text)))),
        el("tbody", {}, ...result.lines.map((line) => el("tr", { "data-line": line.line, "data-amount": line.amountExact, class: line.analysed ? null : "muted", title: line.analysed ? null : t.t("detail.notAnalysed") },
          el("th", { scope: "row" }, t.int(line.line)),
          el("td", {}, t.date(line.date)),
          el("td", {}, line.order ?? "–"),
          el("td", { class: "num" }, t.money(line.amount)),
          el("td", { class: "num" }, line.quantity === null ? "–" : t.decimal(line.quantity, 0)),
          ...line.values.map((value) => el("td", {}, value ?? ""))))))));
  }

  return { render };
}
