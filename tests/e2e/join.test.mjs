// E2E: the "Data & mapping" view adds a customers file (file picker) and a campaign file (dropped on its zone) to the
// sample; each one's columns and join report are the module's own (joinCustomers / joinCampaigns in the same page),
// in English and 简体中文; a file without a customer column is refused with words naming the kind; a wrong guess is
// fixed in the file's form; reading the orders again joins the files again.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { launchWithSample, waitForState, screenshot, inShadow, moduleInPage, formatInPage, openView, FIXTURES, chooseLanguage } from "./helpers.mjs";

const SAMPLE = { url: "./samples/orders.csv", fileName: "orders.csv" };
// A customers file with no column that could hold customer ids.
const NO_ID_CSV = "gender,age\nF,34\nM,41\n";
// Auto-mapping takes "shop" (the first text column) as the customer; the ids are in "who".
const WRONG_ID_CSV = "shop,who\nNorth,C000002\nSouth,C000003\n";

let env;
let page;
let customersFile;
let campaignsFile;

before(async () => {
  env = await launchWithSample();
  page = env.page;
  customersFile = await readFile(path.join(FIXTURES, "sample-customers.csv"));
  campaignsFile = await readFile(path.join(FIXTURES, "sample-campaigns.csv"));
});

after(async () => {
  await env?.close();
});

const CARD = (kind) => `clientele-dashboard [data-card="attach-${kind}"]`;

/** What an attached file's card shows: the counts (`data-join`), their example lines, roles, skipped rows. */
function shownJoin(kind) {
  return inShadow(page, (root, kind) => {
    const card = root.querySelector(`[data-card="attach-${kind}"]`);
    const lines = (node) => [...node.querySelectorAll("[data-line]")].map((li) => [Number(li.dataset.line), li.querySelector("code").textContent]);
    return {
      file: card.querySelector('[data-field="attach-file"]')?.textContent ?? null,
      counts: Object.fromEntries([...card.querySelectorAll("[data-join]")].map((li) => [li.dataset.join, Number(li.dataset.value)])),
      countTexts: Object.fromEntries([...card.querySelectorAll("[data-join]")].map((li) => [li.dataset.join, li.textContent])),
      examples: Object.fromEntries([...card.querySelectorAll("[data-join]")].map((li) => [li.dataset.join, lines(li)])),
      roles: Object.fromEntries([...card.querySelectorAll("[data-join-role]")].map((dd) => [dd.dataset.joinRole, dd.textContent])),
      skipped: [...card.querySelectorAll("[data-field=skipped-list] [data-reason]")].flatMap((group) =>
        lines(group).map(([line]) => [group.dataset.reason, line])),
      skippedText: card.querySelector("[data-field=skipped-list]")?.textContent ?? "",
      title: card.querySelector("h3").textContent,
      text: card.textContent,
    };
  }, kind);
}

const examplesOf = (part) => (part?.examples ?? []).map((example) => [example.line, example.text]);
const skippedOf = (report) => report.skipped.flatMap((group) => group.examples.map((example) => [group.reason, example.line]));

test("load the sample, add a customers file: the join report is the module's, with the lines it points at", async () => {
  await openView(page, "mapping");
  assert.ok(await page.$(`${CARD("customers")} [data-drop-kind="customers"]`), "a drop zone for a customers file");
  assert.ok(await page.$(`${CARD("campaigns")} [data-drop-kind="campaigns"]`), "a drop zone for a campaign file");
  await page.setInputFiles('clientele-dashboard [data-attach-input="customers"]', { name: "sample-customers.csv", mimeType: "text/csv", buffer: customersFile });
  await page.waitForSelector(`${CARD("customers")} [data-field="join-report"]`);
  await waitForState(page, "ready");

  const direct = await moduleInPage(page, { ...SAMPLE, joins: [{ kind: "customers", base64: customersFile.toString("base64"), fileName: "sample-customers.csv" }] });
  assert.equal(direct.thrown, undefined, JSON.stringify(direct.thrown));
  const [join] = direct.joins;
  // The fixture's cases (tests/fixtures/make_fixtures.py): a duplicate on line 6, an unknown id on line 7, no id on line 5.
  assert.deepEqual(examplesOf(join.duplicates).map(([line]) => line), [6]);
  assert.deepEqual(examplesOf(join.recordsWithoutCustomer).map(([line]) => line), [7]);
  assert.match(examplesOf(join.recordsWithoutCustomer)[0][1], /Z999999/);
  assert.deepEqual(skippedOf(join), [["missing_customer", 5]]);

  const shown = await shownJoin("customers");
  assert.deepEqual(shown.counts, {
    matched: join.matched,
    customersWithoutRecord: typeof join.customersWithoutRecord === "number" ? join.customersWithoutRecord : join.customersWithoutRecord.count,
    recordsWithoutCustomer: join.recordsWithoutCustomer.count,
    duplicates: join.duplicates.count,
  }, "the module's counts");
  assert.deepEqual(shown.examples.recordsWithoutCustomer, examplesOf(join.recordsWithoutCustomer), "the lines and their text");
  assert.deepEqual(shown.examples.duplicates, examplesOf(join.duplicates));
  assert.deepEqual(shown.skipped, skippedOf(join));
  assert.match(shown.file, /sample-customers\.csv/);
  assert.equal(shown.roles.customer, "“customer_id”");
  assert.equal(shown.roles.birthDate, "“birth_date”");
  assert.equal(shown.roles.gender, "“gender”");
  assert.equal(shown.roles.age, "“age”");
  const columns = await inShadow(page, (root) => [...root.querySelectorAll('[data-card="attach-customers"] [data-table="join-columns"] tbody th')].map((th) => th.textContent));
  assert.deepEqual(columns, join.columns.map((column) => column.name));
  const message = await page.textContent('clientele-dashboard .message[data-field="joined"]');
  assert.match(message, /sample-customers\.csv/);
  assert.ok(message.includes(`${join.matched} customers have a record`), message);
  assert.equal(await page.textContent('clientele-dashboard [data-field="file-name"]'), "orders.csv", "the orders are still the sample");
  await screenshot(page, "join-customers-en", { fullPage: true });
});

test("简体中文: the same report in Chinese words and number formats; back in English it is still right", async () => {
  const before = await shownJoin("customers");
  await chooseLanguage(page, "zh-CN");
  await page.waitForFunction(() => document.documentElement.lang === "zh-CN");
  const zh = await shownJoin("customers");
  assert.equal(zh.title, "客户资料文件");
  assert.deepEqual(zh.counts, before.counts, "the same numbers");
  assert.deepEqual(zh.examples, before.examples, "the same lines");
  const [matched] = await formatInPage(page, "zh-CN", [["integer", before.counts.matched]]);
  assert.equal(zh.countTexts.matched, `有资料的客户 ${matched}`);
  assert.match(zh.skippedText, /缺少客户/, "the skip reason in Chinese");
  assert.match(zh.text, /第 7 行/, "line numbers in Chinese");
  assert.match(zh.text, /找不到对应客户的资料/);
  assert.doesNotMatch(zh.text, /Customers with a record|Records that match no customer|Join report/, "no English label left");
  await screenshot(page, "join-customers-zh", { fullPage: true });
  await page.click('clientele-dashboard button[data-lang="en"]');
  await page.waitForFunction(() => document.documentElement.lang === "en");
  const en = await shownJoin("customers");
  assert.deepEqual(en.counts, before.counts);
  assert.equal(en.countTexts.matched, before.countTexts.matched);
  assert.equal(en.title, "Customers file");
});

test("a campaign file dropped on its zone is joined, not loaded as orders; its report is the module's", async () => {
  await openView(page, "mapping");
  await page.evaluate(({ text }) => {
    const zone = document.querySelector("clientele-dashboard").shadowRoot.querySelector('[data-drop-kind="campaigns"]');
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], "sample-campaigns.csv", { type: "text/csv" }));
    for (const type of ["dragenter", "dragover", "drop"]) {
      zone.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true, composed: true }));
    }
  }, { text: campaignsFile.toString("utf8") });
  await page.waitForSelector(`${CARD("campaigns")} [data-field="join-report"]`);
  await waitForState(page, "ready");
  assert.equal(await page.textContent('clientele-dashboard [data-field="file-name"]'), "orders.csv", "the orders are still the sample");
  assert.equal(await page.isHidden("clientele-dashboard .drop-overlay"), true);

  const direct = await moduleInPage(page, { ...SAMPLE, joins: [{ kind: "campaigns", base64: campaignsFile.toString("base64"), fileName: "sample-campaigns.csv" }] });
  assert.equal(direct.thrown, undefined, JSON.stringify(direct.thrown));
  const [join] = direct.joins;
  // The fixture's cases: a later contact on line 5, a customer in both groups on line 7, skipped lines 9 and 10.
  assert.deepEqual(examplesOf(join.duplicates).map(([line]) => line), [5]);
  assert.equal(join.conflicting.count, 1);
  assert.deepEqual(skippedOf(join).sort((a, b) => a[1] - b[1]), [["missing_contact_date", 9], ["bad_group", 10]]);
  const count = (value) => (typeof value === "number" ? value : Array.isArray(value) ? value.length : value.count);
  const shown = await shownJoin("campaigns");
  assert.deepEqual(shown.counts, {
    campaigns: count(join.campaigns), contacts: count(join.contacts), duplicates: join.duplicates.count, conflicting: join.conflicting.count,
  });
  assert.deepEqual(shown.examples.duplicates, examplesOf(join.duplicates));
  assert.deepEqual(shown.examples.conflicting, examplesOf(join.conflicting));
  assert.deepEqual(shown.skipped, skippedOf(join));
  const campaigns = await inShadow(page, (root) => [...root.querySelectorAll('[data-table="join-campaigns"] tbody tr')].map((row) =>
    [row.dataset.campaign, ...["contacts", "treatment", "control"].map((col) => Number(row.querySelector(`[data-col="${col}"]`).textContent))]));
  assert.deepEqual(campaigns, join.campaigns.map((c) => [c.name, c.contacts, c.treatment, c.control]), "each campaign's contacts per group");
  assert.deepEqual(campaigns.map(([name]) => name).sort(), ["New year", "Winter sale"]);
  assert.equal(shown.roles.contactDate, "“send_date”");
  assert.equal(shown.roles.group, "“group”");
  assert.ok((await shownJoin("customers")).counts.matched > 0, "the customers file stays joined");
  await screenshot(page, "join-campaigns", { fullPage: true });
});

test("a customers file without a customer column: the error names the kind; the previous file stays joined", async () => {
  await page.setInputFiles('clientele-dashboard [data-attach-input="customers"]', { name: "no-ids.csv", mimeType: "text/csv", buffer: Buffer.from(NO_ID_CSV) });
  await page.waitForSelector(`${CARD("customers")} [data-field="attach-error"][data-code="missing_role"]`);
  const message = await page.textContent("clientele-dashboard .message");
  assert.match(message, /Could not add no-ids\.csv/);
  assert.match(message, /No column of the customers file could be used as Customer/, "the message says which file lacks which column");
  assert.match(message, /“gender”, “age”/, "and lists the file's columns");
  assert.ok(await page.$(`${CARD("customers")} [data-form="attach-customers"] [data-role="customer"]`), "a form to choose the column");
  const shown = await shownJoin("customers");
  assert.match(shown.file, /sample-customers\.csv/, "the previous customers file stays joined");
  assert.ok(shown.counts.matched > 0);
});

test("a customers file read with the wrong id column: choosing the column in its form joins it again", async () => {
  await page.setInputFiles('clientele-dashboard [data-attach-input="customers"]', { name: "shops.csv", mimeType: "text/csv", buffer: Buffer.from(WRONG_ID_CSV) });
  await page.waitForFunction(() => document.querySelector("clientele-dashboard").shadowRoot
    .querySelector('[data-card="attach-customers"] [data-field="attach-file"]')?.textContent.includes("shops.csv"));
  const guessed = await shownJoin("customers");
  assert.equal(guessed.roles.customer, "“shop”", "auto-mapping took the shops as customers");
  assert.equal(guessed.counts.matched, 0);
  await page.click(`${CARD("customers")} .attach-change summary`);
  await page.selectOption(`${CARD("customers")} [data-form="attach-customers"] [data-role="customer"]`, "h:who");
  await page.click(`${CARD("customers")} [data-form="attach-customers"] [data-action="reattach"]`);
  await page.waitForFunction(() => document.querySelector("clientele-dashboard").shadowRoot
    .querySelector('[data-card="attach-customers"] [data-join-role="customer"]')?.textContent === "“who”");
  const direct = await moduleInPage(page, { ...SAMPLE, joins: [{ kind: "customers", base64: Buffer.from(WRONG_ID_CSV).toString("base64"), fileName: "shops.csv", load: { roles: { customer: "who" } } }] });
  const shown = await shownJoin("customers");
  assert.equal(shown.counts.matched, direct.joins[0].matched);
  assert.equal(shown.counts.matched, 2, "C000002 and C000003 are customers of the sample");
  assert.equal(await page.$(`${CARD("customers")} [data-field="attach-error"]`), null, "no error left");
});

test("reading the orders again joins the attached files again; a new orders file starts without them", async () => {
  await openView(page, "mapping");
  const before = await shownJoin("campaigns");
  await page.selectOption('clientele-dashboard [data-form="mapping"] [data-control="dateOrder"]', "ymd");
  await page.click('clientele-dashboard [data-form="mapping"] [data-action="reload"]');
  await waitForState(page, "ready");
  await openView(page, "mapping");
  await page.waitForSelector(`${CARD("campaigns")} [data-field="join-report"]`);
  await page.waitForSelector(`${CARD("customers")} [data-field="join-report"]`);
  assert.deepEqual((await shownJoin("campaigns")).counts, before.counts, "the campaign file is joined to the reloaded orders");
  const rejoined = await shownJoin("customers");
  assert.match(rejoined.file, /shops\.csv/);
  assert.equal(rejoined.roles.customer, "“who”", "with the column chosen for it");

  await page.setInputFiles("clientele-dashboard input[type=file]:not([data-attach-input])", { name: "small.csv", mimeType: "text/csv", buffer: Buffer.from("customer,date,amount\nC000002,2024-05-01,10\n") });
  await page.waitForFunction(() => document.querySelector("clientele-dashboard").shadowRoot.querySelector('[data-field="file-name"]')?.textContent === "small.csv");
  await openView(page, "mapping");
  assert.equal(await page.$(`${CARD("customers")} [data-field="join-report"]`), null, "a new orders file has no customers file yet");
  assert.equal(await page.$(`${CARD("campaigns")} [data-field="join-report"]`), null);
  assert.deepEqual(env.log.foreign, [], "no request to another origin");
  assert.deepEqual(env.log.problems, [], "no error, console error or dialog");
});
