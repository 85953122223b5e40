/** Options of `Dataset.fromBytes` and `new Loader` (every field optional). */
export interface LoadOptions {
  fileName?: string | null;
  /** WHATWG label: "utf-8", "utf-16le", "gbk", "gb18030", "big5", "windows-1252"…; default detected. */
  encoding?: string | null;
  /** One character; default detected among , ; tab |. */
  delimiter?: string | null;
  /** Spreadsheet sheet name; default the first. */
  sheet?: string | null;
  dateOrder?: "ymd" | "mdy" | "dmy" | null;
  /** Header names that override auto-mapping; `null` means "the file has no such column". */
  roles?: Partial<Record<"customer" | "date" | "amount" | "quantity" | "unitPrice" | "order" | "status" | "product" | "category", string | null>>;
  /** Inputs above this many bytes are refused with `too_large` (default 2 GiB). */
  maxBytes?: number | null;
  /** The whole input's size when known (a File's size), so columns are allocated once; `fromBytes` sets it. */
  totalBytes?: number | null;
  /** Currency detection (issue 17, point 9): the one currency to analyse ("EUR", "CNY", "€"…); rows written in
   * another currency are skipped as "other_currency". */
  currency?: string | null;
  // platforms (issue 12)
  /**
   * Status values whose rows are left out and reported as `not_sold` (compared without case, spaces or accents).
   * Omitted or null: `catalog().statuses.notSold` plus the recognised platform's `notSold`; `[]`: keep every row.
   */
  statusFilter?: string[] | null;
}

/** A row a report points at: its 1-based physical line and its text. */
export interface LineExample { line: number; text: string }

/** Something worth knowing that did not stop the call; `details` holds the parameters `catalog().warnings` names. */
export interface Warning { code: string; message: string; lines: number[]; details: Record<string, unknown> | null }

export type Role =
  | "customer" | "date" | "amount" | "quantity" | "unitPrice" | "order" | "dimension" | "measure" | "attribute"
  | "birthDate" | "age" | "gender" | "joinDate" | "contactDate" | "campaign" | "group" | "opened" | "clicked" | "cost"
  | "product" | "category" | "status";

/** The kinds of file a dataset reads: the orders, and the files joined to them by customer id. */
export type FileKind = "orders" | "customers" | "campaigns";

export interface LoadReport {
  /** `xml`: Salesforce Commerce Cloud's order export (platforms2, issue 12). */
  format: "csv" | "xlsx" | "xml";
  sheet: string | null;
  rowsRead: number;
  rowsUsed: number;
  blankLines: number;
  // platforms2 (issue 12)
  /** Lines before the header that are no rows: a DATEV export's metadata first line (`"EXTF";700;…`), which gives DDMM dates their year. */
  preambleLines: number;
  encoding: string;
  delimiter: string;
  dateOrder: "ymd" | "mdy" | "dmy";
  columns: { name: string; role: Role | null; kind: "empty" | "date" | "integer" | "decimal" | "text" }[];
  roles: Record<"customer" | "date" | "amount" | "quantity" | "unitPrice" | "order" | "status" | "product" | "category", string | null>;
  // platforms (issue 12)
  /**
   * How sure the mapping is of each role's column, 0–1 (null: unmapped): 1 chosen by you, 0.9 a header synonym,
   * the platform's signature share for a recognised platform's column, less when found by values. A customer
   * below 0.6 is never taken (`missing_role` with `details.candidates`); an amount or date below 0.6 carries a
   * `low_confidence_mapping` warning.
   */
  roleConfidence: Record<"customer" | "date" | "amount" | "quantity" | "unitPrice" | "order" | "status" | "product" | "category", number | null>;
  /** The platform whose export this is (`catalog().platforms`), recognised by its headers; null for none. */
  source: { platform: string; name: string; confidence: number } | null;
  skipped: {
    reason: "missing_customer" | "missing_date" | "bad_date" | "missing_amount" | "bad_amount" | "other_currency" | "not_sold" | "not_revenue" | "order_summary";
    count: number;
    examples: LineExample[];
  }[];
  warnings: Warning[];
  minDate: string | null;
  maxDate: string | null;
  // Markets defaults (issue 17, point 5).
  /** Every dimension column: what its values are; `suggested` ones are offered to compare by without asking. */
  dimensions: { name: string; kind: "group" | "identifier" | "phone" | "email" | "text"; suggested: boolean; values: number }[];
  /** The period comparison whose two windows lie inside the file's dates (a year, a quarter or a month), or null. */
  suggestedPeriod: { days: number } | null;
  // Currency detection (issue 17, point 9).
  /** The analysed amounts' currency (null when the file names none or several) and every currency found. */
  currency: { code: string | null; chosen: boolean; source: "column" | "cells" | "none"; rows: { code: string; rows: number }[]; unmarked: number };
}

/** A user's segment map: ordered rules over score boxes, first match wins. */
export interface SegmentMap {
  name: string;
  axes: "rfm" | "r-fm";
  scale: number;
  rescale?: boolean | null;
  rules: { segment: string; label?: Label | null; cells: { r: [number, number]; f: [number, number]; m?: [number, number] | null }[] }[];
  other: Label;
}

export interface RfmOptions {
  /** "YYYY-MM-DD"; default the day after the latest date. */
  analysisDate?: string | null;
  /** 2–10, default 5. */
  bins?: number | null;
  method?: "rank" | "quantile" | { breakpoints: { recency: number[]; frequency: number[]; monetary: number[] } } | null;
  monetary?: "total" | "mean" | null;
  segmentMap?: "rfm-11" | "cn-8" | "r-rfm-readme" | "r-rfm-tests" | "pymc-5" | SegmentMap | null;
  /** Shares of customers per tier, largest customers first; default [0.01, 0.04, 0.15, 0.80]. */
  tiers?: number[] | null;
  lifecycle?: { newDays?: number; activeDays?: number; atRiskDays?: number } | null;
  cn8?: { compare?: "mean" | "median" | { recency: number; frequency: number; monetary: number }; on?: "scores" | "raw" } | null;
}

export interface Label { en: string; zh: string }

export interface GroupSummary {
  name: string;
  label: Label;
  customers: number;
  revenue: number;
  revenueExact: string;
  revenueShare: number | null;
  /** True for the segment map's remainder (customers no rule matches), even when a rule has the same name. */
  other: boolean;
}

export interface RfmResult {
  analysisDate: string;
  customersScored: number;
  customersUnscored: number;
  excluded: { count: number; examples: LineExample[] };
  /** Over every row before the analysis date (every customer, returns included): compare()'s total. */
  totals: { orders: number; revenue: number; revenueExact: string; aov: number | null; customers: number };
  segments: GroupSummary[];
  tiers: GroupSummary[];
  paretoPoint: { customers: number; share: number } | null;
  lifecycle: { stage: string; label: Label; customers: number; revenue: number }[];
  audit: { uncovered: string[]; overlapping: { cell: string; segments: string[]; winner: string }[]; unreachable: string[] };
  warnings: Warning[];
  customers: {
    id: string[];
    recencyDays: Int32Array;
    frequency: Uint32Array;
    monetary: Float64Array;
    monetaryExact: string[];
    tenureDays: Int32Array;
    r: Uint8Array;
    f: Uint8Array;
    m: Uint8Array;
    cell: string[];
    score: Uint8Array;
    segment: string[];
    tier: string[];
    lifecycle: string[];
    /** Index of each customer's segment in `segments`. */
    segmentCode: Uint16Array;
    /** Index of each customer's tier in `tiers`. */
    tierCode: Uint8Array;
    /** Index of each customer's stage in `lifecycle`. */
    lifecycleCode: Uint8Array;
    // Customer attributes (analytics.md §14.4): present after `joinCustomers`.
    /** Age on the analysis date; null when unknown or without a record. */
    age?: (number | null)[];
    /** Age band of the default edges (`catalog().defaults.profile.ageBands`); "(blank)" when unknown. */
    ageBand?: string[];
    /** Index of each customer's band: the bands young to old, then "(blank)". */
    ageBandCode?: Uint32Array;
    /** "male", "female", other values as written, or "(blank)". */
    gender?: string[];
    genderCode?: Uint32Array;
  };
}

// rfm columns (issue 20.3)
/** A per-customer column of `RfmResult.customers`. */
export type RfmColumn =
  | "id" | "recencyDays" | "frequency" | "monetary" | "monetaryExact" | "tenureDays" | "r" | "f" | "m" | "cell"
  | "score" | "segment" | "tier" | "lifecycle" | "segmentCode" | "tierCode" | "lifecycleCode"
  | "age" | "ageBand" | "ageBandCode" | "gender" | "genderCode";

/** `rfm()`'s options: `RfmOptions` and `columns`, the per-customer columns to build (default all); the others
 * are left out of `customers` (neither built nor crossed). An unknown name is an `invalid_option`. */
export interface RfmCallOptions extends RfmOptions {
  columns?: RfmColumn[];
}

export interface ExportFilter {
  segment?: string | null;
  /** Index into `RfmResult.segments` (tells a rule named like the remainder from the remainder). */
  segmentCode?: number | null;
  tier?: string | null;
  /** A lifecycle stage (`RfmResult.lifecycle[].stage`, e.g. "At risk"). */
  stage?: string | null;
  /** Exactly these customers (scored ids), written in this order (a repeated id once); any other filter given
   * applies too. An id that is not a scored customer is an `invalid_option` on `ids`. */
  ids?: string[] | null;
  /** Headers of orders-file columns to add after the RFM columns: each customer's latest non-blank value (latest
   * order date; on one day the later line). Text columns as text, decimal columns as exact decimals. */
  columns?: string[] | null;
  /** "," (default) or ";". With ";" numbers are written with a decimal comma, as the locales that use ";" read
   * them. Any cell holding the delimiter, a quote or a line break is quoted. */
  delimiter?: "," | ";" | null;
  format?: "csv";
  /** Headers, segment, tier and stage labels: English (default) or 简体中文 ("zh", "zh-CN"). */
  lang?: "en" | "zh" | "zh-CN";
  /** Adds the columns `p_alive`, `expected_purchases` and `clv` (empty without Gamma-Gamma) of `ds.clv()` at the
   * export's analysis date and RFM options: `true` with the default model options, or the model options. */
  clv?: boolean | ClvModelOptions | null;
  // Customer attributes (§14.3): none are written unless named.
  /** Attributes of the joined customers file written last: "ageBand", "gender" or its columns. */
  attributes?: string[] | null;
  // next product export (issue 16.3): the target list "customers of a segment who bought A but not B".
  /** Adds the column `next_product` (推荐商品), exactly `ds.affinity()`'s `customers.nextItem` per customer at the
   * export's analysis date (empty for none): `true` with the default options, or the `AffinityOptions` (their
   * `analysisDate`, when given, must be the export's). Its `level`, `from` and `to` also say what `bought` means. */
  nextProduct?: boolean | AffinityOptions | null;
  /** Only customers who bought every one of these items (values of the product / category column): net amount > 0
   * over their rows in the affinity's window (§15.4's owned set). An unknown item is an `invalid_option`. */
  bought?: string[] | null;
  /** Only customers who bought none of these items (same meaning of "bought"). */
  notBought?: string[] | null;
}

// customer detail (issue 17.12)
/** Options of `ds.customerDetail(id, options)`. */
export interface CustomerDetailOptions {
  /** The RFM options of the scores and of every state of the history (the page's Settings). */
  rfm?: RfmOptions | null;
  /** Analysis dates ("YYYY-MM-DD") of the segment history, e.g. the first day of each of the last months. */
  history?: string[] | null;
  /** At most this many order lines, the newest (default 200). */
  limit?: number | null;
}

/** A customer's segment, tier and stage in one RFM state. */
export interface CustomerClasses {
  segment: string;
  segmentCode: number;
  segmentLabel: Label;
  tier: string;
  tierLabel: Label;
  lifecycle: string;
  lifecycleLabel: Label;
}

/** One customer: order lines, scores, and classes at earlier dates. */
export interface CustomerDetail {
  id: string;
  analysisDate: string;
  /** `null` when the customer has no positive order before the analysis date. */
  scores: (CustomerClasses & {
    recencyDays: number; frequency: number; monetary: number; monetaryExact: string; tenureDays: number;
    r: number; f: number; m: number; score: number; cell: string;
  }) | null;
  /** Headers of the file's other columns (text columns, then decimal columns): what `lines[].values` hold. */
  columns: string[];
  /** The newest lines first. `analysed`: dated before the analysis date. */
  lines: {
    line: number; date: string; amount: number; amountExact: string; order: string | null; quantity: number | null;
    analysed: boolean; values: (string | null)[];
  }[];
  linesTotal: number;
  /** One entry per `history` date; `classes` null when the customer was not scored then. */
  history: { date: string; classes: CustomerClasses | null }[];
}

/** What every method throws. `code` and the keys of `details` are listed by `catalog().errors`. */
export interface ClienteleError {
  code: string;
  message: string;
  /** Always null in this version: errors concern a whole call (rows are reported with their lines instead). */
  position: { line: number; record: number; byte: number } | null;
  details: Record<string, unknown> | InvalidOptionDetails | null;
}

/** `details` of an `invalid_option`: where (`segmentMap.rules[0].cells[1].r`), which rule, and the rule's
 * parameters (`min`, `max`, `allowed`, `expected`, as `catalog().optionRules` lists them). */
export interface InvalidOptionDetails {
  option: string;
  rule: "unknown_field" | "type" | "required" | "whole_number_range" | "whole_number_pair" | "one_of" | "date" | "one_character" | "condition";
  /** The rule in plain English. */
  reason: string;
  min?: number;
  max?: number | null;
  allowed?: string[];
  expected?: ("string" | "number" | "boolean" | "object" | "array" | "null")[];
}

/** A name with its labels. */
export interface Named { name: string; label: Label }

/** A role of a kind of file: whether it is required (unless all of `alternative` are there), and the headers
 * recognised for it (lower case, without spaces, `_`, `-` and `.`). */
export interface CatalogRole {
  role: string;
  required: boolean;
  alternative: string[];
  synonyms: string[];
  // platforms (issue 12)
  /** The synonyms by language: `en` (those of no other language), `zh-Hans`, `zh-Hant`, `ja`, `de`, `fr`, `es`, `it`, `pt`, `nl`. */
  languages: Record<string, string[]>;
}

/** What `catalog()` returns: what the module knows, as data, so pages and tests need no copies. */
export interface Catalog {
  version: string;
  defaults: {
    rfm: {
      bins: number;
      method: "rank" | "quantile";
      monetary: "total" | "mean";
      segmentMap: string;
      tiers: number[];
      lifecycle: { newDays: number; activeDays: number; atRiskDays: number };
      cn8: { compare: "mean" | "median"; on: "scores" | "raw" };
    };
    /** `periodDays` is the period the page proposes; `compare()` has no period unless asked. */
    compare: { top: number; periodDays: number; vs: "previous" | "year" };
    /** `ds.clv()`: `horizon` by time unit; `minCustomersFloor` is the lowest `minCustomers` and
     * `minRepeatCustomers` accepted. */
    clv: {
      timeUnit: "week" | "day" | "month";
      timeUnits: ("week" | "day" | "month")[];
      horizon: { week: number; day: number; month: number };
      clv: { months: number; discountRate: number; margin: number };
      minCustomers: number;
      minRepeatCustomers: number;
      minCustomersFloor: number;
    };
    /** `ds.trend()`: the default period and every period it accepts. */
    trend: { period: "month" | "week" | "day"; periods: ("month" | "week" | "day")[] };
    /** `ds.cohorts()`: `atRiskDays` is the lifecycle's, L of the churn table. */
    cohorts: {
      period: "month" | "week";
      periods: ("month" | "week")[];
      atRiskDays: number;
      churnRisk: { method: "gap" | "pAlive"; methods: ("gap" | "pAlive")[]; multiple: number; minGaps: number; threshold: number };
    };
    /** `ds.migration()`: `daysBetween` is the default distance from `from` to `to`; `new` / `none` the names of the
     * extra row and column. */
    migration: {
      by: "segment" | "tier" | "lifecycle";
      bys: ("segment" | "tier" | "lifecycle")[];
      daysBetween: number;
      lookbackDays: number | null;
      new: string;
      none: string;
    };
    // Campaign evaluation (analytics.md §16).
    /** `ds.campaigns()`: the option defaults, the confidence levels accepted, the kinds of `by`, the class of people
     * without an order before the first contact, and the caution shown with a gross ROI. */
    campaigns: {
      windowDays: number;
      confidence: number;
      confidences: number[];
      costPerContact: number;
      fixedCost: number;
      margin: number;
      by: "segment" | "tier" | "lifecycle";
      bys: ("segment" | "tier" | "lifecycle")[];
      prospect: Named;
      grossCaution: Label;
    };
    // Customer attributes (§14):
    /** `ds.profile()`: default rows, band edges, top and suppressBelow; `attributes` the derived ones. */
    profile: {
      rows: ProfileRowsName;
      rowsOptions: ProfileRowsName[];
      ageBands: number[];
      maxAge: number;
      top: number;
      suppressBelow: number;
      attributes: string[];
      blank: string;
      other: string;
    };
    // products: affinity() and growthMatrix()
    affinity: {
      top: number;
      maxTop: number;
      minSupport: number;
      minCount: number;
      maxPairs: number;
      perClass: number;
      levels: ("product" | "category")[];
      baskets: ("order" | "day" | "customer")[];
    };
    /** `quadrants` in the result's cell order, with their labels. */
    growth: { periodDays: number; top: number; quadrants: { customers: "existing" | "new"; business: "existing" | "new"; label: Label }[] };
  };
  /** Every preset; `map` is the preset as a user map (same segments), `null` for cn-8. `fixedBins`: applies only
   * with `bins` scores. `labels` by segment name, in map order; `other` the unmatched customers' segment. */
  presets: { name: string; bins: number; fixedBins: boolean; map: SegmentMap | null; labels: Record<string, Label>; other: Label | null }[];
  /** The tiers of the default shares. */
  tiers: Named[];
  stages: Named[];
  /** What `compare({ by })` computes besides the file's columns. */
  computedDimensions: Named[];
  errors: { code: string; params: string[] }[];
  warnings: { code: string; params: string[] }[];
  /** The rules of `invalid_option` with their parameters (besides option, rule, reason). */
  optionRules: { rule: string; params: string[] }[];
  valueTypes: string[];
  skipReasons: string[];
  roles: { orders: CatalogRole[]; customers: CatalogRole[]; campaigns: CatalogRole[] };
  // platforms (issue 12)
  /** The export layouts recognised: headers as compared (lower case, no spaces/punctuation, accents folded). */
  platforms: {
    id: string;
    name: string;
    kind: FileKind;
    evidence: "verified" | "partlyVerified" | "inferred";
    signature: string[];
    /** Per role, its headers (first present wins); `[]`: the export has no such column. */
    roles: Record<string, string[]>;
    notSold: string[];
    // platforms2 (issue 12)
    /** Rows summing up an order's lines, left out as `order_summary`: per column, its values. */
    summaryRows: Record<string, string[]>;
  }[];
  /** Status values (normalized) meaning not sold (the default `statusFilter`) and sold. */
  statuses: { notSold: string[]; sold: string[] };
  // hostile input (issue 18): bounds as data
  /** The module's bounds, each refused with a coded error whose `details.limit` (or `max`) is the value here. */
  limits: {
    inputBytes: number;
    reservedInputBytes: number;
    headerColumns: number;
    sheetCells: number;
    workbookBytes: number;
    segmentMapRules: number;
    segmentMapCells: number;
    tiers: number;
    optionListItems: number;
  };
}

export interface CompareOptions {
  /** A column's header, "segment" | "tier" | "lifecycle", or after `joinCustomers` "ageBand" | "gender" | a column
   * of the customers file; two for a cross table. */
  by: string | [string] | [string, string];
  analysisDate?: string | null;
  /** Inclusive "YYYY-MM-DD" window; not with `period`. */
  from?: string | null;
  to?: string | null;
  /** The current window D − days … D − 1 against the previous `days` or the same dates a year earlier. */
  period?: { days: number; vs?: "previous" | "year" } | null;
  /** Groups kept per dimension before `Other` (default 20). */
  top?: number | null;
  /** RFM options for the computed dimensions. */
  rfm?: RfmOptions | null;
}

export interface CompareMetrics {
  revenue: number;
  revenueExact: string;
  orders: number;
  customers: number;
  units: number | null;
  aov: number | null;
  revenuePerCustomer: number | null;
  share: number | null;
  aovIndex: number | null;
  revenuePerCustomerIndex: number | null;
}

/** (current − previous) ÷ |previous| of every metric; null when the previous value is 0 or either is null. */
export interface CompareChange {
  revenue: number | null;
  orders: number | null;
  customers: number | null;
  units: number | null;
  aov: number | null;
  revenuePerCustomer: number | null;
  share: number | null;
  aovIndex: number | null;
  revenuePerCustomerIndex: number | null;
}

/** Contributions to the revenue change (currency units) that add up to it. */
export interface CompareDrivers { customers: number; ordersPerCustomer: number; aov: number }

/** What a key part is: a value (even one written "Other" or "(blank)"), the blank group, or the rest past top N. */
export type CompareKeyKind = "value" | "blank" | "other";

export interface CompareGroup extends CompareMetrics {
  /** One text per dimension: the value, "(blank)" or "Other". */
  key: string[];
  /** Parallel to `key`: what each part is. */
  kinds: CompareKeyKind[];
  previous: CompareMetrics | null;
  change: CompareChange | null;
  drivers: CompareDrivers | null;
}

export interface CompareResult {
  by: string[];
  analysisDate: string;
  from: string | null;
  to: string;
  previousFrom: string | null;
  previousTo: string | null;
  excluded: { count: number; examples: LineExample[] };
  total: CompareMetrics & { previous: CompareMetrics | null; change: CompareChange | null; drivers: CompareDrivers | null };
  groups: CompareGroup[];
  rows: CompareGroup[] | null;
  columns: CompareGroup[] | null;
  // Window coverage (issue 17, point 5).
  /** Days of each window with a row, and each window's length in days (previous ones null without a period). */
  coverage: { currentDaysWithRows: number; currentDays: number; previousDaysWithRows: number | null; previousDays: number | null };
}

/** How many rows, and the first ones with their lines. */
export interface CountedRows { count: number; examples: LineExample[] }

/** What reading a joined file found, common to both kinds. */
interface JoinedFileReport {
  rowsRead: number;
  rowsUsed: number;
  blankLines: number;
  encoding: string;
  delimiter: string;
  format: "csv" | "xlsx";
  sheet: string | null;
  columns: { name: string; role: Role | null; kind: "empty" | "date" | "integer" | "decimal" | "text" }[];
  /** The header mapped to each role of the kind (`null`: no such column). */
  roles: Record<string, string | null>;
  skipped: { reason: string; count: number; examples: LineExample[] }[];
  warnings: Warning[];
}

/** `ds.joinCustomers()` (analytics.md §14.1): counts are over the customers scored at the default analysis date. */
export interface CustomerJoinReport extends JoinedFileReport {
  matched: number;
  customersWithoutRecord: number;
  recordsWithoutCustomer: CountedRows;
  duplicates: CountedRows;
}

/** `ds.joinCampaigns()` (analytics.md §16.1). */
export interface CampaignJoinReport extends JoinedFileReport {
  campaigns: { name: string; contacts: number; treatment: number; control: number; firstContact: string; lastContact: string }[];
  contacts: number;
  duplicates: CountedRows;
  conflicting: CountedRows;
}

/** The model options of `ClvOptions` (analytics.md §11.9), also `ExportFilter.clv`. Every field optional. */
export interface ClvModelOptions {
  /** The models' time unit: 7 days (default), 1 day or 30 days. */
  timeUnit?: "week" | "day" | "month" | null;
  /** Prediction horizon in time units; default one year (52, 365 or 12); above 0, at most 10 years. */
  horizon?: number | null;
  /** The CLV sum: `months` 1–120 (12), monthly `discountRate` 0 ≤ d < 1 (0.01), `margin` 0 < m ≤ 1 (1: revenue). */
  clv?: { months?: number | null; discountRate?: number | null; margin?: number | null } | null;
  /** Parameters used as given instead of fitting; without `gammaGamma` the value and CLV columns are null. */
  params?: {
    bgnbd?: { r: number; alpha: number; a: number; b: number } | null;
    gammaGamma?: { p: number; q: number; gamma: number } | null;
  } | null;
  /** Holdout check: fit on the rows before `from`, compare with `from` … analysis date − 1. */
  holdout?: { from: string } | null;
  /** Fewest customers a fit accepts (100); at least 10. */
  minCustomers?: number | null;
  /** Fewest repeat customers a fit accepts (30); at least 10. */
  minRepeatCustomers?: number | null;
}

/** Options of `ds.clv()`. */
export interface ClvOptions extends ClvModelOptions {
  /** "YYYY-MM-DD"; default the day after the latest date. */
  analysisDate?: string | null;
  /** The RFM analysis (same analysis date) whose segments, tiers and stages `bySegment`, `byTier` and `byStage`
   * sum over. */
  rfm?: RfmOptions | null;
}

/** How a fit ended (diagnostics: the optimiser used, its termination, the gradient check). */
export interface ClvFitReport {
  method: "quasiNewton" | "nelderMead";
  evaluations: number;
  termination: string;
  gradientMax: number;
  ridge: string[];
  [detail: string]: unknown;
}

/** BG/NBD: purchase rate shape `r` and scale `alpha` (time units), dropout shapes `a`, `b`. */
export interface BgNbdModel {
  r: number;
  alpha: number;
  a: number;
  b: number;
  logLikelihood: number;
  /** Likelihood evaluations of the fit (0 when given). */
  evaluations: number;
  fitted: boolean;
  /** Parameters that ended on a ridge (warning `clv_ridge`). */
  ridge: string[];
  fit: ClvFitReport | null;
}

/** Gamma-Gamma: spend shape `p`, and shape `q` and scale `gamma` of the customers' mean spend. */
export interface GammaGammaModel {
  p: number;
  q: number;
  gamma: number;
  logLikelihood: number;
  /** Customers it is fitted on (x ≥ 1 and a positive mean repeat value). */
  customers: number;
  /** Pearson's ρ of x and the mean repeat value over them (warning `gg_dependence` above 0.3 in size). */
  correlation: number | null;
  evaluations: number;
  fitted: boolean;
  ridge: string[];
  fit: ClvFitReport | null;
}

/** Expected purchases and CLV of the customers of a segment, tier or stage. */
export interface ClvGroup {
  name: string;
  label: Label;
  customers: number;
  expectedPurchases: number;
  /** null without Gamma-Gamma. */
  clv: number | null;
  /** Of the total CLV; null without Gamma-Gamma or when it is 0. */
  share: number | null;
  /** The customers RFM does not score (amount-0 purchases only), listed last when there are any. */
  unscored: boolean;
}

/** `ds.clv()` (analytics.md §11.9). Per-customer columns are in customer-id order (code points). */
export interface ClvResult {
  analysisDate: string;
  timeUnit: "week" | "day" | "month";
  horizon: number;
  /** Customers with a purchase occasion before the analysis date. */
  customerCount: number;
  repeatCustomers: number;
  /** Customer dates with return rows only (no occasion). */
  returnOnlyDays: number;
  /** Rows dated on or after the analysis date. */
  excluded: CountedRows;
  bgnbd: BgNbdModel;
  /** null when `params` leave it out. */
  gammaGamma: GammaGammaModel | null;
  /** Expected value of a purchase of a customer without repeat purchases. */
  populationMeanValue: number | null;
  /** A new customer's expected repeat purchases over the horizon. */
  newCustomerExpectedPurchases: number;
  totals: { expectedPurchases: number; clv: number | null };
  holdout: {
    from: string;
    /** In time units. */
    duration: number;
    customers: number;
    actualTotal: number;
    predictedTotal: number;
    buckets: { bucket: string; customers: number; actualMean: number; predictedMean: number }[];
    /** The model of the calibration period. */
    bgnbd: BgNbdModel;
  } | null;
  warnings: Warning[];
  /** By RFM segment (map order), tier and lifecycle stage, each followed by the unscored customers if any. */
  bySegment: ClvGroup[];
  byTier: ClvGroup[];
  byStage: ClvGroup[];
  customers: {
    id: string[];
    /** Repeat purchase occasions. */
    x: Uint32Array;
    tx: Float64Array;
    T: Float64Array;
    meanRepeatValue: Float64Array;
    pAlive: Float64Array;
    expectedPurchases: Float64Array;
    /** null without Gamma-Gamma. */
    expectedValue: Float64Array | null;
    clv: Float64Array | null;
  };
}

/** Options of `ds.trend()` (js-api.md Part two). Every field optional. */
export interface TrendOptions {
  /** "month" (default), "week" (ISO, Monday to Sunday) or "day". */
  period?: "month" | "week" | "day" | null;
  /** "YYYY-MM-DD", first day of the window; default the first day of the period holding the earliest row. */
  from?: string | null;
  /** "YYYY-MM-DD", last day of the window; default (and at most) the day before the analysis date. */
  to?: string | null;
  /** "YYYY-MM-DD"; default the day after the latest date. */
  analysisDate?: string | null;
}

/** One period of `TrendResult`. */
export interface TrendRow {
  /** "2024-01", "2024-W05" or "2024-01-05". */
  period: string;
  /** The period's first day. */
  start: string;
  /** false when the window or the analysis date cuts the period short (the last one, usually). */
  complete: boolean;
  /** Every amount dated in the period, returns included. */
  revenue: number;
  revenueExact: string;
  /** Orders with a line of amount > 0 in the period (an order spanning two periods counts in each). */
  orders: number;
  /** Distinct customers with a purchase in the period: newCustomers + returningCustomers. */
  customers: number;
  /** First purchase in this period. */
  newCustomers: number;
  /** Bought before this period. */
  returningCustomers: number;
  /** revenue ÷ orders; null without orders. */
  aov: number | null;
}

/** What `ds.trend()` returns: every period of the window, empty ones included, oldest first. */
export interface TrendResult {
  analysisDate: string;
  period: "month" | "week" | "day";
  /** The window used; null when no row is dated before the analysis date. */
  from: string | null;
  to: string | null;
  rows: TrendRow[];
  excluded: { count: number; examples: LineExample[] };
}

/** Options of `ds.cohorts()` (analytics.md §12.5). Every field optional. */
export interface CohortOptions {
  /** "YYYY-MM-DD"; default the day after the latest date. */
  analysisDate?: string | null;
  /** "month" (default) or "week" (ISO, Monday to Sunday). */
  period?: "month" | "week" | null;
  /** "YYYY-MM-DD": keep the cohorts whose first purchase falls from `from` to `to` (inclusive). */
  from?: string | null;
  to?: string | null;
  /** L = atRiskDays (180): lapsed when the last purchase is more than L days ago; at least 31 for months, 7 for
   * weeks. The other lifecycle thresholds are accepted and unused. */
  lifecycle?: { newDays?: number | null; activeDays?: number | null; atRiskDays?: number | null } | null;
  churnRisk?: {
    /** "gap" (default): recency > multiple × the gap used; "pAlive": P(alive) < threshold (fits or uses `clv`). */
    method?: "gap" | "pAlive" | null;
    multiple?: number | null;
    minGaps?: number | null;
    threshold?: number | null;
  } | null;
  /** The model options of `ClvOptions`, for `method: "pAlive"`. */
  clv?: ClvModelOptions | null;
}

/** One cohort: cells k = 0, 1, …; null after the period holding the day before the analysis date. */
export interface CohortRow {
  /** "2024-01" or "2024-W05". */
  cohort: string;
  start: string;
  customers: number;
  repeatRate: number;
  active: (number | null)[];
  retention: (number | null)[];
  revenue: (number | null)[];
  revenueExact: (string | null)[];
  revenuePerCustomer: (number | null)[];
  /** What a cohort customer has spent by period k (cells 0 … k). */
  cumulativeRevenuePerCustomer: (number | null)[];
}

/** What `ds.cohorts()` returns (analytics.md §12.5). */
export interface CohortResult {
  analysisDate: string;
  period: "month" | "week";
  churnThresholdDays: number;
  /** The non-empty cohorts, oldest first. */
  cohorts: CohortRow[];
  /** Whether the period holding the day before the analysis date is complete. */
  lastPeriodComplete: boolean;
  /** Per k, over the cohorts whose period c + k is complete; null when none is. */
  averageRetention: (number | null)[];
  /** The complete periods from the first purchase on. */
  churn: { period: string; start: string; base: number; churned: number; churnRate: number | null; new: number; reactivated: number }[];
  repeatRate: number;
  /** Days between consecutive purchase dates, pooled (type-7 quantiles); null when nobody bought twice. */
  gaps: { count: number; median: number; p25: number; p75: number; p90: number; medianDaysToSecondPurchase: number } | null;
  excluded: { count: number; examples: LineExample[] };
  /** Every customer with a purchase, in customer-id order. */
  customers: {
    id: string[];
    /** Distinct purchase dates. */
    purchaseDays: Uint32Array;
    /** The gap used (own median or pooled median). */
    gapDays: Float64Array;
    /** 1 own, 0 pooled. */
    gapSource: Uint8Array;
    churnRisk: Uint8Array;
    /** Recency ÷ gapDays. */
    riskRatio: Float64Array;
  };
}

/** Options of `ds.migration()` (analytics.md §13.2). Every field optional. */
export interface MigrationOptions {
  /** "YYYY-MM-DD", D1; default `to` − 90 days. */
  from?: string | null;
  /** "YYYY-MM-DD", D2; default the analysis date (`rfm.analysisDate`, which then bounds it, or the day after the
   * latest date). */
  to?: string | null;
  by?: "segment" | "tier" | "lifecycle" | null;
  /** The RFM options of both states. */
  rfm?: RfmOptions | null;
  /** Each state uses only its last this many days of rows; null: all history. */
  lookbackDays?: number | null;
}

/** What `ds.migration()` returns: rows are the classes at `from` then "new", columns the classes at `to` then
 * "none"; every matrix is rows × columns. */
export interface MigrationResult {
  from: string;
  to: string;
  by: "segment" | "tier" | "lifecycle";
  lookbackDays: number | null;
  rows: string[];
  columns: string[];
  counts: number[][];
  /** null where the row is empty. */
  rowShares: (number | null)[][];
  /** Cell ÷ all customers of the matrix; null when there is none. */
  shares: (number | null)[][];
  /** Amounts of the cell's customers dated from … to − 1. */
  revenueBetween: number[][];
  revenueBetweenExact: string[][];
  /** `up` / `down` by tier only (null otherwise). */
  summary: { stayed: number; moved: number; new: number; none: number; up: number | null; down: number | null };
  /** Every customer of either state, in customer-id order. */
  customers: {
    id: string[];
    /** Class at `from`; null for new. */
    from: (string | null)[];
    /** Class at `to`; null for none. */
    to: (string | null)[];
    /** Row index (the last is "new"). */
    fromIndex: Uint16Array;
    /** Column index (the last is "none"). */
    toIndex: Uint16Array;
  };
}

// Campaign evaluation (analytics.md §16).
/** Options of `ds.campaigns()` (analytics.md §16.6). Every field optional. */
export interface CampaignOptions {
  /** "YYYY-MM-DD": rows dated before it count; default the day after the latest row. */
  analysisDate?: string | null;
  /** The response window in days, the contact day included (default 30). */
  windowDays?: number | null;
  /** 0.9, 0.95 (default) or 0.99. */
  confidence?: number | null;
  /** Cost per treatment contact when the file has no cost column (default 0). */
  costPerContact?: number | null;
  /** A cost of the campaign besides its contacts (default 0). */
  fixedCost?: number | null;
  /** The share of revenue that is profit, 0 … 1 (default 1). */
  margin?: number | null;
  /** The classes of the per-class rows, as of each campaign's first contact (default "segment"); false: none. */
  by?: "segment" | "tier" | "lifecycle" | false | null;
  /** The RFM options behind the classes (without analysisDate: the classes are taken at the first contact). */
  rfm?: RfmOptions | null;
}

/** One group's figures over its contacts' response windows; quotients null when their denominator is 0, the flag
 * figures null for the control group and without the column. */
export interface CampaignGroup {
  contacted: number;
  responders: number;
  responseRate: number | null;
  orders: number;
  revenue: number;
  revenueExact: string;
  revenuePerContact: number | null;
  aov: number | null;
  opened: number | null;
  clicked: number | null;
  openRate: number | null;
  clickRate: number | null;
  clickToOpenRate: number | null;
  conversionRate: number | null;
}

/** Treatment against control: the Newcombe interval of the difference, the pooled z test (null when the pooled
 * rate is 0 or 1), incremental responders and revenue. */
export interface CampaignUplift {
  difference: number;
  low: number;
  high: number;
  relative: number | null;
  z: number | null;
  pValue: number | null;
  incrementalResponders: number;
  incrementalRevenue: number;
  revenuePerContactDifference: number;
  /** Null when a group has fewer than 2 contacts. */
  revenueLow: number | null;
  revenueHigh: number | null;
}

/** The return on a campaign's cost; `roiBasis` "gross" (no control group) goes with `catalog().defaults.campaigns.grossCaution`. */
export interface CampaignRoi {
  cost: number;
  costExact: string;
  profit: number;
  roi: number | null;
  roiBasis: "incremental" | "gross";
  costPerResponder: number | null;
  costPerOrder: number | null;
  costPerIncrementalResponder: number | null;
}

/** One class (segment, tier or stage as of the first contact, or "(prospect)") of a campaign. */
export interface CampaignClass {
  class: string;
  label: Label;
  treatment: CampaignGroup;
  control: CampaignGroup | null;
  uplift: CampaignUplift | null;
}

/** What `ds.campaigns()` returns (analytics.md §16.6). */
export interface CampaignsResult {
  analysisDate: string;
  windowDays: number;
  confidence: number;
  by: "segment" | "tier" | "lifecycle" | null;
  campaigns: {
    campaign: string;
    firstContact: string;
    lastContact: string;
    windowComplete: boolean;
    treatment: CampaignGroup;
    control: CampaignGroup | null;
    uplift: CampaignUplift | null;
    /** Null when the campaign has no treatment contact. */
    roi: CampaignRoi | null;
    classes: CampaignClass[];
  }[];
  excluded: { count: number; examples: LineExample[] };
  /** `window_incomplete` per campaign whose windows reach the analysis date. */
  warnings: Warning[];
}

// Customer attributes (analytics.md §14.3–§14.4).
export type ProfileRowsName = "segment" | "tier" | "lifecycle";

export interface ProfileOptions {
  /** "ageBand", "gender" or a column of the joined customers file. */
  attribute: string;
  /** The classes of the rows (default "segment"). */
  rows?: ProfileRowsName | null;
  /** The RFM analysis behind the classes; its analysis date is also the ages'. */
  rfm?: RfmOptions | null;
  /** Age band edges, ascending whole numbers 1–120 (default [25, 35, 45, 55, 65]). */
  ageBands?: number[] | null;
  /** Values kept before "Other" (default 20; age bands are never cut). */
  top?: number | null;
  /** Cells with 0 < customers < this show null figures and `suppressed: true` (default 0: off). */
  suppressBelow?: number | null;
  /** Adds `customerValues` to the result (an addition to analytics.md §14.4, for a customer table filtered by the
   * attribute; off by default so that attributes leave the module only when asked). */
  customers?: boolean | null;
}

/** A value, "(blank)" (no record or blank cell) or "Other" (the values past `top`). */
export type ProfileValueKind = "value" | "blank" | "other";

export interface ProfileCell {
  value: string;
  kind: ProfileValueKind;
  customers: number | null;
  share: number | null;
  /** 100 × share ÷ overall share; null when either is 0 or undefined, or suppressed. */
  index: number | null;
  revenue: number | null;
  revenueExact: string | null;
  revenueShare: number | null;
  suppressed: boolean;
}

export interface ProfileResult {
  attribute: string;
  rows: ProfileRowsName;
  analysisDate: string;
  /** Scored customers. */
  customers: number;
  overall: { value: string; kind: ProfileValueKind; label: Label; customers: number | null; share: number | null; suppressed: boolean }[];
  /** Every class of the RFM result, with one cell per value of `overall`, in that order. */
  classes: { name: string; label: Label; customers: number; cells: ProfileCell[] }[];
  /** `bad_age` when profiling "ageBand". */
  warnings: Warning[];
  /** With `customers: true`: each scored customer's value as an index into `overall`, in `RfmResult.customers`
   * order (customer ids). */
  customerValues?: Uint32Array;
}

// products: affinity() and growthMatrix() (analytics.md §15, §17)

/** Options of `ds.affinity()` (analytics.md §15.5). Every field optional. */
export interface AffinityOptions {
  /** Default product; category when only it is mapped. */
  level?: "product" | "category" | null;
  /** Default "order" with an order column, else "day". */
  basket?: "order" | "day" | "customer" | null;
  analysisDate?: string | null;
  /** Inclusive window; default all rows before the analysis date. */
  from?: string | null;
  to?: string | null;
  /** Items whose pairs are counted: 1–2,000, default 200. */
  top?: number | null;
  /** 0–1, default 0.01. */
  minSupport?: number | null;
  /** Default 2. */
  minCount?: number | null;
  /** Pairs returned, default 100. */
  maxPairs?: number | null;
  recommend?: { by?: "segment" | "tier" | "lifecycle" | null; rfm?: RfmOptions | null; perClass?: number | null } | null;
}

/** What `ds.affinity()` returns (analytics.md §15.5). */
export interface AffinityResult {
  level: "product" | "category";
  /** The item column's header. */
  column: string;
  basket: "order" | "day" | "customer";
  analysisDate: string;
  from: string | null;
  to: string;
  excluded: { count: number; examples: LineExample[] };
  /** Rows of the window whose item is blank (not an item). */
  blankItemRows: number;
  /** N: baskets with at least one item. */
  baskets: number;
  distinctItems: number;
  /** The top-K items by baskets, ties by name. */
  items: { item: string; baskets: number; support: number }[];
  /** Pairs kept by minCount and minSupport (returned or not). */
  pairsKept: number;
  /** The first maxPairs by lift, then baskets, then names; a < b in code-point order. */
  pairs: { a: string; b: string; baskets: number; support: number; confidenceAB: number; confidenceBA: number; lift: number }[];
  recommendBy: "segment" | "tier" | "lifecycle";
  recommendations: {
    class: string;
    label: Label;
    customers: number;
    items: { item: string; customers: number; share: number; meanConfidence: number }[];
  }[];
  /** Every customer with a row in the window, in customer-id order. */
  customers: { id: string[]; nextItem: (string | null)[]; confidence: Float64Array; lift: Float64Array };
}

/** Options of `ds.growthMatrix()` (analytics.md §17.3). Every field optional. */
export interface GrowthOptions {
  analysisDate?: string | null;
  /** P, default 365. */
  period?: { days?: number | null } | null;
  /** A column's header; default the product role's, else the category role's. */
  business?: string | null;
  /** A column's header: the matrix per group. */
  by?: string | null;
  /** Groups of `by` kept, default 20; the rest form "Other". */
  top?: number | null;
}

export interface GrowthCell {
  customers: "existing" | "new";
  business: "existing" | "new";
  label: Label;
  revenue: number;
  revenueExact: string;
  orders: number;
  customerCount: number;
  units: number;
  /** Of the window's revenue; null when it is 0. */
  share: number | null;
  contribution: number;
  contributionExact: string;
  /** Of the growth; null when the growth is 0. */
  contributionShare: number | null;
}

export interface GrowthMatrix {
  revenueCurrent: number;
  revenueCurrentExact: string;
  revenuePrevious: number;
  revenuePreviousExact: string;
  growth: number;
  growthExact: string;
  /** null when the previous revenue is 0. */
  growthRate: number | null;
  /** existing × existing, existing × new, new × existing, new × new (customers × business). */
  cells: GrowthCell[];
  existingExisting: { repeat: number; repeatExact: string; crossSell: number; crossSellExact: string };
  counts: { existingCustomers: number; newCustomers: number; existingBusiness: number; newBusiness: number };
}

/** What `ds.growthMatrix()` returns (analytics.md §17.3). */
export interface GrowthResult extends GrowthMatrix {
  analysisDate: string;
  window: { from: string; to: string };
  previous: { from: string; to: string };
  business: string;
  by: string | null;
  excluded: { count: number; examples: LineExample[] };
  warnings: Warning[];
  groups: (GrowthMatrix & { key: string; kind: "value" | "blank" | "other" })[] | null;
}

// ds.sql (issue 19): the RFM query for a warehouse.
export interface SqlOptions extends RfmOptions {
  /** Default "duckdb". */
  dialect?: "duckdb" | "spark";
  /** The warehouse table of order lines; default "orders". */
  table?: string;
  /** The table's column of each role; default the file's headers. `null`: the table has no such column. */
  columns?: {
    customer?: string | null;
    date?: string | null;
    amount?: string | null;
    quantity?: string | null;
    unitPrice?: string | null;
    order?: string | null;
  };
  /** A column of the table: adds `compareSql`, compare()'s groups by it (with `period`, `top`, `from`, `to`). */
  by?: string;
  period?: { days: number; vs?: "previous" | "year" };
  top?: number;
  from?: string;
  to?: string;
}
export interface SqlResult {
  dialect: "duckdb" | "spark";
  /** One row per scored customer: id, recencyDays, frequency, monetaryExact (DECIMAL(38,4)), tenureDays, r, f, m,
   * segment, tier, lifecycle, in customer-id order. */
  sql: string;
  /** With `by`: one row per group of compare() (key, keyKind, the nine metrics, previous…, change…); else null. */
  compareSql: string | null;
}

// parallel parsing (issue 20): range readers (`RangeLoader`) and the merge of their partial tables (`PartsLoader`).
/** A range the merge asks to read again (a quoted field crossed its start, or its first row takes the previous
 * row's order status): a `RangeLoader` from `start` to `end` with `seed`, whose partial table replaces it. */
export interface RangeToReread { start: number; end: number; seed: [string, string] | null }
