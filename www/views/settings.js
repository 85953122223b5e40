// Settings view: analysis date, bins, scoring method, segment map (presets or a JSON map with its audit), tiers, lifecycle.
import { el, field, select } from "../dom.js";
import { card } from "./card.js";
// Use in your warehouse (issue 19).
import { warehouseCard } from "./warehouse.js";

/** The bins a preset is written for, when it applies to that number only (catalog `fixedBins`), else null. */
function fixedBins(preset) {
  return preset?.fixedBins ? preset.bins : null;
}

/**
 * The starting point of a custom map: the default preset's map (catalog().presets, in the shape a user map takes),
 * renamed, one rule per line.
 */
export function starterMap(catalog) {
  const preset = catalog.presets.find((p) => p.name === catalog.defaults.rfm.segmentMap && p.map) ?? catalog.presets.find((p) => p.map);
  const map = { ...preset.map, name: "my-map" };
  const oneLine = (value) => JSON.stringify(value, null, 1).replace(/\n\s*/g, " ");
  const fields = Object.entries(map).map(([key, value]) => (key === "rules"
    ? `  "rules": [\n${value.map((rule) => `    ${oneLine(rule)}`).join(",\n")}\n  ]`
    : `  ${JSON.stringify(key)}: ${oneLine(value)}`));
  return `{\n${fields.join(",\n")}\n}`;
}

/** The currencies offered in Settings (issue 17, point 9), besides the file's own. */
const CURRENCIES = ["CNY", "EUR", "USD", "GBP", "JPY", "HKD", "BRL", "PLN", "CAD", "AUD", "CHF"];

export function createSettings(app, panel) {
  let mapText = null; // the editor's text, kept while the page lives (the starter map until edited)
  let feedback = null; // { kind: "error" | "ok", text, code }
  let draftPreset = null; // the preset chosen in the form but not applied yet

  function render() {
    const t = app.t;
    const { catalog } = app;
    const defaults = catalog.defaults.rfm;
    const presets = catalog.presets;
    const options = app.state.rfmOptions;
    const { result } = app.state;
    mapText ??= starterMap(catalog);
    const currentMap = typeof options.segmentMap === "object" ? "custom" : options.segmentMap ?? defaults.segmentMap;
    const preset = draftPreset ?? currentMap;

    // Currency (issue 17, point 9): how amounts are shown; applied at once (nothing is computed again).
    const fileCurrency = app.state.report.currency?.code ?? null;
    const currencyNames = typeof Intl.DisplayNames === "function" ? new Intl.DisplayNames(t.lang, { type: "currency" }) : null;
    const currency = select({ "data-setting": "currency" }, [
      { value: "", label: fileCurrency ? t.t("settings.currency.file", { code: fileCurrency }) : t.t("settings.currency.fileNone") },
      ...CURRENCIES.map((code) => ({ value: code, label: `${currencyNames?.of(code) ?? code} (${code})` })),
    ], app.display.currency ?? "");
    currency.addEventListener("change", () => app.setCurrency(currency.value || null));
    const analysisDate = el("input", { type: "date", "data-setting": "analysisDate", value: options.analysisDate ?? "", min: app.state.report.minDate ?? null });
    const bins = el("input", { type: "number", "data-setting": "bins", min: 2, max: 10, step: 1, value: options.bins ?? defaults.bins, inputmode: "numeric" });
    const methodName = typeof options.method === "object" ? "breakpoints" : options.method ?? defaults.method;
    const method = select({ "data-setting": "method" }, ["rank", "quantile", "breakpoints"].map((m) => ({ value: m, label: t.t(`settings.method.${m}`) })), methodName);
    const breakpoints = ["recency", "frequency", "monetary"].map((metric) => el("input", {
      type: "text", "data-setting": `breakpoints.${metric}`, inputmode: "decimal", autocomplete: "off",
      value: options.method?.breakpoints?.[metric]?.join(", ") ?? "", placeholder: t.t(`settings.breakpoints.${metric}.placeholder`),
    }));
    const monetary = select({ "data-setting": "monetary" }, ["total", "mean"].map((m) => ({ value: m, label: t.t(`settings.monetary.${m}`) })), options.monetary ?? defaults.monetary);
    const map = select({ "data-setting": "segmentMap" }, [...presets.map((p) => p.name), "custom"].map((name) => ({ value: name, label: t.t(`map.${name}`) })), preset);
    const cn8Compare = select({ "data-setting": "cn8.compare" }, ["mean", "median"].map((v) => ({ value: v, label: t.t(`settings.cn8.compare.${v}`) })), options.cn8?.compare ?? defaults.cn8.compare);
    const cn8On = select({ "data-setting": "cn8.on" }, ["scores", "raw"].map((v) => ({ value: v, label: t.t(`settings.cn8.on.${v}`) })), options.cn8?.on ?? defaults.cn8.on);
    const tiers = el("input", { type: "text", "data-setting": "tiers", inputmode: "decimal", autocomplete: "off", value: (options.tiers ?? defaults.tiers).map((s) => +(s * 100).toFixed(4)).join(", ") });
    const lifecycle = { ...defaults.lifecycle, ...options.lifecycle };
    const lifecycleInputs = ["newDays", "activeDays", "atRiskDays"].map((key) => el("input", { type: "number", min: 1, step: 1, "data-setting": `lifecycle.${key}`, value: lifecycle[key], inputmode: "numeric" }));
    const editor = el("textarea", { "data-setting": "customMap", spellcheck: "false", rows: 18, autocomplete: "off", autocapitalize: "off" });
    editor.value = mapText;
    editor.addEventListener("input", () => { mapText = editor.value; });

    const breakpointFields = el("div", { class: "field-grid", hidden: methodName !== "breakpoints", "data-group": "breakpoints" },
      ...breakpoints.map((input, index) => field(t.t(`settings.breakpoints.${["recency", "frequency", "monetary"][index]}`), input)));
    method.addEventListener("change", () => { breakpointFields.hidden = method.value !== "breakpoints"; });
    const cn8Fields = el("div", { class: "field-grid", hidden: preset !== "cn-8", "data-group": "cn8" },
      field(t.t("settings.cn8.compare"), cn8Compare), field(t.t("settings.cn8.on"), cn8On));
    const customFields = el("div", { class: "custom-map", hidden: preset !== "custom", "data-group": "custom" },
      field(t.t("settings.customMap"), editor, t.t("settings.customMap.hint")),
      el("div", { class: "form-actions" },
        el("button", { type: "button", class: "button ghost small", "data-action": "starter-map", on: { click: () => { mapText = starterMap(catalog); editor.value = mapText; } } }, t.t("settings.customMap.starter"))));
    const presetNote = el("p", { class: "field-hint", "data-field": "preset-note", "aria-live": "polite" }, presetHint(preset));
    map.addEventListener("change", () => {
      draftPreset = map.value;
      cn8Fields.hidden = map.value !== "cn-8";
      customFields.hidden = map.value !== "custom";
      const bound = fixedBins(presets.find((p) => p.name === map.value));
      if (bound) bins.value = bound;
      presetNote.textContent = presetHint(map.value);
    });

    const apply = el("button", { type: "submit", class: "button primary", "data-action": "apply-settings" }, t.t("settings.apply"));
    const reset = el("button", { type: "button", class: "button ghost", "data-action": "reset-settings", on: { click: resetAll } }, t.t("settings.reset"));
    const feedbackBox = feedback
      ? el("div", { class: `message ${feedback.kind === "error" ? "error" : "success"} inline`, role: feedback.kind === "error" ? "alert" : "status", "data-field": "settings-feedback", "data-code": feedback.code ?? null }, el("p", {}, feedback.text))
      : null;

    const form = el("form", { class: "settings-form", "data-form": "settings" },
      el("fieldset", {}, el("legend", {}, t.t("settings.scoring")),
        el("div", { class: "field-grid" },
          field(t.t("settings.analysisDate"), analysisDate, t.t("settings.analysisDate.hint", { date: t.date(result.analysisDate) })),
          field(t.t("settings.bins"), bins, t.t("settings.bins.hint")),
          field(t.t("settings.method"), method, t.t("settings.method.hint")),
          field(t.t("settings.monetary"), monetary),
          field(t.t("settings.currency"), currency, t.t("settings.currency.hint"))),
        breakpointFields),
      el("fieldset", {}, el("legend", {}, t.t("settings.segments")),
        el("div", { class: "field-grid" }, field(t.t("settings.segmentMap"), map, t.t("settings.segmentMap.hint"), { class: "field wide" })),
        presetNote, cn8Fields, customFields),
      el("fieldset", {}, el("legend", {}, t.t("settings.tiersAndLifecycle")),
        el("div", { class: "field-grid" },
          field(t.t("settings.tiers"), tiers, t.t("settings.tiers.hint")),
          ...lifecycleInputs.map((input, index) => field(t.t(`settings.lifecycle.${["newDays", "activeDays", "atRiskDays"][index]}`), input)))),
      feedbackBox,
      el("div", { class: "form-actions sticky-actions" }, apply, reset));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const built = buildOptions({ analysisDate, bins, method, breakpoints, monetary, map, cn8Compare, cn8On, tiers, lifecycleInputs });
      if (built.error) {
        feedback = { kind: "error", text: t.errorText(built.error), code: built.error.code };
        return render();
      }
      apply.disabled = true;
      try {
        await app.applyRfmOptions(built.options);
        draftPreset = null;
        feedback = { kind: "ok", text: t.t("settings.applied") };
      } catch (error) {
        feedback = { kind: "error", text: t.errorText(error), code: error?.code };
      }
      render();
      panel.querySelector("[data-field='settings-feedback']")?.focus?.();
    });

    panel.replaceChildren(
      el("h2", { class: "visually-hidden" }, t.t("tab.settings")),
      el("div", { class: "grid grid-settings" },
        card(app, { title: t.t("settings.title"), caption: t.t("settings.caption"), field: "settings" }, form),
        card(app, { title: t.t("settings.audit.title"), caption: t.t("settings.audit.caption", { map: mapLabel(options.segmentMap) }), field: "audit" }, audit(result.audit))),
      // Use in your warehouse (issue 19).
      warehouseCard(app, { field: "warehouse-settings" }));
  }

  function presetHint(name) {
    return app.t.t(`map.${name}.hint`);
  }

  function mapLabel(segmentMap) {
    if (typeof segmentMap === "object") return segmentMap.name ?? app.t.t("map.custom");
    return app.t.t(`map.${segmentMap ?? app.catalog.defaults.rfm.segmentMap}`);
  }

  function buildOptions({ analysisDate, bins, method, breakpoints, monetary, map, cn8Compare, cn8On, tiers, lifecycleInputs }) {
    const defaults = app.catalog.defaults.rfm;
    const options = {};
    const invalid = (option, reason) => ({ error: { code: "invalid_option", message: `option ${option}: ${reason}`, position: null, details: { option, reason } } });
    if (analysisDate.value) options.analysisDate = analysisDate.value;
    const binCount = Number(bins.value);
    if (binCount !== defaults.bins) options.bins = binCount;
    if (method.value !== "breakpoints" && method.value !== defaults.method) options.method = method.value;
    if (method.value === "breakpoints") {
      const parsed = {};
      for (const [index, metric] of ["recency", "frequency", "monetary"].entries()) {
        const numbers = parseNumbers(breakpoints[index].value);
        if (numbers === null) return invalid(`method.breakpoints.${metric}`, app.t.t("settings.error.numbers"));
        parsed[metric] = numbers;
      }
      options.method = { breakpoints: parsed };
    }
    if (monetary.value !== defaults.monetary) options.monetary = monetary.value;
    if (map.value === "custom") {
      try {
        options.segmentMap = JSON.parse(mapText);
      } catch (error) {
        return { error: { code: "json_invalid", message: String(error.message), position: null, details: { reason: String(error.message) } } };
      }
    } else if (map.value !== defaults.segmentMap) {
      options.segmentMap = map.value;
    }
    if (map.value === "cn-8" && (cn8Compare.value !== defaults.cn8.compare || cn8On.value !== defaults.cn8.on)) options.cn8 = { compare: cn8Compare.value, on: cn8On.value };
    const shares = parseNumbers(tiers.value);
    if (shares === null) return invalid("tiers", app.t.t("settings.error.numbers"));
    // tiers in percentages (issue 17.4): refused in the form's own words, not the module's fractions
    if (shares.some((share) => !(share > 0))) return invalid("tiers", app.t.t("settings.error.tierPercent"));
    const sum = shares.reduce((total, share) => total + share, 0);
    if (Math.abs(sum - 100) > 1e-6) return invalid("tiers", app.t.t("settings.error.tierSum", { sum: app.t.decimal(sum, 2) }));
    const fractions = shares.map((p) => p / 100);
    if (fractions.join() !== defaults.tiers.join()) options.tiers = fractions;
    const lifecycle = Object.fromEntries(["newDays", "activeDays", "atRiskDays"].map((key, index) => [key, Number(lifecycleInputs[index].value)]));
    if (Object.keys(lifecycle).some((key) => lifecycle[key] !== defaults.lifecycle[key])) options.lifecycle = lifecycle;
    return { options };
  }

  function parseNumbers(text) {
    const parts = text.split(/[,，;；\s]+/).filter(Boolean);
    if (parts.length === 0) return null;
    const numbers = parts.map(Number);
    return numbers.every(Number.isFinite) ? numbers : null;
  }

  async function resetAll() {
    draftPreset = null;
    try {
      await app.applyRfmOptions({});
      feedback = { kind: "ok", text: app.t.t("settings.resetDone") };
    } catch (error) {
      feedback = { kind: "error", text: app.t.errorText(error), code: error?.code };
    }
    render();
  }

  function audit(result) {
    const t = app.t;
    if (!result) return el("p", { class: "empty-note" }, "–");
    const { uncovered, overlapping, unreachable } = result;
    if (!uncovered.length && !overlapping.length && !unreachable.length) {
      return el("p", { class: "report-line ok", "data-field": "audit-clean" }, t.t("settings.audit.clean"));
    }
    const cells = (list) => el("span", { class: "cell-list" }, ...list.map((cell) => el("code", {}, cell)));
    return el("div", { class: "audit", "data-field": "audit" },
      uncovered.length ? el("div", { "data-audit": "uncovered" },
        el("p", { class: "report-line warn" }, t.t("settings.audit.uncovered", { count: uncovered.length })), cells(uncovered)) : null,
      overlapping.length ? el("div", { "data-audit": "overlapping" },
        el("p", { class: "report-line warn" }, t.t("settings.audit.overlapping", { count: overlapping.length })),
        el("ul", { class: "overlap-list" }, ...overlapping.map((overlap) => el("li", {},
          el("code", {}, overlap.cell), " ", overlap.segments.join(" / "), " → ", el("strong", {}, overlap.winner))))) : null,
      unreachable.length ? el("div", { "data-audit": "unreachable" },
        el("p", { class: "report-line warn" }, t.t("settings.audit.unreachable", { count: unreachable.length })),
        el("ul", {}, ...unreachable.map((rule) => el("li", {}, rule)))) : null);
  }

  return { render };
}
