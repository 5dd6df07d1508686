// The scoring form of one project: every criterion of the rubric as a radio group 1–5, an optional
// note, and the conflict of interest. Made for the keyboard: a digit 1–5 sets the criterion in
// focus and moves on to the next one (after the last: the note); Enter saves, and the page then
// opens the next project not yet scored. Only this juror's own scores are ever shown.

import { formatNumber, t } from "./i18n.js";
import { criterion, readScores } from "./jury-criteria.js";
import { el, translated } from "./ui.js";

/**
 * `on`: {save(item, {scores, note}) → Promise, conflict(item, boolean) → Promise}. Returns
 * {draw(item, rubric, {open}), focus()}.
 */
export function createScoring(on) {
  let item = null;
  let rubric = [];
  let drawnKey = null;
  const groups = el("div", { class: "jury-criteria" });
  const note = el("input", {
    type: "text",
    id: "jury-note",
    name: "note",
    maxlength: 2000,
    autocomplete: "off",
    "aria-describedby": "jury-note-hint",
  });
  const error = el("p", { id: "jury-error", class: "error-text", role: "alert" });
  const saveButton = translated("button", "jury.save", { type: "submit", class: "btn" });
  const conflictButton = el("button", { type: "button", class: "btn danger" });
  const form = el(
    "form",
    { id: "jury-form", class: "jury-form", novalidate: true, "aria-labelledby": "jury-form-h" },
    translated("h4", "jury.form.h", { id: "jury-form-h" }),
    translated("p", "jury.scale", { class: "hint" }),
    groups,
    el(
      "div",
      { class: "field" },
      el(
        "label",
        { for: note.id },
        translated("span", "jury.note"),
        " ",
        translated("span", "c.optional", { class: "optional" }),
      ),
      translated("span", "jury.noteHint", { id: "jury-note-hint", class: "hint" }),
      note,
    ),
    error,
    el("div", { class: "actions" }, saveButton, conflictButton),
  );
  const conflictNote = el("p", { class: "notice jury-conflict", role: "status", "aria-label": t("live.region.status"), "data-i18n-attr": "aria-label:live.region.status" });

  const fieldsets = () => [...groups.querySelectorAll("fieldset")];
  const entry = (fieldset) => fieldset.querySelector("input:checked") || fieldset.querySelector("input");

  let saving = false;
  let typedAhead = []; // digits and Enter typed while a save was under way: for the next project

  /** A digit sets the criterion `target` is in and moves on; Enter saves. Whether it acted. */
  function press(key, target) {
    const fieldset = target?.closest?.(".jury-criterion");
    if (fieldset && /^[1-5]$/.test(key)) {
      fieldset.querySelector(`input[value="${key}"]`).checked = true;
      const all = fieldsets();
      const next = all[all.indexOf(fieldset) + 1];
      (next ? entry(next) : note).focus();
      return true;
    }
    if (key === "Enter" && target?.tagName !== "BUTTON") {
      form.requestSubmit();
      return true;
    }
    return false;
  }

  form.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (saving && /^([1-5]|Enter)$/.test(event.key)) {
      event.preventDefault();
      typedAhead.push(event.key);
    } else if (press(event.key, event.target)) event.preventDefault();
  });

  /** What was typed ahead goes to the project now shown, up to the next Enter (another save). */
  function replay() {
    const keys = typedAhead;
    typedAhead = [];
    for (const [i, key] of keys.entries()) {
      press(key, document.activeElement);
      if (key === "Enter" && saving) {
        typedAhead = keys.slice(i + 1);
        return;
      }
    }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!item || saving) return;
    const { scores, missing } = readScores(fieldsets());
    if (missing.length) {
      error.textContent = t("jury.missing", { names: missing.map((f) => f.dataset.criterion).join(", ") });
      typedAhead = [];
      entry(missing[0]).focus();
      return;
    }
    error.textContent = "";
    saving = true;
    saveButton.setAttribute("aria-disabled", "true");
    let saved = false;
    try {
      const body = { scores };
      if (note.value.trim()) body.note = note.value.trim();
      await on.save(item, body);
      saved = true;
    } catch (err) {
      typedAhead = [];
      error.textContent = err.localized || String(err);
    }
    saving = false;
    saveButton.removeAttribute("aria-disabled");
    if (saved) replay();
  });

  conflictButton.addEventListener("click", async () => {
    try {
      error.textContent = "";
      await on.conflict(item, !item.conflict);
    } catch (err) {
      error.textContent = err.localized || String(err);
    }
  });

  return {
    nodes: [conflictNote, form],
    draw(next, nextRubric, { open }) {
      // Drawn anew for another project or changed scores; otherwise what is chosen stays.
      const key = JSON.stringify([next.team_id, next.mine, next.conflict]);
      const fresh = key !== drawnKey;
      drawnKey = key;
      item = next;
      rubric = nextRubric;
      form.hidden = !open;
      conflictNote.hidden = !open || !item.conflict;
      conflictNote.textContent = item.conflict ? t("jury.conflict.on") : "";
      conflictButton.textContent = t(item.conflict ? "jury.conflict.undo" : "jury.conflict.declare");
      groups.hidden = item.conflict;
      note.closest(".field").hidden = item.conflict;
      saveButton.hidden = item.conflict;
      for (const span of groups.querySelectorAll(".jury-weight"))
        span.textContent = t("jury.weight", { w: formatNumber(Number(span.dataset.weight)) });
      if (!fresh) return;
      error.textContent = "";
      groups.replaceChildren(...rubric.map((c, i) => criterion(c, i, item.mine?.scores?.[c.name] ?? null)));
      note.value = item.mine?.note || "";
    },
    /** Focus the first criterion without a score (or the first one). */
    focus() {
      if (form.hidden) return false;
      const target = item.conflict
        ? conflictButton
        : entry(fieldsets().find((f) => !f.querySelector("input:checked")) || fieldsets()[0]);
      target?.focus();
      return Boolean(target);
    },
  };
}
