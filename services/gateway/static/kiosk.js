// The kiosk tablet beside an exhibit, /kiosk/exhibit/<exhibit_id>. Without a kiosk token for this
// exhibit it shows the staff sign-in and "set up this tablet as a kiosk": the gateway signs a
// long-lived token bound to the exhibit, the tablet keeps it in localStorage and the staff session
// leaves the tablet. With the token: the exhibit's title and five big smiley buttons; a press is
// queued and sent (kiosk-queue.js), a thank-you follows, and after ~4 s the start again.

import { ApiError, api } from "./api.js";
import { RATINGS, ratingLabel, ratingName, smiley } from "./exhibitions-ui.js";
import { mountHeader } from "./header.js";
import { applyTranslations, onLanguageChange, t } from "./i18n.js";
import { createQueue } from "./kiosk-queue.js";
import { createSetup, loadKiosk, saveKiosk } from "./kiosk-setup.js";
import { announce, el, notice } from "./ui.js";

const exhibitId = decodeURIComponent(location.pathname.split("/").filter(Boolean).pop() || "");
const BACK_MS = 4_000;
const STATUS_MS = 60_000;
const $ = (id) => document.getElementById(id);

let kiosk = loadKiosk(exhibitId); // {token, kiosk_id, expires_at, exhibit}
let exhibit = kiosk?.exhibit || null; // the last known exhibit, kept for a start without network
let queue = null;
let buttons = [];
let done = null; // what the thank-you view says: {kind, rating, err}
let backTimer = null;
let busy = false;

function show(name) {
  for (const view of ["setup", "rate", "done"]) $(`view-${view}`).hidden = view !== name;
  $("k-queue").hidden = name === "setup";
}

function revoked() {
  kiosk = null;
  saveKiosk(exhibitId, kiosk);
  showSetup("x.kiosk.revoked");
}

function showSetup(messageKey = null) {
  clearTimeout(backTimer);
  show("setup");
  setup.show(messageKey);
}

function kioskReady(answer) {
  kiosk = {
    token: answer.access_token,
    kiosk_id: answer.kiosk_id,
    expires_at: Date.now() + (answer.expires_in || 0) * 1000,
    exhibit,
  };
  saveKiosk(exhibitId, kiosk);
  showRate({ focus: true });
  refreshExhibit();
}

const setup = createSetup({
  exhibitId,
  exhibit: () => exhibit,
  hasKiosk: () => Boolean(kiosk),
  onKiosk: kioskReady,
});

// ---- rating ---------------------------------------------------------------------------------

function buildButtons() {
  buttons = RATINGS.map((rating) =>
    el(
      "button",
      { type: "button", class: "k-rate", dataset: { rating }, onclick: () => press(rating) },
      smiley(rating, "smiley k-face"),
      el("span", { class: "k-label" }),
    ),
  );
  $("k-buttons").replaceChildren(...buttons);
}

function drawRate() {
  $("k-title").textContent = exhibit?.title || "";
  $("k-exhibition").textContent = exhibit?.exhibition?.title || "";
  buttons.forEach((button, i) => {
    button.setAttribute("aria-label", ratingName(RATINGS[i]));
    button.querySelector(".k-label").textContent = ratingLabel(RATINGS[i]);
  });
  const status = exhibit?.exhibition?.status;
  const closed = Boolean(status && status !== "open");
  $("k-buttons").hidden = closed;
  $("k-question").hidden = closed;
  $("k-closed").hidden = !closed;
  $("k-closed").textContent = closed ? t(status === "draft" ? "x.notOpenYet" : "x.closed") : "";
}

function showRate({ focus = false } = {}) {
  clearTimeout(backTimer);
  done = null;
  if (!kiosk) return;
  queue ??= createQueue({
    exhibitId,
    token: () => kiosk?.token,
    onRevoked: revoked,
    onChange: drawQueue,
  });
  show("rate");
  drawRate();
  drawQueue(queue.size());
  if (focus) $("k-title").focus();
}

function backToStart() {
  showRate({ focus: true });
}

async function press(rating) {
  if (busy || !queue) return;
  busy = true;
  const pressed = buttons[rating - 1];
  pressed.classList.add("is-pressed");
  for (const button of buttons) button.setAttribute("aria-disabled", "true");
  let outcome;
  try {
    outcome = await queue.press(rating);
  } finally {
    busy = false;
    pressed.classList.remove("is-pressed");
    for (const button of buttons) button.removeAttribute("aria-disabled");
  }
  if (outcome.kind === "revoked") return; // the set-up is shown
  if (outcome.kind === "refused") refreshExhibit();
  const kind = { sent: "thanks", keep: "offline" }[outcome.kind] || outcome.kind;
  showDone({ kind, rating, err: outcome.err });
}

// ---- thank-you ------------------------------------------------------------------------------

const DONE_TEXTS = {
  thanks: ["x.thanks", null],
  offline: ["x.thanks", "x.kiosk.offline"],
  interval: ["x.kiosk.wait", null],
  refused: ["x.kiosk.refused", null],
};

function showDone(next) {
  done = next;
  show("done");
  drawDone();
  $("k-done-h").focus();
  if ($("k-done-note").textContent) announce($("k-done-note").textContent);
  clearTimeout(backTimer);
  backTimer = setTimeout(backToStart, next.kind === "refused" ? BACK_MS * 1.5 : BACK_MS);
}

function drawDone() {
  if (!done) return;
  const [heading, note] = DONE_TEXTS[done.kind];
  $("view-done").dataset.kind = done.kind;
  const thanked = done.kind === "thanks" || done.kind === "offline";
  $("k-done-face").replaceChildren(thanked ? smiley(done.rating, "smiley") : "");
  $("k-done-h").textContent = t(heading);
  // A refusal says why (the service's words); the interval's wait is said calmly, without them.
  $("k-done-note").textContent = note ? t(note) : (done.kind === "refused" && done.err?.localized) || "";
}

function drawQueue(n) {
  const corner = $("k-queue");
  corner.textContent = t("x.kiosk.queue", { n });
  corner.dataset.waiting = String(n > 0);
}

// ---- the exhibit ----------------------------------------------------------------------------

async function refreshExhibit() {
  try {
    exhibit = await api(`/api/exhibitions/exhibits/${encodeURIComponent(exhibitId)}`);
    notice($("page-error"), "");
    if (kiosk) {
      kiosk.exhibit = exhibit;
      saveKiosk(exhibitId, kiosk);
    }
  } catch (err) {
    // Offline: the kiosk goes on with what it knew.
    if (err instanceof ApiError && err.status === 404) notice($("page-error"), t("x.kiosk.unknown"));
  }
  if (!$("view-rate").hidden) drawRate();
  if (!$("view-setup").hidden) setup.draw();
}

function main() {
  mountHeader();
  applyTranslations();
  buildButtons();
  $("k-next").addEventListener("click", backToStart);
  onLanguageChange(() => {
    drawRate();
    drawDone();
    setup.draw();
    if (queue) drawQueue(queue.size());
  });
  if (kiosk) showRate();
  else showSetup();
  refreshExhibit();
  setInterval(() => {
    if ($("view-done").hidden) refreshExhibit();
  }, STATUS_MS);
}

main();
