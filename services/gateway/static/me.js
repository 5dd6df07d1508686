// "Meine Daten" (/me): everything stored tied to this device's pseudonym, from GET /api/me/export
// (DSGVO Art. 15 and 20), shown part by part and saved as exactly the file the API answered.
//
// The device's participant token is read from where api.js keeps it, never minted or renewed
// here (participantApi would do both): a device without one has nothing stored, and a new token
// would be a new pseudonym with nothing behind it, which would make an empty page look like the
// answer. An expired or refused token is said to be one.

import { ApiError, PARTICIPANT_KEY, api } from "./api.js";
import { safePath } from "./footer.js";
import { mountHeader } from "./header.js";
import { applyTranslations, formatDate, onLanguageChange, t } from "./i18n.js";
import { mountErase } from "./me-erase.js";
import { OPTION_TYPES, renderParts } from "./me-sections.js";
import { announce, el } from "./ui.js";

const FILE_NAME = "oecherlab-meine-daten.json";
// Polls whose answers are looked up for their wording; a vote beyond shows its option ids.
const MAX_POLL_LOOKUPS = 50;
const $ = (id) => document.getElementById(id);

// phase: "loading" | "none" | "expired" | "failed" | "shown" | "erased"
const state = { phase: "loading", blob: null, doc: null, labels: new Map(), error: null };

/** {token} of this device when it holds one still valid, else {missing} or {expired}. */
function storedToken() {
  let saved = null;
  try {
    saved = JSON.parse(localStorage.getItem(PARTICIPANT_KEY) || "null");
  } catch {
    // Blocked or broken storage holds no token either.
  }
  if (!saved?.token) return { missing: true };
  if (!(Number(saved.expires_at) > Date.now())) return { expired: true };
  return { token: saved.token };
}

/** The wording of the options of the polls voted on: Map(poll id → Map(option id → label)).
 * Polls are public (GET /api/voting/polls/<id>); one that is gone keeps its ids. */
async function optionLabels(doc) {
  const votes = doc.services?.voting?.votes || [];
  const ids = [...new Set(votes.filter((v) => OPTION_TYPES.has(v.type)).map((v) => v.poll_id))];
  const answers = await Promise.allSettled(
    ids.slice(0, MAX_POLL_LOOKUPS).map((id) => api(`/api/voting/polls/${encodeURIComponent(id)}`)),
  );
  const labels = new Map();
  for (const answer of answers) {
    if (answer.status !== "fulfilled" || !answer.value?.id) continue;
    const options = answer.value.options || [];
    labels.set(answer.value.id, new Map(options.map((o) => [o.id, o.label])));
  }
  return labels;
}

function failureText(err) {
  if (err instanceof ApiError && err.status === 503) return t("me.unavailable");
  return err instanceof ApiError ? err.localized : t("error.server");
}

function render() {
  const phase = state.phase;
  $("me-loading").hidden = phase !== "loading";
  $("me-none").hidden = phase !== "none";
  $("me-expired").hidden = phase !== "expired";
  $("me-failed").hidden = phase !== "failed";
  $("me-failed-text").textContent = phase === "failed" ? failureText(state.error) : "";
  $("me-data").hidden = phase !== "shown";
  $("me-erased").hidden = phase !== "erased";
  if (phase !== "shown") {
    $("me-parts").replaceChildren();
    return;
  }
  $("me-asof").textContent = t("me.asOf", { date: formatDate(state.doc.exported_at) });
  $("me-parts").replaceChildren(...renderParts(state.doc, state.labels));
}

async function load() {
  const found = storedToken();
  if (!found.token) {
    state.phase = found.expired ? "expired" : "none";
    render();
    return;
  }
  const retried = state.phase === "failed";
  state.phase = "loading";
  render();
  try {
    // As a Blob: the download is the API's answer byte for byte, not a copy made from it.
    const blob = await api("/api/me/export", { token: found.token, blob: true });
    const doc = JSON.parse(await blob.text());
    Object.assign(state, { blob, doc, labels: await optionLabels(doc), phase: "shown" });
    render();
    announce(t("me.ready"));
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) state.phase = "expired";
    else Object.assign(state, { phase: "failed", error: err });
    render();
  }
  // The retry button has gone with its notice: keep the keyboard on the page.
  if (retried && state.phase !== "failed") $("h-me").focus();
  else if (retried) $("me-retry").focus();
}

function download() {
  if (!state.blob) return;
  const url = URL.createObjectURL(state.blob);
  const link = el("a", { href: url, download: FILE_NAME, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: the browser may still be reading it when click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  announce(t("me.downloaded", { file: FILE_NAME }));
}

/** A link back to the page that led here (?from=, as on the legal pages: kiosks have no back
 * button). */
function showWayBack() {
  const from = safePath(new URLSearchParams(location.search).get("from"));
  if (!from || from === location.pathname) return;
  $("me-back").href = from;
  $("me-back").parentElement.hidden = false;
}

mountHeader();
applyTranslations();
showWayBack();
$("me-retry").addEventListener("click", () => load());
$("me-download").addEventListener("click", download);
mountErase({
  token: () => storedToken().token,
  onErased: () => {
    Object.assign(state, { phase: "erased", blob: null, doc: null });
    render();
    $("h-me-erased").focus();
  },
});
onLanguageChange(render);
load();
