// A confirmation as a real modal dialog (<dialog> opened with showModal): the browser moves focus
// into it, keeps Tab inside it and closes it on Escape; focus goes back to whatever opened it.

import { el } from "./ui.js";

let opened = 0;

/**
 * Ask the question; resolves true only when the confirm button was chosen (Escape, the cancel
 * button or closing otherwise resolve false). The cancel button has the focus first, so a hasty
 * Enter does not destroy anything.
 */
export function confirmDialog({ title, text, confirm, cancel }) {
  const opener = document.activeElement;
  const id = `confirm-dialog-${++opened}`;
  return new Promise((resolve) => {
    const dialog = el("dialog", {
      class: "confirm-dialog",
      id,
      "aria-labelledby": `${id}-title`,
      "aria-describedby": `${id}-text`,
    });
    const no = el("button", { type: "button", class: "btn secondary", text: cancel });
    const yes = el("button", { type: "button", class: "btn danger", text: confirm });
    no.addEventListener("click", () => dialog.close("cancel"));
    yes.addEventListener("click", () => dialog.close("confirm"));
    dialog.append(
      el("h2", { id: `${id}-title`, text: title }),
      el("p", { id: `${id}-text`, text }),
      el("div", { class: "actions" }, no, yes),
    );
    // The page behind is inert already; Tab also wraps between the two buttons instead of
    // leaving for the browser's own controls, as the ARIA pattern for modal dialogs asks.
    dialog.addEventListener("keydown", (event) => {
      if (event.key !== "Tab") return;
      const [first, last] = [no, yes];
      const edge = event.shiftKey ? first : last;
      if (document.activeElement === edge || !dialog.contains(document.activeElement)) {
        event.preventDefault();
        (event.shiftKey ? last : first).focus();
      }
    });
    dialog.addEventListener("close", () => {
      const confirmed = dialog.returnValue === "confirm";
      dialog.remove();
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
      resolve(confirmed);
    });
    document.body.append(dialog);
    dialog.showModal();
    no.focus();
  });
}
