// The legal links every page carries in its footer: the privacy notice, the accessibility
// statement (with its form to report a barrier) and the imprint, which a public body's site must
// offer from every page, and beside the privacy notice "Meine Daten" (/me: what is stored for this
// device, as a download). header.js mounts them on every page with a header; the lab's screens
// mount the compact line, small in a corner their layout leaves free, without "Meine Daten" (no
// one's data is tied to a wall screen).
//
// Each link takes along the page it was followed from (?from=/path): the legal page leads back
// there (a kiosk tablet has no back button) and the barrier form names that page. The path only,
// never the query, which may hold a secret (a hackathon's invite code).

import { t } from "./i18n.js";
import { el, translated } from "./ui.js";

export const LEGAL_PAGES = ["/privacy", "/accessibility", "/imprint"];
const STYLESHEET = "/static/footer.css";

/** `value` if it is a path on this site, else null ("//host" and "/\host" lead elsewhere). */
export function safePath(value) {
  if (typeof value !== "string" || value.length > 200) return null;
  return /^\/(?:[^/\\\s][^\\\s]*)?$/.test(value) ? value : null;
}

/** The page the legal links lead back to: this one, or on a legal page the one it came from. */
export function fromPath() {
  if (!LEGAL_PAGES.includes(location.pathname)) return location.pathname;
  return safePath(new URLSearchParams(location.search).get("from"));
}

function legalLink(path, key, from, hash = "") {
  const query = from ? `?from=${encodeURIComponent(from)}` : "";
  const current = !hash && location.pathname === path ? "page" : null;
  return el("li", {}, translated("a", key, { href: `${path}${query}${hash}`, "aria-current": current }));
}

// Loaded from here, so that no page has to list it and a new page gets it with its header.
function addStylesheet() {
  if (document.querySelector(`link[href="${STYLESHEET}"]`)) return;
  document.head.append(el("link", { rel: "stylesheet", href: STYLESHEET }));
}

/**
 * Add the legal links to the page's <footer class="site-footer"> (made at the end of the body
 * when the page has none). `compact`: the screens' small line, without the report link (nobody
 * types on a wall screen; the statement links to the form) and without "Meine Daten".
 */
export function mountFooter({ compact = false } = {}) {
  if (document.querySelector(".legal-links")) return;
  addStylesheet();
  const from = fromPath();
  const links = [
    legalLink("/privacy", "legal.privacy.link", from),
    compact ? null : legalLink("/me", "me.link", from),
    legalLink("/accessibility", "legal.accessibility.link", from),
    compact ? null : legalLink("/accessibility", "legal.report.link", from, "#report"),
    legalLink("/imprint", "legal.imprint.link", from),
  ];
  const nav = el(
    "nav",
    { class: "legal-links", "aria-label": t("legal.footer.nav"), "data-i18n-attr": "aria-label:legal.footer.nav" },
    el("ul", {}, links),
  );
  let footer = document.querySelector("footer.site-footer");
  if (!footer) {
    footer = el("footer", { class: "site-footer" });
    document.body.append(footer);
  }
  footer.classList.add("legal-footer");
  footer.classList.toggle("compact", compact);
  footer.append(nav);
}
