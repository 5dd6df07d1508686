// The legal pages, /privacy, /accessibility and /imprint: their texts come from the catalogues
// (data-i18n), the operator's details from GET /api/legal into every [data-legal="<field>"], a link
// leads back to the page they were opened from, and /accessibility has the barrier form.
//
// A detail the operator has not configured shows as "to be filled in by the operator: <VARIABLE>",
// marked, so that a missing entry is seen before the city signs the pages off.

import { api } from "./api.js";
import { mountBarrierForm } from "./barrier-form.js";
import { LEGAL_PAGES, fromPath } from "./footer.js";
import { mountHeader } from "./header.js";
import { applyTranslations, lang, onLanguageChange, t } from "./i18n.js";
import { el } from "./ui.js";

// Web addresses and e-mail addresses inside a configured text become links.
const LINKABLE = /(https?:\/\/[^\s,;()<>]+[^\s,;()<>.]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)/g;

let details = null; // the answer of /api/legal
let failed = false;

function linked(text) {
  const nodes = [];
  let last = 0;
  for (const match of text.matchAll(LINKABLE)) {
    nodes.push(text.slice(last, match.index));
    const target = match[0];
    const href = target.includes("@") && !target.startsWith("http") ? `mailto:${target}` : target;
    nodes.push(el("a", { href, text: target }));
    last = match.index + target.length;
  }
  nodes.push(text.slice(last));
  return nodes.filter((node) => node !== "");
}

function statementDate() {
  const [year, month, day] = (details?.statement_date || "").split("-").map(Number);
  if (!year) return "";
  const date = new Date(Date.UTC(year, month - 1, day));
  return new Intl.DateTimeFormat(lang() === "de" ? "de-DE" : "en-GB", {
    dateStyle: "long",
    timeZone: "UTC",
  }).format(date);
}

function fill() {
  for (const node of document.querySelectorAll("[data-legal]")) {
    const name = node.dataset.legal;
    const value = details?.[name];
    node.classList.toggle("legal-missing", !value);
    if (value) node.replaceChildren(...linked(String(value)));
    else if (failed) node.textContent = t("legal.unavailable");
    else node.textContent = details ? t("legal.missing", { name: name.toUpperCase() }) : t("legal.loading");
  }
  for (const node of document.querySelectorAll("[data-legal-date]")) {
    node.textContent = statementDate();
    if (details?.statement_date) node.setAttribute("datetime", details.statement_date);
  }
}

function showWayBack() {
  const back = document.getElementById("legal-back");
  const from = fromPath();
  if (!back || !from) return;
  back.href = from;
  back.parentElement.hidden = false;
  // Links between the legal pages keep the way back too.
  for (const link of document.querySelectorAll("main a[href^='/']")) {
    const url = new URL(link.href);
    if (!LEGAL_PAGES.includes(url.pathname)) continue;
    url.searchParams.set("from", from);
    link.href = url.pathname + url.search + url.hash;
  }
}

mountHeader();
applyTranslations();
showWayBack();
fill();
if (document.getElementById("barrier-form")) mountBarrierForm();
onLanguageChange(fill);
// The texts above a #fragment were filled in just now: bring it into view again.
if (location.hash.length > 1) document.getElementById(location.hash.slice(1))?.scrollIntoView();

api("/api/legal")
  .then((answer) => {
    details = answer;
  })
  .catch(() => {
    failed = true;
  })
  .finally(fill);
