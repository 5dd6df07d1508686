// The moderator's workshop console /workshop: sign in, create a workshop, prepare polls of every
// type, open / close / reveal / reset them, move to the next poll, and watch the live result
// (poll:<id>:moderator) before it is revealed; approve word-cloud answers.

import { ApiError, api, loadConfig } from "./api.js";
import { applyTranslations, mountLanguageSwitch, onLanguageChange, t } from "./i18n.js";
import { LiveClient } from "./live.js";
import { announce, el, notice } from "./ui.js";
import { renderResults, votersText } from "./voting-chart.js";
import "./voting-strings.js";

const TOKEN_KEY = "oecherlab.staff";
const $ = (id) => document.getElementById(id);

let token = null;
let live = null;
let session = null; // GET /api/voting/sessions/{id} with polls
let watched = null; // poll id on the live panel
let stopWatch = null;
let lastLive = null;
let stopSession = null;

function staffApi(path, options = {}) {
  return api(path, { ...options, token }).catch((err) => {
    if (err instanceof ApiError && err.status === 401) logout();
    throw err;
  });
}

function fail(err) {
  notice($("page-error"), err.localized || String(err));
}

function ok(message) {
  notice($("page-error"), "");
  notice($("page-ok"), message);
  announce(message);
}

function logout() {
  token = null;
  sessionStorage.removeItem(TOKEN_KEY);
  live?.close();
  live = null;
  $("view-console").hidden = true;
  $("view-login").hidden = false;
}

async function login(event) {
  event.preventDefault();
  try {
    const answer = await api("/api/auth/login", {
      method: "POST",
      body: { username: $("login-user").value, password: $("login-password").value },
    });
    token = answer.access_token;
    sessionStorage.setItem(TOKEN_KEY, token);
    $("login-password").value = "";
    await startConsole();
  } catch (err) {
    fail(err);
  }
}

async function startConsole() {
  $("view-login").hidden = true;
  $("view-console").hidden = false;
  const config = await loadConfig();
  live = new LiveClient(config.ws_url, {
    token,
    onStatus: (s) => {
      $("live-status").textContent = s === "open" ? "" : t(`live.${s}`);
    },
  });
  await loadSessions();
  const wanted = new URLSearchParams(location.search).get("session");
  if (wanted) await openSession(wanted);
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
        ` · ${t("v.c.session.code", { code: s.join_code })} `,
        el("button", { type: "button", class: "btn small secondary", text: t("v.c.session.open"), onclick: () => openSession(s.id) }),
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
  watch(session.current_poll_id);
  // The timer closes polls by itself: follow the session so the list stays true.
  stopSession?.();
  stopSession = live.subscribe(`session:${id}`, () => refresh().catch(() => {}));
}

async function refresh() {
  if (session) {
    session = await staffApi(`/api/voting/sessions/${encodeURIComponent(session.id)}`);
    drawPolls();
  }
}

function drawPolls() {
  const list = $("poll-list");
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
    if (p.status !== "open") buttons.push(act(t("v.c.openPoll"), "open", { cls: "" }));
    if (p.status === "open") buttons.push(act(t("v.c.closePoll"), "close", { cls: "" }));
    if (!p.revealed && p.status !== "draft") buttons.push(act(t("v.c.reveal"), "reveal"));
    if (!current) buttons.push(el("button", { type: "button", class: "btn small secondary", text: t("v.c.show"), onclick: () => next(p.id) }));
    buttons.push(el("button", { type: "button", class: "btn small secondary", text: t("v.c.select"), onclick: () => watch(p.id) }));
    if (p.status !== "draft") buttons.push(act(t("v.c.reset"), "reset", { cls: "danger", confirm: t("v.c.resetConfirm") }));
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
    ok(`${poll.question}: ${t(`v.c.${{ open: "openPoll", close: "closePoll", reveal: "reveal", reset: "reset" }[action]}`)} ✓`);
    await refresh();
    if (action === "open") watch(poll.id);
  } catch (err) {
    fail(err);
  }
}

async function next(pollId) {
  try {
    await staffApi(`/api/voting/sessions/${encodeURIComponent(session.id)}/next`, {
      method: "POST",
      body: pollId ? { poll_id: pollId } : {},
    });
    await refresh();
    watch(session.current_poll_id);
  } catch (err) {
    fail(err);
  }
}

function watch(pollId) {
  if (!pollId || pollId === watched) return;
  stopWatch?.();
  watched = pollId;
  lastLive = null;
  const poll = session.polls.find((p) => p.id === pollId);
  $("live-question").textContent = poll ? poll.question : "";
  $("live-voters").textContent = "";
  $("live-chart").textContent = "";
  stopWatch = live.subscribe(`poll:${pollId}:moderator`, (data) => {
    lastLive = data;
    drawLive();
  });
}

function drawLive() {
  if (!lastLive) return;
  $("live-voters").textContent = `${votersText(lastLive.voters)} · ${t(`v.status.${lastLive.status}`)}`;
  const onWord = (w) =>
    el("button", {
      type: "button",
      class: `btn small ${w.approved ? "secondary" : ""}`,
      text: w.approved ? t("v.c.reject") : t("v.c.approve"),
      "aria-label": `${w.approved ? t("v.c.reject") : t("v.c.approve")}: ${w.word}`,
      onclick: () => moderateWord(w),
    });
  renderResults($("live-chart"), lastLive, lastLive.type === "wordcloud" ? { onWord } : {});
  if (lastLive.type === "wordcloud" && lastLive.pending) {
    $("live-chart").prepend(el("p", { class: "hint", text: t("v.c.pending", { n: lastLive.pending }) }));
  }
}

async function moderateWord(w) {
  try {
    const verdict = w.approved ? "reject" : "approve";
    await staffApi(`/api/voting/polls/${watched}/words/${verdict}`, { method: "POST", body: { words: [w.word] } });
  } catch (err) {
    fail(err);
  }
}

function syncTypeFields() {
  const type = $("p-type").value;
  for (const box of document.querySelectorAll(".v-type-fields")) {
    box.hidden = !box.dataset.for.split(" ").includes(type);
  }
}

function numberOrNull(id) {
  const v = $(id).value.trim();
  return v === "" ? null : Number(v);
}

async function createPoll(event) {
  event.preventDefault();
  const type = $("p-type").value;
  const settings = {
    results: $("p-results").value,
    allow_change: $("p-allow-change").checked,
  };
  const timer = numberOrNull("p-timer");
  if (timer) settings.timer_s = timer;
  const body = { question: $("p-question").value.trim(), type, settings };
  if (["single", "multiple", "points", "ranking"].includes(type)) {
    body.options = $("p-options")
      .value.split("\n")
      .map((s) => s.trim())
      .filter(Boolean);
  }
  if (type === "multiple" && numberOrNull("p-max-choices")) settings.max_choices = numberOrNull("p-max-choices");
  if (type === "scale") {
    Object.assign(settings, {
      min: numberOrNull("p-min") ?? 1,
      max: numberOrNull("p-max") ?? 5,
      min_label: $("p-min-label").value.trim(),
      max_label: $("p-max-label").value.trim(),
    });
  }
  if (type === "points") settings.budget = numberOrNull("p-budget") ?? 10;
  try {
    await staffApi(`/api/voting/sessions/${encodeURIComponent(session.id)}/polls`, { method: "POST", body });
    $("poll-error").textContent = "";
    $("p-question").value = "";
    $("p-options").value = "";
    ok(t("v.c.created"));
    await refresh();
  } catch (err) {
    const fields = err.fieldErrors || {};
    $("poll-error").textContent = Object.values(fields)[0] || err.localized || String(err);
  }
}

async function main() {
  mountLanguageSwitch();
  applyTranslations();
  onLanguageChange(() => {
    if (session) drawPolls();
    drawLive();
  });
  $("login-form").addEventListener("submit", login);
  $("logout").addEventListener("click", logout);
  $("session-form").addEventListener("submit", createSession);
  $("poll-form").addEventListener("submit", createPoll);
  $("next-poll").addEventListener("click", () => next(null));
  $("p-type").addEventListener("change", syncTypeFields);
  syncTypeFields();
  token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) {
    $("view-login").hidden = false;
    return;
  }
  try {
    await startConsole();
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 401)) fail(err);
  }
}

main();
