// Type-checks an embedder's use of the generated module against its .d.ts (`tsc --noEmit`, see test.sh):
// options and results are described, not `any`.
import init, { Dataset, Loader, catalog, warmUp } from "../../www/pkg/clientele.js";
import type { Catalog, ClienteleError, ClvResult, CompareResult, InvalidOptionDetails, LoadReport, RfmResult, SqlResult } from "../../www/pkg/clientele.js";

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
  // ds.sql (issue 19).
  const warehouse: SqlResult = ds.sql({ dialect: "spark", table: "sales.orders", columns: { order: null }, segmentMap: "cn-8", by: "region", period: { days: 90 } });
  const queries: string = warehouse.sql + (warehouse.compareSql ?? "");
  const loader = new Loader({ encoding: "gbk" });
  loader.push(bytes);
  loader.finish().free();
  ds.free();
  return [queries, champions, csv, withClv, String(pAlive[0]), String(clvs?.length), String(championsShare), String(recency.length), String(skippedLines.length), String(why), firstSegment, String(stage + tier), ...warningCodes];
}

export function describe(error: ClienteleError): string {
  if (error.code === "invalid_option") {
    const details = error.details as InvalidOptionDetails;
    return `${details.option} (${details.rule}): ${details.reason}`;
  }
  return `${error.code} at line ${error.position?.line ?? "?"}: ${error.message}`;
}
