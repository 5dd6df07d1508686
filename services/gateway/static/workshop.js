// The moderator's workshop console /workshop, behind the staff sign-in (staff.js): create a
// workshop, prepare polls of every type, open / close / reveal / reset them, move to the next
// poll, and watch the live result (poll:<id>:moderator) before it is revealed; approve word-cloud
// answers; see joined / voted, lock joining and end the workshop (workshop-session.js).

import { ApiError, loadConfig } from "./api.js";
import { mountHeader } from "./header.js";
import { applyTranslations, onLanguageChange, t } from "./i18n.js";
import { LiveClient } from "./live.js";
import { mountStaffSignIn } from "./staff.js";
import { announce, el, notice } from "./ui.js";
import { drawLive, mountLivePanel, unwatch, watch } from "./workshop-live.js";
import { mountPollForm } from "./workshop-poll-form.js";
import { drawSessionState, mountSessionControls, sessionBadge } from "./workshop-session.js";

const $ = (id) => document.getElementById(id);
// The label of each poll action, as the moderator's confirmation repeats it.
const ACTION_LABELS = { open: "v.c.open", close: "v.c.close", reveal: "v.c.reveal", reset: "v.c.reset" };

let staff = null;
let live = null;
let session = null; // GET /api/voting/sessions/{id} with polls
let stopSession = null;
let pollKey = null; // what of the session's state the poll list shows

function staffApi(path, options) {
  return staff.call(path, options);
}

function fail(err) {
  notice($("page-error"), err.localized || String(err));
}

function ok(message) {
  notice($("page-error"), "");
  notice($("page-ok"), message);
  announce(message);
}

async function startConsole(signedIn, { fresh }) {
  $("view-console").hidden = false;
  if (fresh) ok(t("staff.welcome", { name: signedIn.username }));
  try {
    const config = await loadConfig();
    live?.close();
    live = new LiveClient(config.ws_url, {
      token: staff.token(),
      onStatus: (s) => {
        $("live-status").textContent = s === "open" ? "" : t(`live.${s}`);
      },
    });
    await loadSessions();
    const wanted = new URLSearchParams(location.search).get("session");
    if (wanted) await openSession(wanted);
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 401)) fail(err);
  }
}

function stopConsole() {
  unwatch();
  live?.close();
  live = null;
  stopSession = null;
  session = null;
  $("view-console").hidden = true;
  $("session-panel").hidden = true;
  $("session-list").textContent = "";
  $("live-status").textContent = "";
  notice($("page-ok"), "");
  notice($("page-error"), "");
}

async function loadSessions() {
  const { items } = await staffApi("/api/voting/sessions");
  const list = $("session-list");
  list.textContent = "";
  if (!items.length) list.append(el("li", { class: "muted", text: t("v.c.session.none") }));
  for (const s of items) {
    list.append(
      el(
        "li",
        { class: "v-poll-item" },
        el("strong", { text: s.title }),
        ` · ${t("v.c.session.code", { code: s.join_code })}${sessionBadge(s)} `,
        el("button", { type: "button", class: "btn small secondary", text: t("v.c.open"), onclick: () => openSession(s.id) }),
      ),
    );
  }
}

async function createSession(event) {
  event.preventDefault();
  try {
    const s = await staffApi("/api/voting/sessions", { method: "POST", body: { title: $("session-title").value.trim() } });
    $("session-title").value = "";
    await loadSessions();
    await openSession(s.id);
  } catch (err) {
    fail(err);
  }
}

async function openSession(id) {
  session = await staffApi(`/api/voting/sessions/${encodeURIComponent(id)}`);
  history.replaceState(null, "", `/workshop?session=${encodeURIComponent(id)}`);
  $("session-panel").hidden = false;
  $("h-session").textContent = session.title;
  $("session-code").textContent = session.join_code;
  $("join-url").textContent = session.join_url;
  $("screen-link").href = `/screen/session/${encodeURIComponent(id)}`;
  $("session-qr").src = `/api/voting/sessions/${encodeURIComponent(id)}/qr.svg`;
  $("session-qr").alt = t("v.screen.qrAlt", { url: session.join_url });
  drawPolls();
  drawSessionState(session);
  pollKey = pollsKey(session);
  watchPoll(session.current_poll_id);
  // Joins, votes and the timer change the session by themselves: follow it. The counts come with
  // every state; the poll list is fetched again only when what it shows changed.
  stopSession?.();
  stopSession = live.subscribe(`session:${id}`, (state) => {
    drawSessionState(state);
    if (pollsKey(state) !== pollKey) refresh().catch(() => {});
  });
}

function pollsKey(state) {
  const p = state.poll;
  return [state.status, state.current_poll_id, p?.status, p?.revealed, p?.round].join("|");
}

async function refresh() {
  if (session) {
    session = await staffApi(`/api/voting/sessions/${encodeURIComponent(session.id)}`);
    pollKey = pollsKey(session);
    drawPolls();
    drawSessionState(session);
  }
}

function watchPoll(pollId) {
  if (pollId) watch(session.polls.find((p) => p.id === pollId) || { id: pollId });
}

function drawPolls() {
  const list = $("poll-list");
  const ended = session.status === "ended";
  $("poll-form").hidden = ended;
  $("next-poll").hidden = ended;
  list.textContent = "";
  if (!session.polls.length) list.append(el("li", { class: "muted", text: t("v.c.polls.none") }));
  for (const p of session.polls) {
    const current = p.id === session.current_poll_id;
    const act = (label, action, { cls = "secondary", confirm: question } = {}) =>
      el("button", {
        type: "button",
        class: `btn small ${cls}`,
        text: label,
        onclick: () => control(p, action, question),
      });
    const buttons = [];
    if (p.status !== "open" && !ended) buttons.push(act(t("v.c.open"), "open", { cls: "" }));
    if (p.status === "open") buttons.push(act(t("v.c.close"), "close", { cls: "" }));
    if (!p.revealed && p.status !== "draft") buttons.push(act(t("v.c.reveal"), "reveal"));
    if (!current && !ended) buttons.push(el("button", { type: "button", class: "btn small secondary", text: t("v.c.show"), onclick: () => next(p.id) }));
    buttons.push(el("button", { type: "button", class: "btn small secondary", text: t("v.c.select"), onclick: () => watch(p) }));
    if (p.status !== "draft" && !ended) buttons.push(act(t("v.c.reset"), "reset", { cls: "danger", confirm: t("v.c.resetConfirm") }));
    list.append(
      el(
        "li",
        { class: "v-poll-item", "aria-current": current ? "true" : null },
        el("h4", { text: p.question }),
        el(
          "p",
          { class: "meta" },
          `${t(`v.type.${p.type}`)} · ${t(`v.status.${p.status}`)}`,
          p.revealed ? ` · ${t("v.c.results.live")}` : "",
          current ? ` · ${t("v.c.current")}` : "",
        ),
        el("div", { class: "actions" }, buttons),
      ),
    );
  }
}

async function control(poll, action, question) {
  if (question && !window.confirm(question)) return;
  try {
    const body = action === "reset" ? { confirm: true } : undefined;
    await staffApi(`/api/voting/polls/${poll.id}/${action}`, { method: "POST", body });
    ok(`${poll.question}: ${t(ACTION_LABELS[action])} ✓`);
    await refresh();
    if (action === "open") watch(poll);
  } catch (err) {
    fail(err);
  }
}

// "Nächste Frage" closes the open poll and opens the next one (the room answers one question at
// a time); "Zeigen" on a poll of the list shows it, waiting, and closes the open one too.
async function next(pollId) {
  try {
    await staffApi(`/api/voting/sessions/${encodeURIComponent(session.id)}/next`, {
      method: "POST",
      body: pollId ? { poll_id: pollId } : { open: true },
    });
    await refresh();
    watchPoll(session.current_poll_id);
  } catch (err) {
    fail(err);
  }
}

function main() {
  mountHeader();
  applyTranslations();
  onLanguageChange(() => {
    if (session) drawPolls();
    drawLive();
    drawSessionState();
  });
  $("session-form").addEventListener("submit", createSession);
  $("next-poll").addEventListener("click", () => next(null));
  mountLivePanel({ live: () => live, staffApi, fail });
  mountPollForm({ staffApi, sessionId: () => session.id, ok, refresh });
  const changed = () => Promise.all([loadSessions(), refresh()]);
  mountSessionControls({ staffApi, ok, fail, onChanged: changed });
  staff = mountStaffSignIn({ onSignedIn: startConsole, onSignedOut: stopConsole });
}

main();
