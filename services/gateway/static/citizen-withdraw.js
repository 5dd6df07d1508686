// Withdrawing one's own idea, from "my ideas" and from the idea's page: a confirmation in a modal
// dialog, then DELETE /api/ideas/{id}. The server erases the idea with its comments and supports.

import { ApiError, participantApi } from "./api.js";
import { confirmDialog } from "./confirm-dialog.js";
import { t } from "./i18n.js";
import { el } from "./ui.js";

/**
 * Ask, then withdraw. Resolves true when the idea is gone (also when it was gone already: a retry
 * after a lost answer finds nothing left), false when the citizen cancelled; throws ApiError.
 */
export async function withdrawIdea(idea) {
  const confirmed = await confirmDialog({
    title: t("c.withdraw.title"),
    text: t("c.withdraw.text", { title: idea.title }),
    confirm: t("c.withdraw.confirm"),
    cancel: t("c.withdraw.cancel"),
  });
  if (!confirmed) return false;
  try {
    await participantApi(`/api/ideas/${encodeURIComponent(idea.id)}`, { method: "DELETE" });
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 404)) throw err;
  }
  return true;
}

/**
 * The author's "Withdraw" button for the idea's own page, with a line for a failure;
 * `onWithdrawn(idea)` runs once the idea is gone.
 */
export function withdrawControls(idea, onWithdrawn) {
  const error = el("p", { class: "error-text", id: "withdraw-error", role: "alert" });
  const button = el("button", {
    type: "button",
    class: "btn danger",
    id: "withdraw-idea",
    text: t("c.mine.withdraw"),
  });
  button.addEventListener("click", async () => {
    error.textContent = "";
    try {
      if (!(await withdrawIdea(idea))) return;
    } catch (err) {
      error.textContent = err instanceof ApiError ? err.localized : String(err);
      return;
    }
    onWithdrawn(idea);
  });
  return el("div", { class: "actions", id: "withdraw-box" }, button, error);
}
