// One exhibit's figures in the console: count and mean, the five ratings as bars with their
// counts and shares, and the ratings by day (a table, newest first). Live states carry no days:
// the table keeps the last ones it was given.

import { RATINGS, countText, meanText, ratingLabel, smiley } from "./exhibitions-ui.js";
import { formatNumber, lang, t } from "./i18n.js";
import { el } from "./ui.js";

const DAYS_SHOWN = 14;

function dayText(day) {
  const date = new Date(`${day}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat(lang() === "de" ? "de-DE" : "en-GB", {
    weekday: "short",
    day: "numeric",
    month: "short",
    timeZone: "UTC",
  }).format(date);
}

export function summaryView() {
  const face = el("span", { class: "x-sum-face" });
  const mean = el("strong", { class: "x-sum-mean" });
  const count = el("span", { class: "x-sum-count" });
  const rows = RATINGS.map((r) => {
    const fill = el("span", { class: "x-row-fill", dataset: { rating: r } });
    const label = el("span", { class: "x-row-label" });
    const n = el("span", { class: "x-row-n" });
    const bar = el("span", { class: "x-row-bar", "aria-hidden": "true" }, fill);
    const li = el("li", {}, smiley(r, "smiley x-row-face"), label, bar, n);
    return { li, fill, label, n };
  });
  const daysSummary = el("summary");
  const daysBody = el("div");
  const days = el("details", { class: "x-days", open: true }, daysSummary, daysBody);
  const node = el(
    "div",
    { class: "x-summary" },
    el("p", { class: "x-sum-main" }, face, mean, count),
    el("ol", { class: "x-rows", "aria-label": t("chart.ratings"), "data-i18n-attr": "aria-label:chart.ratings" }, rows.map((row) => row.li)),
    days,
  );
  let last = null;
  let byDay = [];

  function update(summary = last) {
    last = summary || { count: 0, mean: null, distribution: {} };
    if (Array.isArray(last.by_day)) byDay = last.by_day;
    const total = last.count || 0;
    face.replaceChildren(total ? smiley(last.mean) : "");
    mean.textContent = total ? t("x.c.sum.mean", { mean: meanText(last.mean, 2) }) : t("x.c.sum.none");
    count.textContent = total ? countText(total) : "";
    rows.forEach((row, i) => {
      const n = Number(last.distribution?.[RATINGS[i]] ?? last.distribution?.[String(RATINGS[i])] ?? 0);
      const pct = total ? Math.round((n / total) * 100) : 0;
      row.label.textContent = ratingLabel(RATINGS[i]);
      row.n.textContent = t("x.c.sum.row", { n, pct });
      row.fill.style.width = `${pct}%`;
    });
    daysSummary.textContent = t("x.c.days.h");
    drawDays();
  }

  function drawDays() {
    if (!byDay.length) {
      // Ratings the days do not know yet (they came live): the console reads them again shortly.
      const key = last.count ? "x.c.days.loading" : "x.c.sum.none";
      daysBody.replaceChildren(el("p", { class: "muted", text: t(key) }));
      return;
    }
    const newest = [...byDay].sort((a, b) => String(b.day).localeCompare(String(a.day))).slice(0, DAYS_SHOWN);
    daysBody.replaceChildren(
      el(
        "table",
        { class: "x-days-table" },
        el(
          "thead",
          {},
          el(
            "tr",
            {},
            ["x.c.days.day", "x.c.total.count", "x.c.total.mean"].map((key) =>
              el("th", { scope: "col", text: t(key) }),
            ),
          ),
        ),
        el(
          "tbody",
          {},
          newest.map((d) =>
            el(
              "tr",
              {},
              el("th", { scope: "row", text: dayText(d.day) }),
              el("td", { text: formatNumber(d.count) }),
              el("td", { text: meanText(d.mean, 2) }),
            ),
          ),
        ),
      ),
    );
  }

  update();
  return { node, update };
}
