// The card every view is made of: a title, an optional caption, a PNG button when it holds a chart, and a body.
import { el } from "../dom.js";

/** A card with a title, an optional caption, a PNG button for its chart, and a body. */
export function card(app, { title, caption = null, chart = null, className = "", field = null }, ...body) {
  const t = app.t;
  const png = chart
    ? el("button", {
      type: "button", class: "button small ghost", "data-action": "png",
      "aria-label": t.t("action.pngOf", { title }), title: t.t("action.pngOf", { title }),
      on: { click: () => app.downloadChart(chart, title) },
    }, t.t("action.png"))
    : null;
  return el("section", { class: `card ${className}`, "data-card": field },
    el("div", { class: "card-head" },
      el("div", {}, el("h3", {}, title), caption ? el("p", { class: "card-caption" }, caption) : null),
      png),
    ...body);
}
