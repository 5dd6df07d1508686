// "Alles löschen" on /me (DSGVO Art. 17): DELETE /api/me after a confirmation in a real dialog.
// Every service's erasure is idempotent, so a failure (503: one service did not answer) is met
// by pressing the button again. Once erased, the device forgets its identifiers: taking part
// again starts with a new pseudonym that nothing links to the deleted one.

import { ApiError, PARTICIPANT_KEY, api } from "./api.js";
import { confirmDialog } from "./confirm-dialog.js";
import { t } from "./i18n.js";
import { announce } from "./ui.js";

// The device's participant token (api.js) and its workshop token (join.js).
const DEVICE_KEYS = [PARTICIPANT_KEY, "oecherlab.workshop"];
const $ = (id) => document.getElementById(id);

function forgetDevice() {
  for (const key of DEVICE_KEYS) {
    try {
      localStorage.removeItem(key);
    } catch {
      // Blocked storage held nothing to forget.
    }
  }
}

function failureText(err) {
  if (err instanceof ApiError && err.status !== 503 && err.localized) return err.localized;
  return t("me.erase.failed");
}

/** Wire the delete button; `token()` gives the device's token, `onErased()` shows the result. */
export function mountErase({ token, onErased }) {
  const button = $("me-erase");
  button.addEventListener("click", async () => {
    const confirmed = await confirmDialog({
      title: t("me.erase.confirm.title"),
      text: t("me.erase.confirm.text"),
      confirm: t("me.erase.confirm.yes"),
      cancel: t("me.erase.confirm.no"),
    });
    if (!confirmed) return;
    button.disabled = true;
    $("me-erase-busy").hidden = false;
    $("me-erase-failed").hidden = true;
    try {
      await api("/api/me", { method: "DELETE", token: token() });
      forgetDevice();
      onErased();
      announce(t("me.erased.h"));
    } catch (err) {
      $("me-erase-failed").textContent = failureText(err);
      $("me-erase-failed").hidden = false;
    } finally {
      button.disabled = false;
      $("me-erase-busy").hidden = true;
    }
    // Enabled again first: a disabled button cannot take the focus back.
    if (!$("me-erase-failed").hidden) button.focus();
  });
}
