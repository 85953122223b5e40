// "Use in your warehouse" (issue 19): the shown analysis as one SQL query for DuckDB or Spark (ds.sql(), generated
// by the engine from the file's columns and the current settings), the columns it expects, and Copy SQL. A card
// the Overview and Settings mount. The SQL is asked for when the user opens it ("Show the SQL"): sql() is in the
// full module (split, issue 17.13), which is not part of the first load.
import { el } from "../dom.js";
import { card } from "./card.js";

const DIALECTS = ["duckdb", "spark"];
const ROLES = ["customer", "date", "amount", "quantity", "unitPrice", "order"];

/** Copies `text`: the Clipboard API, else a selected text area and execCommand (older or locked-down browsers). */
async function copyText(text, host) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = el("textarea", { readonly: true, class: "visually-hidden" });
    area.value = text;
    host.append(area);
    area.select();
    const ok = document.execCommand?.("copy") ?? false;
    area.remove();
    return ok;
  }
}

/** The warehouse card: dialect buttons, the expected columns, the SQL, Copy SQL. */
export function warehouseCard(app, { field = "warehouse" } = {}) {
  const t = app.t;
  const roles = app.state.report?.roles ?? {};
  const columns = ROLES.filter((role) => roles[role]).map((role) =>
    el("li", { "data-role": role }, el("span", { class: "warehouse-role" }, t.t(`warehouse.role.${role}`)), " ", el("code", {}, roles[role])));
  const code = el("code", { "data-warehouse": "sql" });
  const pre = el("pre", { class: "warehouse-sql", tabindex: 0, "aria-label": t.t("warehouse.sqlLabel") }, code);
  const status = el("p", { class: "warehouse-status", role: "status", "aria-live": "polite", "data-warehouse": "status" });
  let dialect = app.state.warehouseDialect ?? "duckdb";
  let sql = "";
  let request = 0;

  async function show(next) {
    dialect = next;
    app.state.warehouseDialect = next;
    for (const button of tabs) button.setAttribute("aria-pressed", String(button.dataset.dialect === next));
    const mine = ++request;
    code.textContent = "…";
    status.textContent = "";
    try {
      const result = await app.sql({ dialect: next });
      if (mine !== request) return;
      sql = result.sql;
      code.textContent = sql;
      code.dataset.dialect = result.dialect;
    } catch (error) {
      if (mine !== request) return;
      sql = "";
      code.textContent = "";
      status.textContent = error?.message ?? String(error);
    }
  }

  const tabs = DIALECTS.map((name) => el("button", {
    type: "button", class: "button small ghost", "data-dialect": name, "aria-pressed": String(name === dialect),
    on: { click: () => show(name) },
  }, t.t(`warehouse.dialect.${name}`)));
  const copy = el("button", {
    type: "button", class: "button small", "data-action": "copy-sql",
    on: {
      click: async () => {
        const ok = sql !== "" && await copyText(sql, copy.parentElement);
        status.textContent = t.t(ok ? "warehouse.copied" : "warehouse.copyFailed", { dialect: t.t(`warehouse.dialect.${dialect}`) });
      },
    },
  }, t.t("warehouse.copy"));
  const actions = el("div", { class: "warehouse-actions", role: "group", "aria-label": t.t("warehouse.dialect"), hidden: true }, ...tabs, copy);
  pre.hidden = true;
  // Once opened, the SQL stays shown for the session: cards drawn again (new settings, another language, the other
  // view's card) open at once.
  const reveal = () => {
    app.state.warehouseOpen = true;
    open.remove();
    actions.hidden = false;
    pre.hidden = false;
    show(dialect);
  };
  const open = el("button", { type: "button", class: "button small", "data-action": "show-sql", on: { click: reveal } }, t.t("warehouse.show"));
  const body = el("div", { class: "warehouse" },
    el("p", {}, t.t("warehouse.when")),
    el("p", {}, t.t("warehouse.columns")),
    el("ul", { class: "warehouse-columns", "data-warehouse": "columns" }, ...columns),
    open,
    actions,
    status,
    pre);
  if (app.state.warehouseOpen) reveal();
  return card(app, { title: t.t("warehouse.title"), caption: t.t("warehouse.caption"), field }, body);
}
