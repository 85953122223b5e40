// Data view: what was detected (encoding, delimiter, columns and roles, date order), the load report, and a form to reload differently.
import { el, field, select } from "../dom.js";
import { card } from "./card.js";

const ROLES = ["customer", "date", "amount", "quantity", "unitPrice", "order"];
const ENCODINGS = ["utf-8", "gbk", "gb18030", "big5", "utf-16le", "utf-16be", "windows-1252"];
const DELIMITERS = [",", ";", "\t", "|"];
const AUTO = "__auto";
const NONE = "__none";

export function createMapping(app, panel) {
  function render() {
    const t = app.t;
    const { failedLoad, report } = app.state;
    const parts = [el("h2", { class: "visually-hidden" }, t.t("tab.mapping"))];
    if (failedLoad?.canMap) {
      const headers = failedLoad.error?.details?.headers ?? failedLoad.error?.details?.columns ?? null;
      parts.push(card(app, { title: t.t("mapping.failed.title", { file: failedLoad.fileName }), caption: t.t("mapping.failed.caption"), className: "attention", field: "failed" },
        el("p", { class: "error-text", "data-field": "failed-error", "data-code": failedLoad.error?.code ?? "" }, t.errorText(failedLoad.error)),
        form({ headers, detected: null, loadOptions: failedLoad.loadOptions, format: null })));
    }
    if (report) {
      parts.push(el("div", { class: "grid grid-mapping" },
        card(app, { title: t.t("mapping.detected.title"), caption: t.t("mapping.detected.caption", { file: app.state.fileName }), field: "detected" }, facts(report)),
        card(app, { title: t.t("mapping.columns.title"), caption: t.t("mapping.columns.caption"), field: "columns" }, columnsTable(report))));
      parts.push(el("div", { class: "grid grid-mapping" },
        card(app, { title: t.t("mapping.report.title"), caption: t.t("mapping.report.caption"), field: "report" }, reportPanel(report)),
        failedLoad?.canMap ? null : card(app, { title: t.t("mapping.change.title"), caption: t.t("mapping.change.caption"), field: "change" },
          form({ headers: report.columns.map((c) => c.name), detected: report, loadOptions: app.state.loadOptions, format: report.format }))));
    }
    panel.replaceChildren(...parts);
  }

  function facts(report) {
    const t = app.t;
    const delimiterName = (d) => (d === null || d === undefined ? "–" : t.has(`delimiter.${d === "\t" ? "tab" : d}`) ? t.t(`delimiter.${d === "\t" ? "tab" : d}`) : d);
    const row = (key, label, value) => [el("dt", {}, label), el("dd", { "data-fact": key }, value)];
    return el("dl", { class: "facts-list" },
      row("format", t.t("mapping.format"), report.format === "xlsx" ? t.t("mapping.format.xlsx", { sheet: report.sheet ?? "–" }) : t.t("mapping.format.csv")),
      report.format === "xlsx" ? null : row("encoding", t.t("mapping.encoding"), report.encoding ? report.encoding.toUpperCase() : "–"),
      report.format === "xlsx" ? null : row("delimiter", t.t("mapping.delimiter"), delimiterName(report.delimiter)),
      row("dateOrder", t.t("mapping.dateOrder"), dateOrderText(report)),
      row("dates", t.t("mapping.dates"), t.t("status.range", { from: t.date(report.minDate), to: t.date(report.maxDate) })),
      row("rowsRead", t.t("mapping.rowsRead"), t.int(report.rowsRead)),
      row("rowsUsed", t.t("mapping.rowsUsed"), t.int(report.rowsUsed)),
      row("blankLines", t.t("mapping.blankLines"), t.int(report.blankLines)));
  }

  /** The order used: the user's choice when there is one (the report then says "ymd"), else the detected one. */
  function dateOrderText(report) {
    const t = app.t;
    const chosen = app.state.loadOptions.dateOrder;
    if (chosen) return t.t("mapping.chosen", { value: t.t(`dateOrder.${chosen}`) });
    return report.dateOrder ? t.t(`dateOrder.${report.dateOrder}`) : "–";
  }

  function columnsTable(report) {
    const t = app.t;
    return el("div", { class: "table-scroll" }, el("table", { class: "data-table compact", "data-table": "columns" },
      el("thead", {}, el("tr", {},
        el("th", { scope: "col" }, t.t("mapping.col.name")),
        el("th", { scope: "col" }, t.t("mapping.col.kind")),
        el("th", { scope: "col" }, t.t("mapping.col.role")))),
      el("tbody", {}, ...report.columns.map((column) => el("tr", { "data-column-role": column.role ?? "" },
        el("th", { scope: "row", class: "column-name" }, column.name),
        el("td", {}, t.has(`kind.${column.kind}`) ? t.t(`kind.${column.kind}`) : column.kind ?? "–"),
        el("td", {}, el("span", { class: `role-chip role-${column.role ?? "none"}` }, column.role ? t.t(`role.${column.role}`) : t.t("role.unused"))))))));
  }

  function reportPanel(report) {
    const t = app.t;
    const skippedTotal = report.skipped.reduce((sum, group) => sum + group.count, 0);
    const warnings = [...report.warnings, ...(app.state.result?.warnings ?? [])];
    const excluded = app.state.result?.excluded;
    const reasonText = (reason) => (t.has(`skipped.reason.${reason}`) ? t.t(`skipped.reason.${reason}`) : reason);
    const examples = (list) => el("ul", { class: "examples" }, ...list.map((example) =>
      el("li", { "data-line": example.line },
        el("span", { class: "line-number" }, t.t("mapping.line", { line: t.int(example.line) })),
        el("code", {}, example.text))));
    return el("div", { class: "report" },
      el("p", { class: skippedTotal ? "report-line warn" : "report-line ok", "data-field": "skipped-total", "data-value": skippedTotal },
        skippedTotal ? t.t("mapping.skipped", { count: skippedTotal }) : t.t("mapping.skipped.none")),
      skippedTotal ? el("ul", { class: "skipped-list", "data-field": "skipped-list" }, ...report.skipped.map((group) =>
        el("li", { "data-reason": group.reason },
          el("strong", {}, `${reasonText(group.reason)} · ${t.t("mapping.rows", { count: group.count })}`),
          group.count > group.examples.length ? el("span", { class: "muted" }, ` ${t.t("mapping.firstExamples", { count: group.examples.length })}`) : null,
          examples(group.examples)))) : null,
      excluded?.count ? el("div", { class: "excluded", "data-field": "excluded" },
        el("p", { class: "report-line" }, t.t("mapping.excluded", { count: excluded.count, date: t.date(app.state.result.analysisDate) })),
        examples(excluded.examples)) : null,
      warnings.length ? el("ul", { class: "warning-list", "data-field": "warnings" }, ...warnings.map((warning) =>
        el("li", { "data-warning": warning.code },
          warningText(warning),
          warning.lines?.length ? el("span", { class: "muted" }, ` ${t.t("mapping.lines", { lines: warning.lines.map((line) => t.int(line)).join(t.t("list.separator")) })}`) : null))) : null);
  }

  /** A warning in words: the module's own sentence in English (it names the metric or count), ours by code otherwise. */
  function warningText(warning) {
    const t = app.t;
    if (t.lang === "en" || !t.has(`warning.${warning.code}`)) return warning.message.charAt(0).toUpperCase() + warning.message.slice(1);
    return t.t(`warning.${warning.code}`);
  }

  /** The reload form: a role per select, encoding, delimiter, date order and sheet. */
  function form({ headers, detected, loadOptions, format }) {
    const t = app.t;
    const chosen = loadOptions?.roles ?? {};
    const headerOptions = (headers ?? []).map((name) => ({ value: `h:${name}`, label: name }));
    const roleSelects = ROLES.map((role) => {
      const options = [
        { value: AUTO, label: t.t("mapping.role.auto") },
        { value: NONE, label: t.t("mapping.role.none") },
        ...headerOptions,
      ];
      let value = AUTO;
      if (role in chosen) value = chosen[role] === null ? NONE : `h:${chosen[role]}`;
      else if (detected) value = detected.roles[role] === null ? NONE : `h:${detected.roles[role]}`;
      const control = select({ "data-role": role }, options, value);
      control.dataset.initial = value;
      return control;
    });
    const encoding = select({ "data-control": "encoding" }, [
      { value: "", label: detected?.encoding ? t.t("mapping.detectedValue", { value: detected.encoding }) : t.t("mapping.detect") },
      ...ENCODINGS.map((name) => ({ value: name, label: name })),
    ], loadOptions?.encoding ?? "");
    const delimiter = select({ "data-control": "delimiter" }, [
      { value: "", label: t.t("mapping.detect") },
      ...DELIMITERS.map((d) => ({ value: d, label: t.t(`delimiter.${d === "\t" ? "tab" : d}`) })),
    ], loadOptions?.delimiter ?? "");
    const dateOrder = select({ "data-control": "dateOrder" }, [
      { value: "", label: t.t("mapping.detect") },
      ...["ymd", "dmy", "mdy"].map((order) => ({ value: order, label: t.t(`dateOrder.${order}`) })),
    ], loadOptions?.dateOrder ?? "");
    const sheet = el("input", { type: "text", "data-control": "sheet", value: loadOptions?.sheet ?? "", placeholder: detected?.sheet ?? "", autocomplete: "off" });
    const submit = el("button", { type: "submit", class: "button primary", "data-action": "reload" }, t.t("mapping.reload"));
    const reset = el("button", { type: "button", class: "button ghost", "data-action": "reset-mapping", on: { click: () => app.reload({}) } }, t.t("mapping.resetAll"));
    const formElement = el("form", { class: "mapping-form", "data-form": "mapping" },
      el("fieldset", {}, el("legend", {}, t.t("mapping.roles")),
        el("div", { class: "field-grid" }, ...ROLES.map((role, index) => field(t.t(`role.${role}`), roleSelects[index], t.t(`role.${role}.hint`))))),
      el("fieldset", {}, el("legend", {}, t.t("mapping.reading")),
        el("div", { class: "field-grid" },
          format === "xlsx" ? null : field(t.t("mapping.encoding"), encoding),
          format === "xlsx" ? null : field(t.t("mapping.delimiter"), delimiter),
          field(t.t("mapping.dateOrder"), dateOrder, t.t("mapping.dateOrder.hint")),
          format === "csv" ? null : field(t.t("mapping.sheet"), sheet, t.t("mapping.sheet.hint")))),
      el("div", { class: "form-actions" }, submit, reset));
    formElement.addEventListener("submit", async (event) => {
      event.preventDefault();
      const roles = {};
      roleSelects.forEach((control, index) => {
        const role = ROLES[index];
        // Only what the user changed (or set before) is sent; the rest stays automatic.
        if (control.value === control.dataset.initial && !(role in chosen)) return;
        if (control.value === AUTO) return;
        roles[role] = control.value === NONE ? null : control.value.slice(2);
      });
      const options = {
        encoding: encoding.value || undefined,
        delimiter: delimiter.value || undefined,
        dateOrder: dateOrder.value || undefined,
        sheet: sheet.value.trim() || undefined,
        roles: Object.keys(roles).length ? roles : undefined,
      };
      submit.disabled = true;
      const ok = await app.reload(options);
      submit.disabled = false;
      if (ok) app.showView("overview");
    });
    return formElement;
  }

  return { render };
}
