// The session's own controls on the workshop console: joined / voted (live, from the
// session:<id> channel), the lock toggle (aria-pressed) and the end button (with a confirmation).

import { formatNumber, t } from "./i18n.js";

const $ = (id) => document.getElementById(id);

let state = null; // the last session state drawn (GET /api/voting/sessions/{id} or the channel)
let deps = null; // {staffApi, ok, fail, onChanged}

function count(n) {
  return Number.isInteger(n) ? formatNumber(n) : "–";
}

/** Draw joined / voted, the lock and the end state of `next` (a session state). */
export function drawSessionState(next) {
  if (next) state = next;
  if (!state) return;
  $("count-joined").textContent = count(state.joined);
  $("count-voted").textContent = count(state.voted);
  const ended = state.status === "ended";
  const toggle = $("lock-toggle");
  toggle.setAttribute("aria-pressed", String(Boolean(state.locked)));
  toggle.disabled = ended;
  $("end-session").disabled = ended;
  const status = state.status || "open";
  $("session-state").textContent = t(`w.state.${status}`);
  $("session-state").dataset.status = status;
  $("session-panel").dataset.status = status;
}

async function command(name) {
  const path = `/api/voting/sessions/${encodeURIComponent(state.id)}/${name}`;
  return deps.staffApi(path, { method: "POST" });
}

async function toggleLock() {
  if (!state) return;
  const button = $("lock-toggle");
  button.disabled = true;
  try {
    const next = await command(state.locked ? "unlock" : "lock");
    drawSessionState(next);
    deps.ok(t(next.locked ? "w.done.locked" : "w.done.open"));
    await deps.onChanged();
  } catch (err) {
    deps.fail(err);
  } finally {
    drawSessionState();
  }
}

async function endSession() {
  if (!state || !window.confirm(t("w.endConfirm"))) return;
  try {
    drawSessionState(await command("end"));
    deps.ok(t("w.done.ended"));
    await deps.onChanged();
  } catch (err) {
    deps.fail(err);
  }
}

/** Wire the buttons; `options` gives the console's API call, its messages and a refresh. */
export function mountSessionControls(options) {
  deps = options;
  $("lock-toggle").addEventListener("click", toggleLock);
  $("end-session").addEventListener("click", endSession);
}

/** A word for a session in the list of workshops ("" while it is open). */
export function sessionBadge(session) {
  return session.status && session.status !== "open" ? ` · ${t(`w.list.${session.status}`)}` : "";
}
