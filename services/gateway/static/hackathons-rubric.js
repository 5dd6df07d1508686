// The rubric in the form that creates a hackathon: one to six criteria, each a name and a weight
// (0.1–10, default 1), with buttons to add and remove rows. Three usual criteria are offered.

import { t } from "./i18n.js";
import { el, translated } from "./ui.js";

const MAX_CRITERIA = 6;
const SUGGESTED = ["hackathon.c.rubric.idea", "hackathon.c.rubric.build", "hackathon.c.rubric.impact"];

export function createRubric() {
  const rows = el("ol", { class: "hk-rubric-rows" });
  const error = el("span", { id: "rubric-error", class: "error-text", "aria-live": "polite" });
  const add = translated("button", "hackathon.c.rubric.add", { type: "button", class: "btn secondary small" });
  const node = el(
    "fieldset",
    { class: "hk-rubric", "aria-describedby": "rubric-hint rubric-error" },
    translated("legend", "hackathon.c.rubric"),
    translated("p", "hackathon.c.rubric.hint", { id: "rubric-hint", class: "hint" }),
    rows,
    error,
    add,
  );
  let serial = 0;

  function renumber() {
    [...rows.children].forEach((li, i) => {
      li.querySelector(".hk-c-name-label").textContent = t("hackathon.c.rubric.name", { n: i + 1 });
      li.querySelector(".hk-c-weight-label").textContent = t("hackathon.c.rubric.weight", { n: i + 1 });
      const remove = li.querySelector("button");
      remove.textContent = t("hackathon.c.rubric.remove");
      remove.setAttribute("aria-label", t("hackathon.c.rubric.removeN", { n: i + 1 }));
      remove.hidden = rows.children.length <= 1;
    });
    add.hidden = rows.children.length >= MAX_CRITERIA;
  }

  function row(name = "", weight = 1) {
    serial += 1;
    const nameInput = el("input", { type: "text", id: `rubric-name-${serial}`, maxlength: 80, value: name });
    const weightInput = el("input", {
      type: "number",
      id: `rubric-weight-${serial}`,
      min: 0.1,
      max: 10,
      step: 0.1,
      value: weight,
      inputmode: "decimal",
    });
    const li = el(
      "li",
      { class: "hk-rubric-row" },
      el("div", { class: "field" }, el("label", { for: nameInput.id, class: "hk-c-name-label" }), nameInput),
      el(
        "div",
        { class: "field hk-weight" },
        el("label", { for: weightInput.id, class: "hk-c-weight-label" }),
        weightInput,
      ),
      el("button", {
        type: "button",
        class: "btn danger small",
        onclick: () => {
          const next = li.nextElementSibling || li.previousElementSibling;
          li.remove();
          renumber();
          next?.querySelector("input")?.focus();
        },
      }),
    );
    rows.append(li);
    renumber();
    return nameInput;
  }

  add.addEventListener("click", () => row().focus());

  return {
    node,
    reset() {
      rows.replaceChildren();
      for (const key of SUGGESTED) row(t(key));
      error.textContent = "";
    },
    draw: renumber,
    showError(message) {
      error.textContent = message;
    },
    /** {rubric, invalid: control or null}: the rows with a name, and the first one to fix. */
    read() {
      error.textContent = "";
      const rubric = [];
      let invalid = null;
      for (const li of rows.children) {
        const [nameInput, weightInput] = li.querySelectorAll("input");
        const name = nameInput.value.trim();
        const weight = Number(weightInput.value || 1);
        const bad = !name || !(weight >= 0.1 && weight <= 10);
        nameInput.setAttribute("aria-invalid", String(!name));
        weightInput.setAttribute("aria-invalid", String(name && bad));
        if (bad) invalid ??= name ? weightInput : nameInput;
        else rubric.push({ name, weight });
      }
      const names = rubric.map((c) => c.name.toLocaleLowerCase());
      if (!invalid && new Set(names).size !== names.length) {
        invalid = rows.querySelector("input");
        error.textContent = t("hackathon.c.rubric.twice");
      } else if (invalid) error.textContent = t("hackathon.c.rubric.fix");
      return { rubric, invalid };
    },
  };
}
