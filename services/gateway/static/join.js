// The phone in a workshop: join by code (or ?code= from the QR), follow session:<id> live, vote on
// the current poll with big touch targets, see a confirmation after 202 and the result once it is
// shown. The token bound to the workshop stays on this device, so a reload keeps the pseudonym.

import { ApiError, api, loadConfig, participantToken, proofOfWork } from "./api.js";
import { mountHeader } from "./header.js";
import { applyTranslations, onLanguageChange, t } from "./i18n.js";
import { LiveClient } from "./live.js";
import { announce, el, notice } from "./ui.js";
import { choiceText, renderResults, votersText } from "./voting-chart.js";
import { pollForm } from "./voting-forms.js";

const STORE_KEY = "oecherlab.workshop";
const $ = (id) => document.getElementById(id);

let joined = null; // {token, expires_at, session_id, title, code}
let live = null;
let session = null; // the session:<id> state
let drawnKey = null;
let resultStop = null;
let resultChannel = null;
let lastResult = null;
let timer = null;
const myVotes = new Map(); // "<poll>:<round>" → choice

function saved() {
  try {
    const s = JSON.parse(localStorage.getItem(STORE_KEY) || "null");
    if (s?.token && s.expires_at > Date.now() + 60_000) return s;
  } catch {
    // Storage blocked or broken: join again.
  }
  return null;
}

function remember(value) {
  try {
    if (value) localStorage.setItem(STORE_KEY, JSON.stringify(value));
    else localStorage.removeItem(STORE_KEY);
  } catch {
    // Kept for this page only.
  }
}

function showJoin(message = "") {
  $("view-poll").hidden = true;
  $("view-join").hidden = false;
  $("join-error").textContent = message;
  $("join-code").setAttribute("aria-invalid", String(Boolean(message)));
}

async function join(code) {
  const clean = code.replace(/\s+/g, "").toUpperCase();
  if (!clean) {
    showJoin(t("v.pickOne"));
    return;
  }
  const button = $("join-submit");
  button.disabled = true;
  button.textContent = t("v.join.busy");
  try {
    // Sending this device's participant token keeps its pseudonym across workshops. A device
    // without one solves both proofs of work at once.
    const [earlier, altcha] = await Promise.all([
      participantToken().catch(() => null),
      proofOfWork(),
    ]);
    const answer = await api("/api/auth/participant", {
      method: "POST",
      body: { join_code: clean, altcha },
      token: earlier,
    });
    joined = {
      token: answer.access_token,
      expires_at: Date.now() + answer.expires_in * 1000,
      session_id: answer.session.session_id,
      title: answer.session.title,
      code: clean,
    };
    remember(joined);
    history.replaceState(null, "", "/join");
    await enter();
  } catch (err) {
    const message = err instanceof ApiError && err.status === 404 ? t("v.join.unknown") : err.localized || String(err);
    showJoin(message);
    $("join-code").focus();
  } finally {
    button.disabled = false;
    button.textContent = t("v.join.submit");
  }
}

async function enter() {
  $("view-join").hidden = true;
  $("view-poll").hidden = false;
  $("h-session").textContent = t("v.joined", { title: joined.title });
  const config = await loadConfig();
  live?.close();
  live = new LiveClient(config.ws_url, {
    onStatus: (s) => {
      $("live-status").textContent = s === "open" ? "" : t(`live.${s}`);
    },
  });
  onSession(await api(`/api/voting/sessions/${encodeURIComponent(joined.session_id)}`));
  live.subscribe(`session:${joined.session_id}`, onSession);
}

function onSession(state) {
  session = state;
  const poll = state.poll;
  const key = poll ? `${poll.id}:${poll.round}:${poll.status}:${poll.results_visible}` : "none";
  if (key === drawnKey) return;
  const pollChanged = !drawnKey || drawnKey.split(":")[0] !== (poll?.id ?? "none");
  drawnKey = key;
  drawPoll(poll, pollChanged);
  followResults(poll);
}

// Each drawing has a number: one that waited for the network while a newer state arrived gives
// way, or the phone would show the newer drawing and then the older one's form below it.
let drawing = 0;

async function drawPoll(poll, pollChanged) {
  const mine = ++drawing;
  const area = $("poll-area");
  clearInterval(timer);
  area.textContent = "";
  if (!poll) {
    area.append(el("p", { class: "v-wait", text: t("v.wait") }));
    return;
  }
  area.append(el("h2", { class: "v-question", id: "poll-q", text: poll.question }));
  if (poll.status === "draft") {
    area.append(el("p", { class: "v-wait", text: t("v.waitNext") }));
    return;
  }
  const key = `${poll.id}:${poll.round}`;
  if (pollChanged && poll.status === "open" && !myVotes.has(key)) await loadMyVote(poll);
  if (mine !== drawing) return;
  if (poll.status !== "open") {
    area.append(el("p", { class: "v-closed", text: t("v.closed") }));
    if (myVotes.has(key)) area.append(el("p", { text: t("v.yourVote", { choice: choiceText(poll, myVotes.get(key)) }) }));
    return;
  }
  if (myVotes.has(key)) drawThanks(area, poll);
  else drawForm(area, poll);
  startTimer(area, poll);
  if (pollChanged) announce(poll.question);
}

async function loadMyVote(poll) {
  try {
    const mine = await api(`/api/voting/polls/${poll.id}/votes/mine`, { token: joined.token });
    myVotes.set(`${poll.id}:${poll.round}`, mine.choice);
  } catch {
    // No vote yet (404) or offline: the form is shown.
  }
}

function drawThanks(area, poll) {
  const choice = myVotes.get(`${poll.id}:${poll.round}`);
  const box = el(
    "div",
    { class: "notice success v-thanks", tabindex: "-1", id: "thanks" },
    el("p", { class: "v-thanks-big", text: `✓ ${t("v.thanks")}` }),
    el("p", { text: t("v.yourVote", { choice: choiceText(poll, choice) }) }),
  );
  area.append(box);
  if (poll.settings.allow_change) {
    area.append(el("p", { class: "hint", text: t("v.changeHint") }));
    area.append(
      el("button", {
        type: "button",
        class: "btn secondary block v-big",
        text: t("v.voteAgain"),
        onclick: () => {
          myVotes.delete(`${poll.id}:${poll.round}`);
          drawnKey = null;
          onSession(session);
        },
      }),
    );
  }
}

function drawForm(area, poll) {
  const form = pollForm(poll, myVotes.get(`${poll.id}:${poll.round}`));
  const error = el("p", { class: "error-text", id: "vote-error", "aria-live": "polite" });
  const submit = el("button", { type: "submit", class: "btn block v-big", text: t("v.vote") });
  const node = el("form", { class: "v-vote-form", novalidate: true, "aria-labelledby": "poll-q" }, form.node, error, submit);
  node.addEventListener("submit", async (event) => {
    event.preventDefault();
    const [choice, problem] = form.choice();
    error.textContent = problem || "";
    if (problem) return;
    submit.disabled = true;
    submit.textContent = t("page.sending");
    try {
      await api(`/api/voting/polls/${poll.id}/votes`, { method: "POST", body: { choice }, token: joined.token });
      myVotes.set(`${poll.id}:${poll.round}`, choice);
      area.textContent = "";
      area.append(el("h2", { class: "v-question", id: "poll-q", text: poll.question }));
      drawThanks(area, poll);
      startTimer(area, poll);
      announce(t("v.thanks"));
      $("thanks")?.focus();
    } catch (err) {
      if (err instanceof ApiError && (err.status === 401 || err.code === "not-in-session")) {
        remember(null);
        showJoin(err.localized);
        return;
      }
      error.textContent = err.localized || String(err);
    } finally {
      submit.disabled = false;
      submit.textContent = t("v.vote");
    }
  });
  area.append(node);
}

function startTimer(area, poll) {
  clearInterval(timer);
  if (!poll.closes_at) return;
  const line = el("p", { class: "v-timer" });
  area.prepend(line);
  const tick = () => {
    const s = Math.max(0, Math.round((Date.parse(poll.closes_at) - Date.now()) / 1000));
    line.textContent = t("v.timeLeft", { n: s });
    if (s === 0) clearInterval(timer);
  };
  tick();
  timer = setInterval(tick, 1000);
}

function followResults(poll) {
  const channel = poll && poll.results_visible && poll.status !== "draft" ? `poll:${poll.id}` : null;
  if (channel === resultChannel) return;
  resultStop?.();
  resultStop = null;
  resultChannel = channel;
  lastResult = null;
  $("result-area").hidden = true;
  if (!channel) return;
  resultStop = live.subscribe(channel, (data) => {
    lastResult = data;
    drawResult();
  });
}

function drawResult() {
  if (!lastResult) return;
  $("result-area").hidden = false;
  $("result-voters").textContent = votersText(lastResult.voters);
  renderResults($("result-chart"), lastResult);
}

async function main() {
  mountHeader();
  applyTranslations();
  onLanguageChange(() => {
    if (joined) $("h-session").textContent = t("v.joined", { title: joined.title });
    drawnKey = null;
    if (session) onSession(session);
    drawResult();
  });
  $("join-form").addEventListener("submit", (event) => {
    event.preventDefault();
    join($("join-code").value);
  });
  $("leave").addEventListener("click", () => {
    live?.close();
    live = null;
    remember(null);
    joined = null;
    drawnKey = null;
    resultChannel = null;
    showJoin();
    $("join-code").focus();
  });
  const code = new URLSearchParams(location.search).get("code");
  joined = saved();
  try {
    if (code && (!joined || joined.code !== code.toUpperCase())) {
      $("join-code").value = code;
      await join(code);
    } else if (joined) {
      await enter();
    } else {
      showJoin();
    }
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      remember(null); // the workshop is gone
      showJoin();
      return;
    }
    notice($("page-error"), err.localized || String(err));
  }
}

main();
