// One exhibit's card on the exhibition's screen: field of action, title, the distribution of its
// ratings, its mean (large, with the face of the rounded mean) and count, and the QR code with the
// short code that lead to its phone page. Cards are kept and updated, so a changed count can be
// highlighted.

import { distributionChart, exhibitQr, meanText, smiley } from "./exhibitions-ui.js";
import { fieldLabel, formatNumber, t } from "./i18n.js";
import { el } from "./ui.js";

let fields = [];

/** The configured fields of action, whose order gives each card its colour. */
export function setFields(names) {
  fields = names;
}

function fieldIndex(field) {
  const i = fields.indexOf(field);
  return i >= 0 ? String(i % 3) : "x";
}

export function makeCard() {
  const field = el("p", { class: "xs-field" });
  const title = el("h3", { class: "xs-name" });
  const qr = el("img", { class: "xs-qr", width: 120, height: 120, alt: "" });
  const code = el("strong");
  const codeLabel = document.createTextNode("");
  const face = el("span", { class: "xs-face" });
  const mean = el("strong", { class: "xs-mean-n" });
  const countN = el("strong");
  const countLabel = document.createTextNode("");
  const dist = distributionChart("x-dist xs-dist");
  const li = el(
    "li",
    { class: "xs-card" },
    el("div", { class: "xs-names" }, field, title),
    dist,
    el(
      "div",
      { class: "xs-score" },
      el("p", { class: "xs-mean" }, face, mean),
      el("p", { class: "xs-count" }, countN, " ", countLabel),
    ),
    el(
      "div",
      { class: "xs-join-box" },
      el("span", { class: "xs-qr-box" }, qr),
      el("p", { class: "xs-code" }, codeLabel, code),
    ),
  );
  const refs = { field, title, qr, code, codeLabel, face, mean, countN, countLabel, dist };
  return { li, refs, count: null };
}

export function updateCard(card, exhibit) {
  const r = card.refs;
  card.li.dataset.fieldIndex = fieldIndex(exhibit.field);
  r.field.textContent = exhibit.field ? fieldLabel(exhibit.field) : "";
  r.title.textContent = exhibit.title;
  // Chromium on Linux has no German hyphenation: a long compound ("Gründungszentrum") would
  // break at any letter, so a title with a long word gets a smaller size instead.
  const longest = Math.max(...exhibit.title.split(/\s+/).map((word) => word.length));
  r.title.classList.toggle("xs-name--long", longest > 13);
  const src = exhibit.code ? exhibitQr(exhibit.code) : "";
  if (src && r.qr.getAttribute("src") !== src) r.qr.src = src;
  r.qr.alt = t("x.screen.qrAlt", { title: exhibit.title });
  r.code.textContent = exhibit.code || "";
  r.codeLabel.textContent = `${t("x.screen.code")} `;
  const count = exhibit.count || 0;
  if (card.count !== null && card.count !== count) {
    r.countN.classList.remove("bump");
    void r.countN.offsetWidth; // restart the animation
    r.countN.classList.add("bump");
  }
  card.count = count;
  r.face.replaceChildren(count ? smiley(exhibit.mean) : "");
  r.mean.textContent = meanText(count ? exhibit.mean : null);
  r.countN.textContent = formatNumber(count);
  r.countLabel.textContent = t("x.screen.ratings", { n: count });
  r.dist.update(exhibit.distribution);
}
