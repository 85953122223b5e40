// Settings view: analysis date, bins, scoring method, segment map (presets or a JSON map with its audit), tiers, lifecycle.
import { el, field, select } from "../dom.js";
import { card } from "./card.js";

const PRESETS = ["rfm-11", "cn-8", "r-rfm-readme", "r-rfm-tests", "pymc-5"];
/** Presets written for one number of bins (segment-presets.md); choosing one sets bins to it. */
const PRESET_BINS = { "r-rfm-readme": 5, "r-rfm-tests": 5, "pymc-5": 4 };
const DEFAULT_TIERS = [0.01, 0.04, 0.15, 0.80];
const DEFAULT_LIFECYCLE = { newDays: 30, activeDays: 90, atRiskDays: 180 };

/** rfm-11 (analytics.md §5) written as a map object: the starting point of a custom map. */
export const STARTER_MAP = `{
  "name": "my-map",
  "axes": "r-fm",
  "scale": 5,
  "rescale": true,
  "rules": [
    { "segment": "Champions", "label": { "en": "Champions", "zh": "冠军客户" },
      "cells": [{ "r": [5, 5], "f": [4, 5] }, { "r": [4, 4], "f": [5, 5] }] },
    { "segment": "Loyal", "label": { "en": "Loyal", "zh": "忠诚客户" },
      "cells": [{ "r": [5, 5], "f": [3, 3] }, { "r": [4, 4], "f": [4, 4] }, { "r": [3, 3], "f": [4, 5] }] },
    { "segment": "Potential Loyalist", "label": { "en": "Potential Loyalist", "zh": "潜力客户" },
      "cells": [{ "r": [5, 5], "f": [2, 2] }, { "r": [4, 4], "f": [2, 3] }, { "r": [3, 3], "f": [3, 3] }] },
    { "segment": "New Customers", "label": { "en": "New Customers", "zh": "新客户" },
      "cells": [{ "r": [5, 5], "f": [1, 1] }] },
    { "segment": "Promising", "label": { "en": "Promising", "zh": "有望客户" },
      "cells": [{ "r": [3, 4], "f": [1, 1] }] },
    { "segment": "Need Attention", "label": { "en": "Need Attention", "zh": "需关注客户" },
      "cells": [{ "r": [3, 3], "f": [2, 2] }, { "r": [2, 2], "f": [2, 3] }] },
    { "segment": "About To Sleep", "label": { "en": "About To Sleep", "zh": "将沉睡客户" },
      "cells": [{ "r": [2, 2], "f": [1, 1] }] },
    { "segment": "At Risk", "label": { "en": "At Risk", "zh": "高风险客户" },
      "cells": [{ "r": [2, 2], "f": [4, 5] }, { "r": [1, 1], "f": [3, 3] }] },
    { "segment": "Can't Lose Them", "label": { "en": "Can't Lose Them", "zh": "不可流失客户" },
      "cells": [{ "r": [1, 1], "f": [4, 5] }] },
    { "segment": "Hibernating", "label": { "en": "Hibernating", "zh": "沉睡客户" },
      "cells": [{ "r": [1, 1], "f": [2, 2] }] },
    { "segment": "Lost", "label": { "en": "Lost", "zh": "流失客户" },
      "cells": [{ "r": [1, 1], "f": [1, 1] }] }
  ],
  "other": { "en": "Other", "zh": "其他" }
}`;

export function createSettings(app, panel) {
  let mapText = STARTER_MAP; // the editor's text, kept while the page lives
  let feedback = null; // { kind: "error" | "ok", text, code }
  let draftPreset = null; // the preset chosen in the form but not applied yet

  function render() {
    const t = app.t;
    const options = app.state.rfmOptions;
    const { result } = app.state;
    const currentMap = typeof options.segmentMap === "object" ? "custom" : options.segmentMap ?? "rfm-11";
    const preset = draftPreset ?? currentMap;

    const analysisDate = el("input", { type: "date", "data-setting": "analysisDate", value: options.analysisDate ?? "", min: app.state.report.minDate ?? null });
    const bins = el("input", { type: "number", "data-setting": "bins", min: 2, max: 10, step: 1, value: options.bins ?? 5, inputmode: "numeric" });
    const methodName = typeof options.method === "object" ? "breakpoints" : options.method ?? "rank";
    const method = select({ "data-setting": "method" }, ["rank", "quantile", "breakpoints"].map((m) => ({ value: m, label: t.t(`settings.method.${m}`) })), methodName);
    const breakpoints = ["recency", "frequency", "monetary"].map((metric) => el("input", {
      type: "text", "data-setting": `breakpoints.${metric}`, inputmode: "decimal", autocomplete: "off",
      value: options.method?.breakpoints?.[metric]?.join(", ") ?? "", placeholder: t.t(`settings.breakpoints.${metric}.placeholder`),
    }));
    const monetary = select({ "data-setting": "monetary" }, ["total", "mean"].map((m) => ({ value: m, label: t.t(`settings.monetary.${m}`) })), options.monetary ?? "total");
    const map = select({ "data-setting": "segmentMap" }, [...PRESETS, "custom"].map((name) => ({ value: name, label: t.t(`map.${name}`) })), preset);
    const cn8Compare = select({ "data-setting": "cn8.compare" }, ["mean", "median"].map((v) => ({ value: v, label: t.t(`settings.cn8.compare.${v}`) })), options.cn8?.compare ?? "mean");
    const cn8On = select({ "data-setting": "cn8.on" }, ["scores", "raw"].map((v) => ({ value: v, label: t.t(`settings.cn8.on.${v}`) })), options.cn8?.on ?? "scores");
    const tiers = el("input", { type: "text", "data-setting": "tiers", inputmode: "decimal", autocomplete: "off", value: (options.tiers ?? DEFAULT_TIERS).map((s) => +(s * 100).toFixed(4)).join(", ") });
    const lifecycle = { ...DEFAULT_LIFECYCLE, ...options.lifecycle };
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
        el("button", { type: "button", class: "button ghost small", "data-action": "starter-map", on: { click: () => { mapText = STARTER_MAP; editor.value = mapText; } } }, t.t("settings.customMap.starter"))));
    const presetNote = el("p", { class: "field-hint", "data-field": "preset-note", "aria-live": "polite" }, presetHint(preset));
    map.addEventListener("change", () => {
      draftPreset = map.value;
      cn8Fields.hidden = map.value !== "cn-8";
      customFields.hidden = map.value !== "custom";
      if (PRESET_BINS[map.value]) bins.value = PRESET_BINS[map.value];
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
          field(t.t("settings.monetary"), monetary)),
        breakpointFields),
      el("fieldset", {}, el("legend", {}, t.t("settings.segments")),
        el("div", { class: "field-grid" }, field(t.t("settings.segmentMap"), map, null, { class: "field wide" })),
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
        card(app, { title: t.t("settings.audit.title"), caption: t.t("settings.audit.caption", { map: mapLabel(options.segmentMap) }), field: "audit" }, audit(result.audit))));
  }

  function presetHint(name) {
    return app.t.t(`map.${name}.hint`);
  }

  function mapLabel(segmentMap) {
    if (typeof segmentMap === "object") return segmentMap.name ?? app.t.t("map.custom");
    return app.t.t(`map.${segmentMap ?? "rfm-11"}`);
  }

  function buildOptions({ analysisDate, bins, method, breakpoints, monetary, map, cn8Compare, cn8On, tiers, lifecycleInputs }) {
    const options = {};
    const invalid = (option, reason) => ({ error: { code: "invalid_option", message: `option ${option}: ${reason}`, position: null, details: { option, reason } } });
    if (analysisDate.value) options.analysisDate = analysisDate.value;
    const binCount = Number(bins.value);
    if (binCount !== 5) options.bins = binCount;
    if (method.value === "quantile") options.method = "quantile";
    if (method.value === "breakpoints") {
      const parsed = {};
      for (const [index, metric] of ["recency", "frequency", "monetary"].entries()) {
        const numbers = parseNumbers(breakpoints[index].value);
        if (numbers === null) return invalid(`method.breakpoints.${metric}`, app.t.t("settings.error.numbers"));
        parsed[metric] = numbers;
      }
      options.method = { breakpoints: parsed };
    }
    if (monetary.value !== "total") options.monetary = monetary.value;
    if (map.value === "custom") {
      try {
        options.segmentMap = JSON.parse(mapText);
      } catch (error) {
        return { error: { code: "json_invalid", message: String(error.message), position: null, details: { reason: String(error.message) } } };
      }
    } else if (map.value !== "rfm-11") {
      options.segmentMap = map.value;
    }
    if (map.value === "cn-8" && (cn8Compare.value !== "mean" || cn8On.value !== "scores")) options.cn8 = { compare: cn8Compare.value, on: cn8On.value };
    const shares = parseNumbers(tiers.value);
    if (shares === null) return invalid("tiers", app.t.t("settings.error.numbers"));
    const fractions = shares.map((p) => p / 100);
    if (fractions.join() !== DEFAULT_TIERS.join()) options.tiers = fractions;
    const lifecycle = Object.fromEntries(["newDays", "activeDays", "atRiskDays"].map((key, index) => [key, Number(lifecycleInputs[index].value)]));
    if (Object.keys(lifecycle).some((key) => lifecycle[key] !== DEFAULT_LIFECYCLE[key])) options.lifecycle = lifecycle;
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
