// German first, English second. Every text lives once per language in strings-de.js and
// strings-en.js; pages read it through t(), or mark it in the HTML with data-i18n="key"
// (textContent) or data-i18n-attr="attr:key;attr2:key2", which applyTranslations() fills in
// (again whenever the language changes). tests/unit/test_page_strings.py checks that every key a
// page uses exists in both catalogues.

import de from "./strings-de.js";
import en from "./strings-en.js";

const STORAGE_KEY = "oecherlab.lang";
const CATALOGUES = { de, en };
export const LANGUAGES = Object.keys(CATALOGUES);
const LOCALES = { de: "de-DE", en: "en-GB" };

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
let plurals = new Intl.PluralRules(LOCALES[current]);
let numbers = numberFormat(current);

// Thousands are grouped from five digits on ("2000", "12.000"), as German and English texts
// usually write them, so a counter "0 / 2000" matches the hint "at most 2000 characters".
function numberFormat(code) {
  return new Intl.NumberFormat(LOCALES[code], { useGrouping: "min2" });
}

export function lang() {
  return current;
}

/**
 * The text for `key` in the current language, with {name} placeholders filled from `vars`
 * (numbers formatted for the language). An entry with plural forms ({one, other, …}) is chosen
 * by `vars.n` through Intl.PluralRules, so "1 Stimme" / "3 Stimmen" need no code of their own.
 */
export function t(key, vars = {}) {
  let text = CATALOGUES[current][key];
  if (text === undefined) return key;
  if (typeof text === "object") text = text[plurals.select(Number(vars.n))] ?? text.other;
  return text.replace(/\{(\w+)\}/g, (match, name) => (name in vars ? show(vars[name]) : match));
}

function show(value) {
  return typeof value === "number" ? numbers.format(value) : String(value);
}

export function setLanguage(code) {
  if (!LANGUAGES.includes(code) || code === current) return;
  current = code;
  plurals = new Intl.PluralRules(LOCALES[code]);
  numbers = numberFormat(code);
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
  const title = document.querySelector("meta[name='i18n-title']");
  if (title) document.title = t(title.content);
}

// ---- formatting helpers -----------------------------------------------------------------------

export function formatDate(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return new Intl.DateTimeFormat(LOCALES[current], {
    dateStyle: "medium",
    timeStyle: "short",
  }).format(d);
}

export function formatNumber(n) {
  return numbers.format(n);
}

/** The label of a field of action: the configured (German) name, translated where we know it. */
export function fieldLabel(name) {
  const key = `field.${name}`;
  const text = t(key);
  return text === key ? name : text;
}

export function statusLabel(status) {
  return t(`status.${status}`);
}
