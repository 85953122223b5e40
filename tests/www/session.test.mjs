// Unit tests (node --test, no browser) of www/session.js: what the dashboard's state becomes, and which requests go
// to the engine in which order, for loads, settings, attached files, cancels, failures and crashes. The engine is a
// script: each request waits until the test answers it, so every interleaving is chosen by the test.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const { Session, clean, countOf, MAPPING_FIXES } = await import(path.join(REPO, "www/session.js"));

/** An engine whose answers the test gives: `requests` in the order sent; each has `ok(value)` and `fail(error)`. */
class ScriptedEngine {
  requests = [];
  cancelled = [];
  #nextId = 1;
  #ready = deferred();

  ready() {
    return this.#ready.promise;
  }

  start(engine) {
    this.#ready.ok(engine);
  }

  load(kind, source, options, onProgress) {
    const id = this.#nextId++;
    const request = deferred({ type: "load", id, kind, source, options, onProgress });
    this.requests.push(request);
    return { id, promise: request.promise };
  }

  analyze(name, options) {
    const request = deferred({ type: "analyze", name, options });
    this.requests.push(request);
    return request.promise;
  }

  cancel(id) {
    this.cancelled.push(id);
  }

  /** The requests not answered yet, as short strings ("load orders", "analyze rfm"). */
  pending() {
    return this.requests.filter((r) => !r.settled).map((r) => `${r.type} ${r.kind ?? r.name}`);
  }

  /** The oldest unanswered request, which must be `what` ("load orders", "analyze rfm", …). */
  next(what) {
    const request = this.requests.find((r) => !r.settled);
    assert.ok(request, `a request "${what}" was sent`);
    assert.equal(`${request.type} ${request.kind ?? request.name}`, what);
    return request;
  }
}

/** `entry` with a promise that `entry.ok(value)` resolves and `entry.fail(error)` rejects (then `settled`). */
function deferred(entry = {}) {
  let resolve;
  let reject;
  entry.promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  entry.settled = false;
  entry.ok = (value) => { entry.settled = true; resolve(value); };
  entry.fail = (error) => { entry.settled = true; reject(error); };
  return entry;
}

/** Lets the session's awaits run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

const error = (code, details = null) => ({ code, message: `${code} happened`, position: null, details });
const report = (rowsUsed) => ({ rowsUsed, skipped: [], warnings: [], columns: [], roles: {} });
const rfmResult = (customersScored) => ({ customersScored, segments: [], customers: {} });
const joinReport = (matched) => ({ rowsRead: matched + 1, rowsUsed: matched, matched, customersWithoutRecord: 2, recordsWithoutCustomer: { count: 1, examples: [{ line: 3, text: "Z,1990-01-01" }] } });

function newSession() {
  const engine = new ScriptedEngine();
  const session = new Session(engine);
  const changes = [];
  session.subscribe((change) => changes.push(change));
  return { engine, session, changes };
}

/** Loads orders and answers the LOAD and rfm() requests; resolves to the load's result. */
async function loadOrders(engine, session, { file = "orders.csv", rows = 10, customers = 3, options = {}, isSample = false, keepSettings = false } = {}) {
  const done = session.load({ url: `/${file}` }, file, options, { isSample, keepSettings });
  engine.next("load orders").ok(report(rows));
  await settle();
  engine.next("analyze rfm").ok(rfmResult(customers));
  return done;
}

test("start() takes the catalog and the analyses the engine can run", async () => {
  const { engine, session, changes } = newSession();
  const started = session.start();
  assert.equal(session.state.catalog, null);
  engine.start({ catalog: { version: "1" }, analyses: ["rfm", "exportCustomers"] });
  assert.equal(await started, true);
  assert.deepEqual(session.state.catalog, { version: "1" });
  assert.equal(session.canRun("rfm"), true);
  assert.equal(session.canRun("compare"), false, "an analysis the engine did not list");
  assert.equal(changes.at(-1).data, true);
});

test("a load: LOAD orders with its options, progress, then rfm(); the file's report, result and message are shown", async () => {
  const { engine, session, changes } = newSession();
  const done = session.load({ url: "/orders.csv" }, "orders.csv", { dateOrder: "dmy" });
  const load = engine.next("load orders");
  assert.deepEqual(load.options, { dateOrder: "dmy" });
  assert.deepEqual(session.state.loading, { kind: "orders", fileName: "orders.csv", bytesDone: 0, bytesTotal: null, phase: "reading" });
  load.onProgress({ bytesDone: 40, bytesTotal: 100 });
  assert.equal(changes.at(-1).progress, true, "only the progress changed");
  assert.equal(session.state.loading.bytesDone, 40);
  assert.equal(session.state.loading.bytesTotal, 100);
  load.ok(report(10));
  await settle();
  assert.equal(session.state.loading.phase, "scoring");
  const rfm = engine.next("analyze rfm");
  assert.deepEqual(rfm.options, {});
  rfm.ok(rfmResult(3));
  assert.equal(await done, true);
  const { state } = session;
  assert.equal(state.report.rowsUsed, 10);
  assert.equal(state.result.customersScored, 3);
  assert.equal(state.fileName, "orders.csv");
  assert.deepEqual(state.loadOptions, { dateOrder: "dmy" });
  assert.equal(state.loading, null);
  assert.equal(state.hasDataset, true);
  assert.equal(state.message.field, "detected", "a user's file: the message says how it was read");
  assert.deepEqual(state.message.action, { label: "status.checkMapping", view: "mapping" });
  assert.deepEqual(changes.at(-1), { data: true, view: "overview", loaded: "orders", failed: null, progress: false });
  assert.deepEqual(engine.pending(), []);
});

test("the sample has no message; a new file starts from its own analysis date but keeps the other settings", async () => {
  const { engine, session } = newSession();
  await loadOrders(engine, session, { file: "orders.csv", isSample: true });
  assert.equal(session.state.message, null);
  assert.equal(session.state.isSample, true);
  session.state.rfmOptions = { analysisDate: "2024-01-01", bins: 4 };
  const done = session.load({ file: { name: "b.csv" } }, "b.csv");
  engine.next("load orders").ok(report(5));
  await settle();
  assert.deepEqual(engine.next("analyze rfm").options, { bins: 4 }, "the analysis date of the previous file is dropped");
  engine.requests.at(-1).ok(rfmResult(2));
  assert.equal(await done, true);
  assert.deepEqual(session.state.rfmOptions, { bins: 4 });
  assert.equal(session.state.isSample, false);
});

test("settings that do not fit the new file are dropped, and the message says so", async () => {
  const { engine, session } = newSession();
  await loadOrders(engine, session);
  session.state.rfmOptions = { bins: 9 };
  const done = session.load({ url: "/small.csv" }, "small.csv");
  engine.next("load orders").ok(report(4));
  await settle();
  engine.next("analyze rfm").fail(error("invalid_option", { option: "bins" }));
  await settle();
  const retry = engine.next("analyze rfm");
  assert.deepEqual(retry.options, {}, "tried again with the defaults");
  retry.ok(rfmResult(2));
  assert.equal(await done, true);
  assert.deepEqual(session.state.rfmOptions, {});
  assert.deepEqual(session.state.message, { kind: "info", key: "message.settingsReset" });
});

test("a second load started before the first ends: only the second one's data and progress are shown", async () => {
  const { engine, session } = newSession();
  const first = session.load({ url: "/a.csv" }, "a.csv");
  const second = session.load({ url: "/b.csv" }, "b.csv");
  const [loadA, loadB] = engine.requests;
  loadA.onProgress({ bytesDone: 99, bytesTotal: 100 });
  assert.equal(session.state.loading.fileName, "b.csv");
  assert.equal(session.state.loading.bytesDone, 0, "the first load's progress is not shown");
  loadA.ok(report(1));
  assert.equal(await first, false, "the first load does not update the page");
  loadB.ok(report(2));
  await settle();
  engine.next("analyze rfm").ok(rfmResult(2));
  assert.equal(await second, true);
  assert.equal(session.state.fileName, "b.csv");
  assert.equal(session.state.report.rowsUsed, 2);
});

test("a file the mapping may fix: failedLoad says how, and the mapping view opens when nothing else is shown", async () => {
  const { engine, session, changes } = newSession();
  const done = session.load({ file: { name: "x.csv" } }, "x.csv", {});
  engine.next("load orders").fail(error("missing_role", { roles: ["customer"], headers: ["a", "b"], kind: "orders" }));
  assert.equal(await done, false);
  assert.equal(session.state.failedLoad.fix, "columns");
  assert.equal(session.state.failedLoad.fileName, "x.csv");
  assert.equal(session.state.message.kind, "error");
  assert.deepEqual(session.state.message.action, { label: "message.chooseColumns", view: "mapping" });
  assert.equal(session.state.loading, null);
  assert.deepEqual(changes.at(-1), { data: true, view: "mapping", loaded: null, failed: "missing_role", progress: false });

  await loadOrders(engine, session, { file: "good.csv" });
  const failing = session.load({ file: { name: "pdf.csv" } }, "pdf.csv");
  engine.next("load orders").fail(error("not_text", { looksLike: "PDF document" }));
  await failing;
  assert.equal(session.state.failedLoad.fix, "settings");
  assert.equal(session.state.fileName, "good.csv", "the data shown before stays");
  assert.equal(changes.at(-1).view, null, "with data shown, the view stays");
  const other = session.load({ file: { name: "big.csv" } }, "big.csv");
  engine.next("load orders").fail(error("too_large", { bytes: 3, limit: 2 }));
  await other;
  assert.equal(session.state.failedLoad.fix, null, "no form fixes a file that is too large");
  assert.equal(session.state.message.action, null);
});

test("reload: the failed file with the new options (as a new file), else the shown one keeping settings and view", async () => {
  const { engine, session, changes } = newSession();
  await loadOrders(engine, session, { file: "shown.csv" });
  session.state.rfmOptions = { analysisDate: "2024-06-01" };
  const failing = session.load({ url: "/bad.csv" }, "bad.csv");
  engine.next("load orders").fail(error("missing_role", { roles: ["date"], headers: ["x"] }));
  await failing;
  const fixed = session.reload({ roles: { date: "x" }, encoding: undefined });
  const load = engine.next("load orders");
  assert.deepEqual(load.source, { url: "/bad.csv" });
  assert.deepEqual(load.options, { roles: { date: "x" } }, "undefined options are left out");
  load.ok(report(3));
  await settle();
  assert.deepEqual(engine.next("analyze rfm").options, {}, "a new file: its own analysis date");
  engine.requests.at(-1).ok(rfmResult(1));
  assert.equal(await fixed, true);
  assert.equal(session.state.failedLoad, null);
  assert.equal(changes.at(-1).view, "overview");

  session.state.rfmOptions = { analysisDate: "2024-06-01" };
  const again = session.reload({ dateOrder: "dmy" });
  const second = engine.next("load orders");
  assert.deepEqual(second.source, { url: "/bad.csv" });
  second.ok(report(3));
  await settle();
  assert.deepEqual(engine.next("analyze rfm").options, { analysisDate: "2024-06-01" }, "the same file keeps its settings");
  engine.requests.at(-1).ok(rfmResult(1));
  assert.equal(await again, true);
  assert.equal(changes.at(-1).view, null, "the same file: the view stays");
});

test("a stream cannot be read again: reload says so without a request", async () => {
  const { engine, session } = newSession();
  const done = session.load({ stream: {}, name: "s.csv", size: 3 }, "s.csv");
  engine.next("load orders").ok(report(1));
  await settle();
  engine.next("analyze rfm").ok(rfmResult(1));
  await done;
  assert.equal(await session.reload({ dateOrder: "dmy" }), false);
  assert.equal(session.state.message.error.code, "stream_consumed");
  assert.deepEqual(engine.pending(), []);
});

test("cancel: stops the load whose progress is shown; the data shown before stays, unless the engine lost it", async () => {
  const { engine, session } = newSession();
  await loadOrders(engine, session, { file: "kept.csv" });
  const done = session.load({ url: "/huge.csv" }, "huge.csv");
  const load = engine.next("load orders");
  session.cancelLoad();
  assert.deepEqual(engine.cancelled, [load.id]);
  load.fail(error("cancelled"));
  assert.equal(await done, false);
  assert.deepEqual(session.state.message, { kind: "info", key: "message.cancelledKept", params: { file: "kept.csv" } });
  assert.equal(session.state.loading, null);
  assert.equal(session.state.hasDataset, true);

  const lost = session.load({ url: "/huge.csv" }, "huge.csv");
  engine.next("load orders").fail(error("cancelled", { dataLost: true }));
  await lost;
  assert.deepEqual(session.state.message, { kind: "info", key: "message.cancelled" });
  assert.equal(session.state.hasDataset, false, "the worker was replaced: its data is gone");
});

test("once the file is read and being scored, cancel sends nothing", async () => {
  const { engine, session } = newSession();
  const done = session.load({ url: "/a.csv" }, "a.csv");
  engine.next("load orders").ok(report(1));
  await settle();
  session.cancelLoad();
  assert.deepEqual(engine.cancelled, []);
  engine.next("analyze rfm").ok(rfmResult(1));
  await done;
});

test("applyRfmOptions: waits for a running load, shows its result; a failed one keeps the result shown", async () => {
  const { engine, session } = newSession();
  await loadOrders(engine, session);
  const shown = session.state.result;
  const failing = session.applyRfmOptions({ bins: 11 });
  engine.next("analyze rfm").fail(error("invalid_option", { option: "bins", rule: "range" }));
  await assert.rejects(failing, { code: "invalid_option" });
  assert.equal(session.state.result, shown);

  const loading = session.load({ url: "/b.csv" }, "b.csv");
  const applied = session.applyRfmOptions({ bins: 4, method: undefined });
  assert.deepEqual(engine.pending(), ["load orders"], "the settings wait for the load");
  engine.next("load orders").ok(report(2));
  await settle();
  engine.next("analyze rfm").ok(rfmResult(2));
  await loading;
  await settle();
  const rfm = engine.next("analyze rfm");
  assert.deepEqual(rfm.options, { bins: 4 });
  const result = rfmResult(2);
  rfm.ok(result);
  assert.equal(await applied, result);
  assert.equal(session.state.result, result);
  assert.deepEqual(session.state.rfmOptions, { bins: 4 });
});

test("two settings changes at once: the later one is shown, the earlier resolves to null", async () => {
  const { engine, session } = newSession();
  await loadOrders(engine, session);
  const first = session.applyRfmOptions({ bins: 3 });
  const second = session.applyRfmOptions({ bins: 4 });
  await settle();
  const [a, b] = engine.requests.filter((r) => !r.settled);
  b.ok(rfmResult(4));
  a.ok(rfmResult(3));
  assert.equal((await second).customersScored, 4);
  assert.equal(await first, null);
  assert.deepEqual(session.state.rfmOptions, { bins: 4 });
  assert.equal(session.state.result.customersScored, 4);
});

test("attach: LOAD customers; its join report is kept per kind; a failure keeps the previous join and says why", async () => {
  const { engine, session, changes } = newSession();
  await loadOrders(engine, session);
  const done = session.attach("customers", { file: { name: "people.csv" } }, "people.csv", {});
  const load = engine.next("load customers");
  assert.equal(session.state.loading.kind, "customers");
  load.onProgress({ bytesDone: 5, bytesTotal: 10 });
  assert.equal(session.state.loading.bytesDone, 5);
  load.ok(joinReport(7));
  assert.equal(await done, true);
  assert.equal(session.state.files.customers.joined.report.matched, 7);
  assert.equal(session.state.files.customers.joined.fileName, "people.csv");
  assert.equal(session.state.files.campaigns.joined, null);
  assert.equal(session.state.message.field, "joined");
  assert.equal(session.state.message.fileKind, "customers");
  assert.deepEqual(changes.at(-1), { data: true, view: null, loaded: "customers", failed: null, progress: false });

  const failing = session.attach("customers", { file: { name: "wrong.csv" } }, "wrong.csv", {});
  engine.next("load customers").fail(error("missing_role", { roles: ["customer"], headers: ["x"], kind: "customers" }));
  assert.equal(await failing, false);
  const { joined, failed } = session.state.files.customers;
  assert.equal(joined.fileName, "people.csv", "the engine keeps the previous join");
  assert.equal(failed.fileName, "wrong.csv");
  assert.equal(failed.fix, "columns");
  assert.equal(session.state.message.fileKind, "customers");
  assert.deepEqual(session.state.message.action, { label: "message.chooseColumns", view: "mapping" });
  assert.equal(session.state.fileName, "orders.csv", "the orders stay");

  const fixed = session.reattach("customers", { roles: { customer: "x" } });
  const again = engine.next("load customers");
  assert.deepEqual(again.source, { file: { name: "wrong.csv" } }, "the failed file, read again");
  assert.deepEqual(again.options, { roles: { customer: "x" } });
  again.ok(joinReport(3));
  assert.equal(await fixed, true);
  assert.equal(session.state.files.customers.failed, null);
  assert.equal(session.state.files.customers.joined.report.matched, 3);
  await assert.rejects(async () => session.attach("suppliers", { file: {} }, "s.csv"), RangeError);
});

test("two files of one kind at once: the later join is kept; campaigns are kept apart from customers", async () => {
  const { engine, session } = newSession();
  await loadOrders(engine, session);
  const first = session.attach("customers", { file: {} }, "one.csv");
  const second = session.attach("customers", { file: {} }, "two.csv");
  const campaign = session.attach("campaigns", { file: {} }, "mail.csv");
  const [one, two, mail] = engine.requests.filter((r) => !r.settled);
  two.ok(joinReport(2));
  one.ok(joinReport(1));
  mail.ok({ campaigns: 2, contacts: 9 });
  assert.equal(await first, false);
  assert.equal(await second, true);
  assert.equal(await campaign, true);
  assert.equal(session.state.files.customers.joined.fileName, "two.csv");
  assert.equal(session.state.files.campaigns.joined.report.contacts, 9);
});

test("the same orders read again join the attached files again; a new orders file starts without them", async () => {
  const { engine, session } = newSession();
  await loadOrders(engine, session);
  const joining = session.attach("customers", { file: { name: "people.csv" } }, "people.csv", { delimiter: ";" });
  engine.next("load customers").ok(joinReport(7));
  await joining;
  const reloaded = session.reload({ dateOrder: "dmy" });
  engine.next("load orders").ok(report(10));
  await settle();
  engine.next("analyze rfm").ok(rfmResult(3));
  assert.equal(await reloaded, true);
  const rejoin = engine.next("load customers");
  assert.deepEqual(rejoin.source, { file: { name: "people.csv" } });
  assert.deepEqual(rejoin.options, { delimiter: ";" }, "with the options it was joined with");
  assert.equal(session.state.files.customers.joined, null, "until the engine holds it again");
  rejoin.ok(joinReport(6));
  await settle();
  assert.equal(session.state.files.customers.joined.report.matched, 6);

  await loadOrders(engine, session, { file: "other-shop.csv" });
  assert.deepEqual(engine.pending(), [], "nothing joined to a new file");
  assert.equal(session.state.files.customers.joined, null);
});

test("a join answered after a newer orders load started is not shown", async () => {
  const { engine, session } = newSession();
  await loadOrders(engine, session);
  const joining = session.attach("customers", { file: {} }, "people.csv");
  const loading = session.load({ url: "/new.csv" }, "new.csv");
  engine.next("load customers").ok(joinReport(1));
  assert.equal(await joining, false);
  engine.next("load orders").ok(report(1));
  await settle();
  engine.next("analyze rfm").ok(rfmResult(1));
  await loading;
  assert.equal(session.state.files.customers.joined, null);
});

// hostile input (issue 18): after a crash the restarted engine reads the data shown before again.
test("a crash: the data shown is read again; the message offers to load again the load that was running", async () => {
  const { engine, session } = newSession();
  await loadOrders(engine, session, { file: "shown.csv" });
  session.engineFailed(error("engine_crashed", { restarted: true }));
  assert.equal(session.state.hasDataset, false);
  assert.equal(session.state.result.customersScored, 3, "the last results stay on screen");
  const restore = async () => {
    const request = engine.next("load orders");
    assert.deepEqual(request.source, { url: "/shown.csv" }, "the data shown before, read again");
    request.ok(report(10));
    await settle();
    engine.next("analyze rfm").ok(rfmResult(3));
    await settle();
  };
  await restore();
  assert.equal(session.state.hasDataset, true);
  assert.equal(session.state.message.error.code, "engine_crashed", "the message stays");
  assert.deepEqual(session.state.message.action, { label: "message.loadAgain", run: "reload" });

  const loading = session.load({ url: "/next.csv" }, "next.csv");
  const load = engine.next("load orders");
  session.engineFailed(error("engine_crashed"));
  load.fail(error("engine_crashed"));
  assert.equal(await loading, false);
  await restore();
  assert.equal(session.state.fileName, "shown.csv");
  assert.deepEqual(session.state.message.action, { label: "message.loadAgain", run: "reload" });
  session.reload({});
  assert.deepEqual(engine.next("load orders").source, { url: "/next.csv" }, "load again: the file that was loading");

  const { engine: engine2, session: session2 } = newSession();
  session2.engineFailed(error("engine_unavailable"));
  assert.equal(session2.state.message.action, null, "nothing to load again");
  assert.deepEqual(engine2.pending(), []);
});

test("compare and export ask the engine by name, with the settings of the shown result", async () => {
  const { engine, session } = newSession();
  await loadOrders(engine, session);
  session.state.rfmOptions = { analysisDate: "2024-05-01", bins: 4 };
  session.compare({ by: ["region"], top: undefined });
  const compare = engine.next("analyze compare");
  assert.deepEqual(compare.options, { by: ["region"], analysisDate: "2024-05-01", rfm: { bins: 4 } });
  compare.ok({});
  session.exportCustomers({ segment: "Champions", tier: undefined }, "zh");
  const exported = engine.next("analyze exportCustomers");
  assert.deepEqual(exported.options, { rfm: { analysisDate: "2024-05-01", bins: 4 }, filter: { segment: "Champions", lang: "zh", format: "csv" } });
  exported.ok("csv");
});

test("trend, cohorts and migration ask the engine by name at the Settings' date; cohorts lapse with its atRiskDays", async () => {
  const { engine, session } = newSession();
  await loadOrders(engine, session);
  /** The options of the oldest request, which must be `what`; answered, so that the next one comes up. */
  const asked = (what) => {
    const request = engine.next(what);
    request.ok({});
    return request.options;
  };
  session.trend({});
  assert.deepEqual(asked("analyze trend"), {}, "without a date in Settings: the module's default");
  session.state.rfmOptions = { analysisDate: "2024-05-01", bins: 4, lifecycle: { newDays: 20, atRiskDays: 120 } };
  session.trend({ period: "week" });
  assert.deepEqual(asked("analyze trend"), { period: "week", analysisDate: "2024-05-01" });
  session.cohorts({});
  assert.deepEqual(asked("analyze cohorts"), { lifecycle: { atRiskDays: 120 }, analysisDate: "2024-05-01" });
  session.state.rfmOptions = { bins: 4 };
  session.cohorts({ period: "week" });
  assert.deepEqual(asked("analyze cohorts"), { period: "week" }, "no lifecycle in Settings: the module's L");
  session.migration({ from: "2024-04-01", by: "tier" });
  assert.deepEqual(asked("analyze migration"), { from: "2024-04-01", by: "tier", rfm: { bins: 4 } });
});

test("runClv: clv() with the model options plus the Settings' date and RFM options; asked once per data and options", async () => {
  const { engine, session, changes } = newSession();
  await loadOrders(engine, session);
  assert.equal(session.state.clvOptions, null, "nothing asks for clv() before the Value view");
  assert.equal(session.clvEntry(), null);
  session.state.rfmOptions = { analysisDate: "2024-05-01", bins: 4 };
  const first = session.runClv({ horizon: 26, clv: { margin: 0.3 }, holdout: undefined });
  assert.equal(session.clvRunning, true);
  const request = engine.next("analyze clv");
  assert.deepEqual(request.options, { horizon: 26, clv: { margin: 0.3 }, analysisDate: "2024-05-01", rfm: { bins: 4 } });
  const again = session.runClv({ horizon: 26, clv: { margin: 0.3 } });
  assert.deepEqual(engine.pending(), ["analyze clv"], "the same request on its way is not sent twice");
  const result = { totals: { clv: 1 } };
  request.ok(result);
  const entry = await first;
  assert.equal(await again, entry);
  assert.equal(session.clvRunning, false, "not running any more when the views are drawn");
  assert.equal(entry.result, result);
  assert.deepEqual(entry.options, { horizon: 26, clv: { margin: 0.3 } });
  assert.equal(session.clvEntry(), entry);
  assert.deepEqual([changes.at(-1).clv, changes.at(-1).data], [true, false], "only the views that show it are drawn again");
  assert.equal(await session.runClv(), entry, "no options: the last ones, answered without a request");
  assert.deepEqual(engine.pending(), []);

  // The export carries the CLV columns with the same model options, without the holdout check.
  session.state.clv.options = { horizon: 26, holdout: { from: "2024-01-01" } };
  session.exportCustomers({}, "en");
  assert.deepEqual(engine.next("analyze exportCustomers").options.filter, { lang: "en", format: "csv", clv: { horizon: 26 } });
  engine.requests.at(-1).ok("csv");
});

test("runClv: other Settings make the answer stale; an error is kept and not asked again; a late answer is dropped", async () => {
  const { engine, session } = newSession();
  await loadOrders(engine, session);
  const first = session.runClv({});
  engine.next("analyze clv").ok({ totals: {} });
  await first;
  const applied = session.applyRfmOptions({ bins: 3 });
  engine.next("analyze rfm").ok(rfmResult(3));
  await applied;
  assert.equal(session.clvEntry(), null, "the answer belonged to the previous RFM result");
  session.exportCustomers({}, "en");
  assert.equal(engine.next("analyze exportCustomers").options.filter.clv, undefined, "no stale CLV columns in the export");
  engine.requests.at(-1).ok("csv");

  const failing = session.runClv({ horizon: 1e9 });
  engine.next("analyze clv").fail(error("invalid_option", { option: "horizon", rule: "condition" }));
  const failed = await failing;
  assert.equal(failed.error.code, "invalid_option");
  assert.equal(failed.result, null);
  assert.equal(await session.runClv(), failed, "the same options are not asked again");
  assert.deepEqual(engine.pending(), []);

  const slow = session.runClv({ horizon: 10 });
  const newer = session.runClv({ horizon: 20 });
  const [a, b] = engine.requests.filter((r) => !r.settled);
  b.ok({ horizon: 20 });
  a.ok({ horizon: 10 });
  assert.equal((await newer).result.horizon, 20);
  assert.equal(await slow, null, "the older request's answer is not shown");
  assert.equal(session.clvEntry().result.horizon, 20);
});

test("a new orders file keeps the CLV model options but drops the holdout date; the same file read again keeps it", async () => {
  const { engine, session } = newSession();
  await loadOrders(engine, session);
  const asked = session.runClv({ horizon: 10, holdout: { from: "2024-03-01" } });
  engine.next("analyze clv").ok({});
  await asked;
  await loadOrders(engine, session, { file: "b.csv", keepSettings: true });
  assert.deepEqual(session.state.clvOptions, { horizon: 10, holdout: { from: "2024-03-01" } });
  assert.equal(session.clvEntry(), null, "new data: asked again when a view needs it");
  await loadOrders(engine, session, { file: "c.csv" });
  assert.deepEqual(session.state.clvOptions, { horizon: 10 });
});

test("helpers: clean() drops undefined options; countOf() reads a number, a list or { count }; fixes are named", () => {
  assert.deepEqual(clean({ a: 1, b: undefined, c: null }), { a: 1, c: null });
  assert.deepEqual([countOf(4), countOf(["a", "b"]), countOf({ count: 3, examples: [] }), countOf(undefined)], [4, 2, 3, 0]);
  assert.ok(Object.values(MAPPING_FIXES).every((fix) => fix === "columns" || fix === "settings"));
});

// Campaign evaluation (analytics.md §16).
test("campaigns(): the analysis date of Settings at the top, its RFM options without it; a quiet attach leaves no message", async () => {
  const { engine, session } = newSession();
  await loadOrders(engine, session);
  const applied = session.applyRfmOptions({ analysisDate: "2024-06-01", bins: 4 });
  await settle();
  engine.next("analyze rfm").ok(rfmResult(3));
  await applied;
  const asked = session.campaigns({ windowDays: 14, by: "tier" });
  const request = engine.next("analyze campaigns");
  assert.deepEqual(request.options, { windowDays: 14, by: "tier", analysisDate: "2024-06-01", rfm: { bins: 4 } });
  request.ok({ campaigns: [] });
  assert.deepEqual(await asked, { campaigns: [] });

  session.dismissMessage();
  const quiet = session.attach("campaigns", { url: "/samples/campaigns.csv" }, "campaigns.csv", {}, { quiet: true });
  engine.next("load campaigns").ok({ campaigns: [], contacts: 5 });
  assert.equal(await quiet, true);
  assert.equal(session.state.files.campaigns.joined.report.contacts, 5);
  assert.equal(session.state.message, null, "no message for a file the page joins by itself");
});

// Customer attributes (People view): the bundled sample's customers file comes with the orders.
test("companions (the sample's customers file) are joined before the data is shown, quietly; one that fails is left out", async () => {
  const { engine, session, changes } = newSession();
  const companions = [{ kind: "customers", source: { url: "/samples/customers.csv" }, fileName: "customers.csv" }];
  const done = session.load({ url: "/orders.csv" }, "orders.csv", {}, { isSample: true, companions });
  engine.next("load orders").ok(report(10));
  await settle();
  engine.next("analyze rfm").ok(rfmResult(3));
  await settle();
  assert.equal(session.state.result, null, "not shown before its companions are joined");
  const join = engine.next("load customers");
  assert.deepEqual(join.source, { url: "/samples/customers.csv" });
  join.ok(joinReport(3));
  assert.equal(await done, true);
  assert.equal(session.state.files.customers.joined.fileName, "customers.csv");
  assert.equal(session.state.files.customers.joined.report.matched, 3);
  assert.equal(session.state.message, null, "the sample says nothing about its files");
  assert.equal(changes.at(-1).loaded, "orders");

  const again = session.load({ url: "/orders.csv" }, "orders.csv", {}, { isSample: true, companions });
  engine.next("load orders").ok(report(10));
  await settle();
  engine.next("analyze rfm").ok(rfmResult(3));
  await settle();
  engine.next("load customers").fail(error("missing_role"));
  assert.equal(await again, true, "the orders are shown without it");
  assert.equal(session.state.files.customers.joined, null);
  assert.deepEqual(engine.pending(), []);
});

// lists (issues 17.2, 17.12): the export's new options pass through; a customer's detail asks by id with the Settings
test("the export passes ids, stage, columns and delimiter; customerDetail asks by id with the Settings' RFM options", async () => {
  const { engine, session } = newSession();
  await loadOrders(engine, session);
  session.state.rfmOptions = { analysisDate: "2024-05-01", bins: 4 };
  session.exportCustomers({ ids: ["C2", "C1"], stage: "At risk", columns: ["email"], delimiter: ";" }, "zh");
  const exported = engine.next("analyze exportCustomers");
  assert.deepEqual(exported.options.filter,
    { ids: ["C2", "C1"], stage: "At risk", columns: ["email"], delimiter: ";", lang: "zh", format: "csv" });
  exported.ok("csv");
  const detail = session.customerDetail("C1", { history: ["2024-04-01", "2024-05-01"] });
  const request = engine.next("analyze customerDetail");
  assert.deepEqual(request.options, { id: "C1", options: { history: ["2024-04-01", "2024-05-01"], rfm: { analysisDate: "2024-05-01", bins: 4 } } });
  request.ok({ id: "C1" });
  assert.deepEqual(await detail, { id: "C1" });
});
