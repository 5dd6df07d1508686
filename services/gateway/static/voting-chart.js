// Drawing a poll's results (the contract's results document, as the poll channels carry it):
// bars for the choice types and the scale, a word cloud for words. Every figure is also text,
// so screen readers get the same as the eye; bars are decoration (aria-hidden).

import { formatNumber, t } from "./i18n.js";
import { el } from "./ui.js";

export function votersText(n) {
  return t("v.votes", { n });
}

/** The figure that sizes an option's bar, and its text. */
function measure(results, option) {
  if (results.type === "points") return [option.points, t("v.result.points", { n: option.points })];
  if (results.type === "ranking") return [option.borda, t("v.result.borda", { n: option.borda })];
  return [option.count, votersText(option.count)];
}

// Sizes go through the style object (allowed under a strict Content-Security-Policy).
function styled(node, property, value) {
  node.style[property] = value;
  return node;
}

function percent(part, whole) {
  return whole > 0 ? Math.round((100 * part) / whole) : 0;
}

/** A ranking's places by Borda points, ties sharing one (1, 2, 2, 4); null for other types. */
function rankPlaces(results, sorted) {
  if (results.type !== "ranking") return null;
  return sorted.map((o) => 1 + sorted.filter((other) => other.borda > o.borda).length);
}

function bars(results) {
  let options = results.options || [];
  if (results.type === "ranking") {
    options = [...options].sort((a, b) => b.borda - a.borda || a.id.localeCompare(b.id));
  }
  const values = options.map((o) => measure(results, o)[0] || 0);
  const max = Math.max(1, ...values);
  const list = el("ol", { class: "v-bars", dataset: { type: results.type }, "aria-label": t("chart.poll"), "data-i18n-attr": "aria-label:chart.poll" });
  const places = rankPlaces(results, options);
  options.forEach((option, i) => {
    const [value, text] = measure(results, option);
    const extra = [];
    if (results.type === "single" || results.type === "multiple") {
      extra.push(` (${percent(option.count, results.voters)} %)`);
    }
    if (results.type === "ranking") extra.push(` · ${t("v.result.first", { n: option.first })}`);
    list.append(
      el(
        "li",
        { class: "v-bar-row" },
        el("span", { class: "v-bar-label", text: places ? t("v.result.place", { n: places[i], label: option.label }) : option.label }),
        el("span", { class: "v-bar-value", text: text + extra.join("") }),
        el(
          "span",
          { class: "v-bar-track", "aria-hidden": "true" },
          styled(el("span", { class: "v-bar-fill", dataset: { i: i % 6 } }), "width", `${(100 * (value || 0)) / max}%`),
        ),
      ),
    );
  });
  return list;
}

function scale(results) {
  const dist = results.distribution || {};
  const max = Math.max(1, ...Object.values(dist));
  const box = el("div", { class: "v-scale" });
  if (results.mean !== null && results.mean !== undefined) {
    box.append(el("p", { class: "v-mean", text: t("v.result.mean", { mean: results.mean }) }));
  }
  const cols = el("ol", { class: "v-columns", "aria-label": t("chart.poll"), "data-i18n-attr": "aria-label:chart.poll" });
  for (const option of results.options || []) {
    const n = dist[option.id] ?? option.count ?? 0;
    cols.append(
      el(
        "li",
        { class: "v-column" },
        el("span", { class: "v-column-value", text: formatNumber(n) }),
        el(
          "span",
          { class: "v-column-track", "aria-hidden": "true" },
          styled(el("span", { class: "v-column-fill" }), "height", `${(100 * n) / max}%`),
        ),
        el("span", { class: "v-column-label", text: option.label }),
        el("span", { class: "visually-hidden", text: `: ${votersText(n)}` }),
      ),
    );
  }
  box.append(cols);
  if (results.min_label || results.max_label) {
    box.append(
      el(
        "p",
        { class: "v-scale-ends" },
        el("span", { text: `${results.min} = ${results.min_label || ""}` }),
        el("span", { text: `${results.max} = ${results.max_label || ""}` }),
      ),
    );
  }
  return box;
}

function cloud(results, { onWord } = {}) {
  const words = results.words || [];
  if (!words.length) return el("p", { class: "muted", text: t("v.result.noWords") });
  const max = Math.max(1, ...words.map((w) => w.count));
  const list = el("ul", { class: "v-cloud", "aria-label": t("chart.poll"), "data-i18n-attr": "aria-label:chart.poll" });
  for (const w of words) {
    const size = 1 + 2.2 * Math.sqrt(w.count / max);
    const item = el(
      "li",
      { class: "v-word", dataset: { approved: String(w.approved !== false) } },
      el("span", { text: w.word }),
      el("span", { class: "v-word-count", text: ` ${formatNumber(w.count)}` }),
    );
    item.style.fontSize = `${size.toFixed(2)}em`;
    if (onWord) item.append(onWord(w));
    list.append(item);
  }
  return list;
}

/** Replace `container`'s content with the drawing of `results`. */
export function renderResults(container, results, options = {}) {
  container.textContent = "";
  if (!results) return;
  if (!results.counts_shown) {
    container.append(el("p", { class: "v-hidden-note", text: t("v.hidden") }));
    return;
  }
  if (results.type === "wordcloud") container.append(cloud(results, options));
  else if (results.type === "scale") container.append(scale(results));
  else container.append(bars(results));
}

/** A vote's choice as text, for "Your answer: …". */
export function choiceText(poll, choice) {
  const label = (id) => poll.options.find((o) => o.id === id)?.label ?? id;
  if (poll.type === "single") return label(choice);
  if (poll.type === "multiple" || poll.type === "ranking") return choice.map(label).join(poll.type === "ranking" ? " › " : ", ");
  if (poll.type === "points") {
    return Object.entries(choice)
      .map(([id, n]) => `${label(id)}: ${n}`)
      .join(", ");
  }
  return String(choice);
}
