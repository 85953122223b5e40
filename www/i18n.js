// Translators for English and 简体中文 (strings in i18n/*.js), number and date formats; remembers only the language.
import en from "./i18n/en.js";

const STORAGE_KEY = "clientele.language";
// split (issue 17.13): English is in the first load; the Chinese strings are imported when Chinese is chosen
// (loadLanguage). Until then a Chinese translator shows English strings with Chinese number and date formats.
const STRINGS = { "en": en };
const IMPORTS = { "zh-CN": () => import("./i18n/zh-CN.js") };

/** Imports the strings of `lang` if they are not in yet; resolves once `translator(lang)` has them. */
export async function loadLanguage(lang) {
  if (!STRINGS[lang] && IMPORTS[lang]) STRINGS[lang] = (await IMPORTS[lang]()).default;
}

/** The languages offered, each named in itself. */
export const LANGUAGES = [
  { code: "en", name: "English" },
  { code: "zh-CN", name: "简体中文" },
];

/** A supported language code for `value` ("zh", "zh-Hans", "ZH-cn" → "zh-CN"), or null. */
export function normaliseLanguage(value) {
  const lower = String(value ?? "").toLowerCase();
  if (lower === "en" || lower.startsWith("en-")) return "en";
  if (lower === "zh" || lower.startsWith("zh-")) return "zh-CN";
  return null;
}

/** The remembered choice, else the browser's language. */
export function preferredLanguage() {
  let saved = null;
  try {
    saved = localStorage.getItem(STORAGE_KEY);
  } catch {
    // storage disabled: fall back to the browser's language
  }
  return normaliseLanguage(saved) ?? normaliseLanguage(navigator.language) ?? "en";
}

/** Remembers the choice: the only thing this product ever stores. */
export function rememberLanguage(lang) {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // storage disabled: the choice lasts for this visit only
  }
}

/** Everything that depends on the language: `t(key, params)`, labels, error texts and number/date formats. */
export function translator(lang, { currency = null } = {}) {
  if (!STRINGS[lang] && !IMPORTS[lang]) throw new RangeError(`Unknown language ${lang}`);
  const strings = STRINGS[lang] ?? en; // split (issue 17.13): until loadLanguage(lang) has them
  const short = lang === "zh-CN" ? "zh" : "en";
  const integer = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  // Currency (issue 17, point 9): with a currency, amounts carry its sign in the page's locale ("€1,234.50",
  // "¥1.2万"); an unknown code falls back to plain numbers.
  let money = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  let moneyShort = new Intl.NumberFormat(lang, { notation: "compact", maximumFractionDigits: 1 });
  if (currency) {
    try {
      money = new Intl.NumberFormat(lang, { style: "currency", currency, minimumFractionDigits: 2, maximumFractionDigits: 2 });
      moneyShort = new Intl.NumberFormat(lang, { style: "currency", currency, notation: "compact", minimumFractionDigits: 0, maximumFractionDigits: 1 });
    } catch {
      currency = null;
    }
  }
  const compact = new Intl.NumberFormat(lang, { notation: "compact", maximumFractionDigits: 1 });
  const decimal1 = new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const decimalFormats = new Map([[1, decimal1]]);
  const decimal = (n, digits = 1) => {
    if (!decimalFormats.has(digits)) decimalFormats.set(digits, new Intl.NumberFormat(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits }));
    return decimalFormats.get(digits).format(n);
  };
  const significantFormats = new Map();
  const significant = (n, digits = 4) => {
    if (!significantFormats.has(digits)) significantFormats.set(digits, new Intl.NumberFormat(lang, { maximumSignificantDigits: digits }));
    return significantFormats.get(digits).format(n);
  };
  const dateFormat = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeZone: "UTC" });
  const percentFormats = new Map();
  const percentFormat = (digits, signed) => {
    const key = `${digits}${signed}`;
    if (!percentFormats.has(key)) {
      percentFormats.set(key, new Intl.NumberFormat(lang, {
        style: "percent", minimumFractionDigits: digits, maximumFractionDigits: digits, signDisplay: signed ? "exceptZero" : "auto",
      }));
    }
    return percentFormats.get(key);
  };

  const has = (key) => key in strings;

  /** The string `key`, `{name}` placeholders filled from `params`; a numeric `count` picks `key.one` where it exists. */
  function t(key, params = {}) {
    let chosenKey = key;
    if (typeof params.count === "number") {
      const plural = new Intl.PluralRules(lang).select(params.count);
      if (`${key}.${plural}` in strings) chosenKey = `${key}.${plural}`;
      params = { ...params, count: integer.format(params.count) };
    }
    const template = strings[chosenKey] ?? en[chosenKey] ?? key;
    return template.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
  }

  const quoteList = (names) => (names ?? []).map((name) => t("quote", { text: name })).join(t("list.separator"));

  /**
   * The parameters of a message from an error's or a warning's `details` (the fields catalog() lists for its code):
   * lists of names quoted, roles, file kinds and CLV models translated, the parameters of a CLV model said as what
   * they describe, counts and byte sizes formatted, other numbers to 3 significant digits.
   */
  function detailParams(details) {
    const roleName = (role) => (has(`role.${role}`) ? t(`role.${role}`) : role);
    const params = {};
    for (const [name, value] of Object.entries(details ?? {})) {
      if (name === "roles") params.roles = (value ?? []).map(roleName).join(t("list.or"));
      // platforms (issue 12): the role, skip reason and confidence of unusable_column and low_confidence_mapping.
      else if (name === "role" && typeof value === "string") params.role = roleName(value);
      else if (name === "reason" && typeof value === "string" && has(`skipped.reason.${value}`)) params.reason = t(`skipped.reason.${value}`);
      else if (name === "confidence" && typeof value === "number") params.confidence = percentFormat(0, false).format(value);
      else if (name === "model" && has(`clv.model.${value}`)) params.model = t(`clv.model.${value}`);
      else if (name === "parameters" && Array.isArray(value)) {
        params.parameters = [...new Set(value.map((p) => (has(`clv.aspect.${p}`) ? t(`clv.aspect.${p}`) : p)))].join(t("list.and"));
      }
      else if (name === "expected" && Array.isArray(value)) params.expected = value.map((type) => (has(`valueType.${type}`) ? t(`valueType.${type}`) : type)).join(t("list.or"));
      // Currency detection (issue 17, point 9): "EUR: 120 rows, USD: 80 rows".
      else if (name === "currencies" && Array.isArray(details.rows)) {
        params.currencies = value.map((code, i) => t("currency.rows", { code, rows: integer.format(details.rows[i]) })).join(t("list.separator"));
      }
      else if (name === "kind") params.kind = has(`fileKind.${value}`) ? t(`fileKind.${value}`) : String(value);
      // A limit is in bytes beside a byte count (too_large); amount_overflow's limit is in currency units.
      else if ((name === "bytes" || (name === "limit" && "bytes" in details)) && typeof value === "number") params[name] = bytes(value);
      else if (Array.isArray(value)) params[name] = quoteList(value);
      else if (typeof value === "number") params[name] = Number.isInteger(value) ? integer.format(value) : significant(value, 3);
      else params[name] = value === null || value === undefined ? "" : String(value);
    }
    return params;
  }

  /** The text for an error object `{ code, message, position, details }`, chosen by its code. */
  function errorText(error) {
    const code = typeof error?.code === "string" ? error.code : "internal_error";
    const details = error?.details ?? {};
    const key = has(`error.${code}`) ? `error.${code}` : "error.other";
    const params = { message: String(error?.message ?? error), ...detailParams(details) };
    if (code === "invalid_option" && typeof details.rule === "string" && has(`option.rule.${details.rule}`)) {
      // The rule in this language, from its code and parameters (a range without upper bound has its own words).
      const open = details.max === null && has(`option.rule.${details.rule}.open`);
      params.reason = t(`option.rule.${details.rule}${open ? ".open" : ""}`, params);
    } else if (code === "invalid_option" && !details.reason) {
      params.reason = String(error?.message ?? ""); // the module's own words
    }
    const line = error?.position?.line;
    return (line ? t("error.atLine", { line: integer.format(line) }) : "") + t(key, params);
  }

  /** The text of a warning `{ code, message, lines, details }`: ours by code, else the module's own sentence. */
  function warningText(warning) {
    if (!has(`warning.${warning.code}`)) return warning.message.charAt(0).toUpperCase() + warning.message.slice(1);
    return t(`warning.${warning.code}`, detailParams(warning.details));
  }

  /** A byte count as "12.5 MB" / "12.5 MB". */
  function bytes(n) {
    if (n < 1000) return t("unit.bytes", { n: integer.format(n) });
    if (n < 1e6) return t("unit.kb", { n: decimal1.format(n / 1e3) });
    if (n < 1e9) return t("unit.mb", { n: decimal1.format(n / 1e6) });
    return t("unit.gb", { n: decimal1.format(n / 1e9) });
  }

  return {
    lang,
    short,
    /** Whether this language's own strings are in (else English shows until loadLanguage(lang) resolves). */
    loaded: strings !== en || lang === "en",
    /** The currency amounts are shown in (an ISO code), or null. */
    currency,
    t,
    has,
    errorText,
    warningText,
    /** The display name of a result item (`{ name | stage, label: { en, zh } }`). */
    label: (item) => item?.label?.[short] ?? item?.name ?? item?.stage ?? "",
    int: (n) => integer.format(n),
    money: (n) => money.format(n),
    /** Money in a few characters: "1.3M", "125.3万"; null as "–". */
    moneyCompact: (n) => (n === null || n === undefined ? "–" : moneyShort.format(n)),
    compact: (n) => compact.format(n),
    /** A number with `digits` decimals (1 unless told). */
    decimal,
    /** A number to `digits` significant digits (model parameters): "0.2116", "2,454". */
    significant,
    percent: (fraction, digits = 1) => (fraction === null || fraction === undefined ? "–" : percentFormat(digits, false).format(fraction)),
    signedPercent: (fraction, digits = 1) => (fraction === null || fraction === undefined ? "–" : percentFormat(digits, true).format(fraction)),
    /** An index (100 = average) as a whole number. */
    index: (n) => (n === null || n === undefined ? "–" : integer.format(n)),
    /** A contract date ("YYYY-MM-DD") in the locale, e.g. "Dec 31, 2024" or "2024年12月31日". */
    date: (iso) => {
      if (!iso) return "–";
      const [year, month, day] = iso.split("-").map(Number);
      return dateFormat.format(Date.UTC(year, month - 1, day));
    },
    bytes,
  };
}
