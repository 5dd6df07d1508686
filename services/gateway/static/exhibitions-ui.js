// What every exhibition page shares: the five faces of the rating scale (1 = very dissatisfied …
// 5 = very satisfied), their names, the mean as text and a small distribution chart. The faces are
// SVG built here with their colours as presentation attributes, so they need no stylesheet of
// their own and work on the light pages and the dark screen alike; they are decoration beside
// text (aria-hidden), never the only carrier of a meaning.

import { formatNumber, lang, t } from "./i18n.js";
import { el } from "./ui.js";

export const RATINGS = [1, 2, 3, 4, 5];

const SVG = "http://www.w3.org/2000/svg";
// Red to green; each with the dark outline, so the face stands out on light and dark alike.
const FACE = { 1: "#f87171", 2: "#fdba74", 3: "#fde047", 4: "#bef264", 5: "#4ade80" };
const INK = "#1b1f24";
// How far the corners of the mouth bend (negative: a frown).
const BEND = { 1: -16, 2: -8, 3: 0, 4: 10, 5: 20 };

function svg(tag, attrs) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  return node;
}

/** The face of `rating` (1..5; a mean is rounded) as an SVG element, hidden from screen readers. */
export function smiley(rating, className = "smiley") {
  const r = Math.min(5, Math.max(1, Math.round(Number(rating) || 3)));
  const face = svg("svg", {
    viewBox: "0 0 100 100",
    class: className,
    "aria-hidden": "true",
    focusable: "false",
    "data-rating": r,
  });
  const bend = BEND[r];
  const y = 68 - bend / 3;
  face.append(
    svg("circle", { cx: 50, cy: 50, r: 45, fill: FACE[r], stroke: INK, "stroke-width": 5 }),
    svg("circle", { cx: 35, cy: 40, r: 6, fill: INK }),
    svg("circle", { cx: 65, cy: 40, r: 6, fill: INK }),
    svg("path", {
      d: `M 28 ${y} Q 50 ${y + bend * 1.4} 72 ${y}`,
      fill: "none",
      stroke: INK,
      "stroke-width": 6,
      "stroke-linecap": "round",
    }),
  );
  return face;
}

/** "sehr zufrieden" */
export function ratingLabel(rating) {
  return t(`x.rating.${rating}`);
}

/** "5 von 5: sehr zufrieden": the accessible name of a rating button or choice. */
export function ratingName(rating) {
  return t("x.rating.name", { n: rating, label: ratingLabel(rating) });
}

/** A mean score as text with `digits` decimals ("4,3", "3,0"), or "–" when nothing was rated. */
export function meanText(mean, digits = 1) {
  if (mean === null || mean === undefined || Number.isNaN(Number(mean))) return "–";
  return new Intl.NumberFormat(lang() === "de" ? "de-DE" : "en-GB", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(Number(mean));
}

/** "27 Bewertungen" */
export function countText(n) {
  return t("x.count", { n: n || 0 });
}

/**
 * Five columns, one per rating: the count above a bar whose height is its share, the face below.
 * The numbers are text; the bars are decoration. Returns the <ol>; `update` it again later.
 */
export function distributionChart(className = "x-dist") {
  const list = el("ol", { class: className, "aria-label": t("chart.ratings"), "data-i18n-attr": "aria-label:chart.ratings" });
  const cells = RATINGS.map((r) => {
    const count = el("span", { class: "x-dist-n" });
    const fill = el("span", { class: "x-dist-fill", dataset: { rating: r } });
    const bar = el("span", { class: "x-dist-bar", "aria-hidden": "true" }, fill);
    const name = el("span", { class: "visually-hidden" });
    list.append(el("li", { dataset: { rating: r } }, name, count, bar, smiley(r, "smiley x-dist-face")));
    return { count, fill, name };
  });
  list.update = (distribution = {}) => {
    const counts = RATINGS.map((r) => Number(distribution[r] ?? distribution[String(r)] ?? 0));
    const max = Math.max(1, ...counts);
    cells.forEach((cell, i) => {
      cell.count.textContent = formatNumber(counts[i]);
      cell.name.textContent = ratingName(RATINGS[i]);
      // A share of the largest column; a column with ratings keeps a sliver, so it is seen.
      const share = counts[i] ? Math.max(4, Math.round((counts[i] / max) * 100)) : 0;
      cell.fill.style.height = `${share}%`;
    });
  };
  list.update();
  return list;
}

/** The path of an exhibit's phone page, and the QR code leading there (from the gateway). */
export function exhibitPath(code) {
  return `/exhibit/${encodeURIComponent(code)}`;
}

export function exhibitQr(code) {
  return `/qr.svg?path=${encodeURIComponent(exhibitPath(code))}`;
}
