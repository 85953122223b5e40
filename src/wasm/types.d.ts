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
  roles?: Partial<Record<"customer" | "date" | "amount" | "quantity" | "unitPrice" | "order", string | null>>;
  /** Inputs above this many bytes are refused with `too_large` (default 2 GiB). */
  maxBytes?: number | null;
  /** The whole input's size when known (a File's size), so columns are allocated once; `fromBytes` sets it. */
  totalBytes?: number | null;
}

/** A row a report points at: its 1-based physical line and its text. */
export interface LineExample { line: number; text: string }

/** Something worth knowing that did not stop the call; `details` holds the parameters `catalog().warnings` names. */
export interface Warning { code: string; message: string; lines: number[]; details: Record<string, unknown> | null }

export type Role =
  | "customer" | "date" | "amount" | "quantity" | "unitPrice" | "order" | "dimension" | "measure" | "attribute"
  | "birthDate" | "age" | "gender" | "joinDate" | "contactDate" | "campaign" | "group" | "opened" | "clicked" | "cost";

/** The kinds of file a dataset reads: the orders, and the files joined to them by customer id. */
export type FileKind = "orders" | "customers" | "campaigns";

export interface LoadReport {
  format: "csv" | "xlsx";
  sheet: string | null;
  rowsRead: number;
  rowsUsed: number;
  blankLines: number;
  encoding: string;
  delimiter: string;
  dateOrder: "ymd" | "mdy" | "dmy";
  columns: { name: string; role: Role | null; kind: "empty" | "date" | "integer" | "decimal" | "text" }[];
  roles: Record<"customer" | "date" | "amount" | "quantity" | "unitPrice" | "order", string | null>;
  skipped: {
    reason: "missing_customer" | "missing_date" | "bad_date" | "missing_amount" | "bad_amount";
    count: number;
    examples: LineExample[];
  }[];
  warnings: Warning[];
  minDate: string | null;
  maxDate: string | null;
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
  };
}

export interface ExportFilter {
  segment?: string | null;
  /** Index into `RfmResult.segments` (tells a rule named like the remainder from the remainder). */
  segmentCode?: number | null;
  tier?: string | null;
  format?: "csv";
  lang?: "en" | "zh";
  /** Adds the columns `p_alive`, `expected_purchases` and `clv` (empty without Gamma-Gamma) of `ds.clv()` at the
   * export's analysis date and RFM options: `true` with the default model options, or the model options. */
  clv?: boolean | ClvModelOptions | null;
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
  /** A column's header, or "segment" | "tier" | "lifecycle"; two for a cross table. */
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
