// Type-checks an embedder's use of the generated module against its .d.ts (`tsc --noEmit`, see test.sh):
// options and results are described, not `any`.
import init, { Dataset, Loader, catalog, warmUp } from "../../www/pkg/clientele.js";
// parallel parsing (issue 20)
import { PartsLoader, RangeLoader, planRanges, rangeHeadBytes } from "../../www/pkg/clientele.js";
import type { RangeToReread } from "../../www/pkg/clientele.js";
import type { Catalog, ClienteleError, CampaignsResult, ClvResult, CompareResult, CustomerDetail, InvalidOptionDetails, LoadReport, ProfileResult, RfmResult, SqlResult } from "../../www/pkg/clientele.js";
// rfm columns (issue 20.3)
import type { RfmColumn } from "../../www/pkg/clientele.js";
// products: affinity() and growthMatrix()
import type { AffinityResult, GrowthResult } from "../../www/pkg/clientele.js";

export async function analyse(bytes: Uint8Array): Promise<string[]> {
  await init();
  warmUp();
  const ds: Dataset = Dataset.fromBytes(bytes, { fileName: "orders.csv", dateOrder: "dmy", roles: { order: null } });
  const report: LoadReport = ds.report();
  const skippedLines: number[] = report.skipped.flatMap((group) => group.examples.map((e) => e.line));
  const result: RfmResult = ds.rfm({ bins: 5, segmentMap: "cn-8", cn8: { compare: "median" } });
  const recency: Int32Array = result.customers.recencyDays;
  const segmentCodes: Uint16Array = result.customers.segmentCode;
  const firstSegment: string = result.segments[segmentCodes[0] ?? 0]?.name ?? "";
  const stage: number = result.customers.lifecycleCode[0] ?? 0;
  const tier: number = result.customers.tierCode[0] ?? 0;
  const known: Catalog = catalog();
  const presetMap = known.presets.find((p) => p.name === "rfm-11")?.map ?? "rfm-11";
  ds.rfm({ bins: known.defaults.rfm.bins, segmentMap: presetMap, lifecycle: known.defaults.rfm.lifecycle });
  const warningCodes: string[] = known.warnings.map((w) => w.code).concat(result.warnings.map((w) => w.code));
  const champions = result.segments.find((s) => s.name === "Champions")?.label.zh ?? "";
  const csv: string = ds.exportCustomers({}, { segment: "Champions", lang: "zh" });
  const markets: CompareResult = ds.compare({ by: ["region", "segment"], period: { days: 30, vs: "year" }, top: 5 });
  const why = markets.groups[0]?.drivers?.aov ?? null;
  const value: ClvResult = ds.clv({ timeUnit: known.defaults.clv.timeUnit, clv: { margin: 0.3 }, rfm: { segmentMap: "cn-8" } });
  const pAlive: Float64Array = value.customers.pAlive;
  const clvs: Float64Array | null = value.customers.clv;
  const championsShare: number | null = value.bySegment.find((g) => g.name === "Champions")?.share ?? null;
  const withClv: string = ds.exportCustomers({}, { clv: { horizon: 26 } }) + ds.exportCustomers({}, { clv: true });
  // Campaign evaluation (analytics.md §16).
  const evaluated: CampaignsResult = ds.campaigns({ windowDays: known.defaults.campaigns.windowDays, confidence: 0.9, by: false, rfm: { bins: 4 } });
  const uplift: number | null = evaluated.campaigns[0]?.uplift?.low ?? null;
  const caution: string = evaluated.campaigns[0]?.roi?.roiBasis === "gross" ? known.defaults.campaigns.grossCaution.zh : "";
  // issue 17.2 / 17.12: the export's options and a customer's detail
  const shown: string = ds.exportCustomers({}, { stage: "At risk", ids: result.customers.id.slice(0, 3), columns: ["region"], delimiter: ";", lang: "zh-CN" });
  const detail: CustomerDetail = ds.customerDetail(result.customers.id[0] ?? "", { rfm: { bins: 5 }, history: ["2024-01-01"], limit: 10 });
  const lastSegment: string = detail.history[0]?.classes?.segmentLabel.zh ?? detail.scores?.segment ?? shown;
  // next product export (issue 16.3): the target list with its next product column.
  const targets: string = ds.exportCustomers({}, { segment: "At Risk", nextProduct: { basket: "customer", top: 50 }, bought: ["A"], notBought: ["B"] }) + ds.exportCustomers({}, { nextProduct: true });
  // ds.sql (issue 19).
  const warehouse: SqlResult = ds.sql({ dialect: "spark", table: "sales.orders", columns: { order: null }, segmentMap: "cn-8", by: "region", period: { days: 90 } });
  const queries: string = warehouse.sql + (warehouse.compareSql ?? "");
  const loader = new Loader({ encoding: "gbk" });
  loader.push(bytes);
  loader.finish().free();
  ds.free();
  return [queries, lastSegment, targets, String(detail.lines[0]?.amountExact), champions, csv, withClv, String(uplift), caution, String(pAlive[0]), String(clvs?.length), String(championsShare), String(recency.length), String(skippedLines.length), String(why), firstSegment, String(stage + tier), ...warningCodes];
}

export function describe(error: ClienteleError): string {
  if (error.code === "invalid_option") {
    const details = error.details as InvalidOptionDetails;
    return `${details.option} (${details.rule}): ${details.reason}`;
  }
  return `${error.code} at line ${error.position?.line ?? "?"}: ${error.message}`;
}

// Customer attributes (analytics.md §14.4): profile, the attribute columns, compare and export by attributes.
export function people(ds: Dataset, customers: Uint8Array): string[] {
  ds.joinCustomers(customers, { fileName: "customers.csv" });
  const defaults = catalog().defaults.profile;
  const profile: ProfileResult = ds.profile({ attribute: "ageBand", rows: "lifecycle", ageBands: defaults.ageBands, suppressBelow: 5 });
  const index: number | null = profile.classes[0]?.cells[0]?.index ?? null;
  const hidden: boolean = profile.overall.some((v) => v.suppressed && v.customers === null);
  const result: RfmResult = ds.rfm({});
  const ages: (number | null)[] = result.customers.age ?? [];
  const bands: string[] = result.customers.ageBand ?? [];
  const byGender: CompareResult = ds.compare({ by: "gender" });
  const csv: string = ds.exportCustomers({}, { attributes: ["ageBand", "gender"] });
  return [String(index), String(hidden), String(ages[0]), bands[0] ?? "", String(byGender.groups.length), csv];
}

// products: affinity() and growthMatrix() (analytics.md §15, §17)
export function products(ds: Dataset): string[] {
  const known: Catalog = catalog();
  const roles: string | null = ds.report().roles.product ?? ds.report().roles.category;
  const affinity: AffinityResult = ds.affinity({ basket: "customer", top: known.defaults.affinity.top, recommend: { by: "tier", perClass: 3 } });
  const lift: number = affinity.pairs[0]?.lift ?? 0;
  const next: string | null = affinity.customers.nextItem[0] ?? null;
  const confidence: Float64Array = affinity.customers.confidence;
  const growth: GrowthResult = ds.growthMatrix({ period: { days: known.defaults.growth.periodDays }, by: "region" });
  const share: number | null = growth.cells[0]?.contributionShare ?? null;
  const regions: string[] = (growth.groups ?? []).map((g) => `${g.key}:${g.growthExact}`);
  return [String(roles), String(lift), String(next), String(confidence.length), String(share), ...regions];
}

// parallel parsing (issue 20): a File read in ranges and merged, as www/ranges.js does with its workers.
export async function ranges(file: Blob): Promise<Dataset | null> {
  const head = new Uint8Array(await file.slice(0, rangeHeadBytes(file.size)).arrayBuffer());
  const bounds: Float64Array | null = planRanges(head, file.size, 2, { fileName: "orders.csv" });
  if (bounds === null) return null;
  const merger = new PartsLoader(head, file.size, { fileName: "orders.csv" });
  const read = async (start: number, end: number, seed: [string, string] | null): Promise<Uint8Array> => {
    const reader = new RangeLoader(head, file.size, start, end, { fileName: "orders.csv" }, seed);
    const complete: boolean = reader.push(new Uint8Array(await file.slice(reader.readFrom).arrayBuffer()));
    return reader.finish();
  };
  for (let i = 0; i + 1 < bounds.length; i++) {
    let part = await read(bounds[i], bounds[i + 1], null);
    for (let again: RangeToReread | null = merger.add(part); again; again = merger.add(part)) {
      part = await read(again.start, again.end, again.seed);
    }
  }
  return merger.finish();
}

// rfm columns (issue 20.3): only the columns asked for.
export function slimRfm(ds: Dataset): number {
  const columns: RfmColumn[] = ["id", "segmentCode", "recencyDays"];
  const result: RfmResult = ds.rfm({ bins: 5, columns });
  return result.customers.segmentCode.length;
}
