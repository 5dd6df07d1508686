// German first, English second. Pages register their own strings with `addStrings`, mark text
// in the HTML with data-i18n="key" (textContent) or data-i18n-attr="attr:key;attr2:key2", and
// call `applyTranslations()` (done automatically whenever the language changes).

const STORAGE_KEY = "oecherlab.lang";
export const LANGUAGES = ["de", "en"];

const strings = { de: {}, en: {} };
const listeners = new Set();

function initialLanguage() {
  const fromQuery = new URLSearchParams(location.search).get("lang");
  if (LANGUAGES.includes(fromQuery)) return fromQuery;
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (LANGUAGES.includes(saved)) return saved;
  } catch {
    // Storage may be blocked (private mode); German is the default.
  }
  return "de";
}

let current = initialLanguage();

export function lang() {
  return current;
}

export function addStrings(table) {
  for (const code of LANGUAGES) Object.assign(strings[code], table[code] || {});
}

/** The text for `key` in the current language, with {name} placeholders filled from `vars`. */
export function t(key, vars = {}) {
  const text = strings[current][key] ?? strings.de[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_m, name) => (name in vars ? String(vars[name]) : `{${name}}`));
}

export function setLanguage(code) {
  if (!LANGUAGES.includes(code) || code === current) return;
  current = code;
  try {
    localStorage.setItem(STORAGE_KEY, code);
  } catch {
    // Not remembered, but still switched.
  }
  applyTranslations();
  for (const fn of listeners) fn(code);
}

export function onLanguageChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function applyTranslations(root = document) {
  document.documentElement.lang = current;
  for (const el of root.querySelectorAll("[data-i18n]")) {
    el.textContent = t(el.dataset.i18n);
  }
  for (const el of root.querySelectorAll("[data-i18n-attr]")) {
    for (const pair of el.dataset.i18nAttr.split(";")) {
      const [attr, key] = pair.split(":").map((s) => s.trim());
      if (attr && key) el.setAttribute(attr, t(key));
    }
  }
  for (const btn of document.querySelectorAll("[data-lang-switch] button[data-lang]")) {
    btn.setAttribute("aria-pressed", String(btn.dataset.lang === current));
  }
  const title = document.querySelector("meta[name='i18n-title']");
  if (title) document.title = t(title.content);
}

/** Wire the DE/EN buttons inside every element marked data-lang-switch. */
export function mountLanguageSwitch() {
  for (const box of document.querySelectorAll("[data-lang-switch]")) {
    for (const btn of box.querySelectorAll("button[data-lang]")) {
      btn.addEventListener("click", () => setLanguage(btn.dataset.lang));
    }
  }
}

// ---- formatting helpers -----------------------------------------------------------------------

export function formatDate(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return new Intl.DateTimeFormat(current === "de" ? "de-DE" : "en-GB", {
    dateStyle: "medium",
    timeStyle: "short",
  }).format(d);
}

export function formatNumber(n) {
  return new Intl.NumberFormat(current === "de" ? "de-DE" : "en-GB").format(n);
}

/** The label of a field of action: the configured German name, translated where we know it. */
export function fieldLabel(name) {
  if (current === "de") return name;
  return FIELD_NAMES_EN[name] || name;
}

const FIELD_NAMES_EN = {
  "Digitale Services und Gesellschaft": "Digital services and society",
  "Klimaschutz, Energie und Mobilität": "Climate protection, energy and mobility",
  "Wirtschaft und Technologie": "Economy and technology",
};

export function statusLabel(status) {
  return t(`status.${status}`);
}

// Strings every page uses.
addStrings({
  de: {
    "lang.switch": "Sprache",
    "status.submitted": "Eingereicht – wird geprüft",
    "status.published": "Veröffentlicht",
    "status.in_review": "In Prüfung",
    "status.implemented": "Umgesetzt",
    "status.rejected": "Abgelehnt",
    "error.network": "Keine Verbindung zum Server. Bitte prüfen Sie Ihre Internetverbindung und versuchen Sie es erneut.",
    "error.rate": "Zu viele Anfragen. Bitte warten Sie {seconds} Sekunden und versuchen Sie es dann erneut.",
    "error.generic": "Etwas ist schiefgelaufen (Fehler {status}). Bitte versuchen Sie es erneut.",
    "error.server": "Auf unserer Seite ist ein Fehler aufgetreten. Bitte versuchen Sie es gleich noch einmal.",
    "error.unauthorized": "Bitte melden Sie sich erneut an.",
    "verr.string_too_short": "Der Text ist zu kurz.",
    "verr.string_too_long": "Der Text ist zu lang.",
    "verr.missing": "Bitte ausfüllen.",
    "verr.required": "Bitte ausfüllen.",
    "verr.invalid": "Diese Angabe ist nicht gültig.",
    "live.reconnecting": "Verbindung wird wiederhergestellt …",
    "live.connecting": "Verbinde …",
  },
  en: {
    "lang.switch": "Language",
    "status.submitted": "Submitted – under review",
    "status.published": "Published",
    "status.in_review": "In review",
    "status.implemented": "Implemented",
    "status.rejected": "Rejected",
    "error.network": "Cannot reach the server. Please check your internet connection and try again.",
    "error.rate": "Too many requests. Please wait {seconds} seconds and then try again.",
    "error.generic": "Something went wrong (error {status}). Please try again.",
    "error.server": "Something went wrong on our side. Please try again in a moment.",
    "error.unauthorized": "Please sign in again.",
    "verr.string_too_short": "The text is too short.",
    "verr.string_too_long": "The text is too long.",
    "verr.missing": "Please fill this in.",
    "verr.required": "Please fill this in.",
    "verr.invalid": "This value is not valid.",
    "live.reconnecting": "Reconnecting …",
    "live.connecting": "Connecting …",
  },
});
