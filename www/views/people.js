// People view: who the customers are (analytics.md §14), from the module's profile(): for one attribute of the joined
// customers file (age band, gender, or any column), a heatmap of segments (tiers, stages) × values coloured by the
// index vs all customers (= 100: over-represented cells stand out), the overall distribution as bars, and the
// customer table filtered by the attribute. `suppressBelow` hides small cells, for screenshots shared outside the team.
import { el, field, select } from "../dom.js";
import { ChartBox, baseOption, textOn, tooltipBox, ACCENT, MUTED, GRID_LINE } from "../charts.js";
import { card } from "./card.js";

/** The customer table shows at most this many rows (the biggest spenders first); the count says how many match. */
export const TABLE_ROWS = 200;
/** Index colours: under-represented (≤ 50) … as usual (100) … over-represented (≥ 200). */
const INDEX_COLOURS = ["#c9d6ea", "#f4f5f7", "#9fd3b8", ACCENT];
const SUPPRESSED_COLOUR = "#d5d9e0";

/**
 * The attributes a joined customers file offers, in the module's order (`CustomerAttributes.names`): "ageBand"
 * with a birth date or age column, "gender" with a gender column, then the columns of no role.
 */
export function attributesOf(report) {
  if (!report) return [];
  const roles = report.roles ?? {};
  const names = [];
  if (roles.birthDate || roles.age) names.push("ageBand");
  if (roles.gender) names.push("gender");
  for (const column of report.columns ?? []) if (column.role === "attribute") names.push(column.name);
  return names;
}

/**
 * The heatmap's cells of a ProfileResult: classes with customers (rows, in the result's order) × values; each cell
 * `[x, y, index | null, suppressed]`. Suppressed cells carry no figure at all.
 */
export function heatmapData(result) {
  const classes = result.classes.filter((c) => c.customers > 0);
  const cells = [];
  classes.forEach((c, y) => c.cells.forEach((cell, x) => {
    cells.push([x, y, cell.suppressed ? null : cell.index, cell.suppressed ? 1 : 0]);
  }));
  return { classes, cells };
}

export function createPeople(app, panel) {
  const heatBox = new ChartBox(el("div", { class: "chart chart-people-heatmap" }));
  const barsBox = new ChartBox(el("div", { class: "chart chart-people-overall" }));
  let choice = null; // { attribute, rows, suppressBelow, value, className }
  let answer = null; // { key, result, error }
  let busy = false;
  let requestSeq = 0;

  heatBox.on("click", (event) => {
    const [x, y] = event.data?.value ?? [];
    if (x === undefined || !answer?.result) return;
    const { classes } = heatmapData(answer.result);
    choice.value = String(x);
    choice.className = classes[y]?.name ?? "";
    draw();
  });

  function attributes() {
    return attributesOf(app.state.files?.customers?.joined?.report);
  }

  function attributeName(name) {
    const t = app.t;
    return name === "ageBand" || name === "gender" ? t.t(`people.attribute.${name}`) : name;
  }

  function options() {
    return { attribute: choice.attribute, rows: choice.rows, suppressBelow: choice.suppressBelow, customers: true };
  }

  function render() {
    const names = attributes();
    if (!app.canRun("profile")) {
      panel.replaceChildren(el("div", { class: "card notice", "data-field": "people-unavailable" }, app.t.t("people.unavailable")));
      return;
    }
    if (!names.length) {
      const open = el("button", { type: "button", class: "button secondary", on: { click: () => app.showView("mapping") } }, app.t.t("people.addFile"));
      panel.replaceChildren(el("div", { class: "card notice", "data-field": "people-no-file" }, el("p", {}, app.t.t("people.noFile")), open));
      return;
    }
    const defaults = app.catalog.defaults.profile;
    choice ??= { attribute: null, rows: defaults.rows, suppressBelow: defaults.suppressBelow, value: "", className: "" };
    if (!names.includes(choice.attribute)) {
      choice.attribute = names[0];
      choice.value = "";
      choice.className = "";
    }
    const key = JSON.stringify([options(), app.state.rfmOptions]);
    if (answer?.key === key && answer.rfm === app.state.result) draw();
    else run(key);
  }

  async function run(key) {
    const seq = ++requestSeq;
    const rfm = app.state.result;
    busy = true;
    draw();
    let next;
    try {
      next = { key, rfm, result: await app.profile(options()), error: null };
    } catch (error) {
      next = { key, rfm, result: null, error };
    }
    if (seq !== requestSeq) return;
    answer = next;
    busy = false;
    draw();
  }

  function controls() {
    const t = app.t;
    const defaults = app.catalog.defaults.profile;
    const attribute = select({ "data-control": "people-attribute" },
      attributes().map((name) => ({ value: name, label: attributeName(name) })), choice.attribute);
    attribute.addEventListener("change", () => {
      Object.assign(choice, { attribute: attribute.value, value: "", className: "" });
      render();
    });
    const dimensions = app.catalog.computedDimensions;
    const rows = select({ "data-control": "people-rows" },
      defaults.rowsOptions.map((name) => ({ value: name, label: t.label(dimensions.find((d) => d.name === name)) || name })), choice.rows);
    rows.addEventListener("change", () => {
      Object.assign(choice, { rows: rows.value, className: "" });
      render();
    });
    const suppress = el("input", { type: "number", min: 0, step: 1, inputmode: "numeric", "data-control": "people-suppress", props: { value: String(choice.suppressBelow) } });
    suppress.addEventListener("change", () => {
      const k = Math.max(0, Math.floor(Number(suppress.value)) || 0);
      choice.suppressBelow = k;
      render();
    });
    return el("div", { class: "controls" },
      field(t.t("people.attributeLabel"), attribute),
      field(t.t("people.rowsLabel"), rows),
      field(t.t("people.suppressLabel"), suppress, t.t("people.suppressHint")));
  }

  function draw() {
    const t = app.t;
    const body = [card(app, { title: t.t("people.title"), caption: t.t("people.caption"), field: "people-controls" }, controls())];
    if (busy && !answer) body.push(el("div", { class: "card notice", "aria-busy": "true" }, t.t("people.running")));
    if (answer?.error) {
      body.push(el("div", { class: "message error inline", role: "alert", "data-code": answer.error.code ?? "" }, el("p", {}, t.errorText(answer.error))));
    }
    const result = answer?.result;
    if (result) {
      for (const warning of result.warnings ?? []) {
        body.push(el("div", { class: "message info inline", "data-warning": warning.code }, el("p", {}, t.warningText(warning))));
      }
      body.push(heatmapCard(result), overallCard(result), tableCard(result));
    }
    panel.replaceChildren(...body);
    panel.setAttribute("aria-busy", String(busy));
    if (result) {
      drawHeatmap(result);
      drawOverall(result);
    }
  }

  function valueLabel(result, x) {
    const value = result.overall[x];
    if (!value) return "";
    if (value.kind === "blank") return app.t.t(choice.attribute === "ageBand" ? "people.unknown" : "people.blank");
    if (value.kind === "other") return app.t.t("people.other");
    return app.t.label(value) || value.value;
  }

  function heatmapCard(result) {
    const { classes } = heatmapData(result);
    heatBox.element.style.height = `${Math.max(240, classes.length * 34 + 120)}px`;
    heatBox.element.dataset.rows = String(classes.length);
    heatBox.element.dataset.columns = String(result.overall.length);
    const t = app.t;
    const caption = t.t("people.heatmap.caption", { attribute: attributeName(result.attribute), customers: t.int(result.customers) });
    const xLabels = result.overall.map((_, x) => valueLabel(result, x));
    // The numbers behind the chart: each cell's index, or "<k" when suppressed.
    const numbers = el("details", { class: "chart-numbers" },
      el("summary", {}, t.t("people.numbers")),
      el("div", { class: "table-scroll" },
        el("table", { class: "data-table compact", "data-table": "people-index" },
          el("thead", {}, el("tr", {}, el("th", { scope: "col" }, t.t("people.rowsLabel")), ...xLabels.map((label) => el("th", { scope: "col", class: "num" }, label)))),
          el("tbody", {}, ...classes.map((c) => el("tr", { "data-row": c.name },
            el("th", { scope: "row" }, t.label(c)),
            ...c.cells.map((cell) => el("td", {
              class: "num", "data-value": cell.value, "data-kind": cell.kind, "data-suppressed": String(cell.suppressed),
              "data-index": cell.index === null ? "" : String(cell.index), "data-customers": cell.customers === null ? "" : String(cell.customers),
            }, cell.suppressed ? `<${choice.suppressBelow}` : cell.index === null ? "–" : t.int(Math.round(cell.index))))))))));
    return card(app, { title: t.t("people.heatmap.title", { attribute: attributeName(result.attribute) }), caption, chart: heatBox, field: "people-heatmap" },
      heatBox.element,
      choice.suppressBelow > 0 ? el("p", { class: "card-caption", "data-field": "people-suppressed" }, t.t("people.suppressedNote", { k: t.int(choice.suppressBelow) })) : null,
      numbers);
  }

  function drawHeatmap(result) {
    const t = app.t;
    const { classes, cells } = heatmapData(result);
    const xLabels = result.overall.map((_, x) => valueLabel(result, x));
    const yLabels = classes.map((c) => t.label(c));
    const option = {
      ...baseOption(t),
      grid: { left: 20, right: 16, top: 8, bottom: 64, containLabel: true },
      xAxis: { type: "category", data: xLabels, axisLabel: { interval: 0, rotate: xLabels.length > 6 ? 30 : 0, color: MUTED }, splitArea: { show: false } },
      yAxis: { type: "category", data: yLabels, inverse: true, axisLabel: { color: MUTED } },
      visualMap: {
        type: "piecewise", dimension: 2, orient: "horizontal", left: "center", bottom: 0, seriesIndex: 0,
        pieces: [
          { lte: 50, color: INDEX_COLOURS[0], label: "≤ 50" },
          { gt: 50, lt: 120, color: INDEX_COLOURS[1], label: "50–120" },
          { gte: 120, lt: 200, color: INDEX_COLOURS[2], label: "120–200" },
          { gte: 200, color: INDEX_COLOURS[3], label: "≥ 200" },
        ],
        outOfRange: { color: SUPPRESSED_COLOUR },
        textStyle: { color: MUTED },
      },
      tooltip: {
        ...baseOption(t).tooltip,
        formatter: (item) => {
          const [x, y] = item.value;
          const cell = classes[y].cells[x];
          const title = `${yLabels[y]} · ${xLabels[x]}`;
          if (cell.suppressed) return tooltipBox(title, [[t.t("people.col.customers"), t.t("people.suppressed", { k: t.int(choice.suppressBelow) })]]);
          return tooltipBox(title, [
            [t.t("people.col.customers"), t.int(cell.customers)],
            [t.t("people.col.share"), t.percent(cell.share)],
            [t.t("people.col.index"), cell.index === null ? "–" : t.int(Math.round(cell.index))],
            [t.t("people.col.revenue"), t.money(cell.revenue)],
          ]);
        },
      },
      series: [{
        type: "heatmap",
        name: t.t("people.col.index"),
        // On the darkest colour (≥ 200) the figure is written in the colour that reads on it.
        data: cells.map(([x, y, index, suppressed]) => ({
          value: [x, y, index === null ? (suppressed ? -1 : 100) : index],
          label: index !== null && index >= 200 ? { color: textOn(INDEX_COLOURS[3]) } : undefined,
        })),
        label: {
          show: true, fontSize: 11, color: "#1f2933",
          formatter: (item) => {
            const cell = classes[item.value[1]].cells[item.value[0]];
            if (cell.suppressed) return `<${choice.suppressBelow}`;
            return cell.index === null ? "–" : String(Math.round(cell.index));
          },
        },
        itemStyle: { borderColor: "#ffffff", borderWidth: 2 },
        emphasis: { itemStyle: { borderColor: GRID_LINE } },
      }],
    };
    // Suppressed cells are grey whatever their (hidden) index: -1 is below every piece.
    option.visualMap.pieces.unshift({ lt: 0, color: SUPPRESSED_COLOUR, label: t.t("people.suppressedShort") });
    heatBox.set(option, app.lang);
  }

  function overallCard(result) {
    barsBox.element.style.height = `${Math.max(200, result.overall.length * 30 + 60)}px`;
    return card(app, { title: app.t.t("people.overall.title", { attribute: attributeName(result.attribute) }), caption: app.t.t("people.overall.caption"), chart: barsBox, field: "people-overall" }, barsBox.element);
  }

  function drawOverall(result) {
    const t = app.t;
    const labels = result.overall.map((_, x) => valueLabel(result, x));
    barsBox.set({
      ...baseOption(t),
      grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", axisLabel: { color: MUTED, formatter: (v) => t.percent(v, 0) }, splitLine: { lineStyle: { color: GRID_LINE } } },
      yAxis: { type: "category", data: labels, inverse: true, axisLabel: { color: MUTED } },
      tooltip: { ...baseOption(t).tooltip, formatter: (item) => {
        const value = result.overall[item.dataIndex];
        return tooltipBox(labels[item.dataIndex], value.suppressed
          ? [[t.t("people.col.customers"), t.t("people.suppressed", { k: t.int(choice.suppressBelow) })]]
          : [[t.t("people.col.customers"), t.int(value.customers)], [t.t("people.col.share"), t.percent(value.share)]]);
      } },
      series: [{
        type: "bar", barMaxWidth: 22,
        data: result.overall.map((v) => ({ value: v.share ?? 0, itemStyle: { color: v.suppressed ? SUPPRESSED_COLOUR : v.kind === "value" ? ACCENT : MUTED } })),
        label: { show: true, position: "right", color: MUTED, formatter: (item) => {
          const v = result.overall[item.dataIndex];
          return v.suppressed ? `<${choice.suppressBelow}` : t.percent(v.share, 1);
        } },
      }],
    }, app.lang);
  }

  function tableCard(result) {
    const t = app.t;
    const rfm = app.state.result;
    const c = rfm.customers;
    const values = result.customerValues;
    const classKey = { segment: "segmentCode", tier: "tierCode", lifecycle: "lifecycleCode" }[result.rows];
    const classList = { segment: rfm.segments, tier: rfm.tiers, lifecycle: rfm.lifecycle }[result.rows];
    const className = (i) => classList[c[classKey][i]]?.name ?? classList[c[classKey][i]]?.stage;
    const valueFilter = select({ "data-control": "people-value" }, [
      { value: "", label: t.t("people.allValues") },
      ...result.overall.map((v, x) => ({ value: String(x), label: valueLabel(result, x) })),
    ], choice.value);
    valueFilter.addEventListener("change", () => {
      choice.value = valueFilter.value;
      draw();
    });
    const classFilter = select({ "data-control": "people-class" }, [
      { value: "", label: t.t("people.allClasses") },
      ...classList.filter((item) => item.customers > 0).map((item) => ({ value: item.name ?? item.stage, label: t.label(item) })),
    ], choice.className);
    classFilter.addEventListener("change", () => {
      choice.className = classFilter.value;
      draw();
    });
    const matching = [];
    if (values && values.length === c.id.length) {
      const wanted = choice.value === "" ? -1 : Number(choice.value);
      for (let i = 0; i < c.id.length; i++) {
        if (wanted >= 0 && values[i] !== wanted) continue;
        if (choice.className && className(i) !== choice.className) continue;
        matching.push(i);
      }
    }
    matching.sort((a, b) => c.monetary[b] - c.monetary[a] || (c.id[a] < c.id[b] ? -1 : 1));
    const shown = matching.slice(0, TABLE_ROWS);
    const labelOf = (list, key) => (i) => t.label(list[c[key][i]]);
    const head = [t.t("col.customer"), t.t("col.segment"), t.t("col.lifecycle"), attributeName(result.attribute), t.t("col.monetary"), t.t("col.recencyDays")];
    const rows = shown.map((i) => el("tr", { "data-customer": c.id[i], "data-value": String(values[i]) },
      el("td", { class: "id" }, c.id[i]),
      el("td", {}, labelOf(rfm.segments, "segmentCode")(i)),
      el("td", {}, labelOf(rfm.lifecycle, "lifecycleCode")(i)),
      el("td", {}, valueLabel(result, values[i])),
      el("td", { class: "num" }, t.money(c.monetary[i])),
      el("td", { class: "num" }, t.int(c.recencyDays[i]))));
    const count = el("p", { class: "card-caption", "data-field": "people-count", "data-count": String(matching.length) },
      t.t(matching.length > shown.length ? "people.countTop" : "people.count", { count: matching.length, shown: t.int(shown.length) }));
    return card(app, { title: t.t("people.table.title"), caption: t.t("people.table.caption"), field: "people-table" },
      el("div", { class: "controls" }, field(attributeName(result.attribute), valueFilter), field(t.t("people.rowsLabel"), classFilter)),
      count,
      el("div", { class: "table-scroll" },
        el("table", { class: "data-table", "data-field": "people-customers" },
          el("thead", {}, el("tr", {}, ...head.map((h, k) => el("th", { scope: "col", class: k >= 4 ? "num" : null }, h)))),
          el("tbody", {}, ...rows))));
  }

  return { render, charts: { heatmap: heatBox, overall: barsBox } };
}
