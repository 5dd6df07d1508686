// Setting a tablet up as the kiosk of one exhibit: the staff sign-in (staff.js), then "set up
// this tablet as a kiosk" asks the gateway for a kiosk token bound to the exhibit; once it is
// stored, the staff session is signed out of this tablet (and its other tabs), so only the kiosk
// token stays on a device that stands unattended in the exhibition.

import { ApiError } from "./api.js";
import { t } from "./i18n.js";
import { mountStaffSignIn } from "./staff.js";
import { notice } from "./ui.js";

const $ = (id) => document.getElementById(id);
const keyOf = (exhibitId) => `oecherlab.kiosk.${exhibitId}`;

/** This tablet's kiosk token for the exhibit ({token, kiosk_id, expires_at, exhibit}), if any. */
export function loadKiosk(exhibitId) {
  try {
    const saved = JSON.parse(localStorage.getItem(keyOf(exhibitId)) || "null");
    if (saved?.token && (!saved.expires_at || saved.expires_at > Date.now())) return saved;
  } catch {
    // Nothing usable stored.
  }
  return null;
}

/** Keep (or, with null, forget) the exhibit's kiosk token on this tablet. */
export function saveKiosk(exhibitId, kiosk) {
  try {
    if (kiosk) localStorage.setItem(keyOf(exhibitId), JSON.stringify(kiosk));
    else localStorage.removeItem(keyOf(exhibitId));
  } catch {
    // Kept for this page only.
  }
}

export function createSetup({ exhibitId, exhibit, hasKiosk, onKiosk }) {
  let staff = null;
  let message = null; // why the set-up is shown (a key)
  let busy = false;

  function draw() {
    const known = exhibit();
    $("setup-exhibit").textContent = known
      ? t("x.kiosk.setup.exhibit", { title: known.title, exhibition: known.exhibition?.title || "" })
      : "";
    notice($("setup-message"), message ? t(message) : "");
  }

  /** Fill the set-up view (the caller shows it); `messageKey` says why, e.g. revoked. */
  function show(messageKey = null) {
    message = messageKey;
    draw();
    staff ??= mountStaffSignIn({
      onSignedIn: (session, { fresh }) => {
        $("setup-action").hidden = hasKiosk();
        if (fresh && !hasKiosk()) $("setup-button").focus();
      },
      onSignedOut: () => {
        $("setup-action").hidden = true;
      },
    });
    if (messageKey) $("h-setup").focus();
  }

  async function setUp() {
    const button = $("setup-button");
    if (busy) return;
    busy = true;
    button.setAttribute("aria-disabled", "true");
    notice($("page-error"), "");
    try {
      const path = `/api/exhibitions/exhibits/${encodeURIComponent(exhibitId)}/kiosk`;
      const answer = await staff.call(path, { method: "POST" });
      onKiosk(answer);
      // The staff session leaves this tablet: staff.js signs out here and in the other tabs.
      $("logout").click();
    } catch (err) {
      // A 401 signs the staff out; the sign-in form says so.
      if (!(err instanceof ApiError && err.status === 401)) {
        notice($("page-error"), err.localized || String(err));
      }
    } finally {
      busy = false;
      button.removeAttribute("aria-disabled");
    }
  }

  $("setup-button").addEventListener("click", setUp);
  return { show, draw };
}
