// The rubric's criteria in the jury's scoring form: each one a radio group 1–5 (a fieldset named by
// the criterion, with its weight when it is not 1), and reading the chosen scores back.

import { formatNumber, t } from "./i18n.js";
import { el } from "./ui.js";

const SCALE = [1, 2, 3, 4, 5];

export function criterion(c, i, chosen) {
  const name = `jury-c-${i}`;
  const weight = Number(c.weight ?? 1);
  return el(
    "fieldset",
    { class: "jury-criterion", dataset: { criterion: c.name } },
    el(
      "legend",
      {},
      el("span", { class: "jury-criterion-name", text: c.name }),
      weight !== 1
        ? el("span", { class: "jury-weight", dataset: { weight }, text: t("jury.weight", { w: formatNumber(weight) }) })
        : null,
    ),
    el(
      "div",
      { class: "jury-scale" },
      SCALE.map((n) =>
        el(
          "span",
          { class: "jury-point" },
          el("input", { type: "radio", name, id: `${name}-${n}`, value: n, checked: chosen === n }),
          el("label", { for: `${name}-${n}`, text: String(n) }),
        ),
      ),
    ),
  );
}

/** {scores: {criterion: 1..5}, missing: [fieldset]} of the criteria's fieldsets (missing marked). */
export function readScores(fieldsets) {
  const scores = {};
  const missing = [];
  for (const fieldset of fieldsets) {
    const chosen = fieldset.querySelector("input:checked");
    fieldset.classList.toggle("is-missing", !chosen);
    if (chosen) scores[fieldset.dataset.criterion] = Number(chosen.value);
    else missing.push(fieldset);
  }
  return { scores, missing };
}
