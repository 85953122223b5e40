// UI strings in English and 简体中文 (incl. segment labels); remembers only the chosen language in localStorage.

const STORAGE_KEY = "clientele.language";
export const LANGUAGES = ["en", "zh-CN"];

const STRINGS = {
  en: {
    "app.tagline": "Customer segments from your order export. Everything runs in this browser: your data is never uploaded.",
    "language.label": "Language",
    "file.open": "Open a CSV export…",
    "file.hint": "or drop a file anywhere on this page",
    "progress.reading": "Reading {file}…",
    "progress.scoring": "Scoring customers…",
    "summary.rowsUsed": "{count} rows used",
    "summary.rowsUsed.one": "{count} row used",
    "summary.customers": "{count} customers",
    "summary.customers.one": "{count} customer",
    "summary.analysisDate": "analysis date",
    "summary.unscored": "{count} customers could not be scored",
    "summary.unscored.one": "{count} customer could not be scored",
    "summary.excluded": "{count} rows dated on or after the analysis date were left out",
    "summary.excluded.one": "{count} row dated on or after the analysis date was left out",
    "skipped.title": "{count} rows skipped",
    "skipped.title.one": "{count} row skipped",
    "skipped.line": "line {line}",
    "skipped.reason.missing_customer": "no customer",
    "skipped.reason.missing_date": "no date",
    "skipped.reason.bad_date": "unreadable date",
    "skipped.reason.missing_amount": "no amount",
    "skipped.reason.bad_amount": "unreadable amount",
    "segments.title": "Segments",
    "segments.caption": "RFM segments: recency, frequency and money spent, scored 1–5.",
    "segments.col.segment": "Segment",
    "segments.col.customers": "Customers",
    "segments.col.revenue": "Revenue",
    "segments.col.revenueShare": "Share of revenue",
    "segments.total": "Total",
    "segments.empty": "No customer could be scored in this file.",
    "chart.title": "Customers per segment",
    "error.title": "Could not analyse {file}",
    "error.engine_crashed": "The analysis engine stopped unexpectedly and has been restarted. Please open your file again.",
    "error.engine_unavailable": "The analysis engine could not start in this browser.",
  },
  "zh-CN": {
    "app.tagline": "根据订单导出文件进行客户分群。所有计算都在本浏览器中完成，数据不会上传。",
    "language.label": "语言",
    "file.open": "打开 CSV 导出文件…",
    "file.hint": "或将文件拖放到页面任意位置",
    "progress.reading": "正在读取 {file}…",
    "progress.scoring": "正在为客户评分…",
    "summary.rowsUsed": "使用 {count} 行",
    "summary.customers": "{count} 位客户",
    "summary.analysisDate": "分析日期",
    "summary.unscored": "{count} 位客户无法评分",
    "summary.excluded": "{count} 行日期不早于分析日期，未计入",
    "skipped.title": "跳过 {count} 行",
    "skipped.line": "第 {line} 行",
    "skipped.reason.missing_customer": "缺少客户",
    "skipped.reason.missing_date": "缺少日期",
    "skipped.reason.bad_date": "日期无法识别",
    "skipped.reason.missing_amount": "缺少金额",
    "skipped.reason.bad_amount": "金额无法识别",
    "segments.title": "客户分群",
    "segments.caption": "RFM 分群：按最近购买、购买频次和消费金额打分（1–5 分）。",
    "segments.col.segment": "分群",
    "segments.col.customers": "客户数",
    "segments.col.revenue": "销售额",
    "segments.col.revenueShare": "销售额占比",
    "segments.total": "合计",
    "segments.empty": "此文件中没有可评分的客户。",
    "chart.title": "各分群客户数",
    "error.title": "无法分析 {file}",
    "error.engine_crashed": "分析引擎意外停止，已重新启动。请重新打开文件。",
    "error.engine_unavailable": "分析引擎无法在此浏览器中启动。",
    "error.at_line": "第 {line} 行：",
    // The engine's error codes (its messages are English); codes without a text here show the engine's message.
    "error.empty_file": "文件为空：请选择包含标题行和订单行的文件。",
    "error.no_rows": "文件有标题行（{headers}），但没有数据行：请重新导出包含订单行的文件。",
    "error.not_text": "这不是 CSV 或文本导出文件：请导出为 CSV 或 .xlsx 文件。",
    "error.missing_role": "找不到可用作{roles}的列；文件的列为 {headers}。请修改列标题，或在选项中指定列。",
    "error.too_large": "文件过大（{bytes} 字节，上限 {limit} 字节）：请按日期范围拆分导出。",
    "error.no_customers": "分析日期之前没有任何客户订单：请检查分析日期和金额列。",
    "role.customer": "客户",
    "role.date": "日期",
    "role.amount": "金额",
    "role.amount (or quantity and unitPrice)": "金额（或数量和单价）",
  },
};

/** Segment labels of the default map (analytics contract §5); the wasm result's own labels take precedence. */
const SEGMENT_LABELS = {
  "Champions": { en: "Champions", zh: "冠军客户" },
  "Loyal": { en: "Loyal", zh: "忠诚客户" },
  "Potential Loyalist": { en: "Potential Loyalist", zh: "潜力客户" },
  "New Customers": { en: "New Customers", zh: "新客户" },
  "Promising": { en: "Promising", zh: "有望客户" },
  "Need Attention": { en: "Need Attention", zh: "需关注客户" },
  "About To Sleep": { en: "About To Sleep", zh: "将沉睡客户" },
  "At Risk": { en: "At Risk", zh: "高风险客户" },
  "Can't Lose Them": { en: "Can't Lose Them", zh: "不可流失客户" },
  "Hibernating": { en: "Hibernating", zh: "沉睡客户" },
  "Lost": { en: "Lost", zh: "流失客户" },
  "Other": { en: "Other", zh: "其他" },
};

let current = initialLanguage();

function initialLanguage() {
  let saved = null;
  try {
    saved = localStorage.getItem(STORAGE_KEY);
  } catch {
    // storage disabled: fall back to the browser's language
  }
  if (LANGUAGES.includes(saved)) return saved;
  return navigator.language?.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}

export function language() {
  return current;
}

/** Switches the language and remembers the choice (the only thing this page ever stores). */
export function setLanguage(lang) {
  if (!LANGUAGES.includes(lang)) throw new RangeError(`Unknown language ${lang}`);
  current = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // storage disabled: the choice lasts for this visit only
  }
}

/**
 * The UI string `key` in the current language, with `{name}` placeholders filled from `params`.
 * A numeric `count` picks the `key.one` variant where the language has one, and is formatted for the locale.
 */
export function t(key, params = {}) {
  const strings = STRINGS[current];
  let chosenKey = key;
  if (typeof params.count === "number") {
    const plural = new Intl.PluralRules(current).select(params.count);
    if (`${key}.${plural}` in strings) chosenKey = `${key}.${plural}`;
    params = { ...params, count: formatInteger(params.count) };
  }
  const template = strings[chosenKey] ?? STRINGS.en[chosenKey] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/**
 * The text for an error object `{ code, message, position, details }`: our own text when the current language has
 * one for its code (the engine's messages are English), else the engine's message.
 */
export function errorText(error) {
  const code = typeof error?.code === "string" ? error.code : "";
  if (!(`error.${code}` in STRINGS[current])) {
    const message = String(error?.message ?? error);
    return message.charAt(0).toUpperCase() + message.slice(1);
  }
  const details = error.details ?? {};
  const quoted = (names) => (names ?? []).map((name) => `“${name}”`).join("、");
  const params = {
    headers: quoted(details.headers),
    roles: (details.roles ?? []).map((role) => (`role.${role}` in STRINGS[current] ? t(`role.${role}`) : role)).join("或"),
    bytes: typeof details.bytes === "number" ? formatInteger(details.bytes) : "",
    limit: typeof details.limit === "number" ? formatInteger(details.limit) : "",
  };
  const line = error.position?.line;
  return (line ? t("error.at_line", { line }) : "") + t(`error.${code}`, params);
}

/** A segment's label in the current language: the result's `label`, else our table, else its name. */
export function segmentLabel(segment) {
  const short = current === "zh-CN" ? "zh" : "en";
  return segment.label?.[short] ?? SEGMENT_LABELS[segment.name]?.[short] ?? segment.name;
}

export function formatInteger(n) {
  return new Intl.NumberFormat(current).format(n);
}

export function formatMoney(n) {
  return new Intl.NumberFormat(current, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n);
}

export function formatShare(fraction) {
  return new Intl.NumberFormat(current, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(fraction);
}

/** A contract date ("YYYY-MM-DD") in the current locale, e.g. "Dec 31, 2024" or "2024年12月31日". */
export function formatDate(isoDate) {
  const [year, month, day] = isoDate.split("-").map(Number);
  return new Intl.DateTimeFormat(current, { dateStyle: "medium", timeZone: "UTC" }).format(Date.UTC(year, month - 1, day));
}
