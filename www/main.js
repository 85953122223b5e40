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

dashboard.setAttribute("src", params.get("src") || dashboard.sampleUrl);
