// Customers view: every scored customer in a searchable, sortable, virtualised table (only visible rows are in the DOM),
// with P(alive), expected purchases and CLV once the Value view's clv() has run for the shown data.
import { el, field, select } from "../dom.js";
import { alignClvColumns } from "./value.js";

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
    filter = { ...app.display.customerFilter };
    const t = app.t;
    const { result } = app.state;
    const search = el("input", { type: "search", "data-control": "search", autocomplete: "off", spellcheck: "false", placeholder: t.t("customers.search.placeholder"), value: query });
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
    panel.replaceChildren(
      el("h2", { class: "visually-hidden" }, t.t("tab.customers")),
      el("section", { class: "card customers-card" },
        el("div", { class: "card-head" },
          el("div", {}, el("h3", {}, t.t("customers.title")), el("p", { class: "card-caption" }, t.t("customers.caption", { count: result.customersScored })))),
        el("form", { class: "controls inline-controls", role: "search", on: { submit: (event) => event.preventDefault() } },
          field(t.t("customers.search"), search, null, { class: "field grow" }),
          field(t.t("col.segment"), filterSelect("segment", result.segments)),
          field(t.t("col.tier"), filterSelect("tier", result.tiers)),
          field(t.t("col.lifecycle"), filterSelect("lifecycle", result.lifecycle))),
        el("div", { class: "count-row" }, countLine, exportButton),
        scroller));
    refresh();
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
    const picked = new Uint32Array(n);
    let count = 0;
    for (let i = 0; i < n; i += 1) {
      if (wanted.segment >= 0 && derived.segment[i] !== wanted.segment) continue;
      if (wanted.tier >= 0 && derived.tier[i] !== wanted.tier) continue;
      if (wanted.lifecycle >= 0 && derived.lifecycle[i] !== wanted.lifecycle) continue;
      if (query && !derived.lowerIds[i].includes(query)) continue;
      picked[count++] = i;
    }
    order = picked.slice(0, count);
    const key = sort.key;
    const sign = sort.dir === "asc" ? 1 : -1;
    const ids = c.id;
    const byId = (a, b) => (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0);
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
    const { result } = app.state;
    const wanted = wantedCodes();
    const segment = result.segments[wanted.segment] ?? null;
    const tier = result.tiers[wanted.tier] ?? null;
    const what = [segment, tier].filter(Boolean).map((item) => t.label(item)).join(" · ");
    exportButton.textContent = what ? t.t("customers.export.some", { what }) : t.t("customers.export.all");
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
          ? el("th", { scope: "row", class: column.cls ?? "" }, column.text(i))
          : el("td", { class: column.num ? "num" : "" }, column.text(i))))));
    }
    if (order.length === 0) rows.push(el("tr", { class: "empty" }, el("td", { colspan: cols.length }, app.t.t("customers.none"))));
    if (last < order.length) rows.push(spacer(order.length - last));
    body.parentElement.setAttribute("aria-rowcount", String(order.length + 1));
    body.replaceChildren(...rows);
  }

  function exportFiltered() {
    const { result } = app.state;
    const wanted = {};
    const labels = [];
    const codes = wantedCodes();
    if (codes.segment >= 0) {
      wanted.segmentCode = codes.segment;
      labels.push(app.t.label(result.segments[codes.segment]));
    }
    if (filter.tier) {
      wanted.tier = filter.tier;
      labels.push(app.t.label(result.tiers.find((s) => s.name === filter.tier)));
    }
    app.exportCustomers(wanted, labels.join("-") || app.t.t("customers.export.fileAll"));
  }

  return { render };
}
