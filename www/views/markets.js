// Markets view: compare groups of one or two dimensions over a window and a comparison period (the module's compare()).
import { el, field, select } from "../dom.js";
import { ChartBox, baseOption, colourOf, tooltipBox, ACCENT, MUTED, GRID_LINE } from "../charts.js";
import { card } from "./card.js";

const WINDOWS = ["all", "30", "90", "180", "365", "custom"];
// products: a product or category column (§15.1) is a dimension too.
const DIMENSION_ROLES = ["dimension", "product", "category"];
/** Dimension names a marketer usually compares first, most likely first. */
const PREFERRED = [/region|地区|区域|大区/i, /country|国家/i, /province|state|省/i, /channel|渠道/i, /city|城市/i, /store|shop|门店|店铺/i, /category|类/i];

export function createMarkets(app, panel) {
  const chartBox = new ChartBox(el("div", { class: "chart chart-markets" }));
  const driversBox = new ChartBox(el("div", { class: "chart chart-drivers" }));
  // What the user chose; kept across files while it still applies. Starts from the module's defaults (first render).
  let choice = null;
  let sort = { key: "revenue", dir: "desc" };
  let selectedKey = null; // JSON of the selected group's key
  let result = null;
  let error = null;
  let busy = false;
  let requestSeq = 0;
  let lastFile = null;
  let ranFor = { result: null, key: null }; // the data and options of the last compare() asked for

  chartBox.on("click", (event) => {
    const group = event.data?.group;
    if (group) {
      selectedKey = JSON.stringify(group.key);
      draw();
    }
  });

  /** The computed dimensions the module offers besides the file's columns: [{ name, label: { en, zh } }]. */
  function computed() {
    return app.catalog.computedDimensions;
  }

  // Markets defaults (issue 17, point 5): the module says what each column holds (report.dimensions); names, ids,
  // phones, e-mails and notes are only offered when the user asks (or when already chosen).
  function fileDimensions() {
    const { report } = app.state;
    const described = report.dimensions ?? [];
    return report.columns.filter((column) => DIMENSION_ROLES.includes(column.role))
      .map((column) => described.find((d) => d.name === column.name) ?? { name: column.name, kind: "group", suggested: true });
  }

  function dimensions() {
    const all = fileDimensions();
    const shown = all.filter((d) => d.suggested || choice?.allColumns || d.name === choice?.by || d.name === choice?.by2);
    const extra = computed().filter((dimension) => !all.some((d) => d.name === dimension.name));
    return [
      ...shown.map((d) => ({ value: d.name, label: d.suggested ? d.name : app.t.t("markets.dimension.kind", { name: d.name, kind: app.t.t(`markets.kind.${d.kind}`) }) })),
      ...extra.map((dimension) => ({ value: dimension.name, label: app.t.label(dimension) })),
    ];
  }

  /** The dimension Markets opens on: a region- or product-like column the module suggests, else the segment. */
  function defaultBy() {
    const names = fileDimensions().filter((d) => d.suggested).map((d) => d.name);
    return PREFERRED.map((pattern) => names.find((name) => pattern.test(name))).find(Boolean) ?? names[0] ?? computed()[0]?.name;
  }

  /** The window Markets opens on: the module's suggested period (both windows inside the file's dates), else all data. */
  function defaultWindow() {
    const days = app.state.report.suggestedPeriod?.days;
    return days && WINDOWS.includes(String(days)) ? String(days) : "all";
  }

  function render() {
    if (!choice) {
      const { top, periodDays, vs } = app.catalog.defaults.compare;
      choice = { by: null, by2: "", window: String(periodDays), vs, from: "", to: "", top };
    }
    const newFile = app.state.fileName !== lastFile;
    if (newFile || !dimensions().some((d) => d.value === choice.by)) {
      lastFile = app.state.fileName;
      choice.allColumns = false;
      choice.by = defaultBy();
      if (!dimensions().some((d) => d.value === choice.by2)) choice.by2 = "";
      if (newFile) {
        choice.window = defaultWindow();
        choice.vs = "previous";
      }
      selectedKey = null;
    }
    if (!app.canRun("compare")) {
      panel.replaceChildren(el("div", { class: "card notice", "data-field": "markets-unavailable" }, app.t.t("markets.unavailable")));
      return;
    }
    // Same data and same question (e.g. only the language changed): draw again without asking the engine.
    if (ranFor.result === app.state.result && ranFor.key === JSON.stringify(options()) && (result || error)) draw();
    else run();
  }

  function options() {
    const by = choice.by2 && choice.by2 !== choice.by ? [choice.by, choice.by2] : [choice.by];
    const options = { by, top: choice.top };
    if (choice.window === "custom") {
      if (choice.from) options.from = choice.from;
      if (choice.to) options.to = choice.to;
    } else if (choice.window !== "all") {
      options.period = { days: Number(choice.window), vs: choice.vs };
    }
    return options;
  }

  async function run() {
    const seq = ++requestSeq;
    ranFor = { result: app.state.result, key: JSON.stringify(options()) };
    busy = true;
    draw();
    try {
      const answer = await app.compare(options());
      if (seq !== requestSeq) return;
      result = answer;
      error = null;
    } catch (thrown) {
      if (seq !== requestSeq) return;
      result = null;
      error = thrown;
    }
    busy = false;
    draw();
  }

  /**
   * A group key part's display name: labels for computed dimensions; the blank group and the top-N remainder
   * translated. `kind` is the module's "value" | "blank" | "other" for that part (`group.kinds`), when it sends it.
   */
  function keyName(value, dimension, kind) {
    const t = app.t;
    const { result: rfm, report } = app.state;
    if (kind === "blank" || !kind && value === "(blank)") return t.t("markets.blank");
    if (kind === "other" || !kind && value === "Other") return t.t("markets.other");
    const isColumn = report.columns.some((column) => DIMENSION_ROLES.includes(column.role) && column.name === dimension);
    if (!isColumn && computed().some((d) => d.name === dimension)) {
      const list = { segment: rfm.segments, tier: rfm.tiers, lifecycle: rfm.lifecycle }[dimension];
      const item = list?.find((entry) => (entry.name ?? entry.stage) === value);
      if (item) return t.label(item);
    }
    return value;
  }

  function groupName(group) {
    return group.key.map((value, index) => keyName(value, result.by[index], group.kinds?.[index])).join(" · ");
  }

  function draw() {
    const t = app.t;
    const controls = controlsForm();
    const body = [];
    if (error) {
      body.push(el("div", { class: "message error inline", role: "alert", "data-code": error.code ?? "" }, el("p", {}, t.errorText(error))));
    } else if (result) {
      const hasPeriod = Boolean(result.previousFrom) && !weakCoverage();
      const rows = result.groups;
      if (!rows.some((group) => JSON.stringify(group.key) === selectedKey)) selectedKey = rows[0] ? JSON.stringify(rows[0].key) : null;
      const selected = rows.find((group) => JSON.stringify(group.key) === selectedKey) ?? null;
      const title = result.by.length === 2 ? t.t("markets.chart.cross", { a: label(result.by[0]), b: label(result.by[1]) }) : t.t("markets.chart.title", { dimension: label(result.by[0]) });
      body.push(el("p", { class: "window-line", "data-field": "window" }, windowText(Boolean(result.previousFrom))));
      const coverage = coverageText();
      if (coverage) body.push(el("p", { class: "message warning inline coverage-line", role: "note", "data-field": "coverage" }, coverage));
      body.push(el("div", { class: "grid grid-markets" },
        card(app, { title, caption: hasPeriod ? t.t("markets.chart.captionPeriod") : t.t("markets.chart.caption"), chart: chartBox, field: "markets-chart" }, chartBox.element),
        card(app, { title: t.t("markets.drivers.title"), caption: selected ? groupName(selected) : "", chart: hasPeriod && selected?.drivers ? driversBox : null, field: "drivers" },
          driversPanel(selected, hasPeriod))));
      body.push(card(app, { title: t.t("markets.table.title"), caption: t.t("markets.table.caption"), field: "markets-table" }, table(rows, hasPeriod)));
    }
    panel.replaceChildren(el("h2", { class: "visually-hidden" }, t.t("tab.markets")), controls,
      el("div", { class: busy ? "busy-area busy" : "busy-area", "aria-busy": String(busy) }, ...body));
    if (result && !error) {
      drawChart(result);
      const selected = result.groups.find((group) => JSON.stringify(group.key) === selectedKey);
      if (result.previousFrom && !weakCoverage() && selected?.drivers) drawDrivers(selected);
    }
  }

  function label(dimension) {
    return dimensions().find((d) => d.value === dimension)?.label ?? dimension;
  }

  // Window coverage (issue 17, point 5): a window with no rows, or with rows on far fewer of its days than the other,
  // gives changes like "+19,369 %" that compare unlike periods: a line says so and no change is shown.
  function coverageWeakness() {
    const c = result?.coverage;
    if (!c) return null;
    if (c.currentDaysWithRows === 0) return "current";
    if (c.previousDays === null) return null;
    if (c.previousDaysWithRows === 0) return "previous";
    const current = c.currentDaysWithRows / c.currentDays;
    const previous = c.previousDaysWithRows / c.previousDays;
    if (previous < current / 2) return "previous";
    if (current < previous / 2) return "current";
    return null;
  }

  function weakCoverage() {
    return coverageWeakness() !== null;
  }

  function coverageText() {
    const which = coverageWeakness();
    if (!which) return null;
    const t = app.t;
    const c = result.coverage;
    const current = which === "current";
    const days = current ? c.currentDaysWithRows : c.previousDaysWithRows;
    const total = current ? c.currentDays : c.previousDays;
    const range = t.t("markets.window.range", { from: t.date(current ? result.from ?? result.to : result.previousFrom), to: t.date(current ? result.to : result.previousTo) });
    const { minDate, maxDate } = app.state.report;
    const file = t.t("markets.window.range", { from: t.date(minDate), to: t.date(maxDate) });
    const key = days === 0 ? "markets.coverage.none" : "markets.coverage.few";
    return t.t(key, { window: t.t(current ? "markets.coverage.current" : "markets.coverage.previous"), range, days: t.int(days), total: t.int(total), file });
  }

  function windowText(hasPeriod) {
    const t = app.t;
    const current = t.t("markets.window.range", { from: t.date(result.from), to: t.date(result.to) });
    if (!hasPeriod) return current;
    return t.t("markets.window.vs", { current, previous: t.t("markets.window.range", { from: t.date(result.previousFrom), to: t.date(result.previousTo) }) });
  }

  // ---- controls ----

  function controlsForm() {
    const t = app.t;
    const dims = dimensions();
    const bySelect = select({ "data-control": "by" }, dims, choice.by);
    const by2Select = select({ "data-control": "by2" }, [{ value: "", label: t.t("markets.by2.none") }, ...dims.filter((d) => d.value !== choice.by)], choice.by2);
    const windowSelect = select({ "data-control": "window" }, WINDOWS.map((w) => ({ value: w, label: t.t(`markets.window.${w}`) })), choice.window);
    const period = choice.window !== "all" && choice.window !== "custom";
    const vsSelect = select({ "data-control": "vs", disabled: !period }, [
      { value: "previous", label: t.t("markets.vs.previous") },
      { value: "year", label: t.t("markets.vs.year") },
    ], choice.vs);
    const topSelect = select({ "data-control": "top" }, [5, 10, 20, 50].map((n) => ({ value: String(n), label: t.int(n) })), String(choice.top));
    const onChange = (update) => (event) => { update(event.target.value); selectedKey = null; run(); };
    bySelect.addEventListener("change", onChange((v) => { choice.by = v; if (choice.by2 === v) choice.by2 = ""; }));
    by2Select.addEventListener("change", onChange((v) => { choice.by2 = v; }));
    windowSelect.addEventListener("change", onChange((v) => { choice.window = v; }));
    vsSelect.addEventListener("change", onChange((v) => { choice.vs = v; }));
    topSelect.addEventListener("change", onChange((v) => { choice.top = Number(v); }));
    const fields = [
      field(t.t("markets.by"), bySelect),
      field(t.t("markets.by2"), by2Select),
      field(t.t("markets.window"), windowSelect),
      field(t.t("markets.vs"), vsSelect, period ? null : t.t("markets.vs.hint")),
      field(t.t("markets.top"), topSelect),
    ];
    // Markets defaults (issue 17, point 5): the columns kept out of the list, offered on request.
    const hidden = fileDimensions().filter((d) => !d.suggested);
    if (hidden.length) {
      const box = el("input", { type: "checkbox", "data-option": "all-columns", checked: Boolean(choice.allColumns) });
      box.addEventListener("change", () => { choice.allColumns = box.checked; draw(); });
      fields.splice(2, 0, el("div", { class: "field field-check" }, el("label", {}, box, " ", t.t("markets.allColumns", { columns: hidden.map((d) => d.name).join(", ") }))));
    }
    if (choice.window === "custom") {
      const { minDate } = app.state.report;
      const maxDay = previousDay(app.state.result.analysisDate);
      const from = el("input", { type: "date", "data-control": "from", min: minDate, max: maxDay, value: choice.from || minDate });
      const to = el("input", { type: "date", "data-control": "to", min: minDate, max: maxDay, value: choice.to || maxDay });
      from.addEventListener("change", onChange((v) => { choice.from = v; }));
      to.addEventListener("change", onChange((v) => { choice.to = v; }));
      fields.splice(3, 0, field(t.t("markets.from"), from), field(t.t("markets.to"), to));
    }
    return el("form", { class: "controls card", "aria-label": t.t("markets.controls"), on: { submit: (event) => event.preventDefault() } }, ...fields);
  }

  // ---- chart ----

  function drawChart(data) {
    const t = app.t;
    if (data.by.length === 2) return drawCross(data);
    const groups = data.groups;
    const hasPeriod = Boolean(data.previousFrom);
    chartBox.element.style.height = `${Math.max(220, groups.length * (hasPeriod ? 34 : 26) + 60)}px`;
    const names = groups.map(groupName);
    const colourFor = (group, index) => (computed().some((d) => d.name === data.by[0]) ? colourOf(group.key[0], index) : ACCENT);
    const series = [{
      name: t.t("markets.series.current"),
      type: "bar",
      barMaxWidth: 18,
      itemStyle: { color: ACCENT },
      data: groups.map((group, index) => ({
        value: group.revenue, group,
        itemStyle: { color: colourFor(group, index), opacity: JSON.stringify(group.key) === selectedKey ? 1 : 0.82, borderRadius: [0, 3, 3, 0] },
      })),
      label: { show: true, position: "right", color: MUTED, fontSize: 11, formatter: (item) => t.moneyCompact(item.value) },
    }];
    if (hasPeriod) {
      series.push({
        name: t.t("markets.series.previous"),
        type: "bar",
        barMaxWidth: 18,
        itemStyle: { color: "#c9ced8" },
        data: groups.map((group) => ({ value: group.previous?.revenue ?? 0, group, itemStyle: { color: "#c9ced8", borderRadius: [0, 3, 3, 0] } })),
      });
    }
    chartBox.set({
      ...baseOption(t),
      legend: hasPeriod ? { top: 0, right: 0, textStyle: { color: MUTED } } : undefined,
      grid: { left: 16, right: 64, top: hasPeriod ? 28 : 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", axisLabel: { color: MUTED, formatter: (n) => t.moneyCompact(n) }, splitLine: { lineStyle: { color: GRID_LINE } } },
      yAxis: { type: "category", inverse: true, data: names, axisTick: { show: false }, axisLabel: { color: "#374151", width: 150, overflow: "truncate" } },
      tooltip: {
        ...baseOption(t).tooltip,
        trigger: "axis",
        axisPointer: { type: "shadow" },
        formatter: (items) => {
          const group = items[0]?.data?.group;
          if (!group) return "";
          return tooltipBox(groupName(group), [
            [t.t("col.revenue"), t.money(group.revenue)],
            [t.t("col.share"), t.percent(group.share)],
            ...(group.previous ? [[t.t("markets.col.previousRevenue"), t.money(group.previous.revenue)], [t.t("col.change"), t.signedPercent(group.change?.revenue)]] : []),
          ]);
        },
      },
      series,
    }, t.lang);
  }

  function drawCross(data) {
    const t = app.t;
    const rows = data.rows;
    const columns = data.columns;
    chartBox.element.style.height = `${Math.max(240, rows.length * 30 + 110)}px`;
    const rowIndex = new Map(rows.map((group, i) => [group.key[0], i]));
    const columnIndex = new Map(columns.map((group, i) => [group.key[0], i]));
    let max = 0;
    const cells = data.groups.map((group) => {
      max = Math.max(max, group.revenue);
      return { value: [columnIndex.get(group.key[1]), rowIndex.get(group.key[0]), group.revenue], group };
    });
    chartBox.set({
      ...baseOption(t),
      grid: { left: 8, right: 8, top: 8, bottom: 70, containLabel: true },
      xAxis: { type: "category", data: columns.map((group) => keyName(group.key[0], data.by[1], group.kinds?.[0])), axisLabel: { color: MUTED, interval: 0, rotate: columns.length > 5 ? 30 : 0, width: 110, overflow: "break" }, axisTick: { show: false } },
      yAxis: { type: "category", inverse: true, data: rows.map((group) => keyName(group.key[0], data.by[0], group.kinds?.[0])), axisLabel: { color: "#374151", interval: 0, width: 140, overflow: "break" }, axisTick: { show: false } },
      visualMap: { min: 0, max: Math.max(1, max), orient: "horizontal", left: "center", bottom: 0, itemHeight: 120, itemWidth: 10, calculable: false,
        inRange: { color: ["#f3f8f5", "#9fd3b8", "#2f9a6f", "#0f5e46"] }, text: [t.t("overview.heatmap.more"), t.t("overview.heatmap.fewer")], textStyle: { color: MUTED, fontSize: 11 } },
      tooltip: {
        ...baseOption(t).tooltip,
        formatter: (item) => {
          const group = item.data?.group;
          if (!group) return "";
          return tooltipBox(groupName(group), [[t.t("col.revenue"), t.money(group.revenue)], [t.t("col.share"), t.percent(group.share)],
            ...(group.change ? [[t.t("col.change"), t.signedPercent(group.change.revenue)]] : [])]);
        },
      },
      series: [{ type: "heatmap", data: cells, label: { show: columns.length <= 8, fontSize: 10, formatter: (item) => t.moneyCompact(item.data.value[2]) },
        itemStyle: { borderColor: "#fff", borderWidth: 2, borderRadius: 3 } }],
    }, t.lang);
  }

  // ---- drivers ----

  function driversPanel(group, hasPeriod) {
    const t = app.t;
    if (!hasPeriod && result.previousFrom) return el("p", { class: "empty-note", "data-field": "drivers-coverage" }, t.t("markets.drivers.coverage"));
    if (!hasPeriod) return el("p", { class: "empty-note", "data-field": "drivers-hint" }, t.t("markets.drivers.needPeriod"));
    if (!group) return el("p", { class: "empty-note" }, t.t("markets.drivers.pick"));
    if (!group.drivers) return el("p", { class: "empty-note", "data-field": "drivers-undefined" }, t.t("markets.drivers.undefined"));
    const { drivers } = group;
    const delta = group.revenue - group.previous.revenue;
    const line = (key, value) => el("li", { "data-driver": key },
      el("span", { class: "driver-name" }, t.t(`markets.drivers.${key}`)),
      el("span", { class: `driver-value ${value >= 0 ? "up" : "down"}` }, signedMoney(value)));
    return el("div", { class: "drivers" },
      el("p", { class: "drivers-summary", "data-field": "drivers-summary" }, t.t(delta >= 0 ? "markets.drivers.up" : "markets.drivers.down", {
        change: t.signedPercent(group.change?.revenue), amount: signedMoney(delta),
      })),
      driversBox.element,
      el("ul", { class: "driver-list" }, line("customers", drivers.customers), line("ordersPerCustomer", drivers.ordersPerCustomer), line("aov", drivers.aov)));
  }

  function signedMoney(value) {
    const t = app.t;
    return `${value > 0 ? "+" : value < 0 ? "−" : ""}${t.money(Math.abs(value))}`;
  }

  /** A waterfall: previous revenue, the three contributions, current revenue. */
  function drawDrivers(group) {
    const t = app.t;
    const { drivers } = group;
    const steps = [drivers.customers, drivers.ordersPerCustomer, drivers.aov];
    const names = [t.t("markets.drivers.previous"), t.t("markets.drivers.customers"), t.t("markets.drivers.ordersPerCustomer"), t.t("markets.drivers.aov"), t.t("markets.drivers.current")];
    const base = ["-"]; // no invisible base under the first and last bars
    const bars = [{ value: group.previous.revenue, itemStyle: { color: "#9aa3b2" } }];
    let level = group.previous.revenue;
    for (const step of steps) {
      base.push(step >= 0 ? level : level + step);
      bars.push({ value: Math.abs(step), signed: step, itemStyle: { color: step >= 0 ? "#2f9a6f" : "#d6534c" } });
      level += step;
    }
    base.push("-");
    bars.push({ value: group.revenue, itemStyle: { color: ACCENT } });
    const narrow = (driversBox.element.clientWidth || 400) < 420;
    driversBox.set({
      ...baseOption(t),
      grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
      // Markets readability (issue 17, point 15): the axis starts at zero (bars are not cut to look larger), and on a
      // narrow chart the step names are smaller and the value labels that would collide are hidden.
      xAxis: { type: "category", data: names, axisTick: { show: false }, axisLabel: { color: MUTED, interval: 0, fontSize: narrow ? 9 : 11, width: narrow ? 52 : 80, overflow: "break" } },
      yAxis: { type: "value", min: (extent) => Math.min(0, extent.min), axisLabel: { color: MUTED, formatter: (n) => t.moneyCompact(n) }, splitLine: { lineStyle: { color: GRID_LINE } } },
      tooltip: {
        ...baseOption(t).tooltip,
        trigger: "item",
        formatter: (item) => (item.seriesIndex === 1 ? tooltipBox(names[item.dataIndex], [[t.t("col.revenue"), item.data.signed === undefined ? t.money(item.data.value) : signedMoney(item.data.signed)]]) : ""),
      },
      series: [
        { type: "bar", stack: "w", silent: true, itemStyle: { color: "transparent" }, data: base },
        { type: "bar", stack: "w", barMaxWidth: 46, data: bars, labelLayout: { hideOverlap: true },
          label: { show: true, position: "top", fontSize: narrow ? 9 : 11, color: "#374151", formatter: (item) => (item.data.signed === undefined ? t.moneyCompact(item.data.value) : `${item.data.signed >= 0 ? "+" : "−"}${t.moneyCompact(Math.abs(item.data.signed))}`) } },
      ],
    }, t.lang);
  }

  // ---- table ----

  function table(groups, hasPeriod) {
    const t = app.t;
    const cross = result.by.length === 2;
    const columns = [
      ...(cross ? [{ key: "key0", label: label(result.by[0]), text: true }, { key: "key1", label: label(result.by[1]), text: true }] : [{ key: "key0", label: label(result.by[0]), text: true }]),
      { key: "revenue", label: t.t("col.revenue"), format: (g) => t.money(g.revenue) },
      { key: "share", label: t.t("col.share"), format: (g) => t.percent(g.share) },
      { key: "orders", label: t.t("col.orders"), format: (g) => t.int(g.orders) },
      { key: "customers", label: t.t("col.customers"), format: (g) => t.int(g.customers) },
      { key: "aov", label: t.t("col.aov"), format: (g) => (g.aov === null ? "–" : t.money(g.aov)) },
      { key: "aovIndex", label: t.t("col.aovIndex"), format: (g) => indexCell(g.aovIndex), title: t.t("col.indexHint") },
      { key: "revenuePerCustomer", label: t.t("col.revenuePerCustomer"), format: (g) => (g.revenuePerCustomer === null ? "–" : t.money(g.revenuePerCustomer)) },
      { key: "revenuePerCustomerIndex", label: t.t("col.rpcIndex"), format: (g) => indexCell(g.revenuePerCustomerIndex), title: t.t("col.indexHint") },
      ...(hasPeriod ? [
        { key: "change.revenue", label: t.t("col.changeRevenue"), format: (g) => changeCell(g.change?.revenue) },
        { key: "change.customers", label: t.t("col.changeCustomers"), format: (g) => changeCell(g.change?.customers) },
        { key: "change.aov", label: t.t("col.changeAov"), format: (g) => changeCell(g.change?.aov) },
      ] : []),
    ];
    const value = (group, key) => {
      if (key === "key0") return keyName(group.key[0], result.by[0], group.kinds?.[0]);
      if (key === "key1") return keyName(group.key[1], result.by[1], group.kinds?.[1]);
      if (key.startsWith("change.")) return group.change?.[key.slice(7)] ?? null;
      return group[key];
    };
    // Markets readability (issue 17, point 15): "Other" (the groups past the top N) stays last, as in the chart.
    const isOther = (group) => group.kinds?.includes("other") ?? false;
    const sorted = [...groups].sort((a, b) => {
      if (isOther(a) !== isOther(b)) return isOther(a) ? 1 : -1;
      const x = value(a, sort.key);
      const y = value(b, sort.key);
      if (x === y) return 0;
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      const order = typeof x === "string" ? x.localeCompare(y, app.t.lang) : x - y;
      return sort.dir === "asc" ? order : -order;
    });
    const head = el("tr", {}, ...columns.map((column) => {
      const active = sort.key === column.key;
      const button = el("button", {
        type: "button", class: "sort-button", "data-sort": column.key, title: column.title ?? null,
        on: { click: () => {
          sort = { key: column.key, dir: active && sort.dir === "desc" ? "asc" : active ? "desc" : column.text ? "asc" : "desc" };
          draw();
          panel.querySelector(`[data-sort="${column.key}"]`)?.focus();
        } },
      }, column.label, el("span", { class: "sort-mark", "aria-hidden": "true" }, active ? (sort.dir === "asc" ? "▲" : "▼") : ""));
      return el("th", { scope: "col", class: column.text ? "" : "num", "aria-sort": active ? (sort.dir === "asc" ? "ascending" : "descending") : "none" }, button);
    }));
    const rows = sorted.map((group) => {
      const key = JSON.stringify(group.key);
      const selected = key === selectedKey;
      return el("tr", { "data-key": key, class: selected ? "selected" : "", "aria-selected": String(selected) },
        ...columns.map((column, index) => {
          if (column.text) {
            const text = value(group, column.key);
            if (index > 0) return el("td", { "data-col": column.key }, text);
            return el("th", { scope: "row", "data-col": column.key },
              el("button", { type: "button", class: "row-select", "aria-pressed": String(selected), title: t.t("markets.table.select"),
                on: { click: () => { selectedKey = key; draw(); panel.querySelector(`tr[data-key='${cssString(key)}'] .row-select`)?.focus(); } } },
              cross ? `${text}` : text));
          }
          return el("td", { class: "num", "data-col": column.key }, column.format(group));
        }));
    });
    const total = result.total;
    const foot = el("tr", { "data-total": "" },
      el("th", { scope: "row", colspan: cross ? 2 : 1 }, t.t("col.total")),
      ...columns.filter((column) => !column.text).map((column) => el("td", { class: "num", "data-col": column.key }, column.format(total))));
    return el("div", { class: "table-scroll" },
      el("table", { class: "data-table markets-table", "data-table": "markets" }, el("thead", {}, head), el("tbody", {}, ...rows), el("tfoot", {}, foot)));
  }

  function indexCell(index) {
    if (index === null || index === undefined) return "–";
    const span = el("span", { class: index >= 110 ? "index high" : index <= 90 ? "index low" : "index" }, app.t.index(index));
    return span;
  }

  function changeCell(change) {
    if (change === null || change === undefined) return el("span", { class: "change none" }, "–");
    const direction = change > 0 ? "up" : change < 0 ? "down" : "flat";
    return el("span", { class: `change ${direction}`, "data-change": String(change) },
      el("span", { class: "arrow", "aria-hidden": "true" }, direction === "up" ? "▲" : direction === "down" ? "▼" : "■"),
      app.t.signedPercent(change));
  }

  return { render, charts: { markets: chartBox, drivers: driversBox }, choice, current: () => result };
}

function previousDay(iso) {
  const [year, month, day] = iso.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, day - 1)).toISOString().slice(0, 10);
}

function cssString(text) {
  return text.replace(/\\/g, "\\\\").replace(/'/g, "\\'");
}
