// Campaigns view (analytics.md §16): what each campaign of the attached campaign file did, from the module's
// campaigns(): one card per campaign with the treatment's and the control's response rates and the uplift's
// interval drawn as an error bar, incremental revenue, ROI and cost per order (with the module's caution when there
// is no control group and the ROI is gross), the groups' numbers, and the per-segment (tier, stage) table as of the
// campaign's first contact. Options: the response window, a cost per contact, the margin, and the rows' classes.
import { el, field, ACCEPTED_FILES } from "../dom.js";
import { ChartBox, baseOption, tooltipBox, ACCENT, MUTED, GRID_LINE } from "../charts.js";
import { card } from "./card.js";

const TREATMENT_COLOUR = ACCENT;
const CONTROL_COLOUR = "#8d90a8";
const UPLIFT_COLOUR = "#2f74b5";

/**
 * The three bars of a campaign's chart and the uplift's whisker: `[{ key, value }]` (response rates, then the
 * uplift) and `{ low, high }` (null without a control group, when only the treatment's bar is drawn).
 */
export function responseBars(campaign) {
  const bars = [{ key: "treatment", value: campaign.treatment.responseRate }];
  if (!campaign.control) return { bars, interval: null };
  bars.push({ key: "control", value: campaign.control.responseRate });
  if (!campaign.uplift) return { bars, interval: null };
  bars.push({ key: "uplift", value: campaign.uplift.difference });
  return { bars, interval: { low: campaign.uplift.low, high: campaign.uplift.high } };
}

export function createCampaigns(app, panel) {
  const charts = new Map(); // campaign name → ChartBox (kept across draws, so ECharts is not set up again)
  let choice = null; // { windowDays, costPerContact, margin, by } the user chose (module defaults at first)
  let answer = null; // { key, result, error } of the last campaigns() for the shown data and choice
  let busy = false;
  let seq = 0;

  /** What the answer depends on: the shown orders and settings, the joined campaign file, and the choice. */
  const key = () => [app.state.result, app.state.files.campaigns.joined, JSON.stringify(choice)];
  const sameKey = (a, b) => a && b && a.every((part, i) => part === b[i]);

  function render() {
    const t = app.t;
    if (!app.canRun("campaigns")) {
      panel.replaceChildren(el("div", { class: "card notice", "data-field": "campaigns-unavailable" }, t.t("campaigns.unavailable")));
      return;
    }
    if (!app.state.files.campaigns.joined) {
      panel.replaceChildren(el("h2", { class: "visually-hidden" }, t.t("tab.campaigns")), emptyCard());
      return;
    }
    const defaults = app.catalog.defaults.campaigns;
    choice ??= { windowDays: defaults.windowDays, costPerContact: defaults.costPerContact, margin: defaults.margin, by: defaults.by };
    if (sameKey(answer?.key, key())) draw();
    else run();
  }

  async function run() {
    const mySeq = ++seq;
    const asked = key();
    busy = true;
    draw();
    let next;
    try {
      next = { key: asked, result: await app.campaigns({ ...choice }), error: null };
    } catch (error) {
      next = { key: asked, result: null, error };
    }
    if (mySeq !== seq) return;
    answer = next;
    busy = false;
    draw();
  }

  function emptyCard() {
    const t = app.t;
    const input = el("input", { type: "file", class: "visually-hidden", tabindex: "-1", "aria-hidden": "true", accept: ACCEPTED_FILES, "data-attach-input": "campaigns-view" });
    input.addEventListener("change", () => {
      const file = input.files[0];
      input.value = "";
      if (file) app.attachFile("campaigns", file);
    });
    const button = el("button", { type: "button", class: "button primary", "data-action": "attach-campaigns", on: { click: () => input.click() } }, t.t("campaigns.attach"));
    return el("section", { class: "card", "data-card": "campaigns-empty", "data-drop-kind": "campaigns" },
      el("h3", {}, t.t("campaigns.empty.title")),
      el("p", {}, t.t("campaigns.empty.text")),
      el("div", { class: "welcome-actions" }, button, input));
  }

  function controls() {
    const t = app.t;
    const { bys } = app.catalog.defaults.campaigns;
    const set = (name, value) => {
      choice = { ...choice, [name]: value };
      run();
    };
    const number = (name, attributes) => el("input", {
      type: "number", "data-option": `campaigns-${name}`, value: choice[name], ...attributes,
      on: { change: (event) => {
        const value = event.target.valueAsNumber;
        if (Number.isFinite(value)) set(name, value);
      } },
    });
    const by = el("select", { "data-option": "campaigns-by", on: { change: (event) => set("by", event.target.value) } },
      ...bys.map((name) => el("option", { value: name, selected: choice.by === name }, t.t(`campaigns.by.${name}`))));
    return el("section", { class: "card", "data-card": "campaigns-options" },
      el("div", { class: "field-grid" },
        field(t.t("campaigns.options.windowDays"), number("windowDays", { min: 1, step: 1 })),
        field(t.t("campaigns.options.costPerContact"), number("costPerContact", { min: 0, step: "any" }), t.t("campaigns.options.costPerContact.hint")),
        field(t.t("campaigns.options.margin"), number("margin", { min: 0, max: 1, step: 0.05 })),
        field(t.t("campaigns.options.by"), by)));
  }

  function draw() {
    const t = app.t;
    const body = [controls()];
    if (!answer) body.push(el("div", { class: "card notice", "data-field": "campaigns-running" }, t.t("campaigns.running")));
    else if (answer.error) {
      body.push(el("section", { class: "card", "data-card": "campaigns-error" },
        el("div", { class: "message error inline", role: "alert", "data-field": "campaigns-error", "data-code": answer.error.code ?? "" },
          el("div", { class: "message-body" }, el("strong", {}, t.t("campaigns.error")), el("p", {}, t.errorText(answer.error))))));
    } else {
      for (const warning of answer.result.warnings) {
        body.push(el("div", { class: "card notice", "data-field": "campaigns-warning", "data-code": warning.code }, t.warningText(warning)));
      }
      body.push(...answer.result.campaigns.map((campaign, index) => campaignCard(answer.result, campaign, index)));
    }
    panel.replaceChildren(
      el("h2", { class: "visually-hidden" }, t.t("tab.campaigns")),
      el("div", { class: busy ? "busy-area busy" : "busy-area", "aria-busy": String(busy), "data-field": "campaigns-results" }, ...body));
    if (answer?.result) answer.result.campaigns.forEach((campaign) => drawChart(answer.result, campaign));
  }

  function chartOf(name) {
    if (!charts.has(name)) charts.set(name, new ChartBox(el("div", { class: "chart chart-campaign" })));
    return charts.get(name);
  }

  const rate = (value) => app.t.percent(value);
  const money = (value) => (value === null || value === undefined ? "–" : app.t.money(value));
  const decimal = (value, digits = 2) => (value === null || value === undefined ? "–" : app.t.decimal(value, digits));

  function campaignCard(result, campaign, index) {
    const t = app.t;
    const chart = chartOf(campaign.campaign);
    const { uplift, roi, control } = campaign;
    const confidence = t.percent(result.confidence, 0);
    const caption = t.t("campaigns.caption", {
      from: t.date(campaign.firstContact), to: t.date(campaign.lastContact), days: t.int(result.windowDays), confidence,
    });
    const kpi = (name, label, value, exact, note = null) =>
      el("div", { class: "kpi", "data-kpi": name, "data-value": exact ?? "" },
        el("div", { class: "kpi-label" }, label), el("div", { class: "kpi-value" }, value), note ? el("div", { class: "kpi-caption" }, note) : null);
    const kpis = el("div", { class: "kpis kpis-value", role: "group", "aria-label": campaign.campaign },
      kpi("treatment-rate", t.t("campaigns.treatmentRate"), rate(campaign.treatment.responseRate), campaign.treatment.responseRate,
        t.t("campaigns.ofContacted", { responders: t.int(campaign.treatment.responders), contacted: t.int(campaign.treatment.contacted) })),
      control
        ? kpi("control-rate", t.t("campaigns.controlRate"), rate(control.responseRate), control.responseRate,
          t.t("campaigns.ofContacted", { responders: t.int(control.responders), contacted: t.int(control.contacted) }))
        : kpi("control-rate", t.t("campaigns.controlRate"), "–", null, t.t("campaigns.noControl")),
      kpi("incremental-revenue", t.t("campaigns.incrementalRevenue"), uplift ? money(uplift.incrementalRevenue) : "–", uplift?.incrementalRevenue ?? null,
        uplift?.revenueLow !== null && uplift?.revenueLow !== undefined
          ? t.t("campaigns.interval", { confidence, low: money(uplift.revenueLow * campaign.treatment.contacted), high: money(uplift.revenueHigh * campaign.treatment.contacted) })
          : null),
      kpi("roi", t.t(roi?.roiBasis === "gross" ? "campaigns.roi.gross" : "campaigns.roi"), roi?.roi === null || !roi ? "–" : t.signedPercent(roi.roi, 0), roi?.roi ?? null,
        roi && roi.cost > 0 ? t.t("campaigns.cost", { cost: money(roi.cost) }) : t.t("campaigns.noCost")),
      kpi("cost-per-order", t.t("campaigns.costPerOrder"), money(roi?.costPerOrder ?? null), roi?.costPerOrder ?? null,
        roi?.costPerResponder !== null && roi?.costPerResponder !== undefined ? t.t("campaigns.costPerResponder", { cost: money(roi.costPerResponder) }) : null));
    const summary = uplift
      ? el("p", {
        class: "value-headline", "data-field": "campaign-uplift", "data-difference": uplift.difference, "data-low": uplift.low, "data-high": uplift.high,
        "data-p": uplift.pValue ?? "",
      }, t.t("campaigns.upliftSentence", {
        difference: t.signedPercent(uplift.difference), low: t.signedPercent(uplift.low), high: t.signedPercent(uplift.high), confidence,
        p: uplift.pValue === null ? "–" : decimal(uplift.pValue, 3),
      }))
      : null;
    // Without a control group the module says what the gross ROI counts (catalog().defaults.campaigns.grossCaution).
    const caution = control ? null : el("div", { class: "message warning inline", role: "note", "data-field": "campaign-caution" },
      el("div", { class: "message-body" }, el("p", {}, t.label({ label: app.catalog.defaults.campaigns.grossCaution }))));
    const incomplete = campaign.windowComplete ? null : el("p", { class: "field-hint warning-text", "data-field": "campaign-incomplete" }, t.t("campaigns.incomplete"));
    return card(app, { title: campaign.campaign, caption, chart, className: "campaign-card", field: `campaign-${index}` },
      kpis, caution, incomplete, summary, chart.element, groupsTable(campaign), classesTable(result, campaign));
  }

  /** The groups' numbers, folded away. */
  function groupsTable(campaign) {
    const t = app.t;
    const groups = [["treatment", campaign.treatment], ...(campaign.control ? [["control", campaign.control]] : [])];
    const rows = [
      ["contacted", t.t("campaigns.col.contacted"), (g) => [g.contacted, t.int(g.contacted)]],
      ["responders", t.t("campaigns.col.responders"), (g) => [g.responders, t.int(g.responders)]],
      ["responseRate", t.t("campaigns.responseRate"), (g) => [g.responseRate, rate(g.responseRate)]],
      ["orders", t.t("col.orders"), (g) => [g.orders, t.int(g.orders)]],
      ["revenue", t.t("col.revenue"), (g) => [g.revenueExact, money(g.revenue)]],
      ["revenuePerContact", t.t("campaigns.col.revenuePerContact"), (g) => [g.revenuePerContact, money(g.revenuePerContact)]],
      ["aov", t.t("col.aov"), (g) => [g.aov, money(g.aov)]],
      ["openRate", t.t("campaigns.openRate"), (g) => [g.openRate, rate(g.openRate)]],
      ["clickRate", t.t("campaigns.clickRate"), (g) => [g.clickRate, rate(g.clickRate)]],
      ["clickToOpenRate", t.t("campaigns.clickToOpenRate"), (g) => [g.clickToOpenRate, rate(g.clickToOpenRate)]],
      ["conversionRate", t.t("campaigns.conversionRate"), (g) => [g.conversionRate, rate(g.conversionRate)]],
    ];
    return el("details", { class: "chart-numbers" },
      el("summary", {}, t.t("campaigns.numbers")),
      el("div", { class: "table-scroll" },
        el("table", { class: "data-table compact", "data-table": "campaign-groups" },
          el("thead", {}, el("tr", {}, el("th", { scope: "col" }, ""), ...groups.map(([name]) => el("th", { scope: "col", class: "num" }, t.t(`campaigns.${name}`))))),
          el("tbody", {}, ...rows.map(([name, label, cell]) => el("tr", { "data-row": name },
            el("th", { scope: "row" }, label),
            ...groups.map(([group, metrics]) => {
              const [value, text] = cell(metrics);
              return el("td", { class: "num", "data-col": group, "data-value": value ?? "" }, text);
            })))))));
  }

  /** The per-class table (segment, tier or stage as of the first contact). */
  function classesTable(result, campaign) {
    const t = app.t;
    if (!result.by || !campaign.classes.length) return null;
    const hasControl = Boolean(campaign.control);
    const prospect = app.catalog.defaults.campaigns.prospect;
    const name = (row) => (row.class === prospect.name ? t.label(prospect) : t.label(row));
    const columns = [
      t.t(`campaigns.by.${result.by}`), t.t("campaigns.col.treatmentContacted"), t.t("campaigns.col.treatmentRate"),
      ...(hasControl ? [t.t("campaigns.col.controlContacted"), t.t("campaigns.col.controlRate"), t.t("campaigns.uplift")] : []),
      t.t("campaigns.col.revenuePerContact"),
    ];
    return el("div", { class: "campaign-classes" },
      el("h4", {}, t.t("campaigns.classes.title", { by: t.t(`campaigns.by.${result.by}`), date: t.date(campaign.firstContact) })),
      el("div", { class: "table-scroll" },
        el("table", { class: "data-table compact", "data-table": "campaign-classes", "data-by": result.by },
          el("thead", {}, el("tr", {}, ...columns.map((label, i) => el("th", { scope: "col", class: i ? "num" : null }, label)))),
          el("tbody", {}, ...campaign.classes.map((row) => el("tr", { "data-row": row.class },
            el("th", { scope: "row" }, name(row)),
            el("td", { class: "num", "data-col": "treatmentContacted", "data-value": row.treatment.contacted }, t.int(row.treatment.contacted)),
            el("td", { class: "num", "data-col": "treatmentRate", "data-value": row.treatment.responseRate ?? "" }, rate(row.treatment.responseRate)),
            hasControl ? [
              el("td", { class: "num", "data-col": "controlContacted", "data-value": row.control.contacted }, t.int(row.control.contacted)),
              el("td", { class: "num", "data-col": "controlRate", "data-value": row.control.responseRate ?? "" }, rate(row.control.responseRate)),
              el("td", { class: "num", "data-col": "uplift", "data-value": row.uplift?.difference ?? "" },
                row.uplift ? t.t("campaigns.upliftCell", { difference: t.signedPercent(row.uplift.difference), low: t.signedPercent(row.uplift.low), high: t.signedPercent(row.uplift.high) }) : "–"),
            ] : null,
            el("td", { class: "num", "data-col": "revenuePerContact", "data-value": row.treatment.revenuePerContact ?? "" }, money(row.treatment.revenuePerContact))))))),
      el("p", { class: "field-hint" }, t.t("campaigns.classes.note")));
  }

  function drawChart(result, campaign) {
    const t = app.t;
    const chart = chartOf(campaign.campaign);
    const { bars, interval } = responseBars(campaign);
    const labels = bars.map((bar) => t.t(`campaigns.${bar.key}`));
    const colour = { treatment: TREATMENT_COLOUR, control: CONTROL_COLOUR, uplift: UPLIFT_COLOUR };
    const upliftIndex = bars.findIndex((bar) => bar.key === "uplift");
    chart.element.dataset.bars = bars.map((bar) => bar.key).join(" ");
    chart.element.dataset.interval = interval ? `${interval.low} ${interval.high}` : "";
    chart.set({
      ...baseOption(t),
      grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: "value", axisLabel: { color: MUTED, formatter: (v) => t.percent(v, 0) }, splitLine: { lineStyle: { color: GRID_LINE } } },
      yAxis: { type: "category", inverse: true, data: labels, axisLabel: { color: MUTED }, axisTick: { show: false } },
      tooltip: {
        ...baseOption(t).tooltip,
        trigger: "item",
        formatter: (item) => {
          const bar = bars[item.dataIndex] ?? bars[upliftIndex];
          if (bar.key === "uplift" || item.seriesType === "custom") {
            return tooltipBox(t.t("campaigns.uplift"), [
              [t.t("campaigns.uplift"), t.signedPercent(campaign.uplift.difference)],
              [t.t("campaigns.interval.short", { confidence: t.percent(result.confidence, 0) }), `${t.signedPercent(interval.low)} … ${t.signedPercent(interval.high)}`],
              ["p", campaign.uplift.pValue === null ? "–" : decimal(campaign.uplift.pValue, 3)],
            ]);
          }
          const group = campaign[bar.key];
          return tooltipBox(t.t(`campaigns.${bar.key}`), [
            [t.t("campaigns.responseRate"), rate(group.responseRate)],
            [t.t("campaigns.col.responders"), `${t.int(group.responders)} / ${t.int(group.contacted)}`],
          ]);
        },
      },
      series: [
        {
          type: "bar", barMaxWidth: 26,
          data: bars.map((bar) => ({ value: bar.value, itemStyle: { color: colour[bar.key] } })),
          label: { show: true, position: "right", color: MUTED, distance: interval ? 40 : 5, formatter: (item) => (bars[item.dataIndex].key === "uplift" ? t.signedPercent(item.value) : rate(item.value)) },
        },
        // The uplift's interval as an error bar: a line from low to high with caps, on the uplift's row.
        interval ? {
          type: "custom", z: 3,
          data: [[interval.low, interval.high, upliftIndex]],
          encode: { x: [0, 1], y: 2 },
          renderItem: (params, api) => {
            const [x1, y] = api.coord([api.value(0), api.value(2)]);
            const [x2] = api.coord([api.value(1), api.value(2)]);
            const cap = api.size([0, 1])[1] * 0.25;
            const style = { stroke: "#1f2933", lineWidth: 1.5 };
            return {
              type: "group",
              children: [
                { type: "line", shape: { x1, y1: y, x2, y2: y }, style },
                { type: "line", shape: { x1, y1: y - cap, x2: x1, y2: y + cap }, style },
                { type: "line", shape: { x1: x2, y1: y - cap, x2, y2: y + cap }, style },
              ],
            };
          },
        } : null,
      ].filter(Boolean),
    }, t.lang);
  }

  return { render, charts };
}
