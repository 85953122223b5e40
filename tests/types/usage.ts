// Type-checks an embedder's use of the generated module against its .d.ts (`tsc --noEmit`, see test.sh):
// options and results are described, not `any`.
import init, { Dataset, Loader, warmUp } from "../../www/pkg/clientele.js";
import type { ClienteleError, CompareResult, LoadReport, RfmResult } from "../../www/pkg/clientele.js";

export async function analyse(bytes: Uint8Array): Promise<string[]> {
  await init();
  warmUp();
  const ds: Dataset = Dataset.fromBytes(bytes, { fileName: "orders.csv", dateOrder: "dmy", roles: { order: null } });
  const report: LoadReport = ds.report();
  const skippedLines: number[] = report.skipped.flatMap((group) => group.examples.map((e) => e.line));
  const result: RfmResult = ds.rfm({ bins: 5, segmentMap: "cn-8", cn8: { compare: "median" } });
  const recency: Int32Array = result.customers.recencyDays;
  const champions = result.segments.find((s) => s.name === "Champions")?.label.zh ?? "";
  const csv: string = ds.exportCustomers({}, { segment: "Champions", lang: "zh" });
  const markets: CompareResult = ds.compare({ by: ["region", "segment"], period: { days: 30, vs: "year" }, top: 5 });
  const why = markets.groups[0]?.drivers?.aov ?? null;
  const loader = new Loader({ encoding: "gbk" });
  loader.push(bytes);
  loader.finish().free();
  ds.free();
  return [champions, csv, String(recency.length), String(skippedLines.length), String(why)];
}

export function describe(error: ClienteleError): string {
  return `${error.code} at line ${error.position?.line ?? "?"}: ${error.message}`;
}
