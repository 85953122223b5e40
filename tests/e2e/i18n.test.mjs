// Unit check (no browser): English and 简体中文 have the same strings, every key the page uses exists, and every
// code the module lists in its catalog() (errors, warnings, skip reasons, roles, presets, stages) has its words in
// both languages, so a new code without a message fails here.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { REPO } from "./helpers.mjs";

const en = (await import(path.join(REPO, "www/i18n/en.js"))).default;
const zh = (await import(path.join(REPO, "www/i18n/zh-CN.js"))).default;
const { PAGE_ERROR_CODES } = await import(path.join(REPO, "www/protocol.js"));
const { ATTACHED_KINDS, MAPPING_FIXES } = await import(path.join(REPO, "www/session.js"));

// The module itself (built by ./build.sh into www/pkg), instantiated in Node: its catalog() is the list of codes.
const clientele = await import(path.join(REPO, "www/pkg/clientele.js"));
await clientele.default({ module_or_path: await readFile(path.join(REPO, "www/pkg/clientele_bg.wasm")) });
assert.equal(typeof clientele.catalog, "function", "the module has catalog()");
const catalog = clientele.catalog();
const BOTH = [["en", en], ["zh-CN", zh]];
const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
const missingIn = (keys) => BOTH.flatMap(([lang, strings]) => keys.filter((key) => !(key in strings)).map((key) => `${lang}: ${key}`));

test("both languages have the same keys (English may add .one plurals) and no empty string", () => {
  const base = (keys) => keys.filter((key) => !key.endsWith(".one"));
  assert.deepEqual(base(Object.keys(zh)).sort(), base(Object.keys(en)).sort());
  for (const [lang, strings] of [["en", en], ["zh-CN", zh]]) {
    for (const [key, value] of Object.entries(strings)) assert.ok(typeof value === "string" && value.length > 0, `${lang} ${key}`);
  }
  for (const key of Object.keys(zh)) assert.deepEqual(placeholders(zh[key]).sort(), placeholders(en[key]).sort(), `same placeholders in ${key}`);
});

test("every literal key used by the page exists", async () => {
  const files = ["dashboard.js", "session.js", "charts.js", "main.js", ...(await readdir(path.join(REPO, "www/views"))).map((f) => `views/${f}`)];
  const missing = [];
  for (const file of files) {
    const source = await readFile(path.join(REPO, "www", file), "utf8");
    for (const [, key] of source.matchAll(/\bt\.t\("([^"]+)"/g)) if (!(key in en)) missing.push(`${file}: ${key}`);
    for (const [, key] of source.matchAll(/"data-i18n": "([^"]+)"/g)) if (!(key in en)) missing.push(`${file}: ${key}`);
    for (const [, key] of source.matchAll(/label: "((?:message|status)\.[^"]+)"/g)) if (!(key in en)) missing.push(`${file}: ${key}`);
    for (const [, key] of source.matchAll(/key: "(message\.[^"]+)"/g)) if (!(key in en)) missing.push(`${file}: ${key}`);
  }
  assert.deepEqual(missing, []);
});

test("keys built at run time exist: views, kinds, delimiters, date orders, windows, methods", () => {
  const expected = [
    ...["overview", "markets", "retention", "products", "value", "customers", "mapping", "settings"].map((v) => `tab.${v}`),
    ...catalog.defaults.trend.periods.map((p) => `retention.unit.${p}`), ...catalog.defaults.trend.periods.map((p) => `retention.period.${p}`),
    ...["trend", "cohorts"].map((a) => `retention.error.${a}`),
    "role.dimension", "role.measure", "role.amount (or quantity and unitPrice)",
    ...["text", "date", "integer", "decimal", "empty"].map((k) => `kind.${k}`),
    ...[",", ";", "tab", "|"].flatMap((d) => [`delimiter.${d}`, `separator.${d}`]),
    ...["ymd", "dmy", "mdy"].flatMap((o) => [`dateOrder.${o}`, `order.${o}`]),
    "map.custom", "map.custom.hint",
    ...["all", "30", "90", "180", "365", "custom", String(catalog.defaults.compare.periodDays)].map((w) => `markets.window.${w}`),
    ...["customers", "ordersPerCustomer", "aov"].map((d) => `markets.drivers.${d}`),
    ...["rank", "quantile", "breakpoints"].map((m) => `settings.method.${m}`),
    ...["total", "mean"].map((m) => `settings.monetary.${m}`),
    ...["recency", "frequency", "monetary"].flatMap((m) => [`settings.breakpoints.${m}`, `settings.breakpoints.${m}.placeholder`]),
    ...["newDays", "activeDays", "atRiskDays"].map((k) => `settings.lifecycle.${k}`),
    ...["campaign", "contacts", "treatment", "control", "dates"].map((k) => `join.col.${k}`),
    // the Value view: units of every time unit the module offers, groupings, form fields, the KPI's two wordings
    ...catalog.defaults.clv.timeUnits.map((unit) => `value.unit.${unit}`),
    ...["segment", "tier", "stage"].flatMap((by) => [`value.groups.by.${by}`, `value.groups.col.${by}`]),
    ...["horizon", "clv.months", "clv.margin", "clv.discountRate", "holdout.from", "minCustomers", "minRepeatCustomers"].map((o) => `value.option.${o}`),
    ...["value.error.number", "value.error.positive", "value.error.margin", "value.error.discountRate"],
    ...["clv", "clvMargin", "clv.caption", "clv.captionMargin"].map((k) => `value.kpi.${k}`),
    // Campaign evaluation: the tab, the classes of `by`, the group names
    "tab.campaigns", ...catalog.defaults.campaigns.bys.map((by) => `campaigns.by.${by}`),
    ...["treatment", "control", "uplift"].map((k) => `campaigns.${k}`),
    // Customer attributes (§14): the People view's tab, derived attributes, blank / unknown / other, counts.
    "tab.people", ...catalog.defaults.profile.attributes.map((a) => `people.attribute.${a}`),
    "people.blank", "people.unknown", "people.other", "people.count", "people.countTop",
  ];
  assert.deepEqual(missingIn(expected), []);
});

test("catalog(): every role of every kind of file, every attached kind, preset and lifecycle stage has its words", () => {
  assert.deepEqual(Object.keys(catalog.roles).sort(), ["campaigns", "customers", "orders"]);
  assert.deepEqual(ATTACHED_KINDS.filter((kind) => !(kind in catalog.roles)), [], "the page attaches kinds the module reads");
  const roles = Object.values(catalog.roles).flat().map((entry) => entry.role);
  assert.ok(roles.includes("birthDate") && roles.includes("contactDate"), "the roles of the attached kinds are listed");
  assert.deepEqual(missingIn([
    ...roles.flatMap((role) => [`role.${role}`, `role.${role}.hint`]),
    ...Object.keys(catalog.roles).map((kind) => `fileKind.${kind}`),
    ...ATTACHED_KINDS.flatMap((kind) => [`attach.${kind}.title`, `attach.${kind}.caption`, `attach.${kind}.drop`]),
    ...catalog.presets.flatMap((preset) => [`map.${preset.name}`, `map.${preset.name}.hint`]),
    ...catalog.stages.map((stage) => `overview.lifecycle.hint.${stage.name}`),
  ]), []);
  for (const item of [...catalog.computedDimensions, ...catalog.tiers, ...catalog.stages]) {
    assert.ok(item.label.en && item.label.zh, `${item.name} is labelled in both languages by the module`);
  }
});

test("every segment of every preset has a suggested action", () => {
  const names = catalog.presets.flatMap((preset) => [...Object.keys(preset.labels ?? {}), preset.other?.en].filter(Boolean));
  assert.ok(names.includes("Champions") && names.includes("Important Value"), "rfm-11 and cn-8 segments are listed");
  assert.deepEqual(missingIn([...new Set(names)].map((name) => `action.segment.${name}`)), []);
});

test("every error code of the module and of the page has a message in both languages, with only the details it has", () => {
  const codes = [...catalog.errors.map((error) => error.code), ...PAGE_ERROR_CODES];
  assert.ok(codes.includes("missing_role") && codes.includes("invalid_option"), "the module's codes are listed");
  assert.deepEqual(missingIn(codes.map((code) => `error.${code}`)), []);
  // {message} is the module's own sentence; invalid_option's {reason} is its rule in words (i18n.js errorText).
  for (const { code, params } of catalog.errors) {
    for (const [lang, strings] of BOTH) {
      const unknown = placeholders(strings[`error.${code}`]).filter((name) => name !== "message" && !(code === "invalid_option" && name === "reason") && !params.includes(name));
      assert.deepEqual(unknown, [], `${lang} error.${code} uses only the details the module sends (${params.join(", ")})`);
    }
  }
  // invalid_option's rules, said from the rule's code and parameters; "condition" is a rule the module states
  // only in its own words (the error's reason), so it has no template.
  const rules = catalog.optionRules.filter(({ rule }) => rule !== "condition");
  assert.ok(rules.some(({ rule }) => rule === "whole_number_range"), "the module's option rules are listed");
  assert.deepEqual(missingIn([...rules.map(({ rule }) => `option.rule.${rule}`), ...catalog.valueTypes.map((type) => `valueType.${type}`)]), []);
  for (const { rule, params } of rules) {
    for (const [lang, strings] of BOTH) {
      const unknown = placeholders(strings[`option.rule.${rule}`]).filter((name) => !params.includes(name));
      assert.deepEqual(unknown, [], `${lang} option.rule.${rule} uses only the rule's parameters (${params.join(", ")})`);
    }
  }
  const moduleCodes = new Set(catalog.errors.map((error) => error.code));
  assert.deepEqual(Object.keys(MAPPING_FIXES).filter((code) => !moduleCodes.has(code)), [], "the codes the mapping form fixes are the module's");
});

test("the CLV models and their parameters, which errors and warnings name in details, are said in words", () => {
  // details.model of clv_* errors and the clv_ridge warning; details.parameters of clv_ridge (i18n.js detailParams).
  const codes = [...catalog.errors, ...catalog.warnings].map((entry) => entry.code);
  assert.ok(codes.includes("clv_too_few_repeat_customers") && codes.includes("clv_ridge"), "the module's CLV codes are listed");
  assert.deepEqual(missingIn([
    ...["bgnbd", "gammaGamma"].map((model) => `clv.model.${model}`),
    ...["r", "alpha", "a", "b", "p", "q", "gamma"].map((parameter) => `clv.aspect.${parameter}`),
    "list.and",
  ]), []);
});

test("every warning code and skip reason of the module has a message in both languages", () => {
  assert.ok(catalog.warnings.some((warning) => warning.code === "ambiguous_date_order"), "the module's warnings are listed");
  assert.ok(catalog.skipReasons.includes("missing_customer"), "the module's skip reasons are listed");
  assert.deepEqual(missingIn([
    ...catalog.warnings.map((warning) => `warning.${warning.code}`),
    ...catalog.skipReasons.map((reason) => `skipped.reason.${reason}`),
  ]), []);
  for (const { code, params } of catalog.warnings) {
    for (const [lang, strings] of BOTH) {
      const unknown = placeholders(strings[`warning.${code}`]).filter((name) => !params.includes(name));
      assert.deepEqual(unknown, [], `${lang} warning.${code} uses only the details the module sends`);
    }
  }
});
