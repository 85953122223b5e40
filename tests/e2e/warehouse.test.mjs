// E2E (issue 19): "Use in your warehouse" on the Overview and in Settings shows the engine's SQL for DuckDB and
// Spark naming the file's columns, and Copy SQL puts exactly that text on the clipboard.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launchWithSample, inShadow, openView } from "./helpers.mjs";

let env;
let page;

before(async () => {
  env = await launchWithSample();
  page = env.page;
  await env.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: env.origin });
});

after(async () => {
  await env?.close();
});

/** The panel `card` as shown: its SQL, dialect, column names and status, once the SQL has arrived (opened by its
 * "Show the SQL" button first, as a user does: the SQL is asked for only then). */
async function panel(card) {
  const open = `clientele-dashboard [data-card="${card}"] [data-action=show-sql]`;
  if (await page.locator(open).count()) await page.click(open);
  await page.waitForFunction((card) => {
    const code = document.querySelector("clientele-dashboard").shadowRoot.querySelector(`[data-card="${card}"] [data-warehouse=sql]`);
    return code && code.textContent.startsWith("WITH");
  }, card, { timeout: 20_000 });
  return inShadow(page, (root, card) => {
    const box = root.querySelector(`[data-card="${card}"]`);
    return {
      sql: box.querySelector("[data-warehouse=sql]").textContent,
      dialect: box.querySelector("[data-warehouse=sql]").dataset.dialect,
      columns: [...box.querySelectorAll("[data-warehouse=columns] code")].map((c) => c.textContent),
      status: box.querySelector("[data-warehouse=status]").textContent,
      title: box.querySelector("h3").textContent,
    };
  }, card);
}

test("the Overview's warehouse panel shows DuckDB SQL naming the sample's columns, and Copy SQL copies it", async () => {
  const shown = await panel("warehouse");
  assert.equal(shown.title, "Use in your warehouse");
  assert.equal(shown.dialect, "duckdb");
  for (const column of ["customer_id", "order_date", "amount", "order_id"]) {
    assert.ok(shown.columns.includes(column), `the panel lists ${column}`);
    assert.ok(shown.sql.includes(`"${column}"`), `the SQL names "${column}"`);
  }
  assert.ok(shown.sql.includes("date_diff("), "DuckDB's date arithmetic");
  await page.click('clientele-dashboard [data-card="warehouse"] [data-action=copy-sql]');
  await page.waitForFunction(() => document.querySelector("clientele-dashboard").shadowRoot.querySelector('[data-card="warehouse"] [data-warehouse=status]').textContent !== "");
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, shown.sql, "the clipboard holds the shown query");
  assert.match((await panel("warehouse")).status, /clipboard/);
});

test("Spark in Settings follows the settings (cn-8), and the panel speaks 简体中文", async () => {
  await openView(page, "settings");
  // Opened on the Overview, the SQL stays shown in this session: the Settings card opens at once.
  assert.equal(await page.locator('clientele-dashboard [data-card="warehouse-settings"] [data-action=show-sql]').count(), 0);
  await page.click('clientele-dashboard [data-card="warehouse-settings"] [data-dialect=spark]');
  await page.waitForFunction(() => document.querySelector("clientele-dashboard").shadowRoot.querySelector('[data-card="warehouse-settings"] [data-warehouse=sql]').dataset.dialect === "spark");
  const spark = await panel("warehouse-settings");
  assert.ok(spark.sql.includes("`customer_id`") && spark.sql.includes("datediff("), "Spark quoting and dates");
  assert.ok(spark.sql.includes("'Champions'"), "the default map's segments");
  await page.selectOption('clientele-dashboard [data-setting="segmentMap"]', "cn-8");
  await page.click('clientele-dashboard [data-action="apply-settings"]');
  await page.waitForFunction(() => document.querySelector("clientele-dashboard").shadowRoot.querySelector('[data-card="warehouse-settings"] [data-warehouse=sql]')?.textContent.includes("Important Value"), null, { timeout: 20_000 });
  const cn8 = await panel("warehouse-settings");
  assert.equal(cn8.dialect, "spark", "the dialect chosen stays");
  await page.click('clientele-dashboard [data-card="warehouse-settings"] [data-action=copy-sql]');
  await page.waitForFunction(() => document.querySelector("clientele-dashboard").shadowRoot.querySelector('[data-card="warehouse-settings"] [data-warehouse=status]').textContent !== "");
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), cn8.sql);
  await page.evaluate(() => document.querySelector("clientele-dashboard").setLanguage("zh-CN"));
  await page.waitForFunction(() => document.querySelector("clientele-dashboard").shadowRoot.querySelector('[data-card="warehouse-settings"] h3')?.textContent === "在数据仓库中使用");
  const zh = await panel("warehouse-settings");
  assert.equal(zh.sql, cn8.sql, "the same query in either language");
  assert.deepEqual(env.log.problems, []);
  assert.deepEqual(env.log.foreign, []);
});
