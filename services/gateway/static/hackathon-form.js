// Form parts the hackathon pages build in script (phone, jury, staff console): a labelled field
// with an optional hint and its error line, the "(optional)" mark, and the server's field errors
// (problem+json) put beside the inputs they name.

import { ApiError } from "./api.js";
import { el, translated } from "./ui.js";

/**
 * A `.field` with a label (text of `labelKey`), the control, a hint and an error line; the control
 * is described by both. `optional` adds "(optional)" to the label.
 */
export function field(control, labelKey, { hint = null, optional = false, counter = null } = {}) {
  const id = control.id;
  const described = [];
  const hintNode = hint ? translated("span", hint, { id: `${id}-hint`, class: "hint" }) : null;
  if (hintNode) described.push(hintNode.id);
  if (counter) {
    counter.id = `${id}-counter`;
    described.push(counter.id);
  }
  const error = el("span", { id: `${id}-error`, class: "error-text", "aria-live": "polite" });
  described.push(error.id);
  control.setAttribute("aria-describedby", described.join(" "));
  const label = el(
    "label",
    { for: id },
    translated("span", labelKey),
    optional ? " " : null,
    optional ? translated("span", "c.optional", { class: "optional" }) : null,
  );
  return el(
    "div",
    { class: "field", dataset: { field: control.name || id } },
    counter ? el("div", { class: "field-row" }, label, counter) : label,
    hintNode,
    control,
    error,
  );
}

/** Clear the error lines and invalid marks of a form. */
export function clearErrors(form) {
  for (const node of form.querySelectorAll(".field > .error-text")) node.textContent = "";
  for (const node of form.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
}

/** Mark one control invalid with `message`. */
export function showError(control, message) {
  control.setAttribute("aria-invalid", "true");
  const line = document.getElementById(`${control.id}-error`);
  if (line) line.textContent = message;
}

/**
 * Put an ApiError's field errors beside the controls of `form` whose `name` they name; returns
 * the first control marked (to focus), or null when the error names none of them.
 */
export function showFieldErrors(form, err) {
  if (!(err instanceof ApiError)) return null;
  let first = null;
  for (const [name, message] of Object.entries(err.fieldErrors)) {
    const control = form.querySelector(`[name="${CSS.escape(name)}"]`);
    if (!control) continue;
    showError(control, message);
    first ??= control;
  }
  return first;
}

/** Mark a submit button busy (it stays focusable, so the focus is not lost while it waits). */
export function busy(button, on) {
  if (on) button.setAttribute("aria-disabled", "true");
  else button.removeAttribute("aria-disabled");
}

export function isBusy(button) {
  return button.getAttribute("aria-disabled") === "true";
}
