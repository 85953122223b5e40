// UI wiring: loads the bundled sample on start, the file picker and drag-and-drop, the language switch, messages.
import { AnalysisClient } from "./client.js";
import * as i18n from "./i18n.js";
import { renderSummary, renderSegmentTable, renderSegmentChart } from "./render.js";

const SAMPLE = { url: "./samples/orders.csv", fileName: "orders.csv" };

const app = document.getElementById("app");
const fileInput = document.getElementById("file-input");
const progress = document.getElementById("progress");
const progressBar = document.getElementById("progress-bar");
const progressText = document.getElementById("progress-text");
const message = document.getElementById("message");
const summary = document.getElementById("file-summary");
const segmentTable = document.getElementById("segment-table");
const segmentChart = document.getElementById("segment-chart");

let shown = null; // the analysis on screen: { fileName, report, result }
let failure = null; // the last failed load, shown in the message area: { fileName, error }
let latestRequest = 0; // only the most recent load may update the page

const client = new AnalysisClient({
  onFatal: (error) => {
    failure = { fileName: null, error };
    renderMessage();
  },
});

/** Loads a source into the worker, runs the RFM analysis and shows it; failures go to the message area. */
async function analyse(source, fileName) {
  const request = ++latestRequest;
  app.dataset.state = "loading";
  showProgress(i18n.t("progress.reading", { file: fileName }), 0);
  try {
    const report = await client.load(source, {}, ({ bytesDone, bytesTotal }) => {
      if (request === latestRequest) showProgress(i18n.t("progress.reading", { file: fileName }), bytesTotal ? bytesDone / bytesTotal : null);
    });
    if (request !== latestRequest) return;
    showProgress(i18n.t("progress.scoring"), null);
    const result = await client.rfm({});
    if (request !== latestRequest) return;
    shown = { fileName, report, result };
    failure = null;
    render();
    app.dataset.state = "ready";
  } catch (error) {
    if (request !== latestRequest) return;
    failure = { fileName, error };
    renderMessage();
    app.dataset.state = "error";
  } finally {
    if (request === latestRequest) progress.hidden = true;
  }
}

/** `fraction` null shows an indeterminate bar. */
function showProgress(text, fraction) {
  progress.hidden = false;
  progressText.textContent = text;
  if (fraction === null) progressBar.removeAttribute("value");
  else progressBar.value = fraction;
}

function render() {
  renderStaticText();
  renderMessage();
  if (!shown) return;
  renderSummary(summary, shown);
  renderSegmentTable(segmentTable, shown.result);
  renderSegmentChart(segmentChart, shown.result);
}

function renderStaticText() {
  const lang = i18n.language();
  document.documentElement.lang = lang;
  for (const element of document.querySelectorAll("[data-i18n]")) element.textContent = i18n.t(element.dataset.i18n);
  for (const element of document.querySelectorAll("[data-i18n-aria-label]")) element.setAttribute("aria-label", i18n.t(element.dataset.i18nAriaLabel));
  for (const button of document.querySelectorAll("[data-lang]")) button.setAttribute("aria-pressed", String(button.dataset.lang === lang));
}

/** The error object `{ code, message, position, details }`, in the message area with the file's name. */
function renderMessage() {
  message.hidden = !failure;
  if (!failure) return;
  const { fileName, error } = failure;
  message.dataset.code = typeof error?.code === "string" ? error.code : "internal_error";
  message.querySelector("#message-title").textContent = fileName ? i18n.t("error.title", { file: fileName }) : "";
  message.querySelector("#message-text").textContent = i18n.errorText(error);
}

fileInput.addEventListener("change", () => {
  const file = fileInput.files[0];
  fileInput.value = ""; // choosing the same file again must load it again
  if (file) analyse({ file }, file.name);
});

for (const button of document.querySelectorAll("[data-lang]")) {
  button.addEventListener("click", () => {
    i18n.setLanguage(button.dataset.lang);
    render();
  });
}

document.addEventListener("dragover", (event) => {
  event.preventDefault();
  document.body.classList.add("dropping");
});
document.addEventListener("dragleave", (event) => {
  if (!event.relatedTarget) document.body.classList.remove("dropping");
});
document.addEventListener("drop", (event) => {
  event.preventDefault();
  document.body.classList.remove("dropping");
  const file = event.dataTransfer?.files[0];
  if (file) analyse({ file }, file.name);
});

renderStaticText();
analyse({ url: SAMPLE.url }, SAMPLE.fileName);
