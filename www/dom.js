// DOM helpers shared by the views: building elements with text only (never HTML), ids, downloads.

/**
 * An element with attributes and children. Strings become text nodes, never markup; `null`/`false` children and
 * attributes are skipped; `on: { click: fn }` adds listeners; `props: { value: … }` sets properties.
 */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "on") for (const [event, listener] of Object.entries(value)) element.addEventListener(event, listener);
    else if (name === "props") Object.assign(element, value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : String(child));
  }
}

/** What the file pickers accept: text exports and Excel workbooks. */
// platforms2 (issue 12): .xml for Salesforce Commerce Cloud's order export.
export const ACCEPTED_FILES = ".csv,.tsv,.txt,.xlsx,.xml,text/csv,text/plain,text/xml,application/xml,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

let counter = 0;
/** A document-unique id for label/aria wiring. */
export function uid(prefix = "c") {
  counter += 1;
  return `clientele-${prefix}-${counter}`;
}

/** A `<select>` with `options` = [{ value, label }] and the given value selected. */
export function select(attributes, options, value) {
  const element = el("select", attributes, ...options.map((option) =>
    el("option", { value: option.value, disabled: option.disabled ?? false }, option.label)));
  element.value = value;
  return element;
}

/** A labelled field: `<label>` + control (+ an optional hint under it), wired with for/id and aria-describedby. */
export function field(labelText, control, hint = null, attributes = {}) {
  if (!control.id) control.id = uid("field");
  let hintElement = null;
  if (hint) {
    hintElement = el("span", { class: "field-hint", id: uid("hint") }, hint);
    control.setAttribute("aria-describedby", hintElement.id);
  }
  return el("div", { class: "field", ...attributes }, el("label", { for: control.id }, labelText), control, hintElement);
}

/** Saves a Blob under `fileName` through a temporary object URL. */
export function download(blob, fileName) {
  const url = URL.createObjectURL(blob);
  const link = el("a", { href: url, download: fileName });
  link.style.display = "none";
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A safe file-name part: letters, digits (any script), dashes. */
export function fileNamePart(text) {
  return String(text).normalize("NFKC").replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-+|-+$/g, "").slice(0, 60) || "export";
}
