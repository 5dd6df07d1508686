// The submit form's opt-in to store a location's exact spot (the server rounds it to about 100 m
// otherwise). It belongs to a location, so it shows only while one is set, and starts unticked.

import { el, translated } from "./ui.js";

/** Put the checkbox after `anchor` (hidden); `onChange` runs when it is ticked or unticked. */
export function createExactSpot(anchor, onChange) {
  const input = el("input", {
    type: "checkbox",
    id: "loc-exact",
    name: "exact_location",
    "aria-describedby": "loc-exact-hint",
  });
  const box = el(
    "div",
    { class: "field check-row", id: "loc-exact-box", hidden: true },
    input,
    el(
      "div",
      {},
      translated("label", "c.form.loc.exact", { for: input.id }),
      translated("span", "c.form.loc.exactHint", { id: "loc-exact-hint", class: "hint" }),
    ),
  );
  anchor.after(box);
  input.addEventListener("change", onChange);
  return {
    /** Whether the citizen asked for the exact spot. */
    get wanted() {
      return !box.hidden && input.checked;
    },
    /** Show the option with a location; without one it goes away and is unticked again. */
    show(visible) {
      box.hidden = !visible;
      if (!visible) input.checked = false;
    },
  };
}
