// split (issue 17.13): the page's first-load module (www/pkg/clientele_core.js, built by build.sh with
// --no-default-features --features first-view) and the full module (www/pkg/clientele.js) in one Node process: the
// same catalog(), the same answers to every call the first-load module has on UTF-8 files (whole or pushed in
// small chunks), and `needs_full_module` — nothing else — for what only the full module reads (GBK, UTF-16, a
// workbook, a line that is not UTF-8, an encoding option, an export with CLV or next-product columns), which the
// full module then reads. Needs ./build.sh first (test.sh runs it before these tests).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const PKG = path.join(REPO, "www/pkg");

/** A module's JS glue, instantiated from its wasm file. */
async function instantiate(name) {
  const module = await import(path.join(PKG, `${name}.js`));
  module.initSync({ module: readFileSync(path.join(PKG, `${name}_bg.wasm`)) });
  return module;
}

const small = await instantiate("clientele_core");
const full = await instantiate("clientele");

const fixture = (name) => readFileSync(path.join(REPO, "tests/fixtures", name));
const SAMPLE = readFileSync(path.join(REPO, "www/samples/orders.csv"));

/** What `fn()` throws, as `{ code, details }` (fails when it returns). */
function thrown(fn) {
  try {
    fn();
  } catch (error) {
    return { code: error?.code, details: error?.details ?? null };
  }
  assert.fail("expected a thrown error");
}

/** Every answer of the first-load module's calls for a dataset, with `analysisDate` the RFM result's. */
function answers(dataset) {
  const rfm = dataset.rfm({});
  const from = new Date(Date.parse(rfm.analysisDate) - 30 * 86_400_000).toISOString().slice(0, 10);
  const dimension = dataset.report().columns.find((column) => column.role === "dimension");
  return {
    report: dataset.report(),
    rfm,
    cn8: dataset.rfm({ segmentMap: "cn-8", bins: 4 }),
    compare: dimension ? dataset.compare({ by: dimension.name }) : null,
    exportAll: dataset.exportCustomers({}, {}),
    exportSegment: dataset.exportCustomers({}, { segmentCode: 0, lang: "zh" }),
    trend: dataset.trend({ period: "month" }),
    migration: dataset.migration({ from, by: "segment" }),
  };
}

test("split: catalog() is the same in the first-load module and the full module", () => {
  assert.deepStrictEqual(small.catalog(), full.catalog());
});

test("split: the first-load module lacks the second half's analyses, the full module has them all", () => {
  const firstLoad = ["report", "rfm", "compare", "exportCustomers", "trend", "migration", "joinCustomers", "joinCampaigns"];
  // sql(): the warehouse card asks for it when opened (Show the SQL), so it is not in the first load.
  const secondHalf = ["clv", "cohorts", "customerDetail", "profile", "campaigns", "affinity", "growthMatrix", "sql"];
  for (const name of firstLoad) assert.equal(typeof small.Dataset.prototype[name], "function", name);
  // parallel parsing (issue 20): big files are read in ranges by the module the worker runs, the small one first.
  for (const name of ["rangeHeadBytes", "planRanges", "RangeLoader", "PartsLoader"]) assert.equal(typeof small[name], "function", name);
  for (const name of secondHalf) assert.equal(small.Dataset.prototype[name], undefined, name);
  for (const name of [...firstLoad, ...secondHalf]) assert.equal(typeof full.Dataset.prototype[name], "function", name);
});

test("split: UTF-8 files give the same answers in both modules, whole or pushed in chunks split anywhere", () => {
  for (const [name, bytes] of [["orders.csv", SAMPLE], ["utf8-bom-crlf.csv", fixture("utf8-bom-crlf.csv")], ["truncated.csv", fixture("truncated.csv")]]) {
    const expected = full.Dataset.fromBytes(bytes, { fileName: name });
    const whole = small.Dataset.fromBytes(bytes, { fileName: name });
    const want = answers(expected);
    assert.ok(want.report.rowsUsed > 0, name);
    assert.deepStrictEqual(answers(whole), want, `${name}: whole`);
    // Chunks of 7 bytes cut characters, the BOM and CRLFs.
    const loader = new small.Loader({ fileName: name });
    for (let start = 0; start < bytes.length; start += 7) loader.push(bytes.subarray(start, start + 7));
    const pushed = loader.finish();
    assert.deepStrictEqual(answers(pushed), want, `${name}: pushed in 7-byte chunks`);
    for (const dataset of [expected, whole, pushed]) dataset.free();
  }
});

test("split: the sample's customers and campaign files join the same in both modules", () => {
  const customers = readFileSync(path.join(REPO, "www/samples/customers.csv"));
  const campaigns = readFileSync(path.join(REPO, "www/samples/campaigns.csv"));
  const results = [small, full].map((module) => {
    const dataset = module.Dataset.fromBytes(SAMPLE, { fileName: "orders.csv" });
    const joined = {
      customers: dataset.joinCustomers(customers, { fileName: "customers.csv" }),
      campaigns: dataset.joinCampaigns(campaigns, { fileName: "campaigns.csv" }),
      rfm: dataset.rfm({}),
      export: dataset.exportCustomers({}, { attributes: ["ageBand", "gender"] }),
    };
    dataset.free();
    return joined;
  });
  assert.ok(results[1].customers.matched > 0 && results[1].campaigns.rowsUsed > 0, "the sample's files join");
  assert.deepStrictEqual(results[0], results[1]);
});

test("split: what only the full module reads is needs_full_module in the first-load module, and the full module reads it", () => {
  const cases = [
    ["gbk-semicolon.csv", fixture("gbk-semicolon.csv"), {}, "encoding"],
    ["big5-comma.csv", fixture("big5-comma.csv"), {}, "encoding"],
    ["utf16le-tab.txt", fixture("utf16le-tab.txt"), {}, "encoding"],
    ["windows1252-pipe.csv", fixture("windows1252-pipe.csv"), {}, "encoding"],
    // UTF-8 with a few lines in another encoding: the full module reads it and reports the undecodable rows.
    ["mixed-encoding.csv", fixture("mixed-encoding.csv"), {}, "encoding"],
    ["orders.xlsx", fixture("orders.xlsx"), {}, "workbook"],
    // An encoding chosen by the user ("Change how it is read") other than UTF-8.
    ["orders.csv as gbk", SAMPLE, { encoding: "gbk" }, "encoding"],
  ];
  for (const [name, bytes, options, needs] of cases) {
    assert.deepStrictEqual(thrown(() => small.Dataset.fromBytes(bytes, { ...options, fileName: name })), { code: "needs_full_module", details: { needs } }, name);
    const dataset = full.Dataset.fromBytes(bytes, { ...options, fileName: name });
    assert.ok(dataset.report().rowsUsed > 0, `${name}: read by the full module`);
    dataset.free();
  }
  // UTF-8 named as such is read by the first-load module.
  const named = small.Dataset.fromBytes(SAMPLE, { encoding: " UTF8 ", fileName: "orders.csv" });
  assert.equal(named.report().encoding, "utf-8");
  named.free();
  // A file that is no export at all gets the same error from both.
  const pdf = fixture("not-really.csv");
  assert.deepStrictEqual(thrown(() => small.Dataset.fromBytes(pdf, {})), thrown(() => full.Dataset.fromBytes(pdf, {})));
});

test("split: an export with CLV or next-product columns is needs_full_module in the first-load module only", () => {
  const dataset = small.Dataset.fromBytes(SAMPLE, { fileName: "orders.csv" });
  assert.deepStrictEqual(thrown(() => dataset.exportCustomers({}, { clv: true })), { code: "needs_full_module", details: { needs: "analysis" } });
  assert.deepStrictEqual(thrown(() => dataset.exportCustomers({}, { nextProduct: true })), { code: "needs_full_module", details: { needs: "analysis" } });
  dataset.free();
  const reference = full.Dataset.fromBytes(SAMPLE, { fileName: "orders.csv" });
  assert.match(reference.exportCustomers({}, { clv: true }).split("\n")[0], /clv/);
  reference.free();
});
