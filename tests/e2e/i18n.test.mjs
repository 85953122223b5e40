// Unit check (no browser): English and 简体中文 have the same strings, every key the page uses exists, every error code is translated.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { REPO } from "./helpers.mjs";

const en = (await import(path.join(REPO, "www/i18n/en.js"))).default;
const zh = (await import(path.join(REPO, "www/i18n/zh-CN.js"))).default;

test("both languages have the same keys (English may add .one plurals) and no empty string", () => {
  const base = (keys) => keys.filter((key) => !key.endsWith(".one"));
  assert.deepEqual(base(Object.keys(zh)).sort(), base(Object.keys(en)).sort());
  for (const [lang, strings] of [["en", en], ["zh-CN", zh]]) {
    for (const [key, value] of Object.entries(strings)) assert.ok(typeof value === "string" && value.length > 0, `${lang} ${key}`);
  }
  const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  for (const key of Object.keys(zh)) assert.deepEqual(placeholders(zh[key]), placeholders(en[key]), `same placeholders in ${key}`);
});

test("every literal key used by the page exists", async () => {
  const files = ["dashboard.js", "charts.js", "main.js", ...(await readdir(path.join(REPO, "www/views"))).map((f) => `views/${f}`)];
  const missing = [];
  for (const file of files) {
    const source = await readFile(path.join(REPO, "www", file), "utf8");
    for (const [, key] of source.matchAll(/\bt\.t\("([^"]+)"/g)) if (!(key in en)) missing.push(`${file}: ${key}`);
    for (const [, key] of source.matchAll(/"data-i18n": "([^"]+)"/g)) if (!(key in en)) missing.push(`${file}: ${key}`);
    for (const [, key] of source.matchAll(/label: "((?:message|status)\.[^"]+)"/g)) if (!(key in en)) missing.push(`${file}: ${key}`);
  }
  assert.deepEqual(missing, []);
});

test("keys built at run time exist: views, roles, kinds, reasons, delimiters, presets, lifecycle stages", () => {
  const expected = [
    ...["overview", "markets", "customers", "mapping", "settings"].map((v) => `tab.${v}`),
    ...["customer", "date", "amount", "quantity", "unitPrice", "order"].flatMap((r) => [`role.${r}`, `role.${r}.hint`]),
    "role.dimension", "role.amount (or quantity and unitPrice)",
    ...["text", "date", "integer", "decimal", "empty"].map((k) => `kind.${k}`),
    ...["missing_customer", "missing_date", "bad_date", "missing_amount", "bad_amount"].map((r) => `skipped.reason.${r}`),
    ...[",", ";", "tab", "|"].flatMap((d) => [`delimiter.${d}`, `separator.${d}`]),
    ...["ymd", "dmy", "mdy"].flatMap((o) => [`dateOrder.${o}`, `order.${o}`]),
    ...["rfm-11", "cn-8", "r-rfm-readme", "r-rfm-tests", "pymc-5", "custom"].flatMap((m) => [`map.${m}`, `map.${m}.hint`]),
    ...["New", "Active", "At risk", "Lapsed"].map((s) => `overview.lifecycle.hint.${s}`),
    ...["segment", "tier", "lifecycle"].map((d) => `markets.dim.${d}`),
    ...["all", "30", "90", "180", "365", "custom"].map((w) => `markets.window.${w}`),
    ...["customers", "ordersPerCustomer", "aov"].map((d) => `markets.drivers.${d}`),
    ...["rank", "quantile", "breakpoints"].map((m) => `settings.method.${m}`),
    ...["total", "mean"].map((m) => `settings.monetary.${m}`),
    ...["recency", "frequency", "monetary"].flatMap((m) => [`settings.breakpoints.${m}`, `settings.breakpoints.${m}.placeholder`]),
    ...["newDays", "activeDays", "atRiskDays"].map((k) => `settings.lifecycle.${k}`),
    ...["ambiguous_date_order", "unreadable_quantity", "undecodable_bytes", "metric_all_tied"].map((w) => `warning.${w}`),
  ];
  assert.deepEqual(expected.filter((key) => !(key in en)), []);
});

test("every segment of every preset has a suggested action", () => {
  const names = [
    "Champions", "Loyal", "Potential Loyalist", "New Customers", "Promising", "Need Attention", "About To Sleep", "At Risk",
    "Can't Lose Them", "Hibernating", "Lost", "Other", // rfm-11
    "Important Value", "Important to Develop", "Important to Retain", "Important to Win Back", "General Value",
    "General to Develop", "General to Retain", "General to Win Back", // cn-8
    "Loyal Customers", "Others", // R rfm grids
    "Premium Customer", "Repeat Customer", "Top Spender", "At Risk Customer", "Inactive Customer", // pymc-5
  ];
  assert.deepEqual(names.filter((name) => !(`action.segment.${name}` in en)), []);
});

test("every error code of the module and of the page has a message in both languages", () => {
  const codes = [
    "empty_file", "no_rows", "not_text", "missing_role", "unknown_column", "invalid_option", "too_large", "no_customers", "invalid_state", // module
    "cross_origin_url", "fetch_failed", "engine_crashed", "engine_unavailable", "cancelled", "no_data", "not_available",
    "json_invalid", "stream_consumed", "internal_error", // page and worker
  ];
  for (const strings of [en, zh]) assert.deepEqual(codes.filter((code) => !(`error.${code}` in strings)), []);
});
