// Page wiring for index.html: ?src=<same-origin URL> (default: the bundled sample) and ?lang= into the dashboard element.
import "./dashboard.js";
import { normaliseLanguage } from "./i18n.js";

const dashboard = document.getElementById("dashboard");
const params = new URLSearchParams(location.search);

const lang = normaliseLanguage(params.get("lang"));
if (lang) dashboard.setLanguage(lang, { remember: false });
const syncDocumentLanguage = () => { document.documentElement.lang = dashboard.lang; };
dashboard.addEventListener("clientele-language", syncDocumentLanguage);
syncDocumentLanguage();

// Keep and share (issue 17, point 10): the URL holds the view; a link to a hosted file (?src=) reopens it, a link
// to a file the visitor opened (?file=) asks for it again (files are never stored or sent).
dashboard.setAttribute("url-state", "");
dashboard.openLink(params);
if (params.get("src") || !params.get("file")) dashboard.setAttribute("src", params.get("src") || dashboard.sampleUrl);
