// Data view: how the orders were read (encoding, delimiter, columns and roles, date order), the rows left out, a form
// to read them differently; and the attached customers and campaign files with their join reports.
import { el, field, select, ACCEPTED_FILES } from "../dom.js";
import { ATTACHED_KINDS, countOf } from "../session.js";
import { card } from "./card.js";

const ENCODINGS = ["utf-8", "gbk", "gb18030", "big5", "utf-16le", "utf-16be", "windows-1252"];
const DELIMITERS = [",", ";", "\t", "|"];
const AUTO = "__auto";
const NONE = "__none";

export function createMapping(app, panel) {
  function render() {
    const t = app.t;
    const { failedLoad, report } = app.state;
    const parts = [el("h2", { class: "visually-hidden" }, t.t("tab.mapping"))];
    if (failedLoad?.fix) {
      // The same file read before (a wrong pick of one column): its columns stay offered in every drop-down.
      const sameFile = report && failedLoad.fileName === app.state.fileName;
      const details = failedLoad.error?.details;
      const headers = details?.headers ?? details?.columns ?? (sameFile ? report.columns.map((c) => c.name) : null);
      const candidates = Array.isArray(details?.candidates) && details.candidates.length
        ? el("p", { class: "field-hint", "data-field": "failed-candidates" }, t.t("mapping.candidates", { candidates: details.candidates.map((c) => t.t("quote", { text: c })).join(t.t("list.separator")) }))
        : null;
      parts.push(card(app, { title: t.t("mapping.failed.title", { file: failedLoad.fileName }), caption: t.t("mapping.failed.caption"), className: "attention", field: "failed" },
        el("p", { class: "error-text", "data-field": "failed-error", "data-code": failedLoad.error?.code ?? "", "data-failed-role": details?.role ?? null, "data-failed-column": details?.column ?? null }, t.errorText(failedLoad.error)),
        candidates,
        form({ kind: "orders", headers, detected: sameFile ? report : null, loadOptions: failedLoad.loadOptions, format: sameFile ? report.format : null, fileName: failedLoad.fileName })));
    }
    if (report) {
      parts.push(el("div", { class: "grid grid-mapping" },
        card(app, { title: t.t("mapping.detected.title"), caption: t.t("mapping.detected.caption", { file: app.state.fileName }), field: "detected" }, facts(report, "data-fact")),
        card(app, { title: t.t("mapping.columns.title"), caption: t.t("mapping.columns.caption"), field: "columns" }, columnsTable(report, "columns"))));
      parts.push(el("div", { class: "grid grid-mapping" },
        card(app, { title: t.t("mapping.report.title"), caption: t.t("mapping.report.caption"), field: "report" }, reportPanel(report)),
        failedLoad?.fix ? null : card(app, { title: t.t("mapping.change.title"), caption: t.t("mapping.change.caption"), field: "change" },
          form({ kind: "orders", headers: report.columns.map((c) => c.name), detected: report, loadOptions: app.state.loadOptions, format: report.format, fileName: app.state.fileName }))));
      parts.push(el("h3", { class: "section-title" }, t.t("attach.title")));
      parts.push(el("p", { class: "section-lead" }, t.t("attach.lead")));
      parts.push(el("div", { class: "grid grid-mapping" }, ...ATTACHED_KINDS.map(attachedCard)));
    }
    panel.replaceChildren(...parts);
  }

  /** How a file was read; `attribute` names the facts (`data-fact` for the orders, `data-join-fact` for attached files). */
  function facts(report, attribute) {
    const t = app.t;
    const delimiterName = (d) => (d === null || d === undefined ? "–" : t.has(`delimiter.${d === "\t" ? "tab" : d}`) ? t.t(`delimiter.${d === "\t" ? "tab" : d}`) : d);
    const row = (key, label, value) => [el("dt", {}, label), el("dd", { [attribute]: key }, value)];
    const isOrders = attribute === "data-fact";
    return el("dl", { class: "facts-list" },
      // platforms2 (issue 12): an XML order export (Salesforce Commerce Cloud) has neither sheet nor delimiter.
      row("format", t.t("mapping.format"), report.format === "xlsx" ? t.t("mapping.format.xlsx", { sheet: report.sheet ?? "–" }) : report.format === "xml" ? t.t("mapping.format.xml") : t.t("mapping.format.csv")),
      report.format === "xlsx" || report.format === "xml" ? null : row("encoding", t.t("mapping.encoding"), report.encoding ? report.encoding.toUpperCase() : "–"),
      report.format === "xlsx" || report.format === "xml" ? null : row("delimiter", t.t("mapping.delimiter"), delimiterName(report.delimiter)),
      // platforms (issue 12): the platform whose export this is, recognised by its headers.
      isOrders ? row("source", t.t("mapping.sourceLabel"), report.source ? t.t("mapping.source", { name: report.source.name }) : t.t("mapping.source.none")) : null,
      isOrders ? row("dateOrder", t.t("mapping.dateOrder"), dateOrderText(report)) : null,
      isOrders ? row("dates", t.t("mapping.dates"), t.t("status.range", { from: t.date(report.minDate), to: t.date(report.maxDate) })) : null,
      row("rowsRead", t.t("mapping.rowsRead"), t.int(report.rowsRead)),
      row("rowsUsed", t.t("mapping.rowsUsed"), t.int(report.rowsUsed)),
      isOrders ? row("blankLines", t.t("mapping.blankLines"), t.int(report.blankLines)) : null,
      // platforms2 (issue 12): a DATEV export's metadata first line, read for the year of its DDMM dates.
      isOrders && report.preambleLines > 0 ? row("preambleLines", t.t("mapping.preambleLines"), t.int(report.preambleLines)) : null);
  }

  /** The order used: the user's choice when there is one (the report then says "ymd"), else the detected one. */
  function dateOrderText(report) {
    const t = app.t;
    const chosen = app.state.loadOptions.dateOrder;
    if (chosen) return t.t("mapping.chosen", { value: t.t(`dateOrder.${chosen}`) });
    return report.dateOrder ? t.t(`dateOrder.${report.dateOrder}`) : "–";
  }

  function roleName(role) {
    return role ? (app.t.has(`role.${role}`) ? app.t.t(`role.${role}`) : role) : app.t.t("role.unused");
  }

  function columnsTable(report, name) {
    const t = app.t;
    return el("div", { class: "table-scroll" }, el("table", { class: "data-table compact", "data-table": name },
      el("thead", {}, el("tr", {},
        el("th", { scope: "col" }, t.t("mapping.col.name")),
        el("th", { scope: "col" }, t.t("mapping.col.kind")),
        el("th", { scope: "col" }, t.t("mapping.col.role")))),
      el("tbody", {}, ...report.columns.map((column) => el("tr", { "data-column-role": column.role ?? "" },
        el("th", { scope: "row", class: "column-name" }, column.name),
        el("td", {}, t.has(`kind.${column.kind}`) ? t.t(`kind.${column.kind}`) : column.kind ?? "–"),
        el("td", {}, el("span", { class: `role-chip role-${column.role ?? "none"}` }, roleName(column.role))))))));
  }

  /** Lines of the file a report points at: "line 7" and the line's text. */
  function examples(list) {
    const t = app.t;
    return el("ul", { class: "examples" }, ...(list ?? []).map((example) =>
      el("li", { "data-line": example.line },
        el("span", { class: "line-number" }, t.t("mapping.line", { line: t.int(example.line) })),
        el("code", {}, example.text))));
  }

  /** The skipped rows by reason, each with its first lines. */
  function skippedList(skipped) {
    const t = app.t;
    const reasonText = (reason) => (t.has(`skipped.reason.${reason}`) ? t.t(`skipped.reason.${reason}`) : reason);
    return el("ul", { class: "skipped-list", "data-field": "skipped-list" }, ...skipped.map((group) =>
      el("li", { "data-reason": group.reason },
        el("strong", {}, `${reasonText(group.reason)} · ${t.t("mapping.rows", { count: group.count })}`),
        group.count > group.examples.length ? el("span", { class: "muted" }, ` ${t.t("mapping.firstExamples", { count: group.examples.length })}`) : null,
        examples(group.examples))));
  }

  function warningList(warnings) {
    const t = app.t;
    return el("ul", { class: "warning-list", "data-field": "warnings" }, ...warnings.map((warning) =>
      el("li", { "data-warning": warning.code },
        t.warningText(warning),
        warning.lines?.length ? el("span", { class: "muted" }, ` ${t.t("mapping.lines", { lines: warning.lines.map((line) => t.int(line)).join(t.t("list.separator")) })}`) : null)));
  }

  function reportPanel(report) {
    const t = app.t;
    const skippedTotal = report.skipped.reduce((sum, group) => sum + group.count, 0);
    const warnings = [...report.warnings, ...(app.state.result?.warnings ?? [])];
    const excluded = app.state.result?.excluded;
    return el("div", { class: "report" },
      el("p", { class: skippedTotal ? "report-line warn" : "report-line ok", "data-field": "skipped-total", "data-value": skippedTotal },
        skippedTotal ? t.t("mapping.skipped", { count: skippedTotal }) : t.t("mapping.skipped.none")),
      skippedTotal ? skippedList(report.skipped) : null,
      excluded?.count ? el("div", { class: "excluded", "data-field": "excluded" },
        el("p", { class: "report-line" }, t.t("mapping.excluded", { count: excluded.count, date: t.date(app.state.result.analysisDate) })),
        examples(excluded.examples)) : null,
      warnings.length ? warningList(warnings) : null);
  }

  // ---- attached files ----

  /** The card of one attached kind: where to add the file, and once added how it was read and joined. */
  function attachedCard(kind) {
    const t = app.t;
    const { joined, failed } = app.state.files[kind];
    const roles = app.catalog.roles[kind];
    const needs = roles.map((role) => (role.required ? t.t("attach.required", { role: roleName(role.role) }) : roleName(role.role))).join(t.t("list.separator"));
    const body = [dropZone(kind, Boolean(joined)), el("p", { class: "field-hint", "data-field": "attach-roles" }, t.t("attach.roles", { roles: needs }))];
    if (failed) {
      const headers = failed.error?.details?.headers ?? failed.error?.details?.columns ?? null;
      body.push(el("div", { class: "attach-failed", "data-field": "attach-failed" },
        el("p", { class: "report-line warn" }, t.t("attach.failed", { file: failed.fileName })),
        el("p", { class: "error-text", "data-field": "attach-error", "data-code": failed.error?.code ?? "" }, t.errorText(failed.error)),
        failed.fix === "columns" || failed.fix === "settings" ? form({ kind, headers, detected: null, loadOptions: failed.loadOptions, format: null, fileName: failed.fileName }) : null));
    }
    if (joined) {
      const { report } = joined;
      body.push(
        el("p", { class: "report-line", "data-field": "attach-file" }, t.t("attach.joined", { file: joined.fileName })),
        facts(report, "data-join-fact"),
        el("h4", {}, t.t("attach.rolesFound")),
        rolesFound(kind, report),
        el("h4", {}, t.t("attach.report")),
        kind === "customers" ? customersReport(report) : campaignsReport(report),
        el("details", { class: "attach-columns" },
          el("summary", {}, t.t("mapping.columns.title")),
          columnsTable(report, "join-columns")),
        el("details", { class: "attach-change" },
          el("summary", {}, t.t("mapping.change.title")),
          form({ kind, headers: report.columns.map((c) => c.name), detected: report, loadOptions: joined.loadOptions, format: report.format, fileName: joined.fileName })));
    }
    return card(app, { title: t.t(`attach.${kind}.title`), caption: t.t(`attach.${kind}.caption`), field: `attach-${kind}` }, ...body);
  }

  /** A drop zone and a file picker for an attached kind (dashboard.js routes drops on `data-drop-kind` here). */
  function dropZone(kind, replacing) {
    const t = app.t;
    const input = el("input", { type: "file", class: "visually-hidden", tabindex: "-1", "aria-hidden": "true", accept: ACCEPTED_FILES, "data-attach-input": kind });
    input.addEventListener("change", () => {
      const file = input.files[0];
      input.value = ""; // choosing the same file again must read it again
      if (file) app.attachFile(kind, file);
    });
    const choose = el("button", { type: "button", class: "button secondary small", "data-action": `attach-${kind}`, on: { click: () => input.click() } },
      t.t(replacing ? "attach.replace" : "attach.choose"));
    return el("div", { class: "attach-drop", "data-drop-kind": kind }, el("span", {}, t.t(`attach.${kind}.drop`)), choose, input);
  }

  /** Each role of the kind (catalog().roles) and the column that fills it. */
  function rolesFound(kind, report) {
    const t = app.t;
    return el("dl", { class: "facts-list" }, ...app.catalog.roles[kind].flatMap(({ role, required }) => {
      const column = report.roles?.[role] ?? null;
      return [
        el("dt", {}, required ? t.t("attach.required", { role: roleName(role) }) : roleName(role)),
        el("dd", { "data-join-role": role, class: column ? "" : "muted" }, column ? t.t("quote", { text: column }) : t.t("attach.notFound")),
      ];
    }));
  }

  /** One count of a join report (`data-join` = its field), with the lines it points at when it has examples. */
  function joinCount(key, label, value, warn = false) {
    const n = countOf(value);
    return el("li", { "data-join": key, "data-value": n, class: warn && n > 0 ? "warn" : "" },
      el("span", { class: "join-label" }, label), " ", el("strong", {}, app.t.int(n)),
      value?.examples?.length ? examples(value.examples) : null);
  }

  function customersReport(report) {
    const t = app.t;
    return el("div", { class: "report join-report", "data-field": "join-report" },
      el("ul", { class: "join-counts" },
        joinCount("matched", t.t("join.matched"), report.matched),
        joinCount("customersWithoutRecord", t.t("join.customersWithoutRecord"), report.customersWithoutRecord, true),
        joinCount("recordsWithoutCustomer", t.t("join.recordsWithoutCustomer"), report.recordsWithoutCustomer, true),
        joinCount("duplicates", t.t("join.duplicates"), report.duplicates, true)),
      skippedPart(report), report.warnings?.length ? warningList(report.warnings) : null);
  }

  function campaignsReport(report) {
    const t = app.t;
    return el("div", { class: "report join-report", "data-field": "join-report" },
      el("ul", { class: "join-counts" },
        joinCount("campaigns", t.t("join.campaigns"), report.campaigns),
        joinCount("contacts", t.t("join.contacts"), report.contacts),
        joinCount("duplicates", t.t("join.duplicateContacts"), report.duplicates, true),
        joinCount("conflicting", t.t("join.conflicting"), report.conflicting, true)),
      Array.isArray(report.campaigns) && report.campaigns.length ? campaignTable(report.campaigns) : null,
      skippedPart(report), report.warnings?.length ? warningList(report.warnings) : null);
  }

  /** The campaigns of the file: contacts in each group and the days of the first and last contact. */
  function campaignTable(campaigns) {
    const t = app.t;
    const head = ["campaign", "contacts", "treatment", "control", "dates"];
    return el("div", { class: "table-scroll" }, el("table", { class: "data-table compact", "data-table": "join-campaigns" },
      el("thead", {}, el("tr", {}, ...head.map((key, index) => el("th", { scope: "col", class: index > 0 && index < 4 ? "num" : "" }, t.t(`join.col.${key}`))))),
      el("tbody", {}, ...campaigns.map((campaign) => el("tr", { "data-campaign": campaign.name },
        el("th", { scope: "row", class: "column-name" }, campaign.name),
        el("td", { class: "num", "data-col": "contacts" }, t.int(campaign.contacts)),
        el("td", { class: "num", "data-col": "treatment" }, t.int(campaign.treatment)),
        el("td", { class: "num", "data-col": "control" }, t.int(campaign.control)),
        el("td", { "data-col": "dates" }, t.t("status.range", { from: t.date(campaign.firstContact), to: t.date(campaign.lastContact) })))))));
  }

  function skippedPart(report) {
    const t = app.t;
    const total = (report.skipped ?? []).reduce((sum, group) => sum + group.count, 0);
    return [
      el("p", { class: total ? "report-line warn" : "report-line ok", "data-field": "skipped-total", "data-value": total },
        total ? t.t("mapping.skipped", { count: total }) : t.t("mapping.skipped.none")),
      total ? skippedList(report.skipped) : null,
    ];
  }

  // ---- the reading form ----

  /**
   * The form to read a file of `kind` again: a select per role of that kind (catalog().roles), encoding, delimiter,
   * date order and sheet. The orders reload (and open the Overview); an attached file is joined again.
   */
  function form({ kind, headers, detected, loadOptions, format, fileName }) {
    const t = app.t;
    const roles = app.catalog.roles[kind].map((entry) => entry.role);
    const chosen = loadOptions?.roles ?? {};
    const headerOptions = (headers ?? []).map((name) => ({ value: `h:${name}`, label: name }));
    const roleSelects = roles.map((role) => {
      const options = [
        { value: AUTO, label: t.t("mapping.role.auto") },
        { value: NONE, label: t.t("mapping.role.none") },
        ...headerOptions,
      ];
      let value = AUTO;
      if (role in chosen) value = chosen[role] === null ? NONE : `h:${chosen[role]}`;
      else if (detected?.roles && role in detected.roles) value = detected.roles[role] === null ? NONE : `h:${detected.roles[role]}`;
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
    const isOrders = kind === "orders";
    // A workbook has a sheet and no encoding or delimiter; text has no sheet (by the report, else by the file's name).
    const isWorkbook = format ? format === "xlsx" : /\.xlsx$/i.test(fileName ?? "");
    // platforms2 (issue 12): an XML order export is read as it is: no encoding or delimiter to choose.
    const isXml = format ? format === "xml" : /\.xml$/i.test(fileName ?? "");
    const confidence = (role) => {
      const value = detected?.roleConfidence?.[role];
      return typeof value === "number" ? el("span", { class: "confidence", "data-confidence": role, "data-value": value }, t.t("mapping.confidence", { percent: t.percent(value, 0) })) : null;
    };
    const hint = (role) => {
      const text = t.has(`role.${role}.hint`) ? t.t(`role.${role}.hint`) : null;
      const sure = confidence(role);
      return sure ? el("span", {}, text ? `${text} ` : "", sure) : text;
    };
    const submit = el("button", { type: "submit", class: "button primary", "data-action": isOrders ? "reload" : "reattach" }, t.t("mapping.reload"));
    const readAgain = (options) => (isOrders ? app.reload(options) : app.reattach(kind, options));
    const reset = el("button", { type: "button", class: "button ghost", "data-action": isOrders ? "reset-mapping" : "reset-attach", on: { click: () => readAgain({}) } }, t.t("mapping.resetAll"));
    const formElement = el("form", { class: "mapping-form", "data-form": isOrders ? "mapping" : `attach-${kind}` },
      el("fieldset", {}, el("legend", {}, t.t("mapping.roles")),
        el("div", { class: "field-grid" }, ...roles.map((role, index) => field(roleName(role), roleSelects[index], hint(role))))),
      el("fieldset", {}, el("legend", {}, t.t("mapping.reading")),
        el("div", { class: "field-grid" },
          isWorkbook || isXml ? null : field(t.t("mapping.encoding"), encoding),
          isWorkbook || isXml ? null : field(t.t("mapping.delimiter"), delimiter),
          field(t.t("mapping.dateOrder"), dateOrder, t.t("mapping.dateOrder.hint")),
          isWorkbook ? field(t.t("mapping.sheet"), sheet, t.t("mapping.sheet.hint")) : null)),
      el("div", { class: "form-actions" }, submit, reset));
    formElement.addEventListener("submit", async (event) => {
      event.preventDefault();
      const chosenRoles = {};
      roleSelects.forEach((control, index) => {
        const role = roles[index];
        // Only what the user changed (or set before) is sent; the rest stays automatic.
        if (control.value === control.dataset.initial && !(role in chosen)) return;
        if (control.value === AUTO) return;
        chosenRoles[role] = control.value === NONE ? null : control.value.slice(2);
      });
      const options = {
        encoding: isWorkbook || isXml ? undefined : encoding.value || undefined,
        delimiter: isWorkbook || isXml ? undefined : delimiter.value || undefined,
        dateOrder: dateOrder.value || undefined,
        sheet: isWorkbook ? sheet.value.trim() || undefined : undefined,
        roles: Object.keys(chosenRoles).length ? chosenRoles : undefined,
      };
      submit.disabled = true;
      const ok = await readAgain(options);
      submit.disabled = false;
      if (ok && isOrders) app.showView("overview");
    });
    return formElement;
  }

  return { render };
}
