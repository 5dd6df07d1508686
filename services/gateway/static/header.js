// The page header, written once for every page that has one (citizen app, moderation, workshop
// console, joining a workshop): skip link, brand with the page's tagline, and the language
// switch. A page marks the spot with <header class="site-header" data-tagline="key"></header>;
// app.css keeps the empty placeholder as high as the header, so nothing jumps when it fills.
// The staff consoles add a row with their links and sign-out (staff.js). The footer's legal links
// (footer.js) come with the header, so that no page with a header can go without them.

import { mountFooter } from "./footer.js";
import { LANGUAGES, lang, onLanguageChange, setLanguage, t } from "./i18n.js";
import { el, translated } from "./ui.js";

// Each language named in itself, so the button can be found by those who need it.
const LANGUAGE_NAMES = { de: "Deutsch", en: "English" };


function languageSwitch() {
  const buttons = LANGUAGES.map((code) =>
    el("button", {
      type: "button",
      lang: code,
      "aria-label": `${code.toUpperCase()} – ${LANGUAGE_NAMES[code]}`,
      "aria-pressed": String(code === lang()),
      text: code.toUpperCase(),
      onclick: () => setLanguage(code),
    }),
  );
  onLanguageChange((code) => {
    for (const [i, button] of buttons.entries()) {
      button.setAttribute("aria-pressed", String(LANGUAGES[i] === code));
    }
  });
  return el(
    "div",
    {
      class: "lang-switch",
      role: "group",
      "aria-label": t("lang.switch"),
      "data-i18n-attr": "aria-label:lang.switch",
    },
    buttons,
  );
}

let bar = null;

/** Fill the page's header placeholder; call once, before anything is added to it. */
export function mountHeader() {
  const header = document.querySelector("header.site-header[data-tagline]");
  header.before(translated("a", "page.skip", { class: "skip-link", href: "#main" }));
  bar = el(
    "div",
    { class: "bar" },
    el("h1", {}, "OecherLab Co-Creation ", translated("span", header.dataset.tagline, { class: "brand-sub" })),
    languageSwitch(),
  );
  header.replaceChildren(bar);
  mountFooter();
}

/** Add a row of page-specific controls under the brand (the staff sign-in's links and sign-out). */
export function addHeaderRow(row) {
  row.classList.add("header-row");
  bar.append(row);
}
